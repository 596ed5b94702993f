package count

import (
	"math/big"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// wigmInput makes an input from candidate names and (count, "A B C")
// pairs, each a ranking read first to last.
func wigmInput(names string, spec ...any) *RankedInput {
	in := &RankedInput{Candidates: strings.Fields(names)}
	for i := 0; i < len(spec); i += 2 {
		r := Ranking{Count: int64(spec[i].(int))}
		for _, n := range strings.Fields(spec[i+1].(string)) {
			r.Ranks = append(r.Ranks, []int{in.CandidateIndex(n)})
		}
		in.Ballots = append(in.Ballots, r)
	}
	return in
}

func countWith(t *testing.T, rules RankedRules, in *RankedInput) *RankedCount {
	t.Helper()
	res, err := rules.Count(in)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func roundVotes(r RankedRound) map[string]string {
	out := map[string]string{}
	for _, v := range r.Votes {
		out[v.Name] = v.Votes
	}
	return out
}

func roundStates(r RankedRound) map[string]string {
	out := map[string]string{}
	for _, v := range r.Votes {
		out[v.Name] = v.State
	}
	return out
}

func decided(ds []Decision) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Name+":"+d.Why)
	}
	return out
}

func moved(r RankedRound, from, to string) string {
	for _, t := range r.Transfers {
		if t.From == from && t.To == to {
			return t.Votes
		}
	}
	return ""
}

func scottish(seats int) RankedRules {
	return RankedRules{Method: RankedScottish, Seats: seats, MaxSkipped: -1}
}

// Rule 46: ballots ÷ (seats + 1), decimals ignored, plus one; papers
// that rank only withdrawn candidates are not valid papers for the quota.
func TestScottish_QuotaIgnoresDecimalsAndAddsOne(t *testing.T) {
	in := wigmInput("A B C W", 5, "A", 3, "B", 2, "C", 4, "W")
	rules := scottish(2)
	rules.Withdrawn = []string{"W"}
	res := countWith(t, rules, in)
	if res.Quota != "4.00000" || res.Ballots != 10 {
		t.Errorf("quota %s of %d ballots, want 4.00000 of 10 (10 ÷ 3 = 3.33, ignore decimals, + 1)", res.Quota, res.Ballots)
	}
	if s := roundStates(res.Rounds[0])["W"]; s != "withdrawn" {
		t.Errorf("W is %q, want withdrawn", s)
	}
}

// Rule 48(3): each paper's transfer value is surplus × value ÷ votes to
// five places, the remainder ignored; what the truncation keeps back is
// the residual, and the elected candidate keeps exactly the quota.
func TestScottish_TransferValueTruncatedToFivePlaces(t *testing.T) {
	in := wigmInput("A B C D", 7, "A B", 2, "C", 3, "D")
	res := countWith(t, scottish(2), in)
	r := res.Rounds[1] // A's surplus of 2 over the quota of 5
	v := roundVotes(r)
	// 2 ÷ 7 = 0.285714… → 0.28571 a paper; 7 papers: 1.99997.
	if v["A"] != "5.00000" || v["B"] != "1.99997" {
		t.Errorf("A %s, B %s; want 5.00000 and 1.99997", v["A"], v["B"])
	}
	if got := moved(r, "A", "B"); got != "1.99997" {
		t.Errorf("A → B %q, want 1.99997", got)
	}
	if got := moved(r, "A", "residual"); got != "0.00003" || r.Residual != "0.00003" {
		t.Errorf("A → residual %q, round residual %q; want 0.00003", got, r.Residual)
	}
	if r.Total != "12.00000" {
		t.Errorf("total %s, want every ballot accounted for: 12.00000", r.Total)
	}
}

// Rule 48(3): A, the product surplus × value, is kept whole; only A ÷ B is
// cut to five places. Rounding the product first would lose a unit here:
// 0.00003 × 0.5 = 0.000015, ÷ 1.5 = 0.00001 (not 0.00001 ÷ 1.5 = 0).
func TestScottish_TransferValueKeepsTheProductWhole(t *testing.T) {
	c := &wigm{a: NewArith(ArithFixed, 5, 0)}
	p := func(s string) Num {
		n, err := c.a.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	w, s, v := p("0.5"), p("0.00003"), p("1.5")
	if got := c.a.String(c.scottishValue(w, s, v)); got != "0.00001" {
		t.Errorf("Scottish transfer value %s, want 0.00001", got)
	}
	if got := c.a.String(c.gregory(w, s, v)); got != "0.00000" {
		t.Errorf("each-step truncation %s, want 0.00000 (the rules that truncate every step)", got)
	}
}

// Rule 49(1): with two surpluses, the highest is transferred first, one
// surplus a stage.
func TestScottish_LargestSurplusTransferredFirst(t *testing.T) {
	in := wigmInput("A B C D", 7, "B D", 9, "A C", 2, "C", 2, "D")
	res := countWith(t, scottish(3), in)
	if got := decided(res.Rounds[0].Elected); !slices.Equal(got, []string{"A:quota", "B:quota"}) {
		t.Fatalf("stage 1 elected %v, want A and B at the quota of 6", got)
	}
	r1, r2 := res.Rounds[1], res.Rounds[2]
	if len(r1.Transfers) == 0 || r1.Transfers[0].From != "A" || moved(r1, "B", "D") != "" {
		t.Errorf("stage 2 transfers %v, want A's surplus only", r1.Transfers)
	}
	if v := roundVotes(r1); v["C"] != "4.99997" || v["B"] != "7.00000" {
		t.Errorf("after A's surplus: C %s, B %s; want 4.99997 and 7.00000", v["C"], v["B"])
	}
	if got := moved(r2, "B", "D"); got != "0.99995" {
		t.Errorf("stage 3 B → D %q, want 0.99995 (1 ÷ 7 → 0.14285 a paper)", got)
	}
	if s := roundStates(r1)["B"]; s != "pending" {
		t.Errorf("B in stage 2 is %q, want pending (elected, surplus not yet transferred)", s)
	}
	if !slices.Equal(res.Winners, []string{"A", "B", "C"}) {
		t.Errorf("winners %v, want A B C", res.Winners)
	}
}

// Rules 50 and 52: with no surplus the lowest candidate is excluded and
// its papers move at their value; when the continuing candidates are no
// more than the vacancies they are elected with no further transfer.
func TestScottish_LowestExcludedThenLastVacanciesFilled(t *testing.T) {
	in := wigmInput("A B C D", 7, "A B", 2, "C", 3, "D")
	res := countWith(t, scottish(2), in)
	last := res.Rounds[len(res.Rounds)-1]
	if got := decided(res.Rounds[2].Eliminated); !slices.Equal(got, []string{"B:lowest"}) {
		t.Errorf("stage 3 excluded %v, want B (1.99997, the lowest)", got)
	}
	if res.Rounds[2].Exhausted != "1.99997" {
		t.Errorf("B's papers rank nobody else: non-transferable %s, want 1.99997", res.Rounds[2].Exhausted)
	}
	if got := decided(last.Elected); !slices.Equal(got, []string{"D:last-seats"}) {
		t.Errorf("last stage elected %v, want D filling the last vacancy", got)
	}
	if !slices.Equal(res.Winners, []string{"A", "D"}) {
		t.Errorf("winners %v, want A D", res.Winners)
	}
}

// Rule 51(2): of candidates tied for exclusion, the one with fewer votes
// at the most recent stage where they differed goes; the tie rule the
// count uses decides, and the result says how.
func TestScottish_ExclusionTieByEarlierStageOrByLot(t *testing.T) {
	in := wigmInput("A B C D E", 1, "A B", 2, "B", 3, "C", 4, "D", 5, "E")
	cases := []struct {
		name string
		tie  TieRules
		out  string // excluded at stage 3, B and C on 3 votes each
		how  string
	}{
		{"earlier stages (statutory)", TieRules{Rule: TiePrevious, Fallback: TieLots}, "B", "previous"},
		{"candidate order", TieRules{Rule: TieOrder}, "C", "order"},
		{"lot keyed in", TieRules{Rule: TieLots, Lots: []Lot{{Round: 3, Among: []string{"B", "C"}, Chosen: "C"}}}, "C", "lots"},
	}
	for _, c := range cases {
		rules := scottish(2)
		rules.Tie = c.tie
		res := countWith(t, rules, in)
		if got := decided(res.Rounds[2].Eliminated); !slices.Equal(got, []string{c.out + ":lowest"}) || !res.Rounds[2].Eliminated[0].Tie {
			t.Errorf("%s: stage 3 excluded %v, want %s (a tie)", c.name, res.Rounds[2].Eliminated, c.out)
		}
		if len(res.Ties) != 1 || !strings.HasPrefix(res.Ties[0].How, c.how) {
			t.Errorf("%s: ties %+v, want one settled by %s", c.name, res.Ties, c.how)
		}
	}
}

// A tie that needs a lot drawn at the table stops the count there, says
// which tie, and shows the stages so far; nobody is declared elected.
func TestScottish_TieWithoutALotStopsTheCount(t *testing.T) {
	in := wigmInput("A B C D E", 1, "A B", 2, "B", 3, "C", 4, "D", 5, "E")
	rules := scottish(2)
	rules.Tie = TieRules{Rule: TieLots}
	res := countWith(t, rules, in)
	if res.Pending == nil || res.Pending.Round != 3 || !sameSet(res.Pending.Among, []string{"B", "C"}) {
		t.Fatalf("pending %+v, want the stage 3 tie of B and C", res.Pending)
	}
	if len(res.Rounds) != 3 || len(res.Winners) != 0 {
		t.Errorf("%d stages, winners %v; want 3 stages shown and no winners", len(res.Rounds), res.Winners)
	}
}

// Withdrawn candidates are taken off every paper before the count: the
// next preference counts in their place from the first stage.
func TestScottish_WithdrawnCandidateSkippedOnEveryPaper(t *testing.T) {
	in := wigmInput("A W B", 4, "W A", 3, "B", 2, "W B")
	rules := scottish(1)
	rules.Withdrawn = []string{"W"}
	res := countWith(t, rules, in)
	if v := roundVotes(res.Rounds[0]); v["A"] != "4.00000" || v["B"] != "5.00000" || v["W"] != "0.00000" {
		t.Errorf("first stage %v, want A 4, B 5, W 0", v)
	}
	if !slices.Equal(res.Winners, []string{"B"}) {
		t.Errorf("winners %v, want B", res.Winners)
	}
}

// Rule 48(3) is arithmetic the law fixes: five places, whatever is asked.
func TestScottish_RefusesOtherArithmetic(t *testing.T) {
	rules := scottish(1)
	rules.Arithmetic, rules.Places = ArithFixed, 9
	if _, err := rules.Count(wigmInput("A B", 1, "A")); err == nil || !strings.Contains(err.Error(), "5 places") {
		t.Errorf("error %v, want the rule's 5 places named", err)
	}
}

// 167.70(c)(1)c: all candidates for whom election is mathematically
// impossible go together: D and C (1 + 2 < 4), not B (1 + 2 + 4 ≥ 5).
func TestMinneapolis_CertainLosersDefeatedTogether(t *testing.T) {
	in := wigmInput("A B C D", 5, "A", 4, "B", 2, "C B", 1, "D C")
	res := countWith(t, RankedRules{Method: RankedMinneapolis, Seats: 1, MaxSkipped: -1}, in)
	if res.Quota != "7.0000" {
		t.Errorf("threshold %s, want 12 ÷ 2 + 1 = 7.0000", res.Quota)
	}
	if got := decided(res.Rounds[1].Eliminated); !slices.Equal(got, []string{"C:batch", "D:batch"}) {
		t.Errorf("round 2 defeated %v, want C and D together", got)
	}
	if v := roundVotes(res.Rounds[1]); v["B"] != "6.0000" || res.Rounds[1].Exhausted != "1.0000" {
		t.Errorf("after the batch: B %s, exhausted %s; want 6.0000 and 1.0000", v["B"], res.Rounds[1].Exhausted)
	}
}

// 167.70(c)(1)e: the votes of a candidate defeated in the final round are
// not transferred when that leaves no more candidates than seats.
func TestMinneapolis_LastDefeatedKeepsItsVotes(t *testing.T) {
	in := wigmInput("A B", 3, "A B", 3, "B A")
	res := countWith(t, RankedRules{Method: RankedMinneapolis, Seats: 1, MaxSkipped: -1, Tie: TieRules{Rule: TieOrder}}, in)
	last := res.Rounds[len(res.Rounds)-1]
	if got := decided(last.Eliminated); !slices.Equal(got, []string{"B:lowest"}) {
		t.Fatalf("last round defeated %v, want B (tie, later in order)", got)
	}
	if v := roundVotes(last); v["B"] != "3.0000" || v["A"] != "3.0000" || len(last.Transfers) != 0 {
		t.Errorf("last round A %s, B %s, transfers %v; want B keeping 3.0000 and nothing moved", v["A"], v["B"], last.Transfers)
	}
	if !slices.Equal(res.Winners, []string{"A"}) || last.Note == "" {
		t.Errorf("winners %v, note %q; want A, and a note that B's votes stay", res.Winners, last.Note)
	}
}

// PRF A.1: the quota is ballots ÷ (seats + 1) plus 0.0001, so 2 votes of
// 6 ballots for 2 seats are not a quota.
func TestPRFWIGM_QuotaPlusOneTenThousandth(t *testing.T) {
	in := wigmInput("Castor Pollux Helen", 4, "Castor Pollux", 2, "Helen")
	res := countWith(t, RankedRules{Method: RankedPRFWIGM, Seats: 2, MaxSkipped: -1}, in)
	if res.Quota != "2.0001" {
		t.Errorf("quota %s, want 2.0001", res.Quota)
	}
	// D.4: 1.9999 × 1 ÷ 4 = 0.4999 a ballot, 1.9996 for Pollux.
	if v := roundVotes(res.Rounds[1]); v["Pollux"] != "1.9996" {
		t.Errorf("Pollux %s after Castor's surplus, want 1.9996", v["Pollux"])
	}
	last := res.Rounds[len(res.Rounds)-1]
	if got := decided(last.Elected); !slices.Equal(got, []string{"Helen:last-seats"}) {
		t.Errorf("last round elected %v, want Helen filling the last seat, not at the quota", got)
	}
}

// PRF B.2: with defeat batch safe, D and C are sure losers together (1 +
// 2 < 5); one at a time only D goes first.
func TestPRFWIGM_SureLosersDefeatedTogether(t *testing.T) {
	in := wigmInput("A B C D", 6, "A", 5, "B", 2, "C B", 1, "D C")
	for _, c := range []struct {
		batch string
		want  []string
	}{{"safe", []string{"C:batch", "D:batch"}}, {"none", []string{"D:lowest"}}} {
		res := countWith(t, RankedRules{Method: RankedPRFWIGM, Seats: 1, MaxSkipped: -1, DefeatBatch: c.batch}, in)
		if got := decided(res.Rounds[1].Eliminated); !slices.Equal(got, c.want) {
			t.Errorf("defeat batch %s: round 1 defeated %v, want %v", c.batch, got, c.want)
		}
	}
}

// CfER 10059(g): every elected candidate's surplus moves in the same
// round, each ballot at previous value × surplus ÷ votes to five places.
func TestCfER_EverySurplusTransferredInOneRound(t *testing.T) {
	in := wigmInput("A B C D E", 8, "A C", 6, "B D", 2, "C", 2, "D", 1, "E")
	res := countWith(t, RankedRules{Method: RankedCfER, Seats: 3, MaxSkipped: -1}, in)
	if res.Quota != "4.75001" {
		t.Errorf("quota %s, want 19 ÷ 4 + 0.00001 = 4.75001", res.Quota)
	}
	r := res.Rounds[1]
	if a, b := moved(r, "A", "C"), moved(r, "B", "D"); a != "3.24992" || b != "1.24998" {
		t.Errorf("round 1 A → C %q, B → D %q; want 3.24992 and 1.24998 in the same round", a, b)
	}
	if !slices.Equal(res.Winners, []string{"A", "B", "C"}) {
		t.Errorf("winners %v, want A B C", res.Winners)
	}
}

// Generic WIGM in exact arithmetic: the quota ballots ÷ (seats + 1) is
// not rounded up, so it must be exceeded; reaching it is not enough.
func TestWIGM_ExactQuotaMustBeExceeded(t *testing.T) {
	in := wigmInput("Castor Pollux Helen", 4, "Castor Pollux", 2, "Helen")
	for _, a := range []struct {
		kind          ArithKind
		places, guard int
	}{{ArithRational, 12, 0}, {ArithGuarded, 9, 9}} {
		rules := RankedRules{Method: RankedWIGM, Seats: 2, MaxSkipped: -1, Arithmetic: a.kind, Places: a.places, Guard: a.guard,
			Quota: QuotaDroopFractional, Tie: TieRules{Rule: TieOrder}}
		res := countWith(t, rules, in)
		if !sameNum(res.Quota, "2") {
			t.Errorf("%s: quota %s, want exactly 2", a.kind, res.Quota)
		}
		last := res.Rounds[len(res.Rounds)-1]
		if v := roundVotes(last); !sameNum(v["Pollux"], "2") || !sameNum(v["Helen"], "0") {
			t.Errorf("%s: last round %v, want Pollux on exactly 2", a.kind, v)
		}
		if got := decided(last.Elected); !slices.Equal(got, []string{"Pollux:last-seats"}) {
			t.Errorf("%s: last round elected %v, want Pollux for the last seat, not at the quota", a.kind, got)
		}
	}
}

// randomElection makes a small election with preferences of varying
// length; popular candidates come first more often.
func randomWIGMElection(rng *rand.Rand, cands, ballots int) *RankedInput {
	in := &RankedInput{}
	for i := range cands {
		in.Candidates = append(in.Candidates, string(rune('A'+i)))
	}
	for range ballots {
		perm := rng.Perm(cands)
		// Skew: swap a low-numbered candidate to the front half the time.
		if rng.IntN(2) == 0 {
			j := slices.Index(perm, rng.IntN(1+cands/3))
			perm[0], perm[j] = perm[j], perm[0]
		}
		r := Ranking{Count: int64(1 + rng.IntN(3))}
		for _, x := range perm[:1+rng.IntN(cands)] {
			r.Ranks = append(r.Ranks, []int{x})
		}
		in.Ballots = append(in.Ballots, r)
	}
	return in
}

// In every round of every rule, the candidates' votes, the exhausted
// votes and the residual make up the ballots, the residual is never
// negative, and the seats are filled.
func TestWIGMRules_TotalsAddUpEveryRound(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	methods := []RankedRules{
		{Method: RankedScottish}, {Method: RankedMinneapolis}, {Method: RankedCfER}, {Method: RankedCfER, DefeatBatch: "safe"},
		{Method: RankedPRFWIGM}, {Method: RankedPRFWIGM, DefeatBatch: "safe"},
		{Method: RankedWIGM, Arithmetic: ArithRational, Quota: QuotaDroopFractional},
		{Method: RankedWIGM, Arithmetic: ArithFixed, Places: 6, DefeatBatch: "zero"},
	}
	for trial := range 40 {
		in := randomWIGMElection(rng, 3+rng.IntN(6), 5+rng.IntN(60))
		seats := 1 + rng.IntN(len(in.Candidates)-1)
		for _, m := range methods {
			rules := m
			rules.Seats, rules.MaxSkipped, rules.Tie = seats, -1, TieRules{Rule: TieOrder}
			res := countWith(t, rules, in)
			n := new(big.Rat).SetInt64(res.Ballots)
			for _, r := range res.Rounds {
				sum := new(big.Rat)
				for _, v := range r.Votes {
					x, _ := num(v.Votes)
					sum.Add(sum, x)
				}
				ex, _ := num(r.Exhausted)
				res, _ := num(r.Residual)
				sum.Add(sum, ex).Add(sum, res)
				// Fixed figures are the count's own and add up exactly;
				// rational ones are rounded to the places shown, so each may
				// be up to half a unit off either way.
				slack := new(big.Rat)
				if rules.Arithmetic == ArithRational {
					slack.SetFrac64(int64(len(r.Votes)+2), 10_000)
				}
				diff := new(big.Rat).Sub(n, sum)
				if diff.Abs(diff).Cmp(slack) > 0 || res.Sign() < 0 {
					t.Fatalf("trial %d, %s, round %d: votes + exhausted %s + residual %s = %s of %s ballots",
						trial, rules.Method, r.Round, r.Exhausted, r.Residual, sum.FloatString(6), n.FloatString(0))
				}
			}
			if len(res.Winners) != seats {
				t.Fatalf("trial %d, %s: %d winners for %d seats", trial, rules.Method, len(res.Winners), seats)
			}
		}
	}
}

// Identical rankings share a weight history: the same ballots given one
// by one or merged count the same, round for round.
func TestWIGMRules_MergedBallotsCountTheSame(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	in := randomWIGMElection(rng, 6, 80)
	var single []Ranking
	for _, b := range in.Ballots {
		for range b.Count {
			single = append(single, Ranking{Ranks: b.Ranks, Count: 1})
		}
	}
	one := &RankedInput{Candidates: in.Candidates, Ballots: single}
	merged := &RankedInput{Candidates: in.Candidates, Ballots: Merge(single)}
	for _, m := range []RankedMethod{RankedScottish, RankedMinneapolis, RankedCfER, RankedPRFWIGM} {
		rules := RankedRules{Method: m, Seats: 3, MaxSkipped: -1}
		a, b := countWith(t, rules, one), countWith(t, rules, merged)
		if !reflect.DeepEqual(a.Rounds, b.Rounds) || !slices.Equal(a.Winners, b.Winners) {
			t.Errorf("%s: ballot by ballot and merged differ", m)
		}
	}
}

// scottishBallots makes n ballots over cands candidates, deterministic,
// with some candidates far more popular so that surpluses move.
func scottishBallots(n, cands int) *RankedInput {
	rng := rand.New(rand.NewPCG(2007, 42))
	in := &RankedInput{}
	for i := range cands {
		in.Candidates = append(in.Candidates, "Candidate "+string(rune('A'+i)))
	}
	in.Ballots = make([]Ranking, n)
	for i := range in.Ballots {
		perm := rng.Perm(cands)
		if rng.IntN(3) > 0 {
			j := slices.Index(perm, rng.IntN(4))
			perm[0], perm[j] = perm[j], perm[0]
		}
		ranks := make([][]int, 1+rng.IntN(cands))
		for k := range ranks {
			ranks[k] = []int{perm[k]}
		}
		in.Ballots[i] = Ranking{Ranks: ranks, Count: 1}
	}
	return in
}

// The target: Scottish STV, 100,000 ballots, 20 candidates, 5
// seats, well under half a second.
func BenchmarkScottishSTV100k(b *testing.B) {
	in := scottishBallots(100_000, 20)
	rules := scottish(5)
	b.ResetTimer()
	for b.Loop() {
		if _, err := rules.Count(in); err != nil {
			b.Fatal(err)
		}
	}
}
