package tables

import (
	"bytes"
	"encoding/binary"
	"io"
	"math/bits"
	"strings"
	"unsafe"

	"github.com/parquet-go/parquet-go"

	"github.com/figcheck/figcheck/internal/size"
	"github.com/figcheck/figcheck/position"
)

// DefaultChunkSize is the number of bytes of a table read into one chunk.
const DefaultChunkSize = 1 << 20

// Chunk is a run of consecutive rows of a table, read but not yet split, so
// that chunks can be split and checked on several cores while the file is
// still being read.
type Chunk struct {
	Seq    int // position among the table's chunks, from 0
	table  *Table
	data   []byte        // whole records of CSV or NDJSON
	line   int           // the line data starts on (for Parquet, the row number)
	rows   []Row         // rows the table holds in memory (long tables)
	values []parquet.Row // Parquet rows, written as text when split
}

// Bytes is the size of the chunk's text, 0 for rows read another way.
func (c *Chunk) Bytes() int { return len(c.data) }

// TableRows reports whether Rows returns rows the table holds (a long
// table's), which the caller must neither change nor reuse.
func (c *Chunk) TableRows() bool { return c.rows != nil }

// Path is the file the chunk was read from.
func (c *Chunk) Path() string { return c.table.Path }

// Rows splits the chunk into rows, reusing dst's slices. The fields point
// into the chunk's memory. A chunk of a long table returns the rows the
// table holds, which the caller must not change. Bytes is 0 for long tables
// and Parquet. On an error, Rows returns the whole rows before it.
func (c *Chunk) Rows(dst []Row) ([]Row, error) {
	switch {
	case c.rows != nil:
		return c.rows, nil
	case c.values != nil:
		return c.parquetRows(dst[:0], nil)
	case c.table.format == formatNDJSON:
		return c.ndjsonRows(dst[:0])
	}
	return c.csvRows(dst[:0])
}

// Chunks reads the table from the start and calls fn with each chunk, in
// order, of about size bytes. fn may keep the chunk and split it later,
// on another goroutine.
func (t *Table) Chunks(size int, fn func(*Chunk) error) error {
	switch {
	case t.long || t.held:
		return chunkRows(t, t.pivoted, fn)
	case t.format == formatParquet:
		return t.parquetChunks(fn)
	}
	f, err := t.open()
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := io.CopyN(io.Discard, f, t.dataOffset); err != nil {
		return position.Errorf(position.Pos{File: t.Path}, "cannot read the table: %v", err)
	}
	// No buffer is longer than the longest record and a byte, so that a
	// record past the limit never fits in one, whatever the chunk size.
	limit := t.limits.RecordBytes
	size = min(size, limit)
	var carry []byte
	line, seq := t.dataLine, 0
	for eof := false; !eof; {
		buf := make([]byte, max(size, min(2*len(carry), limit+1)))
		n := copy(buf, carry)
		m, err := io.ReadFull(f, buf[n:])
		switch err {
		case nil:
		case io.EOF, io.ErrUnexpectedEOF:
			eof = true
		default:
			return position.Errorf(position.Pos{File: t.Path, Line: line}, "cannot read the table: %v", err)
		}
		buf = buf[:n+m]
		end := len(buf)
		if eof && len(buf)-(bytes.LastIndexByte(buf, '\n')+1) > limit {
			return tooLong(t, line+bytes.Count(buf, []byte{'\n'}))
		}
		if !eof {
			end = recordBoundary(buf, t.delim)
			if end < 0 && len(buf) > limit {
				return tooLong(t, line)
			}
			if end < 0 { // one record longer than the buffer: read more
				carry = buf
				continue
			}
		}
		carry = buf[end:]
		if end == 0 {
			continue
		}
		c := &Chunk{Seq: seq, table: t, data: buf[:end], line: line}
		line += bytes.Count(c.data, []byte{'\n'})
		seq++
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// tooLong is the error of a record longer than the table's limit that
// starts at line.
func tooLong(t *Table, line int) error {
	return position.Errorf(position.Pos{File: t.Path, Line: line}, "the record that starts here is longer than %s: is a quote left open, or the file not a table? (--limit record-size=SIZE raises the limit)", size.Text(t.limits.RecordBytes))
}

// chunkRows hands out rows already in memory in chunks of a few thousand.
func chunkRows(t *Table, rows []Row, fn func(*Chunk) error) error {
	const n = 4096
	for seq, i := 0, 0; i < len(rows); seq, i = seq+1, i+n {
		j := min(i+n, len(rows))
		if err := fn(&Chunk{Seq: seq, table: t, rows: rows[i:j:j]}); err != nil {
			return err
		}
	}
	return nil
}

// recordBoundary returns the end of the last whole record in buf (just
// after its newline), or -1 if there is none. With a delimiter (CSV), a
// field that starts with a double quote is quoted, and newlines inside it
// do not end a record; a quote elsewhere in a field is left to the row
// splitter to report. Without one (NDJSON), every newline ends a record.
func recordBoundary(buf []byte, delim byte) int {
	if delim == 0 || bytes.IndexByte(buf, '"') < 0 {
		if i := bytes.LastIndexByte(buf, '\n'); i >= 0 {
			return i + 1
		}
		return -1
	}
	end, inQuote, fieldStart := -1, false, true
	for i := 0; i < len(buf); i++ {
		b := buf[i]
		if inQuote {
			if b == '"' {
				if i+1 < len(buf) && buf[i+1] == '"' {
					i++ // "" is a quote inside the field
				} else {
					inQuote = false
				}
			}
			continue
		}
		switch b {
		case '"':
			inQuote = fieldStart
		case delim:
			fieldStart = true
			continue
		case '\n':
			end, fieldStart = i+1, true
			continue
		}
		fieldStart = false
	}
	return end
}

// str returns the bytes as a string without copying: the string shares the
// chunk's memory, which is never written after it is read.
func str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// RowsOn splits only the rows that start on one of lines, reusing dst's
// slices. Without quotes in the chunk every newline starts a row, so the
// other lines are skipped without being split.
func (c *Chunk) RowsOn(lines map[int]bool, dst []Row) ([]Row, error) {
	if c.values != nil {
		return c.parquetRows(dst[:0], lines)
	}
	if c.data == nil || c.table.format != formatCSV || bytes.IndexByte(c.data, '"') >= 0 {
		rows, err := c.Rows(dst)
		if c.rows != nil { // rows are the table's own, which must not change
			out := dst[:0]
			for _, r := range rows {
				if lines[r.Line] {
					out = append(out, r)
				}
			}
			return out, err
		}
		// The rows were split into dst's memory: move the ones asked for to
		// the front by swapping, so that no two keep the same fields, which
		// the next split would write over.
		n := 0
		for i := range rows {
			if lines[rows[i].Line] {
				rows[n], rows[i] = rows[i], rows[n]
				n++
			}
		}
		return rows[:n], err
	}
	rows := dst[:0]
	pos, line, width := 0, c.line, len(c.table.Columns)
	for pos < len(c.data) {
		end := bytes.IndexByte(c.data[pos:], '\n')
		if end < 0 {
			end = len(c.data) - pos
		}
		if lines[line] {
			rows = append(rows, Row{Line: line})
			r := &rows[len(rows)-1]
			plainLine(c.data, pos, r, c.table.delim)
			if len(r.Fields) != width {
				rows = rows[:len(rows)-1] // a blank line, or one reported on the first reading
			}
		}
		pos += end + 1
		line++
	}
	return rows, nil
}

// nextRow extends rows by a row starting on line, reusing the memory of the
// row that slot held before.
func nextRow(rows []Row, line int) ([]Row, *Row) {
	if len(rows) == cap(rows) {
		rows = append(rows, Row{})
	} else {
		rows = rows[:len(rows)+1]
	}
	r := &rows[len(rows)-1]
	r.Line, r.Lines = line, nil
	return rows, r
}

// emptyCells gives r width empty fields and no columns, for readers that
// fill the fields by column (NDJSON, Parquet).
func (r *Row) emptyCells(width int) {
	if cap(r.Fields) < width {
		r.Fields = make([]string, width)
	}
	r.Fields, r.Cols = r.Fields[:width], nil
	clear(r.Fields)
}

// csvRows splits CSV records (RFC 4180: fields separated by the table's
// delimiter, quoted with double quotes, "" for a quote inside a quoted
// field), as encoding/csv reads them: a CRLF is a newline, inside quoted
// fields too.
func (c *Chunk) csvRows(rows []Row) ([]Row, error) {
	data, line, width, delim := c.data, c.line, len(c.table.Columns), c.table.delim
	pos := 0
	for pos < len(data) {
		startLine, recordStart := line, pos
		var r *Row
		rows, r = nextRow(rows, startLine)
		r.Fields, r.Cols = r.Fields[:0], r.Cols[:0]
		if cap(r.Fields) < width { // a row never used before: room for all its fields at once
			r.Fields, r.Cols = make([]string, 0, width), make([]int, 0, width)
		}
		if next, ok := plainLine(data, pos, r, delim); ok { // the common case: no quotes
			pos = next
			line++
			if len(r.Fields) == 1 && r.Fields[0] == "" {
				rows = rows[:len(rows)-1] // a blank line
				continue
			}
			if len(r.Fields) != width {
				return rows[:len(rows)-1], raggedRow(c.table.Path, r, width)
			}
			continue
		}
		lineStart := pos // of the line the field being read is on
		for {
			col := pos - lineStart + 1
			fieldLine := line
			var field string
			if pos < len(data) && data[pos] == '"' {
				var newlines, lastNewline int
				var err error
				field, pos, newlines, lastNewline, err = quotedField(data, pos)
				if err != nil {
					return rows[:len(rows)-1], position.Errorf(position.Pos{File: c.table.Path, Line: line, Col: col}, "%v", err)
				}
				if newlines > 0 {
					line += newlines
					lineStart = lastNewline + 1
				}
			} else {
				end := pos
				for end < len(data) && data[end] != delim && data[end] != '\n' {
					if data[end] == '"' {
						return rows[:len(rows)-1], position.Errorf(position.Pos{File: c.table.Path, Line: line, Col: end - lineStart + 1}, "%v", errBareQuote)
					}
					end++
				}
				field = str(data[pos:trimCR(data, pos, end)])
				pos = end
			}
			r.Fields = append(r.Fields, field)
			r.Cols = append(r.Cols, col)
			r.fieldLine(fieldLine, startLine, width)
			if pos < len(data) && data[pos] == delim {
				pos++
				continue
			}
			if pos < len(data) && data[pos] == '\r' {
				pos++
			}
			if pos < len(data) && data[pos] != '\n' {
				return rows[:len(rows)-1], position.Errorf(position.Pos{File: c.table.Path, Line: line, Col: pos - lineStart + 1},
					"unexpected text after a quoted field: put the whole field in quotes, or double a quote inside one")
			}
			pos++ // the newline
			line++
			break
		}
		if pos-recordStart <= 2 && len(r.Fields) == 1 && r.Fields[0] == "" && data[recordStart] != '"' {
			rows = rows[:len(rows)-1] // a blank line
			continue
		}
		if len(r.Fields) != width {
			return rows[:len(rows)-1], raggedRow(c.table.Path, r, width)
		}
	}
	return rows, nil
}

// raggedRow is the error of a row of r's width in a table of width
// columns: at its first field too many, or just after its last field.
func raggedRow(path string, r *Row, width int) error {
	var pos position.Pos
	if n := len(r.Fields); n > width {
		pos = r.FieldPos(path, width)
	} else {
		pos = r.FieldPos(path, n-1)
		if !strings.Contains(r.Fields[n-1], "\n") {
			pos.Col += len(r.Fields[n-1])
		}
	}
	fields := "fields"
	if len(r.Fields) == 1 {
		fields = "field"
	}
	hint := ""
	if strings.HasPrefix(r.Fields[0], "#") {
		hint = ": CSV has no comments; remove the line, or put the note in a column of its own"
	}
	return position.Errorf(pos, "the row has %d %s but the header has %d columns%s", len(r.Fields), fields, width, hint)
}

// fieldLine notes the line of the field just added to r, a row starting on
// startLine: rows whose fields are all on their first line keep Lines nil.
func (r *Row) fieldLine(line, startLine, width int) {
	if r.Lines == nil && line != startLine {
		r.Lines = make([]int, len(r.Fields)-1, max(width, len(r.Fields)))
		for i := range r.Lines {
			r.Lines[i] = startLine
		}
	}
	if r.Lines != nil {
		r.Lines = append(r.Lines, line)
	}
}

// plainLine splits the line at data[pos] into r at each delim when it
// holds no double quote, returning the position after its newline.
func plainLine(data []byte, pos int, r *Row, delim byte) (int, bool) {
	end := bytes.IndexByte(data[pos:], '\n')
	if end < 0 {
		end = len(data)
	} else {
		end += pos
	}
	line := data[pos:end]
	if bytes.IndexByte(line, '"') >= 0 {
		return 0, false
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	// Fields are short, so a search call per field costs more than finding
	// the delimiters of eight bytes at a time.
	pattern := uint64(delim) * 0x0101010101010101
	start, i := 0, 0
	for ; i+8 <= len(line); i += 8 {
		for m := matches(binary.LittleEndian.Uint64(line[i:]), pattern); m != 0; m &= m - 1 {
			j := i + bits.TrailingZeros64(m)/8
			r.add(line, start, j)
			start = j + 1
		}
	}
	for ; i < len(line); i++ {
		if line[i] == delim {
			r.add(line, start, i)
			start = i + 1
		}
	}
	r.add(line, start, len(line))
	return end + 1, true
}

// add appends the field line[start:end], which starts at column start+1.
func (r *Row) add(line []byte, start, end int) {
	r.Fields = append(r.Fields, str(line[start:end]))
	r.Cols = append(r.Cols, start+1)
}

// matches returns w, eight bytes of text, with the top bit of each byte
// equal to the byte repeated in pattern set and every other bit clear.
func matches(w, pattern uint64) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	x := w ^ pattern // a match is now a zero byte
	// A byte's top bit survives only when x's byte is zero: adding 0x7f to
	// its low bits sets the top bit for any other value, and no byte carries
	// into the next.
	return ^((x&low7 + low7) | x | low7)
}

// trimCR drops a carriage return before a line's newline.
func trimCR(data []byte, start, end int) int {
	if end > start && end <= len(data) && (end == len(data) || data[end] == '\n') && data[end-1] == '\r' {
		return end - 1
	}
	return end
}

// quotedField reads the quoted field starting at data[pos], returning its
// text (with each CRLF read as a newline), the position after the closing
// quote, the newlines inside it and where the last of them is.
func quotedField(data []byte, pos int) (string, int, int, int, error) {
	end := pos + 1
	for { // to the closing quote
		k := bytes.IndexByte(data[end:], '"')
		if k < 0 {
			return "", 0, 0, 0, errUnterminated
		}
		end += k
		if end+1 < len(data) && data[end+1] == '"' { // "" is a quote
			end += 2
			continue
		}
		break
	}
	body := data[pos+1 : end]
	newlines, last := bytes.Count(body, []byte{'\n'}), bytes.LastIndexByte(body, '\n')
	if last >= 0 {
		last += pos + 1
	}
	if bytes.IndexByte(body, '"') < 0 && (newlines == 0 || !bytes.Contains(body, []byte("\r\n"))) {
		return str(body), end + 1, newlines, last, nil
	}
	var b strings.Builder
	b.Grow(len(body))
	for i := 0; i < len(body); i++ {
		switch {
		case body[i] == '"':
			i++ // the first of "", which stands for one quote
		case body[i] == '\r' && i+1 < len(body) && body[i+1] == '\n':
			continue
		}
		b.WriteByte(body[i])
	}
	return b.String(), end + 1, newlines, last, nil
}

var (
	errUnterminated = errorString("a quoted field is not closed: add the closing double quote")
	errBareQuote    = errorString(`a double quote inside a field that is not quoted: quote the field and double the quote, as in "5'11"""`)
)

type errorString string

func (e errorString) Error() string { return string(e) }
