package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tally/count"
	"tally/store"
	"tally/tui/sheet"
)

// totalsView is the running totals panel: per candidate for / against /
// abstain, the threshold and its base, whether election is certain,
// impossible or open, and the papers accepted, pending and disputed.
// barWidth 0 fits the panel to the window; the scrutineers' screen asks
// for long bars.
func totalsView(a *App, barWidth int) string {
	t := a.totals
	var b strings.Builder
	if t == nil || t.result == nil {
		if t != nil && t.err != nil {
			return a.theme.Border.Render(a.theme.Error.Render("✗ " + t.err.Error()))
		}
		return a.theme.Border.Render(a.t("No round is open", "没有进行中的轮次"))
	}
	fmt.Fprintf(&b, a.t("running totals · accepted %d of %d", "累计 · 已确认 %d / %d")+"\n", t.accepted, t.returned)
	for _, sec := range t.result.Sections {
		if len(t.result.Sections) > 1 {
			b.WriteString(a.theme.Title.Render(sec.Office) + "\n")
		}
		need := 0
		if sec.Threshold != nil {
			need = sec.Threshold.Need
			fmt.Fprintf(&b, a.t("need %d (%s %s of %d %s)", "当选需 %d 票（%s%s × %d %s）")+"\n", need,
				compareWord(a, sec.Threshold.Compare), sec.Threshold.Fraction, sec.Threshold.BaseValue, baseWord(a, sec.Threshold.Base))
		}
		width := barWidth
		if width == 0 {
			width = max(6, a.width/2-38)
		}
		top := max(need, 1)
		for _, c := range sec.Candidates {
			top = max(top, c.Votes)
		}
		for _, c := range sec.Candidates {
			if c.WriteIn {
				fmt.Fprintf(&b, "%s %4d %s\n", pad(c.Name+a.t(" (write-in)", "（另选）"), 12), c.For, "")
				continue
			}
			state := a.theme.Muted.Render(a.t("· open", "· 未定"))
			switch t.chances[sec.Office+"\x00"+c.Name] {
			case chanceCertain:
				state = a.theme.Success.Render(a.t("✓ certain", "✓ 已确定"))
			case chanceImpossible:
				state = a.theme.Error.Render(a.t("✗ cannot reach", "✗ 无法当选"))
			}
			if a.totals.result.Ballot == count.BallotMarked {
				fmt.Fprintf(&b, "%s %4d %4d %4d %s %s\n", pad(c.Name, 12), c.For, c.Against, c.Abstain, bar(c.Votes, top, width), state)
			} else {
				fmt.Fprintf(&b, "%s %4d %s %s\n", pad(c.Name, 12), c.Votes, bar(c.Votes, top, width), state)
			}
		}
	}
	bc := t.result.Ballots
	fmt.Fprintf(&b, a.t("valid %d · blank %d · invalid %d", "有效 %d · 空白 %d · 无效 %d"), bc.Valid, bc.Blank, bc.Invalid)
	for _, rc := range bc.ByReason {
		fmt.Fprintf(&b, " (%s %d)", reasonText(a, rc.Reason), rc.Count)
	}
	b.WriteString("\n")
	pd := fmt.Sprintf(a.t("pending %d · disputed %d", "待第二次录入 %d · 有争议 %d"), t.pending, t.disputed)
	if t.disputed > 0 {
		pd = a.theme.Warning.Render("◆ " + pd)
	}
	b.WriteString(pd)
	return a.theme.Border.Render(b.String())
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

// reconcileScreen sets two keyings that differ side by side; the team
// looks at the paper again and the scrutineer decides.
type reconcileScreen struct {
	number  int
	round   int
	keyings []store.Keying
	spec    count.Round
	kind    count.BallotKind
	name    lineInput
	naming  bool
	choice  string
	keying  int
}

func newReconcile(a *App, number int) *reconcileScreen {
	r := &reconcileScreen{number: number, name: lineInput{value: a.chief}}
	a.state(func(s *store.State) {
		open := s.Open()
		if open == nil || open.Ballots[number] == nil {
			return
		}
		r.round, r.spec, r.kind = open.Number, open.Spec, s.Election.Ballot
		for _, k := range open.Ballots[number].Keyings {
			if !k.SetAside {
				r.keyings = append(r.keyings, k)
			}
		}
	})
	return r
}

// newReconcileNext opens the lowest disputed ballot, or returns nil.
func newReconcileNext(a *App) *reconcileScreen {
	n := 0
	a.state(func(s *store.State) {
		if open := s.Open(); open != nil {
			for num, b := range open.Ballots {
				if b.Status == store.BallotDisputed && (n == 0 || num < n) {
					n = num
				}
			}
		}
	})
	if n == 0 {
		return nil
	}
	return newReconcile(a, n)
}

func (r *reconcileScreen) update(a *App, msg tea.KeyPressMsg) tea.Cmd {
	if r.naming {
		switch msg.String() {
		case "enter":
			who := strings.TrimSpace(r.name.value)
			if who == "" {
				a.say(true, a.t("The chief scrutineer's name is recorded with the decision", "裁定须记录总监票人姓名"))
				return nil
			}
			a.chief = who
			var evs []store.Event
			a.state(func(s *store.State) {
				if !signedIn(s, who) {
					evs = append(evs, store.Event{Kind: store.EventTellerSignedIn, Who: who, Role: "chief-scrutineer"})
				}
			})
			evs = append(evs, store.Event{Kind: store.EventKeyingsResolved, Who: who, Round: r.round, Ballot: r.number, Decision: r.choice, Keying: r.keying})
			a.screen = newEntry(a)
			return appendCmd(a.count, evs...)
		case "esc":
			r.naming = false
		default:
			r.name.key(msg)
		}
		return nil
	}
	switch {
	case key.Matches(msg, a.keys.TakeA):
		r.choice = store.DecideTake1
	case key.Matches(msg, a.keys.TakeB):
		r.choice = store.DecideTake2
	case msg.String() == "c" && len(r.keyings) >= 3:
		r.choice = store.DecideTake3
	case key.Matches(msg, a.keys.Rekey):
		// Back to the second keyer: their keying is set aside.
		r.choice, r.keying = store.DecideRekey, len(r.keyings)
	case key.Matches(msg, a.keys.Third):
		if len(r.keyings) >= 3 {
			a.say(true, a.t("Three keyings already: decide among them", "已有三次录入：请在其中裁定"))
			return nil
		}
		e := newEntry(a)
		e.number, e.keying = r.number, 3
		e.keyer = a.keyerA
		a.screen = e
		return nil
	case key.Matches(msg, a.keys.Later):
		a.screen = newEntry(a)
		a.say(false, fmt.Sprintf(a.t("ballot %d stays disputed: the round cannot close until it is settled", "第%d张仍有争议：解决前不能结束本轮"), r.number))
		return nil
	default:
		return nil
	}
	r.naming = true
	return nil
}

func (r *reconcileScreen) view(a *App) string {
	var b strings.Builder
	fmt.Fprintf(&b, a.t("ballot %d · the keyings differ", "第%d张 · 两次录入不一致")+"\n\n", r.number)
	if len(r.keyings) < 2 {
		return a.theme.Border.Render(b.String())
	}
	head := []string{pad("", 14)}
	for i, k := range r.keyings {
		head = append(head, pad(fmt.Sprintf("%c (%s)", 'A'+i, k.Who), 16))
	}
	b.WriteString(strings.Join(head, " ") + "\n")
	drafts := make([]*draft, len(r.keyings))
	for i, k := range r.keyings {
		m := k.Marks
		drafts[i] = fromBallot(r.kind, &r.spec, &m)
	}
	for si, s := range drafts[0].sections {
		for ci, c := range s.candidates {
			var cells []string
			differ := false
			for _, d := range drafts {
				mk := d.sections[si].marks[ci]
				cells = append(cells, pad(markGlyph(mk), 16))
				if mk != s.marks[ci] {
					differ = true
				}
			}
			line := pad(fmt.Sprintf("%2d %s", ci+1, c), 14) + " " + strings.Join(cells, " ")
			if differ {
				line = a.theme.Warning.Render(line + " ◆ " + a.t("differs", "不一致"))
			}
			b.WriteString(line + "\n")
		}
		var ws []string
		for _, d := range drafts {
			ws = append(ws, pad(strings.Join(d.sections[si].writeIns, "、"), 16))
		}
		if strings.TrimSpace(strings.Join(ws, "")) != "" {
			b.WriteString(pad(a.t("write-in", "另选"), 14) + " " + strings.Join(ws, " ") + "\n")
		}
	}
	if r.naming {
		b.WriteString("\n" + a.t("chief scrutineer: ", "总监票人：") + r.name.value + "▏")
	}
	return a.theme.Border.Render(strings.TrimRight(b.String(), "\n"))
}

func markGlyph(m mark) string {
	switch m {
	case markFor:
		return "○"
	case markAgainst:
		return "×"
	}
	return "·"
}

func (r *reconcileScreen) help(a *App) []key.Binding {
	k := a.keys
	return []key.Binding{k.TakeA, k.TakeB, k.Third, k.Rekey, k.Later}
}

// scrutineersScreen is read only: large totals, the last ballots accepted,
// the disputes and the round's status. Nothing on it changes the count.
type scrutineersScreen struct{}

func (s *scrutineersScreen) update(a *App, msg tea.KeyPressMsg) tea.Cmd { return nil }

func (s *scrutineersScreen) view(a *App) string {
	var b strings.Builder
	b.WriteString(time.Now().Format("15:04:05") + "\n")
	b.WriteString(totalsView(a, max(20, a.width-50)) + "\n")
	if a.totals != nil && len(a.totals.last) > 0 {
		b.WriteString(a.t("last accepted: ", "最近确认：") + strings.Join(a.totals.last, "   ") + "\n")
	}
	return b.String()
}

func (s *scrutineersScreen) help(a *App) []key.Binding { return nil }

// helpScreen lists every key.
type helpScreen struct{}

func (h *helpScreen) update(a *App, msg tea.KeyPressMsg) tea.Cmd {
	a.screen = a.prev
	return nil
}

func (h *helpScreen) view(a *App) string {
	k := a.keys
	var b strings.Builder
	for _, group := range [][]key.Binding{
		{k.Digits, k.Against, k.WriteIn, k.Blank, k.Invalid, k.Undo, k.Submit, k.Section, k.JoinRank, k.SkipRank},
		{k.TakeA, k.TakeB, k.Third, k.Rekey, k.Later},
		{k.CloseRound, k.Disputes, k.Scrutineers, k.Help, k.Quit},
	} {
		for _, x := range group {
			h := x.Help()
			fmt.Fprintf(&b, "  %s  %s\n", pad(a.theme.Key.Render(h.Key), 10), h.Desc)
		}
		b.WriteString("\n")
	}
	b.WriteString(a.t("any key returns", "按任意键返回"))
	return a.theme.Border.Render(b.String())
}

func (h *helpScreen) help(a *App) []key.Binding { return nil }

// closeScreen closes the round once the chief scrutineer confirms.
type closeScreen struct {
	name   lineInput
	reason lineInput
	onName bool
	text   string
}

func newCloseScreen(a *App) *closeScreen {
	c := &closeScreen{name: lineInput{value: a.chief}, onName: true}
	a.state(func(s *store.State) {
		res, err := s.Provisional()
		if err != nil || res == nil {
			return
		}
		var out strings.Builder
		lang := sheet.LangEN
		if a.zh {
			lang = sheet.LangZH
		}
		sheet.Text(&out, s.Election, []*count.Result{res}, lang)
		c.text = out.String()
	})
	return c
}

func (c *closeScreen) update(a *App, msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		a.screen = newEntry(a)
		return nil
	case "tab":
		c.onName = !c.onName
		return nil
	case "enter":
		who := strings.TrimSpace(c.name.value)
		if who == "" {
			a.say(true, a.t("The chief scrutineer confirms the close by name", "须由总监票人签名确认"))
			return nil
		}
		a.chief = who
		var before []store.Event
		a.state(func(s *store.State) {
			if !signedIn(s, who) {
				before = append(before, store.Event{Kind: store.EventTellerSignedIn, Who: who, Role: "chief-scrutineer"})
			}
		})
		reason := strings.TrimSpace(c.reason.value)
		return func() tea.Msg {
			res, err := a.count.CloseRound(who, reason, before...)
			if err != nil {
				return errMsg{err}
			}
			return closedMsg{res}
		}
	}
	if c.onName {
		c.name.key(msg)
	} else {
		c.reason.key(msg)
	}
	return nil
}

func (c *closeScreen) view(a *App) string {
	var b strings.Builder
	b.WriteString(c.text)
	b.WriteString("\n" + a.t("Close the round with this result?", "以此结果结束本轮？") + "\n")
	b.WriteString(a.t("chief scrutineer: ", "总监票人：") + c.name.value)
	if c.onName {
		b.WriteString("▏")
	}
	b.WriteString("\n" + a.t("reason, if ballots are still pending or disputed: ", "如仍有待录或有争议的选票，原因：") + c.reason.value)
	if !c.onName {
		b.WriteString("▏")
	}
	return b.String()
}

func (c *closeScreen) help(a *App) []key.Binding {
	return []key.Binding{a.keys.Confirm, key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", a.t("name / reason", "姓名/原因"))), a.keys.Cancel}
}

// resultScreen shows the closed round's result and what comes next.
type resultScreen struct{ text string }

func newResultScreen(a *App, res *count.Result) *resultScreen {
	var out strings.Builder
	a.state(func(s *store.State) {
		lang := sheet.LangEN
		if a.zh {
			lang = sheet.LangZH
		}
		sheet.Text(&out, s.Election, []*count.Result{res}, lang)
	})
	return &resultScreen{text: out.String()}
}

func (r *resultScreen) update(a *App, msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() == "enter" {
		var open bool
		a.state(func(s *store.State) { open = s.Open() != nil })
		if open {
			a.screen = newEntry(a)
		}
	}
	return nil
}

func (r *resultScreen) view(a *App) string {
	var open bool
	a.state(func(s *store.State) { open = s.Open() != nil })
	tail := a.t("The election is decided.", "选举结束。")
	if open {
		tail = a.t("⏎ opens the next round", "⏎ 进入下一轮")
	}
	return r.text + "\n" + tail
}

func (r *resultScreen) help(a *App) []key.Binding { return []key.Binding{a.keys.Confirm} }
