package duckdb

import (
	"database/sql"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strconv"
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

// A double column's text in DuckDB is what figcheck reads from it
// natively: Go's shortest form, never an exponent.
func TestDuckDBDoubleText(t *testing.T) {
	db := open(t)
	xs := []float64{0, math.Copysign(0, -1), 12, -286, 0.1, 13.8, 1e15, 1e16, 1.5e300, 1e21, 123456789012345678, 1e-7, 0.000123, 1e-5, 5e-324,
		math.MaxFloat64, -2.5e-10, 320461, math.NaN(), math.Inf(1), math.Inf(-1)}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		xs = append(xs, (rng.Float64()-0.5)*math.Pow(10, float64(rng.IntN(60)-30)), math.Round(rng.Float64()*1e6)/10)
	}
	if _, err := db.Exec("CREATE TABLE x (d DOUBLE, i INTEGER)"); err != nil {
		t.Fatal(err)
	}
	for i, x := range xs {
		if _, err := db.Exec("INSERT INTO x VALUES (?, ?)", x, i); err != nil {
			t.Fatal(err)
		}
	}
	d := sqlgen.DuckDB
	rows, err := db.Query("SELECT i, " + d.ColumnText("d") + " FROM x ORDER BY i")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var i int
		var dt string
		if err := rows.Scan(&i, &dt); err != nil {
			t.Fatal(err)
		}
		if want := strconv.FormatFloat(xs[i], 'f', -1, 64); dt != want {
			t.Errorf("double %v: %q, want %q", xs[i], dt, want)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}
