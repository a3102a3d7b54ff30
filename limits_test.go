package figcheck

import (
	"path/filepath"
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
		"expression-nodes=9000", "text-size=65536", "record-size=64 MiB", "columns=50000", "column-name-size=2000", "figure-set-size=1GiB"} {
		if err := l.SetText(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	want := Limits{
		Rules:          rules.Limits{FileBytes: 4 << 20, Files: 300, Rules: 20000, Depth: 32, IDBytes: 1024, ExprNodes: 9000, TextBytes: 65536},
		Tables:         tables.Limits{RecordBytes: 64 << 20, Columns: 50000, NameBytes: 2000},
		FigureSetBytes: 1 << 30,
	}
	if l != want {
		t.Errorf("set %+v\nwant %+v", l, want)
	}
	if len(limitNames) != 11 {
		t.Errorf("%d limits have names; the README's table lists 11", len(limitNames))
	}
	for _, tc := range []struct{ in, want string }{
		{"nodes=5", `no limit is called "nodes": the limits are rule-file-size=1MiB, rule-files=256, rules=5000, include-depth=16, rule-id-size=200, expression-nodes=2000, text-size=4KiB, record-size=16MiB, columns=10000, column-name-size=1000, figure-set-size=64MiB`},
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

// TestFigureSetLimit: a figure set past the limit is refused, at the file,
// whether it is named or found in a folder, and read once the limit is
// raised.
func TestFigureSetLimit(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"sets/a.yaml": "figures:\n  a: \"5\"\n# " + strings.Repeat("x", 2000) + "\n",
		"rules.yaml":  "rules:\n  - {id: r, title: T, assert: a > 1}\n",
	})
	set := filepath.Join(dir, "sets", "a.yaml")
	for _, paths := range [][]string{{set}, {filepath.Join(dir, "sets")}} {
		_, err := Resolve(paths, Overrides{Rules: []string{filepath.Join(dir, "rules.yaml")}, Limits: []string{"figure-set-size=1KiB"}})
		want := set + ": cannot read this file: it is larger than 1 KiB, the most figcheck reads in a figure set or other YAML or JSON input; run with --limit figure-set-size=SIZE to raise it"
		if err == nil || err.Error() != want {
			t.Errorf("%v: %v\nwant %s", paths, err, want)
		}
		cfg, err := Resolve(paths, Overrides{Rules: []string{filepath.Join(dir, "rules.yaml")}, Limits: []string{"figure-set-size=4KiB"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Load(cfg); err != nil {
			t.Errorf("%v raised: %v", paths, err)
		}
		cfg.Limits.FigureSetBytes = 1024 // as a library caller might
		if _, err := Load(cfg); err == nil || !strings.Contains(err.Error(), "larger than 1 KiB") {
			t.Errorf("%v loaded past the limit: %v", paths, err)
		}
	}
}
