package rules

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/interval"
	"github.com/figcheck/figcheck/position"
)

// errorStrings returns err as the list of "file:line:col: message" lines it
// holds, failing the test if err is not a position.Errors.
func errorStrings(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var list position.Errors
	if !errors.As(err, &list) {
		t.Fatalf("error is %T, not position.Errors: %v", err, err)
	}
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = e.Error()
	}
	return out
}

func checkErrors(t *testing.T, err error, want []string) {
	t.Helper()
	got := errorStrings(t, err)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// dataset is a minimal dataset for rules that need a table.
const dataset = `dataset:
  dimensions: [year, area]
  measures: [a, b, total]
`

const noAssertMsg = " has no assert: write the relation the figures must satisfy, e.g. assert: share == 100 * part / whole"

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		// The file as a whole.
		{"invalid YAML", `rules:
  - id: a
    title: T
    assert: a: b
`, []string{"r.yaml:4:14: invalid YAML: mapping values are not allowed in this context"}},
		{"empty file", ``, []string{"r.yaml:1:1: the file is empty"}},
		{"only a comment", "# nothing here\n", []string{"r.yaml:1:1: the file is empty"}},
		{"two documents", `rules:
  - id: a
    title: T
    assert: a == b
---
rules:
  - id: b
    title: T
    assert: a == b
`, []string{"r.yaml:5:1: a second YAML document starts here: write everything in one document, without ---"}},
		{"file is a list", `- id: a
  title: T
`, []string{"r.yaml:1:1: the file must be a mapping of keys to values, not a list"}},
		{"file is a scalar", `just text`, []string{`r.yaml:1:1: the file must be a mapping of keys to values, not a single value`}},
		{"unknown top-level key, close", `rule:
  - id: a
`, []string{`r.yaml:1:1: unknown key "rule" in the rule file (did you mean "rules"?)`}},
		{"unknown top-level key, far", `checks: []
`, []string{`r.yaml:1:1: unknown key "checks" in the rule file (known keys: aliases, dataset, include, rates, rules)`}},
		{"repeated top-level key", `rules: []
rules: []
`, []string{`r.yaml:2:1: key "rules" appears twice in the rule file`}},
		{"rules is a mapping", `rules: {a: b}
`, []string{"r.yaml:1:8: rules must be a list of rules, not a single value or mapping"}},
		{"rules is a scalar", `rules: a == b
`, []string{"r.yaml:1:8: rules must be a list of rules, not a single value or mapping"}},
		{"include not followed by Read", `include: other.yaml
`, []string{"r.yaml:1:10: include is not followed here"}},

		// A rule's keys.
		{"rule is a scalar", `rules:
  - a == b
`, []string{`r.yaml:2:5: a rule must be a mapping, not the value "a == b"`}},
		{"unknown rule key with suggestion", `rules:
  - id: a
    title: T
    asert: a == b
`, []string{
			"r.yaml:2:5: rule a" + noAssertMsg,
			`r.yaml:4:5: unknown key "asert" in a rule (did you mean "assert"?)`,
		}},
		{"unknown rule key far from any", `rules:
  - id: a
    title: T
    assert: a == b
    explanation: why
`, []string{`r.yaml:5:5: unknown key "explanation" in a rule (known keys: assert, description, group, id, message, same_figure, severity, title, tolerance, unique, when)`}},
		{"repeated rule key", `rules:
  - id: a
    title: T
    assert: a == b
    assert: b == a
`, []string{`r.yaml:5:5: key "assert" appears twice in a rule`}},
		{"missing id", `rules:
  - title: T
    assert: a == b
`, []string{`r.yaml:2:5: a rule has no "id"`}},
		{"missing id and assert", `rules:
  - title: T
`, []string{
			`r.yaml:2:5: a rule has no "id"`,
			"r.yaml:2:5: the rule" + noAssertMsg,
		}},
		{"missing title", `rules:
  - id: a
    assert: a == b
`, []string{`r.yaml:2:5: a rule has no "title"`}},
		{"id with a space", `rules:
  - id: a b
    title: T
    assert: a == b
`, []string{`r.yaml:2:9: rule id "a b" must start with a letter or digit and hold only letters, digits and . _ / -`}},
		{"id starting with a dash", `rules:
  - id: -a
    title: T
    assert: a == b
`, []string{`r.yaml:2:9: rule id "-a" must start with a letter or digit and hold only letters, digits and . _ / -`}},
		{"id is a list", `rules:
  - id: [a]
    title: T
    assert: a == b
`, []string{`r.yaml:2:9: id must be a single value, not a list`}},
		{"duplicate id", `rules:
  - id: a
    title: T
    assert: a == b
  - id: b
    title: T
    assert: a == b
  - id: a
    title: U
    assert: b == a
  - id: a
    title: V
    assert: b == a
`, []string{
			`r.yaml:8:9: rule id "a" is already used at r.yaml:2:9`,
			`r.yaml:11:9: rule id "a" is already used at r.yaml:2:9`,
		}},
		{"bad severity", `rules:
  - id: a
    title: T
    assert: a == b
    severity: fatal
`, []string{`r.yaml:5:15: severity "fatal" is not one of info, warning, error`}},
		{"severity in capitals", `rules:
  - id: a
    title: T
    assert: a == b
    severity: Warning
`, []string{`r.yaml:5:15: severity "Warning" is not one of info, warning, error`}},

		// assert, when and same_figure.
		{"assert missing", `rules:
  - id: a
    title: T
`, []string{"r.yaml:2:5: rule a" + noAssertMsg}},
		{"assert empty string", `rules:
  - id: a
    title: T
    assert: ""
`, []string{"r.yaml:4:13: assert is empty"}},
		{"assert blank", `rules:
  - id: a
    title: T
    assert: "  "
`, []string{"r.yaml:4:13: assert is empty"}},
		{"assert null", `rules:
  - id: a
    title: T
    assert:
`, []string{"r.yaml:4:12: assert is empty"}},
		{"assert is a list", `rules:
  - id: a
    title: T
    assert: [a == b]
`, []string{"r.yaml:4:13: assert must be a single value, not a list"}},
		{"when empty", dataset + `rules:
  - id: a
    title: T
    assert: a == b
    when: ""
`, []string{"r.yaml:8:11: when is empty"}},
		{"assert and same_figure", `rules:
  - id: a
    title: T
    assert: a == b
    same_figure: true
`, []string{"r.yaml:2:5: rule a has both assert and same_figure: a same_figure rule compares figures by identity and takes no assert"}},
		{"same_figure with when", dataset + `rules:
  - id: a
    title: T
    same_figure: true
    when: area == "x"
`, []string{"r.yaml:5:5: rule a: same_figure takes neither group nor when"}},
		{"same_figure not a boolean", `rules:
  - id: a
    title: T
    same_figure: yes
`, []string{`r.yaml:4:18: same_figure must be true or false, not "yes"`}},
		{"same_figure false needs an assert", `rules:
  - id: a
    title: T
    same_figure: false
`, []string{"r.yaml:2:5: rule a" + noAssertMsg}},
		{"group without dataset", `rules:
  - id: a
    title: T
    assert: total == sum(parts.a)
    group:
      by: [year]
      parts: area != "all"
      whole: area == "all"
`, []string{"r.yaml:2:5: rule a has a group but its file declares no dataset: groups compare rows of a table"}},
		{"when without dataset", `rules:
  - id: a
    title: T
    assert: a == b
    when: area == "all"
`, []string{"r.yaml:2:5: rule a has a when but its file declares no dataset: when chooses rows of a table"}},

		// tolerance.
		{"tolerance negative", `rules:
  - id: a
    title: T
    assert: a == b
    tolerance: -1
`, []string{"r.yaml:5:16: tolerance must not be negative"}},
		{"tolerance not a number", `rules:
  - id: a
    title: T
    assert: a == b
    tolerance: some
`, []string{`r.yaml:5:16: tolerance must be a number, not "some"`}},
		{"tolerance absolute negative", `rules:
  - id: a
    title: T
    assert: a == b
    tolerance: {absolute: -0.5}
`, []string{"r.yaml:5:27: absolute tolerance must not be negative"}},
		{"tolerance relative without %", `rules:
  - id: a
    title: T
    assert: a == b
    tolerance: {relative: 1}
`, []string{`r.yaml:5:27: relative tolerance must be a percentage such as 1%, not "1"`}},
		{"tolerance relative negative", `rules:
  - id: a
    title: T
    assert: a == b
    tolerance: {relative: "-1%"}
`, []string{`r.yaml:5:27: relative tolerance must be a percentage such as 1%, not "-1%"`}},
		{"tolerance relative NaN", `rules:
  - id: a
    title: T
    assert: a == b
    tolerance: {relative: "NaN%"}
`, []string{`r.yaml:5:27: relative tolerance must be a percentage such as 1%, not "NaN%"`}},
		{"tolerance unknown key", `rules:
  - id: a
    title: T
    assert: a == b
    tolerance: {abs: 1}
`, []string{`r.yaml:5:17: unknown key "abs" in tolerance (known keys: absolute, relative)`}},
		{"tolerance is a list", `rules:
  - id: a
    title: T
    assert: a == b
    tolerance: [1]
`, []string{`r.yaml:5:16: tolerance must be a mapping, not a list`}},

		// group.
		{"group empty", dataset + `rules:
  - id: a
    title: T
    assert: total == sum(parts.a)
    group: {}
`, []string{
			`r.yaml:8:12: group has no "by"`,
			`r.yaml:8:12: group has no "parts"`,
			`r.yaml:8:12: group has no "whole"`,
		}},
		{"group missing parts", dataset + `rules:
  - id: a
    title: T
    assert: total == sum(parts.a)
    group:
      by: year
      whole: area == "all"
`, []string{`r.yaml:9:7: group has no "parts"`}},
		{"group parts empty", dataset + `rules:
  - id: a
    title: T
    assert: total == sum(parts.a)
    group:
      by: year
      parts: ""
      whole: area == "all"
`, []string{`r.yaml:10:14: parts is empty`}},
		{"group is a scalar", dataset + `rules:
  - id: a
    title: T
    assert: total == sum(parts.a)
    group: year
`, []string{`r.yaml:8:12: group must be a mapping, not the value "year"`}},
		{"group by a mapping", dataset + `rules:
  - id: a
    title: T
    assert: total == sum(parts.a)
    group:
      by: {year: 1}
      parts: area != "all"
      whole: area == "all"
`, []string{`r.yaml:9:11: by has no "parts"`, `r.yaml:9:11: by has no "whole"`, `r.yaml:9:12: unknown key "year" in by (known keys: parts, whole)`}},
		{"group by parts and whole of different lengths", dataset + `rules:
  - id: a
    title: T
    assert: total == sum(parts.a)
    group:
      by: {parts: [year, area], whole: [year]}
      parts: area != "all"
      whole: area == "all"
`, []string{`r.yaml:9:11: by names 2 columns for the parts and 1 for the whole: they are matched one to one`}},
		{"unique with an assert", dataset + `rules:
  - id: a
    title: T
    assert: a > 0
    unique: [year, area]
`, []string{`r.yaml:5:5: rule a: unique takes no assert, group or same_figure: it says which dimensions identify a row`}},
		{"unique without a dataset", `rules:
  - id: a
    title: T
    unique: [year]
`, []string{`r.yaml:2:5: rule a has unique but its file declares no dataset: unique is about the rows of a table`}},

		// dataset.
		{"dataset empty", `dataset: {}
`, []string{
			`r.yaml:1:10: the dataset has no "dimensions"`,
			`r.yaml:1:10: the dataset has no "measures"`,
		}},
		{"dataset null", `dataset:
`, []string{`r.yaml:1:9: the dataset must be a mapping, not nothing`}},
		{"dataset unknown key", `dataset:
  dimensions: [year]
  measures: [a]
  measure: [b]
`, []string{`r.yaml:4:3: unknown key "measure" in the dataset (did you mean "measures"?)`}},
		{"bad precision", `dataset:
  dimensions: [year]
  measures:
    a: 0
    b: tenths
    c: {precision: -1}
    d: [1]
    e: {round: 1}
`, []string{
			`r.yaml:4:8: precision "0" is not as-written, exact or a positive step such as 0.1 or 10`,
			`r.yaml:5:8: precision "tenths" is not as-written, exact or a positive step such as 0.1 or 10`,
			`r.yaml:6:20: precision "-1" is not as-written, exact or a positive step such as 0.1 or 10`,
			`r.yaml:7:8: precision must be a single value, not a list`,
			`r.yaml:8:9: unknown key "round" in measure e (known keys: blame, column, precision)`,
		}},
		{"bad blame", `dataset:
  dimensions: [year]
  measures:
    a: {precision: 0.1, blame: 0}
    b: {blame: many}
    c: {blame: -2}
`, []string{
			`r.yaml:4:32: blame is 0: give a number above 0 (1 is the default; less makes the measure's figures likelier culprits)`,
			`r.yaml:5:16: blame must be a number, not "many"`,
			`r.yaml:6:16: blame is -2: give a number above 0 (1 is the default; less makes the measure's figures likelier culprits)`,
		}},
		{"measure repeated in mapping", `dataset:
  dimensions: [year]
  measures: {a: 1, a: 2}
`, []string{`r.yaml:3:20: "a" appears twice in measures`}},
		{"column declared twice", `dataset:
  dimensions: [year, area, year]
  measures: [a, area, b, area]
`, []string{
			`r.yaml:2:28: column "year" is already declared at r.yaml:2:16`,
			`r.yaml:3:17: column "area" is already declared at r.yaml:2:22`,
			`r.yaml:3:26: column "area" is already declared at r.yaml:2:22`,
		}},
		{"column not an identifier", `dataset:
  dimensions: [time period, year]
  measures:
    1st: 0.1
    a-b: exact
`, []string{
			`r.yaml:2:16: column "time period" cannot be named in a rule: give it a name of letters, digits and underscores that reads it, as in time_period: {column: "time period"}`,
			`r.yaml:4:5: column "1st" cannot be named in a rule: give it a name of letters, digits and underscores that reads it, as in _1st: {column: "1st"}`,
			`r.yaml:5:5: column "a-b" cannot be named in a rule: give it a name of letters, digits and underscores that reads it, as in a_b: {column: "a-b"}`,
		}},
		{"period not a dimension", `dataset:
  dimensions: [year]
  measures: [a]
  period: a
`, []string{`r.yaml:4:11: period "a" is not one of the dimensions`}},
		{"period is a list", `dataset:
  dimensions: [year]
  measures: [a]
  period: [year]
`, []string{`r.yaml:4:11: period must be a single value, not a list`}},
		{"area not a dimension", `dataset:
  dimensions: [year, la, region]
  measures: [a]
  area: [la, country, region]
`, []string{`r.yaml:4:14: area "country" is not one of the dimensions`}},
		{"how tables are written, wrongly", `dataset:
  delimiter: "|"
  decimal: "·"
  dimensions: [{a: {column: x}}, {b: {column: y}, c: {column: z}}, {d: {header: z}}, {e: {column: " "}}]
  measures:
    f: {column: x}
    g: {column: [h]}
`, []string{
			`r.yaml:2:14: delimiter "|" is not ",", ";" or tab ("\t" or tab)`,
			`r.yaml:3:12: decimal "·" is not "." or ","`,
			`r.yaml:4:34: a dimension given as a mapping has one key, its name, as in incl_prob: {column: incl.prob}`,
			`r.yaml:4:72: dimension d has no "column"`,
			`r.yaml:4:73: unknown key "header" in dimension d (known keys: column)`,
			`r.yaml:4:99: column is empty: give the header text of the column`,
			`r.yaml:6:5: column "x" is already read at r.yaml:4:17`,
			`r.yaml:7:17: column must be a single value, not a list`,
		}},
		{"decimal commas between commas", `dataset:
  delimiter: ","
  decimal: ","
  dimensions: [y]
  measures: [a]
`, []string{`r.yaml:3:12: a table with decimal commas cannot be separated by commas: declare delimiter: ";" or tab`}},
		{"suppressed is a mapping", `dataset:
  dimensions: [year]
  measures: [a]
  suppressed: {x: 1}
`, []string{`r.yaml:4:15: suppressed must be a list, not a mapping`}},
		{"suppressed item is a list", `dataset:
  dimensions: [year]
  measures: [a]
  suppressed: [x, [c]]
`, []string{`r.yaml:4:19: each item of suppressed must be a single value, not a list`}},

		// Every mistake in a file at once, in file order though found in
		// another.
		{"several errors sorted", `rules:
  - id: b
    title: T
    assert: a == b
    severity: high
  - id: a
    assert: ""
  - id: b
    title: U
    assert: a == b
    when: a > 0
dataset:
  dimensions: [year]
  measures: [a, year]
bogus: 1
`, []string{
			`r.yaml:5:15: severity "high" is not one of info, warning, error`,
			`r.yaml:6:5: a rule has no "title"`,
			`r.yaml:7:13: assert is empty`,
			`r.yaml:8:9: rule id "b" is already used at r.yaml:2:9`,
			`r.yaml:14:17: column "year" is already declared at r.yaml:13:16`,
			`r.yaml:15:1: unknown key "bogus" in the rule file (known keys: aliases, dataset, include, rates, rules)`,
		}},
		// Rates and aliases.
		{"rate without per", "rates:\n  turnover_rate: {of: leavers}\n", []string{`r.yaml:2:18: rate turnover_rate has no "per"`}},
		{"rate of itself", "rates:\n  turnover_rate: {of: leavers, per: leavers}\n",
			[]string{"r.yaml:2:18: rate turnover_rate: its name, of and per must be three different measures"}},
		{"rate unknown key", "rates:\n  turnover_rate: {of: leavers, per: fte, by: 100}\n",
			[]string{`r.yaml:2:42: unknown key "by" in rate turnover_rate (did you mean "of"?)`}},
		{"rate times not positive", "rates:\n  turnover_rate: {of: leavers, per: fte, times: -100}\n",
			[]string{"r.yaml:2:49: times must be a positive number, as 100 for a percentage or 1000 for a rate per thousand"}},
		{"rate times not a number", "rates:\n  turnover_rate: {of: leavers, per: fte, times: lots}\n",
			[]string{`r.yaml:2:49: times must be a number, not "lots"`}},
		{"rate name not a measure", "rates:\n  turnover rate: {of: leavers, per: fte}\n",
			[]string{`r.yaml:2:3: a rate: "turnover rate" is not a measure's name: a letter or _ and then letters, digits and _, as in turnover_rate`}},
		{"rate of not a measure", "rates:\n  turnover_rate: {of: 2 leavers, per: fte}\n",
			[]string{`r.yaml:2:23: of: "2 leavers" is not a measure's name: a letter or _ and then letters, digits and _, as in turnover_rate`}},
		{"rates a list", "rates:\n  - turnover_rate\n", []string{"r.yaml:2:3: rates must be a mapping, not a list"}},
		{"rate twice", "rates:\n  r: {of: a, per: b}\n  r: {of: a, per: c}\n", []string{`r.yaml:3:3: "r" appears twice in rates`}},
		{"alias empty", "aliases:\n  fte: [FTE, \" \"]\n", []string{"r.yaml:2:14: an alias of fte is empty: write the words articles use for it"}},
		{"alias a mapping", "aliases:\n  fte: {words: FTE}\n", []string{"r.yaml:2:8: the aliases of fte must be a list, not a mapping"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := Read("r.yaml", []byte(tt.src))
			checkErrors(t, err, tt.want)
			if set == nil {
				t.Fatal("Read returned a nil set")
			}
		})
	}
}

// TestReadKeepsGoodRules checks that rules with mistakes are left out of the
// set and the others kept.
func TestReadKeepsGoodRules(t *testing.T) {
	set, err := Read("r.yaml", []byte(`rules:
  - id: good
    title: T
    assert: a == b
  - id: bad
    title: T
    severity: high
    assert: a == b
  - id: also-good
    title: T
    assert: a >= b
`))
	checkErrors(t, err, []string{`r.yaml:7:15: severity "high" is not one of info, warning, error`})
	var ids []string
	for _, r := range set.Rules {
		ids = append(ids, r.ID)
	}
	if !reflect.DeepEqual(ids, []string{"good", "also-good"}) {
		t.Errorf("rules %v, want good and also-good", ids)
	}
}

func TestReadValid(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		check func(t *testing.T, s *Set)
	}{
		{"rates and aliases", `rates:
  turnover_rate: {of: leavers, per: fte}
  vacancy_rate:
    of: vacancies
    per: posts
    times: 1000
aliases:
  fte: [full-time equivalent social workers, FTE]
  leavers: people who left
`, func(t *testing.T, s *Set) {
			want := []Rate{{Name: "turnover_rate", Of: "leavers", Per: "fte", Times: 100, Pos: position.Pos{File: "r.yaml", Line: 2, Col: 3}},
				{Name: "vacancy_rate", Of: "vacancies", Per: "posts", Times: 1000, Pos: position.Pos{File: "r.yaml", Line: 3, Col: 3}}}
			if !reflect.DeepEqual(s.Rates, want) {
				t.Errorf("rates %+v, want %+v", s.Rates, want)
			}
			aliases := []Alias{{Measure: "fte", Words: []string{"full-time equivalent social workers", "FTE"}, Pos: position.Pos{File: "r.yaml", Line: 8, Col: 3}},
				{Measure: "leavers", Words: []string{"people who left"}, Pos: position.Pos{File: "r.yaml", Line: 9, Col: 3}}}
			if !reflect.DeepEqual(s.Aliases, aliases) {
				t.Errorf("aliases %+v, want %+v", s.Aliases, aliases)
			}
		}},
		{"defaults", `rules:
  - id: total.sum/v2_a
    title: Parts add up
    assert: total == a + b
`, func(t *testing.T, s *Set) {
			if len(s.Rules) != 1 {
				t.Fatalf("%d rules, want 1", len(s.Rules))
			}
			r := s.Rules[0]
			if r.ID != "total.sum/v2_a" || r.Title != "Parts add up" {
				t.Errorf("ID %q, Title %q", r.ID, r.Title)
			}
			if r.Severity != Error {
				t.Errorf("severity %v, want error by default", r.Severity)
			}
			if r.Pos != (position.Pos{File: "r.yaml", Line: 2, Col: 9}) {
				t.Errorf("Pos %v, want r.yaml:2:9", r.Pos)
			}
			if r.Assert.Text != "total == a + b" || r.Assert.Pos != (position.Pos{File: "r.yaml", Line: 4, Col: 13}) {
				t.Errorf("Assert %q at %v", r.Assert.Text, r.Assert.Pos)
			}
			if !r.When.IsZero() || r.Group != nil || r.SameFigure || r.Dataset != nil {
				t.Errorf("unexpected When %v, Group %v, SameFigure %v, Dataset %v", r.When, r.Group, r.SameFigure, r.Dataset)
			}
			if r.Tolerance != (interval.Tolerance{}) {
				t.Errorf("Tolerance %+v, want zero", r.Tolerance)
			}
			if len(s.Datasets) != 0 || !reflect.DeepEqual(s.Files, []string{"r.yaml"}) {
				t.Errorf("Datasets %v, Files %v", s.Datasets, s.Files)
			}
			if s.Lookup("total.sum/v2_a") != r || s.Lookup("nope") != nil {
				t.Error("Lookup does not find the rule by id")
			}
		}},
		{"severity, description, message", `rules:
  - id: w
    title: T
    description: Why it matters.
    severity: warning
    assert: a <= b
    message: "{a} is more than {b}"
  - id: i
    title: T
    severity: info
    assert: a <= b
`, func(t *testing.T, s *Set) {
			w, i := s.Lookup("w"), s.Lookup("i")
			if w.Severity != Warning || i.Severity != Info {
				t.Errorf("severities %v, %v", w.Severity, i.Severity)
			}
			if w.Description != "Why it matters." {
				t.Errorf("Description %q", w.Description)
			}
			if w.Message != "{a} is more than {b}" || w.MessagePos != (position.Pos{File: "r.yaml", Line: 7, Col: 14}) {
				t.Errorf("Message %q at %v", w.Message, w.MessagePos)
			}
			if i.Message != "" {
				t.Errorf("Message %q, want none", i.Message)
			}
		}},
		{"tolerances", `rules:
  - id: n
    title: T
    assert: a == b
    tolerance: 0.5
  - id: abs
    title: T
    assert: a == b
    tolerance: {absolute: 2}
  - id: rel
    title: T
    assert: a == b
    tolerance: {relative: "1%"}
  - id: rel2
    title: T
    assert: a == b
    tolerance: {relative: 1.5%}
  - id: both
    title: T
    assert: a == b
    tolerance:
      absolute: 0
      relative: 10%
`, func(t *testing.T, s *Set) {
			want := map[string]interval.Tolerance{
				"n":    {Abs: 0.5},
				"abs":  {Abs: 2},
				"rel":  {Rel: 0.01},
				"rel2": {Rel: 0.015},
				"both": {Rel: 0.1},
			}
			for id, tol := range want {
				if got := s.Lookup(id).Tolerance; got != tol {
					t.Errorf("%s: Tolerance %+v, want %+v", id, got, tol)
				}
			}
		}},
		{"same_figure", `rules:
  - id: same
    title: A figure published twice has one value
    severity: warning
    same_figure: true
`, func(t *testing.T, s *Set) {
			r := s.Rules[0]
			if !r.SameFigure || !r.Assert.IsZero() || r.Severity != Warning {
				t.Errorf("SameFigure %v, Assert %q, Severity %v", r.SameFigure, r.Assert.Text, r.Severity)
			}
		}},
		{"dataset with group and when", `# A comment first.
dataset:
  dimensions: [year, region, la]
  period: year
  area: [la, region]
  suppressed: [x, "[c]"]
  measures: [fte, headcount]
rules:
  - id: sum
    title: LAs add up to their region
    group:
      by: [year, region]
      parts: la != ""
      whole: la == ""
    assert: fte == sum(parts.fte)
  - id: when
    title: T
    when: region == "London"
    assert: fte <= headcount
`, func(t *testing.T, s *Set) {
			if len(s.Datasets) != 1 {
				t.Fatalf("%d datasets, want 1", len(s.Datasets))
			}
			ds := s.Datasets[0]
			for _, r := range s.Rules {
				if r.Dataset != ds {
					t.Errorf("rule %s: Dataset %p, want the file's %p", r.ID, r.Dataset, ds)
				}
			}
			if ds.Pos != (position.Pos{File: "r.yaml", Line: 3, Col: 3}) {
				t.Errorf("dataset Pos %v", ds.Pos)
			}
			var dims []string
			for _, c := range ds.Dimensions {
				dims = append(dims, c.Name)
			}
			if !reflect.DeepEqual(dims, []string{"year", "region", "la"}) {
				t.Errorf("Dimensions %v", dims)
			}
			if c := ds.Dimension("la"); c == nil || c.Pos != (position.Pos{File: "r.yaml", Line: 3, Col: 30}) {
				t.Errorf("Dimension(la) = %+v", c)
			}
			if ds.Dimension("fte") != nil || ds.Measure("year") != nil {
				t.Error("a measure found as a dimension or the reverse")
			}
			if ds.Period != "year" || !reflect.DeepEqual(ds.Area, []string{"la", "region"}) {
				t.Errorf("Period %q, Area %v", ds.Period, ds.Area)
			}
			if !reflect.DeepEqual(ds.Codes, figures.NewCodes("x", "[c]")) {
				t.Errorf("Codes %v", ds.Codes)
			}
			if m := ds.Measure("fte"); m == nil || m.Precision != figures.AsWritten {
				t.Errorf("Measure(fte) = %+v, want as written", m)
			}
			g := s.Lookup("sum").Group
			if g == nil {
				t.Fatal("no group")
			}
			if !reflect.DeepEqual(g.By, []string{"year", "region"}) {
				t.Errorf("Group.By %v", g.By)
			}
			wantByPos := []position.Pos{{File: "r.yaml", Line: 12, Col: 12}, {File: "r.yaml", Line: 12, Col: 18}}
			if !reflect.DeepEqual(g.ByPos, wantByPos) {
				t.Errorf("Group.ByPos %v, want %v", g.ByPos, wantByPos)
			}
			if g.Parts.Text != `la != ""` || g.Whole.Text != `la == ""` {
				t.Errorf("Parts %q, Whole %q", g.Parts.Text, g.Whole.Text)
			}
			if g.Parts.Pos != (position.Pos{File: "r.yaml", Line: 13, Col: 14}) {
				t.Errorf("Parts at %v", g.Parts.Pos)
			}
			if w := s.Lookup("when").When; w.Text != `region == "London"` {
				t.Errorf("When %q", w.Text)
			}
		}},
		{"group by a single column", dataset + `rules:
  - id: g
    title: T
    assert: total == sum(parts.a)
    group: {by: year, parts: area != "all", whole: area == "all"}
`, func(t *testing.T, s *Set) {
			if g := s.Rules[0].Group; !reflect.DeepEqual(g.By, []string{"year"}) {
				t.Errorf("Group.By %v", g.By)
			}
		}},
		{"how tables are written", `dataset:
  delimiter: ";"
  decimal: ","
  missing: [NA, ""]
  suppressed: [x]
  dimensions: [id, {incl_prob: {column: incl.prob}}]
  measures:
    other_rev: {column: other.rev, precision: exact}
    turnover: exact
`, func(t *testing.T, s *Set) {
			ds := s.Datasets[0]
			if ds.Delimiter != ';' || !ds.DecimalComma {
				t.Errorf("Delimiter %q, DecimalComma %v", ds.Delimiter, ds.DecimalComma)
			}
			want := figures.Codes{"x": figures.Suppressed, "na": figures.Missing}
			if !reflect.DeepEqual(ds.Codes, want) {
				t.Errorf("Codes %v, want %v", ds.Codes, want)
			}
			for _, c := range []struct {
				col          *Column
				name, header string
				pos          position.Pos
			}{
				{ds.Dimension("id"), "id", "id", position.Pos{File: "r.yaml", Line: 6, Col: 16}},
				{ds.Dimension("incl_prob"), "incl_prob", "incl.prob", position.Pos{File: "r.yaml", Line: 6, Col: 21}},
				{ds.Measure("other_rev"), "other_rev", "other.rev", position.Pos{File: "r.yaml", Line: 8, Col: 5}},
				{ds.Measure("turnover"), "turnover", "turnover", position.Pos{File: "r.yaml", Line: 9, Col: 5}},
			} {
				if c.col == nil || c.col.HeaderText() != c.header || c.col.Pos != c.pos {
					t.Errorf("column %s = %+v, want header %q at %v", c.name, c.col, c.header, c.pos)
				}
			}
			if m := ds.Measure("other_rev"); m.Precision != figures.Exact {
				t.Errorf("other_rev precision %v", m.Precision)
			}
		}},
		{"a tab", "dataset: {delimiter: \"\\t\", dimensions: [y], measures: [a]}\n", func(t *testing.T, s *Set) {
			if d := s.Datasets[0].Delimiter; d != '\t' {
				t.Errorf("Delimiter %q", d)
			}
		}},
		{"a tab by name", "dataset: {delimiter: tab, dimensions: [y], measures: [a]}\n", func(t *testing.T, s *Set) {
			if d := s.Datasets[0].Delimiter; d != '\t' {
				t.Errorf("Delimiter %q", d)
			}
		}},
		{"default suppression codes", dataset, func(t *testing.T, s *Set) {
			if !reflect.DeepEqual(s.Datasets[0].Codes, figures.DefaultCodes) {
				t.Errorf("Codes %v, want the defaults", s.Datasets[0].Codes)
			}
		}},
		{"measures with precisions", `dataset:
  dimensions: year
  measures:
    rate: 0.1
    count: exact
    rounded: 10
    written:
    declared: {precision: 0.01}
    mapped: {}
    plain: as-written
`, func(t *testing.T, s *Set) {
			ds := s.Datasets[0]
			want := []struct {
				name string
				p    figures.Precision
			}{
				{"rate", figures.Step(0.1)},
				{"count", figures.Exact},
				{"rounded", figures.Step(10)},
				{"written", figures.AsWritten},
				{"declared", figures.Step(0.01)},
				{"mapped", figures.AsWritten},
				{"plain", figures.AsWritten},
			}
			if len(ds.Measures) != len(want) {
				t.Fatalf("%d measures, want %d", len(ds.Measures), len(want))
			}
			for i, w := range want {
				m := ds.Measures[i]
				if m.Name != w.name || m.Precision != w.p {
					t.Errorf("measure %d: %s %v, want %s %v", i, m.Name, m.Precision, w.name, w.p)
				}
			}
			if ds.Measures[0].Pos != (position.Pos{File: "r.yaml", Line: 4, Col: 5}) {
				t.Errorf("rate at %v", ds.Measures[0].Pos)
			}
			if len(ds.Dimensions) != 1 || ds.Dimensions[0].Name != "year" {
				t.Errorf("Dimensions %+v", ds.Dimensions)
			}
		}},
		{"empty rules", `rules: []
`, func(t *testing.T, s *Set) {
			if len(s.Rules) != 0 || len(s.Datasets) != 0 {
				t.Errorf("Rules %v, Datasets %v", s.Rules, s.Datasets)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := Read("r.yaml", []byte(tt.src))
			checkErrors(t, err, nil)
			tt.check(t, set)
		})
	}
}

// TestReadRealPack reads the workforce rule pack, which must stay valid.
func TestReadRealPack(t *testing.T) {
	path := filepath.Join("..", "testdata", "workforce", "csww-rules.yaml")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Skip(err)
	}
	set, err := Read(path, src)
	checkErrors(t, err, nil)
	if len(set.Datasets) != 1 || len(set.Rules) == 0 {
		t.Fatalf("%d datasets, %d rules", len(set.Datasets), len(set.Rules))
	}
	for _, r := range set.Rules {
		if r.Dataset != set.Datasets[0] {
			t.Errorf("rule %s does not share the file's dataset", r.ID)
		}
		if r.Title == "" || (r.Assert.IsZero() != r.SameFigure) {
			t.Errorf("rule %s: Title %q, Assert %q, SameFigure %v", r.ID, r.Title, r.Assert.Text, r.SameFigure)
		}
	}
}

// writeFiles writes name: content pairs under a new temporary directory and
// returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadIncludeInheritsDataset(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"main.yaml": dataset + `include: [parts.yaml, sub/own.yaml]
rules:
  - id: main
    title: T
    when: area == "x"
    assert: a == b
`,
		"parts.yaml": `rules:
  - id: inherited
    title: T
    group: {by: year, parts: area != "all", whole: area == "all"}
    assert: total == sum(parts.a)
`,
		"sub/own.yaml": `dataset:
  dimensions: [period]
  measures: [x]
include: more.yaml
rules:
  - id: own
    title: T
    when: x > 0
    assert: x >= 0
`,
		"sub/more.yaml": `rules:
  - id: more
    title: T
    when: x > 0
    assert: x < 100
`,
	})
	set, err := Load(filepath.Join(dir, "main.yaml"))
	checkErrors(t, err, nil)
	if len(set.Datasets) != 2 {
		t.Fatalf("%d datasets, want 2", len(set.Datasets))
	}
	mainDS, ownDS := set.Datasets[0], set.Datasets[1]
	if mainDS.Measure("total") == nil || ownDS.Measure("x") == nil {
		t.Fatalf("datasets in the wrong order: %+v", set.Datasets)
	}
	for id, want := range map[string]*Dataset{"main": mainDS, "inherited": mainDS, "own": ownDS, "more": ownDS} {
		r := set.Lookup(id)
		if r == nil {
			t.Errorf("no rule %s", id)
			continue
		}
		if r.Dataset != want {
			t.Errorf("rule %s has the wrong dataset", id)
		}
	}
	if set.Lookup("own").Pos.File != filepath.Join(dir, "sub", "own.yaml") {
		t.Errorf("rule own is at %v", set.Lookup("own").Pos)
	}
	wantFiles := []string{
		filepath.Join(dir, "main.yaml"),
		filepath.Join(dir, "parts.yaml"),
		filepath.Join(dir, "sub", "own.yaml"),
		filepath.Join(dir, "sub", "more.yaml"),
	}
	if !reflect.DeepEqual(set.Files, wantFiles) {
		t.Errorf("Files %v, want %v", set.Files, wantFiles)
	}
}

func TestLoadIncludeWithoutDataset(t *testing.T) {
	// A file with no dataset that includes another leaves it without one
	// too: its when is an error there.
	dir := writeFiles(t, map[string]string{
		"main.yaml": "include: sub.yaml\n",
		"sub.yaml": `rules:
  - id: w
    title: T
    when: a > 0
    assert: a == b
`,
	})
	_, err := Load(filepath.Join(dir, "main.yaml"))
	checkErrors(t, err, []string{
		filepath.Join(dir, "sub.yaml") + ":2:5: rule w has a when but its file declares no dataset: when chooses rows of a table",
	})
}

func TestLoadIncludeCycle(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.yaml": `include: [b.yaml, a.yaml]
rules:
  - id: a
    title: T
    assert: x == y
`,
		"b.yaml": `include: a.yaml
rules:
  - id: b
    title: T
    assert: x == y
`,
	})
	done := make(chan struct{})
	var set *Set
	var err error
	go func() {
		defer close(done)
		set, err = Load(filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b.yaml"))
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Load does not return on an include cycle")
	}
	a, b := filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b.yaml")
	checkErrors(t, err, []string{
		a + ":1:19: include cycle: a.yaml → a.yaml; a file cannot include itself, even through others",
		b + ":1:10: include cycle: a.yaml → b.yaml → a.yaml; a file cannot include itself, even through others",
	})
	if len(set.Rules) != 2 || set.Lookup("a") == nil || set.Lookup("b") == nil {
		t.Errorf("rules %v, want a and b once each", set.Rules)
	}
	if len(set.Files) != 2 {
		t.Errorf("Files %v, want each file once", set.Files)
	}
}

func TestLoadMissingInclude(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"main.yaml": `include:
  - ok.yaml
  - missing.yaml
rules:
  - id: r
    title: T
`,
		"ok.yaml": `rules:
  - id: ok
    title: T
    assert: a == b
`,
	})
	main := filepath.Join(dir, "main.yaml")
	set, err := Load(main)
	checkErrors(t, err, []string{
		main + ":3:5: cannot include missing.yaml: no such file or directory",
		main + ":5:5: rule r" + noAssertMsg,
	})
	if set.Lookup("ok") == nil {
		t.Error("the rules of the include that exists are not read")
	}
}

func TestLoadDuplicateIDsAcrossFiles(t *testing.T) {
	rule := func(id string) string {
		return "rules:\n  - id: " + id + "\n    title: T\n    assert: a == b\n"
	}
	dir := writeFiles(t, map[string]string{
		"a.yaml": "include: c.yaml\n" + rule("x"),
		"b.yaml": rule("x"),
		"c.yaml": rule("x"),
	})
	a, b, c := filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b.yaml"), filepath.Join(dir, "c.yaml")
	set, err := Load(a, b)
	checkErrors(t, err, []string{
		b + `:2:9: rule id "x" is already used at ` + a + ":3:9",
		c + `:2:9: rule id "x" is already used at ` + a + ":3:9",
	})
	if len(set.Rules) != 1 || set.Rules[0].Pos.File != a {
		t.Errorf("rules %v, want only a's", set.Rules)
	}
}

func TestLoadMissingFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "nope.yaml")
	_, err := Load(p)
	got := errorStrings(t, err)
	if len(got) != 1 || !strings.Contains(got[0], p) || !strings.Contains(got[0], "no such file") {
		t.Errorf("errors %q, want one naming %s", got, p)
	}
}

// TestLoadIncludedFileFirst: a file given beside the file that includes it
// is read through the include, sharing its dataset, in either order.
func TestLoadIncludedFileFirst(t *testing.T) {
	dir := t.TempDir()
	main := filepath.Join(dir, "main.yaml")
	extra := filepath.Join(dir, "a-extra.yaml")
	os.WriteFile(main, []byte("include: [a-extra.yaml]\ndataset: {dimensions: [d], measures: [x]}\nrules:\n  - {id: m, title: t, assert: x > 0}\n"), 0o644)
	os.WriteFile(extra, []byte("rules:\n  - {id: e, title: t, assert: x < 10}\n"), 0o644)
	for _, order := range [][]string{{extra, main}, {main, extra}} {
		set, err := Load(order...)
		if err != nil {
			t.Fatalf("%v: %v", order, err)
		}
		if len(set.Rules) != 2 || set.Rules[0].Dataset == nil || set.Rules[1].Dataset != set.Rules[0].Dataset {
			t.Errorf("%v: rules %+v", order, set.Rules)
		}
	}
}
