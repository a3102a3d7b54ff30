package reports

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/figcheck/figcheck/checker"
)

// junit writes the result as JUnit XML for CI test reports (GitLab, Jenkins,
// the GitHub test-report actions): one test suite per rule, one failing test
// case per finding and one passing test case for the rule's other
// evaluations, so that rules without findings show up too.
//
// The counts in the attributes are counts of evaluations: a suite's tests is
// every evaluation of the rule, failures those that failed (one test case
// each), skipped those skipped, and the rest passed (the one test case "all
// other evaluations"). So tests = failures + skipped + passed holds for every
// suite, and the <testsuites> totals are the sums of the suites'. Input
// problems make a suite "figcheck/input" with one erroring test case each,
// and the claims of articles that were found but not checked a suite
// "figcheck/undecided" with one skipped test case each.
type junit struct{}

func newJUnit() Reporter { return junit{} }

// The JUnit XML elements, as the common parsers read them.

type junitTestSuites struct {
	XMLName  xml.Name         `xml:"testsuites"`
	Name     string           `xml:"name,attr"`
	Tests    int              `xml:"tests,attr"`
	Failures int              `xml:"failures,attr"`
	Errors   int              `xml:"errors,attr"`
	Skipped  int              `xml:"skipped,attr"`
	Time     string           `xml:"time,attr"`
	Suites   []junitTestSuite `xml:"testsuite"`
}

type junitTestSuite struct {
	Name       string           `xml:"name,attr"`
	Tests      int              `xml:"tests,attr"`
	Failures   int              `xml:"failures,attr"`
	Errors     int              `xml:"errors,attr"`
	Skipped    int              `xml:"skipped,attr"`
	Time       string           `xml:"time,attr"`
	Properties *junitProperties `xml:"properties"`
	Cases      []junitTestCase  `xml:"testcase"`
}

type junitProperties struct {
	Properties []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitTestCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
	Skipped   *junitSkipped `xml:"skipped"`
	SystemOut *junitText    `xml:"system-out"`
}

// junitSkipped is a test case not run, and why.
type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// junitProblem is a <failure> or an <error>.
type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",cdata"`
}

// junitText is text kept as written, line breaks included.
type junitText struct {
	Text string `xml:",cdata"`
}

// junitInputSuite names the suite of input problems, as SARIF names the
// rule, and junitUndecidedSuite the suite of the claims of articles found
// but not checked.
const (
	junitInputSuite     = "figcheck/input"
	junitUndecidedSuite = "figcheck/undecided"
)

func (junit) Report(w io.Writer, r *checker.Result) error {
	r = printable(r, true)
	out := junitTestSuites{Name: "figcheck", Time: "0"}
	said := claimSentences(r)
	for _, g := range groupByRule(r) {
		s := junitTestSuite{
			Name:     g.Rule.ID,
			Tests:    evaluations(g.Counts),
			Failures: g.Counts[checker.Fail],
			Skipped:  g.Counts[checker.Skipped],
			Time:     "0",
		}
		props := []junitProperty{
			{Name: "title", Value: g.Rule.Title},
			{Name: "severity", Value: g.Rule.Severity.String()},
			{Name: "rule", Value: slashPath(g.Rule.Pos.String())},
		}
		for _, sk := range g.Skips {
			props = append(props, junitProperty{Name: "skip reason", Value: skipWord(sk)})
		}
		s.Properties = &junitProperties{Properties: props}
		for _, f := range g.Findings {
			message := f.Message
			if message == "" {
				message = sentence(f)
			}
			s.Cases = append(s.Cases, junitTestCase{
				Name: f.Subject, Classname: g.Rule.ID, File: slashPath(f.Pos.File), Line: f.Pos.Line, Time: "0",
				Failure: &junitProblem{Message: message, Type: g.Rule.Severity.String(), Body: xmlText(workedThrough(f, said[f.Rule.ID]))},
			})
		}
		if g.Hidden > 0 { // the failures beyond --max-findings, as one case
			words := fmt.Sprintf("%d more %s not listed (see --max-findings)", g.Hidden, plural(g.Hidden, "failure", "failures"))
			s.Cases = append(s.Cases, junitTestCase{
				Name: words, Classname: g.Rule.ID, Time: "0",
				Failure: &junitProblem{Message: words, Type: g.Rule.Severity.String(), Body: xmlText(words + "\nfigures: counted, not listed")},
			})
		}
		stdout := countWords(g.Counts)
		if len(g.Skips) > 0 {
			stdout += "\nskipped: " + skipWords(g.Skips)
		}
		s.Cases = append(s.Cases, junitTestCase{Name: "all other evaluations", Classname: g.Rule.ID, Time: "0", SystemOut: &junitText{xmlText(stdout)}})
		out.add(s)
	}
	if len(r.Problems) > 0 {
		s := junitTestSuite{Name: junitInputSuite, Tests: len(r.Problems), Errors: len(r.Problems), Time: "0"}
		for _, p := range r.Problems {
			s.Cases = append(s.Cases, junitTestCase{
				Name: slashPath(p.Pos.String()), Classname: junitInputSuite, File: slashPath(p.Pos.File), Line: p.Pos.Line, Time: "0",
				Error: &junitProblem{Message: p.Msg, Type: "input", Body: xmlText(slashPath(p.Error()))},
			})
		}
		out.add(s)
	}
	if n := r.Undecided(); n > 0 {
		s := junitTestSuite{Name: junitUndecidedSuite, Tests: n, Skipped: n, Time: "0"}
		for i := range r.Articles {
			a := &r.Articles[i]
			for _, u := range a.Undecided {
				s.Cases = append(s.Cases, junitTestCase{
					Name: slashPath(u.Pos.String()) + " " + a.Figures[u.Figure].Text, Classname: junitUndecidedSuite,
					File: slashPath(u.Pos.File), Line: u.Pos.Line, Time: "0",
					Skipped:   &junitSkipped{Message: u.Reason},
					SystemOut: &junitText{xmlText(quoted(a.Sentences[u.Sentence].Text))},
				})
			}
		}
		out.add(s)
	}
	ew := &errWriter{w: w}
	ew.printf("%s", xml.Header)
	body, err := xml.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	ew.printf("%s\n", body)
	return ew.err
}

// add appends a suite and adds its counts to the totals.
func (t *junitTestSuites) add(s junitTestSuite) {
	t.Suites = append(t.Suites, s)
	t.Tests += s.Tests
	t.Failures += s.Failures
	t.Errors += s.Errors
	t.Skipped += s.Skipped
}

// workedThrough is a finding as the text report shows it, uncoloured: the
// computation, each comparison with both sides' intervals and the gap, and
// every figure with where it came from.
func workedThrough(f *checker.Finding, said string) string {
	var buf bytes.Buffer
	ew := &errWriter{w: &buf}
	newText(Options{}).finding(ew, f, said)
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "  ")
	}
	return strings.Join(lines, "\n")
}

// xmlText replaces the characters XML cannot hold (most control
// characters) with U+FFFD, for text written as CDATA, which encoding/xml
// does not escape. Attributes and escaped text need no such care.
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, s)
}
