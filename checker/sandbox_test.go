package checker

import (
	"strings"
	"testing"
	"time"

	"github.com/figcheck/figcheck/interval"
	"github.com/figcheck/figcheck/rules"
)

// TestSandboxRefuses: what a rule must not do is refused when it is
// compiled, at the place it is written, with the reason.
func TestSandboxRefuses(t *testing.T) {
	long := `"` + strings.Repeat("x", rules.DefaultLimits.TextBytes+1) + `"`
	many := "a == " + strings.Repeat("1 + ", rules.DefaultLimits.ExprNodes) + "1"
	for _, c := range []struct {
		text string
		col  int // 1-based, in the expression
		want string
	}{
		{`now() != nil`, 1, "now() is not available"},
		{`date("2024-01-01") != nil`, 1, "date() is not available"},
		{`$env != nil`, 1, "$env is not available"},
		{`toJSON($env) != ""`, 1, "toJSON() is not available"},
		{`$env["a"] == a`, 5, "fields and indexes"},
		{`let s = code + code; s == ""`, 14, "+ works on numbers only"},
		{`code + "x" == "E1x"`, 6, "+ works on numbers only"},
		{`repeat(code, 1000000) == ""`, 1, "repeat() is not available"},
		{`all(1..999, {all(1..999, {# > 0})})`, 1, "all() is not available"},
		{`1..3 == [1, 2, 3]`, 2, "ranges (a..b) are not available"},
		{`len(code) == 3`, 1, "len() is not available"},
		{`upper(level) == "X"`, 1, "upper() is not available"},
		{`{"a": 1} == nil`, 1, "this is not available"},
		{`code[0:1] == "E"`, 5, "fields and indexes"},
		{`(code ?? "x") == "x"`, 7, "the operator ?? is not available"},
		{`a ** 2 == b`, 3, "the operator ** is not available"},
		{`level == ` + long, 10, "rules allow at most 4096 in one quoted text"},
		{many, 0, "exceeds maximum allowed nodes"},
	} {
		start := time.Now()
		_, errs := compileExpr(rules.Expr{Text: c.text}, rowScope(fastDataset, true, false), assertion, interval.Tolerance{})
		name := c.text[:min(len(c.text), 40)]
		if len(errs) != 1 {
			t.Errorf("%s: %d errors, want 1: %v", name, len(errs), errs)
			continue
		}
		if !strings.Contains(errs[0].Msg, c.want) {
			t.Errorf("%s: %q, want %q", name, errs[0].Msg, c.want)
		}
		if c.col > 0 && errs[0].Pos.Col != c.col-1 {
			t.Errorf("%s: at column %d, want %d", name, errs[0].Pos.Col+1, c.col)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s: compiling took %v", name, d)
		}
	}
}

// TestSandboxAllows: everything the README lists compiles.
func TestSandboxAllows(t *testing.T) {
	for _, text := range []string{
		`a == 100 * b / c`, `-a < b`, `not (a == b) and !(b > c) || a != c`,
		`level in ["x", "y"] and code not in ["E1"]`, `code matches "^E[0-9]+$"`,
		`code startsWith "E" and code endsWith "1" and code contains "1"`,
		`let r = b / c; a == 100 * r`, `level == "x" ? a > 0 : a < 0`,
		`abs(a - b) <= 1 and min(a, b) <= max(a, b) and pct_change(prev.a, a) < 40`,
		`present(a) or a == nil`,
	} {
		if _, errs := compileExpr(rules.Expr{Text: text}, rowScope(fastDataset, true, false), assertion, interval.Tolerance{}); errs != nil {
			t.Errorf("%s: %v", text, errs)
		}
	}
}

// TestSandboxLimitsRaised: an expression past the default limits compiles
// within raised ones, and a lowered limit refuses what the default allows.
func TestSandboxLimitsRaised(t *testing.T) {
	long := `level == "` + strings.Repeat("x", 5000) + `"`
	many := "a == " + strings.Repeat("1 + ", 2500) + "1"
	for _, c := range []struct {
		text   string
		limits rules.Limits
		want   string // the error, or "" for none
	}{
		{long, rules.Limits{}, "at most 4096 in one quoted text"},
		{long, rules.Limits{TextBytes: 8192}, ""},
		{many, rules.Limits{}, "exceeds maximum allowed nodes"},
		{many, rules.Limits{ExprNodes: 6000}, ""},
		{`level == "abcdef"`, rules.Limits{TextBytes: 5}, "this text is 6 bytes long; rules allow at most 5"},
	} {
		sc := rowScope(fastDataset, true, false)
		sc.limits = c.limits
		_, errs := compileExpr(rules.Expr{Text: c.text}, sc, assertion, interval.Tolerance{})
		switch {
		case c.want == "" && errs != nil:
			t.Errorf("%.30s within %+v: %v", c.text, c.limits, errs)
		case c.want != "" && (len(errs) != 1 || !strings.Contains(errs[0].Msg, c.want)):
			t.Errorf("%.30s within %+v: %v, want %q", c.text, c.limits, errs, c.want)
		}
	}
}
