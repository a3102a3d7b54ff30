package figures

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/figcheck/figcheck/source"
)

// Table is a file of rows: tidy (one row per period × area, a column per
// measure) or long (one figure per row, in "measure" and "value" columns,
// which Open turns into tidy rows).
type Table struct {
	Path    string
	Columns []string // as tidy rows have them
	long    *longIndex
}

// Row is one row of a table. The slices are reused by the next call to Next.
type Row struct {
	Line   int      // the line the row starts on
	Fields []string // one per column of the table
	Lines  []int    // for long tables, the line each field came from; else nil
}

// FieldPos returns where field i of the row came from.
func (r *Row) FieldPos(path string, i int) source.Pos {
	if r.Lines != nil {
		return source.Pos{File: path, Line: r.Lines[i]}
	}
	return source.Pos{File: path, Line: r.Line}
}

// Rows reads the rows of a table one at a time.
type Rows interface {
	// Next returns the next row, or io.EOF after the last one.
	Next() (*Row, error)
	Close() error
}

// OpenTable reads the header of the CSV file at path and decides its layout.
// A header with "measure" and "value" columns is long; any other is tidy.
func OpenTable(path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := newCSVReader(f)
	header, err := r.Read()
	if err == io.EOF {
		return nil, source.Errorf(source.Pos{File: path}, "the file is empty: a CSV table needs a header row")
	}
	if err != nil {
		return nil, csvError(path, err)
	}
	line, _ := r.FieldPos(0) // after any blank lines
	header = append([]string(nil), header...)
	header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	if err := checkHeader(path, line, header); err != nil {
		return nil, err
	}
	t := &Table{Path: path, Columns: header}
	if m, v := indexOf(header, "measure"), indexOf(header, "value"); m >= 0 && v >= 0 {
		if err := t.indexLong(m, v); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func checkHeader(path string, line int, header []string) error {
	seen := map[string]int{}
	for i, name := range header {
		pos := source.Pos{File: path, Line: line, Col: i + 1}
		switch {
		case strings.TrimSpace(name) == "":
			return source.Errorf(pos, "column %d has no name in the header row", i+1)
		case seen[name] > 0:
			return source.Errorf(pos, "column %q appears twice in the header row (columns %d and %d)", name, seen[name], i+1)
		}
		seen[name] = i + 1
	}
	return nil
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// Open starts reading the table's rows from the beginning.
func (t *Table) Open() (Rows, error) {
	if t.long != nil {
		return &longRows{rows: t.long.rows}, nil
	}
	f, err := os.Open(t.Path)
	if err != nil {
		return nil, err
	}
	r := newCSVReader(f)
	if _, err := r.Read(); err != nil {
		f.Close()
		return nil, csvError(t.Path, err)
	}
	return &csvRows{path: t.Path, f: f, r: r, width: len(t.Columns)}, nil
}

func newCSVReader(r io.Reader) *csv.Reader {
	br := bufio.NewReaderSize(r, 1<<16)
	// Skip a UTF-8 byte order mark, which would otherwise make a quoted
	// first header field a syntax error.
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	return cr
}

func csvError(path string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return source.Errorf(source.Pos{File: path, Line: pe.Line, Col: pe.Column}, "%v", pe.Err)
	}
	return fmt.Errorf("%s: %w", path, err)
}

type csvRows struct {
	path  string
	f     *os.File
	r     *csv.Reader
	width int
	row   Row
}

func (c *csvRows) Next() (*Row, error) {
	rec, err := c.r.Read()
	if err == io.EOF {
		return nil, io.EOF
	}
	if err != nil {
		return nil, csvError(c.path, err)
	}
	line, _ := c.r.FieldPos(0)
	if len(rec) != c.width {
		if len(rec) == 1 && rec[0] == "" {
			return c.Next() // a blank line
		}
		return nil, source.Errorf(source.Pos{File: c.path, Line: line},
			"the row has %d fields but the header has %d columns", len(rec), c.width)
	}
	c.row.Line, c.row.Fields = line, rec
	return &c.row, nil
}

func (c *csvRows) Close() error { return c.f.Close() }

// longIndex holds a long table turned tidy: one row per distinct combination
// of the other columns, with a column per measure. Long tables are pivoted in
// memory.
type longIndex struct {
	rows []Row
}

func (t *Table) indexLong(measureCol, valueCol int) error {
	f, err := os.Open(t.Path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := newCSVReader(f)
	r.ReuseRecord = false
	if _, err := r.Read(); err != nil {
		return csvError(t.Path, err)
	}
	var dims []int
	for i := range t.Columns {
		if i != measureCol && i != valueCol {
			dims = append(dims, i)
		}
	}
	columns := make([]string, 0, len(dims))
	for _, i := range dims {
		columns = append(columns, t.Columns[i])
	}
	measures := map[string]int{} // measure name → column in the tidy rows
	byKey := map[string]int{}    // dimension values → index of the tidy row
	var rows []Row
	var key bytes.Buffer
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return csvError(t.Path, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(t.Columns) {
			if len(rec) == 1 && rec[0] == "" {
				continue
			}
			return source.Errorf(source.Pos{File: t.Path, Line: line},
				"the row has %d fields but the header has %d columns", len(rec), len(t.Columns))
		}
		name := rec[measureCol]
		col, ok := measures[name]
		if !ok {
			if indexOf(columns, name) >= 0 {
				return source.Errorf(source.Pos{File: t.Path, Line: line, Col: measureCol + 1},
					"measure %q has the name of a column", name)
			}
			col = len(columns)
			columns = append(columns, name)
			measures[name] = col
		}
		key.Reset()
		for _, i := range dims {
			key.WriteString(rec[i])
			key.WriteByte(0)
		}
		idx, ok := byKey[key.String()]
		if !ok {
			idx = len(rows)
			byKey[key.String()] = idx
			row := Row{Line: line}
			for _, i := range dims {
				row.Fields = append(row.Fields, rec[i])
				row.Lines = append(row.Lines, line)
			}
			rows = append(rows, row)
		}
		row := &rows[idx]
		for len(row.Fields) <= col {
			row.Fields = append(row.Fields, "")
			row.Lines = append(row.Lines, 0)
		}
		if row.Lines[col] != 0 {
			return source.Errorf(source.Pos{File: t.Path, Line: line},
				"measure %q is given twice for the same row (first on line %d)", name, row.Lines[col])
		}
		row.Fields[col], row.Lines[col] = rec[valueCol], line
	}
	for i := range rows {
		row := &rows[i]
		for len(row.Fields) < len(columns) {
			row.Fields = append(row.Fields, "")
			row.Lines = append(row.Lines, 0)
		}
		for j, l := range row.Lines {
			if l == 0 {
				row.Lines[j] = row.Line // a measure this row does not have
			}
		}
	}
	t.Columns = columns
	t.long = &longIndex{rows: rows}
	return nil
}

type longRows struct {
	rows []Row
	i    int
}

func (l *longRows) Next() (*Row, error) {
	if l.i >= len(l.rows) {
		return nil, io.EOF
	}
	l.i++
	return &l.rows[l.i-1], nil
}

func (l *longRows) Close() error { return nil }
