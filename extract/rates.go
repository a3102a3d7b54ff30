package extract

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/figcheck/figcheck/rules"
)

// Vocabulary tells which measure of a rule pack an extracted figure
// counts, from the words that name each measure: its own name (turnover_rate
// is "turnover rate") and the aliases the pack gives it.
type Vocabulary struct {
	names map[string][]string // the words, normalised, → the measures they name
}

// NewVocabulary knows the measures of rs's rates, datasets and aliases.
func NewVocabulary(rs *rules.Set) *Vocabulary {
	v := &Vocabulary{names: map[string][]string{}}
	add := func(measure, words string) {
		k := normalWords(words)
		if k != "" && !slices.Contains(v.names[k], measure) {
			v.names[k] = append(v.names[k], measure)
		}
	}
	for _, r := range rs.Rates {
		for _, m := range []string{r.Name, r.Of, r.Per} {
			add(m, m)
		}
	}
	for _, d := range rs.Datasets {
		for _, m := range d.Measures {
			add(m.Name, m.Name)
		}
	}
	for _, a := range rs.Aliases {
		for _, w := range a.Words {
			add(a.Measure, w)
		}
	}
	return v
}

// Measure returns the measure that words (a figure's suggested measure)
// name, or "" when they name none; ambiguous says that they name several,
// and so none is returned.
func (v *Vocabulary) Measure(words string) (name string, ambiguous bool) {
	ms := v.names[normalWords(words)]
	switch len(ms) {
	case 0:
		return "", false
	case 1:
		return ms[0], false
	}
	return "", true
}

// normalWords is words as a vocabulary compares them: lower case, without
// punctuation or the words that do not tell measures apart ("the number
// of"), in order: "Number of FTE social workers" is "fte social workers".
func normalWords(words string) string {
	var out []string
	for _, w := range strings.Split(slug([]string{strings.ToLower(strings.ReplaceAll(words, "_", " "))}), "_") {
		if w != "" && !fillerWords[w] {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

var fillerWords = setOf("the", "a", "an", "of", "number", "total", "all")

// NameMeasures gives each figure whose suggested measure v knows the
// measure's name, so that the figure is that measure's in tables and
// other figure sets; words that name several measures are left as they
// are, and the figure counted undecided, since which it is is not clear.
func (a *Article) NameMeasures(v *Vocabulary) {
	for i := range a.Figures {
		f := &a.Figures[i]
		if f.Measure.Value == "" {
			continue
		}
		name, ambiguous := v.Measure(f.Measure.Value)
		switch {
		case ambiguous:
			a.undecided(f.Sentence, i, "the words %q name several measures of the rule pack (%s), so %s is tied to none",
				f.Measure.Value, strings.Join(v.names[normalWords(f.Measure.Value)], ", "), f.Text)
		case name != "" && name != f.Measure.Value:
			f.Measure.From += fmt.Sprintf(" (%q), the rule pack's name for them", f.Measure.Value)
			f.Measure.Value = name
		}
	}
	a.index = nil
}

// DefineRates adds a claim for each rate the article states with the two
// measures rates define it from, for the same area and period: the rate
// is Times × Of / Per. Where several figures could be one of the measures,
// the claim is undecided.
func (a *Article) DefineRates(v *Vocabulary, rates []rules.Rate) {
	if len(rates) == 0 {
		return
	}
	measures := make([]string, len(a.Figures))
	for i, f := range a.Figures {
		if a.isLevel(i) {
			measures[i], _ = v.Measure(f.Measure.Value)
		}
	}
	for _, r := range rates {
		for ri := range a.Figures {
			if measures[ri] != r.Name {
				continue
			}
			rate := &a.Figures[ri]
			of, per := a.sameFor(ri, measures, r.Of), a.sameFor(ri, measures, r.Per)
			switch {
			case len(of) == 0 || len(per) == 0:
			case len(of) > 1 || len(per) > 1:
				a.undecided(rate.Sentence, ri, "%s is a %s, and several figures could be its %s or %s", rate.Text, r.Name, r.Of, r.Per)
			default:
				times := strconv.FormatFloat(r.Times, 'g', -1, 64)
				a.add(Claim{Kind: RateClaim, Sentence: rate.Sentence, Figures: []int{ri, of[0], per[0]},
					Assert: fmt.Sprintf("%s == %s * %s / %s", a.Names[ri], times, a.Names[of[0]], a.Names[per[0]]),
					Says:   fmt.Sprintf("%s is the %s of %s %s per %s %s", rate.Text, r.Name, a.Figures[of[0]].Text, r.Of, a.Figures[per[0]].Text, r.Per)})
			}
		}
	}
}

// sameFor returns the figures of measure that are counts or money for the
// area and period of figure fi: those of its sentence, if there are any.
// Figures stated twice with one text count once.
func (a *Article) sameFor(fi int, measures []string, measure string) []int {
	f := &a.Figures[fi]
	var all, inSentence []int
	for j := range a.Figures {
		g := &a.Figures[j]
		if measures[j] != measure || g.Kind != Count && g.Kind != Money || g.Area.Value != f.Area.Value || g.Period.Value != f.Period.Value {
			continue
		}
		if slices.ContainsFunc(all, func(k int) bool { return a.Figures[k].ValueText == g.ValueText }) {
			continue
		}
		all = append(all, j)
		if g.Sentence == f.Sentence {
			inSentence = append(inSentence, j)
		}
	}
	if len(inSentence) > 0 {
		return inSentence
	}
	return all
}
