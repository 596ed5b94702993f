package tui

import (
	"bufio"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"tally/count"
	"tally/store"
)

// readFrameFrom reads frames from the table until one shows want.
func readFrameFrom(t *testing.T, r *bufio.Reader, want string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		head, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(head), "frame "))
		if err != nil {
			t.Fatalf("not a frame: %q", head)
		}
		buf := make([]byte, n)
		if _, err := io.ReadFull(r, buf); err != nil {
			t.Fatal(err)
		}
		if s := ansi.Strip(string(buf)); strings.Contains(s, want) {
			return s
		}
	}
	t.Fatalf("no frame showed %q", want)
	return ""
}

// A second terminal watching the table sees the scrutineers' screen at
// its own size and in its own language, and each ballot as it lands.
func TestWatch_SecondScreenFollowsTheCount(t *testing.T) {
	_, f := newTable(t)
	table, watcher := net.Pipe()
	done := make(chan error, 1)
	go func() { done <- ServeScrutineers(table, f, false) }()
	r := bufio.NewReader(watcher)
	io.WriteString(watcher, "lang zh\nsize 100 30\n")
	first := readFrameFrom(t, r, "已确认 0 / 9 张")
	for _, l := range strings.Split(first, "\n") {
		if w := ansi.StringWidth(l); w > 100 {
			t.Errorf("a line of %d cells in a 100-cell window: %q", w, l)
		}
	}
	if !strings.Contains(first, "只读") {
		t.Errorf("the view must say it is read only:\n%s", first)
	}
	if _, err := f.AppendAll(store.Event{Kind: store.EventTellerSignedIn, Who: "导入", Role: "importer"},
		store.Event{Kind: store.EventBallotsImported, Who: "导入", Round: 1,
			Ballots: []count.Ballot{{Number: 1, Source: -1, Sections: []count.Marks{{For: []int{0, 1}}}}}}); err != nil {
		t.Fatal(err)
	}
	readFrameFrom(t, r, "最近确认：#1 ○甲 ○乙")
	watcher.Close()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the table keeps serving a watcher that has gone")
	}
}

// The watching terminal shows what it is sent, quits on q, and ignores
// every other key: it has no way to change the count.
func TestWatch_ModelShowsFramesAndOnlyQuits(t *testing.T) {
	table, watcher := net.Pipe()
	defer table.Close()
	w := NewWatch(watcher, "")
	go io.Copy(io.Discard, table)
	w.Update(tea.WindowSizeMsg{Width: 80, Height: 20})
	w.Update(frameMsg("甲 ███ 3"))
	for _, k := range []string{"1", "enter", "ctrl+r", "b"} {
		if _, cmd := w.Update(keyMsg(k)); cmd != nil {
			t.Errorf("%s did something on the watching terminal", k)
		}
	}
	if !strings.Contains(w.View().Content, "甲 ███ 3") {
		t.Errorf("view: %q", w.View().Content)
	}
	// A frame filling the window, then the table goes: the word of it is
	// on screen, not below it.
	w.Update(frameMsg(strings.Repeat("甲 ███ 3\n", 19) + "footer"))
	w.Update(goneMsg{io.EOF})
	lines := strings.Split(w.View().Content, "\n")
	if len(lines) > 20 || !strings.Contains(lines[0], "no longer live") {
		t.Errorf("a lost table must be said within the window: %d lines, first %q", len(lines), lines[0])
	}
	if _, cmd := w.Update(keyMsg("q")); cmd == nil {
		t.Error("q must quit")
	}
}
