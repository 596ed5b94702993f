package count

import (
	"math/big"
	"testing"
)

func guardedParse(t *testing.T, a *Arith, s string) Num {
	t.Helper()
	x, err := a.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// Guarded values that differ by less than half a unit of the last kept
// place (Places) are the same value; half a unit or more apart, they are not.
func TestGuardedEqualWithinHalfAUnit(t *testing.T) {
	a := NewArith(ArithGuarded, 2, 2) // kept to 0.01, computed to 0.0001
	for _, tc := range []struct {
		x, y string
		want int
	}{
		{"0.3333", "0.3333", 0},
		{"0.3333", "0.3382", 0},  // 0.0049 apart
		{"0.3333", "0.3383", -1}, // 0.0050 apart
		{"0.3383", "0.3333", 1},
		{"-0.0049", "0", 0},
		{"-0.0050", "0", -1},
		{"2", "1.9951", 0},
	} {
		if got := a.Cmp(guardedParse(t, a, tc.x), guardedParse(t, a, tc.y)); got != tc.want {
			t.Errorf("Cmp(%s, %s) = %d, want %d", tc.x, tc.y, got, tc.want)
		}
	}
	if !a.IsZero(guardedParse(t, a, "0.0049")) || a.IsZero(guardedParse(t, a, "0.0050")) {
		t.Error("IsZero must follow Cmp's tolerance")
	}
}

// With no guard digits guarded arithmetic compares exactly, as fixed does.
func TestGuardedWithoutGuardComparesExactly(t *testing.T) {
	a := NewArith(ArithGuarded, 4, 0)
	if a.Cmp(a.Int(1), a.Add(a.Int(1), a.Epsilon())) != -1 {
		t.Error("1 and 1.0001 compare equal with no guard digits")
	}
}

// Products and quotients keep every guard digit and round down, toward
// minus infinity, as Droop's guarded values do.
func TestGuardedRoundsDown(t *testing.T) {
	a := NewArith(ArithGuarded, 2, 2)
	third := a.Div(a.Int(1), a.Int(3))
	for _, tc := range []struct {
		name string
		got  Num
		want string
	}{
		{"1/3", third, "0.3333"},
		{"2/3", a.Frac(2, 3), "0.6666"},
		{"-1/3", a.Div(a.Int(-1), a.Int(3)), "-0.3334"},
		{"1/3 × 1/3", a.Mul(third, third), "0.1110"},
		{"-1/3 × 1/3", a.Mul(a.Sub(a.Zero(), third), third), "-0.1111"},
		{"1/3 × 7", a.MulInt(third, 7), "2.3331"},
	} {
		if s := a.Format(tc.got, 4); s != tc.want {
			t.Errorf("%s = %s, want %s", tc.name, s, tc.want)
		}
	}
	if f := a.Floor(a.Div(a.Int(-1), a.Int(3))); f != -1 {
		t.Errorf("Floor(-1/3) = %d, want -1", f)
	}
}

// Guarded values are shown rounded to the nearest shown place, a half
// going up, whatever the guard digits hold.
func TestGuardedFormatRoundsToNearest(t *testing.T) {
	a := NewArith(ArithGuarded, 2, 2)
	for _, tc := range []struct {
		x      string
		places int
		want   string
	}{
		{"0.3349", 2, "0.33"},
		{"0.3350", 2, "0.34"},
		{"0.9950", 2, "1.00"},
		{"0.6666", 2, "0.67"},
		{"-0.3349", 2, "-0.33"},
		{"-0.3351", 2, "-0.34"},
		{"-0.0049", 2, "0.00"},
		{"0.6666", 4, "0.6666"},
		{"0.6666", 6, "0.666600"},
		{"12.5", 0, "13"},
	} {
		if got := a.Format(guardedParse(t, a, tc.x), tc.places); got != tc.want {
			t.Errorf("Format(%s, %d) = %s, want %s", tc.x, tc.places, got, tc.want)
		}
	}
}

// Droop's Meek default keeps 18 places and 9 guard digits, 27 in all:
// more than an int64 holds, and products of millions of votes still fit.
func TestGuardedKeepsTwentySevenDigits(t *testing.T) {
	a := NewArith(ArithGuarded, 18, 9)
	million := a.Int(1_000_000)
	if got := a.Format(a.Mul(million, million), 18); got != "1000000000000.000000000000000000" {
		t.Errorf("10^6 × 10^6 = %s", got)
	}
	if got := a.Format(a.Frac(2, 3), 18); got != "0.666666666666666667" {
		t.Errorf("2/3 shown at 18 places: %s", got)
	}
	if got := a.Rat(a.Epsilon()); got.Cmp(big.NewRat(1, 1)) >= 0 || got.Sign() <= 0 {
		t.Errorf("epsilon %s", got.RatString())
	}
	if got := a.Rat(a.Epsilon()).Denom(); got.Cmp(new(big.Int).Exp(big.NewInt(10), big.NewInt(27), nil)) != 0 {
		t.Errorf("epsilon is 1/%s, want 1/10^27", got)
	}
	// The zero Num is zero.
	if a.Cmp(a.Add(Num{}, a.Int(1)), a.Int(1)) != 0 || !a.IsZero(Num{}) {
		t.Error("the zero Num is not zero")
	}
	if f := a.Floor(a.Frac(7, 2)); f != 3 {
		t.Errorf("Floor(7/2) = %d", f)
	}
}
