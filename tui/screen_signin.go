package tui

import (
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tally/store"
)

// lineInput is a one-line text field: typed text (Chinese included),
// backspace, nothing more.
type lineInput struct{ value string }

func (l *lineInput) key(msg tea.KeyPressMsg) bool {
	switch msg.String() {
	case "backspace":
		if l.value != "" {
			_, n := utf8.DecodeLastRuneInString(l.value)
			l.value = l.value[:len(l.value)-n]
		}
		return true
	}
	if msg.Text != "" && !strings.ContainsAny(msg.Text, "\r\n\t") {
		l.value += msg.Text
		return true
	}
	return false
}

// signinScreen asks who keys: keyer A, and keyer B when the round is keyed
// twice, and how the two take turns.
type signinScreen struct {
	fields []lineInput
	focus  int
	double bool
}

func newSignin(a *App) *signinScreen {
	s := &signinScreen{}
	a.state(func(st *store.State) {
		if r := st.Open(); r != nil {
			s.double = r.Mode == store.KeyingDouble
		}
	})
	s.fields = make([]lineInput, 1)
	if s.double {
		s.fields = make([]lineInput, 2)
	}
	return s
}

func (s *signinScreen) update(a *App, msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "tab", "down":
		s.focus = (s.focus + 1) % len(s.fields)
		return nil
	case "shift+tab", "up":
		s.focus = (s.focus + len(s.fields) - 1) % len(s.fields)
		return nil
	case "ctrl+b":
		if s.double {
			if a.mode == modeInterleaved {
				a.mode = modeBatch
			} else {
				a.mode = modeInterleaved
			}
		}
		return nil
	case "enter":
		names := make([]string, len(s.fields))
		for i, f := range s.fields {
			names[i] = strings.TrimSpace(f.value)
			if names[i] == "" {
				s.focus = i
				a.say(true, a.t("A name is needed for each keyer", "每位计票人都需要填写姓名"))
				return nil
			}
		}
		if len(names) == 2 && names[0] == names[1] {
			a.say(true, a.t("The two keyings must be by two different people", "两次录入须由两位不同的计票人完成"))
			return nil
		}
		a.keyerA = names[0]
		if len(names) == 2 {
			a.keyerB = names[1]
		}
		var evs []store.Event
		a.state(func(st *store.State) {
			for _, n := range names {
				if !signedIn(st, n) {
					evs = append(evs, store.Event{Kind: store.EventTellerSignedIn, Who: n, Role: "keyer"})
				}
			}
		})
		// Before the first ballot, the round's figures are entered or
		// confirmed; after, keying goes on where it stood.
		empty := false
		a.state(func(st *store.State) {
			if r := st.Open(); r != nil {
				empty = len(r.Ballots) == 0
			}
		})
		if empty {
			a.screen = newFigures(a)
		} else {
			a.screen = newEntry(a)
		}
		if len(evs) == 0 {
			return nil
		}
		return appendCmd(a.count, evs...)
	}
	s.fields[s.focus].key(msg)
	return nil
}

func signedIn(st *store.State, name string) bool {
	for _, t := range st.Tellers {
		if t.Name == name {
			return true
		}
	}
	return false
}

func (s *signinScreen) view(a *App) string {
	var b strings.Builder
	b.WriteString(a.t("Who keys the ballots?", "请计票人签到") + "\n\n")
	labels := []string{a.t("Keyer A", "计票人A"), a.t("Keyer B", "计票人B")}
	for i, f := range s.fields {
		cursor := "  "
		if i == s.focus {
			cursor = "▸ "
		}
		b.WriteString(cursor + pad(labels[i], 10) + " " + f.value)
		if i == s.focus {
			b.WriteString("▏")
		}
		b.WriteString("\n")
	}
	if s.double {
		mode := a.t("interleaved: A keys a paper, then B keys the same paper", "交替：A 录一张，B 随即录同一张")
		if a.mode == modeBatch {
			mode = a.t("batch: A keys a stack of 10, then B keys the same stack", "成批：A 录一叠（10张），B 再录同一叠")
		}
		b.WriteString("\n" + a.t("Each ballot is keyed twice. ", "每张选票录入两次。") + mode + "\n")
	} else {
		b.WriteString("\n" + a.t("This round is keyed once, as the round says; the count sheet will say so.", "本轮只录入一次（按本轮设定），计票报告单会注明。") + "\n")
	}
	return a.theme.Border.Render(b.String())
}

func (s *signinScreen) help(a *App) []key.Binding {
	out := []key.Binding{key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", a.t("next field", "下一栏"))),
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("⏎", a.t("sign in", "签到")))}
	if s.double {
		out = append(out, key.NewBinding(key.WithKeys("ctrl+b"), key.WithHelp("ctrl+b", a.t("interleaved / batch", "交替/成批"))))
	}
	return out
}
