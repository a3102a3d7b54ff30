package rules

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/figcheck/figcheck/position"
)

// Expr is an expression written in a rule file, with what is needed to turn
// a position inside the expression into a position in the file.
type Expr struct {
	Text string
	Pos  position.Pos // where the text starts
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
func (e Expr) PosAt(runeOffset int) position.Pos {
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
	return position.Pos{File: e.Pos.File, Line: seg.line, Col: col}
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
		e.Pos = position.Pos{File: file, Line: e.segments[0].line, Col: e.segments[0].col}
	} else {
		e.Pos = position.Pos{File: file, Line: n.Line, Col: n.Column}
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

// splitLines splits src into lines as YAML counts them, so that a node's Line
// indexes the result: a line ends at \r\n, \r, \n, U+0085, U+2028 or U+2029.
func splitLines(src string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRuneInString(src[i:])
		switch r {
		case '\r', '\n', '\u0085', '\u2028', '\u2029':
			lines = append(lines, src[start:i])
			if r == '\r' && i+1 < len(src) && src[i+1] == '\n' {
				size = 2
			}
			start = i + size
		}
		i += size
	}
	return append(lines, src[start:])
}

// NewExpr is an expression of one line that starts at pos, for a rule made
// in memory rather than read from a rule file: positions inside it count
// from pos.
func NewExpr(text string, pos position.Pos) Expr { return Expr{Text: text, Pos: pos} }
