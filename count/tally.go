package count

import (
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strconv"
)

// ruleLog records each setting a count consults, once, in order.
type ruleLog struct {
	e   *Election
	res *Result
}

func (l ruleLog) use(keys ...string) {
	for _, k := range keys {
		if slices.ContainsFunc(l.res.Rules, func(u RuleUse) bool { return u.Key == k }) {
			continue
		}
		l.res.Rules = append(l.res.Rules, RuleUse{
			Key:        k,
			Value:      l.e.Settings.Get(k),
			Overridden: slices.Contains(l.e.Overrides, k),
			Inferred:   SettingInferredFor(l.e.Preset, k),
		})
	}
	// The settings table's order, whatever order the ballots came in.
	slices.SortStableFunc(l.res.Rules, func(a, b RuleUse) int { return settingIndex(a.Key) - settingIndex(b.Key) })
}

// sectionTally accumulates one office's section over a round's ballots.
type sectionTally struct {
	sec        *Section
	forV       []int
	against    []int
	writeIn    map[string]int
	counts     BallotCounts
	ignored    int
	srcVotes   [][]int // [source][candidate] for-votes, weighted rounds only
	srcBallots []int
}

// byName is every for-vote by name, listed or written in, for a combined
// count (derived once the ballots are in, not kept per ballot).
func (t *sectionTally) byName() map[string]int {
	out := make(map[string]int, len(t.forV)+len(t.writeIn))
	for i, n := range t.sec.Candidates {
		if t.forV[i] > 0 {
			out[n] += t.forV[i]
		}
	}
	for n, v := range t.writeIn {
		out[n] += v
	}
	return out
}

// openRound starts a round's result: its figures, quorum and ballot
// account for cast ballots. A void round publishes no tallies [P1990 19]:
// its sections say only what was on the paper.
func (e *Election) openRound(r *Round, cast int) *Result {
	res := &Result{
		Election: e.Title,
		Contest:  r.Contest,
		Round:    r.Number,
		Kind:     r.Kind(),
		Rerun:    r.Rerun,
		Preset:   e.Preset,
		Ballot:   e.Ballot,
		Figures:  r.Figures,
		Rules:    []RuleUse{},
		Account:  []Check{},
	}
	log := ruleLog{e, res}
	res.Ballots.Cast = cast
	f := r.Figures
	if f.Returned > 0 && f.Returned != cast {
		res.Notes = append(res.Notes, Note{Code: "returned-mismatch", Want: f.Returned, Got: cast})
	}
	res.Quorum = e.quorumCheck(r, log)
	res.Account = e.accountChecks(r, cast, log)
	res.Void = res.Quorum.Verdict == VerdictFail
	for _, c := range res.Account {
		res.Void = res.Void || c.Verdict == VerdictFail
	}
	for _, c := range append([]Check{res.Quorum}, res.Account...) {
		if c.Verdict == VerdictUnchecked {
			code := "quorum-unchecked"
			if c.Rule != res.Quorum.Rule {
				code = "account-unchecked"
			}
			res.Notes = append(res.Notes, Note{Code: code, Figure: c.Missing})
		}
	}
	if res.Void {
		for _, s := range r.Sections {
			res.Sections = append(res.Sections, SectionResult{Office: s.Office, Kind: s.Kind, Seats: s.Seats,
				Stage: s.Stage, Margin: s.Margin, Extra: s.Extra, MaxFor: s.MaxFor, Elected: []string{}, Open: s.Seats})
		}
	}
	return res
}

// CountRound counts one round's ballots and decides each office's section:
// who is elected (or kept), who is tied, how many seats stay open. What
// follows the round is the plan's business (Plan.Count fills Result.Next).
func (e *Election) CountRound(r *Round, ballots []Ballot) (*Result, error) {
	res := e.openRound(r, len(ballots))
	if res.Void {
		return res, nil
	}
	log := ruleLog{e, res}
	if e.Ballot == BallotRanked {
		return res, e.countRanked(r, ballots, res)
	}
	tallies := make([]*sectionTally, len(r.Sections))
	for i := range r.Sections {
		s := &r.Sections[i]
		t := &sectionTally{sec: s, forV: make([]int, len(s.Candidates)), against: make([]int, len(s.Candidates)),
			writeIn: map[string]int{}}
		if srcs := e.sourcesOf(s); len(srcs) > 0 {
			t.srcVotes = make([][]int, len(srcs))
			for k := range t.srcVotes {
				t.srcVotes[k] = make([]int, len(s.Candidates))
			}
			t.srcBallots = make([]int, len(srcs))
		}
		t.counts.Cast = len(ballots)
		tallies[i] = t
	}
	if len(r.Sections) > 1 {
		log.use("two_offices_void")
	}
	for _, s := range r.Sections {
		if len(s.CarriedOver) > 0 {
			log.use("carry_over")
		}
	}
	for bi := range ballots {
		e.countBallot(r, &ballots[bi], tallies, res, log)
	}
	sortReasons(&res.Ballots)
	for _, t := range tallies {
		sortReasons(&t.counts)
	}

	for i, t := range tallies {
		sr, err := e.decideSection(r, t, res, log)
		if err != nil {
			return nil, err
		}
		res.Sections = append(res.Sections, sr)
		if t.ignored > 0 {
			res.Notes = append(res.Notes, Note{Code: "write-ins-ignored", Office: r.Sections[i].Office, Got: t.ignored})
		}
	}
	if len(r.Sections) > 1 {
		e.topDown(r, tallies, res)
	}
	return res, nil
}

func (e *Election) sourcesOf(s *Section) []Source {
	if s.Kind != RoundRecommend {
		return nil
	}
	if i := e.officeIndex(s.Office); i >= 0 {
		return e.Offices[i].Sources
	}
	return nil
}

// quorumApplies: a first vote always needs its quorum; the later rounds of
// the same meeting need it only where the extra_quorum setting says so.
func (e *Election) quorumApplies(r *Round) bool {
	switch r.Kind() {
	case RoundFirst, RoundRecommend:
		return true
	}
	return e.Settings.ExtraQuorum
}

func (e *Election) quorumCheck(r *Round, log ruleLog) Check {
	s := e.Settings
	if s.QuorumBasis == QuorumNone {
		return Check{Rule: "none"}
	}
	if r.Kind() != RoundFirst && r.Kind() != RoundRecommend {
		log.use("extra_quorum")
	}
	if !e.quorumApplies(r) {
		return Check{Rule: "none"}
	}
	log.use("quorum", "quorum_fraction", "quorum_compare")
	c := Check{Fraction: s.QuorumFraction, Compare: s.QuorumCompare}
	f := r.Figures
	switch s.QuorumBasis {
	case QuorumEntitled:
		c.Rule, c.Value, c.Of = "quorum-entitled", f.Present, f.EntitledCount()
		switch {
		case c.Of == 0:
			c.Missing = "entitled"
		case c.Value == 0:
			c.Missing = "present"
		}
	case QuorumRegistered:
		c.Rule, c.Value, c.Of = "quorum-registered", f.Voted, f.Registered
		switch {
		case c.Of == 0:
			c.Missing = "registered"
		case c.Value == 0:
			c.Missing = "voted"
		}
	}
	switch {
	case c.Missing != "":
		c.Verdict = VerdictUnchecked
	case s.QuorumCompare.Holds(c.Value, c.Fraction, c.Of):
		c.Verdict = VerdictPass
	default:
		c.Verdict = VerdictFail
	}
	return c
}

func (e *Election) accountChecks(r *Round, cast int, log ruleLog) []Check {
	rule := e.Settings.Account
	if rule == AccountNone {
		return []Check{}
	}
	log.use("account")
	f := r.Figures
	returned := cast
	if f.Returned > 0 {
		returned = f.Returned
	}
	check := func(code, missing string, of int) Check {
		c := Check{Rule: code, Value: returned, Of: of}
		switch {
		case of == 0:
			c.Verdict, c.Missing = VerdictUnchecked, missing
		case returned <= of:
			c.Verdict = VerdictPass
		default:
			c.Verdict = VerdictFail
		}
		return c
	}
	var out []Check
	if rule == AccountIssued || rule == AccountBoth {
		out = append(out, check("account-issued", "issued", f.Issued))
	}
	if rule == AccountVoted || rule == AccountBoth {
		out = append(out, check("account-voted", "voted", f.Voted))
	}
	return out
}

// writeInsOf returns the write-ins a section's marks carry as "for" names:
// marked ones, and unmarked ones where a written name counts as for.
func (e *Election) writeInsOf(m *Marks, log ruleLog) []string {
	var out []string
	seen := map[string]bool{}
	add := func(names []string) {
		for _, n := range names {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	add(m.WriteIns)
	if len(m.Unmarked) > 0 {
		log.use("write_in_unmarked_for")
		if e.Settings.WriteInUnmarked {
			add(m.Unmarked)
		}
	}
	return out
}

func (e *Election) countBallot(r *Round, b *Ballot, tallies []*sectionTally, res *Result, log ruleLog) {
	paperInvalid := b.Invalid
	writeIns := make([][]string, len(tallies))
	for i := range tallies {
		writeIns[i] = e.writeInsOf(&b.Sections[i], log)
	}
	if paperInvalid == ReasonNone && len(tallies) > 1 && e.Settings.TwoOfficesVoid {
		named := map[string]bool{}
		for i, t := range tallies {
			names := append([]string(nil), writeIns[i]...)
			for _, c := range b.Sections[i].For {
				names = append(names, t.sec.Candidates[c])
			}
			for _, n := range names {
				if named[n] {
					paperInvalid = ReasonTwoOffices
				}
				named[n] = true
			}
		}
	}
	if b.Source >= 0 {
		for _, t := range tallies {
			if t.srcBallots != nil && b.Source < len(t.srcBallots) {
				t.srcBallots[b.Source]++
			}
		}
	}
	if paperInvalid != ReasonNone {
		res.Ballots.addInvalid(paperInvalid)
		for _, t := range tallies {
			t.counts.addInvalid(paperInvalid)
		}
		return
	}
	invalid, blank := 0, 0
	var firstReason Reason
	for i, t := range tallies {
		m := &b.Sections[i]
		reason := m.Invalid
		if reason == ReasonNone && len(m.For)+len(writeIns[i]) > t.sec.MaxFor {
			reason = ReasonOverVote
		}
		if reason != ReasonNone {
			t.counts.addInvalid(reason)
			if invalid == 0 {
				firstReason = reason
			}
			invalid++
			continue
		}
		t.counts.Valid++
		if e.countMarks(t, m, writeIns[i], b.Source, log) {
			t.counts.Blank++
			blank++
		}
	}
	switch {
	case invalid == len(tallies):
		res.Ballots.addInvalid(firstReason)
	case invalid > 0:
		res.Ballots.Valid++
		res.Ballots.Partly++
	default:
		res.Ballots.Valid++
		if blank == len(tallies) {
			res.Ballots.Blank++
		}
	}
}

// countMarks adds one valid section's marks and reports whether it was blank.
func (e *Election) countMarks(t *sectionTally, m *Marks, writeIns []string, source int, log ruleLog) bool {
	for _, c := range m.For {
		t.forV[c]++
		if t.srcVotes != nil && source >= 0 {
			t.srcVotes[source][c]++
		}
	}
	for _, c := range m.Against {
		t.against[c]++
	}
	if len(writeIns) > 0 {
		log.use("write_ins")
	}
	allowed := len(writeIns)
	switch e.Settings.WriteIns {
	case WriteInReplaceAgainst:
		allowed = min(allowed, len(m.Against))
	case WriteInRefused:
		allowed = 0
	}
	var listedIn []int // listed names written in so far on this paper
	for k, n := range writeIns {
		if k >= allowed {
			t.ignored++
			continue
		}
		if c := slices.Index(t.sec.Candidates, n); c >= 0 {
			// A listed name written in counts as a vote for them, once.
			if slices.Contains(m.For, c) || slices.Contains(m.Against, c) || slices.Contains(listedIn, c) {
				t.ignored++
				continue
			}
			listedIn = append(listedIn, c)
			t.forV[c]++
			continue
		}
		t.writeIn[n]++
	}
	return len(m.For) == 0 && len(m.Against) == 0 && len(writeIns) == 0
}

// choose picks up to places from ranked (best first) whose key is at least
// need. When equal keys straddle the last place, those above it are chosen
// and the equal ones are tied for the places left.
func choose(ranked []*CandidateResult, key func(*CandidateResult) *big.Rat, places int, need *big.Rat) (chosen, tied []*CandidateResult) {
	var eligible []*CandidateResult
	for _, c := range ranked {
		if key(c).Cmp(need) >= 0 {
			eligible = append(eligible, c)
		}
	}
	if len(eligible) <= places {
		return eligible, nil
	}
	if places == 0 {
		return nil, nil
	}
	cut := key(eligible[places-1])
	if key(eligible[places]).Cmp(cut) != 0 {
		return eligible[:places], nil
	}
	for _, c := range eligible {
		switch key(c).Cmp(cut) {
		case 1:
			chosen = append(chosen, c)
		case 0:
			tied = append(tied, c)
		}
	}
	return chosen, tied
}

func (e *Election) decideSection(r *Round, t *sectionTally, res *Result, log ruleLog) (SectionResult, error) {
	s := t.sec
	sr := SectionResult{Office: s.Office, Kind: s.Kind, Seats: s.Seats, Stage: s.Stage, Margin: s.Margin,
		Extra: s.Extra, MaxFor: s.MaxFor, Ballots: t.counts, Elected: []string{}, IgnoredWriteIns: t.ignored}
	valid := t.counts.Valid
	for i, name := range s.Candidates {
		sr.Candidates = append(sr.Candidates, CandidateResult{Name: name, Carried: slices.Contains(s.CarriedOver, name),
			For: t.forV[i], Against: t.against[i], Abstain: valid - t.forV[i] - t.against[i], Votes: t.forV[i]})
	}
	var wnames []string
	for n := range t.writeIn {
		wnames = append(wnames, n)
	}
	sort.Strings(wnames)
	for _, n := range wnames {
		sr.Candidates = append(sr.Candidates, CandidateResult{Name: n, WriteIn: true, For: t.writeIn[n], Votes: t.writeIn[n]})
	}
	weighted := t.srcVotes != nil
	if weighted {
		scoreSources(&sr, t, e.sourcesOf(s))
	}
	th, floor, err := e.thresholds(r, s, t, log)
	if err != nil {
		return sr, err
	}
	sr.Threshold, sr.Floor = th, floor
	if len(r.Sections) == 1 {
		decide(&sr, th, floor, weighted)
	}
	// Several offices on one paper are decided together, top down (topDown).
	return sr, nil
}

// thresholds returns what a candidate needs in this section: a threshold
// (first vote, party extra round), a floor (village and congress extra
// round), or neither (most votes win).
func (e *Election) thresholds(r *Round, s *Section, t *sectionTally, log ruleLog) (th, floor *Threshold, err error) {
	set := e.Settings
	build := func(base Base, frac Ratio, cmp Compare) (*Threshold, error) {
		v := 0
		f := r.Figures
		switch base {
		case BasePresent:
			v = f.Present
		case BaseVoted:
			v = f.Voted
		case BaseCast:
			v = t.counts.Cast
		case BaseValid:
			v = t.counts.Valid
		}
		if v == 0 && (base == BasePresent || base == BaseVoted) {
			return nil, &InputError{Field: base.String(), Msg: fmt.Sprintf(
				"%s round %d: the threshold is %s %s of those %s, but no %s figure is given: add %s = N under [electorate] or this round's [[rounds]] table",
				r.Contest, r.Number, cmp, frac, base, base, base)}
		}
		return &Threshold{Base: base, BaseValue: v, Fraction: frac, Compare: cmp, Need: cmp.Need(frac, v)}, nil
	}
	switch s.Kind {
	case RoundFirst:
		if set.ThresholdBase == BaseNone {
			log.use("threshold_base")
			return nil, nil, nil
		}
		log.use("threshold_base", "threshold_fraction", "threshold_compare")
		th, err = build(set.ThresholdBase, set.ThresholdFrac, set.ThresholdCompare)
		return th, nil, err
	case RoundExtra:
		log.use("extra_rule")
		if set.ExtraRule == ExtraSameThreshold && set.ThresholdBase != BaseNone {
			log.use("threshold_base", "threshold_fraction", "threshold_compare")
			th, err = build(set.ThresholdBase, set.ThresholdFrac, set.ThresholdCompare)
			return th, nil, err
		}
		if set.ExtraRule == ExtraFloor && set.ExtraFloor.Num > 0 {
			log.use("extra_floor", "extra_floor_base")
			floor, err = build(set.ExtraFloorBase, set.ExtraFloor, AtLeast)
			return nil, floor, err
		}
	}
	return nil, nil, nil
}

// ratKey orders candidates by their exact score when weighted, else votes.
func ratKey(weighted bool) func(*CandidateResult) *big.Rat {
	return func(c *CandidateResult) *big.Rat {
		if weighted {
			r, ok := new(big.Rat).SetString(c.Score)
			if !ok {
				r = new(big.Rat)
			}
			return r
		}
		return new(big.Rat).SetInt64(int64(c.Votes))
	}
}

// sortByVotes orders a section's candidates by the votes that decide, then
// list order.
func sortByVotes(sr *SectionResult) {
	sort.SliceStable(sr.Candidates, func(i, j int) bool { return sr.Candidates[i].Votes > sr.Candidates[j].Votes })
}

// decide ranks a section's candidates and sets each one's status and reason.
func decide(sr *SectionResult, th, floor *Threshold, weighted bool) {
	key := ratKey(weighted)
	sort.SliceStable(sr.Candidates, func(i, j int) bool {
		return key(&sr.Candidates[i]).Cmp(key(&sr.Candidates[j])) > 0
	})
	// Write-ins stand only in a first vote; re-votes, extra rounds and
	// recommendation rounds are among the listed candidates.
	var ranked []*CandidateResult
	for i := range sr.Candidates {
		c := &sr.Candidates[i]
		if !c.WriteIn || sr.Kind == RoundFirst {
			ranked = append(ranked, c)
		}
	}
	need := 1
	switch {
	case th != nil:
		need = max(th.Need, 1)
	case floor != nil:
		need = max(floor.Need, 1)
	case sr.Kind == RoundRecommend || sr.Kind == RoundCutoffRevote || sr.Kind == RoundTieRevote:
		// Among the tied the most votes win, whatever they are: 0 to 0
		// is a tie again, and is re-voted again.
		need = 0
	}
	needRat := new(big.Rat).SetInt64(int64(need))
	if weighted {
		needRat = new(big.Rat)
	}
	chosen, tied := choose(ranked, key, sr.Seats, needRat)
	keeps := sr.Kind == RoundRecommend || sr.Kind == RoundCutoffRevote
	for _, c := range chosen {
		c.Status = StatusElected
		if keeps {
			c.Status = StatusKept
		}
		switch {
		case th != nil:
			c.Why = WhyPassed
		case floor != nil:
			c.Why = WhyMetFloor
		default:
			c.Why = WhyMostVotes
		}
		sr.Elected = append(sr.Elected, c.Name)
	}
	for _, c := range tied {
		c.Status, c.Why = StatusTied, WhyTiedAtCutoff
		sr.Tied = append(sr.Tied, c.Name)
	}
	if len(tied) > 0 {
		sr.TieSeats = sr.Seats - len(chosen)
	}
	for i := range sr.Candidates {
		c := &sr.Candidates[i]
		if c.Status != StatusNone {
			continue
		}
		c.Status = StatusNotElected
		if keeps {
			c.Status = StatusNotKept
		}
		switch {
		case th != nil && c.Votes < th.Need:
			c.Why = WhyBelowThreshold
			if th.Compare == MoreThan && int64(c.Votes)*th.Fraction.Den == int64(th.BaseValue)*th.Fraction.Num {
				c.Why = WhyAtLimit
			}
		case floor != nil && c.Votes < floor.Need && !c.WriteIn:
			c.Why = WhyBelowFloor
		case c.Votes == 0 && !weighted:
			c.Why = WhyNoVotes
		case th != nil:
			c.Why = WhyOutsideSeats
		default:
			c.Why = WhyFewerVotes
		}
	}
	if !keeps {
		sr.Open = sr.Seats - len(sr.Elected)
	}
}

// scoreSources sets each listed candidate's weighted recommendation score,
// Σ weight × votes from the source ÷ ballots from the source, exactly.
func scoreSources(sr *SectionResult, t *sectionTally, srcs []Source) {
	for i := range sr.Candidates {
		c := &sr.Candidates[i]
		if c.WriteIn {
			continue
		}
		ci := slices.Index(t.sec.Candidates, c.Name)
		sum := new(big.Rat)
		for k, src := range srcs {
			if t.srcBallots[k] == 0 {
				continue
			}
			term := big.NewRat(src.Weight.Num*int64(t.srcVotes[k][ci]), src.Weight.Den*int64(t.srcBallots[k]))
			sum.Add(sum, term)
		}
		c.Score = sum.RatString()
		c.ScoreText = sum.FloatString(6)
	}
}

// sortReasons puts invalid reasons in their list's order, so a result does
// not depend on the order the ballots were keyed in.
func sortReasons(b *BallotCounts) {
	slices.SortFunc(b.ByReason, func(x, y ReasonCount) int { return int(x.Reason) - int(y.Reason) })
}

// countRanked counts each office's rankings by the election's ranked
// method. Invalid papers and sections count as invalid; a paper with no
// preference at all is blank.
func (e *Election) countRanked(r *Round, ballots []Ballot, res *Result) error {
	for i := range r.Sections {
		counts := BallotCounts{Cast: len(ballots)}
		in := &RankedInput{Candidates: r.Sections[i].Candidates}
		for _, b := range ballots {
			m := b.Sections[i]
			reason := b.Invalid
			if reason == ReasonNone {
				reason = m.Invalid
			}
			if reason != ReasonNone {
				counts.addInvalid(reason)
				continue
			}
			counts.Valid++
			if !hasMark(m.Ranks) {
				counts.Blank++
			}
			in.Ballots = append(in.Ballots, Ranking{Ranks: m.Ranks, Count: 1})
		}
		in.Ballots = Merge(in.Ballots)
		if err := e.countRankedSection(r, i, in, counts, res); err != nil {
			return err
		}
	}
	return nil
}

// countRankedSection counts one office's rankings and adds its section.
func (e *Election) countRankedSection(r *Round, i int, in *RankedInput, counts BallotCounts, res *Result) error {
	s := r.Sections[i]
	rules := *e.Ranked
	rules.Seats = s.Seats
	rc, err := rules.Count(in)
	if err != nil {
		return &InputError{Field: "ranked", Msg: fmt.Sprintf("%s round %d: %v", r.Contest, r.Number, err)}
	}
	sortReasons(&counts)
	sr := SectionResult{Office: s.Office, Kind: s.Kind, Seats: s.Seats, MaxFor: s.MaxFor, Ballots: counts,
		Elected: append([]string{}, rc.Winners...), Ranked: rc}
	first := map[string]string{}
	rounds := rc.Rounds
	if len(rc.Passes) > 0 {
		rounds = rc.Passes[0].Rounds
	}
	if len(rounds) > 0 {
		for _, v := range rounds[0].Votes {
			first[v.Name] = v.Votes
		}
	}
	for _, name := range s.Candidates {
		c := CandidateResult{Name: name, Status: StatusNotElected}
		if n, err := strconv.ParseFloat(first[name], 64); err == nil {
			c.For = int(n)
			c.Votes = c.For
		}
		if slices.Contains(rc.Winners, name) {
			c.Status = StatusElected
		}
		sr.Candidates = append(sr.Candidates, c)
	}
	if rc.Pending == nil {
		sr.Open = max(0, s.Seats-len(rc.Winners))
	}
	res.Sections = append(res.Sections, sr)
	if i == 0 {
		// The paper's own figures, from the first section.
		res.Ballots = BallotCounts{Cast: counts.Cast, Valid: counts.Valid, Blank: counts.Blank, Invalid: counts.Invalid, ByReason: counts.ByReason}
	}
	return nil
}

// TabulateRanked counts a one-office ranked election straight from its
// rankings (a BLT file), without ballot records: the same result as
// Tabulate, for files too large to hold one record per ballot.
func TabulateRanked(e *Election, in *RankedInput) ([]*Result, error) {
	if e.Ballot != BallotRanked || len(e.Contests()) != 1 {
		return nil, fmt.Errorf("TabulateRanked counts a ranked election of one office")
	}
	p := NewPlan(e)
	r := p.Next()
	if len(r.Sections) != 1 {
		return nil, fmt.Errorf("TabulateRanked counts one office at a time")
	}
	var cast int64
	counts := BallotCounts{}
	for _, b := range in.Ballots {
		cast += b.Count
		if !hasMark(b.Ranks) {
			counts.Blank += int(b.Count)
		}
	}
	counts.Cast, counts.Valid = int(cast), int(cast)
	res := e.openRound(r, int(cast))
	if !res.Void {
		if err := e.countRankedSection(r, 0, in, counts, res); err != nil {
			return nil, err
		}
	}
	p.held[r.Contest] = r.Number
	p.advance(r, res)
	p.results = append(p.results, res)
	return p.Results(), nil
}
