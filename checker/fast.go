package checker

import (
	"regexp"
	"strings"

	"github.com/expr-lang/expr/ast"

	"github.com/figcheck/figcheck/internal/dfa"
	"github.com/figcheck/figcheck/interval"
)

// The fast path: rules over table rows are lowered from their expression
// tree to Go closures over a row's numbers, with the same meaning as the
// programs expr compiles (a test holds the two to each other). It covers
// arithmetic, comparisons, and/or/not, let, ?:, in, matches, present() and
// the helpers; a rule that uses anything else is evaluated by expr's VM.

// cellState says what a measure's cell holds.
type cellState uint8

const (
	cellNumber     cellState = iota
	cellSuppressed           // a suppression code
	cellMissing              // empty
	cellUnreadable           // neither: an input problem
)

type (
	numFn  func(r *record) Num
	strFn  func(r *record) string
	boolFn func(r *record) bool
)

// lowered is a rule expression as closures: as written, and within rounding.
type lowered struct {
	written, rounding boolFn
}

// lowerer lowers one expression in one mode.
type lowerer struct {
	sc         *scope
	mode       mode
	tol        interval.Tolerance
	vars       map[string]int  // let names → slots in record.vars
	figureVars map[string]bool // let names bound to values read from figures
	nvar       *int
}

// lower returns the closures for a true-or-false expression, or false when
// it uses something the fast path does not cover.
func lower(n ast.Node, sc *scope, tol interval.Tolerance, withRounding bool) (*lowered, int, bool) {
	nvar := 0
	out := &lowered{}
	modes := []mode{asWritten}
	if withRounding {
		modes = append(modes, withinRounding)
	}
	for _, m := range modes {
		l := &lowerer{sc: sc, mode: m, tol: tol, vars: map[string]int{}, figureVars: map[string]bool{}, nvar: new(int)}
		f, ok := l.boolean(n, positive)
		if !ok {
			return nil, 0, false
		}
		if m == asWritten {
			out.written = f
		} else {
			out.rounding = f
		}
		nvar = max(nvar, *l.nvar)
	}
	return out, nvar, true
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
		v := interval.Exact(float64(n.Value))
		return func(*record) Num { return v }, true
	case *ast.FloatNode:
		v := interval.Exact(n.Value)
		return func(*record) Num { return v }, true
	case *ast.IdentifierNode:
		if slot, ok := l.vars[n.Value]; ok {
			return func(r *record) Num { return r.vars[slot] }, true
		}
		if l.sc.dataset == nil {
			return nil, false
		}
		if m := measureIndexOf(l.sc.dataset, n.Value); m >= 0 {
			return func(r *record) Num { return r.nums[m] }, true
		}
	case *ast.BinaryNode:
		a, ok1 := l.num(n.Left)
		b, ok2 := l.num(n.Right)
		if !ok1 || !ok2 {
			return nil, false
		}
		ops := map[string]func(a, b Num) Num{
			"+": interval.Add, "-": interval.Sub, "*": interval.Mul, "/": interval.Div,
		}
		if op, ok := ops[n.Operator]; ok {
			return func(r *record) Num { return op(a(r), b(r)) }, true
		}
	case *ast.UnaryNode:
		a, ok := l.num(n.Node)
		switch {
		case !ok:
		case n.Operator == "-":
			return func(r *record) Num { return interval.Neg(a(r)) }, true
		case n.Operator == "+":
			return a, true
		}
	case *ast.CallNode:
		return l.call(n)
	case *ast.ConditionalNode:
		cond, ok := l.boolean(n.Cond, mixed)
		a, ok1 := l.num(n.Exp1)
		b, ok2 := l.num(n.Exp2)
		if ok && ok1 && ok2 {
			return func(r *record) Num {
				if cond(r) {
					return a(r)
				}
				return b(r)
			}, true
		}
	}
	return nil, false
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
		a := args[0]
		return func(r *record) Num { return interval.Abs(a(r)) }, true
	case len(args) != 2:
		return nil, false
	}
	a, b := args[0], args[1]
	switch id.Value {
	case "min":
		return func(r *record) Num { return interval.Min(a(r), b(r)) }, true
	case "max":
		return func(r *record) Num { return interval.Max(a(r), b(r)) }, true
	case "pct_change":
		return func(r *record) Num { return interval.PctChange(a(r), b(r)) }, true
	}
	return nil, false
}

func (l *lowerer) str(n ast.Node) (strFn, bool) {
	switch n := n.(type) {
	case *ast.StringNode:
		s := n.Value
		return func(*record) string { return s }, true
	case *ast.IdentifierNode:
		if l.sc.dataset == nil {
			return nil, false
		}
		if i := dimensionIndexOf(l.sc.dataset, n.Value); i >= 0 {
			return func(r *record) string { return r.dims[i] }, true
		}
	}
	return nil, false
}

func (l *lowerer) boolean(n ast.Node, p polarity) (boolFn, bool) {
	switch n := n.(type) {
	case *ast.BoolNode:
		v := n.Value
		return func(*record) bool { return v }, true
	case *ast.IdentifierNode:
		if m, ok := presentIndex(l.sc, n.Value); ok {
			return func(r *record) bool { return r.state[m] == cellNumber }, true
		}
	case *ast.UnaryNode:
		if n.Operator == "!" || n.Operator == "not" {
			a, ok := l.boolean(n.Node, l.flip(p))
			if ok {
				return func(r *record) bool { return !a(r) }, true
			}
		}
	case *ast.BinaryNode:
		return l.binary(n, p)
	case *ast.ConditionalNode:
		cond, ok := l.boolean(n.Cond, mixed)
		a, ok1 := l.boolean(n.Exp1, p)
		b, ok2 := l.boolean(n.Exp2, p)
		if ok && ok1 && ok2 {
			return func(r *record) bool {
				if cond(r) {
					return a(r)
				}
				return b(r)
			}, true
		}
	case *ast.VariableDeclaratorNode:
		if l.kindOf(n.Value) != kindNum {
			return nil, false
		}
		value, ok := l.num(n.Value)
		if !ok {
			return nil, false
		}
		slot := *l.nvar
		*l.nvar++
		l.vars[n.Name], l.figureVars[n.Name] = slot, l.hasFigure(n.Value)
		body, ok := l.boolean(n.Expr, p)
		delete(l.vars, n.Name)
		delete(l.figureVars, n.Name)
		if ok {
			return func(r *record) bool {
				r.vars[slot] = value(r)
				return body(r)
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
		b, ok2 := l.boolean(n.Right, p)
		if !ok1 || !ok2 {
			return nil, false
		}
		if n.Operator == "&&" || n.Operator == "and" {
			return func(r *record) bool { return a(r) && b(r) }, true
		}
		return func(r *record) bool { return a(r) || b(r) }, true
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
		return func(r *record) bool {
			v := s(r)
			for _, x := range set {
				if v == x {
					return true
				}
			}
			return false
		}, true
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
		m := dfa.New(re)
		return func(r *record) bool { return m.MatchString(s(r)) }, true
	case "startsWith", "endsWith", "contains":
		a, ok1 := l.str(n.Left)
		b, ok2 := l.str(n.Right)
		if !ok1 || !ok2 {
			return nil, false
		}
		f := map[string]func(string, string) bool{
			"startsWith": strings.HasPrefix, "endsWith": strings.HasSuffix, "contains": strings.Contains,
		}[n.Operator]
		return func(r *record) bool { return f(a(r), b(r)) }, true
	}
	op, isCmp := comparisonOps[n.Operator]
	if !isCmp {
		return nil, false
	}
	lk, rk := l.kindOf(n.Left), l.kindOf(n.Right)
	switch {
	case lk == kindStr && rk == kindStr && (op == interval.Eq || op == interval.Ne):
		a, ok1 := l.str(n.Left)
		b, ok2 := l.str(n.Right)
		if !ok1 || !ok2 {
			return nil, false
		}
		if op == interval.Eq {
			return func(r *record) bool { return a(r) == b(r) }, true
		}
		return func(r *record) bool { return a(r) != b(r) }, true
	case lk == kindNum && rk == kindNum:
		a, ok1 := l.num(n.Left)
		b, ok2 := l.num(n.Right)
		if !ok1 || !ok2 {
			return nil, false
		}
		if !l.hasFigure(n.Left) && !l.hasFigure(n.Right) {
			// Plain numbers compare as expr compares them: exactly, with
			// no tolerance and no rounding.
			return func(r *record) bool { return compareValues(op, a(r).V, b(r).V) }, true
		}
		cmp := comparator(l.mode, p)
		tol := l.tol
		if tol.Rel == 0 {
			abs := tol.Abs
			return func(r *record) bool { return cmp(op, a(r), b(r), abs) }, true
		}
		return func(r *record) bool {
			x, y := a(r), b(r)
			return cmp(op, x, y, tol.For(x, y))
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
