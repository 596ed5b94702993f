package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"tally/count"
	"tally/store"
)

// chance says whether a candidate's election is already decided while
// ballots are still being keyed.
type chance int

const (
	chanceOpen chance = iota
	chanceCertain
	chanceImpossible
)

// totals is the running count of the open round: what the totals panel
// and the scrutineers' screen show. It is computed when a ballot is
// accepted, never on a keystroke.
type totals struct {
	result    *count.Result
	accepted  int
	pending   int
	disputed  int
	returned  int // the returned figure, or the ballots keyed when none is given
	remaining int // papers not yet accepted
	chances   map[string]chance
	err       error
	// last are the latest ballots accepted, newest first, for observers
	// to match against the paper held up.
	last []string
}

// computeTotals counts the open round as it stands.
func computeTotals(s *store.State) *totals {
	t := &totals{chances: map[string]chance{}}
	r := s.Open()
	if r == nil {
		return t
	}
	c := r.Counts()
	t.accepted, t.pending, t.disputed = c[store.BallotAccepted], c[store.BallotPending], c[store.BallotDisputed]
	t.returned = r.Spec.Figures.Returned
	if t.returned == 0 {
		t.returned = r.Spec.Figures.Issued
	}
	if t.returned < t.accepted+t.pending+t.disputed {
		t.returned = t.accepted + t.pending + t.disputed
	}
	t.remaining = t.returned - t.accepted
	t.result, t.err = s.Provisional()
	if t.result != nil {
		for _, sec := range t.result.Sections {
			for name, ch := range chances(&sec, t.remaining) {
				t.chances[sec.Office+"\x00"+name] = ch
			}
		}
	}
	t.last = lastAccepted(r, 3)
	return t
}

// chances decides, for each candidate, whether the ballots still to come
// can change their fate: certain when they have the votes needed and too
// few others can still pass them; impossible when even every remaining
// ballot could not lift them to what they need.
func chances(sec *count.SectionResult, remaining int) map[string]chance {
	out := map[string]chance{}
	need := 1
	if sec.Threshold != nil {
		need = sec.Threshold.Need
	}
	for _, c := range sec.Candidates {
		if c.WriteIn {
			continue
		}
		couldPass, alreadyAbove := 0, 0
		for _, o := range sec.Candidates {
			if o.Name == c.Name || o.WriteIn {
				continue
			}
			if o.Votes+remaining > c.Votes {
				couldPass++
			}
			if o.Votes > c.Votes+remaining {
				alreadyAbove++
			}
		}
		switch {
		case c.Votes >= need && couldPass < sec.Seats:
			out[c.Name] = chanceCertain
		case c.Votes+remaining < need || alreadyAbove >= sec.Seats:
			out[c.Name] = chanceImpossible
		default:
			out[c.Name] = chanceOpen
		}
	}
	return out
}

// lastAccepted describes the most recently accepted ballots in words.
func lastAccepted(r *store.RoundState, n int) []string {
	var best []*store.BallotState
	for _, b := range r.Ballots {
		if b.Status != store.BallotAccepted {
			continue
		}
		best = append(best, b)
	}
	// Most recent first: by the sequence of their last keying, else number.
	seqOf := func(b *store.BallotState) uint64 {
		if len(b.Keyings) > 0 {
			return b.Keyings[len(b.Keyings)-1].Seq
		}
		return uint64(b.Number)
	}
	for i := 1; i < len(best); i++ {
		for j := i; j > 0 && seqOf(best[j]) > seqOf(best[j-1]); j-- {
			best[j], best[j-1] = best[j-1], best[j]
		}
	}
	var out []string
	for _, b := range best[:min(n, len(best))] {
		out = append(out, describeBallot(&r.Spec, b.Accepted))
	}
	return out
}

// describeBallot says a ballot's marks in a line: "#41 ○李娜 ○张伟 ×刘洋".
func describeBallot(spec *count.Round, b *count.Ballot) string {
	var parts []string
	parts = append(parts, "#"+strconv.Itoa(b.Number))
	if b.Invalid != count.ReasonNone {
		return strings.Join(append(parts, "invalid: "+b.Invalid.String()), " ")
	}
	empty := true
	for i, m := range b.Sections {
		if i >= len(spec.Sections) {
			break
		}
		cands := spec.Sections[i].Candidates
		for _, c := range m.For {
			parts = append(parts, "○"+cands[c])
			empty = false
		}
		for _, c := range m.Against {
			parts = append(parts, "×"+cands[c])
			empty = false
		}
		for _, w := range m.WriteIns {
			parts = append(parts, "○"+w+"*")
			empty = false
		}
		for k, r := range m.Ranks {
			var names []string
			for _, c := range r {
				if c >= 0 && c < len(cands) {
					names = append(names, cands[c])
				}
			}
			parts = append(parts, fmt.Sprintf("%d:%s", k+1, strings.Join(names, "=")))
			empty = false
		}
		if m.Invalid != count.ReasonNone {
			parts = append(parts, spec.Sections[i].Office+" invalid")
			empty = false
		}
	}
	if empty {
		parts = append(parts, "blank")
	}
	return strings.Join(parts, " ")
}

// bar draws a proportional bar of width cells for v of max.
func bar(v, max, width int) string {
	if max <= 0 || width <= 0 {
		return ""
	}
	n := v * width / max
	return strings.Repeat("█", min(n, width)) + strings.Repeat(" ", width-min(n, width))
}

// pad right-pads s to w display cells (Chinese names are two cells wide).
func pad(s string, w int) string {
	if d := w - lipgloss.Width(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// padLeft left-pads s to w display cells.
func padLeft(s string, w int) string {
	if d := w - lipgloss.Width(s); d > 0 {
		return strings.Repeat(" ", d) + s
	}
	return s
}
