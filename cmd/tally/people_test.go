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

// What one person playing every part could do through the commands is
// refused: a keyer closing, importing or confirming; the chief confirming
// their own act; a candidate confirming; an import into a round keyed
// twice without its reason or by the office. Nothing of it is recorded.
func TestRoles_CommandsRefuseOnePersonPlayingEveryPart(t *testing.T) {
	path, pins := rolesFile(t, false)
	f, err := store.Open(path, store.Options{PINCost: pinCost})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.SignIn("王明", store.RoleKeyer, "1111"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	os.WriteFile(pins, []byte("张监 4821\n刘芳 5555\n王明 1111\n乙 1111\n选举办公室 6666\n"), 0o600)
	rounds := splitByOffice(t, cascade+".jsonl")
	// Round 1 as the rules have it: the chief imports with the reason, a
	// scrutineer confirms, and closes it. The election office then signs
	// in as such (through the store, as the hall's sign-in will).
	mustRun(t, "import", path, rounds[0], "--by", "张监", "--reason", "the polling station's count", "--confirmed-by", "刘芳", "--pins", pins)
	mustRun(t, "close", path, "--by", "张监", "--confirmed-by", "刘芳", "--pins", pins)
	if f, err = store.Open(path, store.Options{PINCost: pinCost}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.SignIn("选举办公室", store.RoleOffice, "6666"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	imp := func(by string, more ...string) []string {
		return append([]string{"import", path, rounds[1], "--by", by, "--pins", pins, "--lang", "en"}, more...)
	}
	closeBy := func(by, confirmer string) []string {
		return []string{"close", path, "--by", by, "--confirmed-by", confirmer, "--reason", "test", "--pins", pins, "--lang", "en"}
	}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"a keyer imports", imp("王明", "--reason", "x", "--confirmed-by", "刘芳"), "王明 is a keyer"},
		{"the office imports into a round keyed twice", imp("选举办公室", "--reason", "x", "--confirmed-by", "刘芳"), "only the chief scrutineer may import"},
		{"the chief imports without the reason", imp("张监", "--confirmed-by", "刘芳"), "--reason"},
		{"the chief confirms their own import", imp("张监", "--reason", "x", "--confirmed-by", "张监"), "a confirmation comes from a second person"},
		{"a keyer confirms", imp("张监", "--reason", "x", "--confirmed-by", "王明"), "王明 is a keyer: only a scrutineer or the presiding officer confirms"},
		{"a candidate confirms", imp("张监", "--reason", "x", "--confirmed-by", "乙"), "乙 is a candidate"},
		{"a keyer closes", closeBy("王明", "刘芳"), "王明 is a keyer"},
		{"the chief confirms their own close", closeBy("张监", "张监"), "a confirmation comes from a second person"},
	} {
		_, errs, code := tally(t, c.args...)
		if code == 0 || !strings.Contains(errs, c.want) {
			t.Errorf("%s: exit %d, %s; want refused saying %q", c.name, code, errs, c.want)
		}
	}
	g, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	s := g.State()
	if n := len(s.Open().Ballots); n != 0 || s.Open().Number != 2 {
		t.Errorf("refused acts left %d ballots in round 2, or closed it", n)
	}
}
