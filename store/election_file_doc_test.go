package store

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"

	"tally/count"
)

var updateDocs = flag.Bool("update-docs", false, "rewrite the preset table in docs/election-file.md")

const (
	electionDoc       = "../docs/election-file.md"
	presetTableStart  = "<!-- preset table: generated, do not edit by hand -->\n"
	presetTableEnd    = "<!-- end of preset table -->\n"
	inferredPhrase    = "inferred: no primary text fixes it"
	docPresetsColumns = "| setting | party | village | congress | plurality |\n|---|---|---|---|---|\n"
)

// presetTable is the documentation's table of every setting's value under
// every preset, from count.PresetSettings itself.
func presetTable() string {
	presets := []count.Preset{count.PresetParty, count.PresetVillage, count.PresetCongress, count.PresetPlurality}
	var b strings.Builder
	b.WriteString(docPresetsColumns)
	for _, k := range count.SettingKeys() {
		fmt.Fprintf(&b, "| [`%s`](#%s) |", k, k)
		for _, p := range presets {
			s := count.PresetSettings(p)
			fmt.Fprintf(&b, " %s |", s.Get(k))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// docSections splits the document at its headings: heading line → text up
// to the next heading.
func docSections(doc string) map[string]string {
	out := map[string]string{}
	var head string
	var body strings.Builder
	inCode := false
	for _, line := range strings.SplitAfter(doc, "\n") {
		if strings.HasPrefix(line, "```") {
			inCode = !inCode
		}
		if !inCode && strings.HasPrefix(line, "#") {
			out[head] = body.String()
			head, body = strings.TrimSpace(line), strings.Builder{}
			continue
		}
		body.WriteString(line)
	}
	out[head] = body.String()
	return out
}

type codeBlock struct{ lang, text string }

// codeBlocks returns the fenced blocks of one section, in order.
func codeBlocks(section string) []codeBlock {
	var out []codeBlock
	var cur *codeBlock
	for _, line := range strings.SplitAfter(section, "\n") {
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			cur = &codeBlock{lang: strings.TrimSpace(strings.TrimPrefix(line, "```"))}
		case cur != nil && strings.HasPrefix(line, "```"):
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.text += line
		}
	}
	return out
}

// TestElectionFileDocListsEverySetting keeps docs/election-file.md honest:
// every setting has its own section with every value it accepts, the
// inferred ones say so, the preset table is the program's, every key of
// the file is described, and the examples read as the document says.
func TestElectionFileDocListsEverySetting(t *testing.T) {
	raw, err := os.ReadFile(electionDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)

	start := strings.Index(doc, presetTableStart)
	end := strings.Index(doc, presetTableEnd)
	if start < 0 || end < start {
		t.Fatalf("%s has no preset table markers:\n%s%s", electionDoc, presetTableStart, presetTableEnd)
	}
	start += len(presetTableStart)
	if got, want := doc[start:end], presetTable(); got != want {
		if *updateDocs {
			doc = doc[:start] + want + doc[end:]
			if err := os.WriteFile(electionDoc, []byte(doc), 0o644); err != nil {
				t.Fatal(err)
			}
		} else {
			t.Errorf("the preset table differs from count.PresetSettings; run go test ./store -run %s -update-docs\ngot:\n%s\nwant:\n%s", t.Name(), got, want)
		}
	}

	sections := docSections(doc)
	for _, k := range count.SettingKeys() {
		sec, ok := sections["### `"+k+"`"]
		if !ok {
			t.Errorf("setting %s has no section ### `%s`", k, k)
			continue
		}
		if strings.TrimSpace(sec) == "" {
			t.Errorf("setting %s: empty section", k)
		}
		if got, want := strings.Contains(sec, inferredPhrase), count.SettingInferred(k); got != want {
			t.Errorf("setting %s: says %q: %t, but count marks it inferred: %t", k, inferredPhrase, got, want)
		}
		for _, c := range count.SettingChoices(k) {
			if !strings.Contains(sec, "`"+c+"`") {
				t.Errorf("setting %s: the choice `%s` is not described", k, c)
			}
		}
	}

	for _, keys := range [][]string{topKeys, figureKeys, officeKeys, sourceKeys, paperKeys, roundOwnKeys, tableKeys} {
		for _, k := range keys {
			if !strings.Contains(doc, "| `"+k+"` |") {
				t.Errorf("the key %s has no row | `%s` | in a table", k, k)
			}
		}
	}

	// Every snippet is TOML; the complete example is a valid election.
	for head, sec := range sections {
		if head == "## Errors" {
			continue
		}
		for _, b := range codeBlocks(sec) {
			var v map[string]any
			if err := toml.Unmarshal([]byte(b.text), &v); b.lang == "toml" && err != nil {
				t.Errorf("%s: the example is not TOML: %v\n%s", head, err, b.text)
			}
		}
	}
	example := codeBlocks(sections["## A complete example"])
	if len(example) != 1 {
		t.Fatalf("## A complete example has %d code blocks, want 1", len(example))
	}
	if _, err := ParseElection("party.toml", []byte(example[0].text)); err != nil {
		t.Errorf("the complete example is refused:\n%v", err)
	}

	// Each erroneous file in ## Errors gives exactly the messages shown
	// after it.
	blocks := codeBlocks(sections["## Errors"])
	if len(blocks) == 0 || len(blocks)%2 != 0 {
		t.Fatalf("## Errors has %d code blocks, want pairs of toml and text", len(blocks))
	}
	for i := 0; i < len(blocks); i += 2 {
		file, shown := blocks[i], blocks[i+1]
		if file.lang != "toml" || shown.lang != "text" {
			t.Errorf("## Errors: block %d is %s then %s, want toml then text", i+1, file.lang, shown.lang)
			continue
		}
		_, err := ParseElection("party.toml", []byte(file.text))
		if err == nil {
			t.Errorf("## Errors: this file is accepted:\n%s", file.text)
			continue
		}
		if got, want := err.Error(), strings.TrimSuffix(shown.text, "\n"); got != want {
			t.Errorf("## Errors: the document shows\n%s\nbut the program says\n%s", want, got)
		}
	}
}
