package checker

import (
	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
)

// Verdict is the outcome of one evaluation of a rule.
type Verdict int

// The verdicts. Only Fail is a finding.
const (
	// Pass: the figures as written satisfy the rule.
	Pass Verdict = iota
	// PassWithinRounding: the figures as written do not, but values inside
	// every figure's rounding do.
	PassWithinRounding
	// Fail: no values inside the figures' rounding satisfy the rule.
	Fail
	// Skipped: a figure the rule needs is missing or suppressed.
	Skipped
)

var verdictNames = [...]string{"pass", "pass within rounding", "fail", "skipped"}

// String returns the verdict in words.
func (v Verdict) String() string { return verdictNames[v] }

// Counts holds how many evaluations ended in each verdict.
type Counts [4]int

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	for i := range c {
		c[i] += o[i]
	}
}

// Result is everything a check found.
type Result struct {
	// Rules holds each rule in effect with its counts, in rule-file order.
	Rules []RuleResult
	// Findings are the failed evaluations, in rule order, then by place.
	Findings []Finding
	// Inputs are the figure files read, in order.
	Inputs []string
	// Problems are input errors met while checking, such as a cell that is
	// not a number; rules that needed them were skipped.
	Problems position.Errors
	// Accepted counts the findings that each step after checking (waivers,
	// a baseline) took out of Findings, in the order the steps ran.
	Accepted []Acceptance
	// Articles are the articles checked, with the figures and claims
	// found in them, and the claims found but not checked.
	Articles []Article
}

// Acceptance is how many findings a step after checking (waivers, a
// baseline) accepted and took out of a result.
type Acceptance struct {
	Step  string `json:"step"`
	Count int    `json:"count"`
}

// Totals adds up the counts of every rule.
func (r *Result) Totals() Counts {
	var c Counts
	for _, rr := range r.Rules {
		c.Add(rr.Counts)
	}
	return c
}

// RuleResult is one rule and how its evaluations ended.
type RuleResult struct {
	Rule   *rules.Rule
	Counts Counts
	// Skips says why evaluations were skipped, most frequent first.
	Skips []Skip
	// Hidden counts the failures beyond the cap on findings per rule: in
	// Counts, but not in Findings.
	Hidden int
	// Engine is the SQL engine the rule ran in, or "" when it ran natively.
	Engine string
}

// Skip is a reason evaluations of a rule were skipped, and how often.
type Skip struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// Finding is one failed evaluation of a rule, with all it takes to see why.
type Finding struct {
	Rule    *rules.Rule
	Verdict Verdict
	// Subject names the row, group or figures checked, e.g. "North East, 2022".
	Subject string
	// Pos is where the subject is: the row of a table, the first figure of
	// a figure set.
	Pos position.Pos
	// Message is the rule's message with its figures filled in, if it has one.
	Message string
	// Expr is the rule's assertion, and Computation the same with the
	// figures' values as written in place of their names.
	Expr        string
	Computation string
	// Comparisons explain each failing comparison of the assertion.
	Comparisons []Comparison
	// Figures are the figures the rule used, as written and where from.
	Figures []FigureUse
	// Culprits are the figures most likely wrong: the smallest repairs of
	// the failing evaluations that share figures with this one, most
	// likely first; empty when none was found.
	Culprits []Culprit
	source   *source // what it rests on, until its culprits are found
}

// Comparison is one comparison of a failing rule, worked through.
type Comparison struct {
	Expr  string // as in the rule
	Op    string
	Left  Side
	Right Side
	// Gap is how far apart the sides are once every figure's rounding is
	// allowed for: the extra tolerance the rule would have needed to pass.
	Gap float64
	// GapAsWritten is how far apart the values as written are.
	GapAsWritten float64
	// Tolerance is the tolerance the rule allowed on top of rounding.
	Tolerance float64
}

// Side is one side of a comparison.
type Side struct {
	Expr        string  // as in the rule
	Computation string  // with values as written in place of names
	Computed    bool    // whether the side is worked out from figures, not one figure or number
	Value       float64 // computed from the values as written
	Lo, Hi      float64 // every value the true figures could give
}

// FigureUse is a figure that a finding rests on.
type FigureUse struct {
	Name   string // as the rule names it: leavers_fte, prev.inpost_fte, …
	Text   string // the value as written
	Lo, Hi float64
	Pos    position.Pos
	Column string // for tables, the column it is in
	Area   string // for parts of a group, whose figure it is
	// Provenance is what a figure set says of the figure; a figure from a
	// table, or worked out from others, has none.
	Provenance Provenance
}

// Provenance is what a figure set says of one of its figures: what it
// measures, for when and where, in what unit, and the words and the
// document it was taken from.
type Provenance struct {
	Measure, Period, Area string
	Unit                  string
	Quote                 string
	Document              string
	URL                   string
}

// setFigureUse is a figure of a figure set as a finding shows it.
func setFigureUse(f *figures.Figure) FigureUse {
	return FigureUse{
		Name: f.Name, Text: f.Value.Text, Lo: f.Value.Num.Lo, Hi: f.Value.Num.Hi, Pos: f.Pos,
		Provenance: Provenance{
			Measure: f.Measure, Period: f.Period, Area: f.Area, Unit: f.Unit,
			Quote: f.Quote, Document: f.Document, URL: f.URL,
		},
	}
}

// Cap keeps the first n findings of each rule and counts the rest in its
// RuleResult.Hidden: for capping after waivers and a baseline have taken
// what they accept. n <= 0 keeps them all.
func (r *Result) Cap(n int) {
	if n <= 0 {
		return
	}
	kept := map[*rules.Rule]int{}
	hidden := map[*rules.Rule]int{}
	out := r.Findings[:0]
	for _, f := range r.Findings {
		if kept[f.Rule] < n {
			kept[f.Rule]++
			out = append(out, f)
		} else {
			hidden[f.Rule]++
		}
	}
	r.Findings = out
	for i := range r.Rules {
		r.Rules[i].Hidden += hidden[r.Rules[i].Rule]
	}
}
