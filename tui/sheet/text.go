package sheet

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
			if i < len(t.right) && t.right[i] {
				line.WriteString(pad + c)
			} else if i < len(r)-1 {
				line.WriteString(c + pad)
			} else {
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
	meta = append(meta, w.preset+" "+w.presets[e.Preset.String()], w.ballot+" "+w.ballotKinds[e.Ballot.String()])
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
	k := w.kinds[s.Kind.String()]
	switch {
	case s.Kind == count.RoundRecommend:
		k += " · " + fmt.Sprintf(w.stage, s.Stage)
	case s.Kind == count.RoundExtra && s.Extra > 1:
		k = fmt.Sprintf(w.extraOf, s.Extra)
	}
	if r.Rerun {
		k += " · " + w.kinds["rerun"]
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
		b.WriteString("  " + label(w.quorum) + checkLine(w, r.Quorum) + "\n")
	}
	for _, c := range r.Account {
		b.WriteString("  " + label(w.account) + checkLine(w, c) + "\n")
	}
	b.WriteString(label(w.ballots) + ballotLine(w, r.Ballots) + "\n")
	if r.Void {
		b.WriteString("\n" + w.voidRound + "\n")
	} else {
		for i := range r.Sections {
			writeSection(b, w, e, r, &r.Sections[i])
		}
	}
	writeNext(b, w, r)
	writeRules(b, w, r)
	writeNotes(b, w, r)
}

func writeFigures(b *strings.Builder, w *words, f count.Figures) {
	var parts []string
	add := func(name string, n int) {
		if n > 0 {
			parts = append(parts, name+" "+strconv.Itoa(n))
		}
	}
	add(w.entitled, f.EntitledCount())
	add(w.present, f.Present)
	add(w.registered, f.Registered)
	if f.Voted > 0 {
		v := w.voted + " " + strconv.Itoa(f.Voted)
		if f.Proxies > 0 {
			v += " (" + fmt.Sprintf(w.proxies, f.Proxies) + ")"
		}
		parts = append(parts, v)
	}
	add(w.issued, f.Issued)
	add(w.returned, f.Returned)
	if len(parts) > 0 {
		b.WriteString("  " + label(w.figures) + strings.Join(parts, " · ") + "\n")
	}
}

func checkLine(w *words, c count.Check) string {
	var s string
	switch c.Rule {
	case "quorum-entitled":
		s = fmt.Sprintf(w.quorumEntitled, c.Value, c.Of, w.compares[c.Compare.String()], c.Fraction)
	case "quorum-registered":
		s = fmt.Sprintf(w.quorumRegistered, c.Value, c.Of, w.compares[c.Compare.String()], c.Fraction)
	case "account-issued":
		s = fmt.Sprintf(w.accountIssued, c.Value, c.Of)
	case "account-voted":
		s = fmt.Sprintf(w.accountVoted, c.Value, c.Of)
	}
	switch c.Verdict {
	case count.VerdictPass:
		return s + "  " + w.stands
	case count.VerdictFail:
		return s + "  " + w.fails
	}
	return w.unchecked + ": " + fmt.Sprintf(w.missing, figureName(w, c.Missing))
}

func figureName(w *words, f string) string {
	names := map[string]string{"present": w.present, "entitled": w.entitled, "registered": w.registered,
		"voted": w.voted, "issued": w.issued, "returned": w.returned}
	if n, ok := names[f]; ok {
		return n
	}
	return f
}

func ballotLine(w *words, c count.BallotCounts) string {
	invalid := fmt.Sprintf("%s %d", w.invalid, c.Invalid)
	if len(c.ByReason) > 0 {
		var rs []string
		for _, rc := range c.ByReason {
			rs = append(rs, fmt.Sprintf("%s %d", w.reasons[rc.Reason.String()], rc.Count))
		}
		invalid += " (" + strings.Join(rs, w.listSep) + ")"
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

func writeSection(b *strings.Builder, w *words, e *count.Election, r *count.Result, s *count.SectionResult) {
	b.WriteString("\n")
	listed := 0
	for _, c := range s.Candidates {
		if !c.WriteIn && !c.Higher {
			listed++
		}
	}
	head := fmt.Sprintf("%s · %s %d · %s %d", s.Office, w.seats, s.Seats, w.candidates, listed)
	switch {
	case s.Kind == count.RoundRecommend:
		head = fmt.Sprintf("%s · %s · %s %d", s.Office, fmt.Sprintf(w.keep, s.Seats), w.candidates, listed)
	case listed > s.Seats:
		head += " · " + fmt.Sprintf(w.competitive, listed-s.Seats)
	case listed == s.Seats:
		head += " · " + w.uncontested
	}
	if !s.Margin.IsZero() && s.Kind == count.RoundExtra {
		head += " · " + fmt.Sprintf(w.marginIn, s.Margin)
	}
	b.WriteString(head + "\n")
	if len(r.Sections) > 1 {
		b.WriteString(label("  "+w.ballots) + ballotLine(w, s.Ballots) + "\n")
	}
	if s.Combined {
		b.WriteString("  " + w.combined + "\n")
	}
	if srcs := sourcesOf(e, s); len(srcs) > 0 {
		b.WriteString("  " + fmt.Sprintf(w.weighted, strings.Join(srcs, w.listSep)) + "\n")
	}
	switch {
	case s.Threshold != nil:
		t := s.Threshold
		b.WriteString(label(w.threshold) + fmt.Sprintf(w.thresholdLine, w.compares[t.Compare.String()], t.Fraction, t.BaseValue, w.bases[t.Base.String()], t.Need) + "\n")
	case s.Floor != nil:
		f := s.Floor
		b.WriteString(label(w.floor) + fmt.Sprintf(w.floorLine, f.Fraction, f.BaseValue, w.bases[f.Base.String()], f.Need) + "\n")
	case s.Kind != count.RoundRecommend && s.Kind != count.RoundCutoffRevote:
		b.WriteString(label(w.threshold) + w.noThreshold + "\n")
	}
	b.WriteString("\n")

	marked := e.Ballot == count.BallotMarked
	weighted := false
	for _, c := range s.Candidates {
		weighted = weighted || c.Score != ""
	}
	t := &table{}
	headers := []string{w.colNo, w.colName, w.colFor}
	if !marked {
		headers[2] = w.colVotesChoice
	}
	right := []bool{true, false, true}
	if marked {
		headers = append(headers, w.colAgainst, w.colAbstain)
		right = append(right, true, true)
	}
	if s.Combined {
		headers = append(headers, w.colVotes)
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
		if c.WriteIn {
			name += " (" + w.writeIn + ")"
		} else if c.Higher {
			name += " (" + w.higher + ")"
		} else if c.Carried {
			name += " (" + w.carried + ")"
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
	t.write(b, "  ")
	b.WriteString("\n")
	word := w.elected
	if s.Kind == count.RoundRecommend || s.Kind == count.RoundCutoffRevote {
		word = w.kept
	}
	names := w.none
	if len(s.Elected) > 0 {
		names = strings.Join(s.Elected, w.listSep)
	}
	b.WriteString(label(w.outcome) + word + w.colon + names + "\n")
	if len(s.Tied) > 0 {
		b.WriteString(label("") + fmt.Sprintf(w.tiedFor, s.TieSeats, strings.Join(s.Tied, w.listSep)) + "\n")
	}
	if s.Open > 0 && len(s.Tied) == 0 && s.Kind != count.RoundRecommend && s.Kind != count.RoundCutoffRevote {
		b.WriteString(label("") + fmt.Sprintf(w.open, s.Open) + "\n")
	}
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
	case count.WhyPassed:
		return fmt.Sprintf(f, c.Votes, s.Threshold.Need)
	case count.WhyBelowThreshold:
		return fmt.Sprintf(f, c.Votes, s.Threshold.Need)
	case count.WhyAtLimit:
		return fmt.Sprintf(f, s.Threshold.Fraction, s.Threshold.BaseValue)
	case count.WhyBelowFloor:
		return fmt.Sprintf(f, s.Floor.Need)
	}
	return f
}

func writeNext(b *strings.Builder, w *words, r *count.Result) {
	var lines []string
	n := r.Next
	switch n.Kind {
	case count.StepDone:
		lines = append(lines, w.steps["done"])
	case count.StepRerun:
		lines = append(lines, w.steps["rerun"]+" ("+fmt.Sprintf(w.round, n.Round.Number)+")")
	}
	if n.Round != nil && n.Kind != count.StepRerun {
		for _, s := range n.Round.Sections {
			line := fmt.Sprintf(w.roundOf, s.Office, n.Round.Number) + " · " + w.kinds[s.Kind.String()]
			if s.Kind == count.RoundRecommend || s.Kind == count.RoundCutoffRevote {
				line += " · " + fmt.Sprintf(w.keep, s.Seats)
			} else {
				line += fmt.Sprintf(" · %s %d", w.seats, s.Seats)
			}
			line += " · " + fmt.Sprintf(w.candidatesIn, strings.Join(s.Candidates, w.listSep))
			if len(s.CarriedOver) > 0 {
				line += " · " + fmt.Sprintf(w.carriedIn, strings.Join(s.CarriedOver, w.listSep))
			}
			if s.Kind == count.RoundExtra && !s.Margin.IsZero() {
				line += " · " + fmt.Sprintf(w.marginIn, s.Margin)
			}
			lines = append(lines, line)
		}
	}
	for _, v := range n.Vacancies {
		f := w.vacancy
		if v.Meeting {
			f = w.vacancyMeeting
		}
		lines = append(lines, fmt.Sprintf(f, v.Office, v.Seats))
	}
	for i, l := range lines {
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
	for _, u := range r.Rules {
		src := w.fromPreset
		if u.Overridden {
			src = w.overridden
		}
		if u.Inferred {
			src += "; " + w.inferred
		}
		t.add(u.Key, "= "+u.Value, "("+src+")")
	}
	t.write(b, "  ")
}

func writeNotes(b *strings.Builder, w *words, r *count.Result) {
	if len(r.Notes) == 0 {
		return
	}
	b.WriteString(w.notes + "\n")
	for _, n := range r.Notes {
		f := w.noteText[n.Code]
		var s string
		switch n.Code {
		case "returned-mismatch":
			s = fmt.Sprintf(f, n.Want, n.Got)
		case "quorum-unchecked", "account-unchecked":
			s = fmt.Sprintf(f, figureName(w, n.Figure))
		case "write-ins-ignored":
			s = fmt.Sprintf(f, n.Office, n.Got)
		default:
			s = n.Code
		}
		b.WriteString("  ! " + s + "\n")
	}
}

// sourcesOf lists a recommendation section's weighted sources, "党员 70%".
func sourcesOf(e *count.Election, s *count.SectionResult) []string {
	if s.Kind != count.RoundRecommend {
		return nil
	}
	var out []string
	for _, o := range e.Offices {
		if o.Name == s.Office {
			for _, src := range o.Sources {
				out = append(out, src.Name+" "+src.Weight.String())
			}
		}
	}
	return out
}
