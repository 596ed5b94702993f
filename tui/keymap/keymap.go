// Package keymap holds every key of the counting table, each with its help.
package keymap

import "charm.land/bubbles/v2/key"

// KeyMap is every binding, grouped by where it acts.
type KeyMap struct {
	// Entry: keying a ballot.
	Against  key.Binding
	WriteIn  key.Binding
	Blank    key.Binding
	Invalid  key.Binding
	Undo     key.Binding
	Submit   key.Binding
	Section  key.Binding
	JoinRank key.Binding
	SkipRank key.Binding
	Digits   key.Binding
	// Reconcile: settling keyings that differ.
	TakeA   key.Binding
	TakeB   key.Binding
	Rekey   key.Binding
	Third   key.Binding
	Later   key.Binding
	Confirm key.Binding
	Cancel  key.Binding
	// Everywhere.
	Help        key.Binding
	Scrutineers key.Binding
	CloseRound  key.Binding
	Disputes    key.Binding
	Void        key.Binding
	Quit        key.Binding
}

// Default returns a fresh key map.
func Default() KeyMap {
	b := func(keys []string, help, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Digits:   b([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"}, "1-9", "for"),
		Against:  b([]string{"-"}, "-N", "against"),
		WriteIn:  b([]string{"w"}, "w", "write-in"),
		Blank:    b([]string{"b"}, "b", "blank"),
		Invalid:  b([]string{"i"}, "i", "invalid…"),
		Undo:     b([]string{"backspace"}, "⌫", "undo"),
		Submit:   b([]string{"enter"}, "⏎", "done"),
		Section:  b([]string{"tab"}, "tab", "next office"),
		JoinRank: b([]string{"="}, "=N", "same rank"),
		SkipRank: b([]string{"_"}, "_", "skipped rank"),

		TakeA:   b([]string{"a"}, "a", "take keying A"),
		TakeB:   b([]string{"b"}, "b", "take keying B"),
		Third:   b([]string{"k"}, "k", "key it a third time"),
		Rekey:   b([]string{"r"}, "r", "back to a keyer"),
		Later:   b([]string{"esc"}, "esc", "later (disputed)"),
		Confirm: b([]string{"enter"}, "⏎", "confirm"),
		Cancel:  b([]string{"esc"}, "esc", "cancel"),

		Help:        b([]string{"?"}, "?", "help"),
		Scrutineers: b([]string{"ctrl+s"}, "ctrl+s", "scrutineers' screen"),
		CloseRound:  b([]string{"ctrl+r"}, "ctrl+r", "close the round"),
		Disputes:    b([]string{"ctrl+d"}, "ctrl+d", "disputed ballots"),
		Void:        b([]string{"ctrl+v"}, "ctrl+v", "void an accepted ballot"),
		Quit:        b([]string{"ctrl+q", "ctrl+c"}, "ctrl+q", "quit"),
	}
}
