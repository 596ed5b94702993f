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
	// The keyers sign in with their PINs (set at the first sign-in) and
	// take turns by stacks of two at the one keyboard.
	signIn := func() {
		s.waitFor("Who keys the ballots?", "PIN")
		s.text("王明")
		s.keys("Tab")
		s.text("1111")
		s.keys("Tab")
		s.text("李强")
		s.keys("Tab")
		s.text("2222")
		s.keys("Tab", "BSpace", "BSpace")
		s.text("2")
		s.keys("Enter")
	}
	// A chief's act: their PIN, then a scrutineer confirms with theirs.
	sign := func() {
		s.waitFor("Signed by the chief, confirmed by a second person")
		s.text("9999")
		s.keys("Tab")
		s.text("钱监")
		s.keys("Tab")
		s.text("8888")
		s.keys("Enter")
	}
	pass := func(who, pin string) {
		s.waitFor("The keyboard passes to " + who)
		s.text(pin)
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
	// Stacks of two: A keys papers 1 and 2, the keyboard passes to B (a
	// PIN), who keys them again; paper 2 is keyed differently and the
	// chief decides, a scrutineer confirming. Then papers 3 and 4.
	papers := [][2]string{{"12", "12"}, {"12", "13"}, {"13", "13"}, {"3", "3"}}
	for stack := 0; stack < 4; stack += 2 {
		if stack > 0 {
			pass("王明", "1111")
		}
		for n := stack + 1; n <= stack+2; n++ {
			s.waitFor(fmt.Sprintf("ballot %d of 4 · first keying · 王明", n))
			s.text(papers[n-1][0])
			s.keys("Enter")
		}
		pass("李强", "2222")
		for n := stack + 1; n <= stack+2; n++ {
			s.waitFor(fmt.Sprintf("ballot %d of 4 · second keying · 李强", n))
			s.text(papers[n-1][1])
			s.keys("Enter")
			if papers[n-1][0] != papers[n-1][1] {
				s.waitFor(fmt.Sprintf("ballot %d · the keyings differ", n), "◆ differs")
				s.text("a")
				s.waitFor("chief scrutineer:")
				s.text("赵监")
				s.keys("Enter")
				sign()
				s.waitFor(fmt.Sprintf("ballot %d accepted as keying A, decided by 赵监", n))
			} else {
				s.waitFor(fmt.Sprintf("ballot %d accepted", n))
			}
		}
	}
	s.waitFor("accepted 4 of 4", "甲      3    0    1")
	w.waitFor("accepted 4 of 4", "last accepted: #4 ○丙", "✓ certain")
	w.keys("1", "Enter", "C-r") // nothing a scrutineer presses reaches the count
	s.keys("C-r")
	s.waitFor("If the round closes now:", "委员 · Elected: 甲", "extra round")
	s.keys("Enter")
	s.waitFor("chief scrutineer: ")
	s.text("赵监") // each decision is signed: the name, the PIN, a confirmer
	s.keys("Enter")
	sign()
	s.waitFor("The round is closed:", "⏎ opens the next round")
	s.keys("Enter")
	s.waitFor("委员 · round 2 · extra round (2 for 1)", "The round's figures")
	s.keys("C-q")
	// 2 to create, 2 sign-ins, 8 keyings, the decision (two sign-ins, the
	// act, its confirmation), the close, its confirmation, the next round.
	s.waitFor("Count file ", "19 events", "To go on: ta")

	// Opened again: the extra round is where it was left.
	open()
	s.waitFor("委员 · round 2 · extra round (2 for 1)")
	signIn()
	s.waitFor("The round's figures")
	s.keys("Enter")
	s.waitFor("ballot 1 of 4 · first keying · 王明", "1 乙", "2 丙")
	s.keys("C-q")
	// The second sitting signed the keyers in again: two events more.
	s.waitFor("21 events", "$ ")

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
