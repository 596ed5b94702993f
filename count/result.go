package count

// Verdict is the outcome of a check that decides whether a round stands.
type Verdict int

// Verdicts. VerdictNone means the check does not apply to this round.
const (
	VerdictNone Verdict = iota
	VerdictPass
	VerdictFail
	// VerdictUnchecked: the check applies but a figure it needs was not given.
	VerdictUnchecked
)

var verdictNames = []string{"none", "pass", "fail", "unchecked"}

func (v Verdict) String() string { return nameOf(verdictNames, int(v)) }

// MarshalText writes the verdict's code.
func (v Verdict) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// Check is one test of a round's figures: for a quorum, Value compared with
// Fraction of Of (present > 4/5 of entitled); for a ballot account, Value
// may not exceed Of (returned ≤ issued).
type Check struct {
	// Rule is the check's code: quorum-entitled, quorum-registered,
	// account-issued, account-voted.
	Rule     string  `json:"rule"`
	Verdict  Verdict `json:"verdict"`
	Value    int     `json:"value"`
	Of       int     `json:"of"`
	Fraction Ratio   `json:"fraction,omitzero"`
	Compare  Compare `json:"compare,omitempty"`
	// Missing names the figure that was not given when Verdict is unchecked.
	Missing string `json:"missing,omitempty"`
}

// MarshalText writes the comparison's code.
func (c Compare) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// ReasonCount is how many ballots were invalid for one reason.
type ReasonCount struct {
	Reason Reason `json:"reason"`
	Count  int    `json:"count"`
}

// BallotCounts break down the ballots of a round or of one office's section.
type BallotCounts struct {
	Cast    int `json:"cast"`
	Valid   int `json:"valid"`
	Blank   int `json:"blank"`
	Invalid int `json:"invalid"`
	// Partly counts papers with one office's section invalid while another
	// stands (these are also in Valid).
	Partly   int           `json:"partly_invalid,omitempty"`
	ByReason []ReasonCount `json:"invalid_by_reason,omitempty"`
}

func (b *BallotCounts) addInvalid(r Reason) {
	b.Invalid++
	for i := range b.ByReason {
		if b.ByReason[i].Reason == r {
			b.ByReason[i].Count++
			return
		}
	}
	b.ByReason = append(b.ByReason, ReasonCount{r, 1})
}

// Threshold is what a candidate needs: Need votes, the least whole number
// that is Compare Fraction of Base's value.
type Threshold struct {
	Base      Base    `json:"base"`
	BaseValue int     `json:"base_value"`
	Fraction  Ratio   `json:"fraction"`
	Compare   Compare `json:"compare"`
	Need      int     `json:"need"`
}

// MarshalText writes the base's code.
func (b Base) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

func (b Base) String() string { return nameOf(baseNames, int(b)) }

// Status is where a candidate stands after a round.
type Status int

// Candidate statuses. StatusNone means not decided (a void round).
const (
	StatusNone Status = iota
	StatusElected
	StatusNotElected
	// StatusTied: tied at the last seat or place; a re-vote decides.
	StatusTied
	// StatusKept: kept on a narrowed list, or through a cut-off re-vote.
	StatusKept
	StatusNotKept
	// StatusHigherOffice: elected to a higher office on the same paper.
	StatusHigherOffice
)

var statusNames = []string{"none", "elected", "not-elected", "tied", "kept", "not-kept", "higher-office"}

func (s Status) String() string { return nameOf(statusNames, int(s)) }

// MarshalText writes the status code.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Why says which rule put a candidate where it stands.
type Why int

// Reasons for a candidate's status.
const (
	WhyNone Why = iota
	// WhyPassed: met the threshold, and within the seats.
	WhyPassed
	// WhyMostVotes: among the most votes where no threshold applies.
	WhyMostVotes
	// WhyAtLimit: exactly at the limit of a "more than" threshold (exactly half).
	WhyAtLimit
	// WhyBelowThreshold: fewer votes than the threshold needs.
	WhyBelowThreshold
	// WhyOutsideSeats: met the threshold, but more did than there are seats
	// and others had more votes.
	WhyOutsideSeats
	// WhyTiedAtCutoff: equal votes straddle the last seat or place.
	WhyTiedAtCutoff
	// WhyBelowFloor: most votes in an extra round but under the floor.
	WhyBelowFloor
	// WhyFewerVotes: others had more votes for the seats or places.
	WhyFewerVotes
	// WhyNoVotes: no votes at all.
	WhyNoVotes
	// WhyHigherOffice: elected to a higher office, so leaves this one.
	WhyHigherOffice
	// WhyMetFloor: most votes in an extra round, and at least the floor.
	WhyMetFloor
)

var whyNames = []string{"", "passed", "most-votes", "at-limit", "below-threshold", "outside-seats",
	"tied-at-cutoff", "below-floor", "fewer-votes", "no-votes", "higher-office", "met-floor"}

func (w Why) String() string { return nameOf(whyNames, int(w)) }

// MarshalText writes the reason's code.
func (w Why) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// CandidateResult is one person's figures in one office's section.
type CandidateResult struct {
	Name    string `json:"name"`
	WriteIn bool   `json:"write_in,omitempty"`
	Carried bool   `json:"carried_over,omitempty"`
	// Higher: on a combined paper, listed for a higher office, not this one;
	// For is what this column gave them, Votes their combined total.
	Higher  bool `json:"from_higher_office,omitempty"`
	For     int  `json:"for"`
	Against int  `json:"against"`
	Abstain int  `json:"abstain"`
	// Votes decide: the for-votes, or on a combined paper the total of this
	// and the higher offices' columns.
	Votes int `json:"votes"`
	// Score is the weighted recommendation score as an exact fraction
	// ("37/60"), and ScoreText the same to six decimal places.
	Score     string `json:"score,omitempty"`
	ScoreText string `json:"score_text,omitempty"`
	Status    Status `json:"status"`
	Why       Why    `json:"why"`
}

// SectionResult is the outcome of one office's section of a round.
type SectionResult struct {
	Office   string    `json:"office"`
	Kind     RoundKind `json:"kind"`
	Seats    int       `json:"seats"`
	Stage    int       `json:"stage,omitempty"`
	Margin   Ratio     `json:"margin,omitzero"`
	Extra    int       `json:"extra,omitempty"`
	MaxFor   int       `json:"max_for"`
	Combined bool      `json:"combined,omitempty"`
	// Candidates in order of the votes that decide, then list order.
	Candidates []CandidateResult `json:"candidates"`
	Threshold  *Threshold        `json:"threshold,omitempty"`
	Floor      *Threshold        `json:"floor,omitempty"`
	Ballots    BallotCounts      `json:"ballots"`
	// Elected (or kept) in order; Tied go to a re-vote for TieSeats.
	Elected  []string `json:"elected"`
	Tied     []string `json:"tied,omitempty"`
	TieSeats int      `json:"tie_seats,omitempty"`
	// Open is how many of the office's seats remain unfilled after this round.
	Open int `json:"open"`
	// IgnoredWriteIns counts write-ins not counted under the write-in rule.
	IgnoredWriteIns int `json:"ignored_write_ins,omitempty"`
	// WaitingFor: on a combined paper, a higher office's tie must be
	// settled before this office can be decided (from these same ballots).
	WaitingFor string `json:"waiting_for,omitempty"`
	// DecidedFrom: this office was decided after a higher office's tie
	// re-vote, from the ballots of the round given.
	DecidedFrom int `json:"decided_from_round,omitempty"`
	// Ranked is a ranked count's full record, round by round.
	Ranked *RankedCount `json:"ranked,omitempty"`
}

// RuleUse is one setting that the round's count consulted.
type RuleUse struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	// Overridden: the election file changed the preset's value.
	Overridden bool `json:"overridden,omitempty"`
	// Inferred: no primary text fixes this rule; the value is a setting.
	Inferred bool `json:"inferred,omitempty"`
}

// Note is something the people at the table should know about a round
// that does not change its outcome, said by code with its figures.
type Note struct {
	// Code: returned-mismatch (figure Want, ballots keyed Got),
	// quorum-unchecked and account-unchecked (Figure missing),
	// write-ins-ignored (Got write-ins in Office).
	Code   string `json:"code"`
	Office string `json:"office,omitempty"`
	Figure string `json:"figure,omitempty"`
	Want   int    `json:"want,omitempty"`
	Got    int    `json:"got,omitempty"`
}

// StepKind says what the count does next.
type StepKind int

// Next steps. StepNone means not decided.
const (
	StepNone StepKind = iota
	// StepDone: every office is decided.
	StepDone
	// StepRerun: the round is void and is held again.
	StepRerun
	StepTieRevote
	StepExtraRound
	StepCutoffRevote
	// StepNextStage: the next recommendation round.
	StepNextStage
	// StepVote: the narrowed list goes to the vote.
	StepVote
	// StepNextOffice: the next office of a cascade.
	StepNextOffice
	// StepMixed: the next round holds different kinds of vote for
	// different offices on one paper.
	StepMixed
	// StepLots: a ranked count stopped at a tie that needs a lot drawn at
	// the table; key it in ([[ranked.lots]]) and count again.
	StepLots
)

var stepNames = []string{"none", "done", "rerun", "tie-revote", "extra-round", "cutoff-revote", "next-stage", "vote", "next-office", "mixed", "lots"}

func (s StepKind) String() string { return nameOf(stepNames, int(s)) }

// MarshalText writes the step's code.
func (s StepKind) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Vacancy is an office's seats left open for good by a round.
type Vacancy struct {
	Office string `json:"office"`
	Seats  int    `json:"seats"`
	// Reason: meeting (under_election = stop leaves them to the meeting's
	// decision), extra-rounds-used (max_extra_rounds held), no-candidates
	// (nobody is left to stand in an extra round).
	Reason string `json:"reason"`
}

// NextStep is what follows a round.
type NextStep struct {
	Kind StepKind `json:"kind"`
	// Round is the next round to vote on, with its candidates; nil when done.
	Round     *Round    `json:"round,omitempty"`
	Vacancies []Vacancy `json:"vacancies,omitempty"`
}

// Result is the count of one round, with everything that decided it.
type Result struct {
	Election string     `json:"election"`
	Contest  string     `json:"contest"`
	Round    int        `json:"round"`
	Kind     RoundKind  `json:"kind"`
	Rerun    bool       `json:"rerun,omitempty"`
	Preset   Preset     `json:"preset"`
	Ballot   BallotKind `json:"ballot"`
	// Rules are the settings consulted, in the order they were.
	Rules   []RuleUse `json:"rules"`
	Figures Figures   `json:"figures"`
	Quorum  Check     `json:"quorum"`
	Account []Check   `json:"account"`
	// Void: the round does not stand (quorum or ballot account failed); no
	// tallies decide anything and it is held again.
	Void     bool            `json:"void"`
	Ballots  BallotCounts    `json:"ballots"`
	Sections []SectionResult `json:"sections"`
	Next     NextStep        `json:"next"`
	Notes    []Note          `json:"notes,omitempty"`
}

// Elected returns every name elected in the round, office by office.
func (r *Result) Elected() map[string][]string {
	out := map[string][]string{}
	for _, s := range r.Sections {
		if s.Kind != RoundRecommend && s.Kind != RoundCutoffRevote {
			out[s.Office] = append(out[s.Office], s.Elected...)
		}
	}
	return out
}
