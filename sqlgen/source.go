package sqlgen

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/internal/ir"
)

// source selects the row: its dimensions as text (NULL read as empty) and
// the text of each measure the rules read.
func (g *gen) source(o Options) string {
	var cols []string
	if o.Line != "" {
		cols = append(cols, g.d.Ident(o.Line))
	}
	for i := range g.ds.Dimensions {
		cols = append(cols, fmt.Sprintf("%s AS d%d", g.d.ColumnText(g.d.Ident(g.ds.Dimensions[i].HeaderText())), i))
	}
	var used []int
	for i := range g.meas {
		used = append(used, i)
	}
	sort.Ints(used)
	for _, i := range used {
		cols = append(cols, fmt.Sprintf("%s AS t%d", g.d.ColumnText(g.d.Ident(g.ds.Measures[i].HeaderText())), i))
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM " + g.d.Ident(o.Table)
}

// groupedPattern is the form of written values, beside plain digits, that
// the SQL reads (see Supported), as figures reads them once trimmed.
const groupedPattern = `^[-+]? *([0-9]+|[0-9]{1,3}(,[0-9]{3})+)?(\.[0-9]+)?$`

// measure returns the columns of a measure of the row.
func (g *gen) measure(name string) *measure {
	i := g.ds.MeasureIndex(name)
	if g.meas[i] == nil {
		g.meas[i] = g.read(i, "t"+strconv.Itoa(i))
	}
	return g.meas[i]
}

// prevMeasure returns the columns of a measure of the previous period's
// row. The measure is read on the row too, so that the cells of the
// column that the SQL does not read are counted, each on its own row.
func (g *gen) prevMeasure(name string) *measure {
	i := g.ds.MeasureIndex(name)
	if g.prev[i] == nil {
		g.measure(name)
		g.prev[i] = g.read(i, "p"+strconv.Itoa(i))
	}
	return g.prev[i]
}

// read returns the columns of measure i read from the text in column
// text: its figure, read as figures reads it, its state and the form of
// its text.
func (g *gen) read(i int, text string) *measure {
	d := g.d
	t := expr{text, 0}
	match := func(e expr, pattern string) expr { return expr{fmt.Sprintf(d.Matches, e.s, d.String(pattern)), e.h} }
	// The common cell, plain digits, is told by translate alone, and the
	// rest (trimmed, lower-cased, matched) worked out only for the others.
	plain := g.col(expr{fmt.Sprintf(d.Plain, t.s, fmt.Sprintf(d.StrPos, t.s, "'-'")), 0})
	tt := g.f("TRIM(%s)", t)
	low := g.f("lower(%s)", tt)
	var supp, miss []string
	for code, s := range g.ds.Codes {
		if s == figures.Suppressed {
			supp = append(supp, d.String(code))
		} else {
			miss = append(miss, d.String(code))
		}
	}
	sort.Strings(supp)
	sort.Strings(miss)
	in := func(list []string) string {
		if len(list) == 0 {
			return "FALSE"
		}
		return fmt.Sprintf("%s IN (%s)", low.s, strings.Join(list, ", "))
	}
	form := g.col(expr{fmt.Sprintf("CASE WHEN %s THEN 'n' WHEN %s = '' THEN 'm' WHEN %s IN ('low', '[low]') THEN 'l' WHEN %s THEN 's' WHEN %s THEN 'm' WHEN %s AND %s THEN 'n' ELSE 'u' END",
		plain.s, tt.s, low.s, in(supp), in(miss), match(tt, groupedPattern).s, match(tt, "[0-9]").s), plain.h})
	neg := g.col(g.f("(substr(CASE WHEN %s THEN %s ELSE %s END, 1, 1) = '-')", plain, t, tt))
	digits := g.col(g.f("CASE WHEN %[1]s AND %[2]s THEN substr(%[3]s, 2) WHEN %[1]s THEN %[3]s ELSE replace(regexp_replace(%[4]s, '^[-+] *', ''), ',', '') END",
		plain, neg, t, tt))
	isNum := g.f("(%s = 'n')", form)
	f := g.col(g.f("CASE WHEN %[1]s AND %[2]s THEN -CAST(%[3]s AS %[4]s) WHEN %[1]s THEN CAST(%[3]s AS %[4]s) WHEN %[5]s = 'l' THEN 0 END",
		isNum, neg, digits, expr{d.Float, 0}, form))
	point := expr{fmt.Sprintf("(%s > 0)", fmt.Sprintf(d.StrPos, digits.s, "'.'")), digits.h}
	decimals := g.col(expr{fmt.Sprintf("CASE WHEN %s THEN length(%s) - %s ELSE 0 END", point.s, digits.s, fmt.Sprintf(d.StrPos, digits.s, "'.'")), digits.h})
	// Trailing zeros count only in whole numbers of 1,000 or more.
	zeros := g.col(g.f("CASE WHEN %[1]s OR NOT COALESCE(abs(%[3]s) >= 1000, FALSE) THEN 0 ELSE length(%[2]s) - length(regexp_replace(%[2]s, '0+$', '')) END", point, digits, f))
	ten := g.lit(10)
	written := g.col(g.f("CASE WHEN %[1]s > 0 THEN %[4]s / power(%[3]s, %[1]s) WHEN %[2]s > 0 THEN %[4]s * power(%[3]s, %[2]s) ELSE %[4]s END",
		decimals, zeros, ten, g.lit(0.5)))
	var half expr
	switch p := g.ds.Measures[i].Precision; {
	case p.IsExact():
		half = g.lit(0)
	case p.Step() == 0:
		half = written
	default:
		half = g.col(g.f("CASE WHEN %s > 0 THEN LEAST(%s, %s) ELSE %s END", decimals, g.lit(p.Step()/2), written, g.lit(p.Step()/2)))
	}
	isLow := g.f("(%s = 'l')", form)
	m := &measure{
		form:  form,
		text:  t.s,
		blank: g.f("(%s = '')", tt),
		state: g.col(g.f("CASE %s WHEN 'n' THEN 0 WHEN 'l' THEN 0 WHEN 's' THEN 1 WHEN 'm' THEN 2 ELSE 3 END", form)),
		f: fig{
			v:  f,
			lo: g.col(g.f("CASE WHEN %s THEN 0 ELSE %s END", isLow, g.arith("-", f, half))),
			hi: g.col(g.f("CASE WHEN %s THEN %s ELSE %s END", isLow, g.lit(lowHalf(g.ds.Measures[i].Precision)), g.arith("+", f, half))),
			w:  sqlTrue,
		},
	}
	return m
}

// reason is why measure m, called name, cannot be used, as the native
// engine says it.
func (g *gen) reason(m *measure, name string) expr {
	lit := func(s string) string { return strings.ReplaceAll(g.d.String(name+s), "%", "%%") }
	return g.f("CASE WHEN %s = 3 THEN "+lit(" is not a number")+
		" WHEN %s = 2 AND NOT %s THEN "+lit(" is missing (")+" || %s || ')'"+
		" WHEN %s THEN "+lit(" is empty")+
		" ELSE "+lit(" is suppressed (")+" || %s || ')' END",
		m.state, m.state, m.blank, expr{m.text, 0}, m.blank, expr{m.text, 0})
}

// unusable says whether the value r reads cannot be used, and why, as the
// native engine says it; ok is false for references that always can be.
func (g *gen) unusable(r ir.Ref) (bad, reason expr, ok bool) {
	switch r.Kind {
	case ir.Value:
		m := g.measure(r.Name)
		return g.f("(%s <> 0)", m.state), g.reason(m, r.Name), true
	case ir.Prev:
		m, has := g.prevMeasure(r.Name), expr{hasPrev, 0}
		return g.f("(%s = 0 OR %s <> 0)", has, m.state),
			g.f("CASE WHEN %s = 0 THEN 'no row for the previous period' ELSE 'prev.' || %s END", has, g.reason(m, r.Name)), true
	case ir.Aggregate:
		a := aggColumns(g.aggs[r])
		return expr{"(" + a.r + " IS NOT NULL)", 0}, expr{a.r, 0}, true
	}
	return expr{}, expr{}, false
}

// cases are the WHEN clauses of a CASE, with their arguments.
type cases struct {
	whens []string
	args  []expr
}

func (c *cases) add(when string, args ...expr) {
	c.whens = append(c.whens, when)
	c.args = append(c.args, args...)
}

// verdict is the SQL of a rule's verdict on a row: S and the reason,
// N where its when leaves the row out, P, R or F; for a unique rule, U
// where the row's key counts. cs are cases decided first.
func (g *gen) verdict(p checker.RulePlan, cs *cases) (expr, error) {
	g.tol = p.Rule.Tolerance
	skips := func(n ir.Node) {
		for _, r := range ir.Refs(n) {
			if bad, reason, ok := g.unusable(r); ok {
				cs.add("WHEN %s THEN 'S' || %s", bad, reason)
			}
		}
	}
	if p.When != nil {
		skips(p.When)
		when, err := g.boolean(p.When, asWritten)
		if err != nil {
			return expr{}, fmt.Errorf("when: %v", err)
		}
		cs.add("WHEN NOT %s THEN 'N'", when)
	}
	if len(p.Rule.Unique) > 0 {
		if len(cs.whens) == 0 {
			return expr{"'U'", 0}, nil
		}
		cs.add("ELSE 'U'")
		return g.f("CASE "+strings.Join(cs.whens, " ")+" END", cs.args...), nil
	}
	skips(p.Assert)
	questions := []question{asWritten, withinRounding}
	if divides(p.Assert) {
		questions = append(questions, lenient)
	}
	// A failure that holds leniently rests on a quotient that does not
	// exist, and skips.
	then := [...]string{asWritten: "'P'", withinRounding: "'R'", lenient: "'S" + checker.ZeroDivisor + "'"}
	for _, q := range questions {
		holds, err := g.boolean(p.Assert, q)
		if err != nil {
			return expr{}, err
		}
		cs.add("WHEN %s THEN "+then[q], holds)
	}
	return g.f("CASE "+strings.Join(cs.whens, " ")+" ELSE 'F' END", cs.args...), nil
}

// divides reports whether n divides (with /, pct_change or ratio), so that
// a quotient may be undefined; the native engine asks its lenient question
// only of such rules.
func divides(n ir.Node) bool {
	found := false
	ir.Walk(n, func(n ir.Node) {
		switch n := n.(type) {
		case *ir.Arith:
			found = found || n.Op == ir.Div
		case *ir.Call:
			found = found || n.Fn == ir.PctChange || n.Fn == ir.Ratio
		}
	})
	return found
}
