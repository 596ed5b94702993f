package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"tally/count"
	"tally/store"
)

// reconcileScreen sets keyings that differ side by side; the team looks
// at the paper again and the chief scrutineer decides, by name.
type reconcileScreen struct {
	number  int
	round   int
	keyings []store.Keying
	spec    count.Round
	kind    count.BallotKind
	// choice is the decision waiting for the scrutineer's name; keying
	// the keying sent back (rekey). choosing: r was pressed, a or b next.
	choice   string
	keying   int
	choosing bool
	naming   bool
	name     lineInput
}

func newReconcile(a *App, number int) *reconcileScreen {
	r := &reconcileScreen{number: number}
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
	if a.totals == nil || len(a.totals.disputedNumbers) == 0 {
		return nil
	}
	return newReconcile(a, a.totals.disputedNumbers[0])
}

func (r *reconcileScreen) typing() bool { return r.naming }

func (r *reconcileScreen) update(a *App, msg tea.KeyPressMsg) tea.Cmd {
	k := a.keys
	if r.naming {
		switch msg.String() {
		case "enter":
			who, ok := a.signed(r.name, "The chief scrutineer's name is recorded with the decision", "裁定须记录总监票人姓名")
			if !ok {
				return nil
			}
			return a.signAndWrite(r, who, []store.Event{{Kind: store.EventKeyingsResolved, Who: who, Round: r.round, Ballot: r.number, Decision: r.choice, Keying: r.keying}})
		case "esc":
			r.naming, r.choice = false, ""
		default:
			r.name.key(msg)
		}
		return nil
	}
	if r.choosing {
		r.choosing = false
		switch {
		case key.Matches(msg, k.TakeA):
			r.keying = 1
		case key.Matches(msg, k.TakeB):
			r.keying = 2
		case key.Matches(msg, k.TakeC) && len(r.keyings) >= 3:
			r.keying = 3
		default:
			return nil
		}
		r.choice, r.naming = store.DecideRekey, true
		return nil
	}
	switch {
	case key.Matches(msg, k.TakeA):
		r.choice = store.DecideTake1
	case key.Matches(msg, k.TakeB):
		r.choice = store.DecideTake2
	case key.Matches(msg, k.TakeC) && len(r.keyings) >= 3:
		r.choice = store.DecideTake3
	case key.Matches(msg, k.Rekey):
		r.choosing = true
		return nil
	case key.Matches(msg, k.Third):
		if len(r.keyings) >= 3 {
			a.say(true, a.t("Three keyings already: decide among them", "已有三次录入：请在其中裁定"))
			return nil
		}
		if a.roles() {
			// A keyer who keyed the paper neither time, with their PIN.
			a.screen = &keyerScreen{back: r, number: r.number, keying: len(r.keyings) + 1}
			return nil
		}
		e := newEntry(a)
		e.number, e.keying, e.keyer = r.number, len(r.keyings)+1, a.keyerA
		a.screen = e
		return nil
	case key.Matches(msg, k.Later):
		a.screen = newEntry(a)
		a.say(false, fmt.Sprintf(a.t("ballot %d stays disputed: the round cannot close until it is settled (ctrl+d)", "第%d张仍存疑：解决前不能结束本轮（ctrl+d）"), r.number))
		return nil
	default:
		a.say(true, fmt.Sprintf(a.t("%s does nothing here: a, b, k, r or esc", "此处 %s 无作用：请按 a、b、k、r 或 esc"), msg.String()))
		return nil
	}
	r.naming = true
	return nil
}

// saved: the decision is recorded; keying goes on.
func (r *reconcileScreen) saved(a *App, evs []store.Event) tea.Cmd {
	if evs == nil {
		return nil
	}
	accepted := false
	for _, ev := range evs {
		accepted = accepted || ev.Kind == store.EventKeyingsResolved && ev.Outcome == "accepted"
	}
	switch {
	case r.choice == store.DecideRekey && accepted:
		a.say(false, fmt.Sprintf(a.t("ballot %d accepted: the two keyings left agree", "第%d张已确认：余下两次录入一致"), r.number))
	case r.choice == store.DecideRekey:
		a.say(false, fmt.Sprintf(a.t("ballot %d goes back to be keyed again", "第%d张退回重录"), r.number))
	default:
		a.say(false, fmt.Sprintf(a.t("ballot %d accepted as keying %c, decided by %s", "第%d张按 %c 的录入确认，裁定人 %s"), r.number, 'A'+r.choice[len(r.choice)-1]-'1', a.chief))
	}
	a.screen = newEntry(a)
	return nil
}

// storeChanged: another terminal may settle the ballot first.
func (r *reconcileScreen) storeChanged(a *App, ev store.Event) {
	if ev.Ballot == r.number && ev.Kind == store.EventKeyingsResolved && !r.naming {
		a.screen = newEntry(a)
	}
}

func (r *reconcileScreen) view(a *App) string {
	var b strings.Builder
	fmt.Fprintf(&b, a.t("ballot %d · the keyings differ: hold the paper up and look again", "第%d张 · 两次录入不一致：请举起选票再核对")+"\n\n", r.number)
	if len(r.keyings) < 2 {
		b.WriteString(a.t("This ballot has no keyings that differ.", "此票没有不一致的录入。"))
		return a.box(b.String())
	}
	drafts := make([]*draft, len(r.keyings))
	for i, k := range r.keyings {
		m := k.Marks
		drafts[i] = fromBallot(r.kind, &r.spec, &m)
	}
	// Rows first, so each column is as wide as its widest cell.
	type row struct {
		label, office string
		cells         []string
	}
	var rows []row
	heads := make([]string, len(r.keyings))
	for i, k := range r.keyings {
		heads[i] = fmt.Sprintf("%c (%s)", 'A'+i, k.Who)
	}
	collect := func(label string, cell func(d *draft) string) {
		rw := row{label: label}
		for _, d := range drafts {
			rw.cells = append(rw.cells, cell(d))
		}
		rows = append(rows, rw)
	}
	// The paper as a whole: valid, blank, or invalid and why.
	collect(a.t("paper", "整张"), func(d *draft) string { return paperWord(a, d) })
	for si, sec := range drafts[0].sections {
		if len(drafts[0].sections) > 1 {
			rows = append(rows, row{office: sec.office})
		}
		for ci, c := range sec.candidates {
			collect(fmt.Sprintf("%2d %s", ci+1, c), func(d *draft) string { return markWord(a, d, si, ci) })
		}
		w := row{label: a.t("write-in", "另选他人")}
		for _, d := range drafts {
			w.cells = append(w.cells, strings.Join(d.sections[si].writeIns, "、"))
		}
		if strings.Join(w.cells, "") != "" {
			rows = append(rows, w)
		}
	}
	nameW, colW := 10, 14
	for _, h := range heads {
		colW = max(colW, lipgloss.Width(h)+2)
	}
	for _, rw := range rows {
		nameW = max(nameW, lipgloss.Width(rw.label)+2)
		for _, c := range rw.cells {
			colW = max(colW, lipgloss.Width(c)+2)
		}
	}
	line := pad("", nameW)
	for _, h := range heads {
		line += pad(h, colW)
	}
	b.WriteString(a.theme.Title.Render(line) + "\n")
	for _, rw := range rows {
		if rw.office != "" {
			b.WriteString(a.theme.Title.Render(rw.office) + "\n")
			continue
		}
		line := pad(rw.label, nameW)
		for _, c := range rw.cells {
			line += pad(c, colW)
		}
		if !same(rw.cells) {
			line = a.theme.Warning.Render(line + "◆ " + a.t("differs", "不一致"))
		}
		b.WriteString(line + "\n")
	}
	switch {
	case r.choosing:
		b.WriteString("\n" + a.t("Send back which keying? a, b", "退回哪一次录入？a、b"))
		if len(r.keyings) >= 3 {
			b.WriteString(a.t(" or c", " 或 c"))
		}
	case r.naming:
		b.WriteString("\n" + a.decisionWords(r) + "\n" + a.t("chief scrutineer: ", "总监票人：") + r.name.value + "▏")
	}
	return a.box(strings.TrimRight(b.String(), "\n"))
}

func (a *App) decisionWords(r *reconcileScreen) string {
	if r.choice == store.DecideRekey {
		return fmt.Sprintf(a.t("Keying %c is set aside and keyed again.", "第 %c 次录入作废，重新录入。"), 'A'+r.keying-1)
	}
	return fmt.Sprintf(a.t("Ballot %d is accepted as keying %c has it.", "第%d张按 %c 的录入确认。"), r.number, 'A'+r.choice[len(r.choice)-1]-'1')
}

func same(cells []string) bool {
	for _, c := range cells[1:] {
		if c != cells[0] {
			return false
		}
	}
	return true
}

// paperWord says what a keying made of the whole paper, with the note
// keyed for an invalid one.
func paperWord(a *App, d *draft) string {
	switch {
	case d.invalid != count.ReasonNone && d.note != "":
		return "✗ " + reasonText(a, d.invalid) + a.t(": ", "：") + d.note
	case d.invalid != count.ReasonNone:
		return "✗ " + reasonText(a, d.invalid)
	case d.blank:
		return a.t("blank", "空白票")
	}
	return a.t("valid", "有效")
}

// markWord is one candidate's mark in a keying, in a glyph and a word.
func markWord(a *App, d *draft, si, ci int) string {
	s := d.sections[si]
	for k, r := range s.ranks {
		for _, c := range r {
			if c == ci {
				return fmt.Sprintf(a.t("rank %d", "第%d顺位"), k+1)
			}
		}
	}
	switch s.marks[ci] {
	case markFor:
		return "○ " + a.t("for", "赞成")
	case markAgainst:
		return "× " + a.t("against", "反对")
	}
	return "·"
}

func (r *reconcileScreen) help(a *App) []key.Binding {
	k := a.keys
	if r.naming {
		return []key.Binding{k.Confirm, k.Cancel}
	}
	out := []key.Binding{k.TakeA, k.TakeB}
	if len(r.keyings) >= 3 {
		out = append(out, k.TakeC)
	}
	third := k.Third
	third.SetEnabled(len(r.keyings) < 3)
	return append(out, third, k.Rekey, k.Later)
}
