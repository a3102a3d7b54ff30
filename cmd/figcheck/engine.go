package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"sort"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver for database/sql

	"github.com/figcheck/figcheck"
	"github.com/figcheck/figcheck/engines"
	"github.com/figcheck/figcheck/sqlgen"
	"github.com/figcheck/figcheck/tables"
)

// An engine opens the rows that check --engine checks: its database and
// where the dataset's rows are in it.
type engine func(f *flags, table string, files []*tables.Table) (*sql.DB, engines.Source, error)

// checkEngines are the engines check --engine runs in; trino.go and
// spark.go add trino and spark, and the DuckDB build (go build -tags
// duckdb) adds duckdb.
var checkEngines = map[string]engine{"postgres": openPostgres}

// serverEngines are the engines that check a table of a server, named by
// --table or the dataset's table:, in place of table files.
var serverEngines = map[string]bool{"postgres": true}

// unavailable are the engines check does not run in, each with why and
// what to do instead.
var unavailable = map[string]string{
	"duckdb": "this figcheck was built without DuckDB, which needs cgo: build it with go build -tags duckdb ./cmd/figcheck",
}

// serverTable says what a server engine lacks to open the rows: --dsn, of
// the form dsnForm, or the table.
func serverTable(f *flags, table, dsnForm string) error {
	if f.dsn == "" {
		return fmt.Errorf("--engine %s needs --dsn, the server's connection string (%s)", f.engine, dsnForm)
	}
	if table == "" {
		return fmt.Errorf("--engine %s needs the table: give --table schema.name, or table: in the rule file's dataset", f.engine)
	}
	return nil
}

// openPostgres connects to the server --dsn names, to check the table
// named by --table or the dataset's table:.
func openPostgres(f *flags, table string, files []*tables.Table) (*sql.DB, engines.Source, error) {
	if err := serverTable(f, table, "postgres://user@host:port/database"); err != nil {
		return nil, engines.Source{}, err
	}
	db, err := sql.Open("pgx", f.dsn)
	if err != nil {
		return nil, engines.Source{}, fmt.Errorf("--dsn: %v", err)
	}
	// The rows are numbered, fetched again and extracted in one snapshot,
	// read from the table's start. JIT stays on: compiling the checks'
	// expressions takes seconds, but evaluating them compiled saves more
	// from 10^6 rows up.
	return db, engines.Source{From: sqlgen.Postgres.Ident(table), Name: table, RowNumber: "row_number() OVER ()",
		Setup: []string{"SET synchronize_seqscans = off", "BEGIN ISOLATION LEVEL REPEATABLE READ"}}, nil
}

// useEngine readies r to check in the engine --engine names, or says why
// it cannot; the function it returns closes what it opened.
func useEngine(f *flags, r *figcheck.Run, stderr io.Writer) (func(), error) {
	open, ok := checkEngines[f.engine]
	if !ok {
		var names []string
		for n := range checkEngines {
			names = append(names, n)
		}
		if why, ok := unavailable[f.engine]; ok {
			return nil, fmt.Errorf("--engine %s: %s", f.engine, why)
		}
		sort.Strings(names)
		return nil, fmt.Errorf("--engine %s: check runs in %s", f.engine, strings.Join(names, " or "))
	}
	if len(r.Rules.Datasets) != 1 {
		return nil, fmt.Errorf("--engine %s checks the rows of one dataset; the rules declare %d", f.engine, len(r.Rules.Datasets))
	}
	table := f.table
	if table == "" {
		table = r.Rules.Datasets[0].Table
	}
	db, src, err := open(f, table, r.Tables)
	if err != nil {
		return nil, err
	}
	c, err := engines.Prepare(context.Background(), f.engine, db, r.Rules, r.Sets, src)
	if err != nil {
		db.Close()
		return nil, err
	}
	for _, n := range c.Native() {
		fmt.Fprintf(stderr, "figcheck: %s: checked natively: %v\n", n.Rule.Pos, n)
	}
	if c.Extracts() {
		fmt.Fprintf(stderr, "figcheck: the rules checked natively read every row of %s, copied from %s into a temporary file\n", src.Name, f.engine)
	}
	r.Engine = c
	return func() { c.Close(); db.Close() }, nil
}
