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
	root := newRoot()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var in inputError
	if errors.As(err, &in) {
		for _, line := range strings.Split(strings.TrimRight(in.Error(), "\n"), "\n") {
			fmt.Fprintln(stderr, "tally: "+line)
		}
		return exitInput
	}
	fmt.Fprintln(stderr, "tally: "+err.Error())
	fmt.Fprintln(stderr, "Run 'tally --help' for usage.")
	return exitUsage
}

func newRoot() *cobra.Command {
	var lang string
	root := &cobra.Command{
		Use:   "tally",
		Short: "Count a hand-counted election, with every rule stated",
		Long: `tally counts elections counted by hand at a table: marked ballots
(for / against / abstain, write-ins) under the party, village, congress and
plurality rules, round by round, and says why each candidate is or is not
elected.

With no arguments it counts the built-in demo election.`,
		Args:          cobra.NoArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDemo(cmd.OutOrStdout(), lang)
		},
	}
	root.Flags().StringVar(&lang, "lang", "", "language of the report: zh or en (default: the election file's, then the environment's)")
	root.AddCommand(newTabulate())
	root.AddCommand(countFileCommands()...)
	root.CompletionOptions.DisableDefaultCmd = true
	return root
}
