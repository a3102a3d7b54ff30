package locate

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/figcheck/figcheck/internal/numtext"
	"github.com/figcheck/figcheck/interval"
)

// The kinds of slip Diagnose recognises.
const (
	Factor     = "factor"     // a decimal point or a factor of 10, 100 or 1,000 out
	Transposed = "transposed" // two adjacent digits swapped
	Retyped    = "retyped"    // one digit typed wrong
	Swapped    = "swapped"    // the value of another period or area
	PointsPct  = "points"     // a percentage-point change written where a per-cent change was meant
	PctPoints  = "per cent"   // a per-cent change written where a percentage-point change was meant
	WrongBase  = "wrong base" // a change worked out from the wrong base period
	OmitsPart  = "omits part" // a total that leaves out one of its parts
)

// Diagnosis is the slip that explains a culprit: what the figure was
// probably meant to be, and why.
type Diagnosis struct {
	Kind     string `json:"kind"`
	Intended string `json:"intended"` // the value it was probably meant to have, as it would be written
	Why      string `json:"why"`
}

// Related is a figure beside a culprit that a slip may involve.
type Related struct {
	Name  string
	Text  string
	Value interval.Num
	// Role is how it relates to the culprit: Same (the same measure in
	// another period or area), Series (a value of a series the culprit is
	// a change of; Period orders them) or Part (a part of the culprit,
	// which is a total).
	Role    Role
	Period  string
	Measure string // for Series: values of one measure make a change
}

// Role is how a related figure relates to a culprit.
type Role uint8

// The roles of related figures.
const (
	Same Role = iota
	Series
	Part
)

// Diagnose names the slip that turns a figure meant to lie in [lo, hi]
// into the figure as written, trying the most specific kinds first; nil
// when none explains it.
func Diagnose(f Figure, lo, hi float64, related []Related) *Diagnosis {
	fits := fitting(f, lo, hi)
	digits, scale, ok := numberIn(f.Text, f.Value.V)
	if ok {
		for _, k := range []float64{10, 100, 1000} {
			for _, w := range []float64{f.Value.V / k, f.Value.V * k} {
				if fits(w) {
					return &Diagnosis{Factor, format(w, digits, scale, k, f.Value.V), fmt.Sprintf("%s is %s times too %s: a decimal point or a factor of %s out", f.Text, strconv.FormatFloat(k, 'f', -1, 64), bigSmall(f.Value.V, w), strconv.FormatFloat(k, 'f', -1, 64))}
				}
			}
		}
		for i := 0; i+1 < len(digits); i++ {
			if !isDigit(digits[i]) || !isDigit(digits[i+1]) || digits[i] == digits[i+1] {
				continue
			}
			b := []byte(digits)
			b[i], b[i+1] = b[i+1], b[i]
			if w, ok := parse(string(b), scale); ok && fits(w) {
				return &Diagnosis{Transposed, string(b), fmt.Sprintf("%s has the digits %c and %c the wrong way round", digits, digits[i], digits[i+1])}
			}
		}
	}
	for _, r := range related {
		if r.Role != Same {
			continue
		}
		if d := Swap(f, lo, hi, r); d != nil {
			return d
		}
	}
	var parts []Related
	for _, r := range related {
		if r.Role == Part {
			parts = append(parts, r)
		}
	}
	for _, r := range parts {
		if w := f.Value.V + r.Value.V; r.Value.V != 0 && fits(w) {
			return &Diagnosis{OmitsPart, numtext.Format(w), fmt.Sprintf("%s is the total without %s (%s)", f.Text, r.Name, r.Text)}
		}
	}
	if d := changeSlip(f, fits, related); d != nil {
		return d
	}
	if ok {
		for i := 0; i < len(digits); i++ {
			if !isDigit(digits[i]) {
				continue
			}
			var found []string
			for c := byte('0'); c <= '9'; c++ {
				if c == digits[i] || i == len(digits)-1 && (c == digits[i]+1 || c+1 == digits[i]) {
					continue // one off in the last digit is rounding, not a slip
				}
				b := []byte(digits)
				b[i] = c
				if w, ok := parse(string(b), scale); ok && fits(w) {
					found = append(found, string(b))
				}
			}
			if len(found) == 1 {
				return &Diagnosis{Retyped, found[0], fmt.Sprintf("%s has one digit wrong: %s fits", digits, found[0])}
			}
		}
	}
	return nil
}

// FitRange is a range that holds every value w for which f, written as
// w, would lie in [lo, hi] within its rounding (see Swappable): a bound to
// search a sorted list of values by.
func FitRange(f Figure, lo, hi float64) (float64, float64) {
	half := (f.Value.Hi - f.Value.Lo) / 2
	slack := func(x float64) float64 { return half + 2e-9*math.Max(1, math.Abs(x)+half) }
	return lo - slack(lo), hi + slack(hi)
}

// Swappable reports whether f, meant to lie in [lo, hi], may hold the
// value w of another figure in place of its own: w is not f's value, and
// f written as w would fit.
func Swappable(f Figure, lo, hi, w float64) bool {
	return w != f.Value.V && fitting(f, lo, hi)(w)
}

// fitting returns whether f, written as w, would lie in [lo, hi] within
// its rounding.
func fitting(f Figure, lo, hi float64) func(w float64) bool {
	half := (f.Value.Hi - f.Value.Lo) / 2
	return func(w float64) bool {
		e := half + 1e-9*math.Max(1, math.Abs(w))
		return w+e >= lo && w-e <= hi
	}
}

// Swap diagnoses f, meant to lie in [lo, hi], as holding the value of
// other, a figure of the same measure in another period or area, when
// other's value fits; nil otherwise.
func Swap(f Figure, lo, hi float64, other Related) *Diagnosis {
	if !Swappable(f, lo, hi, other.Value.V) {
		return nil
	}
	return &Diagnosis{Swapped, other.Text, fmt.Sprintf("%s is the value of %s, and %s's value fits here: the two look swapped", f.Text, other.Name, other.Name)}
}

// changeSlip diagnoses a change worked out the wrong way: in points for
// per cent, in per cent for points, or from the wrong base period.
func changeSlip(f Figure, fits func(float64) bool, related []Related) *Diagnosis {
	var series []Related
	for _, r := range related {
		if r.Role == Series {
			series = append(series, r)
		}
	}
	near := func(a, b float64) bool {
		return math.Abs(a-b) <= (f.Value.Hi-f.Value.Lo)/2+1e-9*math.Max(1, math.Abs(b))
	}
	v := f.Value.V
	for _, a := range series {
		for _, b := range series {
			if a.Measure != b.Measure || a.Period >= b.Period || a.Value.V == 0 {
				continue
			}
			points := b.Value.V - a.Value.V
			pct := 100 * points / a.Value.V
			switch {
			case near(v, points) && fits(pct):
				return &Diagnosis{PointsPct, numtext.Format(pct), fmt.Sprintf("%s is the change from %s to %s in points; as a per-cent change it is %s", f.Text, a.Text, b.Text, numtext.Format(pct))}
			case near(v, pct) && fits(points):
				return &Diagnosis{PctPoints, numtext.Format(points), fmt.Sprintf("%s is the per-cent change from %s to %s; in points it is %s", f.Text, a.Text, b.Text, numtext.Format(points))}
			}
			for _, c := range series {
				if c.Measure != a.Measure || c.Period == a.Period || c.Period == b.Period || c.Value.V == 0 {
					continue
				}
				if wrong := 100 * (b.Value.V - c.Value.V) / c.Value.V; near(v, wrong) && fits(pct) {
					return &Diagnosis{WrongBase, numtext.Format(pct), fmt.Sprintf("%s is the change to %s from %s (%s), not from %s (%s), which gives %s", f.Text, b.Period, c.Period, c.Text, a.Period, a.Text, numtext.Format(pct))}
				}
			}
		}
	}
	return nil
}

// numberIn returns the digits of the number written in text, with its
// decimal point, and the factor that turns them into the figure's value
// (a "%" or "k" written beside it); ok is false when text has no number
// written in digits.
func numberIn(text string, v float64) (digits string, scale float64, ok bool) {
	start := strings.IndexAny(text, "0123456789")
	if start < 0 {
		return "", 0, false
	}
	end := start
	for end < len(text) && (isDigit(text[end]) || text[end] == '.' || text[end] == ',') {
		end++
	}
	digits = strings.TrimRight(strings.ReplaceAll(text[start:end], ",", ""), ".")
	n, err := strconv.ParseFloat(digits, 64)
	if err != nil || n == 0 {
		return "", 0, false
	}
	return digits, v / n, true
}

func parse(digits string, scale float64) (float64, bool) {
	n, err := strconv.ParseFloat(digits, 64)
	return n * scale, err == nil
}

// format writes w, the figure's value divided or multiplied by k, with as
// many decimals as the figure has, or as the shift needs.
func format(w float64, digits string, scale, k, v float64) string {
	decimals := 0
	if i := strings.IndexByte(digits, '.'); i >= 0 {
		decimals = len(digits) - i - 1
	}
	if w < v {
		decimals += int(math.Round(math.Log10(k)))
	} else {
		decimals = max(0, decimals-int(math.Round(math.Log10(k))))
	}
	return strconv.FormatFloat(w/scale, 'f', decimals, 64)
}

func bigSmall(v, w float64) string {
	if math.Abs(v) > math.Abs(w) {
		return "large"
	}
	return "small"
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
