package checker

import (
	"context"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/vm"

	"github.com/figcheck/figcheck/internal/ir"
	"github.com/figcheck/figcheck/interval"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/tables"
)

// datasetRun checks every table that fits one dataset. Row rules are
// decided as rows are read; group rules keep running sums per group, and
// rules with prev keep the rows they need, until every table has been read.
type datasetRun struct {
	ds       *rules.Dataset
	acc      *accumulator
	same     *sameFigures // nil unless a same-figure rule applies
	sameRun  int16        // this run's number in same
	rows     []*compiledRule
	prevs    []*compiledRule
	groups   []*groupRule
	needed   map[string]bool // columns the rules read
	period   int             // index of the period dimension, -1 if none
	area     []int           // indexes of the area dimensions
	identity []int           // indexes of the other dimensions that identify a figure
	history  []*record       // rows kept for rules with prev
	uniques  []*uniqueRule
	tables   []*plan // the tables read, to look rows up again
}

func newDatasetRun(c *Checker, ds *rules.Dataset, acc *accumulator, same *sameFigures) *datasetRun {
	run := &datasetRun{ds: ds, acc: acc, needed: map[string]bool{}, period: ds.DimensionIndex(ds.Period)}
	for _, name := range ds.Identity {
		run.identity = append(run.identity, ds.DimensionIndex(name))
	}
	for _, a := range ds.Area { // in the order given: the first that is not empty names the row
		if i := ds.DimensionIndex(a); i >= 0 {
			run.area = append(run.area, i)
		}
	}
	for _, cr := range c.rules {
		if cr.rule.Dataset != ds || cr.rule.SameFigure {
			continue
		}
		for _, p := range []*program{cr.assert, cr.when, cr.parts, cr.whole} {
			if p == nil {
				continue
			}
			for _, r := range p.refs {
				run.needed[r.Name] = true
			}
		}
		for _, part := range cr.message { // a message may name a column the rule does not use
			if part.name && part.text != "subject" {
				run.needed[part.ref.Name] = true
			}
		}
		switch {
		case cr.rule.Group != nil:
			run.groups = append(run.groups, newGroupRule(cr, ds))
			for _, by := range append(cr.rule.Group.By, cr.rule.Group.WholeBy...) {
				run.needed[by] = true
			}
		case len(cr.rule.Unique) > 0:
			run.uniques = append(run.uniques, newUniqueRule(cr, ds))
			for _, by := range cr.rule.Unique {
				run.needed[by] = true
			}
		case cr.usesPrev:
			run.prevs = append(run.prevs, cr)
		default:
			run.rows = append(run.rows, cr)
		}
	}
	if same != nil && ds.Period != "" && len(ds.Area) > 0 {
		run.same, run.sameRun = same, same.join(run)
	}
	if run.same != nil || len(run.prevs) > 0 {
		for _, name := range append(append([]string{ds.Period}, ds.Area...), ds.Identity...) {
			if name != "" {
				run.needed[name] = true
			}
		}
	}
	if len(run.prevs) > 0 {
		for _, d := range ds.Dimensions {
			run.needed[d.Name] = true // the other dimensions say which rows follow each other
		}
	}
	return run
}

// plan maps the dataset onto table t, or says what the dataset needs that
// t does not have.
func (run *datasetRun) plan(t *tables.Table) (*plan, string) {
	if len(run.tables) == math.MaxInt16 {
		return nil, "fewer tables: one dataset reads at most 32,767 files"
	}
	p := &plan{run: run, table: t, index: len(run.tables)}
	var missing []string
	col := func(c *rules.Column) int {
		i := indexOf(t.Columns, c.HeaderText())
		switch {
		case i >= 0 || !run.needed[c.Name]:
		case c.Header != "":
			missing = append(missing, strconv.Quote(c.Header)+" (for "+c.Name+")")
		default:
			missing = append(missing, c.Name)
		}
		return i
	}
	for i := range run.ds.Dimensions {
		p.dimCol = append(p.dimCol, col(&run.ds.Dimensions[i]))
	}
	for i, m := range run.ds.Measures {
		c := col(&run.ds.Measures[i])
		p.allCol = append(p.allCol, c)
		if !run.needed[m.Name] {
			c = -1 // read only the measures in use
		}
		p.measCol = append(p.measCol, c)
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, "columns " + strings.Join(missing, ", ")
	}
	switch d := t.Delimiter(); {
	case d == 0:
	case run.ds.Delimiter != 0 && d != run.ds.Delimiter:
		return nil, "fields separated by " + delimiterName(run.ds.Delimiter) + ", not " + delimiterName(d)
	case run.ds.DecimalComma && d == ',':
		return nil, "fields separated by semicolons or tabs, since their decimal mark is a comma, not by commas"
	}
	p.decimalComma = run.ds.DecimalComma && t.Delimiter() != 0
	run.tables = append(run.tables, p)
	return p, ""
}

// delimiterName names a CSV delimiter for people.
func delimiterName(d byte) string {
	switch d {
	case ';':
		return "semicolons"
	case '\t':
		return "tabs"
	}
	return "commas"
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// lookup returns what each name means on rec, with prev the previous
// period's row (or nil).
func (run *datasetRun) lookup(rec, prev *record) func(ir.Ref) binding {
	return func(r ir.Ref) binding {
		switch r.Kind {
		case ir.Prev:
			if prev == nil {
				return binding{reason: "no row for the previous period"}
			}
			b := prev.measure(run.ds, run.ds.MeasureIndex(r.Name))
			b.use.Name = r.String()
			if b.reason != "" {
				b.reason = "prev." + b.reason
			}
			return b
		case ir.Present:
			return binding{value: rec.state[run.ds.MeasureIndex(r.Name)] == cellNumber}
		case ir.Dimension:
			return binding{value: rec.dims[run.ds.DimensionIndex(r.Name)]}
		}
		return rec.measure(run.ds, run.ds.MeasureIndex(r.Name))
	}
}

// finish evaluates the rules that needed every table: groups, and rules
// that compare a row with the previous period's.
func (run *datasetRun) finish(ctx context.Context, workers int) error {
	w := &worker{env: map[string]any{}}
	rr := &rereader{run: run, want: map[rowRef][]func(*record){}}
	for _, g := range run.groups {
		g.finish(run, w, rr)
	}
	var reports []func()
	for _, u := range run.uniques {
		reports = append(reports, u.finish(rr))
	}
	if len(rr.want) > 0 {
		if err := rr.read(ctx, workers); err != nil {
			return err
		}
	}
	for _, report := range reports {
		report()
	}
	if len(run.prevs) == 0 {
		return nil
	}
	entity := func(rec *record) string {
		var b strings.Builder
		for i, d := range rec.dims {
			if i != run.period {
				b.WriteString(d)
				b.WriteByte(0)
			}
		}
		return b.String()
	}
	type key struct{ entity, period string }
	byKey := map[key]*record{}
	var periods []string
	seen := map[string]bool{}
	for _, rec := range run.history {
		k := key{entity(rec), rec.dims[run.period]}
		if _, dup := byKey[k]; !dup {
			byKey[k] = rec
		}
		if !seen[k.period] {
			seen[k.period] = true
			periods = append(periods, k.period)
		}
	}
	sortPeriods(periods)
	index := map[string]int{}
	for i, p := range periods {
		index[p] = i
	}
	for _, rec := range run.history {
		i := index[rec.dims[run.period]]
		if i == 0 {
			continue // the first period has nothing before it
		}
		prev := byKey[key{entity(rec), periods[i-1]}]
		for _, cr := range run.prevs {
			o := w.evaluate(run, cr, rec, run.lookup(rec, prev), 0)
			if o.finding != nil {
				o.finding.source.prev, o.finding.source.cr = prev, cr
			}
			run.acc.record(o, 0)
		}
	}
	return nil
}

// sortPeriods orders periods in time when every one reads as a time
// (2023, 2023-Q4, Q1 2024, 2023/24, 2023-24, 2024-03, September 2023,
// 31 March 2024), as text otherwise.
func sortPeriods(periods []string) {
	keys := map[string]float64{}
	for _, p := range periods {
		k, ok := periodKey(p)
		if !ok {
			sort.Strings(periods)
			return
		}
		keys[p] = k
	}
	sort.SliceStable(periods, func(i, j int) bool { return keys[periods[i]] < keys[periods[j]] })
}

var (
	yearRE      = regexp.MustCompile(`^(\d{4})$`)
	quarterRE   = regexp.MustCompile(`^(\d{4})[- ]?Q([1-4])$|^Q([1-4])[- ]?(\d{4})$`)
	fiscalRE    = regexp.MustCompile(`^(\d{4})[/-](\d{2}|\d{4})$`)
	yearMonthRE = regexp.MustCompile(`^(\d{4})-(0[1-9]|1[0-2])$`)
	monthYearRE = regexp.MustCompile(`^(?:(\d{1,2}) )?([A-Z]{3})[A-Z]* (\d{4})$`)
	months      = []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}
)

// periodKey places a period on a time line, in years.
func periodKey(p string) (float64, bool) {
	p = strings.ToUpper(strings.TrimSpace(p))
	atoi := func(s string) float64 { n, _ := strconv.Atoi(s); return float64(n) }
	switch {
	case yearRE.MatchString(p):
		return atoi(p), true
	case quarterRE.MatchString(p):
		m := quarterRE.FindStringSubmatch(p)
		if m[1] != "" {
			return atoi(m[1]) + (atoi(m[2])-1)/4, true
		}
		return atoi(m[4]) + (atoi(m[3])-1)/4, true
	case yearMonthRE.MatchString(p):
		m := yearMonthRE.FindStringSubmatch(p)
		return atoi(m[1]) + (atoi(m[2])-1)/12, true
	case fiscalRE.MatchString(p):
		return atoi(fiscalRE.FindStringSubmatch(p)[1]), true
	case monthYearRE.MatchString(p): // September 2023, 31 March 2024
		m := monthYearRE.FindStringSubmatch(p)
		if month := slices.Index(months, m[2]); month >= 0 {
			return atoi(m[3]) + (float64(month)+atoi(m[1])/32)/12, true
		}
	}
	if f, err := strconv.ParseFloat(p, 64); err == nil {
		return f, true
	}
	return 0, false
}

// worker is the state of one goroutine checking rows.
type worker struct {
	key  []byte // scratch for unique keys
	rows []tables.Row
	recs map[*plan][]*record // a batch of records for each plan
	// batch evaluates the fast path over a batch of rows; one, over a
	// single row while that batch is being checked.
	batch, one batch
	// Flags of the batch's rows, by row rule (passed as written) and by
	// group rule (parts, wholes), and the rows some row rule must decide
	// alone.
	passed, parts, wholes [][]bool
	decide                [batchRows]bool
	// Problems found for the whole batch at once, held for their row's
	// turn: on reading its cells, and in group filters.
	onRead, inFilters [batchRows][]*position.Error
	vm                vm.VM
	env               map[string]any
}

// evaluate decides a rule on one record of chunk seq: its when first, then
// its assertion, by the fast path where the rule has one; lookup may be nil
// until it is needed.
func (w *worker) evaluate(run *datasetRun, cr *compiledRule, rec *record, lookup func(ir.Ref) binding, seq int) outcome {
	if cr.when != nil {
		if reason := rec.missing(run.ds, cr.when.measures); reason != "" {
			return outcome{rule: cr, verdict: Skipped, reason: reason}
		}
		ok, problem := w.test(run, cr, cr.when, rec, lookup)
		switch {
		case problem != nil:
			return outcome{rule: cr, verdict: notApplicable, problem: problem}
		case !ok:
			return outcome{rule: cr, verdict: notApplicable}
		}
	}
	p := cr.assert
	// The evaluation, with its subject and bindings, is made only for what
	// the fast path on the row cannot decide alone.
	newEval := func() evaluation {
		if lookup == nil {
			lookup = run.lookup(rec, nil)
		}
		return evaluation{rule: cr, lookup: lookup, env: w.env, vm: &w.vm, one: &w.one, rec: rec,
			subject: rec.subject(run), pos: position.Pos{File: rec.file, Line: rec.line}}
	}
	if p.fast == nil || p.frame {
		ev := newEval()
		o := ev.run()
		if o.finding != nil {
			o.finding = o.finding.detach()
			o.finding.source = &source{run: run, rec: rec.clone()}
		}
		return o
	}
	// The fast path, on the row itself.
	if reason := rec.missing(run.ds, p.measures); reason != "" {
		return outcome{rule: cr, verdict: Skipped, reason: reason}
	}
	switch {
	case p.fast.written.on(&w.one, rec):
		return outcome{rule: cr, verdict: Pass}
	case p.fast.rounding.on(&w.one, rec):
		return outcome{rule: cr, verdict: PassWithinRounding}
	}
	ev := newEval()
	if ev.undefined() {
		return outcome{rule: cr, verdict: Skipped, reason: ZeroDivisor}
	}
	o := outcome{rule: cr, verdict: Fail}
	if run.acc.wantFinding(cr, seq) {
		o.finding = ev.explain().detach()
		o.finding.source = &source{run: run, rec: rec.clone()}
	}
	return o
}

// test decides a filter of rule cr (when, parts, whole) as written, on a
// record whose measures it reads are numbers; lookup may be nil until it is
// needed.
func (w *worker) test(run *datasetRun, cr *compiledRule, p *program, rec *record, lookup func(ir.Ref) binding) (bool, *position.Error) {
	if p.fast != nil {
		return p.fast.written.on(&w.one, rec), nil
	}
	if lookup == nil {
		lookup = run.lookup(rec, nil)
	}
	ev := evaluation{rule: cr, lookup: lookup, env: w.env, vm: &w.vm, one: &w.one, rec: rec, subject: rec.subject(run), pos: position.Pos{File: rec.file, Line: rec.line}}
	if reason := ev.bind(p); reason != "" {
		return false, nil
	}
	return ev.decide(p.written)
}

// detach copies every string of the finding that may point into the chunk
// it came from (a computation can be a figure's text itself), so that the
// finding does not keep the chunk's memory alive.
func (f *Finding) detach() *Finding {
	for _, s := range []*string{&f.Subject, &f.Message, &f.Computation} {
		*s = strings.Clone(*s)
	}
	for i := range f.Comparisons {
		c := &f.Comparisons[i]
		c.Left.Computation, c.Right.Computation = strings.Clone(c.Left.Computation), strings.Clone(c.Right.Computation)
	}
	for i := range f.Figures {
		f.Figures[i].Text = strings.Clone(f.Figures[i].Text)
		f.Figures[i].Area = strings.Clone(f.Figures[i].Area)
	}
	return f
}

// groupRule gathers the parts and wholes of a group rule.
type groupRule struct {
	cr         *compiledRule
	by         []int    // the parts' dimensions that match them with their whole
	wholeBy    []int    // and the whole's
	aggs       []ir.Ref // the aggregates the assertion uses
	aggMeasure []int    // and the measure of each
	measures   []int    // the measures aggregated, each once
	groups     map[string]*group
	order      []string // group keys as first seen
}

// group is one set of parts and the rows that are their whole.
type group struct {
	// unknown says why the parts are not known: a row that may be one of
	// them has a figure its parts filter needs missing.
	unknown string
	count   int
	values  []aggregate // by groupRule.aggs
	wholes  []*record
	parts   []rowRef // the first MaxParts parts, read again to explain a failure
}

type aggregate struct {
	n      Num
	set    bool
	reason string // why the aggregate is unknown
}

// rowRef is where a row is: a table of the dataset run and a line.
type rowRef struct {
	table int32
	line  int32
}

// MaxParts caps the parts (of a group, of the rows sharing a key) that a
// finding lists among its figures.
const MaxParts = 60

func newGroupRule(cr *compiledRule, ds *rules.Dataset) *groupRule {
	g := &groupRule{cr: cr, groups: map[string]*group{}}
	for _, by := range cr.rule.Group.By {
		g.by = append(g.by, ds.DimensionIndex(by))
	}
	for _, by := range cr.rule.Group.WholeBy {
		g.wholeBy = append(g.wholeBy, ds.DimensionIndex(by))
	}
	for _, r := range cr.assert.refs {
		if r.Kind != ir.Aggregate { // count(parts) needs no figures
			continue
		}
		i := ds.MeasureIndex(r.Name)
		g.aggs, g.aggMeasure = append(g.aggs, r), append(g.aggMeasure, i)
		if !slices.Contains(g.measures, i) {
			g.measures = append(g.measures, i)
		}
	}
	return g
}

// groupPartial is what one chunk adds to the groups of a rule.
type groupPartial struct {
	groups map[string]*group
	order  []string
}

// add files rec as a part, a whole, both or neither of a group, as the
// rule's filters decided. A filter that needs a figure the row lacks cannot
// decide: a row that may be a whole is skipped with the reason, and a row
// that may be a part leaves its group's parts unknown.
func (g *groupRule) add(run *datasetRun, w *worker, table int, rec *record, into *groupPartial, isPart, isWhole bool, res *chunkResult) {
	if reason := g.cr.whole.undecided(&w.one, run.ds, rec); reason != "" {
		res.add(outcome{rule: g.cr, verdict: Skipped, reason: "a row that may be a whole: " + reason})
	}
	if reason := g.cr.parts.undecided(&w.one, run.ds, rec); reason != "" {
		if gr := into.group(w, rec, g.by, len(g.aggs)); gr.unknown == "" {
			gr.unknown = "a row that may be a part: " + reason
		}
	}
	if isWhole {
		gr := into.group(w, rec, g.wholeBy, len(g.aggs))
		gr.wholes = append(gr.wholes, rec.clone())
	}
	if isPart {
		g.addPart(run, table, into.group(w, rec, g.by, len(g.aggs)), rec)
	}
}

// group returns the group of rec's values of the dimensions by.
func (into *groupPartial) group(w *worker, rec *record, by []int, aggs int) *group {
	w.key = groupKey(w.key[:0], rec, by)
	gr := into.groups[string(w.key)] // no copy for the lookup
	if gr == nil {
		gr = &group{values: make([]aggregate, aggs)}
		k := string(w.key)
		into.groups[k] = gr
		into.order = append(into.order, k)
	}
	return gr
}

// groupKey appends the key of rec's group: its values of the dimensions
// by.
func groupKey(b []byte, rec *record, by []int) []byte {
	for _, i := range by {
		b = append(append(b, rec.dims[i]...), 0)
	}
	return b
}

func (g *groupRule) addPart(run *datasetRun, table int, gr *group, rec *record) {
	gr.count++
	if len(gr.parts) < MaxParts {
		gr.parts = append(gr.parts, rowRef{int32(table), int32(rec.line)})
	}
	for i, m := range g.aggMeasure {
		a := aggregate{n: rec.nums[m], set: true}
		if rec.state[m] != cellNumber {
			a = aggregate{reason: "a part's " + rec.reason(run.ds, m)}
		}
		gr.values[i].combine(g.aggs[i].Agg, a)
	}
}

// combine adds b to the aggregate a of function fn.
func (a *aggregate) combine(fn ir.Agg, b aggregate) {
	switch {
	case a.reason != "":
	case b.reason != "":
		a.reason = b.reason
	case !b.set:
	case !a.set:
		*a = b
		a.n.Written = fn != ir.Sum // a sum is computed; a min or max is one of the figures
	case fn == ir.Sum:
		a.n = interval.Add(a.n, b.n)
		a.n.Written = false // Add would make a sum of exact parts written every other part
	case fn == ir.Min:
		a.n = interval.Min(a.n, b.n)
	default:
		a.n = interval.Max(a.n, b.n)
	}
}

// merge adds a chunk's groups, in chunk order.
func (g *groupRule) merge(p *groupPartial) {
	for _, k := range p.order {
		o := p.groups[k]
		gr := g.groups[k]
		if gr == nil {
			g.groups[k] = o
			g.order = append(g.order, k)
			continue
		}
		gr.count += o.count
		if gr.unknown == "" {
			gr.unknown = o.unknown
		}
		gr.wholes = append(gr.wholes, o.wholes...)
		for i := range gr.values {
			gr.values[i].combine(g.aggs[i].Agg, o.values[i])
		}
		if n := MaxParts - len(gr.parts); n > 0 {
			gr.parts = append(gr.parts, o.parts[:min(n, len(o.parts))]...)
		}
	}
}

// finish evaluates the rule on every whole, and asks rr for the parts of
// the groups that failed, to list their figures in the findings.
func (g *groupRule) finish(run *datasetRun, w *worker, rr *rereader) {
	for _, k := range g.order {
		gr := g.groups[k]
		if len(gr.wholes) == 0 {
			run.acc.record(outcome{rule: g.cr, verdict: Skipped, reason: "parts with no whole row"}, 0)
			continue
		}
		for _, whole := range gr.wholes {
			if gr.unknown != "" {
				run.acc.record(outcome{rule: g.cr, verdict: Skipped, reason: gr.unknown}, 0)
				continue
			}
			if gr.count == 0 {
				run.acc.record(outcome{rule: g.cr, verdict: Skipped, reason: "a whole row with no parts"}, 0)
				continue
			}
			o := w.evaluate(run, g.cr, whole, g.lookup(run, gr, whole), 0)
			if f := o.finding; f != nil {
				f.source.rec, f.source.group, f.source.gr = whole, g, gr
				for _, ref := range gr.parts {
					rr.ask(ref, func(rec *record) {
						f.Figures = append(f.Figures, g.partFigures(run, rec)...)
						f.source.parts = append(f.source.parts, rec)
					})
				}
			}
			run.acc.record(o, 0)
		}
	}
}

// partFigures are the figures of a part that the rule aggregates.
func (g *groupRule) partFigures(run *datasetRun, rec *record) []FigureUse {
	subject := strings.Clone(rec.subject(run))
	var uses []FigureUse
	for _, m := range g.measures {
		use := rec.measure(run.ds, m).use
		use.Text, use.Area = strings.Clone(use.Text), subject
		uses = append(uses, use)
	}
	return uses
}

// lookup binds the whole's columns and the parts' aggregates.
func (g *groupRule) lookup(run *datasetRun, gr *group, whole *record) func(ir.Ref) binding {
	base := run.lookup(whole, nil)
	return func(r ir.Ref) binding {
		if r.Kind == ir.Count {
			n := interval.Exact(float64(gr.count))
			return binding{value: n, use: FigureUse{Name: r.String(), Text: strconv.Itoa(gr.count), Lo: n.Lo, Hi: n.Hi}}
		}
		i := slices.Index(g.aggs, r)
		if i < 0 {
			return base(r)
		}
		a := gr.values[i]
		if a.reason != "" {
			return binding{reason: a.reason}
		}
		use := FigureUse{Name: r.String(), Text: FormatNumber(a.n.V), Lo: a.n.Lo, Hi: a.n.Hi}
		return binding{value: a.n, use: use}
	}
}
