package count

import (
	"fmt"
	"strings"
	"testing"
)

// A message that quotes a 20 MB cell quotes its start and says its length.
func TestBoundQuotes_HugeValueNamedByItsStart(t *testing.T) {
	huge := strings.Repeat("N", 20_000_000)
	msg := fmt.Sprintf("big.csv:2: invalid: unknown reason %q: expected an empty cell or one of over-vote, …", huge)
	got := BoundQuotes(msg)
	want := `big.csv:2: invalid: unknown reason "` + strings.Repeat("N", MaxQuoted) + `…" (20000000 characters): expected an empty cell or one of over-vote, …`
	if got != want {
		t.Fatalf("got %.200s", got)
	}
	short := fmt.Sprintf("a.csv:3: %q is not a mark; %q neither", "x", strings.Repeat("名", MaxQuoted))
	if BoundQuotes(short) != short {
		t.Errorf("a message quoting short values changed: %s", BoundQuotes(short))
	}
	esc := fmt.Sprintf("%q and after", strings.Repeat("\u00e9\x01", 100))
	if got := BoundQuotes(esc); !strings.HasSuffix(got, `…" (500 characters) and after`) || strings.Contains(got, `\x…`) {
		t.Errorf("an escaped value: %s", got)
	}
}
