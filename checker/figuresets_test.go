package checker

import (
	"context"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/rules"
)

// checkSets checks rules over the figure sets given as path: YAML pairs.
func checkSets(t *testing.T, ruleText string, sets ...string) *Result {
	t.Helper()
	rs, err := rules.Read("rules.yaml", []byte(ruleText))
	if err != nil {
		t.Fatalf("rules: %v", err)
	}
	var fs []*figures.Set
	for i := 0; i+1 < len(sets); i += 2 {
		s, err := figures.ReadSet(sets[i], []byte(sets[i+1]))
		if err != nil {
			t.Fatalf("%s: %v", sets[i], err)
		}
		fs = append(fs, s)
	}
	return checkWith(t, rs, fs...)
}

// checkWith compiles rs against sets and checks them.
func checkWith(t *testing.T, rs *rules.Set, sets ...*figures.Set) *Result {
	t.Helper()
	c, err := New(rs, sets)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	res, err := c.Check(context.Background(), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestFigureSetScopes: each article's figure set has names of its own; a
// claim is checked in every set that has its figures, reads another set's
// figure where only that set has it, and names a set where two do.
func TestFigureSetScopes(t *testing.T) {
	a := "document: article A\nfigures:\n  fte_2023: \"164\"\n  fte_2024: \"173\"\n  rise: 5.5%\n"
	b := "document: article B\nfigures:\n  fte_2023: \"164\"\n  fte_2024: \"180\"\n  rise: 5.5%\n"
	release := "name: release\nfigures:\n  national: \"34,300\"\n"
	tests := []struct {
		name, rule string
		want       Counts
		subjects   string // of the findings
		reason     string
	}{
		{"each set alone", "assert: pct_change(fte_2023, fte_2024) == rise", Counts{Pass: 1, Fail: 1}, "article B", ""},
		{"another set's figure", "assert: fte_2024 < national", Counts{Pass: 2}, "", ""},
		{"a set named", "assert: a.fte_2024 < b.fte_2024", Counts{Pass: 1}, "", ""},
		{"a name two sets have, from neither", "assert: national > fte_2024 and release.national > 0", Counts{Pass: 2}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := checkSets(t, "rules:\n  - id: r\n    title: t\n    "+tt.rule+"\n", "a.yaml", a, "b.yaml", b, "release.yaml", release)
			if c := res.Rules[0].Counts; c != tt.want {
				t.Errorf("counts %v, want %v (skips %v)", c, tt.want, res.Rules[0].Skips)
			}
			if got := strings.Join(subjects(res, "r"), "; "); got != tt.subjects {
				t.Errorf("findings for %q, want %q", got, tt.subjects)
			}
		})
	}
	t.Run("names no set can tell apart", func(t *testing.T) {
		res := checkSets(t, "rules:\n  - id: r\n    title: t\n    assert: x == y\n",
			"a.yaml", "figures: {x: \"1\"}", "b.yaml", "figures: {x: \"2\"}", "c.yaml", "figures: {y: \"1\"}", "d.yaml", "figures: {y: \"2\"}")
		if c := res.Rules[0].Counts; c != (Counts{Skipped: 1}) || !strings.Contains(res.Rules[0].Skips[0].Reason, "name it with its set, as c.y") {
			t.Errorf("counts %v, skips %v", c, res.Rules[0].Skips)
		}
	})
}

// TestFigureLists: sum, min, max and count over a list of figures, given by
// name or chosen by measure and period.
func TestFigureLists(t *testing.T) {
	set := `figures:
  england: "1,004"
  north: {value: "420", measure: fte, period: "2024", area: North}
  south: {value: "590", measure: fte, period: "2024", area: South}
  old: {value: "999", measure: fte, period: "2023", area: South}
lists:
  regions: [north, south]
  fte_2024: {measure: fte, period: "2024"}
`
	tests := []struct {
		rule string
		want Counts
	}{
		{"england == sum(regions)", Counts{Fail: 1}},  // 1,010 is not 1,004
		{"england == sum(fte_2024)", Counts{Fail: 1}}, // the same list, chosen
		{"count(regions) == 2 and max(regions) == south and min(fte_2024) == north", Counts{Pass: 1}},
		{"abs(england - sum(regions)) <= 10", Counts{Pass: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			res := checkSets(t, "rules:\n  - id: r\n    title: t\n    assert: '"+tt.rule+"'\n", "s.yaml", set)
			if c := res.Rules[0].Counts; c != tt.want {
				t.Errorf("counts %v, want %v (skips %v)", c, tt.want, res.Rules[0].Skips)
			}
		})
	}
	res := checkSets(t, "rules:\n  - id: r\n    title: t\n    assert: 'england == sum(regions)'\n", "s.yaml", set)
	if f := res.Findings[0]; f.Computation != "1,004 == 1010" {
		t.Errorf("computation %q", f.Computation)
	}
}

// TestFigurePrev: prev.x is the statement of x's measure and area for the
// period before x's, its own set's where it has one.
func TestFigurePrev(t *testing.T) {
	article := `figures:
  vac_now: {value: "37", measure: vacancies, period: September 2024, area: Milton Keynes}
  vac_then: {value: "45", measure: vacancies, period: September 2023, area: Milton Keynes}
  fall: 18%
  first: {value: "40", measure: vacancies, period: September 2022, area: Elsewhere}
`
	tests := []struct {
		rule   string
		want   Counts
		reason string
	}{
		{"pct_change(prev.vac_now, vac_now) == -fall", Counts{Pass: 1}, ""},
		{"prev.vac_now == vac_then", Counts{Pass: 1}, ""},
		{"prev.vac_then > 0", Counts{Skipped: 1}, "no figure of vacancies for the period before September 2023"},
		{"prev.fall > 0", Counts{Skipped: 1}, "prev.fall needs the measure and period of fall"},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			res := checkSets(t, "rules:\n  - id: r\n    title: t\n    assert: '"+tt.rule+"'\n", "s.yaml", article)
			rr := res.Rules[0]
			if rr.Counts != tt.want || tt.reason != "" && rr.Skips[0].Reason != tt.reason {
				t.Errorf("counts %v, want %v; skips %v", rr.Counts, tt.want, rr.Skips)
			}
		})
	}
}

// TestChangeKinds: a change in per cent is not a change in percentage
// points, whatever the numbers: comparing one with the other fails.
func TestChangeKinds(t *testing.T) {
	set := `figures:
  rate_2023: "12.0%"
  rate_2024: "13.2%"
  up_pp: up 1.2 percentage points
  up_pct: up 10%
  four: four per cent
  twice: double
`
	tests := []struct {
		rule    string
		want    Counts
		message string
	}{
		{"pp_change(rate_2023, rate_2024) == up_pp", Counts{Pass: 1}, ""},
		{"pct_change(rate_2023, rate_2024) == up_pct", Counts{Pass: 1}, ""},
		{"pct_change(rate_2023, rate_2024) == four or true", Counts{Pass: 1}, ""},
		// 10 per cent and 1.2 points could never agree; 1.2 and 1.2 do as
		// numbers, but one is per cent and the other points.
		{"pct_change(rate_2023, rate_2024) == up_pp * 8.3333", Counts{Pass: 1}, ""},
		{"pp_change(rate_2023, rate_2024) == up_pct - 8.8", Counts{Pass: 1}, ""},
		{"pct_change(rate_2023, rate_2024) / 8.3333 == up_pp", Counts{Pass: 1}, ""},
		{"pp_change(rate_2023, rate_2024) == up_pct / 8.3333 or pct_change(rate_2023, rate_2024) == up_pp", Counts{Fail: 1},
			"up_pp is written as percentage points and compared with a change in per cent"},
		{"ratio(rate_2023, rate_2024) == twice or pct_change(rate_2023, rate_2024) == up_pct", Counts{Pass: 1}, ""},
		{"ratio(rate_2023, rate_2024) == up_pct", Counts{Fail: 1}, "up_pct is written as a change in per cent and compared with a multiplier"},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			res := checkSets(t, "rules:\n  - id: r\n    title: t\n    assert: '"+tt.rule+"'\n", "s.yaml", set)
			if c := res.Rules[0].Counts; c != tt.want {
				t.Errorf("counts %v, want %v (skips %v)", c, tt.want, res.Rules[0].Skips)
			}
			if tt.message != "" && (len(res.Findings) == 0 || res.Findings[0].Message != tt.message) {
				t.Errorf("findings %+v, want the message %q", res.Findings, tt.message)
			}
		})
	}
}
