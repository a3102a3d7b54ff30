package ees

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/figcheck/figcheck/position"
)

// Data is an EES data file read whole: its header and its rows, each with
// the line it starts on.
type Data struct {
	Path   string
	Header []string
	Rows   [][]string
	Lines  []int
	cols   [][]int // of each row, the column each field starts at
	index  map[string]int
}

// LoadData reads the data file at path.
func LoadData(path string) (*Data, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("figcheck: cannot read the EES data file %s: %w", path, unwrapPath(err))
	}
	return ReadData(path, src)
}

// ReadData reads a data file from src.
func ReadData(path string, src []byte) (*Data, error) {
	d := &Data{Path: path, index: map[string]int{}}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(src, []byte("\ufeff"))))
	r.ReuseRecord = false
	header, err := r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, position.Errorf(position.Pos{File: path, Line: 1}, "the data file is empty")
		}
		return nil, csvError(path, err)
	}
	var errs position.Errors
	for i, h := range header {
		h = strings.TrimSpace(h)
		pos := position.Pos{File: path, Line: 1, Col: fieldCol(r, i)}
		switch _, dup := d.index[h]; {
		case h == "":
			errs.Add(pos, "column %d has no header: every column of an EES data file is named", i+1)
		case !utf8.ValidString(h):
			errs.Add(pos, "column %d's header is not UTF-8 text: save the file as UTF-8", i+1)
		case dup:
			errs.Add(pos, "column %s appears twice", h)
		}
		d.Header = append(d.Header, h)
		d.index[h] = i
	}
	if len(errs) > 0 {
		return nil, errs
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(path, err)
		}
		line, _ := r.FieldPos(0)
		cols := make([]int, len(rec))
		for i := range rec {
			_, cols[i] = r.FieldPos(i)
		}
		d.Rows = append(d.Rows, rec)
		d.Lines = append(d.Lines, line)
		d.cols = append(d.cols, cols)
	}
	return d, nil
}

// Has reports whether the file has a column headed name.
func (d *Data) Has(name string) bool { _, ok := d.index[name]; return ok }

// Get returns row i's cell in the column headed name, or "".
func (d *Data) Get(i int, name string) string {
	j, ok := d.index[name]
	if !ok || j >= len(d.Rows[i]) {
		return ""
	}
	return d.Rows[i][j]
}

// Pos returns the place of row i's cell in the column headed name, or of
// the row when there is no such cell.
func (d *Data) Pos(i int, name string) position.Pos {
	p := position.Pos{File: d.Path, Line: d.Lines[i]}
	if j, ok := d.index[name]; ok && j < len(d.cols[i]) {
		p.Col = d.cols[i][j]
	}
	return p
}

// levelColumn is the file's geographic level column: geographic_level, or
// the geographical_level of older files.
func (d *Data) levelColumn() string {
	if !d.Has("geographic_level") && d.Has("geographical_level") {
		return "geographical_level"
	}
	return "geographic_level"
}

// distinct returns the values of a column in the order they first appear.
func (d *Data) distinct(name string) []string {
	j, ok := d.index[name]
	if !ok {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, row := range d.Rows {
		if j < len(row) && !seen[row[j]] {
			seen[row[j]] = true
			out = append(out, row[j])
		}
	}
	return out
}
