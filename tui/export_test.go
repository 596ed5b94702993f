package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"tally/store"
)

// The table makes the count sheet beside its count file from anywhere
// (ctrl+e), without touching the count, and says where it went; it asks
// before replacing a sheet made earlier, and esc goes back to the paper.
func TestExport_FromTheTable(t *testing.T) {
	a, f := demoTable(t)
	_, before := f.Head()
	before0 := a.screen
	press(a, "ctrl+e")
	if _, ok := a.screen.(*exportScreen); !ok {
		t.Fatalf("ctrl+e shows %T", a.screen)
	}
	view := shown(a)
	want := filepath.Join(filepath.Dir(f.Path()), "t-count-sheet.html")
	for _, s := range []string{"导出", "计票结果报告单", "ballots-csv", "全部轮次", "中文", want} {
		if !strings.Contains(view, s) {
			t.Errorf("the export screen does not show %q:\n%s", s, view)
		}
	}
	press(a, "enter")
	data, err := os.ReadFile(want)
	if err != nil || !strings.Contains(string(data), "计票结果报告单") || !strings.Contains(string(data), "王建国") {
		t.Fatalf("⏎ did not write the sheet at %s: %v", want, err)
	}
	if !strings.Contains(shown(a), "已写入") {
		t.Errorf("the table does not say the sheet was written:\n%s", shown(a))
	}
	if _, after := f.Head(); after != before {
		t.Errorf("exporting changed the count file: head %s → %s", before, after)
	}

	// Again: it exists, so the first ⏎ asks and the second replaces it,
	// now in English beside the Chinese.
	os.WriteFile(want, []byte("old"), 0o644)
	press(a, "l", "l", "enter")
	if !strings.Contains(shown(a), "已存在") {
		t.Errorf("an existing sheet is not said:\n%s", shown(a))
	}
	if data, _ := os.ReadFile(want); string(data) != "old" {
		t.Errorf("the first ⏎ replaced an existing file")
	}
	press(a, "enter")
	if data, _ := os.ReadFile(want); !strings.Contains(string(data), "Count sheet") {
		t.Errorf("the second ⏎ did not replace it with the bilingual sheet")
	}

	// Another format and one round: the ballots of round 1.
	press(a, "down", "down", "down", "down", "down", "down", "right", "enter")
	if _, err := os.Stat(filepath.Join(filepath.Dir(f.Path()), "t-round1-ballots.csv")); err != nil {
		t.Errorf("round 1's ballots were not written: %v\n%s", err, shown(a))
	}
	press(a, "esc")
	if a.screen != before0 {
		t.Errorf("esc returns to %T, not the screen before", a.screen)
	}
}

// When the election is decided, ⏎ on its result offers the count sheet.
func TestExport_DecidedElectionOffersTheSheet(t *testing.T) {
	a, f := newTableOn(t, rankedElection, store.KeyingSingle, false)
	typeText(a, "Ann")
	press(a, "enter", "enter", "1", "enter", "1", "enter", "2", "enter", "1", "enter", "ctrl+r", "enter")
	typeText(a, "Zoe")
	press(a, "enter")
	b := New(f, false)
	b.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if !strings.Contains(shown(b), "count sheet") {
		t.Fatalf("the decided election does not offer the count sheet:\n%s", shown(b))
	}
	press(b, "enter")
	e, ok := b.screen.(*exportScreen)
	if !ok || e.format != 0 {
		t.Fatalf("⏎ on a decided election shows %T", b.screen)
	}
	press(b, "enter")
	if _, err := os.Stat(filepath.Join(filepath.Dir(f.Path()), "t-count-sheet.html")); err != nil {
		t.Errorf("the count sheet was not written: %v", err)
	}
}
