package tables

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// csvRecord is a record as encoding/csv reads it, with each field's line
// and column.
type csvRecord struct {
	Fields      []string
	Lines, Cols []int
}

// stdlibRecords reads content with encoding/csv as the table reader
// promises to: strict quotes, every record as wide as the header, blank
// lines skipped. It returns the records after the header that come before
// the first error, and whether there was one.
func stdlibRecords(content string, delim rune) ([]csvRecord, bool) {
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(content, "\uFEFF")))
	r.Comma = delim
	var out []csvRecord
	for first := true; ; first = false {
		fields, err := r.Read()
		if err == io.EOF {
			return out, false
		}
		if err != nil {
			return out, true
		}
		if first {
			continue
		}
		rec := csvRecord{Fields: fields}
		for i := range fields {
			line, col := r.FieldPos(i)
			rec.Lines, rec.Cols = append(rec.Lines, line), append(rec.Cols, col)
		}
		out = append(out, rec)
	}
}

// tableRecords reads the rows of the table at path in chunks of size
// bytes, as csvRecords, up to the first error.
func tableRecords(tab *Table, size int) ([]csvRecord, error) {
	var out []csvRecord
	err := tab.Chunks(size, func(c *Chunk) error {
		rows, err := c.Rows(nil)
		for _, r := range rows {
			rec := csvRecord{Fields: append([]string(nil), r.Fields...)}
			for i := range r.Fields {
				p := r.FieldPos(tab.Path, i)
				rec.Lines, rec.Cols = append(rec.Lines, p.Line), append(rec.Cols, p.Col)
			}
			out = append(out, rec)
		}
		return err
	})
	return out, err
}

// compareWithStdlib holds the reader of the CSV table in content to
// encoding/csv: the same records with the same fields at the same places,
// and an error exactly when encoding/csv has one, in chunks of every size.
func compareWithStdlib(t *testing.T, content string, delim byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.csv")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	tab, err := Open(path, Options{Delimiter: delim})
	if err != nil || tab.long {
		return // the header is read by encoding/csv itself; long tables are pivoted
	}
	want, wantErr := stdlibRecords(content, rune(delim))
	for _, size := range []int{1, 2, 3, 7, 16, 64, DefaultChunkSize} {
		got, err := tableRecords(tab, size)
		if (err != nil) != wantErr {
			t.Fatalf("%q in chunks of %d: error %v, but encoding/csv has an error: %v", content, size, err, wantErr)
		}
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q in chunks of %d:\n got %+v\nwant %+v", content, size, got, want)
		}
	}
}

// FuzzCSV holds the table reader's splitting of rows to encoding/csv on
// any text, with each delimiter.
func FuzzCSV(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n",
		"a,b\n\"x\r\ny\",2\r\n",
		"a,b\n\"x\"\"y\",\"\"\n,\n",
		"a,b\n1,\"2\n\n3\"\n\n\r\n4,5",
		"a,b\n1,2\"\n",
		"a,b\n\"1\"2,3\n",
		"a,b\n\"1,2\n",
		"a,b\n1\r2,3\r",
		"a\n\"\"\n\n\"\r\n\"\n",
		"a,b\n1,2,3\n",
		"a;b\n1;\"x;y\"\n",
		"a\tb\n1\t\"x\ty\"\n",
		"\"a\nb\",c\n1,2\n\"3\r\n\",4\n",
	} {
		for _, d := range []byte{',', ';', '\t'} {
			f.Add(s, d)
		}
	}
	f.Fuzz(func(t *testing.T, content string, delim byte) {
		switch delim {
		case ',', ';', '\t':
		default:
			return
		}
		compareWithStdlib(t, content, delim)
	})
}

// TestCSVAsStdlib pins cases where the reader and encoding/csv once
// disagreed.
func TestCSVAsStdlib(t *testing.T) {
	for _, content := range []string{
		// CRLF inside a quoted field is a newline, as at the end of a record.
		"a,b\n\"x\r\ny\",2\n",
		"a,b\n\"x\r\r\ny\",2\r\n",
		// A field after a newline inside quotes is on the next line.
		"a,b,c\n\"x\ny\",2,3\n",
		// A row wider than the header, with a field on its second line, is
		// reported, not a panic.
		"0\n,\"\n\",",
	} {
		compareWithStdlib(t, content, ',')
	}
}

// TestSniffDelimiter: the delimiter that occurs most often outside quotes
// in the header line, the first of , ; tab on a tie, a comma without any.
func TestSniffDelimiter(t *testing.T) {
	for _, tc := range []struct {
		content string
		want    byte
	}{
		{"a,b,c\n1;2;3;4;5\n", ','},
		{"a;b;c,d\n", ';'},
		{"a;b,c\n", ','},
		{"a\tb\tc;d\n", '\t'},
		{"a;b\tc\n", ';'},
		{"\"a;b;c\",d\n", ','},
		{"\"x\ny;z\";w;v\n", ';'},
		{"\n\r\na;b\n", ';'},
		{"\uFEFFa\tb\n", '\t'},
		{"area\n", ','},
	} {
		tab, err := OpenTable(writeFile(t, "t.csv", tc.content))
		if err != nil {
			t.Errorf("%q: %v", tc.content, err)
			continue
		}
		if got := tab.Delimiter(); got != tc.want {
			t.Errorf("%q: delimiter %q, want %q", tc.content, got, tc.want)
		}
	}
}
