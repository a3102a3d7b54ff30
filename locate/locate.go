// Package locate finds which figures are wrong when rules fail: the
// smallest weighted set of figures whose values, changed, let every rule
// that reads them pass (the rules that passed too), with the interval each
// figure would have to lie in, and a diagnosis of the slip that would
// explain it (see Diagnose).
//
// The method is Fellegi and Holt's error localisation, with the rounding of
// every figure kept: the rules are evaluated by their own interval
// arithmetic with the suspect figures replaced by wide intervals, and the
// question asked is the one figcheck asks of every rule, "could true values
// inside these intervals satisfy it?". For one suspect figure, with the
// others fixed, a rule of figcheck's (a sum, a ratio, a rate, a change) is
// monotone in it, so the values that satisfy it are one interval, and
// bisection on the ends of the suspect's range finds that interval exactly
// to the precision of float64. For several suspects the intervals are
// narrowed in turn, each with the others held to theirs, and a set counts
// as a repair only when one point of each, chosen in turn, satisfies every
// rule: a set reported can always be repaired; on a relation that is not
// monotone a repair may be missed, never invented.
package locate

import (
	"math"
	"sort"
	"strconv"

	"github.com/figcheck/figcheck/interval"
)

// Figure is a figure that may be blamed.
type Figure struct {
	Name   string       // as the rules name it
	Text   string       // as written
	Value  interval.Num // as written, with its rounding
	Weight float64      // the cost of blaming it; 0 means 1
}

// Rule is one evaluation of a rule over the problem's figures.
type Rule struct {
	Reads   []int // the figures it reads, by index
	Failing bool  // whether it fails with the figures as written
}

// Problem is a group of evaluations that share figures, failing ones and
// passing ones.
type Problem struct {
	Figures []Figure
	Rules   []Rule
	// Holds reports whether rule i could pass with the figures' true values
	// inside vals, indexed as Figures.
	Holds func(i int, vals []interval.Num) bool
}

// Limits bound the search.
type Limits struct {
	MaxSize  int // the most figures in a set; 0 means 2
	MaxEvals int // the most evaluations of rules; 0 means 200,000
}

// Culprit is one figure of a repair and the values it could take.
type Culprit struct {
	Figure int     // index in Problem.Figures
	Lo, Hi float64 // the true values that, with the set's other culprits, satisfy every rule
}

// Set is one repair: figures that, changed, let every rule pass.
type Set struct {
	Culprits []Culprit
	Weight   float64
}

// Solution is every repair of the smallest weight found.
type Solution struct {
	Sets  []Set
	Evals int
	// Limit says which limit stopped the search before every set of the
	// smallest weight was tried, or is empty.
	Limit string
}

// Solve finds the repairs of smallest weight: sets of at most
// lim.MaxSize figures, each figure read by a failing rule, such that every
// failing rule reads one of them and, changed, every rule reading them
// passes.
func Solve(p Problem, lim Limits) Solution {
	if lim.MaxSize <= 0 {
		lim.MaxSize = 2
	}
	if lim.MaxEvals <= 0 {
		lim.MaxEvals = 200000
	}
	s := &solver{p: p, lim: lim, readers: make([][]int, len(p.Figures))}
	var cand []int
	seen := map[int]bool{}
	for i, r := range p.Rules {
		for _, f := range r.Reads {
			s.readers[f] = append(s.readers[f], i)
			if r.Failing && !seen[f] {
				seen[f] = true
				cand = append(cand, f)
			}
		}
	}
	sort.Ints(cand)
	subsets := s.subsets(cand)
	var out Solution
	best := math.Inf(1)
	for _, sub := range subsets {
		if sub.weight > best+1e-9 {
			break
		}
		if s.hit {
			break
		}
		set, ok := s.repair(sub.figs, false)
		if !ok && len(sub.figs) == 1 && p.Figures[sub.figs[0]].Value.V != 0 {
			set, ok = s.repair(sub.figs, true) // a sign written wrong
		}
		if ok {
			set.Weight = sub.weight
			out.Sets = append(out.Sets, set)
			best = sub.weight
		}
	}
	if s.hit {
		out.Limit = "the search stopped at its limit of " + strconv.Itoa(lim.MaxEvals) + " evaluations"
	} else if len(out.Sets) == 0 {
		out.Limit = "no repair of at most " + strconv.Itoa(lim.MaxSize) + " figures"
	}
	out.Evals = s.evals
	return out
}

type solver struct {
	p       Problem
	lim     Limits
	readers [][]int // the rules reading each figure
	evals   int
	hit     bool // the limit of evaluations was reached
}

type subset struct {
	figs   []int
	weight float64
}

func (s *solver) weight(f int) float64 {
	if w := s.p.Figures[f].Weight; w > 0 {
		return w
	}
	return 1
}

// subsets lists the sets of candidates that every failing rule reads one
// of, lightest first, then smallest.
func (s *solver) subsets(cand []int) []subset {
	var failing []int
	for i, r := range s.p.Rules {
		if r.Failing {
			failing = append(failing, i)
		}
	}
	covers := func(figs []int) bool {
		for _, i := range failing {
			hit := false
			for _, f := range s.p.Rules[i].Reads {
				for _, g := range figs {
					hit = hit || f == g
				}
			}
			if !hit {
				return false
			}
		}
		return true
	}
	var out []subset
	var grow func(start int, figs []int, w float64)
	grow = func(start int, figs []int, w float64) {
		if len(figs) > 0 && covers(figs) {
			out = append(out, subset{append([]int(nil), figs...), w})
			return // a superset of a repair is never smallest
		}
		if len(figs) == s.lim.MaxSize {
			return
		}
		for i := start; i < len(cand); i++ {
			grow(i+1, append(figs, cand[i]), w+s.weight(cand[i]))
		}
	}
	grow(0, nil, 0)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].weight != out[j].weight {
			return out[i].weight < out[j].weight
		}
		return len(out[i].figs) < len(out[j].figs)
	})
	return out
}

// holds evaluates every rule in rules on vals.
func (s *solver) holds(rules []int, vals []interval.Num) bool {
	for _, i := range rules {
		s.evals++
		if !s.p.Holds(i, vals) {
			return false
		}
	}
	return true
}

// repair tries to change the figures of figs so that every rule reading
// them passes.
func (s *solver) repair(figs []int, flip bool) (Set, bool) {
	vals := make([]interval.Num, len(s.p.Figures))
	for i, f := range s.p.Figures {
		vals[i] = f.Value
	}
	var rules []int
	seen := map[int]bool{}
	for _, f := range figs {
		vals[f] = searchRange(s.p.Figures[f].Value, flip)
		for _, r := range s.readers[f] {
			if !seen[r] {
				seen[r] = true
				rules = append(rules, r)
			}
		}
	}
	sort.Ints(rules)
	// With every suspect free, the failing rules must be able to pass: a
	// cheap test that rules out most sets.
	var failing []int
	for _, r := range rules {
		if s.p.Rules[r].Failing {
			failing = append(failing, r)
		}
	}
	if !s.holds(failing, vals) {
		return Set{}, false
	}
	// Narrow each suspect with the others held to their intervals, twice
	// round when there are several.
	rounds := 1
	if len(figs) > 1 {
		rounds = 2
	}
	for range rounds {
		for _, f := range figs {
			lo, hi, ok := s.narrow(f, rules, vals)
			if !ok {
				return Set{}, false
			}
			vals[f] = span(lo, hi)
		}
	}
	set := Set{}
	for _, f := range figs {
		// An end of the range searched is no bound at all.
		c := Culprit{Figure: f, Lo: vals[f].Lo, Hi: vals[f].Hi}
		whole := searchRange(s.p.Figures[f].Value, flip)
		if c.Lo == whole.Lo {
			c.Lo = math.Inf(-1)
			if whole.Lo > 0 {
				c.Lo = 0
			}
		}
		if c.Hi == whole.Hi {
			c.Hi = math.Inf(1)
			if whole.Hi < 0 {
				c.Hi = 0
			}
		}
		set.Culprits = append(set.Culprits, c)
	}
	// Confirm with one point of each, chosen in turn.
	point := append([]interval.Num(nil), vals...)
	for i, f := range figs {
		lo, hi := vals[f].Lo, vals[f].Hi
		if i > 0 { // the figures before it are points now
			var ok bool
			if lo, hi, ok = s.narrow(f, rules, point); !ok {
				return Set{}, false
			}
		}
		point[f] = interval.Exact(lo/2 + hi/2)
	}
	if !s.holds(rules, point) {
		return Set{}, false
	}
	return set, true
}

// narrow returns the interval of values of figure f, inside its current
// interval in vals, with which every rule of rules could pass.
func (s *solver) narrow(f int, rules []int, vals []interval.Num) (lo, hi float64, ok bool) {
	var mine []int
	for _, r := range rules {
		for _, g := range s.p.Rules[r].Reads {
			if g == f {
				mine = append(mine, r)
				break
			}
		}
	}
	a, b := vals[f].Lo, vals[f].Hi
	try := func(x, y float64) bool {
		old := vals[f]
		vals[f] = span(x, y)
		ok := s.holds(mine, vals)
		vals[f] = old
		return ok
	}
	// Branch and bound: a range where no rule could pass is left out
	// for certain; one where they could is split until it is a point,
	// lowest halves first for the lowest value, highest for the highest.
	// Splitting is what makes the answer exact where a figure appears
	// twice in a rule, as in a / (a + b), and intervals overstate.
	var end func(l, h float64, low bool) (float64, bool)
	end = func(l, h float64, low bool) (float64, bool) {
		if s.evals >= s.lim.MaxEvals {
			s.hit = true
			return 0, false
		}
		if !try(l, h) {
			return 0, false
		}
		if near(l, h) {
			if low {
				return l, true
			}
			return h, true
		}
		m := mid(l, h)
		first, second := [2]float64{l, m}, [2]float64{m, h}
		if !low {
			first, second = second, first
		}
		if x, ok := end(first[0], first[1], low); ok {
			return x, true
		}
		return end(second[0], second[1], low)
	}
	lo, ok = end(a, b, true)
	if !ok {
		return 0, 0, false
	}
	hi, ok = end(lo, b, false)
	return lo, hi, ok
}

// searchRange is where a figure's true value is looked for: on the side of
// zero it was written on (the other side if flip), up to a million times
// larger, so that a ratio never divides by an interval that holds zero.
func searchRange(v interval.Num, flip bool) interval.Num {
	const tiny = 1e-9
	big := max(math.Abs(v.V), 1) * 1e6
	switch {
	case v.V > 0 != flip && v.V != 0:
		return span(tiny, big)
	case v.V != 0:
		return span(-big, -tiny)
	}
	return span(-big, big)
}

func span(lo, hi float64) interval.Num { return interval.Figure(lo/2+hi/2, lo, hi) }

// mid is the middle of [l, h] on a scale that is logarithmic far from zero,
// so that bisecting a range of many orders of magnitude takes few steps.
func mid(l, h float64) float64 {
	if l > 0 && h/l > 4 {
		return math.Sqrt(l * h)
	}
	if h < 0 && l/h > 4 {
		return -math.Sqrt(l * h)
	}
	return l/2 + h/2
}

func near(l, h float64) bool {
	return h-l <= 1e-7*max(math.Abs(l), math.Abs(h), 1e-6)
}
