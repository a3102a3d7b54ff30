package figcheck

import (
	"strings"
	"testing"

	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/tables"
)

// TestLimitsSet: each limit is set by its name, sizes take units, and a
// wrong name or value is an error that says what to write.
func TestLimitsSet(t *testing.T) {
	var l Limits
	for _, s := range []string{"rule-file-size=4MiB", "rule-files=300", "rules=20000", "include-depth=32", "rule-id-size=1KiB",
		"expression-nodes=9000", "text-size=65536", "record-size=64 MiB", "columns=50000", "column-name-size=2000"} {
		if err := l.SetText(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	want := Limits{
		Rules:  rules.Limits{FileBytes: 4 << 20, Files: 300, Rules: 20000, Depth: 32, IDBytes: 1024, ExprNodes: 9000, TextBytes: 65536},
		Tables: tables.Limits{RecordBytes: 64 << 20, Columns: 50000, NameBytes: 2000},
	}
	if l != want {
		t.Errorf("set %+v\nwant %+v", l, want)
	}
	if len(limitNames) != 10 {
		t.Errorf("%d limits have names; the README's table lists 10", len(limitNames))
	}
	for _, tc := range []struct{ in, want string }{
		{"nodes=5", `no limit is called "nodes": the limits are rule-file-size=1MiB, rule-files=256, rules=5000, include-depth=16, rule-id-size=200, expression-nodes=2000, text-size=4KiB, record-size=16MiB, columns=10000, column-name-size=1000`},
		{"rules=lots", "limit rules=lots: give a whole number above 0"},
		{"rules=0", "limit rules=0: give a whole number above 0"},
		{"rules=-3", "limit rules=-3: give a whole number above 0"},
		{"rules=2MiB", "limit rules=2MiB: give a whole number above 0"},
		{"record-size=1.5MB", "limit record-size=1.5MB: give a size above 0"},
		{"record-size=", "limit record-size=: give a size above 0"},
		{"rules", "--limit rules: write NAME=VALUE"},
	} {
		var l Limits
		err := l.SetText(tc.in)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.in, err, tc.want)
		}
		if l != (Limits{}) {
			t.Errorf("%s: a refused value was set: %+v", tc.in, l)
		}
	}
}
