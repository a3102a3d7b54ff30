//go:build duckdb

package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// The DfE sample checked in DuckDB, as CSV and as Parquet, gives the
// findings it gives natively, at the same lines (rows, for Parquet), and
// so does the sample broken so that group and prev rules fail.
func TestEngineDuckDB(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The measures as doubles too, as Parquet files often hold them, codes
	// null: a double reads as its shortest text in Go's form (13, not 13.0).
	dims := "['time_period', 'time_identifier', 'geographic_level', 'country_code', 'country_name', 'region_code', 'region_name', 'old_la_code', 'new_la_code', 'la_name']"
	for i, c := range engineCases(t) {
		parquet := filepath.Join(t.TempDir(), "csww_"+c.name+".parquet")
		doubles := filepath.Join(t.TempDir(), "csww_"+c.name+"-doubles.parquet")
		abs, _ := filepath.Abs(c.path)
		mustExec(t, db, "COPY (SELECT * FROM read_csv('"+abs+"', header = true, all_varchar = true)) TO '"+parquet+"' (FORMAT parquet)")
		mustExec(t, db, "CREATE OR REPLACE TABLE csww AS SELECT * FROM read_csv('"+abs+"', header = true, all_varchar = true)")
		mustExec(t, db, "COPY (SELECT COLUMNS(lambda c: list_contains("+dims+", c)), TRY_CAST(COLUMNS(lambda c: NOT list_contains("+dims+", c)) AS DOUBLE)"+
			" FROM csww) TO '"+doubles+"' (FORMAT parquet)")
		for _, file := range []string{c.path, parquet, doubles} {
			t.Run(filepath.Base(file), func(t *testing.T) {
				native, code, _ := checkJSON(t, "--rules", workforceRules, file)
				if code != exitFindings {
					t.Fatalf("natively: exit %d", code)
				}
				got, code, stderr := checkJSON(t, "--engine", "duckdb", "--rules", workforceRules, file)
				if code != exitFindings {
					t.Fatalf("in duckdb: exit %d\n%s", code, stderr)
				}
				sameFindings(t, "duckdb", native, got, brokenFails[:2*i]...)
				for i, f := range got.Findings {
					if n := native.Findings[i].Location; f.Location != n {
						t.Errorf("finding %d at %v, natively at %v", i, f.Location, n)
					}
				}
				native, _, _ = checkJSON(t, "--max-findings", "1", "--rules", workforceRules, file)
				got, _, _ = checkJSON(t, "--max-findings", "1", "--engine", "duckdb", "--rules", workforceRules, file)
				sameFindings(t, "duckdb", native, got, brokenFails[:2*i]...)
				if i == 1 {
					waivers(t, "duckdb", file, file)
				}
				if strings.Contains(stderr, "streamed") {
					t.Errorf("the rows were streamed out of DuckDB:\n%s", stderr)
				}
			})
		}
	}
	parquet := filepath.Join(t.TempDir(), "csww.parquet")
	abs, _ := filepath.Abs(workforceCSV)
	mustExec(t, db, "COPY (SELECT * FROM read_csv('"+abs+"', header = true, all_varchar = true)) TO '"+parquet+"' (FORMAT parquet)")
	_, code, stderr := checkJSON(t, "--engine", "duckdb", "--rules", workforceRules, workforceCSV, parquet)
	if code != exitBadInput || !strings.Contains(stderr, "checks one CSV or Parquet file") {
		t.Errorf("two files: exit %d\n%s", code, stderr)
	}
}

// A unique rule's failing keys checked in DuckDB give the findings they
// give natively, each resting on every row of its key, with and without a
// cap.
func TestEngineUniqueDuckDB(t *testing.T) {
	rs, path := duplicateKeys(t)
	for _, cap := range []string{"1000", "1"} {
		native, code, _ := checkJSON(t, "--max-findings", cap, "--rules", rs, path)
		if code != exitFindings || len(native.Findings) != map[string]int{"1000": 3, "1": 1}[cap] {
			t.Fatalf("natively: exit %d, %d findings", code, len(native.Findings))
		}
		got, code, stderr := checkJSON(t, "--max-findings", cap, "--engine", "duckdb", "--rules", rs, path)
		if code != exitFindings {
			t.Fatalf("in duckdb: exit %d\n%s", code, stderr)
		}
		sameFindings(t, "duckdb", native, got, "one-row-per-key")
	}
}
