package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// helpScreen lists every key of the table, by where it acts; on a small
// window it scrolls.
type helpScreen struct{ text scrollText }

func (h *helpScreen) update(a *App, msg tea.KeyPressMsg) tea.Cmd {
	h.text.lines = h.lines(a)
	if h.text.key(msg, a.bodyHeight-2) {
		return nil
	}
	a.screen = a.prev
	return nil
}

func (h *helpScreen) lines(a *App) []string {
	k := a.keys
	groups := []struct {
		title string
		keys  []key.Binding
	}{
		{a.t("Keying a ballot", "录入选票"), []key.Binding{k.Digits, k.NumberEnd, k.Against, k.Search, k.WriteIn, k.Blank, k.Invalid, k.Undo, k.Submit, k.Section, k.JoinRank, k.SkipRank, k.StackDone}},
		{a.t("Keyings that differ", "录入不一致"), []key.Binding{k.TakeA, k.TakeB, k.TakeC, k.Third, k.Rekey, k.Later}},
		{a.t("From the paper", "在录入界面"), []key.Binding{k.Disputes, k.Void, k.CloseRound}},
		{a.t("Anywhere", "任何时候"), []key.Binding{k.Scrutineers, k.Export, k.Help, k.Quit}},
	}
	var cols []string
	for _, g := range groups {
		var b strings.Builder
		b.WriteString(a.theme.Title.Render(g.title) + "\n")
		for _, x := range g.keys {
			hl := x.Help()
			fmt.Fprintf(&b, "%s %s\n", pad(a.theme.Key.Render(hl.Key), 7), hl.Desc)
		}
		cols = append(cols, strings.TrimRight(b.String(), "\n"))
	}
	// Side by side when the window is wide enough: the first group, then
	// the other three one under another.
	right := strings.Join(cols[1:], "\n\n")
	body := cols[0] + "\n\n" + right
	if side := lipgloss.JoinHorizontal(lipgloss.Top, cols[0], "     ", right); lipgloss.Width(side)+4 <= a.width {
		body = side
	}
	body += "\n\n" + a.t("A half-keyed ballot holds quitting until it is finished (⏎) or undone (⌫).", "有录了一半的选票时不能退出：请录完（⏎）或撤销（⌫）。")
	body += "\n" + a.t("any other key returns", "按其他任意键返回")
	return strings.Split(body, "\n")
}

func (h *helpScreen) view(a *App) string {
	h.text.lines = h.lines(a)
	return a.box(h.text.view(a, a.bodyHeight-2))
}

func (h *helpScreen) help(a *App) []key.Binding { return nil }
