package figures

import (
	"math"
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

var inf = math.Inf(1)

// near reports whether x and y agree to within floating-point noise,
// treating equal infinities as equal.
func near(x, y float64) bool {
	if x == y {
		return true
	}
	if math.IsInf(x, 0) || math.IsInf(y, 0) || math.IsNaN(x) || math.IsNaN(y) {
		return false
	}
	return math.Abs(x-y) <= 1e-9*max(1, math.Abs(x), math.Abs(y))
}

var parseTests = []struct {
	text      string
	p         Precision
	v, lo, hi float64
	status    Status
	unit      string
	err       string // a substring of the error, when there must be one
}{
	// Plain numbers: half a unit of the last digit written.
	{text: "13.8", v: 13.8, lo: 13.75, hi: 13.85},
	{text: "17.0", v: 17, lo: 16.95, hi: 17.05},
	{text: "0.25", v: 0.25, lo: 0.245, hi: 0.255},
	{text: ".5", v: 0.5, lo: 0.45, hi: 0.55},
	{text: "300", v: 300, lo: 299.5, hi: 300.5},
	{text: "7", v: 7, lo: 6.5, hi: 7.5},
	{text: "0", v: 0, lo: -0.5, hi: 0.5},
	{text: "1000", v: 1000, lo: 500, hi: 1500},
	{text: "34300", v: 34300, lo: 34250, hi: 34350},
	{text: "-5", v: -5, lo: -5.5, hi: -4.5},
	{text: "-0.3", v: -0.3, lo: -0.35, hi: -0.25},
	{text: "−5", v: -5, lo: -5.5, hi: -4.5}, // U+2212 minus sign
	{text: "+5", v: 5, lo: 4.5, hi: 5.5},
	{text: " 13.8 ", v: 13.8, lo: 13.75, hi: 13.85},

	// Thousands separators; trailing zeros of whole numbers from 1,000 up
	// are rounding.
	{text: "34,328.2", v: 34328.2, lo: 34328.15, hi: 34328.25},
	{text: "34,300", v: 34300, lo: 34250, hi: 34350},
	{text: "34,328", v: 34328, lo: 34327.5, hi: 34328.5},
	{text: "1,000", v: 1000, lo: 500, hi: 1500},
	{text: "1,000.0", v: 1000, lo: 999.95, hi: 1000.05},
	{text: "1,234,567", v: 1234567, lo: 1234566.5, hi: 1234567.5},

	// Units.
	{text: "3.7%", v: 3.7, lo: 3.65, hi: 3.75, unit: "%"},
	{text: "3.7 %", v: 3.7, lo: 3.65, hi: 3.75, unit: "%"},
	{text: "2.5pp", v: 2.5, lo: 2.45, hi: 2.55, unit: "pp"},
	{text: "1.5 percentage points", v: 1.5, lo: 1.45, hi: 1.55, unit: "pp"},
	{text: "12 percent", v: 12, lo: 11.5, hi: 12.5, unit: "%"},
	{text: "£1,108.40", v: 1108.4, lo: 1108.395, hi: 1108.405, unit: "£"},
	{text: "$20", v: 20, lo: 19.5, hi: 20.5, unit: "$"},
	{text: "-£3.50", v: -3.5, lo: -3.505, hi: -3.495, unit: "£"},
	{text: "£1.2%", err: "both £ and %"},

	// Multipliers scale the value and its rounding.
	{text: "5.8m", v: 5.8e6, lo: 5.75e6, hi: 5.85e6},
	{text: "£11.7 million", v: 11.7e6, lo: 11.65e6, hi: 11.75e6, unit: "£"},
	{text: "2bn", v: 2e9, lo: 1.5e9, hi: 2.5e9},
	{text: "£2.4bn", v: 2.4e9, lo: 2.35e9, hi: 2.45e9, unit: "£"},
	{text: "3 thousand", v: 3000, lo: 2500, hi: 3500},
	{text: "40k", v: 40000, lo: 39500, hi: 40500},
	{text: "1.2 trillion", v: 1.2e12, lo: 1.15e12, hi: 1.25e12},

	// Number words.
	{text: "four per cent", v: 4, lo: 3.5, hi: 4.5, unit: "%"},
	{text: "Four per cent", v: 4, lo: 3.5, hi: 4.5, unit: "%"},
	{text: "nine per cent", v: 9, lo: 8.5, hi: 9.5, unit: "%"},
	{text: "twenty-one", v: 21, lo: 20.5, hi: 21.5},
	{text: "twenty one", v: 21, lo: 20.5, hi: 21.5},
	{text: "ninety", v: 90, lo: 89.5, hi: 90.5},
	{text: "a hundred", v: 100, lo: 99.5, hi: 100.5},
	{text: "three hundred", v: 300, lo: 299.5, hi: 300.5},
	{text: "zero", v: 0, lo: -0.5, hi: 0.5},
	{text: "five million", v: 5e6, lo: 4.5e6, hi: 5.5e6},

	// Hedges: a tenth of the value on the hedge's side, or the number's
	// own rounding where that reaches further.
	{text: "nearly 18", v: 18, lo: 16.2, hi: 18},
	{text: "almost 18%", v: 18, lo: 16.2, hi: 18, unit: "%"},
	{text: "more than 1,000", v: 1000, lo: 1000, hi: inf},
	{text: "fewer than 300", v: 300, lo: math.Inf(-1), hi: 300},
	{text: "about 40", v: 40, lo: 36, hi: 44},
	{text: "about 1,000", v: 1000, lo: 500, hi: 1500}, // 1,000 itself is ±500
	{text: "nearly 1,000", v: 1000, lo: 500, hi: 1000},
	{text: "about 5", v: 5, lo: 4.5, hi: 5.5},
	{text: "about 34,300", v: 34300, lo: 30870, hi: 37730},
	{text: "just over 4.5", v: 4.5, lo: 4.5, hi: 4.95},
	{text: "just under a hundred", v: 100, lo: 90, hi: 100},
	{text: "over £2m", v: 2e6, lo: 2e6, hi: inf, unit: "£"},
	{text: "-about 5", err: "cannot read"},
	{text: "about -5", v: -5, lo: -5.5, hi: -4.5},
	{text: "nearly 18", p: Step(0.1), v: 18, lo: 16.2, hi: 18},
	{text: "about 40", p: Exact, v: 40, lo: 36, hi: 44},
	{text: "about 40", p: Step(10), v: 40, lo: 35, hi: 45},
	{text: "about 40", p: Step(5), v: 40, lo: 36, hi: 44},

	// "low" rounds to zero.
	{text: "low", v: 0, lo: 0, hi: 0.5},
	{text: "LOW", v: 0, lo: 0, hi: 0.5},
	{text: "[low]", v: 0, lo: 0, hi: 0.5},
	{text: "low", p: Step(0.1), v: 0, lo: 0, hi: 0.05},

	// Suppression codes and empty cells.
	{text: "x", status: Suppressed},
	{text: "X", status: Suppressed},
	{text: "z", status: Suppressed},
	{text: "c", status: Suppressed},
	{text: "u", status: Suppressed},
	{text: "..", status: Suppressed},
	{text: ":", status: Suppressed},
	{text: "-", status: Suppressed},
	{text: "[x]", status: Suppressed},
	{text: "[c]", status: Suppressed},
	{text: " [z] ", status: Suppressed},
	{text: "n/a", status: Suppressed},
	{text: "", status: Missing},
	{text: "  ", status: Missing},
	{text: "\t", status: Missing},

	// A declared precision overrides the digits written, unless they are
	// finer.
	{text: "13.8", p: Exact, v: 13.8, lo: 13.8, hi: 13.8},
	{text: "34,300", p: Exact, v: 34300, lo: 34300, hi: 34300},
	{text: "four per cent", p: Exact, v: 4, lo: 4, hi: 4, unit: "%"},
	{text: "19", p: Step(0.1), v: 19, lo: 18.95, hi: 19.05},
	{text: "13.8", p: Step(0.1), v: 13.8, lo: 13.75, hi: 13.85},
	{text: "14.85", p: Step(0.1), v: 14.85, lo: 14.845, hi: 14.855},
	{text: "34,300", p: Step(10), v: 34300, lo: 34295, hi: 34305},
	{text: "34300", p: Step(10), v: 34300, lo: 34295, hi: 34305},
	{text: "34,328.2", p: Step(10), v: 34328.2, lo: 34328.15, hi: 34328.25},
	{text: "340", p: Step(10), v: 340, lo: 335, hi: 345},
	{text: "5,070", p: Step(10), v: 5070, lo: 5065, hi: 5075},
	{text: "low", p: Step(10), v: 0, lo: 0, hi: 5},
	{text: "5.8m", p: Step(1000), v: 5.8e6, lo: 5.7995e6, hi: 5.8005e6},

	// Mistakes.
	{text: "12a", err: `cannot read "12a" as a number`},
	{text: "1,23", err: "not grouped in threes"},
	{text: "12,34,567", err: "not grouped in threes"},
	{text: "1234,567", err: "not grouped in threes"},
	{text: ",123", err: "cannot read"},
	{text: "a fourth third", err: "write it with digits"},
	{text: "five in four", err: "write it with digits"},
	{text: "one in 0", err: "write it with digits"},
	{text: "zero-fold", err: "write it with digits"},
	{text: "up double", err: "a change already"},
	{text: "1.2.3", err: "it mixes digits with other characters"},
	{text: "--5", err: "cannot read"},
	{text: "%", err: "there is no number in it"},
	{text: "m", err: "cannot read"},
	{text: "about", err: "cannot read"},
	{text: "twenty-one hundred thousand and six", err: "cannot read"},
	{text: "1e5", err: "cannot read"},
	{text: "NaN", err: "cannot read"},
	{text: "Inf", err: "cannot read"},
	{text: strings.Repeat("9", 400), err: "it is too large"},
	{text: "1" + strings.Repeat("0", 300) + "bn", err: "too large"},
	{text: "more than 1" + strings.Repeat("0", 300) + "bn", err: "too large"},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		got, err := Parse(tt.text, tt.p)
		name := tt.text + " (" + tt.p.String() + ")"
		if tt.err != "" {
			if err == nil {
				t.Errorf("Parse(%q) = %+v, want an error containing %q", name, got, tt.err)
			} else if !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Parse(%q) error %q, want it to contain %q", name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", name, err)
			continue
		}
		if got.Text != tt.text {
			t.Errorf("Parse(%q).Text = %q, want the text as written", name, got.Text)
		}
		if got.Status != tt.status || got.Unit != tt.unit {
			t.Errorf("Parse(%q) status %d unit %q, want status %d unit %q", name, got.Status, got.Unit, tt.status, tt.unit)
		}
		n := got.Num
		if tt.status != Number {
			if n.V != 0 || n.Lo != 0 || n.Hi != 0 {
				t.Errorf("Parse(%q) is not a number but has %+v", name, n)
			}
			continue
		}
		if !near(n.V, tt.v) || !near(n.Lo, tt.lo) || !near(n.Hi, tt.hi) {
			t.Errorf("Parse(%q) = %g [%g, %g], want %g [%g, %g]", name, n.V, n.Lo, n.Hi, tt.v, tt.lo, tt.hi)
		}
		if !n.Written {
			t.Errorf("Parse(%q) is not marked as a figure as written", name)
		}
	}
}

func TestParseCodes(t *testing.T) {
	codes := NewCodes("NA", "[SUP]")
	for _, text := range []string{"na", "NA", "[sup]"} {
		v, err := codes.Parse(text, AsWritten)
		if err != nil || v.Status != Suppressed {
			t.Errorf("Parse(%q) with codes NA, [SUP] = %+v, %v; want Suppressed", text, v, err)
		}
	}
	// Codes not in the set are not numbers either.
	if v, err := codes.Parse("x", AsWritten); err == nil {
		t.Errorf("Parse(\"x\") with codes NA, [SUP] = %+v, want an error", v)
	}
	if v, err := codes.Parse("12", AsWritten); err != nil || v.Status != Number || v.Num.V != 12 {
		t.Errorf("Parse(\"12\") with codes NA, [SUP] = %+v, %v", v, err)
	}
}

func TestParsePrecision(t *testing.T) {
	tests := []struct {
		text string
		want Precision
		str  string
		err  bool
	}{
		{text: "", want: AsWritten, str: "as-written"},
		{text: "as-written", want: AsWritten, str: "as-written"},
		{text: "exact", want: Exact, str: "exact"},
		{text: "0.1", want: Step(0.1), str: "0.1"},
		{text: "10", want: Step(10), str: "10"},
		{text: "0.005", want: Step(0.005), str: "0.005"},
		{text: "0", err: true},
		{text: "-1", err: true},
		{text: "Inf", err: true},
		{text: "NaN", err: true},
		{text: "tenths", err: true},
		{text: "Exact", err: true},
	}
	for _, tt := range tests {
		got, err := ParsePrecision(tt.text)
		if tt.err {
			if err == nil {
				t.Errorf("ParsePrecision(%q) = %v, want an error", tt.text, got)
			} else if !strings.Contains(err.Error(), "positive step") {
				t.Errorf("ParsePrecision(%q) error %q does not say what is allowed", tt.text, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParsePrecision(%q) = %v, %v; want %v", tt.text, got, err, tt.want)
			continue
		}
		if got.String() != tt.str {
			t.Errorf("ParsePrecision(%q).String() = %q, want %q", tt.text, got.String(), tt.str)
		}
		// What String writes reads back the same.
		if back, err := ParsePrecision(got.String()); err != nil || back != got {
			t.Errorf("ParsePrecision(%q) = %v, %v; want %v", got.String(), back, err, got)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.text, 0)
	}
	for _, s := range []string{"1,000,000bn", "more than 1,000bn", "about 0.001k", "£", "−", "~5", "c. 40", "1" + strings.Repeat("0", 300) + "bn",
		"more than a third", "just over half", "almost double", "fell by almost 3%", "down 0.8 percentage points", "rose by a third", "4 in 10", "99-fold"} {
		f.Add(s, 0)
		f.Add(s, 2)
	}
	precisions := []Precision{AsWritten, Exact, Step(0.1), Step(10), Step(1e-300), Step(1e300)}
	f.Fuzz(func(t *testing.T, text string, pi int) {
		p := precisions[uint(pi)%uint(len(precisions))]
		v, err := Parse(text, p)
		if n, ok := parsePlain(text, p); ok && (err != nil || v.Status != Number || n != v.Num) {
			t.Fatalf("parsePlain(%q, %v) = %+v, but Parse gives %+v, %v", text, p, n, v, err)
		}
		if err != nil {
			if v != (Value{}) {
				t.Errorf("Parse(%q, %v) returned %+v with error %v", text, p, v, err)
			}
			return
		}
		n := v.Num
		switch v.Status {
		case Number:
			if math.IsNaN(n.V) || math.IsNaN(n.Lo) || math.IsNaN(n.Hi) {
				t.Fatalf("Parse(%q, %v) = %+v has NaN", text, p, n)
			}
			if !(n.Lo <= n.V && n.V <= n.Hi) {
				t.Fatalf("Parse(%q, %v) = %+v: value outside its interval", text, p, n)
			}
			if !n.Written {
				t.Fatalf("Parse(%q, %v) = %+v is not marked as written", text, p, n)
			}
			// A hedge never narrows what it hedges.
			if h, err := Parse("about "+text, p); err == nil && h.Status == Number && !(h.Num.Lo <= n.Lo && n.Hi <= h.Num.Hi) {
				t.Fatalf("Parse(%q, %v) = %+v is narrower than %+v", "about "+text, p, h.Num, n)
			}
		case Suppressed, Missing:
			if n != (Value{}).Num {
				t.Fatalf("Parse(%q, %v) has status %d but a number %+v", text, p, v.Status, n)
			}
			if v.Status == Missing && strings.TrimSpace(text) != "" {
				t.Fatalf("Parse(%q, %v) is Missing but the text is not blank", text, p)
			}
		default:
			t.Fatalf("Parse(%q, %v) has unknown status %d", text, p, v.Status)
		}
	})
}

// TestParsePlainMatchesStrconv: the fast reading of plain decimals gives
// exactly the double strconv.ParseFloat gives.
func TestParsePlainMatchesStrconv(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for range 200_000 {
		digits := 1 + rng.Intn(16)
		var b strings.Builder
		if rng.Intn(4) == 0 {
			b.WriteByte('-')
		}
		point := rng.Intn(digits + 1)
		for i := range digits {
			if i == point && i > 0 {
				b.WriteByte('.')
			}
			b.WriteByte(byte('0' + rng.Intn(10)))
		}
		text := b.String()
		v, err := Parse(text, AsWritten)
		want, perr := strconv.ParseFloat(text, 64)
		if err != nil || perr != nil {
			t.Fatalf("%q: %v, %v", text, err, perr)
		}
		if v.Num.V != want {
			t.Fatalf("%q read as %v, strconv says %v", text, v.Num.V, want)
		}
	}
}

// BenchmarkParseNum reads cells of the shapes a large table holds: counts,
// one-decimal figures, rates and a suppression code.
func BenchmarkParseNum(b *testing.B) {
	cells := []string{"10263470.8", "1541924.3", "15.0", "179420083", "17.5", "550.5", "-3.2", "34300", "low"}
	for range b.N {
		for _, c := range cells {
			if _, _, err := DefaultCodes.ParseNum(c, Step(0.1)); err != nil {
				b.Fatal(err)
			}
		}
	}
}
