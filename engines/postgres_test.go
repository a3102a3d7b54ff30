package engines

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/sqlgen/sqltest"
)

// queryLog is a database/sql driver over pgx's that notes every statement
// it is asked to run.
type queryLog struct {
	mu      sync.Mutex
	queries []string
}

type pgConn interface {
	driver.Conn
	driver.QueryerContext
	driver.ExecerContext
}

type loggedConn struct {
	pgConn
	log *queryLog
}

func (l *queryLog) note(q string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.queries = append(l.queries, q)
}

func (l *queryLog) Open(dsn string) (driver.Conn, error) {
	c, err := stdlib.GetDefaultDriver().Open(dsn)
	if err != nil {
		return nil, err
	}
	return loggedConn{c.(pgConn), l}, nil
}

func (c loggedConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	c.log.note(q)
	return c.pgConn.QueryContext(ctx, q, args)
}

func (c loggedConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	c.log.note(q)
	return c.pgConn.ExecContext(ctx, q, args)
}

var logged = &queryLog{}

func init() { sql.Register("figcheck-logged", logged) }

// postgres connects to the server FIGCHECK_POSTGRES_DSN names through the
// logging driver, skipping the test where none is set unless
// FIGCHECK_REQUIRE_POSTGRES is, as in CI.
func postgres(t *testing.T) *sql.DB {
	t.Helper()
	dsn := sqltest.PostgresDSN(t)
	db, err := sql.Open("figcheck-logged", dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxIdleConns(0) // each check's temporary view goes with its connection
	t.Cleanup(func() { db.Close() })
	return db
}

// When every rule of the DfE sample but its same-figure rule runs in the
// server, the rows do not leave it: only the failing rows and those their
// findings rest on are fetched, and no extract of the table is made; with
// the same-figure rule, which reads every row natively, it is.
func TestPushedDown(t *testing.T) {
	db := postgres(t)
	root := filepath.Join("..", "testdata", "workforce")
	sqltest.LoadPostgres(t, db, "figcheck_test.engines_csww", filepath.Join(root, "csww_sample.csv"), nil)
	all, err := rules.Load(filepath.Join(root, "csww-rules.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	pushed := *all
	pushed.Rules = nil
	for _, r := range all.Rules {
		if !r.SameFigure {
			pushed.Rules = append(pushed.Rules, r)
		}
	}
	wholeTable := "FROM " + view + " ORDER BY"
	for _, c := range []struct {
		name    string
		rs      *rules.Set
		extract bool
	}{{"every rule pushed down", &pushed, false}, {"with a same-figure rule", all, true}} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			chk, err := Prepare(ctx, "postgres", db, c.rs, nil, Source{From: "figcheck_test.engines_csww", Name: "csww", RowNumber: "row_number() OVER ()",
				Setup: []string{"BEGIN ISOLATION LEVEL REPEATABLE READ"}})
			if err != nil {
				t.Fatal(err)
			}
			defer chk.Close()
			if chk.Extracts() != c.extract {
				t.Errorf("Extracts() = %v, want %v", chk.Extracts(), c.extract)
			}
			logged.mu.Lock()
			logged.queries = nil
			logged.mu.Unlock()
			res, err := chk.Check(ctx, checker.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Findings) == 0 {
				t.Error("no findings")
			}
			// The connection checks again as it did the first time: what a
			// check leaves on it (the rows it fetched) goes when it ends.
			again, err := chk.Check(ctx, checker.Options{})
			if err != nil {
				t.Fatalf("checking again: %v", err)
			}
			if len(again.Findings) != len(res.Findings) {
				t.Errorf("checking again gave %d findings, the first time %d", len(again.Findings), len(res.Findings))
			}
			for _, rr := range res.Rules {
				if (rr.Engine == "postgres") == rr.Rule.SameFigure {
					t.Errorf("rule %s ran in %q", rr.Rule.ID, rr.Engine)
				}
			}
			extracted, fetched := false, false
			for _, q := range logged.queries {
				extracted = extracted || strings.Contains(q, wholeTable)
				fetched = fetched || strings.Contains(q, "FROM "+view+" WHERE "+rowCol+" IN (")
			}
			if extracted != c.extract || !fetched {
				t.Errorf("the whole table extracted: %v, want %v; failing rows fetched: %v; queries:\n%s", extracted, c.extract, fetched, strings.Join(logged.queries, "\n"))
			}
		})
	}
}
