package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"tally/count"
)

// jsonBallot is a ballot record as a JSON Lines file writes it, keys in
// the order a reader scans them; empty fields are left out.
type jsonBallot struct {
	Office           string     `json:"office,omitempty"`
	Round            int        `json:"round,omitempty"`
	Ballot           int        `json:"ballot,omitempty"`
	For              []string   `json:"for,omitempty"`
	Against          []string   `json:"against,omitempty"`
	Ranks            [][]string `json:"ranks,omitempty"`
	WriteIns         []string   `json:"write_ins,omitempty"`
	WriteInsUnmarked []string   `json:"write_ins_unmarked,omitempty"`
	Invalid          string     `json:"invalid,omitempty"`
	Note             string     `json:"note,omitempty"`
	Source           string     `json:"source,omitempty"`
}

// jsonKeys are the keys a ballot line may have, in the writer's order.
var jsonKeys = []string{"office", "round", "ballot", "for", "against", "ranks", "write_ins", "write_ins_unmarked", "invalid", "note", "source"}

// WriteBallotsJSONL writes one JSON object per record, in order, leaving
// out empty fields. Names are written as UTF-8, not \u escapes, so the
// file reads as Chinese in any editor. A skipped rank is written [], and
// skipped ranks after the last marked one are left out, as the reader
// drops them. It refuses, naming the record, a negative round or ballot
// number, an unknown invalid reason, a record with both marks and ranks,
// and a rank the reader would refuse (an empty name, a name twice, the
// overvote marker beside names).
func WriteBallotsJSONL(w io.Writer, recs []count.BallotRecord) error {
	for i := range recs {
		if err := checkWritable(i, &recs[i]); err != nil {
			return err
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i := range recs {
		rec := &recs[i]
		if err := enc.Encode(jsonBallot{
			Office: rec.Office, Round: rec.Round, Ballot: rec.Number,
			For: rec.For, Against: rec.Against, Ranks: jsonRanksOut(rec.Ranks),
			WriteIns: rec.WriteIns, WriteInsUnmarked: rec.WriteInsUnmarked,
			Invalid: rec.Invalid.String(), Note: rec.Note, Source: rec.Source,
		}); err != nil {
			return err
		}
	}
	return nil
}

func readBallotsJSONL(name string, r io.Reader) ([]count.BallotRecord, error) {
	br := skipBOM(r)
	recs := recordList{name: name}
	var offset int64
	if size := sizeOf(r); size > 0 {
		recs.expect = func(n int) int { return expectFrom(size, offset, n) }
	}
	for line := 1; ; line++ {
		// ReadBytes has no line-length limit: a ballot with a long note or
		// a ranked ballot with many names is still one line.
		b, err := br.ReadBytes('\n')
		offset += int64(len(b))
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if len(bytes.TrimSpace(b)) > 0 {
			rec, perr := readJSONLine(originAt(name, line), b)
			if perr != nil {
				return nil, perr
			}
			recs.add(rec, line)
		}
		if err == io.EOF {
			return recs.records(), nil
		}
	}
}

// readJSONLine reads one ballot line. It walks the object's keys itself,
// rather than unmarshalling into a struct, so that an unknown key, a key
// given twice and a value of the wrong type are each named.
func readJSONLine(origin string, b []byte) (count.BallotRecord, error) {
	var rec count.BallotRecord // its Origin is set with the file's others
	fail := func(field, format string, args ...any) error {
		return &count.InputError{Origin: origin, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	if !utf8.Valid(b) {
		return rec, fail("", "%s", notUTF8)
	}
	notObject := func(err error) error {
		text := strings.TrimSpace(string(b))
		hint := ""
		switch {
		case strings.HasPrefix(text, "["):
			hint = "; this looks like a JSON array: a ballot file has one object per line, with no [ ] around them"
		case text == "{" || (strings.HasPrefix(text, "{") && !strings.HasSuffix(text, "}")):
			hint = "; an object spread over several lines must be put on one line"
		case err != nil:
			hint = " (" + err.Error() + ")"
		}
		return fail("", "expected one JSON object on the line, such as {\"office\":\"书记\",\"for\":[\"张三\"]}, got %s%s", preview(text), hint)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return rec, notObject(err)
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return rec, notObject(err)
		}
		key := tok.(string) // inside an object, Token gives a key or fails
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return rec, notObject(err)
		}
		if seen[key] {
			return rec, fail(key, "this key is given twice on the line")
		}
		seen[key] = true
		if err := setJSONField(&rec, key, raw); err != nil {
			return rec, fail(key, "%s", err.Error())
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return rec, notObject(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return rec, fail("", "more than one JSON value on the line: put each ballot on its own line")
	}
	if rec.Ranks != nil && len(rec.For)+len(rec.Against) > 0 {
		return rec, fail("ranks", "%s", marksAndRanks)
	}
	return rec, nil
}

// jsonRanksOut is a record's ranks as written: a skipped rank is [] (a nil
// list would be written null), and trailing skipped ranks are left out.
func jsonRanksOut(ranks [][]string) [][]string {
	ranks = trimRanks(ranks)
	if !slices.ContainsFunc(ranks, func(r []string) bool { return r == nil }) {
		return ranks
	}
	out := slices.Clone(ranks)
	for i := range out {
		if out[i] == nil {
			out[i] = []string{}
		}
	}
	return out
}

// jsonRanks reads the ranks of a ranked ballot: a list with one list of
// names per rank. A rank may be empty (skipped) or null; skipped ranks
// after the last marked one are dropped, as they change no count.
func jsonRanks(raw json.RawMessage) ([][]string, error) {
	want := `a list of ranks, each a list of names, such as [["甲"], [], ["乙", "丙"]]`
	if raw[0] == 'n' {
		return nil, nil
	}
	if raw[0] != '[' {
		return nil, wrongType(raw, want)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, err
	}
	out := make([][]string, len(items))
	for i, it := range items {
		switch it[0] {
		case 'n':
			continue
		case '[':
		case '"':
			return nil, fmt.Errorf("rank %d: expected a list of names, got a string: %s (a rank is a list even when it holds one name: [[\"甲\"], [\"乙\"]])", i+1, preview(string(it)))
		default:
			return nil, fmt.Errorf("rank %d: expected a list of names, such as [\"甲\"] or [] for a skipped rank, got %s: %s", i+1, jsonKind(it), preview(string(it)))
		}
		var names []json.RawMessage
		if err := json.Unmarshal(it, &names); err != nil {
			return nil, err
		}
		rank := make([]string, len(names))
		for j, n := range names {
			if n[0] != '"' {
				return nil, fmt.Errorf("rank %d, item %d: expected a name in quotes, got %s: %s", i+1, j+1, jsonKind(n), preview(string(n)))
			}
			if err := json.Unmarshal(n, &rank[j]); err != nil {
				return nil, err
			}
		}
		rank, err := cleanRank(rank)
		if err != nil {
			return nil, fmt.Errorf("rank %d: %v", i+1, err)
		}
		if len(rank) > 0 {
			out[i] = rank
		}
	}
	return trimRanks(out), nil
}

// setJSONField reads one key's value into the record.
func setJSONField(rec *count.BallotRecord, key string, raw json.RawMessage) error {
	var err error
	switch key {
	case "office":
		rec.Office, err = jsonString(raw, `the office's name, such as "书记"`)
		rec.Office = strings.TrimSpace(rec.Office)
	case "source":
		rec.Source, err = jsonString(raw, `the voters' group, such as "党员"`)
		rec.Source = strings.TrimSpace(rec.Source)
	case "note":
		rec.Note, err = jsonString(raw, "a note in quotes")
	case "invalid":
		var s string
		if s, err = jsonString(raw, `a reason in quotes, such as "over-vote"`); err == nil {
			rec.Invalid, err = parseReason(s)
		}
	case "round":
		rec.Round, err = jsonNumber(raw, "the round's number")
	case "ballot":
		rec.Number, err = jsonNumber(raw, "the ballot's number")
	case "for":
		rec.For, err = jsonNames(raw, false)
	case "against":
		rec.Against, err = jsonNames(raw, false)
	case "ranks":
		rec.Ranks, err = jsonRanks(raw)
	case "write_ins":
		rec.WriteIns, err = jsonNames(raw, true)
	case "write_ins_unmarked":
		rec.WriteInsUnmarked, err = jsonNames(raw, true)
	default:
		err = fmt.Errorf("unknown key%s", count.Suggest(key, jsonKeys))
	}
	return err
}

// jsonKind names a JSON value's type as an error message says it.
func jsonKind(raw json.RawMessage) string {
	switch raw[0] {
	case '"':
		return "a string"
	case '[':
		return "a list"
	case '{':
		return "an object"
	case 't', 'f':
		return "true/false"
	case 'n':
		return "null"
	}
	return "a number"
}

// preview shows a value in an error message, cut short if long.
func preview(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max]) + "…"
	}
	return s
}

func wrongType(raw json.RawMessage, want string) error {
	return fmt.Errorf("expected %s, got %s: %s", want, jsonKind(raw), preview(string(raw)))
}

// jsonString reads a string; null is the empty string.
func jsonString(raw json.RawMessage, want string) (string, error) {
	if raw[0] == 'n' {
		return "", nil
	}
	if raw[0] != '"' {
		return "", wrongType(raw, want)
	}
	var s string
	err := json.Unmarshal(raw, &s)
	return s, err
}

// jsonNumber reads a round or ballot number: 0 (or null) is "not given".
func jsonNumber(raw json.RawMessage, what string) (int, error) {
	if raw[0] == 'n' {
		return 0, nil
	}
	want := what + ", a whole number such as 17"
	if raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') {
		return 0, wrongType(raw, want)
	}
	text := string(raw)
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		// 17.0 and 1e2 are whole numbers too.
		f, ferr := strconv.ParseFloat(text, 64)
		if ferr != nil || f != math.Trunc(f) || math.Abs(f) > math.MaxInt32 {
			return 0, fmt.Errorf("expected %s, got %s", want, text)
		}
		n = int64(f)
	}
	if n < 0 || n > math.MaxInt32 {
		return 0, fmt.Errorf("expected %s, 1 or more (0 or no key at all: not given), got %s", what, text)
	}
	return int(n), nil
}

// jsonNames reads a list of names, trimming each. An empty name is an
// error in a list of marks, where it can only be a slip; written-in names
// that are empty are dropped, as an empty line on the paper would be.
func jsonNames(raw json.RawMessage, writeIns bool) ([]string, error) {
	want := `a list of names, such as ["张三", "李四"]`
	if raw[0] == 'n' {
		return nil, nil
	}
	if raw[0] != '[' {
		return nil, wrongType(raw, want)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, err
	}
	var out []string
	for i, it := range items {
		if it[0] != '"' {
			return nil, fmt.Errorf("item %d: expected a name in quotes, got %s: %s", i+1, jsonKind(it), preview(string(it)))
		}
		var s string
		if err := json.Unmarshal(it, &s); err != nil {
			return nil, err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			if writeIns {
				continue
			}
			return nil, fmt.Errorf("item %d is an empty name", i+1)
		}
		out = append(out, s)
	}
	return out, nil
}
