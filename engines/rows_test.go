package engines

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/sqlgen"
)

var update = flag.Bool("update", false, "rewrite the golden statements under testdata")

// server is a database/sql driver that records the statements a check
// sends and answers its queries from a script: the columns of the table,
// the engine's verdicts and the rows fetched, as a server that ran the
// statements would. No Trino server runs here: it stands for one so that
// what figcheck would send it is pinned, and what it does with the
// answers is checked.
type server struct {
	sent    []string
	columns [][2]string      // of the table: name and type
	answer  [][]driver.Value // to the rules' statements
	fetched [][]driver.Value // to the query of rows by number
}

func (s *server) Connect(context.Context) (driver.Conn, error) { return s, nil }
func (s *server) Driver() driver.Driver                        { return nil }
func (s *server) Prepare(string) (driver.Stmt, error)          { return nil, errors.New("not prepared") }
func (s *server) Close() error                                 { return nil }
func (s *server) Begin() (driver.Tx, error)                    { return nil, errors.New("no transactions") }

func (s *server) ExecContext(_ context.Context, q string, _ []driver.NamedValue) (driver.Result, error) {
	s.sent = append(s.sent, q)
	return driver.RowsAffected(0), nil
}

func (s *server) QueryContext(_ context.Context, q string, _ []driver.NamedValue) (driver.Rows, error) {
	s.sent = append(s.sent, q)
	switch {
	case strings.HasSuffix(q, " LIMIT 0"):
		r := &rows{}
		for _, c := range s.columns {
			r.cols, r.types = append(r.cols, c[0]), append(r.types, c[1])
		}
		return r, nil
	case strings.Contains(q, " AS rule, "):
		return &rows{cols: []string{"rule", "verdict", "n", "k0", "k1", "k2"}, data: s.answer}, nil
	case strings.Contains(q, "SELECT "+rowCol+", "):
		return &rows{cols: []string{rowCol, "area", "level", "rate", "part", "whole"}, data: s.fetched}, nil
	}
	return nil, errors.New("unexpected query")
}

type rows struct {
	cols, types []string
	data        [][]driver.Value
}

func (r *rows) Columns() []string                       { return r.cols }
func (r *rows) Close() error                            { return nil }
func (r *rows) ColumnTypeDatabaseTypeName(i int) string { return r.types[i] }
func (r *rows) Next(dest []driver.Value) error {
	if len(r.data) == 0 {
		return io.EOF
	}
	copy(dest, r.data[0])
	r.data = r.data[1:]
	return nil
}

const ratioRules = `dataset:
  dimensions: [area, level]
  measures: {rate: 0.1, part: exact, whole: exact}
rules:
  - id: rate
    title: rate is part over whole
    assert: rate == 100 * part / whole
`

// trinoColumns are the table's columns as Trino names them.
var trinoColumns = [][2]string{{"area", "VARCHAR"}, {"level", "VARCHAR"}, {"rate", "DECIMAL"}, {"part", "BIGINT"}, {"whole", "INTEGER"}}

func prepare(t *testing.T, engine string, s *server, src Source) (*Check, *rules.Set, error) {
	t.Helper()
	rs, err := rules.Read("ratio.yaml", []byte(ratioRules))
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(s)
	t.Cleanup(func() { db.Close() })
	c, err := Prepare(context.Background(), engine, db, rs, nil, src)
	if err == nil {
		t.Cleanup(func() { c.Close() })
	}
	return c, rs, err
}

// A check sends the statements of the rules as sqlgen writes them in the
// engine's dialect, over the rows numbered as the engine's traits say: in
// Trino, in the order of the dataset's columns and in each query, for it
// has neither a fixed order nor temporary views; in PostgreSQL, in the
// order it reads them, in a temporary view. It explains the failing row it
// is told of, at its number. testdata/check.ENGINE.sql pins the statements
// (go test ./engines -update rewrites them).
func TestCheckStatements(t *testing.T) {
	for _, c := range []struct {
		engine string
		src    Source
	}{
		{"trino", Source{From: `"stats"."release"`, Name: "stats.release"}},
		{"postgres", Source{From: `"stats"."release"`, Name: "stats.release", RowNumber: "row_number() OVER ()", Setup: []string{"BEGIN ISOLATION LEVEL REPEATABLE READ"}}},
	} {
		t.Run(c.engine, func(t *testing.T) {
			s := &server{columns: trinoColumns,
				answer: [][]driver.Value{
					{int64(0), "P", int64(2), nil, nil, nil},
					{int64(0), "F", int64(1), nil, nil, nil},
					{int64(0), "F", nil, "3", "E09000001", "Local"},
				},
				fetched: [][]driver.Value{{int64(3), "E09000001", "Local", "50.0", "1", "3"}},
			}
			chk, rs, err := prepare(t, c.engine, s, c.src)
			if err != nil {
				t.Fatal(err)
			}
			res, err := chk.Check(context.Background(), checker.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Findings) != 1 || res.Findings[0].Pos.String() != "stats.release:3" || res.Rules[0].Counts[checker.Pass] != 2 || res.Rules[0].Engine != c.engine {
				t.Errorf("findings %+v, rules %+v: want one at stats.release:3, and 2 passes in %s", res.Findings, res.Rules, c.engine)
			}

			// The rules' statements are sqlgen's, with the numbered rows
			// first where the engine has no temporary views.
			cc, err := checker.New(rs, nil)
			if err != nil {
				t.Fatal(err)
			}
			q, err := sqlgen.Generate(cc.Plans(), rs.Datasets[0], chk.dialect, sqlgen.Options{Table: view, Line: rowCol})
			if err != nil {
				t.Fatal(err)
			}
			for _, stmt := range q.SQL {
				want := stmt
				if c.engine == "trino" {
					want = "WITH " + view + " AS (" + `SELECT row_number() OVER (ORDER BY COALESCE(CAST("area" AS VARCHAR), ''), COALESCE(CAST("level" AS VARCHAR), ''), ` +
						`COALESCE(CAST("rate" AS VARCHAR), ''), COALESCE(CAST("part" AS VARCHAR), ''), COALESCE(CAST("whole" AS VARCHAR), '')) AS figcheck_row, * FROM "stats"."release"),` +
						"\n" + strings.TrimPrefix(stmt, "WITH ")
				}
				if !containsString(s.sent, want) {
					t.Errorf("the statement was not sent as sqlgen writes it:\n%s", want)
				}
			}

			got := strings.Join(s.sent, ";\n") + ";\n"
			path := filepath.Join("testdata", "check."+c.engine+".sql")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("the statements differ from %s (go test ./engines -update rewrites it)", path)
			}
		})
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// What Trino's columns are, and are named, is checked before anything is
// sent that reads the rows.
func TestTrinoColumns(t *testing.T) {
	for _, c := range []struct {
		name    string
		columns [][2]string
		want    string // in the error; "" for none
	}{
		{"its types", trinoColumns, ""},
		{"text and decimals", [][2]string{{"area", "CHAR"}, {"level", "VARCHAR"}, {"rate", "VARCHAR"}, {"part", "DECIMAL"}, {"whole", "SMALLINT"}}, ""},
		{"names in lower case", [][2]string{{"AREA", "VARCHAR"}, {"Level", "VARCHAR"}, {"rate", "TINYINT"}, {"part", "BIGINT"}, {"whole", "INTEGER"}}, ""},
		{"double", [][2]string{{"area", "VARCHAR"}, {"level", "VARCHAR"}, {"rate", "DOUBLE"}, {"part", "REAL"}, {"whole", "INTEGER"}},
			"stats.release: column rate is of type double; column part is of type real: trino writes such a column as text with an exponent (1.5E0)"},
		{"boolean", [][2]string{{"area", "VARCHAR"}, {"level", "VARCHAR"}, {"rate", "BOOLEAN"}, {"part", "BIGINT"}, {"whole", "INTEGER"}},
			"column rate is of type boolean"},
		{"missing", [][2]string{{"area", "VARCHAR"}, {"rate", "DECIMAL"}, {"part", "BIGINT"}, {"whole", "INTEGER"}},
			"need columns the rows do not have: level"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := &server{columns: c.columns}
			_, _, err := prepare(t, "trino", s, Source{From: `"stats"."release"`, Name: "stats.release"})
			switch {
			case c.want == "" && err != nil:
				t.Errorf("error %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("error %v, want %q", err, c.want)
			case c.want != "" && !errors.As(err, new(*InputError)):
				t.Errorf("%v is not the user's", err)
			case c.want != "" && len(s.sent) != 1:
				t.Errorf("sent %q after the columns were found wrong", s.sent)
			}
		})
	}
}

// The numbered rows come first among a query's common table expressions,
// or before a query without any; without them, the query is as it was.
func TestWithRows(t *testing.T) {
	for _, c := range []struct{ with, query, want string }{
		{"", "WITH a AS (SELECT 1) SELECT * FROM a", "WITH a AS (SELECT 1) SELECT * FROM a"},
		{"r AS (SELECT 2)", "WITH a AS (SELECT 1) SELECT * FROM a", "WITH r AS (SELECT 2),\na AS (SELECT 1) SELECT * FROM a"},
		{"r AS (SELECT 2)", "SELECT * FROM r", "WITH r AS (SELECT 2)\nSELECT * FROM r"},
	} {
		if got := (&rowsConn{with: c.with}).withRows(c.query); got != c.want {
			t.Errorf("%q with %q: %q, want %q", c.query, c.with, got, c.want)
		}
	}
}
