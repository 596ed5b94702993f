package nist_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"tally/count"
	"tally/store"
	"tally/store/nist"
	"tally/store/storetest"
)

// The schemas, as NIST publishes them (testdata/README.md).
const (
	cvrSchemaFile     = "NIST_V0_cast_vote_records.json"
	resultsSchemaFile = "NIST_V2_election_results_reporting.json"
)

var (
	schemasOnce sync.Once
	schemas     map[string]*jsonschema.Schema
	schemasErr  error
)

// schema compiles a vendored schema (draft-04, formats asserted), from
// the file alone: nothing is fetched.
func schema(t *testing.T, file string) *jsonschema.Schema {
	t.Helper()
	schemasOnce.Do(func() {
		schemas = map[string]*jsonschema.Schema{}
		for _, name := range []string{cvrSchemaFile, resultsSchemaFile} {
			f, err := os.Open(filepath.Join("testdata", name))
			if err != nil {
				schemasErr = err
				return
			}
			doc, err := jsonschema.UnmarshalJSON(f)
			f.Close()
			if err != nil {
				schemasErr = fmt.Errorf("%s: %w", name, err)
				return
			}
			c := jsonschema.NewCompiler()
			url := "https://tally.invalid/schema/" + name
			if err := c.AddResource(url, doc); err != nil {
				schemasErr = err
				return
			}
			if schemas[name], err = c.Compile(url); err != nil {
				schemasErr = fmt.Errorf("%s: %w", name, err)
				return
			}
		}
	})
	if schemasErr != nil {
		t.Fatal(schemasErr)
	}
	return schemas[file]
}

func validate(t *testing.T, file string, doc []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return schema(t, file).Validate(inst)
}

// record builds the named example's count file and gathers its record.
func record(t *testing.T, name string) *store.Record {
	t.Helper()
	f, _ := storetest.Build(t, name)
	rec, err := f.Record()
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func export(t *testing.T, write func(*bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func cvrOf(t *testing.T, rec *store.Record, round int) []byte {
	return export(t, func(b *bytes.Buffer) error { return nist.WriteCVR(b, rec, round) })
}

func resultsOf(t *testing.T, rec *store.Record, round int) []byte {
	return export(t, func(b *bytes.Buffer) error { return nist.WriteResults(b, rec, round) })
}

// TestExports writes both exports of every example, checks each against
// its NIST schema and compares it with its golden file.
func TestExports(t *testing.T) {
	for _, name := range storetest.Examples() {
		t.Run(name, func(t *testing.T) {
			rec := record(t, name)
			t.Run("cvr", func(t *testing.T) {
				out := cvrOf(t, rec, 0)
				if err := validate(t, cvrSchemaFile, out); err != nil {
					t.Fatalf("not a valid CVR report: %v", err)
				}
				golden.RequireEqual(t, goldenPart(out))
			})
			t.Run("results", func(t *testing.T) {
				out := resultsOf(t, rec, 0)
				if err := validate(t, resultsSchemaFile, out); err != nil {
					t.Fatalf("not a valid election results report: %v", err)
				}
				golden.RequireEqual(t, out)
			})
		})
	}
}

// goldenPart keeps a CVR report's golden file small: the whole of a small
// one, the first records of a large one (a record a line). Every record is
// still checked, by the schema and by the recount.
func goldenPart(out []byte) []byte {
	const keep = 60
	lines := bytes.SplitAfter(out, []byte("\n"))
	if len(lines) <= 2*keep {
		return out
	}
	part := bytes.Join(lines[:keep], nil)
	return append(part, fmt.Appendf(nil, "… %d more lines\n", len(lines)-keep)...)
}

// obj and friends read a parsed JSON document without the writer's types.
type obj = map[string]any

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(t *testing.T, v any) float64 {
	t.Helper()
	switch n := v.(type) {
	case float64:
		return n
	case json.Number:
		f, err := n.Float64()
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	t.Fatalf("%v is not a number", v)
	return 0
}

func parse(t *testing.T, doc []byte) obj {
	t.Helper()
	var o obj
	if err := json.Unmarshal(doc, &o); err != nil {
		t.Fatal(err)
	}
	return o
}

// cvrContests maps each contest of a CVR report to its round, office and
// the names behind its selections.
type cvrContest struct {
	round  int
	office string
	names  map[string]string // selection @id → candidate name
}

func cvrContests(t *testing.T, report obj) map[string]*cvrContest {
	t.Helper()
	el := list(report["Election"])[0].(obj)
	candidates := map[string]string{}
	for _, c := range list(el["Candidate"]) {
		candidates[str(c.(obj)["@id"])] = str(c.(obj)["Name"])
	}
	out := map[string]*cvrContest{}
	for _, c := range list(el["Contest"]) {
		co := c.(obj)
		ct := &cvrContest{office: str(co["Name"]), names: map[string]string{}}
		for _, code := range list(co["Code"]) {
			if str(code.(obj)["OtherType"]) == "tally-round" {
				ct.round, _ = strconv.Atoi(str(code.(obj)["Value"]))
			}
		}
		for _, s := range list(co["ContestSelection"]) {
			ids := list(s.(obj)["CandidateIds"])
			ct.names[str(s.(obj)["@id"])] = candidates[str(ids[0])]
		}
		out[str(co["@id"])] = ct
	}
	return out
}

// tallied is what a recounter gets from the cast vote records of one
// office in one round.
type tallied struct {
	papers  int            // CVRContests: one per paper
	valid   int            // those with no invalid status
	forV    map[string]int // allocable votes by name
	against map[string]int // against marks on valid sections by name
	first   map[string]int // ranked: the one name at the first rank marked
}

func has(l []any, s string) bool { return slices.Contains(l, any(s)) }

// recount reads a CVR report as a recounter would: each paper's current
// snapshot, each section's allocable votes and valid against-marks.
func recount(t *testing.T, report obj) (papers map[int]int, tallies map[[2]string]*tallied) {
	t.Helper()
	contests := cvrContests(t, report)
	papers = map[int]int{}
	tallies = map[[2]string]*tallied{}
	for _, cv := range list(report["CVR"]) {
		c := cv.(obj)
		var snap obj
		for _, s := range list(c["CVRSnapshot"]) {
			if str(s.(obj)["@id"]) == str(c["CurrentSnapshotId"]) {
				snap = s.(obj)
			}
		}
		if snap == nil {
			t.Fatalf("CVR %s: no current snapshot", c["UniqueId"])
		}
		round := -1
		for _, cc := range list(snap["CVRContest"]) {
			cc := cc.(obj)
			ct := contests[str(cc["ContestId"])]
			if ct == nil {
				t.Fatalf("CVR %s: contest %s is not in the election", c["UniqueId"], cc["ContestId"])
			}
			if round >= 0 && round != ct.round {
				t.Fatalf("CVR %s holds contests of rounds %d and %d", c["UniqueId"], round, ct.round)
			}
			round = ct.round
			key := [2]string{fmt.Sprint(ct.round), ct.office}
			tl := tallies[key]
			if tl == nil {
				tl = &tallied{forV: map[string]int{}, against: map[string]int{}, first: map[string]int{}}
				tallies[key] = tl
			}
			tl.papers++
			status := list(cc["Status"])
			valid := !has(status, "overvoted") && !strings.HasPrefix(str(cc["OtherStatus"]), "invalid-")
			if valid {
				tl.valid++
			}
			firstRank, firstNames := 0, []string{}
			for _, sel := range list(cc["CVRContestSelection"]) {
				sel := sel.(obj)
				name := ct.names[str(sel["ContestSelectionId"])]
				for _, p := range list(sel["SelectionPosition"]) {
					p := p.(obj)
					if str(p["IsAllocable"]) == "yes" {
						tl.forV[name] += int(num(t, p["NumberVotes"]))
					}
					if str(p["OtherStatus"]) == "against" && !has(list(p["Status"]), "invalidated-rules") {
						tl.against[name]++
					}
					if r, ok := p["Rank"]; ok && valid && str(p["HasIndication"]) == "yes" {
						switch rank := int(num(t, r)); {
						case firstRank == 0 || rank < firstRank:
							firstRank, firstNames = rank, []string{name}
						case rank == firstRank:
							firstNames = append(firstNames, name)
						}
					}
				}
			}
			if len(firstNames) == 1 {
				tl.first[firstNames[0]]++
			}
		}
		papers[round]++
	}
	return papers, tallies
}

// TestCVRRecount recounts every example's cast vote records and finds
// each round's result: one record per accepted paper, and per candidate
// the for-votes (first preferences of a ranked count), the against-marks
// and the abstentions the result gives.
func TestCVRRecount(t *testing.T) {
	for _, name := range storetest.Examples() {
		t.Run(name, func(t *testing.T) {
			rec := record(t, name)
			checkRecount(t, rec)
		})
	}
}

func checkRecount(t *testing.T, rec *store.Record) {
	t.Helper()
	papers, tallies := recount(t, parse(t, cvrOf(t, rec, 0)))
	for _, rr := range rec.Rounds {
		if papers[rr.Number] != len(rr.Ballots) {
			t.Errorf("round %d: %d cast vote records for %d accepted papers", rr.Number, papers[rr.Number], len(rr.Ballots))
		}
		if rr.Result.Void {
			continue
		}
		for _, sr := range rr.Result.Sections {
			if sr.DecidedFrom > 0 {
				continue
			}
			tl := tallies[[2]string{fmt.Sprint(rr.Number), sr.Office}]
			if tl == nil {
				tl = &tallied{}
			}
			if tl.papers != sr.Ballots.Cast || tl.valid != sr.Ballots.Valid {
				t.Errorf("round %d %s: %d papers, %d valid in the CVRs; the result has %d cast, %d valid",
					rr.Number, sr.Office, tl.papers, tl.valid, sr.Ballots.Cast, sr.Ballots.Valid)
			}
			for _, c := range sr.Candidates {
				got := tl.forV[c.Name]
				if sr.Ranked != nil {
					got = tl.first[c.Name]
				}
				if got != c.For {
					t.Errorf("round %d %s: %s has %d for-votes in the CVRs, %d in the result", rr.Number, sr.Office, c.Name, got, c.For)
				}
				if rec.Election.Ballot != count.BallotMarked || c.WriteIn || c.Higher {
					continue
				}
				if tl.against[c.Name] != c.Against {
					t.Errorf("round %d %s: %s has %d against-marks in the CVRs, %d in the result", rr.Number, sr.Office, c.Name, tl.against[c.Name], c.Against)
				}
				if abstain := tl.valid - tl.forV[c.Name] - tl.against[c.Name]; abstain != c.Abstain {
					t.Errorf("round %d %s: %s abstains on %d valid CVRs, %d in the result", rr.Number, sr.Office, c.Name, abstain, c.Abstain)
				}
			}
		}
	}
}

// resultsContest is one contest of a results report, read generically.
type resultsContest struct {
	round  int
	office string
	ids    map[string]string
	counts map[string][]obj // candidate name → VoteCounts
	status map[string]string
}

func resultsContests(t *testing.T, report obj) []*resultsContest {
	t.Helper()
	el := list(report["Election"])[0].(obj)
	names, status := map[string]string{}, map[string]string{}
	for _, c := range list(el["Candidate"]) {
		c := c.(obj)
		text := list(c["BallotName"].(obj)["Text"])[0].(obj)
		names[str(c["@id"])] = str(text["Content"])
		status[str(c["@id"])] = str(c["PostElectionStatus"])
	}
	var out []*resultsContest
	for _, c := range list(el["Contest"]) {
		co := c.(obj)
		rc := &resultsContest{office: str(co["Name"]), ids: map[string]string{}, counts: map[string][]obj{}, status: map[string]string{}}
		for _, x := range list(co["ExternalIdentifier"]) {
			rc.ids[str(x.(obj)["OtherType"])] = str(x.(obj)["Value"])
		}
		rc.round, _ = strconv.Atoi(rc.ids["tally-round"])
		for _, s := range list(co["ContestSelection"]) {
			s := s.(obj)
			id := str(list(s["CandidateIds"])[0])
			for _, v := range list(s["VoteCounts"]) {
				rc.counts[names[id]] = append(rc.counts[names[id]], v.(obj))
			}
			rc.status[names[id]] = status[id]
		}
		out = append(out, rc)
	}
	return out
}

// count returns the VoteCounts figure of one type (total, or an other
// type by name) and ranked round (0: none).
func voteCount(t *testing.T, vcs []obj, other string, round int) (float64, bool) {
	t.Helper()
	for _, v := range vcs {
		r := 0
		if x, ok := v["Round"]; ok {
			r = int(num(t, x))
		}
		if str(v["OtherType"]) == other && r == round {
			return num(t, v["Count"]), true
		}
	}
	return 0, false
}

// TestResultsFigures reads every example's results report and finds each
// round's figures: the for, against and abstain counts and ranked rounds
// of each candidate, the papers cast and rejected, and the winners.
func TestResultsFigures(t *testing.T) {
	for _, name := range storetest.Examples() {
		t.Run(name, func(t *testing.T) {
			rec := record(t, name)
			checkResults(t, rec, resultsOf(t, rec, 0))
		})
	}
}

func checkResults(t *testing.T, rec *store.Record, doc []byte) {
	t.Helper()
	report := parse(t, doc)
	contests := resultsContests(t, report)
	find := func(round int, office string) *resultsContest {
		for _, c := range contests {
			if c.round == round && c.office == office {
				return c
			}
		}
		return nil
	}
	el := list(report["Election"])[0].(obj)
	for _, rr := range rec.Rounds {
		cast := -1.0
		for _, bc := range list(el["BallotCounts"]) {
			bc := bc.(obj)
			if int(num(t, bc["Round"])) == rr.Number && str(bc["Type"]) == "total" {
				cast = num(t, bc["BallotsCast"])
				if int(num(t, bc["BallotsRejected"])) != rr.Result.Ballots.Invalid {
					t.Errorf("round %d: %v rejected, %d invalid in the result", rr.Number, bc["BallotsRejected"], rr.Result.Ballots.Invalid)
				}
			}
		}
		if int(cast) != rr.Result.Ballots.Cast {
			t.Errorf("round %d: %v cast in the report, %d in the result", rr.Number, cast, rr.Result.Ballots.Cast)
		}
		for _, sr := range rr.Result.Sections {
			rc := find(rr.Number, sr.Office)
			if rc == nil {
				t.Errorf("round %d: no contest for %s", rr.Number, sr.Office)
				continue
			}
			for _, c := range sr.Candidates {
				vcs := rc.counts[c.Name]
				if sr.Ranked != nil {
					rounds := sr.Ranked.Rounds
					if len(sr.Ranked.Passes) > 0 {
						rounds = sr.Ranked.Passes[0].Rounds
					}
					for _, rd := range rounds {
						for _, v := range rd.Votes {
							want, _ := strconv.ParseFloat(v.Votes, 64)
							if got, ok := voteCount(t, vcs, "", rd.Round); v.Name == c.Name && (!ok || got != want) {
								t.Errorf("round %d %s: %s has %v in ranked round %d, the count %s", rr.Number, sr.Office, c.Name, got, rd.Round, v.Votes)
							}
						}
					}
					if got, _ := voteCount(t, vcs, "", 1); int(got) != c.For {
						t.Errorf("round %d %s: %s has %v first preferences, the result %d", rr.Number, sr.Office, c.Name, got, c.For)
					}
				} else if got, ok := voteCount(t, vcs, "", 0); !ok || int(got) != c.For {
					t.Errorf("round %d %s: %s has %v votes in the report, %d in the result", rr.Number, sr.Office, c.Name, got, c.For)
				}
				if rec.Election.Ballot == count.BallotMarked && !c.WriteIn && !c.Higher {
					if got, _ := voteCount(t, vcs, "against", 0); int(got) != c.Against {
						t.Errorf("round %d %s: %s against %v, the result %d", rr.Number, sr.Office, c.Name, got, c.Against)
					}
					if got, _ := voteCount(t, vcs, "abstain", 0); int(got) != c.Abstain {
						t.Errorf("round %d %s: %s abstain %v, the result %d", rr.Number, sr.Office, c.Name, got, c.Abstain)
					}
				}
				if sr.Combined {
					if got, _ := voteCount(t, vcs, "combined", 0); int(got) != c.Votes {
						t.Errorf("round %d %s: %s combined %v, the result %d", rr.Number, sr.Office, c.Name, got, c.Votes)
					}
				}
				winner := rc.status[c.Name] == "winner"
				elected := c.Status == count.StatusElected
				if rr.Closed && winner != elected {
					t.Errorf("round %d %s: %s is %q in the report, %s in the result", rr.Number, sr.Office, c.Name, rc.status[c.Name], c.Status)
				}
				if !rr.Closed && rc.status[c.Name] != "" {
					t.Errorf("round %d is open, yet %s is %q", rr.Number, c.Name, rc.status[c.Name])
				}
			}
			for _, n := range sr.Elected {
				if want := "winner"; sr.Kind == count.RoundRecommend || sr.Kind == count.RoundCutoffRevote {
					want = "advanced-to-runoff"
					if rc.status[n] != want {
						t.Errorf("round %d %s: %s kept on the list but %q", rr.Number, sr.Office, n, rc.status[n])
					}
				} else if rr.Closed && rc.status[n] != want {
					t.Errorf("round %d %s: %s elected but %q", rr.Number, sr.Office, n, rc.status[n])
				}
			}
		}
	}
}

// TestRoundExport exports one round at a time: each file holds that
// round's papers and contests and nothing else, and still validates.
func TestRoundExport(t *testing.T) {
	for _, name := range []string{"township-committee", "village-committee", "party-branch-cascade"} {
		t.Run(name, func(t *testing.T) {
			rec := record(t, name)
			for _, rr := range rec.Rounds {
				cvr := cvrOf(t, rec, rr.Number)
				if err := validate(t, cvrSchemaFile, cvr); err != nil {
					t.Fatalf("round %d: %v", rr.Number, err)
				}
				papers, _ := recount(t, parse(t, cvr))
				if len(papers) != 1 || papers[rr.Number] != len(rr.Ballots) {
					t.Errorf("round %d alone: CVRs by round %v, want %d in round %d only", rr.Number, papers, len(rr.Ballots), rr.Number)
				}
				res := resultsOf(t, rec, rr.Number)
				if err := validate(t, resultsSchemaFile, res); err != nil {
					t.Fatalf("round %d: %v", rr.Number, err)
				}
				for _, c := range resultsContests(t, parse(t, res)) {
					if c.round != rr.Number {
						t.Errorf("round %d alone holds a contest of round %d", rr.Number, c.round)
					}
				}
				if !bytes.Contains(res, []byte(`"Round": `+fmt.Sprint(rr.Number))) {
					t.Errorf("round %d alone: no ballot counts for the round", rr.Number)
				}
			}
		})
	}
}

// TestUnknownRound: asking for a round the file does not have is an
// error that says which rounds it has, and writes nothing.
func TestUnknownRound(t *testing.T) {
	rec := record(t, "township-committee")
	for name, write := range map[string]func(*bytes.Buffer, *store.Record, int) error{
		"cvr":     func(b *bytes.Buffer, r *store.Record, n int) error { return nist.WriteCVR(b, r, n) },
		"results": func(b *bytes.Buffer, r *store.Record, n int) error { return nist.WriteResults(b, r, n) },
	} {
		var b bytes.Buffer
		err := write(&b, rec, 7)
		if err == nil {
			t.Fatalf("%s: round 7 of a two-round file exported", name)
		}
		for _, want := range []string{"no round 7", "1 (党委委员, round 1)", "2 (党委委员, round 2)"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q does not say %q", name, err, want)
			}
		}
		if b.Len() > 0 {
			t.Errorf("%s: wrote %d bytes before failing", name, b.Len())
		}
	}
}

// TestSchemaRejectsBrokenDocuments shows the validation can fail: an
// export with a required field removed, or a value outside the schema's
// enumeration, does not pass.
func TestSchemaRejectsBrokenDocuments(t *testing.T) {
	rec := record(t, "party-branch-cascade")
	breakDoc := func(doc []byte, edit func(obj)) []byte {
		o := parse(t, doc)
		edit(o)
		b, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cvr := cvrOf(t, rec, 0)
	results := resultsOf(t, rec, 0)
	cases := []struct {
		name, schema string
		doc          []byte
	}{
		{"cvr without Version", cvrSchemaFile, breakDoc(cvr, func(o obj) { delete(o, "Version") })},
		{"cvr with a made-up indication", cvrSchemaFile, breakDoc(cvr, func(o obj) {
			snap := list(list(o["CVR"])[0].(obj)["CVRSnapshot"])[0].(obj)
			sel := list(list(snap["CVRContest"])[0].(obj)["CVRContestSelection"])[0].(obj)
			list(sel["SelectionPosition"])[0].(obj)["HasIndication"] = "maybe"
		})},
		{"cvr with a stray field", cvrSchemaFile, breakDoc(cvr, func(o obj) { o["Against"] = 3 })},
		{"results without Issuer", resultsSchemaFile, breakDoc(results, func(o obj) { delete(o, "Issuer") })},
		{"results with a made-up outcome", resultsSchemaFile, breakDoc(results, func(o obj) {
			c := list(list(o["Election"])[0].(obj)["Candidate"])[0].(obj)
			c["PostElectionStatus"] = "elected"
		})},
		{"results dated without a zone", resultsSchemaFile, breakDoc(results, func(o obj) { o["GeneratedDate"] = "2026-11-21" })},
	}
	for _, c := range cases {
		if err := validate(t, c.schema, c.doc); err == nil {
			t.Errorf("%s: passed validation", c.name)
		}
	}
	// And the unbroken ones pass, once through the same parse and marshal.
	if err := validate(t, cvrSchemaFile, breakDoc(cvr, func(obj) {})); err != nil {
		t.Errorf("cvr: %v", err)
	}
	if err := validate(t, resultsSchemaFile, breakDoc(results, func(obj) {})); err != nil {
		t.Errorf("results: %v", err)
	}
}

// openRound creates a count file of the election given, imports the
// papers into its first round and leaves the round open.
func openRound(t *testing.T, election string, ballots []count.Ballot) *store.Record {
	t.Helper()
	at := time.Date(2026, 11, 21, 19, 0, 0, 0, time.UTC)
	clock := func() time.Time { at = at.Add(time.Second); return at }
	f, err := store.Create(filepath.Join(t.TempDir(), "open.tally"), []byte(election), store.KeyingDouble,
		store.Options{BackupEvery: -1, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if _, err := f.AppendAll(
		store.Event{Kind: store.EventTellerSignedIn, Who: "王明", Role: "keyer"},
		store.Event{Kind: store.EventBallotsImported, Who: "王明", Round: 1, Ballots: ballots},
	); err != nil {
		t.Fatal(err)
	}
	rec, err := f.Record()
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// marks builds one section of a paper.
func marks(forIx, against []int, written, unmarked []string) count.Marks {
	return count.Marks{For: forIx, Against: against, WriteIns: written, Unmarked: unmarked}
}

func paper(n int, sections ...count.Marks) count.Ballot {
	return count.Ballot{Number: n, Source: -1, Sections: sections}
}

// TestOpenRoundWriteIns exports a round still open whose papers try every
// way a written name can count or not, and an unlabelled over-vote: the
// records recount to the provisional result, and the results say the
// count is in process, with no outcomes.
func TestOpenRoundWriteIns(t *testing.T) {
	const election = `
title = "写票测试"
preset = "party"
ballot = "marked"

[electorate]
members = 10
present = 9
issued = 9
returned = 9

[[offices]]
name = "委员"
seats = 2
candidates = ["甲", "乙", "丙"]
`
	invalid := paper(8, marks([]int{2}, nil, nil, nil))
	invalid.Invalid, invalid.Note = count.ReasonIdentifyingMark, "背面有签名"
	rec := openRound(t, election, []count.Ballot{
		paper(1, marks([]int{0}, []int{1}, []string{"丁"}, nil)),              // in place of 乙: counts
		paper(2, marks([]int{0}, nil, []string{"丁"}, nil)),                   // no against: does not
		paper(3, marks(nil, []int{1}, []string{"甲"}, nil)),                   // a listed name written in
		paper(4, marks([]int{0}, []int{1}, []string{"甲"}, nil)),              // …already marked
		paper(5, marks([]int{0, 1}, []int{2}, []string{"丁"}, nil)),           // 3 names for 2 seats
		paper(6, marks(nil, []int{2}, nil, []string{"戊"})),                   // unmarked, counts as for
		paper(7, marks(nil, nil, nil, nil)),                                  // blank
		invalid,                                                              // signed
		paper(9, marks(nil, []int{0, 1}, []string{"丁"}, []string{"丁", "戊"})), // repeated
	})
	if rec.Rounds[0].Closed {
		t.Fatal("the round is closed")
	}
	checkRecount(t, rec)
	cvr := cvrOf(t, rec, 0)
	if err := validate(t, cvrSchemaFile, cvr); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"OtherStatus":"not-counted-write-in-rule"`, `"OtherStatus":"not-counted-already-marked"`,
		`"OtherStatus":"not-counted-repeated"`, `"OtherStatus":"unmarked-write-in"`, `"overvoted"`, `"not-indicated"`,
		`"OtherStatus":"invalid-identifying-mark"`, `"note: 背面有签名"`,
		// No round closed: dated by the round's opening, not by the clock.
		`"GeneratedDate": "` + rec.Rounds[0].OpenedAt.UTC().Format(time.RFC3339) + `"`} {
		if !bytes.Contains(cvr, []byte(want)) {
			t.Errorf("the CVR report does not say %s", want)
		}
	}
	res := resultsOf(t, rec, 0)
	if err := validate(t, resultsSchemaFile, res); err != nil {
		t.Fatal(err)
	}
	checkResults(t, rec, res)
	for _, want := range []string{`"Status": "unofficial-partial"`, `"Status": "in-process"`, `"OtherType": "tally-provisional"`} {
		if !bytes.Contains(res, []byte(want)) {
			t.Errorf("the results report does not say %s", want)
		}
	}
	if bytes.Contains(res, []byte("PostElectionStatus")) {
		t.Error("an open round's results give outcomes")
	}
}

// TestTwoOfficesOnOnePaper: one record per paper with a contest per
// office; a person named for both offices voids the paper, an over-voted
// member section leaves the chair's standing, and an unmarked name does
// not count where the election says so.
func TestTwoOfficesOnOnePaper(t *testing.T) {
	const election = `
title = "测试村民委员会选举"
preset = "village"
ballot = "marked"

[settings]
two_offices_void = true
write_in_unmarked_for = false

[electorate]
registered = 20
voted = 12

[[offices]]
name = "主任"
seats = 1
candidates = ["甲", "乙"]

[[offices]]
name = "委员"
seats = 2
candidates = ["丙", "丁", "戊"]

[[papers]]
name = "村委会"
offices = ["主任", "委员"]
`
	void := paper(5, marks(nil, nil, nil, nil), marks(nil, nil, nil, nil))
	void.Invalid = count.ReasonUnreadable
	rec := openRound(t, election, []count.Ballot{
		paper(1, marks([]int{0}, nil, nil, nil), marks([]int{0, 1}, nil, nil, nil)),
		paper(2, marks([]int{0}, nil, nil, nil), marks(nil, nil, []string{"甲"}, nil)),
		paper(3, marks([]int{1}, nil, nil, nil), marks([]int{0}, nil, nil, []string{"己"})),
		paper(4, marks(nil, nil, nil, nil), marks([]int{0, 1, 2}, nil, nil, nil)),
		void,
	})
	checkRecount(t, rec)
	cvr := cvrOf(t, rec, 0)
	if err := validate(t, cvrSchemaFile, cvr); err != nil {
		t.Fatal(err)
	}
	report := parse(t, cvr)
	if n := len(list(report["CVR"])); n != 5 {
		t.Fatalf("%d CVRs for 5 papers", n)
	}
	for _, cv := range list(report["CVR"]) {
		snap := list(cv.(obj)["CVRSnapshot"])[0].(obj)
		if n := len(list(snap["CVRContest"])); n != 2 {
			t.Errorf("CVR %s has %d contests, want one per office", cv.(obj)["UniqueId"], n)
		}
	}
	for _, want := range []string{`"OtherStatus":"invalid-two-offices"`, `"OtherStatus":"invalid-unreadable"`,
		`"OtherStatus":"not-counted-unmarked"`} {
		if !bytes.Contains(cvr, []byte(want)) {
			t.Errorf("the CVR report does not say %s", want)
		}
	}
	res := resultsOf(t, rec, 0)
	if err := validate(t, resultsSchemaFile, res); err != nil {
		t.Fatal(err)
	}
	checkResults(t, rec, res)
}
