package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"tally/count"
	"tally/store"
)

// totalsView is the running totals panel, w cells wide and at most h
// lines: per candidate for / against / abstain (first preferences on a
// ranked ballot), the threshold and its base, whether election is certain,
// impossible or open, and the papers accepted, pending and disputed.
func totalsView(a *App, w, h int) string {
	t := a.totals
	box := a.theme.Border.Width(w)
	if t == nil || t.result == nil {
		if t != nil && t.err != nil {
			return box.Render(a.theme.Error.Render("✗ " + a.errText(t.err)))
		}
		return box.Render(a.t("No round is open", "没有进行中的轮次"))
	}
	inner := w - 4
	var lines []string
	head := fmt.Sprintf(a.t("running totals · accepted %d", "累计 · 已确认 %d 张"), t.accepted)
	if t.returned > 0 {
		head = fmt.Sprintf(a.t("running totals · accepted %d of %d", "累计 · 已确认 %d / %d 张"), t.accepted, t.returned)
	}
	if t.mode == store.KeyingSingle {
		head += a.t(" · keyed once", " · 单人录入")
	}
	lines = append(lines, a.theme.Title.Render(head))
	if t.result.Void {
		lines = append(lines, a.theme.Error.Render(a.t("✗ the vote does not stand with these figures: nothing counts", "✗ 按本轮人数选举无效：不计票")))
	}
	var foot []string
	bc := t.result.Ballots
	line := fmt.Sprintf(a.t("valid %d · blank %d · invalid %d", "有效 %d · 空白 %d · 无效 %d"), bc.Valid, bc.Blank, bc.Invalid)
	for _, rc := range bc.ByReason {
		line += fmt.Sprintf(" (%s %d)", reasonText(a, rc.Reason), rc.Count)
	}
	foot = append(foot, ansi.Wrap(line, inner, " "))
	pd := fmt.Sprintf(a.t("pending %d · disputed %d", "待第二次录入 %d · 存疑 %d"), t.pending, t.disputed)
	if t.voided > 0 {
		pd += fmt.Sprintf(a.t(" · voided %d", " · 已作废 %d"), t.voided)
	}
	if t.disputed > 0 {
		pd = a.theme.Warning.Render("◆ " + pd)
	}
	foot = append(foot, pd)
	secs := t.result.Sections
	lines = append(lines, stack(len(secs), h-2-len(lines)-len(foot), func(i, rows int) []string {
		return sectionTotals(a, &secs[i], inner, rows, len(secs) > 1)
	})...)
	lines = append(lines, foot...)
	return box.Render(strings.Join(lines, "\n"))
}

// stack shares rows among n blocks, one under another: each block gets
// an even share of what the blocks before it left.
func stack(n, rows int, block func(i, rows int) []string) []string {
	var out []string
	for i := range n {
		b := block(i, rows/(n-i))
		rows -= len(b)
		out = append(out, b...)
	}
	return out
}

// sectionTotals are one office's lines: heading, threshold, column heads
// and a row per candidate, within rows lines (the leaders first when the
// list is longer than that).
func sectionTotals(a *App, sec *count.SectionResult, inner, rows int, office bool) []string {
	t := a.totals
	var out []string
	if office {
		out = append(out, a.theme.Title.Render(sec.Office))
	}
	if th := sec.Threshold; th != nil {
		out = append(out, ansi.Truncate(fmt.Sprintf(a.t("need %d: %s %s of %d %s", "当选需 %d 票：%s%s × %d（%s）"),
			th.Need, compareWord(a, th.Compare), th.Fraction, th.BaseValue, baseWord(a, th.Base)), inner, "…"))
	}
	if fl := sec.Floor; fl != nil {
		out = append(out, ansi.Truncate(fmt.Sprintf(a.t("floor %d: %s %s of %d %s", "得票不得少于 %d 票：%s%s × %d（%s）"),
			fl.Need, compareWord(a, fl.Compare), fl.Fraction, fl.BaseValue, baseWord(a, fl.Base)), inner, "…"))
	}
	if sec.Ranked != nil {
		out = append(out, a.theme.Muted.Render(ansi.Truncate(a.t("first preferences; transfers decide at the close", "第一顺位票数；结束本轮时按转移计票决定"), inner, "…")))
	}
	cands := slices.Clone(sec.Candidates)
	listed := 0
	for _, c := range cands {
		if !c.WriteIn {
			listed++
		}
	}
	room := max(1, rows-len(out)-1)
	if len(cands) > room {
		// The leaders, when the list is longer than the panel.
		slices.SortStableFunc(cands, func(x, y count.CandidateResult) int { return y.Votes - x.Votes })
		out = append(out, a.theme.Muted.Render(fmt.Sprintf(a.t("the %d leading of %d", "得票最多的 %d 人（共 %d 人）"), room-1, len(cands))))
		cands = cands[:room-1]
	}
	nameW := 4
	for _, c := range cands {
		nameW = max(nameW, lipgloss.Width(displayName(a, c)))
	}
	stateW := 14
	marked := a.totals.result.Ballot == count.BallotMarked
	nums := 5
	if marked {
		nums = 15
	}
	if sec.Combined {
		nums += 6 // the total over this and the higher offices' columns
	}
	nameW = min(nameW, max(6, inner-nums-stateW-8))
	barW := max(0, inner-nameW-nums-stateW-2)
	top, need := 1, 0
	if sec.Threshold != nil {
		top, need = max(top, sec.Threshold.Need), sec.Threshold.Need
	}
	for _, c := range cands {
		top = max(top, c.Votes)
	}
	if marked {
		head := pad("", nameW) + padLeft(a.t("for", "赞成"), 5) + padLeft(a.t("agn", "反对"), 5) + padLeft(a.t("abs", "弃权"), 5)
		if sec.Combined {
			head += padLeft(a.t("total", "合计"), 6)
		}
		out = append(out, a.theme.Muted.Render(head))
	}
	for _, c := range cands {
		name := pad(ansi.Truncate(displayName(a, c), nameW, "…"), nameW)
		state := ""
		if !c.WriteIn {
			state = chanceWord(a, t.chances[sec.Office+"\x00"+c.Name])
		}
		nums := fmt.Sprintf("%5d", c.Votes)
		switch {
		case marked && (c.WriteIn || c.Higher):
			nums = fmt.Sprintf("%5d%10s", c.For, "")
		case marked:
			nums = fmt.Sprintf("%5d%5d%5d", c.For, c.Against, c.Abstain)
		}
		if sec.Combined {
			nums += fmt.Sprintf("%6d", c.Votes)
		}
		out = append(out, name+nums+" "+bar(c.Votes, top, need, barW)+" "+state)
	}
	return out
}

func displayName(a *App, c count.CandidateResult) string {
	switch {
	case c.WriteIn:
		return c.Name + a.t(" (write-in)", "（另选）")
	case c.Higher:
		return c.Name + " ↑" // listed for a higher office on the same paper
	}
	return c.Name
}

// chanceWord says a candidate's chance with a glyph and a word.
func chanceWord(a *App, ch chance) string {
	switch ch {
	case chanceCertain:
		return a.theme.Success.Render(a.t("✓ certain", "✓ 已确定当选"))
	case chanceImpossible:
		return a.theme.Error.Render(a.t("✗ cannot reach", "✗ 已无法当选"))
	}
	return a.theme.Muted.Render(a.t("· open", "· 未定"))
}

func compareWord(a *App, c count.Compare) string {
	if c == count.AtLeast {
		return a.t("at least", "不少于")
	}
	return a.t("more than", "超过")
}

func baseWord(a *App, b count.Base) string {
	names := map[count.Base][2]string{count.BasePresent: {"present", "实到人数"}, count.BaseVoted: {"who voted", "参加投票人数"},
		count.BaseCast: {"ballots cast", "收回票数"}, count.BaseValid: {"valid ballots", "有效票数"}}
	n := names[b]
	return a.t(n[0], n[1])
}
