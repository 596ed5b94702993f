package tui

import (
	"errors"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"tally/count"
	"tally/store"
)

// Two keyers sign in; a ballot keyed alike twice is accepted; one keyed
// differently opens the reconcile screen, where the chief scrutineer takes
// a keying; the totals follow.
func TestTable_DoubleKeyingMatchAndReconcile(t *testing.T) {
	a, f := newTable(t)
	typeText(a, "王明")
	press(a, "tab")
	typeText(a, "李强")
	press(a, "enter")
	mustShow(t, a, "The round's figures", "✓ the vote stands")
	press(a, "enter") // confirmed as they are
	mustShow(t, a, "ballot 1 of 9 · first keying · 王明")
	press(a, "1", "2", "enter")
	mustShow(t, a, "ballot 1 of 9 · second keying · 李强")
	if strings.Contains(shown(a), "○ for") {
		t.Error("keyer B must not see keyer A's marks")
	}
	press(a, "1", "2", "enter")
	mustShow(t, a, "ballot 1 accepted", "accepted 1 of 9")
	// Ballot 2: A marks 甲 and 乙, B marks 甲 and 丙.
	press(a, "1", "2", "enter", "1", "3", "enter")
	mustShow(t, a, "ballot 2 · the keyings differ", "◆ differs")
	press(a, "a")
	typeText(a, "张监")
	press(a, "enter")
	st := ballotOf(f, 2)
	if st.Status != store.BallotAccepted || st.By != "张监" || st.Decision != store.DecideTake1 {
		t.Errorf("ballot 2 %+v", st)
	}
	mustShow(t, a, "ballot 3 of 9 · first keying · 王明", "decided by 张监")
}

// A half-keyed ballot is never lost to a stray quit, even from the help
// or the scrutineers' screen over it.
func TestTable_QuitRefusedWithHalfKeyedBallot(t *testing.T) {
	a, _ := newTable(t)
	signInBoth(a)
	press(a, "1")
	for _, over := range []string{"", "?", "ctrl+s"} {
		if over != "" {
			press(a, over)
		}
		if _, cmd := a.Update(keyMsg("ctrl+q")); cmd != nil {
			t.Fatalf("quit was allowed with a half-keyed ballot (over %q)", over)
		}
		if !strings.Contains(shown(a), "half keyed") {
			t.Errorf("the refusal must be said:\n%s", shown(a))
		}
		if Filter(a, tea.QuitMsg{}) != nil || Filter(a, tea.InterruptMsg{}) != nil {
			t.Error("the quit filter must hold a quit and an interrupt too")
		}
	}
	press(a, "esc") // back from the scrutineers' screen to the paper
	mustShow(t, a, "○ for")
	press(a, "backspace")
	if _, cmd := a.Update(keyMsg("ctrl+q")); cmd == nil {
		t.Error("quit must work once the ballot is undone")
	}
}

// Figures entered at the table decide the vote: too few present, and the
// screen says the vote does not stand before a ballot is keyed; confirmed,
// they lead to the close, which records the void vote and opens the re-run.
func TestTable_FiguresMakingTheVoteVoidLeadToTheRerun(t *testing.T) {
	a, f := newTable(t)
	typeText(a, "王明")
	press(a, "tab")
	typeText(a, "李强")
	press(a, "enter", "tab", "backspace")
	typeText(a, "7")
	mustShow(t, a, "✗ the vote stands", "does not stand")
	press(a, "enter")
	typeText(a, "张监")
	press(a, "enter")
	var got count.Figures
	f.View(func(s *store.State) { got = s.Open().Spec.Figures })
	if got.Present != 7 {
		t.Errorf("figures %+v", got)
	}
	mustShow(t, a, "If the round closes now:", "the round is void")
	press(a, "enter")
	typeText(a, "张监") // every decision is signed by typing the name
	press(a, "enter")
	var rounds []*store.RoundState
	f.View(func(s *store.State) { rounds = s.Rounds })
	if len(rounds) != 2 || !rounds[0].Closed || rounds[1].Closed || rounds[1].Spec.Number != 2 {
		t.Fatalf("after closing the void round: %d rounds", len(rounds))
	}
	mustShow(t, a, "The round is closed:", "⏎ opens the next round")
	press(a, "enter")
	mustShow(t, a, "委员 · round 2", "The round's figures")
}

// A keying the count file refuses leaves the paper as it was keyed, with
// the reason said; nothing is lost.
func TestTable_RefusedKeyingKeepsThePaper(t *testing.T) {
	a, f := newTable(t)
	signInBoth(a)
	press(a, "1")
	// Another terminal keys ballot 1 first: this keying is now the wrong one.
	if _, err := f.AppendAll(store.Event{Kind: store.EventBallotKeyed, Who: "王明", Round: 1, Ballot: 1, Keying: 1,
		Marks: &count.Ballot{Number: 1, Source: -1, Sections: []count.Marks{{For: []int{1}}}}}); err != nil {
		t.Fatal(err)
	}
	press(a, "enter")
	mustShow(t, a, "✗ ", "keying 2, not 1", "○ for")
}

// Batch keying: A keys a stack, B re-keys it paper by paper, and a paper
// keyed differently stops B at once.
func TestTable_BatchKeying(t *testing.T) {
	a, f := newTable(t)
	typeText(a, "王明")
	press(a, "tab")
	typeText(a, "李强")
	press(a, "ctrl+b", "tab", "backspace", "backspace")
	typeText(a, "3")
	mustShow(t, a, "batch: A keys a stack", "stack size")
	press(a, "enter", "enter")
	for _, k := range []string{"1", "2", "3"} {
		mustShow(t, a, "first keying · 王明")
		press(a, k, "enter")
	}
	mustShow(t, a, "ballot 1 of 9 · second keying · 李强")
	press(a, "1", "enter")
	mustShow(t, a, "ballot 2 of 9 · second keying · 李强")
	press(a, "3", "enter")
	mustShow(t, a, "ballot 2 · the keyings differ")
	if b := ballotOf(f, 3); b.Status != store.BallotPending {
		t.Errorf("ballot 3 is %v", b.Status)
	}
	press(a, "esc")
	mustShow(t, a, "ballot 3 of 9 · second keying · 李强", "stays disputed")
	press(a, "3", "enter")
	mustShow(t, a, "ballot 4 of 9 · first keying · 王明")
	// The stack can be ended early: A keys one, ctrl+n hands it to B.
	press(a, "1", "enter", "ctrl+n")
	mustShow(t, a, "ballot 4 of 9 · second keying · 李强")
}

// The team sends a paper back to its keyer: that keying is set aside and
// keyed again; a third keying can also decide.
func TestTable_SendBackAndThirdKeying(t *testing.T) {
	a, f := newTable(t)
	signInBoth(a)
	press(a, "1", "enter", "2", "enter")
	press(a, "r", "b")
	typeText(a, "张监")
	press(a, "enter")
	if b := ballotOf(f, 1); b.Status != store.BallotPending {
		t.Fatalf("sent back, ballot 1 is %v", b.Status)
	}
	mustShow(t, a, "ballot 1 of 9 · second keying · 李强", "goes back")
	press(a, "2", "enter")
	mustShow(t, a, "ballot 1 · the keyings differ")
	press(a, "k")
	mustShow(t, a, "ballot 1 of 9 · third keying · 王明")
	press(a, "1", "enter")
	mustShow(t, a, "A (王明)", "B (李强)", "C (王明)")
	press(a, "c", "enter")
	if b := ballotOf(f, 1); b.Status == store.BallotAccepted {
		t.Fatal("a decision must wait for the chief scrutineer to type their name")
	}
	typeText(a, "张监")
	press(a, "enter")
	if b := ballotOf(f, 1); b.Status != store.BallotAccepted || !slices.Equal(b.Accepted.Sections[0].For, []int{0}) {
		t.Errorf("ballot 1 after the third keying: %+v", b)
	}
}

// A ballot accepted in error is voided with a reason by the chief
// scrutineer and keyed again; the totals follow both.
func TestTable_VoidAndKeyAgain(t *testing.T) {
	a, f := newTable(t)
	signInBoth(a)
	keyBoth(a, "1", "2")
	press(a, "ctrl+v")
	typeText(a, "1")
	mustShow(t, a, "as accepted: #1 ○甲 ○乙")
	press(a, "tab")
	typeText(a, "keyed from the wrong paper")
	press(a, "tab")
	typeText(a, "张监")
	press(a, "enter")
	if b := ballotOf(f, 1); b.Status != store.BallotVoided {
		t.Fatalf("ballot 1 is %v", b.Status)
	}
	mustShow(t, a, "Key ballot 1 again now?")
	press(a, "y")
	mustShow(t, a, "ballot 1 of 9 · first keying · 王明", "accepted 0 of 9")
	keyBoth(a, "3")
	if b := ballotOf(f, 1); b.Status != store.BallotAccepted || !slices.Equal(b.Accepted.Sections[0].For, []int{2}) {
		t.Errorf("ballot 1 keyed again: %+v", b)
	}
	mustShow(t, a, "ballot 2 of 9 · first keying")
}

// Over-votes are said on the paper before ⏎; invalid papers take a reason
// from the list; a write-in is offered again on later papers.
func TestTable_OverVoteInvalidAndWriteIns(t *testing.T) {
	a, f := newTable(t)
	signInBoth(a)
	press(a, "1", "2", "3")
	mustShow(t, a, "3 for-marks > 2 seats → invalid (over-vote)")
	press(a, "backspace", "backspace", "w")
	typeText(a, "刘强")
	press(a, "enter")
	mustShow(t, a, "刘强 (write-in)", "for 2 of 2")
	press(a, "enter", "1", "w")
	typeText(a, "刘强")
	press(a, "enter", "enter")
	b := ballotOf(f, 1)
	if b.Status != store.BallotAccepted || !slices.Equal(b.Accepted.Sections[0].WriteIns, []string{"刘强"}) {
		t.Fatalf("ballot 1 %+v", b)
	}
	press(a, "w", "tab")
	mustShow(t, a, "write-in: 刘强")
	press(a, "esc", "i", "2")
	mustShow(t, a, "▸ invalid: identifying mark")
	press(a, "backspace")
	for range 2 { // keyer A, then keyer B
		press(a, "i", "5")
		typeText(a, "torn in half")
		press(a, "enter", "enter")
	}
	b = ballotOf(f, 2)
	if b.Accepted.Invalid != count.ReasonOther || b.Accepted.Note != "torn in half" {
		t.Errorf("ballot 2 %+v", b.Accepted)
	}
	mustShow(t, a, "invalid 1 (other 1)")
}

// Keys that make no sense here are refused in words, and change nothing.
func TestTable_NonsenseKeysAreSaid(t *testing.T) {
	a, f := newTable(t)
	signInBoth(a)
	n0, _ := f.Head()
	for _, k := range []string{"x", "=", "_", "9", "enter"} {
		press(a, k)
		if !strings.Contains(shown(a), "✗ ") {
			t.Errorf("%q: no refusal shown:\n%s", k, shown(a))
		}
		if k == "9" {
			mustShow(t, a, "there is no candidate 9: 委员 lists 3")
		}
	}
	if n, _ := f.Head(); n != n0 {
		t.Error("refused keys wrote to the count file")
	}
}

// With twelve names, 1 waits for a second digit: 1 2 marks the twelfth,
// 1 then space marks the first; / finds a name by part of it.
func TestTable_TwoDigitNumbersAndSearch(t *testing.T) {
	a, f := newTableOn(t, longElection, store.KeyingSingle, false)
	typeText(a, "Ann")
	press(a, "enter", "enter")
	press(a, "1")
	mustShow(t, a, "typing: 1▏")
	press(a, "2", "1", "space", "/")
	typeText(a, "haz")
	mustShow(t, a, "→ 8 Hal Hazel")
	press(a, "enter", "enter")
	b := ballotOf(f, 1)
	if b == nil || !slices.Equal(b.Accepted.Sections[0].For, []int{0, 7, 11}) {
		t.Fatalf("ballot 1: %+v", b)
	}
	// Once keyed: the round says so on the scrutineers' screen and at the close.
	press(a, "ctrl+s")
	mustShow(t, a, "keyed once")
	press(a, "esc", "ctrl+r")
	mustShow(t, a, "⚠ single keying (the round allows it)", "1 keyed once")
}

// A ranked ballot is keyed in order, with a shared rank and a skipped one
// as they stand on the paper; a tie the count cannot settle asks for the
// lot at the close, and the lot decides.
func TestTable_RankedBallotsAndALot(t *testing.T) {
	a, f := newTableOn(t, rankedElection, store.KeyingSingle, false)
	typeText(a, "Ann")
	press(a, "enter", "enter")
	press(a, "2", "_")
	mustShow(t, a, "1 Ben Carter · 2 (skipped)")
	press(a, "=", "3")
	mustShow(t, a, "✗ rank 2 is keyed as skipped")
	press(a, "backspace", "1", "=", "3", "enter")
	b := ballotOf(f, 1)
	if b == nil || !slices.EqualFunc(b.Accepted.Sections[0].Ranks, [][]int{{1}, {0, 2}}, slices.Equal) {
		t.Fatalf("ballot 1 ranks: %+v", b)
	}
	// 1: Ben, then Alice=Chloe (an overvote: it exhausts at rank 2); 2:
	// Alice, Ben; 3: Chloe, Alice; 4: Alice. Round 1: Alice 2, Ben 1,
	// Chloe 1: which of Ben and Chloe is eliminated is a lot.
	press(a, "1", "2", "enter", "3", "1", "enter", "1", "enter")
	mustShow(t, a, "first preferences")
	press(a, "ctrl+r")
	mustShow(t, a, "a lot is drawn at the table", "1 Chloe Davis  2 Ben Carter")
	press(a, "2")
	typeText(a, "Zoe")
	press(a, "enter")
	var lots []count.Lot
	f.View(func(s *store.State) { lots = s.Election.Ranked.Tie.Lots })
	if len(lots) != 1 || lots[0].Chosen != "Ben Carter" {
		t.Fatalf("lots %+v", lots)
	}
	mustShow(t, a, "lot recorded: Ben Carter", "If the round closes now:")
	press(a, "enter")
	typeText(a, "Zoe")
	press(a, "enter")
	mustShow(t, a, "The round is closed:", "Chair · Elected: Alice Brown", "The election is decided.")
}

// The scrutineers' screen changes nothing, whatever is pressed on it.
func TestTable_ScrutineersScreenIsReadOnly(t *testing.T) {
	a, f := newTable(t)
	signInBoth(a)
	keyBoth(a, "1")
	press(a, "1", "ctrl+s")
	n0, h0 := f.Head()
	for _, k := range []string{"1", "2", "enter", "b", "i", "1", "a", "ctrl+r", "ctrl+v", "ctrl+d", "backspace", "w", "enter"} {
		press(a, k)
	}
	if n, h := f.Head(); n != n0 || h != h0 {
		t.Fatal("a key on the scrutineers' screen changed the count")
	}
	mustShow(t, a, "last accepted: #1 ○甲", "accepted 1 of 9")
	press(a, "esc")
	mustShow(t, a, "○ for") // the half-keyed paper is still there
}

// Another terminal's events reach the totals without a key pressed.
func TestTable_FollowsEventsFromElsewhere(t *testing.T) {
	a, f := newTable(t)
	signInBoth(a)
	ch, stop := f.Subscribe()
	defer stop()
	evs, err := f.AppendAll(store.Event{Kind: store.EventBallotsImported, Who: "王明", Round: 1,
		Ballots: []count.Ballot{{Number: 9, Source: -1, Sections: []count.Marks{{For: []int{2}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	<-ch
	run(a, storeMsg{evs[0]})
	mustShow(t, a, "accepted 1 of 9")
}

// failing is a count file that cannot take another event.
type failing struct {
	Count
	err error
}

func (f failing) AppendAll(...store.Event) ([]store.Event, error) { return nil, f.err }

// A full disk or a damaged file stops the table with a full panel saying
// what to do; everything before stays acknowledged.
func TestTable_FatalStoreErrorStopsTheTable(t *testing.T) {
	a, f := newTable(t)
	signInBoth(a)
	a.count = failing{f, &store.CountError{Path: "t.tally", Kind: store.ErrFull, Msg: "the disk is full"}}
	press(a, "1", "enter")
	mustShow(t, a, "The count file cannot take another event", "the disk is full", "Note the paper in hand")
	press(a, "2")
	if !errors.Is(a.fatal, store.ErrFull) {
		t.Error("the table must stay stopped")
	}
	// The paper on screen cannot be saved now: quitting is the way out.
	if _, cmd := a.Update(keyMsg("ctrl+q")); cmd == nil || Filter(a, tea.QuitMsg{}) == nil {
		t.Error("the stopped table must let the teller quit")
	}
}

// Keys typed while a paper is being saved are held, and land on the next
// paper once the save is acknowledged: a fast keyer loses nothing.
func TestTable_KeysTypedWhileSavingLandOnTheNextPaper(t *testing.T) {
	a, f := newTable(t)
	signInBoth(a)
	press(a, "1")
	_, save := a.Update(keyMsg("enter")) // the write is in flight
	a.Update(keyMsg("2"))
	a.Update(keyMsg("3"))
	if b := ballotOf(f, 1); b != nil {
		t.Fatal("the test needs the save still in flight")
	}
	runCmd(a, save)
	mustShow(t, a, "ballot 1 of 9 · second keying · 李强", "2 乙    ○ for", "3 丙    ○ for", "ballot 1 keyed once")
}

// Keys typed for the next paper while a keying saves never act on the
// reconcile screen the save opens: they are set aside, and said to be.
func TestTable_KeysTypedDuringASaveNeverDecideADispute(t *testing.T) {
	a, f := newTable(t)
	signInBoth(a)
	press(a, "1", "enter", "2")
	_, save := a.Update(keyMsg("enter")) // keyer B's keying differs; in flight
	a.Update(keyMsg("b"))                // "take B" on the reconcile screen…
	a.Update(keyMsg("enter"))            // …meant as a blank next paper
	runCmd(a, save)
	mustShow(t, a, "ballot 1 · the keyings differ", "2 keys typed meanwhile were set aside")
	if b := ballotOf(f, 1); b.Status != store.BallotDisputed {
		t.Fatalf("ballot 1 is %v: a held key decided it", b.Status)
	}
}

// A voided paper the team does not key again at once is not forgotten:
// it comes first when the table opens again, saying why it was voided.
func TestTable_VoidedPaperComesBackFirst(t *testing.T) {
	a, f := newTable(t)
	signInBoth(a)
	keyBoth(a, "1")
	keyBoth(a, "2")
	press(a, "ctrl+v")
	typeText(a, "1")
	press(a, "tab")
	typeText(a, "wrong round's paper")
	press(a, "tab")
	typeText(a, "张监")
	press(a, "enter", "n")
	mustShow(t, a, "ballot 3 of 9 · first keying · 王明")
	b := New(f, false)
	b.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	signInBoth(b)
	mustShow(t, b, "ballot 1 of 9 · first keying · 王明", "voided (wrong round's paper): keyed again")
}

// An invalid paper's note goes with its reason: undone, it is gone, so two
// keyings of "identifying mark" match; kept, the reconcile shows it.
func TestTable_InvalidNotesFollowUndoAndShowWhenDiffering(t *testing.T) {
	a, f := newTable(t)
	signInBoth(a)
	press(a, "i", "5")
	typeText(a, "torn")
	press(a, "enter", "backspace", "i", "2", "enter", "i", "2", "enter")
	if b := ballotOf(f, 1); b.Status != store.BallotAccepted || b.Accepted.Note != "" {
		t.Fatalf("ballot 1: %+v", b)
	}
	press(a, "i", "5")
	typeText(a, "torn")
	press(a, "enter", "enter", "i", "5")
	typeText(a, "corner missing")
	press(a, "enter", "enter")
	mustShow(t, a, "✗ other: torn", "✗ other: corner missing", "◆ differs")
}

// Batch keying picks up where it stopped: papers keyed once when the
// table opens again are the stack keyer B had not finished.
func TestTable_BatchResumesAfterReopening(t *testing.T) {
	a, f := newTable(t)
	typeText(a, "王明")
	press(a, "tab")
	typeText(a, "李强")
	press(a, "ctrl+b", "tab", "backspace", "backspace")
	typeText(a, "3")
	press(a, "enter", "enter", "1", "enter", "2", "enter", "3", "enter", "1", "enter")
	mustShow(t, a, "ballot 2 of 9 · second keying · 李强")
	b := New(f, false)
	b.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	typeText(b, "王明")
	press(b, "tab")
	typeText(b, "李强")
	press(b, "ctrl+b", "enter")
	mustShow(t, b, "ballot 2 of 9 · second keying · 李强")
}

// Of three keyings, sending back the odd one out leaves two that agree:
// the paper is accepted, as any match is.
func TestTable_SendingBackTheOddKeyingAccepts(t *testing.T) {
	a, f := newTable(t)
	signInBoth(a)
	press(a, "1", "enter", "2", "enter", "k", "1", "enter", "r", "b")
	typeText(a, "张监")
	press(a, "enter")
	if b := ballotOf(f, 1); b.Status != store.BallotAccepted || !slices.Equal(b.Accepted.Sections[0].For, []int{0}) {
		t.Fatalf("ballot 1: %+v", b)
	}
	mustShow(t, a, "ballot 1 accepted: the two keyings left agree", "accepted 1 of 9")
}

// When every returned paper is in, the paper panel says so and points to
// the close, rather than inviting a paper the figures do not have.
func TestTable_AllReturnedPapersInPointsToTheClose(t *testing.T) {
	a, _ := newTableOn(t, longElection, store.KeyingSingle, false)
	typeText(a, "Ann")
	press(a, "enter", "enter")
	for range 3 {
		press(a, "1", "space", "enter")
	}
	mustShow(t, a, "ballot 4 of 3", "all 3 papers returned are keyed: ctrl+r closes")
}

// Keyer B is never offered the name keyer A wrote in on the paper B is
// keying: only names on accepted papers are offered again.
func TestTable_WriteInOfferedOnlyFromAcceptedPapers(t *testing.T) {
	a, _ := newTable(t)
	signInBoth(a)
	press(a, "1", "w")
	typeText(a, "刘强")
	press(a, "enter", "enter") // keyer A's keying of paper 1
	press(a, "1", "w")
	typeText(a, "刘")
	press(a, "tab")
	if strings.Contains(shown(a), "write-in: 刘强") {
		t.Fatalf("keyer B is offered the name keyer A wrote on the same paper:\n%s", shown(a))
	}
	typeText(a, "强")
	press(a, "enter", "enter") // paper 1 accepted, keyed alike
	press(a, "w")
	typeText(a, "刘")
	press(a, "tab")
	mustShow(t, a, "write-in: 刘强")
}

// A count with no returned figure (a plurality vote without one) says how
// many papers are accepted, never "of 0".
func TestTable_NoReturnedFigureSaysNoOfZero(t *testing.T) {
	const plain = `title = "Club committee"
lang = "en"
preset = "plurality"
ballot = "choice"
[[offices]]
name = "Committee"
seats = 1
candidates = ["Ann", "Bob"]
`
	a, _ := newTableOn(t, plain, store.KeyingSingle, false)
	typeText(a, "Ann Lee")
	press(a, "enter", "enter", "1", "enter")
	mustShow(t, a, "running totals · accepted 1")
	press(a, "ctrl+s")
	mustShow(t, a, "round 1 · accepted 1 ·")
	if strings.Contains(shown(a), "of 0") {
		t.Fatalf("the scrutineers' screen says \"of 0\":\n%s", shown(a))
	}
}
