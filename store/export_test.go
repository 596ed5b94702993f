package store_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"tally/count"
	"tally/examples"
	"tally/store"
	"tally/store/storetest"
)

// Resolve undoes BallotRecords: every round of every example gives back
// the ballots the count file accepted.
func TestExport_BallotRecordsResolveToTheAcceptedBallots(t *testing.T) {
	for _, name := range storetest.Examples() {
		t.Run(name, func(t *testing.T) {
			rec := record(t, name)
			var all []count.BallotRecord
			for _, rr := range rec.Rounds {
				recs, err := rec.BallotRecords(rr.Number)
				if err != nil {
					t.Fatal(err)
				}
				all = append(all, recs...)
				got, err := rec.Election.Resolve(&rr.Spec, recs)
				if err != nil {
					t.Fatalf("round %d: %v", rr.Number, err)
				}
				if want := canonical(&rr.Spec, rr.Ballots); !reflect.DeepEqual(canonical(&rr.Spec, got), want) {
					t.Errorf("round %d (%s round %d): resolved records differ from the accepted ballots\n got %+v\nwant %+v",
						rr.Number, rr.Spec.Contest, rr.Spec.Number, canonical(&rr.Spec, got), want)
				}
				for _, r := range recs {
					if r.Round != rr.Spec.Number {
						t.Fatalf("round %d: a record says round %d, not its contest's round %d", rr.Number, r.Round, rr.Spec.Number)
					}
				}
			}
			every, err := rec.BallotRecords(0)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(every, all) {
				t.Errorf("BallotRecords(0) is not every round's records in order")
			}
		})
	}
}

// canonical is what a ballot says to the count: where it came from is
// not part of it, nor is an empty list different from none, and on a
// paper of one section a whole-paper reason and the section's are one
// (Resolve reads a whole-paper record there as the section's).
func canonical(spec *count.Round, ballots []count.Ballot) []count.Ballot {
	out := make([]count.Ballot, len(ballots))
	for i, b := range ballots {
		b.Origin = ""
		b.Sections = slices.Clone(b.Sections)
		for j := range b.Sections {
			m := &b.Sections[j]
			for _, l := range []*[]int{&m.For, &m.Against} {
				if len(*l) == 0 {
					*l = nil
				}
			}
			for _, l := range []*[]string{&m.WriteIns, &m.Unmarked} {
				if len(*l) == 0 {
					*l = nil
				}
			}
			if len(m.Ranks) == 0 {
				m.Ranks = nil
			}
			for k := range m.Ranks {
				if len(m.Ranks[k]) == 0 {
					m.Ranks[k] = nil
				}
			}
		}
		if len(spec.Sections) == 1 && b.Invalid != count.ReasonNone {
			m := &b.Sections[0]
			note := b.Note
			if m.Note != "" && m.Note != note {
				note = strings.TrimPrefix(note+"; "+m.Note, "; ")
			}
			m.Invalid, m.Note = b.Invalid, note
			b.Invalid, b.Note = count.ReasonNone, ""
		}
		out[i] = b
	}
	return out
}

// The exported election file and ballots, counted by tally tabulate, give
// the count file's results, byte for byte: from CSV, from JSON Lines, and
// for a ranked office from BLT.
func TestExport_TabulateGivesTheCountFilesResults(t *testing.T) {
	for _, name := range storetest.Examples() {
		t.Run(name, func(t *testing.T) {
			rec := record(t, name)
			checkTabulate(t, rec)
		})
	}
}

// checkTabulate counts the record's exports as tally tabulate would and
// compares the results with the count file's.
func checkTabulate(t *testing.T, rec *store.Record) {
	t.Helper()
	checkTabulateMasked(t, rec, nil)
}

// checkTabulateMasked is checkTabulate with mask applied to both sides'
// results first.
func checkTabulateMasked(t *testing.T, rec *store.Record, mask func([]*count.Result)) {
	t.Helper()
	encode := func(t *testing.T, rs []*count.Result) []byte {
		if mask != nil {
			mask(rs)
		}
		return resultsJSON(t, rs)
	}
	want := encode(t, rec.Results())
	e, err := store.ParseElection("exported.toml", rec.ElectionFile())
	if err != nil {
		t.Fatalf("the exported election file does not parse: %v\n%s", err, rec.ElectionFile())
	}
	for _, format := range []string{store.FormatCSV, store.FormatJSONL} {
		var buf bytes.Buffer
		if err := rec.WriteBallots(&buf, format, 0); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		recs, err := store.ReadBallots("ballots."+format, &buf, format)
		if err != nil {
			t.Fatalf("%s: reading the export back: %v", format, err)
		}
		results, err := count.Tabulate(e, recs)
		if err != nil {
			t.Fatalf("%s: tabulate: %v", format, err)
		}
		if got := encode(t, results); !bytes.Equal(got, want) {
			t.Errorf("%s: tabulate's results differ from the count file's\n%s", format, firstDiff(got, want))
		}
	}
	if !bltCountable(rec) {
		return
	}
	var buf bytes.Buffer
	if err := rec.WriteBallots(&buf, store.FormatBLT, 0); err != nil {
		t.Fatalf("blt: %v", err)
	}
	b, err := store.ReadBLT("ballots.blt", &buf)
	if err != nil {
		t.Fatalf("blt: reading the export back: %v", err)
	}
	results, err := count.TabulateRanked(e, rankedInput(t, e, b))
	if err != nil {
		t.Fatalf("blt: tabulate: %v", err)
	}
	if got := encode(t, results); !bytes.Equal(got, want) {
		t.Errorf("blt: tabulate's results differ from the count file's\n%s", firstDiff(got, want))
	}
}

// bltCountable: tally tabulate counts a BLT file with a ranked election
// of one office, one round.
func bltCountable(rec *store.Record) bool {
	return rec.Election.Ballot == count.BallotRanked && len(rec.Election.Contests()) == 1 && len(rec.Rounds) == 1
}

// rankedInput matches a BLT file's candidates to the office's by name, as
// tally tabulate ELECTION.toml FILE.blt does.
func rankedInput(t *testing.T, e *count.Election, b *store.BLTFile) *count.RankedInput {
	t.Helper()
	o := e.Offices[0]
	index := make([]int, len(b.Candidates))
	for i, n := range b.Candidates {
		if index[i] = slices.Index(o.Candidates, n); index[i] < 0 {
			t.Fatalf("blt: %q is not a candidate of %s", n, o.Name)
		}
	}
	in := &count.RankedInput{Candidates: o.Candidates}
	for _, r := range b.Ballots {
		m := count.Ranking{Count: r.Count}
		for _, rank := range r.Ranks {
			var ix []int
			for _, c := range rank {
				if c != count.OvervoteMark {
					c = index[c]
				}
				ix = append(ix, c)
			}
			m.Ranks = append(m.Ranks, ix)
		}
		in.Ballots = append(in.Ballots, m)
	}
	return in
}

// A new count file made from the exported election file, each round's
// exported ballots imported and the round closed, announces the same
// results as the count file.
func TestExport_ANewCountFileFromTheExportAnnouncesTheSameResults(t *testing.T) {
	for _, name := range storetest.Examples() {
		t.Run(name, func(t *testing.T) {
			checkRecount(t, record(t, name))
		})
	}
}

func checkRecount(t *testing.T, rec *store.Record) {
	t.Helper()
	checkRecountMasked(t, rec, nil)
}

// checkRecountMasked is checkRecount with mask applied to both sides'
// results first.

func checkRecountMasked(t *testing.T, rec *store.Record, mask func([]*count.Result)) {
	t.Helper()
	encode := func(t *testing.T, rs []*count.Result) []byte {
		if mask != nil {
			mask(rs)
		}
		return resultsJSON(t, rs)
	}
	f := create(t, rec.ElectionFile())
	replay(t, f, rec, nil)
	again, err := f.Record()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := encode(t, again.Results()), encode(t, rec.Results()); !bytes.Equal(got, want) {
		t.Errorf("the new count file's results differ\n%s", firstDiff(got, want))
	}
}

// replay imports into f, round by round, the ballots src's exports give
// for the round f has open, and closes it as src closed it. before gives
// events to append first, such as figures set at the table.
func replay(t *testing.T, f *store.CountFile, src *store.Record, before func(open *store.RoundState) []store.Event) {
	t.Helper()
	for _, p := range storetest.People {
		mustAppend(t, f, store.Event{Kind: store.EventTellerSignedIn, Who: p.Name, Role: p.Role})
	}
	for {
		open := f.State().Open()
		if open == nil {
			return
		}
		i := slices.IndexFunc(src.Rounds, func(rr store.RoundRecord) bool {
			return rr.Spec.Contest == open.Spec.Contest && rr.Spec.Number == open.Spec.Number
		})
		if i < 0 {
			return
		}
		rr := src.Rounds[i]
		if before != nil {
			mustAppend(t, f, before(open)...)
		}
		var buf bytes.Buffer
		if err := src.WriteBallots(&buf, store.FormatJSONL, rr.Number); err != nil {
			t.Fatal(err)
		}
		recs, err := store.ReadBallots("round.jsonl", &buf, store.FormatJSONL)
		if err != nil {
			t.Fatal(err)
		}
		e := f.State().Election
		ballots, err := e.Resolve(&f.State().Open().Spec, recs)
		if err != nil {
			t.Fatalf("round %d: %v", open.Number, err)
		}
		note := ""
		if len(ballots) > 0 {
			mustAppend(t, f, store.Event{Kind: store.EventBallotsImported, Who: "王明", Round: open.Number, Ballots: ballots})
		} else {
			note = "no ballots"
		}
		if !rr.Closed {
			return
		}
		if _, err := f.CloseRound("张监", note, ""); err != nil {
			t.Fatalf("closing round %d: %v", open.Number, err)
		}
	}
}

// Figures entered at the table replace the election file's for their
// round; the exported election file gives each round the figures it was
// counted with, including a figure the table left out that the file
// gives (electorate.returned here), and tabulate counts as the table did.
func TestExport_FiguresSetAtTheTableAreInTheElectionFile(t *testing.T) {
	const name = "party-branch-cascade"
	src := record(t, name)
	text, err := examples.FS.ReadFile(name + ".toml")
	if err != nil {
		t.Fatal(err)
	}
	// Round 1: two members fewer present than the file says.
	first := &count.Figures{Members: 73, Probationary: 3, Present: 58, Issued: 60, Returned: 60}
	// Round 2: the papers returned not counted before the vote.
	second := &count.Figures{Members: 73, Probationary: 3, Present: 60, Issued: 60}
	for _, c := range []struct {
		name, slug string
		figures    map[int]*count.Figures
		// forecast: the earlier result's next step says the round's
		// figures as the election file gave them before the table
		// changed them; no election file can say both.
		forecast []int
	}{
		{"first round", "first-round", map[int]*count.Figures{1: first}, nil},
		{"later round, a figure left out", "later-round", map[int]*count.Figures{1: first, 2: second}, []int{2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := create(t, text)
			replay(t, f, src, func(open *store.RoundState) []store.Event {
				if fig := c.figures[open.Number]; fig != nil {
					return []store.Event{{Kind: store.EventFiguresSet, Who: "张监", Round: open.Number, Figures: fig}}
				}
				return nil
			})
			rec, err := f.Record()
			if err != nil {
				t.Fatal(err)
			}
			for n, fig := range c.figures {
				if got := rec.Results()[n-1].Figures; got != *fig {
					t.Fatalf("round %d was counted with %+v, not the figures set at the table", n, got)
				}
			}
			exported := rec.ElectionFile()
			e, err := store.ParseElection("exported.toml", exported)
			if err != nil {
				t.Fatalf("%v\n%s", err, exported)
			}
			for _, rr := range rec.Rounds {
				if got := e.FiguresFor(rr.Spec.Contest, rr.Spec.Number); got != rr.Spec.Figures {
					t.Errorf("round %d: the exported file gives %+v, the count had %+v", rr.Number, got, rr.Spec.Figures)
				}
			}
			if !bytes.Contains(exported, []byte(store.CheckCode(rec.Head))) {
				t.Errorf("the exported file does not give the journal head's check code %s", store.CheckCode(rec.Head))
			}
			if c.forecast != nil {
				cut := bytes.Index(text, []byte("returned = 60"))
				if !bytes.HasPrefix(exported, text[:cut]) || !bytes.HasPrefix(exported[cut:], []byte("returned = 0 ")) {
					t.Errorf("the original text is not kept with electorate.returned set to 0 in its place")
				}
			}
			mask := func(rs []*count.Result) {
				for _, n := range c.forecast {
					if next := rs[n-2].Next.Round; next != nil {
						next.Figures = count.Figures{}
					}
				}
			}
			checkTabulateMasked(t, rec, mask)
			checkRecountMasked(t, rec, mask)
			requireGolden(t, "figures-set/"+c.slug+".toml", exported)
		})
	}
}

// The election file the table counted against, for the lots test: IRV,
// ties settled by lots; the lot of the first tie is drawn in advance and
// written in the file, the second is drawn at the table.
const lotsElection = `title = "Club chair"
ballot = "ranked"

[ranked]
method = "irv"
tie = "lots"

[[ranked.lots]]   # drawn before the count
round = 1
among = ["Cy", "Dee"]
chosen = "Cy"

[[offices]]
name = "Chair"
seats = 1
candidates = ["Ann", "Bob", "Cy", "Dee"]
`

// A lot drawn at the table joins the exported election file, after the
// file's own, and the export counts as the table did.
func TestExport_LotsDrawnAtTheTableAreInTheElectionFile(t *testing.T) {
	f := create(t, []byte(lotsElection))
	mustAppend(t, f, store.Event{Kind: store.EventTellerSignedIn, Who: "Ann Lee", Role: "chief-scrutineer"})
	ranked := func(n int, order ...int) count.Ballot {
		b := count.Ballot{Number: n, Source: -1, Sections: []count.Marks{{}}}
		for _, c := range order {
			b.Sections[0].Ranks = append(b.Sections[0].Ranks, []int{c})
		}
		return b
	}
	// Round 1: Ann 2, Bob 2, Cy 1, Dee 1; the file's lot takes Cy out.
	// Round 2: Ann 3, Bob 2, Dee 1; round 3: Ann 3, Bob 3: a lot.
	ballots := []count.Ballot{ranked(1, 0), ranked(2, 0), ranked(3, 1), ranked(4, 1), ranked(5, 2, 0), ranked(6, 3, 1)}
	mustAppend(t, f, store.Event{Kind: store.EventBallotsImported, Who: "Ann Lee", Round: 1, Ballots: ballots})
	res, err := f.State().Closing()
	if err != nil {
		t.Fatal(err)
	}
	if res.Next.Kind != count.StepLots {
		t.Fatalf("the count does not stop for a lot: next %v", res.Next.Kind)
	}
	pending := res.Sections[0].Ranked.Pending
	lot := count.Lot{Round: pending.Round, Among: pending.Among, Chosen: pending.Among[1]}
	mustAppend(t, f, store.Event{Kind: store.EventLotDrawn, Who: "Ann Lee", Round: 1, Lot: &lot})
	if _, err := f.CloseRound("Ann Lee", "", ""); err != nil {
		t.Fatal(err)
	}
	rec, err := f.Record()
	if err != nil {
		t.Fatal(err)
	}
	exported := rec.ElectionFile()
	e, err := store.ParseElection("exported.toml", exported)
	if err != nil {
		t.Fatalf("%v\n%s", err, exported)
	}
	want := []count.Lot{{Round: 1, Among: []string{"Cy", "Dee"}, Chosen: "Cy"}, lot}
	if !reflect.DeepEqual(e.Ranked.Tie.Lots, want) {
		t.Errorf("the exported file's lots are %+v, want the file's then the table's: %+v", e.Ranked.Tie.Lots, want)
	}
	if !bytes.HasPrefix(exported, []byte(lotsElection)) {
		t.Errorf("the original text is not kept as it was")
	}
	checkTabulate(t, rec)
	checkRecount(t, rec)
	requireGolden(t, "lot-drawn/election.toml", exported)
	var blt bytes.Buffer
	if err := rec.WriteBallots(&blt, store.FormatBLT, 1); err != nil {
		t.Fatal(err)
	}
	requireGolden(t, "lot-drawn/ballots.blt", blt.Bytes())
}

// An open round's ballots are exported as they stand, with the figures
// it has now: tabulate counts it as closing it now would.
func TestExport_AnOpenRoundIsExportedAsItStands(t *testing.T) {
	const name = "party-branch-cascade"
	src := record(t, name)
	partial := *src
	partial.Rounds = slices.Clone(src.Rounds[:2])
	partial.Rounds[1].Closed = false
	text, err := examples.FS.ReadFile(name + ".toml")
	if err != nil {
		t.Fatal(err)
	}
	f := create(t, text)
	now := count.Figures{Members: 73, Probationary: 3, Present: 59, Issued: 60, Returned: 60}
	replay(t, f, &partial, func(open *store.RoundState) []store.Event {
		if open.Number != 2 {
			return nil
		}
		return []store.Event{{Kind: store.EventFiguresSet, Who: "张监", Round: 2, Figures: &now}}
	})
	rec, err := f.Record()
	if err != nil {
		t.Fatal(err)
	}
	closing, err := f.State().Closing()
	if err != nil {
		t.Fatal(err)
	}
	exported := rec.ElectionFile()
	if !bytes.Contains(exported, []byte("still open")) {
		t.Errorf("the open round's figures are not said to be its figures now:\n%s", exported)
	}
	e, err := store.ParseElection("exported.toml", exported)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rec.WriteBallots(&buf, store.FormatJSONL, 0); err != nil {
		t.Fatal(err)
	}
	recs, err := store.ReadBallots("ballots.jsonl", &buf, store.FormatJSONL)
	if err != nil {
		t.Fatal(err)
	}
	results, err := count.Tabulate(e, recs)
	if err != nil {
		t.Fatal(err)
	}
	// Round 1's next step forecasts round 2's figures from the election
	// file, before the table set them.
	want := append(rec.Results(), closing)
	for _, rs := range [][]*count.Result{results, want} {
		rs[0].Next.Round.Figures = count.Figures{}
	}
	if got, want := resultsJSON(t, results), resultsJSON(t, want); !bytes.Equal(got, want) {
		t.Errorf("tabulate does not count the open round as closing it would\n%s", firstDiff(got, want))
	}
}

// An addition the election file cannot take as it is written stays as a
// comment, and the file still parses: a lot cannot join an inline
// [ranked] table, while a figure in an inline [electorate] is set to 0
// in its place.
func TestExport_WhatTheFileCannotTakeStaysAsAComment(t *testing.T) {
	const inline = `title = "Club chair"
ballot = "ranked"
ranked = { method = "irv", tie = "lots" }
electorate = { registered = 10, voted = 2 }
[[offices]]
name = "Chair"
seats = 1
candidates = ["Ann", "Bob"]
`
	f := create(t, []byte(inline))
	set := count.Figures{Registered: 10}
	mustAppend(t, f, store.Event{Kind: store.EventTellerSignedIn, Who: "Ann Lee", Role: "chief-scrutineer"},
		store.Event{Kind: store.EventFiguresSet, Who: "Ann Lee", Round: 1, Figures: &set},
		store.Event{Kind: store.EventBallotsImported, Who: "Ann Lee", Round: 1, Ballots: []count.Ballot{
			{Number: 1, Source: -1, Sections: []count.Marks{{Ranks: [][]int{{0}}}}},
			{Number: 2, Source: -1, Sections: []count.Marks{{Ranks: [][]int{{1}}}}}}},
		store.Event{Kind: store.EventLotDrawn, Who: "Ann Lee", Round: 1, Lot: &count.Lot{Round: 1, Among: []string{"Ann", "Bob"}, Chosen: "Bob"}})
	if _, err := f.CloseRound("Ann Lee", "", ""); err != nil {
		t.Fatal(err)
	}
	rec, err := f.Record()
	if err != nil {
		t.Fatal(err)
	}
	exported := rec.ElectionFile()
	e, err := store.ParseElection("exported.toml", exported)
	if err != nil {
		t.Fatalf("%v\n%s", err, exported)
	}
	if got := e.FiguresFor("Chair", 1); got != set {
		t.Errorf("round 1's figures are %+v, want %+v", got, set)
	}
	if len(e.Ranked.Tie.Lots) != 0 || !bytes.Contains(exported, []byte("# [[ranked.lots]]\n# round = 1\n")) {
		t.Errorf("the lot is not kept as a comment:\n%s", exported)
	}
	requireGolden(t, "inline/election.toml", exported)
}

// Golden files of each example's exports (go test ./store -run Export
// -update rewrites them): the ballots as CSV, JSON Lines and, for a
// ranked office, BLT; the demo's election file as exported.
func TestExport_Golden(t *testing.T) {
	for _, name := range storetest.Examples() {
		t.Run(name, func(t *testing.T) {
			rec := record(t, name)
			formats := []string{store.FormatCSV, store.FormatJSONL}
			if rec.Election.Ballot == count.BallotRanked {
				formats = append(formats, store.FormatBLT)
			}
			for _, format := range formats {
				var buf bytes.Buffer
				if err := rec.WriteBallots(&buf, format, 0); err != nil {
					t.Fatalf("%s: %v", format, err)
				}
				requireGolden(t, name+"/ballots."+format, buf.Bytes())
			}
			if name == storetest.Demo {
				requireGolden(t, name+"/election.toml", rec.ElectionFile())
			}
		})
	}
}

// The exports say what to do when asked for what they cannot give.
func TestExport_Refusals(t *testing.T) {
	party := record(t, "party-branch-cascade")
	const twoRanked = `title = "Club"
ballot = "ranked"
[ranked]
method = "irv"
[[offices]]
name = "Chair"
seats = 1
candidates = ["Ann", "Bob"]
[[offices]]
name = "Secretary"
seats = 1
candidates = ["Cy", "Dee"]
`
	f := create(t, []byte(twoRanked))
	mustAppend(t, f, store.Event{Kind: store.EventTellerSignedIn, Who: "Ann Lee", Role: "chief-scrutineer"},
		store.Event{Kind: store.EventBallotsImported, Who: "Ann Lee", Round: 1, Ballots: []count.Ballot{
			{Number: 1, Source: -1, Sections: []count.Marks{{Ranks: [][]int{{0}}}}},
			{Number: 2, Source: -1, Sections: []count.Marks{{Ranks: [][]int{{count.OvervoteMark}, {1}}}}},
			{Number: 3, Source: -1, Sections: []count.Marks{{Ranks: [][]int{{0}}}}}}})
	if _, err := f.CloseRound("Ann Lee", "", ""); err != nil {
		t.Fatal(err)
	}
	ranked, err := f.Record()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		rec    *store.Record
		format string
		round  int
		want   []string
	}{
		{"an unknown round names the rounds", party, store.FormatJSONL, 7, []string{"round 7", "1 (书记 round 1), 2 (副书记 round 1), 3 (委员 round 1)"}},
		{"an unknown format names the formats", party, "xlsx", 0, []string{`"xlsx"`, "csv, jsonl or blt"}},
		{"BLT of marked ballots", party, store.FormatBLT, 1, []string{"ballots are marked", "--format ballots-csv or ballots-jsonl"}},
		{"BLT of every round of two", ranked, store.FormatBLT, 0, []string{"has 2", "1 (Chair round 1), 2 (Secretary round 1)", "give the round's number"}},
		{"BLT of an overvote without names", ranked, store.FormatBLT, 1, []string{"ballot 2", "#overvote", "--format ballots-csv or ballots-jsonl"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := c.rec.WriteBallots(&buf, c.format, c.round)
			if err == nil {
				t.Fatalf("no error; wrote:\n%s", buf.String())
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q does not say %q", err, w)
				}
			}
			if buf.Len() > 0 {
				t.Errorf("wrote %d bytes before refusing", buf.Len())
			}
		})
	}
	// The open round with no ballots yet is a round of its own.
	if err := ranked.WriteBallots(&bytes.Buffer{}, store.FormatBLT, 2); err != nil {
		t.Errorf("BLT of the open round: %v", err)
	}
}

// A BLT file has no invalid ballots: the export leaves the invalid papers
// out and says how many at its head.
func TestExport_BLTLeavesOutInvalidPapersAndSaysSo(t *testing.T) {
	f := create(t, []byte(`title = "Club"
ballot = "ranked"
[ranked]
method = "irv"
[[offices]]
name = "Chair"
seats = 1
candidates = ["Ann", "Bob"]
`))
	mustAppend(t, f, store.Event{Kind: store.EventTellerSignedIn, Who: "Ann Lee", Role: "chief-scrutineer"},
		store.Event{Kind: store.EventBallotsImported, Who: "Ann Lee", Round: 1, Ballots: []count.Ballot{
			{Number: 1, Source: -1, Sections: []count.Marks{{Ranks: [][]int{{0}, {1}}}}},
			{Number: 2, Source: -1, Invalid: count.ReasonIdentifyingMark, Sections: []count.Marks{{Ranks: [][]int{{1}}}}},
			{Number: 3, Source: -1, Sections: []count.Marks{{Ranks: [][]int{{0}, {1}}}}}}})
	rec, err := f.Record()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rec.WriteBallots(&buf, store.FormatBLT, 1); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "# 1 invalid papers are not in this file") {
		t.Errorf("the BLT file does not say it leaves out an invalid paper:\n%s", buf.String())
	}
	b, err := store.ReadBLT("ballots.blt", &buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Ballots) != 1 || b.Ballots[0].Count != 2 {
		t.Errorf("ballots %+v, want the two valid papers as one ranking of weight 2", b.Ballots)
	}
}

func record(t *testing.T, name string) *store.Record {
	t.Helper()
	f, _ := storetest.Build(t, name)
	rec, err := f.Record()
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func create(t *testing.T, text []byte) *store.CountFile {
	t.Helper()
	// Fixed times, a second apart, so that the journal's head is the same
	// on every run.
	at := time.Date(2026, 11, 21, 19, 0, 0, 0, time.UTC)
	clock := func() time.Time { at = at.Add(time.Second); return at }
	f, err := store.Create(filepath.Join(t.TempDir(), "export.tally"), text, store.KeyingSingle, store.Options{BackupEvery: -1, Now: clock})
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func mustAppend(t *testing.T, f *store.CountFile, evs ...store.Event) {
	t.Helper()
	if len(evs) == 0 {
		return
	}
	if _, err := f.AppendAll(evs...); err != nil {
		t.Fatal(err)
	}
}

func resultsJSON(t *testing.T, rs []*count.Result) []byte {
	t.Helper()
	b, err := json.MarshalIndent(rs, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// firstDiff shows where two documents part, with a few lines around.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		if i >= len(g) || i >= len(w) || g[i] != w[i] {
			lo := max(0, i-3)
			return fmt.Sprintf("line %d\n got: %s\nwant: %s", i+1,
				strings.Join(g[lo:min(len(g), i+3)], "\n      "), strings.Join(w[lo:min(len(w), i+3)], "\n      "))
		}
	}
	return "(equal)"
}

// goldenName files a golden under testdata/export/ rather than under the
// test's own name.
type goldenName struct {
	testing.TB
	name string
}

func (g goldenName) Name() string { return g.name }

func requireGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.RequireEqual(goldenName{t, "export/" + name}, got)
}
