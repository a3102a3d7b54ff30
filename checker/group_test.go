package checker

import (
	"testing"
)

// TestGroupFilterUndecided: a parts or whole filter that needs a figure the
// row lacks cannot say whether the row belongs, so the group is skipped
// with the reason (as when: skips), rather than checked without the row.
func TestGroupFilterUndecided(t *testing.T) {
	const rules = `dataset:
  dimensions: [period, level, region]
  period: period
  area: [region]
  measures: [x, y]
rules:
  - id: g
    title: parts sum
    group:
      by: [period, region]
      parts: level == "LA" and x > 5
      whole: level == "R" and y >= 0
    assert: y == sum(parts.y)
`
	tests := []struct {
		name, csv string
		want      Counts
		reason    string
	}{
		{"every row decided", "period,level,region,x,y\n2022,LA,A,10,3\n2022,LA,A,1,100\n2022,R,A,,3\n",
			Counts{Pass: 1}, ""},
		{"a part that cannot be decided", "period,level,region,x,y\n2022,LA,A,10,3\n2022,LA,A,x,100\n2022,R,A,,3\n",
			Counts{Skipped: 1}, "a row that may be a part: x is suppressed (x)"},
		{"a whole that cannot be decided", "period,level,region,x,y\n2022,LA,A,10,3\n2022,R,A,,c\n",
			Counts{Skipped: 2}, "a row that may be a whole: y is suppressed (c)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"rules.yaml": rules, "d.csv": tt.csv})
			res := checkTables(t, dir, "d.csv")
			rr := res.Rules[0]
			if rr.Counts != tt.want {
				t.Errorf("counts %+v, want %+v", rr.Counts, tt.want)
			}
			if tt.reason != "" && (len(rr.Skips) == 0 || rr.Skips[0].Reason != tt.reason) {
				t.Errorf("skips %+v, want the reason %q", rr.Skips, tt.reason)
			}
		})
	}
}

// TestGroupSumComputed: a sum of parts is a computed value however many
// parts it has, so that whether a difference from it keeps the whole's
// rounding does not depend on the number of parts (or their order).
func TestGroupSumComputed(t *testing.T) {
	const rules = `dataset:
  dimensions: [level]
  measures: {x: exact, y: 1}
rules:
  - id: g
    title: the whole less its parts is nothing
    group:
      by: []
      parts: level == "LA"
      whole: level == "R"
    assert: y - sum(parts.x) == 0
`
	for _, parts := range [][]string{{"8.2"}, {"5", "3.2"}, {"4", "3", "1.2"}} {
		csv := "level,x,y\nR,,8\n"
		for _, x := range parts {
			csv += "LA," + x + ",\n"
		}
		dir := writeFiles(t, map[string]string{"rules.yaml": rules, "d.csv": csv})
		if got := checkTables(t, dir, "d.csv").Rules[0].Counts; got != (Counts{Pass: 1}) {
			t.Errorf("parts %v: counts %+v, want a pass as written", parts, got)
		}
	}
}
