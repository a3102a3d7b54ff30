package engines

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "github.com/trinodb/trino-go-client/trino" // the "trino" driver for database/sql

	"github.com/figcheck/figcheck/checker"
	_ "github.com/figcheck/figcheck/internal/sparkconnect" // the "spark" driver for database/sql
	"github.com/figcheck/figcheck/internal/sparktest"
	"github.com/figcheck/figcheck/internal/standin"
	"github.com/figcheck/figcheck/internal/trinotest"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/sqlgen"
)

var update = flag.Bool("update", false, "rewrite the golden statements under testdata")

const ratioRules = `dataset:
  dimensions: [area, level]
  measures: {rate: 0.1, part: exact, whole: exact}
rules:
  - id: rate
    title: rate is part over whole
    assert: rate == 100 * part / whole
`

// trinoColumns are the table's columns as Trino gives them.
var trinoColumns = [][2]string{{"area", "varchar(9)"}, {"level", "varchar"}, {"rate", "decimal(4,1)"}, {"part", "bigint"}, {"whole", "integer"}}

// prepare readies a check of the ratio rules in engine, on the table
// stats.release of a stand-in server that answers as a server holding
// table would, reached through a real driver: Spark's for spark, Trino's
// for the others (whose dialect and traits are the engine's all the same).
func prepare(t *testing.T, engine string, table *standin.Table, src Source) (*Check, *rules.Set, interface{ Sent() []string }, error) {
	t.Helper()
	rs, err := rules.Read("ratio.yaml", []byte(ratioRules))
	if err != nil {
		t.Fatal(err)
	}
	var s interface{ Sent() []string }
	var db *sql.DB
	if engine == "spark" {
		ss := sparktest.New(t, table.Answer)
		s = ss
		db, err = sql.Open("spark", ss.Remote)
	} else {
		ts := trinotest.New(t, table.Answer)
		s = ts
		db, err = sql.Open("trino", "http://figcheck@"+strings.TrimPrefix(ts.URL, "http://")+"?catalog=hive&schema=stats")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	chk, err := Prepare(context.Background(), engine, db, rs, nil, src)
	if err == nil {
		t.Cleanup(func() { chk.Close() })
	}
	return chk, rs, s, err
}

// A check sends the statements of the rules as sqlgen writes them in the
// engine's dialect, over the rows numbered as the engine's traits say: in
// Trino, in the order of the dataset's columns and in each query, for it
// has neither a fixed order nor temporary views; in Spark, in that order,
// in a temporary view; in PostgreSQL, in the order it reads them, in a
// temporary view. It explains the failing row it
// is told of, at its number. testdata/check.ENGINE.sql pins the statements,
// less the body of sqlgen's (go test ./engines -update rewrites them).
func TestCheckStatements(t *testing.T) {
	for _, c := range []struct {
		engine string
		src    Source
	}{
		{"trino", Source{From: `"stats"."release"`, Name: "stats.release"}},
		{"spark", Source{From: "`stats`.`release`", Name: "stats.release", Setup: []string{"SET spark.sql.ansi.enabled=true"}}},
		{"postgres", Source{From: `"stats"."release"`, Name: "stats.release", RowNumber: "row_number() OVER ()", Setup: []string{"BEGIN ISOLATION LEVEL REPEATABLE READ"}}},
	} {
		t.Run(c.engine, func(t *testing.T) {
			table := &standin.Table{Columns: trinoColumns,
				Verdicts: [][]any{
					{0, "P", 2, nil, nil, nil},
					{0, "F", 1, nil, nil, nil},
					{0, "F", nil, "3", "E09000001", "Local"},
				},
				Fetched: [][]any{{3, "E09000001", "Local", "50.0", "1", "3"}},
			}
			chk, rs, s, err := prepare(t, c.engine, table, c.src)
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
				if !slices.Contains(s.Sent(), want) {
					t.Errorf("the statement was not sent as sqlgen writes it:\n%s", want)
				}
			}

			// The golden file pins what the engine adds: the rules'
			// statements themselves are sqlgen's, pinned by its goldens.
			var sent []string
			for _, stmt := range s.Sent() {
				for i, rules := range q.SQL {
					if body := strings.TrimPrefix(rules, "WITH "); strings.HasSuffix(stmt, body) {
						stmt = strings.TrimSuffix(stmt, body) + fmt.Sprintf("… (sqlgen's statement %d of %d)", i+1, len(q.SQL))
					}
				}
				sent = append(sent, stmt)
			}
			got := strings.Join(sent, ";\n") + ";\n"
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

// What a server's columns are, and are named, is checked before anything
// is sent that reads the rows.
func TestServerColumns(t *testing.T) {
	for _, c := range []struct {
		engine, name string
		columns      [][2]string
		want         string // in the error; "" for none
	}{
		{"trino", "its types", trinoColumns, ""},
		{"trino", "text and decimals", [][2]string{{"area", "char(9)"}, {"level", "varchar(20)"}, {"rate", "varchar"}, {"part", "decimal(38,0)"}, {"whole", "smallint"}}, ""},
		{"trino", "names in lower case", [][2]string{{"AREA", "varchar"}, {"Level", "varchar"}, {"rate", "tinyint"}, {"part", "bigint"}, {"whole", "integer"}}, ""},
		{"trino", "double", [][2]string{{"area", "varchar"}, {"level", "varchar"}, {"rate", "double"}, {"part", "real"}, {"whole", "integer"}},
			"stats.release: column rate is of type double; column part is of type real: trino writes such a column as text with an exponent, whatever its size (1.5E0)"},
		{"trino", "boolean", [][2]string{{"area", "varchar"}, {"level", "varchar"}, {"rate", "boolean"}, {"part", "bigint"}, {"whole", "integer"}},
			"column rate is of type boolean"},
		{"trino", "no table", nil, "stats.release: cannot read the rows: trino: query failed (200 OK): \"USER_ERROR: line 1:15: Table does not exist\""},
		{"trino", "missing", [][2]string{{"area", "varchar"}, {"rate", "decimal(4,1)"}, {"part", "bigint"}, {"whole", "integer"}},
			"need columns the rows do not have: level"},
		{"spark", "its types", trinoColumns, ""},
		{"spark", "names in any case", [][2]string{{"AREA", "varchar"}, {"Level", "varchar"}, {"rate", "decimal(38,1)"}, {"part", "integer"}, {"whole", "bigint"}}, ""},
		{"spark", "double", [][2]string{{"area", "varchar"}, {"level", "varchar"}, {"rate", "double"}, {"part", "bigint"}, {"whole", "integer"}},
			"stats.release: column rate is of type double: spark writes such a column as text as Java writes it (50.0 for 50, 1.0E7 for 10000000)"},
		{"spark", "boolean", [][2]string{{"area", "varchar"}, {"level", "varchar"}, {"rate", "boolean"}, {"part", "bigint"}, {"whole", "integer"}},
			"column rate is of type boolean"},
		{"spark", "no table", nil, "stats.release: cannot read the rows: [Internal] line 1:15: Table does not exist"},
		{"spark", "missing", [][2]string{{"area", "varchar"}, {"rate", "decimal(4,1)"}, {"part", "bigint"}, {"whole", "integer"}},
			"need columns the rows do not have: level"},
	} {
		t.Run(c.engine+" "+c.name, func(t *testing.T) {
			src := Source{From: sqlgen.Trino.Ident("stats.release"), Name: "stats.release"}
			if c.engine == "spark" {
				src.From = sqlgen.Spark.Ident("stats.release")
			}
			_, _, s, err := prepare(t, c.engine, &standin.Table{Columns: c.columns}, src)
			sent := s.Sent()
			switch {
			case c.want == "" && err != nil:
				t.Errorf("error %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("error %v, want %q", err, c.want)
			case c.want != "" && !errors.As(err, new(*InputError)):
				t.Errorf("%v is not the user's", err)
			case c.want != "" && !strings.HasSuffix(sent[len(sent)-1], " LIMIT 0"):
				t.Errorf("sent %q after the columns were found wrong", sent)
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
