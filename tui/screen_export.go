package tui

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tally/report"
	"tally/store"
)

// exportedMsg: an export written (or refused), for the export screen.
type exportedMsg struct {
	path string
	err  error
}

// exportScreen makes the count sheet, the ballots, the results or the
// journal as a file beside the count file, as tally export does, without
// leaving the table (the table holds the file, so no other program can
// read it meanwhile). It only reads the count.
type exportScreen struct {
	format int
	// round is the file's round to export, 0 for the whole election.
	round, rounds int
	langs         []report.Lang
	lang          int
	// replace: the file exists and the next ⏎ replaces it.
	replace bool
	busy    bool
	done    string
}

func newExportScreen(a *App, format string) *exportScreen {
	e := &exportScreen{langs: []report.Lang{report.LangZH, report.LangEN, report.LangBoth}}
	if !a.zh {
		e.langs = []report.Lang{report.LangEN, report.LangZH, report.LangBoth}
	}
	for i, f := range report.Formats {
		if f.Name == format {
			e.format = i
		}
	}
	a.state(func(s *store.State) { e.rounds = len(s.Rounds) })
	return e
}

func (e *exportScreen) target(a *App) string {
	f := report.Formats[e.format]
	return filepath.Join(filepath.Dir(a.count.Path()), report.DefaultName(a.count.Path(), f, e.round))
}

func (e *exportScreen) update(a *App, msg tea.KeyPressMsg) tea.Cmd {
	if e.busy {
		return nil
	}
	n := len(report.Formats)
	switch msg.String() {
	case "up", "k":
		e.format, e.replace = (e.format+n-1)%n, false
	case "down", "j":
		e.format, e.replace = (e.format+1)%n, false
	case "left":
		e.round, e.replace = (e.round+e.rounds)%(e.rounds+1), false
	case "right":
		e.round, e.replace = (e.round+1)%(e.rounds+1), false
	case "l":
		e.lang = (e.lang + 1) % len(e.langs)
	case "esc":
		a.screen, a.prev = a.prev, nil
		return nil
	case "enter":
		e.busy, e.done = true, ""
		return e.exportCmd(a)
	default:
		a.say(true, a.t("↑↓ choose a format, ←→ the round, l the language, ⏎ writes the file, esc goes back",
			"↑↓ 选择格式，←→ 选择轮次，l 切换语言，⏎ 写入文件，esc 返回"))
	}
	return nil
}

// exportCmd writes the file off the UI's goroutine: a PDF of a long
// election takes a moment.
func (e *exportScreen) exportCmd(a *App) tea.Cmd {
	c, path, replace := a.count, e.target(a), e.replace
	format := report.Formats[e.format].Name
	opt := report.ExportOptions{SheetOptions: report.SheetOptions{Round: e.round}, Lang: e.langs[e.lang]}
	return func() tea.Msg {
		rec, err := c.Record()
		if err != nil {
			return exportedMsg{path, err}
		}
		var buf bytes.Buffer
		if err := report.Export(&buf, c, rec, format, opt); err != nil {
			return exportedMsg{path, err}
		}
		return exportedMsg{path, report.WriteFile(path, buf.Bytes(), replace)}
	}
}

func (e *exportScreen) exported(a *App, msg exportedMsg) {
	e.busy = false
	switch {
	case errors.Is(msg.err, fs.ErrExist):
		e.replace = true
		a.say(true, a.t(fmt.Sprintf("%s exists: ⏎ again replaces it", msg.path), fmt.Sprintf("%s 已存在：再按 ⏎ 覆盖", msg.path)))
	case msg.err != nil:
		e.replace = false
		a.say(true, a.errText(msg.err))
	default:
		e.replace, e.done = false, msg.path
		a.say(false, a.t("Written: "+msg.path, "已写入："+msg.path))
	}
}

func (e *exportScreen) view(a *App) string {
	var b strings.Builder
	b.WriteString(a.theme.Title.Render(a.t("Export", "导出")) + "\n")
	n, head := a.count.Head()
	b.WriteString(a.theme.Muted.Render(fmt.Sprintf(a.t("%s · %d events · check code %s", "%s · 共 %d 条事件 · 核对码 %s"),
		filepath.Base(a.count.Path()), n, store.CheckCode(head))) + "\n\n")
	for i, f := range report.Formats {
		what := f.What
		if a.zh {
			what = f.WhatZH
		}
		line := fmt.Sprintf("  %-14s %s", f.Name, what)
		if i == e.format {
			line = a.theme.Selected.Render("▸ " + line[2:])
		}
		b.WriteString(line + "\n")
	}
	f := report.Formats[e.format]
	scope := a.t("the whole election", "全部轮次")
	if e.round > 0 {
		scope = fmt.Sprintf(a.t("round %d only", "仅第 %d 轮"), e.round)
	}
	b.WriteString("\n" + pad(a.t("Rounds", "范围"), 10) + "◂ " + scope + " ▸\n")
	if f.Sheet {
		names := map[report.Lang]string{report.LangZH: "中文", report.LangEN: "English", report.LangBoth: a.t("both, side by side", "中英对照")}
		b.WriteString(pad(a.t("Language", "语言"), 10) + names[e.langs[e.lang]] + "\n")
	}
	b.WriteString(pad(a.t("Writes", "写入"), 10) + e.target(a) + "\n")
	switch {
	case e.busy:
		b.WriteString("\n" + a.t("Writing…", "正在写入…") + "\n")
	case e.done != "":
		b.WriteString("\n" + a.theme.Success.Render("✓ "+a.t("Written: ", "已写入：")+e.done) + "\n")
	}
	return a.box(b.String())
}

func (e *exportScreen) help(a *App) []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("⏎", a.t("write the file", "写入文件"))),
		key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓", a.t("format", "格式"))),
		key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←→", a.t("rounds", "轮次"))),
		key.NewBinding(key.WithKeys("l"), key.WithHelp("l", a.t("language", "语言"))),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", a.t("back", "返回"))),
	}
}

// short is the first characters of a hash, enough to match a sheet.
