package reports

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/figcheck/figcheck/checker"
)

// markdown writes the result as GitHub-flavoured Markdown, for people: in
// $GITHUB_STEP_SUMMARY, a pull-request comment or a file. It gives the
// verdict and the totals, then every finding worked through under its rule,
// the input problems, and a table of every rule's verdicts.
type markdown struct{}

func newMarkdown() Reporter { return markdown{} }

func (markdown) Report(w io.Writer, r *checker.Result) error {
	r = printable(r, true)
	ew := &errWriter{w: w}
	groups := groupByRule(r)
	tot := r.Totals()

	verdict := "no findings"
	if n := len(r.Findings); n > 0 {
		verdict = fmt.Sprintf("%d %s", n, plural(n, "finding", "findings"))
	}
	if n := len(r.Problems); n > 0 {
		verdict += fmt.Sprintf(", %d input %s", n, plural(n, "problem", "problems"))
	}
	if u := undecidedWords(r); u != "" {
		verdict += ", " + u
	}
	if a := acceptedWords(r); a != "" {
		verdict += " (" + a + ")"
	}
	ew.printf("## figcheck: %s\n\n", verdict)
	ew.printf("| rules | evaluations | pass | pass within rounding | fail | skipped |\n")
	ew.printf("|---:|---:|---:|---:|---:|---:|\n")
	ew.printf("| %d | %d | %d | %d | %d | %d |\n\n", len(r.Rules), evaluations(tot),
		tot[checker.Pass], tot[checker.PassWithinRounding], tot[checker.Fail], tot[checker.Skipped])
	if len(r.Inputs) > 0 {
		var in []string
		for _, p := range r.Inputs {
			in = append(in, mdCode(slashPath(p)))
		}
		ew.printf("Figures read: %s.\n\n", strings.Join(in, ", "))
	}

	said := claimSentences(r)
	if len(r.Findings) > 0 {
		ew.printf("### Findings\n\n")
		for _, g := range groups {
			if len(g.Findings) == 0 {
				continue
			}
			ew.printf("#### %s %s\n\n", mdCode(g.Rule.ID), mdText(g.Rule.Title))
			ew.printf("**%s** · rule at %s\n\n", g.Rule.Severity, mdCode(slashPath(g.Rule.Pos.String())))
			// An article claim's description is its sentence, which each
			// finding quotes.
			if g.Rule.Description != "" && said[g.Rule.ID] == "" {
				ew.printf("%s\n\n", mdText(g.Rule.Description))
			}
			for _, f := range g.Findings {
				mdFinding(ew, f, said[f.Rule.ID])
			}
		}
	}

	if len(r.Problems) > 0 {
		ew.printf("### Input problems\n\n")
		ew.printf("The rules that needed these figures were skipped.\n\n")
		for _, p := range r.Problems {
			if p.Pos.File != "" {
				ew.printf("- %s %s\n", mdCode(slashPath(p.Pos.String())), mdText(p.Msg))
			} else {
				ew.printf("- %s\n", mdText(p.Msg))
			}
		}
		ew.printf("\n")
	}

	if r.Undecided() > 0 {
		ew.printf("### Undecided claims\n\n")
		ew.printf("Found in the articles but not checked, because it is not clear which figures they relate.\n\n")
		for i := range r.Articles {
			a := &r.Articles[i]
			for _, u := range a.Undecided {
				ew.printf("- %s %s\n  > “%s”\n", mdCode(slashPath(u.Pos.String())), mdText(undecidedLine(a, u)), mdText(a.Sentences[u.Sentence].Text))
			}
		}
		ew.printf("\n")
	}

	if len(groups) > 0 {
		ew.printf("### Rules\n\n")
		ew.printf("| rule | severity | pass | pass within rounding | fail | skipped | why skipped |\n")
		ew.printf("|---|---|---:|---:|---:|---:|---|\n")
		for _, g := range groups {
			c := g.Counts
			ew.printf("| %s | %s | %d | %d | %d | %d | %s |\n", mdCodeCell(g.Rule.ID), g.Rule.Severity,
				c[checker.Pass], c[checker.PassWithinRounding], c[checker.Fail], c[checker.Skipped], mdText(skipWords(g.Skips)))
		}
	}
	return ew.err
}

// mdFinding writes one finding as a short block: subject and place, the
// rule's message, the expression and computation, a table of each failing
// comparison's sides with the gap, and the figures with their sources.
// said is the sentence of the article claim it checks, or "": quoted once
// under the subject, and not again under each figure taken from it.
func mdFinding(w *errWriter, f *checker.Finding, said string) {
	w.printf("**✗ %s** at %s\n\n", mdText(f.Subject), mdCode(slashPath(f.Pos.String())))
	if said != "" {
		w.printf("> “%s”\n\n", mdText(said))
	}
	if f.Message != "" {
		w.printf("%s\n\n", mdText(f.Message))
	}
	w.printf("%s  \n= %s\n\n", mdCode(f.Expr), mdCode(f.Computation))
	if s := culpritSentence(f); s != "" {
		w.printf("%s\n\n", mdText(s))
	}
	for _, c := range f.Comparisons {
		if len(f.Comparisons) > 1 {
			w.printf("%s\n\n", mdCode(c.Expr))
		}
		w.printf("| side | expression | value | interval |\n")
		w.printf("|---|---|---|---|\n")
		mdSide(w, "left", c.Left)
		mdSide(w, "right", c.Right)
		w.printf("\nApart by **%s** with every figure's rounding allowed (%s as written); the rule allows %s.\n\n",
			checker.FormatNumber(c.Gap), checker.FormatNumber(c.GapAsWritten), checker.FormatNumber(c.Tolerance))
	}
	if len(f.Figures) > 0 {
		w.printf("Figures:\n\n")
		for _, u := range f.Figures {
			label := mdCode(u.Name)
			if u.Area != "" {
				label = mdText(u.Area) + " " + label
			}
			from := "computed"
			if u.Pos.File != "" {
				from = "from " + mdCode(slashPath(u.Pos.String()))
				if u.Column != "" {
					from += ", column " + mdCode(u.Column)
				}
			}
			item := fmt.Sprintf("- %s %s %s %s", label, mdText(u.Text), span(u.Lo, u.Hi), from)
			if about := mdAbout(u.Provenance); about != "" {
				item += "\\\n  " + about // a hard line break
			}
			w.printf("%s\n", item)
			if q := u.Provenance.Quote; q != "" && q != said {
				w.printf("  > “%s”\n", mdText(q))
			}
		}
		w.printf("\n")
	}
}

// mdAbout says what a figure set says of a figure, but for its quote: what
// it is, its unit, and its document, a link to its address when that is a
// web address.
func mdAbout(p checker.Provenance) string {
	var about []string
	if id := identityWords(p); id != "" {
		about = append(about, mdText(id))
	}
	if p.Unit != "" {
		about = append(about, "unit "+mdText(p.Unit))
	}
	href, link := webLink(p.URL)
	switch name := p.Document; {
	case link && name == "":
		about = append(about, "<"+href+">")
	case link:
		about = append(about, "in ["+mdText(name)+"]("+href+")")
	case name != "" && p.URL != "":
		about = append(about, "in "+mdText(name)+" at "+mdCode(p.URL))
	case name != "":
		about = append(about, "in "+mdText(name))
	case p.URL != "":
		about = append(about, "at "+mdCode(p.URL))
	}
	return strings.Join(about, " · ")
}

func mdSide(w *errWriter, label string, s checker.Side) {
	value := mdCodeCell(s.Computation)
	if s.Computed {
		value += " = " + checker.FormatNumber(s.Value)
	}
	w.printf("| %s | %s | %s | %s |\n", label, mdCodeCell(s.Expr), value, span(s.Lo, s.Hi))
}

// mdText escapes text so that Markdown shows it as written: the characters
// that would start emphasis, code, links, HTML, strikethrough or maths are
// escaped with a backslash, line breaks become spaces and control
// characters are shown escaped, as oneLine does.
func mdText(s string) string {
	s = oneLine(s)
	var b strings.Builder
	runes := []rune(s)
	for i, c := range runes {
		switch c {
		case '\\', '`', '*', '[', ']', '<', '>', '|', '~', '&', '$', '#':
			b.WriteByte('\\')
		case '_':
			// An underscore inside a word, as in turnover_rate_fte, cannot
			// start or end emphasis; escape the others only.
			if i == 0 || i == len(runes)-1 || !isWordRune(runes[i-1]) || !isWordRune(runes[i+1]) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(c)
	}
	return b.String()
}

func isWordRune(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }

// mdCode writes s as a code span, with a fence of backticks longer than any
// run of them in s, on one line as oneLine writes it.
func mdCode(s string) string {
	s = oneLine(s)
	fence := strings.Repeat("`", longestBacktickRun(s)+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// longestBacktickRun is the length of the longest run of backticks in s.
func longestBacktickRun(s string) int {
	longest, run := 0, 0
	for _, c := range s {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// mdCodeCell writes s as a code span for a table cell, where a | ends the
// cell even inside a code span unless it is escaped.
func mdCodeCell(s string) string { return strings.ReplaceAll(mdCode(s), "|", `\|`) }
