package store

import (
	"time"

	"tally/count"
)

// Record is what a count file holds, gathered for an export: the
// election, the people at the table, each round with its accepted ballots
// and its result, and the journal's head, which ties whatever is made
// from the record to the file.
type Record struct {
	Election *count.Election
	// ElectionText is the election file as it was given to tally new.
	ElectionText []byte
	// Tellers are the people signed in, in the order they first did, each
	// once per role.
	Tellers []Teller
	Rounds  []RoundRecord
	// Lots are the lots drawn at the table, in order.
	Lots []count.Lot
	// Events is the number of events in the journal; Head is the hash of
	// the last, in hex.
	Events uint64
	Head   string
	// Rules: who may do what, as the file was made (RulesNone: roles were
	// not enforced, and the sheet says so).
	Rules int
}

// RoundRecord is one round of a Record.
type RoundRecord struct {
	// Number is the round's number among the rounds opened, from 1.
	Number int
	// Spec is what was on the paper, with the figures in force at the
	// close (or now, while the round is open).
	Spec count.Round
	Mode string
	// Ballots are the accepted ballots, by number.
	Ballots []count.Ballot
	// Pending and Disputed count ballots not accepted: a round can be
	// closed with some, for a reason given in Note.
	Pending, Disputed, Voided int
	Keying                    KeyingSummary
	// Result is the result announced at the close; while the round is
	// open it is the provisional count of the ballots accepted so far.
	Result *count.Result
	Closed bool
	// OpenedAt and ClosedAt are when the round opened and closed.
	OpenedAt, ClosedAt time.Time
	// ClosedBy is the chief scrutineer who closed the round; Note their
	// reason for closing with ballots not accepted.
	ClosedBy, Note string
	// ClosedSeq and ClosedHash (hex) name the closing event.
	ClosedSeq  uint64
	ClosedHash string
}

// Record gathers the count file's record while no event can be appended.
func (f *CountFile) Record() (*Record, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.state
	rec := &Record{Election: s.Election, ElectionText: s.ElectionText, Events: f.seq, Rules: s.Rules}
	rec.Head = hexHead(f.head)
	seen := map[Teller]bool{}
	for _, t := range s.Tellers {
		if !seen[t] {
			seen[t] = true
			rec.Tellers = append(rec.Tellers, t)
		}
	}
	rec.Lots = append(rec.Lots, s.TableLots...)
	results, err := s.Results()
	if err != nil {
		return nil, err
	}
	closed := 0
	for _, r := range s.Rounds {
		rr := RoundRecord{Number: r.Number, Spec: r.Spec, Mode: r.Mode, Ballots: r.Accepted(), Keying: r.Keying(),
			Closed: r.Closed, OpenedAt: r.OpenedAt, ClosedAt: r.ClosedAt, ClosedBy: r.ClosedBy, Note: r.Note}
		c := r.Counts()
		rr.Pending, rr.Disputed, rr.Voided = c[BallotPending], c[BallotDisputed], c[BallotVoided]
		if r.Closed {
			rr.Result = results[closed]
			rr.ClosedSeq, rr.ClosedHash = r.ClosedSeq, hexHead(r.ClosedHash)
			closed++
		} else if rr.Result, err = s.Provisional(); err != nil {
			return nil, err
		}
		rec.Rounds = append(rec.Rounds, rr)
	}
	return rec, nil
}

// Results returns the closed rounds' results, in order.
func (r *Record) Results() []*count.Result {
	var out []*count.Result
	for _, rr := range r.Rounds {
		if rr.Closed {
			out = append(out, rr.Result)
		}
	}
	return out
}

// Decided says whether every office is decided: the last round is closed
// and nothing follows it.
func (r *Record) Decided() bool {
	n := len(r.Rounds)
	return n > 0 && r.Rounds[n-1].Closed && r.Rounds[n-1].Result.Next.Kind == count.StepDone
}
