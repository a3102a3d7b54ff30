package accept

import (
	"crypto/sha256"
	"encoding/hex"
	"io"

	"gopkg.in/yaml.v3"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/internal/yamlnode"
)

// Baseline is the findings of an earlier run, accepted: only findings not
// in it fail a later run. A finding is known by its rule, its subject and
// its computation with the figures' values, so moving rows around keeps it
// and changing a figure it rests on makes it new.
type Baseline struct {
	counts map[string]int // fingerprint → findings with it
}

// Fingerprint identifies a finding across runs.
func Fingerprint(f *checker.Finding) string {
	h := sha256.New()
	for _, s := range []string{f.Rule.ID, f.Subject, f.Computation} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

type baselineEntry struct {
	Rule        string `yaml:"rule"`
	Subject     string `yaml:"subject"`
	Computation string `yaml:"computation"`
	Fingerprint string `yaml:"fingerprint"`
}

// WriteBaseline writes the findings of r as a baseline file.
func WriteBaseline(w io.Writer, r *checker.Result) error {
	out := struct {
		Findings []baselineEntry `yaml:"baseline"`
	}{Findings: []baselineEntry{}}
	for i := range r.Findings {
		f := &r.Findings[i]
		out.Findings = append(out.Findings, baselineEntry{f.Rule.ID, f.Subject, f.Computation, Fingerprint(f)})
	}
	if _, err := io.WriteString(w, "# figcheck baseline: findings accepted so that only new or changed ones fail.\n# Written by figcheck baseline; rule, subject and computation are for people, the fingerprint decides.\n"); err != nil {
		return err
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(out); err != nil {
		return err
	}
	return enc.Close()
}

// DefaultBaselineBytes is the default limit on the size of a baseline:
// some hundred thousand findings, far below what reading it would cost a
// machine.
const DefaultBaselineBytes = 64 << 20

// LoadBaseline reads a baseline file of at most max bytes (0 for
// DefaultBaselineBytes).
func LoadBaseline(path string, max int) (*Baseline, error) {
	if max == 0 {
		max = DefaultBaselineBytes
	}
	src, err := yamlnode.ReadWithin(path, max, "a baseline", "baseline-size")
	if err != nil {
		return nil, yamlnode.CannotRead(path, err)
	}
	d, root := yamlnode.Parse(path, src)
	if root == nil {
		return nil, d.Errs
	}
	b := &Baseline{counts: map[string]int{}}
	d.Fields(root, "the baseline", yamlnode.Field{Name: "baseline", Required: true, Read: func(_, v *yaml.Node) {
		if v.Kind != yaml.SequenceNode {
			d.Errorf(v, "baseline must be a list of findings")
			return
		}
		for _, n := range v.Content {
			var fp string
			forPeople := func(_, _ *yaml.Node) {} // rule, subject and computation are not read back
			d.Fields(n, "a baseline entry",
				yamlnode.Field{Name: "rule", Read: forPeople},
				yamlnode.Field{Name: "subject", Read: forPeople},
				yamlnode.Field{Name: "computation", Read: forPeople},
				yamlnode.Field{Name: "fingerprint", Required: true, Read: func(_, v *yaml.Node) { fp, _ = d.String(v, "fingerprint") }},
			)
			if fp != "" {
				b.counts[fp]++
			}
		}
	}})
	return b, d.Errs.Err()
}

// Apply removes the findings the baseline holds, each as many times as it
// holds it.
func (b *Baseline) Apply(r *checker.Result) {
	left := map[string]int{}
	for k, v := range b.counts {
		left[k] = v
	}
	filter(r, "baseline", func(f *checker.Finding) bool {
		fp := Fingerprint(f)
		if left[fp] > 0 {
			left[fp]--
			return false
		}
		return true
	})
}
