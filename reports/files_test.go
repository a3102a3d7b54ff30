package reports

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestCheckPaths(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, f := range []string{"data.csv", "rules.yaml", "set.yaml", "waivers.yaml", "baseline.yaml"} {
		if err := os.WriteFile(f, []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("data.csv", "link.csv"); err != nil {
		t.Fatal(err)
	}
	inputs := []string{"data.csv", filepath.Join(dir, "rules.yaml"), "set.yaml", "waivers.yaml", "baseline.yaml"}
	tests := []struct {
		name    string
		targets []Target
		want    string // in the error; "" for none
	}{
		{"new files", []Target{{"--format json=out.json", "out.json"}, {"--format sarif=out.sarif", "out.sarif"}}, ""},
		{"an existing report is replaced", []Target{{"--format json=data.json", "data.json"}}, ""},
		{"over the table", []Target{{"--format json=data.csv", "data.csv"}}, "--format json=data.csv would write over the input data.csv: give another path"},
		{"over the rule file by another spelling", []Target{{"--format text=./sub/../rules.yaml", "./sub/../rules.yaml"}}, "would write over the input " + filepath.Join(dir, "rules.yaml")},
		{"over the figure set", []Target{{"--format html=set.yaml", "set.yaml"}}, "over the input set.yaml"},
		{"over the waivers", []Target{{"--format junit=waivers.yaml", "waivers.yaml"}}, "over the input waivers.yaml"},
		{"over the baseline", []Target{{"--format markdown=baseline.yaml", "baseline.yaml"}}, "over the input baseline.yaml"},
		{"through a link", []Target{{"--format json=link.csv", "link.csv"}}, "--format json=link.csv would write over the input data.csv"},
		{"one path twice", []Target{{"--format sarif=out", "out"}, {"--format json=out", "out"}}, "--format sarif=out and --format json=out write to one file: give each its own path"},
		{"one path twice, spelt apart", []Target{{"--format sarif=out", "out"}, {"json", filepath.Join(dir, "out")}}, "write to one file"},
	}
	for _, tt := range tests {
		err := CheckPaths(tt.targets, inputs)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestFileCommit: a report appears at its path only when committed, and
// an aborted one leaves the previous file and no temporary file.
func TestFileCommit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("half")
	f.Abort()
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("after Abort the file holds %q", b)
	}
	f, err = Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("new")
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("before Commit the file holds %q", b)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	f.Abort() // does nothing after Commit
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("after Commit the file holds %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d files, want the report alone", len(entries))
	}
	if _, err := Create(filepath.Join(dir, "missing", "r.json")); err == nil {
		t.Error("Create in a missing folder succeeds")
	}
}

// TestFileInPlace: a path that is not a regular file (a link, a named
// pipe, a device such as /dev/null) is written where it is; renaming a
// report over it would replace the link or the device itself.
func TestFileInPlace(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.json")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	f, err := Create(link)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("new")
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", fi.Mode(), err)
	}
	if b, _ := os.ReadFile(target); string(b) != "new" {
		t.Errorf("the link's target holds %q", b)
	}

	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	read := make(chan string)
	go func() {
		b, _ := os.ReadFile(fifo)
		read <- string(b)
	}()
	f, err = Create(fifo)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("report")
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the pipe was replaced: %v %v", fi.Mode(), err) // its reader waits on for ever
	}
	if got := <-read; got != "report" {
		t.Errorf("the pipe carried %q", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("the folder holds %d files, want target, link and pipe", len(entries))
	}
}
