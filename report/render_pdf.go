package report

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/signintech/gopdf"
)

// The sheet on A4, in points (1/72 inch) from the page's top left, with
// the HTML sheet's margins and sizes (sheetCSS).
const (
	mm     = 72 / 25.4
	pageW  = 595.28
	pageH  = 841.89
	marTop = 14 * mm
	marX   = 13 * mm
	marBot = 15 * mm
	// inset keeps strokes drawn on the edge of the text area (a table's
	// border, the warning's box) inside the margins.
	inset = 0.3 * mm

	bodySize     = 9.5
	smallSize    = 8
	titleSize    = 16
	pageHeadSize = 11
	headingSize  = 10.5
	footerSize   = 7
	// secondary scales a cell's later lines: the English beside the
	// Chinese, set smaller as the HTML sets its .en spans.
	secondary = 0.86
	// leading is the least line height, as a multiple of the font size
	// (the font's own ascent and descent may ask for more).
	leading = 1.35

	padX       = 1.4 * mm
	padY       = 0.6 * mm
	borderW    = 0.2 * mm
	fieldRuleW = 0.1 * mm
	headRuleW  = 0.3 * mm
	signRuleW  = 0.3 * mm
	warnW      = 0.5 * mm
	signRowH   = 8.5 * mm
)

// Grays, 0 black to 255 white.
const (
	black     = 0x00
	labelGray = 0x22
	enGray    = 0x33
	ruleGray  = 0x55
	footGray  = 0x44
	lightRule = 0xcc
	headFill  = 0xee
)

// WritePDF writes a count sheet as a PDF on A4, each page of the doc
// starting a new sheet of paper, with the font at the path font embedded
// (the characters used only): a TrueType .ttf, or a .ttc collection whose
// first TrueType face is taken. An empty font asks FindCJKFont for one.
// Characters the font lacks (Droid Sans Fallback has no Latin letters,
// digits or ✓) are borrowed from a fallback font on the system (DejaVu
// Sans: see fallbackFonts); a character no font has is an error that
// names it, never a blank on the paper.
func WritePDF(out io.Writer, d *Doc, font string) error {
	if d == nil || len(d.Pages) == 0 {
		return errors.New("the count sheet has no pages to print")
	}
	font, err := pdfFont(d, font, FindCJKFont)
	if err != nil {
		return err
	}
	w, err := newPDFWriter(font, fallbackFonts())
	if err != nil {
		return err
	}
	pages, err := w.layout(d)
	if err != nil {
		return err
	}
	if err := w.emit(d, pages); err != nil {
		return err
	}
	_, err = w.gp.WriteTo(out)
	return err
}

// pdfFont is the font to print a doc with: the one given, or the one
// find finds. A doc with no Chinese on it (an English sheet of a ranked
// count) prints with a Latin font when there is no Chinese one.
func pdfFont(d *Doc, font string, find func() (string, error)) (string, error) {
	if font != "" {
		return font, nil
	}
	font, err := find()
	if err == nil || !errors.Is(err, ErrNoCJKFont) || slices.ContainsFunc(docStrings(d), hasWide) {
		return font, err
	}
	for _, f := range fallbackFonts() {
		if _, err := loadTrueType(f); err == nil {
			return f, nil
		}
	}
	return "", err
}

func hasWide(s string) bool { return strings.ContainsFunc(s, wide) }

// docStrings are all the texts of a doc.
func docStrings(d *Doc) []string {
	out := []string{d.Title}
	for _, p := range d.Pages {
		out = append(out, p.Heading)
		for _, b := range p.Blocks {
			out = append(out, b.Text)
			out = append(out, b.Head...)
			out = append(out, b.Lines...)
			for _, f := range b.Fields {
				out = append(out, f.Label, f.Value)
			}
			for _, r := range b.Rows {
				out = append(out, r...)
			}
		}
	}
	return out
}

// face is one font loaded into the PDF: the sheet's font first, then the
// fallback fonts borrowed from.
type face struct {
	family          string
	path            string
	ascent, descent float64 // in ems, descent negative
	widths          map[rune]float64
}

// glyph is a character as drawn: which face, and which character (a
// stand-in when no face has the one asked for).
type glyph struct {
	face int
	r    rune
}

// pdfWriter lays a doc out and draws it with gopdf.
type pdfWriter struct {
	gp      *gopdf.GoPdf
	faces   []*face
	glyphs  map[rune][]glyph
	missing []rune
	// unexpected are characters gopdf found no glyph for while drawing,
	// though the face was checked to have one.
	unexpected []rune
	lineFactor float64
	ascent     float64 // the highest ascent and lowest descent of the faces,
	descent    float64 // in ems: where a line's baseline goes
	setFace    int
	setSize    float64
}

func newPDFWriter(font string, fallbacks []string) (*pdfWriter, error) {
	w := &pdfWriter{gp: &gopdf.GoPdf{}, glyphs: map[rune][]glyph{}, setFace: -1}
	w.gp.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	if err := w.addFace(font); err != nil {
		return nil, fmt.Errorf("font %s: %w", font, err)
	}
	for _, f := range fallbacks {
		if f == font {
			continue
		}
		if _, err := os.Stat(f); err == nil {
			// A fallback font that will not load is passed over: it was
			// only ever a help.
			w.addFace(f)
		}
	}
	for _, f := range w.faces {
		w.ascent = max(w.ascent, f.ascent)
		w.descent = min(w.descent, f.descent)
	}
	w.lineFactor = max(leading, w.ascent-w.descent)
	return w, nil
}

func (w *pdfWriter) addFace(path string) error {
	data, err := loadTrueType(path)
	if err != nil {
		return err
	}
	family := fmt.Sprintf("f%d", len(w.faces))
	opt := gopdf.TtfOption{
		OnGlyphNotFound:           func(r rune) { w.unexpected = append(w.unexpected, r) },
		OnGlyphNotFoundSubstitute: gopdf.DefaultOnGlyphNotFoundSubstitute,
	}
	if err := w.gp.AddTTFFontDataWithOption(family, data, opt); err != nil {
		return fmt.Errorf("the PDF writer cannot read this font: %v", err)
	}
	f := &face{family: family, path: path, widths: map[rune]float64{}}
	f.ascent, f.descent = fontMetrics(data)
	w.faces = append(w.faces, f)
	return nil
}

func (w *pdfWriter) use(i int, size float64) error {
	if w.setFace == i && w.setSize == size {
		return nil
	}
	if err := w.gp.SetFont(w.faces[i].family, "", size); err != nil {
		return err
	}
	w.setFace, w.setSize = i, size
	return nil
}

// standIns are what a sheet prints for a symbol no font on the machine
// has, in order of preference: the same sense in plainer characters.
var standIns = map[rune][]string{
	'✓':  {"√", "v"},
	'✔':  {"√", "v"},
	'✗':  {"×", "x"},
	'✘':  {"×", "x"},
	'×':  {"x"},
	'⚠':  {"!"},
	'·':  {"・", "-"},
	'→':  {"->"},
	'≥':  {">="},
	'≤':  {"<="},
	'÷':  {"/"},
	'◆':  {"•", "*"},
	'•':  {"*"},
	'…':  {"..."},
	'\t': {" "},
}

// glyphsOf is how a character is drawn: in the first face that has it,
// else as its stand-in. A character with neither is noted as missing and
// drawn as nothing, and the sheet is then refused.
func (w *pdfWriter) glyphsOf(r rune) []glyph {
	if g, ok := w.glyphs[r]; ok {
		return g
	}
	var g []glyph
	if r >= ' ' && r != 0x7f {
		if f := w.faceFor(r); f >= 0 {
			g = []glyph{{f, r}}
		} else {
		alts:
			for _, alt := range standIns[r] {
				var gs []glyph
				for _, a := range alt {
					f := w.faceFor(a)
					if f < 0 {
						continue alts
					}
					gs = append(gs, glyph{f, a})
				}
				g = gs
				break
			}
			if g == nil {
				w.missing = append(w.missing, r)
			}
		}
	}
	w.glyphs[r] = g
	return g
}

func (w *pdfWriter) faceFor(r rune) int {
	for i := range w.faces {
		if err := w.use(i, bodySize); err != nil {
			continue
		}
		if ok, err := w.gp.IsCurrFontContainGlyph(r); ok && err == nil {
			return i
		}
	}
	return -1
}

// runeWidth is how wide a character is drawn, in ems.
func (w *pdfWriter) runeWidth(r rune) float64 {
	var sum float64
	for _, g := range w.glyphsOf(r) {
		f := w.faces[g.face]
		wd, ok := f.widths[g.r]
		if !ok {
			// Widths scale with the size (no kerning): measure once, large.
			if w.use(g.face, 1000) == nil {
				if m, err := w.gp.MeasureTextWidth(string(g.r)); err == nil {
					wd = m / 1000
				}
			}
			f.widths[g.r] = wd
		}
		sum += wd
	}
	return sum
}

func (w *pdfWriter) width(s string, size float64) float64 {
	var sum float64
	for _, r := range s {
		sum += w.runeWidth(r)
	}
	return sum * size
}

func (w *pdfWriter) lineH(size float64) float64 { return w.lineFactor * size }

// wide characters (Chinese, Japanese, Korean, full-width forms) may be
// broken between anywhere, bar the punctuation below.
func wide(r rune) bool {
	switch {
	case r >= 0x2E80 && r <= 0x9FFF, r >= 0xAC00 && r <= 0xD7AF, r >= 0xF900 && r <= 0xFAFF,
		r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x20000 && r <= 0x3FFFF:
		return true
	}
	return false
}

const (
	noBreakBefore = "，。、：；！？）》」』】〕〉…·%,.;:!?)]}"
	noBreakAfter  = "（《「『【〔〈([{"
)

// canBreak says whether a line may end between a and b.
func canBreak(a, b rune) bool {
	if a == ' ' {
		return b != ' '
	}
	if b == ' ' {
		return false
	}
	if strings.ContainsRune(noBreakBefore, b) || strings.ContainsRune(noBreakAfter, a) {
		return false
	}
	return wide(a) || wide(b)
}

// wrap breaks one line of text into lines no wider than width: at spaces
// and between Chinese characters, and where a word alone is too wide (a
// hash), between any two characters.
func (w *pdfWriter) wrap(s string, size, width float64) []string {
	rs := []rune(s)
	var out []string
	for start := 0; start < len(rs); {
		for start < len(rs) && rs[start] == ' ' {
			start++
		}
		if start == len(rs) {
			break
		}
		x, brk, i := 0.0, -1, start
		for ; i < len(rs); i++ {
			if i > start && canBreak(rs[i-1], rs[i]) {
				brk = i
			}
			x += w.runeWidth(rs[i]) * size
			if x > width+0.01 && rs[i] != ' ' {
				break
			}
		}
		if i == len(rs) {
			out = append(out, strings.TrimRight(string(rs[start:]), " "))
			break
		}
		end := brk
		if end <= start {
			end = max(i, start+1)
		}
		out = append(out, strings.TrimRight(string(rs[start:end]), " "))
		start = end
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

// tline is a line of text as set: wrapped, sized and coloured.
type tline struct {
	text  string
	size  float64
	gray  uint8
	width float64
}

// cellText sets a cell's text in a column: each of its lines wrapped,
// the later ones (the English beside the Chinese) smaller.
func (w *pdfWriter) cellText(s string, size float64, gray uint8, width float64) []tline {
	var out []tline
	for i, src := range cellLines(s) {
		sz, g := size, gray
		if i > 0 {
			sz, g = size*secondary, max(gray, enGray)
		}
		for _, l := range w.wrap(src, sz, width) {
			out = append(out, tline{l, sz, g, w.width(l, sz)})
		}
	}
	return out
}

func (w *pdfWriter) textH(ls []tline) float64 {
	var h float64
	for _, l := range ls {
		h += w.lineH(l.size)
	}
	return h
}

// naturalWidth is how wide a cell's text is unwrapped, and minWidth its
// widest word (a run of characters no line may break within).
func (w *pdfWriter) naturalWidth(s string, size float64) float64 {
	var m float64
	for i, l := range cellLines(s) {
		sz := size
		if i > 0 {
			sz *= secondary
		}
		m = max(m, w.width(l, sz))
	}
	return m
}

func (w *pdfWriter) minWidth(s string, size float64) float64 {
	var m float64
	for i, l := range cellLines(s) {
		sz := size
		if i > 0 {
			sz *= secondary
		}
		rs := []rune(l)
		x := 0.0
		for j, r := range rs {
			if j > 0 && canBreak(rs[j-1], r) {
				x = 0
			}
			if r != ' ' {
				x += w.runeWidth(r) * sz
			}
			m = max(m, x)
		}
	}
	return m
}

// opKind is what an op draws.
type opKind int

const (
	opNone opKind = iota
	opText
	opLine // a straight line from (X1, Y1) to (X2, Y2)
	opFill // a filled rectangle
	opRect // a stroked rectangle
)

// rect is a box on the page, in points from its top left.
type rect struct{ X, Y, W, H float64 }

func (r rect) contains(o rect) bool {
	const eps = 0.01
	return o.X >= r.X-eps && o.Y >= r.Y-eps && o.X+o.W <= r.X+r.W+eps && o.Y+o.H <= r.Y+r.H+eps
}

func (r rect) overlaps(o rect) bool {
	const eps = 0.01
	return r.X+eps < o.X+o.W && o.X+eps < r.X+r.W && r.Y+eps < o.Y+o.H && o.Y+eps < r.Y+r.H
}

// op is one thing drawn on a page. Box is all it covers (a text's glyphs
// by its fonts' ascent and descent, a line with its width), so a test can
// check that nothing is drawn outside the page's printable area; Clip is
// the box a text was set to stay in (its cell).
type op struct {
	Kind opKind
	Box  rect
	Clip rect
	// Role says what a text is part of: "title", "heading", "head" (a
	// table's head row), "cell", "label", "value", "line", "warn",
	// "sign", "footer".
	Role string
	Text string
	Face int
	Size float64
	Base float64 // the baseline, for text
	Gray uint8
	// Width is a line's or a stroked rectangle's line width.
	Width          float64
	X1, Y1, X2, Y2 float64
}

// pdfPage is one sheet of paper: what is drawn on it, and which page of
// the doc it prints.
type pdfPage struct {
	Doc int
	Ops []op
}

// align places a line in its box.
type align int

const (
	alignLeft align = iota
	alignRight
	alignCenter
)

// textOps draws lines of text from top within [x, x+width].
func (w *pdfWriter) textOps(ls []tline, x, top, width float64, a align, role string, clip rect) []op {
	var ops []op
	y := top
	for _, l := range ls {
		lh := w.lineH(l.size)
		base := y + (lh-(w.ascent-w.descent)*l.size)/2 + w.ascent*l.size
		lx := x
		switch a {
		case alignRight:
			lx = x + width - l.width
		case alignCenter:
			lx = x + (width-l.width)/2
		}
		// One op per run of characters in one face.
		var run []rune
		runFace := -1
		runX := lx
		flush := func(endX float64) {
			if len(run) == 0 {
				return
			}
			f := w.faces[runFace]
			ops = append(ops, op{Kind: opText, Role: role, Text: string(run), Face: runFace, Size: l.size,
				Base: base, Gray: l.gray, Clip: clip,
				Box: rect{runX, base - f.ascent*l.size, endX - runX, (f.ascent - f.descent) * l.size}})
			run = run[:0]
			runX = endX
		}
		cx := lx
		for _, r := range l.text {
			for _, g := range w.glyphsOf(r) {
				if g.face != runFace {
					flush(cx)
					runFace = g.face
				}
				run = append(run, g.r)
				cx += w.faces[g.face].widths[g.r] * l.size
			}
		}
		flush(cx)
		y += lh
	}
	return ops
}

func lineOp(x1, y1, x2, y2, width float64, gray uint8) op {
	box := rect{min(x1, x2), min(y1, y2), max(x1, x2) - min(x1, x2), max(y1, y2) - min(y1, y2)}
	// Lines end square (butt caps): a horizontal line is as long as
	// drawn and as thick as its width, and the same turned for a
	// vertical one.
	if y1 == y2 {
		box.Y -= width / 2
		box.H = width
	} else {
		box.X -= width / 2
		box.W += width
		if x1 != x2 {
			box.Y -= width / 2
			box.H += width
		}
	}
	return op{Kind: opLine, Box: box, Width: width, Gray: gray, X1: x1, Y1: y1, X2: x2, Y2: y2}
}

func rectOp(r rect, width float64, gray uint8) op {
	return op{Kind: opRect, Box: rect{r.X - width/2, r.Y - width/2, r.W + width, r.H + width}, Width: width, Gray: gray,
		X1: r.X, Y1: r.Y, X2: r.X + r.W, Y2: r.Y + r.H}
}

func fillOp(r rect, gray uint8) op { return op{Kind: opFill, Box: r, Gray: gray} }

// unit is a piece of a page that is never split: a table's row, a line of
// a paragraph, a heading, a signature block.
type unit struct {
	h      float64
	before float64 // space above, dropped at the top of a page
	draw   func(y float64) []op
	// keep: this unit goes on the same page as the next (a heading, a
	// table's head row).
	keep bool
	// head is the head row repeated above this row on a new page.
	head *unit
	role string
}

// pdfLayout places units down pages.
type pdfLayout struct {
	w                  *pdfWriter
	left, right, width float64
	top, bottom        float64
	pages              []*pdfPage
	page               *pdfPage
	y                  float64
}

// printable is the area within the margins: nothing is drawn outside it.
var printable = rect{marX, marTop, pageW - 2*marX, pageH - marTop - marBot}

// footerLines is as many lines as a footer may take.
const footerLines = 2

func (w *pdfWriter) footerH() float64 { return footerLines*w.lineH(footerSize) + 1.5*mm }

// layout lays the doc out on pages of A4. It fails if the font lacks a
// character the doc prints.
func (w *pdfWriter) layout(d *Doc) ([]*pdfPage, error) {
	L := &pdfLayout{w: w, left: marX + inset, right: pageW - marX - inset, top: marTop + inset}
	L.width = L.right - L.left
	L.bottom = pageH - marBot - inset - w.footerH() - 2*mm
	for i, p := range d.Pages {
		L.newPage(i)
		units := []*unit{w.headerUnit(d, &p, L)}
		for j, b := range p.Blocks {
			us := w.blockUnits(b, L)
			if len(us) == 0 {
				continue
			}
			us[0].before = blockGap(b.Kind, j)
			units = append(units, us...)
		}
		if err := L.place(units); err != nil {
			return nil, fmt.Errorf("page %d of the sheet: %w", i+1, err)
		}
	}
	w.footers(d, L)
	if len(w.missing) > 0 {
		return nil, w.missingError()
	}
	return L.pages, nil
}

func (w *pdfWriter) missingError() error {
	var names []string
	for _, f := range w.faces {
		names = append(names, filepath.Base(f.path))
	}
	rs := slices.Clone(w.missing)
	slices.Sort(rs)
	rs = slices.Compact(rs)
	list := runeList(rs[:min(len(rs), 12)])
	if len(rs) > 12 {
		list += fmt.Sprintf(" and %d more", len(rs)-12)
	}
	hint := ""
	if slices.ContainsFunc(rs, func(r rune) bool { return !wide(r) }) {
		hint = " (on Debian, fonts-dejavu-core has Latin letters, digits and the sheet's symbols, and fonts-wqy-microhei has both Chinese and Latin)"
	}
	return fmt.Errorf("the font %s has no glyph for %s, which this sheet prints (nor has any of %s): "+
		"give a font that has them with --font FILE or TALLY_FONT=FILE%s, or print the HTML sheet (--format html) from a browser",
		w.faces[0].path, list, strings.Join(names, ", "), hint)
}

func blockGap(k BlockKind, index int) float64 {
	if index == 0 {
		return 0
	}
	switch k {
	case BlockHeading:
		return 3.5 * mm
	case BlockTable:
		return 1.5 * mm
	case BlockSign:
		return 2 * mm
	}
	return 0.8 * mm
}

func (L *pdfLayout) newPage(doc int) {
	L.page = &pdfPage{Doc: doc}
	L.pages = append(L.pages, L.page)
	L.y = L.top
}

// place puts units down the page, starting a new page where the next
// does not fit: a unit that must keep with the next is moved over with
// it, and a table's row on a new page gets the head row again above it.
func (L *pdfLayout) place(units []*unit) error {
	bodyH := L.bottom - L.top
	for i, u := range units {
		if tall := u.h + headH(u); tall > bodyH {
			return fmt.Errorf("a %s is taller than a page (%.0f mm)", u.role, tall/mm)
		}
		atTop := L.y == L.top
		before := u.before
		if atTop {
			before = 0
		}
		need := before + u.h
		for j := i; units[j].keep && j+1 < len(units); j++ {
			next := units[j+1]
			if need+next.before+next.h > bodyH {
				break
			}
			need += next.before + next.h
		}
		if !atTop && L.y+need > L.bottom {
			L.newPage(L.page.Doc)
			before = 0
			if u.head != nil && u.head != u {
				L.page.Ops = append(L.page.Ops, u.head.draw(L.y)...)
				L.y += u.head.h
			}
		}
		L.y += before
		L.page.Ops = append(L.page.Ops, u.draw(L.y)...)
		L.y += u.h
	}
	return nil
}

// headH is the height of the head row a unit may bring with it.
func headH(u *unit) float64 {
	if u.head != nil && u.head != u {
		return u.head.h
	}
	return 0
}

// headerUnit is a page's head: the doc's title and the page's heading,
// centred.
func (w *pdfWriter) headerUnit(d *Doc, p *Page, L *pdfLayout) *unit {
	title := w.cellText(d.Title, titleSize, black, L.width)
	head := w.cellText(p.Heading, pageHeadSize, black, L.width)
	th := w.textH(title)
	h := th + 1*mm + w.textH(head) + 3*mm
	return &unit{h: h, keep: true, role: "page heading", draw: func(y float64) []op {
		clip := rect{L.left, y, L.width, h}
		ops := w.textOps(title, L.left, y, L.width, alignCenter, "title", clip)
		return append(ops, w.textOps(head, L.left, y+th+1*mm, L.width, alignCenter, "title", clip)...)
	}}
}

func (w *pdfWriter) blockUnits(b Block, L *pdfLayout) []*unit {
	switch b.Kind {
	case BlockHeading:
		return []*unit{w.headingUnit(b, L)}
	case BlockFields:
		return w.fieldUnits(b, L)
	case BlockTable:
		return w.tableUnits(b, L)
	case BlockLines:
		if b.Warn {
			return []*unit{w.warnUnit(b, L)}
		}
		return w.lineUnits(b, L)
	case BlockSign:
		return []*unit{w.signUnit(b, L)}
	}
	return nil
}

// headingUnit is a heading within a page, ruled under, kept with what
// follows it.
func (w *pdfWriter) headingUnit(b Block, L *pdfLayout) *unit {
	ls := w.cellText(b.Text, headingSize, black, L.width)
	th := w.textH(ls)
	rule := th + 0.4*mm + headRuleW/2
	h := rule + headRuleW/2 + 1.2*mm
	return &unit{h: h, keep: true, role: "heading", draw: func(y float64) []op {
		ops := w.textOps(ls, L.left, y, L.width, alignLeft, "heading", rect{L.left, y, L.width, th})
		return append(ops, lineOp(L.left, y+rule, L.right, y+rule, headRuleW, black))
	}}
}

// fieldUnits are labelled values, a row each, or two to a row (Pairs):
// the labels in a column as wide as the longest needs, within bounds.
func (w *pdfWriter) fieldUnits(b Block, L *pdfLayout) []*unit {
	per := 1
	lo, hi := 0.13, 0.30
	if b.Pairs {
		per, lo, hi = 2, 0.10, 0.18
	}
	var labelW float64
	for _, f := range b.Fields {
		labelW = max(labelW, w.naturalWidth(f.Label, bodySize)+2*padX)
	}
	labelW = min(max(labelW, lo*L.width), hi*L.width)
	valueW := (L.width - float64(per)*labelW) / float64(per)
	size := bodySize
	if b.Small {
		size = smallSize
	}
	var units []*unit
	for i := 0; i < len(b.Fields); i += per {
		row := b.Fields[i:min(i+per, len(b.Fields))]
		type cell struct {
			x, w  float64
			lines []tline
			role  string
		}
		var cells []cell
		var h float64
		for j, f := range row {
			x := L.left + float64(j)*(labelW+valueW)
			vw := valueW
			if per == 2 && len(row) == 1 {
				vw = L.width - labelW
			}
			lab := w.cellText(f.Label, size, labelGray, labelW-2*padX)
			val := w.cellText(f.Value, size, black, vw-2*padX)
			cells = append(cells, cell{x, labelW, lab, "label"}, cell{x + labelW, vw, val, "value"})
			h = max(h, w.textH(lab), w.textH(val))
		}
		h += 2 * padY
		units = append(units, &unit{h: h, role: "field", draw: func(y float64) []op {
			var ops []op
			for _, c := range cells {
				clip := rect{c.x + padX, y + padY, c.w - 2*padX, h - 2*padY}
				ops = append(ops, w.textOps(c.lines, c.x+padX, y+padY, c.w-2*padX, alignLeft, c.role, clip)...)
			}
			return append(ops, lineOp(L.left, y+h, L.right, y+h, fieldRuleW, lightRule))
		}})
	}
	return units
}

// tableUnits are a table's head row and its rows, each a unit, the head
// repeated above the rows that go over to a new page. Columns are as wide
// as their content; when that is wider than the page, the wide columns
// give way in proportion and their text wraps.
func (w *pdfWriter) tableUnits(b Block, L *pdfLayout) []*unit {
	size := bodySize
	if b.Small {
		size = smallSize
	}
	ncol := len(b.Head)
	for _, r := range b.Rows {
		ncol = max(ncol, len(r))
	}
	if ncol == 0 {
		return nil
	}
	right := func(i int) bool { return i < len(b.Right) && b.Right[i] }
	natural := make([]float64, ncol)
	least := make([]float64, ncol)
	all := b.Rows
	if b.Head != nil {
		all = append([][]string{b.Head}, all...)
	}
	for _, r := range all {
		for i, c := range r {
			n := w.naturalWidth(c, size)
			natural[i] = max(natural[i], n+2*padX)
			// A short cell stays whole (a few words, a name); a longer one
			// may break between words, and a very long word (a hash)
			// anywhere.
			least[i] = max(least[i], min(n, max(min(w.minWidth(c, size), 12*size), 6*size))+2*padX)
		}
	}
	for i := range ncol {
		if right(i) {
			least[i] = natural[i] // figures are never broken
		}
	}
	widths := fitColumns(natural, least, right, L.width, size*1.2+2*padX)
	headCells := b.Head
	var head *unit
	var units []*unit
	if headCells != nil {
		head = w.tableRow(headCells, widths, right, size, true, L)
		head.keep = true
		units = append(units, head)
	}
	for _, r := range b.Rows {
		u := w.tableRow(r, widths, right, size, false, L)
		u.head = head
		units = append(units, u)
	}
	return units
}

// fitColumns shares width between columns: each its natural width, the
// rest to the columns of words (not figures) when there is room, and when
// there is not, each column cut back toward its least width in proportion
// to how much it could give.
func fitColumns(natural, least []float64, right func(int) bool, width, floor float64) []float64 {
	n := len(natural)
	out := slices.Clone(natural)
	var sumN, sumL float64
	for i := range n {
		sumN += natural[i]
		sumL += least[i]
	}
	if sumN <= width {
		var words float64
		for i := range n {
			if !right(i) {
				words += natural[i]
			}
		}
		extra := width - sumN
		for i := range n {
			switch {
			case words > 0 && !right(i):
				out[i] += extra * natural[i] / words
			case words == 0:
				out[i] += extra * natural[i] / sumN
			}
		}
		return out
	}
	if sumL > width {
		// Even the longest words do not fit: let every column of words
		// break between any characters, and if that is not enough, shrink
		// all alike.
		least = slices.Clone(least)
		sumL = 0
		for i := range n {
			if !right(i) {
				least[i] = min(least[i], floor)
			}
			sumL += least[i]
		}
		if sumL > width {
			for i := range n {
				out[i] = least[i] * width / sumL
			}
			return out
		}
	}
	give := (sumN - width) / (sumN - sumL)
	for i := range n {
		out[i] = natural[i] - (natural[i]-least[i])*give
	}
	return out
}

func (w *pdfWriter) tableRow(cells []string, widths []float64, right func(int) bool, size float64, isHead bool, L *pdfLayout) *unit {
	lines := make([][]tline, len(widths))
	var h float64
	for i := range widths {
		c := ""
		if i < len(cells) {
			c = cells[i]
		}
		lines[i] = w.cellText(c, size, black, widths[i]-2*padX)
		h = max(h, w.textH(lines[i]))
	}
	h += 2 * padY
	role := "cell"
	if isHead {
		role = "head"
	}
	return &unit{h: h, role: "table row", draw: func(y float64) []op {
		var ops []op
		if isHead {
			ops = append(ops, fillOp(rect{L.left, y, L.width, h}, headFill))
		}
		x := L.left
		for i, cw := range widths {
			a := alignLeft
			if right(i) {
				a = alignRight
			}
			clip := rect{x + padX, y + padY, cw - 2*padX, h - 2*padY}
			ops = append(ops, w.textOps(lines[i], x+padX, y+padY, cw-2*padX, a, role, clip)...)
			ops = append(ops, rectOp(rect{x, y, cw, h}, borderW, ruleGray))
			x += cw
		}
		return ops
	}}
}

// lineUnits are paragraphs, each line of each a unit of its own.
func (w *pdfWriter) lineUnits(b Block, L *pdfLayout) []*unit {
	var units []*unit
	for i, p := range b.Lines {
		for j, l := range w.cellText(p, bodySize, black, L.width) {
			u := &unit{h: w.lineH(l.size), role: "line", draw: func(y float64) []op {
				return w.textOps([]tline{l}, L.left, y, L.width, alignLeft, "line", rect{L.left, y, L.width, w.lineH(l.size)})
			}}
			if j == 0 && i > 0 {
				u.before = 0.8 * mm
			}
			units = append(units, u)
		}
	}
	return units
}

// warnUnit boxes lines the reader must not miss, all in one box.
func (w *pdfWriter) warnUnit(b Block, L *pdfLayout) *unit {
	const px, py = 2 * mm, 1.5 * mm
	inner := L.width - 2*px - warnW
	var paras [][]tline
	h := 2*py + warnW
	for i, p := range b.Lines {
		ls := w.cellText(p, bodySize, black, inner)
		paras = append(paras, ls)
		h += w.textH(ls)
		if i > 0 {
			h += 0.8 * mm
		}
	}
	return &unit{h: h, role: "warning", draw: func(y float64) []op {
		box := rect{L.left + warnW/2, y + warnW/2, L.width - warnW, h - warnW}
		ops := []op{rectOp(box, warnW, black)}
		ty := y + warnW/2 + py
		for i, ls := range paras {
			if i > 0 {
				ty += 0.8 * mm
			}
			x := L.left + warnW/2 + px
			ops = append(ops, w.textOps(ls, x, ty, inner, alignLeft, "warn", rect{x, ty, inner, w.textH(ls)})...)
			ty += w.textH(ls)
		}
		return ops
	}}
}

// signUnit is the lines to sign on: the role, the name printed at the
// table (or nothing, to be written in), and a ruled line, all kept on one
// page.
func (w *pdfWriter) signUnit(b Block, L *pdfLayout) *unit {
	roleW, nameW := 0.26*L.width, 0.22*L.width
	type row struct {
		role, name []tline
		h          float64
	}
	var rows []row
	var h float64
	for _, f := range b.Fields {
		r := row{role: w.cellText(f.Label, bodySize, black, roleW-2*padX), name: w.cellText(f.Value, bodySize, black, nameW-2*padX)}
		r.h = max(signRowH, max(w.textH(r.role), w.textH(r.name))+2*padY)
		rows = append(rows, r)
		h += r.h
	}
	return &unit{h: h, role: "signature block", draw: func(y float64) []op {
		var ops []op
		for _, r := range rows {
			// Set on the row's foot, as one signs on a line.
			ry := y + r.h - padY - w.textH(r.role)
			ops = append(ops, w.textOps(r.role, L.left+padX, ry, roleW-2*padX, alignLeft, "sign",
				rect{L.left + padX, y, roleW - 2*padX, r.h})...)
			ny := y + r.h - padY - w.textH(r.name)
			ops = append(ops, w.textOps(r.name, L.left+roleW+padX, ny, nameW-2*padX, alignLeft, "sign",
				rect{L.left + roleW + padX, y, nameW - 2*padX, r.h})...)
			ly := y + r.h - signRuleW/2
			ops = append(ops, lineOp(L.left+roleW+nameW, ly, L.right, ly, signRuleW, black))
			y += r.h
		}
		return ops
	}}
}

// pageLabel is "page N of M", in the doc's language.
func pageLabel(l Lang, n, m int) string {
	if l == LangZH || l == LangBoth {
		return fmt.Sprintf("第 %d 页 共 %d 页", n, m)
	}
	return fmt.Sprintf("page %d of %d", n, m)
}

// footers put at each page's foot the doc's title, the page's heading
// (with a word that it is provisional, when it is: a page that runs over
// loses the warning above) and the page's number.
func (w *pdfWriter) footers(d *Doc, L *pdfLayout) {
	m := len(L.pages)
	top := pageH - marBot - inset - w.footerH()
	for n, pg := range L.pages {
		p := d.Pages[pg.Doc]
		left := strings.Join(cellLines(d.Title), " / ") + " · " + strings.Join(cellLines(p.Heading), " / ")
		if p.Provisional {
			prov := sheetEN.provisionalShort
			if d.Lang == LangZH {
				prov = sheetZH.provisionalShort
			} else if d.Lang == LangBoth {
				prov = sheetZH.provisionalShort + " / " + sheetEN.provisionalShort
			}
			left = "⚠ " + prov + " · " + left
		}
		label := pageLabel(d.Lang, n+1, m)
		lw := w.width(label, footerSize)
		leftW := L.width - lw - 4*mm
		ls := w.wrap(left, footerSize, leftW)
		if len(ls) > footerLines {
			ls = ls[:footerLines]
			ls[footerLines-1] = w.truncate(ls[footerLines-1]+"…", footerSize, leftW)
		}
		var tl []tline
		for _, l := range ls {
			tl = append(tl, tline{l, footerSize, footGray, w.width(l, footerSize)})
		}
		ty := top + 1.5*mm
		pg.Ops = append(pg.Ops, lineOp(L.left, top+fieldRuleW/2, L.right, top+fieldRuleW/2, fieldRuleW, ruleGray))
		pg.Ops = append(pg.Ops, w.textOps(tl, L.left, ty, leftW, alignLeft, "footer", rect{L.left, ty, leftW, w.textH(tl)})...)
		pg.Ops = append(pg.Ops, w.textOps([]tline{{label, footerSize, footGray, lw}}, L.right-lw, ty, lw, alignRight, "footer",
			rect{L.right - lw, ty, lw, w.lineH(footerSize)})...)
	}
}

// truncate cuts a line that ends in "…" until it fits.
func (w *pdfWriter) truncate(s string, size, width float64) string {
	rs := []rune(s)
	for len(rs) > 1 && w.width(string(rs), size) > width {
		rs = append(rs[:len(rs)-2], '…')
	}
	return string(rs)
}

// emit draws the laid-out pages with gopdf.
func (w *pdfWriter) emit(d *Doc, pages []*pdfPage) error {
	title := cellLines(d.Title)[0]
	if len(d.Pages) > 0 {
		title += " · " + cellLines(d.Pages[0].Heading)[0]
	}
	w.gp.SetInfo(gopdf.PdfInfo{Title: title, Creator: "tally", Producer: "tally (gopdf)"})
	for _, pg := range pages {
		w.gp.AddPage()
		for _, o := range pg.Ops {
			switch o.Kind {
			case opText:
				if err := w.use(o.Face, o.Size); err != nil {
					return err
				}
				w.gp.SetTextColor(o.Gray, o.Gray, o.Gray)
				w.gp.SetXY(o.Box.X, o.Base)
				if err := w.gp.Text(o.Text); err != nil {
					return err
				}
			case opLine:
				w.gp.SetLineWidth(o.Width)
				w.gp.SetStrokeColor(o.Gray, o.Gray, o.Gray)
				w.gp.Line(o.X1, o.Y1, o.X2, o.Y2)
			case opRect:
				w.gp.SetLineWidth(o.Width)
				w.gp.SetStrokeColor(o.Gray, o.Gray, o.Gray)
				w.gp.RectFromUpperLeftWithStyle(o.X1, o.Y1, o.X2-o.X1, o.Y2-o.Y1, "D")
			case opFill:
				w.gp.SetFillColor(o.Gray, o.Gray, o.Gray)
				w.gp.RectFromUpperLeftWithStyle(o.Box.X, o.Box.Y, o.Box.W, o.Box.H, "F")
			}
		}
	}
	if len(w.unexpected) > 0 {
		w.missing = w.unexpected
		return w.missingError()
	}
	return nil
}
