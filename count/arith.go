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
	// ArithGuarded: fixed point with Places + Guard digits, where values
	// closer than half a unit of the shown precision compare equal.
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
// an exact fraction under rational arithmetic. The zero Num is zero.
type Num struct {
	i int64
	r *big.Rat
}

// Arith does a count's arithmetic. Use NewArith.
type Arith struct {
	Kind ArithKind
	// Places are the digits kept (fixed) or shown (guarded, rational).
	Places int
	// Guard digits are kept beyond Places under guarded arithmetic.
	Guard int
	scale int64 // 10^(Places+Guard) for fixed and guarded
	geps  int64 // guarded: values this close compare equal
}

// NewArith returns an arithmetic. places is at most 15.
func NewArith(kind ArithKind, places, guard int) *Arith {
	a := &Arith{Kind: kind, Places: places, Guard: guard}
	if kind != ArithGuarded {
		a.Guard = 0
	}
	a.scale = pow10(a.Places + a.Guard)
	if kind == ArithGuarded {
		// Half a unit of the shown precision: 10^(guard) / 2 in scaled units.
		a.geps = pow10(a.Guard) / 2
	}
	return a
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
	return Num{i: x.i + y.i}
}

// Sub returns x − y.
func (a *Arith) Sub(x, y Num) Num {
	if a.rational() {
		return Num{r: new(big.Rat).Sub(a.rat(x), a.rat(y))}
	}
	return Num{i: x.i - y.i}
}

// Mul returns x × y, truncated to the arithmetic's precision.
func (a *Arith) Mul(x, y Num) Num {
	if a.rational() {
		return Num{r: new(big.Rat).Mul(a.rat(x), a.rat(y))}
	}
	return Num{i: mulDiv(x.i, y.i, a.scale)}
}

// Div returns x ÷ y, truncated to the arithmetic's precision.
func (a *Arith) Div(x, y Num) Num {
	if a.rational() {
		return Num{r: new(big.Rat).Quo(a.rat(x), a.rat(y))}
	}
	return Num{i: mulDiv(x.i, a.scale, y.i)}
}

// MulInt returns x × n exactly.
func (a *Arith) MulInt(x Num, n int64) Num {
	if a.rational() {
		return Num{r: new(big.Rat).Mul(a.rat(x), new(big.Rat).SetInt64(n))}
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

// Cmp compares x and y: -1, 0 or +1. Under guarded arithmetic values within
// half a unit of the shown precision are equal.
func (a *Arith) Cmp(x, y Num) int {
	if a.rational() {
		return a.rat(x).Cmp(a.rat(y))
	}
	d := x.i - y.i
	if a.Kind == ArithGuarded && d < a.geps && d > -a.geps {
		return 0
	}
	switch {
	case d < 0:
		return -1
	case d > 0:
		return 1
	}
	return 0
}

// IsZero reports whether x is zero (under guarded arithmetic: within the guard).
func (a *Arith) IsZero(x Num) bool { return a.Cmp(x, a.Zero()) == 0 }

// Floor returns the whole part of x.
func (a *Arith) Floor(x Num) int64 {
	if a.rational() {
		r := a.rat(x)
		q := new(big.Int).Div(r.Num(), r.Denom())
		return q.Int64()
	}
	if x.i < 0 {
		return -((-x.i + a.scale - 1) / a.scale)
	}
	return x.i / a.scale
}

// Format writes x with places digits after the point, truncated (rational
// and guarded values are rounded down to what is shown).
func (a *Arith) Format(x Num, places int) string {
	if a.rational() {
		r := a.rat(x)
		scaled := new(big.Int).Mul(r.Num(), big.NewInt(pow10(places)))
		scaled.Quo(scaled, r.Denom())
		return formatScaled(scaled.String(), places)
	}
	all := a.Places + a.Guard
	v := x.i
	if places < all {
		d := pow10(all - places)
		if a.Kind == ArithGuarded {
			// Guarded values are shown rounded to the nearest shown unit.
			if v >= 0 {
				v = (v + d/2) / d
			} else {
				v = -((-v + d/2) / d)
			}
		} else {
			v /= d
		}
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
	scaled := new(big.Int).Mul(r.Num(), big.NewInt(a.scale))
	scaled.Quo(scaled, r.Denom())
	return Num{i: scaled.Int64()}, nil
}

// Rat returns x as an exact fraction.
func (a *Arith) Rat(x Num) *big.Rat {
	if a.rational() {
		return new(big.Rat).Set(a.rat(x))
	}
	return new(big.Rat).SetFrac(big.NewInt(x.i), big.NewInt(a.scale))
}
