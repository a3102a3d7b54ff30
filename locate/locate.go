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
// monotone in it, so the values that satisfy it are one interval. Where
// the rules say how far they are from passing (Problem.Gaps), and that
// distance is a linear or rational-linear function of the suspect (in a
// sum, a rate's numerator or denominator, a share), the interval's ends
// are solved for in closed form and confirmed by the rules themselves (see
// exact.go); otherwise bisection on the ends of the suspect's range finds
// the interval to the precision of float64. For several suspects the
// intervals are narrowed in turn, each with the others held to theirs, and
// a set counts
// as a repair only when one point of each, chosen in turn, satisfies every
// rule: a set reported can always be repaired; on a relation that is not
// monotone a repair may be missed, never invented.
package locate

import (
	"math"
	"slices"
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
	// Holds reports whether rule i could pass with the true values of the
	// figures it reads inside the intervals changes give, the figures that
	// changes leave out as written.
	Holds func(i int, changes []Change) bool
	// Gaps, which may be nil, says how far rule i is from passing with
	// the changes: it appends to gaps one number for each condition the
	// rule rests on, at most zero where that condition could hold, and
	// reports false where the rule is not made of such conditions. With
	// it, a figure's values are solved for (see exact) instead of
	// bisected; Holds still decides.
	Gaps func(i int, changes []Change, gaps []float64) ([]float64, bool)
}

// Change is a value tried for one figure a rule reads: Read indexes the
// rule's Reads.
type Change struct {
	Read  int
	Value interval.Num
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
	s := &solver{p: p, lim: lim, reads: make([][]read, len(p.Figures)), readers: make([][]int, len(p.Figures)),
		alone: map[int]alone{}, vals: make([]interval.Num, len(p.Figures))}
	var cand []int
	seen := map[int]bool{}
	for i, r := range p.Rules {
		for at, f := range r.Reads {
			s.reads[f] = append(s.reads[f], read{i, at})
			if !slices.Contains(s.readers[f], i) {
				s.readers[f] = append(s.readers[f], i)
			}
			if r.Failing && !seen[f] {
				seen[f] = true
				cand = append(cand, f)
			}
		}
	}
	for f := range s.readers { // the failing rules first: they rule out most values
		slices.SortStableFunc(s.readers[f], func(a, b int) int {
			return cmpBool(p.Rules[b].Failing, p.Rules[a].Failing)
		})
	}
	for i, f := range p.Figures {
		s.vals[i] = f.Value
	}
	sort.Ints(cand)
	subsets := s.subsets(cand)
	var out Solution
	best := math.Inf(1)
	for _, sub := range subsets {
		if sub.weight > best+1e-9 || s.hit {
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

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

type solver struct {
	p       Problem
	lim     Limits
	reads   [][]read // where each figure is read
	readers [][]int  // the rules reading each figure, failing ones first
	// alone holds each figure's repair with every other figure as written,
	// by figure and sign: the part of any repair of figures that no rule
	// reads together with it.
	alone   map[int]alone
	vals    []interval.Num // the figures' values tried: as written but for the suspects
	suspect []int          // the figures changed in vals
	changes []Change
	gaps    [3][]float64 // scratch for the exact method
	evals   int
	hit     bool // the limit of evaluations was reached
}

// read is a place where a figure is read: rule's Reads[at].
type read struct{ rule, at int }

// alone is the repair of one figure with every other figure as written.
type alone struct {
	lo, hi float64
	ok     bool
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
			if !slices.ContainsFunc(s.p.Rules[i].Reads, func(f int) bool { return slices.Contains(figs, f) }) {
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

// holds evaluates rule i on the values tried.
func (s *solver) holds(i int) bool {
	s.evals++
	return s.p.Holds(i, s.changesOf(i))
}

// changesOf returns the values tried of the figures rule i reads.
func (s *solver) changesOf(i int) []Change {
	s.changes = s.changes[:0]
	for _, f := range s.suspect {
		for _, r := range s.reads[f] {
			if r.rule == i {
				s.changes = append(s.changes, Change{r.at, s.vals[f]})
			}
		}
	}
	return s.changes
}

// pass reports whether every rule in rules could pass with figure f at v.
// The rule that failed is moved first: it is the likeliest to fail again.
func (s *solver) pass(rules []int, f int, v interval.Num) bool {
	s.vals[f] = v
	for k, r := range rules {
		if !s.holds(r) {
			copy(rules[1:k+1], rules[:k])
			rules[0] = r
			return false
		}
	}
	return true
}

// holdAll evaluates every rule in rules on the values tried.
func (s *solver) holdAll(rules []int) bool {
	for _, i := range rules {
		if !s.holds(i) {
			return false
		}
	}
	return true
}

// together reports whether some rule reads two of figs.
func (s *solver) together(figs []int) bool {
	for i, f := range figs {
		for _, g := range figs[i+1:] {
			if slices.ContainsFunc(s.readers[f], func(r int) bool { return slices.Contains(s.readers[g], r) }) {
				return true
			}
		}
	}
	return false
}

// repair tries to change the figures of figs so that every rule reading
// them passes. Figures that no rule reads together are repaired each
// alone, once for every set they are in.
func (s *solver) repair(figs []int, flip bool) (Set, bool) {
	if len(figs) > 1 && !s.together(figs) {
		set := Set{}
		for _, f := range figs {
			a, ok := s.alone[f]
			if !ok {
				one, found := s.search([]int{f}, false)
				if s.hit {
					return Set{}, false
				}
				a = alone{ok: found}
				if found {
					a.lo, a.hi = one.Culprits[0].Lo, one.Culprits[0].Hi
				}
				s.alone[f] = a
			}
			if !a.ok {
				return Set{}, false
			}
			set.Culprits = append(set.Culprits, Culprit{Figure: f, Lo: a.lo, Hi: a.hi})
		}
		return set, true
	}
	set, ok := s.search(figs, flip)
	if len(figs) == 1 && !flip && !s.hit {
		a := alone{ok: ok}
		if ok {
			a.lo, a.hi = set.Culprits[0].Lo, set.Culprits[0].Hi
		}
		s.alone[figs[0]] = a
	}
	return set, ok
}

// search narrows the figures of figs, each free on its side of zero (the
// other if flip), until every rule reading them passes.
func (s *solver) search(figs []int, flip bool) (Set, bool) {
	s.suspect = figs
	defer func() {
		for _, f := range figs {
			s.vals[f] = s.p.Figures[f].Value
		}
		s.suspect = nil
	}()
	var rules []int
	for _, f := range figs {
		s.vals[f] = searchRange(s.p.Figures[f].Value, flip)
		for _, r := range s.readers[f] {
			if !slices.Contains(rules, r) {
				rules = append(rules, r)
			}
		}
	}
	// With every suspect free, the failing rules must be able to pass: a
	// cheap test that rules out most sets.
	for _, r := range rules {
		if s.p.Rules[r].Failing && !s.holds(r) {
			return Set{}, false
		}
	}
	// Narrow each suspect with the others held to their intervals, twice
	// round when there are several.
	rounds := 1
	if len(figs) > 1 {
		rounds = 2
	}
	for range rounds {
		for _, f := range figs {
			lo, hi, ok := s.narrow(f)
			if !ok {
				return Set{}, false
			}
			s.vals[f] = span(lo, hi)
		}
	}
	set := Set{}
	narrowed := make([]interval.Num, len(figs))
	for i, f := range figs {
		narrowed[i] = s.vals[f]
		// An end of the range searched is no bound at all.
		c := Culprit{Figure: f, Lo: s.vals[f].Lo, Hi: s.vals[f].Hi}
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
	// Confirm with one point of each, chosen in turn, so that intervals'
	// overstatement never makes a repair of several figures.
	for i, f := range figs {
		lo, hi := narrowed[i].Lo, narrowed[i].Hi
		if i > 0 { // the figures before it are points now
			var ok bool
			if lo, hi, ok = s.narrow(f); !ok {
				return Set{}, false
			}
		}
		s.vals[f] = interval.Exact(lo/2 + hi/2)
		if near(lo, hi) { // a point already, as closely as float64 finds it
			s.vals[f] = span(lo, hi)
		}
	}
	if !s.holdAll(rules) {
		return Set{}, false
	}
	return set, true
}

// narrow returns the interval of values of figure f, inside its current
// interval, with which every rule reading it could pass: solved for where
// the rules' gaps allow it, else by bisection.
func (s *solver) narrow(f int) (lo, hi float64, ok bool) {
	if s.p.Gaps != nil {
		if lo, hi, ok, decided := s.exact(f); decided {
			return lo, hi, ok
		}
	}
	rules := slices.Clone(s.readers[f])
	a, b := s.vals[f].Lo, s.vals[f].Hi
	defer func() { s.vals[f] = span(a, b) }()
	// try reports whether the rules could pass with f in [x, y].
	try := func(x, y float64) bool { return s.pass(rules, f, span(x, y)) }
	// Branch and bound: a range where no rule could pass is left out
	// for certain; one where they could is split until it is a point,
	// lowest halves first for the lowest value, highest for the highest.
	// Splitting is what makes the answer exact where a figure appears
	// twice in a rule, as in a / (a + b), and intervals overstate. Once
	// the lowest value is found, the values are one interval from it: when
	// the upper half of a range fails, the lower half holds the highest
	// value, and is not tried as a whole.
	var end func(l, h float64, low, holds bool) (float64, bool)
	end = func(l, h float64, low, holds bool) (float64, bool) {
		if s.evals >= s.lim.MaxEvals {
			s.hit = true
			return 0, false
		}
		if near(l, h) {
			if !try(l, h) {
				return 0, false
			}
			if low {
				return l, true
			}
			return h, true
		}
		if !holds && !try(l, h) {
			return 0, false
		}
		m := mid(l, h)
		first, second := [2]float64{l, m}, [2]float64{m, h}
		if !low {
			first, second = second, first
		}
		if x, ok := end(first[0], first[1], low, false); ok {
			return x, true
		}
		return end(second[0], second[1], low, !low)
	}
	lo, ok = end(a, b, true, false)
	if !ok {
		return 0, 0, false
	}
	hi, ok = end(lo, b, false, false)
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

// near reports whether [l, h] is as narrow as narrowing makes a range.
func near(l, h float64) bool {
	return h-l <= 1e-7*max(math.Abs(l), math.Abs(h), 1e-6)
}
