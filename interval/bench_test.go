package interval

import "testing"

// BenchmarkRate computes and compares a rate the way a rule such as
// turnover_rate == 100 * leavers / fte does for each row, as written.
func BenchmarkRate(b *testing.B) {
	rate, leavers, fte := Figure(14.4, 14.35, 14.45), Figure(79.4, 79.35, 79.45), Figure(550.5, 550.45, 550.55)
	for range b.N {
		r := Div(Mul(Exact(100), leavers), fte)
		if !Possible(Eq, rate.AsWritten(), r.AsWritten(), 0) {
			b.Fatal("the rate does not hold")
		}
	}
}
