package ees

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/tables"
)

// FuzzInfer holds the data, read through the tables package, to a
// positioned error or a table, and
// what figcheck works out from any table to a rule file that loads, and
// checks that run without a panic.
func FuzzInfer(f *testing.F) {
	dir := filepath.Join("..", "testdata", "ees", "corpus")
	meta, err := os.ReadFile(filepath.Join(dir, "pass", "pupils.meta.csv"))
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range []string{"pass", "secondary-suppression", "code-name", "filter-share"} {
		src, err := os.ReadFile(filepath.Join(dir, c, "pupils.csv"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	m, err := ReadMeta("f.meta.csv", meta)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		tab, err := tables.Read("f.csv", bytes.NewReader(src), tables.Options{Delimiter: ','})
		var d *Data
		if err == nil {
			defer tab.Close()
			d, err = ReadData(tab)
		}
		if err != nil {
			var errs position.Errors
			var one *position.Error
			switch {
			case errors.As(err, &errs):
				one = errs[0]
			case !errors.As(err, &one):
				t.Fatalf("error not positioned: %v", err)
			}
			if one.Pos.File != "f.csv" {
				t.Fatalf("error not positioned in f.csv: %v", err)
			}
			return
		}
		in := Infer(m, d)
		// Compiling them too (checker.New) takes the fuzzer from some
		// thousand inputs a second to one: TestCorpus compiles them.
		rs, err := rules.Read("f.rules.yaml", in.RuleFile())
		if err != nil {
			t.Fatalf("the rule file written does not load: %v\n%s", err, in.RuleFile())
		}
		if want := in.Rules(); len(rs.Rules) != len(want.Rules) {
			t.Fatalf("the rule file holds %d rules, the inference %d", len(rs.Rules), len(want.Rules))
		}
		in.Check(Options{})
	})
}
