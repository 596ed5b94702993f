package store

import (
	"encoding/hex"
	"encoding/json"
	"io"
)

// JournalLine is one event of the journal as JSON Lines carry it: the
// event, its hash and the one before in hex, and the bytes the file
// stores, so that the chain can be checked outside the program.
type JournalLine struct {
	Event
	Prev string `json:"prev"`
	Hash string `json:"hash"`
	// Stored is the event as the file stores it (the previous hash, then
	// the payload), in hex: its SHA-256 is Hash (docs/count-file.md gives
	// the payload's layout).
	Stored string `json:"stored"`
	// OpensRound: a round-opened event opens the file's round this number.
	OpensRound int `json:"opens_round,omitempty"`
}

// NewJournalLine is ev as a journal line; opens is the round it opens, if
// it opens one.
func NewJournalLine(ev *Event, opens int) JournalLine {
	return JournalLine{Event: *ev, Prev: hex.EncodeToString(ev.Prev[:]), Hash: hex.EncodeToString(ev.Hash[:]),
		Stored: hex.EncodeToString(ev.Raw), OpensRound: opens}
}

// EachEvent calls fn with every event of the journal, with the number of
// the round it opens (if it opens one), keeping those of the file's round
// round (0: all) and of the person who ("": everyone).
func (f *CountFile) EachEvent(round int, who string, fn func(ev *Event, opens int) error) error {
	opened := 0
	return f.Events(func(ev Event) error {
		opens := 0
		if ev.Kind == EventRoundOpened && ev.Spec != nil {
			opened++
			opens = opened
		}
		if round > 0 && ev.Round != round && opens != round {
			return nil
		}
		if who != "" && ev.Who != who {
			return nil
		}
		return fn(&ev, opens)
	})
}

// WriteJournalJSONL writes the journal's events (those of the file's round
// round; 0: all) as JSON Lines, one JournalLine each.
func (f *CountFile) WriteJournalJSONL(w io.Writer, round int) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return f.EachEvent(round, "", func(ev *Event, opens int) error {
		return enc.Encode(NewJournalLine(ev, opens))
	})
}
