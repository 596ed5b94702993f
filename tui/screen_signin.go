package tui

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tally/report"
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

// signed takes the chief scrutineer's name typed for a decision, or false
// with the refusal said when no name is typed.
func (a *App) signed(name lineInput, en, zh string) (string, bool) {
	who := strings.TrimSpace(name.value)
	if who == "" {
		a.say(true, a.t(en, zh))
		return "", false
	}
	if !a.roles() {
		a.chief = who
	}
	return who, true
}

// signIn returns the event signing someone in, if they are not yet.
func signIn(a *App, who, role string) []store.Event {
	var evs []store.Event
	a.state(func(st *store.State) {
		if !signedIn(st, who) {
			evs = append(evs, store.Event{Kind: store.EventTellerSignedIn, Who: who, Role: role})
		}
	})
	return evs
}

func signedIn(st *store.State, name string) bool {
	for _, t := range st.Tellers {
		if t.Name == name {
			return true
		}
	}
	return false
}

// signinScreen asks who keys: keyer A, and keyer B when the round is keyed
// twice, and how the two take turns (with the stack size in a batch).
type signinScreen struct {
	fields []lineInput
	focus  int
	double bool
	stack  lineInput
	// roles: the file follows roles; each keyer gives a PIN (pins), and
	// at one keyboard the two keyers take turns by stacks.
	roles bool
	pins  []lineInput
	names []string // signed in, waiting for the store
}

func newSignin(a *App) screen {
	s := &signinScreen{stack: lineInput{value: strconv.Itoa(a.batchSize)}}
	open := false
	a.state(func(st *store.State) {
		if r := st.Open(); r != nil {
			open, s.double = true, r.Mode == store.KeyingDouble
		}
	})
	if !open {
		return newDecidedScreen(a)
	}
	s.fields = make([]lineInput, 1)
	if s.double {
		s.fields = make([]lineInput, 2)
	}
	if s.roles = a.roles(); s.roles {
		s.pins = make([]lineInput, len(s.fields))
		if s.double {
			a.mode = modeBatch
		}
	}
	s.fields[0].value = a.keyerA
	if s.double {
		s.fields[1].value = a.keyerB
	}
	return s
}

// typing: the names take text, but not ? (which opens the help).
func (s *signinScreen) typing() bool { return false }

// count of fields in focus order: the names (each with its PIN when the
// file follows roles), then the stack size.
func (s *signinScreen) count(a *App) int {
	n := len(s.fields) + len(s.pins)
	if s.double && a.mode == modeBatch {
		return n + 1
	}
	return n
}

// at says what the focus is on: a name (i, false), a PIN (i, true), or
// the stack size (-1).
func (s *signinScreen) at(f int) (int, bool) {
	per := 1
	if s.roles {
		per = 2
	}
	if f >= len(s.fields)*per {
		return -1, false
	}
	return f / per, s.roles && f%2 == 1
}

func (s *signinScreen) update(a *App, msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "tab", "down":
		s.focus = (s.focus + 1) % s.count(a)
		return nil
	case "shift+tab", "up":
		s.focus = (s.focus + s.count(a) - 1) % s.count(a)
		return nil
	case "ctrl+b":
		if s.double && s.roles {
			a.say(true, a.t("At one keyboard the keyers take turns by stacks, each giving their PIN as the keyboard passes", "同一键盘上两位计票人按叠轮流录入，交接键盘时各自输入 PIN"))
			return nil
		}
		if s.double {
			if a.mode == modeInterleaved {
				a.mode = modeBatch
			} else {
				a.mode = modeInterleaved
				s.focus = min(s.focus, s.count(a)-1)
			}
		}
		return nil
	case "enter":
		names := make([]string, len(s.fields))
		per := 1
		if s.roles {
			per = 2
		}
		for i, f := range s.fields {
			names[i] = strings.TrimSpace(f.value)
			if names[i] == "" {
				s.focus = i * per
				a.say(true, a.t("A name is needed for each keyer", "每位计票人都需要填写姓名"))
				return nil
			}
			if s.roles && s.pins[i].value == "" {
				s.focus = i*per + 1
				a.say(true, a.t("Each keyer gives a PIN of 4 to 6 digits (chosen at their first sign-in)", "每位计票人须输入 4 至 6 位数字的 PIN（首次签到时自设）"))
				return nil
			}
		}
		if len(names) == 2 && names[0] == names[1] {
			a.say(true, a.t("The two keyings must be by two different people", "两次录入须由两位不同的计票人完成"))
			return nil
		}
		if a.mode == modeBatch && s.double {
			n, err := strconv.Atoi(strings.TrimSpace(s.stack.value))
			if err != nil || n < 1 || n > 500 {
				s.focus = s.count(a) - 1
				a.say(true, a.t("A stack is 1 to 500 papers", "每叠 1 至 500 张"))
				return nil
			}
			a.batchSize = n
		}
		if s.roles {
			// Each signs in with their PIN, off the UI's goroutine; the
			// table goes on when the store has taken them (saved).
			s.names = names
			pins := make([]string, len(s.pins))
			for i := range s.pins {
				pins[i] = s.pins[i].value
			}
			a.inflight++
			c := a.count
			return func() tea.Msg {
				for i, n := range names {
					if err := ensure(c, n, store.RoleKeyer, pins[i]); err != nil {
						return errMsg{err, s}
					}
				}
				return savedMsg{[]store.Event{{Kind: store.EventTellerSignedIn, Who: names[0]}}, s}
			}
		}
		a.keyerA, a.keyerB = names[0], ""
		if len(names) == 2 {
			a.keyerB = names[1]
		}
		var evs []store.Event
		for _, n := range names {
			evs = append(evs, signIn(a, n, store.RoleKeyer)...)
		}
		a.goKeying()
		if len(evs) == 0 {
			return nil
		}
		return a.write(nil, evs...)
	}
	i, pin := s.at(s.focus)
	if i < 0 || pin {
		if msg.Text != "" && (msg.Text[0] < '0' || msg.Text[0] > '9') {
			if pin {
				a.say(true, a.t("A PIN is 4 to 6 digits", "PIN 为 4 至 6 位数字"))
			}
			return nil
		}
		if pin {
			s.pins[i].key(msg)
		} else {
			s.stack.key(msg)
		}
		return nil
	}
	s.fields[i].key(msg)
	return nil
}

// saved: the keyers are signed in with their PINs; the table goes on. A
// refused PIN is said (and journalled by the store); the PINs are cleared.
func (s *signinScreen) saved(a *App, evs []store.Event) tea.Cmd {
	if evs == nil {
		for i := range s.pins {
			s.pins[i].value = ""
		}
		return nil
	}
	a.keyerA, a.keyerB = s.names[0], ""
	if len(s.names) == 2 {
		a.keyerB = s.names[1]
	}
	a.atKeyboard = a.keyerA
	a.goKeying()
	return nil
}

// goKeying opens the round's figures before its first ballot, else the
// next paper, where keying stood.
func (a *App) goKeying() {
	empty := false
	a.state(func(st *store.State) {
		if r := st.Open(); r != nil {
			empty = len(r.Ballots) == 0
			// Batch keying resumed: papers keyed once are a stack keyer B
			// had not finished re-keying.
			a.stackDone = a.mode == modeBatch && r.Counts()[store.BallotPending] > 0
		}
	})
	if empty {
		a.screen = newFigures(a)
	} else {
		a.screen = newEntry(a)
	}
}

func (s *signinScreen) view(a *App) string {
	var b strings.Builder
	b.WriteString(a.theme.Title.Render(a.t("Who keys the ballots?", "请计票人签到")) + "\n\n")
	labels := []string{a.t("Keyer A", "计票人A"), a.t("Keyer B", "计票人B")}
	field := func(i int, label, value string) {
		cursor := "  "
		if i == s.focus {
			cursor = "▸ "
		}
		b.WriteString(cursor + pad(label, 12) + " " + value)
		if i == s.focus {
			b.WriteString("▏")
		}
		b.WriteString("\n")
	}
	f := 0
	for i, fl := range s.fields {
		field(f, labels[i], fl.value)
		f++
		if s.roles {
			field(f, "  PIN", pinMask(s.pins[i].value))
			f++
		}
	}
	if s.double {
		mode := a.t("interleaved: A keys a paper, then B keys the same paper without seeing A's marks", "交替：A 录一张，B 随即独立录同一张")
		if a.mode == modeBatch {
			field(f, a.t("stack size", "每叠张数"), s.stack.value)
			mode = a.t("batch: A keys a stack, then B re-keys the same stack, compared paper by paper", "成批：A 录一叠，B 再录同一叠，逐张比对")
		}
		b.WriteString("\n" + a.t("Each ballot is keyed twice, by two people. ", "每张选票由两人各录一次。") + "\n" + mode + "\n")
		if s.roles {
			b.WriteString(a.t("Each keyer's PIN (4 to 6 digits, chosen at their first sign-in) is asked again as the keyboard passes to them.",
				"每位计票人的 PIN（4 至 6 位数字，首次签到时自设）在键盘交给其本人时再次输入。") + "\n")
		}
	} else {
		b.WriteString("\n" + a.t("This round is keyed once, as its settings allow; the count sheet says so.", "本轮只录入一次（按本轮设定），计票结果中会注明。") + "\n")
	}
	return a.box(b.String())
}

func (s *signinScreen) help(a *App) []key.Binding {
	out := []key.Binding{a.keys.Next, key.NewBinding(key.WithKeys("enter"), key.WithHelp("⏎", a.t("sign in", "签到")))}
	if s.double {
		out = append(out, key.NewBinding(key.WithKeys("ctrl+b"), key.WithHelp("ctrl+b", a.t("interleaved / batch", "交替/成批"))))
	}
	return out
}

// newDecidedScreen shows every round's result of an election with no
// round left open.
func newDecidedScreen(a *App) screen {
	r := &resultScreen{}
	a.state(func(st *store.State) {
		res, err := st.Results()
		if err != nil {
			r.text.lines = []string{"✗ " + err.Error()}
			return
		}
		var out strings.Builder
		lang := report.LangEN
		if a.zh {
			lang = report.LangZH
		}
		report.Text(&out, st.Election, res, lang)
		r.text.lines = strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	})
	return r
}
