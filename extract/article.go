package extract

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Article is what extraction finds in a document: its sentences, its
// figures in the order they are written, and the claims that relate them.
type Article struct {
	Doc       *Document
	Prefix    string // starts the names of its figures and the ids of its claims
	Sentences []Sentence
	Figures   []Figure
	Names     []string // of Figures, one each
	Claims    []Claim
	Undecided []Undecided

	index map[identity][]int // figures by identity, for changes stated against another period
}

// Extract finds the figures and claims of a document. prefix starts the
// names of its figures; "" makes one from the document's file name.
func Extract(d *Document, prefix string) *Article {
	if prefix == "" {
		prefix = Prefix(d)
	}
	a := &Article{Doc: d, Prefix: prefix, Sentences: Sentences(d.Text)}
	sentToks := make([][]token, len(a.Sentences))
	var current Period // the period the text last named
	area := ""         // the area the text last named
	for si, s := range a.Sentences {
		toks := tokenize(d.Text, s.Start, s.End)
		sentToks[si] = toks
		figs := findFigures(d, toks)
		marks := markers(toks, d.Date)
		own(toks, figs, marks)
		areas := areasOf(toks)
		nearestFigures(figs, areas)
		back := area != "" && refersBack(toks)
		prevEnd := 0
		for fi := range figs {
			f := &figs[fi]
			f.Sentence = si
			f.Measure = suggestMeasure(toks, f, prevEnd)
			f.Period, f.period = periodOf(toks, figs, fi, marks, current)
			f.Area = areaOf(figs, fi, areas, area, back)
			for _, m := range marks {
				if m.base && m.from >= f.tokEnd && m.from <= f.tokEnd+2 {
					f.base = m.period
				}
			}
			// from 31 in 2023 to 33: the second counts what the first does
			if f.Measure.Value == "" && fi > 0 && isAny(toks, f.tok-1, "to", "from") && figs[fi-1].Kind == f.Kind && !figs[fi-1].IsChange() {
				if m := figs[fi-1].Measure; m.Value != "" {
					f.Measure = Suggestion{Value: m.Value, Sure: Low, From: "the figure it changed from"}
				}
			}
			prevEnd = f.tokEnd
		}
		for _, m := range marks {
			if m.period.Year > 0 && !m.base {
				current = m.period
			}
		}
		if len(areas) > 0 {
			area = areas[len(areas)-1].name
		}
		a.Figures = append(a.Figures, figs...)
	}
	a.Names = a.names()
	a.findClaims(sentToks)
	return a
}

// Prefix makes a name for the figures of a document from its file name
// and, in a feed, its item.
func Prefix(d *Document) string {
	base := strings.TrimSuffix(filepath.Base(d.Path), filepath.Ext(d.Path))
	if first, _, ok := strings.Cut(base, "_"); ok && first != "" {
		base = first
	}
	p := slug([]string{strings.ToLower(base)})
	if len(p) > 16 {
		p = p[:16]
	}
	if p == "" || p[0] >= '0' && p[0] <= '9' || p[0] == '_' {
		p = "a" + p
	}
	if d.Item > 0 {
		p = fmt.Sprintf("%s_i%d", p, d.Item)
	}
	return p
}

// names gives each figure a name: the prefix, the figure's place and the
// first words of its measure.
func (a *Article) names() []string {
	names := make([]string, len(a.Figures))
	for i, f := range a.Figures {
		m := f.Measure.Value
		if m == "" {
			m = strings.ReplaceAll(string(f.Kind), " ", "_")
		}
		parts := strings.Split(m, "_")
		if len(parts) > 3 {
			parts = parts[:3]
		}
		names[i] = fmt.Sprintf("%s_%d_%s", a.Prefix, i+1, strings.Join(parts, "_"))
	}
	return names
}

// periodOf finds the period of figure fi: a time named just after it ("31
// in 2023", "45 the previous year"), or before it with no figure between
// ("As of 30 September 2017, … 17.8"), or the only time its sentence
// names, or else the time the text last named.
func periodOf(toks []token, figs []Figure, fi int, marks []marker, current Period) (Suggestion, Period) {
	f := &figs[fi]
	nextFig := len(toks)
	if fi+1 < len(figs) {
		nextFig = figs[fi+1].tok
	}
	prevFig := 0
	if fi > 0 {
		prevFig = figs[fi-1].tokEnd
	}
	// A time named just after a figure is that figure's: "compared with
	// 20.5% in 2023" does not date the figure before it.
	owned := func(m marker) bool { return m.owner >= 0 && m.owner != fi }
	sentence := current
	var absolute []marker
	for _, m := range marks {
		if m.period.Year > 0 && !m.base && !owned(m) {
			absolute = append(absolute, m)
		}
	}
	if len(absolute) == 1 {
		sentence = absolute[0].period
	}
	resolve := func(m marker, sure Sure, where string) (Suggestion, Period) {
		p := m.period
		if m.relative > 0 {
			p = sentence.back(m.relative)
			if f.IsChange() {
				p = Period{}
			}
		}
		if p.Year == 0 {
			return Suggestion{}, p
		}
		return Suggestion{Value: p.String(), Sure: sure, From: fmt.Sprintf("%q %s", m.words, where)}, p
	}
	// After it, before the next figure and the clause's end.
	for _, m := range marks {
		if m.base || m.from < f.tokEnd || m.from >= nextFig || clauseBreak(toks, f.tokEnd, m.from) {
			continue
		}
		if f.IsChange() && m.relative == 0 {
			continue // "up four per cent in 2024" is rare; "on 2023" is the base
		}
		return resolve(m, High, "after it")
	}
	// Before it, after the figure before.
	for k := len(marks) - 1; k >= 0; k-- {
		m := marks[k]
		if m.base || m.relative > 0 || m.to > f.tok || m.to <= prevFig && fi > 0 || owned(m) {
			continue
		}
		return resolve(m, Medium, "before it")
	}
	if sentence.Year > 0 {
		sure, from := Low, "the period named before"
		if len(absolute) == 1 {
			sure, from = Medium, "its sentence"
		}
		if f.IsChange() {
			return Suggestion{}, Period{}
		}
		return Suggestion{Value: sentence.String(), Sure: sure, From: from}, sentence
	}
	return Suggestion{}, Period{}
}

// clauseBreak reports whether a comma, semicolon or dash ends the clause
// between tokens from and to.
func clauseBreak(toks []token, from, to int) bool {
	for k := from; k < to && k < len(toks); k++ {
		switch toks[k].text {
		case ",", ";", "—", "–", ":":
			return true
		}
	}
	return false
}

// areaOf suggests the area of figure f: of the areas its sentence names,
// the nearest of those nearer to f than to any other figure; or the area
// named before, when the sentence refers back to it ("in the city"); or,
// as a suggestion left for a person, the nearest area of the sentence.
func areaOf(figs []Figure, fi int, areas []areaMention, before string, back bool) Suggestion {
	f := &figs[fi]
	best, bestDist, nearest := -1, 0, -1
	for i, a := range areas {
		d := areaDist(a, f)
		if nearest < 0 || d < areaDist(areas[nearest], f) {
			nearest = i
		}
		if (a.nearest == fi || a.dist == d) && (best < 0 || d < bestDist) {
			best, bestDist = i, d
		}
	}
	switch {
	case best >= 0 && bestDist <= 8:
		return Suggestion{Value: areas[best].name, Sure: High, From: "named beside it"}
	case best >= 0:
		return Suggestion{Value: areas[best].name, Sure: Medium, From: "named in its clause"}
	case oneArea(areas):
		return Suggestion{Value: areas[0].name, Sure: Medium, From: "the one area its sentence names"}
	case back:
		return Suggestion{Value: before, Sure: Medium, From: "the area named before"}
	case nearest >= 0:
		return Suggestion{Value: areas[nearest].name, Sure: Low, From: "named in its sentence, nearer another figure"}
	}
	return Suggestion{}
}

// oneArea reports whether the mentions are all of one area.
func oneArea(areas []areaMention) bool {
	for _, a := range areas {
		if a.name != areas[0].name {
			return false
		}
	}
	return len(areas) > 0
}

// own gives each time named just after a figure to that figure.
func own(toks []token, figs []Figure, marks []marker) {
	j := 0
	for k := range marks {
		m := &marks[k]
		m.owner = -1
		for j+1 < len(figs) && figs[j+1].tokEnd <= m.from {
			j++
		}
		if j < len(figs) && m.from >= figs[j].tokEnd && m.from <= figs[j].tokEnd+3 && !clauseBreak(toks, figs[j].tokEnd, m.from) {
			m.owner = j
		}
	}
}

// nearestFigures finds the figure nearest each area mention.
func nearestFigures(figs []Figure, areas []areaMention) {
	for k := range areas {
		a := &areas[k]
		a.nearest, a.dist = -1, 0
		for j := range figs {
			if d := areaDist(*a, &figs[j]); a.nearest < 0 || d < a.dist {
				a.nearest, a.dist = j, d
			}
		}
	}
}

// areaDist is how many tokens lie between an area mention and a figure.
func areaDist(a areaMention, f *Figure) int {
	switch {
	case a.tok < f.tok:
		return f.tok - a.tok
	case a.tok >= f.tokEnd:
		return a.tok - f.tokEnd + 1
	}
	return 0
}
