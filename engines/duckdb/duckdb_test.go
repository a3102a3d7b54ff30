package duckdb

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/figcheck/figcheck/sqlgen"
	"github.com/figcheck/figcheck/sqlgen/sqltest"
)

func open(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1) // one in-memory database
	t.Cleanup(func() { db.Close() })
	return db
}

// The DfE sample gives on DuckDB what it gives natively.
func TestDuckDBWorkforce(t *testing.T) {
	sqltest.Workforce(t, open(t), sqlgen.DuckDB, filepath.Join("..", ".."))
}

// So does a quotient whose divisor could be zero, wherever it stands.
func TestDuckDBZeroDivisors(t *testing.T) {
	sqltest.ZeroDivisors(t, open(t), sqlgen.DuckDB)
}

// So do random tables and rules.
func TestDuckDBDifferential(t *testing.T) {
	sqltest.Differential(t, open(t), sqlgen.DuckDB)
}
