package figcheck

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/internal/yamlnode"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/tables"
)

// A rule test file sits beside the rules it tests and gives cases: figures
// that must pass some rules, fail others, or be skipped by them.
//
//	test: [csww-rules.yaml]          # the rule files, relative to this file
//	cases:
//	  - name: an aggregate rate that leaves out an unreliable authority
//	    table: |                     # a CSV table, or a path to a table
//	      time_period,geographic_level,…
//	      2022,Regional,…
//	    expect:
//	      fail: [turnover-rate-fte]
//	      pass: [vacancy-rate]
//	      skip: [caseload]
//	  - name: a claim from an article
//	    figures:                     # a figure set, or a path to one
//	      fall: 30 per cent
//	    expect:
//	      fail: [mk-vacancy-fall]
type ruleTest struct {
	path   string
	rules  []string
	cases  []testCase
	limits Limits
}

type testCase struct {
	name    string
	pos     position.Pos
	table   string // path of a table file
	figures string // path of a figure set file
	expect  map[string][]string
	expPos  map[string][]position.Pos
}

// TestFile is a rule test file and how each of its cases went.
type TestFile struct {
	Path  string
	Cases []CaseResult
}

// CaseResult is how one case of a rule test went.
type CaseResult struct {
	Name string
	Pos  position.Pos
	// Problems say how the case missed its expectations; none means it
	// passed.
	Problems []string
}

// RunRuleTest reads the rule test at path and runs its cases, within lim:
// the test is read as a rule file is, and its rule files, tables and
// figure sets as a check reads them. Inline tables and figure sets are
// written into scratch, a folder, to be read like any other file.
func RunRuleTest(path, scratch string, lim Limits) (*TestFile, error) {
	rt, err := readRuleTest(path, scratch, lim)
	if err != nil {
		return nil, err
	}
	tf := &TestFile{Path: path}
	for _, c := range rt.cases {
		problems, err := rt.run(c)
		if err != nil {
			return nil, err
		}
		tf.Cases = append(tf.Cases, CaseResult{Name: c.name, Pos: c.pos, Problems: problems})
	}
	return tf, nil
}

// FindRuleTests returns the rule tests among paths, walking folders; with
// no paths, those of the working directory. Each YAML file is read within
// lim's figure-set-size to tell what it is. A rule test that cannot be
// read is an error; other files are passed over.
func FindRuleTests(lim Limits, paths ...string) ([]string, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var tests []string
	for _, root := range paths {
		err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
			switch {
			case err != nil:
				return err
			case e.IsDir() && path != root && strings.HasPrefix(e.Name(), "."):
				return filepath.SkipDir
			case e.IsDir():
				return nil
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".yaml", ".yml":
			default:
				return nil
			}
			src, err := lim.readYAML(path)
			if err != nil {
				return err
			}
			switch kind, err := kindOf(path, src); {
			case kind == kindTests && err != nil:
				return err
			case kind == kindTests:
				tests = append(tests, path)
			case path == root && err != nil:
				return err
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("figcheck test: %w", err)
		}
	}
	return tests, nil
}

// readRuleTest reads a rule test, writing inline tables and figure sets
// into dir so that they are read like any other.
func readRuleTest(path, dir string, lim Limits) (*ruleTest, error) {
	d, root, err := yamlnode.ReadFile(path, lim.withDefaults().Rules.FileBytes, "a rule test", "rule-file-size")
	if err != nil {
		return nil, err
	}
	rt := &ruleTest{path: path, limits: lim}
	base := filepath.Dir(path)
	d.Fields(root, "the rule test",
		yamlnode.Field{Name: "test", Required: true, Read: func(_, v *yaml.Node) {
			names, _ := d.Strings(v, "test")
			for _, n := range names {
				rt.rules = append(rt.rules, filepath.Join(base, n))
			}
		}},
		yamlnode.Field{Name: "cases", Required: true, Read: func(_, v *yaml.Node) {
			if v.Kind != yaml.SequenceNode {
				d.Errorf(v, "cases must be a list")
				return
			}
			for i, n := range v.Content {
				c := testCase{pos: d.Pos(n), expect: map[string][]string{}, expPos: map[string][]position.Pos{}}
				d.Fields(n, "a test case",
					yamlnode.Field{Name: "name", Required: true, Read: func(_, v *yaml.Node) { c.name, _ = d.String(v, "name") }},
					yamlnode.Field{Name: "table", Read: func(_, v *yaml.Node) {
						c.table = inlineOrPath(d, v, base, filepath.Join(dir, fmt.Sprintf("%s.%d.csv", filepath.Base(path), i)))
					}},
					yamlnode.Field{Name: "figures", Read: func(_, v *yaml.Node) {
						if v.Kind == yaml.MappingNode {
							v = &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "figures"}, v}}
							out, err := yaml.Marshal(v)
							if err != nil {
								d.Errorf(v, "%v", err)
								return
							}
							c.figures = filepath.Join(dir, fmt.Sprintf("%s.%d.yaml", filepath.Base(path), i))
							if err := os.WriteFile(c.figures, out, 0o644); err != nil {
								d.Errorf(v, "%v", err)
							}
							return
						}
						c.figures = inlineOrPath(d, v, base, "")
					}},
					yamlnode.Field{Name: "expect", Required: true, Read: func(_, v *yaml.Node) {
						d.Fields(v, "expect",
							expectField(d, &c, "pass"), expectField(d, &c, "fail"), expectField(d, &c, "skip"))
					}},
				)
				if c.table == "" && c.figures == "" {
					d.Errorf(n, "the case has neither a table nor figures to check")
				}
				rt.cases = append(rt.cases, c)
			}
		}},
	)
	return rt, d.Errs.Err()
}

func expectField(d *yamlnode.Doc, c *testCase, verdict string) yamlnode.Field {
	return yamlnode.Field{Name: verdict, Read: func(_, v *yaml.Node) {
		ids, nodes := d.Strings(v, verdict)
		c.expect[verdict] = ids
		for _, n := range nodes {
			c.expPos[verdict] = append(c.expPos[verdict], d.Pos(n))
		}
	}}
}

// inlineOrPath returns the file a case's table names: the path given, or,
// for a text of several lines, the text written to inline.
func inlineOrPath(d *yamlnode.Doc, v *yaml.Node, base, inline string) string {
	s, ok := d.String(v, "a table or figure set")
	if !ok {
		return ""
	}
	if strings.Contains(s, "\n") && inline != "" {
		if err := os.WriteFile(inline, []byte(s), 0o644); err != nil {
			d.Errorf(v, "%v", err)
		}
		return inline
	}
	return filepath.Join(base, s)
}

// run checks one case and returns how it missed its expectations. Only
// the rules the case names are run, so that a case gives only the figures
// those rules need.
func (rt *ruleTest) run(c testCase) ([]string, error) {
	rs, err := rt.limits.Rules.Load(rt.rules...)
	if err != nil {
		return nil, err
	}
	named := map[string]bool{}
	for _, ids := range c.expect {
		for _, id := range ids {
			named[id] = true
		}
	}
	kept := rs.Rules[:0]
	for _, r := range rs.Rules {
		if named[r.ID] {
			kept = append(kept, r)
		}
	}
	rs.Rules = kept
	var sets []*figures.Set
	if c.figures != "" {
		set, err := rt.limits.loadSet(c.figures)
		if err != nil {
			return nil, err
		}
		sets = append(sets, set)
	}
	ch, err := checker.New(rs, sets)
	if err != nil {
		return nil, err
	}
	var tabs []*tables.Table
	if c.table != "" {
		o := ch.TableOptions()
		o.Limits = rt.limits.Tables
		t, err := tables.Open(c.table, o)
		if err != nil {
			return nil, err
		}
		tabs = append(tabs, t)
	}
	res, err := ch.Check(context.Background(), tabs, checker.Options{})
	if err != nil {
		return nil, err
	}
	var problems []string
	for _, p := range res.Problems {
		problems = append(problems, "input problem: "+p.Error())
	}
	counts := map[string]checker.Counts{}
	for _, rr := range res.Rules {
		counts[rr.Rule.ID] = rr.Counts
	}
	for _, verdict := range []string{"pass", "fail", "skip"} {
		for i, id := range c.expect[verdict] {
			n, known := counts[id]
			if !known {
				problems = append(problems, fmt.Sprintf("%s: no rule %s in %s", c.expPos[verdict][i], id, strings.Join(rt.rules, ", ")))
				continue
			}
			if miss := missed(verdict, n); miss != "" {
				problems = append(problems, fmt.Sprintf("rule %s should %s, but %s", id, verdict, miss))
			}
		}
	}
	sort.Strings(problems)
	return problems, nil
}

// missed says how counts n miss the verdict expected, or returns "".
func missed(verdict string, n checker.Counts) string {
	passes := n[checker.Pass] + n[checker.PassWithinRounding]
	got := fmt.Sprintf("it had %d pass, %d pass within rounding, %d fail, %d skipped", n[checker.Pass], n[checker.PassWithinRounding], n[checker.Fail], n[checker.Skipped])
	switch {
	case verdict == "pass" && (passes == 0 || n[checker.Fail] > 0 || n[checker.Skipped] > 0):
		return got
	case verdict == "fail" && n[checker.Fail] == 0:
		return got
	case verdict == "skip" && (n[checker.Skipped] == 0 || passes > 0 || n[checker.Fail] > 0):
		return got
	}
	return ""
}
