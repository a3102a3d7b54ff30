package figures

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/position"
)

// wantFigure is what a test expects of a figure read from a set.
type wantFigure struct {
	name                         string
	v, lo, hi                    float64
	unit                         string
	measure, period, area, quote string
	document, url                string
	line, col                    int
}

func checkFigures(t *testing.T, set *Set, path string, want []wantFigure) {
	t.Helper()
	if set.Path != path {
		t.Errorf("Path = %q, want %q", set.Path, path)
	}
	if len(set.Figures) != len(want) {
		var names []string
		for _, f := range set.Figures {
			names = append(names, f.Name)
		}
		t.Fatalf("got figures %q, want %d", names, len(want))
	}
	for i, w := range want {
		f := set.Figures[i]
		if f.Name != w.name {
			t.Errorf("figure %d is %q, want %q", i, f.Name, w.name)
			continue
		}
		n := f.Value.Num
		if f.Value.Status != Number || !near(n.V, w.v) || !near(n.Lo, w.lo) || !near(n.Hi, w.hi) {
			t.Errorf("%s = %+v, want %g [%g, %g]", f.Name, f.Value, w.v, w.lo, w.hi)
		}
		got := [...]string{f.Unit, f.Measure, f.Period, f.Area, f.Quote, f.Document, f.URL}
		exp := [...]string{w.unit, w.measure, w.period, w.area, w.quote, w.document, w.url}
		for j, field := range []string{"Unit", "Measure", "Period", "Area", "Quote", "Document", "URL"} {
			if got[j] != exp[j] {
				t.Errorf("%s.%s = %q, want %q", f.Name, field, got[j], exp[j])
			}
		}
		if want := (position.Pos{File: path, Line: w.line, Col: w.col}); f.Pos != want {
			t.Errorf("%s.Pos = %v, want %v", f.Name, f.Pos, want)
		}
	}
}

func TestReadSetYAML(t *testing.T) {
	src := `# The figures of a draft.
document: Draft article on the 2024 workforce
url: https://example.org/draft
figures:
  fte_2024: "34,300"
  rise_2024:
    value: four per cent
    measure: inpost_fte_change
    period: "2024"
    area: England
    quote: the workforce grew by four per cent
  rate: 3.7%
  agency_2024:
    measure: agency_fte
    precision: "10"
    value: "6,500"
    unit: FTE
    document: DfE national table
    url: https://example.org/dfe
  cases:
    value: 320461
    precision: exact
  share: {value: "13.8", precision: "0.1"}
  fall: nine per cent
`
	set, err := ReadSet("draft.yaml", []byte(src))
	if err != nil {
		t.Fatalf("ReadSet: %v", err)
	}
	doc, url := "Draft article on the 2024 workforce", "https://example.org/draft"
	checkFigures(t, set, "draft.yaml", []wantFigure{
		{name: "fte_2024", v: 34300, lo: 34250, hi: 34350, document: doc, url: url, line: 5, col: 13},
		{name: "rise_2024", v: 4, lo: 3.5, hi: 4.5, unit: "%", measure: "inpost_fte_change", period: "2024",
			area: "England", quote: "the workforce grew by four per cent", document: doc, url: url, line: 7, col: 12},
		{name: "rate", v: 3.7, lo: 3.65, hi: 3.75, unit: "%", document: doc, url: url, line: 12, col: 9},
		{name: "agency_2024", v: 6500, lo: 6495, hi: 6505, unit: "FTE", measure: "agency_fte",
			document: "DfE national table", url: "https://example.org/dfe", line: 16, col: 12},
		{name: "cases", v: 320461, lo: 320461, hi: 320461, document: doc, url: url, line: 21, col: 12},
		{name: "share", v: 13.8, lo: 13.75, hi: 13.85, document: doc, url: url, line: 23, col: 18},
		{name: "fall", v: 9, lo: 8.5, hi: 9.5, unit: "%", document: doc, url: url, line: 24, col: 9},
	})
	if got := set.Figures[0].Value.Text; got != "34,300" {
		t.Errorf("fte_2024 text = %q, want %q", got, "34,300")
	}
}

func TestReadSetJSON(t *testing.T) {
	src := `{
  "document": "Draft",
  "figures": {
    "fte_2024": "34,300",
    "n": 13.80,
    "rise": {"value": "four per cent", "precision": "exact", "measure": "x", "url": "https://example.org"},
    "rate": {
      "value": "3.7%",
      "unit": "pp"
    }
  }
}
`
	set, err := ReadSet("draft.json", []byte(src))
	if err != nil {
		t.Fatalf("ReadSet: %v", err)
	}
	checkFigures(t, set, "draft.json", []wantFigure{
		{name: "fte_2024", v: 34300, lo: 34250, hi: 34350, document: "Draft", line: 4, col: 17},
		// A JSON number keeps its digits as written: 13.80 has two decimals.
		{name: "n", v: 13.8, lo: 13.795, hi: 13.805, document: "Draft", line: 5, col: 10},
		{name: "rise", v: 4, lo: 4, hi: 4, unit: "%", measure: "x", document: "Draft", url: "https://example.org", line: 6, col: 23},
		{name: "rate", v: 3.7, lo: 3.65, hi: 3.75, unit: "pp", document: "Draft", line: 8, col: 16},
	})
}

var setErrorTests = []struct {
	name string
	src  string
	want []string // every error, in file order
	ok   []string // figures that are still read
}{
	{
		name: "unknown key in a figure",
		src:  "figures:\n  rise:\n    value: 4%\n    quoet: grew\n",
		want: []string{`f.yaml:4:5: unknown key "quoet" in figure rise (did you mean "quote"?)`},
		ok:   []string{"rise"},
	},
	{
		name: "unknown key far from any",
		src:  "figures:\n  rise:\n    value: 4%\n    colour: red\n",
		want: []string{`f.yaml:4:5: unknown key "colour" in figure rise (known keys: area, document, measure, period, precision, quote, unit, url, value)`},
		ok:   []string{"rise"},
	},
	{
		name: "unknown top-level key",
		src:  "documnet: x\nfigures:\n  a: 1\n",
		want: []string{`f.yaml:1:1: unknown key "documnet" in the figure set (did you mean "document"?)`},
		ok:   []string{"a"},
	},
	{
		name: "bad figure name",
		src:  "figures:\n  2024_fte: \"34,300\"\n  fte_2024: \"34,300\"\n",
		want: []string{`f.yaml:2:3: figure name "2024_fte" must be a word of letters, digits and underscores, not starting with a digit`},
		ok:   []string{"fte_2024"},
	},
	{
		name: "figure name with a space",
		src:  "figures:\n  fte 2024: 1\n",
		want: []string{`f.yaml:2:3: figure name "fte 2024" must be a word of letters, digits and underscores, not starting with a digit`},
	},
	{
		name: "value not a number",
		src:  "figures:\n  fte: 12a\n",
		want: []string{`f.yaml:2:8: cannot read "12a" as a number: it mixes digits with other characters`},
	},
	{
		name: "value in a mapping not a number",
		src:  "figures:\n  fte:\n    value: \"1,23\"\n",
		want: []string{`f.yaml:3:12: cannot read "1,23" as a number: the digits "1,23" are not grouped in threes`},
	},
	{
		name: "no value key",
		src:  "figures:\n  fte:\n    measure: inpost_fte\n",
		want: []string{`f.yaml:3:5: figure fte has no "value"`},
	},
	{
		name: "empty value",
		src:  "figures:\n  fte: \"\"\n",
		want: []string{`f.yaml:2:8: figure fte has no value`},
	},
	{
		name: "null value",
		src:  "figures:\n  fte:\n  other: 2\n",
		want: []string{`f.yaml:2:7: figure fte has no value`},
		ok:   []string{"other"},
	},
	{
		name: "value is a list",
		src:  "figures:\n  fte:\n    value: [1, 2]\n",
		want: []string{`f.yaml:3:12: value must be a single value, not a list`},
	},
	{
		name: "suppressed value",
		src:  "figures:\n  fte: x\n",
		ok:   []string{"fte"},
	},
	{
		name: "duplicate figure names",
		src:  "figures:\n  fte: 1\n  rate: 2\n  fte: 3\n",
		want: []string{`f.yaml:4:3: "fte" appears twice in figures`},
		ok:   []string{"fte", "rate"},
	},
	{
		name: "duplicate key in a figure",
		src:  "figures:\n  fte:\n    value: 1\n    value: 2\n",
		want: []string{`f.yaml:4:5: key "value" appears twice in figure fte`},
		ok:   []string{"fte"},
	},
	{
		name: "no figures key",
		src:  "document: Draft\n",
		want: []string{`f.yaml:1:1: the figure set has no "figures"`},
	},
	{
		name: "figures is empty",
		src:  "figures:\n",
		want: []string{`f.yaml:1:9: figures must be a mapping, not nothing`},
	},
	{
		name: "invalid YAML",
		src:  "document: Draft\nfigures:\n  a: 1\n  b: c: d\n",
		want: []string{`f.yaml:4:7: invalid YAML: mapping values are not allowed in this context`},
	},
	{
		name: "invalid JSON",
		src:  "{\"figures\": {\"a\": \"1\"}\n",
		want: []string{`f.yaml:1:21: invalid YAML: did not find expected ',' or '}'`},
	},
	{
		name: "empty file",
		src:  "# nothing here\n",
		want: []string{`f.yaml:1:1: the file is empty`},
	},
	{
		name: "figures is a list",
		src:  "figures: [a, b]\n",
		want: []string{`f.yaml:1:10: figures must be a mapping, not a list`},
	},
	{
		name: "figure is a list",
		src:  "figures:\n  fte: [1, 2]\n",
		want: []string{`f.yaml:2:8: figure fte must be a mapping, not a list`},
	},
	{
		name: "the file is a list",
		src:  "- figures\n",
		want: []string{`f.yaml:1:1: the file must be a mapping of keys to values, not a list`},
	},
	{
		name: "document is a mapping",
		src:  "document: {title: x}\nfigures:\n  a: 1\n",
		want: []string{`f.yaml:1:11: document must be a single value, not a mapping`},
		ok:   []string{"a"},
	},
	{
		name: "bad precision",
		src:  "figures:\n  a:\n    value: 1\n    precision: tenths\n",
		want: []string{`f.yaml:4:16: precision "tenths" is not as-written, exact or a positive step such as 0.1 or 10`},
		ok:   []string{"a"},
	},
	{
		name: "several errors at once",
		src: `document: Draft
figures:
  good: "1,000"
  2024_fte: 1
  rise:
    value: four per cent
    quoet: grew
  bad: 12a
  empty:
  list: [1]
  good: 2
also: x
`,
		want: []string{
			`f.yaml:4:3: figure name "2024_fte" must be a word of letters, digits and underscores, not starting with a digit`,
			`f.yaml:7:5: unknown key "quoet" in figure rise (did you mean "quote"?)`,
			`f.yaml:8:8: cannot read "12a" as a number: it mixes digits with other characters`,
			`f.yaml:9:9: figure empty has no value`,
			`f.yaml:10:9: figure list must be a mapping, not a list`,
			`f.yaml:11:3: "good" appears twice in figures`,
			`f.yaml:12:1: unknown key "also" in the figure set (known keys: document, documents, figures, lists, name, precision, url)`,
		},
		ok: []string{"good", "rise"},
	},
}

// TestReadSetKeepsNames: a figure whose value cannot be read keeps its
// name in the set, so that rules over it compile.
func TestReadSetKeepsNames(t *testing.T) {
	set, err := ReadSet("f.yaml", []byte("figures:\n  bad: 12a\n  good: 3\n"))
	if err == nil {
		t.Fatal("no error")
	}
	if f := set.Figure("bad"); f == nil || f.Value.Status != Missing || f.Value.Text != "12a" {
		t.Errorf("bad is %+v", f)
	}
}

func TestReadSetErrors(t *testing.T) {
	for _, tt := range setErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := ReadSet("f.yaml", []byte(tt.src))
			var got []string
			if err != nil {
				var list position.Errors
				if !errors.As(err, &list) {
					t.Fatalf("error %q is a %T, not position.Errors", err, err)
				}
				list.Sort()
				for _, e := range list {
					got = append(got, e.Error())
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("errors:\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
			// The figures read; those whose value could not be read stay in
			// the set, as missing, for compiling rules against.
			var names []string
			if set != nil {
				for _, f := range set.Figures {
					if f.Value.Status != Missing {
						names = append(names, f.Name)
					}
				}
			}
			if strings.Join(names, ",") != strings.Join(tt.ok, ",") {
				t.Errorf("figures read: %q, want %q", names, tt.ok)
			}
		})
	}
}

// yamlLines is the number of lines of src as YAML counts them (any of \n,
// \r, NEL, LS and PS breaks a line), erring on the high side for \r\n.
func yamlLines(src string) int {
	n := 1
	for _, r := range src {
		switch r {
		case '\n', '\r', '\u0085', '\u2028', '\u2029':
			n++
		}
	}
	return n
}

func FuzzReadSet(f *testing.F) {
	f.Add("document: Draft\nurl: https://example.org\nfigures:\n  fte_2024: \"34,300\"\n  rise:\n    value: four per cent\n    precision: exact\n    measure: x\n")
	f.Add("{\"document\": \"Draft\", \"figures\": {\"a\": 13.80, \"b\": {\"value\": \"3.7%\", \"unit\": \"pp\"}}}")
	f.Add("figures:\n  share: {value: \"13.8\", precision: \"0.1\"}\n  fall: nine per cent\n  low: low\n  gone: x\n")
	f.Add("figures:\n  a: &v 1\n  b: *v\n")
	f.Add("precision: \"5\"\ndocuments:\n  Ofsted: {precision: exact}\n  bad: [1]\nfigures:\n  a: {value: about 40, document: Ofsted}\n  b: just over half\n")
	f.Add("figures:\r\n  a: 1\r\n  b: \"2\r\n")
	for _, tt := range setErrorTests {
		f.Add(tt.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		set, err := ReadSet("f.yaml", []byte(src))
		lines := yamlLines(src)
		if err != nil {
			list, ok := err.(position.Errors)
			if !ok {
				t.Fatalf("error %q is a %T, not position.Errors", err, err)
			}
			if len(list) == 0 {
				t.Fatalf("an empty list of errors")
			}
			for _, e := range list {
				// The YAML parser puts what it finds at the end of input
				// (such as the empty document of "---") at the start of
				// the line after the last: allow that place too.
				atEnd := e.Pos.Line == lines+1 && e.Pos.Col <= 1
				if e.Pos.File != "f.yaml" || e.Pos.Line < 0 || e.Pos.Line > lines && !atEnd || e.Pos.Col < 0 || e.Msg == "" {
					t.Fatalf("error %q at %+v in a file of %d lines", e, e.Pos, lines)
				}
			}
			return
		}
		if set == nil {
			t.Fatalf("no set and no error")
		}
		seen := map[string]bool{}
		for _, fig := range set.Figures {
			if !IsName(fig.Name) || seen[fig.Name] {
				t.Fatalf("figure name %q is not a name or is repeated", fig.Name)
			}
			seen[fig.Name] = true
			if fig.Pos.File != "f.yaml" || fig.Pos.Line < 1 || fig.Pos.Line > lines || fig.Pos.Col < 1 {
				t.Fatalf("figure %s at %+v in a file of %d lines", fig.Name, fig.Pos, lines)
			}
			switch v := fig.Value; v.Status {
			case Number:
				if !(v.Num.Lo <= v.Num.V && v.Num.V <= v.Num.Hi) {
					t.Fatalf("figure %s = %+v: value outside its interval", fig.Name, v.Num)
				}
			case Suppressed:
			default:
				t.Fatalf("figure %s has status %d", fig.Name, v.Status)
			}
		}
	})
}

// TestSetPrecision: a precision declared for a figure set or a source
// document applies to every figure that declares none; a figure's own
// comes first, then its document's, then the set's.
func TestSetPrecision(t *testing.T) {
	src := `document: Draft
precision: "5"
documents:
  Ofsted release: {precision: "10"}
figures:
  looked_after: "1,235"
  placements: {value: "340", document: Ofsted release}
  own: {value: "1,235", precision: exact}
  hedged: {value: "about 40", precision: exact}
  share: {value: "13.8", document: Ofsted release}
`
	set, err := ReadSet("f.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]float64{
		"looked_after": {1232.5, 1237.5},
		"placements":   {335, 345},
		"own":          {1235, 1235},
		"hedged":       {36, 44}, // exact does not narrow a hedge
		"share":        {13.75, 13.85},
	}
	for _, f := range set.Figures {
		if w := want[f.Name]; !near(f.Value.Num.Lo, w[0]) || !near(f.Value.Num.Hi, w[1]) {
			t.Errorf("%s is [%v, %v], want %v", f.Name, f.Value.Num.Lo, f.Value.Num.Hi, w)
		}
	}
	if _, err := ReadSet("f.yaml", []byte("precision: fives\ndocuments:\n  a: {}\nfigures: {a: \"1\"}\n")); err == nil ||
		!strings.Contains(err.Error(), `f.yaml:1:12: precision "fives"`) || !strings.Contains(err.Error(), "f.yaml:3:6:") {
		t.Errorf("errors %v", err)
	}
}

// BenchmarkSetFigure looks up, by name, each figure of a set of 5,000.
func BenchmarkSetFigure(b *testing.B) {
	set := &Set{}
	var names []string
	for i := range 5000 {
		names = append(names, "f"+strconv.Itoa(i))
		set.Figures = append(set.Figures, Figure{Name: names[i]})
	}
	i := 0
	for b.Loop() {
		if set.Figure(names[i%len(names)]) == nil {
			b.Fatal("not found")
		}
		i++
	}
}

// TestSetFigure checks look-ups by name: the first figure of a name, none
// for a name no figure has, and figures appended after a look-up.
func TestSetFigure(t *testing.T) {
	var set Set // the zero set
	if f := set.Figure("a"); f != nil {
		t.Errorf("an empty set has %+v", f)
	}
	set.Figures = []Figure{{Name: "a", Unit: "1"}, {Name: "b"}, {Name: "a", Unit: "2"}}
	for _, c := range []struct {
		name, unit string
		found      bool
	}{{"a", "1", true}, {"b", "", true}, {"c", "", false}, {"", "", false}} {
		f := set.Figure(c.name)
		if (f != nil) != c.found || f != nil && (f.Name != c.name || f.Unit != c.unit || f != &set.Figures[slices.IndexFunc(set.Figures, func(g Figure) bool { return g.Name == c.name })]) {
			t.Errorf("Figure(%q) = %+v", c.name, f)
		}
	}
	set.Figures = append(set.Figures, Figure{Name: "c"})
	if f := set.Figure("c"); f != &set.Figures[3] {
		t.Errorf("a figure appended after a look-up is %+v", f)
	}
}
