package rules

import (
	"encoding/binary"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/figcheck/figcheck/position"
)

// fuzzSeeds are rule files beyond the repository's testdata: the corners the
// table tests visit.
var fuzzSeeds = []string{
	``,
	`- a`,
	`rules: {a: b}`,
	"include: x.yaml\n",
	head + "    assert: a == b\n    tolerance: {relative: 1%}\n",
	head + "    assert: |\n      let w = 2;\n      a == w * b\n",
	head + "    assert: >\n      a == b\n      and c == d\n",
	head + "    assert: \"a == b and\n      c == d\"\n",
	head + "    assert: name == \"Côte d'Or\" and b\n",
	head + "    assert: a ==\r\n      b\r\n",
	head + "    same_figure: true\n    when: x\n",
	dataset + head + "    assert: total == sum(parts.a)\n    group: {by: year, parts: area != \"all\", whole: area == \"all\"}\n",
	"dataset:\n  dimensions: [year, area, year]\n  measures: {a: 0.1, b: exact, c: {precision: 10}, d: x}\n  period: a\n  area: [q]\n  suppressed: [x]\n",
	"dataset:\n  delimiter: \",\"\n  decimal: \",\"\n  missing: [NA, \"\"]\n  dimensions: [id, {a_b: {column: a.b}}, {c: {column: a.b}}]\n  measures: {x_y: {column: x y, precision: exact}}\n",
	"rules: [{id: a, title: T, assert: a ==\n    b}]\n",
	"rules:\n  - &r {id: a, title: T, assert: a == b}\n  - *r\n",
}

// addSeeds adds the repository's YAML files, read now as they may change,
// and fuzzSeeds to the corpus of f.
func addSeeds(f *testing.F) {
	_ = filepath.WalkDir(filepath.Join("..", "testdata"), func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return nil
		}
		if ext := filepath.Ext(p); ext == ".yaml" || ext == ".yml" || ext == ".in" { // .in: the hostile corpus
			if src, err := os.ReadFile(p); err == nil {
				f.Add(src)
			}
		}
		return nil
	})
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
}

// FuzzRead checks that no rule file makes Read panic, that every mistake is
// a position.Errors pointing inside the file, and that expression positions
// stay inside it too.
func FuzzRead(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		const file = "fuzz.yaml"
		set, err := Read(file, src)
		if set == nil {
			t.Fatal("Read returned a nil set")
		}
		lines := yamlLineCount(decodeBOM(src))
		inFile := func(p position.Pos) bool {
			return p.File == file && p.Line >= 0 && p.Line <= lines+1 && p.Col >= 0
		}
		if err != nil {
			list, ok := err.(position.Errors)
			if !ok {
				t.Fatalf("error is %T, not position.Errors: %v", err, err)
			}
			if len(list) == 0 {
				t.Fatal("an empty position.Errors as an error")
			}
			for i, e := range list {
				if !inFile(e.Pos) {
					t.Errorf("error at %v outside the %d-line file: %v", e.Pos, lines, e)
				}
				if e.Msg == "" {
					t.Errorf("error at %v without a message", e.Pos)
				}
				if i > 0 {
					a, b := list[i-1].Pos, e.Pos
					if a.Line > b.Line || a.Line == b.Line && a.Col > b.Col {
						t.Errorf("errors out of order: %v before %v", a, b)
					}
				}
			}
		}
		for _, r := range set.Rules {
			if r.ID == "" || !inFile(r.Pos) {
				t.Errorf("rule %q at %v", r.ID, r.Pos)
			}
			exprs := []Expr{r.Assert, r.When}
			if r.Group != nil {
				exprs = append(exprs, r.Group.Parts, r.Group.Whole)
			}
			for _, e := range exprs {
				if e.IsZero() {
					continue
				}
				n := utf8.RuneCountInString(e.Text)
				for off := 0; off <= n; off++ {
					if p := e.PosAt(off); !inFile(p) || p.Line < 1 || p.Col < 1 {
						t.Fatalf("%q: PosAt(%d) = %v, outside the %d-line file", e.Text, off, p, lines)
					}
				}
			}
		}
	})
}

// yamlLineCount counts the lines of src as YAML does: \r\n, \r, \n, U+0085,
// U+2028 and U+2029 each end a line.
func yamlLineCount(src string) int {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	n := 1
	for _, brk := range []string{"\r", "\n", "\u0085", "\u2028", "\u2029"} {
		n += strings.Count(src, brk)
	}
	return n
}

// decodeBOM returns src as text, decoded from UTF-16 when it starts with a
// UTF-16 byte order mark, as the YAML parser reads it.
func decodeBOM(src []byte) string {
	if len(src) < 2 || !(src[0] == 0xff && src[1] == 0xfe || src[0] == 0xfe && src[1] == 0xff) {
		return string(src)
	}
	little := src[0] == 0xff
	var units []uint16
	for i := 2; i+1 < len(src); i += 2 {
		if little {
			units = append(units, binary.LittleEndian.Uint16(src[i:]))
		} else {
			units = append(units, binary.BigEndian.Uint16(src[i:]))
		}
	}
	return string(utf16.Decode(units))
}
