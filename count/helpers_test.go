package count

import (
	"sort"
	"testing"
)

// vote is a candidate's for-votes in a round, for spread.
type vote struct {
	name string
	n    int
}

// spread makes n ballots for office, round, carrying exactly the given
// for-votes, each candidate's votes on distinct ballots, the ballots kept as
// even as possible (so none carries more marks than it must).
func spread(office string, round, n int, votes ...vote) []BallotRecord {
	recs := make([]BallotRecord, n)
	for i := range recs {
		recs[i] = BallotRecord{Office: office, Round: round, Number: i + 1, Origin: "test"}
	}
	sorted := append([]vote(nil), votes...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].n > sorted[j].n })
	for _, v := range sorted {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return len(recs[idx[a]].For) < len(recs[idx[b]].For) })
		for _, i := range idx[:v.n] {
			recs[i].For = append(recs[i].For, v.name)
		}
	}
	return recs
}

// renumber gives records the numbers 1..n in order.
func renumber(recs []BallotRecord) []BallotRecord {
	for i := range recs {
		recs[i].Number = i + 1
	}
	return recs
}

func invalid(office string, round, n int, r Reason) []BallotRecord {
	recs := make([]BallotRecord, n)
	for i := range recs {
		recs[i] = BallotRecord{Office: office, Round: round, Invalid: r, Origin: "test"}
	}
	return recs
}

func election(p Preset, offices ...Office) *Election {
	return &Election{Title: "test", Preset: p, Settings: PresetSettings(p), Ballot: BallotMarked, Offices: offices}
}

func tabulate(t *testing.T, e *Election, recs ...[]BallotRecord) []*Result {
	t.Helper()
	var all []BallotRecord
	for _, r := range recs {
		all = append(all, r...)
	}
	if errs := e.Validate(); len(errs) > 0 {
		t.Fatalf("election does not validate: %v", errs)
	}
	res, err := Tabulate(e, all)
	if err != nil {
		t.Fatalf("Tabulate: %v", err)
	}
	return res
}

func section(t *testing.T, r *Result, office string) *SectionResult {
	t.Helper()
	for i := range r.Sections {
		if r.Sections[i].Office == office {
			return &r.Sections[i]
		}
	}
	t.Fatalf("no section %q in %s round %d", office, r.Contest, r.Round)
	return nil
}

func cand(t *testing.T, s *SectionResult, name string) CandidateResult {
	t.Helper()
	for _, c := range s.Candidates {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no candidate %q in %s", name, s.Office)
	return CandidateResult{}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
