// Package checker compiles rules with expr and evaluates them on figures,
// allowing for the rounding of every figure: a relation passes when the
// figures as written satisfy it, passes within rounding when only values
// inside their rounding do, and fails when none do.
package checker

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/expr-lang/expr/vm"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/internal/yamlnode"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/tables"
)

// Checker holds a rule set compiled against the figures it will check.
type Checker struct {
	rules    []*compiledRule // every rule, in rule-set order
	datasets []*rules.Dataset
	sets     []*figures.Set
	figures  map[string]*figures.Figure
}

// compiledRule is a rule ready to evaluate.
type compiledRule struct {
	rule     *rules.Rule
	index    int      // in the rule set
	assert   *program // nil for same-figure rules
	when     *program
	parts    *program // group rules: which rows are parts
	whole    *program // and which the whole
	usesPrev bool
	message  []messagePart
}

// New compiles every rule of rs. Rules over figure sets are compiled against
// the figures of sets; rules over tables against their dataset. Every
// problem in the rules is returned, positioned, as position.Errors.
func New(rs *rules.Set, sets []*figures.Set) (*Checker, error) {
	c := &Checker{sets: sets, datasets: rs.Datasets, figures: map[string]*figures.Figure{}}
	var errs position.Errors
	var names []string
	for _, s := range sets {
		for i := range s.Figures {
			f := &s.Figures[i]
			if prev, dup := c.figures[f.Name]; dup {
				errs.Add(f.Pos, "figure %s is already defined at %s: give each figure of a run its own name", f.Name, prev.Pos)
				continue
			}
			c.figures[f.Name] = f
			names = append(names, f.Name)
		}
	}
	figScope := figureScope(names)
	for i, r := range rs.Rules {
		cr := &compiledRule{rule: r, index: i}
		errs = append(errs, cr.compile(figScope)...)
		c.rules = append(c.rules, cr)
	}
	errs.Sort()
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

func (cr *compiledRule) compile(figScope *scope) position.Errors {
	r := cr.rule
	if r.SameFigure {
		var errs position.Errors
		if r.Message != "" {
			cr.message, errs = parseMessage(r.Message, r.MessagePos, &scope{what: "name"})
		}
		return errs
	}
	var errs position.Errors
	sc := figScope
	if r.Dataset != nil {
		sc = rowScope(r.Dataset, r.Group == nil, r.Group != nil)
		filterScope := rowScope(r.Dataset, false, false)
		if !r.When.IsZero() {
			var e position.Errors
			cr.when, e = compileExpr(r.When, filterScope, filter, r.Tolerance)
			errs = append(errs, e...)
		}
		if g := r.Group; g != nil {
			errs = append(errs, checkDimensions(r.Dataset, "group by", g.By, g.ByPos)...)
			if !slices.Equal(g.WholeByPos, g.ByPos) { // by: {parts: …, whole: …}
				errs = append(errs, checkDimensions(r.Dataset, "group by", g.WholeBy, g.WholeByPos)...)
			}
			var e position.Errors
			cr.parts, e = compileExpr(g.Parts, filterScope, filter, r.Tolerance)
			errs = append(errs, e...)
			cr.whole, e = compileExpr(g.Whole, filterScope, filter, r.Tolerance)
			errs = append(errs, e...)
		}
	}
	if len(r.Unique) > 0 {
		errs = append(errs, checkDimensions(r.Dataset, "unique", r.Unique, r.UniquePos)...)
		if r.Message != "" {
			var e position.Errors
			cr.message, e = parseMessage(r.Message, r.MessagePos, &scope{what: "name"})
			errs = append(errs, e...)
		}
		return errs
	}
	var e position.Errors
	cr.assert, e = compileExpr(r.Assert, sc, assertion, r.Tolerance)
	errs = append(errs, e...)
	if cr.assert != nil {
		for _, n := range cr.assert.names {
			if strings.HasPrefix(n, "prev.") {
				cr.usesPrev = true
			}
		}
	}
	if r.Message != "" {
		cr.message, e = parseMessage(r.Message, r.MessagePos, sc)
		errs = append(errs, e...)
	}
	return errs
}

// checkDimensions reports the names that are not dimensions of ds.
func checkDimensions(ds *rules.Dataset, what string, names []string, pos []position.Pos) position.Errors {
	var errs position.Errors
	for i, name := range names {
		if ds.Dimension(name) == nil {
			errs.Add(pos[i], "%s %s: it is not a dimension of the dataset", what, name)
		}
	}
	return errs
}

// messagePart is literal text, or a {name} to fill in.
type messagePart struct {
	text string
	name bool
}

var placeholder = regexp.MustCompile(`\{([^{}]*)\}`)

// parseMessage splits a message template into text and names, checking
// each name against the scope.
func parseMessage(msg string, pos position.Pos, sc *scope) ([]messagePart, position.Errors) {
	var parts []messagePart
	var errs position.Errors
	last := 0
	for _, m := range placeholder.FindAllStringSubmatchIndex(msg, -1) {
		parts = append(parts, messagePart{text: msg[last:m[0]]})
		name := strings.TrimSpace(msg[m[2]:m[3]])
		if _, ok := sc.env[name]; !ok && name != "subject" {
			errs.Add(pos, "message names {%s}, which is not a %s of this rule%s (or {subject})", name, sc.what, yamlnode.Suggest(name, sc.names()))
		}
		parts = append(parts, messagePart{text: name, name: true})
		last = m[1]
	}
	parts = append(parts, messagePart{text: msg[last:]})
	return parts, errs
}

// Check evaluates every rule: rules over figure sets once, rules over
// tables on every row of every table whose columns they fit. It returns an
// error only when the check could not be carried out (it was cancelled);
// findings and bad input are in the Result.
func (c *Checker) Check(ctx context.Context, tabs []*tables.Table, opts Options) (*Result, error) {
	acc := newAccumulator(c.rules, opts.MaxFindings)
	for _, s := range c.sets {
		acc.inputs = append(acc.inputs, s.Path)
	}
	c.checkFigures(acc)
	same := newSameFigures(c.rules, acc)
	if same != nil {
		for _, s := range c.sets {
			same.addSet(s)
		}
	}
	if err := c.checkTables(ctx, tabs, opts, acc, same); err != nil {
		return nil, err
	}
	if same != nil {
		if err := same.finish(ctx, opts.Workers); err != nil {
			return nil, err
		}
	}
	return acc.result(), nil
}

// checkFigures evaluates the rules over figure sets.
func (c *Checker) checkFigures(acc *accumulator) {
	var m vm.VM
	env := map[string]any{}
	for _, cr := range c.rules {
		if cr.rule.Dataset != nil || cr.rule.SameFigure {
			continue
		}
		lookup := func(name string) binding {
			if inner, ok := strings.CutPrefix(name, "present("); ok {
				f := c.figures[strings.TrimSuffix(inner, ")")]
				return binding{value: f.Value.Status == figures.Number}
			}
			return figureBinding(c.figures[name])
		}
		ev := evaluation{rule: cr, lookup: lookup, env: env, vm: &m, subject: "figures"}
		for _, name := range cr.assert.names {
			// The figures of a claim are named by the document they came from.
			if first := c.figures[baseName(name)]; first != nil {
				ev.pos, ev.subject = first.Pos, first.Document
				if ev.subject == "" {
					ev.subject = first.Pos.File
				}
				break
			}
		}
		acc.record(ev.run(), 0)
	}
}

func figureBinding(f *figures.Figure) binding {
	use := FigureUse{Name: f.Name, Text: f.Value.Text, Pos: f.Pos, Lo: f.Value.Num.Lo, Hi: f.Value.Num.Hi}
	if f.Value.Status != figures.Number {
		return binding{reason: fmt.Sprintf("figure %s is suppressed (%s)", f.Name, f.Value.Text), use: use}
	}
	return binding{value: f.Value.Num, use: use}
}

// binding is what a name stands for in one evaluation.
type binding struct {
	value  any    // a Num or a string
	reason string // when not empty, why the value cannot be used
	use    FigureUse
}
