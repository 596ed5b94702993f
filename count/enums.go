package count

import "fmt"

// parseName finds text among an enum's names, so that every enum that
// marshals to its code reads back from it: a result document written by
// one version of the program can be read by another.
func parseName(kind string, names []string, text []byte) (int, error) {
	for i, n := range names {
		if n == string(text) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("unknown %s %q%s", kind, text, suggest(string(text), names))
}

func unmarshalEnum[T ~int](dst *T, kind string, names []string, text []byte) error {
	i, err := parseName(kind, names, text)
	if err == nil {
		*dst = T(i)
	}
	return err
}

// UnmarshalText reads a preset's name.
func (p *Preset) UnmarshalText(b []byte) error { return unmarshalEnum(p, "preset", presetNames, b) }

// UnmarshalText reads a ballot kind's name.
func (k *BallotKind) UnmarshalText(b []byte) error {
	return unmarshalEnum(k, "ballot kind", ballotKindNames, b)
}

// UnmarshalText reads a reason's code.
func (r *Reason) UnmarshalText(b []byte) error { return unmarshalEnum(r, "reason", reasonNames, b) }

// UnmarshalText reads a round kind's code.
func (k *RoundKind) UnmarshalText(b []byte) error {
	return unmarshalEnum(k, "round kind", roundKindNames, b)
}

// UnmarshalText reads a verdict's code.
func (v *Verdict) UnmarshalText(b []byte) error { return unmarshalEnum(v, "verdict", verdictNames, b) }

// UnmarshalText reads a comparison's code.
func (c *Compare) UnmarshalText(b []byte) error {
	return unmarshalEnum(c, "comparison", compareNames, b)
}

// UnmarshalText reads a base's code.
func (b *Base) UnmarshalText(t []byte) error { return unmarshalEnum(b, "base", baseNames, t) }

// UnmarshalText reads a status code.
func (s *Status) UnmarshalText(b []byte) error { return unmarshalEnum(s, "status", statusNames, b) }

// UnmarshalText reads a reason code.
func (w *Why) UnmarshalText(b []byte) error { return unmarshalEnum(w, "reason", whyNames, b) }

// UnmarshalText reads a step's code.
func (s *StepKind) UnmarshalText(b []byte) error { return unmarshalEnum(s, "step", stepNames, b) }

// nameOf returns names[i], or "unknown(i)" for a value out of range, so a
// corrupt value prints as such rather than crashing the program.
func nameOf(names []string, i int) string {
	if i < 0 || i >= len(names) {
		return fmt.Sprintf("unknown(%d)", i)
	}
	return names[i]
}
