package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"tally/count"
)

// villageBLT is a village election written by hand as OpenSTV and the ERS
// write it: a byte order mark, Windows line ends, comments, a withdrawn
// candidate, a tie order, ballot IDs, equal and skipped ranks.
const villageBLT = "\ufeff# 村民代表选举：四人选二人\r\n" +
	"4 2   # 候选人，席位\r\n" +
	"-4    # 赵敏退出选举\r\n" +
	"[tie 3 1 2 4]\r\n" +
	"3 1 2 0\r\n" +
	"1 2=3 - 1 0     # 王芳、李娜并列第一，第二位空着\r\n" +
	"(b7) 1 4 0\r\n" +
	"\r\n" +
	"2 3 1 0\r\n" +
	"1 1 2 0         # 与第一行相同\r\n" +
	"1 2 - 0\r\n" +
	"0\r\n" +
	"\"张伟\"\r\n" +
	"\"王芳\"\r\n" +
	"\" 李娜 \"\r\n" +
	"\"赵敏\"\r\n" +
	"\"村民代表选举\"\r\n" +
	"\"东山村村委会\"\r\n"

func villageFile() *BLTFile {
	return &BLTFile{
		Title:      "村民代表选举",
		Seats:      2,
		Candidates: []string{"张伟", "王芳", "李娜", "赵敏"},
		Withdrawn:  []string{"赵敏"},
		TieOrder:   []string{"李娜", "张伟", "王芳", "赵敏"},
		Ballots: []count.Ranking{
			{Ranks: [][]int{{0}, {1}}, Count: 4},
			{Ranks: [][]int{{1, 2}, nil, {0}}, Count: 1},
			{Ranks: [][]int{{3}}, Count: 1},
			{Ranks: [][]int{{2}, {0}}, Count: 2},
			{Ranks: [][]int{{1}}, Count: 1},
		},
	}
}

// clubBLT is a club election as Droop and stv-rs write it: nicknames,
// [withdrawn] and [tie] by nickname, an option for the counting program,
// a candidate number beside nicknames, a # inside a name, and the source
// and comment strings Droop allows after the title.
const clubBLT = `5 3
[nick ann bob cat dan eve]
[tie cat ann bob dan eve]
[withdrawn eve]
[droop  meek arithmetic=fixed   precision=9 ]
4 ann bob=cat 0
2 dan 0
1 5 ann 0
0
"Ann Smith"
"Bob Jones"  "Cat Lee"
"Dan #4 Brown"   # the fourth Dan Brown in the club
"Eve O'Neil"
"Club committee 2024"
"minutes of the AGM"
"counted again after a recount"
`

func clubFile() *BLTFile {
	return &BLTFile{
		Title:      "Club committee 2024",
		Seats:      3,
		Candidates: []string{"Ann Smith", "Bob Jones", "Cat Lee", "Dan #4 Brown", "Eve O'Neil"},
		Withdrawn:  []string{"Eve O'Neil"},
		TieOrder:   []string{"Cat Lee", "Ann Smith", "Bob Jones", "Dan #4 Brown", "Eve O'Neil"},
		Options:    []string{"nick ann bob cat dan eve", "droop meek arithmetic=fixed precision=9"},
		Ballots: []count.Ranking{
			{Ranks: [][]int{{0}, {1, 2}}, Count: 4},
			{Ranks: [][]int{{3}}, Count: 2},
			{Ranks: [][]int{{4}, {0}}, Count: 1},
		},
	}
}

func readBLTText(t *testing.T, text string) *BLTFile {
	t.Helper()
	f, err := ReadBLT("t.blt", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestReadBLT_HandWrittenFiles(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       *BLTFile
	}{
		{"village, OpenSTV style", villageBLT, villageFile()},
		{"club, Droop style", clubBLT, clubFile()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := readBLTText(t, tc.text)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("want %+v\ngot  %+v", *tc.want, *got)
			}
		})
	}
}

// The writer's output is what Droop reads: numbers, = for equal ranks,
// the withdrawn as negative numbers, [tie], integer weights.
func TestWriteBLT_WritesWhatDroopReads(t *testing.T) {
	var out bytes.Buffer
	if err := WriteBLT(&out, villageFile()); err != nil {
		t.Fatal(err)
	}
	want := "4 2\n-4\n[tie 3 1 2 4]\n4 1 2 0\n1 2=3 - 1 0\n1 4 0\n2 3 1 0\n1 2 0\n0\n" +
		"\"张伟\"\n\"王芳\"\n\"李娜\"\n\"赵敏\"\n\"村民代表选举\"\n"
	if out.String() != want {
		t.Errorf("want\n%s\ngot\n%s", want, out.String())
	}

	// With nicknames, ballots and options use them, as stv-rs requires.
	out.Reset()
	if err := WriteBLT(&out, clubFile()); err != nil {
		t.Fatal(err)
	}
	want = "5 3\n[nick ann bob cat dan eve]\n[droop meek arithmetic=fixed precision=9]\n[withdrawn eve]\n[tie cat ann bob dan eve]\n" +
		"4 ann bob=cat 0\n2 dan 0\n1 eve ann 0\n0\n" +
		"\"Ann Smith\"\n\"Bob Jones\"\n\"Cat Lee\"\n\"Dan #4 Brown\"\n\"Eve O'Neil\"\n\"Club committee 2024\"\n"
	if out.String() != want {
		t.Errorf("want\n%s\ngot\n%s", want, out.String())
	}
}

func TestBLT_RoundTrip(t *testing.T) {
	for _, f := range []*BLTFile{villageFile(), clubFile(), {Seats: 1, Candidates: []string{"A"}}} {
		var out bytes.Buffer
		if err := WriteBLT(&out, f); err != nil {
			t.Fatal(err)
		}
		got := readBLTText(t, out.String())
		if !reflect.DeepEqual(got, f) {
			t.Errorf("write then read:\nwant %+v\ngot  %+v\nwritten:\n%s", *f, *got, out.String())
		}
	}
}

// Merging identical rankings changes nothing a count sees: the weights of
// every ranking add up to what the lines say, in order of first appearance.
func TestReadBLT_MergesIdenticalRankings(t *testing.T) {
	f := readBLTText(t, "3 1\n1 1 2 0\n5 3 0\n2 1 2 0\n1 1 2 - 0\n1 1 0\n1 3 - 0\n(x) 7 1 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"t\"\n")
	want := []count.Ranking{
		{Ranks: [][]int{{0}, {1}}, Count: 11},
		{Ranks: [][]int{{2}}, Count: 6},
		{Ranks: [][]int{{0}}, Count: 1},
	}
	if !reflect.DeepEqual(f.Ballots, want) {
		t.Errorf("want %+v, got %+v", want, f.Ballots)
	}
	// Equal ranks in another order are another ranking as written: the
	// file keeps what the paper says.
	f = readBLTText(t, "3 1\n1 1=2 0\n1 2=1 0\n1 0\n1 - 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"t\"\n")
	want = []count.Ranking{
		{Ranks: [][]int{{0, 1}}, Count: 1},
		{Ranks: [][]int{{1, 0}}, Count: 1},
		{Count: 2},
	}
	if !reflect.DeepEqual(f.Ballots, want) {
		t.Errorf("want %+v, got %+v", want, f.Ballots)
	}
}

func TestReadBLT_ErrorsNameLineAndExpectation(t *testing.T) {
	names3 := "0\n\"A\"\n\"B\"\n\"C\"\n\"t\"\n"
	for _, tc := range []struct {
		name, text string
		line       int
		says       string
	}{
		{"empty", "", 1, "the file is empty"},
		{"comment only", "# nothing\n\n", 2, "the file is empty"},
		{"header one number", "4\n", 1, `"4": expected the number of candidates and of seats, such as 4 2`},
		{"header words", "four two\n", 1, "expected the number of candidates and of seats"},
		{"no candidates", "0 1\n", 1, "0 candidates"},
		{"too many candidates", "70000 1\n", 1, "with 1 to 65535 candidates"},
		{"more seats than candidates", "2 3\n", 1, "3 seats for 2 candidates"},
		{"no ballots", "3 1\n", 1, "the file ends before its ballots"},
		{"withdrawn out of range", "3 1\n-4\n1 1 0\n" + names3, 2, `"-4" is not a withdrawn candidate`},
		{"withdrawn not a number", "3 1\n-2 x\n1 1 0\n" + names3, 2, `"x" is not a withdrawn candidate`},
		{"option not closed", "3 1\n[tie 1 2 3\n1 1 0\n" + names3, 2, "ends with ] on the same line"},
		{"empty option", "3 1\n[ ]\n1 1 0\n" + names3, 2, "an empty option"},
		{"tie leaves one out", "3 1\n[tie 1 2]\n1 1 0\n" + names3, 2, "[tie] leaves out candidate 3"},
		{"tie twice in one", "3 1\n[tie 1 1 2 3]\n1 1 0\n" + names3, 2, "[tie] lists candidate 1 twice"},
		{"tie line twice", "3 1\n[tie 1 2 3]\n[tie 3 2 1]\n1 1 0\n" + names3, 3, "a second [tie] line (the first is line 2)"},
		{"tie unknown", "3 1\n[tie 1 2 9]\n1 1 0\n" + names3, 2, `[tie]: "9" is not a candidate`},
		{"nick count", "3 1\n[nick a b]\n1 a 0\n" + names3, 2, "[nick] gives 2 nicknames for 3 candidates"},
		{"nick number", "3 1\n[nick a b 3]\n1 a 0\n" + names3, 2, `"3" cannot be a nickname: it reads as a candidate's number`},
		{"nick twice", "3 1\n[nick a b a]\n1 a 0\n" + names3, 2, `"a" is the nickname of candidates 1 and 3`},
		{"unknown nickname", "3 1\n[nick a b c]\n1 a zed 0\n" + names3, 3, `"zed" is not a candidate: expected a candidate's number, 1 to 3, or a nickname from [nick]`},
		{"no 0 at the end", "3 1\n1 1 2\n" + names3, 2, "the ballot does not end with 0"},
		{"candidate out of range", "3 1\n1 1 4 0\n" + names3, 2, `"4" is not a candidate: the candidates are numbered 1 to 3`},
		{"candidate zero in a group", "3 1\n1 1=0 0\n" + names3, 2, `"0" is not a candidate`},
		{"ranked twice", "3 1\n2 1 0\n1 1 2 1 0\n" + names3, 3, "candidate 1 is ranked twice on this ballot"},
		{"ranked twice equal", "3 1\n1 2=3=2 0\n" + names3, 2, "candidate 2 is ranked twice"},
		{"empty beside =", "3 1\n1 1= 0\n" + names3, 2, `"1=": a candidate is missing beside =`},
		{"weight zero", "3 1\n0 1 2 0\n" + names3, 2, "a ballot's weight is 1 or more; a line 0 alone ends the ballots"},
		{"fractional weight", "3 1\n1.5 1 2 0\n" + names3, 2, `"1.5" is not a ballot's weight`},
		{"weight too large", "3 1\n99999999999999999999 1 0\n" + names3, 2, `the weight "99999999999999999999" is too large`},
		{"weights overflow", "3 1\n9223372036854775807 1 0\n1 1 0\n" + names3, 3, "the weights of this ranking add up to more than 9223372036854775807"},
		{"two ballots on a line", "3 1\n1 1 2 0 1 3 0\n" + names3, 2, `"1" after the 0 that ends the ballot: one ballot to a line`},
		{"ID not closed", "3 1\n(b1 1 2 0\n" + names3, 2, "a ballot ID in ( ) is not closed"},
		{"ID weight zero", "3 1\n(b1) 0\n" + names3, 2, "a ballot's weight is 1 or more"},
		{"no end line", "3 1\n1 1 0\n\"A\"\n\"B\"\n\"C\"\n", 3, "a name where a ballot was expected: the ballots end with a line 0"},
		{"ends among ballots", "3 1\n1 1 0\n", 2, "the file ends among the ballots"},
		{"name missing", "3 1\n1 1 0\n0\n\"A\"\n\"B\"\n", 5, "the file ends where candidate 3's name should be"},
		{"name unquoted", "3 1\n1 1 0\n0\nAnn\n", 4, `"Ann": expected candidate 1's name in double quotes`},
		{"name not closed", "3 1\n1 1 0\n0\n\"A\"\n\"B\n", 5, "candidate 2's name has no closing double quote"},
		{"name empty", "3 1\n1 1 0\n0\n\"A\"\n\" \"\n", 5, "candidate 2's name is empty"},
		{"names the same", "3 1\n1 1 0\n0\n\"A\"\n\"B\"\n\"A\"\n\"t\"\n", 6, `candidate 3's name "A" is also candidate 1's`},
		{"no title", "3 1\n1 1 0\n0\n\"A\"\n\"B\"\n\"C\"\n", 6, "the file ends where the election's title should be"},
		{"title unquoted", "3 1\n1 1 0\n0\n\"A\"\n\"B\"\n\"C\"\nElection\n", 7, "expected the election's title in double quotes"},
		{"CR in a title", "1 1\n1 1 0\n0\n\"A\"\n\"B\rC\"\n", 5, "the election's title has a line break (CR) in it"},
		{"GBK name", "3 1\n1 1 0\n0\n\"\xd5\xc5\"\n\"B\"\n\"C\"\n\"t\"\n", 4, "not UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ReadBLT("t.blt", strings.NewReader(tc.text))
			wantError(t, err, fmt.Sprintf("t.blt:%d", tc.line), "", tc.says)
			if f != nil {
				t.Errorf("a file returned with an error: %+v", *f)
			}
		})
	}
}

// A ballot line may be as long as it needs to be: more than the reader's
// buffer holds.
func TestReadBLT_LongLines(t *testing.T) {
	const n = 30000
	var b strings.Builder
	fmt.Fprintf(&b, "%d 1\n1", n)
	for i := n; i >= 1; i-- {
		fmt.Fprintf(&b, " %d", i)
	}
	b.WriteString(" 0\n0\n")
	for i := range n {
		fmt.Fprintf(&b, "\"候选人%d\"\n", i+1)
	}
	b.WriteString("\"长选票\"\n")
	f := readBLTText(t, b.String())
	if len(f.Ballots) != 1 || len(f.Ballots[0].Ranks) != n || f.Ballots[0].Ranks[0][0] != n-1 || f.Ballots[0].Ranks[n-1][0] != 0 {
		t.Errorf("a %d-rank ballot misread", n)
	}
	if f.Candidates[n-1] != fmt.Sprintf("候选人%d", n) || f.Title != "长选票" {
		t.Errorf("names after a long line misread: %q, %q", f.Candidates[n-1], f.Title)
	}
}

func TestWriteBLT_RefusesWhatCannotReadBack(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(f *BLTFile)
		field  string
		says   string
	}{
		{"no candidates", func(f *BLTFile) { f.Candidates = nil }, "candidates", "1 to 65535 candidates, not 0"},
		{"no seats", func(f *BLTFile) { f.Seats = 0 }, "seats", "0 seats for 4 candidates"},
		{"empty name", func(f *BLTFile) { f.Candidates[1] = " " }, "candidates", "candidate 2's name \"\" cannot be written: it is empty"},
		{"quote in a name", func(f *BLTFile) { f.Candidates[1] = `王"芳"` }, "candidates", "double quote"},
		{"line break in title", func(f *BLTFile) { f.Title = "村民\n代表" }, "title", "line break"},
		{"same name twice", func(f *BLTFile) { f.Candidates[3] = "张伟" }, "candidates", `candidates 1 and 4 are both "张伟"`},
		{"withdrawn unknown", func(f *BLTFile) { f.Withdrawn = []string{"赵明"} }, "withdrawn", `"赵明" is not a candidate (did you mean "赵敏"?)`},
		{"withdrawn twice", func(f *BLTFile) { f.Withdrawn = []string{"赵敏", "赵敏"} }, "withdrawn", "withdrawn twice"},
		{"tie short", func(f *BLTFile) { f.TieOrder = f.TieOrder[:3] }, "tie", "leaves out candidate 4"},
		{"tie twice", func(f *BLTFile) { f.TieOrder[3] = "张伟" }, "tie", `"张伟" is in the tie order twice`},
		{"option tie", func(f *BLTFile) { f.Options = []string{"tie 1 2 3 4"} }, "options", "BLTFile fields of their own"},
		{"option with bracket", func(f *BLTFile) { f.Options = []string{"droop ]"} }, "options", "cannot be written as an option"},
		{"option spaces", func(f *BLTFile) { f.Options = []string{"droop  meek"} }, "options", "separated by one space"},
		{"bad nicknames", func(f *BLTFile) { f.Options = []string{"nick a b c"} }, "options", "gives 3 nicknames for 4 candidates"},
		{"weight zero", func(f *BLTFile) { f.Ballots[2].Count = 0 }, "ballot 3", "a weight of 0"},
		{"overvote marker", func(f *BLTFile) { f.Ballots[0].Ranks[1] = []int{count.OvervoteMark} }, "ballot 1", "overvoted without the names"},
		{"index out of range", func(f *BLTFile) { f.Ballots[4].Ranks[0][0] = 4 }, "ballot 5", "candidate index 4: expected 0 to 3"},
		{"ranked twice", func(f *BLTFile) { f.Ballots[1].Ranks[2][0] = 2 }, "ballot 2", `"李娜" is ranked twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := villageFile()
			tc.change(f)
			var out bytes.Buffer
			err := WriteBLT(&out, f)
			wantError(t, err, "", tc.field, tc.says)
			if out.Len() > 0 {
				t.Errorf("wrote %q before refusing", out.String())
			}
		})
	}
}

// The ballots of the peers' BLT files, as the conformance cases keep
// them (Droop's test files, the 2007 Glasgow wards, stv-rs's), go through
// the writer and the reader unchanged: real elections' rankings, weights,
// equal ranks, withdrawn candidates and tie orders.
func TestBLT_ConformanceBallotsRoundTrip(t *testing.T) {
	dir := os.Getenv("TALLY_CONFORMANCE")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "conformance", "ranked")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	tried := 0
	for _, path := range files {
		base := filepath.Base(path)
		if !strings.HasPrefix(base, "droop-") && !strings.HasPrefix(base, "stvrs-") {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			Seats      int
			Candidates []string
			Source     struct{ Title string }
			Rules      struct {
				Withdrawn []string
				TieOrder  []string `json:"tie_order"`
			}
			Ballots []struct {
				Ranks [][]string
				Count int64
			}
		}
		if err := json.Unmarshal(data, &c); err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		f := &BLTFile{Title: c.Source.Title, Seats: c.Seats, Candidates: c.Candidates, Withdrawn: c.Rules.Withdrawn, TieOrder: c.Rules.TieOrder}
		index := map[string]int{}
		for i, n := range c.Candidates {
			index[n] = i
		}
		for _, b := range c.Ballots {
			r := count.Ranking{Count: b.Count}
			for _, rank := range b.Ranks {
				var ix []int
				for _, n := range rank {
					ix = append(ix, index[n])
				}
				r.Ranks = append(r.Ranks, ix)
			}
			f.Ballots = append(f.Ballots, r)
		}
		if len(f.Withdrawn) == 0 {
			f.Withdrawn = nil
		}
		var out bytes.Buffer
		if err := WriteBLT(&out, f); err != nil {
			t.Errorf("%s: %v", base, err)
			continue
		}
		got, err := ReadBLT(base, &out)
		if err != nil {
			t.Errorf("%s: reading back: %v", base, err)
			continue
		}
		if !reflect.DeepEqual(got, f) {
			t.Errorf("%s: write then read changed the file:\nwant %+v\ngot  %+v", base, *f, *got)
		}
		tried++
	}
	if tried == 0 {
		t.Skipf("no Droop or stv-rs conformance cases in %s", dir)
	}
}

func FuzzReadBLT(f *testing.F) {
	f.Add([]byte(villageBLT))
	f.Add([]byte(clubBLT))
	f.Add([]byte("2 1\n1 1 - 2 0\n0\n\"A\"\n\"B\"\n\"\"\n"))
	f.Add([]byte("3 1\n[nick a b c]\n[withdrawn b]\n1 c=a 0\n0\n\"A\" \"B\" \"C\"\n\"t\" # x\n"))
	f.Add([]byte("1 1\n0\n\"0\"\"0\r0\""))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ReadBLT("f.blt", bytes.NewReader(data))
		if err != nil {
			if got != nil {
				t.Fatalf("a file returned with an error: %v", err)
			}
			inputError(t, err)
			return
		}
		var out bytes.Buffer
		if err := WriteBLT(&out, got); err != nil {
			t.Fatalf("a file read cannot be written back: %v", err)
		}
		again, err := ReadBLT("f.blt", bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatalf("what was written does not read back: %v\n%s", err, out.String())
		}
		if !reflect.DeepEqual(again, got) {
			t.Fatalf("round trip changed the file:\nread  %+v\nagain %+v\nwritten:\n%s", *got, *again, out.String())
		}
	})
}

// benchRankings makes n ranked ballots over 10 candidates, 1 to 5 ranks
// each, as a large election's would be: most rank few candidates, and
// the first preferences are uneven.
func benchRankings(n int) [][]int {
	rng := rand.New(rand.NewPCG(2026, 1))
	out := make([][]int, n)
	for i := range out {
		k := 1 + min(rng.IntN(6), 4)
		perm := rng.Perm(10)
		if rng.IntN(3) == 0 { // a favourite
			j := slices.Index(perm, 0)
			perm[0], perm[j] = perm[j], perm[0]
		}
		out[i] = perm[:k]
	}
	return out
}

func writeBenchFile(b *testing.B, name string, write func(w *bytes.Buffer)) string {
	b.Helper()
	var buf bytes.Buffer
	write(&buf)
	path := filepath.Join(b.TempDir(), name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkReadBLT1M reads a BLT file of a million ballot lines, one
// ballot each, as a scanner's export would be.
func BenchmarkReadBLT1M(b *testing.B) {
	path := writeBenchFile(b, "1m.blt", func(w *bytes.Buffer) {
		w.WriteString("10 3\n")
		for _, r := range benchRankings(1_000_000) {
			w.WriteString("1")
			for _, c := range r {
				fmt.Fprintf(w, " %d", c+1)
			}
			w.WriteString(" 0\n")
		}
		w.WriteString("0\n")
		for i := range 10 {
			fmt.Fprintf(w, "\"候选人%d\"\n", i+1)
		}
		w.WriteString("\"百万张选票\"\n")
	})
	b.ReportAllocs()
	for b.Loop() {
		fh, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		f, err := ReadBLT(path, fh)
		fh.Close()
		if err != nil {
			b.Fatal(err)
		}
		var total int64
		for _, r := range f.Ballots {
			total += r.Count
		}
		if total != 1_000_000 {
			b.Fatalf("read %d ballots", total)
		}
	}
}

// BenchmarkReadCSVRanked1M reads a ballot CSV of a million ranked ballots.
func BenchmarkReadCSVRanked1M(b *testing.B) {
	names := []string{"张伟", "王芳", "李娜", "刘洋", "陈静", "杨军", "赵敏", "黄磊", "周涛", "吴刚"}
	path := writeBenchFile(b, "1m.csv", func(w *bytes.Buffer) {
		w.WriteString("office,ballot,rank1,rank2,rank3,rank4,rank5\n")
		for i, r := range benchRankings(1_000_000) {
			fmt.Fprintf(w, "村民代表,%d", i+1)
			for k := range 5 {
				w.WriteByte(',')
				if k < len(r) {
					w.WriteString(names[r[k]])
				}
			}
			w.WriteByte('\n')
		}
	})
	b.ReportAllocs()
	for b.Loop() {
		recs, err := ReadBallotFile(path)
		if err != nil {
			b.Fatal(err)
		}
		if len(recs) != 1_000_000 {
			b.Fatalf("read %d records", len(recs))
		}
	}
}
