package count

import "testing"

// Rankings naming a candidate who is not there, or a negative count, are
// refused by every method alike, never counted or crashed on.
func TestRankedCount_BadRankingsRefusedByEveryMethod(t *testing.T) {
	for _, m := range ImplementedRankedMethods() {
		var method RankedMethod
		if err := method.UnmarshalText([]byte(m)); err != nil {
			t.Fatal(err)
		}
		rules := DefaultRankedRules(method)
		rules.Seats = 1
		for _, b := range []Ranking{{Ranks: [][]int{{5}}, Count: 1}, {Ranks: [][]int{{0}}, Count: -1}} {
			in := &RankedInput{Candidates: []string{"A", "B"}, Ballots: []Ranking{b}}
			if _, err := rules.Count(in); err == nil {
				t.Errorf("%s counted %+v", m, b)
			}
		}
	}
}
