package tui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"tally/count"
	"tally/store"
)

// The totals' "certain" and "cannot reach" are promises to the room: a
// candidate called certain is elected when the last paper is in, one who
// cannot reach is not, however the remaining papers are marked. Checked
// on random rounds after every paper, against the completion most hostile
// to each promise (the remaining papers all for the strongest rivals, or
// for names not yet written in, or all for the candidate written off),
// under a fixed threshold base (those present, those who voted), a growing
// one (ballots cast, valid), and none (plurality, write-ins allowed).
func TestChances_NeverBreakAPromise(t *testing.T) {
	rng := rand.New(rand.NewPCG(20261121, 5))
	promises := 0
	for trial := range 300 {
		preset, base := "party", ""
		switch trial % 5 {
		case 1:
			preset = "village"
		case 2:
			base = "cast"
		case 3:
			base = "valid"
		case 4:
			preset = "plurality" // write-ins allowed, and nobody needs more than a vote
		}
		cands := 2 + rng.IntN(4)
		seats := 1 + rng.IntN(cands-1)
		if preset == "plurality" {
			seats = 1 + rng.IntN(cands) // a list no longer than the seats, too
		}
		papers := 5 + rng.IntN(26)
		var names []string
		for i := range cands {
			names = append(names, fmt.Sprintf("C%d", i+1))
		}
		figures := fmt.Sprintf("entitled = %d\npresent = %d\n", papers, papers)
		switch preset {
		case "village":
			figures = fmt.Sprintf("registered = %d\nvoted = %d\n", papers, papers)
		case "plurality":
			figures = ""
		}
		settings := ""
		if base != "" {
			settings = fmt.Sprintf("[settings]\nthreshold_base = %q\n", base)
		}
		text := fmt.Sprintf("title = \"t\"\npreset = %q\nballot = \"marked\"\n%s[electorate]\n%sissued = %d\nreturned = %d\n[[offices]]\nname = \"O\"\nseats = %d\ncandidates = [\"%s\"]\n",
			preset, settings, figures, papers, papers, seats, strings.Join(names, "\", \""))
		e, err := store.ParseElection("t.toml", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		round := count.NewPlan(e).Next()
		// Voters lean: some candidates are popular, so promises get made.
		lean := make([]float64, cands)
		for i := range lean {
			lean[i] = rng.Float64()
		}
		var ballots []count.Ballot
		for n := 1; n <= papers; n++ {
			b := count.Ballot{Number: n, Source: -1, Sections: []count.Marks{{}}}
			switch r := rng.IntN(20); {
			case r == 0:
				b.Invalid = count.ReasonUnreadable
			case r == 1: // blank
			default:
				for c := range cands {
					switch p := rng.Float64(); {
					case p < lean[c]:
						b.Sections[0].For = append(b.Sections[0].For, c)
					case p < lean[c]+0.1:
						b.Sections[0].Against = append(b.Sections[0].Against, c)
					}
				}
			}
			ballots = append(ballots, b)
		}
		statusAfter := func(all []count.Ballot, name string) count.Status {
			res, err := e.CountRound(round, all)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range res.Sections[0].Candidates {
				if c.Name == name {
					return c.Status
				}
			}
			return count.StatusNone
		}
		// hostile completes the first k papers with papers for the given
		// candidates only.
		hostile := func(k int, forWhom []int, writeIns []string) []count.Ballot {
			out := append([]count.Ballot(nil), ballots[:k]...)
			for n := k + 1; n <= papers; n++ {
				out = append(out, count.Ballot{Number: n, Source: -1, Sections: []count.Marks{{For: forWhom, WriteIns: writeIns}}})
			}
			return out
		}
		var newcomers []string // names nobody has written in yet
		for i := range seats {
			newcomers = append(newcomers, fmt.Sprintf("W%d", i+1))
		}
		for k := 0; k <= papers; k++ {
			res, err := e.CountRound(round, ballots[:k])
			if err != nil {
				t.Fatal(err)
			}
			if res.Void {
				continue
			}
			sec := &res.Sections[0]
			for name, ch := range chances(sec, papers-k, papers, e) {
				promises++
				c := slices.Index(names, name)
				var rivals []int // the strongest others, as many as there are seats
				for _, o := range sec.Candidates {
					if o.Name != name && len(rivals) < seats {
						rivals = append(rivals, slices.Index(names, o.Name))
					}
				}
				slices.Sort(rivals)
				say := fmt.Sprintf("trial %d (%s %s, %d for %d, %d papers): after %d papers %s", trial, preset, base, cands, seats, papers, k, name)
				switch ch {
				case chanceCertain:
					completions := [][]count.Ballot{ballots, hostile(k, rivals, nil)}
					if preset == "plurality" {
						completions = append(completions, hostile(k, nil, newcomers))
					}
					for _, all := range completions {
						if st := statusAfter(all, name); st != count.StatusElected {
							t.Fatalf("%s was called certain, and ends %v\n%s", say, st, text)
						}
					}
				case chanceImpossible:
					for _, all := range [][]count.Ballot{ballots, hostile(k, []int{c}, nil)} {
						if st := statusAfter(all, name); st == count.StatusElected {
							t.Fatalf("%s was called out of reach, and is elected\n%s", say, text)
						}
					}
				}
			}
		}
	}
	if promises < 1000 {
		t.Fatalf("only %d promises made: the test is not testing", promises)
	}
}
