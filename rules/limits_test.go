package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const oneRule = "rules:\n  - {id: r, title: T, assert: a == b}\n"

// TestLoadLimits: includes that cycle, nest too deep or leave the rule
// file's folder, files that are too large, special or not rule files, and
// ids and counts past the limits are each one error at the place that
// names them, and no error quotes a file's content.
func TestLoadLimits(t *testing.T) {
	secret := "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n"
	passwd := "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
	chain := map[string]string{}
	for i := range 20 {
		chain[fmt.Sprintf("c%02d.yaml", i)] = fmt.Sprintf("include: c%02d.yaml\n", i+1)
	}
	chain["c20.yaml"] = oneRule
	tests := []struct {
		name   string
		files  map[string]string
		load   string // the file named, in the case's folder
		limits Limits
		want   string // the one error, after the folder
	}{
		{"self-include", map[string]string{"a.yaml": "include: a.yaml\n" + oneRule}, "a.yaml", DefaultLimits,
			"a.yaml:1:10: include cycle: a.yaml → a.yaml; a file cannot include itself, even through others"},
		{"cycle through two", map[string]string{"a.yaml": "include: b.yaml\n" + oneRule, "b.yaml": "include: a.yaml\n"}, "a.yaml", DefaultLimits,
			"b.yaml:1:10: include cycle: a.yaml → b.yaml → a.yaml; a file cannot include itself, even through others"},
		{"too deep", chain, "c00.yaml", DefaultLimits,
			"c16.yaml:1:10: includes nest more than 16 deep: c00.yaml → c01.yaml → c02.yaml → …; run with --limit include-depth=N to raise it"},
		{"outside the folder", map[string]string{"sub/a.yaml": "include: ../b.yaml\n" + oneRule, "b.yaml": "rules: []\n"}, "sub/a.yaml", DefaultLimits,
			"sub/a.yaml:1:10: cannot include ../b.yaml: it is outside the folder of a.yaml; run with --allow-outside-includes to allow it"},
		{"an absolute path outside", map[string]string{"a.yaml": "include: /etc/passwd\n" + oneRule}, "a.yaml", DefaultLimits,
			"a.yaml:1:10: cannot include /etc/passwd: it is outside the folder of a.yaml; run with --allow-outside-includes to allow it"},
		{"a key beside the rules", map[string]string{"a.yaml": "include: id_ed25519\n" + oneRule, "id_ed25519": secret}, "a.yaml", DefaultLimits,
			"a.yaml:1:10: cannot include id_ed25519: it is not a rule file (no include, dataset, rules, rates or aliases at its top level)"},
		{"a password file beside the rules", map[string]string{"a.yaml": "include: passwd\n" + oneRule, "passwd": passwd}, "a.yaml", DefaultLimits,
			"a.yaml:1:10: cannot include passwd: it is not a rule file (no include, dataset, rules, rates or aliases at its top level)"},
		{"a config file beside the rules", map[string]string{"a.yaml": "include: c.yaml\n" + oneRule, "c.yaml": "password: hunter2\n"}, "a.yaml", DefaultLimits,
			"a.yaml:1:10: cannot include c.yaml: it is not a rule file (no include, dataset, rules, rates or aliases at its top level)"},
		{"a folder", map[string]string{"a.yaml": "include: sub\n" + oneRule, "sub/x": ""}, "a.yaml", DefaultLimits,
			"a.yaml:1:10: cannot include sub: it is a folder, not a file"},
		{"too large", map[string]string{"a.yaml": oneRule + "# " + strings.Repeat("x", 2000) + "\n"}, "a.yaml", Limits{FileBytes: 1024},
			"a.yaml: cannot read this rule file: it is larger than 1 KiB, the most figcheck reads in a rule file: split it, or run with --limit rule-file-size=SIZE"},
		{"too many rules", map[string]string{"a.yaml": "rules:\n  - {id: a, title: T, assert: a == b}\n  - {id: b, title: T, assert: a == b}\n  - {id: c, title: T, assert: a == b}\n"}, "a.yaml", Limits{FileBytes: 1 << 20, Rules: 2},
			"a.yaml:4:5: more than 2 rules: figcheck compiles at most 2 in one run; run with --limit rules=N to raise it"},
		{"too many files", map[string]string{"a.yaml": "include: [b.yaml, c.yaml]\n" + oneRule, "b.yaml": "rules: []\n", "c.yaml": "rules: []\n"}, "a.yaml", Limits{FileBytes: 1 << 20, Files: 2},
			"a.yaml:1:19: cannot include c.yaml: figcheck reads at most 2 rule files in one run; run with --limit rule-files=N to raise it"},
		{"a megabyte id", map[string]string{"a.yaml": "rules:\n  - {id: " + strings.Repeat("x", 1<<20) + ", title: T, assert: a == b}\n"}, "a.yaml", Limits{FileBytes: 2 << 20},
			"a.yaml:2:10: rule id is 1048576 bytes long: an id names a rule in reports and waivers, in at most 200; run with --limit rule-id-size=N to raise it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, tt.files)
			start := time.Now()
			_, err := tt.limits.Load(filepath.Join(dir, tt.load))
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			checkErrors(t, err, []string{filepath.Join(dir, tt.want)})
			for _, content := range []string{"BEGIN OPENSSH", "b3BlbnNz", "root:x", "hunter2"} {
				if err != nil && strings.Contains(err.Error(), content) {
					t.Errorf("the error quotes the file: %v", err)
				}
			}
		})
	}
}

// TestLoadIncludeAnywhere: with the limit lifted, an include outside the
// folder is read; a symbolic link inside the folder that leads out of it
// is outside.
func TestLoadIncludeAnywhere(t *testing.T) {
	dir := writeFiles(t, map[string]string{"sub/a.yaml": "include: [../b.yaml]\n", "b.yaml": oneRule, "sub/l.yaml": "include: link.yaml\n"})
	lim := DefaultLimits
	lim.IncludeAnywhere = true
	set, err := lim.Load(filepath.Join(dir, "sub", "a.yaml"))
	if err != nil || set.Lookup("r") == nil {
		t.Errorf("included from outside: %v, %v", set, err)
	}
	if err := os.Symlink(filepath.Join(dir, "b.yaml"), filepath.Join(dir, "sub", "link.yaml")); err != nil {
		t.Skip(err)
	}
	_, err = Load(filepath.Join(dir, "sub", "l.yaml"))
	if err == nil || !strings.Contains(err.Error(), "outside the folder") {
		t.Errorf("a link out of the folder: %v", err)
	}
}

// TestLoadLimitsRaised: each limit that refuses a rule pack at its default
// lets it through when raised.
func TestLoadLimitsRaised(t *testing.T) {
	const ds = "dataset:\n  dimensions: [region]\n  measures: [a, b]\n"
	chain := map[string]string{}
	for i := range 20 {
		chain[fmt.Sprintf("c%02d.yaml", i)] = fmt.Sprintf("include: c%02d.yaml\n", i+1)
	}
	chain["c20.yaml"] = oneRule
	wide := map[string]string{"a.yaml": oneRule + "include:\n"}
	for i := range 300 {
		wide["a.yaml"] += fmt.Sprintf("  - i%03d.yaml\n", i)
		wide[fmt.Sprintf("i%03d.yaml", i)] = "rules: []\n"
	}
	var many strings.Builder
	many.WriteString(ds + "rules:\n")
	for i := range 5001 {
		fmt.Fprintf(&many, "  - {id: r%d, title: T, assert: a > %d}\n", i, i)
	}
	big := oneRule + "# " + strings.Repeat("x", 1<<20) + "\n"
	tests := []struct {
		name   string
		files  map[string]string
		load   string
		raised Limits
		want   string // in the error at the default
	}{
		{"rule-file-size", map[string]string{"a.yaml": big}, "a.yaml", Limits{FileBytes: 2 << 20}, "larger than 1 MiB"},
		{"rule-files", wide, "a.yaml", Limits{Files: 400}, "at most 256 rule files"},
		{"rules", map[string]string{"a.yaml": many.String()}, "a.yaml", Limits{Rules: 6000}, "more than 5000 rules"},
		{"include-depth", chain, "c00.yaml", Limits{Depth: 32}, "more than 16 deep"},
		{"rule-id-size", map[string]string{"a.yaml": "rules:\n  - {id: " + strings.Repeat("x", 300) + ", title: T, assert: a == b}\n"}, "a.yaml", Limits{IDBytes: 400}, "in at most 200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(writeFiles(t, tt.files), tt.load)
			if _, err := Load(path); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("at the default: %.300v, want %q", err, tt.want)
			}
			set, err := tt.raised.Load(path)
			if err != nil || len(set.Rules) == 0 {
				t.Errorf("raised: %.300v", err)
			}
			if err == nil && set.Limits != tt.raised.WithDefaults() {
				t.Errorf("the set records %+v", set.Limits)
			}
		})
	}
}
