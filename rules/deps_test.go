package rules

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencies: reading rule files links no table reader, so that a
// program that only reads rules does not carry Parquet's dependencies.
func TestDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list is not available here: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, "parquet") || dep == "github.com/figcheck/figcheck/tables" {
			t.Errorf("rules depends on %s", dep)
		}
	}
}
