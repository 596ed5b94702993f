package store

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

const (
	rolesTableStart = "<!-- roles table start -->\n"
	rolesTableEnd   = "<!-- roles table end -->"
)

// rolesTable renders Permissions as the docs print it.
func rolesTable(zh bool) string {
	var b strings.Builder
	if zh {
		b.WriteString("| 事件 | 可由 | 须经确认 | 规则 |\n|---|---|---|---|\n")
	} else {
		b.WriteString("| event | by | confirmed by | rule |\n|---|---|---|---|\n")
	}
	list := func(roles []string) string {
		if len(roles) == 0 {
			return "—"
		}
		var q []string
		for _, r := range roles {
			if strings.Contains(r, " ") {
				q = append(q, r)
			} else {
				q = append(q, "`"+r+"`")
			}
		}
		return strings.Join(q, ", ")
	}
	for _, p := range Permissions {
		by := list(p.By)
		if p.By == nil {
			by = "the program"
			if zh {
				by = "程序"
			}
		}
		rule := p.Rule
		if zh {
			rule = p.RuleZH
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", p.Kind, by, list(p.Confirm), rule)
	}
	return b.String()
}

// docs/roles.md and roles.zh.md print the table the store enforces, and
// every event kind has its row.
func TestRoles_DocsPrintTheTableTheStoreEnforces(t *testing.T) {
	for i := int(EventNone) + 1; i < len(eventKindNames); i++ {
		if permission(EventKind(i)) == nil {
			t.Errorf("event kind %s has no row in Permissions", EventKind(i))
		}
	}
	for _, d := range []struct {
		path string
		zh   bool
	}{{"../docs/roles.md", false}, {"../docs/roles.zh.md", true}} {
		raw, err := os.ReadFile(d.path)
		if err != nil {
			t.Fatal(err)
		}
		doc := string(raw)
		start, end := strings.Index(doc, rolesTableStart), strings.Index(doc, rolesTableEnd)
		if start < 0 || end < start {
			t.Fatalf("%s has no table markers", d.path)
		}
		start += len(rolesTableStart)
		if got, want := doc[start:end], rolesTable(d.zh); got != want {
			if *updateDocs {
				if err := os.WriteFile(d.path, []byte(doc[:start]+want+doc[end:]), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			t.Errorf("%s differs from store.Permissions; run go test ./store -run %s -update-docs", d.path, t.Name())
		}
	}
}
