package count

import (
	"slices"
	"strings"
	"testing"
)

func qpqRules(seats int) RankedRules {
	return RankedRules{Method: RankedQPQ, Seats: seats, Arithmetic: ArithGuarded, MaxSkipped: -1,
		Tie: TieRules{Rule: TieOrder}}
}

// qpqRound is what a round of a hand-counted QPQ election must show.
type qpqRound struct {
	round      int // index in Rounds: 0 is before the first stage
	threshold  string
	votes      map[string]string
	states     map[string]string
	elected    []string // name:why
	eliminated []string
	note       string // a part of the note
}

// Woodall's rule on elections small enough to count by hand. Each case
// pins one part of it: a quotient, not the ballots, decides; the quota
// leaves out the seats won by inactive ballots; only a quotient above the
// quota elects; an exclusion starts the count again from the first
// preferences.
func TestQPQ_HandCountedElections(t *testing.T) {
	cases := []struct {
		name      string
		cands     string
		spec      []any
		seats     int
		withdrawn []string
		ballots   int64
		winners   []string
		rounds    []qpqRound
	}{{
		// Stage 1: quota 13 ÷ 3 = 4.333…; A's 6 elect A, whose ballots
		// have each elected 1/6 of a seat. Stage 2: B holds 8 ballots but
		// they have already elected one seat, so B's quotient is
		// 8 ÷ (1 + 1) = 4, below the quota; C's 5 ÷ 1 = 5 is above it.
		name:    "quotient, not ballots, elects",
		cands:   "A B C",
		spec:    []any{6, "A B", 2, "B", 5, "C"},
		seats:   2,
		ballots: 13,
		winners: []string{"A", "C"},
		rounds: []qpqRound{
			{round: 0, threshold: "4.333333333", votes: map[string]string{"A": "0.000000000", "B": "0.000000000"}},
			{round: 1, threshold: "4.333333333", votes: map[string]string{"A": "6.000000000", "B": "2.000000000", "C": "5.000000000"},
				elected: []string{"A:quota"}, note: "quotients: A 6.000000000, B 2.000000000, C 5.000000000"},
			{round: 2, threshold: "4.333333333", votes: map[string]string{"A": "6.000000000", "B": "8.000000000", "C": "5.000000000"},
				elected: []string{"C:quota"}, eliminated: []string{"B:seats-filled"}, note: "quotients: B 4.000000000, C 5.000000000"},
		},
	}, {
		// The two ballots for the withdrawn W rank nobody else: they are
		// not counted, so the first quota is 13 ÷ 3, not 15 ÷ 3. A's 6
		// ballots elect A and then have no hopeful left: inactive, having
		// won 6 × 1/6 = 1 seat. Stage 2's quota is the 7 active ballots ÷
		// (1 + 2 − 1) = 3.5, which C's 4 exceed (a Droop quota of 13 ÷ 3
		// would not be reached).
		name:      "quota leaves out the seats inactive ballots won",
		cands:     "A B C W",
		spec:      []any{6, "A", 3, "B", 4, "C", 2, "W"},
		seats:     2,
		withdrawn: []string{"W"},
		ballots:   13,
		winners:   []string{"A", "C"},
		rounds: []qpqRound{
			{round: 0, threshold: "4.333333333", states: map[string]string{"W": "withdrawn", "A": "hopeful"}},
			{round: 1, threshold: "4.333333333", elected: []string{"A:quota"}},
			{round: 2, threshold: "3.500000000", votes: map[string]string{"B": "3.000000000", "C": "4.000000000"},
				elected: []string{"C:quota"}, eliminated: []string{"B:seats-filled"},
				note: "quota: 7 active ballots ÷ (1 + 2 seats − 1.000000000 won by inactive ballots)"},
		},
	}, {
		// Stage 1: quota 6 ÷ 2 = 3, which A's quotient of 3 equals but
		// does not exceed: B, the lowest, is excluded. Stage 2: B's ballot
		// ranks nobody else and is inactive, having won nothing, so the
		// quota is 5 ÷ 2 = 2.5 and A's 3 exceed it.
		name:    "a quotient must exceed the quota",
		cands:   "A B C",
		spec:    []any{3, "A", 1, "B", 2, "C"},
		seats:   1,
		ballots: 6,
		winners: []string{"A"},
		rounds: []qpqRound{
			{round: 1, threshold: "3.000000000", votes: map[string]string{"A": "3.000000000"}, eliminated: []string{"B:lowest"}},
			{round: 2, threshold: "2.500000000", elected: []string{"A:quota"}, eliminated: []string{"C:seats-filled"}},
		},
	}, {
		// Stage 1: quota 14 ÷ 3 = 4.667; A's 5 elect A. Stage 2: B's
		// quotient (5 + 3) ÷ (1 + 1) = 4, C's 2, D's 4: none above the
		// quota, C is excluded. Stage 3 counts as if C never stood: A is
		// hopeful again with 5, D has 4 + 2 = 6 and is elected. Stage 4:
		// D's 6 ballots are inactive with one seat won, so the quota is
		// 8 ÷ (1 + 2 − 1) = 4, and A's 5 elect A.
		name:    "exclusion counts again from the first preferences",
		cands:   "A B C D",
		spec:    []any{5, "A B", 3, "B", 2, "C D", 4, "D"},
		seats:   2,
		ballots: 14,
		winners: []string{"D", "A"},
		rounds: []qpqRound{
			{round: 1, threshold: "4.666666667", elected: []string{"A:quota"}},
			{round: 2, threshold: "4.666666667", votes: map[string]string{"B": "8.000000000", "C": "2.000000000", "D": "4.000000000"},
				eliminated: []string{"C:lowest"}, states: map[string]string{"A": "elected", "C": "eliminated"}},
			{round: 3, threshold: "4.666666667", votes: map[string]string{"A": "5.000000000", "B": "3.000000000", "D": "6.000000000"},
				elected: []string{"D:quota"}, states: map[string]string{"A": "hopeful", "D": "elected"}, note: "A hopeful again"},
			{round: 4, threshold: "4.000000000", elected: []string{"A:quota"}, eliminated: []string{"B:seats-filled"},
				states: map[string]string{"A": "elected", "B": "eliminated", "D": "elected"}},
		},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rules := qpqRules(tc.seats)
			rules.Withdrawn = tc.withdrawn
			res := countWith(t, rules, wigmInput(tc.cands, tc.spec...))
			if res.Ballots != tc.ballots {
				t.Errorf("%d ballots counted, want %d", res.Ballots, tc.ballots)
			}
			if !slices.Equal(res.Winners, tc.winners) {
				t.Errorf("winners %v, want %v", res.Winners, tc.winners)
			}
			for _, w := range tc.rounds {
				if w.round >= len(res.Rounds) {
					t.Fatalf("%d rounds, want at least %d", len(res.Rounds), w.round+1)
				}
				r := res.Rounds[w.round]
				if r.Round != w.round+1 {
					t.Errorf("Rounds[%d] is round %d", w.round, r.Round)
				}
				if r.Threshold != w.threshold {
					t.Errorf("round %d: quota %s, want %s", w.round, r.Threshold, w.threshold)
				}
				votes, states := roundVotes(r), roundStates(r)
				for n, v := range w.votes {
					if votes[n] != v {
						t.Errorf("round %d: %s has %s, want %s", w.round, n, votes[n], v)
					}
				}
				for n, s := range w.states {
					if states[n] != s {
						t.Errorf("round %d: %s is %s, want %s", w.round, n, states[n], s)
					}
				}
				if got := decided(r.Elected); !slices.Equal(got, w.elected) {
					t.Errorf("round %d: elected %v, want %v", w.round, got, w.elected)
				}
				if got := decided(r.Eliminated); !slices.Equal(got, w.eliminated) {
					t.Errorf("round %d: eliminated %v, want %v", w.round, got, w.eliminated)
				}
				if !strings.Contains(r.Note, w.note) {
					t.Errorf("round %d: note %q, want it to say %q", w.round, r.Note, w.note)
				}
			}
		})
	}
}

// Equal quotients are a tie: settled by the tie rule, recorded, and a
// lot not yet drawn stops the count there.
func TestQPQ_TieOnQuotients(t *testing.T) {
	// Quota 8 ÷ 3 = 2.667: A and B both have 3 ballots at the first
	// stage (the record's round 2, after round 1's state before counting).
	in := wigmInput("A B C", 3, "A", 3, "B", 2, "C")
	rules := qpqRules(2)
	res := countWith(t, rules, in)
	if !slices.Equal(res.Winners, []string{"A", "B"}) || len(res.Ties) != 1 || res.Ties[0].Kind != TieElect {
		t.Fatalf("winners %v ties %+v; want A first by the candidates' order, one elect tie", res.Winners, res.Ties)
	}
	if d := res.Rounds[1].Elected; len(d) != 1 || d[0].Name != "A" || !d[0].Tie {
		t.Errorf("first stage elected %+v, want A marked as a tie", d)
	}
	rules.Tie = TieRules{Rule: TieLots}
	res = countWith(t, rules, in)
	if res.Pending == nil || res.Pending.Round != 2 || !sameSet(res.Pending.Among, []string{"A", "B"}) || len(res.Winners) != 0 {
		t.Fatalf("pending %+v, winners %v; want the round 2 tie of A and B, nobody elected", res.Pending, res.Winners)
	}
	rules.Tie.Lots = []Lot{{Round: 2, Among: []string{"A", "B"}, Chosen: "B"}}
	if res = countWith(t, rules, in); !slices.Equal(res.Winners, []string{"B", "A"}) {
		t.Errorf("winners %v after the lot for B, want B then A", res.Winners)
	}
}

// The rule has its own quota and excludes one candidate a stage; a count
// asked for another must refuse rather than quietly count another rule.
func TestQPQ_RefusesSettingsNotItsOwn(t *testing.T) {
	in := wigmInput("A B", 2, "A", 1, "B")
	for _, mod := range []func(*RankedRules){
		func(r *RankedRules) { r.Quota = QuotaHare },
		func(r *RankedRules) { r.DefeatBatch = defeatSafe },
		func(r *RankedRules) { r.Overvote = OvervoteEqual },
		func(r *RankedRules) { r.Seats = 0 },
	} {
		rules := qpqRules(1)
		mod(&rules)
		if _, err := rules.Count(in); err == nil {
			t.Errorf("%+v counted, want refused", rules)
		}
	}
	res := countWith(t, qpqRules(1), in)
	if !slices.ContainsFunc(res.Rules, func(u RuleUse) bool { return u.Key == "quota" && strings.HasPrefix(u.Value, "qpq") }) {
		t.Errorf("rules %v do not state the QPQ quota", res.Rules)
	}
}
