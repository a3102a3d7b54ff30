package reports

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/interval"
	"github.com/figcheck/figcheck/locate"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// cannedResult is a fixed result covering what reports show: findings of
// two rules (one with a failing group sum), a figure-set finding, skip
// reasons, an unbounded interval, an input problem, and the article the
// figure set's claims come from, with an undecided claim. Reporter tests never
// run the checker.
func cannedResult() *checker.Result {
	expr := func(text string, file string, line, col int) rules.Expr {
		return rules.Expr{Text: text, Pos: position.Pos{File: file, Line: line, Col: col}}
	}
	turnover := &rules.Rule{ID: "turnover-rate-fte", Title: "Turnover rate is leavers over social workers in post",
		Description: "Leavers as a percentage of FTE in post.", Severity: rules.Error,
		Pos:    position.Pos{File: "rules/csww.yaml", Line: 36, Col: 9},
		Assert: expr("turnover_rate_fte == 100 * leavers_fte / inpost_fte", "rules/csww.yaml", 41, 13)}
	sum := &rules.Rule{ID: "la-sum-region", Title: "Local authorities add up to their region", Severity: rules.Warning,
		Pos:       position.Pos{File: "rules/csww.yaml", Line: 108, Col: 9},
		Assert:    expr("inpost_fte == sum(parts.inpost_fte) and count(parts) > 1", "rules/csww.yaml", 114, 13),
		Tolerance: interval.Tolerance{Abs: 0.5}}
	claim := &rules.Rule{ID: "mk-vacancy-fall", Title: "Vacancies fell by 30 per cent", Severity: rules.Info,
		Pos:    position.Pos{File: "claims.yaml", Line: 27, Col: 9},
		Assert: expr("pct_change(before, after) == -fall", "claims.yaml", 29, 13)}
	clean := &rules.Rule{ID: "vacancy-rate", Title: "Vacancy rate", Severity: rules.Error, Pos: position.Pos{File: "rules/csww.yaml", Line: 60, Col: 9},
		Assert: expr("vacancy_rate_fte == 100 * vacancy_fte / (vacancy_fte + inpost_fte)", "rules/csww.yaml", 61, 13)}
	share := &rules.Rule{ID: "mk-agency-share", Title: "205 of 410 is 49.9%", Severity: rules.Error,
		Pos:    position.Pos{File: "claims.yaml", Line: 33, Col: 9},
		Assert: expr("100 * part / whole == share", "claims.yaml", 35, 13)}
	csv := func(line int) position.Pos { return position.Pos{File: "data/csww.csv", Line: line} }
	cell := func(line, col int) position.Pos { return position.Pos{File: "data/csww.csv", Line: line, Col: col} }
	return &checker.Result{
		Inputs: []string{"figures.yaml", "data/csww.csv"},
		Rules: []checker.RuleResult{
			{Rule: turnover, Counts: checker.Counts{1186, 106, 1, 6}, Skips: []checker.Skip{{Reason: "turnover_rate_fte is suppressed (z)", Count: 4}, {Reason: "leavers_fte is suppressed (u)", Count: 2}}},
			{Rule: sum, Counts: checker.Counts{33, 47, 3, 8}, Skips: []checker.Skip{{Reason: "a whole row with no parts", Count: 8}}, Hidden: 2},
			{Rule: claim, Counts: checker.Counts{0, 0, 1, 0}},
			{Rule: clean, Counts: checker.Counts{1262, 38, 0, 0}},
			{Rule: share, Counts: checker.Counts{0, 1, 0, 0}},
		},
		Findings: []checker.Finding{
			{
				Rule: turnover, Verdict: checker.Fail, Subject: "North East, 2022", Pos: csv(412),
				Expr: "turnover_rate_fte == 100 * leavers_fte / inpost_fte", Computation: "14.8 == 100 * 282.3 / 2054.5",
				Comparisons: []checker.Comparison{{
					Expr: "turnover_rate_fte == 100 * leavers_fte / inpost_fte", Op: "==",
					Left:  checker.Side{Expr: "turnover_rate_fte", Computation: "14.8", Value: 14.8, Lo: 14.75, Hi: 14.85},
					Right: checker.Side{Expr: "100 * leavers_fte / inpost_fte", Computation: "100 * 282.3 / 2054.5", Computed: true, Value: 13.740569481625700, Lo: 13.737770625, Hi: 13.743368},
					Gap:   1.006632, GapAsWritten: 1.009431, Tolerance: 0,
				}},
				Figures: []checker.FigureUse{
					{Name: "turnover_rate_fte", Text: "14.8", Lo: 14.75, Hi: 14.85, Pos: cell(412, 88), Column: "turnover_rate_fte"},
					{Name: "leavers_fte", Text: "282.3", Lo: 282.25, Hi: 282.35, Pos: cell(412, 78), Column: "leavers_fte"},
					{Name: "inpost_fte", Text: "2054.5", Lo: 2054.45, Hi: 2054.55, Pos: cell(412, 54), Column: "inpost_fte"},
				},
				Culprits: []checker.Culprit{
					{Set: 0, Figure: checker.FigureUse{Name: "turnover_rate_fte", Text: "14.8", Lo: 14.75, Hi: 14.85, Pos: cell(412, 88), Column: "turnover_rate_fte"},
						Lo: 13.7378, Hi: 13.7433, Explains: 1,
						Diagnosis: &locate.Diagnosis{Kind: locate.Retyped, Intended: "13.7", Why: "14.8 has one digit wrong: 13.7 fits"}},
					{Set: 1, Figure: checker.FigureUse{Name: "leavers_fte", Text: "282.3", Lo: 282.25, Hi: 282.35, Pos: cell(412, 78), Column: "leavers_fte"},
						Lo: 303.03, Hi: 304, Explains: 1},
				},
			},
			{
				Rule: sum, Verdict: checker.Fail, Subject: "Inner London, 2023", Pos: csv(20),
				Expr: "inpost_fte == sum(parts.inpost_fte) and count(parts) > 1", Computation: "2054.5 == 2001.2 and 2 > 1",
				Comparisons: []checker.Comparison{{
					Expr: "inpost_fte == sum(parts.inpost_fte)", Op: "==",
					Left:  checker.Side{Expr: "inpost_fte", Computation: "2054.5", Value: 2054.5, Lo: 2054.45, Hi: 2054.55},
					Right: checker.Side{Expr: "sum(parts.inpost_fte)", Computation: "2001.2", Value: 2001.2, Lo: 2001.1, Hi: 2001.3},
					Gap:   53.15, GapAsWritten: 53.25, Tolerance: 0.5,
				}},
				Figures: []checker.FigureUse{
					{Name: "inpost_fte", Text: "2054.5", Lo: 2054.45, Hi: 2054.55, Pos: cell(20, 54), Column: "inpost_fte"},
					{Name: "sum(parts.inpost_fte)", Text: "2001.2", Lo: 2001.1, Hi: 2001.3},
					{Name: "inpost_fte", Text: "1000.1", Lo: 1000.05, Hi: 1000.15, Pos: cell(21, 60), Column: "inpost_fte", Area: "Camden, 2023"},
					{Name: "inpost_fte", Text: "1001.1", Lo: 1001.05, Hi: 1001.15, Pos: cell(22, 61), Column: "inpost_fte", Area: "Hackney, 2023"},
				},
				Culprits: []checker.Culprit{{Set: -1, Limit: "no repair of at most 2 figures"}},
			},
			{
				Rule: claim, Verdict: checker.Fail, Subject: "draft.md", Pos: position.Pos{File: "figures.yaml", Line: 83, Col: 12},
				Message: "vacancies went from 45 to 37, which is not a fall of 30 per cent",
				Expr:    "pct_change(before, after) == -fall", Computation: "pct_change(45, 37) == -30 per cent",
				Comparisons: []checker.Comparison{{
					Expr: "pct_change(before, after) == -fall", Op: "==",
					Left:  checker.Side{Expr: "pct_change(before, after)", Computation: "pct_change(45, 37)", Computed: true, Value: -17.777777, Lo: -19.78021978, Hi: -15.73033708},
					Right: checker.Side{Expr: "-fall", Computation: "-30 per cent", Computed: true, Value: -30, Lo: -30.5, Hi: -29.5},
					Gap:   9.71978022, GapAsWritten: 11.722222, Tolerance: 0,
				}},
				Figures: []checker.FigureUse{
					{Name: "before", Text: "45", Lo: 44.5, Hi: 45.5, Pos: position.Pos{File: "figures.yaml", Line: 83, Col: 12},
						Provenance: checker.Provenance{Measure: "vacancy_fte", Period: "2023", Area: "Milton Keynes", Unit: "FTE",
							Quote: "the council had 45 vacancies in 2023", Document: "draft.md", URL: "https://example.org/draft?v=2&to=mk"}},
					{Name: "after", Text: "37", Lo: 36.5, Hi: 37.5, Pos: position.Pos{File: "figures.yaml", Line: 77, Col: 12},
						Provenance: checker.Provenance{Document: "MK council report, March 2024", URL: "reports/mk-2024.pdf"}},
					{Name: "fall", Text: "more than 30 per cent", Lo: 30, Hi: math.Inf(1), Pos: position.Pos{File: "figures.yaml", Line: 89, Col: 12},
						Provenance: checker.Provenance{Quote: "vacancies fell by more than 30 per cent", Document: "draft.md"}},
				},
			},
		},
		Problems: position.Errors{position.Errorf(position.Pos{File: "data/csww.csv", Line: 77, Col: 15}, `column leavers_fte: cannot read "12a" as a number`)},
		Accepted: []checker.Acceptance{{Step: "waivers", Count: 2}, {Step: "baseline", Count: 0}},
		Articles: []checker.Article{cannedArticle()},
	}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		format string
		color  bool
		golden string
	}{
		{"text", false, "golden.txt"},
		{"text", true, "golden-color.txt"},
		{"json", false, "golden.json"},
	}
	for _, tc := range tests {
		t.Run(tc.golden, func(t *testing.T) {
			r, err := Lookup(tc.format, Options{Color: tc.color})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := r.Report(&buf, cannedResult()); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.golden)
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./reports -update to write it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from the golden file; got:\n%s", tc.golden, buf.String())
			}
		})
	}
}

func TestLookupUnknownFormat(t *testing.T) {
	_, err := Lookup("yaml", Options{})
	if err == nil || err.Error() != `unknown format "yaml": choose one of github, html, json, junit, markdown, sarif, text` {
		t.Errorf("err = %v", err)
	}
}

// TestEmptyResult: a clean run still says what was checked.
func TestEmptyResult(t *testing.T) {
	r, _ := Lookup("text", Options{})
	var buf bytes.Buffer
	res := &checker.Result{Rules: []checker.RuleResult{{Rule: &rules.Rule{ID: "r"}, Counts: checker.Counts{3, 1, 0, 0}}}}
	if err := r.Report(&buf, res); err != nil {
		t.Fatal(err)
	}
	want := "rule     pass rounding     fail  skipped\nr           3        1        0        0\n\nno findings: 1 rule, 4 evaluations: 3 pass, 1 pass within rounding, 0 fail, 0 skipped\n"
	if buf.String() != want {
		t.Errorf("got\n%q\nwant\n%q", buf.String(), want)
	}
}
