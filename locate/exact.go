package locate

import (
	"math"
	"slices"
)

// The exact method. Where a rule is made of comparisons of numbers, each
// condition it rests on has a gap (how far the sides are from meeting, less
// the tolerance) that, with the other figures fixed, is a rational-linear
// function of the suspect x, (αx + β) / (γx + δ): linear as in a sum or a
// rate's numerator, c/x as a rate's denominator, x / (x + c) as a share.
// Such a function is fixed by three of its values, and its root follows
// from them in closed form, for a Möbius map keeps cross-ratios. So the
// gaps of each rule reading the figure are worked out at three values, the
// roots bound the interval, and Holds confirms it: every rule passes at
// its ends and one fails just beyond each (see reach). Where the roots
// leave no value, the rules that bound the ends settle it (see none).
// That takes three evaluations of each rule and a few more, where
// bisection to float64's precision takes some sixty for each end. Where a
// gap is not of that form (a relative tolerance, min, max), or Holds does
// not confirm what the gaps say, the figure is bisected.

// reach is how far beyond an end of a solved interval a rule must fail,
// and how far inside it the end reported may be: a tenth of the width at
// which bisection stops (see near).
func reach(x float64) float64 { return 1e-8 * max(math.Abs(x), 1e-6) }

// spreads are how far apart, relative to the value, the probes of a
// figure's gaps are: around the value as written, then, for an end that
// Holds does not confirm, around that end, closer each time.
var spreads = [...]float64{0.25, 1e-2, 1e-5}

// exact returns the interval of values of figure f, inside its current
// interval, with which every rule reading it could pass, solved for from
// the rules' gaps; decided is false where that could not be done.
func (s *solver) exact(f int) (lo, hi float64, ok, decided bool) {
	a, b := s.vals[f].Lo, s.vals[f].Hi
	defer func() { s.vals[f] = span(a, b) }()
	rules := slices.Clone(s.readers[f])
	lo, hi, first, last, ok := s.model(f, rules, s.p.Figures[f].Value.V, spreads[0], a, b)
	if !ok {
		return 0, 0, false, false
	}
	front := 0 // the rules that bound the interval are tried first
	for _, r := range []int{first, last} {
		if k := slices.Index(rules, r); k >= front {
			rules[front], rules[k] = rules[k], rules[front]
			front++
		}
	}
	// at reports whether every rule passes with f at x.
	at := func(x float64) bool { return s.pass(rules, f, span(x, x)) }
	if lo > hi {
		return 0, 0, false, s.none(f, lo, hi, first, last, a, b)
	}
	if hi-lo <= reach(lo)+reach(hi) { // one value, as closely as float64 finds it
		m := lo/2 + hi/2
		if !at(m) {
			return 0, 0, false, false
		}
		lo, okLo := edge(at, m, -1, a)
		hi, okHi := edge(at, m, 1, b)
		return lo, hi, okLo && okHi, okLo && okHi
	}
	var okLo, okHi bool
	for round, spread := range spreads {
		if round > 0 { // probe again around an end not confirmed
			if !okLo {
				if lo, _, _, _, ok = s.model(f, rules, lo, spread, a, b); !ok {
					return 0, 0, false, false
				}
			}
			if !okHi {
				if _, hi, _, _, ok = s.model(f, rules, hi, spread, a, b); !ok {
					return 0, 0, false, false
				}
			}
			if lo > hi {
				return 0, 0, false, false
			}
		}
		if !okLo {
			lo, okLo = confirmEnd(at, lo, -1, a)
		}
		if !okHi {
			hi, okHi = confirmEnd(at, hi, 1, b)
		}
		if okLo && okHi {
			return lo, hi, true, true
		}
	}
	return 0, 0, false, false
}

// model returns the interval of values of figure f in [a, b] with which
// the gaps of every rule say it passes, worked out from probes around v,
// and the rules that bound it (-1 for none).
func (s *solver) model(f int, rules []int, v, spread, a, b float64) (lo, hi float64, first, last int, ok bool) {
	xs, ok := probes(v, spread, a, b)
	if !ok {
		return 0, 0, 0, 0, false
	}
	lo, hi, first, last = a, b, -1, -1
	for _, r := range rules {
		l, h, ok := s.solveRule(r, f, xs)
		if !ok {
			return 0, 0, 0, 0, false
		}
		if l > lo {
			lo, first = l, r
		}
		if h < hi {
			hi, last = h, r
		}
	}
	return lo, hi, first, last, true
}

// none reports whether no value of figure f in [a, b] lets the rules
// pass, where their gaps say so: rule first cannot pass below lo, nor rule
// last above hi, and hi < lo. That is certain where the rules' own
// interval arithmetic, which never rules out a value that passes, says so
// of either side. Otherwise the two roots are found again from probes
// close to them, and the two rules asked a reach beyond each: if the gaps
// change monotonically, as the method takes them to, a rule that fails
// there fails beyond.
func (s *solver) none(f int, lo, hi float64, first, last int, a, b float64) bool {
	below, above := min(lo-reach(lo), b), max(hi+reach(hi), a)
	if min(above, b) <= max(below, a) && s.failsOn(first, f, a, below) && s.failsOn(last, f, above, b) {
		return true
	}
	// Only the two rules that bound the ends are probed again.
	spread := spreads[len(spreads)-1]
	var ok bool
	if first >= 0 {
		if lo, _, first, _, ok = s.model(f, []int{first}, lo, spread, a, b); !ok {
			return false
		}
	}
	if last >= 0 {
		if _, hi, _, last, ok = s.model(f, []int{last}, hi, spread, a, b); !ok {
			return false
		}
	}
	if hi+reach(hi) >= lo-reach(lo) {
		return false
	}
	// A side with no bounding rule has no values beyond it in [a, b].
	x, y := min(max(lo-reach(lo), a), b), min(max(hi+reach(hi), a), b)
	return (first < 0 || s.failsOn(first, f, x, x)) && (last < 0 || s.failsOn(last, f, y, y))
}

// failsOn reports whether rule r cannot pass with figure f anywhere in
// [x, y]: true when that is empty.
func (s *solver) failsOn(r, f int, x, y float64) bool {
	if x > y {
		return true
	}
	if r < 0 {
		return false
	}
	s.vals[f] = span(x, y)
	return !s.holds(r)
}

// solveRule returns the values of figure f with which the gaps of rule r,
// worked out at the probes xs, say it passes.
func (s *solver) solveRule(r, f int, xs [3]float64) (lo, hi float64, ok bool) {
	var gs [3][]float64
	for i, x := range xs {
		s.evals++
		if s.evals >= s.lim.MaxEvals {
			return 0, 0, false // bisection notes the limit
		}
		s.vals[f] = span(x, x)
		gs[i], ok = s.p.Gaps(r, s.changesOf(r), s.gaps[i][:0])
		if !ok || len(gs[i]) != len(gs[0]) {
			return 0, 0, false
		}
		s.gaps[i] = gs[i]
	}
	lo, hi = math.Inf(-1), math.Inf(1)
	for j := range gs[0] {
		g := [3]float64{gs[0][j], gs[1][j], gs[2][j]}
		if slices.ContainsFunc(g[:], func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }) {
			return 0, 0, false
		}
		if g[0] == g[1] && g[1] == g[2] { // the gap does not depend on f
			if g[0] > 0 {
				return math.Inf(1), math.Inf(-1), true
			}
			continue
		}
		if math.Abs(g[2]-g[0]) < 1e-9*max(math.Abs(g[0]), math.Abs(g[2])) {
			// Too flat beside its size to find its root: no bound where
			// it holds at every probe, else unknown.
			if max(g[0], g[1], g[2]) <= 0 {
				continue
			}
			return 0, 0, false
		}
		root := mobiusRoot(xs, g)
		switch {
		case math.IsNaN(root):
			return 0, 0, false
		case g[2] > g[0]: // rising: the values lie below the root
			hi = min(hi, root)
		default:
			lo = max(lo, root)
		}
	}
	return lo, hi, true
}

// probes returns three values of a figure, in [a, b] and in order, at
// which to work out its gaps: spread apart around v (or -v, when [a, b]
// is on the other side of zero), or over [a, b] when it is narrower.
func probes(v, spread, a, b float64) ([3]float64, bool) {
	if v < a && -v <= b || v > b && -v >= a {
		v = -v
	}
	x := min(max(v, a), b)
	w := spread * max(math.Abs(x), 1e-3)
	l, h := x-w, x+w
	switch {
	case h-l >= b-a:
		l, h = a, b
	case l < a:
		l, h = a, a+2*w
	case h > b:
		l, h = b-2*w, b
	}
	m := l/2 + h/2
	return [3]float64{l, m, h}, l < m && m < h
}

// mobiusRoot returns the zero of the rational-linear function through the
// three points (x[i], g[i]): the value whose cross-ratio with the x is that
// of 0 with the g. It is exact for linear functions too, and NaN where two
// of the g are equal.
func mobiusRoot(x, g [3]float64) float64 {
	if g[0] == g[1] || g[1] == g[2] || g[0] == g[2] {
		return math.NaN() // not one: it would be constant
	}
	for i := range g {
		if g[i] == 0 {
			return x[i]
		}
	}
	c := (g[2] - g[0]) * g[1] / ((g[2] - g[1]) * g[0])
	k := c * (x[2] - x[1]) / (x[2] - x[0])
	return (x[1] - k*x[0]) / (1 - k)
}

// confirmEnd asks whether the rules pass (at) just inside e, an end of
// the values in direction dir (-1 for the lower, 1 for the upper) towards
// the end of the range, and fail just beyond it, and returns the end they
// passed at; else false, and the best guess of the end.
func confirmEnd(at func(float64) bool, e, dir, end float64) (float64, bool) {
	if (end-e)*dir <= reach(e) { // the values reach the range's end
		return end, at(end)
	}
	x := e - dir*reach(e)
	if !at(x) {
		return e, false
	}
	return edge(at, x, dir, end)
}

// edge returns the last value found to pass going from x, which passes,
// towards e, the end of the range: a reach from x, or ten, a hundred, up
// to ten thousand times as far where the rules still pass there (a
// comparison's epsilon is relative to its sides, beside which a part of a
// large sum is small); else false, and the last value that passed.
func edge(at func(float64) bool, x, dir, e float64) (float64, bool) {
	if x == e {
		return x, true
	}
	for d := reach(x); d <= 1e4*reach(x); d *= 10 {
		y := x + dir*d
		if (y-e)*dir >= 0 {
			if at(e) {
				return e, true
			}
			return x, true
		}
		if !at(y) {
			return x, true
		}
		x = y
	}
	return x, false
}
