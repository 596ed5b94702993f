package store

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"tally/count"
)

// clock is a settable time for tests of lock-outs.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// rolesCount makes a count file that follows RulesRoles, with the people
// of a table signed in: two keyers, a third, the chief, a scrutineer.
func rolesCount(t *testing.T) (*CountFile, string, *clock) {
	t.Helper()
	c := &clock{time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}
	path := filepath.Join(t.TempDir(), "roles.tally")
	f, err := Create(path, []byte(testElection), KeyingDouble, Options{Rules: RulesRoles, PINCost: CheapPINCost, BackupEvery: -1, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	for _, p := range []struct{ name, role, pin string }{
		{"王明", RoleKeyer, "1111"}, {"李强", RoleKeyer, "2222"}, {"赵三", RoleKeyer, "3333"},
		{"张监", RoleChief, "4444"}, {"刘芳", RoleScrutineer, "5555"}, {"选办", RoleOffice, "6666"},
	} {
		if _, err := f.SignIn(p.name, p.role, p.pin); err != nil {
			t.Fatalf("sign in %s: %v", p.name, err)
		}
	}
	return f, path, c
}

// refused checks that err refuses, saying want, and that nothing was
// written.
func refused(t *testing.T, f *CountFile, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted; want refused saying %q", want)
	}
	if !strings.Contains(err.Error(), want) {
		t.Fatalf("refused with %q; want it to say %q", err, want)
	}
}

func keyed(f *CountFile, who string, n, k int, b *count.Ballot) error {
	_, err := f.Append(Event{Kind: EventBallotKeyed, Who: who, Round: 1, Ballot: n, Keying: k, Marks: b})
	return err
}

// Only keyers key; the two keyings of a paper come from two people; a
// third from a keyer who keyed neither.
func TestRoles_KeyingByKeyersEachKeyingAnotherPerson(t *testing.T) {
	f, _, _ := rolesCount(t)
	refused(t, f, keyed(f, "张监", 1, 1, vote(0)), "张监 is the chief scrutineer: ballot-keyed is recorded by keyer only")
	refused(t, f, keyed(f, "刘芳", 1, 1, vote(0)), "刘芳 is a scrutineer")
	if err := keyed(f, "王明", 1, 1, vote(0)); err != nil {
		t.Fatal(err)
	}
	n, _ := f.Head()
	refused(t, f, keyed(f, "王明", 1, 2, vote(0)), "王明 keyed ballot 1 already")
	if m, _ := f.Head(); m != n {
		t.Fatalf("a refused keying wrote %d events", m-n)
	}
	if err := keyed(f, "李强", 1, 2, vote(1)); err != nil {
		t.Fatal(err)
	}
	refused(t, f, keyed(f, "李强", 1, 3, vote(1)), "李强 keyed ballot 1 already")
	refused(t, f, keyed(f, "王明", 1, 3, vote(0)), "王明 keyed ballot 1 already")
	if err := keyed(f, "赵三", 1, 3, vote(0)); err != nil {
		t.Fatalf("a third keyer: %v", err)
	}
}

// The chief decides a dispute, and it stands only when a scrutineer
// confirms it; the chief cannot confirm their own act, a keyer cannot
// confirm, and nothing can be confirmed that was never proposed.
func TestRoles_ChiefDecidesAScrutineerConfirms(t *testing.T) {
	f, _, _ := rolesCount(t)
	keyed(f, "王明", 1, 1, vote(0))
	keyed(f, "李强", 1, 2, vote(1))
	decide := Event{Kind: EventKeyingsResolved, Who: "王明", Round: 1, Ballot: 1, Decision: DecideTake1}
	_, err := f.Append(decide)
	refused(t, f, err, "王明 is a keyer: keyings-resolved is recorded by chief scrutineer only")
	decide.Who = "张监"
	prop, err := f.Append(decide)
	if err != nil {
		t.Fatal(err)
	}
	if st := f.State().Open().Ballots[1].Status; st != BallotDisputed {
		t.Fatalf("a decision not yet confirmed took effect: ballot 1 is %v", st)
	}
	_, err = f.Confirm("张监", prop.Seq)
	refused(t, f, err, "张监 proposed event")
	_, err = f.Confirm("李强", prop.Seq)
	refused(t, f, err, "李强 is a keyer: only a scrutineer or the presiding officer confirms")
	_, err = f.Confirm("刘芳", prop.Seq+100)
	refused(t, f, err, "is not a proposal waiting for confirmation: there is nothing to confirm")
	if _, err := f.Confirm("刘芳", prop.Seq); err != nil {
		t.Fatal(err)
	}
	if b := f.State().Open().Ballots[1]; b.Status != BallotAccepted || b.By != "张监" {
		t.Fatalf("after the confirmation ballot 1 is %v, decided by %q", b.Status, b.By)
	}
	if len(f.State().Pending()) != 0 {
		t.Error("a confirmed proposal still waits")
	}
}

// A scrutineer refuses a proposal, with the reason: it never takes effect.
func TestRoles_ScrutineerRefusesAVoid(t *testing.T) {
	f, _, _ := rolesCount(t)
	keyed(f, "王明", 1, 1, vote(0))
	keyed(f, "李强", 1, 2, vote(0))
	void := Event{Kind: EventBallotVoided, Who: "张监", Round: 1, Ballot: 1, Reason: count.ReasonOther, Note: "keyed from the wrong pile"}
	prop, err := f.Append(void)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Append(Event{Kind: EventRefused, Who: "刘芳", Ref: prop.Seq})
	refused(t, f, err, "needs the reason")
	if _, err := f.Append(Event{Kind: EventRefused, Who: "刘芳", Ref: prop.Seq, Note: "the paper is in this pile"}); err != nil {
		t.Fatal(err)
	}
	if st := f.State().Open().Ballots[1].Status; st != BallotAccepted {
		t.Fatalf("a refused void took effect: %v", st)
	}
	// Proposed again and confirmed in one step (the CLI's way).
	if _, err := f.AppendAll(void, Event{Kind: EventConfirmed, Who: "刘芳"}); err != nil {
		t.Fatal(err)
	}
	if st := f.State().Open().Ballots[1].Status; st != BallotVoided {
		t.Fatalf("a confirmed void: ballot 1 is %v", st)
	}
}

// The chief changes the round's figures, confirmed; nobody else may.
func TestRoles_FiguresByTheChiefConfirmed(t *testing.T) {
	f, _, _ := rolesCount(t)
	fig := f.State().Open().Spec.Figures
	fig.Present = 6 // below the quorum: a change that matters
	_, err := f.Append(Event{Kind: EventFiguresSet, Who: "刘芳", Round: 1, Figures: &fig})
	refused(t, f, err, "刘芳 is a scrutineer: figures-set is recorded by chief scrutineer only")
	if _, err := f.AppendAll(Event{Kind: EventFiguresSet, Who: "张监", Round: 1, Figures: &fig}, Event{Kind: EventConfirmed, Who: "刘芳"}); err != nil {
		t.Fatal(err)
	}
	if got := f.State().Open().Spec.Figures.Present; got != 6 {
		t.Fatalf("present %d after the confirmed change, want 6", got)
	}
}

// Papers imported into a round keyed twice are the chief's to bring, with
// the reason; the election office imports into a round keyed once.
func TestRoles_ImportIntoADoubleKeyedRound(t *testing.T) {
	f, _, _ := rolesCount(t)
	ballots := []count.Ballot{*vote(0)}
	ballots[0].Number = 1
	imp := Event{Kind: EventBallotsImported, Who: "选办", Round: 1, Ballots: ballots}
	_, err := f.AppendAll(imp, Event{Kind: EventConfirmed, Who: "刘芳"})
	refused(t, f, err, "only the chief scrutineer may import papers into it")
	imp.Who = "张监"
	_, err = f.AppendAll(imp, Event{Kind: EventConfirmed, Who: "刘芳"})
	refused(t, f, err, "needs the reason, which the sheet prints")
	imp.Note = "papers of the sick-room box, counted by the box's scrutineers"
	if _, err := f.AppendAll(imp, Event{Kind: EventConfirmed, Who: "刘芳"}); err != nil {
		t.Fatal(err)
	}
	if st := f.State().Open().Ballots[1].Status; st != BallotAccepted {
		t.Fatalf("imported ballot 1 is %v", st)
	}
}

// A close proposed holds the round: nothing more is keyed until it is
// confirmed (the next round opens with the confirmation) or refused.
func TestRoles_CloseWaitsForItsConfirmation(t *testing.T) {
	f, _, _ := rolesCount(t)
	keyed(f, "王明", 1, 1, vote(0))
	keyed(f, "李强", 1, 2, vote(0))
	if _, err := f.CloseRound("王明", "", ""); err == nil {
		t.Fatal("a keyer closed the round")
	}
	if _, err := f.CloseRound("张监", "", ""); err != nil {
		t.Fatal(err)
	}
	if r := f.State().Open(); r == nil || r.Number != 1 {
		t.Fatal("round 1 closed before its confirmation")
	}
	refused(t, f, keyed(f, "王明", 2, 1, vote(0)), "round 1's close waits for its confirmation")
	prop := f.State().Pending()[0]
	evs, err := f.Confirm("刘芳", prop.Seq)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[1].Kind != EventRoundOpened {
		t.Fatalf("the confirmation did not open the next round: %d events", len(evs))
	}
	s := f.State()
	if !s.Rounds[0].Closed || s.Rounds[0].ClosedSeq != evs[0].Seq || s.Open() == nil || s.Open().Number != 2 {
		t.Fatalf("round 1 closed at event %d (want the confirmation, %d); open round %v", s.Rounds[0].ClosedSeq, evs[0].Seq, s.Open())
	}
	// In one step, as tally close --confirmed-by does.
	two := &count.Ballot{Source: -1, Sections: []count.Marks{{For: []int{0, 1}}}}
	for k, who := range []string{"王明", "李强"} {
		if _, err := f.Append(Event{Kind: EventBallotKeyed, Who: who, Round: 2, Ballot: 1, Keying: k + 1, Marks: two}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = f.CloseRound("张监", "", "王明")
	refused(t, f, err, "王明 is a keyer: only a scrutineer or the presiding officer confirms")
	if _, err := f.CloseRound("张监", "", "刘芳"); err != nil {
		t.Fatal(err)
	}
	if !f.State().Rounds[1].Closed {
		t.Fatal("a close confirmed in one step left the round open")
	}
}

// Sign-ins: one role a person; a candidate is never a scrutineer; one
// chief, changed only by a hand-over the incoming chief confirms.
func TestRoles_SignInRules(t *testing.T) {
	f, _, _ := rolesCount(t)
	_, err := f.SignIn("王明", RoleScrutineer, "1111")
	refused(t, f, err, "王明 is signed in as a keyer: one person holds one role")
	_, err = f.SignIn("甲", RoleScrutineer, "7777")
	refused(t, f, err, "甲 is a candidate: a candidate cannot be a scrutineer")
	_, err = f.SignIn("周二", RoleChief, "8888")
	refused(t, f, err, "张监 is the chief scrutineer: a new chief takes over by a hand-over")
	_, err = f.Append(Event{Kind: EventTellerSignedIn, Who: "周二", Role: RoleScrutineer})
	refused(t, f, err, "a person signs in with their PIN")
	if _, err := f.SignIn("周二", RoleScrutineer, "8888"); err != nil {
		t.Fatal(err)
	}
	_, err = f.Append(Event{Kind: EventChiefHandedOver, Who: "张监", Target: "甲"})
	refused(t, f, err, "甲 has not signed in")
	prop, err := f.Append(Event{Kind: EventChiefHandedOver, Who: "张监", Target: "周二", Note: "张监 leaves at noon"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Confirm("刘芳", prop.Seq)
	refused(t, f, err, "only they confirm it")
	if _, err := f.Confirm("周二", prop.Seq); err != nil {
		t.Fatal(err)
	}
	s := f.State()
	if s.Chief() != "周二" || s.RoleOf("张监") != RoleScrutineer {
		t.Fatalf("after the hand-over the chief is %q and 张监 %q", s.Chief(), s.RoleOf("张监"))
	}
}

// A role changes between rounds, never in a round the person acted in.
func TestRoles_RoleChangesBetweenRounds(t *testing.T) {
	f, _, _ := rolesCount(t)
	keyed(f, "王明", 1, 1, vote(0))
	_, err := f.Append(Event{Kind: EventRoleChanged, Who: "王明", Role: RoleScrutineer})
	refused(t, f, err, "王明 has acted as a keyer in round 1: a role changes between rounds")
	if _, err := f.Append(Event{Kind: EventRoleChanged, Who: "赵三", Role: RoleCaller}); err != nil {
		t.Fatalf("a keyer who has not keyed in the round: %v", err)
	}
	refused(t, f, keyed(f, "赵三", 2, 1, vote(0)), "赵三 is a caller")
}

// Only people who signed in with their PIN at this sitting act: reopened,
// the file knows the names but acts for nobody until they sign in again.
func TestRoles_EachSittingSignsInAgain(t *testing.T) {
	f, path, c := rolesCount(t)
	f.Close()
	g, err := Open(path, Options{PINCost: CheapPINCost, BackupEvery: -1, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	refused(t, g, keyed(g, "王明", 1, 1, vote(0)), "王明 has not signed in with their PIN at this sitting")
	if _, err := g.SignIn("王明", RoleKeyer, "1111"); err != nil {
		t.Fatal(err)
	}
	if err := keyed(g, "王明", 1, 1, vote(0)); err != nil {
		t.Fatal(err)
	}
}

// A wrong PIN is refused and journalled by name, never the PIN; three in
// a row lock the name for five minutes (the clock is the test's).
func TestRoles_WrongPINsLockTheNameOut(t *testing.T) {
	f, path, c := rolesCount(t)
	for i, want := range []string{"2 more tries", "1 more tries", "lock the name for 5 minutes"} {
		_, err := f.SignIn("王明", RoleKeyer, "9999")
		if !errors.Is(err, ErrPIN) || !strings.Contains(err.Error(), want) {
			t.Fatalf("wrong PIN %d: %v", i+1, err)
		}
	}
	_, err := f.SignIn("王明", RoleKeyer, "1111")
	refused(t, f, err, "locked out: try again in 5 minutes")
	c.t = c.t.Add(PINLockout + time.Second)
	if _, err := f.SignIn("王明", RoleKeyer, "1111"); err != nil {
		t.Fatalf("after the lock-out: %v", err)
	}
	_, err = f.SignIn("周二", RoleKeyer, "12a4")
	refused(t, f, err, "4 to 6 digits")
	var refusals int
	f.Events(func(ev Event) error {
		if ev.Kind == EventSignInRefused {
			refusals++
			if ev.Who != "王明" {
				t.Errorf("a refusal names %q", ev.Who)
			}
		}
		return nil
	})
	if refusals != 4 {
		t.Errorf("%d refused sign-ins journalled, want 4 (three wrong, one locked out)", refusals)
	}
	f.Close()
	// Nothing a PIN could be searched from is in the journal.
	db, _ := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketJournal).ForEach(func(k, v []byte) error {
			if strings.Contains(string(v), "argon2id") || strings.Contains(string(v), "1111") {
				t.Errorf("event %d holds PIN material", binary.BigEndian.Uint64(k))
			}
			return nil
		})
	})
}

// The hash is slow unless a test asks otherwise.
func TestRoles_DefaultPINCostIsSlow(t *testing.T) {
	var o Options
	o.defaults()
	if o.PINCost != DefaultPINCost || DefaultPINCost.MemoryKiB < 64*1024 || DefaultPINCost.Time < 3 {
		t.Fatalf("default PIN cost %+v", o.PINCost)
	}
}

// The twelve acts of one person playing every part, which a file without
// roles took (the audit's list): every one is refused now.
func TestRoles_OnePersonCannotPlayEveryPart(t *testing.T) {
	f, _, _ := rolesCount(t)
	keyed(f, "王明", 1, 1, vote(0))
	keyed(f, "李强", 1, 2, vote(1)) // disputed
	keyed(f, "王明", 2, 1, vote(0))
	keyed(f, "李强", 2, 2, vote(0)) // accepted
	fig := f.State().Open().Spec.Figures
	fig.Present = 5
	one := []ballotsImported{{*vote(0)}}
	one[0][0].Number = 9
	acts := []struct {
		name string
		evs  []Event
	}{
		{"second keying by the first keyer", []Event{{Kind: EventBallotKeyed, Who: "王明", Round: 1, Ballot: 3, Keying: 1, Marks: vote(0)}, {Kind: EventBallotKeyed, Who: "王明", Round: 1, Ballot: 3, Keying: 2, Marks: vote(0)}}},
		{"a keyer decides their own dispute", []Event{{Kind: EventKeyingsResolved, Who: "王明", Round: 1, Ballot: 1, Decision: DecideTake1}}},
		{"a keyer decides and confirms", []Event{{Kind: EventKeyingsResolved, Who: "王明", Round: 1, Ballot: 1, Decision: DecideTake1}, {Kind: EventConfirmed, Who: "王明"}}},
		{"the chief confirms their own decision", []Event{{Kind: EventKeyingsResolved, Who: "张监", Round: 1, Ballot: 1, Decision: DecideTake1}, {Kind: EventConfirmed, Who: "张监"}}},
		{"a keyer voids", []Event{{Kind: EventBallotVoided, Who: "王明", Round: 1, Ballot: 2, Reason: count.ReasonOther, Note: "x"}}},
		{"the chief voids and confirms", []Event{{Kind: EventBallotVoided, Who: "张监", Round: 1, Ballot: 2, Reason: count.ReasonOther, Note: "x"}, {Kind: EventConfirmed, Who: "张监"}}},
		{"a keyer re-keys a paper", []Event{{Kind: EventBallotKeyed, Who: "王明", Round: 1, Ballot: 2, Keying: 3, Marks: vote(1)}}},
		{"a keyer lowers present", []Event{{Kind: EventFiguresSet, Who: "王明", Round: 1, Figures: &fig}}},
		{"the chief lowers present unconfirmed, then confirms it", []Event{{Kind: EventFiguresSet, Who: "张监", Round: 1, Figures: &fig}, {Kind: EventConfirmed, Who: "张监"}}},
		{"a keyer imports into a double-keyed round", []Event{{Kind: EventBallotsImported, Who: "王明", Round: 1, Ballots: one[0], Note: "x"}}},
		{"a keyer closes the round", nil},
		{"a scrutineer keys", []Event{{Kind: EventBallotKeyed, Who: "刘芳", Round: 1, Ballot: 4, Keying: 1, Marks: vote(0)}}},
	}
	for _, a := range acts {
		before, _ := f.Head()
		var err error
		if a.evs == nil {
			_, err = f.CloseRound("王明", "", "刘芳")
		} else {
			_, err = f.AppendAll(a.evs...)
		}
		if err == nil {
			t.Errorf("%s: accepted", a.name)
		}
		if after, _ := f.Head(); after != before {
			t.Errorf("%s: %d events written", a.name, after-before)
		}
	}
}

type ballotsImported []count.Ballot

// A journal forged so that a keyer decides their own dispute, re-chained
// so every hash holds, fails verify, which names the event.
func TestRoles_ForgedDecisionByAKeyerFailsVerify(t *testing.T) {
	f, path, _ := rolesCount(t)
	keyed(f, "王明", 1, 1, vote(0))
	keyed(f, "李强", 1, 2, vote(1))
	evs, err := f.AppendAll(Event{Kind: EventKeyingsResolved, Who: "张监", Round: 1, Ballot: 1, Decision: DecideTake1}, Event{Kind: EventConfirmed, Who: "刘芳"})
	if err != nil {
		t.Fatal(err)
	}
	forgedSeq := evs[0].Seq
	f.Close()
	if p := VerifyFile(path, 0); len(p) != 0 {
		t.Fatalf("before the forgery: %v", p)
	}
	// Rewrite the decision's author as 王明 (person 1) and re-chain.
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		j := tx.Bucket(bucketJournal)
		var prev [32]byte
		var names []string
		var last time.Time
		c := j.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			seq := binary.BigEndian.Uint64(k)
			ev, err := decodePayload(v[32:], names, last)
			if err != nil {
				return err
			}
			if ev.Kind == EventTellerSignedIn && !contains(names, ev.Who) {
				names = append(names, ev.Who)
			}
			payload := v[32:]
			if seq == forgedSeq {
				ev.Who = "王明"
				numbers := map[string]int{}
				for i, n := range names {
					numbers[n] = i + 1
				}
				if payload, err = encodePayload(&ev, numbers, last); err != nil {
					return err
				}
			}
			last = ev.Time
			value := append(append([]byte(nil), prev[:]...), payload...)
			if err := j.Put(k, value); err != nil {
				return err
			}
			prev = sha256.Sum256(value)
		}
		return tx.Bucket(bucketMeta).Put(keyHead, prev[:])
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	p := VerifyFile(path, 0)
	text := ""
	for _, e := range p {
		text += e.Error() + "\n"
	}
	if len(p) == 0 || !strings.Contains(text, "event "+itoa(forgedSeq)) || !strings.Contains(text, "王明 is a keyer") {
		t.Fatalf("the forged journal verifies, or the problem does not name the event:\n%s", text)
	}
	if strings.Contains(text, "hash") {
		t.Fatalf("the re-chained journal's hashes should hold; the refusal must be the rule's:\n%s", text)
	}
}

func contains(names []string, n string) bool {
	for _, x := range names {
		if x == n {
			return true
		}
	}
	return false
}

func itoa(n uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// Where the election file's [table] allows it, the chief keys a paper a
// third time and decides it; without it the chief's third keying is
// refused.
func TestRoles_ChiefKeysThirdWhereTheTableAllows(t *testing.T) {
	f, _, _ := rolesCount(t)
	keyed(f, "王明", 1, 1, vote(0))
	keyed(f, "李强", 1, 2, vote(1))
	refused(t, f, keyed(f, "张监", 1, 3, vote(0)), "unless the election file's [table] sets chief_keys_third = true")

	path := filepath.Join(t.TempDir(), "third.tally")
	g, err := Create(path, []byte(testElection+"[table]\nchief_keys_third = true\n"), KeyingDouble, Options{Rules: RulesRoles, PINCost: CheapPINCost, BackupEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	for _, p := range [][3]string{{"王明", RoleKeyer, "1111"}, {"李强", RoleKeyer, "2222"}, {"张监", RoleChief, "4444"}, {"刘芳", RoleScrutineer, "5555"}} {
		if _, err := g.SignIn(p[0], p[1], p[2]); err != nil {
			t.Fatal(err)
		}
	}
	keyed(g, "王明", 1, 1, vote(0))
	keyed(g, "李强", 1, 2, vote(1))
	if err := keyed(g, "张监", 1, 3, vote(0)); err != nil {
		t.Fatalf("the chief's third keying where [table] allows it: %v", err)
	}
	if _, err := g.AppendAll(Event{Kind: EventKeyingsResolved, Who: "张监", Round: 1, Ballot: 1, Decision: DecideTake3}, Event{Kind: EventConfirmed, Who: "刘芳"}); err != nil {
		t.Fatalf("the chief decides from their third keying: %v", err)
	}
}

// A close proposed holds the other proposals of its round, and a close
// waits for them: whatever the order, the round closes to the result a
// recount gives, and the file always opens again (review finding).
func TestRoles_CloseAndOtherProposalsNeverBreakTheFile(t *testing.T) {
	f, path, c := rolesCount(t)
	for n := 1; n <= 3; n++ {
		keyed(f, "王明", n, 1, vote(0))
		keyed(f, "李强", n, 2, vote(0))
	}
	void, err := f.Append(Event{Kind: EventBallotVoided, Who: "张监", Round: 1, Ballot: 1, Reason: count.ReasonOther, Note: "x"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.CloseRound("张监", "", "")
	refused(t, f, err, "waits for its confirmation: confirm or refuse it before the round closes")
	if _, err := f.Append(Event{Kind: EventRefused, Who: "刘芳", Ref: void.Seq, Note: "the paper is sound"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.CloseRound("张监", "", ""); err != nil {
		t.Fatal(err)
	}
	close := f.State().Pending()[0]
	// A proposal confirmed ahead of the close cannot be: nothing pends but
	// the close, and nothing else is recorded in its round.
	_, err = f.Append(Event{Kind: EventBallotVoided, Who: "张监", Round: 1, Ballot: 2, Reason: count.ReasonOther, Note: "y"})
	refused(t, f, err, "close waits for its confirmation")
	if _, err := f.Confirm("刘芳", close.Seq); err != nil {
		t.Fatal(err)
	}
	f.Close()
	g, err := Open(path, Options{PINCost: CheapPINCost, BackupEvery: -1, Now: c.now})
	if err != nil {
		t.Fatalf("the file does not open again: %v", err)
	}
	g.Close()
}

// A refused batch leaves the real state as it was, confirmations
// included: the scratch copy shares no ballot with it (review finding).
func TestRoles_RefusedConfirmationLeavesTheStateAlone(t *testing.T) {
	f, _, _ := rolesCount(t)
	keyed(f, "王明", 1, 1, vote(0))
	keyed(f, "李强", 1, 2, vote(0))
	void, _ := f.Append(Event{Kind: EventBallotVoided, Who: "张监", Round: 1, Ballot: 1, Reason: count.ReasonOther, Note: "x"})
	if _, err := f.AppendAll(Event{Kind: EventConfirmed, Who: "刘芳", Ref: void.Seq}, Event{Kind: EventConfirmed, Who: "刘芳", Ref: 9999}); err == nil {
		t.Fatal("a batch with a confirmation of nothing was taken")
	}
	if st := f.State().Open().Ballots[1].Status; st != BallotAccepted {
		t.Fatalf("a refused batch voided ballot 1 in memory: %v", st)
	}
	if p := f.Verify(); len(p) != 0 {
		t.Fatalf("verify after a refused batch: %v", p)
	}
}

// The run of wrong PINs is the journal's: the same after a reopening; a
// try while locked does not lengthen the lock-out; a lock-out run out
// starts the count again; a name locked out authors nothing until it
// signs in again (review findings).
func TestRoles_LockOutIsTheJournalsAndEndsTheSitting(t *testing.T) {
	f, path, c := rolesCount(t)
	for range 2 {
		if err := f.CheckPIN("王明", "9999"); err == nil {
			t.Fatal("a wrong PIN passed")
		}
	}
	if err := f.CheckPIN("王明", "1111"); err != nil {
		t.Fatal(err)
	}
	if err := f.CheckPIN("王明", "9999"); err == nil || !strings.Contains(err.Error(), "lock the name") {
		t.Fatalf("the third wrong PIN since the sign-in: %v", err)
	}
	refused(t, f, keyed(f, "王明", 1, 1, vote(0)), "王明 has not signed in with their PIN at this sitting")
	c.t = c.t.Add(4 * time.Minute)
	_, err := f.SignIn("王明", RoleKeyer, "1111")
	refused(t, f, err, "try again in 1 minutes")
	f.Close()
	g, err := Open(path, Options{PINCost: CheapPINCost, BackupEvery: -1, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	_, err = g.SignIn("王明", RoleKeyer, "1111")
	refused(t, g, err, "try again in 1 minutes") // the same after reopening, and not lengthened
	c.t = c.t.Add(time.Minute + time.Second)
	if err := g.CheckPIN("王明", "9999"); err == nil || !strings.Contains(err.Error(), "has not signed in") {
		t.Fatalf("a name whose sitting the lock-out ended: %v", err)
	}
	if _, err := g.SignIn("王明", RoleKeyer, "9999"); err == nil || !strings.Contains(err.Error(), "2 more tries") {
		t.Fatalf("a wrong PIN after the lock-out ran out starts the count again: %v", err)
	}
}

// Two hand-overs cannot both be pending, and one confirmed after its
// proposer stopped being chief does not stand (review finding).
func TestRoles_OneHandOverAtATime(t *testing.T) {
	f, _, _ := rolesCount(t)
	if _, err := f.SignIn("周二", RoleScrutineer, "8888"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Append(Event{Kind: EventChiefHandedOver, Who: "张监", Target: "周二"}); err != nil {
		t.Fatal(err)
	}
	_, err := f.Append(Event{Kind: EventChiefHandedOver, Who: "张监", Target: "刘芳"})
	refused(t, f, err, "waits for its confirmation already")
}

// Vouching at a later sitting signs a person in in the role they hold,
// whatever the screen asks for: the presiding officer confirms as such.
func TestRoles_VouchKeepsTheRoleHeld(t *testing.T) {
	f, path, c := rolesCount(t)
	if _, err := f.SignIn("孙主持", RolePresiding, "7777"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	g, err := Open(path, Options{PINCost: CheapPINCost, BackupEvery: -1, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	for _, p := range [][3]string{{"王明", RoleKeyer, "1111"}, {"李强", RoleKeyer, "2222"}, {"张监", RoleChief, "4444"}} {
		if err := g.Vouch(p[0], p[1], p[2]); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.Vouch("孙主持", RoleScrutineer, "7777"); err != nil {
		t.Fatalf("the presiding officer vouching where a confirmer is asked for: %v", err)
	}
	if role, _ := g.SignedIn("孙主持"); role != RolePresiding {
		t.Fatalf("signed in as %q", role)
	}
	keyed(g, "王明", 1, 1, vote(0))
	keyed(g, "李强", 1, 2, vote(1))
	if _, err := g.AppendAll(Event{Kind: EventKeyingsResolved, Who: "张监", Round: 1, Ballot: 1, Decision: DecideTake1}, Event{Kind: EventConfirmed, Who: "孙主持"}); err != nil {
		t.Fatalf("the presiding officer confirms: %v", err)
	}
	if err := g.Vouch("王明", RoleKeyer, "9999"); err == nil {
		t.Fatal("a wrong PIN vouched")
	}
}
