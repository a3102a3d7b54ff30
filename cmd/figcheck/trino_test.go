package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/internal/standin"
	"github.com/figcheck/figcheck/internal/trinotest"
)

// closedPort is the address of a local port where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// No Trino server runs here: what check --engine trino is told, and the
// real driver's answer when the coordinator cannot be reached, are each a
// clear error of the input, before anything is checked.
func TestEngineTrinoBadInput(t *testing.T) {
	// request_retry_timeout cuts the driver's retries (two minutes by
	// default) of a coordinator that does not answer.
	gone := "http://figcheck@" + closedPort(t) + "?catalog=hive&schema=stats&request_retry_timeout=1s"
	for _, c := range []struct{ name, dsn, table, want string }{
		{"no DSN", "", "stats.csww", "--engine trino needs --dsn, the server's connection string (http://user@host:8080?catalog=c&schema=s)"},
		{"no table", gone, "", "--engine trino needs the table: give --table schema.name"},
		{"bad DSN", "::", "stats.csww", "--dsn: missing protocol scheme"},
		{"bad port", "https://figcheck:secret@127.0.0.1:port", "stats.csww", `--dsn: invalid port ":port" after host`},
		{"not HTTP", "localhost:8080", "stats.csww", "--dsn: a Trino coordinator's address is http://user@host:8080?catalog=c&schema=s, or https://"},
		{"password without TLS", "http://figcheck:secret@127.0.0.1:8080", "stats.csww", "--dsn: trino: TLS/SSL is required for authentication with username and password"},
		{"bad parameter", "http://figcheck@127.0.0.1:8080?request_retry_timeout=soon", "stats.csww", `--dsn: trino: invalid timeout for request_retry_timeout: "soon"`},
		{"no server", gone, "stats.csww", "cannot connect to trino: "},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, code, stderr := checkJSON(t, "--engine", "trino", "--dsn", c.dsn, "--table", c.table, "--rules", workforceRules)
			if code != exitBadInput || !strings.Contains(stderr, c.want) || strings.Contains(stderr, "panic") || strings.Contains(stderr, "secret") {
				t.Errorf("exit %d, want 2, and stderr\n%s\nwithout %q", code, stderr, c.want)
			}
		})
	}
}

// Trino checks a table of the server: table files given are not read.
func TestEngineTrinoFiles(t *testing.T) {
	_, code, stderr := checkJSON(t, "--engine", "trino", "--rules", workforceRules, workforceCSV)
	if code != exitBadInput || !strings.Contains(stderr, "--engine trino checks a table of the server; this file is not read") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

// Spark SQL has no driver in figcheck: asked for, it says so, and what
// works instead.
func TestEngineSpark(t *testing.T) {
	_, code, stderr := checkJSON(t, "--engine", "spark", "--dsn", "token:x@host:443/sql/1.0/warehouses/w", "--table", "stats.csww", "--rules", workforceRules)
	if code != exitBadInput || !strings.Contains(stderr, "--engine spark: figcheck has no driver for Spark SQL (Databricks)") || !strings.Contains(stderr, "figcheck sql --engine spark") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

// check --engine trino, run through the real driver against a stand-in
// coordinator that answers as a server holding the table would: the
// verdicts counted there, the failing row fetched by its number and
// explained natively at the table's row; a server that fails once the
// check has begun is the engine's failure, exit 3.
func TestEngineTrinoStandIn(t *testing.T) {
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
	table := &standin.Table{
		Columns:  [][2]string{{"area", "varchar(9)"}, {"rate", "decimal(4,1)"}, {"part", "bigint"}, {"whole", "integer"}},
		Verdicts: [][]any{{0, "P", 4, nil, nil}, {0, "F", 1, nil, nil}, {0, "F", nil, "2", "E09000001"}},
		Fetched:  [][]any{{2, "E09000001", "50.0", "1", "3"}},
	}
	s := trinotest.New(t, table.Answer)
	dsn := "http://figcheck@" + strings.TrimPrefix(s.URL, "http://") + "?catalog=hive&schema=stats"
	got, code, stderr := checkJSON(t, "--engine", "trino", "--dsn", dsn, "--rules", rules)
	if code != exitFindings || len(got.Findings) != 1 || got.Findings[0].Location != (location{File: "stats.release", Line: 2}) ||
		len(got.Rules) != 1 || got.Rules[0].Pass != 4 || got.Rules[0].Engine != "trino" {
		t.Errorf("exit %d, report %+v, stderr:\n%s", code, got, stderr)
	}
	sent := s.Sent()
	if len(sent) != 3 || !strings.HasPrefix(sent[0], `SELECT * FROM "stats"."release" LIMIT 0`) || !strings.Contains(sent[2], "WHERE figcheck_row IN (SELECT n FROM (VALUES (2)) AS r(n))") {
		t.Errorf("sent:\n%s", strings.Join(sent, ";\n"))
	}

	table.Gone = "Query was aborted: the coordinator is shutting down"
	_, code, stderr = checkJSON(t, "--engine", "trino", "--dsn", dsn, "--rules", rules)
	if code != exitInternal || !strings.Contains(stderr, "trino failed while checking stats.release: the query failed: trino: query failed (200 OK): \"USER_ERROR: Query was aborted") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}
