package interval

import (
	"math"
	"testing"
)

var inf = math.Inf(1)

// fig returns the figure v written to the precision whose half-unit is h.
func fig(v, h float64) Num { return Figure(v, v-h, v+h) }

// near reports whether x and y agree to within floating-point noise,
// treating equal infinities as equal.
func near(x, y float64) bool {
	if x == y {
		return true
	}
	if math.IsInf(x, 0) || math.IsInf(y, 0) || math.IsNaN(x) || math.IsNaN(y) {
		return false
	}
	return math.Abs(x-y) <= 1e-9*max(1, math.Abs(x), math.Abs(y))
}

// want is the expected result of an operation.
type want struct {
	v, lo, hi float64
	written   bool
}

func check(t *testing.T, name string, got Num, w want) {
	t.Helper()
	if !near(got.V, w.v) || !near(got.Lo, w.lo) || !near(got.Hi, w.hi) || got.Written != w.written {
		t.Errorf("%s = {V:%g Lo:%g Hi:%g Written:%t}, want {V:%g Lo:%g Hi:%g Written:%t}",
			name, got.V, got.Lo, got.Hi, got.Written, w.v, w.lo, w.hi, w.written)
	}
	if !(got.Lo <= got.Hi) {
		t.Errorf("%s: Lo %g > Hi %g", name, got.Lo, got.Hi)
	}
}

func TestAdd(t *testing.T) {
	tests := []struct {
		name string
		a, b Num
		want want
	}{
		{"figures", fig(13.8, 0.05), fig(2.1, 0.05), want{15.9, 15.8, 16.0, false}},
		{"figure and exact constant", fig(13.8, 0.05), Exact(1), want{14.8, 14.75, 14.85, true}},
		{"exact constant and figure", Exact(-1), fig(13.8, 0.05), want{12.8, 12.75, 12.85, true}},
		{"exacts", Exact(2), Exact(3), want{5, 5, 5, false}},
		{"negative figures", fig(-5, 0.5), fig(-3, 0.5), want{-8, -9, -7, false}},
		{"computed and exact", Add(fig(1, 0.5), fig(2, 0.5)), Exact(1), want{4, 3, 5, false}},
		{"unbounded", Num{V: 1, Lo: math.Inf(-1), Hi: inf}, fig(2, 0.5), want{3, math.Inf(-1), inf, false}},
	}
	for _, tt := range tests {
		check(t, "Add/"+tt.name, Add(tt.a, tt.b), tt.want)
	}
}

func TestSub(t *testing.T) {
	tests := []struct {
		name string
		a, b Num
		want want
	}{
		// The width of a difference is the sum of the widths.
		{"figures", fig(13.8, 0.05), fig(2.1, 0.05), want{11.7, 11.6, 11.8, false}},
		{"figure minus itself is not zero", fig(10, 0.5), fig(10, 0.5), want{0, -1, 1, false}},
		{"figure and exact", fig(34300, 50), Exact(300), want{34000, 33950, 34050, true}},
		{"exact and figure", Exact(0), fig(3, 0.5), want{-3, -3.5, -2.5, true}},
		{"negative result", fig(2, 0.5), fig(5, 0.5), want{-3, -4, -2, false}},
	}
	for _, tt := range tests {
		check(t, "Sub/"+tt.name, Sub(tt.a, tt.b), tt.want)
	}
}

func TestNeg(t *testing.T) {
	check(t, "Neg(figure)", Neg(fig(3, 0.5)), want{-3, -3.5, -2.5, true})
	check(t, "Neg(computed)", Neg(Add(fig(1, 0.5), fig(2, 0.5))), want{-3, -4, -2, false})
}

func TestMul(t *testing.T) {
	tests := []struct {
		name string
		a, b Num
		want want
	}{
		{"positive", fig(2, 0.5), fig(3, 0.5), want{6, 1.5 * 2.5, 2.5 * 3.5, false}},
		{"positive by negative", fig(2, 0.5), fig(-3, 0.5), want{-6, -2.5 * 3.5, -1.5 * 2.5, false}},
		{"negative by negative", fig(-2, 0.5), fig(-3, 0.5), want{6, 1.5 * 2.5, 2.5 * 3.5, false}},
		// [-1, 3] × [2, 4]: the low bound comes from -1 × 4, not from Lo × Lo.
		{"straddling zero", Figure(1, -1, 3), Figure(3, 2, 4), want{3, -4, 12, false}},
		{"both straddling zero", Figure(0, -2, 1), Figure(0, -3, 5), want{0, -10, 6, false}},
		{"by exact constant", fig(0.138, 0.0005), Exact(100), want{13.8, 13.75, 13.85, true}},
		{"by negative constant", fig(3, 0.5), Exact(-2), want{-6, -7, -5, true}},
		{"by exact zero", fig(3, 0.5), Exact(0), want{0, 0, 0, true}},
		// 0 × ∞ is 0 in interval arithmetic, not NaN.
		{"zero times unbounded", Exact(0), Num{V: 1, Lo: math.Inf(-1), Hi: inf}, want{0, 0, 0, false}},
		{"interval from zero times unbounded", Figure(0.25, 0, 0.5), Figure(2, 1, inf), want{0.5, 0, inf, false}},
		{"negative times unbounded", Figure(-2, -3, -1), Figure(2, 1, inf), want{-4, math.Inf(-1), -1, false}},
	}
	for _, tt := range tests {
		got := Mul(tt.a, tt.b)
		check(t, "Mul/"+tt.name, got, tt.want)
		if math.IsNaN(got.Lo) || math.IsNaN(got.Hi) {
			t.Errorf("Mul/%s gives NaN bounds: %+v", tt.name, got)
		}
		// Multiplication commutes.
		check(t, "Mul/"+tt.name+" (swapped)", Mul(tt.b, tt.a), tt.want)
	}
}

// TestMulBounds holds Mul's bounds to the minimum and maximum of the four
// products of the bounds, on bounds drawn from zeros of both signs,
// infinities and small numbers, ordered or not.
func TestMulBounds(t *testing.T) {
	values := []float64{math.Inf(-1), -3, -0.5, math.Copysign(0, -1), 0, 0.25, 2, 7, inf}
	var bounds []Num
	for _, lo := range values {
		for _, hi := range values {
			if lo <= hi {
				bounds = append(bounds, Num{Lo: lo, Hi: hi})
			}
		}
	}
	for _, a := range bounds {
		for _, b := range bounds {
			p1, p2, p3, p4 := mul(a.Lo, b.Lo), mul(a.Lo, b.Hi), mul(a.Hi, b.Lo), mul(a.Hi, b.Hi)
			lo, hi := min(p1, p2, p3, p4), max(p1, p2, p3, p4)
			if got := Mul(a, b); got.Lo != lo || got.Hi != hi {
				t.Errorf("Mul([%g, %g], [%g, %g]) = [%g, %g], want [%g, %g]", a.Lo, a.Hi, b.Lo, b.Hi, got.Lo, got.Hi, lo, hi)
			}
		}
	}
}

// TestDivBounds holds Div's bounds to the product with the reciprocal
// interval, within the few units in the last place by which rounding twice
// (a reciprocal, then a product) may differ from dividing once.
func TestDivBounds(t *testing.T) {
	values := []float64{0, 0.1, 0.25, 1, 3, 17.85, 1e6, 1e300, inf}
	for _, alo := range values {
		for _, ahi := range values {
			for _, blo := range values[1:] {
				for _, bhi := range values[1:] {
					if alo > ahi || blo > bhi {
						continue
					}
					a, b := Num{Lo: alo, Hi: ahi}, Num{Lo: blo, Hi: bhi}
					got := Div(a, b)
					want := Mul(a, Num{Lo: 1 / b.Hi, Hi: 1 / b.Lo})
					for _, p := range [][2]float64{{got.Lo, want.Lo}, {got.Hi, want.Hi}} {
						if p[0] != p[1] && math.Abs(p[0]-p[1]) > 4e-16*math.Abs(p[1]) {
							t.Errorf("Div([%g, %g], [%g, %g]) = [%g, %g], want about [%g, %g]", alo, ahi, blo, bhi, got.Lo, got.Hi, want.Lo, want.Hi)
						}
					}
				}
			}
		}
	}
}

func TestDiv(t *testing.T) {
	tests := []struct {
		name string
		a, b Num
		want want
	}{
		{"positive", fig(6, 0.5), fig(2, 0.5), want{3, 5.5 / 2.5, 6.5 / 1.5, false}},
		{"negative divisor", fig(6, 0.5), fig(-2, 0.5), want{-3, -6.5 / 1.5, -5.5 / 2.5, false}},
		{"negative dividend", fig(-6, 0.5), fig(2, 0.5), want{-3, -6.5 / 1.5, -5.5 / 2.5, false}},
		{"straddling dividend", Figure(0, -1, 1), fig(2, 0.5), want{0, -1 / 1.5, 1 / 1.5, false}},
		{"rate", Mul(Exact(100), fig(4728.7, 0.05)), fig(34328.2, 0.05),
			want{100 * 4728.7 / 34328.2, 472865 / 34328.25, 472875 / 34328.15, false}},
		{"by exact constant", fig(13.8, 0.05), Exact(2), want{6.9, 6.875, 6.925, true}},
		{"exact by exact", Exact(1), Exact(4), want{0.25, 0.25, 0.25, false}},
		// A divisor whose interval holds zero leaves nothing known.
		{"divisor rounds to zero", fig(6, 0.5), fig(0, 0.5), want{math.Inf(1), math.Inf(-1), inf, false}},
		{"divisor interval holds zero", fig(6, 0.5), Figure(0.2, -0.3, 0.7), want{30, math.Inf(-1), inf, false}},
		{"divisor touches zero", fig(6, 0.5), Figure(1, 0, 2), want{6, math.Inf(-1), inf, false}},
		{"divisor ends at zero", fig(6, 0.5), Figure(-1, -2, 0), want{-6, math.Inf(-1), inf, false}},
		{"exact zero divisor", fig(6, 0.5), Exact(0), want{math.Inf(1), math.Inf(-1), inf, false}},
	}
	for _, tt := range tests {
		check(t, "Div/"+tt.name, Div(tt.a, tt.b), tt.want)
	}
}

func TestAbs(t *testing.T) {
	check(t, "Abs(positive)", Abs(fig(3, 0.5)), want{3, 2.5, 3.5, true})
	check(t, "Abs(negative)", Abs(fig(-3, 0.5)), want{3, 2.5, 3.5, true})
	check(t, "Abs(straddling, value negative)", Abs(Figure(-1, -2, 0.5)), want{1, 0, 2, true})
	check(t, "Abs(straddling, value positive)", Abs(Figure(0.2, -0.3, 0.7)), want{0.2, 0, 0.7, true})
	check(t, "Abs(computed)", Abs(Sub(fig(2, 0.5), fig(5, 0.5))), want{3, 2, 4, false})
	check(t, "Abs(zero point)", Abs(Exact(0)), want{0, 0, 0, false})
}

func TestMinMax(t *testing.T) {
	tests := []struct {
		name     string
		a, b     Num
		min, max want
	}{
		// The smaller of two figures is a figure as written; of a figure
		// and anything else, it is not.
		{"disjoint", fig(2, 0.5), fig(5, 0.5), want{2, 1.5, 2.5, true}, want{5, 4.5, 5.5, true}},
		{"overlapping", Figure(3, 1, 4), Figure(2, 2, 3), want{2, 1, 3, true}, want{3, 2, 4, true}},
		{"computed", Add(fig(1, 0.5), fig(2, 0.5)), fig(2, 0.5), want{2, 1.5, 2.5, false}, want{3, 2, 4, false}},
		{"with exact", fig(-1, 0.5), Exact(0), want{-1, -1.5, -0.5, false}, want{0, 0, 0, false}},
		{"unbounded", Num{V: 0, Lo: math.Inf(-1), Hi: inf}, fig(5, 0.5), want{0, math.Inf(-1), 5.5, false}, want{5, 4.5, inf, false}},
	}
	for _, tt := range tests {
		check(t, "Min/"+tt.name, Min(tt.a, tt.b), tt.min)
		check(t, "Min/"+tt.name+" (swapped)", Min(tt.b, tt.a), tt.min)
		check(t, "Max/"+tt.name, Max(tt.a, tt.b), tt.max)
		check(t, "Max/"+tt.name+" (swapped)", Max(tt.b, tt.a), tt.max)
	}
}

func TestPctChange(t *testing.T) {
	tests := []struct {
		name   string
		a, b   Num
		want   want
		strict bool // the ratio form must be strictly tighter than 100*(b-a)/a
	}{
		{"rise", fig(100, 0.5), fig(110, 0.5), want{10, 100 * (109.5/100.5 - 1), 100 * (110.5/99.5 - 1), false}, false},
		{"fall", fig(100, 0.5), fig(90, 0.5), want{-10, 100 * (89.5/100.5 - 1), 100 * (90.5/99.5 - 1), false}, true},
		{"about level", fig(100, 0.5), fig(100, 0.5), want{0, 100 * (99.5/100.5 - 1), 100 * (100.5/99.5 - 1), false}, true},
		{"workforce", fig(33119.1, 0.05), fig(34300, 50),
			want{100 * (34300/33119.1 - 1), 100 * (34250/33119.15 - 1), 100 * (34350/33119.05 - 1), false}, false},
		{"from exact", Exact(50), fig(40, 0.5), want{-20, 100 * (39.5/50 - 1), 100 * (40.5/50 - 1), true}, false},
		{"from zero", fig(0, 0.5), fig(3, 0.5), want{math.Inf(1), math.Inf(-1), inf, false}, false},
	}
	for _, tt := range tests {
		got := PctChange(tt.a, tt.b)
		check(t, "PctChange/"+tt.name, got, tt.want)

		naive := Mul(Exact(100), Div(Sub(tt.b, tt.a), tt.a))
		if !near(got.V, naive.V) {
			t.Errorf("PctChange/%s: V %g, 100*(b-a)/a gives %g", tt.name, got.V, naive.V)
		}
		if got.Lo < naive.Lo-1e-9 || got.Hi > naive.Hi+1e-9 {
			t.Errorf("PctChange/%s: [%g, %g] is not inside 100*(b-a)/a = [%g, %g]", tt.name, got.Lo, got.Hi, naive.Lo, naive.Hi)
		}
		if tt.strict && !(got.Hi-got.Lo < naive.Hi-naive.Lo-1e-9) {
			t.Errorf("PctChange/%s: width %g is not tighter than 100*(b-a)/a's %g", tt.name, got.Hi-got.Lo, naive.Hi-naive.Lo)
		}
	}
}

func TestAsWritten(t *testing.T) {
	f := fig(13.8, 0.05)
	if got := f.AsWritten(); got != f {
		t.Errorf("figure AsWritten = %+v, want it unchanged %+v", got, f)
	}
	scaled := Mul(f, Exact(100))
	if got := scaled.AsWritten(); got != scaled {
		t.Errorf("figure × constant AsWritten = %+v, want it unchanged %+v", got, scaled)
	}
	sum := Add(fig(1, 0.5), fig(2, 0.5))
	if got, want := sum.AsWritten(), Exact(3); got != want {
		t.Errorf("sum of figures AsWritten = %+v, want the point %+v", got, want)
	}
	if !sum.AsWritten().IsPoint() || sum.IsPoint() {
		t.Errorf("sum %+v: IsPoint before %t, after AsWritten %t", sum, sum.IsPoint(), sum.AsWritten().IsPoint())
	}
	if got, want := Exact(7).AsWritten(), Exact(7); got != want {
		t.Errorf("Exact(7).AsWritten() = %+v, want %+v", got, want)
	}
	q := Div(fig(6, 0.5), fig(0, 0.5))
	if got := q.AsWritten(); got.Lo != q.V || got.Hi != q.V {
		t.Errorf("unbounded quotient AsWritten = %+v, want the point %g", got, q.V)
	}
}

// TestChanges pins the changes rules compare with written changes: in
// percentage points, and as a ratio. A rise of 2 points on 40% is a rise of
// 5 per cent, and a rule comparing the one with the other fails.
func TestChanges(t *testing.T) {
	tests := []struct {
		name string
		f    func(a, b Num) Num
		a, b Num
		want want
	}{
		{"points/rise", PointsChange, fig(40, 0.05), fig(42, 0.05), want{2, 1.9, 2.1, false}},
		{"points/fall", PointsChange, fig(17.9, 0.05), fig(17.1, 0.05), want{-0.8, -0.9, -0.7, false}},
		{"points/from exact", PointsChange, Exact(40), fig(42, 0.5), want{2, 1.5, 2.5, true}},
		{"ratio/double", Ratio, fig(100, 0.5), fig(200, 0.5), want{2, 199.5 / 100.5, 200.5 / 99.5, false}},
		{"ratio/halved", Ratio, fig(80, 0.5), fig(40, 0.5), want{0.5, 39.5 / 80.5, 40.5 / 79.5, false}},
		{"ratio/from zero", Ratio, fig(0, 0.5), fig(3, 0.5), want{math.Inf(1), math.Inf(-1), inf, false}},
	}
	for _, tt := range tests {
		check(t, tt.name, tt.f(tt.a, tt.b), tt.want)
	}
	// 2 points is not 5 per cent: the mix-up fails.
	points, pct := PointsChange(fig(40, 0.05), fig(42, 0.05)), PctChange(fig(40, 0.05), fig(42, 0.05))
	if Possible(Eq, points, fig(5, 0.5), 0) || !Possible(Eq, pct, fig(5, 0.5), 0) {
		t.Errorf("points %v, per cent %v against 5", points, pct)
	}
}
