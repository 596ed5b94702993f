package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tally/count"
	"tally/store"
)

// entryScreen keys one paper: the keyer's marks, then ⏎.
type entryScreen struct {
	draft  *draft
	spec   count.Round
	kind   count.BallotKind
	round  int
	number int
	keying int
	keyer  string
	// of is the ballots returned (the figure), to say "ballot 17 of 50".
	of int
	// voided: this paper was accepted, then voided for this reason; it is
	// keyed again.
	voided string
	// digits typed so far of a candidate's number; against and join say
	// what the number will do (- against, = same rank).
	digits  string
	against bool
	join    bool
	// writeIn and search are the open text fields, if any.
	writeIn *lineInput
	search  *lineInput
	// note is the reason asked for when a paper is invalid for "other".
	note    *lineInput
	picking bool
	// pass asks the keyer's PIN before they key: the keyboard has passed
	// to them from the other keyer (a file that follows roles).
	pass *lineInput
}

// passedMsg: the PIN given as the keyboard passed was checked.
type passedMsg struct {
	who string
	err error
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
		e.of = r.Spec.Figures.Returned
		e.number, e.keying, e.keyer = a.nextPaper(r)
		if b := r.Ballots[e.number]; b != nil && b.Status == store.BallotVoided && len(b.Voids) > 0 {
			v := b.Voids[len(b.Voids)-1]
			e.voided = v.Note
			if e.voided == "" {
				e.voided = reasonText(a, v.Reason)
			}
		}
	})
	e.draft = newDraft(e.kind, &e.spec)
	e.draft.zh = a.zh
	if e.keyer != "" && a.atKeyboard != "" && e.keyer != a.atKeyboard && a.roles() {
		e.pass = &lineInput{}
	}
	return e
}

// passKey takes the PIN of the keyer the keyboard passes to.
func (e *entryScreen) passKey(a *App, msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "enter":
		pin, who, c := e.pass.value, e.keyer, a.count
		if pin == "" {
			a.say(true, fmt.Sprintf(a.t("%s gives their PIN to key", "%s 须输入 PIN 才能录入"), who))
			return nil
		}
		e.pass.value = ""
		a.inflight++
		return func() tea.Msg { return passedMsg{who, ensure(c, who, store.RoleKeyer, pin)} }
	case "backspace":
		e.pass.key(msg)
	default:
		if msg.Text != "" && msg.Text[0] >= '0' && msg.Text[0] <= '9' {
			e.pass.key(msg)
		}
	}
	return nil
}

// nextPaper says which ballot is keyed next, which keying it is, and by
// whom: a voided ballot to key again comes first; interleaved, keyer B
// keys the paper keyer A has just keyed; in a batch, A keys a stack and B
// then re-keys it; a round keyed once has A key every paper.
func (a *App) nextPaper(r *store.RoundState) (number, keying int, keyer string) {
	newNumber := 1
	var pending []int
	for n, b := range r.Ballots {
		newNumber = max(newNumber, n+1)
		if b.Status == store.BallotPending {
			pending = append(pending, n)
		}
	}
	slices.Sort(pending)
	voided := 0
	for n, b := range r.Ballots {
		if b.Status == store.BallotVoided && !slices.Contains(a.later, n) && (voided == 0 || n < voided) {
			voided = n
		}
	}
	if voided > 0 {
		return voided, 1, a.keyerA
	}
	if r.Mode == store.KeyingSingle || a.keyerB == "" {
		return newNumber, 1, a.keyerA
	}
	if len(pending) == 0 {
		a.stackDone = false
	}
	if len(pending) > 0 && (a.mode == modeInterleaved || a.stackDone || len(pending) >= a.batchSize) {
		if a.mode == modeBatch {
			a.stackDone = true // B re-keys the whole stack before A goes on
		}
		n := pending[0]
		b := r.Ballots[n]
		keyer = a.keyerB
		active := 0
		for _, k := range b.Keyings {
			if k.SetAside {
				continue
			}
			active++
			if k.Who == a.keyerB {
				keyer = a.keyerA
			}
		}
		return n, active + 1, keyer
	}
	return newNumber, 1, a.keyerA
}

func (e *entryScreen) candidates() []string { return e.draft.sections[e.draft.cur].candidates }

// typing: a write-in or a search takes printable keys.
func (e *entryScreen) typing() bool { return e.writeIn != nil || e.search != nil || e.note != nil }

// applyDigits acts on the digits typed: the number is applied at once when
// no candidate's number starts with it; otherwise it waits for the next
// digit, or for a key that ends it (space, or any other key).
func (e *entryScreen) applyDigits(a *App, final bool) {
	if e.digits == "" {
		return
	}
	n, _ := strconv.Atoi(e.digits)
	if !final && n > 0 && n*10 <= len(e.candidates()) {
		return // 1 may become 12
	}
	e.digits = ""
	e.mark(a, n)
}

// mark applies candidate n (from 1) as the pending - or = says.
func (e *entryScreen) mark(a *App, n int) {
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
	switch {
	case e.pass != nil && !strings.HasPrefix(msg.String(), "ctrl+"):
		// The PIN gates keying only: the chief's keys (close, disputes,
		// void) and the screens stay at hand.
		return e.passKey(a, msg)
	case e.writeIn != nil:
		e.writeInKey(a, msg)
		return nil
	case e.search != nil:
		e.searchKey(a, msg)
		return nil
	case e.note != nil:
		switch msg.String() {
		case "enter":
			if strings.TrimSpace(e.note.value) == "" {
				a.say(true, a.t("Say why the paper is invalid", "请写明无效原因"))
				return nil
			}
			e.draft.note = strings.TrimSpace(e.note.value) // part of the SetInvalid step undo takes back
			e.note = nil
		case "esc":
			e.note = nil
			e.draft.Undo()
		default:
			e.note.key(msg)
		}
		return nil
	case e.picking:
		e.picking = false
		switch s := msg.String(); s {
		case "1", "2", "3", "4":
			e.draft.SetInvalid(count.Reason(s[0] - '0'))
		case "5":
			e.draft.SetInvalid(count.ReasonOther)
			e.note = &lineInput{}
		case "0":
			e.draft.SetInvalid(count.ReasonNone)
		case "esc":
		default:
			a.say(true, a.t("Choose the reason by its number, or esc", "请按编号选择原因，或按 esc"))
			e.picking = true
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
	keys := a.keys
	switch {
	case key.Matches(msg, keys.NumberEnd):
	case key.Matches(msg, keys.Against):
		if e.kind != count.BallotMarked {
			a.say(true, a.t("This ballot has no against mark", "此选票没有反对标记"))
			return nil
		}
		e.against = !e.against
	case key.Matches(msg, keys.JoinRank):
		if e.kind != count.BallotRanked {
			a.say(true, a.t("= joins names at one rank, on ranked ballots only", "= 用于排序票的同一顺位"))
			return nil
		}
		e.join = true
	case key.Matches(msg, keys.SkipRank):
		if e.kind != count.BallotRanked {
			a.say(true, a.t("_ keys a skipped rank, on ranked ballots only", "_ 用于排序票的空缺顺位"))
			return nil
		}
		e.draft.SkipRank()
	case key.Matches(msg, keys.Search):
		e.search = &lineInput{}
	case key.Matches(msg, keys.WriteIn):
		if e.kind == count.BallotRanked {
			a.say(true, a.t("A ranked ballot has no write-in space", "排序票没有另选他人栏"))
			return nil
		}
		e.writeIn = &lineInput{}
	case key.Matches(msg, keys.Blank):
		if err := e.draft.SetBlank(); err != nil {
			a.say(true, err.Error())
		}
	case key.Matches(msg, keys.Invalid):
		e.picking = true
	case key.Matches(msg, keys.Undo):
		if e.against || e.join {
			e.against, e.join = false, false
		} else if !e.draft.Undo() {
			a.say(true, a.t("Nothing to undo", "没有可撤销的操作"))
		}
	case key.Matches(msg, keys.Section):
		if len(e.draft.sections) == 1 {
			a.say(true, a.t("This paper has one office: tab moves between offices on a paper of several", "此选票只有一个职务：tab 用于多职务选票"))
			return nil
		}
		e.draft.NextSection()
	case key.Matches(msg, keys.Submit):
		return e.submit(a)
	case key.Matches(msg, keys.StackDone):
		if a.mode != modeBatch || a.keyerB == "" {
			a.say(true, a.t("ctrl+n ends a stack in batch keying only", "ctrl+n 仅用于成批录入"))
			return nil
		}
		if e.draft.Touched() {
			a.say(true, a.t("Finish this ballot first", "请先录完这张选票"))
			return nil
		}
		a.stackDone = true
		a.screen = newEntry(a)
	case key.Matches(msg, keys.CloseRound):
		if e.draft.Touched() {
			a.say(true, a.t("Finish this ballot first", "请先录完这张选票"))
			return nil
		}
		a.screen = newCloseScreen(a)
	case key.Matches(msg, keys.Disputes):
		if e.draft.Touched() {
			a.say(true, a.t("Finish this ballot first", "请先录完这张选票"))
			return nil
		}
		if r := newReconcileNext(a); r != nil {
			a.screen = r
		} else {
			a.say(false, a.t("No ballot is disputed", "没有存疑的选票"))
		}
	case key.Matches(msg, keys.Void):
		if e.draft.Touched() {
			a.say(true, a.t("Finish this ballot first", "请先录完这张选票"))
			return nil
		}
		a.screen = newVoidScreen(a)
	default:
		a.say(true, fmt.Sprintf(a.t("%s does nothing here: ? shows the keys", "此处 %s 无作用：按 ? 查看按键"), k))
	}
	return nil
}

// submit records the keying; the store answers with what it made of it.
func (e *entryScreen) submit(a *App) tea.Cmd {
	if e.keyer == "" {
		a.say(true, a.t("No keyer is signed in", "没有计票人签到"))
		return nil
	}
	b, err := e.draft.Ballot(e.number)
	if err != nil {
		a.say(true, err.Error())
		return nil
	}
	return a.write(e, store.Event{Kind: store.EventBallotKeyed, Who: e.keyer, Round: e.round,
		Ballot: e.number, Keying: e.keying, Marks: b})
}

func (e *entryScreen) writeInKey(a *App, msg tea.KeyPressMsg) {
	switch msg.String() {
	case "enter":
		name := strings.TrimSpace(e.writeIn.value)
		if err := e.draft.WriteIn(name); err != nil {
			a.say(true, err.Error())
			return
		}
		e.writeIn = nil
	case "esc":
		e.writeIn = nil
	case "tab":
		// Offer the names written in on earlier ballots, in turn.
		if m := matching(a.writeIns, e.writeIn.value); len(m) > 0 {
			e.writeIn.value = m[0]
		}
	default:
		e.writeIn.key(msg)
	}
}

// matching lists the names that start with (or, failing that, contain)
// what is typed, the typed name itself left out.
func matching(names []string, typed string) []string {
	typed = strings.TrimSpace(typed)
	var pre, in []string
	for _, n := range names {
		switch {
		case n == typed:
		case strings.HasPrefix(n, typed):
			pre = append(pre, n)
		case typed != "" && strings.Contains(n, typed):
			in = append(in, n)
		}
	}
	return append(pre, in...)
}

// searchKey finds a candidate by a part of the name: ⏎ marks the first
// match as - or = said before /, esc leaves.
func (e *entryScreen) searchKey(a *App, msg tea.KeyPressMsg) {
	switch msg.String() {
	case "enter":
		hits := e.searchHits()
		if len(hits) == 0 {
			a.say(true, fmt.Sprintf(a.t("No candidate's name holds %q", "没有姓名含“%s”的候选人"), e.search.value))
			return
		}
		e.search = nil
		e.mark(a, hits[0]+1)
	case "esc":
		e.search = nil
		e.against, e.join = false, false
	default:
		e.search.key(msg)
	}
}

// searchHits are the candidates of the current section whose names hold
// the text searched, in list order.
func (e *entryScreen) searchHits() []int {
	q := strings.ToLower(strings.TrimSpace(e.search.value))
	if q == "" {
		return nil
	}
	var out []int
	for i, c := range e.candidates() {
		if strings.Contains(strings.ToLower(c), q) {
			out = append(out, i)
		}
	}
	return out
}

// saved follows a keying: the next paper, or the reconcile screen when
// the two keyings differ. A refused keying (nil) leaves the paper as it is.
func (e *entryScreen) saved(a *App, evs []store.Event) tea.Cmd {
	if evs == nil {
		return nil
	}
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
			a.say(false, fmt.Sprintf(a.t("ballot %d keyed once; it waits for its second keying", "第%d张已录一次，待第二次录入"), ev.Ballot))
		}
	}
	a.screen = newEntry(a)
	return nil
}

func (e *entryScreen) help(a *App) []key.Binding {
	k := a.keys
	if e.pass != nil {
		// While the keyboard passes, digits are the PIN; the chief's keys
		// stay at hand.
		disputes := k.Disputes
		if a.totals == nil || a.totals.disputed == 0 {
			disputes.SetEnabled(false)
		}
		return []key.Binding{key.NewBinding(key.WithKeys("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("0-9", a.t("PIN", "PIN"))),
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("⏎", a.t("give the PIN", "确认 PIN"))), disputes, k.Void, k.CloseRound}
	}
	out := []key.Binding{k.Digits}
	if len(e.candidates()) > 9 {
		out = append(out, k.NumberEnd)
	}
	switch e.kind {
	case count.BallotMarked:
		out = append(out, k.Against, k.WriteIn)
	case count.BallotChoice:
		out = append(out, k.WriteIn)
	case count.BallotRanked:
		out = append(out, k.JoinRank, k.SkipRank)
	}
	out = append(out, k.Search, k.Blank, k.Invalid, k.Undo, k.Submit)
	if len(e.draft.sections) > 1 {
		out = append(out, k.Section)
	}
	if a.mode == modeBatch && a.keyerB != "" {
		out = append(out, k.StackDone)
	}
	disputes := k.Disputes
	if a.totals == nil || a.totals.disputed == 0 {
		disputes.SetEnabled(false)
	}
	return append(out, disputes, k.Void, k.CloseRound)
}
