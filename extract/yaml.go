package extract

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/interval"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
)

// Sure enough to be checked: a suggestion less sure than this is written
// as a comment, for a person to take or leave.
func (s Suggestion) checked() bool { return s.Value != "" && (s.Sure == High || s.Sure == Medium) }

// Set is the article's figure set, as figcheck checks it and as FigureSet
// writes it: each figure at its place in the article, with the suggestions
// sure enough to be checked as its measure, period and area.
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

// FigureSet writes the article's figure set (Set) in figcheck's YAML, with
// comments that say where each figure is written, its kind and interval,
// and which of its fields were inferred, how surely and from what.
// Suggestions too unsure to be checked are written as comments.
func (a *Article) FigureSet() []byte {
	set := a.Set("")
	top := mapping()
	top.HeadComment = comments([]string{fmt.Sprintf("The figures of %s, found by figcheck extract.", a.Doc.Name()),
		"Beside each field: \"inferred\" fields were worked out from the text, with how",
		"sure (high: stated beside the figure; medium: elsewhere in its sentence; low:",
		"carried over from before) and from what. Low ones are left as comments."})
	top.add("name", str(set.Name))
	top.add("document", str(a.Doc.Name()))
	if a.Doc.URL != "" {
		top.add("url", str(a.Doc.URL))
	}
	figs := mapping()
	top.add("figures", figs.Node)
	for i := range a.Figures {
		f, ff := &a.Figures[i], &set.Figures[i]
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
		fig := mapping()
		fig.add("value", str(ff.Value.Text)).LineComment = "# " + comment(about)
		var unsure []string // suggestions left as comments, above the next field
		for _, s := range []struct {
			key  string
			s    Suggestion
			used string
		}{{"measure", f.Measure, ff.Measure}, {"period", f.Period, ff.Period}, {"area", f.Area, ff.Area}} {
			switch {
			case s.s.Value == "":
			case s.used != "":
				v := fig.add(s.key, str(s.used))
				v.LineComment = "# " + comment(fmt.Sprintf("inferred, %s: %s", s.s.Sure, s.s.From))
				fig.keyOf(v).HeadComment = comments(unsure)
				unsure = nil
			default:
				unsure = append(unsure, (fmt.Sprintf("%s: %s   # suggested, %s: %s", s.key, strconv.Quote(s.s.Value), s.s.Sure, s.s.From)))
			}
		}
		q := fig.add("quote", str(ff.Quote))
		fig.keyOf(q).HeadComment = comments(unsure)
		figs.add(ff.Name, fig.Node)
	}
	return encode(top.Node, "")
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

// Rules are the article's claims as rules over the figures of its figure
// set, each at the sentence it came from, as figcheck checks them and as
// RuleFile writes them.
func (a *Article) Rules() []*rules.Rule {
	out := make([]*rules.Rule, len(a.Claims))
	for i, c := range a.Claims {
		s := a.Sentences[c.Sentence]
		pos := a.Doc.Pos(s.Start)
		out[i] = &rules.Rule{ID: c.ID, Title: c.Says, Severity: rules.Error, Pos: pos,
			Description: fmt.Sprintf("%s claim at %s: “%s”", c.Kind, pos, s.Text),
			Assert:      rules.NewExpr(c.Assert, pos), Tolerance: c.Tolerance}
	}
	return out
}

// RuleFile writes the article's claims (Rules) as a figcheck rule file,
// and the undecided claims as comments with their reasons.
func (a *Article) RuleFile() []byte {
	head := []string{fmt.Sprintf("The claims of %s, found by figcheck extract: each rule is one claim,", a.Doc.Name()),
		"over the figures of its figure set, with the sentence it came from."}
	var foot []string
	if len(a.Undecided) > 0 {
		foot = append(foot, "Claims not checked, because it is not clear which figures they relate:")
		for _, u := range a.Undecided {
			foot = append(foot, fmt.Sprintf("  %s: %s: “%s”", a.Figures[u.Figure].Pos, u.Reason, a.Sentences[u.Sentence].Text))
		}
	}
	return ruleFile(head, a.Rules(), foot)
}

// SameFigureName is the name of the rule file SameFigureFile writes.
const SameFigureName = "articles-same-figure.yaml"

// SameFigureRule is the rule that figures stated more than once, with the
// same measure, period and area, have one value. It is placed in the file
// it is written to, SameFigureName, whether it is or not.
func SameFigureRule() *rules.Rule {
	return &rules.Rule{ID: "articles-same-figure", Title: "A figure stated twice has one value",
		Description: "The same measure, period and area, within an article or across articles and the tables beside them.",
		Severity:    rules.Error, SameFigure: true, Pos: position.Pos{File: SameFigureName}}
}

// SameFigureFile writes SameFigureRule as a rule file.
func SameFigureFile() []byte {
	return ruleFile([]string{"Figures stated twice, found by figcheck extract."}, []*rules.Rule{SameFigureRule()}, nil)
}

// ruleFile writes rules as a rule file, with lines of comment above and
// below.
func ruleFile(head []string, rs []*rules.Rule, foot []string) []byte {
	top := mapping()
	top.HeadComment = comments(head)
	list := &yaml.Node{Kind: yaml.SequenceNode}
	if len(rs) == 0 {
		list.Style = yaml.FlowStyle
	}
	top.add("rules", list)
	for _, r := range rs {
		m := mapping()
		m.add("id", str(r.ID))
		m.add("title", str(r.Title))
		if r.Description != "" {
			m.add("description", str(r.Description))
		}
		if r.Severity != rules.Error {
			m.add("severity", str(r.Severity.String()))
		}
		if !r.Assert.IsZero() {
			m.add("assert", str(r.Assert.Text))
		}
		if tol := tolerance(r.Tolerance); tol != nil {
			m.add("tolerance", tol)
		}
		if r.SameFigure {
			m.add("same_figure", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
		}
		list.Content = append(list.Content, m.Node)
	}
	return encode(top.Node, comments(foot))
}

// tolerance writes a rule's tolerance, or returns nil for none.
func tolerance(t interval.Tolerance) *yaml.Node {
	m := mapping()
	m.Style = yaml.FlowStyle
	if t.Abs != 0 {
		m.add("absolute", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(t.Abs, 'g', -1, 64)})
	}
	if t.Rel != 0 {
		m.add("relative", str(strconv.FormatFloat(t.Rel*100, 'g', -1, 64)+"%"))
	}
	if len(m.Content) == 0 {
		return nil
	}
	return m.Node
}

// node is a YAML mapping being built.
type node struct{ *yaml.Node }

func mapping() node { return node{&yaml.Node{Kind: yaml.MappingNode}} }

// str is a string scalar, quoted by the encoder where YAML needs it.
func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// add puts key: v in the mapping and returns v.
func (n node) add(key string, v *yaml.Node) *yaml.Node {
	n.Content = append(n.Content, str(key), v)
	return v
}

// keyOf returns the key of value v in the mapping.
func (n node) keyOf(v *yaml.Node) *yaml.Node {
	for i := 1; i < len(n.Content); i += 2 {
		if n.Content[i] == v {
			return n.Content[i-1]
		}
	}
	return nil
}

// encode writes a YAML document with a comment below it.
func encode(top *yaml.Node, foot string) []byte {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{top}}
	if err := enc.Encode(doc); err != nil {
		panic(fmt.Sprintf("extract: a YAML document of strings does not encode: %v", err)) // cannot happen
	}
	if foot != "" {
		b.WriteString(foot + "\n")
	}
	return b.Bytes()
}

// comments makes lines a YAML comment of as many lines, or "" for none.
func comments(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("# " + comment(l))
	}
	return b.String()
}

// comment makes s fit in a YAML comment: no control or line-breaking
// characters.
func comment(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\uFEFF' || r == '\u2028' || r == '\u2029' || r == '\uFFFE' || r == '\uFFFF' || r == '\u0085' {
			return ' '
		}
		return r
	}, s)
}
