package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/internal/sparktest"
	"github.com/figcheck/figcheck/internal/standin"
	"github.com/figcheck/figcheck/internal/trinotest"
)

// standIns start a stand-in of each server that cannot run here, through
// whose real driver figcheck checks: each gives the --dsn that reaches it
// and the statements it was sent, and what the engine's failure reads as.
var standIns = []struct {
	engine string
	start  func(t *testing.T, answer func(string) (standin.Result, error)) (dsn string, sent func() []string)
	sent   []string // what the statements sent start with, in order
	failed string   // what a failed statement reads as, before its message
}{
	{"trino", func(t *testing.T, answer func(string) (standin.Result, error)) (string, func() []string) {
		s := trinotest.New(t, answer)
		return "http://figcheck@" + strings.TrimPrefix(s.URL, "http://") + "?catalog=hive&schema=stats", s.Sent
	}, []string{`SELECT * FROM "stats"."release" LIMIT 0`, `WITH figcheck_rows AS (SELECT row_number() OVER (ORDER BY COALESCE(CAST("area" AS VARCHAR), '')`, "WITH figcheck_rows AS"},
		`trino failed while checking stats.release: the query failed: trino: query failed (200 OK): "USER_ERROR: `},
	{"spark", func(t *testing.T, answer func(string) (standin.Result, error)) (string, func() []string) {
		s := sparktest.New(t, answer)
		return s.Remote, s.Sent
	}, []string{"SELECT 1", "SELECT * FROM `stats`.`release` LIMIT 0", "SET spark.sql.ansi.enabled=true", "CREATE TEMPORARY VIEW figcheck_rows AS SELECT row_number() OVER (ORDER BY COALESCE(CAST(`area` AS STRING), '')", "WITH ", "SELECT figcheck_row, "},
		"spark failed while checking stats.release: the query failed: "},
}

// check --engine trino and spark, run through the real drivers against
// stand-ins that answer as a server holding the table would: the verdicts
// counted there, the failing row fetched by its number and explained
// natively at the table's row; a server that fails once the check has
// begun is the engine's failure, exit 3.
func TestEngineStandIns(t *testing.T) {
	rules := filepath.Join(t.TempDir(), "ratio.yaml")
	if err := os.WriteFile(rules, []byte(`dataset:
  table: stats.release
  dimensions: [area]
  measures: {rate: 0.1, part: exact, whole: exact}
rules:
  - id: rate
    title: rate is part over whole
    assert: rate == 100 * part / whole
`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, e := range standIns {
		t.Run(e.engine, func(t *testing.T) {
			table := &standin.Table{
				Columns:  [][2]string{{"area", "varchar(9)"}, {"rate", "decimal(4,1)"}, {"part", "bigint"}, {"whole", "integer"}},
				Verdicts: [][]any{{0, "P", 4, nil, nil}, {0, "F", 1, nil, nil}, {0, "F", nil, "2", "E09000001"}},
				Fetched:  [][]any{{2, "E09000001", "50.0", "1", "3"}},
			}
			dsn, sent := e.start(t, table.Answer)
			got, code, stderr := checkJSON(t, "--engine", e.engine, "--dsn", dsn, "--rules", rules)
			if code != exitFindings || len(got.Findings) != 1 || got.Findings[0].Location != (location{File: "stats.release", Line: 2}) ||
				len(got.Rules) != 1 || got.Rules[0].Pass != 4 || got.Rules[0].Engine != e.engine {
				t.Errorf("exit %d, report %+v, stderr:\n%s", code, got, stderr)
			}
			stmts := sent()
			ok := len(stmts) == len(e.sent) && strings.Contains(stmts[len(stmts)-1], "WHERE figcheck_row IN (SELECT n FROM (VALUES (2)) AS r(n))")
			for i := range e.sent {
				ok = ok && strings.HasPrefix(stmts[i], e.sent[i])
			}
			if !ok {
				t.Errorf("sent:\n%s", strings.Join(stmts, ";\n"))
			}

			table.Gone = "Query was aborted: the server is shutting down"
			_, code, stderr = checkJSON(t, "--engine", e.engine, "--dsn", dsn, "--rules", rules)
			if code != exitInternal || !strings.Contains(stderr, e.failed) || !strings.Contains(stderr, table.Gone) {
				t.Errorf("exit %d, stderr:\n%s", code, stderr)
			}
		})
	}
}

// A server engine checks a table of the server: table files given are not
// read.
func TestEngineServerFiles(t *testing.T) {
	for _, e := range standIns {
		_, code, stderr := checkJSON(t, "--engine", e.engine, "--rules", workforceRules, workforceCSV)
		if code != exitBadInput || !strings.Contains(stderr, "--engine "+e.engine+" checks a table of the server; this file is not read") {
			t.Errorf("%s: exit %d, stderr:\n%s", e.engine, code, stderr)
		}
	}
}
