package checker

import (
	"bufio"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/tables"
)

// sharedData returns the path of a file under ../shared/data beside the
// project, skipping the test where that folder is absent (a user's fresh
// clone has no shared folder).
func sharedData(t *testing.T, parts ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{"..", "..", "shared", "data"}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("skipping: %s is not here (the shared data folder sits beside the project in CI)", p)
	}
	return p
}

// runPack checks the files with the workforce rule pack shipped in testdata.
func runPack(t *testing.T, files ...string) *Result {
	t.Helper()
	res := runPackWith(t, Options{}, files...)
	if len(res.Problems) > 0 {
		t.Fatalf("problems: %v", res.Problems)
	}
	return res
}

// runPackWith checks the files with the workforce rule pack and options.
func runPackWith(t *testing.T, opts Options, files ...string) *Result {
	t.Helper()
	rs, err := rules.Load(filepath.Join("..", "testdata", "workforce", "csww-rules.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(rs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var tabs []*tables.Table
	for _, f := range files {
		tb, err := tables.OpenTable(f)
		if err != nil {
			t.Fatal(err)
		}
		tabs = append(tabs, tb)
	}
	res, err := c.Check(context.Background(), tabs, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// sourceRules maps the invariants of SOURCE.md to the rules of the pack.
var sourceRules = []struct{ invariant, rule string }{
	{"turnover_rate_fte = ", "turnover-rate-fte"},
	{"turnover_rate_headcount = ", "turnover-rate-headcount"},
	{"agency_rate_fte = ", "agency-rate-fte"},
	{"agency_rate_headcount = ", "agency-rate-headcount"},
	{"agency_cover_rate_fte = ", "agency-cover-rate"},
	{"vacancy_rate_fte = ", "vacancy-rate"},
	{"vacancy_agency_cover_rate_fte = ", "vacancy-agency-cover-rate"},
	{"caseload_fte = ", "caseload"},
	{"absence_rate_fte = ", "absence-rate"},
	{"inpost_fte <= inpost_headcount", "fte-within-headcount"},
	{"leavers_fte <= leavers_headcount", "leavers-fte-within-headcount"},
	{"agency_cover_fte <= agency_fte", "agency-cover-within-agency"},
	{"sum(LA inpost_fte) == region", "la-sum-region-inpost"},
	{"sum(LA leavers_fte) == region", "la-sum-region-leavers"},
	{"sum(LA agency_fte) == region", "la-sum-region-agency"},
	{"sum(LA cases) == region", "la-sum-region-cases"},
	{"sum(9 regions inpost_fte) == England", "regions-sum-england"},
	{"Inner London + Outer London inpost_fte", "london-inner-outer"},
}

func ruleFor(invariant string) string {
	for _, m := range sourceRules {
		if strings.HasPrefix(invariant, m.invariant) {
			return m.rule
		}
	}
	return ""
}

var violationLine = regexp.MustCompile(`^- (.*?) \| \(\('(\d{4})', '[^']*', '[^']*', '([^']*)'\)`)

// TestWorkforceReleaseViolations runs the rule pack on the whole 2017–2024
// file and requires exactly the violations SOURCE.md documents, rule by
// rule: the aggregate rates published without the local authorities
// flagged u, and the FTE-over-headcount rows; nothing else fails.
func TestWorkforceReleaseViolations(t *testing.T) {
	data := sharedData(t, "dfe-csww", "csww_indicators_2017_to_2024.csv")
	want := map[string][]string{}
	f, err := os.Open(sharedData(t, "dfe-csww", "SOURCE.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := violationLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		if rule := ruleFor(m[1]); rule != "" {
			want[rule] = append(want[rule], m[3]+", "+m[2])
		}
	}
	if len(want) < 8 {
		t.Fatalf("read violations of only %d rules from SOURCE.md", len(want))
	}
	res := runPack(t, data)
	got := map[string][]string{}
	for _, fd := range res.Findings {
		got[fd.Rule.ID] = append(got[fd.Rule.ID], fd.Subject)
	}
	for _, m := range sourceRules {
		w, g := want[m.rule], got[m.rule]
		sort.Strings(w)
		sort.Strings(g)
		if strings.Join(w, "; ") != strings.Join(g, "; ") {
			t.Errorf("%s:\n got  %v\n want %v", m.rule, g, w)
		}
	}
	// The sums hold within rounding everywhere, and mostly exactly.
	for _, rr := range res.Rules {
		if rr.Rule.ID == "la-sum-region-inpost" && (rr.Counts[Pass] == 0 || rr.Counts[PassWithinRounding] == 0) {
			t.Errorf("la-sum-region-inpost counts %v: want both exact and within-rounding passes", rr.Counts)
		}
	}
}

// TestWorkforceReleaseVintage2025 checks the 2017–2025 release against the
// violation counts SOURCE.md gives for it.
func TestWorkforceReleaseVintage2025(t *testing.T) {
	data := sharedData(t, "dfe-csww", "csww_indicators_2017_to_2025.csv")
	src, err := os.ReadFile(sharedData(t, "dfe-csww", "SOURCE.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(src), "`csww_indicators_2017_to_2025.csv`:")
	if !ok {
		t.Fatal("SOURCE.md has no section for the 2025 file")
	}
	section, _, _ = strings.Cut(section, "\n`csww_indicators_2017_to_2023.csv`")
	row := regexp.MustCompile("(?m)^\\| `([^`]*)` \\| (\\d+) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|$")
	want := map[string]int{}
	for _, m := range row.FindAllStringSubmatch(section, -1) {
		if rule := ruleFor(m[1]); rule != "" {
			n, _ := strconv.Atoi(m[5])
			want[rule] += n
		}
	}
	if len(want) < 8 {
		t.Fatalf("read counts of only %d rules from SOURCE.md", len(want))
	}
	res := runPack(t, data)
	for _, rr := range res.Rules {
		if w, listed := want[rr.Rule.ID]; listed && rr.Counts[Fail] != w {
			t.Errorf("%s: %d failures, SOURCE.md documents %d", rr.Rule.ID, rr.Counts[Fail], w)
		}
	}
}

// TestUnflaggedRevisions runs two releases together: every figure of the
// later release that differs from the earlier one's must be a same-figure
// finding, and no other. The differing cells are found here by comparing
// the files' text, independently of figcheck.
func TestUnflaggedRevisions(t *testing.T) {
	older := sharedData(t, "dfe-csww", "csww_indicators_2017_to_2023.csv")
	newer := sharedData(t, "dfe-csww", "csww_indicators_2017_to_2024.csv")
	a, b := readCells(t, older), readCells(t, newer)
	revised := 0
	for k, va := range a {
		vb, ok := b[k]
		_, errA := strconv.ParseFloat(va, 64)
		_, errB := strconv.ParseFloat(vb, 64)
		if ok && va != vb && errA == nil && errB == nil {
			revised++
		}
	}
	if revised == 0 {
		t.Fatal("no revised figures found between the releases")
	}
	res := runPack(t, older, newer)
	got := 0
	for _, fd := range res.Findings {
		if fd.Rule.ID == "same-figure" {
			got++
			if fd.Figures[0].Pos.File != older || fd.Figures[1].Pos.File != newer {
				t.Errorf("finding %s compares %s with %s", fd.Subject, fd.Figures[0].Pos, fd.Figures[1].Pos)
			}
		}
	}
	if got != revised {
		t.Errorf("%d same-figure findings, %d figures revised", got, revised)
	}
}

// readCells reads a release file into cells keyed by year, area code and
// column.
func readCells(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cells := map[string]string{}
	for _, r := range rows[1:] {
		code := r[8] + r[5] + r[3] // LA, else region, else country code
		for i := 10; i < len(r); i++ {
			cells[r[0]+"|"+code+"|"+rows[0][i]] = r[i]
		}
	}
	return cells
}
