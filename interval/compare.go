package interval

import "math"

// Op is a comparison operator.
type Op int

// The comparison operators of rule expressions.
const (
	Eq Op = iota // ==
	Ne           // !=
	Lt           // <
	Le           // <=
	Gt           // >
	Ge           // >=
)

// String returns the operator as it is written in a rule.
func (o Op) String() string { return [...]string{"==", "!=", "<", "<=", ">", ">="}[o] }

// Tolerance is slack a rule allows on top of rounding: an absolute amount
// plus a share of the larger of the two values compared.
type Tolerance struct {
	Abs float64 // in the units of the figures
	Rel float64 // as a fraction: 0.01 is one per cent
}

// For returns the tolerance that applies when a and b are compared.
func (t Tolerance) For(a, b Num) float64 {
	if t.Rel == 0 {
		return t.Abs
	}
	return t.Abs + t.Rel*max(math.Abs(a.V), math.Abs(b.V))
}

// Gap is how far apart a and b are under op: zero or less when some values
// in their intervals satisfy the relation, otherwise the amount by which the
// nearest values miss it. A tolerance of Gap would have been needed to pass.
func Gap(op Op, a, b Num) float64 {
	switch op {
	case Eq:
		return max(a.Lo, b.Lo) - min(a.Hi, b.Hi)
	case Lt, Le:
		return a.Lo - b.Hi
	case Gt, Ge:
		return b.Lo - a.Hi
	default: // Ne: apart by the distance between the values, if anything.
		return -math.Abs(a.V - b.V)
	}
}

// Possible reports whether some true values inside the intervals of a and b
// satisfy a op b, allowing tol on top. Rounding intervals are half-open, so
// two figures that only touch (17.8 and 17.9) are not equal; a point touching
// an interval is, and so is anything within an explicit tolerance.
func Possible(op Op, a, b Num, tol float64) bool {
	eps := epsilon(a, b)
	if a.IsPoint() && b.IsPoint() {
		return comparePoints(op, a.V-b.V, tol, eps)
	}
	if op == Ne {
		return true
	}
	gap := Gap(op, a, b)
	if math.IsNaN(gap) {
		return false
	}
	if tol > 0 || a.IsPoint() || b.IsPoint() {
		return gap <= tol+eps
	}
	return gap < -eps
}

// comparePoints compares two exact values whose difference is d.
func comparePoints(op Op, d, tol, eps float64) bool {
	switch op {
	case Eq:
		return math.Abs(d) <= tol+eps
	case Ne:
		return math.Abs(d) > tol+eps
	case Lt:
		if tol == 0 {
			return d < -eps
		}
		return d <= tol+eps
	case Le:
		return d <= tol+eps
	case Gt:
		if tol == 0 {
			return d > eps
		}
		return -d <= tol+eps
	default: // Ge
		return -d <= tol+eps
	}
}

// Certain reports whether every pair of true values inside the intervals of
// a and b satisfies a op b, allowing tol.
func Certain(op Op, a, b Num, tol float64) bool {
	eps := epsilon(a, b)
	if a.IsPoint() && b.IsPoint() {
		// One pair of values: what is possible is certain (and 5 < 5 is
		// neither).
		return comparePoints(op, a.V-b.V, tol, eps)
	}
	switch op {
	case Eq:
		return max(a.Hi, b.Hi)-min(a.Lo, b.Lo) <= tol+eps
	case Ne:
		return !Possible(Eq, a, b, tol)
	case Lt, Le:
		return a.Hi-b.Lo <= tol+eps
	default:
		return b.Hi-a.Lo <= tol+eps
	}
}

// Exactly compares the values as written with no regard to rounding, for
// places where neither question above can be asked (such as the condition of
// a conditional expression).
func Exactly(op Op, a, b Num, tol float64) bool {
	// Possible of the two values as points, without building them. An
	// undefined value (0/0) is no point: it equals nothing, and differs.
	d := a.V - b.V
	if d != d {
		return op == Ne
	}
	return comparePoints(op, d, tol, epsilon(a, b))
}

// epsilon absorbs the error of floating-point arithmetic on decimal figures:
// sums of figures with one decimal land a few ulps off their true value. It
// is relative and small (10^-12), so that it never hides a real gap: an
// overlap of 0.0045 between figures in the tens of millions still counts.
func epsilon(a, b Num) float64 {
	// Plain comparisons, not max: this runs for every comparison of every
	// row, and max's care for NaN and signed zeros costs more than the
	// rest; and few enough of them that the compiler inlines it.
	x, y := math.Abs(a.V), math.Abs(b.V)
	if x-x != 0 || y-y != 0 { // infinite or undefined
		return 0
	}
	if x < y {
		x = y
	}
	if x < 1 {
		x = 1
	}
	return x * 1e-12
}
