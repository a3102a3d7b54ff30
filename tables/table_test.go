package tables

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/position"
)

// writeFile writes content to a new file in a temporary directory and
// returns its path.
func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// gotRow is a copy of a row, since Next reuses its slices.
type gotRow struct {
	Line   int
	Fields []string
	Lines  []int
}

// readAll reads every row of the table, returning the rows read before any
// error. It reads the table twice, in chunks of every size from tiny to the
// default, and requires the same rows each time: chunk boundaries must not
// show.
func readAll(t testing.TB, tab *Table) ([]gotRow, error) {
	t.Helper()
	first, err := readChunked(tab, DefaultChunkSize)
	for _, size := range []int{1, 7, 64} {
		again, err2 := readChunked(tab, size)
		if err != nil || err2 != nil { // rows before an error depend on the chunks
			first, again = nil, nil
		}
		if !reflect.DeepEqual(first, again) || fmt.Sprint(err) != fmt.Sprint(err2) {
			t.Fatalf("chunks of %d bytes read\n%+v (%v)\nbut whole the table reads\n%+v (%v)", size, again, err2, first, err)
		}
	}
	return first, err
}

func readChunked(tab *Table, size int) ([]gotRow, error) {
	var out []gotRow
	err := tab.Chunks(size, func(c *Chunk) error {
		rows, err := c.Rows(nil)
		for _, r := range rows {
			out = append(out, asGot(r))
		}
		return err
	})
	return out, err
}

// asGot copies a row out of its chunk.
func asGot(r Row) gotRow {
	g := gotRow{Line: r.Line, Fields: append([]string(nil), r.Fields...)}
	if r.Lines != nil {
		g.Lines = append([]int(nil), r.Lines...)
	}
	return g
}

// firstRow returns the first row of the table.
func firstRow(t *testing.T, tab *Table) Row {
	t.Helper()
	var first Row
	err := tab.Chunks(DefaultChunkSize, func(c *Chunk) error {
		rows, err := c.Rows(nil)
		if err == nil && first.Fields == nil && len(rows) > 0 {
			first = rows[0]
		}
		return err
	})
	if err != nil || first.Fields == nil {
		t.Fatalf("no first row: %v", err)
	}
	return first
}

func openAndRead(t *testing.T, content string) (string, *Table, []gotRow) {
	t.Helper()
	path := writeFile(t, "table.csv", content)
	tab, err := OpenTable(path)
	if err != nil {
		t.Fatalf("OpenTable: %v", err)
	}
	rows, err := readAll(t, tab)
	if err != nil {
		t.Fatalf("reading rows: %v", err)
	}
	return path, tab, rows
}

func TestTidyTable(t *testing.T) {
	tests := []struct {
		name    string
		content string
		columns []string
		rows    []gotRow
	}{
		{
			name:    "tidy",
			content: "period,area,fte\n2024,England,34328.2\n2024,North East,2158.1\n",
			columns: []string{"period", "area", "fte"},
			rows: []gotRow{
				{Line: 2, Fields: []string{"2024", "England", "34328.2"}},
				{Line: 3, Fields: []string{"2024", "North East", "2158.1"}},
			},
		},
		{
			name:    "no final newline, CRLF",
			content: "period,fte\r\n2024,1.5\r\n2023,1.4",
			columns: []string{"period", "fte"},
			rows: []gotRow{
				{Line: 2, Fields: []string{"2024", "1.5"}},
				{Line: 3, Fields: []string{"2023", "1.4"}},
			},
		},
		{
			name:    "UTF-8 byte order mark",
			content: "\uFEFFperiod,fte\n2024,1.5\n",
			columns: []string{"period", "fte"},
			rows:    []gotRow{{Line: 2, Fields: []string{"2024", "1.5"}}},
		},
		{
			name:    "byte order mark before a quoted header",
			content: "\uFEFF\"period\",\"fte\"\n2024,1.5\n",
			columns: []string{"period", "fte"},
			rows:    []gotRow{{Line: 2, Fields: []string{"2024", "1.5"}}},
		},
		{
			name:    "blank lines",
			content: "period,fte\n2024,1.5\n\n2023,1.4\n\n",
			columns: []string{"period", "fte"},
			rows: []gotRow{
				{Line: 2, Fields: []string{"2024", "1.5"}},
				{Line: 4, Fields: []string{"2023", "1.4"}},
			},
		},
		{
			name:    "quoted field with a newline",
			content: "note,fte\n\"first line\nsecond line\",1.5\nplain,1.4\n\"a,b\",\"\"\"q\"\"\"\n",
			columns: []string{"note", "fte"},
			rows: []gotRow{
				// The field after the newline is on the next line.
				{Line: 2, Fields: []string{"first line\nsecond line", "1.5"}, Lines: []int{2, 3}},
				{Line: 4, Fields: []string{"plain", "1.4"}},
				{Line: 5, Fields: []string{"a,b", `"q"`}},
			},
		},
		{
			name:    "header only",
			content: "period,fte\n",
			columns: []string{"period", "fte"},
		},
		{
			name:    "one column with empty fields",
			content: "fte\n1\n\"\"\n2\n",
			columns: []string{"fte"},
			rows: []gotRow{
				{Line: 2, Fields: []string{"1"}},
				{Line: 3, Fields: []string{""}},
				{Line: 4, Fields: []string{"2"}},
			},
		},
		{
			// Only a table with both a measure and a value column is long.
			name:    "measure without value is tidy",
			content: "measure,fte\nx,1\n",
			columns: []string{"measure", "fte"},
			rows:    []gotRow{{Line: 2, Fields: []string{"x", "1"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, tab, rows := openAndRead(t, tt.content)
			if tab.Path != path {
				t.Errorf("Path = %q, want %q", tab.Path, path)
			}
			if !reflect.DeepEqual(tab.Columns, tt.columns) {
				t.Errorf("Columns = %q, want %q", tab.Columns, tt.columns)
			}
			if len(rows) != len(tt.rows) {
				t.Fatalf("got %d rows %v, want %d %v", len(rows), rows, len(tt.rows), tt.rows)
			}
			for i := range rows {
				if !reflect.DeepEqual(rows[i], tt.rows[i]) {
					t.Errorf("row %d = %+v, want %+v", i, rows[i], tt.rows[i])
				}
			}
			// A table can be read again from the start.
			again, err := readAll(t, tab)
			if err != nil || !reflect.DeepEqual(again, rows) {
				t.Errorf("second reading = %+v, %v; want %+v", again, err, rows)
			}
		})
	}
}

func TestTidyFieldPos(t *testing.T) {
	path := writeFile(t, "t.csv", "period,area,fte\n2024,England,34328.2\n\"2024\",\"North\nEast\",2158.1\n")
	tab, err := OpenTable(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []position.Pos
	err = tab.Chunks(DefaultChunkSize, func(c *Chunk) error {
		rows, err := c.Rows(nil)
		for _, r := range rows {
			for i := range r.Fields {
				got = append(got, r.FieldPos(path, i))
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Columns are byte columns of the start of each field, quotes included,
	// on the line the field starts on, as encoding/csv gives them.
	at := func(line, col int) position.Pos { return position.Pos{File: path, Line: line, Col: col} }
	want := []position.Pos{at(2, 1), at(2, 6), at(2, 14), at(3, 1), at(3, 8), at(4, 7)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FieldPos = %v, want %v", got, want)
	}
}

func TestTableErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string
		open    string // the error from OpenTable, after the file's path
		read    string // the error reading rows, after the file's path
	}{
		{name: "empty file", content: "", open: ": the file is empty: a CSV table needs a header row"},
		{name: "only blank lines", content: "\n\n", open: ": the file is empty: a CSV table needs a header row"},
		{name: "duplicate column", content: "period,fte,fte\n2024,1,2\n",
			open: `:1:3: column "fte" appears twice in the header row (columns 2 and 3)`},
		{name: "duplicate column after blank lines", content: "\n\nperiod,period\n2024,1\n",
			open: `:3:2: column "period" appears twice in the header row (columns 1 and 2)`},
		{name: "empty column name", content: "period,,fte\n2024,1,2\n",
			open: ":1:2: column 2 has no name in the header row"},
		{name: "blank column name", content: "period, \n2024,1\n",
			open: ":1:2: column 2 has no name in the header row"},
		{name: "too few fields", content: "period,area,fte\n2024,England,1\n2024,England\n",
			read: ":3:13: the row has 2 fields but the header has 3 columns"},
		{name: "too many fields", content: "period,fte\n2024,1\n\"multi\nline\",2\n2023,1,2\n",
			read: ":5:8: the row has 3 fields but the header has 2 columns"},
		{name: "bad quote in a row", content: "period,fte\n2024,1\n2023,1\"2\n",
			read: `:3:7: a double quote inside a field that is not quoted: quote the field and double the quote, as in "5'11"""`},
		{name: "bad quote in the header", content: "per\"iod,fte\n",
			open: `:1:4: bare " in non-quoted-field`},
		{name: "unterminated quote", content: "period,fte\n2024,\"1\n",
			read: `:2:6: a quoted field is not closed: add the closing double quote`},
		{name: "long: too few fields", content: "period,measure,value\n2024,fte,1\n2024,fte\n",
			open: ":3:9: the row has 2 fields but the header has 3 columns"},
		{name: "long: measure given twice", content: "period,measure,value\n2024,fte,1\n2023,fte,2\n\n2024,fte,3\n",
			open: `:5: measure "fte" is given twice for the same row (first on line 2)`},
		{name: "long: measure named as a column", content: "period,measure,value\n2024,fte,1\n2024,period,2\n",
			open: `:3:6: measure "period" has the name of a column`},
		{name: "long: bad quote", content: "period,measure,value\n2024,fte,\"1\"x\n",
			open: `:2:13: unexpected text after a quoted field: put the whole field in quotes, or double a quote inside one`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "bad.csv", tt.content)
			tab, err := OpenTable(path)
			if tt.open != "" {
				checkPosError(t, "OpenTable", err, path+tt.open)
				return
			}
			if err != nil {
				t.Fatalf("OpenTable: %v", err)
			}
			_, err = readAll(t, tab)
			checkPosError(t, "reading rows", err, path+tt.read)
		})
	}
}

// checkPosError checks that err is a *position.Error with the message want,
// in which a column written "?" (where encoding/csv decides it) matches any.
func checkPosError(t *testing.T, what string, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error, want %q", what, want)
	}
	var se *position.Error
	if !errors.As(err, &se) {
		t.Errorf("%s: error %q (%T) is not a *position.Error", what, err, err)
	}
	re := "^" + strings.ReplaceAll(regexp.QuoteMeta(want), ":\\?:", `:\d+:`) + "$"
	if !regexp.MustCompile(re).MatchString(err.Error()) {
		t.Errorf("%s: error\n\t%q\nwant\n\t%q", what, err, want)
	}
}

func TestOpenTableMissingFile(t *testing.T) {
	_, err := OpenTable(filepath.Join(t.TempDir(), "none.csv"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("OpenTable of a missing file: %v, want fs.ErrNotExist", err)
	}
}

func TestLongTable(t *testing.T) {
	content := strings.Join([]string{
		"period,area,measure,value", // 1
		"2024,England,fte,34328.2",  // 2
		"2024,England,headcount,36402",
		"2024,North East,fte,2158.1", // 4
		"",                           // 5
		"2023,England,fte,33119.1",   // 6
		"2024,North East,headcount,\"2,279\"",
		"2023,England,leavers,100", // 8
		"2024,England,leavers,x",
		"",
	}, "\n")
	path, tab, rows := openAndRead(t, content)
	if want := []string{"period", "area", "fte", "headcount", "leavers"}; !reflect.DeepEqual(tab.Columns, want) {
		t.Errorf("Columns = %q, want %q", tab.Columns, want)
	}
	want := []gotRow{
		{Line: 2, Fields: []string{"2024", "England", "34328.2", "36402", "x"}, Lines: []int{2, 2, 2, 3, 9}},
		{Line: 4, Fields: []string{"2024", "North East", "2158.1", "2,279", ""}, Lines: []int{4, 4, 4, 7, 4}},
		{Line: 6, Fields: []string{"2023", "England", "33119.1", "", "100"}, Lines: []int{6, 6, 6, 6, 8}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows =\n%+v\nwant\n%+v", rows, want)
	}

	// FieldPos points at the line each measure came from.
	first := firstRow(t, tab)
	for i, line := range []int{2, 2, 2, 3, 9} {
		if got, want := first.FieldPos(path, i), (position.Pos{File: path, Line: line}); got != want {
			t.Errorf("FieldPos(%d) = %v, want %v", i, got, want)
		}
	}
}

func TestLongTableColumnOrder(t *testing.T) {
	// The measure and value columns may be anywhere; the other columns
	// keep their order as dimensions.
	content := "value,period,measure,area\n1,2024,b,E\n2,2024,a,E\n3,2023,a,W\n"
	_, tab, rows := openAndRead(t, content)
	if want := []string{"period", "area", "b", "a"}; !reflect.DeepEqual(tab.Columns, want) {
		t.Errorf("Columns = %q, want %q", tab.Columns, want)
	}
	want := []gotRow{
		{Line: 2, Fields: []string{"2024", "E", "1", "2"}, Lines: []int{2, 2, 2, 3}},
		{Line: 4, Fields: []string{"2023", "W", "", "3"}, Lines: []int{4, 4, 4, 4}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows =\n%+v\nwant\n%+v", rows, want)
	}
}

func TestLongTableNoDimensions(t *testing.T) {
	_, tab, rows := openAndRead(t, "measure,value\nfte,1\nheadcount,2\n")
	if want := []string{"fte", "headcount"}; !reflect.DeepEqual(tab.Columns, want) {
		t.Errorf("Columns = %q, want %q", tab.Columns, want)
	}
	want := []gotRow{{Line: 2, Fields: []string{"1", "2"}, Lines: []int{2, 3}}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows = %+v, want %+v", rows, want)
	}
}

func TestLongTableHeaderOnly(t *testing.T) {
	_, tab, rows := openAndRead(t, "period,measure,value\n")
	if want := []string{"period"}; !reflect.DeepEqual(tab.Columns, want) {
		t.Errorf("Columns = %q, want %q", tab.Columns, want)
	}
	if len(rows) != 0 {
		t.Errorf("rows = %+v, want none", rows)
	}
}

func FuzzOpenTable(f *testing.F) {
	for _, s := range []string{
		"period,area,fte\n2024,England,34328.2\n2024,North East,2158.1\n",
		"\uFEFFperiod,fte\r\n2024,1.5\r\n\r\n2023,1.4",
		"note,fte\n\"first line\nsecond line\",1.5\nplain,1.4\n",
		"period,,fte\n",
		"period,fte,fte\n",
		"period,fte\n2024\n",
		"period,fte\n2024,1\"2\n",
		"",
		"\n",
		"\"",
		"period,area,measure,value\n2024,England,fte,1\n2024,England,headcount,2\n2023,England,fte,3\n",
		"period,measure,value\n2024,fte,1\n2024,fte,2\n",
		"period,measure,value\n2024,period,1\n",
		"measure,value\n\n",
		"value,measure\n1\n",
		"fte\n\"\"\n\"\"\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, content string) {
		path := filepath.Join(t.TempDir(), "fuzz.csv")
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		maxLine := strings.Count(content, "\n") + 1
		checkErr := func(what string, err error) {
			var se *position.Error
			var pe *fs.PathError
			switch {
			case errors.As(err, &se):
				if se.Pos.File != path || se.Pos.Line < 0 || se.Pos.Line > maxLine || se.Pos.Col < 0 {
					t.Fatalf("%s: error %q has position %+v outside the file (%d lines)", what, err, se.Pos, maxLine)
				}
			case errors.As(err, &pe):
			default:
				t.Fatalf("%s: error %q (%T) is neither a *position.Error nor an I/O error", what, err, err)
			}
		}
		tab, err := OpenTable(path)
		if err != nil {
			checkErr("OpenTable", err)
			return
		}
		if len(tab.Columns) == 0 && !tab.long {
			t.Fatalf("a tidy table with no columns")
		}
		n := 0
		err = tab.Chunks(16, func(c *Chunk) error {
			rows, err := c.Rows(nil)
			if err != nil {
				return err
			}
			for _, r := range rows {
				if n++; n > len(content)+1 {
					t.Fatalf("more rows than bytes in the file")
				}
				if len(r.Fields) != len(tab.Columns) {
					t.Fatalf("row on line %d has %d fields, the table %d columns", r.Line, len(r.Fields), len(tab.Columns))
				}
				if r.Line < 1 || r.Line > maxLine {
					t.Fatalf("row on line %d of a file of %d lines", r.Line, maxLine)
				}
				if r.Lines != nil && len(r.Lines) != len(r.Fields) {
					t.Fatalf("row on line %d has %d lines for %d fields", r.Line, len(r.Lines), len(r.Fields))
				}
				for i := range r.Fields {
					if p := r.FieldPos(path, i); p.Line < r.Line || p.Line > maxLine {
						t.Fatalf("field %d of the row on line %d is at %v", i, r.Line, p)
					}
				}
			}
			return nil
		})
		if err != nil {
			checkErr("Chunks", err)
		}
	})
}

// TestRowsOn: picking rows by line gives the rows a full split gives, with
// and without quoted fields, blank lines and CRLF, in CSV, long CSV and
// NDJSON, in chunks of every size, with one slice of rows reused from
// chunk to chunk as the second pass does.
func TestRowsOn(t *testing.T) {
	for _, tc := range []struct{ name, content string }{
		{"plain.csv", "a,b\n1,2\n3,4\n\n5,6\r\n7,8\n"},
		{"quoted.csv", "a,b\n1,\"x\ny\"\n3,4\n5,6\n7,\"z\"\n9,10\n"},
		{"semicolons.csv", "a;b\n1;\"x\ny\"\n3;4\n\n5;6\r\n7;8\n"},
		// A long table is pivoted in memory; picking rows must not change it.
		{"long.csv", "period,measure,value\n2024,fte,1\n2024,hc,2\n2023,fte,3\n2023,hc,4\n2022,fte,5\n2022,hc,6\n"},
		{"t.ndjson", "{\"a\":\"1\",\"b\":2}\n{\"a\":\"3\",\"b\":4}\n\n{\"a\":\"5\",\"b\":6}\n{\"a\":\"7\",\"b\":8}\n"},
	} {
		tab, err := OpenTable(writeFile(t, tc.name, tc.content))
		if err != nil {
			t.Fatal(err)
		}
		all, err := readAll(t, tab)
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range []int{DefaultChunkSize, 16, 1} {
			for _, pick := range [][]int{{2}, {3, 5}, {4, 6}, {2}, {1, 2, 4, 6}, {1, 7, 99}} {
				lines := map[int]bool{}
				for _, l := range pick {
					lines[l] = true
				}
				var want []gotRow
				for _, r := range all {
					if lines[r.Line] {
						want = append(want, r)
					}
				}
				var got []gotRow
				var rows []Row
				err := tab.Chunks(size, func(c *Chunk) error {
					var err error
					rows, err = c.RowsOn(lines, rows)
					for _, r := range rows {
						got = append(got, asGot(r))
					}
					return err
				})
				if err != nil || !reflect.DeepEqual(got, want) {
					t.Errorf("%s in chunks of %d, lines %v: got %+v (%v), want %+v", tc.name, size, pick, got, err, want)
				}
			}
		}
	}
}

// TestStrayQuoteDoesNotSwallowTheFile: a quote inside an unquoted field
// is reported on its line, without reading the rest of the file as one
// record.
func TestStrayQuoteDoesNotSwallowTheFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("name,height\nA,1\nB5\"11,2\n")
	for i := range 2000 {
		fmt.Fprintf(&b, "R%d,%d\n", i, i)
	}
	path := writeFile(t, "t.csv", b.String())
	tab, err := OpenTable(path)
	if err != nil {
		t.Fatal(err)
	}
	chunks := 0
	err = tab.Chunks(64, func(c *Chunk) error {
		chunks++
		if c.Bytes() > 1024 {
			t.Errorf("a chunk of %d bytes", c.Bytes())
		}
		_, err := c.Rows(nil)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), ":3:3: a double quote inside a field that is not quoted") {
		t.Errorf("error %v", err)
	}
}

// BenchmarkRows splits a chunk of rows in the shape of the reference
// workload (13 short fields, no quotes) into fields.
func BenchmarkRows(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("area_code,area_level,parent_code,period,fte,leavers,turnover_rate,agency_fte,agency_rate,vacancies,vacancy_rate,cases,caseload\n")
	for i := range 10_000 {
		fmt.Fprintf(&sb, "E06%06d,local,E12000001,2015-Q1,%d.5,79.4,15.1,63.8,11.8,47.6,8.8,9017,17.2\n", i, 500+i%100)
	}
	tab, err := OpenTable(writeFile(b, "rows.csv", sb.String()))
	if err != nil {
		b.Fatal(err)
	}
	var chunks []*Chunk
	if err := tab.Chunks(DefaultChunkSize, func(c *Chunk) error { chunks = append(chunks, c); return nil }); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(sb.Len()))
	b.ResetTimer()
	var rows []Row
	for range b.N {
		n := 0
		for _, c := range chunks {
			if rows, err = c.Rows(rows); err != nil {
				b.Fatal(err)
			}
			n += len(rows)
		}
		if n != 10_000 || len(rows[0].Fields) != 13 {
			b.Fatalf("%d rows of %d fields", n, len(rows[0].Fields))
		}
	}
}

// FuzzPlainLine holds the splitter of unquoted lines to strings.Split, for
// each delimiter: the same fields, each at its column.
func FuzzPlainLine(f *testing.F) {
	for _, s := range []string{"", ",", "a", "a,b", "E06000047,local,E12000001,2015-Q1,550.5,79.4,15.1", ",,,,,,,,,", "12345678,", "1234567,8\r", "é,,ü", "\x2c\xac\xac,\x00,\x7f", "a;b\tc;;\t", ";;;;;;;;\t\t\t\t\t\t\t\t"} {
		for _, d := range []byte(Delimiters) {
			f.Add(s, d)
		}
	}
	f.Fuzz(func(t *testing.T, line string, delim byte) {
		if strings.ContainsAny(line, "\"\n") || strings.IndexByte(Delimiters, delim) < 0 {
			return
		}
		var r Row
		next, ok := plainLine([]byte(line+"\nnext"), 0, &r, delim)
		if !ok || next != len(line)+1 {
			t.Fatalf("plainLine(%q) = %d, %v; want %d, true", line, next, ok, len(line)+1)
		}
		want := strings.Split(strings.TrimSuffix(line, "\r"), string(delim))
		if !reflect.DeepEqual(r.Fields, want) {
			t.Fatalf("plainLine(%q, %q) fields %q, want %q", line, delim, r.Fields, want)
		}
		col := 1
		for i, f := range want {
			if r.Cols[i] != col {
				t.Fatalf("plainLine(%q, %q): field %d at column %d, want %d", line, delim, i, r.Cols[i], col)
			}
			col += len(f) + 1
		}
	})
}

// TestHold reads a table whole, then removes its file: the chunks that
// follow hand out the rows held, with their places, and the table is read
// once.
func TestHold(t *testing.T) {
	path := writeFile(t, "t.csv", "a,b\n1,\"x, y\"\n\n2,z\n")
	tab, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	held, err := tab.Hold()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	var got []Row
	err = tab.Chunks(DefaultChunkSize, func(c *Chunk) error {
		rows, err := c.Rows(nil)
		got = append(got, rows...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{{Line: 2, Fields: []string{"1", "x, y"}, Cols: []int{1, 3}}, {Line: 4, Fields: []string{"2", "z"}, Cols: []int{1, 3}}}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(held, want) {
		t.Errorf("rows %+v, held %+v, want %+v", got, held, want)
	}
	bad, err := Open(writeFile(t, "bad.csv", "a,b\n1,2\n3\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bad.Hold(); err == nil || !strings.Contains(err.Error(), "bad.csv:3:") {
		t.Errorf("a ragged row: %v, want an error at bad.csv:3", err)
	}
}
