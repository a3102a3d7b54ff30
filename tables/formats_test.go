package tables

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"

	"github.com/figcheck/figcheck/position"
)

func TestNDJSONTable(t *testing.T) {
	path := writeFile(t, "t.ndjson", `{"period": "2024", "area": "England", "fte": 34328.2, "rate": 17.0}

{"area": "North East", "period": "2024", "fte": null, "rate": "x"}
{"period": "2023", "area": "England \"E\"", "fte": 33119.1, "rate": 16}
{"period":"2022\/23","area":"Caf\u00e9 \ud83d\ude00","fte":-1.5e3 ,"rate":true}
	{ "rate" : false , "period" : "2021" }
`)
	tab, err := OpenTable(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"period", "area", "fte", "rate"}; !reflect.DeepEqual(tab.Columns, want) {
		t.Errorf("columns %v, want %v", tab.Columns, want)
	}
	rows, err := readAll(t, tab)
	if err != nil {
		t.Fatal(err)
	}
	want := []gotRow{
		{Line: 1, Fields: []string{"2024", "England", "34328.2", "17.0"}},
		{Line: 3, Fields: []string{"2024", "North East", "", "x"}},
		{Line: 4, Fields: []string{"2023", `England "E"`, "33119.1", "16"}},
		{Line: 5, Fields: []string{"2022/23", "Café 😀", "-1.5e3", "true"}},
		{Line: 6, Fields: []string{"2021", "", "", "false"}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows\n%+v\nwant\n%+v", rows, want)
	}
}

func TestNDJSONErrors(t *testing.T) {
	tests := []struct{ content, want string }{
		{`[1, 2]`, ":1: each line must be a JSON object"},
		{"{\"a\": 1}\n{\"b\": 2}\n", `:2:2: key "b" is not among the keys of the first line`},
		{"{\"a\": 1}\n{\"a\": [1]}\n", `:2:7: key "a": a cell must be a string, a number or null, not an object or list`},
		{"{\"a\": 1}\n{\"a\": 1\n", ":2:8: not valid JSON: a comma or a closing brace must follow a value"},
		{"{\"a\": 1}\n[1]\n", ":2:1: each line must be a JSON object"},
		{"{\"a\": 1}\n{\"a\": 01}\n", `:2:7: key "a": not valid JSON: "01" is not a value`},
		{"{\"a\": 1}\n{\"a\": nul}\n", `:2:7: key "a": not valid JSON: "nul" is not a value`},
		{"{\"a\": 1}\n{\"a\": 1} x\n", ":2:10: not valid JSON: text after the object"},
		{"{\"a\": 1}\n{\"a\": \"x\ty\"}\n", `:2:7: key "a": not valid JSON: a control character inside a string`},
		{"{\"a\": 1}\n{\"a\": \"x}\n", `:2:7: key "a": not valid JSON: a string is not closed`},
		{"{\"a\": 1}\n{\"a\" 1}\n", `:2:6: not valid JSON: a colon must follow the key "a"`},
		{"{\"a\": 1}\n{a: 1}\n", ":2:2: not valid JSON: a key must be a string"},
		{"\n\n", ": the file is empty: an NDJSON table needs at least one object"},
	}
	for _, tc := range tests {
		path := writeFile(t, "t.jsonl", tc.content)
		tab, err := OpenTable(path)
		if err == nil {
			_, err = readChunked(tab, DefaultChunkSize)
		}
		if err == nil || err.Error() != path+tc.want {
			t.Errorf("%q: error %v, want %s", tc.content, err, path+tc.want)
		}
	}
}

func TestGzipTables(t *testing.T) {
	content := "period,area,fte\n2024,England,34328.2\n2024,\"North\nEast\",2158.1\n"
	var buf bytes.Buffer
	z := gzip.NewWriter(&buf)
	z.Write([]byte(content))
	z.Close()
	gz := filepath.Join(t.TempDir(), "t.csv.gz")
	if err := os.WriteFile(gz, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, plain := openAndRead(t, content)
	tab, err := OpenTable(gz)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := readAll(t, tab)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows, plain) {
		t.Errorf("gzip rows %+v, plain %+v", rows, plain)
	}
	bad := writeFile(t, "bad.csv.gz", "not gzip")
	if _, err := OpenTable(bad); err == nil || !strings.Contains(err.Error(), "cannot read the gzip file") {
		t.Errorf("not gzip: %v", err)
	}
}

type parquetRow struct {
	Period string   `parquet:"period"`
	Area   string   `parquet:"area"`
	FTE    int64    `parquet:"fte,decimal(1:9)"`
	Rate   *float64 `parquet:"rate,optional"`
	Cases  int32    `parquet:"cases"`
	Cents  int64    `parquet:"cents,decimal(2:18)"`
}

// openParquet writes rows as a Parquet file and opens it as a table.
func openParquet(t *testing.T, rows []parquetRow, opts ...parquet.WriterOption) *Table {
	t.Helper()
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[parquetRow](&buf, opts...)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "t.parquet")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	tab, err := OpenTable(path)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// TestParquetTable: decimals keep their scale as written precision, floats
// their shortest form, nulls are empty.
func TestParquetTable(t *testing.T) {
	rate := 17.0
	third := 0.1
	tab := openParquet(t, []parquetRow{
		{"2024", "England", 343282, &rate, 320461, -5},
		{"2024", "North East", 21580, nil, 22994, 110840},
		{"2023", "England", 331191, &third, 0, 7},
	})
	if want := []string{"period", "area", "fte", "rate", "cases", "cents"}; !reflect.DeepEqual(tab.Columns, want) {
		t.Errorf("columns %v", tab.Columns)
	}
	rows, err := readAll(t, tab)
	if err != nil {
		t.Fatal(err)
	}
	want := []gotRow{
		{Line: 1, Fields: []string{"2024", "England", "34328.2", "17", "320461", "-0.05"}},
		{Line: 2, Fields: []string{"2024", "North East", "2158.0", "", "22994", "1108.40"}},
		{Line: 3, Fields: []string{"2023", "England", "33119.1", "0.1", "0", "0.07"}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows\n%+v\nwant\n%+v", rows, want)
	}
	if _, err := OpenTable(writeFile(t, "bad.parquet", "PAR1 not really")); err == nil || !strings.Contains(err.Error(), "not a Parquet file") {
		t.Errorf("bad parquet: %v", err)
	}
}

// TestParquetChunksOutliveTheReader: chunks of a Parquet table may be split
// long after the reader has moved on (workers lag behind it), and each
// still gives its own rows, text included; picking rows by number gives
// the same rows.
func TestParquetChunksOutliveTheReader(t *testing.T) {
	const n = 10_000
	var rows []parquetRow
	for i := range n {
		rate := float64(i) / 10
		rows = append(rows, parquetRow{Period: fmt.Sprintf("P%05d", i), Area: fmt.Sprintf("area %d", i), FTE: int64(i), Rate: &rate, Cases: int32(i)})
	}
	tab := openParquet(t, rows, parquet.PageBufferSize(4096))
	var chunks []*Chunk
	if err := tab.Chunks(DefaultChunkSize, func(c *Chunk) error { chunks = append(chunks, c); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(chunks) < 2 {
		t.Fatalf("%d chunks: the test needs several", len(chunks))
	}
	pick := map[int]bool{1: true, 4097: true, n: true}
	seen, picked := 0, 0
	for _, c := range chunks {
		got, err := c.Rows(nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range got {
			i := r.Line - 1
			if want := []string{fmt.Sprintf("P%05d", i), fmt.Sprintf("area %d", i)}; !slices.Equal(r.Fields[:2], want) {
				t.Fatalf("row %d reads %q, want %q", r.Line, r.Fields[:2], want)
			}
			seen++
		}
		on, err := c.RowsOn(pick, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range on {
			if !pick[r.Line] || r.Fields[0] != fmt.Sprintf("P%05d", r.Line-1) {
				t.Errorf("picked row %d reads %q", r.Line, r.Fields)
			}
			picked++
		}
	}
	if seen != n || picked != len(pick) {
		t.Errorf("%d rows, %d picked; want %d and %d", seen, picked, n, len(pick))
	}
}

// objectCellsByDecoder reads a line's object into cells with encoding/json,
// key by key: the answer objectCells must give, or false where it must
// report an error.
func objectCellsByDecoder(columns []string, line []byte) ([]string, bool) {
	var probe map[string]json.RawMessage
	if json.Unmarshal(line, &probe) != nil || probe == nil {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.Token() // {
	cells := make([]string, len(columns))
	for dec.More() {
		key, _ := dec.Token()
		var raw json.RawMessage
		dec.Decode(&raw)
		i := slices.Index(columns, key.(string))
		if i < 0 {
			return nil, false
		}
		switch raw[0] {
		case '{', '[':
			return nil, false
		case 'n':
			cells[i] = ""
		case '"':
			var s string
			json.Unmarshal(raw, &s)
			cells[i] = s
		default:
			cells[i] = string(raw)
		}
	}
	return cells, true
}

// FuzzObjectCells holds the NDJSON line reader to encoding/json on any
// line of valid UTF-8 (other bytes stay as they are, as in CSV).
func FuzzObjectCells(f *testing.F) {
	for _, s := range []string{`{"a": "x", "b": 1.5, "c": null}`, `{"c":true,"a":"2024\/25"}`, `{}`, ` { "b" : -0e+1 } `,
		`{"a": "\ud83d\ude00"}`, `{"a": 01}`, `{"a": [1]}`, `{"a": "x", "a": {"y": 1}}`, `{"d": 1}`, `null`, `{"a": 1} x`, `{"a\u0062": 2}`} {
		f.Add(s)
	}
	columns := []string{"a", "b", "c", "ab"}
	t := &Table{Columns: columns}
	t.indexKeys()
	f.Fuzz(func(tt *testing.T, line string) {
		if !utf8.ValidString(line) || strings.ContainsRune(line, '\n') {
			return
		}
		want, ok := objectCellsByDecoder(columns, []byte(line))
		got := make([]string, len(columns))
		col, err := t.objectCells([]byte(line), got)
		switch {
		case ok && err != nil:
			tt.Fatalf("%q: error at column %d: %v; encoding/json reads %q", line, col, err, want)
		case !ok && err == nil:
			tt.Fatalf("%q: read as %q; encoding/json refuses it", line, got)
		case ok && !slices.Equal(got, want):
			tt.Fatalf("%q: read as %q, want %q", line, got, want)
		case err != nil && (col < 1 || col > len(line)+1):
			tt.Fatalf("%q: error at column %d, outside the line", line, col)
		}
	})
}

// TestParquetNested: every column that is not flat is named, with its
// place in the schema and the paths of the columns nested in it, in one
// error each.
func TestParquetNested(t *testing.T) {
	type where struct {
		Region string `parquet:"region"`
		Code   string `parquet:"code"`
	}
	type row struct {
		Area   string   `parquet:"area"`
		Where  where    `parquet:"where"`
		Tags   []string `parquet:"tags,list"`
		Counts []int32  `parquet:"counts"`
	}
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[row](&buf)
	if _, err := w.Write([]row{{Area: "North", Where: where{"NE", "E12"}, Tags: []string{"a"}, Counts: []int32{1, 2}}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "nested.parquet", buf.String())
	_, err := OpenTable(path)
	var errs position.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("not positioned: %v", err)
	}
	want := []string{
		path + `: column "where" (field 2 of 4 in the schema) holds nested columns where.region, where.code: figcheck reads flat Parquet tables, one value to a column; write each as a column of its own`,
		path + `: column "tags" (field 3 of 4 in the schema) holds nested columns tags.list.element: figcheck reads flat Parquet tables, one value to a column; write each as a column of its own`,
		path + `: column "counts" (field 4 of 4 in the schema) is repeated (a list in each row): figcheck reads flat Parquet tables, one value to a column; write a row per value`,
	}
	if got := strings.Split(err.Error(), "\n"); !reflect.DeepEqual(got, want) {
		t.Errorf("errors\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestParquetCellPosition: a value figcheck cannot read is placed at its
// row and column.
func TestParquetCellPosition(t *testing.T) {
	type row struct {
		Area string           `parquet:"area"`
		When deprecated.Int96 `parquet:"when"`
	}
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[row](&buf)
	if _, err := w.Write([]row{{"North", deprecated.Int96{1, 2, 3}}, {"South", deprecated.Int96{4, 5, 6}}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "int96.parquet", buf.String())
	tab, err := OpenTable(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = readAll(t, tab)
	if want := path + ":1:2: column when: values of type INT96 are not read"; err == nil || err.Error() != want {
		t.Errorf("%v, want %s", err, want)
	}
}
