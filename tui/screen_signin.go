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

// signed takes the chief scrutineer's name typed for a decision: the
// events that go before the decision (their sign-in, the first time), or
// false with the refusal said when no name is typed.
func (a *App) signed(name lineInput, en, zh string) (string, []store.Event, bool) {
	who := strings.TrimSpace(name.value)
	if who == "" {
		a.say(true, a.t(en, zh))
		return "", nil, false
	}
	a.chief = who
	return who, signIn(a, who, store.RoleChief), true
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
	s.fields[0].value = a.keyerA
	if s.double {
		s.fields[1].value = a.keyerB
	}
	return s
}

// typing: the names take text, but not ? (which opens the help).
func (s *signinScreen) typing() bool { return false }

// count of fields in focus order: the names, then the stack size.
func (s *signinScreen) count(a *App) int {
	if s.double && a.mode == modeBatch {
		return len(s.fields) + 1
	}
	return len(s.fields)
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
		if s.double {
			if a.mode == modeInterleaved {
				a.mode = modeBatch
			} else {
				a.mode = modeInterleaved
				s.focus = min(s.focus, len(s.fields)-1)
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
		if a.mode == modeBatch && s.double {
			n, err := strconv.Atoi(strings.TrimSpace(s.stack.value))
			if err != nil || n < 1 || n > 500 {
				s.focus = len(s.fields)
				a.say(true, a.t("A stack is 1 to 500 papers", "每叠 1 至 500 张"))
				return nil
			}
			a.batchSize = n
		}
		a.keyerA, a.keyerB = names[0], ""
		if len(names) == 2 {
			a.keyerB = names[1]
		}
		var evs []store.Event
		for _, n := range names {
			evs = append(evs, signIn(a, n, store.RoleKeyer)...)
		}
		// Before the first ballot, the round's figures are entered or
		// confirmed; after, keying goes on where it stood.
		empty := false
		a.state(func(st *store.State) {
			if r := st.Open(); r != nil {
				empty = len(r.Ballots) == 0
				// Batch keying resumed: papers keyed once are a stack
				// keyer B had not finished re-keying.
				a.stackDone = a.mode == modeBatch && r.Counts()[store.BallotPending] > 0
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
		return a.write(nil, evs...)
	}
	if s.focus == len(s.fields) {
		if msg.Text != "" && (msg.Text[0] < '0' || msg.Text[0] > '9') {
			return nil
		}
		s.stack.key(msg)
		return nil
	}
	s.fields[s.focus].key(msg)
	return nil
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
	for i, f := range s.fields {
		field(i, labels[i], f.value)
	}
	if s.double {
		mode := a.t("interleaved: A keys a paper, then B keys the same paper without seeing A's marks", "交替：A 录一张，B 随即独立录同一张")
		if a.mode == modeBatch {
			field(len(s.fields), a.t("stack size", "每叠张数"), s.stack.value)
			mode = a.t("batch: A keys a stack, then B re-keys the same stack, compared paper by paper", "成批：A 录一叠，B 再录同一叠，逐张比对")
		}
		b.WriteString("\n" + a.t("Each ballot is keyed twice, by two people. ", "每张选票由两人各录一次。") + "\n" + mode + "\n")
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
