package checker

import (
	"fmt"
	"reflect"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"

	"github.com/figcheck/figcheck/interval"
)

// Num is the type of every figure in a rule expression.
type Num = interval.Num

var numType = reflect.TypeOf(Num{})

// toNum turns an operand of an overloaded operator into a Num: a literal
// number in a rule is exact.
func toNum(x any) Num {
	switch v := x.(type) {
	case Num:
		return v
	case float64:
		return interval.Exact(v)
	case int:
		return interval.Exact(float64(v))
	default:
		panic(fmt.Sprintf("figcheck: %T where a number belongs", x))
	}
}

// binarySignatures are the operand types an operator on figures accepts:
// two figures, or a figure and a literal number, returning ret.
func binarySignatures(ret reflect.Type) []any {
	var sigs []any
	other := []reflect.Type{numType, reflect.TypeOf(0.0), reflect.TypeOf(0)}
	for _, t := range other {
		sigs = append(sigs, reflect.New(reflect.FuncOf([]reflect.Type{numType, t}, []reflect.Type{ret}, false)).Interface())
		if t != numType {
			sigs = append(sigs, reflect.New(reflect.FuncOf([]reflect.Type{t, numType}, []reflect.Type{ret}, false)).Interface())
		}
	}
	return sigs
}

func unarySignature(ret reflect.Type) any {
	return reflect.New(reflect.FuncOf([]reflect.Type{numType}, []reflect.Type{ret}, false)).Interface()
}

// arithmetic makes +, -, * and / work on figures, carrying their intervals.
func arithmetic() []expr.Option {
	ops := []struct {
		op, fn string
		f      func(a, b Num) Num
	}{
		{"+", "_add", interval.Add}, {"-", "_sub", interval.Sub},
		{"*", "_mul", interval.Mul}, {"/", "_div", interval.Div},
	}
	var opts []expr.Option
	for _, o := range ops {
		f := o.f
		opts = append(opts,
			expr.Function(o.fn, func(p ...any) (any, error) { return f(toNum(p[0]), toNum(p[1])), nil }, binarySignatures(numType)...),
			expr.Operator(o.op, o.fn))
	}
	return opts
}

// helpers are the functions rule authors may call on figures.
func helpers() []expr.Option {
	binary := func(name string, f func(a, b Num) Num) expr.Option {
		return expr.Function(name, func(p ...any) (any, error) { return f(toNum(p[0]), toNum(p[1])), nil }, binarySignatures(numType)...)
	}
	return []expr.Option{
		expr.Function("abs", func(p ...any) (any, error) { return interval.Abs(toNum(p[0])), nil }, unarySignature(numType)),
		expr.Function("_neg", func(p ...any) (any, error) { return interval.Neg(toNum(p[0])), nil }, unarySignature(numType)),
		expr.Function("_num", func(p ...any) (any, error) { return toNum(p[0]), nil },
			new(func(float64) Num), new(func(int) Num)),
		binary("min", interval.Min),
		binary("max", interval.Max),
		binary("pct_change", interval.PctChange),
	}
}

// HelperNames are the functions on figures that rules may call, with what
// each does, for documentation and error messages.
var HelperNames = map[string]string{
	"abs":        "abs(x): the absolute value",
	"min":        "min(a, b): the smaller",
	"max":        "max(a, b): the larger",
	"pct_change": "pct_change(from, to): the percentage change, 100 × (to ÷ from − 1)",
}

// comparisonOps maps the comparison operators of rules to interval.Op.
var comparisonOps = map[string]interval.Op{
	"==": interval.Eq, "!=": interval.Ne, "<": interval.Lt, "<=": interval.Le, ">": interval.Gt, ">=": interval.Ge,
}

// mode is the question a compiled rule answers.
type mode int

const (
	asWritten      mode = iota // do the figures as written satisfy it?
	withinRounding             // could true values within every figure's rounding satisfy it?
)

// polarity is whether a comparison counts for or against a rule: under an
// odd number of negations, "could hold" becomes "must hold".
type polarity int

const (
	positive polarity = iota
	negative
	mixed // neither, as in the condition of a ?: — compared as written, exactly
)

// comparator returns how comparison op of figures is decided in mode m at
// polarity p.
//
// As written, the rule is plain true-or-false logic on the figures as
// published, each with its own rounding and no more: == holds when the
// figures are consistent with each other's rounding (34,300 is 34,328.2
// rounded to hundreds), an ordering when the values say so or the written
// figures establish it ("more than 1,000" > 1000; but 5.33 < 5.33 only
// within rounding).
// Within rounding, a comparison asks whether it could hold for some true
// values (or, under a negation, whether it must).
//
// A comparison with an undefined side (a division by an interval that holds
// zero) counts against the rule at either polarity, so that it never passes
// on a value that does not exist; the checker then skips the evaluation.
func comparator(m mode, p polarity, op interval.Op) func(a, b Num, tol float64) bool {
	against := p == negative
	switch {
	case p == mixed:
		return func(a, b Num, tol float64) bool {
			return interval.Exactly(op, a, b, tol) && !undefined(a, b)
		}
	case m == asWritten && op == interval.Eq:
		return func(a, b Num, tol float64) bool {
			if undefined(a, b) {
				return against
			}
			return interval.Possible(interval.Eq, a.AsWritten(), b.AsWritten(), tol)
		}
	case m == asWritten && op == interval.Ne:
		return func(a, b Num, tol float64) bool {
			if undefined(a, b) {
				return against
			}
			return !interval.Possible(interval.Eq, a.AsWritten(), b.AsWritten(), tol)
		}
	case m == asWritten:
		return func(a, b Num, tol float64) bool {
			if undefined(a, b) {
				return against
			}
			return interval.Exactly(op, a, b, tol) || interval.Certain(op, a.AsWritten(), b.AsWritten(), tol)
		}
	case p == positive:
		return func(a, b Num, tol float64) bool { return interval.Possible(op, a, b, tol) && !undefined(a, b) }
	default:
		return func(a, b Num, tol float64) bool { return interval.Certain(op, a, b, tol) || undefined(a, b) }
	}
}

// undefined reports whether a or b is undefined.
func undefined(a, b Num) bool { return a.Undefined() || b.Undefined() }

// comparisonFuncName names the function that decides op at polarity p.
func comparisonFuncName(op interval.Op, p polarity) string {
	return fmt.Sprintf("_cmp%d_%d", p, op)
}

// comparisons returns the functions that decide comparisons of figures in
// mode m with tolerance tol, one per operator and polarity.
func comparisons(m mode, tol interval.Tolerance) []expr.Option {
	var opts []expr.Option
	boolType := reflect.TypeOf(true)
	for _, p := range []polarity{positive, negative, mixed} {
		for _, op := range comparisonOps {
			cmp := comparator(m, p, op)
			opts = append(opts, expr.Function(comparisonFuncName(op, p), func(args ...any) (any, error) {
				a, b := toNum(args[0]), toNum(args[1])
				return cmp(a, b, tol.For(a, b)), nil
			}, binarySignatures(boolType)...))
		}
	}
	return opts
}

// comparisonPatcher replaces each comparison that involves a figure with a
// call to the function that decides it at its polarity, and unary minus on
// a figure with _neg. It runs with expr's operator overloading, after the
// arithmetic below a comparison has been resolved to figures.
type comparisonPatcher struct {
	polarity map[*ast.BinaryNode]polarity
	applied  bool
}

func (p *comparisonPatcher) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.BinaryNode:
		op, ok := comparisonOps[n.Operator]
		if !ok || !(isNum(n.Left) || isNum(n.Right)) || !isNumeric(n.Left) || !isNumeric(n.Right) {
			return
		}
		call := &ast.CallNode{
			Callee:    &ast.IdentifierNode{Value: comparisonFuncName(op, p.polarity[n])},
			Arguments: []ast.Node{n.Left, n.Right},
		}
		call.SetType(reflect.TypeOf(true))
		ast.Patch(node, call)
		p.applied = true
	case *ast.ConditionalNode:
		// Branches of two number types give the ?: the type any, which no
		// comparison above can decide: 100 <= c ? 2.5 : 100 compared with a
		// figure would always be false. Give both branches one type: a
		// figure's when either is one (a plain number becomes exact),
		// else float64.
		if !isNumeric(n.Exp1) || !isNumeric(n.Exp2) || n.Exp1.Type() == n.Exp2.Type() {
			return
		}
		figure := isNum(n.Exp1) || isNum(n.Exp2)
		for _, branch := range []*ast.Node{&n.Exp1, &n.Exp2} {
			switch {
			case figure && !isNum(*branch):
				call := &ast.CallNode{Callee: &ast.IdentifierNode{Value: "_num"}, Arguments: []ast.Node{*branch}}
				call.SetType(numType)
				ast.Patch(branch, call)
			case !figure && (*branch).Type().Kind() == reflect.Int:
				conv := &ast.BuiltinNode{Name: "float", Arguments: []ast.Node{*branch}}
				conv.SetType(reflect.TypeOf(0.0))
				ast.Patch(branch, conv)
			}
		}
		p.applied = true
	case *ast.UnaryNode:
		if n.Operator == "-" && isNum(n.Node) {
			call := &ast.CallNode{Callee: &ast.IdentifierNode{Value: "_neg"}, Arguments: []ast.Node{n.Node}}
			call.SetType(numType)
			ast.Patch(node, call)
			p.applied = true
		}
	}
}

// Reset and ShouldRepeat make expr run the patcher until nothing changes.
func (p *comparisonPatcher) Reset()             { p.applied = false }
func (p *comparisonPatcher) ShouldRepeat() bool { return p.applied }

func isNum(n ast.Node) bool { return n.Type() == numType }

func isNumeric(n ast.Node) bool {
	t := n.Type()
	if t == nil {
		return false
	}
	switch t.Kind() {
	case reflect.Int, reflect.Float64:
		return true
	}
	return t == numType
}

// polarities finds the polarity of every comparison in the tree: positive
// at the top and through and/or, flipped by not, mixed anywhere else.
func polarities(root ast.Node) map[*ast.BinaryNode]polarity {
	out := map[*ast.BinaryNode]polarity{}
	var walk func(n ast.Node, p polarity)
	walk = func(n ast.Node, p polarity) {
		switch n := n.(type) {
		case *ast.BinaryNode:
			switch n.Operator {
			case "&&", "and", "||", "or":
				walk(n.Left, p)
				walk(n.Right, p)
				return
			}
			if _, ok := comparisonOps[n.Operator]; ok {
				out[n] = p
			}
			walk(n.Left, mixed)
			walk(n.Right, mixed)
		case *ast.UnaryNode:
			if n.Operator == "!" || n.Operator == "not" {
				walk(n.Node, flip(p))
				return
			}
			walk(n.Node, mixed)
		case *ast.ConditionalNode:
			walk(n.Cond, mixed)
			walk(n.Exp1, p)
			walk(n.Exp2, p)
		case *ast.VariableDeclaratorNode:
			walk(n.Value, mixed)
			walk(n.Expr, p)
		default:
			ast.Walk(&n, markMixed(out))
		}
	}
	walk(root, positive)
	return out
}

func flip(p polarity) polarity {
	switch p {
	case positive:
		return negative
	case negative:
		return positive
	}
	return mixed
}

// markMixed marks every comparison below a node as mixed.
type markMixed map[*ast.BinaryNode]polarity

func (m markMixed) Visit(node *ast.Node) {
	if b, ok := (*node).(*ast.BinaryNode); ok {
		if _, isCmp := comparisonOps[b.Operator]; isCmp {
			m[b] = mixed
		}
	}
}
