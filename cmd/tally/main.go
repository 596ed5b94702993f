// Command tally counts hand-counted elections: the counting rules of
// Chinese grassroots elections and plain plurality votes.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"tally/count"
	"tally/report"
)

// Exit statuses.
const (
	exitOK    = 0
	exitInput = 1 // bad input: a file, a line, a field
	exitUsage = 2 // misuse: unknown flag, wrong number of arguments
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// inputError marks an error in what the user gave the program (a file's
// content), as against how they called it.
type inputError struct{ err error }

func (e inputError) Error() string { return e.err.Error() }
func (e inputError) Unwrap() error { return e.err }

func run(args []string, stdout, stderr io.Writer) int {
	answer, notes = report.LangAuto, stderr
	root := newRoot()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	l := answer
	if l == report.LangAuto {
		l = langOfArgs(args)
	}
	var in inputError
	if errors.As(err, &in) {
		for _, line := range strings.Split(strings.TrimRight(errorText(in.err, l), "\n"), "\n") {
			fmt.Fprintln(stderr, "tally: "+count.BoundQuotes(line))
		}
		return exitInput
	}
	fmt.Fprintln(stderr, "tally: "+count.BoundQuotes(errorText(err, l)))
	fmt.Fprintln(stderr, tr(l, "Run 'tally --help' for usage.", "运行 tally --help 查看用法。"))
	return exitUsage
}

func newRoot() *cobra.Command {
	var lang string
	root := &cobra.Command{
		Use:   "tally [COUNT.tally]",
		Short: "Count a hand-counted election, with every rule stated",
		Long: `tally counts elections counted by hand at a table: marked ballots
(for / against / abstain, write-ins) under the party, village, congress and
plurality rules, round by round, and says why each candidate is or is not
elected.

tally COUNT.tally opens the counting table on a count file (made by
tally new): tellers key every ballot twice while the totals run.

With no arguments it opens the table on a fresh demo count file; when
its output is not a terminal, it prints the demo election's result.`,
		Example: `  tally                                   # the demo, at the counting table
  tally new examples/demo-branch.toml count.tally
  tally count.tally                       # count it`,
		Args:          cobra.MaximumNArgs(1),
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkLang(lang); err != nil {
				return err
			}
			answerIn(lang, "")
			if len(args) == 1 {
				if err := countFileArg(cmd, args[0]); err != nil {
					return err
				}
				return runTable(args[0], lang, cmd.OutOrStdout())
			}
			if !interactive() {
				return runDemo(cmd.OutOrStdout(), lang)
			}
			path, err := newDemoFile()
			if err != nil {
				return inputError{err}
			}
			return runTable(path, lang, cmd.OutOrStdout())
		},
	}
	root.Flags().StringVar(&lang, "lang", "", "language of the table and the report: zh or en (default: the election file's, then the environment's)")
	root.AddCommand(newTabulate())
	root.AddCommand(countFileCommands()...)
	root.AddCommand(newVersion())
	root.CompletionOptions.DisableDefaultCmd = true
	return root
}

// countFileArg tells a mistyped command from a count file: a word that is
// neither a file nor named like one is an unknown command.
func countFileArg(cmd *cobra.Command, arg string) error {
	if _, err := os.Stat(arg); err == nil || strings.HasSuffix(arg, ".tally") {
		return nil
	}
	msg := fmt.Sprintf("unknown command or count file %q", arg)
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	if s := cmd.SuggestionsFor(arg); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	return errors.New(msg)
}
