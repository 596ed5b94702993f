package nist

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"tally/count"
	"tally/store"
)

// Identifiers. Every @id is ASCII and derived from where the thing stands
// in the count file, so that two exports of the same file agree and a
// recounter can find a contest from its round: contest-r2-s1 is the first
// office on the paper of the file's second round; candidate-r2-s1-c3 the
// third name on that office's list; candidate-r2-s1-w1 the first name
// written in (names not on the list, in code-point order).
const (
	idElection = "election"
	idBody     = "gpunit-body"
	idTable    = "gpunit-table"
	idDevice   = "device-tally"
)

// contest is one office's section of one round: each is a contest of its
// own, since a re-vote or an extra round has a list of its own.
type contest struct {
	round *store.RoundRecord
	// index is the section's place on the paper, from 1; a section that
	// the round's result decides from an earlier round's ballots comes
	// after the paper's.
	index  int
	office string
	// spec is what the paper asked; nil for a section decided from an
	// earlier round's ballots.
	spec *count.Section
	// res is the section's result; nil when the round has none for it.
	res *count.SectionResult
	// listed are the names printed on the list; written the other names
	// the papers or the result carry, sorted.
	listed, written []string
}

func (c *contest) id() string { return fmt.Sprintf("contest-r%d-s%d", c.round.Number, c.index) }

// key is a name's short key within the contest: c3 for the third listed
// name, w1 for the first written in.
func (c *contest) key(name string) string {
	if i := slices.Index(c.listed, name); i >= 0 {
		return fmt.Sprintf("c%d", i+1)
	}
	return fmt.Sprintf("w%d", slices.Index(c.written, name)+1)
}

func (c *contest) candidateID(name string) string {
	return fmt.Sprintf("candidate-r%d-s%d-%s", c.round.Number, c.index, c.key(name))
}

func (c *contest) selectionID(name string) string {
	return fmt.Sprintf("selection-r%d-s%d-%s", c.round.Number, c.index, c.key(name))
}

// names are every name of the contest: the list, then the written ones.
func (c *contest) names() []string { return append(slices.Clone(c.listed), c.written...) }

// isWriteIn says whether a name stands in this contest only by being
// written in: it is not on this office's list for this round.
func (c *contest) isWriteIn(name string) bool { return !slices.Contains(c.listed, name) }

// votesAllowed is how many for-names a valid section may carry; a ranked
// ballot gives one vote, whatever it ranks.
func (c *contest) votesAllowed(e *count.Election) int {
	if e.Ballot == count.BallotRanked {
		return 1
	}
	if c.spec != nil {
		return c.spec.MaxFor
	}
	if c.res != nil {
		return c.res.MaxFor
	}
	return 0
}

// seats is what the contest fills: seats, or places on a narrowed list.
func (c *contest) seats() int {
	if c.spec != nil {
		return c.spec.Seats
	}
	return c.res.Seats
}

func (c *contest) kind() count.RoundKind {
	if c.spec != nil {
		return c.spec.Kind
	}
	return c.res.Kind
}

// contestsOf returns a round's contests, in the paper's order.
func contestsOf(rr *store.RoundRecord) []*contest {
	var out []*contest
	matched := map[string]bool{}
	for i := range rr.Spec.Sections {
		s := &rr.Spec.Sections[i]
		c := &contest{round: rr, index: i + 1, office: s.Office, spec: s, listed: slices.Clone(s.Candidates)}
		c.res = resultSection(rr.Result, s.Office)
		matched[s.Office] = true
		var written []string
		for _, b := range rr.Ballots {
			if i < len(b.Sections) {
				written = append(written, b.Sections[i].WriteIns...)
				written = append(written, b.Sections[i].Unmarked...)
			}
		}
		if c.res != nil {
			for _, cr := range c.res.Candidates {
				written = append(written, cr.Name)
			}
		}
		c.written = others(written, c.listed)
		out = append(out, c)
	}
	if rr.Result == nil {
		return out
	}
	for i := range rr.Result.Sections {
		sr := &rr.Result.Sections[i]
		if matched[sr.Office] {
			continue
		}
		c := &contest{round: rr, index: len(out) + 1, office: sr.Office, res: sr}
		var written []string
		for _, cr := range sr.Candidates {
			if cr.WriteIn {
				written = append(written, cr.Name)
			} else {
				c.listed = append(c.listed, cr.Name)
			}
		}
		c.written = others(written, c.listed)
		out = append(out, c)
	}
	return out
}

// others returns the names not in listed, each once, sorted.
func others(names, listed []string) []string {
	var out []string
	for _, n := range names {
		if !slices.Contains(listed, n) && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

func resultSection(res *count.Result, office string) *count.SectionResult {
	if res == nil {
		return nil
	}
	for i := range res.Sections {
		if res.Sections[i].Office == office {
			return &res.Sections[i]
		}
	}
	return nil
}

// selectRounds returns every round (round 0) or the one whose Number is
// round, and an error naming the rounds there are when it is not there.
func selectRounds(rec *store.Record, round int) ([]*store.RoundRecord, error) {
	var out []*store.RoundRecord
	for i := range rec.Rounds {
		if round == 0 || rec.Rounds[i].Number == round {
			out = append(out, &rec.Rounds[i])
		}
	}
	if len(out) > 0 || round == 0 {
		return out, nil
	}
	if len(rec.Rounds) == 0 {
		return nil, fmt.Errorf("no round %d: the count file has no rounds yet", round)
	}
	var have []string
	for _, rr := range rec.Rounds {
		have = append(have, fmt.Sprintf("%d (%s, round %d)", rr.Number, rr.Spec.Contest, rr.Spec.Number))
	}
	return nil, fmt.Errorf("no round %d in the count file: its rounds are %s", round, strings.Join(have, ", "))
}

// generatedDate is the moment the record reached its state: the last
// close, or the last opening while no round is closed. Never the clock,
// so that the same file exports the same bytes.
func generatedDate(rec *store.Record) string {
	var t time.Time
	for _, rr := range rec.Rounds {
		if rr.Closed {
			t = rr.ClosedAt
		}
	}
	if t.IsZero() && len(rec.Rounds) > 0 {
		t = rec.Rounds[len(rec.Rounds)-1].OpenedAt
	}
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

// language is the language tag of the election's names: the election
// file's lang, else Chinese when the title has Han characters.
func language(e *count.Election) string {
	if e.Lang != "" {
		return e.Lang
	}
	for _, r := range e.Title {
		if unicode.Is(unicode.Han, r) {
			return "zh"
		}
	}
	return "en"
}

// bodyName names the electoral body: the election file's body, else its title.
func bodyName(e *count.Election) string {
	if e.Body != "" {
		return e.Body
	}
	return e.Title
}

// tableName names the counting table: the place, else the body.
func tableName(e *count.Election) string {
	if e.Place != "" {
		return e.Place
	}
	return bodyName(e)
}

// reasonStatus is the text for an invalid reason in an OtherStatus or
// OtherType: "invalid-" and the reason's code.
func reasonStatus(r count.Reason) string { return "invalid-" + r.String() }

// thresholdText says a threshold in words a program can split:
// "more-than 1/2 of present 60: need 31".
func thresholdText(t *count.Threshold) string {
	return fmt.Sprintf("%s %s of %s %d: need %d", t.Compare, t.Fraction, t.Base, t.BaseValue, t.Need)
}

// figures lists a round's electorate figures that were given, by their
// election-file names.
func figures(f count.Figures) [][2]string {
	var out [][2]string
	for _, v := range []struct {
		name string
		n    int
	}{{"members", f.Members}, {"probationary", f.Probationary}, {"entitled", f.Entitled}, {"present", f.Present},
		{"registered", f.Registered}, {"voted", f.Voted}, {"proxies", f.Proxies}, {"proxy_holders", f.ProxyHolders},
		{"issued", f.Issued}, {"returned", f.Returned}} {
		if v.n != 0 {
			out = append(out, [2]string{v.name, fmt.Sprint(v.n)})
		}
	}
	return out
}

// voteVariation is the contest's vote variation: ranked ballots are rcv,
// choice ballots plurality, and a marked ballot's for / against / abstain
// is none of the schema's kinds.
func voteVariation(e *count.Election) (variation, other string) {
	switch e.Ballot {
	case count.BallotRanked:
		return "rcv", ""
	case count.BallotChoice:
		return "plurality", ""
	}
	return "other", "for-against-abstain"
}
