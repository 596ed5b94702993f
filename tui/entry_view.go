package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"tally/count"
	"tally/report"
	"tally/store"
)

// view sets the paper beside the running totals; on a narrow window the
// totals go below.
func (e *entryScreen) view(a *App) string {
	h := a.bodyHeight
	if a.width < 90 {
		paper := e.paperView(a, a.width, h*2/3)
		return paper + "\n" + totalsView(a, a.width, h-lipgloss.Height(paper))
	}
	left := min(max(44, a.width*9/20), 70)
	return lipgloss.JoinHorizontal(lipgloss.Top, e.paperView(a, left, h), " ", totalsView(a, a.width-left-1, h))
}

// passView asks the PIN of the keyer the keyboard passes to, where the
// paper is drawn: the totals stay in view.
func (e *entryScreen) passView(a *App, w int) string {
	var b strings.Builder
	b.WriteString(a.theme.Title.Render(fmt.Sprintf(a.t("The keyboard passes to %s", "键盘交给 %s"), e.keyer)) + "\n")
	b.WriteString(ansi.Wrap(fmt.Sprintf(a.t("%s gives their PIN before keying ballot %d (keying %d).", "%s 输入 PIN 后录入第%d张（第%d次录入）。"), e.keyer, e.number, e.keying), w-4, " ") + "\n\n")
	b.WriteString("▸ " + pad("PIN", 8) + " " + pinMask(e.pass.value) + "▏")
	return a.theme.Border.Width(w).Render(b.String())
}

// paperView draws the ballot as the paper looks, with the marks keyed, in
// a panel w cells wide and at most h lines high: a long list scrolls to
// the candidate last marked.
func (e *entryScreen) paperView(a *App, w, h int) string {
	if e.pass != nil {
		return e.passView(a, w)
	}
	d := e.draft
	inner := w - 4
	head := fmt.Sprintf(a.t("ballot %d", "第%d张"), e.number)
	if e.of > 0 {
		head = fmt.Sprintf(a.t("ballot %d of %d", "第%d张（共%d张）"), e.number, e.of)
	}
	keying := [4]string{"", a.t("first keying", "第一次录入"), a.t("second keying", "第二次录入"), a.t("third keying", "第三次录入")}
	if a.totals != nil && a.totals.mode == store.KeyingSingle {
		keying[1] = a.t("keyed once (single keying)", "只录入一次（单人录入）")
	}
	head += " · " + keying[min(e.keying, 3)] + " · " + e.keyer
	var foot []string
	s := &d.sections[d.cur]
	for _, wi := range s.writeIns {
		foot = append(foot, fmt.Sprintf("    %s %s %s", a.theme.Success.Render("○"), wi, a.theme.Muted.Render(a.t("(write-in)", "（另选他人）"))))
	}
	foot = append(foot, strings.Split(e.sectionLine(a, s, inner), "\n")...)
	switch {
	case d.blank:
		foot = append(foot, a.theme.Warning.Render(a.t("▸ blank ballot: valid, abstains on everyone", "▸ 空白票：有效，对所有人弃权")))
	case d.invalid != count.ReasonNone:
		why := reasonText(a, d.invalid)
		if d.note != "" {
			why += a.t(": ", "：") + d.note
		}
		foot = append(foot, a.theme.Warning.Render(a.t("▸ invalid: ", "▸ 无效票：")+why))
	}
	foot = append(foot, e.prompt(a, inner)...)

	var body []string
	body = append(body, a.theme.Title.Render(head))
	if e.of > 0 && e.number > e.of && e.keying == 1 && !e.draft.Touched() {
		body = append(body, a.theme.Warning.Render(ansi.Wrap(fmt.Sprintf(a.t("⚠ all %d papers returned are keyed: ctrl+r closes the round (a paper beyond the figure is noted at the close)",
			"⚠ 收回的 %d 张选票已全部录入：ctrl+r 结束本轮（超出收回数的选票会在结束时注明）"), e.of), inner, "")))
	}
	if e.voided != "" {
		body = append(body, a.theme.Warning.Render(ansi.Truncate(fmt.Sprintf(a.t("voided (%s): keyed again", "已作废（%s）：重新录入"), e.voided), inner, "…")))
	}
	for i := range d.sections {
		if i != d.cur {
			body = append(body, a.theme.Muted.Render("  "+d.sections[i].office+"  "+sectionSummary(&d.sections[i])))
		} else if len(d.sections) > 1 {
			body = append(body, a.theme.Title.Render("▸ "+s.office))
		}
	}
	rows := max(3, h-2-len(body)-len(foot))
	body = append(body, e.candidateRows(a, s, inner, rows)...)
	body = append(body, foot...)
	return a.theme.Border.Width(w).Render(strings.Join(body, "\n"))
}

// candidateRows lists the section's candidates with their marks, at most
// rows lines, the window around the candidate last marked.
func (e *entryScreen) candidateRows(a *App, s *sectionDraft, inner, rows int) []string {
	n := len(s.candidates)
	from, to := 0, n
	if n > rows {
		shown := rows - 2 // the "more above / below" lines
		from = min(max(0, e.draft.focus-shown/2), n-shown)
		to = from + shown
	}
	nameW := 4
	for _, c := range s.candidates[from:to] {
		nameW = max(nameW, lipgloss.Width(c))
	}
	nameW = min(nameW, max(8, inner-18))
	var out []string
	if from > 0 {
		out = append(out, a.theme.Muted.Render(fmt.Sprintf(a.t("    ↑ %d more", "    ↑ 还有 %d 人"), from)))
	}
	for j := from; j < to; j++ {
		m := ""
		switch s.marks[j] {
		case markFor:
			m = a.theme.Success.Render("○ " + a.t("for", "赞成"))
		case markAgainst:
			m = a.theme.Error.Render("× " + a.t("against", "反对"))
		}
		for k, r := range s.ranks {
			if slices.Contains(r, j) {
				m = a.theme.Success.Render(fmt.Sprintf(a.t("rank %d", "第%d顺位"), k+1))
				if len(r) > 1 {
					m += a.theme.Warning.Render(a.t(" (shared)", "（并列）"))
				}
			}
		}
		out = append(out, fmt.Sprintf("%3d %s  %s", j+1, pad(ansi.Truncate(s.candidates[j], nameW, "…"), nameW), m))
	}
	if to < n {
		out = append(out, a.theme.Muted.Render(fmt.Sprintf(a.t("    ↓ %d more", "    ↓ 还有 %d 人"), n-to)))
	}
	return out
}

// sectionLine says how the section stands: the for-marks against the seats
// (an over-vote said before ⏎, while the paper is still up), or the ranks.
func (e *entryScreen) sectionLine(a *App, s *sectionDraft, inner int) string {
	if e.kind == count.BallotRanked {
		var parts []string
		for k, r := range s.ranks {
			var names []string
			for _, c := range r {
				names = append(names, s.candidates[c])
			}
			if len(names) == 0 {
				names = []string{a.t("(skipped)", "（空缺）")}
			}
			parts = append(parts, fmt.Sprintf("%d %s", k+1, strings.Join(names, "=")))
		}
		if len(parts) == 0 {
			return a.theme.Muted.Render(a.t("    no rank keyed yet", "    尚未录入顺位"))
		}
		return "    " + strings.Join(report.Wrap(parts, " · ", inner-4), "\n    ")
	}
	if s.overVote() {
		return "    " + a.theme.Warning.Render(fmt.Sprintf(a.t("⚠ %d for-marks > %d seats → invalid (over-vote)", "⚠ 赞成 %d 人 > 应选 %d 人 → 无效（超选）"), s.fors(), s.maxFor))
	}
	if s.maxFor == 0 {
		return a.theme.Muted.Render(fmt.Sprintf(a.t("    for %d", "    赞成 %d 人"), s.fors()))
	}
	return a.theme.Muted.Render(fmt.Sprintf(a.t("    for %d of %d · valid", "    赞成 %d 人 / 应选 %d 人 · 有效"), s.fors(), s.maxFor))
}

// sectionSummary is one line for an office's part of the paper not in
// focus: its marks by name.
func sectionSummary(s *sectionDraft) string {
	var parts []string
	for j, m := range s.marks {
		switch m {
		case markFor:
			parts = append(parts, "○"+s.candidates[j])
		case markAgainst:
			parts = append(parts, "×"+s.candidates[j])
		}
	}
	for _, w := range s.writeIns {
		parts = append(parts, "○"+w+"*")
	}
	for k, r := range s.ranks {
		var names []string
		for _, c := range r {
			names = append(names, s.candidates[c])
		}
		parts = append(parts, fmt.Sprintf("%d:%s", k+1, strings.Join(names, "=")))
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, " ")
}

// prompt is the open field or the number being typed, with its keys.
func (e *entryScreen) prompt(a *App, inner int) []string {
	mode := a.t("for", "赞成")
	switch {
	case e.kind == count.BallotRanked && e.join:
		mode = a.t("same rank as the last", "与上一顺位并列")
	case e.kind == count.BallotRanked:
		mode = a.t("next rank", "下一顺位")
	case e.against:
		mode = a.t("against", "反对")
	}
	switch {
	case e.writeIn != nil:
		out := []string{a.t("write-in: ", "另选他人：") + e.writeIn.value + "▏"}
		if m := matching(a.writeIns, e.writeIn.value); len(m) > 0 {
			out = append(out, a.theme.Muted.Render(ansi.Truncate(a.t("tab: ", "tab 填入：")+strings.Join(m, "、"), inner, "…")))
		}
		return append(out, a.theme.Muted.Render(a.t("⏎ add · esc cancel", "⏎ 添加 · esc 取消")))
	case e.search != nil:
		out := []string{fmt.Sprintf(a.t("find (%s): ", "查找（%s）："), mode) + e.search.value + "▏"}
		var hits []string
		for _, i := range e.searchHits() {
			hits = append(hits, fmt.Sprintf("%d %s", i+1, e.candidates()[i]))
		}
		if len(hits) > 0 {
			out = append(out, ansi.Truncate("→ "+strings.Join(hits, " · "), inner, "…"))
		}
		return append(out, a.theme.Muted.Render(a.t("⏎ marks the first · esc cancel", "⏎ 标记第一个 · esc 取消")))
	case e.note != nil:
		return []string{a.t("invalid because: ", "无效原因：") + e.note.value + "▏", a.theme.Muted.Render(a.t("⏎ done · esc cancel", "⏎ 确定 · esc 取消"))}
	case e.picking:
		var rs []string
		for _, r := range []count.Reason{count.ReasonOverVote, count.ReasonIdentifyingMark, count.ReasonUnreadable, count.ReasonTwoOffices, count.ReasonOther} {
			rs = append(rs, fmt.Sprintf("%d %s", int(r), reasonText(a, r)))
		}
		rs = append(rs, "0 "+a.t("not invalid", "不是无效票"))
		return append([]string{a.t("invalid because:", "无效原因：")}, report.Wrap(rs, "  ", inner)...)
	case e.digits != "" || e.against || e.join:
		pre := ""
		if e.against {
			pre = "-"
		}
		if e.join {
			pre = "="
		}
		return []string{a.theme.Muted.Render(fmt.Sprintf(a.t("typing: %s%s▏ (%s)", "输入：%s%s▏（%s）"), pre, e.digits, mode))}
	}
	return nil
}

func reasonText(a *App, r count.Reason) string {
	if a.zh {
		return report.ReasonName(r.String(), report.LangZH)
	}
	return report.ReasonName(r.String(), report.LangEN)
}
