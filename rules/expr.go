package rules

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/figcheck/figcheck/source"
)

// Expr is an expression written in a rule file, with what is needed to turn
// a position inside the expression into a position in the file.
type Expr struct {
	Text string
	Pos  source.Pos // where the text starts
	// segments map byte offsets of Text to file positions, one per source
	// line the text spans.
	segments []segment
}

type segment struct {
	offset    int // byte offset in Text
	line, col int // file position of that byte
}

// IsZero reports whether the expression was not given.
func (e Expr) IsZero() bool { return e.Text == "" && e.Pos.File == "" }

// PosAt returns the file position of the rune at offset runes into the
// expression: what expr reports as the location of an error.
func (e Expr) PosAt(runeOffset int) source.Pos {
	byteOffset := len(e.Text)
	for i := range e.Text {
		if runeOffset == 0 {
			byteOffset = i
			break
		}
		runeOffset--
	}
	seg := segment{line: e.Pos.Line, col: e.Pos.Col}
	for _, s := range e.segments {
		if s.offset > byteOffset {
			break
		}
		seg = s
	}
	col := seg.col + utf8.RuneCountInString(e.Text[min(seg.offset, byteOffset):byteOffset])
	return source.Pos{File: e.Pos.File, Line: seg.line, Col: col}
}

// newExpr records the scalar n of the file with lines src as an expression,
// finding each source line of the scalar inside its value so that positions
// survive block scalars (| and >), folding and quotes.
func newExpr(file string, lines []string, n *yaml.Node) Expr {
	e := Expr{Text: n.Value}
	line, col := n.Line, n.Column
	switch n.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		line++ // the text starts on the line after | or >
		col = 0
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		col++
	}
	offset := 0
	for l := line; l <= len(lines) && offset < len(e.Text); l++ {
		text := lines[l-1]
		start := 0
		if l == n.Line && col > 0 {
			start = byteIndexOfColumn(text, col)
		}
		content := strings.TrimSpace(text[start:])
		if l == line && col > 0 {
			content = strings.TrimRight(text[start:], " \t")
		}
		if content == "" {
			continue
		}
		// The closing quote of a quoted scalar is not part of the value.
		if n.Style == yaml.DoubleQuotedStyle || n.Style == yaml.SingleQuotedStyle {
			content = strings.TrimRight(content, `"'`)
		}
		i := strings.Index(e.Text[offset:], firstWord(content))
		if i < 0 {
			break
		}
		lead := len(text[start:]) - len(strings.TrimLeft(text[start:], " \t"))
		if l == line && col > 0 {
			lead = 0
		}
		pos := utf8.RuneCountInString(text[:start+lead]) + 1
		e.segments = append(e.segments, segment{offset: offset + i, line: l, col: pos})
		offset += i + len(content)
	}
	if len(e.segments) > 0 {
		e.Pos = source.Pos{File: file, Line: e.segments[0].line, Col: e.segments[0].col}
	} else {
		e.Pos = source.Pos{File: file, Line: n.Line, Col: n.Column}
	}
	return e
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " \t"); i > 0 {
		return s[:i]
	}
	return s
}

// byteIndexOfColumn returns the byte index of the 1-based rune column col.
func byteIndexOfColumn(s string, col int) int {
	n := 1
	for i := range s {
		if n == col {
			return i
		}
		n++
	}
	return len(s)
}
