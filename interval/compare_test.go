package interval

import (
	"math"
	"math/rand/v2"
	"testing"
)

var allOps = []Op{Eq, Ne, Lt, Le, Gt, Ge}

func TestOpString(t *testing.T) {
	want := map[Op]string{Eq: "==", Ne: "!=", Lt: "<", Le: "<=", Gt: ">", Ge: ">="}
	for _, op := range allOps {
		if got := op.String(); got != want[op] {
			t.Errorf("Op(%d).String() = %q, want %q", op, got, want[op])
		}
	}
}

// ops is what a comparison should answer for some operators; operators not
// in the map are not asserted.
type ops map[Op]bool

func TestPossibleCertain(t *testing.T) {
	sum := Add(Exact(0.1), Exact(0.2)) // 0.30000000000000004
	tests := []struct {
		name     string
		a, b     Num
		tol      float64
		possible ops
		certain  ops
	}{
		{
			// [17.75, 17.85) and [17.85, 17.95) share no value.
			name: "figures that only touch", a: fig(17.8, 0.05), b: fig(17.9, 0.05),
			possible: ops{Eq: false, Ne: true, Lt: true, Le: true, Gt: false, Ge: false},
			certain:  ops{Eq: false, Ne: true, Lt: true, Le: true, Gt: false, Ge: false},
		},
		{
			name: "figures that only touch, reversed", a: fig(17.9, 0.05), b: fig(17.8, 0.05),
			possible: ops{Eq: false, Ne: true, Lt: false, Le: false, Gt: true, Ge: true},
			certain:  ops{Eq: false, Ne: true, Lt: false, Le: false, Gt: true, Ge: true},
		},
		{
			name: "overlapping figures", a: fig(13.8, 0.05), b: fig(13.83, 0.005),
			possible: ops{Eq: true, Ne: true, Lt: true, Le: true, Gt: true, Ge: true},
			certain:  ops{Eq: false, Ne: false, Lt: false, Le: false, Gt: false, Ge: false},
		},
		{
			name: "the same figure twice", a: fig(4, 0.5), b: fig(4, 0.5),
			possible: ops{Eq: true, Ne: true, Lt: true, Le: true, Gt: true, Ge: true},
			certain:  ops{Eq: false, Ne: false, Lt: false, Le: false, Gt: false, Ge: false},
		},
		{
			name: "figures apart", a: fig(17.8, 0.05), b: fig(18.0, 0.05),
			possible: ops{Eq: false, Ne: true, Lt: true, Le: true, Gt: false, Ge: false},
			certain:  ops{Eq: false, Ne: true, Lt: true, Le: true, Gt: false, Ge: false},
		},
		{
			name: "point inside an interval", a: Exact(13.78), b: fig(13.8, 0.05),
			possible: ops{Eq: true, Ne: true, Lt: true, Le: true, Gt: true, Ge: true},
			certain:  ops{Eq: false, Ne: false, Lt: false, Le: false, Gt: false, Ge: false},
		},
		{
			// A point touching an interval is equal to it.
			name: "point touching an interval's top", a: Exact(13.85), b: fig(13.8, 0.05),
			possible: ops{Eq: true, Ne: true, Le: true, Gt: true, Ge: true},
			certain:  ops{Eq: false, Ne: false, Lt: false, Le: false, Ge: true},
		},
		{
			name: "interval touching a point", a: fig(13.8, 0.05), b: Exact(13.75),
			possible: ops{Eq: true, Ne: true, Le: true, Gt: true, Ge: true},
			certain:  ops{Eq: false, Ne: false, Lt: false, Le: false, Ge: true},
		},
		{
			name: "point outside an interval", a: Exact(13.9), b: fig(13.8, 0.05),
			possible: ops{Eq: false, Ne: true, Lt: false, Le: false, Gt: true, Ge: true},
			certain:  ops{Eq: false, Ne: true, Lt: false, Le: false, Gt: true, Ge: true},
		},
		{
			// An explicit tolerance is closed: figures 0.1 apart are equal
			// within 0.1, not within 0.09.
			name: "figures apart, within tolerance", a: fig(17.8, 0.05), b: fig(18.0, 0.05), tol: 0.1,
			possible: ops{Eq: true, Ne: true, Lt: true, Le: true, Gt: true, Ge: true},
			certain:  ops{Eq: false, Ne: false, Lt: true, Le: true, Gt: false, Ge: false},
		},
		{
			name: "figures apart, beyond tolerance", a: fig(17.8, 0.05), b: fig(18.0, 0.05), tol: 0.09,
			possible: ops{Eq: false, Ne: true, Gt: false, Ge: false},
			certain:  ops{Eq: false, Ne: true},
		},
		{
			name: "touching figures with a tolerance", a: fig(17.8, 0.05), b: fig(17.9, 0.05), tol: 0.001,
			possible: ops{Eq: true, Gt: true, Ge: true},
			certain:  ops{Eq: false, Ne: false},
		},
		{
			name: "everything within a wide tolerance", a: fig(17.8, 0.05), b: fig(18.0, 0.05), tol: 0.3,
			certain: ops{Eq: true, Ne: false, Lt: true, Le: true, Gt: true, Ge: true},
		},
		{
			name: "exact points, equal", a: Exact(5), b: Exact(5),
			possible: ops{Eq: true, Ne: false, Lt: false, Le: true, Gt: false, Ge: true},
			certain:  ops{Eq: true, Ne: false, Lt: false, Le: true, Gt: false, Ge: true},
		},
		{
			name: "exact points, smaller", a: Exact(5), b: Exact(6),
			possible: ops{Eq: false, Ne: true, Lt: true, Le: true, Gt: false, Ge: false},
			certain:  ops{Eq: false, Ne: true, Lt: true, Le: true, Gt: false, Ge: false},
		},
		{
			name: "exact points, larger", a: Exact(-5), b: Exact(-6),
			possible: ops{Eq: false, Ne: true, Lt: false, Le: false, Gt: true, Ge: true},
			certain:  ops{Eq: false, Ne: true, Lt: false, Le: false, Gt: true, Ge: true},
		},
		{
			// Within a tolerance of 1, 6 and 5 count as equal, so neither
			// is (beyond the tolerance) different, and each may be on
			// either side of the other.
			name: "exact points within tolerance", a: Exact(6), b: Exact(5), tol: 1,
			possible: ops{Eq: true, Ne: false, Lt: true, Le: true, Gt: true, Ge: true},
			certain:  ops{Eq: true, Ne: false, Lt: true, Le: true, Gt: true, Ge: true},
		},
		{
			name: "exact points beyond tolerance", a: Exact(6), b: Exact(5), tol: 0.5,
			possible: ops{Eq: false, Ne: true, Lt: false, Le: false, Gt: true, Ge: true},
			certain:  ops{Eq: false, Ne: true, Lt: false, Le: false, Gt: true, Ge: true},
		},
		{
			// 0.1 + 0.2 is 0.30000000000000004 in floating point.
			name: "float noise", a: sum, b: Exact(0.3),
			possible: ops{Eq: true, Ne: false, Lt: false, Le: true, Gt: false, Ge: true},
			certain:  ops{Eq: true, Ne: false, Lt: false, Le: true, Gt: false, Ge: true},
		},
		{
			name: "float noise, reversed", a: Exact(0.3), b: sum,
			possible: ops{Eq: true, Ne: false, Lt: false, Le: true, Gt: false, Ge: true},
			certain:  ops{Eq: true, Ne: false, Lt: false, Le: true, Gt: false, Ge: true},
		},
		{
			// A sum of one-decimal figures lands a few ulps off; it must
			// still touch the total's rounding as a point would.
			name: "float noise on large figures", a: Add(Add(Exact(34328.2), Exact(5613.4)), Exact(4728.7)), b: Exact(44670.3),
			possible: ops{Eq: true, Ne: false, Lt: false, Le: true, Gt: false, Ge: true},
		},
		{
			name: "unbounded", a: Num{V: 2, Lo: math.Inf(-1), Hi: math.Inf(1)}, b: fig(3, 0.5),
			possible: ops{Eq: true, Ne: true, Lt: true, Le: true, Gt: true, Ge: true},
			certain:  ops{Eq: false, Ne: false, Lt: false, Le: false, Gt: false, Ge: false},
		},
		{
			// An undefined value has no epsilon, even where its bounds are
			// finite: 4.9999999999995 is below max(|0/0|, 5) by more.
			name: "undefined value, finite bounds", a: Max(Abs(Div(Exact(0), Exact(0))), Exact(5)), b: Exact(4.9999999999995),
			possible: ops{Le: false, Lt: false},
		},
		{
			// An infinite value has no epsilon: it is apart from everything finite.
			name: "infinite point", a: Exact(math.Inf(1)), b: Exact(1e300),
			possible: ops{Eq: false, Ne: true, Lt: false, Le: false, Gt: true, Ge: true},
			certain:  ops{Eq: false, Ne: true, Lt: false, Le: false, Gt: true, Ge: true},
		},
		{
			name: "half-open from above", a: Figure(1000, 1000, math.Inf(1)), b: fig(999, 0.5),
			possible: ops{Eq: false, Gt: true, Lt: false, Le: false},
			certain:  ops{Gt: true, Ge: true, Lt: false},
		},
	}
	for _, tt := range tests {
		for op, want := range tt.possible {
			if got := Possible(op, tt.a, tt.b, tt.tol); got != want {
				t.Errorf("%s: Possible(%s, %v, %v, %g) = %t, want %t", tt.name, op, tt.a, tt.b, tt.tol, got, want)
			}
		}
		for op, want := range tt.certain {
			if got := Certain(op, tt.a, tt.b, tt.tol); got != want {
				t.Errorf("%s: Certain(%s, %v, %v, %g) = %t, want %t", tt.name, op, tt.a, tt.b, tt.tol, got, want)
			}
		}
		// != is the negation of == when it must hold.
		if got, want := Certain(Ne, tt.a, tt.b, tt.tol), !Possible(Eq, tt.a, tt.b, tt.tol); got != want {
			t.Errorf("%s: Certain(!=) = %t, but Possible(==) = %t", tt.name, got, !want)
		}
	}
}

func TestExactly(t *testing.T) {
	tests := []struct {
		name string
		a, b Num
		tol  float64
		want ops
	}{
		// The rounding of either figure is ignored.
		{"touching figures", fig(17.8, 0.05), fig(17.9, 0.05), 0,
			ops{Eq: false, Ne: true, Lt: true, Le: true, Gt: false, Ge: false}},
		{"overlapping figures", fig(13.8, 0.05), fig(13.83, 0.005), 0,
			ops{Eq: false, Ne: true, Lt: true, Le: true, Gt: false, Ge: false}},
		{"the same value with different rounding", fig(13.8, 0.05), Exact(13.8), 0,
			ops{Eq: true, Ne: false, Lt: false, Le: true, Gt: false, Ge: true}},
		{"within tolerance", fig(13.8, 0.05), fig(13.83, 0.005), 0.03,
			ops{Eq: true, Ne: false, Lt: true, Le: true, Gt: true, Ge: true}},
		{"float noise", Add(Exact(0.1), Exact(0.2)), Exact(0.3), 0,
			ops{Eq: true, Ne: false, Lt: false, Le: true, Gt: false, Ge: true}},
		{"unbounded compared by value", Num{V: 3, Lo: math.Inf(-1), Hi: math.Inf(1)}, Exact(3), 0,
			ops{Eq: true, Ne: false, Lt: false, Gt: false}},
		// 0/0, as when a share's count and total are both zero.
		{"undefined", Div(fig(0, 0.05), fig(0, 0.05)), Exact(0), 0,
			ops{Eq: false, Ne: true, Lt: false, Le: false, Gt: false, Ge: false}},
	}
	for _, tt := range tests {
		for op, want := range tt.want {
			if got := Exactly(op, tt.a, tt.b, tt.tol); got != want {
				t.Errorf("%s: Exactly(%s, %v, %v, %g) = %t, want %t", tt.name, op, tt.a, tt.b, tt.tol, got, want)
			}
		}
	}
}

func TestGap(t *testing.T) {
	tests := []struct {
		name string
		a, b Num
		want map[Op]float64
	}{
		{"figures 0.1 apart", fig(17.8, 0.05), fig(18.0, 0.05),
			map[Op]float64{Eq: 0.1, Ne: -0.2, Lt: -0.3, Le: -0.3, Gt: 0.1, Ge: 0.1}},
		{"touching figures", fig(17.8, 0.05), fig(17.9, 0.05),
			map[Op]float64{Eq: 0, Ne: -0.1, Lt: -0.2, Le: -0.2, Gt: 0, Ge: 0}},
		{"overlapping figures", fig(4, 0.5), fig(4.5, 0.5),
			map[Op]float64{Eq: -0.5, Ne: -0.5, Lt: -1.5, Le: -1.5, Gt: -0.5, Ge: -0.5}},
		{"point above an interval", Exact(20), fig(17.8, 0.05),
			map[Op]float64{Eq: 20 - 17.85, Ne: -2.2, Lt: 20 - 17.85, Le: 20 - 17.85, Gt: 17.75 - 20, Ge: 17.75 - 20}},
		{"equal points", Exact(5), Exact(5),
			map[Op]float64{Eq: 0, Ne: 0, Lt: 0, Le: 0, Gt: 0, Ge: 0}},
	}
	for _, tt := range tests {
		for _, op := range allOps {
			want, ok := tt.want[op]
			if !ok {
				t.Fatalf("%s: no gap given for %s", tt.name, op)
			}
			if got := Gap(op, tt.a, tt.b); !near(got, want) {
				t.Errorf("%s: Gap(%s) = %g, want %g", tt.name, op, got, want)
			}
		}
	}
}

// TestGapIsToleranceNeeded checks what Gap promises: a tolerance of Gap
// would have been needed for the comparison to pass.
func TestGapIsToleranceNeeded(t *testing.T) {
	pairs := [][2]Num{
		{fig(17.8, 0.05), fig(18.0, 0.05)},
		{fig(18.0, 0.05), fig(17.8, 0.05)},
		{fig(34300, 50), fig(34528.2, 0.05)},
		{Exact(20), fig(17.8, 0.05)},
		{fig(3, 0.5), Exact(-2)},
	}
	for _, p := range pairs {
		a, b := p[0], p[1]
		for _, op := range []Op{Eq, Lt, Le, Gt, Ge} {
			gap := Gap(op, a, b)
			if gap < 0 {
				if !Possible(op, a, b, 0) {
					t.Errorf("Possible(%s, %v, %v, 0) = false with gap %g", op, a, b, gap)
				}
				continue
			}
			if Possible(op, a, b, 0) {
				t.Errorf("Possible(%s, %v, %v, 0) = true with gap %g", op, a, b, gap)
			}
			if !Possible(op, a, b, gap) {
				t.Errorf("Possible(%s, %v, %v, tol=gap %g) = false", op, a, b, gap)
			}
			if Possible(op, a, b, gap*0.99) {
				t.Errorf("Possible(%s, %v, %v, tol=0.99×gap %g) = true", op, a, b, gap*0.99)
			}
		}
	}
}

func TestTolerance(t *testing.T) {
	a, b := fig(200, 0.5), fig(-400, 0.5)
	tests := []struct {
		tol  Tolerance
		want float64
	}{
		{Tolerance{}, 0},
		{Tolerance{Abs: 0.5}, 0.5},
		{Tolerance{Rel: 0.01}, 4}, // 1% of the larger magnitude, 400
		{Tolerance{Abs: 1, Rel: 0.01}, 5},
	}
	for _, tt := range tests {
		if got := tt.tol.For(a, b); !near(got, tt.want) {
			t.Errorf("%+v.For(200, -400) = %g, want %g", tt.tol, got, tt.want)
		}
	}
}

// randNum returns a random exact constant, figure or computed value on a
// coarse grid, so that equal, touching and overlapping values are common.
func randNum(r *rand.Rand) Num {
	steps := []float64{0.1, 1, 10}
	step := steps[r.IntN(len(steps))]
	v := float64(r.IntN(41)-20) * step
	switch r.IntN(5) {
	case 0:
		return Exact(v)
	case 1, 2:
		return fig(v, step/2)
	case 3:
		return Add(fig(v, step/2), fig(float64(r.IntN(5)), 0.5))
	default:
		return Mul(fig(v, step/2), Exact(float64(r.IntN(7)-3)))
	}
}

// randIn returns a value strictly inside n's interval (away from its ends by
// more than floating-point noise), or n's value when n is a point.
func randIn(r *rand.Rand, n Num) float64 {
	if n.IsPoint() {
		return n.V
	}
	const margin = 1e-6
	return n.Lo + (n.Hi-n.Lo)*(margin+(1-2*margin)*r.Float64())
}

func holds(op Op, x, y float64) bool {
	switch op {
	case Eq:
		return x == y
	case Ne:
		return x != y
	case Lt:
		return x < y
	case Le:
		return x <= y
	case Gt:
		return x > y
	default:
		return x >= y
	}
}

// TestCompareProperties checks on random values that Certain implies
// Possible, and that Possible raises no false alarm: when true values
// inside both intervals satisfy the relation, it is possible.
func TestCompareProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	tols := []float64{0, 0, 0, 0.05, 0.5, 3}
	for i := 0; i < 200000; i++ {
		a, b := randNum(r), randNum(r)
		tol := tols[r.IntN(len(tols))]
		for _, op := range allOps {
			certain, possible := Certain(op, a, b, tol), Possible(op, a, b, tol)
			if certain && !possible {
				t.Fatalf("Certain(%s, %+v, %+v, %g) but not Possible", op, a, b, tol)
			}
			x, y := randIn(r, a), randIn(r, b)
			if holds(op, x, y) && !Possible(op, a, b, 0) {
				t.Fatalf("%g %s %g, but Possible(%s, %+v, %+v, 0) = false", x, op, y, op, a, b)
			}
			if !holds(op, x, y) && Certain(op, a, b, 0) {
				t.Fatalf("not %g %s %g, but Certain(%s, %+v, %+v, 0) = true", x, op, y, op, a, b)
			}
		}
	}
}
