package report

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The house's shape holds: report draws no screen (no Bubble Tea, Lip
// Gloss or Bubbles among everything it pulls in), count is the standard
// library only, and store is the one package that imports bbolt.
func TestLayers_ReportDrawsNothingStoreAloneHoldsTheFile(t *testing.T) {
	list := func(args ...string) string {
		out, err := exec.Command("go", append([]string{"list"}, args...)...).Output()
		if err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("go list: %v", err)
			}
			t.Skipf("go list unavailable: %v", err)
		}
		return string(out)
	}
	for _, dep := range strings.Fields(list("-deps", "tally/report")) {
		if strings.HasPrefix(dep, "charm.land/") || strings.Contains(dep, "charmbracelet/bubbletea") || dep == "tally/tui" {
			t.Errorf("report pulls in %s: it must draw no screen", dep)
		}
	}
	for _, dep := range strings.Fields(list("-deps", "tally/count")) {
		if dep != "tally/count" && strings.Contains(strings.SplitN(dep, "/", 2)[0], ".") || strings.HasPrefix(dep, "tally/") && dep != "tally/count" {
			t.Errorf("count imports %s: it must be the standard library only", dep)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(list("-f", "{{.ImportPath}} {{join .Imports \" \"}}", "tally/...")), "\n") {
		f := strings.Fields(line)
		for _, imp := range f[1:] {
			if strings.HasPrefix(imp, "go.etcd.io/bbolt") && f[0] != "tally/store" {
				t.Errorf("%s imports %s: only store opens the count file", f[0], imp)
			}
		}
	}
}
