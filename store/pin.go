package store

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/argon2"
)

// PINs. A person chooses a PIN of 4 to 6 digits the first time they sign
// in to a count file, and gives it at every later sitting. What checks it
// (an argon2id hash with a salt) is kept in the file's people bucket,
// outside the journal: the journal, and everything exported from it,
// carries sign-ins and wrong PINs by name only, never anything a PIN could
// be searched from. A copy of the whole file (an automatic backup, tally
// backup) carries the bucket; such copies stay with the count. Three wrong
// PINs since the person's last sign-in lock the name for five minutes (a
// right PIN as the keyboard passes is not an event, so it does not start
// the count again; a sign-in, or the end of a lock-out, does); a try
// while locked is recorded but does not lengthen the lock-out. Every
// wrong PIN is a journal event, and the count is replayed from them.

// PINCost is the cost of the PIN hash (argon2id): time passes and memory
// in KiB.
type PINCost struct {
	Time      uint32
	MemoryKiB uint32
}

// DefaultPINCost takes about a quarter of a second on a 2-core machine: slow
// enough that each guess costs, quick enough for a sign-in.
var DefaultPINCost = PINCost{Time: 3, MemoryKiB: 64 * 1024}

// CheapPINCost is for tests.
var CheapPINCost = PINCost{Time: 1, MemoryKiB: 8}

// Notes of a refused sign-in.
const (
	pinWrong  = "wrong PIN"
	pinLocked = "locked out"
)

// ErrPIN is a sign-in refused for its PIN (wrong, malformed, or the name
// locked out).
var ErrPIN = fmt.Errorf("the PIN is refused")

// normalPIN reads a PIN as typed: full-width digits are digits.
func normalPIN(pin string) (string, error) {
	var b strings.Builder
	for _, r := range strings.TrimSpace(pin) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune('0' + r - '０')
		default:
			return "", fmt.Errorf("a PIN is 4 to 6 digits, nothing else")
		}
	}
	if n := b.Len(); n < 4 || n > 6 {
		return "", fmt.Errorf("a PIN is 4 to 6 digits (this one has %d)", n)
	}
	return b.String(), nil
}

func hashPIN(pin string, salt []byte, c PINCost) []byte {
	return argon2.IDKey([]byte(pin), salt, c.Time, c.MemoryKiB, 1, 32)
}

// pinRecord is what checks one person's PIN: "argon2id:T:M:SALT:HASH".
func newPINRecord(pin string, c PINCost) ([]byte, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	h := hashPIN(pin, salt, c)
	enc := base64.RawStdEncoding
	return fmt.Appendf(nil, "argon2id:%d:%d:%s:%s", c.Time, c.MemoryKiB, enc.EncodeToString(salt), enc.EncodeToString(h)), nil
}

func pinMatches(rec []byte, pin string) bool {
	f := strings.Split(string(rec), ":")
	if len(f) != 5 || f[0] != "argon2id" {
		return false
	}
	t, err1 := strconv.ParseUint(f[1], 10, 32)
	m, err2 := strconv.ParseUint(f[2], 10, 32)
	enc := base64.RawStdEncoding
	salt, err3 := enc.DecodeString(f[3])
	want, err4 := enc.DecodeString(f[4])
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil || t == 0 || t > 100 || m == 0 || m > 4<<20 {
		return false
	}
	got := hashPIN(pin, salt, PINCost{uint32(t), uint32(m)})
	return subtle.ConstantTimeCompare(got, want) == 1
}

// SignIn signs a person in for this sitting, with their role and PIN: the
// first time in this file the PIN is set, after that it must match. A
// wrong PIN is recorded (by name, never the PIN) and refused; after
// MaxPINTries wrong in a row the name is locked for PINLockout. Only a
// person signed in during this sitting is taken as the author of an
// event. Files made before roles were enforced take a sign-in as they
// always did, without a PIN.
func (f *CountFile) SignIn(name, role, pin string) (Event, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	name = strings.TrimSpace(name)
	ev := Event{Kind: EventTellerSignedIn, Who: name, Role: role}
	if f.state.Rules < RulesRoles {
		out, err := f.appendLocked([]Event{ev})
		if err != nil {
			return Event{}, err
		}
		return out[0], nil
	}
	if err := f.state.check(&ev); err != nil {
		return Event{}, f.fail(0, nil, "%v", err)
	}
	newRec, err := f.checkPINLocked(name, role, pin)
	if err != nil {
		return Event{}, err
	}
	out, err := f.appendLockedWith([]Event{ev}, func(tx *bolt.Tx) error {
		if newRec == nil {
			return nil
		}
		b, err := tx.CreateBucketIfNotExists(bucketPeople)
		if err != nil {
			return err
		}
		return b.Put([]byte(name), newRec)
	})
	if err != nil {
		return Event{}, err
	}
	f.present[name] = role
	return out[0], nil
}

// CheckPIN checks the PIN of someone signed in at this sitting, as when
// the keyboard passes from one keyer to the other: a wrong PIN counts
// towards the lock-out and is journalled, as at a sign-in.
func (f *CountFile) CheckPIN(name, pin string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	role, ok := f.present[name]
	if !ok {
		return f.failZ(0, nil, "%s 本次未签到", "%s has not signed in at this sitting", name)
	}
	rec, err := f.checkPINLocked(name, role, pin)
	if err == nil && rec != nil {
		// Present but without a PIN on file: never so in a file that
		// follows roles, whose people set one when they sign in.
		return f.failZ(0, ErrPIN, "%s 没有设置 PIN", "%s has no PIN set", name)
	}
	return err
}

// checkPINLocked checks a PIN against the person's record: a refusal is
// journalled; a name without a record gets one made (returned, for the
// caller to store with the sign-in).
func (f *CountFile) checkPINLocked(name, role, pin string) (newRec []byte, err error) {
	now := f.opts.Now()
	if wait := f.state.lockedFor(name, now); wait > 0 {
		fl := f.state.failures[name]
		f.recordRefusal(name, role, pinLocked)
		return nil, f.failZ(0, ErrPIN, "%s 连续 %d 次输错 PIN，已锁定：请 %d 分钟后再试",
			"%s gave a wrong PIN %d times in a row and is locked out: try again in %d minutes", name, fl.n, int((wait+time.Minute-1)/time.Minute))
	}
	clean, err := normalPIN(pin)
	if err != nil {
		return nil, f.failZ(0, ErrPIN, "PIN 须为 4 至 6 位数字", "%v", err)
	}
	var rec []byte
	f.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketPeople); b != nil {
			rec = append([]byte(nil), b.Get([]byte(name))...)
		}
		return nil
	})
	if len(rec) == 0 {
		return newPINRecord(clean, f.opts.PINCost)
	}
	if !pinMatches(rec, clean) {
		f.recordRefusal(name, role, pinWrong)
		left := MaxPINTries - f.state.failures[name].n
		if left <= 0 {
			// Locked: whoever was at the keyboard under this name signs
			// in again once the lock-out ends.
			delete(f.present, name)
			return nil, f.failZ(0, ErrPIN, "%s 的 PIN 不对；已连续输错 %d 次，锁定 %d 分钟",
				"the PIN for %s is wrong; %d wrong in a row lock the name for %d minutes", name, MaxPINTries, int(PINLockout.Minutes()))
		}
		return nil, f.failZ(0, ErrPIN, "%s 的 PIN 不对（还可再试 %d 次）", "the PIN for %s is wrong (%d more tries before a lock-out)", name, left)
	}
	return nil, nil
}

// Vouch is what a person does to sign an act with their PIN: signed in
// at this sitting already, their PIN is checked; else they sign in, in
// the role they hold in the count (role, if they hold none yet).
func (f *CountFile) Vouch(name, role, pin string) error {
	if _, ok := f.SignedIn(name); ok {
		return f.CheckPIN(name, pin)
	}
	f.View(func(s *State) {
		if held := s.RoleOf(name); held != "" {
			role = held
		}
	})
	_, err := f.SignIn(name, role, pin)
	return err
}

// recordRefusal journals a refused sign-in (best effort: the refusal
// stands whether or not it is recorded).
func (f *CountFile) recordRefusal(name, role, why string) {
	f.appendLocked([]Event{{Kind: EventSignInRefused, Who: name, Role: role, Note: why}})
}

// SignedIn says whether a person signed in during this sitting, and as
// what.
func (f *CountFile) SignedIn(name string) (role string, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	role, ok = f.present[name]
	return role, ok
}

// lockedFor says how long a name stays locked out (0: it is not).
func (s *State) lockedFor(name string, now time.Time) time.Duration {
	fl := s.failures[name]
	if fl.n >= MaxPINTries && now.Sub(fl.last) < PINLockout {
		return PINLockout - now.Sub(fl.last)
	}
	return 0
}
