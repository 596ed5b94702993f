package store

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"tally/count"
)

// FileError is a problem in an input file: the file, the line (0 if
// unknown), the field, and what was expected. Column is set for syntax
// errors only, counted in characters so that it matches an editor's column
// on a line of Chinese text.
type FileError struct {
	File   string
	Line   int
	Column int
	// Field is the path of the field, counting tables from 1
	// (offices[2].seats is the second [[offices]] table's seats); empty for
	// a syntax error.
	Field string
	Msg   string
}

// Error reads "party.toml:14: offices[2].seats: expected … (got 0)".
func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(count.BoundQuotes(e.Msg))
	return b.String()
}

// FileErrors are every problem found in one file, in line order, so that a
// user can fix the file in one go.
type FileErrors []*FileError

// Error writes one problem a line.
func (es FileErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find each *FileError.
func (es FileErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// LoadElection reads and checks an election file.
func LoadElection(path string) (*count.Election, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseElection(path, data)
}

// ParseElection reads an election file's text; name is used in messages.
// It returns every problem it finds as FileErrors, and no election unless
// the file is free of problems.
func ParseElection(name string, data []byte) (*count.Election, error) {
	// Notepad on Windows starts UTF-8 files with a byte order mark.
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if err := checkUTF8Text(name, data); err != nil {
		return nil, FileErrors{err}
	}
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		return nil, FileErrors{syntaxError(name, data, err)}
	}
	r := &fileReader{file: name, pos: walkKeyLines(data)}
	e := r.election(doc)
	r.validate(e)
	if len(r.errs) > 0 {
		sort.SliceStable(r.errs, func(i, j int) bool { return r.errs[i].Line < r.errs[j].Line })
		return nil, r.errs
	}
	return e, nil
}

// TableRules are the table's procedure an election file sets in [table]:
// who may do what beyond docs/roles.md's defaults.
type TableRules struct {
	// ChiefKeysThird: the chief scrutineer may key a paper a third time
	// (their third keying is then the only keying by a non-keyer).
	ChiefKeysThird bool
}

// TableRulesOf reads an election file's [table] (which ParseElection has
// checked).
func TableRulesOf(data []byte) TableRules {
	var doc struct {
		Table struct {
			ChiefKeysThird bool `toml:"chief_keys_third"`
		} `toml:"table"`
	}
	toml.Unmarshal(bytes.TrimPrefix(data, []byte("\uFEFF")), &doc)
	return TableRules{ChiefKeysThird: doc.Table.ChiefKeysThird}
}

// The keys each table of an election file accepts. The documentation test
// checks that docs/election-file.md describes every one of them.
var (
	topKeys      = []string{"title", "body", "place", "date", "lang", "preset", "ballot", "settings", "electorate", "offices", "papers", "rounds", "ranked", "table"}
	tableKeys    = []string{"chief_keys_third"}
	officeKeys   = []string{"name", "seats", "candidates", "narrow", "max_choices", "sources"}
	sourceKeys   = []string{"name", "weight"}
	paperKeys    = []string{"name", "offices", "combined"}
	roundOwnKeys = []string{"office", "round"}
	figureKeys   = []string{"members", "probationary", "entitled", "present", "registered", "voted", "proxies", "proxy_holders", "issued", "returned"}
	figureFields = map[string]func(*count.Figures) *int{
		"members":       func(f *count.Figures) *int { return &f.Members },
		"probationary":  func(f *count.Figures) *int { return &f.Probationary },
		"entitled":      func(f *count.Figures) *int { return &f.Entitled },
		"present":       func(f *count.Figures) *int { return &f.Present },
		"registered":    func(f *count.Figures) *int { return &f.Registered },
		"voted":         func(f *count.Figures) *int { return &f.Voted },
		"proxies":       func(f *count.Figures) *int { return &f.Proxies },
		"proxy_holders": func(f *count.Figures) *int { return &f.ProxyHolders },
		"issued":        func(f *count.Figures) *int { return &f.Issued },
		"returned":      func(f *count.Figures) *int { return &f.Returned },
	}
	langs = []string{"zh", "en"}
)

// fileReader turns a decoded document into an election, collecting every
// problem instead of stopping at the first.
type fileReader struct {
	file string
	pos  keyLines
	errs FileErrors
	// covered are fields a typo's message already accounts for: with
	// seat = 1 reported, a missing seats is not reported again.
	covered []string
}

func (r *fileReader) fail(path, format string, args ...any) {
	r.errs = append(r.errs, &FileError{File: r.file, Line: r.pos.lineOf(path), Field: path, Msg: fmt.Sprintf(format, args...)})
}

func (r *fileReader) election(doc map[string]any) *count.Election {
	e := &count.Election{}
	r.unknownKeys("", "an election file", doc, topKeys)

	if v, ok := doc["title"]; ok {
		if e.Title = r.text("title", v); strings.TrimSpace(e.Title) == "" && r.ok("title") {
			r.fail("title", "empty: give the election its title, such as title = \"中共红星村支部委员会换届选举\"")
		}
	} else if !underAnyPath("title", r.covered) {
		r.fail("title", "missing: give the election its title, such as title = \"中共红星村支部委员会换届选举\"")
	}
	if v, ok := doc["body"]; ok {
		e.Body = r.text("body", v)
	}
	if v, ok := doc["place"]; ok {
		e.Place = r.text("place", v)
	}
	if v, ok := doc["date"]; ok {
		e.Date = r.date("date", v)
	}
	if v, ok := doc["lang"]; ok {
		if s := r.text("lang", v); r.ok("lang") {
			if s != "zh" && s != "en" {
				r.fail("lang", "expected zh or en (got %q)%s", s, count.Suggest(s, langs))
			}
			e.Lang = s
		}
	}
	if v, ok := doc["preset"]; ok {
		if s := r.text("preset", v); r.ok("preset") {
			p, err := count.ParsePreset(s)
			if err != nil {
				r.fail("preset", "%v", err)
			}
			e.Preset = p
		}
	}
	if v, ok := doc["ballot"]; ok {
		if s := r.text("ballot", v); r.ok("ballot") {
			b, err := count.ParseBallotKind(s)
			if err != nil {
				r.fail("ballot", "%v", err)
			}
			e.Ballot = b
		}
	}

	if _, given := doc["preset"]; !given && e.Ballot == count.BallotRanked {
		// A ranked count has its own rules; the plurality preset adds no
		// quorum or threshold of its own unless [settings] asks for one.
		e.Preset = count.PresetPlurality
	}
	e.Settings = count.PresetSettings(e.Preset)
	if v, ok := doc["ranked"]; ok {
		if m := r.table("ranked", "[ranked]", v); m != nil {
			e.Ranked = r.ranked(m)
		}
	}
	if v, ok := doc["table"]; ok {
		// The table's procedure, which the store follows (TableRulesOf);
		// the count does not read it.
		if m := r.table("table", "[table]", v); m != nil {
			r.unknownKeys("table", "[table]", m, tableKeys)
			if b, ok := m["chief_keys_third"]; ok {
				r.boolean("table.chief_keys_third", b)
			}
		}
	}
	if v, ok := doc["settings"]; ok {
		if m := r.table("settings", "[settings]", v); m != nil {
			e.Overrides = r.settings(&e.Settings, m)
		}
	}
	if v, ok := doc["electorate"]; ok {
		if m := r.table("electorate", "[electorate]", v); m != nil {
			r.unknownKeys("electorate", "[electorate]", m, figureKeys)
			e.Figures = r.figures("electorate", m)
		}
	}
	if v, ok := doc["offices"]; ok {
		for i, m := range r.tables("offices", "[[offices]]", v) {
			e.Offices = append(e.Offices, r.office(fmt.Sprintf("offices[%d]", i+1), m))
		}
	}
	if v, ok := doc["papers"]; ok {
		for i, m := range r.tables("papers", "[[papers]]", v) {
			e.Papers = append(e.Papers, r.paper(fmt.Sprintf("papers[%d]", i+1), m))
		}
	}
	if v, ok := doc["rounds"]; ok {
		for i, m := range r.tables("rounds", "[[rounds]]", v) {
			e.Rounds = append(e.Rounds, r.round(fmt.Sprintf("rounds[%d]", i+1), m))
		}
	}
	return e
}

// ranked reads the [ranked] table: the method first (its defaults), then
// each option by key, then the lots drawn so far ([[ranked.lots]]).
func (r *fileReader) ranked(m map[string]any) *count.RankedRules {
	method := count.RankedIRV
	if v, ok := m["method"]; ok {
		if s := r.text("ranked.method", v); r.ok("ranked.method") {
			var mm count.RankedMethod
			if err := mm.UnmarshalText([]byte(s)); err != nil {
				r.fail("ranked.method", "%v; expected one of %s", err, strings.Join(count.RankedMethods(), ", "))
			} else {
				method = mm
			}
		}
	} else {
		r.fail("ranked", "missing method: expected method = one of %s", strings.Join(count.RankedMethods(), ", "))
	}
	rules := count.DefaultRankedRules(method)
	for _, k := range r.pos.ordered("ranked", m) {
		path := "ranked." + k
		if k == "method" {
			continue
		}
		if k == "lots" {
			for i, lm := range r.tables(path, "[[ranked.lots]]", m[k]) {
				lp := fmt.Sprintf("%s[%d]", path, i+1)
				r.unknownKeys(lp, "[[ranked.lots]]", lm, []string{"round", "among", "chosen"})
				var lot count.Lot
				if v, ok := lm["round"]; ok {
					lot.Round = r.integer(lp+".round", v)
				}
				if v, ok := lm["among"]; ok {
					lot.Among = r.names(lp+".among", v)
				}
				if v, ok := lm["chosen"]; ok {
					lot.Chosen = r.text(lp+".chosen", v)
				}
				rules.Tie.Lots = append(rules.Tie.Lots, lot)
			}
			continue
		}
		var text string
		switch v := m[k].(type) {
		case string:
			text = v
		case bool:
			text = strconv.FormatBool(v)
		case int64:
			text = strconv.FormatInt(v, 10)
		case float64:
			text = strconv.FormatFloat(v, 'f', -1, 64)
		case []any:
			if err := rules.SetList(k, r.names(path, v)); err != nil {
				r.fail(path, "%v", err)
			}
			continue
		default:
			r.fail(path, "expected a value: a word in quotes, a number, true/false or a list of names (got %s)", describeValue(v))
			continue
		}
		if !slices.Contains(count.RankedKeys(), k) {
			r.fail(path, "unknown key in [ranked]%s", count.Suggest(k, count.RankedKeys()))
			continue
		}
		if err := rules.Set(k, text); err != nil {
			r.fail(path, "%v", err)
		}
	}
	return &rules
}

// settings applies the [settings] table in file order and returns the keys
// it changed, in that order.
func (r *fileReader) settings(s *count.Settings, m map[string]any) []string {
	var keys []string
	for _, k := range r.pos.ordered("settings", m) {
		path := "settings." + k
		var text string
		switch v := m[k].(type) {
		case string:
			text = v
		case bool:
			text = strconv.FormatBool(v)
		case int64:
			text = strconv.FormatInt(v, 10)
		case float64:
			text = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			r.fail(path, "expected a single value: a word in quotes, a number or true/false (got %s)", describeValue(v))
			continue
		}
		if err := s.Set(k, text); err != nil {
			r.fail(path, "%v", err)
			continue
		}
		keys = append(keys, k)
	}
	return keys
}

func (r *fileReader) figures(path string, m map[string]any) count.Figures {
	var f count.Figures
	for _, k := range figureKeys {
		if v, ok := m[k]; ok {
			*figureFields[k](&f) = r.integer(path+"."+k, v)
		}
	}
	return f
}

func (r *fileReader) office(path string, m map[string]any) count.Office {
	r.unknownKeys(path, "[[offices]]", m, officeKeys)
	var o count.Office
	if v, ok := m["name"]; ok {
		o.Name = r.text(path+".name", v)
	}
	if v, ok := m["seats"]; ok {
		o.Seats = r.integer(path+".seats", v)
	}
	if v, ok := m["candidates"]; ok {
		o.Candidates = r.names(path+".candidates", v)
	}
	if v, ok := m["narrow"]; ok {
		p := path + ".narrow"
		for i, x := range r.list(p, v, `a list of ratios, such as ["40%", "20%"]`) {
			o.Narrow = append(o.Narrow, r.ratio(fmt.Sprintf("%s[%d]", p, i+1), x))
		}
	}
	if v, ok := m["max_choices"]; ok {
		o.MaxChoices = r.integer(path+".max_choices", v)
	}
	if v, ok := m["sources"]; ok {
		for i, sm := range r.tables(path+".sources", "[[offices.sources]]", v) {
			sp := fmt.Sprintf("%s.sources[%d]", path, i+1)
			r.unknownKeys(sp, "[[offices.sources]]", sm, sourceKeys)
			var s count.Source
			if v, ok := sm["name"]; ok {
				s.Name = r.text(sp+".name", v)
			}
			if v, ok := sm["weight"]; ok {
				s.Weight = r.ratio(sp+".weight", v)
			}
			o.Sources = append(o.Sources, s)
		}
	}
	return o
}

func (r *fileReader) paper(path string, m map[string]any) count.Paper {
	r.unknownKeys(path, "[[papers]]", m, paperKeys)
	var p count.Paper
	if v, ok := m["name"]; ok {
		p.Name = r.text(path+".name", v)
	}
	if v, ok := m["offices"]; ok {
		p.Offices = r.names(path+".offices", v)
	}
	if v, ok := m["combined"]; ok {
		p.Combined = r.boolean(path+".combined", v)
	}
	return p
}

func (r *fileReader) round(path string, m map[string]any) count.RoundFigures {
	r.unknownKeys(path, "[[rounds]]", m, append(append([]string(nil), roundOwnKeys...), figureKeys...))
	var rf count.RoundFigures
	if v, ok := m["office"]; ok {
		rf.Contest = r.text(path+".office", v)
	}
	if v, ok := m["round"]; ok {
		rf.Round = r.integer(path+".round", v)
	}
	rf.Figures = r.figures(path, m)
	return rf
}

// validate adds the election's own checks, each at the line of the field it
// names. A field that already has a problem from reading is not reported
// again: a seats = "three" would otherwise also read as 0 seats, and a
// seat = 3 as no seats at all.
func (r *fileReader) validate(e *count.Election) {
	reported := slices.Clone(r.covered)
	for _, fe := range r.errs {
		reported = append(reported, fe.Field)
	}
	for _, fe := range e.Validate() {
		if !underAnyPath(fe.Path, reported) {
			r.fail(fe.Path, "%s", fe.Msg)
		}
	}
}

// underAnyPath reports whether path is one of paths or a field inside one.
func underAnyPath(path string, paths []string) bool {
	for _, p := range paths {
		if p == "" {
			continue
		}
		if path == p || strings.HasPrefix(path, p+".") || strings.HasPrefix(path, p+"[") {
			return true
		}
	}
	return false
}

// ok reports whether no problem has been found at path yet.
func (r *fileReader) ok(path string) bool {
	for _, fe := range r.errs {
		if fe.Field == path {
			return false
		}
	}
	return true
}

func (r *fileReader) unknownKeys(path, table string, m map[string]any, known []string) {
	for _, k := range r.pos.ordered(path, m) {
		if slices.Contains(known, k) {
			continue
		}
		what := "key"
		switch v := m[k].(type) {
		case map[string]any:
			what = "table [" + joinKey(path, k) + "]"
		case []any:
			if len(v) > 0 {
				if _, ok := v[0].(map[string]any); ok {
					what = "table [[" + joinKey(path, k) + "]]"
				}
			}
		}
		r.fail(joinKey(path, k), "unknown %s in %s%s", what, table, count.Suggest(k, known))
		// seat = 1 explains why seats is missing: say it once.
		if meant, ok := count.Closest(k, known); ok {
			if _, given := m[meant]; !given {
				r.covered = append(r.covered, joinKey(path, meant))
			}
		}
	}
}

func joinKey(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

func (r *fileReader) text(path string, v any) string {
	s, ok := v.(string)
	if !ok {
		r.fail(path, "expected text in double quotes (got %s)", describeValue(v))
	}
	return s
}

func (r *fileReader) integer(path string, v any) int {
	n, ok := v.(int64)
	if !ok {
		r.fail(path, "expected a whole number, written without quotes (got %s)", describeValue(v))
		return 0
	}
	if n > math.MaxInt32 || n < math.MinInt32 {
		r.fail(path, "expected a count up to %d (got %d)", math.MaxInt32, n)
		return 0
	}
	return int(n)
}

func (r *fileReader) boolean(path string, v any) bool {
	b, ok := v.(bool)
	if !ok {
		r.fail(path, "expected true or false, written without quotes (got %s)", describeValue(v))
	}
	return b
}

func (r *fileReader) ratio(path string, v any) count.Ratio {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case int64:
		s = strconv.FormatInt(x, 10)
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		r.fail(path, "expected a ratio such as \"40%%\", \"1/3\" or 0.4 (got %s)", describeValue(v))
		return count.Ratio{}
	}
	q, err := count.ParseRatio(s)
	if err != nil {
		r.fail(path, "%v", err)
	}
	return q
}

func (r *fileReader) date(path string, v any) string {
	switch x := v.(type) {
	case toml.LocalDate:
		return x.String()
	case string:
		if _, err := time.Parse(time.DateOnly, x); err != nil {
			r.fail(path, "expected a date written YYYY-MM-DD, such as \"2026-11-21\" (got %q)", x)
		}
		return x
	}
	r.fail(path, "expected a date written YYYY-MM-DD, such as 2026-11-21 (got %s)", describeValue(v))
	return ""
}

func (r *fileReader) list(path string, v any, want string) []any {
	l, ok := v.([]any)
	if !ok {
		r.fail(path, "expected %s (got %s)", want, describeValue(v))
	}
	return l
}

// names reads a list of names; a name of the wrong type stays in the list as
// "" so that later fields keep their numbers.
func (r *fileReader) names(path string, v any) []string {
	l := r.list(path, v, `a list of names in double quotes, such as ["甲", "乙"]`)
	if l == nil {
		return nil
	}
	out := make([]string, len(l))
	for i, x := range l {
		out[i] = r.text(fmt.Sprintf("%s[%d]", path, i+1), x)
	}
	return out
}

func (r *fileReader) table(path, header string, v any) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		r.fail(path, "expected a %s table (got %s)", header, describeValue(v))
	}
	return m
}

// tables reads an array of tables, written [[offices]] or as a list of
// inline tables.
func (r *fileReader) tables(path, header string, v any) []map[string]any {
	l, ok := v.([]any)
	if !ok {
		if _, single := v.(map[string]any); single {
			r.fail(path, "expected %s with double brackets, one table for each (got a single %s table)", header, header[1:len(header)-1])
		} else {
			r.fail(path, "expected %s tables (got %s)", header, describeValue(v))
		}
		return nil
	}
	out := make([]map[string]any, len(l))
	for i, x := range l {
		m, ok := x.(map[string]any)
		if !ok {
			r.fail(fmt.Sprintf("%s[%d]", path, i+1), "expected a %s table (got %s)", header, describeValue(x))
			m = map[string]any{}
		}
		out[i] = m
	}
	return out
}

// describe names a decoded value's type and value for a message.
func describeValue(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("the text %q", x)
	case int64:
		return fmt.Sprintf("the number %d", x)
	case float64:
		s := strconv.FormatFloat(x, 'f', -1, 64)
		if !strings.ContainsAny(s, ".NI") {
			s += ".0"
		}
		return "the number " + s
	case bool:
		return fmt.Sprintf("%t", x)
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	case toml.LocalDate:
		return "the date " + x.String()
	case toml.LocalDateTime, toml.LocalTime, time.Time:
		return fmt.Sprintf("the time %v", x)
	}
	return fmt.Sprintf("%v", v)
}

// checkUTF8 refuses a file in another encoding (GBK, say) with a message
// that says how to fix it, rather than a parser error about a stray byte.
func checkUTF8Text(name string, data []byte) *FileError {
	if utf8.Valid(data) {
		return nil
	}
	off := 0
	for off < len(data) {
		c, size := utf8.DecodeRune(data[off:])
		if c == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	line, col := charPosition(data, off)
	return &FileError{File: name, Line: line, Column: col,
		Msg: "the file is not UTF-8 text (saved as GBK?): save it with the UTF-8 encoding"}
}

// position returns the line and character column of a byte offset.
func charPosition(data []byte, off int) (line, col int) {
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return bytes.Count(data[:off], []byte("\n")) + 1, utf8.RuneCount(data[start:off]) + 1
}

// syntaxError turns go-toml's error into a FileError with a character
// column, and its mention of a byte into the character a user typed.
func syntaxError(name string, data []byte, err error) *FileError {
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		return &FileError{File: name, Msg: err.Error()}
	}
	line, byteCol := de.Position()
	msg := strings.TrimPrefix(de.Error(), "toml: ")
	fe := &FileError{File: name, Line: line, Column: byteCol, Msg: msg}
	// Find the offset the error points at: go-toml counts columns in bytes.
	off, l := 0, 1
	for l < line && off < len(data) {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
		l++
	}
	off += byteCol - 1
	if off < 0 || off > len(data) {
		return fe
	}
	fe.Line, fe.Column = charPosition(data, off)
	if off < len(data) && data[off] >= utf8.RuneSelf {
		c, _ := utf8.DecodeRune(data[off:])
		word := data[off:]
		if i := bytes.IndexAny(word, " \t\r\n#,]}"); i >= 0 {
			word = word[:i]
		}
		switch {
		case strings.Contains(msg, "at start of value"):
			fe.Msg = fmt.Sprintf("text must be in double quotes: write \"%s\"", word)
		case strings.Contains(msg, "start of key"):
			fe.Msg = fmt.Sprintf("unexpected %q: keys are English words such as name or seats, and a name is written as name = \"%s\"", word, word)
		default:
			fe.Msg = strings.ReplaceAll(msg, fmt.Sprintf("%#U", rune(data[off])), fmt.Sprintf("%#U", c))
		}
	}
	return fe
}

// keyLines maps each field's path (offices[2].seats) to the line it is
// written on, from the parser's syntax tree rather than a search of the
// text, and remembers the order keys first appear in.
type keyLines struct {
	lines map[string]int
	seq   map[string]int
}

// lineOf returns the line of path, or of the nearest table that holds it,
// or 0 when none is written in the file.
func (p keyLines) lineOf(path string) int {
	for path != "" {
		if l, ok := p.lines[path]; ok {
			return l
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			return 0
		}
		path = path[:i]
	}
	return 0
}

// ordered returns the keys of the table at path in the order they are
// written.
func (p keyLines) ordered(path string, m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	seq := func(k string) int {
		if n, ok := p.seq[joinKey(path, k)]; ok {
			return n
		}
		return math.MaxInt
	}
	sort.Slice(keys, func(i, j int) bool {
		si, sj := seq(keys[i]), seq(keys[j])
		if si != sj {
			return si < sj
		}
		return keys[i] < keys[j]
	})
	return keys
}

// walkKeyLines walks the document's expressions, numbering array-of-table
// entries as the decoder does: each [[offices]] header adds one to the
// offices counter, and [[offices.sources]] counts within the latest office.
func walkKeyLines(data []byte) keyLines {
	w := &keyWalker{pos: keyLines{lines: map[string]int{}, seq: map[string]int{}}, arrays: map[string]int{}}
	w.p.Reset(data)
	table := ""
	for w.p.NextExpression() {
		e := w.p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			path := ""
			it := e.Key()
			for it.Next() {
				k := it.Node()
				path = joinKey(path, string(k.Data))
				line := w.line(k, 0)
				if it.IsLast() && e.Kind == unstable.ArrayTable {
					w.arrays[path]++
					path = fmt.Sprintf("%s[%d]", path, w.arrays[path])
					w.set(path, line)
				} else {
					if n, ok := w.arrays[path]; ok {
						path = fmt.Sprintf("%s[%d]", path, n)
					}
					w.setOnce(path, line)
				}
			}
			table = path
		case unstable.KeyValue:
			w.keyValue(table, e)
		}
	}
	return w.pos
}

type keyWalker struct {
	p      unstable.Parser
	pos    keyLines
	arrays map[string]int
}

func (w *keyWalker) line(n *unstable.Node, fallback int) int {
	if n == nil || n.Raw.Length == 0 {
		return fallback
	}
	return w.p.Shape(n.Raw).Start.Line
}

func (w *keyWalker) set(path string, line int) {
	w.pos.lines[path] = line
	if _, ok := w.pos.seq[path]; !ok {
		w.pos.seq[path] = len(w.pos.seq)
	}
}

func (w *keyWalker) setOnce(path string, line int) {
	if _, ok := w.pos.lines[path]; !ok {
		w.set(path, line)
	}
}

func (w *keyWalker) keyValue(table string, kv *unstable.Node) {
	path, line := table, 0
	it := kv.Key()
	for it.Next() {
		k := it.Node()
		path = joinKey(path, string(k.Data))
		line = w.line(k, line)
		if it.IsLast() {
			w.set(path, line)
		} else {
			w.setOnce(path, line)
		}
	}
	w.value(path, kv.Value(), line)
}

func (w *keyWalker) value(path string, v *unstable.Node, line int) {
	switch v.Kind {
	case unstable.InlineTable:
		it := v.Children()
		for it.Next() {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				w.keyValue(path, c)
			}
		}
	case unstable.Array:
		i := 0
		it := v.Children()
		for it.Next() {
			c := it.Node()
			if c.Kind == unstable.Comment {
				continue
			}
			i++
			p := fmt.Sprintf("%s[%d]", path, i)
			l := w.line(c, line)
			w.set(p, l)
			w.value(p, c, l)
		}
	}
}
