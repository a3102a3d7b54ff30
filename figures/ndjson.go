package figures

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/figcheck/figcheck/source"
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
	br := bufio.NewReader(f)
	for line := 1; ; line++ {
		text, err := br.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return source.Errorf(source.Pos{File: t.Path, Line: line}, "cannot read the table: %v", err)
		}
		if len(bytes.TrimSpace(text)) > 0 {
			t.Columns, err = objectKeys(text)
			if err != nil {
				return source.Errorf(source.Pos{File: t.Path, Line: line}, "%v", err)
			}
			t.dataLine = line
			return checkHeader(t.Path, line, t.Columns)
		}
		t.dataOffset += int64(len(text))
		if err == io.EOF {
			return source.Errorf(source.Pos{File: t.Path}, "the file is empty: an NDJSON table needs at least one object")
		}
		if err != nil {
			return err
		}
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

// ndjsonRows parses each line of the chunk as an object.
func (c *Chunk) ndjsonRows(rows []Row) ([]Row, error) {
	line := c.line
	data := c.data
	col := map[string]int{}
	for i, name := range c.table.Columns {
		col[name] = i
	}
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
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(text, &obj); err != nil {
			return rows, source.Errorf(source.Pos{File: c.table.Path, Line: line}, "not a JSON object: %v", err)
		}
		fields := make([]string, len(c.table.Columns))
		for k, raw := range obj {
			i, ok := col[k]
			if !ok {
				return rows, source.Errorf(source.Pos{File: c.table.Path, Line: line}, "key %q is not among the keys of the first line", k)
			}
			v, err := jsonCell(raw)
			if err != nil {
				return rows, source.Errorf(source.Pos{File: c.table.Path, Line: line}, "key %q: %v", k, err)
			}
			fields[i] = v
		}
		rows = append(rows, Row{Line: line, Fields: fields})
		line++
	}
	return rows, nil
}

// jsonCell turns a JSON value into a cell's text: a string as it is, a
// number as written, null as empty.
func jsonCell(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return "", nil
	case raw[0] == '"':
		return strconv.Unquote(string(raw))
	case raw[0] == '{' || raw[0] == '[':
		return "", fmt.Errorf("a cell must be a string, a number or null, not an object or list")
	}
	return string(raw), nil
}
