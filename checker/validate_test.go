package checker

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/tables"
)

// TestSBS2000AsValidate checks R validate's SBS2000 file as published with
// validate's five textbook rules, and requires validate::confront's counts
// of each rule: pass, fail and NA (a pass within rounding is a pass, a
// skip an NA).
func TestSBS2000AsValidate(t *testing.T) {
	data := sharedData(t, "r-validate", "SBS2000.csv")
	rs, err := rules.Load(filepath.Join("..", "testdata", "sbs2000", "sbs2000-rules.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(rs, nil)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := tables.Open(data, c.TableOptions())
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Check(context.Background(), []*tables.Table{tab}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("problems: %v", res.Problems)
	}
	want := map[string][3]int{ // pass, fail, NA
		"revenue-adds-up": {19, 4, 37},
		"profit":          {39, 14, 7},
		"staff-costs":     {47, 0, 13},
		"other-revenue":   {23, 1, 36},
		"vat":             {3, 44, 13},
	}
	for _, rr := range res.Rules {
		c := rr.Counts
		got := [3]int{c[Pass] + c[PassWithinRounding], c[Fail], c[Skipped]}
		if got != want[rr.Rule.ID] {
			t.Errorf("%s: pass/fail/NA %v, validate gives %v", rr.Rule.ID, got, want[rr.Rule.ID])
		}
	}
	if len(res.Rules) != len(want) {
		t.Errorf("%d rules, want %d", len(res.Rules), len(want))
	}
}
