package engines

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/figcheck/figcheck/rules"
)

// traits are what a check must know of an engine beyond its dialect's SQL:
// how its rows are numbered and read. The zero value is PostgreSQL's and
// DuckDB's.
type traits struct {
	// sorted: the engine reads a table's rows in no order that stays the
	// same from one query to the next, so they are numbered in the order of
	// the dataset's columns as figcheck reads them (as text, dimensions
	// then measures, as the rule file declares them), and Source.RowNumber
	// is not used. Rows alike in all those columns are alike to figcheck,
	// so which of them takes which number changes no finding.
	sorted bool
	// inline: the engine has no temporary views, so the numbered rows are
	// a common table expression put first in every query, under the name
	// the view would have.
	inline bool
	// noTempTables: the engine has no temporary tables, so the numbers of
	// the rows to fetch are listed in the fetch's statement.
	noTempTables bool
	// lowerNames: the engine finds a column whatever the case of its name,
	// so names are looked up in lower case.
	lowerNames bool
	// floats are the column types whose text loses how a figure was
	// written, floatText how the engine writes them.
	floats    []string
	floatText string
}

// engineTraits are the traits of the engines that are not the zero value.
var engineTraits = map[string]traits{
	// Trino reads a table split by split, in any order; it has neither
	// temporary views nor temporary tables; it folds names to lower case.
	"trino": {sorted: true, inline: true, noTempTables: true, lowerNames: true,
		floats: []string{"DOUBLE", "REAL"}, floatText: "with an exponent, whatever its size (1.5E0)"},
	// Spark reads a table in partitions, in any order; it has temporary
	// views but not tables; it resolves names without case (by default);
	// it writes a double or float as Java does.
	"spark": {sorted: true, noTempTables: true, lowerNames: true,
		floats: []string{"DOUBLE", "FLOAT"}, floatText: "as Java writes it (50.0 for 50, 1.0E7 for 10000000)"},
}

// name is a column's name as the engine's columns are looked up.
func (t traits) name(s string) string {
	if t.lowerNames {
		return strings.ToLower(s)
	}
	return s
}

// floatColumns refuses the dataset's measures whose column (of types, by
// name) is of a type in floats: the engine's text of it loses how its
// figures were written, which the SQL reads their precision from.
func (t traits) floatColumns(engine string, ds *rules.Dataset, types map[string]string) error {
	var bad []string
	for _, m := range ds.Measures {
		if typ := types[t.name(m.HeaderText())]; slices.Contains(t.floats, typ) {
			bad = append(bad, fmt.Sprintf("column %s is of type %s", m.HeaderText(), strings.ToLower(typ)))
		}
	}
	if len(bad) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %s writes such a column as text %s, which loses how its figures were written: "+
		"check a view that casts it to decimal(p,s), with the figures' decimal places, or to text", strings.Join(bad, "; "), engine, t.floatText)
}

// number runs the source's setup, then numbers the rows of the source
// under the name view, as a temporary view or, for an engine without them,
// in every query.
func (c *Check) number(ctx context.Context) error {
	for _, stmt := range c.src.Setup {
		if _, err := c.conn.ExecContext(ctx, stmt); err != nil {
			return inputErrorf("%s: %s: %v", c.engine, stmt, err)
		}
	}
	rowNumber := c.src.RowNumber
	if c.traits.sorted {
		var order []string
		for _, cols := range [][]rules.Column{c.ds.Dimensions, c.ds.Measures} {
			for _, col := range cols {
				order = append(order, c.text[col.HeaderText()])
			}
		}
		rowNumber = "row_number() OVER (ORDER BY " + strings.Join(order, ", ") + ")"
	}
	rows := fmt.Sprintf("SELECT %s AS %s, * FROM %s", rowNumber, rowCol, c.src.From)
	if c.traits.inline {
		c.conn.with = view + " AS (" + rows + ")"
	} else if _, err := c.conn.ExecContext(ctx, "CREATE TEMPORARY VIEW "+view+" AS "+rows); err != nil {
		return inputErrorf("%s: cannot read the rows: %v", c.src.Name, err)
	}
	return nil
}

// rowsConn is a check's connection, whose queries read the numbered rows
// under the name view: a temporary view, or the common table expression
// with, put first in each query.
type rowsConn struct {
	*sql.Conn
	with string
}

// QueryContext runs a query that may read view.
func (c *rowsConn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return c.Conn.QueryContext(ctx, c.withRows(query), args...)
}

// withRows is query with the numbered rows' common table expression, if
// any, first among its own.
func (c *rowsConn) withRows(query string) string {
	switch {
	case c.with == "":
		return query
	case strings.HasPrefix(query, "WITH "):
		return "WITH " + c.with + ",\n" + strings.TrimPrefix(query, "WITH ")
	}
	return "WITH " + c.with + "\n" + query
}
