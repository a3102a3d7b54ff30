package checker

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/figcheck/figcheck/tables"
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

// problemLines returns the lines of a result's problems.
func problemLines(res *Result) []int {
	var lines []int
	for _, p := range res.Problems {
		lines = append(lines, p.Pos.Line)
	}
	return lines
}

// TestProblemsInRowOrder: problems found for a batch at once (unreadable
// cells) and row by row (a rule the VM cannot evaluate) come in file order.
func TestProblemsInRowOrder(t *testing.T) {
	dir := writeFiles(t, map[string]string{"rules.yaml": `dataset:
  dimensions: [period, code]
  period: period
  measures: [x]
rules:
  - id: r1
    title: The code matches itself
    assert: code matches code
  - id: r2
    title: x is not negative
    assert: x >= 0
`, "data.csv": "period,code,x\n2022,(,bad\n2022,[,oops\n"})
	res := checkTables(t, dir, "data.csv")
	if got, want := problemLines(res), []int{2, 2, 3, 3}; !slices.Equal(got, want) {
		t.Errorf("problems on lines %v, want %v: %v", got, want, res.Problems)
	}
}

// TestBrokenRowReportedOnce: rows read again to explain findings (here a
// duplicate key) stop at the same broken row, which is reported once.
func TestBrokenRowReportedOnce(t *testing.T) {
	dir := writeFiles(t, map[string]string{"rules.yaml": `dataset:
  dimensions: [period, code]
  period: period
  measures: [x]
rules:
  - id: u
    title: One row per code and period
    unique: [code, period]
`, "data.csv": "period,code,x\n2022,A,1\n2022,A,2\n2022,B\"x,2\n2022,C,3\n"})
	res := checkTables(t, dir, "data.csv")
	if got, want := problemLines(res), []int{4}; !slices.Equal(got, want) {
		t.Errorf("problems on lines %v, want %v: %v", got, want, res.Problems)
	}
	if len(res.Findings) != 1 {
		t.Errorf("%d findings, want the duplicate: %v", len(res.Findings), res.Findings)
	}
}

// TestInOrderStops: inOrder merges in chunk order, merges nothing after
// merge says stop, and leaves no goroutine behind, even when merge panics.
func TestInOrderStops(t *testing.T) {
	var b strings.Builder
	b.WriteString("n\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "%d\n", i)
	}
	path := filepath.Join(t.TempDir(), "n.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	tab, err := tables.OpenTable(path)
	if err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	first := func(_ struct{}, ch *tables.Chunk) int {
		rows, _ := ch.Rows(nil)
		return rows[0].Line
	}
	var lines []int
	err = inOrder(context.Background(), tab, 64, 3, func() struct{} { return struct{}{} }, first, func(line int) bool {
		lines = append(lines, line)
		return len(lines) < 10
	})
	if err != nil || len(lines) != 10 || !slices.IsSorted(lines) {
		t.Errorf("merged first lines %v (%v), want 10 in order", lines, err)
	}
	func() {
		defer func() { recover() }()
		inOrder(context.Background(), tab, 64, 3, func() struct{} { return struct{}{} }, first, func(int) bool { panic("merge fails") })
	}()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines left behind", n-before)
	}
}
