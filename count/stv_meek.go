package count

import (
	"errors"
	"fmt"
	"math/big"
	"math/bits"
	"slices"
	"sort"
)

func init() {
	rankedCounters[RankedMeek] = func(r *RankedRules, in *RankedInput) (*RankedCount, error) {
		return countIterative(r, in, iterMeek)
	}
	rankedCounters[RankedWarren] = func(r *RankedRules, in *RankedInput) (*RankedCount, error) {
		return countIterative(r, in, iterWarren)
	}
	rankedCounters[RankedPRFMeek] = func(r *RankedRules, in *RankedInput) (*RankedCount, error) {
		return countIterative(r, in, iterPRF)
	}
}

// iterRule is one of the iterative STV rules. They share the count: every
// iteration passes each ballot down its ranking, each candidate on the way
// keeping a share of what reaches it (a keep factor kf); the quota follows
// the votes still held; elected candidates' keep factors shrink until their
// surpluses are spent.
type iterRule int

const (
	// iterMeek: a candidate keeps kf of what reaches it and passes the
	// rest on (Droop's rule "meek", stv-rs).
	iterMeek iterRule = iota
	// iterWarren: a candidate keeps kf of the ballot's whole value, or all
	// that is left of it if less (Droop's rule "warren").
	iterWarren
	// iterPRF: the PR Foundation's reference Meek: fixed point, 9 places,
	// what a candidate keeps rounded up, no batch defeats, and no
	// transfer of a defeated candidate's votes until the next iteration.
	iterPRF
)

type iterState int

const (
	iterHopeful iterState = iota
	iterElected
	iterDefeated
	iterWithdrawn
	iterExcluded
)

var iterStateNames = []string{"hopeful", "elected", "eliminated", "withdrawn", "excluded"}

// iterBallot is a group of identical ballots.
type iterBallot struct {
	// ranks hold the candidates by rank; several in one rank are equal
	// preferences.
	ranks [][]int
	// flat is the ranking when no rank holds more than one candidate.
	flat  []int
	count int64
}

// iterCount is one count under an iterative rule.
type iterCount struct {
	rules *RankedRules
	rule  iterRule
	a     *Arith
	// places shown.
	places int
	// exact: the arithmetic does not round enough to matter (rational, or
	// guarded with guard digits), so the quota is not rounded up and a
	// candidate must pass it, not just reach it.
	exact    bool
	omega    Num
	one      Num
	cands    []string
	state    []iterState
	kf       []Num
	votes    []Num
	ballots  []iterBallot
	nBallots int64
	quota    Num
	surplus  Num
	// residual is the value no candidate holds: exhausted, and lost to
	// rounding.
	residual Num
	round    int // the rule's round: 0 is the first preferences
	winners  []int
	tb       *tieBreaker
	out      *RankedCount
	// pascal[n][k] = n choose k, for equalized counting.
	pascal [][]int64
}

// iterStop says why an iteration ended.
type iterStop int

const (
	stopElected iterStop = iota // someone reached the quota
	stopOmega                   // the surplus is below omega
	stopStable                  // the surplus stopped falling
	stopBatch                   // there are sure losers to defeat
)

func countIterative(r *RankedRules, in *RankedInput, rule iterRule) (*RankedCount, error) {
	rules, err := iterRules(r, rule)
	if err != nil {
		return nil, err
	}
	return newIterCount(&rules, in, rule).run()
}

// iterRules fills what the caller left zero with the rule's own values and
// checks the rest, so the result states every setting the count used.
func iterRules(r *RankedRules, rule iterRule) (RankedRules, error) {
	rules := *r
	name := rules.Method.String()
	if rules.Seats < 1 {
		return rules, fmt.Errorf("%s: seats: expected 1 or more, got %d", name, rules.Seats)
	}
	if rules.Quota == QuotaNone {
		rules.Quota = QuotaDroopExact
	}
	if rules.Quota != QuotaDroopExact {
		return rules, fmt.Errorf("%s: the quota follows the votes still held (droop-exact); %s is not this rule's", name, rules.Quota)
	}
	if rule == iterPRF {
		// The PR Foundation's rule fixes its arithmetic and omega; a count
		// under other values would not be that rule.
		if (rules.Arithmetic != ArithNone && rules.Arithmetic != ArithFixed) || (rules.Places != 0 && rules.Places != 9) ||
			(rules.Omega != 0 && rules.Omega != 6) || (rules.DefeatBatch != "" && rules.DefeatBatch != "none") {
			return rules, fmt.Errorf("%s: the PR Foundation rule fixes arithmetic fixed, 9 places, omega 6, no batch defeats; got %s, %d places, omega %d, defeat batch %q",
				name, rules.Arithmetic, rules.Places, rules.Omega, rules.DefeatBatch)
		}
		rules.Arithmetic, rules.Places, rules.Omega, rules.DefeatBatch = ArithFixed, 9, 6, "none"
	}
	if rules.Arithmetic == ArithNone {
		rules.Arithmetic = ArithFixed
	}
	if rules.Places == 0 && rules.Arithmetic != ArithRational {
		rules.Places = 9
		if rules.Arithmetic == ArithGuarded {
			rules.Places = 18
		}
	}
	if rules.Arithmetic == ArithGuarded && rules.Guard == 0 {
		// Droop's default: guarded arithmetic with no guard digits would
		// be fixed arithmetic under another name.
		rules.Guard = rules.Places / 2
	}
	if rules.Arithmetic == ArithFixed && rules.Places > 15 {
		return rules, fmt.Errorf("%s: fixed arithmetic keeps at most 15 places, got %d", name, rules.Places)
	}
	if rules.Display == 0 {
		rules.Display = rules.Places
		if rules.Arithmetic == ArithRational {
			rules.Display = 12
		}
	}
	if rules.Omega == 0 {
		// Droop's defaults: what each arithmetic can resolve.
		switch rules.Arithmetic {
		case ArithRational:
			rules.Omega = 10
		case ArithGuarded:
			rules.Omega = rules.Places / 2
		default:
			rules.Omega = rules.Places * 2 / 3
		}
	}
	switch rules.DefeatBatch {
	case "":
		rules.DefeatBatch = "none"
	case "none", "safe":
	default:
		return rules, fmt.Errorf("%s: defeat batch: expected none or safe, got %q", name, rules.DefeatBatch)
	}
	if rules.Equalize && rule != iterMeek {
		return rules, fmt.Errorf("%s: equalized counting of equal rankings is defined for meek only", name)
	}
	return rules, nil
}

func newIterCount(rules *RankedRules, in *RankedInput, rule iterRule) *iterCount {
	a := NewArith(rules.Arithmetic, rules.Places, rules.Guard)
	n := len(in.Candidates)
	c := &iterCount{rules: rules, rule: rule, a: a, places: rules.Display, cands: in.Candidates,
		state: make([]iterState, n), kf: make([]Num, n), votes: make([]Num, n), one: a.Int(1)}
	c.exact = a.Kind == ArithRational || (a.Kind == ArithGuarded && a.Guard > 0)
	c.omega = c.one
	for range rules.Omega {
		c.omega = a.Div(c.omega, a.Int(10))
	}
	for _, x := range rules.Withdrawn {
		if i := in.CandidateIndex(x); i >= 0 {
			c.state[i] = iterWithdrawn
		}
	}
	for _, x := range rules.Excluded {
		if i := in.CandidateIndex(x); i >= 0 {
			c.state[i] = iterExcluded
		}
	}
	for i := range c.kf {
		c.votes[i] = a.Zero()
		c.kf[i] = a.Zero()
		if c.state[i] == iterHopeful {
			c.kf[i] = c.one
		}
	}
	c.readBallots(in)
	if rules.Equalize {
		c.pascal = pascalTriangle(n)
	}
	c.tb = newTieBreaker(rules.Tie, in.Candidates, a)
	c.out = &RankedCount{Method: rules.Method, Rules: rules.Describe(), Seats: rules.Seats, Candidates: in.Candidates,
		Ballots: c.nBallots, Winners: []string{}}
	return c
}

// readBallots keeps, of each ballot, the ranks of candidates in the count.
// A rank with several candidates ranks them equally (as BLT files and these
// rules' authors read it: the overvote rule does not apply). A ranking left
// empty is not a ballot of this count.
func (c *iterCount) readBallots(in *RankedInput) {
	var kept []Ranking
	for _, b := range Merge(in.Ballots) {
		ranks := b.Ranks
		if c.rules.MaxRankings > 0 && len(ranks) > c.rules.MaxRankings {
			ranks = ranks[:c.rules.MaxRankings]
		}
		seen := map[int]bool{}
		var out [][]int
	read:
		for _, rank := range ranks {
			var r []int
			for _, x := range rank {
				if x == OvervoteMark {
					// Marks the paper does not name: what the voter
					// preferred from here on is unknown.
					break read
				}
				if x < 0 || x >= len(c.cands) || seen[x] || c.state[x] != iterHopeful {
					continue
				}
				seen[x] = true
				r = append(r, x)
			}
			if len(r) > 0 {
				out = append(out, r)
			}
		}
		if len(out) > 0 && b.Count > 0 {
			kept = append(kept, Ranking{Ranks: out, Count: b.Count})
		}
	}
	for _, b := range Merge(kept) {
		ib := iterBallot{ranks: b.Ranks, count: b.Count}
		if !slices.ContainsFunc(b.Ranks, func(r []int) bool { return len(r) > 1 }) {
			for _, r := range b.Ranks {
				ib.flat = append(ib.flat, r[0])
			}
		}
		c.ballots = append(c.ballots, ib)
		c.nBallots += b.Count
	}
}

func pascalTriangle(n int) [][]int64 {
	out := make([][]int64, n+1)
	for i := range out {
		out[i] = make([]int64, i+1)
		out[i][0], out[i][i] = 1, 1
		for k := 1; k < i; k++ {
			out[i][k] = out[i-1][k-1] + out[i-1][k]
		}
	}
	return out
}

func (c *iterCount) counting(i int) bool {
	return c.state[i] == iterHopeful || c.state[i] == iterElected
}

func (c *iterCount) hopeful() []int {
	var out []int
	for i, s := range c.state {
		if s == iterHopeful {
			out = append(out, i)
		}
	}
	return out
}

func (c *iterCount) seatsLeft() int { return c.rules.Seats - len(c.winners) }

func (c *iterCount) complete() bool {
	return c.seatsLeft() <= 0 || len(c.hopeful()) <= c.seatsLeft()
}

func (c *iterCount) run() (*RankedCount, error) {
	// Round 0: the first preferences, every keep factor 1. What splitting
	// equal rankings loses to rounding shows from the first iteration on,
	// as the peers show it.
	c.distribute()
	c.residual = c.a.Zero()
	c.quota = c.quotaOf(c.a.Int(c.nBallots))
	c.surplus = c.a.Zero()
	rec := c.newRound()
	c.snap(rec)
	c.out.Quota = rec.Threshold
	c.tb.record(c.votes)
	for !c.complete() {
		c.round++
		rec = c.newRound()
		stop, batch, n := c.iterate(rec)
		rec.Note, rec.NoteCode, rec.Iterations = fmt.Sprintf("%d iterations", n), "iterations", n
		if n == 1 {
			rec.Note = "1 iteration"
		}
		if c.rule != iterPRF {
			// The state the iteration ended in (the PR Foundation's rule
			// reports none of its own).
			c.snap(rec)
		}
		c.tb.record(c.votes)
		switch stop {
		case stopElected:
			continue
		case stopBatch:
			for _, i := range batch {
				c.defeat(i, "batch", false, rec)
			}
			continue
		}
		low, tie, err := c.lowest()
		if err != nil {
			var lot *errPendingLot
			if errors.As(err, &lot) {
				c.out.Pending = &lot.tie
				c.out.Ties = c.tb.ties
				return c.out, nil
			}
			return nil, err
		}
		c.defeat(low, "lowest", tie, rec)
	}
	c.finish(rec)
	c.out.Ties = c.tb.ties
	return c.out, nil
}

func (c *iterCount) newRound() *RankedRound {
	c.out.Rounds = append(c.out.Rounds, RankedRound{Round: c.round + 1, Elected: []Decision{}, Eliminated: []Decision{}})
	return &c.out.Rounds[len(c.out.Rounds)-1]
}

// iterate repeats the distribution until someone is elected, the surplus
// is spent (below omega) or stops falling, or sure losers can go. It
// returns why it stopped, the sure losers, and the iterations it took.
func (c *iterCount) iterate(rec *RankedRound) (iterStop, []int, int) {
	a := c.a
	last := a.Int(c.nBallots)
	for n := 1; ; n++ {
		c.distribute()
		total := a.Zero()
		for i := range c.cands {
			if c.counting(i) {
				total = a.Add(total, c.votes[i])
			}
		}
		c.quota = c.quotaOf(total)
		elected := false
		for _, i := range c.hopeful() {
			if c.reaches(c.votes[i]) {
				// The surplus shown is still the last iteration's: the
				// rules elect before they add up the new one.
				c.elect(i, "quota", rec)
				elected = true
			}
		}
		c.surplus = a.Zero()
		for i, s := range c.state {
			if s == iterElected {
				share := a.Sub(c.votes[i], c.quota)
				if c.rules.PositiveSurplus && a.Cmp(share, a.Zero()) < 0 {
					// An elected candidate fallen below the quota adds
					// nothing rather than a negative share.
					share = a.Zero()
				}
				c.surplus = a.Add(c.surplus, share)
			}
		}
		if c.rule == iterPRF && a.Cmp(c.surplus, a.Zero()) < 0 {
			c.surplus = a.Zero()
		}
		if elected {
			return stopElected, nil, n
		}
		spent := a.Cmp(c.surplus, c.omega)
		if spent < 0 || spent == 0 && c.rule != iterPRF {
			return stopOmega, nil, n
		}
		if a.Cmp(c.surplus, last) >= 0 {
			return stopStable, nil, n
		}
		if c.rules.DefeatBatch == "safe" && c.rule != iterPRF {
			if batch := c.sureLosers(); len(batch) > 0 {
				return stopBatch, batch, n
			}
		}
		last = c.surplus
		for i, s := range c.state {
			if s == iterElected {
				// Rounded up where the arithmetic rounds, so a keep factor
				// never falls short of keeping a quota.
				c.kf[i] = c.divUp(c.mulUp(c.kf[i], c.quota), c.votes[i])
			}
		}
	}
}

// quotaOf is the quota for total votes held: total ÷ (seats+1), and the
// smallest unit more where the arithmetic rounds (the PR Foundation's
// rule always adds it).
func (c *iterCount) quotaOf(total Num) Num {
	q := c.a.Div(total, c.a.Int(int64(c.rules.Seats+1)))
	if !c.exact || c.rule == iterPRF {
		q = c.a.Add(q, c.a.Epsilon())
	}
	return q
}

// reaches says whether votes elect: above an exact quota, or at least a
// rounded-up one.
func (c *iterCount) reaches(v Num) bool {
	cmp := c.a.Cmp(v, c.quota)
	if c.exact && c.rule != iterPRF {
		return cmp > 0
	}
	return cmp >= 0
}

// distribute passes every ballot down its ranking with the current keep
// factors, and adds up each candidate's votes and the residual.
func (c *iterCount) distribute() {
	a := c.a
	for i := range c.cands {
		if c.counting(i) {
			c.votes[i] = a.Zero()
		}
	}
	c.residual = a.Zero()
	for k := range c.ballots {
		b := &c.ballots[k]
		left := a.Int(b.count)
		switch {
		case b.flat != nil:
			w := c.one
			for _, i := range b.flat {
				if !c.counting(i) {
					continue
				}
				var keep Num
				keep, w = c.split(i, w)
				c.credit(i, keep, b.count, &left)
				if a.Cmp(w, a.Zero()) <= 0 {
					break
				}
			}
		case c.rules.Equalize:
			c.equalized(b, &left)
		default:
			c.descend(b, 0, c.one, &left)
		}
		c.residual = a.Add(c.residual, left)
	}
}

// split divides weight w reaching candidate i into what i keeps and what
// passes on.
func (c *iterCount) split(i int, w Num) (keep, pass Num) {
	a, kf := c.a, c.kf[i]
	switch c.rule {
	case iterWarren:
		keep = w
		if a.Cmp(kf, w) < 0 {
			keep = kf
		}
		return keep, a.Sub(w, keep)
	case iterPRF:
		keep = c.mulUp(w, kf)
		return keep, a.Sub(w, keep)
	}
	// Both parts rounded down, so rounding never passes on more than the
	// ballot had.
	return a.Mul(w, kf), a.Mul(w, a.Sub(c.one, kf))
}

func (c *iterCount) credit(i int, keep Num, count int64, left *Num) {
	v := c.a.MulInt(keep, count)
	c.votes[i] = c.a.Add(c.votes[i], v)
	*left = c.a.Sub(*left, v)
}

// descend passes weight w from rank r of a ballot with equal rankings, as
// Droop does: the weight is shared equally among the rank's candidates
// still in the count, and what each passes on goes down the ranks below.
// A rank whose candidates are all defeated ends the ballot there (Droop's
// rule, which stv-rs follows).
func (c *iterCount) descend(b *iterBallot, r int, w Num, left *Num) {
	if r >= len(b.ranks) || c.isExactZero(w) {
		return
	}
	var live []int
	for _, i := range b.ranks[r] {
		if c.counting(i) {
			live = append(live, i)
		}
	}
	if len(live) == 0 {
		return
	}
	share := c.a.Div(w, c.a.Int(int64(len(live))))
	for _, i := range live {
		keep, pass := c.split(i, share)
		c.credit(i, keep, b.count, left)
		c.descend(b, r+1, pass, left)
	}
}

// equalized counts a ballot with equal rankings as the average of every
// order of each equal group (stv-rs's --equalize). In a group of n, a
// candidate is reached, averaged over the orders, by the weight times
// Σ_k e_k(u)/C(n-1,k) / n, where u are the others' unused shares 1 − kf
// and e_k their elementary symmetric sums; what passes below the group
// is the weight times the product of all the unused shares.
func (c *iterCount) equalized(b *iterBallot, left *Num) {
	a := c.a
	w := c.one
	for _, rank := range b.ranks {
		if len(rank) == 1 {
			var keep Num
			keep, w = c.split(rank[0], w)
			c.credit(rank[0], keep, b.count, left)
		} else {
			n := len(rank)
			unused := make([]Num, n)
			for k, i := range rank {
				unused[k] = a.Sub(c.one, c.kf[i])
			}
			for k, i := range rank {
				reach := c.averageReach(unused, k)
				share := a.Div(a.Mul(reach, c.kf[i]), a.Int(int64(n)))
				c.credit(i, a.Mul(w, share), b.count, left)
			}
			rest := c.one
			for _, u := range unused {
				rest = a.Mul(rest, u)
			}
			w = a.Mul(w, rest)
		}
		if c.isExactZero(w) {
			break
		}
	}
}

// averageReach is Σ_k e_k/C(n-1,k) over the elementary symmetric sums e_k
// of the unused shares of a group's members other than skip: n times the
// average share of a ballot's weight that reaches that member.
func (c *iterCount) averageReach(unused []Num, skip int) Num {
	a := c.a
	n := len(unused) - 1
	// poly[k] = e_k, built by multiplying out Π (X + u).
	poly := make([]Num, n+1)
	for k := range poly {
		poly[k] = a.Zero()
	}
	poly[0] = c.one
	for k, u := range unused {
		if k == skip || c.isExactZero(u) {
			continue
		}
		prev := poly[0]
		for j := 1; j <= n; j++ {
			was := poly[j]
			poly[j] = a.Add(poly[j], a.Mul(prev, u))
			prev = was
		}
	}
	sum := a.Zero()
	for k, e := range poly {
		sum = a.Add(sum, a.Div(e, a.Int(c.pascal[n][k])))
	}
	return sum
}

// isExactZero is zero with no guard tolerance: a weight of one unit still
// passes on.
func (c *iterCount) isExactZero(x Num) bool {
	if c.a.Kind == ArithGuarded {
		return c.a.Rat(x).Sign() == 0
	}
	return c.a.IsZero(x)
}

// exactLess compares with no guard tolerance.
func (c *iterCount) exactLess(x, y Num) bool {
	if c.a.Kind == ArithGuarded {
		return c.a.Rat(x).Cmp(c.a.Rat(y)) < 0
	}
	return c.a.Cmp(x, y) < 0
}

// mulUp is x × y rounded up to the last fixed place; other arithmetics
// multiply as they always do (guarded keeps its guard digits instead).
func (c *iterCount) mulUp(x, y Num) Num {
	if c.a.Kind != ArithFixed || x.i < 0 || y.i < 0 {
		return c.a.Mul(x, y)
	}
	return Num{i: mulDivUp(x.i, y.i, c.a.scale)}
}

// divUp is x ÷ y rounded up to the last fixed place.
func (c *iterCount) divUp(x, y Num) Num {
	if c.a.Kind != ArithFixed || x.i < 0 || y.i <= 0 {
		return c.a.Div(x, y)
	}
	return Num{i: mulDivUp(x.i, c.a.scale, y.i)}
}

// mulDivUp returns x × y ÷ z rounded up, for x, y ≥ 0 and z > 0.
func mulDivUp(x, y, z int64) int64 {
	hi, lo := bits.Mul64(uint64(x), uint64(y))
	if hi >= uint64(z) {
		panic(fmt.Sprintf("count: arithmetic overflow in %d × %d ÷ %d", x, y, z))
	}
	q, r := bits.Div64(hi, lo, uint64(z))
	if r != 0 {
		q++
	}
	return int64(q)
}

// sureLosers finds the largest group of lowest hopefuls who could not
// overtake the next one up even with all their votes and the whole
// surplus, leaving enough hopefuls for the seats and splitting no group
// that the surplus could reorder (Droop's safe batch defeat).
func (c *iterCount) sureLosers() []int {
	a := c.a
	hop := c.hopeful()
	sort.SliceStable(hop, func(x, y int) bool {
		cmp := a.Cmp(c.votes[hop[x]], c.votes[hop[y]])
		return cmp < 0 || cmp == 0 && hop[x] < hop[y]
	})
	var groups [][]int
	var group []int
	base := a.Zero()
	for _, i := range hop {
		if a.Cmp(a.Add(base, c.surplus), c.votes[i]) >= 0 {
			group = append(group, i)
			continue
		}
		if len(group) > 0 {
			groups = append(groups, group)
		}
		group, base = []int{i}, c.votes[i]
	}
	if len(group) > 0 {
		groups = append(groups, group)
	}
	maxDefeat := len(hop) - c.seatsLeft()
	held := a.Zero()
	last, n := -1, 0
	for g := 0; g < len(groups)-1; g++ {
		n += len(groups[g])
		if n > maxDefeat {
			break
		}
		for _, i := range groups[g] {
			held = a.Add(held, c.votes[i])
		}
		if a.Cmp(a.Add(held, c.surplus), c.votes[groups[g+1][0]]) < 0 {
			last = g
		}
	}
	var batch []int
	for g := 0; g <= last; g++ {
		batch = append(batch, groups[g]...)
	}
	slices.Sort(batch)
	return batch
}

// lowest picks the hopeful to defeat: the one with fewest votes, where
// everyone within the surplus of the fewest is tied with it (the surplus
// could still reorder them).
func (c *iterCount) lowest() (int, bool, error) {
	a := c.a
	hop := c.hopeful()
	low := c.votes[hop[0]]
	for _, i := range hop[1:] {
		if c.exactLess(c.votes[i], low) {
			low = c.votes[i]
		}
	}
	// Droop's surplus can fall below zero when rounding leaves an elected
	// candidate just under the quota; no one is then within it of the
	// lowest, so the window is never less than nothing.
	window := c.surplus
	if a.Cmp(window, a.Zero()) < 0 {
		window = a.Zero()
	}
	reach := a.Add(low, window)
	var tied []int
	for _, i := range hop {
		if a.Cmp(reach, c.votes[i]) >= 0 {
			tied = append(tied, i)
		}
	}
	i, err := c.tb.pick(c.round+1, TieEliminate, tied)
	return i, len(tied) > 1, err
}

func (c *iterCount) elect(i int, why string, rec *RankedRound) {
	c.state[i] = iterElected
	c.winners = append(c.winners, i)
	c.out.Winners = append(c.out.Winners, c.cands[i])
	rec.Elected = append(rec.Elected, Decision{Name: c.cands[i], Why: why})
	c.snap(rec)
}

// defeat shows the candidate defeated with the votes it had, then lets
// its ballots pass on (at once, for the record; the PR Foundation's rule
// waits for the next iteration).
func (c *iterCount) defeat(i int, why string, tie bool, rec *RankedRound) {
	c.state[i] = iterDefeated
	rec.Eliminated = append(rec.Eliminated, Decision{Name: c.cands[i], Why: why, Tie: tie})
	c.snap(rec)
	c.kf[i] = c.a.Zero()
	c.votes[i] = c.a.Zero()
	if c.rule != iterPRF {
		c.distribute()
	}
}

// finish fills the seats left with the hopefuls left, or defeats them if
// the seats are filled, and closes the record: what the winners hold, and
// everything else as residual.
func (c *iterCount) finish(rec *RankedRound) {
	for _, i := range c.hopeful() {
		if c.seatsLeft() > 0 {
			c.elect(i, "last-seats", rec)
		} else {
			c.defeat(i, "seats-filled", false, rec)
		}
	}
	held := c.a.Zero()
	for i, s := range c.state {
		if s == iterElected {
			held = c.a.Add(held, c.votes[i])
		}
	}
	c.residual = c.a.Sub(c.a.Int(c.nBallots), held)
	c.snap(rec)
}

// snap writes the count as it stands into the round's record; the record
// of a round is the state at its last decision.
func (c *iterCount) snap(rec *RankedRound) {
	a := c.a
	rec.Votes = make([]CandidateVotes, len(c.cands))
	held := a.Zero()
	for i, name := range c.cands {
		v := CandidateVotes{Name: name, Votes: c.show(c.votes[i]), State: iterStateNames[c.state[i]]}
		if c.state[i] < iterWithdrawn {
			v.Keep = c.show(c.kf[i])
		}
		if c.counting(i) {
			held = a.Add(held, c.votes[i])
		}
		rec.Votes[i] = v
	}
	rec.Threshold = c.show(c.quota)
	rec.Surplus = c.show(c.surplus)
	rec.Residual = c.show(c.residual)
	rec.Total = c.show(a.Add(held, c.residual))
}

// show writes x at the places shown. Exact values are rounded to the
// nearest, a half up, as Droop shows them (Format truncates them).
func (c *iterCount) show(x Num) string {
	if c.a.Kind != ArithRational {
		return c.a.Format(x, c.places)
	}
	unit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(c.places)), nil)
	v := new(big.Rat).Mul(c.a.Rat(x), new(big.Rat).SetInt(unit))
	v.Add(v, big.NewRat(1, 2))
	n := new(big.Int).Div(v.Num(), v.Denom()) // floor: the denominator is positive
	return formatScaled(n.String(), c.places)
}
