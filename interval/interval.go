// Package interval is figcheck's arithmetic on rounded figures.
//
// A published figure such as 13.8 stands for every true value that rounds to
// it, here [13.75, 13.85]. A Num carries that interval beside the value as
// written, and arithmetic on Nums carries both: the value computed from the
// figures as written, and the interval in which the true result must lie.
// Comparisons then answer two questions: does the relation hold for the
// figures as written (each allowed its own rounding), and could it hold for
// some true values inside every figure's interval?
package interval

import (
	"math"
)

// Num is a figure, or a number computed from figures.
type Num struct {
	// V is the value as written, or computed from values as written.
	V float64
	// Lo and Hi bound every true value the figures could stand for.
	Lo, Hi float64
	// Written marks a figure as it was published, whose own rounding
	// [Lo, Hi] applies even when it is compared as written.
	Written bool
}

// Exact returns a number with no rounding, such as a literal in a rule.
func Exact(v float64) Num { return Num{V: v, Lo: v, Hi: v} }

// Figure returns a published figure with value v that stands for any true
// value in [lo, hi].
func Figure(v, lo, hi float64) Num { return Num{V: v, Lo: lo, Hi: hi, Written: true} }

// entire is a number about which nothing is known, the result of dividing by
// an interval that holds zero.
func entire(v float64) Num { return Num{V: v, Lo: math.Inf(-1), Hi: math.Inf(1)} }

// AsWritten returns the number as it is compared when figures are taken as
// written: a figure keeps its own rounding, a computed value is a point.
func (n Num) AsWritten() Num {
	if n.Written {
		return n
	}
	return Exact(n.V)
}

// IsPoint reports whether the number has no rounding at all.
func (n Num) IsPoint() bool { return n.Lo == n.Hi }

// written reports whether the result of an operation on a and b is still a
// figure as written: one operand is a figure and the other an exact
// constant, as in 100 * share or -fall.
func written(a, b Num) bool {
	return a.Written && b.IsPoint() && !b.Written || b.Written && a.IsPoint() && !a.Written
}

// Add returns a + b.
func Add(a, b Num) Num {
	return Num{V: a.V + b.V, Lo: a.Lo + b.Lo, Hi: a.Hi + b.Hi, Written: written(a, b)}
}

// Sub returns a - b.
func Sub(a, b Num) Num {
	return Num{V: a.V - b.V, Lo: a.Lo - b.Hi, Hi: a.Hi - b.Lo, Written: written(a, b)}
}

// Neg returns -a.
func Neg(a Num) Num { return Num{V: -a.V, Lo: -a.Hi, Hi: -a.Lo, Written: a.Written} }

// Mul returns a × b.
func Mul(a, b Num) Num {
	if a.Lo >= 0 && b.Lo >= 0 {
		// Figures are mostly positive, and then the bounds are the products
		// of the bounds: the same interval as below, for two products
		// instead of four and their minimum and maximum.
		return Num{V: a.V * b.V, Lo: mul(a.Lo, b.Lo), Hi: mul(a.Hi, b.Hi), Written: written(a, b)}
	}
	p1, p2, p3, p4 := mul(a.Lo, b.Lo), mul(a.Lo, b.Hi), mul(a.Hi, b.Lo), mul(a.Hi, b.Hi)
	return Num{V: a.V * b.V, Lo: min(p1, p2, p3, p4), Hi: max(p1, p2, p3, p4), Written: written(a, b)}
}

// mul multiplies two bounds, taking 0 × ∞ as 0 as interval arithmetic does.
func mul(x, y float64) float64 {
	if x == 0 || y == 0 {
		return 0
	}
	return x * y
}

// Div returns a ÷ b. When b's interval holds zero, nothing is known of the
// true result and the interval is the whole line.
func Div(a, b Num) Num {
	v := a.V / b.V
	if b.Lo <= 0 && b.Hi >= 0 {
		return entire(v)
	}
	if a.Lo >= 0 && b.Lo > 0 && b.Hi <= math.MaxFloat64 {
		// The common case, a share of a positive whole: two divisions, each
		// rounded once, instead of two reciprocals and a product.
		return Num{V: v, Lo: a.Lo / b.Hi, Hi: a.Hi / b.Lo, Written: written(a, b)}
	}
	r := Mul(a, Num{Lo: 1 / b.Hi, Hi: 1 / b.Lo})
	r.V = v
	r.Written = written(a, b)
	return r
}

// Abs returns |a|.
func Abs(a Num) Num {
	switch {
	case a.Lo >= 0:
		return a
	case a.Hi <= 0:
		return Neg(a)
	default:
		return Num{V: math.Abs(a.V), Lo: 0, Hi: max(-a.Lo, a.Hi), Written: a.Written}
	}
}

// Min returns the smaller of a and b: a figure as written when both are.
func Min(a, b Num) Num {
	return Num{V: min(a.V, b.V), Lo: min(a.Lo, b.Lo), Hi: min(a.Hi, b.Hi), Written: a.Written && b.Written}
}

// Max returns the larger of a and b: a figure as written when both are.
func Max(a, b Num) Num {
	return Num{V: max(a.V, b.V), Lo: max(a.Lo, b.Lo), Hi: max(a.Hi, b.Hi), Written: a.Written && b.Written}
}

// PctChange returns the percentage change from a to b, 100 × (b/a − 1).
// Written as one ratio, the interval is as tight as the figures allow (the
// formula 100 × (b − a) / a would count a's rounding twice).
func PctChange(a, b Num) Num {
	r := Div(b, a)
	return Mul(Sub(r, Exact(1)), Exact(100))
}

// PointsChange returns the change from a to b in percentage points, b − a:
// for two percentages, the change a rule compares with "up 1.2 percentage
// points", as PctChange gives the change in per cent.
func PointsChange(a, b Num) Num { return Sub(b, a) }

// Ratio returns how many times a b is, b ÷ a: the multiplier a rule
// compares with "double" or "halved".
func Ratio(a, b Num) Num { return Div(b, a) }
