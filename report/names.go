package report

import (
	"fmt"

	"tally/count"
	"tally/store"
)

// The one table of round names: every screen, sheet, report and command
// names a kind of round from here, in English and Chinese.
var roundKindNames = map[count.RoundKind][2]string{
	count.RoundFirst:        {"first vote", "正式选举"},
	count.RoundRerun:        {"re-run", "重新投票"},
	count.RoundTieRevote:    {"tie re-vote", "得票相等者再次投票"},
	count.RoundExtra:        {"extra round", "另行选举"},
	count.RoundRecommend:    {"recommendation vote", "推荐投票"},
	count.RoundCutoffRevote: {"cut-off re-vote", "末位得票相等者再次投票"},
}

// pick takes the English or the Chinese of a pair.
func pick(p [2]string, l Lang) string {
	if l == LangZH {
		return p[1]
	}
	return p[0]
}

// RoundKindName names a kind of round: "extra round", "另行选举".
func RoundKindName(k count.RoundKind, l Lang) string {
	if p, ok := roundKindNames[k]; ok {
		return pick(p, l)
	}
	return k.String()
}

// RoundName names a round with its contest, its number in that contest
// and its kind: "书记 round 1 · first vote", "书记 第1轮 · 正式选举".
func RoundName(r *count.Round, l Lang) string {
	name := fmt.Sprintf(pick([2]string{"%s round %d · %s", "%s 第%d轮 · %s"}, l), r.Contest, r.Number, RoundKindName(r.Kind(), l))
	if r.Rerun {
		name += pick([2]string{" (re-run of a void round)", "（无效后重新投票）"}, l)
	}
	return name
}

// The one table of role names.
var roleNames = map[string][2]string{
	store.RoleChief:      {"Chief scrutineer", "总监票人"},
	store.RoleScrutineer: {"Scrutineer", "监票人"},
	store.RoleKeyer:      {"Teller", "计票人"},
	store.RoleCaller:     {"Caller", "唱票人"},
	store.RoleImporter:   {"Importer", "导入人"},
}

// RoleName names a role at the table ("chief-scrutineer", …) in the
// language.
func RoleName(role string, l Lang) string {
	if p, ok := roleNames[role]; ok {
		return pick(p, l)
	}
	return role
}
