package duckdb

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/sqlgen"
	"github.com/figcheck/figcheck/tables"
)

// BenchmarkW16 checks the reference workload's row and unique rules (all
// but its two group rules) on the CSV that
// FIGCHECK_BENCH_CSV names (bench/run.sh's generator writes them to
// bench/out), natively and on DuckDB over the rows loaded as text:
//
//	FIGCHECK_BENCH_CSV=$PWD/../../bench/out/data_1000000.csv go test -run '^$' -bench W16 -benchtime 3x
func BenchmarkW16(b *testing.B) {
	path := os.Getenv("FIGCHECK_BENCH_CSV")
	if path == "" {
		b.Skip("skipping: FIGCHECK_BENCH_CSV names no table")
	}
	rs, err := rules.Load(filepath.Join("..", "..", "bench", "w16.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	c, err := checker.New(rs, nil)
	if err != nil {
		b.Fatal(err)
	}
	q, err := sqlgen.Generate(c.Plans(), rs.Datasets[0], sqlgen.DuckDB, sqlgen.Options{Table: "w16"})
	if err != nil {
		b.Fatal(err)
	}
	var row []*rules.Rule
	for _, r := range rs.Rules {
		if r.Group == nil {
			row = append(row, r)
		}
	}
	rs.Rules = row // the rules the SQL covers, natively too
	native, err := checker.New(rs, nil)
	if err != nil {
		b.Fatal(err)
	}
	var want *checker.Result
	b.Run("native", func(b *testing.B) {
		for range b.N {
			tb, err := tables.OpenTable(path)
			if err != nil {
				b.Fatal(err)
			}
			if want, err = native.Check(context.Background(), []*tables.Table{tb}, checker.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	db, err := sql.Open("duckdb", "")
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE w16 AS SELECT * FROM read_csv(?, header = true, all_varchar = true)", path); err != nil {
		b.Fatal(err)
	}
	b.Run("duckdb", func(b *testing.B) {
		for range b.N {
			got, err := sqlgen.Run(context.Background(), db, q)
			if err != nil {
				b.Fatal(err)
			}
			for i, g := range got {
				if w := want.Rules[i]; w.Rule.ID != g.Rule.ID || w.Counts != g.Counts {
					b.Fatalf("rule %s: counts %v on DuckDB, %v natively", g.Rule.ID, g.Counts, w.Counts)
				}
			}
		}
	})
}
