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
	// TextOf is the text of column %[1]s, as figcheck reads its value
	// natively: a double written as Go writes it (-286, not -286.0).
	TextOf string
	// Plain is whether the text %[1]s is plain digits, the common cell:
	// digits with an optional leading - and at most one point.
	Plain string
	// Fence ends a derived table that the planner must not merge into the
	// query above, so that a value computed once is not computed again
	// wherever it is used. DuckDB needs none: it computes a derived
	// table's columns once, however often the query above uses them.
	Fence string
	// GroupRows is whether a statement's verdicts are counted from the
	// rows grouped by all their verdicts, rather than by a grouping set
	// for each rule over the rows themselves: PostgreSQL, unable to tell
	// how few groups the sets of failing keys have, would sort the rows
	// once for each set.
	GroupRows bool
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
		Matches: "(%[1]s ~ %[2]s)", StrPos: "strpos(%[1]s, %[2]s)", TextOf: "CAST(%[1]s AS text)", Plain: translatePlain, Fence: " OFFSET 0",
		GroupRows: true, Repeat: " CROSS JOIN generate_series(1, %[1]s)", ByteOrder: ` COLLATE "C"`}
	DuckDB = &Dialect{Name: "duckdb", Float: "DOUBLE", Text: "VARCHAR", QuoteOpen: `"`, QuoteClose: `"`,
		Inf: "CAST('inf' AS DOUBLE)", NaNToNull: "CASE WHEN isnan(%[1]s) THEN NULL ELSE %[1]s END",
		Matches: "regexp_matches(%[1]s, %[2]s)", StrPos: "strpos(%[1]s, %[2]s)", TextOf: duckdbText,
		// DuckDB's translate is slow, where its regular expressions are not.
		Plain: `regexp_full_match(%[1]s, '-?([0-9]+\.?[0-9]*|\.[0-9]+)')`, Repeat: " CROSS JOIN generate_series(1, %[1]s)"}
	Trino = &Dialect{Name: "trino", Float: "DOUBLE", Text: "VARCHAR", QuoteOpen: `"`, QuoteClose: `"`,
		Inf: "infinity()", NaNToNull: "IF(is_nan(%[1]s), NULL, %[1]s)",
		Matches: "regexp_like(%[1]s, %[2]s)", StrPos: "strpos(%[1]s, %[2]s)", TextOf: "CAST(%[1]s AS VARCHAR)", Plain: translatePlain,
		Repeat: " CROSS JOIN UNNEST(sequence(1, %[1]s))"}
	Spark = &Dialect{Name: "spark", Float: "DOUBLE", Text: "STRING", QuoteOpen: "`", QuoteClose: "`",
		Inf: "CAST('Infinity' AS DOUBLE)", NaNToNull: "IF(isnan(%[1]s), NULL, %[1]s)",
		Matches: "(%[1]s RLIKE %[2]s)", StrPos: "instr(%[1]s, %[2]s)", TextOf: "CAST(%[1]s AS STRING)", Plain: translatePlain,
		Repeat: " LATERAL VIEW explode(sequence(1, %[1]s)) rep AS i"}
)

// translatePlain is Dialect.Plain by translate, which leaves the
// characters that are not digits, in order.
const translatePlain = "(length(translate(%[1]s, '0123456789', '')) < length(%[1]s) AND translate(%[1]s, '0123456789', '') IN ('', '-', '.', '-.') AND %[2]s <= 1)"

// duckdbText is DuckDB's TextOf. DuckDB writes a double in its shortest
// form, as Go does, but as Python does: 12.0, 1e+16, 1e-05, inf, nan,
// where Go writes 12, 10000000000000000, 0.00001, +Inf, NaN. typeof is
// decided as the query is planned, and so is the CASE. (A float's text,
// which is not always its shortest, is left as DuckDB writes it.)
var duckdbText = func() string {
	s := "CASE WHEN typeof(%[1]s) <> 'DOUBLE' THEN {r}" +
		" WHEN {r} IN ('nan', '-nan') THEN 'NaN' WHEN {r} = 'inf' THEN '+Inf' WHEN {r} = '-inf' THEN '-Inf'" +
		" WHEN strpos({r}, 'e') > 0 THEN CASE WHEN starts_with({r}, '-') THEN '-' ELSE '' END ||" +
		" CASE WHEN {p} >= length({d}) THEN {d} || repeat('0', {p} - length({d})) WHEN {p} <= 0 THEN '0.' || repeat('0', -{p}) || {d}" +
		" ELSE substr({d}, 1, {p}) || '.' || substr({d}, {p} + 1) END" +
		" WHEN {r} LIKE '%%.0' THEN substr({r}, 1, length({r}) - 2) ELSE {r} END"
	// {p} is where the point goes among the digits {d} of the mantissa {m}
	// of {r}, DuckDB's text.
	for _, r := range [][2]string{
		{"{p}", "(CASE WHEN strpos({m}, '.') > 0 THEN strpos({m}, '.') - 1 ELSE length({m}) END + CAST(split_part({r}, 'e', 2) AS INTEGER))"},
		{"{d}", "replace({m}, '.', '')"},
		{"{m}", "ltrim(split_part({r}, 'e', 1), '-')"},
		{"{r}", "CAST(%[1]s AS VARCHAR)"},
	} {
		s = strings.ReplaceAll(s, r[0], r[1])
	}
	return s
}()

// ColumnText is the text of column col (an identifier, quoted), empty
// where it is NULL.
func (d *Dialect) ColumnText(col string) string {
	return "COALESCE(" + fmt.Sprintf(d.TextOf, col) + ", '')"
}

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
