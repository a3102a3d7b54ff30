package checker

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/vm"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/internal/ir"
	"github.com/figcheck/figcheck/interval"
	"github.com/figcheck/figcheck/position"
)

// figureIndex finds the figures of every figure set of a run: a rule over
// figures reads a set's own figures by name first, and another set's
// where only one set has the name, or where the rule names the set
// (draft.fte_2024).
type figureIndex struct {
	sets   []*figures.Set
	byName map[string][]*figures.Figure // figure name → the sets' figures of that name
	lists  map[string][]*figures.Set    // list name → the sets that have it
	named  map[string]*figures.Set      // set name → set
	owner  map[*figures.Figure]*figures.Set
	// series holds the statements of each measure and area by period,
	// for prev.
	series map[seriesKey][]*figures.Figure
}

type seriesKey struct{ measure, area string }

func newFigureIndex(sets []*figures.Set) (*figureIndex, position.Errors) {
	x := &figureIndex{sets: sets, byName: map[string][]*figures.Figure{}, lists: map[string][]*figures.Set{},
		named: map[string]*figures.Set{}, owner: map[*figures.Figure]*figures.Set{}, series: map[seriesKey][]*figures.Figure{}}
	var errs position.Errors
	for _, s := range sets {
		if other, dup := x.named[s.Name]; dup {
			errs.Add(position.Pos{File: s.Path}, "figure set %s has the name of %s: give it a name of its own (name: …)", s.Name, other.Path)
			continue
		}
		x.named[s.Name] = s
		for i := range s.Figures {
			f := &s.Figures[i]
			x.owner[f] = s
			x.byName[f.Name] = append(x.byName[f.Name], f)
			if f.Measure != "" && f.Period != "" {
				k := seriesKey{f.Measure, f.Area}
				x.series[k] = append(x.series[k], f)
			}
		}
		for _, l := range s.Lists {
			x.lists[l.Name] = append(x.lists[l.Name], s)
		}
	}
	return x, errs
}

// scope is the scope of rules over figure sets: every figure by name and
// by its set's name, its prev, and every list.
func (x *figureIndex) scope() *scope {
	s := newScope(nil, "figure")
	s.prev = true
	for _, set := range x.sets {
		for _, f := range set.Figures {
			if _, done := s.keys[ir.Ref{Kind: ir.Value, Name: f.Name}]; !done {
				s.add(ir.Ref{Kind: ir.Value, Name: f.Name})
				s.add(ir.Ref{Kind: ir.Present, Name: f.Name})
				s.add(ir.Ref{Kind: ir.Prev, Name: f.Name})
			}
			s.add(ir.Ref{Kind: ir.Value, Name: f.Name, Set: set.Name})
		}
		for _, l := range set.Lists {
			for _, agg := range []ir.Agg{ir.Sum, ir.Min, ir.Max, ir.HowMany} {
				s.add(ir.Ref{Kind: ir.List, Name: l.Name, Agg: agg})
			}
		}
	}
	s.sets = x.named
	return s
}

// figure resolves a figure's name as read from set (nil when the rule
// belongs to no set), or says why it cannot.
func (x *figureIndex) figure(set *figures.Set, r ir.Ref) (*figures.Figure, string) {
	if r.Set != "" {
		if s := x.named[r.Set]; s != nil {
			return s.Figure(r.Name), ""
		}
		return nil, ""
	}
	if set != nil {
		if f := set.Figure(r.Name); f != nil {
			return f, ""
		}
	}
	all := x.byName[r.Name]
	if len(all) == 0 {
		return nil, "no figure set has a figure " + r.Name
	}
	if len(all) > 1 {
		var names []string
		for _, f := range all {
			names = append(names, x.setOf(f).Name)
		}
		return nil, fmt.Sprintf("%s is a figure of several figure sets (%s): name it with its set, as %s.%s", r.Name, strings.Join(names, ", "), names[0], r.Name)
	}
	return all[0], ""
}

// setOf returns the set a figure belongs to.
func (x *figureIndex) setOf(f *figures.Figure) *figures.Set { return x.owner[f] }

// lookup binds references as read from set.
func (x *figureIndex) lookup(set *figures.Set) func(ir.Ref) binding {
	return func(r ir.Ref) binding {
		if r.Kind == ir.List {
			return x.list(set, r)
		}
		f, why := x.figure(set, r)
		if why != "" {
			return binding{reason: why}
		}
		switch r.Kind {
		case ir.Present:
			return binding{value: f.Value.Status == figures.Number}
		case ir.Prev:
			return x.prev(set, f, r)
		}
		return figureBinding(f)
	}
}

// prev binds prev.x: the statement of x's measure and area for the period
// before x's, from x's own set where it has one.
func (x *figureIndex) prev(set *figures.Set, f *figures.Figure, r ir.Ref) binding {
	if f.Measure == "" || f.Period == "" {
		return binding{reason: fmt.Sprintf("prev.%s needs the measure and period of %s", f.Name, f.Name)}
	}
	series := x.series[seriesKey{f.Measure, f.Area}]
	var periods []string
	for _, g := range series {
		if !slices.Contains(periods, g.Period) {
			periods = append(periods, g.Period)
		}
	}
	sortPeriods(periods)
	i := slices.Index(periods, f.Period)
	if i <= 0 {
		return binding{reason: fmt.Sprintf("no figure of %s for the period before %s", f.Measure, f.Period)}
	}
	var before *figures.Figure
	for _, g := range series {
		if g.Period == periods[i-1] && (before == nil || set != nil && x.setOf(g) == set && x.setOf(before) != set) {
			before = g
		}
	}
	b := figureBinding(before)
	b.use.Name = r.String() + " (" + before.Name + ")"
	if b.reason != "" {
		b.reason = "prev." + b.reason
	}
	return b
}

// list binds an aggregate of a list of figures.
func (x *figureIndex) list(set *figures.Set, r ir.Ref) binding {
	owner := set
	if owner == nil || owner.List(r.Name) == nil {
		sets := x.lists[r.Name]
		if len(sets) > 1 {
			return binding{reason: fmt.Sprintf("%s is a list of several figure sets", r.Name)}
		}
		owner = sets[0]
	}
	l := owner.List(r.Name)
	var agg aggregate
	for _, name := range l.Figures {
		f := owner.Figure(name)
		if f.Value.Status != figures.Number {
			return binding{reason: fmt.Sprintf("%s holds %s, which is suppressed (%s)", r.Name, f.Name, f.Value.Text)}
		}
		agg.combine(r.Agg, aggregate{n: f.Value.Num, set: true})
	}
	n := agg.n
	text := FormatNumber(n.V)
	if r.Agg == ir.HowMany {
		n, text = interval.Exact(float64(len(l.Figures))), strconv.Itoa(len(l.Figures))
	}
	return binding{value: n, use: FigureUse{Name: r.String(), Text: text, Lo: n.Lo, Hi: n.Hi, Pos: l.Pos}}
}

// setsFor returns the sets a rule over figures is evaluated for: each set
// that has a figure or list the rule reads by its bare name and that can
// tell every name the rule reads, once for each different choice of
// figures. Where no such set can tell them all, the rule is evaluated once,
// and skips with the reason; where no set has a bare name, once for the run
// as a whole (nil).
func (x *figureIndex) setsFor(p *program) []*figures.Set {
	var out, candidates []*figures.Set
	var seen []string
	for _, s := range x.sets {
		own := false
		for _, r := range p.refs {
			if r.Set == "" && (s.Figure(r.Name) != nil || r.Kind == ir.List && s.List(r.Name) != nil) {
				own = true
			}
		}
		if !own {
			continue
		}
		candidates = append(candidates, s)
		// The figures it reads, as this set tells them.
		var key strings.Builder
		told := true
		for _, r := range p.refs {
			if r.Kind == ir.List {
				fmt.Fprintf(&key, "%s@%s,", r.Name, s.Name)
				continue
			}
			f, why := x.figure(s, r)
			told = told && why == ""
			fmt.Fprintf(&key, "%p,", f)
		}
		if told && !slices.Contains(seen, key.String()) {
			seen = append(seen, key.String())
			out = append(out, s)
		}
	}
	switch {
	case len(out) > 0:
		return out
	case len(candidates) > 0:
		return candidates[:1]
	}
	return []*figures.Set{nil}
}

// checkFigures evaluates the rules over figure sets.
func (c *Checker) checkFigures(acc *accumulator) {
	var m vm.VM
	var one batch
	env := map[string]any{}
	var units []*unit
	for _, cr := range c.rules {
		if cr.rule.Dataset != nil || cr.rule.SameFigure {
			continue
		}
		for _, set := range c.index.setsFor(cr.assert) {
			ev := evaluation{rule: cr, lookup: c.index.lookup(set), env: env, vm: &m, one: &one, subject: "figures"}
			for _, r := range cr.assert.refs {
				// The figures of a claim are named by the document they came from.
				if first, why := c.index.figure(set, r); why == "" && first != nil {
					ev.pos, ev.subject = first.Pos, first.Document
					if ev.subject == "" {
						ev.subject = first.Pos.File
					}
					break
				}
			}
			o := ev.run()
			mixup := false
			if p := cr.assert; p.ir != nil && o.verdict != Skipped {
				o, mixup = c.index.kindsAgree(set, p, o, &ev)
			}
			// A change of the wrong kind is no figure's wrong value.
			if u := figureUnit(cr, ev.lookup); u != nil && !mixup && (o.verdict != Skipped || o.finding != nil) {
				u.finding = o.finding
				units = append(units, u)
			}
			acc.record(o, 0)
		}
	}
	solveUnits(units, func(FigureUse) float64 { return 0 }, 1)
}

// kindsAgree makes an outcome a failure where the rule compares a change
// with a figure written as another kind of change, whatever the numbers
// say: a per-cent change is not a change in points.
func (x *figureIndex) kindsAgree(set *figures.Set, p *program, o outcome, ev *evaluation) (outcome, bool) {
	found := mixups(p.ir, func(r ir.Ref) (figures.Kind, bool) {
		if r.Kind != ir.Value {
			return 0, false
		}
		f, why := x.figure(set, r)
		if why != "" || f == nil {
			return 0, false
		}
		return f.Value.Kind, true
	})
	if len(found) == 0 {
		return o, false
	}
	if o.finding == nil {
		o.verdict, o.finding = Fail, ev.explain()
	}
	note := strings.Join(found, "; ")
	if o.finding.Message != "" {
		note += ": " + o.finding.Message
	}
	o.finding.Message = note
	return o, true
}

func figureBinding(f *figures.Figure) binding {
	use := setFigureUse(f)
	if f.Value.Status != figures.Number {
		return binding{reason: fmt.Sprintf("figure %s is suppressed (%s)", f.Name, f.Value.Text), use: use}
	}
	return binding{value: f.Value.Num, use: use}
}
