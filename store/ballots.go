package store

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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

// recordList gathers the records of a file, and records gives them with
// their origins. A file of a million records is a quarter of a gigabyte of
// them: rather than copy them many times over as a slice grows, the list
// grows to what the file's size says it holds (expect), at most 64-fold
// at once, so that a wrong guess early on costs little. The origins,
// "NAME:LINE" for every record, are made at the end as pieces of one
// string.
type recordList struct {
	name  string
	recs  []count.BallotRecord
	lines []int
	// expect estimates the records in the whole file from the n read so
	// far; nil when the file's size is not known.
	expect func(n int) int
}

// add keeps a record, read from the given line.
func (l *recordList) add(rec count.BallotRecord, line int) {
	if n := len(l.recs); n == cap(l.recs) {
		size := max(2*n, 16)
		if l.expect != nil {
			size = min(max(size, l.expect(n)), 64*max(n, 16))
		}
		recs := make([]count.BallotRecord, n, size)
		copy(recs, l.recs)
		lines := make([]int, n, size)
		copy(lines, l.lines)
		l.recs, l.lines = recs, lines
	}
	l.recs = append(l.recs, rec)
	l.lines = append(l.lines, line)
}

// records returns every record added, in order, each with its Origin;
// nil if none.
func (l *recordList) records() []count.BallotRecord {
	if len(l.recs) == 0 {
		return nil
	}
	// The last line has the most digits.
	var origins strings.Builder
	origins.Grow(len(l.recs) * (len(l.name) + 1 + digitCount(l.lines[len(l.lines)-1])))
	var digits [20]byte
	for _, line := range l.lines {
		origins.WriteString(l.name)
		origins.WriteByte(':')
		origins.Write(strconv.AppendInt(digits[:0], int64(line), 10))
	}
	all, at := origins.String(), 0
	for i, line := range l.lines {
		n := len(l.name) + 1 + digitCount(line)
		l.recs[i].Origin = all[at : at+n]
		at += n
	}
	return l.recs
}

// expectFrom estimates the records of a file of size bytes from the n read
// in its first offset bytes, with a little to spare.
func expectFrom(size, offset int64, n int) int {
	if size <= 0 || offset <= 0 || n == 0 {
		return 0
	}
	return int(float64(size)/float64(offset)*float64(n)*1.05) + 16
}

// sizeOf is how many bytes r holds, when it can tell: a file, or a reader
// of bytes or of a string; 0 when it cannot.
func sizeOf(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Stat() (os.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size()
		}
	case interface{ Len() int }:
		return int64(v.Len())
	}
	return 0
}

// take cuts n elements off the front of a slab, making a new slab when it
// runs out: the rankings of a million ballots are then a few hundred
// allocations, not millions. What is taken is capped, so that an append
// cannot reach into the next piece.
func take[T any](slab *[]T, n int) []T {
	if len(*slab) < n {
		*slab = make([]T, max(n, 4096))
	}
	out := (*slab)[:n:n]
	*slab = (*slab)[n:]
	return out
}

// digitCount is the number of digits strconv.Itoa writes for n >= 0.
func digitCount(n int) int {
	d := 1
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
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
	if len(trimRanks(rec.Ranks)) > 0 && len(rec.For)+len(rec.Against) > 0 {
		return fail("ranks", "%s", marksAndRanks)
	}
	for r, rank := range rec.Ranks {
		if _, err := cleanRank(rank); err != nil {
			return fail("ranks", "rank %d: %v", r+1, err)
		}
	}
	return nil
}

// marksAndRanks is said of a record with both: a paper is marked beside
// the names or ranked, and a count reads one or the other.
const marksAndRanks = "a ballot has marks (for, against) or ranks, not both"

// overvoteName stands in a rank for an overvote marker whose names the
// paper does not show (count.OvervoteMark once resolved).
const overvoteName = "#overvote"

// cleanRank checks one rank's names and returns them trimmed, with the
// overvote marker in any case as "#overvote". It refuses an empty name, a
// name given twice in the rank (the same name at two ranks is allowed:
// the count's rules decide what it means), and the marker beside names,
// which would say both that the names are shown and that they are not.
// A rank that needs no change is returned as it is.
func cleanRank(names []string) ([]string, error) {
	out, cloned := names, false
	for i, n := range names {
		c := strings.TrimSpace(n)
		if strings.EqualFold(c, overvoteName) {
			c = overvoteName
		}
		if c != n {
			if !cloned {
				out, cloned = slices.Clone(names), true
			}
			out[i] = c
		}
		switch {
		case c == "":
			return nil, fmt.Errorf("name %d is empty", i+1)
		case c == overvoteName && len(names) > 1:
			return nil, fmt.Errorf("%s stands alone for an overvote whose names the paper does not show; with the names, give the names only", overvoteName)
		case slices.Contains(out[:i], c):
			return nil, fmt.Errorf("%q is given twice in one rank", c)
		}
	}
	return out, nil
}

// trimRanks drops the skipped ranks after the last marked one: they
// change no count, and a CSV row could not show them.
func trimRanks(ranks [][]string) [][]string {
	n := len(ranks)
	for n > 0 && len(ranks[n-1]) == 0 {
		n--
	}
	if n == 0 {
		return nil
	}
	return ranks[:n]
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
