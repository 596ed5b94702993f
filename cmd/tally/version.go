package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"tally/store"
)

func newVersion() *cobra.Command {
	var lang string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Say which tally this is: its version, the commit it was built from, and how",
		Long: `version prints the program's version, the commit it was built from (and
whether the work tree had changes), the Go toolchain, the system it runs
on, and whether it was built with -trimpath. The first line is what the
journal records with the first event of each sitting and every sheet
prints.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkLang(lang); err != nil {
				return err
			}
			l := answerIn(lang, "")
			b := store.ThisBuild()
			out := cmd.OutOrStdout()
			fmt.Fprintln(out, store.Program())
			if b.Commit != "" {
				mod := ""
				if b.Modified {
					mod = tr(l, ", with changes not committed", "，含未提交的改动")
				}
				fmt.Fprintf(out, tr(l, "commit %s (%s)%s\n", "提交 %s（%s）%s\n"), b.Commit, b.Time, mod)
			} else {
				fmt.Fprintln(out, tr(l, "commit not recorded (built with go run or go test, or outside the repository)",
					"未记录提交（用 go run、go test 或在仓库之外构建）"))
			}
			trim := tr(l, "without -trimpath", "未用 -trimpath")
			if b.TrimPath {
				trim = "-trimpath"
			}
			fmt.Fprintf(out, "%s %s, %s\n", b.Go, b.Platform, trim)
			return nil
		},
	}
	cmd.Flags().StringVar(&lang, "lang", "", langHelp)
	return cmd
}
