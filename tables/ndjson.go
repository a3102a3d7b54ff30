package tables

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/figcheck/figcheck/internal/size"
	"github.com/figcheck/figcheck/position"
)

// NDJSON tables have one JSON object per line. The keys of the first line
// are the columns, in its order; every line must have only those keys. A
// number keeps its text, so 17.0 has one decimal; null is an empty cell.

func (t *Table) readNDJSONHeader() error {
	f, err := t.open()
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReader(&io.LimitedReader{R: f, N: int64(t.limits.RecordBytes) + 1})
	for line := 1; ; line++ {
		text, err := br.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return position.Errorf(position.Pos{File: t.Path, Line: line}, "cannot read the table: %v", err)
		}
		if len(text) > t.limits.RecordBytes {
			return position.Errorf(position.Pos{File: t.Path, Line: line}, "the line is longer than %s: is this an NDJSON table? (--limit record-size=SIZE raises the limit)", size.Text(t.limits.RecordBytes))
		}
		if len(bytes.TrimSpace(text)) > 0 {
			t.Columns, err = objectKeys(text)
			if err != nil {
				return position.Errorf(position.Pos{File: t.Path, Line: line}, "%v", err)
			}
			t.dataLine = line
			t.indexKeys()
			return t.checkHeader(line, t.Columns)
		}
		t.dataOffset += int64(len(text))
		if err == io.EOF {
			return position.Errorf(position.Pos{File: t.Path}, "the file is empty: an NDJSON table needs at least one object")
		}
		if err != nil {
			return err
		}
	}
}

// indexKeys notes the column of each key, for lines whose keys come in
// another order than the first line's.
func (t *Table) indexKeys() {
	t.keys = make(map[string]int, len(t.Columns))
	for i, k := range t.Columns {
		t.keys[k] = i
	}
}

// objectKeys returns the keys of the JSON object in line, in order.
func objectKeys(line []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("each line must be a JSON object")
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("not valid JSON: %v", err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, fmt.Errorf("not valid JSON: %v", err)
		}
	}
	return keys, nil
}

// ndjsonRows splits each line of the chunk into the cells of its object,
// reusing rows' slices. Cells without escapes share the chunk's memory.
func (c *Chunk) ndjsonRows(rows []Row) ([]Row, error) {
	line, data, width := c.line, c.data, len(c.table.Columns)
	for len(data) > 0 {
		var text []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			text, data = data[:i], data[i+1:]
		} else {
			text, data = data, nil
		}
		if len(bytes.TrimSpace(text)) == 0 {
			line++
			continue
		}
		var r *Row
		rows, r = nextRow(rows, line)
		r.emptyCells(width) // a key the line leaves out is an empty cell
		if col, err := c.table.objectCells(text, r.Fields); err != nil {
			return rows[:len(rows)-1], position.Errorf(position.Pos{File: c.table.Path, Line: line, Col: col}, "%v", err)
		}
		line++
	}
	return rows, nil
}

// objectCells reads the JSON object on one line into cells, by the column
// of each key: a string as it is, a number as written, true and false as
// words, null as empty. On an error it returns the column where it is.
// Every object is read the same way, so a scanner made for flat objects
// does the work of encoding/json without a map and a copy per cell; escaped
// strings, which are rare, are left to encoding/json.
func (t *Table) objectCells(text []byte, cells []string) (int, error) {
	s := jsonScanner{text: text}
	if !s.skip('{') {
		return s.col(), errors.New("each line must be a JSON object")
	}
	if s.skip('}') {
		return s.end()
	}
	for k := 0; ; k++ {
		keyAt := s.col()
		key, err := s.str()
		if err != nil {
			return keyAt, err
		}
		if !s.skip(':') {
			return s.col(), fmt.Errorf("not valid JSON: a colon must follow the key %q", key)
		}
		i := k // keys usually come in the first line's order
		if i >= len(t.Columns) || t.Columns[i] != key {
			var known bool
			if i, known = t.keys[key]; !known {
				return keyAt, fmt.Errorf("key %q is not among the keys of the first line", key)
			}
		}
		valueAt := s.col()
		if cells[i], err = s.value(); err != nil {
			return valueAt, fmt.Errorf("key %q: %v", key, err)
		}
		switch {
		case s.skip(','):
		case s.skip('}'):
			return s.end()
		default:
			return s.col(), errors.New("not valid JSON: a comma or a closing brace must follow a value")
		}
	}
}

// jsonScanner reads the JSON of one line from its position.
type jsonScanner struct {
	text []byte
	pos  int
}

// col is the column of the next byte that is not white space.
func (s *jsonScanner) col() int {
	s.space()
	return s.pos + 1
}

func (s *jsonScanner) space() {
	for s.pos < len(s.text) {
		switch s.text[s.pos] {
		case ' ', '\t', '\r', '\n':
			s.pos++
		default:
			return
		}
	}
}

// skip reads b, after any white space, if it comes next.
func (s *jsonScanner) skip(b byte) bool {
	s.space()
	if s.pos < len(s.text) && s.text[s.pos] == b {
		s.pos++
		return true
	}
	return false
}

// end reports an error unless only white space is left.
func (s *jsonScanner) end() (int, error) {
	if col := s.col(); s.pos < len(s.text) {
		return col, errors.New("not valid JSON: text after the object")
	}
	return 0, nil
}

// str reads a string.
func (s *jsonScanner) str() (string, error) {
	if !s.skip('"') {
		return "", errors.New("not valid JSON: a key must be a string")
	}
	start, escaped := s.pos, false
	for ; s.pos < len(s.text); s.pos++ {
		switch b := s.text[s.pos]; {
		case b == '"':
			s.pos++
			if !escaped {
				return str(s.text[start : s.pos-1]), nil
			}
			var out string
			if err := json.Unmarshal(s.text[start-1:s.pos], &out); err != nil {
				return "", fmt.Errorf("not valid JSON: %v", err)
			}
			return out, nil
		case b == '\\':
			escaped = true
			s.pos++ // the escaped byte cannot end the string
		case b < 0x20:
			return "", errors.New("not valid JSON: a control character inside a string")
		}
	}
	s.pos = len(s.text) // past an escape at the very end
	return "", errors.New("not valid JSON: a string is not closed")
}

// value reads a cell's value.
func (s *jsonScanner) value() (string, error) {
	s.space()
	if s.pos == len(s.text) {
		return "", errors.New("not valid JSON: a value is missing")
	}
	switch s.text[s.pos] {
	case '"':
		return s.str()
	case '{', '[':
		return "", errors.New("a cell must be a string, a number or null, not an object or list")
	}
	start := s.pos
	for s.pos < len(s.text) && !endsWord(s.text[s.pos]) {
		s.pos++
	}
	switch word := s.text[start:s.pos]; {
	case string(word) == "null":
		return "", nil
	case string(word) == "true" || string(word) == "false" || jsonNumber(word):
		return str(word), nil
	default:
		return "", fmt.Errorf("not valid JSON: %q is not a value", word)
	}
}

// endsWord reports whether b ends a number or a word such as null.
func endsWord(b byte) bool {
	switch b {
	case ',', '}', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}

// jsonNumber reports whether b is a number as JSON writes them:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func jsonNumber(b []byte) bool {
	i := 0
	digits := func() int {
		n := 0
		for i < len(b) && b[i]-'0' <= 9 {
			i, n = i+1, n+1
		}
		return n
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	if i < len(b) && b[i] == '0' {
		i++
	} else if digits() == 0 {
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(b)
}
