package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"tally/store"
)

// Every screen of the table, in English and in Chinese, is pinned by a
// golden file of what the people at the table see (go test ./tui -update
// rewrites them after a deliberate change; review the diff).
func TestScreens_Golden(t *testing.T) {
	type screenCase struct {
		name, election, mode string
		setup                func(a *App)
	}
	names := func(a *App) {
		typeText(a, "王明")
		press(a, "tab")
		typeText(a, "李强")
	}
	dispute := func(a *App) {
		signInBoth(a)
		keyBoth(a, "1", "2")
		press(a, "1", "2", "enter", "1", "-", "3", "enter")
	}
	ranked := func(a *App) {
		typeText(a, "Ann")
		press(a, "enter", "enter")
	}
	rankedTie := func(a *App) {
		ranked(a)
		for _, p := range [][]string{{"2", "1", "=", "3"}, {"1", "2"}, {"3", "1"}, {"1"}} {
			press(a, p...)
			press(a, "enter")
		}
		press(a, "ctrl+r")
	}
	cases := []screenCase{
		{"signin", tableElection, store.KeyingDouble, func(a *App) { names(a) }},
		{"signin-batch", tableElection, store.KeyingDouble, func(a *App) { names(a); press(a, "ctrl+b") }},
		{"signin-single", longElection, store.KeyingSingle, func(a *App) {}},
		{"figures", tableElection, store.KeyingDouble, func(a *App) { names(a); press(a, "enter") }},
		{"figures-void", tableElection, store.KeyingDouble, func(a *App) {
			names(a)
			press(a, "enter", "tab", "backspace")
			typeText(a, "7")
		}},
		{"entry-first", tableElection, store.KeyingDouble, signInBoth},
		{"entry-over-vote", tableElection, store.KeyingDouble, func(a *App) {
			signInBoth(a)
			keyBoth(a, "1", "2")
			keyBoth(a, "1", "-", "3")
			press(a, "1", "2", "3")
		}},
		{"entry-write-in", tableElection, store.KeyingDouble, func(a *App) {
			signInBoth(a)
			keyBoth(a, "1", "w", "刘", "强", "enter")
			press(a, "w")
			typeText(a, "刘")
		}},
		{"entry-invalid-reasons", tableElection, store.KeyingDouble, func(a *App) { signInBoth(a); press(a, "i") }},
		{"entry-ranked", rankedElection, store.KeyingSingle, func(a *App) { ranked(a); press(a, "2", "_", "1", "=", "3") }},
		{"entry-long-list", longElection, store.KeyingSingle, func(a *App) {
			a.Update(tea.WindowSizeMsg{Width: 100, Height: 16})
			typeText(a, "Ann")
			press(a, "enter", "enter", "1", "1", "space", "/")
			typeText(a, "l")
		}},
		{"entry-narrow", tableElection, store.KeyingDouble, func(a *App) {
			a.Update(tea.WindowSizeMsg{Width: 72, Height: 30})
			signInBoth(a)
			press(a, "1")
		}},
		{"entry-combined-paper", combinedElection, store.KeyingDouble, func(a *App) {
			signInBoth(a)
			keyBoth(a, "1", "tab", "2", "tab", "1", "3")
			press(a, "2", "tab", "1", "tab", "-", "1")
		}},
		{"reconcile", tableElection, store.KeyingDouble, dispute},
		{"reconcile-naming", tableElection, store.KeyingDouble, func(a *App) { dispute(a); press(a, "b") }},
		{"scrutineers", tableElection, store.KeyingDouble, func(a *App) { dispute(a); press(a, "esc", "ctrl+s") }},
		{"scrutineers-long", longElection, store.KeyingSingle, func(a *App) {
			typeText(a, "Ann")
			press(a, "enter", "enter", "1", "1", "2", "enter", "2", "1", "1", "space", "enter", "ctrl+s")
		}},
		{"help", tableElection, store.KeyingDouble, func(a *App) { signInBoth(a); press(a, "?") }},
		{"help-small-window", tableElection, store.KeyingDouble, func(a *App) {
			a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
			signInBoth(a)
			press(a, "?", "pgdown")
		}},
		{"close-incomplete", tableElection, store.KeyingDouble, func(a *App) {
			signInBoth(a)
			keyBoth(a, "1", "2")
			press(a, "ctrl+r", "enter")
			typeText(a, "张监")
		}},
		{"result", tableElection, store.KeyingDouble, func(a *App) {
			signInBoth(a)
			keyBoth(a, "1", "2")
			press(a, "ctrl+r", "enter")
			typeText(a, "张监")
			press(a, "tab")
			typeText(a, "three papers spoiled")
			press(a, "enter")
		}},
		{"void", tableElection, store.KeyingDouble, func(a *App) {
			signInBoth(a)
			keyBoth(a, "1", "2")
			press(a, "ctrl+v", "1", "tab")
		}},
		{"lots", rankedElection, store.KeyingSingle, rankedTie},
		{"fatal", tableElection, store.KeyingDouble, func(a *App) {
			signInBoth(a)
			a.count = failing{a.count, &store.CountError{Path: "t.tally", Kind: store.ErrFull, Msg: "cannot grow: no space left on device"}}
			press(a, "1", "enter")
		}},
	}
	for _, c := range cases {
		for _, lang := range []string{"en", "zh"} {
			t.Run(c.name+"-"+lang, func(t *testing.T) {
				a, _ := newTableOn(t, c.election, c.mode, lang == "zh")
				c.setup(a)
				golden.RequireEqual(t, shown(a))
			})
		}
	}
}

// An election with no round open shows every result on opening.
func TestScreens_DecidedElection(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			a, f := newTableOn(t, rankedElection, store.KeyingSingle, lang == "zh")
			typeText(a, "Ann")
			press(a, "enter", "enter", "1", "enter", "1", "enter", "2", "enter", "1", "enter", "ctrl+r", "enter")
			typeText(a, "Zoe")
			press(a, "enter")
			b := New(f, lang == "zh")
			b.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
			golden.RequireEqual(t, shown(b))
		})
	}
}

// The screens of a count file that follows roles, in both languages:
// keyers sign in with PINs, the keyboard passes with one, the chief's act
// is signed and confirmed, a third keyer is asked for.
func TestScreens_GoldenRoles(t *testing.T) {
	names := func(a *App) {
		typeText(a, "王明")
		press(a, "tab")
		typeText(a, "1111")
		press(a, "tab")
		typeText(a, "李强")
		press(a, "tab")
		typeText(a, "22")
	}
	dispute := func(a *App) {
		signInWithPINs(a)
		press(a, "1", "2", "enter", "1", "enter", "ctrl+n")
	}
	cases := []struct {
		name  string
		setup func(a *App)
	}{
		{"roles-signin", names},
		{"roles-pass", func(a *App) { dispute(a); typeText(a, "22") }},
		{"roles-sign", func(a *App) {
			dispute(a)
			typeText(a, "2222")
			press(a, "enter", "1", "2", "enter", "1", "3", "enter", "a")
			typeText(a, "张监")
			press(a, "enter")
			typeText(a, "4444")
			press(a, "tab")
			typeText(a, "刘芳")
		}},
		{"roles-third-keyer", func(a *App) {
			dispute(a)
			typeText(a, "2222")
			press(a, "enter", "1", "2", "enter", "1", "3", "enter", "k")
			typeText(a, "赵三")
		}},
	}
	for _, c := range cases {
		for _, lang := range []string{"en", "zh"} {
			t.Run(c.name+"-"+lang, func(t *testing.T) {
				a, _ := rolesTable(t, lang == "zh")
				c.setup(a)
				golden.RequireEqual(t, shown(a))
			})
		}
	}
}
