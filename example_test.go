package figcheck_test

import (
	"context"
	"fmt"

	"github.com/figcheck/figcheck"
	"github.com/figcheck/figcheck/checker"
)

// Check a table against a rule file, let a waiver and a baseline accept
// two of its three findings, and list one finding per rule at most.
func Example() {
	run, err := figcheck.Load(&figcheck.Config{
		Rules:    []string{"testdata/example/rates.yaml"},
		Tables:   []string{"testdata/example/rates.csv"},
		Waivers:  []string{"testdata/example/waivers.yaml"},
		Baseline: "testdata/example/baseline.yaml",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := run.Check(context.Background(), checker.Options{MaxFindings: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Findings {
		fmt.Printf("%s %s: %s\n", f.Rule.ID, f.Subject, f.Computation)
	}
	for _, a := range res.Accepted {
		fmt.Printf("%d accepted by %s\n", a.Count, a.Step)
	}
	fmt.Println("exit code", figcheck.ExitCode(res, figcheck.FailOnError))
	// Output:
	// rate West, 2024: 9.0 == 100 * 80 / 1000
	// 1 accepted by waivers
	// 1 accepted by baseline
	// exit code 1
}
