package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"tally/count"
	"tally/store"
	"tally/store/storetest"
)

var sheetLangs = map[string]Lang{"zh": LangZH, "en": LangEN, "both": LangBoth}

func record(t *testing.T, name string) *store.Record {
	t.Helper()
	f, _ := storetest.Build(t, name)
	rec, err := f.Record()
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func sheetDoc(t *testing.T, rec *store.Record, lang Lang, opt SheetOptions) *Doc {
	t.Helper()
	opt.Location = time.UTC
	d, err := NewSheet(rec, lang, opt)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The count sheet of every example, in each language and each format,
// is kept as a golden file (go test ./report -update to renew them).
func TestCountSheet_Goldens(t *testing.T) {
	for _, name := range storetest.Examples() {
		rec := record(t, name)
		t.Run(name, func(t *testing.T) {
			for _, ln := range []string{"zh", "en", "both"} {
				d := sheetDoc(t, rec, sheetLangs[ln], SheetOptions{})
				formats := map[string]func(*bytes.Buffer) error{
					"txt": func(b *bytes.Buffer) error { return WriteText(b, d) },
					"md":  func(b *bytes.Buffer) error { return WriteMarkdown(b, d) },
				}
				if ln == "both" {
					formats["html"] = func(b *bytes.Buffer) error { return WriteHTML(b, d) }
				}
				for ext, write := range formats {
					t.Run(ln+"."+ext, func(t *testing.T) {
						var b bytes.Buffer
						if err := write(&b); err != nil {
							t.Fatal(err)
						}
						golden.RequireEqual(t, b.Bytes())
					})
				}
			}
			for ext, write := range map[string]func(*bytes.Buffer) error{
				"csv":  func(b *bytes.Buffer) error { return WriteSheetCSV(b, rec, SheetOptions{}) },
				"json": func(b *bytes.Buffer) error { return WriteSheetJSON(b, rec, SheetOptions{}) },
			} {
				t.Run("data."+ext, func(t *testing.T) {
					var b bytes.Buffer
					if err := write(&b); err != nil {
						t.Fatal(err)
					}
					golden.RequireEqual(t, b.Bytes())
				})
			}
		})
	}
}

// Whatever the format, the sheet states every candidate with their
// votes, the head that ties it to the file, and the names signed in.
func TestCountSheet_StatesEveryFigureAndTheHash(t *testing.T) {
	for _, name := range storetest.Examples() {
		rec := record(t, name)
		for ln, lang := range sheetLangs {
			d := sheetDoc(t, rec, lang, SheetOptions{Seal: "封 0017", Custodian: "赵保管"})
			for ext, write := range map[string]func(*bytes.Buffer, *Doc) error{
				"txt":  func(b *bytes.Buffer, d *Doc) error { return WriteText(b, d) },
				"md":   func(b *bytes.Buffer, d *Doc) error { return WriteMarkdown(b, d) },
				"html": func(b *bytes.Buffer, d *Doc) error { return WriteHTML(b, d) },
			} {
				var b bytes.Buffer
				if err := write(&b, d); err != nil {
					t.Fatal(err)
				}
				got := b.String()
				where := fmt.Sprintf("%s %s %s", name, ln, ext)
				for _, want := range expectedOnSheet(rec) {
					if !strings.Contains(got, want) {
						t.Errorf("%s: the sheet does not say %q", where, want)
					}
				}
				for _, want := range []string{store.CheckCode(rec.Head), "封 0017", "赵保管", "王明", "张监"} {
					if !strings.Contains(got, want) {
						t.Errorf("%s: the sheet does not say %q", where, want)
					}
				}
			}
		}
	}
}

// expectedOnSheet are the names and for-votes of every candidate of every
// round, and each closed round's closing hash.
func expectedOnSheet(rec *store.Record) []string {
	var out []string
	for _, rr := range rec.Rounds {
		out = append(out, store.CheckCode(rr.ClosedHash))
		for _, s := range rr.Result.Sections {
			if s.Ranked != nil {
				for _, w := range s.Ranked.Winners {
					out = append(out, w)
				}
				continue
			}
			for _, c := range s.Candidates {
				out = append(out, c.Name, strconv.Itoa(c.For))
			}
		}
	}
	return out
}

// A sheet of one round has that round's page only, and names the round's
// closing event rather than the head that later rounds moved on.
func TestCountSheet_OneRound(t *testing.T) {
	rec := record(t, storetest.Demo)
	d := sheetDoc(t, rec, LangEN, SheetOptions{Round: 2})
	if len(d.Pages) != 1 || !strings.Contains(d.Pages[0].Heading, "副书记") {
		t.Fatalf("round 2's sheet has %d pages, first %q", len(d.Pages), d.Pages[0].Heading)
	}
	var b bytes.Buffer
	if err := WriteText(&b, d); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), store.CheckCode(rec.Rounds[1].ClosedHash)) || strings.Contains(b.String(), store.CheckCode(rec.Head)) {
		t.Errorf("round 2's sheet should carry its closing hash %s, not the head %s:\n%s", store.CheckCode(rec.Rounds[1].ClosedHash), store.CheckCode(rec.Head), b.String())
	}
	if _, err := NewSheet(rec, LangEN, SheetOptions{Round: 9}); err == nil || !strings.Contains(err.Error(), "rounds 1 to 3") {
		t.Errorf("round 9 of 3: %v", err)
	}
}

// An open round's sheet says, before anything else, that its figures are
// provisional and not to be signed.
func TestCountSheet_OpenRoundIsProvisional(t *testing.T) {
	f, _ := storetest.Build(t, storetest.Demo)
	rec, _ := f.Record()
	path := t.TempDir() + "/open.tally"
	g, err := store.Create(path, rec.ElectionText, store.KeyingDouble, store.Options{BackupEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	b := count.Ballot{Number: 1, Source: -1, Sections: []count.Marks{{For: []int{0}}}}
	if _, err := g.AppendAll(store.Event{Kind: store.EventTellerSignedIn, Who: "王明", Role: "keyer"},
		store.Event{Kind: store.EventBallotKeyed, Who: "王明", Round: 1, Ballot: 1, Keying: 1, Marks: &b}); err != nil {
		t.Fatal(err)
	}
	open, err := g.Record()
	if err != nil {
		t.Fatal(err)
	}
	for ln, lang := range sheetLangs {
		d := sheetDoc(t, open, lang, SheetOptions{Round: 1})
		var out bytes.Buffer
		if err := WriteText(&out, d); err != nil {
			t.Fatal(err)
		}
		text := out.String()
		warn := map[string]string{"zh": "本轮尚未结束", "en": "This round is still open", "both": "This round is still open"}[ln]
		if i := strings.Index(text, warn); i < 0 || i > strings.Index(text, d.Pages[0].Blocks[1].Fields[0].Value) {
			t.Errorf("%s: the open round's sheet does not first say %q:\n%s", ln, warn, text)
		}
		waiting := map[string]string{"zh": "待第二次录入 1 张", "en": "1 waiting for a second keying", "both": "1 waiting for a second keying"}[ln]
		if !strings.Contains(text, waiting) || !strings.Contains(text, store.CheckCode(open.Head)) {
			t.Errorf("%s: the provisional sheet lacks the paper waiting (%q) or the head:\n%s", ln, waiting, text)
		}
	}
}

// Both languages side by side say everything each says alone.
func TestCountSheet_BothHoldsEachLanguage(t *testing.T) {
	rec := record(t, "village-combined")
	var both, zh, en bytes.Buffer
	WriteText(&both, sheetDoc(t, rec, LangBoth, SheetOptions{}))
	WriteText(&zh, sheetDoc(t, rec, LangZH, SheetOptions{}))
	WriteText(&en, sheetDoc(t, rec, LangEN, SheetOptions{}))
	for _, one := range []*bytes.Buffer{&zh, &en} {
		for _, l := range strings.Split(one.String(), "\n") {
			for _, word := range strings.Fields(l) {
				if !strings.Contains(both.String(), word) {
					t.Fatalf("the bilingual sheet lacks %q (from %q)", word, l)
				}
			}
		}
	}
}

// The CSV adds up: each candidate row's for-votes are the result's, and
// the JSON validates against its published schema.
func TestCountSheet_DataAgreesWithTheResult(t *testing.T) {
	schema := compileSchema(t, "../docs/schema/tally-count-sheet.schema.json")
	for _, name := range storetest.Examples() {
		rec := record(t, name)
		var b bytes.Buffer
		if err := WriteSheetCSV(&b, rec, SheetOptions{}); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		got := map[string]string{}
		for _, r := range rows[1:] {
			if r[col["count_round"]] == "" {
				got[r[col["round"]]+"/"+r[col["office"]]+"/"+r[col["candidate"]]] = r[col["for"]]
			}
		}
		for _, rr := range rec.Rounds {
			for _, s := range rr.Result.Sections {
				if s.Ranked != nil {
					continue
				}
				for _, c := range s.Candidates {
					k := fmt.Sprintf("%d/%s/%s", rr.Number, s.Office, c.Name)
					if got[k] != strconv.Itoa(c.For) {
						t.Errorf("%s: CSV gives %s %q for-votes, the result %d", name, k, got[k], c.For)
					}
				}
			}
		}
		var j bytes.Buffer
		if err := WriteSheetJSON(&j, rec, SheetOptions{}); err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(&j)
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("%s: the sheet's JSON does not validate: %v", name, err)
		}
	}
	bad := map[string]any{"format": SheetFormat, "version": 1}
	if err := schema.Validate(bad); err == nil {
		t.Errorf("a document without rounds validates: the schema checks nothing")
	}
}

func compileSchema(t *testing.T, path string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	s, err := c.Compile(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
