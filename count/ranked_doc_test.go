package count

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// docs/ranked.md states the conformance figures as the pinned outcomes
// have them, and describes every ranked option: the doc cannot drift from
// the program.
func TestRankedDocMatchesOutcomesAndOptions(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "ranked.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	for _, k := range RankedKeys() {
		if !strings.Contains(text, "| `"+k+"` |") {
			t.Errorf("docs/ranked.md has no row for the option %s", k)
		}
	}
	labels := map[string]string{
		"rctab-singleWinnerMajority":                    "RCTab single-winner IRV",
		"rctab-multiWinnerAllowMultipleWinnersPerRound": "RCTab multi-seat STV (several winners per round)",
		"rctab-multiWinnerAllowOnlyOneWinnerPerRound":   "RCTab multi-seat STV (one winner per round)",
		"rctab-multiPassIrv":                            "RCTab sequential (multi-pass) IRV",
		"rctab-bottomsUp":                               "RCTab bottoms-up",
		"rctab-bottomsUpUsingPercentageThreshold":       "RCTab bottoms-up to a percentage",
		"droop-scotland":                                "Droop Scottish STV (incl. 11 Glasgow 2007 wards)",
		"droop-wigm":                                    "Droop WIGM",
		"droop-wigm-prf":                                "Droop PR Foundation WIGM",
		"droop-wigm-prf-batch":                          "Droop PR Foundation WIGM, batch defeat",
		"droop-cfer":                                    "Droop CfER",
		"droop-cfer-batch":                              "Droop CfER, batch defeat",
		"droop-mpls":                                    "Droop Minneapolis",
		"droop-meek":                                    "Droop Meek",
		"droop-meek-prf":                                "Droop PR Foundation Meek",
		"droop-warren":                                  "Droop Warren",
		"droop-qpq":                                     "Droop QPQ",
		"stvrs-meek":                                    "stv-rs Meek (incl. equalized)",
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "conformance", "*.txt"))
	if len(files) != len(labels) {
		t.Errorf("%d outcome files, %d rows expected", len(files), len(labels))
	}
	for _, f := range files {
		rule := strings.TrimSuffix(filepath.Base(f), ".txt")
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Count(string(data), "\n")
		pass := strings.Count(string(data), "\tpass\n")
		row := fmt.Sprintf("| %s | %d | %d |", labels[rule], lines, pass)
		if !strings.Contains(text, row) {
			t.Errorf("docs/ranked.md should have the row %q", row)
		}
		if !strings.Contains(string(readme), row) {
			t.Errorf("README.md should have the row %q", row)
		}
	}
}
