package extract

import (
	"fmt"

	"github.com/figcheck/figcheck/figures"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Sure enough to be checked: a suggestion less sure than this is written
// as a comment, for a person to take or leave.
func (s Suggestion) checked() bool { return s.Value != "" && (s.Sure == High || s.Sure == Medium) }

// FigureSet writes the article's figures as a figcheck figure set, with
// comments that say where each figure is written, its kind and interval,
// and which of its fields were inferred, how surely and from what.
// Suggestions too unsure to be checked are written as comments.
func (a *Article) FigureSet() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# The figures of %s, found by figcheck extract.\n", comment(a.Doc.Name()))
	b.WriteString("# Beside each field: \"inferred\" fields were worked out from the text, with how\n")
	b.WriteString("# sure (high: stated beside the figure; medium: elsewhere in its sentence; low:\n")
	b.WriteString("# carried over from before) and from what. Low ones are left as comments.\n")
	fmt.Fprintf(&b, "name: %s\n", a.Prefix)
	fmt.Fprintf(&b, "document: %s\n", strconv.Quote(a.Doc.Name()))
	if a.Doc.URL != "" {
		fmt.Fprintf(&b, "url: %s\n", strconv.Quote(a.Doc.URL))
	}
	if len(a.Figures) == 0 {
		b.WriteString("figures: {}\n")
		return []byte(b.String())
	}
	b.WriteString("figures:\n")
	for i := range a.Figures {
		f := &a.Figures[i]
		fmt.Fprintf(&b, "  %s:\n", a.Names[i])
		about := fmt.Sprintf("%s at %d:%d, %s", f.Kind, f.Pos.Line, f.Pos.Col, formatInterval(f.Value.Num.Lo, f.Value.Num.Hi))
		if f.IsChange() {
			about = string(f.Change) + ", " + about
		}
		if f.Hedge != "" {
			about += ", hedged: " + f.Hedge
		}
		if f.ValueText != f.Text {
			about += fmt.Sprintf(" (figcheck does not read %q: the value is without it)", f.Hedge)
		}
		fmt.Fprintf(&b, "    value: %s   # %s\n", strconv.Quote(f.ValueText), comment(about))
		for _, s := range []struct {
			key string
			s   Suggestion
		}{{"measure", f.Measure}, {"period", f.Period}, {"area", f.Area}} {
			switch {
			case s.s.Value == "":
			case s.s.checked():
				fmt.Fprintf(&b, "    %s: %s   # inferred, %s: %s\n", s.key, strconv.Quote(s.s.Value), s.s.Sure, comment(s.s.From))
			default:
				fmt.Fprintf(&b, "    # %s: %s   # suggested, %s: %s\n", s.key, comment(strconv.Quote(s.s.Value)), s.s.Sure, comment(s.s.From))
			}
		}
		fmt.Fprintf(&b, "    quote: %s\n", strconv.Quote(a.Sentences[f.Sentence].Text))
	}
	return []byte(b.String())
}

// comment makes s fit in a YAML comment: no control or line-breaking
// characters.
func comment(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\uFEFF' || r == '\u2028' || r == '\u2029' || r == '\uFFFE' || r == '\uFFFF' {
			return ' '
		}
		return r
	}, s)
}

// Set is the article's figure set as figures.ReadSet reads the one
// FigureSet writes, without writing it: each figure at its place in the
// article, with the fields FigureSet writes as fields and not as comments.
func (a *Article) Set(path string) *figures.Set {
	set := &figures.Set{Path: path, Name: a.Prefix, Figures: make([]figures.Figure, len(a.Figures)), Documents: map[string]figures.Precision{}}
	for i := range a.Figures {
		f := &a.Figures[i]
		ff := figures.Figure{Name: a.Names[i], Value: f.Value, Unit: f.Value.Unit, Pos: f.Pos,
			Quote: a.Sentences[f.Sentence].Text, Document: a.Doc.Name(), URL: a.Doc.URL}
		ff.Value.Text = f.ValueText
		for _, s := range []struct {
			dst *string
			s   Suggestion
		}{{&ff.Measure, f.Measure}, {&ff.Period, f.Period}, {&ff.Area, f.Area}} {
			if s.s.checked() {
				*s.dst = s.s.Value
			}
		}
		set.Figures[i] = ff
	}
	return set
}

func formatInterval(lo, hi float64) string {
	end := func(x float64) string {
		if math.IsInf(x, 0) {
			return "∞"
		}
		return strconv.FormatFloat(x, 'g', 12, 64)
	}
	if math.IsInf(lo, -1) {
		return "[-∞, " + end(hi) + "]"
	}
	return "[" + end(lo) + ", " + end(hi) + "]"
}

// RuleFile writes the article's claims as a figcheck rule file, each rule
// with the sentence it came from, and the undecided claims as comments
// with their reasons.
func (a *Article) RuleFile() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# The claims of %s, found by figcheck extract: each rule is one claim,\n", comment(a.Doc.Name()))
	b.WriteString("# over the figures of its figure set, with the sentence it came from.\n")
	if len(a.Claims) == 0 {
		b.WriteString("rules: []\n")
	} else {
		b.WriteString("rules:\n")
	}
	for _, c := range a.Claims {
		s := a.Sentences[c.Sentence]
		fmt.Fprintf(&b, "  - id: %s\n", c.ID)
		fmt.Fprintf(&b, "    title: %s\n", strconv.Quote(c.Says))
		fmt.Fprintf(&b, "    description: %s\n", strconv.Quote(fmt.Sprintf("%s claim at %s: “%s”", c.Kind, a.Doc.Pos(s.Start), s.Text)))
		fmt.Fprintf(&b, "    assert: %s\n", c.Assert)
		if c.Tolerance != "" {
			fmt.Fprintf(&b, "    tolerance: %s\n", c.Tolerance)
		}
	}
	if len(a.Undecided) > 0 {
		b.WriteString("# Claims not checked, because it is not clear which figures they relate:\n")
		for _, u := range a.Undecided {
			fmt.Fprintf(&b, "#   %s: %s: “%s”\n", comment(a.Figures[u.Figure].Pos.String()), comment(u.Reason), comment(a.Sentences[u.Sentence].Text))
		}
	}
	return []byte(b.String())
}

// SameFigureRules is a rule file with one rule: figures stated more than
// once, with the same measure, period and area, have one value.
const SameFigureRules = `# Figures stated twice, found by figcheck extract.
rules:
  - id: articles-same-figure
    title: A figure stated twice has one value
    description: The same measure, period and area, within an article or across articles and the tables beside them.
    same_figure: true
`
