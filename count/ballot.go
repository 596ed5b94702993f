package count

import (
	"fmt"
	"sort"
	"strings"
)

// Reason says why a ballot, or one office's section of it, is invalid.
type Reason int

// The reasons a ballot can be invalid. ReasonNone means it is valid.
const (
	ReasonNone Reason = iota
	// ReasonOverVote: more "for" names, write-ins included, than seats [P1990 20, EL 44].
	ReasonOverVote
	// ReasonIdentifyingMark: a mark that could identify the voter [P1990 20].
	ReasonIdentifyingMark
	// ReasonUnreadable: the scrutineers cannot tell the voter's intent [BJ-V 28, ZJ-V 27].
	ReasonUnreadable
	// ReasonTwoOffices: one person named for two offices [ZJ-V 27].
	ReasonTwoOffices
	// ReasonOther: any other reason, given in the ballot's note.
	ReasonOther
)

var reasonNames = []string{"", "over-vote", "identifying-mark", "unreadable", "two-offices", "other"}

func (r Reason) String() string { return nameOf(reasonNames, int(r)) }

// MarshalText writes the reason's code.
func (r Reason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// ReasonCodes lists the codes a ballot file may give as an invalid reason.
func ReasonCodes() []string { return append([]string(nil), reasonNames[1:]...) }

// ParseReason reads a reason code. The empty string is ReasonNone.
func ParseReason(s string) (Reason, error) {
	for i, n := range reasonNames {
		if n == s {
			return Reason(i), nil
		}
	}
	return ReasonNone, fmt.Errorf("unknown invalid reason %q: expected one of %s", s, strings.Join(ReasonCodes(), ", "))
}

// BallotRecord is one ballot, or one office's section of a ballot paper, as
// a ballot file gives it: names, not yet matched to a round's list.
type BallotRecord struct {
	// Origin says where the record came from, such as "ballots.csv:12".
	Origin string
	// Office names the office, or the paper when the record speaks for the
	// whole paper (an identifying mark, say).
	Office string
	Round  int
	// Number is the ballot's number in its round; 0 numbers it by its place.
	Number int
	// Source is the group the voter belongs to in a weighted recommendation.
	Source   string
	For      []string
	Against  []string
	WriteIns []string
	// WriteInsUnmarked are names written in with no mark beside them.
	WriteInsUnmarked []string
	Invalid          Reason
	Note             string
	// Ranks[i] lists the names marked at rank i+1 (several: an overvote or
	// equal ranking; none: a skipped rank; the name "#overvote" for an
	// overvote marker whose names the paper does not show).
	Ranks [][]string
}

// Marks are one office's section of a ballot, by candidate index.
type Marks struct {
	// Ranks are a ranked ballot's preferences (OvervoteMark for an
	// overvote the paper shows without names).
	Ranks    [][]int
	For      []int
	Against  []int
	WriteIns []string
	// Unmarked write-ins: names written in with no mark.
	Unmarked []string
	Invalid  Reason
	Note     string
}

// Ballot is one ballot paper of a round, matched to the round's sections.
type Ballot struct {
	Number   int
	Origin   string
	Source   int // index into the office's sources, -1 for none
	Invalid  Reason
	Note     string
	Sections []Marks
}

// InputError is a problem with a ballot or a figure, said with where it came from.
type InputError struct {
	Origin string
	Field  string
	Msg    string
}

func (e *InputError) Error() string {
	var b strings.Builder
	if e.Origin != "" {
		b.WriteString(e.Origin)
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(BoundQuotes(e.Msg))
	return b.String()
}

// Resolve matches ballot records to a round: each name to the section's
// list, the records of one paper (same number) into one ballot. It refuses
// a name that is not on the list, a mark a choice ballot cannot carry, and a
// ballot number given twice for one office, naming the record.
func (e *Election) Resolve(r *Round, recs []BallotRecord) ([]Ballot, error) {
	sectionOf := map[string]int{}
	for i, s := range r.Sections {
		sectionOf[s.Office] = i
	}
	var ballots []Ballot
	byNumber := map[int]int{}
	seen := map[[2]int]string{}
	// Unnumbered records take the numbers the numbered ones leave free.
	taken := map[int]bool{}
	for _, rec := range recs {
		taken[rec.Number] = true
	}
	auto := 0
	nextFree := func() int {
		for auto++; taken[auto]; auto++ {
		}
		return auto
	}
	for i := range recs {
		rec := &recs[i]
		fail := func(field, format string, args ...any) error {
			return &InputError{Origin: rec.Origin, Field: field, Msg: fmt.Sprintf(format, args...)}
		}
		sec, isSection := sectionOf[rec.Office]
		if !isSection && rec.Office != r.Contest {
			var known []string
			for _, s := range r.Sections {
				known = append(known, s.Office)
			}
			return nil, fail("office", "%q is not voted on in %s round %d%s", rec.Office, r.Contest, r.Number, suggest(rec.Office, known))
		}
		if !isSection && len(r.Sections) == 1 {
			sec, isSection = 0, true
		}
		num := rec.Number
		if num == 0 {
			if len(r.Sections) > 1 {
				return nil, fail("ballot", "missing: on a paper with several offices, each record needs the ballot's number to join its sections")
			}
			num = nextFree()
		}
		if num < 0 {
			return nil, fail("ballot", "expected a ballot number, 1 or more (got %d)", num)
		}
		bi, ok := byNumber[num]
		if !ok {
			bi = len(ballots)
			byNumber[num] = bi
			b := Ballot{Number: num, Origin: rec.Origin, Source: -1, Sections: make([]Marks, len(r.Sections))}
			ballots = append(ballots, b)
		}
		b := &ballots[bi]
		key := [2]int{num, sec}
		if !isSection {
			key[1] = -1
		}
		if prev, dup := seen[key]; dup {
			return nil, fail("ballot", "ballot %d of %s round %d is given twice (also at %s): number the ballots of a round once across all its files (a second table or polling station continues the numbers), or leave the ballot number out to number them in order", num, rec.Office, r.Number, prev)
		}
		seen[key] = rec.Origin
		if rec.Source == "" && isSection && r.Sections[sec].Kind == RoundRecommend && len(e.Offices[e.officeIndex(rec.Office)].Sources) > 0 {
			var known []string
			for _, s := range e.Offices[e.officeIndex(rec.Office)].Sources {
				known = append(known, s.Name)
			}
			return nil, fail("source", "missing: this recommendation weighs votes by who cast them (%s), so each ballot must say its source", strings.Join(known, ", "))
		}
		if rec.Source != "" {
			at := sec
			if !isSection {
				at = -1
			}
			src, err := e.sourceIndex(r, at, rec.Source)
			if err != nil {
				return nil, fail("source", "%v", err)
			}
			if b.Source >= 0 && b.Source != src {
				return nil, fail("source", "ballot %d is given two sources", num)
			}
			b.Source = src
		}
		if !isSection {
			if len(rec.For)+len(rec.Against)+len(rec.WriteIns)+len(rec.WriteInsUnmarked)+len(rec.Ranks) > 0 {
				return nil, fail("office", "%q names the whole paper, which can only be marked invalid; give marks under each office's name", rec.Office)
			}
			if rec.Invalid == ReasonNone {
				return nil, fail("invalid", "a record for the whole paper %q must give an invalid reason", rec.Office)
			}
			b.Invalid, b.Note = rec.Invalid, rec.Note
			continue
		}
		m, err := e.resolveMarks(r, &r.Sections[sec], rec)
		if err != nil {
			return nil, err
		}
		b.Sections[sec] = m
	}
	return ballots, nil
}

// sourceIndex finds a record's source among its own office's sources
// (sec: the record's section; -1, a record for the whole paper, looks in
// every office on the paper).
func (e *Election) sourceIndex(r *Round, sec int, name string) (int, error) {
	secs := r.Sections
	if sec >= 0 {
		secs = r.Sections[sec : sec+1]
	}
	var known []string
	for _, s := range secs {
		for i, src := range e.Offices[e.officeIndex(s.Office)].Sources {
			if src.Name == name {
				return i, nil
			}
			known = append(known, src.Name)
		}
	}
	if len(known) == 0 {
		return 0, fmt.Errorf("%q: this office's votes are not weighted by source; leave source empty", name)
	}
	return 0, fmt.Errorf("unknown source %q%s", name, suggest(name, known))
}

func (e *Election) resolveMarks(r *Round, s *Section, rec *BallotRecord) (Marks, error) {
	m := Marks{Invalid: rec.Invalid, Note: rec.Note}
	index := map[string]int{}
	for i, c := range s.Candidates {
		index[c] = i
	}
	ranked := e.Ballot == BallotRanked
	marks := len(rec.For)+len(rec.Against)+len(rec.WriteIns)+len(rec.WriteInsUnmarked) > 0
	switch {
	case ranked && marks:
		field := "for"
		switch {
		case len(rec.Against) > 0:
			field = "against"
		case len(rec.WriteIns) > 0:
			field = "write_ins"
		case len(rec.WriteInsUnmarked) > 0:
			field = "write_ins_unmarked"
		}
		return m, &InputError{Origin: rec.Origin, Field: field, Msg: "this election's ballots are ranked (ballot = \"ranked\"): give the preferences as ranks, not marks or write-ins (a write-in on a ranked paper is ranked as the undeclared write-in candidate, listed among the candidates and named in [ranked] undeclared_write_in)"}
	case !ranked && len(rec.Ranks) > 0:
		return m, &InputError{Origin: rec.Origin, Field: "ranks", Msg: fmt.Sprintf("this election's ballots are %s, not ranked: give for/against marks", e.Ballot)}
	case ranked:
		for k, rank := range rec.Ranks {
			var ix []int
			for _, n := range rank {
				n = strings.TrimSpace(n)
				if n == "#overvote" {
					ix = append(ix, OvervoteMark)
					continue
				}
				i, ok := index[n]
				if !ok {
					return m, &InputError{Origin: rec.Origin, Field: fmt.Sprintf("rank %d", k+1), Msg: fmt.Sprintf("%q is not a candidate of %s%s", n, s.Office, suggest(n, s.Candidates))}
				}
				ix = append(ix, i)
			}
			m.Ranks = append(m.Ranks, ix)
		}
		return m, nil
	}
	marked := map[int]string{}
	look := func(field, mark string, names []string) ([]int, error) {
		var out []int
		for _, n := range names {
			n = strings.TrimSpace(n)
			i, ok := index[n]
			if !ok {
				hint := suggest(n, s.Candidates)
				if _, close := Closest(n, s.Candidates); !close {
					hint = "; the candidates are " + strings.Join(s.Candidates, ", ") + ". A name the voter wrote in goes under write_ins"
				}
				return nil, &InputError{Origin: rec.Origin, Field: field, Msg: fmt.Sprintf("%q is not a candidate of %s in round %d%s", n, s.Office, r.Number, hint)}
			}
			if prev, dup := marked[i]; dup {
				return nil, &InputError{Origin: rec.Origin, Field: field, Msg: fmt.Sprintf("%q is marked both %s and %s", n, prev, mark)}
			}
			marked[i] = mark
			out = append(out, i)
		}
		sort.Ints(out)
		return out, nil
	}
	var err error
	if m.For, err = look("for", "for", rec.For); err != nil {
		return m, err
	}
	if m.Against, err = look("against", "against", rec.Against); err != nil {
		return m, err
	}
	if len(m.Against) > 0 && e.Ballot == BallotChoice {
		return m, &InputError{Origin: rec.Origin, Field: "against", Msg: "a choice ballot has no against marks: this election's ballot = \"choice\""}
	}
	clean := func(names []string) []string {
		var out []string
		for _, n := range names {
			if n = strings.TrimSpace(n); n != "" {
				out = append(out, n)
			}
		}
		return out
	}
	m.WriteIns = clean(rec.WriteIns)
	m.Unmarked = clean(rec.WriteInsUnmarked)
	return m, nil
}
