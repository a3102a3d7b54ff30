package checker

import (
	"math"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"

	"github.com/figcheck/figcheck/interval"
)

// explain builds the finding for a failed evaluation: the figures used, the
// assertion with their values filled in, and each failing comparison worked
// through with the gap between its sides.
func (ev *evaluation) explain() *Finding {
	cr := ev.rule
	p := cr.assert
	f := &Finding{Rule: cr.rule, Verdict: Fail, Subject: ev.subject, Pos: ev.pos, Expr: p.text}
	texts := map[string]string{} // each name's value as the computation shows it
	for _, name := range p.names {
		b := ev.lookup(name)
		switch v := b.value.(type) {
		case string:
			texts[name] = strconv.Quote(v)
			continue
		case bool:
			texts[name] = strconv.FormatBool(v)
			continue
		}
		texts[name] = b.use.Text
		f.Figures = append(f.Figures, b.use)
	}
	f.Computation = fill(p.text, texts)
	for _, c := range p.sides {
		l, lok := ev.value(c.left)
		r, rok := ev.value(c.right)
		if !lok || !rok {
			continue
		}
		tol := cr.rule.Tolerance.For(l, r)
		if interval.Possible(c.op, l, r, tol) {
			continue // this comparison holds; another one failed
		}
		f.Comparisons = append(f.Comparisons, Comparison{
			Expr:         c.text,
			Op:           c.op.String(),
			Left:         side(c.left, l, texts),
			Right:        side(c.right, r, texts),
			Gap:          interval.Gap(c.op, l, r),
			GapAsWritten: interval.Gap(c.op, l.AsWritten(), r.AsWritten()),
			Tolerance:    tol,
		})
	}
	f.Message = renderMessage(cr.message, ev.subject, ev.lookup)
	return f
}

// renderMessage fills a message template: {subject} with the subject,
// other names with their values as written.
func renderMessage(parts []messagePart, subject string, lookup func(string) binding) string {
	var b strings.Builder
	for _, part := range parts {
		switch {
		case !part.name:
			b.WriteString(part.text)
		case part.text == "subject":
			b.WriteString(subject)
		default:
			v := lookup(part.text)
			if s, ok := v.value.(string); ok {
				b.WriteString(s)
			} else {
				b.WriteString(v.use.Text)
			}
		}
	}
	return b.String()
}

// value evaluates one side of a comparison. The side may read figures the
// whole assertion does not (expr folds 1 == 0 and a != 0 to false), so it
// binds its own.
func (ev *evaluation) value(p *program) (Num, bool) {
	if ev.bind(p.names) != "" {
		return Num{}, false
	}
	out, err := ev.vm.Run(p.written, ev.env)
	if err != nil {
		return Num{}, false
	}
	switch out.(type) {
	case Num, float64, int:
		return toNum(out), true
	}
	return Num{}, false
}

func side(p *program, n Num, texts map[string]string) Side {
	single := len(p.names) == 1 && p.names[0] == p.text || len(p.names) == 0
	return Side{Expr: p.text, Computation: fill(p.text, texts), Computed: !single, Value: n.V, Lo: n.Lo, Hi: n.Hi}
}

// fill returns the expression text with each name replaced by its value as
// written: "turnover_rate_fte == 100 * leavers_fte / inpost_fte" becomes
// "14.8 == 100 * 282.3 / 2054.5".
func fill(text string, texts map[string]string) string {
	tree, err := parser.Parse(text)
	if err != nil {
		return text
	}
	ast.Walk(&tree.Node, filler(texts))
	return tree.Node.String()
}

type filler map[string]string

func (f filler) Visit(node *ast.Node) {
	if name := nameOf(*node); name != "" {
		if text, ok := f[name]; ok {
			ast.Patch(node, &ast.IdentifierNode{Value: text})
		}
	}
}

// nameOf returns the scope name that node stands for: a plain name,
// prev.x, or an aggregate of parts.
func nameOf(n ast.Node) string {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		return n.Value
	case *ast.MemberNode:
		id, ok := n.Node.(*ast.IdentifierNode)
		prop, pok := n.Property.(*ast.StringNode)
		if ok && pok && id.Value == "prev" {
			return prevName(prop.Value)
		}
	case *ast.BuiltinNode:
		return aggregateOf(n.Name, n.Arguments)
	case *ast.CallNode:
		if id, ok := n.Callee.(*ast.IdentifierNode); ok {
			return aggregateOf(id.Value, n.Arguments)
		}
	}
	return ""
}

func aggregateOf(fn string, args []ast.Node) string {
	if len(args) != 1 {
		return ""
	}
	switch a := args[0].(type) {
	case *ast.IdentifierNode:
		if fn == "count" && a.Value == "parts" {
			return countName
		}
	case *ast.MemberNode:
		id, ok := a.Node.(*ast.IdentifierNode)
		prop, pok := a.Property.(*ast.StringNode)
		if ok && pok && id.Value == "parts" {
			return aggregateName(fn, prop.Value)
		}
	}
	return ""
}

// FormatNumber writes a computed number for people: up to four decimals,
// more for small numbers, no trailing zeros.
func FormatNumber(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "∞"
	case math.IsInf(f, -1):
		return "-∞"
	case math.IsNaN(f):
		return "undefined"
	}
	decimals := 4
	if a := math.Abs(f); a > 0 && a < 1 {
		decimals = min(12, 3-int(math.Floor(math.Log10(a))))
	}
	s := strconv.FormatFloat(f, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}
