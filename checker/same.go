package checker

import (
	"cmp"
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
// memory grows with rows by no more than a uniqueness rule's, and only the
// numbers of figures stated twice are held.
type sameFigures struct {
	rules []*compiledRule
	acc   *accumulator
	seed  maphash.Seed
	sets  []sameStatement // the statements of figure sets
	inSet map[uint64]bool // the hashes of the figure sets' statements
	runs  []*datasetRun   // the dataset runs that state figures, by sameKey.run
	rows  []sameKey       // one a table row
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
		use := setFigureUse(&f)
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

// compact is a statement as held while every statement is gathered: its
// number and where it is, without its text, which only a finding needs.
type compact struct {
	measure string // normalized
	num     Num
	order   [2]int // input and line, the order statements are listed in
	set     int    // the statement's index in sets, or -1 for a table row
	run     int16
	table   int16
	meas    int16 // the measure's index in the run's dataset
	line    int32
}

// finish reads again the rows whose keys meet and compares every
// statement of each figure stated more than once with every other. Rows
// are read again twice at most: once for the numbers of every row whose
// key meets another's, and once more for the texts and places of the
// statements of failing figures alone.
func (s *sameFigures) finish(ctx context.Context, workers int) error {
	inputs := map[string]int{}
	for i, path := range s.acc.inputs {
		inputs[path] = i
	}
	byRow := map[string][]compact{} // by period, area and identity dimensions
	for i, st := range s.sets {
		k := st.id.period + "\x00" + st.id.area + "\x00" + st.id.rest
		byRow[k] = append(byRow[k], compact{measure: st.id.measure, num: st.st.num, set: i,
			order: [2]int{inputs[st.st.use.Pos.File], st.st.use.Pos.Line}})
	}
	names := make([][]string, len(s.runs)) // each run's measures, normalized
	for i, run := range s.runs {
		for _, m := range run.ds.Measures {
			names[i] = append(names[i], string(appendNorm(nil, m.Name)))
		}
	}
	slices.SortFunc(s.rows, func(a, b sameKey) int { return cmp.Compare(a.hash, b.hash) })
	readers := s.readers()
	var buf []byte
	for i, k := range s.rows {
		meets := i > 0 && s.rows[i-1].hash == k.hash || i+1 < len(s.rows) && s.rows[i+1].hash == k.hash
		if !meets && !s.inSet[k.hash] {
			continue
		}
		run, ri := s.runs[k.run], k.run
		p := run.tables[k.table]
		input := inputs[p.table.Path]
		readers[k.run].ask(rowRef{int32(k.table), k.line}, func(rec *record) {
			var ok bool
			if buf, ok = rowKey(buf[:0], run, rec); !ok {
				return
			}
			sts := byRow[string(buf)]
			for m := range run.ds.Measures {
				if p.allCol[m] >= 0 && rec.state[m] == cellNumber {
					sts = append(sts, compact{measure: names[ri][m], num: rec.nums[m], set: -1, run: ri,
						table: k.table, meas: int16(m), line: int32(rec.line), order: [2]int{input, rec.line}})
				}
			}
			byRow[string(buf)] = sts
		})
	}
	s.rows = nil
	if err := s.read(ctx, readers, workers); err != nil {
		return err
	}
	// Each figure's statements, in order; figures in the order of their
	// first statement.
	var figures [][]compact
	for _, sts := range byRow {
		slices.SortFunc(sts, func(a, b compact) int {
			if c := strings.Compare(a.measure, b.measure); c != 0 {
				return c
			}
			return slices.Compare(a.order[:], b.order[:])
		})
		for len(sts) > 0 {
			n := 1
			for n < len(sts) && sts[n].measure == sts[0].measure {
				n++
			}
			if n > 1 {
				figures = append(figures, sts[:n])
			}
			sts = sts[n:]
		}
	}
	slices.SortFunc(figures, func(a, b []compact) int { return slices.Compare(a[0].order[:], b[0].order[:]) })
	type failure struct {
		cr   *compiledRule
		sts  []compact
		full []statement
		x, y int
		out  []int
	}
	var failures []*failure
	readers = s.readers()
	for _, sts := range figures {
		nums := make([]Num, len(sts))
		for i, st := range sts {
			nums[i] = st.num
		}
		for _, cr := range s.rules {
			x, y, out := compare(cr, nums)
			if x < 0 {
				s.acc.record(outcome{rule: cr, verdict: Pass}, 0)
				continue
			}
			f := &failure{cr: cr, sts: sts, full: make([]statement, len(sts)), x: x, y: y, out: out}
			failures = append(failures, f)
			for i, st := range sts {
				if st.set >= 0 {
					f.full[i] = s.sets[st.set].st
					continue
				}
				run := s.runs[st.run]
				readers[st.run].ask(rowRef{int32(st.table), st.line}, func(rec *record) {
					b := rec.measure(run.ds, int(st.meas))
					f.full[i] = statement{subject: run.ds.Measures[st.meas].Name + ", " + rec.subject(run), use: b.use, num: st.num}
				})
			}
		}
	}
	if err := s.read(ctx, readers, workers); err != nil {
		return err
	}
	for _, f := range failures {
		s.acc.record(outcome{rule: f.cr, verdict: Fail, finding: explainSame(f.cr, f.full, f.x, f.y, f.out)}, 0)
	}
	return nil
}

// readers returns a rereader of every measure for each run.
func (s *sameFigures) readers() []*rereader {
	out := make([]*rereader, len(s.runs))
	for i, run := range s.runs {
		out[i] = &rereader{run: run, want: map[rowRef][]func(*record){}, all: true}
	}
	return out
}

// read reads the rows the readers were asked for.
func (s *sameFigures) read(ctx context.Context, readers []*rereader, workers int) error {
	for _, rr := range readers {
		if len(rr.want) > 0 {
			if err := rr.read(ctx, workers); err != nil {
				return err
			}
		}
	}
	return nil
}

// agreeing reports whether two statements of one figure can be the same value.
func agreeing(cr *compiledRule, a, b Num) bool {
	return interval.Possible(interval.Eq, a, b, cr.rule.Tolerance.For(a, b))
}

// compare decides one figure's statements (two or more, in order): they
// pass when every pair agrees, and then x is -1. Otherwise x and y are
// the pair furthest apart, which the finding shows, and out the fewest
// statements whose leaving out makes the rest agree.
func compare(cr *compiledRule, nums []Num) (x, y int, out []int) {
	x, y, gap := -1, -1, 0.0
	for i := range nums {
		for j := i + 1; j < len(nums); j++ {
			if g := interval.Gap(interval.Eq, nums[i], nums[j]); !agreeing(cr, nums[i], nums[j]) && (x < 0 || g > gap) {
				x, y, gap = i, j, g
			}
		}
	}
	if x < 0 {
		return -1, -1, nil
	}
	return x, y, dissenters(cr, nums)
}

// dissenters returns the fewest statements that, left out, leave the rest
// agreeing each with each: those outside the largest agreeing set. Rounding
// intervals agree pairwise exactly when they share a point, so the largest
// agreeing set is, for some statement i, the statements that start no later
// than i and agree with it. Of sets as large, the one whose i starts lowest
// is taken, so that the answer does not depend on the order of the inputs.
func dissenters(cr *compiledRule, nums []Num) []int {
	var best []int
	anchor := -1
	for i := range nums {
		var set []int
		for k := range nums {
			if nums[k].Lo <= nums[i].Lo && agreeing(cr, nums[k], nums[i]) {
				set = append(set, k)
			}
		}
		if !allAgree(cr, nums, set) {
			continue
		}
		if anchor < 0 || len(set) > len(best) || len(set) == len(best) &&
			(nums[i].Lo < nums[anchor].Lo || nums[i].Lo == nums[anchor].Lo && nums[i].Hi < nums[anchor].Hi) {
			best, anchor = set, i
		}
	}
	var out []int
	for k := range nums {
		if !slices.Contains(best, k) {
			out = append(out, k)
		}
	}
	return out
}

func allAgree(cr *compiledRule, nums []Num, set []int) bool {
	for i, a := range set {
		for _, b := range set[i+1:] {
			if !agreeing(cr, nums[a], nums[b]) {
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
		if i == MaxParts {
			break
		}
		f.Figures = append(f.Figures, st.use)
	}
	return f
}
