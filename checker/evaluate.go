package checker

import (
	"math"
	"sort"
	"sync/atomic"

	"github.com/expr-lang/expr/vm"

	"github.com/figcheck/figcheck/internal/ir"
	"github.com/figcheck/figcheck/position"
)

// evaluation is one rule evaluated once: on a row, a group or the figure
// sets.
type evaluation struct {
	rule    *compiledRule
	lookup  func(ir.Ref) binding
	env     map[string]any // for expr's VM
	vm      *vm.VM
	one     *batch  // the fast path's working memory, for one record
	rec     *record // the row; for a program in a frame, the frame bind fills
	subject string
	pos     position.Pos
}

// outcome is how an evaluation ended.
type outcome struct {
	rule    *compiledRule
	verdict Verdict
	reason  string // why it was skipped
	finding *Finding
	problem *position.Error
}

// bind puts the values p reads into the environment (and, for a program in
// a frame, into a frame), or returns why one of them cannot be used.
func (ev *evaluation) bind(p *program) string {
	if p.frame {
		ev.rec = newRecord(len(p.refs), len(p.refs))
	}
	for i, ref := range p.refs {
		b := ev.lookup(ref)
		if b.reason != "" {
			return b.reason
		}
		ev.env[p.keys[i]] = b.value
		if !p.frame {
			continue
		}
		switch v := b.value.(type) {
		case Num:
			ev.rec.set(i, cellNumber, v)
			ev.rec.texts[i] = b.use.Text
		case string:
			ev.rec.dims[i] = v
		case bool:
			if !v {
				ev.rec.set(i, cellMissing, Num{})
			}
		}
	}
	return ""
}

func (ev *evaluation) decide(p *vm.Program) (bool, *position.Error) {
	out, err := ev.vm.Run(p, ev.env)
	if err != nil {
		return false, position.Errorf(ev.pos, "rule %s could not be evaluated for %s: %v", ev.rule.rule.ID, ev.subject, err)
	}
	return out.(bool), nil
}

// run evaluates the rule's assertion: first with the figures as written,
// then, if that fails, within their rounding.
func (ev *evaluation) run() outcome {
	o := outcome{rule: ev.rule}
	if o.reason = ev.bind(ev.rule.assert); o.reason != "" {
		o.verdict = Skipped
		return o
	}
	for _, step := range []struct {
		written bool
		verdict Verdict
	}{{true, Pass}, {false, PassWithinRounding}} {
		ok, problem := ev.holds(step.written)
		if problem != nil {
			o.verdict, o.reason, o.problem = Skipped, "the rule could not be evaluated", problem
			return o
		}
		if ok {
			o.verdict = step.verdict
			return o
		}
	}
	if ev.undefined() {
		o.verdict, o.reason = Skipped, ZeroDivisor
		return o
	}
	o.verdict = Fail
	o.finding = ev.explain()
	return o
}

// holds reports whether the bound assertion holds with the figures as
// written, or else within their rounding: by the fast path where it covers
// the rule, else by expr's VM.
func (ev *evaluation) holds(written bool) (bool, *position.Error) {
	p := ev.rule.assert
	if f := p.fast; f != nil {
		if written {
			return f.written.on(ev.one, ev.rec), nil
		}
		return f.rounding.on(ev.one, ev.rec), nil
	}
	if written {
		return ev.decide(p.written)
	}
	return ev.decide(p.rounding)
}

// ZeroDivisor is the reason an evaluation is skipped when it fails for want
// of a quotient: it divides by a figure whose interval holds zero.
const ZeroDivisor = "a divisor could be zero"

// undefined reports whether an evaluation that fails depends on a
// quotient that does not exist: whether, within rounding, the rule would
// hold with every comparison of an undefined side counting for it (see
// comparator), wherever the comparison stands (under and, or, not, ?:).
// Asked only of evaluations that fail, so that the answer to a rule whose
// other figures fail it anyway is a failure.
func (ev *evaluation) undefined() bool {
	p := ev.rule.assert
	if p.fast != nil {
		return p.fast.lenient != nil && p.fast.lenient.on(ev.one, ev.rec)
	}
	if p.lenient == nil {
		return false
	}
	ok, problem := ev.decide(p.lenient)
	return ok && problem == nil
}

// notApplicable is the outcome of a row that a rule's when leaves out: not
// counted at all.
const notApplicable Verdict = -1

// accumulator gathers outcomes into a Result. It is used by one goroutine,
// except that workers read fullAt to skip explaining failures whose
// findings would not be shown.
type accumulator struct {
	rules       []*compiledRule
	counts      []Counts
	skips       []map[string]int
	findings    []indexedFinding
	kept        []int          // findings kept, by rule
	hidden      []int          // failures beyond maxFindings, by rule
	fullAt      []atomic.Int64 // the chunk at which a rule's findings filled up
	maxFindings int            // per rule; 0 for no limit
	problems    position.Errors
	dropped     int // problems beyond maxProblems
	inputs      []string
}

type indexedFinding struct {
	rule int
	f    *Finding
}

// maxProblems caps the input problems listed; the rest are counted.
const maxProblems = 100

func newAccumulator(rules []*compiledRule, maxFindings int) *accumulator {
	a := &accumulator{
		rules: rules, counts: make([]Counts, len(rules)), skips: make([]map[string]int, len(rules)),
		kept: make([]int, len(rules)), hidden: make([]int, len(rules)), fullAt: make([]atomic.Int64, len(rules)),
		maxFindings: maxFindings,
	}
	for i := range a.skips {
		a.skips[i] = map[string]int{}
		a.fullAt[i].Store(math.MaxInt64)
	}
	return a
}

// wantFinding reports whether a failure of rule cr in chunk seq could still
// be shown, and so is worth explaining.
func (a *accumulator) wantFinding(cr *compiledRule, seq int) bool {
	return a.maxFindings <= 0 || int64(seq) <= a.fullAt[cr.index].Load()
}

// record counts an outcome of chunk seq (0 outside chunks), keeping its
// finding unless the rule's findings are full.
func (a *accumulator) record(o outcome, seq int) {
	if o.problem != nil {
		a.problem(o.problem)
	}
	if o.verdict == notApplicable {
		return
	}
	i := o.rule.index
	a.counts[i][o.verdict]++
	if o.verdict == Skipped {
		a.skips[i][o.reason]++
	}
	if o.verdict != Fail {
		return
	}
	if o.finding == nil || a.maxFindings > 0 && a.kept[i] >= a.maxFindings {
		a.hidden[i]++
		return
	}
	a.findings = append(a.findings, indexedFinding{i, o.finding})
	a.kept[i]++
	if a.kept[i] == a.maxFindings {
		a.fullAt[i].Store(int64(seq))
	}
}

func (a *accumulator) problem(e *position.Error) {
	if len(a.problems) >= maxProblems {
		a.dropped++
		return
	}
	a.problems = append(a.problems, e)
}

func (a *accumulator) result() *Result {
	r := &Result{Inputs: a.inputs, Problems: a.problems}
	if a.dropped > 0 {
		r.Problems = append(r.Problems, position.Errorf(position.Pos{}, "and %d more problems like these", a.dropped))
	}
	for i, cr := range a.rules {
		rr := RuleResult{Rule: cr.rule, Counts: a.counts[i], Hidden: a.hidden[i]}
		for reason, n := range a.skips[i] {
			rr.Skips = append(rr.Skips, Skip{Reason: reason, Count: n})
		}
		sort.Slice(rr.Skips, func(x, y int) bool {
			if rr.Skips[x].Count != rr.Skips[y].Count {
				return rr.Skips[x].Count > rr.Skips[y].Count
			}
			return rr.Skips[x].Reason < rr.Skips[y].Reason
		})
		r.Rules = append(r.Rules, rr)
	}
	sort.SliceStable(a.findings, func(x, y int) bool {
		fx, fy := a.findings[x], a.findings[y]
		if fx.rule != fy.rule {
			return fx.rule < fy.rule
		}
		px, py := fx.f.Pos, fy.f.Pos
		if px.File != py.File {
			return px.File < py.File
		}
		if px.Line != py.Line {
			return px.Line < py.Line
		}
		return fx.f.Subject < fy.f.Subject
	})
	for _, f := range a.findings {
		r.Findings = append(r.Findings, *f.f)
	}
	return r
}
