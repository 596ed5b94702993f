package store

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2/unstable"

	"tally/count"
)

// The ballot formats WriteBallots writes.
const (
	FormatCSV   = "csv"
	FormatJSONL = "jsonl"
	FormatBLT   = "blt"
)

// BallotRecords returns the accepted ballots of every round (round 0) or
// of one round of the count file (its RoundRecord.Number), as a ballot
// file gives them: Election.Resolve against the round's spec gives the
// same ballots back. Each record names its office and the contest's own
// round (Spec.Number, as in a ballot file), not the count file's. A paper
// of several offices is a record per section sharing the ballot number,
// and a paper invalid as a whole adds a record under the paper's name; on
// a paper of one section the paper's invalid reason and note go on that
// section's record, which Resolve reads back as the section's (the count
// is the same either way). An open round's ballots accepted so far are
// included.
func (r *Record) BallotRecords(round int) ([]count.BallotRecord, error) {
	rounds, err := r.roundsFor(round)
	if err != nil {
		return nil, err
	}
	var out []count.BallotRecord
	for _, rr := range rounds {
		out = append(out, roundRecords(r.Election, rr)...)
	}
	return out, nil
}

// roundsFor returns every round (0) or the one numbered round.
func (r *Record) roundsFor(round int) ([]*RoundRecord, error) {
	if round == 0 {
		out := make([]*RoundRecord, len(r.Rounds))
		for i := range r.Rounds {
			out[i] = &r.Rounds[i]
		}
		return out, nil
	}
	for i := range r.Rounds {
		if r.Rounds[i].Number == round {
			return []*RoundRecord{&r.Rounds[i]}, nil
		}
	}
	if len(r.Rounds) == 0 {
		return nil, fmt.Errorf("round %d: the count file has no rounds yet", round)
	}
	return nil, fmt.Errorf("round %d: no such round in the count file; its rounds are %s (or 0 for all)", round, r.describeRounds())
}

// describeRounds lists the rounds as "1 (书记 round 1), 2 (副书记 round 1)".
func (r *Record) describeRounds() string {
	parts := make([]string, len(r.Rounds))
	for i, rr := range r.Rounds {
		parts[i] = fmt.Sprintf("%d (%s round %d)", rr.Number, rr.Spec.Contest, rr.Spec.Number)
	}
	return strings.Join(parts, ", ")
}

// roundRecords turns one round's accepted ballots into records.
func roundRecords(e *count.Election, rr *RoundRecord) []count.BallotRecord {
	spec := &rr.Spec
	var out []count.BallotRecord
	for bi := range rr.Ballots {
		b := &rr.Ballots[bi]
		origin := fmt.Sprintf("round %d ballot %d", rr.Number, b.Number)
		source := sourceName(e, spec, b.Source)
		record := func(office string) count.BallotRecord {
			return count.BallotRecord{Origin: origin, Office: office, Round: spec.Number, Number: b.Number, Source: source}
		}
		if len(spec.Sections) == 1 && len(b.Sections) == 1 {
			rec := record(spec.Sections[0].Office)
			sectionMarks(&rec, &spec.Sections[0], &b.Sections[0])
			if b.Invalid != count.ReasonNone {
				// Resolve reads a whole-paper record on a paper of one
				// section as that section's: say it there, the paper's
				// reason first, as the count takes it.
				rec.Invalid = b.Invalid
				rec.Note = joinNotes(b.Note, rec.Note)
			}
			out = append(out, rec)
			continue
		}
		if b.Invalid != count.ReasonNone {
			rec := record(spec.Contest)
			rec.Invalid, rec.Note = b.Invalid, b.Note
			out = append(out, rec)
		}
		for si := range spec.Sections {
			if si >= len(b.Sections) {
				break
			}
			m := &b.Sections[si]
			if b.Invalid != count.ReasonNone && emptyMarks(m) {
				// The paper's record speaks for it.
				continue
			}
			rec := record(spec.Sections[si].Office)
			sectionMarks(&rec, &spec.Sections[si], m)
			out = append(out, rec)
		}
	}
	return out
}

// sourceName names a ballot's source as Resolve looks it up: among the
// sources of the round's first office.
func sourceName(e *count.Election, spec *count.Round, src int) string {
	if src < 0 || e == nil || len(spec.Sections) == 0 {
		return ""
	}
	for _, o := range e.Offices {
		if o.Name == spec.Sections[0].Office {
			if src < len(o.Sources) {
				return o.Sources[src].Name
			}
			break
		}
	}
	// Not a source of the office: a name Resolve refuses, rather than a
	// ballot quietly without its weight.
	return fmt.Sprintf("#source %d", src+1)
}

func sectionMarks(rec *count.BallotRecord, s *count.Section, m *count.Marks) {
	rec.For = candidateNames(s, m.For)
	rec.Against = candidateNames(s, m.Against)
	rec.WriteIns = slices.Clone(m.WriteIns)
	rec.WriteInsUnmarked = slices.Clone(m.Unmarked)
	rec.Invalid, rec.Note = m.Invalid, m.Note
	if m.Ranks != nil {
		rec.Ranks = make([][]string, len(m.Ranks))
		for i, rank := range m.Ranks {
			rec.Ranks[i] = candidateNames(s, rank)
			if rec.Ranks[i] == nil {
				rec.Ranks[i] = []string{} // a skipped rank
			}
		}
	}
}

func candidateNames(s *count.Section, ix []int) []string {
	var out []string
	for _, c := range ix {
		switch {
		case c == count.OvervoteMark:
			out = append(out, overvoteName)
		case c >= 0 && c < len(s.Candidates):
			out = append(out, s.Candidates[c])
		default:
			// The journal refuses such a mark; should one slip through,
			// a name no list has makes Resolve say so.
			out = append(out, fmt.Sprintf("#%d", c+1))
		}
	}
	return out
}

func emptyMarks(m *count.Marks) bool {
	return len(m.For)+len(m.Against)+len(m.WriteIns)+len(m.Unmarked)+len(m.Ranks) == 0 &&
		m.Invalid == count.ReasonNone && m.Note == ""
}

func joinNotes(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "" || a == b:
		return a
	}
	return a + "; " + b
}

// WriteBallots writes the accepted ballots of every round (round 0) or of
// one round as a ballot file: "csv" (WriteBallotsCSV), "jsonl"
// (WriteBallotsJSONL) or "blt", which holds one ranked office's round.
// The BLT file lists the round's candidates, the seats, the withdrawn and
// excluded candidates as withdrawn, and identical rankings as one line
// with their count, in the order each first appears by ballot number.
// Papers found invalid are left out of a BLT file, which has no invalid
// ballots; a comment at its head says how many. Round 0 is every round,
// so for BLT only a count file of one round.
//
// Read back and counted with ElectionFile (tally tabulate), the ballots
// of every round give the count file's results, and an open round's the
// result closing it now would give. A round closed with no ballots (a
// void round closed from its figures) cannot be said in a ballot file,
// and the count stops there.
func (r *Record) WriteBallots(w io.Writer, format string, round int) error {
	switch format {
	case FormatCSV, FormatJSONL:
		recs, err := r.BallotRecords(round)
		if err != nil {
			return err
		}
		if format == FormatCSV {
			return WriteBallotsCSV(w, r.Election, recs)
		}
		return WriteBallotsJSONL(w, recs)
	case FormatBLT:
		f, invalid, err := r.bltFile(round)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if invalid > 0 {
			fmt.Fprintf(&buf, "# 另有 %d 张无效票不在本文件中（BLT 文件没有无效票）。\n", invalid)
			fmt.Fprintf(&buf, "# %d invalid papers are not in this file: a BLT file has no invalid ballots.\n", invalid)
		}
		// WriteBLT writes nothing when it refuses; nor should the comment.
		if err := WriteBLT(&buf, f); err != nil {
			return err
		}
		_, err = w.Write(buf.Bytes())
		return err
	}
	return fmt.Errorf("unknown ballot format %q: expected %s, %s or %s", format, FormatCSV, FormatJSONL, FormatBLT)
}

// bltFile builds the BLT file of one ranked round, and says how many
// invalid papers it leaves out.
func (r *Record) bltFile(round int) (*BLTFile, int, error) {
	e := r.Election
	if e == nil || e.Ballot != count.BallotRanked || e.Ranked == nil {
		kind := "not ranked"
		if e != nil {
			kind = e.Ballot.String()
		}
		return nil, 0, fmt.Errorf("a BLT file holds ranked ballots, and this election's ballots are %s: export the ballots as CSV or JSON Lines instead (tally export --format ballots-csv or ballots-jsonl)", kind)
	}
	if round == 0 && len(r.Rounds) > 1 {
		return nil, 0, fmt.Errorf("a BLT file holds the ballots of one round, and this count file has %d: %s; give the round's number, or export %s or %s to have every round in one file", len(r.Rounds), r.describeRounds(), FormatCSV, FormatJSONL)
	}
	if round == 0 && len(r.Rounds) == 0 {
		return nil, 0, fmt.Errorf("the count file has no rounds yet")
	}
	rounds, err := r.roundsFor(round)
	if err != nil {
		return nil, 0, err
	}
	rr := rounds[0]
	spec := &rr.Spec
	if len(spec.Sections) != 1 {
		var offices []string
		for _, s := range spec.Sections {
			offices = append(offices, s.Office)
		}
		return nil, 0, fmt.Errorf("round %d (%s round %d) has %d offices on one paper (%s), and a BLT file holds one office's rankings: export the ballots as CSV or JSON Lines instead (tally export --format ballots-csv or ballots-jsonl)", rr.Number, spec.Contest, spec.Number, len(offices), strings.Join(offices, ", "))
	}
	s := &spec.Sections[0]
	title := e.Title
	if len(e.Contests()) > 1 {
		title += " · " + spec.Contest
	}
	if spec.Number > 1 {
		title += fmt.Sprintf(" · round %d", spec.Number)
	}
	// A title is one quoted line in a BLT file; the names are the
	// candidates' own and cannot change, so WriteBLT refuses those.
	title = strings.NewReplacer("\"", "'", "\r\n", " ", "\n", " ", "\r", " ").Replace(title)
	f := &BLTFile{Title: title, Seats: s.Seats, Candidates: slices.Clone(s.Candidates)}
	for _, c := range s.Candidates {
		if slices.Contains(e.Ranked.Withdrawn, c) || slices.Contains(e.Ranked.Excluded, c) {
			f.Withdrawn = append(f.Withdrawn, c)
		}
	}
	invalid := 0
	var rankings []count.Ranking
	for bi := range rr.Ballots {
		b := &rr.Ballots[bi]
		m := &b.Sections[0]
		if b.Invalid != count.ReasonNone || m.Invalid != count.ReasonNone {
			invalid++
			continue
		}
		ranks := m.Ranks
		for len(ranks) > 0 && len(ranks[len(ranks)-1]) == 0 {
			ranks = ranks[:len(ranks)-1]
		}
		seen := map[int]bool{}
		for k, rank := range ranks {
			for _, c := range rank {
				switch {
				case c == count.OvervoteMark:
					return nil, 0, fmt.Errorf("round %d ballot %d: rank %d is overvoted with no names (%s), which a BLT file cannot say: export the ballots as CSV or JSON Lines instead (tally export --format ballots-csv or ballots-jsonl)", rr.Number, b.Number, k+1, overvoteName)
				case c < 0 || c >= len(s.Candidates):
					return nil, 0, fmt.Errorf("round %d ballot %d: rank %d names candidate %d of %d", rr.Number, b.Number, k+1, c+1, len(s.Candidates))
				case seen[c]:
					return nil, 0, fmt.Errorf("round %d ballot %d ranks %s twice, which a BLT file cannot say: export the ballots as CSV or JSON Lines instead (tally export --format ballots-csv or ballots-jsonl)", rr.Number, b.Number, s.Candidates[c])
				}
				seen[c] = true
			}
		}
		rankings = append(rankings, count.Ranking{Ranks: ranks, Count: 1})
	}
	f.Ballots = count.Merge(rankings)
	return f, invalid, nil
}

// ElectionFile returns the election file as it was given, with what the
// table added, so that tally tabulate with it and the exported ballots
// gives the count file's results. The additions come after the original
// text, under a comment that names the journal's head:
//
//   - a round whose figures at its close (or now, if it is open) differ
//     from those the file gives it gets a [[rounds]] table with the
//     figures that differ. A [[rounds]] table adds its non-zero figures
//     over the [electorate] ones and any earlier table's for the round,
//     while figures set at the table replace the round's figures whole;
//     so where the table left out a figure the file gives (0, "not
//     given"), the file's value is set to 0 where it is written, with a
//     comment on its line, and the rounds that had it get it back below;
//   - each lot drawn at the table is a [[ranked.lots]] table.
//
// The result always parses with ParseElection. Should the additions not
// fit the file as written (an inline [ranked] table, say, or figures the
// election file refuses), they are written as comments instead, saying
// so.
//
// One thing no election file can say: a result's next step gives the
// next round with the figures the election file gives it
// (Result.Next.Round.Figures). Where the table then set that round's
// figures, the exported file gives those it was counted with, and the
// earlier result's next step, counted again, shows them too.
func (r *Record) ElectionFile() []byte {
	text := r.ElectionText
	orig, err := ParseElection("election", text)
	if err != nil {
		return slices.Clone(text)
	}
	x := exportPlan(r, orig)
	for _, annotate := range []bool{true, false} {
		out := x.render(text, renderAs{figures: true, lots: true, annotate: annotate})
		if x.reproduces(out) {
			return out
		}
	}
	// What the file cannot take stays as comments, the rest as it was.
	for _, as := range []renderAs{{figures: true, annotate: true}, {figures: true}, {lots: true}} {
		out := x.render(text, as)
		if _, err := ParseElection("election", out); err == nil {
			return out
		}
	}
	return x.render(text, renderAs{})
}

// renderAs says which additions are written as TOML; the others are
// written as comments. annotate comments the lines of edited figures.
type renderAs struct {
	figures, lots, annotate bool
}

// electionExport is what ElectionFile adds to the election file.
type electionExport struct {
	head string
	// held are the count file's rounds, with the figures they had.
	held []heldRound
	// edits set figures the table left out to 0 where the file writes them.
	edits []figureEdit
	// tables are the [[rounds]] tables to add, in order.
	tables []roundsTable
	// lots are the lots drawn at the table; want is every lot the count
	// had, the file's first.
	lots, want []count.Lot
}

type heldRound struct {
	number  int
	contest string
	round   int
	closed  bool
	figures count.Figures
}

type figureEdit struct {
	path  string // electorate.present, rounds[2].issued
	was   int
	spot  unstable.Range
	line  int
	since []int // the count file's rounds that had no such figure
}

type roundsTable struct {
	contest string
	round   int
	figures count.Figures
	// held is the count file's round; 0 for a round of the original
	// file's [[rounds]] that keeps its figures after an edit.
	held   int
	closed bool
}

func exportPlan(r *Record, orig *count.Election) *electionExport {
	x := &electionExport{head: r.Head}
	for _, rr := range r.Rounds {
		x.held = append(x.held, heldRound{number: rr.Number, contest: rr.Spec.Contest, round: rr.Spec.Number, closed: rr.Closed, figures: rr.Spec.Figures})
	}

	// Figures the table left out but the file gives: 0 where written.
	spots := figureSpots(r.ElectionText)
	model := &count.Election{Figures: orig.Figures, Rounds: slices.Clone(orig.Rounds)}
	editAt := map[string]int{}
	zero := func(path string, f *count.Figures, key string, held int) {
		p := figureFields[key](f)
		if *p == 0 {
			return
		}
		i, ok := editAt[path]
		if !ok {
			i = len(x.edits)
			editAt[path] = i
			sp, found := spots[path]
			x.edits = append(x.edits, figureEdit{path: path, was: *p, spot: sp, line: lineAt(r.ElectionText, int(sp.Offset))})
			if !found {
				x.edits[i].line = 0
			}
		}
		if !slices.Contains(x.edits[i].since, held) {
			x.edits[i].since = append(x.edits[i].since, held)
		}
		*p = 0
	}
	for _, h := range x.held {
		have := orig.FiguresFor(h.contest, h.round)
		for _, k := range figureKeys {
			if *figureFields[k](&h.figures) != 0 || *figureFields[k](&have) == 0 {
				continue
			}
			zero("electorate."+k, &model.Figures, k, h.number)
			for i := range model.Rounds {
				if rf := &model.Rounds[i]; rf.Contest == h.contest && rf.Round == h.round {
					zero(fmt.Sprintf("rounds[%d].%s", i+1, k), &rf.Figures, k, h.number)
				}
			}
		}
	}

	add := func(contest string, round int, want count.Figures, held int, closed bool) {
		have := model.FiguresFor(contest, round)
		var diff count.Figures
		for _, k := range figureKeys {
			if w := *figureFields[k](&want); w != *figureFields[k](&have) {
				*figureFields[k](&diff) = w
			}
		}
		if diff != (count.Figures{}) {
			x.tables = append(x.tables, roundsTable{contest: contest, round: round, figures: diff, held: held, closed: closed})
		}
	}
	for _, h := range x.held {
		add(h.contest, h.round, h.figures, h.number, h.closed)
	}
	if len(x.edits) > 0 {
		// The file's own rounds the count has not reached keep their
		// figures.
		done := map[[2]string]bool{}
		for _, h := range x.held {
			done[[2]string{h.contest, strconv.Itoa(h.round)}] = true
		}
		for _, rf := range orig.Rounds {
			k := [2]string{rf.Contest, strconv.Itoa(rf.Round)}
			if !done[k] {
				done[k] = true
				add(rf.Contest, rf.Round, orig.FiguresFor(rf.Contest, rf.Round), 0, false)
			}
		}
	}

	if orig.Ranked != nil {
		fileLots := orig.Ranked.Tie.Lots
		x.lots = r.Lots
		// Record.Lots holds the election file's lots too, first.
		if n := len(fileLots); n <= len(x.lots) && slices.EqualFunc(x.lots[:n], fileLots, sameLot) {
			x.lots = x.lots[n:]
		}
		x.want = append(slices.Clone(fileLots), x.lots...)
	}
	return x
}

func sameLot(a, b count.Lot) bool {
	return a.Round == b.Round && a.Chosen == b.Chosen && slices.Equal(a.Among, b.Among)
}

// reproduces says whether an exported election file parses and gives
// every round of the count its figures, and the count its lots.
func (x *electionExport) reproduces(text []byte) bool {
	e, err := ParseElection("election", text)
	if err != nil {
		return false
	}
	for _, h := range x.held {
		if e.FiguresFor(h.contest, h.round) != h.figures {
			return false
		}
	}
	var lots []count.Lot
	if e.Ranked != nil {
		lots = e.Ranked.Tie.Lots
	}
	return slices.EqualFunc(lots, x.want, sameLot)
}

// render writes the export: the original text, with its edits if the
// figures are written as TOML, then the additions.
func (x *electionExport) render(text []byte, as renderAs) []byte {
	out := slices.Clone(text)
	if as.figures {
		out = x.edited(text, as.annotate)
	}
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	b.WriteString("\n")
	line("# ---- 以下由计票文件在导出时添加 · Added from the count file at export ----")
	line("# 计票文件核对码 · check code: %s (%s)", CheckCode(x.head), Program())
	commented := (!as.figures && len(x.edits)+len(x.tables) > 0) || (!as.lots && len(x.lots) > 0)
	if commented {
		line("# 下面注释掉的部分无法按本文件的写法加入（内联表，或选举文件不接受的人数）：")
		line("# 须手工加入，用本文件和导出的选票计票（tally tabulate）结果才与计票文件相同。")
		line("# The parts commented out below cannot be added to this file as it is written (an inline")
		line("# table, or figures the election file refuses): add them by hand, and tally tabulate with")
		line("# this file and the exported ballots gives the count file's results.")
	} else {
		line("# 用本文件和导出的选票计票（tally tabulate），结果与计票文件相同。")
		line("# Counted with the exported ballots (tally tabulate), this file gives the count file's results.")
	}
	if len(x.edits) == 0 && len(x.tables) == 0 && len(x.lots) == 0 {
		line("# 计票台未改动人数，也未抽签。 · The table changed no figures and drew no lots.")
	}
	for _, ed := range x.edits {
		zh, en := ed.path, ed.path
		if ed.line > 0 {
			zh, en = fmt.Sprintf("第 %d 行的 %s", ed.line, ed.path), fmt.Sprintf("%s (line %d)", ed.path, ed.line)
		}
		rounds := joinInts(ed.since)
		line("#")
		if as.figures {
			line("# %s 由 %d 改为 0：计票文件第 %s 轮在计票台上没有填这个数；填了的轮次在下面各自给出。", zh, ed.was, rounds)
			line("# %s set from %d to 0: count file round %s had no such figure at the table; the rounds that had it give it below.", en, ed.was, rounds)
		} else {
			line("# %s 应由 %d 改为 0（未改）：计票文件第 %s 轮在计票台上没有填这个数；填了的轮次在下面各自给出。", zh, ed.was, rounds)
			line("# %s should be set from %d to 0 (not done): count file round %s had no such figure at the table; the rounds that had it give it below.", en, ed.was, rounds)
		}
	}
	var figures, lots strings.Builder
	for _, t := range x.tables {
		figures.WriteString("\n")
		switch {
		case t.held == 0:
			fmt.Fprintf(&figures, "# 原文件中 %s 第 %d 轮的人数不变 · %s round %d keeps the figures the file gives it\n", t.contest, t.round, t.contest, t.round)
		case t.closed:
			fmt.Fprintf(&figures, "# 计票文件第 %d 轮（%s 第 %d 轮）结束时的人数 · count file round %d (%s round %d): its figures at the close\n", t.held, t.contest, t.round, t.held, t.contest, t.round)
		default:
			fmt.Fprintf(&figures, "# 计票文件第 %d 轮（%s 第 %d 轮，尚未结束）现在的人数 · count file round %d (%s round %d, still open): its figures now\n", t.held, t.contest, t.round, t.held, t.contest, t.round)
		}
		figures.WriteString("[[rounds]]\n")
		fmt.Fprintf(&figures, "office = %s\nround = %d\n", tomlString(t.contest), t.round)
		for _, k := range figureKeys {
			if v := *figureFields[k](&t.figures); v != 0 {
				fmt.Fprintf(&figures, "%s = %d\n", k, v)
			}
		}
	}
	for _, l := range x.lots {
		lots.WriteString("\n# 计票台抽签 · a lot drawn at the table\n[[ranked.lots]]\n")
		names := make([]string, len(l.Among))
		for i, n := range l.Among {
			names[i] = tomlString(n)
		}
		fmt.Fprintf(&lots, "round = %d\namong = [%s]\nchosen = %s\n", l.Round, strings.Join(names, ", "), tomlString(l.Chosen))
	}
	for _, part := range []struct {
		text string
		real bool
	}{{figures.String(), as.figures}, {lots.String(), as.lots}} {
		if part.real {
			b.WriteString(part.text)
			continue
		}
		for _, l := range strings.SplitAfter(part.text, "\n") {
			if l == "" || l == "\n" || strings.HasPrefix(l, "#") {
				b.WriteString(l)
			} else {
				b.WriteString("# " + l)
			}
		}
	}
	return append(out, b.String()...)
}

// edited returns the text with each edit's value set to 0 and, if
// annotate, a comment at the end of its line saying what it was.
func (x *electionExport) edited(text []byte, annotate bool) []byte {
	type splice struct {
		at, cut int
		put     string
	}
	var splices []splice
	notes := map[int][]string{}
	for _, ed := range x.edits {
		if ed.line == 0 {
			continue
		}
		at, n := int(ed.spot.Offset), int(ed.spot.Length)
		splices = append(splices, splice{at: at, cut: n, put: "0"})
		if annotate {
			eol := at + n
			if i := bytes.IndexByte(text[eol:], '\n'); i >= 0 {
				eol += i
			} else {
				eol = len(text)
			}
			if eol > at+n && text[eol-1] == '\r' {
				eol--
			}
			notes[eol] = append(notes[eol], fmt.Sprintf("%s 导出时由 %d 改为 0，见文末 · set to 0 at export (was %d), see the end", ed.path, ed.was, ed.was))
		}
	}
	for eol, ns := range notes {
		// A line with a comment of its own carries on in it.
		start := bytes.LastIndexByte(text[:eol], '\n') + 1
		sep := "  # "
		if hasComment(text[start:eol]) {
			sep = " · "
		}
		splices = append(splices, splice{at: eol, put: sep + strings.Join(ns, "; ")})
	}
	slices.SortFunc(splices, func(a, b splice) int { return b.at - a.at })
	out := slices.Clone(text)
	for _, s := range splices {
		out = slices.Concat(out[:s.at], []byte(s.put), out[s.at+s.cut:])
	}
	return out
}

// hasComment says whether a line of TOML ends in a comment: a # outside
// quotes. A line that only looks so is caught by the parse that checks
// the result.
func hasComment(line []byte) bool {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote == '"' && c == '\\':
			i++
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			return true
		}
	}
	return false
}

// figureSpots finds where each figure of [electorate] and [[rounds]] is
// written, by its path (electorate.present, rounds[2].issued): the bytes
// of its value. Tables are numbered as the election file's reader
// numbers them (walkKeyLines).
func figureSpots(data []byte) map[string]unstable.Range {
	spots := map[string]unstable.Range{}
	var p unstable.Parser
	p.Reset(data)
	arrays := map[string]int{}
	var keyValue func(table string, kv *unstable.Node)
	var value func(path string, v *unstable.Node)
	value = func(path string, v *unstable.Node) {
		switch v.Kind {
		case unstable.Integer:
			spots[path] = v.Raw
		case unstable.InlineTable:
			it := v.Children()
			for it.Next() {
				if c := it.Node(); c.Kind == unstable.KeyValue {
					keyValue(path, c)
				}
			}
		case unstable.Array:
			i := 0
			it := v.Children()
			for it.Next() {
				if c := it.Node(); c.Kind != unstable.Comment {
					i++
					value(fmt.Sprintf("%s[%d]", path, i), c)
				}
			}
		}
	}
	keyValue = func(table string, kv *unstable.Node) {
		path := table
		it := kv.Key()
		for it.Next() {
			path = joinKey(path, string(it.Node().Data))
		}
		value(path, kv.Value())
	}
	table := ""
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			path := ""
			it := e.Key()
			for it.Next() {
				path = joinKey(path, string(it.Node().Data))
				if it.IsLast() && e.Kind == unstable.ArrayTable {
					arrays[path]++
					path = fmt.Sprintf("%s[%d]", path, arrays[path])
				} else if n, ok := arrays[path]; ok {
					path = fmt.Sprintf("%s[%d]", path, n)
				}
			}
			table = path
		case unstable.KeyValue:
			keyValue(table, e)
		}
	}
	return spots
}

func lineAt(text []byte, off int) int {
	if off > len(text) {
		off = len(text)
	}
	return bytes.Count(text[:off], []byte("\n")) + 1
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

// tomlString writes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteRune(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c == 0x7f || c == utf8.RuneError:
			fmt.Fprintf(&b, `\u%04X`, c)
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
