package tui

import (
	"fmt"
	"slices"
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
	result *count.Result
	round  int
	mode   string
	// Papers by status; disputedNumbers and pendingNumbers list those
	// papers, in order.
	accepted, pending, disputed, voided int
	disputedNumbers, pendingNumbers     []int
	// returned is the returned figure (else the issued); remaining the
	// papers not yet accepted, -1 when no figure says how many there are.
	returned  int
	remaining int
	chances   map[string]chance
	err       error
	// last are the latest ballots accepted, newest first, for observers
	// to match against the paper held up; spec is their round's paper.
	last []*count.Ballot
	spec count.Round
}

// computeTotals counts the open round as it stands. With keep (the
// totals before events that accepted no ballot), the count is kept and
// only the papers' statuses are read again.
func computeTotals(s *store.State, keep *totals) *totals {
	t := &totals{chances: map[string]chance{}}
	r := s.Open()
	if r == nil {
		return t
	}
	t.round, t.mode, t.spec = r.Number, r.Mode, r.Spec
	f := r.Spec.Figures
	for _, b := range r.Ballots {
		switch b.Status {
		case store.BallotAccepted:
			t.accepted++
		case store.BallotPending:
			t.pending++
			t.pendingNumbers = append(t.pendingNumbers, b.Number)
		case store.BallotDisputed:
			t.disputed++
			t.disputedNumbers = append(t.disputedNumbers, b.Number)
		case store.BallotVoided:
			t.voided++
		}
	}
	slices.Sort(t.disputedNumbers)
	slices.Sort(t.pendingNumbers)
	t.returned = f.Returned
	if t.returned == 0 {
		t.returned = f.Issued
	}
	// With no figure for the papers, what is still to come is unknown and
	// nobody's fate is decided early.
	t.remaining = -1
	if t.returned > 0 {
		t.remaining = max(0, t.returned-t.accepted)
	}
	if keep != nil && keep.round == t.round && keep.accepted == t.accepted {
		t.result, t.err, t.chances, t.last = keep.result, keep.err, keep.chances, keep.last
		return t
	}
	t.result, t.err = s.Provisional()
	if t.result != nil && !t.result.Void && t.remaining >= 0 {
		for _, sec := range t.result.Sections {
			for name, ch := range chances(&sec, t.remaining, t.returned, s.Election) {
				t.chances[sec.Office+"\x00"+name] = ch
			}
		}
	}
	t.last = lastAccepted(r, 3)
	return t
}

// chances decides, for each candidate, whether the ballots still to come
// can change their fate. Certain: they have what they will need however
// the rest go (the threshold at its largest possible base), and too few
// others can still reach them. Impossible: even every remaining ballot
// could not lift them to what they need now, or enough others are out of
// their reach (names still to be written in count among the rivals,
// unless write-ins are refused). On a ranked ballot transfers decide, so only a majority of
// every paper returned is certain (one seat, instant run-off); on a
// combined paper a higher office may take a candidate first, so nothing
// is claimed.
func chances(sec *count.SectionResult, remaining, returned int, e *count.Election) map[string]chance {
	out := map[string]chance{}
	if sec.Combined {
		return out
	}
	if sec.Ranked != nil {
		if e.Ranked != nil && e.Ranked.Method == count.RankedIRV && sec.Seats == 1 {
			for _, c := range sec.Candidates {
				if 2*c.Votes > returned {
					out[c.Name] = chanceCertain
				}
			}
		}
		return out
	}
	// needs: what a candidate needs now, and at most once every paper is in.
	needs := func(th *count.Threshold) (now, most int) {
		if th == nil {
			return 1, 1
		}
		most = th.Need
		if th.Base == count.BaseCast || th.Base == count.BaseValid {
			most = th.Compare.Need(th.Fraction, th.BaseValue+remaining)
		}
		return th.Need, most
	}
	need, needMost := needs(sec.Threshold)
	floor, floorMost := needs(sec.Floor)
	need, needMost = max(need, floor), max(needMost, floorMost)
	// Names not yet written in are rivals too, as many as there are seats,
	// each with every remaining paper at most.
	unseen := 0
	if e.Settings.WriteIns != count.WriteInRefused {
		unseen = sec.Seats
	}
	for _, c := range sec.Candidates {
		if c.WriteIn || c.Higher {
			continue
		}
		couldReach, outOfReach := 0, 0
		if remaining > 0 && remaining >= c.Votes {
			couldReach += unseen
		}
		for _, o := range sec.Candidates {
			if o.Name == c.Name {
				continue
			}
			if o.Votes+remaining >= c.Votes {
				couldReach++ // a tie at the last seat is a re-vote: not certain
			}
			if o.Votes > c.Votes+remaining {
				outOfReach++
			}
		}
		switch {
		case c.Votes >= needMost && couldReach < sec.Seats:
			out[c.Name] = chanceCertain
		case c.Votes+remaining < need || outOfReach >= sec.Seats:
			out[c.Name] = chanceImpossible
		}
	}
	return out
}

// lastAccepted describes the most recently accepted ballots in words,
// newest first (by the journal sequence of their last keying).
func lastAccepted(r *store.RoundState, n int) []*count.Ballot {
	seqOf := func(b *store.BallotState) uint64 {
		if len(b.Keyings) > 0 {
			return b.Keyings[len(b.Keyings)-1].Seq
		}
		return uint64(b.Number)
	}
	var best []*store.BallotState // at most n, newest first
	for _, b := range r.Ballots {
		if b.Status != store.BallotAccepted {
			continue
		}
		i := len(best)
		for i > 0 && seqOf(b) > seqOf(best[i-1]) {
			i--
		}
		if i < n {
			best = slices.Insert(best, i, b)
			if len(best) > n {
				best = best[:n]
			}
		}
	}
	var out []*count.Ballot
	for _, b := range best {
		out = append(out, b.Accepted)
	}
	return out
}

// describeBallot says a ballot's marks in a line: "#41 ○李娜 ○张伟 ×刘洋".
func describeBallot(a *App, spec *count.Round, b *count.Ballot) string {
	parts := []string{"#" + strconv.Itoa(b.Number)}
	if b.Invalid != count.ReasonNone {
		return strings.Join(append(parts, a.t("invalid: ", "无效：")+reasonText(a, b.Invalid)), " ")
	}
	empty := true
	for i, m := range b.Sections {
		if i >= len(spec.Sections) {
			break
		}
		cands := spec.Sections[i].Candidates
		name := func(c int) string {
			if c >= 0 && c < len(cands) {
				return cands[c]
			}
			return "?"
		}
		if len(spec.Sections) > 1 {
			parts = append(parts, spec.Sections[i].Office+a.t(":", "："))
		}
		if m.Invalid != count.ReasonNone {
			parts = append(parts, a.t("invalid", "无效"))
			empty = false
			continue
		}
		for _, c := range m.For {
			parts = append(parts, "○"+name(c))
			empty = false
		}
		for _, c := range m.Against {
			parts = append(parts, "×"+name(c))
			empty = false
		}
		for _, w := range m.WriteIns {
			parts = append(parts, "○"+w+a.t("(write-in)", "（另选）"))
			empty = false
		}
		for k, r := range m.Ranks {
			var names []string
			for _, c := range r {
				names = append(names, name(c))
			}
			if len(names) == 0 {
				names = []string{"—"}
			}
			parts = append(parts, fmt.Sprintf("%d:%s", k+1, strings.Join(names, "=")))
			empty = false
		}
	}
	if empty {
		parts = append(parts, a.t("blank", "空白票"))
	}
	return strings.Join(parts, " ")
}

// bar draws a bar of width cells for v of top, with a tick where need
// falls while v has not reached it: the line each candidate must cross.
func bar(v, top, need, width int) string {
	if top <= 0 || width <= 0 {
		return ""
	}
	n := min(v*width/top, width)
	cells := []rune(strings.Repeat("█", n) + strings.Repeat(" ", width-n))
	if need > 0 && v < need {
		cells[min(need*width/top, width-1)] = '┆'
	}
	return string(cells)
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
