package count

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Quota Preferential by Quotient (Woodall, Voting matters 17, 2003). A
// ballot is not a weight that moves but a share of the seats: each ballot
// has "elected" some fraction of a candidate so far. A hopeful's quotient
// is the ballots whose top hopeful it is, divided by one plus what those
// ballots have already elected; the quota is the active ballots divided
// by the seats not yet won by the inactive ones. Each stage elects the
// highest quotient if it exceeds the quota (its ballots have then elected
// one more seat between them), or else excludes the lowest quotient and
// counts again from the first preferences, as if the excluded candidate
// had never stood. The rounds recorded are Droop's (rule "qpq").

func init() {
	rankedCounters[RankedQPQ] = countQPQ
}

// qpqQuotaRule describes the quota in the rules a result states; the
// QuotaRule names have none for it.
const qpqQuotaRule = "qpq: active ballots ÷ (1 + seats − seats won by inactive ballots)"

type qpqState uint8

const (
	qpqHopeful qpqState = iota
	qpqElected
	qpqExcluded // excluded by the count (shown as eliminated)
	qpqWithdrawn
	qpqLeftOut // excluded by the rules before the count
)

var qpqStateNames = [...]string{"hopeful", "elected", "eliminated", "withdrawn", "excluded"}

// qpqBallot is a group of identical rankings: they contribute to the same
// candidate and have elected the same share, so they move together.
type qpqBallot struct {
	prefs []int
	count int64
	at    int // prefs[at] is the top hopeful; len(prefs): inactive
	// elected is the share of a seat each ballot of the group has elected.
	elected Num
}

type qpq struct {
	rules   RankedRules
	a       *Arith
	names   []string
	state   []qpqState
	ballots []qpqBallot
	total   int64 // ballots counted
	// votes and quotients are each candidate's as last worked out: a
	// candidate elected or excluded keeps those of its last stage.
	votes     []Num
	quotients []Num
	quota     Num
	active    int64 // ballots with a hopeful on them
	wonIdle   Num   // seats won by the inactive ballots (Woodall's t_x)
	winners   []int
	// restart: an exclusion happened, so the next stage counts afresh.
	restart bool
	// kept: elected when the round began and made hopeful by its restart.
	kept  []bool
	tb    *tieBreaker
	out   *RankedCount
	cur   *RankedRound
	notes []string
}

func countQPQ(rules *RankedRules, in *RankedInput) (*RankedCount, error) {
	eff, err := qpqSettings(rules)
	if err != nil {
		return nil, err
	}
	c, err := newQPQ(eff, in)
	if err != nil {
		return nil, err
	}
	if err := c.run(); err != nil {
		var lot *errPendingLot
		if !errors.As(err, &lot) {
			return nil, err
		}
		// The count stops at the tie; the stage so far is shown.
		c.out.Pending = &lot.tie
	}
	c.close()
	c.out.Ties = c.tb.ties
	return c.out, nil
}

// qpqSettings returns the rules as counted. Woodall defines the rule in
// exact arithmetic; Droop counts it in guarded arithmetic with 9 + 9
// digits, and any of ours will do. What the rule fixes (its own quota, one
// candidate a stage) is refused if asked otherwise.
func qpqSettings(rules *RankedRules) (RankedRules, error) {
	eff := *rules
	name := eff.Method.String()
	if eff.Seats < 1 {
		return eff, fmt.Errorf("%s: seats: expected 1 or more, got %d", name, eff.Seats)
	}
	// The integer Droop quota is every method's default, so it may be
	// nobody's choice; any other is a choice this rule cannot honour.
	if eff.Quota != QuotaNone && eff.Quota != QuotaDroop {
		return eff, fmt.Errorf("%s: the quota is the rule's own (%s); got %s", name, qpqQuotaRule, eff.Quota)
	}
	if eff.DefeatBatch != "" && eff.DefeatBatch != defeatNone {
		return eff, fmt.Errorf("%s: the rule excludes one candidate a stage; defeat batch %q is not one of its settings", name, eff.DefeatBatch)
	}
	if eff.Equalize {
		return eff, fmt.Errorf("%s: equalized counting of equal rankings is defined for meek only", name)
	}
	switch eff.Overvote {
	case OvervoteNone, OvervoteExhaust, OvervoteSkip:
	default:
		return eff, fmt.Errorf("%s: overvote rule %s is not one this rule can apply (exhaust or skip)", name, eff.Overvote)
	}
	if eff.Arithmetic == ArithNone {
		// Droop's choice. Count fills in DefaultRankedRules first, which
		// for this method says fixed, so this serves direct callers only.
		eff.Arithmetic = ArithGuarded
	}
	if eff.Places == 0 && eff.Arithmetic != ArithRational {
		eff.Places = 9
	}
	if eff.Arithmetic == ArithGuarded && eff.Guard == 0 {
		// Droop's qpq: as many guard digits as places.
		eff.Guard = eff.Places
	}
	if eff.Arithmetic == ArithFixed && eff.Places > 15 {
		return eff, fmt.Errorf("%s: fixed arithmetic keeps at most 15 places, got %d", name, eff.Places)
	}
	if eff.Display == 0 || eff.Arithmetic != ArithRational && eff.Display > eff.Places+eff.Guard {
		eff.Display = eff.Places
		if eff.Display == 0 {
			eff.Display = 9
		}
	}
	if eff.Tie.Rule == TieNone {
		eff.Tie.Rule, eff.Tie.Fallback = TiePrevious, TieLots
	}
	return eff, nil
}

func newQPQ(rules RankedRules, in *RankedInput) (*qpq, error) {
	n := len(in.Candidates)
	c := &qpq{rules: rules, names: in.Candidates, state: make([]qpqState, n), kept: make([]bool, n)}
	for _, x := range rules.Withdrawn {
		if i := in.CandidateIndex(x); i >= 0 {
			c.state[i] = qpqWithdrawn
		}
	}
	for _, x := range rules.Excluded {
		if i := in.CandidateIndex(x); i >= 0 {
			c.state[i] = qpqLeftOut
		}
	}
	if err := c.read(in); err != nil {
		return nil, err
	}
	if p := rules.Places; rules.Arithmetic == ArithFixed && c.total > 0 && pow10(p) > (1<<63-1)/10/c.total {
		return nil, fmt.Errorf("%s: fixed arithmetic with %d places cannot hold %d ballots; use fewer places, or guarded or rational arithmetic",
			rules.Method, p, c.total)
	}
	c.a = NewArith(rules.Arithmetic, rules.Places, rules.Guard)
	c.votes, c.quotients = make([]Num, n), make([]Num, n)
	for i := range c.votes {
		c.votes[i], c.quotients[i] = c.a.Zero(), c.a.Zero()
	}
	for i := range c.ballots {
		c.ballots[i].elected = c.a.Zero()
	}
	c.wonIdle = c.a.Zero()
	c.tb = newTieBreaker(rules.Tie, in.Candidates, c.a)
	c.out = &RankedCount{Method: rules.Method, Rules: rules.Describe(), Seats: rules.Seats, Candidates: in.Candidates,
		Ballots: c.total, Winners: []string{}}
	for i, u := range c.out.Rules {
		if u.Key == "quota" {
			c.out.Rules[i].Value = qpqQuotaRule
		}
	}
	return c, nil
}

// read keeps each ballot's preferences for candidates in the count, in
// order: skipped ranks passed over, the list cut at an overvote (unless
// overvotes are skipped), past MaxRankings, after too many skipped ranks,
// or at a repeated candidate when that exhausts the ballot. A ballot left
// with no preference is not counted at all.
func (c *qpq) read(in *RankedInput) error {
	index := map[string]int{}
	var key []byte
	seen := make([]bool, len(c.names))
	standing := make([]bool, len(c.names))
	for i, s := range c.state {
		standing[i] = s == qpqHopeful
	}
	for _, b := range in.Ballots {
		var prefs []int
		for _, p := range c.rules.preferences(b.Ranks, standing, nil, seen) {
			prefs = append(prefs, int(p))
		}
		if len(prefs) == 0 || b.Count == 0 {
			continue
		}
		c.total += b.Count
		key = key[:0]
		for _, p := range prefs {
			key = strconv.AppendInt(key, int64(p), 10)
			key = append(key, ',')
		}
		if g, ok := index[string(key)]; ok {
			c.ballots[g].count += b.Count
			continue
		}
		index[string(key)] = len(c.ballots)
		c.ballots = append(c.ballots, qpqBallot{prefs: prefs, count: b.Count})
	}
	return nil
}

func (c *qpq) fmt(x Num) string { return c.a.Format(x, c.rules.Display) }

func (c *qpq) list(st qpqState) []int {
	var out []int
	for i, s := range c.state {
		if s == st {
			out = append(out, i)
		}
	}
	return out
}

func (c *qpq) seatsLeft() int { return c.rules.Seats - len(c.winners) }

// complete: the seats are filled, or the hopefuls can fill no more than
// the seats left (Woodall 2.5b, 2.6).
func (c *qpq) complete() bool {
	return c.seatsLeft() <= 0 || len(c.list(qpqHopeful)) <= c.seatsLeft()
}

// top is the ballot's top hopeful, or -1 once it is inactive.
func (c *qpq) top(b *qpqBallot) int {
	if b.at < len(b.prefs) {
		return b.prefs[b.at]
	}
	return -1
}

// advance moves the ballot down to its top hopeful.
func (c *qpq) advance(b *qpqBallot) {
	for b.at < len(b.prefs) && c.state[b.prefs[b.at]] != qpqHopeful {
		b.at++
	}
}

func (c *qpq) run() error {
	c.open()
	// Before the first stage nothing has been counted: Woodall's quota of
	// every ballot over seats + 1, every candidate at nothing (as Droop
	// shows its round 0).
	c.active = c.total
	if err := c.setQuota(); err != nil {
		return err
	}
	c.tb.record(c.quotients)
	c.notes = append(c.notes, "the quotients are worked out from round 1 on")
	for !c.complete() {
		c.close()
		c.open()
		if c.restart {
			c.startAgain()
		}
		if err := c.stage(); err != nil {
			return err
		}
	}
	c.finish()
	return nil
}

// startAgain counts afresh after an exclusion (Woodall 2.5b, as Droop
// reads it): the elected become hopeful again and every ballot goes back
// to its top hopeful, having elected nothing.
func (c *qpq) startAgain() {
	c.restart = false
	var again []string
	for _, x := range c.winners {
		c.state[x] = qpqHopeful
		c.kept[x] = true
		again = append(again, c.names[x])
	}
	c.winners = c.winners[:0]
	c.out.Winners = c.out.Winners[:0]
	for i := range c.ballots {
		b := &c.ballots[i]
		b.at, b.elected = 0, c.a.Zero()
		c.advance(b)
	}
	note := "the count starts again from the first preferences without the excluded"
	if len(again) > 0 {
		note += "; " + strings.Join(again, ", ") + " hopeful again"
	}
	c.notes = append(c.notes, note)
}

// stage is one stage of Woodall 2.3-2.5: the quotients and the quota,
// then one election or one exclusion.
func (c *qpq) stage() error {
	if err := c.tally(); err != nil {
		return err
	}
	c.tb.record(c.quotients)
	hs := c.list(qpqHopeful)
	high := hs[0]
	for _, x := range hs[1:] {
		if c.a.Cmp(c.quotients[x], c.quotients[high]) > 0 {
			high = x
		}
	}
	if c.a.Cmp(c.quotients[high], c.quota) > 0 {
		x, tie, err := c.pick(hs, high, TieElect)
		if err != nil {
			return err
		}
		c.elect(x, "quota", tie)
		// 2.5a: each ballot that made x's quotient has now elected 1/q in
		// all, whatever it had elected before.
		share := c.a.Div(c.a.Int(1), c.quotients[x])
		for i := range c.ballots {
			if b := &c.ballots[i]; c.top(b) == x {
				b.elected = share
				c.advance(b)
			}
		}
		return nil
	}
	low := hs[0]
	for _, x := range hs[1:] {
		if c.a.Cmp(c.quotients[x], c.quotients[low]) < 0 {
			low = x
		}
	}
	x, tie, err := c.pick(hs, low, TieEliminate)
	if err != nil {
		return err
	}
	c.defeat(x, "lowest", tie)
	for i := range c.ballots {
		if b := &c.ballots[i]; c.top(b) == x {
			c.advance(b)
		}
	}
	c.restart = true
	return nil
}

// pick settles a tie among the hopefuls whose quotient equals best's.
func (c *qpq) pick(hs []int, best int, kind string) (int, bool, error) {
	var tied []int
	for _, x := range hs {
		if c.a.Cmp(c.quotients[x], c.quotients[best]) == 0 {
			tied = append(tied, x)
		}
	}
	x, err := c.tb.pick(c.cur.Round, kind, tied)
	return x, len(tied) > 1, err
}

// tally works out 2.3 and 2.4: each hopeful's ballots v_c and quotient
// v_c ÷ (1 + t_c), the active ballots, the seats won by the inactive
// ones, and the quota.
func (c *qpq) tally() error {
	a := c.a
	won := make([]Num, len(c.names))
	for _, x := range c.list(qpqHopeful) {
		c.votes[x], won[x] = a.Zero(), a.Zero()
	}
	c.active, c.wonIdle = 0, a.Zero()
	for i := range c.ballots {
		b := &c.ballots[i]
		share := a.MulInt(b.elected, b.count)
		x := c.top(b)
		if x < 0 {
			c.wonIdle = a.Add(c.wonIdle, share)
			continue
		}
		c.active += b.count
		c.votes[x] = a.Add(c.votes[x], a.Int(b.count))
		won[x] = a.Add(won[x], share)
	}
	var qs []string
	for _, x := range c.list(qpqHopeful) {
		c.quotients[x] = a.Div(c.votes[x], a.Add(a.Int(1), won[x]))
		qs = append(qs, c.names[x]+" "+c.fmt(c.quotients[x]))
	}
	c.notes = append(c.notes, "quotients: "+strings.Join(qs, ", "))
	if err := c.setQuota(); err != nil {
		return err
	}
	c.notes = append(c.notes, fmt.Sprintf("quota: %d active ballots ÷ (1 + %d seats − %s won by inactive ballots)",
		c.active, c.rules.Seats, c.fmt(c.wonIdle)))
	return nil
}

// setQuota is 2.4: va ÷ (1 + s − t_x).
func (c *qpq) setQuota() error {
	seats := c.a.Sub(c.a.Int(int64(c.rules.Seats)+1), c.wonIdle)
	if c.a.Cmp(seats, c.a.Zero()) <= 0 {
		// t_x counts seats already won, so it is at most s; only broken
		// arithmetic gets here.
		return fmt.Errorf("%s: round %d: the inactive ballots have won %s of %d seats", c.rules.Method, c.cur.Round,
			c.fmt(c.wonIdle), c.rules.Seats)
	}
	c.quota = c.a.Div(c.a.Int(c.active), seats)
	return nil
}

// elect declares x elected. A candidate the round's restart made hopeful
// and the same round elects again has held its seat from one round to
// the next: the round says so in its note, not as a new election, unless
// a tie had to be settled to elect it, when the tie decided the seat
// afresh and the decision is shown with it (as Droop reports both).
func (c *qpq) elect(x int, why string, tie bool) {
	c.state[x] = qpqElected
	c.winners = append(c.winners, x)
	c.out.Winners = append(c.out.Winners, c.names[x])
	if c.kept[x] && !tie {
		c.notes = append(c.notes, c.names[x]+" elected again")
		return
	}
	c.cur.Elected = append(c.cur.Elected, Decision{Name: c.names[x], Why: why, Tie: tie})
}

func (c *qpq) defeat(x int, why string, tie bool) {
	c.state[x] = qpqExcluded
	c.cur.Eliminated = append(c.cur.Eliminated, Decision{Name: c.names[x], Why: why, Tie: tie})
}

// finish fills the seats left with the hopefuls left if they can, and
// otherwise shows them defeated once the seats are filled.
func (c *qpq) finish() {
	hs := c.list(qpqHopeful)
	if len(hs) <= c.seatsLeft() {
		for _, x := range hs {
			c.elect(x, "last-seats", false)
		}
		return
	}
	for _, x := range hs {
		c.defeat(x, "seats-filled", false)
	}
}

func (c *qpq) open() {
	c.cur = &RankedRound{Round: len(c.out.Rounds) + 1, Elected: []Decision{}, Eliminated: []Decision{}}
	c.notes = c.notes[:0]
	clear(c.kept)
}

// close records the round as it ends.
func (c *qpq) close() {
	r := c.cur
	if r == nil {
		return
	}
	c.cur = nil
	for i, name := range c.names {
		r.Votes = append(r.Votes, CandidateVotes{Name: name, Votes: c.fmt(c.votes[i]), State: qpqStateNames[c.state[i]]})
	}
	r.Threshold = c.fmt(c.quota)
	// Inactive ballots are not spent votes here: they still count, through
	// the seats they have won, in the quota.
	r.Exhausted = c.fmt(c.a.Int(c.total - c.active))
	r.Total = c.fmt(c.a.Int(c.total))
	r.Note = strings.Join(c.notes, "; ")
	if len(c.out.Rounds) == 0 {
		c.out.Quota = r.Threshold
	}
	c.out.Rounds = append(c.out.Rounds, *r)
}
