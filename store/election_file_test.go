package store

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"tally/count"
)

// partyFile is the brief's example: Chinese names, comments on every line,
// a cascade of three offices. Line numbers in the tests below count on it.
const partyFile = `# 中共红星村支部委员会换届选举
title = "中共红星村支部委员会换届选举"   # required
body = "中共红星村支部"                  # 选举单位
place = "红星村党员活动室"
date = "2026-11-21"
lang = "zh"
preset = "party"
ballot = "marked"

[settings]
quorum_compare = "at-least"   # 不少于五分之四
extra_margin = "20%"

[electorate]
members = 28        # 党员
probationary = 3    # 预备党员
present = 21

[[offices]]
name = "书记"
seats = 1
candidates = ["甲", "乙"]

[[offices]]
name = "副书记"
seats = 1
candidates = ["丙", "丁"]

[[offices]]
name = "委员"
seats = 3
candidates = [
  "戊",   # 第一位
  "己",
  "庚",
  "辛",
]
narrow = ["40%", 0.2]
[[offices.sources]]
name = "党员"
weight = "70%"
[[offices.sources]]
name = "群众"
weight = 0.3

[[rounds]]
office = "委员"
round = 1
present = 20
issued = 20
returned = 20
`

// parseProblems parses src and returns its problems, failing the test if the
// file was accepted or an election came back with an error.
func parseProblems(t *testing.T, src string) FileErrors {
	t.Helper()
	e, err := ParseElection("party.toml", []byte(src))
	if err == nil {
		t.Fatalf("file accepted, want problems:\n%s", src)
	}
	if e != nil {
		t.Errorf("an election came back with the error: nothing may be half-applied")
	}
	var fes FileErrors
	if !errors.As(err, &fes) {
		t.Fatalf("error is %T, want FileErrors: %v", err, err)
	}
	return fes
}

func mustParse(t *testing.T, src string) *count.Election {
	t.Helper()
	e, err := ParseElection("party.toml", []byte(src))
	if err != nil {
		t.Fatalf("file refused:\n%v", err)
	}
	return e
}

// findProblem returns the problem reported for field, failing if none is.
func findProblem(t *testing.T, fes FileErrors, field string) *FileError {
	t.Helper()
	for _, fe := range fes {
		if fe.Field == field {
			return fe
		}
	}
	t.Fatalf("no problem reported for %s; got:\n%v", field, fes)
	return nil
}

func wantMsg(t *testing.T, fe *FileError, words ...string) {
	t.Helper()
	for _, w := range words {
		if !strings.Contains(fe.Msg, w) {
			t.Errorf("%s: message %q does not say %q", fe.Field, fe.Msg, w)
		}
	}
}

// minimal is the least a valid file holds; tests append to it. It is five
// lines long, so a line appended after it is line 6.
const minimal = `title = "测试"
preset = "party"
ballot = "marked"
[[offices]]
name = "书记"
`

const minimalTail = `seats = 1
candidates = ["甲", "乙"]
`

func TestElectionFile_ChineseNamesAndComments(t *testing.T) {
	e := mustParse(t, partyFile)
	want := &count.Election{
		Title:     "中共红星村支部委员会换届选举",
		Body:      "中共红星村支部",
		Place:     "红星村党员活动室",
		Date:      "2026-11-21",
		Lang:      "zh",
		Preset:    count.PresetParty,
		Ballot:    count.BallotMarked,
		Overrides: []string{"quorum_compare", "extra_margin"},
		Offices: []count.Office{
			{Name: "书记", Seats: 1, Candidates: []string{"甲", "乙"}},
			{Name: "副书记", Seats: 1, Candidates: []string{"丙", "丁"}},
			{Name: "委员", Seats: 3, Candidates: []string{"戊", "己", "庚", "辛"},
				Narrow: []count.Ratio{{Num: 40, Den: 100}, {Num: 2, Den: 10}},
				Sources: []count.Source{
					{Name: "党员", Weight: count.Ratio{Num: 70, Den: 100}},
					{Name: "群众", Weight: count.Ratio{Num: 3, Den: 10}},
				}},
		},
		Figures: count.Figures{Members: 28, Probationary: 3, Present: 21},
		Rounds: []count.RoundFigures{
			{Contest: "委员", Round: 1, Figures: count.Figures{Present: 20, Issued: 20, Returned: 20}},
		},
	}
	want.Settings = count.PresetSettings(count.PresetParty)
	want.Settings.QuorumCompare = count.AtLeast
	want.Settings.ExtraMargin = count.Ratio{Num: 20, Den: 100}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("election read as\n%+v\nwant\n%+v", e, want)
	}
	if got := e.Figures.EntitledCount(); got != 25 {
		t.Errorf("entitled = %d, want 28 − 3 = 25", got)
	}
}

// A file saved by Windows Notepad starts with a byte order mark and ends its
// lines with CR LF; it reads the same, and lines still count from the top.
func TestElectionFile_WindowsNotepadFile(t *testing.T) {
	src := "\uFEFF" + strings.ReplaceAll(partyFile, "\n", "\r\n")
	e := mustParse(t, src)
	if e.Title != "中共红星村支部委员会换届选举" || len(e.Offices) != 3 {
		t.Errorf("read %q with %d offices", e.Title, len(e.Offices))
	}
	bad := "\uFEFF" + strings.ReplaceAll(minimal+"seat = 1\n", "\n", "\r\n")
	fe := findProblem(t, parseProblems(t, bad), "offices[1].seat")
	if fe.Line != 6 {
		t.Errorf("typo reported on line %d, want 6", fe.Line)
	}
}

func TestElectionFile_InlineTablesCountLikeHeaders(t *testing.T) {
	src := `title = "t"
preset = "village"
ballot = "choice"
offices = [
  { name = "主任", seats = 1, candidates = ["甲", "乙"] },
  { name = "委员", seats = 0, candidates = ["丙", "丁"] },
]
`
	fe := findProblem(t, parseProblems(t, src), "offices[2].seats")
	if fe.Line != 6 {
		t.Errorf("offices[2].seats reported on line %d, want 6", fe.Line)
	}
}

// Each figure key fills its own field, in [electorate] and in [[rounds]].
func TestElectionFile_EveryFigureKeyFillsItsField(t *testing.T) {
	get := map[string]func(count.Figures) int{
		"members":       func(f count.Figures) int { return f.Members },
		"probationary":  func(f count.Figures) int { return f.Probationary },
		"entitled":      func(f count.Figures) int { return f.Entitled },
		"present":       func(f count.Figures) int { return f.Present },
		"registered":    func(f count.Figures) int { return f.Registered },
		"voted":         func(f count.Figures) int { return f.Voted },
		"proxies":       func(f count.Figures) int { return f.Proxies },
		"proxy_holders": func(f count.Figures) int { return f.ProxyHolders },
		"issued":        func(f count.Figures) int { return f.Issued },
		"returned":      func(f count.Figures) int { return f.Returned },
	}
	if len(get) != len(figureKeys) {
		t.Fatalf("%d figure keys, %d fields of count.Figures here", len(figureKeys), len(get))
	}
	for _, k := range figureKeys {
		t.Run(k, func(t *testing.T) {
			// plurality allows any number of proxies, and checks no figure
			// against another.
			src := strings.Replace(minimal, `"party"`, `"plurality"`, 1) + minimalTail +
				"[electorate]\n" + k + " = 7\n[[rounds]]\noffice = \"书记\"\nround = 2\n" + k + " = 5\n"
			e := mustParse(t, src)
			for name, field := range get {
				want := 0
				if name == k {
					want = 7
				}
				if got := field(e.Figures); got != want {
					t.Errorf("[electorate] %s = 7 gives %s = %d, want %d", k, name, got, want)
				}
				if name == k {
					want = 5
				}
				if got := field(e.Rounds[0].Figures); got != want {
					t.Errorf("[[rounds]] %s = 5 gives %s = %d, want %d", k, name, got, want)
				}
			}
		})
	}
}

func TestElectionFile_DateAsTextOrTOMLDate(t *testing.T) {
	for _, tc := range []struct {
		name, date string
	}{
		{"text", `date = "2026-11-21"`},
		{"TOML date", `date = 2026-11-21`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := mustParse(t, tc.date+"\n"+minimal+minimalTail)
			if e.Date != "2026-11-21" {
				t.Errorf("date = %q, want 2026-11-21", e.Date)
			}
		})
	}
	for _, tc := range []struct {
		name, date string
		words      []string
	}{
		{"Chinese date", `date = "2026年11月21日"`, []string{"YYYY-MM-DD", "2026年11月21日"}},
		{"date and time", `date = 2026-11-21T09:00:00`, []string{"YYYY-MM-DD", "time"}},
		{"number", `date = 20261121`, []string{"YYYY-MM-DD", "20261121"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fe := findProblem(t, parseProblems(t, tc.date+"\n"+minimal+minimalTail), "date")
			if fe.Line != 1 {
				t.Errorf("line %d, want 1", fe.Line)
			}
			wantMsg(t, fe, tc.words...)
		})
	}
}

func TestElectionFile_SettingsOverridePreset(t *testing.T) {
	for _, tc := range []struct {
		name     string
		preset   string
		settings string
		want     map[string]string // key → value Get must give
		order    []string
	}{
		{
			name:     "text values",
			preset:   "party",
			settings: "quorum_compare = \"at-least\"\nextra_margin = \"1/3\"\n",
			want:     map[string]string{"quorum_compare": "at-least", "extra_margin": "1/3"},
			order:    []string{"quorum_compare", "extra_margin"},
		},
		{
			name:     "bool, integer and float values",
			preset:   "village",
			settings: "two_offices_void = true\nproxy_limit = 2\nquorum_fraction = 0.6\n",
			want:     map[string]string{"two_offices_void": "true", "proxy_limit": "2", "quorum_fraction": "0.6"},
			order:    []string{"two_offices_void", "proxy_limit", "quorum_fraction"},
		},
		{
			name:     "file order, not key order",
			preset:   "congress",
			settings: "write_ins = \"refused\"\nextra_one_seat_two = false\naccount = \"both\"\n",
			want:     map[string]string{"write_ins": "refused", "extra_one_seat_two": "false", "account": "both"},
			order:    []string{"write_ins", "extra_one_seat_two", "account"},
		},
		{
			name:     "a setting equal to the default is still an override",
			preset:   "plurality",
			settings: "proxy_limit = -1\n",
			want:     map[string]string{"proxy_limit": "-1"},
			order:    []string{"proxy_limit"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(minimal, `"party"`, `"`+tc.preset+`"`, 1) + minimalTail + "[settings]\n" + tc.settings
			e := mustParse(t, src)
			p, _ := count.ParsePreset(tc.preset)
			def := count.PresetSettings(p)
			for _, k := range count.SettingKeys() {
				got := e.Settings.Get(k)
				want, named := tc.want[k]
				if !named {
					want = def.Get(k)
				}
				if got != want {
					t.Errorf("%s = %q, want %q (named in file: %t)", k, got, want, named)
				}
			}
			if !reflect.DeepEqual(e.Overrides, tc.order) {
				t.Errorf("overrides = %q, want %q", e.Overrides, tc.order)
			}
		})
	}
}

// none switches a rule off from any preset, not only plurality.
func TestElectionFile_SettingNoneSwitchesRuleOff(t *testing.T) {
	e := mustParse(t, minimal+minimalTail+"[settings]\nquorum = \"none\"\nthreshold_base = \"none\"\n")
	if e.Settings.QuorumBasis != count.QuorumNone {
		t.Errorf("QuorumBasis = %v, want count.QuorumNone", e.Settings.QuorumBasis)
	}
	if e.Settings.ThresholdBase != count.BaseNone {
		t.Errorf("ThresholdBase = %v, want count.BaseNone", e.Settings.ThresholdBase)
	}
	if want := []string{"quorum", "threshold_base"}; !reflect.DeepEqual(e.Overrides, want) {
		t.Errorf("overrides = %q, want %q", e.Overrides, want)
	}
}

func TestElectionFile_NoSettingsKeepsPreset(t *testing.T) {
	e := mustParse(t, minimal+minimalTail)
	if e.Settings != count.PresetSettings(count.PresetParty) {
		t.Errorf("settings differ from the party preset without a [settings] table")
	}
	if e.Overrides != nil {
		t.Errorf("overrides = %q, want none", e.Overrides)
	}
}

func TestElectionFile_SettingRefusedNamesLine(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		words      []string
	}{
		{"not a choice", `quorum_compare = "atleast"`, []string{"more-than, at-least"}},
		{"not a fraction", `extra_margin = "a third"`, []string{"a third", "not a fraction"}},
		{"negative fraction", `extra_floor = -0.5`, []string{"-0.5", "not a fraction"}},
		{"not a bool", `two_offices_void = "yes"`, []string{"true or false"}},
		{"below the least", `max_extra_rounds = -1`, []string{"whole number from 0"}},
		{"a list", `write_ins = ["allowed"]`, []string{"single value", "a list"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := minimal + minimalTail + "[settings]\n" + tc.line + "\n"
			fes := parseProblems(t, src)
			key, _, _ := strings.Cut(tc.line, " ")
			fe := findProblem(t, fes, "settings."+key)
			if fe.Line != 9 {
				t.Errorf("line %d, want 9", fe.Line)
			}
			wantMsg(t, fe, tc.words...)
			if len(fes) != 1 {
				t.Errorf("%d problems, want 1:\n%v", len(fes), fes)
			}
		})
	}
}

func TestElectionFile_UnknownKeySuggestsClosest(t *testing.T) {
	for _, tc := range []struct {
		name  string
		src   string
		field string
		line  int
		words []string
	}{
		{"office key", minimal + "seat = 1\n", "offices[1].seat", 6, []string{`did you mean "seats"?`, "[[offices]]"}},
		{"table name", minimal + minimalTail + "[setings]\nquorum_compare = \"at-least\"\n", "setings", 8, []string{`did you mean "settings"?`, "table [setings]"}},
		{"top-level key", "titel = \"x\"\n" + minimal + minimalTail, "titel", 1, []string{`did you mean "title"?`}},
		{"setting", minimal + minimalTail + "[settings]\nquorum_compar = \"at-least\"\n", "settings.quorum_compar", 9, []string{`did you mean "quorum_compare"?`}},
		{"electorate", minimal + minimalTail + "[electorate]\nmembres = 28\n", "electorate.membres", 9, []string{`did you mean "members"?`}},
		{"source", minimal + minimalTail + "narrow = [\"40%\"]\n[[offices.sources]]\nname = \"党员\"\nwieght = \"70%\"\n", "offices[1].sources[1].wieght", 11, []string{`did you mean "weight"?`}},
		{"paper", minimal + minimalTail + "[[papers]]\ncombine = true\n", "papers[1].combine", 9, []string{`did you mean "combined"?`}},
		{"round", minimal + minimalTail + "[[rounds]]\noffice = \"书记\"\nround = 1\npresnet = 20\n", "rounds[1].presnet", 11, []string{`did you mean "present"?`}},
		{"nothing close lists the keys", minimal + "colour = \"red\"\n", "offices[1].colour", 6, []string{"known: candidates, max_choices, name, narrow, seats, sources"}},
		{"dotted key", "electorate.presnt = 3\n" + minimal + minimalTail, "electorate.presnt", 1, []string{`did you mean "present"?`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fe := findProblem(t, parseProblems(t, tc.src), tc.field)
			if fe.Line != tc.line {
				t.Errorf("line %d, want %d", fe.Line, tc.line)
			}
			wantMsg(t, fe, tc.words...)
		})
	}
}

func TestElectionFile_TypeErrorNamesLine(t *testing.T) {
	for _, tc := range []struct {
		name  string
		add   string // appended to the first office after its name
		field string
		words []string
	}{
		{"seats as text", `seats = "three"`, "offices[1].seats", []string{"whole number", `"three"`}},
		{"seats as a fraction", `seats = 2.5`, "offices[1].seats", []string{"whole number", "2.5"}},
		{"candidates as one name", `candidates = "甲"`, "offices[1].candidates", []string{"list of names", `"甲"`}},
		{"a candidate as a number", `candidates = ["甲", 2]`, "offices[1].candidates[2]", []string{"double quotes", "number 2"}},
		{"narrow not a list", `narrow = "40%"`, "offices[1].narrow", []string{"list of ratios", `"40%"`}},
		{"max_choices as bool", `max_choices = true`, "offices[1].max_choices", []string{"whole number", "true"}},
		{"sources as a value", `sources = "党员"`, "offices[1].sources", []string{"[[offices.sources]]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fes := parseProblems(t, minimal+tc.add+"\n")
			fe := findProblem(t, fes, tc.field)
			if fe.Line != 6 {
				t.Errorf("line %d, want 6", fe.Line)
			}
			wantMsg(t, fe, tc.words...)
			// The wrong value is not reported a second time as a missing one.
			for _, other := range fes {
				if other != fe && underAnyPath(other.Field, []string{tc.field}) {
					t.Errorf("reported twice: %v", other)
				}
			}
		})
	}
	for _, tc := range []struct {
		name  string
		src   string
		field string
		line  int
		words []string
	}{
		{"title as a number", "title = 3\npreset = \"party\"\nballot = \"marked\"\n[[offices]]\nname = \"书记\"\n" + minimalTail, "title", 1, []string{"double quotes", "number 3"}},
		{"combined as text", minimal + minimalTail + "[[papers]]\ncombined = \"yes\"\n", "papers[1].combined", 9, []string{"true or false", `"yes"`}},
		{"figure as text", minimal + minimalTail + "[electorate]\npresent = \"21\"\n", "electorate.present", 9, []string{"whole number", `"21"`}},
		{"weight as bool", minimal + minimalTail + "narrow = [\"40%\"]\n[[offices.sources]]\nname = \"党员\"\nweight = true\n", "offices[1].sources[1].weight", 11, []string{"ratio", "true"}},
		{"one office table", "title = \"t\"\npreset = \"party\"\nballot = \"marked\"\n[offices]\nname = \"书记\"\n", "offices", 4, []string{"[[offices]]", "double brackets"}},
		{"one source table", minimal + minimalTail + "narrow = [\"40%\"]\nsources.name = \"党员\"\n", "offices[1].sources", 9, []string{"[[offices.sources]]", "single [offices.sources] table"}},
		{"settings as a value", "settings = \"party\"\n" + minimal + minimalTail, "settings", 1, []string{"[settings]", `"party"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fe := findProblem(t, parseProblems(t, tc.src), tc.field)
			if fe.Line != tc.line {
				t.Errorf("line %d, want %d", fe.Line, tc.line)
			}
			wantMsg(t, fe, tc.words...)
		})
	}
}

func TestElectionFile_ValidateErrorNamesLine(t *testing.T) {
	for _, tc := range []struct {
		name  string
		src   string
		field string
		line  int
		words []string
	}{
		{"the key's line", partyFile[:strings.Index(partyFile, "[[rounds]]")] + "[[offices]]\nname = \"监察\"\nseats = 0\ncandidates = [\"壬\"]\n", "offices[4].seats", 48, []string{"1 or more", "got 0"}},
		{"the header's line when the key is absent", minimal + "candidates = [\"甲\"]\n", "offices[1].seats", 4, []string{"got 0"}},
		{"a list element's own line", partyFile[:strings.Index(partyFile, `  "辛",`)] + "  \"戊\",\n]\n", "offices[3].candidates[4]", 36, []string{`"戊" is listed twice`}},
		{"a round naming no office", strings.Replace(partyFile, `office = "委员"`, `office = "委原"`, 1), "rounds[1].office", 47, []string{`"委原"`, `did you mean "委员"?`}},
		{"electorate figures", strings.Replace(partyFile, "present = 21", "present = 26", 1), "electorate.present", 17, []string{"26 present is more than 25 entitled"}},
		{"no office at all: no line", "title = \"t\"\npreset = \"party\"\nballot = \"marked\"\n", "offices", 0, []string{"[[offices]]"}},
		{"party forbids proxies", minimal + minimalTail + "[electorate]\nproxies = 2\n", "electorate.proxies", 9, []string{"no proxies", "P2020"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fe := findProblem(t, parseProblems(t, tc.src), tc.field)
			if fe.Line != tc.line {
				t.Errorf("line %d, want %d", fe.Line, tc.line)
			}
			wantMsg(t, fe, tc.words...)
		})
	}
}

func TestElectionFile_MissingRequiredKeys(t *testing.T) {
	fes := parseProblems(t, "[[offices]]\nname = \"书记\"\n"+minimalTail)
	for _, field := range []string{"title", "preset", "ballot"} {
		fe := findProblem(t, fes, field)
		if fe.Line != 0 {
			t.Errorf("%s: line %d, want 0 (not in the file)", field, fe.Line)
		}
		wantMsg(t, fe, "missing")
		if got := fe.Error(); !strings.HasPrefix(got, "party.toml: "+field+": missing") {
			t.Errorf("message %q, want it to start party.toml: %s: missing", got, field)
		}
	}
	if len(fes) != 3 {
		t.Errorf("%d problems, want 3:\n%v", len(fes), fes)
	}
}

func TestElectionFile_BadChoiceNamesLine(t *testing.T) {
	for _, tc := range []struct {
		key, value string
		words      []string
	}{
		{"preset", `"partty"`, []string{"party, village, congress, plurality"}},
		{"ballot", `"ticks"`, []string{"marked, choice or ranked"}},
		{"lang", `"cn"`, []string{"zh or en"}},
	} {
		t.Run(tc.key, func(t *testing.T) {
			src := minimal + minimalTail
			if strings.Contains(src, tc.key+" =") {
				src = strings.Replace(src, tc.key+" = ", tc.key+" = "+tc.value+" #", 1)
			} else {
				src = tc.key + " = " + tc.value + "\n" + src
			}
			fes := parseProblems(t, src)
			fe := findProblem(t, fes, tc.key)
			if fe.Line == 0 {
				t.Errorf("no line")
			}
			wantMsg(t, fe, tc.words...)
			if len(fes) != 1 {
				t.Errorf("a wrong %s is also reported as missing:\n%v", tc.key, fes)
			}
		})
	}
}

func TestElectionFile_SyntaxErrorNamesLineAndColumn(t *testing.T) {
	for _, tc := range []struct {
		name      string
		src       string
		line, col int
		words     []string
	}{
		{"unquoted Chinese name", minimal[:len(minimal)-len("name = \"书记\"\n")] + "name = 书记\n", 5, 8, []string{"double quotes", `"书记"`}},
		{"key given twice", minimal + "seats = 1\nseats = 2\n", 7, 1, []string{"already defined"}},
		{"unclosed text", "title = \"中文标题\n", 1, 14, []string{"new lines"}},
		{"column counts characters, not bytes", "title = \"中文\" x\n", 1, 14, []string{"newline"}},
		{"Chinese key", "书记 = 1\n", 1, 1, []string{"English", `"书记"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fes := parseProblems(t, tc.src)
			if len(fes) != 1 {
				t.Fatalf("%d problems, want the one syntax error:\n%v", len(fes), fes)
			}
			fe := fes[0]
			if fe.Line != tc.line || fe.Column != tc.col {
				t.Errorf("at %d:%d, want %d:%d (%v)", fe.Line, fe.Column, tc.line, tc.col, fe)
			}
			wantMsg(t, fe, tc.words...)
		})
	}
}

func TestElectionFile_NotUTF8(t *testing.T) {
	// "书记" in GBK, as a Chinese Windows editor saves it by default.
	fes := parseProblems(t, "title = \"\xca\xe9\xbc\xc7\"\n")
	fe := fes[0]
	if fe.Line != 1 || fe.Column != 10 {
		t.Errorf("at %d:%d, want 1:10", fe.Line, fe.Column)
	}
	wantMsg(t, fe, "UTF-8")
}

func TestElectionFile_AllProblemsReportedAtOnce(t *testing.T) {
	src := `title = "测试"
preset = "party"
ballot = "marked"

[setings]
quorum_compare = "at-least"

[electorate]
members = 28
present = "21"

[[offices]]
name = "书记"
seat = 1
candidates = ["甲", "乙"]

[[offices]]
name = "委员"
seats = 0
candidates = ["丙", "丙"]
`
	fes := parseProblems(t, src)
	want := []string{
		`party.toml:5: setings: unknown table [setings] in an election file (did you mean "settings"?)`,
		`party.toml:10: electorate.present: expected a whole number, written without quotes (got the text "21")`,
		`party.toml:14: offices[1].seat: unknown key in [[offices]] (did you mean "seats"?)`,
		`party.toml:19: offices[2].seats: expected a whole number of seats, 1 or more (got 0)`,
		`party.toml:20: offices[2].candidates[2]: "丙" is listed twice for this office: give the two people distinct names, e.g. 王芳(东村)`,
	}
	if got := fes.Error(); got != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	var fe *FileError
	if !errors.As(error(fes), &fe) || fe.Line != 5 {
		t.Errorf("errors.As finds %v, want the first problem", fe)
	}
}

// A typo is one problem: seat = 1 is not also reported as a missing seats,
// nor titel as a missing title. A stray key beside the right one is only a
// stray key.
func TestElectionFile_TypoNotAlsoReportedMissing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		src   string
		field string
	}{
		{"seat", minimal + "seat = 1\ncandidates = [\"甲\"]\n", "offices[1].seat"},
		{"candidate", minimal + "seats = 1\ncandidate = [\"甲\"]\n", "offices[1].candidate"},
		{"titel", "titel = \"t\"\n" + minimal[strings.Index(minimal, "\n")+1:] + minimalTail, "titel"},
		{"prest", "prest = \"party\"\n" + strings.Replace(minimal, "preset = \"party\"\n", "", 1) + minimalTail, "prest"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fes := parseProblems(t, tc.src)
			if len(fes) != 1 || fes[0].Field != tc.field {
				t.Errorf("want the one typo at %s, got:\n%v", tc.field, fes)
			}
		})
	}
	fes := parseProblems(t, minimal+minimalTail+"seat = 1\n")
	if len(fes) != 1 || fes[0].Field != "offices[1].seat" {
		t.Errorf("stray key beside seats: got\n%v", fes)
	}
}

func TestElectionFile_ErrorFormat(t *testing.T) {
	for _, tc := range []struct {
		fe   FileError
		want string
	}{
		{FileError{File: "examples/party.toml", Line: 14, Field: "offices[2].seats", Msg: "expected a whole number of seats, 1 or more (got 0)"},
			"examples/party.toml:14: offices[2].seats: expected a whole number of seats, 1 or more (got 0)"},
		{FileError{File: "party.toml", Line: 3, Column: 8, Msg: "text must be in double quotes"},
			"party.toml:3:8: text must be in double quotes"},
		{FileError{File: "party.toml", Field: "title", Msg: "missing"}, "party.toml: title: missing"},
	} {
		if got := tc.fe.Error(); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}

func TestElectionFile_LoadElection(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "party.toml")
	if err := os.WriteFile(path, []byte(partyFile), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := LoadElection(path)
	if err != nil || e.Title != "中共红星村支部委员会换届选举" {
		t.Fatalf("LoadElection = %v, %v", e, err)
	}
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte(minimal+"seat = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadElection(bad); err == nil || !strings.Contains(err.Error(), bad+":6: offices[1].seat: unknown key") {
		t.Errorf("error %q does not name the file and line", err)
	}
	if _, err := LoadElection(filepath.Join(dir, "none.toml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v, want os.ErrNotExist", err)
	}
}
