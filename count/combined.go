package count

import "sort"

// combine decides the sections of a combined paper top down: a person's
// total for an office adds their votes in its column and every higher one,
// and a person elected (or tied) higher up leaves the lower offices.
func (e *Election) combine(r *Round, tallies []*sectionTally, res *Result, log ruleLog) error {
	taken := map[string]Why{}
	listed := map[string]bool{}
	for i := range res.Sections {
		sr := &res.Sections[i]
		sr.Combined = true
		var names []string
		seen := map[string]bool{}
		for j := 0; j <= i; j++ {
			for _, n := range r.Sections[j].Candidates {
				listed[n] = true
				if !seen[n] {
					seen[n] = true
					names = append(names, n)
				}
			}
		}
		var written []string
		for j := 0; j <= i; j++ {
			for n := range tallies[j].byName {
				if !seen[n] {
					seen[n] = true
					written = append(written, n)
				}
			}
		}
		sort.Strings(written)
		names = append(names, written...)

		own := map[string]CandidateResult{}
		for _, c := range sr.Candidates {
			own[c.Name] = c
		}
		var cands, held []CandidateResult
		for _, n := range names {
			c, ok := own[n]
			if !ok || c.WriteIn && listed[n] {
				c = CandidateResult{Name: n, For: tallies[i].byName[n], Higher: listed[n]}
			}
			c.WriteIn = !listed[n]
			c.Votes = 0
			for j := 0; j <= i; j++ {
				c.Votes += tallies[j].byName[n]
			}
			if why, out := taken[n]; out {
				c.Why = why
				c.Status = StatusHigherOffice
				if why == WhyTiedHigher {
					c.Status = StatusNotElected
				}
				held = append(held, c)
				continue
			}
			cands = append(cands, c)
		}
		sr.Candidates = cands
		th, floor, err := e.thresholds(r, &r.Sections[i], tallies[i], log)
		if err != nil {
			return err
		}
		sr.Threshold, sr.Floor = th, floor
		decide(sr, th, floor, false)
		sr.Candidates = append(sr.Candidates, held...)
		for _, n := range sr.Elected {
			taken[n] = WhyHigherOffice
		}
		for _, n := range sr.Tied {
			taken[n] = WhyTiedHigher
		}
	}
	return nil
}
