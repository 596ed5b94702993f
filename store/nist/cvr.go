package nist

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"tally/count"
	"tally/store"
)

// CVRVersion is the version of NIST SP 1500-103 that WriteCVR writes.
const CVRVersion = "1.0.0"

// The CVR common data format's objects that WriteCVR writes, field for
// field as the schema names them (NIST_V0_cast_vote_records.json).

type cvrCode struct {
	AtType    string `json:"@type"`
	Type      string `json:"Type"`
	OtherType string `json:"OtherType,omitempty"`
	Value     string `json:"Value"`
}

type cvrElection struct {
	ID              string         `json:"@id"`
	AtType          string         `json:"@type"`
	Candidate       []cvrCandidate `json:"Candidate,omitempty"`
	Code            []cvrCode      `json:"Code,omitempty"`
	Contest         []cvrContest   `json:"Contest"`
	ElectionScopeID string         `json:"ElectionScopeId"`
	Name            string         `json:"Name,omitempty"`
}

type cvrCandidate struct {
	ID     string `json:"@id"`
	AtType string `json:"@type"`
	Name   string `json:"Name"`
}

type cvrContest struct {
	ID                 string            `json:"@id"`
	AtType             string            `json:"@type"`
	Code               []cvrCode         `json:"Code,omitempty"`
	ContestSelection   []cvrCandidateSel `json:"ContestSelection"`
	Name               string            `json:"Name"`
	NumberElected      int               `json:"NumberElected"`
	OtherVoteVariation string            `json:"OtherVoteVariation,omitempty"`
	VoteVariation      string            `json:"VoteVariation"`
	VotesAllowed       int               `json:"VotesAllowed"`
}

type cvrCandidateSel struct {
	ID           string   `json:"@id"`
	AtType       string   `json:"@type"`
	CandidateIDs []string `json:"CandidateIds"`
	IsWriteIn    bool     `json:"IsWriteIn"`
}

type cvrGpUnit struct {
	ID                 string   `json:"@id"`
	AtType             string   `json:"@type"`
	Name               string   `json:"Name,omitempty"`
	OtherType          string   `json:"OtherType,omitempty"`
	ReportingDeviceIDs []string `json:"ReportingDeviceIds,omitempty"`
	Type               string   `json:"Type"`
}

type cvrDevice struct {
	ID          string    `json:"@id"`
	AtType      string    `json:"@type"`
	Application string    `json:"Application"`
	Code        []cvrCode `json:"Code,omitempty"`
	Notes       []string  `json:"Notes,omitempty"`
}

type cvrRecord struct {
	AtType            string        `json:"@type"`
	BallotStyleID     string        `json:"BallotStyleId"`
	BallotStyleUnitID string        `json:"BallotStyleUnitId"`
	BatchID           string        `json:"BatchId"`
	BatchSequenceID   int           `json:"BatchSequenceId"`
	CVRSnapshot       []cvrSnapshot `json:"CVRSnapshot"`
	CreatingDeviceID  string        `json:"CreatingDeviceId"`
	CurrentSnapshotID string        `json:"CurrentSnapshotId"`
	ElectionID        string        `json:"ElectionId"`
	UniqueID          string        `json:"UniqueId"`
}

type cvrSnapshot struct {
	ID          string          `json:"@id"`
	AtType      string          `json:"@type"`
	Annotation  []cvrAnnotation `json:"Annotation,omitempty"`
	CVRContest  []cvrContestRec `json:"CVRContest"`
	OtherStatus string          `json:"OtherStatus,omitempty"`
	Status      []string        `json:"Status,omitempty"`
	Type        string          `json:"Type"`
}

type cvrAnnotation struct {
	AtType  string   `json:"@type"`
	Message []string `json:"Message"`
}

type cvrContestRec struct {
	AtType              string         `json:"@type"`
	CVRContestSelection []cvrSelection `json:"CVRContestSelection,omitempty"`
	ContestID           string         `json:"ContestId"`
	OtherStatus         string         `json:"OtherStatus,omitempty"`
	Overvotes           int            `json:"Overvotes,omitempty"`
	Selections          int            `json:"Selections"`
	Status              []string       `json:"Status,omitempty"`
	WriteIns            int            `json:"WriteIns,omitempty"`
}

type cvrSelection struct {
	AtType             string        `json:"@type"`
	ContestSelectionID string        `json:"ContestSelectionId"`
	OptionPosition     int           `json:"OptionPosition,omitempty"`
	SelectionPosition  []cvrPosition `json:"SelectionPosition"`
	TotalNumberVotes   *int          `json:"TotalNumberVotes,omitempty"`
}

type cvrPosition struct {
	AtType        string      `json:"@type"`
	CVRWriteIn    *cvrWriteIn `json:"CVRWriteIn,omitempty"`
	HasIndication string      `json:"HasIndication"`
	IsAllocable   string      `json:"IsAllocable"`
	NumberVotes   int         `json:"NumberVotes"`
	OtherStatus   string      `json:"OtherStatus,omitempty"`
	Rank          int         `json:"Rank,omitempty"`
	Status        []string    `json:"Status,omitempty"`
}

type cvrWriteIn struct {
	AtType string `json:"@type"`
	Text   string `json:"Text"`
}

func code(key, value string) cvrCode {
	return cvrCode{AtType: "CVR.Code", Type: "other", OtherType: key, Value: value}
}

// WriteCVR writes a NIST SP 1500-103 cast vote record report (JSON, CDF
// version 1.0.0) of the count file's record: one CVR for each paper
// accepted in every round (round 0), or in the round whose Number is
// round. Each office's section of each round is a contest of its own;
// docs/nist.md says how every mark, write-in and invalid reason is put.
// The report names the journal's head and event count, and is dated by
// the record (its last close), so the same file always gives the same
// bytes.
func WriteCVR(w io.Writer, rec *store.Record, round int) error {
	rounds, err := selectRounds(rec, round)
	if err != nil {
		return err
	}
	e := rec.Election
	el := cvrElection{ID: idElection, AtType: "CVR.Election", ElectionScopeID: idBody, Name: e.Title,
		Code: electionCodes(e)}
	contests := map[int][]*contest{}
	for _, rr := range rounds {
		cs := contestsOf(rr)
		contests[rr.Number] = cs
		for _, c := range cs {
			if c.spec == nil {
				// Decided from an earlier round's papers: no paper of this
				// round carries it.
				continue
			}
			el.Contest = append(el.Contest, cvrContestOf(e, c))
			for _, n := range c.names() {
				el.Candidate = append(el.Candidate, cvrCandidate{ID: c.candidateID(n), AtType: "CVR.Candidate", Name: n})
			}
		}
	}
	journal := journalNote(rec, round)
	device := cvrDevice{ID: idDevice, AtType: "CVR.ReportingDevice", Application: "tally",
		Code:  []cvrCode{code("tally-journal-head-sha256", rec.Head), code("tally-journal-events", fmt.Sprint(rec.Events))},
		Notes: []string{journal}}
	gpUnits := []cvrGpUnit{
		{ID: idBody, AtType: "CVR.GpUnit", Name: bodyName(e), OtherType: "electoral-body", Type: "other"},
		{ID: idTable, AtType: "CVR.GpUnit", Name: tableName(e), OtherType: "counting-table",
			ReportingDeviceIDs: []string{idDevice}, Type: "other"},
	}

	o := newObjectWriter(w)
	o.field("@type", "CVR.CastVoteRecordReport")
	o.field("Election", []cvrElection{el})
	o.field("GeneratedDate", generatedDate(rec))
	o.field("GpUnit", gpUnits)
	o.field("Notes", journal)
	o.field("ReportGeneratingDeviceIds", []string{idDevice})
	o.field("ReportType", []string{"originating-device-export"})
	o.field("ReportingDevice", []cvrDevice{device})
	o.field("Version", CVRVersion)
	o.openArray("CVR")
	for _, rr := range rounds {
		for i := range rr.Ballots {
			o.element(cvrOf(e, rr, contests[rr.Number], &rr.Ballots[i]))
		}
	}
	o.closeArray()
	return o.close()
}

// journalNote ties a report to its count file.
func journalNote(rec *store.Record, round int) string {
	which := "every round"
	if round != 0 {
		which = fmt.Sprintf("round %d", round)
	}
	return fmt.Sprintf("tally count file, %s: journal head %s (SHA-256; check code %s) after %d events; written by %s", which, rec.Head, store.CheckCode(rec.Head), rec.Events, store.Program())
}

func electionCodes(e *count.Election) []cvrCode {
	out := []cvrCode{code("tally-ballot", e.Ballot.String())}
	if e.Preset != count.PresetNone {
		out = append(out, code("tally-preset", e.Preset.String()))
	}
	return out
}

func cvrContestOf(e *count.Election, c *contest) cvrContest {
	vv, other := voteVariation(e)
	out := cvrContest{ID: c.id(), AtType: "CVR.CandidateContest", Name: c.office, NumberElected: c.seats(),
		VoteVariation: vv, OtherVoteVariation: other, VotesAllowed: c.votesAllowed(e)}
	rr := c.round
	out.Code = []cvrCode{
		code("tally-round", fmt.Sprint(rr.Number)),
		code("tally-contest", rr.Spec.Contest),
		code("tally-contest-round", fmt.Sprint(rr.Spec.Number)),
		code("tally-kind", c.kind().String()),
	}
	if e.Ranked != nil {
		out.Code = append(out.Code, code("tally-ranked-method", e.Ranked.Method.String()))
	}
	for _, n := range c.names() {
		out.ContestSelection = append(out.ContestSelection, cvrCandidateSel{ID: c.selectionID(n),
			AtType: "CVR.CandidateSelection", CandidateIDs: []string{c.candidateID(n)}, IsWriteIn: c.isWriteIn(n)})
	}
	return out
}

// cvrOf is one paper's cast vote record.
func cvrOf(e *count.Election, rr *store.RoundRecord, contests []*contest, b *count.Ballot) cvrRecord {
	id := fmt.Sprintf("r%d-b%d", rr.Number, b.Number)
	snap := cvrSnapshot{ID: "snapshot-" + id, AtType: "CVR.CVRSnapshot", Type: "interpreted"}
	var read []sectionReading
	if e.Ballot == count.BallotRanked {
		read = readRanked(&rr.Spec, b)
	} else {
		read = readPaper(e, &rr.Spec, b)
	}
	var notes []string
	if r, void := paperVoid(read); void {
		snap.Status, snap.OtherStatus = []string{"other"}, reasonStatus(r)
	}
	if b.Source >= 0 && len(rr.Spec.Sections) > 0 {
		if name := sourceName(e, rr.Spec.Sections[0].Office, b.Source); name != "" {
			notes = append(notes, "source: "+name)
		}
	}
	if b.Note != "" {
		notes = append(notes, "note: "+b.Note)
	}
	for i, c := range contests {
		if c.spec == nil || i >= len(b.Sections) {
			continue
		}
		m := &b.Sections[i]
		if m.Note != "" {
			notes = append(notes, fmt.Sprintf("note (%s): %s", c.office, m.Note))
		}
		if e.Ballot == count.BallotRanked {
			snap.CVRContest = append(snap.CVRContest, rankedContestRec(e, c, m, read[i]))
		} else {
			snap.CVRContest = append(snap.CVRContest, markedContestRec(e, c, m, read[i]))
		}
	}
	if len(notes) > 0 {
		snap.Annotation = []cvrAnnotation{{AtType: "CVR.Annotation", Message: notes}}
	}
	return cvrRecord{AtType: "CVR.CVR", BallotStyleID: fmt.Sprintf("style-r%d", rr.Number), BallotStyleUnitID: idTable,
		BatchID: fmt.Sprintf("round-%d", rr.Number), BatchSequenceID: b.Number, CVRSnapshot: []cvrSnapshot{snap},
		CreatingDeviceID: idDevice, CurrentSnapshotID: snap.ID, ElectionID: idElection, UniqueID: id}
}

// paperVoid says whether a paper gives no vote at all, and why: the
// whole paper is invalid, or every section is (the first one's reason, as
// the count files it).
func paperVoid(read []sectionReading) (count.Reason, bool) {
	for _, r := range read {
		if r.Invalid == count.ReasonNone {
			return count.ReasonNone, false
		}
	}
	if len(read) == 0 {
		return count.ReasonNone, false
	}
	return read[0].Invalid, true
}

func sourceName(e *count.Election, office string, source int) string {
	for _, o := range e.Offices {
		if o.Name == office && source < len(o.Sources) {
			return o.Sources[source].Name
		}
	}
	return ""
}

// selections gathers a section's positions by contest selection, in the
// order first met.
type selections struct {
	c     *contest
	order []string
	by    map[string]*cvrSelection
}

func (s *selections) add(name string, p cvrPosition) {
	id := s.c.selectionID(name)
	sel, ok := s.by[id]
	if !ok {
		sel = &cvrSelection{AtType: "CVR.CVRContestSelection", ContestSelectionID: id, TotalNumberVotes: new(int)}
		if i := slices.Index(s.c.listed, name); i >= 0 {
			sel.OptionPosition = i + 1
		}
		s.by[id] = sel
		s.order = append(s.order, id)
	}
	p.AtType = "CVR.SelectionPosition"
	if p.IsAllocable == "yes" {
		*sel.TotalNumberVotes += p.NumberVotes
	}
	sel.SelectionPosition = append(sel.SelectionPosition, p)
}

func (s *selections) list() ([]cvrSelection, int) {
	var out []cvrSelection
	votes := 0
	for _, id := range s.order {
		out = append(out, *s.by[id])
		votes += *s.by[id].TotalNumberVotes
	}
	return out, votes
}

// contestStatus says why a section gives no votes: invalid (an over-vote
// as the schema's overvoted, other reasons by code) or blank.
func contestStatus(rec *cvrContestRec, r sectionReading, allowed int) {
	switch {
	case r.Invalid == count.ReasonOverVote:
		rec.Status, rec.Overvotes = []string{"overvoted"}, allowed
	case r.Invalid != count.ReasonNone:
		rec.Status, rec.OtherStatus = []string{"other"}, reasonStatus(r.Invalid)
	case r.Blank:
		rec.Status = []string{"not-indicated"}
	}
}

// markedContestRec is a marked or choice section: a for-mark is an
// indication worth one vote; an against-mark an indication worth none,
// not allocable, with the status "against"; an abstention no position at
// all; a written name a write-in position.
func markedContestRec(e *count.Election, c *contest, m *count.Marks, r sectionReading) cvrContestRec {
	valid := r.Invalid == count.ReasonNone
	s := &selections{c: c, by: map[string]*cvrSelection{}}
	for j, name := range c.listed {
		switch {
		case slices.Contains(m.For, j):
			p := cvrPosition{HasIndication: "yes", IsAllocable: "yes", NumberVotes: 1}
			if !valid {
				p.IsAllocable, p.Status = "no", []string{"invalidated-rules"}
			}
			s.add(name, p)
		case slices.Contains(m.Against, j):
			p := cvrPosition{HasIndication: "yes", IsAllocable: "no", NumberVotes: 0, Status: []string{"other"}, OtherStatus: "against"}
			if !valid {
				p.Status = []string{"invalidated-rules", "other"}
			}
			s.add(name, p)
		}
	}
	for _, wn := range r.Written {
		p := cvrPosition{CVRWriteIn: &cvrWriteIn{AtType: "CVR.CVRWriteIn", Text: wn.Name}, HasIndication: "no", IsAllocable: "no"}
		if wn.Marked {
			p.HasIndication = "yes"
		}
		if wn.Marked || e.Settings.WriteInUnmarked {
			p.NumberVotes = 1
		}
		switch {
		case wn.Counts:
			p.IsAllocable = "yes"
			if !wn.Marked {
				p.Status, p.OtherStatus = []string{"other"}, "unmarked-write-in"
			}
		case !valid:
			p.Status = []string{"invalidated-rules"}
		default:
			p.Status, p.OtherStatus = []string{"invalidated-rules", "other"}, "not-counted-"+wn.Why
		}
		s.add(wn.Name, p)
	}
	rec := cvrContestRec{AtType: "CVR.CVRContest", ContestID: c.id(), WriteIns: len(r.Written)}
	rec.CVRContestSelection, rec.Selections = s.list()
	contestStatus(&rec, r, c.votesAllowed(e))
	return rec
}

// rankedContestRec is a ranked section: each name at each rank an
// indication with its Rank. Whether it gives a vote depends on the round
// of the count, so a valid one is allocable "unknown".
func rankedContestRec(e *count.Election, c *contest, m *count.Marks, r sectionReading) cvrContestRec {
	s := &selections{c: c, by: map[string]*cvrSelection{}}
	var overvoted []string
	for j, name := range c.listed {
		for k, rank := range m.Ranks {
			if !slices.Contains(rank, j) {
				continue
			}
			p := cvrPosition{HasIndication: "yes", IsAllocable: "unknown", NumberVotes: 1, Rank: k + 1}
			if r.Invalid != count.ReasonNone {
				p.IsAllocable, p.Status = "no", []string{"invalidated-rules"}
			}
			s.add(name, p)
		}
	}
	for k, rank := range m.Ranks {
		if slices.Contains(rank, count.OvervoteMark) {
			overvoted = append(overvoted, fmt.Sprint(k+1))
		}
	}
	rec := cvrContestRec{AtType: "CVR.CVRContest", ContestID: c.id()}
	rec.CVRContestSelection, _ = s.list()
	rec.Selections = len(rec.CVRContestSelection)
	for i := range rec.CVRContestSelection {
		// A rank's vote is the count's to give, round by round.
		rec.CVRContestSelection[i].TotalNumberVotes = nil
	}
	contestStatus(&rec, r, c.votesAllowed(e))
	if len(overvoted) > 0 && rec.OtherStatus == "" {
		rec.Status = append(rec.Status, "other")
		rec.OtherStatus = "overvote-at-rank-" + strings.Join(overvoted, "-")
	}
	return rec
}

// objectWriter writes a JSON object field by field, two spaces a level,
// so that a report's CVRs can go out one by one instead of all at once.
// Each CVR is one line: a paper per line reads, greps and diffs as a
// paper, and a file of many thousand papers stays a third of the size.
type objectWriter struct {
	w      *bufio.Writer
	fields int
	elems  int
	err    error
}

func newObjectWriter(w io.Writer) *objectWriter {
	o := &objectWriter{w: bufio.NewWriter(w)}
	o.write([]byte("{"))
	return o
}

func (o *objectWriter) write(b []byte) {
	if o.err == nil {
		_, o.err = o.w.Write(b)
	}
}

func (o *objectWriter) key(k string) {
	if o.fields > 0 {
		o.write([]byte(","))
	}
	o.fields++
	o.write([]byte("\n  "))
	kb, _ := json.Marshal(k)
	o.write(kb)
	o.write([]byte(": "))
}

func (o *objectWriter) field(k string, v any) {
	o.key(k)
	o.value(v, "  ")
}

func (o *objectWriter) value(v any, prefix string) {
	if o.err != nil {
		return
	}
	b, err := marshal(v, prefix)
	if err != nil {
		o.err = err
		return
	}
	o.write(b)
}

func (o *objectWriter) openArray(k string) {
	o.key(k)
	o.write([]byte("["))
	o.elems = 0
}

func (o *objectWriter) element(v any) {
	if o.elems > 0 {
		o.write([]byte(","))
	}
	o.elems++
	o.write([]byte("\n    "))
	if o.err != nil {
		return
	}
	b, err := marshalLine(v)
	if err != nil {
		o.err = err
		return
	}
	o.write(b)
}

func (o *objectWriter) closeArray() {
	if o.elems > 0 {
		o.write([]byte("\n  "))
	}
	o.write([]byte("]"))
}

func (o *objectWriter) close() error {
	o.write([]byte("\n}\n"))
	if o.err != nil {
		return o.err
	}
	return o.w.Flush()
}

// marshal writes v as indented JSON with names as they are (no \u003c
// for <), each line after the first starting with prefix.
func marshal(v any, prefix string) ([]byte, error) {
	return encode(v, func(enc *json.Encoder) { enc.SetIndent(prefix, "  ") })
}

// marshalLine writes v as JSON on one line, names as they are.
func marshalLine(v any) ([]byte, error) { return encode(v, func(*json.Encoder) {}) }

func encode(v any, set func(*json.Encoder)) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	set(enc)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
