package reports

import (
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/rules"
)

// text is the report for people at a terminal: findings grouped by rule,
// each worked through, then a table of every rule's verdicts.
type text struct {
	severity map[rules.Severity]*color.Color
	bold     *color.Color
	faint    *color.Color
	pass     *color.Color
	fail     *color.Color
}

func newText(o Options) *text {
	mk := func(attrs ...color.Attribute) *color.Color {
		c := color.New(attrs...)
		if o.Color {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	return &text{
		severity: map[rules.Severity]*color.Color{
			rules.Error:   mk(color.FgRed, color.Bold),
			rules.Warning: mk(color.FgYellow, color.Bold),
			rules.Info:    mk(color.FgCyan, color.Bold),
		},
		bold:  mk(color.Bold),
		faint: mk(color.Faint),
		pass:  mk(color.FgGreen),
		fail:  mk(color.FgRed),
	}
}

// Report writes the findings, the problems met, and the summary.
func (t *text) Report(w io.Writer, r *checker.Result) error {
	r = printable(r, false)
	ew := &errWriter{w: w}
	t.culprits(ew, groupByCulprit(r))
	said := claimSentences(r)
	var last *rules.Rule
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Rule != last {
			if last != nil {
				ew.printf("\n")
			}
			t.ruleHeader(ew, f.Rule)
			last = f.Rule
		}
		t.finding(ew, f, said[f.Rule.ID])
	}
	if len(r.Findings) > 0 {
		ew.printf("\n")
	}
	if len(r.Problems) > 0 {
		ew.printf("%s\n", t.bold.Sprint("Problems in the input (the rules that needed these figures were skipped):"))
		for _, p := range r.Problems {
			ew.printf("  %s\n", p)
		}
		ew.printf("\n")
	}
	t.undecided(ew, r)
	t.summary(ew, r)
	return ew.err
}

// culprits leads the report: the figures most likely wrong, what slip
// would explain each, and the findings each explains.
func (t *text) culprits(w *errWriter, groups []culpritGroup) {
	if len(groups) == 0 {
		return
	}
	w.printf("%s\n", t.bold.Sprint("Culprits: the figures most likely wrong, and the findings each would explain"))
	for _, g := range groups {
		for n, set := range g.Sets {
			lead := "●"
			if n > 0 {
				lead = "or"
			}
			for k, c := range set {
				if k > 0 {
					lead = " and"
				}
				w.printf("  %s %s\n", t.fail.Sprint(lead), culpritWords(c))
				if d := diagnosisWords(c); d != "" {
					w.printf("      %s\n", d)
				}
			}
		}
		if len(g.Sets) == 0 {
			w.printf("  %s %s\n", t.fail.Sprint("●"), "no figure found to blame: "+g.Limit)
		} else if g.Limit != "" {
			w.printf("      %s\n", t.faint.Sprint(g.Limit))
		}
		var explains []string
		for _, f := range g.Findings {
			explains = append(explains, f.Rule.ID+" ("+oneLine(f.Subject)+")")
		}
		w.printf("      %s %s\n", t.faint.Sprint("explains:"), strings.Join(explains, ", "))
	}
	w.printf("\n")
}

func (t *text) ruleHeader(w *errWriter, r *rules.Rule) {
	w.printf("%s %s %s %s\n", t.severity[r.Severity].Sprint(r.Severity), t.bold.Sprint(r.ID), r.Title, t.faint.Sprintf("(%s)", r.Pos))
}

// finding works a finding through. said is the sentence of the article
// claim it checks, or "": quoted once under the subject, and not again
// under each figure taken from it.
func (t *text) finding(w *errWriter, f *checker.Finding, said string) {
	w.printf("  %s %s %s\n", t.fail.Sprint("✗"), t.bold.Sprint(oneLine(f.Subject)), t.faint.Sprintf("(%s)", f.Pos))
	if said != "" {
		w.printf("    %s\n", quoted(said))
	}
	if f.Message != "" {
		w.printf("    %s\n", oneLine(f.Message))
	}
	w.printf("    %s\n", f.Expr)
	w.printf("    %s %s\n", t.faint.Sprint("="), f.Computation)
	for _, c := range f.Comparisons {
		if len(f.Comparisons) > 1 {
			w.printf("    %s\n", c.Expr)
		}
		t.side(w, "left ", c.Left)
		t.side(w, "right", c.Right)
		w.printf("      %s\n", t.fail.Sprint(gapWords(c)))
	}
	if sets := culpritSets(f.Culprits); len(sets) > 0 {
		for _, c := range sets[0] {
			w.printf("    %s %s\n", t.bold.Sprint("likely culprit:"), culpritWords(c))
		}
	}
	if len(f.Figures) > 0 {
		w.printf("    figures:\n")
		width := 0
		for _, u := range f.Figures {
			width = min(max(width, len(figureLabel(u))), maxColumn)
		}
		for _, u := range f.Figures {
			w.printf("      %-*s %s %s %s\n", width, figureLabel(u), oneLine(u.Text), t.faint.Sprint(span(u.Lo, u.Hi)), t.faint.Sprint(figureSource(u)))
			p := u.Provenance
			if p.Quote == said {
				p.Quote = ""
			}
			t.provenance(w, p, f.Subject)
		}
	}
}

// provenance writes what a figure set says of a figure under its line:
// what it is, its unit and document, leaving out what the finding's
// subject already says; then the quote and the address.
func (t *text) provenance(w *errWriter, p checker.Provenance, subject string) {
	var about []string
	if id := identityWords(p); id != "" && id != subject {
		about = append(about, oneLine(id))
	}
	if p.Unit != "" {
		about = append(about, "unit "+oneLine(p.Unit))
	}
	if p.Document != "" && p.Document != subject {
		about = append(about, "in "+oneLine(p.Document))
	}
	if len(about) > 0 {
		w.printf("        %s\n", t.faint.Sprint(strings.Join(about, " · ")))
	}
	if p.Quote != "" {
		w.printf("        %s\n", quoted(p.Quote))
	}
	if p.URL != "" {
		w.printf("        %s\n", t.faint.Sprint(oneLine(p.URL)))
	}
}

func (t *text) side(w *errWriter, label string, s checker.Side) {
	shown := s.Computation
	if s.Computed {
		shown += " = " + checker.FormatNumber(s.Value)
	}
	w.printf("      %s %s %s\n", t.faint.Sprint(label), shown, t.faint.Sprint(span(s.Lo, s.Hi)))
}

// gapWords says by how much a comparison fails.
func gapWords(c checker.Comparison) string {
	return fmt.Sprintf("apart by %s with every figure's rounding allowed (%s as written): it would pass with a tolerance of %s; the rule allows %s",
		checker.FormatNumber(c.Gap), checker.FormatNumber(c.GapAsWritten), checker.FormatNumber(c.Gap), checker.FormatNumber(c.Tolerance))
}

func figureLabel(u checker.FigureUse) string {
	if u.Area != "" {
		return oneLine(u.Area) + " " + u.Name
	}
	return u.Name
}

func figureSource(u checker.FigureUse) string {
	if u.Pos.File == "" {
		return "computed"
	}
	if u.Column != "" {
		return u.Pos.String() + " column " + u.Column
	}
	return u.Pos.String()
}

func span(lo, hi float64) string {
	return "[" + checker.FormatNumber(lo) + ", " + checker.FormatNumber(hi) + "]"
}

// maxColumn is the widest a column of names is padded to: a longer name
// runs over rather than pushing every row off the screen (or past what
// fmt can pad).
const maxColumn = 60

// undecided lists the claims of articles that were found but not checked,
// each with why and its sentence.
func (t *text) undecided(w *errWriter, r *checker.Result) {
	if r.Undecided() == 0 {
		return
	}
	w.printf("%s\n", t.bold.Sprint("Undecided claims: found, but not checked, because it is not clear which figures they relate:"))
	for i := range r.Articles {
		a := &r.Articles[i]
		for _, u := range a.Undecided {
			w.printf("  %s %s %s\n", t.faint.Sprint("?"), oneLine(undecidedLine(a, u)), t.faint.Sprintf("(%s)", u.Pos))
			w.printf("    %s\n", quoted(a.Sentences[u.Sentence].Text))
		}
	}
	w.printf("\n")
}

// summary writes the verdicts of every rule and the totals.
func (t *text) summary(w *errWriter, r *checker.Result) {
	idWidth := len("rule")
	for _, rr := range r.Rules {
		idWidth = min(max(idWidth, len(rr.Rule.ID)), maxColumn)
	}
	w.printf("%s\n", t.bold.Sprintf("%-*s %8s %8s %8s %8s", idWidth, "rule", "pass", "rounding", "fail", "skipped"))
	for _, rr := range r.Rules {
		c := rr.Counts
		fail := fmt.Sprintf("%8d", c[checker.Fail])
		if c[checker.Fail] > 0 {
			fail = t.fail.Sprint(fail)
		}
		w.printf("%-*s %8d %8d %s %8d", idWidth, rr.Rule.ID, c[checker.Pass], c[checker.PassWithinRounding], fail, c[checker.Skipped])
		var notes []string
		if rr.Hidden > 0 {
			notes = append(notes, fmt.Sprintf("%d more %s not listed", rr.Hidden, plural(rr.Hidden, "failure", "failures")))
		}
		for _, s := range rr.Skips {
			notes = append(notes, fmt.Sprintf("%s ×%d", s.Reason, s.Count))
		}
		if len(notes) > 0 {
			w.printf("  %s", t.faint.Sprint(strings.Join(notes, "; ")))
		}
		w.printf("\n")
	}
	if where := enginesWords(r); where != "" {
		w.printf("\n%s\n", t.faint.Sprint(where))
	}
	tot := r.Totals()
	status := t.pass.Sprint("no findings")
	if n := len(r.Findings); n > 0 {
		status = t.fail.Sprintf("%d %s", n, plural(n, "finding", "findings"))
	}
	if a := acceptedWords(r); a != "" {
		status += " (" + a + ")"
	}
	evals := tot[0] + tot[1] + tot[2] + tot[3]
	w.printf("\n%s: %d %s, %d %s: %d pass, %d pass within rounding, %d fail, %d skipped",
		status, len(r.Rules), plural(len(r.Rules), "rule", "rules"), evals, plural(evals, "evaluation", "evaluations"),
		tot[checker.Pass], tot[checker.PassWithinRounding], tot[checker.Fail], tot[checker.Skipped])
	if u := undecidedWords(r); u != "" {
		w.printf("; %s", u)
	}
	w.printf("\n")
}

// enginesWords says which rules ran in which SQL engine and which
// natively, or "" when every rule ran natively.
func enginesWords(r *checker.Result) string {
	counts := map[string]int{}
	var names []string
	for _, rr := range r.Rules {
		if counts[rr.Engine] == 0 {
			names = append(names, rr.Engine)
		}
		counts[rr.Engine]++
	}
	if len(names) == 1 && names[0] == "" {
		return ""
	}
	var parts []string
	for _, name := range names {
		where := "in " + name
		if name == "" {
			where = "natively"
		}
		parts = append(parts, fmt.Sprintf("%d %s %s", counts[name], plural(counts[name], "rule ran", "rules ran"), where))
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// errWriter keeps the first write error so that printing code stays plain.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
