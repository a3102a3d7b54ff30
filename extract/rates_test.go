package extract

import (
	"strings"
	"testing"
	"time"

	"github.com/figcheck/figcheck/rules"
)

// TestDefineRates checks the claims made from a rule pack's rates: a rate
// stated with its two measures for the same area and period, found by
// their names or aliases, and undecided where several figures could be
// one of them.
func TestDefineRates(t *testing.T) {
	pack := &rules.Set{
		Rates: []rules.Rate{{Name: "turnover_rate", Of: "leavers", Per: "fte", Times: 100},
			{Name: "vacancy_rate", Of: "vacancies", Per: "posts", Times: 1000}},
		Aliases: []rules.Alias{{Measure: "fte", Words: []string{"full-time equivalent social workers", "FTE social workers"}},
			{Measure: "leavers", Words: []string{"people who left"}}},
	}
	tests := []struct {
		name, text string
		claims     []string // the assertions, with the figures' texts for their names
		undecided  string   // a word of the reason, or ""
	}{
		{"one sentence", "In 2024 the turnover rate in London was 15.4%, with 1,200 leavers and 7,800 full-time equivalent social workers.",
			[]string{"15.4% == 100 * 1,200 / 7,800"}, ""},
		{"an alias and sentences apart", "Barnet had 130 leavers in 2024. Barnet had 900 FTE social workers in 2024. In Barnet the turnover rate in 2024 was 12.1%.",
			[]string{"12.1% == 100 * 130 / 900"}, ""},
		{"per thousand", "In 2024 the vacancy rate was 45 per thousand, with 90 vacancies among 2,000 posts.",
			[]string{"45 == 1000 * 90 / 2,000"}, ""},
		{"another area", "In 2024 the turnover rate in Kent was 15.4%. London had 1,200 leavers and 7,800 FTE social workers in 2024.",
			nil, ""},
		{"another period", "The turnover rate was 15.4% in 2024. There were 1,200 leavers and 7,800 FTE social workers in 2023.",
			nil, ""},
		{"two candidates", "There were 1,200 leavers in 2024. Another count gave 1,300 leavers in 2024. There were 7,800 FTE social workers in 2024. The turnover rate in 2024 was 15.4%.",
			nil, "several figures"},
		{"stated twice alike", "There were 1,200 leavers in 2024. Again, 1,200 leavers in 2024. There were 7,800 FTE social workers in 2024. The turnover rate in 2024 was 15.4%.",
			[]string{"15.4% == 100 * 1,200 / 7,800"}, ""},
		{"no measure", "The turnover rate in 2024 was 15.4%, and 7,800 FTE social workers.", nil, ""},
	}
	v := NewVocabulary(pack)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := Read("a.txt", []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			docs[0].Date = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
			a := Extract(docs[0], "")
			before := len(a.Claims)
			a.DefineRates(v, pack.Rates)
			var got []string
			for _, c := range a.Claims[before:] {
				if c.Kind != RateClaim {
					t.Errorf("claim of kind %s", c.Kind)
				}
				assert := c.Assert
				for _, fi := range c.Figures {
					assert = strings.Replace(assert, a.Names[fi], a.Figures[fi].Text, 1)
				}
				got = append(got, assert)
			}
			if strings.Join(got, "; ") != strings.Join(tt.claims, "; ") {
				t.Errorf("claims %q, want %q\n%s", got, tt.claims, a.FigureSet())
			}
			var reasons []string
			for _, u := range a.Undecided {
				reasons = append(reasons, u.Reason)
			}
			if tt.undecided != "" && !strings.Contains(strings.Join(reasons, "|"), tt.undecided) {
				t.Errorf("undecided %q, want one saying %q", reasons, tt.undecided)
			}
		})
	}
}

// TestVocabulary checks which measure words name.
func TestVocabulary(t *testing.T) {
	v := NewVocabulary(&rules.Set{
		Rates:    []rules.Rate{{Name: "turnover_rate", Of: "leavers", Per: "fte"}},
		Datasets: []*rules.Dataset{{Measures: []rules.Column{{Name: "agency_fte"}}}},
		Aliases: []rules.Alias{{Measure: "fte", Words: []string{"FTE social workers", "social workers"}},
			{Measure: "headcount", Words: []string{"social workers"}}},
	})
	for _, tc := range []struct {
		words, want string
		ambiguous   bool
	}{
		{"turnover_rate", "turnover_rate", false},
		{"the turnover rate", "turnover_rate", false},
		{"fte_social_workers", "fte", false},
		{"Number of FTE social workers", "fte", false},
		{"agency FTE", "agency_fte", false},
		{"social_workers", "", true},
		{"agency_workers", "", false},
		{"", "", false},
	} {
		got, ambiguous := v.Measure(tc.words)
		if got != tc.want || ambiguous != tc.ambiguous {
			t.Errorf("%q: %q (ambiguous %v), want %q (%v)", tc.words, got, ambiguous, tc.want, tc.ambiguous)
		}
	}
}

// TestNameMeasures checks that figures take the rule pack's names of the
// measures their words name, and that words naming several are left and
// counted undecided.
func TestNameMeasures(t *testing.T) {
	v := NewVocabulary(&rules.Set{Aliases: []rules.Alias{
		{Measure: "fte", Words: []string{"FTE social workers", "social workers"}},
		{Measure: "headcount", Words: []string{"social workers"}},
	}})
	docs, err := Read("a.txt", []byte("Kent had 930 FTE social workers in 2024. It had 1,010 social workers in 2024. It had 45 vacancies in 2024."))
	if err != nil {
		t.Fatal(err)
	}
	a := Extract(docs[0], "")
	a.NameMeasures(v)
	var got []string
	for _, f := range a.Figures {
		got = append(got, f.Text+" "+f.Measure.Value)
	}
	if want := "930 fte|1,010 social_workers|45 vacancies"; strings.Join(got, "|") != want {
		t.Errorf("measures %q, want %q", strings.Join(got, "|"), want)
	}
	if len(a.Undecided) != 1 || !strings.Contains(a.Undecided[0].Reason, "fte, headcount") {
		t.Errorf("undecided %+v, want one for the social workers that may be fte or headcount", a.Undecided)
	}
}
