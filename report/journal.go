package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"tally/count"
	"tally/store"
)

// The journal as people read it: tally journal's columns, in Chinese or
// English.

// JournalPrinter prints events as they stream from the journal, in columns
// whose widths come from the state, so a million events need no buffer.
// NewJournalPrinter makes one; Write prints an event (opens: the round an
// event opens, 0 for none).
type JournalPrinter struct {
	l      Lang
	out    io.Writer
	e      *count.Election
	json   *json.Encoder
	specs  []*count.Round
	widths [5]int // seq, kind, who, round, ballot
}

var eventWords = map[store.EventKind]string{
	store.EventElectionCreated: "election created", store.EventRoundOpened: "round opened",
	store.EventTellerSignedIn: "signed in", store.EventBallotKeyed: "ballot keyed",
	store.EventKeyingsResolved: "keyings settled", store.EventBallotVoided: "ballot voided",
	store.EventBallotsImported: "ballots imported", store.EventRoundClosed: "round closed",
	store.EventFiguresSet: "figures set", store.EventLotDrawn: "lot drawn",
	store.EventConfirmed: "confirmed", store.EventRefused: "refused",
	store.EventSignInRefused: "sign-in refused", store.EventRoleChanged: "role changed",
	store.EventChiefHandedOver: "chief handed over",
}

var eventWordsZH = map[store.EventKind]string{
	store.EventElectionCreated: "创建选举", store.EventRoundOpened: "开始一轮",
	store.EventTellerSignedIn: "签到", store.EventBallotKeyed: "录入选票",
	store.EventKeyingsResolved: "裁定录入", store.EventBallotVoided: "作废选票",
	store.EventBallotsImported: "导入选票", store.EventRoundClosed: "结束一轮",
	store.EventFiguresSet: "填写人数", store.EventLotDrawn: "抽签",
	store.EventConfirmed: "确认", store.EventRefused: "拒绝",
	store.EventSignInRefused: "签到被拒", store.EventRoleChanged: "改变身份",
	store.EventChiefHandedOver: "总监票人交接",
}

// signInRefusals names why a sign-in was refused.
var signInRefusals = map[string][2]string{"wrong PIN": {"wrong PIN", "PIN 错误"}, "locked out": {"locked out", "已锁定"}}

// roundCell and ballotCell head the journal's round and ballot columns.
func roundCell(n int, l Lang) string {
	return fmt.Sprintf(pickf(l, "round %d", "第%d轮"), n)
}

func ballotCell(n int, l Lang) string {
	return fmt.Sprintf(pickf(l, "ballot %d", "第%d张"), n)
}

func NewJournalPrinter(out io.Writer, s *store.State, events uint64, asJSON bool, l Lang) *JournalPrinter {
	j := &JournalPrinter{l: l, out: out, e: s.Election}
	for _, r := range s.Rounds {
		j.specs = append(j.specs, &r.Spec)
	}
	if asJSON {
		j.json = json.NewEncoder(out)
		j.json.SetEscapeHTML(false)
		return j
	}
	j.widths[0] = len(strconv.FormatUint(events, 10))
	words := eventWords
	if l == LangZH {
		words = eventWordsZH
	}
	for _, w := range words {
		j.widths[1] = max(j.widths[1], ansi.StringWidth(w))
	}
	for _, t := range s.Tellers {
		j.widths[2] = max(j.widths[2], ansi.StringWidth(t.Name))
	}
	j.widths[3] = ansi.StringWidth(roundCell(len(s.Rounds), l))
	// Only events about one ballot fill the column: an import holds many.
	top := 0
	for _, r := range s.Rounds {
		for n, b := range r.Ballots {
			if !b.Imported || len(b.Voids) > 0 {
				top = max(top, n)
			}
		}
	}
	if top > 0 {
		j.widths[4] = ansi.StringWidth(ballotCell(top, l))
	}
	return j
}

func (j *JournalPrinter) Write(ev *store.Event, opens int) error {
	if j.json != nil {
		return j.json.Encode(store.NewJournalLine(ev, opens))
	}
	pad := func(s string, w int) string {
		return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
	}
	seq := strconv.FormatUint(ev.Seq, 10)
	round, ballot := "", ""
	switch {
	case opens > 0:
		round = roundCell(opens, j.l)
	case ev.Round > 0:
		round = roundCell(ev.Round, j.l)
	}
	if ev.Ballot > 0 {
		ballot = ballotCell(ev.Ballot, j.l)
	}
	kind := eventWords[ev.Kind]
	if j.l == LangZH {
		kind = eventWordsZH[ev.Kind]
	}
	cells := []string{
		strings.Repeat(" ", max(0, j.widths[0]-len(seq))) + seq,
		ev.Time.Local().Format("2006-01-02 15:04:05"),
		pad(kind, j.widths[1]),
		pad(ev.Who, j.widths[2]),
		pad(round, j.widths[3]),
	}
	if j.widths[4] > 0 {
		cells = append(cells, pad(ballot, j.widths[4]))
	}
	details := j.details(ev)
	if ev.Program != "" {
		details += pickf(j.l, " · written by ", " · 写入程序 ") + ev.Program
	}
	cells = append(cells, strings.TrimPrefix(details, " · "))
	_, err := io.WriteString(j.out, strings.TrimRight(strings.Join(cells, "  "), " ")+"\n")
	return err
}

// details says what an event holds, in words.
func (j *JournalPrinter) details(ev *store.Event) string {
	l := j.l
	note := func(s string) string {
		if ev.Note == "" {
			return s
		}
		if s == "" {
			return ev.Note
		}
		return s + " · " + ev.Note
	}
	switch ev.Kind {
	case store.EventElectionCreated:
		var offices []string
		for _, o := range j.e.Offices {
			offices = append(offices, o.Name)
		}
		return fmt.Sprintf(pickf(l, "%s · offices %s", "%s · 职位 %s"), j.e.Title, JoinNames(offices, l))
	case store.EventRoundOpened:
		if ev.Spec == nil {
			return ""
		}
		parts := []string{RoundName(ev.Spec, l)}
		for i := range ev.Spec.Sections {
			s := &ev.Spec.Sections[i]
			if len(ev.Spec.Sections) == 1 {
				parts = append(parts, SeatsText(s, l), JoinNames(s.Candidates, l))
			} else {
				parts = append(parts, fmt.Sprintf(pickf(l, "%s %s: %s", "%s %s：%s"), s.Office, SeatsText(s, l), JoinNames(s.Candidates, l)))
			}
		}
		if ev.Mode == store.KeyingSingle {
			parts = append(parts, pickf(l, "keyed once", "录入一次"))
		} else {
			parts = append(parts, pickf(l, "keyed twice", "录入两次"))
		}
		return strings.Join(parts, " · ")
	case store.EventTellerSignedIn:
		if l == LangZH {
			return "身份：" + RoleName(ev.Role, l)
		}
		return "as " + ev.Role
	case store.EventBallotKeyed:
		s := fmt.Sprintf(pickf(l, "keying %d: %s", "第 %d 次录入：%s"), ev.Keying, j.marks(ev.Round, ev.Marks))
		switch ev.Outcome {
		case "match":
			s += pickf(l, " → matches: accepted", " → 两次一致：确认")
		case "discrepancy":
			s += pickf(l, " → differs from the other keying: disputed", " → 与另一次录入不同：存疑")
		case "accepted":
			s += pickf(l, " → accepted (single keying)", " → 确认（录入一次）")
		}
		return s
	case store.EventKeyingsResolved:
		if ev.Decision == store.DecideRekey {
			return note(fmt.Sprintf(pickf(l, "keying %d set aside, to be keyed again", "第 %d 次录入作废，待重新录入"), ev.Keying))
		}
		if k, ok := strings.CutPrefix(ev.Decision, "take-"); ok {
			return note(fmt.Sprintf(pickf(l, "keying %s stands", "以第 %s 次录入为准"), k))
		}
		return note(ev.Decision)
	case store.EventBallotVoided:
		if ev.Reason != count.ReasonNone {
			return note(pickf(l, "reason ", "理由：") + ReasonName(ev.Reason.String(), l))
		}
		return note("")
	case store.EventBallotsImported:
		n := len(ev.Ballots)
		if l == LangZH {
			return note(fmt.Sprintf("%d 张选票", n))
		}
		if n == 1 {
			return note("1 ballot")
		}
		return note(fmt.Sprintf("%d ballots", n))
	case store.EventRoundClosed:
		return note(resultWords(ev.Result, l))
	case store.EventFiguresSet:
		if f := ev.Figures; f != nil {
			var parts []string
			for _, p := range []struct {
				name, zh string
				n        int
			}{{"entitled", "应到", f.EntitledCount()}, {"present", "实到", f.Present}, {"registered", "登记选民", f.Registered},
				{"voted", "参加投票", f.Voted}, {"proxies", "委托投票", f.Proxies}, {"issued", "发出选票", f.Issued}, {"returned", "收回选票", f.Returned}} {
				if p.n > 0 {
					parts = append(parts, fmt.Sprintf("%s %d", pickf(l, p.name, p.zh), p.n))
				}
			}
			return strings.Join(parts, " · ")
		}
	case store.EventLotDrawn:
		if lot := ev.Lot; lot != nil {
			return fmt.Sprintf(pickf(l, "round %d of the count, %s tied: the lot chose %s", "计票第 %d 轮，%s 得票相等：抽签选出 %s"),
				lot.Round, JoinNames(lot.Among, l), lot.Chosen)
		}
	case store.EventConfirmed:
		return fmt.Sprintf(pickf(l, "confirms event %d", "确认第 %d 条事件"), ev.Ref)
	case store.EventRefused:
		return note(fmt.Sprintf(pickf(l, "refuses event %d", "拒绝第 %d 条事件"), ev.Ref))
	case store.EventSignInRefused:
		why := ev.Note
		if w, ok := signInRefusals[why]; ok {
			why = pick(w, l)
		}
		return fmt.Sprintf(pickf(l, "as %s · %s", "身份：%s · %s"), RoleName(ev.Role, l), why)
	case store.EventRoleChanged:
		return fmt.Sprintf(pickf(l, "now %s", "改为%s"), RoleName(ev.Role, l))
	case store.EventChiefHandedOver:
		return note(fmt.Sprintf(pickf(l, "to %s", "交给 %s"), ev.Target))
	}
	return ""
}

// marks says a keyed ballot in words: "for 甲 · against 乙".
func (j *JournalPrinter) marks(round int, b *count.Ballot) string {
	if b == nil {
		return ""
	}
	l := j.l
	var spec *count.Round
	if round >= 1 && round <= len(j.specs) {
		spec = j.specs[round-1]
	}
	name := func(sec, c int) string {
		if c == count.OvervoteMark {
			return pickf(l, "(overvote)", "（同一顺位多选）")
		}
		if spec != nil && sec < len(spec.Sections) && c >= 0 && c < len(spec.Sections[sec].Candidates) {
			return spec.Sections[sec].Candidates[c]
		}
		return fmt.Sprintf(pickf(l, "candidate %d", "第 %d 位候选人"), c+1)
	}
	names := func(sec int, cs []int) string {
		var out []string
		for _, c := range cs {
			out = append(out, name(sec, c))
		}
		return JoinNames(out, l)
	}
	reason := func(r count.Reason) string { return ReasonName(r.String(), l) }
	var parts []string
	if b.Invalid != count.ReasonNone {
		parts = append(parts, pickf(l, "paper invalid: ", "整张无效：")+reason(b.Invalid))
	}
	if b.Note != "" {
		parts = append(parts, pickf(l, "note: ", "备注：")+b.Note)
	}
	if b.Source >= 0 && spec != nil && len(spec.Sections) > 0 {
		src := fmt.Sprintf(pickf(l, "source %d", "来源 %d"), b.Source+1)
		for _, o := range j.e.Offices {
			if o.Name == spec.Sections[0].Office && b.Source < len(o.Sources) {
				src = pickf(l, "source ", "来源 ") + o.Sources[b.Source].Name
			}
		}
		parts = append(parts, src)
	}
	for i, m := range b.Sections {
		var p []string
		if len(m.Ranks) > 0 {
			var ranks []string
			for k, r := range m.Ranks {
				rank := "—"
				if len(r) > 0 {
					var ns []string
					for _, c := range r {
						ns = append(ns, name(i, c))
					}
					rank = strings.Join(ns, " = ")
				}
				ranks = append(ranks, fmt.Sprintf("%d. %s", k+1, rank))
			}
			p = append(p, strings.Join(ranks, " "))
		}
		if len(m.For) > 0 {
			p = append(p, pickf(l, "for ", "赞成 ")+names(i, m.For))
		}
		if len(m.Against) > 0 {
			p = append(p, pickf(l, "against ", "反对 ")+names(i, m.Against))
		}
		if len(m.WriteIns) > 0 {
			p = append(p, pickf(l, "write-in ", "另选 ")+JoinNames(m.WriteIns, l))
		}
		if len(m.Unmarked) > 0 {
			p = append(p, pickf(l, "written, unmarked ", "写了名字未画符号 ")+JoinNames(m.Unmarked, l))
		}
		if m.Invalid != count.ReasonNone {
			p = append(p, pickf(l, "invalid: ", "无效：")+reason(m.Invalid))
		}
		if m.Note != "" {
			p = append(p, pickf(l, "note: ", "备注：")+m.Note)
		}
		if len(p) == 0 {
			p = append(p, pickf(l, "blank", "空白"))
		}
		text := strings.Join(p, " · ")
		if len(b.Sections) > 1 && spec != nil && i < len(spec.Sections) {
			text = spec.Sections[i].Office + pickf(l, ": ", "：") + text
		}
		parts = append(parts, text)
	}
	return strings.Join(parts, " | ")
}

// resultWords says a closed round's outcome: who was elected, kept or tied.
func resultWords(raw json.RawMessage, l Lang) string {
	var res count.Result
	if err := json.Unmarshal(raw, &res); err != nil {
		return pickf(l, "result unreadable", "结果无法读取")
	}
	if res.Void {
		return pickf(l, "void: the round does not stand and is held again", "无效：本轮不成立，重新投票")
	}
	var parts []string
	for _, s := range res.Sections {
		kept := s.Kind == count.RoundRecommend || s.Kind == count.RoundCutoffRevote
		var p string
		switch {
		case l == LangZH && len(s.Elected) == 0:
			p = map[bool]string{false: "无人当选", true: "无人保留"}[kept]
		case l == LangZH:
			p = map[bool]string{false: "当选 ", true: "保留 "}[kept] + JoinNames(s.Elected, l)
		case len(s.Elected) == 0:
			p = map[bool]string{false: "none elected", true: "none kept"}[kept]
		default:
			p = map[bool]string{false: "elected ", true: "kept "}[kept] + strings.Join(s.Elected, ", ")
		}
		if len(s.Tied) > 0 {
			p += pickf(l, " · tied ", " · 得票相等 ") + JoinNames(s.Tied, l)
		}
		if len(res.Sections) > 1 {
			p = s.Office + pickf(l, ": ", "：") + p
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " | ")
}
