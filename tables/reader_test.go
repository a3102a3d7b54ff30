package tables

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
)

func gzipped(s string) string {
	var buf bytes.Buffer
	z := gzip.NewWriter(&buf)
	z.Write([]byte(s))
	z.Close()
	return buf.String()
}

// TestRead: a table read from a reader has the rows of the same table read
// from its file, in every format, under the name it was given, and Close
// removes the copy it was read from.
func TestRead(t *testing.T) {
	const csvText = "period;area;fte\n2024;England;34328.2\n2024;\"North\nEast\";2158.1\n"
	const ndjsonText = "{\"period\":\"2024\",\"fte\":1.5}\n{\"period\":\"2023\",\"fte\":1.4}\n"
	parquetTable := openParquet(t, []parquetRow{{Period: "2024", Area: "England", FTE: 343282, Cases: 3}})
	parquetBytes, err := os.ReadFile(parquetTable.Path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, file, content string }{
		{"csv", "t.csv", csvText},
		{"gzip csv", "t.csv.gz", gzipped(csvText)},
		{"ndjson", "t.ndjson", "\n " + ndjsonText},
		{"gzip ndjson", "t.ndjson.gz", gzipped(ndjsonText)},
		{"parquet", "t.parquet", string(parquetBytes)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fromFile, err := OpenTable(writeFile(t, tc.file, tc.content))
			if err != nil {
				t.Fatal(err)
			}
			want, err := readAll(t, fromFile)
			if err != nil {
				t.Fatal(err)
			}
			tab, err := Read("-", strings.NewReader(tc.content), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if tab.Path != "-" || !reflect.DeepEqual(tab.Columns, fromFile.Columns) {
				t.Errorf("Path %q, Columns %q; want -, %q", tab.Path, tab.Columns, fromFile.Columns)
			}
			got, err := readAll(t, tab)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("rows %+v (%v), want %+v", got, err, want)
			}
			copyPath := tab.file
			if err := tab.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(copyPath); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("the copy is still there: %v", err)
			}
			if err := tab.Close(); err != nil {
				t.Errorf("a second Close: %v", err)
			}
		})
	}
}

// TestReadErrors: errors name the table as it was given, and leave no copy
// behind.
func TestReadErrors(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where the copies go
	for _, tc := range []struct{ content, want string }{
		{"", "-: the file is empty: a CSV table needs a header row"},
		{"a,a\n", `-:1:2: column "a" appears twice in the header row (columns 1 and 2)`},
		{"{\"a\":", "-:1:"},
	} {
		_, err := Read("-", strings.NewReader(tc.content), Options{})
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %s…", tc.content, err, tc.want)
		}
	}
	if left, err := os.ReadDir(tmp); err != nil || len(left) > 0 {
		t.Errorf("left behind: %v (%v)", left, err)
	}
}
