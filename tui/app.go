package tui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"tally/count"
	"tally/store"
	"tally/tui/keymap"
	"tally/tui/theme"
)

// Count is what the counting table needs of a count file: append events,
// read the state, hear of changes. The count file (store.CountFile) is
// one; a server holding the file for several terminals can be another.
type Count interface {
	View(func(*store.State))
	AppendAll(...store.Event) ([]store.Event, error)
	CloseRound(who, note string, before ...store.Event) (*count.Result, error)
	Subscribe() (<-chan store.Event, func())
	Head() (uint64, string)
	Path() string
}

// Messages from commands.
type (
	// savedMsg: events committed to the count file.
	savedMsg struct{ events []store.Event }
	// errMsg: a write refused or failed.
	errMsg struct{ err error }
	// storeMsg: an event some terminal committed.
	storeMsg struct{ event store.Event }
	// closedMsg: a round closed, with its result.
	closedMsg struct{ result *count.Result }
)

// appendCmd writes events in one transaction and reports back.
func appendCmd(c Count, evs ...store.Event) tea.Cmd {
	return func() tea.Msg {
		out, err := c.AppendAll(evs...)
		if err != nil {
			return errMsg{err}
		}
		return savedMsg{out}
	}
}

// waitCmd waits for the next committed event (the live feed).
func waitCmd(ch <-chan store.Event) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return nil
		}
		return storeMsg{ev}
	}
}

// screen is one screen of the table.
type screen interface {
	update(a *App, msg tea.KeyPressMsg) tea.Cmd
	view(a *App) string
	help(a *App) []key.Binding
}

// Keying modes of the table for a double-keyed round.
const (
	modeInterleaved = "interleaved"
	modeBatch       = "batch"
)

// App is the counting table's root model.
type App struct {
	count  Count
	keys   keymap.KeyMap
	theme  theme.Theme
	zh     bool
	width  int
	height int

	screen screen
	prev   screen // what a help or scrutineers' screen returns to
	status string
	bad    bool
	fatal  error
	feed   <-chan store.Event
	stop   func()

	// Who is at the table.
	keyerA, keyerB, chief string
	mode                  string
	batchSize             int

	totals *totals
	// writeIns offered again for later ballots.
	writeIns []string
}

// New returns the counting table on a count file.
func New(c Count, zh bool) *App {
	a := &App{count: c, keys: keymap.Default(), theme: theme.New(true), zh: zh, width: 120, height: 40,
		mode: modeInterleaved, batchSize: 10}
	a.feed, a.stop = c.Subscribe()
	a.refresh()
	a.screen = newSignin(a)
	return a
}

// Init asks for the background colour and starts the live feed.
func (a *App) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, waitCmd(a.feed))
}

// state reads the count file's state under its lock.
func (a *App) state(fn func(*store.State)) { a.count.View(fn) }

// refresh recounts the totals (after a ballot is accepted, never per key).
func (a *App) refresh() {
	a.state(func(s *store.State) { a.totals = computeTotals(s) })
}

// say puts a message on the status line, cleared by the next key.
func (a *App) say(bad bool, msg string) {
	a.status, a.bad = msg, bad
}

// Touched reports whether a ballot is half keyed (quitting is refused).
func (a *App) Touched() bool {
	if e, ok := a.screen.(*entryScreen); ok {
		return e.draft.Touched()
	}
	return false
}

// Update routes keys to the active screen, everything else to all.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		return a, nil
	case tea.BackgroundColorMsg:
		a.theme = theme.New(msg.IsDark())
		return a, nil
	case storeMsg:
		a.refresh()
		if r, ok := a.screen.(refresher); ok {
			r.storeChanged(a, msg.event)
		}
		return a, waitCmd(a.feed)
	case savedMsg:
		a.refresh()
		if r, ok := a.screen.(saver); ok {
			return a, r.saved(a, msg.events)
		}
		return a, nil
	case closedMsg:
		a.refresh()
		a.screen = newResultScreen(a, msg.result)
		return a, nil
	case errMsg:
		var ce *store.CountError
		if errors.As(msg.err, &ce) && (errors.Is(msg.err, store.ErrDamaged) || errors.Is(msg.err, store.ErrFull)) {
			a.fatal = msg.err
			return a, nil
		}
		a.say(true, msg.err.Error())
		return a, nil
	case tea.KeyPressMsg:
		a.status = ""
		switch {
		case key.Matches(msg, a.keys.Quit):
			if a.Touched() {
				a.say(true, a.t("A ballot is half keyed: finish it (⏎) or undo it (⌫) before quitting", "有一张选票尚未录完：请录完（⏎）或撤销（⌫）后再退出"))
				return a, nil
			}
			a.stop()
			return a, tea.Quit
		case key.Matches(msg, a.keys.Help):
			if _, ok := a.screen.(*helpScreen); !ok {
				a.prev, a.screen = a.screen, &helpScreen{}
				return a, nil
			}
		case key.Matches(msg, a.keys.Scrutineers):
			if _, ok := a.screen.(*scrutineersScreen); ok {
				a.screen = a.prev
			} else {
				a.prev, a.screen = a.screen, &scrutineersScreen{}
			}
			return a, nil
		}
		if a.fatal != nil {
			return a, nil
		}
		return a, a.screen.update(a, msg)
	}
	return a, nil
}

// refresher is a screen that follows events other terminals commit.
type refresher interface{ storeChanged(a *App, ev store.Event) }

// saver is a screen waiting for its own events to be committed.
type saver interface {
	saved(a *App, evs []store.Event) tea.Cmd
}

// t picks the English or the Chinese text.
func (a *App) t(en, zh string) string {
	if a.zh {
		return zh
	}
	return en
}

// View draws the active screen with its title, status and help lines.
func (a *App) View() tea.View {
	var b strings.Builder
	if a.fatal != nil {
		b.WriteString(a.fatalView())
	} else {
		b.WriteString(a.titleLine())
		b.WriteString("\n")
		b.WriteString(a.screen.view(a))
		b.WriteString("\n")
		if a.status != "" {
			style, glyph := a.theme.Success, "✓ "
			if a.bad {
				style, glyph = a.theme.Error, "✗ "
			}
			b.WriteString(style.Render(glyph+a.status) + "\n")
		}
		b.WriteString(a.helpLine())
	}
	v := tea.NewView(b.String())
	v.AltScreen = true
	v.WindowTitle = "tally"
	return v
}

func (a *App) titleLine() string {
	var title string
	a.state(func(s *store.State) {
		title = s.Election.Title
		if r := s.Open(); r != nil {
			title += fmt.Sprintf(" · %s · %s", r.Spec.Contest, a.roundName(&r.Spec))
		}
	})
	right := ""
	if a.keyerA != "" {
		right = a.t("keyer A: ", "计票人A：") + a.keyerA
		if a.keyerB != "" {
			right += "  " + a.t("keyer B: ", "计票人B：") + a.keyerB
		}
	}
	gap := max(1, a.width-lipgloss.Width(title)-lipgloss.Width(right)-1)
	return a.theme.Title.Render(title) + strings.Repeat(" ", gap) + a.theme.Muted.Render(right)
}

func (a *App) roundName(r *count.Round) string {
	kinds := map[count.RoundKind][2]string{
		count.RoundFirst: {"first vote", "正式选举"}, count.RoundTieRevote: {"tie re-vote", "得票相等者再次投票"},
		count.RoundExtra: {"extra round", "另行选举"}, count.RoundRecommend: {"recommendation", "推荐"},
		count.RoundCutoffRevote: {"cut-off re-vote", "末位得票相等者再次投票"}, count.RoundRerun: {"re-run", "重新投票"},
	}
	k := kinds[r.Kind()]
	return fmt.Sprintf(a.t("round %d · %s", "第%d轮 · %s"), r.Number, a.t(k[0], k[1]))
}

// helpLine shows the active screen's keys first, then the global ones.
func (a *App) helpLine() string {
	var parts []string
	for _, b := range append(a.screen.help(a), a.keys.Help, a.keys.Scrutineers, a.keys.Quit) {
		h := b.Help()
		style := a.theme.Key
		if !b.Enabled() {
			style = a.theme.Muted
		}
		parts = append(parts, style.Render(h.Key)+" "+a.theme.Muted.Render(h.Desc))
	}
	return strings.Join(parts, "  ")
}

func (a *App) fatalView() string {
	msg := a.t("The count file cannot take another event.", "计票文件无法再写入。")
	what := a.t("Everything acknowledged before is safe in the file. Note the paper in hand, quit (ctrl+q), and follow the message below; then open the file again to go on.",
		"此前已确认的选票都已安全保存。请记下手中这张选票，退出（ctrl+q），按下面的提示处理后重新打开文件继续。")
	return a.theme.Border.Render(a.theme.Error.Render("✗ "+msg) + "\n\n" + a.fatal.Error() + "\n\n" + what)
}

// Filter refuses a quit (ctrl+c, a signal) while a ballot is half keyed:
// pass it to tea.WithFilter.
func Filter(m tea.Model, msg tea.Msg) tea.Msg {
	if _, ok := msg.(tea.QuitMsg); ok {
		if a, ok := m.(*App); ok && a.Touched() {
			a.say(true, a.t("A ballot is half keyed: finish it (⏎) or undo it (⌫) before quitting", "有一张选票尚未录完：请录完（⏎）或撤销（⌫）后再退出"))
			return nil
		}
	}
	return msg
}
