package count

import "sort"

// topDown decides the sections of a paper with several offices, highest
// office first: a person elected to a higher office leaves the lower ones
// [combined count, rules.md], and where a higher office's tie involves a
// person who stands lower down, the lower office waits for the tie
// re-vote and is then decided from the same ballots. On a combined paper
// a person's total for an office adds their votes in the higher columns.
func (e *Election) topDown(r *Round, tallies []*sectionTally, res *Result) {
	taken := map[string]Why{}
	listed := map[string]bool{}
	var tied []string
	waitingFor := ""
	combined := r.Combined
	for i := range res.Sections {
		sr := &res.Sections[i]
		if combined {
			combineTotals(r, tallies, sr, i, listed)
		}
		if waitingFor == "" && len(tied) > 0 && (combined || standsHere(sr, tied)) {
			waitingFor = res.Sections[i-1].Office
			for j := i - 1; j >= 0; j-- {
				if len(res.Sections[j].Tied) > 0 {
					waitingFor = res.Sections[j].Office
					break
				}
			}
		}
		if waitingFor != "" {
			// Whoever loses the higher office's re-vote may stand here:
			// decide once that re-vote is settled.
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
		decideHeldOut(sr, taken)
		for _, n := range sr.Elected {
			taken[n] = WhyHigherOffice
		}
		tied = append(tied, sr.Tied...)
	}
}

func standsHere(sr *SectionResult, names []string) bool {
	for _, c := range sr.Candidates {
		for _, n := range names {
			if c.Name == n {
				return true
			}
		}
	}
	return false
}

// combineTotals replaces section i's candidates by everyone on the lists
// or written in of columns 0..i, each with the total of those columns.
func combineTotals(r *Round, tallies []*sectionTally, sr *SectionResult, i int, listed map[string]bool) {
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
	byName := make([]map[string]int, i+1)
	for j := range byName {
		byName[j] = tallies[j].byName()
	}
	var written []string
	for j := 0; j <= i; j++ {
		for n := range byName[j] {
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
			c = CandidateResult{Name: n, For: byName[i][n], Higher: listed[n]}
		}
		c.WriteIn = !listed[n]
		c.Votes = 0
		for j := 0; j <= i; j++ {
			c.Votes += byName[j][n]
		}
		cands = append(cands, c)
	}
	sr.Candidates = cands
}

// decideHeldOut decides a section, holding out those elected to a higher
// office on the same paper.
func decideHeldOut(sr *SectionResult, taken map[string]Why) {
	var cands, held []CandidateResult
	weighted := false
	for _, c := range sr.Candidates {
		weighted = weighted || c.Score != ""
		if why, out := taken[c.Name]; out {
			c.Why, c.Status = why, StatusHigherOffice
			held = append(held, c)
			continue
		}
		c.Why, c.Status = WhyNone, StatusNone
		cands = append(cands, c)
	}
	sr.Candidates = cands
	decide(sr, sr.Threshold, sr.Floor, weighted)
	sr.Candidates = append(sr.Candidates, held...)
}
