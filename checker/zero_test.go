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
