package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"tally/report"
	"tally/store"
)

func tally(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return out.String(), errb.String(), code
}

// outcome is what one round of an example must decide.
type outcome struct {
	contest string
	round   int
	office  string
	elected []string
	tied    []string
}

// The examples reproduce rules.md's worked examples through the command,
// as an election office would run them.
func TestTabulate_ExamplesDecideAsTheWorkedExamples(t *testing.T) {
	cases := []struct {
		name     string
		ballots  string
		outcomes []outcome
		invalid  map[int]int // round index → invalid ballots
	}{
		{"party-branch-cascade", "jsonl", []outcome{
			{"书记", 1, "书记", []string{"甲"}, nil},
			{"副书记", 1, "副书记", []string{"丙"}, nil},
			{"委员", 1, "委员", []string{"乙", "丁", "戊"}, nil},
		}, map[int]int{1: 1}},
		{"township-committee", "csv", []outcome{
			{"党委委员", 1, "党委委员", []string{"王建华", "李秀英", "张伟", "刘洋", "陈静", "杨帆"}, []string{"赵敏", "黄磊"}},
			{"党委委员", 2, "党委委员", []string{"赵敏"}, nil},
		}, map[int]int{0: 2}},
		{"village-committee", "jsonl", []outcome{
			{"委员", 1, "委员", []string{"陈国栋", "李桂兰"}, nil},
			{"委员", 2, "委员", []string{"王志强"}, nil},
		}, map[int]int{1: 12}},
		{"congress-deputy", "jsonl", []outcome{
			{"代表", 1, "代表", []string{"周明", "吴芳"}, nil},
			{"代表", 2, "代表", []string{"郑强"}, nil},
		}, map[int]int{0: 20}},
		{"recommendation-narrowing", "jsonl", []outcome{
			{"委员", 1, "委员", []string{"马晓东", "方丽华", "石磊", "白雪梅", "任志远", "江海", "许文斌", "孙晓燕", "何建军", "宋志明"}, nil},
			{"委员", 2, "委员", []string{"马晓东", "方丽华", "石磊", "白雪梅", "任志远", "江海", "许文斌", "宋志明", "孙晓燕"}, nil},
			{"委员", 3, "委员", []string{"马晓东", "方丽华", "白雪梅", "石磊", "宋志明", "任志远", "江海"}, nil},
		}, nil},
		{"plurality-club", "csv", []outcome{
			{"Committee", 1, "Committee", []string{"Alice Brown", "Ben Carter", "Chloe Davis"}, nil},
		}, map[int]int{0: 1}},
		{"club-chair-irv", "csv", []outcome{
			{"Chair", 1, "Chair", []string{"Alice Brown"}, nil},
		}, nil},
		{"ward-scottish-stv", "blt", []outcome{
			{"Councillor", 1, "Councillor", []string{"Morag Campbell", "Siobhan Kelly", "Fiona Stewart"}, nil},
		}, nil},
		{"village-combined", "jsonl", []outcome{
			{"村民委员会", 1, "主任", []string{"张建国"}, nil},
			{"村民委员会", 1, "副主任", []string{"李明"}, nil},
			{"村民委员会", 1, "委员", []string{"陈红", "刘军"}, nil},
		}, map[int]int{0: 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join("..", "..", "examples")
			out, errs, code := tally(t, "tabulate", "--json", filepath.Join(dir, c.name+".toml"), filepath.Join(dir, c.name+"."+c.ballots))
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var doc report.Document
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("--json output does not parse: %v", err)
			}
			if !doc.Decided || doc.Format != "tally-result" || doc.Version != 1 {
				t.Errorf("decided %v format %s v%d", doc.Decided, doc.Format, doc.Version)
			}
			for _, o := range c.outcomes {
				found := false
				for _, r := range doc.Rounds {
					if r.Contest != o.contest || r.Round != o.round {
						continue
					}
					for _, s := range r.Sections {
						if s.Office == o.office {
							found = true
							if strings.Join(s.Elected, ",") != strings.Join(o.elected, ",") || strings.Join(s.Tied, ",") != strings.Join(o.tied, ",") {
								t.Errorf("%s round %d %s: elected %v tied %v, want %v tied %v", o.contest, o.round, o.office, s.Elected, s.Tied, o.elected, o.tied)
							}
						}
					}
				}
				if !found {
					t.Errorf("no result for %s round %d %s", o.contest, o.round, o.office)
				}
			}
			for i, n := range c.invalid {
				if got := doc.Rounds[i].Ballots.Invalid; got != n {
					t.Errorf("round %d: %d invalid, want %d", i+1, got, n)
				}
			}
			// The text report says the same, in both languages, on its
			// outcome line.
			for _, lang := range []struct{ code, word, sep string }{{"en", "Elected: ", ", "}, {"zh", "当选：", "、"}} {
				txt, errs, code := tally(t, "tabulate", "--lang", lang.code, filepath.Join(dir, c.name+".toml"), filepath.Join(dir, c.name+"."+c.ballots))
				if code != 0 {
					t.Fatalf("--lang %s: exit %d: %s", lang.code, code, errs)
				}
				for _, o := range c.outcomes {
					if len(o.elected) == 0 || o.contest == "委员" && c.name == "recommendation-narrowing" && o.round < 3 {
						continue
					}
					if want := lang.word + strings.Join(o.elected, lang.sep); !strings.Contains(txt, want) {
						t.Errorf("--lang %s: report has no line %q", lang.code, want)
					}
				}
			}
		})
	}
}

func TestDemo_NoArgumentsCountsTheBuiltInElection(t *testing.T) {
	out, errs, code := tally(t, "--lang", "en")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Demo election", "书记 · round 1", "Elected: 甲", "Elected: 乙, 丁, 戊", "The election is decided."} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	zh, _, _ := tally(t, "--lang", "zh")
	if !strings.Contains(zh, "演示选举") || !strings.Contains(zh, "当选：甲") {
		t.Errorf("Chinese demo output:\n%s", zh)
	}
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const goodElection = `title = "测试"
preset = "party"
ballot = "marked"
[electorate]
entitled = 10
present = 9
[[offices]]
name = "书记"
seats = 1
candidates = ["甲", "乙"]
`

// Bad input exits 1 with a message naming the file, the line and the field.
func TestTabulate_BadInputNamesFileLineAndField(t *testing.T) {
	election := writeFile(t, "e.toml", goodElection)
	cases := []struct {
		name  string
		args  []string
		wants []string
	}{
		{"typo in the election file", []string{writeFile(t, "typo.toml", strings.Replace(goodElection, "seats = 1", "seat = 1", 1)), writeFile(t, "b.jsonl", "{}\n")},
			[]string{"typo.toml:9", "seat", `"seats"`}},
		{"unknown candidate", []string{election, writeFile(t, "b.jsonl", `{"office":"书记","for":["甲"]}`+"\n"+`{"office":"书记","for":["丙"]}`+"\n")},
			[]string{"b.jsonl:2", "for", `"丙" is not a candidate`}},
		{"bad mark in CSV", []string{election, writeFile(t, "b.csv", "office,甲,乙\n书记,○,\n书记,?,\n")},
			[]string{"b.csv:3", "甲"}},
		{"missing ballot file", []string{election, filepath.Join(t.TempDir(), "nope.csv")},
			[]string{"nope.csv"}},
		{"a threshold figure the election file lacks", []string{writeFile(t, "nopresent.toml", strings.Replace(goodElection, "present = 9\n", "", 1)+"[settings]\nquorum = \"none\"\n"), writeFile(t, "b.jsonl", `{"office":"书记","for":["甲"]}`+"\n")},
			[]string{"nopresent.toml", "present", "add present = N"}},
		{"ballots for a round never reached", []string{election, writeFile(t, "b.jsonl", `{"office":"书记","round":2,"for":["甲"]}`+"\n")},
			[]string{"b.jsonl:1", "round 2", "round 1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errs, code := tally(t, append([]string{"tabulate"}, c.args...)...)
			if code != 1 {
				t.Fatalf("exit %d, want 1 (stderr %q)", code, errs)
			}
			if out != "" {
				t.Errorf("bad input must print no result, got %q", out)
			}
			for _, w := range c.wants {
				if !strings.Contains(errs, w) {
					t.Errorf("message %q lacks %q", errs, w)
				}
			}
		})
	}
}

// Misuse exits 2 and points to the help.
func TestTabulate_MisuseExitsTwo(t *testing.T) {
	election := writeFile(t, "e.toml", goodElection)
	for _, args := range [][]string{
		{"tabulate"},
		{"tabulate", election},
		{"tabulate", "--no-such-flag", election, election},
		{"tabulate", "--lang", "fr", election, election},
		{"tabulate", "--set", "quorum", election, election},
		{"tabulate", "--set", "quorm=none", election, election},
		{"no-such-command"},
	} {
		_, errs, code := tally(t, args...)
		if code != 2 || !strings.Contains(errs, "tally") {
			t.Errorf("%v: exit %d, stderr %q; want 2", args, code, errs)
		}
	}
}

// --set overrides a setting for one count, and the result says so.
func TestTabulate_SetOverridesAndIsStated(t *testing.T) {
	election := writeFile(t, "e.toml", strings.Replace(goodElection, "present = 9", "present = 8", 1))
	ballots := writeFile(t, "b.jsonl", strings.Repeat(`{"office":"书记","for":["甲"]}`+"\n", 8))
	out, _, code := tally(t, "tabulate", "--lang", "en", election, ballots)
	if code != 0 || !strings.Contains(out, "✗ fails") {
		t.Fatalf("8 of 10 is not more than 4/5: %s", out)
	}
	out, _, code = tally(t, "tabulate", "--lang", "en", "--set", "quorum_compare=at-least", election, ballots)
	if code != 0 || !strings.Contains(out, "✓ stands") || !strings.Contains(out, "set by the election file") {
		t.Errorf("with at-least, 8 of 10 stands and the override is stated:\n%s", out)
	}
}

// A single-office election's ballots may leave the office out, as a
// spreadsheet with one column per candidate would.
func TestTabulate_SingleOfficeBallotsNeedNoOfficeColumn(t *testing.T) {
	election := writeFile(t, "e.toml", goodElection)
	ballots := writeFile(t, "b.csv", "甲,乙\n○,×\n○,\n,○\n○,\n○,\n○,\n弃权,\n○,\n○,\n")
	out, errs, code := tally(t, "tabulate", "--lang", "en", election, ballots)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "Elected: 甲") || !strings.Contains(out, "cast 9") || !strings.Contains(out, "blank 1") {
		t.Errorf("report:\n%s", out)
	}
}

// A BLT file alone is counted as a ranked election of one office, with the
// method and options on the command line; the result states them.
func TestTabulate_BLTAloneWithMethodAndOptions(t *testing.T) {
	blt := filepath.Join("..", "..", "examples", "ward-scottish-stv.blt")
	out, errs, code := tally(t, "tabulate", "--lang", "en", "--method", "scottish", blt)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"method = scottish", "Elected: Morag Campbell, Siobhan Kelly, Fiona Stewart", "301.00000"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	half := writeFile(t, "half.blt", "3 1\n6 1 0\n5 2 0\n1 3 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"Exact half\"\n")
	out, _, code = tally(t, "tabulate", "--lang", "en", "--ranked", "tie=lots", half)
	if code != 0 || !strings.Contains(out, "The count stopped in round 2: A, B are tied") {
		t.Errorf("a tie under lots must stop the count and say so:\n%s", out)
	}
	out, _, code = tally(t, "tabulate", "--lang", "en", "--ranked", "tie=lots", "--ranked", "lot=2:A,B:B", half)
	if code != 0 || !strings.Contains(out, "Elected: B") || !strings.Contains(out, "lot drawn at the table") {
		t.Errorf("with the lot keyed in, B wins and the report says how:\n%s", out)
	}
	for _, args := range [][]string{
		{"tabulate", "--method", "borda", half},
		{"tabulate", "--ranked", "tie=coin", half},
	} {
		if _, errs, code := tally(t, args...); code != 2 || !strings.Contains(errs, "expected") {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
	}
	bad := writeFile(t, "bad.blt", "3 1\n6 1 4 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n")
	if _, errs, code := tally(t, "tabulate", bad); code != 1 || !strings.Contains(errs, "bad.blt:2") {
		t.Errorf("a BLT ballot naming candidate 4 of 3: exit %d, %q", code, errs)
	}
}

// The table and the scrutineers' screen need a terminal; without one they
// say so and what to use instead, and a mistyped command is not taken
// for a file.
func TestTable_WithoutATerminalSaysWhatToUse(t *testing.T) {
	dir := t.TempDir()
	count := filepath.Join(dir, "c.tally")
	if _, errs, code := tally(t, "new", writeFile(t, "e.toml", goodElection), count); code != 0 {
		t.Fatalf("new: %s", errs)
	}
	_, errs, code := tally(t, count)
	if code != 1 || !strings.Contains(errs, "needs a terminal") || !strings.Contains(errs, "tally result "+count) {
		t.Errorf("tally FILE without a terminal: exit %d: %s", code, errs)
	}
	_, errs, code = tally(t, "watch", count)
	if code != 1 || !strings.Contains(errs, "needs a terminal") {
		t.Errorf("tally watch without a terminal: exit %d: %s", code, errs)
	}
	_, errs, code = tally(t, "tabluate")
	if code != 2 || !strings.Contains(errs, "did you mean tabulate?") {
		t.Errorf("a mistyped command: exit %d: %s", code, errs)
	}
}

// The tests hash PINs cheaply; the program's default is slow
// (store.TestRoles_DefaultPINCostIsSlow checks it).
func TestMain(m *testing.M) {
	pinCost = store.CheapPINCost
	os.Exit(m.Run())
}

// pinsFile is the PINs of the people the tests sign in, owner-only, as
// --pins wants it.
func pinsFile(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "pins.txt")
	if err := os.WriteFile(p, []byte("张监 4821\n刘芳 5555\n王明 1111\n李强 2222\nchief 4821\n选举办公室 6666\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// signed adds to an import or a close the signatures a count file that
// follows roles asks for: 张监, the chief, imports (papers imported are not
// keyed: the reason says why) and closes; 刘芳, a scrutineer, confirms.
// Flags already given stay.
func signed(t *testing.T, args ...string) []string {
	t.Helper()
	has := func(f string) bool { return slices.Contains(args, f) }
	out := append([]string(nil), args...)
	if !has("--by") {
		out = append(out, "--by", "张监")
	}
	if args[0] == "import" && !has("--reason") {
		out = append(out, "--reason", "the test's ballot files")
	}
	if !has("--confirmed-by") {
		out = append(out, "--confirmed-by", "刘芳")
	}
	return append(out, "--pins", pinsFile(t))
}
