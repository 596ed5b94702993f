// Package sheet writes a count's results for people: the round-by-round
// text report of `tally tabulate`, in English or Chinese, with every figure
// traced to the rule that decided it.
package sheet

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

// words is every piece of text the report uses, in one language. Format
// strings take their figures in the order their comments give.
type words struct {
	round, roundOf                          string // "round %d"
	kinds                                   map[string]string
	preset, ballot, seats, candidates       string
	competitive, uncontested                string // "差额 %d" (candidates over seats), "等额"
	validity, quorum, account, ballots      string
	stands, fails, unchecked, notApplicable string
	quorumEntitled, quorumRegistered        string // value, of, compare, fraction
	accountIssued, accountVoted             string // value, of
	missing                                 string // figure
	cast, valid, blank, invalid, partly     string
	reasons                                 map[string]string
	threshold, floor, noThreshold           string
	thresholdLine                           string // compare, fraction, base value, base name, need
	floorLine                               string // fraction, base value, base name, need
	compares                                map[string]string
	bases                                   map[string]string
	colNo, colName, colFor, colAgainst      string
	colAbstain, colVotes, colScore, colWhy  string
	colResult, colVotesChoice               string
	statuses                                map[string]string
	whys                                    map[string]string // may take need / base figures
	writeIn, carried                        string
	outcome, elected, kept, tiedFor, none   string
	open                                    string // "%d seats open"
	next                                    string
	steps                                   map[string]string
	vacancy, vacancyMeeting                 string // office, seats
	rules, fromPreset, overridden, inferred string
	notes                                   string
	noteText                                map[string]string
	voidRound                               string
	combined, stage, keep, extraOf          string
	listSep                                 string
	candidatesIn, carriedIn, marginIn       string
	electionDecided                         string
	figures                                 string
	proxies                                 string
	present, entitled, registered, voted    string
	issued, returned                        string
	higher, colon, weighted                 string
	presets, ballotKinds                    map[string]string
}

var en = words{
	round:   "round %d",
	roundOf: "%s · round %d",
	kinds: map[string]string{"first": "first vote", "rerun": "re-run", "tie-revote": "tie re-vote",
		"extra": "extra round", "recommend": "recommendation", "cutoff-revote": "cut-off re-vote"},
	preset: "preset", ballot: "ballot", seats: "seats", candidates: "candidates",
	competitive: "competitive list: %d more candidates than seats", uncontested: "as many candidates as seats",
	validity: "Validity", quorum: "Quorum", account: "Ballot account", ballots: "Ballots",
	stands: "✓ stands", fails: "✗ fails", unchecked: "? not checked", notApplicable: "not required",
	quorumEntitled:   "%d present of %d entitled: needs %s %s",
	quorumRegistered: "%d voted of %d registered: needs %s %s",
	accountIssued:    "%d returned, %d issued: returned may not exceed issued",
	accountVoted:     "%d cast, %d voted: ballots may not exceed voters",
	missing:          "no %s figure given",
	cast:             "cast", valid: "valid", blank: "blank", invalid: "invalid", partly: "partly invalid",
	reasons: map[string]string{"over-vote": "over-vote", "identifying-mark": "identifying mark",
		"unreadable": "unreadable", "two-offices": "one person for two offices", "other": "other"},
	threshold: "Threshold", floor: "Floor", noThreshold: "none: most votes win",
	thresholdLine: "%s %s of %d %s = %d votes",
	floorLine:     "most votes win, each with at least %s of %d %s = %d votes",
	compares:      map[string]string{"more-than": "more than", "at-least": "at least"},
	bases: map[string]string{"present": "present", "voted": "who voted", "cast": "ballots cast",
		"valid": "valid ballots"},
	colNo: "#", colName: "Candidate", colFor: "For", colAgainst: "Against", colAbstain: "Abstain",
	colVotes: "Total", colVotesChoice: "Votes", colScore: "Score", colWhy: "Why", colResult: "Result",
	statuses: map[string]string{"elected": "✓ elected", "not-elected": "✗ not elected", "tied": "◆ tied",
		"kept": "✓ kept", "not-kept": "✗ not kept", "higher-office": "↑ higher office", "none": "·"},
	whys: map[string]string{
		"passed":          "%d ≥ %d needed",
		"most-votes":      "most votes",
		"at-limit":        "exactly %s of %d: not more than",
		"below-threshold": "%d < %d needed",
		"outside-seats":   "passed, but the seats went to more votes",
		"tied-at-cutoff":  "tied at the last place: re-vote",
		"below-floor":     "below the floor of %d",
		"fewer-votes":     "fewer votes",
		"no-votes":        "no votes",
		"higher-office":   "elected to a higher office",
		"tied-higher":     "tied for a higher office",
		"top-score":       "highest scores",
		"lower-score":     "lower score",
	},
	weighted: "weighted score: Σ weight × votes ÷ ballots, by source (%s)",
	writeIn:  "write-in", carried: "carried over",
	outcome: "Outcome", elected: "Elected", kept: "Kept", tiedFor: "Tied for %d: %s", none: "none",
	open:    "%d seat(s) open",
	next:    "Next",
	steps:   map[string]string{"done": "every office is decided", "rerun": "the round is void: hold it again"},
	vacancy: "%s: %d seat(s) left vacant", vacancyMeeting: "%s: %d seat(s) left to the meeting's decision",
	rules: "Rules applied", fromPreset: "preset", overridden: "set by the election file", inferred: "inferred: a setting, no primary text",
	notes: "Notes",
	noteText: map[string]string{
		"returned-mismatch": "the returned figure is %d but %d ballots were counted",
		"quorum-unchecked":  "quorum not checked: no %s figure given",
		"account-unchecked": "ballot account not checked: no %s figure given",
		"write-ins-ignored": "%s: %d write-in(s) not counted under the write-in rule",
	},
	voidRound: "VOID: no tallies are published for a void round",
	combined:  "combined count: totals add the higher offices' columns", stage: "stage %d", keep: "keep %d",
	extraOf: "extra round %d", listSep: ", ",
	candidatesIn: "candidates: %s", carriedIn: "carried over: %s", marginIn: "margin %s",
	electionDecided: "The election is decided.",
	figures:         "Figures", proxies: "%d by proxy",
	higher: "higher office's list", colon: ": ",
	presets:     map[string]string{"party": "party", "village": "village", "congress": "congress", "plurality": "plurality"},
	ballotKinds: map[string]string{"marked": "marked (for / against / abstain)", "choice": "choice"},
	present:     "present", entitled: "entitled", registered: "registered", voted: "voted", issued: "issued", returned: "returned",
}

var zh = words{
	round:   "第%d轮",
	roundOf: "%s · 第%d轮",
	kinds: map[string]string{"first": "正式选举", "rerun": "重新投票", "tie-revote": "等票再投",
		"extra": "另行选举", "recommend": "推荐", "cutoff-revote": "末位等票再投"},
	preset: "规则", ballot: "选票", seats: "应选", candidates: "候选人",
	competitive: "差额选举：候选人多于应选 %d 名", uncontested: "等额选举",
	validity: "选举有效性", quorum: "到会/参选", account: "选票核对", ballots: "选票",
	stands: "✓ 有效", fails: "✗ 无效", unchecked: "? 未核对", notApplicable: "不适用",
	quorumEntitled:   "实到 %d 人，应到 %d 人：须%s%s",
	quorumRegistered: "参加投票 %d 人，登记选民 %d 人：须%s%s",
	accountIssued:    "收回 %d 张，发出 %d 张：收回数不得多于发出数",
	accountVoted:     "投票 %d 张，投票人数 %d：票数不得多于投票人数",
	missing:          "未提供%s数",
	cast:             "收回", valid: "有效", blank: "空白", invalid: "无效", partly: "部分无效",
	reasons: map[string]string{"over-vote": "超过应选人数", "identifying-mark": "有可辨认记号",
		"unreadable": "无法辨认", "two-offices": "一人选两职", "other": "其他"},
	threshold: "当选票数", floor: "最低票数", noThreshold: "无：得票多者当选",
	thresholdLine: "%s%s × %d（%s）= %d 票",
	floorLine:     "得票多者当选，且不少于 %s × %d（%s）= %d 票",
	compares:      map[string]string{"more-than": "超过", "at-least": "不少于"},
	bases: map[string]string{"present": "实到人数", "voted": "参加投票人数", "cast": "收回票数",
		"valid": "有效票数"},
	colNo: "序", colName: "候选人", colFor: "赞成", colAgainst: "反对", colAbstain: "弃权",
	colVotes: "合计", colVotesChoice: "得票", colScore: "得分", colWhy: "说明", colResult: "结果",
	statuses: map[string]string{"elected": "✓ 当选", "not-elected": "✗ 未当选", "tied": "◆ 票数相等",
		"kept": "✓ 入选", "not-kept": "✗ 未入选", "higher-office": "↑ 已任上职", "none": "·"},
	whys: map[string]string{
		"passed":          "%d ≥ %d 票",
		"most-votes":      "得票多",
		"at-limit":        "恰好%s（%d），未超过",
		"below-threshold": "%d < %d 票",
		"outside-seats":   "已过半数，但名额已满",
		"tied-at-cutoff":  "末位票数相等，再次投票",
		"below-floor":     "未达最低票数 %d",
		"fewer-votes":     "得票较少",
		"no-votes":        "未得票",
		"higher-office":   "已当选上一职务",
		"tied-higher":     "上一职务票数相等待定",
		"top-score":       "得分靠前",
		"lower-score":     "得分较低",
	},
	weighted: "加权得分：按来源 Σ 权重 × 得票 ÷ 票数（%s）",
	writeIn:  "另选", carried: "转入",
	outcome: "结果", elected: "当选", kept: "入选", tiedFor: "%d 个名额票数相等：%s", none: "无",
	open:    "缺额 %d 名",
	next:    "下一步",
	steps:   map[string]string{"done": "全部职务选举完毕", "rerun": "本轮无效，须重新投票"},
	vacancy: "%s：缺额 %d 名", vacancyMeeting: "%s：缺额 %d 名，由会议决定",
	rules: "适用规则", fromPreset: "预设", overridden: "选举文件设定", inferred: "推定：无明文规定，可设置",
	notes: "说明",
	noteText: map[string]string{
		"returned-mismatch": "收回票数填报 %d 张，实际计票 %d 张",
		"quorum-unchecked":  "未核对到会人数：未提供%s数",
		"account-unchecked": "未核对选票：未提供%s数",
		"write-ins-ignored": "%s：%d 个另选他人未计（另选规则）",
	},
	voidRound: "本轮无效：无效轮次不公布票数",
	combined:  "合并计票：下一职务的票数加上一职务的票数", stage: "第%d次推荐", keep: "保留 %d 名",
	extraOf: "第%d次另行选举", listSep: "、",
	candidatesIn: "候选人：%s", carriedIn: "转入：%s", marginIn: "差额比例 %s",
	electionDecided: "选举结束。",
	figures:         "人数", proxies: "其中委托投票 %d",
	higher: "上一职务候选人", colon: "：",
	presets:     map[string]string{"party": "党组织（party）", "village": "村委会（village）", "congress": "人大代表直选（congress）", "plurality": "多数（plurality）"},
	ballotKinds: map[string]string{"marked": "赞成/反对/弃权", "choice": "选择票"},
	present:     "实到", entitled: "应到", registered: "登记选民", voted: "参加投票", issued: "发出", returned: "收回",
}

func (l Lang) w() *words {
	if l == LangZH {
		return &zh
	}
	return &en
}
