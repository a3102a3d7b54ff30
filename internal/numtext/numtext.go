// Package numtext writes numbers that figcheck works out, for people: the
// one way reports, findings and diagnoses show a computed value.
package numtext

import (
	"math"
	"strconv"
	"strings"
)

// Format writes a computed number for people: up to four decimals, more
// for small numbers, no trailing zeros.
func Format(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "∞"
	case math.IsInf(f, -1):
		return "-∞"
	case math.IsNaN(f):
		return "undefined"
	}
	decimals := 4
	if a := math.Abs(f); a > 0 && a < 1 {
		decimals = min(12, 3-int(math.Floor(math.Log10(a))))
	}
	s := strconv.FormatFloat(f, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}
