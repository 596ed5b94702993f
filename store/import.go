package store

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"tally/count"
)

// MaxImport bounds the ballots one import may hold: a BLT line's weight is
// expanded into that many ballots, and a weight of a trillion must be
// refused before memory is set aside for it.
const MaxImport = 10_000_000

// IsBLT says whether a ballot file is read as BLT (by its name).
func IsBLT(path string) bool { return strings.EqualFold(filepath.Ext(path), ".blt") }

// ReadBLTFile reads a BLT file from disk.
func ReadBLTFile(path string) (*BLTFile, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return ReadBLT(path, fh)
}

// BallotsForRound reads ballot files (CSV or JSON Lines; BLT for a ranked
// election of one office) for the open round r of a count and resolves
// them to its paper: the ballots one import event adds, all or none.
//
// Every record must be for the open round, by the same map of offices and
// papers to contests that Tabulate uses: a record for another office or
// round is refused, naming its line. Unnumbered ballots take the numbers
// after the highest in the round, skipping those the files give; a ballot
// already in the round (and not voided) is refused, naming where the file
// gives it.
func BallotsForRound(e *count.Election, r *RoundState, paths []string) ([]count.Ballot, error) {
	var recs []count.BallotRecord
	var blts []*BLTFile
	var bltPaths []string
	for _, p := range paths {
		if IsBLT(p) {
			b, err := ReadBLTFile(p)
			if err != nil {
				return nil, err
			}
			blts, bltPaths = append(blts, b), append(bltPaths, p)
			continue
		}
		rs, err := ReadBallotFile(p)
		if err != nil {
			return nil, err
		}
		recs = append(recs, rs...)
	}
	if err := recordsForRound(e, &r.Spec, recs); err != nil {
		return nil, err
	}
	taken := map[int]bool{}
	for _, rec := range recs {
		taken[rec.Number] = true
	}
	next := 0
	for n := range r.Ballots {
		next = max(next, n)
	}
	nextFree := func() int {
		for next++; taken[next]; next++ {
		}
		return next
	}
	if len(r.Spec.Sections) == 1 {
		// On a paper of several offices a record's number joins its
		// sections: Resolve refuses one without, and so must this.
		for i := range recs {
			if recs[i].Number == 0 {
				recs[i].Number = nextFree()
			}
		}
	}
	ballots, err := e.Resolve(&r.Spec, recs)
	if err != nil {
		return nil, err
	}
	for i, b := range blts {
		bs, err := bltBallots(e, &r.Spec, bltPaths[i], b, len(ballots), nextFree)
		if err != nil {
			return nil, err
		}
		ballots = append(ballots, bs...)
	}
	for _, b := range ballots {
		if x := r.Ballots[b.Number]; x != nil && x.Status != BallotVoided {
			return nil, &count.InputError{Origin: b.Origin, Field: "ballot", Msg: fmt.Sprintf(
				"ballot %d of %s round %d is already in the count (%s): number this file's ballots after the ones imported or keyed, or leave the numbers out", b.Number, r.Spec.Contest, r.Spec.Number, x.Status)}
		}
	}
	return ballots, nil
}

// recordsForRound refuses the first record that is not for the open
// round: another office, or another round of its office.
func recordsForRound(e *count.Election, r *count.Round, recs []count.BallotRecord) error {
	x := e.ContestIndex()
	open := fmt.Sprintf("the open round is %s round %d: import each round's ballots while it is open", r.Contest, r.Number)
	for i := range recs {
		rec := &recs[i]
		c, n, err := x.RoundOf(rec)
		if err != nil {
			return err
		}
		if c != r.Contest {
			return &count.InputError{Origin: rec.Origin, Field: "office", Msg: fmt.Sprintf("this ballot is for %s, but %s", rec.Office, open)}
		}
		if n != r.Number {
			return &count.InputError{Origin: rec.Origin, Field: "round", Msg: fmt.Sprintf("this ballot is for %s round %d, but %s", c, n, open)}
		}
	}
	return nil
}

// bltBallots expands a BLT file's weighted rankings into numbered ballots
// of a ranked round of one office, matching candidates by name.
func bltBallots(e *count.Election, r *count.Round, path string, b *BLTFile, have int, nextFree func() int) ([]count.Ballot, error) {
	if e.Ballot != count.BallotRanked || len(r.Sections) != 1 {
		return nil, &count.InputError{Origin: path, Msg: "a BLT file holds the rankings of one ranked office; this count file's election is not a ranked election of one office"}
	}
	s := &r.Sections[0]
	index := make([]int, len(b.Candidates))
	for i, n := range b.Candidates {
		index[i] = slices.Index(s.Candidates, n)
		if index[i] < 0 {
			return nil, &count.InputError{Origin: path, Field: "candidates", Msg: fmt.Sprintf("%q is not a candidate of %s%s", n, s.Office, count.Suggest(n, s.Candidates))}
		}
	}
	total := int64(have)
	for _, rk := range b.Ballots {
		total += rk.Count
		if total > MaxImport {
			return nil, &count.InputError{Origin: path, Msg: fmt.Sprintf("more than %d ballots in one import: split the file", MaxImport)}
		}
	}
	var out []count.Ballot
	for _, rk := range b.Ballots {
		ranks := make([][]int, len(rk.Ranks))
		for i, rank := range rk.Ranks {
			ranks[i] = make([]int, len(rank))
			for j, c := range rank {
				if c != count.OvervoteMark {
					c = index[c]
				}
				ranks[i][j] = c
			}
		}
		for range rk.Count {
			out = append(out, count.Ballot{Number: nextFree(), Origin: path, Source: -1, Sections: []count.Marks{{Ranks: ranks}}})
		}
	}
	return out, nil
}
