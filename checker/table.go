package checker

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/vm"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/interval"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/source"
)

// record is one row of a table as rules see it.
type record struct {
	line  int
	dims  []string        // by dataset dimension
	vals  []figures.Value // by dataset measure; only measures in use are read
	bad   []string        // by dataset measure: why a cell could not be read, if any
	lines []int           // by dataset measure, for long tables; nil otherwise
}

// tableRun checks the rows of one table against the rules of one dataset.
type tableRun struct {
	acc     *accumulator
	ds      *rules.Dataset
	table   *figures.Table
	dimCol  []int // table column of each dimension, -1 if absent
	measCol []int // table column of each measure in use, -1 otherwise
	names   map[string]int
	rows    []*compiledRule // row rules without prev
	prevs   []*compiledRule // row rules with prev: evaluated at the end
	groups  []*groupRun
	history []*record // rows kept for rules with prev
	same    *sameFigures
	env     map[string]any
	vm      vm.VM
}

// checkTable checks table t against the rules of every dataset it fits.
func (c *Checker) checkTable(ctx context.Context, t *figures.Table, acc *accumulator, same *sameFigures) error {
	var runs []*tableRun
	var misfits []string
	for _, ds := range c.datasets {
		run, missing := c.newTableRun(ds, t, acc, same)
		if run == nil {
			misfits = append(misfits, fmt.Sprintf("rules in %s need %s", ds.Pos.File, strings.Join(missing, ", ")))
			continue
		}
		runs = append(runs, run)
	}
	if len(runs) == 0 {
		pos := source.Pos{File: t.Path, Line: 1}
		if len(misfits) == 0 {
			acc.problem(source.Errorf(pos, "no rule file describes this table: give a rule file with a dataset that names its columns"))
		} else {
			acc.problem(source.Errorf(pos, "the table lacks columns the rules need: %s", strings.Join(misfits, "; ")))
		}
		return nil
	}
	rows, err := t.Open()
	if err != nil {
		return err
	}
	defer rows.Close()
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		row, err := rows.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *source.Error
			if asSourceError(err, &se) {
				acc.problem(se)
				return nil
			}
			return err
		}
		for _, run := range runs {
			run.row(row)
		}
	}
	for _, run := range runs {
		run.finish()
	}
	return nil
}

func asSourceError(err error, target **source.Error) bool {
	se, ok := err.(*source.Error)
	if ok {
		*target = se
	}
	return ok
}

// newTableRun prepares to check t against the rules of ds, or returns the
// columns that t lacks.
func (c *Checker) newTableRun(ds *rules.Dataset, t *figures.Table, acc *accumulator, same *sameFigures) (*tableRun, []string) {
	run := &tableRun{acc: acc, ds: ds, table: t, names: map[string]int{}, env: map[string]any{}}
	needed := map[string]bool{}
	for _, cr := range c.rules {
		if cr.rule.Dataset != ds {
			continue
		}
		if cr.rule.SameFigure {
			continue
		}
		for _, p := range []*program{cr.assert, cr.when, cr.parts, cr.whole} {
			if p != nil {
				for _, n := range p.names {
					needed[baseName(n)] = true
				}
			}
		}
		if g := cr.rule.Group; g != nil {
			for _, by := range g.By {
				needed[by] = true
			}
		}
		switch {
		case cr.rule.Group != nil:
			run.groups = append(run.groups, newGroupRun(cr, run))
		case cr.usesPrev:
			run.prevs = append(run.prevs, cr)
		default:
			run.rows = append(run.rows, cr)
		}
	}
	if same != nil && ds.Period != "" && len(ds.Area) > 0 {
		run.same = same
	}
	if run.same != nil || len(run.prevs) > 0 {
		for _, name := range append([]string{ds.Period}, ds.Area...) {
			if name != "" {
				needed[name] = true
			}
		}
	}
	if len(run.prevs) > 0 {
		for _, d := range ds.Dimensions {
			needed[d.Name] = true // the other dimensions say which rows follow each other
		}
	}
	var missing []string
	col := func(name string) int {
		i := indexOf(t.Columns, name)
		if i < 0 && needed[name] {
			missing = append(missing, name)
		}
		return i
	}
	for i, d := range ds.Dimensions {
		run.names[d.Name] = i
		run.dimCol = append(run.dimCol, col(d.Name))
	}
	for i, m := range ds.Measures {
		run.names[m.Name] = i
		c := col(m.Name)
		if !needed[m.Name] && run.same == nil {
			c = -1 // read only the measures in use, or all for same-figure checks
		}
		run.measCol = append(run.measCol, c)
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, missing
	}
	return run, nil
}

// baseName returns the column behind a scope name: x for prev.x or sum(parts.x).
func baseName(name string) string {
	if m, ok := strings.CutPrefix(name, "prev."); ok {
		return m
	}
	if i := strings.Index(name, "(parts."); i >= 0 {
		return strings.TrimSuffix(name[i+len("(parts."):], ")")
	}
	return name
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// read turns a row of the table into a record, reading the measures in use.
func (run *tableRun) read(row *figures.Row) *record {
	rec := &record{
		line: row.Line,
		dims: make([]string, len(run.dimCol)),
		vals: make([]figures.Value, len(run.measCol)),
	}
	for i, c := range run.dimCol {
		if c >= 0 {
			rec.dims[i] = row.Fields[c]
		}
	}
	if row.Lines != nil {
		rec.lines = make([]int, len(run.measCol))
	}
	for i, c := range run.measCol {
		if c < 0 {
			continue
		}
		if rec.lines != nil {
			rec.lines[i] = row.Lines[c]
		}
		v, err := run.ds.Codes.Parse(row.Fields[c], run.ds.Measures[i].Precision)
		if err != nil {
			if rec.bad == nil {
				rec.bad = make([]string, len(run.measCol))
			}
			m := run.ds.Measures[i].Name
			rec.bad[i] = m + " is not a number"
			run.acc.problem(source.Errorf(run.cellPos(rec, i), "column %s: %v; write a number or a suppression code (%s)", m, err, codeList(run.ds.Codes)))
			continue
		}
		rec.vals[i] = v
	}
	return rec
}

func codeList(codes figures.Codes) string {
	var list []string
	for c := range codes {
		list = append(list, c)
	}
	sort.Strings(list)
	return strings.Join(list, ", ")
}

// cellPos is where measure i of rec is in the file.
func (run *tableRun) cellPos(rec *record, i int) source.Pos {
	line := rec.line
	if rec.lines != nil {
		line = rec.lines[i]
	}
	return source.Pos{File: run.table.Path, Line: line, Col: run.measCol[i] + 1}
}

// row checks one row: row rules now, group and prev rules at the end.
func (run *tableRun) row(row *figures.Row) {
	rec := run.read(row)
	for _, cr := range run.rows {
		run.evaluate(cr, rec, nil, run.lookup(rec, nil))
	}
	if len(run.prevs) > 0 {
		run.history = append(run.history, rec)
	}
	for _, g := range run.groups {
		g.add(rec)
	}
	if run.same != nil {
		run.same.addRecord(run, rec)
	}
}

// evaluate evaluates a rule on one row (with the previous period's row, if
// the rule uses prev).
func (run *tableRun) evaluate(cr *compiledRule, rec, prev *record, lookup func(string) binding) {
	ev := evaluation{rule: cr, lookup: lookup, env: run.env, vm: &run.vm,
		subject: run.subject(rec), pos: source.Pos{File: run.table.Path, Line: rec.line}}
	if cr.when != nil {
		ok, skip, problem := ev.test(cr.when)
		switch {
		case problem != nil:
			run.acc.problem(problem)
			return
		case skip != "":
			run.acc.record(outcome{rule: cr, verdict: Skipped, reason: skip})
			return
		case !ok:
			return
		}
	}
	run.acc.record(ev.run())
}

// subject names a row for people: its area and period, as in "North East, 2022".
func (run *tableRun) subject(rec *record) string {
	var parts []string
	for _, a := range run.ds.Area {
		if v := rec.dims[run.names[a]]; v != "" {
			parts = append(parts, v)
			break
		}
	}
	if run.ds.Period != "" {
		parts = append(parts, rec.dims[run.names[run.ds.Period]])
	}
	if len(parts) == 0 {
		return "line " + strconv.Itoa(rec.line)
	}
	return strings.Join(parts, ", ")
}

// lookup returns what each name means on row rec, with prev the previous
// period's row (or nil).
func (run *tableRun) lookup(rec, prev *record) func(string) binding {
	return func(name string) binding {
		if m, ok := strings.CutPrefix(name, "prev."); ok {
			if prev == nil {
				return binding{reason: "no row for the previous period"}
			}
			b := run.measure(prev, m)
			b.use.Name = name
			if b.reason != "" {
				b.reason = "prev." + b.reason
			}
			return b
		}
		if run.ds.Dimension(name) != nil {
			return binding{value: rec.dims[run.names[name]]}
		}
		return run.measure(rec, name)
	}
}

// measure binds measure name of rec.
func (run *tableRun) measure(rec *record, name string) binding {
	i := run.names[name]
	v := rec.vals[i]
	use := FigureUse{Name: name, Text: v.Text, Lo: v.Num.Lo, Hi: v.Num.Hi, Pos: run.cellPos(rec, i), Column: name}
	use.Pos.Col = 0
	switch {
	case rec.bad != nil && rec.bad[i] != "":
		return binding{reason: rec.bad[i], use: use}
	case v.Status != figures.Number:
		return binding{reason: suppressed(name, v.Text), use: use}
	}
	return binding{value: v.Num, use: use}
}

// finish evaluates the rules that needed the whole table: groups, and rules
// that compare a row with the previous period's.
func (run *tableRun) finish() {
	for _, g := range run.groups {
		g.finish()
	}
	if len(run.prevs) == 0 {
		return
	}
	period := run.names[run.ds.Period]
	entity := func(rec *record) string {
		var b strings.Builder
		for i, d := range rec.dims {
			if i != period {
				b.WriteString(d)
				b.WriteByte(0)
			}
		}
		return b.String()
	}
	type key struct{ entity, period string }
	byKey := map[key]*record{}
	var periods []string
	for _, rec := range run.history {
		k := key{entity(rec), rec.dims[period]}
		if _, dup := byKey[k]; !dup {
			byKey[k] = rec
		}
		if indexOf(periods, k.period) < 0 {
			periods = append(periods, k.period)
		}
	}
	sortPeriods(periods)
	for _, rec := range run.history {
		i := indexOf(periods, rec.dims[period])
		if i == 0 {
			continue // the first period has nothing before it
		}
		prev := byKey[key{entity(rec), periods[i-1]}]
		for _, cr := range run.prevs {
			run.evaluate(cr, rec, prev, run.lookup(rec, prev))
		}
	}
}

// sortPeriods orders periods in time: as numbers when they all are (2023,
// 2024), as text otherwise (2023-Q4, 2024-Q1; 2023/24, 2024/25).
func sortPeriods(periods []string) {
	numeric := true
	for _, p := range periods {
		if _, err := strconv.ParseFloat(p, 64); err != nil {
			numeric = false
		}
	}
	sort.Slice(periods, func(i, j int) bool {
		if numeric {
			a, _ := strconv.ParseFloat(periods[i], 64)
			b, _ := strconv.ParseFloat(periods[j], 64)
			return a < b
		}
		return periods[i] < periods[j]
	})
}

// groupRun gathers the parts and wholes of a group rule over one table.
type groupRun struct {
	cr     *compiledRule
	run    *tableRun
	by     []int    // dimensions that match parts with their whole
	aggs   []string // aggregate names the assertion uses
	groups map[string]*group
	order  []string // group keys as first seen
}

// group is one set of parts and the rows that are their whole.
type group struct {
	by     []string
	count  int
	values []aggregate // by groupRun.aggs
	wholes []*record
	parts  []FigureUse // the first maxParts parts' figures, to explain a failure
}

type aggregate struct {
	n      Num
	reason string // why the aggregate is unknown
}

// maxParts caps the parts listed in a finding.
const maxParts = 60

func newGroupRun(cr *compiledRule, run *tableRun) *groupRun {
	g := &groupRun{cr: cr, run: run, groups: map[string]*group{}}
	for _, by := range cr.rule.Group.By {
		g.by = append(g.by, indexOf(dimNames(run.ds), by))
	}
	for _, n := range cr.assert.names {
		if strings.Contains(n, "(parts") {
			g.aggs = append(g.aggs, n)
		}
	}
	return g
}

func dimNames(ds *rules.Dataset) []string {
	var out []string
	for _, d := range ds.Dimensions {
		out = append(out, d.Name)
	}
	return out
}

// add files rec as a part, a whole, both or neither.
func (g *groupRun) add(rec *record) {
	run := g.run
	ev := evaluation{rule: g.cr, lookup: run.lookup(rec, nil), env: run.env, vm: &run.vm,
		subject: run.subject(rec), pos: source.Pos{File: run.table.Path, Line: rec.line}}
	isPart, _, p1 := ev.test(g.cr.parts)
	isWhole, _, p2 := ev.test(g.cr.whole)
	for _, p := range []*source.Error{p1, p2} {
		if p != nil {
			run.acc.problem(p)
		}
	}
	if !isPart && !isWhole {
		return
	}
	var key strings.Builder
	for _, i := range g.by {
		key.WriteString(rec.dims[i])
		key.WriteByte(0)
	}
	gr := g.groups[key.String()]
	if gr == nil {
		gr = &group{values: make([]aggregate, len(g.aggs))}
		for _, i := range g.by {
			gr.by = append(gr.by, rec.dims[i])
		}
		g.groups[key.String()] = gr
		g.order = append(g.order, key.String())
	}
	if isWhole {
		gr.wholes = append(gr.wholes, rec)
	}
	if isPart {
		g.addPart(gr, rec, ev.subject)
	}
}

func (g *groupRun) addPart(gr *group, rec *record, subject string) {
	gr.count++
	listed := map[string]bool{}
	for i, name := range g.aggs {
		fn, m, _ := strings.Cut(strings.TrimSuffix(name, ")"), "(parts.")
		b := g.run.measure(rec, m)
		if len(gr.parts) < maxParts && !listed[m] {
			listed[m] = true
			use := b.use
			use.Area = subject
			gr.parts = append(gr.parts, use)
		}
		a := &gr.values[i]
		switch {
		case a.reason != "":
		case b.reason != "":
			a.reason = "a part's " + b.reason
		case gr.count == 1:
			a.n = b.value.(Num)
			a.n.Written = fn != "sum" // a sum is computed; a min or max is one of the figures
		case fn == "sum":
			a.n = interval.Add(a.n, b.value.(Num))
		case fn == "min":
			a.n = interval.Min(a.n, b.value.(Num))
		default:
			a.n = interval.Max(a.n, b.value.(Num))
		}
	}
}

// finish evaluates the rule on every whole.
func (g *groupRun) finish() {
	run := g.run
	for _, k := range g.order {
		gr := g.groups[k]
		if len(gr.wholes) == 0 {
			run.acc.record(outcome{rule: g.cr, verdict: Skipped, reason: "parts with no whole row"})
			continue
		}
		for _, whole := range gr.wholes {
			if gr.count == 0 {
				run.acc.record(outcome{rule: g.cr, verdict: Skipped, reason: "a whole row with no parts"})
				continue
			}
			run.evaluate(g.cr, whole, nil, g.lookup(gr, whole))
		}
	}
}

// lookup binds the whole's columns and the parts' aggregates.
func (g *groupRun) lookup(gr *group, whole *record) func(string) binding {
	base := g.run.lookup(whole, nil)
	return func(name string) binding {
		if name == countName {
			n := interval.Exact(float64(gr.count))
			return binding{value: n, use: FigureUse{Name: name, Text: strconv.Itoa(gr.count), Lo: n.Lo, Hi: n.Hi}}
		}
		i := indexOf(g.aggs, name)
		if i < 0 {
			return base(name)
		}
		a := gr.values[i]
		if a.reason != "" {
			return binding{reason: a.reason}
		}
		use := FigureUse{Name: name, Text: FormatNumber(a.n.V), Lo: a.n.Lo, Hi: a.n.Hi}
		return binding{value: a.n, use: use, parts: gr.parts}
	}
}
