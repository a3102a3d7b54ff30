package checker

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/interval"
	"github.com/figcheck/figcheck/locate"
	"github.com/figcheck/figcheck/rules"
)

const locateRules = `dataset:
  dimensions: [year, level, region, area]
  area: [area]
  measures:
    fte: 0.1
    leavers: 0.1
    agency: 0.1
    turnover: {precision: 0.1, blame: BLAME}
    agency_rate: {precision: 0.1, blame: BLAME}
rules:
  - id: turnover
    title: turnover
    assert: turnover == 100 * leavers / fte
  - id: agency-rate
    title: agency-rate
    assert: agency_rate == 100 * agency / (agency + fte)
  - id: sum-region
    title: sum-region
    group:
      by: [year, region]
      parts: level == "la"
      whole: level == "region"
    assert: fte == sum(parts.fte)
`

// The header, a region of two authorities, and a third authority alone.
const locateHeader = "year,level,region,area,fte,leavers,agency,turnover,agency_rate\n"

func TestLocate(t *testing.T) {
	for _, c := range []struct {
		name  string
		blame string
		rows  string
		want  []string // the first culprit of each finding: figure, area, diagnosis kind
	}{
		{"fte ten times too large breaks three rules", "1",
			"2024,region,R,North,300.0,30.0,30.0,10.0,9.1\n" +
				"2024,la,R,A,1000.0,10.0,10.0,10.0,9.1\n" + // fte is 100.0
				"2024,la,R,B,200.0,20.0,20.0,10.0,9.1\n",
			[]string{"fte A factor", "fte A factor", "fte A factor"}},
		{"a rate alone: one failing rule, three equal repairs, the diagnosed first", "1",
			"2024,la,R,A,100.0,10.0,10.0,1.0,9.1\n",
			[]string{"turnover A factor"}},
		{"rates dearer to blame than counts", "2",
			"2024,la,R,A,100.0,1.0,10.0,10.0,9.1\n", // leavers is 10.0
			[]string{"leavers A factor"}},
		{"a transposed count", "1",
			"2024,region,R,North,320.0,32.0,32.0,10.0,9.1\n" +
				"2024,la,R,A,210.0,12.0,12.0,10.0,9.1\n" + // fte is 120.0
				"2024,la,R,B,200.0,20.0,20.0,10.0,9.1\n",
			[]string{"fte A transposed", "fte A transposed", "fte A transposed"}},
		{"two areas' agency swapped, their sum kept: one repair of both", "1",
			"2024,region,R,North,300.0,30.0,30.0,10.0,9.1\n" +
				"2024,la,R,A,100.0,10.0,20.0,10.0,9.1\n" + // agency is 10.0
				"2024,la,R,B,200.0,20.0,10.0,10.0,9.1\n", // agency is 20.0
			[]string{"agency A swapped", "agency A swapped"}},
		{"two areas' agency swapped, which no rule reads together", "1",
			"2024,la,R,A,100.0,10.0,20.0,10.0,9.1\n" + // agency is 10.0
				"2024,la,S,B,200.0,20.0,10.0,10.0,9.1\n", // agency is 20.0
			[]string{"agency A swapped", "agency B swapped"}},
		{"two areas' agency swapped, and a third area holding one of the values: no swap can be told", "1",
			"2024,la,R,A,100.0,10.0,20.0,10.0,9.1\n" + // agency is 10.0
				"2024,la,S,B,200.0,20.0,10.0,10.0,9.1\n" + // agency is 20.0
				"2024,la,T,C,200.0,20.0,10.0,10.0,9.1\n", // agency is 20.0
			[]string{"agency A retyped", "agency B retyped", "agency C retyped"}},
		{"a total that omits a part breaks its sum and its rates", "1",
			"2024,region,R,North,100.0,30.0,30.0,10.0,9.1\n" + // fte is 300.0
				"2024,la,R,A,100.0,10.0,10.0,10.0,9.1\n" +
				"2024,la,R,B,200.0,20.0,20.0,10.0,9.1\n",
			[]string{"fte North omits part", "fte North omits part", "fte North omits part"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{
				"rules.yaml": strings.ReplaceAll(locateRules, "BLAME", c.blame),
				"t.csv":      locateHeader + c.rows,
			})
			res := checkTables(t, dir, "t.csv")
			var got []string
			for _, f := range res.Findings {
				if len(f.Culprits) == 0 || f.Culprits[0].Diagnosis == nil {
					got = append(got, "none")
					continue
				}
				cu := f.Culprits[0]
				got = append(got, cu.Figure.Name+" "+subjectOf(res, cu)+" "+cu.Diagnosis.Kind)
			}
			if strings.Join(got, "; ") != strings.Join(c.want, "; ") {
				t.Errorf("culprits %q, want %q", got, c.want)
			}
		})
	}
}

// subjectOf names the row of a culprit's figure by its area column, from
// the findings on that row.
func subjectOf(res *Result, c Culprit) string {
	for _, f := range res.Findings {
		if f.Pos.Line == c.Figure.Pos.Line && f.Pos.File == c.Figure.Pos.File {
			return f.Subject
		}
	}
	return c.Figure.Area
}

// TestLocateFigureSet: the claims of a figure set are localised together,
// the claims that pass included.
func TestLocateFigureSet(t *testing.T) {
	set := figureSet(t, "rate", "13.7", "leavers", "282.3", "fte", "20545.0", "agency_rate", "12.7", "agency", "300.0")
	res, err := checkFigures(t, `rules:
  - id: turnover
    title: turnover
    assert: rate == 100 * leavers / fte
  - id: agency
    title: agency
    assert: agency_rate == 100 * agency / (agency + fte)
  - id: leavers
    title: leavers
    assert: leavers < agency
`, set)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 2 {
		t.Fatalf("%d findings, want 2", len(res.Findings))
	}
	for _, f := range res.Findings {
		if len(f.Culprits) != 1 || f.Culprits[0].Figure.Name != "fte" || f.Culprits[0].Explains != 2 {
			t.Fatalf("%s: culprits %+v, want fte alone, explaining both", f.Rule.ID, f.Culprits)
		}
		c := f.Culprits[0]
		if c.Lo < 2052 || c.Hi > 2069 || c.Diagnosis == nil || c.Diagnosis.Kind != "factor" || c.Diagnosis.Intended != "2054.50" {
			t.Errorf("culprit [%g, %g] %+v, want about [2052.7, 2068.5], a factor of 10, 2054.50", c.Lo, c.Hi, c.Diagnosis)
		}
	}
}

// TestGaps: a rule's gaps are how far each side of its comparisons is from
// letting it pass within rounding, less the tolerance, at most zero where
// it could; they agree with whether it passes, and a rule they cannot
// describe has none.
func TestGaps(t *testing.T) {
	set := figureSet(t, "a", "10.0", "b", "3.0", "c", "4.0")
	for _, c := range []struct {
		name   string
		rule   string
		change float64 // a value for a, or 0 for none
		gaps   []float64
		ok     bool
	}{
		{"a sum", "assert: a == b + c", 0, []float64{9.95 - 7.1, 6.9 - 10.05}, true},
		{"a sum repaired", "assert: a == b + c", 7, []float64{7 - 7.1, 6.9 - 7}, true},
		{"with a tolerance", "assert: a == b + c\n    tolerance: 2", 0, []float64{9.95 - 7.1 - 2, 6.9 - 10.05 - 2}, true},
		{"at most", "assert: a <= b", 0, []float64{9.95 - 3.05}, true},
		{"at least", "assert: a >= c", 0, []float64{3.95 - 10.05}, true},
		{"two comparisons", "assert: a > 0 and b < c", 0, []float64{0 - 10.05, 2.95 - 4.05}, true},
		{"not equal", "assert: a != b", 0, nil, false},
		{"either", "assert: a == b or a == c", 0, nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			rs, err := rules.Read("rules.yaml", []byte("rules:\n  - id: r\n    title: r\n    "+c.rule+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			ch, err := New(rs, []*figures.Set{set})
			if err != nil {
				t.Fatal(err)
			}
			cr := ch.rules[0]
			u := figureUnit(cr, ch.index.lookup(ch.index.setsFor(cr.assert)[0]))
			var changes []locate.Change
			if c.change != 0 {
				changes = []locate.Change{{Read: slices.IndexFunc(u.reads, func(r FigureUse) bool { return r.Name == "a" }), Value: interval.Exact(c.change)}}
			}
			l := newLocator()
			gaps, ok := u.gaps(l, changes, nil)
			if ok != c.ok || len(gaps) != len(c.gaps) {
				t.Fatalf("gaps %v %v, want %v %v", gaps, ok, c.gaps, c.ok)
			}
			pass := true
			for i, g := range gaps {
				if math.Abs(g-c.gaps[i]) > 1e-9 {
					t.Errorf("gaps %v, want %v", gaps, c.gaps)
				}
				pass = pass && g <= 0
			}
			if ok && pass != u.holds(l, changes) {
				t.Errorf("gaps %v, but the rule passes: %v", gaps, !pass)
			}
		})
	}
}

// TestLocateSwapBesideRates: two areas' FTE swapped, their region's sum
// kept, beside a third area's slip, so that no repair of two figures
// explains the region. One area breaks three rules, which no repair of two
// figures of its own explains; the other breaks two, which its two rates
// would. The swap explains both, so it is found and named first.
func TestLocateSwapBesideRates(t *testing.T) {
	rulesYAML := strings.NewReplacer("BLAME", "1", "    agency: 0.1\n", "    agency: 0.1\n    cases: 1\n    caseload: 0.1\n").Replace(locateRules) +
		"  - id: caseload\n    title: caseload\n    assert: caseload == cases / fte\n"
	dir := writeFiles(t, map[string]string{
		"rules.yaml": rulesYAML,
		"t.csv": "year,level,region,area,fte,leavers,agency,cases,turnover,agency_rate,caseload\n" +
			"2024,region,R,North,350.0,35.0,35.0,3500,10.0,9.1,10.0\n" +
			"2024,la,R,A,200.0,10.0,10.0,1000,10.0,9.1,10.0\n" + // fte is 100.0
			"2024,la,R,B,100.0,20.0,20.0,,10.0,9.1,\n" + // fte is 200.0
			"2024,la,R,C,50.0,5.0,5.0,500,1.0,9.1,10.0\n", // turnover is 10.0
	})
	res := checkTables(t, dir, "t.csv")
	var got []string
	for _, f := range res.Findings {
		if len(f.Culprits) == 0 || f.Culprits[0].Diagnosis == nil {
			got = append(got, f.Rule.ID+" none")
			continue
		}
		cu := f.Culprits[0]
		got = append(got, cu.Figure.Name+" "+subjectOf(res, cu)+" "+cu.Diagnosis.Kind)
	}
	want := "fte A swapped; fte A swapped; turnover C factor; fte A swapped; fte A swapped; fte A swapped"
	if strings.Join(got, "; ") != want {
		t.Errorf("culprits %q, want %q", got, want)
	}
}
