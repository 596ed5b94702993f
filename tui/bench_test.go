package tui

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"tally/count"
	"tally/store"
)

// bigTable is the table on a round of 200 candidates with 100,000 ballots
// already accepted (imported), keyer A and keyer B signed in, at the
// entry screen.
func bigTable(b *testing.B) (*App, *store.CountFile) {
	b.Helper()
	const cands, papers = 200, 100_000
	var names []string
	for i := range cands {
		names = append(names, fmt.Sprintf("候选人%03d", i+1))
	}
	election := fmt.Sprintf(`title = "benchmark"
preset = "party"
ballot = "marked"
[electorate]
entitled = 110000
present = 105000
issued = 105000
returned = 105000
[[offices]]
name = "代表"
seats = 20
candidates = ["%s"]
`, strings.Join(names, `", "`))
	a, f := newTableOn(b, election, store.KeyingDouble, true)
	rng := rand.New(rand.NewPCG(1, 2))
	ballots := make([]count.Ballot, papers)
	for i := range ballots {
		m := count.Marks{}
		for range 1 + rng.IntN(20) {
			c := rng.IntN(cands)
			if !containsInt(m.For, c) {
				m.For = append(m.For, c)
			}
		}
		ballots[i] = count.Ballot{Number: i + 1, Source: -1, Sections: []count.Marks{m}}
	}
	if _, err := f.AppendAll(store.Event{Kind: store.EventTellerSignedIn, Who: "导入", Role: "importer"},
		store.Event{Kind: store.EventBallotsImported, Who: "导入", Round: 1, Ballots: ballots}); err != nil {
		b.Fatal(err)
	}
	a.refresh()
	signInBoth(a)
	if !strings.Contains(shown(a), "第100001张") {
		b.Fatalf("not at the entry screen:\n%s", shown(a))
	}
	return a, f
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// BenchmarkKeystrokeFrame measures a key on the entry screen to its new
// frame (Update then View), with 200 candidates and 100,000 ballots in the
// file: the target is under 10 ms. Four keys per iteration: 1, 2, space
// (marks candidate 12) and ⌫ (undoes it).
func BenchmarkKeystrokeFrame(b *testing.B) {
	a, _ := bigTable(b)
	keys := []string{"1", "2", "space", "backspace"}
	msgs := make([]any, len(keys))
	for i, k := range keys {
		msgs[i] = keyMsg(k)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, k := range keys {
			a.Update(keyMsg(k))
			_ = a.View()
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(keys))/1e6, "ms/key")
}

// BenchmarkAcceptFrame measures a paper keyed twice to the frame showing
// it counted: two writes to the file (each synced), and the totals
// recounted over 100,000 ballots.
func BenchmarkAcceptFrame(b *testing.B) {
	a, _ := bigTable(b)
	b.ResetTimer()
	for b.Loop() {
		keyBoth(a, "1", "2", "space")
		_ = a.View()
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/paper")
}
