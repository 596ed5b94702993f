package store

import (
	"os"
	"strings"
	"testing"

	"tally/count"
)

const rankedElection = `title = "Riverside Rowing Club: chair"
ballot = "ranked"
[ranked]
method = "irv"
max_skipped = 1
tie = "random"
tie_seed = 7
excluded = ["Zed"]
[[ranked.lots]]
round = 2
among = ["Ann", "Bob"]
chosen = "Ann"
[[offices]]
name = "Chair"
seats = 1
candidates = ["Ann", "Bob", "Cy", "Zed"]
`

// A ranked election file: the method's defaults, then each key over them;
// no preset needed (plurality); lots as tables.
func TestElectionFile_RankedTableSetsMethodAndOptions(t *testing.T) {
	e, err := ParseElection("club.toml", []byte(rankedElection))
	if err != nil {
		t.Fatal(err)
	}
	r := e.Ranked
	if e.Ballot != count.BallotRanked || e.Preset != count.PresetPlurality || r == nil {
		t.Fatalf("ballot %v preset %v ranked %v", e.Ballot, e.Preset, r)
	}
	if r.Method != count.RankedIRV || r.MaxSkipped != 1 || r.Tie.Rule != count.TieRandom || r.Tie.Seed != 7 ||
		len(r.Excluded) != 1 || r.Excluded[0] != "Zed" || r.Overvote != count.OvervoteExhaust {
		t.Errorf("rules %+v", r)
	}
	if len(r.Tie.Lots) != 1 || r.Tie.Lots[0].Chosen != "Ann" || r.Tie.Lots[0].Round != 2 {
		t.Errorf("lots %+v", r.Tie.Lots)
	}
}

// A typo in [ranked] names its line and the key meant; a bad value says
// what was expected.
func TestElectionFile_RankedTypoNamesLine(t *testing.T) {
	bad := strings.Replace(rankedElection, "max_skipped = 1", "max_skiped = 1", 1)
	bad = strings.Replace(bad, `tie = "random"`, `tie = "coin"`, 1)
	_, err := ParseElection("club.toml", []byte(bad))
	if err == nil {
		t.Fatal("accepted")
	}
	msg := err.Error()
	for _, want := range []string{"club.toml:5: ranked.max_skiped", `"max_skipped"`, "club.toml:6: ranked.tie", "order, previous, random, lots, permutation"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

// docs/election-file.md names every [ranked] key.
func TestElectionFileDocListsEveryRankedKey(t *testing.T) {
	doc, err := os.ReadFile("../docs/election-file.md")
	if err != nil {
		t.Fatal(err)
	}
	sec := string(doc)[strings.Index(string(doc), "## [ranked]"):]
	sec = sec[:strings.Index(sec, "\n## ")]
	for _, k := range count.RankedKeys() {
		if !strings.Contains(sec, "`"+k+"`") {
			t.Errorf("## [ranked] does not name the key %s", k)
		}
	}
}
