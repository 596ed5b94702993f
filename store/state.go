package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"

	"tally/count"
)

// BallotStatus is where one ballot of a round stands.
type BallotStatus int

// Ballot statuses. The zero value means "not keyed".
const (
	BallotNone BallotStatus = iota
	// BallotPending: keyed once in a double-keyed round, waiting for the
	// second keying (or a keying was set aside to be keyed again).
	BallotPending
	// BallotAccepted: counted (keyings agree, a decision settled them,
	// single keying, or imported).
	BallotAccepted
	// BallotDisputed: keyings differ and no decision has settled them.
	BallotDisputed
	// BallotVoided: accepted, then taken back; it may be keyed again.
	BallotVoided
)

var ballotStatusNames = []string{"none", "pending", "accepted", "disputed", "voided"}

func (s BallotStatus) String() string { return ballotStatusNames[s] }

// MarshalText writes the status's name.
func (s BallotStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Keying is one keying of a ballot.
type Keying struct {
	Seq   uint64
	Who   string
	Marks count.Ballot
	// SetAside: a decision sent it back to be keyed again.
	SetAside bool
}

// BallotState is one ballot of a round, as the journal leaves it.
type BallotState struct {
	Number   int
	Status   BallotStatus
	Keyings  []Keying
	Accepted *count.Ballot
	// Imported: read from a ballot file, not keyed at the table.
	Imported bool
	// ImportSeq is the import event that accepted it (0: keyed).
	ImportSeq uint64
	// By: who settled disputed keyings, and how.
	By, Decision string
	// Voids are earlier acceptances taken back, with their reasons.
	Voids []Void
}

// Void is an accepted ballot taken back.
type Void struct {
	Seq    uint64
	Who    string
	Reason count.Reason
	Note   string
}

// active returns the keyings not set aside.
func (b *BallotState) active() []Keying {
	var out []Keying
	for _, k := range b.Keyings {
		if !k.SetAside {
			out = append(out, k)
		}
	}
	return out
}

// RoundState is one round of the count file: its spec and its ballots.
type RoundState struct {
	Number int
	Spec   count.Round
	Mode   string
	Opened uint64
	// Ballots by number.
	Ballots map[int]*BallotState
	// sorted caches the ballot numbers in order (nil: to be sorted again).
	sorted []int
	// actedIn: who has recorded anything in the round (a role does not
	// change in a round someone has acted in).
	actedIn map[string]bool
	// imports: who brought each import, and why.
	imports []ImportNote
	Closed  bool
	// Result as announced at the close.
	Result   json.RawMessage
	ClosedBy string
	Note     string
	// OpenedAt and ClosedAt are the times of the round's opening and
	// closing events (zero while open): the count sheet states them.
	OpenedAt, ClosedAt time.Time
	// ClosedSeq and ClosedHash name the closing event: a count sheet
	// signed for the round prints them, and they stay true however many
	// events follow.
	ClosedSeq  uint64
	ClosedHash [32]byte
}

// Counts says how many ballots of the round are in each status.
func (r *RoundState) Counts() map[BallotStatus]int {
	out := map[BallotStatus]int{}
	for _, b := range r.Ballots {
		out[b.Status]++
	}
	return out
}

// KeyingSummary says how a round's accepted ballots came in: the count
// sheet states it, since a round keyed once is checked less than one keyed
// twice.
type KeyingSummary struct {
	// Mode is the round's keying: KeyingDouble or KeyingSingle.
	Mode string `json:"mode"`
	// Matched: keyed twice alike (after a keying sent back, too).
	Matched int `json:"matched"`
	// Decided: the keyings differed and a scrutineer took one; Deciders
	// are who decided, in order of name.
	Decided  int      `json:"decided"`
	Deciders []string `json:"deciders,omitempty"`
	// Once: keyed once, in a round keyed once.
	Once int `json:"once"`
	// Imported: read from ballot files.
	Imported int `json:"imported"`
	// Imports say who brought each import and why (a round keyed twice
	// takes papers not keyed at the table only with the reason).
	Imports []ImportNote `json:"imports,omitempty"`
}

// ImportNote is one import into a round: who brought it, how many papers,
// and the reason given.
type ImportNote struct {
	By     string `json:"by"`
	Papers int    `json:"papers"`
	Note   string `json:"note,omitempty"`
}

// Keying summarises how the round's accepted ballots came in.
func (r *RoundState) Keying() KeyingSummary {
	k := KeyingSummary{Mode: r.Mode, Imports: slices.Clone(r.imports)}
	for _, b := range r.Ballots {
		if b.Status != BallotAccepted {
			continue
		}
		switch {
		case b.Imported:
			k.Imported++
		case r.Mode == KeyingSingle:
			k.Once++
		case b.Decision != "" && b.Decision != DecideRekey:
			k.Decided++
			if !slices.Contains(k.Deciders, b.By) {
				k.Deciders = append(k.Deciders, b.By)
			}
		default:
			k.Matched++
		}
	}
	slices.Sort(k.Deciders)
	return k
}

// Accepted returns the round's accepted ballots, by number.
func (r *RoundState) Accepted() []count.Ballot {
	out := make([]count.Ballot, 0, len(r.Ballots))
	for _, n := range r.numbers() {
		if b := r.Ballots[n]; b.Status == BallotAccepted {
			out = append(out, *b.Accepted)
		}
	}
	return out
}

func (r *RoundState) numbers() []int {
	if r.sorted != nil && len(r.sorted) == len(r.Ballots) {
		return r.sorted
	}
	ns := make([]int, 0, len(r.Ballots))
	for n := range r.Ballots {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	r.sorted = ns
	return ns
}

// Teller is a person signed in at the table.
type Teller struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

// State is everything the journal says, replayed: the election, the
// people at the table, every round and its ballots. It is derived, never
// stored, so it cannot disagree with the journal.
type State struct {
	Election     *count.Election
	ElectionText []byte
	Tellers      []Teller
	Rounds       []*RoundState
	// TableLots are the lots drawn at the table, in order (the election
	// file's own are in Election.Ranked).
	TableLots []count.Lot
	// Rules: who may do what, as the file was made (RulesNone, RulesRoles).
	Rules        int
	plan         *count.Plan
	tellerNumber map[string]int
	tellerNames  []string
	// people: the role each person holds now; chief: the chief scrutineer.
	people map[string]string
	chief  string
	// pending: the proposals waiting for confirmation, by event.
	pending map[uint64]*Event
	// table: the procedure the election file sets in [table].
	table TableRules
	// failures: wrong PINs since the person last signed in (or since a
	// lock-out ran out), by name.
	failures map[string]pinFailures
}

// Pending lists the proposals waiting for a second person's confirmation,
// in the order they were made.
func (s *State) Pending() []Event {
	var out []Event
	for _, ev := range s.pending {
		out = append(out, *ev)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

// closeProposed says whether the open round's close waits for its
// confirmation.
func (s *State) closeProposed() bool {
	for _, ev := range s.pending {
		if ev.Kind == EventRoundClosed {
			return true
		}
	}
	return false
}

// Open returns the round open for ballots, or nil when none is.
func (s *State) Open() *RoundState {
	if n := len(s.Rounds); n > 0 && !s.Rounds[n-1].Closed {
		return s.Rounds[n-1]
	}
	return nil
}

// Results returns the closed rounds' results, as announced.
func (s *State) Results() ([]*count.Result, error) {
	var out []*count.Result
	for _, r := range s.Rounds {
		if !r.Closed {
			continue
		}
		var res count.Result
		if err := json.Unmarshal(r.Result, &res); err != nil {
			return nil, fmt.Errorf("round %d's result is unreadable: %v", r.Number, err)
		}
		out = append(out, &res)
	}
	return out, nil
}

// Provisional counts the open round's accepted ballots as they stand,
// without closing it (the figures a scrutineer watches).
func (s *State) Provisional() (*count.Result, error) {
	r := s.Open()
	if r == nil {
		return nil, nil
	}
	spec := r.Spec
	return s.Election.CountRound(&spec, r.Accepted())
}

// stateError is a journal event the state refuses.
type stateError struct{ msg string }

func (e *stateError) Error() string { return e.msg }

func refuse(format string, args ...any) error { return &stateError{fmt.Sprintf(format, args...)} }

// check says whether ev may follow the state, without changing anything.
// A refusal says what is wrong in words a teller can act on.
func (s *State) check(ev *Event) error {
	if s.Election == nil && ev.Kind != EventElectionCreated {
		return refuse("the journal must begin with the election")
	}
	if s.Election != nil && s.Rules >= RulesRoles {
		if err := s.checkWho(ev); err != nil {
			return err
		}
	}
	switch ev.Kind {
	case EventElectionCreated:
		if s.Election != nil {
			return refuse("the election is already created")
		}
		if _, err := ParseElection("election", ev.Text); err != nil {
			return refuse("the election file is refused: %v", err)
		}
	case EventRoundOpened:
		if s.Open() != nil {
			return refuse("round %d is still open: close it before opening another", s.Open().Number)
		}
		if ev.Mode != KeyingDouble && ev.Mode != KeyingSingle {
			return refuse("keying must be double or single, not %q", ev.Mode)
		}
		want := s.plan.Next()
		if want == nil {
			return refuse("the election is decided: no round follows")
		}
		if ev.Spec == nil {
			return refuse("a round opened without its spec")
		}
		// The figures are the table's to enter; the rest is the rules'.
		got := *ev.Spec
		got.Figures = want.Figures
		if !sameJSON(want, &got) {
			return refuse("the round opened is not the one the count's rules give next (%s round %d)", want.Contest, want.Number)
		}
	case EventTellerSignedIn:
		if ev.Who == "" {
			return refuse("a name is needed to sign in")
		}
	case EventBallotKeyed, EventKeyingsResolved, EventBallotVoided, EventBallotsImported, EventRoundClosed, EventFiguresSet, EventLotDrawn:
		if s.closeProposed() {
			return refuse("round %d's close waits for its confirmation: confirm or refuse it first", s.Open().Number)
		}
		if ev.Kind == EventRoundClosed {
			for _, p := range s.pending {
				if p.Kind != EventChiefHandedOver {
					return refuse("event %d (%s) waits for its confirmation: confirm or refuse it before the round closes", p.Seq, p.Kind)
				}
			}
		}
		return s.checkRound(ev)
	case EventConfirmed, EventRefused, EventSignInRefused, EventRoleChanged, EventChiefHandedOver:
		if s.Rules < RulesRoles {
			return refuse("%s: this count file was made before roles were enforced, and records none", ev.Kind)
		}
		if ev.Kind == EventConfirmed {
			// The proposal must still stand as the count is now.
			prop := s.pending[ev.Ref]
			switch {
			case prop.Kind == EventChiefHandedOver:
				if s.chief != prop.Who {
					return refuse("event %d cannot take effect now: %s is no longer the chief scrutineer", ev.Ref, prop.Who)
				}
			case prop.Kind == EventRoundClosed:
				// Taking effect, the close recounts the round against the
				// result proposed (effect): a confirmation is always
				// applied to a scratch copy before it is written.
				if err := s.checkRound(prop); err != nil {
					return refuse("event %d cannot take effect now: %v", ev.Ref, err)
				}
			case s.closeProposed():
				return refuse("round %d's close waits for its confirmation: event %d cannot take effect while it does", s.Open().Number, ev.Ref)
			default:
				if err := s.checkRound(prop); err != nil {
					return refuse("event %d cannot take effect now: %v", ev.Ref, err)
				}
			}
		}
		if ev.Kind == EventChiefHandedOver {
			for _, p := range s.pending {
				if p.Kind == EventChiefHandedOver {
					return refuse("a hand-over (event %d) waits for its confirmation already: confirm or refuse it first", p.Seq)
				}
			}
		}
	default:
		return refuse("unknown event kind %d", ev.Kind)
	}
	return nil
}

func (s *State) checkRound(ev *Event) error {
	r := s.Open()
	if r == nil {
		return refuse("no round is open")
	}
	if ev.Round != r.Number {
		return refuse("round %d is the open round, not round %d", r.Number, ev.Round)
	}
	if ev.Who != "" {
		if _, ok := s.tellerNumber[ev.Who]; !ok {
			return refuse("%s has not signed in", ev.Who)
		}
	}
	b := r.Ballots[ev.Ballot]
	switch ev.Kind {
	case EventBallotKeyed:
		if ev.Ballot < 1 {
			return refuse("a ballot's number starts from 1")
		}
		if ev.Who == "" {
			return refuse("a keying needs the keyer's name")
		}
		if ev.Marks == nil {
			return refuse("ballot %d: a keying without marks", ev.Ballot)
		}
		m := *ev.Marks
		m.Number = ev.Ballot
		if err := s.checkMarks(r, &m); err != nil {
			return err
		}
		st := BallotNone
		var active []Keying
		if b != nil {
			st, active = b.Status, b.active()
		}
		switch {
		case st == BallotAccepted:
			return refuse("ballot %d is already accepted (void it first to key it again)", ev.Ballot)
		case st == BallotVoided:
			active = nil
		case st == BallotDisputed && len(active) >= 3:
			return refuse("ballot %d has three keyings: a decision must settle them", ev.Ballot)
		}
		if ev.Keying != len(active)+1 {
			return refuse("ballot %d: this is keying %d, not %d", ev.Ballot, len(active)+1, ev.Keying)
		}
		if st == BallotDisputed && ev.Keying != 3 {
			return refuse("ballot %d: its keyings differ; only a third keying or a decision may follow", ev.Ballot)
		}
	case EventKeyingsResolved:
		if b == nil || b.Status != BallotDisputed {
			return refuse("ballot %d has no keyings that differ", ev.Ballot)
		}
		if ev.Who == "" {
			return refuse("a decision needs the scrutineer's name")
		}
		n := len(b.active())
		switch ev.Decision {
		case DecideTake1, DecideTake2, DecideTake3:
			if k := int(ev.Decision[len(ev.Decision)-1] - '0'); k > n {
				return refuse("ballot %d has no keying %d to take", ev.Ballot, k)
			}
		case DecideRekey:
			if ev.Keying < 1 || ev.Keying > n {
				return refuse("ballot %d has no keying %d to set aside", ev.Ballot, ev.Keying)
			}
		default:
			return refuse("unknown decision %q", ev.Decision)
		}
	case EventBallotVoided:
		if b == nil || b.Status != BallotAccepted {
			return refuse("ballot %d is not accepted: only an accepted ballot can be voided", ev.Ballot)
		}
		if ev.Reason == count.ReasonNone && ev.Note == "" {
			return refuse("voiding ballot %d needs a reason", ev.Ballot)
		}
	case EventBallotsImported:
		// Numbers in rising order cannot repeat; only others need a set.
		var seen map[int]bool
		for i := 1; i < len(ev.Ballots); i++ {
			if ev.Ballots[i].Number <= ev.Ballots[i-1].Number {
				seen = map[int]bool{}
				break
			}
		}
		for i := range ev.Ballots {
			n := ev.Ballots[i].Number
			if n < 1 {
				return refuse("an imported ballot's number starts from 1")
			}
			if seen != nil {
				if seen[n] {
					return refuse("ballot %d is imported twice", n)
				}
				seen[n] = true
			}
			if x := r.Ballots[n]; x != nil && x.Status != BallotVoided {
				return refuse("ballot %d of round %d is already in the count (%s)", n, r.Number, x.Status)
			}
			if err := s.checkMarks(r, &ev.Ballots[i]); err != nil {
				return err
			}
		}
	case EventFiguresSet:
		if ev.Figures == nil {
			return refuse("figures set without figures")
		}
		if ev.Who == "" {
			return refuse("figures need the name of who entered them")
		}
	case EventLotDrawn:
		if s.Election.Ranked == nil {
			return refuse("lots settle the ties of ranked counts; this election is not ranked")
		}
		if ev.Lot == nil || ev.Lot.Chosen == "" || !slices.Contains(ev.Lot.Among, ev.Lot.Chosen) {
			return refuse("a lot names the tied candidates and the one it chose among them")
		}
		if ev.Who == "" {
			return refuse("a lot drawn needs the name of who drew it")
		}
	case EventRoundClosed:
		c := r.Counts()
		if open := c[BallotPending] + c[BallotDisputed]; open > 0 && ev.Note == "" {
			return refuse("round %d has %d pending and %d disputed ballots: settle them, or give the reason for closing regardless", r.Number, c[BallotPending], c[BallotDisputed])
		}
		if ev.Who == "" {
			return refuse("closing a round needs the chief scrutineer's name")
		}
	}
	return nil
}

// checkMarks refuses marks that do not fit the round's paper.
func (s *State) checkMarks(r *RoundState, b *count.Ballot) error {
	if b == nil {
		return refuse("a ballot without marks")
	}

	if len(b.Sections) != len(r.Spec.Sections) {
		return refuse("ballot %d has %d sections; the round's paper has %d", b.Number, len(b.Sections), len(r.Spec.Sections))
	}
	for i, m := range b.Sections {
		n := len(r.Spec.Sections[i].Candidates)
		for _, list := range [][]int{m.For, m.Against} {
			for _, c := range list {
				if c < 0 || c >= n {
					return refuse("ballot %d marks candidate %d of %s, which has %d", b.Number, c+1, r.Spec.Sections[i].Office, n)
				}
			}
		}
		for _, rank := range m.Ranks {
			for _, c := range rank {
				if c != count.OvervoteMark && (c < 0 || c >= n) {
					return refuse("ballot %d ranks candidate %d of %s, which has %d", b.Number, c+1, r.Spec.Sections[i].Office, n)
				}
			}
		}
	}
	return nil
}

// outcome says what a keying or a decision made of its ballot, once
// applied (see Event.Outcome).
func (s *State) outcome(ev *Event) string {
	r := s.Open()
	if r == nil || (ev.Kind != EventBallotKeyed && ev.Kind != EventKeyingsResolved) {
		return ""
	}
	b := r.Ballots[ev.Ballot]
	if b == nil {
		return ""
	}
	switch {
	case b.Status == BallotPending:
		return "pending"
	case b.Status == BallotDisputed:
		return "discrepancy"
	case ev.Kind == EventBallotKeyed && len(b.active()) >= 2:
		return "match"
	}
	return "accepted"
}

// apply changes the state by an event that check has let through.
func (s *State) apply(ev *Event) error {
	if r := s.Open(); r != nil && ev.Who != "" && ev.Kind != EventTellerSignedIn && ev.Kind != EventSignInRefused {
		if r.actedIn == nil {
			r.actedIn = map[string]bool{}
		}
		r.actedIn[ev.Who] = true
	}
	switch ev.Kind {
	case EventElectionCreated:
		e, err := ParseElection("election", ev.Text)
		if err != nil {
			return err
		}
		s.Election, s.ElectionText = e, ev.Text
		s.plan = count.NewPlan(e)
		s.tellerNumber = map[string]int{}
		s.Rules = ev.Rules
		s.table = TableRulesOf(ev.Text)
		s.people, s.pending, s.failures = map[string]string{}, map[uint64]*Event{}, map[string]pinFailures{}
		return nil
	case EventRoundOpened:
		s.plan.SetFigures(ev.Spec.Figures)
		s.Rounds = append(s.Rounds, &RoundState{Number: len(s.Rounds) + 1, Spec: *ev.Spec, Mode: ev.Mode,
			Opened: ev.Seq, OpenedAt: ev.Time, Ballots: map[int]*BallotState{}})
		return nil
	case EventTellerSignedIn:
		s.Tellers = append(s.Tellers, Teller{Name: ev.Who, Role: ev.Role})
		if _, ok := s.tellerNumber[ev.Who]; !ok {
			s.tellerNumber[ev.Who] = len(s.tellerNumber) + 1
			s.tellerNames = append(s.tellerNames, ev.Who)
		}
		s.people[ev.Who] = ev.Role
		if ev.Role == RoleChief {
			s.chief = ev.Who
		}
		delete(s.failures, ev.Who)
		return nil
	case EventSignInRefused:
		// Only a wrong PIN counts, and a lock-out that has run its course
		// starts the count again; a try while locked changes nothing (or
		// anyone could keep a person locked out by typing their name).
		if ev.Note == pinWrong {
			f := s.failures[ev.Who]
			if f.n >= MaxPINTries && ev.Time.Sub(f.last) >= PINLockout {
				f.n = 0
			}
			f.n++
			f.last = ev.Time
			s.failures[ev.Who] = f
		}
		return nil
	case EventRoleChanged:
		s.people[ev.Who] = ev.Role
		return nil
	case EventRefused:
		delete(s.pending, ev.Ref)
		return nil
	case EventConfirmed:
		prop := s.pending[ev.Ref]
		delete(s.pending, ev.Ref)
		if prop.Kind == EventChiefHandedOver {
			s.people[prop.Who], s.people[prop.Target], s.chief = RoleScrutineer, RoleChief, prop.Target
			return nil
		}
		// A copy: the proposal as journalled is never written to (a
		// scratch state shares it with the real one).
		p := *prop
		return s.effect(&p, ev)
	}
	if s.needsConfirmation(ev) {
		if ev.Kind == EventRoundClosed {
			// A close proposed must be the count's result now: nothing
			// in the round changes while it waits.
			if err := s.checkAnnounced(ev); err != nil {
				return err
			}
		}
		p := *ev
		s.pending[ev.Seq] = &p
		return nil
	}
	return s.effect(ev, ev)
}

// effect makes an event take effect; at is the event at which it does
// (itself, or the confirmation of a proposal): a round closes at its
// confirmation.
func (s *State) effect(ev, at *Event) error {
	switch ev.Kind {
	case EventBallotKeyed:
		defer func() { ev.Outcome = s.outcome(ev) }()
		r := s.Open()
		b := r.ballot(ev.Ballot)
		if b.Status == BallotVoided {
			// Keyed afresh: the earlier keyings and their decision are
			// history (the journal and Voids keep them).
			b.Keyings, b.Status, b.By, b.Decision = nil, BallotNone, "", ""
		}
		b.Keyings = append(b.Keyings, Keying{Seq: ev.Seq, Who: ev.Who, Marks: *ev.Marks})
		b.Keyings[len(b.Keyings)-1].Marks.Number = ev.Ballot
		active := b.active()
		switch {
		case r.Mode == KeyingSingle:
			b.accept(&active[0].Marks)
		case len(active) == 1:
			b.Status = BallotPending
		case len(active) == 2 && sameMarks(&active[0].Marks, &active[1].Marks):
			b.accept(&active[1].Marks)
		default:
			b.Status = BallotDisputed
		}
	case EventKeyingsResolved:
		defer func() { ev.Outcome = s.outcome(ev) }()
		b := s.Open().Ballots[ev.Ballot]
		active := b.active()
		b.By, b.Decision = ev.Who, ev.Decision
		if ev.Decision == DecideRekey {
			n := 0
			for i := range b.Keyings {
				if !b.Keyings[i].SetAside {
					n++
					if n == ev.Keying {
						b.Keyings[i].SetAside = true
					}
				}
			}
			// Of three keyings, the two left may agree: a match like any other.
			if left := b.active(); len(left) == 2 && sameMarks(&left[0].Marks, &left[1].Marks) {
				b.accept(&left[1].Marks)
			} else {
				b.Status = BallotPending
			}
			break
		}
		k := int(ev.Decision[len(ev.Decision)-1] - '1')
		b.accept(&active[k].Marks)
	case EventBallotVoided:
		b := s.Open().Ballots[ev.Ballot]
		b.Voids = append(b.Voids, Void{Seq: ev.Seq, Who: ev.Who, Reason: ev.Reason, Note: ev.Note})
		b.Status, b.Accepted = BallotVoided, nil
	case EventBallotsImported:
		r := s.Open()
		r.imports = append(r.imports, ImportNote{By: ev.Who, Papers: len(ev.Ballots), Note: ev.Note})
		if len(r.Ballots) == 0 {
			r.Ballots = make(map[int]*BallotState, len(ev.Ballots))
		}
		// One block of states for the lot, and the ballots as decoded.
		block := make([]BallotState, len(ev.Ballots))
		for i := range ev.Ballots {
			n := ev.Ballots[i].Number
			b := r.Ballots[n]
			if b == nil {
				b = &block[i]
				b.Number = n
				r.Ballots[n] = b
			}
			b.Keyings = nil
			b.Imported, b.ImportSeq = true, ev.Seq
			b.Accepted, b.Status = &ev.Ballots[i], BallotAccepted
		}
		r.sorted = nil
	case EventFiguresSet:
		r := s.Open()
		r.Spec.Figures = *ev.Figures
		s.plan.SetFigures(*ev.Figures)
	case EventLotDrawn:
		// The lot joins the election's tie rules for every count after it.
		s.Election.Ranked.Tie.Lots = append(s.Election.Ranked.Tie.Lots, *ev.Lot)
		s.TableLots = append(s.TableLots, *ev.Lot)
	case EventRoundClosed:
		r := s.Open()
		res, err := s.plan.Count(r.Accepted())
		if err != nil {
			return err
		}
		got, err := json.Marshal(res)
		if err != nil {
			return err
		}
		if !bytes.Equal(compactJSON(got), compactJSON(ev.Result)) {
			return refuse("round %d's result does not follow from its ballots: the announced result differs from a recount of the journal", r.Number)
		}
		r.Closed, r.Result, r.ClosedBy, r.Note, r.ClosedAt = true, ev.Result, ev.Who, ev.Note, at.Time
		r.ClosedSeq, r.ClosedHash = at.Seq, at.Hash
	}
	return nil
}

func (r *RoundState) ballot(n int) *BallotState {
	b := r.Ballots[n]
	if b == nil {
		b = &BallotState{Number: n}
		r.Ballots[n] = b
		r.sorted = nil
	}
	return b
}

func (b *BallotState) accept(m *count.Ballot) {
	acc := *m
	acc.Number = b.Number
	b.Accepted, b.Status = &acc, BallotAccepted
}

// checkAnnounced refuses a close whose result is not what a count of
// the round's accepted ballots gives now.
func (s *State) checkAnnounced(ev *Event) error {
	_, res, err := s.closing()
	if err != nil {
		return err
	}
	got, err := json.Marshal(res)
	if err != nil {
		return err
	}
	if !bytes.Equal(compactJSON(got), compactJSON(ev.Result)) {
		return refuse("round %d's result does not follow from its ballots: the announced result differs from a recount of the journal", s.Open().Number)
	}
	return nil
}

// sameMarks compares two keyings of one paper.
func sameMarks(a, b *count.Ballot) bool {
	x, y := *a, *b
	x.Number, y.Number = 0, 0
	ea, eb := &encoder{}, &encoder{}
	ea.ballot(&x, false)
	eb.ballot(&y, false)
	return bytes.Equal(ea.b, eb.b)
}

// Differences lists the sections and candidates where two keyings differ,
// for the reconcile screen.
func Differences(a, b *count.Ballot) []string {
	var out []string
	if a.Invalid != b.Invalid {
		out = append(out, "paper invalid")
	}
	for i := range min(len(a.Sections), len(b.Sections)) {
		x, y := a.Sections[i], b.Sections[i]
		if !slices.Equal(x.For, y.For) || !slices.Equal(x.Against, y.Against) || !slices.Equal(x.WriteIns, y.WriteIns) ||
			!slices.Equal(x.Unmarked, y.Unmarked) || x.Invalid != y.Invalid || !slices.EqualFunc(x.Ranks, y.Ranks, slices.Equal) {
			out = append(out, fmt.Sprintf("section %d", i+1))
		}
	}
	return out
}

func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

func compactJSON(b []byte) []byte {
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		return b
	}
	return out.Bytes()
}

// fingerprint says everything the state holds that a count depends on, so
// that memory can be compared with a replay of the journal.
func (s *State) fingerprint() string {
	var b bytes.Buffer
	for _, r := range s.Rounds {
		fmt.Fprintf(&b, "round %d closed %v figures %+v\n", r.Number, r.Closed, r.Spec.Figures)
		for _, n := range r.numbers() {
			bs := r.Ballots[n]
			fmt.Fprintf(&b, " %d %v", n, bs.Status)
			if bs.Accepted != nil {
				e := &encoder{}
				e.ballot(bs.Accepted, true)
				fmt.Fprintf(&b, " %x", e.b)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
