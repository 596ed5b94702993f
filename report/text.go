package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"tally/count"
)

// table lays out rows in columns by display width, so Chinese names (two
// cells each) line up with Latin ones.
type table struct {
	right []bool
	rows  [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(b *strings.Builder, indent string) {
	widths := map[int]int{}
	for _, r := range t.rows {
		for i, c := range r {
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	for _, r := range t.rows {
		var line strings.Builder
		line.WriteString(indent)
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-ansi.StringWidth(c))
			if i > 0 {
				line.WriteString("  ")
			}
			switch {
			case i < len(t.right) && t.right[i]:
				line.WriteString(pad + c)
			case i < len(r)-1:
				line.WriteString(c + pad)
			default:
				line.WriteString(c)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
}

// label pads a heading to a fixed display width for the key/value lines.
func label(s string) string {
	const w = 16
	if pad := w - ansi.StringWidth(s); pad > 0 {
		return s + strings.Repeat(" ", pad)
	}
	return s + " "
}

// line writes one "label  text" line, indented under its heading.
func line(b *strings.Builder, head, text string) {
	b.WriteString("  " + label(head) + text + "\n")
}

// Text writes the results of an election's rounds as a readable report.
func Text(out io.Writer, e *count.Election, results []*count.Result, lang Lang) error {
	w := lang.w()
	var b strings.Builder
	title := e.Title
	if e.Body != "" && !strings.Contains(title, e.Body) {
		title = e.Body + " · " + title
	}
	b.WriteString(title + "\n")
	var meta []string
	for _, s := range []string{e.Place, e.Date} {
		if s != "" {
			meta = append(meta, s)
		}
	}
	if e.Ballot == count.BallotRanked && e.Ranked != nil && e.Preset == count.PresetPlurality {
		// A ranked count's rules are its method's; the preset adds nothing.
		meta = append(meta, w.ballot+" "+w.ballotKinds[e.Ballot.String()]+" · "+e.Ranked.Method.String())
	} else {
		meta = append(meta, w.preset+" "+w.presets[e.Preset.String()], w.ballot+" "+w.ballotKinds[e.Ballot.String()])
	}
	b.WriteString(strings.Join(meta, " · ") + "\n")
	for _, r := range results {
		b.WriteString("\n")
		writeRound(&b, w, e, r)
	}
	if len(results) > 0 && results[len(results)-1].Next.Kind == count.StepDone {
		b.WriteString("\n" + w.electionDecided + "\n")
	}
	_, err := io.WriteString(out, b.String())
	return err
}

func kindName(w *words, r *count.Result, s *count.SectionResult) string {
	k := RoundKindName(s.Kind, w.lang)
	switch {
	case s.Kind == count.RoundRecommend:
		k += " · " + fmt.Sprintf(w.stage, s.Stage)
	case s.Kind == count.RoundExtra && s.Extra > 1:
		k = fmt.Sprintf(w.extraOf, s.Extra)
	}
	if r.Rerun {
		k += " · " + RoundKindName(count.RoundRerun, w.lang)
	}
	return k
}

func writeRound(b *strings.Builder, w *words, e *count.Election, r *count.Result) {
	head := fmt.Sprintf(w.roundOf, r.Contest, r.Round)
	if len(r.Sections) > 0 {
		head += " · " + kindName(w, r, &r.Sections[0])
	}
	b.WriteString("══ " + head + " " + strings.Repeat("═", max(4, 72-ansi.StringWidth(head))) + "\n")

	if r.Figures != (count.Figures{}) || r.Quorum.Verdict != count.VerdictNone || len(r.Account) > 0 {
		b.WriteString(w.validity + "\n")
	}
	writeFigures(b, w, r.Figures)
	if r.Quorum.Verdict != count.VerdictNone {
		line(b, w.quorumLabel[r.Quorum.Rule], checkLine(w, r.Quorum))
	}
	for _, c := range r.Account {
		line(b, w.accountLabel, checkLine(w, c))
	}
	if r.Void {
		line(b, w.ballots, fmt.Sprintf("%s %d · %s", w.cast, r.Ballots.Cast, w.notCounted))
	} else {
		line(b, w.ballots, ballotLine(w, r.Ballots))
		for i := range r.Sections {
			writeSection(b, w, e, r, &r.Sections[i])
		}
	}
	b.WriteString("\n")
	writeNext(b, w, r)
	writeRules(b, w, r)
	writeNotes(b, w, r)
}

func writeFigures(b *strings.Builder, w *words, f count.Figures) {
	var parts []string
	add := func(name string, n int) {
		if n > 0 {
			parts = append(parts, w.figureNames[name]+" "+strconv.Itoa(n))
		}
	}
	add("entitled", f.EntitledCount())
	add("present", f.Present)
	add("registered", f.Registered)
	if f.Voted > 0 {
		v := w.figureNames["voted"] + " " + strconv.Itoa(f.Voted)
		if f.Proxies > 0 {
			v += w.open_ + fmt.Sprintf(w.proxies, f.Proxies) + w.close_
		}
		parts = append(parts, v)
	}
	add("issued", f.Issued)
	add("returned", f.Returned)
	if len(parts) > 0 {
		line(b, w.figures, strings.Join(parts, " · "))
	}
}

func checkLine(w *words, c count.Check) string {
	if c.Verdict == count.VerdictUnchecked {
		name := w.figureNames[c.Missing]
		return w.unchecked + w.colon + fmt.Sprintf(w.missing, name, c.Missing)
	}
	var s string
	if f, ok := w.quorumLine[c.Rule]; ok {
		s = fmt.Sprintf(f, c.Value, c.Of, w.compares[c.Compare.String()], c.Fraction)
	} else {
		s = fmt.Sprintf(w.accountLine[c.Rule], c.Value, c.Of)
	}
	if c.Verdict == count.VerdictPass {
		return s + "  " + w.stands
	}
	return s + "  " + w.fails
}

func ballotLine(w *words, c count.BallotCounts) string {
	invalid := fmt.Sprintf("%s %d", w.invalid, c.Invalid)
	if len(c.ByReason) > 0 {
		var rs []string
		for _, rc := range c.ByReason {
			rs = append(rs, fmt.Sprintf("%s %d", w.reasons[rc.Reason.String()], rc.Count))
		}
		invalid += w.open_ + strings.Join(rs, w.listSep) + w.close_
	}
	parts := []string{
		fmt.Sprintf("%s %d", w.cast, c.Cast),
		fmt.Sprintf("%s %d", w.valid, c.Valid),
		fmt.Sprintf("%s %d", w.blank, c.Blank),
		invalid,
	}
	if c.Partly > 0 {
		parts = append(parts, fmt.Sprintf("%s %d", w.partly, c.Partly))
	}
	return strings.Join(parts, " · ")
}

func officeOf(e *count.Election, name string) *count.Office {
	for i := range e.Offices {
		if e.Offices[i].Name == name {
			return &e.Offices[i]
		}
	}
	return nil
}

// ruleText says what decides a section: its threshold, its floor, or how
// the most votes decide where there is neither.
func ruleText(w *words, s *count.SectionResult, weighted bool) (string, string) {
	switch {
	case s.Threshold != nil:
		t := s.Threshold
		return w.thresholdLabel, fmt.Sprintf(w.thresholdLine, w.compares[t.Compare.String()], w.bases[t.Base.String()], t.BaseValue, t.Fraction, t.Need)
	case s.Floor != nil:
		f := s.Floor
		return w.floorLabel, fmt.Sprintf(w.floorLine, w.bases[f.Base.String()], f.BaseValue, f.Fraction, f.Need)
	case s.Kind == count.RoundRecommend && weighted:
		return w.ruleLabel, w.plainRule["recommend-w"]
	}
	if r, ok := w.plainRule[s.Kind.String()]; ok {
		if s.Kind == count.RoundFirst {
			return w.thresholdLabel, r
		}
		return w.ruleLabel, r
	}
	return w.ruleLabel, w.plainRule["first"]
}

// sectionHead is a section's heading: the office, its seats and list, and
// whether the list is competitive; weighted says whether the section has
// weighted recommendation scores.
func sectionHead(w *words, e *count.Election, s *count.SectionResult) (head string, weighted bool) {
	listed := 0
	for _, c := range s.Candidates {
		if !c.WriteIn && !c.Higher {
			listed++
		}
		weighted = weighted || c.Score != ""
	}
	head = fmt.Sprintf("%s · %s %d · %s %d", s.Office, w.seats, s.Seats, w.candidates, listed)
	switch {
	case s.Ranked != nil:
	case s.Kind == count.RoundRecommend:
		keep := fmt.Sprintf(w.keepPlain, s.Seats)
		if o := officeOf(e, s.Office); o != nil && !s.Margin.IsZero() {
			keep = fmt.Sprintf(w.keepRule, s.Seats, o.Seats, o.Seats, s.Margin)
		}
		head = fmt.Sprintf("%s · %s · %s %d", s.Office, keep, w.candidates, listed)
	case s.Kind == count.RoundCutoffRevote:
		head = fmt.Sprintf("%s · %s · %s %d", s.Office, fmt.Sprintf(w.keepPlain, s.Seats), w.candidates, listed)
	case listed > s.Seats:
		head += " · " + fmt.Sprintf(w.competitive, listed-s.Seats)
	case listed == s.Seats:
		head += " · " + w.uncontested
	}
	return head, weighted
}

// sectionLines are the remarks under a section's heading: a combined
// count, weighted sources, a wait for a higher office, a late decision.
func sectionLines(w *words, e *count.Election, s *count.SectionResult) []string {
	var out []string
	if s.Combined {
		out = append(out, w.combined)
	}
	if srcs := sourcesOf(e, s); len(srcs) > 0 {
		out = append(out, fmt.Sprintf(w.weighted, strings.Join(srcs, w.listSep)))
	}
	if s.WaitingFor != "" {
		out = append(out, fmt.Sprintf(w.waitingFor, s.WaitingFor))
	}
	if s.DecidedFrom > 0 {
		out = append(out, fmt.Sprintf(w.decidedFrom, s.DecidedFrom))
	}
	return out
}

func writeSection(b *strings.Builder, w *words, e *count.Election, r *count.Result, s *count.SectionResult) {
	b.WriteString("\n")
	head, weighted := sectionHead(w, e, s)
	b.WriteString(head + "\n")
	if len(r.Sections) > 1 {
		line(b, w.ballots, ballotLine(w, s.Ballots))
	}
	for _, l := range sectionLines(w, e, s) {
		b.WriteString("  " + l + "\n")
	}
	if s.Ranked != nil {
		writeRanked(b, w, s.Ranked)
		return
	}
	h, rule := ruleText(w, s, weighted)
	line(b, h, rule)
	b.WriteString("\n")
	candidateTable(w, e, s, weighted).write(b, "  ")
	if s.WaitingFor != "" {
		return
	}
	b.WriteString("\n")
	for i, l := range outcomeLines(w, s) {
		head := ""
		if i == 0 {
			head = w.outcome
		}
		line(b, head, l)
	}
}

// candidateTable is a section's figures, a row per candidate: for,
// against and abstain on a marked ballot, the combined total and the
// weighted score where they apply, the status and the reason for it.
func candidateTable(w *words, e *count.Election, s *count.SectionResult, weighted bool) *table {
	marked := e.Ballot == count.BallotMarked
	t := &table{}
	headers := []string{w.colNo, w.colName, w.colFor}
	right := []bool{true, false, true}
	if !marked {
		headers[2] = w.colVotes
	}
	if marked {
		headers = append(headers, w.colAgainst, w.colAbstain)
		right = append(right, true, true)
	}
	if s.Combined {
		headers = append(headers, w.colTotal)
		right = append(right, true)
	}
	if weighted {
		headers = append(headers, w.colScore)
		right = append(right, true)
	}
	headers = append(headers, w.colResult, w.colWhy)
	t.right = right
	t.add(headers...)
	for i, c := range s.Candidates {
		name := c.Name
		switch {
		case c.WriteIn:
			name += w.open_ + w.writeIn + w.close_
		case c.Higher:
			name += w.open_ + w.higher + w.close_
		case c.Carried:
			name += w.open_ + w.carried + w.close_
		}
		row := []string{strconv.Itoa(i + 1), name, strconv.Itoa(c.For)}
		if marked {
			if c.WriteIn || c.Higher {
				row = append(row, "", "")
			} else {
				row = append(row, strconv.Itoa(c.Against), strconv.Itoa(c.Abstain))
			}
		}
		if s.Combined {
			row = append(row, strconv.Itoa(c.Votes))
		}
		if weighted {
			row = append(row, c.ScoreText)
		}
		row = append(row, w.statuses[c.Status.String()], whyText(w, s, c))
		t.add(row...)
	}
	return t
}

// outcomeLines say who an office's section elected (or kept), any tie
// for the last seats, and the seats left open.
func outcomeLines(w *words, s *count.SectionResult) []string {
	word := w.elected
	if s.Kind == count.RoundRecommend || s.Kind == count.RoundCutoffRevote {
		word = w.kept
	}
	names := w.none
	if len(s.Elected) > 0 {
		names = strings.Join(s.Elected, w.listSep)
	}
	out := []string{word + w.colon + names}
	if len(s.Tied) > 0 {
		out = append(out, fmt.Sprintf(w.tiedFor, s.TieSeats, strings.Join(s.Tied, w.listSep)))
	}
	if s.Open > 0 && len(s.Tied) == 0 && s.Kind != count.RoundRecommend && s.Kind != count.RoundCutoffRevote {
		out = append(out, fmt.Sprintf(w.open, s.Open))
	}
	return out
}

func whyText(w *words, s *count.SectionResult, c count.CandidateResult) string {
	f := w.whys[c.Why.String()]
	if c.Score != "" {
		switch c.Why {
		case count.WhyMostVotes:
			f = w.whys["top-score"]
		case count.WhyFewerVotes:
			f = w.whys["lower-score"]
		}
	}
	switch c.Why {
	case count.WhyPassed, count.WhyBelowThreshold:
		return fmt.Sprintf(f, c.Votes, s.Threshold.Need)
	case count.WhyAtLimit:
		return fmt.Sprintf(f, s.Threshold.Fraction, s.Threshold.BaseValue)
	case count.WhyBelowFloor, count.WhyMetFloor:
		return fmt.Sprintf(f, c.Votes, s.Floor.Need)
	}
	return f
}

// Summary is a round's outcome in a few lines, for a screen with no room
// for the whole report: who each office elected, and what comes next.
func Summary(r *count.Result, lang Lang) []string {
	w := lang.w()
	var out []string
	if r.Void {
		out = append(out, w.notCounted)
	}
	for _, s := range r.Sections {
		if s.WaitingFor != "" || r.Void {
			continue
		}
		out = append(out, s.Office+" · "+strings.Join(outcomeLines(w, &s), " · "))
	}
	var b strings.Builder
	writeNext(&b, w, r)
	for _, l := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, strings.TrimRight(l, " "))
		}
	}
	return out
}

// nextLines say what follows a round: the next round with its list and
// the rule that made it, seats left open for good, or the end.
func nextLines(w *words, r *count.Result) []string {
	var lines []string
	n := r.Next
	switch n.Kind {
	case count.StepDone:
		lines = append(lines, w.done)
	case count.StepLots:
		lines = append(lines, w.lots)
	case count.StepRerun:
		f := w.rerunAcct
		if r.Quorum.Verdict == count.VerdictFail {
			f = w.rerunQuorum
		}
		lines = append(lines, fmt.Sprintf(f, n.Round.Number, n.Round.Contest, n.Round.Number))
	}
	if n.Round != nil && n.Kind != count.StepRerun {
		for _, s := range n.Round.Sections {
			l := fmt.Sprintf(w.roundOf, s.Office, n.Round.Number) + " · " + RoundKindName(s.Kind, w.lang)
			if s.Kind == count.RoundRecommend || s.Kind == count.RoundCutoffRevote {
				l += " · " + fmt.Sprintf(w.keepPlain, s.Seats)
			} else {
				l += fmt.Sprintf(" · %s %d", w.seats, s.Seats)
			}
			lines = append(lines, l)
			lines = append(lines, "  "+fmt.Sprintf(w.candidatesIn, strings.Join(s.Candidates, w.listSep)))
			if len(s.CarriedOver) > 0 {
				lines = append(lines, "  "+fmt.Sprintf(w.carriedIn, strings.Join(s.CarriedOver, w.listSep)))
			}
			if s.Kind == count.RoundExtra {
				rule := fmt.Sprintf(w.listExtra, s.ListSize, s.Seats, s.Seats, s.Margin)
				if s.OneSeatTwo {
					rule = w.listOneSeatTwo
				}
				if len(s.Candidates) < s.ListSize {
					rule += w.listSep + fmt.Sprintf(w.listShort, len(s.Candidates))
				}
				lines = append(lines, "  "+rule)
			}
			if len(s.Dropped) > 0 {
				lines = append(lines, "  "+fmt.Sprintf(w.dropped, strings.Join(s.Dropped, w.listSep)))
			}
			if len(s.SkippedStages) > 0 {
				var st []string
				for _, k := range s.SkippedStages {
					st = append(st, strconv.Itoa(k))
				}
				lines = append(lines, "  "+fmt.Sprintf(w.skipped, strings.Join(st, w.listSep)))
			}
		}
	}
	for _, v := range n.Vacancies {
		lines = append(lines, fmt.Sprintf(w.vacancies[v.Reason], v.Office, v.Seats))
	}
	return lines
}

func writeNext(b *strings.Builder, w *words, r *count.Result) {
	for i, l := range nextLines(w, r) {
		head := ""
		if i == 0 {
			head = w.next
		}
		b.WriteString(label(head) + l + "\n")
	}
}

func writeRules(b *strings.Builder, w *words, r *count.Result) {
	if len(r.Rules) == 0 {
		return
	}
	b.WriteString(w.rules + " · " + w.preset + " " + w.presets[r.Preset.String()] + "\n")
	t := &table{}
	for _, row := range ruleRows(w, r) {
		t.add(row[0], "= "+row[1], strings.TrimSpace(w.open_)+row[2]+w.close_)
	}
	t.write(b, "  ")
}

// ruleRows are the settings a round consulted: key, value, and where the
// value came from (the preset or the election file, and whether no law
// fixes it).
func ruleRows(w *words, r *count.Result) [][3]string {
	var out [][3]string
	for _, u := range r.Rules {
		src := w.fromPreset
		if u.Overridden {
			src = w.overridden
		}
		if u.Inferred {
			src += w.listSep + w.inferred
		}
		out = append(out, [3]string{u.Key, u.Value, src})
	}
	return out
}

func writeNotes(b *strings.Builder, w *words, r *count.Result) {
	out := noteLines(w, r)
	if len(out) == 0 {
		return
	}
	b.WriteString(w.notes + "\n")
	for _, s := range out {
		b.WriteString("  ! " + s + "\n")
	}
}

// noteLines say what the table should know that does not change the
// outcome: a returned figure the ballots do not match, write-ins ignored.
func noteLines(w *words, r *count.Result) []string {
	var out []string
	for _, n := range r.Notes {
		switch n.Code {
		case "returned-mismatch":
			out = append(out, fmt.Sprintf(w.noteText[n.Code], n.Want, n.Got))
		case "write-ins-ignored":
			out = append(out, fmt.Sprintf(w.noteText[n.Code], n.Office, n.Got))
		}
	}
	return out
}

// sourcesOf lists a recommendation section's weighted sources, "党员 70%".
func sourcesOf(e *count.Election, s *count.SectionResult) []string {
	o := officeOf(e, s.Office)
	if s.Kind != count.RoundRecommend || o == nil {
		return nil
	}
	var out []string
	for _, src := range o.Sources {
		out = append(out, src.Name+" "+src.Weight.String())
	}
	return out
}
