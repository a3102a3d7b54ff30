package figcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzKindOf: telling a file's kind never panics, names a kind figcheck
// knows, and an error always points into the file.
func FuzzKindOf(f *testing.F) {
	for _, s := range []string{"rules: []\n", "figures:\n  a: 1\n", "- a\n", "a: [\n", `{"figures": 1`, "", "cases:\n\t- x\n"} {
		f.Add(s)
	}
	known := map[string]bool{"": true}
	for _, k := range keyKinds {
		known[k] = true
	}
	f.Fuzz(func(t *testing.T, src string) {
		kind, err := kindOf("f.yaml", []byte(src))
		if !known[kind] {
			t.Errorf("kind %q", kind)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "f.yaml") {
			t.Errorf("error without its file: %v", err)
		}
	})
}

// FuzzConfig: reading a .figcheck.yaml never panics, and its mistakes
// point into it.
func FuzzConfig(f *testing.F) {
	for _, s := range []string{
		"rules: [r.yaml]\nfigures: [d/]\n", "rules: [d/]\nfail-on: sometimes\n", "format: text\n",
		"waivers: [d/]\nbaseline: b.yaml\n", "rules: {a: 1}\n", "figures: [../..]\n",
		"limits: {rules: 20000, record-size: 64MiB}\n", "limits: {nodes: 1, columns: [1]}\n", "limits: [rules]\n",
	} {
		f.Add(s)
	}
	dir := f.TempDir()
	writeFiles(f, dir, map[string]string{
		"r.yaml": "rules:\n  - id: r\n    assert: a == 1\n", "d/x.yaml": "figures:\n  a: 1\n", "d/t.csv": "a\n1\n",
	})
	cfg := filepath.Join(dir, ConfigName)
	f.Fuzz(func(t *testing.T, src string) {
		if err := os.WriteFile(cfg, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Resolve([]string{dir}, Overrides{})
		if err != nil && !strings.HasPrefix(err.Error(), cfg) && !strings.HasPrefix(err.Error(), "figcheck: ") {
			t.Errorf("error neither in the config nor figcheck's: %v", err)
		}
	})
}
