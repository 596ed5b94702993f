package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"tally/count"
)

// Options are how a count file is opened.
type Options struct {
	// Timeout is how long to wait for a file another process holds
	// (default 1 s): then the open fails, naming the file.
	Timeout time.Duration
	// MaxSize caps the file's size in bytes (0: no cap); an event that
	// would grow it past the cap fails and the file stays as it was.
	MaxSize int
	// ReadOnly opens for reading only; others may read at the same time.
	ReadOnly bool
	// BackupEvery: a hot copy after every so many accepted ballots
	// (0: 100; negative: none), into PATH.backups beside the file.
	BackupEvery int
	// BackupKeep: how many automatic backups to keep (0: 5).
	BackupKeep int
	// Now gives the time of events (default time.Now).
	Now func() time.Time
	// PINCost is the cost of the PIN hash (zero: DefaultPINCost).
	PINCost PINCost
	// Rules is who may do what in a file Create makes: RulesRoles, or
	// RulesNone as files were made before roles were enforced.
	Rules int
	// SnapshotEvery: a holder that others may want to read while it keeps
	// the count (the table, a server) writes COUNT.tally.snapshot at most
	// this often after events (0: no snapshots). See snapshot.go.
	SnapshotEvery time.Duration
}

func (o *Options) defaults() {
	if o.Timeout == 0 {
		o.Timeout = time.Second
	}
	if o.BackupEvery == 0 {
		o.BackupEvery = 100
	}
	if o.BackupKeep == 0 {
		o.BackupKeep = 5
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.PINCost == (PINCost{}) {
		o.PINCost = DefaultPINCost
	}
}

// CountFile is one election's count file: an append-only, hash-chained
// journal in bbolt, and the state replayed from it.
type CountFile struct {
	path     string
	db       *bolt.DB
	opts     Options
	mu       sync.Mutex
	state    *State
	head     [32]byte
	seq      uint64
	lastTime time.Time
	subs     map[int]chan Event
	nextSub  int
	accepted int  // accepted ballots since the last automatic backup
	stamped  bool // this sitting's first event, naming the program, is written
	// present: the people signed in with their PIN during this sitting,
	// and their roles; only they author events (RulesRoles).
	present map[string]string
	// snap writes the snapshots readers use while this holds the file;
	// snapshotAt: this was read from such a snapshot, written then.
	snap       *snapshotter
	snapshotAt time.Time
	// broken: the state could not follow the journal; no more events.
	broken    error
	backupErr error
}

// FileError kinds a caller may want to tell apart.
var (
	// ErrLocked: another process has the file open.
	ErrLocked = errors.New("the count file is open elsewhere")
	// ErrNewer: the file was written by a newer version of the program.
	ErrNewer = errors.New("the count file was written by a newer tally")
	// ErrDamaged: the file is not a count file, or is corrupt or truncated.
	ErrDamaged = errors.New("the count file is damaged")
	// ErrFull: the file cannot grow (the disk, or its size cap, is full).
	ErrFull = errors.New("the count file cannot grow: the disk is full")
)

// CountError is a count file's problem, with the file and where in it.
type CountError struct {
	Path string
	// Seq is the journal event concerned (0: the file as a whole).
	Seq  uint64
	Kind error
	Msg  string
	// Zh is the message in Chinese, where the store words it so.
	Zh string
}

func (e *CountError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Seq > 0 {
		fmt.Fprintf(&b, ": event %d", e.Seq)
	}
	b.WriteString(": ")
	b.WriteString(count.BoundQuotes(e.Msg))
	return b.String()
}

func (e *CountError) Unwrap() error { return e.Kind }

// ErrorIn is the error in Chinese (zh) or English. A message the store
// has no Chinese for is given in English after the Chinese for its kind.
func (e *CountError) ErrorIn(zh bool) string {
	if !zh {
		return e.Error()
	}
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Seq > 0 {
		fmt.Fprintf(&b, "：第 %d 条事件", e.Seq)
	}
	b.WriteString("：")
	if e.Zh != "" {
		b.WriteString(count.BoundQuotes(e.Zh))
		return b.String()
	}
	b.WriteString(KindZH(e.Kind))
	b.WriteString(count.BoundQuotes(e.Msg))
	return b.String()
}

// KindZH leads a message the store words only in English with what kind
// of problem it is, in Chinese.
func KindZH(kind error) string {
	switch {
	case errors.Is(kind, ErrFull):
		return "磁盘已满，未记录（原文）："
	case errors.Is(kind, ErrDamaged):
		return "计票文件已损坏（原文）："
	case errors.Is(kind, ErrLocked):
		return "计票文件正被另一个程序使用（原文）："
	case errors.Is(kind, ErrNewer):
		return "计票文件由更新版本写成（原文）："
	}
	return "未接受（原文）："
}

func (f *CountFile) fail(seq uint64, kind error, format string, args ...any) error {
	return &CountError{Path: f.path, Seq: seq, Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// failZ is fail with the message in Chinese too: zh takes the same
// arguments, in the same order, as format.
func (f *CountFile) failZ(seq uint64, kind error, zh, format string, args ...any) error {
	return &CountError{Path: f.path, Seq: seq, Kind: kind, Msg: fmt.Sprintf(format, args...), Zh: fmt.Sprintf(zh, args...)}
}

// Create makes a new count file for an election file's text, with the
// first round opened (keyed twice unless mode is single). It refuses an
// existing file and an election file with problems.
func Create(path string, electionText []byte, mode string, opts Options) (*CountFile, error) {
	opts.defaults()
	if _, err := ParseElection(path, electionText); err != nil {
		return nil, err
	}
	if mode == "" {
		mode = KeyingDouble
	}
	// O_EXCL: two tallies creating the same file cannot both think they did.
	made := false
	excl := func(name string, flag int, perm os.FileMode) (*os.File, error) {
		fh, err := os.OpenFile(name, flag|os.O_EXCL, perm)
		made = err == nil
		return fh, err
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: opts.Timeout, MaxSize: opts.MaxSize, OpenFile: excl})
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, &CountError{Path: path, Kind: fs.ErrExist, Msg: "a file is already there: choose another name, or remove it first", Zh: "那里已有一个文件：请换个名字，或先移走它"}
		}
		if made {
			os.Remove(path)
		}
		return nil, &CountError{Path: path, Msg: fmt.Sprintf("cannot create it: %v", err), Zh: fmt.Sprintf("无法创建：%v", err)}
	}
	dropSnapshot(path) // the lock is ours: no earlier holder's snapshot stands
	f := &CountFile{path: path, db: db, opts: opts, state: &State{}, subs: map[int]chan Event{}, present: map[string]string{}}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range buckets {
			if _, err := tx.CreateBucket(b); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		if err := meta.Put(keySchema, u64(SchemaVersion)); err != nil {
			return err
		}
		return meta.Put(keyCreated, []byte(opts.Now().UTC().Format(time.RFC3339)))
	})
	if err == nil {
		now := opts.Now()
		first := Event{Kind: EventElectionCreated, Time: now, Text: electionText, Rules: opts.Rules}
		state := &State{}
		if err = state.check(&first); err == nil {
			err = state.apply(&first)
		}
		if err == nil {
			spec := state.plan.Next()
			_, err = f.AppendAll(first, Event{Kind: EventRoundOpened, Time: now, Mode: mode, Spec: spec})
		}
	}
	if err != nil {
		db.Close()
		if made {
			os.Remove(path)
		}
		return nil, err
	}
	f.startSnapshots()
	return f, nil
}

// Open opens a count file and replays its journal, checking as it goes:
// the schema version, the hash chain, each event against the count's
// rules, each closed round's result against a recount. A file that fails
// is refused with what is wrong and where, and nothing is written to it.
func Open(path string, opts Options) (f *CountFile, err error) {
	opts.defaults()
	f = &CountFile{path: path, opts: opts, subs: map[int]chan Event{}, present: map[string]string{}}
	st, statErr := os.Stat(path)
	switch {
	case errors.Is(statErr, fs.ErrNotExist):
		return nil, f.failZ(0, fs.ErrNotExist, "这里没有计票文件：请用 tally new 选举文件.toml %s 创建", "no count file here: create one with tally new ELECTION.toml %s", path)
	case statErr != nil:
		return nil, f.fail(0, statErr, "%v", statErr)
	case st.IsDir():
		return nil, f.failZ(0, ErrDamaged, "这是一个文件夹，不是计票文件", "it is a folder, not a count file")
	case st.Size() < 4*4096:
		// bbolt would make a new file of an empty one: never write to a
		// file that failed its checks.
		return nil, f.failZ(0, ErrDamaged, "文件只有 %d 字节，不可能是计票文件：它不是计票文件，或已被截断", "it is %d bytes long, too short for a count file: it is not one, or it is truncated", st.Size())
	}
	// A reader beside a snapshot need not wait long for the lock: the
	// holder is there, and its snapshot is read instead.
	if _, err := os.Stat(SnapshotPath(path)); err == nil && opts.ReadOnly {
		f.opts.Timeout = min(f.opts.Timeout, 100*time.Millisecond)
	}
	// Check read-only first: a read-write open lets bbolt read (and, for
	// some files, write) before our checks, and a truncated file can fault.
	if err := f.openChecked(true); err != nil {
		if errors.Is(err, ErrLocked) && opts.ReadOnly {
			// Another tally keeps the count: read its snapshot, checked
			// here as the file itself would be.
			if g, ok := openSnapshot(path, opts); ok {
				return g, nil
			}
		}
		return nil, err
	}
	if opts.ReadOnly {
		return f, nil
	}
	f.db.Close()
	if err := f.openChecked(false); err != nil {
		return nil, err
	}
	dropSnapshot(path)
	f.startSnapshots()
	return f, nil
}

// openChecked opens the file's database and replays the journal.
func (f *CountFile) openChecked(readOnly bool) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		// bbolt panics on some corrupt pages (and a fault on a truncated
		// map is a panic here): say so instead of crashing.
		if p := recover(); p != nil {
			if f.db != nil {
				f.db.Close()
			}
			err = &CountError{Path: f.path, Kind: ErrDamaged, Msg: fmt.Sprintf("the file is corrupt (%v)", p), Zh: fmt.Sprintf("文件已损坏（%v）", p)}
		}
	}()
	db, err := bolt.Open(f.path, 0o644, &bolt.Options{Timeout: f.opts.Timeout, MaxSize: f.opts.MaxSize, ReadOnly: readOnly})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return f.failZ(0, ErrLocked, "它正在另一个 tally（或其他程序）中打开：请先在那里关闭，或等那边结束后再读取", "it is open in another tally (or another program): close it there, or read it once that has finished")
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return f.failZ(0, ErrDamaged, "它不是计票文件，或文件头已损坏（%v）", "it is not a count file, or its header is corrupt (%v)", err)
	case errors.Is(err, fs.ErrPermission):
		return f.failZ(0, err, "没有权限：%v", "permission denied: %v", err)
	case err != nil:
		return f.failZ(0, err, "无法打开：%v", "cannot open it: %v", err)
	}
	f.db = db
	if err := f.replay(); err != nil {
		db.Close()
		return err
	}
	return nil
}

// replay reads the whole journal into a new state, checking everything.
func (f *CountFile) replay() error {
	state := &State{}
	var head [32]byte
	var seq, wantEvents uint64
	var wantHead []byte
	var last time.Time
	err := f.db.View(func(tx *bolt.Tx) error {
		if st, err := os.Stat(f.path); err == nil && tx.Size() > st.Size() {
			return f.failZ(0, ErrDamaged, "文件已被截断：只有 %d 字节，但其页面延伸到 %d 字节", "it is truncated: %d bytes long, but its pages reach %d", st.Size(), tx.Size())
		}
		meta, journal := tx.Bucket(bucketMeta), tx.Bucket(bucketJournal)
		if meta == nil || journal == nil {
			return f.failZ(0, ErrDamaged, "它不是计票文件（没有日志）", "it is not a count file (no journal)")
		}
		v := meta.Get(keySchema)
		if len(v) != 8 {
			return f.failZ(0, ErrDamaged, "它没有格式版本号：不是计票文件", "it has no schema version: it is not a count file")
		}
		if n := binary.BigEndian.Uint64(v); n > SchemaVersion {
			return f.failZ(0, ErrNewer, "它由更新版本的 tally 写成（文件格式 %d；本程序最多读取 %d）：请用那个版本打开", "it was written by a newer tally (file layout %d; this tally reads up to %d): open it with that version", n, SchemaVersion)
		} else if n == 0 {
			return f.failZ(0, ErrDamaged, "格式版本号为 0：不是计票文件", "its schema version is 0: it is not a count file")
		}
		wantHead = append([]byte(nil), meta.Get(keyHead)...)
		if v := meta.Get(keyEvents); len(v) == 8 {
			wantEvents = binary.BigEndian.Uint64(v)
		}
		c := journal.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			seq++
			if len(k) != 8 || binary.BigEndian.Uint64(k) != seq {
				return f.failZ(seq, ErrDamaged, "日志跳过或重复了一条事件（发现键 %x）：有事件被删除或插入", "the journal skips or repeats an event (found key %x): an event was removed or inserted", k)
			}
			ev, err := f.readEvent(seq, v, head, state, last)
			if err != nil {
				return err
			}
			head, last = ev.Hash, ev.Time
		}
		return nil
	})
	if err != nil {
		return err
	}
	if seq != wantEvents {
		return f.failZ(0, ErrDamaged, "日志有 %d 条事件，但文件记录为 %d 条：有事件被删除，或文件被截断", "the journal holds %d events but the file records %d: events were removed or the file is truncated", seq, wantEvents)
	}
	if seq > 0 && hex.EncodeToString(head[:]) != hex.EncodeToString(wantHead) {
		return f.failZ(seq, ErrDamaged, "日志最后的哈希与文件记录的不符：日志被改动过", "the journal's last hash does not match the one the file records: the journal was changed")
	}
	f.state, f.head, f.seq, f.lastTime = state, head, seq, last
	if !f.opts.ReadOnly {
		f.accepted = f.acceptedSinceBackup() // readers make no backups
	}
	return nil
}

// acceptedSinceBackup counts the ballots accepted since the newest
// automatic backup, so that backups keep their pace across reopenings.
func (f *CountFile) acceptedSinceBackup() int {
	since := uint64(0)
	old, _ := filepath.Glob(filepath.Join(f.backupDir(), "*.tally"))
	for _, p := range old {
		var n uint64
		base := strings.TrimSuffix(filepath.Base(p), ".tally")
		if i := strings.LastIndex(base, "."); i >= 0 {
			if _, err := fmt.Sscanf(base[i+1:], "%d", &n); err == nil && n > since {
				since = n
			}
		}
	}
	accepted := 0
	for _, r := range f.state.Rounds {
		for _, b := range r.Ballots {
			for _, k := range b.Keyings {
				if k.Seq > since && b.Status == BallotAccepted && !k.SetAside {
					accepted++
					break
				}
			}
			if b.Imported && b.ImportSeq > since && b.Status == BallotAccepted {
				accepted++
			}
		}
	}
	return accepted
}

// readEvent checks one stored event's chain link, decodes it, and applies
// it to state.
func (f *CountFile) readEvent(seq uint64, v []byte, prev [32]byte, state *State, last time.Time) (Event, error) {
	if len(v) < 33 {
		return Event{}, f.failZ(seq, ErrDamaged, "事件不完整（%d 字节）", "the event is cut short (%d bytes)", len(v))
	}
	if string(v[:32]) != string(prev[:]) {
		return Event{}, f.failZ(seq, ErrDamaged, "事件未带有前一条事件的哈希：本条或更早的事件被改动过", "the event does not carry the hash of the one before: this or an earlier event was changed")
	}
	ev, err := decodePayload(v[32:], state.tellerNames, last)
	if err != nil {
		return ev, f.failZ(seq, ErrDamaged, "事件无法读取：%v", "the event is unreadable: %v", err)
	}
	ev.Seq, ev.Prev, ev.Hash = seq, prev, sha256.Sum256(v)
	if err := state.check(&ev); err != nil {
		return ev, f.failZ(seq, ErrDamaged, "%s 未通过检查：%v", "%s refused: %v", ev.Kind, err)
	}
	if err := state.apply(&ev); err != nil {
		return ev, f.failZ(seq, ErrDamaged, "%s 未通过检查：%v", "%s refused: %v", ev.Kind, err)
	}
	return ev, nil
}

// Close closes the file.
func (f *CountFile) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for id, ch := range f.subs {
		close(ch)
		delete(f.subs, id)
	}
	if f.snap != nil {
		f.snap.stop()
		f.snap = nil
	}
	return f.db.Close()
}

// Path is the file's path.
func (f *CountFile) Path() string { return f.path }

// Head returns the hash of the last event: printed on the count sheet, it
// ties a signed paper to the file.
func (f *CountFile) Head() (uint64, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.seq, hexHead(f.head)
}

func hexHead(h [32]byte) string { return hex.EncodeToString(h[:]) }

// State returns the state replayed from the journal, for a caller that
// appends and reads from one goroutine. It must not be changed, and it
// changes as events are appended: a reader on another goroutine uses View.
func (f *CountFile) State() *State {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.state
}

// View calls fn with the state while no event can be appended, so a
// screen on another goroutine reads figures that belong together.
func (f *CountFile) View(fn func(*State)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f.state)
}

// Append records one event and returns it as committed: an event is
// acknowledged only once its transaction is on disk.
func (f *CountFile) Append(ev Event) (Event, error) {
	evs, err := f.AppendAll(ev)
	if len(evs) == 1 {
		return evs[0], err
	}
	return Event{}, err
}

// AppendAll records events in one transaction: all of them or none, and
// returns them as the journal holds them. A nil error means committed; an
// automatic backup that failed afterwards is told by LastBackupError.
func (f *CountFile) AppendAll(evs ...Event) ([]Event, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.appendLocked(evs)
}

// appendLocked is AppendAll for a caller that holds f.mu.
func (f *CountFile) appendLocked(evs []Event) ([]Event, error) {
	return f.appendLockedWith(evs, nil)
}

// appendLockedWith appends events and, in the same transaction, does
// signIn's own write (the PIN set at a first sign-in). Only SignIn passes
// one, and in a file that follows roles only it records a sign-in.
func (f *CountFile) appendLockedWith(evs []Event, signIn func(*bolt.Tx) error) ([]Event, error) {
	if f.opts.ReadOnly {
		return nil, f.failZ(0, nil, "它以只读方式打开", "it is open for reading only")
	}
	if f.broken != nil {
		return nil, f.failZ(0, ErrDamaged, "出错后计票文件已停止接受事件：%v。请退出后重新打开文件", "the count stopped taking events after an error: %v. Quit and open the file again", f.broken)
	}
	evs = append([]Event(nil), evs...)
	for i := range evs {
		// A confirmation without its Ref confirms the event before it;
		// a confirmation or a refusal belongs to its proposal's round.
		if evs[i].Kind == EventConfirmed && evs[i].Ref == 0 && i > 0 {
			evs[i].Ref = f.seq + uint64(i)
			if evs[i].Round == 0 {
				evs[i].Round = evs[i-1].Round
			}
		}
		if p := f.state.pending[evs[i].Ref]; (evs[i].Kind == EventConfirmed || evs[i].Kind == EventRefused) && evs[i].Round == 0 && p != nil {
			evs[i].Round = p.Round
		}
	}
	if f.state.Rules >= RulesRoles {
		for _, ev := range evs {
			switch {
			case ev.Kind == EventTellerSignedIn && signIn == nil:
				return nil, f.failZ(0, nil, "签到须凭 PIN", "a person signs in with their PIN")
			case ev.Kind == EventTellerSignedIn, ev.Kind == EventSignInRefused, ev.Who == "":
			case f.present[ev.Who] == "":
				return nil, f.failZ(0, nil, "%s 本次未凭 PIN 签到：请先签到", "%s has not signed in with their PIN at this sitting: sign in first", ev.Who)
			}
		}
	}
	// Check every event against a state the events have not touched: the
	// real state changes only after the commit. One event is checked
	// against the state itself (checking changes nothing), so keying a
	// ballot costs the same in a round of a hundred thousand. Events whose
	// applying can still refuse them (a close recounted, a lot, a
	// confirmation, which makes its proposal take effect) are applied to a
	// scratch copy first, whatever their number.
	var tellerNumber map[string]int
	single := len(evs) == 1 && evs[0].Kind != EventRoundClosed && evs[0].Kind != EventLotDrawn && evs[0].Kind != EventConfirmed
	if single && f.state.Election != nil {
		if err := f.state.check(&evs[0]); err != nil {
			return nil, f.fail(0, nil, "%v", err)
		}
		tellerNumber = f.state.tellerNumber
	} else {
		scratch, err := f.scratch(evs)
		if err != nil {
			return nil, err
		}
		tellerNumber = scratch.tellerNumber
	}
	seq, head, last := f.seq, f.head, f.lastTime
	out := make([]Event, len(evs))
	err := f.db.Update(func(tx *bolt.Tx) error {
		journal := tx.Bucket(bucketJournal)
		journal.FillPercent = 1 // append-only keys: pack pages full
		tellers := map[string]int{}
		for n, i := range tellerNumber {
			tellers[n] = i
		}
		for i := range evs {
			ev := evs[i]
			if ev.Time.IsZero() {
				ev.Time = f.opts.Now()
			}
			// The first event of each sitting (each opening of the file
			// for writing) names the program that wrote it.
			if i == 0 && !f.stamped {
				ev.Program = Program()
			}
			if ev.Time.Before(last) {
				// A clock set back: the journal's order stands, and its
				// times never run backwards.
				ev.Time = last
			}
			if ev.Kind == EventTellerSignedIn {
				if _, ok := tellers[ev.Who]; !ok {
					tellers[ev.Who] = len(tellers) + 1
				}
			}
			payload, err := encodePayload(&ev, tellers, last)
			if err != nil {
				return err
			}
			seq++
			value := make([]byte, 0, 32+len(payload))
			value = append(append(value, head[:]...), payload...)
			if err := journal.Put(u64(seq), value); err != nil {
				return err
			}
			// What the state takes in is the event as the journal has it,
			// decoded from the stored bytes: never the caller's memory.
			stored, err := decodePayload(payload, names(tellers), last)
			if err != nil {
				return fmt.Errorf("the event does not read back: %v", err)
			}
			stored.Seq, stored.Prev, stored.Hash = seq, head, sha256.Sum256(value)
			stored.Raw = value
			head, last = stored.Hash, stored.Time
			out[i] = stored
		}
		if signIn != nil {
			if err := signIn(tx); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		if err := meta.Put(keyHead, head[:]); err != nil {
			return err
		}
		// A file of an older layout takes this one's with its first event
		// from this program: older programs then refuse it as newer
		// rather than misread what it now holds.
		if v := meta.Get(keySchema); len(v) == 8 && binary.BigEndian.Uint64(v) < SchemaVersion {
			if err := meta.Put(keySchema, u64(SchemaVersion)); err != nil {
				return err
			}
		}
		return meta.Put(keyEvents, u64(seq))
	})
	if err != nil {
		if errors.Is(err, berrors.ErrMaxSizeReached) || isNoSpace(err) {
			// Say what to do again: an import is run again, a paper keyed again.
			again, againZH := "key the ballot again", "重新录入这张选票"
			for _, ev := range evs {
				if ev.Kind == EventBallotsImported {
					again, againZH = "run the import again", "重新导入"
				} else if ev.Kind != EventBallotKeyed && ev.Kind != EventTellerSignedIn {
					again, againZH = "do it again", "重新操作"
				}
			}
			return nil, f.failZ(0, ErrFull,
				"事件未记录：磁盘（或文件大小上限）已满。请腾出空间，然后"+againZH+"；此前记录的一切都不受影响",
				"the event was not recorded: the disk (or the file's size cap) is full. Free space, then %s; everything recorded before stands", again)
		}
		return nil, f.failZ(0, err, "事件未记录：%v", "the event was not recorded: %v", err)
	}
	// Committed: now the real state follows, from the decoded events. If it
	// cannot (it never should: the same checks passed before the commit),
	// the journal is the truth: replay it; failing that, take no more.
	f.seq, f.head, f.lastTime = seq, head, last
	f.stamped = true
	if err := f.follow(out); err != nil {
		if rerr := f.replay(); rerr != nil {
			f.broken = rerr
		}
	}
	for _, ch := range f.subs {
		for _, ev := range out {
			select {
			case ch <- ev:
			default: // a slow reader re-reads the state; never block the table
			}
		}
	}
	f.backupErr = f.autoBackup()
	if f.snap != nil {
		f.snap.poke()
	}
	return out, nil
}

// follow applies committed events to the state, turning a panic into an
// error.
func (f *CountFile) follow(evs []Event) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	for i := range evs {
		if err := f.state.check(&evs[i]); err != nil {
			return err
		}
		if err := f.state.apply(&evs[i]); err != nil {
			return err
		}
		f.countAccepted(&evs[i])
	}
	return nil
}

// LastBackupError says whether the latest automatic backup failed (after
// events that were committed all the same): nil when it did not.
func (f *CountFile) LastBackupError() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.backupErr
}

func names(tellers map[string]int) []string {
	out := make([]string, len(tellers))
	for n, i := range tellers {
		out[i-1] = n
	}
	return out
}

// scratch replays a copy of the state through evs, refusing the first
// that may not follow. Only the open round is copied deeply: events touch
// nothing else.
func (f *CountFile) scratch(evs []Event) (*State, error) {
	named := map[int]bool{}
	for _, ev := range evs {
		if p := f.state.pending[ev.Ref]; ev.Kind == EventConfirmed && p != nil {
			ev = *p // what the confirmation makes take effect
		}
		named[ev.Ballot] = true
		for _, b := range ev.Ballots {
			named[b.Number] = true
		}
	}
	s := f.state.clone(named)
	for i := range evs {
		ev := evs[i]
		ev.Seq = f.seq + uint64(i) + 1 // as the journal will number it
		if err := s.check(&ev); err != nil {
			return nil, f.fail(0, nil, "%v", err)
		}
		kind := ev.Kind
		if p := s.pending[ev.Ref]; ev.Kind == EventConfirmed && p != nil {
			kind = p.Kind // what takes effect now
		}
		if kind == EventLotDrawn && s.Election == f.state.Election && !s.needsConfirmation(&ev) {
			// A lot changes the election's tie rules: the copy gets its own.
			e := *s.Election
			r := *e.Ranked
			r.Tie.Lots = append([]count.Lot(nil), r.Tie.Lots...)
			e.Ranked = &r
			s.Election = &e
			s.plan = f.state.plan // replaced just below
		}
		if (kind == EventRoundClosed || kind == EventRoundOpened || kind == EventLotDrawn || kind == EventFiguresSet) && s.plan == f.state.plan {
			// Opening and closing change the plan: give the copy its own.
			p, err := s.freshPlan()
			if err != nil {
				return nil, err
			}
			if r := s.Open(); r != nil {
				p.SetFigures(r.Spec.Figures)
			}
			s.plan = p
		}
		if err := s.apply(&ev); err != nil {
			return nil, f.fail(0, nil, "%v", err)
		}
	}
	return s, nil
}

// countAccepted counts ballots accepted by an event, for the backups.
func (f *CountFile) countAccepted(ev *Event) {
	switch ev.Kind {
	case EventBallotKeyed, EventKeyingsResolved:
		if r := f.state.Open(); r != nil {
			if b := r.Ballots[ev.Ballot]; b != nil && b.Status == BallotAccepted {
				f.accepted++
			}
		}
	case EventBallotsImported:
		f.accepted += len(ev.Ballots)
	}
}

// BackupError says the automatic backup failed after a committed event.
type BackupError struct{ Err error }

func (e *BackupError) Error() string {
	return "recorded, but the automatic backup failed: " + e.Err.Error()
}

func (f *CountFile) backupDir() string { return f.path + ".backups" }

// autoBackup makes a hot copy every BackupEvery accepted ballots and keeps
// the last BackupKeep.
func (f *CountFile) autoBackup() error {
	if f.opts.BackupEvery < 0 || f.accepted < f.opts.BackupEvery {
		return nil
	}
	dir := f.backupDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &BackupError{err}
	}
	// A copy cut short by a crash is never a backup: remove it.
	if parts, _ := filepath.Glob(filepath.Join(dir, "*.part")); len(parts) > 0 {
		for _, p := range parts {
			os.Remove(p)
		}
	}
	// The name says the journal's length and head: a restored file's later
	// backups never overwrite the old journal's.
	name := filepath.Join(dir, fmt.Sprintf("%s.%08d-%x.tally", strings.TrimSuffix(filepath.Base(f.path), ".tally"), f.seq, f.head[:4]))
	if err := f.backupTo(name); err != nil {
		return &BackupError{err}
	}
	f.accepted = 0
	old, _ := filepath.Glob(filepath.Join(dir, "*.tally"))
	sort.Strings(old)
	for len(old) > f.opts.BackupKeep {
		os.Remove(old[0])
		old = old[1:]
	}
	return nil
}

// Backup writes a consistent copy of the file to dest while it stays open.
func (f *CountFile) Backup(dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return &CountError{Path: dest, Msg: "a file is already there: choose another name", Zh: "那里已有一个文件：请换个名字"}
	}
	return f.backupTo(dest)
}

func (f *CountFile) backupTo(dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("%s is already there", dest)
	}
	tmp := dest + ".part"
	err := f.db.View(func(tx *bolt.Tx) error { return tx.CopyFile(tmp, 0o644) })
	if err == nil {
		err = syncPath(tmp) // a power cut must not leave an empty backup
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, dest); err != nil {
		return err
	}
	return syncPath(filepath.Dir(dest))
}

func syncPath(p string) error {
	fh, err := os.Open(p)
	if err != nil {
		return err
	}
	defer fh.Close()
	return fh.Sync()
}

// Subscribe returns a channel of committed events and a function that
// ends the subscription. A reader that falls behind misses events, never
// blocks the table: it should re-read State on each one.
func (f *CountFile) Subscribe() (<-chan Event, func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := f.nextSub
	f.nextSub++
	ch := make(chan Event, 64)
	f.subs[id] = ch
	return ch, func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		if c, ok := f.subs[id]; ok {
			close(c)
			delete(f.subs, id)
		}
	}
}

// Events calls fn with every event of the journal in order.
func (f *CountFile) Events(fn func(Event) error) error {
	state := &State{}
	var head [32]byte
	var last time.Time
	return f.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketJournal).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			ev, err := f.readEvent(binary.BigEndian.Uint64(k), v, head, state, last)
			if err != nil {
				return err
			}
			// bbolt's memory is the file's: copy the bytes out of the
			// transaction before anyone keeps them.
			ev.Raw = append([]byte(nil), v...)
			head, last = ev.Hash, ev.Time
			if err := fn(ev); err != nil {
				return err
			}
		}
		return nil
	})
}

// Verify checks the file as Open does and more: bbolt's own page check,
// the hash chain, every event against the rules, and that every closed
// round's result is what a recount of its ballots gives. It returns the
// problems found, each naming the event.
func (f *CountFile) Verify() []error {
	f.mu.Lock()
	defer f.mu.Unlock()
	var problems []error
	// As in VerifyFile: walk the pages with plain reads before bbolt's
	// check, which faults the process on a wild page id.
	pageProblems := checkPages(f.path)
	for _, p := range pageProblems {
		problems = append(problems, f.failZ(0, ErrDamaged, "页面检查：%s", "page check: %s", p))
	}
	err := f.db.View(func(tx *bolt.Tx) error {
		if len(pageProblems) == 0 {
			for err := range tx.Check() {
				problems = append(problems, f.failZ(0, ErrDamaged, "页面检查：%v", "page check: %v", err))
			}
		}
		return nil
	})
	if err != nil {
		problems = append(problems, err)
	}
	before := f.state.fingerprint()
	if err := f.replay(); err != nil {
		problems = append(problems, err)
	} else if after := f.state.fingerprint(); after != before {
		problems = append(problems, f.failZ(0, ErrDamaged, "正在使用的数字与日志重放的结果不同：现已改用重放结果；请对照纸质选票核对屏幕上最后几张", "the figures in use differ from a replay of the journal: the replay is now in use; check the last ballots on screen against the paper"))
	}
	return problems
}

// CloseRound closes the open round with its result, computed from the
// journal, and opens what follows (a tie re-vote, an extra round, the next
// office) in the same transaction. who is the chief scrutineer; note is
// the reason when ballots are still pending or disputed.
// before are events to record first in the same transaction, such as the
// chief scrutineer signing in.
func (f *CountFile) CloseRound(who, note, confirmedBy string, before ...Event) (*count.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.state
	r := s.Open()
	if r == nil {
		return nil, f.failZ(0, nil, "没有正在进行的轮次", "no round is open")
	}
	if len(r.Ballots) == 0 && note == "" {
		return nil, f.failZ(0, nil, "第 %d 轮没有选票：请录入或导入选票，或说明空轮结束的理由", "round %d has no ballots: key or import them, or give the reason for closing it empty", r.Number)
	}
	p, res, err := s.closing()
	if err != nil {
		return nil, f.fail(0, nil, "%v", err)
	}
	if res.Next.Kind == count.StepLots {
		return nil, f.failZ(0, nil, "排序计票停在一个需要现场抽签的平局上：请先记录抽签结果，再结束本轮", "the ranked count stops at a tie that needs a lot drawn at the table: record the lot first, then close the round")
	}
	data, err := json.Marshal(res)
	if err != nil {
		return nil, err
	}
	evs := append(append([]Event(nil), before...), Event{Kind: EventRoundClosed, Who: who, Round: r.Number, Note: note, Result: data})
	if s.Rules >= RulesRoles {
		// The close is the chief's proposal: it stands, and the next
		// round opens, when a second person confirms it.
		if confirmedBy == "" {
			_, err = f.appendLocked(evs)
			return res, err
		}
		evs = append(evs, Event{Kind: EventConfirmed, Who: confirmedBy})
	}
	if next := p.Next(); next != nil {
		evs = append(evs, Event{Kind: EventRoundOpened, Mode: r.Mode, Spec: next})
	}
	// Counted and recorded under one hold of the lock: no keying can slip
	// between the count and its record.
	_, err = f.appendLocked(evs)
	return res, err
}

// Confirm records who confirms the proposal ref (RulesRoles); a close
// confirmed opens the round that follows, in the same transaction.
func (f *CountFile) Confirm(who string, ref uint64) ([]Event, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	evs := []Event{{Kind: EventConfirmed, Who: who, Ref: ref}}
	if prop := f.state.pending[ref]; prop != nil && prop.Kind == EventRoundClosed {
		if p, _, err := f.state.closing(); err == nil {
			if next := p.Next(); next != nil {
				evs = append(evs, Event{Kind: EventRoundOpened, Mode: f.state.Open().Mode, Spec: next})
			}
		}
	}
	return f.appendLocked(evs)
}

// Closing counts the open round as closing it now would: the result with
// what comes next (a re-vote, an extra round, the next office, a lot to
// draw), so the table can show it before the chief scrutineer confirms.
func (s *State) Closing() (*count.Result, error) {
	if s.Open() == nil {
		return nil, nil
	}
	_, res, err := s.closing()
	return res, err
}

// closing counts the open round on a plan replayed through the closed
// ones, and returns the plan as the count leaves it (its next round).
func (s *State) closing() (*count.Plan, *count.Result, error) {
	r := s.Open()
	p, err := s.freshPlan()
	if err == nil && p.Next() == nil {
		err = fmt.Errorf("the count's rules give no round to close")
	}
	if err != nil {
		return nil, nil, err
	}
	p.SetFigures(r.Spec.Figures)
	res, err := p.Count(r.Accepted())
	return p, res, err
}

// freshPlan replays a new plan through the closed rounds, so that a round
// can be counted without advancing the state's own plan.
func (s *State) freshPlan() (*count.Plan, error) {
	p := count.NewPlan(s.Election)
	for _, r := range s.Rounds {
		if !r.Closed {
			break
		}
		p.SetFigures(r.Spec.Figures)
		if _, err := p.Count(r.Accepted()); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// clone copies the state deeply enough for scratch checks: the tellers,
// the open round's map of ballots, and deeply only the ballots named
// (an import makes new ones; closed rounds are never touched).
func (s *State) clone(named map[int]bool) *State {
	c := *s
	c.Tellers = append([]Teller(nil), s.Tellers...)
	c.tellerNumber = map[string]int{}
	for k, v := range s.tellerNumber {
		c.tellerNumber[k] = v
	}
	c.tellerNames = append([]string(nil), s.tellerNames...)
	c.people = maps.Clone(s.people)
	c.pending = maps.Clone(s.pending)
	c.failures = maps.Clone(s.failures)
	c.Rounds = append([]*RoundState(nil), s.Rounds...)
	if n := len(c.Rounds); n > 0 && !c.Rounds[n-1].Closed {
		r := *c.Rounds[n-1]
		r.Ballots = make(map[int]*BallotState, len(r.Ballots))
		for k, b := range c.Rounds[n-1].Ballots {
			if !named[k] {
				r.Ballots[k] = b
				continue
			}
			bc := *b
			bc.Keyings = append([]Keying(nil), b.Keyings...)
			bc.Voids = append([]Void(nil), b.Voids...)
			r.Ballots[k] = &bc
		}
		r.sorted = nil
		r.actedIn = maps.Clone(r.actedIn)
		r.imports = slices.Clone(r.imports)
		c.Rounds[n-1] = &r
	}
	return &c
}

func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func isNoSpace(err error) bool {
	return err != nil && strings.Contains(err.Error(), "no space left on device")
}

// VerifyFile checks a count file without opening it for use, and reports
// every problem, not just the first: the pages (bbolt's check), every link
// of the hash chain, every event's bytes, and — up to the first event the
// rules refuse — every event and result. It only reads the file.
func VerifyFile(path string, timeout time.Duration) (problems []error) {
	if timeout == 0 {
		timeout = time.Second
	}
	f := &CountFile{path: path}
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return []error{f.failZ(0, fs.ErrNotExist, "这里没有计票文件：请用 tally new 选举文件.toml %s 创建", "no count file here: create one with tally new ELECTION.toml %s", path)}
	case err != nil:
		return []error{f.fail(0, err, "%v", err)}
	case st.IsDir():
		return []error{f.failZ(0, ErrDamaged, "这是一个文件夹，不是计票文件", "it is a folder, not a count file")}
	case st.Size() < 4*4096:
		return []error{f.failZ(0, ErrDamaged, "文件只有 %d 字节，比任何计票文件都短：它已被截断，或不是计票文件", "it is %d bytes long, shorter than any count file: it is truncated or not a count file", st.Size())}
	}
	// A corrupt page can send bbolt to an address outside the file's map:
	// make that a panic, recovered below, rather than a crash.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			problems = append(problems, f.failZ(0, ErrDamaged, "文件已损坏（%v）", "the file is corrupt (%v)", p))
		}
	}()
	// The pages are walked with plain reads first; bbolt's own page check
	// runs on a goroutine of its own that no recover reaches, so it runs
	// only on pages this walk found sound.
	pageProblems := checkPages(path)
	for _, p := range pageProblems {
		problems = append(problems, f.failZ(0, ErrDamaged, "页面检查：%s", "page check: %s", p))
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: timeout, ReadOnly: true})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return []error{f.failZ(0, ErrLocked, "它正在另一个 tally 中打开：请等那边结束后再核验", "it is open in another tally: verify it once that has finished")}
	case err != nil:
		return []error{f.failZ(0, ErrDamaged, "它不是计票文件，或文件头已损坏（%v）", "it is not a count file, or its header is corrupt (%v)", err)}
	}
	defer db.Close()
	f.db = db
	db.View(func(tx *bolt.Tx) error {
		if tx.Size() > st.Size() {
			problems = append(problems, f.failZ(0, ErrDamaged, "文件已被截断：只有 %d 字节，但其页面延伸到 %d 字节", "it is truncated: %d bytes long, but its pages reach %d", st.Size(), tx.Size()))
			return nil
		}
		if len(pageProblems) == 0 {
			for err := range tx.Check() {
				problems = append(problems, f.failZ(0, ErrDamaged, "页面检查：%v", "page check: %v", err))
			}
		}
		meta, journal := tx.Bucket(bucketMeta), tx.Bucket(bucketJournal)
		if meta == nil || journal == nil {
			problems = append(problems, f.failZ(0, ErrDamaged, "它不是计票文件（没有日志）", "it is not a count file (no journal)"))
			return nil
		}
		if v := meta.Get(keySchema); len(v) != 8 {
			problems = append(problems, f.failZ(0, ErrDamaged, "它没有格式版本号", "it has no schema version"))
		} else if n := binary.BigEndian.Uint64(v); n > SchemaVersion {
			problems = append(problems, f.failZ(0, ErrNewer, "它由更新版本的 tally 写成（文件格式 %d；本程序最多读取 %d）", "it was written by a newer tally (file layout %d; this tally reads up to %d)", n, SchemaVersion))
			return nil
		} else if n == 0 {
			problems = append(problems, f.failZ(0, ErrDamaged, "格式版本号为 0：不是计票文件", "its schema version is 0: it is not a count file"))
		}
		if v := meta.Get(keyEvents); len(v) != 8 {
			problems = append(problems, f.failZ(0, ErrDamaged, "它没有记录日志的事件数：文件头部被改动或截断", "it does not record how many events its journal holds: its header was changed or cut short"))
		}
		state := &State{}
		stateOK := true
		var head [32]byte
		var last time.Time
		var seq uint64
		c := journal.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			seq++
			if len(k) != 8 || binary.BigEndian.Uint64(k) != seq {
				problems = append(problems, f.failZ(seq, ErrDamaged, "日志跳过或重复了一条事件（发现键 %x）", "the journal skips or repeats an event (found key %x)", k))
				if len(k) == 8 {
					seq = binary.BigEndian.Uint64(k)
				}
			}
			if len(v) < 33 {
				problems = append(problems, f.failZ(seq, ErrDamaged, "事件不完整（%d 字节）", "the event is cut short (%d bytes)", len(v)))
				continue
			}
			if string(v[:32]) != string(head[:]) {
				problems = append(problems, f.failZ(seq, ErrDamaged, "事件未带有前一条事件的哈希：本条或前一条事件被改动过", "the event does not carry the hash of the one before: this or the event before was changed"))
			}
			hash := sha256.Sum256(v)
			if stateOK {
				ev, err := f.readEvent(seq, v, [32]byte(v[:32]), state, last)
				if err != nil {
					problems = append(problems, err)
					stateOK = false
				} else {
					last = ev.Time
				}
			}
			head = hash
		}
		if v := meta.Get(keyEvents); len(v) == 8 && binary.BigEndian.Uint64(v) != seq {
			problems = append(problems, f.failZ(0, ErrDamaged, "日志有 %d 条事件，但文件记录为 %d 条：有事件被删除，或文件被截断", "the journal holds %d events but the file records %d: events were removed or the file is truncated", seq, binary.BigEndian.Uint64(v)))
		}
		if want := meta.Get(keyHead); seq > 0 && string(want) != string(head[:]) {
			problems = append(problems, f.failZ(seq, ErrDamaged, "日志最后的哈希与文件记录的不符：日志被改动过", "the journal's last hash does not match the one the file records: the journal was changed"))
		}
		return nil
	})
	return problems
}
