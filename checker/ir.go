package checker

import (
	"github.com/figcheck/figcheck/internal/ir"
	"github.com/figcheck/figcheck/rules"
)

// RulePlan is a compiled rule as other back ends (such as SQL) read it: the
// rule, and the IR of its assertion, of its when and of its group's
// filters, nil where the IR does not cover them.
type RulePlan struct {
	Rule         *rules.Rule
	Assert       ir.Node
	When         ir.Node // nil when the rule has no when
	Parts, Whole ir.Node // a group rule's filters; nil for other rules
	UsesPrev     bool    // whether the assertion reads prev
}

// Plans returns the plan of every rule, in rule-set order.
func (c *Checker) Plans() []RulePlan {
	var out []RulePlan
	for _, cr := range c.rules {
		p := RulePlan{Rule: cr.rule, UsesPrev: cr.usesPrev}
		if cr.assert != nil {
			p.Assert = cr.assert.ir
		}
		if cr.when != nil {
			p.When = cr.when.ir
		}
		if cr.parts != nil && cr.whole != nil {
			p.Parts, p.Whole = cr.parts.ir, cr.whole.ir
		}
		out = append(out, p)
	}
	return out
}
