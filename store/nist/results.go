package nist

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"tally/count"
	"tally/store"
)

// The election results common data format's objects that WriteResults
// writes, field for field as the schema names them
// (NIST_V2_election_results_reporting.json).

type errReport struct {
	AtType              string          `json:"@type"`
	Election            []errElection   `json:"Election"`
	ExternalIdentifier  []errExternalID `json:"ExternalIdentifier"`
	Format              string          `json:"Format"`
	GeneratedDate       string          `json:"GeneratedDate"`
	GpUnit              []errGpUnit     `json:"GpUnit"`
	Issuer              string          `json:"Issuer"`
	IssuerAbbreviation  string          `json:"IssuerAbbreviation"`
	Notes               string          `json:"Notes"`
	Office              []errOffice     `json:"Office,omitempty"`
	Person              []errPerson     `json:"Person,omitempty"`
	SequenceEnd         int             `json:"SequenceEnd"`
	SequenceStart       int             `json:"SequenceStart"`
	Status              string          `json:"Status"`
	VendorApplicationID string          `json:"VendorApplicationId"`
}

type errExternalID struct {
	AtType    string `json:"@type"`
	OtherType string `json:"OtherType"`
	Type      string `json:"Type"`
	Value     string `json:"Value"`
}

type errText struct {
	AtType string          `json:"@type"`
	Text   []errLangString `json:"Text"`
}

type errLangString struct {
	AtType   string `json:"@type"`
	Content  string `json:"Content"`
	Language string `json:"Language"`
}

type errElection struct {
	AtType             string           `json:"@type"`
	BallotCounts       []errBallotCount `json:"BallotCounts,omitempty"`
	Candidate          []errCandidate   `json:"Candidate,omitempty"`
	Contest            []errContest     `json:"Contest"`
	CountStatus        []errCountStatus `json:"CountStatus"`
	ElectionScopeID    string           `json:"ElectionScopeId"`
	EndDate            string           `json:"EndDate"`
	ExternalIdentifier []errExternalID  `json:"ExternalIdentifier,omitempty"`
	Name               errText          `json:"Name"`
	OtherType          string           `json:"OtherType,omitempty"`
	StartDate          string           `json:"StartDate"`
	Type               string           `json:"Type"`
}

type errBallotCount struct {
	AtType             string `json:"@type"`
	BallotsCast        *int   `json:"BallotsCast,omitempty"`
	BallotsOutstanding *int   `json:"BallotsOutstanding,omitempty"`
	BallotsRejected    *int   `json:"BallotsRejected,omitempty"`
	GpUnitID           string `json:"GpUnitId"`
	OtherType          string `json:"OtherType,omitempty"`
	Round              int    `json:"Round"`
	Type               string `json:"Type"`
}

type errCandidate struct {
	ID                 string          `json:"@id"`
	AtType             string          `json:"@type"`
	BallotName         errText         `json:"BallotName"`
	ExternalIdentifier []errExternalID `json:"ExternalIdentifier,omitempty"`
	PersonID           string          `json:"PersonId"`
	PostElectionStatus string          `json:"PostElectionStatus,omitempty"`
}

type errContest struct {
	ID                 string           `json:"@id"`
	AtType             string           `json:"@type"`
	ContestSelection   []errSelection   `json:"ContestSelection"`
	CountStatus        []errCountStatus `json:"CountStatus"`
	ElectionDistrictID string           `json:"ElectionDistrictId"`
	ExternalIdentifier []errExternalID  `json:"ExternalIdentifier"`
	Name               string           `json:"Name"`
	NumberElected      int              `json:"NumberElected"`
	NumberRunoff       int              `json:"NumberRunoff,omitempty"`
	OfficeIDs          []string         `json:"OfficeIds,omitempty"`
	OtherCounts        []errOtherCounts `json:"OtherCounts,omitempty"`
	OtherVoteVariation string           `json:"OtherVoteVariation,omitempty"`
	SequenceOrder      int              `json:"SequenceOrder"`
	VoteVariation      string           `json:"VoteVariation"`
	VotesAllowed       int              `json:"VotesAllowed"`
}

type errSelection struct {
	ID            string          `json:"@id"`
	AtType        string          `json:"@type"`
	CandidateIDs  []string        `json:"CandidateIds"`
	IsWriteIn     bool            `json:"IsWriteIn"`
	SequenceOrder int             `json:"SequenceOrder"`
	VoteCounts    []errVoteCounts `json:"VoteCounts,omitempty"`
}

type errVoteCounts struct {
	AtType    string      `json:"@type"`
	Count     json.Number `json:"Count"`
	GpUnitID  string      `json:"GpUnitId"`
	OtherType string      `json:"OtherType,omitempty"`
	Round     int         `json:"Round,omitempty"`
	Type      string      `json:"Type"`
}

type errOtherCounts struct {
	AtType     string `json:"@type"`
	GpUnitID   string `json:"GpUnitId"`
	Overvotes  int    `json:"Overvotes"`
	Undervotes int    `json:"Undervotes"`
	WriteIns   int    `json:"WriteIns"`
}

type errCountStatus struct {
	AtType string `json:"@type"`
	Status string `json:"Status"`
	Type   string `json:"Type"`
}

type errGpUnit struct {
	ID                 string   `json:"@id"`
	AtType             string   `json:"@type"`
	ComposingGpUnitIDs []string `json:"ComposingGpUnitIds,omitempty"`
	Name               errText  `json:"Name"`
	OtherType          string   `json:"OtherType"`
	Type               string   `json:"Type"`
}

type errOffice struct {
	ID                 string  `json:"@id"`
	AtType             string  `json:"@type"`
	ElectionDistrictID string  `json:"ElectionDistrictId"`
	Name               errText `json:"Name"`
}

type errPerson struct {
	ID       string  `json:"@id"`
	AtType   string  `json:"@type"`
	FullName errText `json:"FullName"`
}

func extID(key, value string) errExternalID {
	return errExternalID{AtType: "ElectionResults.ExternalIdentifier", OtherType: key, Type: "other", Value: value}
}

func countOf(n int) json.Number { return json.Number(strconv.Itoa(n)) }

func countStatus(closed bool) []errCountStatus {
	s := "completed"
	if !closed {
		s = "in-process"
	}
	return []errCountStatus{{AtType: "ElectionResults.CountStatus", Status: s, Type: "total"}}
}

// WriteResults writes a NIST SP 1500-100 election results report (JSON,
// version 2) of the count file's record: every round (round 0) or the
// round whose Number is round. Each office's section of each round is a
// CandidateContest with each candidate's for-votes (and against and
// abstain marks, combined totals, weighted scores, ranked rounds), the
// section's ballot figures and each candidate's outcome; docs/nist.md
// says where each figure goes. A round still open is reported as
// provisional (CountStatus in-process, no outcomes).
func WriteResults(w io.Writer, rec *store.Record, round int) error {
	rounds, err := selectRounds(rec, round)
	if err != nil {
		return err
	}
	e := rec.Election
	lang := language(e)
	text := func(s string) errText {
		return errText{AtType: "ElectionResults.InternationalizedText",
			Text: []errLangString{{AtType: "ElectionResults.LanguageString", Content: s, Language: lang}}}
	}
	roundsKey := "all"
	if round != 0 {
		roundsKey = fmt.Sprint(round)
	}
	rep := errReport{
		AtType: "ElectionResults.ElectionReport",
		ExternalIdentifier: []errExternalID{
			extID("tally-journal-head-sha256", rec.Head),
			extID("tally-journal-events", fmt.Sprint(rec.Events)),
			extID("tally-rounds", roundsKey),
		},
		Format:        "summary-contest",
		GeneratedDate: generatedDate(rec),
		GpUnit: []errGpUnit{
			{ID: idBody, AtType: "ElectionResults.ReportingUnit", ComposingGpUnitIDs: []string{idTable},
				Name: text(bodyName(e)), OtherType: "electoral-body", Type: "other"},
			{ID: idTable, AtType: "ElectionResults.ReportingUnit", Name: text(tableName(e)),
				OtherType: "counting-table", Type: "other"},
		},
		Issuer:              bodyName(e),
		IssuerAbbreviation:  bodyName(e),
		Notes:               journalNote(rec, round),
		SequenceEnd:         1,
		SequenceStart:       1,
		Status:              "unofficial-complete",
		VendorApplicationID: "tally",
	}
	start, end := electionDates(rec)
	el := errElection{AtType: "ElectionResults.Election", ElectionScopeID: idBody, StartDate: start, EndDate: end,
		Name: text(e.Title), Type: "other", OtherType: electionType(e), Contest: []errContest{}}
	el.ExternalIdentifier = []errExternalID{extID("tally-ballot", e.Ballot.String())}
	if e.Preset != count.PresetNone {
		el.ExternalIdentifier = append(el.ExternalIdentifier, extID("tally-preset", e.Preset.String()))
	}
	allClosed := true
	people := map[string]string{}
	offices := map[string]bool{}
	for _, rr := range rounds {
		allClosed = allClosed && rr.Closed
		if rr.Result != nil {
			el.BallotCounts = append(el.BallotCounts, ballotCounts(rr)...)
		}
		for _, c := range contestsOf(rr) {
			ct := resultContest(e, c, len(el.Contest)+1)
			if oi := slices.IndexFunc(e.Offices, func(o count.Office) bool { return o.Name == c.office }); oi >= 0 {
				ct.OfficeIDs = []string{officeID(oi)}
				if !offices[c.office] {
					offices[c.office] = true
					rep.Office = append(rep.Office, errOffice{ID: officeID(oi), AtType: "ElectionResults.Office",
						ElectionDistrictID: idBody, Name: text(c.office)})
				}
			}
			for _, sel := range ct.ContestSelection {
				name := nameOfSelection(c, sel.ID)
				pid, ok := people[name]
				if !ok {
					pid = fmt.Sprintf("person-%d", len(people)+1)
					people[name] = pid
					rep.Person = append(rep.Person, errPerson{ID: pid, AtType: "ElectionResults.Person", FullName: text(name)})
				}
				el.Candidate = append(el.Candidate, resultCandidate(c, name, pid, text(name)))
			}
			el.Contest = append(el.Contest, ct)
		}
	}
	el.CountStatus = countStatus(allClosed)
	if !allClosed {
		rep.Status = "unofficial-partial"
	}
	rep.Election = []errElection{el}
	b, err := marshal(rep, "")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func officeID(i int) string { return fmt.Sprintf("office-%d", i+1) }

func nameOfSelection(c *contest, id string) string {
	for _, n := range c.names() {
		if c.selectionID(n) == id {
			return n
		}
	}
	return ""
}

// electionType names the kind of election for the schema's "other".
func electionType(e *count.Election) string {
	switch e.Preset {
	case count.PresetParty:
		return "party-organisation"
	case count.PresetVillage:
		return "village-committee"
	case count.PresetCongress:
		return "peoples-congress-deputies"
	case count.PresetPlurality:
		return "plurality"
	}
	if e.Ballot == count.BallotRanked {
		return "ranked"
	}
	return "tally"
}

// electionDates are the election file's date (else the day the first
// round opened) and the day of the record's last close or opening, if
// later.
func electionDates(rec *store.Record) (start, end string) {
	day := func(t time.Time) string { return t.UTC().Format(time.DateOnly) }
	if _, err := time.Parse(time.DateOnly, rec.Election.Date); err == nil {
		start = rec.Election.Date
	} else if len(rec.Rounds) > 0 {
		start = day(rec.Rounds[0].OpenedAt)
	} else {
		start = day(time.Time{})
	}
	end = start
	for _, rr := range rec.Rounds {
		for _, t := range []time.Time{rr.OpenedAt, rr.ClosedAt} {
			if !t.IsZero() && day(t) > end {
				end = day(t)
			}
		}
	}
	return start, end
}

// ballotCounts are a round's papers: cast and rejected (invalid) in
// total, then valid, blank, partly invalid and invalid by reason as
// "other" counts, with papers keyed but not accepted as outstanding.
func ballotCounts(rr *store.RoundRecord) []errBallotCount {
	b := rr.Result.Ballots
	n := func(v int) *int { return &v }
	bc := func(other string, cast, rejected *int) errBallotCount {
		t := "total"
		if other != "" {
			t = "other"
		}
		return errBallotCount{AtType: "ElectionResults.BallotCounts", BallotsCast: cast, BallotsRejected: rejected,
			GpUnitID: idTable, OtherType: other, Round: rr.Number, Type: t}
	}
	total := bc("", n(b.Cast), n(b.Invalid))
	if out := rr.Pending + rr.Disputed; out > 0 {
		total.BallotsOutstanding = n(out)
	}
	list := []errBallotCount{total, bc("valid", n(b.Valid), nil), bc("blank", n(b.Blank), nil)}
	if b.Partly > 0 {
		list = append(list, bc("partly-invalid", n(b.Partly), nil))
	}
	for _, r := range b.ByReason {
		list = append(list, bc(reasonStatus(r.Reason), nil, n(r.Count)))
	}
	return list
}

// resultContest is one section of one round as a CandidateContest.
func resultContest(e *count.Election, c *contest, seq int) errContest {
	rr := c.round
	res := rr.Result
	sr := c.res
	vv, other := voteVariation(e)
	ct := errContest{ID: c.id(), AtType: "ElectionResults.CandidateContest", CountStatus: countStatus(rr.Closed),
		ElectionDistrictID: idBody, Name: c.office, NumberElected: c.seats(), OtherVoteVariation: other,
		SequenceOrder: seq, VoteVariation: vv, VotesAllowed: c.votesAllowed(e), ContestSelection: []errSelection{}}
	ids := []errExternalID{
		extID("tally-round", fmt.Sprint(rr.Number)),
		extID("tally-contest", rr.Spec.Contest),
		extID("tally-contest-round", fmt.Sprint(rr.Spec.Number)),
		extID("tally-kind", c.kind().String()),
	}
	flag := func(key string, on bool) {
		if on {
			ids = append(ids, extID(key, "true"))
		}
	}
	flag("tally-provisional", !rr.Closed)
	flag("tally-rerun", rr.Spec.Rerun)
	if res != nil {
		flag("tally-void", res.Void)
		ids = append(ids, extID("tally-next", res.Next.Kind.String()))
		for _, f := range figures(res.Figures) {
			ids = append(ids, extID("tally-figure-"+f[0], f[1]))
		}
	}
	if sr != nil {
		b := sr.Ballots
		ids = append(ids,
			extID("tally-ballots-cast", fmt.Sprint(b.Cast)),
			extID("tally-ballots-valid", fmt.Sprint(b.Valid)),
			extID("tally-ballots-blank", fmt.Sprint(b.Blank)),
			extID("tally-ballots-invalid", fmt.Sprint(b.Invalid)))
		for _, r := range b.ByReason {
			ids = append(ids, extID("tally-ballots-"+reasonStatus(r.Reason), fmt.Sprint(r.Count)))
		}
		if sr.Threshold != nil {
			ids = append(ids, extID("tally-threshold", thresholdText(sr.Threshold)))
		}
		if sr.Floor != nil {
			ids = append(ids, extID("tally-floor", thresholdText(sr.Floor)))
		}
		if sr.Stage > 0 {
			ids = append(ids, extID("tally-stage", fmt.Sprint(sr.Stage)))
		}
		if !sr.Margin.IsZero() {
			ids = append(ids, extID("tally-margin", sr.Margin.String()))
		}
		if sr.Extra > 0 {
			ids = append(ids, extID("tally-extra", fmt.Sprint(sr.Extra)))
		}
		flag("tally-combined", sr.Combined)
		ids = append(ids, extID("tally-open-seats", fmt.Sprint(sr.Open)))
		if sr.WaitingFor != "" {
			ids = append(ids, extID("tally-waiting-for", sr.WaitingFor))
		}
		if sr.DecidedFrom > 0 {
			ids = append(ids, extID("tally-decided-from-round", fmt.Sprint(sr.DecidedFrom)))
		}
		if sr.Ranked != nil {
			ids = append(ids, extID("tally-ranked-method", sr.Ranked.Method.String()),
				extID("tally-ranked-quota", sr.Ranked.Quota))
		}
		if len(sr.Tied) > 0 {
			ct.NumberRunoff = len(sr.Tied)
		}
		over := 0
		for _, r := range b.ByReason {
			if r.Reason == count.ReasonOverVote {
				over = r.Count
			}
		}
		written := 0
		for _, cr := range sr.Candidates {
			if c.isWriteIn(cr.Name) {
				written += cr.For
			}
		}
		ct.OtherCounts = []errOtherCounts{{AtType: "ElectionResults.OtherCounts", GpUnitID: idTable,
			Overvotes: over, Undervotes: b.Blank, WriteIns: written}}
	}
	ct.ExternalIdentifier = ids

	for i, name := range c.names() {
		var cr *count.CandidateResult
		if sr != nil {
			if j := slices.IndexFunc(sr.Candidates, func(x count.CandidateResult) bool { return x.Name == name }); j >= 0 {
				cr = &sr.Candidates[j]
			}
		}
		if cr == nil && c.isWriteIn(name) {
			// Written on a paper but not counted (or not in this round's
			// result): the cast vote records carry it, the results do not.
			continue
		}
		sel := errSelection{ID: c.selectionID(name), AtType: "ElectionResults.CandidateSelection",
			CandidateIDs: []string{c.candidateID(name)}, IsWriteIn: c.isWriteIn(name), SequenceOrder: i + 1}
		if cr != nil {
			sel.VoteCounts = voteCounts(e, c, cr)
		}
		ct.ContestSelection = append(ct.ContestSelection, sel)
	}
	return ct
}

// voteCounts are one candidate's figures: for-votes in total; against and
// abstain (marked ballots, listed candidates) and the combined total and
// weighted score as other counts; a ranked count's votes round by round.
func voteCounts(e *count.Election, c *contest, cr *count.CandidateResult) []errVoteCounts {
	vc := func(other string, n json.Number, round int) errVoteCounts {
		t := "total"
		if other != "" {
			t = "other"
		}
		return errVoteCounts{AtType: "ElectionResults.VoteCounts", Count: n, GpUnitID: idTable, OtherType: other, Round: round, Type: t}
	}
	if c.res.Ranked != nil {
		var out []errVoteCounts
		rounds := c.res.Ranked.Rounds
		if len(c.res.Ranked.Passes) > 0 {
			rounds = c.res.Ranked.Passes[0].Rounds
		}
		for _, rd := range rounds {
			for _, v := range rd.Votes {
				if _, err := strconv.ParseFloat(v.Votes, 64); v.Name == cr.Name && err == nil {
					out = append(out, vc("", json.Number(v.Votes), rd.Round))
				}
			}
		}
		return out
	}
	out := []errVoteCounts{vc("", countOf(cr.For), 0)}
	if e.Ballot == count.BallotMarked && !c.isWriteIn(cr.Name) {
		out = append(out, vc("against", countOf(cr.Against), 0), vc("abstain", countOf(cr.Abstain), 0))
	}
	if c.res.Combined {
		out = append(out, vc("combined", countOf(cr.Votes), 0))
	}
	if cr.ScoreText != "" {
		out = append(out, vc("weighted-score", json.Number(cr.ScoreText), 0))
	}
	return out
}

// resultCandidate is one name standing in one contest, with its outcome.
// A round still open has no outcome yet.
func resultCandidate(c *contest, name, person string, ballotName errText) errCandidate {
	out := errCandidate{ID: c.candidateID(name), AtType: "ElectionResults.Candidate", BallotName: ballotName, PersonID: person}
	if c.res == nil {
		return out
	}
	j := slices.IndexFunc(c.res.Candidates, func(x count.CandidateResult) bool { return x.Name == name })
	if j < 0 {
		return out
	}
	cr := c.res.Candidates[j]
	var ids []errExternalID
	if cr.Carried {
		ids = append(ids, extID("tally-carried-over", "true"))
	}
	if cr.Higher {
		ids = append(ids, extID("tally-from-higher-office", "true"))
	}
	if c.round.Closed {
		out.PostElectionStatus = postElectionStatus(cr.Status)
		ids = append(ids, extID("tally-status", cr.Status.String()))
		if cr.Why != count.WhyNone {
			ids = append(ids, extID("tally-why", cr.Why.String()))
		}
	}
	out.ExternalIdentifier = ids
	return out
}

// postElectionStatus maps a candidate's status to the schema's outcomes:
// elected is a winner; tied at the last seat (re-voted) or kept on a
// narrowed list goes on to a further vote; not elected or not kept is
// defeated; elected to a higher office on the same paper leaves this one.
func postElectionStatus(s count.Status) string {
	switch s {
	case count.StatusElected:
		return "winner"
	case count.StatusTied, count.StatusKept:
		return "advanced-to-runoff"
	case count.StatusNotElected, count.StatusNotKept:
		return "defeated"
	case count.StatusHigherOffice:
		return "withdrawn"
	}
	return ""
}
