package main

import (
	"strings"

	"tally/report"
)

// answer is the language this run answers in, errors included: each
// command sets it from its --lang as it starts, and again from the
// election file's lang once it has read one; before that (a flag that
// does not parse), the arguments' --lang or the environment decide.
var answer report.Lang

// answerIn sets the language the command answers in and returns it.
func answerIn(flag, election string) report.Lang {
	answer = report.Resolve(flag, election)
	return answer
}

// tr picks the words for the language.
func tr(l report.Lang, en, zh string) string {
	if l == report.LangZH {
		return zh
	}
	return en
}

// langOfArgs finds --lang among arguments that did not parse.
func langOfArgs(args []string) report.Lang {
	for i, a := range args {
		v, ok := strings.CutPrefix(a, "--lang=")
		if !ok && a == "--lang" && i+1 < len(args) {
			v, ok = args[i+1], true
		}
		if ok {
			if l, good := report.ParseLang(v); good && l != report.LangAuto {
				return l
			}
		}
	}
	return report.Resolve("", "")
}

// errorText says an error in the language (report.ErrorText).
func errorText(err error, l report.Lang) string { return report.ErrorText(err, l) }
