package tui

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"tally/count"
	"tally/report"
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
	CloseRound(who, note, confirmedBy string, before ...store.Event) (*count.Result, error)
	Subscribe() (<-chan store.Event, func())
	Head() (uint64, string)
	// Vouch signs a person in with their PIN, or checks it when they
	// sign an act or the keyboard passes to them (a file that follows
	// roles).
	Vouch(name, role, pin string) error
	Path() string
	// Record and WriteJournalJSONL read the file for an export.
	Record() (*store.Record, error)
	WriteJournalJSONL(w io.Writer, round int) error
}

// Messages from commands.
type (
	// savedMsg: events committed to the count file, for the screen that
	// wrote them.
	savedMsg struct {
		events []store.Event
		by     saver
	}
	// errMsg: a write refused or failed; by is the screen that tried.
	errMsg struct {
		err error
		by  saver
	}
	// storeMsg: an event some terminal committed.
	storeMsg struct{ event store.Event }
	// closedMsg: a round closed, with its result.
	closedMsg struct{ result *count.Result }
)

// write records events in one transaction, off the UI's goroutine, and
// reports back to by (nil: nobody waits for them). Keys typed until it
// lands are held and replayed in order: a fast keyer's next marks are not
// lost to a save in flight.
func (a *App) write(by saver, evs ...store.Event) tea.Cmd {
	a.inflight++
	c := a.count
	return func() tea.Msg {
		out, err := c.AppendAll(evs...)
		if err != nil {
			return errMsg{err, by}
		}
		return savedMsg{out, by}
	}
}

// closeRound closes the open round off the UI's goroutine, held like a
// write.
func (a *App) closeRound(by saver, who, note string, before []store.Event) tea.Cmd {
	a.inflight++
	c := a.count
	return func() tea.Msg {
		res, err := c.CloseRound(who, note, "", before...)
		if err != nil {
			return errMsg{err, by}
		}
		return closedMsg{res}
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
	// bodyHeight is the lines a screen has between title and status.
	bodyHeight int
	// now is the clock the scrutineers' screen shows, tick what moves it
	// on (both fixed in tests).
	now     func() time.Time
	tick    func() tea.Cmd
	ticking bool

	screen screen
	prev   screen // what a help or scrutineers' screen returns to
	status string
	bad    bool
	fatal  error
	feed   <-chan store.Event
	stop   func()

	// Who is at the table; chief is the last chief scrutineer to sign a
	// decision (said in the status line, never filled in for them: each
	// decision is signed by typing the name).
	keyerA, keyerB, chief string
	// atKeyboard is the keyer who last gave their PIN at the keyboard: when
	// the next paper is another keyer's, they give theirs first.
	atKeyboard string
	mode       string
	batchSize  int
	// stackDone: in batch mode, keyer A has finished a stack and keyer B
	// re-keys it, until no paper is left keyed once.
	stackDone bool
	// later are voided ballots the team chose not to key again yet (this
	// session); every other voided ballot is keyed again first.
	later []int

	totals *totals
	seen   uint64
	// inflight counts writes not yet landed; held are the keys typed
	// meanwhile.
	inflight int
	held     []tea.KeyPressMsg
	// writeIns offered again for later ballots.
	writeIns []string
}

// New returns the counting table on a count file, in Chinese when zh is set.
func New(c Count, zh bool) *App {
	a := &App{count: c, keys: keymap.Default(zh), theme: theme.New(true), zh: zh, width: 120, height: 40,
		mode: modeInterleaved, batchSize: 10, now: time.Now, tick: tickCmd}
	a.feed, a.stop = c.Subscribe()
	a.refresh()
	a.state(func(s *store.State) { a.writeIns = writeInsOf(s) })
	a.screen = newSignin(a)
	return a
}

// writeInsOf gathers the names written in on the ballots accepted so far,
// so a later ballot is offered them (after a restart too).
func writeInsOf(s *store.State) []string {
	var out []string
	r := s.Open()
	if r == nil {
		return nil
	}
	for _, b := range r.Ballots {
		if b.Accepted == nil {
			continue
		}
		for _, m := range b.Accepted.Sections {
			for _, w := range m.WriteIns {
				if !slices.Contains(out, w) {
					out = append(out, w)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// Init asks for the background colour and starts the live feed.
func (a *App) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, waitCmd(a.feed))
}

// state reads the count file's state under its lock.
func (a *App) state(fn func(*store.State)) { a.count.View(fn) }

// refresh brings the totals up to the count file after events (none: all
// of it). Only events that change the accepted ballots or the figures
// recount the round; a first keying or a sign-in only moves the papers'
// statuses. seen is the journal's head the totals stand at (read before
// the state, so an event between the two is counted again, never missed).
func (a *App) refresh(evs ...store.Event) {
	recount := len(evs) == 0 || slices.ContainsFunc(evs, changesCount)
	a.seen, _ = a.count.Head()
	a.state(func(s *store.State) {
		var keep *totals
		if !recount {
			keep = a.totals
		}
		a.totals = computeTotals(s, keep)
		if recount {
			a.learnWriteIns(s, evs)
		}
	})
}

// learnWriteIns adds the names written in on papers just accepted to those
// offered again. Only accepted papers teach names: a name keyer A typed on
// a paper keyer B has still to key is never offered to B.
func (a *App) learnWriteIns(s *store.State, evs []store.Event) {
	r := s.Open()
	if len(evs) == 0 || r == nil {
		a.writeIns = writeInsOf(s)
		return
	}
	for _, ev := range evs {
		if !changesCount(ev) {
			continue
		}
		if ev.Kind != store.EventBallotKeyed && ev.Kind != store.EventKeyingsResolved {
			a.writeIns = writeInsOf(s)
			return
		}
		if b := r.Ballots[ev.Ballot]; b != nil && b.Accepted != nil {
			for _, m := range b.Accepted.Sections {
				for _, w := range m.WriteIns {
					if !slices.Contains(a.writeIns, w) {
						a.writeIns = append(a.writeIns, w)
					}
				}
			}
		}
	}
	slices.Sort(a.writeIns)
}

// changesCount says whether an event can change the open round's count.
func changesCount(ev store.Event) bool {
	switch ev.Kind {
	case store.EventTellerSignedIn:
		return false
	case store.EventBallotKeyed:
		return ev.Outcome == "match" || ev.Outcome == "accepted"
	case store.EventKeyingsResolved:
		return ev.Outcome == "accepted" // a keying taken, or two left that agree
	}
	return true
}

// say puts a message on the status line, cleared by the next key.
func (a *App) say(bad bool, msg string) {
	a.status, a.bad = msg, bad
}

// Touched reports whether a ballot is half keyed (quitting is refused).
// Once the count file can take no more, nothing more can be saved, and
// quitting is what the table asks for.
func (a *App) Touched() bool {
	if a.fatal != nil {
		return false
	}
	for _, s := range []screen{a.screen, a.prev} {
		if e, ok := s.(*entryScreen); ok && e.draft.Touched() {
			return true
		}
	}
	return false
}

// overlay shows the help or the scrutineers' screen over the table; the
// screen beneath (a half-keyed ballot perhaps) waits in prev.
func (a *App) overlay(s screen) {
	switch a.screen.(type) {
	case *helpScreen, *scrutineersScreen, *exportScreen:
	default:
		a.prev = a.screen
	}
	a.screen = s
}

// typist is a screen with a text field in focus: printable keys are its
// text, not commands (a name may hold a ?).
type typist interface{ typing() bool }

// Update routes keys to the active screen, everything else to all.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.bodyHeight = max(8, a.height-2-len(a.helpLines()))
		return a, nil
	case tea.BackgroundColorMsg:
		a.theme = theme.New(msg.IsDark())
		return a, nil
	case tickMsg:
		if _, ok := a.screen.(*scrutineersScreen); ok {
			return a, a.tick()
		}
		a.ticking = false
		return a, nil
	case storeMsg:
		if msg.event.Seq > a.seen {
			a.refresh(msg.event) // another terminal's event; this one's are counted on saving
		}
		if r, ok := a.screen.(refresher); ok {
			r.storeChanged(a, msg.event)
		}
		return a, waitCmd(a.feed)
	case savedMsg:
		a.inflight--
		a.refresh(msg.events...)
		var cmd tea.Cmd
		_, paper := msg.by.(*entryScreen)
		if msg.by != nil && screen(msg.by) == a.screen {
			cmd = msg.by.saved(a, msg.events)
		}
		return a, tea.Batch(cmd, a.replay(paper))
	case exportedMsg:
		if e, ok := a.screen.(*exportScreen); ok {
			e.exported(a, msg)
		}
		return a, nil
	case passedMsg:
		a.inflight--
		if e, ok := a.screen.(*entryScreen); ok && e.pass != nil && e.keyer == msg.who {
			if msg.err != nil {
				// Keys typed during a refused PIN were meant for a paper the
				// keyer may not key: none of them counts.
				a.held = nil
				a.say(true, a.errText(msg.err))
				return a, nil
			}
			e.pass, a.atKeyboard = nil, msg.who
			a.say(false, fmt.Sprintf(a.t("%s keys", "%s 录入"), msg.who))
		}
		// Keys typed while the PIN was checked go to the paper, in order.
		return a, a.replay(false)
	case closedMsg:
		a.inflight--
		if s, ok := a.screen.(*signScreen); ok {
			a.chief = s.chief
		}
		a.refresh()
		a.screen = newResultScreen(a, msg.result)
		return a, a.replay(true)
	case errMsg:
		a.inflight--
		if errors.Is(msg.err, store.ErrDamaged) || errors.Is(msg.err, store.ErrFull) {
			a.fatal, a.held = msg.err, nil
			return a, nil
		}
		if msg.by != nil && screen(msg.by) == a.screen {
			msg.by.saved(a, nil)
		}
		a.say(true, a.errText(msg.err))
		if n := len(a.held); n > 0 && a.inflight == 0 {
			// Typed for what was to follow, they would land on the wrong paper.
			a.held = nil
			a.say(true, a.errText(msg.err)+fmt.Sprintf(a.t(" (%d keys typed meanwhile were set aside)", "（其间按下的 %d 个键未生效）"), n))
		}
		return a, nil
	case tea.KeyPressMsg:
		if a.inflight > 0 {
			a.held = append(a.held, msg)
			return a, nil
		}
		return a, a.key(msg)
	}
	return a, nil
}

// replay runs the keys held while a write was in flight, until one of
// them writes again (the rest wait for that one). Keys typed while a
// paper was saving (afterPaper) were meant for the next paper: if the
// save led elsewhere (keyings that differ, a result), they are set aside,
// and the status says so: a key meant for a paper must never decide
// anything else.
func (a *App) replay(afterPaper bool) tea.Cmd {
	if _, paper := a.screen.(*entryScreen); afterPaper && !paper && len(a.held) > 0 {
		msg := fmt.Sprintf(a.t("%d keys typed meanwhile were set aside", "其间按下的 %d 个键未生效"), len(a.held))
		if a.status != "" {
			msg = a.status + " · " + msg
		}
		a.say(true, msg)
		a.held = nil
		return nil
	}
	var cmds []tea.Cmd
	for len(a.held) > 0 && a.inflight == 0 {
		k := a.held[0]
		a.held = a.held[1:]
		status, bad := a.status, a.bad
		cmds = append(cmds, a.key(k))
		if a.status == "" {
			a.status, a.bad = status, bad // keep "ballot 3 accepted" in sight
		}
	}
	return tea.Batch(cmds...)
}

// key handles a key press: the global keys first, unless a text field
// takes printable keys, then the active screen's.
func (a *App) key(msg tea.KeyPressMsg) tea.Cmd {
	a.status = ""
	text := false
	if t, ok := a.screen.(typist); ok {
		text = t.typing()
	}
	switch {
	case key.Matches(msg, a.keys.Quit):
		if a.Touched() {
			a.say(true, a.t("A ballot is half keyed: finish it (⏎) or undo it (⌫) before quitting", "有一张选票尚未录完：请录完（⏎）或撤销（⌫）后再退出"))
			return nil
		}
		a.stop()
		return tea.Quit
	case key.Matches(msg, a.keys.Help) && !text:
		if _, ok := a.screen.(*helpScreen); !ok {
			a.overlay(&helpScreen{})
			return nil
		}
	case key.Matches(msg, a.keys.Export) && !text:
		if _, ok := a.screen.(*exportScreen); !ok {
			a.overlay(newExportScreen(a, "html"))
			return nil
		}
	case key.Matches(msg, a.keys.Scrutineers):
		if _, ok := a.screen.(*scrutineersScreen); ok {
			a.screen, a.prev = a.prev, nil
			return nil
		}
		a.overlay(&scrutineersScreen{})
		if a.ticking {
			return nil // the clock is still running from the last visit
		}
		a.ticking = true
		return a.tick()
	}
	if a.fatal != nil {
		return nil
	}
	return a.screen.update(a, msg)
}

// refresher is a screen that follows events other terminals commit.
type refresher interface{ storeChanged(a *App, ev store.Event) }

// saver is a screen waiting for its own events to be committed.
type saver interface {
	screen
	saved(a *App, evs []store.Event) tea.Cmd
}

// t picks the English or the Chinese text.
func (a *App) t(en, zh string) string {
	if a.zh {
		return zh
	}
	return en
}

// View draws the active screen between the title line and the status
// and help lines, cut to the window: nothing scrolls off.
func (a *App) View() tea.View {
	var b strings.Builder
	if a.fatal != nil {
		b.WriteString(a.fatalView())
	} else {
		help := a.helpLines()
		a.bodyHeight = max(8, a.height-2-len(help))
		b.WriteString(a.titleLine() + "\n")
		b.WriteString(clip(a.screen.view(a), a.width, a.bodyHeight))
		b.WriteString("\n")
		if a.status != "" {
			style, glyph := a.theme.Success, "✓ "
			if a.bad {
				style, glyph = a.theme.Error, "✗ "
			}
			b.WriteString(ansi.Truncate(style.Render(glyph+a.status), a.width, "…"))
		}
		b.WriteString("\n" + strings.Join(help, "\n"))
	}
	v := tea.NewView(b.String())
	v.AltScreen = true
	v.WindowTitle = "tally"
	return v
}

// clip cuts a block to w cells by h lines, padding it to h lines so the
// status and help lines stay put.
func clip(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if lipgloss.Width(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// titleLine names the election, the office and the round, and who keys.
func (a *App) titleLine() string {
	var title string
	a.state(func(s *store.State) {
		title = s.Election.Title
		if r := s.Open(); r != nil {
			title += " · " + r.Spec.Contest + " · " + a.roundName(&r.Spec)
			if len(r.Spec.Sections) == 1 && r.Spec.Sections[0].Seats > 0 {
				sec := r.Spec.Sections[0]
				title += fmt.Sprintf(a.t(" (%d for %d)", "（%d 选 %d）"), len(sec.Candidates), sec.Seats)
			}
		}
	})
	right := ""
	if a.keyerA != "" {
		right = a.t("keyer A: ", "计票人A：") + a.keyerA
		if a.keyerB != "" {
			right += "  " + a.t("keyer B: ", "计票人B：") + a.keyerB
		}
	}
	if lipgloss.Width(title)+lipgloss.Width(right)+2 > a.width {
		title = ansi.Truncate(title, max(10, a.width-lipgloss.Width(right)-2), "…")
	}
	gap := max(1, a.width-lipgloss.Width(title)-lipgloss.Width(right))
	return a.theme.Title.Render(title) + strings.Repeat(" ", gap) + a.theme.Muted.Render(right)
}

func (a *App) roundName(r *count.Round) string {
	l := report.LangEN
	if a.zh {
		l = report.LangZH
	}
	return fmt.Sprintf(a.t("round %d · %s", "第%d轮 · %s"), r.Number, report.RoundKindName(r.Kind(), l))
}

// helpLines show the active screen's keys first, then the global ones,
// wrapped to the window: every key is on screen.
func (a *App) helpLines() []string {
	var lines []string
	line := ""
	for _, b := range append(a.screen.help(a), a.keys.Help, a.keys.Scrutineers, a.keys.Export, a.keys.Quit) {
		h := b.Help()
		style := a.theme.Key
		if !b.Enabled() {
			style = a.theme.Muted
		}
		part := style.Render(h.Key) + " " + a.theme.Muted.Render(h.Desc)
		switch {
		case line == "":
			line = part
		case lipgloss.Width(line)+2+lipgloss.Width(part) > a.width:
			lines = append(lines, line)
			line = part
		default:
			line += "  " + part
		}
	}
	return append(lines, line)
}

// box frames a panel no wider than the window: a longer line wraps
// inside the frame rather than breaking it.
func (a *App) box(content string) string {
	w := 0
	for _, l := range strings.Split(content, "\n") {
		w = max(w, lipgloss.Width(l))
	}
	return a.theme.Border.Width(min(w+4, a.width)).Render(content)
}

// errText says a count file's error in the table's language: the store's
// own Chinese where it has it; else, in Chinese, the kind is said first,
// then the store's English words for the detail.
func (a *App) errText(err error) string {
	if !a.zh {
		return err.Error()
	}
	if ce := (*store.CountError)(nil); errors.As(err, &ce) && ce.Zh != "" && ce.Error() == err.Error() {
		return ce.ErrorIn(true)
	}
	switch {
	case errors.Is(err, store.ErrFull):
		return "计票文件无法增大：磁盘已满（或已达文件大小上限）。请腾出空间。原文：" + err.Error()
	case errors.Is(err, store.ErrDamaged):
		return "计票文件已损坏或读写出错，不能再写入。原文：" + err.Error()
	case errors.Is(err, store.ErrLocked):
		return "计票文件正被另一个程序使用。原文：" + err.Error()
	}
	return "计票文件未接受此操作：" + err.Error()
}

func (a *App) fatalView() string {
	msg := a.t("The count file cannot take another event.", "计票文件无法再写入。")
	what := a.t("Everything acknowledged before is safe in the file. Note the paper in hand, quit (ctrl+q), and deal with what the message above says; then open the file again to go on.",
		"此前已确认的选票都已安全保存。请记下手中这张选票，退出（ctrl+q），按上面的提示处理后重新打开文件继续。")
	return a.box(a.theme.Error.Render("✗ "+msg) + "\n\n" + a.errText(a.fatal) + "\n\n" + what)
}

// Filter refuses a quit (ctrl+c, a signal) while a ballot is half keyed:
// pass it to tea.WithFilter.
func Filter(m tea.Model, msg tea.Msg) tea.Msg {
	switch msg.(type) {
	case tea.QuitMsg, tea.InterruptMsg:
		if a, ok := m.(*App); ok && a.Touched() {
			a.say(true, a.t("A ballot is half keyed: finish it (⏎) or undo it (⌫) before quitting", "有一张选票尚未录完：请录完（⏎）或撤销（⌫）后再退出"))
			return nil
		}
	}
	return msg
}
