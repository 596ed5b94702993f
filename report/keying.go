package report

import (
	"fmt"
	"strings"

	"tally/store"
)

// Keying says in a line how a round's accepted papers were entered: keyed
// twice and compared, decided by a scrutineer, keyed once (a round that
// allows it, said plainly, since nobody checked those keyings), or
// imported from files.
func Keying(k store.KeyingSummary, lang Lang) string {
	zh := lang == LangZH
	var parts []string
	add := func(n int, en, cn string, args ...any) {
		if n == 0 {
			return
		}
		if zh {
			parts = append(parts, fmt.Sprintf(cn, append([]any{n}, args...)...))
		} else {
			parts = append(parts, fmt.Sprintf(en, append([]any{n}, args...)...))
		}
	}
	add(k.Matched, "%d keyed twice alike", "%d 张两人各录一次、结果一致")
	sep := ", "
	if zh {
		sep = "、"
	}
	add(k.Decided, "%d keyed differently and decided by %s", "%d 张两次录入不一致，由%s裁定", strings.Join(k.Deciders, sep))
	add(k.Once, "%d keyed once", "%d 张只录入一次")
	add(k.Imported, "%d imported from ballot files", "%d 张从选票文件导入")
	head := "each paper keyed twice, by two tellers"
	if zh {
		head = "每张选票由两位计票人各录一次"
	}
	if k.Mode == store.KeyingSingle {
		head = "⚠ single keying (the round allows it): each paper keyed once, not checked by a second teller"
		if zh {
			head = "⚠ 单人录入（本轮设定允许）：每张选票只录入一次，未经第二人核对"
		}
	}
	if k.Imported > 0 && k.Matched+k.Decided+k.Once == 0 {
		// Nothing was keyed at the table: how it keys would mislead.
		head = "not keyed at the table"
		if zh {
			head = "未在计票台录入"
		}
	}
	for _, im := range k.Imports {
		if im.Note == "" {
			continue
		}
		if zh {
			parts = append(parts, fmt.Sprintf("%s导入 %d 张：%s", im.By, im.Papers, im.Note))
		} else {
			parts = append(parts, fmt.Sprintf("%d imported by %s: %s", im.Papers, im.By, im.Note))
		}
	}
	if len(parts) == 0 {
		return head
	}
	if zh {
		return head + "：" + strings.Join(parts, "；")
	}
	return head + ": " + strings.Join(parts, "; ")
}
