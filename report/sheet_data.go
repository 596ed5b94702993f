package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"tally/count"
	"tally/store"
)

// SheetFormat and SheetVersion identify the count sheet's JSON document;
// the version changes only when a field changes meaning or goes away.
const (
	SheetFormat  = "tally-count-sheet"
	SheetVersion = 1
)

// SheetDocument is the count sheet for machines (docs/exports.md): every
// round's result as announced, with what the printed sheet adds to it —
// how the papers were keyed, when the round opened and closed, who closed
// it, the closing event's hash, the people at the table and the custody.
type SheetDocument struct {
	Format   string          `json:"format"`
	Version  int             `json:"version"`
	Election ElectionSummary `json:"election"`
	Rounds   []SheetRound    `json:"rounds"`
	// Decided: every office is decided.
	Decided bool           `json:"decided"`
	Tellers []store.Teller `json:"people"`
	Journal JournalHead    `json:"journal"`
	Custody Custody        `json:"custody"`
}

// SheetRound is one round of the count file.
type SheetRound struct {
	// Number is the round's number in the count file; the result's round
	// is its number among its contest's rounds.
	Number int `json:"number"`
	// Provisional: the round is open and Result counts the papers accepted
	// so far; it is not a result.
	Provisional bool                `json:"provisional"`
	Keying      store.KeyingSummary `json:"keying"`
	Pending     int                 `json:"pending"`
	Disputed    int                 `json:"disputed"`
	Opened      time.Time           `json:"opened"`
	Closed      *time.Time          `json:"closed,omitempty"`
	ClosedBy    string              `json:"closed_by,omitempty"`
	CloseNote   string              `json:"close_note,omitempty"`
	// ClosedEvent is the closing event: its number and hash tie a sheet
	// signed for this round to the file.
	ClosedEvent *JournalHead  `json:"closed_event,omitempty"`
	Result      *count.Result `json:"result"`
}

// JournalHead names an event of the journal by number and hash.
type JournalHead struct {
	Event uint64 `json:"event"`
	Hash  string `json:"hash"`
}

// Custody is who keeps the sealed ballots, as given at export.
type Custody struct {
	Seal      string `json:"seal,omitempty"`
	Custodian string `json:"custodian,omitempty"`
}

// NewSheetDocument gathers the count sheet for machines; opt.Round
// narrows it to one round.
func NewSheetDocument(rec *store.Record, opt SheetOptions) (SheetDocument, error) {
	if opt.Round < 0 || opt.Round > len(rec.Rounds) {
		return SheetDocument{}, fmt.Errorf("there is no round %d: %s", opt.Round, roundsHave(rec))
	}
	d := SheetDocument{Format: SheetFormat, Version: SheetVersion, Decided: rec.Decided(),
		Tellers: rec.Tellers, Journal: JournalHead{rec.Events, rec.Head},
		Custody: Custody{opt.Seal, opt.Custodian}, Rounds: []SheetRound{}}
	d.Election = NewDocument(rec.Election, nil).Election
	if d.Tellers == nil {
		d.Tellers = []store.Teller{}
	}
	for i := range rec.Rounds {
		rr := &rec.Rounds[i]
		if opt.Round > 0 && rr.Number != opt.Round {
			continue
		}
		r := SheetRound{Number: rr.Number, Provisional: !rr.Closed, Keying: rr.Keying, Pending: rr.Pending,
			Disputed: rr.Disputed, Opened: rr.OpenedAt.UTC(), ClosedBy: rr.ClosedBy, CloseNote: rr.Note, Result: rr.Result}
		if rr.Closed {
			t := rr.ClosedAt.UTC()
			r.Closed, r.ClosedEvent = &t, &JournalHead{rr.ClosedSeq, rr.ClosedHash}
		}
		d.Rounds = append(d.Rounds, r)
	}
	return d, nil
}

// WriteSheetJSON writes the count sheet for machines, indented, with
// Chinese left as it is.
func WriteSheetJSON(out io.Writer, rec *store.Record, opt SheetOptions) error {
	d, err := NewSheetDocument(rec, opt)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// sheetCSVHead are the count sheet's CSV columns (docs/exports.md).
var sheetCSVHead = []string{"round", "contest", "contest_round", "kind", "provisional", "office", "seats",
	"cast", "valid", "blank", "invalid", "invalid_by_reason", "partly_invalid",
	"need", "base", "base_value", "candidate", "write_in", "carried_over",
	"count_round", "for", "against", "abstain", "votes", "status", "reason", "closed_event", "closed_hash"}

// WriteSheetCSV writes the count sheet's figures as CSV, a row per
// candidate per office per round (per count round, for a ranked count),
// for a spreadsheet that adds them up. The first row names the columns.
func WriteSheetCSV(out io.Writer, rec *store.Record, opt SheetOptions) error {
	d, err := NewSheetDocument(rec, opt)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(out)
	if err := cw.Write(sheetCSVHead); err != nil {
		return err
	}
	itoa := strconv.Itoa
	for _, r := range d.Rounds {
		res := r.Result
		event, hash := "", ""
		if r.ClosedEvent != nil {
			event, hash = strconv.FormatUint(r.ClosedEvent.Event, 10), r.ClosedEvent.Hash
		}
		for _, s := range res.Sections {
			var reasons []string
			for _, rc := range s.Ballots.ByReason {
				reasons = append(reasons, rc.Reason.String()+":"+itoa(rc.Count))
			}
			need, base, baseValue := "", "", ""
			if t := s.Threshold; t != nil {
				need, base, baseValue = itoa(t.Need), t.Base.String(), itoa(t.BaseValue)
			} else if t := s.Floor; t != nil {
				need, base, baseValue = itoa(t.Need), t.Base.String(), itoa(t.BaseValue)
			}
			lead := []string{itoa(r.Number), res.Contest, itoa(res.Round), s.Kind.String(), strconv.FormatBool(r.Provisional),
				s.Office, itoa(s.Seats), itoa(s.Ballots.Cast), itoa(s.Ballots.Valid), itoa(s.Ballots.Blank),
				itoa(s.Ballots.Invalid), strings.Join(reasons, ";"), itoa(s.Ballots.Partly), need, base, baseValue}
			if s.Ranked != nil {
				// A sequential count's passes number their rounds "pass.round".
				type pass struct {
					prefix string
					rounds []count.RankedRound
				}
				passes := []pass{{"", s.Ranked.Rounds}}
				for i, p := range s.Ranked.Passes {
					passes = append(passes, pass{itoa(i+1) + ".", p.Rounds})
				}
				for _, p := range passes {
					for _, rr := range p.rounds {
						for _, v := range rr.Votes {
							status := ""
							for _, dd := range rr.Elected {
								if dd.Name == v.Name {
									status = "elected"
								}
							}
							for _, dd := range rr.Eliminated {
								if dd.Name == v.Name {
									status = "eliminated"
								}
							}
							row := append(append([]string{}, lead...), v.Name, "", "", p.prefix+itoa(rr.Round), "", "", "", v.Votes, status, "", event, hash)
							if err := cw.Write(row); err != nil {
								return err
							}
						}
					}
				}
				continue
			}
			for _, c := range s.Candidates {
				row := append(append([]string{}, lead...), c.Name, strconv.FormatBool(c.WriteIn), strconv.FormatBool(c.Carried), "",
					itoa(c.For), itoa(c.Against), itoa(c.Abstain), itoa(c.Votes), c.Status.String(), c.Why.String(), event, hash)
				if err := cw.Write(row); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
