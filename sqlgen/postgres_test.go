package sqlgen_test

import (
	"database/sql"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx driver for database/sql

	"github.com/figcheck/figcheck/sqlgen"
	"github.com/figcheck/figcheck/sqlgen/sqltest"
)

// postgres connects to the server FIGCHECK_POSTGRES_DSN names, skipping
// the test where none is set unless FIGCHECK_REQUIRE_POSTGRES is, as in CI.
func postgres(t *testing.T) *sql.DB {
	t.Helper()
	dsn := sqltest.PostgresDSN(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Ping(); err != nil {
		t.Fatalf("connecting to %s: %v", dsn, err)
	}
	return db
}

// The DfE sample gives on PostgreSQL what it gives natively.
func TestPostgresWorkforce(t *testing.T) {
	sqltest.Workforce(t, postgres(t), sqlgen.Postgres, "..")
}

// So does a quotient whose divisor could be zero, wherever it stands.
func TestPostgresZeroDivisors(t *testing.T) {
	sqltest.ZeroDivisors(t, postgres(t), sqlgen.Postgres)
}

// So do random tables and rules.
func TestPostgresDifferential(t *testing.T) {
	sqltest.Differential(t, postgres(t), sqlgen.Postgres)
}
