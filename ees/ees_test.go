package ees_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/figcheck/figcheck"
	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/ees"
)

// checkEES checks an EES data file with the rules worked out from its
// metadata, as figcheck check does with no rules given.
func checkEES(t *testing.T, data, meta string) *checker.Result {
	t.Helper()
	cfg, err := figcheck.Resolve([]string{data}, figcheck.Overrides{Meta: meta})
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.EES) != 1 {
		t.Fatalf("%s is not checked as an EES file: %+v", data, cfg)
	}
	run, err := figcheck.Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	res, err := run.Check(context.Background(), checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("problems: %v", res.Problems)
	}
	return res
}

// failing returns the rules that failed, with how often.
func failing(res *checker.Result) map[string]int {
	out := map[string]int{}
	for _, rr := range res.Rules {
		if n := rr.Counts[checker.Fail]; n > 0 {
			out[rr.Rule.ID] = n
		}
	}
	return out
}

func ids(m map[string]int) []string {
	var out []string
	for id := range m {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// TestCorpus checks each case of testdata/ees/corpus (written by its
// make.py): pass/ fails no rule, and each other case fails the rules it
// is made to break, and no others. A change to one figure breaks every
// relation the figure is in.
func TestCorpus(t *testing.T) {
	cases := []struct {
		name  string
		fails []string
	}{
		{"pass", nil},
		{"mandatory-column", []string{"ees/level-columns", "ees/mandatory-columns"}},
		{"unlisted-column", []string{"ees/metadata-columns"}},
		{"meta-column-missing", []string{"ees/metadata-columns"}},
		{"time-identifier", []string{"ees/time-identifier", "ees/time-period"}},
		{"time-period", []string{"ees/time-period"}},
		{"time-period-years", []string{"ees/time-period-years"}},
		{"geographic-level", []string{"ees/geographic-level"}},
		{"level-columns-regional", []string{"ees/level-columns-regional"}},
		{"level-columns-national", []string{"ees/level-columns-national"}},
		{"level-columns-la", []string{"ees/level-columns-local-authority", "ees/sum-sex-total-la-pupils", "ees/sum-sex-total-la-pupils-fsm"}},
		{"level-columns", []string{"ees/level-columns"}},
		{"code-name", []string{"ees/code-name", "ees/sum-sex-total-la-pupils", "ees/sum-sex-total-la-pupils-fsm"}},
		{"filter-total", []string{"ees/filter-total"}},
		{"filter-default-pass", nil},
		{"filter-default", []string{"ees/filter-total"}},
		{"duplicate-rows", []string{"ees/duplicate-rows", "ees/sum-la-region-pupils"}},
		{"blank-indicator", []string{"ees/indicator-symbols"}},
		{"legacy-symbol", []string{"ees/indicator-symbols"}},
		{"la-region", []string{"ees/sum-la-region-pupils", "ees/sum-region-national-pupils", "ees/sum-sex-total-pupils"}},
		{"region-national", []string{"ees/share-pt-fsm", "ees/sum-region-national-pupils", "ees/sum-sex-total-pupils"}},
		{"inner-outer-london", []string{"ees/share-pt-fsm", "ees/sum-inner-outer-london-pupils", "ees/sum-la-region-pupils", "ees/sum-sex-total-pupils"}},
		{"filter-sum-la", []string{"ees/sum-sex-total-la-pupils"}},
		{"filter-sum", []string{"ees/sum-la-region-pupils", "ees/sum-sex-total-pupils"}},
		{"share-la", []string{"ees/share-pt-fsm-la"}},
		{"share", []string{"ees/share-pt-fsm"}},
		{"secondary-suppression", []string{"ees/secondary-suppression"}},
		{"code-format", []string{"ees/code-format-country-code", "ees/code-format-new-la-code", "ees/code-format-region-code"}},
		{"file-name", []string{"ees/file-name"}},
		{"indicator-dp", []string{"ees/indicator-dp"}},
		{"indicator-dp-blank", []string{"ees/indicator-dp"}},
		{"time-period-week", []string{"ees/time-period"}},
		{"filter-share-pass", nil},
		{"filter-share", []string{"ees/share-pt-pupils-of-sex-total"}},
	}
	files := corpusFiles(t)
	if len(files) != len(cases) {
		t.Errorf("%d cases in the corpus, %d in the test", len(files), len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := checkEES(t, files[c.name], "")
			if got := ids(failing(res)); !slices.Equal(got, c.fails) {
				t.Errorf("failing rules %v, want %v", got, c.fails)
			}
		})
	}
}

// TestCorpusCoversEveryRule holds the corpus to a passing and a failing
// case for every kind of rule that figcheck works out for it: each rule,
// counting the sums and shares of the two counts as one kind.
func TestCorpusCoversEveryRule(t *testing.T) {
	res := checkEES(t, filepath.Join("..", "testdata", "ees", "corpus", "pass", "pupils.csv"), "")
	failed := map[string]bool{}
	for _, f := range corpusFiles(t) {
		for id := range failing(checkEES(t, f, "")) {
			failed[kind(id)] = true
		}
	}
	for _, rr := range res.Rules {
		if rr.Counts[checker.Pass]+rr.Counts[checker.PassWithinRounding] == 0 {
			t.Errorf("%s: no evaluation passes in pass/", rr.Rule.ID)
		}
		if !failed[kind(rr.Rule.ID)] {
			t.Errorf("%s: no case of the corpus fails it", rr.Rule.ID)
		}
	}
}

// corpusFiles returns the data file of each case of the corpus, by case.
func corpusFiles(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "testdata", "ees", "corpus", "*", "*.csv"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range files {
		if !strings.HasSuffix(f, ".meta.csv") {
			out[filepath.Base(filepath.Dir(f))] = f
		}
	}
	return out
}

// kind is a rule's id without the count it is about.
func kind(id string) string {
	return strings.TrimSuffix(strings.TrimSuffix(id, "-fsm"), "-pupils")
}

// sharedData returns the path of a file under ../shared/data beside the
// project, skipping the test where that folder is absent.
func sharedData(t *testing.T, parts ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{"..", "..", "shared", "data"}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("skipping: %s is not here (the shared data folder sits beside the project)", p)
	}
	return p
}

// TestDfE checks real DfE files with metadata written for them, against
// what their SOURCE.md documents: every percentage holds against its
// counts at local authority level on the rows SOURCE.md counts; the two
// 2022 percentages of d3 recomputed without Doncaster; the six key stage
// 4 rows where England is more than its regions. The filter-total
// warnings are filters whose levels overlap (social care groups) or have
// one level; the secondary-suppression findings are cells that the
// published figures give away.
func TestDfE(t *testing.T) {
	cases := []struct {
		dir, file string
		fails     map[string]int
		checked   map[string]int // pass + pass within rounding + fail
	}{
		{"dfe-csc-education-outcomes", "absence_la",
			map[string]int{"ees/filter-total": 2, "ees/secondary-suppression": 123},
			map[string]int{"ees/share-pt-overall-la": 10450, "ees/share-pt-sess-authorised-la": 10388, "ees/share-pt-sess-unauthorised-la": 10384, "ees/share-pt-overall": 1080}},
		{"dfe-csc-education-outcomes", "ks4_la",
			map[string]int{"ees/filter-total": 2, "ees/sum-region-national-t-pupils": 6},
			map[string]int{"ees/sum-region-national-t-pupils": 21}},
		{"dfe-cin", "d3_cpps_subsequent_plan_2013_to_2025",
			map[string]int{"ees/filter-total": 1, "ees/share-CPP-subsequent-percent": 2},
			map[string]int{"ees/share-CPP-subsequent-percent-la": 1924, "ees/share-CPP-subsequent-percent": 156}},
		{"dfe-cin", "c1_children_in_need_referrals_and_rereferrals_2013_to_2025",
			map[string]int{"ees/filter-total": 1},
			map[string]int{"ees/share-rereferral-percent-la": 1948, "ees/share-no-further-action-percent-la": 1873, "ees/share-not-in-need-percent-la": 1940, "ees/share-rereferral-child-percent-la": 1952}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			data := sharedData(t, c.dir, c.file+".csv")
			res := checkEES(t, data, filepath.Join("..", "testdata", "ees", "dfe", c.file+".meta.csv"))
			got := failing(res)
			if !mapsEqual(got, c.fails) {
				t.Errorf("failures %v, want %v", got, c.fails)
			}
			for _, rr := range res.Rules {
				want, ok := c.checked[rr.Rule.ID]
				if n := rr.Counts[checker.Pass] + rr.Counts[checker.PassWithinRounding] + rr.Counts[checker.Fail]; ok && n != want {
					t.Errorf("%s checked %d rows, want %d", rr.Rule.ID, n, want)
				}
				delete(c.checked, rr.Rule.ID)
			}
			for id := range c.checked {
				t.Errorf("no rule %s", id)
			}
			for _, f := range res.Findings {
				if f.Rule.ID == "ees/share-CPP-subsequent-percent" && !strings.HasPrefix(f.Subject, "England, 2022, ") && !strings.HasPrefix(f.Subject, "Yorkshire and The Humber, 2022, ") {
					t.Errorf("d3 finding %s, want England and Yorkshire and The Humber in 2022", f.Subject)
				}
			}
		})
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestEESDemo checks the DfE's demo file with its own metadata. Its
// SOURCE.md says the North East's boys and girls (32 + 64) do not make its
// total of 100; and it writes geographical_level, the standard's older
// name for geographic_level. Its school phases are Total and Primary
// alone: the primary rows are a part of the total, not a breakdown of it,
// and are not held to add up to it.
func TestEESDemo(t *testing.T) {
	res := checkEES(t, sharedData(t, "ees-demo", "ees_demo_datafile.csv"), "")
	want := map[string]int{"ees/sum-sex-total-number-children": 1, "ees/mandatory-columns": 1}
	if got := failing(res); !mapsEqual(got, want) {
		t.Errorf("failures %v, want %v", got, want)
	}
	for _, f := range res.Findings {
		if f.Rule.ID == "ees/sum-sex-total-number-children" && (f.Subject != "North East, 202021, Total, Total" || f.Computation != "100 == 96") {
			t.Errorf("finding %s: %s, want North East, 202021, Total, Total (its sex and school phase): 100 == 96", f.Subject, f.Computation)
		}
	}
}

// TestRuleFileChecksAlike holds the rule file that figcheck infer writes
// to the rules EES mode checks with: checking a data file with the file
// written out finds what EES mode finds with its rules, figure for figure.
func TestRuleFileChecksAlike(t *testing.T) {
	files := corpusFiles(t)
	cases := []string{files["pass"], files["la-region"], files["share"], files["filter-share"], files["code-format"], files["duplicate-rows"], files["secondary-suppression"]}
	if demo := filepath.Join("..", "..", "shared", "data", "ees-demo", "ees_demo_datafile.csv"); fileExists(demo) {
		cases = append(cases, demo)
	}
	for _, data := range cases {
		t.Run(filepath.Base(filepath.Dir(data)), func(t *testing.T) {
			src, err := figcheck.Infer(figcheck.EESFile{Data: data, Meta: ees.MetaPath(data)}, figcheck.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			ruleFile := filepath.Join(t.TempDir(), "rules.yaml")
			if err := os.WriteFile(ruleFile, src, 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, err := figcheck.Resolve([]string{data}, figcheck.Overrides{Rules: []string{ruleFile}})
			if err != nil {
				t.Fatal(err)
			}
			run, err := figcheck.Load(cfg)
			if err != nil {
				t.Fatalf("%v\n%s", err, src)
			}
			defer run.Close()
			written, err := run.Check(context.Background(), checker.Options{})
			if err != nil {
				t.Fatal(err)
			}
			inferred := checkEES(t, data, "")
			inFile := map[string]bool{}
			var want, got []string
			for _, rr := range written.Rules {
				inFile[rr.Rule.ID] = true
				got = append(got, fmt.Sprint(rr.Rule.ID, rr.Counts))
			}
			for _, rr := range inferred.Rules {
				if inFile[rr.Rule.ID] {
					want = append(want, fmt.Sprint(rr.Rule.ID, rr.Counts))
				}
			}
			if !slices.Equal(got, want) || len(got) == 0 {
				t.Errorf("rules and counts with the file written:\n%v\nin EES mode:\n%v", got, want)
			}
			want, got = nil, nil
			for _, f := range written.Findings {
				got = append(got, findingText(f))
			}
			for _, f := range inferred.Findings {
				if inFile[f.Rule.ID] {
					want = append(want, findingText(f))
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("findings with the file written:\n%v\nin EES mode:\n%v", got, want)
			}
		})
	}
}

func findingText(f checker.Finding) string {
	return fmt.Sprintf("%s %s %s %s: %s = %s", f.Rule.ID, f.Verdict, f.Subject, f.Pos, f.Message, f.Computation)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
