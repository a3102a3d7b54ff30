package accept

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/internal/yamlnode"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
)

// Waiver accepts the findings of one rule for some subjects, for a reason:
// a historic inconsistency in a published series that cannot be changed.
//
//	waivers:
//	  - rule: agency-rate-fte
//	    subject: "West Midlands, 2024"   # * matches any text: "*, 2017"
//	    file: csww_indicators.csv        # optional: findings in this file only
//	    reason: The release leaves Birmingham (flagged u) out of the rate, not the counts.
type Waiver struct {
	Rule    string
	Subject string
	File    string
	Reason  string
	Pos     position.Pos
}

// Waivers are the waivers of a run, applied as one step.
type Waivers []*Waiver

// unusedRule is the rule whose findings are waivers that matched nothing.
func unusedRule(pos position.Pos) *rules.Rule {
	return &rules.Rule{
		ID:          "figcheck/unused-waiver",
		Title:       "A waiver matches no finding",
		Description: "A waiver that matches nothing is out of date or mistyped: remove it or correct its rule, subject or file.",
		Severity:    rules.Warning,
		Pos:         pos,
	}
}

// DefaultWaiverBytes is the default limit on the size of a waiver file: far
// above any list of waivers people write and review.
const DefaultWaiverBytes = 16 << 20

// LoadWaivers reads a waiver file of at most max bytes (0 for
// DefaultWaiverBytes), reporting every mistake in it.
func LoadWaivers(path string, max int) (Waivers, error) {
	if max == 0 {
		max = DefaultWaiverBytes
	}
	src, err := yamlnode.ReadWithin(path, max, "a waiver file", "waiver-file-size")
	if err != nil {
		return nil, position.Errorf(position.Pos{File: path}, "cannot read this waiver file: %v", err)
	}
	return ReadWaivers(path, src)
}

// ReadWaivers reads waivers from src.
func ReadWaivers(path string, src []byte) (Waivers, error) {
	d, root := yamlnode.Parse(path, src)
	if root == nil {
		return nil, d.Errs
	}
	var ws Waivers
	d.Fields(root, "the waiver file", yamlnode.Field{Name: "waivers", Required: true, Read: func(_, v *yaml.Node) {
		if v.Kind != yaml.SequenceNode {
			d.Errorf(v, "waivers must be a list of waivers")
			return
		}
		for _, n := range v.Content {
			w := &Waiver{Pos: d.Pos(n)}
			str := func(dst *string, name string, required bool) yamlnode.Field {
				return yamlnode.Field{Name: name, Required: required, Read: func(_, v *yaml.Node) { *dst, _ = d.String(v, name) }}
			}
			before := len(d.Errs)
			d.Fields(n, "a waiver", str(&w.Rule, "rule", true), str(&w.Subject, "subject", true),
				str(&w.File, "file", false), str(&w.Reason, "reason", true))
			if len(d.Errs) == before && strings.TrimSpace(w.Reason) == "" {
				d.Errorf(n, "the waiver of %s has an empty reason: say why the finding is accepted", w.Rule)
			}
			if len(d.Errs) == before {
				ws = append(ws, w)
			}
		}
	}})
	d.Errs.Sort()
	return ws, d.Errs.Err()
}

// matches reports whether the waiver covers finding f.
func (w *Waiver) matches(f *checker.Finding) bool {
	if f.Rule.ID != w.Rule || !wildcard(w.Subject, f.Subject) {
		return false
	}
	return w.File == "" || f.Pos.File == w.File || strings.HasSuffix(f.Pos.File, "/"+w.File)
}

// Apply removes the findings some waiver covers, then adds a finding for
// each waiver that covered none. It does not change the waivers, so that
// one Waivers applies to many results.
//
// Apply before capping the findings (checker.Result.Cap): a waiver of a
// rule with findings past the cap is not called unused, since it may cover
// one of them, but those findings stay counted as hidden.
func (ws Waivers) Apply(r *checker.Result) {
	used := make([]bool, len(ws))
	filter(r, "waivers", func(f *checker.Finding) bool {
		for i, w := range ws {
			if w.matches(f) {
				used[i] = true
				return false
			}
		}
		return true
	})
	capped := map[string]bool{}
	for _, rr := range r.Rules {
		if rr.Hidden > 0 {
			capped[rr.Rule.ID] = true
		}
	}
	for i, w := range ws {
		if used[i] || capped[w.Rule] {
			continue
		}
		rule := unusedRule(w.Pos)
		r.Rules = append(r.Rules, checker.RuleResult{Rule: rule, Counts: checker.Counts{checker.Fail: 1}})
		r.Findings = append(r.Findings, checker.Finding{
			Rule:        rule,
			Verdict:     checker.Fail,
			Subject:     w.Rule + ": " + w.Subject,
			Pos:         w.Pos,
			Message:     "no finding of rule " + w.Rule + " matches subject " + `"` + w.Subject + `"` + fileWords(w.File) + ": remove the waiver, or correct it",
			Expr:        "waiver of rule " + w.Rule + ` for subject "` + w.Subject + `"`,
			Computation: "0 findings matched",
		})
	}
}

func fileWords(file string) string {
	if file == "" {
		return ""
	}
	return " in " + file
}

// wildcard matches text against a pattern in which * stands for any text.
func wildcard(pattern, text string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == text
	}
	if !strings.HasPrefix(text, parts[0]) {
		return false
	}
	text = text[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(text, p)
		if i < 0 {
			return false
		}
		text = text[i+len(p):]
	}
	return strings.HasSuffix(text, parts[len(parts)-1])
}
