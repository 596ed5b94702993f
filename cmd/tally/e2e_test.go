package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// e2eElection: four members present of four, 3 for 2; more than half of
// those present (3 votes) elects. The papers keyed below give 甲 3, 乙 2,
// 丙 2: 甲 is elected and one seat goes to an extra round of 乙 and 丙.
const e2eElection = `title = "红星村党支部委员选举"
preset = "party"
ballot = "marked"
[electorate]
entitled = 4
present = 4
issued = 4
returned = 4
[[offices]]
name = "委员"
seats = 2
candidates = ["甲", "乙", "丙"]
`

// tmuxSession drives the built program in a private tmux server: keys go
// in with send-keys, the screen comes out with capture-pane.
type tmuxSession struct {
	t      *testing.T
	socket string
	target string
}

func (s *tmuxSession) tmux(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// text types literal text (Chinese included); keys sends named keys.
func (s *tmuxSession) text(t string) { s.tmux("send-keys", "-t", s.target, "-l", t) }
func (s *tmuxSession) keys(k ...string) {
	for _, key := range k {
		s.tmux("send-keys", "-t", s.target, key)
	}
}

func (s *tmuxSession) screen() string { return s.tmux("capture-pane", "-p", "-t", s.target) }

// waitFor polls the screen until every text is on it, or fails after a
// deadline with the screen as it stands.
func (s *tmuxSession) waitFor(texts ...string) {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		scr := s.screen()
		missing := ""
		for _, want := range texts {
			if !strings.Contains(scr, want) {
				missing = want
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the screen never showed %q:\n%s", missing, scr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The counting table end to end, as the people at the table use it: the
// binary opens a count file in a terminal, two keyers key four papers in
// interleaved mode, one deliberate mismatch is settled by the chief
// scrutineer, the round closes into its extra round, the program quits;
// opened again, everything is as it was, and tally verify passes.
func TestEndToEnd_CountingTableInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is needed for the end-to-end test (.ci/run installs it)")
		}
		t.Skip("tmux is not installed")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "tally")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	electionFile := filepath.Join(dir, "e2e.toml")
	if err := os.WriteFile(electionFile, []byte(e2eElection), 0o644); err != nil {
		t.Fatal(err)
	}
	count := filepath.Join(dir, "e2e.tally")
	if out, err := exec.Command(bin, "new", electionFile, count).CombinedOutput(); err != nil {
		t.Fatalf("tally new: %v\n%s", err, out)
	}

	s := &tmuxSession{t: t, socket: fmt.Sprintf("tally-e2e-%d", os.Getpid()), target: "e2e"}
	s.tmux("-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "120", "-y", "40",
		"env", "LANG=C.UTF-8", "TERM=xterm-256color", "PS1=$ ", "bash", "--norc", "--noprofile")
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	open := func() {
		s.text(fmt.Sprintf("%s %s --lang en", bin, count))
		s.keys("Enter")
	}
	signIn := func() {
		s.waitFor("Who keys the ballots?")
		s.text("王明")
		s.keys("Tab")
		s.text("李强")
		s.keys("Enter")
	}

	open()
	signIn()
	s.waitFor("The round's figures", "✓ the vote stands")
	s.keys("Enter")
	// The scrutineers watch on a second terminal.
	w := &tmuxSession{t: t, socket: s.socket, target: "watch"}
	s.tmux("new-session", "-d", "-s", "watch", "-x", "100", "-y", "30",
		"env", "LANG=C.UTF-8", "TERM=xterm-256color", bin, "watch", count, "--lang", "en")
	w.waitFor("read only", "accepted 0 of 4")
	// Each paper keyed by A, then by B; paper 2 is keyed differently.
	papers := [][2]string{{"12", "12"}, {"12", "13"}, {"13", "13"}, {"3", "3"}}
	for i, p := range papers {
		n := i + 1
		s.waitFor(fmt.Sprintf("ballot %d of 4 · first keying · 王明", n))
		s.text(p[0])
		s.keys("Enter")
		s.waitFor(fmt.Sprintf("ballot %d of 4 · second keying · 李强", n))
		s.text(p[1])
		s.keys("Enter")
		if p[0] != p[1] {
			s.waitFor(fmt.Sprintf("ballot %d · the keyings differ", n), "◆ differs")
			s.text("a")
			s.waitFor("chief scrutineer:")
			s.text("赵监")
			s.keys("Enter")
			s.waitFor(fmt.Sprintf("ballot %d accepted as keying A, decided by 赵监", n))
		} else {
			s.waitFor(fmt.Sprintf("ballot %d accepted", n))
		}
	}
	s.waitFor("accepted 4 of 4", "甲      3    0    1")
	w.waitFor("accepted 4 of 4", "last accepted: #4 ○丙", "✓ certain")
	w.keys("1", "Enter", "C-r") // nothing a scrutineer presses reaches the count
	s.keys("C-r")
	s.waitFor("If the round closes now:", "委员 · Elected: 甲", "extra round")
	s.keys("Enter")
	s.waitFor("chief scrutineer: ")
	s.text("赵监") // each decision is signed by typing the name
	s.keys("Enter")
	s.waitFor("The round is closed:", "⏎ opens the next round")
	s.keys("Enter")
	s.waitFor("委员 · round 2 · extra round (2 for 1)", "The round's figures")
	s.keys("C-q")
	s.waitFor("Count file ", "16 events", "To go on: ta")

	// Opened again: the extra round is where it was left.
	open()
	s.waitFor("委员 · round 2 · extra round (2 for 1)")
	signIn()
	s.waitFor("The round's figures")
	s.keys("Enter")
	s.waitFor("ballot 1 of 4 · first keying · 王明", "1 乙", "2 丙")
	s.keys("C-q")
	s.waitFor("16 events", "$ ")
	for deadline := time.Now().Add(15 * time.Second); strings.Count(s.screen(), "16 events") < 2; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the second session did not end with the file as it was:\n%s", s.screen())
		}
	}

	out, err := exec.Command(bin, "verify", count).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "verified") {
		t.Fatalf("tally verify: %v\n%s", err, out)
	}
	out, err = exec.Command(bin, "result", "--lang", "en", count).CombinedOutput()
	if err != nil {
		t.Fatalf("tally result: %v\n%s", err, out)
	}
	for _, want := range []string{"Elected: 甲", "round 2 is open"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("tally result lacks %q:\n%s", want, out)
		}
	}
	journal, err := exec.Command(bin, "journal", count).CombinedOutput()
	if err != nil {
		t.Fatalf("tally journal: %v\n%s", err, journal)
	}
	if !strings.Contains(string(journal), "赵监") {
		t.Errorf("the journal lacks the chief scrutineer's decision:\n%s", journal)
	}
}
