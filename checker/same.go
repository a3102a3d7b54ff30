package checker

import (
	"context"
	"hash/maphash"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/interval"
)

// sameFigures checks that a figure stated more than once, in one input or
// across inputs, has one value: the same measure for the same period and
// area must agree within the rounding of every statement, each with each.
//
// Figure sets are small and their statements are kept. A table row leaves
// only a 64-bit hash of its period, area and identity dimensions and where
// it is (16 bytes); once every table is read, the rows whose hashes meet
// (or meet a figure set's) are read again and their measures compared, so
// memory grows with rows by no more than a uniqueness rule's, and only
// figures stated twice are ever held.
type sameFigures struct {
	rules []*compiledRule
	acc   *accumulator
	seed  maphash.Seed
	sets  []sameStatement   // the statements of figure sets
	inSet map[uint64]bool   // the hashes of the figure sets' statements
	runs  []*datasetRun     // the dataset runs that state figures, by sameKey.run
	rows  []sameKey         // one a table row
	found map[identity]bool // scratch for finish
}

// identity is what makes two statements the same figure.
// Beyond measure, period and area, a table's dataset may name more
// dimensions that identify a figure (a breakdown such as sex), in rest.
type identity struct{ measure, period, area, rest string }

// statement is one place a figure is stated.
type statement struct {
	subject string
	use     FigureUse
	num     Num
	order   [3]int // input, line, column: the order statements are listed in
}

// sameStatement is a statement with the figure it states.
type sameStatement struct {
	id identity
	st statement
}

// sameKey is a table row's hash of its period, area and identity
// dimensions, and where the row is.
type sameKey struct {
	hash  uint64
	line  int32
	table int16 // in the run's tables
	run   int16 // in sameFigures.runs
}

// newSameFigures returns nil when no rule asks for the check.
func newSameFigures(rules []*compiledRule, acc *accumulator) *sameFigures {
	s := &sameFigures{acc: acc, seed: maphash.MakeSeed(), inSet: map[uint64]bool{}}
	for _, cr := range rules {
		if cr.rule.SameFigure {
			s.rules = append(s.rules, cr)
		}
	}
	if len(s.rules) == 0 {
		return nil
	}
	return s
}

// join makes run one whose rows state figures, returning its index.
func (s *sameFigures) join(run *datasetRun) int16 {
	s.runs = append(s.runs, run)
	return int16(len(s.runs) - 1)
}

// appendNorm appends s without surrounding space and in lower case, and a
// byte no text holds, as the key of a figure's identity.
func appendNorm(b []byte, s string) []byte {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			b = append(b, strings.ToLower(s)...)
			return append(b, 0)
		}
	}
	b = append(b, s...)
	return append(b, 0)
}

// rowKey writes the part of a row's figures' identity that all its
// measures share: period, area and the dataset's identity dimensions. It
// returns false for a row that names no area, which states no
// identifiable figure.
func rowKey(b []byte, run *datasetRun, rec *record) ([]byte, bool) {
	area := ""
	for _, a := range run.area {
		if area = rec.dims[a]; area != "" {
			break
		}
	}
	if area == "" {
		return b, false
	}
	b = appendNorm(b, rec.dims[run.period])
	b = appendNorm(b, area)
	for _, d := range run.identity {
		b = appendNorm(b, rec.dims[d])
	}
	return b, true
}

func setKey(f figures.Figure) []byte {
	return appendNorm(appendNorm(nil, f.Period), f.Area)
}

func key(measure string, k []byte) identity {
	period, rest, _ := strings.Cut(string(k), "\x00")
	area, rest, _ := strings.Cut(rest, "\x00")
	return identity{string(appendNorm(nil, measure)), period, area, rest}
}

// addSet adds the figures of a figure set that say what they measure.
func (s *sameFigures) addSet(set *figures.Set) {
	for _, f := range set.Figures {
		if !hasIdentity(f) || f.Value.Status != figures.Number {
			continue
		}
		k := setKey(f)
		s.inSet[maphash.Bytes(s.seed, k)] = true
		use := FigureUse{Name: f.Name, Text: f.Value.Text, Lo: f.Value.Num.Lo, Hi: f.Value.Num.Hi, Pos: f.Pos}
		s.sets = append(s.sets, sameStatement{
			id: key(f.Measure, k),
			st: statement{subject: f.Measure + ", " + f.Area + ", " + f.Period, use: use, num: f.Value.Num},
		})
	}
}

// note appends rec's key to keys, for the run numbered run.
func (s *sameFigures) note(w *worker, run *datasetRun, table int, rec *record, keys []sameKey) []sameKey {
	var ok bool
	if w.key, ok = rowKey(w.key[:0], run, rec); !ok {
		return keys
	}
	return append(keys, sameKey{hash: maphash.Bytes(s.seed, w.key), line: int32(rec.line), table: int16(table), run: run.sameRun})
}

// merge adds a chunk's keys.
func (s *sameFigures) merge(keys []sameKey) { s.rows = append(s.rows, keys...) }

// finish reads again the rows whose keys meet and compares every
// statement of each figure stated more than once with every other.
func (s *sameFigures) finish(ctx context.Context, workers int) error {
	slices.SortFunc(s.rows, func(a, b sameKey) int {
		switch {
		case a.hash < b.hash:
			return -1
		case a.hash > b.hash:
			return 1
		}
		return 0
	})
	readers := make([]*rereader, len(s.runs))
	for i, run := range s.runs {
		readers[i] = &rereader{run: run, want: map[rowRef][]func(*record){}, all: true}
	}
	byID := map[identity][]statement{}
	for _, st := range s.sets {
		byID[st.id] = append(byID[st.id], st.st)
	}
	for i, k := range s.rows {
		meets := i > 0 && s.rows[i-1].hash == k.hash || i+1 < len(s.rows) && s.rows[i+1].hash == k.hash
		if !meets && !s.inSet[k.hash] {
			continue
		}
		run := s.runs[k.run]
		p := run.tables[k.table].everyMeasure()
		readers[k.run].ask(rowRef{int32(k.table), k.line}, func(rec *record) {
			for _, st := range statements(run, p, rec) {
				byID[st.id] = append(byID[st.id], st.st)
			}
		})
	}
	s.rows = nil
	for _, rr := range readers {
		if len(rr.want) > 0 {
			if err := rr.read(ctx, workers); err != nil {
				return err
			}
		}
	}
	inputs := map[string]int{}
	for i, path := range s.acc.inputs {
		inputs[path] = i
	}
	var ids []identity
	for id, sts := range byID {
		if len(sts) < 2 {
			continue
		}
		for i := range sts {
			sts[i].order = [3]int{inputs[sts[i].use.Pos.File], sts[i].use.Pos.Line, sts[i].use.Pos.Col}
		}
		slices.SortStableFunc(sts, func(a, b statement) int { return slices.Compare(a.order[:], b.order[:]) })
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b identity) int { return slices.Compare(byID[a][0].order[:], byID[b][0].order[:]) })
	for _, id := range ids {
		for _, cr := range s.rules {
			s.acc.record(compare(cr, byID[id]), 0)
		}
	}
	return nil
}

// statements returns every measure of rec, whose dataset names its period
// and area, as a statement to compare: identified by measure, period, area
// and the dataset's other identity dimensions.
func statements(run *datasetRun, p *plan, rec *record) []sameStatement {
	rest, ok := rowKey(nil, run, rec)
	if !ok {
		return nil
	}
	subject := rec.subject(run)
	var out []sameStatement
	for i, m := range run.ds.Measures {
		if p.measCol[i] < 0 || rec.state[i] != cellNumber {
			continue
		}
		b := rec.measure(run.ds, i)
		out = append(out, sameStatement{
			id: key(m.Name, rest),
			st: statement{subject: m.Name + ", " + subject, use: b.use, num: rec.nums[i]},
		})
	}
	return out
}

// agreeing reports whether two statements of one figure can be the same value.
func agreeing(cr *compiledRule, a, b statement) bool {
	return interval.Possible(interval.Eq, a.num, b.num, cr.rule.Tolerance.For(a.num, b.num))
}

// compare decides one figure's statements (two or more, in order): they
// pass when every pair agrees.
func compare(cr *compiledRule, sts []statement) outcome {
	// The pair furthest apart is the one the finding shows.
	x, y, gap := -1, -1, 0.0
	for i := range sts {
		for j := i + 1; j < len(sts); j++ {
			if g := interval.Gap(interval.Eq, sts[i].num, sts[j].num); !agreeing(cr, sts[i], sts[j]) && (x < 0 || g > gap) {
				x, y, gap = i, j, g
			}
		}
	}
	if x < 0 {
		return outcome{rule: cr, verdict: Pass}
	}
	return outcome{rule: cr, verdict: Fail, finding: explainSame(cr, sts, x, y, dissenters(cr, sts))}
}

// dissenters returns the fewest statements that, left out, leave the rest
// agreeing each with each: those outside the largest agreeing set. Rounding
// intervals agree pairwise exactly when they share a point, so the largest
// agreeing set is, for some statement i, the statements that start no later
// than i and agree with it. Of sets as large, the one whose i starts lowest
// is taken, so that the answer does not depend on the order of the inputs.
func dissenters(cr *compiledRule, sts []statement) []int {
	var best []int
	anchor := -1
	for i := range sts {
		var set []int
		for k := range sts {
			if sts[k].num.Lo <= sts[i].num.Lo && agreeing(cr, sts[k], sts[i]) {
				set = append(set, k)
			}
		}
		if !allAgree(cr, sts, set) {
			continue
		}
		a, b := sts[i].num, Num{}
		if anchor >= 0 {
			b = sts[anchor].num
		}
		if anchor < 0 || len(set) > len(best) || len(set) == len(best) && (a.Lo < b.Lo || a.Lo == b.Lo && a.Hi < b.Hi) {
			best, anchor = set, i
		}
	}
	var out []int
	for k := range sts {
		if !slices.Contains(best, k) {
			out = append(out, k)
		}
	}
	return out
}

func allAgree(cr *compiledRule, sts []statement, set []int) bool {
	for i, a := range set {
		for _, b := range set[i+1:] {
			if !agreeing(cr, sts[a], sts[b]) {
				return false
			}
		}
	}
	return true
}

// explainSame explains a figure whose statements x and y disagree; out are
// the fewest statements whose leaving out makes the rest agree.
func explainSame(cr *compiledRule, sts []statement, x, y int, out []int) *Finding {
	first, second := sts[x], sts[y]
	a, b := first.num, second.num
	expr := first.use.Name + " == " + second.use.Name
	computation := first.use.Text + " == " + second.use.Text
	if len(sts) > 2 {
		var names []string
		for _, k := range out {
			names = append(names, sts[k].use.Name+" "+sts[k].use.Text)
		}
		computation += "; " + strconv.Itoa(len(sts)) + " statements, which agree without " + strings.Join(names, ", ")
	}
	// Two figures of one precision one unit apart touch without meeting:
	// no tolerance of 0 joins them, but one of their distance does.
	asWritten := max(a.V, b.V) - min(a.V, b.V)
	gap := interval.Gap(interval.Eq, a, b)
	if gap <= 0 {
		gap = asWritten
	}
	f := &Finding{
		Rule:        cr.rule,
		Verdict:     Fail,
		Subject:     second.subject,
		Pos:         second.use.Pos,
		Expr:        expr,
		Computation: computation,
		Comparisons: []Comparison{{
			Expr:         expr,
			Op:           "==",
			Left:         Side{Expr: first.use.Name, Computation: first.use.Text, Value: a.V, Lo: a.Lo, Hi: a.Hi},
			Right:        Side{Expr: second.use.Name, Computation: second.use.Text, Value: b.V, Lo: b.Lo, Hi: b.Hi},
			Gap:          gap,
			GapAsWritten: asWritten,
			Tolerance:    cr.rule.Tolerance.For(a, b),
		}},
		Message: renderMessage(cr.message, second.subject, nil),
	}
	for i, st := range sts {
		if i == maxParts {
			break
		}
		f.Figures = append(f.Figures, st.use)
	}
	return f
}
