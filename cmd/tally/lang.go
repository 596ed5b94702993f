package main

import (
	"errors"
	"strings"

	"tally/count"
	"tally/report"
	"tally/store"
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

// said is an error already worded in the language it is to be said in.
type said string

func (s said) Error() string { return string(s) }

// errorText says an error in the language: the store's own Chinese where
// it has it, else the Chinese for the kind of problem before the English
// detail, which names the file, the line and the field.
func errorText(err error, l report.Lang) string {
	var done said
	if l != report.LangZH || errors.As(err, &done) {
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
