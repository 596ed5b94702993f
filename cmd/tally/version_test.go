package main

import (
	"path/filepath"
	"strings"
	"testing"

	"tally/store"
)

// tally version says what the journal and every sheet record, and the
// journal shows it on the first event of each sitting.
func TestVersion_SaidByTheCommandTheJournalAndTheSheet(t *testing.T) {
	out := mustRun(t, "version")
	if first := strings.SplitN(out, "\n", 2)[0]; first != store.Program() || !strings.HasPrefix(first, "tally ") {
		t.Fatalf("tally version begins %q, want %q", first, store.Program())
	}
	if !strings.Contains(out, "go1.") {
		t.Errorf("tally version does not name the Go toolchain: %q", out)
	}
	dir := t.TempDir()
	club := filepath.Join("..", "..", "examples", "plurality-club")
	path := filepath.Join(dir, "c.tally")
	mustRun(t, "new", club+".toml", path)
	mustRun(t, signed(t, "import", path, club+".csv")...)
	j := mustRun(t, "journal", path, "--lang", "en")
	if n := strings.Count(j, "written by "+store.Program()); n != 2 {
		t.Errorf("the journal names the program %d times, want 2 (new, then import):\n%s", n, j)
	}
	sheet := mustRun(t, "export", path, "--format", "txt", "-o", "-", "--lang", "en")
	if !strings.Contains(sheet, "Made by") || !strings.Contains(sheet, store.Program()) {
		t.Errorf("the sheet does not say which program made it")
	}
}
