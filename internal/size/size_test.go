package size

import "testing"

func TestParseAndText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		text string
	}{
		{"4096", 4096, "4 KiB"},
		{"1000", 1000, "1000 bytes"},
		{"16MiB", 16 << 20, "16 MiB"},
		{"16 mib", 16 << 20, "16 MiB"},
		{" 2GiB ", 2 << 30, "2 GiB"},
		{"3KiB", 3 << 10, "3 KiB"},
		{"0", 0, "0 bytes"},
	} {
		got, err := Parse(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
		if s := Text(got); s != tc.text {
			t.Errorf("Text(%d) = %q, want %q", got, s, tc.text)
		}
	}
	for _, bad := range []string{"", "MiB", "-1", "1.5MiB", "12 MB", "x", "99999999999GiB"} {
		if n, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) = %d, want an error", bad, n)
		}
	}
}

// FuzzParse: any text is a size or an error, never a panic, and a size
// written by Text reads back as itself.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"4096", "16MiB", "1 gib", "-3", "9223372036854775807", "KiB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s)
		if err != nil {
			return
		}
		if n < 0 {
			t.Fatalf("Parse(%q) = %d", s, n)
		}
		if back, err := Parse(Text(n)); err != nil || back != n {
			t.Fatalf("Parse(Text(%d)) = %d, %v", n, back, err)
		}
	})
}
