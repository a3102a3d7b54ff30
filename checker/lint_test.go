package checker

import (
	"slices"
	"testing"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/rules"
)

// TestLint pins the notes on figure sets: a figure that says what it
// measures but not for which period or area leaves the same-figure
// comparison, and lint says so.
func TestLint(t *testing.T) {
	for _, c := range []struct {
		name, rules, figures string
		want                 []string
	}{
		{
			name:    "a measure without period or area",
			rules:   "rules:\n  - {id: same, title: t, same_figure: true}\n",
			figures: "figures:\n  a: {value: \"12\", measure: caseload}\n  b: {value: \"12\", measure: caseload, period: \"2024\"}\n  c: {value: \"12\", measure: caseload, area: England}\n  d: {value: \"12\", measure: caseload, period: \"2024\", area: England}\n",
			want: []string{
				"figure a is not used by any rule",
				"figure a has a measure but no period or area, so no same-figure rule compares it: give its period and area",
				"figure b is not used by any rule",
				"figure b has a measure but no area, so no same-figure rule compares it: give its period and area",
				"figure c is not used by any rule",
				"figure c has a measure but no period, so no same-figure rule compares it: give its period and area",
			},
		},
		{
			name:    "without a same-figure rule a measure is a label",
			rules:   "rules:\n  - {id: r, title: t, assert: a > 0}\n",
			figures: "figures:\n  a: {value: \"12\", measure: caseload}\n  b: \"3\"\n",
			want:    []string{"figure b is not used by any rule"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			rs, err := rules.Read("rules.yaml", []byte(c.rules))
			if err != nil {
				t.Fatal(err)
			}
			set, err := figures.ReadSet("figures.yaml", []byte(c.figures))
			if err != nil {
				t.Fatal(err)
			}
			ch, err := New(rs, []*figures.Set{set})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, n := range ch.Lint() {
				got = append(got, n.Msg)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("notes\n%q\nwant\n%q", got, c.want)
			}
		})
	}
}
