package checker

import (
	"encoding/csv"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
)

// A rule means one thing wherever its figures come from: evaluated over a
// figure set and over the rows of a table (by the IR's closures when they
// cover the rule, by expr's VM otherwise), and by expr's VM alone, the
// same assertion on the same figures must give the same verdict, the same
// skip reason and the same explanation of a failure. The tests here state a rule over figures
// a, b, c and d both ways and require that.

// diffNames are the figures of a differential case, and the columns of
// its table.
var diffNames = []string{"a", "b", "c", "d"}

// diffCase is one rule with the figures it is checked on, in the form the
// fuzzer prints a disagreement.
type diffCase struct {
	assert    string
	tolerance string // as the rule file writes it; empty for none
	figures   string // name=text, separated by spaces: "a=5 b=34,300 c=x d=0"
	exact     string // the names of the figures declared exact: "bd"
}

func (c diffCase) String() string {
	return fmt.Sprintf("{assert: %q, tolerance: %q, figures: %q, exact: %q}", c.assert, c.tolerance, c.figures, c.exact)
}

// texts returns the written value of each of diffNames.
func (c diffCase) texts(t testing.TB) []string {
	t.Helper()
	texts := make([]string, len(diffNames))
	for _, field := range strings.Fields(c.figures) {
		name, text, ok := strings.Cut(field, "=")
		i := slices.Index(diffNames, name)
		if !ok || i < 0 {
			t.Fatalf("%v: figure %q is not name=text", c, field)
		}
		texts[i] = text
	}
	for i, text := range texts {
		if text == "" {
			t.Fatalf("%v: no text for figure %s", c, diffNames[i])
		}
	}
	return texts
}

func (c diffCase) precision(name string) string {
	if strings.Contains(c.exact, name) {
		return "exact"
	}
	return "as-written"
}

// rule returns the rule's entry in a rule file.
func (c diffCase) rule() string {
	y := "rules:\n  - id: r\n    title: t\n    assert: " + quoteYAML(c.assert) + "\n"
	if c.tolerance != "" {
		y += "    tolerance: " + c.tolerance + "\n"
	}
	return y
}

// figureSetYAML returns the figures as a figure set.
func (c diffCase) figureSetYAML(texts []string) string {
	var b strings.Builder
	b.WriteString("document: claims\nfigures:\n")
	for i, name := range diffNames {
		fmt.Fprintf(&b, "  %s: {value: %q, precision: %s}\n", name, texts[i], c.precision(name))
	}
	return b.String()
}

// datasetYAML returns the rule over a table whose rows name their area.
func (c diffCase) datasetYAML() string {
	var b strings.Builder
	b.WriteString("dataset:\n  dimensions: [area]\n  area: [area]\n  measures:\n")
	for _, name := range diffNames {
		fmt.Fprintf(&b, "    %s: %s\n", name, c.precision(name))
	}
	return b.String() + c.rule()
}

// diffOutcome is what a check gave for one evaluation of the rule, with
// what must differ between figure sets and tables taken out: positions,
// subjects, columns and the wording of a figure against a column.
type diffOutcome struct {
	compiles bool
	counts   Counts
	skips    []Skip
	problems []string
	capped   bool   // whether problems past maxProblems were only counted
	finding  string // the normalised explanation of a failure
}

func (o diffOutcome) String() string {
	if !o.compiles {
		return "does not compile"
	}
	s := fmt.Sprintf("counts %v (pass, rounding, fail, skipped)", o.counts)
	if len(o.skips) > 0 {
		s += fmt.Sprintf(", skips %v", o.skips)
	}
	if len(o.problems) > 0 {
		s += fmt.Sprintf(", problems %q", o.problems)
	}
	if o.finding != "" {
		s += "\n    finding " + o.finding
	}
	return s
}

// normalise turns the finding into text that does not say where it came
// from.
func normalise(f *Finding) string {
	g := *f
	g.Rule, g.Subject, g.Pos = nil, "", position.Pos{}
	g.Figures = make([]FigureUse, len(f.Figures))
	for i, u := range f.Figures {
		u.Pos, u.Column, u.Provenance = position.Pos{}, "", Provenance{} // a figure set's own, no table's
		g.Figures[i] = u
	}
	g.Culprits = make([]Culprit, len(f.Culprits))
	diagnoses := ""
	for i, c := range f.Culprits {
		c.Figure.Pos, c.Figure.Column, c.Figure.Provenance = position.Pos{}, "", Provenance{}
		if c.Diagnosis != nil {
			diagnoses += fmt.Sprintf(" %+v", *c.Diagnosis)
		}
		c.Diagnosis = nil
		g.Culprits[i] = c
	}
	return fmt.Sprintf("%+v%s", g, diagnoses)
}

// evaluatedFor is where a problem names the subject it was met on.
var evaluatedFor = regexp.MustCompile(`evaluated for [^:]*:`)

// outcomeOf returns the outcome of the rule in res for the subject (any,
// if subject is empty), and the rule's counts and skips, which cover
// every subject.
func outcomeOf(res *Result, subject string) diffOutcome {
	rr := res.Rules[0]
	o := diffOutcome{compiles: true, counts: rr.Counts, skips: rr.Skips, capped: len(res.Problems) > maxProblems}
	for i := range o.skips {
		o.skips[i].Reason = strings.TrimPrefix(o.skips[i].Reason, "figure ")
	}
	for _, p := range res.Problems {
		if subject == "" || strings.Contains(p.Msg, " for "+subject+":") {
			o.problems = append(o.problems, evaluatedFor.ReplaceAllString(p.Msg, "evaluated for SUBJECT:"))
		}
	}
	for i := range res.Findings {
		if f := &res.Findings[i]; subject == "" || f.Subject == subject {
			o.finding = normalise(f)
		}
	}
	return o
}

// onFigures checks the case's rule over a figure set.
func (c diffCase) onFigures(t testing.TB, texts []string) diffOutcome {
	t.Helper()
	set, err := figures.ReadSet("figures.yaml", []byte(c.figureSetYAML(texts)))
	if err != nil {
		t.Fatalf("%v: figure set: %v", c, err)
	}
	rs, err := rules.Read("rules.yaml", []byte(c.rule()))
	if err != nil {
		t.Fatalf("%v: rules: %v", c, err)
	}
	ck, err := New(rs, []*figures.Set{set})
	if err != nil {
		return diffOutcome{}
	}
	res, err := ck.Check(t.Context(), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return outcomeOf(res, "")
}

// onTable checks the case's rule over a table of rows, area R0, R1, …,
// and returns the outcome for the row of area subject.
func (c diffCase) onTable(t *testing.T, rows [][]string, subject string) diffOutcome {
	t.Helper()
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write(append([]string{"area"}, diffNames...))
	for i, row := range rows {
		w.Write(append([]string{fmt.Sprintf("R%d", i)}, row...))
	}
	w.Flush()
	dir := writeFiles(t, map[string]string{"rules.yaml": c.datasetYAML(), "t.csv": b.String()})
	rs, err := rules.Read("rules.yaml", []byte(c.datasetYAML()))
	if err != nil {
		t.Fatalf("%v: rules: %v", c, err)
	}
	if _, err := New(rs, nil); err != nil {
		return diffOutcome{}
	}
	return outcomeOf(checkTables(t, dir, "t.csv"), subject)
}

// sameMeaning checks the case over a figure set and over a one-row table,
// and then in a batch of rows: the case's row at each of at, among rows
// of filler (figures in the form of diffCase.figures), which must give
// each row the answer it gets alone. It reports the first disagreement.
func (c diffCase) sameMeaning(t *testing.T, filler string, rows int, at []int) {
	t.Helper()
	texts := c.texts(t)
	want := c.onFigures(t, texts)
	got := c.onTable(t, [][]string{texts}, "R0")
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%v\n  figure set: %v\n  table row:  %v", c, want, got)
		return
	}
	// And expr's VM alone, where it can evaluate the rule (it cannot
	// apply an operator to a ?: whose branches are a figure and a plain
	// number, which the IR can).
	useIR = false
	byVM := c.onFigures(t, texts)
	useIR = true
	// Its explanations are not compared: it cannot evaluate a side inside
	// a let.
	if len(byVM.problems) == 0 && (byVM.counts != want.counts || fmt.Sprint(byVM.skips) != fmt.Sprint(want.skips)) {
		t.Errorf("%v\n  closures: %v\n  expr's VM: %v", c, want, byVM)
		return
	}
	if !want.compiles {
		return
	}
	fillTexts := diffCase{figures: filler}.texts(t)
	alone := c.onTable(t, [][]string{fillTexts}, "R0")
	batch := make([][]string, rows)
	for i := range batch {
		batch[i] = fillTexts
	}
	for _, i := range at {
		batch[i] = texts
	}
	var counts Counts
	for range len(at) {
		counts.Add(got.counts)
	}
	for range rows - len(at) {
		counts.Add(alone.counts)
	}
	for _, i := range at {
		in := c.onTable(t, batch, fmt.Sprintf("R%d", i))
		sameProblems := in.capped || fmt.Sprint(in.problems) == fmt.Sprint(got.problems)
		if in.counts != counts || in.finding != got.finding || !sameProblems {
			t.Errorf("%v with filler %q, row %d of %d:\n  alone:    %v\n  filler:   %v\n  in batch: %v\n  want counts %v",
				c, filler, i, rows, got, alone, in, counts)
			return
		}
	}
}

// TestDifferentialCases holds to one meaning the rules on which the
// evaluations disagreed when they were found, grouped by shape.
func TestDifferentialCases(t *testing.T) {
	tests := []diffCase{
		// A comparison of plain numbers chosen by ?: on a figure: the
		// figure set compares them as numbers, without the tolerance and
		// in floating point; the table as figures. Under not, the other
		// way round.
		{assert: "(b > 0 ? 100 : 99.99) == 99.99", tolerance: "0.05", figures: "a=5 b=5 c=0 d=0"},
		{assert: "(b > 0 ? 100 : 99.99) == 99.99", tolerance: "1", figures: "a=5 b=0 c=0 d=0"},
		{assert: "(a > 0 ? 0.1 + 0.2 : 0) == 0.3", tolerance: "0", figures: "a=5 b=0 c=0 d=0"},
		{assert: "(a > 0 ? 2 : 3) == 3", tolerance: "1", figures: "a=5 b=0 c=0 d=0"},
		{assert: "(let v0 = (c >= b ? 0.3 : 100); v0 < v0)", tolerance: "0.05", figures: "a=-0.5 b=-4 c=0.3 d=99.99", exact: "ad"},
		{assert: "not ((d > 0 ? 2 : 3) > 3)", tolerance: "0.05", figures: "a=100 b=1 c=1 d=-4"},
		// An operator on ?: with a figure and a plain number for branches,
		// nested in arithmetic, a helper or a condition: the figure set
		// cannot evaluate it.
		{assert: "min(((a == a ? 3 : a) + a), a) > a", tolerance: "{absolute: 0.05, relative: 1%}", figures: "a=17 b=1 c=-4 d=34,300", exact: "ab"},
		{assert: "0.2 < abs(-(b < 0.2 ? c : 0))", figures: "a=99.99 b=34,300 c=99.99 d=u", exact: "a"},
		{assert: "abs((d - (17 > d ? 0.2 : 3))) < abs(d)", tolerance: "0", figures: "a=0 b=c c=0.3 d=-4", exact: "abc"},
		{assert: "(17 > (c > 0 ? 0 : d) ? a : a) > a", figures: "a=100 b=1 c=1 d=1"},
		// A rule that fails on its numbers alone: the table's explanation
		// reads the figures it compares as zero.
		{assert: "a > 0 and 2 == 1", figures: "a=17 b=1 c=1 d=1"},
		{assert: "(a >= 99.99 and 2 == 1)", figures: "a=17 b=17 c=1 d=17.0", exact: "b"},
		{assert: "(3 == 17 and (b == c and a == 0.3))", tolerance: "0.05", figures: "a=34,300 b=34,300 c=-0.5 d=17.25", exact: "d"},
		// A number divided by zero: infinite over a figure set, anything
		// over a table.
		{assert: "17 / 0 < a", figures: "a=100 b=1 c=1 d=1"},
		{assert: "17 / 0 < (not present(c) ? d : 1000)", tolerance: "1", figures: "a=100 b=1 c=34,300 d=100"},
		// Minus an int zero is zero to expr's VM; the IR once made it -0,
		// which divided to -Inf where the VM had +Inf (both now find the
		// divisor could be zero).
		{assert: "(let v0 = 0; pct_change(-v0, a) < a)", figures: "a=2.5 b=2.5 c=2.5 d=2.5", exact: "abcd"},
		// A quotient with a divisor that could be zero, under or, not, ?:
		// and let: unknown in each, so that every path skips when the
		// verdict rests on it, and fails when it does not.
		{assert: "a == 1 or b / c == 2", figures: "a=5 b=3 c=0 d=1"},
		{assert: "not (a > 1 and b / c == 2)", figures: "a=5 b=3 c=0 d=1"},
		{assert: "a == 1 and b / c == 2", figures: "a=5 b=3 c=0 d=1"},
		{assert: "(b / c > 1 ? a : d) == 1", figures: "a=5 b=3 c=0 d=1"},
		{assert: "(let v0 = b / c; v0 > 1 or a < 0)", figures: "a=5 b=3 c=0 d=1"},
	}
	for _, c := range tests {
		t.Run(c.assert, func(t *testing.T) {
			c.sameMeaning(t, "a=1 b=2.5 c=x d=-4", diffRows, []int{0, batchRows - 1, batchRows, diffRows - 1})
		})
	}
}

// TestDifferentialReadsAlike: a figure set and a table read every value
// the generator writes alike, so that a disagreement is the rule's. Each
// is the figure of a rule that fails, whose finding lists the figure with
// its interval, or skips, with the reason.
func TestDifferentialReadsAlike(t *testing.T) {
	for _, text := range diffTexts {
		for _, exact := range []string{"", "a"} {
			c := diffCase{assert: "a > 10000000", figures: "a=" + text + " b=0 c=0 d=0", exact: exact}
			c.sameMeaning(t, "a=1 b=0 c=0 d=0", 3, []int{1})
		}
	}
}

// diffTexts are the written values the generator gives figures: decimals,
// thousands, signs, zero and suppression codes.
var diffTexts = []string{"0", "5", "17", "17.0", "17.25", "34,300", "-4", "-0.5", "0.1", "0.3", "99.99", "100", "2.5", "1000", "x", "c", "u", "1"}

// diffLiterals are the numbers the generator writes in rules, of both of
// expr's number types.
var diffLiterals = []string{"0", "1", "2", "3", "100", "0.1", "0.2", "0.3", "99.99", "2.5", "17", "17.25", "1000", "0.5"}

var diffTolerances = []string{"", "0", "0.05", "1", "{relative: 1%}", "{absolute: 0.05, relative: 1%}"}

// ruleGen builds a well-typed rule from the fuzzer's bytes, one choice a
// byte; once the bytes run out every choice is the first.
type ruleGen struct {
	data []byte
	lets int      // let names made so far, v0, v1, …
	vars []number // the let names in scope
}

// number is a number expression, and whether it is a figure (worked out
// from at least one figure) rather than a plain number: the helpers take
// figures.
type number struct {
	text string
	fig  bool
}

func (g *ruleGen) pick(n int) int {
	if len(g.data) == 0 {
		return 0
	}
	b := g.data[0]
	g.data = g.data[1:]
	return int(b) % n
}

func (g *ruleGen) figure() number { return number{diffNames[g.pick(len(diffNames))], true} }

// figures returns figure assignments in the form of diffCase.figures.
func (g *ruleGen) figures() string {
	var fs []string
	for _, name := range diffNames {
		fs = append(fs, name+"="+diffTexts[g.pick(len(diffTexts))])
	}
	return strings.Join(fs, " ")
}

// num returns a number expression of at most depth levels. A leaf is
// likelier than any one construct, so that short rules are common.
func (g *ruleGen) num(depth int) number {
	if depth <= 0 {
		switch g.pick(2 + min(len(g.vars), 1)) {
		case 0:
			return g.figure()
		case 1:
			return number{diffLiterals[g.pick(len(diffLiterals))], false}
		default:
			return g.vars[g.pick(len(g.vars))]
		}
	}
	switch g.pick(10) {
	case 0, 1, 2:
		return g.num(0)
	case 3:
		l, op, r := g.num(depth-1), []string{"+", "-", "*", "/"}[g.pick(4)], g.num(depth-1)
		return number{"(" + l.text + " " + op + " " + r.text + ")", l.fig || r.fig}
	case 4:
		n := g.num(depth - 1)
		return number{"-" + n.text, n.fig}
	case 5, 6:
		cond, yes, no := g.boolean(depth-1), g.num(depth-1), g.num(depth-1)
		return number{"(" + cond + " ? " + yes.text + " : " + no.text + ")", yes.fig || no.fig}
	case 7:
		return number{"abs(" + g.figureOf(g.num(depth-1)).text + ")", true}
	case 8:
		fn, x, y := []string{"min", "max", "pct_change"}[g.pick(3)], g.num(depth-1), g.num(depth-1)
		if !y.fig {
			x = g.figureOf(x)
		}
		return number{fn + "(" + x.text + ", " + y.text + ")", true}
	default:
		var n number
		text := g.let(depth, func(d int) string { n = g.num(d); return n.text })
		return number{text, n.fig}
	}
}

// figureOf returns n if it is a figure, or else a figure in its place.
func (g *ruleGen) figureOf(n number) number {
	if n.fig {
		return n
	}
	return g.figure()
}

// boolean returns a true-or-false expression of at most depth levels.
func (g *ruleGen) boolean(depth int) string {
	if depth <= 0 {
		return g.comparison(0)
	}
	switch g.pick(8) {
	case 0, 1, 2:
		return g.comparison(depth - 1)
	case 3:
		return "not (" + g.boolean(depth-1) + ")"
	case 4:
		return "(" + g.boolean(depth-1) + " " + []string{"and", "or"}[g.pick(2)] + " " + g.boolean(depth-1) + ")"
	case 5:
		return "present(" + g.figure().text + ")"
	case 6:
		return "(" + g.boolean(depth-1) + " ? " + g.boolean(depth-1) + " : " + g.boolean(depth-1) + ")"
	default:
		return g.let(depth, g.boolean)
	}
}

func (g *ruleGen) comparison(depth int) string {
	op := []string{"==", "!=", "<", "<=", ">", ">="}[g.pick(6)]
	return g.num(depth).text + " " + op + " " + g.num(depth).text
}

// let binds a number to a new name for the expression body makes.
func (g *ruleGen) let(depth int, body func(int) string) string {
	v := g.num(depth - 1)
	name := fmt.Sprintf("v%d", g.lets)
	g.lets++
	g.vars = append(g.vars, number{name, v.fig})
	defer func() { g.vars = g.vars[:len(g.vars)-1] }()
	return "(let " + name + " = " + v.text + "; " + body(depth-1) + ")"
}

// generate reads a case from data: the figures, which are exact, the
// tolerance and the rule, of one to four levels; then the filler rows' figures and where in a
// batch the case's row sits.
func generate(data []byte) (c diffCase, filler string, at int) {
	g := &ruleGen{data: data}
	c.figures = g.figures()
	for _, name := range diffNames {
		if g.pick(4) == 0 {
			c.exact += name
		}
	}
	c.tolerance = diffTolerances[g.pick(len(diffTolerances))]
	c.assert = g.boolean(1 + g.pick(4))
	filler = g.figures()
	at = (g.pick(256)<<8 | g.pick(256)) % diffRows
	return c, filler, at
}

// diffRows is the size of the tables of many rows: the fast path's batch
// and some rows of the next.
const diffRows = batchRows + 44

// FuzzDifferential checks generated rules over a figure set and over
// table rows, alone and in a batch.
func FuzzDifferential(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3, 4, 0, 1, 0, 2, 3, 0, 0, 3, 1, 3, 2, 0, 1, 10, 1, 9})
	f.Add([]byte("the fuzzer's bytes choose every part of the rule"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, filler, at := generate(data)
		c.sameMeaning(t, filler, diffRows, []int{at})
	})
}
