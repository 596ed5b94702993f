package report

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"tally/count"
	"tally/examples"
	"tally/store"
)

// exampleResults counts one of the built-in examples.
func exampleResults(t *testing.T, name string) (*count.Election, []*count.Result) {
	t.Helper()
	data, err := examples.FS.ReadFile(name + ".toml")
	if err != nil {
		t.Fatal(err)
	}
	e, err := store.ParseElection(name+".toml", data)
	if err != nil {
		t.Fatal(err)
	}
	if f, err := examples.FS.Open(name + ".blt"); err == nil {
		defer f.Close()
		b, err := store.ReadBLT(name+".blt", f)
		if err != nil {
			t.Fatal(err)
		}
		res, err := count.TabulateRanked(e, &count.RankedInput{Candidates: b.Candidates, Ballots: b.Ballots})
		if err != nil {
			t.Fatal(err)
		}
		return e, res
	}
	matches, _ := fs.Glob(examples.FS, name+".*")
	var recs []count.BallotRecord
	for _, m := range matches {
		format := map[string]string{".csv": "csv", ".jsonl": "jsonl"}[m[strings.LastIndex(m, "."):]]
		if format == "" {
			continue
		}
		f, _ := examples.FS.Open(m)
		r, err := store.ReadBallots(m, f, format)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r...)
	}
	res, err := count.Tabulate(e, recs)
	if err != nil {
		t.Fatal(err)
	}
	return e, res
}

func exampleNames(t *testing.T) []string {
	matches, err := fs.Glob(examples.FS, "*.toml")
	if err != nil || len(matches) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	var names []string
	for _, m := range matches {
		name := strings.TrimSuffix(m, ".toml")
		// The counting table's demo comes without ballots: they are keyed.
		if ballots, _ := fs.Glob(examples.FS, name+".*"); len(ballots) > 1 {
			names = append(names, name)
		}
	}
	return names
}

// The report of every example, in both languages, is pinned by a golden
// file: a change to what a teller reads shows up in review
// (go test ./report -update rewrites them).
func TestText_GoldenReports(t *testing.T) {
	for _, name := range exampleNames(t) {
		e, res := exampleResults(t, name)
		for _, lang := range []struct {
			code string
			l    Lang
		}{{"en", LangEN}, {"zh", LangZH}} {
			t.Run(name+"-"+lang.code, func(t *testing.T) {
				var b bytes.Buffer
				if err := Text(&b, e, res, lang.l); err != nil {
					t.Fatal(err)
				}
				golden.RequireEqual(t, b.Bytes())
			})
		}
	}
}

// Columns line up by display width: Chinese names take two cells each.
func TestText_TableAlignsChineseNames(t *testing.T) {
	e, res := exampleResults(t, "party-branch-cascade")
	var b bytes.Buffer
	if err := Text(&b, e, res, LangEN); err != nil {
		t.Fatal(err)
	}
	// In each candidate table, the "Result" column starts at the same
	// display column on every row.
	var col = -1
	for _, line := range strings.Split(b.String(), "\n") {
		i := strings.Index(line, "✓ elected")
		if i < 0 {
			i = strings.Index(line, "✗ not elected")
		}
		if strings.Contains(line, "Result") {
			col = ansi.StringWidth(line[:strings.Index(line, "Result")])
			continue
		}
		if i >= 0 && col >= 0 {
			if got := ansi.StringWidth(line[:i]); got != col {
				t.Errorf("status at display column %d, header at %d:\n%s", got, col, line)
			}
		}
		if line == "" {
			col = -1
		}
	}
}

// The JSON document reads back into the same document: it is a format
// other programs (and later versions of this one) can rely on.
func TestJSON_RoundTripsAndStatesSettings(t *testing.T) {
	for _, name := range exampleNames(t) {
		e, res := exampleResults(t, name)
		var a bytes.Buffer
		if err := JSON(&a, e, res); err != nil {
			t.Fatal(err)
		}
		var doc Document
		if err := json.Unmarshal(a.Bytes(), &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: the document read back and written again differs from what was printed", name)
		}
		if len(doc.Election.Settings) != len(count.SettingKeys()) {
			t.Errorf("%s: the document states %d settings, want all %d", name, len(doc.Election.Settings), len(count.SettingKeys()))
		}
		for _, r := range doc.Rounds {
			if len(r.Rules) == 0 && r.Preset != count.PresetPlurality {
				t.Errorf("%s round %d states no rule", r.Contest, r.Round)
			}
		}
	}
}
