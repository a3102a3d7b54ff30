package locate

import (
	"math"
	"testing"

	"github.com/figcheck/figcheck/internal/numtext"
	"github.com/figcheck/figcheck/interval"
)

func fig(name string, v, step float64) Figure {
	return Figure{Name: name, Text: numtext.Format(v), Value: interval.Figure(v, v-step/2, v+step/2)}
}

// rateProblem is a row of four figures: rate = 100 * leavers / fte,
// agency = 100 * a / (a + fte), and fte <= headcount. Its rules give
// their gaps, so that figures are solved for by the exact method.
func rateProblem(rate, leavers, fte, agency, a, headcount float64) Problem {
	figs := []Figure{fig("rate", rate, 0.1), fig("leavers", leavers, 0.1), fig("fte", fte, 0.1),
		fig("agency", agency, 0.1), fig("a", a, 0.1), fig("headcount", headcount, 1)}
	hundred := interval.Exact(100)
	p := Problem{Figures: figs, Rules: []Rule{{Reads: []int{0, 1, 2}}, {Reads: []int{3, 4, 2}}, {Reads: []int{2, 5}}}}
	withSides(&p, func(i int, v []interval.Num) (interval.Op, interval.Num, interval.Num) {
		switch i {
		case 0:
			return interval.Eq, v[0], interval.Div(interval.Mul(hundred, v[1]), v[2])
		case 1:
			return interval.Eq, v[3], interval.Div(interval.Mul(hundred, v[4]), interval.Add(v[4], v[2]))
		}
		return interval.Le, v[2], v[5]
	})
	return p
}

// withSides gives p's rules, each one comparison whose sides sides works
// out from every figure's value, their Holds, Gaps and failures.
func withSides(p *Problem, sides func(i int, v []interval.Num) (interval.Op, interval.Num, interval.Num)) {
	holds := func(i int, v []interval.Num) bool {
		op, l, r := sides(i, v)
		return interval.Possible(op, l, r, 0)
	}
	p.Holds = onValues(*p, holds)
	p.Gaps = func(i int, changes []Change, gaps []float64) ([]float64, bool) {
		op, l, r := sides(i, changed(*p, i, changes))
		switch op {
		case interval.Eq:
			return append(gaps, l.Lo-r.Hi, r.Lo-l.Hi), true
		case interval.Le:
			return append(gaps, l.Lo-r.Hi), true
		}
		return gaps, false
	}
	for i := range p.Rules {
		p.Rules[i].Failing = !holds(i, values(p.Figures))
	}
}

// onValues turns holds, which reads every figure's value, into a Holds.
func onValues(p Problem, holds func(i int, vals []interval.Num) bool) func(int, []Change) bool {
	return func(i int, changes []Change) bool { return holds(i, changed(p, i, changes)) }
}

// changed is every figure's value, with rule i's changes.
func changed(p Problem, i int, changes []Change) []interval.Num {
	v := values(p.Figures)
	for _, c := range changes {
		v[p.Rules[i].Reads[c.Read]] = c.Value
	}
	return v
}

func values(figs []Figure) []interval.Num {
	var out []interval.Num
	for _, f := range figs {
		out = append(out, f.Value)
	}
	return out
}

func TestSolve(t *testing.T) {
	// fte 2054.5, leavers 282.3 (rate 13.7), agency 300 (rate 12.7), headcount 2200.
	for _, c := range []struct {
		name    string
		p       Problem
		culprit []string // the first figure of each set, in order
		lo, hi  float64  // of the first set's first culprit
	}{
		{"fte ten times too large", rateProblem(13.7, 282.3, 20545, 12.7, 300, 22000), []string{"fte"}, 2052.73, 2068.5},
		{"a sign written wrong", rateProblem(13.7, 282.3, -2054.5, 12.7, 300, 2200), []string{"fte"}, 2052.73, 2068.5},
		{"a rate alone", rateProblem(17.3, 282.3, 2054.5, 12.7, 300, 2200), []string{"rate", "leavers"}, 13.69, 13.79},
		{"agency count", rateProblem(13.7, 282.3, 2054.5, 12.7, 3000, 2200), []string{"agency", "a"}, 59.35, 59.355},
	} {
		t.Run(c.name, func(t *testing.T) {
			sol := Solve(c.p, Limits{})
			var got []string
			for _, s := range sol.Sets {
				got = append(got, c.p.Figures[s.Culprits[0].Figure].Name)
			}
			if len(got) != len(c.culprit) {
				t.Fatalf("sets %v, want %v", got, c.culprit)
			}
			for i := range got {
				if got[i] != c.culprit[i] {
					t.Fatalf("sets %v, want %v", got, c.culprit)
				}
			}
			cu := sol.Sets[0].Culprits[0]
			if math.Abs(cu.Lo-c.lo) > 0.05 || math.Abs(cu.Hi-c.hi) > 0.05 {
				t.Errorf("interval [%g, %g], want about [%g, %g]", cu.Lo, cu.Hi, c.lo, c.hi)
			}
		})
	}
}

func TestSolveLimit(t *testing.T) {
	p := rateProblem(13.7, 282.3, 20545, 12.7, 300, 22000)
	sol := Solve(p, Limits{MaxEvals: 10})
	if sol.Limit == "" {
		t.Errorf("no note of the limit after %d evaluations", sol.Evals)
	}
}

func TestDiagnose(t *testing.T) {
	for _, c := range []struct {
		name     string
		f        Figure
		lo, hi   float64
		related  []Related
		kind     string
		intended string
	}{
		{"factor of ten", fig("fte", 20545, 1), 2054.45, 2054.55, nil, Factor, "2054.5"},
		{"decimal point", Figure{Text: "2.0545", Value: interval.Figure(2.0545, 2.05445, 2.05455)}, 2054.4, 2054.6, nil, Factor, "2054.5"},
		{"transposed", fig("fte", 2045.5, 0.1), 2054.4, 2054.6, nil, Transposed, "2054.5"},
		{"retyped", fig("fte", 2084.5, 0.1), 2054.4, 2054.6, nil, Retyped, "2054.5"},
		{"swapped", fig("caseload_2023", 16, 0.1), 15.35, 15.45,
			[]Related{{Name: "caseload_2024", Text: "15.4", Value: interval.Figure(15.4, 15.35, 15.45), Role: Same}}, Swapped, "15.4"},
		{"omits part", fig("region", 1000, 0.1), 1219.9, 1220.1,
			[]Related{{Name: "a", Text: "120", Value: interval.Exact(120), Role: Part}, {Name: "b", Text: "220", Value: interval.Exact(220), Role: Part}}, OmitsPart, "1220"},
		{"points for per cent", fig("change", 2, 0.1), 11.7, 11.9, series(17, 19, 0), PointsPct, "11.7647"},
		{"per cent for points", fig("change", 11.8, 0.1), 1.95, 2.05, series(17, 19, 0), PctPoints, "2"},
		{"wrong base", fig("change", 26.7, 0.1), 11.7, 11.9, series(17, 19, 15), WrongBase, "11.7647"},
		{"nothing fits", fig("fte", 9999, 1), 2054.4, 2054.6, nil, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := Diagnose(c.f, c.lo, c.hi, c.related)
			if c.kind == "" {
				if d != nil {
					t.Fatalf("diagnosed %+v", *d)
				}
				return
			}
			if d == nil || d.Kind != c.kind || d.Intended != c.intended {
				t.Fatalf("diagnosed %+v, want %s %s", d, c.kind, c.intended)
			}
			if d.Why == "" {
				t.Error("no reason given")
			}
		})
	}
}

// series is a measure's values in 2023 and 2024, and in 2022 when given.
func series(y2023, y2024, y2022 float64) []Related {
	r := []Related{
		{Name: "x_2023", Text: numtext.Format(y2023), Value: interval.Exact(y2023), Role: Series, Period: "2023"},
		{Name: "x_2024", Text: numtext.Format(y2024), Value: interval.Exact(y2024), Role: Series, Period: "2024"},
	}
	if y2022 != 0 {
		r = append(r, Related{Name: "x_2022", Text: numtext.Format(y2022), Value: interval.Exact(y2022), Role: Series, Period: "2022"})
	}
	return r
}

// FuzzDiagnose: any text a figure was written as, with any interval, gets
// a diagnosis or none, never a panic, and a diagnosis always says why.
func FuzzDiagnose(f *testing.F) {
	f.Add("2,045.5", 2045.5, 2054.4, 2054.6)
	f.Add("four per cent", 4.0, 11.7, 11.9)
	f.Add("1.0.0", 1.0, -1.0, 1e300)
	f.Fuzz(func(t *testing.T, text string, v, lo, hi float64) {
		d := Diagnose(Figure{Text: text, Value: interval.Figure(v, v-0.05, v+0.05)}, lo, hi, series(17, 19, 15))
		if d != nil && (d.Kind == "" || d.Why == "") {
			t.Errorf("diagnosis %+v has no kind or reason", *d)
		}
	})
}
