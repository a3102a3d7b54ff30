// Package standin holds what a server holding one table answers to the
// statements figcheck sends it, for the stand-ins of servers that cannot
// run where the tests do (trinotest for Trino, sparktest for Spark
// Connect): each speaks its server's protocol and answers from here. It
// runs no SQL: what a statement would return is the test's to say.
package standin

import (
	"errors"
	"strconv"
	"strings"
)

// Result is what a statement returns: columns, each a name and a type as
// Trino writes it (varchar, varchar(10), integer, bigint, double,
// decimal(10,1)), which a stand-in writes as its server would, and rows of
// values (strings, numbers, nil for NULL; a decimal's value as its text).
type Result struct {
	Columns [][2]string
	Rows    [][]any
}

// Table answers as a server holding one table answers figcheck's check of
// it: one to a ping (SELECT 1), the table's columns to a query of none of
// its rows, the verdicts to the rules' statements, the rows fetched to the
// query of rows by number, and no rows to a statement that returns none.
type Table struct {
	Columns  [][2]string // name and Trino type; none: there is no such table
	Verdicts [][]any     // rule, verdict, n, then the keys
	Fetched  [][]any     // the row's number, then the dataset's columns as text
	// Gone, when not empty, fails the rules' statements with this
	// message, as a server that went away would.
	Gone string
}

// Answer is the table's answer to a statement.
func (t *Table) Answer(q string) (Result, error) {
	text := func(prefix string, n int) [][2]string {
		var cols [][2]string
		for i := range n {
			cols = append(cols, [2]string{prefix + strconv.Itoa(i), "varchar"})
		}
		return cols
	}
	switch {
	case q == "SELECT 1": // a driver's ping
		return Result{Columns: [][2]string{{"1", "integer"}}, Rows: [][]any{{1}}}, nil
	case strings.HasSuffix(q, " LIMIT 0"):
		if t.Columns == nil {
			return Result{}, errors.New("line 1:15: Table does not exist")
		}
		return Result{Columns: t.Columns, Rows: [][]any{}}, nil
	case strings.Contains(q, " AS rule,"):
		if t.Gone != "" {
			return Result{}, errors.New(t.Gone)
		}
		keys := 0
		if len(t.Verdicts) > 0 {
			keys = len(t.Verdicts[0]) - 3
		}
		return Result{Columns: append([][2]string{{"rule", "integer"}, {"verdict", "varchar"}, {"n", "bigint"}}, text("k", keys)...), Rows: t.Verdicts}, nil
	case strings.Contains(q, "SELECT figcheck_row, "):
		cells := 0
		if len(t.Fetched) > 0 {
			cells = len(t.Fetched[0]) - 1
		}
		return Result{Columns: append([][2]string{{"figcheck_row", "bigint"}}, text("c", cells)...), Rows: t.Fetched}, nil
	case strings.HasPrefix(q, "SELECT ") || strings.HasPrefix(q, "WITH "):
		return Result{}, errors.New("the stand-in has no answer to this query")
	}
	return Result{}, nil
}
