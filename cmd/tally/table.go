package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"

	"tally/examples"
	"tally/store"
	"tally/tui"
	"tally/tui/sheet"
)

// interactive reports whether the program talks to a person at a
// terminal: the counting table needs one; a pipe gets printed text.
func interactive() bool {
	return term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd())
}

// runTable opens the counting table on a count file, and says on leaving
// where the file is and what it holds, so the next session starts from it.
func runTable(path, lang string, stdout io.Writer) error {
	if !interactive() {
		return inputError{fmt.Errorf("%s: the counting table needs a terminal; to read the file without one, use tally result %s", path, path)}
	}
	f, err := openCount(path, false)
	if err != nil {
		return err
	}
	zh := sheet.Resolve(lang, f.State().Election.Lang) == sheet.LangZH
	app := tui.New(f, zh)
	_, runErr := tea.NewProgram(app, tea.WithFilter(tui.Filter)).Run()
	n, head := f.Head()
	closeErr := f.Close()
	if runErr != nil && !errors.Is(runErr, tea.ErrInterrupted) {
		return runErr
	}
	if zh {
		fmt.Fprintf(stdout, "计票文件 %s：%d 条记录，末条 %s。继续计票：tally %s\n", path, n, short(head), path)
	} else {
		fmt.Fprintf(stdout, "Count file %s: %d events, head %s. To go on: tally %s\n", path, n, short(head), path)
	}
	return closeErr
}

func short(head string) string {
	if len(head) > 16 {
		return head[:16]
	}
	return head
}

// newDemoFile creates a fresh count file for the table's demo election in
// the temporary directory, its name carrying the time it was made.
func newDemoFile() (string, error) {
	data, err := examples.FS.ReadFile(examples.DemoTable)
	if err != nil {
		return "", err
	}
	name := "tally-demo-" + time.Now().Format("20060102-150405") + ".tally"
	path := filepath.Join(os.TempDir(), name)
	for i := 2; ; i++ {
		f, err := store.Create(path, data, store.KeyingDouble, store.Options{})
		if err == nil {
			return path, f.Close()
		}
		if !errors.Is(err, os.ErrExist) || i > 99 {
			return "", err
		}
		path = filepath.Join(os.TempDir(), strings.TrimSuffix(name, ".tally")+fmt.Sprintf("-%d.tally", i))
	}
}
