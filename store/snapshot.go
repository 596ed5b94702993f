package store

import (
	"errors"
	"os"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Reading while a count is being kept. The tally that holds a count file
// for writing (the table, a server) locks it: another process cannot open
// it, even to read. So the holder keeps a snapshot beside it,
// COUNT.tally.snapshot: a consistent copy written from a read transaction
// (bbolt's Tx.CopyFile) off the writer's path, at most every SnapshotEvery
// (or ten times as long as the last copy took) after events come in, and
// removed when the holder closes the file. A reader that finds the file
// locked opens the snapshot instead and checks it with its own code, as
// it would the file (Open replays and checks the chain, every event and
// every result; VerifyFile checks the pages too): nothing the holder says
// is taken on trust, and what is read is said to be the snapshot of a
// given time.

// dropSnapshot removes a snapshot left by an earlier holder (a table that
// was killed): a new holder of the file's lock makes its own, and no
// reader may take the old one for the count now.
func dropSnapshot(path string) {
	os.Remove(SnapshotPath(path))
	os.Remove(SnapshotPath(path) + ".part")
}

// SnapshotPath is where the holder of path keeps its snapshot.
func SnapshotPath(path string) string { return path + ".snapshot" }

// snapshotter writes the holder's snapshots, one at a time, never on the
// writer's path.
type snapshotter struct {
	f       *CountFile
	every   time.Duration
	kick    chan struct{}
	done    chan struct{}
	wg      sync.WaitGroup
	writing sync.Mutex
}

func (f *CountFile) startSnapshots() {
	if f.opts.ReadOnly || f.opts.SnapshotEvery <= 0 {
		return
	}
	s := &snapshotter{f: f, every: f.opts.SnapshotEvery, kick: make(chan struct{}, 1), done: make(chan struct{})}
	f.snap = s
	s.wg.Add(1)
	go s.run()
	s.poke()
}

// poke asks for a snapshot; it never blocks the writer.
func (s *snapshotter) poke() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

func (s *snapshotter) run() {
	defer s.wg.Done()
	for {
		select {
		case <-s.done:
			return
		case <-s.kick:
		}
		// A snapshot that fails (a full disk) leaves the last one in
		// place: readers see an older count, the keeping of it is not
		// touched.
		start := time.Now()
		s.f.writeSnapshot()
		// A large file takes a while to copy: wait ten times as long as
		// the copy took, so snapshots never take more than a tenth of the
		// machine's time from the table.
		wait := max(s.every, 10*time.Since(start))
		select {
		case <-s.done:
			return
		case <-time.After(wait):
		}
	}
}

// stop ends the snapshots and removes the last: the file is free to open.
func (s *snapshotter) stop() {
	close(s.done)
	s.wg.Wait()
	os.Remove(SnapshotPath(s.f.path))
}

// writeSnapshot copies the file as one read transaction sees it, then
// puts the copy in place: a reader sees the old snapshot or the new,
// never a part.
func (f *CountFile) writeSnapshot() error {
	f.snap.writing.Lock() // one copy at a time
	defer f.snap.writing.Unlock()
	dest := SnapshotPath(f.path)
	os.Remove(dest + ".part") // a copy cut short by a crash
	tmp := dest + ".part"
	err := f.db.View(func(tx *bolt.Tx) error { return tx.CopyFile(tmp, 0o644) })
	if err == nil {
		err = syncPath(tmp)
	}
	if err == nil {
		err = os.Rename(tmp, dest)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// Snapshot writes the snapshot now (the holder does so by itself after
// events; a test or a command that wants it current calls this).
func (f *CountFile) Snapshot() error {
	f.mu.Lock() // not while Close stops the snapshots
	defer f.mu.Unlock()
	if f.snap == nil {
		return errors.New("no snapshots: the file is open for reading, or snapshots are off")
	}
	return f.writeSnapshot()
}

// openSnapshot opens the holder's snapshot of path for reading, checked
// as Open checks a file.
func openSnapshot(path string, opts Options) (*CountFile, bool) {
	snap := SnapshotPath(path)
	st, err := os.Stat(snap)
	if err != nil {
		return nil, false
	}
	g := &CountFile{path: snap, opts: opts, subs: map[int]chan Event{}, present: map[string]string{}}
	if err := g.openChecked(true); err != nil {
		return nil, false
	}
	g.snapshotAt = st.ModTime()
	return g, true
}

// FromSnapshot says whether this CountFile was read from the holder's
// snapshot, because another tally holds the file, and when the snapshot
// was written (zero: it was not).
func (f *CountFile) FromSnapshot() time.Time { return f.snapshotAt }
