package store

import (
	"testing"
)

// The record states what the sheet prints: each round's accepted ballots,
// how they were keyed, when the round opened and closed and who closed it,
// and the head a signed sheet carries.
func TestRecord_GathersRoundsAndHead(t *testing.T) {
	f, _ := newCount(t, Options{})
	signIn(t, f)
	for n := 1; n <= 3; n++ {
		for k := 1; k <= 2; k++ {
			who := []string{"王明", "李强"}[k-1]
			if err := key(f, who, n, k, vote(0)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := key(f, "王明", 4, 1, vote(1)); err != nil {
		t.Fatal(err)
	}
	rec, err := f.Record()
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Rounds) != 1 || rec.Rounds[0].Closed || len(rec.Rounds[0].Ballots) != 3 || rec.Rounds[0].Pending != 1 {
		t.Fatalf("open round: %+v", rec.Rounds)
	}
	if rec.Rounds[0].Result == nil || rec.Rounds[0].Result.Ballots.Cast != 3 {
		t.Errorf("an open round's record carries no provisional count of its 3 accepted ballots")
	}
	if _, err := f.CloseRound("张监", "ballot 4 lost its second keying", ""); err != nil {
		t.Fatal(err)
	}
	rec, err = f.Record()
	if err != nil {
		t.Fatal(err)
	}
	r := rec.Rounds[0]
	if !r.Closed || r.ClosedBy != "张监" || r.Note == "" || r.OpenedAt.IsZero() || r.ClosedAt.Before(r.OpenedAt) {
		t.Errorf("closed round: %+v", r)
	}
	var closing Event
	if err := f.Events(func(ev Event) error {
		if ev.Kind == EventRoundClosed {
			closing = ev
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if r.ClosedSeq != closing.Seq || r.ClosedHash != hexHead(closing.Hash) || r.ClosedSeq == 0 {
		t.Errorf("round closed at event %d %s, record says %d %s", closing.Seq, hexHead(closing.Hash), r.ClosedSeq, r.ClosedHash)
	}
	if r.Keying.Matched != 3 || r.Keying.Mode != KeyingDouble {
		t.Errorf("keying: %+v", r.Keying)
	}
	n, head := f.Head()
	if rec.Events != n || rec.Head != head {
		t.Errorf("record head %d %s, file head %d %s", rec.Events, rec.Head, n, head)
	}
	if len(rec.Tellers) != 3 || len(rec.Results()) != 1 {
		t.Errorf("tellers %v, %d results", rec.Tellers, len(rec.Results()))
	}
}
