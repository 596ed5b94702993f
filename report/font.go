package report

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/signintech/gopdf"
)

// ErrNoCJKFont is what FindCJKFont returns when the machine has no font
// the PDF sheet can print Chinese with. Its words are meant for the
// person at the counting table: how to give a font, where to get one,
// and that the HTML sheet prints the same thing without one.
var ErrNoCJKFont = errors.New("no font with Chinese characters was found: " +
	"give a TrueType font (.ttf or .ttc) with --font FILE or TALLY_FONT=FILE; " +
	"on Debian or Ubuntu, `apt install fonts-droid-fallback` installs one " +
	"(/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf), and so do fonts-wqy-microhei and fonts-wqy-zenhei; " +
	"without one, the HTML sheet (--format html) prints the same sheet from any browser")

// cjkProbe are characters every count sheet prints: a font that lacks
// one of them is no font for it (a Japanese-only or Latin font).
const cjkProbe = "计票结果报告单选举候选人当选票数轮第页共"

// FindCJKFont finds a TrueType font with Chinese characters that the PDF
// sheet can embed, and returns its path. It looks, in this order:
//
//  1. the file named by the environment variable TALLY_FONT (if it is set
//     and unusable, that is an error: it was asked for by name);
//  2. well-known files, best first: WenQuanYi Micro Hei and Zen Hei, Droid
//     Sans Fallback, AR PL UMing and UKai (Debian, Ubuntu, Fedora, Arch
//     paths), then macOS's and Windows's own Chinese fonts;
//  3. every .ttf, .ttc and .otf under /usr/share/fonts, /usr/local/share/fonts,
//     ~/.local/share/fonts, ~/.fonts, /Library/Fonts, /System/Library/Fonts
//     and C:\Windows\Fonts, in lexical order.
//
// A font counts only if the PDF writer loads it (TrueType outlines: a
// .otf or .ttc collection of PostScript-outline faces, such as Noto Sans
// CJK, does not) and it has glyphs for common Chinese characters. When
// none does, the error is ErrNoCJKFont.
func FindCJKFont() (string, error) {
	if env := os.Getenv("TALLY_FONT"); env != "" {
		if err := checkCJKFont(env); err != nil {
			return "", fmt.Errorf("TALLY_FONT=%s: %w (point TALLY_FONT at a TrueType font with Chinese characters, or unset it to search the system's fonts)", env, err)
		}
		return env, nil
	}
	return findCJKFontIn(wellKnownCJKFonts(), fontDirs())
}

// findCJKFontIn looks at the files named, then walks the folders.
func findCJKFontIn(files, dirs []string) (string, error) {
	for _, p := range files {
		if checkCJKFont(p) == nil {
			return p, nil
		}
	}
	for _, dir := range dirs {
		found := ""
		filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				if e != nil && e.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if e.IsDir() || !fontFileName(p) {
				return nil
			}
			if checkCJKFont(p) == nil {
				found = p
				return fs.SkipAll
			}
			return nil
		})
		if found != "" {
			return found, nil
		}
	}
	return "", ErrNoCJKFont
}

// wellKnownCJKFonts are the files Chinese fonts are installed as by the
// usual packages, best for a printed sheet first.
func wellKnownCJKFonts() []string {
	fonts := []string{
		// Debian and Ubuntu: fonts-wqy-microhei, fonts-wqy-zenhei,
		// fonts-droid-fallback, fonts-arphic-uming, fonts-arphic-ukai.
		"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
		"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
		"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
		"/usr/share/fonts/truetype/arphic/uming.ttc",
		"/usr/share/fonts/truetype/arphic/ukai.ttc",
		"/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
		// Fedora.
		"/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
		"/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
		"/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf",
		"/usr/share/fonts/google-droid/DroidSansFallbackFull.ttf",
		// Arch.
		"/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
		"/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
		"/usr/share/fonts/TTF/DroidSansFallbackFull.ttf",
		// macOS.
		"/System/Library/Fonts/STHeiti Light.ttc",
		"/System/Library/Fonts/STHeiti Medium.ttc",
		"/System/Library/Fonts/Supplemental/Songti.ttc",
		"/Library/Fonts/Arial Unicode.ttf",
		"/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
	}
	if runtime.GOOS == "windows" {
		win := windowsFontDir()
		for _, f := range []string{"simhei.ttf", "msyh.ttc", "simsun.ttc", "Deng.ttf", "simkai.ttf", "simfang.ttf"} {
			fonts = append(fonts, filepath.Join(win, f))
		}
	}
	return fonts
}

// fontDirs are the folders FindCJKFont walks when no well-known font is
// there.
func fontDirs() []string {
	dirs := []string{"/usr/share/fonts", "/usr/local/share/fonts"}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, ".local", "share", "fonts"), filepath.Join(home, ".fonts"))
	}
	dirs = append(dirs, "/Library/Fonts", "/System/Library/Fonts")
	if runtime.GOOS == "windows" {
		dirs = append(dirs, windowsFontDir())
		if local := os.Getenv("LOCALAPPDATA"); local != "" {
			dirs = append(dirs, filepath.Join(local, "Microsoft", "Windows", "Fonts"))
		}
	}
	return dirs
}

func windowsFontDir() string {
	if win := os.Getenv("WINDIR"); win != "" {
		return filepath.Join(win, "Fonts")
	}
	return `C:\Windows\Fonts`
}

func fontFileName(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".ttf", ".ttc", ".otf":
		return true
	}
	return false
}

// checkCJKFont says why a file is no font to print a Chinese sheet with,
// or nil.
func checkCJKFont(path string) error {
	data, err := loadTrueType(path)
	if err != nil {
		return err
	}
	gp := &gopdf.GoPdf{}
	gp.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	if err := gp.AddTTFFontData("probe", data); err != nil {
		return fmt.Errorf("the PDF writer cannot read this font: %v", err)
	}
	if err := gp.SetFont("probe", "", 10); err != nil {
		return err
	}
	var missing []rune
	for _, r := range cjkProbe {
		if ok, _ := gp.IsCurrFontContainGlyph(r); !ok {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the font has no Chinese characters (none for %s)", runeList(missing))
	}
	return nil
}

// loadTrueType reads a font file as the PDF writer takes it: a TrueType
// font with TrueType (glyf) outlines. From a TrueType collection (.ttc)
// it takes the first face with TrueType outlines, rewritten as a font of
// its own; a font marked with Apple's 'true' version gets the standard
// one. A font with PostScript (CFF) outlines is refused with a word on
// what to use instead.
func loadTrueType(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errors.New("there is no such file")
		}
		return nil, err
	}
	if len(data) < 12 {
		return nil, fmt.Errorf("it is not a TrueType font (.ttf or .ttc): it is only %d bytes long", len(data))
	}
	switch string(data[:4]) {
	case "ttcf":
		return ttcFace(data)
	case "\x00\x01\x00\x00":
		return checkGlyf(data, 0)
	case "true":
		out := bytes.Clone(data)
		copy(out, "\x00\x01\x00\x00")
		return checkGlyf(out, 0)
	case "OTTO":
		return nil, errCFF
	}
	return nil, errors.New("it is not a TrueType font (.ttf or .ttc)")
}

var errCFF = errors.New("the font has PostScript (CFF) outlines, which the PDF writer cannot embed: give a TrueType font (.ttf, or a .ttc of TrueType faces)")

// checkGlyf returns a font's data if its table directory, at off, lists
// TrueType outlines, and the font lets itself be embedded in a document.
func checkGlyf(data []byte, off int) ([]byte, error) {
	tables, err := tableDir(data, off)
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		// OS/2 fsType 0x0002, "restricted licence embedding": the font's
		// maker forbids embedding it, which a PDF must do.
		if t.tag == "OS/2" && t.length >= 10 && binary.BigEndian.Uint16(data[t.offset+8:])&0x000f == 0x0002 {
			return nil, errors.New("the font's licence forbids embedding it in a document (OS/2 fsType: restricted): give another font")
		}
	}
	for _, t := range tables {
		if t.tag == "glyf" {
			return data, nil
		}
	}
	for _, t := range tables {
		if t.tag == "CFF " || t.tag == "CFF2" {
			return nil, errCFF
		}
	}
	return nil, errors.New("the font has no TrueType outlines (no glyf table)")
}

// sfntTable is one entry of a font's table directory.
type sfntTable struct {
	tag                 string
	sum, offset, length uint32
	entry               int // where the entry itself is in the file
}

// tableDir reads the table directory at off, checking that every table
// lies inside the file.
func tableDir(data []byte, off int) ([]sfntTable, error) {
	if off < 0 || off+12 > len(data) {
		return nil, errors.New("the font file is cut short")
	}
	n := int(binary.BigEndian.Uint16(data[off+4:]))
	if off+12+16*n > len(data) {
		return nil, errors.New("the font file is cut short")
	}
	tables := make([]sfntTable, n)
	for i := range tables {
		e := off + 12 + 16*i
		t := sfntTable{tag: string(data[e : e+4]), sum: binary.BigEndian.Uint32(data[e+4:]),
			offset: binary.BigEndian.Uint32(data[e+8:]), length: binary.BigEndian.Uint32(data[e+12:]), entry: e}
		if uint64(t.offset)+uint64(t.length) > uint64(len(data)) {
			return nil, fmt.Errorf("the font's %q table runs past the end of the file", t.tag)
		}
		tables[i] = t
	}
	return tables, nil
}

// ttcFace takes the first TrueType-outline face of a TrueType collection
// and writes it out as a font file of its own. A collection is a header
// of offsets to table directories whose tables (some shared between
// faces) are placed anywhere in the file, their offsets counted from the
// file's start; a lone font is one table directory followed by its
// tables, so the face's tables are copied after a new directory and
// their offsets rewritten.
func ttcFace(data []byte) ([]byte, error) {
	n := int(binary.BigEndian.Uint32(data[8:]))
	if n <= 0 || 12+4*n > len(data) {
		return nil, errors.New("the font collection's header is damaged")
	}
	cff := false
	for i := range n {
		off := int(binary.BigEndian.Uint32(data[12+4*i:]))
		tables, err := tableDir(data, off)
		if err != nil {
			return nil, fmt.Errorf("face %d of the collection: %w", i, err)
		}
		if _, err := checkGlyf(data, off); err != nil {
			cff = cff || errors.Is(err, errCFF)
			continue
		}
		dirLen := 12 + 16*len(tables)
		size := dirLen
		for _, t := range tables {
			size += (int(t.length) + 3) &^ 3
		}
		out := make([]byte, dirLen, size)
		copy(out, data[off:off+12]) // version, numTables, search hints
		copy(out, "\x00\x01\x00\x00")
		for j, t := range tables {
			e := 12 + 16*j
			copy(out[e:], data[t.entry:t.entry+8]) // tag, checksum
			binary.BigEndian.PutUint32(out[e+8:], uint32(len(out)))
			binary.BigEndian.PutUint32(out[e+12:], t.length)
			out = append(out, data[t.offset:t.offset+t.length]...)
			for len(out)%4 != 0 {
				out = append(out, 0)
			}
		}
		return out, nil
	}
	if cff {
		return nil, errCFF
	}
	return nil, errors.New("no face of the font collection has TrueType outlines")
}

// fontMetrics reads a font's ascent and descent (hhea's: what lines are
// spaced by), as fractions of its em, the descent negative.
func fontMetrics(data []byte) (ascent, descent float64) {
	ascent, descent = 0.88, -0.12 // an ideograph's em box, if the font says nothing
	tables, err := tableDir(data, 0)
	if err != nil {
		return
	}
	var upem float64
	var asc, desc int16
	for _, t := range tables {
		b := data[t.offset : t.offset+t.length]
		switch {
		case t.tag == "head" && len(b) >= 20:
			upem = float64(binary.BigEndian.Uint16(b[18:]))
		case t.tag == "hhea" && len(b) >= 8:
			asc = max(asc, int16(binary.BigEndian.Uint16(b[4:])))
			desc = min(desc, int16(binary.BigEndian.Uint16(b[6:])))
		}
	}
	if upem > 0 && asc > 0 {
		ascent, descent = float64(asc)/upem, float64(desc)/upem
	}
	return
}

// runeList names characters for an error: each quoted, with its code.
func runeList(rs []rune) string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprintf("“%c” (U+%04X)", r, r))
	}
	return strings.Join(out, ", ")
}

// fallbackFonts are fonts the PDF sheet borrows characters from when the
// Chinese font lacks them: Latin letters and digits (Droid Sans Fallback
// has none at all) and the few symbols the sheet prints (✓ ✗ ⚠ · → ≥ ÷ Σ
// ⌈ ⌉). DejaVu Sans (Debian's fonts-dejavu-core, on nearly every system)
// comes first. They are used only for characters the Chinese font has no
// glyph for.
func fallbackFonts() []string {
	fonts := []string{
		"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
		"/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf", // Fedora
		"/usr/share/fonts/dejavu/DejaVuSans.ttf",
		"/usr/share/fonts/TTF/DejaVuSans.ttf", // Arch
		"/usr/share/fonts/truetype/freefont/FreeSans.ttf",
		"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
		"/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf",
		"/Library/Fonts/Arial Unicode.ttf",
		"/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
	}
	if runtime.GOOS == "windows" {
		win := windowsFontDir()
		fonts = append(fonts, filepath.Join(win, "seguisym.ttf"), filepath.Join(win, "segoeui.ttf"), filepath.Join(win, "arial.ttf"))
	}
	return fonts
}
