package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"tally/count"
	"tally/examples"
	"tally/report"
	"tally/store"
)

type tabulateFlags struct {
	electionPath string
	json         bool
	lang         string
	set          []string
	method       string
	seats        int
	ranked       []string
}

func newTabulate() *cobra.Command {
	var f tabulateFlags
	cmd := &cobra.Command{
		Use:   "tabulate ELECTION.toml BALLOTS... | tabulate FILE.blt",
		Short: "Count the ballots of each round and print the results",
		Long: `tabulate reads an election file and ballot files (CSV, JSON Lines, or BLT for
a ranked election of one office) and prints the result of each round it is
given ballots for, in order: a later round's candidates follow from the
earlier rounds' results.

Given a BLT file alone, it counts it as a ranked election: --method names
the method (default irv), --seats overrides the file's seats, and --ranked
KEY=VALUE sets any option of docs/ranked.md.

Exit status: 0 counted, 1 bad input (the message names the file, line and
field), 2 misuse.`,
		Example: `  tally tabulate examples/party-branch-cascade.toml examples/party-branch-cascade.jsonl
  tally tabulate --json examples/plurality-club.toml examples/plurality-club.csv
  tally tabulate --set quorum_compare=at-least election.toml ballots.csv
  tally tabulate --method scottish --ranked tie=previous ward.blt`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 && isBLT(args[0]) {
				return nil
			}
			if len(args) < 2 {
				return fmt.Errorf("expected an election file and ballot files, or one BLT file")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkLang(f.lang); err != nil {
				return err
			}
			answerIn(f.lang, "")
			if len(args) == 1 {
				return tabulateBLT(cmd.OutOrStdout(), args[0], f)
			}
			e, err := store.LoadElection(args[0])
			if err != nil {
				return inputError{err}
			}
			answerIn(f.lang, e.Lang)
			if err := applySettings(e, f.set); err != nil {
				return err
			}
			if err := applyRanked(e, f); err != nil {
				return err
			}
			f.electionPath = args[0]
			if len(args) == 2 && isBLT(args[1]) {
				return tabulateElectionBLT(cmd.OutOrStdout(), e, args[1], f)
			}
			var recs []count.BallotRecord
			for _, path := range args[1:] {
				r, err := store.ReadBallotFile(path)
				if err != nil {
					return inputError{err}
				}
				recs = append(recs, r...)
			}
			return countAndReport(cmd.OutOrStdout(), e, recs, f)
		},
	}
	cmd.Flags().BoolVar(&f.json, "json", false, "print the results as a JSON document (docs/result-json.md)")
	cmd.Flags().StringVar(&f.lang, "lang", "", "language of the report: zh or en (default: the election file's, then the environment's)")
	cmd.Flags().StringArrayVar(&f.set, "set", nil, "override a setting for this count, as KEY=VALUE (repeatable; keys in docs/election-file.md)")
	cmd.Flags().StringVar(&f.method, "method", "", "ranked method for a BLT file: "+strings.Join(count.RankedMethods(), ", "))
	cmd.Flags().IntVar(&f.seats, "seats", 0, "seats to fill, over the BLT file's")
	cmd.Flags().StringArrayVar(&f.ranked, "ranked", nil, "set a ranked option, as KEY=VALUE (repeatable; keys in docs/ranked.md)")
	return cmd
}

func isBLT(path string) bool { return store.IsBLT(path) }

// applyRanked applies --method and --ranked to a ranked election.
func applyRanked(e *count.Election, f tabulateFlags) error {
	if f.method == "" && len(f.ranked) == 0 {
		return nil
	}
	if e.Ballot != count.BallotRanked {
		return fmt.Errorf("--method and --ranked apply to a ranked election; this one's ballot is %s", e.Ballot)
	}
	if f.method != "" {
		return fmt.Errorf("--method names the method of a BLT file counted alone; this election file sets its method in [ranked] (to try another, use --ranked method=NAME, which starts from that method's defaults)")
	}
	for _, kv := range f.ranked {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return fmt.Errorf("--ranked %q: expected KEY=VALUE, such as tie=previous", kv)
		}
		if err := e.Ranked.Set(strings.TrimSpace(k), v); err != nil {
			return fmt.Errorf("--ranked: %w", err)
		}
	}
	return nil
}

func readBLT(path string) (*store.BLTFile, error) {
	b, err := store.ReadBLTFile(path)
	if err != nil {
		return nil, inputError{err}
	}
	return b, nil
}

// tabulateBLT counts a BLT file as a ranked election of one office.
func tabulateBLT(out io.Writer, path string, f tabulateFlags) error {
	b, err := readBLT(path)
	if err != nil {
		return err
	}
	title := b.Title
	if title == "" {
		title = filepath.Base(path)
	}
	seats := b.Seats
	if f.seats > 0 {
		seats = f.seats
	}
	method := count.RankedIRV
	if f.method != "" {
		if err := method.UnmarshalText([]byte(f.method)); err != nil {
			return fmt.Errorf("--method: %w; expected one of %s", err, strings.Join(count.RankedMethods(), ", "))
		}
	}
	rules := count.DefaultRankedRules(method)
	rules.Withdrawn = b.Withdrawn
	if len(b.TieOrder) > 0 {
		// A BLT file's [tie] order is lots drawn in advance: the earliest
		// is the one a tie is decided for.
		rules.Tie = count.TieRules{Rule: count.TieOrder, Order: b.TieOrder, OrderPicksFirst: true}
	}
	e := &count.Election{Title: title, Preset: count.PresetPlurality, Settings: count.PresetSettings(count.PresetPlurality),
		Ballot: count.BallotRanked, Ranked: &rules,
		Offices: []count.Office{{Name: title, Seats: seats, Candidates: b.Candidates}}}
	if err := applyRanked(e, tabulateFlags{ranked: f.ranked}); err != nil {
		return err
	}
	f.electionPath = path
	results, err := count.TabulateRanked(e, &count.RankedInput{Candidates: b.Candidates, Ballots: b.Ballots})
	if err != nil {
		return inputError{err}
	}
	return write(out, e, results, f)
}

// tabulateElectionBLT counts a ranked election file's one office from a
// BLT file, matching the file's candidates to the office's by name.
func tabulateElectionBLT(out io.Writer, e *count.Election, path string, f tabulateFlags) error {
	b, err := readBLT(path)
	if err != nil {
		return err
	}
	if e.Ballot != count.BallotRanked || len(e.Offices) != 1 {
		return inputError{fmt.Errorf("%s: a BLT file holds the rankings of one ranked office; %s is not a ranked election of one office", path, f.electionPath)}
	}
	o := e.Offices[0]
	index := make([]int, len(b.Candidates))
	for i, n := range b.Candidates {
		index[i] = slices.Index(o.Candidates, n)
		if index[i] < 0 {
			return inputError{&count.InputError{Origin: path, Field: "candidates", Msg: fmt.Sprintf("%q is not a candidate of %s%s", n, o.Name, count.Suggest(n, o.Candidates))}}
		}
	}
	in := &count.RankedInput{Candidates: o.Candidates}
	for _, r := range b.Ballots {
		m := count.Ranking{Count: r.Count}
		for _, rank := range r.Ranks {
			var ix []int
			for _, c := range rank {
				if c == count.OvervoteMark {
					ix = append(ix, c)
				} else {
					ix = append(ix, index[c])
				}
			}
			m.Ranks = append(m.Ranks, ix)
		}
		in.Ballots = append(in.Ballots, m)
	}
	results, err := count.TabulateRanked(e, in)
	if err != nil {
		return inputError{err}
	}
	return write(out, e, results, f)
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

func countAndReport(out io.Writer, e *count.Election, recs []count.BallotRecord, f tabulateFlags) error {
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
	return write(out, e, results, f)
}

func write(out io.Writer, e *count.Election, results []*count.Result, f tabulateFlags) error {
	if f.json {
		return report.JSON(out, e, results)
	}
	return report.Text(out, e, results, report.Resolve(f.lang, e.Lang))
}

// runDemo counts the built-in demo election.
func runDemo(out io.Writer, lang string) error {
	if _, ok := report.ParseLang(lang); !ok {
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
	l := report.Resolve(lang, e.Lang)
	intro := "Demo election (built in). Count your own with: tally tabulate ELECTION.toml BALLOTS...\n\n"
	if l == report.LangZH {
		intro = "演示选举（内置）。计算自己的选举：tally tabulate 选举文件.toml 选票文件...\n\n"
	}
	if _, err := io.WriteString(out, intro); err != nil {
		return err
	}
	return countAndReport(out, e, recs, tabulateFlags{lang: lang, electionPath: examples.DemoElection})
}
