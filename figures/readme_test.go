package figures

import (
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestWrittenValuesTable holds the README's table of written values to
// what Parse gives: each row's example, read as written, has the row's
// interval (to the two decimals shown) and kind.
func TestWrittenValuesTable(t *testing.T) {
	src, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(src), "\n### Written values\n")
	if !ok {
		t.Fatal("README.md has no section Written values")
	}
	_, table, _ = strings.Cut(table, "|---|---|---|---|\n")
	table, _, _ = strings.Cut(table, "\n\n")
	rows := 0
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) != 4 {
			t.Fatalf("row %q has %d cells, want 4", line, len(cells))
		}
		example := strings.Trim(strings.TrimSpace(cells[1]), "`")
		lo, hi := readmeInterval(t, strings.TrimSpace(cells[2]))
		kind := strings.TrimSpace(cells[3])
		v, err := Parse(example, AsWritten)
		switch {
		case err != nil:
			t.Errorf("%s: %v", example, err)
		case !closeTo(v.Num.Lo, lo) || !closeTo(v.Num.Hi, hi):
			t.Errorf("%s is [%v, %v], the README says %s", example, v.Num.Lo, v.Num.Hi, cells[2])
		case v.Kind.String() != kind:
			t.Errorf("%s is a %s, the README says %s", example, v.Kind, kind)
		}
		rows++
	}
	if rows < 30 {
		t.Errorf("only %d rows read", rows)
	}
}

// readmeInterval reads "[1,080, 1,320]", "(−∞, 40]" or "[0, 0.5)".
func readmeInterval(t *testing.T, s string) (float64, float64) {
	t.Helper()
	inner := strings.Trim(s, "[]()")
	a, b, ok := strings.Cut(inner, ", ")
	if !ok {
		t.Fatalf("interval %q", s)
	}
	num := func(x string) float64 {
		x = strings.ReplaceAll(strings.ReplaceAll(x, ",", ""), "−", "-")
		switch x {
		case "∞":
			return math.Inf(1)
		case "-∞":
			return math.Inf(-1)
		}
		f, err := strconv.ParseFloat(x, 64)
		if err != nil {
			t.Fatalf("interval %q: %v", s, err)
		}
		return f
	}
	return num(a), num(b)
}

// closeTo reports whether got shows as want to two decimals.
func closeTo(got, want float64) bool {
	if math.IsInf(want, 0) {
		return got == want
	}
	return math.Abs(got-want) <= 0.005+1e-9*math.Abs(want)
}
