package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"tally/count"
)

// rankedWords is the ranked report's text in one language.
type rankedWords struct {
	method, rules, round, exhausted, residual, threshold string
	inactive                                             string
	reasons                                              map[string]string
	elected, eliminated                                  string // names
	transfers                                            string
	whys                                                 map[string]string
	ties, tieLine                                        string // round, kind, among, chosen, how
	tieKinds                                             map[string]string
	hows                                                 map[string]string
	pending                                              string // round, among
	pass                                                 string // n, winner
	quota                                                string
	tieSettled                                           string
	undervotes, unused, surplus, keep, finalSurplus      string
	previousRounds, draw, seed                           string // rounds; draw, of, seed; seed
	notes                                                map[string]string
}

var rankedEN = rankedWords{
	method: "Method", rules: "Rules", round: "Round", exhausted: "exhausted", residual: "residual",
	threshold: "threshold", inactive: "inactive",
	reasons: map[string]string{count.InactiveExhausted: "exhausted", count.InactiveOvervote: "overvote",
		count.InactiveSkipped: "skipped ranks", count.InactiveRepeated: "repeated ranks", count.InactiveFinalRound: "final surplus"},
	elected: "elected %s", eliminated: "eliminated %s", transfers: "transfers",
	whys: map[string]string{"quota": "reached the quota", "majority": "majority", "last-seats": "no more left than seats",
		"last-two": "the higher of the last two", "seats-filled": "the seats are filled",
		"lowest": "lowest", "batch": "together below the next", "write-in": "undeclared write-ins go first",
		"bottoms-up": "left when the eliminations stop"},
	ties: "Ties", tieLine: "round %d, %s tie among %s: %s (%s)",
	tieKinds: map[string]string{count.TieEliminate: "elimination", count.TieElect: "election", count.TieSurplus: "surplus order"},
	hows: map[string]string{"order": "candidate order", "previous": "earlier rounds' votes", "random": "seeded draw",
		"lots": "lot drawn at the table", "permutation": "seeded order", "pending": "a lot is needed"},
	pending:        "The count stopped in round %d: %s are tied and the tie rule is lots drawn at the table. Draw the lot, key it in [[ranked.lots]] (round = %d, among, chosen) and count again.",
	pass:           "Pass %d",
	quota:          "quota",
	tieSettled:     "a tie, settled as below",
	undervotes:     "No preference",
	unused:         "Set aside: no preference the method can use",
	surplus:        "surplus",
	keep:           "keep factor",
	finalSurplus:   "final surplus",
	previousRounds: "decided by %s",
	draw:           "draw %d of %d, seed %d",
	seed:           "seed %d",
	notes: map[string]string{
		"final-surplus":   "the seats are filled: this round shows the last surplus moving",
		"stopped":         "the count stops after this round, as its rules say",
		"not-transferred": "the candidates left fill the seats: the defeated candidates' ballots are not transferred",
		"iterations":      "%d iteration(s)",
	},
}

var rankedZH = rankedWords{
	method: "计票方法", rules: "规则", round: "轮次", exhausted: "用尽", residual: "余数（舍入等）",
	threshold: "当选线", inactive: "不再计入",
	reasons: map[string]string{count.InactiveExhausted: "志愿用尽", count.InactiveOvervote: "同一顺位多选",
		count.InactiveSkipped: "跳过顺位", count.InactiveRepeated: "重复排名", count.InactiveFinalRound: "最后余票"},
	elected: "当选 %s", eliminated: "淘汰 %s", transfers: "转移",
	whys: map[string]string{"quota": "达到当选线", "majority": "过半数", "last-seats": "剩余人数不多于名额",
		"last-two": "最后两人中得票较多", "seats-filled": "名额已满",
		"lowest": "得票最少", "batch": "合计仍少于上一名", "write-in": "未申报的另选他人先淘汰", "bottoms-up": "淘汰停止时留下"},
	ties: "票数相等", tieLine: "第%d轮，%s相等：%s，结果 %s（%s）",
	tieKinds: map[string]string{count.TieEliminate: "淘汰时", count.TieElect: "当选时", count.TieSurplus: "余票转移次序"},
	hows: map[string]string{"order": "候选人顺序", "previous": "此前各轮票数", "random": "按种子抽签",
		"lots": "现场抽签", "permutation": "按种子排定的顺序", "pending": "须现场抽签"},
	pending:        "第%d轮计票暂停：%s 票数相等，规则为现场抽签。请抽签后在 [[ranked.lots]] 中填写（round = %d、among、chosen），再计票。",
	pass:           "第%d次计票",
	quota:          "当选线",
	tieSettled:     "票数相等，见下",
	undervotes:     "未排任何人",
	unused:         "未计入：没有本方法可用的顺位",
	surplus:        "余票",
	keep:           "保留系数",
	finalSurplus:   "最后余票",
	previousRounds: "依据%s",
	draw:           "抽中第%d个（共%d个），种子 %d",
	seed:           "种子 %d",
	notes: map[string]string{
		"final-surplus":   "名额已满：本轮显示最后余票的转移",
		"stopped":         "按规则，本轮后停止计票",
		"not-transferred": "剩余候选人不多于名额：被淘汰者的选票不再转移",
		"iterations":      "迭代 %d 次",
	},
}

func (l *words) ranked() *rankedWords {
	if l == &zh {
		return &rankedZH
	}
	return &rankedEN
}

// roundsPerTable keeps a round-by-round table within a terminal's width.
const roundsPerTable = 6

// writeRanked writes a ranked count: its rules, the votes of every
// candidate round by round, each round's decisions and transfers, and
// every tie with how it was settled.
func writeRanked(b *strings.Builder, w *words, rc *count.RankedCount) {
	rw := w.ranked()
	var rules []string
	for _, u := range rc.Rules {
		rules = append(rules, u.Key+" = "+u.Value)
	}
	for i, l := range Wrap(rules, " · ", 90) {
		head := ""
		if i == 0 {
			head = rw.rules
		}
		line(b, head, l)
	}
	if rc.Undervotes > 0 {
		line(b, rw.undervotes, fmt.Sprint(rc.Undervotes))
	}
	if rc.Unused > 0 {
		line(b, rw.unused, fmt.Sprint(rc.Unused))
	}
	if len(rc.Passes) > 0 {
		for i, p := range rc.Passes {
			winner := w.none
			if len(p.Winners) > 0 {
				winner = p.Winners[0]
			}
			b.WriteString("\n  " + fmt.Sprintf(rw.pass, i+1) + w.colon + winner + "\n")
			writeRankedRounds(b, w, rw, p)
		}
	} else {
		writeRankedRounds(b, w, rw, rc)
	}
	if ties := tieLines(w, rw, rc); len(ties) > 0 {
		b.WriteString("\n  " + rw.ties + "\n")
		for _, t := range ties {
			b.WriteString("    " + t + "\n")
		}
	}
	if p := pendingLine(w, rw, rc); p != "" {
		b.WriteString("\n  ! " + p + "\n")
	}
	b.WriteString("\n")
	line(b, w.outcome, rankedOutcome(w, rc))
}

// tieLines say how each tie of a ranked count was settled.
func tieLines(w *words, rw *rankedWords, rc *count.RankedCount) []string {
	var out []string
	for _, t := range rc.Ties {
		out = append(out, fmt.Sprintf(rw.tieLine, t.Round, rw.tieKinds[t.Kind], strings.Join(t.Among, w.listSep), t.Chosen, tieHow(w, rw, t)))
	}
	return out
}

// pendingLine says which tie waits for a lot, or nothing.
func pendingLine(w *words, rw *rankedWords, rc *count.RankedCount) string {
	p := rc.Pending
	if p == nil {
		return ""
	}
	return fmt.Sprintf(rw.pending, p.Round, strings.Join(p.Among, w.listSep), p.Round)
}

// rankedOutcome names who a ranked count elected.
func rankedOutcome(w *words, rc *count.RankedCount) string {
	win := w.none
	if len(rc.Winners) > 0 {
		win = strings.Join(rc.Winners, w.listSep)
	}
	return w.elected + w.colon + win
}

func writeRankedRounds(b *strings.Builder, w *words, rw *rankedWords, rc *count.RankedCount) {
	for _, t := range rankedTables(w, rw, rc) {
		b.WriteString("\n")
		t.write(b, "  ")
	}
	b.WriteString("\n")
	for _, d := range rankedDecisions(w, rw, rc) {
		b.WriteString("  " + label(d[0]) + d[1] + "\n")
	}
}

// rankedTables are a ranked count's figures, a column per round, six
// rounds to a table, each followed by its keep factors where the method
// has them.
func rankedTables(w *words, rw *rankedWords, rc *count.RankedCount) []*table {
	var out []*table
	rounds := rc.Rounds
	var names []string
	seen := map[string]bool{}
	for _, r := range rounds {
		for _, v := range r.Votes {
			if !seen[v.Name] {
				seen[v.Name] = true
				names = append(names, v.Name)
			}
		}
	}
	for start := 0; start < len(rounds); start += roundsPerTable {
		chunk := rounds[start:min(start+roundsPerTable, len(rounds))]
		t := roundsTable(rw.round, chunk)
		for _, n := range names {
			row := []string{n}
			for _, r := range chunk {
				row = append(row, cell(r, n))
			}
			t.add(row...)
		}
		for _, reason := range []string{count.InactiveExhausted, count.InactiveOvervote, count.InactiveSkipped, count.InactiveRepeated, count.InactiveFinalRound} {
			row, any := []string{rw.inactive + w.colon + rw.reasons[reason]}, false
			for _, r := range chunk {
				v := r.Inactive[reason]
				any = any || v != "" && strings.Trim(v, "0.") != ""
				row = append(row, v)
			}
			if any {
				t.add(row...)
			}
		}
		for _, extra := range []struct {
			label string
			value func(count.RankedRound) string
		}{{rw.exhausted, func(r count.RankedRound) string { return r.Exhausted }},
			{rw.residual, func(r count.RankedRound) string { return r.Residual }},
			{rw.surplus, func(r count.RankedRound) string { return r.Surplus }}} {
			row, any := []string{extra.label}, false
			for _, r := range chunk {
				v := extra.value(r)
				any = any || v != "" && strings.Trim(v, "0.") != ""
				row = append(row, v)
			}
			if any {
				t.add(row...)
			}
		}
		row := []string{rw.threshold}
		for _, r := range chunk {
			row = append(row, r.Threshold)
		}
		t.add(row...)
		out = append(out, t)
		if k := keepTable(rw, chunk, names); k != nil {
			out = append(out, k)
		}
	}
	return out
}

// rankedDecisions say, round by round, who was elected or eliminated and
// why, the transfers and any note: a label and its text.
func rankedDecisions(w *words, rw *rankedWords, rc *count.RankedCount) [][2]string {
	var out [][2]string
	for _, r := range rc.Rounds {
		var parts []string
		why := func(d count.Decision) string {
			s := rw.whys[d.Why]
			if s == "" {
				s = d.Why
			}
			if d.Tie {
				s += w.listSep + rw.tieSettled
			}
			return w.open_ + s + w.close_
		}
		for _, d := range r.Elected {
			parts = append(parts, fmt.Sprintf(rw.elected, d.Name)+why(d))
		}
		for _, d := range r.Eliminated {
			parts = append(parts, fmt.Sprintf(rw.eliminated, d.Name)+why(d))
		}
		if len(r.Transfers) > 0 {
			var ts []string
			for _, t := range r.Transfers {
				to := t.To
				switch to {
				case "exhausted":
					to = rw.exhausted
				case "residual":
					to = rw.residual
				case "final-surplus":
					to = rw.finalSurplus
				}
				ts = append(ts, t.From+" → "+to+" "+t.Votes)
			}
			parts = append(parts, rw.transfers+w.colon+strings.Join(ts, w.listSep))
		}
		if note := noteText(rw, r); note != "" {
			parts = append(parts, note)
		}
		if len(parts) > 0 {
			out = append(out, [2]string{fmt.Sprintf("%s %d", rw.round, r.Round), strings.Join(parts, " · ")})
		}
	}
	return out
}

// cell is a candidate's votes in a round, marked ✓ when elected there and
// ✗ when eliminated there; empty once out of the count.
func cell(r count.RankedRound, name string) string {
	for _, v := range r.Votes {
		if v.Name != name {
			continue
		}
		s := v.Votes
		for _, d := range r.Elected {
			if d.Name == name {
				s += " ✓"
			}
		}
		for _, d := range r.Eliminated {
			if d.Name == name {
				s += " ✗"
			}
		}
		return s
	}
	return ""
}

// roundsTable starts a table with a column per round, headed by label
// and the rounds' numbers, figures right-aligned.
func roundsTable(label string, rounds []count.RankedRound) *table {
	t := &table{right: []bool{false}}
	head := []string{label}
	for _, r := range rounds {
		head = append(head, strconv.Itoa(r.Round))
		t.right = append(t.right, true)
	}
	t.add(head...)
	return t
}

// Wrap joins parts with sep into lines of at most width display cells,
// breaking only between parts (a name is never cut in two).
func Wrap(parts []string, sep string, width int) []string {
	var lines []string
	cur := ""
	for _, p := range parts {
		switch {
		case cur == "":
			cur = p
		case ansi.StringWidth(cur+sep+p) > width:
			lines = append(lines, cur)
			cur = p
		default:
			cur += sep + p
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// tieHow says how a tie was settled, in the report's language.
func tieHow(w *words, rw *rankedWords, t count.TieBreak) string {
	var parts []string
	base := t.How
	if strings.HasPrefix(base, "previous, then ") {
		parts = append(parts, rw.hows["previous"])
		base = strings.TrimPrefix(base, "previous, then ")
	}
	if h := rw.hows[base]; h != "" {
		parts = append(parts, h)
	} else {
		parts = append(parts, base)
	}
	if len(t.Rounds) > 0 {
		var rs []string
		for _, r := range t.Rounds {
			rs = append(rs, fmt.Sprintf(w.round, r))
		}
		parts = append(parts, fmt.Sprintf(rw.previousRounds, strings.Join(rs, w.listSep)))
	}
	switch {
	case t.Of > 0:
		parts = append(parts, fmt.Sprintf(rw.draw, t.Draw, t.Of, t.Seed))
	case base == "permutation":
		parts = append(parts, fmt.Sprintf(rw.seed, t.Seed))
	}
	return strings.Join(parts, w.listSep)
}

// noteText is a round's note in the report's language, or as the method
// wrote it where it has no code.
func noteText(rw *rankedWords, r count.RankedRound) string {
	f, ok := rw.notes[r.NoteCode]
	switch {
	case !ok:
		return r.Note
	case r.NoteCode == "iterations":
		return fmt.Sprintf(f, r.Iterations)
	}
	return f
}

// keepTable is the Meek and Warren keep factors, round by round, or nil
// for a method without them.
func keepTable(rw *rankedWords, chunk []count.RankedRound, names []string) *table {
	any := false
	for _, r := range chunk {
		for _, v := range r.Votes {
			any = any || v.Keep != ""
		}
	}
	if !any {
		return nil
	}
	t := roundsTable(rw.keep, chunk)
	for _, n := range names {
		row := []string{n}
		for _, r := range chunk {
			k := ""
			for _, v := range r.Votes {
				if v.Name == n {
					k = v.Keep
				}
			}
			row = append(row, k)
		}
		t.add(row...)
	}
	return t
}
