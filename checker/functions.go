package checker

import (
	"fmt"
	"reflect"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"

	"github.com/figcheck/figcheck/internal/ir"
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

// figureArith is arithmetic on figures: the operator, the function expr's
// operator overloading calls in its place, its IR operator and the
// interval arithmetic that carries the figures' rounding.
var figureArith = []struct {
	op, fn string
	ir     ir.ArithOp
	f      func(a, b Num) Num
}{
	{"+", "_add", ir.Add, interval.Add}, {"-", "_sub", ir.Sub, interval.Sub},
	{"*", "_mul", ir.Mul, interval.Mul}, {"/", "_div", ir.Div, interval.Div},
}

// figureFuncs are the functions on figures, in one table: the helpers rule
// authors may call (documented in the README) and _neg, unary minus on a
// figure; each with its IR function and its interval arithmetic, of one
// argument or two.
var figureFuncs = []struct {
	name   string
	ir     ir.Func
	unary  func(Num) Num
	binary func(a, b Num) Num
}{
	{"abs", ir.Abs, interval.Abs, nil},
	{"_neg", ir.Neg, interval.Neg, nil},
	{"min", ir.MinOf, nil, interval.Min},
	{"max", ir.MaxOf, nil, interval.Max},
	{"pct_change", ir.PctChange, nil, interval.PctChange},
	{"pp_change", ir.PPChange, nil, interval.PointsChange},
	{"ratio", ir.Ratio, nil, interval.Ratio},
}

// arithmetic makes +, -, * and / work on figures, carrying their intervals.
func arithmetic() []expr.Option {
	var opts []expr.Option
	for _, o := range figureArith {
		f := o.f
		opts = append(opts,
			expr.Function(o.fn, func(p ...any) (any, error) { return f(toNum(p[0]), toNum(p[1])), nil }, binarySignatures(numType)...),
			expr.Operator(o.op, o.fn))
	}
	return opts
}

// helpers are the functions on figures, and _num, which makes a plain
// number an exact figure.
func helpers() []expr.Option {
	opts := []expr.Option{
		expr.Function("_num", func(p ...any) (any, error) { return toNum(p[0]), nil },
			new(func(float64) Num), new(func(int) Num)),
	}
	for _, h := range figureFuncs {
		if f := h.unary; f != nil {
			opts = append(opts, expr.Function(h.name, func(p ...any) (any, error) { return f(toNum(p[0])), nil }, unarySignature(numType)))
		} else {
			f := h.binary
			opts = append(opts, expr.Function(h.name, func(p ...any) (any, error) { return f(toNum(p[0]), toNum(p[1])), nil }, binarySignatures(numType)...))
		}
	}
	return opts
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
	// lenient asks withinRounding's question with every comparison that
	// has an undefined side counting for the rule rather than against it:
	// whether a rule that fails could hold if the quotients that do not
	// exist had values.
	lenient
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
// zero) counts against the rule at either polarity (at Mixed, it is
// false), so that the rule never passes on a value that does not exist.
// Leniently it counts for the rule (at Mixed, it is true): a rule that
// fails, but holds leniently, fails only for want of a quotient, and the
// checker skips it.
func comparator(m mode, p ir.Polarity, op interval.Op) func(a, b Num, tol float64) bool {
	against := p == ir.Negative
	switch {
	case m == lenient && p == ir.Negative:
		return func(a, b Num, tol float64) bool { return interval.Certain(op, a, b, tol) && !undefined(a, b) }
	case m == lenient && p == ir.Positive:
		return func(a, b Num, tol float64) bool { return undefined(a, b) || interval.Possible(op, a, b, tol) }
	case m == lenient:
		return func(a, b Num, tol float64) bool { return undefined(a, b) || interval.Exactly(op, a, b, tol) }
	case p == ir.Mixed:
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
	case p == ir.Positive:
		return func(a, b Num, tol float64) bool { return interval.Possible(op, a, b, tol) && !undefined(a, b) }
	default:
		return func(a, b Num, tol float64) bool { return interval.Certain(op, a, b, tol) || undefined(a, b) }
	}
}

// undefined reports whether a or b is undefined.
func undefined(a, b Num) bool { return a.Undefined() || b.Undefined() }

// comparisonFuncName names the function that decides op at polarity p.
func comparisonFuncName(op interval.Op, p ir.Polarity) string {
	return fmt.Sprintf("_cmp%d_%d", p, op)
}

// comparisons returns the functions that decide comparisons of figures in
// mode m with tolerance tol, one per operator and polarity.
func comparisons(m mode, tol interval.Tolerance) []expr.Option {
	var opts []expr.Option
	boolType := reflect.TypeOf(true)
	for _, p := range []ir.Polarity{ir.Positive, ir.Negative, ir.Mixed} {
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
	polarity map[*ast.BinaryNode]ir.Polarity
	// calls records each call made and what it decides, for lowering.
	calls   map[*ast.CallNode]cmpCall
	applied bool
}

func (p *comparisonPatcher) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.BinaryNode:
		op, ok := comparisonOps[n.Operator]
		if !ok || !(isNum(n.Left) || isNum(n.Right)) || !isNumeric(n.Left) || !isNumeric(n.Right) {
			return
		}
		pol := p.polarity[n]
		call := &ast.CallNode{
			Callee:    &ast.IdentifierNode{Value: comparisonFuncName(op, pol)},
			Arguments: []ast.Node{n.Left, n.Right},
		}
		call.SetType(reflect.TypeOf(true))
		ast.Patch(node, call)
		p.calls[call] = cmpCall{op: op, pol: pol}
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
func polarities(root ast.Node) map[*ast.BinaryNode]ir.Polarity {
	out := map[*ast.BinaryNode]ir.Polarity{}
	var walk func(n ast.Node, p ir.Polarity)
	walk = func(n ast.Node, p ir.Polarity) {
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
			walk(n.Left, ir.Mixed)
			walk(n.Right, ir.Mixed)
		case *ast.UnaryNode:
			if n.Operator == "!" || n.Operator == "not" {
				walk(n.Node, flip(p))
				return
			}
			walk(n.Node, ir.Mixed)
		case *ast.ConditionalNode:
			walk(n.Cond, ir.Mixed)
			walk(n.Exp1, p)
			walk(n.Exp2, p)
		case *ast.VariableDeclaratorNode:
			walk(n.Value, ir.Mixed)
			walk(n.Expr, p)
		default:
			ast.Walk(&n, markMixed(out))
		}
	}
	walk(root, ir.Positive)
	return out
}

func flip(p ir.Polarity) ir.Polarity {
	switch p {
	case ir.Positive:
		return ir.Negative
	case ir.Negative:
		return ir.Positive
	}
	return ir.Mixed
}

// markMixed marks every comparison below a node as mixed.
type markMixed map[*ast.BinaryNode]ir.Polarity

func (m markMixed) Visit(node *ast.Node) {
	if b, ok := (*node).(*ast.BinaryNode); ok {
		if _, isCmp := comparisonOps[b.Operator]; isCmp {
			m[b] = ir.Mixed
		}
	}
}
