// Package sqlgen compiles rules over a table into SQL that returns, for
// each rule, its verdict counts, its skip reasons and the keys of its
// failing rows, with the meaning the native engine gives them: every
// measure is read from its text with the rounding its writing and its
// declared precision imply, and both questions (as written, within
// rounding) are asked in SQL with interval arithmetic.
//
// Row rules, unique rules, group rules and rules with prev, with when, are
// compiled; same-figure rules are not, and Generate says so for each.
package sqlgen

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/internal/ir"
	"github.com/figcheck/figcheck/interval"
	"github.com/figcheck/figcheck/rules"
)

// Options say where the rows are.
type Options struct {
	// Table is the table or view that holds the dataset's rows, with a
	// column for each dimension and measure under its header text.
	Table string
	// Line, when not empty, is a column numbering the rows (whole numbers,
	// not negative), returned as the key of failing rows before the
	// dimensions, and the order of the rows where the native engine takes
	// the first of several: the part that makes a group's parts unknown,
	// the first of periods at the same time, the previous period's row.
	Line string
	// MaxFailing, with Line, is the most failing rows a statement gives
	// for a row, group or prev rule, the first by line, with the rows their
	// findings rest on; 0 gives them all, as it does for unique rules.
	MaxFailing int
}

// Query is the SQL of the rules of one dataset. Each row of a statement's
// result is
// (rule, verdict, n, then the key columns):
//   - rule ≥ 0, key columns NULL: n evaluations of rule Rules[rule] ended in
//     verdict, which is P (pass), R (pass within rounding), F (fail) or S
//     followed by the reason it was skipped; rows a when leaves out are not
//     counted;
//   - rule ≥ 0, verdict F and n NULL: a failing row, with its keys (for a
//     group rule, the whole row of the failing group);
//   - rule ≥ 0, verdict B (only with Options.Line): the finding of the
//     failing row whose line is n rests on the row whose line is the first
//     key as well (a part of a failing group; the previous period's row);
//   - rule < 0: n cells of measure -rule-1 of the dataset hold the text verdict,
//     which the SQL does not read as a number (see Supported).
type Query struct {
	SQL      []string // the statements, each for some of the rules
	Dataset  *rules.Dataset
	Rules    []*rules.Rule
	Measures []int    // the dataset's measures read
	Keys     []string // the key columns of failing rows, as named in the table
	// Native are the rules of the dataset left to the native engine, each
	// with the reason.
	Native []Refusal
}

// Refusal is a rule the SQL does not cover, and why.
type Refusal struct {
	Rule   *rules.Rule
	Reason string
}

func (r Refusal) Error() string { return "rule " + r.Rule.ID + ": " + r.Reason }

// Supported says which written values the SQL reads as numbers; every
// other cell comes back as text for the caller to check.
const Supported = "digits with an optional sign and decimal point (-12.5, .5, 3.), thousands grouped by commas (34,328.2), " +
	"surrounding spaces, low and [low], empty cells and the dataset's codes"

// Generate compiles the rules of plans over dataset ds into a query in
// dialect d.
func Generate(plans []checker.RulePlan, ds *rules.Dataset, d *Dialect, o Options) (*Query, error) {
	if ds.DecimalComma {
		return nil, fmt.Errorf("measures written with a decimal comma are not read by the SQL back end")
	}
	if o.Table == "" {
		return nil, fmt.Errorf("no table named for the dataset")
	}
	q := &Query{Dataset: ds}
	c := &compiler{q: q, d: d, o: o, measures: map[int]bool{}}
	// Unique rules have a statement of their own, so that the row rules'
	// statement reads its layers once (see tallied).
	rows, uniques, prevs := &batch{}, &batch{}, &batch{prev: true}
	var groups []string
	for _, p := range plans {
		if p.Rule.Dataset != ds {
			continue
		}
		if reason := refusal(p); reason != "" {
			q.Native = append(q.Native, Refusal{p.Rule, reason})
			continue
		}
		rule := len(q.Rules)
		var err error
		switch {
		case p.Rule.Group != nil:
			var s string
			if s, err = c.group(p, rule); err == nil {
				groups = append(groups, s)
			}
		case p.UsesPrev:
			err = c.add(prevs, p, rule)
		case len(p.Rule.Unique) > 0:
			err = c.add(uniques, p, rule)
		default:
			err = c.add(rows, p, rule)
		}
		if err != nil {
			q.Native = append(q.Native, Refusal{p.Rule, err.Error()})
			continue
		}
		q.Rules = append(q.Rules, p.Rule)
	}
	c.flush(rows)
	c.flush(uniques)
	c.flush(prevs)
	q.SQL = append(q.SQL, groups...)
	for i := range ds.Measures {
		if c.measures[i] {
			q.Measures = append(q.Measures, i)
		}
	}
	if o.Line != "" {
		q.Keys = append(q.Keys, o.Line)
	}
	for i := range ds.Dimensions {
		q.Keys = append(q.Keys, ds.Dimensions[i].HeaderText())
	}
	return q, nil
}

// compiler writes the statements of a query.
type compiler struct {
	q        *Query
	d        *Dialect
	o        Options
	measures map[int]bool // the measures the statements read
}

func (c *compiler) newGen() *gen {
	ds := c.q.Dataset
	return &gen{d: c.d, ds: ds, cols: map[string]expr{}, nums: map[numKey]fig{}, vars: map[numKey]fig{}, meas: map[int]*measure{}, prev: map[int]*measure{}, aggs: map[ir.Ref]int{}, inputs: map[string]bool{}}
}

// batch gathers rules that share a statement: row rules, unique rules,
// or rules with prev.
type batch struct {
	prev     bool
	g        *gen
	verdicts []verdict
}

// add compiles rule p, numbered rule, into b, or says why it cannot.
func (c *compiler) add(b *batch, p checker.RulePlan, rule int) error {
	if _, err := c.newGen().verdict(p, b.pre()); err != nil {
		return err
	}
	if b.g != nil && b.g.ncol > maxColumns {
		c.flush(b)
	}
	if b.g == nil {
		b.g = c.newGen()
	}
	v, _ := b.g.verdict(p, b.pre())
	b.verdicts = append(b.verdicts, verdict{v.s, p.Rule.Unique, rule})
	return nil
}

// pre are the cases a batch's verdicts decide first: a rule with prev is
// not evaluated on the rows of the first period.
func (b *batch) pre() *cases {
	cs := &cases{}
	if b.prev {
		cs.add("WHEN " + periodOrdinal + " = 1 THEN 'N'")
	}
	return cs
}

// flush writes the statement of the rules in b.
func (c *compiler) flush(b *batch) {
	if len(b.verdicts) == 0 {
		return
	}
	s := spec{g: b.g, from: "(" + b.g.source(c.o) + ") AS src", verdicts: b.verdicts}
	if b.prev {
		s.with, s.from = c.prevSource(b.g), "src"
		s.carry, s.extra = c.prevRests(b.verdicts)
	}
	c.q.SQL = append(c.q.SQL, c.statement(s))
	c.read(b.g)
	b.g, b.verdicts = nil, nil
}

// read notes the measures g reads.
func (c *compiler) read(g *gen) {
	for i := range g.meas {
		c.measures[i] = true
	}
	for i := range g.prev {
		c.measures[i] = true
	}
}

// maxColumns is about the most columns one statement computes: every layer
// carries those before it, and engines cap the columns of a row (1,664 in
// PostgreSQL).
const maxColumns = 1000

// verdict is the SQL of a rule's verdict on a row, for a unique rule its
// key, and the rule's number in the query.
type verdict struct {
	sql    string
	unique []string
	rule   int
}

// spec is what a statement is made of.
type spec struct {
	g        *gen
	with     []string // common table expressions before g's layers
	from     string   // what g's first layer reads
	verdicts []verdict
	// forms, when not nil, is the gen whose measures' unread cells are
	// counted, in the common table expression formsIn; else g's, in v.
	forms   *gen
	formsIn string
	extra   []string // further parts of the union, after the verdicts'
	carry   []string // columns of the source carried to v, for extra
}

// statement is the SQL of the rules s compiled.
func (c *compiler) statement(s spec) string {
	d, g, o := c.d, s.g, c.o
	keys := c.keyColumns()
	var vcols []string
	for i, v := range s.verdicts {
		vcols = append(vcols, v.sql+" AS v"+strconv.Itoa(i))
	}
	order := ""
	if o.Line != "" {
		vcols = append(vcols, d.Ident(o.Line)+" AS ord")
		order = " ORDER BY ord"
	}
	vcols = append(vcols, s.carry...)
	forms, formsIn := s.forms, s.formsIn
	if forms == nil {
		forms, formsIn = g, "v"
		vcols = append(vcols, forms.formColumns()...)
	}
	var kcols []string
	for i, k := range keys {
		kcols = append(kcols, k+" AS k"+strconv.Itoa(i))
		keys[i] = "k" + strconv.Itoa(i)
	}
	final := strings.Join(kcols, ", ") + ",\n  " + strings.Join(vcols, ",\n  ")
	var b strings.Builder
	b.WriteString("WITH ")
	for _, w := range s.with {
		b.WriteString(w + ",\n")
	}
	g.ctes(&b, o, "l", s.from, final, "v")
	nulls := strings.Repeat(", NULL", len(keys))
	var parts []string
	if s.tallied() {
		return b.String() + ",\n" + c.tally(s, keys)
	}
	b.WriteString("\n")
	for i, v := range s.verdicts {
		parts = append(parts, fmt.Sprintf("SELECT %d AS rule, v%d AS verdict, count(*) AS n%s FROM v WHERE v%d NOT IN ('N', 'U') GROUP BY v%d",
			v.rule, i, nullKeys(d, keys, i == 0), i, i))
		if len(v.unique) == 0 {
			parts = append(parts, c.first(fmt.Sprintf("SELECT %d, 'F', NULL, %s FROM v WHERE v%d = 'F'", v.rule, strings.Join(keys, ", "), i)))
			continue
		}
		// A row passes when no other row has its key, and fails otherwise;
		// a key's finding is its second row.
		var by []string
		for _, name := range v.unique {
			by = append(by, keys[len(keys)-len(g.ds.Dimensions)+g.ds.DimensionIndex(name)])
		}
		groups := fmt.Sprintf("(SELECT count(*) AS n FROM v WHERE v%d = 'U' GROUP BY %s) AS g%d", i, strings.Join(by, ", "), i)
		parts = append(parts,
			fmt.Sprintf("SELECT %d, 'P', count(*)%s FROM %s WHERE n = 1", v.rule, nulls, groups),
			fmt.Sprintf("SELECT %d, 'F', CAST(COALESCE(sum(n), 0) AS BIGINT)%s FROM %s WHERE n > 1", v.rule, nulls, groups),
			fmt.Sprintf("SELECT %d, 'F', NULL, %s FROM (SELECT %s, row_number() OVER (PARTITION BY %s%s) AS r FROM v WHERE v%d = 'U') AS w%d WHERE r = 2",
				v.rule, strings.Join(keys, ", "), strings.Join(keys, ", "), strings.Join(by, ", "), order, i, i))
	}
	parts = append(parts, s.extra...)
	for _, i := range forms.measureIndexes() {
		parts = append(parts, fmt.Sprintf("SELECT %d, t%d, count(*)%s FROM %s WHERE f%d = 'u' GROUP BY t%d", -i-1, i, nulls, formsIn, i, i))
	}
	return b.String() + strings.Join(parts, "\nUNION ALL\n")
}

// tallied reports whether every verdict of s is counted in one scan of
// the rows, as those of row rules and rules with prev are: the layers are
// then read once, which lets an engine stream the rows through them
// rather than keep them. Unique rules count keys, and groups join their
// parts and wholes, so their statements read the verdicts again.
func (s spec) tallied() bool {
	if s.forms != nil || len(s.extra) > 0 {
		return false
	}
	for _, v := range s.verdicts {
		if len(v.unique) > 0 {
			return false
		}
	}
	return true
}

// tally is the end of a tallied statement, after v: its verdicts counted
// in one scan of v, by one GROUP BY with a grouping set for each rule (its
// verdict, and its keys where it fails) and for each measure (the texts
// the SQL does not read), in g; each group's rule, verdict and keys, in r;
// and the count of each verdict and the keys of each failing row, in t, a
// row for each of the rows that share the keys. Each is read once, since
// engines that plan a common table expression wherever it is read would
// plan g's scan as many times. With Dialect.GroupRows, the rows are first
// grouped by all their verdicts, unread texts and, where the row fails a
// rule, keys, in c, which leaves a row for each combination of verdicts
// and each failing row, and g counts those.
func (c *compiler) tally(s spec, keys []string) string {
	var wcols, ccols, by, gcols, sets, fails []string
	var rule, verdict strings.Builder
	rule.WriteString("CASE")
	verdict.WriteString("CASE")
	rkeys := make([]strings.Builder, len(keys))
	for j := range rkeys {
		rkeys[j].WriteString("CASE")
	}
	grouped := c.d.GroupRows
	for i, v := range s.verdicts {
		set := []string{fmt.Sprintf("v%d", i)}
		fails = append(fails, set[0]+" = 'F'")
		wcols = append(wcols, set[0])
		by = append(by, set[0])
		ccols = append(ccols, set[0])
		for j, k := range keys {
			x := fmt.Sprintf("x%d_%d", i, j)
			if grouped {
				ccols = append(ccols, fmt.Sprintf("CASE WHEN v%d = 'F' THEN x%d END AS %s", i, j, x))
			} else {
				wcols = append(wcols, fmt.Sprintf("CASE WHEN v%d = 'F' THEN %s END AS %s", i, k, x))
			}
			set = append(set, x)
			fmt.Fprintf(&rkeys[j], " WHEN g%d = 0 THEN %s", i, x)
		}
		gcols = append(gcols, set...)
		gcols = append(gcols, fmt.Sprintf("GROUPING(v%[1]d) AS g%[1]d", i))
		sets = append(sets, "("+strings.Join(set, ", ")+")")
		fmt.Fprintf(&rule, " WHEN g%d = 0 THEN %d", i, v.rule)
		fmt.Fprintf(&verdict, " WHEN g%d = 0 THEN v%d", i, i)
	}
	for _, m := range s.g.measureIndexes() {
		wcols = append(wcols, fmt.Sprintf("CASE WHEN f%[1]d = 'u' THEN t%[1]d END AS u%[1]d", m))
		by = append(by, fmt.Sprintf("u%d", m))
		ccols = append(ccols, fmt.Sprintf("u%d", m))
		gcols = append(gcols, fmt.Sprintf("u%d", m), fmt.Sprintf("GROUPING(u%[1]d) AS gu%[1]d", m))
		sets = append(sets, fmt.Sprintf("(u%d)", m))
		fmt.Fprintf(&rule, " WHEN gu%d = 0 THEN %d", m, -m-1)
		fmt.Fprintf(&verdict, " WHEN gu%d = 0 THEN u%d", m, m)
	}
	rcols := []string{rule.String() + " END AS rule", verdict.String() + " END AS verdict", "n"}
	for j := range rkeys {
		rcols = append(rcols, rkeys[j].String()+" END AS "+keys[j])
	}
	v := "v" // w reads each verdict more than once: it is computed before
	if c.d.Fence != "" {
		v = "(SELECT * FROM v" + c.d.Fence + ") AS v"
	}
	counted, count := "w", "count(*)"
	var rows string
	if grouped {
		// Whether the row fails a rule is computed once, before w.
		v = "(SELECT *, " + strings.Join(fails, " OR ") + " AS fail FROM " + v + c.d.Fence + ") AS v"
		for j, k := range keys {
			wcols = append(wcols, fmt.Sprintf("CASE WHEN fail THEN %s END AS x%d", k, j))
			by = append(by, fmt.Sprintf("x%d", j))
		}
		rows = "c AS (SELECT " + strings.Join(ccols, ", ") + ", count(*) AS n\nFROM w GROUP BY " + strings.Join(by, ", ") + "),\n"
		counted, count = "c", "sum(n)"
	}
	// In t, f is 1 in the verdicts' counts and 0 in the failing rows.
	all := strings.Join(keys, ", ")
	out := "w AS (SELECT " + strings.Join(wcols, ",\n  ") + "\nFROM " + v + "),\n" + rows +
		"g AS (SELECT " + strings.Join(gcols, ", ") + ", " + count + " AS n\nFROM " + counted + " GROUP BY GROUPING SETS (" + strings.Join(sets, ", ") + ")),\n" +
		"r AS (SELECT " + strings.Join(rcols, ",\n  ") + "\nFROM g),\n" +
		"t AS (SELECT rule, verdict, CAST(sum(n) AS BIGINT) AS n, GROUPING(" + keys[0] + ") AS f, " + all +
		" FROM r WHERE verdict IS NOT NULL GROUP BY GROUPING SETS ((rule, verdict), (rule, verdict, " + all + ")))"
	from, first := "t", ""
	if c.o.Line != "" && c.o.MaxFailing > 0 {
		// Only the first failing rows of each rule, by line (k0, the
		// line as text), as first gives them where the verdicts are read
		// again.
		out += ",\nft AS (SELECT t.*, row_number() OVER (PARTITION BY f, rule ORDER BY CAST(" + keys[0] + " AS " + c.d.Float + ")) AS nth FROM t)"
		from, first = "ft", fmt.Sprintf(" AND nth <= %d", c.o.MaxFailing)
	}
	return out + "\nSELECT rule, verdict, CASE WHEN f = 1 THEN n END AS n, " + all + " FROM " + from + fmt.Sprintf(c.d.Repeat, "CASE WHEN f = 1 THEN 1 ELSE n END") +
		"\nWHERE f = 1 AND (rule < 0 OR verdict <> 'N') OR f = 0 AND rule >= 0 AND verdict = 'F'" + first
}

// keyColumns are the key columns of failing rows, as the layers name them.
func (c *compiler) keyColumns() []string {
	var keys []string
	if c.o.Line != "" {
		keys = append(keys, "CAST("+c.d.Ident(c.o.Line)+" AS "+c.d.Text+")")
	}
	for i := range c.q.Dataset.Dimensions {
		keys = append(keys, "d"+strconv.Itoa(i))
	}
	return keys
}

// ctes writes g's layers as common table expressions named prefix1,
// prefix2, …, the first reading from, and then name, which selects final
// from the last.
func (g *gen) ctes(b *strings.Builder, o Options, prefix, from, final, name string) {
	for i, layer := range g.prune(final, o) {
		fmt.Fprintf(b, "%s%d AS (SELECT %s\nFROM %s%s),\n", prefix, i+1, layer, from, g.d.Fence)
		from = prefix + strconv.Itoa(i+1)
	}
	fmt.Fprintf(b, "%s AS (SELECT %s\nFROM %s)", name, final, from)
}

// measureIndexes are the measures g reads from the row's own cells, in
// order.
func (g *gen) measureIndexes() []int { return sortedKeys(g.meas) }

// formColumns are the form and text of each measure g reads, for counting
// the cells the SQL does not read.
func (g *gen) formColumns() []string {
	var cols []string
	for _, i := range g.measureIndexes() {
		m := g.meas[i]
		cols = append(cols, m.form.s+" AS f"+strconv.Itoa(i), m.text+" AS t"+strconv.Itoa(i))
	}
	return cols
}

// nullKeys are the NULL key columns of a count row, named and typed in the
// first part of the union, which gives the result its column names.
func nullKeys(d *Dialect, keys []string, first bool) string {
	var b strings.Builder
	for i := range keys {
		if first {
			fmt.Fprintf(&b, ", CAST(NULL AS %s) AS k%d", d.Text, i)
		} else {
			b.WriteString(", NULL")
		}
	}
	return b.String()
}

// refusal says why the SQL does not cover a rule, or "".
func refusal(p checker.RulePlan) string {
	r := p.Rule
	switch {
	case r.SameFigure:
		return "same_figure rules are checked natively"
	case p.Assert == nil && len(r.Unique) == 0:
		return "its assertion uses an expression the SQL back end does not cover"
	case !r.When.IsZero() && p.When == nil:
		return "its when uses an expression the SQL back end does not cover"
	case r.Group != nil && (p.Parts == nil || p.Whole == nil):
		return "its group's parts or whole use an expression the SQL back end does not cover"
	}
	return ""
}

// expr is SQL text and the layer of the deepest computed column it reads
// (0: the source row).
type expr struct {
	s string
	h int
}

// fig is a figure as four SQL values: the value as written, the bounds of
// its interval, and whether it is a figure as written. NaN is NULL.
type fig struct{ v, lo, hi, w expr }

type measure struct {
	f     fig
	state expr // 0 a number, 1 suppressed, 2 missing, 3 not read
	form  expr
	text  string // the cell's text column
	blank expr
}

// gen builds the layers of the query: each layer computes columns from
// those of the layers before it.
type gen struct {
	d      *Dialect
	ds     *rules.Dataset
	layers [][]column
	ncol   int
	cols   map[string]expr // the columns computed, by their SQL
	nums   map[numKey]fig
	vars   map[numKey]fig   // by slot
	meas   map[int]*measure // the row's measures, read from t0, t1, …
	prev   map[int]*measure // the previous period's, read from p0, p1, …
	aggs   map[ir.Ref]int   // a group's aggregates, by their columns' number
	inputs map[string]bool  // columns of the source besides dimensions and texts
	tol    interval.Tolerance
}

func (g *gen) f(format string, args ...expr) expr {
	h := 0
	vals := make([]any, len(args))
	for i, a := range args {
		h = max(h, a.h)
		vals[i] = a.s
	}
	return expr{fmt.Sprintf(format, vals...), h}
}

// col computes e once, as a column of the layer after the columns it reads;
// the same SQL twice is the same column.
func (g *gen) col(e expr) expr {
	if isSimple(e.s) {
		return e
	}
	if c, ok := g.cols[e.s]; ok {
		return c
	}
	for len(g.layers) <= e.h {
		g.layers = append(g.layers, nil)
	}
	name := "c" + strconv.Itoa(g.ncol)
	g.ncol++
	g.layers[e.h] = append(g.layers[e.h], column{name, e.s})
	g.cols[e.s] = expr{name, e.h + 1}
	return g.cols[e.s]
}

// column is a column a layer computes.
type column struct{ name, expr string }

// colName finds the names of columns in SQL (c0, d1, t2, av3, …), and
// literal the string literals, which are left out of the search.
var (
	colName = regexp.MustCompile(`\b[a-z]+[0-9]+\b`)
	literal = regexp.MustCompile(`'(?:[^']|'')*'`)
)

// prune returns the select list of each layer: the columns it computes
// that are used later, and the columns of earlier layers used after it,
// passed on; final is what the last layer must give. Carrying only these,
// rather than every column so far, keeps rows narrow.
func (g *gen) prune(final string, o Options) []string {
	known := map[string]bool{}
	for i := range g.ds.Dimensions {
		known["d"+strconv.Itoa(i)] = true
	}
	for i := range g.meas {
		known["t"+strconv.Itoa(i)] = true
	}
	for i := range g.prev {
		known["p"+strconv.Itoa(i)] = true
	}
	for n := range g.inputs {
		known[n] = true
	}
	for _, layer := range g.layers {
		for _, c := range layer {
			known[c.name] = true
		}
	}
	refs := func(s string, into map[string]bool) {
		for _, n := range colName.FindAllString(literal.ReplaceAllString(s, "''"), -1) {
			if known[n] {
				into[n] = true
			}
		}
	}
	need := map[string]bool{}
	refs(final, need)
	out := make([]string, len(g.layers))
	for l := len(g.layers) - 1; l >= 0; l-- {
		here := map[string]bool{}
		for _, c := range g.layers[l] {
			here[c.name] = true
		}
		var pass []string
		next := map[string]bool{}
		for n := range need {
			if !here[n] {
				pass = append(pass, n)
				next[n] = true
			}
		}
		sort.Strings(pass)
		cols := pass
		if o.Line != "" {
			cols = append([]string{g.d.Ident(o.Line)}, cols...)
		}
		for _, c := range g.layers[l] {
			if need[c.name] {
				cols = append(cols, c.expr+" AS "+c.name)
				refs(c.expr, next)
			}
		}
		out[l] = strings.Join(cols, ",\n  ")
		need = next
	}
	return out
}

// isSimple reports whether s is a column name or a literal, not worth a
// column of its own.
func isSimple(s string) bool {
	return !strings.ContainsAny(s, " (") || strings.HasPrefix(s, "CAST(") && strings.Count(s, "(") == 1
}

func (g *gen) colFig(f fig) fig { return fig{g.col(f.v), g.col(f.lo), g.col(f.hi), g.col(f.w)} }

var (
	sqlTrue  = expr{"TRUE", 0}
	sqlFalse = expr{"FALSE", 0}
)

func (g *gen) lit(x float64) expr {
	switch {
	case math.IsInf(x, 1):
		return expr{g.d.Inf, 0}
	case math.IsInf(x, -1):
		return expr{"(-" + g.d.Inf + ")", 0}
	}
	return expr{"CAST(" + strconv.FormatFloat(x, 'g', -1, 64) + " AS " + g.d.Float + ")", 0}
}

func boolLit(b bool) expr {
	if b {
		return sqlTrue
	}
	return sqlFalse
}

// cmp is a comparison that is false, never NULL, when a side is NaN.
func (g *gen) cmp(a expr, op string, b expr) expr { return g.f("COALESCE(%s "+op+" %s, FALSE)", a, b) }

func (g *gen) nn(e expr) expr { return expr{fmt.Sprintf(g.d.NaNToNull, e.s), e.h} }

// least and greatest are NaN (NULL) when an argument is, as Go's min and
// max are.
func (g *gen) least(fn string, args ...expr) expr {
	var nulls, list []string
	h := 0
	for i, a := range args {
		if slices.ContainsFunc(args[:i], func(b expr) bool { return b.s == a.s }) {
			continue // DuckDB refuses an argument given twice when it inlines a layer
		}
		nulls = append(nulls, a.s+" IS NULL")
		list = append(list, a.s)
		h = max(h, a.h)
	}
	return expr{fmt.Sprintf("CASE WHEN %s THEN NULL ELSE %s(%s) END", strings.Join(nulls, " OR "), fn, strings.Join(list, ", ")), h}
}

func (g *gen) min(args ...expr) expr { return g.least("LEAST", args...) }
func (g *gen) max(args ...expr) expr { return g.least("GREATEST", args...) }

// div is x / y as Go divides doubles: by zero, an infinity or NaN.
func (g *gen) div(x, y expr) expr {
	// The sign of a zero divisor counts: atan2 tells -0 from 0.
	return g.nn(g.f("CASE WHEN %[2]s = 0 THEN CASE WHEN %[1]s = 0 OR %[1]s IS NULL THEN NULL WHEN (%[1]s > 0) = (atan2(%[2]s, -1) > 0) THEN %[3]s ELSE -%[3]s END ELSE %[1]s / %[2]s END",
		x, y, expr{g.d.Inf, 0}))
}

func (g *gen) arith(op string, x, y expr) expr { return g.nn(g.f("(%s "+op+" %s)", x, y)) }

func (g *gen) point(a fig) expr { return g.cmp(a.lo, "=", a.hi) }

// written is interval's written: one operand is a figure as written and
// the other an exact constant.
func (g *gen) written(a, b fig) expr {
	return g.f("((%s AND %s AND NOT %s) OR (%s AND %s AND NOT %s))", a.w, g.point(b), b.w, b.w, g.point(a), a.w)
}

func exact(v expr) fig { return fig{v, v, v, sqlFalse} }

func (g *gen) add(a, b fig) fig {
	return g.colFig(fig{g.arith("+", a.v, b.v), g.arith("+", a.lo, b.lo), g.arith("+", a.hi, b.hi), g.written(a, b)})
}

func (g *gen) sub(a, b fig) fig {
	return g.colFig(fig{g.arith("-", a.v, b.v), g.arith("-", a.lo, b.hi), g.arith("-", a.hi, b.lo), g.written(a, b)})
}

func (g *gen) neg(a fig) fig {
	return g.colFig(fig{g.f("(-%s)", a.v), g.f("(-%s)", a.hi), g.f("(-%s)", a.lo), a.w})
}

// bound multiplies two bounds, 0 × ∞ being 0.
func (g *gen) bound(x, y expr) expr {
	return g.col(g.f("CASE WHEN %[1]s = 0 OR %[2]s = 0 THEN 0 ELSE %[3]s END", x, y, g.arith("*", x, y)))
}

// mulBounds is the interval of a × b by the sign cases.
func (g *gen) mulBounds(a, b fig) (lo, hi expr) {
	pos := g.f("(%s AND %s)", g.cmp(a.lo, ">=", g.lit(0)), g.cmp(b.lo, ">=", g.lit(0)))
	p1, p2, p3, p4 := g.bound(a.lo, b.lo), g.bound(a.lo, b.hi), g.bound(a.hi, b.lo), g.bound(a.hi, b.hi)
	lo = g.f("CASE WHEN %s THEN %s ELSE %s END", pos, p1, g.min(p1, p2, p3, p4))
	hi = g.f("CASE WHEN %s THEN %s ELSE %s END", pos, p4, g.max(p1, p2, p3, p4))
	return lo, hi
}

func (g *gen) mul(a, b fig) fig {
	lo, hi := g.mulBounds(a, b)
	return g.colFig(fig{g.arith("*", a.v, b.v), lo, hi, g.written(a, b)})
}

func (g *gen) divide(a, b fig) fig {
	// A divisor that may be zero, or is undefined, leaves the quotient
	// undefined (NULL), as interval.Div does.
	straddle := g.col(g.f("(%s AND %s OR %s)", g.cmp(b.lo, "<=", g.lit(0)), g.cmp(b.hi, ">=", g.lit(0)), undefined(g, b)))
	common := g.f("(%s AND %s AND %s)", g.cmp(a.lo, ">=", g.lit(0)), g.cmp(b.lo, ">", g.lit(0)), g.cmp(b.hi, "<=", g.lit(math.MaxFloat64)))
	one := g.lit(1)
	inv := fig{lo: g.col(g.div(one, b.hi)), hi: g.col(g.div(one, b.lo))}
	mlo, mhi := g.mulBounds(a, inv)
	return g.colFig(fig{
		v:  g.f("CASE WHEN %s THEN NULL ELSE %s END", straddle, g.div(a.v, b.v)),
		lo: g.f("CASE WHEN %s THEN NULL WHEN %s THEN %s ELSE %s END", straddle, common, g.div(a.lo, b.hi), mlo),
		hi: g.f("CASE WHEN %s THEN NULL WHEN %s THEN %s ELSE %s END", straddle, common, g.div(a.hi, b.lo), mhi),
		w:  g.f("(NOT %s AND %s)", straddle, g.written(a, b)),
	})
}

func (g *gen) abs(a fig) fig {
	c1, c2 := g.col(g.cmp(a.lo, ">=", g.lit(0))), g.col(g.cmp(a.hi, "<=", g.lit(0)))
	return g.colFig(fig{
		v:  g.f("CASE WHEN %s THEN %s WHEN %s THEN -%s ELSE abs(%s) END", c1, a.v, c2, a.v, a.v),
		lo: g.f("CASE WHEN %s THEN %s WHEN %s THEN -%s ELSE 0 END", c1, a.lo, c2, a.hi),
		hi: g.f("CASE WHEN %s THEN %s WHEN %s THEN -%s ELSE %s END", c1, a.hi, c2, a.lo, g.max(g.f("-%s", a.lo), a.hi)),
		w:  a.w,
	})
}

func (g *gen) minMax(a, b fig, fn func(...expr) expr) fig {
	return g.colFig(fig{fn(a.v, b.v), fn(a.lo, b.lo), fn(a.hi, b.hi), g.f("(%s AND %s)", a.w, b.w)})
}

// question is what a rule's SQL asks, as checker's modes do: whether the
// figures as written satisfy it, whether values within their rounding
// could, and whether they could leniently, with every comparison that has
// an undefined side (a quotient that does not exist) counting for the
// rule.
type question int

const (
	asWritten question = iota
	withinRounding
	lenient
)

// numKey is a node or a let's slot as a number is computed for a question:
// as written and within rounding alike, since the conditions of ?: are
// decided on the values as written, or leniently, where such a condition
// with an undefined side holds. A lenient number that is the same SQL is
// the same column (see col).
type numKey struct {
	n       ir.Node
	slot    int
	lenient bool
}

// num compiles a Figure or Number node for question q.
func (g *gen) num(n ir.Node, q question) (fig, error) {
	k := numKey{n: n, lenient: q == lenient}
	if f, ok := g.nums[k]; ok {
		return f, nil
	}
	f, err := g.num1(n, q)
	if err == nil {
		g.nums[k] = f
	}
	return f, err
}

func (g *gen) num1(n ir.Node, q question) (fig, error) {
	switch n := n.(type) {
	case *ir.Const:
		if n.T == ir.Number {
			return exact(g.lit(n.Num)), nil
		}
	case *ir.RefNode:
		switch r := n.Ref; r.Kind {
		case ir.Value:
			return g.measure(r.Name).f, nil
		case ir.Prev:
			return g.prevMeasure(r.Name).f, nil
		case ir.Count:
			return exact(expr{"CAST(" + groupCount + " AS " + g.d.Float + ")", 0}), nil
		case ir.Aggregate:
			if k, ok := g.aggs[r]; ok {
				a := aggColumns(k)
				return fig{expr{a.v, 0}, expr{a.lo, 0}, expr{a.hi, 0}, boolLit(r.Agg != ir.Sum)}, nil
			}
		}
		return fig{}, fmt.Errorf("%s is not compiled to SQL", n.Ref)
	case *ir.Var:
		return g.vars[numKey{slot: n.Slot, lenient: q == lenient}], nil
	case *ir.ToFigure:
		x, err := g.num(n.X, q)
		return exact(x.v), err
	case *ir.Arith:
		a, err1 := g.num(n.L, q)
		b, err2 := g.num(n.R, q)
		if err := firstErr(err1, err2); err != nil {
			return fig{}, err
		}
		if n.T == ir.Number {
			ops := [...]string{ir.Add: "+", ir.Sub: "-", ir.Mul: "*"}
			if n.Op == ir.Div {
				return exact(g.col(g.div(a.v, b.v))), nil
			}
			return exact(g.col(g.arith(ops[n.Op], a.v, b.v))), nil
		}
		switch n.Op {
		case ir.Add:
			return g.add(a, b), nil
		case ir.Sub:
			return g.sub(a, b), nil
		case ir.Mul:
			return g.mul(a, b), nil
		default:
			return g.divide(a, b), nil
		}
	case *ir.Call:
		var args []fig
		for _, a := range n.Args {
			f, err := g.num(a, q)
			if err != nil {
				return fig{}, err
			}
			args = append(args, f)
		}
		switch n.Fn {
		case ir.Abs:
			return g.abs(args[0]), nil
		case ir.Neg:
			return g.neg(args[0]), nil
		case ir.MinOf:
			return g.minMax(args[0], args[1], g.min), nil
		case ir.MaxOf:
			return g.minMax(args[0], args[1], g.max), nil
		case ir.PctChange:
			r := g.divide(args[1], args[0])
			return g.mul(g.sub(r, exact(g.lit(1))), exact(g.lit(100))), nil
		case ir.PPChange:
			return g.sub(args[1], args[0]), nil
		case ir.Ratio:
			return g.divide(args[1], args[0]), nil
		}
	case *ir.Cond:
		c, err1 := g.boolean(n.C, q)
		a, err2 := g.num(n.A, q)
		b, err3 := g.num(n.B, q)
		if err := firstErr(err1, err2, err3); err != nil {
			return fig{}, err
		}
		c = g.col(c)
		pick := func(x, y expr) expr { return g.f("CASE WHEN %s THEN %s ELSE %s END", c, x, y) }
		return g.colFig(fig{pick(a.v, b.v), pick(a.lo, b.lo), pick(a.hi, b.hi), pick(a.w, b.w)}), nil
	case *ir.Let:
		if err := g.let(n, q); err != nil {
			return fig{}, err
		}
		return g.num(n.Body, q)
	}
	return fig{}, fmt.Errorf("%T is not compiled to SQL", n)
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// let computes the value of a let for question q.
func (g *gen) let(n *ir.Let, q question) error {
	v, err := g.num(n.Value, q)
	g.vars[numKey{slot: n.Slot, lenient: q == lenient}] = v
	return err
}

// boolean compiles a condition for question q.
func (g *gen) boolean(n ir.Node, q question) (expr, error) {
	switch n := n.(type) {
	case *ir.Const:
		return boolLit(n.Bool), nil
	case *ir.RefNode:
		if n.Ref.Kind == ir.Present {
			return g.f("(%s = 0)", g.measure(n.Ref.Name).state), nil
		}
	case *ir.Not:
		x, err := g.boolean(n.X, q)
		return g.f("(NOT %s)", x), err
	case *ir.Logic:
		a, err1 := g.boolean(n.L, q)
		b, err2 := g.boolean(n.R, q)
		op := " AND "
		if n.Op == ir.Or {
			op = " OR "
		}
		return g.f("(%s"+op+"%s)", a, b), firstErr(err1, err2)
	case *ir.Cond:
		c, err1 := g.boolean(n.C, q)
		a, err2 := g.boolean(n.A, q)
		b, err3 := g.boolean(n.B, q)
		return g.f("CASE WHEN %s THEN %s ELSE %s END", c, a, b), firstErr(err1, err2, err3)
	case *ir.Let:
		if err := g.let(n, q); err != nil {
			return expr{}, err
		}
		return g.boolean(n.Body, q)
	case *ir.TextTest:
		return g.textTest(n)
	case *ir.Compare:
		a, err1 := g.num(n.L, q)
		b, err2 := g.num(n.R, q)
		if err := firstErr(err1, err2); err != nil {
			return expr{}, err
		}
		return g.compare(n, a, b, q), nil
	case *ir.PlainCompare:
		a, err1 := g.num(n.L, q)
		b, err2 := g.num(n.R, q)
		if err := firstErr(err1, err2); err != nil {
			return expr{}, err
		}
		if n.Op == interval.Ne {
			return g.f("(NOT %s)", g.cmp(a.v, "=", b.v)), nil
		}
		return g.cmp(a.v, opText[n.Op], b.v), nil
	}
	return expr{}, fmt.Errorf("%T is not compiled to SQL", n)
}

var opText = [...]string{interval.Eq: "=", interval.Ne: "<>", interval.Lt: "<", interval.Le: "<=", interval.Gt: ">", interval.Ge: ">="}

func (g *gen) text(n ir.Node) (expr, error) {
	switch n := n.(type) {
	case *ir.Const:
		if n.T == ir.Text {
			return expr{g.d.String(n.Str), 0}, nil
		}
	case *ir.RefNode:
		if i := g.ds.DimensionIndex(n.Ref.Name); n.Ref.Kind == ir.Dimension && i >= 0 {
			return expr{"d" + strconv.Itoa(i), 0}, nil
		}
	}
	return expr{}, fmt.Errorf("%T is not compiled to SQL as text", n)
}

func (g *gen) textTest(n *ir.TextTest) (expr, error) {
	l, err := g.text(n.L)
	if err != nil {
		return expr{}, err
	}
	switch n.Op {
	case ir.In:
		if len(n.Set) == 0 {
			return sqlFalse, nil
		}
		var lits []string
		for _, s := range n.Set {
			lits = append(lits, g.d.String(s))
		}
		return g.f("(%s IN ("+strings.Join(lits, ", ")+"))", l), nil
	case ir.Matches:
		p := n.Pattern.String()
		if !portablePattern(p) {
			return expr{}, fmt.Errorf("matches %q: only letters, digits, spaces, . * + ? ^ $ | ( ) [ ] { } - , and \\d are compiled to SQL, whose regular expressions differ from Go's beyond them", p)
		}
		return expr{fmt.Sprintf(g.d.Matches, l.s, g.d.String(p)), l.h}, nil
	}
	r, err := g.text(n.R)
	if err != nil {
		return expr{}, err
	}
	switch n.Op {
	case ir.TextEq:
		return g.f("(%s = %s)", l, r), nil
	case ir.TextNe:
		return g.f("(%s <> %s)", l, r), nil
	case ir.StartsWith:
		return g.f("(substr(%[1]s, 1, length(%[2]s)) = %[2]s)", l, r), nil
	case ir.EndsWith:
		return g.f("(length(%[2]s) <= length(%[1]s) AND substr(%[1]s, length(%[1]s) - length(%[2]s) + 1) = %[2]s)", l, r), nil
	default:
		return expr{fmt.Sprintf("(%s > 0)", fmt.Sprintf(g.d.StrPos, l.s, r.s)), max(l.h, r.h)}, nil
	}
}

// portablePattern reports whether a regular expression means the same to
// Go and to the engines' regular expressions.
func portablePattern(p string) bool {
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte(" .*+?^$|()[]{}-,_:/", c) >= 0:
		case c == '\\' && i+1 < len(p) && (p[i+1] == 'd' || strings.IndexByte(".*+?()[]{}|^$-", p[i+1]) >= 0):
			i++
		default:
			return false
		}
	}
	return true
}

// compare is checker's comparator: the comparison decided as its
// polarity and question q say.
//
// A comparison with an undefined side (a division by an interval that holds
// zero, NULL here) counts against its rule at either polarity (at Mixed, it
// is false), and leniently for it (at Mixed, true), as checker's
// comparator has it.
func (g *gen) compare(n *ir.Compare, a, b fig, q question) expr {
	c := g.comparing(a, b)
	undef := g.col(undefined(g, a, b))
	against := boolLit(n.Pol == ir.Negative)
	rounding := q != asWritten
	switch {
	case q == lenient && n.Pol == ir.Negative:
		return g.f("(NOT %s AND %s)", undef, c.certain(n.Op, a, b))
	case q == lenient && n.Pol == ir.Positive:
		return g.f("(%s OR %s)", undef, c.possible(n.Op, a, b))
	case q == lenient:
		return g.f("(%s OR %s)", undef, c.exactly(n.Op))
	case n.Pol == ir.Mixed:
		return g.f("(NOT %s AND %s)", undef, c.exactly(n.Op))
	case !rounding && n.Op == interval.Eq:
		return g.f("CASE WHEN %s THEN %s ELSE %s END", undef, against, c.possible(interval.Eq, c.aw(a), c.aw(b)))
	case !rounding && n.Op == interval.Ne:
		return g.f("CASE WHEN %s THEN %s ELSE (NOT %s) END", undef, against, c.possible(interval.Eq, c.aw(a), c.aw(b)))
	case !rounding:
		return g.f("CASE WHEN %s THEN %s ELSE (%s OR %s) END", undef, against, c.exactly(n.Op), c.certain(n.Op, c.aw(a), c.aw(b)))
	case n.Pol == ir.Positive:
		return g.f("(NOT %s AND %s)", undef, c.possible(n.Op, a, b))
	default:
		return g.f("(%s OR %s)", undef, c.certain(n.Op, a, b))
	}
}

// undefined is whether either figure is undefined: a bound of it is NULL.
func undefined(g *gen, figs ...fig) expr {
	var parts []string
	var args []expr
	for _, f := range figs {
		parts = append(parts, "%s IS NULL OR %s IS NULL")
		args = append(args, f.lo, f.hi)
	}
	return g.f("("+strings.Join(parts, " OR ")+")", args...)
}

// comparing holds what every question about a op b needs.
type comparing struct {
	g            *gen
	a, b         fig
	tol, te, eps expr // tolerance, tolerance + epsilon, epsilon
	tolZero      expr
	tolPos       expr
	d            expr // a.v - b.v
}

func (g *gen) comparing(a, b fig) *comparing {
	c := &comparing{g: g, a: a, b: b}
	if g.tol.Rel == 0 {
		c.tol, c.tolZero, c.tolPos = g.lit(g.tol.Abs), boolLit(g.tol.Abs == 0), boolLit(g.tol.Abs > 0)
	} else {
		c.tol = g.col(g.nn(g.f("(%s + %s * %s)", g.lit(g.tol.Abs), g.lit(g.tol.Rel), g.max(g.f("abs(%s)", a.v), g.f("abs(%s)", b.v)))))
		c.tolZero, c.tolPos = g.cmp(c.tol, "=", g.lit(0)), g.cmp(c.tol, ">", g.lit(0))
	}
	inf := expr{g.d.Inf, 0}
	c.eps = g.col(g.f("CASE WHEN %[1]s IS NULL OR %[2]s IS NULL OR abs(%[1]s) = %[3]s OR abs(%[2]s) = %[3]s THEN 0 ELSE GREATEST(abs(%[1]s), abs(%[2]s), 1) * %[4]s END",
		a.v, b.v, inf, g.lit(1e-12)))
	c.te = g.col(g.nn(g.f("(%s + %s)", c.tol, c.eps)))
	c.d = g.col(g.arith("-", a.v, b.v))
	return c
}

// aw is the figure as compared as written: its own rounding if it is a
// figure as written, else its value.
func (c *comparing) aw(a fig) fig {
	g := c.g
	return fig{a.v, g.f("CASE WHEN %s THEN %s ELSE %s END", a.w, a.lo, a.v), g.f("CASE WHEN %s THEN %s ELSE %s END", a.w, a.hi, a.v), a.w}
}

// points is interval's comparePoints.
func (c *comparing) points(op interval.Op) expr {
	g := c.g
	negEps := g.f("(-%s)", c.eps)
	switch op {
	case interval.Eq:
		return g.cmp(g.f("abs(%s)", c.d), "<=", c.te)
	case interval.Ne:
		return g.cmp(g.f("abs(%s)", c.d), ">", c.te)
	case interval.Lt:
		return g.f("CASE WHEN %s THEN %s ELSE %s END", c.tolZero, g.cmp(c.d, "<", negEps), g.cmp(c.d, "<=", c.te))
	case interval.Le:
		return g.cmp(c.d, "<=", c.te)
	case interval.Gt:
		return g.f("CASE WHEN %s THEN %s ELSE %s END", c.tolZero, g.cmp(c.d, ">", c.eps), g.cmp(g.f("(-%s)", c.d), "<=", c.te))
	default:
		return g.cmp(g.f("(-%s)", c.d), "<=", c.te)
	}
}

func (c *comparing) exactly(op interval.Op) expr {
	return c.g.f("CASE WHEN %s IS NULL THEN %s ELSE %s END", c.d, boolLit(op == interval.Ne), c.points(op))
}

func (c *comparing) possible(op interval.Op, a, b fig) expr {
	g := c.g
	ap, bp := g.point(a), g.point(b)
	var rest expr
	if op == interval.Ne {
		rest = sqlTrue
	} else {
		gap := c.gap(op, a, b) // inline: only rows that get this far need it
		rest = g.f("CASE WHEN %s OR %s OR %s THEN %s ELSE %s END", c.tolPos, ap, bp, g.cmp(gap, "<=", c.te), g.cmp(gap, "<", g.f("(-%s)", c.eps)))
	}
	return g.f("CASE WHEN %s AND %s THEN %s ELSE %s END", ap, bp, c.points(op), rest)
}

func (c *comparing) gap(op interval.Op, a, b fig) expr {
	g := c.g
	switch op {
	case interval.Eq:
		return g.arith("-", g.max(a.lo, b.lo), g.min(a.hi, b.hi))
	case interval.Lt, interval.Le:
		return g.arith("-", a.lo, b.hi)
	default:
		return g.arith("-", b.lo, a.hi)
	}
}

func (c *comparing) certain(op interval.Op, a, b fig) expr {
	g := c.g
	var rest expr
	switch op {
	case interval.Eq:
		rest = g.cmp(g.arith("-", g.max(a.hi, b.hi), g.min(a.lo, b.lo)), "<=", c.te)
	case interval.Ne:
		rest = g.f("(NOT %s)", c.possible(interval.Eq, a, b))
	case interval.Lt, interval.Le:
		rest = g.cmp(g.arith("-", a.hi, b.lo), "<=", c.te)
	default:
		rest = g.cmp(g.arith("-", b.hi, a.lo), "<=", c.te)
	}
	return g.f("CASE WHEN %s AND %s THEN %s ELSE %s END", g.point(a), g.point(b), c.points(op), rest)
}

// lowHalf is the upper bound of low, as figures reads it.
func lowHalf(p figures.Precision) float64 {
	v, _ := figures.Parse("low", p)
	return v.Num.Hi
}
