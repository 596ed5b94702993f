package store

import (
	"bufio"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"tally/count"
)

// The kill test: a child process keys ballots in a loop and is killed
// with SIGKILL at random moments, many times over. After every kill the
// file must open, verify, and hold every ballot the child said it had
// saved. A teller who saw "saved" on the screen must never lose it.
//
// The child is this test binary run again with TestKillChild selected and
// the count file named in killChildEnv. It writes "ack N K" to stdout
// (unbuffered) only after Append returned, so an ack the parent reads is
// one the table would have shown.
const (
	killChildEnv = "TALLY_KILL_CHILD"    // the count file the child keys into
	killModeEnv  = "TALLY_KILL_MODE"     // single or double
	killSeedEnv  = "TALLY_KILL_SEED"     // to repeat a run's kill times: the seed it logged
	killMaxSleep = 40 * time.Millisecond // the longest wait before a kill
	killChildCap = 2 * time.Minute       // a child left behind stops itself
	killKeyer1   = "王明"                  // keys every ballot's first keying
	killKeyer2   = "李强"                  // and its second, in a double-keyed round
	killRoundNum = 1                     // testElection's first round
	killCIKills  = 220                   // per mode; CI runs without -short
	killShort    = 30                    // per mode with -short
	killChildArg = "-test.run=^TestKillChild$"
)

// killMarks are the marks keyed for ballot n: they vary, so a ballot
// present with the wrong marks is caught too.
func killMarks(n int) *count.Ballot { return vote(n % 2) }

func TestCountFile_KillAtRandomLosesNoAcknowledgedBallot(t *testing.T) {
	if testing.Short() {
		t.Logf("-short: %d kills per keying mode (CI runs %d)", killShort, killCIKills)
	}
	for _, mode := range []string{KeyingSingle, KeyingDouble} {
		t.Run(mode, func(t *testing.T) { killTest(t, mode) })
	}
}

// killRun is what one child wrote before it was killed.
type killRun struct {
	acks  [][2]int // ballot, keying
	other []string // anything else it wrote: shown if it did not die by our hand
}

func killTest(t *testing.T, mode string) {
	kills := killCIKills
	if testing.Short() {
		kills = killShort
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv(killSeedEnv); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("%s=%q: %v", killSeedEnv, s, err)
		}
	}
	t.Logf("seed %d (%s=%d repeats these kill times)", seed, killSeedEnv, seed)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))

	path := filepath.Join(t.TempDir(), "kill.tally")
	f, err := Create(path, []byte(testElection), mode, Options{BackupEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	f.Close()

	acked := map[int]int{} // ballot → the highest keying acknowledged
	checkedBackups := map[string]bool{}
	var lastSeq uint64
	lastAccepted, lastBallots, midKeying, totalAcks := 0, 0, 0, 0
	start := time.Now()
	for i := 1; i <= kills; i++ {
		sleep := time.Duration(rng.Int64N(int64(killMaxSleep) + 1))
		// One kill in four is timed from the child's start, to catch it
		// opening the file; the rest from its saying it is ready, so that
		// a loaded machine (CI runs packages side by side) still kills
		// mid-keying.
		fromStart := rng.IntN(4) == 0
		run := killOnce(t, path, mode, sleep, fromStart)
		for _, a := range run.acks {
			acked[a[0]] = max(acked[a[0]], a[1])
		}
		if len(run.acks) > 0 {
			midKeying++
			totalAcks += len(run.acks)
		}
		at := fmt.Sprintf("kill %d (after %v, %d acks)", i, sleep.Round(time.Microsecond), len(run.acks))
		seq, accepted, ballots := killCheck(t, path, mode, acked, at)
		if seq < lastSeq || accepted < lastAccepted {
			t.Fatalf("%s: the count went backwards: %d events and %d accepted ballots, after %d and %d",
				at, seq, accepted, lastSeq, lastAccepted)
		}
		// A child saves at most one keying it did not live to acknowledge.
		if ballots > lastBallots+len(run.acks)+1 {
			t.Fatalf("%s: %d ballots in the file, after %d: more than the child keyed", at, ballots, lastBallots)
		}
		lastSeq, lastAccepted, lastBallots = seq, accepted, ballots
		killCheckBackups(t, path, checkedBackups, at)
	}
	parts, _ := filepath.Glob(filepath.Join(path+".backups", "*.part"))
	t.Logf("%d kills in %v: %d mid-keying, %d at start-up; %d acks, %d accepted ballots, %d events; %d backups checked, %d half-made left behind",
		kills, time.Since(start).Round(time.Millisecond), midKeying, kills-midKeying, totalAcks, lastAccepted, lastSeq, len(checkedBackups), len(parts))
	// Kills that all land before the first ballot test only start-up: the
	// child is too slow to start for the sleeps chosen.
	if midKeying < kills/4 {
		t.Errorf("only %d of %d kills came after the child had saved a ballot: the test barely exercises keying", midKeying, kills)
	}
}

// killOnce starts a child, kills it after sleep, and returns what it said.
func killOnce(t *testing.T, path, mode string, sleep time.Duration, fromStart bool) killRun {
	t.Helper()
	cmd := exec.Command(os.Args[0], killChildArg)
	cmd.Env = append(os.Environ(), killChildEnv+"="+path, killModeEnv+"="+mode)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan killRun, 1)
	ready := make(chan struct{})
	go func() {
		var run killRun
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			var n, k int
			if _, err := fmt.Sscanf(sc.Text(), "ack %d %d", &n, &k); err == nil {
				run.acks = append(run.acks, [2]int{n, k})
			} else if sc.Text() == "ready" {
				close(ready)
			} else {
				run.other = append(run.other, sc.Text())
			}
		}
		done <- run
	}()
	if !fromStart {
		select {
		case <-ready:
		case <-time.After(killChildCap / 4):
		}
	}
	time.Sleep(sleep)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatalf("kill: %v", err)
	}
	run := <-done // the pipe ends when the child dies: every ack is read
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || !exit.Sys().(syscall.WaitStatus).Signaled() ||
		exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the child ended by itself (%v), not by the kill:\n%s\n%s", err, strings.Join(run.other, "\n"), stderr.String())
	}
	return run
}

// killCheck opens the file as a reader would after the crash and checks
// every acknowledged ballot is there. It returns the journal's length and
// the accepted ballots, which must never go down, and the ballots keyed.
func killCheck(t *testing.T, path, mode string, acked map[int]int, at string) (seq uint64, accepted, ballots int) {
	t.Helper()
	f, err := Open(path, Options{ReadOnly: true, BackupEvery: -1})
	if err != nil {
		t.Fatalf("%s: the file does not open: %v", at, err)
	}
	defer f.Close()
	if problems := f.Verify(); len(problems) > 0 {
		t.Fatalf("%s: verify: %v", at, problems)
	}
	r := f.State().Open()
	if r == nil || r.Number != killRoundNum || r.Mode != mode {
		t.Fatalf("%s: round %d (%s) is not open", at, killRoundNum, mode)
	}
	for _, n := range slices.Sorted(maps.Keys(acked)) {
		k, b := acked[n], r.Ballots[n]
		want := []BallotStatus{BallotAccepted}
		if k == 1 && mode == KeyingDouble {
			want = append(want, BallotPending)
		}
		switch {
		case b == nil:
			t.Fatalf("%s: ballot %d (keying %d acknowledged) is lost", at, n, k)
		case !slices.Contains(want, b.Status):
			t.Fatalf("%s: ballot %d (keying %d acknowledged) is %v, want %v", at, n, k, b.Status, want)
		case len(b.Keyings) < k:
			t.Fatalf("%s: ballot %d has %d keyings, but keying %d was acknowledged", at, n, len(b.Keyings), k)
		case !sameMarks(&b.Keyings[k-1].Marks, killMarks(n)):
			t.Fatalf("%s: ballot %d keying %d holds marks %+v, not those keyed", at, n, k, b.Keyings[k-1].Marks)
		}
	}
	// The child keys 1, 2, 3, … in order, so the file holds ballots 1 to
	// some n with no gap.
	for n := range r.Ballots {
		if n < 1 || n > len(r.Ballots) {
			t.Fatalf("%s: ballot %d is in the file, which holds %d ballots: a gap", at, n, len(r.Ballots))
		}
	}
	seq, _ = f.Head()
	accepted, ballots = r.Counts()[BallotAccepted], len(r.Ballots)
	// tally verify's own check, which reads the file without opening it
	// (both are readers: they may share the file).
	if problems := VerifyFile(path, 0); len(problems) > 0 {
		t.Fatalf("%s: VerifyFile: %v", at, problems)
	}
	return seq, accepted, ballots
}

// killCheckBackups opens every automatic backup not yet seen: a backup
// made as the child was killed is either whole or not there (.part).
func killCheckBackups(t *testing.T, path string, seen map[string]bool, at string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(path+".backups", "*.tally"))
	for _, name := range files {
		if seen[name] {
			continue
		}
		seen[name] = true
		b, err := Open(name, Options{ReadOnly: true, BackupEvery: -1})
		if err != nil {
			t.Fatalf("%s: backup %s does not open: %v", at, filepath.Base(name), err)
		}
		problems := b.Verify()
		b.Close()
		if len(problems) > 0 {
			t.Fatalf("%s: backup %s: verify: %v", at, filepath.Base(name), problems)
		}
	}
}

// TestKillChild is the child of the kill test, not a test of its own: it
// keys ballots into the file named in TALLY_KILL_CHILD until it is killed.
func TestKillChild(t *testing.T) {
	path := os.Getenv(killChildEnv)
	if path == "" {
		t.Skip("the kill test's child: run by TestCountFile_KillAtRandomLosesNoAcknowledgedBallot")
	}
	// Fail loudly and at once: the parent shows what the child wrote if it
	// ends by itself.
	die := func(format string, args ...any) {
		fmt.Fprintf(os.Stdout, "child: "+format+"\n", args...)
		os.Exit(3)
	}
	f, err := Open(path, Options{BackupEvery: 7})
	if err != nil {
		die("open: %v", err)
	}
	fmt.Fprintln(os.Stdout, "ready")
	// A BackupError comes after the commit: the ballot is saved.
	saved := func(err error) bool {
		var be *BackupError
		return err == nil || errors.As(err, &be)
	}
	st := f.State()
	if len(st.Tellers) == 0 {
		_, err := f.AppendAll(Event{Kind: EventTellerSignedIn, Who: killKeyer1, Role: "keyer"},
			Event{Kind: EventTellerSignedIn, Who: killKeyer2, Role: "keyer"})
		if !saved(err) {
			die("sign in: %v", err)
		}
	}
	// Resume after the last ballot in the file: its second keying if it
	// waits for one, else the next number.
	r := f.State().Open()
	n, k := 1, 1
	if len(r.Ballots) > 0 {
		last := slices.Max(slices.Collect(maps.Keys(r.Ballots)))
		n, k = last+1, 1
		if r.Ballots[last].Status == BallotPending {
			n, k = last, 2
		}
	}
	double := os.Getenv(killModeEnv) == KeyingDouble
	for stop := time.Now().Add(killChildCap); time.Now().Before(stop); {
		who := killKeyer1
		if k == 2 {
			who = killKeyer2
		}
		_, err := f.Append(Event{Kind: EventBallotKeyed, Who: who, Round: killRoundNum, Ballot: n, Keying: k, Marks: killMarks(n)})
		if !saved(err) {
			die("ballot %d keying %d: %v", n, k, err)
		}
		fmt.Fprintf(os.Stdout, "ack %d %d\n", n, k)
		if double && k == 1 {
			k = 2
		} else {
			n, k = n+1, 1
		}
	}
	die("not killed within %v", killChildCap)
}
