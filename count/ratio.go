package count

import (
	"fmt"
	"strconv"
	"strings"
)

// Ratio is an exact fraction such as 4/5, 1/3 or 20 %. Every rule that a law
// states as a fraction is kept as one, so that "more than half of B" is the
// integer test 2v > B and never a rounded float.
type Ratio struct {
	Num int64 `json:"num"`
	Den int64 `json:"den"`
}

// R returns the ratio num/den in lowest terms.
func R(num, den int64) Ratio {
	if den < 0 {
		num, den = -num, -den
	}
	g := gcd(abs64(num), den)
	if g > 1 {
		num, den = num/g, den/g
	}
	return Ratio{num, den}
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func abs64(a int64) int64 {
	if a < 0 {
		return -a
	}
	return a
}

// ParseRatio reads "4/5", "20%", "0.4", "1/3" or "1". It refuses negative
// values and a zero denominator.
func ParseRatio(s string) (Ratio, error) {
	t := strings.TrimSpace(s)
	bad := func() (Ratio, error) {
		return Ratio{}, fmt.Errorf("%q is not a fraction: write it as 1/2, 4/5, 20%% or 0.4", s)
	}
	if t == "" {
		return bad()
	}
	if p, ok := strings.CutSuffix(t, "%"); ok {
		r, err := ParseRatio(strings.TrimSpace(p))
		if err != nil {
			return bad()
		}
		if r.Den != 1 {
			return Ratio{r.Num, r.Den * 100}, nil
		}
		return Ratio{r.Num, 100}, nil
	}
	if n, d, ok := strings.Cut(t, "/"); ok {
		a, err1 := strconv.ParseInt(strings.TrimSpace(n), 10, 64)
		b, err2 := strconv.ParseInt(strings.TrimSpace(d), 10, 64)
		if err1 != nil || err2 != nil || a < 0 || b <= 0 {
			return bad()
		}
		return Ratio{a, b}, nil
	}
	whole, frac, _ := strings.Cut(t, ".")
	if whole == "" {
		whole = "0"
	}
	if len(frac) > 9 {
		return bad()
	}
	digits := whole + frac
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n < 0 {
		return bad()
	}
	den := int64(1)
	for range frac {
		den *= 10
	}
	return Ratio{n, den}, nil
}

// IsZero reports whether the ratio is unset.
func (r Ratio) IsZero() bool { return r.Den == 0 }

// String writes the ratio the way it was written: 20% stays 20%, 4/5 stays
// 4/5 and 0.4 stays 0.4, so a result quotes the rule in the election's words.
func (r Ratio) String() string {
	switch {
	case r.Den == 0:
		return ""
	case r.Den == 1:
		return strconv.FormatInt(r.Num, 10)
	case r.Den == 100:
		return strconv.FormatInt(r.Num, 10) + "%"
	}
	if d := r.Den; d%10 == 0 {
		places := 0
		for d%10 == 0 {
			d /= 10
			places++
		}
		if d == 1 {
			s := fmt.Sprintf("%0*d", places+1, r.Num)
			return s[:len(s)-places] + "." + s[len(s)-places:]
		}
	}
	return fmt.Sprintf("%d/%d", r.Num, r.Den)
}

// MarshalText writes the ratio as String does, so JSON shows "4/5" or "20%".
func (r Ratio) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads what ParseRatio reads.
func (r *Ratio) UnmarshalText(b []byte) error {
	v, err := ParseRatio(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// CeilOf returns ceil(n × r), the "进一法" rounding used for margins and
// narrowing ratios.
func (r Ratio) CeilOf(n int) int {
	p := int64(n) * r.Num
	return int((p + r.Den - 1) / r.Den)
}

// Compare says whether a threshold is strict ("more than") or not ("at least").
type Compare int

// The comparisons a threshold can use. The zero value means "not set".
const (
	CompareNone Compare = iota
	MoreThan
	AtLeast
)

func (c Compare) String() string { return nameOf(compareNames, int(c)) }

// Holds reports whether v meets fraction r of base under comparison c, in
// integers: MoreThan 1/2 is 2v > base, AtLeast 1/3 is 3v >= base.
func (c Compare) Holds(v int, r Ratio, base int) bool {
	lhs := int64(v) * r.Den
	rhs := int64(base) * r.Num
	switch c {
	case MoreThan:
		return lhs > rhs
	case AtLeast:
		return lhs >= rhs
	}
	return true
}

// Need returns the least whole v for which Holds(v, r, base) is true.
func (c Compare) Need(r Ratio, base int) int {
	p := int64(base) * r.Num
	switch c {
	case MoreThan:
		return int(p/r.Den) + 1
	case AtLeast:
		return int((p + r.Den - 1) / r.Den)
	}
	return 0
}
