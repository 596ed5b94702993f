package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/charmbracelet/x/term"

	"tally/report"
	"tally/store"
)

// People sign in to a count file that follows roles with their PIN
// (docs/roles.md). The commands ask for it on the terminal, without echo,
// so it is never in the shell's history; a script gives --pins FILE, a
// file only its owner can read with one person a line: the name, then
// the PIN ("张监 4821", "Ann Lee 4821"). There is no variable for a PIN:
// the environment of a process is readable by others on the machine.

// pinSource finds the PINs of the people a command signs in.
type pinSource struct {
	file map[string]string // from --pins
	in   *os.File
	out  io.Writer
	l    report.Lang
}

func newPINSource(path string, out io.Writer, l report.Lang) (*pinSource, error) {
	p := &pinSource{in: os.Stdin, out: out, l: l}
	if path == "" {
		return p, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, inputError{err}
	}
	if runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return nil, inputError{fmt.Errorf(tr(l, "--pins %s: others can read it (mode %o): make it the owner's alone, with chmod 600 %s",
			"--pins %s：其他人可以读取（权限 %o）：请用 chmod 600 %s 设为仅本人可读"), path, st.Mode().Perm(), path)}
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, inputError{err}
	}
	defer fh.Close()
	p.file = map[string]string{}
	sc := bufio.NewScanner(fh)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexAny(line, " \t")
		if i < 0 {
			return nil, inputError{fmt.Errorf(tr(l, "%s:%d: expected a name, then the PIN", "%s:%d：应为姓名，然后是 PIN"), path, n)}
		}
		p.file[strings.TrimSpace(line[:i])] = strings.TrimSpace(line[i+1:])
	}
	return p, sc.Err()
}

// pin gives a person's PIN: from the file, or asked on the terminal.
func (p *pinSource) pin(name string) (string, error) {
	if p.file != nil {
		if pin, ok := p.file[name]; ok {
			return pin, nil
		}
		return "", inputError{fmt.Errorf(tr(p.l, "--pins: no PIN for %s", "--pins：没有 %s 的 PIN"), name)}
	}
	if !term.IsTerminal(p.in.Fd()) {
		return "", inputError{fmt.Errorf(tr(p.l, "%s signs in with their PIN: run this at a terminal, or give --pins FILE (see tally help close)",
			"%s 须凭 PIN 签到：请在终端上运行，或用 --pins 文件（见 tally help close）"), name)}
	}
	fmt.Fprintf(p.out, tr(p.l, "PIN for %s: ", "%s 的 PIN："), name)
	b, err := term.ReadPassword(p.in.Fd())
	fmt.Fprintln(p.out)
	return string(b), err
}

// signIn signs a person in for this command's sitting. In a file that
// follows roles the PIN is asked (or read from --pins) and their role is
// the one they hold, or role if they hold none yet; a file made before
// roles takes the sign-in as it always did, once per name and role.
func signIn(f *store.CountFile, name, role string, pins *pinSource) error {
	s := f.State()
	if s.Rules < store.RulesRoles {
		if signedIn(s, name, role) {
			return nil
		}
		_, err := f.SignIn(name, role, "")
		return err
	}
	if _, ok := f.SignedIn(name); ok {
		return nil // one command, one sitting: the PIN is asked once
	}
	pin, err := pins.pin(name)
	if err != nil {
		return err
	}
	return f.Vouch(name, role, pin)
}

// signers checks that a chief's act names its confirmer where the file
// asks for one, and gives where the PINs come from.
func signers(f *store.CountFile, confirmer, pinsPath string, stderr io.Writer, l report.Lang) (*pinSource, error) {
	if err := needConfirmer(f, confirmer, l); err != nil {
		return nil, err
	}
	return newPINSource(pinsPath, stderr, l)
}

// needConfirmer refuses a chief's act on a file that follows roles when
// no second person is named to confirm it.
func needConfirmer(f *store.CountFile, confirmer string, l report.Lang) error {
	if f.State().Rules >= store.RulesRoles && strings.TrimSpace(confirmer) == "" {
		return errors.New(tr(l, "--confirmed-by: this count file follows roles (docs/roles.md): a scrutineer or the presiding officer confirms the act, with their PIN",
			"--confirmed-by：本计票文件执行身份权限（docs/roles.md）：须由监票人或会议主持人凭 PIN 确认"))
	}
	return nil
}

const pinsHelp = "a file, readable by its owner only, of the PINs of the people named (a line each: the name, then the PIN); without it each PIN is asked on the terminal"
