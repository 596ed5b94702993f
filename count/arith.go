package count

import (
	"fmt"
	"math/big"
	"math/bits"
	"strings"
)

// ArithKind says how a ranked count computes fractional votes. A rule that
// fixes its precision gets exactly that precision; nothing is floating point.
type ArithKind int

// Arithmetic kinds. ArithNone means "the method's own default".
const (
	ArithNone ArithKind = iota
	// ArithFixed: decimal fixed point with Places digits after the point;
	// products and quotients are truncated (rounded down).
	ArithFixed
	// ArithRational: exact fractions.
	ArithRational
	// ArithGuarded: fixed point with Places + Guard digits, products and
	// quotients rounded down (toward minus infinity), where values closer
	// than half a unit of the last of the Places digits compare equal;
	// shown rounded to the nearest (Droop's guarded arithmetic).
	ArithGuarded
)

var arithNames = []string{"", "fixed", "rational", "guarded"}

func (k ArithKind) String() string { return nameOf(arithNames, int(k)) }

// MarshalText writes the kind's name.
func (k ArithKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads the kind's name.
func (k *ArithKind) UnmarshalText(b []byte) error {
	return unmarshalEnum(k, "arithmetic", arithNames, b)
}

// Num is a vote value: a scaled integer under fixed or guarded arithmetic,
// an exact fraction under rational arithmetic. The zero Num is zero. Only
// an Arith of the kind that made a Num may read it.
type Num struct {
	i int64
	r *big.Rat
	// g is the guarded value × 10^(Places+Guard): guarded precision runs
	// to 27 digits and more, past what an int64 holds.
	g *big.Int
}

// Arith does a count's arithmetic. Use NewArith.
type Arith struct {
	Kind ArithKind
	// Places are the digits kept (fixed) or shown (guarded, rational).
	Places int
	// Guard digits are kept beyond Places under guarded arithmetic.
	Guard int
	scale int64 // fixed: 10^Places
	// guarded: gscale is 10^(Places+Guard); differences below geps compare
	// equal.
	gscale, geps *big.Int
}

// NewArith returns an arithmetic. Fixed places are at most 15; guarded
// places and guard digits are not limited.
func NewArith(kind ArithKind, places, guard int) *Arith {
	a := &Arith{Kind: kind, Places: places, Guard: guard}
	if kind != ArithGuarded {
		a.Guard = 0
		a.scale = pow10(a.Places)
		return a
	}
	a.gscale = bigPow10(places + guard)
	// Half a unit of the last kept place (10^guard / 2 scaled units): the
	// guard digits absorb the rounding of a long chain of products, so
	// values that differ only there are the same value. Never less than one
	// unit, so that with no guard digits equality is exact, as in fixed.
	a.geps = new(big.Int).Quo(bigPow10(guard), big.NewInt(2))
	if a.geps.Sign() == 0 {
		a.geps.SetInt64(1)
	}
	return a
}

func bigPow10(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

func (a *Arith) guarded() bool { return a.Kind == ArithGuarded }

// gv returns a guarded value's scaled integer, not to be modified.
func (a *Arith) gv(x Num) *big.Int {
	if x.g == nil {
		return new(big.Int)
	}
	return x.g
}

// floorQuo returns x ÷ y rounded toward minus infinity, as guarded
// arithmetic rounds (Python's //, which Droop's guarded values use).
func floorQuo(x, y *big.Int) *big.Int {
	q, m := new(big.Int).QuoRem(x, y, new(big.Int))
	if m.Sign() != 0 && (m.Sign() < 0) != (y.Sign() < 0) {
		q.Sub(q, big.NewInt(1))
	}
	return q
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

func (a *Arith) rational() bool { return a.Kind == ArithRational }

// Int returns n votes.
func (a *Arith) Int(n int64) Num {
	if a.rational() {
		return Num{r: new(big.Rat).SetInt64(n)}
	}
	if a.guarded() {
		return Num{g: new(big.Int).Mul(big.NewInt(n), a.gscale)}
	}
	return Num{i: n * a.scale}
}

// Frac returns num/den, truncated under fixed arithmetic.
func (a *Arith) Frac(num, den int64) Num { return a.Div(a.Int(num), a.Int(den)) }

// Zero is 0.
func (a *Arith) Zero() Num { return a.Int(0) }

// Epsilon is the smallest positive value the arithmetic keeps (zero under
// rational arithmetic, which has none).
func (a *Arith) Epsilon() Num {
	if a.rational() {
		return Num{r: new(big.Rat)}
	}
	if a.guarded() {
		return Num{g: big.NewInt(1)}
	}
	return Num{i: 1}
}

func (a *Arith) rat(x Num) *big.Rat {
	if x.r == nil {
		return new(big.Rat)
	}
	return x.r
}

// Add returns x + y.
func (a *Arith) Add(x, y Num) Num {
	if a.rational() {
		return Num{r: new(big.Rat).Add(a.rat(x), a.rat(y))}
	}
	if a.guarded() {
		return Num{g: new(big.Int).Add(a.gv(x), a.gv(y))}
	}
	return Num{i: x.i + y.i}
}

// Sub returns x − y.
func (a *Arith) Sub(x, y Num) Num {
	if a.rational() {
		return Num{r: new(big.Rat).Sub(a.rat(x), a.rat(y))}
	}
	if a.guarded() {
		return Num{g: new(big.Int).Sub(a.gv(x), a.gv(y))}
	}
	return Num{i: x.i - y.i}
}

// Mul returns x × y, truncated to the arithmetic's precision (guarded:
// rounded down).
func (a *Arith) Mul(x, y Num) Num {
	if a.rational() {
		return Num{r: new(big.Rat).Mul(a.rat(x), a.rat(y))}
	}
	if a.guarded() {
		return Num{g: floorQuo(new(big.Int).Mul(a.gv(x), a.gv(y)), a.gscale)}
	}
	return Num{i: mulDiv(x.i, y.i, a.scale)}
}

// Div returns x ÷ y, truncated to the arithmetic's precision (guarded:
// rounded down).
func (a *Arith) Div(x, y Num) Num {
	if a.rational() {
		return Num{r: new(big.Rat).Quo(a.rat(x), a.rat(y))}
	}
	if a.guarded() {
		return Num{g: floorQuo(new(big.Int).Mul(a.gv(x), a.gscale), a.gv(y))}
	}
	return Num{i: mulDiv(x.i, a.scale, y.i)}
}

// MulDiv returns x × y ÷ z with one rounding at the end, as a rule that
// keeps the product whole (the Scottish transfer value) needs.
func (a *Arith) MulDiv(x, y, z Num) Num {
	if a.rational() {
		p := new(big.Rat).Mul(a.rat(x), a.rat(y))
		return Num{r: p.Quo(p, a.rat(z))}
	}
	if a.guarded() {
		return Num{g: floorQuo(new(big.Int).Mul(a.gv(x), a.gv(y)), a.gv(z))}
	}
	return Num{i: mulDiv(x.i, y.i, z.i)}
}

// MulInt returns x × n exactly.
func (a *Arith) MulInt(x Num, n int64) Num {
	if a.rational() {
		return Num{r: new(big.Rat).Mul(a.rat(x), new(big.Rat).SetInt64(n))}
	}
	if a.guarded() {
		return Num{g: new(big.Int).Mul(a.gv(x), big.NewInt(n))}
	}
	return Num{i: x.i * n}
}

// mulDiv returns x × y ÷ z truncated toward zero, with a 128-bit product.
func mulDiv(x, y, z int64) int64 {
	neg := (x < 0) != (y < 0) != (z < 0)
	ux, uy, uz := uabs(x), uabs(y), uabs(z)
	hi, lo := bits.Mul64(ux, uy)
	if hi >= uz {
		panic(fmt.Sprintf("count: arithmetic overflow in %d × %d ÷ %d", x, y, z))
	}
	q, _ := bits.Div64(hi, lo, uz)
	if neg {
		return -int64(q)
	}
	return int64(q)
}

func uabs(x int64) uint64 {
	if x < 0 {
		return uint64(-x)
	}
	return uint64(x)
}

// Cmp compares x and y: -1, 0 or +1. Under guarded arithmetic values that
// differ by less than half a unit of the last of the Places digits are
// equal (so equality is not transitive there).
func (a *Arith) Cmp(x, y Num) int {
	if a.rational() {
		return a.rat(x).Cmp(a.rat(y))
	}
	if a.guarded() {
		d := new(big.Int).Sub(a.gv(x), a.gv(y))
		if new(big.Int).Abs(d).Cmp(a.geps) < 0 {
			return 0
		}
		return d.Sign()
	}
	d := x.i - y.i
	switch {
	case d < 0:
		return -1
	case d > 0:
		return 1
	}
	return 0
}

// IsZero reports whether x is zero (under guarded arithmetic: within the
// guard, as Cmp says).
func (a *Arith) IsZero(x Num) bool { return a.Cmp(x, a.Zero()) == 0 }

// Floor returns the whole part of x.
func (a *Arith) Floor(x Num) int64 {
	if a.rational() {
		r := a.rat(x)
		q := new(big.Int).Div(r.Num(), r.Denom())
		return q.Int64()
	}
	if a.guarded() {
		return floorQuo(a.gv(x), a.gscale).Int64()
	}
	if x.i < 0 {
		return -((-x.i + a.scale - 1) / a.scale)
	}
	return x.i / a.scale
}

// Format writes x with places digits after the point: fixed values
// truncated, rational and guarded values rounded to the nearest shown unit
// (a half going up), as Droop shows them.
func (a *Arith) Format(x Num, places int) string {
	if a.rational() {
		// Exact values are shown rounded to the nearest shown unit, a half
		// going up, as the peers show them.
		r := a.rat(x)
		scaled := new(big.Int).Mul(r.Num(), big.NewInt(pow10(places)))
		scaled.Mul(scaled, big.NewInt(2))
		scaled.Add(scaled, r.Denom())
		scaled = floorQuo(scaled, new(big.Int).Mul(r.Denom(), big.NewInt(2)))
		return formatScaled(scaled.String(), places)
	}
	all := a.Places + a.Guard
	if a.guarded() {
		v := a.gv(x)
		if places < all {
			d := bigPow10(all - places)
			v = floorQuo(new(big.Int).Add(v, new(big.Int).Quo(d, big.NewInt(2))), d)
		} else {
			v = new(big.Int).Mul(v, bigPow10(places-all))
		}
		return formatScaled(v.String(), places)
	}
	v := x.i
	if places < all {
		v /= pow10(all - places)
	} else {
		v *= pow10(places - all)
	}
	return formatScaled(fmt.Sprint(v), places)
}

// String writes x with the arithmetic's own places.
func (a *Arith) String(x Num) string { return a.Format(x, a.Places) }

func formatScaled(s string, places int) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if places > 0 {
		for len(s) <= places {
			s = "0" + s
		}
		s = s[:len(s)-places] + "." + s[len(s)-places:]
	}
	if neg && strings.Trim(s, "0.") != "" {
		s = "-" + s
	}
	return s
}

// Parse reads a decimal such as "12.34567" (for tests and files).
func (a *Arith) Parse(s string) (Num, error) {
	r, ok := new(big.Rat).SetString(strings.TrimSpace(s))
	if !ok {
		return Num{}, fmt.Errorf("%q is not a number", s)
	}
	if a.rational() {
		return Num{r: r}, nil
	}
	if a.guarded() {
		return Num{g: floorQuo(new(big.Int).Mul(r.Num(), a.gscale), r.Denom())}, nil
	}
	scaled := new(big.Int).Mul(r.Num(), big.NewInt(a.scale))
	scaled.Quo(scaled, r.Denom())
	return Num{i: scaled.Int64()}, nil
}

// Rat returns x as an exact fraction.
func (a *Arith) Rat(x Num) *big.Rat {
	if a.rational() {
		return new(big.Rat).Set(a.rat(x))
	}
	if a.guarded() {
		return new(big.Rat).SetFrac(a.gv(x), a.gscale)
	}
	return new(big.Rat).SetFrac(big.NewInt(x.i), big.NewInt(a.scale))
}
