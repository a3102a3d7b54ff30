//go:build unix

package figcheck

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestReadSpecialFiles: a named pipe or a device given as an article, a
// config file or a rule test is refused before it is read, so that a pipe
// with no writer cannot hang the run and /dev/zero cannot fill memory.
func TestReadSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "proj"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"pipe.md", "proj/.figcheck.yaml", "pipe.test.yaml"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o600); err != nil {
			t.Skip(err)
		}
	}
	p := func(name string) string { return filepath.Join(dir, name) }
	for _, c := range []struct {
		path, want string
		read       func() error
	}{
		{p("pipe.md"), "it is a named pipe, not a file", func() error { _, err := ReadArticles([]string{p("pipe.md")}, Limits{}); return err }},
		{"/dev/zero", "it is a device, not a file", func() error { _, err := ReadArticles([]string{"/dev/zero"}, Limits{}); return err }},
		{p("proj/.figcheck.yaml"), "it is a named pipe, not a file", func() error { _, err := Resolve([]string{p("proj")}, Overrides{}); return err }},
		{p("pipe.test.yaml"), "it is a named pipe, not a file", func() error { _, err := RunRuleTest(p("pipe.test.yaml"), t.TempDir(), Limits{}); return err }},
		{"/dev/zero", "it is a device, not a file", func() error { _, err := RunRuleTest("/dev/zero", t.TempDir(), Limits{}); return err }},
	} {
		done := make(chan error, 1)
		go func() { done <- c.read() }()
		select {
		case err := <-done:
			if want := c.path + ": cannot read this file: " + c.want; err == nil || err.Error() != want {
				t.Errorf("%s: %v\nwant %s", c.path, err, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: reading it does not return", c.path)
		}
	}
}
