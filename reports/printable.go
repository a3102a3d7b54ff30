package reports

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
)

// printable returns a copy of r in which every text that came from a rule
// file or a figure shows as an escape (\r, \x1b, \u202e) the characters
// that a report read by people or CI must not pass on: control characters
// but tab and newline, which could move the cursor, recolour or retitle a
// terminal, or end an XML document, and the bidirectional overrides that
// make text read other than it is. Without newlines, a newline shows as \n
// too, so that data cannot start a line of its own (where a CI runner
// would take it for a command). JSON and SARIF escape their strings
// themselves and keep the text exactly.
func printable(r *checker.Result, newlines bool) *checker.Result {
	p := escaper{newlines: newlines, rules: map[*rules.Rule]*rules.Rule{}}
	out := *r
	out.Rules = make([]checker.RuleResult, len(r.Rules))
	for i, rr := range r.Rules {
		rr.Rule = p.rule(rr.Rule)
		rr.Skips = append([]checker.Skip(nil), rr.Skips...)
		for j := range rr.Skips {
			rr.Skips[j].Reason = p.text(rr.Skips[j].Reason)
		}
		out.Rules[i] = rr
	}
	out.Findings = make([]checker.Finding, len(r.Findings))
	for i, f := range r.Findings {
		f.Rule = p.rule(f.Rule)
		f.Subject, f.Message, f.Expr, f.Computation = p.text(f.Subject), p.text(f.Message), p.text(f.Expr), p.text(f.Computation)
		f.Pos = p.pos(f.Pos)
		f.Comparisons = append([]checker.Comparison(nil), f.Comparisons...)
		for j := range f.Comparisons {
			c := &f.Comparisons[j]
			c.Expr = p.text(c.Expr)
			c.Left.Expr, c.Left.Computation = p.text(c.Left.Expr), p.text(c.Left.Computation)
			c.Right.Expr, c.Right.Computation = p.text(c.Right.Expr), p.text(c.Right.Computation)
		}
		f.Figures = append([]checker.FigureUse(nil), f.Figures...)
		for j := range f.Figures {
			g := &f.Figures[j]
			g.Name, g.Text, g.Column, g.Area = p.text(g.Name), p.text(g.Text), p.text(g.Column), p.text(g.Area)
			g.Pos = p.pos(g.Pos)
		}
		out.Findings[i] = f
	}
	out.Inputs = make([]string, len(r.Inputs))
	for i, in := range r.Inputs {
		out.Inputs[i] = p.text(in)
	}
	out.Problems = make(position.Errors, len(r.Problems))
	for i, e := range r.Problems {
		out.Problems[i] = &position.Error{Pos: p.pos(e.Pos), Msg: p.text(e.Msg)}
	}
	out.Articles = make([]checker.Article, len(r.Articles))
	for i, a := range r.Articles {
		out.Articles[i] = p.article(a)
	}
	return &out
}

// article copies a with its texts escaped, and the offsets of its
// sentences and figures moved to where their text is after escaping.
func (p escaper) article(a checker.Article) checker.Article {
	var at func(int) int
	a.Name, a.URL = p.text(a.Name), p.text(a.URL)
	a.Text, at = p.offsets(a.Text)
	a.Sentences = append([]checker.Sentence(nil), a.Sentences...)
	for i := range a.Sentences {
		s := &a.Sentences[i]
		s.Start, s.End, s.Text = at(s.Start), at(s.End), p.text(s.Text)
	}
	a.Figures = append([]checker.ArticleFigure(nil), a.Figures...)
	for i := range a.Figures {
		f := &a.Figures[i]
		f.Start, f.End, f.Name, f.Text, f.Pos = at(f.Start), at(f.End), p.text(f.Name), p.text(f.Text), p.pos(f.Pos)
	}
	a.Claims = append([]checker.Claim(nil), a.Claims...)
	for i := range a.Claims {
		a.Claims[i].Rule, a.Claims[i].Says = p.text(a.Claims[i].Rule), p.text(a.Claims[i].Says)
	}
	a.Undecided = append([]checker.Undecided(nil), a.Undecided...)
	for i := range a.Undecided {
		a.Undecided[i].Reason, a.Undecided[i].Pos = p.text(a.Undecided[i].Reason), p.pos(a.Undecided[i].Pos)
	}
	return a
}

// offsets escapes s as text does, and returns where each byte offset of s
// (up to len(s)) is in the result. An offset inside a character moves to
// the character's start.
func (p escaper) offsets(s string) (string, func(int) int) {
	if strings.IndexFunc(s, p.hidden) < 0 {
		return s, func(off int) int { return off }
	}
	moved := make([]int, len(s)+1)
	var b strings.Builder
	for i, c := range s {
		for j := i; j < i+utf8.RuneLen(c) && j < len(s); j++ {
			moved[j] = b.Len()
		}
		b.WriteString(p.text(string(c)))
	}
	moved[len(s)] = b.Len()
	return b.String(), func(off int) int { return moved[min(max(off, 0), len(s))] }
}

type escaper struct {
	newlines bool
	rules    map[*rules.Rule]*rules.Rule // each rule copied once, so that pointers still match
}

func (p escaper) rule(r *rules.Rule) *rules.Rule {
	if r == nil {
		return nil
	}
	if c, ok := p.rules[r]; ok {
		return c
	}
	c := *r
	c.ID, c.Title, c.Description, c.Message = p.text(r.ID), p.text(r.Title), p.text(r.Description), p.text(r.Message)
	c.Assert.Text, c.When.Text = p.text(r.Assert.Text), p.text(r.When.Text)
	c.Pos = p.pos(r.Pos)
	p.rules[r] = &c
	return &c
}

func (p escaper) pos(pos position.Pos) position.Pos {
	pos.File = p.text(pos.File)
	return pos
}

func (p escaper) text(s string) string {
	if strings.IndexFunc(s, p.hidden) < 0 {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		switch {
		case !p.hidden(c):
			b.WriteRune(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < 0x80:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			fmt.Fprintf(&b, `\u%04x`, c)
		}
	}
	return b.String()
}

// hidden reports whether c is shown as an escape.
func (p escaper) hidden(c rune) bool {
	switch {
	case c == '\t':
		return false
	case c == '\n':
		return !p.newlines
	case c < 0x20, c == 0x7f, c >= 0x80 && c < 0xa0:
		return true
	case c >= 0x202a && c <= 0x202e, c >= 0x2066 && c <= 0x2069:
		return true
	}
	return false
}
