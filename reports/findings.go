package reports

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/rules"
)

// This file holds what the CI formats (JUnit, SARIF, GitHub, Markdown)
// share: findings grouped under their rules, and the one-line account of a
// finding that annotations need.

// ruleGroup is one rule with its counts and its findings, in report order.
type ruleGroup struct {
	Rule     *rules.Rule
	Counts   checker.Counts
	Skips    []checker.Skip
	Findings []*checker.Finding
	Hidden   int // failures counted but not listed
}

// groupByRule returns every rule of the result in rule-file order, each with
// its findings in the result's order. A finding whose rule is missing from
// r.Rules still gets a group, after the others, so that no finding is lost.
func groupByRule(r *checker.Result) []ruleGroup {
	var groups []ruleGroup
	index := map[*rules.Rule]int{}
	for _, rr := range r.Rules {
		if _, dup := index[rr.Rule]; dup {
			continue
		}
		index[rr.Rule] = len(groups)
		groups = append(groups, ruleGroup{Rule: rr.Rule, Counts: rr.Counts, Skips: rr.Skips, Hidden: rr.Hidden})
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		g, ok := index[f.Rule]
		if !ok {
			g = len(groups)
			index[f.Rule] = g
			groups = append(groups, ruleGroup{Rule: f.Rule})
		}
		groups[g].Findings = append(groups[g].Findings, f)
	}
	// A group made up only from findings counts exactly those findings.
	for i := range groups {
		if groups[i].Counts == (checker.Counts{}) && len(groups[i].Findings) > 0 {
			groups[i].Counts[checker.Fail] = len(groups[i].Findings)
		}
	}
	return groups
}

// evaluations is the number of evaluations the counts add up to.
func evaluations(c checker.Counts) int {
	return c[checker.Pass] + c[checker.PassWithinRounding] + c[checker.Fail] + c[checker.Skipped]
}

// countWords gives counts as "1186 pass, 106 pass within rounding, 1 fail, 6 skipped".
func countWords(c checker.Counts) string {
	return fmt.Sprintf("%d pass, %d pass within rounding, %d fail, %d skipped",
		c[checker.Pass], c[checker.PassWithinRounding], c[checker.Fail], c[checker.Skipped])
}

// skipWords gives skip reasons as "reason ×4; other reason ×2".
func skipWords(skips []checker.Skip) string {
	why := make([]string, len(skips))
	for i, s := range skips {
		why[i] = skipWord(s)
	}
	return strings.Join(why, "; ")
}

func skipWord(s checker.Skip) string { return fmt.Sprintf("%s ×%d", s.Reason, s.Count) }

// gapShort says in one clause by how much a comparison fails.
func gapShort(c checker.Comparison) string {
	return fmt.Sprintf("apart by %s with every figure's rounding allowed (%s as written), the rule allows %s",
		checker.FormatNumber(c.Gap), checker.FormatNumber(c.GapAsWritten), checker.FormatNumber(c.Tolerance))
}

// gapsShort says by how much each comparison of a finding fails, naming the
// comparison when there are several.
func gapsShort(f *checker.Finding) string {
	var parts []string
	for _, c := range f.Comparisons {
		if len(f.Comparisons) > 1 {
			parts = append(parts, c.Expr+" "+gapShort(c))
		} else {
			parts = append(parts, gapShort(c))
		}
	}
	return strings.Join(parts, "; ")
}

// sentence is a finding in one line: its subject, the computation that does
// not hold, and by how much it misses.
func sentence(f *checker.Finding) string {
	s := f.Subject + ": " + f.Computation + " does not hold"
	if g := gapsShort(f); g != "" {
		s += ": " + g
	}
	return s
}

// sentenceWithMessage is sentence led by the rule's own message, when the
// rule has one.
func sentenceWithMessage(f *checker.Finding) string {
	if f.Message == "" {
		return sentence(f)
	}
	s := f.Subject + ": " + f.Message + " (" + f.Computation + " does not hold"
	if g := gapsShort(f); g != "" {
		s += ": " + g
	}
	return s + ")"
}

// slashPath writes a file name with forward slashes, as CI systems and
// SARIF expect.
func slashPath(file string) string { return filepath.ToSlash(file) }

// fileURI writes a file name as a SARIF artifact URI: a relative reference
// with forward slashes for a relative name, a file: URI for an absolute one,
// escaped where a URI needs it.
func fileURI(file string) string {
	p := slashPath(file)
	if filepath.IsAbs(file) || strings.HasPrefix(p, "/") {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // a Windows drive: C:/x becomes /C:/x
		}
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: p}).String()
}

// acceptedWords says what the steps after checking accepted, as in
// "2 accepted by waivers, 1 by the baseline", or "" when they took nothing.
func acceptedWords(r *checker.Result) string {
	var parts []string
	for _, s := range r.Accepted {
		if s.Count == 0 {
			continue
		}
		if len(parts) == 0 {
			parts = append(parts, fmt.Sprintf("%d accepted by %s", s.Count, s.Step))
		} else {
			parts = append(parts, fmt.Sprintf("%d by %s", s.Count, s.Step))
		}
	}
	return strings.Join(parts, ", ")
}

// oneLine writes text from the user's files for a line of a report: runs
// of white space, line breaks included, become one space, and the control
// characters that a terminal or log viewer would act on (ANSI escapes,
// bidirectional overrides) are shown escaped, as \x1b or \u202e.
func oneLine(s string) string {
	var b strings.Builder
	for i, word := range strings.Fields(s) {
		if i > 0 {
			b.WriteByte(' ')
		}
		for _, c := range word {
			switch {
			case c < 0x100 && unicode.IsControl(c):
				fmt.Fprintf(&b, `\x%02x`, c)
			case unicode.IsControl(c) || unicode.Is(unicode.Bidi_Control, c):
				fmt.Fprintf(&b, `\u%04x`, c)
			default:
				b.WriteRune(c)
			}
		}
	}
	return b.String()
}

// webLink returns address as a link target when it is a web address (http
// or https, with a host), with the characters that could end a link in
// Markdown or HTML escaped; ok is false for anything else, which reports
// show as text and never as a link.
func webLink(address string) (href string, ok bool) {
	u, err := url.Parse(strings.TrimSpace(address))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	return linkEscaper.Replace(u.String()), true
}

var linkEscaper = strings.NewReplacer("(", "%28", ")", "%29", "<", "%3C", ">", "%3E", " ", "%20",
	`"`, "%22", "'", "%27", "`", "%60", `\`, "%5C", "[", "%5B", "]", "%5D", "|", "%7C")

// identityWords says what a figure of a figure set is, as "inpost_fte,
// England, 2024": the parts its set gives, in the order subjects use.
func identityWords(p checker.Provenance) string {
	var parts []string
	for _, s := range []string{p.Measure, p.Area, p.Period} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// cut shortens s to its first n characters and an ellipsis, when it is
// longer.
func cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return strings.TrimSpace(string(r[:n])) + "…"
	}
	return s
}

// quoted puts a quote in quotation marks, on one line.
func quoted(quote string) string { return "“" + oneLine(quote) + "”" }
