package checker

import (
	"fmt"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/internal/ir"
)

// changeKinds are the kinds of value the change helpers give, which a
// figure written as another kind of change must not be compared with.
var changeKinds = map[ir.Func]figures.Kind{ir.PctChange: figures.Change, ir.PPChange: figures.Points, ir.Ratio: figures.Multiplier}

var changeWords = map[figures.Kind]string{figures.Change: "a change in per cent", figures.Points: "percentage points", figures.Multiplier: "a multiplier"}

// mixups says where a comparison of n sets a change helper against a
// figure written as another kind of change: pct_change against "down 0.8
// percentage points", pp_change against "up 4%", ratio against either. A
// figure whose words do not say (four per cent) is not one.
func mixups(n ir.Node, kindOf func(ir.Ref) (figures.Kind, bool)) []string {
	var out []string
	ir.Walk(n, func(n ir.Node) {
		c, ok := n.(*ir.Compare)
		if !ok {
			return
		}
		for _, pair := range [][2]ir.Node{{c.L, c.R}, {c.R, c.L}} {
			call, ok := unwrapNeg(pair[0]).(*ir.Call)
			if !ok {
				continue
			}
			want, isChange := changeKinds[call.Fn]
			ref, ok := unwrapNeg(pair[1]).(*ir.RefNode)
			if !isChange || !ok {
				continue
			}
			got, known := kindOf(ref.Ref)
			if _, isChangeToo := changeWords[got]; known && got != want && isChangeToo {
				out = append(out, fmt.Sprintf("%s is written as %s and compared with %s", ref.Ref, changeWords[got], changeWords[want]))
			}
		}
	})
	return out
}

// unwrapNeg returns the node under a unary minus, or n.
func unwrapNeg(n ir.Node) ir.Node {
	if c, ok := n.(*ir.Call); ok && c.Fn == ir.Neg {
		return c.Args[0]
	}
	return n
}
