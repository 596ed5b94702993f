package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tally/store"
)

// rolesFile makes a count file that follows roles (as the store makes it:
// tally new makes them once the table signs people in with PINs), with a
// file of PINs only its owner reads.
func rolesFile(t *testing.T, single bool) (path, pins string) {
	t.Helper()
	dir := t.TempDir()
	path = filepath.Join(dir, "roles.tally")
	text, err := os.ReadFile(filepath.Join("..", "..", "examples", "party-branch-cascade.toml"))
	if err != nil {
		t.Fatal(err)
	}
	mode := store.KeyingDouble
	if single {
		mode = store.KeyingSingle
	}
	f, err := store.Create(path, text, mode, store.Options{Rules: store.RulesRoles, PINCost: store.CheapPINCost})
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	pins = filepath.Join(dir, "pins.txt")
	os.WriteFile(pins, []byte("# the table's PINs\n张监 4821\n刘芳 5555\n乙 1111\n选举办公室 6666\n"), 0o600)
	return path, pins
}

// The commands sign people in with their PIN and name the confirmer; the
// chief's acts stand when a scrutineer confirms them.
func TestRoles_CommandsSignInWithPINsAndConfirm(t *testing.T) {
	path, pins := rolesFile(t, false)
	rounds := splitByOffice(t, cascade+".jsonl")
	_, errs, code := tally(t, "import", path, rounds[0], "--by", "张监", "--pins", pins, "--lang", "en")
	if code != exitUsage || !strings.Contains(errs, "--confirmed-by") {
		t.Fatalf("an import without a confirmer: exit %d, %s", code, errs)
	}
	_, errs, code = tally(t, "import", path, rounds[0], "--by", "选举办公室", "--confirmed-by", "刘芳", "--pins", pins, "--lang", "en")
	if code != exitInput || !strings.Contains(errs, "--reason") {
		t.Fatalf("the office importing into a round keyed twice: exit %d, %s", code, errs)
	}
	out := mustRun(t, "import", path, rounds[0], "--by", "张监", "--reason", "the box of the sick room", "--confirmed-by", "刘芳", "--pins", pins, "--lang", "en")
	if !strings.Contains(out, "Imported 60 ballots") {
		t.Fatalf("import: %s", out)
	}
	_, errs, code = tally(t, "close", path, "--by", "张监", "--confirmed-by", "张监", "--pins", pins, "--lang", "en")
	if code != exitInput || !strings.Contains(errs, "a confirmation comes from a second person") {
		t.Fatalf("the chief confirming their own close: exit %d, %s", code, errs)
	}
	_, errs, code = tally(t, "close", path, "--by", "张监", "--confirmed-by", "乙", "--pins", pins, "--lang", "en")
	if code != exitInput || !strings.Contains(errs, "乙 is a candidate: a candidate cannot be a scrutineer") {
		t.Fatalf("a candidate confirming: exit %d, %s", code, errs)
	}
	out = mustRun(t, "close", path, "--by", "张监", "--confirmed-by", "刘芳", "--pins", pins, "--lang", "en")
	if !strings.Contains(out, "Round 1 closed by 张监") || !strings.Contains(out, "Round 2 is open") {
		t.Fatalf("close: %s", out)
	}
	j := mustRun(t, "journal", path, "--lang", "en")
	if !strings.Contains(j, "confirmed") || !strings.Contains(j, "刘芳") {
		t.Errorf("the journal does not show the confirmation:\n%s", j)
	}
	mustRun(t, "verify", path)
}

// A wrong PIN is refused (exit 1) and journalled by name; a PIN file
// others can read is refused before anything is read from it.
func TestRoles_CommandsRefuseAWrongPIN(t *testing.T) {
	path, pins := rolesFile(t, true)
	rounds := splitByOffice(t, cascade+".jsonl")
	mustRun(t, "import", path, rounds[0], "--by", "选举办公室", "--confirmed-by", "刘芳", "--pins", pins)
	// 张监 sets their PIN at their first sign-in (the close is refused for
	// its confirmer, a candidate), then gives a wrong one.
	if _, _, code := tally(t, "close", path, "--by", "张监", "--confirmed-by", "乙", "--pins", pins); code != exitInput {
		t.Fatalf("a candidate confirming: exit %d", code)
	}
	wrong := filepath.Join(t.TempDir(), "wrong.txt")
	os.WriteFile(wrong, []byte("张监 9999\n刘芳 5555\n"), 0o600)
	_, errs, code := tally(t, "close", path, "--by", "张监", "--confirmed-by", "刘芳", "--pins", wrong, "--lang", "en")
	if code != exitInput || !strings.Contains(errs, "the PIN for 张监 is wrong") {
		t.Fatalf("a wrong PIN: exit %d, %s", code, errs)
	}
	if j := mustRun(t, "journal", path, "--lang", "en"); !strings.Contains(j, "sign-in refused") || !strings.Contains(j, "wrong PIN") {
		t.Errorf("the wrong PIN is not in the journal:\n%s", j)
	}
	if strings.Contains(mustRun(t, "journal", path, "--json"), "9999") {
		t.Error("the journal holds the PIN tried")
	}
	open := filepath.Join(t.TempDir(), "open.txt")
	os.WriteFile(open, []byte("张监 4821\n刘芳 5555\n"), 0o644)
	_, errs, code = tally(t, "close", path, "--by", "张监", "--confirmed-by", "刘芳", "--pins", open, "--lang", "en")
	if code != exitInput || !strings.Contains(errs, "chmod 600") {
		t.Fatalf("a PIN file others can read: exit %d, %s", code, errs)
	}
	// Without a terminal and without --pins, the command says how to give one.
	_, errs, code = tally(t, "close", path, "--by", "张监", "--confirmed-by", "刘芳", "--lang", "en")
	if code != exitInput || !strings.Contains(errs, "--pins") {
		t.Fatalf("no PIN at all: exit %d, %s", code, errs)
	}
}
