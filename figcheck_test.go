package figcheck

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
)

// writeFiles writes files (name → content) under dir.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestKindOf(t *testing.T) {
	tests := []struct {
		name, src, kind string
		err             bool
	}{
		{"rules", "rules:\n  - id: r\n", kindRules, false},
		{"dataset first", "dataset: {}\nrules: []\n", kindRules, false},
		{"include", "include: [a.yaml]\n", kindRules, false},
		{"figures", "document: d.md\nfigures: {a: 1}\n", kindFigures, false},
		{"waivers", "waivers: []\n", kindWaivers, false},
		{"baseline", "baseline: []\n", kindBaseline, false},
		{"rule test", "test: [r.yaml]\ncases: []\n", kindTests, false},
		{"an action", "name: figcheck\nruns:\n  using: composite\n", "", false},
		{"a list", "- id: figcheck\n  entry: figcheck check\n", "", true},
		{"empty", "", "", true},
		{"not YAML", "a: [\n", "", true},
		{"a nested figcheck key", "jobs:\n  rules: x\n", "", false},
		{"a broken rule file", "rules:\n  - id: [\n", kindRules, true},
		{"a broken figure set", "figures:\n\ta: 1\n", kindFigures, true},
		{"a broken JSON figure set", `{"figures": {"a": 1,}`, kindFigures, true},
		{"a second document", "rules: []\n---\nrules: []\n", kindRules, true},
	}
	for _, tc := range tests {
		kind, err := kindOf("f.yaml", []byte(tc.src))
		if kind != tc.kind || (err != nil) != tc.err {
			t.Errorf("%s: kind %q, error %v; want %q, error %v", tc.name, kind, err, tc.kind, tc.err)
		}
	}
}

// TestResolveFolder: a folder stands for the figcheck files in it; other
// YAML files are skipped and noted, but one that looks like figcheck's
// and cannot be read is an error.
func TestResolveFolder(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"rates.yaml":        "rules:\n  - id: r\n    assert: a == 1\n",
		"rates.csv":         "a\n1\n",
		"figures.yaml":      "figures:\n  b: 2\n",
		"waivers.yaml":      "waivers: []\n",
		"rates.test.yaml":   "test: [rates.yaml]\ncases: []\n",
		"action.yml":        "name: figcheck\nruns: {using: composite}\n",
		"hooks.yaml":        "- id: figcheck\n",
		"broken-other.yaml": "a: [\n",
		".hidden.yaml":      "rules: [\n",
		"notes.md":          "rules: [\n",
	})
	t.Chdir(dir)
	cfg, err := Resolve([]string{"."}, Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Rules: []string{"rates.yaml"}, Sets: []string{"figures.yaml"}, Tables: []string{"rates.csv"},
		Waivers: []string{"waivers.yaml"}, Skipped: []string{"action.yml", "broken-other.yaml", "hooks.yaml"},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("got %+v\nwant %+v", cfg, want)
	}
	writeFiles(t, dir, map[string]string{"broken.yaml": "figures:\n\tb: 2\n"})
	if _, err := Resolve([]string{"."}, Overrides{}); err == nil || !strings.HasPrefix(err.Error(), "broken.yaml:2:") {
		t.Errorf("a broken figure set: %v", err)
	}
	// A file named on its own must be figcheck's.
	if _, err := Resolve([]string{"action.yml"}, Overrides{}); err == nil || !strings.Contains(err.Error(), "cannot tell what this file is") {
		t.Errorf("action.yml named: %v", err)
	}
}

// TestConfigFolders: a folder under rules: or waivers: in .figcheck.yaml
// stands for the files of that kind in it; flags override the config.
func TestConfigFolders(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		".figcheck.yaml":       "rules: [rules/]\nfigures: [data/]\nwaivers: [waivers/]\nfail-on: warning\n",
		"rules/a.yaml":         "rules:\n  - id: a\n    assert: x == 1\n",
		"rules/b.yaml":         "rules:\n  - id: b\n    assert: x == 2\n",
		"rules/a.test.yaml":    "test: [a.yaml]\ncases: []\n",
		"rules/README.yaml":    "title: not figcheck's\n",
		"data/x.yaml":          "figures:\n  x: 1\n",
		"data/rules.yaml":      "rules:\n  - id: c\n    assert: x == 3\n",
		"waivers/2024.yaml":    "waivers: []\n",
		"empty/notes.yaml":     "title: no rules here\n",
		"other/.figcheck.yaml": "rules: [../empty/]\nfigures: [../data/]\nfail-on: sometimes\n",
	})
	t.Chdir(dir)
	cfg, err := Resolve(nil, Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Rules:   []string{"rules/a.yaml", "rules/b.yaml"},
		Sets:    []string{"data/x.yaml"},
		Waivers: []string{"waivers/2024.yaml"},
		FailOn:  FailOnWarning,
		File:    ".figcheck.yaml",
		Skipped: []string{"rules/README.yaml"},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("got %+v\nwant %+v", cfg, want)
	}
	cfg, err = Resolve(nil, Overrides{Rules: []string{"data/rules.yaml"}, FailOn: "never"})
	if err != nil || !reflect.DeepEqual(cfg.Rules, []string{"data/rules.yaml"}) || cfg.FailOn != FailOnNever {
		t.Errorf("overridden: %+v, %v", cfg, err)
	}
	_, err = Resolve([]string{"other"}, Overrides{})
	wantErr := "other/.figcheck.yaml:1:9: the folder empty holds no rule files\n" +
		`other/.figcheck.yaml:3:10: fail-on "sometimes": choose error, warning, info or never`
	if err == nil || err.Error() != wantErr {
		t.Errorf("got error %v\nwant %s", err, wantErr)
	}
}

func TestFailOn(t *testing.T) {
	for _, s := range []string{"error", "warning", "info", "never"} {
		f, err := ParseFailOn(s)
		if err != nil || f.String() != s {
			t.Errorf("ParseFailOn(%q) = %v, %v", s, f, err)
		}
	}
	if _, err := ParseFailOn("warn"); err == nil {
		t.Error("warn parsed")
	}
	tests := []struct {
		failOn FailOn
		sev    rules.Severity
		want   bool
	}{
		{FailOnError, rules.Error, true},
		{FailOnError, rules.Warning, false},
		{FailOnWarning, rules.Warning, true},
		{FailOnWarning, rules.Info, false},
		{FailOnInfo, rules.Info, true},
		{FailOnNever, rules.Error, false},
	}
	for _, tc := range tests {
		if got := tc.failOn.Fails(tc.sev); got != tc.want {
			t.Errorf("%v fails %v: %v", tc.failOn, tc.sev, got)
		}
	}
}

func TestExitCode(t *testing.T) {
	warning := &rules.Rule{ID: "w", Severity: rules.Warning}
	listed := &checker.Result{Rules: []checker.RuleResult{{Rule: warning}}, Findings: []checker.Finding{{Rule: warning}}}
	hidden := &checker.Result{Rules: []checker.RuleResult{{Rule: warning, Hidden: 3}}}
	problems := &checker.Result{Findings: listed.Findings}
	problems.Problems.Add(position.Pos{File: "t.csv", Line: 2}, "not a number")
	tests := []struct {
		name   string
		r      *checker.Result
		failOn FailOn
		want   int
	}{
		{"a warning, failing on errors", listed, FailOnError, ExitClean},
		{"a warning, failing on warnings", listed, FailOnWarning, ExitFindings},
		{"warnings past the cap", hidden, FailOnWarning, ExitFindings},
		{"warnings past the cap, never failing", hidden, FailOnNever, ExitClean},
		{"nothing", &checker.Result{}, FailOnInfo, ExitClean},
		{"input problems", problems, FailOnNever, ExitBadInput},
	}
	for _, tc := range tests {
		if got := ExitCode(tc.r, tc.failOn); got != tc.want {
			t.Errorf("%s: exit code %d, want %d", tc.name, got, tc.want)
		}
	}
}

// TestCheckCapsLast: a waiver of a finding past the cap takes it, and is
// not called unused; one Run checks twice alike.
func TestCheckCapsLast(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"waivers.yaml": "waivers:\n  - rule: rate\n    subject: West, 2024\n    reason: a finding past the cap\n",
	})
	run, err := Load(&Config{
		Rules:   []string{filepath.Join("testdata", "example", "rates.yaml")},
		Tables:  []string{filepath.Join("testdata", "example", "rates.csv")},
		Waivers: []string{filepath.Join(dir, "waivers.yaml")},
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		res, err := run.Check(context.Background(), checker.Options{MaxFindings: 1})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			got = append(got, f.Rule.ID+" "+f.Subject)
		}
		if strings.Join(got, "|") != "rate South, 2024" || res.Rules[0].Hidden != 1 || len(res.Rules) != 1 {
			t.Errorf("check %d: findings %v, %d hidden, %d rules", i, got, res.Rules[0].Hidden, len(res.Rules))
		}
		if !reflect.DeepEqual(res.Accepted, []checker.Acceptance{{Step: "waivers", Count: 1}}) {
			t.Errorf("check %d: accepted %v", i, res.Accepted)
		}
	}
}
