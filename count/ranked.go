package count

import (
	"fmt"
	"slices"
	"strings"
)

// OvervoteMark stands in a rank for an overvote the paper shows without
// saying which candidates were marked (a scanner's "overvote" cell).
const OvervoteMark = -1

// Ranking is one ranked ballot, or Count identical ones: Ranks[i] holds the
// candidates marked at rank i+1, as on the paper. A rank may hold several
// candidates (an overvote, or an equal ranking, as the rules say) or none
// (a skipped rank).
type Ranking struct {
	Ranks [][]int `json:"ranks"`
	Count int64   `json:"count"`
}

// RankedMethod names a ranked counting method.
type RankedMethod int

// Ranked methods. Each is a named rule set; RankedRules holds its options.
const (
	RankedNone RankedMethod = iota
	// RankedIRV: instant-runoff, and its multi-seat forms, with the options
	// a US election office configures (RCTab's rule set).
	RankedIRV
	// RankedScottish: Scottish STV, the 2007 Order (5 decimal places).
	RankedScottish
	// RankedMeek: Meek STV, iterative keep factors.
	RankedMeek
	// RankedWIGM: the weighted inclusive Gregory method.
	RankedWIGM
	// RankedWarren: Warren STV, iterative like Meek.
	RankedWarren
	// RankedMinneapolis: the Minneapolis STV ordinance.
	RankedMinneapolis
	// RankedCfER: the Californians for Electoral Reform draft statute.
	RankedCfER
	// RankedQPQ: Woodall's quota preferential by quotient.
	RankedQPQ
	// RankedPRFWIGM: the Proportional Representation Foundation's reference WIGM.
	RankedPRFWIGM
	// RankedPRFMeek: the Proportional Representation Foundation's reference Meek.
	RankedPRFMeek
)

var rankedMethodNames = []string{"", "irv", "scottish", "meek", "wigm", "warren", "minneapolis", "cfer", "qpq", "prf-wigm", "prf-meek"}

func (m RankedMethod) String() string { return nameOf(rankedMethodNames, int(m)) }

// MarshalText writes the method's name.
func (m RankedMethod) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads the method's name.
func (m *RankedMethod) UnmarshalText(b []byte) error {
	return unmarshalEnum(m, "ranked method", rankedMethodNames, b)
}

// RankedMethods lists the method names.
func RankedMethods() []string { return append([]string(nil), rankedMethodNames[1:]...) }

// OvervoteRule says what a rank holding several candidates does to a ballot.
type OvervoteRule int

// Overvote rules.
const (
	OvervoteNone OvervoteRule = iota
	// OvervoteExhaust: the ballot stops counting at the overvote.
	OvervoteExhaust
	// OvervoteSkip: the rank is passed over and the next one read.
	OvervoteSkip
	// OvervoteExhaustIfMultiple: the ballot stops if two or more of the
	// rank's candidates are continuing; one continuing gets the vote; none,
	// the next rank is read.
	OvervoteExhaustIfMultiple
	// OvervoteEqual: the candidates share the rank as equal preferences
	// (STV methods that allow equal rankings).
	OvervoteEqual
)

var overvoteNames = []string{"", "exhaust", "skip", "exhaust-if-multiple", "equal"}

func (o OvervoteRule) String() string { return nameOf(overvoteNames, int(o)) }

// MarshalText writes the rule's name.
func (o OvervoteRule) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText reads the rule's name.
func (o *OvervoteRule) UnmarshalText(b []byte) error {
	return unmarshalEnum(o, "overvote rule", overvoteNames, b)
}

// QuotaRule says how a multi-seat count's quota (threshold) is set.
type QuotaRule int

// Quota rules. For single-winner IRV the threshold is a majority of the
// continuing votes whatever this says.
const (
	QuotaNone QuotaRule = iota
	// QuotaDroop: floor(V / (seats+1)) + 1.
	QuotaDroop
	// QuotaDroopFractional: V / (seats+1) truncated to the arithmetic's
	// places, plus its smallest unit.
	QuotaDroopFractional
	// QuotaHare: ceil(V / seats).
	QuotaHare
	// QuotaDroopExact: V / (seats+1) plus the smallest unit when that is
	// exact (Meek and Warren, recomputed as votes are exhausted).
	QuotaDroopExact
)

var quotaNames = []string{"", "droop", "droop-fractional", "hare", "droop-exact"}

func (q QuotaRule) String() string { return nameOf(quotaNames, int(q)) }

// MarshalText writes the rule's name.
func (q QuotaRule) MarshalText() ([]byte, error) { return []byte(q.String()), nil }

// UnmarshalText reads the rule's name.
func (q *QuotaRule) UnmarshalText(b []byte) error { return unmarshalEnum(q, "quota", quotaNames, b) }

// RankedTieRule says how a tie is settled. Peers disagree on results when
// they hide this; ours is always printed with the result.
type RankedTieRule int

// Tie rules.
const (
	TieNone RankedTieRule = iota
	// TieOrder: by the order of the candidates (or the tie order given):
	// the earliest wins a tie for election and survives a tie for
	// elimination.
	TieOrder
	// TiePrevious: by the previous rounds' counts, most recent first; if
	// equal in every round, by the fallback rule.
	TiePrevious
	// TieRandom: a random draw from a seeded generator; the seed is shown
	// and the draw can be reproduced.
	TieRandom
	// TieLots: lots drawn at the table and keyed in: the count stops at an
	// undecided tie and says so, and continues once the lot is given.
	TieLots
	// TiePermutation: one random order of the candidates, drawn from the
	// seed before the count, then used as the tie order.
	TiePermutation
)

var tieRuleNames = []string{"", "order", "previous", "random", "lots", "permutation"}

func (t RankedTieRule) String() string { return nameOf(tieRuleNames, int(t)) }

// MarshalText writes the rule's name.
func (t RankedTieRule) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText reads the rule's name.
func (t *RankedTieRule) UnmarshalText(b []byte) error {
	return unmarshalEnum(t, "tie rule", tieRuleNames, b)
}

// Lot is the result of a lot drawn at the table for one tie: in round
// Round, among the tied candidates, Chosen is the one the tie is decided
// for (elected, or eliminated, as the tie's kind says).
type Lot struct {
	Round  int      `json:"round"`
	Among  []string `json:"among"`
	Chosen string   `json:"chosen"`
}

// TieRules are the tie rule and what it needs.
type TieRules struct {
	Rule RankedTieRule `json:"rule"`
	// Fallback settles what TiePrevious cannot (order, random or lots).
	Fallback RankedTieRule `json:"fallback,omitempty"`
	// Seed seeds TieRandom's generator.
	Seed int64 `json:"seed,omitempty"`
	// Order is the tie order for TieOrder (default: the candidates' order).
	Order []string `json:"order,omitempty"`
	// OrderPicksFirst: the earliest in Order is the one a tie is decided
	// for, whatever it decides (a BLT file's [tie] order, lots drawn in
	// advance). Otherwise the earliest wins an election tie and survives an
	// elimination tie.
	OrderPicksFirst bool `json:"order_picks_first,omitempty"`
	// Lots are the lots drawn so far.
	Lots []Lot `json:"lots,omitempty"`
}

// RankedRules are every option of a ranked count. Each method reads the
// options that apply to it; Describe lists those, so the result states them.
type RankedRules struct {
	Method RankedMethod `json:"method"`
	Seats  int          `json:"seats"`
	Quota  QuotaRule    `json:"quota,omitempty"`

	Arithmetic ArithKind `json:"arithmetic,omitempty"`
	// Places: digits kept in fixed arithmetic (Scottish 5, Meek 9).
	Places int `json:"places,omitempty"`
	// Guard: extra digits in guarded arithmetic.
	Guard int `json:"guard,omitempty"`
	// Display: digits shown (default Places).
	Display int `json:"display,omitempty"`
	// Omega: Meek and Warren iterate until the surplus is below 10^-Omega.
	Omega int `json:"omega,omitempty"`

	Overvote OvervoteRule `json:"overvote,omitempty"`
	// MaxSkipped ranks before a ballot is exhausted; -1 for no limit.
	MaxSkipped int `json:"max_skipped"`
	// ExhaustOnDuplicate: a candidate ranked twice exhausts the ballot.
	ExhaustOnDuplicate bool `json:"exhaust_on_duplicate,omitempty"`
	// MaxRankings: ranks past this are not read (0: all).
	MaxRankings int `json:"max_rankings,omitempty"`

	// BatchElimination: eliminate at once every candidate who together
	// cannot overtake the next lowest.
	BatchElimination bool `json:"batch_elimination,omitempty"`
	// ContinueUntilTwo: keep eliminating after a winner until two remain.
	ContinueUntilTwo bool `json:"continue_until_two,omitempty"`
	// FirstRoundThreshold: the threshold of round 1 holds for the count.
	FirstRoundThreshold bool `json:"first_round_threshold,omitempty"`
	// OneWinnerPerRound: at most one candidate is elected per round.
	OneWinnerPerRound bool `json:"one_winner_per_round,omitempty"`
	// Sequential: multi-pass IRV, one single-winner count per seat, each
	// pass without the earlier winners.
	Sequential bool `json:"sequential,omitempty"`
	// BottomsUp: eliminate until the seats' number remain, no surplus transfer.
	BottomsUp bool `json:"bottoms_up,omitempty"`
	// BottomsUpPercent: eliminate until every remaining candidate has this
	// share of the continuing votes (the seats are then however many remain).
	BottomsUpPercent Ratio `json:"bottoms_up_percent,omitzero"`
	// DefeatBatch: "none" (one at a time) or "safe" (every sure loser).
	DefeatBatch string `json:"defeat_batch,omitempty"`
	// StopAfterRound ends the count after that round (0: never).
	StopAfterRound int `json:"stop_after_round,omitempty"`
	// Equalize: a ballot with equal preferences counts as the average of
	// every order of them.
	Equalize bool `json:"equalize,omitempty"`
	// PositiveSurplus: an elected candidate below the quota adds nothing
	// to the surplus (never a negative share), as stv-rs's
	// --force-positive-surplus.
	PositiveSurplus bool `json:"positive_surplus,omitempty"`

	// Excluded candidates are left out of the count entirely.
	Excluded []string `json:"excluded,omitempty"`
	// Withdrawn candidates are removed from every ballot before counting.
	Withdrawn []string `json:"withdrawn,omitempty"`
	// UndeclaredWriteIn names the pseudo-candidate that gathers write-ins
	// nobody declared; it never wins and goes first when it has votes.
	UndeclaredWriteIn string `json:"undeclared_write_in,omitempty"`

	Tie TieRules `json:"tie"`
}

// Inactive reasons: why a ballot stopped counting.
const (
	InactiveExhausted  = "exhausted"
	InactiveOvervote   = "overvote"
	InactiveSkipped    = "skipped"
	InactiveRepeated   = "repeated"
	InactiveUndervote  = "undervote"
	InactiveFinalRound = "final-round-surplus"
)

// CandidateVotes is one candidate's votes in a round.
type CandidateVotes struct {
	Name  string `json:"name"`
	Votes string `json:"votes"`
	// State: hopeful, elected, pending (elected, surplus not yet
	// transferred), eliminated, excluded, withdrawn.
	State string `json:"state"`
	// Keep is a Meek or Warren keep factor, where the method has one.
	Keep string `json:"keep,omitempty"`
}

// Transfer is votes moved in a round: from a candidate to another, or to
// "exhausted" (no further continuing preference) or "residual" (lost to
// rounding).
type Transfer struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Votes string `json:"votes"`
}

// Decision is a candidate elected or eliminated in a round, and why.
type Decision struct {
	Name string `json:"name"`
	// Why: quota (reached the quota or threshold), majority, last-seats
	// (no more continuing than seats left), last-two (the higher of the
	// last two), lowest, batch (could not overtake the next lowest
	// together), write-in (undeclared write-ins go first), bottoms-up,
	// seats-filled (defeated once every seat is filled).
	Why string `json:"why"`
	// Tie: the decision settled a tie (see RankedCount.Ties).
	Tie bool `json:"tie,omitempty"`
}

// TieBreak records how a tie was settled.
type TieBreak struct {
	Round int `json:"round"`
	// Kind: eliminate, elect, or surplus (whose surplus goes first).
	Kind   string   `json:"kind"`
	Among  []string `json:"among"`
	Chosen string   `json:"chosen"`
	// How: order, previous (with the round that differed), random (with the
	// seed), lots (keyed in), or pending (a lot is needed and not given);
	// "previous, then …" when the earlier rounds left a tie to another rule.
	How    string `json:"how"`
	Detail string `json:"detail,omitempty"`
	// Rounds are the earlier rounds that narrowed the tie (previous).
	Rounds []int `json:"rounds,omitempty"`
	// Seed, Draw and Of: a random draw picked the Draw-th of Of names in
	// order with this seed.
	Seed int64 `json:"seed,omitempty"`
	Draw int   `json:"draw,omitempty"`
	Of   int   `json:"of,omitempty"`
}

// RankedRound is the record of one round of a ranked count.
type RankedRound struct {
	Round int `json:"round"`
	// Votes of every candidate still in the count, and the elected.
	Votes      []CandidateVotes `json:"votes"`
	Threshold  string           `json:"threshold"`
	Surplus    string           `json:"surplus,omitempty"`
	Elected    []Decision       `json:"elected"`
	Eliminated []Decision       `json:"eliminated"`
	Transfers  []Transfer       `json:"transfers,omitempty"`
	// Inactive: ballots (votes) no longer counting, by reason, cumulative.
	Inactive map[string]string `json:"inactive,omitempty"`
	// Exhausted and Residual are the cumulative non-transferable votes and
	// the votes lost to rounding, where the method reports them.
	Exhausted string `json:"exhausted,omitempty"`
	Residual  string `json:"residual,omitempty"`
	// Total is every vote accounted for (continuing + exhausted + residual).
	Total string `json:"total,omitempty"`
	// Note: anything else the round did, in English; NoteCode says the same
	// for a reader in another language: iterations (Iterations holds how
	// many), final-surplus (the seats are filled: the round shows the last
	// surplus moving), stopped (the rules end the count after this round),
	// not-transferred (the candidates left fill the seats; the defeated
	// candidates' ballots are not transferred).
	Note       string `json:"note,omitempty"`
	NoteCode   string `json:"note_code,omitempty"`
	Iterations int    `json:"iterations,omitempty"`
}

// RankedCount is the full record of a ranked count.
type RankedCount struct {
	Method     RankedMethod `json:"method"`
	Rules      []RuleUse    `json:"rules"`
	Seats      int          `json:"seats"`
	Candidates []string     `json:"candidates"`
	Ballots    int64        `json:"ballots"`
	// Undervotes are ballots with no preference at all: inactive from the
	// first round, in no round's figures.
	Undervotes int64 `json:"undervotes,omitempty"`
	// Unused are ballots with marks but no preference the method could use
	// (an overvote at the first rank under overvote = exhaust, only
	// withdrawn candidates): set aside before the first round.
	Unused  int64         `json:"unused,omitempty"`
	Quota   string        `json:"quota"`
	Rounds  []RankedRound `json:"rounds"`
	Winners []string      `json:"winners"`
	Ties    []TieBreak    `json:"ties,omitempty"`
	// Passes are the single-winner counts of a sequential (multi-pass) IRV.
	Passes []*RankedCount `json:"passes,omitempty"`
	// Pending: the count stopped at a tie that needs a lot drawn at the
	// table; key it in and count again.
	Pending *TieBreak `json:"pending,omitempty"`
}

// RankedInput is a ranked count's input: the candidates in ballot-paper
// order and the ballots, identical ones merged.
type RankedInput struct {
	Candidates []string
	Ballots    []Ranking
}

// CandidateIndex returns a candidate's index, or -1.
func (in *RankedInput) CandidateIndex(name string) int { return slices.Index(in.Candidates, name) }

// Merge returns the ballots with identical rankings merged, in order of
// first appearance, so that a count's work grows with the distinct
// rankings, not the ballots.
func Merge(ballots []Ranking) []Ranking {
	index := map[string]int{}
	var out []Ranking
	var key strings.Builder
	for _, b := range ballots {
		key.Reset()
		for _, r := range b.Ranks {
			for _, c := range r {
				fmt.Fprintf(&key, "%d,", c)
			}
			key.WriteByte('|')
		}
		k := key.String()
		if i, ok := index[k]; ok {
			out[i].Count += b.Count
			continue
		}
		index[k] = len(out)
		out = append(out, Ranking{Ranks: b.Ranks, Count: b.Count})
	}
	return out
}

// Count runs the rules' method over the input.
func (rules *RankedRules) Count(in *RankedInput) (*RankedCount, error) {
	if rules.Seats < 0 {
		return nil, fmt.Errorf("seats: expected 0 (bottoms-up to a percentage) or more, got %d", rules.Seats)
	}
	// Every method reads the same rankings: they are checked once, here.
	for _, b := range in.Ballots {
		if b.Count < 0 {
			return nil, fmt.Errorf("%s: a ballot count is negative (%d)", rules.Method, b.Count)
		}
		for _, rank := range b.Ranks {
			for _, x := range rank {
				if x != OvervoteMark && (x < 0 || x >= len(in.Candidates)) {
					return nil, fmt.Errorf("%s: a ballot ranks candidate %d; there are %d", rules.Method, x, len(in.Candidates))
				}
			}
		}
	}
	named := func(what string, names ...string) error {
		for _, n := range names {
			if in.CandidateIndex(n) < 0 {
				return fmt.Errorf("%s: %q is not a candidate%s", what, n, suggest(n, in.Candidates))
			}
		}
		return nil
	}
	for _, check := range []error{
		named("excluded", rules.Excluded...),
		named("withdrawn", rules.Withdrawn...),
		named("tie_order", rules.Tie.Order...),
	} {
		if check != nil {
			return nil, check
		}
	}
	if u := rules.UndeclaredWriteIn; u != "" {
		if err := named("undeclared_write_in", u); err != nil {
			return nil, fmt.Errorf("%w: list the write-ins' pseudo-candidate among the candidates", err)
		}
	}
	for i, l := range rules.Tie.Lots {
		if err := named(fmt.Sprintf("lot %d", i+1), append(append([]string(nil), l.Among...), l.Chosen)...); err != nil {
			return nil, err
		}
		if !slices.Contains(l.Among, l.Chosen) {
			return nil, fmt.Errorf("lot %d: %q is not among the tied %s", i+1, l.Chosen, strings.Join(l.Among, ", "))
		}
	}
	r := *rules
	r.withDefaults()
	if err := r.fits(); err != nil {
		return nil, err
	}
	count, ok := rankedCounters[r.Method]
	if !ok {
		return nil, fmt.Errorf("ranked method %q is not implemented; implemented: %s", r.Method, strings.Join(ImplementedRankedMethods(), ", "))
	}
	res, err := count(&r, in)
	if err != nil {
		return nil, err
	}
	var total int64
	for _, b := range in.Ballots {
		total += b.Count
	}
	if res.Ballots < total-res.Undervotes && len(res.Passes) == 0 {
		// Ballots the method set aside before counting (no preference it
		// could use: an overvote at the first rank under exhaust, only
		// withdrawn candidates): say how many, never lose them silently.
		res.Unused = total - res.Ballots - res.Undervotes
	}
	if err := lotsUsed(&r, res); err != nil {
		return nil, err
	}
	return res, nil
}

// lotsUsed refuses a lot keyed in that settled no tie of the count: a lot
// with a wrong round or names would otherwise be ignored without a word.
func lotsUsed(r *RankedRules, res *RankedCount) error {
	if len(r.Tie.Lots) == 0 {
		return nil
	}
	var ties []TieBreak
	ties = append(ties, res.Ties...)
	for _, p := range res.Passes {
		ties = append(ties, p.Ties...)
	}
	if res.Pending != nil {
		ties = append(ties, *res.Pending)
	}
	for i, l := range r.Tie.Lots {
		used := false
		for _, t := range ties {
			used = used || t.How == "lots" && t.Round == l.Round && sameSet(t.Among, l.Among)
		}
		if !used {
			var seen []string
			for _, t := range ties {
				seen = append(seen, fmt.Sprintf("round %d: %s", t.Round, strings.Join(t.Among, ", ")))
			}
			if len(seen) == 0 {
				seen = []string{"none"}
			}
			why := "it matches no tie the count met"
			if r.Tie.Rule != TieLots && r.Tie.Fallback != TieLots {
				why = "the tie rule is " + r.Tie.Rule.String() + ", not lots"
			}
			return fmt.Errorf("lot %d (round %d among %s) was not used: %s; the ties were %s", i+1, l.Round, strings.Join(l.Among, ", "), why, strings.Join(seen, "; "))
		}
	}
	return nil
}

// rankedCounters maps each implemented method to its count.
var rankedCounters = map[RankedMethod]func(*RankedRules, *RankedInput) (*RankedCount, error){}

// ImplementedRankedMethods lists the methods this build can count.
func ImplementedRankedMethods() []string {
	var out []string
	for i, n := range rankedMethodNames {
		if _, ok := rankedCounters[RankedMethod(i)]; ok {
			out = append(out, n)
		}
	}
	return out
}

// Describe lists the options that decide a count under this method, as
// key = value lines for the result, so a count always states its rules.
func (r *RankedRules) Describe() []RuleUse {
	var out []RuleUse
	add := func(k, v string) { out = append(out, RuleUse{Key: k, Value: v}) }
	add("method", r.Method.String())
	add("seats", fmt.Sprint(r.Seats))
	if r.Method == RankedIRV {
		switch {
		case r.BottomsUp && !r.BottomsUpPercent.IsZero():
			add("bottoms_up_percent", r.BottomsUpPercent.String())
		case r.BottomsUp:
			add("bottoms_up", "true")
		case r.Sequential:
			add("sequential", "true")
		case r.Seats == 1:
			add("threshold", "majority of continuing votes")
		default:
			add("quota", r.Quota.String())
		}
		add("overvote", r.Overvote.String())
		ms := "unlimited"
		if r.MaxSkipped >= 0 {
			ms = fmt.Sprint(r.MaxSkipped)
		}
		add("max_skipped", ms)
		add("exhaust_on_duplicate", fmt.Sprint(r.ExhaustOnDuplicate))
		if r.MaxRankings > 0 {
			add("max_rankings", fmt.Sprint(r.MaxRankings))
		}
		add("batch_elimination", fmt.Sprint(r.BatchElimination))
		if r.Seats == 1 {
			add("continue_until_two", fmt.Sprint(r.ContinueUntilTwo))
			add("first_round_threshold", fmt.Sprint(r.FirstRoundThreshold))
		}
		if r.OneWinnerPerRound {
			add("one_winner_per_round", "true")
		}
		if r.StopAfterRound > 0 {
			add("stop_after_round", fmt.Sprint(r.StopAfterRound))
		}
	} else {
		add("quota", r.Quota.String())
		add("overvote", r.Overvote.String())
		if r.MaxSkipped >= 0 {
			add("max_skipped", fmt.Sprint(r.MaxSkipped))
		}
		add("arithmetic", r.Arithmetic.String())
		add("places", fmt.Sprint(r.Places))
		if r.Arithmetic == ArithGuarded {
			add("guard", fmt.Sprint(r.Guard))
		}
		if r.Omega > 0 {
			add("omega", fmt.Sprintf("1/10^%d", r.Omega))
		}
		if r.DefeatBatch != "" {
			add("defeat_batch", r.DefeatBatch)
		}
		if r.Equalize {
			add("equalize", "true")
		}
		if r.PositiveSurplus {
			add("positive_surplus", "true")
		}
	}
	if r.Method == RankedIRV && r.Seats > 1 && !r.BottomsUp && !r.Sequential {
		add("places", fmt.Sprint(r.Places))
	}
	if len(r.Excluded) > 0 {
		add("excluded", strings.Join(r.Excluded, ", "))
	}
	if len(r.Withdrawn) > 0 {
		add("withdrawn", strings.Join(r.Withdrawn, ", "))
	}
	if r.UndeclaredWriteIn != "" {
		add("undeclared_write_in", r.UndeclaredWriteIn)
	}
	tie := r.Tie.Rule.String()
	fb := TieNone
	if r.Tie.Rule == TiePrevious {
		fb = r.Tie.Fallback
		if fb == TieNone {
			fb = TieOrder
		}
		tie += ", then " + fb.String()
	}
	add("tie", tie)
	if r.Tie.Rule == TieRandom || fb == TieRandom || r.Tie.Rule == TiePermutation {
		add("tie_seed", fmt.Sprint(r.Tie.Seed))
	}
	if r.Tie.Rule == TieOrder || fb == TieOrder {
		if len(r.Tie.Order) > 0 {
			add("tie_order", strings.Join(r.Tie.Order, ", "))
		}
		if r.Tie.OrderPicksFirst {
			add("tie_order_picks", "first: the earliest is the one a tie is decided for (lots drawn in advance)")
		}
	}
	return out
}

// fits refuses options that mean nothing to the method, rather than
// ignoring them: a count states the rules that decided it, and a rule set
// that was silently not applied would be stated falsely.
func (r *RankedRules) fits() error {
	irvOnly := map[string]bool{
		"batch_elimination":     r.BatchElimination,
		"continue_until_two":    r.ContinueUntilTwo,
		"first_round_threshold": r.FirstRoundThreshold,
		"one_winner_per_round":  r.OneWinnerPerRound,
		"sequential":            r.Sequential,
		"bottoms_up":            r.BottomsUp,
		"stop_after_round":      r.StopAfterRound > 0,
	}
	iterative := r.Method == RankedMeek || r.Method == RankedWarren || r.Method == RankedPRFMeek
	stvOnly := map[string]bool{
		"equalize":         r.Equalize,
		"positive_surplus": r.PositiveSurplus,
		"defeat_batch":     r.DefeatBatch != "" && r.DefeatBatch != "none",
		"omega":            r.Omega > 0 && !iterative,
		"guard":            r.Guard > 0 && r.Arithmetic != ArithGuarded,
	}
	var wrong []string
	switch {
	case r.Method == RankedIRV:
		for k, set := range stvOnly {
			if set {
				wrong = append(wrong, k)
			}
		}
		if r.Overvote == OvervoteEqual {
			wrong = append(wrong, "overvote = equal")
		}
		if r.Arithmetic != ArithFixed {
			wrong = append(wrong, "arithmetic = "+r.Arithmetic.String())
		}
		if r.Quota == QuotaDroopExact {
			wrong = append(wrong, "quota = droop-exact")
		}
		if r.Places > 12 {
			wrong = append(wrong, fmt.Sprintf("places = %d (at most 12)", r.Places))
		}
	default:
		for k, set := range irvOnly {
			if set {
				wrong = append(wrong, k)
			}
		}
		if !iterative && (r.Equalize || r.PositiveSurplus) {
			wrong = append(wrong, "equalize or positive_surplus (Meek only)")
		}
		if iterative && r.Overvote != OvervoteEqual {
			wrong = append(wrong, "overvote = "+r.Overvote.String()+" (several names at one rank are equal preferences here)")
		}
	}
	if r.BottomsUpPercent.Num > 0 && r.BottomsUpPercent.Num >= r.BottomsUpPercent.Den {
		wrong = append(wrong, "bottoms_up_percent = "+r.BottomsUpPercent.String()+" (a share below 100%)")
	}
	if r.Tie.Fallback != TieNone && r.Tie.Fallback != TieOrder && r.Tie.Fallback != TieRandom && r.Tie.Fallback != TieLots {
		wrong = append(wrong, "tie_fallback = "+r.Tie.Fallback.String()+" (order, random or lots)")
	}
	if len(wrong) > 0 {
		slices.Sort(wrong)
		return fmt.Errorf("ranked method %s has no option %s: remove it, or choose a method that has it (docs/ranked.md)", r.Method, strings.Join(wrong, ", "))
	}
	return nil
}

// preferences reads one ballot's ranks into the single candidates it
// prefers, in order, as the STV methods of the Gregory family and QPQ read
// them: ranks past max_rankings are not read; a gap of more than
// max_skipped empty ranks ends the ballot; a rank naming several
// candidates still standing (or the overvote marker) ends it, or is passed
// over under overvote = skip; a candidate not standing (withdrawn,
// excluded) is passed over; a repeat is passed over, or ends the ballot
// under exhaust_on_duplicate. standing says who still stands, by index; it
// appends to out, using seen (one flag per candidate) as scratch.
func (r *RankedRules) preferences(ranks [][]int, standing []bool, out []int32, seen []bool) []int32 {
	clear(seen)
	last := 0 // the last rank read that held a mark, from 1
	for k, rank := range ranks {
		if r.MaxRankings > 0 && k >= r.MaxRankings {
			break
		}
		if len(rank) == 0 {
			continue
		}
		if r.MaxSkipped >= 0 && k-last > r.MaxSkipped {
			break
		}
		last = k + 1
		live, over := -1, false
		for _, x := range rank {
			switch {
			case x == OvervoteMark:
				over = true
			case standing[x]:
				if live >= 0 && live != x {
					over = true
				}
				live = x
			}
		}
		if over {
			if r.Overvote == OvervoteSkip {
				continue
			}
			break
		}
		if live < 0 {
			continue // only withdrawn or excluded candidates here
		}
		if seen[live] {
			if r.ExhaustOnDuplicate {
				break
			}
			continue
		}
		seen[live] = true
		out = append(out, int32(live))
	}
	return out
}
