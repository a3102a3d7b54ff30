package checker

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
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

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/internal/ir"
	"github.com/figcheck/figcheck/internal/yamlnode"
	"github.com/figcheck/figcheck/interval"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
)

// scope is what the names in one expression mean: each key of expr's
// environment stands for a typed reference. Figures, measures and
// dimensions are keyed by their own names; prev.x, present(x) and the
// aggregates of parts, which are not names in expr, by a key of their own
// that the resolver puts in their place and nothing ever reads back.
type scope struct {
	// env maps each key to a value of its type: a Num for figures, a
	// string for dimensions, a bool for present().
	env  map[string]any
	refs map[string]ir.Ref // what each key stands for
	keys map[ir.Ref]string // and the key of each reference
	// dataset is the table of a row or group rule, nil for figure rules.
	dataset *rules.Dataset
	// prev allows prev.x; parts allows sum(parts.x) and the like.
	prev, parts bool
	// what a name stands for, for error messages: "figure" or "column".
	what string
	// sets are the figure sets by name, for figure rules.
	sets map[string]*figures.Set
	// configs are expr's configurations for the scope, made once for
	// each question: reading the environment and making the functions is
	// most of the cost of compiling a rule.
	configs   map[configKey]*conf.Config
	envConfig *conf.Config // the environment read once, for configs to share
	// shapes are the programs compiled in the scope of figure sets, by
	// shape, for expressions of the same shape to reuse.
	shapes map[shapeKey]*shaped
	// limits bound the expressions compiled in the scope (the zero value:
	// rules.DefaultLimits).
	limits rules.Limits
}

type configKey struct {
	kind exprKind
	mode mode
	tol  interval.Tolerance
}

func newScope(ds *rules.Dataset, what string) *scope {
	return &scope{env: map[string]any{}, refs: map[string]ir.Ref{}, keys: map[ir.Ref]string{}, dataset: ds, what: what,
		configs: map[configKey]*conf.Config{}, shapes: map[shapeKey]*shaped{}}
}

// add puts ref in scope: under its own name for a figure, measure or
// dimension, under a key of its own otherwise (a figure named with its set
// too).
func (s *scope) add(ref ir.Ref) {
	key := ref.Name
	if ref.Kind != ir.Value && ref.Kind != ir.Dimension || ref.Set != "" {
		key = "$" + strconv.Itoa(len(s.refs))
	}
	var zero any = Num{}
	switch ref.Type() {
	case ir.Text:
		zero = ""
	case ir.Bool:
		zero = false
	}
	s.env[key], s.refs[key], s.keys[ref] = zero, ref, key
}

// rowScope is the scope of a rule over rows of ds; with prev, the previous
// period's measures too; with parts, the aggregates of a group's parts.
func rowScope(ds *rules.Dataset, prev, parts bool) *scope {
	s := newScope(ds, "column")
	s.prev, s.parts = prev && ds.Period != "", parts
	for _, d := range ds.Dimensions {
		s.add(ir.Ref{Kind: ir.Dimension, Name: d.Name})
	}
	for _, m := range ds.Measures {
		s.add(ir.Ref{Kind: ir.Value, Name: m.Name})
		s.add(ir.Ref{Kind: ir.Present, Name: m.Name})
		if s.prev {
			s.add(ir.Ref{Kind: ir.Prev, Name: m.Name})
		}
		if parts {
			for _, agg := range []ir.Agg{ir.Sum, ir.Min, ir.Max} {
				s.add(ir.Ref{Kind: ir.Aggregate, Name: m.Name, Agg: agg})
			}
		}
	}
	if parts {
		s.add(ir.Ref{Kind: ir.Count})
	}
	return s
}

// names returns the references in scope as rules write them, sorted, for
// suggestions.
func (s *scope) names() []string {
	var out []string
	for ref := range s.keys {
		out = append(out, ref.String())
	}
	sort.Strings(out)
	return out
}

// keysOf returns the keys of refs.
func (s *scope) keysOf(refs []ir.Ref) []string {
	var keys []string
	for _, r := range refs {
		keys = append(keys, s.keys[r])
	}
	return keys
}

// byName finds a reference as a rule writes it, as a message names it.
func (s *scope) byName(name string) (ir.Ref, bool) {
	for ref := range s.keys {
		if ref.String() == name {
			return ref, true
		}
	}
	return ir.Ref{}, false
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
	// lenient is the assertion within rounding with undefined comparisons
	// counting for it; nil where nothing in it divides, or where the
	// closures cover it.
	lenient *vm.Program
	refs    []ir.Ref // what it reads, in the order written
	keys    []string // and their keys in expr's environment
	text    string   // the expression as expr prints it
	shape   template // and with a hole for each reference
	sides   []*comparison
	// For rules over a dataset: the measures it needs as numbers, by
	// index.
	measures []int
	// The IR, and its closures when they cover it. In a frame, references
	// are read from slots in the order of refs (figure sets, prev and
	// groups); otherwise from the row's measures and dimensions.
	ir    ir.Node
	fast  *lowered
	frame bool
	// For filters on rows: the conditions joined by and at the top, each
	// with the measures it needs, to decide a row that lacks some figures.
	conjuncts []conjunct
}

// conjunct is one of the conditions joined by and at the top of a filter.
type conjunct struct {
	holds    boolFn
	measures []int
}

// comparison is a comparison at the top of an assertion (joined to the rest
// by "and"), to explain a failure: its sides as templates, and as programs
// of their own where the fast path does not cover the assertion.
type comparison struct {
	text        string
	op          interval.Op
	left, right template
	vmLeft      *program
	vmRight     *program
}

// compileExpr compiles e in scope sc. Every problem comes back as a
// positioned error in the rule file. Where the IR covers the expression,
// it is parsed and checked once, as written, and its closures are all it
// needs; otherwise expr's programs are compiled too, as written and within
// rounding.
func compileExpr(e rules.Expr, sc *scope, kind exprKind, tol interval.Tolerance) (p *program, errs position.Errors) {
	defer func() {
		// expr should not panic on any input; if it does, say so at the
		// expression rather than crash.
		if r := recover(); r != nil {
			p, errs = nil, position.Errors{position.Errorf(e.Pos, "figcheck could not compile this expression (%v); please report it", r)}
		}
	}()
	p = &program{}
	cfg := newConfig(sc, kind, asWritten, tol)
	tree, errs := parseExpr(e, sc, cfg)
	if errs != nil {
		return nil, errs
	}
	div := divides(tree.Node) // before expr's patches make calls of operators
	// The text and the sides of top-level comparisons, from the tree as
	// resolved, before expr's patches.
	sh := newShaper(tree.Node, sc)
	p.shape = sh.shape(tree.Node)
	p.text = p.shape.fill(refText)
	key, written := shapeOf(kind, tol, p.shape)
	if shaped := sc.shapes[key]; shaped != nil && sc.dataset == nil && useIR {
		shaped.reuse(p, written, sc)
		return p, nil
	}
	var wholes []template // of the sides
	if kind == assertion {
		for _, b := range topComparisons(tree.Node) {
			whole := sh.shape(b)
			wholes = append(wholes, whole)
			p.sides = append(p.sides, &comparison{text: whole.fill(refText), op: comparisonOps[b.Operator], left: sh.shape(b.Left), right: sh.shape(b.Right)})
		}
	}
	c, errs := checkTree(e, sc, kind, asWritten, cfg, tree)
	if errs != nil {
		return nil, errs
	}
	p.refs, p.keys, p.ir = c.refs, sc.keysOf(c.refs), c.ir
	for _, r := range p.refs {
		p.frame = p.frame || sc.dataset == nil || r.Kind == ir.Prev || r.Kind == ir.Aggregate || r.Kind == ir.Count
	}
	if sc.dataset != nil {
		p.measures = measuresOf(p.refs, sc.dataset)
	}
	if p.ir != nil && useIR {
		index := func(r ir.Ref) int {
			if p.frame {
				return slices.Index(p.refs, r)
			}
			if r.Kind == ir.Dimension {
				return sc.dataset.DimensionIndex(r.Name)
			}
			return sc.dataset.MeasureIndex(r.Name)
		}
		if f, ok := compileIR(p.ir, index, tol, kind == assertion); ok {
			p.fast = f
		}
		if kind == filter && p.fast != nil && !p.frame {
			p.conjuncts = conjuncts(p.ir, index, sc.dataset)
		}
	}
	if p.fast != nil {
		if kind == assertion && !div {
			p.fast.lenient = nil // no quotient can be undefined
		}
		if sh := newShaped(p, written, wholes); sh != nil && sc.dataset == nil {
			sc.shapes[key] = sh
		}
		return p, nil
	}
	if p.written, errs = programOf(e, sc, cfg, tree); errs != nil {
		return nil, errs
	}
	if kind == assertion {
		if errs = p.compileRounding(e, sc, tol); errs != nil {
			return nil, errs
		}
		if div {
			c, errs := compileMode(e, sc, kind, lenient, tol)
			if errs != nil {
				return nil, errs
			}
			p.lenient = c.prog
		}
	}
	return p, nil
}

// compileRounding compiles expr's programs for an assertion within
// rounding, and for the sides of its comparisons, which the fast path
// does without.
func (p *program) compileRounding(e rules.Expr, sc *scope, tol interval.Tolerance) position.Errors {
	r, errs := compileMode(e, sc, assertion, withinRounding, tol)
	if errs != nil {
		return errs
	}
	p.rounding = r.prog
	for _, c := range p.sides {
		c.vmLeft = compileValue(c.left.fill(refText), sc)
		c.vmRight = compileValue(c.right.fill(refText), sc)
	}
	return nil
}

func refText(r ir.Ref) string { return r.String() }

// shapeKey is what makes two expressions over figure sets one program but
// for the figures they read: what they are for, their tolerance, and their
// text with each reference written as its place among the distinct
// references of the text and its kind. Rules made from the claims of
// articles share a few shapes (a - b == c), and checking an expression's
// types is most of the cost of compiling it.
type shapeKey struct {
	kind exprKind
	tol  interval.Tolerance
	text string
}

// shapeOf returns the key of an expression's shape, and the distinct
// references it reads, in the order written.
func shapeOf(kind exprKind, tol interval.Tolerance, t template) (shapeKey, []ir.Ref) {
	var b strings.Builder
	var written []ir.Ref
	for i, piece := range t.text {
		b.WriteString(piece)
		if i == len(t.holes) {
			break
		}
		r := t.holes[i]
		k := slices.Index(written, r)
		if k < 0 {
			k, written = len(written), append(written, r)
		}
		fmt.Fprintf(&b, "\x00%d %d %d\x00", k, r.Kind, r.Agg)
	}
	return shapeKey{kind, tol, b.String()}, written
}

// shaped is an expression over figure sets compiled to closures, for
// another of its shape: the closures read the figures by their place in
// the program's references, whichever figures those are.
type shaped struct {
	written []ir.Ref // the distinct references written
	refs    []ir.Ref // the program's references
	order   []int    // their places in written
	ir      ir.Node
	fast    *lowered
	sides   []shapedSide
}

// shapedSide is a comparison at the top of a shaped assertion, with the
// template of its text.
type shapedSide struct {
	comparison
	whole template
}

// newShaped keeps program p, whose distinct references as written are
// written and whose top comparisons are wholes, for expressions of its shape; nil when its references, or
// those of its IR, are not all among those written.
func newShaped(p *program, written []ir.Ref, wholes []template) *shaped {
	sh := &shaped{written: written, refs: p.refs, ir: p.ir, fast: p.fast}
	for _, r := range ir.Refs(p.ir) {
		if !slices.Contains(p.refs, r) {
			return nil
		}
	}
	for _, r := range p.refs {
		k := slices.Index(written, r)
		if k < 0 {
			return nil
		}
		sh.order = append(sh.order, k)
	}
	for i, c := range p.sides {
		sh.sides = append(sh.sides, shapedSide{*c, wholes[i]})
	}
	return sh
}

// reuse completes program p, of sh's shape, whose distinct references as
// written are written: sh's, each in place of the one at its place.
func (sh *shaped) reuse(p *program, written []ir.Ref, sc *scope) {
	rename := make(map[ir.Ref]ir.Ref, len(written))
	for k, r := range sh.written {
		rename[r] = written[k]
	}
	to := func(r ir.Ref) ir.Ref { return rename[r] }
	for _, k := range sh.order {
		p.refs = append(p.refs, written[k])
	}
	p.keys, p.frame, p.fast = sc.keysOf(p.refs), true, sh.fast
	p.ir = ir.Rename(sh.ir, to)
	for _, s := range sh.sides {
		c := s.comparison
		c.left, c.right, c.text = c.left.rename(to), c.right.rename(to), s.whole.rename(to).fill(refText)
		p.sides = append(p.sides, &c)
	}
}

// useIR is whether expressions the IR covers are evaluated by its closures;
// tests turn it off to hold the closures to expr's VM.
var useIR = true

// conjuncts returns the conditions joined by and at the top of n.
func conjuncts(n ir.Node, index func(ir.Ref) int, ds *rules.Dataset) []conjunct {
	if l, ok := n.(*ir.Logic); ok && l.Op == ir.And {
		return append(conjuncts(l.L, index, ds), conjuncts(l.R, index, ds)...)
	}
	c := &closures{mode: asWritten, index: index}
	holds, _ := c.boolean(n) // the whole compiled, so each part does
	return []conjunct{{holds: holds, measures: measuresOf(ir.Refs(n), ds)}}
}

// measuresOf returns the dataset's measures that refs read as numbers, by
// index: what a row must have for them to be evaluated.
func measuresOf(refs []ir.Ref, ds *rules.Dataset) []int {
	var out []int
	for _, r := range refs {
		if r.Kind == ir.Value {
			out = append(out, ds.MeasureIndex(r.Name))
		}
	}
	return out
}

// undecided says why a filter cannot decide rec, or returns "": rec has
// the figures the filter needs, or a condition of the filter that has its
// figures rules it out.
func (p *program) undecided(b *batch, ds *rules.Dataset, rec *record) string {
	if rec.usable(p.measures) {
		return ""
	}
	for _, c := range p.conjuncts {
		if rec.usable(c.measures) && !c.holds.on(b, rec) {
			return ""
		}
	}
	return rec.missing(ds, p.measures)
}

// compileValue compiles one side of a comparison, or returns nil when it is
// not a number.
func compileValue(text string, sc *scope) *program {
	c, err := compileMode(rules.Expr{Text: text}, sc, value, asWritten, interval.Tolerance{})
	if err != nil {
		return nil
	}
	if c.typ != numType && (c.typ == nil || (c.typ.Kind() != reflect.Int && c.typ.Kind() != reflect.Float64)) {
		return nil
	}
	return &program{written: c.prog, refs: c.refs, keys: sc.keysOf(c.refs), text: text}
}

// newConfig returns expr's configuration for an expression of kind in
// scope sc, asked question m with tolerance tol: a copy of the one made for
// the scope, to which a compilation may add its own patchers.
func newConfig(sc *scope, kind exprKind, m mode, tol interval.Tolerance) *conf.Config {
	key := configKey{kind, m, tol}
	base := sc.configs[key]
	if base == nil {
		if sc.envConfig == nil { // reading the environment is the costly part: once a scope
			sc.envConfig = conf.CreateNew()
			sc.envConfig.WithEnv(sc.env)
		}
		base = conf.CreateNew()
		base.EnvObject, base.Env, base.Strict, base.NtCache = sc.envConfig.EnvObject, sc.envConfig.Env, sc.envConfig.Strict, sc.envConfig.NtCache
		opts := sandbox(sc.limits)
		opts = append(opts, helpers()...)
		opts = append(opts, arithmetic()...)
		opts = append(opts, comparisons(m, tol)...)
		if kind != value {
			opts = append(opts, expr.AsBool())
		}
		for _, o := range opts {
			o(base)
		}
		for name := range base.Disabled {
			delete(base.Builtins, name)
		}
		sc.configs[key] = base
	}
	cfg := *base
	cfg.Visitors = slices.Clip(base.Visitors)
	return &cfg
}

// compiled is an expression compiled for one mode: the program, what it
// reads, its type, and (as written) its IR, when the IR covers it.
type compiled struct {
	prog *vm.Program
	refs []ir.Ref
	typ  reflect.Type
	ir   ir.Node
}

// compileMode parses, checks and compiles e for one mode, within
// compileExpr, which turns a panic of expr's into an error.
func compileMode(e rules.Expr, sc *scope, kind exprKind, m mode, tol interval.Tolerance) (c compiled, errs position.Errors) {
	cfg := newConfig(sc, kind, m, tol)
	tree, errs := parseExpr(e, sc, cfg)
	if errs != nil {
		return c, errs
	}
	if c, errs = checkTree(e, sc, kind, m, cfg, tree); errs != nil {
		return c, errs
	}
	c.prog, errs = programOf(e, sc, cfg, tree)
	return c, errs
}

// checkTree type-checks a parsed tree for one mode, patching its
// comparisons and arithmetic into figcheck's functions, and lowers it to
// the IR (as written, for assertions and filters) before expr's optimizer
// rewrites it.
func checkTree(e rules.Expr, sc *scope, kind exprKind, m mode, cfg *conf.Config, tree *parser.Tree) (c compiled, errs position.Errors) {
	patcher := &comparisonPatcher{polarity: polarities(tree.Node), calls: map[*ast.CallNode]cmpCall{}}
	cfg.Visitors = append(cfg.Visitors, patcher)
	cfg.Check()
	if _, err := new(exprchecker.Checker).PatchAndCheck(tree, cfg); err != nil {
		return c, exprErrors(e, sc, err)
	}
	c.refs, c.typ = newShaper(tree.Node, sc).refs(), tree.Node.Type()
	if m == asWritten && kind != value {
		if n, ok := lowerTree(tree.Node, sc, patcher.calls); ok {
			c.ir = n
		}
	}
	return c, nil
}

// programOf compiles a checked tree to expr's program.
func programOf(e rules.Expr, sc *scope, cfg *conf.Config, tree *parser.Tree) (*vm.Program, position.Errors) {
	if err := optimizer.Optimize(&tree.Node, cfg); err != nil {
		return nil, exprErrors(e, sc, err)
	}
	prog, err := compiler.Compile(tree, cfg)
	if err != nil {
		return nil, exprErrors(e, sc, err)
	}
	return prog, nil
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

// resolver puts the key of each reference in place of prev.x, present(x),
// sum(parts.x) and the like, so that expr sees them as names of the scope.
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
			r.patch(node, ir.Ref{Kind: ir.Prev, Name: name}) // reported once, here
		} else if ok && r.scope.sets[id.Value] != nil && r.scope.env[id.Value] == nil {
			r.qualified(node, n, id.Value)
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

// qualified resolves set.name, a figure named with its figure set.
func (r *resolver) qualified(node *ast.Node, n *ast.MemberNode, set string) {
	prop, ok := n.Property.(*ast.StringNode)
	ref := ir.Ref{Kind: ir.Value, Set: set}
	if ok {
		ref.Name = prop.Value
	}
	if _, known := r.scope.keys[ref]; !known {
		var names []string
		for _, f := range r.scope.sets[set].Figures {
			names = append(names, f.Name)
		}
		r.errorf(n.Property, "figure set %s has no figure %s%s", set, ref.Name, yamlnode.Suggest(ref.Name, names))
	}
	r.patch(node, ref)
}

// present resolves present(x).
func (r *resolver) present(node *ast.Node, n *ast.CallNode) {
	if len(n.Arguments) == 1 {
		if arg, ok := n.Arguments[0].(*ast.IdentifierNode); ok {
			if key, known := r.scope.keys[ir.Ref{Kind: ir.Present, Name: arg.Value}]; known {
				ast.Patch(node, &ast.IdentifierNode{Value: key})
				return
			}
		}
	}
	r.errorf(n, "present takes the name of one %s, as in present(%s)", r.scope.what, exampleName(r.scope))
	ast.Patch(node, &ast.BoolNode{Value: true})
}

func exampleName(sc *scope) string {
	for _, n := range sc.names() {
		if ref, _ := sc.byName(n); ref.Kind == ir.Value {
			return n
		}
	}
	return "x"
}

// patch puts the key of ref in place of node; a reference that is not in
// scope was reported, and stands for nothing.
func (r *resolver) patch(node *ast.Node, ref ir.Ref) {
	if key, ok := r.scope.keys[ref]; ok {
		ast.Patch(node, &ast.IdentifierNode{Value: key})
		return
	}
	ast.Patch(node, &ast.NilNode{})
}

// aggregate resolves fn(parts.x) and count(parts).
func (r *resolver) aggregate(node *ast.Node, fn string, args []ast.Node) {
	if len(args) != 1 {
		return
	}
	if id, ok := args[0].(*ast.IdentifierNode); ok && id.Value == "parts" && fn == "count" {
		r.requireParts(args[0])
		r.patch(node, ir.Ref{Kind: ir.Count})
		return
	}
	if id, ok := args[0].(*ast.IdentifierNode); ok && r.scope.dataset == nil {
		for _, agg := range []ir.Agg{ir.Sum, ir.Min, ir.Max, ir.HowMany} {
			list := ir.Ref{Kind: ir.List, Name: id.Value, Agg: agg}
			if _, known := r.scope.keys[list]; known && fn == agg.String() {
				r.patch(node, list)
				return
			}
		}
	}
	m, ok := args[0].(*ast.MemberNode)
	if !ok {
		return
	}
	if id, ok := m.Node.(*ast.IdentifierNode); !ok || id.Value != "parts" {
		return
	}
	if !r.requireParts(m) {
		r.patch(node, ir.Ref{}) // reported once, here
		return
	}
	name, ok := r.measure(m, "parts")
	if !ok {
		r.patch(node, ir.Ref{})
		return
	}
	for _, agg := range []ir.Agg{ir.Sum, ir.Min, ir.Max} {
		if fn == agg.String() {
			r.patch(node, ir.Ref{Kind: ir.Aggregate, Name: name, Agg: agg})
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
		if _, known := r.scope.keys[ir.Ref{Kind: ir.Prev, Name: prop.Value}]; base == "prev" && known {
			return prop.Value, true
		}
		if base == "prev" {
			r.errorf(m.Property, "prev.%s: %s is not a figure of the figure sets%s", prop.Value, prop.Value, yamlnode.Suggest(prop.Value, r.scope.names()))
		} else {
			r.errorf(m.Node, "%s.%s: %s only exists in rules over a dataset", base, prop.Value, base)
		}
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

// shaper knows which identifiers of a tree are references of the scope:
// those that are not the names of lets around them.
type shaper struct {
	idents []*ast.IdentifierNode // in the order written
	marks  map[*ast.IdentifierNode]ir.Ref
}

func newShaper(root ast.Node, sc *scope) *shaper {
	s := &shaper{marks: map[*ast.IdentifierNode]ir.Ref{}}
	ast.Find(root, func(node ast.Node) bool {
		if id, ok := node.(*ast.IdentifierNode); ok {
			if ref, known := sc.refs[id.Value]; known {
				s.marks[id] = ref
				s.idents = append(s.idents, id)
			}
		}
		return false
	})
	ast.Find(root, func(node ast.Node) bool {
		if let, ok := node.(*ast.VariableDeclaratorNode); ok {
			ast.Find(let.Expr, func(node ast.Node) bool {
				if id, ok := node.(*ast.IdentifierNode); ok && id.Value == let.Name {
					delete(s.marks, id)
				}
				return false
			})
		}
		return false
	})
	return s
}

// refs returns the references the tree reads, each once, in the order
// written.
func (s *shaper) refs() []ir.Ref {
	var out []ir.Ref
	for _, id := range s.idents {
		if ref, ok := s.marks[id]; ok && !slices.Contains(out, ref) {
			out = append(out, ref)
		}
	}
	return out
}

// template is an expression as expr prints it, with a hole for each
// reference: filled with the references as rules write them, it is the
// rule's text; with the figures' values, the computation of a finding.
type template struct {
	text  []string // len(holes)+1 pieces around the holes
	holes []ir.Ref
}

// shape prints n, a node of the shaper's tree, as a template.
func (s *shaper) shape(n ast.Node) template {
	var holes []ir.Ref
	var saved []string
	var marked []*ast.IdentifierNode
	ast.Find(n, func(node ast.Node) bool {
		if id, ok := node.(*ast.IdentifierNode); ok {
			if ref, ok := s.marks[id]; ok {
				saved, marked = append(saved, id.Value), append(marked, id)
				id.Value = "\x00" + strconv.Itoa(len(holes)) + "\x00" // expr prints NUL in strings escaped
				holes = append(holes, ref)
			}
		}
		return false
	})
	printed := n.String()
	for i, id := range marked {
		id.Value = saved[i]
	}
	t := template{holes: holes}
	for i, piece := range strings.Split(printed, "\x00") {
		if i%2 == 0 {
			t.text = append(t.text, piece)
		}
	}
	return t
}

// fill writes the template with each hole filled in.
func (t template) fill(text func(ir.Ref) string) string {
	var b strings.Builder
	for i, piece := range t.text {
		b.WriteString(piece)
		if i < len(t.holes) {
			b.WriteString(text(t.holes[i]))
		}
	}
	return b.String()
}

// rename returns the template with to(r) in place of each reference r.
func (t template) rename(to func(ir.Ref) ir.Ref) template {
	holes := make([]ir.Ref, len(t.holes))
	for i, r := range t.holes {
		holes[i] = to(r)
	}
	return template{text: t.text, holes: holes}
}

// single reports whether the template is one reference or one literal.
func (t template) single() bool {
	return len(t.holes) == 0 || len(t.holes) == 1 && t.text[0] == "" && t.text[1] == ""
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
	"exceeds maximum allowed nodes", "exceeds maximum allowed nodes; run with --limit expression-nodes=N to raise it",
)

// divides reports whether the expression n divides: with / or a helper
// that divides (pct_change, ratio), so that a quotient may be undefined.
func divides(n ast.Node) bool {
	d := &divisions{}
	ast.Walk(&n, d)
	return d.found
}

type divisions struct{ found bool }

func (d *divisions) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.BinaryNode:
		d.found = d.found || n.Operator == "/"
	case *ast.CallNode:
		if id, ok := n.Callee.(*ast.IdentifierNode); ok {
			d.found = d.found || id.Value == "pct_change" || id.Value == "ratio"
		}
	}
}
