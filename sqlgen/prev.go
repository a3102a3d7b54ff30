package sqlgen

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// periodOrdinal and hasPrev are the source columns of rules with prev: the
// place of the row's period in time (1 for the first) and whether a row of
// the period before it has the row's other dimensions (1) or not (0).
const (
	periodOrdinal = "po0"
	hasPrev       = "hp0"
)

// prevLine is the source column of rules with prev that holds the line of
// the previous period's row (with Options.Line).
const prevLine = "pl0"

// prevSource returns the common table expressions that give each row the
// texts of its previous period's row, ending with src: the row's line,
// dimensions and texts, the texts p0, p1, … of the measures g reads from
// the previous period's row, hp0 and po0.
//
// Periods are ordered as the native engine orders them: in time when every
// one reads as a time (see periodKey), periods at the same time in the
// order they first appear (by the line column; without one, as text), and
// otherwise as text, byte by byte. A row's previous period's row is the
// first (by line) with the same other dimensions in the period before its
// own.
func (c *compiler) prevSource(g *gen) []string {
	d, ds, o := c.d, c.q.Dataset, c.o
	g.inputs[periodOrdinal], g.inputs[hasPrev] = true, true
	// Every measure read through prev is read on the row too.
	read := g.measureIndexes()
	var cols, cur []string
	if o.Line != "" {
		cols = append(cols, d.Ident(o.Line))
		cur = append(cur, "pr3."+d.Ident(o.Line))
	}
	var partition, same []string
	for i := range ds.Dimensions {
		cols = append(cols, fmt.Sprintf("COALESCE(CAST(%s AS %s), '') AS d%d", d.Ident(ds.Dimensions[i].HeaderText()), d.Text, i))
		cur = append(cur, "pr3.d"+strconv.Itoa(i))
		if ds.Dimensions[i].Name != ds.Period {
			partition = append(partition, "d"+strconv.Itoa(i))
			same = append(same, fmt.Sprintf("pr4.d%d = pr3.d%d", i, i))
		}
	}
	for _, i := range read {
		cols = append(cols, fmt.Sprintf("COALESCE(CAST(%s AS %s), '') AS t%d", d.Ident(ds.Measures[i].HeaderText()), d.Text, i))
		cur = append(cur, "pr3.t"+strconv.Itoa(i))
	}
	for _, i := range sortedKeys(g.prev) {
		cur = append(cur, fmt.Sprintf("pr4.t%d AS p%d", i, i))
	}
	if o.Line != "" {
		g.inputs[prevLine] = true
		cur = append(cur, "pr4."+d.Ident(o.Line)+" AS "+prevLine)
	}
	order, _ := c.order()
	cols = append(cols, order+" AS sq0")
	period := "d" + strconv.Itoa(ds.DimensionIndex(ds.Period))
	partition = append(partition, "po")
	same = append(same, "pr4.po = pr3.po - 1")
	return []string{
		"pr0 AS (SELECT " + strings.Join(cols, ", ") + "\nFROM " + d.Ident(o.Table) + ")",
		fmt.Sprintf("pr1 AS (SELECT %[1]s AS pp, min(sq0) AS pf, %[2]s AS pk\nFROM pr0 GROUP BY %[1]s)", period, periodKey(d, period)),
		"pr2 AS (SELECT pp, row_number() OVER (ORDER BY CASE WHEN pt = 1 THEN pk END, CASE WHEN pt = 1 THEN pf END, pp" + d.ByteOrder + ") AS po\n" +
			"FROM (SELECT pr1.*, min(CASE WHEN pk IS NULL THEN 0 ELSE 1 END) OVER () AS pt FROM pr1) AS x)",
		"pr3 AS (SELECT pr0.*, pr2.po FROM pr0 JOIN pr2 ON pr0." + period + " = pr2.pp)",
		"pr4 AS (SELECT * FROM (SELECT pr3.*, row_number() OVER (PARTITION BY " + strings.Join(partition, ", ") + " ORDER BY sq0) AS pn FROM pr3) AS x WHERE pn = 1)",
		"src AS (SELECT " + strings.Join(cur, ", ") + ", CASE WHEN pr4.po IS NULL THEN 0 ELSE 1 END AS " + hasPrev + ", pr3.po AS " + periodOrdinal +
			"\nFROM pr3 LEFT JOIN pr4 ON " + strings.Join(same, " AND ") + ")",
	}
}

// sortedKeys are the keys of m in order.
func sortedKeys[V any](m map[int]V) []int {
	var out []int
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

// order is the text that orders rows as they were read, and its length:
// the line column, zero-padded to 20 digits; without one, the rows have no
// order, and the first of them is the one with the least text.
func (c *compiler) order() (string, int) {
	if c.o.Line == "" {
		return "''", 0
	}
	return "lpad(CAST(" + c.d.Ident(c.o.Line) + " AS " + c.d.Text + "), 20, '0')", 20
}

// periodKey is the SQL of the native engine's place of a period on a time
// line, in years, or NULL where it does not read as a time: 2023, 2023-Q4
// and Q1 2024, 2024-03, 2023/24 and 2023-24, September 2023 and 31 March
// 2024, or a number.
func periodKey(d *Dialect, col string) string {
	p := "upper(TRIM(" + col + "))"
	is := func(pattern string) string { return fmt.Sprintf(d.Matches, p, d.String(pattern)) }
	num := func(e string) string { return "CAST(" + e + " AS " + d.Float + ")" }
	year, last4 := num("substr("+p+", 1, 4)"), num("substr("+p+", length("+p+") - 3, 4)")
	rest := "regexp_replace(" + p + ", '^[0-9]{1,2} ', '')"
	month := fmt.Sprintf(d.StrPos, "'JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC'", "substr("+rest+", 1, 3)")
	day := "CASE WHEN " + is("^[0-9]{1,2} ") + " THEN " + num("substr("+p+", 1, "+fmt.Sprintf(d.StrPos, p, "' '")+" - 1)") + " ELSE " + num("0") + " END"
	return "CASE WHEN " + is("^[0-9]{4}$") + " THEN " + num(p) +
		" WHEN " + is("^[0-9]{4}[- ]?Q[1-4]$") + " THEN " + year + " + (" + num("substr("+p+", length("+p+"), 1)") + " - 1) / 4" +
		" WHEN " + is("^Q[1-4][- ]?[0-9]{4}$") + " THEN " + last4 + " + (" + num("substr("+p+", 2, 1)") + " - 1) / 4" +
		" WHEN " + is("^[0-9]{4}-(0[1-9]|1[0-2])$") + " THEN " + year + " + (" + num("substr("+p+", 6, 2)") + " - 1) / 12" +
		" WHEN " + is("^[0-9]{4}[/-]([0-9]{2}|[0-9]{4})$") + " THEN " + year +
		" WHEN " + is("^([0-9]{1,2} )?[A-Z]{3}[A-Z]* [0-9]{4}$") + " AND " + month + " > 0 AND (" + month + " - 1) % 3 = 0" +
		" THEN " + last4 + " + ((" + num(month) + " - 1) / 3 + " + day + " / 32) / 12" +
		" WHEN " + is("^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$") + " THEN " + num(p) + " END"
}
