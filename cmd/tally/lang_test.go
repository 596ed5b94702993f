package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tally/store"
)

// Every command takes --lang zh and answers in Chinese: what it prints,
// and the refusal of a file that is open elsewhere.
func TestLang_EveryCommandAnswersInChinese(t *testing.T) {
	dir := t.TempDir()
	club := filepath.Join("..", "..", "examples", "plurality-club") // an English election file
	path := filepath.Join(dir, "c.tally")
	steps := []struct {
		args []string
		want string // a Chinese phrase the answer must hold
	}{
		{[]string{"new", club + ".toml", path}, "已创建计票文件"},
		{signed(t, "import", path, club+".csv"), "已导入"},
		{[]string{"result", path}, "临时计票"},
		{signed(t, "close", path), "已由 张监 结束"},
		{[]string{"verify", path}, "核验通过"},
		{[]string{"journal", path}, "导入选票"},
		{[]string{"backup", path, filepath.Join(dir, "copy.tally")}, "已将"},
		{[]string{"export", path, "--format", "txt", "-o", filepath.Join(dir, "s.txt")}, "已写入"},
		{[]string{"tabulate", club + ".toml", club + ".csv"}, "当选"},
	}
	for _, s := range steps {
		args := append(append([]string(nil), s.args...), "--lang", "zh")
		out, errs, code := tally(t, args...)
		if code != 0 || !strings.Contains(out, s.want) {
			t.Errorf("tally %s: exit %d, %q%s; want it to say %q", strings.Join(args, " "), code, out, errs, s.want)
		}
	}
	// The same election answers in English without --lang (its lang is en).
	if out := mustRun(t, "verify", path); !strings.HasPrefix(out, "verified:") {
		t.Errorf("verify without --lang on an English election: %q", out)
	}

	f, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, cmd := range [][]string{signed(t, "import", path, club+".csv"), signed(t, "close", path)} {
		_, errs, code := tally(t, append(cmd, "--lang", "zh")...)
		if code != 1 || !strings.Contains(errs, "正在另一个 tally") {
			t.Errorf("%s on a file open elsewhere, --lang zh: exit %d, %q", cmd[0], code, errs)
		}
	}
}

// Misuse is said in the language asked for, with the usage hint.
func TestLang_MisuseInChinese(t *testing.T) {
	_, errs, code := tally(t, "journal", "--round", "-1", "x.tally", "--lang", "zh")
	if code != exitUsage || !strings.Contains(errs, "应为轮次编号") || !strings.Contains(errs, "查看用法") {
		t.Errorf("exit %d, %q", code, errs)
	}
	_, errs, code = tally(t, "verify", "--bogus", "x.tally", "--lang", "zh")
	if code != exitUsage || !strings.Contains(errs, "查看用法") {
		t.Errorf("an unknown flag: exit %d, %q", code, errs)
	}
}

// A folder given as the count file is called a folder, by every command.
func TestCountFile_AFolderIsNotACountFile(t *testing.T) {
	dir := t.TempDir()
	for _, cmd := range []string{"verify", "result", "journal"} {
		_, errs, code := tally(t, cmd, dir, "--lang", "en")
		if code != 1 || !strings.Contains(errs, "a folder, not a count file") || strings.Contains(errs, "bytes") {
			t.Errorf("%s on a folder: exit %d, %q", cmd, code, errs)
		}
	}
	if _, errs, _ := tally(t, "verify", dir, "--lang", "zh"); !strings.Contains(errs, "文件夹") {
		t.Errorf("verify on a folder, in Chinese: %q", errs)
	}
}

// An error that quotes a huge cell quotes its start and its length: a
// 1 MB cell does not come back as a 1 MB message.
func TestImport_HugeCellIsQuotedBounded(t *testing.T) {
	dir := t.TempDir()
	club := filepath.Join("..", "..", "examples", "plurality-club")
	path := filepath.Join(dir, "c.tally")
	mustRun(t, "new", club+".toml", path)
	data, _ := os.ReadFile(club + ".csv")
	header := strings.SplitN(string(data), "\n", 2)[0]
	huge := header + "\nCommittee,1,1,,○,,,○,,," + strings.Repeat("N", 1<<20) + ",\n"
	ballots := filepath.Join(dir, "huge.csv")
	os.WriteFile(ballots, []byte(huge), 0o644)
	_, errs, code := tally(t, signed(t, "import", path, ballots)...)
	if code != 1 || len(errs) > 1000 || !strings.Contains(errs, "huge.csv:2") || !strings.Contains(errs, "1048576 characters") {
		t.Errorf("exit %d, %d bytes: %.300s", code, len(errs), errs)
	}
}
