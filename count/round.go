package count

// RoundKind says what a round of voting is for.
type RoundKind int

// Round kinds. The zero value means "unknown".
const (
	RoundNone RoundKind = iota
	// RoundFirst is an office's first vote (after any narrowing).
	RoundFirst
	// RoundRerun repeats a round that was void (no quorum, or a ballot
	// account that does not balance).
	RoundRerun
	// RoundTieRevote is held among candidates tied at the last seat.
	RoundTieRevote
	// RoundExtra is an extra round (另行选举) for seats left open.
	RoundExtra
	// RoundRecommend is a recommendation vote that narrows a list.
	RoundRecommend
	// RoundCutoffRevote is held among candidates tied at a list's cut-off
	// (the last place of a narrowed list or of an extra round's candidates).
	RoundCutoffRevote
)

var roundKindNames = []string{"", "first", "rerun", "tie-revote", "extra", "recommend", "cutoff-revote"}

func (k RoundKind) String() string { return nameOf(roundKindNames, int(k)) }

// MarshalText writes the kind's code.
func (k RoundKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Round is one vote of one contest: what is on the paper, for how many
// seats, and the figures that decide whether it stands.
type Round struct {
	Contest  string    `json:"contest"`
	Number   int       `json:"round"`
	Sections []Section `json:"sections"`
	// Combined: the sections are counted together (chair votes count for
	// deputy and member), as on a combined village paper.
	Combined bool `json:"combined,omitempty"`
	// Rerun: this round repeats a void one, under the same rules.
	Rerun   bool    `json:"rerun,omitempty"`
	Figures Figures `json:"figures"`
}

// Kind is the kind of the round's first section; the sections of one round
// may differ (one office re-votes a tie while another holds an extra round).
func (r *Round) Kind() RoundKind {
	if len(r.Sections) == 0 {
		return RoundNone
	}
	return r.Sections[0].Kind
}

// Section is one office's part of a round's paper.
type Section struct {
	Office string    `json:"office"`
	Kind   RoundKind `json:"kind"`
	// Seats to fill in this round, or for a recommendation or cut-off
	// re-vote, places on the list to fill.
	Seats      int      `json:"seats"`
	Candidates []string `json:"candidates"`
	// CarriedOver are candidates added from earlier offices' rounds.
	CarriedOver []string `json:"carried_over,omitempty"`
	// MaxFor is the most "for" names a valid ballot may carry.
	MaxFor int `json:"max_for"`
	// Stage is the recommendation stage (1, 2, …) or 0.
	Stage int `json:"stage,omitempty"`
	// Margin is the 差额 margin that set the extra round's list, if any.
	Margin Ratio `json:"margin,omitzero"`
	// Extra counts extra rounds held for the office, this one included.
	Extra int `json:"extra,omitempty"`
	// ListSize is how many candidates the rule asked for (an extra round's
	// open + ceil(open × margin), or two for one seat; a narrowing stage's
	// places); fewer stand when fewer were left.
	ListSize int `json:"list_size,omitempty"`
	// OneSeatTwo: the list was fixed at two for one seat (extra_one_seat_two).
	OneSeatTwo bool `json:"one_seat_two,omitempty"`
	// Dropped: listed candidates left off because an earlier office
	// elected them.
	Dropped []string `json:"dropped,omitempty"`
	// SkippedStages: narrowing stages not held because the list was
	// already no longer than they would keep.
	SkippedStages []int `json:"skipped_stages,omitempty"`
}
