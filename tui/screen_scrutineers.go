package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"tally/count"
	"tally/store"
)

// tickMsg moves the scrutineers' clock on.
type tickMsg time.Time

func tickCmd() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// scrutineersScreen is read only: large totals, the last ballots accepted
// as keyed, the disputes, the ballot account and the round's status.
// Nothing on it changes the count: every key but its own toggle and quit
// is ignored.
type scrutineersScreen struct{}

func (s *scrutineersScreen) update(a *App, msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() == "esc" && a.prev != nil {
		a.screen, a.prev = a.prev, nil
	}
	return nil
}

func (s *scrutineersScreen) help(a *App) []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", a.t("back to the table", "返回计票台")))}
}

func (s *scrutineersScreen) view(a *App) string {
	return scrutineersView(a, a.width, a.bodyHeight)
}

// scrutineersView draws the observers' screen in w by h cells: big
// figures when the list is short enough, plain rows when it is not.
func scrutineersView(a *App, w, h int) string {
	t := a.totals
	if t == nil || t.result == nil {
		msg := a.t("No round is open", "没有进行中的轮次")
		if t != nil && t.err != nil {
			msg = "✗ " + a.errText(t.err)
		}
		return a.theme.Border.Width(w).Render(msg)
	}
	var out []string
	status := a.t("keying", "录入中")
	switch {
	case t.result.Void:
		status = a.t("the vote does not stand", "选举无效")
	case t.pending+t.disputed == 0 && t.remaining == 0:
		status = a.t("every paper accepted: ready to close", "全部选票已确认：可结束本轮")
	}
	// With no returned figure (a plurality count without one) there is
	// no "of": the accepted papers alone.
	head := fmt.Sprintf(a.t("round %d · accepted %d · %s", "第%d轮 · 已确认 %d 张 · %s"), t.round, t.accepted, status)
	if t.returned > 0 {
		head = fmt.Sprintf(a.t("round %d · accepted %d of %d · %s", "第%d轮 · 已确认 %d / %d 张 · %s"), t.round, t.accepted, t.returned, status)
	}
	clock := a.now().Format("15:04:05")
	out = append(out, a.theme.Title.Render(head)+strings.Repeat(" ", max(1, w-lipgloss.Width(head)-len(clock)))+clock)

	var foot []string
	if len(t.last) > 0 {
		var last []string
		for _, b := range t.last {
			last = append(last, describeBallot(a, &t.spec, b))
		}
		foot = append(foot, ansi.Truncate(a.t("last accepted: ", "最近确认：")+strings.Join(last, "   "), w, "…"))
	}
	bc := t.result.Ballots
	acct := fmt.Sprintf(a.t("returned %d · accepted %d · valid %d · blank %d · invalid %d", "收回 %d · 已确认 %d · 有效 %d · 空白 %d · 无效 %d"),
		t.returned, t.accepted, bc.Valid, bc.Blank, bc.Invalid)
	for _, rc := range bc.ByReason {
		acct += fmt.Sprintf(" (%s %d)", reasonText(a, rc.Reason), rc.Count)
	}
	foot = append(foot, ansi.Truncate(acct, w, "…"))
	numbers := func(ns []int) string {
		var out []string
		for _, n := range ns[:min(len(ns), 12)] {
			out = append(out, "#"+strconv.Itoa(n))
		}
		if len(ns) > 12 {
			out = append(out, "…")
		}
		return strings.Join(out, " ")
	}
	dis := fmt.Sprintf(a.t("pending %d", "待第二次录入 %d"), t.pending)
	if t.pending > 0 {
		dis += a.t(": ", "：") + numbers(t.pendingNumbers)
	}
	dis += fmt.Sprintf(a.t(" · disputed %d", " · 存疑 %d"), t.disputed)
	if t.disputed > 0 {
		dis = a.theme.Warning.Render("◆ " + dis + a.t(": ", "：") + numbers(t.disputedNumbers))
	}
	if t.mode == store.KeyingSingle {
		dis += a.t(" · keyed once (the round allows it)", " · 本轮只录入一次（按本轮设定）")
	}
	foot = append(foot, ansi.Truncate(dis, w, "…"))

	secs := t.result.Sections
	out = append(out, stack(len(secs), h-len(out)-len(foot)-1, func(i, rows int) []string {
		return bigSection(a, &secs[i], w, rows, len(secs) > 1)
	})...)
	out = append(out, "")
	out = append(out, foot...)
	return strings.Join(out, "\n")
}

// bigSection is one office on the scrutineers' screen, leaders first:
// three-line figures when every candidate fits, one line each otherwise.
func bigSection(a *App, sec *count.SectionResult, w, rows int, office bool) []string {
	t := a.totals
	var out []string
	title := ""
	if office {
		title = sec.Office + " · "
	}
	if th := sec.Threshold; th != nil {
		title += fmt.Sprintf(a.t("need %d (%s %s of %d %s)", "当选需 %d 票（%s%s × %d %s）"), th.Need, compareWord(a, th.Compare), th.Fraction, th.BaseValue, baseWord(a, th.Base))
	} else if sec.Ranked != nil {
		title += a.t("first preferences", "第一顺位票数")
	}
	if title != "" {
		out = append(out, a.theme.Muted.Render(title))
	}
	cands := slices.Clone(sec.Candidates)
	slices.SortStableFunc(cands, func(x, y count.CandidateResult) int { return y.Votes - x.Votes })
	nameW := 4
	for _, c := range cands {
		nameW = max(nameW, lipgloss.Width(displayName(a, c)))
	}
	nameW = min(nameW, 20)
	top, need := 1, 0
	if sec.Threshold != nil {
		top, need = sec.Threshold.Need, sec.Threshold.Need
	}
	for _, c := range cands {
		top = max(top, c.Votes)
	}
	stateW := 16
	room := rows - len(out)
	big := 3*len(cands) <= room && w >= 60
	if !big && len(cands) > room {
		cands = cands[:max(0, room-1)]
		defer func() {
			out = append(out, a.theme.Muted.Render(fmt.Sprintf(a.t("… %d more: the entry screen lists them", "… 另有 %d 人"), len(sec.Candidates)-len(cands))))
		}()
	}
	for _, c := range cands {
		state := ""
		if !c.WriteIn {
			state = chanceWord(a, t.chances[sec.Office+"\x00"+c.Name])
		}
		name := pad(ansi.Truncate(displayName(a, c), nameW, "…"), nameW)
		if !big {
			barW := max(0, w-nameW-stateW-9)
			out = append(out, name+" "+bar(c.Votes, top, need, barW)+fmt.Sprintf(" %5d  ", c.Votes)+state)
			continue
		}
		digits := bigNumber(c.Votes)
		barW := max(0, w-nameW-lipgloss.Width(digits[0])-stateW-6)
		out = append(out,
			pad("", nameW)+" "+strings.Repeat(" ", barW)+"  "+digits[0],
			name+" "+bar(c.Votes, top, need, barW)+"  "+digits[1]+"  "+state,
			pad("", nameW)+" "+strings.Repeat(" ", barW)+"  "+digits[2])
	}
	return out
}

// bigDigits are the figures 0-9 three lines high, legible from across a
// room.
var bigDigits = [10][3]string{
	{"█▀█", "█ █", "▀▀▀"},
	{" ▀█", "  █", "  ▀"},
	{"▀▀█", "█▀▀", "▀▀▀"},
	{"▀▀█", " ▀█", "▀▀▀"},
	{"█ █", "▀▀█", "  ▀"},
	{"█▀▀", "▀▀█", "▀▀▀"},
	{"█▀▀", "█▀█", "▀▀▀"},
	{"▀▀█", "  █", "  ▀"},
	{"█▀█", "█▀█", "▀▀▀"},
	{"█▀█", "▀▀█", "▀▀▀"},
}

// bigNumber renders n in big digits, right-aligned to four figures.
func bigNumber(n int) [3]string {
	s := fmt.Sprintf("%4d", n)
	var out [3]string
	for _, r := range s {
		for i := range out {
			if r == ' ' {
				out[i] += "    "
			} else {
				out[i] += bigDigits[r-'0'][i] + " "
			}
		}
	}
	return out
}
