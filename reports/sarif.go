package reports

import (
	"io"
	"strings"
	"unicode"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
)

// sarif writes the result as SARIF 2.1.0, for code scanning (GitHub) and
// other SARIF viewers: one run whose driver lists every rule, one result per
// finding located at its row or figure, with the figures it rests on and
// the rule as related locations, one result per input problem under the
// rule "figcheck/input", and a note per claim of an article found but not
// checked under the rule "figcheck/undecided" (listed only when there are
// such claims).
type sarif struct{}

func newSARIF() Reporter { return sarif{} }

const (
	sarifVersion   = "2.1.0"
	sarifSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// figcheckURI is where people learn about figcheck.
	figcheckURI = "https://github.com/figcheck/figcheck"
	// sarifInputRule is the rule of input problems: cells and files that
	// could not be read.
	sarifInputRule = "figcheck/input"
	// sarifUndecidedRule is the rule of the claims of articles that were
	// found but not checked.
	sarifUndecidedRule = "figcheck/undecided"
)

// sarifLevel maps a rule's severity to a SARIF level.
var sarifLevel = map[rules.Severity]string{
	rules.Error:   "error",
	rules.Warning: "warning",
	rules.Info:    "note",
}

func (sarif) Report(w io.Writer, r *checker.Result) error {
	groups := groupByRule(r)
	run := sarifRun{
		Tool:       sarifTool{Driver: sarifDriver{Name: "figcheck", InformationURI: figcheckURI, Rules: []sarifReportingDescriptor{}}},
		ColumnKind: "unicodeCodePoints",
		Results:    []sarifResult{},
	}
	// The results, which may be many, are made one at a time as they are
	// written.
	var results []func() sarifResult
	// A rule id is listed once, though several rule files (such as the
	// rules worked out for several EES files) may each have a rule of it.
	index := make([]int, len(groups)) // of each group's rule in the driver's list
	listed := map[string]int{}
	for i, g := range groups {
		k, ok := listed[g.Rule.ID]
		if !ok {
			k = len(run.Tool.Driver.Rules)
			listed[g.Rule.ID] = k
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule(g.Rule))
		}
		index[i] = k
	}
	inputIndex := len(run.Tool.Driver.Rules)
	run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, ownRule(sarifInputRule, "InputProblem", "error",
		"A figure file or cell could not be read",
		"A figure file, or a cell in one, could not be read; the rules that needed its figures were skipped.",
		"Fix the file or cell at the location given, then run figcheck again.",
		"Fix the file or cell at the location given, then run figcheck again."))
	for i, g := range groups {
		for _, f := range g.Findings {
			results = append(results, func() sarifResult { return sarifFinding(f, index[i]) })
		}
	}
	for _, p := range r.Problems {
		results = append(results, func() sarifResult { return ownResult(sarifInputRule, inputIndex, "error", p.Msg, p.Pos) })
	}
	if r.Undecided() > 0 {
		index := len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, ownRule(sarifUndecidedRule, "UndecidedClaim", "note",
			"A claim of an article was found but not checked",
			"A sentence of an article makes a claim, but it is not clear which figures it relates, so it was not checked.",
			"Check the claim by hand, or write it as a rule over the figures that figcheck extract writes.",
			"Check the claim by hand, or write it as a rule over the figures that `figcheck extract` writes."))
		for i := range r.Articles {
			a := &r.Articles[i]
			for _, u := range a.Undecided {
				text := "Not checked: " + undecidedLine(a, u) + ". Sentence: " + quoted(a.Sentences[u.Sentence].Text)
				results = append(results, func() sarifResult { return ownResult(sarifUndecidedRule, index, "note", text, u.Pos) })
			}
		}
	}
	log := sarifLog{Schema: sarifSchemaURI, Version: sarifVersion, Runs: []sarifRun{run}}
	return encodeWithList(w, log, false, "results", 3, len(results), func(i int) any { return results[i]() })
}

// ownRule describes one of figcheck's own rules (input problems,
// undecided claims) for the driver's list.
func ownRule(id, name, level, short, full, help, helpMarkdown string) sarifReportingDescriptor {
	return sarifReportingDescriptor{
		ID:                   id,
		Name:                 name,
		ShortDescription:     &sarifMultiformatMessage{Text: short},
		FullDescription:      &sarifMultiformatMessage{Text: full},
		Help:                 &sarifMultiformatMessage{Text: help, Markdown: helpMarkdown},
		DefaultConfiguration: &sarifReportingConfiguration{Level: level},
	}
}

// ownResult is a result of one of figcheck's own rules, at pos when pos
// names a file.
func ownResult(rule string, index int, level, text string, pos position.Pos) sarifResult {
	res := sarifResult{RuleID: rule, RuleIndex: index, Level: level, Message: sarifMessage{Text: text}}
	if loc := sarifPhysical(pos); loc != nil {
		res.Locations = []sarifLocation{{PhysicalLocation: loc}}
	}
	return res
}

// sarifRule describes a rule for the driver's list.
func sarifRule(r *rules.Rule) sarifReportingDescriptor {
	d := sarifReportingDescriptor{
		ID:                   r.ID,
		Name:                 pascalCase(r.ID),
		ShortDescription:     &sarifMultiformatMessage{Text: r.Title},
		DefaultConfiguration: &sarifReportingConfiguration{Level: sarifLevel[r.Severity]},
	}
	about := r.Description
	if about != "" {
		d.FullDescription = &sarifMultiformatMessage{Text: about}
	} else {
		about = r.Title
	}
	about = strings.TrimSpace(about)
	var text, md strings.Builder
	text.WriteString(about)
	md.WriteString(about)
	if facts := ruleFacts(r); len(facts) > 0 {
		lines := strings.Join(facts, "\n")
		text.WriteString("\n\n" + lines)
		fence := codeFence(lines)
		md.WriteString("\n\n" + fence + "yaml\n" + lines + "\n" + fence)
	}
	d.Help = &sarifMultiformatMessage{Text: text.String(), Markdown: md.String()}
	return d
}

// sarifFinding is the result for one finding of the rule at ruleIndex.
func sarifFinding(f *checker.Finding, ruleIndex int) sarifResult {
	res := sarifResult{
		RuleID:    f.Rule.ID,
		RuleIndex: ruleIndex,
		Level:     sarifLevel[f.Rule.Severity],
		Message:   sarifMessage{Text: f.Message},
		Properties: &sarifProperties{
			Subject: f.Subject, Expr: f.Expr, Computation: f.Computation,
		},
	}
	if res.Message.Text == "" {
		res.Message.Text = sentence(f)
	}
	res.Properties.Culprits = culpritsJSON(f.Culprits)
	// The likely culprit's cell is where the finding is to be fixed; the
	// row checked stays beside it.
	row := sarifPhysical(f.Pos)
	var culprit *sarifPhysicalLocation
	if sets := culpritSets(f.Culprits); len(sets) > 0 {
		culprit = sarifPhysical(sets[0][0].Figure.Pos)
		res.Message.Text += "; " + culpritSentence(f)
	}
	switch {
	case culprit != nil:
		res.Locations = []sarifLocation{{PhysicalLocation: culprit}}
		if row != nil {
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{PhysicalLocation: row, Message: &sarifMessage{Text: "the row checked: " + f.Subject}})
		}
	case row != nil:
		res.Locations = []sarifLocation{{PhysicalLocation: row}}
	}
	for _, u := range f.Figures {
		// Figures worked out from others (a sum of parts) have no place of
		// their own; the parts they come from are listed.
		if loc := sarifPhysical(u.Pos); loc != nil {
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				PhysicalLocation: loc, Message: &sarifMessage{Text: sarifFigureMessage(u)}, Properties: provenanceJSON(u.Provenance),
			})
		}
	}
	if loc := sarifPhysical(f.Rule.Pos); loc != nil {
		res.RelatedLocations = append(res.RelatedLocations, sarifLocation{PhysicalLocation: loc, Message: &sarifMessage{Text: "rule " + f.Rule.ID}})
	}
	// The comparison that misses by most stands for the finding.
	for i, c := range f.Comparisons {
		if i == 0 || float64(*res.Properties.Gap) < c.Gap {
			gap, written, tol := jsonFloat(c.Gap), jsonFloat(c.GapAsWritten), jsonFloat(c.Tolerance)
			res.Properties.Gap, res.Properties.GapAsWritten, res.Properties.Tolerance = &gap, &written, &tol
		}
	}
	return res
}

// sarifFigureMessage names a figure, its value as written and its
// interval, and what its figure set says of it, on one line.
func sarifFigureMessage(u checker.FigureUse) string {
	s := figureLabel(u) + " = " + u.Text + " as written, interval " + span(u.Lo, u.Hi)
	if u.Column != "" && u.Column != u.Name {
		s += ", column " + u.Column
	}
	p := u.Provenance
	if id := identityWords(p); id != "" {
		s += ", " + id
	}
	if p.Unit != "" {
		s += ", unit " + p.Unit
	}
	if p.Quote != "" {
		s += ", quoted " + quoted(p.Quote)
	}
	if p.Document != "" {
		s += ", from " + p.Document
	}
	if p.URL != "" {
		s += ", " + p.URL
	}
	return oneLine(s)
}

// sarifPhysical is the place pos points at, or nil when pos names no file.
func sarifPhysical(pos position.Pos) *sarifPhysicalLocation {
	if pos.File == "" {
		return nil
	}
	loc := &sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: fileURI(pos.File)}}
	if pos.Line > 0 {
		loc.Region = &sarifRegion{StartLine: pos.Line}
		if pos.Col > 0 {
			loc.Region.StartColumn = pos.Col
		}
	}
	return loc
}

// ruleFacts writes what a rule checks as the lines of its rule file:
// assert, when, group and tolerance.
func ruleFacts(r *rules.Rule) []string {
	var facts []string
	if r.SameFigure {
		facts = append(facts, "same_figure: true")
	}
	if r.Assert.Text != "" {
		facts = append(facts, yamlFact("", "assert", r.Assert.Text)...)
	}
	if r.When.Text != "" {
		facts = append(facts, yamlFact("", "when", r.When.Text)...)
	}
	if g := r.Group; g != nil {
		facts = append(facts, "group:", "  by: ["+strings.Join(g.By, ", ")+"]")
		facts = append(facts, yamlFact("  ", "parts", g.Parts.Text)...)
		facts = append(facts, yamlFact("  ", "whole", g.Whole.Text)...)
	}
	if t := r.Tolerance; t.Abs != 0 || t.Rel != 0 {
		var parts []string
		if t.Abs != 0 {
			parts = append(parts, "absolute: "+checker.FormatNumber(t.Abs))
		}
		if t.Rel != 0 {
			parts = append(parts, "relative: "+checker.FormatNumber(100*t.Rel)+"%")
		}
		facts = append(facts, "tolerance: {"+strings.Join(parts, ", ")+"}")
	}
	return facts
}

// yamlFact writes key: text as a rule file would, text over several lines
// as a literal block.
func yamlFact(indent, key, text string) []string {
	text = strings.TrimRight(text, "\n")
	if !strings.Contains(text, "\n") {
		return []string{indent + key + ": " + text}
	}
	lines := []string{indent + key + ": |"}
	for _, l := range strings.Split(text, "\n") {
		lines = append(lines, strings.TrimRight(indent+"  "+l, " "))
	}
	return lines
}

// codeFence returns a fence of backticks longer than any run in s.
func codeFence(s string) string {
	return strings.Repeat("`", max(3, longestBacktickRun(s)+1))
}

// pascalCase turns a rule id such as "turnover-rate-fte" into the
// identifier-like name SARIF asks for, "TurnoverRateFte".
func pascalCase(id string) string {
	var b strings.Builder
	upper := true
	for _, c := range id {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			upper = true
			continue
		}
		if upper {
			c = unicode.ToUpper(c)
			upper = false
		}
		b.WriteRune(c)
	}
	return b.String()
}
