package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"tally/count"
	"tally/store"
)

// figureField is one figure the table enters or confirms.
type figureField struct {
	label [2]string // en, zh
	get   func(*count.Figures) *int
	input lineInput
}

// figuresScreen enters or confirms the round's figures before the first
// ballot, showing at once whether the vote stands and why.
type figuresScreen struct {
	fields  []figureField
	focus   int
	round   int
	initial count.Figures
	naming  bool
	name    lineInput
}

func newFigures(a *App) *figuresScreen {
	s := &figuresScreen{}
	a.state(func(st *store.State) {
		r := st.Open()
		if r == nil {
			return
		}
		s.round, s.initial = r.Number, r.Spec.Figures
		party := st.Election.Settings.QuorumBasis == count.QuorumEntitled
		add := func(en, zh string, get func(*count.Figures) *int) {
			f := figureField{label: [2]string{en, zh}, get: get}
			if v := *get(&s.initial); v > 0 {
				f.input.value = strconv.Itoa(v)
			}
			s.fields = append(s.fields, f)
		}
		switch {
		case party && s.initial.Members > 0:
			add("members", "党员总数", func(f *count.Figures) *int { return &f.Members })
			add("probationary (no vote)", "预备党员（无表决权）", func(f *count.Figures) *int { return &f.Probationary })
			add("present", "实到", func(f *count.Figures) *int { return &f.Present })
		case party:
			add("entitled", "应到", func(f *count.Figures) *int { return &f.Entitled })
			add("present", "实到", func(f *count.Figures) *int { return &f.Present })
		default:
			add("registered", "登记选民", func(f *count.Figures) *int { return &f.Registered })
			add("voted", "参加投票", func(f *count.Figures) *int { return &f.Voted })
			add("by proxy", "委托投票", func(f *count.Figures) *int { return &f.Proxies })
		}
		add("ballots issued", "发出选票", func(f *count.Figures) *int { return &f.Issued })
		add("ballots returned", "收回选票", func(f *count.Figures) *int { return &f.Returned })
		if r.Number > 1 {
			s.focus = len(s.fields) - 2 // a later round: its own papers issued and returned
		}
	})
	return s
}

// figures reads the fields over the round's figures; an error names the
// field that is not a count.
func (s *figuresScreen) figures(a *App) (count.Figures, error) {
	f := s.initial
	for _, fl := range s.fields {
		v := strings.TrimSpace(fl.input.value)
		n := 0
		if v != "" {
			var err error
			n, err = strconv.Atoi(v)
			if err != nil || n < 0 {
				return f, fmt.Errorf("%s: %s", a.t(fl.label[0], fl.label[1]), a.t("expected a whole number, 0 or more", "请填写 0 或以上的整数"))
			}
		}
		*fl.get(&f) = n
	}
	if fl := f.EntitledCount(); fl > 0 && f.Present > fl {
		return f, fmt.Errorf("%s", a.t("more present than entitled", "实到人数多于应到人数"))
	}
	return f, nil
}

func (s *figuresScreen) update(a *App, msg tea.KeyPressMsg) tea.Cmd {
	if s.naming {
		switch msg.String() {
		case "enter":
			who, ok := a.signed(s.name, "The figures are recorded with who entered them", "人数须记录填报人")
			if !ok {
				return nil
			}
			f, _ := s.figures(a)
			return a.signAndWrite(s, who, []store.Event{{Kind: store.EventFiguresSet, Who: who, Round: s.round, Figures: &f}})
		case "esc":
			s.naming = false
		default:
			s.name.key(msg)
		}
		return nil
	}
	switch msg.String() {
	case "tab", "down":
		s.focus = (s.focus + 1) % len(s.fields)
	case "shift+tab", "up":
		s.focus = (s.focus + len(s.fields) - 1) % len(s.fields)
	case "enter":
		f, err := s.figures(a)
		if err != nil {
			a.say(true, err.Error())
			return nil
		}
		if f == s.initial {
			a.screen = s.next(a)
			return nil
		}
		s.naming = true
	default:
		if t := msg.Text; t != "" && (t[0] < '0' || t[0] > '9') {
			a.say(true, a.t("figures are whole numbers", "人数请填整数"))
			return nil
		}
		s.fields[s.focus].input.key(msg)
	}
	return nil
}

// next is where the figures lead: keying, or, when they make the vote
// void, the close that records it and opens the re-run.
func (s *figuresScreen) next(a *App) screen {
	if a.totals != nil && a.totals.result != nil && a.totals.result.Void {
		return newCloseScreen(a)
	}
	return newEntry(a)
}

// saved: the figures are recorded.
func (s *figuresScreen) saved(a *App, evs []store.Event) tea.Cmd {
	if evs != nil {
		a.say(false, a.t("figures recorded", "人数已记录"))
		a.screen = s.next(a)
	} else {
		s.naming = false
	}
	return nil
}

func (s *figuresScreen) typing() bool { return s.naming }

func (s *figuresScreen) view(a *App) string {
	var b strings.Builder
	b.WriteString(a.t("The round's figures, as counted at the table", "本轮人数与选票数（以现场清点为准）") + "\n\n")
	labelW := 0
	for _, f := range s.fields {
		labelW = max(labelW, lipgloss.Width(a.t(f.label[0], f.label[1])))
	}
	for i, f := range s.fields {
		cursor := "  "
		if i == s.focus {
			cursor = "▸ "
		}
		b.WriteString(cursor + pad(a.t(f.label[0], f.label[1]), labelW+1) + " " + f.input.value)
		if i == s.focus && !s.naming {
			b.WriteString("▏")
		}
		b.WriteString("\n")
	}
	if f, err := s.figures(a); err == nil && f.Members > 0 {
		b.WriteString(a.theme.Muted.Render(fmt.Sprintf(a.t("  entitled %d (members less probationary)", "  应到 %d 人（党员总数减预备党员）"), f.EntitledCount())) + "\n")
	}
	b.WriteString("\n")
	if f, err := s.figures(a); err != nil {
		b.WriteString(a.theme.Warning.Render("! "+err.Error()) + "\n")
	} else {
		b.WriteString(s.verdicts(a, f))
	}
	if s.naming {
		b.WriteString("\n" + a.t("entered by (chief scrutineer): ", "填报人（总监票人）：") + s.name.value + "▏")
	}
	return a.box(strings.TrimRight(b.String(), "\n"))
}

// verdicts says whether the vote stands with these figures, and by which
// rule, before a single ballot is keyed.
func (s *figuresScreen) verdicts(a *App, f count.Figures) string {
	var out strings.Builder
	a.state(func(st *store.State) {
		r := st.Open()
		if r == nil {
			return
		}
		round := r.Spec
		round.Figures = f
		res, err := st.Election.CountRound(&round, nil)
		if err != nil {
			out.WriteString(a.theme.Warning.Render("! "+err.Error()) + "\n")
			return
		}
		line := func(c count.Check, en, zh string) {
			switch c.Verdict {
			case count.VerdictPass:
				out.WriteString(a.theme.Success.Render("✓ "+a.t(en, zh)) + fmt.Sprintf("  %d / %d\n", c.Value, c.Of))
			case count.VerdictFail:
				out.WriteString(a.theme.Error.Render("✗ "+a.t(en, zh)) + fmt.Sprintf("  %d / %d\n", c.Value, c.Of))
			case count.VerdictUnchecked:
				out.WriteString(a.theme.Warning.Render("? "+a.t(en, zh)) + " " + a.t("not checked: no ", "未核对：缺") + c.Missing + "\n")
			}
		}
		if res.Quorum.Verdict != count.VerdictNone {
			rule := fmt.Sprintf(a.t("the vote stands (needs %s %s)", "选举有效（须%s%s）"), compareWord(a, res.Quorum.Compare), res.Quorum.Fraction)
			line(res.Quorum, rule, rule)
		}
		for _, c := range res.Account {
			line(c, "the ballot account balances (returned may not exceed issued or voters)", "选票核对无误（收回数不得多于发出数或投票人数）")
		}
		if res.Void {
			out.WriteString(a.theme.Error.Render(a.t("✗ The vote does not stand with these figures: no ballot will count. Confirming them goes to closing the round, which records the void vote and opens its re-run.",
				"✗ 按此人数本轮选举无效：选票不计。确认后进入结束本轮，记录无效并开始重新投票。")) + "\n")
		}
	})
	return out.String()
}

func (s *figuresScreen) help(a *App) []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", a.t("next figure", "下一项"))),
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("⏎", a.t("confirm", "确认")))}
}
