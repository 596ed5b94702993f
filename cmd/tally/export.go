package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"tally/count"
	"tally/report"
	"tally/store"
)

type exportFlags struct {
	format, out, lang, font, seal, custodian string
	round                                    int
	force                                    bool
}

func newExport() *cobra.Command {
	var fl exportFlags
	var names []string
	var help strings.Builder
	for _, f := range report.Formats {
		names = append(names, f.Name)
		fmt.Fprintf(&help, "  %-14s %s\n", f.Name, f.What)
	}
	cmd := &cobra.Command{
		Use:   "export COUNT.tally [--format FORMAT] [--round N] [-o FILE]",
		Short: "Make the count sheet, the ballots, the results or the journal as a file",
		Long: `export makes, from a count file, what the election office prints, signs,
posts, checks and archives. It only reads the count file: an export never
changes it.

Formats (--format, default html):
` + help.String() + `
--round N narrows it to the count file's round N (the count sheet of that
round, its ballots); without it, the whole election. The count sheet is in
--lang zh, en or both side by side (default: the election file's language).
--seal and --custodian print the custody of the sealed ballots on the
sheet; without them the sheet leaves lines to write on.

-o FILE names the file (- for standard output). Without it the name says
what the file is, such as party-count-sheet.html or party-round2-ballots.csv,
in the current directory. An existing file is not replaced without --force.

Exit status: 0 written, 1 a problem with the count file or the export,
2 misuse.`,
		Example: `  tally export party.tally                         # party-count-sheet.html
  tally export party.tally --format pdf --lang both
  tally export party.tally --format ballots-csv --round 2
  tally export party.tally --format txt -o -`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExport(cmd.OutOrStdout(), cmd.ErrOrStderr(), args[0], fl)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.format, "format", "html", "what to make: "+strings.Join(names, ", "))
	f.IntVar(&fl.round, "round", 0, "only the count file's round N")
	f.StringVarP(&fl.out, "output", "o", "", "the file to write (- for standard output)")
	f.StringVar(&fl.lang, "lang", "", "the count sheet's language: zh, en or both")
	f.StringVar(&fl.font, "font", "", "a TrueType font with Chinese characters, for --format pdf")
	f.StringVar(&fl.seal, "seal", "", "the seal number on the ballots' envelope, printed on the sheet")
	f.StringVar(&fl.custodian, "custodian", "", "who keeps the sealed ballots, printed on the sheet")
	f.BoolVar(&fl.force, "force", false, "replace an existing file")
	return cmd
}

// sheetLang reads --lang for a count sheet: zh, en, both, or empty for the
// election's language.
func sheetLang(flag, election string) (report.Lang, error) {
	if strings.EqualFold(strings.TrimSpace(flag), "both") {
		return report.LangBoth, nil
	}
	if _, ok := report.ParseLang(flag); !ok {
		return 0, fmt.Errorf("--lang %q: expected zh, en or both", flag)
	}
	return report.Resolve(flag, election), nil
}

func runExport(stdout, stderr io.Writer, path string, fl exportFlags) error {
	format, ok := report.FormatNamed(fl.format)
	if !ok {
		var names []string
		for _, f := range report.Formats {
			names = append(names, f.Name)
		}
		msg := fmt.Sprintf("--format %q: expected one of %s", fl.format, strings.Join(names, ", "))
		if best, ok := count.Closest(fl.format, names); ok {
			msg += fmt.Sprintf(" (did you mean %q?)", best)
		}
		return errors.New(msg)
	}
	if fl.round < 0 {
		return fmt.Errorf("--round %d: expected a round number, 1 or more", fl.round)
	}
	lang, err := sheetLang(fl.lang, "")
	if err != nil {
		return err
	}
	if lang != report.LangBoth {
		answerIn(fl.lang, "")
	}
	f, err := openCount(path, true)
	if err != nil {
		return err
	}
	defer f.Close()
	rec, err := f.Record()
	if err != nil {
		return inputError{err}
	}
	if fl.round > len(rec.Rounds) {
		return inputError{fmt.Errorf("--round %d: %s has %d rounds", fl.round, path, len(rec.Rounds))}
	}
	if fl.lang == "" {
		lang = answerIn("", rec.Election.Lang)
	}
	opt := report.ExportOptions{SheetOptions: report.SheetOptions{Round: fl.round, Seal: fl.seal, Custodian: fl.custodian},
		Lang: lang, Font: fl.font}
	var buf bytes.Buffer
	if err := report.Export(&buf, f, rec, format.Name, opt); err != nil {
		return inputError{err}
	}
	out := fl.out
	if out == "" {
		out = report.DefaultName(path, format, fl.round)
	}
	if out == "-" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	if err := notTheCountFile(out, path); err != nil {
		return inputError{err}
	}
	if err := report.WriteFile(out, buf.Bytes(), fl.force); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return inputError{fmt.Errorf(tr(answer, "%s exists: give another name with -o, or --force to replace it", "%s 已存在：用 -o 换个名字，或用 --force 替换它"), out)}
		}
		return inputError{err}
	}
	if answer == report.LangZH {
		fmt.Fprintf(stdout, "已写入 %s：%s", out, format.WhatZH)
		if fl.round > 0 {
			fmt.Fprintf(stdout, "，第 %d 轮", fl.round)
		}
		fmt.Fprintf(stdout, " · %d 条事件，核对码 %s\n", rec.Events, store.CheckCode(rec.Head))
		return nil
	}
	fmt.Fprintf(stdout, "Wrote %s: %s", out, format.What)
	if fl.round > 0 {
		fmt.Fprintf(stdout, ", round %d", fl.round)
	}
	fmt.Fprintf(stdout, " · %d events, check code %s\n", rec.Events, store.CheckCode(rec.Head))
	return nil
}

// notTheCountFile refuses to write an export over a count file: this one
// (by any name or link) or any other, whatever --force says.
func notTheCountFile(out, countFile string) error {
	if strings.EqualFold(filepath.Ext(out), ".tally") {
		return fmt.Errorf("-o %s: an export is never written to a .tally file; name it otherwise", out)
	}
	if store.IsCountFile(out) {
		return fmt.Errorf("-o %s is a count file: an export never replaces one, whatever its name; name the export otherwise", out)
	}
	a, errA := os.Stat(out)
	b, errB := os.Stat(countFile)
	if errA == nil && errB == nil && os.SameFile(a, b) {
		return fmt.Errorf("-o %s is the count file %s itself: an export never replaces it", out, countFile)
	}
	return nil
}
