package checker

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/rules"
)

// article is a figure set stating the national average caseload once.
func article(t *testing.T, name, value string) *figures.Set {
	t.Helper()
	src := fmt.Sprintf("figures:\n  %s: {value: %q, measure: caseload, period: \"2024\", area: England}\n", name, value)
	s, err := figures.ReadSet(name+".yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func checkSame(t *testing.T, sets ...*figures.Set) *Result {
	t.Helper()
	rs, err := rules.Read("rules.yaml", []byte("rules:\n  - {id: same, title: one value per figure, same_figure: true}\n"))
	if err != nil {
		t.Fatal(err)
	}
	return checkWith(t, rs, sets...)
}

// TestSameFigureEveryPair: every statement is compared with every other,
// so a hedged statement loaded first ("nearly 12.5") that fits both does not hide a
// conflict between the other two, in any order of the files; the finding
// names the pair and the fewest statements that explain it.
func TestSameFigureEveryPair(t *testing.T) {
	sets := []*figures.Set{article(t, "a", "nearly 12.5"), article(t, "b", "12.4"), article(t, "c", "12.3")}
	var want []string
	for _, order := range [][]int{{0, 1, 2}, {2, 1, 0}, {1, 0, 2}, {2, 0, 1}} {
		var in []*figures.Set
		for _, i := range order {
			in = append(in, sets[i])
		}
		res := checkSame(t, in...)
		if c := countsByRule(res)["same"]; c != (Counts{0, 0, 1, 0}) {
			t.Fatalf("order %v: counts %v", order, c)
		}
		f := res.Findings[0]
		pair := []string{f.Comparisons[0].Left.Computation, f.Comparisons[0].Right.Computation}
		slices.Sort(pair)
		if !slices.Equal(pair, []string{"12.3", "12.4"}) {
			t.Errorf("order %v: the finding compares %v", order, pair)
		}
		var figs []string
		for _, u := range f.Figures {
			figs = append(figs, u.Name)
		}
		if len(figs) != 3 {
			t.Errorf("order %v: figures %v", order, figs)
		}
		// Either of 12.3 and 12.4 left out explains it; the choice is the
		// same whatever the order.
		explained := f.Computation[strings.Index(f.Computation, ";"):]
		if want == nil {
			want = []string{explained}
		} else if explained != want[0] {
			t.Errorf("order %v: %q, first %q", order, explained, want[0])
		}
		if !strings.Contains(explained, "3 statements, which agree without ") {
			t.Errorf("order %v: computation %q", order, f.Computation)
		}
	}
}

// TestSameFigureCounts: one evaluation per figure stated more than once.
func TestSameFigureCounts(t *testing.T) {
	for _, c := range []struct {
		values []string
		want   Counts
	}{
		{[]string{"12.4"}, Counts{}},
		{[]string{"12.4", "12.4"}, Counts{1, 0, 0, 0}},
		{[]string{"12.4", "about 12"}, Counts{1, 0, 0, 0}},
		{[]string{"12.4", "12.3"}, Counts{0, 0, 1, 0}},
		{[]string{"12", "12.4", "12.3", "12.35"}, Counts{0, 0, 1, 0}},
	} {
		var sets []*figures.Set
		for i, v := range c.values {
			sets = append(sets, article(t, fmt.Sprintf("s%d", i), v))
		}
		if got := countsByRule(checkSame(t, sets...))["same"]; got != c.want {
			t.Errorf("%v: counts %v, want %v", c.values, got, c.want)
		}
	}
}

// TestSameFigureGap: two figures of one precision one unit apart fail with
// a gap that is not 0, which would read as a pass.
func TestSameFigureGap(t *testing.T) {
	res := checkSame(t, article(t, "a", "12.4"), article(t, "b", "12.3"))
	if len(res.Findings) != 1 {
		t.Fatalf("findings %v", res.Findings)
	}
	c := res.Findings[0].Comparisons[0]
	if c.Gap <= 0 || c.GapAsWritten < 0.0999 || c.GapAsWritten > 0.1001 {
		t.Errorf("gap %v, as written %v", c.Gap, c.GapAsWritten)
	}
}

// TestSameFigureTables: rows stated twice are read again with every
// measure, whether or not another rule uses it, and compared with a figure
// set's statement of the same figure.
func TestSameFigureTables(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"rules.yaml": "dataset: {dimensions: [year, area], period: year, area: [area], measures: [n, m]}\nrules:\n" +
			"  - {id: same, title: t, same_figure: true}\n  - {id: r, title: t, assert: n >= 0}\n",
		"a.csv":       "year,area,n,m\n2024,North,10,5\n2024,South,7,1\n",
		"b.csv":       "year,area,n,m\n2024,South,7,2\n2023,North,10,5\n",
		"claims.yaml": "figures:\n  north: {value: \"11\", measure: n, period: \"2024\", area: north}\n",
	})
	rs, err := rules.Load(dir + "/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(dir + "/claims.yaml")
	if err != nil {
		t.Fatal(err)
	}
	set, err := figures.ReadSet(dir+"/claims.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(rs, []*figures.Set{set})
	if err != nil {
		t.Fatal(err)
	}
	res := checkTablesWith(t, c, dir, "a.csv", "b.csv")
	// South's n agrees, its m does not; North's n (2024) disagrees with the claim.
	if got := countsByRule(res)["same"]; got != (Counts{1, 0, 2, 0}) {
		t.Errorf("counts %v", got)
	}
	if s := subjects(res, "same"); !slices.Equal(s, []string{"n, North, 2024", "m, South, 2024"}) {
		t.Errorf("subjects %v", s)
	}
}
