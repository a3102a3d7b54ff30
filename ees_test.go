package figcheck

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/checker"
)

// TestFindEES pairs data files with their metadata: each data.csv with
// the data.meta.csv beside it, in a folder or named, or one with --meta;
// and refuses --meta for several or beside rule files, and metadata
// without its data.
func TestFindEES(t *testing.T) {
	dir := t.TempDir()
	pass := filepath.Join("testdata", "ees", "corpus", "pass")
	data, _ := os.ReadFile(filepath.Join(pass, "pupils.csv"))
	meta, _ := os.ReadFile(filepath.Join(pass, "pupils.meta.csv"))
	files := map[string]string{}
	for _, name := range []string{"one", "two"} {
		files[name+".csv"], files[name+".meta.csv"] = string(data), string(meta)
	}
	files["lone/three.csv"] = string(data)
	writeFiles(t, dir, files)
	one, two := filepath.Join(dir, "one.csv"), filepath.Join(dir, "two.csv")
	cases := []struct {
		name  string
		paths []string
		meta  string
		want  []EESFile
		err   string
	}{
		{"folder", []string{dir}, "", []EESFile{{one, filepath.Join(dir, "one.meta.csv")}, {two, filepath.Join(dir, "two.meta.csv")}}, ""},
		{"named", []string{two}, "", []EESFile{{two, filepath.Join(dir, "two.meta.csv")}}, ""},
		{"meta flag", []string{filepath.Join(dir, "lone", "three.csv")}, filepath.Join(dir, "one.meta.csv"), []EESFile{{filepath.Join(dir, "lone", "three.csv"), filepath.Join(dir, "one.meta.csv")}}, ""},
		{"no metadata", []string{filepath.Join(dir, "lone")}, "", nil, ""},
		{"meta flag for two", []string{one, two}, filepath.Join(dir, "one.meta.csv"), nil, "--meta names the metadata of one data file"},
		{"meta flag with rules", []string{one, "testdata/workforce/csww-rules.yaml"}, filepath.Join(dir, "one.meta.csv"), nil, "--meta names EES metadata to work rules out from, and rule files are given (testdata/workforce/csww-rules.yaml)"},
		{"metadata alone", []string{one, filepath.Join(dir, "two.meta.csv")}, "", nil, "its data file " + two + " is not among the files given"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := Resolve(c.paths, Overrides{Meta: c.meta})
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want one saying %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(cfg.EES, c.want) {
				t.Errorf("EES files %v, want %v", cfg.EES, c.want)
			}
		})
	}
	// The folder's two files are each checked with their own rules: every
	// rule and check twice, and the findings of neither.
	cfg, err := Resolve([]string{dir}, Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	run, err := Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	res, err := run.Check(context.Background(), checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, rr := range res.Rules {
		seen[rr.Rule.ID]++
	}
	if len(res.Findings) > 0 || len(res.Problems) > 0 || seen["ees/sum-la-region-pupils"] != 2 || seen["ees/secondary-suppression"] != 2 {
		t.Errorf("%d findings, problems %v, rules %v", len(res.Findings), res.Problems, seen)
	}
	if len(res.Inputs) != 2 {
		t.Errorf("inputs %v, want the two data files", res.Inputs)
	}
}
