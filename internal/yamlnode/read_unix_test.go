//go:build unix

package yamlnode

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestReadSource: a regular file is read within its limit; a folder, a
// pipe, a device and a missing file are refused in words, without opening
// the pipe (which has no writer) and without the Go operation or path.
func TestReadSource(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.yaml")
	if err := os.WriteFile(file, []byte("rules: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pipe := filepath.Join(dir, "p.yaml")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Fatal(err)
	}
	if src, err := ReadSource(file, 10); err != nil || string(src) != "rules: []\n" {
		t.Errorf("a file within its limit: %q, %v", src, err)
	}
	if _, err := ReadSource(file, 9); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a file past its limit: %v", err)
	}
	for path, want := range map[string]string{
		dir:                           "it is a folder, not a file",
		pipe:                          "it is a named pipe, not a file",
		"/dev/zero":                   "it is a device, not a file",
		filepath.Join(dir, "no.yaml"): "no such file or directory",
	} {
		if _, err := ReadSource(path, 0); err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %q", path, err, want)
		}
	}
	if _, _, err := ReadFile(pipe, 10, "a rule test", "rule-file-size"); err == nil || err.Error() != pipe+": cannot read this file: it is a named pipe, not a file" {
		t.Errorf("ReadFile of a pipe: %v", err)
	}
	if _, root, err := ReadFile(file, 10, "a rule test", "rule-file-size"); err != nil || root == nil {
		t.Errorf("ReadFile of a file at its limit: %v", err)
	}
	want := file + ": cannot read this file: it is larger than 9 bytes, the most figcheck reads in a rule test; run with --limit rule-file-size=SIZE to raise it"
	if _, _, err := ReadFile(file, 9, "a rule test", "rule-file-size"); err == nil || err.Error() != want {
		t.Errorf("ReadFile of a file past its limit: %v\nwant %s", err, want)
	}
}
