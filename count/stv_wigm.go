package count

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// The weighted inclusive Gregory family of STV rules: Scottish STV (the
// 2007 Order), generic WIGM, the PR Foundation's reference WIGM, the CfER
// draft statute and the Minneapolis ordinance. They share one engine: a
// ballot keeps a weight, an elected candidate's surplus moves every ballot
// it holds at weight × surplus ÷ votes, a defeated candidate's ballots move
// at their weight. They differ in the quota, when a candidate counts as
// elected, whose surplus moves first, how many are defeated at once and in
// how each rounds its arithmetic; each rule's run method below follows its
// text step by step, and the rounds it records are the rule's own stages.

func init() {
	rankedCounters[RankedScottish] = countScottish
	rankedCounters[RankedWIGM] = countWIGM
	rankedCounters[RankedPRFWIGM] = countPRFWIGM
	rankedCounters[RankedCfER] = countCfER
	rankedCounters[RankedMinneapolis] = countMinneapolis
}

// Defeat batch settings of the WIGM rules.
const (
	defeatNone = "none" // one candidate at a time
	defeatSafe = "safe" // every sure loser at once (PRF step B.2, CfER 10059(k))
	defeatZero = "zero" // generic WIGM: every hopeful with no votes at once
)

func countScottish(rules *RankedRules, in *RankedInput) (*RankedCount, error) {
	return runWIGM(rules, in, (*wigm).runScottish)
}

func countWIGM(rules *RankedRules, in *RankedInput) (*RankedCount, error) {
	return runWIGM(rules, in, (*wigm).runGeneric)
}

func countPRFWIGM(rules *RankedRules, in *RankedInput) (*RankedCount, error) {
	return runWIGM(rules, in, (*wigm).runGeneric)
}

func countCfER(rules *RankedRules, in *RankedInput) (*RankedCount, error) {
	return runWIGM(rules, in, (*wigm).runCfER)
}

func countMinneapolis(rules *RankedRules, in *RankedInput) (*RankedCount, error) {
	return runWIGM(rules, in, (*wigm).runMinneapolis)
}

func runWIGM(rules *RankedRules, in *RankedInput, run func(*wigm) error) (*RankedCount, error) {
	eff, err := wigmSettings(rules)
	if err != nil {
		return nil, err
	}
	c, err := newWIGM(eff, in)
	if err != nil {
		return nil, err
	}
	if err := run(c); err != nil {
		var lot *errPendingLot
		if !errors.As(err, &lot) {
			return nil, err
		}
		// The count stops at the tie; the round so far is shown.
		c.out.Pending = &lot.tie
	}
	c.close()
	c.out.Ties = c.tb.ties
	return c.out, nil
}

// wigmFixed is what a rule's text fixes: the arithmetic and the quota.
type wigmFixed struct {
	arith  ArithKind
	places int
	quota  QuotaRule
	// batches are the defeat batch settings the rule knows, the default first.
	batches []string
}

var wigmRules = map[RankedMethod]wigmFixed{
	// Rule 48(3): five decimal places, remainders ignored; rule 46: the
	// integer quota.
	RankedScottish: {ArithFixed, 5, QuotaDroop, []string{defeatNone}},
	// 167.20: four places, remainders ignored; the integer threshold;
	// certain losers always go together (167.70(c)(1)c).
	RankedMinneapolis: {ArithFixed, 4, QuotaDroop, []string{defeatSafe}},
	// D.4: four places, truncated; A.1: ballots ÷ (seats + 1) + 0.0001.
	RankedPRFWIGM: {ArithFixed, 4, QuotaDroopFractional, []string{defeatNone, defeatSafe}},
	// 10059(g)(2): five places, truncated. 10059(a)(2) reads as the
	// integer quota, but the reference count (Droop's cfer rule) takes
	// ballots ÷ (seats + 1) plus 0.00001, and so do we, to agree with it.
	RankedCfER: {ArithFixed, 5, QuotaDroopFractional, []string{defeatNone, defeatSafe}},
	// Generic WIGM fixes nothing: arithmetic and quota are settings.
	RankedWIGM: {batches: []string{defeatNone, defeatZero}},
}

// wigmSettings returns the rules as counted: what the method fixes filled
// in, defaults named, contradictions refused.
func wigmSettings(rules *RankedRules) (RankedRules, error) {
	eff := *rules
	fixed := wigmRules[rules.Method]
	name := rules.Method.String()
	if eff.Seats < 1 {
		return eff, fmt.Errorf("%s: seats: expected 1 or more, got %d", name, eff.Seats)
	}
	if fixed.arith != ArithNone {
		if eff.Arithmetic != ArithNone && eff.Arithmetic != fixed.arith || eff.Places != 0 && eff.Places != fixed.places {
			return eff, fmt.Errorf("%s: the rule fixes %s arithmetic with %d places; got %s with %d", name,
				fixed.arith, fixed.places, eff.Arithmetic, eff.Places)
		}
		eff.Arithmetic, eff.Places, eff.Guard = fixed.arith, fixed.places, 0
		// Every method's rules come with the integer Droop quota unless
		// the caller chose another, so droop here may be nobody's choice:
		// only a quota that cannot be a default is refused.
		if eff.Quota != QuotaNone && eff.Quota != QuotaDroop && eff.Quota != fixed.quota {
			return eff, fmt.Errorf("%s: the rule fixes the quota as %s; got %s", name, fixed.quota, eff.Quota)
		}
		eff.Quota = fixed.quota
	} else {
		if eff.Arithmetic == ArithNone {
			eff.Arithmetic = ArithRational
		}
		if eff.Places == 0 {
			eff.Places = map[ArithKind]int{ArithFixed: 9, ArithGuarded: 9, ArithRational: 12}[eff.Arithmetic]
		}
		if eff.Arithmetic == ArithGuarded && eff.Guard == 0 {
			eff.Guard = eff.Places
		}
		switch eff.Quota {
		case QuotaNone:
			eff.Quota = QuotaDroopFractional
		case QuotaDroop, QuotaDroopFractional, QuotaDroopExact, QuotaHare:
		default:
			return eff, fmt.Errorf("%s: unknown quota %s", name, eff.Quota)
		}
	}
	// Fixed and guarded values show at most the digits they keep; a
	// rational value can show as many as asked.
	if eff.Display == 0 || eff.Arithmetic != ArithRational && eff.Display > eff.Places+eff.Guard {
		eff.Display = eff.Places
	}
	if eff.DefeatBatch == "" {
		eff.DefeatBatch = fixed.batches[0]
	}
	if !slices.Contains(fixed.batches, eff.DefeatBatch) {
		return eff, fmt.Errorf("%s: defeat batch %q: expected one of %s", name, eff.DefeatBatch, strings.Join(fixed.batches, ", "))
	}
	if eff.Tie.Rule == TieNone {
		// Scottish rules 49(2)-(3) and 51(2), and the lot every other
		// text ends with.
		eff.Tie.Rule, eff.Tie.Fallback = TiePrevious, TieLots
	}
	switch eff.Overvote {
	case OvervoteNone, OvervoteExhaust, OvervoteSkip:
	default:
		return eff, fmt.Errorf("%s: overvote rule %s is not one this rule can apply (exhaust or skip)", name, eff.Overvote)
	}
	return eff, nil
}

// wigmExact reports whether an arithmetic counts as exact for the quota:
// rational, or guarded with guard digits. Such a quota is not rounded up,
// so a candidate must exceed it.
func wigmExact(kind ArithKind, guard int) bool {
	return kind == ArithRational || kind == ArithGuarded && guard > 0
}

type wigmState uint8

const (
	wigmNone wigmState = iota
	wigmHopeful
	wigmPending // elected, surplus not yet transferred
	wigmElected
	wigmEliminated
	wigmWithdrawn
	wigmExcluded
)

var wigmStateNames = [...]string{"", "hopeful", "pending", "elected", "eliminated", "withdrawn", "excluded"}

// wigmGroup is a set of identical rankings: they move together and share
// one weight history, so a count's work grows with distinct rankings.
type wigmGroup struct {
	prefs  []int32 // the candidates in the order ranked
	at     int     // prefs[at] holds the ballots; len(prefs): exhausted
	count  int64
	weight Num // each ballot's value
}

// Surplus figures the rules report for a round.
const (
	surplusPending = iota // pending surpluses as the stage begins (Scottish, WIGM, PRF, CfER)
	surplusAll            // every candidate's votes over the quota as the round ends (Minneapolis)
)

type wigm struct {
	rules  RankedRules
	a      *Arith
	names  []string
	state  []wigmState
	votes  []Num
	groups []wigmGroup
	piles  [][]int32 // piles[c]: the groups c holds
	quota  Num
	// strict: the quota is exact, so it must be exceeded.
	strict    bool
	exhausted Num
	ballots   int64
	tb        *tieBreaker
	out       *RankedCount

	cur         *RankedRound
	surplusMode int
	surplus     Num
	// flows are the round's transfers from each candidate; froms keeps
	// their order.
	flows map[int]*wigmFlow
	froms []int
}

// wigmFlow is what left one candidate in a round: votes[to] for to a
// candidate, or n+toExhausted, n+toResidual; hit says where ballots went,
// since a ballot whose weight is zero still moves.
type wigmFlow struct {
	votes []Num
	hit   []bool
}

const (
	toExhausted = iota
	toResidual
	toExtra // flows rows hold n candidates plus these
)

func newWIGM(rules RankedRules, in *RankedInput) (*wigm, error) {
	n := len(in.Candidates)
	if n > math.MaxInt32 {
		return nil, fmt.Errorf("%s: too many candidates", rules.Method)
	}
	c := &wigm{rules: rules, names: in.Candidates, state: make([]wigmState, n), votes: make([]Num, n),
		piles: make([][]int32, n), flows: map[int]*wigmFlow{}}
	for i := range c.state {
		c.state[i] = wigmHopeful
	}
	for _, x := range rules.Withdrawn {
		if i := in.CandidateIndex(x); i >= 0 {
			c.state[i] = wigmWithdrawn
		}
	}
	for _, x := range rules.Excluded {
		if i := in.CandidateIndex(x); i >= 0 {
			c.state[i] = wigmExcluded
		}
	}
	if err := c.group(in); err != nil {
		return nil, err
	}
	// Fixed-point votes are 64-bit integers: every ballot's worth must fit.
	if p := rules.Places; rules.Arithmetic == ArithFixed && (p > 18 || c.ballots > 0 && pow10(p) > math.MaxInt64/10/c.ballots) {
		return nil, fmt.Errorf("%s: fixed arithmetic with %d places cannot hold %d ballots; use fewer places or rational arithmetic",
			rules.Method, p, c.ballots)
	}
	c.a = NewArith(rules.Arithmetic, rules.Places, rules.Guard)
	for i := range c.votes {
		c.votes[i] = c.a.Zero()
	}
	c.exhausted, c.surplus = c.a.Zero(), c.a.Zero()
	for i := range c.groups {
		c.groups[i].weight = c.a.Int(1)
	}
	c.setQuota()
	c.tb = newTieBreaker(rules.Tie, in.Candidates, c.a)
	c.out = &RankedCount{Method: rules.Method, Rules: rules.Describe(), Seats: rules.Seats, Candidates: in.Candidates,
		Ballots: c.ballots, Quota: c.fmt(c.quota), Winners: []string{}}
	c.surplusMode = surplusPending
	if rules.Method == RankedMinneapolis {
		c.surplusMode = surplusAll
	}
	return c, nil
}

// group reads the ballots into groups of identical preference lists:
// withdrawn and excluded candidates taken out, skipped ranks passed over,
// the list cut at an overvote (unless overvotes are skipped), at a rank
// past MaxRankings, at too many skipped ranks, or at a repeated candidate
// when that exhausts the ballot. Ballots left with no preference are not
// counted, so they are not in the quota either.
func (c *wigm) group(in *RankedInput) error {
	// Groups are found by a hash of their list, chained on collision, and
	// every list lives in one array: no allocation per ballot, so 100,000
	// distinct rankings cost little more than reading them.
	marks := 0
	for _, b := range in.Ballots {
		for _, rank := range b.Ranks {
			marks += len(rank)
		}
	}
	first := make(map[uint64]int32, len(in.Ballots))
	next := make([]int32, 0, len(in.Ballots)) // next[g]: the next group with g's hash, or -1
	spans := make([][2]int32, 0, len(in.Ballots))
	all := make([]int32, 0, marks)
	c.groups = make([]wigmGroup, 0, len(in.Ballots))
	var prefs []int32
	seen := make([]bool, len(c.names))
	standing := make([]bool, len(c.names))
	for i, s := range c.state {
		standing[i] = s == wigmHopeful
	}
	for _, b := range in.Ballots {
		if b.Count == 0 {
			continue
		}
		prefs = c.rules.preferences(b.Ranks, standing, prefs[:0], seen)
		if len(prefs) == 0 {
			continue
		}
		c.ballots += b.Count
		h := uint64(len(prefs))
		for _, p := range prefs {
			h = (h ^ uint64(p)) * 0x100000001b3 // FNV-1a, a candidate at a time
		}
		g := first[h] - 1
		for g >= 0 && !slices.Equal(all[spans[g][0]:spans[g][1]], prefs) {
			g = next[g]
		}
		if g >= 0 {
			c.groups[g].count += b.Count
			continue
		}
		g = int32(len(c.groups))
		next = append(next, first[h]-1)
		first[h] = g + 1
		spans = append(spans, [2]int32{int32(len(all)), int32(len(all) + len(prefs))})
		all = append(all, prefs...)
		c.groups = append(c.groups, wigmGroup{count: b.Count})
	}
	for g, sp := range spans {
		c.groups[g].prefs = all[sp[0]:sp[1]:sp[1]]
	}
	return nil
}

// setQuota applies the rules' quota to the ballots counted. The
// fractional Droop quota adds the smallest unit so that reaching it means
// exceeding ballots ÷ (seats + 1); exact arithmetic has no smallest unit,
// so there the quota is ballots ÷ (seats + 1) and must be exceeded.
func (c *wigm) setQuota() {
	n, s := c.ballots, int64(c.rules.Seats)
	switch c.rules.Quota {
	case QuotaDroop:
		c.quota = c.a.Int(n/(s+1) + 1)
	case QuotaHare:
		c.quota = c.a.Int((n + s - 1) / s)
	default: // QuotaDroopFractional, QuotaDroopExact
		c.quota = c.a.Div(c.a.Int(n), c.a.Int(s+1))
		c.strict = c.rules.Quota == QuotaDroopExact || wigmExact(c.rules.Arithmetic, c.rules.Guard)
		if !c.strict {
			c.quota = c.a.Add(c.quota, c.a.Epsilon())
		}
	}
}

func (c *wigm) fmt(x Num) string { return c.a.Format(x, c.rules.Display) }

// reached reports whether votes meet the quota as the rule reads it.
func (c *wigm) reached(v Num) bool {
	if c.strict {
		return c.a.Cmp(v, c.quota) > 0
	}
	return c.a.Cmp(v, c.quota) >= 0
}

func (c *wigm) count(st ...wigmState) int {
	n := 0
	for _, s := range c.state {
		if slices.Contains(st, s) {
			n++
		}
	}
	return n
}

func (c *wigm) list(st wigmState) []int {
	var out []int
	for i, s := range c.state {
		if s == st {
			out = append(out, i)
		}
	}
	return out
}

func (c *wigm) hopefuls() int  { return c.count(wigmHopeful) }
func (c *wigm) seatsLeft() int { return c.rules.Seats - c.count(wigmPending, wigmElected) }

// byVotesDesc orders candidates by votes, most first, then ballot order.
func (c *wigm) byVotesDesc(ix []int) []int {
	out := slices.Clone(ix)
	slices.SortStableFunc(out, func(x, y int) int { return c.a.Cmp(c.votes[y], c.votes[x]) })
	return out
}

// byVotesAsc orders candidates by votes, fewest first, then ballot order.
func (c *wigm) byVotesAsc(ix []int) []int {
	out := slices.Clone(ix)
	slices.SortStableFunc(out, func(x, y int) int { return c.a.Cmp(c.votes[x], c.votes[y]) })
	return out
}

// reachedList is the hopefuls at the quota, most votes first.
func (c *wigm) reachedList() []int {
	var out []int
	for _, i := range c.list(wigmHopeful) {
		if c.reached(c.votes[i]) {
			out = append(out, i)
		}
	}
	return c.byVotesDesc(out)
}

// pick finds the candidate with the most (or fewest) votes among ix,
// settling a tie by the tie rule. tie says whether there was one.
func (c *wigm) pick(ix []int, most bool, kind string) (chosen int, tie bool, err error) {
	best := ix[0]
	for _, i := range ix[1:] {
		d := c.a.Cmp(c.votes[i], c.votes[best])
		if most && d > 0 || !most && d < 0 {
			best = i
		}
	}
	var tied []int
	for _, i := range ix {
		if c.a.Cmp(c.votes[i], c.votes[best]) == 0 {
			tied = append(tied, i)
		}
	}
	chosen, err = c.tb.pick(c.cur.Round, kind, tied)
	return chosen, len(tied) > 1, err
}

// firstCount gives each group to its first preference and opens the
// first round.
func (c *wigm) firstCount() {
	c.open()
	for g := range c.groups {
		c.place(int32(g), nil)
	}
}

// place moves a group to its next hopeful preference (or exhausts it) and
// adds its votes there; f, if given, records where they went.
func (c *wigm) place(gi int32, f *wigmFlow) {
	g := &c.groups[gi]
	for g.at < len(g.prefs) && c.state[g.prefs[g.at]] != wigmHopeful {
		g.at++
	}
	v := c.a.MulInt(g.weight, g.count)
	to := len(c.names) + toExhausted
	if g.at < len(g.prefs) {
		to = int(g.prefs[g.at])
		c.votes[to] = c.a.Add(c.votes[to], v)
		c.piles[to] = append(c.piles[to], gi)
	} else {
		c.exhausted = c.a.Add(c.exhausted, v)
	}
	if f != nil {
		f.votes[to] = c.a.Add(f.votes[to], v)
		f.hit[to] = true
	}
}

// move sends on every group that from holds, each at its weight after
// reweight (if given), and records the flows. It returns the votes moved.
func (c *wigm) move(from int, reweight func(Num) Num) Num {
	pile := c.piles[from]
	c.piles[from] = nil
	f := c.flow(from)
	moved := c.a.Zero()
	for _, gi := range pile {
		g := &c.groups[gi]
		if reweight != nil {
			g.weight = reweight(g.weight)
		}
		g.at++ // from no longer holds it
		c.place(gi, f)
		moved = c.a.Add(moved, c.a.MulInt(g.weight, g.count))
	}
	return moved
}

func (c *wigm) flow(from int) *wigmFlow {
	f, ok := c.flows[from]
	if !ok {
		f = &wigmFlow{votes: make([]Num, len(c.names)+toExtra), hit: make([]bool, len(c.names)+toExtra)}
		for i := range f.votes {
			f.votes[i] = c.a.Zero()
		}
		c.flows[from] = f
		c.froms = append(c.froms, from)
	}
	return f
}

// transferSurplus moves an elected candidate's surplus: every ballot it
// holds goes on at weight × surplus ÷ votes, computed by value (each rule
// rounds it its own way), and the candidate keeps exactly the quota. What
// rounding keeps from the next preferences is the round's residual.
func (c *wigm) transferSurplus(x int, value func(w, surplus, votes Num) Num) {
	votes := c.votes[x]
	surplus := c.a.Sub(votes, c.quota)
	moved := c.move(x, func(w Num) Num { return value(w, surplus, votes) })
	c.votes[x] = c.quota
	f, res := c.flow(x), len(c.names)+toResidual
	f.votes[res] = c.a.Add(f.votes[res], c.a.Sub(surplus, moved))
	f.hit[res] = !c.a.IsZero(f.votes[res])
	c.state[x] = wigmElected
}

// release moves defeated candidates' ballots on at their weight.
func (c *wigm) release(xs []int) {
	for _, x := range xs {
		c.move(x, nil)
		c.votes[x] = c.a.Zero()
	}
}

// gregory is the generic rules' new weight: the product and the quotient
// each rounded by the arithmetic ("truncate the result of each
// multiplication or division", PRF D.4).
func (c *wigm) gregory(w, surplus, votes Num) Num {
	return c.a.Div(c.a.Mul(w, surplus), votes)
}

// scottishValue is rule 48(3)'s transfer value: surplus × value ÷ votes,
// "the calculation being made to five decimal places (any remainder being
// ignored)": the product is kept whole and only the result truncated.
func (c *wigm) scottishValue(w, surplus, votes Num) Num {
	return c.a.MulDiv(w, surplus, votes)
}

func (c *wigm) elect(x int, st wigmState, why string, tie bool) {
	c.state[x] = st
	c.out.Winners = append(c.out.Winners, c.names[x])
	c.cur.Elected = append(c.cur.Elected, Decision{Name: c.names[x], Why: why, Tie: tie})
}

func (c *wigm) defeat(x int, why string, tie bool) {
	c.state[x] = wigmEliminated
	c.cur.Eliminated = append(c.cur.Eliminated, Decision{Name: c.names[x], Why: why, Tie: tie})
}

// electReached elects every hopeful at the quota, most votes first; with
// surplus (a rule that transfers it later) they are pending until then.
func (c *wigm) electReached() {
	for _, x := range c.reachedList() {
		c.elect(x, wigmPending, "quota", false)
	}
}

// settle ends a count: pending surpluses stay where they are, hopefuls
// fill the seats left if they can, the rest are defeated.
func (c *wigm) settle() {
	for _, x := range c.list(wigmPending) {
		c.state[x] = wigmElected
	}
	hs := c.byVotesDesc(c.list(wigmHopeful))
	if len(hs) <= c.seatsLeft() {
		for _, x := range hs {
			c.elect(x, wigmElected, "last-seats", false)
		}
		return
	}
	for _, x := range hs {
		c.defeat(x, "seats-filled", false)
	}
}

func (c *wigm) open() {
	c.cur = &RankedRound{Round: len(c.out.Rounds) + 1, Elected: []Decision{}, Eliminated: []Decision{}}
}

// newRound closes the round and opens the next.
func (c *wigm) newRound() {
	c.close()
	c.open()
}

// close records the round as it ends and keeps its votes for ties.
func (c *wigm) close() {
	r := c.cur
	if r == nil {
		return
	}
	c.cur = nil
	total := c.a.Zero()
	for i, name := range c.names {
		total = c.a.Add(total, c.votes[i])
		r.Votes = append(r.Votes, CandidateVotes{Name: name, Votes: c.fmt(c.votes[i]), State: wigmStateNames[c.state[i]]})
	}
	total = c.a.Add(total, c.exhausted)
	residual := c.a.Sub(c.a.Int(c.ballots), total)
	r.Threshold = c.fmt(c.quota)
	r.Exhausted = c.fmt(c.exhausted)
	r.Residual = c.fmt(residual)
	r.Total = c.fmt(c.a.Add(total, residual))
	switch c.surplusMode {
	case surplusPending:
		r.Surplus = c.fmt(c.surplus)
	case surplusAll:
		s := c.a.Zero()
		for _, v := range c.votes {
			if c.a.Cmp(v, c.quota) > 0 {
				s = c.a.Add(s, c.a.Sub(v, c.quota))
			}
		}
		r.Surplus = c.fmt(s)
	}
	for _, from := range c.froms {
		f := c.flows[from]
		for to, v := range f.votes {
			if !f.hit[to] {
				continue
			}
			name := "exhausted"
			switch {
			case to < len(c.names):
				name = c.names[to]
			case to == len(c.names)+toResidual:
				name = "residual"
			}
			r.Transfers = append(r.Transfers, Transfer{From: c.names[from], To: name, Votes: c.fmt(v)})
		}
	}
	clear(c.flows)
	c.froms = c.froms[:0]
	c.out.Rounds = append(c.out.Rounds, *r)
	c.tb.record(c.votes)
}

// runScottish counts by the Scottish Local Government Elections Order
// 2007, rules 45-52. A stage transfers one surplus, the largest (49), or
// excludes the lowest candidate (50); whoever reaches the quota at the end
// of a stage is elected then (47); the count ends when the seats are
// filled or the continuing candidates are no more than the seats left (52).
func (c *wigm) runScottish() error {
	c.firstCount()
	for {
		c.electReached()
		if c.seatsLeft() <= 0 || c.hopefuls() <= c.seatsLeft() {
			break
		}
		c.newRound()
		c.surplus = c.a.Zero()
		for _, x := range c.list(wigmPending) {
			c.surplus = c.a.Add(c.surplus, c.a.Sub(c.votes[x], c.quota))
		}
		if p := c.list(wigmPending); len(p) > 0 {
			x, _, err := c.pick(p, true, TieSurplus)
			if err != nil {
				return err
			}
			c.transferSurplus(x, c.scottishValue)
			continue
		}
		x, tie, err := c.pick(c.list(wigmHopeful), false, TieEliminate)
		if err != nil {
			return err
		}
		c.defeat(x, "lowest", tie)
		c.release([]int{x})
		if c.hopefuls() <= c.seatsLeft() {
			break
		}
	}
	c.settle()
	return nil
}

// runGeneric counts generic WIGM and the PR Foundation's reference WIGM:
// each round elects whoever has a quota (pending their surplus), then
// defeats the sure losers at once (PRF B.2, when the defeat batch is
// safe), else transfers the largest surplus, else defeats the lowest
// (generic WIGM's zero batch: every hopeful with no votes).
func (c *wigm) runGeneric() error {
	c.firstCount()
	for c.hopefuls() > c.seatsLeft() && c.seatsLeft() > 0 {
		c.newRound()
		c.electReached()
		if c.rules.DefeatBatch == defeatSafe {
			if losers := c.sureLosers(); len(losers) > 0 {
				for _, x := range losers {
					c.defeat(x, "batch", false)
				}
				if c.hopefuls() <= c.seatsLeft() {
					c.cur.Note, c.cur.NoteCode = "the candidates left fill the seats: the defeated candidates' ballots are not transferred", "not-transferred"
					break
				}
				c.release(losers)
				continue
			}
		}
		if p := c.list(wigmPending); len(p) > 0 {
			x, _, err := c.pick(p, true, TieSurplus)
			if err != nil {
				return err
			}
			c.transferSurplus(x, c.gregory)
			continue
		}
		hs := c.list(wigmHopeful)
		if len(hs) == 0 {
			break
		}
		if c.rules.DefeatBatch == defeatZero {
			var zero []int
			for _, x := range hs {
				if c.a.IsZero(c.votes[x]) {
					zero = append(zero, x)
				}
			}
			if len(zero) > 0 {
				for _, x := range zero {
					c.defeat(x, "batch", false)
				}
				c.release(zero)
				continue
			}
		}
		x, tie, err := c.pick(hs, false, TieEliminate)
		if err != nil {
			return err
		}
		c.defeat(x, "lowest", tie)
		c.release([]int{x})
	}
	c.settle()
	return nil
}

// sureLosers is PRF step B.2: the largest set of lowest hopefuls, not
// splitting candidates within the surpluses of each other, that leaves
// enough hopefuls for the seats and whose votes with every pending
// surplus stay below the lowest hopeful outside it.
func (c *wigm) sureLosers() []int {
	surplus := c.pendingSurplus()
	var groups [][]int
	var group []int
	base := c.a.Zero()
	for _, x := range c.byVotesAsc(c.list(wigmHopeful)) {
		if c.a.Cmp(c.a.Add(base, surplus), c.votes[x]) >= 0 {
			group = append(group, x)
			continue
		}
		if len(group) > 0 {
			groups = append(groups, group)
		}
		group, base = []int{x}, c.votes[x]
	}
	if len(group) > 0 {
		groups = append(groups, group)
	}
	most := c.hopefuls() - c.seatsLeft()
	sum, n, upTo := c.a.Zero(), 0, -1
	for g := 0; g < len(groups)-1; g++ {
		if n += len(groups[g]); n > most {
			break
		}
		for _, x := range groups[g] {
			sum = c.a.Add(sum, c.votes[x])
		}
		if c.a.Cmp(c.a.Add(sum, surplus), c.votes[groups[g+1][0]]) < 0 {
			upTo = g
		}
	}
	var out []int
	for g := 0; g <= upTo; g++ {
		out = append(out, groups[g]...)
	}
	slices.Sort(out)
	return out
}

func (c *wigm) pendingSurplus() Num {
	s := c.a.Zero()
	for _, x := range c.list(wigmPending) {
		s = c.a.Add(s, c.a.Sub(c.votes[x], c.quota))
	}
	return s
}

// runCfER counts by the CfER draft statute, section 10059: every
// candidate at the threshold is elected, those above it with a surplus
// (d); the defeat set goes if allowed (f, k), else every surplus moves at
// once (g), else the lowest is defeated (h); if the candidates left then
// fill the seats the count ends without moving the defeated ballots (i).
func (c *wigm) runCfER() error {
	c.firstCount()
	for {
		c.newRound()
		if len(c.out.Rounds) == 1 && c.hopefuls() <= c.rules.Seats {
			for _, x := range c.byVotesDesc(c.list(wigmHopeful)) {
				c.elect(x, wigmElected, "last-seats", false)
			}
			break
		}
		for _, x := range c.reachedList() {
			st := wigmElected
			if c.a.Cmp(c.votes[x], c.quota) > 0 {
				st = wigmPending
			}
			c.elect(x, st, "quota", false)
		}
		if c.seatsLeft() <= 0 {
			c.settle()
			break
		}
		var defeats []int
		if c.rules.DefeatBatch == defeatSafe {
			defeats = c.defeatSet()
		}
		switch {
		case len(defeats) > 0:
			for _, x := range defeats {
				c.defeat(x, "batch", false)
			}
		case len(c.list(wigmPending)) > 0:
			for _, x := range c.list(wigmPending) {
				c.transferSurplus(x, c.gregory)
			}
		default:
			hs := c.list(wigmHopeful)
			if len(hs) == 0 {
				c.settle()
				return nil
			}
			x, tie, err := c.pick(hs, false, TieEliminate)
			if err != nil {
				return err
			}
			c.defeat(x, "lowest", tie)
			defeats = []int{x}
		}
		if len(defeats) > 0 {
			if c.hopefuls() <= c.seatsLeft() {
				c.cur.Note, c.cur.NoteCode = "the candidates left fill the seats: the defeated candidates' ballots are not transferred", "not-transferred"
				c.settle()
				break
			}
			c.release(defeats)
		}
	}
	return nil
}

// defeatSet is 10059(k): the largest set of lowest hopefuls that leaves
// enough candidates for the seats, whose votes with the total surplus
// stay below the next hopeful, and whose defeat cannot change the order
// of election by one of (A)-(D).
func (c *wigm) defeatSet() []int {
	surplus := c.pendingSurplus()
	cands := c.byVotesAsc(c.list(wigmHopeful))
	elected := c.count(wigmPending, wigmElected)
	seats := c.rules.Seats
	var set []int
	sum := c.a.Zero()
	for t := 0; t < len(cands)-1; t++ {
		sum = c.a.Add(sum, c.votes[cands[t]])
		if len(cands)-(t+1)+elected < seats {
			break
		}
		withSurplus := c.a.Add(sum, surplus)
		if c.a.Cmp(withSurplus, c.votes[cands[t+1]]) >= 0 {
			continue
		}
		gap := c.a.Sub(c.quota, c.votes[cands[len(cands)-1]])
		if elected+1 == seats ||
			len(cands)-(t+1)+elected == seats ||
			c.a.Cmp(withSurplus, gap) < 0 ||
			c.a.IsZero(surplus) && c.a.Cmp(c.a.Sub(sum, c.votes[cands[t]]), gap) < 0 {
			set = cands[:t+1]
		}
	}
	out := slices.Clone(set)
	slices.Sort(out)
	return out
}

// runMinneapolis counts by Minneapolis Code of Ordinances 167.70(c)(1):
// a candidate is elected when the seats can be filled by those at the
// threshold (a), or when their surplus, the largest, is transferred (d);
// first the undeclared write-ins (second round only) and the candidates
// for whom election is mathematically impossible are defeated together
// (c); with nothing else to do the lowest is defeated (e), and its votes
// stay put if that leaves no more candidates than seats (f).
func (c *wigm) runMinneapolis() error {
	uwi := -1
	if c.rules.UndeclaredWriteIn != "" {
		uwi = slices.Index(c.names, c.rules.UndeclaredWriteIn)
	}
	c.firstCount()
	for {
		if at := c.reachedList(); c.count(wigmElected)+len(at) >= c.rules.Seats {
			for _, x := range at {
				c.elect(x, wigmElected, "quota", false)
			}
			break
		}
		c.newRound()
		if c.cur.Round == 2 && uwi >= 0 && c.state[uwi] == wigmHopeful {
			c.defeat(uwi, "write-in", false)
			c.release([]int{uwi})
			continue
		}
		if losers := c.certainLosers(); len(losers) > 0 {
			for _, x := range losers {
				c.defeat(x, "batch", false)
			}
			c.release(losers)
			continue
		}
		if at := c.reachedList(); len(at) > 0 {
			x, tie, err := c.pick(at, true, TieSurplus)
			if err != nil {
				return err
			}
			c.elect(x, wigmElected, "quota", tie)
			c.transferSurplus(x, c.gregory)
			continue
		}
		if c.hopefuls() > c.seatsLeft() {
			x, tie, err := c.pick(c.list(wigmHopeful), false, TieEliminate)
			if err != nil {
				return err
			}
			c.defeat(x, "lowest", tie)
			if c.hopefuls() > c.seatsLeft() {
				c.release([]int{x})
			} else {
				c.cur.Note, c.cur.NoteCode = "the candidates left fill the seats: the last defeated candidate's votes are not transferred", "not-transferred"
			}
		}
		if c.hopefuls() <= c.seatsLeft() {
			break
		}
	}
	c.settle()
	return nil
}

// certainLosers are the candidates for whom election is mathematically
// impossible (167.20): the lowest groups of hopefuls with equal votes whose
// votes, with every surplus, cannot equal the next group's, never so many
// that too few hopefuls are left for the seats.
func (c *wigm) certainLosers() []int {
	surplus := c.a.Zero()
	for _, v := range c.votes {
		if c.a.Cmp(v, c.quota) > 0 {
			surplus = c.a.Add(surplus, c.a.Sub(v, c.quota))
		}
	}
	var groups [][]int
	for _, x := range c.byVotesAsc(c.list(wigmHopeful)) {
		if k := len(groups) - 1; k >= 0 && c.a.Cmp(c.votes[groups[k][0]], c.votes[x]) == 0 {
			groups[k] = append(groups[k], x)
			continue
		}
		groups = append(groups, []int{x})
	}
	most := c.hopefuls() - c.seatsLeft()
	var maybe, losers []int
	sum := c.a.Zero()
	for g := 0; g < len(groups)-1; g++ {
		maybe = append(maybe, groups[g]...)
		if len(maybe) > most {
			break
		}
		sum = c.a.Add(sum, c.a.MulInt(c.votes[groups[g][0]], int64(len(groups[g]))))
		if c.a.Cmp(c.a.Add(sum, surplus), c.votes[groups[g+1][0]]) >= 0 {
			continue
		}
		losers = slices.Clone(maybe)
	}
	slices.Sort(losers)
	return losers
}
