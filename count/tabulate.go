package count

import "fmt"

// Tabulate counts every round the records give ballots for, in order: the
// first round of each contest, then whatever each result says comes next,
// so a later round's candidates follow from the earlier ones. It stops at
// the first round with no ballots. Records for a round the count never
// reaches are an error naming the first such record.
func Tabulate(e *Election, recs []BallotRecord) ([]*Result, error) {
	groups, order, err := e.groupRecords(recs)
	if err != nil {
		return nil, err
	}
	p := NewPlan(e)
	for r := p.Next(); r != nil; r = p.Next() {
		key := roundKey{r.Contest, r.Number}
		g, ok := groups[key]
		if !ok {
			break
		}
		delete(groups, key)
		ballots, err := e.Resolve(r, g)
		if err != nil {
			return nil, err
		}
		if _, err := p.Count(ballots); err != nil {
			return nil, err
		}
	}
	if len(groups) > 0 {
		return nil, unreached(p, groups, order)
	}
	return p.Results(), nil
}

type roundKey struct {
	contest string
	round   int
}

// ContestIndex finds the contest (an office, or a paper of several
// offices) and round a ballot record is for. It is the one map from the
// names a ballot file may give to the election's contests: Tabulate, an
// import into a count file and the tests all use it.
type ContestIndex struct {
	contests []Contest
	of       map[string]string // office or paper name → contest name
	known    []string          // every name a record may give, for suggestions
}

// ContestIndex builds the election's index of contests by name.
func (e *Election) ContestIndex() *ContestIndex {
	x := &ContestIndex{contests: e.Contests(), of: map[string]string{}}
	for _, c := range x.contests {
		x.of[c.Name] = c.Name
		x.known = append(x.known, c.Name)
		for _, oi := range c.Offices {
			if n := e.Offices[oi].Name; n != c.Name {
				x.of[n] = c.Name
				x.known = append(x.known, n)
			}
		}
	}
	return x
}

// RoundOf says which contest and round a record is for. A record's office
// may name an office or a paper; with a single contest it may be left
// empty, and is then filled in. A round left out (0) is the first.
func (x *ContestIndex) RoundOf(rec *BallotRecord) (contest string, round int, err error) {
	c, ok := x.of[rec.Office]
	if rec.Office == "" && len(x.contests) == 1 {
		c, ok = x.contests[0].Name, true
	}
	if !ok {
		if rec.Office == "" {
			return "", 0, &InputError{Origin: rec.Origin, Field: "office", Msg: "missing: this election has several offices, so each ballot must name its office"}
		}
		return "", 0, &InputError{Origin: rec.Origin, Field: "office", Msg: fmt.Sprintf("no office or paper is named %q%s", rec.Office, suggest(rec.Office, x.known))}
	}
	if rec.Round < 0 {
		return "", 0, &InputError{Origin: rec.Origin, Field: "round", Msg: fmt.Sprintf("expected a round number, 1 or more (got %d)", rec.Round)}
	}
	if rec.Office == "" {
		rec.Office = c
	}
	return c, max(rec.Round, 1), nil
}

// groupRecords sorts records by contest and round.
func (e *Election) groupRecords(recs []BallotRecord) (map[roundKey][]BallotRecord, []roundKey, error) {
	x := e.ContestIndex()
	groups := map[roundKey][]BallotRecord{}
	var order []roundKey
	for _, rec := range recs {
		c, n, err := x.RoundOf(&rec)
		if err != nil {
			return nil, nil, err
		}
		k := roundKey{c, n}
		if _, seen := groups[k]; !seen {
			order = append(order, k)
		}
		groups[k] = append(groups[k], rec)
	}
	return groups, order, nil
}

// unreached explains ballots for a round the count did not reach.
func unreached(p *Plan, groups map[roundKey][]BallotRecord, order []roundKey) error {
	var key roundKey
	for _, k := range order {
		if _, left := groups[k]; left {
			key = k
			break
		}
	}
	first := &groups[key][0]
	why := "the count ended before it"
	if next := p.Next(); next != nil {
		why = fmt.Sprintf("the count stopped at %s round %d (%s), for which no ballots were given", next.Contest, next.Number, next.Kind())
		if next.Contest == key.contest && next.Number < key.round {
			why = fmt.Sprintf("%s round %d (%s) comes first and has no ballots", next.Contest, next.Number, next.Kind())
		}
	} else if n := len(p.Results()); n > 0 {
		last := p.Results()[n-1]
		why = fmt.Sprintf("the election was decided by %s round %d", last.Contest, last.Round)
	}
	return &InputError{Origin: first.Origin, Field: "round", Msg: fmt.Sprintf(
		"%d ballots for %s round %d, a round the count does not reach: %s", len(groups[key]), key.contest, key.round, why)}
}
