package tui

import (
	"bytes"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"tally/store"
)

// program runs the table as the binary does (the quit filter included)
// at a pinned size, without colour.
func program(t *testing.T, a *App) *teatest.TestModel {
	t.Helper()
	return teatest.NewTestModel(t, a, teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithFilter(Filter), tea.WithColorProfile(colorprofile.Ascii)))
}

// waitFor waits until the screen has shown every text.
func waitFor(t *testing.T, tm *teatest.TestModel, texts ...string) {
	t.Helper()
	var seen []byte
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		seen = append(seen, b...)
		plain := []byte(ansi.Strip(string(seen)))
		for _, s := range texts {
			if !bytes.Contains(plain, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
}

func send(tm *teatest.TestModel, keys ...string) {
	for _, k := range keys {
		tm.Send(keyMsg(k))
	}
}

// The demo election keyed at the table through the real program: two
// keyers sign in in Chinese, three papers are keyed twice, one keyed
// differently is settled by the chief scrutineer, and the program quits
// with everything in the count file.
func TestFlow_DemoRoundKeyedInChinese(t *testing.T) {
	a, f := demoTable(t)
	tm := program(t, a)
	waitFor(t, tm, "请计票人签到")
	tm.Type("王明")
	send(tm, "tab")
	tm.Type("李强")
	send(tm, "enter")
	waitFor(t, tm, "选举有效")
	send(tm, "enter")
	waitFor(t, tm, "第一次录入")
	send(tm, "1", "enter")
	waitFor(t, tm, "第二次录入")
	send(tm, "1", "enter")
	waitFor(t, tm, "第1张选票已确认")
	send(tm, "2", "enter", "1", "enter")
	waitFor(t, tm, "两次录入不一致")
	send(tm, "b")
	tm.Type("赵监")
	send(tm, "enter")
	waitFor(t, tm, "裁定人 赵监")
	send(tm, "b", "enter", "b", "enter")
	waitFor(t, tm, "第3张选票已确认")
	send(tm, "ctrl+q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	var accepted []int
	f.View(func(s *store.State) {
		for n, b := range s.Open().Ballots {
			if b.Status == store.BallotAccepted {
				accepted = append(accepted, n)
			}
		}
	})
	if len(accepted) != 3 {
		t.Errorf("accepted ballots %v, want 1 to 3", accepted)
	}
	if b := ballotOf(f, 2); b.Accepted == nil || len(b.Accepted.Sections[0].For) != 1 || b.Accepted.Sections[0].For[0] != 0 {
		t.Errorf("ballot 2 must be keying B's (王建国): %+v", b)
	}
}

// ctrl+c and ctrl+q are held while a paper is half keyed, through the
// real program, and let go once it is undone.
func TestFlow_QuitHeldWhileHalfKeyed(t *testing.T) {
	a, _ := newTable(t)
	tm := program(t, a)
	waitFor(t, tm, "Who keys the ballots?")
	tm.Type("Ann")
	send(tm, "tab")
	tm.Type("Bo")
	send(tm, "enter", "enter", "1")
	waitFor(t, tm, "○ for")
	send(tm, "ctrl+c")
	waitFor(t, tm, "half keyed")
	tm.Send(tea.QuitMsg{}) // as a SIGTERM would
	send(tm, "backspace")
	waitFor(t, tm, "for 0 of 2")
	send(tm, "ctrl+q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}
