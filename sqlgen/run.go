package sqlgen

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/rules"
)

// RuleResult is how a rule's evaluations ended on the engine.
type RuleResult struct {
	Rule   *rules.Rule
	Counts checker.Counts
	Skips  []checker.Skip // most frequent first
	// Failing are the keys of the failing rows (Query.Keys), in the
	// order of the keys.
	Failing [][]string
	// Rests are, with a line column (Options.Line), by the line of a
	// failing row of a group or prev rule, the lines of the rows its
	// finding rests on besides: the failing group's parts, the previous
	// period's row.
	Rests map[string][]string
}

// Queryer runs a query: a *sql.DB, or one of its connections or
// transactions.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Outcome is what the engine answered to a query.
type Outcome struct {
	Rules []RuleResult // one per rule of the query, in its order
	// Unread are, by measure of the dataset, the texts of the cells that
	// neither the SQL nor the native engine reads as numbers: bad input.
	Unread map[int][]string
}

// Run runs q on db and reads its result: the outcome's rules.
func Run(ctx context.Context, db Queryer, q *Query) ([]RuleResult, error) {
	o, err := Execute(ctx, db, q)
	if err != nil {
		return nil, err
	}
	return o.Rules, nil
}

// Execute runs q on db and reads its result. A cell whose text the SQL
// does not read as a number but the native engine does is an error: the
// rule would be skipped on the engine where it is checked natively.
func Execute(ctx context.Context, db Queryer, q *Query) (*Outcome, error) {
	out := make([]RuleResult, len(q.Rules))
	skips := make([]map[string]int, len(q.Rules))
	for i, r := range q.Rules {
		out[i].Rule = r
		skips[i] = map[string]int{}
	}
	o := &Outcome{Rules: out, Unread: map[int][]string{}}
	if len(q.Rules) == 0 {
		return o, nil
	}
	for _, stmt := range q.SQL {
		if err := runStatement(ctx, db, q, stmt, o, skips); err != nil {
			return nil, err
		}
	}
	for i := range out {
		for reason, n := range skips[i] {
			out[i].Skips = append(out[i].Skips, checker.Skip{Reason: reason, Count: n})
		}
		sort.Slice(out[i].Skips, func(x, y int) bool {
			a, b := out[i].Skips[x], out[i].Skips[y]
			if a.Count != b.Count {
				return a.Count > b.Count
			}
			return a.Reason < b.Reason
		})
		sort.Slice(out[i].Failing, func(x, y int) bool { return less(out[i].Failing[x], out[i].Failing[y]) })
	}
	for _, texts := range o.Unread {
		sort.Strings(texts)
	}
	return o, nil
}

// runStatement runs one statement of q and adds its result to out.
func runStatement(ctx context.Context, db Queryer, q *Query, stmt string, o *Outcome, skips []map[string]int) error {
	out := o.Rules
	rows, err := db.QueryContext(ctx, stmt)
	if err != nil {
		return fmt.Errorf("the query failed: %w", err)
	}
	defer rows.Close()
	keys := make([]sql.NullString, len(q.Keys))
	dest := []any{new(int64), new(sql.NullString), new(sql.NullInt64)}
	for i := range keys {
		dest = append(dest, &keys[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("reading the engine's result: %w", err)
		}
		rule, verdict, n := int(*dest[0].(*int64)), dest[1].(*sql.NullString).String, dest[2].(*sql.NullInt64)
		if rule < 0 {
			m := -rule - 1
			if m >= len(q.Dataset.Measures) {
				return fmt.Errorf("the engine's result names measure %d of %d", m, len(q.Dataset.Measures))
			}
			if err := unread(q, m, verdict, n.Int64); err != nil {
				return err
			}
			if !slices.Contains(o.Unread[m], verdict) { // one text may come back from several statements
				o.Unread[m] = append(o.Unread[m], verdict)
			}
			continue
		}
		if rule >= len(out) {
			return fmt.Errorf("the engine's result names rule %d of %d", rule, len(out))
		}
		if !n.Valid {
			key := make([]string, len(keys))
			for i, k := range keys {
				key[i] = k.String
			}
			out[rule].Failing = append(out[rule].Failing, key)
			continue
		}
		switch {
		case verdict == "B":
			if out[rule].Rests == nil {
				out[rule].Rests = map[string][]string{}
			}
			line := strconv.FormatInt(n.Int64, 10)
			out[rule].Rests[line] = append(out[rule].Rests[line], keys[0].String)
		case verdict == "P":
			out[rule].Counts[checker.Pass] += int(n.Int64)
		case verdict == "R":
			out[rule].Counts[checker.PassWithinRounding] += int(n.Int64)
		case verdict == "F":
			out[rule].Counts[checker.Fail] += int(n.Int64)
		case strings.HasPrefix(verdict, "S"):
			out[rule].Counts[checker.Skipped] += int(n.Int64)
			skips[rule][verdict[1:]] += int(n.Int64)
		default:
			return fmt.Errorf("the engine's result has verdict %q", verdict)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading the engine's result: %w", err)
	}
	return nil
}

func less(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// unread checks n cells of measure i whose text the SQL did not read:
// they must be what the native engine cannot read either.
func unread(q *Query, i int, text string, n int64) error {
	m := q.Dataset.Measures[i]
	if _, _, err := q.Dataset.Codes.ParseNum(text, m.Precision); err == nil {
		return fmt.Errorf("column %s: %d cells such as %q are numbers figcheck reads but its SQL does not; the SQL reads %s", m.HeaderText(), n, text, Supported)
	}
	return nil
}
