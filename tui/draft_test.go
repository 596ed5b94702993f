package tui

import (
	"slices"
	"testing"

	"tally/count"
)

func spec(cands ...string) *count.Round {
	return &count.Round{Contest: "委员", Number: 1, Sections: []count.Section{{Office: "委员", Kind: count.RoundFirst, Seats: 2, MaxFor: 2, Candidates: cands}}}
}

// A marked ballot keyed digit by digit: a second press clears, against
// replaces for, undo steps back, and the ballot records exactly the marks.
func TestDraft_MarksToggleUndoAndRecord(t *testing.T) {
	d := newDraft(count.BallotMarked, spec("甲", "乙", "丙"))
	if d.Touched() {
		t.Fatal("a new draft is untouched")
	}
	if _, err := d.Ballot(1); err == nil {
		t.Fatal("an untouched ballot must not submit")
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(d.Mark(1, markFor))
	must(d.Mark(2, markFor))
	must(d.Mark(2, markFor)) // cleared
	must(d.Mark(3, markAgainst))
	must(d.Mark(3, markFor)) // against → for
	b, err := d.Ballot(7)
	must(err)
	if !slices.Equal(b.Sections[0].For, []int{0, 2}) || len(b.Sections[0].Against) != 0 || b.Number != 7 {
		t.Errorf("ballot %+v", b.Sections[0])
	}
	d.Undo()
	b, _ = d.Ballot(7)
	if !slices.Equal(b.Sections[0].For, []int{0}) || !slices.Equal(b.Sections[0].Against, []int{2}) {
		t.Errorf("after undo %+v", b.Sections[0])
	}
	if err := d.Mark(4, markFor); err == nil {
		t.Error("candidate 4 of 3 must be refused")
	}
}

// Over-voting is visible before Enter; blank needs an untouched paper.
func TestDraft_OverVoteAndBlank(t *testing.T) {
	d := newDraft(count.BallotMarked, spec("甲", "乙", "丙"))
	d.Mark(1, markFor)
	d.Mark(2, markFor)
	if d.sections[0].overVote() {
		t.Error("two for-marks for two seats is not an over-vote")
	}
	d.WriteIn("刘强")
	if !d.sections[0].overVote() {
		t.Error("two marks and a write-in for two seats is an over-vote")
	}
	if err := d.SetBlank(); err == nil {
		t.Error("a marked ballot cannot be blank")
	}
	e := newDraft(count.BallotMarked, spec("甲", "乙"))
	if err := e.SetBlank(); err != nil {
		t.Fatal(err)
	}
	b, err := e.Ballot(1)
	if err != nil || len(b.Sections[0].For) != 0 {
		t.Errorf("blank ballot %+v %v", b, err)
	}
	if e.Mark(1, markFor) == nil {
		t.Error("marking a ballot set blank must be refused")
	}
}

// Ranked: preferences in order, several names at one rank, a skipped rank.
func TestDraft_Ranks(t *testing.T) {
	d := newDraft(count.BallotRanked, spec("A", "B", "C"))
	d.Rank(2, false)
	d.SkipRank()
	d.Rank(1, false)
	d.Rank(3, true)
	b, _ := d.Ballot(1)
	if got := b.Sections[0].Ranks; len(got) != 3 || !slices.Equal(got[0], []int{1}) || got[1] != nil || !slices.Equal(got[2], []int{0, 2}) {
		t.Errorf("ranks %v", got)
	}
	back := fromBallot(count.BallotRanked, spec("A", "B", "C"), b)
	b2, _ := back.Ballot(1)
	if len(b2.Sections[0].Ranks) != 3 {
		t.Errorf("round trip %v", b2.Sections[0].Ranks)
	}
}
