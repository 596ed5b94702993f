package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tally/store"
)

// voidScreen takes back a ballot accepted in error: its number, the
// reason, the chief scrutineer's name, and whether the paper is keyed
// again now. The ballot as accepted is shown, so the team voids the one
// they mean.
type voidScreen struct {
	fields [3]lineInput // number, reason, chief scrutineer
	focus  int
	round  int
	again  bool // asking whether to key it again now (else: next session)
	number int
}

func newVoidScreen(a *App) *voidScreen {
	v := &voidScreen{}
	a.state(func(s *store.State) {
		if r := s.Open(); r != nil {
			v.round = r.Number
		}
	})
	return v
}

func (v *voidScreen) typing() bool { return !v.again }

// accepted returns the ballot numbered in the first field, described, or
// why it cannot be voided.
func (v *voidScreen) accepted(a *App) (int, string, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v.fields[0].value))
	if err != nil || n < 1 {
		return 0, "", fmt.Errorf("%s", a.t("key the ballot's number", "请输入选票编号"))
	}
	var desc string
	a.state(func(s *store.State) {
		r := s.Open()
		if r == nil {
			err = fmt.Errorf("%s", a.t("no round is open", "没有进行中的轮次"))
			return
		}
		b := r.Ballots[n]
		if b == nil || b.Status != store.BallotAccepted {
			err = fmt.Errorf(a.t("ballot %d is not accepted in this round: only an accepted ballot can be voided", "第%d张在本轮未确认：只有已确认的选票可以作废"), n)
			return
		}
		desc = describeBallot(a, &r.Spec, b.Accepted)
	})
	return n, desc, err
}

func (v *voidScreen) update(a *App, msg tea.KeyPressMsg) tea.Cmd {
	if v.again {
		switch msg.String() {
		case "y", "enter":
		case "n":
			a.later = append(a.later, v.number)
		default:
			a.say(true, a.t("y: key the paper again now · n: not now", "y：现在重录此票 · n：暂不重录"))
			return nil
		}
		a.screen = newEntry(a)
		return nil
	}
	switch msg.String() {
	case "esc":
		a.screen = newEntry(a)
	case "tab", "down":
		v.focus = (v.focus + 1) % len(v.fields)
	case "shift+tab", "up":
		v.focus = (v.focus + len(v.fields) - 1) % len(v.fields)
	case "enter":
		n, _, err := v.accepted(a)
		if err != nil {
			v.focus = 0
			a.say(true, err.Error())
			return nil
		}
		reason := strings.TrimSpace(v.fields[1].value)
		if reason == "" {
			v.focus = 1
			a.say(true, a.t("Say why the ballot is voided", "请写明作废原因"))
			return nil
		}
		who, ok := a.signed(v.fields[2], "The chief scrutineer voids by name", "作废须由总监票人签名")
		if !ok {
			v.focus = 2
			return nil
		}
		v.number = n
		return a.signAndWrite(v, who, []store.Event{{Kind: store.EventBallotVoided, Who: who, Round: v.round, Ballot: n, Note: reason}})
	default:
		if v.focus == 0 && msg.Text != "" && (msg.Text[0] < '0' || msg.Text[0] > '9') {
			a.say(true, a.t("A ballot's number is digits", "选票编号为数字"))
			return nil
		}
		v.fields[v.focus].key(msg)
	}
	return nil
}

// saved: the ballot is voided; ask whether to key it again now.
func (v *voidScreen) saved(a *App, evs []store.Event) tea.Cmd {
	if evs != nil {
		a.say(false, fmt.Sprintf(a.t("ballot %d voided", "第%d张已作废"), v.number))
		v.again = true
	}
	return nil
}

func (v *voidScreen) view(a *App) string {
	var b strings.Builder
	b.WriteString(a.theme.Title.Render(a.t("Void an accepted ballot", "作废一张已确认的选票")) + "\n")
	b.WriteString(a.theme.Muted.Render(a.t("The journal keeps the ballot and the void; the count leaves it out until it is keyed again.", "记录中保留此票及作废记录；重新录入前不计入。")) + "\n\n")
	labels := []string{a.t("ballot number", "选票编号"), a.t("reason", "作废原因"), a.t("chief scrutineer", "总监票人")}
	for i, f := range v.fields {
		cursor := "  "
		if i == v.focus && !v.again {
			cursor = "▸ "
		}
		b.WriteString(cursor + pad(labels[i], 16) + " " + f.value)
		if i == v.focus && !v.again {
			b.WriteString("▏")
		}
		b.WriteString("\n")
	}
	if strings.TrimSpace(v.fields[0].value) != "" && !v.again {
		if _, desc, err := v.accepted(a); err != nil {
			b.WriteString("\n" + a.theme.Warning.Render("! "+err.Error()) + "\n")
		} else {
			b.WriteString("\n" + a.t("as accepted: ", "已确认为：") + desc + "\n")
		}
	}
	if v.again {
		b.WriteString("\n" + a.theme.Title.Render(fmt.Sprintf(a.t("Key ballot %d again now? y / n", "现在重新录入第%d张？y / n"), v.number)) + "\n")
	}
	return a.box(strings.TrimRight(b.String(), "\n"))
}

func (v *voidScreen) help(a *App) []key.Binding {
	if v.again {
		return []key.Binding{key.NewBinding(key.WithKeys("y"), key.WithHelp("y", a.t("key it again now", "现在重录"))),
			key.NewBinding(key.WithKeys("n"), key.WithHelp("n", a.t("not now", "暂不")))}
	}
	return []key.Binding{a.keys.Next, key.NewBinding(key.WithKeys("enter"), key.WithHelp("⏎", a.t("void it", "作废"))), a.keys.Cancel}
}
