// Package size reads and writes sizes in bytes as people write them:
// 4096, 64KiB, 16 MiB.
package size

import (
	"fmt"
	"strconv"
	"strings"
)

var units = []struct {
	name  string
	bytes int
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"bytes", 1}}

// Text writes n bytes in the largest unit that divides it: "16 MiB",
// "4 KiB", "1000 bytes".
func Text(n int) string {
	for _, u := range units {
		if n >= u.bytes && n%u.bytes == 0 {
			return fmt.Sprintf("%d %s", n/u.bytes, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// Parse reads a size: a whole number of bytes, or of KiB, MiB or GiB
// (the unit's case does not matter, a space before it may be left out),
// as Text writes it or without a unit.
func Parse(s string) (int, error) {
	text, scale := strings.TrimSpace(s), 1
	for _, u := range units {
		if len(text) > len(u.name) && strings.EqualFold(text[len(text)-len(u.name):], u.name) {
			text, scale = strings.TrimSpace(text[:len(text)-len(u.name)]), u.bytes
			break
		}
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < 0 || n > (1<<62)/scale {
		return 0, fmt.Errorf("%q is not a size: write a whole number of bytes, or of KiB, MiB or GiB, as in 16MiB", s)
	}
	return n * scale, nil
}
