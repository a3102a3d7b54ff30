package yamlnode

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"gopkg.in/yaml.v3"

	"github.com/figcheck/figcheck/position"
)

func errStrings(l position.Errors) []string {
	var out []string
	for _, e := range l {
		out = append(out, e.Error())
	}
	return out
}

func checkErrs(t *testing.T, d *Doc, want ...string) {
	t.Helper()
	if got := errStrings(d.Errs); !reflect.DeepEqual(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// parse parses src, which must be a mapping, and returns the value of key.
func parse(t *testing.T, src, key string) (*Doc, *yaml.Node) {
	t.Helper()
	d, root := Parse("f.yaml", []byte(src))
	if root == nil {
		t.Fatalf("Parse: %v", d.Errs)
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == key {
			return d, root.Content[i+1]
		}
	}
	t.Fatalf("no key %q in %q", key, src)
	return nil, nil
}

func TestSuggest(t *testing.T) {
	known := []string{"assert", "description", "severity", "tolerance", "when", "group", "measures"}
	tests := []struct {
		name string
		want string
	}{
		{"asert", `assert`},        // one deletion
		{"assret", `assert`},       // a swap is two edits
		{"Assert", `assert`},       // case counts as an edit
		{"sevrity", `severity`},    // one deletion
		{"tolerence", `tolerance`}, // one substitution
		{"descripton", `description`},
		{"measure", `measures`},
		{"wen", `when`},
		{"groups", `group`},
		{"dimensions", ``}, // nothing close
		{"xyz", ``},
		{"explanation", ``},
		{"severities", `severity`}, // three edits, allowed for ten letters
		{"sizes", ``},              // three edits from severity, too many for five letters
		{"", ``},                   // too far from every name
	}
	for _, tt := range tests {
		got := Suggest(tt.name, known)
		want := ""
		if tt.want != "" {
			want = ` (did you mean "` + tt.want + `"?)`
		}
		if got != want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.name, got, want)
		}
	}
	if got := Suggest("asert", nil); got != "" {
		t.Errorf("Suggest with no known names = %q", got)
	}
	// A long name allows more edits: len/3.
	if got := Suggest("percentage_chnge_yr", []string{"percentage_change_year"}); got != ` (did you mean "percentage_change_year"?)` {
		t.Errorf("Suggest for a long name = %q", got)
	}
	// The closest wins, and the first of equally close ones.
	if got := Suggest("rate", []string{"rates", "rat", "late"}); got != ` (did you mean "rates"?)` {
		t.Errorf("Suggest among equals = %q", got)
	}
	if got := Suggest("cases", []string{"case_x", "cases_"}); got != ` (did you mean "cases_"?)` {
		t.Errorf("Suggest closest = %q", got)
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"asert", "assert", 1}, {"assert", "assert", 0}, {"ab", "ba", 2},
	} {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := editDistance(c.b, c.a); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.b, c.a, got, c.want)
		}
	}
}

func TestFields(t *testing.T) {
	fields := func(read map[string]string) []Field {
		f := func(name string, required bool) Field {
			return Field{Name: name, Required: required, Read: func(k, v *yaml.Node) {
				if k.Value != name {
					t.Errorf("Read for %q got key %q", name, k.Value)
				}
				read[name] = v.Value
			}}
		}
		return []Field{f("name", true), f("colour", false), f("size", false)}
	}
	tests := []struct {
		name string
		src  string
		read map[string]string
		errs []string
	}{
		{"all known", "x:\n  name: a\n  size: 3\n", map[string]string{"name": "a", "size": "3"}, nil},
		{"unknown key close to a known one", "x:\n  name: a\n  color: red\n", map[string]string{"name": "a"},
			[]string{`f.yaml:3:3: unknown key "color" in the thing (did you mean "colour"?)`}},
		{"unknown key far from all: known keys listed sorted", "x:\n  name: a\n  weight: 2\n", map[string]string{"name": "a"},
			[]string{`f.yaml:3:3: unknown key "weight" in the thing (known keys: colour, name, size)`}},
		{"repeated key: the first is read", "x:\n  name: a\n  size: 1\n  size: 2\n", map[string]string{"name": "a", "size": "1"},
			[]string{`f.yaml:4:3: key "size" appears twice in the thing`}},
		{"required key missing: at the mapping", "x:\n  size: 1\n", map[string]string{"size": "1"},
			[]string{`f.yaml:2:3: the thing has no "name"`}},
		{"flow mapping", "x: {colour: blue, name: b}\n", map[string]string{"colour": "blue", "name": "b"}, nil},
		{"empty mapping", "x: {}\n", map[string]string{},
			[]string{`f.yaml:1:4: the thing has no "name"`}},
		{"not a mapping", "x: [name]\n", map[string]string{},
			[]string{`f.yaml:1:4: the thing must be a mapping, not a list`}},
		{"null", "x:\n", map[string]string{},
			[]string{`f.yaml:1:3: the thing must be a mapping, not nothing`}},
		{"scalar", "x: name\n", map[string]string{},
			[]string{`f.yaml:1:4: the thing must be a mapping, not the value "name"`}},
		{"several mistakes", "x:\n  nmae: a\n  size: 1\n  size: 1\n  colour: x\n", map[string]string{"size": "1", "colour": "x"},
			[]string{
				`f.yaml:2:3: unknown key "nmae" in the thing (did you mean "name"?)`,
				`f.yaml:4:3: key "size" appears twice in the thing`,
				`f.yaml:2:3: the thing has no "name"`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, n := parse(t, tt.src, "x")
			read := map[string]string{}
			d.Fields(n, "the thing", fields(read)...)
			checkErrs(t, d, tt.errs...)
			if !reflect.DeepEqual(read, tt.read) {
				t.Errorf("read %v, want %v", read, tt.read)
			}
		})
	}
}

func TestPairs(t *testing.T) {
	d, n := parse(t, "m:\n  b: 1\n  a: 2\n  b: 3\n  c:\n", "m")
	keys, values := d.Pairs(n, "measures")
	checkErrs(t, d, `f.yaml:4:3: "b" appears twice in measures`)
	var got []string
	for i, k := range keys {
		got = append(got, k.Value+"="+values[i].Value)
	}
	if want := []string{"b=1", "a=2", "c="}; !reflect.DeepEqual(got, want) {
		t.Errorf("pairs %v, want %v", got, want)
	}

	d, n = parse(t, "m: [a]\n", "m")
	if keys, values := d.Pairs(n, "measures"); keys != nil || values != nil {
		t.Errorf("Pairs of a list = %v, %v", keys, values)
	}
	checkErrs(t, d, `f.yaml:1:4: measures must be a mapping, not a list`)
}

func TestString(t *testing.T) {
	d, n := parse(t, "s: 'hello'\n", "s")
	if s, ok := d.String(n, "s"); !ok || s != "hello" {
		t.Errorf("String = %q, %v", s, ok)
	}
	d, n = parse(t, "s: {a: b}\n", "s")
	if s, ok := d.String(n, "the title"); ok || s != "" {
		t.Errorf("String of a mapping = %q, %v", s, ok)
	}
	checkErrs(t, d, `f.yaml:1:4: the title must be a single value, not a mapping`)
}

func TestStrings(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		want  []string
		lines []int // line of each node
		errs  []string
	}{
		{"scalar is a list of one", "v: alone\n", []string{"alone"}, []int{1}, nil},
		{"flow list", "v: [a, 'b c', 3]\n", []string{"a", "b c", "3"}, []int{1, 1, 1}, nil},
		{"block list", "v:\n  - a\n  - b\n", []string{"a", "b"}, []int{2, 3}, nil},
		{"empty list", "v: []\n", nil, nil, nil},
		{"mapping", "v: {a: 1}\n", nil, nil, []string{`f.yaml:1:4: codes must be a list, not a mapping`}},
		{"nested list item left out", "v: [a, [b], c, {d: 1}]\n", []string{"a", "c"}, []int{1, 1}, []string{
			`f.yaml:1:8: each item of codes must be a single value, not a list`,
			`f.yaml:1:16: each item of codes must be a single value, not a mapping`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, n := parse(t, tt.src, "v")
			got, nodes := d.Strings(n, "codes")
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Strings = %q, want %q", got, tt.want)
			}
			if len(nodes) != len(got) {
				t.Fatalf("%d nodes for %d strings", len(nodes), len(got))
			}
			for i, n := range nodes {
				if n.Value != got[i] || n.Line != tt.lines[i] {
					t.Errorf("node %d: %q at line %d, want %q at line %d", i, n.Value, n.Line, got[i], tt.lines[i])
				}
			}
			checkErrs(t, d, tt.errs...)
		})
	}
}

func TestFloat(t *testing.T) {
	tests := []struct {
		src  string
		want float64
		ok   bool
		err  string
	}{
		{"v: 1.5\n", 1.5, true, ""},
		{"v: -2\n", -2, true, ""},
		{"v: 1e3\n", 1000, true, ""},
		{"v: ' 7 '\n", 7, true, ""},
		{"v: 0\n", 0, true, ""},
		{"v: ten\n", 0, false, `f.yaml:1:4: the tolerance must be a number, not "ten"`},
		{"v: 1%\n", 0, false, `f.yaml:1:4: the tolerance must be a number, not "1%"`},
		{"v: 1,000\n", 0, false, `f.yaml:1:4: the tolerance must be a number, not "1,000"`},
		{"v:\n", 0, false, `f.yaml:1:3: the tolerance must be a number, not ""`},
		{"v: [1]\n", 0, false, `f.yaml:1:4: the tolerance must be a single value, not a list`},
	}
	for _, tt := range tests {
		d, n := parse(t, tt.src, "v")
		got, ok := d.Float(n, "the tolerance")
		if got != tt.want || ok != tt.ok {
			t.Errorf("Float(%q) = %v, %v; want %v, %v", tt.src, got, ok, tt.want, tt.ok)
		}
		var want []string
		if tt.err != "" {
			want = []string{tt.err}
		}
		checkErrs(t, d, want...)
	}
}

func TestBool(t *testing.T) {
	tests := []struct {
		src  string
		want bool
		ok   bool
		err  string
	}{
		{"v: true\n", true, true, ""},
		{"v: false\n", false, true, ""},
		{"v: 'true'\n", true, true, ""},
		{"v: yes\n", false, false, `f.yaml:1:4: same_figure must be true or false, not "yes"`},
		{"v: True\n", false, false, `f.yaml:1:4: same_figure must be true or false, not "True"`},
		{"v: 1\n", false, false, `f.yaml:1:4: same_figure must be true or false, not "1"`},
		{"v: {a: b}\n", false, false, `f.yaml:1:4: same_figure must be a single value, not a mapping`},
	}
	for _, tt := range tests {
		d, n := parse(t, tt.src, "v")
		got, ok := d.Bool(n, "same_figure")
		if got != tt.want || ok != tt.ok {
			t.Errorf("Bool(%q) = %v, %v; want %v, %v", tt.src, got, ok, tt.want, tt.ok)
		}
		var want []string
		if tt.err != "" {
			want = []string{tt.err}
		}
		checkErrs(t, d, want...)
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		src  string
		err  string // "" for a mapping root
	}{
		{"mapping", "a: 1\n", ""},
		{"mapping after comments and a document marker", "# c\n---\na: 1\n", ""},
		{"empty", "", "f.yaml:1:1: the file is empty"},
		{"blank lines", "\n\n  \n", "f.yaml:1:1: the file is empty"},
		{"comment only", "# just a comment\n", "f.yaml:1:1: the file is empty"},
		{"document marker only", "---\n", "f.yaml:2:1: the file must be a mapping of keys to values, not nothing"},
		{"list", "- a\n- b\n", "f.yaml:1:1: the file must be a mapping of keys to values, not a list"},
		{"scalar", "hello\n", "f.yaml:1:1: the file must be a mapping of keys to values, not a single value"},
		{"indented scalar", "\n  42\n", "f.yaml:2:3: the file must be a mapping of keys to values, not a single value"},
		{"alias root", "&a [1]\n", "f.yaml:1:1: the file must be a mapping of keys to values, not a list"},
		{"syntax error with a line", "a: 1\nb: c: d\n", "f.yaml:2:5: invalid YAML: mapping values are not allowed in this context"},
		{"syntax error at the start of a flow list", "a: [1\n", "f.yaml:1:5: invalid YAML: did not find expected ',' or ']'"},
		{"second document", "a: 1\n---\nb: 2\n", "f.yaml:2:1: a second YAML document starts here: write everything in one document, without ---"},
		{"second document a scalar", "a: 1\n--- x\n", "f.yaml:2:1: a second YAML document starts here: write everything in one document, without ---"},
		{"syntax error in a second document", "a: 1\n---\nb: [\n", "f.yaml:3:4: invalid YAML: did not find expected node content"},
		{"trailing document marker", "a: 1\n---\n", ""},
		{"document end marker", "a: 1\n...\n", ""},
		{"unknown alias: placed at its end", "a: *nope\n", "f.yaml:1:8: invalid YAML: unknown anchor 'nope' referenced"},
		// yaml.v3 blames the line where the enclosing mapping began.
		{"bad indentation three lines down", "rules:\n  - id: a\n    title: b\n   assert: x\n", "f.yaml:4:4: invalid YAML: did not find expected '-' indicator"},
		{"tab indentation", "rules:\n  - id: a\n\ttitle: b\n", "f.yaml:3:1: invalid YAML: found a tab character that violates indentation (YAML indents with spaces, not tabs)"},
		{"unclosed quote", "rules:\n  - id: a\n    title: \"b\n", "f.yaml:3:12: invalid YAML: found unexpected end of stream"},
		{"a key out of line", "a:\n  b: 1\n c: 2\n", "f.yaml:3:2: invalid YAML: did not find expected key"},
		{"NUL byte", "a: 1\nb: x\x00y\n", "f.yaml:2:5: the file holds a NUL byte here: it is binary, not a YAML text file"},
		{"not UTF-8", "a: 1\nb: é\xff\n", "f.yaml:2:5: the file is not UTF-8 text here: save it as UTF-8"},
		{"binary garbage", "\x89PNG\r\n\x1a\n", "f.yaml:1:1: the file is not UTF-8 text here: save it as UTF-8"},
		{"a secret is not shown", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n", "f.yaml:1:1: the file must be a mapping of keys to values, not a single value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, root := Parse("f.yaml", []byte(tt.src))
			if d == nil {
				t.Fatal("Parse returned a nil Doc")
			}
			if d.File != "f.yaml" || string(d.Src) != tt.src {
				t.Errorf("Doc File %q, Src %q", d.File, d.Src)
			}
			if tt.err == "" {
				checkErrs(t, d)
				if root == nil || root.Kind != yaml.MappingNode {
					t.Errorf("root %v, want a mapping", root)
				}
				return
			}
			if root != nil {
				t.Errorf("root %v, want nil", root)
			}
			checkErrs(t, d, tt.err)
		})
	}
}

// TestParseGarbage checks that no input makes Parse panic, and that it
// always returns either a mapping or an error.
func TestParseGarbage(t *testing.T) {
	inputs := []string{
		"\x00", "\xff\xfe", "{", "[", "]", "}", "*", "&", "!", "!!", "%YAML 1.1\n", "%TAG ! !foo\n",
		"? ", ": ", "- - - -", "'", `"`, "|", ">", "|9\n", "a: |0\n x\n", "\t", "a:\n\t- b\n",
		"a: &x [*x]\n", "<<: *x\n", "a: !!binary ????\n", "a: !!int x\n", "a: !!float x\n",
		"a: !!map [b]\n", "a: !!seq {b: c}\n", "a: !!timestamp x\n",
		"#\n- - QI\n- - QI\n- - QI\n- - QI\n- - QI\n- - QI\n- - QI\n- - QI\n- - QI\n- - QI\n",
		"a: b\n---\nc: d\n", "...\n", "--- |\n  x\n", strings.Repeat("[", 10000), strings.Repeat("{a: ", 5000),
		strings.Repeat("- ", 5000) + "x", "a: " + strings.Repeat("&a ", 3) + "b\n", "\ufeffa: 1\n",
	}
	rng := rand.New(rand.NewSource(1))
	alphabet := []byte("ab:- \n\t[]{}&*!|>'\"#?,%@`\\\x00\xc3\xa9")
	for range 3000 {
		b := make([]byte, rng.Intn(60))
		for i := range b {
			b[i] = alphabet[rng.Intn(len(alphabet))]
		}
		inputs = append(inputs, string(b))
	}
	for _, in := range inputs {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("Parse(%q) panics: %v", in, r)
				}
			}()
			d, root := Parse("g.yaml", []byte(in))
			switch {
			case root == nil && len(d.Errs) == 0:
				t.Errorf("Parse(%q): no root and no error", in)
			case root != nil && (root.Kind != yaml.MappingNode || len(d.Errs) != 0):
				t.Errorf("Parse(%q): root kind %v with errors %v", in, root.Kind, d.Errs)
			}
			lines := strings.Count(in, "\n") + 1
			for _, e := range d.Errs {
				if e.Pos.File != "g.yaml" || e.Pos.Line < 0 || e.Pos.Line > lines+1 || e.Pos.Col < 0 {
					t.Errorf("Parse(%q): error at %v: %v", in, e.Pos, e)
				}
			}
		}()
	}
}

func TestErrorf(t *testing.T) {
	d, n := parse(t, "a:\n  b: c\n", "a")
	d.Errorf(n.Content[1], "bad %s", "value")
	checkErrs(t, d, "f.yaml:2:6: bad value")
	if p := d.Pos(n); p != (position.Pos{File: "f.yaml", Line: 2, Col: 3}) {
		t.Errorf("Pos = %v", p)
	}
}

// TestText: a file is read as YAML reads it, UTF-16 decoded by its byte
// order mark, and broken UTF-16 is placed where it breaks.
func TestText(t *testing.T) {
	le := func(s string) string { // UTF-16LE with its mark
		b := []byte{0xff, 0xfe}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return string(b)
	}
	be := func(s string) string {
		b := []byte{0xfe, 0xff}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u>>8), byte(u))
		}
		return string(b)
	}
	for _, tt := range []struct {
		src, text string
		bad       int
	}{
		{"a: 1\n", "a: 1\n", -1},
		{"\xef\xbb\xbfa: 1\n", "a: 1\n", -1},
		{le("a: é\n"), "a: é\n", -1},
		{be("a: 😀\n"), "a: 😀\n", -1},
		{le("a\n") + "\x00", "a\n", 2},           // an odd byte at the end
		{le("a\n") + "\x0a\xdf", "a\n", 2},       // a low surrogate alone
		{le("a") + "\x3d\xd8" + "b\x00", "a", 1}, // a high surrogate before a letter
	} {
		text, bad := Text([]byte(tt.src))
		if string(text) != tt.text || bad != tt.bad {
			t.Errorf("Text(%q) = %q, %d; want %q, %d", tt.src, text, bad, tt.text, tt.bad)
		}
	}
	d, root := Parse("f.yaml", []byte(le("a: 1\nb: 2\n")+"\x0a\xdf"))
	if root != nil || len(d.Errs) != 1 || d.Errs[0].Pos.Line != 3 || !strings.Contains(d.Errs[0].Msg, "UTF-16") {
		t.Errorf("broken UTF-16 after two lines: %v", d.Errs)
	}
}
