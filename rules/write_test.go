package rules

import (
	"bytes"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/interval"
	"github.com/figcheck/figcheck/position"
)

// roundTrip writes s, reads the file back and says how what it reads
// differs from s, or returns "".
func roundTrip(t *testing.T, s *Set, c Comments) string {
	t.Helper()
	src, err := Write(s, c)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	back, err := Read("w.yaml", src)
	if err != nil {
		return fmt.Sprintf("the file written does not read: %v\n%s", err, src)
	}
	if msg := sameSet(s, back); msg != "" {
		return msg + "\n" + string(src)
	}
	return ""
}

// sameSet says how the rules, datasets, rates and aliases of a and b
// differ, positions aside, or returns "".
func sameSet(a, b *Set) string {
	if len(a.Rules) != len(b.Rules) {
		return fmt.Sprintf("%d rules, %d read back", len(a.Rules), len(b.Rules))
	}
	if len(a.Datasets) != len(b.Datasets) && (len(a.Rules) == 0 || a.Rules[0].Dataset == nil || len(b.Datasets) != 1) {
		return fmt.Sprintf("%d datasets, %d read back", len(a.Datasets), len(b.Datasets))
	}
	for i := range a.Datasets {
		if msg := sameDataset(a.Datasets[i], b.Datasets[i]); msg != "" {
			return msg
		}
	}
	for i, r := range a.Rules {
		if msg := sameRule(r, b.Rules[i]); msg != "" {
			return "rule " + r.ID + ": " + msg
		}
	}
	if !slices.EqualFunc(a.Rates, b.Rates, func(x, y Rate) bool { x.Pos, y.Pos = position.Pos{}, position.Pos{}; return x == y }) {
		return fmt.Sprintf("rates %+v, read back %+v", a.Rates, b.Rates)
	}
	if !slices.EqualFunc(a.Aliases, b.Aliases, func(x, y Alias) bool { return x.Measure == y.Measure && slices.Equal(x.Words, y.Words) }) {
		return fmt.Sprintf("aliases %+v, read back %+v", a.Aliases, b.Aliases)
	}
	return ""
}

func sameRule(a, b *Rule) string {
	for _, f := range []struct {
		name string
		x, y any
	}{
		{"id", a.ID, b.ID}, {"title", a.Title, b.Title}, {"description", a.Description, b.Description},
		{"severity", a.Severity, b.Severity}, {"assert", a.Assert.Text, b.Assert.Text}, {"when", a.When.Text, b.When.Text},
		{"tolerance", a.Tolerance, b.Tolerance}, {"message", a.Message, b.Message}, {"same_figure", a.SameFigure, b.SameFigure},
		{"unique", strings.Join(a.Unique, "\x00"), strings.Join(b.Unique, "\x00")}, {"group", a.Group != nil, b.Group != nil},
		{"dataset", a.Dataset != nil, b.Dataset != nil},
	} {
		if f.x != f.y {
			return fmt.Sprintf("%s %#v, read back %#v", f.name, f.x, f.y)
		}
	}
	if a.Dataset != nil {
		if msg := sameDataset(a.Dataset, b.Dataset); msg != "" {
			return msg
		}
	}
	if g, h := a.Group, b.Group; g != nil {
		if !slices.Equal(g.By, h.By) || !slices.Equal(g.WholeBy, h.WholeBy) || g.Parts.Text != h.Parts.Text || g.Whole.Text != h.Whole.Text {
			return fmt.Sprintf("group %v %v %q %q, read back %v %v %q %q", g.By, g.WholeBy, g.Parts.Text, g.Whole.Text, h.By, h.WholeBy, h.Parts.Text, h.Whole.Text)
		}
	}
	return ""
}

func sameDataset(a, b *Dataset) string {
	sameCols := func(x, y []Column) bool {
		return slices.EqualFunc(x, y, func(c, d Column) bool { c.Pos, d.Pos = position.Pos{}, position.Pos{}; return c == d })
	}
	switch {
	case !sameCols(a.Dimensions, b.Dimensions):
		return fmt.Sprintf("dimensions %+v, read back %+v", a.Dimensions, b.Dimensions)
	case !sameCols(a.Measures, b.Measures):
		return fmt.Sprintf("measures %+v, read back %+v", a.Measures, b.Measures)
	case a.Period != b.Period || !slices.Equal(a.Area, b.Area) || !slices.Equal(a.Identity, b.Identity):
		return fmt.Sprintf("period, area, identity %q %q %q, read back %q %q %q", a.Period, a.Area, a.Identity, b.Period, b.Area, b.Identity)
	case !maps.Equal(a.Codes, b.Codes):
		return fmt.Sprintf("codes %v, read back %v", a.Codes, b.Codes)
	case a.Delimiter != b.Delimiter || a.DecimalComma != b.DecimalComma || a.Table != b.Table:
		return fmt.Sprintf("delimiter, decimal comma, table %q %v %q, read back %q %v %q", a.Delimiter, a.DecimalComma, a.Table, b.Delimiter, b.DecimalComma, b.Table)
	}
	return ""
}

// fullDataset holds every field a dataset can have.
func fullDataset() *Dataset {
	return &Dataset{
		Dimensions: []Column{{Name: "year"}, {Name: "area"}, {Name: "incl_prob", Header: "incl.prob"}, {Name: "sex"}},
		Measures: []Column{{Name: "leavers", Precision: figures.Exact}, {Name: "rate", Precision: figures.Step(0.1)},
			{Name: "fte", Precision: figures.AsWritten}, {Name: "x_y", Header: "x y", Precision: figures.Step(10), Blame: 0.5},
			{Name: "cheap", Blame: 0.25}},
		Period: "year", Area: []string{"area"}, Identity: []string{"sex"},
		Codes:     figures.NewCodes("c", "[x]", ":").WithMissing("NA", "-"),
		Delimiter: '\t', DecimalComma: true, Table: "stats.workforce",
	}
}

// TestWriteRoundTrip checks that sets of every field read back as written.
func TestWriteRoundTrip(t *testing.T) {
	ds := fullDataset()
	pos := position.Pos{File: "mem", Line: 1, Col: 1}
	expr := func(s string) Expr { return NewExpr(s, pos) }
	for _, c := range []struct {
		name string
		set  *Set
	}{
		{"empty", &Set{}},
		{"figure sets", &Set{Rules: []*Rule{
			{ID: "a", Title: "A", Assert: expr("a == b"), Severity: Warning, Tolerance: interval.Tolerance{Abs: 0.5}},
			{ID: "b.c/d-e_f", Title: "B: with a colon", Description: "it's \"quoted\" # not a comment", Assert: expr("a <= b"),
				Tolerance: interval.Tolerance{Rel: 0.011}, Severity: Info, Message: "{a} is above {b}"},
			{ID: "both", Title: "yes", Assert: expr("a == 100 * b / c"), Tolerance: interval.Tolerance{Abs: 1e-9, Rel: 0.07}},
			{ID: "huge", Title: "null", Assert: expr("a == b"), Tolerance: interval.Tolerance{Abs: 1e300, Rel: 1e-300}},
			{ID: "same", Title: "A figure stated twice has one value", SameFigure: true, Severity: Error},
			{ID: "lines", Title: "  leading and trailing  ", Assert: expr("let w = 2;\n  a == w * b\n\tand c\n")},
			{ID: "quotes", Title: "'", Assert: expr(`name == "Côte d'Or" and b in ["- x", "{y}", "[z]"]`)},
		}}},
		{"dataset", &Set{Datasets: []*Dataset{ds}, Rules: []*Rule{
			{ID: "sum", Title: "Parts add up", Dataset: ds, Assert: expr("leavers == sum(parts.leavers)"),
				Group: &Group{By: []string{"year"}, WholeBy: []string{"year"}, Parts: expr(`area != "all"`), Whole: expr(`area == "all"`)}},
			{ID: "hier", Title: "By code", Dataset: ds, Assert: expr("leavers == sum(parts.leavers)"), When: expr("year > 2020"),
				Group: &Group{By: []string{"area"}, WholeBy: []string{"sex"}, Parts: expr("true"), Whole: expr("true")}},
			{ID: "prev", Title: "Growth", Dataset: ds, Assert: expr("leavers <= 2 * prev.leavers"), When: expr("prev.leavers > 0")},
			{ID: "uniq", Title: "One row each", Dataset: ds, Unique: []string{"year", "area"}},
		}}},
		{"dataset without rules", &Set{Datasets: []*Dataset{{Dimensions: []Column{{Name: "a"}}, Codes: figures.DefaultCodes}}}},
		{"no codes", &Set{Datasets: []*Dataset{{Dimensions: []Column{{Name: "a"}}, Measures: []Column{{Name: "b"}}, Codes: figures.Codes{}, Delimiter: ';'}}}},
		{"rates and aliases", &Set{
			Rates:   []Rate{{Name: "rate", Of: "leavers", Per: "fte", Times: 100}, {Name: "per_k", Of: "a", Per: "b", Times: 1000}},
			Aliases: []Alias{{Measure: "leavers", Words: []string{"leavers", "left the profession"}}, {Measure: "fte", Words: []string{"yes"}}},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if msg := roundTrip(t, c.set, Comments{}); msg != "" {
				t.Error(msg)
			}
		})
	}
}

// TestWriteForm pins the one form of each field.
func TestWriteForm(t *testing.T) {
	ds := &Dataset{Dimensions: []Column{{Name: "year"}, {Name: "a_b", Header: "a.b"}},
		Measures: []Column{{Name: "n", Precision: figures.Exact}, {Name: "r", Header: "r %", Precision: figures.Step(0.1), Blame: 0.5}},
		Period:   "year", Codes: figures.DefaultCodes.WithMissing("NA"), Delimiter: '\t'}
	set := &Set{Datasets: []*Dataset{ds}, Rates: []Rate{{Name: "r", Of: "n", Per: "m", Times: 1000}},
		Aliases: []Alias{{Measure: "n", Words: []string{"leavers"}}},
		Rules: []*Rule{{ID: "t", Title: "T", Dataset: ds, Assert: NewExpr("n <= 10", position.Pos{}),
			Tolerance: interval.Tolerance{Abs: 5, Rel: 0.011}, Severity: Warning,
			Group: &Group{By: []string{"year"}, WholeBy: []string{"a_b"}, Parts: NewExpr("true", position.Pos{}), Whole: NewExpr("false", position.Pos{})}}}}
	got, err := Write(set, Comments{Head: []string{"Head", "two\nlines"}, Foot: []string{"Foot"},
		Above: map[string]string{"dataset.measures": "above"}, Beside: map[string]string{"dataset.measures.n": "beside", "rules": "all"}})
	if err != nil {
		t.Fatal(err)
	}
	want := `# Head
# two lines
dataset:
  dimensions:
    - year
    - a_b: {column: a.b}
  period: year
  # above
  measures:
    n: exact # beside
    r: {column: r %, precision: 0.1, blame: 0.5}
  suppressed: ['*', '-', .., ':', '[c]', '[k]', '[low]', '[u]', '[x]', '[z]', c, low, n/a, u, x, z, "~"]
  missing: [na]
  delimiter: tab
rates:
  r: {of: n, per: m, times: 1000}
aliases:
  n: [leavers]
rules: # all
  - id: t
    title: T
    group:
      by: {parts: [year], whole: [a_b]}
      parts: "true"
      whole: "false"
    assert: n <= 10
    tolerance: {absolute: 5, relative: 1.1%}
    severity: warning
# Foot
`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestWriteFormEmpty pins the form of a dataset with no measures and no
// rules, with comments beside them.
func TestWriteFormEmpty(t *testing.T) {
	set := &Set{Datasets: []*Dataset{{Dimensions: []Column{{Name: "a"}}, Codes: figures.DefaultCodes}}}
	got, err := Write(set, Comments{Beside: map[string]string{"dataset.measures": "none", "dataset.dimensions": "one", "rules": "nothing\nat all"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "dataset:\n  dimensions: # one\n    - a\n  measures: {} # none\nrules: [] # nothing at all\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestWriteRefuses checks that a set that is not one file's is refused.
func TestWriteRefuses(t *testing.T) {
	a, b := &Dataset{}, &Dataset{}
	for _, s := range []*Set{
		{Datasets: []*Dataset{a, b}},
		{Datasets: []*Dataset{a}, Rules: []*Rule{{ID: "r", Dataset: b}}},
		{Datasets: []*Dataset{a}, Rules: []*Rule{{ID: "r"}}},
		{Rules: []*Rule{{ID: "r", Dataset: a}, {ID: "s", Dataset: b}}},
	} {
		if src, err := Write(s, Comments{}); err == nil {
			t.Errorf("%+v written:\n%s", s, src)
		}
	}
}

// TestPercent checks that a relative tolerance is written as a percentage
// that reads back as the same fraction, for fractions of every size.
func TestPercent(t *testing.T) {
	for _, c := range []struct {
		f    float64
		want string
	}{
		{0.07, "7%"}, {0.011, "1.1%"}, {1, "100%"}, {0.0001, "0.01%"}, {123.456, "12345.6%"},
		{1e-300, "1e-298%"}, {1e300, "1e302%"}, {0.1234567890123456789, "12.345678901234568%"},
	} {
		if got := percent(c.f); got != c.want {
			t.Errorf("percent(%v) = %q, want %q", c.f, got, c.want)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		f := math.Float64frombits(r.Uint64() >> 1) // every non-negative float, NaN and ∞ too
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		if got, err := readPercent(percent(f)); err != nil || got != f {
			t.Fatalf("%v written %q reads back as %v, %v", f, percent(f), got, err)
		}
	}
}

// TestReadPercent checks the percentages a rule file may hold.
func TestReadPercent(t *testing.T) {
	for _, c := range []struct {
		s    string
		want float64
		ok   bool
	}{
		{"1%", 0.01, true}, {"1.1%", 0.011, true}, {" 2.5 %", 0.025, true}, {"1e2%", 1, true}, {".5%", 0.005, true},
		{"0x1p2%", 0.04, true}, {"1", 0, false}, {"x%", 0, false}, {"1e400%", 0, false},
	} {
		got, err := readPercent(strings.TrimSpace(c.s))
		if (err == nil) != c.ok || c.ok && got != c.want {
			t.Errorf("readPercent(%q) = %v, %v; want %v", c.s, got, err, c.want)
		}
	}
}

// TestWriteRandom checks that random sets, with every field and text that
// YAML would take for something else, read back as written.
func TestWriteRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 2000 {
		s, c := randomSet(r)
		if msg := roundTrip(t, s, c); msg != "" {
			t.Fatalf("set %d: %s", i, msg)
		}
	}
}

// randomSet makes a set that Read could have read: valid names, one
// dataset or none, and text of the characters YAML treats specially.
func randomSet(r *rand.Rand) (*Set, Comments) {
	pick := func(items ...string) string { return items[r.IntN(len(items))] }
	text := func() string {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pick("a", "Z", " ", "  ", ":", ": ", "#", " #", "'", `"`, "\n", "\t", "-", "- ", "{", "}", "[", "]", ",",
				"%", "é", "“", "\\", "*", "&", "!", "|", ">", "@", "`", "yes", "null", "~", "true", "1e3", "0x1F", "1.5", "\u2028", "\r\n"))
		}
		return b.String()
	}
	expr := func() Expr {
		s := text()
		if strings.TrimSpace(s) == "" {
			s += "x"
		}
		return NewExpr(s, position.Pos{})
	}
	names := func(from []string) []string {
		var out []string
		for _, n := range from {
			if r.IntN(2) == 0 {
				out = append(out, n)
			}
		}
		return out
	}
	num := func() float64 {
		return pick2(r, []float64{0.5, 1, 5, 1e-7, 1e22, 0.1 + 0.2, math.Float64frombits(r.Uint64()>>2 | 1)})
	}
	s := &Set{}
	c := Comments{Head: []string{text()}, Foot: []string{text(), text()},
		Above:  map[string]string{"rules": text(), "dataset.measures": text(), "dataset.period": text()},
		Beside: map[string]string{"rules": text(), "dataset.measures": text(), "dataset.measures.m0": text(), "dataset.dimensions": text()}}
	var ds *Dataset
	if r.IntN(2) == 0 {
		ds = &Dataset{Codes: figures.NewCodes(names([]string{"x", "c", ":", "", "yes", "[z]"})...).WithMissing(names([]string{"na", "-", "no"})...)}
		if r.IntN(3) == 0 {
			ds.Codes = figures.DefaultCodes
		}
		dims := []string{"d0", "d1", "d2"}
		for i, n := range dims {
			col := Column{Name: n}
			if i == 1 {
				col.Header = text() + "h"
			}
			ds.Dimensions = append(ds.Dimensions, col)
		}
		for i := range r.IntN(4) {
			col := Column{Name: "m" + strconv.Itoa(i), Precision: []figures.Precision{figures.AsWritten, figures.Exact, figures.Step(num())}[r.IntN(3)]}
			if r.IntN(2) == 0 {
				col.Header = "#" + strconv.Itoa(i) + text()
			}
			if r.IntN(2) == 0 {
				col.Blame = num()
			}
			ds.Measures = append(ds.Measures, col)
		}
		ds.Period = pick("", "d0")
		ds.Area, ds.Identity = names(dims), names(dims)
		ds.Delimiter = pick2(r, []byte{0, ',', ';', '\t'})
		ds.DecimalComma = ds.Delimiter != ',' && r.IntN(2) == 0
		ds.Table = pick("", "t", text())
		s.Datasets = []*Dataset{ds}
	}
	for i := range r.IntN(6) {
		rule := &Rule{ID: pick("r", "a.b", "x/y-z_1") + strconv.Itoa(i), Title: text(), Description: text(), Message: text(),
			Severity: Severity(r.IntN(3)), Dataset: ds}
		switch k := r.IntN(4); {
		case k == 0 && ds == nil:
			rule.SameFigure = true
		case k == 1 && ds != nil:
			rule.Unique = []string{"d0", "d2"}
		default:
			rule.Assert = expr()
			rule.Tolerance = interval.Tolerance{Abs: pick2(r, []float64{0, num()}), Rel: pick2(r, []float64{0, num()})}
			if ds != nil && r.IntN(2) == 0 {
				rule.When = expr()
			}
			if ds != nil && r.IntN(2) == 0 {
				by := names([]string{"d0", "d1"})
				rule.Group = &Group{By: by, WholeBy: by, Parts: expr(), Whole: expr()}
				if r.IntN(2) == 0 {
					rule.Group.WholeBy = slices.Clone(by)
					slices.Reverse(rule.Group.WholeBy)
				}
			}
		}
		s.Rules = append(s.Rules, rule)
	}
	for i := range r.IntN(3) {
		s.Rates = append(s.Rates, Rate{Name: "rate" + strconv.Itoa(i), Of: "of", Per: "per", Times: pick2(r, []float64{100, 1000, num()})})
	}
	for i := range r.IntN(3) {
		s.Aliases = append(s.Aliases, Alias{Measure: "m" + strconv.Itoa(i), Words: []string{text() + "w", pick("yes", "- a", "b")}})
	}
	return s, c
}

func pick2[T any](r *rand.Rand, items []T) T { return items[r.IntN(len(items))] }

// FuzzWrite checks that every rule file that reads without a mistake is
// written in a form that reads back as the same set, and that writing
// that again gives the same file.
func FuzzWrite(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		set, err := Read("fuzz.yaml", src)
		if err != nil || len(set.Datasets) > 1 {
			return
		}
		w, err := Write(set, Comments{})
		if err != nil {
			t.Fatalf("Write: %v", err)
		}
		back, err := Read("w.yaml", w)
		if err != nil {
			t.Fatalf("the file written does not read: %v\n%s", err, w)
		}
		if msg := sameSet(set, back); msg != "" {
			t.Fatalf("%s\n%s", msg, w)
		}
		if again, _ := Write(back, Comments{}); !bytes.Equal(again, w) {
			t.Fatalf("written once:\n%s\nwritten again:\n%s", w, again)
		}
	})
}
