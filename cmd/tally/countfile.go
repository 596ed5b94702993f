package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"tally/count"
	"tally/report"
	"tally/store"
)

// The count file's commands: new, import, close, result, verify, journal
// and backup. Each opens the file, does one thing, and closes it; the
// store checks every event, so these commands only gather what to record
// and say what happened.

// countFileCommands are the commands that work on a count file.
func countFileCommands() []*cobra.Command {
	return []*cobra.Command{newNew(), newImport(), newClose(), newResult(), newVerify(), newJournal(), newExport(), newBackup(), newWatch()}
}

// Roles of the people these commands sign in.
const (
	roleImporter = "importer"
	roleChief    = "chief-scrutineer"
)

// maxImport bounds the ballots one import may hold: a BLT line's weight is
// expanded into that many ballots, and a weight of a trillion must be
// refused before memory is set aside for it.
const maxImport = 10_000_000

// langHelp is the --lang flag's help for the commands that answer in words.
const langHelp = "language of what the command says: zh or en (default: the election file's, then the environment's)"

// openCount opens a count file; every problem is the user's to act on
// (open elsewhere, damaged, newer, missing), so it exits 1 with the
// store's message, which names the file and says what to do.
func openCount(path string, readOnly bool) (*store.CountFile, error) {
	f, err := store.Open(path, store.Options{ReadOnly: readOnly})
	if err != nil {
		return nil, inputError{err}
	}
	return f, nil
}

// recorded turns the error of an append into the command's, and warns of
// a failed automatic backup after a commit (the events stand).
func recorded(stderr io.Writer, f *store.CountFile, err error) error {
	if err != nil {
		return inputError{err}
	}
	if be := f.LastBackupError(); be != nil {
		fmt.Fprintln(stderr, "tally: warning: "+be.Error())
	}
	return nil
}

func checkLang(lang string) error {
	if _, ok := report.ParseLang(lang); !ok {
		return fmt.Errorf("--lang %q: expected zh or en (--lang %q：应为 zh 或 en)", lang, lang)
	}
	return nil
}

// ---- tally watch ----

func newWatch() *cobra.Command {
	var lang string
	cmd := &cobra.Command{
		Use:   "watch COUNT.tally",
		Short: "Show the scrutineers' screen of a table counting on this machine",
		Long: `watch shows, on a second terminal, the scrutineers' screen of the
counting table that has the count file open: large totals, the last
ballots accepted as keyed, the disputes and the ballot account, live.
Nothing on it can change the count: it only receives what the table
draws. q quits.

Exit status: 0 done, 1 no table has the file open, 2 misuse.`,
		Example: `  tally party.tally          # the table, on the keyers' terminal
  tally watch party.tally    # the scrutineers' screen, on another`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkLang(lang); err != nil {
				return err
			}
			return runWatch(args[0], lang)
		},
	}
	cmd.Flags().StringVar(&lang, "lang", "", "language of the screen: zh or en (default: the table's)")
	return cmd
}

// ---- tally new ----

func newNew() *cobra.Command {
	var single bool
	var lang string
	cmd := &cobra.Command{
		Use:   "new ELECTION.toml COUNT.tally",
		Short: "Create a count file for an election, with its first round open",
		Long: `new checks an election file and creates a count file for it: a journal of
every ballot keyed or imported, every decision and every result, each
event chained to the one before by its hash (docs/count-file.md).

The first round is opened at once. Each of its ballots is keyed twice, by
two tellers, unless --single is given.

Exit status: 0 created, 1 a problem with the election file or the count
file (one is already there), 2 misuse.`,
		Example: `  tally new examples/party-branch-cascade.toml party.tally
  tally new --single club.toml club.tally`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkLang(lang); err != nil {
				return err
			}
			l := answerIn(lang, "")
			electionPath, path := args[0], args[1]
			text, err := os.ReadFile(electionPath)
			if err != nil {
				return inputError{err}
			}
			// The store names the count file in its messages; check the
			// election first so that a problem names the election file's line.
			if _, err := store.ParseElection(electionPath, text); err != nil {
				return inputError{err}
			}
			mode := store.KeyingDouble
			if single {
				mode = store.KeyingSingle
			}
			f, err := store.Create(path, text, mode, store.Options{})
			if err != nil {
				return inputError{err}
			}
			defer f.Close()
			out := cmd.OutOrStdout()
			s := f.State()
			e := s.Election
			l = answerIn(lang, e.Lang)
			fmt.Fprintf(out, tr(l, "Created %s for %s\n", "已创建计票文件 %s：%s\n"), path, electionLine(e))
			writeOpenRound(out, s.Open(), l)
			writeNextSteps(out, path, l)
			return nil
		},
	}
	cmd.Flags().BoolVar(&single, "single", false, "key each ballot once, not twice")
	cmd.Flags().StringVar(&lang, "lang", "", langHelp)
	return cmd
}

// electionLine names an election with its body, place and date.
func electionLine(e *count.Election) string {
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

var roundKindWords = map[count.RoundKind]string{
	count.RoundFirst: "first vote", count.RoundRerun: "re-run", count.RoundTieRevote: "tie re-vote",
	count.RoundExtra: "extra round", count.RoundRecommend: "recommendation vote", count.RoundCutoffRevote: "cut-off re-vote",
}

var roundKindWordsZH = map[count.RoundKind]string{
	count.RoundFirst: "正式选举", count.RoundRerun: "重新投票", count.RoundTieRevote: "得票相等者再次投票",
	count.RoundExtra: "另行选举", count.RoundRecommend: "推荐投票", count.RoundCutoffRevote: "末位得票相等者再次投票",
}

// roundNameIn names a round in the report's language.
func roundNameIn(r *count.Round, l report.Lang) string {
	if l != report.LangZH {
		return roundName(r)
	}
	name := fmt.Sprintf("%s 第%d轮 · %s", r.Contest, r.Number, roundKindWordsZH[r.Kind()])
	if r.Rerun {
		name += "（无效后重新投票）"
	}
	return name
}

// statusLineIn is statusLine in the report's language.
func statusLineIn(r *store.RoundState, l report.Lang) string {
	if l != report.LangZH {
		return statusLine(r)
	}
	c := r.Counts()
	line := fmt.Sprintf("已确认 %d · 待第二次录入 %d · 存疑 %d", c[store.BallotAccepted], c[store.BallotPending], c[store.BallotDisputed])
	if v := c[store.BallotVoided]; v > 0 {
		line += fmt.Sprintf(" · 已作废 %d", v)
	}
	return line
}

func roundName(r *count.Round) string {
	name := fmt.Sprintf("%s round %d · %s", r.Contest, r.Number, roundKindWords[r.Kind()])
	if r.Rerun {
		name += " (re-run of a void round)"
	}
	return name
}

func seatsText(s *count.Section, l report.Lang) string {
	if l == report.LangZH {
		if s.Kind == count.RoundRecommend || s.Kind == count.RoundCutoffRevote {
			return fmt.Sprintf("推荐 %d 名", s.Seats)
		}
		return fmt.Sprintf("应选 %d 名", s.Seats)
	}
	unit := "seat"
	if s.Kind == count.RoundRecommend || s.Kind == count.RoundCutoffRevote {
		unit = "place"
	}
	if s.Seats != 1 {
		unit += "s"
	}
	return fmt.Sprintf("%d %s", s.Seats, unit)
}

func modeText(mode string, l report.Lang) string {
	if mode == store.KeyingSingle {
		return tr(l, "each ballot keyed once", "每张选票录入一次")
	}
	return tr(l, "each ballot keyed twice, by two tellers; keyings that differ go to a scrutineer",
		"每张选票由两名计票人各录入一次；两次不一致的交监票人裁定")
}

// writeOpenRound says which round is open, what is on its paper, and how
// it is keyed.
func writeOpenRound(out io.Writer, r *store.RoundState, l report.Lang) {
	if r == nil {
		return
	}
	fmt.Fprintf(out, tr(l, "Round %d is open: %s\n", "第 %d 轮开始：%s\n"), r.Number, roundNameIn(&r.Spec, l))
	for i := range r.Spec.Sections {
		s := &r.Spec.Sections[i]
		fmt.Fprintf(out, tr(l, "  %s · %s · candidates %s\n", "  %s · %s · 候选人 %s\n"), s.Office, seatsText(s, l), namesIn(s.Candidates, l))
		if len(s.CarriedOver) > 0 {
			fmt.Fprintf(out, tr(l, "    carried over: %s\n", "    结转：%s\n"), namesIn(s.CarriedOver, l))
		}
	}
	fmt.Fprintf(out, tr(l, "Keying: %s\n", "录入方式：%s\n"), modeText(r.Mode, l))
}

// namesIn lists names as the language does: 甲、乙 or A, B.
func namesIn(names []string, l report.Lang) string {
	return strings.Join(names, tr(l, ", ", "、"))
}

func writeNextSteps(out io.Writer, path string, l report.Lang) {
	if l == report.LangZH {
		fmt.Fprintf(out, "下一步：用  tally import %s 选票文件...  导入本轮选票文件，\n", path)
		fmt.Fprintf(out, "        或在计票台录入选票；然后用\n")
		fmt.Fprintf(out, "        tally close %s --by 姓名  结束本轮\n", path)
		return
	}
	fmt.Fprintf(out, "Next: import this round's ballot files with  tally import %s BALLOTS...\n", path)
	fmt.Fprintf(out, "      or key the ballots at the counting table; then close the round with\n")
	fmt.Fprintf(out, "      tally close %s --by NAME\n", path)
}

// ---- tally import ----

func newImport() *cobra.Command {
	var by, lang string
	cmd := &cobra.Command{
		Use:   "import COUNT.tally BALLOTS...",
		Short: "Add ballot files to the open round of a count file",
		Long: `import reads ballot files (CSV or JSON Lines; a BLT file for a ranked
election of one office) and adds their ballots to the round open in the
count file, accepted as read, in one event: all of them or none.

Every record must be for the open round: a record for another office or
round is refused, naming its line. Ballots without a number take the
numbers after the highest already in the round; a ballot already in the
round is refused, naming its number. The person importing (--by, default
"import") signs in as importer in the same step.

Exit status: 0 imported, 1 a problem with a ballot file or the count file
(nothing is recorded), 2 misuse.`,
		Example: `  tally import party.tally round1.jsonl
  tally import --by 王明 party.tally table1.csv table2.csv`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkLang(lang); err != nil {
				return err
			}
			l := answerIn(lang, "")
			if by = strings.TrimSpace(by); by == "" {
				return errors.New(tr(l, "--by: a name is needed", "--by：需要一个姓名"))
			}
			f, err := openCount(args[0], false)
			if err != nil {
				return err
			}
			defer f.Close()
			answerIn(lang, f.State().Election.Lang)
			return importBallots(cmd.OutOrStdout(), cmd.ErrOrStderr(), f, args[1:], by)
		},
	}
	cmd.Flags().StringVar(&by, "by", "import", "who imports the ballots (signs in as importer)")
	cmd.Flags().StringVar(&lang, "lang", "", langHelp)
	return cmd
}

func importBallots(out, stderr io.Writer, f *store.CountFile, paths []string, by string) error {
	s := f.State()
	r := s.Open()
	if r == nil {
		return inputError{noOpenRound(f.Path(), s)}
	}
	ballots, err := readForRound(s.Election, r, paths)
	if err != nil {
		return inputError{err}
	}
	if len(ballots) == 0 {
		return inputError{fmt.Errorf(tr(answer, "%s: no ballots to import", "%s：没有可导入的选票"), strings.Join(paths, ", "))}
	}
	var evs []store.Event
	if !signedIn(s, by, roleImporter) {
		evs = append(evs, store.Event{Kind: store.EventTellerSignedIn, Who: by, Role: roleImporter})
	}
	evs = append(evs, store.Event{Kind: store.EventBallotsImported, Who: by, Round: r.Number, Ballots: ballots,
		Note: "from " + strings.Join(paths, ", ")})
	_, err = f.AppendAll(evs...)
	if err := recorded(stderr, f, err); err != nil {
		return err
	}
	r = f.State().Open()
	l := answer
	if l == report.LangZH {
		fmt.Fprintf(out, "已导入 %d 张选票到 %s 的第 %d 轮（%s），来自 %s\n", len(ballots), f.Path(), r.Number, roundNameIn(&r.Spec, l), strings.Join(paths, "、"))
		fmt.Fprintf(out, "第 %d 轮：%s\n", r.Number, statusLineIn(r, l))
		writeHead(out, f, l)
		fmt.Fprintf(out, "下一步：全部选票录入后，用  tally close %s --by 姓名  结束本轮\n", f.Path())
		return nil
	}
	fmt.Fprintf(out, "Imported %d ballots into round %d (%s) of %s, from %s\n", len(ballots), r.Number, roundName(&r.Spec), f.Path(), strings.Join(paths, ", "))
	fmt.Fprintf(out, "Round %d: %s\n", r.Number, statusLine(r))
	writeHead(out, f, l)
	fmt.Fprintf(out, "Next: when every ballot is in, close the round with  tally close %s --by NAME\n", f.Path())
	return nil
}

// noOpenRound says why no round takes ballots.
func noOpenRound(path string, s *store.State) error {
	l := answer
	results, _ := s.Results()
	if n := len(results); n > 0 && results[n-1].Next.Kind == count.StepDone {
		return fmt.Errorf(tr(l, "%s: no round is open: the election is decided (tally result %s shows it)", "%s：没有正在进行的轮次：选举已结束（tally result %s 可查看）"), path, path)
	}
	if n := len(results); n > 0 {
		return fmt.Errorf(tr(l, "%s: no round is open: the last round's next step (%s) is not a vote this file can record yet", "%s：没有正在进行的轮次：上一轮的下一步（%s）不是本文件目前能记录的投票"), path, results[n-1].Next.Kind)
	}
	return fmt.Errorf(tr(l, "%s: no round is open", "%s：没有正在进行的轮次"), path)
}

func signedIn(s *store.State, name, role string) bool {
	return slices.Contains(s.Tellers, store.Teller{Name: name, Role: role})
}

// statusLine gives a round's ballots by status.
func statusLine(r *store.RoundState) string {
	c := r.Counts()
	line := fmt.Sprintf("%d accepted · %d pending · %d disputed", c[store.BallotAccepted], c[store.BallotPending], c[store.BallotDisputed])
	if v := c[store.BallotVoided]; v > 0 {
		line += fmt.Sprintf(" · %d voided", v)
	}
	return line
}

// readForRound reads ballot files for the open round r and resolves them
// to its paper. Unnumbered ballots take the numbers after the highest in
// the round, skipping those the files give; a ballot already in the round
// is refused, naming where the file gives it.
func readForRound(e *count.Election, r *store.RoundState, paths []string) ([]count.Ballot, error) {
	var recs []count.BallotRecord
	var blts []*store.BLTFile
	var bltPaths []string
	for _, p := range paths {
		if isBLT(p) {
			b, err := readBLT(p)
			if err != nil {
				return nil, err
			}
			blts, bltPaths = append(blts, b), append(bltPaths, p)
			continue
		}
		rs, err := store.ReadBallotFile(p)
		if err != nil {
			return nil, err
		}
		recs = append(recs, rs...)
	}
	if err := checkRecordsForRound(e, &r.Spec, recs); err != nil {
		return nil, err
	}
	taken := map[int]bool{}
	for _, rec := range recs {
		taken[rec.Number] = true
	}
	next := 0
	for n := range r.Ballots {
		next = max(next, n)
	}
	nextFree := func() int {
		for next++; taken[next]; next++ {
		}
		return next
	}
	if len(r.Spec.Sections) == 1 {
		// On a paper of several offices a record's number joins its
		// sections: Resolve refuses one without, and so must this.
		for i := range recs {
			if recs[i].Number == 0 {
				recs[i].Number = nextFree()
			}
		}
	}
	ballots, err := e.Resolve(&r.Spec, recs)
	if err != nil {
		return nil, err
	}
	for i, b := range blts {
		bs, err := bltBallots(e, &r.Spec, bltPaths[i], b, len(ballots), nextFree)
		if err != nil {
			return nil, err
		}
		ballots = append(ballots, bs...)
	}
	for _, b := range ballots {
		if x := r.Ballots[b.Number]; x != nil && x.Status != store.BallotVoided {
			return nil, &count.InputError{Origin: b.Origin, Field: "ballot", Msg: fmt.Sprintf(
				"ballot %d of %s round %d is already in the count (%s): number this file's ballots after the ones imported or keyed, or leave the numbers out", b.Number, r.Spec.Contest, r.Spec.Number, x.Status)}
		}
	}
	return ballots, nil
}

// checkRecordsForRound refuses the first record that is not for the open
// round: another office, or another round of its office.
func checkRecordsForRound(e *count.Election, r *count.Round, recs []count.BallotRecord) error {
	contests := e.Contests()
	contestOf := map[string]string{}
	var known []string
	for _, c := range contests {
		contestOf[c.Name] = c.Name
		known = append(known, c.Name)
		for _, oi := range c.Offices {
			n := e.Offices[oi].Name
			if n != c.Name {
				contestOf[n] = c.Name
				known = append(known, n)
			}
		}
	}
	open := fmt.Sprintf("the open round is %s round %d: import each round's ballots while it is open", r.Contest, r.Number)
	for i := range recs {
		rec := &recs[i]
		if rec.Office == "" {
			if len(contests) > 1 {
				return &count.InputError{Origin: rec.Origin, Field: "office", Msg: "missing: this election has several offices, so each ballot must name its office"}
			}
			rec.Office = contests[0].Name
		}
		c, ok := contestOf[rec.Office]
		if !ok {
			return &count.InputError{Origin: rec.Origin, Field: "office", Msg: fmt.Sprintf("no office or paper is named %q%s", rec.Office, count.Suggest(rec.Office, known))}
		}
		if c != r.Contest {
			return &count.InputError{Origin: rec.Origin, Field: "office", Msg: fmt.Sprintf("this ballot is for %s, but %s", rec.Office, open)}
		}
		if rec.Round < 0 {
			return &count.InputError{Origin: rec.Origin, Field: "round", Msg: fmt.Sprintf("expected a round number, 1 or more (got %d)", rec.Round)}
		}
		if n := max(rec.Round, 1); n != r.Number {
			return &count.InputError{Origin: rec.Origin, Field: "round", Msg: fmt.Sprintf("this ballot is for %s round %d, but %s", c, n, open)}
		}
	}
	return nil
}

// bltBallots expands a BLT file's weighted rankings into numbered ballots
// of a ranked round of one office, matching candidates by name.
func bltBallots(e *count.Election, r *count.Round, path string, b *store.BLTFile, have int, nextFree func() int) ([]count.Ballot, error) {
	if e.Ballot != count.BallotRanked || len(r.Sections) != 1 {
		return nil, &count.InputError{Origin: path, Msg: "a BLT file holds the rankings of one ranked office; this count file's election is not a ranked election of one office"}
	}
	s := &r.Sections[0]
	index := make([]int, len(b.Candidates))
	for i, n := range b.Candidates {
		index[i] = slices.Index(s.Candidates, n)
		if index[i] < 0 {
			return nil, &count.InputError{Origin: path, Field: "candidates", Msg: fmt.Sprintf("%q is not a candidate of %s%s", n, s.Office, count.Suggest(n, s.Candidates))}
		}
	}
	total := int64(have)
	for _, rk := range b.Ballots {
		total += rk.Count
		if total > maxImport {
			return nil, &count.InputError{Origin: path, Msg: fmt.Sprintf("more than %d ballots in one import: split the file", maxImport)}
		}
	}
	var out []count.Ballot
	for _, rk := range b.Ballots {
		ranks := make([][]int, len(rk.Ranks))
		for i, rank := range rk.Ranks {
			ranks[i] = make([]int, len(rank))
			for j, c := range rank {
				if c != count.OvervoteMark {
					c = index[c]
				}
				ranks[i][j] = c
			}
		}
		for range rk.Count {
			out = append(out, count.Ballot{Number: nextFree(), Origin: path, Source: -1, Sections: []count.Marks{{Ranks: ranks}}})
		}
	}
	return out, nil
}

// ---- tally close ----

func newClose() *cobra.Command {
	var by, reason, lang string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "close COUNT.tally --by NAME [--reason TEXT]",
		Short: "Close the open round: count it, record the result, open what follows",
		Long: `close counts the open round's accepted ballots, records the result as
announced, and opens the round that follows (a tie re-vote, an extra
round, the next office), if any. --by names the chief scrutineer, who
signs in as such if they have not.

A round with ballots still pending or disputed closes only with --reason,
which the journal keeps.

It prints the round's result as tabulate does (--json: the result
document), then the round opened next.

Exit status: 0 closed, 1 a problem with the count file (nothing is
recorded), 2 misuse.`,
		Example: `  tally close party.tally --by 张监
  tally close party.tally --by 张监 --reason "ballot 17 torn; the meeting agreed to close"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkLang(lang); err != nil {
				return err
			}
			l := answerIn(lang, "")
			if by = strings.TrimSpace(by); by == "" {
				return errors.New(tr(l, "--by: a name is needed", "--by：需要一个姓名"))
			}
			f, err := openCount(args[0], false)
			if err != nil {
				return err
			}
			defer f.Close()
			answerIn(lang, f.State().Election.Lang)
			return closeRound(cmd.OutOrStdout(), cmd.ErrOrStderr(), f, by, reason, asJSON, lang)
		},
	}
	cmd.Flags().StringVar(&by, "by", "", "the chief scrutineer closing the round (required)")
	cmd.Flags().StringVar(&reason, "reason", "", "why the round closes with ballots still pending or disputed")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as a JSON document (docs/result-json.md)")
	cmd.Flags().StringVar(&lang, "lang", "", "language of the result: zh or en (default: the election file's, then the environment's)")
	cmd.MarkFlagRequired("by")
	return cmd
}

func closeRound(out, stderr io.Writer, f *store.CountFile, by, reason string, asJSON bool, lang string) error {
	s := f.State()
	r := s.Open()
	if r == nil {
		return inputError{noOpenRound(f.Path(), s)}
	}
	c := r.Counts()
	if open := c[store.BallotPending] + c[store.BallotDisputed]; open > 0 && reason == "" {
		return inputError{fmt.Errorf(tr(answerIn(lang, s.Election.Lang),
			"%s: round %d has %d pending and %d disputed ballots: settle them, or give the reason for closing regardless with --reason",
			"%s：第 %d 轮还有 %d 张待第二次录入、%d 张存疑：请先处理，或用 --reason 说明仍要结束的理由"),
			f.Path(), r.Number, c[store.BallotPending], c[store.BallotDisputed])}
	}
	// The chief scrutineer's sign-in and the close are one transaction.
	var before []store.Event
	if !signedIn(s, by, roleChief) {
		before = append(before, store.Event{Kind: store.EventTellerSignedIn, Who: by, Role: roleChief})
	}
	number := r.Number
	res, err := f.CloseRound(by, reason, before...)
	if err := recorded(stderr, f, err); err != nil {
		return err
	}
	s = f.State()
	if asJSON {
		return report.JSON(out, s.Election, []*count.Result{res})
	}
	l := answerIn(lang, s.Election.Lang)
	if err := report.Text(out, s.Election, []*count.Result{res}, l); err != nil {
		return err
	}
	fmt.Fprintf(out, tr(l, "\nRound %d closed by %s.\n", "\n第 %d 轮已由 %s 结束。\n"), number, by)
	if next := s.Open(); next != nil {
		writeOpenRound(out, next, l)
		writeNextSteps(out, f.Path(), l)
	} else if res.Next.Kind == count.StepDone {
		fmt.Fprintln(out, tr(l, "The election is decided: no round follows.", "选举结束：没有下一轮。"))
	} else {
		fmt.Fprintf(out, tr(l, "No round is opened: the next step (%s) is not a vote this file can record yet.\n",
			"没有开始新的一轮：下一步（%s）不是本文件目前能记录的投票。\n"), res.Next.Kind)
	}
	writeHead(out, f, l)
	return nil
}

// writeHead says how far the journal goes, with the check code that a
// paper printed now would carry.
func writeHead(out io.Writer, f *store.CountFile, l report.Lang) {
	n, head := f.Head()
	fmt.Fprintf(out, tr(l, "Count file %s · %d events · check code %s\n", "计票文件 %s · %d 条事件 · 核对码 %s\n"), f.Path(), n, store.CheckCode(head))
}

// ---- tally result ----

// resultDocument is the result document of tabulate with the count file's
// part added: a reader of the document sees the same fields, and one that
// knows the count file finds the open round and the journal's head.
type resultDocument struct {
	report.Document
	CountFile countFileSummary `json:"count_file"`
}

type countFileSummary struct {
	Path   string `json:"path"`
	Events uint64 `json:"events"`
	Head   string `json:"head"`
	// Open is the round open for ballots, with its provisional count.
	Open *openRoundSummary `json:"open_round,omitempty"`
	// Keying says, round by round, how the accepted ballots came in.
	Keying []roundKeying `json:"keying"`
}

type roundKeying struct {
	Round        int    `json:"round"`
	Contest      string `json:"contest"`
	ContestRound int    `json:"contest_round"`
	store.KeyingSummary
}

type openRoundSummary struct {
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

func newResult() *cobra.Command {
	var lang string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "result COUNT.tally",
		Short: "Print the results of a count file's closed rounds, and the open round's provisional count",
		Long: `result prints the results of the rounds closed in a count file, as
tabulate prints results; then, if a round is open, its provisional count
of the ballots accepted so far, with how many are pending or disputed;
then the journal's head (events and hash), which ties a printed sheet to
the file. It only reads the file.

With --json it prints the result document (docs/result-json.md) with a
"count_file" object added (docs/count-file.md).

Exit status: 0 printed, 1 a problem with the count file, 2 misuse.`,
		Example: `  tally result party.tally
  tally result --json party.tally`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkLang(lang); err != nil {
				return err
			}
			f, err := openCount(args[0], true)
			if err != nil {
				return err
			}
			defer f.Close()
			return printResult(cmd.OutOrStdout(), f, asJSON, lang)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON document (docs/result-json.md, docs/count-file.md)")
	cmd.Flags().StringVar(&lang, "lang", "", "language of the results: zh or en (default: the election file's, then the environment's)")
	return cmd
}

func printResult(out io.Writer, f *store.CountFile, asJSON bool, lang string) error {
	s := f.State()
	e := s.Election
	answerIn(lang, e.Lang)
	results, err := s.Results()
	if err != nil {
		return inputError{fmt.Errorf("%s: %w", f.Path(), err)}
	}
	r := s.Open()
	var prov *count.Result
	if r != nil {
		if prov, err = s.Provisional(); err != nil {
			return inputError{fmt.Errorf("%s: the open round cannot be counted: %w", f.Path(), err)}
		}
	}
	n, head := f.Head()
	if asJSON {
		doc := resultDocument{Document: report.NewDocument(e, results),
			CountFile: countFileSummary{Path: f.Path(), Events: n, Head: head, Keying: []roundKeying{}}}
		for _, rs := range s.Rounds {
			doc.CountFile.Keying = append(doc.CountFile.Keying, roundKeying{rs.Number, rs.Spec.Contest, rs.Spec.Number, rs.Keying()})
		}
		if r != nil {
			c := r.Counts()
			doc.CountFile.Open = &openRoundSummary{Round: r.Number, Contest: r.Spec.Contest, ContestRound: r.Spec.Number,
				Keying: r.Mode, Accepted: c[store.BallotAccepted], Pending: c[store.BallotPending],
				Disputed: c[store.BallotDisputed], Voided: c[store.BallotVoided], Provisional: prov}
		}
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	}
	l := report.Resolve(lang, e.Lang)
	if len(results) > 0 || r == nil {
		if err := report.Text(out, e, results, l); err != nil {
			return err
		}
	}
	if r != nil {
		writeProvisional(out, e, r, prov, l, len(results) > 0)
	}
	label := map[bool][2]string{false: {"Keying          ", "Count file      "}, true: {"录入方式        ", "计票文件        "}}[l == report.LangZH]
	for i, rs := range s.Rounds {
		head := label[0]
		if i > 0 {
			head = strings.Repeat(" ", 16)
		}
		name := fmt.Sprintf("round %d (%s · %d)", rs.Number, rs.Spec.Contest, rs.Spec.Number)
		if l == report.LangZH {
			name = fmt.Sprintf("第%d轮（%s · 第%d轮）", rs.Number, rs.Spec.Contest, rs.Spec.Number)
		}
		colon := ": "
		if l == report.LangZH {
			colon = "："
		}
		fmt.Fprintf(out, "\n%s%s%s%s", head, name, colon, report.Keying(rs.Keying(), l))
	}
	if l == report.LangZH {
		fmt.Fprintf(out, "\n%s%s · %d 条事件 · 核对码 %s\n", label[1], f.Path(), n, store.CheckCode(head))
	} else {
		fmt.Fprintf(out, "\n%s%s · %d events · check code %s\n", label[1], f.Path(), n, store.CheckCode(head))
	}
	return nil
}

// writeProvisional prints the open round's count so far, fenced off as
// provisional: nothing in it is decided until the round is closed.
func writeProvisional(out io.Writer, e *count.Election, r *store.RoundState, prov *count.Result, l report.Lang, after bool) {
	c := r.Counts()
	if after {
		fmt.Fprintln(out)
	}
	if l == report.LangZH {
		fmt.Fprintf(out, "▶ 临时计票 · 第%d轮进行中（%s）· 不是结果\n", r.Number, roundNameIn(&r.Spec, l))
		fmt.Fprintf(out, "  目前选票：%s\n", statusLineIn(r, l))
		fmt.Fprintf(out, "  以下只计已确认的 %d 张选票，随录入变化；总监票人结束本轮之前，一切未定。\n", c[store.BallotAccepted])
	} else {
		fmt.Fprintf(out, "▶ PROVISIONAL · round %d is open (%s) · not a result\n", r.Number, roundName(&r.Spec))
		fmt.Fprintf(out, "  Ballots so far: %s\n", statusLine(r))
		fmt.Fprintf(out, "  The count below is of the %d accepted ballots only. It changes as ballots\n", c[store.BallotAccepted])
		fmt.Fprintln(out, "  come in, and nothing is decided until the chief scrutineer closes the round.")
	}
	var b strings.Builder
	report.Text(&b, e, []*count.Result{prov}, l)
	text := b.String()
	if after {
		// The election's heading is already printed above.
		if i := strings.Index(text, "\n\n"); i >= 0 {
			text = text[i+1:]
		}
	}
	io.WriteString(out, text)
	if l == report.LangZH {
		fmt.Fprintf(out, "◀ 临时计票到此 · 第%d轮仍在进行\n", r.Number)
	} else {
		fmt.Fprintf(out, "◀ END OF PROVISIONAL COUNT · round %d is still open\n", r.Number)
	}
}

// ---- tally verify ----

func newVerify() *cobra.Command {
	var wantHead, lang string
	cmd := &cobra.Command{
		Use:   "verify COUNT.tally [--head CODE]",
		Short: "Check a count file: its pages, its hash chain, every event, every result",
		Long: `verify reads a count file and checks everything in it: the database's
pages, the hash chain from the first event to the head the file records,
every event against the count's rules, and every closed round's result
against a recount of its ballots. It only reads the file.

It prints "verified: …" with the check code of the journal's head, or
every problem found, each naming the event or the page.

--head CODE matches a signed count sheet to the file: give the check code
printed on the sheet (40 digits in eight groups of five, copied in any
spacing) or the whole 64-character hash. It says whether the code is the
journal's head or the close of a round. A shorter prefix is refused.

Exit status: 0 verified, 1 a problem found (or the file cannot be read,
or it is not the file the sheet was signed for), 2 misuse (a check code
mistyped: its check digit catches a wrong or swapped digit).`,
		Example: `  tally verify party.tally
  tally verify party.tally --head 05182-99134-53522-79381-22533-34183-29951-60616`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkLang(lang); err != nil {
				return err
			}
			l := answerIn(lang, "")
			path := args[0]
			var code string
			if wantHead != "" {
				var err error
				// A mistyped code is a mistake in the argument: say so
				// before anything about the file.
				if code, err = store.ParseCheckCode(wantHead); err != nil {
					return fmt.Errorf("--head: %w", err)
				}
			}
			problems := store.VerifyFile(path, 0)
			if len(problems) > 0 {
				if len(problems) == 1 && (errors.Is(problems[0], store.ErrLocked) || errors.Is(problems[0], fs.ErrNotExist)) {
					return inputError{problems[0]}
				}
				return inputError{verifyFailed(path, problems, l)}
			}
			f, err := store.Open(path, store.Options{ReadOnly: true})
			if err != nil {
				return inputError{err}
			}
			defer f.Close()
			s := f.State()
			l = answerIn(lang, s.Election.Lang)
			closed, accepted := 0, 0
			for _, r := range s.Rounds {
				if r.Closed {
					closed++
				}
				accepted += r.Counts()[store.BallotAccepted]
			}
			n, head := f.Head()
			out := cmd.OutOrStdout()
			var signedAt string
			if code != "" {
				m, ok := f.MatchCheckCode(code)
				if !ok {
					return inputError{fmt.Errorf(tr(l,
						"%s: no round's close nor the journal's head has the check code %s printed on the count sheet (the head's is %s): the file is not the one the sheet was signed for, or its events were changed",
						"%s：日志末条和各轮的结束事件都没有报告单上印的核对码 %s（末条的核对码是 %s）：这不是签署报告单时的文件，或其事件被改动过"),
						path, code, store.CheckCode(head))}
				}
				switch {
				case m.Round == 0:
					signedAt = fmt.Sprintf(tr(l, "the check code is the journal's head (event %d): nothing was added after the sheet",
						"核对码与日志末条（第 %d 条事件）一致：打印报告单后没有新增事件"), m.Seq)
				default:
					signedAt = fmt.Sprintf(tr(l, "the check code is the close of round %d (event %d of %d): the sheet is of that round; the %d events after it are later work",
						"核对码与第 %d 轮的结束事件（第 %d 条，共 %d 条）一致：报告单是该轮的；其后 %d 条事件是之后的工作"), m.Round, m.Seq, m.Events, m.Events-m.Seq)
				}
			}
			fmt.Fprintf(out, tr(l, "verified: %d events, head %s, %d rounds (%d closed), %d ballots accepted\n",
				"核验通过：%d 条事件，末条 %s，共 %d 轮（已结束 %d 轮），已确认 %d 张选票\n"), n, head, len(s.Rounds), closed, accepted)
			fmt.Fprintf(out, tr(l, "check code of the head: %s\n", "末条的核对码：%s\n"), store.CheckCode(head))
			if signedAt != "" {
				fmt.Fprintln(out, signedAt)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&wantHead, "head", "", "the check code printed on the signed count sheet (40 digits) or the whole hash: verify that this file is the one signed")
	cmd.Flags().StringVar(&lang, "lang", "", langHelp)
	return cmd
}

func verifyFailed(path string, problems []error, l report.Lang) error {
	var b strings.Builder
	newer := false
	for _, p := range problems {
		b.WriteString(errorText(p, l) + "\n")
		newer = newer || errors.Is(p, store.ErrNewer)
	}
	if l == report.LangZH {
		fmt.Fprintf(&b, "核验未通过：%s 中有 %d 个问题。", path, len(problems))
		if newer {
			b.WriteString("它由更新版本的 tally 写成：请用那个版本核验")
		} else {
			fmt.Fprintf(&b, "请原样保留此文件交监票人；要继续计票，请取最近一个能通过核验的备份（在 %s.backups/ 中，或用 tally backup 做的备份）", path)
		}
		return said(b.String())
	}
	fmt.Fprintf(&b, "verify failed: %d problem", len(problems))
	if len(problems) != 1 {
		b.WriteString("s")
	}
	if newer {
		fmt.Fprintf(&b, " in %s: it was written by a newer tally; verify it with that version", path)
		return errors.New(b.String())
	}
	fmt.Fprintf(&b, " in %s. Keep it as it is for the scrutineers; to go on counting, take the last backup that verifies (in %s.backups/, or one made with tally backup)", path, path)
	return errors.New(b.String())
}

// ---- tally journal ----

func newJournal() *cobra.Command {
	var round int
	var teller, lang string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "journal COUNT.tally [--round N] [--teller NAME] [--json]",
		Short: "Print a count file's journal: every event, who did it and what it holds",
		Long: `journal prints the audit trail of a count file, one line per event: its
number, the time (local, to the second), what happened, who, the round
and ballot, and what it holds (the marks in words, a decision and its
reason, how many ballots were imported, who was elected). It only reads
the file.

--round N keeps the events of the file's round N (its opening included);
--teller NAME keeps the events of one person. --json prints JSON Lines:
one event a line, with its hash and the previous one in hex.

Exit status: 0 printed, 1 a problem with the count file, 2 misuse.`,
		Example: `  tally journal party.tally
  tally journal --round 2 --teller 王明 party.tally
  tally journal --json party.tally > party.jsonl`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkLang(lang); err != nil {
				return err
			}
			l := answerIn(lang, "")
			if round < 0 {
				return fmt.Errorf(tr(l, "--round %d: expected a round number, 1 or more", "--round %d：应为轮次编号，1 或以上"), round)
			}
			f, err := openCount(args[0], true)
			if err != nil {
				return err
			}
			defer f.Close()
			s := f.State()
			l = answerIn(lang, s.Election.Lang)
			if round > len(s.Rounds) {
				return fmt.Errorf(tr(l, "--round %d: %s has %d rounds", "--round %d：%s 只有 %d 轮"), round, args[0], len(s.Rounds))
			}
			if teller != "" && !slices.ContainsFunc(s.Tellers, func(t store.Teller) bool { return t.Name == teller }) {
				var names []string
				for _, t := range s.Tellers {
					if !slices.Contains(names, t.Name) {
						names = append(names, t.Name)
					}
				}
				return fmt.Errorf(tr(l, "--teller %q: nobody of that name signed in%s", "--teller %q：没有这个名字的人签到%s"), teller, count.Suggest(teller, names))
			}
			if err := writeJournal(cmd.OutOrStdout(), f, round, teller, asJSON, l); err != nil {
				return inputError{err}
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&round, "round", 0, "only the events of the file's round N")
	cmd.Flags().StringVar(&teller, "teller", "", "only the events of one person")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON Lines: one event a line, with its hash")
	cmd.Flags().StringVar(&lang, "lang", "", langHelp)
	return cmd
}

// writeJournal prints the journal's events, those of the file's round
// round (0: all) and of the person teller ("": everyone), as columns or as
// JSON Lines.
func writeJournal(out io.Writer, f *store.CountFile, round int, teller string, asJSON bool, l report.Lang) error {
	if asJSON && teller == "" {
		return f.WriteJournalJSONL(out, round)
	}
	events, _ := f.Head()
	j := newJournalWriter(out, f.State(), events, asJSON, l)
	return f.EachEvent(round, teller, j.write)
}

// journalWriter prints events as they stream from the journal, in columns
// whose widths come from the state, so a million events need no buffer.
type journalWriter struct {
	l      report.Lang
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
}

var eventWordsZH = map[store.EventKind]string{
	store.EventElectionCreated: "创建选举", store.EventRoundOpened: "开始一轮",
	store.EventTellerSignedIn: "签到", store.EventBallotKeyed: "录入选票",
	store.EventKeyingsResolved: "裁定录入", store.EventBallotVoided: "作废选票",
	store.EventBallotsImported: "导入选票", store.EventRoundClosed: "结束一轮",
	store.EventFiguresSet: "填写人数", store.EventLotDrawn: "抽签",
}

// roundCell and ballotCell head the journal's round and ballot columns.
func roundCell(n int, l report.Lang) string {
	return fmt.Sprintf(tr(l, "round %d", "第%d轮"), n)
}

func ballotCell(n int, l report.Lang) string {
	return fmt.Sprintf(tr(l, "ballot %d", "第%d张"), n)
}

func newJournalWriter(out io.Writer, s *store.State, events uint64, asJSON bool, l report.Lang) *journalWriter {
	j := &journalWriter{l: l, out: out, e: s.Election}
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
	if l == report.LangZH {
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

func (j *journalWriter) write(ev *store.Event, opens int) error {
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
	if j.l == report.LangZH {
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
		details += tr(j.l, " · written by ", " · 写入程序 ") + ev.Program
	}
	cells = append(cells, strings.TrimPrefix(details, " · "))
	_, err := io.WriteString(j.out, strings.TrimRight(strings.Join(cells, "  "), " ")+"\n")
	return err
}

// details says what an event holds, in words.
func (j *journalWriter) details(ev *store.Event) string {
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
		return fmt.Sprintf(tr(l, "%s · offices %s", "%s · 职位 %s"), j.e.Title, namesIn(offices, l))
	case store.EventRoundOpened:
		if ev.Spec == nil {
			return ""
		}
		parts := []string{roundNameIn(ev.Spec, l)}
		for i := range ev.Spec.Sections {
			s := &ev.Spec.Sections[i]
			if len(ev.Spec.Sections) == 1 {
				parts = append(parts, seatsText(s, l), namesIn(s.Candidates, l))
			} else {
				parts = append(parts, fmt.Sprintf(tr(l, "%s %s: %s", "%s %s：%s"), s.Office, seatsText(s, l), namesIn(s.Candidates, l)))
			}
		}
		if ev.Mode == store.KeyingSingle {
			parts = append(parts, tr(l, "keyed once", "录入一次"))
		} else {
			parts = append(parts, tr(l, "keyed twice", "录入两次"))
		}
		return strings.Join(parts, " · ")
	case store.EventTellerSignedIn:
		if l == report.LangZH {
			return "身份：" + report.RoleName(ev.Role, l)
		}
		return "as " + ev.Role
	case store.EventBallotKeyed:
		s := fmt.Sprintf(tr(l, "keying %d: %s", "第 %d 次录入：%s"), ev.Keying, j.marks(ev.Round, ev.Marks))
		switch ev.Outcome {
		case "match":
			s += tr(l, " → matches: accepted", " → 两次一致：确认")
		case "discrepancy":
			s += tr(l, " → differs from the other keying: disputed", " → 与另一次录入不同：存疑")
		case "accepted":
			s += tr(l, " → accepted (single keying)", " → 确认（录入一次）")
		}
		return s
	case store.EventKeyingsResolved:
		if ev.Decision == store.DecideRekey {
			return note(fmt.Sprintf(tr(l, "keying %d set aside, to be keyed again", "第 %d 次录入作废，待重新录入"), ev.Keying))
		}
		if k, ok := strings.CutPrefix(ev.Decision, "take-"); ok {
			return note(fmt.Sprintf(tr(l, "keying %s stands", "以第 %s 次录入为准"), k))
		}
		return note(ev.Decision)
	case store.EventBallotVoided:
		if ev.Reason != count.ReasonNone {
			return note(tr(l, "reason ", "理由：") + report.ReasonName(ev.Reason.String(), l))
		}
		return note("")
	case store.EventBallotsImported:
		n := len(ev.Ballots)
		if l == report.LangZH {
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
					parts = append(parts, fmt.Sprintf("%s %d", tr(l, p.name, p.zh), p.n))
				}
			}
			return strings.Join(parts, " · ")
		}
	case store.EventLotDrawn:
		if lot := ev.Lot; lot != nil {
			return fmt.Sprintf(tr(l, "round %d of the count, %s tied: the lot chose %s", "计票第 %d 轮，%s 得票相等：抽签选出 %s"),
				lot.Round, namesIn(lot.Among, l), lot.Chosen)
		}
	}
	return ""
}

// marks says a keyed ballot in words: "for 甲 · against 乙".
func (j *journalWriter) marks(round int, b *count.Ballot) string {
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
			return tr(l, "(overvote)", "（同一顺位多选）")
		}
		if spec != nil && sec < len(spec.Sections) && c >= 0 && c < len(spec.Sections[sec].Candidates) {
			return spec.Sections[sec].Candidates[c]
		}
		return fmt.Sprintf(tr(l, "candidate %d", "第 %d 位候选人"), c+1)
	}
	names := func(sec int, cs []int) string {
		var out []string
		for _, c := range cs {
			out = append(out, name(sec, c))
		}
		return namesIn(out, l)
	}
	reason := func(r count.Reason) string { return report.ReasonName(r.String(), l) }
	var parts []string
	if b.Invalid != count.ReasonNone {
		parts = append(parts, tr(l, "paper invalid: ", "整张无效：")+reason(b.Invalid))
	}
	if b.Note != "" {
		parts = append(parts, tr(l, "note: ", "备注：")+b.Note)
	}
	if b.Source >= 0 && spec != nil && len(spec.Sections) > 0 {
		src := fmt.Sprintf(tr(l, "source %d", "来源 %d"), b.Source+1)
		for _, o := range j.e.Offices {
			if o.Name == spec.Sections[0].Office && b.Source < len(o.Sources) {
				src = tr(l, "source ", "来源 ") + o.Sources[b.Source].Name
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
			p = append(p, tr(l, "for ", "赞成 ")+names(i, m.For))
		}
		if len(m.Against) > 0 {
			p = append(p, tr(l, "against ", "反对 ")+names(i, m.Against))
		}
		if len(m.WriteIns) > 0 {
			p = append(p, tr(l, "write-in ", "另选 ")+namesIn(m.WriteIns, l))
		}
		if len(m.Unmarked) > 0 {
			p = append(p, tr(l, "written, unmarked ", "写了名字未画符号 ")+namesIn(m.Unmarked, l))
		}
		if m.Invalid != count.ReasonNone {
			p = append(p, tr(l, "invalid: ", "无效：")+reason(m.Invalid))
		}
		if m.Note != "" {
			p = append(p, tr(l, "note: ", "备注：")+m.Note)
		}
		if len(p) == 0 {
			p = append(p, tr(l, "blank", "空白"))
		}
		text := strings.Join(p, " · ")
		if len(b.Sections) > 1 && spec != nil && i < len(spec.Sections) {
			text = spec.Sections[i].Office + tr(l, ": ", "：") + text
		}
		parts = append(parts, text)
	}
	return strings.Join(parts, " | ")
}

// resultWords says a closed round's outcome: who was elected, kept or tied.
func resultWords(raw json.RawMessage, l report.Lang) string {
	var res count.Result
	if err := json.Unmarshal(raw, &res); err != nil {
		return tr(l, "result unreadable", "结果无法读取")
	}
	if res.Void {
		return tr(l, "void: the round does not stand and is held again", "无效：本轮不成立，重新投票")
	}
	var parts []string
	for _, s := range res.Sections {
		kept := s.Kind == count.RoundRecommend || s.Kind == count.RoundCutoffRevote
		var p string
		switch {
		case l == report.LangZH && len(s.Elected) == 0:
			p = map[bool]string{false: "无人当选", true: "无人保留"}[kept]
		case l == report.LangZH:
			p = map[bool]string{false: "当选 ", true: "保留 "}[kept] + namesIn(s.Elected, l)
		case len(s.Elected) == 0:
			p = map[bool]string{false: "none elected", true: "none kept"}[kept]
		default:
			p = map[bool]string{false: "elected ", true: "kept "}[kept] + strings.Join(s.Elected, ", ")
		}
		if len(s.Tied) > 0 {
			p += tr(l, " · tied ", " · 得票相等 ") + namesIn(s.Tied, l)
		}
		if len(res.Sections) > 1 {
			p = s.Office + tr(l, ": ", "：") + p
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " | ")
}

// ---- tally backup ----

func newBackup() *cobra.Command {
	var lang string
	cmd := &cobra.Command{
		Use:   "backup COUNT.tally DEST",
		Short: "Copy a count file consistently, while others may be reading it",
		Long: `backup writes a consistent copy of a count file to DEST (a file, or a
directory to copy it into under its own name), then opens the copy to
check that it holds the same journal. It only reads the count file, so
other readers may use it meanwhile; a tally writing to it (the counting
table) makes its own backups, every 100 ballots, in COUNT.tally.backups/.

Exit status: 0 copied, 1 a problem (the file is open for writing
elsewhere, DEST exists), 2 misuse.`,
		Example: `  tally backup party.tally /media/usb/
  tally backup party.tally party-after-round-1.tally`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkLang(lang); err != nil {
				return err
			}
			l := answerIn(lang, "")
			path, dest := args[0], args[1]
			if st, err := os.Stat(dest); err == nil && st.IsDir() || strings.HasSuffix(dest, string(filepath.Separator)) {
				dest = filepath.Join(dest, filepath.Base(path))
			}
			if st, err := os.Stat(filepath.Dir(dest)); err != nil || !st.IsDir() {
				return inputError{fmt.Errorf(tr(l, "%s: no such directory: create it first, or choose another place", "%s：没有这个文件夹：请先创建，或换个位置"), filepath.Dir(dest))}
			}
			f, err := openCount(path, true)
			if err != nil {
				return err
			}
			defer f.Close()
			l = answerIn(lang, f.State().Election.Lang)
			if err := f.Backup(dest); err != nil {
				return inputError{err}
			}
			n, head := f.Head()
			c, err := openCount(dest, true)
			if err != nil {
				return err
			}
			defer c.Close()
			if cn, chead := c.Head(); cn != n || chead != head {
				return inputError{fmt.Errorf(tr(l, "%s: the copy holds %d events (check code %s), not the %d of %s (check code %s): copy it again",
					"%s：副本有 %d 条事件（核对码 %s），而不是 %s 的 %d 条（核对码 %s）：请重新复制"), dest, cn, store.CheckCode(chead), n, path, store.CheckCode(head))}
			}
			fmt.Fprintf(cmd.OutOrStdout(), tr(l, "Copied %s to %s: %d events, check code %s\n", "已将 %s 复制到 %s：%d 条事件，核对码 %s\n"), path, dest, n, store.CheckCode(head))
			return nil
		},
	}
	cmd.Flags().StringVar(&lang, "lang", "", langHelp)
	return cmd
}
