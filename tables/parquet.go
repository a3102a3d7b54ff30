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
// be flat (no nested or repeated columns). A DECIMAL column's scale is its
// precision: a decimal(9,1) value of 13.8 reads as "13.8". Floating-point
// values are written in their shortest form, which then sets their
// precision. A row's "line" is its row number, from 1.

func (t *Table) readParquetSchema() error {
	f, pf, err := t.openParquet()
	if err != nil {
		return err
	}
	defer f.Close()
	for _, path := range pf.Schema().Columns() {
		if len(path) != 1 {
			return position.Errorf(position.Pos{File: t.Path}, "column %s is nested: figcheck reads flat Parquet tables", strings.Join(path, "."))
		}
		leaf, _ := pf.Schema().Lookup(path...)
		if leaf.MaxRepetitionLevel > 0 {
			return position.Errorf(position.Pos{File: t.Path}, "column %s is repeated: figcheck reads flat Parquet tables", path[0])
		}
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
	for _, rg := range pf.RowGroups() {
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
				return position.Errorf(position.Pos{File: t.Path, Line: number}, "cannot read the Parquet file: %v", err)
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
				return rows[:len(rows)-1], position.Errorf(position.Pos{File: c.table.Path, Line: r.Line}, "column %s: %v", c.table.Columns[col], err)
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
