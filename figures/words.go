package figures

import (
	"strconv"
	"strings"

	"github.com/figcheck/figcheck/interval"
)

// WordBand is how loose a fraction or multiplier in words is: half a
// HedgeBand of its value either side. A writer says "a third" or "double"
// for the nearest simple fraction or factor, not for exactly 33.33…% or 2:
// "a third" of 1,234 councils is rarely 411⅓ of them. Half the band of
// "about" makes "about a third" looser than "a third", and "a third"
// itself as loose as a share written with two significant digits.
const WordBand = HedgeBand / 2

// denominators are the words of fractions, singular and plural.
var denominators = map[string]float64{
	"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
	"fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
	"eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}

// factors are the words of multipliers.
var factors = map[string]float64{
	"double": 2, "doubled": 2, "twice": 2, "treble": 3, "trebled": 3, "triple": 3, "tripled": 3,
	"quadruple": 4, "quadrupled": 4, "halved": 0.5,
}

// loose returns f as a word names it: f, give or take a WordBand of it.
func loose(f float64) interval.Num {
	return interval.Figure(f, f*(1-WordBand), f*(1+WordBand))
}

// readWordValue reads a fraction ("half", "a third", "two-thirds", "2/3"),
// a ratio of counts ("three in five", "4 in 10", "one out of four") as a
// share in per cent, or a multiplier ("double", "trebled", "halved", "tenfold").
func readWordValue(s string) (interval.Num, Kind, bool) {
	if f, ok := factors[s]; ok {
		return loose(f), Multiplier, true
	}
	if n, ok := strings.CutSuffix(s, "fold"); ok {
		if f, ok := wholeNumber(strings.TrimSuffix(strings.TrimSpace(n), "-")); ok && f > 0 {
			return loose(f), Multiplier, true
		}
		return interval.Num{}, 0, false
	}
	for _, sep := range []string{" in ", " out of ", "/"} {
		if a, b, ok := strings.Cut(s, sep); ok {
			num, okA := wholeNumber(a)
			den, okB := wholeNumber(b)
			if !okA || !okB || den == 0 || num > den {
				return interval.Num{}, 0, false
			}
			return loose(100 * num / den), Share, true
		}
	}
	fields := strings.Fields(strings.ReplaceAll(s, "-", " "))
	switch {
	case len(fields) == 1 && fields[0] == "half":
		return loose(50), Share, true
	case len(fields) == 2:
		den, ok := denominators[fields[1]]
		num, okNum := wholeNumber(fields[0])
		if fields[0] == "a" {
			num, okNum = 1, true
		}
		if !ok || !okNum || num == 0 || num > den {
			return interval.Num{}, 0, false
		}
		return loose(100 * num / den), Share, true
	}
	return interval.Num{}, 0, false
}

// wholeNumber reads a whole number in digits or words: "4", "four", "ten".
func wholeNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s != "" && allDigits(s) && len(s) <= 15 {
		n, err := strconv.ParseFloat(s, 64)
		return n, err == nil
	}
	return readWords(s)
}
