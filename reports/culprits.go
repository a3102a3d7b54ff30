package reports

import (
	"strings"

	"github.com/figcheck/figcheck/checker"
)

// culpritGroup is the repairs that a set of findings share and the
// findings they explain: the reports lead with these.
type culpritGroup struct {
	Sets     [][]checker.Culprit // the repairs, most likely first
	Limit    string              // the limit that cut the search short, if one did
	Findings []*checker.Finding
}

// groupByCulprit gathers the findings that share their culprits, in the
// order of their first findings. Findings with no culprit are left out.
func groupByCulprit(r *checker.Result) []culpritGroup {
	var groups []culpritGroup
	index := map[string]int{}
	for i := range r.Findings {
		f := &r.Findings[i]
		if len(f.Culprits) == 0 {
			continue
		}
		k := culpritKey(f.Culprits)
		g, ok := index[k]
		if !ok {
			g = len(groups)
			index[k] = g
			groups = append(groups, culpritGroup{Sets: culpritSets(f.Culprits), Limit: f.Culprits[0].Limit})
		}
		groups[g].Findings = append(groups[g].Findings, f)
	}
	return groups
}

func culpritKey(cs []checker.Culprit) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.Figure.Pos.String() + " " + c.Figure.Name + "\x00")
	}
	return b.String()
}

// culpritSets splits a finding's culprits into its repairs.
func culpritSets(cs []checker.Culprit) [][]checker.Culprit {
	var sets [][]checker.Culprit
	for _, c := range cs {
		if c.Set < 0 {
			continue // no repair found: only the limit is known
		}
		if c.Set >= len(sets) {
			sets = append(sets, nil)
		}
		sets[len(sets)-1] = append(sets[len(sets)-1], c)
	}
	return sets
}

// culpritWords says what a culprit is and where its value should lie, as
// in "inpost_fte 20545 (t.csv:3:20 column inpost_fte) should lie in
// [2054.45, 2054.55]".
func culpritWords(c checker.Culprit) string {
	return figureLabel(c.Figure) + " " + oneLine(c.Figure.Text) + " (" + figureSource(c.Figure) + ") should lie in " + htmlSpan(c.Lo, c.Hi)
}

// diagnosisWords says what slip would explain a culprit, or "".
func diagnosisWords(c checker.Culprit) string {
	d := c.Diagnosis
	if d == nil {
		return ""
	}
	return "probably " + oneLine(d.Intended) + " (" + d.Kind + "): " + oneLine(d.Why)
}

// culpritSentence is a finding's first repair in one clause, for the
// one-line formats; "" when it has none.
func culpritSentence(f *checker.Finding) string { return repairSentence(f, culpritWords) }

// repairSentence is a finding's first repair in one clause, each culprit
// said by words; "" when it has none.
func repairSentence(f *checker.Finding, words func(checker.Culprit) string) string {
	sets := culpritSets(f.Culprits)
	if len(sets) == 0 {
		return ""
	}
	var parts []string
	for _, c := range sets[0] {
		s := words(c)
		if d := diagnosisWords(c); d != "" {
			s += ", " + d
		}
		parts = append(parts, s)
	}
	s := "likely culprit: " + strings.Join(parts, "; and ")
	switch n := len(sets) - 1; {
	case n == 1:
		s += " (or another repair as small)"
	case n > 1:
		s += " (or " + thousands(n) + " other repairs as small)"
	}
	return s
}

// culpritClause is culpritSentence after "; ", or "".
func culpritClause(f *checker.Finding) string {
	if s := culpritSentence(f); s != "" {
		return "; " + s
	}
	return ""
}
