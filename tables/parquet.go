package tables

import (
	"fmt"
	"io"
	"math/big"
	"os"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/figcheck/figcheck/position"
)

// Parquet tables are read with github.com/parquet-go/parquet-go. They must
// be flat (no nested or repeated columns). A row's position is its row
// number as its line, and its column's number as its column. A DECIMAL column's scale is its
// precision: a decimal(9,1) value of 13.8 reads as "13.8". Floating-point
// values are written in their shortest form, which then sets their
// precision. A row's "line" is its row number, from 1.

func (t *Table) readParquetSchema() error {
	f, pf, err := t.openParquet()
	if err != nil {
		return err
	}
	defer f.Close()
	if err := t.flat(pf.Schema().Fields()); err != nil {
		return err
	}
	for _, path := range pf.Schema().Columns() {
		leaf, _ := pf.Schema().Lookup(path...)
		t.Columns = append(t.Columns, path[0])
		scale := -1
		if lt := leaf.Node.Type().LogicalType(); lt != nil {
			if d, ok := lt.Value.(*format.DecimalType); ok {
				scale = int(d.Scale)
			}
		}
		t.scales = append(t.scales, scale)
	}
	return t.checkHeader(0, t.Columns)
}

// flat reports every top-level field of a Parquet schema that is not one
// plain column: a group of nested columns, or a repeated column. Each is
// named with its place among the fields and the paths of its columns, as
// a Parquet file has no lines to point at.
func (t *Table) flat(fields []parquet.Field) error {
	var errs position.Errors
	for i, field := range fields {
		at := fmt.Sprintf("column %q (field %d of %d in the schema)", field.Name(), i+1, len(fields))
		switch {
		case !field.Leaf():
			errs.Add(position.Pos{File: t.Path}, "%s holds nested columns %s: figcheck reads flat Parquet tables, one value to a column; write each as a column of its own", at, strings.Join(leafPaths(field, nil), ", "))
		case field.Repeated():
			errs.Add(position.Pos{File: t.Path}, "%s is repeated (a list in each row): figcheck reads flat Parquet tables, one value to a column; write a row per value", at)
		}
	}
	return errs.Err()
}

// leafPaths returns the paths of the columns under n, each as names
// joined by dots, after the names of prefix.
func leafPaths(n parquet.Field, prefix []string) []string {
	prefix = append(prefix[:len(prefix):len(prefix)], n.Name())
	if n.Leaf() {
		return []string{strings.Join(prefix, ".")}
	}
	var out []string
	for _, f := range n.Fields() {
		out = append(out, leafPaths(f, prefix)...)
	}
	return out
}

func (t *Table) openParquet() (*os.File, *parquet.File, error) {
	f, err := os.Open(t.file)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	pf, err := parquet.OpenFile(f, info.Size())
	if err != nil {
		f.Close()
		return nil, nil, position.Errorf(position.Pos{File: t.Path}, "not a Parquet file: %v", err)
	}
	return f, pf, nil
}

// parquetChunks reads the file's row groups a few thousand rows at a time.
// The values are copied out of the reader's buffers here and written as
// text when the chunk is split, on the goroutine that checks it.
func (t *Table) parquetChunks(fn func(*Chunk) error) error {
	f, pf, err := t.openParquet()
	if err != nil {
		return err
	}
	defer f.Close()
	number, seq := 1, 0
	buf := make([]parquet.Row, 4096)
	for g, rg := range pf.RowGroups() {
		rows := rg.Rows()
		for {
			n, err := rows.ReadRows(buf)
			if n > 0 {
				c := &Chunk{Seq: seq, table: t, line: number, values: make([]parquet.Row, n)}
				// One allocation for the chunk's values; only text needs
				// a copy of its own, as it points into the reader's pages.
				values := make([]parquet.Value, 0, n*len(t.Columns))
				for i, pr := range buf[:n] {
					start := len(values)
					for _, v := range pr {
						if k := v.Kind(); k == parquet.ByteArray || k == parquet.FixedLenByteArray {
							v = v.Clone()
						}
						values = append(values, v)
					}
					c.values[i] = values[start:len(values):len(values)]
				}
				number += n
				seq++
				if err := fn(c); err != nil {
					rows.Close()
					return err
				}
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				rows.Close()
				return position.Errorf(position.Pos{File: t.Path, Line: number}, "cannot read row group %d of the Parquet file: %v", g+1, err)
			}
		}
		rows.Close()
	}
	return nil
}

// parquetRows writes the chunk's values as the text of rows, reusing
// rows' slices; with lines, only the rows whose numbers are among them.
func (c *Chunk) parquetRows(rows []Row, lines map[int]bool) ([]Row, error) {
	width := len(c.table.Columns)
	for i, pr := range c.values {
		if lines != nil && !lines[c.line+i] {
			continue
		}
		var r *Row
		rows, r = nextRow(rows, c.line+i)
		r.emptyCells(width)
		for _, v := range pr {
			col := v.Column()
			var err error
			if r.Fields[col], err = parquetCell(v, c.table.scales[col]); err != nil {
				return rows[:len(rows)-1], position.Errorf(position.Pos{File: c.table.Path, Line: r.Line, Col: col + 1}, "column %s: %v", c.table.Columns[col], err)
			}
		}
	}
	return rows, nil
}

// parquetCell writes a Parquet value as text, a decimal with its scale.
func parquetCell(v parquet.Value, scale int) (string, error) {
	if v.IsNull() {
		return "", nil
	}
	switch v.Kind() {
	case parquet.Boolean:
		return strconv.FormatBool(v.Boolean()), nil
	case parquet.Int32, parquet.Int64:
		if scale >= 0 {
			return decimalText(big.NewInt(v.Int64()), scale), nil
		}
		return strconv.FormatInt(v.Int64(), 10), nil
	case parquet.Float:
		return strconv.FormatFloat(float64(v.Float()), 'f', -1, 32), nil
	case parquet.Double:
		return strconv.FormatFloat(v.Double(), 'f', -1, 64), nil
	case parquet.ByteArray, parquet.FixedLenByteArray:
		if scale >= 0 { // a big-endian two's complement unscaled decimal
			b := v.ByteArray()
			n := new(big.Int).SetBytes(b)
			if len(b) > 0 && b[0]&0x80 != 0 {
				n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
			}
			return decimalText(n, scale), nil
		}
		return string(v.ByteArray()), nil
	}
	return "", fmt.Errorf("values of type %v are not read", v.Kind())
}

// decimalText writes the unscaled integer n with scale decimals.
func decimalText(n *big.Int, scale int) string {
	s := new(big.Int).Abs(n).String()
	if scale > 0 {
		for len(s) <= scale {
			s = "0" + s
		}
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	}
	if n.Sign() < 0 {
		s = "-" + s
	}
	return s
}
