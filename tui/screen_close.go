package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tally/count"
	"tally/report"
	"tally/store"
)

// scrollText is a long text shown a window at a time (↑ ↓ pgup pgdn).
type scrollText struct {
	lines []string
	top   int
}

func (s *scrollText) key(msg tea.KeyPressMsg, h int) bool {
	switch msg.String() {
	case "up":
		s.top--
	case "down":
		s.top++
	case "pgup":
		s.top -= h - 1
	case "pgdown", "space":
		s.top += h - 1
	default:
		return false
	}
	s.top = max(0, min(s.top, len(s.lines)-h+1)) // as view shows it: h-1 lines and the indicator
	return true
}

func (s *scrollText) view(a *App, h int) string {
	if len(s.lines) <= h {
		return strings.Join(s.lines, "\n")
	}
	s.top = max(0, min(s.top, len(s.lines)-h+1))
	end := min(len(s.lines), s.top+h-1)
	more := fmt.Sprintf(a.t("  ↕ lines %d–%d of %d (↑ ↓ pgup pgdn)", "  ↕ 第 %d–%d 行，共 %d 行（↑ ↓ pgup pgdn）"), s.top+1, end, len(s.lines))
	return strings.Join(s.lines[s.top:end], "\n") + "\n" + a.theme.Muted.Render(more)
}

func (a *App) lang() report.Lang {
	if a.zh {
		return report.LangZH
	}
	return report.LangEN
}

// sheetText is a round's result as the count sheet words it.
func sheetText(a *App, e *count.Election, res *count.Result) []string {
	var out strings.Builder
	report.Text(&out, e, []*count.Result{res}, a.lang())
	return strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
}

// summaryView is the outcome in a few lines, framed, under a title.
func summaryView(a *App, title string, res *count.Result) []string {
	out := []string{a.theme.Title.Render(title)}
	for _, l := range report.Summary(res, a.lang()) {
		out = append(out, "  "+l)
	}
	return out
}

// closeScreen shows the outcome the round would have, and closes it once
// the chief scrutineer confirms by name (with a reason when papers are
// missing, pending or disputed). A ranked count stopped at a tie asks
// first for the lot drawn at the table.
type closeScreen struct {
	text    scrollText
	round   int
	res     *count.Result
	err     error
	missing string // why a reason is needed, or ""
	// lot is the tie waiting for a lot, if any; lotChosen the name the
	// lot drew, once keyed.
	lot       *count.TieBreak
	lotChosen string
	keying    string // how the papers were entered
	name      lineInput
	reason    lineInput
	onReason  bool
	naming    bool
}

func newCloseScreen(a *App) *closeScreen {
	c := &closeScreen{}
	a.state(func(s *store.State) {
		r := s.Open()
		if r == nil {
			return
		}
		c.round = r.Number
		c.keying = report.Keying(r.Keying(), a.lang())
		c.res, c.err = s.Closing()
		if c.res == nil {
			return
		}
		c.text.lines = sheetText(a, s.Election, c.res)
		if c.res.Next.Kind == count.StepLots {
			for _, sec := range c.res.Sections {
				if sec.Ranked != nil && sec.Ranked.Pending != nil {
					tie := *sec.Ranked.Pending
					c.lot = &tie
				}
			}
		}
		cnt := r.Counts()
		var why []string
		if n := r.Spec.Figures.Returned; n > 0 && cnt[store.BallotAccepted] != n {
			why = append(why, fmt.Sprintf(a.t("%[2]d of %[1]d returned papers accepted", "收回 %[1]d 张，已确认 %[2]d 张"), n, cnt[store.BallotAccepted]))
		}
		if n := cnt[store.BallotPending]; n > 0 {
			why = append(why, fmt.Sprintf(a.t("%d keyed once only", "%d 张只录了一次"), n))
		}
		if n := cnt[store.BallotDisputed]; n > 0 {
			why = append(why, fmt.Sprintf(a.t("%d disputed", "%d 张存疑"), n))
		}
		if len(r.Ballots) == 0 && c.res.Void {
			c.reason.value = a.t("the vote does not stand with the round's figures", "按本轮人数选举无效")
		} else if len(r.Ballots) == 0 {
			why = append(why, a.t("no ballot keyed", "尚未录入选票"))
		}
		c.missing = strings.Join(why, a.t("; ", "；"))
	})
	return c
}

func (c *closeScreen) typing() bool { return c.naming }

func (c *closeScreen) update(a *App, msg tea.KeyPressMsg) tea.Cmd {
	if c.res == nil {
		if msg.String() == "esc" {
			a.screen = newEntry(a)
		}
		return nil
	}
	if c.lot != nil && c.lotChosen == "" {
		switch s := msg.String(); {
		case s == "esc":
			a.screen = newEntry(a)
		case len(s) == 1 && s[0] >= '1' && s[0] <= '9' && int(s[0]-'0') <= len(c.lot.Among):
			c.lotChosen, c.naming = c.lot.Among[s[0]-'1'], true
		case c.text.key(msg, a.bodyHeight-8):
		default:
			a.say(true, fmt.Sprintf(a.t("Key the number of the name the lot drew, 1 to %d", "请按抽签抽中者的编号，1 至 %d"), len(c.lot.Among)))
		}
		return nil
	}
	if !c.naming {
		switch {
		case msg.String() == "esc":
			a.screen = newEntry(a)
		case key.Matches(msg, a.keys.Confirm):
			c.naming = true
		case c.text.key(msg, a.bodyHeight-8):
		default:
			a.say(true, a.t("⏎ to close the round, esc to go back", "⏎ 结束本轮，esc 返回"))
		}
		return nil
	}
	switch msg.String() {
	case "esc":
		c.naming, c.lotChosen = false, ""
		return nil
	case "tab":
		c.onReason = !c.onReason
		return nil
	case "enter":
		who, ok := a.signed(c.name, "The chief scrutineer confirms by name", "须由总监票人签名确认")
		if !ok {
			c.onReason = false
			return nil
		}
		if c.lotChosen != "" {
			ev := store.Event{Kind: store.EventLotDrawn, Who: who, Round: c.round,
				Lot: &count.Lot{Round: c.lot.Round, Among: c.lot.Among, Chosen: c.lotChosen}}
			return a.signAndWrite(c, who, []store.Event{ev})
		}
		reason := strings.TrimSpace(c.reason.value)
		if c.missing != "" && reason == "" {
			c.onReason = true
			a.say(true, a.t("Give the reason for closing with papers not accepted", "尚有未确认的选票，须说明结束本轮的原因"))
			return nil
		}
		return a.signAndClose(c, who, reason)
	}
	if c.onReason {
		c.reason.key(msg)
	} else {
		c.name.key(msg)
	}
	return nil
}

// saved: the lot is recorded; count again with it. (A refused close
// comes here too, with nil: the screen stays.)
func (c *closeScreen) saved(a *App, evs []store.Event) tea.Cmd {
	if evs != nil && c.lotChosen != "" {
		a.say(false, fmt.Sprintf(a.t("lot recorded: %s", "抽签结果已记录：%s"), c.lotChosen))
		a.screen = newCloseScreen(a)
	}
	return nil
}

func (c *closeScreen) view(a *App) string {
	if c.res == nil {
		msg := a.t("The round cannot be counted", "本轮无法计票")
		if c.err != nil {
			msg += a.t(": ", "：") + a.errText(c.err)
		}
		return a.theme.Error.Render("✗ " + msg)
	}
	var tail []string
	if c.lot != nil {
		kinds := map[string][4]string{
			count.TieEliminate: {"who is eliminated", "淘汰谁", "The name drawn is eliminated.", "抽中者被淘汰。"},
			count.TieElect:     {"who is elected", "谁当选", "The name drawn is elected.", "抽中者当选。"},
			count.TieSurplus:   {"whose surplus goes first", "先转移谁的盈余", "The surplus of the name drawn goes first.", "先转移抽中者的盈余。"},
		}
		kind := kinds[c.lot.Kind]
		tail = append(tail, a.theme.Warning.Render(fmt.Sprintf(a.t("The count stops at a tie in its round %d (%s): a lot is drawn at the table.", "计票在第 %d 轮遇到票数相等（%s）：须当场抽签。"), c.lot.Round, a.t(kind[0], kind[1]))))
		var opts []string
		for i, n := range c.lot.Among {
			opts = append(opts, fmt.Sprintf("%d %s", i+1, n))
		}
		tail = append(tail, a.t("The lot drew: ", "抽签抽中：")+strings.Join(opts, "  "))
		tail = append(tail, a.theme.Muted.Render(a.t(kind[2], kind[3])))
		if c.lotChosen != "" {
			tail = append(tail, a.t("drawn: ", "抽中：")+c.lotChosen, a.t("drawn by (chief scrutineer): ", "抽签人（总监票人）：")+c.name.value+"▏")
		}
	} else {
		tail = append(tail, summaryView(a, a.t("If the round closes now:", "如现在结束本轮："), c.res)...)
		tail = append(tail, "  "+c.keying)
		tail = append(tail, a.theme.Title.Render(a.t("Close the round with this result? What comes next opens at once.", "以此结果结束本轮？下一轮（如有）随即开始。")))
		if c.missing != "" {
			tail = append(tail, a.theme.Warning.Render("◆ "+c.missing))
		}
		if c.naming {
			cur := func(on bool) string {
				if on {
					return "▏"
				}
				return ""
			}
			tail = append(tail, a.t("chief scrutineer: ", "总监票人：")+c.name.value+cur(!c.onReason))
			if c.missing != "" || c.reason.value != "" {
				tail = append(tail, a.t("reason: ", "原因：")+c.reason.value+cur(c.onReason))
			}
		}
	}
	h := max(3, a.bodyHeight-len(tail)-1)
	return c.text.view(a, h) + "\n\n" + strings.Join(tail, "\n")
}

func (c *closeScreen) help(a *App) []key.Binding {
	k := a.keys
	switch {
	case c.lot != nil && c.lotChosen == "":
		return []key.Binding{key.NewBinding(key.WithKeys("1"), key.WithHelp("1-9", a.t("the name the lot drew", "抽中者编号"))), k.Cancel}
	case c.naming && c.missing != "":
		return []key.Binding{k.Confirm, key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", a.t("name / reason", "姓名/原因"))), k.Cancel}
	case c.naming:
		return []key.Binding{k.Confirm, k.Cancel}
	}
	return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("⏎", a.t("close the round", "结束本轮"))), k.Cancel}
}

// resultScreen shows the closed round's result and what comes next.
type resultScreen struct {
	text    scrollText
	summary []string
	open    bool
}

func newResultScreen(a *App, res *count.Result) *resultScreen {
	r := &resultScreen{summary: summaryView(a, a.t("The round is closed:", "本轮已结束："), res)}
	a.state(func(s *store.State) {
		for i := len(s.Rounds) - 1; i >= 0; i-- {
			if s.Rounds[i].Closed {
				r.summary = append(r.summary, "  "+report.Keying(s.Rounds[i].Keying(), a.lang()))
				break
			}
		}
		r.text.lines = sheetText(a, s.Election, res)
		r.open = s.Open() != nil
	})
	return r
}

func (r *resultScreen) update(a *App, msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() == "enter" && r.open {
		// The next round's papers are counted out afresh.
		a.screen = newFigures(a)
		return nil
	}
	if msg.String() == "enter" {
		// The election is decided: what the office needs now is the sheet.
		a.overlay(newExportScreen(a, "html"))
		return nil
	}
	r.text.key(msg, max(3, a.bodyHeight-len(r.summary)-3))
	return nil
}

func (r *resultScreen) view(a *App) string {
	tail := a.t("The election is decided. ⏎ makes the count sheet to print and sign (ctrl+e: other exports); ctrl+q quits.",
		"选举结束。⏎ 生成计票结果报告单，打印后签名（ctrl+e：其他导出）；ctrl+q 退出。")
	if r.open {
		tail = a.t("⏎ opens the next round: its figures first", "⏎ 进入下一轮：先核对人数与票数")
	}
	h := max(3, a.bodyHeight-len(r.summary)-3)
	return r.text.view(a, h) + "\n\n" + strings.Join(r.summary, "\n") + "\n" + a.theme.Title.Render(tail)
}

func (r *resultScreen) help(a *App) []key.Binding {
	if r.open {
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("⏎", a.t("next round", "下一轮")))}
	}
	return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("⏎", a.t("count sheet", "计票结果报告单")))}
}
