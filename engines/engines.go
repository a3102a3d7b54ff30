// Package engines checks a dataset where its rows are, in an SQL engine
// (PostgreSQL, DuckDB, Trino, Spark): the rules package sqlgen compiles
// (row, unique, group and prev rules) run there and give the verdict
// counts; figcheck fetches the rows they fail on and those their findings
// rest on (by their row numbers) and explains them with the native engine,
// so that findings read as they do natively; the rules sqlgen does not
// compile (same-figure rules) run natively, on an extract of the rows or on
// the files themselves.
//
// Positions name the table and the row: rows are numbered from 1 in the
// order the engine reads them (for a PostgreSQL table, its physical order
// in one snapshot; for a file, its order in the file), or, in Trino and
// Spark, which read them in no fixed order, in the order of the dataset's
// columns.
package engines

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/sqlgen"
	"github.com/figcheck/figcheck/tables"
)

// InputError is a problem with what the user named: a connection string,
// a table, a column. figcheck exits with 2 for it, and with 3 for other
// errors of an engine.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func inputErrorf(format string, args ...any) error {
	return &InputError{fmt.Errorf(format, args...)}
}

// Source is where a dataset's rows are in an engine.
type Source struct {
	// From is the SQL of the rows: a quoted table name, or a table
	// function such as read_csv(…).
	From string
	// Name is what positions call the rows: the table's name, or the file.
	Name string
	// RowNumber is the SQL of a row's number, from 1, in the order the
	// engine reads the rows; where that order is not fixed (Trino), the
	// engine's traits sort the rows instead.
	RowNumber string
	// Header is the number of lines before the first row, added to a row's
	// number in positions: 1 for a CSV file, whose rows' lines it gives
	// where no quoted cell spans lines; 0 for a table or Parquet.
	Header int
	// Setup are statements run on the connection once its columns are
	// known, before the rows are numbered and read.
	Setup []string
	// Files, when not nil, are the rows as tables figcheck reads natively,
	// for the rules the SQL does not cover; without them, those rules are
	// checked on an extract of the rows.
	Files []*tables.Table
}

// Check is a check of one dataset's rules in an engine, on one connection,
// ready to run.
type Check struct {
	engine  string
	dialect *sqlgen.Dialect
	traits  traits
	conn    *rowsConn // its queries read the numbered rows as view (see rows.go)
	src     Source
	ds      *rules.Dataset
	rs      *rules.Set
	sets    []*figures.Set
	plans   []checker.RulePlan
	query   *sqlgen.Query
	sqlRule map[*rules.Rule]bool // the rules the SQL covers
	prev    map[*rules.Rule]bool // the rules with prev
	native  []sqlgen.Refusal     // the rules of the dataset it does not
	// text is the SQL of each column of the dataset as text, by header.
	text map[string]string
}

// view is the name of the temporary view that numbers the rows.
const (
	view   = "figcheck_rows"
	rowCol = "figcheck_row"
)

// Prepare readies a check of rs (and the figure sets its rules read) on db
// in engine (postgres, duckdb, trino, spark): it opens a connection,
// numbers the rows of src under the name of a view (see rows.go) and
// checks that its columns are the dataset's. Its errors are InputErrors when what was
// named is wrong.
func Prepare(ctx context.Context, engine string, db *sql.DB, rs *rules.Set, sets []*figures.Set, src Source) (*Check, error) {
	d, err := sqlgen.DialectNamed(engine)
	if err != nil {
		return nil, &InputError{err}
	}
	if len(rs.Datasets) != 1 {
		return nil, inputErrorf("--engine %s checks one dataset, and the rules declare %d", engine, len(rs.Datasets))
	}
	// A driver may open connections without a word to the server (Trino's
	// speaks HTTP): the ping says at once that the server cannot be reached.
	if err := db.PingContext(ctx); err != nil {
		return nil, inputErrorf("cannot connect to %s: %v", engine, err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, inputErrorf("cannot connect to %s: %v", engine, err)
	}
	c := &Check{engine: engine, dialect: d, traits: engineTraits[engine], conn: &rowsConn{Conn: conn}, src: src, ds: rs.Datasets[0], rs: rs, sets: sets, sqlRule: map[*rules.Rule]bool{}, prev: map[*rules.Rule]bool{}}
	if err := c.prepare(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return c, nil
}

func (c *Check) prepare(ctx context.Context) error {
	c.text = map[string]string{}
	for _, cols := range [][]rules.Column{c.ds.Dimensions, c.ds.Measures} {
		for _, col := range cols {
			c.text[col.HeaderText()] = c.dialect.ColumnText(c.dialect.Ident(col.HeaderText()))
		}
	}
	// The columns are read from the rows as they are: numbering them may
	// sort by the columns (see rows.go), which must be found first.
	rows, err := c.conn.QueryContext(ctx, "SELECT * FROM "+c.src.From+" LIMIT 0")
	if err != nil {
		return inputErrorf("%s: cannot read the rows: %v", c.src.Name, err)
	}
	types, err := rows.ColumnTypes()
	rows.Close()
	if err != nil {
		return inputErrorf("%s: cannot read the columns: %v", c.src.Name, err)
	}
	have := map[string]string{}
	for _, t := range types {
		have[c.traits.name(t.Name())] = strings.ToUpper(t.DatabaseTypeName())
	}
	var missing []string
	var wrong []string
	for _, cols := range [][]rules.Column{c.ds.Dimensions, c.ds.Measures} {
		for _, col := range cols {
			typ, ok := have[c.traits.name(col.HeaderText())]
			if !ok {
				missing = append(missing, col.HeaderText())
			}
			if ok && c.ds.Measure(col.Name) != nil && !numberOrText(typ) {
				wrong = append(wrong, fmt.Sprintf("column %s is of type %s", col.HeaderText(), strings.ToLower(typ)))
			}
		}
	}
	if len(missing) > 0 {
		return inputErrorf("%s: the rules of %s need columns the rows do not have: %s", c.src.Name, c.ds.Pos, strings.Join(missing, ", "))
	}
	if len(wrong) > 0 {
		return inputErrorf("%s: %s: a measure is read from numbers or text", c.src.Name, strings.Join(wrong, "; "))
	}
	if err := c.traits.floatColumns(c.engine, c.ds, have); err != nil {
		return inputErrorf("%s: %v", c.src.Name, err)
	}
	if err := c.number(ctx); err != nil {
		return err
	}
	chk, err := checker.New(c.rs, c.sets)
	if err != nil {
		return &InputError{err}
	}
	c.plans = chk.Plans()
	if c.query, err = sqlgen.Generate(c.plans, c.ds, c.dialect, sqlgen.Options{Table: view, Line: rowCol}); err != nil {
		return &InputError{fmt.Errorf("%s: %v", c.ds.Pos, err)}
	}
	for _, p := range c.plans {
		if p.UsesPrev {
			c.prev[p.Rule] = true
		}
	}
	c.native = c.query.Native
	for _, r := range c.query.Rules {
		c.sqlRule[r] = true
	}
	return nil
}

// numberOrText reports whether a column of an engine's type holds what a
// measure is read from. The type is named as the drivers name it, in upper
// case: INT4, FLOAT8, DECIMAL(10,1), DOUBLE PRECISION, VARCHAR.
func numberOrText(typ string) bool {
	name, _, _ := strings.Cut(typ, " ")
	name, _, _ = strings.Cut(name, "(")
	return numberOrTextTypes[strings.TrimRight(name, "0123456789")]
}

// numberOrTextTypes are the names of PostgreSQL's, DuckDB's, Trino's and
// Spark's types of text and numbers, less any size in digits (INT4, FLOAT8).
var numberOrTextTypes = map[string]bool{
	"TEXT": true, "VARCHAR": true, "CHAR": true, "CHARACTER": true, "BPCHAR": true, "NAME": true, "STRING": true,
	"NUMERIC": true, "DECIMAL": true, "INT": true, "INTEGER": true, "SMALLINT": true, "BIGINT": true, "HUGEINT": true, "TINYINT": true,
	"UINTEGER": true, "USMALLINT": true, "UBIGINT": true, "UTINYINT": true, "UHUGEINT": true,
	"FLOAT": true, "REAL": true, "DOUBLE": true,
}

// Native are the rules left to the native engine, each with the reason.
func (c *Check) Native() []sqlgen.Refusal { return c.native }

// Close ends the check's connection.
func (c *Check) Close() error { return c.conn.Close() }

// Check runs the check: the rules the SQL covers in the engine, with their
// failing rows fetched and explained natively, and the others natively.
// Its errors are the engine's failures.
func (c *Check) Check(ctx context.Context, opts checker.Options) (*checker.Result, error) {
	q := c.query
	if opts.MaxFindings > 0 { // the engine gives only the failing rows shown
		var err error
		if q, err = sqlgen.Generate(c.plans, c.ds, c.dialect, sqlgen.Options{Table: view, Line: rowCol, MaxFailing: opts.MaxFindings}); err != nil {
			return nil, err
		}
	}
	out, err := sqlgen.Execute(ctx, c.conn, q)
	if err != nil {
		return nil, c.failed(err)
	}
	res, err := c.explain(ctx, out, opts)
	if err != nil {
		return nil, err
	}
	native, err := c.checkNatively(ctx, opts)
	if err != nil {
		return nil, err
	}
	return c.merge(res, native), nil
}

// failed says that the engine failed, as an error that is not the user's.
func (c *Check) failed(err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	return fmt.Errorf("%s failed while checking %s: %w", c.engine, c.src.Name, err)
}

// explain fetches the rows the SQL's rules fail on (with opts.MaxFindings,
// the first so many of each rule), with the rows their findings rest on
// (those sharing a unique rule's failing key, a failing group's parts, the
// previous period's row and the first row of each period, which place the
// periods as the whole table does) and those with cells that are not
// numbers, and checks them natively with those rules. The result's
// findings are those on the failing rows, which must be as many as the
// engine listed; its rules give how many failures are beyond the cap.
func (c *Check) explain(ctx context.Context, out *sqlgen.Outcome, opts checker.Options) (*checker.Result, error) {
	var where []string
	rowNums := map[int64]bool{}
	shown := map[*rules.Rule]map[int64]bool{}
	periods := false
	for _, rr := range out.Rules {
		failing := slices.Clone(rr.Failing)
		slices.SortFunc(failing, func(a, b []string) int { return cmp.Compare(rowNumber(a[0]), rowNumber(b[0])) })
		if n := opts.MaxFindings; n > 0 && len(failing) > n {
			failing = failing[:n] // in the order of their row numbers
		}
		shown[rr.Rule] = map[int64]bool{}
		var keys []string // a unique rule's failing keys, as keyText writes them
		for _, key := range failing {
			shown[rr.Rule][rowNumber(key[0])] = true
			periods = periods || c.prev[rr.Rule]
			if len(rr.Rule.Unique) > 0 {
				keys = append(keys, c.dialect.String(keyText(c.uniqueKey(rr.Rule, key[1:]))))
				continue
			}
			rowNums[rowNumber(key[0])] = true
			for _, n := range rr.Rests[key[0]] {
				rowNums[rowNumber(n)] = true
			}
		}
		if len(keys) > 0 {
			// The rows with a failing key: one text of the key looked up in
			// a subquery, which engines join. The key's columns compared
			// with each failing key, ORed, were tested key by key on every
			// row (in DuckDB, 91 s over 10^8 rows for 1,000 keys), and
			// their texts computed in each test (2 GiB more).
			var cols []string
			for _, name := range rr.Rule.Unique {
				cols = append(cols, c.text[c.ds.Dimension(name).HeaderText()])
			}
			where = append(where, keyExpr(c.dialect, cols)+" IN (SELECT k FROM (VALUES ("+strings.Join(keys, "), (")+")) AS u(k))")
		}
	}
	if periods {
		if err := c.periodStarts(ctx, rowNums); err != nil {
			return nil, err
		}
	}
	if len(rowNums) > 0 {
		var nums []string
		for n := range rowNums {
			nums = append(nums, strconv.FormatInt(n, 10))
		}
		sort.Strings(nums)
		in, err := c.rowsIn(ctx, nums)
		if err != nil {
			return nil, c.failed(err)
		}
		where = append(where, in)
	}
	for m, texts := range out.Unread {
		var lits []string
		for _, t := range texts {
			lits = append(lits, c.dialect.String(t))
		}
		where = append(where, c.text[c.ds.Measures[m].HeaderText()]+" IN ("+strings.Join(lits, ", ")+")")
	}
	var covered []*rules.Rule
	for _, r := range c.rs.Rules {
		if c.sqlRule[r] {
			covered = append(covered, r)
		}
	}
	res := &checker.Result{}
	if len(where) > 0 && len(covered) > 0 {
		ex, err := c.extract(ctx, strings.Join(where, " OR "))
		if err != nil {
			return nil, err
		}
		defer ex.close()
		if res, err = c.checkExtract(ctx, ex, covered, opts, shown); err != nil {
			return nil, err
		}
		res.Rules = nil // counted on the rows fetched: the engine's counts are the table's
	}
	if len(rowNums) > 0 {
		if err := c.dropRowsIn(ctx); err != nil {
			return nil, c.failed(err)
		}
	}
	found := map[*rules.Rule]int{}
	for _, f := range res.Findings {
		found[f.Rule]++
	}
	for _, rr := range out.Rules {
		n, listed := rr.Counts[checker.Fail], rr.Counts[checker.Fail] // a finding each
		switch {
		case len(rr.Rule.Unique) > 0: // a finding for each failing key, on its second row, all listed
			n, listed = len(rr.Failing), len(rr.Failing)
		case opts.MaxFindings > 0: // the first listed
			listed = min(n, opts.MaxFindings)
		}
		if len(rr.Failing) != listed || found[rr.Rule] != len(shown[rr.Rule]) {
			return nil, fmt.Errorf("rule %s fails %d times on %s, which lists %d failing rows, and %d times on the %d rows figcheck fetched from it: please report this, with the rules and the table",
				rr.Rule.ID, n, c.engine, len(rr.Failing), found[rr.Rule], len(shown[rr.Rule]))
		}
		res.Rules = append(res.Rules, checker.RuleResult{Rule: rr.Rule, Counts: rr.Counts, Skips: rr.Skips, Hidden: n - found[rr.Rule], Engine: c.engine})
	}
	return res, nil
}

// uniqueKey is the key of unique rule r in a row whose dimensions are
// dims.
func (c *Check) uniqueKey(r *rules.Rule, dims []string) []string {
	var vals []string
	for _, name := range r.Unique {
		vals = append(vals, dims[c.ds.DimensionIndex(name)])
	}
	return vals
}

// keyExpr is the SQL of the text keyText makes of the texts of cols.
func keyExpr(d *sqlgen.Dialect, cols []string) string {
	var parts []string
	for _, col := range cols {
		parts = append(parts, "CAST(length("+col+") AS "+d.Text+") || ':' || "+col)
	}
	return strings.Join(parts, " || ")
}

// keyText is one text of a key's values, each after its length in
// characters (code points, as SQL's length counts them) and a colon, so
// that no two keys share it.
func keyText(vals []string) string {
	var b strings.Builder
	for _, v := range vals {
		b.WriteString(strconv.Itoa(utf8.RuneCountInString(v)) + ":" + v)
	}
	return b.String()
}

// rowNumber is the row number the engine gave as text.
func rowNumber(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// periodStarts adds to rowNums the first row of each period.
func (c *Check) periodStarts(ctx context.Context, rowNums map[int64]bool) error {
	period := c.text[c.ds.Dimension(c.ds.Period).HeaderText()]
	rows, err := c.conn.QueryContext(ctx, "SELECT min("+rowCol+") FROM "+view+" GROUP BY "+period)
	if err != nil {
		return c.failed(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return c.failed(err)
		}
		rowNums[n] = true
	}
	if err := rows.Err(); err != nil {
		return c.failed(err)
	}
	return nil
}

// Extracts reports whether the check streams every row out of the engine
// into a temporary file: when a rule the SQL does not cover reads the
// dataset's rows, and they are not in files figcheck reads itself.
func (c *Check) Extracts() bool {
	if c.src.Files != nil {
		return false
	}
	for _, r := range c.rs.Rules {
		if !c.sqlRule[r] && r.Dataset != nil {
			return true
		}
	}
	return false
}

// checkNatively checks the rules the SQL does not cover: on the files, or
// on an extract of every row.
func (c *Check) checkNatively(ctx context.Context, opts checker.Options) (*checker.Result, error) {
	var left []*rules.Rule
	onRows := false
	for _, r := range c.rs.Rules {
		if !c.sqlRule[r] {
			left = append(left, r)
			onRows = onRows || r.Dataset != nil
		}
	}
	if len(left) == 0 {
		return &checker.Result{}, nil
	}
	if !c.Extracts() {
		chk, err := checker.New(c.subset(left), c.sets)
		if err != nil {
			return nil, err
		}
		var files []*tables.Table
		if onRows {
			files = c.src.Files
		}
		return chk.Check(ctx, files, opts)
	}
	ex, err := c.extract(ctx, "")
	if err != nil {
		return nil, err
	}
	defer ex.close()
	return c.checkExtract(ctx, ex, left, opts, nil)
}

// subset is the rule set with only the rules rs.
func (c *Check) subset(rs []*rules.Rule) *rules.Set {
	s := *c.rs
	s.Rules = rs
	return &s
}

// checkExtract checks the rows of an extract natively with the rules rs,
// and gives the findings and problems the table's positions. With only,
// a rule's findings are those on the rows only gives it, by row number.
func (c *Check) checkExtract(ctx context.Context, ex *extract, rs []*rules.Rule, opts checker.Options, only map[*rules.Rule]map[int64]bool) (*checker.Result, error) {
	chk, err := checker.New(c.subset(rs), c.sets)
	if err != nil {
		return nil, err
	}
	t, err := tables.Open(ex.path, tables.Options{Delimiter: ','})
	if err != nil {
		return nil, fmt.Errorf("reading the rows fetched from %s: %v", c.engine, err)
	}
	defer t.Close()
	opts.MaxFindings = 0 // capped once the results are merged
	res, err := chk.Check(ctx, []*tables.Table{t}, opts)
	if err != nil {
		return nil, err
	}
	if only != nil {
		kept := res.Findings[:0]
		for _, f := range res.Findings {
			if f.Pos.File == ex.path && only[f.Rule][ex.row(f.Pos.Line)] {
				kept = append(kept, f)
			}
		}
		res.Findings = kept
	}
	ex.place(res, c.src)
	return res, nil
}

// merge puts together the rules run in the engine, with the findings
// explained from its failing rows, and those run natively, rules in
// rule-file order.
func (c *Check) merge(explained, native *checker.Result) *checker.Result {
	byRule := map[*rules.Rule]checker.RuleResult{}
	for _, rr := range append(explained.Rules, native.Rules...) {
		byRule[rr.Rule] = rr
	}
	res := &checker.Result{Inputs: []string{c.src.Name}}
	order := map[*rules.Rule]int{}
	for i, r := range c.rs.Rules {
		order[r] = i
		if rr, ok := byRule[r]; ok {
			res.Rules = append(res.Rules, rr)
		}
	}
	for _, s := range c.sets {
		res.Inputs = append(res.Inputs, s.Path)
	}
	res.Findings = append(explained.Findings, native.Findings...)
	sort.SliceStable(res.Findings, func(i, j int) bool {
		a, b := res.Findings[i], res.Findings[j]
		if order[a.Rule] != order[b.Rule] {
			return order[a.Rule] < order[b.Rule]
		}
		return a.Pos.Line < b.Pos.Line
	})
	seen := map[string]bool{}
	for _, p := range append(explained.Problems, native.Problems...) {
		if !seen[p.Error()] {
			seen[p.Error()] = true
			res.Problems = append(res.Problems, p)
		}
	}
	res.Problems.Sort()
	return res
}

// extract is rows of the source written to a CSV file, with the row
// number of each.
type extract struct {
	path  string
	rows  []int64 // of each record, in order
	lines []int   // the line each record starts on, when one spans lines; else nil
}

func (e *extract) close() { os.Remove(e.path) }

// row is the row number of the record that starts on line, or 0.
func (e *extract) row(line int) int64 {
	i := line - 2
	if e.lines != nil {
		i = sort.SearchInts(e.lines, line)
		if i == len(e.lines) || e.lines[i] != line {
			return 0
		}
	}
	if i < 0 || i >= len(e.rows) {
		return 0
	}
	return e.rows[i]
}

// place gives the findings and problems of a check of the extract the
// positions of the rows in the source.
func (e *extract) place(res *checker.Result, src Source) {
	pos := func(p *position.Pos) {
		if p.File != e.path {
			return
		}
		p.File, p.Col = src.Name, 0
		if p.Line > 0 {
			if r := e.row(p.Line); r > 0 {
				p.Line = int(r) + src.Header
			}
		}
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		if line := f.Pos.Line; f.Subject == fmt.Sprintf("line %d", line) {
			f.Subject = fmt.Sprintf("line %d", int(e.row(line))+src.Header)
		}
		pos(&f.Pos)
		for j := range f.Figures {
			pos(&f.Figures[j].Pos)
		}
		for j := range f.Culprits {
			pos(&f.Culprits[j].Figure.Pos)
		}
	}
	for _, p := range res.Problems {
		pos(&p.Pos)
	}
	for i, in := range res.Inputs {
		if in == e.path {
			res.Inputs[i] = src.Name
		}
	}
}
