package checker

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	exprchecker "github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/optimizer"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"

	"github.com/figcheck/figcheck/internal/yamlnode"
	"github.com/figcheck/figcheck/interval"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
)

// scope is what the names in one expression mean.
type scope struct {
	// env maps each name to a value of its type: a Num for figures, a
	// string for dimensions.
	env map[string]any
	// dataset is the table of a row or group rule, nil for figure rules.
	dataset *rules.Dataset
	// prev allows prev.x; parts allows sum(parts.x) and the like.
	prev, parts bool
	// what a name stands for, for error messages: "figure" or "column".
	what string
}

// figureScope is the scope of rules over figure sets: every figure by name.
func figureScope(names []string) *scope {
	s := &scope{env: map[string]any{}, what: "figure"}
	for _, n := range names {
		s.env[n] = Num{}
		s.env[presentName(n)] = false
	}
	return s
}

// rowScope is the scope of a rule over rows of ds; with prev, the previous
// period's measures too; with parts, the aggregates of a group's parts.
func rowScope(ds *rules.Dataset, prev, parts bool) *scope {
	s := &scope{env: map[string]any{}, dataset: ds, what: "column", prev: prev && ds.Period != "", parts: parts}
	for _, d := range ds.Dimensions {
		s.env[d.Name] = ""
	}
	for _, m := range ds.Measures {
		s.env[m.Name] = Num{}
		s.env[presentName(m.Name)] = false
		if s.prev {
			s.env[prevName(m.Name)] = Num{}
		}
		if parts {
			for _, agg := range aggregateFuncs {
				s.env[aggregateName(agg, m.Name)] = Num{}
			}
		}
	}
	if parts {
		s.env[countName] = Num{}
	}
	return s
}

func prevName(measure string) string { return "prev." + measure }

// presentName is the name of present(x): whether x is a number rather than
// missing or suppressed. A rule that asks does not skip when x is missing.
func presentName(name string) string { return "present(" + name + ")" }

// aggregateFuncs are the functions over a group's parts.
var aggregateFuncs = []string{"sum", "min", "max"}

func aggregateName(fn, measure string) string { return fn + "(parts." + measure + ")" }

const countName = "count(parts)"

// names returns the names in scope, sorted, for suggestions.
func (s *scope) names() []string {
	var out []string
	for n := range s.env {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// exprKind is what an expression is for.
type exprKind int

const (
	assertion exprKind = iota // true or false, asked as written and within rounding
	filter                    // true or false, as written: when, parts, whole
	value                     // a number: one side of a comparison, explained
)

// program is one compiled expression.
type program struct {
	written  *vm.Program // as written (the only program of a filter or value)
	rounding *vm.Program // within rounding (assertions only)
	names    []string    // the names of the scope it reads
	text     string      // the expression as expr prints it
	sides    []*comparison
	scope    *scope
	// For rules over a dataset: the measures it needs, by index, and the
	// fast path's closures, when the expression has one.
	measures []int
	fast     *lowered
}

// comparison is a comparison at the top of an assertion (joined to the rest
// by "and"), compiled side by side to explain a failure.
type comparison struct {
	text        string
	op          interval.Op
	left, right *program
}

// compileExpr compiles e in scope sc. Every
// problem comes back as a positioned error in the rule file.
func compileExpr(e rules.Expr, sc *scope, kind exprKind, tol interval.Tolerance) (*program, position.Errors) {
	p := &program{scope: sc}
	var errs position.Errors
	modes := []mode{asWritten}
	if kind == assertion {
		modes = append(modes, withinRounding)
	}
	for _, m := range modes {
		prog, tree, err := compileMode(e, sc, kind, m, tol)
		if err != nil {
			errs = append(errs, err...)
			return nil, errs
		}
		if m == asWritten {
			p.written = prog
			p.names = namesIn(tree, sc)
		} else {
			p.rounding = prog
		}
	}
	// The sides of top-level comparisons, from a fresh tree.
	tree, perrs := parseExpr(e, sc, newConfig(sc, kind, asWritten, tol))
	if perrs != nil {
		return nil, perrs
	}
	p.text = tree.Node.String()
	if sc.dataset != nil {
		for _, n := range p.names {
			if i := measureIndexOf(sc.dataset, n); i >= 0 {
				p.measures = append(p.measures, i)
			}
		}
		if f, ok := lower(tree.Node, sc, tol, kind == assertion); ok {
			p.fast = f
		}
	}
	if kind == assertion {
		for _, b := range topComparisons(tree.Node) {
			c := &comparison{text: b.String(), op: comparisonOps[b.Operator]}
			c.left = compileValue(b.Left.String(), sc)
			c.right = compileValue(b.Right.String(), sc)
			if c.left != nil && c.right != nil {
				p.sides = append(p.sides, c)
			}
		}
	}
	return p, nil
}

// compileValue compiles one side of a comparison, or returns nil when it is
// not a number.
func compileValue(text string, sc *scope) *program {
	prog, tree, err := compileMode(rules.Expr{Text: text}, sc, value, asWritten, interval.Tolerance{})
	if err != nil {
		return nil
	}
	t := tree.Node.Type()
	if t != numType && (t == nil || (t.Kind() != reflect.Int && t.Kind() != reflect.Float64)) {
		return nil
	}
	return &program{written: prog, names: namesIn(tree, sc), text: text, scope: sc}
}

func newConfig(sc *scope, kind exprKind, m mode, tol interval.Tolerance) *conf.Config {
	cfg := conf.CreateNew()
	opts := []expr.Option{expr.Env(sc.env)}
	opts = append(opts, sandbox()...)
	opts = append(opts, helpers()...)
	opts = append(opts, arithmetic()...)
	opts = append(opts, comparisons(m, tol)...)
	if kind != value {
		opts = append(opts, expr.AsBool())
	}
	for _, o := range opts {
		o(cfg)
	}
	return cfg
}

// compileMode parses, checks and compiles e for one mode.
func compileMode(e rules.Expr, sc *scope, kind exprKind, m mode, tol interval.Tolerance) (prog *vm.Program, tree *parser.Tree, errs position.Errors) {
	defer func() {
		// expr should not panic on any input; if it does, say so at the
		// expression rather than crash.
		if r := recover(); r != nil {
			prog, tree = nil, nil
			errs = position.Errors{position.Errorf(e.Pos, "figcheck could not compile this expression (%v); please report it", r)}
		}
	}()
	cfg := newConfig(sc, kind, m, tol)
	tree, errs = parseExpr(e, sc, cfg)
	if errs != nil {
		return nil, nil, errs
	}
	cfg.Visitors = append(cfg.Visitors, &comparisonPatcher{polarity: polarities(tree.Node)})
	for name := range cfg.Disabled {
		delete(cfg.Builtins, name)
	}
	cfg.Check()
	if _, err := new(exprchecker.Checker).PatchAndCheck(tree, cfg); err != nil {
		return nil, nil, exprErrors(e, sc, err)
	}
	if err := optimizer.Optimize(&tree.Node, cfg); err != nil {
		return nil, nil, exprErrors(e, sc, err)
	}
	prog, err := compiler.Compile(tree, cfg)
	if err != nil {
		return nil, nil, exprErrors(e, sc, err)
	}
	return prog, tree, nil
}

// parseExpr parses e and resolves prev.x and the aggregates of parts into
// names of the scope.
func parseExpr(e rules.Expr, sc *scope, cfg *conf.Config) (*parser.Tree, position.Errors) {
	tree, err := parser.ParseWithConfig(e.Text, cfg)
	if err != nil {
		return nil, exprErrors(e, sc, err)
	}
	r := &resolver{expr: e, scope: sc}
	ast.Walk(&tree.Node, r)
	ast.Walk(&tree.Node, leftovers{r})
	if r.errs != nil {
		return nil, r.errs
	}
	return tree, nil
}

// resolver turns prev.x into the name "prev.x" and sum(parts.x) into the
// name "sum(parts.x)", so that expr sees them as plain names of the scope.
type resolver struct {
	expr  rules.Expr
	scope *scope
	errs  position.Errors
}

func (r *resolver) errorf(n ast.Node, format string, args ...any) {
	r.errs.Add(r.expr.PosAt(n.Location().From), format, args...)
}

func (r *resolver) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.MemberNode:
		if id, ok := n.Node.(*ast.IdentifierNode); ok && id.Value == "prev" {
			name, ok := r.measure(n, "prev")
			if ok && !r.scope.prev {
				r.errorf(id, "prev.%s needs rows over time: give the dataset a period dimension (rules over groups and figure sets have no prev)", name)
			}
			ast.Patch(node, &ast.IdentifierNode{Value: prevName(name)}) // reported once, here
		}
	case *ast.BuiltinNode:
		r.aggregate(node, n.Name, n.Arguments)
	case *ast.CallNode:
		id, ok := n.Callee.(*ast.IdentifierNode)
		if ok && id.Value == "present" {
			r.present(node, n)
		} else if ok {
			r.aggregate(node, id.Value, n.Arguments)
		}
	}
}

// present resolves present(x).
func (r *resolver) present(node *ast.Node, n *ast.CallNode) {
	if len(n.Arguments) == 1 {
		if arg, ok := n.Arguments[0].(*ast.IdentifierNode); ok {
			if _, known := r.scope.env[presentName(arg.Value)]; known {
				ast.Patch(node, &ast.IdentifierNode{Value: presentName(arg.Value)})
				return
			}
		}
	}
	r.errorf(n, "present takes the name of one %s, as in present(%s)", r.scope.what, exampleName(r.scope))
	ast.Patch(node, &ast.BoolNode{Value: true})
}

func exampleName(sc *scope) string {
	for _, n := range sc.names() {
		if _, isNum := sc.env[n].(Num); isNum && !strings.ContainsAny(n, ".(") {
			return n
		}
	}
	return "x"
}

// aggregate resolves fn(parts.x) and count(parts).
func (r *resolver) aggregate(node *ast.Node, fn string, args []ast.Node) {
	if len(args) != 1 {
		return
	}
	if id, ok := args[0].(*ast.IdentifierNode); ok && id.Value == "parts" && fn == "count" {
		r.requireParts(args[0])
		ast.Patch(node, &ast.IdentifierNode{Value: countName})
		return
	}
	m, ok := args[0].(*ast.MemberNode)
	if !ok {
		return
	}
	if id, ok := m.Node.(*ast.IdentifierNode); !ok || id.Value != "parts" {
		return
	}
	if !r.requireParts(m) {
		ast.Patch(node, &ast.IdentifierNode{Value: countName}) // reported once, here
		return
	}
	name, ok := r.measure(m, "parts")
	if !ok {
		ast.Patch(node, &ast.IdentifierNode{Value: countName})
		return
	}
	for _, agg := range aggregateFuncs {
		if fn == agg {
			ast.Patch(node, &ast.IdentifierNode{Value: aggregateName(fn, name)})
			return
		}
	}
	r.errorf(m, "parts.%s can only be summed, counted or compared as min or max: sum(parts.%s), min(parts.%s), max(parts.%s)", name, name, name, name)
}

func (r *resolver) requireParts(n ast.Node) bool {
	if !r.scope.parts {
		r.errorf(n, "parts only exist in rules with a group")
	}
	return r.scope.parts
}

// measure returns the x of prev.x or parts.x, checking that it is a measure.
func (r *resolver) measure(m *ast.MemberNode, base string) (string, bool) {
	prop, ok := m.Property.(*ast.StringNode)
	if !ok {
		r.errorf(m, "%s must be followed by .name of a measure", base)
		return "", false
	}
	if r.scope.dataset == nil {
		r.errorf(m.Node, "%s.%s: %s only exists in rules over a dataset", base, prop.Value, base)
		return prop.Value, false
	}
	if r.scope.dataset.Measure(prop.Value) == nil {
		var names []string
		for _, c := range r.scope.dataset.Measures {
			names = append(names, c.Name)
		}
		r.errorf(m.Property, "%s is not a measure of the dataset%s", prop.Value, yamlnode.Suggest(prop.Value, names))
		return "", false
	}
	return prop.Value, true
}

// leftovers reports prev and parts where the resolver could not make sense
// of them.
type leftovers struct{ r *resolver }

func (l leftovers) Visit(node *ast.Node) {
	id, ok := (*node).(*ast.IdentifierNode)
	if !ok {
		return
	}
	switch id.Value {
	case "prev":
		l.r.errorf(id, "prev must be followed by a measure, as in prev.inpost_fte")
	case "parts":
		l.r.errorf(id, "parts can only be used as sum(parts.x), min(parts.x), max(parts.x) or count(parts)")
	}
}

// namesIn returns the names of the scope that tree reads, in the order
// they are written.
func namesIn(tree *parser.Tree, sc *scope) []string {
	c := &nameCollector{scope: sc, seen: map[string]bool{}}
	ast.Walk(&tree.Node, c)
	return c.names
}

type nameCollector struct {
	scope *scope
	seen  map[string]bool
	names []string
}

func (c *nameCollector) Visit(node *ast.Node) {
	id, ok := (*node).(*ast.IdentifierNode)
	if !ok || c.seen[id.Value] {
		return
	}
	if _, known := c.scope.env[id.Value]; known {
		c.seen[id.Value] = true
		c.names = append(c.names, id.Value)
	}
}

// topComparisons returns the comparisons joined by "and" at the top of an
// assertion: the ones a failure can be blamed on.
func topComparisons(n ast.Node) []*ast.BinaryNode {
	if let, ok := n.(*ast.VariableDeclaratorNode); ok {
		return topComparisons(let.Expr)
	}
	b, ok := n.(*ast.BinaryNode)
	if !ok {
		return nil
	}
	if b.Operator == "&&" || b.Operator == "and" {
		return append(topComparisons(b.Left), topComparisons(b.Right)...)
	}
	if _, ok := comparisonOps[b.Operator]; ok {
		return []*ast.BinaryNode{b}
	}
	return nil
}

// exprErrors turns an error from expr into positioned errors in the rule
// file, in the words of figcheck's users.
func exprErrors(e rules.Expr, sc *scope, err error) position.Errors {
	var fe *file.Error
	if !errors.As(err, &fe) {
		return position.Errors{position.Errorf(e.Pos, "%s", typeWords.Replace(err.Error()))}
	}
	msg := fe.Message
	if name, ok := strings.CutPrefix(msg, "unknown name "); ok {
		msg = unknownName(name, sc)
	}
	msg = typeWords.Replace(msg)
	return position.Errors{position.Errorf(e.PosAt(fe.From), "%s", msg)}
}

func unknownName(name string, sc *scope) string {
	hint := yamlnode.Suggest(name, sc.names())
	if sc.dataset != nil {
		return fmt.Sprintf("unknown column %s%s: name a measure or dimension of the dataset, or declare it there", name, hint)
	}
	return fmt.Sprintf("unknown figure %s%s: no figure set loaded in this run defines it", name, hint)
}

// typeWords replaces Go type names in expr's messages.
var typeWords = strings.NewReplacer(
	"interval.Num", "figure",
	"expected bool, but got", "the expression must be true or false, not a",
	"float64", "number",
	" int)", " number)",
	" int ", " number ",
)
