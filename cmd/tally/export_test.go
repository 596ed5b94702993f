package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tally/report"
	"tally/store"
	"tally/store/storetest"
)

// builtFile counts an example through a count file and closes it, so the
// commands can open it.
func builtFile(t *testing.T, name string) string {
	t.Helper()
	f, path := storetest.Build(t, name)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

// Every format is made from the demo, each under the name that says what
// it is, and the count file is not changed by a byte.
func TestExport_EveryFormatLeavesTheCountFileAsItWas(t *testing.T) {
	path := builtFile(t, storetest.Demo)
	before := fileSum(t, path)
	dir := t.TempDir()
	t.Chdir(dir)
	for _, f := range report.Formats {
		if f.Name == "pdf" {
			if _, err := report.FindCJKFont(); err != nil {
				continue // the PDF's own test says what it needs
			}
		}
		if f.Name == "blt" {
			continue // the demo is not ranked: refused, below
		}
		out, errs, code := tally(t, "export", path, "--format", f.Name)
		if code != 0 {
			t.Errorf("export --format %s: exit %d: %s", f.Name, code, errs)
			continue
		}
		name := "demo-" + f.Suffix
		if !strings.Contains(out, name) {
			t.Errorf("export --format %s says %q, want it to name %s", f.Name, out, name)
		}
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Size() == 0 {
			t.Errorf("export --format %s: %s is missing or empty: %v", f.Name, name, err)
		}
	}
	if fileSum(t, path) != before {
		t.Errorf("an export changed the count file")
	}
	if _, errs, code := tally(t, "export", path, "--format", "blt"); code != 1 || !strings.Contains(errs, "ranked") {
		t.Errorf("BLT of a marked election: exit %d, %q", code, errs)
	}
}

// Misuse and bad input are said plainly and write nothing.
func TestExport_RefusesWhatItCannotDo(t *testing.T) {
	path := builtFile(t, storetest.Demo)
	dir := t.TempDir()
	t.Chdir(dir)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--format", "htlm"}, 2, `did you mean "html"`},
		{[]string{"--round", "9"}, 1, "has 3 rounds"},
		{[]string{"--round", "-1"}, 2, "1 or more"},
		{[]string{"--lang", "fr"}, 2, "zh, en or both"},
	} {
		_, errs, code := tally(t, append([]string{"export", path}, c.args...)...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("export %v: exit %d, %q; want exit %d saying %q", c.args, code, errs, c.code, c.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("refused exports wrote %d files", len(entries))
	}
	if _, errs, code := tally(t, "export", filepath.Join(dir, "missing.tally")); code != 1 || !strings.Contains(errs, "missing.tally") {
		t.Errorf("a missing count file: exit %d, %q", code, errs)
	}
	before := fileSum(t, path)
	os.Symlink(path, "link.txt")
	for _, o := range []string{path, "link.txt", "other.tally"} {
		if _, errs, code := tally(t, "export", path, "--format", "txt", "-o", o, "--force"); code != 1 || !strings.Contains(errs, "never") {
			t.Errorf("-o %s --force: exit %d, %q; an export must never replace a count file", o, code, errs)
		}
	}
	if fileSum(t, path) != before {
		t.Fatalf("an export wrote over the count file")
	}
	os.Remove("link.txt")
	// Another count file, named as no count file is: known by its content.
	other := filepath.Join(dir, "count.db")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(other, data, 0o644)
	if _, errs, code := tally(t, "export", path, "--format", "txt", "-o", other, "--force"); code != 1 || !strings.Contains(errs, "is a count file") {
		t.Errorf("-o count.db --force: exit %d, %q; an export must never replace a count file, whatever its name", code, errs)
	}
	if fileSum(t, other) != fileSum(t, path) {
		t.Fatalf("an export wrote over a count file named count.db")
	}
	os.Remove(other)
	mustRun(t, "export", path, "-o", "sheet.html")
	if _, errs, code := tally(t, "export", path, "-o", "sheet.html"); code != 1 || !strings.Contains(errs, "--force") {
		t.Errorf("an existing file: exit %d, %q", code, errs)
	}
	mustRun(t, "export", path, "-o", "sheet.html", "--force", "--lang", "both")
	data, _ = os.ReadFile("sheet.html")
	if !bytes.Contains(data, []byte("Count sheet")) || !bytes.Contains(data, []byte("计票结果报告单")) {
		t.Errorf("--force --lang both did not replace the sheet with a bilingual one")
	}
}

// resultRounds are the rounds of a result document, as JSON, for
// comparing two ways of counting the same ballots.
func resultRounds(t *testing.T, out string) string {
	t.Helper()
	var doc struct {
		Rounds json.RawMessage `json:"rounds"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	var v any
	json.Unmarshal(doc.Rounds, &v)
	b, _ := json.MarshalIndent(v, "", " ")
	return string(b)
}

// The exported ballots and election file count, by tabulate and through
// a new count file, to the results the count file announced.
func TestExport_BallotsRecountToTheSameResult(t *testing.T) {
	for _, name := range storetest.Examples() {
		t.Run(name, func(t *testing.T) {
			path := builtFile(t, name)
			dir := t.TempDir()
			want := resultRounds(t, mustRun(t, "result", "--json", path))
			election := filepath.Join(dir, "election.toml")
			mustRun(t, "export", path, "--format", "election", "-o", election)
			for _, format := range []string{"ballots-csv", "ballots-jsonl"} {
				ext := map[string]string{"ballots-csv": ".csv", "ballots-jsonl": ".jsonl"}[format]
				ballots := filepath.Join(dir, "ballots"+ext)
				mustRun(t, "export", path, "--format", format, "-o", ballots)
				if got := resultRounds(t, mustRun(t, "tabulate", "--json", election, ballots)); got != want {
					t.Errorf("tabulate on the exported %s gives other results:\n%s\nwant\n%s", format, got, want)
				}
			}
			f, err := store.Open(path, store.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			rounds := len(f.State().Rounds)
			f.Close()
			again := filepath.Join(dir, "again.tally")
			mustRun(t, "new", "--lang", "en", election, again)
			for r := 1; r <= rounds; r++ {
				ballots := filepath.Join(dir, "round"+strconv.Itoa(r)+".jsonl")
				mustRun(t, "export", path, "--format", "ballots-jsonl", "--round", strconv.Itoa(r), "-o", ballots)
				mustRun(t, signed(t, "import", "--lang", "en", again, ballots)...)
				mustRun(t, signed(t, "close", "--lang", "en", again)...)
			}
			if got := resultRounds(t, mustRun(t, "result", "--json", again)); got != want {
				t.Errorf("a new count file from the exported ballots gives other results:\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// A sheet signed for a round still matches its file after later rounds:
// verify finds the round's closing hash printed on it.
func TestExport_SheetOfARoundVerifiesLater(t *testing.T) {
	path := builtFile(t, storetest.Demo)
	out := mustRun(t, "export", path, "--format", "txt", "--round", "1", "--lang", "en", "-o", "-")
	i := strings.Index(out, "--head ")
	if i < 0 {
		t.Fatalf("the round's sheet gives no hash to verify:\n%s", out)
	}
	hash := strings.Fields(out[i+len("--head "):])[0]
	got := mustRun(t, "verify", "--lang", "en", "--head", hash, path)
	if !strings.Contains(got, "the close of round 1") {
		t.Errorf("verify --head %s: %s", hash, got)
	}
	if _, errs, code := tally(t, "verify", "--lang", "en", "--head", store.CheckCode(strings.Repeat("01", 32)), path); code != 1 || !strings.Contains(errs, "not the one the sheet was signed for") {
		t.Errorf("a hash from another file: exit %d, %q", code, errs)
	}
}

// The journal exported carries every event with the bytes the file
// stores, so its chain can be checked outside the program.
func TestExport_JournalChainsOutsideTheProgram(t *testing.T) {
	path := builtFile(t, storetest.Demo)
	out := mustRun(t, "export", path, "--format", "journal", "-o", "-")
	prev := strings.Repeat("0", 64)
	n := 0
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var ev struct{ Prev, Hash, Stored string }
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatal(err)
		}
		stored, _ := hex.DecodeString(ev.Stored)
		sum := sha256.Sum256(stored)
		if ev.Prev != prev || hex.EncodeToString(sum[:]) != ev.Hash || hex.EncodeToString(stored[:32]) != ev.Prev {
			t.Fatalf("event %d does not chain: prev %s hash %s", n+1, ev.Prev, ev.Hash)
		}
		prev = ev.Hash
		n++
	}
	if !strings.Contains(mustRun(t, "verify", "--lang", "en", path), "head "+prev) {
		t.Errorf("the exported chain ends at %s, not the file's head", prev)
	}
}
