package report

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tally/store/storetest"
)

// printer finds headless Chromium and pdftotext, which .ci/run installs
// from Debian's packages; without them the test is skipped, except in CI,
// where it must run.
func printer(t *testing.T) string {
	t.Helper()
	var browser string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	_, errText := exec.LookPath("pdftotext")
	if browser == "" || errText != nil {
		needTool(t, "headless Chromium or pdftotext is not installed (apt install chromium poppler-utils)")
	}
	return browser
}

// printPDF prints an HTML file to PDF as a browser's "Save as PDF" does.
func printPDF(t *testing.T, browser, html, pdf string) {
	t.Helper()
	cmd := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(t.TempDir(), "profile"), "--no-pdf-header-footer",
		"--print-to-pdf="+pdf, "file://"+html)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("printing %s: %v\n%s", html, err, out)
	}
}

// bboxDoc is what pdftotext -bbox-layout says of a PDF: its pages, and
// where on each every word sits.
type bboxDoc struct {
	Pages []struct {
		Width  float64 `xml:"width,attr"`
		Height float64 `xml:"height,attr"`
		Words  []struct {
			XMin float64 `xml:"xMin,attr"`
			YMin float64 `xml:"yMin,attr"`
			XMax float64 `xml:"xMax,attr"`
			YMax float64 `xml:"yMax,attr"`
			Text string  `xml:",chardata"`
		} `xml:"flow>block>line>word"`
	} `xml:"body>doc>page"`
}

// The HTML sheet printed from a real browser on A4 starts each round on a
// page of its own, keeps every word inside the paper, and its text holds
// every candidate's name and figures.
func TestCountSheet_PrintsOnA4(t *testing.T) {
	browser := printer(t)
	for _, name := range storetest.Examples() {
		t.Run(name, func(t *testing.T) {
			rec := record(t, name)
			dir := t.TempDir()
			d := sheetDoc(t, rec, LangBoth, SheetOptions{})
			html := filepath.Join(dir, "sheet.html")
			var b bytes.Buffer
			if err := WriteHTML(&b, d); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(html, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			pdf := filepath.Join(dir, "sheet.pdf")
			printPDF(t, browser, html, pdf)

			out, err := exec.Command("pdftotext", "-bbox-layout", pdf, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			var doc bboxDoc
			if err := xml.Unmarshal(out, &doc); err != nil {
				t.Fatal(err)
			}
			firsts := 0
			for i, p := range doc.Pages {
				if p.Width < 590 || p.Width > 600 || p.Height < 838 || p.Height > 845 {
					t.Errorf("page %d is %.0f × %.0f pt, not A4 (595 × 842)", i+1, p.Width, p.Height)
				}
				for _, w := range p.Words {
					if w.XMin < 0 || w.YMin < 0 || w.XMax > p.Width || w.YMax > p.Height {
						t.Errorf("page %d: %q is cut off at (%.0f, %.0f)–(%.0f, %.0f)", i+1, w.Text, w.XMin, w.YMin, w.XMax, w.YMax)
					}
				}
				if len(p.Words) > 0 && p.Words[0].Text == "计票结果报告单" {
					firsts++
				}
			}
			if firsts != len(d.Pages) {
				t.Errorf("%d sheet pages begin a printed page, want every one of %d (each round on its own pages)", firsts, len(d.Pages))
			}

			text, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			flat := strings.Join(strings.Fields(string(text)), " ")
			for _, rr := range rec.Rounds {
				for _, s := range rr.Result.Sections {
					if s.Ranked != nil {
						for _, w := range s.Ranked.Winners {
							if !strings.Contains(flat, w) {
								t.Errorf("the printed sheet lacks %s, elected in round %d", w, rr.Number)
							}
						}
						continue
					}
					for _, c := range s.Candidates {
						if !strings.Contains(flat, c.Name) {
							t.Errorf("the printed sheet lacks %s (round %d)", c.Name, rr.Number)
						}
						row := c.Name + " " + strconv.Itoa(c.For)
						if !strings.Contains(flat, row) && !strings.Contains(flat, c.Name+"（") {
							t.Errorf("the printed sheet lacks %s's row %q (round %d)", c.Name, row, rr.Number)
						}
					}
				}
			}
		})
	}
}
