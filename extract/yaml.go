package extract

import (
	"fmt"
	"math"
	"strconv"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/internal/yamlnode"
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
	top := yamlnode.NewMapping()
	top.HeadComment = yamlnode.Comments([]string{fmt.Sprintf("The figures of %s, found by figcheck extract.", a.Doc.Name()),
		"Beside each field: \"inferred\" fields were worked out from the text, with how",
		"sure (high: stated beside the figure; medium: elsewhere in its sentence; low:",
		"carried over from before) and from what. Low ones are left as comments."})
	top.Add("name", yamlnode.Str(set.Name))
	top.Add("document", yamlnode.Str(a.Doc.Name()))
	if a.Doc.URL != "" {
		top.Add("url", yamlnode.Str(a.Doc.URL))
	}
	figs := yamlnode.NewMapping()
	top.Add("figures", figs.Node)
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
		fig := yamlnode.NewMapping()
		fig.Add("value", yamlnode.Str(ff.Value.Text)).LineComment = yamlnode.Comment(about)
		var unsure []string // suggestions left as comments, above the next field
		for _, s := range []struct {
			key  string
			s    Suggestion
			used string
		}{{"measure", f.Measure, ff.Measure}, {"period", f.Period, ff.Period}, {"area", f.Area, ff.Area}} {
			switch {
			case s.s.Value == "":
			case s.used != "":
				v := fig.Add(s.key, yamlnode.Str(s.used))
				v.LineComment = yamlnode.Comment(fmt.Sprintf("inferred, %s: %s", s.s.Sure, s.s.From))
				fig.KeyOf(v).HeadComment = yamlnode.Comments(unsure)
				unsure = nil
			default:
				unsure = append(unsure, (fmt.Sprintf("%s: %s   # suggested, %s: %s", s.key, strconv.Quote(s.s.Value), s.s.Sure, s.s.From)))
			}
		}
		q := fig.Add("quote", yamlnode.Str(ff.Quote))
		fig.KeyOf(q).HeadComment = yamlnode.Comments(unsure)
		figs.Add(ff.Name, fig.Node)
	}
	return yamlnode.Encode(top.Node, nil)
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

// ruleFile writes rules over figure sets as a rule file, with lines of
// comment above and below.
func ruleFile(head []string, rs []*rules.Rule, foot []string) []byte {
	src, err := rules.Write(&rules.Set{Rules: rs}, rules.Comments{Head: head, Foot: foot})
	if err != nil {
		panic(fmt.Sprintf("extract: rules over figure sets do not write: %v", err)) // they have no dataset
	}
	return src
}
