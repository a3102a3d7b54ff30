package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestCLI runs each case under testdata/cli: a folder with an args file
// (one argument per line), the input files, optionally a stdin file to
// read as standard input, and the expected exit code, stdout and stderr.
// The command runs in the case's folder.
func TestCLI(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("..", "..", "testdata", "cli", "*"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	codes := map[int]bool{}
	for _, dir := range cases {
		dir, _ := filepath.Abs(dir)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, "args"))
			if err != nil {
				t.Fatal(err)
			}
			var args []string
			if text := strings.TrimRight(string(raw), "\n"); text != "" {
				args = strings.Split(text, "\n")
			}
			t.Chdir(dir)
			t.Setenv("NO_COLOR", "")
			if in, err := os.Open("stdin"); err == nil {
				defer in.Close()
				stdin = in
				defer func() { stdin = os.Stdin }()
			}
			var stdout, stderr bytes.Buffer
			code := run(args, &stdout, &stderr)
			codes[code] = true
			golden(t, filepath.Join(dir, "exitcode"), []byte(strconv.Itoa(code)+"\n"))
			golden(t, filepath.Join(dir, "stdout.golden"), stdout.Bytes())
			golden(t, filepath.Join(dir, "stderr.golden"), stderr.Bytes())
		})
	}
	for _, code := range []int{exitClean, exitFindings, exitBadInput} {
		if !codes[code] {
			t.Errorf("no case ends with exit code %d", code)
		}
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./cmd/figcheck -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs; got:\n%s", filepath.Base(path), got)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestInternalError pins exit code 3: figcheck itself could not finish,
// here because the report could not be written.
func TestInternalError(t *testing.T) {
	t.Chdir(filepath.Join("..", "..", "testdata", "workforce"))
	var stderr bytes.Buffer
	code := run([]string{"check"}, failingWriter{}, &stderr)
	if code != exitInternal {
		t.Errorf("exit code %d, want %d", code, exitInternal)
	}
	if got := stderr.String(); got != "figcheck: writing the text report: disk full\n" {
		t.Errorf("stderr %q", got)
	}
}

// TestColor: colour only when asked for or when stdout is a terminal, and
// never with NO_COLOR; progress only on a terminal.
func TestColor(t *testing.T) {
	var buf bytes.Buffer
	if progress(&buf) != nil {
		t.Error("progress shown on a buffer")
	}
	if useColor("auto", &buf) {
		t.Error("auto colours a buffer")
	}
	if !useColor("always", &buf) || useColor("never", &buf) {
		t.Error("always/never ignored")
	}
	t.Setenv("NO_COLOR", "1")
	if useColor("auto", os.Stdout) {
		t.Error("auto colours with NO_COLOR set")
	}
}

// TestBaselineFlow: a baseline written today accepts today's findings, and
// a changed figure makes its finding new again, wherever its row moves.
func TestBaselineFlow(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "workforce", "csww_sample.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(src), "\n")
	write := func(rows []string) {
		if err := os.WriteFile(filepath.Join(dir, "data.csv"), []byte(strings.Join(rows, "")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(lines)
	rulesPath, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "workforce", "csww-rules.yaml"))
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	if code := run([]string{"baseline", "--rules", rulesPath, "data.csv"}, &out, &errOut); code != exitClean {
		t.Fatalf("baseline: exit %d: %s", code, errOut.String())
	}
	if got := out.String(); got != "figcheck: wrote 16 findings to figcheck-baseline.yaml\n" {
		t.Errorf("baseline said %q", got)
	}
	check := func() (int, string) {
		out.Reset()
		errOut.Reset()
		code := run([]string{"check", "--rules", rulesPath, "--baseline", "figcheck-baseline.yaml", "--format", "json", "data.csv"}, &out, &errOut)
		return code, out.String()
	}
	if code, report := check(); code != exitClean || !strings.Contains(report, `"step": "baseline",`+"\n"+`      "count": 16`) {
		t.Fatalf("check with the baseline: exit %d\n%s%s", code, report, errOut.String())
	}
	// Reverse the rows: the findings are the same.
	reversed := []string{lines[0]}
	for i := len(lines) - 1; i > 0; i-- {
		if lines[i] != "" {
			reversed = append(reversed, lines[i])
		}
	}
	write(reversed)
	if code, _ := check(); code != exitClean {
		t.Fatalf("rows reordered: exit %d", code)
	}
	// Change one figure behind a finding: that finding is new.
	changed := strings.Replace(strings.Join(lines, ""), ",282.3,", ",282.4,", 1)
	write([]string{changed})
	code, report := check()
	if code != exitFindings || !strings.Contains(report, `"count": 15`) || !strings.Contains(report, `"subject": "North East, 2022"`) {
		t.Errorf("a figure changed: exit %d\n%s", code, report)
	}
}

// TestFormatsToFiles: several formats in one run, each to its own file.
func TestFormatsToFiles(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(filepath.Join("..", "..", "testdata", "article"))
	var out, errOut bytes.Buffer
	args := []string{"check", "--format", "sarif=" + filepath.Join(dir, "out.sarif"), "--format", "junit=" + filepath.Join(dir, "out.xml"), "--format", "github"}
	if code := run(args, &out, &errOut); code != exitFindings {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if n := strings.Count(out.String(), "::error "); n != 3 {
		t.Errorf("%d annotations on stdout:\n%s", n, out.String())
	}
	for _, f := range []string{"out.sarif", "out.xml"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil || len(b) < 500 {
			t.Errorf("%s: %d bytes, %v", f, len(b), err)
		}
	}
}

// TestCapAndBaseline: a failure past --max-findings is never taken for one
// the baseline accepted, and still fails the run.
func TestCapAndBaseline(t *testing.T) {
	rulesPath, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "workforce", "csww-rules.yaml"))
	data, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "workforce", "csww_sample.csv"))
	t.Chdir(t.TempDir())
	var out, errOut bytes.Buffer
	if code := run([]string{"baseline", "--rules", rulesPath, "--max-findings", "1", data}, &out, &errOut); code != exitClean {
		t.Fatalf("baseline: %d %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "wrote 16 findings") {
		t.Errorf("the baseline is capped: %s", out.String())
	}
	// Every finding is accepted, capped or not.
	if code := run([]string{"check", "--rules", rulesPath, "--baseline", "figcheck-baseline.yaml", "--max-findings", "1", data}, &out, &errOut); code != exitClean {
		t.Errorf("check with the baseline: exit %d", code)
	}
	// Past the cap, failures still fail the run.
	if code := run([]string{"check", "--rules", rulesPath, "--max-findings", "1", "--format", "json", data}, &out, &errOut); code != exitFindings {
		t.Errorf("capped check: exit %d", code)
	}
}
