package count

import (
	"slices"
	"strings"
	"testing"
)

// E1: 28 members, 3 probationary → 25 entitled; more than 4/5 must be present.
func TestQuorum_PartyMoreThanFourFifthsOfEntitled(t *testing.T) {
	cases := []struct {
		present int
		compare string
		want    Verdict
	}{
		{19, "", VerdictFail},
		{20, "", VerdictFail}, // exactly 4/5 is not "more than"
		{20, "at-least", VerdictPass},
		{21, "", VerdictPass},
	}
	for _, c := range cases {
		e := election(PresetParty, Office{Name: "委员", Seats: 1, Candidates: []string{"甲", "乙"}})
		e.Figures = Figures{Members: 28, Probationary: 3, Present: c.present, Issued: c.present}
		if c.compare != "" {
			if err := e.Settings.Set("quorum_compare", c.compare); err != nil {
				t.Fatal(err)
			}
			e.Overrides = []string{"quorum_compare"}
		}
		res := tabulate(t, e, spread("委员", 1, c.present, vote{"甲", c.present - 1}))
		q := res[0].Quorum
		if q.Verdict != c.want || q.Of != 25 || q.Value != c.present {
			t.Errorf("present %d %s: quorum %v (%d of %d), want %v of 25", c.present, c.compare, q.Verdict, q.Value, q.Of, c.want)
		}
		if res[0].Void != (c.want == VerdictFail) {
			t.Errorf("present %d: void = %v", c.present, res[0].Void)
		}
		if c.want == VerdictFail {
			if res[0].Next.Kind != StepRerun || res[0].Next.Round == nil || !res[0].Next.Round.Rerun {
				t.Errorf("present %d: a void round is re-run, got next %v", c.present, res[0].Next.Kind)
			}
			if len(res[0].Sections[0].Candidates) != 0 {
				t.Errorf("present %d: a void round publishes no tallies", c.present)
			}
		}
		if c.compare != "" && !slices.ContainsFunc(res[0].Rules, func(u RuleUse) bool {
			return u.Key == "quorum_compare" && u.Value == "at-least" && u.Overridden
		}) {
			t.Errorf("the result must state the overridden quorum_compare, got %+v", res[0].Rules)
		}
	}
}

// E3: 40 present; 20 for is exactly half and fails, 21 passes; the base
// stays 40 when 2 ballots are invalid.
func TestThreshold_ExactlyHalfOfPresentFails(t *testing.T) {
	e := election(PresetParty, Office{Name: "书记", Seats: 1, Candidates: []string{"甲", "乙"}})
	e.Figures = Figures{Entitled: 45, Present: 40, Issued: 40}
	half := renumber(append(spread("书记", 1, 38, vote{"甲", 20}, vote{"乙", 18}), invalid("书记", 1, 2, ReasonUnreadable)...))
	res := tabulate(t, e, half)
	s := section(t, res[0], "书记")
	if s.Threshold.Need != 21 || s.Threshold.BaseValue != 40 || s.Threshold.Base != BasePresent {
		t.Fatalf("threshold %+v, want 21 of base present 40", s.Threshold)
	}
	if a := cand(t, s, "甲"); a.Status != StatusNotElected || a.Why != WhyAtLimit {
		t.Errorf("甲 with exactly half: %v/%v, want not elected at the limit", a.Status, a.Why)
	}
	if res[0].Ballots.Invalid != 2 || res[0].Ballots.Valid != 38 {
		t.Errorf("ballots %+v", res[0].Ballots)
	}
	more := spread("书记", 1, 40, vote{"甲", 21}, vote{"乙", 18})
	s = section(t, tabulate(t, e, more)[0], "书记")
	if !equal(s.Elected, []string{"甲"}) || cand(t, s, "甲").Why != WhyPassed {
		t.Errorf("21 of 40 must elect 甲, got %v", s.Elected)
	}
}

// E4: 5 seats, 6 listed; which ballots are valid and what they count.
func TestBallotValidity_OverVoteWriteInBlankMark(t *testing.T) {
	list := []string{"A", "B", "C", "D", "E", "F"}
	one := func(preset Preset, rec BallotRecord) (*Result, *SectionResult) {
		e := election(preset, Office{Name: "委员", Seats: 5, Candidates: list})
		e.Figures = Figures{Entitled: 1, Present: 1, Registered: 1, Voted: 1, Issued: 1}
		rec.Office, rec.Round, rec.Origin = "委员", 1, "test"
		res := tabulate(t, e, []BallotRecord{rec})
		return res[0], section(t, res[0], "委员")
	}
	cases := []struct {
		name    string
		preset  Preset
		rec     BallotRecord
		valid   bool
		reason  Reason
		blank   bool
		writeIn string
	}{
		{"○ on all six", PresetCongress, BallotRecord{For: list}, false, ReasonOverVote, false, ""},
		{"○ on four and a write-in", PresetCongress, BallotRecord{For: list[:4], WriteIns: []string{"刘强"}}, true, 0, false, "刘强"},
		{"○ on five and a write-in", PresetCongress, BallotRecord{For: list[:5], WriteIns: []string{"刘强"}}, false, ReasonOverVote, false, ""},
		{"○ on five and an unmarked written name", PresetParty, BallotRecord{For: list[:5], WriteInsUnmarked: []string{"刘强"}}, false, ReasonOverVote, false, ""},
		{"○ on three, × on three", PresetParty, BallotRecord{For: list[:3], Against: list[3:]}, true, 0, false, ""},
		{"blank", PresetParty, BallotRecord{}, true, 0, true, ""},
		{"signature on the paper", PresetParty, BallotRecord{For: list[:2], Invalid: ReasonIdentifyingMark}, false, ReasonIdentifyingMark, false, ""},
	}
	for _, c := range cases {
		res, s := one(c.preset, c.rec)
		if got := res.Ballots.Valid == 1; got != c.valid {
			t.Errorf("%s: valid = %v, want %v", c.name, got, c.valid)
			continue
		}
		if !c.valid && (len(res.Ballots.ByReason) != 1 || res.Ballots.ByReason[0].Reason != c.reason) {
			t.Errorf("%s: invalid by %v, want %v", c.name, res.Ballots.ByReason, c.reason)
		}
		if (res.Ballots.Blank == 1) != c.blank {
			t.Errorf("%s: blank = %d", c.name, res.Ballots.Blank)
		}
		if c.blank {
			for _, cr := range s.Candidates {
				if cr.Abstain != 1 {
					t.Errorf("blank: %s abstain %d, want 1", cr.Name, cr.Abstain)
				}
			}
		}
		if c.writeIn != "" {
			if w := cand(t, s, c.writeIn); !w.WriteIn || w.For != 1 {
				t.Errorf("%s: write-in %+v, want one vote", c.name, w)
			}
		}
		if !c.valid {
			for _, cr := range s.Candidates {
				if cr.For+cr.Against+cr.Abstain != 0 {
					t.Errorf("%s: invalid ballot counted for %s", c.name, cr.Name)
				}
			}
		}
	}
}

// Under the party preset a write-in counts only in place of a candidate voted against [P2020 25].
func TestWriteIn_PartyOnlyInPlaceOfAgainst(t *testing.T) {
	e := election(PresetParty, Office{Name: "委员", Seats: 2, Candidates: []string{"A", "B", "C"}})
	e.Figures = Figures{Entitled: 2, Present: 2, Issued: 2}
	recs := []BallotRecord{
		{Office: "委员", For: []string{"A"}, Against: []string{"B"}, WriteIns: []string{"刘强"}, Origin: "t:1"},
		{Office: "委员", For: []string{"A"}, WriteIns: []string{"王五"}, Origin: "t:2"},
	}
	res := tabulate(t, e, recs)
	s := section(t, res[0], "委员")
	if w := cand(t, s, "刘强"); w.For != 1 {
		t.Errorf("a write-in beside an against mark counts: got %d", w.For)
	}
	for _, c := range s.Candidates {
		if c.Name == "王五" {
			t.Errorf("a write-in with no against mark must not count under the party preset")
		}
	}
	if s.IgnoredWriteIns != 1 || !slices.ContainsFunc(res[0].Notes, func(n Note) bool { return n.Code == "write-ins-ignored" }) {
		t.Errorf("the ignored write-in must be reported: %+v", res[0].Notes)
	}
}

// E5: a tie straddling the last seat goes to a re-vote among the tied.
func TestTieAtLastSeat_RevoteAmongTied(t *testing.T) {
	e := election(PresetParty, Office{Name: "委员", Seats: 5, Candidates: []string{"A", "B", "C", "D", "E", "F"}})
	e.Figures = Figures{Entitled: 55, Present: 50}
	first := spread("委员", 1, 50, vote{"A", 45}, vote{"B", 44}, vote{"C", 40}, vote{"D", 33}, vote{"E", 30}, vote{"F", 30})
	revote := renumber(append(spread("委员", 2, 49, vote{"E", 27}, vote{"F", 22}), BallotRecord{Office: "委员", Round: 2, Origin: "blank"}))
	res := tabulate(t, e, first, revote)
	if len(res) != 2 {
		t.Fatalf("want 2 rounds, got %d", len(res))
	}
	s := section(t, res[0], "委员")
	if s.Threshold.Need != 26 || !equal(s.Elected, []string{"A", "B", "C", "D"}) || !equal(s.Tied, []string{"E", "F"}) || s.TieSeats != 1 {
		t.Fatalf("round 1: need %d elected %v tied %v for %d", s.Threshold.Need, s.Elected, s.Tied, s.TieSeats)
	}
	if res[0].Next.Kind != StepTieRevote {
		t.Errorf("next %v, want tie re-vote", res[0].Next.Kind)
	}
	r2 := res[1]
	if c := res[0].Next.Round.Sections[0]; r2.Kind != RoundTieRevote || !equal(c.Candidates, []string{"E", "F"}) || c.Seats != 1 {
		t.Errorf("round 2: %v among %v for %d seats", r2.Kind, c.Candidates, c.Seats)
	}
	s2 := section(t, r2, "委员")
	if !equal(s2.Elected, []string{"E"}) || s2.Open != 0 || r2.Ballots.Blank != 1 {
		t.Errorf("re-vote: elected %v open %d blank %d", s2.Elected, s2.Open, r2.Ballots.Blank)
	}
	if r2.Next.Kind != StepDone {
		t.Errorf("after the re-vote: %v, want done", r2.Next.Kind)
	}
}

// E5 variant: B and C tied at 40 are both inside the five seats: no re-vote.
func TestTieInsideSeats_NoRevote(t *testing.T) {
	e := election(PresetParty, Office{Name: "委员", Seats: 5, Candidates: []string{"A", "B", "C", "D", "E", "F"}})
	e.Figures = Figures{Entitled: 55, Present: 50}
	res := tabulate(t, e, spread("委员", 1, 50, vote{"A", 45}, vote{"B", 40}, vote{"C", 40}, vote{"D", 33}, vote{"E", 31}, vote{"F", 30}))
	s := section(t, res[0], "委员")
	if !equal(s.Elected, []string{"A", "B", "C", "D", "E"}) || len(s.Tied) != 0 || res[0].Next.Kind != StepDone {
		t.Errorf("elected %v tied %v next %v", s.Elected, s.Tied, res[0].Next.Kind)
	}
}

// E6: party under-election: an extra round among the non-elected, same threshold.
func TestPartyUnderElection_ExtraRoundSameThreshold(t *testing.T) {
	e := election(PresetParty, Office{Name: "委员", Seats: 5, Candidates: []string{"A", "B", "C", "D", "E", "F"}})
	e.Figures = Figures{Entitled: 55, Present: 50}
	res := tabulate(t, e, spread("委员", 1, 50, vote{"A", 40}, vote{"B", 35}, vote{"C", 30}, vote{"D", 25}, vote{"E", 24}, vote{"F", 20}))
	s := section(t, res[0], "委员")
	if !equal(s.Elected, []string{"A", "B", "C"}) || s.Open != 2 {
		t.Fatalf("elected %v open %d", s.Elected, s.Open)
	}
	if d := cand(t, s, "D"); d.Why != WhyAtLimit {
		t.Errorf("D's 25 of 50 is exactly half: %v", d.Why)
	}
	next := res[0].Next
	if next.Kind != StepExtraRound || next.Round == nil {
		t.Fatalf("next %v, want an extra round", next.Kind)
	}
	x := next.Round.Sections[0]
	if x.Seats != 2 || !equal(x.Candidates, []string{"D", "E", "F"}) || x.Margin.String() != "20%" {
		t.Errorf("extra round: %d seats, %v, margin %v; want 2 seats among D, E, F at 20%%", x.Seats, x.Candidates, x.Margin)
	}
	// The same threshold applies in the extra round: 26 of 50 present.
	res = tabulate(t, e, spread("委员", 1, 50, vote{"A", 40}, vote{"B", 35}, vote{"C", 30}, vote{"D", 25}, vote{"E", 24}, vote{"F", 20}),
		spread("委员", 2, 50, vote{"D", 30}, vote{"E", 25}, vote{"F", 20}))
	s2 := section(t, res[1], "委员")
	if s2.Threshold == nil || s2.Threshold.Need != 26 || !equal(s2.Elected, []string{"D"}) || s2.Open != 1 {
		t.Errorf("extra round: threshold %+v elected %v open %d", s2.Threshold, s2.Elected, s2.Open)
	}
	if v := res[1].Next.Vacancies; len(v) != 1 || v[0].Seats != 1 || v[0].Reason != "extra-rounds-used" || res[1].Next.Kind != StepDone {
		t.Errorf("one seat stays vacant after the extra round allowed: %+v %v", v, res[1].Next.Kind)
	}
}

// E6, meeting's choice: under_election = stop leaves the seats to the meeting.
func TestUnderElection_StopLeavesSeatsToMeeting(t *testing.T) {
	e := election(PresetParty, Office{Name: "委员", Seats: 5, Candidates: []string{"A", "B", "C", "D", "E", "F"}})
	e.Figures = Figures{Entitled: 55, Present: 50}
	if err := e.Settings.Set("under_election", "stop"); err != nil {
		t.Fatal(err)
	}
	res := tabulate(t, e, spread("委员", 1, 50, vote{"A", 40}, vote{"B", 35}, vote{"C", 30}, vote{"D", 25}, vote{"E", 24}, vote{"F", 20}))
	if v := res[0].Next.Vacancies; len(v) != 1 || v[0].Seats != 2 || v[0].Reason != "meeting" || res[0].Next.Kind != StepDone {
		t.Errorf("next %v vacancies %+v", res[0].Next.Kind, v)
	}
}

// E8: village validity: more than half of the registered must vote; the
// threshold is more than half of those who voted.
func TestVillage_TurnoutAndThreshold(t *testing.T) {
	for _, c := range []struct {
		voted int
		want  Verdict
		need  int
	}{{500, VerdictFail, 0}, {501, VerdictPass, 251}} {
		e := election(PresetVillage, Office{Name: "主任", Seats: 1, Candidates: []string{"甲", "乙"}})
		e.Figures = Figures{Registered: 1000, Voted: c.voted}
		res := tabulate(t, e, spread("主任", 1, c.voted, vote{"甲", 260}, vote{"乙", 200}))
		if res[0].Quorum.Verdict != c.want {
			t.Errorf("voted %d: %v, want %v", c.voted, res[0].Quorum.Verdict, c.want)
		}
		if c.need > 0 {
			if s := section(t, res[0], "主任"); s.Threshold.Need != c.need || !equal(s.Elected, []string{"甲"}) {
				t.Errorf("voted %d: need %d elected %v", c.voted, s.Threshold.Need, s.Elected)
			}
		}
	}
}

// E11: village extra round: most votes wins with at least 1/3 of ballots cast.
func TestVillage_ExtraRoundFloorOfOneThird(t *testing.T) {
	e := election(PresetVillage, Office{Name: "委员", Seats: 3, Candidates: []string{"A", "B", "C", "D", "E"}})
	e.Figures = Figures{Registered: 1600, Voted: 900}
	first := spread("委员", 1, 900, vote{"A", 600}, vote{"B", 452}, vote{"C", 449}, vote{"D", 300}, vote{"E", 100})
	extra := renumber(append(spread("委员", 2, 840, vote{"C", 450}, vote{"D", 390}), invalid("委员", 2, 30, ReasonUnreadable)...))
	res := tabulate(t, e, first, extra)
	s := section(t, res[0], "委员")
	if s.Threshold.Need != 451 || !equal(s.Elected, []string{"A", "B"}) {
		t.Fatalf("round 1: need %d elected %v", s.Threshold.Need, s.Elected)
	}
	x := res[0].Next.Round.Sections[0]
	if !equal(x.Candidates, []string{"C", "D"}) || x.Seats != 1 {
		t.Fatalf("extra round list %v for %d", x.Candidates, x.Seats)
	}
	s2 := section(t, res[1], "委员")
	if s2.Floor == nil || s2.Floor.BaseValue != 870 || s2.Floor.Need != 290 || !equal(s2.Elected, []string{"C"}) {
		t.Errorf("extra round: floor %+v elected %v", s2.Floor, s2.Elected)
	}
	if res[1].Quorum.Verdict != VerdictNone {
		t.Errorf("the village extra round needs no turnout quorum by default, got %v", res[1].Quorum.Verdict)
	}
}

// Below the one-third floor, an extra round leaves the seat vacant.
func TestExtraRound_BelowFloorIsVacancy(t *testing.T) {
	e := election(PresetVillage, Office{Name: "委员", Seats: 1, Candidates: []string{"A", "B", "C"}})
	e.Figures = Figures{Registered: 100, Voted: 90}
	first := spread("委员", 1, 90, vote{"A", 40}, vote{"B", 30}, vote{"C", 20})
	extra := renumber(append(spread("委员", 2, 40, vote{"A", 29}, vote{"B", 10}), invalid("委员", 2, 50, ReasonOther)...))
	res := tabulate(t, e, first, extra)
	s := section(t, res[1], "委员")
	if len(s.Elected) != 0 || cand(t, s, "A").Why != WhyBelowFloor || s.Floor.Need != 30 {
		t.Errorf("elected %v, A %v, floor %+v", s.Elected, cand(t, s, "A").Why, s.Floor)
	}
	if v := res[1].Next.Vacancies; len(v) != 1 || v[0].Seats != 1 {
		t.Errorf("vacancies %+v", v)
	}
}

// E13: congress; 20 over-voted ballots are invalid but the base stays the 1,500 who voted.
func TestCongress_ExtraRoundExactlyTwoForOneSeat(t *testing.T) {
	e := election(PresetCongress, Office{Name: "代表", Seats: 3, Candidates: []string{"A", "B", "C", "D", "E"}})
	e.Figures = Figures{Registered: 2000, Voted: 1500, Issued: 1500}
	over := make([]BallotRecord, 20)
	for i := range over {
		over[i] = BallotRecord{Office: "代表", Round: 1, For: []string{"A", "B", "C", "D"}, Origin: "over"}
	}
	first := renumber(append(spread("代表", 1, 1480, vote{"A", 900}, vote{"B", 760}, vote{"C", 740}, vote{"D", 600}, vote{"E", 400}), over...))
	blank := make([]BallotRecord, 100)
	for i := range blank {
		blank[i] = BallotRecord{Office: "代表", Round: 2, Origin: "blank"}
	}
	extra := renumber(append(spread("代表", 2, 1350, vote{"C", 700}, vote{"D", 650}), blank...))
	res := tabulate(t, e, first, extra)
	s := section(t, res[0], "代表")
	if res[0].Ballots.Invalid != 20 || s.Threshold.Need != 751 || !equal(s.Elected, []string{"A", "B"}) {
		t.Fatalf("round 1: invalid %d need %d elected %v", res[0].Ballots.Invalid, s.Threshold.Need, s.Elected)
	}
	if x := res[0].Next.Round.Sections[0]; !equal(x.Candidates, []string{"C", "D"}) {
		t.Errorf("one seat → exactly two candidates, got %v", x.Candidates)
	}
	s2 := section(t, res[1], "代表")
	if !equal(s2.Elected, []string{"C"}) || s2.Floor.BaseValue != 1450 {
		t.Errorf("extra: elected %v floor %+v", s2.Elected, s2.Floor)
	}
	if res[0].Ballots.ByReason[0].Reason != ReasonOverVote {
		t.Errorf("invalid reason %v", res[0].Ballots.ByReason)
	}
}

// E15: 三轮选: secretary, then deputy with the secretary round's loser, then members.
func TestCascade_ThreeRoundsCarryLosers(t *testing.T) {
	e := election(PresetParty,
		Office{Name: "书记", Seats: 1, Candidates: []string{"甲", "乙"}},
		Office{Name: "副书记", Seats: 1, Candidates: []string{"丙"}},
		Office{Name: "委员", Seats: 3, Candidates: []string{"丁", "戊", "己"}})
	e.Figures = Figures{Entitled: 70, Present: 60, Issued: 60}
	sec := renumber(append(spread("书记", 1, 59, vote{"甲", 35}, vote{"乙", 24}), BallotRecord{Office: "书记", Origin: "blank"}))
	dep := renumber(append(spread("副书记", 1, 59, vote{"丙", 33}, vote{"乙", 26}), invalid("副书记", 1, 1, ReasonUnreadable)...))
	mem := spread("委员", 1, 60, vote{"乙", 40}, vote{"丁", 36}, vote{"戊", 31}, vote{"己", 29})
	res := tabulate(t, e, sec, dep, mem)
	if len(res) != 3 {
		t.Fatalf("want 3 rounds, got %d", len(res))
	}
	want := [][]string{{"甲"}, {"丙"}, {"乙", "丁", "戊"}}
	for i, r := range res {
		s := r.Sections[0]
		if s.Threshold.Need != 31 || !equal(s.Elected, want[i]) {
			t.Errorf("%s: need %d elected %v, want 31 and %v", s.Office, s.Threshold.Need, s.Elected, want[i])
		}
		if r.Quorum.Verdict != VerdictPass {
			t.Errorf("%s: quorum %v (5 × 60 > 4 × 70)", s.Office, r.Quorum.Verdict)
		}
	}
	if res[0].Next.Kind != StepNextOffice || !equal(res[0].Next.Round.Sections[0].Candidates, []string{"丙", "乙"}) {
		t.Errorf("deputy list %v", res[0].Next.Round.Sections[0].Candidates)
	}
	if c := res[1].Next.Round.Sections[0]; !equal(c.Candidates, []string{"丁", "戊", "己", "乙"}) || !equal(c.CarriedOver, []string{"乙"}) {
		t.Errorf("members list %v carried %v", c.Candidates, c.CarriedOver)
	}
	if res[2].Next.Kind != StepDone {
		t.Errorf("after members: %v", res[2].Next.Kind)
	}
}

// E16: narrowing keeps seats + ceil(seats × ratio): 7 seats → 10 at 40 %, 9 at 20 %.
func TestNarrowing_TwoStagesThenVote(t *testing.T) {
	var list []string
	var votes1 []vote
	for i := range 13 {
		n := string(rune('A' + i))
		list = append(list, n)
		votes1 = append(votes1, vote{n, 60 - 3*i})
	}
	e := election(PresetParty, Office{Name: "委员", Seats: 7, Candidates: list, Narrow: []Ratio{{40, 100}, {20, 100}}})
	e.Figures = Figures{Entitled: 70, Present: 65}
	// Each ballot may recommend up to 10 names in stage 1.
	stage1 := spread("委员", 1, 65, votes1...)
	res := tabulate(t, e, stage1)
	s := section(t, res[0], "委员")
	if s.Kind != RoundRecommend || s.Seats != 10 || len(s.Elected) != 10 || res[0].Next.Kind != StepNextStage {
		t.Fatalf("stage 1: kind %v keeps %d kept %v next %v", s.Kind, s.Seats, s.Elected, res[0].Next.Kind)
	}
	s2 := res[0].Next.Round.Sections[0]
	if s2.Seats != 9 || len(s2.Candidates) != 10 || !equal(s2.Candidates, list[:10]) {
		t.Errorf("stage 2 keeps %d of %v", s2.Seats, s2.Candidates)
	}
}

// A tie at the narrowed list's cut-off goes to a re-vote among the tied (inferred setting).
func TestNarrowing_TieAtCutoffRevote(t *testing.T) {
	e := election(PresetParty, Office{Name: "委员", Seats: 2, Candidates: []string{"A", "B", "C", "D", "E"}, Narrow: []Ratio{{50, 100}}})
	e.Figures = Figures{Entitled: 20, Present: 20}
	stage := spread("委员", 1, 20, vote{"A", 15}, vote{"B", 12}, vote{"C", 9}, vote{"D", 9}, vote{"E", 3})
	revote := spread("委员", 2, 20, vote{"C", 8}, vote{"D", 12})
	res := tabulate(t, e, stage, revote)
	if res[0].Next.Kind != StepCutoffRevote {
		t.Fatalf("next %v", res[0].Next.Kind)
	}
	if c := res[0].Next.Round.Sections[0]; c.Seats != 1 || !equal(c.Candidates, []string{"C", "D"}) {
		t.Errorf("cut-off re-vote: %d among %v", c.Seats, c.Candidates)
	}
	if v := res[1].Next.Round.Sections[0]; v.Kind != RoundFirst || !equal(v.Candidates, []string{"A", "B", "D"}) {
		t.Errorf("the vote: %v %v", v.Kind, v.Candidates)
	}
	// With include-all, both tied stay on the list.
	if err := e.Settings.Set("cutoff_tie", "include-all"); err != nil {
		t.Fatal(err)
	}
	res = tabulate(t, e, stage)
	if v := res[0].Next.Round.Sections[0]; v.Kind != RoundFirst || !equal(v.Candidates, []string{"A", "B", "C", "D"}) {
		t.Errorf("include-all: %v %v", v.Kind, v.Candidates)
	}
}

// The weighted recommendation ranks by Σ weight × votes ÷ ballots per source.
func TestWeightedRecommendation_ScoreBySource(t *testing.T) {
	e := election(PresetParty, Office{Name: "委员", Seats: 1, Candidates: []string{"A", "B", "C"},
		Narrow: []Ratio{{100, 100}}, Sources: []Source{{"党员", Ratio{70, 100}}, {"群众", Ratio{30, 100}}}})
	e.Figures = Figures{Entitled: 40, Present: 40}
	// Members: A 6 of 10, B 4 of 10. Public: B 30 of 30, A 0 — raw votes
	// favour B (34 to 6), weighted scores favour... B too; C gets members.
	members := spread("委员", 1, 10, vote{"A", 9}, vote{"C", 8}, vote{"B", 1})
	for i := range members {
		members[i].Source = "党员"
	}
	public := spread("委员", 1, 30, vote{"B", 30}, vote{"A", 1})
	for i := range public {
		public[i].Source = "群众"
	}
	res := tabulate(t, e, renumber(append(members, public...)))
	s := section(t, res[0], "委员")
	// A: .7×9/10 + .3×1/30 = 0.64; C: .7×8/10 = 0.56; B: .7×1/10 + .3×30/30 = 0.37.
	if !equal(s.Elected, []string{"A", "C"}) {
		t.Errorf("kept %v, want A and C by weighted score although B has the most votes", s.Elected)
	}
	if a := cand(t, s, "A"); a.Score != "16/25" || a.ScoreText != "0.640000" {
		t.Errorf("A's score %s (%s), want 16/25", a.Score, a.ScoreText)
	}
}

// Combined count: a deputy's total adds chair and deputy votes; a person
// elected chair leaves the lower offices.
func TestCombinedCount_HigherVotesCountLower(t *testing.T) {
	e := election(PresetVillage,
		Office{Name: "主任", Seats: 1, Candidates: []string{"甲", "乙"}},
		Office{Name: "副主任", Seats: 1, Candidates: []string{"丙", "丁"}},
		Office{Name: "委员", Seats: 1, Candidates: []string{"戊", "己"}})
	e.Papers = []Paper{{Name: "村委会", Offices: []string{"主任", "副主任", "委员"}, Combined: true}}
	e.Figures = Figures{Registered: 120, Voted: 100}
	var recs []BallotRecord
	for i := 1; i <= 100; i++ {
		chair := "甲"
		if i > 60 {
			chair = "乙"
		}
		dep := "丙"
		if i > 45 {
			dep = "丁"
		}
		var depW []string
		if i > 90 { // 乙's supporters also write him in for deputy
			dep, depW = "", []string{"乙"}
		}
		recs = append(recs,
			BallotRecord{Office: "主任", Number: i, For: []string{chair}, Origin: "t"},
			BallotRecord{Office: "副主任", Number: i, For: nonEmpty(dep), WriteIns: depW, Origin: "t"},
			BallotRecord{Office: "委员", Number: i, For: []string{"戊"}, Origin: "t"})
	}
	res := tabulate(t, e, recs)
	chair := section(t, res[0], "主任")
	dep := section(t, res[0], "副主任")
	if !equal(chair.Elected, []string{"甲"}) {
		t.Fatalf("chair %v", chair.Elected)
	}
	// 乙: 40 chair votes + 10 deputy write-ins = 50 (not > 50); 丙 45, 丁 45.
	if y := cand(t, dep, "乙"); y.Votes != 50 || y.For != 10 {
		t.Errorf("乙's combined deputy total %d (column %d), want 50 (10)", y.Votes, y.For)
	}
	if j := cand(t, dep, "甲"); j.Status != StatusHigherOffice {
		t.Errorf("甲 elected chair must leave the deputy count: %v", j.Status)
	}
	if !dep.Combined || dep.Threshold.Need != 51 || len(dep.Elected) != 0 {
		t.Errorf("deputy: combined %v need %d elected %v", dep.Combined, dep.Threshold.Need, dep.Elected)
	}
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// A ballot account that does not balance voids the round [P1990 19].
func TestAccount_ReturnedMoreThanIssuedVoidsRound(t *testing.T) {
	e := election(PresetParty, Office{Name: "书记", Seats: 1, Candidates: []string{"甲", "乙"}})
	e.Figures = Figures{Entitled: 30, Present: 30, Issued: 30, Returned: 31}
	res := tabulate(t, e, spread("书记", 1, 31, vote{"甲", 20}, vote{"乙", 11}))
	if !res[0].Void || res[0].Account[0].Verdict != VerdictFail || res[0].Next.Kind != StepRerun {
		t.Errorf("void %v account %+v next %v", res[0].Void, res[0].Account, res[0].Next.Kind)
	}
	if len(res[0].Sections[0].Elected) != 0 {
		t.Errorf("a void round elects nobody")
	}
}

// Partly invalid: one office's section over-voted while the other stands.
func TestPartlyInvalidPaper(t *testing.T) {
	e := election(PresetVillage,
		Office{Name: "主任", Seats: 1, Candidates: []string{"甲", "乙"}},
		Office{Name: "委员", Seats: 2, Candidates: []string{"丙", "丁", "戊"}})
	e.Papers = []Paper{{Name: "村委会", Offices: []string{"主任", "委员"}}}
	e.Figures = Figures{Registered: 4, Voted: 3}
	recs := []BallotRecord{
		{Office: "主任", Number: 1, For: []string{"甲", "乙"}, Origin: "t:1"},
		{Office: "委员", Number: 1, For: []string{"丙"}, Origin: "t:2"},
		{Office: "主任", Number: 2, For: []string{"甲"}, Origin: "t:3"},
		{Office: "委员", Number: 2, For: []string{"丙", "丁"}, Origin: "t:4"},
		{Office: "村委会", Number: 3, Invalid: ReasonIdentifyingMark, Origin: "t:5"},
	}
	res := tabulate(t, e, recs)
	b := res[0].Ballots
	if b.Cast != 3 || b.Valid != 2 || b.Partly != 1 || b.Invalid != 1 {
		t.Errorf("ballots %+v", b)
	}
	if c := section(t, res[0], "主任"); c.Ballots.Valid != 1 || c.Ballots.Invalid != 2 {
		t.Errorf("chair section %+v", c.Ballots)
	}
	if m := section(t, res[0], "委员"); cand(t, m, "丙").For != 2 || m.Ballots.Valid != 2 {
		t.Errorf("members section %+v", m)
	}
}

// Zhejiang voids a paper naming one person for two offices [ZJ-V 27].
func TestTwoOffices_VoidsPaperWhenSet(t *testing.T) {
	e := election(PresetVillage,
		Office{Name: "主任", Seats: 1, Candidates: []string{"甲", "乙"}},
		Office{Name: "委员", Seats: 2, Candidates: []string{"甲", "丁", "戊"}})
	e.Papers = []Paper{{Name: "村委会", Offices: []string{"主任", "委员"}}}
	e.Figures = Figures{Registered: 4, Voted: 3}
	recs := []BallotRecord{
		{Office: "主任", Number: 1, For: []string{"甲"}, Origin: "t:1"},
		{Office: "委员", Number: 1, For: []string{"甲"}, Origin: "t:2"},
	}
	if res := tabulate(t, e, recs); res[0].Ballots.Invalid != 0 || res[0].Ballots.Valid != 1 {
		t.Errorf("allowed by default, got %+v", res[0].Ballots)
	}
	e.Settings.TwoOfficesVoid = true
	if res := tabulate(t, e, recs); res[0].Ballots.Invalid != 1 || res[0].Ballots.ByReason[0].Reason != ReasonTwoOffices {
		t.Errorf("two_offices_void: %+v", res[0].Ballots)
	}
}

// Plurality: top N by votes, no threshold; a choice ballot ticks up to N.
func TestPlurality_TopNByVotes(t *testing.T) {
	e := election(PresetPlurality, Office{Name: "Committee", Seats: 2, Candidates: []string{"Ann", "Bob", "Cy", "Di"}})
	e.Ballot = BallotChoice
	res := tabulate(t, e, spread("Committee", 1, 10, vote{"Ann", 7}, vote{"Bob", 3}, vote{"Cy", 5}, vote{"Di", 1}))
	s := section(t, res[0], "Committee")
	if s.Threshold != nil || !equal(s.Elected, []string{"Ann", "Cy"}) || res[0].Quorum.Verdict != VerdictNone {
		t.Errorf("threshold %+v elected %v quorum %v", s.Threshold, s.Elected, res[0].Quorum.Verdict)
	}
}

// A record's source is looked up in its own office's sources: on a paper
// whose first office is not weighted, the weighted office's sources are
// still found (before, only the paper's first section was consulted).
func TestWeightedRecommendation_SourceOfAnOfficeNotFirstOnThePaper(t *testing.T) {
	e := election(PresetParty,
		Office{Name: "书记", Seats: 1, Candidates: []string{"甲", "乙"}},
		Office{Name: "委员", Seats: 1, Candidates: []string{"A", "B", "C"},
			Narrow: []Ratio{{100, 100}}, Sources: []Source{{"党员", Ratio{70, 100}}, {"群众", Ratio{30, 100}}}})
	e.Papers = []Paper{{Name: "选票", Offices: []string{"书记", "委员"}}}
	r := &Round{Contest: "选票", Number: 1, Sections: []Section{
		{Office: "书记", Seats: 1, Candidates: []string{"甲", "乙"}, Kind: RoundFirst},
		{Office: "委员", Seats: 1, Candidates: []string{"A", "B", "C"}, Kind: RoundRecommend},
	}}
	recs := []BallotRecord{
		{Office: "书记", Round: 1, Number: 1, For: []string{"甲"}, Origin: "t:1"},
		{Office: "委员", Round: 1, Number: 1, For: []string{"A"}, Source: "群众", Origin: "t:2"},
	}
	ballots, err := e.Resolve(r, recs)
	if err != nil {
		t.Fatalf("a source of the paper's second office: %v", err)
	}
	if len(ballots) != 1 || ballots[0].Source != 1 {
		t.Fatalf("ballot source %d, want 1 (群众)", ballots[0].Source)
	}
	recs[1].Source = "群中"
	if _, err := e.Resolve(r, recs); err == nil || !strings.Contains(err.Error(), `unknown source "群中"`) || !strings.Contains(err.Error(), "群众") {
		t.Errorf("a misspelt source: %v", err)
	}
}
