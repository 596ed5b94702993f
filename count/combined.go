package count

import "sort"

// combine decides the sections of a combined paper top down: a person's
// total for an office adds their votes in its column and every higher one,
// and a person elected (or tied) higher up leaves the lower offices.
func (e *Election) combine(r *Round, tallies []*sectionTally, res *Result, log ruleLog) error {
	taken := map[string]Why{}
	listed := map[string]bool{}
	waitingFor := ""
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
		var cands []CandidateResult
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
			cands = append(cands, c)
		}
		sr.Candidates = cands
		th, floor, err := e.thresholds(r, &r.Sections[i], tallies[i], log)
		if err != nil {
			return err
		}
		sr.Threshold, sr.Floor = th, floor
		if waitingFor != "" {
			// Whoever loses a higher office's re-vote stands here again
			// with these totals: decide once that re-vote is settled.
			sr.WaitingFor = waitingFor
			sr.Open = sr.Seats
			sortByVotes(sr)
			for j := range sr.Candidates {
				if why, out := taken[sr.Candidates[j].Name]; out {
					sr.Candidates[j].Why, sr.Candidates[j].Status = why, StatusHigherOffice
				}
			}
			continue
		}
		decideCombined(sr, taken)
		for _, n := range sr.Elected {
			taken[n] = WhyHigherOffice
		}
		if len(sr.Tied) > 0 {
			waitingFor = sr.Office
		}
	}
	return nil
}

// decideCombined decides a combined section, holding out those elected to
// a higher office.
func decideCombined(sr *SectionResult, taken map[string]Why) {
	var cands, held []CandidateResult
	for _, c := range sr.Candidates {
		if why, out := taken[c.Name]; out {
			c.Why, c.Status = why, StatusHigherOffice
			held = append(held, c)
			continue
		}
		c.Why, c.Status = WhyNone, StatusNone
		cands = append(cands, c)
	}
	sr.Candidates = cands
	decide(sr, sr.Threshold, sr.Floor, false)
	sr.Candidates = append(sr.Candidates, held...)
}
