package sqlgen

import (
	"fmt"
	"sort"
	"strings"
)

// Dialect is what differs between SQL engines, as data: the generator
// writes standard SQL and takes from here every name and form that is the
// engine's own.
type Dialect struct {
	Name  string
	Float string // the type of IEEE doubles
	Text  string // the type of text
	// Quote opens and closes a quoted identifier.
	QuoteOpen, QuoteClose string
	// Inf is positive infinity as a double.
	Inf string
	// NaNToNull is an expression (%[1]s the operand) that makes NaN
	// NULL, since the engines order NaN above every number where Go's
	// comparisons of NaN are false.
	NaNToNull string
	// Matches is a regular expression test: %[1]s the text, %[2]s the
	// pattern.
	Matches string
	// StrPos is the 1-based position of %[2]s in %[1]s, 0 when absent.
	StrPos string
	// Plain is whether the text %[1]s is plain digits, the common cell:
	// digits with an optional leading - and at most one point.
	Plain string
	// Fence ends a derived table that the planner must not merge into the
	// query above, so that a value computed once is not computed again
	// wherever it is used. DuckDB needs none: it computes a derived
	// table's columns once, however often the query above uses them.
	Fence string
	// Repeat, after FROM and a table, repeats each of its rows %[1]s
	// times.
	Repeat string
	// ByteOrder, after a text, orders it byte by byte, as Go sorts
	// strings.
	ByteOrder string
}

// The dialects figcheck writes.
var (
	Postgres = &Dialect{Name: "postgres", Float: "double precision", Text: "text", QuoteOpen: `"`, QuoteClose: `"`,
		Inf: "CAST('Infinity' AS double precision)", NaNToNull: "NULLIF(%[1]s, CAST('NaN' AS double precision))",
		Matches: "(%[1]s ~ %[2]s)", StrPos: "strpos(%[1]s, %[2]s)", Plain: translatePlain, Fence: " OFFSET 0",
		Repeat: " CROSS JOIN generate_series(1, %[1]s)", ByteOrder: ` COLLATE "C"`}
	DuckDB = &Dialect{Name: "duckdb", Float: "DOUBLE", Text: "VARCHAR", QuoteOpen: `"`, QuoteClose: `"`,
		Inf: "CAST('inf' AS DOUBLE)", NaNToNull: "CASE WHEN isnan(%[1]s) THEN NULL ELSE %[1]s END",
		Matches: "regexp_matches(%[1]s, %[2]s)", StrPos: "strpos(%[1]s, %[2]s)",
		// DuckDB's translate is slow, where its regular expressions are not.
		Plain: `regexp_full_match(%[1]s, '-?([0-9]+\.?[0-9]*|\.[0-9]+)')`, Repeat: " CROSS JOIN generate_series(1, %[1]s)"}
	Trino = &Dialect{Name: "trino", Float: "DOUBLE", Text: "VARCHAR", QuoteOpen: `"`, QuoteClose: `"`,
		Inf: "infinity()", NaNToNull: "IF(is_nan(%[1]s), NULL, %[1]s)",
		Matches: "regexp_like(%[1]s, %[2]s)", StrPos: "strpos(%[1]s, %[2]s)", Plain: translatePlain,
		Repeat: " CROSS JOIN UNNEST(sequence(1, %[1]s))"}
	Spark = &Dialect{Name: "spark", Float: "DOUBLE", Text: "STRING", QuoteOpen: "`", QuoteClose: "`",
		Inf: "CAST('Infinity' AS DOUBLE)", NaNToNull: "IF(isnan(%[1]s), NULL, %[1]s)",
		Matches: "(%[1]s RLIKE %[2]s)", StrPos: "instr(%[1]s, %[2]s)", Plain: translatePlain,
		Repeat: " LATERAL VIEW explode(sequence(1, %[1]s)) rep AS i"}
)

// translatePlain is Dialect.Plain by translate, which leaves the
// characters that are not digits, in order.
const translatePlain = "(length(translate(%[1]s, '0123456789', '')) < length(%[1]s) AND translate(%[1]s, '0123456789', '') IN ('', '-', '.', '-.') AND %[2]s <= 1)"

var dialects = map[string]*Dialect{"postgres": Postgres, "duckdb": DuckDB, "trino": Trino, "spark": Spark}

// DialectNamed returns the dialect of an engine: postgres, duckdb, trino
// or spark.
func DialectNamed(name string) (*Dialect, error) {
	if d, ok := dialects[name]; ok {
		return d, nil
	}
	var names []string
	for n := range dialects {
		names = append(names, n)
	}
	sort.Strings(names)
	return nil, fmt.Errorf("engine %q is not one of %s", name, strings.Join(names, ", "))
}

// Ident quotes an identifier; a dotted name (schema.table) is quoted part
// by part.
func (d *Dialect) Ident(name string) string {
	parts := strings.Split(name, ".")
	for i, p := range parts {
		parts[i] = d.QuoteOpen + strings.ReplaceAll(p, d.QuoteClose, d.QuoteClose+d.QuoteClose) + d.QuoteClose
	}
	return strings.Join(parts, ".")
}

// String quotes a string literal.
func (d *Dialect) String(s string) string {
	if d == Spark { // Spark reads backslashes in literals as escapes, and 'a''b' as 'ab'
		return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
