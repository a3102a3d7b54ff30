package checker

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/tables"
)

// figureSet builds a figure set from name: text pairs.
func figureSet(t *testing.T, pairs ...string) *figures.Set {
	t.Helper()
	var b strings.Builder
	b.WriteString("figures:\n")
	for i := 0; i+1 < len(pairs); i += 2 {
		fmt.Fprintf(&b, "  %s: %q\n", pairs[i], pairs[i+1])
	}
	s, err := figures.ReadSet("figures.yaml", []byte(b.String()))
	if err != nil {
		t.Fatalf("figure set: %v", err)
	}
	return s
}

// checkFigures runs one rule over a figure set and returns its counts.
func checkFigures(t *testing.T, ruleYAML string, set *figures.Set) (*Result, error) {
	t.Helper()
	rs, err := rules.Read("rules.yaml", []byte(ruleYAML))
	if err != nil {
		t.Fatalf("rules: %v", err)
	}
	c, err := New(rs, []*figures.Set{set})
	if err != nil {
		return nil, err
	}
	return c.Check(context.Background(), nil, Options{})
}

func verdictOf(r *Result) Verdict {
	for v, n := range r.Rules[0].Counts {
		if n > 0 {
			return Verdict(v)
		}
	}
	return -1
}

// TestVerdicts pins the meaning of a rule's verdict: pass when the figures
// as written satisfy it, pass within rounding when only values inside their
// rounding do, fail when none do.
func TestVerdicts(t *testing.T) {
	tests := []struct {
		assert    string
		tolerance string
		figures   []string
		want      Verdict
	}{
		// A rate and the counts it came from.
		{"rate == 100 * part / whole", "", []string{"rate", "13.8", "part", "4728.7", "whole", "34328.2"}, Pass},
		{"rate == 100 * part / whole", "", []string{"rate", "14.8", "part", "282.3", "whole", "2054.5"}, Fail},
		// 61% of 4,728.7 is 2,884.5: 2,868.1 is 60.65%, inside 61%'s rounding only because 61 stands for [60.5, 61.5].
		{"share == 100 * part / whole", "", []string{"share", "61%", "part", "2,868.1", "whole", "4,728.7"}, Pass},
		{"share == 100 * part / whole", "", []string{"share", "62%", "part", "2,868.1", "whole", "4,728.7"}, Fail},
		// Consistent only thanks to the rounding of the inputs.
		{"total == a + b", "", []string{"total", "10.0", "a", "4.5", "b", "5.4"}, PassWithinRounding},
		{"total == a + b", "", []string{"total", "10.0", "a", "4.2", "b", "5.2"}, Fail},
		{"total == a + b", "", []string{"total", "10", "a", "4.4", "b", "5.4"}, Pass},
		// "34,300" is rounded to hundreds.
		{"stated == published", "", []string{"stated", "34,300", "published", "34,328.2"}, Pass},
		{"stated == published", "", []string{"stated", "34,400", "published", "34,328.2"}, Fail},
		// Same precision, one unit apart: two different figures, not rounding.
		{"a == b", "", []string{"a", "17.8", "b", "17.9"}, Fail},
		{"a == b", "0.1", []string{"a", "17.8", "b", "17.9"}, Pass},
		// Changes, stated in words.
		{"pct_change(before, after) == rise", "", []string{"before", "33,119.1", "after", "34,300", "rise", "four per cent"}, Pass},
		{"pct_change(before, after) == -fall", "", []string{"before", "7,178.5", "after", "6,520", "fall", "nine per cent"}, Pass},
		{"pct_change(before, after) == -fall", "", []string{"before", "45", "after", "37", "fall", "30 per cent"}, Fail},
		{"pct_change(before, after) == rise", "", []string{"before", "27,700", "after", "28,500", "rise", "three per cent"}, Pass},
		// Direction claims.
		{"this_year < last_year", "", []string{"this_year", "4,728.7", "last_year", "5,254.6"}, Pass},
		{"this_year < last_year", "", []string{"this_year", "5,340", "last_year", "5,330"}, Fail},
		// Equal as written, but the true values could differ either way.
		{"this_year < last_year", "", []string{"this_year", "5.33", "last_year", "5.33"}, PassWithinRounding},
		{"this_year <= last_year", "", []string{"this_year", "5.4", "last_year", "5.3"}, Fail},
		// An FTE cannot exceed its headcount; 91.3 against 91 (rounded) could be 91.25 against 91.49.
		{"fte <= headcount", "", []string{"fte", "91.3", "headcount", "91"}, PassWithinRounding},
		{"fte <= headcount", "", []string{"fte", "92.3", "headcount", "91"}, Fail},
		// Hedges.
		{"caseload >= 17", "", []string{"caseload", "nearly 18"}, Pass},
		{"count > 1000", "", []string{"count", "more than 1,000"}, Pass},
		{"count < 999", "", []string{"count", "more than 1,000"}, Fail},
		// Negation asks whether the relation certainly does not hold.
		{"not (a == b)", "", []string{"a", "17.8", "b", "17.9"}, Pass},
		{"not (a == b)", "", []string{"a", "17.8", "b", "17.8"}, PassWithinRounding},
		{"not (a == b)", "", []string{"a", "5", "b", "5"}, PassWithinRounding},
		{"not (a == b)", "", []string{"a", "c", "b", "5"}, Skipped},
		{"!(a < b)", "", []string{"a", "5.0", "b", "5.2"}, Fail},
		{"!(a < b)", "", []string{"a", "5.3", "b", "5.2"}, Pass},
		{"a <= b", "", []string{"a", "10.0", "b", "10.0"}, Pass},
		// Tolerances on top of rounding: absolute and relative.
		{"a == b", "0.5", []string{"a", "100.0", "b", "100.6"}, Pass},
		// Large figures: a small overlap still counts.
		{"a == b + c", "", []string{"a", "12345678.9", "b", "12345678.8", "c", "0.004"}, PassWithinRounding},
		{"a == b", "{relative: 1%}", []string{"a", "100.0", "b", "100.9"}, Pass},
		{"a == b", "{relative: 1%}", []string{"a", "100.0", "b", "101.2"}, Fail},
		{"a <= b", "0.5", []string{"a", "100.4", "b", "100.0"}, Pass},
		{"a == b", "", []string{"a", "100.0", "b", "100.6"}, Fail},
		// Or: one side enough.
		{"a == 1 or b == 2", "", []string{"a", "5", "b", "2"}, Pass},
		// A divisor that could be zero gives no value: the rule is skipped,
		// whichever way the comparison goes.
		{"a == b / c", "", []string{"a", "5", "b", "3", "c", "0"}, Skipped},
		{"a == 100 * b / c", "", []string{"a", "0", "b", "0", "c", "0.0"}, Skipped},
		{"a != b / c", "", []string{"a", "5", "b", "3", "c", "0"}, Skipped},
		{"a > pct_change(c, b)", "", []string{"a", "5", "b", "3", "c", "0"}, Skipped},
		{"a == b / c", "", []string{"a", "5", "b", "3", "c", "0.1"}, Fail},
		// Under or or not too: the rule is skipped when its verdict
		// depends on the quotient, and passes or fails when it does not.
		{"not (a == b / c)", "", []string{"a", "5", "b", "3", "c", "0"}, Skipped},
		{"a == 1 or b / c == 2", "", []string{"a", "5", "b", "3", "c", "0"}, Skipped},
		{"a == 5 or b / c == 2", "", []string{"a", "5", "b", "3", "c", "0"}, Pass},
		{"not (a == 1 or b / c == 2)", "", []string{"a", "5", "b", "3", "c", "0"}, Skipped},
		{"a == 1 and b / c == 2", "", []string{"a", "5", "b", "3", "c", "0"}, Fail},
		// let and conditional expressions.
		{"let d = 254; rate == 100 * lost / (fte * d)", "", []string{"rate", "3.4", "lost", "287194.9", "fte", "34328.2"}, Fail},
		{"let d = 253; rate == 100 * lost / (fte * d)", "", []string{"rate", "3.2", "lost", "270451", "fte", "33119.1"}, Pass},
		{"(fte > 100 ? 1 : 2) == 1", "", []string{"fte", "150"}, Pass},
		{"abs(a - b) <= 1", "", []string{"a", "10", "b", "11.4"}, PassWithinRounding},
		{"min(a, b) == a and max(a, b) == b", "", []string{"a", "3", "b", "4"}, Pass},
		{"-a == b", "", []string{"a", "4.0", "b", "-4.0"}, Pass},
	}
	for _, tc := range tests {
		name := tc.assert + " " + strings.Join(tc.figures, " ")
		t.Run(name, func(t *testing.T) {
			y := "rules:\n  - id: r\n    title: t\n    assert: " + quoteYAML(tc.assert) + "\n"
			if tc.tolerance != "" {
				y += "    tolerance: " + tc.tolerance + "\n"
			}
			res, err := checkFigures(t, y, figureSet(t, tc.figures...))
			if err != nil {
				t.Fatal(err)
			}
			if got := verdictOf(res); got != tc.want {
				t.Errorf("verdict %v, want %v", got, tc.want)
			}
			if (tc.want == Fail) != (len(res.Findings) == 1) {
				t.Errorf("%d findings for verdict %v", len(res.Findings), tc.want)
			}
		})
	}
}

func quoteYAML(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// TestSuppressedFigureSkips: a rule that needs a suppressed figure is
// skipped, with the reason, never failed.
func TestSuppressedFigureSkips(t *testing.T) {
	res, err := checkFigures(t, "rules:\n  - {id: r, title: t, assert: a == b}\n", figureSet(t, "a", "c", "b", "4"))
	if err != nil {
		t.Fatal(err)
	}
	rr := res.Rules[0]
	if rr.Counts[Skipped] != 1 || len(rr.Skips) != 1 || rr.Skips[0].Reason != "figure a is suppressed (c)" {
		t.Errorf("counts %v, skips %v", rr.Counts, rr.Skips)
	}
}

// TestFindingExplains checks that a failure says which figures, what
// computation and what gap.
func TestFindingExplains(t *testing.T) {
	y := "rules:\n  - id: turnover\n    title: t\n    assert: rate == 100 * leavers / workers and workers > 0\n    message: '{rate} is not {leavers} over {workers}'\n"
	res, err := checkFigures(t, y, figureSet(t, "rate", "14.8", "leavers", "282.3", "workers", "2,054.5"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 {
		t.Fatalf("%d findings", len(res.Findings))
	}
	f := res.Findings[0]
	if f.Computation != "14.8 == 100 * 282.3 / 2,054.5 and 2,054.5 > 0" {
		t.Errorf("computation %q", f.Computation)
	}
	if f.Message != "14.8 is not 282.3 over 2,054.5" {
		t.Errorf("message %q", f.Message)
	}
	if len(f.Comparisons) != 1 {
		t.Fatalf("comparisons %+v", f.Comparisons)
	}
	c := f.Comparisons[0]
	if c.Left.Expr != "rate" || c.Right.Expr != "100 * leavers / workers" || c.Right.Computation != "100 * 282.3 / 2,054.5" || !c.Right.Computed {
		t.Errorf("sides %+v %+v", c.Left, c.Right)
	}
	// 100 × 282.35 / 2054.45 = 13.7434 is the closest the right side gets to 14.75.
	if got := FormatNumber(c.Gap); got != "1.0067" {
		t.Errorf("gap %s", got)
	}
	var names []string
	for _, u := range f.Figures {
		names = append(names, fmt.Sprintf("%s=%s@%d", u.Name, u.Text, u.Pos.Line))
	}
	if got := strings.Join(names, " "); got != "rate=14.8@2 leavers=282.3@3 workers=2,054.5@4" {
		t.Errorf("figures %s", got)
	}
}

// TestCompileErrors: every mistake in an expression is reported at its
// place in the rule file, all of them in one go.
func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name  string
		rules string
		want  string
	}{
		{"unknown figure", "rules:\n  - id: r\n    title: t\n    assert: rate == 100 * leaver / workers\n",
			`rules.yaml:4:27: unknown figure leaver (did you mean "leavers"?): no figure set loaded in this run defines it`},
		{"syntax", "rules:\n  - id: r\n    title: t\n    assert: rate == (100 * leavers\n",
			"rules.yaml:4:34: unexpected token EOF"},
		{"not true or false", "rules:\n  - id: r\n    title: t\n    assert: 100 * leavers / workers\n",
			"rules.yaml:4:13: the expression must be true or false, not a figure"},
		{"in a literal block", "rules:\n  - id: r\n    title: t\n    assert: |\n      rate ==\n        100 * leavers / wrkers\n",
			`rules.yaml:6:25: unknown figure wrkers (did you mean "workers"?): no figure set loaded in this run defines it`},
		{"prev of no figure", "rules:\n  - id: r\n    title: t\n    assert: rate == prev.rte\n",
			`rules.yaml:4:26: prev.rte: rte is not a figure of the figure sets (did you mean "rate"?)`},
		{"unknown measure in prev", "dataset: {dimensions: [year], period: year, measures: [rate]}\nrules:\n  - id: r\n    title: t\n    assert: rate == prev.rte\n",
			`rules.yaml:5:26: rte is not a measure of the dataset (did you mean "rate"?)`},
		{"parts used bare", "dataset: {dimensions: [year], measures: [rate]}\nrules:\n  - id: r\n    title: t\n    group: {by: [year], parts: 'true', whole: 'true'}\n    assert: rate == parts\n",
			"rules.yaml:6:21: parts can only be used as sum(parts.x), min(parts.x), max(parts.x) or count(parts)"},
		{"group by a measure", "dataset: {dimensions: [year], measures: [rate]}\nrules:\n  - id: r\n    title: t\n    group: {by: [rate], parts: 'true', whole: 'true'}\n    assert: rate == sum(parts.rate)\n",
			"rules.yaml:5:18: group by rate: it is not a dimension of the dataset"},
		{"dimension compared with a number", "dataset: {dimensions: [year], measures: [rate]}\nrules:\n  - id: r\n    title: t\n    when: year == 2024\n    assert: rate > 0\n",
			"rules.yaml:5:16: invalid operation: == (mismatched types string and number)"},
		{"parts without a group", "rules:\n  - id: r\n    title: t\n    assert: rate == count(parts)\n",
			"rules.yaml:4:27: parts only exist in rules with a group"},
		{"message names an unknown figure", "rules:\n  - id: r\n    title: t\n    assert: rate > 0\n    message: '{rat} is odd'\n",
			`rules.yaml:5:14: message names {rat}, which is not a figure of this rule (did you mean "rate"?) (or {subject})`},
		{"two rules, two errors", "rules:\n  - id: a\n    title: t\n    assert: nope > 1\n  - id: b\n    title: t\n    assert: rate >\n",
			"rules.yaml:4:13: unknown figure nope: no figure set loaded in this run defines it\nrules.yaml:7:18: unexpected token EOF"},
	}
	set := figureSet(t, "rate", "1", "leavers", "2", "workers", "3")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := checkFigures(t, tc.rules, set)
			if err == nil {
				t.Fatal("no error")
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// writeFiles writes name → content files into a temporary folder.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// checkTables loads the rule file and tables from dir and checks them.
func checkTables(t *testing.T, dir string, names ...string) *Result {
	t.Helper()
	rs, err := rules.Load(filepath.Join(dir, "rules.yaml"))
	if err != nil {
		t.Fatalf("rules: %v", err)
	}
	c, err := New(rs, nil)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return checkTablesWith(t, c, dir, names...)
}

// checkTablesWith checks the tables of dir with c.
func checkTablesWith(t *testing.T, c *Checker, dir string, names ...string) *Result {
	t.Helper()
	var ts []*tables.Table
	for _, name := range names {
		tb, err := tables.Open(filepath.Join(dir, name), c.TableOptions())
		if err != nil {
			t.Fatal(err)
		}
		ts = append(ts, tb)
	}
	res, err := c.Check(context.Background(), ts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func countsByRule(r *Result) map[string]Counts {
	out := map[string]Counts{}
	for _, rr := range r.Rules {
		out[rr.Rule.ID] = rr.Counts
	}
	return out
}

func subjects(r *Result, id string) []string {
	var out []string
	for _, f := range r.Findings {
		if f.Rule.ID == id {
			out = append(out, f.Subject)
		}
	}
	return out
}

const tableRules = `dataset:
  dimensions: [year, level, region, area]
  period: year
  area: [area]
  measures:
    staff: 0.1
    leavers: 0.1
    rate: 0.1
rules:
  - id: rate
    title: rate is leavers over staff
    when: level != "total"
    assert: rate == 100 * leavers / staff
  - id: sum
    title: areas add up to their region
    group:
      by: [year, region]
      parts: level == "area"
      whole: level == "region"
    assert: staff == sum(parts.staff) and count(parts) >= 2
  - id: range
    title: the region's rate lies within its areas'
    group: {by: [year, region], parts: level == "area", whole: level == "region"}
    assert: min(parts.rate) <= rate and rate <= max(parts.rate)
  - id: growth
    title: staff do not double in a year
    assert: staff <= 2 * prev.staff
  - id: same
    title: one value per figure
    same_figure: true
  - id: unique
    title: one row per area and year
    unique: [year, area]
  - id: by-code
    title: areas add up to the region whose code they carry
    group:
      by: {parts: [year, region], whole: [year, area]}
      parts: level == "area"
      whole: level == "region"
    assert: staff == sum(parts.staff)
`

func TestTableRules(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"rules.yaml": tableRules,
		"tidy.csv": `year,level,region,area,staff,leavers,rate
2023,region,N,North,30.0,3.0,10.0
2023,area,N,Ashby,10.0,1.0,10.0
2023,area,N,Brant,20.0,2.0,10.0
2024,region,N,North,31.0,3.5,11.3
2024,area,N,Ashby,25.0,2.0,8.0
2024,area,N,Brant,6.0,1.5,u
2024,total,,All,31.0,3.5,99
2024,region,,N,31.0,3.5,11.3
2024,region,,S,30.0,3.0,10.0
2024,area,S,Cove,20.0,2.0,10.0
2024,area,S,Cove,20.0,2.0,10.0
`,
	})
	res := checkTables(t, dir, "tidy.csv")
	got := countsByRule(res)
	want := map[string]Counts{
		// 2024 North: 100 × 3.5 / 31 = 11.29; Brant's rate is suppressed; the total row is left out by when.
		"rate": {9, 0, 0, 1},
		// N and S have no parts (their region is empty), Cove's region S has no whole.
		"sum": {2, 0, 0, 3},
		// 2024 N: Brant's rate is suppressed; the rest as for sum.
		"range": {1, 0, 0, 4},
		// Ashby grew from 10 to 25; All, N, S and Cove (twice) have no row a year before.
		"growth": {2, 0, 1, 5},
		// Cove's three figures stated twice, alike.
		"same": {3, 0, 0, 0},
		// Cove, 2024 twice.
		"unique": {9, 0, 2, 0},
		// By code: N is Ashby and Brant (31); S is Cove twice (40, not 30);
		// North has no parts by code, and the 2023 parts of N no whole.
		"by-code": {1, 0, 1, 3},
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: counts %v, want %v", id, got[id], w)
		}
	}
	if s := subjects(res, "growth"); len(s) != 1 || s[0] != "Ashby, 2024" {
		t.Errorf("growth findings %v", s)
	}
	if s := subjects(res, "unique"); len(s) != 1 || s[0] != "2024, Cove" {
		t.Errorf("unique findings %v", s)
	}
	if s := subjects(res, "by-code"); len(s) != 1 || s[0] != "S, 2024" {
		t.Errorf("by-code findings %v", s)
	}
	for _, rr := range res.Rules {
		if rr.Rule.ID == "rate" && (len(rr.Skips) != 1 || rr.Skips[0].Reason != "rate is suppressed (u)") {
			t.Errorf("rate skips %v", rr.Skips)
		}
	}
}

// TestLongTableAndRevisions: a long table becomes tidy rows, and a figure
// published twice with two values is a same-figure finding.
func TestLongTableAndRevisions(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"rules.yaml": tableRules,
		"long.csv": `year,level,region,area,measure,value
2023,area,N,Ashby,staff,10.0
2023,area,N,Ashby,leavers,1.0
2023,area,N,Ashby,rate,10.0
`,
		"revised.csv": `year,level,region,area,staff,leavers,rate
2023,area,N,Ashby,10.0,1.2,12.0
`,
	})
	res := checkTables(t, dir, "long.csv", "revised.csv")
	got := countsByRule(res)
	if got["rate"] != (Counts{2, 0, 0, 0}) {
		t.Errorf("rate counts %v", got["rate"])
	}
	// staff agrees; leavers and rate were revised.
	if got["same"] != (Counts{1, 0, 2, 0}) {
		t.Errorf("same counts %v", got["same"])
	}
	for _, f := range res.Findings {
		if f.Rule.ID != "same" {
			continue
		}
		if f.Figures[0].Pos.File != filepath.Join(dir, "long.csv") || f.Figures[1].Pos.File != filepath.Join(dir, "revised.csv") {
			t.Errorf("sources %v %v", f.Figures[0].Pos, f.Figures[1].Pos)
		}
	}
}

// TestBadCells: a cell that is neither a number nor a suppression code is a
// problem with its position, and the rules that need it are skipped.
func TestBadCells(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"rules.yaml": tableRules,
		"bad.csv":    "year,level,region,area,staff,leavers,rate\n2023,area,N,Ashby,10.0,12a,10.0\n",
	})
	res := checkTables(t, dir, "bad.csv")
	if len(res.Problems) != 1 {
		t.Fatalf("problems %v", res.Problems)
	}
	want := filepath.Join(dir, "bad.csv") + `:2:24: column leavers: cannot read "12a" as a number: it mixes digits with other characters`
	if got := res.Problems[0].Error(); !strings.HasPrefix(got, want) {
		t.Errorf("problem %q, want prefix %q", got, want)
	}
	if c := countsByRule(res)["rate"]; c != (Counts{0, 0, 0, 1}) {
		t.Errorf("rate counts %v", c)
	}
}

// TestMissingColumns: a table without the columns the rules need is a
// problem, not silence.
func TestMissingColumns(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"rules.yaml": tableRules,
		"other.csv":  "year,level,region,area,staff\n2023,area,N,Ashby,10.0\n",
	})
	res := checkTables(t, dir, "other.csv")
	if len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Msg, "need columns leavers, rate") {
		t.Errorf("problems %v", res.Problems)
	}
}

// Regressions found in review.
func TestReviewRegressions(t *testing.T) {
	t.Run("a figure rule that starts with present()", func(t *testing.T) {
		res, err := checkFigures(t, "rules:\n  - {id: r, title: t, assert: present(a) and a > 5}\n", figureSet(t, "a", "3"))
		if err != nil || verdictOf(res) != Fail || res.Findings[0].Subject != "figures.yaml" {
			t.Errorf("err %v, result %+v", err, res)
		}
	})
	t.Run("let in the when of a prev rule", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{
			"rules.yaml": "dataset: {dimensions: [year, area], period: year, measures: [x]}\nrules:\n" +
				"  - id: jump\n    title: t\n    when: let h = x / 2; h > 1\n    assert: abs(pct_change(prev.x, x)) <= 40\n",
			"t.csv": "year,area,x\n2023,A,10\n2024,A,20\n",
		})
		if c := countsByRule(checkTables(t, dir, "t.csv"))["jump"]; c != (Counts{0, 0, 1, 0}) {
			t.Errorf("counts %v", c)
		}
	})
	t.Run("a group filter on a suppressed cell skips the group, never reads the cell", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{
			"rules.yaml": "dataset: {dimensions: [level], measures: [x, y]}\nrules:\n" +
				"  - id: sum\n    title: t\n    group: {by: [], parts: 'level == \"LA\" and x > 5', whole: 'level == \"all\"'}\n    assert: y == sum(parts.y)\n",
			"t.csv": "level,x,y\nLA,10,3\nLA,x,100\nall,0,3\n",
		})
		if c := countsByRule(checkTables(t, dir, "t.csv"))["sum"]; c != (Counts{0, 0, 0, 1}) {
			t.Errorf("counts %v", c)
		}
	})
	t.Run("rows before a broken row are checked", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{
			"rules.yaml": "dataset: {dimensions: [area], measures: [a, b]}\nrules:\n  - {id: eq, title: t, assert: a == b}\n",
			"t.csv":      "area,a,b\nA,1,1\nB,1,2\nC,1\nD,1,2\n",
		})
		res := checkTables(t, dir, "t.csv")
		if c := countsByRule(res)["eq"]; c != (Counts{1, 0, 1, 0}) || len(res.Problems) != 1 ||
			!strings.HasSuffix(res.Problems[0].Msg, "the rest of the table was not checked") {
			t.Errorf("counts %v, problems %v", c, res.Problems)
		}
	})
	t.Run("same figure: breakdowns and areas with commas", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{
			"rules.yaml": "dataset: {dimensions: [year, area, sex], period: year, area: [area], identity: [sex], measures: [n]}\nrules:\n" +
				"  - {id: same, title: t, same_figure: true}\n  - {id: m, title: t, assert: n >= 0, message: '{subject} has {n}'}\n",
			"a.csv": "year,area,sex,n\n2024,\"Kingston upon Hull, City of\",M,10\n2024,\"Kingston upon Hull, City of\",F,12\n2024,Kingston upon Hull,M,99\n",
			"b.csv": "year,area,sex,n\n2024,\"Kingston upon Hull, City of\",F,13\n",
		})
		res := checkTables(t, dir, "a.csv", "b.csv")
		if c := countsByRule(res)["same"]; c != (Counts{0, 0, 1, 0}) {
			t.Errorf("counts %v, findings %v", c, subjects(res, "same"))
		}
	})
	t.Run("a message may name a column the rule does not use", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{
			"rules.yaml": "dataset: {dimensions: [area], measures: [a, b]}\nrules:\n  - {id: r, title: t, assert: a > 5, message: 'a is {a}, b is {b}'}\n",
			"t.csv":      "area,a,b\nX,1,7\n",
		})
		res := checkTables(t, dir, "t.csv")
		if len(res.Findings) != 1 || res.Findings[0].Message != "a is 1, b is 7" {
			t.Errorf("findings %+v", res.Findings)
		}
	})
	t.Run("a long table of more than 4096 rows", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("area,measure,value\n")
		for i := range 5000 {
			v := "10.0"
			if i == 4500 {
				v = "11.0"
			}
			fmt.Fprintf(&b, "R%d,a,10.0\nR%d,b,%s\n", i, i, v)
		}
		dir := writeFiles(t, map[string]string{
			"rules.yaml": "dataset: {dimensions: [area], measures: {a: 0.1, b: 0.1}}\nrules:\n  - {id: eq, title: t, assert: a == b}\n  - {id: u, title: t, unique: [area]}\n",
			"long.csv":   b.String(),
		})
		res := checkTables(t, dir, "long.csv")
		got := countsByRule(res)
		if got["eq"] != (Counts{4999, 0, 1, 0}) || got["u"] != (Counts{5000, 0, 0, 0}) || subjects(res, "eq")[0] != "line 9002" {
			t.Errorf("counts %v, findings %v", got, subjects(res, "eq"))
		}
	})
}

func TestSortPeriods(t *testing.T) {
	tests := [][]string{
		{"2024", "2017", "2023"},
		{"Q1 2024", "Q4 2023", "Q2 2023"},
		{"2024-Q1", "2023-Q4"},
		{"2024/25", "2023/24"},
		{"2024-03", "2023-12", "2024-01"},
		{"2023-24", "2022-23"},
		{"September 2024", "March 2024", "September 2023"},
		{"31 March 2024", "30 September 2023", "1 March 2024"},
		{"b", "a"},
	}
	want := []string{"2017 2023 2024", "Q2 2023 Q4 2023 Q1 2024", "2023-Q4 2024-Q1", "2023/24 2024/25", "2023-12 2024-01 2024-03",
		"2022-23 2023-24", "September 2023 March 2024 September 2024", "30 September 2023 1 March 2024 31 March 2024", "a b"}
	for i, ps := range tests {
		sortPeriods(ps)
		if got := strings.Join(ps, " "); got != want[i] {
			t.Errorf("got %s, want %s", got, want[i])
		}
	}
}

// TestTablesAsWritten: a dataset reads tables separated by semicolons,
// with decimal commas, NA for missing cells and headers rules cannot name.
func TestTablesAsWritten(t *testing.T) {
	const ruleFile = `dataset:
  delimiter: ";"
  decimal: ","
  missing: [NA]
  dimensions: [id, {size_class: {column: size class}}]
  measures:
    other_rev: {column: other.rev, precision: exact}
    total: {column: 1st-total, precision: exact}
    share: 0.1
rules:
  - {id: part, title: t, assert: other_rev <= total}
  - {id: share, title: t, assert: share == 100 * other_rev / total}
`
	dir := writeFiles(t, map[string]string{
		"rules.yaml": ruleFile,
		"t.csv":      "id;size class;other.rev;1st-total;share\nA;s;1.234,5;2.469;50,0\nB;s;NA;10;0,0\nC;s;3;4;75,0\nD;s;5;4;125,0\n",
		"commas.csv": "id,size class,other.rev,1st-total,share\nA,s,1,2,50\n",
	})
	res := checkTables(t, dir, "t.csv")
	if len(res.Problems) != 0 {
		t.Fatalf("problems %v", res.Problems)
	}
	counts := countsByRule(res)
	if counts["part"] != (Counts{2, 0, 1, 1}) || counts["share"] != (Counts{3, 0, 0, 1}) {
		t.Errorf("counts %v", counts)
	}
	for _, rr := range res.Rules {
		if want := []Skip{{"other_rev is missing (NA)", 1}}; !reflect.DeepEqual(rr.Skips, want) {
			t.Errorf("rule %s skipped %v, want %v", rr.Rule.ID, rr.Skips, want)
		}
	}
	if len(res.Findings) != 1 || res.Findings[0].Figures[0].Column != "other.rev" || res.Findings[0].Figures[0].Text != "5" {
		t.Errorf("findings %+v", res.Findings)
	}

	// Decimal commas in a table separated by commas cannot be read.
	dir = writeFiles(t, map[string]string{
		"rules.yaml": strings.Replace(ruleFile, "  delimiter: \";\"\n", "", 1),
		"commas.csv": "id,size class,other.rev,1st-total,share\nA,s,1,2,50\n",
	})
	res = checkTables(t, dir, "commas.csv")
	if len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Error(), "commas.csv:1: the table does not fit the rules: rules in "+filepath.Join(dir, "rules.yaml")+" need fields separated by semicolons or tabs") {
		t.Errorf("problems %v", res.Problems)
	}

	// A column the dataset reads under another name is missing by its header.
	dir = writeFiles(t, map[string]string{
		"rules.yaml": ruleFile,
		"t.csv":      "id;size class;other_rev;1st-total;share\nA;s;1;2;50\n",
	})
	res = checkTables(t, dir, "t.csv")
	if len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Error(), `t.csv:1: the table does not fit the rules: rules in `+filepath.Join(dir, "rules.yaml")+` need columns "other.rev" (for other_rev)`) {
		t.Errorf("problems %v", res.Problems)
	}
}

// TestDecimalComma: with a decimal comma, points group thousands, and a
// figure keeps the precision of its decimals.
func TestDecimalComma(t *testing.T) {
	for _, tc := range []struct {
		text   string
		v, h   float64 // value and half-width
		status figures.Status
		bad    bool
	}{
		{text: "1.234,5", v: 1234.5, h: 0.05},
		{text: "12,50", v: 12.5, h: 0.005},
		{text: "-0,3", v: -0.3, h: 0.05},
		{text: "1.234", v: 1234, h: 0.5},
		{text: "2.500", v: 2500, h: 50},
		{text: "1.23,4", bad: true},
		{text: "1,2,3", bad: true},
		{text: "x", status: figures.Suppressed},
	} {
		n, status, err := figures.DefaultCodes.ParseNum(pointDecimal(tc.text), figures.AsWritten)
		switch {
		case (err != nil) != tc.bad:
			t.Errorf("%q: error %v", tc.text, err)
		case tc.bad:
		case status != tc.status:
			t.Errorf("%q: status %v, want %v", tc.text, status, tc.status)
		case status == figures.Number && (math.Abs(n.V-tc.v) > 1e-9 || math.Abs(n.Hi-n.V-tc.h) > 1e-9 || math.Abs(n.V-n.Lo-tc.h) > 1e-9):
			t.Errorf("%q: %v [%v, %v], want %v ± %v", tc.text, n.V, n.Lo, n.Hi, tc.v, tc.h)
		}
	}
}

// TestDecimalCommaProblem: a cell that is no number with a decimal comma
// is reported as written.
func TestDecimalCommaProblem(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"rules.yaml": "dataset: {decimal: \",\", dimensions: [id], measures: [a]}\nrules:\n  - {id: r, title: t, assert: a > 0}\n",
		"t.csv":      "id;a\nA;1.23,4\nB;1.234,5\n",
	})
	res := checkTables(t, dir, "t.csv")
	want := `t.csv:2:3: column a: cannot read "1.23,4" as a number with a decimal comma and points between thousands, as in 1.234,5;`
	if len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Error(), want) {
		t.Errorf("problems %v, want %s", res.Problems, want)
	}
	if c := countsByRule(res)["r"]; c != (Counts{1, 0, 0, 1}) {
		t.Errorf("counts %v", c)
	}
}

// TestDecimalCommaIsForCSV: NDJSON numbers keep their decimal points
// where the dataset declares decimal commas for its CSV tables.
func TestDecimalCommaIsForCSV(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"rules.yaml": "dataset: {decimal: \",\", dimensions: [id], measures: [a]}\nrules:\n  - {id: r, title: t, assert: a == 1234.5}\n",
		"t.ndjson":   "{\"id\": \"A\", \"a\": 1234.5}\n",
	})
	res := checkTables(t, dir, "t.ndjson")
	if c := countsByRule(res)["r"]; len(res.Problems) != 0 || c != (Counts{1, 0, 0, 0}) {
		t.Errorf("counts %v, problems %v", c, res.Problems)
	}
}
