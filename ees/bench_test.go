package ees

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/figcheck/figcheck/tables"
)

// BenchmarkAbsence reads the largest shared DfE file, works out its rules
// and runs the checks that rules cannot state: what EES mode adds to a
// check with the rules written out.
func BenchmarkAbsence(b *testing.B) {
	data := filepath.Join("..", "..", "shared", "data", "dfe-csc-education-outcomes", "absence_la.csv")
	if _, err := os.Stat(data); err != nil {
		b.Skipf("skipping: %s is not here", data)
	}
	meta := filepath.Join("..", "testdata", "ees", "dfe", "absence_la.meta.csv")
	for b.Loop() {
		m, err := LoadMeta(meta, 0)
		if err != nil {
			b.Fatal(err)
		}
		t, err := tables.Open(data, tables.Options{Delimiter: ','})
		if err != nil {
			b.Fatal(err)
		}
		d, err := ReadData(t)
		if err != nil {
			b.Fatal(err)
		}
		in := Infer(m, d)
		in.Rules()
		in.Check(Options{})
	}
}
