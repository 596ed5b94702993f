package store

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"tally/count"
)

// The count file's figures: docs/performance.md quotes them, with the
// commands that give them. Targets live here, never in timed tests.

// benchElection is one office, 10 candidates, 3 seats, marked ballots
// (for ○ / against ×), counted by plurality so any number of ballots fits.
const benchElection = `title = "Bench: one office, ten names"
preset = "plurality"
ballot = "marked"
[[offices]]
name = "Committee"
seats = 3
candidates = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]
`

// benchCount creates a count file for benchElection in a fresh temporary
// directory and signs in two keyers.
func benchCount(b *testing.B, mode string, opts Options) (*CountFile, string) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "bench.tally")
	f, err := Create(path, []byte(benchElection), mode, opts)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := f.AppendAll(Event{Kind: EventTellerSignedIn, Who: killKeyer1, Role: "keyer"},
		Event{Kind: EventTellerSignedIn, Who: killKeyer2, Role: "keyer"}); err != nil {
		b.Fatal(err)
	}
	return f, path
}

// benchMarks is a valid marked ballot: up to 3 names marked for (the
// seats), a few others against, the rest left blank.
func benchMarks(rng *rand.Rand, n int) count.Ballot {
	perm := rng.Perm(10)
	nFor := rng.IntN(4)
	nAgainst := rng.IntN(4)
	m := count.Marks{}
	if nFor > 0 {
		m.For = slices.Sorted(slices.Values(perm[:nFor]))
	}
	if nAgainst > 0 {
		m.Against = slices.Sorted(slices.Values(perm[nFor : nFor+nAgainst]))
	}
	return count.Ballot{Number: n, Source: -1, Sections: []count.Marks{m}}
}

func benchBallots(n int) []count.Ballot {
	rng := rand.New(rand.NewPCG(7, 11))
	out := make([]count.Ballot, n)
	for i := range out {
		out[i] = benchMarks(rng, i+1)
	}
	return out
}

func importEvent(ballots []count.Ballot) Event {
	return Event{Kind: EventBallotsImported, Who: killKeyer1, Round: 1, Ballots: ballots, Note: "bench.csv"}
}

// fileBytes is the file's size on disk, and the bytes bbolt's pages reach
// (the file grows ahead of them, in powers of two up to 16 MiB).
func fileBytes(b *testing.B, path string) (onDisk, used int64) {
	b.Helper()
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *bolt.Tx) error { used = tx.Size(); return nil })
	return st.Size(), used
}

// One keyed ballot saved per op: appended, committed and synced, as a
// keyer waits for it after pressing Enter, with the default automatic
// backups. The round already holds in-round ballots (imported before the
// timer), because an append's cost grows with the open round; each op
// adds one more, so run it with a fixed -benchtime (1000x) to keep the
// sizes comparable. Target: median under 2 ms.
func BenchmarkKeyedBallotAck(b *testing.B) {
	for _, inRound := range []int{0, 10_000, 100_000} {
		b.Run(fmt.Sprintf("in-round=%d", inRound), func(b *testing.B) {
			f, _ := benchCount(b, KeyingSingle, Options{})
			defer f.Close()
			if inRound > 0 {
				if _, err := f.Append(importEvent(benchBallots(inRound))); err != nil {
					b.Fatal(err)
				}
			}
			rng := rand.New(rand.NewPCG(3, 5))
			var took []time.Duration
			n := inRound
			for b.Loop() {
				n++
				marks := benchMarks(rng, n)
				start := time.Now()
				if _, err := f.Append(Event{Kind: EventBallotKeyed, Who: killKeyer1, Round: 1, Ballot: n, Keying: 1, Marks: &marks}); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Nanoseconds()), "median-ns/op")
			b.ReportMetric(float64(took[len(took)*99/100].Nanoseconds()), "p99-ns/op")
		})
	}
}

// 1,000,000 marked ballots imported in one event: checked, written,
// committed. The ballots are built before the timer. Target: under 10 s.
func BenchmarkImport1MMarkedBallots(b *testing.B) {
	const n = 1_000_000
	ballots := benchBallots(n)
	var onDisk, used int64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		f, path := benchCount(b, KeyingSingle, Options{BackupEvery: -1})
		b.StartTimer()
		if _, err := f.Append(importEvent(ballots)); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		f.Close()
		onDisk, used = fileBytes(b, path)
		os.Remove(path)
		b.StartTimer()
	}
	b.ReportMetric(float64(onDisk)/n, "file-B/ballot")
	b.ReportMetric(float64(used)/n, "used-B/ballot")
}

// A file of 1,000,000 imported ballots opened for reading (the whole
// journal replayed and checked) and the open round's provisional result
// counted, as a scrutineer's screen does on start. Target: under 1 s.
func BenchmarkOpenAndResult1M(b *testing.B) {
	const n = 1_000_000
	f, path := benchCount(b, KeyingSingle, Options{BackupEvery: -1})
	if _, err := f.Append(importEvent(benchBallots(n))); err != nil {
		b.Fatal(err)
	}
	f.Close()
	for b.Loop() {
		g, err := Open(path, Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		res, err := g.State().Provisional()
		if err != nil {
			b.Fatal(err)
		}
		if res.Ballots.Cast != n {
			b.Fatalf("%d ballots cast, want %d", res.Ballots.Cast, n)
		}
		g.Close()
	}
}

// The file's size per ballot when every ballot is keyed twice, one commit
// per keying as at the table: 10,000 ballots, 20,000 keyings. Aim: under
// 150 bytes a ballot. Not a timing: the time per op is incidental.
func BenchmarkKeyedFileSize10k(b *testing.B) {
	const ballots = 10_000
	rng := rand.New(rand.NewPCG(13, 17))
	var onDisk, used int64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		f, path := benchCount(b, KeyingDouble, Options{BackupEvery: -1})
		b.StartTimer()
		for n := 1; n <= ballots; n++ {
			marks := benchMarks(rng, n)
			for k, who := range []string{killKeyer1, killKeyer2} {
				if _, err := f.Append(Event{Kind: EventBallotKeyed, Who: who, Round: 1, Ballot: n, Keying: k + 1, Marks: &marks}); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.StopTimer()
		if c := f.State().Open().Counts()[BallotAccepted]; c != ballots {
			b.Fatalf("%d accepted, want %d", c, ballots)
		}
		f.Close()
		onDisk, used = fileBytes(b, path)
		b.StartTimer()
	}
	b.ReportMetric(float64(onDisk)/ballots, "file-B/ballot")
	b.ReportMetric(float64(used)/ballots, "used-B/ballot")
}
