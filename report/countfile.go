package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"tally/count"
	"tally/store"
)

// What the count file's commands say (tally new, import, close, result,
// verify, backup), in Chinese or English. The commands gather what to
// record; these say what happened.

// pickf takes the English or the Chinese words (a format, often).
func pickf(l Lang, en, zh string) string {
	if l == LangZH {
		return zh
	}
	return en
}

// JoinNames lists names as the language does: 甲、乙 or A, B.
func JoinNames(names []string, l Lang) string {
	return strings.Join(names, pickf(l, ", ", "、"))
}

// ElectionLine names an election with its body, place and date.
func ElectionLine(e *count.Election) string {
	var meta []string
	for _, s := range []string{e.Body, e.Place, e.Date} {
		if s != "" && !strings.Contains(e.Title, s) {
			meta = append(meta, s)
		}
	}
	if len(meta) == 0 {
		return e.Title
	}
	return e.Title + " (" + strings.Join(meta, ", ") + ")"
}

// StatusLine gives a round's ballots by status.
func StatusLine(r *store.RoundState, l Lang) string {
	c := r.Counts()
	line := fmt.Sprintf(pickf(l, "%d accepted · %d pending · %d disputed", "已确认 %d · 待第二次录入 %d · 存疑 %d"),
		c[store.BallotAccepted], c[store.BallotPending], c[store.BallotDisputed])
	if v := c[store.BallotVoided]; v > 0 {
		line += fmt.Sprintf(pickf(l, " · %d voided", " · 已作废 %d"), v)
	}
	return line
}

// SeatsText says how many a section elects, or keeps on a list.
func SeatsText(s *count.Section, l Lang) string {
	keep := s.Kind == count.RoundRecommend || s.Kind == count.RoundCutoffRevote
	if l == LangZH {
		if keep {
			return fmt.Sprintf("推荐 %d 名", s.Seats)
		}
		return fmt.Sprintf("应选 %d 名", s.Seats)
	}
	unit := "seat"
	if keep {
		unit = "place"
	}
	if s.Seats != 1 {
		unit += "s"
	}
	return fmt.Sprintf("%d %s", s.Seats, unit)
}

// ModeText says how a round's papers are keyed.
func ModeText(mode string, l Lang) string {
	if mode == store.KeyingSingle {
		return pickf(l, "each ballot keyed once", "每张选票录入一次")
	}
	return pickf(l, "each ballot keyed twice, by two tellers; keyings that differ go to a scrutineer",
		"每张选票由两名计票人各录入一次；两次不一致的交监票人裁定")
}

// WriteCreated says a count file was made, and what to do first.
func WriteCreated(out io.Writer, path string, s *store.State, l Lang) {
	fmt.Fprintf(out, pickf(l, "Created %s for %s\n", "已创建计票文件 %s：%s\n"), path, ElectionLine(s.Election))
	WriteOpenRound(out, s.Open(), l)
	WriteNextSteps(out, path, s.Rules, l)
}

// WriteOpenRound says which round is open, what is on its paper, and how
// it is keyed.
func WriteOpenRound(out io.Writer, r *store.RoundState, l Lang) {
	if r == nil {
		return
	}
	fmt.Fprintf(out, pickf(l, "Round %d is open: %s\n", "第 %d 轮开始：%s\n"), r.Number, RoundName(&r.Spec, l))
	for i := range r.Spec.Sections {
		s := &r.Spec.Sections[i]
		fmt.Fprintf(out, pickf(l, "  %s · %s · candidates %s\n", "  %s · %s · 候选人 %s\n"), s.Office, SeatsText(s, l), JoinNames(s.Candidates, l))
		if len(s.CarriedOver) > 0 {
			fmt.Fprintf(out, pickf(l, "    carried over: %s\n", "    结转：%s\n"), JoinNames(s.CarriedOver, l))
		}
	}
	fmt.Fprintf(out, pickf(l, "Keying: %s\n", "录入方式：%s\n"), ModeText(r.Mode, l))
}

// WriteNextSteps says how the open round's ballots come in and how it
// closes.
func WriteNextSteps(out io.Writer, path string, rules int, l Lang) {
	by, byZH := "--by NAME", "--by 姓名"
	if rules >= store.RulesRoles {
		by, byZH = "--by NAME --confirmed-by NAME", "--by 姓名 --confirmed-by 姓名"
	}
	if l == LangZH {
		fmt.Fprintf(out, "下一步：用  tally import %s 选票文件...  导入本轮选票文件，\n", path)
		fmt.Fprintf(out, "        或在计票台录入选票；然后用\n")
		fmt.Fprintf(out, "        tally close %s %s  结束本轮\n", path, byZH)
		return
	}
	fmt.Fprintf(out, "Next: import this round's ballot files with  tally import %s BALLOTS...\n", path)
	fmt.Fprintf(out, "      or key the ballots at the counting table; then close the round with\n")
	fmt.Fprintf(out, "      tally close %s %s\n", path, by)
}

// WriteHead says how far the journal goes, with the check code that a
// paper printed now would carry.
func WriteHead(out io.Writer, f *store.CountFile, l Lang) {
	n, head := f.Head()
	fmt.Fprintf(out, pickf(l, "Count file %s · %d events · check code %s\n", "计票文件 %s · %d 条事件 · 核对码 %s\n"), f.Path(), n, store.CheckCode(head))
}

// WriteImported says what an import added, and what comes next.
func WriteImported(out io.Writer, f *store.CountFile, n int, paths []string, l Lang) {
	r := f.State().Open()
	if r == nil {
		return
	}
	if l == LangZH {
		fmt.Fprintf(out, "已导入 %d 张选票到 %s 的第 %d 轮（%s），来自 %s\n", n, f.Path(), r.Number, RoundName(&r.Spec, l), strings.Join(paths, "、"))
		fmt.Fprintf(out, "第 %d 轮：%s\n", r.Number, StatusLine(r, l))
		WriteHead(out, f, l)
		fmt.Fprintf(out, "下一步：全部选票录入后，用  tally close %s --by 姓名 --confirmed-by 姓名  结束本轮\n", f.Path())
		return
	}
	fmt.Fprintf(out, "Imported %d ballots into round %d (%s) of %s, from %s\n", n, r.Number, RoundName(&r.Spec, l), f.Path(), strings.Join(paths, ", "))
	fmt.Fprintf(out, "Round %d: %s\n", r.Number, StatusLine(r, l))
	WriteHead(out, f, l)
	fmt.Fprintf(out, "Next: when every ballot is in, close the round with  tally close %s --by NAME --confirmed-by NAME\n", f.Path())
}

// WriteClosed says a round was closed: its result as tabulate prints it,
// who closed it, and what follows.
func WriteClosed(out io.Writer, f *store.CountFile, number int, by string, res *count.Result, l Lang) error {
	s := f.State()
	if err := Text(out, s.Election, []*count.Result{res}, l); err != nil {
		return err
	}
	fmt.Fprintf(out, pickf(l, "\nRound %d closed by %s.\n", "\n第 %d 轮已由 %s 结束。\n"), number, by)
	if next := s.Open(); next != nil {
		WriteOpenRound(out, next, l)
		WriteNextSteps(out, f.Path(), s.Rules, l)
	} else if res.Next.Kind == count.StepDone {
		fmt.Fprintln(out, pickf(l, "The election is decided: no round follows.", "选举结束：没有下一轮。"))
	} else {
		fmt.Fprintf(out, pickf(l, "No round is opened: the next step (%s) is not a vote this file can record yet.\n",
			"没有开始新的一轮：下一步（%s）不是本文件目前能记录的投票。\n"), res.Next.Kind)
	}
	WriteHead(out, f, l)
	return nil
}

// NoOpenRound says why no round takes ballots.
func NoOpenRound(path string, s *store.State, l Lang) error {
	results, _ := s.Results()
	if n := len(results); n > 0 && results[n-1].Next.Kind == count.StepDone {
		return fmt.Errorf(pickf(l, "%s: no round is open: the election is decided (tally result %s shows it)", "%s：没有正在进行的轮次：选举已结束（tally result %s 可查看）"), path, path)
	}
	if n := len(results); n > 0 {
		return fmt.Errorf(pickf(l, "%s: no round is open: the last round's next step (%s) is not a vote this file can record yet", "%s：没有正在进行的轮次：上一轮的下一步（%s）不是本文件目前能记录的投票"), path, results[n-1].Next.Kind)
	}
	return fmt.Errorf(pickf(l, "%s: no round is open", "%s：没有正在进行的轮次"), path)
}

// NotSettled refuses to close a round with papers still pending or
// disputed when no reason is given.
func NotSettled(path string, r *store.RoundState, l Lang) error {
	c := r.Counts()
	return fmt.Errorf(pickf(l,
		"%s: round %d has %d pending and %d disputed ballots: settle them, or give the reason for closing regardless with --reason",
		"%s：第 %d 轮还有 %d 张待第二次录入、%d 张存疑：请先处理，或用 --reason 说明仍要结束的理由"),
		path, r.Number, c[store.BallotPending], c[store.BallotDisputed])
}

// ResultDocument is the result document of tabulate with the count file's
// part added: a reader of the document sees the same fields, and one that
// knows the count file finds the open round and the journal's head.
type ResultDocument struct {
	Document
	CountFile CountFileSummary `json:"count_file"`
}

// CountFileSummary is the count file's part of tally result --json.
type CountFileSummary struct {
	Path   string `json:"path"`
	Events uint64 `json:"events"`
	Head   string `json:"head"`
	// Open is the round open for ballots, with its provisional count.
	Open *OpenRoundSummary `json:"open_round,omitempty"`
	// Keying says, round by round, how the accepted ballots came in.
	Keying []RoundKeying `json:"keying"`
}

// RoundKeying is how one round's accepted ballots came in.
type RoundKeying struct {
	Round        int    `json:"round"`
	Contest      string `json:"contest"`
	ContestRound int    `json:"contest_round"`
	store.KeyingSummary
}

// OpenRoundSummary is the open round with its provisional count.
type OpenRoundSummary struct {
	// Round is the round's number in the count file; Contest and
	// ContestRound name it as the result does.
	Round        int    `json:"round"`
	Contest      string `json:"contest"`
	ContestRound int    `json:"contest_round"`
	Keying       string `json:"keying"`
	Accepted     int    `json:"accepted"`
	Pending      int    `json:"pending"`
	Disputed     int    `json:"disputed"`
	Voided       int    `json:"voided"`
	// Provisional counts the accepted ballots so far: not a result.
	Provisional *count.Result `json:"provisional"`
}

// WriteResult prints a count file's results as tally result does: the
// closed rounds as tabulate prints them, the open round's provisional
// count fenced off, how each round's papers came in, and the head; or
// with asJSON the result document with the count file's part.
func WriteResult(out io.Writer, f *store.CountFile, asJSON bool, l Lang) error {
	s := f.State()
	e := s.Election
	results, err := s.Results()
	if err != nil {
		return fmt.Errorf("%s: %w", f.Path(), err)
	}
	r := s.Open()
	var prov *count.Result
	if r != nil {
		if prov, err = s.Provisional(); err != nil {
			return fmt.Errorf(pickf(l, "%s: the open round cannot be counted: %w", "%s：正在进行的一轮无法计票：%w"), f.Path(), err)
		}
	}
	n, head := f.Head()
	if asJSON {
		doc := ResultDocument{Document: NewDocument(e, results),
			CountFile: CountFileSummary{Path: f.Path(), Events: n, Head: head, Keying: []RoundKeying{}}}
		for _, rs := range s.Rounds {
			doc.CountFile.Keying = append(doc.CountFile.Keying, RoundKeying{rs.Number, rs.Spec.Contest, rs.Spec.Number, rs.Keying()})
		}
		if r != nil {
			c := r.Counts()
			doc.CountFile.Open = &OpenRoundSummary{Round: r.Number, Contest: r.Spec.Contest, ContestRound: r.Spec.Number,
				Keying: r.Mode, Accepted: c[store.BallotAccepted], Pending: c[store.BallotPending],
				Disputed: c[store.BallotDisputed], Voided: c[store.BallotVoided], Provisional: prov}
		}
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	}
	if len(results) > 0 || r == nil {
		if err := Text(out, e, results, l); err != nil {
			return err
		}
	}
	if r != nil {
		WriteProvisional(out, e, r, prov, l, len(results) > 0)
	}
	label := [2]string{"Keying          ", "Count file      "}
	if l == LangZH {
		label = [2]string{"录入方式        ", "计票文件        "}
	}
	for i, rs := range s.Rounds {
		lead := label[0]
		if i > 0 {
			lead = strings.Repeat(" ", 16)
		}
		name := fmt.Sprintf(pickf(l, "round %d (%s · %d): ", "第%d轮（%s · 第%d轮）："), rs.Number, rs.Spec.Contest, rs.Spec.Number)
		fmt.Fprintf(out, "\n%s%s%s", lead, name, Keying(rs.Keying(), l))
	}
	fmt.Fprintf(out, pickf(l, "\n%s%s · %d events · check code %s\n", "\n%s%s · %d 条事件 · 核对码 %s\n"), label[1], f.Path(), n, store.CheckCode(head))
	return nil
}

// WriteProvisional prints the open round's count so far, fenced off as
// provisional: nothing in it is decided until the round is closed.
func WriteProvisional(out io.Writer, e *count.Election, r *store.RoundState, prov *count.Result, l Lang, after bool) {
	c := r.Counts()
	if after {
		fmt.Fprintln(out)
	}
	if l == LangZH {
		fmt.Fprintf(out, "▶ 临时计票 · 第%d轮进行中（%s）· 不是结果\n", r.Number, RoundName(&r.Spec, l))
		fmt.Fprintf(out, "  目前选票：%s\n", StatusLine(r, l))
		fmt.Fprintf(out, "  以下只计已确认的 %d 张选票，随录入变化；总监票人结束本轮之前，一切未定。\n", c[store.BallotAccepted])
	} else {
		fmt.Fprintf(out, "▶ PROVISIONAL · round %d is open (%s) · not a result\n", r.Number, RoundName(&r.Spec, l))
		fmt.Fprintf(out, "  Ballots so far: %s\n", StatusLine(r, l))
		fmt.Fprintf(out, "  The count below is of the %d accepted ballots only. It changes as ballots\n", c[store.BallotAccepted])
		fmt.Fprintln(out, "  come in, and nothing is decided until the chief scrutineer closes the round.")
	}
	var b strings.Builder
	Text(&b, e, []*count.Result{prov}, l)
	text := b.String()
	if after {
		// The election's heading is already printed above.
		if i := strings.Index(text, "\n\n"); i >= 0 {
			text = text[i+1:]
		}
	}
	io.WriteString(out, text)
	fmt.Fprintf(out, pickf(l, "◀ END OF PROVISIONAL COUNT · round %d is still open\n", "◀ 临时计票到此 · 第%d轮仍在进行\n"), r.Number)
}

// WriteVerified says a count file verified, with the head's check code.
func WriteVerified(out io.Writer, f *store.CountFile, l Lang) {
	s := f.State()
	closed, accepted := 0, 0
	for _, r := range s.Rounds {
		if r.Closed {
			closed++
		}
		accepted += r.Counts()[store.BallotAccepted]
	}
	n, head := f.Head()
	fmt.Fprintf(out, pickf(l, "verified: %d events, head %s, %d rounds (%d closed), %d ballots accepted\n",
		"核验通过：%d 条事件，末条 %s，共 %d 轮（已结束 %d 轮），已确认 %d 张选票\n"), n, head, len(s.Rounds), closed, accepted)
	fmt.Fprintf(out, pickf(l, "check code of the head: %s\n", "末条的核对码：%s\n"), store.CheckCode(head))
}

// CodeMatched says which event a signed paper's check code names.
func CodeMatched(m store.CodeMatch, l Lang) string {
	if m.Round == 0 {
		return fmt.Sprintf(pickf(l, "the check code is the journal's head (event %d): nothing was added after the sheet",
			"核对码与日志末条（第 %d 条事件）一致：打印报告单后没有新增事件"), m.Seq)
	}
	return fmt.Sprintf(pickf(l, "the check code is the close of round %d (event %d of %d): the sheet is of that round; the %d events after it are later work",
		"核对码与第 %d 轮的结束事件（第 %d 条，共 %d 条）一致：报告单是该轮的；其后 %d 条事件是之后的工作"), m.Round, m.Seq, m.Events, m.Events-m.Seq)
}

// CodeNotMatched refuses a file whose journal has not the code a signed
// paper gives.
func CodeNotMatched(f *store.CountFile, code string, l Lang) error {
	_, head := f.Head()
	return fmt.Errorf(pickf(l,
		"%s: no round's close nor the journal's head has the check code %s printed on the count sheet (the head's is %s): the file is not the one the sheet was signed for, or its events were changed",
		"%s：日志末条和各轮的结束事件都没有报告单上印的核对码 %s（末条的核对码是 %s）：这不是签署报告单时的文件，或其事件被改动过"),
		f.Path(), code, store.CheckCode(head))
}

// VerifyFailed says every problem verify found, and what to do.
func VerifyFailed(path string, problems []error, l Lang) string {
	var b strings.Builder
	newer := false
	for _, p := range problems {
		b.WriteString(ErrorText(p, l) + "\n")
		newer = newer || errors.Is(p, store.ErrNewer)
	}
	if l == LangZH {
		fmt.Fprintf(&b, "核验未通过：%s 中有 %d 个问题。", path, len(problems))
		if newer {
			b.WriteString("它由更新版本的 tally 写成：请用那个版本核验")
		} else {
			fmt.Fprintf(&b, "请原样保留此文件交监票人；要继续计票，请取最近一个能通过核验的备份（在 %s.backups/ 中，或用 tally backup 做的备份）", path)
		}
		return b.String()
	}
	fmt.Fprintf(&b, "verify failed: %d problem", len(problems))
	if len(problems) != 1 {
		b.WriteString("s")
	}
	if newer {
		fmt.Fprintf(&b, " in %s: it was written by a newer tally; verify it with that version", path)
		return b.String()
	}
	fmt.Fprintf(&b, " in %s. Keep it as it is for the scrutineers; to go on counting, take the last backup that verifies (in %s.backups/, or one made with tally backup)", path, path)
	return b.String()
}

// WriteCopied says a backup was made and checked.
func WriteCopied(out io.Writer, path, dest string, n uint64, head string, l Lang) {
	fmt.Fprintf(out, pickf(l, "Copied %s to %s: %d events, check code %s\n", "已将 %s 复制到 %s：%d 条事件，核对码 %s\n"), path, dest, n, store.CheckCode(head))
}

// FromSnapshot says that what follows was read from the snapshot of the
// tally keeping the count, checked here, as of its time.
func FromSnapshot(path string, at time.Time, l Lang) string {
	return fmt.Sprintf(pickf(l, "%s is held by a tally keeping the count: read from its snapshot of %s, checked here; the count may have moved on since",
		"%s 正由另一个 tally 计票使用：本次读取其 %s 的快照（已在此核验）；其后计票可能已有进展"), path, at.Local().Format("15:04:05"))
}

// CopyDiffers refuses a backup whose journal is not the file's.
func CopyDiffers(path, dest string, n uint64, head string, cn uint64, chead string, l Lang) error {
	if l == LangZH {
		return fmt.Errorf("%s：副本有 %d 条事件（核对码 %s），而 %s 有 %d 条（核对码 %s）：请重新复制",
			dest, cn, store.CheckCode(chead), path, n, store.CheckCode(head))
	}
	return fmt.Errorf("%s: the copy holds %d events (check code %s), not the %d of %s (check code %s): copy it again",
		dest, cn, store.CheckCode(chead), n, path, store.CheckCode(head))
}

// ErrorText says an error in the language: the store's own Chinese where
// it has it, else the Chinese for the kind of problem before the English
// detail, which names the file, the line and the field.
func ErrorText(err error, l Lang) string {
	var done Said
	if l != LangZH || errors.As(err, &done) {
		return err.Error()
	}
	var ce *store.CountError
	if errors.As(err, &ce) && ce.Error() == err.Error() {
		return ce.ErrorIn(true)
	}
	var fe store.FileErrors
	var fe1 *store.FileError
	var ie *count.InputError
	switch {
	case errors.Is(err, store.ErrCodeForm):
		return "核对码写法有误（原文）：" + err.Error()
	case errors.As(err, &ce):
		return store.KindZH(ce.Kind) + err.Error()
	case errors.As(err, &fe), errors.As(err, &fe1):
		return "文件有误（原文，列出文件、行和字段）：\n" + err.Error()
	case errors.As(err, &ie):
		return "输入有误（原文，列出文件、行和字段）：" + err.Error()
	}
	return "出错（原文）：" + err.Error()
}

// Said is an error already worded in the language it is to be said in.
type Said string

func (s Said) Error() string { return string(s) }
