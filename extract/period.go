package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Period is a time a figure is for: a year, a month of a year, or a
// financial or academic year such as 2023-24. The zero Period is unknown.
type Period struct {
	Year, Month int // Month is 0 for a whole year
	Span        bool
}

// String writes the period as figure sets write it: 2024, 2024-09, 2023-24.
func (p Period) String() string {
	switch {
	case p.Year == 0:
		return ""
	case p.Span:
		return fmt.Sprintf("%d-%02d", p.Year, (p.Year+1)%100)
	case p.Month > 0:
		return fmt.Sprintf("%d-%02d", p.Year, p.Month)
	}
	return strconv.Itoa(p.Year)
}

// back is the period n years before p.
func (p Period) back(n int) Period {
	if p.Year == 0 {
		return p
	}
	p.Year -= n
	return p
}

// marker is a mention of a time in a sentence: tokens from..to (exclusive)
// that give a period, or an offset from the period around them.
type marker struct {
	from, to int
	period   Period
	relative int    // years back from the sentence's period, when period is zero: 1 for "the previous year"
	base     bool   // a change's base: "on 2023", "since 2010", "compared with 2023"
	words    string // as written
	owner    int    // the figure it is named just after, or -1
}

var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "nov": 11, "dec": 12,
}

// relatives are the phrases that put a figure a year before the
// sentence's period.
var relatives = []string{
	"12 months earlier", "twelve months earlier", "12 months before", "a year earlier", "a year before",
	"the year before", "the previous year", "the year previously", "the prior year", "a year ago",
	"12 months ago", "the preceding year", "the same point last year", "the same time last year",
}

// relativesByWord are the relatives by their first word, so that a token
// is tried against the few that start with it.
var relativesByWord = func() map[string][]string {
	m := map[string][]string{}
	for _, r := range relatives {
		first, _, _ := strings.Cut(r, " ")
		m[first] = append(m[first], r)
	}
	return m
}()

func isYear(t token) bool {
	if t.kind != tNum || len(t.text) != 4 {
		return false
	}
	y, err := strconv.Atoi(t.text)
	return err == nil && y >= 1800 && y <= 2100
}

var shortYear = regexp.MustCompile(`^\d{2}$`)

// markers finds the mentions of time in a sentence's tokens, resolving
// "last year" and "this year" against the document's date.
func markers(toks []token, date time.Time) []marker {
	var out []marker
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if n, phrase := relativeAt(toks, i); n > 0 {
			out = append(out, marker{from: i, to: i + n, relative: 1, words: phrase})
			i += n - 1
			continue
		}
		if n, ok := words(toks, i, "last year"); ok {
			m := marker{from: i, to: i + n, words: "last year"}
			if !date.IsZero() {
				m.period = Period{Year: date.Year() - 1}
			}
			out = append(out, m)
			i += n - 1
			continue
		}
		if n, ok := words(toks, i, "this year"); ok && !date.IsZero() {
			out = append(out, marker{from: i, to: i + n, period: Period{Year: date.Year()}, words: "this year"})
			i += n - 1
			continue
		}
		// at 31 March, in September: the last such month by the article's date
		if m := months[t.lower]; m > 0 && t.kind == tWord && !date.IsZero() && !(i+1 < len(toks) && isYear(toks[i+1])) &&
			(isAny(toks, i-1, "at", "on", "in", "of", "since") || i > 1 && toks[i-1].kind == tNum && isAny(toks, i-2, "at", "on", "of")) &&
			len(t.text) > 3 {
			y, day, from := date.Year(), 1, i
			if toks[i-1].kind == tNum {
				day, from = atoi(toks[i-1].text), i-1
			}
			if m > int(date.Month()) || m == int(date.Month()) && day > date.Day() {
				y-- // not yet this year
			}
			out = append(out, marker{from: from, to: i + 1, period: Period{Year: y, Month: m}, words: joinTexts(toks[from : i+1])[:len(joinTexts(toks[from:i+1]))-1]})
			continue
		}
		if isYear(t) {
			m := marker{from: i, to: i + 1, period: Period{Year: atoi(t.text)}, words: t.text}
			// 2023-24, 2023/24
			if i+2 < len(toks) && (toks[i+1].text == "-" || toks[i+1].text == "/" || toks[i+1].text == "–") && !toks[i+1].space &&
				shortYear.MatchString(toks[i+2].text) && atoi(toks[i+2].text) == (m.period.Year+1)%100 {
				m.period.Span, m.to = true, i+3
				m.words = t.text + toks[i+1].text + toks[i+2].text
			}
			// a month before it: September 2024, 30 September 2024
			if i > 0 && toks[i-1].kind == tWord && months[toks[i-1].lower] > 0 {
				m.period.Month = months[toks[i-1].lower]
				m.from = i - 1
				if i > 1 && toks[i-2].kind == tNum && atoi(toks[i-2].text) <= 31 {
					m.from = i - 2
				}
			}
			// up 4% on 2023, since 2020: the period a change is from; but
			// on 30 September 2024, a day, is when the figure was counted
			day := m.from == i-2
			if m.from > 0 && isAny(toks, m.from-1, "on", "since", "from") && !isAny(toks, m.from+1, "to") {
				m.base = toks[m.from-1].lower == "since" || toks[m.from-1].lower == "on" && !day
			}
			if m.from > 1 && (wordsBefore(toks, m.from, "compared with") || wordsBefore(toks, m.from, "compared to")) {
				m.base = true
			}
			out = append(out, m)
			i = m.to - 1
		}
	}
	return out
}

// relativeAt returns the length and words of the relative period that
// starts at token i, or 0.
func relativeAt(toks []token, i int) (int, string) {
	for _, phrase := range relativesByWord[toks[i].lower] {
		if n, ok := words(toks, i, phrase); ok {
			return n, phrase
		}
	}
	return 0, ""
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// findDate finds the date an article gives near its top, such as "15
// February 2018" under its title, or returns zero.
var dateRE = regexp.MustCompile(`\b([0-3]?\d) (January|February|March|April|May|June|July|August|September|October|November|December) ((?:19|20)\d\d)\b`)

var asOfRE = regexp.MustCompile(`(?i)(as of|at|on|since|from|to|by)\s*$`)

func findDate(text string) time.Time {
	head := text[:min(len(text), 400)]
	m := dateRE.FindStringSubmatchIndex(head)
	if m == nil {
		return time.Time{}
	}
	// Not a date the statistics are "as of": those are periods, not the article's date.
	before := head[max(0, m[0]-12):m[0]]
	if asOfRE.MatchString(before) {
		return time.Time{}
	}
	t, err := time.Parse("2 January 2006", head[m[0]:m[1]])
	if err != nil {
		return time.Time{}
	}
	return t
}
