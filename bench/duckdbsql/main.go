//go:build duckdb

// Command duckdbsql runs SQL in an embedded DuckDB, for the bench scripts
// on a machine with no DuckDB of its own: it runs each argument as a
// statement (or statements) in turn on one connection, prints the rows of
// each that returns any as tab-separated text, and on stderr each
// statement's wall time.
//
// Usage: go run -tags duckdb ./bench/duckdbsql [-db FILE] SQL...
// An argument @FILE is the SQL in FILE.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

func main() {
	dbFile := flag.String("db", "", "the database file (default: in memory)")
	flag.Parse()
	if err := run(*dbFile, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "duckdbsql:", err)
		os.Exit(1)
	}
}

func run(dbFile string, stmts []string) error {
	db, err := sql.Open("duckdb", dbFile)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, s := range stmts {
		if file, ok := strings.CutPrefix(s, "@"); ok {
			b, err := os.ReadFile(file)
			if err != nil {
				return err
			}
			s = string(b)
		}
		start := time.Now()
		if err := query(ctx, conn, s); err != nil {
			return fmt.Errorf("%.60q: %v", s, err)
		}
		fmt.Fprintf(os.Stderr, "%.3f s\n", time.Since(start).Seconds())
	}
	return nil
}

// query runs s and prints its rows.
func query(ctx context.Context, conn *sql.Conn, s string) error {
	rows, err := conn.QueryContext(ctx, s)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		text := make([]string, len(vals))
		for i, v := range vals {
			if v != nil {
				text[i] = fmt.Sprint(v)
			}
		}
		fmt.Println(strings.Join(text, "\t"))
	}
	return rows.Err()
}
