package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"tally/count"
)

// EventKind says what an event of the journal records.
type EventKind uint8

// Event kinds. The zero value means "unknown".
const (
	EventNone EventKind = iota
	// EventElectionCreated holds the election file's text.
	EventElectionCreated
	// EventRoundOpened holds a round's spec (what is on the paper), its
	// figures, and whether each ballot is keyed twice or once.
	EventRoundOpened
	// EventTellerSignedIn records a person at the table and their role.
	EventTellerSignedIn
	// EventBallotKeyed is one keying of one ballot (first, second, third).
	EventBallotKeyed
	// EventKeyingsResolved settles keyings that differ: which one stands,
	// or that one is to be keyed again.
	EventKeyingsResolved
	// EventBallotVoided takes back an accepted ballot (keyed in error).
	EventBallotVoided
	// EventBallotsImported adds ballots read from files, accepted as read.
	EventBallotsImported
	// EventRoundClosed holds a round's result as announced.
	EventRoundClosed
	// EventFiguresSet records the open round's figures as entered or
	// corrected at the table (present, voted, issued, returned…).
	EventFiguresSet
	// EventLotDrawn records a lot drawn at the table to settle a tie a
	// ranked count stopped at.
	EventLotDrawn
	// EventConfirmed: a second person confirms the proposal Ref (the chief's
	// decision, void, figures, lot, import or close; a hand-over).
	EventConfirmed
	// EventRefused: a scrutineer or the presiding officer refuses the
	// proposal Ref (or its proposer withdraws it), with why.
	EventRefused
	// EventSignInRefused records a sign-in refused: a wrong PIN, or one
	// tried while the name is locked out. It names who was tried, never
	// the PIN.
	EventSignInRefused
	// EventRoleChanged: a person takes another role, between rounds.
	EventRoleChanged
	// EventChiefHandedOver: the chief scrutineer hands over to Target, who
	// confirms it.
	EventChiefHandedOver
)

var eventKindNames = []string{"", "election-created", "round-opened", "teller-signed-in", "ballot-keyed",
	"keyings-resolved", "ballot-voided", "ballots-imported", "round-closed", "figures-set", "lot-drawn",
	"confirmed", "refused", "sign-in-refused", "role-changed", "chief-handed-over"}

func (k EventKind) String() string {
	if int(k) < len(eventKindNames) {
		return eventKindNames[k]
	}
	return fmt.Sprintf("unknown(%d)", k)
}

// MarshalText writes the kind's name.
func (k EventKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads the kind's name.
func (k *EventKind) UnmarshalText(b []byte) error {
	for i, n := range eventKindNames {
		if i > 0 && n == string(b) {
			*k = EventKind(i)
			return nil
		}
	}
	return fmt.Errorf("unknown event kind %q", b)
}

// Keying modes of a round.
const (
	KeyingDouble = "double"
	KeyingSingle = "single"
)

// Decisions that settle keyings which differ.
const (
	// DecideTake1, DecideTake2, DecideTake3: that keying stands.
	DecideTake1 = "take-1"
	DecideTake2 = "take-2"
	DecideTake3 = "take-3"
	// DecideRekey: the keying named by Keying is set aside; its keyer keys
	// the paper again.
	DecideRekey = "rekey"
)

// Event is one entry of the journal.
type Event struct {
	Seq  uint64    `json:"seq"`
	Time time.Time `json:"time"`
	Kind EventKind `json:"kind"`
	// Who acted: the teller or scrutineer, by name.
	Who string `json:"who,omitempty"`
	// Role of a teller signing in: keyer, chief-scrutineer, scrutineer, caller.
	Role string `json:"role,omitempty"`
	// Round: the round's number among the rounds opened, from 1.
	Round  int `json:"round,omitempty"`
	Ballot int `json:"ballot,omitempty"`
	// Keying: 1, 2 or 3 for a keyed ballot; for a rekey decision, the
	// keying set aside.
	Keying int `json:"keying,omitempty"`
	// Marks: a keyed ballot, its sections matching the round's.
	Marks *count.Ballot `json:"marks,omitempty"`
	// Ballots imported.
	Ballots  []count.Ballot `json:"ballots,omitempty"`
	Decision string         `json:"decision,omitempty"`
	Reason   count.Reason   `json:"reason,omitempty"`
	Note     string         `json:"note,omitempty"`
	// Text: the election file as given.
	Text []byte `json:"text,omitempty"`
	// Spec: the round opened.
	Spec *count.Round `json:"spec,omitempty"`
	// Mode: double or single keying.
	Mode string `json:"mode,omitempty"`
	// Result: the closed round's result (JSON), as announced.
	Result json.RawMessage `json:"result,omitempty"`
	// Figures: the open round's figures as entered at the table.
	Figures *count.Figures `json:"figures,omitempty"`
	// Lot: a lot drawn at the table for a ranked count's tie.
	Lot *count.Lot `json:"lot,omitempty"`
	// Program: the program that wrote the event, on the first event of
	// each sitting ("tally v1.2.0 (3f6749f0c1a2)").
	Program string `json:"program,omitempty"`
	// Ref: the proposal a confirmation or refusal answers (its event).
	Ref uint64 `json:"ref,omitempty"`
	// Target: who a chief scrutineer hands over to.
	Target string `json:"target,omitempty"`
	// Rules: on the event that creates the file, the rules of who may do
	// what it follows (RulesNone in files made before there were any).
	Rules int `json:"rules,omitempty"`
	// Prev is the hash of the event before; Hash this event's own.
	Prev [32]byte `json:"-"`
	Hash [32]byte `json:"-"`
	// Raw is the event as stored (Prev, then the payload): its SHA-256 is
	// Hash, so an export can carry it for a verifier outside the program.
	Raw []byte `json:"-"`
	// Outcome is not stored but follows from the journal: for a keying,
	// what it made of the ballot — "pending" (waiting for its second
	// keying), "match" (the keyings agree: accepted), "discrepancy" (they
	// differ: disputed), "accepted" (single keying); for a decision,
	// "accepted" or "pending" (to be keyed again).
	Outcome string `json:"outcome,omitempty"`
}

// encoder writes an event's payload compactly: a keyed ballot takes a few
// dozen bytes, so a file of a million ballots stays small.
type encoder struct{ b []byte }

func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) int(v int)     { e.uint(uint64(v)) }
func (e *encoder) bytes(b []byte) {
	e.uint(uint64(len(b)))
	e.b = append(e.b, b...)
}
func (e *encoder) str(s string) { e.bytes([]byte(s)) }
func (e *encoder) strs(ss []string) {
	e.int(len(ss))
	for _, s := range ss {
		e.str(s)
	}
}
func (e *encoder) ints(v []int) {
	e.int(len(v))
	for _, x := range v {
		e.int(x)
	}
}

type decoder struct {
	b   []byte
	err error
	// slab backs the small lists of an import's ballots, so a million
	// ballots decode in a few allocations (useSlab: an import).
	slab    []int
	useSlab bool
}

var errShort = errors.New("the event ends too soon")

func (d *decoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errShort
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) int() int {
	v := d.uint()
	if v > 1<<40 {
		d.err = fmt.Errorf("a number in the event is out of range (%d)", v)
		return 0
	}
	return int(v)
}

func (d *decoder) bytes() []byte {
	n := d.int()
	if d.err != nil {
		return nil
	}
	if n > len(d.b) {
		d.err = errShort
		return nil
	}
	out := append([]byte(nil), d.b[:n]...)
	d.b = d.b[n:]
	return out
}

func (d *decoder) str() string { return string(d.bytes()) }

func (d *decoder) strs() []string {
	n := d.int()
	if n > len(d.b) {
		d.err = errShort
		return nil
	}
	var out []string
	for range n {
		out = append(out, d.str())
	}
	return out
}

func (d *decoder) ints() []int {
	n := d.int()
	if n > len(d.b) {
		d.err = errShort
		return nil
	}
	if n == 0 {
		return nil
	}
	if !d.useSlab {
		out := make([]int, n)
		for i := range out {
			out[i] = d.int()
		}
		return out
	}
	if len(d.slab) < n {
		d.slab = make([]int, max(4096, n))
	}
	out := d.slab[:n:n]
	d.slab = d.slab[n:]
	for i := range out {
		out[i] = d.int()
	}
	return out
}

// Section flags: which parts a section's encoding carries.
const (
	secInvalid = 1 << iota
	secNote
	secAgainst
	secWriteIns
	secUnmarked
	secRanks
)

// Ballot flags.
const (
	balSource = 1 << iota
	balInvalid
	balNote
)

func (e *encoder) ballot(b *count.Ballot, withNumber bool) {
	if withNumber {
		e.int(b.Number)
	}
	var f byte
	if b.Source >= 0 {
		f |= balSource
	}
	if b.Invalid != count.ReasonNone {
		f |= balInvalid
	}
	if b.Note != "" {
		f |= balNote
	}
	e.b = append(e.b, f)
	if f&balSource != 0 {
		e.int(b.Source)
	}
	if f&balInvalid != 0 {
		e.int(int(b.Invalid))
	}
	if f&balNote != 0 {
		e.str(b.Note)
	}
	e.int(len(b.Sections))
	for i := range b.Sections {
		m := &b.Sections[i]
		var sf byte
		for _, c := range []struct {
			on   bool
			flag byte
		}{{m.Invalid != count.ReasonNone, secInvalid}, {m.Note != "", secNote}, {len(m.Against) > 0, secAgainst},
			{len(m.WriteIns) > 0, secWriteIns}, {len(m.Unmarked) > 0, secUnmarked}, {len(m.Ranks) > 0, secRanks}} {
			if c.on {
				sf |= c.flag
			}
		}
		e.b = append(e.b, sf)
		e.ints(m.For)
		if sf&secInvalid != 0 {
			e.int(int(m.Invalid))
		}
		if sf&secNote != 0 {
			e.str(m.Note)
		}
		if sf&secAgainst != 0 {
			e.ints(m.Against)
		}
		if sf&secWriteIns != 0 {
			e.strs(m.WriteIns)
		}
		if sf&secUnmarked != 0 {
			e.strs(m.Unmarked)
		}
		if sf&secRanks != 0 {
			e.int(len(m.Ranks))
			for _, r := range m.Ranks {
				e.int(len(r))
				for _, c := range r {
					e.int(c + 1) // OvervoteMark (-1) is 0
				}
			}
		}
	}
}

func (d *decoder) ballot(withNumber bool) count.Ballot {
	b := count.Ballot{Source: -1}
	if withNumber {
		b.Number = d.int()
	}
	if len(d.b) == 0 {
		d.err = errShort
		return b
	}
	f := d.b[0]
	d.b = d.b[1:]
	if f&balSource != 0 {
		b.Source = d.int()
	}
	if f&balInvalid != 0 {
		b.Invalid = count.Reason(d.int())
	}
	if f&balNote != 0 {
		b.Note = d.str()
	}
	n := d.int()
	if n > len(d.b) {
		d.err = errShort
		return b
	}
	b.Sections = make([]count.Marks, n)
	for i := range b.Sections {
		m := &b.Sections[i]
		if len(d.b) == 0 {
			d.err = errShort
			return b
		}
		sf := d.b[0]
		d.b = d.b[1:]
		m.For = d.ints()
		if sf&secInvalid != 0 {
			m.Invalid = count.Reason(d.int())
		}
		if sf&secNote != 0 {
			m.Note = d.str()
		}
		if sf&secAgainst != 0 {
			m.Against = d.ints()
		}
		if sf&secWriteIns != 0 {
			m.WriteIns = d.strs()
		}
		if sf&secUnmarked != 0 {
			m.Unmarked = d.strs()
		}
		if sf&secRanks != 0 {
			nr := d.int()
			if nr > len(d.b) {
				d.err = errShort
				return b
			}
			for range nr {
				k := d.int()
				if k > len(d.b) {
					d.err = errShort
					return b
				}
				rank := make([]int, k)
				for j := range rank {
					rank[j] = d.int() - 1
				}
				m.Ranks = append(m.Ranks, rank)
			}
		}
	}
	return b
}

// encodePayload writes an event after the hash of the one before. tellers
// numbers the people signed in (from 1), so a keyed ballot carries its
// keyer's number, not their name; prevTime makes time a small delta.
func encodePayload(ev *Event, tellers map[string]int, prevTime time.Time) ([]byte, error) {
	e := &encoder{b: make([]byte, 0, 64)}
	e.b = append(e.b, byte(ev.Kind))
	ms := ev.Time.UnixMilli()
	if prevTime.IsZero() {
		e.uint(uint64(ms))
	} else {
		d := ms - prevTime.UnixMilli()
		if d < 0 {
			d = 0 // a clock set back: the journal's order stands
		}
		e.uint(uint64(d))
	}
	who := 0
	if ev.Kind != EventTellerSignedIn && ev.Kind != EventSignInRefused && ev.Who != "" {
		n, ok := tellers[ev.Who]
		if !ok {
			return nil, fmt.Errorf("%s has not signed in", ev.Who)
		}
		who = n
	}
	e.int(who)
	e.int(ev.Round)
	e.int(ev.Ballot)
	e.int(ev.Keying)
	switch ev.Kind {
	case EventElectionCreated:
		e.bytes(ev.Text)
	case EventRoundOpened:
		e.str(ev.Mode)
		spec, err := json.Marshal(ev.Spec)
		if err != nil {
			return nil, err
		}
		e.bytes(spec)
	case EventTellerSignedIn:
		e.str(ev.Who)
		e.str(ev.Role)
	case EventBallotKeyed:
		if ev.Marks == nil {
			return nil, fmt.Errorf("a keyed ballot without marks")
		}
		e.ballot(ev.Marks, false)
	case EventKeyingsResolved:
		e.str(ev.Decision)
		e.str(ev.Note)
	case EventBallotVoided:
		e.int(int(ev.Reason))
		e.str(ev.Note)
	case EventBallotsImported:
		e.str(ev.Note)
		e.int(len(ev.Ballots))
		for i := range ev.Ballots {
			e.ballot(&ev.Ballots[i], true)
		}
	case EventRoundClosed:
		e.str(ev.Note)
		e.bytes(ev.Result)
	case EventFiguresSet:
		if ev.Figures == nil {
			return nil, fmt.Errorf("figures set without figures")
		}
		data, err := json.Marshal(ev.Figures)
		if err != nil {
			return nil, err
		}
		e.bytes(data)
	case EventLotDrawn:
		if ev.Lot == nil {
			return nil, fmt.Errorf("a lot drawn without its result")
		}
		data, err := json.Marshal(ev.Lot)
		if err != nil {
			return nil, err
		}
		e.bytes(data)
	case EventConfirmed:
		e.uint(ev.Ref)
	case EventRefused:
		e.uint(ev.Ref)
		e.str(ev.Note)
	case EventSignInRefused:
		e.str(ev.Who)
		e.str(ev.Role)
		e.str(ev.Note)
	case EventRoleChanged:
		e.str(ev.Role)
	case EventChiefHandedOver:
		e.str(ev.Target)
		e.str(ev.Note)
	default:
		return nil, fmt.Errorf("unknown event kind %d", ev.Kind)
	}
	// Optional, last: the program (layout 2), then on the creating event
	// the rules of who may do what (layout 3).
	rules := ev.Kind == EventElectionCreated && ev.Rules > 0
	if ev.Program != "" || rules {
		e.str(ev.Program)
	}
	if rules {
		e.int(ev.Rules)
	}
	return e.b, nil
}

// decodePayload reads an event written by encodePayload. names are the
// people signed in so far, by number from 1.
func decodePayload(p []byte, names []string, prevTime time.Time) (Event, error) {
	var ev Event
	if len(p) == 0 {
		return ev, errShort
	}
	ev.Kind = EventKind(p[0])
	d := &decoder{b: p[1:]}
	t := int64(d.uint())
	if prevTime.IsZero() {
		ev.Time = time.UnixMilli(t)
	} else {
		ev.Time = time.UnixMilli(prevTime.UnixMilli() + t)
	}
	who := d.int()
	ev.Round = d.int()
	ev.Ballot = d.int()
	ev.Keying = d.int()
	if who > 0 {
		if who > len(names) {
			return ev, fmt.Errorf("the event names person %d, but %d have signed in", who, len(names))
		}
		ev.Who = names[who-1]
	}
	switch ev.Kind {
	case EventElectionCreated:
		ev.Text = d.bytes()
	case EventRoundOpened:
		ev.Mode = d.str()
		spec := d.bytes()
		if d.err == nil {
			ev.Spec = &count.Round{}
			if err := json.Unmarshal(spec, ev.Spec); err != nil {
				return ev, fmt.Errorf("the round's spec is unreadable: %v", err)
			}
		}
	case EventTellerSignedIn:
		ev.Who = d.str()
		ev.Role = d.str()
	case EventBallotKeyed:
		b := d.ballot(false)
		b.Number = ev.Ballot
		ev.Marks = &b
	case EventKeyingsResolved:
		ev.Decision = d.str()
		ev.Note = d.str()
	case EventBallotVoided:
		ev.Reason = count.Reason(d.int())
		ev.Note = d.str()
	case EventBallotsImported:
		d.useSlab = true
		ev.Note = d.str()
		n := d.int()
		if n > len(d.b) {
			return ev, errShort
		}
		ev.Ballots = make([]count.Ballot, 0, n)
		for range n {
			ev.Ballots = append(ev.Ballots, d.ballot(true))
			if d.err != nil {
				break
			}
		}
	case EventRoundClosed:
		ev.Note = d.str()
		ev.Result = d.bytes()
	case EventFiguresSet:
		data := d.bytes()
		if d.err == nil {
			ev.Figures = &count.Figures{}
			if err := json.Unmarshal(data, ev.Figures); err != nil {
				return ev, fmt.Errorf("the figures are unreadable: %v", err)
			}
		}
	case EventConfirmed:
		ev.Ref = d.uint()
	case EventRefused:
		ev.Ref = d.uint()
		ev.Note = d.str()
	case EventSignInRefused:
		ev.Who = d.str()
		ev.Role = d.str()
		ev.Note = d.str()
	case EventRoleChanged:
		ev.Role = d.str()
	case EventChiefHandedOver:
		ev.Target = d.str()
		ev.Note = d.str()
	case EventLotDrawn:
		data := d.bytes()
		if d.err == nil {
			ev.Lot = &count.Lot{}
			if err := json.Unmarshal(data, ev.Lot); err != nil {
				return ev, fmt.Errorf("the lot is unreadable: %v", err)
			}
		}
	default:
		return ev, fmt.Errorf("unknown event kind %d", ev.Kind)
	}
	if d.err == nil && len(d.b) != 0 {
		ev.Program = d.str()
	}
	if d.err == nil && len(d.b) != 0 && ev.Kind == EventElectionCreated {
		ev.Rules = d.int()
	}
	if d.err != nil {
		return ev, d.err
	}
	if len(d.b) != 0 {
		return ev, fmt.Errorf("%d bytes left over at the end of the event", len(d.b))
	}
	return ev, nil
}
