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
// (one argument per line), the input files, and the expected exit code,
// stdout and stderr. The command runs in the case's folder.
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
	if got := stderr.String(); got != "figcheck: writing the report: disk full\n" {
		t.Errorf("stderr %q", got)
	}
}

// TestColor: colour only when asked for or when stdout is a terminal, and
// never with NO_COLOR.
func TestColor(t *testing.T) {
	var buf bytes.Buffer
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
