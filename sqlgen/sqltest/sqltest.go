// Package sqltest holds an SQL engine to the native engine: it loads
// tables into the engine, checks them both ways and requires the same
// verdict counts, skip reasons and failing rows, on the DfE sample and on
// random tables and rules. The engines' tests use it.
package sqltest

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/sqlgen"
	"github.com/figcheck/figcheck/tables"
)

// Workforce checks the DfE workforce sample (in root, the repository's
// folder) with the shipped rules: every rule pushed down must give on the
// engine what it gives natively.
func Workforce(t testing.TB, db *sql.DB, d *sqlgen.Dialect, root string) {
	rs, err := rules.Load(filepath.Join(root, "testdata", "workforce", "csww-rules.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	n := compare(t, db, d, rs, filepath.Join(root, "testdata", "workforce", "csww_sample.csv"), "csww_sample")
	if n < 10 {
		t.Errorf("only %d rules pushed down", n)
	}
}

// ZeroDivisors requires a quotient whose divisor could be zero (written
// 0, 0.0, -0 or low) to count as it does natively wherever its comparison
// stands: at the top, under or, not and the condition of ?:, in a let and
// through pct_change and ratio.
func ZeroDivisors(t testing.TB, db *sql.DB, d *sqlgen.Dialect) {
	asserts := []string{
		"a == b / c", "not (a == b / c)", "!(a < b / c)", "a == 1 or b / c == 2", "b / c == 2 || a == 1",
		"a == 5 or b / c == 2", "not (a == 1 or b / c == 2)", "not (a > 1 or b / c == 2)", "a == 1 and b / c == 2",
		"a == 5 and b / c == 2", "not (a > 1 and b / c == 2)", "not (a == 1 and b / c == 2)",
		"a == 1 and (b / c == 2 or a == 5)", "(b / c > 1 ? 1 : 2) == 1", "(b / c > 1 ? a : 2) == 7",
		"(a > 1 ? b / c : a) < 1 or a == 1", "let r = b / c; r > 1 or a < 0", "a > pct_change(c, b) or a < 0",
		"ratio(c, b) > 1 and a == 5", "not (ratio(c, b) > 1) or a == 6", "a == 6 or b == 4",
	}
	var b strings.Builder
	b.WriteString("dataset:\n  dimensions: [region]\n  measures: [a, b, c]\nrules:\n")
	for i, a := range asserts {
		fmt.Fprintf(&b, "  - id: z%d\n    title: t\n    assert: %q\n", i, a)
	}
	rs, err := rules.Read("zero.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "zero.csv")
	rows := "region,a,b,c\nA,5,3,0\nB,1,3,0.0\nC,5,2,-0\nD,6,4,low\nE,5,3,0.4\nF,1,2,1\nG,5,10,0\n"
	if err := os.WriteFile(path, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	if n := compare(t, db, d, rs, path, "zero"); n != len(asserts) {
		t.Errorf("only %d of %d rules pushed down", n, len(asserts))
	}
}

// Differential requires random tables (suppressed, empty, exact, rounded
// and grouped figures; local areas and regions over periods of every form
// the native engine orders) and random rules (row, unique, group and prev)
// to give the same verdicts, skip reasons and failing rows natively and
// on the engine: six, or as many as FIGCHECK_SQLTEST_SEEDS says.
func Differential(t testing.TB, db *sql.DB, d *sqlgen.Dialect) {
	seeds := uint64(6)
	if s := os.Getenv("FIGCHECK_SQLTEST_SEEDS"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("FIGCHECK_SQLTEST_SEEDS: %v", err)
		}
		seeds = n
	}
	for seed := range seeds {
		rng := rand.New(rand.NewPCG(seed, 13))
		dir := t.TempDir()
		path := filepath.Join(dir, "t.csv")
		if err := os.WriteFile(path, []byte(randomTable(rng, 60, periodSets[seed%uint64(len(periodSets))])), 0o644); err != nil {
			t.Fatal(err)
		}
		src := randomRules(rng, 40)
		rs, err := rules.Read("r.yaml", []byte(src))
		if err != nil {
			t.Fatalf("%v\n%s", err, src)
		}
		if n := compare(t, db, d, rs, path, "random"); n < 38 {
			t.Errorf("seed %d: only %d of 40 rules pushed down", seed, n)
		}
	}
}

// load copies a CSV file into a table of text columns, with its line
// numbers in figcheck_line.
func load(t testing.TB, db *sql.DB, d *sqlgen.Dialect, table, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	cols := []string{d.Ident("figcheck_line") + " integer"}
	for _, h := range header {
		cols = append(cols, d.Ident(h)+" "+d.Text)
	}
	exec(t, db, "DROP TABLE IF EXISTS "+d.Ident(table))
	exec(t, db, "CREATE TABLE "+d.Ident(table)+" ("+strings.Join(cols, ", ")+")")
	var values []string
	var args []any
	flush := func() {
		if len(values) > 0 {
			exec(t, db, "INSERT INTO "+d.Ident(table)+" VALUES "+strings.Join(values, ", "), args...)
			values, args = nil, nil
		}
	}
	for {
		rec, err := r.Read()
		if err != nil {
			break
		}
		line, _ := r.FieldPos(0)
		var ps []string
		args = append(args, line)
		ps = append(ps, "$"+strconv.Itoa(len(args)))
		for _, v := range rec {
			args = append(args, v)
			ps = append(ps, "$"+strconv.Itoa(len(args)))
		}
		values = append(values, "("+strings.Join(ps, ", ")+")")
		if len(args) > 30000 {
			flush()
		}
	}
	flush()
}

func exec(t testing.TB, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
}

// compare checks the CSV file natively and on the engine and requires the
// same counts, skip reasons and failing rows for every rule pushed down;
// it returns how many rules were.
func compare(t testing.TB, db *sql.DB, d *sqlgen.Dialect, rs *rules.Set, path, table string) int {
	t.Helper()
	c, err := checker.New(rs, nil)
	if err != nil {
		t.Fatal(err)
	}
	tb, err := tables.OpenTable(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Check(context.Background(), []*tables.Table{tb}, checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	load(t, db, d, table, path)
	q, err := sqlgen.Generate(c.Plans(), rs.Datasets[0], d, sqlgen.Options{Table: table, Line: "figcheck_line"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := sqlgen.Run(context.Background(), db, q)
	if err != nil {
		t.Fatalf("%v\n%s", err, strings.Join(q.SQL, ";\n"))
	}
	for _, g := range got {
		var want checker.RuleResult
		for _, rr := range res.Rules {
			if rr.Rule == g.Rule {
				want = rr
			}
		}
		var wantLines, gotLines []int
		for _, f := range res.Findings {
			if f.Rule == g.Rule {
				wantLines = append(wantLines, f.Pos.Line)
				restsOf(t, f, g)
			}
		}
		for _, k := range g.Failing {
			n, _ := strconv.Atoi(k[0])
			gotLines = append(gotLines, n)
		}
		slices.Sort(wantLines)
		slices.Sort(gotLines)
		if g.Counts != want.Counts || !reflect.DeepEqual(g.Skips, want.Skips) || !slices.Equal(gotLines, wantLines) {
			t.Errorf("rule %s (assert: %s, when: %s): on %s counts %v, skips %v, failing lines %v; natively %v, %v, %v",
				g.Rule.ID, g.Rule.Assert.Text, g.Rule.When.Text, d.Name, g.Counts, g.Skips, gotLines, want.Counts, want.Skips, wantLines)
		}
	}
	firstFailing(t, db, d, c, rs, res, table)
	return len(got)
}

// firstFailing requires the query with at most two failing rows per rule
// to give the first two failing rows of each rule but the unique ones, with
// the rows their findings rest on.
func firstFailing(t testing.TB, db *sql.DB, d *sqlgen.Dialect, c *checker.Checker, rs *rules.Set, res *checker.Result, table string) {
	t.Helper()
	const most = 2
	q, err := sqlgen.Generate(c.Plans(), rs.Datasets[0], d, sqlgen.Options{Table: table, Line: "figcheck_line", MaxFailing: most})
	if err != nil {
		t.Fatal(err)
	}
	got, err := sqlgen.Run(context.Background(), db, q)
	if err != nil {
		t.Fatalf("%v\n%s", err, strings.Join(q.SQL, ";\n"))
	}
	for _, g := range got {
		var want []checker.Finding
		for _, f := range res.Findings {
			if f.Rule == g.Rule {
				want = append(want, f)
			}
		}
		slices.SortFunc(want, func(a, b checker.Finding) int { return a.Pos.Line - b.Pos.Line })
		if len(g.Rule.Unique) == 0 && len(want) > most {
			want = want[:most]
		}
		var wantLines, gotLines []int
		for _, f := range want {
			wantLines = append(wantLines, f.Pos.Line)
			restsOf(t, f, g)
		}
		for _, k := range g.Failing {
			n, _ := strconv.Atoi(k[0])
			gotLines = append(gotLines, n)
		}
		slices.Sort(gotLines)
		if !slices.Equal(gotLines, wantLines) {
			t.Errorf("rule %s with at most %d failing rows: lines %v, want %v", g.Rule.ID, most, gotLines, wantLines)
		}
	}
}

// restsOf requires the rows a finding of a group or prev rule rests on
// besides its own (the lines of its figures) to be those the engine gave
// for its failing row. A finding lists at most checker.MaxParts parts,
// while the engine gives every part its sum is made of: where the list is
// full, its lines must be among the engine's.
func restsOf(t testing.TB, f checker.Finding, g sqlgen.RuleResult) {
	t.Helper()
	if f.Rule.Group == nil && !strings.Contains(f.Rule.Assert.Text+f.Rule.When.Text, "prev.") {
		return
	}
	var want, got []int
	for _, fig := range f.Figures {
		if fig.Pos.Line > 0 && fig.Pos.Line != f.Pos.Line && !slices.Contains(want, fig.Pos.Line) {
			want = append(want, fig.Pos.Line)
		}
	}
	for _, r := range g.Rests[strconv.Itoa(f.Pos.Line)] {
		n, _ := strconv.Atoi(r)
		got = append(got, n)
	}
	slices.Sort(want)
	slices.Sort(got)
	listed := got
	if f.Rule.Group != nil && len(want) >= checker.MaxParts {
		listed = slices.DeleteFunc(slices.Clone(got), func(n int) bool { return !slices.Contains(want, n) })
	}
	if !slices.Equal(want, listed) {
		t.Errorf("rule %s, line %d: the finding rests on lines %v, the engine gave %v", f.Rule.ID, f.Pos.Line, want, got)
	}
}

var cells = []string{"0", "1", "5", "12", "-3", "2.5", "0.4", "13.8", "100", "1000", "34300", "34,300", "1,234.5",
	"0.05", "7.", ".5", "x", "c", "", " 12 ", "low", "NA", "[z]", "250", "99.9", "-0.1", "3000", "+4"}

// numbers are cells that are numbers, for the measure (d) that is nearly
// always one, so that groups of its parts can be checked.
var numbers = []string{"0", "1", "5", "12", "2.5", "13.8", "100", "1000", "34,300", "250", "3000"}

// periodSets are the periods of random tables, one set per table: years,
// years tied with financial years, quarters and months written several
// ways, text that is not a time, and numbers.
var periodSets = [][]string{
	{"2020", "2021", "2022", "2023"},
	{"2021", "2021/22", "2022-23", "2023"},
	{"2023-Q1", "Q2 2023", "2023 Q3", "2023Q4"},
	{"2023-01", "March 2023", "1 April 2023", "30 April 2023"},
	{"b", "a", "C", "c"},
	{"1.5", "10", "2e0", " 3 "},
}

// randomTable writes a table of entities (area, kind, level, region,
// parent) over periods, some rows missing and some twice, shuffled: local
// areas (LA) and regions (R) for group rules, the same entity over time
// for prev.
func randomTable(rng *rand.Rand, entities int, periods []string) string {
	var rows []string
	for e := range entities {
		entity := fmt.Sprintf("A%d,%s,%s,R%d,R%d", e%7, []string{"p", "q", "r"}[rng.IntN(3)], []string{"LA", "LA", "R"}[rng.IntN(3)], rng.IntN(3), rng.IntN(4))
		for _, p := range periods {
			for range []int{0, 1, 1, 1, 1, 2}[rng.IntN(6)] {
				row := quote(p) + "," + entity
				for m := range 4 {
					cell := cells[rng.IntN(len(cells))]
					if m == 3 && rng.IntN(10) > 0 {
						cell = numbers[rng.IntN(len(numbers))]
					}
					row += "," + quote(cell)
				}
				rows = append(rows, row)
			}
		}
	}
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	return "year,area,kind,level,region,parent,a,b,c,d\n" + strings.Join(rows, "\n") + "\n"
}

func quote(cell string) string {
	if strings.ContainsAny(cell, ", ") {
		return `"` + cell + `"`
	}
	return cell
}

// randomRules draws n rules: row rules, and every tenth a unique rule, a
// group rule or a rule with prev.
func randomRules(rng *rand.Rand, n int) string {
	precisions := []string{"as-written", "exact", "0.1", "10"}
	var b strings.Builder
	b.WriteString("dataset:\n  dimensions: [year, area, kind, level, region, parent]\n  period: year\n  area: [area]\n  missing: [NA]\n  measures:\n")
	for _, m := range []string{"a", "b", "c", "d"} {
		fmt.Fprintf(&b, "    %s: %s\n", m, precisions[rng.IntN(len(precisions))])
	}
	b.WriteString("rules:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - id: r%d\n    title: t\n", i)
		switch i % 10 {
		case 9:
			fmt.Fprintf(&b, "    unique: %s\n", []string{"[area, kind]", "[area]", "[kind, area]"}[rng.IntN(3)])
			if rng.IntN(2) == 0 {
				fmt.Fprintf(&b, "    when: %q\n", randomBool(rng, 0))
			}
			continue
		case 8:
			fmt.Fprintf(&b, "    group:\n      by: %s\n      parts: %q\n      whole: %q\n    assert: %q\n",
				[]string{"[year, region]", "[region]", "{parts: [year, parent], whole: [year, region]}", "[]"}[rng.IntN(4)],
				`level == "LA"`+[]string{"", "", " and a > 5", " and present(b)"}[rng.IntN(4)],
				`level == "R"`+[]string{"", "", " and c >= 0"}[rng.IntN(3)],
				randomGroupAssert(rng))
		case 7:
			fmt.Fprintf(&b, "    assert: %q\n", randomPrevAssert(rng))
		default:
			fmt.Fprintf(&b, "    assert: %q\n", randomBool(rng, 2))
		}
		switch rng.IntN(4) {
		case 0:
			fmt.Fprintf(&b, "    when: %q\n", randomBool(rng, 0))
		case 1:
			fmt.Fprintf(&b, "    tolerance: %s\n", []string{"0.5", "{relative: 2%}", "1", "{absolute: 0.1, relative: 1%}"}[rng.IntN(4)])
		}
	}
	return b.String()
}

// randomGroupAssert compares the whole's figures with its parts'.
func randomGroupAssert(rng *rand.Rand) string {
	m := func() string { return []string{"a", "b", "c", "d"}[rng.IntN(4)] }
	one := func() string {
		switch rng.IntN(7) {
		case 0:
			return m() + " >= max(parts.d)"
		case 1:
			return "min(parts." + m() + ") <= " + m()
		case 2:
			return "count(parts) >= 2"
		case 3:
			return m() + " - sum(parts.d) <= 100"
		case 4:
			return "d * 2 >= sum(parts.d)"
		}
		return randomFigure(rng, 1) + " == sum(parts." + m() + ")"
	}
	if rng.IntN(3) == 0 {
		return one() + " and " + one()
	}
	return one()
}

// randomPrevAssert compares a row's figures with its previous period's.
func randomPrevAssert(rng *rand.Rand) string {
	m := func() string { return []string{"a", "b", "c", "d"}[rng.IntN(4)] }
	x := m()
	switch rng.IntN(5) {
	case 0:
		return "abs(pct_change(prev." + x + ", " + x + ")) <= 40"
	case 1:
		return "pp_change(prev." + x + ", " + x + ") < 5"
	case 2:
		return "ratio(prev." + x + ", " + m() + ") <= 2"
	case 3:
		return "prev." + x + " + " + m() + " >= " + randomFigure(rng, 1)
	}
	return x + " >= prev." + m()
}

func randomFigure(rng *rand.Rand, depth int) string {
	if depth <= 0 || rng.IntN(3) == 0 {
		if rng.IntN(4) == 0 {
			return []string{"100", "2", "0.5", "1000"}[rng.IntN(4)]
		}
		return []string{"a", "b", "c", "d"}[rng.IntN(4)]
	}
	// Helpers take figures, not plain numbers: each side reads a measure.
	x, y := randomFigure(rng, depth-1), randomFigure(rng, depth-1)
	if !readsMeasure.MatchString(x) {
		x = "a"
	}
	if !readsMeasure.MatchString(y) {
		y = "b"
	}
	switch rng.IntN(11) {
	case 9:
		return "pp_change(" + x + ", " + y + ")"
	case 10:
		return "ratio(" + x + ", " + y + ")"
	case 0:
		return "abs(" + x + ")"
	case 1:
		return "min(" + x + ", " + y + ")"
	case 2:
		return "pct_change(" + x + ", " + y + ")"
	case 3:
		return "-" + x
	case 4:
		return "(kind == \"p\" ? " + x + " : " + y + ")"
	}
	return "(" + x + " " + []string{"+", "-", "*", "/"}[rng.IntN(4)] + " " + y + ")"
}

var readsMeasure = regexp.MustCompile(`\b[abcd]\b`)

func randomBool(rng *rand.Rand, depth int) string {
	if depth > 0 && rng.IntN(3) == 0 {
		x, y := randomBool(rng, depth-1), randomBool(rng, depth-1)
		switch rng.IntN(3) {
		case 0:
			return "(" + x + " and " + y + ")"
		case 1:
			return "(" + x + " or " + y + ")"
		default:
			return "not (" + x + ")"
		}
	}
	switch rng.IntN(8) {
	case 0:
		return "kind in [\"p\", \"q\"]"
	case 1:
		return "present(" + []string{"a", "b", "c", "d"}[rng.IntN(4)] + ")"
	}
	op := []string{"==", "!=", "<", "<=", ">", ">="}[rng.IntN(6)]
	return randomFigure(rng, 2) + " " + op + " " + randomFigure(rng, 2)
}

// PostgresDSN is the server FIGCHECK_POSTGRES_DSN names. Without one the
// test is skipped, unless FIGCHECK_REQUIRE_POSTGRES is set, as in CI,
// where it fails.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("FIGCHECK_POSTGRES_DSN")
	if dsn == "" {
		if os.Getenv("FIGCHECK_REQUIRE_POSTGRES") != "" {
			t.Fatal("FIGCHECK_REQUIRE_POSTGRES is set but FIGCHECK_POSTGRES_DSN is not")
		}
		t.Skip("skipping: FIGCHECK_POSTGRES_DSN is not set (start a server with scripts/postgres.sh)")
	}
	return dsn
}

// LoadPostgres copies a CSV file into a new PostgreSQL table (schema.name,
// its schema made if need be), each column of the type types gives it,
// an empty cell of a typed column as NULL, and text by default.
func LoadPostgres(t testing.TB, db *sql.DB, table, path string, types map[string]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var cols, params []string
	for i, h := range recs[0] {
		typ, p := "text", fmt.Sprintf("$%d", i+1)
		if types[h] != "" {
			typ, p = types[h], fmt.Sprintf("NULLIF($%d, '')::%s", i+1, types[h])
		}
		cols = append(cols, sqlgen.Postgres.Ident(h)+" "+typ)
		params = append(params, p)
	}
	if schema, _, ok := strings.Cut(table, "."); ok {
		exec(t, db, "CREATE SCHEMA IF NOT EXISTS "+schema)
	}
	exec(t, db, "DROP TABLE IF EXISTS "+table)
	exec(t, db, "CREATE TABLE "+table+" ("+strings.Join(cols, ", ")+")")
	for _, rec := range recs[1:] {
		args := make([]any, len(rec))
		for i, v := range rec {
			args[i] = v
		}
		exec(t, db, "INSERT INTO "+table+" VALUES ("+strings.Join(params, ", ")+")", args...)
	}
}
