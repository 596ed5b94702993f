package store

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"tally/count"
)

func readCSVText(text string) ([]count.BallotRecord, error) {
	return ReadBallots("b.csv", strings.NewReader(text), "csv")
}

func readJSONLText(text string) ([]count.BallotRecord, error) {
	return ReadBallots("b.jsonl", strings.NewReader(text), "jsonl")
}

// inputError fails the test unless err is a *count.InputError.
func inputError(t *testing.T, err error) *count.InputError {
	t.Helper()
	var ie *count.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("want a *count.InputError, got %T: %v", err, err)
	}
	return ie
}

// wantError checks where an error points and what it says.
func wantError(t *testing.T, err error, origin, field string, msgHas ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want an error at %s, got none", origin)
	}
	ie := inputError(t, err)
	if ie.Origin != origin || ie.Field != field {
		t.Errorf("error %q: want origin %q field %q, got %q %q", err, origin, field, ie.Origin, ie.Field)
	}
	for _, s := range msgHas {
		if !strings.Contains(ie.Msg, s) {
			t.Errorf("error %q: want it to say %q", err, s)
		}
	}
}

func withoutOrigin(recs []count.BallotRecord) []count.BallotRecord {
	out := slices.Clone(recs)
	for i := range out {
		out[i].Origin = ""
	}
	return out
}

func TestBallotsCSV_MarksReadAsForAgainstAbstain(t *testing.T) {
	type want int
	const (
		abstain want = iota
		isFor
		against
	)
	for _, tc := range []struct {
		cell string
		want want
	}{
		{"○", isFor}, {"〇", isFor}, {"O", isFor}, {"o", isFor}, {"✓", isFor}, {"√", isFor},
		{"1", isFor}, {"for", isFor}, {"+", isFor}, {"赞成", isFor},
		{"FOR", isFor}, {"Ｏ", isFor}, {"１", isFor}, {" ○ ", isFor},
		{"×", against}, {"x", against}, {"X", against}, {"✗", against}, {"-1", against},
		{"-", against}, {"against", against}, {"反对", against}, {"Against", against}, {"－", against},
		{"", abstain}, {"0", abstain}, {"abstain", abstain}, {"弃权", abstain}, {"  ", abstain},
	} {
		t.Run(tc.cell, func(t *testing.T) {
			// 乙 is marked ○ on every row so that no row is entirely empty.
			recs, err := readCSVText("office,甲,乙\n书记," + tc.cell + ",○\n")
			if err != nil {
				t.Fatal(err)
			}
			r := recs[0]
			got := abstain
			switch {
			case slices.Contains(r.For, "甲"):
				got = isFor
			case slices.Contains(r.Against, "甲"):
				got = against
			}
			if got != tc.want {
				t.Errorf("cell %q: want mark %d (0 abstain, 1 for, 2 against), got %d: %+v", tc.cell, tc.want, got, r)
			}
		})
	}
}

func TestBallotsCSV_BadMarkNamesLineAndColumn(t *testing.T) {
	_, err := readCSVText("office,甲,乙\n书记,○,×\n书记,○,?\n")
	want := `b.csv:3: 乙: "?" is not a mark: for is ○ 〇 O o ✓ √ 1 for + 赞成; against is × x X ✗ -1 - against 反对; abstain is an empty cell, 0, abstain or 弃权`
	if err == nil || err.Error() != want {
		t.Fatalf("want\n%s\ngot\n%v", want, err)
	}
	inputError(t, err)

	// A misspelt fixed column reads as a candidate; the error says so.
	_, err = readCSVText("office,甲,wirte_in\n书记,○,刘强\n")
	wantError(t, err, "b.csv:2", "wirte_in", `"刘强" is not a mark`, `if this column is not a candidate, did you mean "write_in"?`)
}

func TestBallotsCSV_ChineseHeaderAliases(t *testing.T) {
	text := "职务,轮次,票号,来源,甲,乙,另选他人,另选未标记,无效,备注\n" +
		"书记,2,17,党员,○,×,刘强；王芳,赵六、钱七,超选,写了三个名字\n"
	recs, err := readCSVText(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []count.BallotRecord{{
		Origin: "b.csv:2", Office: "书记", Round: 2, Number: 17, Source: "党员",
		For: []string{"甲"}, Against: []string{"乙"},
		WriteIns: []string{"刘强", "王芳"}, WriteInsUnmarked: []string{"赵六", "钱七"},
		Invalid: count.ReasonOverVote, Note: "写了三个名字",
	}}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("want %+v\ngot  %+v", want, recs)
	}

	// English headers in any case, with spaces or hyphens, and the JSON keys.
	recs, err = readCSVText(" Office ,ROUND,Ballot,甲,Write-In,write ins unmarked,Invalid,NOTE\n书记,1,3,○,刘强,,identifying-mark,签了名\n")
	if err != nil {
		t.Fatal(err)
	}
	if r := recs[0]; r.Office != "书记" || r.Round != 1 || r.Number != 3 || !slices.Equal(r.WriteIns, []string{"刘强"}) || r.Invalid != count.ReasonIdentifyingMark || r.Note != "签了名" {
		t.Errorf("English headers misread: %+v", r)
	}

	for alias, want := range map[string]count.Reason{
		"超选": count.ReasonOverVote, "可辨认记号": count.ReasonIdentifyingMark, "无法辨认": count.ReasonUnreadable,
		"一人两职": count.ReasonTwoOffices, "其他": count.ReasonOther, "over-vote": count.ReasonOverVote, "Unreadable": count.ReasonUnreadable,
	} {
		recs, err := readCSVText("office,无效\n书记," + alias + "\n")
		if err != nil {
			t.Fatal(err)
		}
		if recs[0].Invalid != want {
			t.Errorf("invalid %q: want %v, got %v", alias, want, recs[0].Invalid)
		}
	}
}

func TestBallotsCSV_BOMStripped(t *testing.T) {
	recs, err := readCSVText("\ufeffoffice,甲\r\n书记,○\r\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []count.BallotRecord{{Origin: "b.csv:2", Office: "书记", For: []string{"甲"}}}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("a BOM before the header: want %+v, got %+v", want, recs)
	}
}

func TestBallotsCSV_QuotedMultilineKeepsLineNumbers(t *testing.T) {
	text := "office,甲,note\n" +
		"书记,○,\"第一行\n第二行\r\n第三行\"\n" + // lines 2-4
		"\n" + // line 5: empty, skipped
		"书记,×,\n" + // line 6
		",,\n" + // line 7: no cell filled, skipped
		"书记,?,\"a\nb\"\n" // line 8
	_, err := readCSVText(text)
	wantError(t, err, "b.csv:8", "甲", `"?" is not a mark`)

	recs, err := readCSVText(strings.TrimSuffix(text, "书记,?,\"a\nb\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	var origins []string
	for _, r := range recs {
		origins = append(origins, r.Origin)
	}
	if want := []string{"b.csv:2", "b.csv:6"}; !slices.Equal(origins, want) {
		t.Errorf("want records at %v, got %v", want, origins)
	}
	if want := "第一行\n第二行\n第三行"; recs[0].Note != want {
		t.Errorf("multi-line note: want %q, got %q", want, recs[0].Note)
	}

	// A quote left open names the line where the cell starts.
	_, err = readCSVText("office,甲,note\n书记,○,\"unclosed\n书记,○,\n书记,○,\n")
	wantError(t, err, "b.csv:2", "", "starts on this line and is not closed properly (the problem shows at line 4)")
}

func TestBallotsCSV_FileErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text    string
		origin, field string
		msgHas        []string
	}{
		{"empty file", "", "b.csv:1", "", []string{"the file is empty", "header row"}},
		{"duplicate column", "office,甲,乙,甲\n", "b.csv:1", "甲", []string{"names this column twice (columns 2 and 4)"}},
		{"duplicate by alias", "office,甲,职务\n", "b.csv:1", "职务", []string{"twice (columns 1 and 3)"}},
		{"no header row", "书记,1,17,○,×\n", "b.csv:1", "1", []string{"not a column's name", "the first row must name the columns"}},
		{"semicolons", "office;甲;乙\n书记;○;×\n", "b.csv:1", "", []string{"separate the columns with commas"}},
		{"short row", "office,甲,乙\n书记,○\n", "b.csv:2", "", []string{"this row has 2 cells but the header row has 3 columns"}},
		{"long row", "office,甲\n书记,○,×\n", "b.csv:2", "", []string{"3 cells", "has 2 columns", "double quotes"}},
		{"round zero", "office,round,甲\n书记,0,○\n", "b.csv:2", "round", []string{`1 or more`, `(got "0")`}},
		{"round word", "office,轮次,甲\n书记,二,○\n", "b.csv:2", "轮次", []string{`(got "二")`}},
		{"ballot negative", "office,ballot,甲\n书记,-3,○\n", "b.csv:2", "ballot", []string{`ballot's number`, `(got "-3")`}},
		{"unknown reason", "office,invalid\n书记,overvote\n", "b.csv:2", "invalid", []string{`unknown reason "overvote"`, `did you mean "over-vote"?`, "超选"}},
		{"unnamed column", "office,甲,\n书记,○,\n书记,○,李四\n", "b.csv:3", "column 3", []string{`"李四" is under a column with no name`}},
		{"GBK", "office,\xbc\xd7\n", "b.csv:1", "", []string{"not UTF-8", "GBK", "CSV UTF-8"}},
		{"GBK in a row", "office,甲\n\xca\xe9\xbc\xc7,○\n", "b.csv:2", "office", []string{"not UTF-8"}},
		{"bare quote", "office,note\n书记,他说\"对\"\n", "b.csv:2", "", []string{`a " in the middle of a cell`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs, err := readCSVText(tc.text)
			wantError(t, err, tc.origin, tc.field, tc.msgHas...)
			if recs != nil {
				t.Errorf("records returned with an error: %+v", recs)
			}
		})
	}
}

func TestBallotsCSV_HeaderOnlyAndUnnamedColumns(t *testing.T) {
	recs, err := readCSVText("office,甲,乙\n")
	if err != nil || recs != nil {
		t.Errorf("a header and no ballots: want no records and no error, got %+v, %v", recs, err)
	}
	// Trailing columns with no name, as a spreadsheet leaves, are fine
	// while empty; a blank ballot is a row with an office and no marks.
	recs, err = readCSVText("office,甲,乙,,\n书记,,,,\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []count.BallotRecord{{Origin: "b.csv:2", Office: "书记"}}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("blank ballot: want %+v, got %+v", want, recs)
	}
}

func TestBallotsJSONL_UnknownKeySuggests(t *testing.T) {
	for _, tc := range []struct {
		line, key, says string
	}{
		{`{"office":"书记","fro":["甲"]}`, "fro", `unknown key (did you mean "for"?)`},
		{`{"writeins":["刘强"]}`, "writeins", `did you mean "write_ins"?`},
		{`{"Office":"书记"}`, "Office", `did you mean "office"?`},
		{`{"candidate":"甲"}`, "candidate", "known: against, ballot, for, invalid, note, office, ranks, round, source, write_ins, write_ins_unmarked"},
	} {
		t.Run(tc.key, func(t *testing.T) {
			// The first line is blank: it is skipped but still counted.
			recs, err := readJSONLText("\n" + tc.line + "\n")
			wantError(t, err, "b.jsonl:2", tc.key, tc.says)
			if recs != nil {
				t.Errorf("records returned with an error: %+v", recs)
			}
		})
	}
}

func TestBallotsJSONL_WrongTypeNamesKey(t *testing.T) {
	for _, tc := range []struct {
		line, key string
		says      []string
	}{
		{`{"for":"甲"}`, "for", []string{`expected a list of names, such as ["张三", "李四"], got a string: "甲"`}},
		{`{"against":{"乙":1}}`, "against", []string{"expected a list of names", "got an object"}},
		{`{"for":["甲",2]}`, "for", []string{"item 2: expected a name in quotes, got a number: 2"}},
		{`{"for":["甲"," "]}`, "for", []string{"item 2 is an empty name"}},
		{`{"office":1}`, "office", []string{"expected the office's name", "got a number"}},
		{`{"round":"1"}`, "round", []string{"expected the round's number, a whole number such as 17", `got a string: "1"`}},
		{`{"ballot":1.5}`, "ballot", []string{"expected the ballot's number, a whole number such as 17", "got 1.5"}},
		{`{"ballot":-2}`, "ballot", []string{"1 or more", "got -2"}},
		{`{"invalid":true}`, "invalid", []string{"expected a reason in quotes", "got true/false"}},
		{`{"invalid":"overvote"}`, "invalid", []string{`did you mean "over-vote"?`}},
		{`{"note":["a"]}`, "note", []string{"got a list"}},
		{`{"office":"书记","office":"副书记"}`, "office", []string{"given twice"}},
	} {
		t.Run(tc.line, func(t *testing.T) {
			_, err := readJSONLText(`{"office":"书记"}` + "\n" + tc.line + "\n")
			wantError(t, err, "b.jsonl:2", tc.key, tc.says...)
		})
	}
}

func TestBallotsJSONL_LineErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		says       []string
	}{
		{"not an object", "\"书记\"\n", []string{"expected one JSON object on the line"}},
		{"array", `[{"office":"书记"}]` + "\n", []string{"looks like a JSON array"}},
		{"spread over lines", "{\n\"office\":\"书记\"}\n", []string{"must be put on one line"}},
		{"broken", `{"office":"书记",}` + "\n", []string{"expected one JSON object", "invalid character"}},
		{"two objects", `{"office":"书记"}{"office":"书记"}` + "\n", []string{"more than one JSON value"}},
		{"GBK", "{\"office\":\"\xca\xe9\xbc\xc7\"}\n", []string{"not UTF-8"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs, err := readJSONLText(tc.text)
			wantError(t, err, "b.jsonl:1", "", tc.says...)
			if recs != nil {
				t.Errorf("records returned with an error: %+v", recs)
			}
		})
	}
}

func TestBallotsJSONL_LinesAndNulls(t *testing.T) {
	long := strings.Repeat("很长的备注", 300_000) // 4.5 MB on one line
	text := "\ufeff" + `{"office":"书记","round":1,"ballot":17,"for":["甲"],"against":["乙"],"write_ins":["刘强",""],"invalid":"","note":""}` + "\r\n" +
		"\r\n" +
		`{"office":"书记","round":null,"for":null,"note":"` + long + `"}` + "\n" +
		`  {"office":" 书记 ","ballot":1e1}  ` // no final newline
	recs, err := readJSONLText(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []count.BallotRecord{
		{Origin: "b.jsonl:1", Office: "书记", Round: 1, Number: 17, For: []string{"甲"}, Against: []string{"乙"}, WriteIns: []string{"刘强"}},
		{Origin: "b.jsonl:3", Office: "书记", Note: long},
		{Origin: "b.jsonl:4", Office: "书记", Number: 10},
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("want %.200v\ngot  %.200v", want, recs)
	}
}

// roundTripElection is a village election on one paper, with a member
// who stands for two offices.
func roundTripElection() *count.Election {
	return &count.Election{
		Offices: []count.Office{
			{Name: "主任", Seats: 1, Candidates: []string{"张伟", "王芳"}},
			{Name: "副主任", Seats: 1, Candidates: []string{"李娜", "刘洋"}},
			{Name: "委员", Seats: 2, Candidates: []string{"王芳", "陈静", "杨军", "赵敏"}},
		},
		Papers: []count.Paper{{Name: "村委会", Offices: []string{"主任", "副主任", "委员"}}},
	}
}

func roundTripRecords() []count.BallotRecord {
	return []count.BallotRecord{
		{Office: "主任", Round: 1, Number: 1, For: []string{"张伟"}, Against: []string{"王芳"}},
		{Office: "副主任", Round: 1, Number: 1, For: []string{"刘洋"}, WriteIns: []string{"孙丽"}},
		{Office: "委员", Round: 1, Number: 1, For: []string{"陈静", "赵敏"}, Against: []string{"杨军"}},
		// Ballot 2: the member section is over-voted, the rest stands.
		{Office: "主任", Round: 1, Number: 2, For: []string{"王芳"}},
		{Office: "副主任", Round: 1, Number: 2},
		{Office: "委员", Round: 1, Number: 2, For: []string{"王芳", "陈静", "杨军"}, Invalid: count.ReasonOverVote, Note: "三个○, 两个席位"},
		// Ballot 3: signed, so the whole paper is void.
		{Office: "村委会", Round: 1, Number: 3, Invalid: count.ReasonIdentifyingMark, Note: "背面签名\n经监票人确认"},
		// A later round with a name carried over from outside the lists.
		{Office: "委员", Round: 2, Number: 1, For: []string{"杨军", "周涛"}, WriteInsUnmarked: []string{"吴刚", "郑洁"}, Source: "群众"},
		{Office: "委员", Round: 2, Number: 2, Against: []string{"周涛"}, Invalid: count.ReasonOther, Note: "\"涂改\", 见原票"},
	}
}

func TestBallots_RoundTrip(t *testing.T) {
	e, recs := roundTripElection(), roundTripRecords()

	var csvOut bytes.Buffer
	if err := WriteBallotsCSV(&csvOut, e, recs); err != nil {
		t.Fatal(err)
	}
	header, _, _ := strings.Cut(csvOut.String(), "\n")
	if want := "\ufeffoffice,round,ballot,source,张伟,王芳,李娜,刘洋,陈静,杨军,赵敏,周涛,write_in,write_in_unmarked,invalid,note"; header != want {
		t.Errorf("CSV header:\nwant %s\ngot  %s", want, header)
	}
	if !strings.Contains(csvOut.String(), "\n委员,2,1,群众,,,,,,○,,○,,吴刚、郑洁,,\n") {
		t.Errorf("CSV row not as a spreadsheet user expects:\n%s", csvOut.String())
	}
	got, err := ReadBallots("out.csv", &csvOut, "csv")
	if err != nil {
		t.Fatalf("reading back the CSV: %v", err)
	}
	if !reflect.DeepEqual(withoutOrigin(got), recs) {
		t.Errorf("CSV round trip:\nwant %+v\ngot  %+v", recs, withoutOrigin(got))
	}

	var jsonOut bytes.Buffer
	if err := WriteBallotsJSONL(&jsonOut, recs); err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(jsonOut.String(), "\n")
	if want := `{"office":"主任","round":1,"ballot":1,"for":["张伟"],"against":["王芳"]}`; first != want {
		t.Errorf("JSON Lines first line:\nwant %s\ngot  %s", want, first)
	}
	if n := strings.Count(jsonOut.String(), "\n"); n != len(recs) {
		t.Errorf("want one line per record (%d), got %d", len(recs), n)
	}
	got, err = ReadBallots("out.jsonl", &jsonOut, "jsonl")
	if err != nil {
		t.Fatalf("reading back the JSON Lines: %v", err)
	}
	if !reflect.DeepEqual(withoutOrigin(got), recs) {
		t.Errorf("JSON Lines round trip:\nwant %+v\ngot  %+v", recs, withoutOrigin(got))
	}
}

func TestWriteBallotsCSV_RefusesWhatCannotReadBack(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rec   count.BallotRecord
		field string
		says  string
	}{
		{"marked twice", count.BallotRecord{Office: "书记", For: []string{"甲"}, Against: []string{"甲"}}, "against", `"甲" is marked for and against`},
		{"separator in a write-in", count.BallotRecord{Office: "书记", WriteIns: []string{"刘强、王芳"}}, "write_in", "separate names"},
		{"name reads as a column", count.BallotRecord{Office: "书记", For: []string{"Note"}}, "for", "reads as the note column"},
		{"name reads as a mark", count.BallotRecord{Office: "书记", For: []string{"○"}}, "for", "reads as a mark"},
		{"empty record", count.BallotRecord{}, "", "an empty record cannot be a CSV row"},
		{"negative round", count.BallotRecord{Office: "书记", Round: -1}, "round", "got -1"},
		{"unknown reason", count.BallotRecord{Office: "书记", Invalid: count.Reason(42)}, "invalid", "no reason has the value 42"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			recs := []count.BallotRecord{{Office: "书记", Note: "no candidate column yet"}, tc.rec}
			err := WriteBallotsCSV(&out, nil, recs)
			wantError(t, err, "record 2", tc.field, tc.says)
			if out.Len() > 0 {
				t.Errorf("wrote %q before refusing", out.String())
			}
		})
	}
	// With a candidate column, a record with nothing in it is a blank
	// ballot, written as an abstention so that it is not skipped.
	var out bytes.Buffer
	recs := []count.BallotRecord{{Office: "书记", For: []string{"甲"}}, {}}
	if err := WriteBallotsCSV(&out, nil, recs); err != nil {
		t.Fatal(err)
	}
	if want := "\ufeffoffice,round,ballot,甲,write_in,write_in_unmarked,invalid,note\n书记,,,○,,,,\n,,,弃权,,,,\n"; out.String() != want {
		t.Errorf("blank ballot with no office:\nwant %q\ngot  %q", want, out.String())
	}
	if got, err := ReadBallots("out.csv", &out, "csv"); err != nil || !reflect.DeepEqual(withoutOrigin(got), recs) {
		t.Errorf("blank ballot with no office: want %+v back, got %+v, %v", recs, got, err)
	}

	// The JSON Lines writer refuses what has no code.
	err := WriteBallotsJSONL(&bytes.Buffer{}, []count.BallotRecord{{Origin: "x.csv:9", Invalid: count.Reason(-1)}})
	wantError(t, err, "x.csv:9", "invalid", "no reason has the value -1")
}

func TestBallots_NothingReturnedOnError(t *testing.T) {
	for _, tc := range []struct{ format, text string }{
		{"csv", "office,甲\n书记,○\n书记,×\n书记,?\n"},
		{"csv", "office,甲\n书记,○\n书记,○,×\n"},
		{"csv", "office,甲,note\n书记,○,\n书记,○,\"open\n"},
		{"jsonl", `{"office":"书记","for":["甲"]}` + "\n" + `{"office":"书记","fro":["甲"]}` + "\n"},
		{"jsonl", `{"office":"书记","for":["甲"]}` + "\n" + `not json` + "\n"},
		{"xml", "<ballots/>"},
	} {
		recs, err := ReadBallots("b", strings.NewReader(tc.text), tc.format)
		if err == nil || recs != nil {
			t.Errorf("%s %q: want an error and no records, got %d records, error %v", tc.format, tc.text, len(recs), err)
		}
		inputError(t, err)
	}
}

func TestReadBallotFile_FormatByExtension(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	csvText := "office,甲\n书记,○\n"
	jsonText := `{"office":"书记","for":["甲"]}` + "\n"
	for name, text := range map[string]string{"a.csv": csvText, "b.CSV": csvText, "c.jsonl": jsonText, "d.ndjson": jsonText, "e.json": jsonText} {
		p := write(name, text)
		recs, err := ReadBallotFile(p)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		want := []count.BallotRecord{{Origin: p + ":" + map[bool]string{true: "2", false: "1"}[text == csvText], Office: "书记", For: []string{"甲"}}}
		if !reflect.DeepEqual(recs, want) {
			t.Errorf("%s: want %+v, got %+v", name, want, recs)
		}
	}
	p := write("ballots.txt", csvText)
	_, err := ReadBallotFile(p)
	wantError(t, err, p, "", `".txt"`, ".csv", ".jsonl, .ndjson or .json")
	if _, err := ReadBallotFile(filepath.Join(dir, "missing.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: want an error that is os.ErrNotExist, got %v", err)
	}
}

// csvElectionFromHeader lists a CSV's candidate columns as one office, so
// that writing keeps the columns in the order they were read.
func csvElectionFromHeader(data []byte) *count.Election {
	cr := csv.NewReader(skipBOM(bytes.NewReader(data)))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	row, err := cr.Read()
	if err != nil {
		return nil
	}
	cols, err := readCSVHeader("", row)
	if err != nil {
		return nil
	}
	var names []string
	for _, c := range cols {
		if c.kind == colCandidate {
			names = append(names, c.header)
		}
	}
	return &count.Election{Offices: []count.Office{{Name: "x", Candidates: names}}}
}

func FuzzReadBallotsCSV(f *testing.F) {
	var seed bytes.Buffer
	if err := WriteBallotsCSV(&seed, roundTripElection(), roundTripRecords()); err != nil {
		f.Fatal(err)
	}
	f.Add(seed.Bytes())
	f.Add([]byte("职务,轮次,票号,来源,甲,乙,另选他人,另选未标记,无效,备注\n书记,2,17,党员,○,×,刘强；王芳,赵六、钱七,超选,\"多行\r\n备注\"\n"))
	f.Add([]byte("\ufeffoffice,甲,,\n书记,Ｏ,,\n,,,\n"))
	seed.Reset()
	if err := WriteBallotsCSV(&seed, nil, rankedRecords()); err != nil {
		f.Fatal(err)
	}
	f.Add(seed.Bytes())
	f.Add([]byte("office,第２位,Rank 1,choice3\n书记,乙＝丙,#OVERVOTE,\n书记,,甲 ,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := ReadBallots("f.csv", bytes.NewReader(data), "csv")
		if err != nil {
			if recs != nil {
				t.Fatalf("records returned with an error: %v", err)
			}
			inputError(t, err)
			return
		}
		var out bytes.Buffer
		if err := WriteBallotsCSV(&out, csvElectionFromHeader(data), recs); err != nil {
			t.Fatalf("records read from a CSV cannot be written back: %v", err)
		}
		again, err := ReadBallots("f.csv", bytes.NewReader(out.Bytes()), "csv")
		if err != nil {
			t.Fatalf("what was written does not read back: %v\n%s", err, out.String())
		}
		if !reflect.DeepEqual(withoutOrigin(again), withoutOrigin(recs)) {
			t.Fatalf("round trip changed the records:\nread  %+v\nagain %+v\nwritten:\n%s", recs, again, out.String())
		}
	})
}

func FuzzReadBallotsJSONL(f *testing.F) {
	var seed bytes.Buffer
	if err := WriteBallotsJSONL(&seed, roundTripRecords()); err != nil {
		f.Fatal(err)
	}
	f.Add(seed.Bytes())
	f.Add([]byte(`{"office":"书记","round":1,"ballot":17,"for":["甲"],"against":["乙"],"write_ins":["刘强"],"write_ins_unmarked":[],"invalid":"","note":"","source":""}` + "\n\n"))
	f.Add([]byte(`{"fro":1}` + "\n" + `[1]`))
	seed.Reset()
	if err := WriteBallotsJSONL(&seed, rankedRecords()); err != nil {
		f.Fatal(err)
	}
	f.Add(seed.Bytes())
	f.Add([]byte(`{"ranks":[["甲"],null,[" 乙","丙"],[]]}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := ReadBallots("f.jsonl", bytes.NewReader(data), "jsonl")
		if err != nil {
			if recs != nil {
				t.Fatalf("records returned with an error: %v", err)
			}
			inputError(t, err)
			return
		}
		var out bytes.Buffer
		if err := WriteBallotsJSONL(&out, recs); err != nil {
			t.Fatalf("records read cannot be written back: %v", err)
		}
		again, err := ReadBallots("f.jsonl", bytes.NewReader(out.Bytes()), "jsonl")
		if err != nil {
			t.Fatalf("what was written does not read back: %v\n%s", err, out.String())
		}
		if !reflect.DeepEqual(withoutOrigin(again), withoutOrigin(recs)) {
			t.Fatalf("round trip changed the records:\nread  %+v\nagain %+v\nwritten:\n%s", recs, again, out.String())
		}
	})
}

// docBlock is a fenced block of docs/ballot-files.md: its info string
// ("csv", "jsonl bad", "text") and its text.
type docBlock struct{ info, text string }

func docBlocks(t *testing.T, doc string) []docBlock {
	t.Helper()
	var out []docBlock
	var cur *docBlock
	for line := range strings.Lines(doc) {
		if info, ok := strings.CutPrefix(line, "```"); ok {
			if cur == nil {
				cur = &docBlock{info: strings.TrimSpace(info)}
			} else {
				out = append(out, *cur)
				cur = nil
			}
			continue
		}
		if cur != nil {
			cur.text += line
		}
	}
	if cur != nil {
		t.Fatalf("docs/ballot-files.md: a ``` block is not closed")
	}
	return out
}

// TestBallotFilesDoc keeps docs/ballot-files.md honest: its examples read
// as it says, the CSV and JSON Lines examples give the same ballots, its
// error messages are the program's, and its tables of marks and reasons
// are the reader's.
func TestBallotFilesDoc(t *testing.T) {
	b, err := os.ReadFile("../docs/ballot-files.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	blocks := docBlocks(t, doc)
	var csvRecs, jsonRecs [][]count.BallotRecord
	blts := 0
	for i, bl := range blocks {
		format, bad := strings.CutSuffix(bl.info, " bad")
		if format == "blt" {
			blts++
			checkBLTDoc(t, doc, bl.text, bad, blocks[i+1:])
			continue
		}
		if format != "csv" && format != "jsonl" {
			continue
		}
		recs, err := ReadBallots("ballots."+format, strings.NewReader(bl.text), format)
		if bad {
			if i+1 == len(blocks) || blocks[i+1].info != "text" {
				t.Fatalf("the bad %s example %q is not followed by its error in a text block", format, bl.text)
			}
			if want := strings.TrimSpace(blocks[i+1].text); err == nil || err.Error() != want {
				t.Errorf("the doc says reading\n%s\ngives\n%s\nbut it gives\n%v", bl.text, want, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("the %s example\n%s\ndoes not read: %v", format, bl.text, err)
			continue
		}
		if format == "csv" {
			csvRecs = append(csvRecs, withoutOrigin(recs))
		} else {
			jsonRecs = append(jsonRecs, withoutOrigin(recs))
		}
	}
	if blts < 2 {
		t.Errorf("want a BLT example and a bad one, got %d BLT blocks", blts)
	}
	if len(csvRecs) != len(jsonRecs) || len(csvRecs) < 4 {
		t.Fatalf("want each CSV example paired with a JSON Lines one; got %d and %d", len(csvRecs), len(jsonRecs))
	}
	for i := range csvRecs {
		if !reflect.DeepEqual(csvRecs[i], jsonRecs[i]) {
			t.Errorf("CSV example %d and JSON Lines example %d differ:\n%+v\n%+v", i+1, i+1, csvRecs[i], jsonRecs[i])
		}
	}

	// The marks table lists, in backquotes, exactly the reader's marks.
	tokens := func(row string) string {
		var out []string
		for i, part := range strings.Split(row, "`") {
			if i%2 == 1 {
				out = append(out, part)
			}
		}
		return strings.Join(out, " ")
	}
	for _, want := range []struct{ row, marks string }{
		{"| for |", forMarks}, {"| against |", againstMarks}, {"| abstain |", abstainMarks},
	} {
		i := strings.Index(doc, "\n"+want.row)
		if i < 0 {
			t.Errorf("the marks table has no row %q", want.row)
			continue
		}
		row, _, _ := strings.Cut(doc[i+1:], "\n")
		if got := tokens(row); got != want.marks {
			t.Errorf("the doc lists %s marks %q; the reader accepts %q", want.row, got, want.marks)
		}
	}

	// The reasons table lists every code with its Chinese alias.
	_, reasons, _ := strings.Cut(doc, "## Invalid reasons")
	reasons, _, _ = strings.Cut(reasons, "<!-- reasons")
	var codes []string
	for line := range strings.Lines(reasons) {
		cells := strings.Split(line, "|")
		if len(cells) < 3 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		code := strings.Trim(strings.TrimSpace(cells[1]), "`")
		codes = append(codes, code)
		zh := strings.TrimSpace(cells[2])
		if r, err := count.ParseReason(code); err != nil || reasonAliases[zh] != r {
			t.Errorf("the doc gives %s as %s; the reader reads %s as %v", code, zh, zh, reasonAliases[zh])
		}
	}
	if !slices.Equal(codes, count.ReasonCodes()) {
		t.Errorf("the doc lists reasons %v; the count has %v", codes, count.ReasonCodes())
	}
}

// checkBLTDoc checks a BLT example of the doc: a bad one gives the error
// in the text block after it; a good one reads, writes back as it reads,
// and has as many papers as the doc says.
func checkBLTDoc(t *testing.T, doc, text string, bad bool, after []docBlock) {
	t.Helper()
	f, err := ReadBLT("ballots.blt", strings.NewReader(text))
	if bad {
		if len(after) == 0 || after[0].info != "text" {
			t.Fatalf("the bad BLT example %q is not followed by its error in a text block", text)
		}
		if want := strings.TrimSpace(after[0].text); err == nil || err.Error() != want {
			t.Errorf("the doc says reading\n%s\ngives\n%s\nbut it gives\n%v", text, want, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("the BLT example does not read: %v", err)
	}
	var out bytes.Buffer
	if err := WriteBLT(&out, f); err != nil {
		t.Fatalf("the BLT example cannot be written back: %v", err)
	}
	if again, err := ReadBLT("again.blt", &out); err != nil || !reflect.DeepEqual(again, f) {
		t.Errorf("the BLT example written back reads as %+v, %v; want %+v", again, err, f)
	}
	var papers int64
	for _, b := range f.Ballots {
		papers += b.Count
	}
	if want := fmt.Sprintf("The example has %d papers", papers); !strings.Contains(doc, want) {
		t.Errorf("the BLT example has %d papers: the doc should say %q", papers, want)
	}
}

// An empty row between ballots may be a blank ballot keyed as nothing:
// refused with its line, so the ballots cast cannot silently change.
// Empty rows after the last ballot are what spreadsheets leave, and pass.
func TestBallotsCSV_EmptyRowBetweenBallotsRefused(t *testing.T) {
	_, err := ReadBallots("b.csv", strings.NewReader("甲,乙\n○,\n,\n○,\n"), "csv")
	var in *count.InputError
	if !errors.As(err, &in) || in.Origin != "b.csv:3" || !strings.Contains(in.Msg, "弃权") {
		t.Fatalf("want an error at b.csv:3 saying how to key a blank ballot, got %v", err)
	}
	recs, err := ReadBallots("b.csv", strings.NewReader("甲,乙\n○,\n弃权,\n,\n,\n"), "csv")
	if err != nil || len(recs) != 2 {
		t.Fatalf("trailing empty rows: %d records, %v", len(recs), err)
	}
}

func TestBallotsCSV_RankColumns(t *testing.T) {
	// Rank columns under any of their names, in any order; a cell is a
	// name, names joined with = or ＝, nothing, or the overvote marker.
	text := "office,第３位,Rank 2,RANK_1,choice4,第5位,note\n" +
		"村民代表,李娜,,张伟,,,第二位空着\n" +
		"村民代表,,王芳＝李娜,张伟 = 赵敏,,,\n" +
		"村民代表,,,#OVERVOTE,赵敏,,\n" +
		"村民代表,,,王芳,,,\n" +
		"村民代表,,,,,,没有标任何名字\n"
	recs, err := readCSVText(text)
	if err != nil {
		t.Fatal(err)
	}
	want := [][][]string{
		{{"张伟"}, nil, {"李娜"}},
		{{"张伟", "赵敏"}, {"王芳", "李娜"}},
		{{"#overvote"}, nil, nil, {"赵敏"}},
		{{"王芳"}},
		nil,
	}
	for i, r := range recs {
		if !reflect.DeepEqual(r.Ranks, want[i]) || r.For != nil {
			t.Errorf("row %d: want ranks %q, got %q (for %q)", i+2, want[i], r.Ranks, r.For)
		}
	}
	if len(recs) != len(want) {
		t.Errorf("want %d records, got %d", len(want), len(recs))
	}
}

func TestBallotsCSV_RankErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text    string
		origin, field string
		says          string
	}{
		{"candidate beside ranks", "office,rank1,rank2,张伟\n村民代表,张伟,王芳,\n", "b.csv:1", "张伟", `so "张伟" cannot be a candidate's column`},
		{"rank left out", "office,rank1,rank3\n村民代表,张伟,王芳\n", "b.csv:1", "rank3", "there is no column for rank 2"},
		{"rank twice", "office,rank1,第1位\n村民代表,张伟,王芳\n", "b.csv:1", "第1位", "names this column twice (columns 2 and 3)"},
		{"empty beside =", "office,rank1\n村民代表,张伟=\n", "b.csv:2", "rank1", `"张伟=" has an empty name beside =`},
		{"spaces beside =", "office,rank1\n村民代表,张伟= =王芳\n", "b.csv:2", "rank1", "name 2 is empty"},
		{"name twice in a rank", "office,rank1\n村民代表,张伟=张伟\n", "b.csv:2", "rank1", `"张伟" is given twice in one rank`},
		{"marker beside names", "office,rank1,rank2\n村民代表,王芳,#overvote=张伟\n", "b.csv:2", "rank2", "#overvote stands alone"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs, err := readCSVText(tc.text)
			wantError(t, err, tc.origin, tc.field, tc.says)
			if recs != nil {
				t.Errorf("records returned with an error: %+v", recs)
			}
		})
	}
}

func TestBallotsJSONL_Ranks(t *testing.T) {
	recs, err := readJSONLText(`{"office":"村民代表","ranks":[["张伟"],[],[" 王芳 ","李娜"],null,[]]}` + "\n" +
		`{"office":"村民代表","ranks":[[],[]]}` + "\n" +
		`{"office":"村民代表","ranks":[["#Overvote"],["赵敏"]],"write_ins":["刘强"]}` + "\n")
	if err != nil {
		t.Fatal(err)
	}
	want := [][][]string{{{"张伟"}, nil, {"王芳", "李娜"}}, nil, {{"#overvote"}, {"赵敏"}}}
	for i, r := range recs {
		if !reflect.DeepEqual(r.Ranks, want[i]) {
			t.Errorf("line %d: want ranks %q, got %q", i+1, want[i], r.Ranks)
		}
	}
	if !slices.Equal(recs[2].WriteIns, []string{"刘强"}) {
		t.Errorf("a write-in beside ranks lost: %+v", recs[2])
	}

	for _, tc := range []struct{ line, says string }{
		{`{"ranks":"张伟"}`, `expected a list of ranks, each a list of names, such as [["甲"], [], ["乙", "丙"]], got a string`},
		{`{"ranks":["张伟","王芳"]}`, `rank 1: expected a list of names, got a string: "张伟" (a rank is a list even when it holds one name`},
		{`{"ranks":[1]}`, "rank 1: expected a list of names, such as [\"甲\"] or [] for a skipped rank, got a number"},
		{`{"ranks":[["张伟"],["王芳",2]]}`, "rank 2, item 2: expected a name in quotes, got a number"},
		{`{"ranks":[["张伟"," "]]}`, "rank 1: name 2 is empty"},
		{`{"ranks":[["张伟","张伟"]]}`, `rank 1: "张伟" is given twice in one rank`},
		{`{"ranks":[["#overvote","张伟"]]}`, "rank 1: #overvote stands alone"},
		{`{"for":["张伟"],"ranks":[["王芳"]]}`, "a ballot has marks (for, against) or ranks, not both"},
	} {
		t.Run(tc.line, func(t *testing.T) {
			recs, err := readJSONLText(tc.line + "\n")
			wantError(t, err, "b.jsonl:1", "ranks", tc.says)
			if recs != nil {
				t.Errorf("records returned with an error: %+v", recs)
			}
		})
	}
}

func rankedRecords() []count.BallotRecord {
	return []count.BallotRecord{
		{Office: "村民代表", Round: 1, Number: 1, Ranks: [][]string{{"张伟"}, {"王芳"}, {"李娜"}}},
		{Office: "村民代表", Round: 1, Number: 2, Ranks: [][]string{{"李娜", "王芳"}, nil, {"张伟"}}, Note: "两人都标了1, 第二位空着"},
		{Office: "村民代表", Round: 1, Number: 3, Ranks: [][]string{{"#overvote"}, {"赵敏"}}, WriteIns: []string{"刘强"}},
		{Office: "村民代表", Round: 1, Number: 4, Invalid: count.ReasonIdentifyingMark},
		{Office: "村民代表", Round: 1, Number: 5, Ranks: [][]string{{"Anne, Smith"}}, Source: "群众"},
	}
}

func TestBallots_RankedRoundTrip(t *testing.T) {
	recs := rankedRecords()
	var csvOut bytes.Buffer
	if err := WriteBallotsCSV(&csvOut, roundTripElection(), recs); err != nil {
		t.Fatal(err)
	}
	// The election's candidates get no columns: the names are in the ranks.
	want := "\ufeffoffice,round,ballot,source,rank1,rank2,rank3,write_in,write_in_unmarked,invalid,note\n" +
		"村民代表,1,1,,张伟,王芳,李娜,,,,\n" +
		"村民代表,1,2,,李娜=王芳,,张伟,,,,\"两人都标了1, 第二位空着\"\n" +
		"村民代表,1,3,,#overvote,赵敏,,刘强,,,\n" +
		"村民代表,1,4,,,,,,,identifying-mark,\n" +
		"村民代表,1,5,群众,\"Anne, Smith\",,,,,,\n"
	if csvOut.String() != want {
		t.Errorf("ranked CSV:\nwant %s\ngot  %s", want, csvOut.String())
	}
	got, err := ReadBallots("out.csv", &csvOut, "csv")
	if err != nil {
		t.Fatalf("reading back the CSV: %v", err)
	}
	if !reflect.DeepEqual(withoutOrigin(got), recs) {
		t.Errorf("CSV round trip:\nwant %+v\ngot  %+v", recs, withoutOrigin(got))
	}

	var jsonOut bytes.Buffer
	if err := WriteBallotsJSONL(&jsonOut, recs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(jsonOut.String(), `"ranks":[["李娜","王芳"],[],["张伟"]]`) {
		t.Errorf("a skipped rank is not written []:\n%s", jsonOut.String())
	}
	got, err = ReadBallots("out.jsonl", &jsonOut, "jsonl")
	if err != nil {
		t.Fatalf("reading back the JSON Lines: %v", err)
	}
	if !reflect.DeepEqual(withoutOrigin(got), recs) {
		t.Errorf("JSON Lines round trip:\nwant %+v\ngot  %+v", recs, withoutOrigin(got))
	}

	// Skipped ranks after the last marked one are not written, as the
	// readers drop them.
	jsonOut.Reset()
	trailing := []count.BallotRecord{{Office: "村民代表", Ranks: [][]string{{"张伟"}, nil, {}}}}
	if err := WriteBallotsJSONL(&jsonOut, trailing); err != nil {
		t.Fatal(err)
	}
	if want := `{"office":"村民代表","ranks":[["张伟"]]}` + "\n"; jsonOut.String() != want {
		t.Errorf("trailing skipped ranks: want %s, got %s", want, jsonOut.String())
	}
}

func TestWriteBallots_RefusesRanksThatCannotReadBack(t *testing.T) {
	for _, tc := range []struct {
		name       string
		recs       []count.BallotRecord
		origin     string
		field      string
		says       string
		jsonlToo   bool
		jsonlField string
	}{
		{"marks beside ranks", []count.BallotRecord{{Office: "书记", For: []string{"甲"}, Ranks: [][]string{{"乙"}}}}, "record 1", "ranks", "a ballot has marks (for, against) or ranks, not both", true, "ranks"},
		{"marked and ranked records", []count.BallotRecord{{Office: "书记", Ranks: [][]string{{"乙"}}}, {Origin: "m.csv:3", Office: "书记", For: []string{"甲"}}}, "m.csv:3", "for", "this record has marks and record 1 has ranks", false, ""},
		{"= in a name", []count.BallotRecord{{Office: "书记", Ranks: [][]string{{"乙"}, {"A=B"}}}}, "record 1", "ranks", `rank 2: "A=B" contains =`, false, ""},
		{"marker beside names", []count.BallotRecord{{Office: "书记", Ranks: [][]string{{"乙", "#overvote"}}}}, "record 1", "ranks", "rank 1: #overvote stands alone", true, "ranks"},
		{"empty name", []count.BallotRecord{{Office: "书记", Ranks: [][]string{{"乙"}, {""}}}}, "record 1", "ranks", "rank 2: name 1 is empty", true, "ranks"},
		{"blank ranked record", []count.BallotRecord{{Office: "书记", Ranks: [][]string{{"乙"}}}, {}}, "record 2", "", "an empty record cannot be a CSV row", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := WriteBallotsCSV(&out, nil, tc.recs)
			wantError(t, err, tc.origin, tc.field, tc.says)
			if out.Len() > 0 {
				t.Errorf("wrote %q before refusing", out.String())
			}
			if tc.jsonlToo {
				err := WriteBallotsJSONL(&out, tc.recs)
				wantError(t, err, tc.origin, tc.jsonlField, tc.says)
			}
		})
	}
}

// trimCell is TrimSpace made quick: it must trim exactly what TrimSpace
// trims, Chinese spaces included.
func TestTrimCell_IsTrimSpace(t *testing.T) {
	spaces := []string{" ", "\t", "\r\n", "\v", "\f", "\u0085", "\u00a0", "\u1680", "\u2002", "\u200a", "\u2028", "\u202f", "\u205f", "\u3000"}
	notSpaces := []string{"", "甲", "a", "\u200b", "\ufeff", "\u2060", "\u3001", "\xe3", "\xc2"}
	for _, a := range append(spaces, notSpaces...) {
		for _, b := range append(spaces, notSpaces...) {
			for _, s := range []string{a + "张伟" + b, a + b, a + "x" + b, a + "乙=丙" + b} {
				if got, want := trimCell(s), strings.TrimSpace(s); got != want {
					t.Errorf("trimCell(%q) = %q, TrimSpace gives %q", s, got, want)
				}
			}
		}
	}
}
