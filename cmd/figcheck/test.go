package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/figcheck/figcheck"
)

// test runs figcheck test: the rule tests in paths, or in the working
// directory.
func test(f *flags, paths []string, stdout, stderr io.Writer) int {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	tests, err := figcheck.FindRuleTests(f.limits, paths...)
	if err != nil {
		return badInput(stderr, err)
	}
	if len(tests) == 0 {
		fmt.Fprintf(stderr, "figcheck test: no rule tests in %s: a rule test is a YAML file with test: and cases:\n", strings.Join(paths, ", "))
		return exitBadInput
	}
	scratch, err := os.MkdirTemp("", "figcheck-test-")
	if err != nil {
		fmt.Fprintf(stderr, "figcheck test: %v\n", err)
		return exitInternal
	}
	defer os.RemoveAll(scratch)
	passed, failed := 0, 0
	for _, path := range tests {
		tf, err := figcheck.RunRuleTest(path, scratch, f.limits)
		if err != nil {
			return badInput(stderr, err)
		}
		fmt.Fprintf(stdout, "%s\n", tf.Path)
		for _, c := range tf.Cases {
			if len(c.Problems) == 0 {
				passed++
				fmt.Fprintf(stdout, "  ✓ %s\n", c.Name)
				continue
			}
			failed++
			fmt.Fprintf(stdout, "  ✗ %s (%s)\n", c.Name, c.Pos)
			for _, p := range c.Problems {
				fmt.Fprintf(stdout, "      %s\n", p)
			}
		}
	}
	fmt.Fprintf(stdout, "%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return exitFindings
	}
	return exitClean
}
