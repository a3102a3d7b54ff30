//go:build duckdb

package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// The DfE sample checked in DuckDB, as CSV and as Parquet, gives the
// findings it gives natively, at the same lines (rows, for Parquet).
func TestEngineDuckDB(t *testing.T) {
	parquet := filepath.Join(t.TempDir(), "csww.parquet")
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(workforceCSV)
	mustExec(t, db, "COPY (SELECT * FROM read_csv('"+abs+"', header = true, all_varchar = true)) TO '"+parquet+"' (FORMAT parquet)")
	// The measures as doubles, as Parquet files often hold them, codes null:
	// a double reads as its shortest text in Go's form (13, not 13.0).
	doubles := filepath.Join(t.TempDir(), "csww-doubles.parquet")
	dims := "['time_period', 'time_identifier', 'geographic_level', 'country_code', 'country_name', 'region_code', 'region_name', 'old_la_code', 'new_la_code', 'la_name']"
	mustExec(t, db, "CREATE TABLE csww AS SELECT * FROM read_csv('"+abs+"', header = true, all_varchar = true)")
	mustExec(t, db, "COPY (SELECT COLUMNS(lambda c: list_contains("+dims+", c)), TRY_CAST(COLUMNS(lambda c: NOT list_contains("+dims+", c)) AS DOUBLE)"+
		" FROM csww) TO '"+doubles+"' (FORMAT parquet)")
	db.Close()
	for _, file := range []string{workforceCSV, parquet, doubles} {
		t.Run(filepath.Base(file), func(t *testing.T) {
			native, code, _ := checkJSON(t, "--rules", workforceRules, file)
			if code != exitFindings {
				t.Fatalf("natively: exit %d", code)
			}
			got, code, stderr := checkJSON(t, "--engine", "duckdb", "--rules", workforceRules, file)
			if code != exitFindings {
				t.Fatalf("in duckdb: exit %d\n%s", code, stderr)
			}
			sameFindings(t, "duckdb", native, got)
			for i, f := range got.Findings {
				if n := native.Findings[i].Location; f.Location != n {
					t.Errorf("finding %d at %v, natively at %v", i, f.Location, n)
				}
			}
		})
	}
	_, code, stderr := checkJSON(t, "--engine", "duckdb", "--rules", workforceRules, workforceCSV, parquet)
	if code != exitBadInput || !strings.Contains(stderr, "checks one CSV or Parquet file") {
		t.Errorf("two files: exit %d\n%s", code, stderr)
	}
}
