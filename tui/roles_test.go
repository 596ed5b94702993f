package tui

import (
	"strings"
	"testing"
	"time"

	"tally/store"
)

// rolesTable opens the table on a count file that follows roles (cheap
// PIN hashing; the clock is the test's).
func rolesTable(t *testing.T, zh bool) (*App, *store.CountFile) {
	t.Helper()
	return newTableWith(t, tableElection, store.KeyingDouble, zh,
		store.Options{Rules: store.RulesRoles, PINCost: store.CheapPINCost, BackupEvery: -1, Now: func() time.Time { return fixedNow }})
}

// signInWithPINs signs in 王明 (1111) and 李强 (2222), stacks of 2, and
// confirms the figures as they are.
func signInWithPINs(a *App) {
	typeText(a, "王明")
	press(a, "tab")
	typeText(a, "1111")
	press(a, "tab")
	typeText(a, "李强")
	press(a, "tab")
	typeText(a, "2222")
	press(a, "tab", "backspace", "backspace")
	typeText(a, "2")
	press(a, "enter", "enter")
}

// At one keyboard in a file that follows roles: the keyers sign in with
// PINs and take turns by stacks; the keyboard passes with a PIN (not per
// paper); a wrong PIN is refused and journalled; the chief decides with a
// PIN and a scrutineer confirms with theirs; the close is confirmed too.
func TestRoles_OneKeyboardSignsKeysAndConfirms(t *testing.T) {
	a, f := rolesTable(t, false)
	mustShow(t, a, "Keyer A", "PIN", "batch: A keys a stack")
	press(a, "ctrl+b")
	mustShow(t, a, "take turns by stacks")
	signInWithPINs(a)
	if shown(a); strings.Contains(shown(a), "1111") {
		t.Fatal("a PIN is shown on the screen")
	}
	mustShow(t, a, "ballot 1 of 9 · first keying · 王明")
	press(a, "1", "2", "enter")
	mustShow(t, a, "ballot 2 of 9 · first keying · 王明") // no PIN per paper
	press(a, "1", "3", "enter")
	mustShow(t, a, "The keyboard passes to 李强", "李强 gives their PIN")
	typeText(a, "1111")
	press(a, "enter")
	mustShow(t, a, "the PIN for 李强 is wrong")
	typeText(a, "2222")
	press(a, "enter")
	mustShow(t, a, "ballot 1 of 9 · second keying · 李强")
	press(a, "1", "2", "enter")
	press(a, "1", "2", "enter") // ballot 2: A marked 甲 丙, B 甲 乙
	mustShow(t, a, "ballot 2 · the keyings differ")
	press(a, "b")
	typeText(a, "张监")
	press(a, "enter")
	mustShow(t, a, "Signed by the chief, confirmed by a second person", "chief scrutineer", "张监")
	typeText(a, "4444")
	press(a, "tab")
	typeText(a, "张监")
	press(a, "tab")
	typeText(a, "4444")
	press(a, "enter")
	mustShow(t, a, "张监 proposed event")
	if b := ballotOf(f, 2); b.Status != store.BallotDisputed {
		t.Fatalf("the chief confirmed their own decision: ballot 2 is %v", b.Status)
	}
	typeText(a, "4444") // the PINs are cleared, the chief's first
	press(a, "tab", "backspace", "backspace")
	typeText(a, "刘芳")
	press(a, "tab")
	typeText(a, "5555")
	press(a, "enter")
	if b := ballotOf(f, 2); b.Status != store.BallotAccepted || b.By != "张监" || b.Decision != store.DecideTake2 {
		t.Fatalf("after the confirmation ballot 2 is %+v", b)
	}
	var refused, confirmed int
	f.Events(func(ev store.Event) error {
		switch ev.Kind {
		case store.EventSignInRefused:
			refused++
		case store.EventConfirmed:
			confirmed++
			if ev.Who != "刘芳" {
				t.Errorf("confirmed by %s", ev.Who)
			}
		}
		return nil
	})
	if refused != 1 || confirmed != 1 {
		t.Errorf("%d wrong PINs and %d confirmations journalled, want 1 and 1", refused, confirmed)
	}
}

// A third keying in a file that follows roles is by a keyer who keyed the
// paper neither time, signed in with their PIN.
func TestRoles_ThirdKeyingByAThirdKeyer(t *testing.T) {
	a, f := rolesTable(t, false)
	signInWithPINs(a)
	press(a, "1", "enter", "ctrl+n")
	typeText(a, "2222")
	press(a, "enter", "2", "enter")
	mustShow(t, a, "ballot 1 · the keyings differ")
	press(a, "k")
	mustShow(t, a, "Who keys this paper a third time?")
	typeText(a, "王明")
	press(a, "tab")
	typeText(a, "1111")
	press(a, "enter")
	mustShow(t, a, "王明 keyed ballot 1 already: the third keying is by another keyer")
	press(a, "shift+tab", "backspace", "backspace") // the name
	typeText(a, "赵三")
	press(a, "tab", "backspace", "backspace", "backspace", "backspace")
	typeText(a, "3333")
	press(a, "enter")
	mustShow(t, a, "ballot 1 of 9 · third keying · 赵三")
	press(a, "1", "enter")
	if b := ballotOf(f, 1); len(b.Keyings) != 3 || b.Keyings[2].Who != "赵三" {
		t.Fatalf("ballot 1's keyings: %+v", b.Keyings)
	}
}

// The close at one keyboard: the chief names themselves, gives the PIN, a
// scrutineer confirms; the round closes at the confirmation.
func TestRoles_CloseSignedAndConfirmed(t *testing.T) {
	a, f := rolesTable(t, true)
	signInWithPINs(a)
	press(a, "1", "2", "enter", "1", "2", "enter")
	typeText(a, "2222")
	press(a, "enter", "1", "2", "enter", "1", "2", "enter")
	press(a, "ctrl+r", "enter")
	typeText(a, "张监")
	press(a, "tab")
	typeText(a, "只录入两张，演练")
	press(a, "enter")
	mustShow(t, a, "总监票人签署，第二人确认")
	if r := f.State().Rounds[0]; r.Closed {
		t.Fatal("the round closed before the PINs were given")
	}
	typeText(a, "4444")
	press(a, "tab")
	typeText(a, "刘芳")
	press(a, "tab")
	typeText(a, "5555")
	press(a, "enter")
	r := f.State().Rounds[0]
	if !r.Closed || r.ClosedBy != "张监" {
		t.Fatalf("round 1 closed %v by %q", r.Closed, r.ClosedBy)
	}
	var confirmedSeq uint64
	f.Events(func(ev store.Event) error {
		if ev.Kind == store.EventConfirmed {
			confirmedSeq = ev.Seq
		}
		return nil
	})
	if r.ClosedSeq != confirmedSeq {
		t.Errorf("the round closed at event %d, want its confirmation %d", r.ClosedSeq, confirmedSeq)
	}
}

// Keys typed while the PIN is checked as the keyboard passes go to the
// paper in order, once it is checked; after a wrong PIN none counts.
func TestRoles_KeysTypedDuringThePINCheckLandInOrder(t *testing.T) {
	a, f := rolesTable(t, false)
	signInWithPINs(a)
	press(a, "1", "enter", "ctrl+n")
	typeText(a, "2222")
	_, check := a.Update(keyMsg("enter")) // the check is in flight...
	for _, k := range []string{"1", "enter"} {
		a.Update(keyMsg(k)) // ...while 李强 keys ballot 1
	}
	runCmd(a, check)
	if b := ballotOf(f, 1); b.Status != store.BallotAccepted || b.Keyings[1].Who != "李强" {
		t.Fatalf("the keys typed during the check: ballot 1 is %+v", b)
	}

	typeText(a, "1111")                                     // the keyboard back to 王明
	press(a, "enter", "1", "enter", "1", "enter", "ctrl+n") // A keys 2 and 3; B's turn
	typeText(a, "9999")
	_, check = a.Update(keyMsg("enter"))
	a.Update(keyMsg("3"))
	a.Update(keyMsg("enter"))
	runCmd(a, check)
	mustShow(t, a, "the PIN for 李强 is wrong")
	if b := ballotOf(f, 2); len(b.Keyings) != 1 {
		t.Fatalf("keys typed during a refused PIN were keyed: %+v", b.Keyings)
	}
}
