package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

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

// pinCost is the cost of the PIN hash: the store's default (slow), and
// cheap in the command's tests.
var pinCost store.PINCost

// langHelp is the --lang flag's help for the commands that answer in words.
const langHelp = "language of what the command says: zh or en (default: the election file's, then the environment's)"

// openCount opens a count file; every problem is the user's to act on
// (open elsewhere, damaged, newer, missing), so it exits 1 with the
// store's message, which names the file and says what to do.
func openCount(path string, readOnly bool) (*store.CountFile, error) {
	f, err := store.Open(path, store.Options{ReadOnly: readOnly, PINCost: pinCost})
	if err != nil {
		return nil, inputError{err}
	}
	if at := f.FromSnapshot(); !at.IsZero() {
		fmt.Fprintln(notes, "tally: "+report.FromSnapshot(path, at, answer))
	}
	return f, nil
}

// notes is where a command says how it read the file (the run's stderr).
var notes io.Writer = os.Stderr

// snapshotEvery is how often a tally that keeps the count (the table)
// writes the snapshot others read meanwhile.
const snapshotEvery = time.Second

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
			f, err := store.Create(path, text, mode, store.Options{Rules: store.RulesRoles, PINCost: pinCost})
			if err != nil {
				return inputError{err}
			}
			defer f.Close()
			out := cmd.OutOrStdout()
			s := f.State()
			e := s.Election
			l = answerIn(lang, e.Lang)
			report.WriteCreated(out, path, s, l)
			return nil
		},
	}
	cmd.Flags().BoolVar(&single, "single", false, "key each ballot once, not twice")
	cmd.Flags().StringVar(&lang, "lang", "", langHelp)
	return cmd
}

// ---- tally import ----

func newImport() *cobra.Command {
	var by, lang, reason, confirmer, pinsPath string
	cmd := &cobra.Command{
		Use:   "import COUNT.tally BALLOTS...",
		Short: "Add ballot files to the open round of a count file",
		Long: `import reads ballot files (CSV or JSON Lines; a BLT file for a ranked
election of one office) and adds their ballots to the round open in the
count file, accepted as read, in one event: all of them or none.

Every record must be for the open round: a record for another office or
round is refused, naming its line. Ballots without a number take the
numbers after the highest already in the round; a ballot already in the
round is refused, naming its number.

In a count file that follows roles (docs/roles.md) the person importing
(--by) signs in with their PIN: the election office into a round keyed
once; into a round keyed twice only the chief scrutineer, with --reason,
which the sheet prints. A scrutineer or the presiding officer confirms
it (--confirmed-by), with their PIN. PINs are asked on the terminal, or
read from --pins FILE. In a file made before roles, --by (default
"import") signs in as importer.

Exit status: 0 imported, 1 a problem with a ballot file or the count file,
or a PIN refused (nothing is recorded), 2 misuse.`,
		Example: `  tally import party.tally round1.jsonl --by 选举办公室 --confirmed-by 刘芳
  tally import party.tally box2.csv --by 张监 --reason "the sick-room box" --confirmed-by 刘芳
  tally import --by 王明 --pins pins.txt party.tally table1.csv table2.csv`,
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
			l = answerIn(lang, f.State().Election.Lang)
			pins, err := signers(f, confirmer, pinsPath, cmd.ErrOrStderr(), l)
			if err != nil {
				return err
			}
			return importBallots(cmd.OutOrStdout(), cmd.ErrOrStderr(), f, args[1:], by, reason, confirmer, pins)
		},
	}
	cmd.Flags().StringVar(&by, "by", "import", "who imports the ballots")
	cmd.Flags().StringVar(&reason, "reason", "", "why papers come into a round keyed twice without being keyed (the sheet prints it)")
	cmd.Flags().StringVar(&confirmer, "confirmed-by", "", "the scrutineer or presiding officer who confirms the import")
	cmd.Flags().StringVar(&pinsPath, "pins", "", pinsHelp)
	cmd.Flags().StringVar(&lang, "lang", "", langHelp)
	return cmd
}

func importBallots(out, stderr io.Writer, f *store.CountFile, paths []string, by, reason, confirmer string, pins *pinSource) error {
	s := f.State()
	r := s.Open()
	if r == nil {
		return inputError{report.NoOpenRound(f.Path(), s, answer)}
	}
	ballots, err := store.BallotsForRound(s.Election, r, paths)
	if err != nil {
		return inputError{err}
	}
	if len(ballots) == 0 {
		return inputError{fmt.Errorf(tr(answer, "%s: no ballots to import", "%s：没有可导入的选票"), strings.Join(paths, ", "))}
	}
	note := "from " + strings.Join(paths, ", ")
	if reason = strings.TrimSpace(reason); reason != "" {
		note = reason + " · " + note
	}
	evs := []store.Event{{Kind: store.EventBallotsImported, Who: by, Round: r.Number, Ballots: ballots, Note: note}}
	role := store.RoleImporter
	if s.Rules >= store.RulesRoles {
		role = store.RoleOffice
		if r.Mode == store.KeyingDouble {
			role = store.RoleChief
			if reason == "" {
				return inputError{errors.New(tr(answer, "--reason: round keyed twice: papers imported into it are not keyed at the table, so the chief scrutineer gives the reason, which the sheet prints",
					"--reason：本轮须录入两次：导入的选票不在计票台录入，须由总监票人说明理由，报告单照印"))}
			}
		}
		evs = append(evs, store.Event{Kind: store.EventConfirmed, Who: confirmer})
	}
	if err := signIn(f, by, role, pins); err != nil {
		return inputError{err}
	}
	if confirmer != "" && s.Rules >= store.RulesRoles {
		if err := signIn(f, confirmer, store.RoleScrutineer, pins); err != nil {
			return inputError{err}
		}
	}
	_, err = f.AppendAll(evs...)
	if err := recorded(stderr, f, err); err != nil {
		return err
	}
	report.WriteImported(out, f, len(ballots), paths, answer)
	return nil
}

// signedIn says whether name has signed in with role.
func signedIn(s *store.State, name, role string) bool {
	return slices.Contains(s.Tellers, store.Teller{Name: name, Role: role})
}

// ---- tally close ----

func newClose() *cobra.Command {
	var by, reason, lang, confirmer, pinsPath string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "close COUNT.tally --by NAME [--reason TEXT]",
		Short: "Close the open round: count it, record the result, open what follows",
		Long: `close counts the open round's accepted ballots, records the result as
announced, and opens the round that follows (a tie re-vote, an extra
round, the next office), if any. --by names the chief scrutineer.

In a count file that follows roles (docs/roles.md) the chief signs in with
their PIN, and a scrutineer or the presiding officer confirms the close
(--confirmed-by), with theirs: the round closes, and the next opens, at
the confirmation. PINs are asked on the terminal, or read from --pins FILE
(a file only its owner can read, a line a person: the name, then the PIN).

A round with ballots still pending or disputed closes only with --reason,
which the journal keeps.

It prints the round's result as tabulate does (--json: the result
document), then the round opened next.

Exit status: 0 closed, 1 a problem with the count file (nothing is
recorded), 2 misuse.`,
		Example: `  tally close party.tally --by 张监 --confirmed-by 刘芳
  tally close party.tally --by 张监 --confirmed-by 刘芳 --reason "ballot 17 torn; the meeting agreed to close"`,
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
			l = answerIn(lang, f.State().Election.Lang)
			pins, err := signers(f, confirmer, pinsPath, cmd.ErrOrStderr(), l)
			if err != nil {
				return err
			}
			return closeRound(cmd.OutOrStdout(), cmd.ErrOrStderr(), f, by, reason, confirmer, pins, asJSON, lang)
		},
	}
	cmd.Flags().StringVar(&by, "by", "", "the chief scrutineer closing the round (required)")
	cmd.Flags().StringVar(&reason, "reason", "", "why the round closes with ballots still pending or disputed")
	cmd.Flags().StringVar(&confirmer, "confirmed-by", "", "the scrutineer or presiding officer who confirms the close")
	cmd.Flags().StringVar(&pinsPath, "pins", "", pinsHelp)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as a JSON document (docs/result-json.md)")
	cmd.Flags().StringVar(&lang, "lang", "", "language of the result: zh or en (default: the election file's, then the environment's)")
	cmd.MarkFlagRequired("by")
	return cmd
}

func closeRound(out, stderr io.Writer, f *store.CountFile, by, reason, confirmer string, pins *pinSource, asJSON bool, lang string) error {
	s := f.State()
	r := s.Open()
	if r == nil {
		return inputError{report.NoOpenRound(f.Path(), s, answer)}
	}
	c := r.Counts()
	if open := c[store.BallotPending] + c[store.BallotDisputed]; open > 0 && reason == "" {
		return inputError{report.NotSettled(f.Path(), r, answer)}
	}
	if err := signIn(f, by, store.RoleChief, pins); err != nil {
		return inputError{err}
	}
	if s.Rules < store.RulesRoles {
		confirmer = ""
	} else if err := signIn(f, confirmer, store.RoleScrutineer, pins); err != nil {
		return inputError{err}
	}
	number := r.Number
	res, err := f.CloseRound(by, reason, confirmer)
	if err := recorded(stderr, f, err); err != nil {
		return err
	}
	s = f.State()
	if asJSON {
		return report.JSON(out, s.Election, []*count.Result{res})
	}
	return report.WriteClosed(out, f, number, by, res, answerIn(lang, s.Election.Lang))
}

// ---- tally result ----

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
			if err := report.WriteResult(cmd.OutOrStdout(), f, asJSON, answerIn(lang, f.State().Election.Lang)); err != nil {
				return inputError{err}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON document (docs/result-json.md, docs/count-file.md)")
	cmd.Flags().StringVar(&lang, "lang", "", "language of the results: zh or en (default: the election file's, then the environment's)")
	return cmd
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
			wait := time.Duration(0)
			if _, err := os.Stat(store.SnapshotPath(path)); err == nil {
				wait = 100 * time.Millisecond // a tally keeps the count: its snapshot is read
			}
			problems := store.VerifyFile(path, wait)
			read := path
			if len(problems) == 1 && errors.Is(problems[0], store.ErrLocked) {
				// A tally keeps the count: verify its snapshot, here.
				if st, err := os.Stat(store.SnapshotPath(path)); err == nil {
					read, problems = store.SnapshotPath(path), store.VerifyFile(store.SnapshotPath(path), 0)
					fmt.Fprintln(notes, "tally: "+report.FromSnapshot(path, st.ModTime(), l))
				}
			}
			if len(problems) > 0 {
				if len(problems) == 1 && (errors.Is(problems[0], store.ErrLocked) || errors.Is(problems[0], fs.ErrNotExist)) {
					return inputError{problems[0]}
				}
				return inputError{report.Said(report.VerifyFailed(path, problems, l))}
			}
			f, err := store.Open(read, store.Options{ReadOnly: true})
			if err != nil {
				return inputError{err}
			}
			defer f.Close()
			l = answerIn(lang, f.State().Election.Lang)
			var matched string
			if code != "" {
				m, ok := f.MatchCheckCode(code)
				if !ok {
					return inputError{report.CodeNotMatched(f, code, l)}
				}
				matched = report.CodeMatched(m, l)
			}
			out := cmd.OutOrStdout()
			report.WriteVerified(out, f, l)
			if matched != "" {
				fmt.Fprintln(out, matched)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&wantHead, "head", "", "the check code printed on the signed count sheet (40 digits) or the whole hash: verify that this file is the one signed")
	cmd.Flags().StringVar(&lang, "lang", "", langHelp)
	return cmd
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
	j := report.NewJournalPrinter(out, f.State(), events, asJSON, l)
	return f.EachEvent(round, teller, j.Write)
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
				return inputError{report.CopyDiffers(path, dest, n, head, cn, chead, l)}
			}
			report.WriteCopied(cmd.OutOrStdout(), path, dest, n, head, l)
			return nil
		},
	}
	cmd.Flags().StringVar(&lang, "lang", "", langHelp)
	return cmd
}
