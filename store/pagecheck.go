package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// checkPages walks a count file's pages as bbolt lays them out, reading
// them with plain reads and checking every page id, overflow count and
// element offset before following it. bbolt's own Tx.Check reads the
// memory map on a goroutine of its own, where a corrupt page id faults
// the whole process before its bounds check and no recover can reach; so
// verify walks the pages here first, and runs bbolt's check only on a
// file whose structure this walk has found sound.
//
// bbolt writes its pages in the machine's byte order; every system tally
// is built for is little-endian.
//
// It returns every problem it finds (at most maxPageProblems), each
// naming the page and, where it can, the bucket.
func checkPages(path string) (problems []string) {
	fh, err := os.Open(path)
	if err != nil {
		return []string{err.Error()}
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return []string{err.Error()}
	}
	w := &pageWalker{r: fh, size: st.Size()}
	w.walk()
	return w.problems
}

const (
	pageHeaderSize   = 16
	pageElementSize  = 16 // a branch or a leaf element: both 16 bytes
	metaSize         = 64
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	flagBranch       = 0x01
	flagLeaf         = 0x02
	flagMeta         = 0x04
	flagFreelist     = 0x10
	flagBucketLeaf   = 0x01
	noFreelist       = ^uint64(0)
	maxPageProblems  = 20
	maxBucketNesting = 16
	maxTreeDepth     = 64
)

type boltMeta struct {
	pageSize       uint32
	root, freelist uint64
	hwm, txid      uint64
}

type pageWalker struct {
	r        io.ReaderAt
	size     int64
	pageSize int
	hwm      uint64
	seen     map[uint64]bool // reachable pages
	freed    map[uint64]bool
	problems []string
}

func (w *pageWalker) problem(format string, args ...any) {
	if len(w.problems) < maxPageProblems {
		w.problems = append(w.problems, fmt.Sprintf(format, args...))
	}
}

// readMeta reads the meta of page id, assuming pageSize; ok is false if
// its magic, version or checksum is wrong.
func (w *pageWalker) readMeta(id int64, pageSize int64) (m boltMeta, ok bool) {
	buf := make([]byte, pageHeaderSize+metaSize)
	if _, err := w.r.ReadAt(buf, id*pageSize); err != nil {
		return m, false
	}
	le := binary.LittleEndian
	b := buf[pageHeaderSize:]
	h := fnv.New64a()
	h.Write(b[:56])
	if le.Uint32(b[0:]) != boltMagic || le.Uint32(b[4:]) != boltVersion || le.Uint64(b[56:]) != h.Sum64() {
		return m, false
	}
	return boltMeta{pageSize: le.Uint32(b[8:]), root: le.Uint64(b[16:]), freelist: le.Uint64(b[32:]), hwm: le.Uint64(b[40:]), txid: le.Uint64(b[48:])}, true
}

func (w *pageWalker) walk() {
	m0, ok0 := w.readMeta(0, 4096)
	ps := int64(4096)
	if ok0 {
		ps = int64(m0.pageSize)
	}
	m1, ok1 := w.readMeta(1, ps)
	if !ok0 && !ok1 {
		// bbolt refuses such a file when it opens it: say it here too.
		w.problem("pages 0 and 1: neither header (meta page) is valid")
		return
	}
	// bbolt uses the valid meta with the higher transaction id.
	m := m0
	if !ok0 || (ok1 && m1.txid > m0.txid) {
		m = m1
	}
	if m.pageSize < 1024 || m.pageSize > 1<<16 || m.pageSize&(m.pageSize-1) != 0 {
		w.problem("page 0: the header gives a page size of %d", m.pageSize)
		return
	}
	w.pageSize = int(m.pageSize)
	w.hwm = m.hwm
	if need := int64(m.hwm) * int64(m.pageSize); m.hwm < 3 || need > w.size || need < 0 {
		w.problem("header: the pages reach page %d, but the file holds %d", m.hwm, w.size/int64(m.pageSize))
		return
	}
	w.seen = map[uint64]bool{0: true, 1: true}
	w.freed = map[uint64]bool{}
	if m.freelist != noFreelist {
		w.readFreelist(m.freelist)
	}
	if m.root < 2 || m.root >= m.hwm {
		w.problem("header: the root bucket's page %d is outside pages 2 to %d", m.root, m.hwm-1)
		return
	}
	w.tree(m.root, "root", nil, nil, 0, 0)
	if len(w.problems) > 0 {
		return
	}
	for id := uint64(0); id < m.hwm; id++ {
		if !w.seen[id] && !w.freed[id] {
			w.problem("page %d: neither in use nor free (unreachable)", id)
		}
	}
}

// page reads page id and its overflow pages, checking the header's id,
// flags and overflow against the file's extent.
func (w *pageWalker) page(id uint64, where string) (flags uint16, count int, data []byte, ok bool) {
	if id < 2 || id >= w.hwm {
		w.problem("%s: points to page %d, outside pages 2 to %d", where, id, w.hwm-1)
		return 0, 0, nil, false
	}
	hdr := make([]byte, pageHeaderSize)
	if _, err := w.r.ReadAt(hdr, int64(id)*int64(w.pageSize)); err != nil {
		w.problem("page %d (%s): cannot be read: %v", id, where, err)
		return 0, 0, nil, false
	}
	le := binary.LittleEndian
	gotID, flags, count, overflow := le.Uint64(hdr), le.Uint16(hdr[8:]), int(le.Uint16(hdr[10:])), uint64(le.Uint32(hdr[12:]))
	if gotID != id {
		w.problem("page %d (%s): its header says it is page %d", id, where, gotID)
		return 0, 0, nil, false
	}
	if id+overflow >= w.hwm {
		w.problem("page %d (%s): runs %d pages past the last page %d", id, where, overflow, w.hwm-1)
		return 0, 0, nil, false
	}
	data = make([]byte, (overflow+1)*uint64(w.pageSize))
	if _, err := w.r.ReadAt(data, int64(id)*int64(w.pageSize)); err != nil {
		w.problem("page %d (%s): cannot be read: %v", id, where, err)
		return 0, 0, nil, false
	}
	for i := uint64(0); i <= overflow; i++ {
		if w.seen[id+i] {
			w.problem("page %d (%s): used twice", id+i, where)
			return 0, 0, nil, false
		}
		if w.freed[id+i] {
			w.problem("page %d (%s): in use but also listed as free", id+i, where)
		}
		w.seen[id+i] = true
	}
	return flags, count, data, true
}

func (w *pageWalker) readFreelist(id uint64) {
	flags, count, data, ok := w.page(id, "free-page list")
	if !ok {
		return
	}
	if flags != flagFreelist {
		w.problem("page %d: the header names it the free-page list, but it is a %s page", id, pageKind(flags))
		return
	}
	le := binary.LittleEndian
	at := pageHeaderSize
	n := uint64(count)
	if count == 0xFFFF {
		if len(data) < at+8 {
			w.problem("page %d (free-page list): cut short", id)
			return
		}
		n = le.Uint64(data[at:])
		at += 8
	}
	if n > uint64(len(data)-at)/8 {
		w.problem("page %d (free-page list): lists %d pages, more than it can hold", id, n)
		return
	}
	for i := uint64(0); i < n; i++ {
		p := le.Uint64(data[at+int(i)*8:])
		if p < 2 || p >= w.hwm {
			w.problem("page %d (free-page list): lists page %d, outside pages 2 to %d", id, p, w.hwm-1)
			continue
		}
		if w.freed[p] {
			w.problem("page %d (free-page list): lists page %d twice", id, p)
		}
		w.freed[p] = true
	}
}

// tree walks the b-tree whose root is page id (or, for an inline bucket,
// the page held in inline), checking that every key lies in [lo, hi).
func (w *pageWalker) tree(id uint64, bucket string, lo, hi []byte, depth, nesting int) {
	if depth > maxTreeDepth {
		w.problem("bucket %s: its tree is deeper than any count file's (page %d)", bucket, id)
		return
	}
	flags, count, data, ok := w.page(id, "bucket "+bucket)
	if !ok {
		return
	}
	w.node(id, data, flags, count, bucket, lo, hi, depth, nesting)
}

// node checks one page's elements; data is the page with its overflow.
func (w *pageWalker) node(id uint64, data []byte, flags uint16, count int, bucket string, lo, hi []byte, depth, nesting int) {
	where := fmt.Sprintf("page %d (bucket %s)", id, bucket)
	if id == 0 {
		where = fmt.Sprintf("bucket %s (held inline)", bucket)
	}
	if flags != flagLeaf && (flags != flagBranch || id == 0) {
		w.problem("%s: expected a branch or leaf page, found a %s page", where, pageKind(flags))
		return
	}
	if count == 0 && id != 0 {
		w.problem("%s: holds no element", where)
		return
	}
	if pageHeaderSize+count*pageElementSize > len(data) {
		w.problem("%s: claims %d elements, more than fit", where, count)
		return
	}
	le := binary.LittleEndian
	var prev []byte
	for i := 0; i < count; i++ {
		at := pageHeaderSize + i*pageElementSize
		e := data[at : at+pageElementSize]
		var key, val []byte
		var child uint64
		var elemFlags uint32
		if flags == flagBranch {
			pos, ksize := uint64(le.Uint32(e)), uint64(le.Uint32(e[4:]))
			child = le.Uint64(e[8:])
			if uint64(at)+pos+ksize > uint64(len(data)) {
				w.problem("%s: element %d's key runs past the page end", where, i)
				return
			}
			key = data[uint64(at)+pos : uint64(at)+pos+ksize]
		} else {
			elemFlags = le.Uint32(e)
			pos, ksize, vsize := uint64(le.Uint32(e[4:])), uint64(le.Uint32(e[8:])), uint64(le.Uint32(e[12:]))
			if uint64(at)+pos+ksize+vsize > uint64(len(data)) {
				w.problem("%s: element %d runs past the page end", where, i)
				return
			}
			key = data[uint64(at)+pos : uint64(at)+pos+ksize]
			val = data[uint64(at)+pos+ksize : uint64(at)+pos+ksize+vsize]
		}
		if prev != nil && bytes.Compare(prev, key) >= 0 {
			w.problem("%s: element %d's key is out of order", where, i)
		}
		if lo != nil && bytes.Compare(key, lo) < 0 || hi != nil && bytes.Compare(key, hi) >= 0 {
			w.problem("%s: element %d's key lies outside the range its parent gives", where, i)
		}
		prev = key
		switch {
		case flags == flagBranch:
			var next []byte = hi
			if i+1 < count {
				ne := data[at+pageElementSize : at+2*pageElementSize]
				npos, nks := uint64(le.Uint32(ne)), uint64(le.Uint32(ne[4:]))
				nat := uint64(at + pageElementSize)
				if nat+npos+nks <= uint64(len(data)) {
					next = data[nat+npos : nat+npos+nks]
				}
			}
			w.tree(child, bucket, key, next, depth+1, nesting)
		case elemFlags&flagBucketLeaf != 0:
			w.bucket(key, val, bucket, where, i, nesting)
		}
		if len(w.problems) >= maxPageProblems {
			return
		}
	}
}

// bucket checks a nested bucket's header and walks its tree.
func (w *pageWalker) bucket(name, val []byte, parent, where string, i, nesting int) {
	label := fmt.Sprintf("%q", name)
	if parent != "root" {
		label = parent + "/" + label
	}
	if nesting >= maxBucketNesting {
		w.problem("%s: buckets nested deeper than any count file's", where)
		return
	}
	if len(val) < 16 {
		w.problem("%s: element %d is a bucket with a header cut short", where, i)
		return
	}
	root := binary.LittleEndian.Uint64(val)
	if root != 0 {
		w.tree(root, label, nil, nil, 0, nesting+1)
		return
	}
	inline := val[16:]
	if len(inline) < pageHeaderSize {
		w.problem("bucket %s (held inline): cut short", label)
		return
	}
	le := binary.LittleEndian
	w.node(0, inline, le.Uint16(inline[8:]), int(le.Uint16(inline[10:])), label, nil, nil, 0, nesting+1)
}

func pageKind(flags uint16) string {
	switch flags {
	case flagBranch:
		return "branch"
	case flagLeaf:
		return "leaf"
	case flagMeta:
		return "header (meta)"
	case flagFreelist:
		return "free-page list"
	}
	return fmt.Sprintf("unknown (flags %#x)", flags)
}

// IsCountFile says whether the file at path is a count file (or any
// database of the kind a count file is), by its content, whatever its
// name: either of its two header pages carries the database's mark. Any
// file that cannot be read says no.
func IsCountFile(path string) bool {
	fh, err := os.Open(path)
	if err != nil {
		return false
	}
	defer fh.Close()
	buf := make([]byte, 4)
	for _, at := range []int64{pageHeaderSize, 4096 + pageHeaderSize, 16384 + pageHeaderSize, 65536 + pageHeaderSize} {
		if _, err := fh.ReadAt(buf, at); err == nil && binary.LittleEndian.Uint32(buf) == boltMagic {
			return true
		}
	}
	return false
}
