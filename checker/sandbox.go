package checker

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/conf"

	"github.com/figcheck/figcheck/rules"
)

// The sandbox confines a rule expression to what rules need, so that a rule
// file from anyone can be checked: a rule reads the figures and dimensions
// it names and nothing else (no clock, no environment, no files), and
// builds nothing at run time.
//
// What a rule may write:
//
//   - names of figures, measures and dimensions; prev.x; present(x);
//     sum(parts.x), min(parts.x), max(parts.x) and count(parts); a figure
//     named with its figure set (set.x), and sum, min, max and count of a
//     figure set's list;
//   - numbers, true and false, quoted text, and lists of literals for in;
//   - + - * / on numbers (not on text), and unary -;
//   - == != < <= > >=, and or not && || !, in and not in, matches,
//     startsWith, endsWith, contains;
//   - ?: and let;
//   - calls of the functions on figures (figureFuncs): abs, min, max,
//     pct_change, pp_change and ratio.
//
// Everything else is refused where it is written: expr's builtins (now,
// date, len, repeat, toJSON, all, map, filter and the rest), $env, ranges
// (1..9), closures and predicates, maps, slices, members other than prev.x,
// ?., ??, method calls and joining text with +. Without loops or builtins
// an evaluation takes at most a step per node, and the only text and lists
// it holds are the row's cells and the literals written in the rule, so the
// limits of the rule set (rules.Limits: ExprNodes, the nodes of one
// expression, and TextBytes, the bytes of one quoted text) bound its time
// and memory; every breach is found when the rule is compiled, at its
// position in the rule file, before any row is read.

// operators are the binary operators a rule may use, with whether they
// apply to text as well as to numbers.
var operators = map[string]bool{
	"+": false, "-": false, "*": false, "/": false,
	"==": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true,
	"and": true, "or": true, "&&": true, "||": true,
	"in": true, "matches": true, "startsWith": true, "endsWith": true, "contains": true,
}

// sandbox returns the options that confine an expression: every builtin
// off but float (which the comparison patcher inserts to give both
// branches of ?: one type), the node limit of lim, and a check of every
// node the rule author wrote.
func sandbox(lim rules.Limits) []expr.Option {
	lim = lim.WithDefaults()
	return []expr.Option{
		expr.DisableAllBuiltins(),
		expr.EnableBuiltin("float"),
		expr.MaxNodes(uint(lim.ExprNodes)),
		func(c *conf.Config) { c.Visitors = append(c.Visitors, &guard{config: c, textBytes: lim.TextBytes}) },
	}
}

// guard refuses every node outside the sandbox. A visitor cannot return an
// error, so each refused node becomes a call of a function of its own whose
// type check fails with the reason: expr reports it at the node's place,
// like any other mistake in the expression.
type guard struct {
	config    *conf.Config
	textBytes int // the longest quoted text
	n         int
}

func (g *guard) Visit(node *ast.Node) {
	if reason := g.refusal(*node); reason != "" {
		name := "_refused" + strconv.Itoa(g.n)
		g.n++
		err := errors.New(reason)
		g.config.Functions[name] = &builtin.Function{
			Name:     name,
			Validate: func([]reflect.Type) (reflect.Type, error) { return nil, err },
		}
		ast.Patch(node, &ast.CallNode{Callee: &ast.IdentifierNode{Value: name}})
	}
}

// refusal says why n is not allowed in a rule, or "" when it is.
func (g *guard) refusal(n ast.Node) string {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		if n.Value == "$env" {
			return "$env is not available to rules: name the figures and columns themselves"
		}
	case *ast.NilNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.ConstantNode,
		*ast.ConditionalNode, *ast.VariableDeclaratorNode, *ast.ArrayNode:
	case *ast.StringNode:
		if len(n.Value) > g.textBytes {
			return fmt.Sprintf("this text is %d bytes long; rules allow at most %d in one quoted text; run with --limit text-size=SIZE to raise it", len(n.Value), g.textBytes)
		}
	case *ast.UnaryNode:
		switch n.Operator {
		case "not", "!", "-":
		default:
			return fmt.Sprintf("the operator %s is not available to rules", n.Operator)
		}
	case *ast.BinaryNode:
		onText, ok := operators[n.Operator]
		switch {
		case n.Operator == "..":
			return "ranges (a..b) are not available to rules: compare with <= and >=, or list the values with in [...]"
		case !ok:
			return fmt.Sprintf("the operator %s is not available to rules", n.Operator)
		case !onText && (isText(n.Left) || isText(n.Right)):
			return fmt.Sprintf("%s works on numbers only: rules do not build text", n.Operator)
		}
	case *ast.CallNode:
		id, ok := n.Callee.(*ast.IdentifierNode)
		if !ok {
			return "rules can only call " + helperList + " and present"
		}
		if _, known := g.config.Functions[id.Value]; !known {
			return fmt.Sprintf("%s() is not available to rules: they can call %s and present, and sum, min, max and count of a group's parts or a figure set's list", id.Value, helperList)
		}
	case *ast.MemberNode, *ast.SliceNode:
		return "fields and indexes (x.y, x[i], x[i:j]) are not available to rules"
	case *ast.BuiltinNode:
		return fmt.Sprintf("%s() is not available to rules: they can call %s and present, and sum, min, max and count of a group's parts or a figure set's list", n.Name, helperList)
	default:
		return "this is not available to rules: they compare figures with + - * /, comparisons, and or not, ?:, let, in, matches and " + helperList
	}
	return ""
}

// helperList names the functions on figures rules may call.
var helperList = func() string {
	var names []string
	for _, h := range figureFuncs {
		if !strings.HasPrefix(h.name, "_") {
			names = append(names, h.name)
		}
	}
	return strings.Join(names, ", ")
}()

func isText(n ast.Node) bool {
	t := n.Type()
	return t != nil && t.Kind() == reflect.String
}
