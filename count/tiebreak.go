package count

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf16"
)

// Tie kinds: what a tie decides.
const (
	TieEliminate = "eliminate"
	TieElect     = "elect"
	TieSurplus   = "surplus"
)

// errPendingLot stops a count at a tie that needs a lot drawn at the table.
type errPendingLot struct{ tie TieBreak }

func (e *errPendingLot) Error() string {
	return fmt.Sprintf("round %d: %s, %s tie: a lot must be drawn", e.tie.Round, strings.Join(e.tie.Among, ", "), e.tie.Kind)
}

// tieBreaker settles a count's ties by its rules and records each one.
// Methods record every round's votes so ties can look back at them.
type tieBreaker struct {
	rules   TieRules
	cands   []string
	arith   *Arith
	order   []int // position of each candidate in the tie order
	rng     *javaRandom
	history [][]Num
	ties    []TieBreak
}

func newTieBreaker(rules TieRules, cands []string, a *Arith) *tieBreaker {
	t := &tieBreaker{rules: rules, cands: cands, arith: a, order: make([]int, len(cands))}
	pos := map[string]int{}
	for i, n := range rules.Order {
		pos[n] = i
	}
	for i, n := range cands {
		p, ok := pos[n]
		if !ok {
			p = len(rules.Order) + i
		}
		t.order[i] = p
	}
	if rules.Rule == TieRandom || rules.Fallback == TieRandom {
		t.rng = newJavaRandom(rules.Seed)
	}
	if rules.Rule == TiePermutation {
		// One draw before the count: the permutation is the tie order.
		perm := newJavaRandom(rules.Seed).permutation(cands)
		for i, n := range perm {
			t.order[slices.Index(cands, n)] = i
		}
	}
	return t
}

// record keeps a round's votes (by candidate index) for TiePrevious.
func (t *tieBreaker) record(votes []Num) {
	t.history = append(t.history, append([]Num(nil), votes...))
}

// pick settles a tie among tied (candidate indexes) in round for kind, and
// returns the candidate the tie is decided for: the one eliminated, the one
// elected, or the one whose surplus goes first.
func (t *tieBreaker) pick(round int, kind string, tied []int) (int, error) {
	if len(tied) == 0 {
		return -1, fmt.Errorf("round %d: a %s tie among nobody", round, kind)
	}
	if len(tied) == 1 {
		return tied[0], nil
	}
	tb := TieBreak{Round: round, Kind: kind, Among: t.names(tied)}
	chosen, err := t.settle(&tb, t.rules.Rule, tied)
	if err != nil {
		return -1, err
	}
	tb.Chosen = t.cands[chosen]
	t.ties = append(t.ties, tb)
	return chosen, nil
}

func (t *tieBreaker) names(ix []int) []string {
	out := make([]string, len(ix))
	for i, c := range ix {
		out[i] = t.cands[c]
	}
	return out
}

func (t *tieBreaker) settle(tb *TieBreak, rule RankedTieRule, tied []int) (int, error) {
	switch rule {
	case TiePrevious:
		still, rounds := t.byPrevious(tb.Kind, tied)
		tb.Rounds = rounds
		if len(rounds) > 0 {
			var rs []string
			for _, r := range rounds {
				rs = append(rs, fmt.Sprintf("round %d", r))
			}
			tb.Detail = strings.Join(rs, ", ")
		}
		if len(still) == 1 {
			tb.How = "previous"
			return still[0], nil
		}
		fb := t.rules.Fallback
		if fb == TieNone || fb == TiePrevious {
			fb = TieOrder
		}
		c, err := t.settle(tb, fb, still)
		if err == nil {
			tb.How = "previous, then " + tb.How
		}
		return c, err
	case TieRandom:
		sorted := append([]int(nil), tied...)
		sort.Slice(sorted, func(i, j int) bool { return javaLess(t.cands[sorted[i]], t.cands[sorted[j]]) })
		idx := t.rng.intN(len(sorted))
		tb.How = "random"
		tb.Seed, tb.Draw, tb.Of = t.rules.Seed, idx+1, len(sorted)
		tb.Detail = strings.TrimPrefix(tb.Detail+"; ", "; ") + fmt.Sprintf("seed %d, draw %d of %d among the names in order", t.rules.Seed, idx+1, len(sorted))
		return sorted[idx], nil
	case TieLots:
		for _, l := range t.rules.Lots {
			if l.Round == tb.Round && sameSet(l.Among, tb.Among) {
				if c := slices.Index(t.cands, l.Chosen); c >= 0 && slices.Contains(tied, c) {
					tb.How = "lots"
					return c, nil
				}
			}
		}
		tb.How = "pending"
		return -1, &errPendingLot{*tb}
	}
	// TieOrder, and the default.
	sorted := append([]int(nil), tied...)
	sort.Slice(sorted, func(i, j int) bool { return t.order[sorted[i]] < t.order[sorted[j]] })
	tb.How = "order"
	if rule == TiePermutation {
		tb.How, tb.Detail, tb.Seed = "permutation", fmt.Sprintf("seed %d", t.rules.Seed), t.rules.Seed
	}
	if tb.Kind == TieEliminate && !t.rules.OrderPicksFirst {
		return sorted[len(sorted)-1], nil
	}
	return sorted[0], nil
}

// byPrevious narrows a tie by the previous rounds, most recent first: for
// elimination the fewest votes go, otherwise the most votes win. Each
// earlier round narrows the group further until one is left.
func (t *tieBreaker) byPrevious(kind string, tied []int) ([]int, []int) {
	still := tied
	var rounds []int
	// The current round is the last recorded; look before it.
	for r := len(t.history) - 2; r >= 0 && len(still) > 1; r-- {
		votes := t.history[r]
		best := still[0]
		for _, c := range still[1:] {
			cmp := t.arith.Cmp(votes[c], votes[best])
			if kind == TieEliminate && cmp < 0 || kind != TieEliminate && cmp > 0 {
				best = c
			}
		}
		var next []int
		for _, c := range still {
			if t.arith.Cmp(votes[c], votes[best]) == 0 {
				next = append(next, c)
			}
		}
		if len(next) < len(still) {
			rounds = append(rounds, r+1)
		}
		still = next
	}
	return still, rounds
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x := append([]string(nil), a...)
	y := append([]string(nil), b...)
	sort.Strings(x)
	sort.Strings(y)
	return slices.Equal(x, y)
}

// javaLess orders names as Java's String.compareTo does (UTF-16 code
// units), so that a seeded draw matches other tabulators using the same
// generator.
func javaLess(a, b string) bool {
	x, y := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	for i := 0; i < len(x) && i < len(y); i++ {
		if x[i] != y[i] {
			return x[i] < y[i]
		}
	}
	return len(x) < len(y)
}

// javaRandom is the 48-bit linear congruential generator of Java's
// java.util.Random (Knuth, TAOCP 3.2.1), which US tabulators use for
// seeded tie-breaks: the same seed gives the same draws here and there.
type javaRandom struct{ seed uint64 }

const (
	jrMultiplier = 0x5DEECE66D
	jrMask       = (1 << 48) - 1
)

func newJavaRandom(seed int64) *javaRandom {
	return &javaRandom{seed: (uint64(seed) ^ jrMultiplier) & jrMask}
}

func (r *javaRandom) next(bits uint) uint64 {
	r.seed = (r.seed*jrMultiplier + 0xB) & jrMask
	return r.seed >> (48 - bits)
}

// intN returns floor(nextDouble() × n), exactly.
func (r *javaRandom) intN(n int) int {
	v := r.next(26)<<27 + r.next(27) // 53 bits
	hi, lo := mul64(v, uint64(n))
	return int(hi<<11 | lo>>53)
}

func mul64(a, b uint64) (hi, lo uint64) {
	const mask32 = 1<<32 - 1
	a0, a1 := a&mask32, a>>32
	b0, b1 := b&mask32, b>>32
	w0 := a0 * b0
	t := a1*b0 + w0>>32
	w1 := t&mask32 + a0*b1
	hi = a1*b1 + t>>32 + w1>>32
	lo = a * b
	return
}

// nextInt returns Java's nextInt(bound).
func (r *javaRandom) nextInt(bound int) int {
	b := int64(bound)
	if b&(-b) == b {
		return int((b * int64(r.next(31))) >> 31)
	}
	for {
		bits := int64(r.next(31))
		val := bits % b
		if int32(bits-val+(b-1)) >= 0 {
			return int(val)
		}
	}
}

// permutation returns names shuffled as Java's Collections.shuffle does
// with this generator, from their Java string order.
func (r *javaRandom) permutation(names []string) []string {
	out := append([]string(nil), names...)
	sort.Slice(out, func(i, j int) bool { return javaLess(out[i], out[j]) })
	for i := len(out) - 1; i > 0; i-- {
		j := r.nextInt(i + 1)
		out[i], out[j] = out[j], out[i]
	}
	return out
}
