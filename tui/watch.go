package tui

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"tally/tui/keymap"
)

// The scrutineers' screen on a second terminal. The table serves it over
// a connection (cmd wires a local socket): the watching terminal sends
// its size, the table sends back finished frames of the scrutineers'
// screen. Nothing flows the other way but the size, so nothing on the
// watching terminal can change the count.
//
// Protocol, line based: the watcher writes "size W H\n" (and may first
// write "lang zh\n" or "lang en\n"); the table writes "frame N\n" and N
// bytes of screen.

// ServeScrutineers serves one watching terminal until it goes or the
// count file's feed ends. zh is the table's language, which the watcher
// may change for itself.
func ServeScrutineers(conn io.ReadWriter, c Count, zh bool) error {
	a := New(c, zh)
	defer a.stop()
	a.screen = &scrutineersScreen{}
	a.width, a.height = 0, 0
	type size struct{ w, h int }
	sizes := make(chan size)
	langs := make(chan bool)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(sizes)
		sc := bufio.NewScanner(conn)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			switch {
			case len(f) == 3 && f[0] == "size":
				w, err1 := strconv.Atoi(f[1])
				h, err2 := strconv.Atoi(f[2])
				if err1 == nil && err2 == nil && w > 0 && h > 0 && w < 1000 && h < 1000 {
					select {
					case sizes <- size{w, h}:
					case <-done:
						return
					}
				}
			case len(f) == 2 && f[0] == "lang":
				select {
				case langs <- f[1] == "zh":
				case <-done:
					return
				}
			}
		}
	}()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case s, ok := <-sizes:
			if !ok {
				return nil // the watcher has gone
			}
			a.width, a.height = s.w, s.h
		case z := <-langs:
			a.zh, a.keys = z, keymap.Default(z)
		case ev, ok := <-a.feed:
			if !ok {
				return nil
			}
			if ev.Seq > a.seen {
				a.refresh(ev)
			}
		case <-tick.C:
		}
		if a.width == 0 {
			continue // no size yet: nothing to draw for
		}
		frame := a.watchFrame()
		if _, err := fmt.Fprintf(conn, "frame %d\n%s", len(frame), frame); err != nil {
			return err
		}
	}
}

// watchFrame is the scrutineers' screen for a watching terminal: the
// title, the screen, and a line saying it is a view.
func (a *App) watchFrame() string {
	a.bodyHeight = max(8, a.height-2)
	foot := a.theme.Muted.Render(a.t("scrutineers' screen · read only: nothing here changes the count · q quits",
		"监票屏 · 只读：此处不能改动计票 · q 退出"))
	return a.titleLine() + "\n" + clip(scrutineersView(a, a.width, a.bodyHeight), a.width, a.bodyHeight) + "\n" + ansi.Truncate(foot, a.width, "…")
}

// Watch is the watching terminal's model: it shows the frames the table
// sends and answers nothing but its size.
type Watch struct {
	conn   io.ReadWriter
	frames *bufio.Reader
	lang   string
	frame  string
	gone   error
	height int
}

// NewWatch returns the model for a watching terminal on a connection to
// the table; lang ("zh", "en" or "") asks for the frames' language.
func NewWatch(conn io.ReadWriter, lang string) *Watch {
	return &Watch{conn: conn, frames: bufio.NewReader(conn), lang: lang}
}

type (
	frameMsg string
	goneMsg  struct{ err error }
)

// readFrame waits for the table's next frame.
func (w *Watch) readFrame() tea.Msg {
	head, err := w.frames.ReadString('\n')
	if err != nil {
		return goneMsg{err}
	}
	n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(head), "frame "))
	if err != nil || n < 0 || n > 1<<22 {
		return goneMsg{fmt.Errorf("the table sent %q, not a frame", strings.TrimSpace(head))}
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(w.frames, buf); err != nil {
		return goneMsg{err}
	}
	return frameMsg(buf)
}

// Init asks for the language and starts reading frames.
func (w *Watch) Init() tea.Cmd {
	if w.lang != "" {
		fmt.Fprintf(w.conn, "lang %s\n", w.lang)
	}
	return w.readFrame
}

// Update sends the window's size to the table, shows its frames, and
// quits on q; every other key is ignored.
func (w *Watch) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		w.height = msg.Height
		if _, err := fmt.Fprintf(w.conn, "size %d %d\n", msg.Width, msg.Height); err != nil {
			w.gone = err
		}
	case frameMsg:
		w.frame = string(msg)
		return w, w.readFrame
	case goneMsg:
		w.gone = msg.err
	case tea.KeyPressMsg:
		switch msg.String() {
		case "q", "ctrl+c", "ctrl+q", "esc":
			return w, tea.Quit
		}
	}
	return w, nil
}

// View is the latest frame. Once the table has gone, word of it goes on
// top, in both languages, where it cannot be scrolled or cut off.
func (w *Watch) View() tea.View {
	s := w.frame
	if w.gone != nil {
		notice := "✗ The table has closed the count file (or the link to it is lost): the figures below are no longer live. q quits.\n" +
			"✗ 计票台已关闭计票文件（或连接中断）：以下数字不再更新。q 退出。\n"
		s = notice + s
		if lines := strings.Split(s, "\n"); w.height > 0 && len(lines) > w.height {
			s = strings.Join(lines[:w.height], "\n")
		}
	} else if s == "" {
		s = "Waiting for the table… · 等待计票台…"
	}
	v := tea.NewView(s)
	v.AltScreen = true
	v.WindowTitle = "tally · scrutineers"
	return v
}
