package count

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The conformance cases of ../shared/conformance/ranked: ballots, rules and
// the peers' round-by-round results (RCTab, Droop, stv-rs). Every case whose
// rule set is implemented is counted and compared: winners and every
// round's figures. The outcome of each case is kept in
// testdata/conformance/<rule>.txt; the test fails when an outcome changes,
// so a regression cannot pass unseen and a fix is recorded
// (go test ./count -run TestConformance -update-conformance).

var updateConformance = flag.Bool("update-conformance", false, "rewrite testdata/conformance/*.txt")

func conformanceDir() string {
	if d := os.Getenv("TALLY_CONFORMANCE"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "conformance", "ranked")
}

type confCase struct {
	ID         string          `json:"id"`
	Method     string          `json:"method"`
	Variant    string          `json:"variant"`
	Seats      int             `json:"seats"`
	Candidates []string        `json:"candidates"`
	Rules      map[string]any  `json:"rules"`
	Ballots    []confBallot    `json:"ballots"`
	Expected   json.RawMessage `json:"expected"`
	Derived    map[string]any  `json:"derived"`
	Stats      map[string]any  `json:"ballot_stats"`
	file       string
}

type confBallot struct {
	Ranks [][]string `json:"ranks"`
	Count int64      `json:"count"`
}

// family is rctab, droop or stvrs; rule is the rule-set group the outcome
// file is named after.
func (c *confCase) family() string { return strings.SplitN(c.ID, "-", 2)[0] }

func (c *confCase) rule() string {
	switch c.family() {
	case "rctab":
		return "rctab-" + str(c.Rules["winnerElectionMode"])
	case "stvrs":
		return "stvrs-meek"
	}
	return "droop-" + str(c.Rules["rule"])
}

func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

func strs(v any) []string {
	var out []string
	if l, ok := v.([]any); ok {
		for _, x := range l {
			out = append(out, str(x))
		}
	}
	return out
}

func atoi(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}

// input turns a case's ballots into a count's input: candidate names to
// indexes, the explicit overvote marker to OvervoteMark.
func (c *confCase) input() (*RankedInput, error) {
	in := &RankedInput{Candidates: c.Candidates}
	for _, b := range c.Ballots {
		r := Ranking{Count: b.Count}
		for _, rank := range b.Ranks {
			var ix []int
			for _, n := range rank {
				if n == "#overvote" {
					ix = append(ix, OvervoteMark)
					continue
				}
				i := in.CandidateIndex(n)
				if i < 0 {
					return nil, fmt.Errorf("ballot names %q, not a candidate", n)
				}
				ix = append(ix, i)
			}
			r.Ranks = append(r.Ranks, ix)
		}
		in.Ballots = append(in.Ballots, r)
	}
	return in, nil
}

// rankedRules maps a case's peer options to ours. A non-empty skip says
// why the case cannot be counted by a rule set of ours.
func (c *confCase) rankedRules() (rules RankedRules, skip string) {
	r := c.Rules
	switch c.family() {
	case "rctab":
		rules = RankedRules{Method: RankedIRV, Seats: atoi(str(r["numberOfWinners"]), 1), Arithmetic: ArithFixed,
			Places: atoi(str(r["decimalPlacesForVoteArithmetic"]), 4), Quota: QuotaDroop}
		switch str(r["overvoteRule"]) {
		case "exhaustImmediately":
			rules.Overvote = OvervoteExhaust
		case "alwaysSkipToNextRank":
			rules.Overvote = OvervoteSkip
		case "exhaustIfMultipleContinuing":
			rules.Overvote = OvervoteExhaustIfMultiple
		}
		rules.MaxSkipped = atoi(str(r["maxSkippedRanksAllowed"]), -1)
		rules.MaxRankings = atoi(str(r["maxRankingsAllowed"]), 0)
		rules.ExhaustOnDuplicate = r["exhaustOnDuplicateCandidate"] == true
		rules.BatchElimination = r["batchElimination"] == true
		rules.ContinueUntilTwo = r["continueUntilTwoCandidatesRemain"] == true
		rules.FirstRoundThreshold = r["doesFirstRoundDetermineThreshold"] == true
		rules.StopAfterRound = atoi(str(r["stopTabulationEarlyAfterRound"]), 0)
		if r["hareQuota"] == true {
			rules.Quota = QuotaHare
		} else if r["nonIntegerWinningThreshold"] == true {
			rules.Quota = QuotaDroopFractional
		}
		switch str(r["winnerElectionMode"]) {
		case "multiWinnerAllowOnlyOneWinnerPerRound":
			rules.OneWinnerPerRound = true
		case "multiPassIrv":
			rules.Sequential = true
		case "bottomsUp":
			rules.BottomsUp = true
		case "bottomsUpUsingPercentageThreshold":
			rules.BottomsUp = true
			p, err := ParseRatio(str(r["multiSeatBottomsUpPercentageThreshold"]) + "%")
			if err != nil {
				return rules, "unreadable percentage"
			}
			rules.BottomsUpPercent = p
			rules.Seats = 0
		}
		rules.Excluded = strs(r["excludedCandidates"])
		if slices.Contains(c.Candidates, "Undeclared Write-ins") {
			rules.UndeclaredWriteIn = "Undeclared Write-ins"
		}
		seed, _ := strconv.ParseInt(str(r["randomSeed"]), 10, 64)
		rules.Tie.Seed = seed
		switch str(r["tiebreakMode"]) {
		case "random":
			rules.Tie.Rule = TieRandom
		case "useCandidateOrder":
			rules.Tie.Rule = TieOrder
		case "generatePermutation":
			rules.Tie.Rule = TiePermutation
		case "previousRoundCountsThenRandom":
			rules.Tie.Rule, rules.Tie.Fallback = TiePrevious, TieRandom
		case "stopCountingAndAsk":
			rules.Tie.Rule = TieLots
		}
	case "droop", "stvrs":
		rule := str(r["rule"])
		arith, places := str(r["arithmetic"]), atoi(str(r["precision"]), 9)
		if c.family() == "stvrs" {
			rule, arith, places = "meek", "fixed", 9
		}
		methods := map[string]RankedMethod{"scotland": RankedScottish, "wigm": RankedWIGM, "wigm-prf": RankedPRFWIGM,
			"wigm-prf-batch": RankedPRFWIGM, "cfer": RankedCfER, "cfer-batch": RankedCfER, "mpls": RankedMinneapolis,
			"meek": RankedMeek, "meek-prf": RankedPRFMeek, "warren": RankedWarren, "qpq": RankedQPQ}
		m, ok := methods[rule]
		if !ok {
			return rules, "no rule set of ours for " + rule
		}
		rules = RankedRules{Method: m, Seats: c.Seats, Places: places, MaxSkipped: -1}
		switch arith {
		case "fixed":
			rules.Arithmetic = ArithFixed
		case "rational":
			rules.Arithmetic = ArithRational
		case "guarded":
			rules.Arithmetic = ArithGuarded
			rules.Guard = atoi(str(r["guard"]), places)
		}
		rules.Display = atoi(str(r["display"]), places)
		rules.Omega = atoi(str(r["omega"]), 0)
		if c.family() == "stvrs" {
			rules.Omega = atoi(str(r["omega_exponent"]), 6)
			rules.Equalize = r["equalize"] == true
			rules.Display = 9
			// The peer's CI runs its crash inputs with --force-positive-surplus.
			rules.PositiveSurplus = r["force_positive_surplus"] == true || strings.Contains(c.ID, "-crashes-")
		}
		rules.DefeatBatch = str(r["defeat_batch"])
		if strings.HasSuffix(rule, "-batch") {
			rules.DefeatBatch = "safe"
		}
		rules.Withdrawn = strs(r["withdrawn"])
		rules.Tie = TieRules{Rule: TieOrder, Order: strs(r["tie_order"]), OrderPicksFirst: true}
		if rule == "scotland" {
			// The statute: earlier stages first, then lots (here, the tie order).
			rules.Tie.Rule, rules.Tie.Fallback = TiePrevious, TieOrder
		}
	}
	return rules, ""
}

// num parses a peer's figure exactly.
func num(s string) (*big.Rat, bool) {
	return new(big.Rat).SetString(strings.TrimSpace(s))
}

func sameNum(a, b string) bool {
	x, ok1 := num(a)
	y, ok2 := num(b)
	return ok1 && ok2 && x.Cmp(y) == 0
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

func decisionNames(ds []Decision) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Name)
	}
	return out
}

// compare checks a count against the peer's expected result and returns
// the first difference, or "".
func (c *confCase) compare(got *RankedCount) string {
	switch c.family() {
	case "rctab":
		return compareRCTab(c, got)
	}
	return compareDroop(c, got)
}

type rctabRound struct {
	Round      int                          `json:"round"`
	Tally      map[string]string            `json:"tally"`
	Threshold  string                       `json:"threshold"`
	Elected    []string                     `json:"elected"`
	Eliminated []string                     `json:"eliminated"`
	Transfers  map[string]map[string]string `json:"transfers"`
	Inactive   map[string]string            `json:"inactive"`
}

type rctabExpected struct {
	Winners []string     `json:"winners"`
	Rounds  []rctabRound `json:"rounds"`
	Passes  []struct {
		Winners []string     `json:"winners"`
		Rounds  []rctabRound `json:"rounds"`
	} `json:"passes"`
}

var rctabInactive = map[string]string{"exhaustedChoices": InactiveExhausted, "overvotes": InactiveOvervote,
	"repeatedRankings": InactiveRepeated, "skippedRankings": InactiveSkipped, "finalRoundSurplus": InactiveFinalRound}

func compareRCTab(c *confCase, got *RankedCount) string {
	var exp rctabExpected
	if err := json.Unmarshal(c.Expected, &exp); err != nil {
		return "expected result unreadable: " + err.Error()
	}
	if !slices.Equal(sortedCopy(exp.Winners), sortedCopy(got.Winners)) {
		return fmt.Sprintf("winners %v, peer %v", got.Winners, exp.Winners)
	}
	if len(exp.Passes) > 0 {
		if len(got.Passes) != len(exp.Passes) {
			return fmt.Sprintf("%d passes, peer %d", len(got.Passes), len(exp.Passes))
		}
		for i, p := range exp.Passes {
			if d := compareRCTabRounds(p.Rounds, got.Passes[i].Rounds); d != "" {
				return fmt.Sprintf("pass %d: %s", i+1, d)
			}
		}
		return ""
	}
	return compareRCTabRounds(exp.Rounds, got.Rounds)
}

func compareRCTabRounds(exp []rctabRound, got []RankedRound) string {
	if len(got) != len(exp) {
		return fmt.Sprintf("%d rounds, peer %d", len(got), len(exp))
	}
	for i, e := range exp {
		g := got[i]
		at := fmt.Sprintf("round %d: ", e.Round)
		votes := map[string]string{}
		for _, v := range g.Votes {
			votes[v.Name] = v.Votes
		}
		for n, v := range e.Tally {
			if !sameNum(votes[n], v) {
				return fmt.Sprintf("%s%s has %s, peer %s", at, n, votes[n], v)
			}
		}
		if e.Threshold != "" && !sameNum(g.Threshold, e.Threshold) {
			return fmt.Sprintf("%sthreshold %s, peer %s", at, g.Threshold, e.Threshold)
		}
		if !slices.Equal(sortedCopy(decisionNames(g.Elected)), sortedCopy(e.Elected)) {
			return fmt.Sprintf("%selected %v, peer %v", at, decisionNames(g.Elected), e.Elected)
		}
		if !slices.Equal(sortedCopy(decisionNames(g.Eliminated)), sortedCopy(e.Eliminated)) {
			return fmt.Sprintf("%seliminated %v, peer %v", at, decisionNames(g.Eliminated), e.Eliminated)
		}
		for reason, v := range e.Inactive {
			ours := rctabInactive[reason]
			if ours == "" {
				continue
			}
			gv := g.Inactive[ours]
			if gv == "" {
				gv = "0"
			}
			if !sameNum(gv, v) {
				return fmt.Sprintf("%sinactive %s %s, peer %s", at, reason, gv, v)
			}
		}
		moved := map[[2]string]string{}
		for _, t := range g.Transfers {
			to := t.To
			if to == "final-surplus" {
				// RCTab lists the winners' last surplus as exhausted.
				to = "exhausted"
			}
			moved[[2]string{t.From, to}] = t.Votes
		}
		for from, tos := range e.Transfers {
			for to, v := range tos {
				key := to
				switch to {
				case "exhausted":
					key = "exhausted"
				case "residual surplus":
					key = "residual"
				}
				gv := moved[[2]string{from, key}]
				if gv == "" {
					gv = "0"
				}
				if !sameNum(gv, v) {
					return fmt.Sprintf("%stransfer %s → %s %s, peer %s", at, from, to, gv, v)
				}
			}
		}
	}
	return ""
}

type droopRound struct {
	Round      int             `json:"round"`
	Elected    []string        `json:"elected"`
	Eliminated []string        `json:"eliminated"`
	Tally      json.RawMessage `json:"tally"`
	States     map[string]string
	Quota      string `json:"quota"`
	Surplus    string `json:"surplus"`
	Total      string `json:"total"`
	Residual   string `json:"residual"`
	NTVotes    string `json:"nt_votes"`
}

var droopStates = map[string]string{"H": "hopeful", "e": "pending", "E": "elected", "D": "eliminated", "W": "withdrawn",
	"hopeful": "hopeful", "elected": "elected", "defeated": "eliminated", "withdrawn": "withdrawn"}

// stvrsFix reads an stv-rs round from its transcript actions, mending two
// slips of the conversion (the Meek tests compare with the transcripts
// themselves): a round's surplus, quota and residual are those of its last
// action, not of its "Elect" line; and candidates defeated together with
// no votes ("Defeated: Apple, Banana (0)") are several names, not one.
func stvrsFix(rounds []droopRound, actions []map[string]any) {
	last := map[int]map[string]any{}
	states := map[int]map[string]any{}
	elected := map[int][]string{}
	defeated := map[int][]string{}
	for _, a := range actions {
		r, ok := a["round"].(float64)
		if !ok {
			continue
		}
		k := int(r)
		last[k] = a
		if s, ok := a["states"].(map[string]any); ok && len(s) > 0 {
			states[k] = s
		}
		msg := str(a["msg"])
		i := strings.LastIndex(msg, ": ")
		if i < 0 {
			continue
		}
		var names []string
		for _, n := range strings.Split(msg[i+2:], ", ") {
			if j := strings.Index(n, " ("); j >= 0 {
				n = n[:j]
			}
			names = append(names, strings.TrimSpace(n))
		}
		switch {
		case strings.HasPrefix(msg, "Elect"):
			elected[k] = append(elected[k], names...)
		case strings.HasPrefix(msg, "Defeat"):
			defeated[k] = append(defeated[k], names...)
		}
	}
	for i := range rounds {
		r := &rounds[i]
		if a := last[r.Round]; a != nil {
			r.Surplus, r.Quota, r.Residual = str(a["surplus"]), str(a["quota"]), str(a["residual"])
		}
		r.Elected, r.Eliminated = elected[r.Round], defeated[r.Round]
		if s := states[r.Round]; s != nil {
			r.States = map[string]string{}
			for n, v := range s {
				for _, m := range strings.Split(n, ", ") {
					r.States[m] = str(v)
				}
			}
		}
	}
}

func compareDroop(c *confCase, got *RankedCount) string {
	var exp struct {
		Winners []string         `json:"winners"`
		Rounds  []droopRound     `json:"rounds"`
		Actions []map[string]any `json:"actions"`
	}
	if err := json.Unmarshal(c.Expected, &exp); err != nil {
		return "expected result unreadable: " + err.Error()
	}
	if c.family() == "stvrs" {
		stvrsFix(exp.Rounds, exp.Actions)
	}
	if !slices.Equal(exp.Winners, got.Winners) && !slices.Equal(sortedCopy(exp.Winners), sortedCopy(got.Winners)) {
		return fmt.Sprintf("winners %v, peer %v", got.Winners, exp.Winners)
	}
	if len(got.Rounds) != len(exp.Rounds) {
		return fmt.Sprintf("%d rounds, peer %d", len(got.Rounds), len(exp.Rounds))
	}
	for i, e := range exp.Rounds {
		g := got.Rounds[i]
		at := fmt.Sprintf("round %d: ", e.Round)
		var tally map[string]string
		if json.Unmarshal(e.Tally, &tally) == nil {
			votes := map[string]string{}
			for _, v := range g.Votes {
				votes[v.Name] = v.Votes
			}
			for n, v := range tally {
				if _, known := votes[n]; !known {
					continue
				}
				if !sameNum(votes[n], v) {
					return fmt.Sprintf("%s%s has %s, peer %s", at, n, votes[n], v)
				}
			}
		}
		if e.Quota != "" && !sameNum(g.Threshold, e.Quota) {
			return fmt.Sprintf("%squota %s, peer %s", at, g.Threshold, e.Quota)
		}
		states := map[string]string{}
		for _, v := range g.Votes {
			states[v.Name] = v.State
		}
		for n, s := range e.States {
			if want := droopStates[s]; want != "" && states[n] != want && !(want == "withdrawn" && states[n] == "") {
				return fmt.Sprintf("%s%s is %s, peer %s", at, n, states[n], want)
			}
		}
		if !slices.Equal(sortedCopy(decisionNames(g.Elected)), sortedCopy(e.Elected)) {
			return fmt.Sprintf("%selected %v, peer %v", at, decisionNames(g.Elected), e.Elected)
		}
		if !slices.Equal(sortedCopy(decisionNames(g.Eliminated)), sortedCopy(e.Eliminated)) {
			return fmt.Sprintf("%seliminated %v, peer %v", at, decisionNames(g.Eliminated), e.Eliminated)
		}
		// A figure the peer reports must be ours too, and equal.
		if e.Surplus != "" && !sameNum(g.Surplus, e.Surplus) {
			return fmt.Sprintf("%ssurplus %q, peer %s", at, g.Surplus, e.Surplus)
		}
		if e.NTVotes != "" && !sameNum(g.Exhausted, e.NTVotes) {
			return fmt.Sprintf("%snon-transferable %q, peer %s", at, g.Exhausted, e.NTVotes)
		}
		if e.Residual != "" && !sameNum(g.Residual, e.Residual) {
			return fmt.Sprintf("%sresidual %q, peer %s", at, g.Residual, e.Residual)
		}
	}
	return ""
}

func loadCases(t *testing.T) []*confCase {
	dir := conformanceDir()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatalf("no conformance cases in %s: CI must run them (../shared beside the checkout)", dir)
		}
		t.Skipf("no conformance cases in %s", dir)
	}
	var cases []*confCase
	for _, f := range files {
		if filepath.Base(f) == "index.json" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c := &confCase{file: f}
		if err := json.Unmarshal(data, c); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		cases = append(cases, c)
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].ID < cases[j].ID })
	return cases
}

// outcome counts one case: "pass", "fail: …", or "skip: …".
func (c *confCase) outcome() string {
	rules, skip := c.rankedRules()
	if skip != "" {
		return "skip: " + skip
	}
	if _, ok := rankedCounters[rules.Method]; !ok {
		return "skip: " + rules.Method.String() + " not implemented"
	}
	in, err := c.input()
	if err != nil {
		return "fail: " + err.Error()
	}
	got, err := rules.Count(in)
	if err != nil {
		return "fail: " + err.Error()
	}
	if d := c.compare(got); d != "" {
		return "fail: " + d
	}
	return "pass"
}

func TestConformance(t *testing.T) {
	cases := loadCases(t)
	byRule := map[string][]string{}
	for _, c := range cases {
		o := c.outcome()
		byRule[c.rule()] = append(byRule[c.rule()], c.ID+"\t"+o)
	}
	dir := filepath.Join("testdata", "conformance")
	var summary []string
	for rule, lines := range byRule {
		text := strings.Join(lines, "\n") + "\n"
		path := filepath.Join(dir, rule+".txt")
		pass := strings.Count(text, "\tpass\n")
		summary = append(summary, fmt.Sprintf("%s: %d of %d pass", rule, pass, len(lines)))
		if *updateConformance {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: no recorded outcomes (%v); run go test ./count -run TestConformance -update-conformance", rule, err)
			continue
		}
		if string(want) != text {
			t.Errorf("%s: outcomes changed; diff testdata/conformance/%s.txt after -update-conformance:\n%s", rule, rule, diffLines(string(want), text))
		}
	}
	sort.Strings(summary)
	t.Log("\n" + strings.Join(summary, "\n"))
}

func diffLines(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < max(len(x), len(y)); i++ {
		var l, r string
		if i < len(x) {
			l = x[i]
		}
		if i < len(y) {
			r = y[i]
		}
		if l != r {
			out = append(out, "- "+l, "+ "+r)
		}
	}
	if len(out) > 20 {
		out = append(out[:20], "…")
	}
	return strings.Join(out, "\n")
}
