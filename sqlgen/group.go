package sqlgen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/internal/ir"
)

// groupCount and groupUnknown are source columns of a group rule's wholes:
// how many parts the whole's group has (NULL for none), and why its parts
// are not known (NULL when they are).
const (
	groupCount   = "gn0"
	groupUnknown = "gu0"
)

// agg names the columns of an aggregate over a group's parts: its value,
// bounds, and why it is unknown (NULL when it is known).
type agg struct{ v, lo, hi, r string }

func aggColumns(k int) agg {
	n := strconv.Itoa(k)
	return agg{"av" + n, "alo" + n, "ahi" + n, "ar" + n}
}

var aggFuncs = map[ir.Agg]string{ir.Sum: "sum", ir.Min: "min", ir.Max: "max"}

// group compiles group rule p, numbered rule, into a statement of its own,
// as the native engine checks groups: each row's filters and parts'
// figures (r1, r2, …, rv); the groups of parts by the parts' dimensions
// (gp), with how many parts each has, its aggregates as sums, minimums and
// maximums of the parts' bounds, and why it is unknown; each whole row with
// the group its own dimensions match one to one (ws); and the rule on each
// whole (l1, l2, …, v). A group with no whole, and a row that the whole
// filter cannot decide, are each one evaluation skipped. With a line
// column, the parts of each failing group come back with verdict B.
func (c *compiler) group(p checker.RulePlan, rule int) (string, error) {
	ds, d, o := c.q.Dataset, c.d, c.o
	rows, wholes := c.newGen(), c.newGen()
	rows.tol = p.Rule.Tolerance
	isPart, partUnknown, err1 := rows.filter(p.Parts, "a row that may be a part: ")
	isWhole, wholeUnknown, err2 := rows.filter(p.Whole, "a row that may be a whole: ")
	if err := firstErr(err1, err2); err != nil {
		return "", fmt.Errorf("group: %v", err)
	}
	order, width := c.order()
	first := func(cond, val string) string {
		return fmt.Sprintf("substr(min(CASE WHEN %s THEN sq0 || %s END), %d)", cond, val, width+1)
	}
	cols := []string{isPart.s + " AS pf", partUnknown.s + " AS pu", isWhole.s + " AS wf", wholeUnknown.s + " AS wu", order + " AS sq0"}
	if o.Line != "" {
		cols = append([]string{d.Ident(o.Line)}, cols...)
	}
	for i := range ds.Dimensions {
		cols = append(cols, "d"+strconv.Itoa(i))
	}
	var aggs []string
	parted := map[int]bool{}
	refs := ir.Refs(p.Assert)
	if p.When != nil {
		refs = append(refs, ir.Refs(p.When)...)
	}
	for _, r := range refs {
		switch r.Kind {
		case ir.Value, ir.Present:
			rows.measure(r.Name) // the whole's text, carried to ws
		case ir.Aggregate:
			i := ds.MeasureIndex(r.Name)
			x := strconv.Itoa(i)
			if !parted[i] {
				parted[i] = true
				f := rows.measure(r.Name).f
				bad, reason, _ := rows.unusable(ir.Ref{Kind: ir.Value, Name: r.Name})
				cols = append(cols, f.v.s+" AS xv"+x, f.lo.s+" AS xlo"+x, f.hi.s+" AS xhi"+x,
					fmt.Sprintf("CASE WHEN %s THEN %s || %s END AS xr%s", bad.s, d.String("a part's "), reason.s, x))
			}
			if _, done := wholes.aggs[r]; done {
				continue
			}
			k := len(wholes.aggs)
			wholes.aggs[r] = k
			a, fn := aggColumns(k), aggFuncs[r.Agg]
			aggs = append(aggs, fmt.Sprintf("%s(CASE WHEN pf THEN xv%s END) AS %s", fn, x, a.v),
				fmt.Sprintf("%s(CASE WHEN pf THEN xlo%s END) AS %s", fn, x, a.lo),
				fmt.Sprintf("%s(CASE WHEN pf THEN xhi%s END) AS %s", fn, x, a.hi),
				first("pf AND xr"+x+" IS NOT NULL", "xr"+x)+" AS "+a.r)
			for _, n := range []string{a.v, a.lo, a.hi, a.r} {
				wholes.inputs[n] = true
			}
		}
	}
	wholes.inputs[groupCount], wholes.inputs[groupUnknown] = true, true
	cs := &cases{}
	cs.add("WHEN " + groupUnknown + " IS NOT NULL THEN 'S' || " + groupUnknown)
	cs.add("WHEN COALESCE(" + groupCount + ", 0) = 0 THEN 'Sa whole row with no parts'")
	v, err := wholes.verdict(p, cs)
	if err != nil {
		return "", err
	}
	cols = append(cols, rows.formColumns()...)
	var rv strings.Builder
	rows.ctes(&rv, o, "r", "("+rows.source(o)+") AS src", strings.Join(cols, ",\n  "), "rv")

	gr := p.Rule.Group
	var by, match, distinct, unmatched []string
	for j := range gr.By {
		b, wb := ds.DimensionIndex(gr.By[j]), ds.DimensionIndex(gr.WholeBy[j])
		by = append(by, fmt.Sprintf("d%d", b))
		match = append(match, fmt.Sprintf("rv.d%d = gp.b%d", wb, j))
		distinct = append(distinct, fmt.Sprintf("d%d AS w%d, ", wb, j))
		unmatched = append(unmatched, fmt.Sprintf("gp.b%d = wh.w%d", j, j))
	}
	groupBy, keys := "", []string{}
	if len(by) > 0 {
		groupBy = " GROUP BY " + strings.Join(by, ", ")
		for j, b := range by {
			keys = append(keys, fmt.Sprintf("%s AS b%d, ", b, j))
		}
	}
	gp := fmt.Sprintf("gp AS (SELECT %ssum(CASE WHEN pf THEN 1 ELSE 0 END) AS %s, %s AS %s%s\nFROM rv WHERE pf OR pu IS NOT NULL%s HAVING count(*) > 0)",
		strings.Join(keys, ""), groupCount, first("pu IS NOT NULL", "pu"), groupUnknown, prefixed(", ", aggs), groupBy)
	ws := []string{"gp." + groupCount, "gp." + groupUnknown}
	for k := range len(wholes.aggs) {
		a := aggColumns(k)
		ws = append(ws, "gp."+a.v, "gp."+a.lo, "gp."+a.hi, "gp."+a.r)
	}
	for i := range ds.Dimensions {
		ws = append(ws, "rv.d"+strconv.Itoa(i))
	}
	for _, i := range wholes.measureIndexes() {
		ws = append(ws, "rv.t"+strconv.Itoa(i))
	}
	if o.Line != "" {
		ws = append([]string{"rv." + d.Ident(o.Line)}, ws...)
	}
	nulls := strings.Repeat(", NULL", len(c.keyColumns()))
	s := spec{
		g:        wholes,
		with:     []string{rv.String(), gp, "ws AS (SELECT " + strings.Join(ws, ", ") + "\nFROM rv LEFT JOIN gp ON " + and(match) + " WHERE wf)"},
		from:     "ws",
		verdicts: []verdict{{sql: v.s, rule: rule}},
		forms:    rows,
		formsIn:  "rv",
		extra: []string{
			fmt.Sprintf("SELECT %d, 'S' || wu, count(*)%s FROM rv WHERE wu IS NOT NULL GROUP BY wu", rule, nulls),
			fmt.Sprintf("SELECT %d, 'Sparts with no whole row', count(*)%s FROM gp LEFT JOIN (SELECT DISTINCT %s1 AS wn FROM rv WHERE wf) AS wh ON %s WHERE wh.wn IS NULL HAVING count(*) > 0",
				rule, nulls, strings.Join(distinct, ""), and(unmatched)),
		},
	}
	if o.Line != "" {
		// The parts of each failing group, which its finding rests on.
		var on []string
		for j := range gr.By {
			on = append(on, fmt.Sprintf("rv.d%d = v.k%d", ds.DimensionIndex(gr.By[j]), 1+ds.DimensionIndex(gr.WholeBy[j])))
		}
		failing := "v"
		if o.MaxFailing > 0 {
			failing = fmt.Sprintf("(SELECT * FROM v WHERE v0 = 'F' ORDER BY ord LIMIT %d) AS v", o.MaxFailing)
		}
		s.extra = append(s.extra, fmt.Sprintf("SELECT %d, 'B', CAST(v.ord AS BIGINT), CAST(rv.%s AS %s)%s FROM %s JOIN rv ON %s WHERE v.v0 = 'F' AND rv.pf",
			rule, d.Ident(o.Line), d.Text, strings.Repeat(", NULL", len(c.keyColumns())-1), failing, and(on)))
	}
	c.read(rows)
	c.read(wholes)
	return c.statement(s), nil
}

// and joins conditions with AND; none is true.
func and(conds []string) string {
	if len(conds) == 0 {
		return "1 = 1"
	}
	return strings.Join(conds, " AND ")
}

// prefixed is the list, each item after sep, or "" for none.
func prefixed(sep string, list []string) string {
	if len(list) == 0 {
		return ""
	}
	return sep + strings.Join(list, sep)
}

// filter compiles a group's parts or whole filter as the native engine
// decides it: a row is one when the figures the filter reads are numbers
// and it holds as written; when a figure is not a number and no condition
// of the filter (joined by and) that has its figures rules the row out,
// the row cannot be decided, and unknown says why (prefix and the first
// figure's reason; NULL where the row is decided).
func (g *gen) filter(n ir.Node, prefix string) (is, unknown expr, err error) {
	holds, err := g.boolean(n, asWritten)
	if err != nil {
		return expr{}, expr{}, err
	}
	is = g.col(g.f("COALESCE(%s AND %s, FALSE)", g.usable(n), holds))
	if g.usable(n) == sqlTrue {
		return is, expr{"CAST(NULL AS " + g.d.Text + ")", 0}, nil
	}
	cs := &cases{}
	cs.add("WHEN %s THEN NULL", g.usable(n))
	for _, c := range conjuncts(n) {
		h, err := g.boolean(c, asWritten)
		if err != nil {
			return expr{}, expr{}, err
		}
		cs.add("WHEN %s AND NOT %s THEN NULL", g.usable(c), h)
	}
	for _, r := range ir.Refs(n) {
		if bad, reason, ok := g.unusable(r); ok {
			cs.add("WHEN %s THEN "+strings.ReplaceAll(g.d.String(prefix), "%", "%%")+" || %s", bad, reason)
		}
	}
	return is, g.col(g.f("CASE "+strings.Join(cs.whens, " ")+" END", cs.args...)), nil
}

// usable is whether every figure n reads is a number.
func (g *gen) usable(n ir.Node) expr {
	var conds []string
	var args []expr
	for _, r := range ir.Refs(n) {
		if r.Kind == ir.Value {
			conds = append(conds, "%s = 0")
			args = append(args, g.measure(r.Name).state)
		}
	}
	if len(conds) == 0 {
		return sqlTrue
	}
	return g.f("("+strings.Join(conds, " AND ")+")", args...)
}

// conjuncts are the conditions joined by and at the top of n.
func conjuncts(n ir.Node) []ir.Node {
	if l, ok := n.(*ir.Logic); ok && l.Op == ir.And {
		return append(conjuncts(l.L), conjuncts(l.R)...)
	}
	return []ir.Node{n}
}
