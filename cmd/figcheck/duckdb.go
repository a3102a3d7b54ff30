//go:build duckdb

package main

import (
	"database/sql"
	"fmt"
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
	db, err := sql.Open("duckdb", f.dsn)
	if err != nil {
		return nil, engines.Source{}, fmt.Errorf("--dsn: %v", err)
	}
	return db, src, nil
}
