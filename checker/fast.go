package checker

import (
	"regexp"
	"slices"
	"strings"

	"github.com/expr-lang/expr/ast"

	"github.com/figcheck/figcheck/internal/dfa"
	"github.com/figcheck/figcheck/interval"
)

// The fast path: rules over table rows are lowered from their expression
// tree to Go closures, with the same meaning as the programs expr compiles
// (a test holds the two to each other). It covers arithmetic, comparisons,
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

// lowered is a rule expression as closures: as written, and within rounding.
type lowered struct {
	written, rounding boolFn
}

// lowerer lowers one expression in one mode.
type lowerer struct {
	sc         *scope
	mode       mode
	tol        interval.Tolerance
	vars       map[string]int  // let names → slots in batch.vars
	figureVars map[string]bool // let names bound to values read from figures
	nvar       int
}

// lower returns the closures for a true-or-false expression, or false when
// it uses something the fast path does not cover.
func lower(n ast.Node, sc *scope, tol interval.Tolerance, withRounding bool) (*lowered, bool) {
	out := &lowered{}
	modes := []mode{asWritten}
	if withRounding {
		modes = append(modes, withinRounding)
	}
	for _, m := range modes {
		l := &lowerer{sc: sc, mode: m, tol: tol, vars: map[string]int{}, figureVars: map[string]bool{}}
		f, ok := l.boolean(n, positive)
		if !ok {
			return nil, false
		}
		if m == asWritten {
			out.written = f
		} else {
			out.rounding = f
		}
	}
	return out, true
}

type kind int

const (
	kindNone kind = iota
	kindNum
	kindStr
	kindBool
)

// kindOf infers the type of n; the expression has already passed expr's
// type checker, so this only has to agree with it on what lower covers.
func (l *lowerer) kindOf(n ast.Node) kind {
	switch n := n.(type) {
	case *ast.IntegerNode, *ast.FloatNode:
		return kindNum
	case *ast.StringNode:
		return kindStr
	case *ast.BoolNode:
		return kindBool
	case *ast.IdentifierNode:
		if _, ok := l.vars[n.Value]; ok {
			return kindNum
		}
		switch l.sc.env[n.Value].(type) {
		case Num:
			return kindNum
		case string:
			return kindStr
		case bool:
			return kindBool
		}
	case *ast.BinaryNode:
		switch n.Operator {
		case "+", "-", "*", "/":
			if l.kindOf(n.Left) == kindNum && l.kindOf(n.Right) == kindNum {
				return kindNum
			}
		case "==", "!=", "<", "<=", ">", ">=", "&&", "and", "||", "or", "in", "matches", "startsWith", "endsWith", "contains":
			return kindBool
		}
	case *ast.UnaryNode:
		switch n.Operator {
		case "!", "not":
			return kindBool
		case "-", "+":
			return l.kindOf(n.Node)
		}
	case *ast.CallNode:
		if id, ok := n.Callee.(*ast.IdentifierNode); ok {
			if _, helper := HelperNames[id.Value]; helper {
				return kindNum
			}
		}
	case *ast.ConditionalNode:
		return l.kindOf(n.Exp1)
	case *ast.VariableDeclaratorNode:
		return l.kindOf(n.Expr)
	}
	return kindNone
}

func (l *lowerer) num(n ast.Node) (numFn, bool) {
	switch n := n.(type) {
	case *ast.IntegerNode:
		return constant(interval.Exact(float64(n.Value))), true
	case *ast.FloatNode:
		return constant(interval.Exact(n.Value)), true
	case *ast.IdentifierNode:
		if slot, ok := l.vars[n.Value]; ok {
			return func(b *batch, out []Num) { copy(out, b.vars[slot]) }, true
		}
		if l.sc.dataset == nil {
			return nil, false
		}
		if m := measureIndexOf(l.sc.dataset, n.Value); m >= 0 {
			return func(b *batch, out []Num) {
				for i, r := range b.rows {
					out[i] = r.nums[m]
				}
			}, true
		}
	case *ast.BinaryNode:
		a, ok1 := l.num(n.Left)
		c, ok2 := l.num(n.Right)
		if !ok1 || !ok2 {
			return nil, false
		}
		ops := map[string]func(a, b Num) Num{
			"+": interval.Add, "-": interval.Sub, "*": interval.Mul, "/": interval.Div,
		}
		if op, ok := ops[n.Operator]; ok {
			return zip(a, c, op), true
		}
	case *ast.UnaryNode:
		a, ok := l.num(n.Node)
		switch {
		case !ok:
		case n.Operator == "-":
			return apply(a, interval.Neg), true
		case n.Operator == "+":
			return a, true
		}
	case *ast.CallNode:
		return l.call(n)
	case *ast.ConditionalNode:
		cond, ok := l.boolean(n.Cond, mixed)
		a, ok1 := l.num(n.Exp1)
		c, ok2 := l.num(n.Exp2)
		if ok && ok1 && ok2 {
			return choose(cond, a, c, func(b *batch) *pool[Num] { return &b.nums }), true
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

func (l *lowerer) call(n *ast.CallNode) (numFn, bool) {
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok {
		return nil, false
	}
	var args []numFn
	for _, a := range n.Arguments {
		f, ok := l.num(a)
		if !ok {
			return nil, false
		}
		args = append(args, f)
	}
	switch {
	case id.Value == "abs" && len(args) == 1:
		return apply(args[0], interval.Abs), true
	case len(args) != 2:
		return nil, false
	}
	fn, ok := map[string]func(a, b Num) Num{"min": interval.Min, "max": interval.Max, "pct_change": interval.PctChange}[id.Value]
	if !ok {
		return nil, false
	}
	return zip(args[0], args[1], fn), true
}

func (l *lowerer) str(n ast.Node) (text, bool) {
	switch n := n.(type) {
	case *ast.StringNode:
		return text{dim: -1, literal: n.Value}, true
	case *ast.IdentifierNode:
		if l.sc.dataset == nil {
			return text{}, false
		}
		if i := dimensionIndexOf(l.sc.dataset, n.Value); i >= 0 {
			return text{dim: i}, true
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

func (l *lowerer) boolean(n ast.Node, p polarity) (boolFn, bool) {
	switch n := n.(type) {
	case *ast.BoolNode:
		v := n.Value
		return func(b *batch, out []bool) {
			for i := range out {
				out[i] = v
			}
		}, true
	case *ast.IdentifierNode:
		if m, ok := presentIndex(l.sc, n.Value); ok {
			return func(b *batch, out []bool) {
				for i, r := range b.rows {
					out[i] = r.state[m] == cellNumber
				}
			}, true
		}
	case *ast.UnaryNode:
		if n.Operator == "!" || n.Operator == "not" {
			a, ok := l.boolean(n.Node, l.flip(p))
			if ok {
				return func(b *batch, out []bool) {
					a(b, out)
					for i, v := range out {
						out[i] = !v
					}
				}, true
			}
		}
	case *ast.BinaryNode:
		return l.binary(n, p)
	case *ast.ConditionalNode:
		cond, ok := l.boolean(n.Cond, mixed)
		a, ok1 := l.boolean(n.Exp1, p)
		c, ok2 := l.boolean(n.Exp2, p)
		if ok && ok1 && ok2 {
			return choose(cond, a, c, func(b *batch) *pool[bool] { return &b.bools }), true
		}
	case *ast.VariableDeclaratorNode:
		if l.kindOf(n.Value) != kindNum {
			return nil, false
		}
		value, ok := l.num(n.Value)
		if !ok {
			return nil, false
		}
		slot := l.nvar
		l.nvar++
		l.vars[n.Name], l.figureVars[n.Name] = slot, l.hasFigure(n.Value)
		body, ok := l.boolean(n.Expr, p)
		delete(l.vars, n.Name)
		delete(l.figureVars, n.Name)
		if ok {
			return func(b *batch, out []bool) {
				v := b.num()
				value(b, v)
				for len(b.vars) <= slot {
					b.vars = append(b.vars, nil)
				}
				b.vars[slot] = v
				body(b, out)
				b.vars[slot] = nil
				b.nums.put(v)
			}, true
		}
	}
	return nil, false
}

// flip is the polarity under a negation; as written, logic is plain.
func (l *lowerer) flip(p polarity) polarity {
	if l.mode == asWritten {
		return p
	}
	return flip(p)
}

func (l *lowerer) binary(n *ast.BinaryNode, p polarity) (boolFn, bool) {
	switch n.Operator {
	case "&&", "and", "||", "or":
		a, ok1 := l.boolean(n.Left, p)
		c, ok2 := l.boolean(n.Right, p)
		if !ok1 || !ok2 {
			return nil, false
		}
		and := n.Operator == "&&" || n.Operator == "and"
		return func(b *batch, out []bool) {
			a(b, out)
			other := b.bool()
			c(b, other)
			for i, v := range other {
				if and {
					out[i] = out[i] && v
				} else {
					out[i] = out[i] || v
				}
			}
			b.bools.put(other)
		}, true
	case "in":
		s, ok := l.str(n.Left)
		arr, isArr := n.Right.(*ast.ArrayNode)
		if !ok || !isArr {
			return nil, false
		}
		var set []string
		for _, item := range arr.Nodes {
			lit, ok := item.(*ast.StringNode)
			if !ok {
				return nil, false
			}
			set = append(set, lit.Value)
		}
		return textTest(s, func(v string) bool { return slices.Contains(set, v) }), true
	case "matches":
		s, ok := l.str(n.Left)
		lit, isLit := n.Right.(*ast.StringNode)
		if !ok || !isLit {
			return nil, false
		}
		re, err := regexp.Compile(lit.Value)
		if err != nil {
			return nil, false
		}
		return textTest(s, dfa.New(re).MatchString), true
	case "startsWith", "endsWith", "contains":
		x, ok1 := l.str(n.Left)
		y, ok2 := l.str(n.Right)
		if !ok1 || !ok2 {
			return nil, false
		}
		f := map[string]func(string, string) bool{
			"startsWith": strings.HasPrefix, "endsWith": strings.HasSuffix, "contains": strings.Contains,
		}[n.Operator]
		return func(b *batch, out []bool) {
			for i, r := range b.rows {
				out[i] = f(x.of(r), y.of(r))
			}
		}, true
	}
	op, isCmp := comparisonOps[n.Operator]
	if !isCmp {
		return nil, false
	}
	lk, rk := l.kindOf(n.Left), l.kindOf(n.Right)
	switch {
	case lk == kindStr && rk == kindStr && (op == interval.Eq || op == interval.Ne):
		x, ok1 := l.str(n.Left)
		y, ok2 := l.str(n.Right)
		if !ok1 || !ok2 {
			return nil, false
		}
		eq := op == interval.Eq
		return func(b *batch, out []bool) {
			for i, r := range b.rows {
				out[i] = (x.of(r) == y.of(r)) == eq
			}
		}, true
	case lk == kindNum && rk == kindNum:
		a, ok1 := l.num(n.Left)
		c, ok2 := l.num(n.Right)
		if !ok1 || !ok2 {
			return nil, false
		}
		plain := !l.hasFigure(n.Left) && !l.hasFigure(n.Right)
		cmp, tol := comparator(l.mode, p, op), l.tol
		return func(b *batch, out []bool) {
			x, y := b.num(), b.num()
			a(b, x)
			c(b, y)
			for i := range out {
				if plain {
					// Plain numbers compare as expr compares them: exactly,
					// with no tolerance and no rounding.
					out[i] = compareValues(op, x[i].V, y[i].V)
				} else {
					out[i] = cmp(x[i], y[i], tol.For(x[i], y[i]))
				}
			}
			b.nums.put(y)
			b.nums.put(x)
		}, true
	}
	return nil, false
}

// hasFigure reports whether n reads a figure, directly or through let.
func (l *lowerer) hasFigure(n ast.Node) bool {
	found := false
	ast.Find(n, func(node ast.Node) bool {
		if id, ok := node.(*ast.IdentifierNode); ok {
			if _, isNum := l.sc.env[id.Value].(Num); isNum || l.figureVars[id.Value] {
				found = true
			}
		}
		return false
	})
	return found
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

// presentIndex resolves present(x) to the index of measure x.
func presentIndex(sc *scope, name string) (int, bool) {
	if sc.dataset == nil || len(name) < len("present()") || name[:8] != "present(" {
		return 0, false
	}
	m := measureIndexOf(sc.dataset, name[8:len(name)-1])
	return m, m >= 0
}
