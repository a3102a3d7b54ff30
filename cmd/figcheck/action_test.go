package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestActionScript runs the check step of the repository's GitHub Action,
// as a runner would, with figcheck built from this tree: annotations on
// stdout, the Markdown report in the job summary, a SARIF file, and exit
// code 1 for the article's findings.
func TestActionScript(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("skipping: no bash to run the action's script")
	}
	var action struct {
		Runs struct {
			Steps []struct {
				Name string `yaml:"name"`
				Run  string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	src, err := os.ReadFile(filepath.Join("..", "..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(src, &action); err != nil {
		t.Fatal(err)
	}
	var script string
	for _, s := range action.Runs.Steps {
		if s.Name == "Check the figures" {
			script = s.Run
		}
	}
	if script == "" {
		t.Fatal("action.yml has no step named Check the figures")
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "figcheck"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	cmd := exec.Command("bash", "-c", script)
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(),
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"GITHUB_STEP_SUMMARY="+filepath.Join(dir, "summary.md"),
		"ARGS=testdata/article",
		"SARIF="+filepath.Join(dir, "figcheck.sarif"))
	out, err := cmd.Output()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != exitFindings {
		t.Fatalf("the step ended with %v, want exit code %d; stdout:\n%s", err, exitFindings, out)
	}
	if n := strings.Count(string(out), "::error file=testdata/article/"); n != 3 {
		t.Errorf("%d annotations:\n%s", n, out)
	}
	summary, _ := os.ReadFile(filepath.Join(dir, "summary.md"))
	if !strings.HasPrefix(string(summary), "## figcheck: 3 findings") {
		t.Errorf("job summary starts %.60q", summary)
	}
	if sarif, err := os.ReadFile(filepath.Join(dir, "figcheck.sarif")); err != nil || !strings.Contains(string(sarif), `"version": "2.1.0"`) {
		t.Errorf("SARIF file: %v", err)
	}
}
