package sqlgen

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/rules"
)

var update = flag.Bool("update", false, "rewrite the golden SQL under testdata")

// goldenCases are rule files whose SQL is pinned for every dialect, in
// testdata/NAME.DIALECT.sql (go test ./sqlgen -update rewrites them).
var goldenCases = map[string]string{
	"ratio": `dataset:
  dimensions: [area]
  measures: {rate: 0.1, part: exact, whole: exact}
rules:
  - id: rate
    title: rate is part over whole
    assert: rate == 100 * part / whole
`,
	"when-text": `dataset:
  dimensions: [area, level]
  measures: {a: as-written, b: 10}
rules:
  - id: le
    title: a within b for regions
    when: level in ["Regional", "National"] and area matches "^E[0-9]+$"
    assert: a <= b or not present(b)
    tolerance: {relative: 1%}
`,
	"group-by-code": `dataset:
  dimensions: [period, level, code, parent]
  measures: {fte: 0.1, staff: exact}
rules:
  - id: sum
    title: local areas add up to the region whose code they carry
    group:
      by: {parts: [period, parent], whole: [period, code]}
      parts: level == "LA" and staff > 0
      whole: level == "R"
    assert: fte == sum(parts.fte) and staff >= max(parts.staff) and count(parts) >= 2
    tolerance: 0.5
`,
	"prev-change": `dataset:
  dimensions: [year, area]
  period: year
  measures: {rate: 0.1, n: exact}
rules:
  - id: jump
    title: rates move by under 10 points, and counts under tenfold
    when: area != "E"
    assert: abs(pp_change(prev.rate, rate)) < 10 and ratio(prev.n, n) < 10
`,
}

func TestGoldenSQL(t *testing.T) {
	for name, src := range goldenCases {
		rs, err := rules.Read(name+".yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		c, err := checker.New(rs, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range []*Dialect{Postgres, DuckDB, Trino, Spark} {
			q, err := Generate(c.Plans(), rs.Datasets[0], d, Options{Table: "stats.release"})
			if err != nil {
				t.Fatal(err)
			}
			if len(q.Native) > 0 {
				t.Errorf("%s: %v", name, q.Native)
			}
			got := strings.Join(q.SQL, ";\n") + ";\n"
			path := filepath.Join("testdata", name+"."+d.Name+".sql")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("%s: the SQL differs from %s (go test ./sqlgen -update rewrites it)", name, path)
			}
		}
	}
}

// Rules the SQL does not cover are refused by name, and the rest compiled.
func TestRefusals(t *testing.T) {
	rs, err := rules.Read("r.yaml", []byte(`dataset:
  dimensions: [year, area, level]
  period: year
  area: [area]
  measures: {a: exact}
rules:
  - {id: row, title: t, assert: a >= 0}
  - {id: jump, title: t, assert: a >= prev.a}
  - {id: sum, title: t, group: {by: [year], parts: level == "LA", whole: level == "R"}, assert: a == sum(parts.a)}
  - {id: once, title: t, unique: [year, area]}
  - {id: odd, title: t, assert: area matches "\\bx"}
  - {id: twice, title: t, same_figure: true}
`))
	if err != nil {
		t.Fatal(err)
	}
	c, err := checker.New(rs, nil)
	if err != nil {
		t.Fatal(err)
	}
	q, err := Generate(c.Plans(), rs.Datasets[0], Postgres, Options{Table: "t"})
	if err != nil {
		t.Fatal(err)
	}
	var got, compiled []string
	for _, r := range q.Native {
		got = append(got, r.Error())
	}
	for _, r := range q.Rules {
		compiled = append(compiled, r.ID)
	}
	want := []string{
		`rule odd: matches "\\bx": only letters, digits, spaces, . * + ? ^ $ | ( ) [ ] { } - , and \d are compiled to SQL, whose regular expressions differ from Go's beyond them`,
		"rule twice: same_figure rules are checked natively",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || strings.Join(compiled, " ") != "row jump sum once" {
		t.Errorf("refused:\n%s\nwant:\n%s\ncompiled %v", strings.Join(got, "\n"), strings.Join(want, "\n"), compiled)
	}
	if len(q.SQL) != 4 {
		t.Errorf("%d statements, want one for the row rules, one for the unique rules, one for prev and one for the group", len(q.SQL))
	}
	if _, err := Generate(c.Plans(), rs.Datasets[0], Postgres, Options{}); err == nil {
		t.Error("no error without a table")
	}
}
