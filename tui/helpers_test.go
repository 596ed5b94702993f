package tui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"tally/examples"
	"tally/store"
)

// Elections the table is tested on.
const (
	// tableElection: a party branch's members, 3 for 2, nine papers.
	tableElection = `title = "红星村支部委员会选举"
preset = "party"
ballot = "marked"
[electorate]
entitled = 10
present = 9
issued = 9
returned = 9
[[offices]]
name = "委员"
seats = 2
candidates = ["甲", "乙", "丙"]
`
	// rankedElection: a club chair by instant run-off; a tie that the
	// earlier rounds cannot settle goes to lots drawn at the table.
	rankedElection = `title = "Riverside Rowing Club: chair"
lang = "en"
ballot = "ranked"
[electorate]
issued = 4
returned = 4
[ranked]
method = "irv"
tie = "lots"
[[offices]]
name = "Chair"
seats = 1
candidates = ["Alice Brown", "Ben Carter", "Chloe Davis"]
`
	// combinedElection: a village committee's three offices on one paper,
	// counted together (a vote for a chair counts for deputy and member).
	combinedElection = `title = "松溪村第十二届村民委员会选举"
preset = "village"
ballot = "marked"
[electorate]
registered = 300
voted = 240
issued = 240
returned = 240
[[offices]]
name = "主任"
seats = 1
candidates = ["张建国", "李明"]
[[offices]]
name = "副主任"
seats = 1
candidates = ["王芳", "赵磊"]
[[offices]]
name = "委员"
seats = 2
candidates = ["刘军", "杨丽", "陈红"]
[[papers]]
name = "村民委员会"
offices = ["主任", "副主任", "委员"]
combined = true
`
	// longElection: a plurality committee with twelve names, for numbers
	// of two digits and the search.
	longElection = `title = "Harbour Residents' Association: committee"
lang = "en"
preset = "plurality"
ballot = "choice"
[electorate]
issued = 3
returned = 3
[[offices]]
name = "Committee"
seats = 3
candidates = ["Ann Ash", "Bo Birch", "Cy Cedar", "Di Dogwood", "Ed Elm", "Flo Fir", "Gus Gum", "Hal Hazel", "Ida Ivy", "Jo Juniper", "Kit Kauri", "Lou Larch"]
`
)

// fixedNow is the clock of every screen under test.
var fixedNow = time.Date(2026, 11, 21, 14, 32, 5, 0, time.Local)

// newTableOn opens the table on a fresh count file of election, keyed in
// mode, in Chinese when zh is set, at 120 by 40.
func newTableOn(t testing.TB, election, mode string, zh bool) (*App, *store.CountFile) {
	t.Helper()
	return newTableWith(t, election, mode, zh, store.Options{BackupEvery: -1})
}

// newTableWith is newTableOn with the count file's options (its rules).
func newTableWith(t testing.TB, election, mode string, zh bool, opts store.Options) (*App, *store.CountFile) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.tally")
	f, err := store.Create(path, []byte(election), mode, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	a := New(f, zh)
	a.now = func() time.Time { return fixedNow }
	a.tick = func() tea.Cmd { return nil }
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return a, f
}

func newTable(t testing.TB) (*App, *store.CountFile) {
	return newTableOn(t, tableElection, store.KeyingDouble, false)
}

// demoTable is the built-in demo election, in Chinese.
func demoTable(t testing.TB) (*App, *store.CountFile) {
	data, err := examples.FS.ReadFile(examples.DemoTable)
	if err != nil {
		t.Fatal(err)
	}
	return newTableOn(t, string(data), store.KeyingDouble, true)
}

// run feeds a message and runs the commands it returns, as the program
// would (store writes come back as messages; the live feed and the clock
// are left out).
func run(a *App, msg tea.Msg) {
	_, cmd := a.Update(msg)
	runCmd(a, cmd)
}

func runCmd(a *App, cmd tea.Cmd) {
	for cmd != nil {
		m := cmd()
		switch m := m.(type) {
		case nil, storeMsg, tickMsg:
			return
		case tea.BatchMsg:
			for _, c := range m {
				runCmd(a, c)
			}
			return
		}
		if _, ok := m.(tea.QuitMsg); ok {
			return
		}
		_, cmd = a.Update(m)
	}
}

// keyMsg turns "enter", "ctrl+r", "space" or a character into a key press.
func keyMsg(k string) tea.KeyPressMsg {
	named := map[string]rune{"enter": tea.KeyEnter, "tab": tea.KeyTab, "backspace": tea.KeyBackspace,
		"esc": tea.KeyEscape, "space": tea.KeySpace, "up": tea.KeyUp, "down": tea.KeyDown, "pgdown": tea.KeyPgDown,
		"left": tea.KeyLeft, "right": tea.KeyRight}
	if c, ok := named[k]; ok {
		msg := tea.KeyPressMsg{Code: c}
		if k == "space" {
			msg.Text = " "
		}
		return msg
	}
	if rest, ok := strings.CutPrefix(k, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: []rune(rest)[0], Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

func press(a *App, keys ...string) {
	for _, k := range keys {
		run(a, keyMsg(k))
	}
}

func typeText(a *App, s string) {
	for _, r := range s {
		run(a, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func shown(a *App) string { return ansi.Strip(a.View().Content) }

// signInBoth signs in 王明 and 李强 and confirms the figures as they are.
func signInBoth(a *App) {
	typeText(a, "王明")
	press(a, "tab")
	typeText(a, "李强")
	press(a, "enter", "enter")
}

// keyBoth keys one paper twice, alike: keyer A, then keyer B.
func keyBoth(a *App, keys ...string) {
	press(a, keys...)
	press(a, "enter")
	press(a, keys...)
	press(a, "enter")
}

// mustShow fails unless every text is on the screen.
func mustShow(t *testing.T, a *App, texts ...string) {
	t.Helper()
	s := shown(a)
	for _, want := range texts {
		if !strings.Contains(s, want) {
			t.Fatalf("the screen lacks %q:\n%s", want, s)
		}
	}
}

// ballotOf reads a ballot's state in the open round.
func ballotOf(f *store.CountFile, n int) *store.BallotState {
	var b *store.BallotState
	f.View(func(s *store.State) {
		if r := s.Open(); r != nil {
			b = r.Ballots[n]
		}
	})
	return b
}
