package report

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"tally/count"
	"tally/store"
	"tally/store/storetest"
)

// sheetFont is the font the PDF tests print with: the one FindCJKFont
// finds (on Debian CI, fonts-droid-fallback's). Without one, the test is
// skipped: there is nothing to print Chinese with; but not in CI, which
// installs one (.ci/run).
func sheetFont(t *testing.T) string {
	t.Helper()
	font, err := FindCJKFont()
	if err != nil {
		needTool(t, "no Chinese font on this machine (apt install fonts-droid-fallback): "+err.Error())
	}
	return font
}

// needTool skips a test for want of something the machine lacks, except
// in CI, where .ci/run installs it and the test must run.
func needTool(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatal("CI must run this test: " + why)
	}
	t.Skip(why)
}

var pdfLangs = []struct {
	code string
	lang Lang
}{{"zh", LangZH}, {"en", LangEN}, {"both", LangBoth}}

// exampleSheet is the count sheet of an example's count file.
func exampleSheet(t *testing.T, name string, lang Lang) (*store.Record, *Doc) {
	t.Helper()
	f, _ := storetest.Build(t, name)
	rec, err := f.Record()
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewSheet(rec, lang, SheetOptions{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	return rec, d
}

var pdfPageObj = regexp.MustCompile(`/Type\s*/Page\b`)

// Every example prints, in each language, as a PDF that a reader can
// search: every candidate of every round is on it with their votes.
func TestWritePDF_EveryExamplePrintsItsCandidatesAndVotes(t *testing.T) {
	font := sheetFont(t)
	for _, name := range storetest.Examples() {
		for _, l := range pdfLangs {
			t.Run(name+"-"+l.code, func(t *testing.T) {
				rec, d := exampleSheet(t, name, l.lang)
				var b bytes.Buffer
				if err := WritePDF(&b, d, font); err != nil {
					t.Fatal(err)
				}
				if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
					t.Fatalf("the output does not start with %%PDF-: %q", b.Bytes()[:min(16, b.Len())])
				}
				if n := len(pdfPageObj.FindAll(b.Bytes(), -1)); n < len(d.Pages) {
					t.Errorf("the PDF has %d pages, fewer than the sheet's %d", n, len(d.Pages))
				}
				t.Run("text", func(t *testing.T) {
					text := pdfText(t, b.Bytes())
					for _, want := range candidateFigures(rec) {
						if !rowHas(text, want[0], want[1]) {
							t.Errorf("no line of the PDF's text has %s with %s after it", want[0], want[1])
						}
					}
					if t.Failed() {
						t.Logf("the PDF's text:\n%s", text)
					}
				})
			})
		}
	}
}

// candidateFigures are every round's candidates, each with the figure
// its table puts first after the name: the for-votes (or votes), or in a
// ranked count the first round's votes.
func candidateFigures(rec *store.Record) [][2]string {
	var out [][2]string
	for _, rr := range rec.Rounds {
		if rr.Result == nil || rr.Result.Void {
			continue
		}
		for _, s := range rr.Result.Sections {
			for _, c := range s.Candidates {
				out = append(out, [2]string{c.Name, strconv.Itoa(c.For)})
			}
			if rc := s.Ranked; rc != nil {
				counts := [][]count.RankedRound{rc.Rounds}
				if len(rc.Passes) > 0 {
					counts = nil
					for _, p := range rc.Passes {
						counts = append(counts, p.Rounds)
					}
				}
				for _, rounds := range counts {
					if len(rounds) == 0 {
						continue
					}
					for _, v := range rounds[0].Votes {
						out = append(out, [2]string{v.Name, v.Votes})
					}
				}
			}
		}
	}
	return out
}

// pdfText is a PDF's text as pdftotext lays it out; the test is skipped
// where pdftotext (Debian's poppler-utils) is not installed.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		needTool(t, "pdftotext is not installed (apt install poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "sheet.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// rowHas says whether a line of text has name followed by figure as the
// first number after it (in a candidate's row, the column after the
// name's), compared as numbers ("309" is "309.00000").
func rowHas(text, name, figure string) bool {
	want, err := strconv.ParseFloat(figure, 64)
	if err != nil {
		return false
	}
	for _, line := range strings.Split(text, "\n") {
		i := strings.Index(line, name)
		if i < 0 {
			continue
		}
		for _, f := range strings.Fields(line[i+len(name):]) {
			if n, err := strconv.ParseFloat(f, 64); err == nil {
				if n == want {
					return true
				}
				break
			}
		}
	}
	return false
}

// checkLayout holds a laid-out sheet to what paper allows: nothing drawn
// outside the printable area, no text outside the cell it was set in, no
// two texts over each other, each page of the doc on pages of its own
// and in order, and no page ending on a heading.
func checkLayout(t *testing.T, d *Doc, pages []*pdfPage) {
	t.Helper()
	if len(pages) < len(d.Pages) {
		t.Errorf("%d PDF pages for %d pages of the sheet", len(pages), len(d.Pages))
	}
	for i, pg := range pages {
		if i == 0 && pg.Doc != 0 || i > 0 && pg.Doc != pages[i-1].Doc && pg.Doc != pages[i-1].Doc+1 {
			t.Errorf("PDF page %d prints page %d of the sheet, out of order", i+1, pg.Doc+1)
		}
		var texts []op
		last := ""
		for _, o := range pg.Ops {
			if !printable.contains(o.Box) {
				t.Errorf("page %d: %v %q at %+v is outside the printable area %+v", i+1, o.Kind, o.Text, o.Box, printable)
			}
			if o.Kind != opText {
				continue
			}
			if !o.Clip.contains(o.Box) {
				t.Errorf("page %d: %q at %+v runs out of its cell %+v", i+1, o.Text, o.Box, o.Clip)
			}
			for _, p := range texts {
				if p.Box.overlaps(o.Box) {
					t.Errorf("page %d: %q at %+v is drawn over %q at %+v", i+1, o.Text, o.Box, p.Text, p.Box)
				}
			}
			texts = append(texts, o)
			if o.Role != "footer" {
				last = o.Role
			}
		}
		if last == "heading" || last == "title" {
			t.Errorf("page %d ends on a heading", i+1)
		}
	}
}

// setLine is a line of text as laid out: its runs (one per font) joined.
type setLine struct {
	role, text string
	clip       rect
	base       float64
}

// setLines are a page's lines of text, in the order drawn.
func setLines(pg *pdfPage) []setLine {
	var out []setLine
	for _, o := range pg.Ops {
		if o.Kind != opText {
			continue
		}
		if n := len(out); n > 0 && out[n-1].base == o.Base && out[n-1].clip == o.Clip && out[n-1].role == o.Role {
			out[n-1].text += o.Text
			continue
		}
		out = append(out, setLine{o.Role, o.Text, o.Clip, o.Base})
	}
	return out
}

func layoutSheet(t *testing.T, d *Doc, font string) []*pdfPage {
	t.Helper()
	w, err := newPDFWriter(font, fallbackFonts())
	if err != nil {
		t.Fatal(err)
	}
	pages, err := w.layout(d)
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// Nothing of any example's sheet is drawn outside the page's printable
// area (within the margins), nor out of its cell: long hashes and wide
// tables wrap instead of running off the paper.
func TestPDFLayout_NothingOutsideThePage(t *testing.T) {
	font := sheetFont(t)
	for _, name := range storetest.Examples() {
		for _, l := range pdfLangs {
			t.Run(name+"-"+l.code, func(t *testing.T) {
				_, d := exampleSheet(t, name, l.lang)
				pages := layoutSheet(t, d, font)
				checkLayout(t, d, pages)
				// Each page carries its number, of all of them.
				for i, pg := range pages {
					want := pageLabel(d.Lang, i+1, len(pages))
					if !slices.ContainsFunc(setLines(pg), func(l setLine) bool { return l.role == "footer" && l.text == want }) {
						t.Errorf("page %d has no %q at its foot", i+1, want)
					}
				}
			})
		}
	}
}

const testHash = "4bc754acc4587e02de4bbd6471516e658189bf3693308d953366d0a9f059e69d"

// A long table goes over to further pages with its head row repeated on
// each, and no row cut across two pages.
func TestPDFLayout_LongTableRepeatsItsHead(t *testing.T) {
	font := sheetFont(t)
	blk := Block{Kind: BlockTable, Head: []string{"序\n#", "候选人\nCandidate", "赞成\nFor"}, Right: []bool{true, false, true}}
	for i := range 150 {
		blk.Rows = append(blk.Rows, []string{strconv.Itoa(i + 1), fmt.Sprintf("候选人%d号\ncandidate %d", i+1, i+1), strconv.Itoa(1000 - i)})
	}
	d := &Doc{Title: "计票结果报告单\nCount sheet", Lang: LangBoth, Pages: []Page{{Heading: "第1轮\nround 1",
		Blocks: []Block{{Kind: BlockHeading, Text: "候选人\nCandidates"}, blk}}}}
	pages := layoutSheet(t, d, font)
	checkLayout(t, d, pages)
	if len(pages) < 3 {
		t.Fatalf("150 rows of two lines took %d pages", len(pages))
	}
	rows := map[string]int{} // each row's page
	for i, pg := range pages {
		var first setLine
		for _, l := range setLines(pg) {
			if l.role != "title" && l.role != "heading" {
				first = l
				break
			}
		}
		if first.role != "head" || first.text != "序" {
			t.Errorf("page %d starts with %s %q, not the table's head", i+1, first.role, first.text)
		}
		for _, l := range setLines(pg) {
			if l.role == "cell" && strings.HasPrefix(l.text, "candidate ") {
				rows[l.text] = i
			}
			if l.role == "cell" && strings.HasPrefix(l.text, "候选人") {
				en := "candidate " + strings.TrimSuffix(strings.TrimPrefix(l.text, "候选人"), "号")
				if p, ok := rows[en]; ok && p != i {
					t.Errorf("the row of %s is cut across pages %d and %d", en, p+1, i+1)
				}
				rows[en] = i
			}
		}
	}
	if len(rows) != 150 {
		t.Errorf("%d of 150 rows printed", len(rows))
	}
}

// Wherever a heading falls, it is never left alone at the foot of a
// page: it goes over with what it heads.
func TestPDFLayout_HeadingNeverAloneAtTheFoot(t *testing.T) {
	font := sheetFont(t)
	w, err := newPDFWriter(font, fallbackFonts())
	if err != nil {
		t.Fatal(err)
	}
	for filler := 40; filler < 75; filler++ {
		var lines []string
		for i := range filler {
			lines = append(lines, fmt.Sprintf("第 %d 行 line %d", i+1, i+1))
		}
		d := &Doc{Title: "计票结果报告单", Lang: LangZH, Pages: []Page{{Heading: "全部轮次", Blocks: []Block{
			{Kind: BlockLines, Lines: lines},
			{Kind: BlockHeading, Text: "签名\nSignatures"},
			{Kind: BlockTable, Head: []string{"职位", "当选"}, Rows: [][]string{{"主任", "张建国"}, {"委员", "陈红"}}},
			{Kind: BlockHeading, Text: "计票文件"},
			{Kind: BlockSign, Fields: []Field{{"总监票人", "张监"}, {"监票人", "刘芳"}, {"会议主持人", ""}}},
		}}}}
		w.missing = nil
		pages, err := w.layout(d)
		if err != nil {
			t.Fatal(err)
		}
		checkLayout(t, d, pages)
	}
}

// A 64-character hash and a table too wide for the page wrap within
// their cells; the hash reads whole from its pieces.
func TestPDFLayout_LongHashAndWideTableWrap(t *testing.T) {
	font := sheetFont(t)
	wide := Block{Kind: BlockTable, Head: []string{"轮次", "日志", "说明", "当选", "下一步", "票数"}, Right: []bool{true, false, false, false, false, true}}
	wide.Rows = [][]string{{"1", testHash, strings.Repeat("参加投票人数超过登记选民的一半，选举有效。", 4), "张建国、李明、王芳、赵磊、陈红、刘军", "选举结束", "1234567"}}
	d := &Doc{Title: "计票结果报告单", Lang: LangZH, Pages: []Page{{Heading: "全部轮次", Provisional: true, Blocks: []Block{
		{Kind: BlockFields, Pairs: true, Fields: []Field{{"本页对应的日志", testHash}, {"日期", "2026-11-21"}, {"计票文件", testHash + testHash}}},
		wide,
		{Kind: BlockLines, Warn: true, Lines: []string{"⚠ " + strings.Repeat("本轮尚未结束：以下是已接受选票的临时计数，不是计票结果。", 3), "⚠ provisional " + testHash}},
	}}}}
	pages := layoutSheet(t, d, font)
	checkLayout(t, d, pages)
	var values []string
	var cells []string
	for _, l := range setLines(pages[0]) {
		switch {
		case l.role == "value" && strings.ContainsAny(l.text, "abcdef"):
			values = append(values, l.text)
		case l.role == "cell" && strings.ContainsAny(l.text, "abcdef"):
			cells = append(cells, l.text)
		}
	}
	if len(cells) < 2 || strings.Join(cells, "") != testHash {
		t.Errorf("the hash in a table cell prints as %q: want it whole, over several lines", cells)
	}
	if !strings.Contains(strings.Join(values, ""), testHash) {
		t.Errorf("the hash among the fields prints as %q", values)
	}
	// A provisional page says so at its foot too, for the pages it runs
	// over to, which the warning above does not reach.
	for i, pg := range pages {
		if !slices.ContainsFunc(setLines(pg), func(l setLine) bool {
			return l.role == "footer" && strings.Contains(l.text, sheetZH.provisionalShort)
		}) {
			t.Errorf("page %d of a provisional page does not say it is provisional at its foot", i+1)
		}
	}
}

// Without a Chinese font, a sheet with no Chinese on it still prints
// (with a Latin font), and one with Chinese gets the error that says what
// to do.
func TestPDFFont_LatinSheetNeedsNoChineseFont(t *testing.T) {
	none := func() (string, error) { return "", ErrNoCJKFont }
	latin := &Doc{Title: "Count sheet", Lang: LangEN, Pages: []Page{{Heading: "Round 1", Blocks: []Block{
		{Kind: BlockTable, Head: []string{"Candidate", "Votes"}, Rows: [][]string{{"Morag Campbell", "309"}}}}}}}
	chinese := &Doc{Title: "Count sheet", Lang: LangEN, Pages: []Page{{Heading: "Round 1", Blocks: []Block{
		{Kind: BlockTable, Head: []string{"Candidate", "Votes"}, Rows: [][]string{{"张建国", "150"}}}}}}}
	if _, err := pdfFont(chinese, "", none); !errors.Is(err, ErrNoCJKFont) {
		t.Errorf("a sheet with Chinese and no Chinese font: %v, want ErrNoCJKFont", err)
	}
	if got, err := pdfFont(chinese, "/some/font.ttf", none); got != "/some/font.ttf" || err != nil {
		t.Errorf("a font given is the font used: got %q, %v", got, err)
	}
	font, err := pdfFont(latin, "", none)
	if err != nil {
		if !slices.ContainsFunc(fallbackFonts(), fileExists) {
			t.Skip("no Latin font on this machine either (apt install fonts-dejavu-core)")
		}
		t.Fatalf("a sheet without Chinese and no Chinese font: %v", err)
	}
	var b bytes.Buffer
	if err := WritePDF(&b, latin, font); err != nil {
		t.Errorf("WritePDF with %s: %v", font, err)
	}
}

// A character no font has is an error that names it, not a blank on the
// paper.
func TestWritePDF_MissingCharacterIsAnError(t *testing.T) {
	font := sheetFont(t)
	d := &Doc{Title: "计票结果报告单", Lang: LangZH, Pages: []Page{{Heading: "全部轮次", Blocks: []Block{
		{Kind: BlockFields, Fields: []Field{{"候选人", "王\U000F0001明"}}}}}}}
	err := WritePDF(&bytes.Buffer{}, d, font)
	if err == nil || !strings.Contains(err.Error(), "U+F0001") || !strings.Contains(err.Error(), "--font") {
		t.Errorf("WritePDF with a character no font has = %v, want an error naming U+F0001 and saying how to give a font", err)
	}
}

// The error for no font says what to do: give one (how), install one
// (which package), or print the HTML sheet.
func TestErrNoCJKFont_SaysWhatToDo(t *testing.T) {
	for _, want := range []string{"no font with Chinese characters was found", "--font", "TALLY_FONT", "fonts-droid-fallback", "--format html"} {
		if !strings.Contains(ErrNoCJKFont.Error(), want) {
			t.Errorf("ErrNoCJKFont does not say %q: %v", want, ErrNoCJKFont)
		}
	}
}

// TALLY_FONT names a font: one that is missing, or is no font, is an
// error that says so (not a silent search elsewhere), and one that is a
// font is used.
func TestFindCJKFont_TALLY_FONT(t *testing.T) {
	dir := t.TempDir()
	notFont := filepath.Join(dir, "notes.ttf")
	if err := os.WriteFile(notFont, []byte("these are the tellers' notes, not a font\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "nowhere.ttf")
	for _, c := range []struct{ path, want string }{
		{notFont, "not a TrueType font"},
		{missing, "there is no such file"},
	} {
		t.Setenv("TALLY_FONT", c.path)
		got, err := FindCJKFont()
		if err == nil {
			t.Errorf("TALLY_FONT=%s: FindCJKFont = %q, want an error", c.path, got)
			continue
		}
		for _, w := range []string{"TALLY_FONT=" + c.path, c.want} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("TALLY_FONT=%s: error %q does not say %q", c.path, err, w)
			}
		}
	}
	// A font without Chinese, where the machine has one.
	if latin := "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"; fileExists(latin) {
		t.Setenv("TALLY_FONT", latin)
		if _, err := FindCJKFont(); err == nil || !strings.Contains(err.Error(), "no Chinese characters") {
			t.Errorf("TALLY_FONT=%s: error %v, want one that says the font has no Chinese", latin, err)
		}
	}
	t.Setenv("TALLY_FONT", "")
	font, err := FindCJKFont()
	if err != nil {
		t.Skipf("no Chinese font on this machine: %v", err)
	}
	t.Setenv("TALLY_FONT", font)
	if got, err := FindCJKFont(); got != font || err != nil {
		t.Errorf("TALLY_FONT=%s: FindCJKFont = %q, %v", font, got, err)
	}
	// And WritePDF with no font given uses it.
	_, d := exampleSheet(t, "village-combined", LangZH)
	if err := WritePDF(&bytes.Buffer{}, d, ""); err != nil {
		t.Errorf("WritePDF with TALLY_FONT=%s: %v", font, err)
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// A TrueType collection (.ttc, as fonts-wqy-* and fonts-arphic-* ship) is
// read by taking its first face with TrueType outlines out as a font of
// its own: here a collection made of a PostScript-outline face (passed
// over) and the sheet's font.
func TestLoadTrueType_TakesAFaceFromACollection(t *testing.T) {
	font := sheetFont(t)
	ttf, err := loadTrueType(font)
	if err != nil {
		t.Fatal(err)
	}
	ttc := makeTTC(t, ttf)
	path := filepath.Join(t.TempDir(), "collection.ttc")
	if err := os.WriteFile(path, ttc, 0o644); err != nil {
		t.Fatal(err)
	}
	face, err := loadTrueType(path)
	if err != nil {
		t.Fatalf("loadTrueType(collection): %v", err)
	}
	orig, _ := tableDir(ttf, 0)
	got, err := tableDir(face, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(orig) {
		t.Fatalf("the face has %d tables, the font %d", len(got), len(orig))
	}
	for i, o := range orig {
		g := got[i]
		if g.tag != o.tag || !bytes.Equal(face[g.offset:g.offset+g.length], ttf[o.offset:o.offset+o.length]) {
			t.Errorf("table %q differs from the font's", o.tag)
		}
	}
	if err := checkCJKFont(path); err != nil {
		t.Errorf("the collection's face is no font to print with: %v", err)
	}
	_, d := exampleSheet(t, "demo", LangZH)
	var b bytes.Buffer
	if err := WritePDF(&b, d, path); err != nil {
		t.Errorf("WritePDF with a .ttc: %v", err)
	}
	// A collection of PostScript-outline faces only says so.
	cffOnly := filepath.Join(t.TempDir(), "cff.ttc")
	os.WriteFile(cffOnly, makeTTC(t, nil), 0o644)
	if _, err := loadTrueType(cffOnly); !errors.Is(err, errCFF) {
		t.Errorf("a collection of CFF faces: %v, want %v", err, errCFF)
	}
}

// makeTTC makes a collection of a PostScript-outline face (a table
// directory listing a CFF table) and, if ttf is given, that font.
func makeTTC(t *testing.T, ttf []byte) []byte {
	t.Helper()
	n := 1
	if ttf != nil {
		n = 2
	}
	be := binary.BigEndian
	head := 12 + 4*n
	var out []byte
	out = append(out, "ttcf"...)
	out = be.AppendUint32(out, 0x00010000)
	out = be.AppendUint32(out, uint32(n))
	out = append(out, make([]byte, 4*n)...)
	// Face 0: OTTO, one table "CFF " of 4 bytes just after its directory.
	be.PutUint32(out[12:], uint32(len(out)))
	cffDir := len(out)
	out = append(out, "OTTO"...)
	out = be.AppendUint16(out, 1)
	out = append(out, make([]byte, 6)...)
	out = append(out, "CFF "...)
	out = be.AppendUint32(out, 0)
	out = be.AppendUint32(out, uint32(cffDir+12+16))
	out = be.AppendUint32(out, 4)
	out = append(out, 1, 0, 4, 1)
	if ttf == nil {
		return out
	}
	// Face 1: the font, its tables moved along by where it now starts.
	start := len(out)
	be.PutUint32(out[head-4:], uint32(start))
	tables, err := tableDir(ttf, 0)
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, ttf...)
	for _, tb := range tables {
		be.PutUint32(out[start+tb.entry+8:], tb.offset+uint32(start))
	}
	return out
}

// A font whose maker forbids embedding it (OS/2 fsType "restricted") is
// not embedded in a PDF: the error says why.
func TestLoadTrueType_RefusesAFontThatForbidsEmbedding(t *testing.T) {
	font := sheetFont(t)
	ttf, err := loadTrueType(font)
	if err != nil {
		t.Fatal(err)
	}
	restricted := bytes.Clone(ttf)
	tables, _ := tableDir(restricted, 0)
	i := slices.IndexFunc(tables, func(tb sfntTable) bool { return tb.tag == "OS/2" })
	if i < 0 {
		t.Skipf("%s has no OS/2 table", font)
	}
	binary.BigEndian.PutUint16(restricted[tables[i].offset+8:], 0x0002)
	path := filepath.Join(t.TempDir(), "restricted.ttf")
	if err := os.WriteFile(path, restricted, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadTrueType(path); err == nil || !strings.Contains(err.Error(), "forbids embedding") {
		t.Errorf("a font that forbids embedding: %v, want an error that says so", err)
	}
}

// The search walks the font folders, passing over files that are no
// font, fonts without Chinese and fonts the PDF writer cannot embed,
// and finds a Chinese font even in a collection; with none, the error
// says what to do.
func TestFindCJKFont_WalksTheFontFolders(t *testing.T) {
	font := sheetFont(t)
	ttf, err := loadTrueType(font)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	put := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	put("a/notes.ttf", []byte("not a font"))
	put("b/cff-only.ttc", makeTTC(t, nil))
	put("c/readme.txt", ttf) // a font, but not named as one
	if got, err := findCJKFontIn([]string{filepath.Join(dir, "missing.ttf")}, []string{dir}); !errors.Is(err, ErrNoCJKFont) {
		t.Errorf("a folder with no usable font: %q, %v, want ErrNoCJKFont", got, err)
	}
	if latin := "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"; fileExists(latin) {
		data, _ := os.ReadFile(latin)
		put("d/DejaVuSans.ttf", data)
	}
	want := put("e/fonts/chinese.ttc", makeTTC(t, ttf))
	if got, err := findCJKFontIn(nil, []string{filepath.Join(dir, "nowhere"), dir}); got != want || err != nil {
		t.Errorf("findCJKFontIn = %q, %v, want %q", got, err, want)
	}
}
