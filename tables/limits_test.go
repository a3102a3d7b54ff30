package tables

import (
	"fmt"
	"strings"
	"testing"
)

// TestLimitsRaised: each limit of a table refuses a table at its default,
// with a message that says how to raise it, and lets it be read when raised.
func TestLimitsRaised(t *testing.T) {
	tests := []struct {
		name    string
		content string
		raised  Limits
		want    string // in the error at the default
	}{
		{"columns.csv", wide(10001), Limits{Columns: 20000}, "at most 10000 (--limit columns=N"},
		{"name.csv", "region," + strings.Repeat("n", 1001) + "\nNorth,1\n", Limits{NameBytes: 2000}, "at most 1000 (--limit column-name-size="},
		{"header.csv", "region," + strings.Repeat("n", 17<<20) + "\nNorth,1\n", Limits{RecordBytes: 32 << 20, NameBytes: 32 << 20}, "longer than 16 MiB"},
		{"record.csv", "region,x\nNorth," + strings.Repeat("5", 17<<20) + "\n", Limits{RecordBytes: 32 << 20}, "longer than 16 MiB: is a quote left open"},
		{"record.ndjson", `{"region":"North","x":"` + strings.Repeat("5", 17<<20) + "\"}\n", Limits{RecordBytes: 32 << 20}, "longer than 16 MiB: is this an NDJSON table?"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, tc.name, tc.content)
			tab, err := OpenTable(path)
			if err == nil {
				_, err = readAll(t, tab)
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("at the default: %.200v, want %q", err, tc.want)
			}
			tab, err = Open(path, Options{Limits: tc.raised})
			if err != nil {
				t.Fatalf("raised: %.200v", err)
			}
			if rows, err := readAll(t, tab); err != nil || len(rows) != 1 {
				t.Errorf("raised: %d rows, %.200v", len(rows), err)
			}
		})
	}
}

// wide is a table of n columns and one row.
func wide(n int) string {
	var head, row strings.Builder
	for i := range n {
		fmt.Fprintf(&head, "c%d,", i)
		row.WriteString("1,")
	}
	return head.String() + "x\n" + row.String() + "1\n"
}
