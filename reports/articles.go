package reports

import (
	"fmt"

	"github.com/figcheck/figcheck/checker"
)

// This file holds what the reports share about articles: the verdict of
// each claim and figure found in one, the sentences of the failing claims,
// and the undecided claims in words.

// mark is the verdict an article's figure is marked with. The later ones
// weigh more: a figure in a failing claim and a passing one is marked as
// failing.
type mark int

const (
	markUnused    mark = iota // in no claim
	markUndecided             // only in claims that were found but not checked
	markPass
	markWithin
	markFail
)

// markLabels say each mark in words, and markSymbols show it without
// colour.
var (
	markLabels  = [...]string{"not used by any claim", "undecided", "pass", "pass within rounding", "fail"}
	markSymbols = [...]string{"·", "?", "✓", "≈", "✗"}
	markClasses = [...]string{"unused", "undecided", "pass", "within", "fail"}
)

// claimMark is the verdict of the claim that rule checks, from its counts:
// undecided when it was skipped (or not evaluated at all).
func claimMark(c checker.Counts, hidden int) mark {
	switch {
	case c[checker.Fail] > 0 || hidden > 0:
		return markFail
	case c[checker.PassWithinRounding] > 0:
		return markWithin
	case c[checker.Pass] > 0:
		return markPass
	}
	return markUndecided
}

// articleMarks is the verdict of each claim of an article and each of its
// figures. A figure that a failing finding names (a figure stated twice
// with two values) fails too.
type articleMarks struct {
	Claims  []mark
	Figures []mark
	// Culprits are the figures most likely wrong: the first repair of a
	// failing finding that names them.
	Culprits []bool
	// Skips say why a claim's rule was skipped, by claim.
	Skips [][]checker.Skip
}

func marksOf(r *checker.Result, a *checker.Article) articleMarks {
	byID := map[string]*checker.RuleResult{}
	for i := range r.Rules {
		byID[r.Rules[i].Rule.ID] = &r.Rules[i]
	}
	m := articleMarks{Claims: make([]mark, len(a.Claims)), Figures: make([]mark, len(a.Figures)),
		Culprits: make([]bool, len(a.Figures)), Skips: make([][]checker.Skip, len(a.Claims))}
	for _, u := range a.Undecided {
		m.Figures[u.Figure] = max(m.Figures[u.Figure], markUndecided)
	}
	for i, c := range a.Claims {
		cm := markUndecided
		if rr := byID[c.Rule]; rr != nil {
			cm = claimMark(rr.Counts, rr.Hidden)
			m.Skips[i] = rr.Skips
		}
		m.Claims[i] = cm
		for _, fi := range c.Figures {
			m.Figures[fi] = max(m.Figures[fi], cm)
		}
	}
	byName := map[string]int{}
	for i, f := range a.Figures {
		byName[f.Name] = i
	}
	find := func(u checker.FigureUse) (int, bool) {
		i, ok := byName[u.Name]
		return i, ok && u.Pos == a.Figures[i].Pos
	}
	for _, f := range r.Findings {
		for _, u := range f.Figures {
			if i, ok := find(u); ok {
				m.Figures[i] = markFail
			}
		}
		if sets := culpritSets(f.Culprits); len(sets) > 0 {
			for _, c := range sets[0] {
				if i, ok := find(c.Figure); ok {
					m.Culprits[i] = true
				}
			}
		}
	}
	return m
}

// claimSentences maps the id of each claim's rule to the sentence the
// claim was found in, for the reports that quote it beside a finding.
func claimSentences(r *checker.Result) map[string]string {
	out := map[string]string{}
	for _, a := range r.Articles {
		for _, c := range a.Claims {
			out[c.Rule] = a.Sentences[c.Sentence].Text
		}
	}
	return out
}

// undecidedWords says how many claims were not checked, or "" for none:
// "2 claims undecided".
func undecidedWords(r *checker.Result) string {
	n := r.Undecided()
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%d %s undecided", n, plural(n, "claim", "claims"))
}

// undecidedLine says one undecided claim in a line: the figure that makes
// it, and why it was not checked.
func undecidedLine(a *checker.Article, u checker.Undecided) string {
	return a.Figures[u.Figure].Text + ": " + u.Reason
}
