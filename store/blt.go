package store

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"tally/count"
)

// BLTFile is a ranked election in the BLT format, the ballot file of most
// STV programs (ERS, OpenSTV, Droop, stv-rs). A ballot names candidates by
// their number in the file, from 1; Ballots use indexes into Candidates,
// from 0.
type BLTFile struct {
	// Title is the election's title, the quoted line after the names.
	Title string
	// Seats is the number of seats to fill.
	Seats int
	// Candidates are the names in the file's order: candidate number i+1
	// is Candidates[i].
	Candidates []string
	// Withdrawn are the candidates who withdrew, by name, in the file's
	// order. They stay on the ballots as marked; a count removes them.
	Withdrawn []string
	// Ballots are the file's ballots, each ballot line's weight its Count.
	// Identical rankings are merged as they are read, in the order they
	// first appear, so that a count's work grows with the distinct
	// rankings; skipped ranks after the last marked one are dropped.
	Ballots []count.Ranking
	// TieOrder is a [tie] line's order of the candidates, by name: the
	// order ties are decided in (count.TieRules.Order with
	// OrderPicksFirst). Empty when the file has none.
	TieOrder []string
	// Options are the file's other [option] lines, without the brackets,
	// words separated by one space: "nick a b c", "droop meek". A "nick"
	// option names the candidates in the ballot lines, and the writer uses
	// it too.
	Options []string
}

// maxBLTCandidates bounds the candidates a BLT file may declare, before
// any memory is set aside for them. Droop stores candidate numbers in 16
// bits; no real election comes near.
const maxBLTCandidates = 65535

// ReadBLT reads a BLT file:
//
//	4 2                          candidates, seats
//	-4                           optional: withdrawn candidates
//	[tie 3 1 2 4]                optional: [tie], [withdrawn], [nick], other options
//	3 1 2 0                      a weight, candidates from first preference, 0
//	1 2=3 - 1 0                  = ranks equally, - skips a rank
//	(b7) 1 4 0                   a ballot ID in parentheses is ignored
//	0                            the end of the ballots
//	"甲"                         the names, in order, each in double quotes
//	"乙"
//	"丙"
//	"丁"
//	"村民代表选举"               the title; anything after it is ignored
//
// A # outside double quotes starts a comment to the end of the line; blank
// lines, Windows line ends and a byte order mark are harmless. One ballot
// goes on a line (Droop would let one run over several). Ballot lines with
// the same ranking are merged (BLTFile.Ballots). name is the file's name
// as the user gave it. Every problem with the content is a
// *count.InputError naming "NAME:LINE" and saying what was expected; an
// error reading r is returned wrapped. On any error no file is returned.
func ReadBLT(name string, r io.Reader) (*BLTFile, error) {
	p := &bltParser{name: name, br: bufio.NewReaderSize(r, 64<<10)}
	if b, err := p.br.Peek(3); err == nil && string(b) == "\ufeff" {
		p.br.Discard(3)
	}
	f, err := p.parse()
	if err != nil {
		return nil, err
	}
	return f, nil
}

// bltParser reads a BLT file line by line. The ballot lines, a million of
// them in a large election, are parsed in place in the reader's buffer,
// and a ranking seen before costs a map lookup and no allocation.
type bltParser struct {
	name string
	br   *bufio.Reader
	line int    // the line last read, from 1
	long []byte // a line longer than br's buffer

	// rest is what is left of the current line while quoted names are read.
	rest []byte

	f    BLTFile
	n    int            // candidates declared
	nick map[string]int // a [nick] option's nicknames, to candidate indexes
	tie  []int          // a [tie] line's order, until the names are read

	// key is the ballot line being read: its candidates in order, each
	// rank ended by -1. seen is a per-candidate stamp that finds a
	// candidate ranked twice on it.
	key   []int
	seen  []uint32
	stamp uint32
	// index finds the Ballots entries by a hash of their key (the first
	// with that hash; same links the rest), and keys are their keys, so
	// that an identical ranking is merged into its entry.
	index    map[uint64]int
	same     []int
	keys     [][]int
	keySlab  []int
	rankSlab [][]int
}

func (p *bltParser) fail(line int, format string, args ...any) error {
	return &count.InputError{Origin: originAt(p.name, max(line, 1)), Msg: fmt.Sprintf(format, args...)}
}

// readLine reads the next line, newline and all; ok is false at the end.
// The line is valid until the next read.
func (p *bltParser) readLine() (b []byte, ok bool, err error) {
	b, err = p.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		p.long = append(p.long[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = p.br.ReadSlice('\n')
			p.long = append(p.long, b...)
		}
		b = p.long
	}
	if err != nil && err != io.EOF {
		return nil, false, fmt.Errorf("%s: %w", p.name, err)
	}
	if len(b) == 0 {
		return nil, false, nil
	}
	p.line++
	return b, true, nil
}

// next reads the next line with anything on it but spaces and a comment,
// and returns what is on it, trimmed.
func (p *bltParser) next() (b []byte, ok bool, err error) {
	for {
		b, ok, err = p.readLine()
		if !ok || err != nil {
			return nil, false, err
		}
		if b = trimASCII(stripComment(b)); len(b) > 0 {
			return b, true, nil
		}
	}
}

// stripComment cuts a line at a # outside double quotes: "Write-in #1" is
// a name, not a comment.
func stripComment(b []byte) []byte {
	i := bytes.IndexByte(b, '#')
	if i < 0 {
		return b
	}
	if bytes.IndexByte(b[:i], '"') < 0 {
		return b[:i]
	}
	quoted := false
	for j, c := range b {
		switch {
		case c == '"':
			quoted = !quoted
		case c == '#' && !quoted:
			return b[:j]
		}
	}
	return b
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'
}

func trimASCII(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// token returns the token of b that starts at i (after any spaces) and
// the index after it; an empty token at the end of b.
func token(b []byte, i int) (tok []byte, next int) {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	start := i
	for i < len(b) && !isSpace(b[i]) {
		i++
	}
	return b[start:i], i
}

// digits reads a whole number written in ASCII digits. tooLarge says a
// number that does not fit.
func digits(tok []byte) (n int64, ok, tooLarge bool) {
	if len(tok) == 0 {
		return 0, false, false
	}
	for _, c := range tok {
		if c < '0' || c > '9' {
			return 0, false, false
		}
		d := int64(c - '0')
		if n > (math.MaxInt64-d)/10 {
			return 0, false, true
		}
		n = n*10 + d
	}
	return n, true, false
}

// shown quotes a piece of a line for a message, cut short if long.
func shown(b []byte) string { return strconv.Quote(preview(string(b))) }

func (p *bltParser) parse() (*BLTFile, error) {
	b, ok, err := p.next()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, p.fail(p.line, "the file is empty: expected a BLT file, whose first line gives the number of candidates and of seats, such as 4 2")
	}
	if err := p.header(b); err != nil {
		return nil, err
	}

	// Before the ballots: withdrawn candidates and options, in any order.
	// A [nick] option may come after a [tie] that uses its nicknames, so
	// they are read once the ballots start.
	type pending struct {
		line int
		kind string // "tie" or "withdrawn"
		toks []string
	}
	var later []pending
	var withdrawn []int
	var tieLine int
	for {
		if b, ok, err = p.next(); err != nil {
			return nil, err
		}
		if !ok {
			return nil, p.fail(p.line, "the file ends before its ballots: expected ballot lines, such as 1 2 3 0, then a line 0, then the candidates' names")
		}
		switch {
		case b[0] == '[':
			kind, toks, err := p.option(b)
			if err != nil {
				return nil, err
			}
			switch kind {
			case "tie":
				if tieLine > 0 {
					return nil, p.fail(p.line, "a second [tie] line (the first is line %d): give the tie order once", tieLine)
				}
				tieLine = p.line
				later = append(later, pending{p.line, kind, toks})
			case "withdrawn":
				later = append(later, pending{p.line, kind, toks})
			case "nick":
				if p.nick != nil {
					return nil, p.fail(p.line, "a second [nick] line: give the nicknames once")
				}
				nick, err := nicknames(toks, p.n)
				if err != nil {
					return nil, p.fail(p.line, "[nick] %v", err)
				}
				p.nick = nick
				p.f.Options = append(p.f.Options, "nick "+strings.Join(toks, " "))
			default:
				p.f.Options = append(p.f.Options, strings.Join(append([]string{kind}, toks...), " "))
			}
			continue
		case b[0] == '-' && len(b) > 1 && b[1] >= '0' && b[1] <= '9':
			for tok, i := token(b, 0); len(tok) > 0; tok, i = token(b, i) {
				n, ok, _ := digits(tok[min(1, len(tok)):])
				if tok[0] != '-' || !ok || n < 1 || n > int64(p.n) {
					return nil, p.fail(p.line, "%s is not a withdrawn candidate: a line of withdrawn candidates gives their numbers with a minus sign, from -1 to -%d, such as -2 -4", shown(tok), p.n)
				}
				withdrawn = append(withdrawn, int(n-1))
			}
			continue
		}
		break
	}
	for _, o := range later {
		ix := make([]int, len(o.toks))
		for i, t := range o.toks {
			c, err := p.candidate([]byte(t))
			if err != nil {
				return nil, p.fail(o.line, "[%s]: %v", o.kind, err)
			}
			ix[i] = c
		}
		if o.kind == "withdrawn" {
			withdrawn = append(withdrawn, ix...)
			continue
		}
		if err := tieProblem(ix, p.n); err != nil {
			return nil, p.fail(o.line, "[tie] %v", err)
		}
		p.tie = ix
	}

	// The ballots, up to the line 0.
	p.seen = make([]uint32, p.n)
	p.index = map[uint64]int{}
	for {
		end, err := p.ballot(b)
		if err != nil {
			return nil, err
		}
		if end {
			break
		}
		if b, ok, err = p.next(); err != nil {
			return nil, err
		}
		if !ok {
			return nil, p.fail(p.line, "the file ends among the ballots: expected the line 0 that ends them, then the candidates' names in double quotes, then the title")
		}
	}

	// The names, then the title; what follows the title is ignored, as
	// Droop and OpenSTV ignore it.
	first := map[string]int{}
	for i := range p.n {
		s, err := p.quoted(func() string { return fmt.Sprintf("candidate %d's name", i+1) })
		if err != nil {
			return nil, err
		}
		if s == "" {
			return nil, p.fail(p.line, `candidate %d's name is empty: expected the name in double quotes, such as "张三"`, i+1)
		}
		if j, dup := first[s]; dup {
			return nil, p.fail(p.line, "candidate %d's name %q is also candidate %d's: each candidate needs a name of their own", i+1, s, j+1)
		}
		first[s] = i
		p.f.Candidates = append(p.f.Candidates, s)
	}
	if p.f.Title, err = p.quoted(func() string { return "the election's title" }); err != nil {
		return nil, err
	}

	for _, c := range withdrawn {
		if n := p.f.Candidates[c]; !slices.Contains(p.f.Withdrawn, n) {
			p.f.Withdrawn = append(p.f.Withdrawn, n)
		}
	}
	for _, c := range p.tie {
		p.f.TieOrder = append(p.f.TieOrder, p.f.Candidates[c])
	}
	return &p.f, nil
}

func (p *bltParser) header(b []byte) error {
	want := "expected the number of candidates and of seats, such as 4 2"
	nc, i := token(b, 0)
	ns, i := token(b, i)
	extra, _ := token(b, i)
	c, okc, _ := digits(nc)
	s, oks, _ := digits(ns)
	switch {
	case !okc || !oks || len(extra) > 0:
		return p.fail(p.line, "%s: %s", shown(b), want)
	case c < 1 || c > maxBLTCandidates:
		return p.fail(p.line, "%d candidates: %s, with 1 to %d candidates", c, want, maxBLTCandidates)
	case s < 1 || s > c:
		return p.fail(p.line, "%d seats for %d candidates: %s, with 1 seat or more and no more seats than candidates", s, c, want)
	}
	p.n, p.f.Seats = int(c), int(s)
	return nil
}

// option reads an [option] line: its name and words.
func (p *bltParser) option(b []byte) (kind string, toks []string, err error) {
	if b[len(b)-1] != ']' {
		return "", nil, p.fail(p.line, "%s: an option starts with [ and ends with ] on the same line, such as [tie 3 1 2]", shown(b))
	}
	inner := b[1 : len(b)-1]
	if bytes.ContainsAny(inner, "[]\"") {
		return "", nil, p.fail(p.line, "%s: expected one option in [ ], its name and words, such as [tie 3 1 2]", shown(b))
	}
	if !utf8.Valid(inner) {
		return "", nil, p.fail(p.line, "%s", notUTF8)
	}
	words := strings.Fields(string(inner))
	if len(words) == 0 {
		return "", nil, p.fail(p.line, "an empty option [ ]: expected its name and words, such as [tie 3 1 2]")
	}
	return words[0], words[1:], nil
}

// nicknames reads a [nick] option: a word for each of n candidates, in
// order, that ballot lines may use in place of the candidate's number.
func nicknames(toks []string, n int) (map[string]int, error) {
	if len(toks) != n {
		return nil, fmt.Errorf("gives %d nicknames for %d candidates: expected one for each, in order", len(toks), n)
	}
	nick := make(map[string]int, len(toks))
	for i, t := range toks {
		if problem := nickProblem(t); problem != "" {
			return nil, fmt.Errorf("%q cannot be a nickname: %s", t, problem)
		}
		if j, dup := nick[t]; dup {
			return nil, fmt.Errorf("%q is the nickname of candidates %d and %d", t, j+1, i+1)
		}
		nick[t] = i
	}
	return nick, nil
}

// nickProblem says why a word cannot be a nickname, or "": a ballot line
// would read it as something else.
func nickProblem(t string) string {
	if _, ok, tooLarge := digits([]byte(t)); ok || tooLarge {
		return "it reads as a candidate's number"
	}
	if t == "-" || strings.HasPrefix(t, "-") {
		return "a ballot line reads - as a skipped rank"
	}
	if strings.ContainsAny(t, "=#[]()\"") {
		return "it holds one of = # [ ] ( ) \", which mean something else in a BLT file"
	}
	return ""
}

// tieProblem checks a tie order, which lists each of n candidates once,
// as Droop requires.
func tieProblem(ix []int, n int) error {
	seen := make([]bool, n)
	for _, c := range ix {
		if seen[c] {
			return fmt.Errorf("lists candidate %d twice: expected every candidate once, in the order ties are decided", c+1)
		}
		seen[c] = true
	}
	if i := slices.Index(seen, false); i >= 0 {
		return fmt.Errorf("leaves out candidate %d: expected every candidate once, in the order ties are decided", i+1)
	}
	return nil
}

// candidate reads a candidate in a ballot line or an option: a number from
// 1, or a nickname. It returns the index, from 0.
func (p *bltParser) candidate(tok []byte) (int, error) {
	if n, ok, tooLarge := digits(tok); ok || tooLarge {
		if !ok || n < 1 || n > int64(p.n) {
			return 0, fmt.Errorf("%s is not a candidate: the candidates are numbered 1 to %d", shown(tok), p.n)
		}
		return int(n - 1), nil
	}
	if c, ok := p.nick[string(tok)]; ok {
		return c, nil
	}
	if p.nick != nil {
		return 0, fmt.Errorf("%s is not a candidate: expected a candidate's number, 1 to %d, or a nickname from [nick]", shown(tok), p.n)
	}
	return 0, fmt.Errorf("%s is not a candidate: expected a candidate's number, 1 to %d", shown(tok), p.n)
}

// ballot reads a ballot line, or the line 0 that ends the ballots (end).
func (p *bltParser) ballot(b []byte) (end bool, err error) {
	i := 0
	id := false
	if b[0] == '(' {
		// A ballot ID, as OpenSTV writes: "(17) 1 2 3 0".
		j := bytes.IndexByte(b, ')')
		if j < 0 {
			return false, p.fail(p.line, "a ballot ID in ( ) is not closed: expected (ID) weight candidates… 0")
		}
		i, id = j+1, true
	}
	tok, i := token(b, i)
	w, ok, tooLarge := digits(tok)
	switch {
	case tooLarge:
		return false, p.fail(p.line, "the weight %s is too large", shown(tok))
	case !ok && len(tok) > 0 && tok[0] == '"':
		return false, p.fail(p.line, "a name where a ballot was expected: the ballots end with a line 0, before the candidates' names")
	case !ok:
		return false, p.fail(p.line, "%s is not a ballot's weight: a ballot line is a weight (a whole number, 1 or more), the candidates' numbers from the first preference, then 0, such as 1 2 3 0", shown(tok))
	case w == 0:
		if rest, _ := token(b, i); len(rest) == 0 && !id {
			return true, nil
		}
		return false, p.fail(p.line, "a ballot's weight is 1 or more; a line 0 alone ends the ballots")
	}

	p.stamp++
	if p.stamp == 0 { // wrapped: forget every stamp
		clear(p.seen)
		p.stamp = 1
	}
	p.key = p.key[:0]
	for {
		if tok, i = token(b, i); len(tok) == 0 {
			return false, p.fail(p.line, "the ballot does not end with 0: expected the candidates' numbers, then 0, such as %d 1 2 0", w)
		}
		if len(tok) == 1 && tok[0] == '0' {
			if rest, _ := token(b, i); len(rest) > 0 {
				return false, p.fail(p.line, "%s after the 0 that ends the ballot: one ballot to a line", shown(rest))
			}
			break
		}
		if len(tok) == 1 && tok[0] == '-' {
			p.key = append(p.key, -1)
			continue
		}
		// Candidates ranked equally: 2=3.
		for rest := tok; ; {
			part := rest
			j := bytes.IndexByte(rest, '=')
			if j >= 0 {
				part = rest[:j]
			}
			if len(part) == 0 {
				return false, p.fail(p.line, "%s: a candidate is missing beside =; candidates ranked equally are written 2=3", shown(tok))
			}
			c, err := p.candidate(part)
			if err != nil {
				return false, p.fail(p.line, "%v", err)
			}
			if p.seen[c] == p.stamp {
				return false, p.fail(p.line, "candidate %d is ranked twice on this ballot", c+1)
			}
			p.seen[c] = p.stamp
			p.key = append(p.key, c)
			if j < 0 {
				break
			}
			rest = rest[j+1:]
		}
		p.key = append(p.key, -1)
	}
	// Skipped ranks after the last marked one change no count.
	for k := len(p.key); k > 0 && p.key[k-1] == -1 && (k == 1 || p.key[k-2] == -1); k-- {
		p.key = p.key[:k-1]
	}

	// Merge with an identical ranking, found by a hash of the key
	// (FNV-1a) and then compared.
	h := uint64(14695981039346656037)
	for _, c := range p.key {
		h = (h ^ uint64(c+2)) * 1099511628211
	}
	first, ok := p.index[h]
	for at := first; ok && at >= 0; at = p.same[at] {
		if slices.Equal(p.keys[at], p.key) {
			got := &p.f.Ballots[at]
			if got.Count > math.MaxInt64-w {
				return false, p.fail(p.line, "the weights of this ranking add up to more than %d", int64(math.MaxInt64))
			}
			got.Count += w
			return false, nil
		}
	}
	if !ok {
		first = -1
	}
	p.index[h] = len(p.f.Ballots)
	p.same = append(p.same, first)
	// The ranks are pieces of the key's copy, between its -1s; the copies
	// are cut from slabs, a few allocations for the whole file.
	key := take(&p.keySlab, len(p.key))
	copy(key, p.key)
	p.keys = append(p.keys, key)
	rk := count.Ranking{Count: w}
	if len(key) > 0 {
		rk.Ranks = take(&p.rankSlab, countRanks(key))[:0]
		start := 0
		for j, c := range key {
			if c != -1 {
				continue
			}
			var rank []int
			if j > start {
				rank = key[start:j:j]
			}
			rk.Ranks = append(rk.Ranks, rank)
			start = j + 1
		}
	}
	p.f.Ballots = append(p.f.Ballots, rk)
	return false, nil
}

// countRanks counts the ranks of a key: its -1s.
func countRanks(key []int) int {
	n := 0
	for _, c := range key {
		if c == -1 {
			n++
		}
	}
	return n
}

// quoted reads the next string in double quotes, after the ballots: a
// name or the title. Several may share a line; none may span lines.
func (p *bltParser) quoted(what func() string) (string, error) {
	for len(p.rest) == 0 {
		b, ok, err := p.next()
		if err != nil {
			return "", err
		}
		if !ok {
			return "", p.fail(p.line, `the file ends where %s should be: expected it in double quotes, such as "张三"`, what())
		}
		p.rest = b
	}
	if p.rest[0] != '"' {
		tok, _ := token(p.rest, 0)
		return "", p.fail(p.line, `%s: expected %s in double quotes, such as "张三"`, shown(tok), what())
	}
	j := bytes.IndexByte(p.rest[1:], '"')
	if j < 0 {
		return "", p.fail(p.line, "%s has no closing double quote: a name in a BLT file is on one line, in double quotes", what())
	}
	s := p.rest[1 : 1+j]
	if !utf8.Valid(s) {
		return "", p.fail(p.line, "%s", notUTF8)
	}
	if bytes.IndexByte(s, '\r') >= 0 {
		// A line break of an old Mac file, which Droop takes as one too.
		return "", p.fail(p.line, "%s has a line break (CR) in it: a name in a BLT file is on one line, in double quotes", what())
	}
	p.rest = trimASCII(p.rest[j+2:])
	return strings.TrimSpace(string(s)), nil
}

// WriteBLT writes f in the BLT format, so that ReadBLT reads back the same
// BLTFile and Droop can count it: the candidates and seats; the options;
// withdrawn candidates as a line of negative numbers (as [withdrawn …]
// with nicknames when an option "nick …" gives them); the tie order as
// [tie …]; each ballot as its weight, its ranks (candidates ranked equally
// joined with =, a skipped rank as -), then 0; the line 0; the names; the
// title. Ballots are written one line each, in order, identical rankings
// not merged. It refuses, writing nothing, what the file cannot hold or
// would read back differently: no candidates, a name that is empty,
// given twice, or holds a double quote or a line break, fewer than 1 seat
// or more seats than candidates, a withdrawn or tie name that is not a
// candidate, a tie order that does not list every candidate once, an
// option that is not one line of words or that is tie or withdrawn, a
// weight under 1, a candidate out of range, ranked twice on a ballot, or
// the overvote marker (count.OvervoteMark), which BLT cannot say.
func WriteBLT(w io.Writer, f *BLTFile) error {
	fail := func(field, format string, args ...any) error {
		return &count.InputError{Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	n := len(f.Candidates)
	if n < 1 || n > maxBLTCandidates {
		return fail("candidates", "a BLT file has 1 to %d candidates, not %d", maxBLTCandidates, n)
	}
	if f.Seats < 1 || f.Seats > n {
		return fail("seats", "%d seats for %d candidates: expected 1 seat or more and no more than the candidates", f.Seats, n)
	}
	index := make(map[string]int, n)
	for i, c := range f.Candidates {
		c = strings.TrimSpace(c)
		if p := quotedProblem(c); p != "" || c == "" {
			if c == "" {
				p = "it is empty"
			}
			return fail("candidates", "candidate %d's name %q cannot be written: %s", i+1, c, p)
		}
		if j, dup := index[c]; dup {
			return fail("candidates", "candidates %d and %d are both %q: each needs a name of their own", j+1, i+1, c)
		}
		index[c] = i
	}
	if p := quotedProblem(strings.TrimSpace(f.Title)); p != "" {
		return fail("title", "%q cannot be written: %s", f.Title, p)
	}
	lookup := func(field, name string) (int, error) {
		c, ok := index[strings.TrimSpace(name)]
		if !ok {
			return 0, fail(field, "%q is not a candidate%s", name, count.Suggest(name, f.Candidates))
		}
		return c, nil
	}
	var nicks []string
	for _, o := range f.Options {
		words := strings.Fields(o)
		switch {
		case len(words) == 0 || strings.Join(words, " ") != o || strings.ContainsAny(o, "[]\"#") || !utf8.ValidString(o):
			return fail("options", "%q cannot be written as an option: expected words separated by one space, with none of [ ] \" #", o)
		case words[0] == "tie" || words[0] == "withdrawn":
			return fail("options", "%q: tie and withdrawn are BLTFile fields of their own (TieOrder, Withdrawn), not options", o)
		case words[0] == "nick":
			if nicks != nil {
				return fail("options", "a second nick option: give the nicknames once")
			}
			if _, err := nicknames(words[1:], n); err != nil {
				return fail("options", "nick %v", err)
			}
			nicks = words[1:]
		}
	}
	withdrawn := make([]int, len(f.Withdrawn))
	for i, name := range f.Withdrawn {
		c, err := lookup("withdrawn", name)
		if err != nil {
			return err
		}
		if slices.Contains(withdrawn[:i], c) {
			return fail("withdrawn", "%q is withdrawn twice", name)
		}
		withdrawn[i] = c
	}
	var tie []int
	if len(f.TieOrder) > 0 {
		tie = make([]int, len(f.TieOrder))
		for i, name := range f.TieOrder {
			c, err := lookup("tie", name)
			if err != nil {
				return err
			}
			if slices.Contains(tie[:i], c) {
				return fail("tie", "%q is in the tie order twice: expected every candidate once", name)
			}
			tie[i] = c
		}
		if err := tieProblem(tie, n); err != nil {
			return fail("tie", "the tie order %v", err)
		}
	}
	seen := make([]int, n)
	for b, rk := range f.Ballots {
		field := fmt.Sprintf("ballot %d", b+1)
		if rk.Count < 1 {
			return fail(field, "a weight of %d: a BLT ballot's weight is 1 or more", rk.Count)
		}
		for _, rank := range rk.Ranks {
			for _, c := range rank {
				switch {
				case c == count.OvervoteMark:
					return fail(field, "an overvote marker: BLT has no way to say that a rank was overvoted without the names")
				case c < 0 || c >= n:
					return fail(field, "candidate index %d: expected 0 to %d", c, n-1)
				case seen[c] == b+1:
					return fail(field, "%q is ranked twice: a BLT ballot ranks a candidate once", f.Candidates[c])
				}
				seen[c] = b + 1
			}
		}
	}

	bw := bufio.NewWriterSize(w, 64<<10)
	var line []byte
	cand := func(line []byte, c int) []byte {
		if nicks != nil {
			return append(line, nicks[c]...)
		}
		return strconv.AppendInt(line, int64(c+1), 10)
	}
	line = fmt.Appendf(line[:0], "%d %d\n", n, f.Seats)
	for _, o := range f.Options {
		line = append(append(append(line, '['), o...), "]\n"...)
	}
	if len(withdrawn) > 0 {
		if nicks != nil {
			line = append(line, "[withdrawn"...)
			for _, c := range withdrawn {
				line = cand(append(line, ' '), c)
			}
			line = append(line, "]\n"...)
		} else {
			for i, c := range withdrawn {
				if i > 0 {
					line = append(line, ' ')
				}
				line = strconv.AppendInt(append(line, '-'), int64(c+1), 10)
			}
			line = append(line, '\n')
		}
	}
	if tie != nil {
		line = append(line, "[tie"...)
		for _, c := range tie {
			line = cand(append(line, ' '), c)
		}
		line = append(line, "]\n"...)
	}
	if _, err := bw.Write(line); err != nil {
		return err
	}
	for _, rk := range f.Ballots {
		line = strconv.AppendInt(line[:0], rk.Count, 10)
		ranks := rk.Ranks
		for len(ranks) > 0 && len(ranks[len(ranks)-1]) == 0 {
			ranks = ranks[:len(ranks)-1]
		}
		for _, rank := range ranks {
			line = append(line, ' ')
			if len(rank) == 0 {
				line = append(line, '-')
			}
			for i, c := range rank {
				if i > 0 {
					line = append(line, '=')
				}
				line = cand(line, c)
			}
		}
		line = append(line, " 0\n"...)
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	line = append(line[:0], "0\n"...)
	for _, c := range f.Candidates {
		line = append(append(append(line, '"'), strings.TrimSpace(c)...), "\"\n"...)
	}
	line = append(append(append(line, '"'), strings.TrimSpace(f.Title)...), "\"\n"...)
	if _, err := bw.Write(line); err != nil {
		return err
	}
	return bw.Flush()
}

// quotedProblem says why a name or title cannot be written in double
// quotes on one line, or "".
func quotedProblem(s string) string {
	switch {
	case !utf8.ValidString(s):
		return "it is not UTF-8 text"
	case strings.ContainsAny(s, "\"\r\n"):
		return "it holds a double quote or a line break, which a BLT file cannot"
	}
	return ""
}
