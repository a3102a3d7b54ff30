package checker

import (
	"testing"

	"github.com/figcheck/figcheck/figures"
)

// TestWrittenValueFalseAlarms holds the readings of words that raised false
// alarms on real articles: each rule holds for the figures as an article
// would write them.
func TestWrittenValueFalseAlarms(t *testing.T) {
	for _, c := range []struct {
		name, figures, assert string
	}{
		{
			name:    `"just over N" where the article's own change puts it 6% above N`,
			figures: "n_2023: \"500\"\n  n_2024: just over 500\n  rise: 6%",
			assert:  "pct_change(n_2023, n_2024) == rise",
		},
		{
			name:    `"about 40%" for a computed 38.9%`,
			figures: "share: about 40%\n  n: {value: \"389\", precision: exact}\n  total: {value: \"1,000\", precision: exact}",
			assert:  "share == 100 * n / total",
		},
		{
			name:    `"about 550" as loose as "about 1,200"`,
			figures: "small: about 550\n  small_release: \"523\"\n  large: \"about 1,200\"\n  large_release: \"1,141\"",
			assert:  "small == small_release and large == large_release",
		},
		{
			name:    `"almost 300" for 286`,
			figures: "claim: almost 300\n  release: \"286\"",
			assert:  "claim == release",
		},
		{
			name:    "counts a regulator rounds to fives, declared once",
			figures: "a: \"1,235\"\n  b: \"2,475\"\n  total: \"3,705\"\nprecision: \"5\"",
			assert:  "a + b == total",
		},
		{
			name:    `"four in ten" for 41 of 103`,
			figures: "share: four in ten\n  n: {value: \"41\", precision: exact}\n  total: {value: \"103\", precision: exact}",
			assert:  "share == 100 * n / total",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			set, err := figures.ReadSet("figures.yaml", []byte("figures:\n  "+c.figures+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			res, err := checkFigures(t, "rules:\n  - {id: r, title: t, assert: "+quoteYAML(c.assert)+"}\n", set)
			if err != nil {
				t.Fatal(err)
			}
			if v := verdictOf(res); v == Fail {
				t.Errorf("%s fails: %+v", c.assert, res.Findings[0].Comparisons)
			}
		})
	}
}
