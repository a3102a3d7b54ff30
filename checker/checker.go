// Package checker compiles rules with expr and evaluates them on figures,
// allowing for the rounding of every figure: a relation passes when the
// figures as written satisfy it, passes within rounding when only values
// inside their rounding do, and fails when none do.
package checker

import (
	"context"
	"regexp"
	"slices"
	"strings"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/internal/ir"
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
	index    *figureIndex
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
	index, errs := newFigureIndex(sets)
	c := &Checker{sets: sets, datasets: rs.Datasets, index: index}
	sc := &scopes{figures: index.scope(), rows: map[rowScopeKey]*scope{}, limits: rs.Limits}
	sc.figures.limits = rs.Limits
	for i, r := range rs.Rules {
		cr := &compiledRule{rule: r, index: i}
		errs = append(errs, cr.compile(sc)...)
		c.rules = append(c.rules, cr)
	}
	errs.Sort()
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// scopes are the scopes of a rule set's expressions, each made once: for
// figure sets, and for each dataset with prev, with parts, or neither.
type scopes struct {
	figures *scope
	rows    map[rowScopeKey]*scope
	limits  rules.Limits // of every scope
}

type rowScopeKey struct {
	ds          *rules.Dataset
	prev, parts bool
}

func (s *scopes) row(ds *rules.Dataset, prev, parts bool) *scope {
	k := rowScopeKey{ds, prev, parts}
	if s.rows[k] == nil {
		s.rows[k] = rowScope(ds, prev, parts)
		s.rows[k].limits = s.limits
	}
	return s.rows[k]
}

func (cr *compiledRule) compile(scopes *scopes) position.Errors {
	r := cr.rule
	if r.SameFigure {
		var errs position.Errors
		if r.Message != "" {
			cr.message, errs = parseMessage(r.Message, r.MessagePos, &scope{what: "name"})
		}
		return errs
	}
	var errs position.Errors
	sc := scopes.figures
	if r.Dataset != nil {
		sc = scopes.row(r.Dataset, r.Group == nil, r.Group != nil)
		filterScope := scopes.row(r.Dataset, false, false)
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
		for _, r := range cr.assert.refs {
			cr.usesPrev = cr.usesPrev || r.Kind == ir.Prev
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
	ref  ir.Ref // what the name stands for
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
		ref, ok := sc.byName(name)
		if !ok && name != "subject" {
			errs.Add(pos, "message names {%s}, which is not a %s of this rule%s (or {subject})", name, sc.what, yamlnode.Suggest(name, sc.names()))
		}
		parts = append(parts, messagePart{text: name, name: true, ref: ref})
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

// binding is what a name stands for in one evaluation.
type binding struct {
	value  any    // a Num or a string
	reason string // when not empty, why the value cannot be used
	use    FigureUse
}

// TableOptions are the options to open the run's tables with: the
// delimiter the datasets declare, when those that declare one agree, and
// otherwise none, so that each table's is sniffed (and a table that does
// not have the one its dataset declares does not fit that dataset).
func (c *Checker) TableOptions() tables.Options {
	var o tables.Options
	for _, ds := range c.datasets {
		switch {
		case ds.Delimiter == 0:
		case o.Delimiter == 0:
			o.Delimiter = ds.Delimiter
		case o.Delimiter != ds.Delimiter:
			return tables.Options{}
		}
	}
	return o
}
