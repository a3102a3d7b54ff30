package figcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
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
		"expression-nodes=9000", "text-size=65536", "record-size=64 MiB", "columns=50000", "column-name-size=2000", "figure-set-size=1GiB",
		"article-size=8MiB", "metadata-size=32MiB", "waiver-file-size=1MiB", "baseline-size=128MiB"} {
		if err := l.SetText(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	want := Limits{
		Rules:          rules.Limits{FileBytes: 4 << 20, Files: 300, Rules: 20000, Depth: 32, IDBytes: 1024, ExprNodes: 9000, TextBytes: 65536},
		Tables:         tables.Limits{RecordBytes: 64 << 20, Columns: 50000, NameBytes: 2000},
		FigureSetBytes: 1 << 30, ArticleBytes: 8 << 20,
		MetaBytes: 32 << 20, WaiverBytes: 1 << 20, BaselineBytes: 128 << 20,
	}
	if l != want {
		t.Errorf("set %+v\nwant %+v", l, want)
	}
	if len(limitNames) != 15 {
		t.Errorf("%d limits have names; the README's table lists 15", len(limitNames))
	}
	for _, tc := range []struct{ in, want string }{
		{"nodes=5", `no limit is called "nodes": the limits are rule-file-size=1MiB, rule-files=256, rules=5000, include-depth=16, rule-id-size=200, expression-nodes=2000, text-size=4KiB, record-size=16MiB, columns=10000, column-name-size=1000, figure-set-size=64MiB, article-size=16MiB, metadata-size=16MiB, waiver-file-size=16MiB, baseline-size=64MiB`},
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

// TestInputFileLimits: EES metadata, a waiver file and a baseline past
// their limits are refused at the file, with the name of the limit to
// raise, and read once it is raised.
func TestInputFileLimits(t *testing.T) {
	dir := t.TempDir()
	pad := "# " + strings.Repeat("x", 2000) + "\n"
	writeFiles(t, dir, map[string]string{
		"rules.yaml":     "dataset:\n  dimensions: [region]\n  measures: {x: exact}\nrules:\n  - {id: r, title: T, assert: x > 0}\n",
		"data.csv":       "region,x\nNorth,5\n",
		"waivers.yaml":   pad + "waivers: []\n",
		"baseline.yaml":  pad + "baseline: []\n",
		"ees/a.csv":      "time_period,time_identifier,geographic_level,country_code,country_name,pupils\n2024,Calendar year,National,E92000001,England,5\n",
		"ees/a.meta.csv": "col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column\npupils,Indicator,Pupils,,,0,,\n",
	})
	meta := filepath.Join(dir, "ees", "a.meta.csv")
	p := func(name string) string { return filepath.Join(dir, name) }
	for _, c := range []struct {
		limit     string
		paths     []string
		o         Overrides
		small     int // a size the file is larger than
		file, say string
	}{
		{"metadata-size", []string{p("ees/a.csv")}, Overrides{}, 100, meta,
			"the metadata is larger than 100 bytes, the most figcheck reads in an EES metadata file: is this one? If it is, run with --limit metadata-size=SIZE to raise it"},
		{"waiver-file-size", []string{p("data.csv")}, Overrides{Rules: []string{p("rules.yaml")}, Waivers: []string{p("waivers.yaml")}}, 1024, p("waivers.yaml"),
			"cannot read this waiver file: it is larger than 1 KiB, the most figcheck reads in a waiver file; run with --limit waiver-file-size=SIZE to raise it"},
		{"baseline-size", []string{p("data.csv")}, Overrides{Rules: []string{p("rules.yaml")}, Baseline: p("baseline.yaml")}, 1024, p("baseline.yaml"),
			"cannot read this file: it is larger than 1 KiB, the most figcheck reads in a baseline; run with --limit baseline-size=SIZE to raise it"},
	} {
		for _, raised := range []bool{false, true} {
			o := c.o
			o.Limits = []string{c.limit + "=" + strconv.Itoa(c.small)}
			if raised {
				o.Limits = []string{c.limit + "=1MiB"}
			}
			cfg, err := Resolve(c.paths, o)
			if err != nil {
				t.Fatalf("%s: %v", c.limit, err)
			}
			run, err := Load(cfg)
			switch want := c.file + ": " + c.say; {
			case raised && err != nil:
				t.Errorf("%s raised: %v", c.limit, err)
			case !raised && (err == nil || err.Error() != want):
				t.Errorf("%s: %v\nwant %s", c.limit, err, want)
			}
			if run != nil {
				run.Close()
			}
		}
	}
}

// TestReadLimits: a config file, a rule test, a YAML file read to tell
// what it is and an article are each read at their limit and refused one
// byte past it, at the file, with the name of the limit to raise. A
// config is read within rule-file-size as the command line sets it: its
// own limits: do not raise it.
func TestReadLimits(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"proj/.figcheck.yaml":   "rules: [rules.yaml]\nfigures: [set.yaml]\nlimits: {rule-file-size: 4MiB}\n",
		"proj/rules.yaml":       "rules:\n  - {id: r, title: T, assert: a > 1}\n",
		"proj/set.yaml":         "figures:\n  a: \"5\"\n",
		"tests/share.yaml":      "rules:\n  - {id: share, title: T, assert: share == 100 * part / whole}\n",
		"tests/share.test.yaml": "test: [share.yaml]\ncases:\n  - name: a half\n    figures: {share: 50%, part: \"2\", whole: \"4\"}\n    expect:\n      pass: [share]\n",
		"news/draft.md":         "# Draft\n\nThe council employed 5,000 staff in 2024, up from 4,000 in 2023.\n",
	})
	p := func(name string) string { return filepath.Join(dir, name) }
	for _, c := range []struct {
		name, file, limit, what string
		// read reads the file within lim, which cli sets as --limit does.
		read func(lim Limits, cli []string) error
	}{
		{"config", "proj/.figcheck.yaml", "rule-file-size", "a config file", func(_ Limits, cli []string) error {
			_, err := Resolve([]string{p("proj")}, Overrides{Limits: cli})
			return err
		}},
		{"rule test", "tests/share.test.yaml", "rule-file-size", "a rule test", func(lim Limits, _ []string) error {
			tf, err := RunRuleTest(p("tests/share.test.yaml"), t.TempDir(), lim)
			if err == nil && (len(tf.Cases) != 1 || len(tf.Cases[0].Problems) > 0) {
				t.Errorf("the rule test did not pass: %+v", tf)
			}
			return err
		}},
		{"finding rule tests", "tests/share.test.yaml", "figure-set-size", "a figure set or other YAML or JSON input", func(lim Limits, _ []string) error {
			tests, err := FindRuleTests(lim, p("tests"))
			if err == nil && len(tests) != 1 {
				t.Errorf("found %v", tests)
			}
			return err
		}},
		{"article", "news/draft.md", "article-size", "an article", func(lim Limits, _ []string) error {
			arts, err := ReadArticles([]string{p("news/draft.md")}, lim)
			if err == nil && (len(arts) != 1 || len(arts[0].Figures) == 0) {
				t.Errorf("read %+v", arts)
			}
			return err
		}},
		{"article checked", "news/draft.md", "article-size", "an article", func(_ Limits, cli []string) error {
			cfg, err := Resolve([]string{p("news/draft.md")}, Overrides{Limits: cli})
			if err != nil {
				return err
			}
			run, err := Load(cfg)
			if run != nil {
				run.Close()
			}
			return err
		}},
	} {
		info, err := os.Stat(p(c.file))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{int(info.Size()), int(info.Size()) - 1} {
			var lim Limits
			cli := []string{c.limit + "=" + strconv.Itoa(n)}
			if err := lim.SetText(cli[0]); err != nil {
				t.Fatal(err)
			}
			err := c.read(lim, cli)
			if n == int(info.Size()) {
				if err != nil {
					t.Errorf("%s at its limit: %v", c.name, err)
				}
				continue
			}
			want := fmt.Sprintf("%s: cannot read this file: it is larger than %d bytes, the most figcheck reads in %s; run with --limit %s=SIZE to raise it", p(c.file), n, c.what, c.limit)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s one byte past its limit: %v\nwant %s", c.name, err, want)
			}
		}
	}
}
