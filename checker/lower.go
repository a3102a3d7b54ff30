package checker

import (
	"math"
	"reflect"
	"regexp"

	"github.com/expr-lang/expr/ast"

	"github.com/figcheck/figcheck/internal/ir"
	"github.com/figcheck/figcheck/interval"
)

// lowering turns expr's patched, type-checked tree into the IR. Every
// decision is read off the tree: a comparison of figures is a call the
// comparison patcher made (with its operator and polarity recorded), an
// operation on figures is a call to the function expr's operator
// overloading chose, and every other node has the type expr's checker
// gave it. Nothing is inferred again. A node it does not cover makes the
// whole expression the VM's alone.
type lowering struct {
	sc    *scope
	calls map[*ast.CallNode]cmpCall // the comparison patcher's calls
	vars  map[string]*ir.Var        // let names in scope
	nvar  int
}

// cmpCall is what the comparison patcher decided for one comparison.
type cmpCall struct {
	op  interval.Op
	pol ir.Polarity
}

// lowerTree returns the IR of n, or false when n uses something the IR does
// not cover.
func lowerTree(n ast.Node, sc *scope, calls map[*ast.CallNode]cmpCall) (ir.Node, bool) {
	l := &lowering{sc: sc, calls: calls, vars: map[string]*ir.Var{}}
	return l.node(n)
}

// typeOf maps expr's type of a node to the IR's.
func typeOf(n ast.Node) (ir.Type, bool) {
	t := n.Type()
	if t == nil {
		return 0, false
	}
	if t == numType {
		return ir.Figure, true
	}
	switch t.Kind() {
	case reflect.Int, reflect.Float64:
		return ir.Number, true
	case reflect.String:
		return ir.Text, true
	case reflect.Bool:
		return ir.Bool, true
	}
	return 0, false
}

var plainArith = map[string]ir.ArithOp{"+": ir.Add, "-": ir.Sub, "*": ir.Mul, "/": ir.Div}

var textOps = map[string]ir.TextOp{"startsWith": ir.StartsWith, "endsWith": ir.EndsWith, "contains": ir.Contains}

// maxExactInt is the largest integer literal a float64 holds exactly.
const maxExactInt = 1 << 53

func (l *lowering) node(n ast.Node) (ir.Node, bool) {
	t, ok := typeOf(n)
	if !ok {
		return nil, false
	}
	switch n := n.(type) {
	case *ast.IntegerNode:
		if n.Value > maxExactInt || n.Value < -maxExactInt {
			return nil, false
		}
		return &ir.Const{T: ir.Number, Num: float64(n.Value)}, true
	case *ast.FloatNode:
		return &ir.Const{T: ir.Number, Num: n.Value}, true
	case *ast.StringNode:
		return &ir.Const{T: ir.Text, Str: n.Value}, true
	case *ast.BoolNode:
		return &ir.Const{T: ir.Bool, Bool: n.Value}, true
	case *ast.IdentifierNode:
		if v, ok := l.vars[n.Value]; ok {
			return v, v.T == t
		}
		ref, ok := l.sc.refs[n.Value]
		if !ok || ref.Type() != t {
			return nil, false
		}
		return &ir.RefNode{Ref: ref}, true
	case *ast.CallNode:
		return l.call(n, t)
	case *ast.BuiltinNode:
		// The comparison patcher makes an int branch of ?: a float.
		if n.Name == "float" && len(n.Arguments) == 1 {
			x, ok := l.node(n.Arguments[0])
			return x, ok && x.Type() == ir.Number
		}
	case *ast.UnaryNode:
		x, ok := l.node(n.Node)
		if !ok {
			return nil, false
		}
		switch {
		case (n.Operator == "!" || n.Operator == "not") && t == ir.Bool:
			return &ir.Not{X: x}, true
		case n.Operator == "-" && t == ir.Number && x.Type() == ir.Number:
			if n.Type().Kind() == reflect.Int { // -0 is 0 for an int, and divides as 0
				return &ir.Arith{Op: ir.Sub, L: &ir.Const{T: ir.Number}, R: x, T: ir.Number}, true
			}
			return &ir.Arith{Op: ir.Mul, L: x, R: &ir.Const{T: ir.Number, Num: -1}, T: ir.Number}, true
		case n.Operator == "+" && x.Type() == t:
			return x, true
		}
	case *ast.BinaryNode:
		return l.binary(n, t)
	case *ast.ConditionalNode:
		c, ok1 := l.node(n.Cond)
		a, ok2 := l.node(n.Exp1)
		b, ok3 := l.node(n.Exp2)
		if ok1 && ok2 && ok3 && c.Type() == ir.Bool && a.Type() == t && b.Type() == t {
			return &ir.Cond{C: c, A: a, B: b}, true
		}
	case *ast.VariableDeclaratorNode:
		value, ok := l.node(n.Value)
		if !ok || (value.Type() != ir.Figure && value.Type() != ir.Number) {
			return nil, false
		}
		v := &ir.Var{Name: n.Name, Slot: l.nvar, T: value.Type()}
		l.nvar++
		outer, shadows := l.vars[n.Name]
		l.vars[n.Name] = v
		body, ok := l.node(n.Expr)
		delete(l.vars, n.Name)
		if shadows {
			l.vars[n.Name] = outer
		}
		return &ir.Let{Name: n.Name, Slot: v.Slot, Value: value, Body: body}, ok && body.Type() == t
	}
	return nil, false
}

// call lowers a call: a comparison of figures, arithmetic on figures, a
// helper, or a plain number made a figure.
func (l *lowering) call(n *ast.CallNode, t ir.Type) (ir.Node, bool) {
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok {
		return nil, false
	}
	var args []ir.Node
	for _, a := range n.Arguments {
		x, ok := l.node(a)
		if !ok {
			return nil, false
		}
		args = append(args, x)
	}
	// Figure operations take a plain number as an exact figure.
	figureArgs := func() bool {
		for i, a := range args {
			switch a.Type() {
			case ir.Number:
				args[i] = &ir.ToFigure{X: a}
			case ir.Figure:
			default:
				return false
			}
		}
		return true
	}
	if c, ok := l.calls[n]; ok {
		if len(args) != 2 || !figureArgs() {
			return nil, false
		}
		return &ir.Compare{Op: c.op, Pol: c.pol, L: args[0], R: args[1]}, t == ir.Bool
	}
	if t != ir.Figure {
		return nil, false
	}
	if id.Value == "_num" && len(args) == 1 && args[0].Type() == ir.Number {
		return &ir.ToFigure{X: args[0]}, true
	}
	for _, a := range figureArith {
		if a.fn == id.Value && len(args) == 2 && figureArgs() {
			return &ir.Arith{Op: a.ir, L: args[0], R: args[1], T: ir.Figure}, true
		}
	}
	for _, h := range figureFuncs {
		arity := 2
		if h.unary != nil {
			arity = 1
		}
		if h.name == id.Value && len(args) == arity && figureArgs() {
			return &ir.Call{Fn: h.ir, Args: args}, true
		}
	}
	return nil, false
}

func (l *lowering) binary(n *ast.BinaryNode, t ir.Type) (ir.Node, bool) {
	left, ok := l.node(n.Left)
	if !ok {
		return nil, false
	}
	switch n.Operator {
	case "in":
		return l.in(left, n.Right)
	case "matches":
		lit, ok := n.Right.(*ast.StringNode)
		if !ok || left.Type() != ir.Text {
			return nil, false
		}
		re, err := regexp.Compile(lit.Value)
		if err != nil {
			return nil, false
		}
		return &ir.TextTest{Op: ir.Matches, L: left, Pattern: re}, true
	}
	right, ok := l.node(n.Right)
	if !ok {
		return nil, false
	}
	lt, rt := left.Type(), right.Type()
	switch n.Operator {
	case "and", "&&", "or", "||":
		op := ir.And
		if n.Operator == "or" || n.Operator == "||" {
			op = ir.Or
		}
		return &ir.Logic{Op: op, L: left, R: right}, lt == ir.Bool && rt == ir.Bool
	case "startsWith", "endsWith", "contains":
		return &ir.TextTest{Op: textOps[n.Operator], L: left, R: right}, lt == ir.Text && rt == ir.Text
	}
	if op, ok := comparisonOps[n.Operator]; ok {
		switch {
		case lt == ir.Number && rt == ir.Number:
			return &ir.PlainCompare{Op: op, L: left, R: right}, true
		case lt == ir.Text && rt == ir.Text && n.Operator == "==":
			return &ir.TextTest{Op: ir.TextEq, L: left, R: right}, true
		case lt == ir.Text && rt == ir.Text && n.Operator == "!=":
			return &ir.TextTest{Op: ir.TextNe, L: left, R: right}, true
		}
		return nil, false // figures are compared by the patcher's calls
	}
	op, ok := plainArith[n.Operator]
	if !ok || t != ir.Number || lt != ir.Number || rt != ir.Number {
		return nil, false
	}
	if n.Type().Kind() == reflect.Int {
		// expr computes on int64 here; the IR only where that is exact.
		return constantInt(op, left, right)
	}
	return &ir.Arith{Op: op, L: left, R: right, T: ir.Number}, true
}

// constantInt folds arithmetic on two integer literals as expr does, when
// the result is an integer a float64 holds exactly.
func constantInt(op ir.ArithOp, left, right ir.Node) (ir.Node, bool) {
	a, ok1 := left.(*ir.Const)
	b, ok2 := right.(*ir.Const)
	if !ok1 || !ok2 {
		return nil, false
	}
	var v float64
	switch op {
	case ir.Add:
		v = a.Num + b.Num
	case ir.Sub:
		v = a.Num - b.Num
	case ir.Mul:
		v = a.Num * b.Num
	default:
		return nil, false // expr divides integers as floats: not an int node
	}
	if math.Abs(v) >= maxExactInt {
		return nil, false
	}
	return &ir.Const{T: ir.Number, Num: v}, true
}

// in lowers text in [literals].
func (l *lowering) in(left ir.Node, right ast.Node) (ir.Node, bool) {
	arr, ok := right.(*ast.ArrayNode)
	if !ok || left.Type() != ir.Text {
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
	return &ir.TextTest{Op: ir.In, L: left, Set: set}, true
}
