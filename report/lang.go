// Package report holds every word about a count, for people and for
// machines: the round-by-round text report of tally tabulate and tally
// result, the count sheet (计票结果报告单) as text, Markdown, HTML and PDF,
// its CSV and JSON documents, the result document, the journal as people
// read it, and the names of rounds, roles and ballot states, in Chinese
// and English. It reads counts (package count) and count files (package
// store); it draws no screen and writes no count file: the counting table
// (package tui) and the command (cmd/tally) call it for their words.
package report

import (
	"os"
	"strings"
)

// Lang is the language of the text.
type Lang int

// Languages. The zero value means "from the environment".
const (
	LangAuto Lang = iota
	LangEN
	LangZH
	// LangBoth: Chinese and English side by side, for a count sheet.
	LangBoth
)

// ParseLang reads "en" or "zh" (also zh-CN, zh_CN.UTF-8, en_GB…).
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "":
		return LangAuto, true
	case strings.HasPrefix(s, "zh"):
		return LangZH, true
	case strings.HasPrefix(s, "en"):
		return LangEN, true
	}
	return LangAuto, false
}

// EnvLang returns the language the environment asks for (LC_ALL,
// LC_MESSAGES, LANG, in that order), or English.
func EnvLang() Lang {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" && v != "C" && v != "POSIX" {
			if l, ok := ParseLang(v); ok && l != LangAuto {
				return l
			}
			return LangEN
		}
	}
	return LangEN
}

// Resolve picks the first language that is set: an explicit choice, the
// election file's, then the environment's.
func Resolve(flag, election string) Lang {
	if l, ok := ParseLang(flag); ok && l != LangAuto {
		return l
	}
	if l, ok := ParseLang(election); ok && l != LangAuto {
		return l
	}
	return EnvLang()
}

// words is the report's text in one language. Entries that take figures
// are format strings; their comments give the arguments in order.
type words struct {
	round   string // number
	roundOf string // contest, number
	lang    Lang   // the round names are RoundKindName's, in this language
	stage   string // number
	extraOf string // number

	preset, ballot, seats, candidates string
	presets, ballotKinds              map[string]string
	competitive                       string // candidates over seats
	uncontested                       string

	validity, figures, ballots string
	quorumLabel                map[string]string // by check rule
	accountLabel               string
	quorumLine                 map[string]string // value, of, compare, fraction; by rule
	accountLine                map[string]string // value, of; by rule
	stands, fails, unchecked   string
	missing                    string // figure, figure
	figureNames                map[string]string
	proxies                    string // n

	cast, valid, blank, invalid, partly string
	notCounted                          string
	reasons                             map[string]string

	thresholdLabel, floorLabel, ruleLabel string
	thresholdLine                         string // compare, base name, base value, fraction, need
	floorLine                             string // base name, base value, fraction, need
	plainRule                             map[string]string
	compares, bases                       map[string]string

	colNo, colName, colFor, colAgainst, colAbstain  string
	colTotal, colScore, colResult, colWhy, colVotes string

	statuses    map[string]string
	whys        map[string]string // see whyText for each one's arguments
	writeIn     string
	carried     string
	higher      string
	combined    string
	weighted    string // sources
	keepRule    string // keep, seats, seats, ratio
	keepPlain   string // keep
	waitingFor  string // office
	decidedFrom string // round

	outcome, elected, kept, none string
	tiedFor                      string // seats, names
	open                         string // seats

	next                          string
	done                          string
	rerunQuorum, rerunAcct        string // round, contest, round
	listExtra                     string // size, open, open, margin
	listOneSeatTwo                string
	listShort                     string            // n
	dropped, skipped              string            // names; stages
	candidatesIn, carriedIn       string            // names
	vacancies                     map[string]string // office, seats
	lots                          string
	rules, fromPreset             string
	overridden, inferred          string
	notes                         string
	noteText                      map[string]string
	listSep, colon, open_, close_ string
	electionDecided               string
}

var en = words{
	round:   "round %d",
	roundOf: "%s · round %d",
	lang:    LangEN,
	stage:   "stage %d",
	extraOf: "extra round %d",

	preset: "preset", ballot: "ballot", seats: "seats", candidates: "candidates",
	presets:     map[string]string{"party": "party", "village": "village", "congress": "congress", "plurality": "plurality"},
	ballotKinds: map[string]string{"marked": "marked (for / against / abstain)", "choice": "choice", "ranked": "ranked"},
	competitive: "competitive list: %d more candidates than seats",
	uncontested: "as many candidates as seats",

	validity: "Validity", figures: "Figures", ballots: "Ballots",
	quorumLabel:  map[string]string{"quorum-entitled": "Attendance", "quorum-registered": "Turnout"},
	accountLabel: "Ballot account",
	quorumLine: map[string]string{
		"quorum-entitled":   "%d present of %d entitled: needs %s %s",
		"quorum-registered": "%d voted of %d registered: needs %s %s",
	},
	accountLine: map[string]string{
		"account-issued": "%d returned, %d issued: returned may not exceed issued",
		"account-voted":  "%d cast, %d voted: ballots may not exceed voters",
	},
	stands: "✓ stands", fails: "✗ fails", unchecked: "? not checked",
	missing: "no %s figure given: add %s = N under [electorate] or this round's [[rounds]]",
	figureNames: map[string]string{"present": "present", "entitled": "entitled", "registered": "registered",
		"voted": "voted", "issued": "issued", "returned": "returned"},
	proxies: "%d by proxy",

	cast: "cast", valid: "valid", blank: "blank", invalid: "invalid", partly: "partly invalid",
	notCounted: "not counted: the round is void",
	reasons: map[string]string{"over-vote": "over-vote", "identifying-mark": "identifying mark",
		"unreadable": "unreadable", "two-offices": "one person for two offices", "other": "other"},

	thresholdLabel: "Threshold", floorLabel: "Floor", ruleLabel: "Rule",
	thresholdLine: "%[1]s %[4]s of %[3]d %[2]s: at least %[5]d votes",
	floorLine:     "most votes win, each with at least %[3]s of %[2]d %[1]s: at least %[4]d votes",
	plainRule: map[string]string{
		"first":         "none: most votes win",
		"tie-revote":    "among the tied, most votes win; a tie again is re-voted",
		"cutoff-revote": "among the tied, most votes go through; a tie again is re-voted",
		"recommend":     "ranked by votes",
		"recommend-w":   "ranked by weighted score",
		"extra":         "most votes win",
	},
	compares: map[string]string{"more-than": "more than", "at-least": "at least"},
	bases:    map[string]string{"present": "present", "voted": "who voted", "cast": "ballots cast", "valid": "valid ballots"},

	colNo: "#", colName: "Candidate", colFor: "For", colAgainst: "Against", colAbstain: "Abstain",
	colTotal: "Total", colScore: "Score", colResult: "Result", colWhy: "Why", colVotes: "Votes",

	statuses: map[string]string{"elected": "✓ elected", "not-elected": "✗ not elected", "tied": "◆ tied",
		"kept": "✓ kept", "not-kept": "✗ not kept", "higher-office": "↑ elected higher", "none": "· waiting"},
	whys: map[string]string{
		"passed":          "%d ≥ %d needed",
		"most-votes":      "most votes",
		"met-floor":       "most votes, %d ≥ floor %d",
		"at-limit":        "exactly %s of %d: not more than",
		"below-threshold": "%d < %d needed",
		"outside-seats":   "passed, but the seats went to more votes",
		"tied-at-cutoff":  "tied at the last place: re-vote",
		"below-floor":     "%d < floor %d",
		"fewer-votes":     "fewer votes",
		"no-votes":        "no votes",
		"higher-office":   "elected to a higher office",
		"top-score":       "highest scores",
		"lower-score":     "lower score",
	},
	writeIn: "write-in", carried: "carried over", higher: "higher office's list",
	combined:    "combined count: each total adds the higher offices' columns",
	weighted:    "weighted score: Σ weight × votes ÷ ballots, by source (%s)",
	keepRule:    "keep %d = %d + ⌈%d × %s⌉",
	keepPlain:   "keep %d",
	waitingFor:  "waits for the tie re-vote for %s: decided from these ballots once it is settled",
	decidedFrom: "decided from round %d's ballots, now that the higher office's tie is settled",

	outcome: "Outcome", elected: "Elected", kept: "Kept", none: "none",
	tiedFor: "Tied for %d: %s",
	open:    "%d seat(s) open",

	next:           "Next",
	done:           "every office is decided",
	rerunQuorum:    "no election: the quorum is not met. Hold round %d when it is, giving its figures in [[rounds]] office = %q round = %d",
	rerunAcct:      "the ballot account does not balance: the round is void. Hold it again as round %d, giving its figures in [[rounds]] office = %q round = %d",
	listExtra:      "list of %d = %d + ⌈%d × %s⌉ by first-vote order",
	listOneSeatTwo: "one seat: two candidates by first-vote order (extra_one_seat_two)",
	listShort:      "only %d left to stand",
	dropped:        "not on the list, elected to an earlier office: %s",
	skipped:        "narrowing stage %s not held: the list was no longer than it would keep",
	candidatesIn:   "candidates: %s",
	carriedIn:      "carried over: %s",
	vacancies: map[string]string{
		"meeting":           "%s: %d seat(s) left to the meeting's decision (under_election = stop)",
		"extra-rounds-used": "%s: %d seat(s) vacant: the extra rounds allowed (max_extra_rounds) are held",
		"no-candidates":     "%s: %d seat(s) vacant: nobody is left to stand in an extra round",
		"ranked-count":      "%s: %d seat(s) vacant: the ranked count elected fewer",
	},
	lots:  "a lot must be drawn at the table: key it in [[ranked.lots]] and count again",
	rules: "Rules applied", fromPreset: "preset", overridden: "set by the election file",
	inferred: "inferred: a setting, no primary text",
	notes:    "Notes",
	noteText: map[string]string{
		"returned-mismatch": "the returned figure is %d but %d ballots were counted",
		"write-ins-ignored": "%s: %d write-in(s) not counted under the write-in rule (write_ins)",
	},
	listSep: ", ", colon: ": ", open_: " (", close_: ")",
	electionDecided: "The election is decided.",
}

var zh = words{
	round:   "第%d轮",
	roundOf: "%s · 第%d轮",
	lang:    LangZH,
	stage:   "第%d次推荐",
	extraOf: "第%d次另行选举",

	preset: "规则", ballot: "选票", seats: "应选", candidates: "候选人",
	presets: map[string]string{"party": "党组织（party）", "village": "村委会（village）", "congress": "人大代表直选（congress）",
		"plurality": "多数（plurality）"},
	ballotKinds: map[string]string{"marked": "赞成/反对/弃权", "choice": "选择票", "ranked": "排序票"},
	competitive: "差额选举：候选人多于应选 %d 名",
	uncontested: "等额选举",

	validity: "选举有效性", figures: "人数", ballots: "选票",
	quorumLabel:  map[string]string{"quorum-entitled": "到会人数", "quorum-registered": "参选人数"},
	accountLabel: "选票核对",
	quorumLine: map[string]string{
		"quorum-entitled":   "实到 %d 人，应到 %d 人：须%s%s",
		"quorum-registered": "参加投票 %d 人，登记选民 %d 人：须%s%s",
	},
	accountLine: map[string]string{
		"account-issued": "收回 %d 张，发出 %d 张：收回数不得多于发出数",
		"account-voted":  "投票 %d 张，投票人数 %d：票数不得多于投票人数",
	},
	stands: "✓ 有效", fails: "✗ 无效", unchecked: "？未核对",
	missing: "未提供%s数：请在 [electorate] 或该轮的 [[rounds]] 中填写 %s = N",
	figureNames: map[string]string{"present": "实到", "entitled": "应到", "registered": "登记选民",
		"voted": "参加投票", "issued": "发出", "returned": "收回"},
	proxies: "其中委托投票 %d",

	cast: "收回", valid: "有效", blank: "空白", invalid: "无效", partly: "部分无效",
	notCounted: "本轮无效，不计票",
	reasons: map[string]string{"over-vote": "超过应选人数", "identifying-mark": "有可辨认记号",
		"unreadable": "无法辨认", "two-offices": "一人选两职", "other": "其他"},

	thresholdLabel: "当选所需票数", floorLabel: "最低票数", ruleLabel: "规则",
	thresholdLine: "须%s%s %d 的 %s，即至少 %d 票",
	floorLine:     "得票多者当选，且不少于%s %d 的 %s，即至少 %d 票",
	plainRule: map[string]string{
		"first":         "无：得票多者当选",
		"tie-revote":    "在得票相等者中得票多者当选；再次相等则再投",
		"cutoff-revote": "在得票相等者中得票多者入选；再次相等则再投",
		"recommend":     "按得票排序",
		"recommend-w":   "按加权得分排序",
		"extra":         "得票多者当选",
	},
	compares: map[string]string{"more-than": "超过", "at-least": "不少于"},
	bases:    map[string]string{"present": "实到人数", "voted": "参加投票人数", "cast": "收回票数", "valid": "有效票数"},

	colNo: "序", colName: "候选人", colFor: "赞成", colAgainst: "反对", colAbstain: "弃权",
	colTotal: "合计", colScore: "得分", colResult: "结果", colWhy: "说明", colVotes: "得票",

	statuses: map[string]string{"elected": "✓ 当选", "not-elected": "✗ 未当选", "tied": "◆ 票数相等",
		"kept": "✓ 入选", "not-kept": "✗ 未入选", "higher-office": "↑ 已当选上一职务", "none": "· 待定"},
	whys: map[string]string{
		"passed":          "%d ≥ %d 票",
		"most-votes":      "得票多",
		"met-floor":       "得票多，%d ≥ 最低 %d 票",
		"at-limit":        "恰为 %[2]d 的 %[1]s，未超过",
		"below-threshold": "%d < %d 票",
		"outside-seats":   "已达当选票数，但名额已满",
		"tied-at-cutoff":  "末位票数相等，再次投票",
		"below-floor":     "%d < 最低 %d 票",
		"fewer-votes":     "得票较少",
		"no-votes":        "未得票",
		"higher-office":   "已当选上一职务",
		"top-score":       "得分靠前",
		"lower-score":     "得分较低",
	},
	writeIn: "另选", carried: "转入", higher: "上一职务候选人",
	combined:    "合并计票：各职务的票数加上上一职务栏的票数",
	weighted:    "加权得分：按来源 Σ 权重 × 得票 ÷ 票数（%s）",
	keepRule:    "保留 %d 名 = %d + ⌈%d × %s⌉",
	keepPlain:   "保留 %d 名",
	waitingFor:  "等待%s得票相等者再次投票的结果，再按本轮选票确定",
	decidedFrom: "上一职务的票数相等已解决，按第%d轮选票确定",

	outcome: "结果", elected: "当选", kept: "入选", none: "无",
	tiedFor: "%d 个名额票数相等：%s",
	open:    "缺额 %d 名",

	next:           "下一步",
	done:           "全部职务选举完毕",
	rerunQuorum:    "到会人数不足，不能进行选举。人数够时进行第%d轮，并在 [[rounds]] office = %q round = %d 中填写该轮人数",
	rerunAcct:      "收回票数多于发出票数，本轮无效。重新投票为第%d轮，并在 [[rounds]] office = %q round = %d 中填写该轮人数",
	listExtra:      "候选人 %d 名 = %d + ⌈%d × %s⌉，按第一次投票得票排序",
	listOneSeatTwo: "应选一名，候选人两名，按第一次投票得票排序（extra_one_seat_two）",
	listShort:      "仅余 %d 名",
	dropped:        "已当选前一职务，不再列入：%s",
	skipped:        "第%s次推荐未进行：名单已不多于应保留人数",
	candidatesIn:   "候选人：%s",
	carriedIn:      "转入：%s",
	vacancies: map[string]string{
		"meeting":           "%s：缺额 %d 名，由会议决定（under_election = stop）",
		"extra-rounds-used": "%s：缺额 %d 名，另行选举次数已满（max_extra_rounds）",
		"no-candidates":     "%s：缺额 %d 名，已无未当选的候选人可参加另行选举",
		"ranked-count":      "%s：缺额 %d 名，排序计票当选人数不足",
	},
	lots:  "须现场抽签：在 [[ranked.lots]] 中填写抽签结果后再计票",
	rules: "适用规则", fromPreset: "预设", overridden: "选举文件设定",
	inferred: "推定：无明文规定，可设置",
	notes:    "说明",
	noteText: map[string]string{
		"returned-mismatch": "收回票数填报 %d 张，实际计票 %d 张",
		"write-ins-ignored": "%s：%d 个另选他人未计（另选规则 write_ins）",
	},
	listSep: "、", colon: "：", open_: "（", close_: "）",
	electionDecided: "选举结束。",
}

func (l Lang) w() *words {
	if l == LangZH {
		return &zh
	}
	return &en
}

// ReasonName names an invalid reason ("over-vote", …) in the language.
func ReasonName(reason string, l Lang) string {
	if s, ok := l.w().reasons[reason]; ok {
		return s
	}
	return reason
}
