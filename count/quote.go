package count

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxQuoted is how many characters of a value a message quotes: a cell of
// twenty megabytes is named by its start and its length, not printed.
const MaxQuoted = 60

// BoundQuotes shortens every double-quoted value in a message (as %q
// writes it) that is longer than MaxQuoted characters to its first
// MaxQuoted, an ellipsis and its length: `"NNNN…" (20000000 characters)`.
// Messages quote what the user gave them; a bounded one still says what
// and where.
func BoundQuotes(msg string) string {
	if len(msg) < 2*MaxQuoted {
		return msg
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(msg, '"')
		if i < 0 {
			b.WriteString(msg)
			return b.String()
		}
		b.WriteString(msg[:i+1])
		msg = msg[i+1:]
		end := -1 // the closing quote, escaped characters skipped
		for j := 0; j < len(msg); j++ {
			if msg[j] == '\\' {
				j++
			} else if msg[j] == '"' {
				end = j
				break
			}
		}
		if end < 0 {
			end = len(msg)
		}
		value, n := msg[:end], utf8.RuneCountInString(msg[:end])
		if n > MaxQuoted {
			value = cutRunes(value, MaxQuoted) + "…"
		}
		b.WriteString(value)
		if end < len(msg) {
			b.WriteByte('"')
			msg = msg[end+1:]
		} else {
			msg = ""
		}
		if n > MaxQuoted {
			fmt.Fprintf(&b, " (%d characters)", n)
		}
	}
}

// cutRunes returns the first n characters of s, never ending inside an
// escape such as \u00e9.
func cutRunes(s string, n int) string {
	k := 0
	for i := range s {
		if k == n {
			if j := strings.LastIndexByte(s[:i], '\\'); j >= 0 && i-j < 10 {
				return s[:j]
			}
			return s[:i]
		}
		k++
	}
	return s
}
