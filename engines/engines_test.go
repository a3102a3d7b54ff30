package engines

import (
	"testing"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/position"
)

// A record of an extract is found by the line it starts on, and its row
// number given back; where a cell spans lines, by the lines kept.
func TestExtractRow(t *testing.T) {
	plain := &extract{rows: []int64{4, 9, 10}}
	spans := &extract{rows: []int64{4, 9, 10}, lines: []int{2, 3, 6}} // row 9's cell spans 3 lines
	for _, c := range []struct {
		ex   *extract
		line int
		want int64
	}{
		{plain, 2, 4}, {plain, 3, 9}, {plain, 4, 10}, {plain, 5, 0}, {plain, 1, 0},
		{spans, 2, 4}, {spans, 3, 9}, {spans, 4, 0}, {spans, 6, 10}, {spans, 7, 0},
	} {
		if got := c.ex.row(c.line); got != c.want {
			t.Errorf("line %d (lines %v): row %d, want %d", c.line, c.ex.lines, got, c.want)
		}
	}
}

// Findings and problems on an extract take the table's name and rows, and
// a subject that is a line number the row's.
func TestExtractPlace(t *testing.T) {
	ex := &extract{path: "/tmp/x.csv", rows: []int64{7, 8}}
	res := &checker.Result{
		Findings: []checker.Finding{{Subject: "line 3", Pos: position.Pos{File: "/tmp/x.csv", Line: 3},
			Figures: []checker.FigureUse{{Pos: position.Pos{File: "/tmp/x.csv", Line: 3, Col: 12}}}}},
		Problems: position.Errors{position.Errorf(position.Pos{File: "/tmp/x.csv", Line: 2, Col: 5}, "bad")},
		Inputs:   []string{"/tmp/x.csv"},
	}
	ex.place(res, Source{Name: "stats.t", Header: 1})
	f := res.Findings[0]
	want := position.Pos{File: "stats.t", Line: 9}
	if f.Subject != "line 9" || f.Pos != want || f.Figures[0].Pos != want {
		t.Errorf("finding %q at %v, figure at %v; want line 9 at %v", f.Subject, f.Pos, f.Figures[0].Pos, want)
	}
	if p := res.Problems[0].Pos; p != (position.Pos{File: "stats.t", Line: 8}) {
		t.Errorf("problem at %v", p)
	}
	if res.Inputs[0] != "stats.t" {
		t.Errorf("inputs %v", res.Inputs)
	}
}

// A measure is read from a column of text or numbers, as PostgreSQL,
// DuckDB and Trino name their types, and from no other.
func TestNumberOrText(t *testing.T) {
	for _, typ := range []string{"TEXT", "VARCHAR", "VARCHAR(10)", "CHAR", "CHARACTER VARYING", "BPCHAR", "NAME", "STRING",
		"NUMERIC", "DECIMAL", "DECIMAL(10,1)", "INT2", "INT4", "INT8", "INTEGER", "SMALLINT", "BIGINT", "HUGEINT", "TINYINT",
		"UINTEGER", "USMALLINT", "UBIGINT", "UTINYINT", "UHUGEINT", "FLOAT4", "FLOAT8", "FLOAT", "REAL", "DOUBLE", "DOUBLE PRECISION"} {
		if !numberOrText(typ) {
			t.Errorf("%s refused", typ)
		}
	}
	for _, typ := range []string{"", "BOOL", "BOOLEAN", "INTERVAL", "INTERVAL DAY TO SECOND", "DATE", "TIMESTAMP", "TIMESTAMPTZ",
		"VARBINARY", "BYTEA", "BLOB", "JSON", "JSONB", "UUID", "ARRAY", "MAP", "ROW", "INET"} {
		if numberOrText(typ) {
			t.Errorf("%s taken for numbers or text", typ)
		}
	}
}
