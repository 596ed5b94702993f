// Package keymap holds every key of the counting table, each with its help
// in the table's language.
package keymap

import "charm.land/bubbles/v2/key"

// KeyMap is every binding, grouped by where it acts.
type KeyMap struct {
	// Entry: keying a ballot.
	Digits    key.Binding
	NumberEnd key.Binding
	Against   key.Binding
	Search    key.Binding
	WriteIn   key.Binding
	Blank     key.Binding
	Invalid   key.Binding
	Undo      key.Binding
	Submit    key.Binding
	Section   key.Binding
	JoinRank  key.Binding
	SkipRank  key.Binding
	StackDone key.Binding
	// Reconcile: settling keyings that differ.
	TakeA   key.Binding
	TakeB   key.Binding
	TakeC   key.Binding
	Third   key.Binding
	Rekey   key.Binding
	Later   key.Binding
	Confirm key.Binding
	Cancel  key.Binding
	Next    key.Binding
	// Everywhere.
	Help        key.Binding
	Scrutineers key.Binding
	Export      key.Binding
	CloseRound  key.Binding
	Disputes    key.Binding
	Void        key.Binding
	Quit        key.Binding
}

// Default returns a fresh key map, its help in Chinese when zh is set.
func Default(zh bool) KeyMap {
	b := func(keys []string, help, en, cn string) key.Binding {
		desc := en
		if zh {
			desc = cn
		}
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Digits:    b([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"}, "1-9", "for", "赞成"),
		NumberEnd: b([]string{"space"}, "␣", "ends a number (12␣)", "结束编号（12␣）"),
		Against:   b([]string{"-"}, "-N", "against", "反对"),
		Search:    b([]string{"/"}, "/", "find by name", "按姓名查找"),
		WriteIn:   b([]string{"w"}, "w", "write-in", "另选他人"),
		Blank:     b([]string{"b"}, "b", "blank", "空白票"),
		Invalid:   b([]string{"i"}, "i", "invalid…", "无效票…"),
		Undo:      b([]string{"backspace"}, "⌫", "undo", "撤销"),
		Submit:    b([]string{"enter"}, "⏎", "done", "录完"),
		Section:   b([]string{"tab"}, "tab", "next office", "下一职务"),
		JoinRank:  b([]string{"="}, "=N", "same rank", "同一顺位"),
		SkipRank:  b([]string{"_"}, "_", "skipped rank", "空缺顺位"),
		StackDone: b([]string{"ctrl+n"}, "ctrl+n", "stack done: B re-keys it", "本叠录完，B 复录"),

		TakeA:   b([]string{"a"}, "a", "take keying A", "采用 A"),
		TakeB:   b([]string{"b"}, "b", "take keying B", "采用 B"),
		TakeC:   b([]string{"c"}, "c", "take keying C", "采用 C"),
		Third:   b([]string{"k"}, "k", "key it a third time", "第三次录入"),
		Rekey:   b([]string{"r"}, "r", "send back to its keyer", "退回原计票人重录"),
		Later:   b([]string{"esc"}, "esc", "later (disputed)", "稍后（存疑）"),
		Confirm: b([]string{"enter"}, "⏎", "confirm", "确认"),
		Cancel:  b([]string{"esc"}, "esc", "cancel", "取消"),
		Next:    b([]string{"tab"}, "tab", "next field", "下一栏"),

		Help:        b([]string{"?"}, "?", "help", "帮助"),
		Scrutineers: b([]string{"ctrl+s"}, "ctrl+s", "scrutineers' screen", "监票屏"),
		Export:      b([]string{"ctrl+e"}, "ctrl+e", "export", "导出"),
		CloseRound:  b([]string{"ctrl+r"}, "ctrl+r", "close the round", "结束本轮"),
		Disputes:    b([]string{"ctrl+d"}, "ctrl+d", "disputed ballots", "存疑选票"),
		Void:        b([]string{"ctrl+v"}, "ctrl+v", "void an accepted ballot", "作废已确认的选票"),
		Quit:        b([]string{"ctrl+q", "ctrl+c"}, "ctrl+q", "quit", "退出"),
	}
}
