package checker

import (
	"strings"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/interval"
)

// sameFigures checks that a figure stated more than once, in one input or
// across inputs, has one value: the same measure for the same period and
// area must agree within the rounding of both statements.
type sameFigures struct {
	rules []*compiledRule
	acc   *accumulator
	first map[identity]statement
}

// identity is what makes two statements the same figure.
// Beyond measure, period and area, a table's dataset may name more
// dimensions that identify a figure (a breakdown such as sex), in rest.
type identity struct{ measure, period, area, rest string }

// statement is one place a figure is stated.
type statement struct {
	subject string
	use     FigureUse
	num     Num
}

// newSameFigures returns nil when no rule asks for the check.
func newSameFigures(rules []*compiledRule, acc *accumulator) *sameFigures {
	s := &sameFigures{acc: acc, first: map[identity]statement{}}
	for _, cr := range rules {
		if cr.rule.SameFigure {
			s.rules = append(s.rules, cr)
		}
	}
	if len(s.rules) == 0 {
		return nil
	}
	return s
}

func key(measure, period, area, rest string) identity {
	norm := func(s string) string { return strings.Clone(strings.ToLower(strings.TrimSpace(s))) }
	return identity{norm(measure), norm(period), norm(area), norm(rest)}
}

// addSet adds the figures of a figure set that say what they measure.
func (s *sameFigures) addSet(set *figures.Set) {
	for _, f := range set.Figures {
		if f.Measure == "" || f.Area == "" || f.Period == "" || f.Value.Status != figures.Number {
			continue
		}
		use := setFigureUse(&f)
		s.add(key(f.Measure, f.Period, f.Area, ""), statement{subject: f.Measure + ", " + f.Area + ", " + f.Period, use: use, num: f.Value.Num})
	}
}

// sameStatement is a statement of a figure found in a chunk.
type sameStatement struct {
	id identity
	st statement
}

// statements appends every measure of rec, whose dataset names its period
// and area, as a statement to compare: identified by measure, period, area
// and the dataset's other identity dimensions.
func statements(run *datasetRun, p *plan, rec *record, out []sameStatement) []sameStatement {
	area := ""
	for _, a := range run.area {
		if area = rec.dims[a]; area != "" {
			break
		}
	}
	if area == "" {
		return out // a row that names no area states no identifiable figure
	}
	var rest strings.Builder
	for _, d := range run.identity {
		rest.WriteString(rec.dims[d])
		rest.WriteByte(0)
	}
	subject := rec.subject(run)
	period := rec.dims[run.period]
	for i, m := range run.ds.Measures {
		if p.measCol[i] < 0 || rec.state[i] != cellNumber {
			continue
		}
		b := rec.measure(run.ds, i)
		b.use.Text = strings.Clone(b.use.Text)
		out = append(out, sameStatement{
			id: key(m.Name, period, area, rest.String()),
			st: statement{subject: m.Name + ", " + subject, use: b.use, num: rec.nums[i]},
		})
	}
	return out
}

func (s *sameFigures) add(id identity, st statement) {
	first, seen := s.first[id]
	if !seen {
		s.first[id] = st
		return
	}
	for _, cr := range s.rules {
		o := outcome{rule: cr, verdict: Pass}
		if !interval.Possible(interval.Eq, first.num, st.num, cr.rule.Tolerance.For(first.num, st.num)) {
			o.verdict = Fail
			o.finding = s.explain(cr, first, st)
		}
		s.acc.record(o, 0)
	}
}

func (s *sameFigures) explain(cr *compiledRule, first, second statement) *Finding {
	a, b := first.num, second.num
	expr := first.use.Name + " == " + second.use.Name
	return &Finding{
		Rule:        cr.rule,
		Verdict:     Fail,
		Subject:     second.subject,
		Pos:         second.use.Pos,
		Expr:        expr,
		Computation: first.use.Text + " == " + second.use.Text,
		Comparisons: []Comparison{{
			Expr:         expr,
			Op:           "==",
			Left:         Side{Expr: first.use.Name, Computation: first.use.Text, Value: a.V, Lo: a.Lo, Hi: a.Hi},
			Right:        Side{Expr: second.use.Name, Computation: second.use.Text, Value: b.V, Lo: b.Lo, Hi: b.Hi},
			Gap:          interval.Gap(interval.Eq, a, b),
			GapAsWritten: interval.Gap(interval.Eq, a, b),
			Tolerance:    cr.rule.Tolerance.For(a, b),
		}},
		Figures: []FigureUse{first.use, second.use},
		Message: renderMessage(cr.message, second.subject, nil),
	}
}
