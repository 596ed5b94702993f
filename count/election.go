package count

import (
	"fmt"
	"strings"
)

// BallotKind says what a voter does on the paper.
type BallotKind int

// Ballot kinds. The zero value means "not set".
const (
	BallotNone BallotKind = iota
	// BallotMarked: for (○), against (×) or abstain per candidate, plus write-ins.
	BallotMarked
	// BallotChoice: a tick for each chosen candidate (single or multiple choice).
	BallotChoice
	// BallotRanked: candidates ranked in order of preference, counted by a
	// ranked method (IRV, STV).
	BallotRanked
)

var ballotKindNames = []string{"", "marked", "choice", "ranked"}

func (k BallotKind) String() string { return nameOf(ballotKindNames, int(k)) }

// MarshalText writes the kind's name.
func (k BallotKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// ParseBallotKind reads "marked" or "choice".
func ParseBallotKind(s string) (BallotKind, error) {
	for i, n := range ballotKindNames {
		if i > 0 && n == s {
			return BallotKind(i), nil
		}
	}
	return BallotNone, fmt.Errorf("unknown ballot kind %q: expected marked, choice or ranked", s)
}

// Election is everything a count needs to know before the first ballot:
// who is elected to what, by which rules, with which electorate.
type Election struct {
	Title string
	Body  string
	// Lang is the language the election's results are shown in by default
	// ("zh" or "en"; empty: the environment's).
	Lang   string
	Place  string
	Date   string
	Preset Preset
	// Settings are the preset's settings with the election file's overrides.
	Settings Settings
	// Overrides lists the setting keys the election file changed.
	Overrides []string
	Ballot    BallotKind
	// Offices in the order they are elected (a cascade follows this order).
	Offices []Office
	// Papers put several offices on one ballot paper.
	Papers []Paper
	// Figures are the electorate figures and ballot account that apply to
	// every round unless a round gives its own.
	Figures Figures
	// Rounds give figures for particular rounds.
	Rounds []RoundFigures
	// Ranked are the rules of a ranked count (ballot = "ranked"); each
	// office's seats come from the office.
	Ranked *RankedRules
}

// Office is one office to fill, with its list.
type Office struct {
	Name       string
	Seats      int
	Candidates []string
	// Narrow lists the ratios of recommendation rounds held before the vote:
	// each keeps seats + ceil(seats × ratio) candidates.
	Narrow []Ratio
	// Sources weight a recommendation round's votes by who cast them.
	Sources []Source
	// MaxChoices is how many names a choice ballot may mark; zero means the
	// number of seats.
	MaxChoices int
}

// Source is a group of voters in a weighted recommendation, such as party
// members, the public or the organisation.
type Source struct {
	Name   string
	Weight Ratio
}

// Paper puts several offices on one ballot paper, judged section by section.
type Paper struct {
	Name    string
	Offices []string
	// Combined adds a person's votes for higher offices to their total for
	// lower ones (chair votes count for deputy and member).
	Combined bool
}

// Figures are a round's electorate figures and ballot account. Zero means
// "not given".
type Figures struct {
	Members      int `json:"members,omitempty"`
	Probationary int `json:"probationary,omitempty"`
	Entitled     int `json:"entitled,omitempty"`
	Present      int `json:"present,omitempty"`
	Registered   int `json:"registered,omitempty"`
	Voted        int `json:"voted,omitempty"`
	Proxies      int `json:"proxies,omitempty"`
	ProxyHolders int `json:"proxy_holders,omitempty"`
	Issued       int `json:"issued,omitempty"`
	Returned     int `json:"returned,omitempty"`
}

// RoundFigures are figures for one round of one contest.
type RoundFigures struct {
	Contest string
	Round   int
	Figures Figures
}

// EntitledCount is the number entitled to vote: given directly, or members
// less probationary members (who have no vote).
func (f Figures) EntitledCount() int {
	if f.Entitled > 0 {
		return f.Entitled
	}
	if f.Members > 0 {
		return f.Members - f.Probationary
	}
	return 0
}

// over returns f with every non-zero field of g put in its place.
func (f Figures) over(g Figures) Figures {
	pick := func(a, b int) int {
		if b != 0 {
			return b
		}
		return a
	}
	return Figures{
		Members:      pick(f.Members, g.Members),
		Probationary: pick(f.Probationary, g.Probationary),
		Entitled:     pick(f.Entitled, g.Entitled),
		Present:      pick(f.Present, g.Present),
		Registered:   pick(f.Registered, g.Registered),
		Voted:        pick(f.Voted, g.Voted),
		Proxies:      pick(f.Proxies, g.Proxies),
		ProxyHolders: pick(f.ProxyHolders, g.ProxyHolders),
		Issued:       pick(f.Issued, g.Issued),
		Returned:     pick(f.Returned, g.Returned),
	}
}

// FiguresFor returns the figures of a round: the election's [electorate]
// figures, with the round's own [[rounds]] figures over them. A later
// round whose turnout or ballot account differs (a village extra round)
// gives its own; where the keyed ballots differ from the returned figure,
// the result says so.
func (e *Election) FiguresFor(contest string, round int) Figures {
	f := e.Figures
	for _, r := range e.Rounds {
		if r.Contest == contest && r.Round == round {
			f = f.over(r.Figures)
		}
	}
	return f
}

// Contest is what one ballot paper decides: one office, or the offices of a paper.
type Contest struct {
	Name     string
	Offices  []int
	Combined bool
}

// Contests returns the contests in the order of their first office.
func (e *Election) Contests() []Contest {
	var out []Contest
	seen := map[string]bool{}
	for i, o := range e.Offices {
		p := e.paperOf(o.Name)
		if p == nil {
			out = append(out, Contest{Name: o.Name, Offices: []int{i}})
			continue
		}
		if seen[p.Name] {
			continue
		}
		seen[p.Name] = true
		c := Contest{Name: p.Name, Combined: p.Combined}
		for _, n := range p.Offices {
			c.Offices = append(c.Offices, e.officeIndex(n))
		}
		out = append(out, c)
	}
	return out
}

func (e *Election) paperOf(office string) *Paper {
	for i := range e.Papers {
		for _, n := range e.Papers[i].Offices {
			if n == office {
				return &e.Papers[i]
			}
		}
	}
	return nil
}

func (e *Election) officeIndex(name string) int {
	for i, o := range e.Offices {
		if o.Name == name {
			return i
		}
	}
	return -1
}

// FieldError is a problem with one field of an election, named by its path
// in the election file, counting tables from 1 (offices[2].seats is the
// second [[offices]] table's seats). The file reader turns the path
// into a line number.
type FieldError struct {
	Path string
	Msg  string
}

func (e FieldError) Error() string { return e.Path + ": " + BoundQuotes(e.Msg) }

// Validate checks the election as a whole and returns every problem found,
// each naming the field it concerns.
func (e *Election) Validate() []FieldError {
	var errs []FieldError
	add := func(path, format string, args ...any) {
		errs = append(errs, FieldError{path, fmt.Sprintf(format, args...)})
	}
	if e.Preset == PresetNone {
		add("preset", "missing: expected one of party, village, congress, plurality")
	}
	if e.Ballot == BallotNone {
		add("ballot", "missing: expected marked, choice or ranked")
	}
	if e.Ballot == BallotRanked && e.Ranked == nil {
		add("ranked", "missing: a ranked ballot needs a [ranked] table with at least its method, such as method = \"irv\"")
	}
	if e.Ballot != BallotRanked && e.Ranked != nil {
		add("ranked", "a [ranked] table belongs to ballot = \"ranked\"")
	}
	if e.Ranked != nil && e.Ranked.Method == RankedNone {
		add("ranked.method", "missing: expected one of %s", strings.Join(RankedMethods(), ", "))
	}
	if len(e.Offices) == 0 {
		add("offices", "no office: add at least one [[offices]] table with a name, seats and candidates")
	}
	names := map[string]int{}
	for i, o := range e.Offices {
		p := fmt.Sprintf("offices[%d]", i+1)
		if strings.TrimSpace(o.Name) == "" {
			add(p+".name", "missing: every office needs a name")
		} else if j, dup := names[o.Name]; dup {
			add(p+".name", "%q is already the name of offices[%d]", o.Name, j+1)
		} else {
			names[o.Name] = i
		}
		if o.Seats < 1 {
			add(p+".seats", "expected a whole number of seats, 1 or more (got %d)", o.Seats)
		}
		cands := map[string]bool{}
		for j, c := range o.Candidates {
			cp := fmt.Sprintf("%s.candidates[%d]", p, j+1)
			switch {
			case strings.TrimSpace(c) == "":
				add(cp, "empty candidate name")
			case cands[c]:
				add(cp, "%q is listed twice for this office: give the two people distinct names, e.g. 王芳(东村)", c)
			case strings.HasPrefix(c, "#"):
				add(cp, "a name may not start with #")
			}
			cands[c] = true
		}
		carries := i > 0 && e.Settings.CarryOver == CarryLosers
		if len(o.Candidates) == 0 && !carries {
			add(p+".candidates", "no candidates: list the names on the paper")
		}
		for j, r := range o.Narrow {
			if r.Num <= 0 {
				add(fmt.Sprintf("%s.narrow[%d]", p, j+1), "a narrowing ratio must be more than 0")
			}
		}
		for j, s := range o.Sources {
			if s.Name == "" {
				add(fmt.Sprintf("%s.sources[%d].name", p, j+1), "missing: name the group of voters")
			}
			if s.Weight.Num <= 0 {
				add(fmt.Sprintf("%s.sources[%d].weight", p, j+1), "expected a weight more than 0, such as 50%% or 1/2")
			}
		}
		if len(o.Sources) > 0 && len(o.Narrow) == 0 {
			add(p+".sources", "weighted sources apply to recommendation rounds: add narrow = [\"40%%\"] or remove sources")
		}
		if o.MaxChoices < 0 {
			add(p+".max_choices", "expected 0 (the number of seats) or more")
		}
	}
	inPaper := map[string]string{}
	for i, pp := range e.Papers {
		p := fmt.Sprintf("papers[%d]", i+1)
		if pp.Name == "" {
			add(p+".name", "missing: name the paper")
		} else if _, clash := names[pp.Name]; clash {
			add(p+".name", "%q is also an office's name: give the paper its own name", pp.Name)
		}
		if len(pp.Offices) < 2 {
			add(p+".offices", "a paper puts two or more offices together; list them by name")
		}
		for j, n := range pp.Offices {
			op := fmt.Sprintf("%s.offices[%d]", p, j+1)
			if _, ok := names[n]; !ok {
				add(op, "no office is named %q%s", n, suggest(n, officeNames(e)))
			} else if other, dup := inPaper[n]; dup {
				add(op, "office %q is already on paper %q", n, other)
			}
			inPaper[n] = pp.Name
		}
	}
	validateFigures := func(p string, f Figures) {
		for _, v := range []struct {
			name string
			n    int
		}{{"members", f.Members}, {"probationary", f.Probationary}, {"entitled", f.Entitled}, {"present", f.Present},
			{"registered", f.Registered}, {"voted", f.Voted}, {"proxies", f.Proxies}, {"proxy_holders", f.ProxyHolders},
			{"issued", f.Issued}, {"returned", f.Returned}} {
			if v.n < 0 {
				add(p+"."+v.name, "expected a count, 0 or more (got %d)", v.n)
			}
		}
		if f.Members > 0 && f.Probationary > f.Members {
			add(p+".probationary", "%d probationary members is more than %d members", f.Probationary, f.Members)
		}
		if f.Members > 0 && f.Entitled > 0 && f.Entitled != f.Members-f.Probationary {
			add(p+".entitled", "entitled = %d, but members − probationary = %d − %d = %d", f.Entitled, f.Members, f.Probationary, f.Members-f.Probationary)
		}
		if ent := f.EntitledCount(); ent > 0 && f.Present > ent {
			add(p+".present", "%d present is more than %d entitled", f.Present, ent)
		}
		if f.Registered > 0 && f.Voted > f.Registered {
			add(p+".voted", "%d voted is more than %d registered", f.Voted, f.Registered)
		}
		if f.Proxies > 0 {
			switch lim := e.Settings.ProxyLimit; {
			case lim == 0:
				add(p+".proxies", "this election allows no proxies (proxy_limit = 0; party elections: P2020 art. 24)")
			case lim > 0 && f.ProxyHolders > 0 && f.Proxies > lim*f.ProxyHolders:
				add(p+".proxies", "%d proxies held by %d people is more than %d each", f.Proxies, f.ProxyHolders, lim)
			}
			if f.Voted > 0 && f.Proxies > f.Voted {
				add(p+".proxies", "%d proxies is more than %d who voted", f.Proxies, f.Voted)
			}
		}
	}
	validateFigures("electorate", e.Figures)
	contests := map[string]bool{}
	for _, c := range e.Contests() {
		contests[c.Name] = true
	}
	for i, r := range e.Rounds {
		p := fmt.Sprintf("rounds[%d]", i+1)
		if !contests[r.Contest] {
			var known []string
			for c := range contests {
				known = append(known, c)
			}
			add(p+".office", "no office or paper is named %q%s", r.Contest, suggest(r.Contest, known))
		}
		if r.Round < 1 {
			add(p+".round", "expected the round's number, 1 or more (got %d)", r.Round)
		}
		validateFigures(p, e.FiguresFor(r.Contest, r.Round))
	}
	return errs
}

func officeNames(e *Election) []string {
	var out []string
	for _, o := range e.Offices {
		out = append(out, o.Name)
	}
	return out
}
