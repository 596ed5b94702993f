package count

import (
	"errors"
	"fmt"
	"slices"
	"sort"
)

func init() { rankedCounters[RankedIRV] = countIRV }

// irvBallot is a group of identical ballots and where they stand.
type irvBallot struct {
	ranks [][]int
	count int64
	value Num // each ballot's value: 1, less what surpluses took
	cand  int // the candidate counting it, or -1
	// inactive says why it stopped counting ("" while active).
	inactive string
}

// irv is one IRV count (or one pass of a sequential count).
type irv struct {
	rules      *RankedRules
	cands      []string
	a          *Arith
	places     int // digits shown
	ballots    []*irvBallot
	continuing []bool
	elected    []bool
	winners    []int
	uwi        int // undeclared write-ins pseudo-candidate, or -1
	tb         *tieBreaker
	out        *RankedCount
	threshold  Num
	thrFixed   bool
	// surplusFrom: winners of the last round whose surplus moves next.
	surplusFrom []int
	// frozen: winners shown at the threshold from the round after.
	frozen []bool
	// finalRound: the seats are filled; this round only shows the last
	// surplus moving.
	finalRound bool
}

func countIRV(rules *RankedRules, in *RankedInput) (*RankedCount, error) {
	if rules.Sequential {
		return countSequentialIRV(rules, in)
	}
	c := newIRV(rules, in, nil)
	return c.run()
}

// countSequentialIRV holds one single-winner count per seat, each without
// the winners of the passes before it.
func countSequentialIRV(rules *RankedRules, in *RankedInput) (*RankedCount, error) {
	out := &RankedCount{Method: rules.Method, Rules: rules.Describe(), Seats: rules.Seats, Candidates: in.Candidates, Winners: []string{}}
	pass := *rules
	pass.Sequential = false
	pass.Seats = 1
	var excluded []string
	for range rules.Seats {
		c := newIRV(&pass, in, excluded)
		res, err := c.run()
		if err != nil {
			return nil, err
		}
		out.Passes = append(out.Passes, res)
		out.Ties = append(out.Ties, res.Ties...)
		out.Ballots = res.Ballots
		if res.Pending != nil {
			out.Pending = res.Pending
			break
		}
		if len(res.Winners) == 0 {
			break
		}
		out.Winners = append(out.Winners, res.Winners[0])
		excluded = append(excluded, res.Winners[0])
		if out.Quota == "" {
			out.Quota = res.Quota
		}
	}
	return out, nil
}

func newIRV(rules *RankedRules, in *RankedInput, alsoExcluded []string) *irv {
	places := rules.Places
	if places == 0 {
		places = 4
	}
	a := NewArith(ArithFixed, places, 0)
	n := len(in.Candidates)
	c := &irv{rules: rules, cands: in.Candidates, a: a, continuing: make([]bool, n), elected: make([]bool, n),
		frozen: make([]bool, n), uwi: -1}
	c.places = places
	if rules.Seats == 1 && !rules.BottomsUp {
		c.places = 0
	}
	for i := range c.continuing {
		c.continuing[i] = true
	}
	// Withdrawn candidates, like excluded ones, are passed over on every ballot.
	for _, x := range slices.Concat(rules.Excluded, rules.Withdrawn, alsoExcluded) {
		if i := in.CandidateIndex(x); i >= 0 {
			c.continuing[i] = false
		}
	}
	if rules.UndeclaredWriteIn != "" {
		c.uwi = in.CandidateIndex(rules.UndeclaredWriteIn)
	}
	for _, b := range Merge(in.Ballots) {
		ranks := b.Ranks
		if rules.MaxRankings > 0 && len(ranks) > rules.MaxRankings {
			ranks = ranks[:rules.MaxRankings]
		}
		c.ballots = append(c.ballots, &irvBallot{ranks: ranks, count: b.Count, value: a.Int(1), cand: -1})
	}
	c.tb = newTieBreaker(rules.Tie, in.Candidates, a)
	c.out = &RankedCount{Method: rules.Method, Rules: rules.Describe(), Seats: rules.Seats, Candidates: in.Candidates,
		Winners: []string{}}
	for _, b := range c.ballots {
		c.out.Ballots += b.count
		if !hasMark(b.ranks) {
			b.inactive = InactiveUndervote
			c.out.Undervotes += b.count
		}
	}
	return c
}

func hasMark(ranks [][]int) bool {
	for _, r := range ranks {
		if len(r) > 0 {
			return true
		}
	}
	return false
}

// walk gives a ballot to its first continuing preference, reading the
// ranks from the first as the paper shows them, or makes it inactive.
func (c *irv) walk(b *irvBallot) {
	b.cand = -1
	if c.finalRound {
		// The seats are filled: a surplus moving now has nowhere to go.
		c.stop(b, InactiveFinalRound)
		return
	}
	prev := 0 // the last marked rank, from 1; 0 before the first
	var seen []int
	for k, rank := range b.ranks {
		if len(rank) == 0 {
			continue
		}
		if c.rules.MaxSkipped >= 0 && k+1-prev > c.rules.MaxSkipped+1 {
			c.stop(b, InactiveSkipped)
			return
		}
		prev = k + 1
		if c.rules.ExhaustOnDuplicate {
			for _, x := range rank {
				if x != OvervoteMark && slices.Contains(seen, x) {
					c.stop(b, InactiveRepeated)
					return
				}
			}
		}
		seen = append(seen, rank...)
		if len(rank) > 1 || rank[0] == OvervoteMark {
			switch c.rules.Overvote {
			case OvervoteSkip:
				continue
			case OvervoteExhaustIfMultiple:
				var live []int
				for _, x := range rank {
					if x != OvervoteMark && c.continuing[x] {
						live = append(live, x)
					}
				}
				if slices.Contains(rank, OvervoteMark) || len(live) > 1 {
					c.stop(b, InactiveOvervote)
					return
				}
				if len(live) == 1 {
					b.cand = live[0]
					return
				}
				continue
			default:
				c.stop(b, InactiveOvervote)
				return
			}
		}
		if c.continuing[rank[0]] {
			b.cand = rank[0]
			return
		}
	}
	c.stop(b, InactiveExhausted)
}

// stop makes a ballot inactive for a reason; in the round after the seats
// are filled, whatever stops counting is the winners' final surplus.
func (c *irv) stop(b *irvBallot, reason string) {
	b.inactive = reason
	if c.finalRound {
		b.inactive = InactiveFinalRound
	}
}

func (c *irv) fmt(x Num) string { return c.a.Format(x, c.places) }

// continuingList returns the continuing candidates.
func (c *irv) continuingList() []int {
	var out []int
	for i, ok := range c.continuing {
		if ok {
			out = append(out, i)
		}
	}
	return out
}

func (c *irv) seatsLeft() int { return c.rules.Seats - len(c.winners) }

// multi: a multi-seat count with surplus transfers (not single-winner, not
// bottoms-up).
func (c *irv) multi() bool { return c.rules.Seats > 1 && !c.rules.BottomsUp }

func (c *irv) run() (*RankedCount, error) {
	var moving []int // candidates whose ballots move at the start of the next round
	for round := 1; ; round++ {
		// Move the ballots the last round's decisions released.
		if round > 1 {
			c.move(moving, &c.out.Rounds[len(c.out.Rounds)-1])
		}
		moving = nil
		tally := c.tally()
		c.tb.record(tally)
		rec := RankedRound{Round: round, Elected: []Decision{}, Eliminated: []Decision{}}
		c.setThreshold(round, tally)
		rec.Threshold = c.fmt(c.threshold)
		for i, name := range c.cands {
			state := c.state(i)
			if state == "" {
				continue
			}
			v := tally[i]
			if c.frozen[i] {
				v = c.threshold
			}
			rec.Votes = append(rec.Votes, CandidateVotes{Name: name, Votes: c.fmt(v), State: state})
		}
		rec.Inactive = c.inactive()
		c.out.Rounds = append(c.out.Rounds, rec)
		r := &c.out.Rounds[len(c.out.Rounds)-1]
		if c.finalRound {
			r.Note, r.NoteCode = "the seats are filled: this round shows the last surplus transferred", "final-surplus"
			break
		}
		done, next, err := c.decide(round, tally, r)
		if err != nil {
			var lot *errPendingLot
			if errors.As(err, &lot) {
				c.out.Pending = &lot.tie
				break
			}
			return nil, err
		}
		moving = next
		if c.rules.StopAfterRound > 0 && round >= c.rules.StopAfterRound {
			r.Note, r.NoteCode = fmt.Sprintf("the count stops after round %d, as its rules say", round), "stopped"
			break
		}
		if done {
			if c.multi() {
				// One more round shows the last surplus moving.
				c.finalRound = true
				continue
			}
			break
		}
		if len(r.Elected)+len(r.Eliminated) == 0 && len(c.winners) == 0 {
			return nil, fmt.Errorf("irv: round %d decided nothing", round)
		}
	}
	c.out.Ties = c.tb.ties
	c.out.Quota = c.out.Rounds[0].Threshold
	if c.multi() || c.rules.FirstRoundThreshold {
		c.out.Quota = c.fmt(c.threshold)
	}
	return c.out, nil
}

func (c *irv) state(i int) string {
	switch {
	case c.elected[i]:
		return "elected"
	case c.continuing[i]:
		return "hopeful"
	}
	return ""
}

// tally assigns every active ballot and sums the votes.
func (c *irv) tally() []Num {
	t := make([]Num, len(c.cands))
	for i := range t {
		t[i] = c.a.Zero()
	}
	for _, b := range c.ballots {
		if b.inactive != "" {
			continue
		}
		if b.cand < 0 || !c.continuing[b.cand] && !c.elected[b.cand] {
			c.walk(b)
			if b.inactive != "" {
				continue
			}
		}
		t[b.cand] = c.a.Add(t[b.cand], c.a.MulInt(b.value, b.count))
	}
	return t
}

func (c *irv) inactive() map[string]string {
	sum := map[string]Num{}
	for _, b := range c.ballots {
		if b.inactive != "" && b.inactive != InactiveUndervote {
			sum[b.inactive] = c.a.Add(sum[b.inactive], c.a.MulInt(b.value, b.count))
		}
	}
	out := map[string]string{}
	for k, v := range sum {
		out[k] = c.fmt(v)
	}
	return out
}

// setThreshold sets the round's threshold: a majority of the continuing
// votes for one seat (recomputed each round unless fixed), a quota fixed
// in round 1 for several, a share of the continuing votes for bottoms-up.
func (c *irv) setThreshold(round int, tally []Num) {
	v := c.a.Zero()
	for i, x := range tally {
		if c.continuing[i] || c.elected[i] && !c.frozen[i] {
			v = c.a.Add(v, x)
		}
	}
	switch {
	case c.thrFixed:
	case c.rules.BottomsUp && !c.rules.BottomsUpPercent.IsZero():
		p := c.rules.BottomsUpPercent
		c.threshold = c.a.Div(c.a.MulInt(v, p.Num), c.a.Int(p.Den))
		c.thrFixed = c.rules.FirstRoundThreshold
	case c.rules.Seats == 1 || c.rules.BottomsUp:
		c.threshold = c.a.Int(c.a.Floor(c.a.Div(v, c.a.Int(2))) + 1)
		c.thrFixed = c.rules.FirstRoundThreshold
		if c.rules.Seats > 1 {
			c.threshold, c.thrFixed = c.droop(v), true
		}
	default:
		c.threshold = c.droop(v)
		c.thrFixed = true
	}
}

func (c *irv) droop(v Num) Num {
	n := int64(c.rules.Seats)
	switch c.rules.Quota {
	case QuotaHare:
		q := c.a.Div(v, c.a.Int(n))
		f := c.a.Floor(q)
		if c.a.Cmp(c.a.Int(f), q) < 0 {
			f++
		}
		return c.a.Int(f)
	case QuotaDroopFractional:
		return c.a.Add(c.a.Div(v, c.a.Int(n+1)), c.a.Epsilon())
	}
	return c.a.Int(c.a.Floor(c.a.Div(v, c.a.Int(n+1))) + 1)
}

// decide elects or eliminates for the round. It returns whether the count
// is done and the candidates whose ballots move next round.
func (c *irv) decide(round int, tally []Num, r *RankedRound) (bool, []int, error) {
	live := c.continuingList()
	elect := func(i int, why string, tie bool) {
		c.continuing[i], c.elected[i] = false, true
		c.winners = append(c.winners, i)
		c.out.Winners = append(c.out.Winners, c.cands[i])
		r.Elected = append(r.Elected, Decision{Name: c.cands[i], Why: why, Tie: tie})
	}
	switch {
	case c.rules.BottomsUp:
		enough := len(live) <= c.rules.Seats
		if !c.rules.BottomsUpPercent.IsZero() {
			enough = true
			for _, i := range live {
				enough = enough && c.a.Cmp(tally[i], c.threshold) > 0
			}
		}
		if enough {
			for _, i := range byVotes(live, tally, c.a) {
				elect(i, "bottoms-up", false)
			}
			return true, nil, nil
		}
	case !c.multi():
		if w, why, tie, err := c.singleWinner(round, live, tally); err != nil {
			return false, nil, err
		} else if w >= 0 && len(c.winners) == 0 {
			c.elected[w] = true // and still continuing: continue_until_two may go on
			c.thrFixed = true   // the winner's threshold stands from here on
			c.winners = append(c.winners, w)
			c.out.Winners = append(c.out.Winners, c.cands[w])
			r.Elected = append(r.Elected, Decision{Name: c.cands[w], Why: why, Tie: tie})
			// The round that finds the winner eliminates nobody; with
			// continue_until_two the eliminations follow in later rounds.
			return !c.rules.ContinueUntilTwo || len(live) <= 2, nil, nil
		}
		if len(c.winners) > 0 && len(live) <= 2 {
			return true, nil, nil
		}
	default:
		if len(live) <= c.seatsLeft() && (c.uwi < 0 || !slices.Contains(live, c.uwi)) {
			for _, i := range byVotes(live, tally, c.a) {
				elect(i, "last-seats", false)
				c.markSurplus(i, tally)
			}
			return true, nil, nil
		}
		uwiHolds := c.uwi >= 0 && c.continuing[c.uwi] && !c.a.IsZero(tally[c.uwi])
		if !uwiHolds {
			var reached []int
			for _, i := range live {
				if i != c.uwi && c.a.Cmp(tally[i], c.threshold) >= 0 {
					reached = append(reached, i)
				}
			}
			reached = byVotes(reached, tally, c.a)
			if c.rules.OneWinnerPerRound && len(reached) > 1 {
				top := []int{reached[0]}
				for _, i := range reached[1:] {
					if c.a.Cmp(tally[i], tally[reached[0]]) == 0 {
						top = append(top, i)
					}
				}
				w, err := c.tb.pick(round, TieElect, top)
				if err != nil {
					return false, nil, err
				}
				reached = []int{w}
				defer func() { r.Elected[len(r.Elected)-1].Tie = len(top) > 1 }()
			}
			if len(reached) > 0 {
				c.surplusFrom = nil
				for _, i := range reached {
					elect(i, "quota", false)
					c.markSurplus(i, tally)
				}
				return c.seatsLeft() <= 0, c.surplusFrom, nil
			}
		}
	}
	gone, why, tie, err := c.eliminate(round, live, tally)
	if err != nil {
		return false, nil, err
	}
	for _, i := range gone {
		c.continuing[i] = false
		r.Eliminated = append(r.Eliminated, Decision{Name: c.cands[i], Why: why, Tie: tie})
	}
	c.surplusFrom = nil
	return false, gone, nil
}

// markSurplus notes a winner whose votes exceed the threshold: from the
// next round they show the threshold and their surplus moves on.
func (c *irv) markSurplus(i int, tally []Num) {
	if c.a.Cmp(tally[i], c.threshold) >= 0 {
		c.frozen[i] = true
		if c.a.Cmp(tally[i], c.threshold) > 0 {
			c.surplusFrom = append(c.surplusFrom, i)
		}
	}
}

// singleWinner finds the winner of a single-seat round: a majority of the
// continuing votes, or the higher of the last two.
func (c *irv) singleWinner(round int, live []int, tally []Num) (int, string, bool, error) {
	if len(c.winners) > 0 {
		return -1, "", false, nil
	}
	var top []int
	for _, i := range live {
		if i == c.uwi {
			continue
		}
		switch {
		case len(top) == 0 || c.a.Cmp(tally[i], tally[top[0]]) > 0:
			top = []int{i}
		case c.a.Cmp(tally[i], tally[top[0]]) == 0:
			top = append(top, i)
		}
	}
	if len(top) == 0 {
		return -1, "", false, nil
	}
	if c.a.Cmp(tally[top[0]], c.threshold) >= 0 && len(top) == 1 {
		return top[0], "majority", false, nil
	}
	if len(live) <= 2 {
		w, err := c.tb.pick(round, TieElect, top)
		return w, "last-two", len(top) > 1, err
	}
	return -1, "", false, nil
}

// eliminate chooses who goes: undeclared write-ins first, then a batch
// that together cannot overtake the next lowest, then the lowest.
func (c *irv) eliminate(round int, live []int, tally []Num) ([]int, string, bool, error) {
	if c.uwi >= 0 && c.continuing[c.uwi] && !c.a.IsZero(tally[c.uwi]) {
		return []int{c.uwi}, "write-in", false, nil
	}
	var cands []int
	for _, i := range live {
		if !(len(c.winners) > 0 && c.winners[0] == i) {
			cands = append(cands, i)
		}
	}
	asc := byVotes(cands, tally, c.a)
	slices.Reverse(asc)
	if c.rules.BatchElimination {
		sum := c.a.Zero()
		best := 0
		for k := 0; k < len(asc)-1; k++ {
			sum = c.a.Add(sum, tally[asc[k]])
			if c.a.Cmp(sum, tally[asc[k+1]]) < 0 {
				best = k + 1
			}
		}
		if best >= 2 {
			return asc[:best], "batch", false, nil
		}
	}
	if len(asc) == 0 {
		return nil, "", false, fmt.Errorf("irv: round %d: nobody left to eliminate", round)
	}
	var low []int
	for _, i := range asc {
		if c.a.Cmp(tally[i], tally[asc[0]]) == 0 {
			low = append(low, i)
		}
	}
	g, err := c.tb.pick(round, TieEliminate, low)
	return []int{g}, "lowest", len(low) > 1, err
}

// byVotes orders candidates by votes, most first, then by candidate order.
func byVotes(ix []int, tally []Num, a *Arith) []int {
	out := append([]int(nil), ix...)
	sort.SliceStable(out, func(i, j int) bool {
		if d := a.Cmp(tally[out[i]], tally[out[j]]); d != 0 {
			return d > 0
		}
		return out[i] < out[j]
	})
	return out
}

// move sends on the ballots of the eliminated, and the surplus of the
// elected, recording each transfer in the round that decided it.
func (c *irv) move(eliminated []int, r *RankedRound) {
	moved := map[[2]int]Num{} // [from, to]; to -1 exhausted
	order := [][2]int{}
	add := func(from, to int, v Num) {
		k := [2]int{from, to}
		if _, ok := moved[k]; !ok {
			order = append(order, k)
			moved[k] = c.a.Zero()
		}
		moved[k] = c.a.Add(moved[k], v)
	}
	for _, from := range c.surplusFrom {
		total := c.a.Zero()
		for _, b := range c.ballots {
			if b.inactive == "" && b.cand == from {
				total = c.a.Add(total, c.a.MulInt(b.value, b.count))
			}
		}
		surplus := c.a.Sub(total, c.threshold)
		f := c.a.Div(surplus, total)
		sent := c.a.Zero()
		for _, b := range c.ballots {
			if b.inactive != "" || b.cand != from {
				continue
			}
			b.value = c.a.Mul(b.value, f)
			c.walk(b)
			v := c.a.MulInt(b.value, b.count)
			sent = c.a.Add(sent, v)
			switch {
			case b.inactive == InactiveFinalRound:
				add(from, -3, v)
			case b.inactive != "":
				add(from, -1, v)
			default:
				add(from, b.cand, v)
			}
		}
		if res := c.a.Sub(surplus, sent); !c.a.IsZero(res) {
			add(from, -2, res)
		}
	}
	for _, from := range eliminated {
		for _, b := range c.ballots {
			if b.inactive != "" || b.cand != from {
				continue
			}
			c.walk(b)
			v := c.a.MulInt(b.value, b.count)
			if b.inactive != "" {
				add(from, -1, v)
			} else {
				add(from, b.cand, v)
			}
		}
	}
	for _, k := range order {
		to := "exhausted"
		switch {
		case k[1] == -2:
			to = "residual"
		case k[1] == -3:
			to = "final-surplus"
		case k[1] >= 0:
			to = c.cands[k[1]]
		}
		r.Transfers = append(r.Transfers, Transfer{From: c.cands[k[0]], To: to, Votes: c.fmt(moved[k])})
	}
	c.surplusFrom = nil
}
