package report

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"tally/store"
	"tally/store/nist"
)

// Format is one thing an export makes from a count file.
type Format struct {
	// Name is what --format takes.
	Name string
	// What says what the file is, in English and in Chinese.
	What, WhatZH string
	// Suffix ends the default file name.
	Suffix string
	// Sheet: the count sheet for people, in a language.
	Sheet bool
}

// Formats are every export, in the order they are offered.
var Formats = []Format{
	{"html", "the count sheet, print-ready on A4 (one self-contained file)", "计票结果报告单，可直接在 A4 纸上打印（单个 HTML 文件）", "count-sheet.html", true},
	{"pdf", "the count sheet as a PDF on A4 (needs a font with Chinese)", "计票结果报告单 PDF（A4，需要中文字体）", "count-sheet.pdf", true},
	{"txt", "the count sheet as plain text", "计票结果报告单，纯文本", "count-sheet.txt", true},
	{"md", "the count sheet as Markdown", "计票结果报告单，Markdown", "count-sheet.md", true},
	{"csv", "the count sheet's figures, a row per candidate per round", "计票数据 CSV：每轮每名候选人一行", "count-sheet.csv", false},
	{"json", "the count sheet for machines (docs/schema/tally-count-sheet.schema.json)", "计票数据 JSON（附公开的结构说明）", "count-sheet.json", false},
	{"ballots-csv", "the accepted ballots as a CSV ballot file (import and tabulate read it)", "已接受的选票，CSV 选票文件（可重新导入、计票）", "ballots.csv", false},
	{"ballots-jsonl", "the accepted ballots as a JSON Lines ballot file", "已接受的选票，JSON Lines 选票文件", "ballots.jsonl", false},
	{"blt", "a ranked round's ballots as a BLT file", "排序选票，BLT 文件", "ballots.blt", false},
	{"cvr", "the accepted ballots as NIST SP 1500-103 cast vote records (JSON)", "选票记录，NIST SP 1500-103 格式（JSON）", "cvr.json", false},
	{"results", "the results as NIST SP 1500-100 election results (JSON)", "选举结果，NIST SP 1500-100 格式（JSON）", "results.json", false},
	{"journal", "the journal as JSON Lines, every event with its hash and stored bytes", "计票日志，JSON Lines，每条事件附哈希", "journal.jsonl", false},
	{"election", "the election file with what the table added (figures, lots), for tabulate", "选举文件，含计票台录入的人数与抽签", "election.toml", false},
}

// FormatNamed finds a format by name.
func FormatNamed(name string) (Format, bool) {
	for _, f := range Formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// ExportOptions choose what an export covers.
type ExportOptions struct {
	SheetOptions
	// Lang is the count sheet's language (LangBoth: side by side).
	Lang Lang
	// Font is a TrueType font with Chinese for the PDF ("": one found on
	// the system, see FindCJKFont).
	Font string
}

// Journal streams a count file's journal as JSON Lines (store.CountFile
// does).
type Journal interface {
	WriteJournalJSONL(w io.Writer, round int) error
}

// Export writes one format of a count file's record to out. The file is
// only read: the journal export streams its events from f.
func Export(out io.Writer, f Journal, rec *store.Record, format string, opt ExportOptions) error {
	round := opt.Round
	switch format {
	case "html", "pdf", "txt", "md":
		d, err := NewSheet(rec, opt.Lang, opt.SheetOptions)
		if err != nil {
			return err
		}
		switch format {
		case "html":
			return WriteHTML(out, d)
		case "txt":
			return WriteText(out, d)
		case "md":
			return WriteMarkdown(out, d)
		}
		return WritePDF(out, d, opt.Font)
	case "csv":
		return WriteSheetCSV(out, rec, opt.SheetOptions)
	case "json":
		return WriteSheetJSON(out, rec, opt.SheetOptions)
	case "ballots-csv":
		return rec.WriteBallots(out, "csv", round)
	case "ballots-jsonl":
		return rec.WriteBallots(out, "jsonl", round)
	case "blt":
		return rec.WriteBallots(out, "blt", round)
	case "cvr":
		return nist.WriteCVR(out, rec, round)
	case "results":
		return nist.WriteResults(out, rec, round)
	case "journal":
		return f.WriteJournalJSONL(out, round)
	case "election":
		_, err := out.Write(rec.ElectionFile())
		return err
	}
	var names []string
	for _, f := range Formats {
		names = append(names, f.Name)
	}
	return fmt.Errorf("unknown format %q: expected one of %s", format, strings.Join(names, ", "))
}

// DefaultName says what an export is: the count file's name, the round
// if one, and the format's suffix ("party-round2-ballots.csv").
func DefaultName(countFile string, f Format, round int) string {
	base := strings.TrimSuffix(filepath.Base(countFile), filepath.Ext(countFile))
	if round > 0 {
		base += fmt.Sprintf("-round%d", round)
	}
	return base + "-" + f.Suffix
}

// WriteFile writes data to path through a temporary file beside it, so a
// failed export leaves no half file; an existing file is kept unless
// replace.
func WriteFile(path string, data []byte, replace bool) error {
	if _, err := os.Stat(path); err == nil && !replace {
		return fmt.Errorf("%s: %w", path, fs.ErrExist)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return os.Rename(tmp.Name(), path)
}
