package report

import "strings"

// Doc is a count sheet laid out for no medium in particular: pages of
// headings, labelled fields, tables and lines. The text, Markdown, HTML and
// PDF sheets are each a rendering of one Doc, so they say the same things.
type Doc struct {
	// Title heads every page ("计票结果报告单"); Lang is the language the
	// doc was built in (LangBoth puts each label in both).
	Title string
	Lang  Lang
	Pages []Page
}

// Page is what prints on its own sheet of paper: the whole election's
// summary, or one round.
type Page struct {
	// Heading says what the page is about (the election, or a round).
	Heading string
	// Provisional: the round is still open and the figures may change; the
	// page says so above everything else.
	Provisional bool
	Blocks      []Block
}

// BlockKind says how a block is laid out.
type BlockKind int

// Block kinds. BlockNone is not laid out.
const (
	BlockNone BlockKind = iota
	// BlockHeading: Text as a heading within the page.
	BlockHeading
	// BlockFields: labelled values, one per line.
	BlockFields
	// BlockTable: Head over Rows, Right marking the columns of figures.
	BlockTable
	// BlockLines: Lines of prose, one paragraph each.
	BlockLines
	// BlockSign: a line to sign per field, the label the role and the
	// value the names printed at the table (or empty, to be written in).
	BlockSign
)

// Block is one piece of a page.
type Block struct {
	Kind   BlockKind
	Text   string
	Fields []Field
	Head   []string
	Rows   [][]string
	Right  []bool
	Lines  []string
	// Warn marks lines the reader must not miss (a provisional count).
	Warn bool
	// Pairs: on paper, fields may go two to a row (short values only).
	Pairs bool
	// Small: reference matter (the settings) set smaller on paper.
	Small bool
}

// Field is a label and its value. A value may hold several lines.
type Field struct {
	Label, Value string
}

func (p *Page) heading(s string) { p.Blocks = append(p.Blocks, Block{Kind: BlockHeading, Text: s}) }

func (p *Page) fields(fs ...Field) {
	var keep []Field
	for _, f := range fs {
		if f.Value != "" {
			keep = append(keep, f)
		}
	}
	if len(keep) == 0 {
		return
	}
	if n := len(p.Blocks); n > 0 && p.Blocks[n-1].Kind == BlockFields && !p.Blocks[n-1].Pairs {
		p.Blocks[n-1].Fields = append(p.Blocks[n-1].Fields, keep...)
		return
	}
	p.Blocks = append(p.Blocks, Block{Kind: BlockFields, Fields: keep})
}

// pairs adds fields that may go two to a row on paper.
func (p *Page) pairs(fs ...Field) {
	p.fields(fs...)
	if n := len(p.Blocks); n > 0 && p.Blocks[n-1].Kind == BlockFields {
		p.Blocks[n-1].Pairs = true
	}
}

func (p *Page) lines(warn bool, ls ...string) {
	if len(ls) > 0 {
		p.Blocks = append(p.Blocks, Block{Kind: BlockLines, Lines: ls, Warn: warn})
	}
}

// tableBlock turns a report table (its first row the heading) into a block.
func tableBlock(t *table) Block {
	b := Block{Kind: BlockTable, Right: t.right}
	if len(t.rows) > 0 {
		b.Head, b.Rows = t.rows[0], t.rows[1:]
	}
	return b
}

// both puts a Chinese and an English doc of the same record side by side:
// where they differ a cell or label holds the Chinese, a line break, and
// the English; names and figures, the same in both, are said once. The
// two are built from one record by one builder, so their shapes match.
func both(zh, en *Doc) *Doc {
	d := &Doc{Title: pair(zh.Title, en.Title), Lang: LangBoth}
	for i, zp := range zh.Pages {
		ep := en.Pages[i]
		p := Page{Heading: pair(zp.Heading, ep.Heading), Provisional: zp.Provisional}
		for j, zb := range zp.Blocks {
			eb := ep.Blocks[j]
			b := zb
			b.Text = pair(zb.Text, eb.Text)
			b.Fields = nil
			for k, f := range zb.Fields {
				b.Fields = append(b.Fields, Field{pair(f.Label, eb.Fields[k].Label), pair(f.Value, eb.Fields[k].Value)})
			}
			b.Head = pairs(zb.Head, eb.Head)
			b.Rows = nil
			for k, r := range zb.Rows {
				b.Rows = append(b.Rows, pairs(r, eb.Rows[k]))
			}
			b.Lines = nil
			for k, l := range zb.Lines {
				if l == eb.Lines[k] {
					b.Lines = append(b.Lines, l)
				} else {
					b.Lines = append(b.Lines, l, eb.Lines[k])
				}
			}
			p.Blocks = append(p.Blocks, b)
		}
		d.Pages = append(d.Pages, p)
	}
	return d
}

func pair(zh, en string) string {
	if zh == en || en == "" {
		return zh
	}
	if zh == "" {
		return en
	}
	return zh + "\n" + en
}

func pairs(zh, en []string) []string {
	if zh == nil {
		return nil
	}
	out := make([]string, len(zh))
	for i := range zh {
		out[i] = pair(zh[i], en[i])
	}
	return out
}

// cellLines splits a cell or value into its lines.
func cellLines(s string) []string { return strings.Split(s, "\n") }
