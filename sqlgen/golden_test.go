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
  measures: {a: exact}
rules:
  - {id: row, title: t, assert: a >= 0}
  - {id: jump, title: t, assert: a >= prev.a}
  - {id: sum, title: t, group: {by: [year], parts: level == "LA", whole: level == "R"}, assert: a == sum(parts.a)}
  - {id: once, title: t, unique: [year, area]}
  - {id: odd, title: t, assert: area matches "\\bx"}
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
	var got []string
	for _, r := range q.Native {
		got = append(got, r.Error())
	}
	want := []string{
		"rule jump: prev is not compiled to SQL",
		"rule sum: group rules (group:) are not compiled to SQL",
		`rule odd: matches "\\bx": only letters, digits, spaces, . * + ? ^ $ | ( ) [ ] { } - , and \d are compiled to SQL, whose regular expressions differ from Go's beyond them`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(q.Rules) != 2 || q.Rules[0].ID != "row" || q.Rules[1].ID != "once" {
		t.Errorf("refused:\n%s\nwant:\n%s\ncompiled %d", strings.Join(got, "\n"), strings.Join(want, "\n"), len(q.Rules))
	}
	if _, err := Generate(c.Plans(), rs.Datasets[0], Postgres, Options{}); err == nil {
		t.Error("no error without a table")
	}
}
