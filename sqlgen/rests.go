package sqlgen

import (
	"fmt"
	"strings"
)

// With a line column, a statement gives besides each failing row of a
// group or prev rule the rows its finding rests on (verdict B), and with
// Options.MaxFailing only the first failing rows of each rule.

// prevRests are, with a line column, the column carried to the verdicts
// and the parts of the union that give the line of each failing row's
// previous period's row (verdict B), which its finding rests on.
func (c *compiler) prevRests(vs []verdict) (carry, extra []string) {
	if c.o.Line == "" {
		return nil, nil
	}
	nulls := strings.Repeat(", NULL", len(c.keyColumns())-1)
	for i, v := range vs {
		extra = append(extra, c.first(fmt.Sprintf("SELECT %d, 'B', CAST(ord AS BIGINT), CAST(%s AS %s)%s FROM v WHERE v%d = 'F' AND %s IS NOT NULL",
			v.rule, prevLine, c.d.Text, nulls, i, prevLine)))
	}
	return []string{prevLine}, extra
}

// first is select, a part of a statement's union that reads the verdicts
// v, limited to its first Options.MaxFailing rows by line.
func (c *compiler) first(sel string) string {
	if c.o.Line == "" || c.o.MaxFailing <= 0 {
		return sel
	}
	return fmt.Sprintf("(%s ORDER BY ord LIMIT %d)", sel, c.o.MaxFailing)
}
