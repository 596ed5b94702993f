package nist

import (
	"slices"

	"tally/count"
)

// A paper as the count reads it. The rules here follow count's tally
// (countBallot, countMarks, writeInsOf) step for step, so that a cast vote
// record says for every mark whether it gave a vote; TestCVRRecount holds
// the two together by recounting every export against its result.

// sectionReading is one office's section of a paper, as counted.
type sectionReading struct {
	// Invalid is the section's reason, or the paper's when the whole paper
	// is void; ReasonNone for a valid section.
	Invalid count.Reason
	// Paper: the reason is the whole paper's, not this section's alone.
	Paper bool
	// Blank: a valid section with no mark at all.
	Blank bool
	// Written are the names written on the section, marked ones first,
	// each occurrence as the paper shows it.
	Written []writtenName
}

// writtenName is one name written on a section (另选他人).
type writtenName struct {
	Name string
	// Marked: written with a for-mark beside it.
	Marked bool
	// Counts: the count takes it as a for-vote (for a listed candidate
	// when Listed ≥ 0, else for the written name).
	Counts bool
	// Listed is the name's place on the section's list, or -1.
	Listed int
	// Why a name that does not count is set aside: "unmarked" (an unmarked
	// name where write_in_unmarked_for is false), "repeated" (the same name
	// written again), "write-in-rule" (beyond what the write_ins setting
	// lets count), "already-marked" (a listed name the paper also marks).
	Why string
}

// readPaper reads a marked or choice paper as the count does.
func readPaper(e *count.Election, spec *count.Round, b *count.Ballot) []sectionReading {
	n := len(spec.Sections)
	out := make([]sectionReading, n)
	forNames := make([][]string, n)
	for i := range n {
		forNames[i] = forWritten(e, &b.Sections[i])
	}
	paper := b.Invalid
	if paper == count.ReasonNone && n > 1 && e.Settings.TwoOfficesVoid {
		named := map[string]bool{}
		for i, s := range spec.Sections {
			names := slices.Clone(forNames[i])
			for _, c := range b.Sections[i].For {
				names = append(names, s.Candidates[c])
			}
			for _, name := range names {
				if named[name] {
					paper = count.ReasonTwoOffices
				}
				named[name] = true
			}
		}
	}
	for i, s := range spec.Sections {
		m := &b.Sections[i]
		r := &out[i]
		switch {
		case paper != count.ReasonNone:
			r.Invalid, r.Paper = paper, true
		case m.Invalid != count.ReasonNone:
			r.Invalid = m.Invalid
		case len(m.For)+len(forNames[i]) > s.MaxFor:
			r.Invalid = count.ReasonOverVote
		}
		r.Blank = r.Invalid == count.ReasonNone && len(m.For) == 0 && len(m.Against) == 0 && len(forNames[i]) == 0
		r.Written = readWritten(e, &s, m, forNames[i], r.Invalid == count.ReasonNone)
	}
	return out
}

// forWritten returns the written names that stand as for-names: the marked
// ones, and the unmarked ones where an unmarked name counts as for, each
// name once.
func forWritten(e *count.Election, m *count.Marks) []string {
	var out []string
	add := func(names []string) {
		for _, n := range names {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	add(m.WriteIns)
	if e.Settings.WriteInUnmarked {
		add(m.Unmarked)
	}
	return out
}

// readWritten says of each written name whether it counts. On an invalid
// section nothing counts, but the names are still read as on the paper.
func readWritten(e *count.Election, s *count.Section, m *count.Marks, forNames []string, valid bool) []writtenName {
	allowed := len(forNames)
	switch e.Settings.WriteIns {
	case count.WriteInReplaceAgainst:
		allowed = min(allowed, len(m.Against))
	case count.WriteInRefused:
		allowed = 0
	}
	// What each for-name does, by name, as countMarks decides it.
	type verdict struct {
		counts bool
		why    string
	}
	verdicts := map[string]verdict{}
	var listedIn []int
	for k, n := range forNames {
		c := slices.Index(s.Candidates, n)
		switch {
		case k >= allowed:
			verdicts[n] = verdict{false, "write-in-rule"}
		case c >= 0 && (slices.Contains(m.For, c) || slices.Contains(m.Against, c) || slices.Contains(listedIn, c)):
			verdicts[n] = verdict{false, "already-marked"}
		default:
			if c >= 0 {
				listedIn = append(listedIn, c)
			}
			verdicts[n] = verdict{true, ""}
		}
	}
	var out []writtenName
	seen := map[string]bool{}
	add := func(n string, marked bool) {
		w := writtenName{Name: n, Marked: marked, Listed: slices.Index(s.Candidates, n)}
		switch {
		case !marked && !e.Settings.WriteInUnmarked:
			w.Why = "unmarked"
		case seen[n]:
			w.Why = "repeated"
		default:
			seen[n] = true
			v := verdicts[n]
			w.Counts, w.Why = v.counts && valid, v.why
		}
		out = append(out, w)
	}
	for _, n := range m.WriteIns {
		add(n, true)
	}
	for _, n := range m.Unmarked {
		add(n, false)
	}
	return out
}

// readRanked reads a ranked paper: only whether each section stands.
func readRanked(spec *count.Round, b *count.Ballot) []sectionReading {
	out := make([]sectionReading, len(spec.Sections))
	for i := range spec.Sections {
		m := &b.Sections[i]
		switch {
		case b.Invalid != count.ReasonNone:
			out[i].Invalid, out[i].Paper = b.Invalid, true
		case m.Invalid != count.ReasonNone:
			out[i].Invalid = m.Invalid
		}
		blank := true
		for _, r := range m.Ranks {
			blank = blank && len(r) == 0
		}
		out[i].Blank = out[i].Invalid == count.ReasonNone && blank
	}
	return out
}
