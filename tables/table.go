// Package tables reads tables of figures: tidy or long CSV (separated by
// commas, semicolons or tabs), NDJSON and Parquet, optionally
// gzip-compressed, from files or readers, in chunks that workers split
// into rows on every core.
package tables

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"

	"github.com/figcheck/figcheck/internal/size"
	"github.com/figcheck/figcheck/position"
)

// Table is a file of rows: tidy (one row per period × area, a column per
// measure) or long (one figure per row, in "measure" and "value" columns,
// which figcheck turns into tidy rows). It is CSV, NDJSON (one JSON object
// per line) or Parquet, and CSV and NDJSON may be gzip-compressed.
type Table struct {
	Path    string   // the name positions give the table: its file, or "-" for standard input
	Columns []string // as tidy rows have them
	// file is the file read, which is Path except for a table read from a
	// reader; spooled says that file is a copy that Close removes.
	file    string
	spooled bool
	format  tableFormat
	// For CSV: the byte between fields; 0 for the other formats.
	delim byte
	// For CSV and NDJSON: where the rows start in the (decompressed) file.
	dataOffset int64
	dataLine   int
	// For long tables: the tidy rows, pivoted in memory, and where each
	// measure is first named.
	long    bool
	pivoted []Row
	// held says that pivoted holds the rows of a tidy table, read whole
	// by Hold.
	held      bool
	measureAt map[string]position.Pos
	// For Parquet: each column's decimal scale, -1 if it is no decimal.
	scales []int
	// For NDJSON: the column of each key.
	keys map[string]int
	// limits bound its records, columns and their names.
	limits Limits
}

// LongMeasures returns, for a long table, where each of its measures is
// first named; nil for a tidy table.
func (t *Table) LongMeasures() map[string]position.Pos { return t.measureAt }

type tableFormat int

const (
	formatCSV tableFormat = iota
	formatNDJSON
	formatParquet
)

// Row is one row of a table. Its fields point into the memory of the chunk
// it came from: copy what must outlive the chunk.
type Row struct {
	Line   int      // the line the row starts on (for Parquet, the row number)
	Fields []string // one per column of the table
	Lines  []int    // for long tables, the line each field came from; else nil
	Cols   []int    // for CSV, the byte column each field starts at; else nil
}

// FieldPos returns where field i of the row came from.
func (r *Row) FieldPos(path string, i int) position.Pos {
	p := position.Pos{File: path, Line: r.Line}
	if r.Lines != nil {
		p.Line = r.Lines[i]
	}
	if r.Cols != nil {
		p.Col = r.Cols[i]
	}
	return p
}

// Options say how to read a table where its file does not.
type Options struct {
	// Delimiter separates the fields of a CSV table: ',', ';' or '\t'. With
	// 0 it is the one of the three that occurs most often outside quotes
	// in the header line, the first of them in that order on a tie, and a
	// comma when none does.
	Delimiter byte
	// Limits bound what the table may hold.
	Limits Limits
}

// Limits bound what a table may hold, far above any published table, far
// below what would exhaust a machine's memory: a record (a line, or the
// lines of one quoted record) is held whole while it is split, and so is
// the header. A zero field takes its value in DefaultLimits.
type Limits struct {
	RecordBytes int // one record of a CSV or NDJSON table, decompressed
	Columns     int // columns of a table
	NameBytes   int // the name of one column
}

// DefaultLimits are the limits of a table read with zero Options.
var DefaultLimits = Limits{RecordBytes: 16 << 20, Columns: 10000, NameBytes: 1000}

// WithDefaults returns lim with DefaultLimits' value in each zero field.
func (lim Limits) WithDefaults() Limits {
	if lim.RecordBytes == 0 {
		lim.RecordBytes = DefaultLimits.RecordBytes
	}
	if lim.Columns == 0 {
		lim.Columns = DefaultLimits.Columns
	}
	if lim.NameBytes == 0 {
		lim.NameBytes = DefaultLimits.NameBytes
	}
	return lim
}

// Delimiters are the bytes a CSV table's fields may be separated by, in the
// order in which sniffing prefers them.
const Delimiters = ",;\t"

// OpenTable opens the table at path with the default Options.
func OpenTable(path string) (*Table, error) { return Open(path, Options{}) }

// Open reads the header of the table at path and decides its format (by
// extension: .csv, .ndjson or .jsonl, .parquet; .gz after the first two
// for gzip) and its layout: with "measure" and "value" columns it is long.
func Open(path string, o Options) (*Table, error) {
	// A pipe or a device could block or never end, and tables are read
	// twice (the rows behind findings again): refuse them before opening.
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return nil, position.Errorf(position.Pos{File: path}, "this is not a regular file (%v): figcheck reads a table twice, so it must be a file", info.Mode().Type())
	}
	return openFile(path, path, o)
}

// openFile opens file as the table called name.
func openFile(file, name string, o Options) (*Table, error) {
	t := &Table{Path: name, file: file, limits: o.Limits.WithDefaults()}
	var err error
	switch tableExt(file) {
	case ".ndjson", ".jsonl":
		t.format = formatNDJSON
		err = t.readNDJSONHeader()
	case ".parquet":
		t.format = formatParquet
		err = t.readParquetSchema()
	default:
		if o.Delimiter != 0 && strings.IndexByte(Delimiters, o.Delimiter) < 0 {
			return nil, fmt.Errorf("%s: the delimiter %q is not a comma, semicolon or tab", name, o.Delimiter)
		}
		t.delim = o.Delimiter
		err = t.readCSVHeader()
	}
	if err != nil {
		return nil, err
	}
	if m, v := indexOf(t.Columns, "measure"), indexOf(t.Columns, "value"); m >= 0 && v >= 0 {
		if err := t.pivot(m, v); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// tableExt returns the extension that names a table's format, looking
// through .gz.
func tableExt(path string) string {
	p := strings.ToLower(path)
	return filepath.Ext(strings.TrimSuffix(p, ".gz"))
}

// IsTable reports whether figcheck reads the file at path as a table.
func IsTable(path string) bool {
	switch tableExt(path) {
	case ".csv", ".ndjson", ".jsonl", ".parquet":
		return true
	}
	return false
}

// open opens the file, decompressing it when its name ends in .gz.
func (t *Table) open() (io.ReadCloser, error) {
	f, err := os.Open(t.file)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(strings.ToLower(t.file), ".gz") {
		return f, nil
	}
	z, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, position.Errorf(position.Pos{File: t.Path}, "cannot read the gzip file: %v", err)
	}
	return gzipFile{z, f}, nil
}

type gzipFile struct {
	*gzip.Reader
	f *os.File
}

func (g gzipFile) Close() error {
	g.Reader.Close()
	return g.f.Close()
}

func (t *Table) readCSVHeader() error {
	f, err := t.open()
	if err != nil {
		return err
	}
	defer f.Close()
	// A byte order mark would make a quoted first header field a syntax error.
	br := bufio.NewReader(f)
	skip := 0
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		br.Discard(3)
		skip = 3
	}
	if t.delim == 0 {
		t.delim = sniffDelimiter(br)
	}
	limited := &io.LimitedReader{R: br, N: int64(t.limits.RecordBytes) + 1}
	r := csv.NewReader(limited)
	r.Comma = rune(t.delim)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if limited.N <= 0 {
		return position.Errorf(position.Pos{File: t.Path, Line: 1}, "the header is longer than %s: is this a CSV table? (--limit record-size=SIZE raises the limit)", size.Text(t.limits.RecordBytes))
	}
	if err == io.EOF {
		return position.Errorf(position.Pos{File: t.Path}, "the file is empty: a CSV table needs a header row")
	}
	if err != nil {
		return csvError(t.Path, err)
	}
	line, _ := r.FieldPos(0) // after any blank lines
	if err := t.checkHeader(line, header); err != nil {
		return err
	}
	t.Columns = header
	t.dataOffset = int64(skip) + r.InputOffset()
	t.dataLine = line + 1 + strings.Count(strings.Join(header, ""), "\n")
	return nil
}

// Hold reads every row of the table into memory and returns them, for a
// caller that needs the rows whole before checking them; from then on
// Chunks hands out the rows held, so that the file is read once. The rows
// must not be changed.
func (t *Table) Hold() ([]Row, error) {
	if t.long || t.held {
		return t.pivoted, nil
	}
	var rows []Row
	err := t.Chunks(DefaultChunkSize, func(c *Chunk) error {
		rs, err := c.Rows(nil)
		rows = append(rows, rs...)
		return err
	})
	if err != nil {
		return nil, err
	}
	t.pivoted, t.held = rows, true
	return rows, nil
}

// Delimiter returns the byte between a CSV table's fields, 0 for the other
// formats.
func (t *Table) Delimiter() byte { return t.delim }

// sniffDelimiter returns the delimiter of Delimiters that occurs most often
// outside double quotes in the header line (the first record after blank
// lines), the first of them on a tie, or a comma when none occurs.
func sniffDelimiter(br *bufio.Reader) byte {
	head, _ := br.Peek(br.Size()) // a header longer than the buffer is sniffed from its start
	var counts [len(Delimiters)]int
	inQuote, started := false, false
	for _, b := range head {
		if b == '"' {
			inQuote = !inQuote
		}
		if inQuote {
			continue
		}
		if b == '\n' {
			if started {
				break
			}
			continue
		}
		if b != '\r' {
			started = true
		}
		if i := strings.IndexByte(Delimiters, b); i >= 0 {
			counts[i]++
		}
	}
	best := 0
	for i, n := range counts {
		if n > counts[best] {
			best = i
		}
	}
	return Delimiters[best]
}

// checkHeader checks the column names of the header on line (0 for
// Parquet) against the table's limits.
func (t *Table) checkHeader(line int, header []string) error {
	if len(header) > t.limits.Columns {
		return position.Errorf(position.Pos{File: t.Path, Line: line}, "the header has %d columns; figcheck reads tables of at most %d (--limit columns=N raises the limit)", len(header), t.limits.Columns)
	}
	seen := map[string]int{}
	for i, name := range header {
		pos := position.Pos{File: t.Path, Line: line, Col: i + 1}
		switch {
		case !utf8.ValidString(name):
			return position.Errorf(pos, "column %d's name is not UTF-8 text: save the file as UTF-8", i+1)
		case len(name) > t.limits.NameBytes:
			return position.Errorf(pos, "column %d's name is %d bytes long; figcheck reads names of at most %d (--limit column-name-size=SIZE raises the limit)", i+1, len(name), t.limits.NameBytes)
		case strings.TrimSpace(name) == "":
			return position.Errorf(pos, "column %d has no name in the header row", i+1)
		case seen[name] > 0:
			return position.Errorf(pos, "column %q appears twice in the header row (columns %d and %d)", name, seen[name], i+1)
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

func csvError(path string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return position.Errorf(position.Pos{File: path, Line: pe.Line, Col: pe.Column}, "%v", pe.Err)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// pivot turns a long table, one figure per row, into tidy rows: one per
// distinct combination of the other columns, with a column per measure in
// order of first appearance. Long tables are pivoted in memory.
func (t *Table) pivot(measureCol, valueCol int) error {
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
	err := t.Chunks(DefaultChunkSize, func(c *Chunk) error {
		rs, err := c.Rows(nil)
		if err != nil {
			return err
		}
		for _, r := range rs {
			name := r.Fields[measureCol]
			col, ok := measures[name]
			if !ok {
				if indexOf(columns, name) >= 0 {
					return position.Errorf(r.FieldPos(t.Path, measureCol), "measure %q has the name of a column", name)
				}
				col = len(columns)
				columns = append(columns, strings.Clone(name))
				measures[name] = col
				if t.measureAt == nil {
					t.measureAt = map[string]position.Pos{}
				}
				t.measureAt[columns[col]] = r.FieldPos(t.Path, measureCol)
			}
			key.Reset()
			for _, i := range dims {
				key.WriteString(r.Fields[i])
				key.WriteByte(0)
			}
			idx, ok := byKey[key.String()]
			if !ok {
				idx = len(rows)
				byKey[key.String()] = idx
				row := Row{Line: r.Line}
				for _, i := range dims {
					row.Fields = append(row.Fields, strings.Clone(r.Fields[i]))
					row.Lines = append(row.Lines, r.Line)
				}
				rows = append(rows, row)
			}
			row := &rows[idx]
			for len(row.Fields) <= col {
				row.Fields = append(row.Fields, "")
				row.Lines = append(row.Lines, 0)
			}
			if row.Lines[col] != 0 {
				return position.Errorf(position.Pos{File: t.Path, Line: r.Line},
					"measure %q is given twice for the same row (first on line %d)", name, row.Lines[col])
			}
			row.Fields[col], row.Lines[col] = strings.Clone(r.Fields[valueCol]), r.Line
		}
		return nil
	})
	if err != nil {
		return err
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
	t.long, t.pivoted = true, rows
	return nil
}
