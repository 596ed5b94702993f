// Package storetest builds count files for tests: each example election
// counted through a count file round by round, as the counting table
// would hold it, so that every export can be checked against real files.
package storetest

import (
	"bytes"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"tally/count"
	"tally/examples"
	"tally/store"
)

// Demo is the name Build gives the counting table's demo election, keyed
// twice at the table (examples/demo-branch.toml has no ballot file).
const Demo = "demo"

// People are the names signed in at the table of every built count file.
var People = []store.Teller{
	{Name: "王明", Role: "keyer"},
	{Name: "李强", Role: "keyer"},
	{Name: "张监", Role: "chief-scrutineer"},
	{Name: "刘芳", Role: "scrutineer"},
	{Name: "陈读", Role: "caller"},
}

// Examples lists the names Build takes: Demo, then every example election
// with a ballot file, by file name without its extension.
func Examples() []string {
	out := []string{Demo}
	tomls, _ := fs.Glob(examples.FS, "*.toml")
	for _, t := range tomls {
		name := strings.TrimSuffix(t, ".toml")
		if ballotFile(name) != "" {
			out = append(out, name)
		}
	}
	return out
}

func ballotFile(name string) string {
	for _, ext := range []string{".jsonl", ".csv", ".blt"} {
		if _, err := fs.Stat(examples.FS, name+ext); err == nil {
			return name + ext
		}
	}
	return ""
}

// Build counts the named example through a new count file in a test's
// temporary directory and returns it open, with its path. Each round's
// ballots are imported (the demo's are keyed twice, one paper disputed and
// decided) and the round closed, until the election is decided or the
// ballots run out. Events carry fixed times from 2026-11-21 19:00 UTC, a
// second apart, so that exports are the same on every run.
func Build(t testing.TB, name string) (*store.CountFile, string) {
	t.Helper()
	election := examples.DemoTable
	if name != Demo {
		election = name + ".toml"
	}
	text, err := examples.FS.ReadFile(election)
	if err != nil {
		t.Fatalf("storetest: no example %q: %v", name, err)
	}
	path := filepath.Join(t.TempDir(), name+".tally")
	at := time.Date(2026, 11, 21, 19, 0, 0, 0, time.UTC)
	clock := func() time.Time { at = at.Add(time.Second); return at }
	f, err := store.Create(path, text, store.KeyingDouble, store.Options{BackupEvery: -1, Now: clock,
		Rules: store.RulesRoles, PINCost: store.CheapPINCost})
	if err != nil {
		t.Fatalf("storetest: %s: %v", name, err)
	}
	t.Cleanup(func() { f.Close() })
	for i, p := range People {
		if _, err := f.SignIn(p.Name, p.Role, fmt.Sprintf("%04d", 1111*(i+1))); err != nil {
			t.Fatalf("storetest: %s: %v", name, err)
		}
	}
	if name == Demo {
		keyDemo(t, f)
		return f, path
	}
	recs := records(t, f.State().Election, name)
	for r := f.State().Open(); r != nil; r = f.State().Open() {
		ballots := roundBallots(t, f.State().Election, r, recs)
		if len(ballots) == 0 {
			break
		}
		// Imported into a round keyed twice: the chief's, with the
		// reason, confirmed by a scrutineer (docs/roles.md).
		must(t, f, store.Event{Kind: store.EventBallotsImported, Who: "张监", Round: r.Number, Ballots: ballots,
			Note: "the example's ballot file"}, store.Event{Kind: store.EventConfirmed, Who: "刘芳"})
		if _, err := f.CloseRound("张监", "", "刘芳"); err != nil {
			t.Fatalf("storetest: %s: closing round %d: %v", name, r.Number, err)
		}
	}
	return f, path
}

func must(t testing.TB, f *store.CountFile, evs ...store.Event) {
	t.Helper()
	if _, err := f.AppendAll(evs...); err != nil {
		t.Fatalf("storetest: %v", err)
	}
}

// bltRecords are a BLT file's ballots as records, one per paper.
type bltRecords struct {
	file *store.BLTFile
}

func records(t testing.TB, e *count.Election, name string) any {
	t.Helper()
	file := ballotFile(name)
	data, err := examples.FS.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(file, ".blt") {
		b, err := store.ReadBLT(file, bytes.NewReader(data))
		if err != nil {
			t.Fatalf("storetest: %v", err)
		}
		return bltRecords{b}
	}
	format := strings.TrimPrefix(filepath.Ext(file), ".")
	recs, err := store.ReadBallots(file, bytes.NewReader(data), format)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	return recs
}

// roundBallots are the example's ballots for the open round, numbered.
func roundBallots(t testing.TB, e *count.Election, r *store.RoundState, recs any) []count.Ballot {
	t.Helper()
	if b, ok := recs.(bltRecords); ok {
		if r.Number > 1 {
			return nil
		}
		s := r.Spec.Sections[0]
		var out []count.Ballot
		for _, rk := range b.file.Ballots {
			ranks := make([][]int, len(rk.Ranks))
			for i, rank := range rk.Ranks {
				for _, c := range rank {
					if c != count.OvervoteMark {
						c = slices.Index(s.Candidates, b.file.Candidates[c])
					}
					ranks[i] = append(ranks[i], c)
				}
			}
			for range rk.Count {
				out = append(out, count.Ballot{Number: len(out) + 1, Source: -1, Sections: []count.Marks{{Ranks: ranks}}})
			}
		}
		return out
	}
	x := e.ContestIndex()
	var mine []count.BallotRecord
	for _, rec := range recs.([]count.BallotRecord) {
		c, n, err := x.RoundOf(&rec)
		if err == nil && c == r.Spec.Contest && n == r.Spec.Number {
			mine = append(mine, rec)
		}
	}
	if len(r.Spec.Sections) == 1 {
		for i := range mine {
			if mine[i].Number == 0 {
				mine[i].Number = i + 1
			}
		}
	}
	ballots, err := e.Resolve(&r.Spec, mine)
	if err != nil {
		t.Fatalf("storetest: round %d: %v", r.Number, err)
	}
	return ballots
}

// keyDemo keys the demo's rounds at the table, 21 papers each, twice,
// until the election is decided: most vote for the first names on the
// list, a few against, one paper blank and, in the first round, one
// invalid for a signature and one whose keyings differ.
func keyDemo(t testing.TB, f *store.CountFile) {
	t.Helper()
	for r := f.State().Open(); r != nil; r = f.State().Open() {
		if r.Number > 6 {
			t.Fatalf("storetest: the demo is still not decided after %d rounds", r.Number-1)
		}
		for i := range 21 {
			b := demoPaper(&r.Spec, i)
			second := b
			if r.Number == 1 && i == 4 {
				second = count.Ballot{Number: b.Number, Source: -1, Sections: []count.Marks{{}}}
			}
			must(t, f,
				store.Event{Kind: store.EventBallotKeyed, Who: "王明", Round: r.Number, Ballot: b.Number, Keying: 1, Marks: &b},
				store.Event{Kind: store.EventBallotKeyed, Who: "李强", Round: r.Number, Ballot: b.Number, Keying: 2, Marks: &second})
			if r.Number == 1 && i == 4 {
				must(t, f, store.Event{Kind: store.EventKeyingsResolved, Who: "张监", Round: r.Number, Ballot: b.Number, Decision: store.DecideTake1},
					store.Event{Kind: store.EventConfirmed, Who: "刘芳"})
			}
		}
		if _, err := f.CloseRound("张监", "", "刘芳"); err != nil {
			t.Fatalf("storetest: demo round %d: %v", r.Number, err)
		}
	}
}

func demoPaper(spec *count.Round, i int) count.Ballot {
	b := count.Ballot{Number: i + 1, Source: -1}
	switch {
	case i == 20:
		b.Sections = make([]count.Marks, len(spec.Sections))
		return b
	case i == 19 && spec.Number == 1:
		b.Invalid, b.Note = count.ReasonIdentifyingMark, "背面有签名"
		b.Sections = make([]count.Marks, len(spec.Sections))
		return b
	}
	for _, s := range spec.Sections {
		var m count.Marks
		limit := s.MaxFor
		if limit == 0 {
			limit = s.Seats
		}
		for j := range s.Candidates {
			switch v := (i + 3*j) % 7; {
			case v < 5 && len(m.For) < limit:
				m.For = append(m.For, j)
			case v == 6:
				m.Against = append(m.Against, j)
			}
		}
		b.Sections = append(b.Sections, m)
	}
	return b
}

// Describe names a built file's rounds, for a failing test's message.
func Describe(f *store.CountFile) string {
	var b strings.Builder
	for _, r := range f.State().Rounds {
		fmt.Fprintf(&b, "round %d: %s %d, closed %v\n", r.Number, r.Spec.Contest, r.Spec.Number, r.Closed)
	}
	return b.String()
}
