package store

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"tally/count"
)

// Files in testdata/corrupt are a three-round count (the party branch
// cascade, imported and closed) with one byte flipped: in a journal leaf's
// element, or in the branch page's first key offset. Each made `tally
// verify` die with SIGSEGV and a Go stack dump; the branch one faulted
// inside bbolt's Tx.Check goroutine, where no recover reaches. Each must
// now come back as problems that name the page. A crash here kills the
// test binary, so the test fails.
func TestVerifyFile_CorruptPagesNeverCrash(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "corrupt", "*.tally"))
	if len(files) < 3 {
		t.Fatalf("found %d corrupt fixtures, want 3", len(files))
	}
	pageNamed := regexp.MustCompile(`page check: page \d+ \(bucket "journal"\): element \d+`)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			// The fault in Tx.Check came one run in six: run it often.
			for range 8 {
				p := VerifyFile(path, 0)
				if len(p) == 0 {
					t.Fatal("a corrupt file verified")
				}
				if !pageNamed.MatchString(p[0].Error()) {
					t.Fatalf("the first problem does not name the page and the bucket: %v", p[0])
				}
			}
		})
	}
}

// The walk must raise no false alarm on a sound file however its pages
// are laid out: a journal deep enough for branch pages above branch
// pages, and events big enough to spill over several pages.
func TestCheckPages_SoundFilesPass(t *testing.T) {
	f, path := newCount(t, Options{})
	signIn(t, f)
	big := make([]count.Ballot, 3000)
	for i := range big {
		big[i] = *vote(i % 2)
		big[i].Number = i + 1
	}
	mustAppend(t, f, Event{Kind: EventBallotsImported, Who: "王明", Round: 1, Ballots: big, Note: "big.csv"})
	for n := 3001; n <= 9000; n++ {
		if err := key(f, "王明", n, 1, vote(0)); err != nil {
			t.Fatal(err)
		}
	}
	if p := checkPages(path); len(p) != 0 {
		t.Fatalf("while open: %v", p)
	}
	if p := f.Verify(); len(p) != 0 {
		t.Fatalf("Verify: %v", p)
	}
	f.Close()
	if p := VerifyFile(path, 0); len(p) != 0 {
		t.Fatalf("VerifyFile: %v", p)
	}
	// The layouts this test is for: pages with overflow, and branch pages
	// under a branch page (more than one branch page in the journal).
	d, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	branches, overflows := 0, 0
	for at := 2 * 4096; at+16 <= len(d); at += 4096 {
		if binary.LittleEndian.Uint64(d[at:]) != uint64(at/4096) {
			continue // inside an overflow, or free
		}
		switch flags := binary.LittleEndian.Uint16(d[at+8:]); {
		case flags == flagBranch:
			branches++
		case flags == flagLeaf && binary.LittleEndian.Uint32(d[at+12:]) > 0:
			overflows++
		}
	}
	if branches < 2 || overflows < 1 {
		t.Fatalf("%d branch pages and %d leaves with overflow: not the layouts this test is for", branches, overflows)
	}
}

// Each kind of damage the walk guards against is named.
func TestCheckPages_NamesTheDamage(t *testing.T) {
	base, err := os.ReadFile(filepath.Join("testdata", "corrupt", "branch-key-offset.tally"))
	if err != nil {
		t.Fatal(err)
	}
	// Undo the fixture's flip (byte 18 of page 9 ^ 0x10) to get the sound file.
	base[9*4096+18] ^= 0x10
	dir := t.TempDir()
	write := func(name string, edit func(d []byte)) string {
		d := append([]byte(nil), base...)
		edit(d)
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, d, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if p := checkPages(write("sound.tally", func([]byte) {})); len(p) != 0 {
		t.Fatalf("the sound file: %v", p)
	}
	cases := []struct {
		name string
		edit func(d []byte)
		want string
	}{
		{"child page id past the end", func(d []byte) { d[9*4096+16+8+4] = 0x7f }, "outside pages 2 to"},
		{"page says another id", func(d []byte) { d[11*4096] = 3 }, "its header says it is page 3"},
		{"overflow past the end", func(d []byte) { d[11*4096+12] = 0xff }, "pages past the last page"},
		{"too many elements", func(d []byte) { d[11*4096+11] = 0x40 }, "more than fit"},
		{"a leaf made a meta page", func(d []byte) { d[11*4096+8] = 0x04 }, "found a header (meta) page"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := checkPages(write("x.tally", c.edit))
			if len(p) == 0 || !strings.Contains(strings.Join(p, "\n"), c.want) {
				t.Fatalf("want a problem saying %q, got %v", c.want, p)
			}
		})
	}
}

// A file whose schema version is 0, or that lacks the count of its
// events, fails verify saying so (open refused both; verify did not).
func TestVerifyFile_SchemaZeroAndMissingEventCount(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(b *bolt.Bucket) error
		want string
	}{
		{"schema 0", func(b *bolt.Bucket) error { return b.Put(keySchema, u64(0)) }, "schema version is 0"},
		{"no event count", func(b *bolt.Bucket) error { return b.Delete(keyEvents) }, "does not record how many events"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, path := newCount(t, Options{})
			f.Close()
			db, err := bolt.Open(path, 0o644, nil)
			if err != nil {
				t.Fatal(err)
			}
			db.Update(func(tx *bolt.Tx) error { return c.edit(tx.Bucket(bucketMeta)) })
			db.Close()
			p := VerifyFile(path, 0)
			text := ""
			for _, e := range p {
				text += e.Error() + "\n"
			}
			if !strings.Contains(text, c.want) {
				t.Fatalf("verify says:\n%s", text)
			}
		})
	}
}
