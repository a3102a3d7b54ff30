package reports

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
)

// ciFormats are the formats for CI and people beyond text and JSON, each
// with its golden file.
var ciFormats = []struct {
	name   string
	new    func() Reporter
	golden string
}{
	{"junit", newJUnit, "golden.junit.xml"},
	{"sarif", newSARIF, "golden.sarif.json"},
	{"github", newGitHub, "golden.github.txt"},
	{"markdown", newMarkdown, "golden.md"},
}

func report(t *testing.T, r Reporter, res *checker.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := r.Report(&buf, res); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestFormatsGolden writes cannedResult in every CI format and compares it
// with the golden file; go test ./reports -update rewrites them.
func TestFormatsGolden(t *testing.T) {
	for _, tc := range ciFormats {
		t.Run(tc.name, func(t *testing.T) {
			got := report(t, tc.new(), cannedResult())
			if again := report(t, tc.new(), cannedResult()); !bytes.Equal(got, again) {
				t.Fatalf("two reports of the same result differ")
			}
			path := filepath.Join("testdata", tc.golden)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./reports -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file; got:\n%s", tc.golden, got)
			}
		})
	}
}

// TestFormatsEmptyResult: a run with nothing to report still writes a
// well-formed document in every format.
func TestFormatsEmptyResult(t *testing.T) {
	res := &checker.Result{Rules: []checker.RuleResult{{Rule: &rules.Rule{ID: "r", Title: "R"}, Counts: checker.Counts{3, 1, 0, 0}}}}
	for _, tc := range ciFormats {
		t.Run(tc.name, func(t *testing.T) {
			out := report(t, tc.new(), res)
			switch tc.name {
			case "junit":
				var v any
				if err := xml.Unmarshal(out, &v); err != nil {
					t.Errorf("not XML: %v\n%s", err, out)
				}
			case "sarif":
				if !json.Valid(out) {
					t.Errorf("not JSON:\n%s", out)
				}
				validateSARIF(t, out)
			case "github":
				if len(out) != 0 {
					t.Errorf("annotations for a clean run:\n%s", out)
				}
			case "markdown":
				if !strings.HasPrefix(string(out), "## figcheck: no findings\n") {
					t.Errorf("markdown starts:\n%s", out)
				}
			}
		})
	}
}

// The JUnit document as a CI parser reads it, declared apart from the
// reporter's types so that the test does not share their mistakes.
type parsedSuites struct {
	XMLName  xml.Name      `xml:"testsuites"`
	Tests    int           `xml:"tests,attr"`
	Failures int           `xml:"failures,attr"`
	Errors   int           `xml:"errors,attr"`
	Skipped  int           `xml:"skipped,attr"`
	Time     string        `xml:"time,attr"`
	Suites   []parsedSuite `xml:"testsuite"`
}

type parsedSuite struct {
	Name       string `xml:"name,attr"`
	Tests      int    `xml:"tests,attr"`
	Failures   int    `xml:"failures,attr"`
	Errors     int    `xml:"errors,attr"`
	Skipped    int    `xml:"skipped,attr"`
	Time       string `xml:"time,attr"`
	Properties []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	} `xml:"properties>property"`
	Cases []struct {
		Name      string `xml:"name,attr"`
		Classname string `xml:"classname,attr"`
		Time      string `xml:"time,attr"`
		Failure   *struct {
			Message string `xml:"message,attr"`
			Type    string `xml:"type,attr"`
			Body    string `xml:",chardata"`
		} `xml:"failure"`
		Error *struct {
			Message string `xml:"message,attr"`
		} `xml:"error"`
		Skipped *struct {
			Message string `xml:"message,attr"`
		} `xml:"skipped"`
		SystemOut string `xml:"system-out"`
	} `xml:"testcase"`
}

// TestJUnitCountsAddUp parses the JUnit report back and checks that its
// counts agree with each other, with its test cases and with the result.
func TestJUnitCountsAddUp(t *testing.T) {
	res := cannedResult()
	out := report(t, newJUnit(), res)
	var doc parsedSuites
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Suites) != len(res.Rules)+2 {
		t.Fatalf("%d suites for %d rules, the input problems and the undecided claims", len(doc.Suites), len(res.Rules))
	}
	var sum parsedSuites
	for i, s := range doc.Suites {
		sum.Tests += s.Tests
		sum.Failures += s.Failures
		sum.Errors += s.Errors
		sum.Skipped += s.Skipped
		if s.Time != "0" {
			t.Errorf("suite %s: time %q", s.Name, s.Time)
		}
		failures, errs := 0, 0
		for _, c := range s.Cases {
			if c.Time != "0" {
				t.Errorf("case %s: time %q", c.Name, c.Time)
			}
			if c.Classname != s.Name {
				t.Errorf("case %s: classname %q in suite %q", c.Name, c.Classname, s.Name)
			}
			if c.Failure != nil {
				failures++
				if c.Failure.Message == "" || !strings.Contains(c.Failure.Body, "figures:") {
					t.Errorf("case %s: failure without message or worked-through body: %+v", c.Name, c.Failure)
				}
			}
			if c.Error != nil {
				errs++
			}
		}
		hidden, hiddenCase := 0, 0
		if i < len(res.Rules) && res.Rules[i].Hidden > 0 {
			hidden, hiddenCase = res.Rules[i].Hidden, 1 // one case stands for the failures not listed
		}
		if failures-hiddenCase+hidden != s.Failures || errs != s.Errors {
			t.Errorf("suite %s: failures=%d errors=%d, but %d failing and %d erring cases", s.Name, s.Failures, s.Errors, failures, errs)
		}
		if s.Tests < s.Failures+s.Errors+s.Skipped {
			t.Errorf("suite %s: tests=%d < failures+errors+skipped", s.Name, s.Tests)
		}
		if i < len(res.Rules) {
			rr := res.Rules[i]
			c := rr.Counts
			if s.Name != rr.Rule.ID || s.Tests != c[0]+c[1]+c[2]+c[3] || s.Failures != c[checker.Fail] || s.Skipped != c[checker.Skipped] {
				t.Errorf("suite %+v does not match rule %s with counts %v", s, rr.Rule.ID, c)
			}
			last := s.Cases[len(s.Cases)-1]
			if last.Name != "all other evaluations" || last.Failure != nil || !strings.Contains(last.SystemOut, "pass within rounding") {
				t.Errorf("suite %s: last case %+v, want the passing all other evaluations", s.Name, last)
			}
			reasons := 0
			for _, p := range s.Properties {
				if p.Name == "skip reason" {
					reasons++
				}
			}
			if reasons != len(rr.Skips) {
				t.Errorf("suite %s: %d skip reasons, want %d", s.Name, reasons, len(rr.Skips))
			}
		} else if i == len(res.Rules) && (s.Name != "figcheck/input" || s.Errors != len(res.Problems)) {
			t.Errorf("suite %s with %d errors, want figcheck/input with %d", s.Name, s.Errors, len(res.Problems))
		} else if i > len(res.Rules) {
			skipped := 0
			for _, c := range s.Cases {
				if c.Skipped != nil && c.Skipped.Message != "" {
					skipped++
				}
			}
			if s.Name != "figcheck/undecided" || s.Skipped != res.Undecided() || skipped != s.Skipped || s.Tests != s.Skipped {
				t.Errorf("last suite %s with %d of %d skipped (%d cases skipped with a reason), want figcheck/undecided with %d", s.Name, s.Skipped, s.Tests, skipped, res.Undecided())
			}
		}
	}
	if sum.Tests != doc.Tests || sum.Failures != doc.Failures || sum.Errors != doc.Errors || sum.Skipped != doc.Skipped || doc.Time != "0" {
		t.Errorf("testsuites tests=%d failures=%d errors=%d skipped=%d time=%s; the suites add up to %d, %d, %d, %d",
			doc.Tests, doc.Failures, doc.Errors, doc.Skipped, doc.Time, sum.Tests, sum.Failures, sum.Errors, sum.Skipped)
	}
	if doc.Failures != res.Totals()[checker.Fail] {
		t.Errorf("%d failures for %d failed evaluations", doc.Failures, res.Totals()[checker.Fail])
	}
}

// sarifSchemaPath is the official SARIF 2.1.0 schema, kept beside the
// repository in shared/schemas.
const sarifSchemaPath = "../../shared/schemas/sarif-schema-2.1.0.json"

// validateSARIF checks a SARIF document against the official schema,
// skipping the test when the schema is not beside the repository.
func validateSARIF(t *testing.T, doc []byte) {
	t.Helper()
	sch := compileSchema(t, sarifSchemaPath, true)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("the SARIF report does not match the SARIF 2.1.0 schema:\n%v", err)
	}
}

// compileSchema compiles the JSON Schema at path, with formats asserted.
// With skipIfAbsent, a missing file skips the test instead of failing it.
func compileSchema(t *testing.T, path string, skipIfAbsent bool) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(path)
	if skipIfAbsent && errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is absent: the SARIF output is not validated against the official schema (it is in shared/schemas beside the repository in CI)", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return compileSchemaFrom(t, path, f)
}

func compileSchemaFrom(t *testing.T, path string, r io.Reader) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(r)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	url := "file://" + filepath.ToSlash(abs)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(url, doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return sch
}

// TestSARIFSchema validates the SARIF report of cannedResult against the
// official schema, and checks what the schema cannot: that every result
// points at its rule and every location is relative.
func TestSARIFSchema(t *testing.T) {
	out := report(t, newSARIF(), cannedResult())
	var doc sarifLog
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	run := doc.Runs[0]
	for _, res := range run.Results {
		if res.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result of %s has ruleIndex %d", res.RuleID, res.RuleIndex)
		}
		for _, loc := range append(append([]sarifLocation(nil), res.Locations...), res.RelatedLocations...) {
			if loc.PhysicalLocation == nil {
				continue
			}
			if uri := loc.PhysicalLocation.ArtifactLocation.URI; strings.HasPrefix(uri, "/") || strings.Contains(uri, `\`) || strings.Contains(uri, ":") {
				t.Errorf("artifact URI %q is not a relative slash path", uri)
			}
		}
	}
	validateSARIF(t, out)
}

func TestFileURI(t *testing.T) {
	tests := map[string]string{
		"data/csww.csv":        "data/csww.csv",
		"my data/a#1.csv":      "my%20data/a%231.csv",
		"c:x/y.csv":            "./c:x/y.csv",
		"/abs/path/figures.md": "file:///abs/path/figures.md",
	}
	for in, want := range tests {
		if got := fileURI(in); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestGitHubEscaping: workflow command values are escaped as GitHub's
// toolkit escapes them, so that a message or title cannot end the command
// or its property early.
func TestGitHubEscaping(t *testing.T) {
	tests := []struct {
		in, message, property string
	}{
		{"plain text", "plain text", "plain text"},
		{"100% sure", "100%25 sure", "100%25 sure"},
		{"two\nlines", "two%0Alines", "two%0Alines"},
		{"cr\r\nlf", "cr%0D%0Alf", "cr%0D%0Alf"},
		{"rule: title", "rule: title", "rule%3A title"},
		{"a, b", "a, b", "a%2C b"},
		{"%0A is not a newline", "%250A is not a newline", "%250A is not a newline"},
		{"::error x::y", "::error x::y", "%3A%3Aerror x%3A%3Ay"},
	}
	for _, tc := range tests {
		if got := githubMessage(tc.in); got != tc.message {
			t.Errorf("githubMessage(%q) = %q, want %q", tc.in, got, tc.message)
		}
		if got := githubProperty(tc.in); got != tc.property {
			t.Errorf("githubProperty(%q) = %q, want %q", tc.in, got, tc.property)
		}
	}

	// A whole annotation: one line, whatever the rule and message hold.
	rule := &rules.Rule{ID: "share", Title: "Share, in %: of all", Severity: rules.Warning}
	res := &checker.Result{Findings: []checker.Finding{{
		Rule: rule, Verdict: checker.Fail, Subject: "North, 2024", Pos: position.Pos{File: "data/a,b.csv", Line: 3, Col: 7},
		Message: "61% is not\n2,868.1 over 4,728.7", Computation: "61% == 100 * 2,868.1 / 4,728.7",
	}}}
	got := string(report(t, newGitHub(), res))
	want := "::warning file=data/a%2Cb.csv,line=3,col=7,title=share%3A Share%2C in %25%3A of all::" +
		"North, 2024: 61%25 is not%0A2,868.1 over 4,728.7 (61%25 == 100 * 2,868.1 / 4,728.7 does not hold)\n"
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

// TestMarkdownEscaping: text from rules and figures cannot break a table,
// start emphasis or a link, or run into HTML.
func TestMarkdownEscaping(t *testing.T) {
	tests := []struct{ in, text, codeCell string }{
		{"turnover_rate_fte", "turnover_rate_fte", "`turnover_rate_fte`"},
		{"_x_ *y* [z](u) <b>", `\_x\_ \*y\* \[z\](u) \<b\>`, "`_x_ *y* [z](u) <b>`"},
		{"a | b", `a \| b`, "`a \\| b`"},
		{"£1,108 & $5 #3 ~x~", `£1,108 \& \$5 \#3 \~x\~`, "`£1,108 & $5 #3 ~x~`"},
		{"two\nlines", "two lines", "`two lines`"},
		{"a `b` c", "a \\`b\\` c", "``a `b` c``"},
		{"`b`", "\\`b\\`", "`` `b` ``"},
	}
	for _, tc := range tests {
		if got := mdText(tc.in); got != tc.text {
			t.Errorf("mdText(%q) = %q, want %q", tc.in, got, tc.text)
		}
		if got := mdCodeCell(tc.in); got != tc.codeCell {
			t.Errorf("mdCodeCell(%q) = %q, want %q", tc.in, got, tc.codeCell)
		}
	}
}

// TestJUnitAwkwardText: text that would end a CDATA section or that XML
// cannot hold still gives a document that parses, with the text kept.
func TestJUnitAwkwardText(t *testing.T) {
	rule := &rules.Rule{ID: "r", Title: "R <&>", Severity: rules.Error}
	res := &checker.Result{
		Rules: []checker.RuleResult{{Rule: rule, Counts: checker.Counts{0, 0, 1, 0}}},
		Findings: []checker.Finding{{
			Rule: rule, Verdict: checker.Fail, Subject: "a ]]> b \x00 c", Pos: position.Pos{File: "f.csv", Line: 2},
			Expr: "x < y", Computation: "2 < 1 ]]>",
		}},
	}
	out := report(t, newJUnit(), res)
	var doc parsedSuites
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	c := doc.Suites[0].Cases[0]
	if c.Name != `a ]]> b \x00 c` || !strings.Contains(c.Failure.Body, "2 < 1 ]]>") {
		t.Errorf("name %q, body %q", c.Name, c.Failure.Body)
	}
}

// TestSARIFRuleIDsOnce: two rules of one id (the rules worked out for two
// EES files each have one) are one entry of the driver's list, and the
// findings of both point at it.
func TestSARIFRuleIDsOnce(t *testing.T) {
	r := cannedResult()
	twin := *r.Findings[0].Rule
	f := r.Findings[0]
	f.Rule = &twin
	r.Findings = append(r.Findings, f)
	var doc sarifLog
	if err := json.Unmarshal(report(t, newSARIF(), r), &doc); err != nil {
		t.Fatal(err)
	}
	run := doc.Runs[0]
	ids := map[string]int{}
	for _, rule := range run.Tool.Driver.Rules {
		ids[rule.ID]++
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("rule %s listed %d times", id, n)
		}
	}
	n := 0
	for _, res := range run.Results {
		if res.RuleID == twin.ID {
			n++
			if run.Tool.Driver.Rules[res.RuleIndex].ID != twin.ID {
				t.Errorf("a result of %s points at rule %d", twin.ID, res.RuleIndex)
			}
		}
	}
	if n < 2 {
		t.Errorf("%d results of %s, want both rules' findings", n, twin.ID)
	}
}
