package count

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func rankings(cands []string, spec ...any) *RankedInput {
	in := &RankedInput{Candidates: cands}
	for i := 0; i < len(spec); i += 2 {
		n := int64(spec[i].(int))
		var r Ranking
		r.Count = n
		for _, name := range strings.Fields(spec[i+1].(string)) {
			var rank []int
			for _, x := range strings.Split(name, "=") {
				if x == "_" {
					continue
				}
				rank = append(rank, slices.Index(cands, x))
			}
			r.Ranks = append(r.Ranks, rank)
		}
		in.Ballots = append(in.Ballots, r)
	}
	return in
}

func irvRules(seats int) RankedRules {
	return RankedRules{Method: RankedIRV, Seats: seats, Places: 4, Overvote: OvervoteExhaust, MaxSkipped: -1, Quota: QuotaDroop,
		Tie: TieRules{Rule: TieOrder}}
}

// The exact-half case: 6 × [A], 5 × [B], 1 × [C, B], one seat. After C goes,
// A and B have 6 each: the tie rule decides, and the result says how.
func TestIRV_ExactHalfCaseUnderEachTieRule(t *testing.T) {
	in := rankings([]string{"A", "B", "C"}, 6, "A", 5, "B", 1, "C B")
	cases := []struct {
		name   string
		tie    TieRules
		winner string
		how    string
	}{
		{"candidate order", TieRules{Rule: TieOrder}, "A", "order"},
		{"tie order given", TieRules{Rule: TieOrder, Order: []string{"B", "A", "C"}}, "B", "order"},
		{"previous rounds", TieRules{Rule: TiePrevious}, "A", "previous"},
		{"lot keyed in", TieRules{Rule: TieLots, Lots: []Lot{{Round: 2, Among: []string{"B", "A"}, Chosen: "B"}}}, "B", "lots"},
	}
	for _, c := range cases {
		rules := irvRules(1)
		rules.Tie = c.tie
		res, err := rules.Count(in)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Winners, []string{c.winner}) {
			t.Errorf("%s: winners %v, want %s", c.name, res.Winners, c.winner)
		}
		if len(res.Ties) != 1 || res.Ties[0].How != c.how || res.Ties[0].Round != 2 || res.Ties[0].Kind != TieElect {
			t.Errorf("%s: ties %+v, want one settled by %s in round 2", c.name, res.Ties, c.how)
		}
		if !slices.ContainsFunc(res.Rules, func(u RuleUse) bool { return u.Key == "tie" && strings.HasPrefix(u.Value, c.tie.Rule.String()) }) {
			t.Errorf("%s: the result must state the tie rule: %+v", c.name, res.Rules)
		}
	}

	// A seeded draw: the seed is shown, and the same seed draws the same.
	winners := map[string]bool{}
	for _, seed := range []int64{1, 42, 12345, 99991, 31337, 271828, 314159, 8675309} {
		rules := irvRules(1)
		rules.Tie = TieRules{Rule: TieRandom, Seed: seed}
		a, _ := rules.Count(in)
		b, _ := rules.Count(in)
		if !slices.Equal(a.Winners, b.Winners) {
			t.Fatalf("seed %d draws differently twice", seed)
		}
		if a.Ties[0].How != "random" || !strings.Contains(a.Ties[0].Detail, "seed") {
			t.Errorf("seed %d: tie %+v must say it was drawn, with the seed", seed, a.Ties[0])
		}
		winners[a.Winners[0]] = true
	}
	if len(winners) != 2 {
		t.Errorf("over eight seeds the draw always chose %v", winners)
	}

	// Lots with no lot keyed in: the count stops and says what it needs.
	rules := irvRules(1)
	rules.Tie = TieRules{Rule: TieLots}
	res, err := rules.Count(in)
	if err != nil {
		t.Fatal(err)
	}
	if res.Pending == nil || res.Pending.Round != 2 || !sameSet(res.Pending.Among, []string{"A", "B"}) || len(res.Winners) != 0 {
		t.Errorf("pending %+v winners %v", res.Pending, res.Winners)
	}
}

// The threshold is a majority of the votes still counting: exhausted
// ballots leave the base.
func TestIRV_MajorityOfContinuingVotes(t *testing.T) {
	in := rankings([]string{"A", "B", "C"}, 4, "A", 3, "B", 2, "C")
	rules := irvRules(1)
	res, err := rules.Count(in)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rounds[0].Threshold != "5" || res.Rounds[1].Threshold != "4" || !slices.Equal(res.Winners, []string{"A"}) {
		t.Errorf("thresholds %s, %s; winners %v", res.Rounds[0].Threshold, res.Rounds[1].Threshold, res.Winners)
	}
	if res.Rounds[1].Inactive[InactiveExhausted] != "2" {
		t.Errorf("C's two ballots exhaust: %v", res.Rounds[1].Inactive)
	}
}

// Overvotes under each rule: exhaust, skip to the next rank, or exhaust
// only if several marked candidates are still continuing.
func TestIRV_OvervoteRules(t *testing.T) {
	in := rankings([]string{"A", "B", "C"}, 3, "A", 2, "B", 2, "B=C A")
	for _, c := range []struct {
		rule OvervoteRule
		a    string
	}{{OvervoteExhaust, "3"}, {OvervoteSkip, "5"}, {OvervoteExhaustIfMultiple, "3"}} {
		rules := irvRules(1)
		rules.Overvote = c.rule
		res, err := rules.Count(in)
		if err != nil {
			t.Fatal(err)
		}
		var a string
		for _, v := range res.Rounds[0].Votes {
			if v.Name == "A" {
				a = v.Votes
			}
		}
		if a != c.a {
			t.Errorf("%v: A has %s in round 1, want %s", c.rule, a, c.a)
		}
	}
}

// Batch elimination removes at once every candidate who together cannot
// overtake the next lowest.
func TestIRV_BatchElimination(t *testing.T) {
	in := rankings([]string{"A", "B", "C", "D", "E"}, 10, "A", 8, "B", 3, "C", 2, "D", 1, "E")
	rules := irvRules(1)
	rules.BatchElimination = true
	res, err := rules.Count(in)
	if err != nil {
		t.Fatal(err)
	}
	if got := decisionNames(res.Rounds[0].Eliminated); !sameSet(got, []string{"C", "D", "E"}) || res.Rounds[0].Eliminated[0].Why != "batch" {
		t.Errorf("round 1 eliminated %v", res.Rounds[0].Eliminated)
	}
}

// randomRankings makes n ballots over nc candidates with up to maxRanks ranks.
func randomRankings(n, nc, maxRanks int, seed uint64) *RankedInput {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	in := &RankedInput{}
	for i := range nc {
		in.Candidates = append(in.Candidates, "候选"+string(rune('A'+i)))
	}
	for range n {
		k := 1 + rng.IntN(maxRanks)
		perm := rng.Perm(nc)[:k]
		r := Ranking{Count: 1}
		for _, c := range perm {
			r.Ranks = append(r.Ranks, []int{c})
		}
		in.Ballots = append(in.Ballots, r)
	}
	return in
}

// IRV on 1,000,000 ballots, 10 candidates, up to 5 ranks (counting only;
// the file reading is measured in store). Target with reading: under 1 s.
func BenchmarkIRV1M(b *testing.B) {
	in := randomRankings(1_000_000, 10, 5, 42)
	in.Ballots = Merge(in.Ballots)
	rules := irvRules(1)
	b.ResetTimer()
	for b.Loop() {
		if _, err := rules.Count(in); err != nil {
			b.Fatal(err)
		}
	}
}

// An option the method does not have is refused, not ignored: a result
// must never state a rule that was not applied.
func TestRanked_OptionsOutsideTheMethodRefused(t *testing.T) {
	in := rankings([]string{"A", "B"}, 3, "A", 2, "B")
	for _, c := range []struct {
		rules RankedRules
		word  string
	}{
		{RankedRules{Method: RankedIRV, Seats: 1, Equalize: true}, "equalize"},
		{RankedRules{Method: RankedIRV, Seats: 1, Overvote: OvervoteEqual}, "overvote = equal"},
		{RankedRules{Method: RankedScottish, Seats: 1, BatchElimination: true}, "batch_elimination"},
		{RankedRules{Method: RankedMeek, Seats: 1, Sequential: true}, "sequential"},
	} {
		_, err := c.rules.Count(in)
		if err == nil || !strings.Contains(err.Error(), c.word) {
			t.Errorf("%s with %s: %v", c.rules.Method, c.word, err)
		}
	}
}

// A withdrawn candidate is passed over on every ballot, in IRV as in STV.
func TestIRV_WithdrawnPassedOver(t *testing.T) {
	in := rankings([]string{"A", "B", "C"}, 5, "A B", 3, "B", 2, "C")
	rules := irvRules(1)
	rules.Withdrawn = []string{"A"}
	res, err := rules.Count(in)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Winners, []string{"B"}) {
		t.Errorf("winners %v, want B (A's five ballots go to B)", res.Winners)
	}
}

// A lot keyed in that settles no tie is refused, not ignored.
func TestRanked_UnusedLotRefused(t *testing.T) {
	in := rankings([]string{"A", "B", "C"}, 6, "A", 5, "B", 1, "C B")
	rules := irvRules(1)
	rules.Tie = TieRules{Rule: TieLots, Lots: []Lot{{Round: 3, Among: []string{"A", "B"}, Chosen: "B"}}}
	if _, err := rules.Count(in); err == nil || !strings.Contains(err.Error(), "round 2: A, B") {
		t.Errorf("a lot for the wrong round: %v", err)
	}
	rules.Tie.Lots = []Lot{{Round: 2, Among: []string{"A", "B"}, Chosen: "Q"}}
	if _, err := rules.Count(in); err == nil || !strings.Contains(err.Error(), "not a candidate") {
		t.Errorf("a lot naming nobody: %v", err)
	}
}
