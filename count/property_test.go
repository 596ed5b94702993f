package count

import (
	"encoding/json"
	"math/rand/v2"
	"os/exec"
	"reflect"
	"strings"
	"testing"
)

// randomElection makes an election of one office and ballots with random
// marks, some invalid, some over-voted, some blank.
func randomElection(rng *rand.Rand) (*Election, []BallotRecord) {
	presets := []Preset{PresetParty, PresetVillage, PresetCongress, PresetPlurality}
	p := presets[rng.IntN(len(presets))]
	nc := 2 + rng.IntN(8)
	seats := 1 + rng.IntN(nc-1)
	var list []string
	for i := range nc {
		list = append(list, "候选"+string(rune('甲'+i)))
	}
	e := election(p, Office{Name: "委员", Seats: seats, Candidates: list})
	n := 1 + rng.IntN(200)
	e.Figures = Figures{Entitled: n + rng.IntN(10), Present: n, Registered: n + rng.IntN(n), Voted: n, Issued: n + rng.IntN(3)}
	recs := make([]BallotRecord, n)
	for i := range recs {
		r := BallotRecord{Office: "委员", Round: 1, Number: i + 1, Origin: "rand"}
		switch rng.IntN(20) {
		case 0:
			r.Invalid = ReasonUnreadable
		case 1: // blank
		default:
			for _, c := range rng.Perm(nc)[:rng.IntN(min(nc, seats+2)+1)] {
				if rng.IntN(4) == 0 {
					r.Against = append(r.Against, list[c])
				} else {
					r.For = append(r.For, list[c])
				}
			}
			if rng.IntN(10) == 0 {
				r.WriteIns = []string{"另选" + string(rune('A'+rng.IntN(3)))}
			}
		}
		recs[i] = r
	}
	return e, recs
}

// Totals add up: every ballot cast is valid or invalid; every valid ballot
// is for, against or abstains on each candidate; nobody is elected below
// the threshold or beyond the seats.
func TestProperty_TotalsAddUp(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		e, recs := randomElection(rng)
		res, err := Tabulate(e, recs)
		if err != nil {
			t.Fatal(err)
		}
		r := res[0]
		if r.Void {
			continue
		}
		b := r.Ballots
		if b.Valid+b.Invalid != b.Cast || b.Cast != len(recs) {
			t.Fatalf("ballots %+v of %d", b, len(recs))
		}
		sum := 0
		for _, rc := range b.ByReason {
			sum += rc.Count
		}
		if sum != b.Invalid {
			t.Fatalf("invalid by reason %v adds to %d, not %d", b.ByReason, sum, b.Invalid)
		}
		s := r.Sections[0]
		for _, c := range s.Candidates {
			if !c.WriteIn && c.For+c.Against+c.Abstain != s.Ballots.Valid {
				t.Fatalf("%s: %d + %d + %d ≠ %d valid", c.Name, c.For, c.Against, c.Abstain, s.Ballots.Valid)
			}
		}
		if len(s.Elected)+len(s.Tied) > s.Seats && len(s.Tied) == 0 || len(s.Elected) > s.Seats {
			t.Fatalf("%d elected for %d seats", len(s.Elected), s.Seats)
		}
		for _, c := range s.Candidates {
			if c.Status == StatusElected && s.Threshold != nil && c.Votes < s.Threshold.Need {
				t.Fatalf("%s elected with %d < %d", c.Name, c.Votes, s.Threshold.Need)
			}
		}
		if s.Open != s.Seats-len(s.Elected) {
			t.Fatalf("open %d, seats %d, elected %d", s.Open, s.Seats, len(s.Elected))
		}
	}
}

// The count is deterministic and does not depend on the order the ballots
// were keyed in: re-tabulating the same ballots, shuffled, gives the same result.
func TestProperty_SameBallotsSameResult(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		e, recs := randomElection(rng)
		a, err := Tabulate(e, recs)
		if err != nil {
			t.Fatal(err)
		}
		shuffled := append([]BallotRecord(nil), recs...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		b, err := Tabulate(e, shuffled)
		if err != nil {
			t.Fatal(err)
		}
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if !reflect.DeepEqual(ja, jb) {
			t.Fatalf("shuffled ballots give another result:\n%s\n%s", ja, jb)
		}
	}
}

// count must stay importable by anyone: the standard library only.
func TestCountImportsStandardLibraryOnly(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list unavailable: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if pkg != "tally/count" && strings.Contains(strings.SplitN(pkg, "/", 2)[0], ".") {
			t.Errorf("count imports %s, which is not in the standard library", pkg)
		}
	}
}
