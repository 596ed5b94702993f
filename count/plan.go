package count

import (
	"fmt"
	"slices"
)

// officeState is where one office stands between rounds.
type officeState struct {
	office  *Office
	elected []string
	// list is the office's list for its vote: listed, carried over, narrowed.
	list    []string
	carried []string
	stage   int
	// firstRank is the first vote's ranking, best first, for an extra
	// round's list.
	firstRank []CandidateResult
	extras    int
	done      bool
	pending   *Section
	// sure and then: names already through a cut-off, and what the list
	// leads to once a cut-off re-vote has settled it.
	sure []string
	then func(through []string) *Section
	// dropped: listed but elected to an earlier office; skipped: narrowing
	// stages not held.
	dropped []string
	skipped []int
	// waiting: a combined paper's section that waits for a higher
	// office's tie re-vote, with the round it was counted in.
	waiting      *SectionResult
	waitingRound int
}

func (st *officeState) open() int { return st.office.Seats - len(st.elected) }

// Plan sequences an election's rounds: it knows which round comes next and
// with which candidates, from the results of the rounds before. It is a
// pure function of the results it is given.
type Plan struct {
	e        *Election
	contests []Contest
	ci       int
	offices  []*officeState
	held     map[string]int
	rerun    bool
	// stood is everyone on a list of a finished contest, in order, for the
	// cascade's carry-over.
	stood   []string
	elected map[string]bool
	results []*Result
	// figures, when set, are the next round's figures as entered at the
	// table, over the election file's.
	figures *Figures
}

// SetFigures gives the next round its figures as entered at the table
// (present, voted, issued, returned…), over the election file's.
func (p *Plan) SetFigures(f Figures) { p.figures = &f }

// NewPlan starts an election's plan at its first contest's first round.
func NewPlan(e *Election) *Plan {
	p := &Plan{e: e, contests: e.Contests(), held: map[string]int{}, elected: map[string]bool{}}
	for i := range e.Offices {
		p.offices = append(p.offices, &officeState{office: &e.Offices[i]})
	}
	if len(p.contests) > 0 {
		p.startContest()
	}
	return p
}

// Results returns the results counted so far, in order.
func (p *Plan) Results() []*Result { return p.results }

// Next returns the next round to vote on, or nil when the election is decided.
func (p *Plan) Next() *Round {
	if p.ci >= len(p.contests) {
		return nil
	}
	c := p.contests[p.ci]
	r := &Round{Contest: c.Name, Number: p.held[c.Name] + 1, Rerun: p.rerun}
	first := true
	for _, oi := range c.Offices {
		st := p.offices[oi]
		if st.done || st.pending == nil {
			continue
		}
		r.Sections = append(r.Sections, *st.pending)
		first = first && st.pending.Kind == RoundFirst
	}
	r.Combined = c.Combined && first
	r.Figures = p.e.FiguresFor(c.Name, r.Number)
	if p.figures != nil {
		r.Figures = *p.figures
	}
	return r
}

// Count counts the next round's ballots, records the result and says in
// Result.Next what follows.
func (p *Plan) Count(ballots []Ballot) (*Result, error) {
	r := p.Next()
	if r == nil {
		return nil, fmt.Errorf("the election is decided: no round follows")
	}
	res, err := p.e.CountRound(r, ballots)
	if err != nil {
		return nil, err
	}
	p.held[r.Contest] = r.Number
	p.figures = nil
	p.advance(r, res)
	p.results = append(p.results, res)
	return res, nil
}

func (p *Plan) startContest() {
	c := p.contests[p.ci]
	set := p.e.Settings
	for _, oi := range c.Offices {
		st := p.offices[oi]
		o := st.office
		for _, n := range o.Candidates {
			if p.elected[n] {
				st.dropped = append(st.dropped, n)
			} else {
				st.list = append(st.list, n)
			}
		}
		if p.ci > 0 && set.CarryOver == CarryLosers {
			for _, n := range p.stood {
				if !p.elected[n] && !slices.Contains(st.list, n) {
					st.list = append(st.list, n)
					st.carried = append(st.carried, n)
				}
			}
		}
		if len(o.Narrow) > 0 {
			st.pending = p.stageSection(st)
		} else {
			st.pending = p.voteSection(st, st.list)
		}
		if st.pending == nil {
			st.pending = p.voteSection(st, st.list)
		}
	}
}

func (p *Plan) maxFor(o *Office, seats int) int {
	if p.e.Ballot == BallotChoice && o.MaxChoices > 0 {
		return o.MaxChoices
	}
	return seats
}

func (p *Plan) voteSection(st *officeState, list []string) *Section {
	st.list = list
	var carried []string
	for _, n := range st.carried {
		if slices.Contains(list, n) {
			carried = append(carried, n)
		}
	}
	return &Section{Office: st.office.Name, Kind: RoundFirst, Seats: st.office.Seats,
		Candidates: list, CarriedOver: carried, MaxFor: p.maxFor(st.office, st.office.Seats),
		Dropped: st.dropped, SkippedStages: st.skipped}
}

// stageSection returns the next recommendation round, skipping stages that
// would keep everyone; nil when no stage is left.
func (p *Plan) stageSection(st *officeState) *Section {
	o := st.office
	for st.stage < len(o.Narrow) {
		keep := o.Seats + o.Narrow[st.stage].CeilOf(o.Seats)
		st.stage++
		if len(st.list) > keep {
			return &Section{Office: o.Name, Kind: RoundRecommend, Seats: keep, Candidates: st.list,
				CarriedOver: st.carried, MaxFor: keep, Stage: st.stage, Margin: o.Narrow[st.stage-1],
				ListSize: keep, Dropped: st.dropped, SkippedStages: st.skipped}
		}
		st.skipped = append(st.skipped, st.stage)
	}
	return nil
}

// advance moves each office of the round on, and sets res.Next.
func (p *Plan) advance(r *Round, res *Result) {
	log := ruleLog{p.e, res}
	if res.Void {
		p.rerun = true
		res.Next = NextStep{Kind: StepRerun, Round: p.Next()}
		return
	}
	p.rerun = false
	// Everyone this round elected, before any office's next round is
	// planned: an extra round's list must not name a person the same
	// paper elected to another office.
	for _, sr := range res.Sections {
		if sr.Kind == RoundFirst || sr.Kind == RoundExtra || sr.Kind == RoundTieRevote {
			for _, n := range sr.Elected {
				p.elected[n] = true
			}
		}
	}
	for i := range res.Sections {
		sr := &res.Sections[i]
		st := p.offices[p.e.officeIndex(sr.Office)]
		st.pending = nil
		if sr.WaitingFor != "" {
			st.waiting, st.waitingRound = sr, r.Number
			continue
		}
		if sr.Ranked != nil {
			// A ranked count settles its own rounds, transfers and ties.
			p.afterRanked(st, sr, res)
			continue
		}
		switch sr.Kind {
		case RoundFirst, RoundExtra, RoundTieRevote:
			p.afterVote(st, sr, res, log)
		case RoundRecommend:
			p.afterList(st, sr, log, func(through []string) *Section {
				st.list = inOrder(st.list, through)
				if next := p.stageSection(st); next != nil {
					return next
				}
				return p.voteSection(st, st.list)
			})
		case RoundCutoffRevote:
			p.afterList(st, sr, log, st.then)
		}
	}

	p.decideWaiting(res, log)

	c := p.contests[p.ci]
	for _, oi := range c.Offices {
		st := p.offices[oi]
		if st.pending != nil && len(st.pending.Candidates) == 0 {
			// Nobody is left to stand (all elected elsewhere on the paper).
			res.Next.Vacancies = append(res.Next.Vacancies, Vacancy{Office: st.office.Name, Seats: st.pending.Seats, Reason: "no-candidates"})
			st.pending, st.done = nil, true
		}
	}
	finished := true
	for _, oi := range c.Offices {
		finished = finished && p.offices[oi].done
	}
	if !finished {
		res.Next.Round = p.Next()
		if res.Next.Round == nil || len(res.Next.Round.Sections) == 0 {
			// Only a ranked count waiting for a lot keeps an office open
			// with nothing to vote on.
			res.Next.Kind, res.Next.Round = StepLots, nil
			return
		}
		res.Next.Kind = stepOf(res.Next.Round)
		return
	}
	for _, oi := range c.Offices {
		st := p.offices[oi]
		for _, n := range st.list {
			if !slices.Contains(p.stood, n) {
				p.stood = append(p.stood, n)
			}
		}
	}
	p.ci++
	if p.ci >= len(p.contests) {
		res.Next.Kind = StepDone
		return
	}
	if p.e.Settings.CarryOver == CarryLosers {
		log.use("carry_over")
	}
	p.startContest()
	res.Next.Kind = StepNextOffice
	res.Next.Round = p.Next()
}

func stepOf(r *Round) StepKind {
	kinds := map[RoundKind]StepKind{RoundTieRevote: StepTieRevote, RoundExtra: StepExtraRound,
		RoundCutoffRevote: StepCutoffRevote, RoundRecommend: StepNextStage, RoundFirst: StepVote}
	k := r.Sections[0].Kind
	for _, s := range r.Sections[1:] {
		if s.Kind != k {
			return StepMixed
		}
	}
	return kinds[k]
}

// afterVote follows a vote that elects: a tie re-vote, an extra round, a
// vacancy, or the office is filled.
func (p *Plan) afterVote(st *officeState, sr *SectionResult, res *Result, log ruleLog) {
	set := p.e.Settings
	st.elected = append(st.elected, sr.Elected...)
	for _, n := range sr.Elected {
		p.elected[n] = true
	}
	if sr.Kind == RoundFirst {
		st.firstRank = append([]CandidateResult(nil), sr.Candidates...)
	}
	if len(sr.Tied) > 0 {
		st.pending = &Section{Office: sr.Office, Kind: RoundTieRevote, Seats: sr.TieSeats, Candidates: sr.Tied,
			MaxFor: sr.TieSeats, Extra: sr.Extra}
		return
	}
	open := st.open()
	sr.Open = open
	if open <= 0 {
		st.done = true
		return
	}
	log.use("under_election")
	vacate := func(reason string) {
		st.done = true
		res.Next.Vacancies = append(res.Next.Vacancies, Vacancy{Office: sr.Office, Seats: open, Reason: reason})
	}
	if set.UnderElection != UnderExtraRound {
		vacate("meeting")
		return
	}
	log.use("max_extra_rounds")
	if st.extras >= set.MaxExtraRounds {
		vacate("extra-rounds-used")
		return
	}
	extra := &Section{Office: sr.Office, Kind: RoundExtra, Seats: open, MaxFor: open,
		Margin: set.ExtraMargin, Extra: st.extras + 1}
	n := open + set.ExtraMargin.CeilOf(open)
	log.use("extra_margin")
	if open == 1 {
		log.use("extra_one_seat_two")
		if set.ExtraOneSeatTwo {
			n, extra.OneSeatTwo = 2, true
		}
	}
	extra.ListSize = n
	var pool []CandidateResult
	for _, c := range st.firstRank {
		if c.WriteIn {
			log.use("extra_write_ins")
			if !set.ExtraWriteIns {
				continue
			}
		}
		if !p.elected[c.Name] {
			pool = append(pool, c)
		}
	}
	if len(pool) == 0 {
		vacate("no-candidates")
		return
	}
	st.extras++
	order := names(pool)
	toExtra := func(through []string) *Section {
		// By the time a cut-off re-vote settles the list, another office
		// on the same paper may have elected one of those through.
		var standing []string
		for _, n := range inOrder(order, through) {
			if !p.elected[n] {
				standing = append(standing, n)
			}
		}
		extra.Candidates = standing
		return extra
	}
	if len(pool) <= n || pool[n-1].Votes != pool[n].Votes {
		st.pending = toExtra(order[:min(n, len(pool))])
		return
	}
	// Equal votes straddle the list's last place: a cut-off result as if a
	// list round had been held, so afterList settles it as it does for
	// narrowing.
	cut := pool[n-1].Votes
	list := &SectionResult{Office: sr.Office, Kind: RoundCutoffRevote}
	for _, c := range pool {
		switch {
		case c.Votes > cut:
			list.Elected = append(list.Elected, c.Name)
		case c.Votes == cut:
			list.Tied = append(list.Tied, c.Name)
		}
	}
	list.TieSeats = n - len(list.Elected)
	p.afterList(st, list, log, toExtra)
}

// afterList follows a round that fills places on a list (recommendation,
// cut-off re-vote): a cut-off re-vote among the tied, or what the list
// leads to.
func (p *Plan) afterList(st *officeState, sr *SectionResult, log ruleLog, then func([]string) *Section) {
	through := append(append([]string(nil), st.sure...), sr.Elected...)
	if len(sr.Tied) > 0 {
		log.use("cutoff_tie")
		if p.e.Settings.CutoffTie == CutoffRevote {
			st.sure, st.then = through, then
			st.pending = &Section{Office: sr.Office, Kind: RoundCutoffRevote, Seats: sr.TieSeats,
				Candidates: sr.Tied, MaxFor: sr.TieSeats}
			return
		}
		through = append(through, sr.Tied...)
	}
	st.sure, st.then = nil, nil
	st.pending = then(through)
}

// inOrder returns the names of order that are in some, in order's order.
func inOrder(order, some []string) []string {
	var out []string
	for _, n := range order {
		if slices.Contains(some, n) {
			out = append(out, n)
		}
	}
	return out
}

func names(cs []CandidateResult) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

// decideWaiting decides, from the ballots they were counted on, the
// sections of a combined paper that waited for a higher office's tie: once
// no higher office of the paper is tied, those elected above leave the
// count and the rest (the re-vote's loser among them) stand again.
func (p *Plan) decideWaiting(res *Result, log ruleLog) {
	c := p.contests[p.ci]
	for k, oi := range c.Offices {
		st := p.offices[oi]
		if st.waiting == nil {
			continue
		}
		tied := false
		for _, hi := range c.Offices[:k] {
			h := p.offices[hi]
			tied = tied || h.waiting != nil || h.pending != nil && h.pending.Kind == RoundTieRevote
		}
		if tied {
			return
		}
		sr := *st.waiting
		sr.Candidates = append([]CandidateResult(nil), st.waiting.Candidates...)
		sr.Elected, sr.Tied, sr.WaitingFor, sr.DecidedFrom = []string{}, nil, "", st.waitingRound
		taken := map[string]Why{}
		for n := range p.elected {
			taken[n] = WhyHigherOffice
		}
		decideHeldOut(&sr, taken)
		st.waiting = nil
		res.Sections = append(res.Sections, sr)
		p.afterVote(st, &res.Sections[len(res.Sections)-1], res, log)
	}
}

// afterRanked follows a ranked count: the office is decided, short of
// seats where the count elected fewer, or waits for a lot to be keyed in.
func (p *Plan) afterRanked(st *officeState, sr *SectionResult, res *Result) {
	st.elected = append(st.elected, sr.Elected...)
	if sr.Ranked.Pending != nil {
		return
	}
	st.done = true
	if open := st.open(); open > 0 {
		res.Next.Vacancies = append(res.Next.Vacancies, Vacancy{Office: sr.Office, Seats: open, Reason: "ranked-count"})
	}
}
