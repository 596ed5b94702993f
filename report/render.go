package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// signLine is the line left to sign on, in a fixed-width sheet.
const signLine = "________________________"

// WriteText writes a count sheet as plain text for a terminal or a
// message: columns aligned by display width, so Chinese lines up.
func WriteText(out io.Writer, d *Doc) error {
	var b strings.Builder
	rule := strings.Repeat("═", 72)
	for i, p := range d.Pages {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(rule + "\n")
		for _, l := range cellLines(d.Title) {
			b.WriteString(l + "\n")
		}
		for _, l := range cellLines(p.Heading) {
			b.WriteString(l + "\n")
		}
		b.WriteString(rule + "\n")
		for _, blk := range p.Blocks {
			writeTextBlock(&b, blk)
		}
	}
	_, err := io.WriteString(out, b.String())
	return err
}

func writeTextBlock(b *strings.Builder, blk Block) {
	switch blk.Kind {
	case BlockHeading:
		b.WriteString("\n")
		for _, l := range cellLines(blk.Text) {
			b.WriteString(l + "\n")
		}
	case BlockFields:
		var rows [][]string
		for _, f := range blk.Fields {
			rows = append(rows, []string{f.Label, f.Value})
		}
		grid(b, "  ", nil, rows)
	case BlockSign:
		var rows [][]string
		for _, f := range blk.Fields {
			rows = append(rows, []string{f.Label, f.Value, signLine})
		}
		b.WriteString("\n")
		grid(b, "  ", nil, rows)
	case BlockTable:
		rows := blk.Rows
		if blk.Head != nil {
			rows = append([][]string{blk.Head}, rows...)
		}
		b.WriteString("\n")
		grid(b, "  ", blk.Right, rows)
		b.WriteString("\n")
	case BlockLines:
		for _, l := range blk.Lines {
			if blk.Warn {
				l = "! " + l
			}
			b.WriteString("  " + l + "\n")
		}
	}
}

// grid writes rows in columns by display width; a cell of several lines
// makes its row as tall, and the columns in right are aligned right.
func grid(b *strings.Builder, indent string, right []bool, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			for _, l := range cellLines(c) {
				widths[i] = max(widths[i], ansi.StringWidth(l))
			}
		}
	}
	for _, r := range rows {
		height := 1
		for _, c := range r {
			height = max(height, len(cellLines(c)))
		}
		for h := range height {
			var line strings.Builder
			line.WriteString(indent)
			for i, c := range r {
				ls := cellLines(c)
				s := ""
				if h < len(ls) {
					s = ls[h]
				}
				pad := strings.Repeat(" ", widths[i]-ansi.StringWidth(s))
				if i > 0 {
					line.WriteString("  ")
				}
				if i < len(right) && right[i] {
					line.WriteString(pad + s)
				} else {
					line.WriteString(s + pad)
				}
			}
			b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
		}
	}
}

// WriteMarkdown writes a count sheet as Markdown, for a message or a
// page that renders it: a section per page, tables as pipe tables.
func WriteMarkdown(out io.Writer, d *Doc) error {
	var b strings.Builder
	for i, p := range d.Pages {
		if i > 0 {
			b.WriteString("\n---\n\n")
		}
		fmt.Fprintf(&b, "# %s · %s\n", mdInline(d.Title), mdInline(p.Heading))
		for _, blk := range p.Blocks {
			writeMarkdownBlock(&b, blk)
		}
	}
	_, err := io.WriteString(out, b.String())
	return err
}

func writeMarkdownBlock(b *strings.Builder, blk Block) {
	switch blk.Kind {
	case BlockHeading:
		b.WriteString("\n## " + mdInline(blk.Text) + "\n")
	case BlockFields:
		b.WriteString("\n")
		for _, f := range blk.Fields {
			fmt.Fprintf(b, "- **%s**: %s\n", mdInline(f.Label), mdCell(f.Value))
		}
	case BlockSign:
		b.WriteString("\n|  |  |  |\n|---|---|---|\n")
		for _, f := range blk.Fields {
			fmt.Fprintf(b, "| %s | %s | %s |\n", mdCell(f.Label), mdCell(f.Value), signLine)
		}
	case BlockTable:
		head := blk.Head
		if head == nil && len(blk.Rows) > 0 {
			head = make([]string, len(blk.Rows[0]))
		}
		b.WriteString("\n|")
		for _, h := range head {
			b.WriteString(" " + mdCell(h) + " |")
		}
		b.WriteString("\n|")
		for i := range head {
			if i < len(blk.Right) && blk.Right[i] {
				b.WriteString("---:|")
			} else {
				b.WriteString("---|")
			}
		}
		b.WriteString("\n")
		for _, r := range blk.Rows {
			b.WriteString("|")
			for _, c := range r {
				b.WriteString(" " + mdCell(c) + " |")
			}
			b.WriteString("\n")
		}
	case BlockLines:
		b.WriteString("\n")
		for _, l := range blk.Lines {
			if blk.Warn {
				b.WriteString("> " + mdCell(l) + "\n>\n")
			} else {
				b.WriteString(mdCell(l) + "\n\n")
			}
		}
	}
}

// mdInline is text on one Markdown line: the two languages of a label
// joined by a slash, and the characters Markdown would take as markup
// escaped.
func mdInline(s string) string { return mdEscape(strings.ReplaceAll(s, "\n", " / ")) }

// mdCell is text in a table cell or list item: its lines joined by a
// line break Markdown keeps.
func mdCell(s string) string { return strings.ReplaceAll(mdEscape(s), "\n", "<br>") }

var mdEscaper = strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", "[", `\[`, "]", `\]`)

func mdEscape(s string) string { return mdEscaper.Replace(s) }
