package reports

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/checker"
)

// hostileQuote holds what must not pass through a report as written: line
// breaks, a workflow command, percent escapes, HTML, Markdown, the end of a
// CDATA section, characters XML cannot hold, ANSI escapes (colour, an OSC 8
// hyperlink, the bell) and a bidirectional override.
const hostileQuote = "line one\nline two\r\n::error file=x.go::injected %0A 100% " +
	"<script>alert(1)</script> **bold** [link](https://evil.example) | cell ]]> \x00\x01 " +
	"\x1b[31mred\x1b[0m \x1b]8;;https://evil.example\x07here\x1b]8;;\x07 \u202eright-to-left"

// provenanceResult is the canned result with hostile text in the
// provenance of the figure-set finding's figures, and three kinds of
// address: a web address with markup in its query, a script and data.
func provenanceResult() *checker.Result {
	r := cannedResult()
	figs := r.Findings[2].Figures
	figs[0].Provenance = checker.Provenance{
		Measure: "vacancy_fte\n::warning::x", Period: "2023 %0A", Area: "<i>Milton Keynes</i>\x1b[2J",
		Unit: "`FTE`", Quote: hostileQuote, Document: "<b>draft</b>\n# heading",
		URL: `https://example.org/a?b="><script>x</script>(y) [z]`,
	}
	figs[1].Provenance = checker.Provenance{Quote: "]]><x/>", Document: "*report*", URL: "javascript:alert(1)//\nhttps://example.org"}
	figs[2].Provenance = checker.Provenance{URL: "data:text/html,<script>alert(1)</script>"}
	return r
}

// TestProvenanceEscaped: hostile provenance stays data in every format. The
// text report shows control characters escaped, GitHub annotations stay one
// line each with their properties whole, JUnit and HTML stay well formed,
// Markdown and HTML link only to web addresses, and JSON and SARIF carry
// the text exactly.
func TestProvenanceEscaped(t *testing.T) {
	res := provenanceResult()
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			r, err := Lookup(name, Options{})
			if err != nil {
				t.Fatal(err)
			}
			out := string(report(t, r, res))
			if name != "json" && name != "sarif" {
				for _, c := range []string{"\x1b", "\x07", "\x00", "\u202e"} {
					if strings.Contains(out, c) {
						t.Errorf("%q passes through", c)
					}
				}
			}
			switch name {
			case "text":
				checkText(t, out)
			case "github":
				checkGitHub(t, out, res)
			case "junit":
				var doc parsedSuites
				if err := xml.Unmarshal([]byte(out), &doc); err != nil {
					t.Fatalf("not XML: %v", err)
				}
				body := doc.Suites[2].Cases[0].Failure.Body
				if !strings.Contains(body, `“line one line two ::error file=x.go::injected %0A 100% <script>alert(1)</script>`) ||
					!strings.Contains(body, `“]]><x/>”`) || !strings.Contains(body, `\x1b[31mred`) {
					t.Errorf("the failure does not hold the quotes as text:\n%s", body)
				}
			case "json":
				var doc struct {
					Findings []struct {
						Figures []struct {
							Provenance *jsonProvenance `json:"provenance"`
						} `json:"figures"`
					} `json:"findings"`
				}
				if err := json.Unmarshal([]byte(out), &doc); err != nil {
					t.Fatal(err)
				}
				if p := doc.Findings[2].Figures[0].Provenance; p == nil || p.Quote != hostileQuote || p.Area != res.Findings[2].Figures[0].Provenance.Area {
					t.Errorf("provenance %+v", p)
				}
				if p := doc.Findings[0].Figures[0].Provenance; p != nil {
					t.Errorf("a table's figure has provenance %+v", p)
				}
			case "sarif":
				validateSARIF(t, []byte(out))
				var doc struct {
					Runs []struct {
						Results []struct {
							RelatedLocations []struct {
								Message    sarifMessage    `json:"message"`
								Properties *jsonProvenance `json:"properties"`
							} `json:"relatedLocations"`
						} `json:"results"`
					} `json:"runs"`
				}
				if err := json.Unmarshal([]byte(out), &doc); err != nil {
					t.Fatal(err)
				}
				loc := doc.Runs[0].Results[2].RelatedLocations[0]
				if loc.Properties == nil || loc.Properties.Quote != hostileQuote {
					t.Errorf("properties %+v", loc.Properties)
				}
				if strings.ContainsAny(loc.Message.Text, "\n\r\x1b") || !strings.Contains(loc.Message.Text, `\x1b[31mred`) {
					t.Errorf("message %q", loc.Message.Text)
				}
			case "markdown":
				checkMarkdown(t, out)
			case "html":
				checkHTML(t, out)
			}
		})
	}
}

func checkText(t *testing.T, out string) {
	t.Helper()
	for _, want := range []string{
		`“line one line two ::error file=x.go::injected %0A 100% <script>alert(1)</script> **bold** [link](https://evil.example) | cell ]]> \x00\x01 \x1b[31mred\x1b[0m \x1b]8;;https://evil.example\x07here\x1b]8;;\x07 \u202eright-to-left”`,
		`vacancy_fte ::warning::x, <i>Milton Keynes</i>\x1b[2J, 2023 %0A · unit ` + "`FTE`" + ` · in <b>draft</b> # heading`,
		`javascript:alert(1)// https://example.org`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report does not hold, on one line:\n%s\ngot:\n%s", want, out)
		}
	}
}

func checkGitHub(t *testing.T, out string, res *checker.Result) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if n := len(res.Findings) + len(res.Problems) + res.Undecided(); len(lines) != n {
		t.Fatalf("%d lines for %d annotations:\n%s", len(lines), n, out)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "::error ") && !strings.HasPrefix(l, "::warning ") && !strings.HasPrefix(l, "::notice ") {
			t.Errorf("not an annotation: %q", l)
		}
	}
	// The runner reads properties up to the first :: after the command.
	l := lines[2]
	props, message, _ := strings.Cut(strings.TrimPrefix(l, "::notice "), "::")
	if props != "file=figures.yaml,line=83,col=12,title=mk-vacancy-fall%3A Vacancies fell by 30 per cent" {
		t.Errorf("properties %q", props)
	}
	if want := ` Quoted: before “line one line two ::error file=x.go::injected %250A 100%25 <scri…”; after “]]><x/>”.`; !strings.HasSuffix(message, want) {
		t.Errorf("message %q\ndoes not end %q", message, want)
	}
}

func checkMarkdown(t *testing.T, out string) {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		for _, bad := range []string{"line two", "::", "#", "<", "* "} {
			if strings.HasPrefix(strings.TrimSpace(l), bad) && !strings.HasPrefix(l, "#") {
				t.Errorf("a line starts with %q: %q", bad, l)
			}
		}
	}
	for _, bad := range []string{"<b>", "<i>", "](javascript", "<javascript", "](data", "\"><", "**bold**"} {
		if strings.Contains(out, bad) {
			t.Errorf("markdown holds %q", bad)
		}
	}
	for _, want := range []string{
		`  > “line one line two ::error file=x.go::injected %0A 100% \<script\>alert(1)\</script\> \*\*bold\*\* \[link\](https://evil.example) \| cell \]\]\> \\x00\\x01 \\x1b\[31mred`,
		`in [\<b\>draft\</b\> \# heading](https://example.org/a?b=%22%3E%3Cscript%3Ex%3C/script%3E%28y%29%20%5Bz%5D)`,
		"in \\*report\\* at `javascript:alert(1)// https://example.org`",
		"at `data:text/html,<script>alert(1)</script>`",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown does not hold\n%s\ngot:\n%s", want, out)
		}
	}
}

func checkHTML(t *testing.T, doc string) {
	t.Helper()
	for _, p := range notSelfContained(doc) {
		t.Error(p)
	}
	if n := strings.Count(doc, `rel="noopener noreferrer"`); n != 1 {
		t.Errorf("%d links out, want the one web address", n)
	}
	for _, want := range []string{
		`<blockquote>“line one`,
		`&lt;script&gt;alert(1)&lt;/script&gt; **bold**`,
		`<code>javascript:alert(1)//`,
		`<code>data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;</code>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("page does not hold %s", want)
		}
	}
}

func TestOneLine(t *testing.T) {
	tests := map[string]string{
		"plain words":                 "plain words",
		"  two\n\tlines \r\n":         "two lines",
		"\x1b[31mred\x1b[0m":          `\x1b[31mred\x1b[0m`,
		"bell\x07 nul\x00 del\x7f":    `bell\x07 nul\x00 del\x7f`,
		"c1 \u009b31m":                `c1 \x9b31m`,
		"rtl \u202eevil\u202c \u2066": `rtl \u202eevil\u202c \u2066`,
		"£1,108 “quoted” ✗":           "£1,108 “quoted” ✗",
		"bad \xff utf-8":              "bad \uFFFD utf-8",
	}
	for in, want := range tests {
		if got := oneLine(in); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", in, got, want)
		}
		if again := oneLine(want); again != want {
			t.Errorf("oneLine(%q) = %q: not the same twice", want, again)
		}
	}
}

func TestWebLink(t *testing.T) {
	tests := []struct {
		in, href string
		ok       bool
	}{
		{"https://example.org/release", "https://example.org/release", true},
		{"HTTP://Example.org/a?b=1&c=2", "http://Example.org/a?b=1&c=2", true},
		{" https://example.org/a b ", "https://example.org/a%20b", true},
		{`https://example.org/a?b="><x>(y)[z]|'`, "https://example.org/a?b=%22%3E%3Cx%3E%28y%29%5Bz%5D%7C%27", true},
		{"javascript:alert(1)", "", false},
		{"data:text/html,<b>x</b>", "", false},
		{"mailto:editor@example.org", "", false},
		{"//example.org/x", "", false},
		{"https:///no-host", "", false},
		{"reports/mk-2024.pdf", "", false},
		{"https://example.org/\x1b[31m", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		href, ok := webLink(tc.in)
		if href != tc.href || ok != tc.ok {
			t.Errorf("webLink(%q) = %q, %v; want %q, %v", tc.in, href, ok, tc.href, tc.ok)
		}
	}
}

// FuzzProvenance: whatever a figure set says of a figure, the GitHub
// annotations stay one line each, JUnit parses as XML, and JSON and SARIF
// carry the quote exactly.
func FuzzProvenance(f *testing.F) {
	f.Add(hostileQuote, "draft.md", "https://example.org/draft")
	f.Add("]]>", "\x00", "javascript:x")
	f.Fuzz(func(t *testing.T, quote, document, address string) {
		res := cannedResult()
		res.Findings[2].Figures[0].Provenance = checker.Provenance{Quote: quote, Document: document, URL: address}
		lines := strings.Split(strings.TrimSuffix(string(report(t, newGitHub(), res)), "\n"), "\n")
		if n := len(res.Findings) + len(res.Problems) + res.Undecided(); len(lines) != n {
			t.Fatalf("%d lines for %d annotations", len(lines), n)
		}
		var doc parsedSuites
		if err := xml.Unmarshal(report(t, newJUnit(), res), &doc); err != nil {
			t.Fatalf("JUnit is not XML: %v", err)
		}
		var j struct {
			Findings []struct {
				Figures []struct {
					Provenance *jsonProvenance `json:"provenance"`
				} `json:"figures"`
			} `json:"findings"`
		}
		if err := json.Unmarshal(report(t, jsonReporter{}, res), &j); err != nil {
			t.Fatal(err)
		}
		if p := j.Findings[2].Figures[0].Provenance; p != nil && p.Quote != string([]rune(quote)) {
			t.Errorf("JSON quote %q, want %q", p.Quote, quote)
		}
		if text := string(report(t, newText(Options{}), res)); strings.ContainsRune(text, '\x1b') {
			t.Errorf("the text report holds an escape character")
		}
	})
}
