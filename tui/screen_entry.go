package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"tally/count"
	"tally/store"
)

// entryScreen keys one paper: the keyer's marks, then ⏎.
type entryScreen struct {
	draft   *draft
	spec    count.Round
	kind    count.BallotKind
	round   int
	number  int
	keying  int
	keyer   string
	digits  string
	against bool
	join    bool
	writeIn *lineInput
	picking bool
	saving  bool
	// stackDone: in batch mode, keyer A has finished the stack and keyer B
	// re-keys it.
	stackDone bool
}

// newEntry sets up the next paper to key, for whichever keyer's turn it is.
func newEntry(a *App) *entryScreen {
	e := &entryScreen{}
	a.state(func(s *store.State) {
		r := s.Open()
		if r == nil {
			return
		}
		e.spec, e.kind, e.round = r.Spec, s.Election.Ballot, r.Number
		e.number, e.keying, e.keyer = a.nextPaper(r, false)
	})
	e.draft = newDraft(e.kind, &e.spec)
	return e
}

// nextPaper says which ballot is keyed next, which keying it is, and by
// whom: interleaved, keyer B keys the paper keyer A has just keyed; in a
// batch, A keys a stack and then B re-keys it; once-keyed rounds have A.
func (a *App) nextPaper(r *store.RoundState, stackDone bool) (number, keying int, keyer string) {
	newNumber := 1
	var pending []int
	for n, b := range r.Ballots {
		newNumber = max(newNumber, n+1)
		if b.Status == store.BallotPending {
			pending = append(pending, n)
		}
	}
	slices.Sort(pending)
	if r.Mode == store.KeyingSingle || a.keyerB == "" {
		return newNumber, 1, a.keyerA
	}
	if len(pending) > 0 && (a.mode == modeInterleaved || stackDone || len(pending) >= a.batchSize) {
		n := pending[0]
		b := r.Ballots[n]
		keyer = a.keyerB
		for _, k := range b.Keyings {
			if !k.SetAside && k.Who == a.keyerB {
				keyer = a.keyerA
			}
		}
		active := 0
		for _, k := range b.Keyings {
			if !k.SetAside {
				active++
			}
		}
		return n, active + 1, keyer
	}
	return newNumber, 1, a.keyerA
}

func (e *entryScreen) candidates() []string { return e.draft.sections[e.draft.cur].candidates }

// applyDigits acts on the digits typed: a list of up to nine is marked at
// once; a longer list waits while a second digit could follow.
func (e *entryScreen) applyDigits(a *App, final bool) {
	if e.digits == "" {
		return
	}
	n, _ := strconv.Atoi(e.digits)
	if !final && n*10 <= len(e.candidates()) && n > 0 {
		return // 1 may become 12
	}
	e.digits = ""
	var err error
	switch {
	case e.kind == count.BallotRanked:
		err = e.draft.Rank(n, e.join)
	case e.against:
		err = e.draft.Mark(n, markAgainst)
	default:
		err = e.draft.Mark(n, markFor)
	}
	e.against, e.join = false, false
	if err != nil {
		a.say(true, err.Error())
	}
}

func (e *entryScreen) update(a *App, msg tea.KeyPressMsg) tea.Cmd {
	if e.saving {
		a.say(true, a.t("Saving the ballot…", "正在保存…"))
		return nil
	}
	if e.writeIn != nil {
		switch msg.String() {
		case "enter":
			if err := e.draft.WriteIn(e.writeIn.value); err != nil {
				a.say(true, err.Error())
				return nil
			}
			if !slices.Contains(a.writeIns, strings.TrimSpace(e.writeIn.value)) {
				a.writeIns = append(a.writeIns, strings.TrimSpace(e.writeIn.value))
			}
			e.writeIn = nil
		case "esc":
			e.writeIn = nil
		case "tab":
			// Offer the names written in on earlier ballots.
			for _, n := range a.writeIns {
				if strings.HasPrefix(n, e.writeIn.value) && n != e.writeIn.value {
					e.writeIn.value = n
					break
				}
			}
		default:
			e.writeIn.key(msg)
		}
		return nil
	}
	if e.picking {
		e.picking = false
		switch s := msg.String(); s {
		case "1", "2", "3", "4", "5":
			r := count.Reason(s[0] - '0')
			e.draft.SetInvalid(r)
		case "0":
			e.draft.SetInvalid(count.ReasonNone)
		}
		return nil
	}
	k := msg.String()
	if len(k) == 1 && k[0] >= '0' && k[0] <= '9' {
		e.digits += k
		e.applyDigits(a, false)
		return nil
	}
	e.applyDigits(a, true)
	switch {
	case key.Matches(msg, a.keys.Against):
		if e.kind != count.BallotMarked {
			a.say(true, a.t("This ballot has no against mark", "此选票没有反对标记"))
			return nil
		}
		e.against = true
	case key.Matches(msg, a.keys.JoinRank):
		if e.kind != count.BallotRanked {
			a.say(true, a.t("= joins names at one rank, on ranked ballots only", "= 用于排序票的同一顺位"))
			return nil
		}
		e.join = true
	case key.Matches(msg, a.keys.SkipRank):
		if e.kind == count.BallotRanked {
			e.draft.SkipRank()
		}
	case key.Matches(msg, a.keys.WriteIn):
		if e.kind == count.BallotRanked {
			a.say(true, a.t("A ranked ballot has no write-in space", "排序票没有另选他人栏"))
			return nil
		}
		e.writeIn = &lineInput{}
	case key.Matches(msg, a.keys.Blank):
		if err := e.draft.SetBlank(); err != nil {
			a.say(true, err.Error())
		}
	case key.Matches(msg, a.keys.Invalid):
		e.picking = true
	case key.Matches(msg, a.keys.Undo):
		if !e.draft.Undo() {
			a.say(true, a.t("Nothing to undo", "没有可撤销的操作"))
		}
	case key.Matches(msg, a.keys.Section):
		e.draft.NextSection()
	case key.Matches(msg, a.keys.Submit):
		b, err := e.draft.Ballot(e.number)
		if err != nil {
			a.say(true, err.Error())
			return nil
		}
		e.saving = true
		return appendCmd(a.count, store.Event{Kind: store.EventBallotKeyed, Who: e.keyer, Round: e.round,
			Ballot: e.number, Keying: e.keying, Marks: b})
	case k == "ctrl+n" && a.mode == modeBatch:
		e.stackDone = !e.stackDone
		next := newEntry(a)
		next.stackDone = e.stackDone
		a.state(func(s *store.State) {
			if r := s.Open(); r != nil {
				next.number, next.keying, next.keyer = a.nextPaper(r, e.stackDone)
			}
		})
		a.screen = next
	case key.Matches(msg, a.keys.CloseRound):
		a.screen = newCloseScreen(a)
	case key.Matches(msg, a.keys.Disputes):
		if r := newReconcileNext(a); r != nil {
			a.screen = r
		} else {
			a.say(false, a.t("No ballot is disputed", "没有有争议的选票"))
		}
	default:
		a.say(true, fmt.Sprintf(a.t("%s does nothing here: ? shows the keys", "此处 %s 无作用：按 ? 查看按键"), k))
	}
	return nil
}

// saved follows a keying: the next paper, or the reconcile screen when
// the two keyings differ.
func (e *entryScreen) saved(a *App, evs []store.Event) tea.Cmd {
	e.saving = false
	for _, ev := range evs {
		if ev.Kind != store.EventBallotKeyed {
			continue
		}
		switch ev.Outcome {
		case "match", "accepted":
			a.say(false, fmt.Sprintf(a.t("ballot %d accepted", "第%d张选票已确认"), ev.Ballot))
		case "discrepancy":
			a.screen = newReconcile(a, ev.Ballot)
			a.say(true, fmt.Sprintf(a.t("ballot %d: the keyings differ", "第%d张：两次录入不一致"), ev.Ballot))
			return nil
		case "pending":
			a.say(false, fmt.Sprintf(a.t("ballot %d keyed once; now the second keying", "第%d张已录一次，请第二次录入"), ev.Ballot))
		}
	}
	next := newEntry(a)
	next.stackDone = e.stackDone
	a.state(func(s *store.State) {
		if r := s.Open(); r != nil {
			next.number, next.keying, next.keyer = a.nextPaper(r, e.stackDone)
		}
	})
	a.screen = next
	return nil
}

func (e *entryScreen) storeChanged(a *App, ev store.Event) {}

func (e *entryScreen) view(a *App) string {
	left := e.paperView(a)
	right := totalsView(a, 0)
	gap := "  "
	return lipgloss.JoinHorizontal(lipgloss.Top, left, gap, right)
}

// paperView draws the ballot as the paper looks, with the marks keyed.
func (e *entryScreen) paperView(a *App) string {
	var b strings.Builder
	keying := a.t("first keying", "第一次录入")
	switch e.keying {
	case 2:
		keying = a.t("second keying", "第二次录入")
	case 3:
		keying = a.t("third keying", "第三次录入")
	}
	fmt.Fprintf(&b, "%s · %s (%s)\n", fmt.Sprintf(a.t("ballot %d", "第%d张"), e.number), keying, e.keyer)
	d := e.draft
	for i, s := range d.sections {
		if len(d.sections) > 1 {
			head := s.office
			if i == d.cur {
				head = "▸ " + head
			}
			b.WriteString(a.theme.Title.Render(head) + "\n")
		}
		for j, c := range s.candidates {
			m := "  "
			switch s.marks[j] {
			case markFor:
				m = a.theme.Success.Render("○ ")
			case markAgainst:
				m = a.theme.Error.Render("× ")
			}
			rank := ""
			for k, r := range s.ranks {
				if slices.Contains(r, j) {
					rank = a.theme.Success.Render(fmt.Sprintf(" %d", k+1))
				}
			}
			fmt.Fprintf(&b, "%3d %s%s%s\n", j+1, m, pad(c, 10), rank)
		}
		for _, w := range s.writeIns {
			fmt.Fprintf(&b, "    %s%s %s\n", a.theme.Success.Render("○ "), w, a.theme.Muted.Render(a.t("(write-in)", "（另选）")))
		}
		if e.kind == count.BallotRanked {
			fmt.Fprintf(&b, "    %s\n", a.theme.Muted.Render(fmt.Sprintf(a.t("%d ranks keyed", "已排 %d 个顺位"), len(s.ranks))))
		} else {
			line := fmt.Sprintf(a.t("for %d of %d · valid", "赞成 %d / 可选 %d · 有效"), s.fors(), s.maxFor)
			style := a.theme.Muted
			if s.overVote() {
				line = fmt.Sprintf(a.t("%d for-marks > %d seats → invalid (over-vote)", "赞成 %d 人 > 应选 %d 人 → 无效（超选）"), s.fors(), s.maxFor)
				style = a.theme.Warning
			}
			b.WriteString("    " + style.Render(line) + "\n")
		}
	}
	switch {
	case d.blank:
		b.WriteString(a.theme.Warning.Render(a.t("▸ blank ballot (valid, abstains on everyone)", "▸ 空白票（有效，对所有人弃权）")) + "\n")
	case d.invalid != count.ReasonNone:
		b.WriteString(a.theme.Warning.Render(a.t("▸ invalid: ", "▸ 无效：")+reasonText(a, d.invalid)) + "\n")
	}
	if e.writeIn != nil {
		b.WriteString(a.t("write-in: ", "另选他人：") + e.writeIn.value + "▏ " + a.theme.Muted.Render(a.t("⏎ add · tab earlier names · esc cancel", "⏎ 添加 · tab 已用过的名字 · esc 取消")) + "\n")
	}
	if e.picking {
		b.WriteString(a.t("invalid because: ", "无效原因：") + "1 " + reasonText(a, count.ReasonOverVote) + "  2 " + reasonText(a, count.ReasonIdentifyingMark) +
			"  3 " + reasonText(a, count.ReasonUnreadable) + "  4 " + reasonText(a, count.ReasonTwoOffices) + "  5 " + reasonText(a, count.ReasonOther) + "  0 " + a.t("valid", "有效") + "\n")
	}
	if e.digits != "" || e.against || e.join {
		pre := ""
		if e.against {
			pre = "-"
		}
		if e.join {
			pre = "="
		}
		b.WriteString(a.theme.Muted.Render(a.t("typing: ", "输入中：")+pre+e.digits) + "\n")
	}
	return a.theme.Border.Width(max(40, a.width/2-2)).Render(strings.TrimRight(b.String(), "\n"))
}

func reasonText(a *App, r count.Reason) string {
	names := map[count.Reason][2]string{
		count.ReasonOverVote: {"over-vote", "超过应选人数"}, count.ReasonIdentifyingMark: {"identifying mark", "有可辨认记号"},
		count.ReasonUnreadable: {"unreadable", "无法辨认"}, count.ReasonTwoOffices: {"one person for two offices", "一人选两职"},
		count.ReasonOther: {"other", "其他"},
	}
	n := names[r]
	return a.t(n[0], n[1])
}

func (e *entryScreen) help(a *App) []key.Binding {
	k := a.keys
	out := []key.Binding{k.Digits}
	switch e.kind {
	case count.BallotMarked:
		out = append(out, k.Against, k.WriteIn)
	case count.BallotChoice:
		out = append(out, k.WriteIn)
	case count.BallotRanked:
		out = append(out, k.JoinRank, k.SkipRank)
	}
	out = append(out, k.Blank, k.Invalid, k.Undo, k.Submit)
	if len(e.draft.sections) > 1 {
		out = append(out, k.Section)
	}
	closeKey := k.CloseRound
	if a.totals != nil && a.totals.pending+a.totals.disputed > 0 {
		closeKey.SetEnabled(false)
	}
	out = append(out, k.Disputes, closeKey)
	return out
}
