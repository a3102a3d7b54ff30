//go:build duckdb

package main

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2" // the "duckdb" driver for database/sql; needs cgo

	"github.com/figcheck/figcheck/engines"
	"github.com/figcheck/figcheck/sqlgen"
	"github.com/figcheck/figcheck/tables"
)

func init() { checkEngines["duckdb"] = openDuckDB }

// openDuckDB opens DuckDB, in memory or in the database file --dsn names,
// to read the one CSV or Parquet file checked.
func openDuckDB(f *flags, _ string, files []*tables.Table) (*sql.DB, engines.Source, error) {
	if len(files) != 1 {
		return nil, engines.Source{}, fmt.Errorf("--engine duckdb checks one CSV or Parquet file; %d tables were given", len(files))
	}
	t := files[0]
	if t.Path == "-" {
		return nil, engines.Source{}, fmt.Errorf("--engine duckdb reads a file, not standard input")
	}
	src := engines.Source{Name: t.Path, Files: files}
	path := sqlgen.DuckDB.String(t.Path)
	switch lower := strings.ToLower(t.Path); {
	case strings.HasSuffix(lower, ".parquet"):
		src.From = "read_parquet(" + path + ", file_row_number = true)"
		src.RowNumber = "file_row_number + 1"
	case strings.HasSuffix(lower, ".csv"), strings.HasSuffix(lower, ".csv.gz"), strings.HasSuffix(lower, ".tsv"), strings.HasSuffix(lower, ".txt"):
		delim := t.Delimiter()
		if delim == 0 {
			delim = ','
		}
		src.From = fmt.Sprintf("read_csv(%s, header = true, all_varchar = true, delim = %s)", path, sqlgen.DuckDB.String(string(delim)))
		src.RowNumber, src.Header = "row_number() OVER ()", 1
	default:
		return nil, engines.Source{}, fmt.Errorf("--engine duckdb reads CSV and Parquet files, not %s", t.Path)
	}
	db, err := sql.Open("duckdb", duckdbDSN(f.dsn))
	if err != nil {
		return nil, engines.Source{}, fmt.Errorf("--dsn: %v", err)
	}
	return db, src, nil
}

// duckdbDSN is the DSN DuckDB is opened with: where it spills what does not
// fit in its memory is a folder of the system's temporary folder, unless
// the DSN's options name one (DuckDB's own default, .tmp, is in the
// current folder). The options set DuckDB's settings, such as
// ?memory_limit=4GB&threads=2.
func duckdbDSN(dsn string) string {
	if strings.Contains(dsn, "temp_directory=") {
		return dsn
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "temp_directory=" + url.QueryEscape(filepath.Join(os.TempDir(), "figcheck-duckdb"))
}
