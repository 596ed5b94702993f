package store

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"tally/count"
)

// A ballot CSV has a header row. Its fixed columns are below. A file of
// marked ballots has a column per candidate, and the cell under it is the
// mark beside that name on the ballot; a file of ranked ballots has a
// column per rank instead (rank1, rank2, …), and the cell under it names
// the candidates marked at that rank.

type colKind int

const (
	colCandidate colKind = iota
	// colUnnamed is a column with an empty header: a spreadsheet's stray
	// trailing column. Its cells must stay empty.
	colUnnamed
	colOffice
	colRound
	colBallot
	colSource
	colWriteIn
	colWriteInUnmarked
	colInvalid
	colNote
	// colRank is a ranked ballot's rank (rank1, 第1位): the names marked
	// at that rank.
	colRank
)

// fixedColumns gives each fixed column its header and the other names it
// may go by: Chinese, and the JSON Lines key where that differs.
var fixedColumns = []struct {
	kind    colKind
	header  string
	aliases []string
}{
	{colOffice, "office", []string{"职务"}},
	{colRound, "round", []string{"轮次"}},
	{colBallot, "ballot", []string{"票号"}},
	{colSource, "source", []string{"来源"}},
	{colWriteIn, "write_in", []string{"write_ins", "另选他人"}},
	{colWriteInUnmarked, "write_in_unmarked", []string{"write_ins_unmarked", "另选未标记"}},
	{colInvalid, "invalid", []string{"无效"}},
	{colNote, "note", []string{"备注"}},
}

// headerKey is how a header is matched to a fixed column: case and
// surrounding spaces do not matter, and "write-in" or "write in" is write_in.
var headerKey = strings.NewReplacer(" ", "_", "-", "_")

func fixedColumnOf(header string) (colKind, bool) {
	h := headerKey.Replace(strings.ToLower(strings.TrimSpace(header)))
	for _, c := range fixedColumns {
		if h == c.header {
			return c.kind, true
		}
		for _, a := range c.aliases {
			if h == a {
				return c.kind, true
			}
		}
	}
	return colCandidate, false
}

// rankColumnOf reads a rank column's header: rank1, Rank 1, RANK_1,
// choice1, 第1位 (full-width digits too), giving the rank, 1 or more.
func rankColumnOf(header string) (int, bool) {
	h := strings.ToLower(foldWidth(strings.TrimSpace(header)))
	h = strings.NewReplacer(" ", "", "_", "", "-", "").Replace(h)
	var digits string
	if d, ok := strings.CutPrefix(h, "第"); ok {
		digits, ok = strings.CutSuffix(d, "位")
		if !ok {
			return 0, false
		}
	} else if d, ok := strings.CutPrefix(h, "rank"); ok {
		digits = d
	} else if d, ok := strings.CutPrefix(h, "choice"); ok {
		digits = d
	} else {
		return 0, false
	}
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n < 1 {
		return 0, false
	}
	return n, true
}

type mark int

const (
	markAbstain mark = iota
	markFor
	markAgainst
)

// marks are the cell values read as a mark, keyed in lower case.
var marks = map[string]mark{}

const (
	forMarks     = "○ 〇 O o ✓ √ 1 for + 赞成"
	againstMarks = "× x X ✗ -1 - against 反对"
	abstainMarks = "0 abstain 弃权"
)

func init() {
	for m, list := range map[mark]string{markFor: forMarks, markAgainst: againstMarks, markAbstain: abstainMarks} {
		for _, s := range strings.Fields(list) {
			marks[strings.ToLower(s)] = m
		}
	}
	marks[""] = markAbstain
}

// parseMark reads a candidate's cell. Full-width forms ("Ｏ", "１") and
// the case of the English words do not matter.
func parseMark(cell string) (mark, bool) {
	m, ok := marks[strings.ToLower(foldWidth(strings.TrimSpace(cell)))]
	return m, ok
}

const acceptedMarks = "for is " + forMarks + "; against is " + againstMarks + "; abstain is an empty cell, 0, abstain or 弃权"

// columnNameProblem says why a name cannot head a candidate's column, or "".
// A header that reads as a mark or a ballot number means the header row is
// missing; the writer refuses such names so that what it writes reads back.
func columnNameProblem(name string) string {
	if strings.TrimSpace(name) == "" {
		return "a candidate's name cannot be empty"
	}
	if k, ok := fixedColumnOf(name); ok {
		return fmt.Sprintf("it reads as the %s column, not a candidate", fixedColumns[k-colOffice].header)
	}
	if n, ok := rankColumnOf(name); ok {
		return fmt.Sprintf("it reads as the column of rank %d, not a candidate", n)
	}
	v := strings.ToLower(foldWidth(strings.TrimSpace(name)))
	if _, err := strconv.Atoi(v); err == nil {
		return "it reads as a number, not a name"
	}
	// The single letters O, o, X, x are marks too, but also plausible names
	// in an example, so only symbols and words count against a header.
	if _, ok := marks[v]; ok && v != "o" && v != "x" {
		return "it reads as a mark, not a name"
	}
	return ""
}

// nameSeparators split the names in a write-in cell.
const nameSeparators = ";；、"

// writeInSeparator joins names in a write-in cell: the enumeration comma a
// Chinese reader expects between names.
const writeInSeparator = "、"

func splitNames(cell string) []string {
	var out []string
	for _, n := range strings.FieldsFunc(cell, func(r rune) bool { return strings.ContainsRune(nameSeparators, r) }) {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

type csvColumn struct {
	kind colKind
	// header is the column's header as written, trimmed: errors name it.
	header string
	// rank is a rank column's rank, from 1.
	rank int
}

// rankSeparators join the names of one rank in a cell: an equal ranking,
// or an overvote. The full-width form is what a Chinese input method types.
const rankSeparators = "=＝"

// appendRank reads a rank's cell, appending its names to names. A cell is
// empty (a skipped rank), one name, or names joined with =; the overvote
// marker may be in any case. It allocates nothing for a cell with one
// name, the common case in a file of a million ballots.
func appendRank(names []string, cell string) ([]string, error) {
	if cell == "" {
		return names, nil
	}
	if strings.IndexByte(cell, '=') < 0 && !strings.Contains(cell, "＝") {
		if len(cell) == len(overvoteName) && strings.EqualFold(cell, overvoteName) {
			cell = overvoteName
		}
		return append(names, cell), nil
	}
	parts := strings.FieldsFunc(cell, func(r rune) bool { return strings.ContainsRune(rankSeparators, r) })
	if n := strings.Count(cell, "=") + strings.Count(cell, "＝"); len(parts) != n+1 {
		return names, fmt.Errorf("%q has an empty name beside =: the names of one rank are joined with =, such as 乙=丙", cell)
	}
	rank, err := cleanRank(parts)
	if err != nil {
		return names, fmt.Errorf("%q: %v", cell, err)
	}
	return append(names, rank...), nil
}

func readBallotsCSV(name string, r io.Reader) ([]count.BallotRecord, error) {
	cr := csv.NewReader(skipBOM(r))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	// The cells are strings, kept by value: only the row's slice is reused.
	cr.ReuseRecord = true
	row, err := cr.Read()
	if err == io.EOF {
		return nil, &count.InputError{Origin: originAt(name, 1), Msg: "the file is empty: expected a header row naming the columns, such as office,round,ballot,张三,李四,write_in,invalid,note"}
	}
	if err != nil {
		return nil, csvReadError(name, err)
	}
	line, _ := cr.FieldPos(0)
	cols, err := readCSVHeader(originAt(name, line), row)
	if err != nil {
		return nil, err
	}
	ranks := 0
	for _, c := range cols {
		if c.kind == colRank {
			ranks++
		}
	}
	recs := recordList{name: name}
	if size := sizeOf(r); size > 0 {
		recs.expect = func(n int) int { return expectFrom(size, cr.InputOffset(), n) }
	}
	var scratch csvScratch
	// An empty row after the last ballot is what spreadsheets leave; one
	// between ballots may be a blank ballot keyed as nothing, which would
	// silently change the ballots cast. Refuse it, naming the row.
	emptyAt := ""
	for {
		row, err := cr.Read()
		if err == io.EOF {
			return recs.records(), nil
		}
		if err != nil {
			return nil, csvReadError(name, err)
		}
		line, _ := cr.FieldPos(0)
		rec, skip, err := readCSVRow(name, line, cols, ranks, row, &scratch)
		if err != nil {
			return nil, err
		}
		if skip {
			if emptyAt == "" {
				emptyAt = originAt(name, line)
			}
			continue
		}
		if emptyAt != "" {
			return nil, &count.InputError{Origin: emptyAt, Msg: "an empty row between ballots: if it is a blank ballot, write 弃权 (or abstain) under any candidate, or give its ballot number; if it is not a ballot, delete the row"}
		}
		recs.add(rec, line)
	}
}

func readCSVHeader(origin string, row []string) ([]csvColumn, error) {
	fail := func(field, format string, args ...any) error {
		return &count.InputError{Origin: origin, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	if _, ok := validUTF8(row); !ok {
		return nil, fail("", "%s", notUTF8)
	}
	if len(row) == 1 && strings.ContainsAny(row[0], ";\t") {
		return nil, fail("", "the header row is one column %q: separate the columns with commas (a spreadsheet's \"CSV\" export does)", row[0])
	}
	cols := make([]csvColumn, len(row))
	seen := map[string]int{}
	candidate, ranks := -1, 0
	for i, cell := range row {
		h := strings.TrimSpace(cell)
		cols[i].header = h
		if h == "" {
			cols[i].kind = colUnnamed
			continue
		}
		key := h
		if k, ok := fixedColumnOf(h); ok {
			cols[i].kind = k
			key = "\x00" + fixedColumns[k-colOffice].header
		} else if n, ok := rankColumnOf(h); ok {
			cols[i].kind, cols[i].rank = colRank, n
			key = "\x00rank" + strconv.Itoa(n)
			ranks++
		} else if p := columnNameProblem(h); p != "" {
			return nil, fail(h, "%q in the header row is not a column's name (%s): the first row must name the columns, such as office,round,ballot,张三,李四,write_in,invalid,note", h, p)
		} else if candidate < 0 {
			candidate = i
		}
		if j, dup := seen[key]; dup {
			return nil, fail(h, "the header row names this column twice (columns %d and %d)", j+1, i+1)
		}
		seen[key] = i
	}
	if ranks == 0 {
		return cols, nil
	}
	// A ranked ballot names its candidates in the rank cells; a column
	// headed by a name beside them could only be a mistake.
	if candidate >= 0 {
		return nil, fail(cols[candidate].header, "this file has rank columns (rank1, rank2, …), so %q cannot be a candidate's column: a ranked ballot names the candidates in its rank cells, a marked ballot has a column per candidate, and a file holds one or the other", cols[candidate].header)
	}
	for n := 1; n <= ranks; n++ {
		if _, ok := seen["\x00rank"+strconv.Itoa(n)]; !ok {
			var last csvColumn
			for _, c := range cols {
				if c.kind == colRank && c.rank > last.rank {
					last = c
				}
			}
			return nil, fail(last.header, "there is no column for rank %d: the rank columns go rank1, rank2, … with none left out", n)
		}
	}
	return cols, nil
}

// readCSVRow reads one row, line being the line it starts on; ranks is
// the number of rank columns. skip is true for a row with every cell
// empty, such as a spreadsheet's formatted but unused row. The record's
// Origin is left to recordList, which makes the file's together.
func readCSVRow(name string, line int, cols []csvColumn, ranks int, row []string, scratch *csvScratch) (rec count.BallotRecord, skip bool, err error) {
	fail := func(field, format string, args ...any) error {
		return &count.InputError{Origin: originAt(name, line), Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	if i, ok := validUTF8(row); !ok {
		field := ""
		if i < len(cols) {
			field = cols[i].header
		}
		return rec, false, fail(field, "%s", notUTF8)
	}
	if !slices.ContainsFunc(row, isFilled) {
		return rec, true, nil
	}
	if len(row) != len(cols) {
		return rec, false, fail("", "this row has %d cells but the header row has %d columns: every row needs one cell per column (a cell with a comma in it must be in double quotes)", len(row), len(cols))
	}
	// The names of every rank go in one slice, and span[2r:2r+2] is where
	// rank r's are in it. Rank columns may come in any order.
	names := scratch.names[:0]
	span := scratch.spans[:0]
	if ranks > 0 {
		span = slices.Grow(span, 2*ranks)[:2*ranks]
		clear(span)
		scratch.spans = span
	}
	for i, cell := range row {
		col := cols[i]
		v := trimCell(cell)
		switch col.kind {
		case colCandidate:
			m, ok := parseMark(v)
			if !ok {
				return rec, false, fail(col.header, "%q is not a mark: %s%s", v, acceptedMarks, misspeltColumn(col.header))
			}
			switch m {
			case markFor:
				rec.For = append(rec.For, col.header)
			case markAgainst:
				rec.Against = append(rec.Against, col.header)
			}
		case colUnnamed:
			if v != "" {
				return rec, false, fail(fmt.Sprintf("column %d", i+1), "%q is under a column with no name in the header row: name the candidate in the header or clear the cell", v)
			}
		case colOffice:
			rec.Office = v
		case colRound:
			if rec.Round, err = readCSVNumber(v); err != nil {
				return rec, false, fail(col.header, "expected the round's number, 1 or more, or an empty cell for the first round (got %q)", v)
			}
		case colBallot:
			if rec.Number, err = readCSVNumber(v); err != nil {
				return rec, false, fail(col.header, "expected the ballot's number, 1 or more, or an empty cell (got %q)", v)
			}
		case colSource:
			rec.Source = v
		case colWriteIn:
			rec.WriteIns = splitNames(v)
		case colWriteInUnmarked:
			rec.WriteInsUnmarked = splitNames(v)
		case colInvalid:
			if rec.Invalid, err = parseReason(v); err != nil {
				return rec, false, fail(col.header, "%v", err)
			}
		case colNote:
			rec.Note = cleanNote(v)
		case colRank:
			start := len(names)
			if names, err = appendRank(names, v); err != nil {
				return rec, false, fail(col.header, "%v", err)
			}
			span[2*col.rank-2], span[2*col.rank-1] = start, len(names)
		}
	}
	scratch.names = names
	last := ranks
	for last > 0 && span[2*last-2] == span[2*last-1] {
		last--
	}
	if last > 0 {
		flat := take(&scratch.nameSlab, len(names))
		copy(flat, names)
		rec.Ranks = take(&scratch.rankSlab, last)
		for r := range rec.Ranks {
			if start, end := span[2*r], span[2*r+1]; end > start {
				rec.Ranks[r] = flat[start:end:end]
			}
		}
	}
	return rec, false, nil
}

// trimCell is strings.TrimSpace, quicker for the cell that has no space
// around it, as nearly every cell of a large file has: TrimSpace takes
// its slow path for any name that starts or ends with a Chinese character.
func trimCell(s string) string {
	n := len(s)
	if n == 0 {
		return s
	}
	last := n - 1 // the start of the last character
	for last > 0 && n-last < utf8.UTFMax && s[last]&0xC0 == 0x80 {
		last--
	}
	if maySpace(s[0]) || maySpace(s[last]) {
		return strings.TrimSpace(s)
	}
	return s
}

// maySpace reports whether a character starting with byte b may be a
// space to unicode.IsSpace: an ASCII space, or U+0085, U+00A0 (lead byte
// C2), U+1680 (E1), U+2000 to U+205F (E2) or U+3000 (E3), the ideographic
// space a Chinese input method types.
func maySpace(b byte) bool {
	return b == ' ' || b >= '\t' && b <= '\r' || b == 0xC2 || b >= 0xE1 && b <= 0xE3
}

// isFilled reports whether a cell has anything but spaces in it.
func isFilled(cell string) bool { return trimCell(cell) != "" }

// csvScratch is memory a reader reuses from row to row: a row's spans and
// names, and the slabs its ranks are cut from.
type csvScratch struct {
	spans    []int
	names    []string
	nameSlab []string
	rankSlab [][]string
}

// misspeltColumn hints, under a bad mark, that a column read as a
// candidate may be a fixed column misspelt ("wirte_in").
func misspeltColumn(header string) string {
	for _, r := range header {
		if r >= 0x80 {
			return "" // a Chinese name is close to every short Chinese header
		}
	}
	var known []string
	for _, c := range fixedColumns {
		known = append(known, c.header)
	}
	if s := didYouMean(headerKey.Replace(strings.ToLower(header)), known); s != "" {
		return "; if this column is not a candidate, " + strings.TrimSuffix(strings.TrimPrefix(s, " ("), ")")
	}
	return ""
}

// readCSVNumber reads a round or ballot number: empty is 0, else 1 or more.
func readCSVNumber(v string) (int, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(foldWidth(v))
	if err != nil || n < 1 {
		return 0, errors.New("not a number")
	}
	return n, nil
}

// cleanNote makes every line break "\n": a spreadsheet may write "\r\n"
// inside a cell, and the note should read back the same on any system.
func cleanNote(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimSpace(strings.ReplaceAll(s, "\r", "\n"))
}

// csvReadError words encoding/csv's errors for someone fixing the file in
// a spreadsheet or an editor.
func csvReadError(name string, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", name, err)
	}
	e := &count.InputError{Origin: originAt(name, pe.StartLine)}
	switch {
	case errors.Is(pe.Err, csv.ErrQuote) && pe.Line != pe.StartLine:
		e.Msg = fmt.Sprintf(`a cell in double quotes starts on this line and is not closed properly (the problem shows at line %d): a quoted cell must end with ", and a " inside it is written ""`, pe.Line)
	case errors.Is(pe.Err, csv.ErrQuote):
		e.Msg = `a cell in double quotes is not closed properly: a quoted cell must end with ", and a " inside it is written ""`
	case errors.Is(pe.Err, csv.ErrBareQuote):
		e.Msg = `a " in the middle of a cell: put the whole cell in double quotes and write the " inside it as ""`
	default:
		e.Msg = pe.Err.Error()
	}
	return e
}

// WriteBallotsCSV writes records as a ballot CSV that reads back as the
// same records (all but Origin). The columns are office, round and ballot;
// source if any record has one; each candidate of e's offices in election
// order, then any other name a record marks; then write_in,
// write_in_unmarked, invalid and note. Marks are ○ and ×. e may be nil:
// the columns are then the names the records mark.
//
// When a record has ranks, the file is one of ranked ballots: rank1,
// rank2, … (as many as the longest ranking) take the place of the
// candidates' columns, each cell holding a rank's names joined with =,
// and skipped ranks after the last marked one are left out, as the reader
// drops them.
//
// The file starts with a UTF-8 byte order mark: without one, Excel shows
// Chinese names as garbage. It refuses, naming the record, what a CSV row
// cannot hold: a name marked twice in one record, a write-in containing a
// name separator (; ； 、), a name that reads as a fixed column, a rank
// column or a mark, a ranked name containing =, marks in one record and
// ranks in another (they need candidate columns and rank columns), and a
// record with nothing in it when there is no candidate column (a row with
// no cells filled is skipped when read; with a column, such a blank ballot
// is written 弃权 under the first candidate).
func WriteBallotsCSV(w io.Writer, e *count.Election, recs []count.BallotRecord) error {
	ranks, rankedAt := 0, -1
	for i := range recs {
		if n := len(trimRanks(recs[i].Ranks)); n > 0 {
			ranks = max(ranks, n)
			if rankedAt < 0 {
				rankedAt = i
			}
		}
	}
	var names []string
	column := map[string]int{}
	addName := func(n string) {
		if _, ok := column[n]; !ok {
			column[n] = len(names)
			names = append(names, n)
		}
	}
	if e != nil && ranks == 0 {
		for _, o := range e.Offices {
			for _, c := range o.Candidates {
				if c = strings.TrimSpace(c); c != "" {
					addName(c)
				}
			}
		}
	}
	hasSource := false
	firstMarked := map[string]string{}
	for i := range recs {
		rec := &recs[i]
		fail := func(field, format string, args ...any) error {
			return &count.InputError{Origin: recordOrigin(i, rec), Field: field, Msg: fmt.Sprintf(format, args...)}
		}
		if err := checkWritable(i, rec); err != nil {
			return err
		}
		hasSource = hasSource || rec.Source != ""
		if ranks > 0 && len(rec.For)+len(rec.Against) > 0 {
			return fail("for", "this record has marks and %s has ranks: a CSV file has a column per candidate for marked ballots or a column per rank for ranked ones, not both; write them to two files", recordOrigin(rankedAt, &recs[rankedAt]))
		}
		for r, rank := range rec.Ranks {
			for _, n := range rank {
				if strings.ContainsAny(n, rankSeparators) {
					return fail("ranks", "rank %d: %q contains =, which joins the names of one rank in a CSV cell", r+1, n)
				}
			}
		}
		marked := map[string]string{}
		for _, l := range []struct {
			field string
			names []string
		}{{"for", rec.For}, {"against", rec.Against}} {
			for _, n := range l.names {
				n = strings.TrimSpace(n)
				if p := columnNameProblem(n); p != "" {
					return fail(l.field, "%q cannot head a CSV column: %s", n, p)
				}
				if prev, dup := marked[n]; dup {
					return fail(l.field, "%q is marked %s and %s: a CSV row has one cell per candidate", n, prev, l.field)
				}
				marked[n] = l.field
				if _, ok := firstMarked[n]; !ok {
					firstMarked[n] = recordOrigin(i, rec)
				}
				addName(n)
			}
		}
		for _, l := range []struct {
			field string
			names []string
		}{{"write_in", rec.WriteIns}, {"write_in_unmarked", rec.WriteInsUnmarked}} {
			for _, n := range l.names {
				if strings.ContainsAny(n, nameSeparators) {
					return fail(l.field, "%q contains one of %s, which separate names in a CSV cell", n, strings.Join(strings.Split(nameSeparators, ""), " "))
				}
			}
		}
	}
	for _, n := range names {
		if p := columnNameProblem(n); p != "" {
			return &count.InputError{Origin: firstMarked[n], Field: "candidates", Msg: fmt.Sprintf("%q cannot head a CSV column: %s", n, p)}
		}
	}

	header := []string{"office", "round", "ballot"}
	if hasSource {
		header = append(header, "source")
	}
	first := len(header)
	header = append(header, names...)
	for r := 1; r <= ranks; r++ {
		header = append(header, "rank"+strconv.Itoa(r))
	}
	header = append(header, "write_in", "write_in_unmarked", "invalid", "note")

	number := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	// fill makes a record's row, and says whether the row is blank: a row
	// with no cell filled is skipped when read, so a blank ballot with no
	// office or number says it abstains, where there is a candidate's
	// column to say it in.
	fill := func(row []string, rec *count.BallotRecord) (blank bool) {
		clear(row)
		row[0], row[1], row[2] = rec.Office, number(rec.Round), number(rec.Number)
		if hasSource {
			row[3] = rec.Source
		}
		for _, n := range rec.For {
			row[first+column[strings.TrimSpace(n)]] = "○"
		}
		for _, n := range rec.Against {
			row[first+column[strings.TrimSpace(n)]] = "×"
		}
		for r, rank := range trimRanks(rec.Ranks) {
			rank, _ = cleanRank(rank) // checked by checkWritable
			row[first+r] = strings.Join(rank, "=")
		}
		end := len(row)
		row[end-4] = strings.Join(rec.WriteIns, writeInSeparator)
		row[end-3] = strings.Join(rec.WriteInsUnmarked, writeInSeparator)
		row[end-2] = rec.Invalid.String()
		row[end-1] = rec.Note
		if slices.ContainsFunc(row, func(c string) bool { return strings.TrimSpace(c) != "" }) {
			return false
		}
		if len(names) > 0 {
			row[first] = "弃权"
		}
		return true
	}
	row := make([]string, len(header))
	for i := range recs {
		if fill(row, &recs[i]) && len(names) == 0 {
			return &count.InputError{Origin: recordOrigin(i, &recs[i]), Msg: "an empty record cannot be a CSV row (a row with no cells filled is skipped when read): give at least its office"}
		}
	}

	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	// Rows are written as they are made, so that a million ballots do not
	// wait in memory as a second copy.
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	for i := range recs {
		fill(row, &recs[i])
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
