package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"tally/count"
)

const testElection = `title = "红星村支部委员会选举"
preset = "party"
ballot = "marked"
[electorate]
entitled = 10
present = 9
[[offices]]
name = "书记"
seats = 1
candidates = ["甲", "乙"]
[[offices]]
name = "委员"
seats = 2
candidates = ["丙", "丁", "戊"]
[settings]
carry_over = "none"
`

func newCount(t *testing.T, opts Options) (*CountFile, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.tally")
	if opts.BackupEvery == 0 {
		opts.BackupEvery = -1
	}
	f, err := Create(path, []byte(testElection), KeyingDouble, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, path
}

func vote(forIdx ...int) *count.Ballot {
	return &count.Ballot{Source: -1, Sections: []count.Marks{{For: forIdx}}}
}

func mustAppend(t *testing.T, f *CountFile, evs ...Event) {
	t.Helper()
	if _, err := f.AppendAll(evs...); err != nil {
		t.Fatal(err)
	}
}

func signIn(t *testing.T, f *CountFile) {
	mustAppend(t, f,
		Event{Kind: EventTellerSignedIn, Who: "王明", Role: "keyer"},
		Event{Kind: EventTellerSignedIn, Who: "李强", Role: "keyer"},
		Event{Kind: EventTellerSignedIn, Who: "张监", Role: "chief-scrutineer"})
}

func key(f *CountFile, who string, ballot, keying int, b *count.Ballot) error {
	_, err := f.Append(Event{Kind: EventBallotKeyed, Who: who, Round: 1, Ballot: ballot, Keying: keying, Marks: b})
	return err
}

// Double keying: agreeing keyings accept the ballot; differing ones hold
// it disputed until a scrutineer decides; a voided ballot can be keyed
// again; the round closes into the next office; all of it survives a
// reopen and verifies.
func TestCountFile_DoubleKeyingCloseReopenVerify(t *testing.T) {
	f, path := newCount(t, Options{})
	signIn(t, f)
	for n := 1; n <= 9; n++ {
		who := 0
		if n > 6 {
			who = 1
		}
		for k, keyer := range []string{"王明", "李强"} {
			if err := key(f, keyer, n, k+1, vote(who)); err != nil {
				t.Fatal(err)
			}
		}
	}
	r := f.State().Open()
	if c := r.Counts(); c[BallotAccepted] != 9 {
		t.Fatalf("counts %v", c)
	}
	// Ballot 10 keyed differently: disputed, the round cannot close.
	if err := key(f, "王明", 10, 1, vote(0)); err != nil {
		t.Fatal(err)
	}
	if err := key(f, "李强", 10, 2, vote(1)); err != nil {
		t.Fatal(err)
	}
	if st := r.Ballots[10].Status; st != BallotDisputed {
		t.Fatalf("ballot 10 is %v", st)
	}
	if _, err := f.CloseRound("张监", "", ""); err == nil || !strings.Contains(err.Error(), "1 disputed") {
		t.Fatalf("closing with a dispute: %v", err)
	}
	mustAppend(t, f, Event{Kind: EventKeyingsResolved, Who: "张监", Round: 1, Ballot: 10, Decision: DecideTake2})
	// Ballot 3 was accepted in error: voided, keyed again.
	mustAppend(t, f, Event{Kind: EventBallotVoided, Who: "张监", Round: 1, Ballot: 3, Reason: count.ReasonOther, Note: "两张粘在一起"})
	if err := key(f, "王明", 3, 1, vote(0)); err != nil {
		t.Fatal(err)
	}
	if err := key(f, "李强", 3, 2, vote(0)); err != nil {
		t.Fatal(err)
	}
	res, err := f.CloseRound("张监", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Sections[0]; len(s.Elected) != 1 || s.Elected[0] != "甲" || res.Ballots.Cast != 10 {
		t.Fatalf("result %+v", s)
	}
	if next := f.State().Open(); next == nil || next.Spec.Contest != "委员" {
		t.Fatalf("the next office's round is not open: %+v", next)
	}
	seq, head := f.Head()
	f.Close()

	g, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if problems := g.Verify(); len(problems) > 0 {
		t.Fatalf("verify: %v", problems)
	}
	seq2, head2 := g.Head()
	if seq2 != seq || head2 != head {
		t.Errorf("head %d %s after reopen, want %d %s", seq2, head2, seq, head)
	}
	results, err := g.State().Results()
	if err != nil || len(results) != 1 || results[0].Sections[0].Elected[0] != "甲" {
		t.Fatalf("results %v %v", results, err)
	}
	if b := g.State().Rounds[0].Ballots[3]; len(b.Voids) != 1 || b.Voids[0].Note != "两张粘在一起" || b.Status != BallotAccepted {
		t.Errorf("ballot 3's void is not kept: %+v", b)
	}
}

// Events that may not follow are refused, and nothing is recorded.
func TestCountFile_RefusesEventsOutOfPlace(t *testing.T) {
	f, _ := newCount(t, Options{})
	signIn(t, f)
	seq, _ := f.Head()
	for _, c := range []struct {
		ev   Event
		want string
	}{
		{Event{Kind: EventBallotKeyed, Who: "无名", Round: 1, Ballot: 1, Keying: 1, Marks: vote(0)}, "has not signed in"},
		{Event{Kind: EventBallotKeyed, Who: "王明", Round: 1, Ballot: 1, Keying: 2, Marks: vote(0)}, "keying 1, not 2"},
		{Event{Kind: EventBallotKeyed, Who: "王明", Round: 1, Ballot: 1, Keying: 1, Marks: vote(5)}, "marks candidate 6"},
		{Event{Kind: EventBallotKeyed, Who: "王明", Round: 2, Ballot: 1, Keying: 1, Marks: vote(0)}, "round 1 is the open round"},
		{Event{Kind: EventBallotVoided, Who: "张监", Round: 1, Ballot: 1, Reason: count.ReasonOther}, "not accepted"},
		{Event{Kind: EventKeyingsResolved, Who: "张监", Round: 1, Ballot: 1, Decision: DecideTake1}, "no keyings that differ"},
	} {
		if _, err := f.Append(c.ev); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.ev.Kind, err, c.want)
		}
	}
	if s, _ := f.Head(); s != seq {
		t.Errorf("refused events were recorded: %d events, want %d", s, seq)
	}
}

// A second process opening the same file is told, within a second or so,
// that it is open elsewhere.
func TestCountFile_SecondOpenerToldFileIsOpenElsewhere(t *testing.T) {
	_, path := newCount(t, Options{})
	start := time.Now()
	_, err := Open(path, Options{Timeout: 500 * time.Millisecond})
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), path) {
		t.Fatalf("second opener: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
}

// A file written by a newer schema is refused, and left as it was.
func TestCountFile_NewerSchemaRefused(t *testing.T) {
	f, path := newCount(t, Options{})
	f.Close()
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, u64(SchemaVersion+1)) })
	db.Close()
	before, _ := os.ReadFile(path)
	_, err = Open(path, Options{})
	if !errors.Is(err, ErrNewer) || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("newer schema: %v", err)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Error("the refused file was written to")
	}
}

// A truncated file is refused with what is wrong.
func TestCountFile_TruncatedRefused(t *testing.T) {
	f, path := newCount(t, Options{})
	f.Close()
	data, _ := os.ReadFile(path)
	for _, size := range []int{0, 100, len(data) / 2} {
		p := filepath.Join(t.TempDir(), "cut.tally")
		os.WriteFile(p, data[:size], 0o644)
		_, err := Open(p, Options{})
		if !errors.Is(err, ErrDamaged) {
			t.Errorf("cut to %d bytes: %v", size, err)
		}
		after, _ := os.ReadFile(p)
		if len(after) != size {
			t.Errorf("cut to %d bytes: the refused file was written to (now %d)", size, len(after))
		}
	}
}

// A byte changed in a journal event is found, naming the event.
func TestCountFile_FlippedByteNamesEvent(t *testing.T) {
	f, path := newCount(t, Options{})
	signIn(t, f)
	for n := 1; n <= 3; n++ {
		key(f, "王明", n, 1, vote(0))
	}
	f.Close()
	// Change a byte of event 6 (ballot 2's keying) in place.
	db, _ := bolt.Open(path, 0o644, nil)
	db.Update(func(tx *bolt.Tx) error {
		j := tx.Bucket(bucketJournal)
		v := append([]byte(nil), j.Get(u64(6))...)
		v[len(v)-1] ^= 0x01
		return j.Put(u64(6), v)
	})
	db.Close()
	_, err := Open(path, Options{ReadOnly: true})
	var ce *CountError
	if !errors.As(err, &ce) || !errors.Is(err, ErrDamaged) || ce.Seq < 6 || ce.Seq > 7 {
		t.Fatalf("flipped byte: %v", err)
	}
	if !strings.Contains(err.Error(), "event 6") && !strings.Contains(err.Error(), "event 7") {
		t.Errorf("the message must name the event: %v", err)
	}
}

// A full disk fails the one event with a clear error; the file stays
// consistent and everything before it stands.
func TestCountFile_FullDiskFailsOneEventOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "full.tally")
	f, err := Create(path, []byte(testElection), KeyingSingle, Options{BackupEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	signIn(t, f)
	f.Close()
	st, _ := os.Stat(path)
	f, err = Open(path, Options{MaxSize: int(st.Size()), BackupEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	var full error
	n := 0
	for n = 1; n < 100000 && full == nil; n++ {
		note := strings.Repeat("长", 200) // a big event fills the file soon
		b := vote(0)
		b.Note = note
		full = key(f, "王明", n, 1, b)
	}
	if !errors.Is(full, ErrFull) || !strings.Contains(full.Error(), "disk") {
		t.Fatalf("after %d ballots: %v", n, full)
	}
	acked := n - 2
	f.Close()
	g, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if p := g.Verify(); len(p) > 0 {
		t.Fatalf("verify after a full disk: %v", p)
	}
	if got := g.State().Open().Counts()[BallotAccepted]; got != acked {
		t.Errorf("%d ballots after reopen, want the %d acknowledged", got, acked)
	}
}

// Automatic backups: a hot copy every N accepted ballots, the last few kept,
// each a count file that opens and verifies.
func TestCountFile_AutomaticBackupsKeepTheLastFew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.tally")
	f, err := Create(path, []byte(testElection), KeyingSingle, Options{BackupEvery: 2, BackupKeep: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	signIn(t, f)
	for n := 1; n <= 10; n++ {
		if err := key(f, "王明", n, 1, vote(0)); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(path+".backups", "*.tally"))
	if len(files) != 3 {
		t.Fatalf("%d backups kept, want 3: %v", len(files), files)
	}
	b, err := Open(files[len(files)-1], Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got := b.State().Open().Counts()[BallotAccepted]; got != 10 {
		t.Errorf("the last backup holds %d ballots, want 10", got)
	}
}

// Imports are all or nothing.
func TestCountFile_ImportAllOrNothing(t *testing.T) {
	f, _ := newCount(t, Options{})
	signIn(t, f)
	good := []count.Ballot{*vote(0), *vote(1)}
	good[0].Number, good[1].Number = 1, 2
	mustAppend(t, f, Event{Kind: EventBallotsImported, Who: "王明", Round: 1, Ballots: good, Note: "a.csv"})
	bad := []count.Ballot{*vote(0), *vote(0)}
	bad[0].Number, bad[1].Number = 3, 2 // 2 is already in
	if _, err := f.Append(Event{Kind: EventBallotsImported, Who: "王明", Round: 1, Ballots: bad}); err == nil || !strings.Contains(err.Error(), "ballot 2") {
		t.Fatalf("import of a ballot already in: %v", err)
	}
	if got := len(f.State().Open().Ballots); got != 2 {
		t.Errorf("%d ballots after a refused import, want 2", got)
	}
	_ = binary.BigEndian
}

// VerifyFile reports every problem, not only the first: two events
// changed give two problems, each naming its event.
func TestVerifyFile_ReportsEveryChangedEvent(t *testing.T) {
	f, path := newCount(t, Options{})
	signIn(t, f)
	for n := 1; n <= 4; n++ {
		key(f, "王明", n, 1, vote(0))
	}
	f.Close()
	if p := VerifyFile(path, 0); len(p) != 0 {
		t.Fatalf("a sound file: %v", p)
	}
	db, _ := bolt.Open(path, 0o644, nil)
	db.Update(func(tx *bolt.Tx) error {
		j := tx.Bucket(bucketJournal)
		for _, seq := range []uint64{6, 8} {
			v := append([]byte(nil), j.Get(u64(seq))...)
			v[len(v)-1] ^= 0x01
			if err := j.Put(u64(seq), v); err != nil {
				return err
			}
		}
		return nil
	})
	db.Close()
	p := VerifyFile(path, 0)
	text := ""
	for _, e := range p {
		text += e.Error() + "\n"
	}
	for _, want := range []string{"event 7", "event 9"} {
		if !strings.Contains(text, want) {
			t.Errorf("the problems do not name %s:\n%s", want, text)
		}
	}
}

// Figures entered at the table replace the file's for the open round and
// decide its verdicts; they are journalled with who entered them.
func TestCountFile_FiguresSetAtTheTable(t *testing.T) {
	f, path := newCount(t, Options{})
	signIn(t, f)
	mustAppend(t, f, Event{Kind: EventFiguresSet, Who: "张监", Round: 1, Figures: &count.Figures{Entitled: 10, Present: 8, Issued: 8}})
	for n := 1; n <= 8; n++ {
		for k, who := range []string{"王明", "李强"} {
			if err := key(f, who, n, k+1, vote(0)); err != nil {
				t.Fatal(err)
			}
		}
	}
	res, err := f.CloseRound("张监", "", "")
	if err != nil {
		t.Fatal(err)
	}
	// 8 of 10 present is not more than 4/5: the round is void and re-run.
	if !res.Void || res.Quorum.Value != 8 || res.Next.Kind != count.StepRerun {
		t.Errorf("void %v quorum %+v next %v", res.Void, res.Quorum, res.Next.Kind)
	}
	f.Close()
	if p := VerifyFile(path, 0); len(p) > 0 {
		t.Fatalf("verify: %v", p)
	}
}

// The journal says what each keying made of its ballot: pending, a match
// (accepted) or a discrepancy (disputed), and what a decision made of it.
func TestCountFile_KeyingOutcomes(t *testing.T) {
	f, path := newCount(t, Options{})
	signIn(t, f)
	outcome := func(ev Event) string {
		got, err := f.Append(ev)
		if err != nil {
			t.Fatal(err)
		}
		return got.Outcome
	}
	k := func(who string, n, keying, c int) Event {
		return Event{Kind: EventBallotKeyed, Who: who, Round: 1, Ballot: n, Keying: keying, Marks: vote(c)}
	}
	for _, c := range []struct {
		ev   Event
		want string
	}{
		{k("王明", 1, 1, 0), "pending"},
		{k("李强", 1, 2, 0), "match"},
		{k("王明", 2, 1, 0), "pending"},
		{k("李强", 2, 2, 1), "discrepancy"},
		{Event{Kind: EventKeyingsResolved, Who: "张监", Round: 1, Ballot: 2, Decision: DecideRekey, Keying: 2}, "pending"},
		{k("李强", 2, 2, 0), "match"},
		// Three keyings; the odd one sent back leaves two that agree.
		{k("王明", 3, 1, 0), "pending"},
		{k("李强", 3, 2, 1), "discrepancy"},
		{k("王明", 3, 3, 0), "discrepancy"},
		{Event{Kind: EventKeyingsResolved, Who: "张监", Round: 1, Ballot: 3, Decision: DecideRekey, Keying: 2}, "accepted"},
	} {
		if got := outcome(c.ev); got != c.want {
			t.Errorf("%s ballot %d keying %d: %q, want %q", c.ev.Kind, c.ev.Ballot, c.ev.Keying, got, c.want)
		}
	}
	f.Close()
	g, _ := Open(path, Options{ReadOnly: true})
	defer g.Close()
	var replayed []string
	g.Events(func(ev Event) error {
		if ev.Outcome != "" {
			replayed = append(replayed, ev.Outcome)
		}
		return nil
	})
	if strings.Join(replayed, ",") != "pending,match,pending,discrepancy,pending,match,pending,discrepancy,discrepancy,accepted" {
		t.Errorf("replayed outcomes %v", replayed)
	}
}

// A full disk during an import says to run the import again, not to key a
// ballot again; in Chinese too.
func TestCountFile_FullDiskDuringImportSaysImportAgain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "full.tally")
	f, err := Create(path, []byte(testElection), KeyingSingle, Options{BackupEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	st, _ := os.Stat(path)
	f, err = Open(path, Options{MaxSize: int(st.Size()), BackupEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	many := make([]count.Ballot, 5000)
	for i := range many {
		many[i] = *vote(0)
		many[i].Number = i + 1
		many[i].Note = strings.Repeat("长", 50)
	}
	_, err = f.AppendAll(Event{Kind: EventTellerSignedIn, Who: "王明", Role: "importer"},
		Event{Kind: EventBallotsImported, Who: "王明", Round: 1, Ballots: many})
	var ce *CountError
	if !errors.As(err, &ce) || !errors.Is(err, ErrFull) {
		t.Fatalf("an import past the size cap: %v", err)
	}
	if !strings.Contains(ce.Error(), "run the import again") || strings.Contains(ce.Error(), "key the ballot") {
		t.Errorf("English: %s", ce.Error())
	}
	if zh := ce.ErrorIn(true); !strings.Contains(zh, "重新导入") || !strings.Contains(zh, "磁盘") {
		t.Errorf("Chinese: %s", zh)
	}
}

// The file names the program that wrote it: on the event that created it
// and on the first event of each later sitting, and nowhere else. A file
// of the first layout takes the second with its first such event, so an
// older program refuses it as newer rather than misreading it.
func TestCountFile_EachSittingNamesTheProgram(t *testing.T) {
	f, path := newCount(t, Options{})
	signIn(t, f)
	f.Close()
	// Back to the first layout, as an older program left it.
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, u64(1)) })
	db.Close()
	f, err = Open(path, Options{BackupEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	if err := key(f, "王明", 1, 1, vote(0)); err != nil {
		t.Fatal(err)
	}
	if err := key(f, "李强", 1, 2, vote(0)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	g, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	var named []uint64
	g.Events(func(ev Event) error {
		if ev.Program != "" {
			if ev.Program != Program() {
				t.Errorf("event %d names %q, want %q", ev.Seq, ev.Program, Program())
			}
			named = append(named, ev.Seq)
		}
		return nil
	})
	// 1 created, 2 round opened, 3–5 sign-ins (the first sitting); 6 and 7
	// the two keyings (the second sitting).
	if fmt.Sprint(named) != "[1 6]" {
		t.Errorf("events naming the program: %v, want [1 6]", named)
	}
	var schema uint64
	g.db.View(func(tx *bolt.Tx) error {
		schema = binary.BigEndian.Uint64(tx.Bucket(bucketMeta).Get(keySchema))
		return nil
	})
	if schema != SchemaVersion {
		t.Errorf("layout %d after this program wrote to it, want %d", schema, SchemaVersion)
	}
	if p := g.Verify(); len(p) != 0 {
		t.Errorf("verify: %v", p)
	}
}

// While a tally keeps the count, another process reads the snapshot it
// writes beside the file, checked as the file would be; a snapshot
// changed by someone is refused; the holder removes it on closing.
func TestCountFile_ReadersUseTheHoldersSnapshot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "held.tally")
	f, err := Create(path, []byte(testElection), KeyingSingle, Options{BackupEvery: -1, SnapshotEvery: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	signIn(t, f)
	for n := 1; n <= 3; n++ {
		if err := key(f, "王明", n, 1, vote(0)); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Snapshot(); err != nil {
		t.Fatal(err)
	}
	g, err := Open(path, Options{ReadOnly: true, Timeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatalf("a reader while the count is kept: %v", err)
	}
	if g.FromSnapshot().IsZero() || g.State().Open().Counts()[BallotAccepted] != 3 {
		t.Fatalf("read from the snapshot %v, %d accepted", g.FromSnapshot(), g.State().Open().Counts()[BallotAccepted])
	}
	g.Close()
	if p := VerifyFile(SnapshotPath(path), 0); len(p) != 0 {
		t.Fatalf("the snapshot does not verify: %v", p)
	}
	// A snapshot someone changed is no snapshot: the reader is refused.
	db, err := bolt.Open(SnapshotPath(path), 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		j := tx.Bucket(bucketJournal)
		v := append([]byte(nil), j.Get(u64(6))...)
		v[len(v)-1] ^= 0x01 // a keying's marks, changed
		return j.Put(u64(6), v)
	})
	db.Close()
	if _, err := Open(path, Options{ReadOnly: true, Timeout: 50 * time.Millisecond}); !errors.Is(err, ErrLocked) {
		t.Fatalf("a damaged snapshot was read: %v", err)
	}
	f.Close()
	if _, err := os.Stat(SnapshotPath(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the snapshot is left after the holder closed: %v", err)
	}
}

// A snapshot left by a holder that was killed is never read as the count
// now: the next holder of the file's lock removes it.
func TestCountFile_AKilledHoldersSnapshotIsNotRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "held.tally")
	f, err := Create(path, []byte(testElection), KeyingSingle, Options{BackupEvery: -1, SnapshotEvery: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	signIn(t, f)
	f.Snapshot()
	stale, _ := os.ReadFile(SnapshotPath(path))
	f.Close()
	os.WriteFile(SnapshotPath(path), stale, 0o644) // as a killed table leaves it
	g, err := Open(path, Options{BackupEvery: -1}) // tally close, say: no snapshots of its own
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if _, err := os.Stat(SnapshotPath(path)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the killed holder's snapshot is still there: %v", err)
	}
	if _, err := Open(path, Options{ReadOnly: true, Timeout: 50 * time.Millisecond}); !errors.Is(err, ErrLocked) {
		t.Fatalf("a reader while the file is held, without a snapshot: %v", err)
	}
}
