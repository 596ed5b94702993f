package store

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"unicode"
)

// The check code ties a signed paper to the count file: the first 128
// bits of an event's hash (the journal's head, or a round's closing
// event) written as 39 decimal digits and a check digit, in eight groups
// of five:
//
//	01234-56789-01234-56789-01234-56789-01234-56789
//
// Decimal, because digits are read aloud in a Chinese hall without doubt
// (hex letters are not: b and d, 6 and b), written by hand without
// confusion, and typed on any keyboard or phone. 128 bits, because a
// forger who rewrites the journal must then find an event whose hash
// starts with the printed bits: 2^128 tries, out of reach, where the 12
// hex characters printed before (48 bits) were hours on one GPU. Groups
// of five, because five digits are said in one breath and checked at a
// glance. The check digit is Damm's: it catches every single wrong digit
// and every swap of two neighbours, the mistakes of copying by hand.
const (
	codeDigits = 39 // 10^39 > 2^128: every 128-bit value fits
	codeGroup  = 5
)

// damm is Damm's quasigroup of order 10 (totally anti-symmetric).
var damm = [10][10]byte{
	{0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
	{7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
	{4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
	{1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
	{6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
	{3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
	{5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
	{8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
	{9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
	{2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
}

func dammDigit(digits string) byte {
	var c byte
	for i := 0; i < len(digits); i++ {
		c = damm[c][digits[i]-'0']
	}
	return '0' + c
}

// CheckCode is the check code of an event's hash, given in hex as the
// store gives it (Head, a round's closing hash); "" for a hash that is
// not 64 hex characters.
func CheckCode(hexHash string) string {
	b, err := hex.DecodeString(hexHash)
	if err != nil || len(b) != 32 {
		return ""
	}
	n := new(big.Int).SetBytes(b[:16])
	digits := fmt.Sprintf("%0*s", codeDigits, n.String())
	digits += string(dammDigit(digits))
	var g []string
	for i := 0; i < len(digits); i += codeGroup {
		g = append(g, digits[i:i+codeGroup])
	}
	return strings.Join(g, "-")
}

// ErrCodeForm is a check code (or hash) not written in a form this
// program accepts: a mistake in the argument, not in the file.
var ErrCodeForm = errors.New("not a check code")

// ParseCheckCode reads what a person copied from a paper: the check code
// (any spaces, hyphens or full-width digits between its groups), or a
// whole SHA-256 hash in hex. It returns the code's canonical form, or the
// hash in lower case. A shorter prefix of either is refused: a forger
// could search for a match to it.
func ParseCheckCode(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) == 64 {
		if _, err := hex.DecodeString(s); err == nil {
			return strings.ToLower(s), nil
		}
	}
	var digits strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r >= '０' && r <= '９':
			digits.WriteRune('0' + r - '０')
		case r == '-' || r == '－' || r == '—' || r == '–' || unicode.IsSpace(r):
		default:
			return "", fmt.Errorf("%w: %q is not a digit; a check code is 40 digits in eight groups of five, such as 01234-56789-01234-56789-01234-56789-01234-56789, or give the whole 64-character hash", ErrCodeForm, r)
		}
	}
	d := digits.String()
	if len(d) != codeDigits+1 {
		return "", fmt.Errorf("%w: %d digits; a check code has 40, in eight groups of five (or give the whole 64-character hash)", ErrCodeForm, len(d))
	}
	if dammDigit(d[:codeDigits]) != d[codeDigits] {
		return "", fmt.Errorf("%w: its check digit does not fit: a digit was copied wrong, or two were swapped; read the code on the paper again", ErrCodeForm)
	}
	var g []string
	for i := 0; i < len(d); i += codeGroup {
		g = append(g, d[i:i+codeGroup])
	}
	return strings.Join(g, "-"), nil
}

// CodeMatch says which event a paper's check code names.
type CodeMatch struct {
	// Seq is the event; Round is the round it closed, 0 for the head.
	Seq   uint64
	Round int
	// Events is how many events the journal holds now.
	Events uint64
}

// MatchCheckCode finds the event whose hash a parsed check code (or whole
// hash) names: the journal's head (a sheet of the whole count, or of an
// open round) or a round's closing event (a round's sheet, true however
// many events follow). ok is false if neither has it.
func (f *CountFile) MatchCheckCode(code string) (m CodeMatch, ok bool) {
	is := func(hexHash string) bool {
		if len(code) == 64 {
			return hexHash == code
		}
		return CheckCode(hexHash) == code
	}
	n, head := f.Head()
	if is(head) {
		return CodeMatch{Seq: n, Events: n}, true
	}
	for _, r := range f.State().Rounds {
		if r.Closed && is(hex.EncodeToString(r.ClosedHash[:])) {
			return CodeMatch{Seq: r.ClosedSeq, Round: r.Number, Events: n}, true
		}
	}
	return CodeMatch{Events: n}, false
}
