package store

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"tally/count"
)

// A batch refused as a whole leaves the state exactly as it was: its
// figures do not reach the plan, its voided ballot is not imported.
func TestCountFile_RefusedBatchLeavesStateUntouched(t *testing.T) {
	f, path := newCount(t, Options{})
	signIn(t, f)
	key(f, "王明", 1, 1, vote(0))
	key(f, "李强", 1, 2, vote(0))
	mustAppend(t, f, Event{Kind: EventBallotVoided, Who: "张监", Round: 1, Ballot: 1, Reason: count.ReasonOther, Note: "错"})
	before := f.State().fingerprint()
	voided := *vote(1)
	voided.Number = 1
	for _, batch := range [][]Event{
		{{Kind: EventFiguresSet, Who: "张监", Round: 1, Figures: &count.Figures{Entitled: 10, Present: 5}},
			{Kind: EventBallotKeyed, Who: "无名", Round: 1, Ballot: 2, Keying: 1, Marks: vote(0)}},
		{{Kind: EventBallotsImported, Who: "王明", Round: 1, Ballots: []count.Ballot{voided}},
			{Kind: EventBallotKeyed, Who: "无名", Round: 1, Ballot: 2, Keying: 1, Marks: vote(0)}},
	} {
		if _, err := f.AppendAll(batch...); err == nil {
			t.Fatal("the batch was accepted")
		}
		if after := f.State().fingerprint(); after != before {
			t.Fatalf("a refused batch changed the state:\n%s\nwas\n%s", after, before)
		}
	}
	for n := 2; n <= 9; n++ {
		key(f, "王明", n, 1, vote(0))
		key(f, "李强", n, 2, vote(0))
	}
	key(f, "王明", 1, 1, vote(0))
	key(f, "李强", 1, 2, vote(0))
	if _, err := f.CloseRound("张监", "", ""); err != nil {
		t.Fatal(err)
	}
	want := f.State().fingerprint()
	f.Close()
	g, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if got := g.State().fingerprint(); got != want {
		t.Errorf("the reopened file differs from what was in memory")
	}
}

// The state never shares memory with the caller: changing the marks after
// Append changes nothing.
func TestCountFile_StateOwnsItsMarks(t *testing.T) {
	f, path := newCount(t, Options{})
	signIn(t, f)
	m := vote(0)
	if err := key(f, "王明", 1, 1, m); err != nil {
		t.Fatal(err)
	}
	m.Sections[0].For[0] = 2
	imp := []count.Ballot{*vote(1)}
	imp[0].Number = 5
	mustAppend(t, f, Event{Kind: EventBallotsImported, Who: "王明", Round: 1, Ballots: imp})
	imp[0].Sections[0].For[0] = 2
	want := f.State().fingerprint()
	f.Close()
	g, _ := Open(path, Options{ReadOnly: true})
	defer g.Close()
	if got := g.State().fingerprint(); got != want {
		t.Errorf("memory and journal disagree after the caller changed its marks:\n%s\nvs\n%s", want, got)
	}
}

// At random, a long run of keyings, decisions, voids and imports leaves
// memory exactly as a replay of the journal: the state can never drift.
func TestCountFile_PropertyReplayEqualsMemory(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	f, path := newCount(t, Options{})
	signIn(t, f)
	who := []string{"王明", "李强"}
	for step := 0; step < 400; step++ {
		n := 1 + rng.IntN(40)
		var ev Event
		var st *BallotState
		f.View(func(s *State) { st = s.Open().Ballots[n] })
		switch {
		case st != nil && st.Status == BallotDisputed && rng.IntN(2) == 0:
			ev = Event{Kind: EventKeyingsResolved, Who: "张监", Round: 1, Ballot: n, Decision: []string{DecideTake1, DecideTake2}[rng.IntN(2)]}
		case st != nil && st.Status == BallotAccepted && rng.IntN(4) == 0:
			ev = Event{Kind: EventBallotVoided, Who: "张监", Round: 1, Ballot: n, Reason: count.ReasonOther, Note: "x"}
		case st == nil && rng.IntN(6) == 0:
			b := *vote(rng.IntN(2))
			b.Number = n
			ev = Event{Kind: EventBallotsImported, Who: "王明", Round: 1, Ballots: []count.Ballot{b}}
		default:
			k := 1
			if st != nil && st.Status == BallotPending {
				k = 2
			}
			if st != nil && (st.Status == BallotDisputed || st.Status == BallotAccepted) {
				continue
			}
			ev = Event{Kind: EventBallotKeyed, Who: who[k-1], Round: 1, Ballot: n, Keying: k, Marks: vote(rng.IntN(2))}
		}
		f.Append(ev) // refusals are fine: they must change nothing
	}
	want := f.State().fingerprint()
	f.Close()
	g, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if got := g.State().fingerprint(); got != want {
		t.Errorf("replay differs from memory")
	}
}

// A file cut anywhere, opened for writing, is refused cleanly: no crash,
// no write.
func TestCountFile_TruncatedAnywhereRefusedForWriting(t *testing.T) {
	f, path := newCount(t, Options{})
	signIn(t, f)
	var many []count.Ballot
	for n := 1; n <= 3000; n++ {
		b := *vote(n % 2)
		b.Number = n
		many = append(many, b)
	}
	mustAppend(t, f, Event{Kind: EventBallotsImported, Who: "王明", Round: 1, Ballots: many})
	f.Close()
	data, _ := os.ReadFile(path)
	// Cut within the pages the file uses (bbolt grows a file ahead of them).
	var used int
	db, _ := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
	db.View(func(tx *bolt.Tx) error { used = int(tx.Size()); return nil })
	db.Close()
	for _, size := range []int{used / 3, used / 2, used - 4096, used - 1} {
		p := filepath.Join(t.TempDir(), "cut.tally")
		os.WriteFile(p, data[:size], 0o644)
		_, err := Open(p, Options{})
		if !errors.Is(err, ErrDamaged) {
			t.Errorf("cut to %d of %d bytes: %v", size, len(data), err)
		}
		after, _ := os.ReadFile(p)
		if !bytes.Equal(after, data[:size]) {
			t.Errorf("cut to %d bytes: the refused file was written to", size)
		}
	}
}

// A newer file whose free-page list was not saved (as some bbolt writers
// leave it) is refused without a byte written.
func TestCountFile_NewerSchemaNoFreelistUntouched(t *testing.T) {
	f, path := newCount(t, Options{})
	f.Close()
	db, _ := bolt.Open(path, 0o644, &bolt.Options{NoFreelistSync: true})
	db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, u64(SchemaVersion+1)) })
	db.Close()
	before, _ := os.ReadFile(path)
	if _, err := Open(path, Options{}); !errors.Is(err, ErrNewer) {
		t.Fatalf("%v", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("the refused newer file was written to")
	}
}

// A clock set back never makes the journal's times run backwards, and
// what Append returns is what a replay reads.
func TestCountFile_ClockSetBack(t *testing.T) {
	now := time.Date(2026, 11, 21, 20, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "c.tally")
	f, err := Create(path, []byte(testElection), KeyingSingle, Options{BackupEvery: -1, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	signIn(t, f)
	var times []time.Time
	for i, clock := range []time.Time{now.Add(-time.Hour), now.Add(-59 * time.Minute), now.Add(time.Minute)} {
		now = clock
		ev, err := f.Append(Event{Kind: EventBallotKeyed, Who: "王明", Round: 1, Ballot: i + 1, Keying: 1, Marks: vote(0)})
		if err != nil {
			t.Fatal(err)
		}
		times = append(times, ev.Time)
	}
	f.Close()
	g, _ := Open(path, Options{ReadOnly: true})
	defer g.Close()
	var replayed []time.Time
	g.Events(func(ev Event) error {
		if ev.Kind == EventBallotKeyed {
			replayed = append(replayed, ev.Time)
		}
		return nil
	})
	for i := range times {
		if i > 0 && times[i].Before(times[i-1]) {
			t.Errorf("time ran backwards: %v then %v", times[i-1], times[i])
		}
		if !times[i].Equal(replayed[i]) {
			t.Errorf("event %d: appended at %v, replayed at %v", i, times[i], replayed[i])
		}
	}
}

// Two tallies creating the same file at once: one wins, the file stands.
func TestCountFile_CreateRace(t *testing.T) {
	for range 10 {
		path := filepath.Join(t.TempDir(), "race.tally")
		var wg sync.WaitGroup
		var mu sync.Mutex
		made := 0
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				f, err := Create(path, []byte(testElection), KeyingDouble, Options{BackupEvery: -1, Timeout: 200 * time.Millisecond})
				if err == nil {
					mu.Lock()
					made++
					mu.Unlock()
					f.Close()
				}
			}()
		}
		wg.Wait()
		if made != 1 {
			t.Fatalf("%d creations succeeded", made)
		}
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("the created file is gone: %v", err)
		}
	}
}

// Subscribers hear every committed event, in order.
func TestCountFile_SubscribeHearsCommits(t *testing.T) {
	f, _ := newCount(t, Options{})
	ch, stop := f.Subscribe()
	defer stop()
	signIn(t, f)
	var kinds []EventKind
	for range 3 {
		ev := <-ch
		kinds = append(kinds, ev.Kind)
	}
	if len(kinds) != 3 || kinds[0] != EventTellerSignedIn {
		t.Errorf("heard %v", kinds)
	}
}

const rankedTie = `title = "Club chair"
ballot = "ranked"
[ranked]
method = "irv"
tie = "lots"
[[offices]]
name = "Chair"
seats = 1
candidates = ["Ann", "Bob"]
`

// A ranked round waiting for a lot cannot close; once the lot drawn at
// the table is recorded, it closes with the lot's winner.
func TestCountFile_RankedTieNeedsTheLotBeforeClosing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.tally")
	f, err := Create(path, []byte(rankedTie), KeyingSingle, Options{BackupEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mustAppend(t, f, Event{Kind: EventTellerSignedIn, Who: "Ann Lee", Role: "keyer"})
	b := func(n int, order ...int) count.Ballot {
		r := count.Ballot{Number: n, Source: -1, Sections: []count.Marks{{}}}
		for _, c := range order {
			r.Sections[0].Ranks = append(r.Sections[0].Ranks, []int{c})
		}
		return r
	}
	mustAppend(t, f, Event{Kind: EventBallotsImported, Who: "Ann Lee", Round: 1, Ballots: []count.Ballot{b(1, 0, 1), b(2, 1, 0)}})
	if _, err := f.CloseRound("Chief", "", ""); err == nil || !strings.Contains(err.Error(), "lot") {
		t.Fatalf("closing a round that waits for a lot: %v", err)
	}
	mustAppend(t, f, Event{Kind: EventLotDrawn, Who: "Ann Lee", Round: 1, Lot: &count.Lot{Round: 1, Among: []string{"Ann", "Bob"}, Chosen: "Bob"}})
	res, err := f.CloseRound("Chief", "", "", Event{Kind: EventTellerSignedIn, Who: "Chief", Role: "chief-scrutineer"})
	if err != nil {
		t.Fatal(err)
	}
	if w := res.Sections[0].Elected; len(w) != 1 || w[0] != "Bob" {
		t.Errorf("elected %v, want Bob by the lot", w)
	}
}
