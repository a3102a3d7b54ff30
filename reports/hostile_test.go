package reports

import (
	"encoding/json"
	"encoding/xml"
	"regexp"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/position"
)

// hostile is text that tries to break out of every report: a line of its
// own with a GitHub command, percent escapes, HTML, Markdown, the end of a
// CDATA section, characters XML cannot hold, and terminal escapes that
// colour, retitle the window and clear the screen.
const hostile = "x\n::error file=evil.csv::forged\r\n%0A%25 <script>alert(1)</script> **b** [l](http://e.org) | `c` ]]> &amp; \x00\x01\x0b\x1b[31mred\x1b]0;title\x07\x1b[2J\u202e"

// everywhere returns the canned result with hostile text in every field
// that carries data: rule ids, titles and descriptions, subjects, messages,
// expressions and computations, figure names, texts, columns, areas and
// provenance,
// file names, skip reasons, inputs and problems, and an article's text,
// figures, claims and undecided claims.
func everywhere() *checker.Result {
	r := cannedResult()
	for i := range r.Rules {
		rule := *r.Rules[i].Rule
		rule.ID, rule.Title, rule.Description = "id"+hostile, "title"+hostile, "description"+hostile
		rule.Pos.File = "rules" + hostile
		for j := range r.Findings {
			if r.Findings[j].Rule == r.Rules[i].Rule {
				r.Findings[j].Rule = &rule
			}
		}
		r.Rules[i].Rule = &rule
		for j := range r.Rules[i].Skips {
			r.Rules[i].Skips[j].Reason = "reason" + hostile
		}
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Subject, f.Message, f.Expr, f.Computation = "subject"+hostile, "message"+hostile, "expr"+hostile, "computation"+hostile
		f.Pos.File = "data" + hostile
		for j := range f.Comparisons {
			c := &f.Comparisons[j]
			c.Expr = "comparison" + hostile
			c.Left.Expr, c.Left.Computation = "left"+hostile, "leftc"+hostile
			c.Right.Expr, c.Right.Computation = "right"+hostile, "rightc"+hostile
		}
		for j := range f.Figures {
			g := &f.Figures[j]
			g.Name, g.Text, g.Column, g.Area = "name"+hostile, "text"+hostile, "column"+hostile, "area"+hostile
			g.Pos.File = "file" + hostile
			g.Provenance = checker.Provenance{Measure: "measure" + hostile, Period: "period" + hostile, Area: "area" + hostile,
				Unit: "unit" + hostile, Quote: "quote" + hostile, Document: "document" + hostile, URL: "url" + hostile}
		}
	}
	a := newArticle("document"+hostile, []string{
		"Heading" + hostile,
		"It had 45 staff " + hostile + " and 12" + hostile + " left. ",
		"About 8% of them " + hostile + " left.",
	}, []articleFigure{{"45", "name" + hostile, position.Pos{File: "article" + hostile, Line: 3, Col: 8}},
		{"12" + hostile, "name" + hostile, position.Pos{File: "article" + hostile, Line: 3, Col: 30}},
		{"8%", "eight" + hostile, position.Pos{File: "article" + hostile, Line: 5, Col: 7}}})
	a.URL = "url" + hostile
	a.Claims = []checker.Claim{{Rule: "id" + hostile, Says: "says" + hostile, Sentence: 1, Figures: []int{0, 1}}}
	a.Undecided = []checker.Undecided{{Sentence: 2, Figure: 2, Pos: a.Figures[2].Pos, Reason: "reason" + hostile}}
	r.Articles = []checker.Article{a}
	r.Inputs = append(r.Inputs, "input"+hostile)
	r.Problems = append(r.Problems, position.Errorf(position.Pos{File: "problem" + hostile, Line: 3, Col: 4}, "%s", "problem"+hostile))
	return r
}

// controls matches the characters no report may pass on from data: C0
// controls but tab and newline, DEL, C1 controls and bidirectional
// overrides.
var controls = regexp.MustCompile("[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u202a-\u202e\u2066-\u2069]")

// sgr matches the colour escapes the text report writes itself.
var sgr = regexp.MustCompile("\x1b\\[[0-9;]*m")

// TestHostileText: hostile text in every field of the result leaves every
// report well-formed: no format lets data start a line, a GitHub command,
// markup or a terminal escape of its own, and JSON and SARIF keep it
// exactly.
func TestHostileText(t *testing.T) {
	res := everywhere()
	for _, tc := range []struct {
		format string
		opts   Options
		check  func(t *testing.T, out string)
	}{
		{"text", Options{}, func(t *testing.T, out string) {
			noControls(t, out)
			noForgedLines(t, out)
		}},
		{"text", Options{Color: true}, func(t *testing.T, out string) {
			noControls(t, sgr.ReplaceAllString(out, ""))
		}},
		{"json", Options{}, func(t *testing.T, out string) {
			var doc map[string]any
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			if !holds(doc, "subject"+hostile) {
				t.Error("the subject is not kept as it was")
			}
		}},
		{"sarif", Options{}, func(t *testing.T, out string) {
			var doc map[string]any
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			if !holds(doc, "message"+hostile) {
				t.Error("the message is not kept as it was")
			}
		}},
		{"junit", Options{}, func(t *testing.T, out string) {
			var doc parsedSuites
			if err := xml.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("not XML: %v", err)
			}
			noControls(t, out)
		}},
		{"github", Options{}, func(t *testing.T, out string) {
			noControls(t, out)
			for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				if !regexp.MustCompile(`^::(error|warning|notice) `).MatchString(line) {
					t.Errorf("a line that is not an annotation: %q", line)
				}
			}
		}},
		{"markdown", Options{}, func(t *testing.T, out string) {
			noControls(t, out)
			noForgedLines(t, out)
			if live.MatchString(outsideCode(out)) {
				t.Error("markup from the data is live")
			}
		}},
		{"html", Options{}, func(t *testing.T, out string) {
			noControls(t, out)
			if strings.Contains(out, "<script>alert") {
				t.Error("a script from the data is live")
			}
		}},
	} {
		t.Run(tc.format, func(t *testing.T) {
			r, err := Lookup(tc.format, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, string(report(t, r, res)))
		})
	}
}

// TestArticleEscapedInPlace: once an article's text is escaped, its
// figures and sentences still point at their own text.
func TestArticleEscapedInPlace(t *testing.T) {
	for _, newlines := range []bool{false, true} {
		a := printable(everywhere(), newlines).Articles[0]
		if controls.MatchString(a.Text) || !strings.Contains(a.Text, `\x1b[31mred`) {
			t.Errorf("newlines %v: the text is not escaped: %q", newlines, a.Text)
		}
		for _, f := range a.Figures {
			if got := a.Text[f.Start:f.End]; got != f.Text {
				t.Errorf("newlines %v: figure %q points at %q", newlines, f.Text, got)
			}
		}
		for _, s := range a.Sentences {
			// The sentence's own text has its spaces squashed: its ends are
			// the same.
			got := a.Text[s.Start:s.End]
			if got[:6] != s.Text[:6] || got[len(got)-6:] != s.Text[len(s.Text)-6:] {
				t.Errorf("newlines %v: sentence %q points at %q", newlines, s.Text, got)
			}
		}
	}
}

// TestLongNames: a name longer than fmt can pad (a million bytes) is
// written whole, without padding, in the text report.
func TestLongNames(t *testing.T) {
	res := cannedResult()
	rule := *res.Rules[0].Rule
	rule.ID = strings.Repeat("x", 1<<20)
	res.Rules[0].Rule = &rule
	res.Findings[0].Figures[0].Name = strings.Repeat("y", 1<<20)
	out := string(report(t, newText(Options{}), res))
	if strings.Contains(out, "%!") || !strings.Contains(out, rule.ID+" ") {
		t.Errorf("the text report breaks on a long id: %q", out[:200])
	}
}

func noControls(t *testing.T, out string) {
	t.Helper()
	if m := controls.FindAllStringIndex(out, 3); m != nil {
		for _, at := range m {
			t.Errorf("control character %q passed on: …%q…", out[at[0]:at[1]], out[max(0, at[0]-30):min(len(out), at[1]+10)])
		}
	}
}

// noForgedLines: the newline in the hostile text does not start a line of
// the report.
func noForgedLines(t *testing.T, out string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimLeft(line, " |>*-"), "::error file=evil") {
			t.Errorf("data starts a line: %q", line)
			return
		}
	}
}

// live matches markup from the hostile text that Markdown would act on: a
// tag or a link not escaped with a backslash.
var live = regexp.MustCompile(`(^|[^\\])(<script>|\]\(http)`)

// outsideCode returns the Markdown doc without its code spans, whose
// text is shown as it is.
func outsideCode(doc string) string {
	var b strings.Builder
	for doc != "" {
		i := strings.IndexByte(doc, '`')
		if i < 0 {
			b.WriteString(doc)
			break
		}
		if i > 0 && doc[i-1] == '\\' { // an escaped backtick
			b.WriteString(doc[:i+1])
			doc = doc[i+1:]
			continue
		}
		b.WriteString(doc[:i])
		n := len(doc[i:]) - len(strings.TrimLeft(doc[i:], "`"))
		fence := doc[i : i+n]
		rest := doc[i+n:]
		end := strings.Index(rest, fence)
		for end >= 0 && end+n < len(rest) && rest[end+n] == '`' { // a longer run does not close it
			next := strings.Index(rest[end+n+1:], fence)
			if next < 0 {
				end = -1
				break
			}
			end += n + 1 + next
		}
		if end < 0 {
			b.WriteString(doc[i:])
			break
		}
		doc = rest[end+n:]
	}
	return b.String()
}

// holds reports whether the decoded JSON doc holds the string s.
func holds(doc any, s string) bool {
	switch v := doc.(type) {
	case string:
		return v == s
	case []any:
		for _, x := range v {
			if holds(x, s) {
				return true
			}
		}
	case map[string]any:
		for _, x := range v {
			if holds(x, s) {
				return true
			}
		}
	}
	return false
}
