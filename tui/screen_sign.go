package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tally/store"
)

// In a count file that follows roles (docs/roles.md) the chief's acts are
// signed with the chief's PIN and confirmed, at the same keyboard, by a
// scrutineer or the presiding officer with theirs; the store takes the
// act and its confirmation together. Files made before roles keep the
// typed name alone.

// roles says whether the count file follows roles.
func (a *App) roles() bool {
	on := false
	a.state(func(s *store.State) { on = s.Rules >= store.RulesRoles })
	return on
}

// pinMask shows a PIN as dots.
func pinMask(p string) string { return strings.Repeat("•", len([]rune(p))) }

// ensure signs a person in with their PIN for this sitting (in the role
// they hold, else role), or checks the PIN of one signed in already:
// called off the UI's goroutine.
func ensure(c Count, name, role, pin string) error { return c.Vouch(name, role, pin) }

// signScreen asks for the PINs and the confirmer of a chief's act before
// it is written: the chief's PIN, then a scrutineer's or the presiding
// officer's name and PIN. back is the screen whose act it is.
type signScreen struct {
	back   saver
	chief  string
	fields [3]lineInput // chief's PIN, confirmer, confirmer's PIN
	focus  int
	// evs is the act to write; close, when set, closes the round instead.
	evs   []store.Event
	close *closeAct
}

type closeAct struct {
	note string
}

// signAndWrite writes a chief's act: as it is in a file made before roles
// (with the chief's sign-in, the first time), else after the PINs and the
// confirmation are given on a signScreen.
func (a *App) signAndWrite(back saver, chief string, evs []store.Event) tea.Cmd {
	if !a.roles() {
		return a.write(back, append(signIn(a, chief, store.RoleChief), evs...)...)
	}
	a.screen = &signScreen{back: back, chief: chief, evs: evs}
	return nil
}

// signAndClose closes the round, signed and confirmed likewise.
func (a *App) signAndClose(back saver, chief, note string) tea.Cmd {
	if !a.roles() {
		return a.closeRound(back, chief, note, signIn(a, chief, store.RoleChief))
	}
	a.screen = &signScreen{back: back, chief: chief, close: &closeAct{note: note}}
	return nil
}

func (s *signScreen) typing() bool { return true }

func (s *signScreen) update(a *App, msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		a.screen = s.back
		return nil
	case "tab", "down":
		s.focus = (s.focus + 1) % len(s.fields)
		return nil
	case "shift+tab", "up":
		s.focus = (s.focus + len(s.fields) - 1) % len(s.fields)
		return nil
	case "enter":
		pin, who, pin2 := s.fields[0].value, strings.TrimSpace(s.fields[1].value), s.fields[2].value
		switch {
		case pin == "":
			s.focus = 0
			a.say(true, a.t("The chief scrutineer's PIN", "请输入总监票人的 PIN"))
			return nil
		case who == "":
			s.focus = 1
			a.say(true, a.t("A scrutineer or the presiding officer confirms it, by name and PIN", "须由监票人或会议主持人凭姓名和 PIN 确认"))
			return nil
		case pin2 == "":
			s.focus = 2
			a.say(true, a.t("The confirmer's PIN", "请输入确认人的 PIN"))
			return nil
		}
		a.inflight++
		c, chief, evs, close := a.count, s.chief, s.evs, s.close
		return func() tea.Msg {
			if err := ensure(c, chief, store.RoleChief, pin); err != nil {
				return errMsg{err, s}
			}
			if err := ensure(c, who, store.RoleScrutineer, pin2); err != nil {
				return errMsg{err, s}
			}
			if close != nil {
				res, err := c.CloseRound(chief, close.note, who)
				if err != nil {
					return errMsg{err, s}
				}
				return closedMsg{res}
			}
			out, err := c.AppendAll(append(evs, store.Event{Kind: store.EventConfirmed, Who: who})...)
			if err != nil {
				return errMsg{err, s}
			}
			return savedMsg{out, s}
		}
	}
	if s.focus != 1 && msg.Text != "" && (msg.Text[0] < '0' || msg.Text[0] > '9') && !strings.ContainsRune("０１２３４５６７８９", []rune(msg.Text)[0]) {
		a.say(true, a.t("A PIN is digits", "PIN 为数字"))
		return nil
	}
	s.fields[s.focus].key(msg)
	return nil
}

// saved: the act and its confirmation are written; the screen whose act
// it was goes on. On a refusal (a wrong PIN: said, and journalled) the
// PINs are cleared to be given again.
func (s *signScreen) saved(a *App, evs []store.Event) tea.Cmd {
	if evs == nil {
		s.fields[0].value, s.fields[2].value = "", ""
		s.focus = 0
		return nil
	}
	a.chief = s.chief
	a.screen = s.back
	return s.back.saved(a, evs)
}

func (s *signScreen) view(a *App) string {
	var b strings.Builder
	b.WriteString(a.theme.Title.Render(a.t("Signed by the chief, confirmed by a second person", "总监票人签署，第二人确认")) + "\n")
	b.WriteString(a.theme.Muted.Render(a.t("The act stands when a scrutineer or the presiding officer confirms it (docs/roles.md).",
		"须经监票人或会议主持人确认后生效（见 docs/roles.md）。")) + "\n\n")
	b.WriteString("  " + pad(a.t("chief scrutineer", "总监票人"), 22) + " " + s.chief + "\n")
	labels := []string{a.t("chief's PIN", "总监票人 PIN"), a.t("confirmed by", "确认人"), a.t("confirmer's PIN", "确认人 PIN")}
	for i, f := range s.fields {
		cursor, v := "  ", f.value
		if i != 1 {
			v = pinMask(v)
		}
		if i == s.focus {
			cursor = "▸ "
			v += "▏"
		}
		b.WriteString(cursor + pad(labels[i], 22) + " " + v + "\n")
	}
	return a.box(strings.TrimRight(b.String(), "\n"))
}

func (s *signScreen) help(a *App) []key.Binding {
	return []key.Binding{a.keys.Next, key.NewBinding(key.WithKeys("enter"), key.WithHelp("⏎", a.t("sign and confirm", "签署并确认"))), a.keys.Cancel}
}

// keyerScreen asks who keys a paper a third time, with their PIN: a keyer
// who keyed it neither time (a file that follows roles).
type keyerScreen struct {
	back   screen
	number int
	keying int
	fields [2]lineInput // name, PIN
	focus  int
}

func (k *keyerScreen) typing() bool { return true }

func (k *keyerScreen) update(a *App, msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		a.screen = k.back
		return nil
	case "tab", "down", "shift+tab", "up":
		k.focus = 1 - k.focus
		return nil
	case "enter":
		who, pin := strings.TrimSpace(k.fields[0].value), k.fields[1].value
		if who == "" || pin == "" {
			a.say(true, a.t("The third keyer's name and PIN", "请输入第三位计票人的姓名和 PIN"))
			return nil
		}
		keyed := false
		a.state(func(s *store.State) {
			if r := s.Open(); r != nil && r.Ballots[k.number] != nil {
				for _, kk := range r.Ballots[k.number].Keyings {
					keyed = keyed || kk.Who == who
				}
			}
		})
		if keyed {
			a.say(true, fmt.Sprintf(a.t("%s keyed ballot %d already: the third keying is by another keyer", "%s 已录入过第%d张：第三次录入须由另一位计票人"), who, k.number))
			return nil
		}
		a.inflight++
		c := a.count
		return func() tea.Msg {
			if err := ensure(c, who, store.RoleKeyer, pin); err != nil {
				return errMsg{err, k}
			}
			return savedMsg{[]store.Event{{Kind: store.EventTellerSignedIn, Who: who}}, k}
		}
	}
	k.fields[k.focus].key(msg)
	return nil
}

func (k *keyerScreen) saved(a *App, evs []store.Event) tea.Cmd {
	if evs == nil {
		k.fields[1].value = ""
		return nil
	}
	e := newEntry(a)
	e.number, e.keying, e.keyer = k.number, k.keying, evs[0].Who
	e.pass, a.atKeyboard = nil, evs[0].Who // they have just given their PIN
	a.screen = e
	return nil
}

func (k *keyerScreen) view(a *App) string {
	var b strings.Builder
	b.WriteString(a.theme.Title.Render(a.t("Who keys this paper a third time?", "由谁第三次录入此票？")) + "\n")
	b.WriteString(a.theme.Muted.Render(a.t("A keyer who keyed it neither time, with their PIN.", "须为前两次之外的计票人，凭 PIN。")) + "\n\n")
	labels := []string{a.t("keyer", "计票人"), "PIN"}
	for i, f := range k.fields {
		cursor, v := "  ", f.value
		if i == 1 {
			v = pinMask(v)
		}
		if i == k.focus {
			cursor, v = "▸ ", v+"▏"
		}
		b.WriteString(cursor + pad(labels[i], 12) + " " + v + "\n")
	}
	return a.box(strings.TrimRight(b.String(), "\n"))
}

func (k *keyerScreen) help(a *App) []key.Binding {
	return []key.Binding{a.keys.Next, key.NewBinding(key.WithKeys("enter"), key.WithHelp("⏎", a.t("sign in", "签到"))), a.keys.Cancel}
}
