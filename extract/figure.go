package extract

import (
	"strings"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/position"
)

// Kind is what a figure counts.
type Kind string

// The kinds of figure.
const (
	Count      Kind = "count"
	Money      Kind = "money"
	Percent    Kind = "percent"
	Points     Kind = "percentage points"
	Rate       Kind = "rate"     // per 1,000, per 10,000, …
	Fraction   Kind = "fraction" // a third, four in ten
	Multiplier Kind = "multiplier"
)

// Direction is which way a change goes.
type Direction string

// The directions of a change.
const (
	Rise Direction = "rise"
	Fall Direction = "fall"
)

// Sure says how sure a suggestion is.
type Sure string

// How sure a suggestion is: stated next to the figure, elsewhere in its
// sentence, or carried over from an earlier sentence.
const (
	High   Sure = "high"
	Medium Sure = "medium"
	Low    Sure = "low"
)

// Suggestion is a measure, period or area that the text suggests for a
// figure, with how sure it is and the words it rests on.
type Suggestion struct {
	Value string
	Sure  Sure
	From  string
}

// Figure is a number an article states.
type Figure struct {
	Text       string // exactly as written, with its hedge and unit
	ValueText  string // the part of Text that Value was read from: Text, or Text without a hedge figures does not read
	Start, End int    // its bytes in the document's text
	Pos        position.Pos
	Sentence   int // the index of its sentence in the document
	Value      figures.Value
	Kind       Kind
	Change     Direction // for a change: rise or fall; "" for a level
	Hedge      string    // "nearly", "more than", …
	Measure    Suggestion
	Period     Suggestion
	Area       Suggestion

	tok, tokEnd int    // its tokens in the sentence
	base        Period // for a change, the period it is measured from
	period      Period
}

// IsChange reports whether the figure is a change rather than a level.
func (f *Figure) IsChange() bool { return f.Change != "" }

// hedgeWords put a number near, or at one end of, a range: figures.Parse's
// own, and a few it does not read, which are kept as the figure's hedge and
// left out of its value.
var hedgeWords = append(figures.HedgeWords(), "an estimated", "close to", "estimated")

var (
	numberWords = setOf("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
		"nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "a", "half")
	fractionWords = setOf("half", "third", "thirds", "quarter", "quarters", "fifth", "fifths", "tenth", "tenths")
	scaleWords    = setOf("thousand", "million", "billion", "trillion")
	scaleSuffixes = setOf("k", "m", "bn", "tn")
	durations     = setOf("day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours", "minute", "minutes", "decade", "decades")
	idBefore      = setOf("no", "number", "ep", "episode", "page", "section", "article", "chapter", "clause", "stage",
		"level", "grade", "room", "version", "phase", "wave", "tier", "band", "figure", "table", "part", "annex", "route", "aged", "age", "ages", "year")
	streets = setOf("street", "road", "avenue", "lane", "square", "place", "way", "drive")
	// riseVerbs and fallVerbs say that a value went up or down: "rose",
	// "a fall"; rises and falls are those and the comparatives: "4% higher".
	riseVerbs = setOf("up", "rise", "rises", "rose", "risen", "rising", "increase", "increased", "increases", "increasing",
		"grew", "grown", "growth", "grow", "growing", "climbed", "climbing", "climb", "jump", "jumped", "gain", "gained")
	fallVerbs = setOf("down", "fall", "falls", "fell", "fallen", "falling", "decrease", "decreased", "decreases", "decline",
		"declined", "drop", "dropped", "reduced", "reducing", "reduction", "cut", "shrank", "loss")
	rises = union(riseVerbs, "higher", "more")
	falls = union(fallVerbs, "lower", "fewer", "less")
	// changeVerbs are the verbs that a change follows with no "by".
	changeVerbs = setOf("rose", "fell", "increased", "decreased", "grew", "dropped", "jumped", "climbed", "declined", "slipped", "shrank")
	// phrasalUp are the verbs whose "up" is not a rise: "make up 12.5%".
	phrasalUp = setOf("make", "makes", "made", "making", "take", "takes", "took", "taking", "add", "adds", "added",
		"sum", "sums", "set", "end", "ended", "ends", "use", "used", "pick", "picked", "put", "puts", "break", "broken")
)

// findFigures finds the figures of one sentence, whose tokens are toks.
func findFigures(d *Document, toks []token) []Figure {
	var out []Figure
	for i := 0; i < len(toks); i++ {
		f, ok := figureAt(toks, i)
		if !ok {
			continue
		}
		f.Text = d.Text[f.Start:f.End]
		if !readValue(&f) {
			continue
		}
		f.Pos = d.Pos(f.Start)
		out = append(out, f)
		i = f.tokEnd - 1
	}
	return out
}

// readValue reads the figure's text with package figures, first with its
// hedge and then without, where figures does not read the hedge.
func readValue(f *Figure) bool {
	if v, err := figures.Parse(f.Text, figures.AsWritten); err == nil && v.Status == figures.Number {
		f.Value, f.ValueText = v, f.Text
		return true
	}
	if f.Hedge == "" {
		return false
	}
	bare := strings.TrimSpace(f.Text[len(f.Hedge):])
	v, err := figures.Parse(bare, figures.AsWritten)
	if err != nil || v.Status != figures.Number {
		return false
	}
	f.Value, f.ValueText = v, bare
	return true
}

// figureAt reads the figure whose number is token i, if it is one.
func figureAt(toks []token, i int) (Figure, bool) {
	t := toks[i]
	f := Figure{tok: i, Start: t.start, End: t.end, Kind: Count}
	end := i + 1
	wordNumber := false
	switch {
	case t.kind == tNum:
		if !isFigureNumber(toks, i) {
			return f, false
		}
	case t.kind == tWord && numberWords[t.lower]:
		wordNumber = true
		// four in ten, one in five
		if n, ok := inTen(toks, i); ok {
			end = i + n
			f.Kind = Fraction
		}
		// a third, two thirds, half
		if isWord(toks, i+1, fractionWords) || t.lower == "half" {
			f.Kind = Fraction
			if t.lower != "half" {
				end = i + 2
			}
		}
		// twenty-one is one token; twenty one is two
		if strings.Contains(t.lower, "-") {
			first, _, _ := strings.Cut(t.lower, "-")
			if !numberWords[first] {
				return f, false
			}
		}
	case t.kind == tWord && strings.Contains(t.lower, "-"):
		first, _, _ := strings.Cut(t.lower, "-")
		if !numberWords[first] || first == "a" {
			return f, false
		}
		wordNumber = true
	default:
		return f, false
	}
	// The currency and sign before it.
	start := i
	if start > 0 && !toks[start].space && strings.ContainsAny(toks[start-1].text, "£$€") {
		start--
		f.Kind = Money
	}
	if start > 0 && !toks[start].space && (toks[start-1].text == "-" || toks[start-1].text == "−" || toks[start-1].text == "+") &&
		(start == 1 || toks[start-1].space) {
		start--
	}
	// The scale and unit after it.
	if end < len(toks) && f.Kind != Fraction {
		n := toks[end]
		switch {
		case n.kind == tWord && !n.space && scaleSuffixes[n.lower] && !wordNumber:
			end++
		case n.kind == tWord && scaleWords[n.lower]:
			end++
		}
	}
	unit := false
	if end < len(toks) {
		switch {
		case toks[end].text == "%":
			end++
			unit, f.Kind = true, Percent
		default:
			for _, u := range []struct {
				words string
				kind  Kind
			}{{"percentage points", Points}, {"percentage point", Points}, {"per cent", Percent}, {"percent", Percent}, {"pp", Points}} {
				if n, ok := words(toks, end, u.words); ok {
					end += n
					unit, f.Kind = true, u.kind
					break
				}
			}
		}
	}
	if wordNumber && !unit && f.Kind != Fraction && !isAny(toks, end, "times") && !(end > i+1) {
		return f, false // "one of the", "two regions": words, not figures
	}
	if isAny(toks, end, "times") || end < len(toks) && toks[end].lower == "-fold" {
		f.Kind = Multiplier
	}
	if isAny(toks, end, "per") && end+1 < len(toks) && (toks[end+1].kind == tNum || isAny(toks, end+1, "thousand", "million", "head", "capita", "hundred")) {
		f.Kind = Rate
	}
	// The hedge before it.
	for _, h := range hedgeWords {
		if wordsBefore(toks, start, h) {
			if h == "up to" && changeBefore(toks, start-2) {
				break // "rose ... up to 28,500" is a level, not at most
			}
			start -= len(strings.Fields(h))
			f.Hedge = h
			break
		}
	}
	f.tok, f.tokEnd = start, end
	f.Start, f.End = toks[start].start, toks[end-1].end
	if f.Hedge != "" {
		f.Hedge = strings.ToLower(f.Hedge)
	}
	f.Change = changeOf(toks, start, end, f.Kind)
	return f, true
}

// inTen reads "four in ten" or "one in five" from token i.
func inTen(toks []token, i int) (int, bool) {
	if i+2 < len(toks) && toks[i+1].lower == "in" && (isWord(toks, i+2, numberWords) || toks[i+2].kind == tNum) && toks[i].lower != "a" {
		return 3, true
	}
	return 0, false
}

// isFigureNumber reports whether the digits of token i are a figure: not a
// year, a day of a date, an ordinal, an age, a duration, an identifier or
// a time of day.
func isFigureNumber(toks []token, i int) bool {
	t := toks[i]
	next := func(k int) *token {
		if i+k < len(toks) {
			return &toks[i+k]
		}
		return nil
	}
	if n := next(1); n != nil && !n.space && n.kind == tWord && !scaleSuffixes[n.lower] {
		return false // 1st, 10am, 5G
	}
	if n := next(1); n != nil && !n.space && (n.text == ":" || n.text == "/") {
		return false // 10:30, 2023/24, 3/4
	}
	if i > 0 && !t.space && (toks[i-1].text == ":" || toks[i-1].text == "#" || toks[i-1].text == "/" || toks[i-1].kind == tWord) {
		return false
	}
	if i > 0 && !t.space && toks[i-1].text == "-" && i > 1 && (toks[i-2].kind == tNum || toks[i-2].kind == tWord) {
		return false // 2023-24, COVID-19
	}
	unit := false
	if n := next(1); n != nil && (n.text == "%" || n.lower == "per" || n.lower == "percent" || n.lower == "percentage" || scaleWords[n.lower] || scaleSuffixes[n.lower] && !n.space) {
		unit = unit || n.text == "%" || n.lower == "percent" || n.lower == "percentage" || scaleWords[n.lower] || scaleSuffixes[n.lower] || n.lower == "per" && next(2) != nil && next(2).lower == "cent"
	}
	money := i > 0 && !t.space && strings.ContainsAny(toks[i-1].text, "£$€")
	if unit || money {
		return true
	}
	if isYear(t) {
		return false
	}
	if n := next(1); n != nil && n.kind == tWord && months[n.lower] > 0 && atoi(t.text) <= 31 && !strings.ContainsAny(t.text, ".,") {
		return false // 30 September
	}
	if i > 0 && toks[i-1].kind == tWord && months[toks[i-1].lower] > 0 && atoi(t.text) <= 31 {
		return false // September 30
	}
	if n := next(1); n != nil && n.kind == tWord && (durations[n.lower] || strings.HasSuffix(n.lower, "-year-old") || strings.HasPrefix(n.lower, "year-old")) {
		return false // 12 months earlier, 18-year-olds
	}
	if i > 0 && toks[i-1].kind == tWord && idBefore[toks[i-1].lower] && (toks[i-1].lower != "number" || i < 2 || toks[i-2].lower != "the") {
		return false // No. 10, aged 18, Year 6
	}
	if i > 1 && toks[i-1].text == "." && idBefore[toks[i-2].lower] {
		return false // Ep. 44
	}
	if n := next(1); n != nil && n.kind == tWord && isCapital(n.text) && next(2) != nil && streets[next(2).lower] {
		return false // 10 Downing Street
	}
	return true
}

func isCapital(s string) bool { return s != "" && s[0] >= 'A' && s[0] <= 'Z' }

// changeBefore reports whether a word of change comes before token i.
func changeBefore(toks []token, i int) bool {
	for k := i; k >= 0 && k > i-12; k-- {
		if isWord(toks, k, rises) || isWord(toks, k, falls) {
			return true
		}
	}
	return false
}

// changeOf says whether the figure from start to end is a change, and
// which way: "up four per cent", "rose by 2.3%", "a three per cent rise",
// "an increase of 1.7", "fell by 250". A figure after "up from" or "to" is
// a level.
func changeOf(toks []token, start, end int, kind Kind) Direction {
	if kind == Multiplier || kind == Fraction {
		return ""
	}
	dir := func(k int) Direction {
		switch {
		case isWord(toks, k, rises):
			return Rise
		case isWord(toks, k, falls):
			return Fall
		}
		return ""
	}
	// rose by X, up X, increase of X, a rise of X
	if k := start - 1; isAny(toks, k, "by", "of") && dir(k-1) != "" && !isAny(toks, k-1, "more", "fewer", "less", "higher", "lower") {
		return dir(k - 1)
	}
	if k := start - 1; isAny(toks, k, "by", "of") && isAny(toks, k-1, "a", "an") {
		return ""
	}
	// fell 0.2 percentage points, rose 3.2%
	if k := start - 1; isWord(toks, k, changeVerbs) {
		return dir(k)
	}
	if k := start - 1; isAny(toks, k, "up", "down") && !isWord(toks, k-1, phrasalUp) {
		return dir(k)
	}
	// a three per cent rise, a 4% fall
	if d := dir(end); d != "" && isAny(toks, start-1, "a", "an") && (kind == Percent || kind == Points) {
		return d
	}
	if d := dir(end); d != "" && isAny(toks, end, "rise", "increase", "fall", "decrease", "decline", "drop", "growth", "reduction", "jump", "cut") {
		return d
	}
	return ""
}
