package ees

import (
	"testing"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/tables"
)

func TestIsCount(t *testing.T) {
	cases := []struct {
		c    Column
		want bool
	}{
		{Column{Name: "t_pupils", Label: "Number of pupils", DP: -1}, true},
		{Column{Name: "referral_count", Label: "Referrals", DP: 0}, true},
		{Column{Name: "pt_overall", Label: "Overall absence rate", Unit: "%", DP: 1}, false},
		{Column{Name: "avg_att8", Label: "Average Attainment 8 score", DP: -1}, false},
		{Column{Name: "t_att8", Label: "Total of Attainment 8 scores", DP: 2}, false},
		{Column{Name: "median_days", Label: "Median days", DP: -1}, false},
		{Column{Name: "cla_rate", Label: "Children looked after per 10,000", DP: -1}, false},
		{Column{Name: "spend", Label: "Spending", Unit: "£m", DP: -1}, false},
		{Column{Name: "x", Label: "Rate of x", DP: -1}, false},
		{Column{Name: "sex", Label: "Sex", Filter: true, DP: -1}, false},
	}
	for _, c := range cases {
		if got := isCount(&c.c); got != c.want {
			t.Errorf("isCount(%s, %q) = %v, want %v", c.c.Name, c.c.Label, got, c.want)
		}
	}
}

func TestNumerators(t *testing.T) {
	m := &Meta{Columns: []Column{
		{Name: "t_pupils", Label: "Number of pupils", DP: -1},
		{Name: "t_sess_overall", Label: "Overall absence sessions", DP: -1},
		{Name: "t_sess_possible", Label: "Possible sessions", DP: -1},
		{Name: "fsm", Label: "Number of pupils eligible for free school meals", DP: -1},
		{Name: "pt_overall", Label: "Overall absence rate", Unit: "%", DP: 1},
		{Name: "pc_free_meals", Label: "Percentage of pupils eligible for free school meals", Unit: "%", DP: 1},
		{Name: "pt_other", Label: "Something else", Unit: "%", DP: 1},
	}}
	d := &Data{index: map[string]int{}}
	for i, c := range m.Columns {
		d.index[c.Name] = i
	}
	d.findLevel()
	in := Infer(m, d)
	cases := map[string][]string{
		"pt_overall":    {"t_sess_overall"},                                       // pt_x and t_y_x
		"pc_free_meals": {"fsm"},                                                  // by label
		"pt_other":      {"t_pupils", "t_sess_overall", "t_sess_possible", "fsm"}, // any count
	}
	for pct, want := range cases {
		var got []string
		for _, c := range in.numerators(m.Column(pct)) {
			got = append(got, c.Name)
		}
		if len(got) != len(want) {
			t.Errorf("%s: %v, want %v", pct, got, want)
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: %v, want %v", pct, got, want)
			}
		}
	}
}

// TestFilterRelations holds a filter to a sum of its levels to its Total
// only when it has at least two levels besides the Total.
func TestFilterRelations(t *testing.T) {
	cases := []struct {
		levels []string
		want   int
	}{
		{[]string{"Total", "Primary", "Secondary"}, 1},
		{[]string{"Total", "Primary"}, 0},
		{[]string{"Boys", "Girls"}, 0},
	}
	for _, c := range cases {
		m := &Meta{Columns: []Column{{Name: "phase", Filter: true, Label: "Phase", DP: -1}}}
		d := &Data{Header: []string{"phase"}, index: map[string]int{"phase": 0}}
		for i, l := range c.levels {
			d.Rows = append(d.Rows, tables.Row{Line: i + 2, Fields: []string{l}})
		}
		d.findLevel()
		if got := len(Infer(m, d).filterRelations()); got != c.want {
			t.Errorf("levels %v: %d relations, want %d", c.levels, got, c.want)
		}
	}
}

// TestFileNames holds file names to the EES naming rules: letters,
// digits, hyphens and underscores, and data.meta.csv for data.csv.
func TestFileNames(t *testing.T) {
	cases := []struct {
		data, meta string
		fails      int
	}{
		{"dir/pupils_by-sex.csv", "dir/pupils_by-sex.meta.csv", 0},
		{"Pupils.csv", "Pupils.meta.csv", 0},
		{"pupils.csv.gz", "pupils.meta.csv", 0},
		{"pupils 2024.csv", "pupils 2024.meta.csv", 2},
		{"pupils+fsm.csv", "other/pupils+fsm.meta.csv", 2},
		{"pupils.csv", "pupils_meta.csv", 1},
	}
	for _, c := range cases {
		in := &Inference{Data: &Data{Path: c.data}, Meta: &Meta{Path: c.meta}}
		ch := &check{}
		in.fileNames(ch, Options{})
		if got := ch.counts[checker.Fail]; got != c.fails || got+ch.counts[checker.Pass] != 3 {
			t.Errorf("%s and %s: %d failures of %v, want %d", c.data, c.meta, got, ch.counts, c.fails)
		}
	}
}
