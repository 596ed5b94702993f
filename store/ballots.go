package store

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"tally/count"
)

// ReadBallotFile reads a ballot file, telling its format by the extension:
// .csv is CSV, .jsonl, .ndjson and .json are JSON Lines. Each record's
// Origin is "PATH:LINE". A problem with the file's content is a
// *count.InputError naming the line and the column or key; a file that
// cannot be opened gives the error from os. On any error no records are
// returned.
func ReadBallotFile(path string) ([]count.BallotRecord, error) {
	format, err := ballotFormatOf(path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadBallots(path, f, format)
}

// ReadBallots reads ballot records from r in the given format, "csv" or
// "jsonl". name is the file's name as the user gave it: each record's
// Origin, and each error's, is "NAME:LINE". On any error no records are
// returned.
func ReadBallots(name string, r io.Reader, format string) ([]count.BallotRecord, error) {
	switch format {
	case "csv":
		return readBallotsCSV(name, r)
	case "jsonl":
		return readBallotsJSONL(name, r)
	}
	return nil, &count.InputError{Origin: name, Field: "format", Msg: fmt.Sprintf("unknown ballot file format %q: expected csv or jsonl", format)}
}

func ballotFormatOf(path string) (string, error) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".csv":
		return "csv", nil
	case ".jsonl", ".ndjson", ".json":
		return "jsonl", nil
	}
	got := fmt.Sprintf("%q", ext)
	if ext == "" {
		got = "no extension"
	}
	return "", &count.InputError{Origin: path, Msg: fmt.Sprintf("cannot tell a ballot file's format from %s: expected .csv (CSV), or .jsonl, .ndjson or .json (JSON Lines)", got)}
}

// originAt is a record's origin: the file as given and the line.
func originAt(name string, line int) string { return fmt.Sprintf("%s:%d", name, line) }

// skipBOM drops the UTF-8 byte order mark that spreadsheets put at the
// start of a file; it would otherwise become part of the first column's name.
func skipBOM(r io.Reader) *bufio.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	return br
}

// notUTF8 is said of a line that is not UTF-8. A spreadsheet on a Chinese
// Windows saves "CSV" as GBK by default, which reads as garbage names.
const notUTF8 = "this line is not UTF-8 text (the file may be saved as GBK): " +
	"save it as UTF-8 (in Excel: 另存为 → CSV UTF-8(逗号分隔)(*.csv)) and read it again"

// reasonAliases are the Chinese words a ballot file may give for a reason.
var reasonAliases = map[string]count.Reason{
	"超选":    count.ReasonOverVote,
	"可辨认记号": count.ReasonIdentifyingMark,
	"无法辨认":  count.ReasonUnreadable,
	"一人两职":  count.ReasonTwoOffices,
	"其他":    count.ReasonOther,
}

// parseReason reads an invalid reason: empty, a code, or a Chinese alias.
func parseReason(s string) (count.Reason, error) {
	s = strings.TrimSpace(s)
	if r, ok := reasonAliases[s]; ok {
		return r, nil
	}
	if r, err := count.ParseReason(strings.ToLower(s)); err == nil {
		return r, nil
	}
	known := count.ReasonCodes()
	return count.ReasonNone, fmt.Errorf("unknown reason %q%s: expected an empty cell or one of %s (or 超选, 可辨认记号, 无法辨认, 一人两职, 其他)",
		s, didYouMean(s, known), strings.Join(known, ", "))
}

// didYouMean offers the closest known word to a typo, and nothing when
// none is close (the caller lists them all anyway).
func didYouMean(got string, known []string) string {
	if best, ok := count.Closest(got, known); ok {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// writableReason checks a reason before it is written: a Reason out of
// range has no code, and its String would panic.
func writableReason(r count.Reason) bool {
	return r >= 0 && int(r) <= len(count.ReasonCodes())
}

// recordOrigin names a record being written: its origin, or its place.
func recordOrigin(i int, rec *count.BallotRecord) string {
	if rec.Origin != "" {
		return rec.Origin
	}
	return fmt.Sprintf("record %d", i+1)
}

// checkWritable refuses what neither format can read back.
func checkWritable(i int, rec *count.BallotRecord) error {
	fail := func(field, format string, args ...any) error {
		return &count.InputError{Origin: recordOrigin(i, rec), Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	if rec.Round < 0 {
		return fail("round", "expected 0 (the first round) or a round's number (got %d)", rec.Round)
	}
	if rec.Number < 0 {
		return fail("ballot", "expected 0 (numbered by its place) or a ballot's number (got %d)", rec.Number)
	}
	if !writableReason(rec.Invalid) {
		return fail("invalid", "no reason has the value %d: expected one of %s", int(rec.Invalid), strings.Join(count.ReasonCodes(), ", "))
	}
	return nil
}

// foldWidth turns full-width ASCII (as a Chinese input method types it:
// "１", "Ｏ", "－") into ASCII, so marks and numbers read the same either way.
func foldWidth(s string) string {
	if !strings.ContainsFunc(s, isFullWidth) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isFullWidth(r) {
			return r - 0xFEE0
		}
		return r
	}, s)
}

func isFullWidth(r rune) bool { return r >= 0xFF01 && r <= 0xFF5E }

// validUTF8 reports whether every string is UTF-8, and the first that is not.
func validUTF8(ss []string) (int, bool) {
	for i, s := range ss {
		if !utf8.ValidString(s) {
			return i, false
		}
	}
	return -1, true
}
