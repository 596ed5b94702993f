// Package tui is the counting table: the screens tellers key ballots on
// and scrutineers watch, in Bubble Tea.
package tui

import (
	"fmt"
	"slices"
	"strings"

	"tally/count"
)

// mark is one candidate's mark on a marked or choice ballot.
type mark int

const (
	markNone mark = iota
	markFor
	markAgainst
)

// sectionDraft is one office's part of the paper being keyed.
type sectionDraft struct {
	office     string
	candidates []string
	maxFor     int
	marks      []mark
	writeIns   []string
	invalid    count.Reason
	// ranks: a ranked ballot's preferences as keyed, OvervoteMark for an
	// overvote without names.
	ranks [][]int
}

// draft is the ballot paper being keyed: built key by key, undone step
// by step, and turned into the ballot the count file records.
type draft struct {
	kind     count.BallotKind
	zh       bool // refusals in Chinese
	sections []sectionDraft
	cur      int
	// focus is the candidate last marked: a long list scrolls to it.
	focus   int
	invalid count.Reason
	note    string
	blank   bool
	// undo holds earlier states, most recent last.
	undo []draftState
}

// draftState is what undo restores.
type draftState struct {
	sections []sectionDraft
	cur      int
	invalid  count.Reason
	note     string
	blank    bool
}

func newDraft(kind count.BallotKind, spec *count.Round) *draft {
	d := &draft{kind: kind}
	for _, s := range spec.Sections {
		d.sections = append(d.sections, sectionDraft{office: s.Office, candidates: s.Candidates, maxFor: s.MaxFor,
			marks: make([]mark, len(s.Candidates))})
	}
	return d
}

func (s sectionDraft) clone() sectionDraft {
	c := s
	c.marks = slices.Clone(s.marks)
	c.writeIns = slices.Clone(s.writeIns)
	c.ranks = make([][]int, len(s.ranks))
	for i, r := range s.ranks {
		c.ranks[i] = slices.Clone(r)
	}
	return c
}

func (d *draft) save() {
	st := draftState{cur: d.cur, invalid: d.invalid, note: d.note, blank: d.blank}
	for _, s := range d.sections {
		st.sections = append(st.sections, s.clone())
	}
	d.undo = append(d.undo, st)
}

// Undo takes back the last change; false when there is none.
func (d *draft) Undo() bool {
	if len(d.undo) == 0 {
		return false
	}
	st := d.undo[len(d.undo)-1]
	d.undo = d.undo[:len(d.undo)-1]
	d.sections, d.cur, d.invalid, d.note, d.blank = st.sections, st.cur, st.invalid, st.note, st.blank
	return true
}

// Touched reports whether anything has been keyed: a half-keyed ballot is
// never lost to a stray quit.
func (d *draft) Touched() bool {
	if d.blank || d.invalid != count.ReasonNone {
		return true
	}
	for _, s := range d.sections {
		if len(s.writeIns) > 0 || len(s.ranks) > 0 || s.invalid != count.ReasonNone {
			return true
		}
		for _, m := range s.marks {
			if m != markNone {
				return true
			}
		}
	}
	return false
}

// errKey is a key that makes no sense here, said in words.
type errKey struct{ msg string }

func (e errKey) Error() string { return e.msg }

// keyErr says why a key was refused, in the table's language.
func (d *draft) keyErr(en, zh string, args ...any) error {
	if d.zh {
		return errKey{fmt.Sprintf(zh, args...)}
	}
	return errKey{fmt.Sprintf(en, args...)}
}

// Mark sets candidate n (from 1) of the current section for or against;
// marking a candidate the same way again clears the mark.
func (d *draft) Mark(n int, m mark) error {
	s := &d.sections[d.cur]
	if n < 1 || n > len(s.candidates) {
		return d.keyErr("there is no candidate %d: %s lists %d", "没有第 %d 号候选人：%s 共 %d 人", n, s.office, len(s.candidates))
	}
	if d.kind == count.BallotChoice && m == markAgainst {
		return d.keyErr("a choice ballot has no against mark", "此选票没有反对标记")
	}
	if d.blank || d.invalid != count.ReasonNone {
		return d.keyErr("this ballot is set as blank or invalid: undo that first (⌫)", "此票已设为空白票或无效票：请先撤销（⌫）")
	}
	d.save()
	d.focus = n - 1
	if s.marks[n-1] == m {
		s.marks[n-1] = markNone
	} else {
		s.marks[n-1] = m
	}
	return nil
}

// Rank adds candidate n (from 1) as the next preference, or to the last
// rank when join is set (several names marked at one rank).
func (d *draft) Rank(n int, join bool) error {
	s := &d.sections[d.cur]
	if n < 1 || n > len(s.candidates) {
		return d.keyErr("there is no candidate %d: %s lists %d", "没有第 %d 号候选人：%s 共 %d 人", n, s.office, len(s.candidates))
	}
	if join && len(s.ranks) > 0 && len(s.ranks[len(s.ranks)-1]) == 0 {
		return d.keyErr("rank %d is keyed as skipped: ⌫ undoes it", "第 %d 顺位已录为空缺：⌫ 撤销", len(s.ranks))
	}
	d.save()
	d.focus = n - 1
	if join && len(s.ranks) > 0 {
		last := &s.ranks[len(s.ranks)-1]
		if !slices.Contains(*last, n-1) {
			*last = append(*last, n-1)
		}
		return nil
	}
	s.ranks = append(s.ranks, []int{n - 1})
	return nil
}

// SkipRank adds a rank the voter left empty.
func (d *draft) SkipRank() {
	d.save()
	s := &d.sections[d.cur]
	s.ranks = append(s.ranks, nil)
}

// WriteIn adds a name written in with a for-mark.
func (d *draft) WriteIn(name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return d.keyErr("no name to write in", "未填写另选人姓名")
	}
	s := &d.sections[d.cur]
	if slices.Contains(s.writeIns, name) {
		return d.keyErr("%s is already written in", "%s 已经另选过", name)
	}
	d.save()
	if i := slices.Index(s.candidates, name); i >= 0 {
		// A listed name written in is a vote for them.
		s.marks[i] = markFor
		return nil
	}
	s.writeIns = append(s.writeIns, name)
	return nil
}

// SetBlank marks the ballot blank (valid, abstaining on everyone); only an
// untouched ballot can be blank. Again clears it.
func (d *draft) SetBlank() error {
	if d.blank {
		d.save()
		d.blank = false
		return nil
	}
	if d.Touched() {
		return d.keyErr("the ballot has marks: a blank ballot has none (⌫ undoes)", "此票已有标记，空白票不能有标记（⌫ 撤销）")
	}
	d.save()
	d.blank = true
	return nil
}

// SetInvalid marks the whole paper invalid for a reason (ReasonNone clears);
// a note said for an earlier reason goes with it.
func (d *draft) SetInvalid(r count.Reason) {
	d.save()
	d.invalid, d.note = r, ""
}

// NextSection moves to the next office's section of the paper.
func (d *draft) NextSection() {
	d.cur = (d.cur + 1) % len(d.sections)
	d.focus = 0
}

// Fors counts the current section's for-names, write-ins included.
func (s *sectionDraft) fors() int {
	n := len(s.writeIns)
	for _, m := range s.marks {
		if m == markFor {
			n++
		}
	}
	return n
}

// overVote says whether a section carries more for-names than it may.
func (s *sectionDraft) overVote() bool { return s.maxFor > 0 && s.fors() > s.maxFor }

// Ballot returns the ballot as the count file records it, or an error
// saying why it cannot be submitted yet.
func (d *draft) Ballot(number int) (*count.Ballot, error) {
	if !d.Touched() {
		return nil, d.keyErr("nothing keyed: key the marks, or b for a blank ballot", "尚未录入：请录入标记，空白票按 b")
	}
	b := &count.Ballot{Number: number, Source: -1, Invalid: d.invalid}
	if d.invalid != count.ReasonNone {
		b.Note = d.note
	}
	for _, s := range d.sections {
		m := count.Marks{Invalid: s.invalid, WriteIns: slices.Clone(s.writeIns)}
		for i, mk := range s.marks {
			switch mk {
			case markFor:
				m.For = append(m.For, i)
			case markAgainst:
				m.Against = append(m.Against, i)
			}
		}
		for _, r := range s.ranks {
			m.Ranks = append(m.Ranks, slices.Clone(r))
		}
		b.Sections = append(b.Sections, m)
	}
	return b, nil
}

// fromBallot rebuilds a draft from a recorded ballot (to show a keying).
func fromBallot(kind count.BallotKind, spec *count.Round, b *count.Ballot) *draft {
	d := newDraft(kind, spec)
	d.invalid, d.note = b.Invalid, b.Note
	blank := b.Invalid == count.ReasonNone
	for i := range d.sections {
		if i >= len(b.Sections) {
			break
		}
		m := b.Sections[i]
		s := &d.sections[i]
		s.invalid = m.Invalid
		for _, c := range m.For {
			if c >= 0 && c < len(s.marks) {
				s.marks[c] = markFor
			}
		}
		for _, c := range m.Against {
			if c >= 0 && c < len(s.marks) {
				s.marks[c] = markAgainst
			}
		}
		s.writeIns = slices.Clone(m.WriteIns)
		for _, r := range m.Ranks {
			s.ranks = append(s.ranks, slices.Clone(r))
		}
		if len(m.For)+len(m.Against)+len(m.WriteIns)+len(m.Ranks) > 0 || m.Invalid != count.ReasonNone {
			blank = false
		}
	}
	d.blank = blank
	return d
}
