package main

import (
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"tally/count"
	"tally/store"
)

// writeBigBLT writes n ranked ballots, 10 candidates, 1 to 5 ranks each,
// one line per ballot, as a tabulator would export them.
func writeBigBLT(tb testing.TB, n int) string {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	f := &store.BLTFile{Title: "One million", Seats: 1}
	for i := range 10 {
		f.Candidates = append(f.Candidates, "Candidate "+string(rune('A'+i)))
	}
	for range n {
		k := 1 + rng.IntN(5)
		r := count.Ranking{Count: 1}
		for _, c := range rng.Perm(10)[:k] {
			r.Ranks = append(r.Ranks, []int{c})
		}
		f.Ballots = append(f.Ballots, r)
	}
	path := filepath.Join(tb.TempDir(), "big.blt")
	out, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	if err := store.WriteBLT(out, f); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// IRV on 1,000,000 ballots from a BLT file, end to end as a user runs it:
// read, merge, count every round, write the JSON result. Target: under 1 s.
func BenchmarkTabulateIRV1MFromBLT(b *testing.B) {
	path := writeBigBLT(b, 1_000_000)
	b.ResetTimer()
	for b.Loop() {
		if code := run([]string{"tabulate", "--json", "--method", "irv", path}, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
