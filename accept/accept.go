// Package accept takes accepted findings out of a result after checking
// and before reporting: waivers, which name a rule and what it covers and
// give a reason, and baselines, which record the findings of an earlier run
// so that only new or changed ones fail a build. Both are steps that run in
// order; the result counts what each took out.
package accept

import (
	"github.com/figcheck/figcheck/checker"
)

// Step is one thing that takes findings out of a result.
type Step interface {
	// Apply removes the findings the step accepts, records how many in
	// r.Accepted, and may add findings of its own (a waiver that
	// matched nothing). It leaves the step itself unchanged.
	Apply(r *checker.Result)
}

// Apply runs the steps in order.
func Apply(r *checker.Result, steps ...Step) {
	for _, s := range steps {
		s.Apply(r)
	}
}

// filter keeps the findings for which keep is true and counts the others
// under the step's name.
func filter(r *checker.Result, step string, keep func(*checker.Finding) bool) {
	kept := r.Findings[:0]
	removed := 0
	for i := range r.Findings {
		if keep(&r.Findings[i]) {
			kept = append(kept, r.Findings[i])
		} else {
			removed++
		}
	}
	r.Findings = kept
	r.Accepted = append(r.Accepted, checker.Acceptance{Step: step, Count: removed})
}
