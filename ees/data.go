package ees

import (
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/tables"
)

// Data is an EES data file read whole through the tables package: its
// header and its rows, each with the line and columns its fields start
// at.
type Data struct {
	Path   string
	Header []string
	Rows   []tables.Row
	index  map[string]int
	// level is the geographic level column, and levelAt its index or -1.
	level   string
	levelAt int
}

// ReadData reads every row of table t, which holds them from then on, so
// that checking it reads them from memory rather than from the file again.
func ReadData(t *tables.Table) (*Data, error) {
	rows, err := t.Hold()
	if err != nil {
		return nil, err
	}
	d := &Data{Path: t.Path, Header: t.Columns, Rows: rows, index: map[string]int{}}
	for i, h := range t.Columns {
		d.index[h] = i
	}
	d.findLevel()
	return d, nil
}

// Has reports whether the file has a column headed name.
func (d *Data) Has(name string) bool { _, ok := d.index[name]; return ok }

// Get returns row i's cell in the column headed name, or "".
func (d *Data) Get(i int, name string) string {
	j, ok := d.index[name]
	if !ok {
		return ""
	}
	return d.Rows[i].Fields[j]
}

// Line returns the line row i starts on.
func (d *Data) Line(i int) int { return d.Rows[i].Line }

// Pos returns the place of row i's cell in the column headed name, or of
// the row when there is no such cell.
func (d *Data) Pos(i int, name string) position.Pos {
	if j, ok := d.index[name]; ok {
		return d.Rows[i].FieldPos(d.Path, j)
	}
	return position.Pos{File: d.Path, Line: d.Rows[i].Line}
}

// findLevel finds the file's geographic level column: geographic_level,
// or the geographical_level of older files.
func (d *Data) findLevel() {
	d.level = "geographic_level"
	if !d.Has(d.level) && d.Has("geographical_level") {
		d.level = "geographical_level"
	}
	d.levelAt = -1
	if j, ok := d.index[d.level]; ok {
		d.levelAt = j
	}
}

// levelColumn is the file's geographic level column.
func (d *Data) levelColumn() string { return d.level }

// levelOf returns row i's geographic level, or "".
func (d *Data) levelOf(i int) string {
	if d.levelAt < 0 {
		return ""
	}
	return d.Rows[i].Fields[d.levelAt]
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
		if v := row.Fields[j]; !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
