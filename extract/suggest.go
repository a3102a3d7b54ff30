package extract

import (
	"strings"
	"unicode"
)

// stopWords end the noun phrase a figure counts.
var stopWords = setOf("in", "on", "at", "for", "across", "from", "to", "with", "by", "as", "and", "or", "was",
	"were", "is", "are", "has", "have", "had", "than", "who", "which", "that", "this", "compared", "up",
	"down", "since", "per", "each", "while", "when", "but", "over", "under", "between", "the", "a", "an",
	"there", "it", "its", "their", "they", "we", "last", "previous", "same", "be", "been", "will", "would",
	"could", "said", "also", "now", "into", "out", "within", "during", "after", "before", "against",
	"among", "of", "those", "these", "more", "fewer", "less", "than", "year", "years", "ago", "earlier",
	"respectively", "only", "just", "all", "both", "currently", "still", "being", "so", "if", "not", "can",
	"may", "about", "around", "nearly", "almost", "including", "such", "them", "his", "her", "our", "your")

// measureHeads are the words that end a noun phrase naming a measure
// before its figure: "the sickness absence rate was 3.4 per cent".
var measureHeads = setOf("rate", "caseload", "caseloads", "number", "total", "average", "vacancies",
	"workforce", "turnover", "share", "proportion", "percentage", "cost", "spending", "budget", "level",
	"figure", "count", "population", "leavers", "starters", "absence", "ratio")

// nounAfter returns the words of the noun phrase from token i: up to five
// words, stopping at a stop word or punctuation.
func nounAfter(toks []token, i int) []string {
	var ws []string
	for k := i; k < len(toks) && len(ws) < 5; k++ {
		t := toks[k]
		if t.kind != tWord || stopWords[t.lower] || isCapital(t.text) && len(ws) > 0 && !isAcronym(t.text) {
			break
		}
		// "1,200 workers left", "34 staff joined"; but "14 newly qualified
		// staff", where the adverb makes it an adjective
		verb := strings.HasSuffix(t.lower, "ed") && len(ws) > 0 && !strings.HasSuffix(ws[len(ws)-1], "ly")
		if months[t.lower] > 0 || riseVerbs[t.lower] || fallVerbs[t.lower] || verb {
			break
		}
		ws = append(ws, t.lower)
	}
	return ws
}

func isAcronym(s string) bool {
	for _, r := range s {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return len(s) > 1
}

// slug makes words a measure name: lower case letters, digits and
// underscores.
func slug(ws []string) string {
	var b strings.Builder
	for _, w := range ws {
		for _, r := range w {
			switch {
			case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
				b.WriteRune(r)
			case r == '-' || r == ' ':
				b.WriteByte('_')
			}
		}
		b.WriteByte('_')
	}
	return strings.Trim(b.String(), "_")
}

// suggestMeasure suggests what figure f counts, from the words after it
// ("173 full-time equivalent workers"), the words after "of" for a share
// ("12.5% of children's social workers"), or the noun phrase before it
// ("the sickness absence rate was 3.4 per cent", "the number of agency
// workers fell from 5,340").
func suggestMeasure(toks []token, f *Figure, prevEnd int) Suggestion {
	k := f.tokEnd
	// a nine per cent decline in the number of agency workers
	if f.IsChange() && k < len(toks) && (rises[toks[k].lower] || falls[toks[k].lower]) {
		k++
		for _, w := range []string{"in", "the", "number", "of"} {
			if isAny(toks, k, w) {
				k++
			}
		}
	}
	share := false
	if (f.Kind == Percent || f.Kind == Fraction) && isAny(toks, k, "of") {
		k++
		share = true
		if isAny(toks, k, "the", "all") {
			k++
		}
	}
	if ws := nounAfter(toks, k); len(ws) > 0 {
		m := slug(ws)
		if share {
			m = "share_of_" + m
		}
		return Suggestion{Value: changed(m, f), Sure: Medium, From: "the words after it"}
	}
	if ws, ok := nounBefore(toks, f.tok, prevEnd); ok {
		return Suggestion{Value: changed(slug(ws), f), Sure: Low, From: "the words before it"}
	}
	return Suggestion{}
}

// changed names the change of a measure apart from the measure itself.
func changed(m string, f *Figure) string {
	switch {
	case !f.IsChange():
		return m
	case f.Kind == Percent:
		return m + "_pct_change"
	}
	return m + "_change"
}

// nounBefore finds the noun phrase that names the measure before token
// i, no further back than token from: "number of NOUN", or words ending
// in a measure head such as "rate".
func nounBefore(toks []token, i, from int) ([]string, bool) {
	for k := i - 1; k >= from; k-- {
		t := toks[k]
		if t.kind == tSymbol && t.text != "(" && t.text != ")" {
			if t.text == "," || t.text == ";" {
				continue
			}
			return nil, false
		}
		if isAny(toks, k, "number", "proportion", "share", "percentage", "total") && isAny(toks, k+1, "of") {
			if ws := nounAfter(toks, k+2); len(ws) > 0 {
				return ws, true
			}
		}
		if measureHeads[t.lower] && t.kind == tWord && !isAny(toks, k+1, "of") {
			j := k
			for j > from && toks[j-1].kind == tWord && !stopWords[toks[j-1].lower] && k-j < 3 && !isCapital(toks[j-1].text) {
				j--
			}
			var ws []string
			for _, t := range toks[j : k+1] {
				ws = append(ws, t.lower)
			}
			return ws, true
		}
	}
	return nil, false
}

// areaLeads come before the name of an area.
var areaLeads = setOf("in", "across", "for", "at", "of", "within", "throughout")

// notAreas are capitalised words that do not name an area.
var notAreas = setOf("the", "department", "government", "minister", "dfe", "ofsted", "council", "councils",
	"i", "we", "he", "she", "they", "it", "this", "a", "an", "mr", "mrs", "ms", "dr", "cllr", "picture", "image")

// areasOf finds the areas a sentence names: "in Milton Keynes", "across
// England", "nationally". Each is the area and its first token.
func areasOf(toks []token) []areaMention {
	var out []areaMention
	england := false
	for _, t := range toks {
		england = england || t.lower == "england"
	}
	if m, ok := subjectArea(toks); ok {
		out = append(out, m)
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.lower {
		case "nationally", "national", "england", "nationwide":
			name := "England"
			if !england {
				name = "national"
			}
			out = append(out, areaMention{name: name, tok: i})
			continue
		}
		if name, ok := strings.CutSuffix(strings.ReplaceAll(t.text, "’", "'"), "'s"); ok && i > 0 && isCapital(t.text) && !notAreas[strings.ToLower(name)] {
			out = append(out, areaMention{name: name, tok: i}) // Kent's
			continue
		}
		if !areaLeads[t.lower] || i+1 >= len(toks) || !isCapital(toks[i+1].text) || notAreas[toks[i+1].lower] || months[toks[i+1].lower] > 0 {
			continue
		}
		j := i + 1
		var ws []string
		for j < len(toks) && toks[j].kind == tWord && (isCapital(toks[j].text) || isAny(toks, j, "upon", "and") && j+1 < len(toks) && isCapital(toks[j+1].text)) {
			ws = append(ws, toks[j].text)
			j++
		}
		if len(ws) > 0 && len(ws) <= 8 {
			out = append(out, areaMention{name: strings.Join(ws, " "), tok: i + 1})
		}
		i = j - 1
	}
	return out
}

type areaMention struct {
	name          string
	tok           int
	nearest, dist int // the figure nearest it, and how far
}

func joinTexts(toks []token) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.text)
		b.WriteByte(' ')
	}
	return b.String()
}

// localWords refer back to an area named before: "vacancies in the city".
var localWords = []string{"the city", "the area", "the borough", "the county", "the council", "the region", "locally", "the authority"}

func refersBack(toks []token) bool {
	for i := range toks {
		for _, w := range localWords {
			if _, ok := words(toks, i, w); ok {
				return true
			}
		}
	}
	return false
}

// subjectVerbs follow an area that a sentence starts with: "London had".
var subjectVerbs = setOf("had", "has", "have", "employed", "employs", "recorded", "records", "saw", "sees", "reported", "reports", "paid", "spent", "lost", "gained")

// subjectArea finds the area a sentence starts with: "London had 5,870",
// "Kent's leavers fell", "Leeds' turnover rate".
func subjectArea(toks []token) (areaMention, bool) {
	j := 0
	if isAny(toks, 0, "the") {
		j = 1
	}
	start := j
	var ws []string
	for j < len(toks) && toks[j].kind == tWord && isCapital(toks[j].text) && len(ws) < 4 {
		w := toks[j].text
		if name, ok := strings.CutSuffix(strings.ReplaceAll(w, "’", "'"), "'s"); ok {
			ws = append(ws, name)
			return areaMention{name: strings.Join(ws, " "), tok: start}, !notAreas[strings.ToLower(ws[0])]
		}
		ws = append(ws, w)
		j++
	}
	if len(ws) == 0 || notAreas[strings.ToLower(ws[0])] || months[strings.ToLower(ws[0])] > 0 {
		return areaMention{}, false
	}
	if j < len(toks) && (toks[j].text == "'" || toks[j].text == "’") || isWord(toks, j, subjectVerbs) {
		return areaMention{name: strings.Join(ws, " "), tok: start}, true
	}
	return areaMention{}, false
}
