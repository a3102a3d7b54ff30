package rules

import (
	"fmt"
	"testing"
	"unicode/utf16"

	"github.com/figcheck/figcheck/position"
)

// head is the start of a rule file up to the assert key, which is at line 4,
// column 5, so that a value on the same line starts at column 13.
const head = `rules:
  - id: r
    title: T
`

func TestExprPosAt(t *testing.T) {
	type at struct {
		offset    int // in runes
		line, col int
	}
	tests := []struct {
		name string
		src  string // the rest of the file after head
		text string // the expression as read
		at   []at
	}{
		{
			name: "plain",
			src:  "    assert: a == b\n",
			text: "a == b",
			// The value starts at column 13; in a file whose assert key
			// starts a line, offset 5 ("b") would be column 14.
			at: []at{{0, 4, 13}, {2, 4, 15}, {5, 4, 18}, {6, 4, 19}},
		},
		{
			name: "plain on the line after the key",
			src:  "    assert:\n      a == b\n",
			text: "a == b",
			at:   []at{{0, 5, 7}, {5, 5, 12}},
		},
		{
			name: "double quoted",
			src:  `    assert: "a == 'x'"` + "\n",
			text: `a == 'x'`,
			at:   []at{{0, 4, 14}, {2, 4, 16}, {5, 4, 19}, {6, 4, 20}},
		},
		{
			name: "single quoted",
			src:  "    assert: 'a == \"x\"'\n",
			text: `a == "x"`,
			at:   []at{{0, 4, 14}, {5, 4, 19}, {6, 4, 20}},
		},
		{
			name: "double quoted with leading space",
			src:  `    assert: " a == b"` + "\n",
			text: " a == b",
			at:   []at{{0, 4, 14}, {1, 4, 15}},
		},
		{
			name: "literal block",
			src:  "    assert: |\n      let w = 2;\n      a == w * b\n",
			text: "let w = 2;\na == w * b\n",
			// Offset 11 is the a that starts the second line.
			at: []at{{0, 5, 7}, {4, 5, 11}, {10, 5, 17}, {11, 6, 7}, {16, 6, 12}, {20, 6, 16}},
		},
		{
			name: "literal block with deeper lines and a blank line",
			src:  "    assert: |-\n      let w = 2;\n\n        a == w\n",
			text: "let w = 2;\n\n  a == w",
			at:   []at{{0, 5, 7}, {14, 7, 9}, {19, 7, 14}},
		},
		{
			name: "literal block with a comment after the indicator",
			src:  "    assert: | # the rule\n      a == b\n",
			text: "a == b\n",
			at:   []at{{0, 5, 7}, {5, 5, 12}},
		},
		{
			name: "folded block",
			src:  "    assert: >\n      a == b\n      and c == d\n",
			text: "a == b and c == d\n",
			// Offset 7 is "and", at the start of the second line.
			at: []at{{0, 5, 7}, {5, 5, 12}, {7, 6, 7}, {11, 6, 11}},
		},
		{
			name: "plain continued on the next line",
			src:  "    assert: a == b and\n      c == d\n",
			text: "a == b and c == d",
			at:   []at{{0, 4, 13}, {7, 4, 20}, {11, 5, 7}, {16, 5, 12}},
		},
		{
			name: "double quoted continued on the next line",
			src:  "    assert: \"a == b and\n      c == d\"\n",
			text: "a == b and c == d",
			at:   []at{{0, 4, 14}, {11, 5, 7}, {16, 5, 12}},
		},
		{
			name: "multi-byte character before the offset",
			src:  "    assert: name == \"Côte d'Or\" and b\n",
			text: "name == \"Côte d'Or\" and b",
			// ô is two bytes; columns count characters.
			at: []at{{9, 4, 22}, {11, 4, 24}, {24, 4, 37}},
		},
		{
			name: "multi-byte character in a block",
			src:  "    assert: |\n      \"é\" == b\n",
			text: "\"é\" == b\n",
			at:   []at{{1, 5, 8}, {2, 5, 9}, {7, 5, 14}},
		},
		{
			name: "multi-byte character on an earlier line",
			src:  "    assert: >\n      \"né\" == a\n      and b\n",
			text: "\"né\" == a and b\n",
			at:   []at{{10, 6, 7}, {14, 6, 11}},
		},
		{
			name: "CRLF line ends",
			src:  "    assert: a ==\r\n      b\r\n",
			text: "a == b",
			at:   []at{{0, 4, 13}, {5, 5, 7}},
		},
		{
			name: "CR line ends",
			src:  "    assert: a ==\r      b\r",
			text: "a == b",
			at:   []at{{0, 4, 13}, {5, 5, 7}},
		},
		{
			name: "line separator in a title before the assert",
			src:  "    description: \"one\u2028two\"\n    assert: a ==\n      b\n",
			text: "a == b",
			// YAML counts U+2028 as a line break, so assert is on line 6.
			at: []at{{0, 6, 13}, {5, 7, 7}},
		},
		{
			name: "offset past the end",
			src:  "    assert: a == b\n",
			text: "a == b",
			at:   []at{{6, 4, 19}, {100, 4, 19}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := Read("r.yaml", []byte(head+tt.src))
			checkErrors(t, err, nil)
			if len(set.Rules) != 1 {
				t.Fatalf("%d rules", len(set.Rules))
			}
			e := set.Rules[0].Assert
			if e.Text != tt.text {
				t.Fatalf("Text %q, want %q", e.Text, tt.text)
			}
			if e.PosAt(0) != e.Pos {
				t.Errorf("PosAt(0) = %v, but Pos = %v", e.PosAt(0), e.Pos)
			}
			for _, a := range tt.at {
				want := position.Pos{File: "r.yaml", Line: a.line, Col: a.col}
				if got := e.PosAt(a.offset); got != want {
					r := []rune(e.Text)
					what := "end"
					if a.offset < len(r) {
						what = fmt.Sprintf("%q", r[a.offset])
					}
					t.Errorf("PosAt(%d) (%s) = %v, want %v", a.offset, what, got, want)
				}
			}
		})
	}
}

// TestExprPosAtGroup checks that group expressions map positions too.
func TestExprPosAtGroup(t *testing.T) {
	set, err := Read("r.yaml", []byte(dataset+`rules:
  - id: g
    title: T
    assert: total == sum(parts.a)
    when: year != "2020"
    group:
      by: [year]
      parts: area != "all"
      whole: >-
        area ==
        "all"
`))
	checkErrors(t, err, nil)
	r := set.Rules[0]
	for _, c := range []struct {
		e    Expr
		off  int
		want position.Pos
	}{
		{r.Assert, 9, position.Pos{File: "r.yaml", Line: 7, Col: 22}},
		{r.When, 5, position.Pos{File: "r.yaml", Line: 8, Col: 16}},
		{r.Group.Parts, 8, position.Pos{File: "r.yaml", Line: 11, Col: 22}},
		{r.Group.Whole, 8, position.Pos{File: "r.yaml", Line: 14, Col: 9}},
	} {
		if got := c.e.PosAt(c.off); got != c.want {
			t.Errorf("%q: PosAt(%d) = %v, want %v", c.e.Text, c.off, got, c.want)
		}
	}
}

func TestExprIsZero(t *testing.T) {
	if !(Expr{}).IsZero() {
		t.Error("the zero Expr is not IsZero")
	}
	set, err := Read("r.yaml", []byte(head+"    assert: a == b\n"))
	checkErrors(t, err, nil)
	if set.Rules[0].Assert.IsZero() {
		t.Error("an assert read from a file IsZero")
	}
	if !set.Rules[0].When.IsZero() {
		t.Error("a when not given is not IsZero")
	}
}

// TestExprPosAtEncodings checks that a byte order mark, and UTF-16, leave
// expression positions as they are in the same file in plain UTF-8.
func TestExprPosAtEncodings(t *testing.T) {
	text := head + "    assert: |\n      let w = \"é\";\n      a == w\n"
	utf16Bytes := func(bigEndian bool) []byte {
		units := utf16.Encode([]rune("\ufeff" + text))
		b := make([]byte, 0, 2*len(units))
		for _, u := range units {
			if bigEndian {
				b = append(b, byte(u>>8), byte(u))
			} else {
				b = append(b, byte(u), byte(u>>8))
			}
		}
		return b
	}
	for _, c := range []struct {
		name string
		src  []byte
	}{
		{"UTF-8", []byte(text)},
		{"UTF-8 with BOM", []byte("\ufeff" + text)},
		{"UTF-16LE", utf16Bytes(false)},
		{"UTF-16BE", utf16Bytes(true)},
	} {
		set, err := Read("r.yaml", c.src)
		checkErrors(t, err, nil)
		if len(set.Rules) != 1 {
			t.Fatalf("%s: %d rules", c.name, len(set.Rules))
		}
		e := set.Rules[0].Assert
		if e.Text != "let w = \"é\";\na == w\n" {
			t.Errorf("%s: Text %q", c.name, e.Text)
		}
		for _, a := range []struct{ off, line, col int }{{4, 5, 11}, {13, 6, 7}, {18, 6, 12}} {
			want := position.Pos{File: "r.yaml", Line: a.line, Col: a.col}
			if got := e.PosAt(a.off); got != want {
				t.Errorf("%s: PosAt(%d) = %v, want %v", c.name, a.off, got, want)
			}
		}
	}
}
