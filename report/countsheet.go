package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"tally/count"
	"tally/store"
)

// SheetOptions choose what a count sheet covers and fill in what the
// count file cannot know.
type SheetOptions struct {
	// Round is the round to print (its number in the count file), or 0 for
	// the whole election: a summary page, then every round.
	Round int
	// Seal and Custodian pre-fill the custody lines (the seal on the
	// ballots' envelope, who keeps them); empty leaves a line to write on.
	Seal, Custodian string
	// Location is the time zone times are printed in (nil: the machine's).
	Location *time.Location
}

// sheetWords are the count sheet's own words, beside the report's.
type sheetWords struct {
	title, provisional, provisionalShort         string
	electionPage                                 string
	body, election, place, date, rules, rounds   string
	round, opened, closed, closedBy, closeNote   string
	notAccepted, notAcceptedLine                 string // pending, disputed
	keying, account, breakdown                   string
	roles, rolesNone                             string
	ofWhich, state, decided, undecided           string
	office, kind, counted, valid, elected, next  string
	outcomeBy, vacant                            string
	file, closedAt, headAt, events, code, verify string
	program                                      string
	signatures, custody                          string
	presiding, signedAt, seal, custodian         string
	sealedAt                                     string
	steps                                        map[string]string // by step kind
}

var sheetEN = sheetWords{
	title:            "Count sheet",
	provisional:      "⚠ This round is still open: the figures below are a provisional count of the papers accepted so far, not a result. Do not sign or post this page.",
	provisionalShort: "provisional: round still open",
	electionPage:     "The whole election",
	body:             "Body", election: "Election", place: "Place", date: "Date", rules: "Rules", rounds: "Rounds",
	round: "Round", opened: "Opened", closed: "Closed", closedBy: "Closed by", closeNote: "Note at the close",
	notAccepted: "Not accepted", notAcceptedLine: "%d waiting for a second keying · %d with keyings that differ",
	keying: "Keying", account: "Ballot account", breakdown: "Ballots",
	roles: "Roles", rolesNone: "not enforced: this count file was made before the program checked who may do what; names were typed, not signed in with a PIN, and nothing was confirmed by a second person",
	ofWhich: "of which ", state: "State", decided: "decided: every office is filled or closed",
	undecided: "not decided: the count goes on",
	office:    "Office", kind: "Kind", counted: "Papers counted", valid: "Valid", elected: "Elected", next: "Next",
	outcomeBy: "Outcome by office", vacant: "%d seats left open",
	file: "Count file", closedAt: "Round closed at", headAt: "Journal at this sheet", events: "event %d", code: "Check code", program: "Made by",
	verify:     "To match this paper to the file: tally verify COUNT.tally --head %s",
	signatures: "Signatures",
	custody:    "Custody of the ballots",
	presiding:  "Presiding officer", signedAt: "Signed at (date, time)",
	seal: "Seal number", custodian: "Custodian", sealedAt: "Sealed at (date, time)",
	steps: map[string]string{"done": "decided", "rerun": "held again", "tie-revote": "tie re-vote",
		"extra-round": "extra round", "cutoff-revote": "cut-off re-vote", "next-stage": "next stage",
		"vote": "to the vote", "next-office": "next office", "mixed": "next round", "lots": "lots to draw"},
}

var sheetZH = sheetWords{
	title:            "计票结果报告单",
	provisional:      "⚠ 本轮尚未结束：以下是已接受选票的临时计数，不是计票结果。请勿签署或公布本页。",
	provisionalShort: "临时计数：本轮尚未结束",
	electionPage:     "全部轮次",
	body:             "选举单位", election: "选举", place: "地点", date: "日期", rules: "规则", rounds: "轮次",
	round: "本轮", opened: "开始时间", closed: "结束时间", closedBy: "结束确认人", closeNote: "结束时说明",
	notAccepted: "未接受的选票", notAcceptedLine: "待第二次录入 %d 张 · 两次录入不一致待裁定 %d 张",
	keying: "录入", account: "选票核对", breakdown: "选票统计",
	roles: "身份权限", rolesNone: "未强制：本计票文件建于程序核查身份权限之前；姓名为输入，未凭 PIN 签到，也无第二人确认",
	ofWhich: "其中", state: "状态", decided: "选举结束：各职位均已选出或已结束",
	undecided: "选举未结束：继续计票",
	office:    "职位", kind: "类别", counted: "清点选票", valid: "有效", elected: "当选", next: "下一步",
	outcomeBy: "各职位结果", vacant: "缺额 %d 名",
	file: "计票文件", closedAt: "本轮结束于", headAt: "本页对应的日志", events: "第 %d 条事件", code: "核对码", program: "制表程序",
	verify:     "核对本页与计票文件：tally verify 计票文件 --head %s",
	signatures: "签名",
	custody:    "选票封存",
	presiding:  "会议主持人", signedAt: "签署时间",
	seal: "封存编号", custodian: "保管人", sealedAt: "封存时间",
	steps: map[string]string{"done": "选举结束", "rerun": "重新投票", "tie-revote": "票数相等再投票",
		"extra-round": "另行选举", "cutoff-revote": "末位再投票", "next-stage": "下一轮推荐",
		"vote": "正式选举", "next-office": "下一职位", "mixed": "下一轮", "lots": "须抽签"},
}

// NewSheet lays out the count sheet of a count file's record in a
// language (LangBoth: Chinese and English side by side).
func NewSheet(rec *store.Record, lang Lang, opt SheetOptions) (*Doc, error) {
	if opt.Round < 0 || opt.Round > len(rec.Rounds) {
		return nil, fmt.Errorf("there is no round %d: %s", opt.Round, roundsHave(rec))
	}
	if opt.Location == nil {
		opt.Location = time.Local
	}
	if lang == LangBoth {
		return both(buildSheet(rec, LangZH, opt), buildSheet(rec, LangEN, opt)), nil
	}
	return buildSheet(rec, lang, opt), nil
}

// roundsHave says which rounds a record has, for an error.
func roundsHave(rec *store.Record) string {
	switch n := len(rec.Rounds); n {
	case 0:
		return "the count file has no rounds"
	case 1:
		return "the count file has round 1 only"
	default:
		return fmt.Sprintf("the count file has rounds 1 to %d", n)
	}
}

type sheetBuilder struct {
	rec  *store.Record
	w    *words
	sw   *sheetWords
	lang Lang
	opt  SheetOptions
}

func buildSheet(rec *store.Record, lang Lang, opt SheetOptions) *Doc {
	b := &sheetBuilder{rec: rec, w: lang.w(), sw: &sheetEN, lang: lang, opt: opt}
	if lang == LangZH {
		b.sw = &sheetZH
	}
	d := &Doc{Title: b.sw.title, Lang: lang}
	if opt.Round > 0 {
		d.Pages = append(d.Pages, b.roundPage(&rec.Rounds[opt.Round-1]))
		return d
	}
	d.Pages = append(d.Pages, b.electionPage())
	for i := range rec.Rounds {
		d.Pages = append(d.Pages, b.roundPage(&rec.Rounds[i]))
	}
	return d
}

func (b *sheetBuilder) when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(b.opt.Location).Format("2006-01-02 15:04:05 MST")
}

// header is what every page opens with: whose election, where, when,
// under which rules.
func (b *sheetBuilder) header(p *Page) {
	e, w, sw := b.rec.Election, b.w, b.sw
	rules := w.presets[e.Preset.String()] + " · " + w.ballotKinds[e.Ballot.String()]
	if e.Ballot == count.BallotRanked && e.Ranked != nil {
		rules = w.ballotKinds[e.Ballot.String()] + " · " + e.Ranked.Method.String()
	}
	p.pairs(Field{sw.election, e.Title}, Field{sw.body, e.Body}, Field{sw.place, e.Place}, Field{sw.date, e.Date},
		Field{sw.rules, rules})
}

func (b *sheetBuilder) roundName(rr *store.RoundRecord) string {
	r := rr.Result
	head := fmt.Sprintf(b.w.roundOf, rr.Spec.Contest, rr.Spec.Number)
	if r != nil && len(r.Sections) > 0 {
		head += " · " + kindName(b.w, r, &r.Sections[0])
	}
	return head
}

func (b *sheetBuilder) roundPage(rr *store.RoundRecord) Page {
	w, sw := b.w, b.sw
	r := rr.Result
	p := Page{Heading: b.roundName(rr), Provisional: !rr.Closed}
	if !rr.Closed {
		p.lines(true, sw.provisional)
	}
	b.header(&p)
	p.pairs(Field{sw.round, fmt.Sprintf("%d · %s", rr.Number, b.roundName(rr))}, Field{sw.closedBy, rr.ClosedBy},
		Field{sw.opened, b.when(rr.OpenedAt)}, Field{sw.closed, b.when(rr.ClosedAt)})
	if rr.Pending+rr.Disputed > 0 {
		p.fields(Field{sw.notAccepted, fmt.Sprintf(sw.notAcceptedLine, rr.Pending, rr.Disputed)})
	}
	p.fields(Field{sw.closeNote, rr.Note})
	p.fields(Field{sw.keying, Keying(rr.Keying, b.lang)})
	if b.rec.Rules == store.RulesNone {
		p.fields(Field{sw.roles, sw.rolesNone})
	}

	var checks []Field
	if r.Quorum.Verdict != count.VerdictNone {
		checks = append(checks, Field{w.quorumLabel[r.Quorum.Rule], checkLine(w, r.Quorum)})
	}
	b.figures(&p, w.validity, r.Figures, false, checks)
	checks = nil
	for _, c := range r.Account {
		checks = append(checks, Field{w.accountLabel, checkLine(w, c)})
	}
	b.figures(&p, sw.account, r.Figures, true, checks)
	p.heading(sw.breakdown)
	if r.Void {
		p.lines(true, fmt.Sprintf("%s %d · %s", w.cast, r.Ballots.Cast, w.notCounted))
	} else {
		p.Blocks = append(p.Blocks, breakdownTable(w, sw, r.Ballots))
		for i := range r.Sections {
			b.section(&p, r, &r.Sections[i])
		}
	}
	if next := nextLines(w, r); len(next) > 0 {
		p.heading(w.next)
		p.lines(false, next...)
	}
	if notes := noteLines(w, r); len(notes) > 0 {
		p.heading(w.notes)
		p.lines(true, notes...)
	}
	if len(r.Rules) > 0 {
		p.heading(w.rules + " · " + w.preset + " " + w.presets[r.Preset.String()])
		blk := Block{Kind: BlockTable, Small: true}
		for _, row := range ruleRows(w, r) {
			blk.Rows = append(blk.Rows, []string{row[0], row[1], row[2]})
		}
		p.Blocks = append(p.Blocks, blk)
	}
	b.fileBlock(&p, rr)
	b.signatures(&p)
	return p
}

// figures are a round's electorate figures (account false) or its ballot
// account figures (account true), those given, under a heading, with the
// checks made of them; nothing when none was given or checked.
func (b *sheetBuilder) figures(p *Page, heading string, f count.Figures, account bool, checks []Field) {
	w := b.w
	var fs []Field
	add := func(name string, n int) {
		if n > 0 {
			fs = append(fs, Field{w.figureNames[name], strconv.Itoa(n)})
		}
	}
	if account {
		add("issued", f.Issued)
		add("returned", f.Returned)
	} else {
		add("entitled", f.EntitledCount())
		add("present", f.Present)
		add("registered", f.Registered)
		if f.Voted > 0 {
			v := strconv.Itoa(f.Voted)
			if f.Proxies > 0 {
				v += w.open_ + fmt.Sprintf(w.proxies, f.Proxies) + w.close_
			}
			fs = append(fs, Field{w.figureNames["voted"], v})
		}
	}
	if len(fs)+len(checks) == 0 {
		return
	}
	p.heading(heading)
	p.pairs(fs...)
	p.fields(checks...)
}

// breakdownTable is a round's papers in a row: cast, valid, blank,
// invalid and each reason, partly invalid.
func breakdownTable(w *words, sw *sheetWords, c count.BallotCounts) Block {
	head := []string{sw.counted, w.valid, w.blank, w.invalid}
	row := []string{strconv.Itoa(c.Cast), strconv.Itoa(c.Valid), strconv.Itoa(c.Blank), strconv.Itoa(c.Invalid)}
	for _, rc := range c.ByReason {
		head = append(head, sw.ofWhich+w.reasons[rc.Reason.String()])
		row = append(row, strconv.Itoa(rc.Count))
	}
	if c.Partly > 0 {
		head = append(head, w.partly)
		row = append(row, strconv.Itoa(c.Partly))
	}
	b := Block{Kind: BlockTable, Head: head, Rows: [][]string{row}}
	for range head {
		b.Right = append(b.Right, true)
	}
	return b
}

func (b *sheetBuilder) section(p *Page, r *count.Result, s *count.SectionResult) {
	w := b.w
	e := b.rec.Election
	head, weighted := sectionHead(w, e, s)
	p.heading(head)
	if len(r.Sections) > 1 {
		p.fields(Field{w.ballots, ballotLine(w, s.Ballots)})
	}
	p.lines(false, sectionLines(w, e, s)...)
	if rc := s.Ranked; rc != nil {
		b.ranked(p, rc)
		return
	}
	h, rule := ruleText(w, s, weighted)
	p.fields(Field{h, rule})
	p.Blocks = append(p.Blocks, tableBlock(candidateTable(w, e, s, weighted)))
	if s.WaitingFor != "" {
		return
	}
	out := outcomeLines(w, s)
	p.fields(Field{w.outcome, strings.Join(out, "\n")})
}

func (b *sheetBuilder) ranked(p *Page, rc *count.RankedCount) {
	w := b.w
	rw := w.ranked()
	var rules []string
	for _, u := range rc.Rules {
		rules = append(rules, u.Key+" = "+u.Value)
	}
	p.fields(Field{rw.rules, strings.Join(rules, " · ")})
	if rc.Undervotes > 0 {
		p.fields(Field{rw.undervotes, fmt.Sprint(rc.Undervotes)})
	}
	if rc.Unused > 0 {
		p.fields(Field{rw.unused, fmt.Sprint(rc.Unused)})
	}
	counts := []*count.RankedCount{rc}
	if len(rc.Passes) > 0 {
		counts = rc.Passes
	}
	for i, c := range counts {
		if len(rc.Passes) > 0 {
			winner := w.none
			if len(c.Winners) > 0 {
				winner = c.Winners[0]
			}
			p.heading(fmt.Sprintf(rw.pass, i+1) + w.colon + winner)
		}
		for _, t := range rankedTables(w, rw, c) {
			p.Blocks = append(p.Blocks, tableBlock(t))
		}
		var fs []Field
		for _, d := range rankedDecisions(w, rw, c) {
			fs = append(fs, Field{d[0], d[1]})
		}
		p.fields(fs...)
	}
	if ties := tieLines(w, rw, rc); len(ties) > 0 {
		p.heading(rw.ties)
		p.lines(false, ties...)
	}
	if l := pendingLine(w, rw, rc); l != "" {
		p.lines(true, l)
	}
	p.fields(Field{w.outcome, rankedOutcome(w, rc)})
}

// fileBlock ties the page to the count file: the round's closing event,
// or for an open round or the whole election, the journal's head.
func (b *sheetBuilder) fileBlock(p *Page, rr *store.RoundRecord) {
	sw := b.sw
	p.heading(sw.file)
	hash, fs := b.rec.Head, []Field{}
	if rr != nil && rr.Closed {
		hash = rr.ClosedHash
		fs = append(fs, Field{sw.closedAt, fmt.Sprintf(sw.events, rr.ClosedSeq)})
	} else {
		fs = append(fs, Field{sw.headAt, fmt.Sprintf(sw.events, b.rec.Events)})
	}
	code := store.CheckCode(hash)
	fs = append(fs, Field{sw.code, code}, Field{sw.program, store.Program()})
	p.fields(fs...)
	p.lines(false, fmt.Sprintf(sw.verify, code))
}

// signatures are the lines the people at the table sign, each with the
// names signed in at the table printed beside their role, and the
// custody of the sealed ballots.
func (b *sheetBuilder) signatures(p *Page) {
	sw := b.sw
	p.heading(sw.signatures)
	var fs []Field
	for _, role := range []string{store.RoleChief, store.RoleScrutineer, store.RoleKeyer, store.RoleCaller} {
		var names []string
		for _, t := range b.rec.Tellers {
			if t.Role == role && !slices.Contains(names, t.Name) {
				names = append(names, t.Name)
			}
		}
		if len(names) == 0 {
			names = []string{""}
		}
		for _, n := range names {
			fs = append(fs, Field{RoleName(role, b.lang), n})
		}
	}
	fs = append(fs, Field{sw.presiding, ""}, Field{sw.signedAt, ""})
	p.Blocks = append(p.Blocks, Block{Kind: BlockSign, Fields: fs})
	p.heading(sw.custody)
	p.Blocks = append(p.Blocks, Block{Kind: BlockSign, Fields: []Field{
		{sw.seal, b.opt.Seal}, {sw.custodian, b.opt.Custodian}, {sw.sealedAt, ""}}})
}

// electionPage sums up the whole election: every round in a line, who
// each office elected, what is left, and the journal's head.
func (b *sheetBuilder) electionPage() Page {
	w, sw, rec := b.w, b.sw, b.rec
	p := Page{Heading: sw.electionPage}
	b.header(&p)
	state := sw.undecided
	if rec.Decided() {
		state = sw.decided
	}
	p.fields(Field{sw.rounds, strconv.Itoa(len(rec.Rounds))}, Field{sw.state, state})
	t := &table{right: []bool{true, false, false, true, true, false, false}}
	t.add(sw.rounds, sw.office, sw.kind, sw.counted, sw.valid, sw.elected, sw.next)
	for i := range rec.Rounds {
		rr := &rec.Rounds[i]
		r := rr.Result
		for j, s := range r.Sections {
			elected := strings.Join(s.Elected, w.listSep)
			if r.Void {
				elected = w.notCounted
			}
			no, next := "", ""
			if j == 0 {
				no = strconv.Itoa(rr.Number)
				next = sw.steps[r.Next.Kind.String()]
				if !rr.Closed {
					next = sw.provisionalShort
				}
			}
			t.add(no, fmt.Sprintf(w.roundOf, s.Office, rr.Spec.Number), kindName(w, r, &s),
				strconv.Itoa(s.Ballots.Cast), strconv.Itoa(s.Ballots.Valid), elected, next)
		}
	}
	p.Blocks = append(p.Blocks, tableBlock(t))
	p.heading(sw.outcomeBy)
	var fs []Field
	results := rec.Results()
	for _, o := range rec.Election.Offices {
		var names []string
		for _, r := range results {
			names = append(names, r.Elected()[o.Name]...)
		}
		v := w.none
		if len(names) > 0 {
			v = strings.Join(names, w.listSep)
		}
		v = w.elected + w.colon + v
		if n := len(results); n > 0 {
			for _, vac := range results[n-1].Next.Vacancies {
				if vac.Office == o.Name {
					v += "\n" + fmt.Sprintf(w.vacancies[vac.Reason], vac.Office, vac.Seats)
				}
			}
		}
		fs = append(fs, Field{fmt.Sprintf("%s · %s %d", o.Name, w.seats, o.Seats), v})
	}
	p.fields(fs...)
	if !rec.Decided() && len(rec.Rounds) > 0 {
		p.lines(false, nextLines(w, rec.Rounds[len(rec.Rounds)-1].Result)...)
	}
	b.fileBlock(&p, nil)
	b.signatures(&p)
	return p
}
