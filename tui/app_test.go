package tui

import (
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"tally/count"
	"tally/store"
)

const tableElection = `title = "红星村支部委员会选举"
preset = "party"
ballot = "marked"
[electorate]
entitled = 10
present = 9
issued = 4
returned = 4
[[offices]]
name = "委员"
seats = 2
candidates = ["甲", "乙", "丙"]
`

func newTable(t *testing.T) (*App, *store.CountFile) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.tally")
	f, err := store.Create(path, []byte(tableElection), store.KeyingDouble, store.Options{BackupEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return New(f, false), f
}

// run feeds a message and runs the command it returns, as the program
// would (store writes come back as messages).
func run(a *App, msg tea.Msg) {
	_, cmd := a.Update(msg)
	for cmd != nil {
		m := cmd()
		if b, ok := m.(tea.BatchMsg); ok {
			for _, c := range b {
				if c != nil {
					run(a, c())
				}
			}
			return
		}
		if m == nil {
			return
		}
		if _, ok := m.(storeMsg); ok {
			return // the live feed: not in a synchronous test
		}
		_, cmd = a.Update(m)
	}
}

func press(a *App, keys ...string) {
	for _, k := range keys {
		var msg tea.KeyPressMsg
		switch k {
		case "enter":
			msg = tea.KeyPressMsg{Code: tea.KeyEnter}
		case "tab":
			msg = tea.KeyPressMsg{Code: tea.KeyTab}
		case "backspace":
			msg = tea.KeyPressMsg{Code: tea.KeyBackspace}
		case "esc":
			msg = tea.KeyPressMsg{Code: tea.KeyEscape}
		case "ctrl+q":
			msg = tea.KeyPressMsg{Code: 'q', Mod: tea.ModCtrl}
		case "ctrl+r":
			msg = tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl}
		default:
			r := []rune(k)[0]
			msg = tea.KeyPressMsg{Code: r, Text: k}
		}
		run(a, msg)
	}
}

func typeText(a *App, s string) {
	for _, r := range s {
		run(a, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func shown(a *App) string { return ansi.Strip(a.View().Content) }

// Two keyers sign in; a ballot keyed alike twice is accepted; one keyed
// differently opens the reconcile screen, where the chief scrutineer takes
// a keying; the totals follow.
func TestTable_DoubleKeyingMatchAndReconcile(t *testing.T) {
	a, f := newTable(t)
	typeText(a, "王明")
	press(a, "tab")
	typeText(a, "李强")
	press(a, "enter")
	if s := shown(a); !strings.Contains(s, "The round's figures") || !strings.Contains(s, "✓ the vote stands") {
		t.Fatalf("after sign-in, the figures:\n%s", s)
	}
	press(a, "enter") // confirmed as they are
	if !strings.Contains(shown(a), "ballot 1 of 4 · first keying · 王明") {
		t.Fatalf("after the figures:\n%s", shown(a))
	}
	press(a, "1", "2", "enter")
	if !strings.Contains(shown(a), "ballot 1 of 4 · second keying · 李强") {
		t.Fatalf("second keying:\n%s", shown(a))
	}
	if strings.Contains(shown(a), "○ 甲") {
		t.Error("keyer B must not see keyer A's marks")
	}
	press(a, "1", "2", "enter")
	if s := shown(a); !strings.Contains(s, "ballot 1 accepted") || !strings.Contains(s, "accepted 1 of 4") {
		t.Fatalf("after a match:\n%s", s)
	}
	// Ballot 2: A marks 甲 and 乙, B marks 甲 and 丙.
	press(a, "1", "2", "enter", "1", "3", "enter")
	s := shown(a)
	if !strings.Contains(s, "ballot 2 · the keyings differ") || !strings.Contains(s, "◆ differs") {
		t.Fatalf("reconcile:\n%s", s)
	}
	press(a, "a")
	typeText(a, "张监")
	press(a, "enter")
	var st *store.BallotState
	f.View(func(s *store.State) { st = s.Open().Ballots[2] })
	if st.Status != store.BallotAccepted || st.By != "张监" || st.Decision != store.DecideTake1 {
		t.Errorf("ballot 2 %+v", st)
	}
	if !strings.Contains(shown(a), "ballot 3 of 4 · first keying · 王明") {
		t.Errorf("after the decision:\n%s", shown(a))
	}
}

// A half-keyed ballot is never lost to a stray quit.
func TestTable_QuitRefusedWithHalfKeyedBallot(t *testing.T) {
	a, _ := newTable(t)
	typeText(a, "王明")
	press(a, "tab")
	typeText(a, "李强")
	press(a, "enter", "enter", "1")
	_, cmd := a.Update(tea.KeyPressMsg{Code: 'q', Mod: tea.ModCtrl})
	if cmd != nil {
		t.Fatal("quit was allowed with a half-keyed ballot")
	}
	if !strings.Contains(shown(a), "half keyed") {
		t.Errorf("the refusal must be said:\n%s", shown(a))
	}
	if Filter(a, tea.QuitMsg{}) != nil {
		t.Error("the quit filter must hold a quit too")
	}
	press(a, "backspace")
	if _, cmd := a.Update(tea.KeyPressMsg{Code: 'q', Mod: tea.ModCtrl}); cmd == nil {
		t.Error("quit must work once the ballot is undone")
	}
}

// Figures entered at the table decide the vote: too few present, and the
// screen says the vote does not stand before a ballot is keyed; the
// figures are journalled with who entered them.
func TestTable_FiguresEnteredDecideTheVote(t *testing.T) {
	a, f := newTable(t)
	typeText(a, "王明")
	press(a, "tab")
	typeText(a, "李强")
	press(a, "enter", "tab", "backspace")
	typeText(a, "7")
	if s := shown(a); !strings.Contains(s, "✗ the vote stands") || !strings.Contains(s, "does not stand") {
		t.Fatalf("7 of 10 present:\n%s", s)
	}
	press(a, "enter")
	typeText(a, "张监")
	press(a, "enter")
	var got count.Figures
	f.View(func(s *store.State) { got = s.Open().Spec.Figures })
	if got.Present != 7 {
		t.Errorf("figures %+v", got)
	}
}
