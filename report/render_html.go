package report

import (
	"html"
	"io"
	"strings"
)

// sheetCSS lays the sheet out on A4: each page of the doc starts a new
// sheet of paper, tables keep their rows whole, long hashes wrap rather
// than run off the page, and on screen the pages look like paper.
const sheetCSS = `@page { size: A4; margin: 14mm 13mm 15mm; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #000; font-size: 9.5pt; line-height: 1.35;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Droid Sans Fallback", "WenQuanYi Micro Hei",
    "PingFang SC", "Microsoft YaHei", "SimSun", sans-serif; }
section.page { break-after: page; }
section.page:last-child { break-after: auto; }
@media screen {
  body { background: #ddd; }
  section.page { background: #fff; width: 210mm; min-height: 297mm; margin: 6mm auto; padding: 14mm 13mm;
    box-sizing: border-box; box-shadow: 0 0 2mm #888; }
}
header { text-align: center; margin-bottom: 3mm; }
header h1 { font-size: 16pt; margin: 0; letter-spacing: 0.1em; }
header p { font-size: 11pt; margin: 1mm 0 0; }
h2 { font-size: 10.5pt; margin: 3.5mm 0 1.2mm; padding-bottom: 0.4mm; border-bottom: 0.3mm solid #000;
  break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0; }
th, td { border: 0.2mm solid #555; padding: 0.6mm 1.4mm; vertical-align: top; text-align: left;
  overflow-wrap: anywhere; }
th { background: #eee; font-weight: bold; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr { break-inside: avoid; }
table.fields th { background: none; width: 13%; font-weight: normal; color: #222; }
table.small { font-size: 8pt; }
table.fields th, table.fields td { border: none; border-bottom: 0.1mm solid #ccc; }
table.sign td { height: 8.5mm; vertical-align: bottom; border: none; }
table.sign td.role { width: 26%; }
table.sign td.name { width: 22%; }
table.sign td.line { border-bottom: 0.3mm solid #000; }
.en { display: block; font-size: 0.86em; color: #333; }
p { margin: 0.8mm 0; }
p.warn, div.warn { border: 0.5mm solid #000; padding: 1.5mm 2mm; font-weight: bold; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; overflow-wrap: anywhere; }
.block { break-inside: avoid; }
`

// WriteHTML writes a count sheet as one self-contained HTML file, ready to
// print on A4: no scripts, no fonts or images fetched from anywhere.
func WriteHTML(out io.Writer, d *Doc) error {
	var b strings.Builder
	lang := "en"
	if d.Lang == LangZH || d.Lang == LangBoth {
		lang = "zh-CN"
	}
	b.WriteString("<!DOCTYPE html>\n<html lang=\"" + lang + "\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	title := cellLines(d.Title)[0]
	if len(d.Pages) > 0 {
		title += " · " + cellLines(d.Pages[0].Heading)[0]
	}
	b.WriteString("<title>" + html.EscapeString(title) + "</title>\n<style>\n" + sheetCSS + "</style>\n</head>\n<body>\n")
	for _, p := range d.Pages {
		b.WriteString("<section class=\"page\">\n<header><h1>" + htmlText(d.Title) + "</h1><p>" + htmlText(p.Heading) + "</p></header>\n")
		for _, blk := range p.Blocks {
			writeHTMLBlock(&b, blk)
		}
		b.WriteString("</section>\n")
	}
	b.WriteString("</body>\n</html>\n")
	_, err := io.WriteString(out, b.String())
	return err
}

// htmlText escapes a cell or label; its second and later lines (the
// English beside the Chinese) go on lines of their own, set smaller.
func htmlText(s string) string {
	ls := cellLines(s)
	out := html.EscapeString(ls[0])
	for _, l := range ls[1:] {
		out += "<span class=\"en\">" + html.EscapeString(l) + "</span>"
	}
	return out
}

func writeHTMLBlock(b *strings.Builder, blk Block) {
	switch blk.Kind {
	case BlockHeading:
		b.WriteString("<h2>" + htmlText(blk.Text) + "</h2>\n")
	case BlockFields:
		per := 1
		if blk.Pairs {
			per = 2
		}
		b.WriteString("<table class=\"fields\">\n")
		for i := 0; i < len(blk.Fields); i += per {
			b.WriteString("<tr>")
			for j, f := range blk.Fields[i:min(i+per, len(blk.Fields))] {
				span := ""
				if per == 2 && i+1 == len(blk.Fields) && j == 0 {
					span = " colspan=\"3\""
				}
				b.WriteString("<th>" + htmlText(f.Label) + "</th><td" + span + ">" + htmlText(f.Value) + "</td>")
			}
			b.WriteString("</tr>\n")
		}
		b.WriteString("</table>\n")
	case BlockSign:
		b.WriteString("<table class=\"sign block\">\n")
		for _, f := range blk.Fields {
			b.WriteString("<tr><td class=\"role\">" + htmlText(f.Label) + "</td><td class=\"name\">" + htmlText(f.Value) + "</td><td class=\"line\"></td></tr>\n")
		}
		b.WriteString("</table>\n")
	case BlockTable:
		if blk.Small {
			b.WriteString("<table class=\"small\">\n")
		} else {
			b.WriteString("<table>\n")
		}
		num := func(i int) string {
			if i < len(blk.Right) && blk.Right[i] {
				return " class=\"num\""
			}
			return ""
		}
		if blk.Head != nil {
			b.WriteString("<thead><tr>")
			for i, h := range blk.Head {
				b.WriteString("<th" + num(i) + ">" + htmlText(h) + "</th>")
			}
			b.WriteString("</tr></thead>\n")
		}
		b.WriteString("<tbody>\n")
		for _, r := range blk.Rows {
			b.WriteString("<tr>")
			for i, c := range r {
				b.WriteString("<td" + num(i) + ">" + htmlText(c) + "</td>")
			}
			b.WriteString("</tr>\n")
		}
		b.WriteString("</tbody>\n</table>\n")
	case BlockLines:
		class := ""
		if blk.Warn {
			class = " class=\"warn\""
		}
		for _, l := range blk.Lines {
			b.WriteString("<p" + class + ">" + html.EscapeString(l) + "</p>\n")
		}
	}
}
