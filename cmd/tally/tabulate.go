package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"tally/count"
	"tally/examples"
	"tally/store"
	"tally/tui/sheet"
)

type tabulateFlags struct {
	electionPath string
	json         bool
	lang         string
	set          []string
}

func newTabulate() *cobra.Command {
	var f tabulateFlags
	cmd := &cobra.Command{
		Use:   "tabulate ELECTION.toml BALLOTS...",
		Short: "Count the ballots of each round and print the results",
		Long: `tabulate reads an election file and ballot files (CSV or JSON Lines) and
prints the result of each round it is given ballots for, in order: a later
round's candidates follow from the earlier rounds' results.

Exit status: 0 counted, 1 bad input (the message names the file, line and
field), 2 misuse.`,
		Example: `  tally tabulate examples/party-branch-cascade.toml examples/party-branch-cascade.jsonl
  tally tabulate --json examples/plurality-club.toml examples/plurality-club.csv
  tally tabulate --set quorum_compare=at-least election.toml ballots.csv`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, ok := sheet.ParseLang(f.lang); !ok {
				return fmt.Errorf("--lang %q: expected zh or en", f.lang)
			}
			e, err := store.LoadElection(args[0])
			if err != nil {
				return inputError{err}
			}
			if err := applySettings(e, f.set); err != nil {
				return err
			}
			var recs []count.BallotRecord
			for _, path := range args[1:] {
				r, err := store.ReadBallotFile(path)
				if err != nil {
					return inputError{err}
				}
				recs = append(recs, r...)
			}
			f.electionPath = args[0]
			return report(cmd.OutOrStdout(), e, recs, f)
		},
	}
	cmd.Flags().BoolVar(&f.json, "json", false, "print the results as a JSON document (docs/result-json.md)")
	cmd.Flags().StringVar(&f.lang, "lang", "", "language of the report: zh or en (default: the election file's, then the environment's)")
	cmd.Flags().StringArrayVar(&f.set, "set", nil, "override a setting for this count, as KEY=VALUE (repeatable; keys in docs/election-file.md)")
	return cmd
}

// applySettings overrides settings from the command line; the result
// states them as set by the user, like the election file's.
func applySettings(e *count.Election, set []string) error {
	for _, kv := range set {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return fmt.Errorf("--set %q: expected KEY=VALUE, such as quorum_compare=at-least", kv)
		}
		if err := e.Settings.Set(strings.TrimSpace(k), v); err != nil {
			return fmt.Errorf("--set: %w", err)
		}
		e.Overrides = append(e.Overrides, strings.TrimSpace(k))
	}
	return nil
}

func report(out io.Writer, e *count.Election, recs []count.BallotRecord, f tabulateFlags) error {
	results, err := count.Tabulate(e, recs)
	if err != nil {
		// A problem with the election's figures has no ballot line to name:
		// it is in the election file.
		var in *count.InputError
		if errors.As(err, &in) && in.Origin == "" {
			in.Origin = f.electionPath
		}
		return inputError{err}
	}
	if f.json {
		return sheet.JSON(out, e, results)
	}
	return sheet.Text(out, e, results, sheet.Resolve(f.lang, e.Lang))
}

// runDemo counts the built-in demo election.
func runDemo(out io.Writer, lang string) error {
	if _, ok := sheet.ParseLang(lang); !ok {
		return fmt.Errorf("--lang %q: expected zh or en", lang)
	}
	data, err := examples.FS.ReadFile(examples.DemoElection)
	if err != nil {
		return err
	}
	e, err := store.ParseElection(examples.DemoElection, data)
	if err != nil {
		return err
	}
	bf, err := examples.FS.Open(examples.DemoBallots)
	if err != nil {
		return err
	}
	defer bf.Close()
	recs, err := store.ReadBallots(examples.DemoBallots, bf, "jsonl")
	if err != nil {
		return err
	}
	l := sheet.Resolve(lang, e.Lang)
	intro := "Demo election (built in). Count your own with: tally tabulate ELECTION.toml BALLOTS...\n\n"
	if l == sheet.LangZH {
		intro = "演示选举（内置）。计算自己的选举：tally tabulate 选举文件.toml 选票文件...\n\n"
	}
	if _, err := io.WriteString(out, intro); err != nil {
		return err
	}
	return report(out, e, recs, tabulateFlags{lang: lang, electionPath: examples.DemoElection})
}
