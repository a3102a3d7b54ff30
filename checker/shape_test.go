package checker

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/interval"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
)

// TestShapesShared checks that rules over figure sets that share a shape,
// compiled once and reused for the others, decide and explain as each
// compiled alone: the same verdicts, computations and figures, whichever
// figures each reads, and where one figure is read twice.
func TestShapesShared(t *testing.T) {
	set, err := figures.ReadSet("a.yaml", []byte(`document: a
figures:
  a: "4,690"
  b: "4,890"
  c: 4.1%
  d: 4.5%
  e: "200"
  f: "190"
  g: "1,210"
  h: "1,150"
`))
	if err != nil {
		t.Fatal(err)
	}
	asserts := []string{
		"pct_change(a, b) == c", "pct_change(a, b) == d", "pct_change(g, h) == -c", "pct_change(g, h) == -d",
		"b - a == e", "b - a == f", "a - b == e", "h - g == f", "a - a == e", "b - a == b - a",
		"h < g", "g < h", "a < b", "b == 2 * a", "h == 2 * g",
		"c == 100 * e / b", "d == 100 * f / b", "c == 100 * e / a",
		"(b - a) * 2 == e + f", "(h - g) * 2 == f + e", "a - (b - e) == f", "g - (h - f) == e",
	}
	rs := &rules.Set{}
	for i, a := range asserts {
		var tol interval.Tolerance
		if i%3 == 0 {
			tol.Rel = 0.1 // shapes are shared by tolerance too
		}
		rs.Rules = append(rs.Rules, &rules.Rule{ID: fmt.Sprintf("r%d", i), Title: a, Assert: rules.NewExpr(a, position.Pos{File: "r.yaml"}), Tolerance: tol})
	}
	together := checkWith(t, rs, set)
	if len(together.Findings) == 0 {
		t.Fatal("no findings: the rules are meant to fail in places")
	}
	byRule := map[string][]Finding{}
	for _, f := range together.Findings {
		byRule[f.Rule.ID] = append(byRule[f.Rule.ID], f)
	}
	for i, r := range rs.Rules {
		alone := checkWith(t, &rules.Set{Rules: []*rules.Rule{r}}, set)
		if got, want := together.Rules[i].Counts, alone.Rules[0].Counts; got != want {
			t.Errorf("%s: %v among the others, %v alone", r.Assert.Text, got, want)
		}
		if len(alone.Findings) != len(byRule[r.ID]) {
			t.Errorf("%s: %d findings among the others, %d alone", r.Assert.Text, len(byRule[r.ID]), len(alone.Findings))
			continue
		}
		for k, f := range alone.Findings {
			g := byRule[r.ID][k]
			if g.Computation != f.Computation || !reflect.DeepEqual(g.Comparisons, f.Comparisons) || !reflect.DeepEqual(g.Figures, f.Figures) {
				t.Errorf("%s: among the others %+v, alone %+v", r.Assert.Text, g, f)
			}
		}
	}
}
