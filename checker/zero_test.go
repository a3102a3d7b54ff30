package checker

import (
	"testing"
)

// TestZeroDivisorSkips: a rate over a denominator published as zero is
// skipped with the reason, on the fast path and in expr's VM alike.
func TestZeroDivisorSkips(t *testing.T) {
	for name, assert := range map[string]string{
		"fast path": "rate == 100 * part / whole",
		"vm":        "rate == 100 * part / whole and region matches region",
	} {
		dir := writeFiles(t, map[string]string{"rules.yaml": `dataset:
  dimensions: [region]
  measures: {rate: 0.1, part: exact, whole: exact}
rules:
  - id: r
    title: The rate is the part over the whole
    assert: ` + assert + `
`, "data.csv": "region,rate,part,whole\nA,50.0,1,2\nB,0.0,0,0\nC,12.0,3,0\nD,10.0,1,2\n"})
		res := checkTables(t, dir, "data.csv")
		rr := res.Rules[0]
		if rr.Counts[Pass] != 1 || rr.Counts[Fail] != 1 || rr.Counts[Skipped] != 2 || len(res.Findings) != 1 {
			t.Errorf("%s: counts %v, %d findings, want a pass, a failure and two skips", name, rr.Counts, len(res.Findings))
		}
		if len(rr.Skips) != 1 || rr.Skips[0].Reason != ZeroDivisor || rr.Skips[0].Count != 2 {
			t.Errorf("%s: skips %+v", name, rr.Skips)
		}
	}
}

// TestZeroDivisorEveryContext: a comparison with a quotient whose divisor
// could be zero is unknown wherever it stands. The rule is skipped when
// its verdict depends on it, and passes or fails when it does not; figure
// sets, the closures and expr's VM agree.
func TestZeroDivisorEveryContext(t *testing.T) {
	tests := []struct {
		assert string
		want   Verdict
	}{
		// a is 5, b 3 and c 0, each rounded as written: b / c has no value.
		{"a == b / c", Skipped},
		{"not (a == b / c)", Skipped},
		{"!(a < b / c)", Skipped},
		{"a == 1 or b / c == 2", Skipped},
		{"b / c == 2 || a == 1", Skipped},
		{"a == 5 or b / c == 2", Pass},
		{"not (a == 1 or b / c == 2)", Skipped},
		{"not (a > 1 or b / c == 2)", Fail},
		{"a == 1 and b / c == 2", Fail},
		{"a == 5 and b / c == 2", Skipped},
		{"not (a > 1 and b / c == 2)", Skipped},
		{"not (a == 1 and b / c == 2)", Pass},
		{"a == 1 and (b / c == 2 or a == 5)", Fail},
		{"(b / c > 1 ? 1 : 2) == 1", Skipped},
		{"(b / c > 1 ? a : 2) == 7", Fail},
		{"let r = b / c; r > 1 or a < 0", Skipped},
		{"a > pct_change(c, b) or a < 0", Skipped},
		{"ratio(c, b) > 1 and a == 5", Skipped},
		{"not (ratio(c, b) > 1) or a == 6", Skipped},
		{"a == 6 or b == 4", Fail}, // nothing divides
	}
	for _, tc := range tests {
		t.Run(tc.assert, func(t *testing.T) {
			ruleYAML := "rules:\n  - id: r\n    title: t\n    assert: " + quoteYAML(tc.assert) + "\n"
			res, err := checkFigures(t, ruleYAML, figureSet(t, "a", "5", "b", "3", "c", "0"))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]*Result{"figure sets": res}
			dir := writeFiles(t, map[string]string{
				"rules.yaml": "dataset:\n  dimensions: [region]\n  measures: [a, b, c]\n" + ruleYAML,
				"data.csv":   "region,a,b,c\nN,5,3,0\n",
			})
			got["closures"] = checkTables(t, dir, "data.csv")
			useIR = false
			got["expr's VM"] = checkTables(t, dir, "data.csv")
			useIR = true
			for path, res := range got {
				if v := verdictOf(res); v != tc.want {
					t.Errorf("%s: verdict %v, want %v", path, v, tc.want)
				}
				if skips := res.Rules[0].Skips; tc.want == Skipped && (len(skips) != 1 || skips[0].Reason != ZeroDivisor) {
					t.Errorf("%s: skips %+v", path, skips)
				}
				if (tc.want == Fail) != (len(res.Findings) == 1) {
					t.Errorf("%s: %d findings for verdict %v", path, len(res.Findings), tc.want)
				}
			}
		})
	}
}
