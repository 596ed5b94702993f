package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"

	"tally/examples"
	"tally/report"
	"tally/store"
	"tally/tui"
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
	f, err := store.Open(path, store.Options{PINCost: pinCost, SnapshotEvery: snapshotEvery})
	if err != nil {
		return inputError{err}
	}
	zh := answerIn(lang, f.State().Election.Lang) == report.LangZH
	stopServing := serveScrutineers(path, f, zh)
	app := tui.New(f, zh)
	_, runErr := tea.NewProgram(app, tea.WithFilter(tui.Filter)).Run()
	stopServing()
	n, head := f.Head()
	closeErr := f.Close()
	if runErr != nil && !errors.Is(runErr, tea.ErrInterrupted) {
		return runErr
	}
	if zh {
		fmt.Fprintf(stdout, "计票文件 %s：%d 条事件，核对码 %s。继续计票：tally %s\n", path, n, store.CheckCode(head), path)
	} else {
		fmt.Fprintf(stdout, "Count file %s: %d events, check code %s. To go on: tally %s\n", path, n, store.CheckCode(head), path)
	}
	return closeErr
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
		f, err := store.Create(path, data, store.KeyingDouble, store.Options{Rules: store.RulesRoles, PINCost: pinCost})
		if err == nil {
			return path, f.Close()
		}
		if !errors.Is(err, os.ErrExist) || i > 99 {
			return "", err
		}
		path = filepath.Join(os.TempDir(), strings.TrimSuffix(name, ".tally")+fmt.Sprintf("-%d.tally", i))
	}
}

// watchSocket is where the table serves the scrutineers' screen of a
// count file: a socket in the temporary directory named for the file's
// absolute path (a socket's path must be short), readable by its owner.
//
// The socket lives in a folder of this user's alone (made 0700, checked
// by both ends: a real folder, this user's, nobody else's to open), so no
// other user's program can pose as the table by binding the path first.
func watchSocket(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(socketDir(), "tally-"+hex.EncodeToString(sum[:8])+".sock"), nil
}

// socketRoot holds the sockets' folder (the tests' own in tests).
var socketRoot = os.TempDir()

// socketDir is the folder of the user's table sockets.
func socketDir() string {
	return filepath.Join(socketRoot, fmt.Sprintf("tally-sockets-%d", os.Getuid()))
}

// dialTable connects to the table keeping path's count on this machine,
// after checking that its socket can only be the table's.
func dialTable(path string) (net.Conn, error) {
	sock, err := watchSocket(path)
	if err != nil {
		return nil, inputError{err}
	}
	distrust := func(err error) error {
		return inputError{fmt.Errorf("%s: the scrutineers' screen is not to be trusted (%v): it may not be the table's", path, err)}
	}
	noTable := inputError{fmt.Errorf("%s: no counting table has this file open here: open it first with tally %s, then watch it", path, path)}
	if err := privateDir(socketDir()); errors.Is(err, os.ErrNotExist) {
		return nil, noTable // no table has served here: nothing to dial
	} else if err != nil {
		return nil, distrust(err)
	}
	if err := ownSocket(sock); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, distrust(err)
	}
	conn, err := net.Dial("unix", sock)
	if err != nil {
		return nil, noTable
	}
	return conn, nil
}

// serveScrutineers lets tally watch show the scrutineers' screen of the
// open file on another terminal. The count file's lock means only one
// table has the file, so a socket already there is a stale one left by a
// table that was killed. Serving is a convenience: if it cannot start,
// the table still runs.
func serveScrutineers(path string, f *store.CountFile, zh bool) (stop func()) {
	sock, err := watchSocket(path)
	if err != nil {
		return func() {}
	}
	os.Mkdir(socketDir(), 0o700)
	os.Chmod(socketDir(), 0o700) // our own folder, if an earlier run left it open (a chmod of another's fails)
	if privateDir(socketDir()) != nil {
		return func() {} // another user's folder: serve nothing there
	}
	os.Remove(sock)
	ln, err := net.Listen("unix", sock)
	if err != nil {
		return func() {}
	}
	os.Chmod(sock, 0o600)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				tui.ServeScrutineers(conn, f, zh)
			}()
		}
	}()
	return func() {
		ln.Close()
		os.Remove(sock)
	}
}

// runWatch shows on this terminal the scrutineers' screen of the table
// that has the count file open.
func runWatch(path, lang string) error {
	if !interactive() {
		return inputError{fmt.Errorf("%s: the scrutineers' screen needs a terminal; to read the file without one, use tally result %s", path, path)}
	}
	if _, err := os.Stat(path); err != nil {
		return inputError{fmt.Errorf("%s: %w", path, err)}
	}
	conn, err := dialTable(path)
	if err != nil {
		return err
	}
	defer conn.Close()
	code := ""
	if l, _ := report.ParseLang(lang); l == report.LangZH {
		code = "zh"
	} else if l == report.LangEN {
		code = "en"
	}
	_, err = tea.NewProgram(tui.NewWatch(conn, code)).Run()
	if err != nil && !errors.Is(err, tea.ErrInterrupted) {
		return err
	}
	return nil
}
