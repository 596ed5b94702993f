package count

import (
	"fmt"
	"strconv"
	"strings"
)

// DefaultRankedRules returns a method's rules as the method's own text
// sets them; the tie rule defaults to the previous rounds, then lots drawn
// at the table, so that no tie is ever settled by a rule nobody chose.
func DefaultRankedRules(m RankedMethod) RankedRules {
	r := RankedRules{Method: m, Seats: 1, MaxSkipped: -1, Overvote: OvervoteExhaust, Arithmetic: ArithFixed,
		Quota: QuotaDroop, Tie: TieRules{Rule: TiePrevious, Fallback: TieLots}}
	switch m {
	case RankedIRV:
		r.Places = 4
	case RankedScottish:
		r.Places = 5
	case RankedCfER:
		// CfER, like the PR Foundation's WIGM and generic WIGM, needs more
		// than votes ÷ (seats + 1), to its places.
		r.Places, r.Quota = 5, QuotaDroopFractional
	case RankedWIGM, RankedPRFWIGM:
		r.Places, r.Quota = 4, QuotaDroopFractional
	case RankedMeek, RankedWarren, RankedPRFMeek:
		// Equal rankings are equal preferences under the iterative methods.
		r.Places, r.Omega, r.Quota, r.Overvote = 9, 6, QuotaDroopExact, OvervoteEqual
	case RankedQPQ:
		// Droop's QPQ: guarded arithmetic, as many guard digits as places.
		r.Places, r.Arithmetic, r.Guard = 9, ArithGuarded, 9
	default:
		r.Places = 4
	}
	r.Display = r.Places
	return r
}

// withDefaults fills what a caller left zero with the method's defaults.
func (r *RankedRules) withDefaults() {
	d := DefaultRankedRules(r.Method)
	if r.Arithmetic == ArithNone {
		r.Arithmetic = d.Arithmetic
	}
	if r.Places == 0 && r.Arithmetic != ArithRational {
		r.Places = d.Places
	}
	if r.Display == 0 {
		r.Display = r.Places
		if r.Arithmetic == ArithRational && r.Display == 0 {
			r.Display = d.Places
		}
	}
	if r.Quota == QuotaNone {
		r.Quota = d.Quota
	}
	if r.Omega == 0 {
		r.Omega = d.Omega
	}
	if r.Overvote == OvervoteNone {
		r.Overvote = d.Overvote
	}
	if r.Tie.Rule == TieNone {
		r.Tie = TieRules{Rule: d.Tie.Rule, Fallback: d.Tie.Fallback, Seed: r.Tie.Seed, Order: r.Tie.Order, Lots: r.Tie.Lots}
	}
}

// rankedOption is one key of the [ranked] table or a --ranked flag.
type rankedOption struct {
	key, help string
	set       func(r *RankedRules, v string) error
}

func parseEnum[T ~int](names []string, v string, dst *T) error {
	for i, n := range names {
		if i > 0 && n == v {
			*dst = T(i)
			return nil
		}
	}
	return fmt.Errorf("expected one of %s", strings.Join(names[1:], ", "))
}

func nameList(s string) []string {
	var out []string
	for _, n := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

var rankedOptions = []rankedOption{
	{"method", "counting method: " + strings.Join(rankedMethodNames[1:], ", "), func(r *RankedRules, v string) error {
		var m RankedMethod
		if err := parseEnum(rankedMethodNames, v, &m); err != nil {
			return err
		}
		// A method brings its own defaults; the other options follow it.
		seats := r.Seats
		*r = DefaultRankedRules(m)
		r.Seats = seats
		return nil
	}},
	{"quota", "droop, droop-fractional, hare, droop-exact", func(r *RankedRules, v string) error { return parseEnum(quotaNames, v, &r.Quota) }},
	{"arithmetic", "fixed, rational, guarded", func(r *RankedRules, v string) error { return parseEnum(arithNames, v, &r.Arithmetic) }},
	{"places", "decimal places kept (fixed) or shown", intOpt(func(r *RankedRules) *int { return &r.Places }, 0, 18)},
	{"guard", "guard digits (guarded arithmetic)", intOpt(func(r *RankedRules) *int { return &r.Guard }, 0, 18)},
	{"display", "decimal places shown", intOpt(func(r *RankedRules) *int { return &r.Display }, 0, 18)},
	{"omega", "Meek/Warren: iterate until the surplus is below 10^-omega", intOpt(func(r *RankedRules) *int { return &r.Omega }, 1, 15)},
	{"overvote", "exhaust, skip, exhaust-if-multiple, equal", func(r *RankedRules, v string) error { return parseEnum(overvoteNames, v, &r.Overvote) }},
	{"max_skipped", "skipped ranks allowed before a ballot exhausts (-1: no limit)", intOpt(func(r *RankedRules) *int { return &r.MaxSkipped }, -1, 1000)},
	{"exhaust_on_duplicate", "true: a candidate ranked twice exhausts the ballot", boolOpt(func(r *RankedRules) *bool { return &r.ExhaustOnDuplicate })},
	{"max_rankings", "ranks read per ballot (0: all)", intOpt(func(r *RankedRules) *int { return &r.MaxRankings }, 0, 1000)},
	{"batch_elimination", "true: eliminate together those who cannot overtake the next lowest", boolOpt(func(r *RankedRules) *bool { return &r.BatchElimination })},
	{"continue_until_two", "true: keep eliminating after the winner until two remain", boolOpt(func(r *RankedRules) *bool { return &r.ContinueUntilTwo })},
	{"first_round_threshold", "true: round 1's threshold holds for the count", boolOpt(func(r *RankedRules) *bool { return &r.FirstRoundThreshold })},
	{"one_winner_per_round", "true: at most one elected per round", boolOpt(func(r *RankedRules) *bool { return &r.OneWinnerPerRound })},
	{"sequential", "true: multi-pass IRV, one single-winner count per seat", boolOpt(func(r *RankedRules) *bool { return &r.Sequential })},
	{"bottoms_up", "true: eliminate until as many remain as there are seats", boolOpt(func(r *RankedRules) *bool { return &r.BottomsUp })},
	{"bottoms_up_percent", "eliminate until everyone left has this share of the votes (e.g. 15%)", func(r *RankedRules, v string) error {
		if !strings.HasSuffix(strings.TrimSpace(v), "%") {
			return fmt.Errorf("expected a percentage such as 15%%")
		}
		p, err := ParseRatio(v)
		if err != nil {
			return err
		}
		if p.Num <= 0 || p.Num >= p.Den {
			return fmt.Errorf("expected a share above 0%% and below 100%%")
		}
		r.BottomsUpPercent, r.BottomsUp = p, true
		return nil
	}},
	{"defeat_batch", "none (one at a time) or safe (every sure loser)", func(r *RankedRules, v string) error {
		if v != "none" && v != "safe" {
			return fmt.Errorf("expected none or safe")
		}
		r.DefeatBatch = v
		return nil
	}},
	{"stop_after_round", "end the count after this round (0: never)", intOpt(func(r *RankedRules) *int { return &r.StopAfterRound }, 0, 100000)},
	{"equalize", "true: equal rankings count as the average of their orders", boolOpt(func(r *RankedRules) *bool { return &r.Equalize })},
	{"positive_surplus", "true: an elected candidate below the quota adds nothing to the surplus", boolOpt(func(r *RankedRules) *bool { return &r.PositiveSurplus })},
	{"excluded", "candidates left out of the count (comma-separated)", func(r *RankedRules, v string) error { r.Excluded = nameList(v); return nil }},
	{"withdrawn", "candidates removed from every ballot (comma-separated)", func(r *RankedRules, v string) error { r.Withdrawn = nameList(v); return nil }},
	{"undeclared_write_in", "the name gathering undeclared write-ins", func(r *RankedRules, v string) error { r.UndeclaredWriteIn = v; return nil }},
	{"tie", "order, previous, random, lots, permutation", func(r *RankedRules, v string) error { return parseEnum(tieRuleNames, v, &r.Tie.Rule) }},
	{"tie_fallback", "after previous: order, random or lots", func(r *RankedRules, v string) error {
		var t RankedTieRule
		if err := parseEnum(tieRuleNames, v, &t); err != nil || t != TieOrder && t != TieRandom && t != TieLots {
			return fmt.Errorf("expected order, random or lots")
		}
		r.Tie.Fallback = t
		return nil
	}},
	{"tie_seed", "the seed of a random draw (shown with the result)", func(r *RankedRules, v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("expected a whole number")
		}
		r.Tie.Seed = n
		return nil
	}},
	{"tie_order", "the tie order, earliest first (comma-separated)", func(r *RankedRules, v string) error { r.Tie.Order = nameList(v); return nil }},
	{"lot", "a lot drawn at the table, as ROUND:TIED,NAMES:CHOSEN (repeatable)", func(r *RankedRules, v string) error {
		parts := strings.Split(v, ":")
		if len(parts) != 3 {
			return fmt.Errorf("expected ROUND:TIED,NAMES:CHOSEN, such as 2:Ann,Bob:Ann")
		}
		n, err := strconv.Atoi(strings.TrimSpace(parts[0]))
		if err != nil || n < 1 {
			return fmt.Errorf("expected the round, a whole number from 1, before the first colon")
		}
		r.Tie.Lots = append(r.Tie.Lots, Lot{Round: n, Among: nameList(parts[1]), Chosen: strings.TrimSpace(parts[2])})
		return nil
	}},
}

func intOpt(field func(*RankedRules) *int, min, max int) func(*RankedRules, string) error {
	return func(r *RankedRules, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < min || n > max {
			return fmt.Errorf("expected a whole number from %d to %d", min, max)
		}
		*field(r) = n
		return nil
	}
}

func boolOpt(field func(*RankedRules) *bool) func(*RankedRules, string) error {
	return func(r *RankedRules, v string) error {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("expected true or false")
		}
		*field(r) = b
		return nil
	}
}

// RankedKeys lists the ranked options' keys, in order.
func RankedKeys() []string {
	out := make([]string, len(rankedOptions))
	for i, o := range rankedOptions {
		out[i] = o.key
	}
	return out
}

// RankedHelp returns what a ranked option takes.
func RankedHelp(key string) string {
	for _, o := range rankedOptions {
		if o.key == key {
			return o.help
		}
	}
	return ""
}

// Set changes one ranked option by key; the error says what was expected.
// Setting method first resets the others to that method's defaults.
func (r *RankedRules) Set(key, value string) error {
	for _, o := range rankedOptions {
		if o.key != key {
			continue
		}
		if err := o.set(r, strings.TrimSpace(value)); err != nil {
			return fmt.Errorf("ranked %s = %q: %w", key, value, err)
		}
		return nil
	}
	return fmt.Errorf("unknown ranked option %q%s", key, suggest(key, RankedKeys()))
}

// SetList sets an option that takes names (excluded, withdrawn,
// tie_order) from a list, so that a name with a comma ("Roe, Max") stays
// one name.
func (r *RankedRules) SetList(key string, names []string) error {
	clean := make([]string, 0, len(names))
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			clean = append(clean, n)
		}
	}
	switch key {
	case "excluded":
		r.Excluded = clean
	case "withdrawn":
		r.Withdrawn = clean
	case "tie_order":
		r.Tie.Order = clean
	default:
		return fmt.Errorf("ranked %s takes one value, not a list", key)
	}
	return nil
}
