package checker

import (
	"github.com/expr-lang/expr/vm"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/internal/ir"
	"github.com/figcheck/figcheck/position"
)

// Lint returns notes on the rule set that are not errors: measures and
// figures no rule uses, figures that say what they measure but not for
// which period or area (which no same-figure rule can compare), and rules that can never fail whatever the
// figures, where that can be decided (an assertion that names no figure
// and holds, or a comparison of an expression with itself).
func (c *Checker) Lint() position.Errors {
	var notes position.Errors
	used := map[string]bool{}
	sameFigure := false
	for _, cr := range c.rules {
		if cr.rule.SameFigure {
			sameFigure = true
		}
		for _, p := range []*program{cr.assert, cr.when, cr.parts, cr.whole} {
			if p != nil {
				for _, r := range p.refs {
					used[r.Name] = true
					if r.Kind == ir.List {
						for _, s := range c.sets {
							if l := s.List(r.Name); l != nil {
								for _, name := range l.Figures {
									used[name] = true
								}
							}
						}
					}
				}
			}
		}
		if cr.assert != nil {
			if why := cr.neverFails(); why != "" {
				notes.Add(cr.rule.Pos, "rule %s can never fail: %s", cr.rule.ID, why)
			}
		}
	}
	for _, ds := range c.datasets {
		if sameFigure && ds.Period != "" && len(ds.Area) > 0 {
			continue // a same-figure rule compares every measure
		}
		for _, m := range ds.Measures {
			if !used[m.Name] {
				notes.Add(m.Pos, "measure %s is declared but no rule uses it", m.Name)
			}
		}
	}
	for _, s := range c.sets {
		for _, f := range s.Figures {
			if !used[f.Name] && !(sameFigure && hasIdentity(f)) {
				notes.Add(f.Pos, "figure %s is not used by any rule", f.Name)
			}
			if sameFigure && f.Measure != "" && !hasIdentity(f) {
				notes.Add(f.Pos, "figure %s has a measure but no %s, so no same-figure rule compares it: give its period and area", f.Name, missingIdentity(f))
			}
		}
	}
	return notes
}

// missingIdentity names what a figure lacks of period and area.
func missingIdentity(f figures.Figure) string {
	switch {
	case f.Period == "" && f.Area == "":
		return "period or area"
	case f.Period == "":
		return "period"
	default:
		return "area"
	}
}

func hasIdentity(f figures.Figure) bool { return f.Measure != "" && f.Period != "" && f.Area != "" }

// neverFails says why the rule's assertion holds whatever the figures, or
// returns "".
func (cr *compiledRule) neverFails() string {
	p := cr.assert
	if len(p.refs) == 0 {
		holds := false
		if p.fast != nil {
			holds = p.fast.written.on(&batch{}, nil)
		} else {
			var m vm.VM
			out, err := m.Run(p.written, map[string]any{})
			holds = err == nil && out == true
		}
		if holds {
			return "it names no figure and holds"
		}
		return ""
	}
	if len(p.sides) == 1 && p.sides[0].text == p.text { // the assertion is one comparison
		c := p.sides[0]
		switch c.op.String() {
		case "==", "<=", ">=":
			if l := c.left.fill(refText); l == c.right.fill(refText) {
				return "it compares " + l + " with itself"
			}
		}
	}
	return ""
}
