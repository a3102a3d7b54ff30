package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/figcheck/figcheck/sqlgen/sqltest"
)

var (
	workforceRules = filepath.Join("..", "..", "testdata", "workforce", "csww-rules.yaml")
	workforceCSV   = filepath.Join("..", "..", "testdata", "workforce", "csww_sample.csv")
)

// loadTable copies a CSV file into a new table of the server (see
// sqltest.LoadPostgres), then doubles its rows copies times.
func loadTable(t *testing.T, dsn, table, path string, types map[string]string, copies int) {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sqltest.LoadPostgres(t, db, table, path, types)
	for range copies {
		mustExec(t, db, "INSERT INTO "+table+" SELECT * FROM "+table)
	}
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// report is what the JSON report says of rules and findings, less where
// the figures are and which are blamed.
type report struct {
	Rules []struct {
		ID                 string
		Pass, Fail         int
		PassWithinRounding int `json:"pass_within_rounding"`
		Skipped            int
		SkipReasons        []map[string]any `json:"skip_reasons"`
		Hidden             int              `json:"hidden_findings"`
		Engine             string
	}
	Findings []struct {
		Rule, Subject, Message, Expr, Computation string
		Location                                  location
		Comparisons                               []map[string]any
	}
	Problems []map[string]any
	Accepted []map[string]any
}

type location struct {
	File string
	Line int
}

// checkJSON runs figcheck check with the JSON report and reads it.
func checkJSON(t *testing.T, args ...string) (report, int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"check", "--format", "json", "--max-findings", "0"}, args...), &stdout, &stderr)
	var r report
	if stdout.Len() > 0 {
		if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
			t.Fatalf("%v\n%s", err, stdout.String())
		}
	}
	return r, code, stderr.String()
}

// brokenWorkforce writes the DfE sample with two figures changed, so that
// group and prev rules fail too: Birmingham's FTE in 2024 no longer adds up
// to the West Midlands' (la-sum-region-inpost), and England's in 2023 is
// far from 2022's and 2024's (workforce-jump).
func brokenWorkforce(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(workforceCSV)
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	for _, c := range [][2]string{{",Birmingham,766.2,", ",Birmingham,966.2,"}, {"\n2023,Reporting year,National,E92000001,England,,,,,,33119.1,", "\n2023,Reporting year,National,E92000001,England,,,,,,13119.1,"}} {
		if !strings.Contains(text, c[0]) {
			t.Fatalf("the sample has no %q", c[0])
		}
		text = strings.Replace(text, c[0], c[1], 1)
	}
	path := filepath.Join(t.TempDir(), "csww_broken.csv")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// engineCases are the tables the engines are held to the native engine
// on: the DfE sample, and the sample broken so that group and prev rules
// fail (each failing rule is required to fail natively).
func engineCases(t *testing.T) []struct{ name, path string } {
	return []struct{ name, path string }{{"sample", workforceCSV}, {"broken", brokenWorkforce(t)}}
}

// brokenFails are the rules the broken sample makes fail natively: a
// group rule and a rule with prev.
var brokenFails = []string{"la-sum-region-inpost", "workforce-jump"}

// sameFindings requires the engine's report to give every rule the counts
// and skip reasons it has natively, and the same findings; the engine says
// it ran every rule but the same-figure one. With fails, those rules must
// fail.
func sameFindings(t *testing.T, engine string, native, got report, fails ...string) {
	t.Helper()
	for i := range got.Rules {
		want := engine
		if got.Rules[i].ID == "same-figure" {
			want = ""
		}
		if got.Rules[i].Engine != want {
			t.Errorf("rule %s ran in %q, want %q", got.Rules[i].ID, got.Rules[i].Engine, want)
		}
		got.Rules[i].Engine = ""
	}
	if !reflect.DeepEqual(native.Rules, got.Rules) {
		t.Errorf("rules differ:\nnatively  %+v\nin %s %+v", native.Rules, engine, got.Rules)
	}
	for _, id := range fails {
		for _, r := range native.Rules {
			if r.ID == id && r.Fail == 0 {
				t.Errorf("rule %s does not fail natively", id)
			}
		}
	}
	if len(native.Findings) != len(got.Findings) {
		t.Fatalf("%d findings natively, %d in %s", len(native.Findings), len(got.Findings), engine)
	}
	for i, n := range native.Findings {
		g := got.Findings[i]
		n.Location, g.Location = location{}, location{}
		if !reflect.DeepEqual(n, g) {
			t.Errorf("finding %d:\nnatively  %+v\nin %s %+v", i, n, engine, g)
		}
	}
}

// The DfE sample checked in PostgreSQL gives the findings it gives
// natively, with the table and the row as their positions, and so does
// the sample broken so that group and prev rules fail; every rule but the
// same-figure one runs in the server. The text report of the broken
// sample is pinned by testdata/engine/postgres-broken.golden.
func TestEnginePostgres(t *testing.T) {
	dsn := sqltest.PostgresDSN(t)
	for i, c := range engineCases(t) {
		t.Run(c.name, func(t *testing.T) {
			table := "figcheck_test.csww_" + c.name
			loadTable(t, dsn, table, c.path, map[string]string{"inpost_fte": "numeric(10,1)", "inpost_headcount": "integer", "vacancy_rate_fte": "numeric(6,1)"}, 0)
			native, code, _ := checkJSON(t, "--rules", workforceRules, c.path)
			if code != exitFindings {
				t.Fatalf("natively: exit %d", code)
			}
			got, code, stderr := checkJSON(t, "--engine", "postgres", "--dsn", dsn, "--table", table, "--rules", workforceRules)
			if code != exitFindings {
				t.Fatalf("in postgres: exit %d\n%s", code, stderr)
			}
			sameFindings(t, "postgres", native, got, brokenFails[:2*i]...)
			for i, f := range got.Findings {
				if n := native.Findings[i].Location; f.Location.File != table || f.Location.Line != n.Line-1 {
					t.Errorf("finding %d at %s:%d, natively at line %d", i, f.Location.File, f.Location.Line, n.Line)
				}
			}
			want := "figcheck: ../../testdata/workforce/csww-rules.yaml:168:9: checked natively: rule same-figure: same_figure rules are checked natively\n" +
				"figcheck: the rules checked natively read every row of " + table + ", copied from postgres into a temporary file\n"
			if stderr != want {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
			}
			if c.name == "broken" {
				// With a cap, only the first failing rows of each rule are
				// fetched; the rest are counted as hidden, as natively.
				native, _, _ := checkJSON(t, "--max-findings", "1", "--rules", workforceRules, c.path)
				got, code, stderr := checkJSON(t, "--max-findings", "1", "--engine", "postgres", "--dsn", dsn, "--table", table, "--rules", workforceRules)
				if code != exitFindings {
					t.Fatalf("in postgres with a cap: exit %d\n%s", code, stderr)
				}
				sameFindings(t, "postgres", native, got, brokenFails...)
				waivers(t, "postgres", c.path, "--dsn", dsn, "--table", table)
				var stdout bytes.Buffer
				run([]string{"check", "--engine", "postgres", "--dsn", dsn, "--table", table, "--rules", workforceRules}, &stdout, io.Discard)
				golden(t, filepath.Join("..", "..", "testdata", "engine", "postgres-broken.golden"), stdout.Bytes())
			}
		})
	}
}

// waivers requires the findings of the broken sample at path, checked in
// engine (told where the rows are by args, which end the command line), to
// be waived and taken by a baseline as they are natively: waivers of a
// group and a prev rule's findings accept as many, and a baseline written
// natively accepts every finding.
func waivers(t *testing.T, engine, path string, args ...string) {
	t.Helper()
	dir := t.TempDir()
	waived := filepath.Join(dir, "waivers.yaml")
	text := "waivers:\n" +
		"  - rule: la-sum-region-inpost\n    subject: \"West Midlands, 2024\"\n    reason: Birmingham's figure is under review.\n" +
		"  - rule: workforce-jump\n    subject: \"England, *\"\n    reason: England's 2023 figure is under review.\n"
	if err := os.WriteFile(waived, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	native, _, _ := checkJSON(t, "--max-findings", "1", "--waivers", waived, "--rules", workforceRules, path)
	got, code, stderr := checkJSON(t, append([]string{"--max-findings", "1", "--waivers", waived, "--rules", workforceRules, "--engine", engine}, args...)...)
	if code != exitFindings || len(got.Accepted) == 0 || !reflect.DeepEqual(native.Accepted, got.Accepted) {
		t.Errorf("with waivers: exit %d, accepted %v, natively %v\n%s", code, got.Accepted, native.Accepted, stderr)
	}
	sameFindings(t, engine, native, got)
	base := filepath.Join(dir, "baseline.yaml")
	var stdout, errs bytes.Buffer
	if code := run([]string{"baseline", "--baseline", base, "--rules", workforceRules, path}, &stdout, &errs); code != exitClean {
		t.Fatalf("baseline: exit %d\n%s", code, errs.String())
	}
	got, code, stderr = checkJSON(t, append([]string{"--baseline", base, "--rules", workforceRules, "--engine", engine}, args...)...)
	if code != exitClean || len(got.Findings) != 0 {
		t.Errorf("with the native baseline: exit %d, %d findings\n%s", code, len(got.Findings), stderr)
	}
}

// Each mistake in what the engine is told to read is bad input, said
// plainly: exit 2.
func TestEnginePostgresBadInput(t *testing.T) {
	dsn := sqltest.PostgresDSN(t)
	loadTable(t, dsn, "figcheck_test.flagged", workforceCSV, map[string]string{}, 0)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustExec(t, db, "DROP TABLE IF EXISTS figcheck_test.typed")
	mustExec(t, db, "CREATE TABLE figcheck_test.typed AS SELECT * FROM figcheck_test.flagged")
	mustExec(t, db, "ALTER TABLE figcheck_test.typed ALTER COLUMN caseload_fte TYPE boolean USING caseload_fte IS NOT NULL")
	mustExec(t, db, "DROP TABLE IF EXISTS figcheck_test.narrow")
	mustExec(t, db, "CREATE TABLE figcheck_test.narrow AS SELECT * FROM figcheck_test.flagged")
	mustExec(t, db, "ALTER TABLE figcheck_test.narrow DROP COLUMN agency_fte")
	for _, c := range []struct{ name, dsn, table, want string }{
		{"bad DSN", "postgres://figcheck@127.0.0.1:notaport/db", "figcheck_test.flagged", "cannot parse"},
		{"no server", "postgres://figcheck@127.0.0.1:1/postgres?connect_timeout=5", "figcheck_test.flagged", "cannot connect to postgres"},
		{"no table", dsn, "figcheck_test.nowhere", "figcheck_test.nowhere: cannot read the rows"},
		{"no column", dsn, "figcheck_test.narrow", "need columns the rows do not have: agency_fte"},
		{"wrong type", dsn, "figcheck_test.typed", "column caseload_fte is of type bool"},
		{"no table named", dsn, "", "--engine postgres needs the table"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, code, stderr := checkJSON(t, "--engine", "postgres", "--dsn", c.dsn, "--table", c.table, "--rules", workforceRules)
			if code != exitBadInput || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, want 2, and stderr\n%s\nwithout %q", code, stderr, c.want)
			}
			if strings.Contains(stderr, "panic") {
				t.Errorf("stderr:\n%s", stderr)
			}
		})
	}
}

// A server that goes away mid-run is the engine's failure: exit 3, said.
func TestEnginePostgresServerGone(t *testing.T) {
	sqltest.PostgresDSN(t) // only where a server can be started
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	script := filepath.Join("..", "..", "scripts", "postgres.sh")
	start := exec.Command(script, "start")
	start.Env = append(os.Environ(), fmt.Sprintf("FIGCHECK_POSTGRES_PORT=%d", port))
	var started bytes.Buffer
	start.Stderr = &started
	out, err := start.Output()
	if err != nil {
		t.Fatalf("starting a server: %v\n%s", err, started.String())
	}
	dsn := strings.TrimSpace(string(out))
	dir := strings.TrimSuffix(strings.TrimPrefix(strings.SplitN(started.String(), ";", 2)[0], "server in "), "\n")
	stop := func() { exec.Command(script, "stop", dir).Run() }
	defer stop()
	// 2^9 copies of the sample: long enough a query to stop the server in.
	loadTable(t, dsn, "figcheck_test.csww", workforceCSV, nil, 9)
	type result struct {
		code   int
		stderr string
	}
	done := make(chan result)
	go func() {
		_, code, stderr := checkJSON(t, "--engine", "postgres", "--dsn", dsn, "--table", "figcheck_test.csww", "--rules", workforceRules)
		done <- result{code, stderr}
	}()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := 0; ; i++ {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'WITH %' AND state = 'active'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			break
		}
		if i == 600 {
			t.Fatal("the check's query never started")
		}
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	r := <-done
	t.Logf("stderr:\n%s", r.stderr)
	if r.code != exitInternal || !strings.Contains(r.stderr, "postgres failed while checking figcheck_test.csww") {
		t.Errorf("exit %d, want 3, with stderr\n%s", r.code, r.stderr)
	}
}

// A cell that is not a number is a problem of the input in an engine as
// natively, at its row: exit 2, with the rules that needed it skipped.
func TestEnginePostgresUnreadCell(t *testing.T) {
	dsn := sqltest.PostgresDSN(t)
	raw, err := os.ReadFile(workforceCSV)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "csww.csv")
	text := strings.Replace(string(raw), ",34328.2,36402,", ",34328.2,abc,", 1)
	if err := os.WriteFile(bad, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	loadTable(t, dsn, "figcheck_test.unread", bad, nil, 0)
	native, code, _ := checkJSON(t, "--rules", workforceRules, bad)
	if code != exitBadInput || len(native.Problems) != 1 {
		t.Fatalf("natively: exit %d, problems %v", code, native.Problems)
	}
	got, code, _ := checkJSON(t, "--engine", "postgres", "--dsn", dsn, "--table", "figcheck_test.unread", "--rules", workforceRules)
	if code != exitBadInput || len(got.Problems) != 1 {
		t.Fatalf("in postgres: exit %d, problems %v", code, got.Problems)
	}
	n, g := native.Problems[0], got.Problems[0]
	if n["message"] != g["message"] || g["location"].(map[string]any)["file"] != "figcheck_test.unread" {
		t.Errorf("problem %v, natively %v", g, n)
	}
	sameFindings(t, "postgres", native, got)
}

// duplicateKeys writes a table whose keys repeat (one three times, one
// with an empty cell, one not in ASCII) beside keys a plain joining of
// their cells would confuse (a:1 and b; a and 1:b), and a unique rule over
// them, and returns the rule file and the table.
func duplicateKeys(t *testing.T) (rulesPath, csvPath string) {
	t.Helper()
	dir := t.TempDir()
	rulesPath, csvPath = filepath.Join(dir, "rules.yaml"), filepath.Join(dir, "keys.csv")
	rs := "dataset:\n  dimensions: [area, kind]\n  measures:\n    value: exact\nrules:\n" +
		"  - id: one-row-per-key\n    title: One row per area and kind\n    unique: [area, kind]\n"
	rows := "area,kind,value\na:1,b,1\na,1:b,2\na:1,b,3\n,x,4\n,x,5\né,y,6\né,y,7\né,y,8\nz,y,9\n"
	for p, s := range map[string]string{rulesPath: rs, csvPath: rows} {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return rulesPath, csvPath
}

// A unique rule's failing keys checked in PostgreSQL give the findings
// they give natively, each resting on every row of its key, with and
// without a cap.
func TestEngineUniquePostgres(t *testing.T) {
	dsn := sqltest.PostgresDSN(t)
	rs, path := duplicateKeys(t)
	loadTable(t, dsn, "figcheck_test.keys", path, nil, 0)
	for _, cap := range []string{"1000", "1"} {
		native, code, _ := checkJSON(t, "--max-findings", cap, "--rules", rs, path)
		if code != exitFindings || len(native.Findings) != map[string]int{"1000": 3, "1": 1}[cap] {
			t.Fatalf("natively: exit %d, %d findings", code, len(native.Findings))
		}
		got, code, stderr := checkJSON(t, "--max-findings", cap, "--engine", "postgres", "--dsn", dsn, "--table", "figcheck_test.keys", "--rules", rs)
		if code != exitFindings {
			t.Fatalf("in postgres: exit %d\n%s", code, stderr)
		}
		sameFindings(t, "postgres", native, got, "one-row-per-key")
	}
}
