package store

import (
	"errors"
	"strings"
	"testing"
)

// Damm's check digit of 572 is 4 (the worked example of Damm's method).
func TestDamm_WorkedExample(t *testing.T) {
	if got := dammDigit("572"); got != '4' {
		t.Fatalf("check digit of 572: %c, want 4", got)
	}
	if dammDigit("5724") != '0' {
		t.Fatal("572 with its check digit 4 does not check to 0")
	}
}

const someHash = "26fe14071c8f6508eedc9a2f95d8069d47d4b1066232e078420ac66a4c963529"

// The code is the first 128 bits in decimal (0x26fe14071c8f6508eedc9a2f95d8069d
// = 51829913453522793812253334183299516061 by Python), with a check digit, in
// eight groups of five.
func TestCheckCode_FirstHalfInDecimalWithCheckDigit(t *testing.T) {
	got := CheckCode(someHash)
	if !strings.HasPrefix(strings.ReplaceAll(got, "-", ""), "051829913453522793812253334183299516061") {
		t.Fatalf("code %s does not carry the hash's first 128 bits in 39 digits", got)
	}
	groups := strings.Split(got, "-")
	if len(groups) != 8 {
		t.Fatalf("code %s: %d groups, want 8", got, len(groups))
	}
	for _, g := range groups {
		if len(g) != 5 {
			t.Fatalf("code %s: a group of %d", got, len(g))
		}
	}
	if CheckCode("abc") != "" {
		t.Error("a short hash has a code")
	}
}

// What a person copied is read in any spacing, with full-width digits;
// a wrong digit, a swap of neighbours or a short prefix is refused as a
// mistake in the argument, never matched.
func TestParseCheckCode_CatchesCopyingMistakes(t *testing.T) {
	code := CheckCode(someHash)
	plain := strings.ReplaceAll(code, "-", "")
	for _, in := range []string{code, plain, strings.ReplaceAll(code, "-", " "), toFullWidth(code), strings.ToUpper(someHash)} {
		got, err := ParseCheckCode(in)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if got != code && got != someHash {
			t.Errorf("%q read as %q", in, got)
		}
	}
	for i := 0; i < len(plain); i++ {
		wrong := []byte(plain)
		wrong[i] = '0' + (wrong[i]-'0'+3)%10
		if _, err := ParseCheckCode(string(wrong)); !errors.Is(err, ErrCodeForm) {
			t.Errorf("digit %d copied wrong: %v", i+1, err)
		}
		if i+1 < len(plain) && plain[i] != plain[i+1] {
			sw := []byte(plain)
			sw[i], sw[i+1] = sw[i+1], sw[i]
			if _, err := ParseCheckCode(string(sw)); !errors.Is(err, ErrCodeForm) {
				t.Errorf("digits %d and %d swapped: %v", i+1, i+2, err)
			}
		}
	}
	for _, in := range []string{"9bb4d16bea36", someHash[:32], "abc", plain[:35]} {
		if _, err := ParseCheckCode(in); !errors.Is(err, ErrCodeForm) {
			t.Errorf("%q accepted: %v", in, err)
		}
	}
}

func toFullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune('０' + r - '0')
		case r == '-':
			b.WriteRune('－')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
