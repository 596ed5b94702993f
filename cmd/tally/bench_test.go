package main

import (
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
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

// bigCountFile is a closed count file of one round of n marked ballots,
// 8 candidates for 3 seats, imported in one event.
func bigCountFile(b *testing.B, n int) string {
	b.Helper()
	election := `title = "Big"
preset = "village"
ballot = "marked"
[electorate]
registered = 200000
voted = 150000
[[offices]]
name = "委员"
seats = 3
candidates = ["甲一", "乙二", "丙三", "丁四", "戊五", "己六", "庚七", "辛八"]
`
	path := filepath.Join(b.TempDir(), "big.tally")
	f, err := store.Create(path, []byte(election), store.KeyingDouble, store.Options{BackupEvery: -1})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	ballots := make([]count.Ballot, n)
	for i := range ballots {
		m := count.Marks{}
		for _, c := range rng.Perm(8)[:3] {
			m.For = append(m.For, c)
		}
		m.Against = []int{rng.IntN(8)}
		if slices.Contains(m.For, m.Against[0]) {
			m.Against = nil
		}
		ballots[i] = count.Ballot{Number: i + 1, Source: -1, Sections: []count.Marks{m}}
	}
	if _, err := f.AppendAll(store.Event{Kind: store.EventTellerSignedIn, Who: "王明", Role: "keyer"},
		store.Event{Kind: store.EventTellerSignedIn, Who: "张监", Role: "chief-scrutineer"},
		store.Event{Kind: store.EventBallotsImported, Who: "王明", Round: 1, Ballots: ballots}); err != nil {
		b.Fatal(err)
	}
	if _, err := f.CloseRound("张监", "", ""); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// Each export of a count file of 100,000 ballots, end to end as a user
// runs it: open the file, gather the record, write the format.
func BenchmarkExport100k(b *testing.B) {
	path := bigCountFile(b, 100_000)
	for _, format := range []string{"html", "pdf", "csv", "ballots-csv", "ballots-jsonl", "cvr", "results", "journal"} {
		b.Run(format, func(b *testing.B) {
			for b.Loop() {
				if code := run([]string{"export", path, "--format", format, "-o", "-"}, io.Discard, io.Discard); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}
