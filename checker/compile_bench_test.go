package checker

import (
	"fmt"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/rules"
)

// editorialSet is a figure set the size of a newsroom's batch of articles:
// n shares, each a count, a total and a percentage, and two claims over
// each (the share, and an ordering).
func editorialSet(b testing.TB, n int) (*rules.Set, *figures.Set) {
	b.Helper()
	var figs, rs strings.Builder
	figs.WriteString("document: batch.md\nfigures:\n")
	rs.WriteString("rules:\n")
	for i := range n {
		total := 400 + 37*i
		part := total / 3
		fmt.Fprintf(&figs, "  n%d: \"%d\"\n  k%d: \"%d\"\n  p%d: \"%.1f%%\"\n", i, total, i, part, i, 100*float64(part)/float64(total))
		fmt.Fprintf(&rs, "  - {id: share%d, title: share, assert: 'p%d == 100 * k%d / n%d'}\n", i, i, i, i)
		fmt.Fprintf(&rs, "  - {id: order%d, title: order, assert: 'k%d <= n%d and p%d <= 100'}\n", i, i, i, i)
	}
	set, err := figures.ReadSet("batch.yaml", []byte(figs.String()))
	if err != nil {
		b.Fatal(err)
	}
	r, err := rules.Read("rules.yaml", []byte(rs.String()))
	if err != nil {
		b.Fatal(err)
	}
	return r, set
}

// BenchmarkCompileEditorial compiles 200 claims over 300 figures: the
// work of checking one batch of articles before any figure is read.
func BenchmarkCompileEditorial(b *testing.B) {
	rs, set := editorialSet(b, 100)
	for b.Loop() {
		if _, err := New(rs, []*figures.Set{set}); err != nil {
			b.Fatal(err)
		}
	}
}
