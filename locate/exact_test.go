package locate

import (
	"math"
	"slices"
	"testing"

	"github.com/figcheck/figcheck/interval"
)

func TestMobiusRoot(t *testing.T) {
	for _, c := range []struct {
		name string
		g    func(x float64) float64
		x    [3]float64
		root float64
	}{
		{"linear", func(x float64) float64 { return 3*x - 12 }, [3]float64{0, 1, 2}, 4},
		{"a divisor", func(x float64) float64 { return 100*282.3/x - 13.74 }, [3]float64{15000, 20000, 25000}, 100 * 282.3 / 13.74},
		{"a share", func(x float64) float64 { return 100*x/(x+2054.5) - 12.7 }, [3]float64{2000, 3000, 4000}, 12.7 * 2054.5 / 87.3},
		{"a point at zero", func(x float64) float64 { return x - 1 }, [3]float64{0, 1, 2}, 1},
		{"two values equal", func(x float64) float64 { return max(x, 1) - 3 }, [3]float64{0, 0.5, 2}, math.NaN()},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := mobiusRoot(c.x, [3]float64{c.g(c.x[0]), c.g(c.x[1]), c.g(c.x[2])})
			if math.IsNaN(c.root) != math.IsNaN(got) || math.Abs(got-c.root) > 1e-9*math.Abs(c.root) {
				t.Errorf("root %.12g, want %.12g", got, c.root)
			}
		})
	}
}

// sumProblem is a total and its three parts, each a whole number, and a
// cap on the first part: total == a + b + c, a <= cap.
func sumProblem(total, a, b, c, cap float64) Problem {
	p := Problem{Figures: []Figure{fig("total", total, 1), fig("a", a, 1), fig("b", b, 1), fig("c", c, 1), fig("cap", cap, 1)},
		Rules: []Rule{{Reads: []int{0, 1, 2, 3}}, {Reads: []int{1, 4}}}}
	withSides(&p, func(i int, v []interval.Num) (interval.Op, interval.Num, interval.Num) {
		if i == 0 {
			return interval.Eq, v[0], interval.Add(interval.Add(v[1], v[2]), v[3])
		}
		return interval.Le, v[1], v[4]
	})
	return p
}

// TestExact holds the exact method to bisection: the same repairs, each
// interval the same or inside bisection's by at most its precision, and
// fewer evaluations.
func TestExact(t *testing.T) {
	for _, c := range []struct {
		name string
		p    Problem
	}{
		{"linear: a rate alone", rateProblem(17.3, 282.3, 2054.5, 12.7, 300, 2200)},
		{"linear: a part of a sum", sumProblem(1000, 120, 380, 600, 200)},
		{"linear: a total", sumProblem(1200, 120, 380, 600, 200)},
		{"a divisor and a share: fte ten times too large", rateProblem(13.7, 282.3, 20545, 12.7, 300, 22000)},
		{"a share: agency count", rateProblem(13.7, 282.3, 2054.5, 12.7, 3000, 2200)},
		{"a sign written wrong", rateProblem(13.7, 282.3, -2054.5, 12.7, 300, 2200)},
	} {
		t.Run(c.name, func(t *testing.T) {
			exact, want := bothWays(t, c.p)
			for i, set := range exact.Sets {
				for k, cu := range set.Culprits {
					w := want.Sets[i].Culprits[k]
					if cu.Figure != w.Figure {
						t.Fatalf("repair %d blames %s, bisection %s", i, c.p.Figures[cu.Figure].Name, c.p.Figures[w.Figure].Name)
					}
					if cu.Lo < w.Lo || cu.Hi > w.Hi || !close(cu.Lo, w.Lo) || !close(cu.Hi, w.Hi) {
						t.Errorf("%s in [%.12g, %.12g], bisection [%.12g, %.12g]", c.p.Figures[cu.Figure].Name, cu.Lo, cu.Hi, w.Lo, w.Hi)
					}
				}
			}
			if exact.Evals >= want.Evals {
				t.Errorf("%d evaluations, bisection %d", exact.Evals, want.Evals)
			}
		})
	}
}

// bothWays solves p as it is and by bisection alone, and fails the test
// unless both find repairs, as many.
func bothWays(t *testing.T, p Problem) (got, bisected Solution) {
	t.Helper()
	got = Solve(p, Limits{})
	p.Gaps = nil
	bisected = Solve(p, Limits{})
	if len(got.Sets) == 0 || len(got.Sets) != len(bisected.Sets) {
		t.Fatalf("%d repairs, bisection %d", len(got.Sets), len(bisected.Sets))
	}
	return got, bisected
}

// close reports whether a and b differ by no more than bisection's
// precision (see near).
func close(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 2e-7*max(math.Abs(a), math.Abs(b), 1e-6)
}

// TestExactPoint: a rate of two exact counts must be one value, which
// the exact method finds to within float64's reach.
func TestExactPoint(t *testing.T) {
	p := Problem{Figures: []Figure{fig("rate", 14.8, 0.1), {Name: "leavers", Text: "282", Value: interval.Exact(282)},
		{Name: "fte", Text: "2054", Value: interval.Exact(2054)}}, Rules: []Rule{{Reads: []int{0, 1, 2}}}}
	withSides(&p, func(_ int, v []interval.Num) (interval.Op, interval.Num, interval.Num) {
		return interval.Eq, v[0], interval.Div(interval.Mul(interval.Exact(100), v[1]), v[2])
	})
	sol := Solve(p, Limits{MaxSize: 1})
	want := 100 * 282.0 / 2054
	if len(sol.Sets) == 0 || p.Figures[sol.Sets[0].Culprits[0].Figure].Name != "rate" {
		t.Fatalf("repairs %+v, want the rate first", sol.Sets)
	}
	if cu := sol.Sets[0].Culprits[0]; math.Abs(cu.Lo-want) > 1e-9 || math.Abs(cu.Hi-want) > 1e-9 {
		t.Errorf("rate in [%.12g, %.12g], want %.12g", cu.Lo, cu.Hi, want)
	}
}

// TestExactFallback: where the gaps are not given, say what Holds does
// not confirm, or are not of the form the method solves, bisection
// decides, with the same answer as without gaps.
func TestExactFallback(t *testing.T) {
	squared := Problem{Figures: []Figure{fig("x", 30, 0.1), {Name: "y", Text: "400", Value: interval.Exact(400)}}, Rules: []Rule{{Reads: []int{0, 1}}}}
	withSides(&squared, func(_ int, v []interval.Num) (interval.Op, interval.Num, interval.Num) {
		return interval.Eq, interval.Mul(v[0], v[0]), v[1]
	})
	for _, c := range []struct {
		name string
		p    Problem
		only int // the figure whose intervals bisection decides, or -1 for all
		gaps func(g func(int, []Change, []float64) ([]float64, bool)) func(int, []Change, []float64) ([]float64, bool)
	}{
		{"no gaps", rateProblem(13.7, 282.3, 20545, 12.7, 300, 22000), -1,
			func(func(int, []Change, []float64) ([]float64, bool)) func(int, []Change, []float64) ([]float64, bool) {
				return func(_ int, _ []Change, g []float64) ([]float64, bool) { return g, false }
			}},
		{"gaps that Holds does not confirm", rateProblem(13.7, 282.3, 20545, 12.7, 300, 22000), -1,
			func(real func(int, []Change, []float64) ([]float64, bool)) func(int, []Change, []float64) ([]float64, bool) {
				return func(i int, ch []Change, g []float64) ([]float64, bool) {
					g, ok := real(i, ch, g)
					for k := range g {
						g[k] -= 5 // wider than the rules pass
					}
					return g, ok
				}
			}},
		{"a square", squared, 0, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := c.p
			if c.gaps != nil {
				p.Gaps = c.gaps(p.Gaps)
			}
			got, want := bothWays(t, p)
			for i, set := range got.Sets {
				for k, cu := range set.Culprits {
					if w := want.Sets[i].Culprits[k]; cu != w && (c.only < 0 || cu.Figure == c.only) {
						t.Errorf("repair %d: %+v, bisection %+v", i, cu, w)
					}
				}
			}
		})
	}
}

// FuzzExact holds the exact method to bisection on rows of rates and
// counts with any values: every repair bisection finds, and each interval
// of a figure repaired alone the same, inside bisection's or beyond it
// only by bisection's precision, or where the rules pass and bisection
// stopped short. (Figures that a rule reads together are narrowed in turn,
// and where that ends depends on the path.)
func FuzzExact(f *testing.F) {
	f.Add(13.7, 282.3, 20545.0, 12.7, 300.0, 22000.0)
	f.Add(17.3, 282.3, 2054.5, 12.7, 300.0, 2200.0)
	f.Add(13.7, 282.3, -2054.5, 12.7, 3000.0, 2200.0)
	f.Fuzz(func(t *testing.T, rate, leavers, fte, agency, a, headcount float64) {
		for _, v := range []float64{rate, leavers, fte, agency, a, headcount} {
			if math.IsNaN(v) || math.Abs(v) > 1e6 || math.Abs(v) < 0.1 {
				return
			}
		}
		p := rateProblem(rate, leavers, fte, agency, a, headcount)
		exact := Solve(p, Limits{})
		p.Gaps = nil
		want := Solve(p, Limits{})
		if exact.Limit != "" || want.Limit != "" || len(want.Sets) == 0 {
			return // a limit, or nothing to compare
		}
		if len(exact.Sets) == 0 || exact.Sets[0].Weight < want.Sets[0].Weight {
			if len(exact.Sets) == 0 {
				t.Fatalf("no repair; bisection finds %d", len(want.Sets))
			}
			return // a lighter repair, which bisection misses
		}
		for _, w := range want.Sets {
			k := slices.IndexFunc(exact.Sets, func(s Set) bool {
				return slices.EqualFunc(s.Culprits, w.Culprits, func(a, b Culprit) bool { return a.Figure == b.Figure })
			})
			if k < 0 {
				t.Fatalf("bisection's repair %+v is not found", w.Culprits)
			}
			if together(p, w) {
				continue // narrowed in turn: the box depends on the path
			}
			for i, cu := range exact.Sets[k].Culprits {
				w := w.Culprits[i]
				// Wider than bisection's only where the rules pass at the
				// ends, and bisection stopped short.
				if cu.Lo < w.Lo && !close(cu.Lo, w.Lo) && !passesAt(p, exact.Sets[k], i, cu.Lo) ||
					cu.Hi > w.Hi && !close(cu.Hi, w.Hi) && !passesAt(p, exact.Sets[k], i, cu.Hi) {
					t.Errorf("%s in [%.12g, %.12g], bisection [%.12g, %.12g]", p.Figures[cu.Figure].Name, cu.Lo, cu.Hi, w.Lo, w.Hi)
				}
			}
		}
	})
}

// passesAt reports whether every rule passes with the set's culprit c at x
// and its others in the middle of their intervals.
func passesAt(p Problem, set Set, c int, x float64) bool {
	at := map[int]float64{}
	for k, cu := range set.Culprits {
		at[cu.Figure] = cu.Lo/2 + cu.Hi/2
		if k == c {
			at[cu.Figure] = x
		}
	}
	for i, r := range p.Rules {
		var changes []Change
		for k, f := range r.Reads {
			if v, ok := at[f]; ok {
				changes = append(changes, Change{k, interval.Exact(v)})
			}
		}
		if len(changes) > 0 && !p.Holds(i, changes) {
			return false
		}
	}
	return true
}

// together reports whether some rule reads two of the set's figures.
func together(p Problem, set Set) bool {
	for _, r := range p.Rules {
		n := 0
		for _, cu := range set.Culprits {
			if slices.Contains(r.Reads, cu.Figure) {
				n++
			}
		}
		if n > 1 {
			return true
		}
	}
	return false
}

// TestExactNone: where no one figure repairs a row (two rates each wrong,
// which fte would have to fix in different ways), the rules that bound
// the ends settle it, as bisection does, for fewer evaluations.
func TestExactNone(t *testing.T) {
	p := rateProblem(17.3, 282.3, 2054.5, 30, 300, 2200)
	got := Solve(p, Limits{MaxSize: 1})
	p.Gaps = nil
	want := Solve(p, Limits{MaxSize: 1})
	if len(got.Sets) != 0 || len(want.Sets) != 0 {
		t.Fatalf("%d repairs, bisection %d, want none", len(got.Sets), len(want.Sets))
	}
	if got.Limit == "" || got.Evals >= want.Evals {
		t.Errorf("%d evaluations (%q), bisection %d", got.Evals, got.Limit, want.Evals)
	}
}
