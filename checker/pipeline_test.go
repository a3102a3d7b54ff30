package checker

import (
	"path/filepath"
	"reflect"
	"testing"
)

var sample = filepath.Join("..", "testdata", "workforce", "csww_sample.csv")

// TestDeterministic: the result does not depend on the number of workers
// or the size of the chunks a table is read in.
func TestDeterministic(t *testing.T) {
	want := runPackWith(t, Options{Workers: 1}, sample)
	if len(want.Findings) == 0 {
		t.Fatal("the sample has no findings to compare")
	}
	for _, opts := range []Options{{Workers: 2}, {Workers: 3, ChunkSize: 256}, {Workers: 4, ChunkSize: 1}, {Workers: 1, ChunkSize: 700}} {
		got := runPackWith(t, opts, sample)
		if !reflect.DeepEqual(got.Findings, want.Findings) || !reflect.DeepEqual(got.Rules, want.Rules) {
			t.Errorf("%+v: the result differs from one worker's", opts)
		}
	}
}

// TestMaxFindings: past the cap, failures are counted, not listed, and the
// ones listed are the first in the file.
func TestMaxFindings(t *testing.T) {
	res := runPackWith(t, Options{MaxFindings: 1, ChunkSize: 300, Workers: 3}, sample)
	for _, rr := range res.Rules {
		listed := 0
		var lines []int
		for _, f := range res.Findings {
			if f.Rule == rr.Rule {
				listed++
				lines = append(lines, f.Pos.Line)
			}
		}
		if listed+rr.Hidden != rr.Counts[Fail] || listed > 1 {
			t.Errorf("%s: %d listed, %d hidden, %d failed", rr.Rule.ID, listed, rr.Hidden, rr.Counts[Fail])
		}
		if rr.Rule.ID == "agency-rate-fte" && (len(lines) != 1 || lines[0] != 2) {
			t.Errorf("agency-rate-fte lists lines %v, want the first failure, line 2", lines)
		}
	}
}
