package checker

import (
	"slices"
	"strings"

	"github.com/figcheck/figcheck/internal/dfa"
	"github.com/figcheck/figcheck/internal/ir"
	"github.com/figcheck/figcheck/interval"
)

// The fast path: a rule's IR becomes Go closures, with the same meaning as
// the programs expr compiles from the same tree (tests and a fuzz target
// hold the two to each other). The IR covers arithmetic, comparisons,
// and/or/not, let, ?:, in, matches, present() and the helpers; a rule that
// uses anything else is evaluated by expr's VM.
//
// The closures evaluate a batch of rows at once: each node of the tree is
// one call for the whole batch and a loop over its rows, where a closure per
// row would cost a call per node and row (most of the time of a simple rule
// such as fte > 0). Both sides of and, or and ?: are evaluated for every
// row; the expressions have no side effects, so only the time differs.

// cellState says what a measure's cell holds.
type cellState uint8

const (
	cellNumber     cellState = iota
	cellSuppressed           // a suppression code
	cellMissing              // empty
	cellUnreadable           // neither: an input problem
)

// batchRows is the most rows a batch holds: enough to spread the cost of a
// call over many rows, few enough that its vectors stay in the CPU's cache.
const batchRows = 256

// batch is the rows a lowered expression evaluates (at most batchRows) and
// its working memory: scratch vectors, handed out and given back in stack
// order, and the values let binds. A batch belongs to one goroutine.
type batch struct {
	rows  []*record
	nums  pool[Num]
	bools pool[bool]
	vars  [][]Num // by let slot
	one   [1]*record
}

// pool hands out vectors of up to batchRows values and takes them back.
type pool[T any] struct{ free [][]T }

func (p *pool[T]) get(n int) []T {
	if k := len(p.free); k > 0 {
		v := p.free[k-1]
		p.free = p.free[:k-1]
		return v[:n]
	}
	return make([]T, n, batchRows)
}

func (p *pool[T]) put(v []T) { p.free = append(p.free, v) }

func (b *batch) num() []Num   { return b.nums.get(len(b.rows)) }
func (b *batch) bool() []bool { return b.bools.get(len(b.rows)) }

type (
	// numFn writes the value of a number for each row of b into out.
	numFn func(b *batch, out []Num)
	// boolFn writes whether a condition holds for each row of b into out.
	boolFn func(b *batch, out []bool)
)

// on decides f for one record, with b's working memory.
func (f boolFn) on(b *batch, rec *record) bool {
	b.one[0] = rec
	b.rows = b.one[:]
	out := b.bool()
	f(b, out)
	holds := out[0]
	b.bools.put(out)
	b.rows = nil
	return holds
}

// on is the side's value for one record, with b's working memory. The lets
// around it are bound first.
func (s *sideFn) on(b *batch, rec *record) Num {
	b.one[0] = rec
	b.rows = b.one[:]
	for _, let := range s.lets {
		v := b.num()
		let.value(b, v)
		b.bind(let.slot, v)
	}
	out := b.num()
	s.fn(b, out)
	v := out[0]
	b.nums.put(out)
	for _, let := range s.lets {
		b.nums.put(b.vars[let.slot])
		b.vars[let.slot] = nil
	}
	b.rows = nil
	return v
}

// bind gives let slot its values.
func (b *batch) bind(slot int, v []Num) {
	for len(b.vars) <= slot {
		b.vars = append(b.vars, nil)
	}
	b.vars[slot] = v
}

// text is a string a rule reads: a dimension of the row, or a literal.
type text struct {
	dim     int // -1 for a literal
	literal string
}

func (t text) of(r *record) string {
	if t.dim < 0 {
		return t.literal
	}
	return r.dims[t.dim]
}

// lowered is a rule expression as closures: as written, within rounding
// and leniently (assertions; lenient is nil where nothing divides), and
// the sides of its comparisons at the top.
type lowered struct {
	written, rounding, lenient boolFn
	sides                      []*sideFn // two by ir.Top.Index; nil where a top comparison is not of numbers
}

// sideFn is one side of a comparison at the top of an assertion, as a
// closure, with the lets it sits in.
type sideFn struct {
	fn   numFn
	lets []letFn
}

type letFn struct {
	slot  int
	value numFn
}

// closures turns IR into closures in one mode. index says where a
// reference is in the records the closures read: a measure or dimension of
// the dataset, or a slot of a frame.
type closures struct {
	mode  mode
	tol   interval.Tolerance
	index func(ir.Ref) int
}

// compileIR returns the closures of a true-or-false expression, or false
// when the closures do not cover it.
func compileIR(n ir.Node, index func(ir.Ref) int, tol interval.Tolerance, withRounding bool) (*lowered, bool) {
	out := &lowered{}
	modes := []mode{asWritten}
	if withRounding {
		modes = append(modes, withinRounding, lenient)
	}
	for _, m := range modes {
		c := &closures{mode: m, tol: tol, index: index}
		f, ok := c.boolean(n)
		if !ok {
			return nil, false
		}
		switch m {
		case asWritten:
			out.written = f
		case withinRounding:
			out.rounding = f
		default:
			out.lenient = f
		}
	}
	c := &closures{mode: asWritten, tol: tol, index: index}
	for _, top := range ir.Tops(n) {
		for len(out.sides) < 2*(top.Index+1) {
			out.sides = append(out.sides, nil)
		}
		var lets []letFn
		for _, let := range top.Lets {
			v, _ := c.num(let.Value) // compiled above
			lets = append(lets, letFn{let.Slot, v})
		}
		l, r := top.Sides()
		lf, _ := c.num(l)
		rf, _ := c.num(r)
		out.sides[2*top.Index] = &sideFn{fn: lf, lets: lets}
		out.sides[2*top.Index+1] = &sideFn{fn: rf, lets: lets}
	}
	return out, true
}

func constant(v Num) numFn {
	return func(b *batch, out []Num) {
		for i := range out {
			out[i] = v
		}
	}
}

// apply is fn of a's values.
func apply(a numFn, fn func(Num) Num) numFn {
	return func(b *batch, out []Num) {
		a(b, out)
		for i, x := range out {
			out[i] = fn(x)
		}
	}
}

// zip is fn of a's and c's values.
func zip(a, c numFn, fn func(x, y Num) Num) numFn {
	return func(b *batch, out []Num) {
		a(b, out)
		y := b.num()
		c(b, y)
		for i, x := range out {
			out[i] = fn(x, y[i])
		}
		b.nums.put(y)
	}
}

// plainArithFuncs compute on plain numbers as expr does, on float64.
var plainArithFuncs = [...]func(a, b Num) Num{
	ir.Add: func(a, b Num) Num { return interval.Exact(a.V + b.V) },
	ir.Sub: func(a, b Num) Num { return interval.Exact(a.V - b.V) },
	ir.Mul: func(a, b Num) Num { return interval.Exact(a.V * b.V) },
	ir.Div: func(a, b Num) Num { return interval.Exact(a.V / b.V) },
}

// num compiles a Figure or Number node.
func (c *closures) num(n ir.Node) (numFn, bool) {
	switch n := n.(type) {
	case *ir.Const:
		if n.T != ir.Number {
			return nil, false
		}
		return constant(interval.Exact(n.Num)), true
	case *ir.RefNode:
		if n.Ref.Type() != ir.Figure {
			return nil, false
		}
		m := c.index(n.Ref)
		return func(b *batch, out []Num) {
			for i, r := range b.rows {
				out[i] = r.nums[m]
			}
		}, true
	case *ir.Var:
		slot := n.Slot
		return func(b *batch, out []Num) { copy(out, b.vars[slot]) }, true
	case *ir.Arith:
		a, ok1 := c.num(n.L)
		d, ok2 := c.num(n.R)
		if !ok1 || !ok2 {
			return nil, false
		}
		if n.T == ir.Figure {
			for _, f := range figureArith {
				if f.ir == n.Op {
					return zip(a, d, f.f), true
				}
			}
		}
		return zip(a, d, plainArithFuncs[n.Op]), true
	case *ir.ToFigure:
		a, ok := c.num(n.X)
		return apply(a, func(x Num) Num { return interval.Exact(x.V) }), ok
	case *ir.Call:
		var args []numFn
		for _, a := range n.Args {
			f, ok := c.num(a)
			if !ok {
				return nil, false
			}
			args = append(args, f)
		}
		for _, h := range figureFuncs {
			switch {
			case h.ir != n.Fn:
			case h.unary != nil && len(args) == 1:
				return apply(args[0], h.unary), true
			case h.binary != nil && len(args) == 2:
				return zip(args[0], args[1], h.binary), true
			}
		}
	case *ir.Cond:
		cond, ok := c.boolean(n.C)
		a, ok1 := c.num(n.A)
		d, ok2 := c.num(n.B)
		if ok && ok1 && ok2 {
			return choose(cond, a, d, func(b *batch) *pool[Num] { return &b.nums }), true
		}
	case *ir.Let:
		value, ok1 := c.num(n.Value)
		body, ok2 := c.num(n.Body)
		if ok1 && ok2 {
			return let(n.Slot, value, body), true
		}
	}
	return nil, false
}

// choose is cond ? a : c, row by row, for numbers or conditions; scratch
// gives the batch's pool of a's type.
func choose[T any](cond boolFn, a, c func(*batch, []T), scratch func(*batch) *pool[T]) func(*batch, []T) {
	return func(b *batch, out []T) {
		which := b.bool()
		cond(b, which)
		a(b, out)
		other := scratch(b).get(len(out))
		c(b, other)
		for i, yes := range which {
			if !yes {
				out[i] = other[i]
			}
		}
		scratch(b).put(other)
		b.bools.put(which)
	}
}

// let binds value's vector to slot while body is evaluated.
func let[T any](slot int, value numFn, body func(*batch, []T)) func(*batch, []T) {
	return func(b *batch, out []T) {
		v := b.num()
		value(b, v)
		b.bind(slot, v)
		body(b, out)
		b.vars[slot] = nil
		b.nums.put(v)
	}
}

func (c *closures) text(n ir.Node) (text, bool) {
	switch n := n.(type) {
	case *ir.Const:
		return text{dim: -1, literal: n.Str}, n.T == ir.Text
	case *ir.RefNode:
		if n.Ref.Kind == ir.Dimension {
			return text{dim: c.index(n.Ref)}, true
		}
	}
	return text{}, false
}

// textTest is a condition on one text of each row.
func textTest(t text, holds func(string) bool) boolFn {
	return func(b *batch, out []bool) {
		for i, r := range b.rows {
			out[i] = holds(t.of(r))
		}
	}
}

var textFuncs = map[ir.TextOp]func(string, string) bool{
	ir.StartsWith: strings.HasPrefix, ir.EndsWith: strings.HasSuffix, ir.Contains: strings.Contains,
	ir.TextEq: func(a, b string) bool { return a == b },
	ir.TextNe: func(a, b string) bool { return a != b },
}

func (c *closures) boolean(n ir.Node) (boolFn, bool) {
	switch n := n.(type) {
	case *ir.Const:
		v := n.Bool
		return func(b *batch, out []bool) {
			for i := range out {
				out[i] = v
			}
		}, n.T == ir.Bool
	case *ir.RefNode:
		if n.Ref.Kind != ir.Present {
			return nil, false
		}
		m := c.index(n.Ref)
		return func(b *batch, out []bool) {
			for i, r := range b.rows {
				out[i] = r.state[m] == cellNumber
			}
		}, true
	case *ir.Not:
		a, ok := c.boolean(n.X)
		return func(b *batch, out []bool) {
			a(b, out)
			for i, v := range out {
				out[i] = !v
			}
		}, ok
	case *ir.Logic:
		a, ok1 := c.boolean(n.L)
		d, ok2 := c.boolean(n.R)
		and := n.Op == ir.And
		return func(b *batch, out []bool) {
			a(b, out)
			other := b.bool()
			d(b, other)
			for i, v := range other {
				if and {
					out[i] = out[i] && v
				} else {
					out[i] = out[i] || v
				}
			}
			b.bools.put(other)
		}, ok1 && ok2
	case *ir.Cond:
		cond, ok := c.boolean(n.C)
		a, ok1 := c.boolean(n.A)
		d, ok2 := c.boolean(n.B)
		if ok && ok1 && ok2 {
			return choose(cond, a, d, func(b *batch) *pool[bool] { return &b.bools }), true
		}
	case *ir.Let:
		value, ok1 := c.num(n.Value)
		body, ok2 := c.boolean(n.Body)
		if ok1 && ok2 {
			return let(n.Slot, value, body), true
		}
	case *ir.TextTest:
		return c.textTest(n)
	case *ir.Compare:
		a, ok1 := c.num(n.L)
		d, ok2 := c.num(n.R)
		if !ok1 || !ok2 {
			return nil, false
		}
		cmp, tol := comparator(c.mode, n.Pol, n.Op), c.tol
		return func(b *batch, out []bool) {
			x, y := b.num(), b.num()
			a(b, x)
			d(b, y)
			for i := range out {
				out[i] = cmp(x[i], y[i], tol.For(x[i], y[i]))
			}
			b.nums.put(y)
			b.nums.put(x)
		}, true
	case *ir.PlainCompare:
		a, ok1 := c.num(n.L)
		d, ok2 := c.num(n.R)
		op := n.Op
		return func(b *batch, out []bool) {
			x, y := b.num(), b.num()
			a(b, x)
			d(b, y)
			for i := range out {
				out[i] = compareValues(op, x[i].V, y[i].V)
			}
			b.nums.put(y)
			b.nums.put(x)
		}, ok1 && ok2
	}
	return nil, false
}

func (c *closures) textTest(n *ir.TextTest) (boolFn, bool) {
	x, ok := c.text(n.L)
	if !ok {
		return nil, false
	}
	switch n.Op {
	case ir.In:
		set := n.Set
		return textTest(x, func(v string) bool { return slices.Contains(set, v) }), true
	case ir.Matches:
		return textTest(x, dfa.New(n.Pattern).MatchString), true
	}
	y, ok := c.text(n.R)
	f := textFuncs[n.Op]
	return func(b *batch, out []bool) {
		for i, r := range b.rows {
			out[i] = f(x.of(r), y.of(r))
		}
	}, ok
}

// compareValues compares two plain numbers.
func compareValues(op interval.Op, a, b float64) bool {
	switch op {
	case interval.Eq:
		return a == b
	case interval.Ne:
		return a != b
	case interval.Lt:
		return a < b
	case interval.Le:
		return a <= b
	case interval.Gt:
		return a > b
	default:
		return a >= b
	}
}
