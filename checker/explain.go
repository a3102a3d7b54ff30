package checker

import (
	"strconv"
	"strings"

	"github.com/figcheck/figcheck/internal/ir"
	"github.com/figcheck/figcheck/internal/numtext"
	"github.com/figcheck/figcheck/interval"
)

// explain builds the finding for a failed evaluation: the figures used, the
// assertion with their values filled in, and each failing comparison worked
// through with the gap between its sides.
func (ev *evaluation) explain() *Finding {
	cr := ev.rule
	p := cr.assert
	f := &Finding{Rule: cr.rule, Verdict: Fail, Subject: ev.subject, Pos: ev.pos, Expr: p.text}
	texts := map[ir.Ref]string{} // each reference's value as the computation shows it
	for _, ref := range p.refs {
		b := ev.lookup(ref)
		switch v := b.value.(type) {
		case string:
			texts[ref] = strconv.Quote(v)
			continue
		case bool:
			texts[ref] = strconv.FormatBool(v)
			continue
		}
		texts[ref] = b.use.Text
		f.Figures = append(f.Figures, b.use)
	}
	text := func(r ir.Ref) string { return texts[r] }
	f.Computation = p.shape.fill(text)
	for k, c := range p.sides {
		l, r, ok := ev.sides(p, k, c)
		if !ok {
			continue
		}
		tol := cr.rule.Tolerance.For(l, r)
		if interval.Possible(c.op, l, r, tol) {
			continue // this comparison holds; another one failed
		}
		f.Comparisons = append(f.Comparisons, Comparison{
			Expr:         c.text,
			Op:           c.op.String(),
			Left:         side(c.left, l, text),
			Right:        side(c.right, r, text),
			Gap:          interval.Gap(c.op, l, r),
			GapAsWritten: interval.Gap(c.op, l.AsWritten(), r.AsWritten()),
			Tolerance:    tol,
		})
	}
	f.Message = renderMessage(cr.message, ev.subject, ev.lookup)
	return f
}

// sides evaluates the sides of the k-th comparison at the top of p, when
// both are numbers.
func (ev *evaluation) sides(p *program, k int, c *comparison) (l, r Num, ok bool) {
	if p.fast != nil {
		if 2*k+1 >= len(p.fast.sides) || p.fast.sides[2*k] == nil {
			return l, r, false
		}
		return p.fast.sides[2*k].on(ev.one, ev.rec), p.fast.sides[2*k+1].on(ev.one, ev.rec), true
	}
	if c.vmLeft == nil || c.vmRight == nil {
		return l, r, false
	}
	l, lok := ev.value(c.vmLeft)
	r, rok := ev.value(c.vmRight)
	return l, r, lok && rok
}

// renderMessage fills a message template: {subject} with the subject,
// other names with their values as written.
func renderMessage(parts []messagePart, subject string, lookup func(ir.Ref) binding) string {
	var b strings.Builder
	for _, part := range parts {
		switch {
		case !part.name:
			b.WriteString(part.text)
		case part.text == "subject":
			b.WriteString(subject)
		default:
			v := lookup(part.ref)
			if s, ok := v.value.(string); ok {
				b.WriteString(s)
			} else {
				b.WriteString(v.use.Text)
			}
		}
	}
	return b.String()
}

// value evaluates one side of a comparison with expr's VM. The side may
// read figures the whole assertion does not, so it binds its own.
func (ev *evaluation) value(p *program) (Num, bool) {
	if ev.bind(p) != "" {
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

func side(t template, n Num, text func(ir.Ref) string) Side {
	return Side{Expr: t.fill(refText), Computation: t.fill(text), Computed: !t.single(), Value: n.V, Lo: n.Lo, Hi: n.Hi}
}

// FormatNumber writes a computed number for people: up to four decimals,
// more for small numbers, no trailing zeros (see package numtext).
func FormatNumber(f float64) string { return numtext.Format(f) }
