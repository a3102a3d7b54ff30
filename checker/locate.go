package checker

import (
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/figcheck/figcheck/internal/ir"
	"github.com/figcheck/figcheck/interval"
	"github.com/figcheck/figcheck/locate"
	"github.com/figcheck/figcheck/position"
)

// Culprit is a figure that, changed, would let every rule over it pass:
// one figure of a repair of the failing evaluations that share figures
// with a finding (see package locate).
type Culprit struct {
	// Set numbers the repairs, most likely first, from 0; a repair of
	// several figures has one Culprit per figure, with the same Set.
	Set    int
	Figure FigureUse
	// Lo and Hi bound the values the figure could take for every rule over
	// it to pass.
	Lo, Hi float64
	// Diagnosis is the slip that would explain the figure, if one does.
	Diagnosis *locate.Diagnosis
	// Explains counts the findings that the repair explains.
	Explains int
	// Limit says the search for repairs stopped at a limit before it was
	// done, and which.
	Limit string `json:",omitempty"`
}

// Limits bound the search for culprits of each group of findings.
var Limits = locate.Limits{MaxSize: 2, MaxEvals: 20000}

// source is what a finding rests on, for finding its culprits: the rows,
// or the figure set, it was evaluated on.
type source struct {
	run       *datasetRun
	rec, prev *record
	group     *groupRule
	gr        *group
	parts     []*record     // the parts read again
	cr        *compiledRule // for rules with prev
}

// figKey is a figure's identity: where it is and which column or name.
type figKey struct {
	pos  position.Pos
	name string
}

func keyOf(u FigureUse) figKey {
	if u.Column != "" {
		return figKey{u.Pos, u.Column}
	}
	return figKey{u.Pos, u.Name}
}

// unit is one evaluation of a rule that localisation may re-evaluate with
// some of the figures it reads changed.
type unit struct {
	finding *Finding     // nil when it passed
	row     position.Pos // the row it is evaluated on, for tables
	rule    *compiledRule
	reads   []FigureUse
	values  []interval.Num
	// set changes the figures it reads in l's scratch copies as changes
	// say, by index in reads, and returns the record and the lookup the
	// rule is evaluated on.
	set func(l *locator, changes []locate.Change) (*record, func(ir.Ref) binding)
}

// holds reports whether the rule could pass with the figures it reads
// changed as changes say.
func (u *unit) holds(l *locator, changes []locate.Change) bool {
	rec, lookup := u.set(l, changes)
	return l.w.couldPass(u.rule, rec, lookup)
}

// gaps appends to out how far the rule is from passing with the figures it
// reads changed as changes say (see worker.gaps).
func (u *unit) gaps(l *locator, changes []locate.Change, out []float64) ([]float64, bool) {
	rec, lookup := u.set(l, changes)
	return l.w.gaps(u.rule, rec, lookup, out)
}

// locator is the working memory of one goroutine finding culprits: scratch
// copies of the rows and groups re-evaluated, and the lookups that read
// them, made once rather than for every evaluation.
type locator struct {
	w            worker
	rec, prev, g record                              // rows
	copied       [3]*record                          // the rows that rec, prev and g are copies of
	gr           group                               // a group, its aggregates moved
	blames       []*blame                            // the repairs found, in the order tried
	run          *datasetRun                         // whose rules rows and groups look up
	rows         func(ir.Ref) binding                // over rec and prev
	groups       map[*groupRule]func(ir.Ref) binding // over gr and g
}

func newLocator() *locator {
	return &locator{w: worker{env: map[string]any{}}, groups: map[*groupRule]func(ir.Ref) binding{}}
}

// rowLookup returns the lookup of run's rules over the scratch rows.
func (l *locator) rowLookup(run *datasetRun) func(ir.Ref) binding {
	if l.run != run {
		l.run, l.rows = run, run.lookup(&l.rec, &l.prev)
		clear(l.groups)
	}
	return l.rows
}

// groupLookup returns the lookup of g over the scratch group and whole.
func (l *locator) groupLookup(run *datasetRun, g *groupRule) func(ir.Ref) binding {
	l.rowLookup(run)
	f := l.groups[g]
	if f == nil {
		f = g.lookup(run, &l.gr, &l.g)
		l.groups[g] = f
	}
	return f
}

// couldPass reports whether the rule's assertion could hold within rounding
// with the values lookup gives (and rec holds, for the fast path on rows).
func (w *worker) couldPass(cr *compiledRule, rec *record, lookup func(ir.Ref) binding) bool {
	ev := evaluation{rule: cr, lookup: lookup, env: w.env, vm: &w.vm, one: &w.one, rec: rec}
	p := cr.assert
	if (p.fast == nil || p.frame) && ev.bind(p) != "" { // else the fast path reads the row itself
		return false
	}
	ok, problem := ev.holds(false)
	return ok && problem == nil
}

// gaps appends to out, for each comparison of numbers at the top of the
// rule's assertion, how far its sides are from meeting within rounding,
// less the tolerance: one number for < and <= (and > and >=), two for ==,
// each at most zero where that side of the comparison could hold. It
// reports false where the assertion has no such comparison, or one of !=.
func (w *worker) gaps(cr *compiledRule, rec *record, lookup func(ir.Ref) binding, out []float64) ([]float64, bool) {
	p := cr.assert
	ev := evaluation{rule: cr, lookup: lookup, env: w.env, vm: &w.vm, one: &w.one, rec: rec}
	if len(p.sides) == 0 || (p.fast == nil || p.frame) && ev.bind(p) != "" {
		return out, false
	}
	for k, c := range p.sides {
		l, r, ok := ev.sides(p, k, c)
		if !ok {
			continue // of text: no figure changes it
		}
		tol := cr.rule.Tolerance.For(l, r)
		switch c.op {
		case interval.Eq:
			out = append(out, l.Lo-r.Hi-tol, r.Lo-l.Hi-tol)
		case interval.Lt, interval.Le:
			out = append(out, l.Lo-r.Hi-tol)
		case interval.Gt, interval.Ge:
			out = append(out, r.Lo-l.Hi-tol)
		default:
			return out, false
		}
	}
	return out, len(out) > 0
}

// slot is where a figure a unit reads is: a measure of the row or of the
// previous period's row, or a part of one of a group's aggregates.
type slot struct {
	measure int
	prev    bool
	agg     int // the aggregate of a part, or -1
}

// load makes the scratch row k (0 rec, 1 prev, 2 g) a copy of rec: of its
// numbers alone when it is a copy of rec already.
func (l *locator) load(k int, rec *record) *record {
	into := [3]*record{&l.rec, &l.prev, &l.g}[k]
	if l.copied[k] == rec {
		copy(into.nums, rec.nums)
		return into
	}
	buf := into.nums[:0] // into's own, never rec's
	*into = *rec
	into.nums = append(buf, rec.nums...)
	l.copied[k] = rec
	return into
}

// numbers reports whether a rule reads any figure of a row as a number,
// which localisation could change.
func numbers(cr *compiledRule) bool {
	return slices.ContainsFunc(cr.assert.refs, func(r ir.Ref) bool { return r.Kind == ir.Value || r.Kind == ir.Prev })
}

// rowUnit is a row rule (or one with prev) on rec, or nil when the rule
// reads no figure as a number, does not apply to rec or cannot be decided.
func (run *datasetRun) rowUnit(w *worker, cr *compiledRule, rec, prev *record) *unit {
	if !numbers(cr) {
		return nil
	}
	lookup := run.lookup(rec, prev)
	if cr.when != nil {
		if rec.missing(run.ds, cr.when.measures) != "" {
			return nil
		}
		if ok, problem := w.test(run, cr, cr.when, rec, lookup); !ok || problem != nil {
			return nil
		}
	}
	n := len(cr.assert.refs)
	u := &unit{rule: cr, row: position.Pos{File: rec.file, Line: rec.line}, reads: make([]FigureUse, 0, n), values: make([]interval.Num, 0, n)}
	slots := make([]slot, 0, n)
	for _, ref := range cr.assert.refs {
		if ref.Kind != ir.Value && ref.Kind != ir.Prev {
			continue
		}
		b := lookup(ref)
		if b.reason != "" {
			return nil
		}
		if n, ok := b.value.(Num); ok {
			u.reads, u.values = append(u.reads, b.use), append(u.values, n)
			slots = append(slots, slot{measure: run.ds.MeasureIndex(ref.Name), prev: ref.Kind == ir.Prev, agg: -1})
		}
	}
	u.set = func(l *locator, changes []locate.Change) (*record, func(ir.Ref) binding) {
		r := l.load(0, rec)
		if prev != nil {
			l.load(1, prev)
		}
		for _, c := range changes {
			if s := slots[c.Read]; s.prev {
				l.prev.nums[s.measure] = c.Value
			} else {
				r.nums[s.measure] = c.Value
			}
		}
		return r, l.rowLookup(run)
	}
	return u
}

// groupUnit is a group rule on one whole, with the parts known of it: the
// whole's figures and the parts of its sums are the figures it reads.
func (run *datasetRun) groupUnit(g *groupRule, gr *group, whole *record, parts []*record) *unit {
	if gr.unknown != "" || gr.count == 0 {
		return nil
	}
	u := &unit{rule: g.cr, row: position.Pos{File: whole.file, Line: whole.line}}
	var slots []slot
	base := g.lookup(run, gr, whole)
	for _, ref := range g.cr.assert.refs {
		b := base(ref)
		if b.reason != "" {
			return nil
		}
		m := run.ds.MeasureIndex(ref.Name)
		switch {
		case ref.Kind == ir.Value:
			if n, ok := b.value.(Num); ok {
				u.reads, u.values = append(u.reads, b.use), append(u.values, n)
				slots = append(slots, slot{measure: m, agg: -1})
			}
		case ref.Kind == ir.Aggregate && ref.Agg == ir.Sum:
			agg := slices.Index(g.aggs, ref)
			for _, p := range parts {
				if p.state[m] == cellNumber {
					use := p.measure(run.ds, m).use
					use.Area = p.subject(run)
					u.reads, u.values = append(u.reads, use), append(u.values, p.nums[m])
					slots = append(slots, slot{measure: m, agg: agg})
				}
			}
		}
	}
	u.set = func(l *locator, changes []locate.Change) (*record, func(ir.Ref) binding) {
		aggs := l.gr.values
		l.gr = *gr
		l.gr.values = append(aggs[:0], gr.values...)
		w := l.load(2, whole)
		for _, c := range changes {
			s, v := slots[c.Read], c.Value
			if s.agg < 0 {
				w.nums[s.measure] = v
				continue
			}
			a, o := &l.gr.values[s.agg].n, u.values[c.Read]
			a.Lo, a.Hi, a.V = a.Lo-o.Lo+v.Lo, a.Hi-o.Hi+v.Hi, a.V-o.V+v.V
		}
		return w, l.groupLookup(run, g)
	}
	return u
}

// figureUnit is a rule over figure sets on one set.
func figureUnit(cr *compiledRule, lookup func(ir.Ref) binding) *unit {
	u := &unit{rule: cr}
	var refs []ir.Ref // by read
	for _, ref := range cr.assert.refs {
		b := lookup(ref)
		if b.reason != "" {
			return nil
		}
		if n, ok := b.value.(Num); ok && ref.Kind != ir.List {
			u.reads, u.values, refs = append(u.reads, b.use), append(u.values, n), append(refs, ref)
		}
	}
	u.set = func(l *locator, changes []locate.Change) (*record, func(ir.Ref) binding) {
		return nil, func(r ir.Ref) binding {
			b := lookup(r)
			for _, c := range changes {
				if refs[c.Read] == r {
					b.value = c.Value
				}
			}
			return b
		}
	}
	return u
}

// locateRun finds the culprits of the findings of a dataset run: every
// row rule on the rows they rest on, rules with prev as they failed, and
// the group rules whose wholes or parts those rows are.
func (run *datasetRun) locateRun(w *worker, findings []*Finding, workers int) {
	var units []*unit
	var rows []*record
	seenRow := map[figKey]bool{}
	addRow := func(rec *record) {
		if rec == nil {
			return
		}
		k := figKey{position.Pos{File: rec.file, Line: rec.line}, ""}
		if !seenRow[k] {
			seenRow[k] = true
			rows = append(rows, rec)
		}
	}
	type groupWhole struct {
		g     *groupRule
		gr    *group
		whole *record
	}
	wholes := map[groupWhole][]*record{}
	var wholeOrder []groupWhole
	addWhole := func(gw groupWhole, parts []*record) {
		if _, ok := wholes[gw]; !ok {
			wholeOrder = append(wholeOrder, gw)
		}
		for _, p := range parts {
			if !slices.ContainsFunc(wholes[gw], func(q *record) bool { return q.file == p.file && q.line == p.line }) {
				wholes[gw] = append(wholes[gw], p)
			}
		}
	}
	for _, f := range findings {
		s := f.source
		switch {
		case s.group != nil:
			addRow(s.rec)
			for _, p := range s.parts {
				addRow(p)
			}
			addWhole(groupWhole{s.group, s.gr, s.rec}, s.parts)
		case s.prev != nil:
			addRow(s.rec)
			if u := run.rowUnit(w, s.cr, s.rec, s.prev); u != nil {
				u.finding = f
				units = append(units, u)
			}
		default:
			addRow(s.rec)
		}
	}
	for _, rec := range rows {
		for _, g := range run.groups {
			for _, pick := range []struct {
				filter *program
				by     []int
				part   bool
			}{{g.cr.parts, g.by, true}, {g.cr.whole, g.wholeBy, false}} {
				if !rec.usable(pick.filter.measures) {
					continue // test decides on rows with the figures it reads
				}
				if ok, problem := w.test(run, g.cr, pick.filter, rec, nil); !ok || problem != nil {
					continue
				}
				w.key = groupKey(w.key[:0], rec, pick.by)
				gr := g.groups[string(w.key)]
				if gr == nil {
					continue
				}
				for _, whole := range gr.wholes {
					if pick.part {
						addWhole(groupWhole{g, gr, whole}, []*record{rec})
					} else if whole.line == rec.line && whole.file == rec.file {
						addWhole(groupWhole{g, gr, whole}, nil)
					}
				}
			}
		}
	}
	groupFindings := map[groupWhole]*Finding{}
	for _, f := range findings {
		if s := f.source; s.group != nil {
			groupFindings[groupWhole{s.group, s.gr, s.rec}] = f
		}
	}
	// The measures of each row that failing rules read: the figures that
	// may be blamed. A rule that passes matters only where it reads one.
	suspect := map[position.Pos][]bool{}
	suspects := func(rec *record, refs []ir.Ref, kind ir.RefKind) {
		k := position.Pos{File: rec.file, Line: rec.line}
		if suspect[k] == nil {
			suspect[k] = make([]bool, len(run.ds.Measures))
		}
		for _, ref := range refs {
			if ref.Kind == kind {
				if i := run.ds.MeasureIndex(ref.Name); i >= 0 {
					suspect[k][i] = true
				}
			}
		}
	}
	for gw, f := range groupFindings {
		suspects(f.source.rec, gw.g.cr.assert.refs, ir.Value)
		for _, p := range wholes[gw] {
			suspects(p, gw.g.cr.assert.refs, ir.Aggregate)
		}
	}
	byID := map[string]*compiledRule{}
	for _, cr := range run.rows {
		byID[cr.rule.ID] = cr
	}
	failing := map[figKey]*Finding{} // row and rule, to tie units to findings
	for _, f := range findings {
		if s := f.source; s.group == nil {
			cr := s.cr
			if s.prev == nil {
				cr = byID[f.Rule.ID]
				failing[figKey{position.Pos{File: s.rec.file, Line: s.rec.line}, f.Rule.ID}] = f
			}
			if cr != nil {
				suspects(s.rec, cr.assert.refs, ir.Value)
			}
		}
	}
	reads := func(cr *compiledRule, of []bool) bool {
		return slices.ContainsFunc(cr.assert.refs, func(r ir.Ref) bool {
			i := run.ds.MeasureIndex(r.Name)
			return r.Kind == ir.Value && i >= 0 && of[i]
		})
	}
	for _, rec := range rows {
		at := position.Pos{File: rec.file, Line: rec.line}
		for _, cr := range run.rows {
			f := failing[figKey{at, cr.rule.ID}]
			if f == nil && !reads(cr, suspect[at]) {
				continue
			}
			if u := run.rowUnit(w, cr, rec, nil); u != nil {
				u.finding = f
				units = append(units, u)
			}
		}
	}
	for _, gw := range wholeOrder {
		if u := run.groupUnit(gw.g, gw.gr, gw.whole, wholes[gw]); u != nil {
			u.finding = groupFindings[gw]
			units = append(units, u)
		}
	}
	solveUnits(units, run.weight, workers)
}

// locate finds the culprits of the run's findings.
func (run *datasetRun) locate(workers int) {
	var mine []*Finding
	for _, f := range run.acc.findings {
		if f.f.source != nil && f.f.source.run == run {
			mine = append(mine, f.f)
		}
	}
	if len(mine) > 0 {
		run.locateRun(&worker{env: map[string]any{}}, mine, workers)
	}
	for _, f := range mine {
		f.source = nil
	}
}

// weight is the cost of blaming a figure of the dataset: its measure's
// declared blame, else 1.
func (run *datasetRun) weight(u FigureUse) float64 {
	if i := run.ds.MeasureIndex(u.Column); i >= 0 {
		return run.ds.Measures[i].Blame
	}
	for _, m := range run.ds.Measures {
		if m.HeaderText() == u.Column {
			return m.Blame
		}
	}
	return 0
}

// solveUnits splits the units into groups of failing evaluations that share
// figures, with the passing ones that read them, and attaches each group's
// culprits to its findings. A passing rule over several rows joins the
// groups whose figures it reads: a repair of one may break it unless
// another is repaired too, as when two areas' values are swapped and their
// sum still holds.
func solveUnits(units []*unit, weight func(FigureUse) float64, workers int) {
	readers := map[figKey][]*unit{}
	for _, u := range units {
		if u.finding == nil {
			for _, r := range u.reads {
				readers[keyOf(r)] = append(readers[keyOf(r)], u)
			}
		}
	}
	groups := components(units, spansRows)
	var next atomic.Int64
	var wg sync.WaitGroup
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	locators := make([]*locator, max(1, min(workers, len(groups))))
	for i := range locators {
		l := newLocator()
		locators[i] = l
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < len(groups); i = int(next.Add(1)) - 1 {
				l.solve(groups[i], readers, weight)
			}
		}()
	}
	wg.Wait()
	var blames []*blame
	for _, l := range locators {
		blames = append(blames, l.blames...)
	}
	swaps(blames)
	for _, b := range blames { // in the order found: a later try replaces an earlier one
		b.attach()
	}
}

// solve localises one group of failing units. When the whole group has no
// small repair, failures that share no figure may be separate slips, or a
// slip beside failures that no small repair explains: each cluster of
// failures that share figures is tried alone, then two clusters that a
// passing rule reads together (two areas swapped keep their sum), then
// what is left row by row.
func (l *locator) solve(failing []*unit, readers map[figKey][]*unit, weight func(FigureUse) float64) {
	if l.solveGroup(failing, withPassing(failing, readers), weight) {
		return
	}
	clusters := components(failing, func(*unit) bool { return false })
	if len(clusters) > 1 {
		solved := make([]bool, len(clusters))
		single := make([]bool, len(clusters)) // solved by blaming one figure
		passing := make([]map[*unit]bool, len(clusters))
		for i, c := range clusters {
			group := withPassing(c, readers)
			solved[i] = l.solveGroup(c, group, weight)
			single[i] = solved[i] && slices.ContainsFunc(l.blames[len(l.blames)-1].sets, func(s []suspect) bool { return len(s) == 1 })
			passing[i] = map[*unit]bool{}
			for _, u := range group[len(c):] {
				passing[i][u] = true
			}
		}
		// A cluster with no repair is tried with each other that a passing
		// rule reads too: with those that have none, and with those whose
		// repairs blame several figures, which a swap of two cells between
		// them may explain with as few. A failed try with one that has a
		// repair is forgotten, so that its repair stands.
		for i := range clusters {
			for j := range clusters {
				if solved[i] {
					break
				}
				if j == i || single[j] || !solved[j] && j < i || !sharesAny(passing[i], passing[j]) {
					continue
				}
				both := append(slices.Clip(clusters[i]), clusters[j]...)
				if l.solveGroup(both, withPassing(both, readers), weight) {
					solved[i], solved[j] = true, true
				} else if solved[j] {
					l.blames = l.blames[:len(l.blames)-1]
				}
			}
		}
		failing = nil
		for i, c := range clusters {
			if !solved[i] {
				failing = append(failing, c...)
			}
		}
	}
	var rows []position.Pos
	byRow := map[position.Pos][]*unit{}
	for _, u := range failing {
		if _, ok := byRow[u.row]; !ok {
			rows = append(rows, u.row)
		}
		byRow[u.row] = append(byRow[u.row], u)
	}
	if len(rows) < 2 {
		return
	}
	for _, row := range rows {
		l.solveGroup(byRow[row], withPassing(byRow[row], readers), weight)
	}
}

func sharesAny(a, b map[*unit]bool) bool {
	for u := range a {
		if b[u] {
			return true
		}
	}
	return false
}

// spansRows reports whether a unit reads figures of more than one row.
func spansRows(u *unit) bool {
	return slices.ContainsFunc(u.reads, func(r FigureUse) bool { return r.Pos.Line != u.reads[0].Pos.Line })
}

// components returns the failing units in groups that share figures,
// joined also by the passing units for which join is true.
func components(units []*unit, join func(*unit) bool) [][]*unit {
	parent := map[figKey]figKey{}
	var find func(k figKey) figKey
	find = func(k figKey) figKey {
		p, ok := parent[k]
		if !ok || p == k {
			parent[k] = k
			return k
		}
		r := find(p)
		parent[k] = r
		return r
	}
	union := func(u *unit) {
		first := find(keyOf(u.reads[0]))
		for _, r := range u.reads[1:] {
			parent[find(keyOf(r))] = first
		}
	}
	for _, u := range units {
		if u.finding != nil && len(u.reads) > 0 {
			union(u)
		}
	}
	for _, u := range units {
		if u.finding != nil || len(u.reads) == 0 || !join(u) {
			continue
		}
		var touched []figKey
		for _, r := range u.reads {
			if _, ok := parent[keyOf(r)]; ok {
				touched = append(touched, find(keyOf(r)))
			}
		}
		for _, k := range touched[min(1, len(touched)):] {
			parent[find(k)] = find(touched[0])
		}
	}
	var roots []figKey
	members := map[figKey][]*unit{}
	for _, u := range units {
		if u.finding == nil || len(u.reads) == 0 {
			continue
		}
		r := find(keyOf(u.reads[0]))
		if _, ok := members[r]; !ok {
			roots = append(roots, r)
		}
		members[r] = append(members[r], u)
	}
	out := make([][]*unit, len(roots))
	for i, r := range roots {
		out[i] = members[r]
	}
	return out
}

// withPassing returns the failing units with every passing unit that reads
// one of their figures, found through readers: the passing units by the
// figures they read.
func withPassing(failing []*unit, readers map[figKey][]*unit) []*unit {
	group := append([]*unit(nil), failing...)
	seen := map[*unit]bool{}
	for _, u := range failing {
		for _, r := range u.reads {
			for _, p := range readers[keyOf(r)] {
				if !seen[p] {
					seen[p] = true
					group = append(group, p)
				}
			}
		}
	}
	return group
}

// blame is the repairs found for a group of failing units, most likely
// first, before they are attached to the units' findings.
type blame struct {
	failing []*unit
	sets    [][]suspect
	limit   string
}

// suspect is one figure of a repair.
type suspect struct {
	use    FigureUse
	fig    locate.Figure
	lo, hi float64
	diag   *locate.Diagnosis
	swap   bool // swapped with a suspect of another group
}

// solveGroup localises one group and keeps its repairs among the
// locator's blames. It reports whether it found a repair.
func (l *locator) solveGroup(failing, group []*unit, weight func(FigureUse) float64) bool {
	n := 0
	for _, u := range group {
		n += len(u.reads)
	}
	index := make(map[figKey]int, n)
	uses := make([]*FigureUse, 0, n)
	p := locate.Problem{Figures: make([]locate.Figure, 0, n), Rules: make([]locate.Rule, 0, len(group))}
	for _, u := range group {
		r := locate.Rule{Failing: u.finding != nil, Reads: make([]int, len(u.reads))}
		for i := range u.reads {
			use := &u.reads[i]
			k := keyOf(*use)
			j, ok := index[k]
			if !ok {
				j = len(uses)
				index[k] = j
				uses = append(uses, use)
				p.Figures = append(p.Figures, locate.Figure{Name: use.Name, Text: use.Text, Value: u.values[i], Weight: weight(*use)})
			}
			r.Reads[i] = j
		}
		p.Rules = append(p.Rules, r)
	}
	p.Holds = func(i int, changes []locate.Change) bool { return group[i].holds(l, changes) }
	p.Gaps = func(i int, changes []locate.Change, out []float64) ([]float64, bool) {
		return group[i].gaps(l, changes, out)
	}
	sol := locate.Solve(p, Limits)
	b := &blame{failing: failing, limit: sol.Limit}
	for _, set := range sol.Sets {
		var sus []suspect
		for _, c := range set.Culprits {
			f := p.Figures[c.Figure]
			sus = append(sus, suspect{use: *uses[c.Figure], fig: f, lo: c.Lo, hi: c.Hi,
				diag: locate.Diagnose(f, c.Lo, c.Hi, related(uses, p.Figures, c.Figure))})
		}
		b.sets = append(b.sets, sus)
	}
	l.blames = append(l.blames, b)
	return len(sol.Sets) > 0
}

// swapWindow is the most values of a column that may fit a repair for
// a swap to be sought: where more fit, which one was swapped in cannot be
// told.
const swapWindow = 1000

// swaps finds repairs of one figure in two groups that are each other's
// value: two cells of a column swapped, whose rows no rule reads together.
// Such a pair explains both groups better than any other repair of each,
// when each is the other's only such partner: a repair that several
// values of its column fit is not said to be a swap with one of them. The
// repairs of a column are sorted by the value written, so that each is
// compared only with those whose value may fit its interval, and at most
// swapWindow of them: a run with many findings (a prev rule failing on
// most rows) does not take time in the square of its findings.
func swaps(blames []*blame) {
	type single struct {
		b   *blame
		set int
	}
	byColumn := map[string][]single{}
	var columns []string
	for _, b := range blames {
		for i, set := range b.sets {
			if col := set[0].use.Column; len(set) == 1 && col != "" {
				if byColumn[col] == nil {
					columns = append(columns, col)
				}
				byColumn[col] = append(byColumn[col], single{b, i})
			}
		}
	}
	for _, col := range columns {
		list := byColumn[col]
		sus := func(i int) *suspect { return &list[i].b.sets[list[i].set][0] }
		var byValue []int // NaN fits nowhere
		for i := range list {
			if !math.IsNaN(sus(i).fig.Value.V) {
				byValue = append(byValue, i)
			}
		}
		sort.Slice(byValue, func(i, j int) bool { return sus(byValue[i]).fig.Value.V < sus(byValue[j]).fig.Value.V })
		partners := make([]int, len(list)) // how many, up to 2
		partner := make([]int, len(list))
		for i := range list {
			a := sus(i)
			lo, hi := locate.FitRange(a.fig, a.lo, a.hi)
			first := sort.Search(len(byValue), func(k int) bool { return sus(byValue[k]).fig.Value.V >= lo })
			end := sort.Search(len(byValue), func(k int) bool { return sus(byValue[k]).fig.Value.V > hi })
			if end-first > swapWindow {
				partners[i] = 2
				continue
			}
			for _, j := range byValue[first:end] {
				c := sus(j)
				if list[j].b == list[i].b || !locate.Swappable(a.fig, a.lo, a.hi, c.fig.Value.V) || !locate.Swappable(c.fig, c.lo, c.hi, a.fig.Value.V) {
					continue
				}
				partner[i] = j
				if partners[i]++; partners[i] > 1 {
					break
				}
			}
		}
		for i := range list {
			j := partner[i]
			if partners[i] != 1 || j < i || partners[j] != 1 || partner[j] != i {
				continue
			}
			a, c := sus(i), sus(j)
			a.diag = locate.Swap(a.fig, a.lo, a.hi, c.other(list[j].b))
			c.diag = locate.Swap(c.fig, c.lo, c.hi, a.other(list[i].b))
			a.swap, c.swap = true, true
		}
	}
}

// other is the suspect as a figure related to one of another group.
func (s *suspect) other(b *blame) locate.Related {
	return locate.Related{Name: b.failing[0].finding.Subject + " " + s.use.Name, Text: s.use.Text, Value: s.fig.Value, Role: locate.Same}
}

// attach gives the findings of the failing units their culprits: of
// repairs of equal weight, a swap between groups first, then those a slip
// explains.
func (b *blame) attach() {
	rank := func(set []suspect) (swapped, diagnosed int) {
		for _, s := range set {
			if s.swap {
				swapped++
			}
			if s.diag != nil {
				diagnosed++
			}
		}
		return swapped, diagnosed
	}
	sort.SliceStable(b.sets, func(i, j int) bool {
		si, di := rank(b.sets[i])
		sj, dj := rank(b.sets[j])
		return si > sj || si == sj && di > dj
	})
	var culprits []Culprit
	for n, set := range b.sets {
		for _, s := range set {
			culprits = append(culprits, Culprit{Set: n, Figure: s.use, Lo: s.lo, Hi: s.hi, Diagnosis: s.diag, Explains: len(b.failing), Limit: b.limit})
		}
	}
	if len(culprits) == 0 && b.limit != "" {
		culprits = []Culprit{{Set: -1, Limit: b.limit}}
	}
	for _, u := range b.failing {
		u.finding.Culprits = culprits
	}
}

// related lists the figures of a group a slip of figure f may involve:
// the same column or measure elsewhere, and the parts of a total.
func related(uses []*FigureUse, figs []locate.Figure, f int) []locate.Related {
	me := uses[f]
	var out []locate.Related
	for i, u := range uses {
		if i == f {
			continue
		}
		r := locate.Related{Name: u.Name, Text: u.Text, Value: figs[i].Value}
		switch {
		case u.Area != "" && u.Column == me.Column && me.Area == "":
			r.Role = locate.Part
			r.Name = u.Area + " " + u.Name
		case me.Column != "" && u.Column == me.Column:
			r.Role = locate.Same
			if u.Area != "" {
				r.Name = u.Area + " " + u.Name
			}
		case me.Column == "" && u.Provenance.Measure != "" && u.Provenance.Measure == me.Provenance.Measure:
			r.Role = locate.Same
		case me.Column == "" && u.Provenance.Period != "" && u.Provenance.Measure != "":
			r.Role, r.Period, r.Measure = locate.Series, u.Provenance.Period, u.Provenance.Measure
		default:
			continue
		}
		out = append(out, r)
	}
	return out
}
