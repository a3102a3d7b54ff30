// Package figures is figcheck's model of a published number: a value as
// written, with the rounding its writing implies, the precision a column or
// figure declares, the codes that mark a suppressed cell, and figure sets
// (the figures of an article or release written down in YAML or JSON).
package figures

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/figcheck/figcheck/interval"
)

// Status says whether a written value is a number.
type Status uint8

// The states of a written value.
const (
	Number     Status = iota // a number, possibly with rounding
	Suppressed               // a suppression code such as x, c or u
	Missing                  // nothing written
)

// Value is a number as written, with the interval of true values it stands for.
type Value struct {
	Text   string       // as written
	Num    interval.Num // value and interval; zero unless Status is Number
	Status Status
	Unit   string // "%", "£", "pp", … when the text carries one
	Kind   Kind
}

// Kind says what sort of quantity a value is, so that a rule can tell a
// change in per cent from one in percentage points.
type Kind uint8

// The kinds of written values.
const (
	Amount     Kind = iota // a count or an amount: 34,300, £1.2m; signed when a change ("up 300")
	Percent                // a level in per cent: 13.8%
	Points                 // percentage points, signed when a change: down 0.8 percentage points
	Change                 // a change in per cent, signed: up 4%, fell by 2.3%, rose by a third
	Multiplier             // a factor: double, trebled, halved, tenfold
	Share                  // a fraction, in per cent: a third is 33.3, 4 in 10 is 40
)

var kindNames = [...]string{"amount", "per cent", "percentage points", "change in per cent", "multiplier", "share"}

// String names the kind.
func (k Kind) String() string { return kindNames[k] }

// Precision says how a value was rounded: to the last digit written (the
// default), to a declared step such as 0.1 or 10, or not at all.
type Precision struct {
	exact bool
	step  float64 // 0 means as written
}

// AsWritten is the default precision: half a unit of the last digit written,
// where the trailing zeros of a whole number of 1,000 or more count as
// rounding (34,300 stands for [34,250, 34,350]).
var AsWritten = Precision{}

// Exact is the precision of figures that are not rounded, such as counts.
var Exact = Precision{exact: true}

// Step returns the precision of figures rounded to a multiple of s: 0.1 for
// one decimal, 10 for counts rounded to tens.
func Step(s float64) Precision { return Precision{step: s} }

// ParsePrecision reads a precision as written in a rule file: "as-written",
// "exact", or a positive step such as "0.1" or "10".
func ParsePrecision(s string) (Precision, error) {
	switch s {
	case "as-written", "":
		return AsWritten, nil
	case "exact":
		return Exact, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !(f > 0) || math.IsInf(f, 0) {
		return Precision{}, fmt.Errorf("precision %q is not as-written, exact or a positive step such as 0.1 or 10", s)
	}
	return Step(f), nil
}

// IsExact reports whether the figures are not rounded.
func (p Precision) IsExact() bool { return p.exact }

// Step returns the step the figures were rounded to, 0 when they are exact
// or rounded as written.
func (p Precision) Step() float64 { return p.step }

// String returns the precision as a rule file writes it.
func (p Precision) String() string {
	switch {
	case p.exact:
		return "exact"
	case p.step > 0:
		return strconv.FormatFloat(p.step, 'f', -1, 64)
	default:
		return "as-written"
	}
}

// half returns the half-width of the rounding of a value whose last written
// digit gives writtenHalf. A declared step wins, except that decimals written
// beyond it show the value is finer: with a step of 10, 340 is ±5; with a
// step of 0.1, 14.85 is ±0.005.
func (p Precision) half(writtenHalf float64, hasDecimals bool) float64 {
	switch {
	case p.exact:
		return 0
	case p.step > 0 && hasDecimals:
		return min(p.step/2, writtenHalf)
	case p.step > 0:
		return p.step / 2
	default:
		return writtenHalf
	}
}

// Codes are the texts of cells that hold no number, matched without regard
// to case, each with its status: Suppressed (a suppression code) or Missing
// (a marker of nothing recorded, such as R's NA).
type Codes map[string]Status

// DefaultCodes are the markers official statistics use for cells that hold no
// number: not available, not applicable, confidential, low reliability and
// the like, bare or in square brackets. All of them read as suppressed.
var DefaultCodes = NewCodes("x", "z", "c", "u", "low", "..", ":", "-", "*", "~", "n/a", "na", "[x]", "[z]", "[c]", "[u]", "[low]", "[k]")

// NewCodes returns a set holding the given suppression codes.
func NewCodes(codes ...string) Codes {
	c := make(Codes, len(codes))
	for _, code := range codes {
		c[strings.ToLower(code)] = Suppressed
	}
	return c
}

// WithMissing returns a copy of c in which the given codes mark missing
// cells. Empty cells are missing whatever the codes say.
func (c Codes) WithMissing(codes ...string) Codes {
	out := make(Codes, len(c)+len(codes))
	for code, s := range c {
		out[code] = s
	}
	for _, code := range codes {
		if code = strings.ToLower(strings.TrimSpace(code)); code != "" {
			out[code] = Missing
		}
	}
	return out
}

// Parse reads text as a figure rounded with precision p, using DefaultCodes.
func Parse(text string, p Precision) (Value, error) { return DefaultCodes.Parse(text, p) }

// Parse reads text as a figure rounded with precision p. It understands
// thousands separators, signs, currency symbols, per cent, multipliers (k, m,
// bn, million), number words ("four per cent"), and hedges ("nearly 18",
// "more than 1,000"). "low" (rounds to zero) stands for [0, half a unit).
// Codes in c give a value of their status; empty text a Missing one.
func (c Codes) Parse(text string, p Precision) (Value, error) {
	if n, ok := parsePlain(text, p); ok {
		return Value{Text: text, Num: n}, nil
	}
	s := strings.TrimSpace(text)
	if s == "" {
		return Value{Text: text, Status: Missing}, nil
	}
	lower := strings.ToLower(s)
	if lower == "low" || lower == "[low]" {
		h := p.half(0.5, false)
		if p.exact {
			h = 0.5
		}
		return Value{Text: text, Num: interval.Figure(0, 0, h)}, nil
	}
	if status, ok := c[lower]; ok {
		return Value{Text: text, Status: status}, nil
	}
	v, err := parseWritten(lower, p)
	if err != nil {
		return Value{}, fmt.Errorf("cannot read %s as a number: %v", Quote(text), err)
	}
	v.Text = text
	return v, nil
}

// ParseNum is Parse for a program's inner loop: the number and its status,
// without the text.
func (c Codes) ParseNum(text string, p Precision) (interval.Num, Status, error) {
	if n, ok := parsePlain(text, p); ok {
		return n, Number, nil
	}
	v, err := c.Parse(text, p)
	return v.Num, v.Status, err
}

// parsePlain is the fast path for the common cell: an optional minus sign,
// digits and at most one decimal point.
func parsePlain(s string, p Precision) (interval.Num, bool) {
	// Two loops, whole digits then decimals, with nothing else to decide
	// in them: cells are read by the million.
	i, neg := 0, false
	if len(s) > 0 && s[0] == '-' {
		i, neg = 1, true
	}
	var mantissa uint64
	whole := i
	for ; i < len(s) && s[i]-'0' <= 9; i++ {
		mantissa = mantissa*10 + uint64(s[i]-'0')
	}
	wholeEnd, point, decimals := i, false, 0
	if i < len(s) && s[i] == '.' {
		point = true
		i++
		for ; i < len(s) && s[i]-'0' <= 9; i++ {
			mantissa = mantissa*10 + uint64(s[i]-'0')
		}
		decimals = i - wholeEnd - 1
	}
	digits := wholeEnd - whole + decimals
	if i != len(s) || digits == 0 {
		return interval.Num{}, false
	}
	var f float64
	if digits <= 15 && decimals < len(exactPowers) {
		// Both numbers are exact doubles, and IEEE division rounds once:
		// the same double strconv.ParseFloat would give, only faster.
		f = float64(mantissa) / exactPowers[decimals]
		if neg {
			f = -f
		}
	} else {
		var err error
		if f, err = strconv.ParseFloat(s, 64); err != nil {
			return interval.Num{}, false
		}
	}
	trailingZeros := 0
	if !point {
		for j := wholeEnd - 1; j >= whole && s[j] == '0'; j-- {
			trailingZeros++
		}
	}
	return rounded(f, p.half(writtenHalf(f, decimals, trailingZeros), decimals > 0)), true
}

// exactPowers are the powers of ten a double holds exactly.
var exactPowers = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// writtenHalf is half a unit of the last digit written. Trailing zeros of a
// whole number count as rounding from 1,000 up: 34,300 is rounded to
// hundreds, 300 is read to the unit.
func writtenHalf(f float64, decimals, trailingZeros int) float64 {
	if decimals > 0 && decimals < len(exactPowers) {
		return 0.5 / exactPowers[decimals]
	}
	if decimals > 0 {
		return 0.5 * math.Pow10(-decimals)
	}
	if trailingZeros > 0 && math.Abs(f) >= 1000 {
		return 0.5 * math.Pow10(trailingZeros)
	}
	return 0.5
}

func rounded(f, half float64) interval.Num {
	return interval.Figure(f, f-half, f+half)
}

// HedgeBand is how loose a hedge is: a tenth of the number it hedges,
// whatever its digits, so that "about 550", "about 1,200" and "about 40%"
// are alike. A writer who says "about" names a round number near the true
// one, and a round number of two significant digits is within 5% of it; a
// tenth covers that with room for the rounding being generous, and covers
// what articles hedge in practice ("about 40%" for 38.9%, "just over" for
// 6% more).
const HedgeBand = 0.1

// hedgeSide says which way a hedge moves from the number it hedges.
type hedgeSide uint8

const (
	around hedgeSide = iota // about N: the band either side of N's rounding
	below                   // nearly N: from the band below N's rounding up to N
	above                   // just over N: from N to the band above its rounding
	from                    // more than N: N and anything above
	upTo                    // fewer than N: N and anything below
)

// hedges are the words that say a written number is near, or bounds, the
// true one. A longer phrase comes before any phrase it starts with.
var hedges = []struct {
	words string
	side  hedgeSide
}{
	{"just under ", below}, {"just below ", below}, {"just over ", above}, {"just above ", above},
	{"more than ", from}, {"over ", from}, {"above ", from}, {"at least ", from}, {"no less than ", from},
	{"less than ", upTo}, {"fewer than ", upTo}, {"under ", upTo}, {"below ", upTo}, {"at most ", upTo},
	{"up to ", upTo}, {"no more than ", upTo},
	{"nearly ", below}, {"almost ", below},
	{"about ", around}, {"around ", around}, {"roughly ", around}, {"approximately ", around},
	{"some ", around}, {"circa ", around}, {"c. ", around}, {"~", around},
}

// HedgeWords returns the hedges Parse reads that are words ("just under",
// "about"), a longer phrase before any phrase it starts with: for readers
// of running text that find hedges themselves.
func HedgeWords() []string {
	var out []string
	for _, h := range hedges {
		if w := strings.TrimSuffix(h.words, " "); w != h.words && !strings.Contains(w, ".") {
			out = append(out, w)
		}
	}
	return out
}

// hedged returns n as the hedge h reads it: on the hedge's side, a
// HedgeBand of n's value or n's own rounding, whichever reaches further.
// A declared precision can so widen a hedge ("about 40" with a step of 10
// is [35, 45]) but never narrow it ("about 40" exact is [36, 44]).
func hedged(n interval.Num, h hedgeSide) interval.Num {
	band := HedgeBand * math.Abs(n.V)
	lo, hi := min(n.Lo, n.V-band), max(n.Hi, n.V+band)
	switch h {
	case below:
		return interval.Figure(n.V, lo, n.V)
	case above:
		return interval.Figure(n.V, n.V, hi)
	case from:
		return interval.Figure(n.V, n.V, math.Inf(1))
	case upTo:
		return interval.Figure(n.V, math.Inf(-1), n.V)
	default:
		return interval.Figure(n.V, lo, hi)
	}
}

// directions are the words that make a number a change: rises count up,
// falls down. "fell by 2.3%" is a change of -2.3 per cent.
var directions = []struct {
	words string
	fall  bool
}{
	{"a rise of ", false}, {"rise of ", false}, {"an increase of ", false}, {"increase of ", false},
	{"increased by ", false}, {"rose by ", false}, {"rose ", false}, {"grew by ", false}, {"up by ", false}, {"up ", false},
	{"a fall of ", true}, {"fall of ", true}, {"a drop of ", true}, {"drop of ", true}, {"a decrease of ", true},
	{"decrease of ", true}, {"decreased by ", true}, {"fell by ", true}, {"fell ", true}, {"dropped by ", true},
	{"down by ", true}, {"down ", true},
}

// multipliers scale a number written with a suffix.
var multipliers = []struct {
	suffix string
	factor float64
}{
	{"trillion", 1e12}, {"billion", 1e9}, {"million", 1e6}, {"thousand", 1e3},
	{"bn", 1e9}, {"tn", 1e12}, {"m", 1e6}, {"k", 1e3},
}

// units are the suffixes that name what a number counts.
var percentSuffixes = []struct{ suffix, unit string }{
	{"percentage points", "pp"}, {"percentage point", "pp"}, {"pp", "pp"},
	{"per cent", "%"}, {"percent", "%"}, {"%", "%"},
}

// parseWritten reads a number as people write it in prose (lower case).
func parseWritten(s string, p Precision) (Value, error) {
	var v Value
	hedge, change, fall := -1, false, false
	for range 2 { // "fell by almost 3%", "almost double"
		if hedge < 0 {
			for i, h := range hedges {
				if rest, ok := strings.CutPrefix(s, h.words); ok {
					hedge, s = i, strings.TrimSpace(rest)
					break
				}
			}
		}
		if !change {
			for _, d := range directions {
				if rest, ok := strings.CutPrefix(s, d.words); ok {
					change, fall, s = true, d.fall, strings.TrimSpace(rest)
					break
				}
			}
		}
	}
	if n, kind, ok := readWordValue(s); ok {
		// Fractions and multipliers in words: their own rounding, not
		// the precision declared for digits.
		v.Num, v.Kind = n, kind
		if kind == Share {
			v.Unit = "%"
		}
	} else if err := readAmount(&v, s, p); err != nil {
		return Value{}, err
	}
	if hedge >= 0 {
		v.Num = hedged(v.Num, hedges[hedge].side)
	}
	if change {
		switch v.Kind {
		case Percent, Share:
			v.Kind = Change
		case Multiplier:
			return Value{}, fmt.Errorf("a multiplier such as double is a change already: drop the word before it")
		}
		if fall {
			v.Num = interval.Neg(v.Num)
		}
	}
	return v, nil
}

// readAmount reads a number in digits or words with its sign, currency,
// per cent or points, and multiplier, rounded with precision p.
func readAmount(v *Value, s string, p Precision) error {
	neg := false
	if r, size := utf8.DecodeRuneInString(s); r == '-' || r == '−' || r == '+' {
		neg = r != '+'
		s = strings.TrimSpace(s[size:])
	}
	for _, cur := range []string{"£", "$", "€"} {
		if strings.HasPrefix(s, cur) {
			v.Unit = cur
			s = strings.TrimSpace(s[len(cur):])
			break
		}
	}
	for _, ps := range percentSuffixes {
		if strings.HasSuffix(s, ps.suffix) {
			if v.Unit != "" {
				return fmt.Errorf("it has both %s and %s", v.Unit, ps.unit)
			}
			v.Unit = ps.unit
			v.Kind = Percent
			if ps.unit == "pp" {
				v.Kind = Points
			}
			s = strings.TrimSpace(strings.TrimSuffix(s, ps.suffix))
			break
		}
	}
	factor := 1.0
	for _, m := range multipliers {
		if rest, ok := strings.CutSuffix(s, m.suffix); ok && rest != "" {
			// "bn" after digits or a space; a bare word such as "m" alone is not a number.
			last, _ := utf8.DecodeLastRuneInString(rest)
			if len(m.suffix) <= 2 && !(last >= '0' && last <= '9') && last != ' ' {
				continue
			}
			factor = m.factor
			s = strings.TrimSpace(rest)
			break
		}
	}
	f, half, err := readNumber(s)
	if err != nil {
		return err
	}
	if neg {
		f = -f
	}
	f, half = f*factor, half*factor
	if math.IsInf(f, 0) {
		return fmt.Errorf("it is too large")
	}
	v.Num = rounded(f, p.half(half, strings.Contains(s, ".")))
	return nil
}

// readNumber reads digits with thousands separators, or number words, and
// returns the value and half a unit of its last digit.
func readNumber(s string) (float64, float64, error) {
	if s == "" {
		return 0, 0, fmt.Errorf("there is no number in it")
	}
	if s[0] >= '0' && s[0] <= '9' || s[0] == '.' {
		return readDigits(s)
	}
	n, ok := readWords(s)
	if !ok {
		return 0, 0, fmt.Errorf("write it with digits (34,300, 3.7%%, £1.2m), as number words (four per cent), or as a suppression code")
	}
	return n, 0.5, nil
}

// readDigits reads "34,328.2": commas must separate groups of three.
func readDigits(s string) (float64, float64, error) {
	intPart, frac, hasPoint := strings.Cut(s, ".")
	groups := strings.Split(intPart, ",")
	for i, g := range groups {
		if g == "" && !(i == 0 && len(groups) == 1 && hasPoint) || len(g) > 3 && len(groups) > 1 || i > 0 && len(g) != 3 {
			return 0, 0, fmt.Errorf("the digits %q are not grouped in threes", intPart)
		}
		if !allDigits(g) {
			return 0, 0, fmt.Errorf("it mixes digits with other characters")
		}
	}
	if hasPoint && (frac == "" || !allDigits(frac)) {
		return 0, 0, fmt.Errorf("it mixes digits with other characters")
	}
	digits := strings.Join(groups, "")
	f, err := strconv.ParseFloat(digits+"."+frac, 64)
	if !hasPoint {
		f, err = strconv.ParseFloat(digits, 64)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("it is too large")
	}
	trailing := len(digits) - len(strings.TrimRight(digits, "0"))
	if digits == strings.Repeat("0", len(digits)) {
		trailing = 0
	}
	return f, writtenHalf(f, len(frac), trailing), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

var smallNumbers = map[string]float64{
	"zero": 0, "one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19,
}

var tens = map[string]float64{
	"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
	"eighty": 80, "ninety": 90,
}

// readWords reads a whole number from zero to ninety-nine written in words,
// optionally followed by "hundred": "four", "twenty-one", "a hundred".
func readWords(s string) (float64, bool) {
	s = strings.ReplaceAll(s, "-", " ")
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return 0, false
	}
	var n float64
	switch t, ok := tens[fields[0]]; {
	case ok:
		n = t
		fields = fields[1:]
		if len(fields) > 0 {
			if u, ok := smallNumbers[fields[0]]; ok && u > 0 && u < 10 && fields[0] != "a" {
				n += u
				fields = fields[1:]
			}
		}
	default:
		u, ok := smallNumbers[fields[0]]
		if !ok || fields[0] == "a" && (len(fields) < 2 || fields[1] != "hundred") {
			return 0, false
		}
		n = u
		fields = fields[1:]
	}
	if len(fields) > 0 && fields[0] == "hundred" {
		n *= 100
		fields = fields[1:]
	}
	return n, len(fields) == 0
}

// Quote quotes a cell's or figure's text for an error message, cut to its
// first 60 bytes: a message shows what is wrong, not a whole file.
func Quote(text string) string {
	const most = 60
	if len(text) <= most {
		return strconv.Quote(text)
	}
	cut := most
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(text[:cut]), len(text))
}
