//go:build unix

package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
)

// TestHostile runs the hostile-input corpus, testdata/hostile/cases.tsv:
// each case's exit code, what its output must and must not say, and how
// long it may take and how much it may allocate. The cases run one after
// another in a copy of the folder, which none of them may change.
func TestHostile(t *testing.T) {
	src := filepath.Join("..", "..", "testdata", "hostile")
	raw, err := os.ReadFile(filepath.Join(src, "cases.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	makeHostileInputs(t, dir)
	before := snapshot(t, dir)
	t.Chdir(dir)
	header := true
	for n, line := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		if header {
			header = false
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 7 {
			t.Fatalf("cases.tsv:%d: %d columns, want 7", n+1, len(f))
		}
		code, err1 := strconv.Atoi(f[2])
		seconds, err2 := strconv.ParseFloat(f[5], 64)
		mib, err3 := strconv.ParseFloat(f[6], 64)
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatalf("cases.tsv:%d: bad numbers %q", n+1, line)
		}
		want, notWant := regexp.MustCompile(f[3]), (*regexp.Regexp)(nil)
		if f[4] != "-" {
			notWant = regexp.MustCompile(f[4])
		}
		t.Run(f[0], func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			start := time.Now()
			got := run(strings.Fields(f[1]), &stdout, &stderr)
			took := time.Since(start)
			runtime.ReadMemStats(&m1)
			out := stderr.String() + stdout.String()
			if got != code {
				t.Errorf("exit %d, want %d", got, code)
			}
			if !want.MatchString(out) {
				t.Errorf("output does not match %q", f[3])
			}
			if notWant != nil && notWant.MatchString(out) {
				t.Errorf("output matches %q", f[4])
			}
			if strings.Contains(out, "goroutine ") || strings.Contains(out, "panic") {
				t.Error("a stack trace")
			}
			if took.Seconds() > seconds {
				t.Errorf("took %v, allowed %gs", took, seconds)
			}
			if alloc := float64(m1.TotalAlloc-m0.TotalAlloc) / (1 << 20); alloc > mib {
				t.Errorf("allocated %.0f MiB, allowed %g", alloc, mib)
			}
			if t.Failed() {
				t.Logf("figcheck %s\n%s", f[1], truncate(out, 2000))
			}
		})
	}
	if after := snapshot(t, dir); after != before {
		t.Errorf("the cases changed their inputs:\nbefore %s\nafter  %s", before, after)
	}
}

// makeHostileInputs writes the corpus's inputs that are too large for the
// repository or are not files.
func makeHostileInputs(t *testing.T, dir string) {
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const ds = "dataset:\n  dimensions: [region]\n  measures: {x: exact, part: exact, whole: exact}\nrules:\n"
	for i := range 2000 {
		write(fmt.Sprintf("chain/c%04d.in", i), fmt.Sprintf("include: c%04d.in\n", i+1))
	}
	write("chain/c2000.in", ds+"  - {id: r, title: T, assert: x > 0}\n")
	var big strings.Builder
	big.WriteString(ds)
	for i := 0; big.Len() < 10<<20; i++ {
		fmt.Fprintf(&big, "  - id: rule-%d\n    title: Rule %d\n    assert: x + part + whole > %d\n", i, i, i)
	}
	write("big.in", big.String())
	write("longid.in", ds+"  - title: T\n    assert: x > 0\n    description: d\n    severity: error\n    id: "+strings.Repeat("x", 1_000_000)+"\n")
	var many strings.Builder
	many.WriteString(ds)
	for i := range 6000 {
		fmt.Fprintf(&many, "  - {id: r%d, title: T, assert: x > %d}\n", i, i)
	}
	write("manyrules.in", many.String())
	write("nodes.in", ds+"  - id: r\n    title: T\n    assert: x > 0"+strings.Repeat(" or x > 0", 1000)+"\n")
	// A gzip bomb: 256 MiB of zeros with no newline, 256 KiB compressed;
	// and a table whose second record never ends.
	var bomb bytes.Buffer
	z := gzip.NewWriter(&bomb)
	zeros := make([]byte, 1<<20)
	for range 256 {
		z.Write(zeros)
	}
	z.Close()
	write("bomb.csv.gz", bomb.String())
	write("endless.csv", "region,x\nNorth,"+strings.Repeat("5", 20<<20))
	var wide strings.Builder
	wide.WriteString("region,x")
	for i := range 19999 {
		fmt.Fprintf(&wide, ",c%d", i)
	}
	write("wide.csv", wide.String()+"\nNorth,5"+strings.Repeat(",1", 19999)+"\n")
	write("longtext.in", ds+"  - id: r\n    title: T\n    assert: region != \""+strings.Repeat("x", 5000)+"\"\n")
	write("longheader.csv", "region,"+strings.Repeat("x", 1_000_000)+"\nNorth,5\n")
	write("longname.csv", "region,x,"+strings.Repeat("n", 2000)+"\nNorth,5,1\n")
	type nestedRow struct {
		X     int64 `parquet:"x"`
		Where struct {
			Region string `parquet:"region"`
		} `parquet:"where"`
	}
	var nested bytes.Buffer
	w := parquet.NewGenericWriter[nestedRow](&nested)
	if _, err := w.Write(make([]nestedRow, 2)); err != nil || w.Close() != nil {
		t.Fatal(err)
	}
	write("nested.parquet", nested.String())
	for _, name := range []string{"zero.csv", "zero.yaml", "zero.txt"} {
		if err := os.Symlink("/dev/zero", filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	for _, sub := range []string{"pipes", "pipeconfig"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"pipe.in", "pipe.csv", "pipe.yaml", "pipe.txt", "pipes/figures.yaml", "pipeconfig/.figcheck.yaml"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// snapshot describes every regular file under dir: its name, size and
// modification time.
func snapshot(t *testing.T, dir string) string {
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %d %d; ", p[len(dir):], info.Size(), info.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
