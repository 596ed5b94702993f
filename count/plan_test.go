package count

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// A combined paper: a tie for the deputy's last seat holds the member
// office until the re-vote; the loser then stands for member with their
// combined total, which beats the member column's best.
func TestCombinedCount_LowerOfficeWaitsForHigherTie(t *testing.T) {
	e := election(PresetVillage,
		Office{Name: "主任", Seats: 1, Candidates: []string{"甲"}},
		Office{Name: "副主任", Seats: 2, Candidates: []string{"乙", "丙", "丁"}},
		Office{Name: "委员", Seats: 1, Candidates: []string{"戊"}})
	e.Papers = []Paper{{Name: "村委会", Offices: []string{"主任", "副主任", "委员"}, Combined: true}}
	e.Figures = Figures{Registered: 110, Voted: 100}
	var recs []BallotRecord
	for i := 1; i <= 100; i++ {
		// 乙 70; 丙 60; 丁 60 (tied for the second deputy seat); 戊 55 as member.
		var dep []string
		switch {
		case i <= 30:
			dep = []string{"乙", "丙"}
		case i <= 60:
			dep = []string{"乙", "丁"}
		case i <= 70:
			dep = []string{"乙"}
		default:
			dep = []string{"丙", "丁"}
		}
		mem := []string{}
		if i <= 55 {
			mem = append(mem, "戊")
		}
		recs = append(recs,
			BallotRecord{Office: "主任", Number: i, For: []string{"甲"}, Origin: "t"},
			BallotRecord{Office: "副主任", Number: i, For: dep, Origin: "t"},
			BallotRecord{Office: "委员", Number: i, For: mem, Origin: "t"})
	}
	// Check the figures the test means to build.
	first := tabulate(t, e, recs)
	dep := section(t, first[0], "副主任")
	if !equal(dep.Elected, []string{"乙"}) || len(dep.Tied) != 2 {
		t.Fatalf("deputy: elected %v tied %v (%+v)", dep.Elected, dep.Tied, dep.Candidates)
	}
	mem := section(t, first[0], "委员")
	if mem.WaitingFor != "副主任" || len(mem.Elected) != 0 {
		t.Fatalf("member must wait for the deputy tie, got waiting %q elected %v", mem.WaitingFor, mem.Elected)
	}
	if first[0].Next.Kind != StepTieRevote || len(first[0].Next.Round.Sections) != 1 {
		t.Fatalf("next: %v with %d sections", first[0].Next.Kind, len(first[0].Next.Round.Sections))
	}
	revote := spread("村委会", 2, 100, vote{"丙", 55}, vote{"丁", 40})
	for i := range revote {
		revote[i].Office = "副主任"
	}
	res := tabulate(t, e, recs, revote)
	r2 := res[1]
	if d := section(t, r2, "副主任"); !equal(d.Elected, []string{"丙"}) {
		t.Fatalf("re-vote elected %v", d.Elected)
	}
	m := section(t, r2, "委员")
	if m.DecidedFrom != 1 || !equal(m.Elected, []string{"丁"}) {
		t.Errorf("member decided from round %d: %v; want 丁 (60 combined) over 戊 (55)", m.DecidedFrom, m.Elected)
	}
	if r2.Next.Kind != StepDone {
		t.Errorf("next %v", r2.Next.Kind)
	}
}

// An office whose candidates all pass but are fewer than its seats has
// nobody to stand in an extra round: a vacancy, said as such.
func TestExtraRound_NobodyLeftIsVacancy(t *testing.T) {
	e := election(PresetVillage, Office{Name: "委员", Seats: 3, Candidates: []string{"A", "B"}})
	e.Figures = Figures{Registered: 20, Voted: 20}
	res := tabulate(t, e, spread("委员", 1, 20, vote{"A", 15}, vote{"B", 12}))
	n := res[0].Next
	if n.Kind != StepDone || n.Round != nil || len(n.Vacancies) != 1 || n.Vacancies[0].Reason != "no-candidates" || n.Vacancies[0].Seats != 1 {
		t.Errorf("next %v round %v vacancies %+v", n.Kind, n.Round, n.Vacancies)
	}
}

// A tie re-vote in which nobody gets a vote is tied again and re-voted,
// never turned into an under-election.
func TestTieRevote_ZeroToZeroIsTiedAgain(t *testing.T) {
	e := election(PresetParty, Office{Name: "委员", Seats: 2, Candidates: []string{"A", "B", "C"}})
	e.Figures = Figures{Entitled: 30, Present: 30}
	first := spread("委员", 1, 30, vote{"A", 20}, vote{"B", 17}, vote{"C", 17})
	blank := make([]BallotRecord, 30)
	for i := range blank {
		blank[i] = BallotRecord{Office: "委员", Round: 2, Origin: "blank"}
	}
	res := tabulate(t, e, first, blank)
	if res[1].Next.Kind != StepTieRevote || !equal(res[1].Next.Round.Sections[0].Candidates, []string{"B", "C"}) {
		t.Errorf("after 0-0: %v %+v", res[1].Next.Kind, res[1].Next.Round)
	}
	if len(res[1].Next.Vacancies) != 0 {
		t.Errorf("no vacancy after a tied re-vote: %+v", res[1].Next.Vacancies)
	}
}

// In a weighted recommendation, a ballot without a source is refused:
// it would otherwise drop out of every score.
func TestWeightedRecommendation_BallotWithoutSourceRefused(t *testing.T) {
	e := election(PresetParty, Office{Name: "委员", Seats: 1, Candidates: []string{"A", "B", "C"},
		Narrow: []Ratio{{100, 100}}, Sources: []Source{{"党员", Ratio{70, 100}}, {"群众", Ratio{30, 100}}}})
	e.Figures = Figures{Entitled: 4, Present: 4}
	recs := []BallotRecord{{Office: "委员", Source: "党员", For: []string{"A"}, Origin: "b.jsonl:1"}, {Office: "委员", For: []string{"B"}, Origin: "b.jsonl:2"}}
	_, err := Tabulate(e, recs)
	var in *InputError
	if !errors.As(err, &in) || in.Origin != "b.jsonl:2" || in.Field != "source" || !strings.Contains(in.Msg, "党员") {
		t.Errorf("want an error at b.jsonl:2 naming the sources, got %v", err)
	}
}

// Unnumbered ballots take the numbers the numbered ones leave free, and a
// number given twice says how to fix it.
func TestBallotNumbers_AutoAvoidsGivenAndDuplicatesExplain(t *testing.T) {
	e := election(PresetPlurality, Office{Name: "C", Seats: 1, Candidates: []string{"A", "B"}})
	recs := []BallotRecord{{Office: "C", For: []string{"A"}, Origin: "x:1"}, {Office: "C", Number: 1, For: []string{"B"}, Origin: "x:2"}}
	res, err := Tabulate(e, recs)
	if err != nil || res[0].Ballots.Cast != 2 {
		t.Fatalf("an unnumbered ballot must not clash with ballot 1: %v", err)
	}
	recs = append(recs, BallotRecord{Office: "C", Number: 1, For: []string{"A"}, Origin: "y:1"})
	_, err = Tabulate(e, recs)
	if err == nil || !strings.Contains(err.Error(), "y:1") || !strings.Contains(err.Error(), "x:2") || !strings.Contains(err.Error(), "number the ballots") {
		t.Errorf("duplicate ballot number: %v", err)
	}
}

// Carry-over of losers is the party preset's 三轮选 rule; elsewhere each
// office stands on its own list.
func TestCarryOver_PartyOnly(t *testing.T) {
	for _, c := range []struct {
		p    Preset
		want []string
	}{{PresetParty, []string{"C", "B"}}, {PresetPlurality, []string{"C"}}} {
		e := election(c.p, Office{Name: "Chair", Seats: 1, Candidates: []string{"A", "B"}}, Office{Name: "Member", Seats: 1, Candidates: []string{"C"}})
		e.Figures = Figures{Entitled: 10, Present: 10, Registered: 10, Voted: 10}
		res := tabulate(t, e, spread("Chair", 1, 10, vote{"A", 8}, vote{"B", 2}))
		if got := res[0].Next.Round.Sections[0].Candidates; !equal(got, c.want) {
			t.Errorf("%v: member list %v, want %v", c.p, got, c.want)
		}
	}
}

// A candidate elected to an earlier office leaves the later lists, and the
// next round says so.
func TestCascade_ElectedLeavesLaterListsAndIsNamed(t *testing.T) {
	e := election(PresetParty, Office{Name: "书记", Seats: 1, Candidates: []string{"甲", "乙"}}, Office{Name: "委员", Seats: 2, Candidates: []string{"甲", "丙", "丁"}})
	e.Figures = Figures{Entitled: 10, Present: 10}
	res := tabulate(t, e, spread("书记", 1, 10, vote{"甲", 8}, vote{"乙", 2}))
	s := res[0].Next.Round.Sections[0]
	if slices.Contains(s.Candidates, "甲") || !equal(s.Dropped, []string{"甲"}) {
		t.Errorf("members: %v dropped %v", s.Candidates, s.Dropped)
	}
}

// Suggestions are offered only for plausible typos: "丙" is not "甲".
func TestSuggest_ShortNamesNotConfused(t *testing.T) {
	if _, ok := Closest("丙", []string{"甲", "乙"}); ok {
		t.Error("丙 must not be suggested as 甲")
	}
	if _, ok := Closest("Bob", []string{"张三"}); ok {
		t.Error("Bob must not be suggested as 张三")
	}
	if k, ok := Closest("fro", []string{"for", "office"}); !ok || k != "for" {
		t.Errorf("fro → %q", k)
	}
	if k, ok := Closest("quorm", SettingKeys()); !ok || k != "quorum" {
		t.Errorf("quorm → %q", k)
	}
}

// Whole plans, at random: counting each next round with random ballots
// until the election is decided never elects more than the seats, never
// elects a person twice, never offers a round without candidates, and
// ends.
func TestProperty_PlansEndAndNeverOverfill(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	presets := []Preset{PresetParty, PresetVillage, PresetCongress, PresetPlurality}
	for trial := range 300 {
		p := presets[rng.IntN(len(presets))]
		var offices []Office
		pool := []string{"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"}
		next := 0
		for o := range 1 + rng.IntN(3) {
			seats := 1 + rng.IntN(3)
			n := seats + rng.IntN(3)
			if next+n > len(pool) {
				break
			}
			offices = append(offices, Office{Name: "职" + string(rune('一'+o)), Seats: seats, Candidates: pool[next : next+n]})
			next += n
		}
		if len(offices) == 0 {
			continue
		}
		e := election(p, offices...)
		if rng.IntN(3) == 0 && len(offices) > 1 {
			var names []string
			for _, o := range offices {
				names = append(names, o.Name)
			}
			e.Papers = []Paper{{Name: "选票", Offices: names, Combined: rng.IntN(2) == 0}}
		}
		voters := 10 + rng.IntN(40)
		e.Figures = Figures{Entitled: voters, Present: voters, Registered: voters, Voted: voters}
		plan := NewPlan(e)
		elected := map[string]string{}
		perOffice := map[string]int{}
		for rounds := 0; ; rounds++ {
			r := plan.Next()
			if r == nil {
				break
			}
			if rounds > 40 {
				t.Fatalf("trial %d: more than 40 rounds", trial)
			}
			var recs []BallotRecord
			for v := range voters {
				for _, s := range r.Sections {
					if len(s.Candidates) == 0 {
						t.Fatalf("trial %d: %s round %d offers no candidates", trial, s.Office, r.Number)
					}
					rec := BallotRecord{Office: s.Office, Round: r.Number, Number: v + 1, Origin: "rand"}
					for _, c := range rng.Perm(len(s.Candidates))[:rng.IntN(min(len(s.Candidates), s.MaxFor)+1)] {
						rec.For = append(rec.For, s.Candidates[c])
					}
					recs = append(recs, rec)
				}
			}
			ballots, err := e.Resolve(r, recs)
			if err != nil {
				t.Fatal(err)
			}
			res, err := plan.Count(ballots)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range res.Sections {
				if s.Kind == RoundRecommend || s.Kind == RoundCutoffRevote {
					continue
				}
				for _, n := range s.Elected {
					if prev, twice := elected[n]; twice {
						t.Fatalf("trial %d: %s elected to %s and %s", trial, n, prev, s.Office)
					}
					elected[n] = s.Office
					perOffice[s.Office]++
				}
			}
		}
		for _, o := range offices {
			if perOffice[o.Name] > o.Seats {
				t.Fatalf("trial %d: %d elected to %s with %d seats", trial, perOffice[o.Name], o.Name, o.Seats)
			}
		}
	}
}
