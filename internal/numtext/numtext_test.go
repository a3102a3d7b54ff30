package numtext

import (
	"math"
	"testing"
)

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{
		{1.00674, "1.0067"},
		{1220, "1220"},
		{11.764705, "11.7647"},
		{0.0123456, "0.01235"},
		{-0.00001, "-0.00001"},
		{-0.00000001, "-0.00000001"},
		{-1e-13, "0"},
		{math.Inf(1), "∞"},
		{math.Inf(-1), "-∞"},
		{math.NaN(), "undefined"},
	} {
		if got := Format(c.in); got != c.want {
			t.Errorf("Format(%g) = %q, want %q", c.in, got, c.want)
		}
	}
}
