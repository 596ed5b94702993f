package count

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Preset names a family of rules. Every setting a preset fixes can be
// overridden one by one.
type Preset int

// The presets. The zero value means "not chosen".
const (
	PresetNone Preset = iota
	PresetParty
	PresetVillage
	PresetCongress
	PresetPlurality
)

var presetNames = []string{"", "party", "village", "congress", "plurality"}

func (p Preset) String() string { return nameOf(presetNames, int(p)) }

// MarshalText writes the preset's name.
func (p Preset) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// ParsePreset reads a preset name.
func ParsePreset(s string) (Preset, error) {
	for i, n := range presetNames {
		if i > 0 && n == strings.TrimSpace(s) {
			return Preset(i), nil
		}
	}
	return PresetNone, fmt.Errorf("unknown preset %q: expected one of party, village, congress, plurality", s)
}

// QuorumBasis says which figures decide whether the election stands.
type QuorumBasis int

// The quorum bases. QuorumNone means the vote always stands.
const (
	QuorumNone QuorumBasis = iota
	// QuorumEntitled compares entitled members present with those entitled (party).
	QuorumEntitled
	// QuorumRegistered compares those who voted with those registered (village, congress).
	QuorumRegistered
)

// AccountRule says how the ballot account is checked.
type AccountRule int

// The ballot-account checks. AccountNone checks nothing.
const (
	AccountNone AccountRule = iota
	// AccountIssued: ballots returned must not exceed ballots issued (party).
	AccountIssued
	// AccountVoted: ballots cast must not exceed the number who voted (village, congress).
	AccountVoted
	// AccountBoth applies both checks.
	AccountBoth
)

// Base is the figure a threshold is a fraction of.
type Base int

// The threshold bases. BaseNone means there is no threshold (plurality).
const (
	BaseNone Base = iota
	// BasePresent is the number of entitled members present (party).
	BasePresent
	// BaseVoted is the number who voted (village, congress).
	BaseVoted
	// BaseCast is the number of ballots cast in the round, valid or not.
	BaseCast
	// BaseValid is the number of valid ballots for the office.
	BaseValid
)

// UnderRule says what follows when fewer candidates pass than there are seats.
type UnderRule int

// What follows an under-election.
const (
	UnderNone UnderRule = iota
	// UnderExtraRound holds an extra round (另行选举) for the open seats.
	UnderExtraRound
	// UnderStop leaves the open seats to the meeting's decision.
	UnderStop
)

// ExtraRule says how an extra round is decided.
type ExtraRule int

// How an extra round is decided.
const (
	ExtraNone ExtraRule = iota
	// ExtraSameThreshold applies the first round's threshold again (party).
	ExtraSameThreshold
	// ExtraFloor elects by most votes, each needing the floor (village, congress).
	ExtraFloor
)

// CutoffTie says what a tie at a candidate cut-off (extra-round candidates,
// narrowing) leads to.
type CutoffTie int

// Cut-off tie handling.
const (
	CutoffNone CutoffTie = iota
	// CutoffRevote holds a re-vote among the tied.
	CutoffRevote
	// CutoffIncludeAll lets every tied candidate through.
	CutoffIncludeAll
)

// WriteInRule says which write-ins count.
type WriteInRule int

// Write-in rules.
const (
	WriteInNone WriteInRule = iota
	// WriteInAllowed counts every write-in.
	WriteInAllowed
	// WriteInReplaceAgainst counts a write-in only in place of a candidate
	// voted against (party).
	WriteInReplaceAgainst
	// WriteInRefused ignores every write-in.
	WriteInRefused
)

// CarryOver says who moves from one office's rounds to the next office's.
type CarryOver int

// Cascade carry-over rules.
const (
	CarryNone CarryOver = iota
	// CarryLosers adds the earlier offices' candidates not elected; with
	// CarryNone each office stands on its own list.
	CarryLosers
)

// Settings are every rule a count depends on. PresetSettings gives a
// preset's values; an election file may override any of them by key.
type Settings struct {
	QuorumBasis      QuorumBasis
	QuorumFraction   Ratio
	QuorumCompare    Compare
	Account          AccountRule
	ThresholdBase    Base
	ThresholdFrac    Ratio
	ThresholdCompare Compare
	UnderElection    UnderRule
	ExtraMargin      Ratio
	ExtraRule        ExtraRule
	ExtraFloor       Ratio
	ExtraFloorBase   Base
	ExtraOneSeatTwo  bool
	ExtraWriteIns    bool
	ExtraQuorum      bool
	MaxExtraRounds   int
	CutoffTie        CutoffTie
	WriteIns         WriteInRule
	WriteInUnmarked  bool
	TwoOfficesVoid   bool
	CarryOver        CarryOver
	ProxyLimit       int
}

// PresetSettings returns the settings of a preset, as rules.md gives them.
func PresetSettings(p Preset) Settings {
	s := Settings{
		QuorumBasis:      QuorumRegistered,
		QuorumFraction:   Ratio{1, 2},
		QuorumCompare:    MoreThan,
		Account:          AccountVoted,
		ThresholdBase:    BaseVoted,
		ThresholdFrac:    Ratio{1, 2},
		ThresholdCompare: MoreThan,
		UnderElection:    UnderExtraRound,
		ExtraMargin:      Ratio{1, 3},
		ExtraRule:        ExtraFloor,
		ExtraFloor:       Ratio{1, 3},
		ExtraFloorBase:   BaseCast,
		MaxExtraRounds:   1,
		CutoffTie:        CutoffRevote,
		WriteIns:         WriteInAllowed,
		WriteInUnmarked:  true,
		ProxyLimit:       3,
	}
	switch p {
	case PresetParty:
		s.QuorumBasis = QuorumEntitled
		s.QuorumFraction = Ratio{4, 5}
		s.Account = AccountIssued
		s.ThresholdBase = BasePresent
		s.ExtraMargin = Ratio{20, 100}
		s.ExtraRule = ExtraSameThreshold
		s.ExtraQuorum = true
		s.WriteIns = WriteInReplaceAgainst
		s.ProxyLimit = 0
		// 三轮选: the losers of earlier offices may stand for later ones.
		s.CarryOver = CarryLosers
	case PresetVillage:
		s.ExtraWriteIns = true
	case PresetCongress:
		s.ExtraOneSeatTwo = true
	case PresetPlurality:
		s.QuorumBasis = QuorumNone
		s.Account = AccountNone
		s.ThresholdBase = BaseNone
		s.UnderElection = UnderStop
		s.ExtraRule = ExtraFloor
		s.ExtraFloor = Ratio{0, 1}
		s.ProxyLimit = -1
	}
	return s
}

// A setting is one key of the [settings] table: how to read it, write it,
// and whether rules.md marks it as inferred rather than sourced.
type setting struct {
	key      string
	inferred bool
	// inferredIn, when set, limits inferred to these presets.
	inferredIn []Preset
	choices    []string
	get        func(*Settings) string
	set        func(*Settings, string) error
}

func enumSetting[T ~int](key string, field func(*Settings) *T, names ...string) setting {
	return enumFrom(key, field, 1, names)
}

// offSetting is an enumSetting whose zero value is a real choice, "none":
// no quorum, no ballot account, no threshold, no carry-over.
func offSetting[T ~int](key string, field func(*Settings) *T, names ...string) setting {
	return enumFrom(key, field, 0, names)
}

func enumFrom[T ~int](key string, field func(*Settings) *T, first int, names []string) setting {
	return setting{
		key:     key,
		choices: names[first:],
		get:     func(s *Settings) string { return names[*field(s)] },
		set: func(s *Settings, v string) error {
			for i, n := range names {
				if i >= first && n == v {
					*field(s) = T(i)
					return nil
				}
			}
			return fmt.Errorf("expected one of %s", strings.Join(names[first:], ", "))
		},
	}
}

func ratioSetting(key string, field func(*Settings) *Ratio) setting {
	return setting{
		key: key,
		get: func(s *Settings) string { return field(s).String() },
		set: func(s *Settings, v string) error {
			r, err := ParseRatio(v)
			if err != nil {
				return err
			}
			*field(s) = r
			return nil
		},
	}
}

func boolSetting(key string, field func(*Settings) *bool) setting {
	return setting{
		key:     key,
		choices: []string{"true", "false"},
		get:     func(s *Settings) string { return strconv.FormatBool(*field(s)) },
		set: func(s *Settings, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("expected true or false")
			}
			*field(s) = b
			return nil
		},
	}
}

func intSetting(key string, min int, field func(*Settings) *int) setting {
	return setting{
		key: key,
		get: func(s *Settings) string { return strconv.Itoa(*field(s)) },
		set: func(s *Settings, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < min {
				return fmt.Errorf("expected a whole number from %d up", min)
			}
			*field(s) = n
			return nil
		},
	}
}

func inferred(s setting) setting { s.inferred = true; return s }

// inferredIn marks a setting inferred only under some presets: rules.md
// sources the extra round's margin for party and congress, not village.
func inferredIn(s setting, presets ...Preset) setting {
	s.inferred, s.inferredIn = true, presets
	return s
}

var compareNames = []string{"none", "more-than", "at-least"}
var baseNames = []string{"none", "present", "voted", "cast", "valid"}

var settingTable = []setting{
	offSetting("quorum", func(s *Settings) *QuorumBasis { return &s.QuorumBasis }, "none", "entitled", "registered"),
	ratioSetting("quorum_fraction", func(s *Settings) *Ratio { return &s.QuorumFraction }),
	enumSetting("quorum_compare", func(s *Settings) *Compare { return &s.QuorumCompare }, compareNames...),
	offSetting("account", func(s *Settings) *AccountRule { return &s.Account }, "none", "issued", "voted", "both"),
	offSetting("threshold_base", func(s *Settings) *Base { return &s.ThresholdBase }, baseNames...),
	ratioSetting("threshold_fraction", func(s *Settings) *Ratio { return &s.ThresholdFrac }),
	enumSetting("threshold_compare", func(s *Settings) *Compare { return &s.ThresholdCompare }, compareNames...),
	enumSetting("under_election", func(s *Settings) *UnderRule { return &s.UnderElection }, "none", "extra-round", "stop"),
	inferredIn(ratioSetting("extra_margin", func(s *Settings) *Ratio { return &s.ExtraMargin }), PresetVillage, PresetPlurality),
	enumSetting("extra_rule", func(s *Settings) *ExtraRule { return &s.ExtraRule }, "none", "same-threshold", "floor"),
	ratioSetting("extra_floor", func(s *Settings) *Ratio { return &s.ExtraFloor }),
	enumSetting("extra_floor_base", func(s *Settings) *Base { return &s.ExtraFloorBase }, baseNames...),
	boolSetting("extra_one_seat_two", func(s *Settings) *bool { return &s.ExtraOneSeatTwo }),
	inferred(boolSetting("extra_write_ins", func(s *Settings) *bool { return &s.ExtraWriteIns })),
	inferred(boolSetting("extra_quorum", func(s *Settings) *bool { return &s.ExtraQuorum })),
	inferred(intSetting("max_extra_rounds", 0, func(s *Settings) *int { return &s.MaxExtraRounds })),
	inferred(enumSetting("cutoff_tie", func(s *Settings) *CutoffTie { return &s.CutoffTie }, "none", "revote", "include-all")),
	enumSetting("write_ins", func(s *Settings) *WriteInRule { return &s.WriteIns }, "none", "allowed", "replace-against", "refused"),
	boolSetting("write_in_unmarked_for", func(s *Settings) *bool { return &s.WriteInUnmarked }),
	boolSetting("two_offices_void", func(s *Settings) *bool { return &s.TwoOfficesVoid }),
	inferred(offSetting("carry_over", func(s *Settings) *CarryOver { return &s.CarryOver }, "none", "losers")),
	intSetting("proxy_limit", -1, func(s *Settings) *int { return &s.ProxyLimit }),
}

func findSetting(key string) (setting, bool) {
	for _, st := range settingTable {
		if st.key == key {
			return st, true
		}
	}
	return setting{}, false
}

func settingIndex(key string) int {
	for i, st := range settingTable {
		if st.key == key {
			return i
		}
	}
	return len(settingTable)
}

// SettingKeys lists every setting key in a stable order.
func SettingKeys() []string {
	keys := make([]string, len(settingTable))
	for i, st := range settingTable {
		keys[i] = st.key
	}
	return keys
}

// SettingChoices lists the values a setting accepts, or nil when it takes a
// number or a fraction.
func SettingChoices(key string) []string {
	st, _ := findSetting(key)
	return st.choices
}

// SettingInferred reports whether rules.md marks the setting as inferred
// under any preset: no primary text fixes it, so the default is ours.
func SettingInferred(key string) bool {
	st, _ := findSetting(key)
	return st.inferred
}

// SettingInferredFor reports whether the setting is inferred under preset
// p, as a result states it.
func SettingInferredFor(p Preset, key string) bool {
	st, _ := findSetting(key)
	return st.inferred && (st.inferredIn == nil || slices.Contains(st.inferredIn, p))
}

// Set changes one setting by its key. The error says what was expected.
func (s *Settings) Set(key, value string) error {
	st, ok := findSetting(key)
	if !ok {
		return fmt.Errorf("unknown setting %q%s", key, suggest(key, SettingKeys()))
	}
	if err := st.set(s, strings.TrimSpace(value)); err != nil {
		return fmt.Errorf("setting %s = %q: %w", key, value, err)
	}
	return nil
}

// Get returns one setting's value as it would be written in an election file.
func (s *Settings) Get(key string) string {
	st, ok := findSetting(key)
	if !ok {
		return ""
	}
	return st.get(s)
}

// suggest offers the closest known key to a typo.
func suggest(got string, known []string) string {
	best, ok := Closest(got, known)
	if !ok {
		sorted := append([]string(nil), known...)
		sort.Strings(sorted)
		return "; known: " + strings.Join(sorted, ", ")
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// Closest returns the known word nearest to got, if one is near enough to
// be a typo of it.
func Closest(got string, known []string) (string, bool) {
	// A short name is one or two edits from many others ("丙" from "甲"):
	// suggest only what is plausibly the same word mistyped.
	limit := 3
	switch n := len([]rune(got)); {
	case n <= 3:
		limit = 1
	case n <= 6:
		limit = 2
	}
	best, bestD := "", limit+1
	for _, k := range known {
		if len([]rune(k)) <= 1 && len([]rune(got)) <= 1 {
			continue
		}
		if d := editDistance(got, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best, best != ""
}

// Suggest returns " (did you mean "x"?)" for the closest of known to got, or
// the list of known words when none is close. Callers use it to word errors.
func Suggest(got string, known []string) string { return suggest(got, known) }

// editDistance counts the edits between a and b, a swap of two adjacent
// letters ("fro" for "for") being one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
