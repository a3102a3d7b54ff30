package accept

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/rules"
)

func TestWildcard(t *testing.T) {
	tests := []struct {
		pattern, text string
		want          bool
	}{
		{"North East, 2022", "North East, 2022", true},
		{"North East, 2022", "North East, 2023", false},
		{"*, 2022", "North East, 2022", true},
		{"*, 2022", "North East, 2023", false},
		{"North*", "North West, 2017", true},
		{"*East*", "North East, 2022", true},
		{"*", "", true},
		{"a*b*c", "abc", true},
		{"a*b*c", "acb", false},
		{"2023/24*", "2023/24, Leeds", true},
	}
	for _, tc := range tests {
		if got := wildcard(tc.pattern, tc.text); got != tc.want {
			t.Errorf("wildcard(%q, %q) = %v", tc.pattern, tc.text, got)
		}
	}
}

func TestReadWaiversErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"waivers:\n  - rule: r\n    subject: s\n", `w.yaml:2:5: a waiver has no "reason"`},
		{"waivers:\n  - rule: r\n    subject: s\n    reason: ' '\n", "w.yaml:2:5: the waiver of r has an empty reason: say why the finding is accepted"},
		{"waivers:\n  - rule: r\n    subjekt: s\n    reason: x\n", `w.yaml:2:5: a waiver has no "subject"` + "\n" + `w.yaml:3:5: unknown key "subjekt" in a waiver (did you mean "subject"?)`},
		{"waivers: r\n", "w.yaml:1:10: waivers must be a list of waivers"},
	}
	for _, tc := range tests {
		_, err := ReadWaivers("w.yaml", []byte(tc.src))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q: got %v, want %s", tc.src, err, tc.want)
		}
	}
}

func result(subjects ...string) *checker.Result {
	r := &checker.Result{}
	rule := &rules.Rule{ID: "rate", Severity: rules.Error}
	r.Rules = []checker.RuleResult{{Rule: rule, Counts: checker.Counts{checker.Fail: len(subjects)}}}
	for _, s := range subjects {
		r.Findings = append(r.Findings, checker.Finding{Rule: rule, Subject: s, Computation: "14.8 == 13.7"})
	}
	return r
}

func TestWaiversApply(t *testing.T) {
	ws, err := ReadWaivers("w.yaml", []byte(`waivers:
  - rule: rate
    subject: "*, 2022"
    reason: methodology
  - rule: rate
    subject: "Leeds, 2019"
    reason: typo fixed upstream
`))
	if err != nil {
		t.Fatal(err)
	}
	r := result("North East, 2022", "England, 2022", "London, 2023")
	ws.Apply(r)
	var left []string
	for _, f := range r.Findings {
		left = append(left, f.Rule.ID+" "+f.Subject)
	}
	want := "rate London, 2023|figcheck/unused-waiver rate: Leeds, 2019"
	if got := strings.Join(left, "|"); got != want {
		t.Errorf("findings %s, want %s", got, want)
	}
	if len(r.Accepted) != 1 || r.Accepted[0] != (checker.Acceptance{Step: "waivers", Count: 2}) {
		t.Errorf("accepted %v", r.Accepted)
	}
	if last := r.Findings[1]; last.Pos.Line != 5 || last.Rule.Severity != rules.Warning {
		t.Errorf("unused waiver finding %+v", last)
	}
}

// TestWaiversApplyTwice: one Waivers applies to many results alike; a
// waiver used on the first is unused on a second that lacks its finding.
func TestWaiversApplyTwice(t *testing.T) {
	ws, err := ReadWaivers("w.yaml", []byte("waivers:\n  - rule: rate\n    subject: \"Leeds, 2019\"\n    reason: typo fixed upstream\n"))
	if err != nil {
		t.Fatal(err)
	}
	first := result("Leeds, 2019")
	ws.Apply(first)
	second := result("York, 2019")
	ws.Apply(second)
	if len(first.Findings) != 0 {
		t.Errorf("first: %d findings left, want 0", len(first.Findings))
	}
	if len(second.Findings) != 2 || second.Findings[1].Rule.ID != "figcheck/unused-waiver" {
		t.Errorf("second: findings %+v, want York and an unused waiver", second.Findings)
	}
}

// TestWaiverOfCappedRule: a waiver that matches none of the findings
// listed is not called unused when its rule has findings past the cap.
func TestWaiverOfCappedRule(t *testing.T) {
	ws, err := ReadWaivers("w.yaml", []byte("waivers:\n  - rule: rate\n    subject: \"Leeds, 2019\"\n    reason: typo fixed upstream\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := result("York, 2019", "Leeds, 2019")
	r.Cap(1)
	ws.Apply(r)
	if len(r.Findings) != 1 || r.Findings[0].Subject != "York, 2019" {
		t.Errorf("findings %+v, want York alone", r.Findings)
	}
}

// TestBaseline: a baseline accepts each finding as many times as it holds
// it, and a finding with another computation is new.
func TestBaseline(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteBaseline(&buf, result("A, 2022", "A, 2022", "B, 2022")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "b.yaml")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := LoadBaseline(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	r := result("A, 2022", "A, 2022", "A, 2022", "B, 2022", "C, 2022")
	r.Findings[3].Computation = "14.9 == 13.7" // B's figure changed
	b.Apply(r)
	var left []string
	for _, f := range r.Findings {
		left = append(left, f.Subject)
	}
	if got := strings.Join(left, "|"); got != "A, 2022|B, 2022|C, 2022" {
		t.Errorf("left %s", got)
	}
	if r.Accepted[0].Count != 2 {
		t.Errorf("accepted %v", r.Accepted)
	}
}

// TestFileLimits: a waiver file or baseline larger than its limit is
// refused at the file, saying which limit raises it, and read within a
// larger limit.
func TestFileLimits(t *testing.T) {
	dir := t.TempDir()
	load := map[string]func(path string, max int) error{
		"waivers":  func(p string, max int) error { _, err := LoadWaivers(p, max); return err },
		"baseline": func(p string, max int) error { _, err := LoadBaseline(p, max); return err },
	}
	for _, c := range []struct{ key, want string }{
		{"waivers", ": cannot read this waiver file: it is larger than 100 bytes, the most figcheck reads in a waiver file; run with --limit waiver-file-size=SIZE to raise it"},
		{"baseline", ": cannot read this file: it is larger than 100 bytes, the most figcheck reads in a baseline; run with --limit baseline-size=SIZE to raise it"},
	} {
		path := filepath.Join(dir, c.key+".yaml")
		if err := os.WriteFile(path, []byte("# "+strings.Repeat("x", 200)+"\n"+c.key+": []\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := load[c.key](path, 100); err == nil || err.Error() != path+c.want {
			t.Errorf("%s within 100 bytes: %v", c.key, err)
		}
		for _, max := range []int{1000, 0} {
			if err := load[c.key](path, max); err != nil {
				t.Errorf("%s within %d bytes: %v", c.key, max, err)
			}
		}
	}
}
