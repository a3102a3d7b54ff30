package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/figcheck/figcheck/internal/yamlnode"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/tables"
)

// configName is the file that names a folder's rules and figures, found
// from the working directory upward as lint tools find theirs.
const configName = ".figcheck.yaml"

// inputs are the files of one run, sorted by kind, and the settings that
// the config file may give and flags override.
type inputs struct {
	rules    []string
	sets     []string // figure sets
	tables   []string // CSV, NDJSON and Parquet tables
	waivers  []string
	tests    []string // rule test files
	baseline string
	formats  []string
	failOn   string
	configs  map[string]bool // config files read, against loops
	files    map[string]bool // files added, read once
}

// stdinName is the argument that stands for a table on standard input.
const stdinName = "-"

// stdin is where a table given as - is read from.
var stdin io.Reader = os.Stdin

// openTables opens the tables at paths (- for standard input) with o, or
// none when one cannot be opened.
func openTables(paths []string, o tables.Options) ([]*tables.Table, error) {
	var ts []*tables.Table
	for _, p := range paths {
		var t *tables.Table
		var err error
		if p == stdinName {
			t, err = tables.Read(p, stdin, o)
		} else {
			t, err = tables.Open(p, o)
		}
		if err != nil {
			closeTables(ts)
			return nil, err
		}
		ts = append(ts, t)
	}
	return ts, nil
}

// closeTables removes the copies of tables read from standard input.
func closeTables(ts []*tables.Table) {
	for _, t := range ts {
		t.Close()
	}
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// resolveInputs turns the command line of cmd, and the config file that
// applies, into the files to read. needFigures says whether the command
// checks figures or only reads rules.
func resolveInputs(cmd string, paths []string, f *flags, needFigures bool) (*inputs, error) {
	in := &inputs{failOn: "error", configs: map[string]bool{}, files: map[string]bool{}}
	if len(paths) == 0 {
		cfg, err := findConfig(".")
		if err != nil {
			return nil, err
		}
		switch {
		case cfg == "" && needFigures:
			return nil, fmt.Errorf("figcheck %s: nothing to %s: give figure files or a folder, or write a %s that names them", cmd, cmd, configName)
		case cfg == "" && len(f.rules) == 0:
			return nil, fmt.Errorf("figcheck %s: no rules: pass --rules FILE, or run it where a %s names them", cmd, configName)
		}
		if cfg != "" {
			if err := in.readConfig(cfg); err != nil {
				return nil, err
			}
		}
	}
	for _, p := range paths {
		if err := in.add(p); err != nil {
			return nil, err
		}
	}
	if len(f.rules) > 0 {
		in.rules = f.rules
	}
	in.waivers = append(in.waivers, f.waivers...)
	if f.baseline != "" {
		in.baseline = f.baseline
	}
	if len(f.formats) > 0 {
		in.formats = f.formats
	}
	if len(in.formats) == 0 {
		in.formats = []string{"text"}
	}
	if f.failOn != "" {
		in.failOn = f.failOn
	}
	if len(in.rules) == 0 && cmd != "test" {
		return nil, fmt.Errorf("figcheck %s: no rules: pass --rules FILE, or name rules in %s", cmd, configName)
	}
	if needFigures && len(in.sets) == 0 && len(in.tables) == 0 {
		return nil, fmt.Errorf("figcheck %s: no figures to check: give tables or figure sets", cmd)
	}
	return in, nil
}

// add adds a file by its kind, or a folder by its config or its files.
func (in *inputs) add(path string) error { return in.addPath(path, false) }

// addPath adds path; figuresOnly (for the figures a config names) takes
// only tables and figure sets from a folder, not the waivers, baselines or
// rule files that may sit beside them.
func (in *inputs) addPath(path string, figuresOnly bool) error {
	if path == stdinName {
		if !in.files[stdinName] {
			in.files[stdinName] = true
			in.tables = append(in.tables, path)
		}
		return nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("figcheck: %s: %v", path, unwrap(err))
	}
	if !info.IsDir() {
		return in.addFile(path)
	}
	cfg := filepath.Join(path, configName)
	if _, err := os.Stat(cfg); err == nil && !in.configs[absPath(cfg)] && !figuresOnly {
		return in.readConfig(cfg)
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return fmt.Errorf("figcheck: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") || !isInputFile(e.Name()) {
			continue
		}
		file := filepath.Join(path, e.Name())
		if figuresOnly && !tables.IsTable(file) {
			if kind, err := yamlKind(file); err != nil || kind != "figures" {
				continue
			}
		}
		if err := in.addFile(file); err != nil {
			return err
		}
	}
	return nil
}

func isInputFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return tables.IsTable(name)
}

// addFile adds a table, or a YAML file by what its top-level keys say it is.
func (in *inputs) addFile(path string) error {
	if in.files[absPath(path)] {
		return nil
	}
	in.files[absPath(path)] = true
	if tables.IsTable(path) {
		in.tables = append(in.tables, path)
		return nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".json":
	default:
		return fmt.Errorf("figcheck: %s: figcheck reads .csv, .ndjson, .jsonl and .parquet tables (.csv and .ndjson also gzipped), and .yaml, .yml or .json figure sets, rule files, waivers and rule tests", path)
	}
	kind, err := yamlKind(path)
	if err != nil {
		return err
	}
	switch kind {
	case "rules":
		in.rules = append(in.rules, path)
	case "figures":
		in.sets = append(in.sets, path)
	case "waivers":
		in.waivers = append(in.waivers, path)
	case "tests":
		in.tests = append(in.tests, path)
	case "baseline":
		in.baseline = path
	}
	return nil
}

// yamlKind tells the YAML files figcheck reads apart by their top-level
// keys: rule files (rules, dataset, include), figure sets (figures),
// waivers, baselines and rule tests (test, cases).
func yamlKind(path string) (string, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("figcheck: %w", err)
	}
	d, root := yamlnode.Parse(path, src)
	if root == nil {
		return "", d.Errs
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch k := root.Content[i].Value; k {
		case "rules", "dataset", "include":
			return "rules", nil
		case "figures", "waivers", "baseline":
			return k, nil
		case "test", "cases":
			return "tests", nil
		}
	}
	return "", position.Errorf(position.Pos{File: path, Line: 1}, "figcheck cannot tell what this file is: a rule file has rules:, a figure set figures:, a waiver file waivers:, a rule test cases:")
}

// findConfig returns the config file in dir or the nearest parent, or "".
func findConfig(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(abs, configName)
		if _, err := os.Stat(p); err == nil {
			rel, err := filepath.Rel(mustGetwd(), p)
			if err != nil {
				return p, nil
			}
			return rel, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", nil
		}
		abs = parent
	}
}

func mustGetwd() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	return wd
}

// readConfig reads a config file:
//
//	rules: [rules/workforce.yaml]       # rule files
//	figures: [data/, article.yaml]      # tables, figure sets, folders
//	waivers: [waivers.yaml]             # optional
//	baseline: figcheck-baseline.yaml    # optional
//	fail-on: warning                    # optional
//	format: [text, sarif=figcheck.sarif]  # optional
//
// Paths are relative to the config file.
func (in *inputs) readConfig(path string) error {
	if in.configs[absPath(path)] {
		return nil
	}
	in.configs[absPath(path)] = true
	src, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("figcheck: %w", err)
	}
	d, root := yamlnode.Parse(path, src)
	if root == nil {
		return d.Errs
	}
	dir := filepath.Dir(path)
	var ruleNodes, figureNodes, waiverNodes []*yaml.Node
	var baselineNode *yaml.Node
	d.Fields(root, "the config file",
		yamlnode.Field{Name: "rules", Read: func(_, v *yaml.Node) { _, ruleNodes = d.Strings(v, "rules") }},
		yamlnode.Field{Name: "figures", Read: func(_, v *yaml.Node) { _, figureNodes = d.Strings(v, "figures") }},
		yamlnode.Field{Name: "waivers", Read: func(_, v *yaml.Node) { _, waiverNodes = d.Strings(v, "waivers") }},
		yamlnode.Field{Name: "baseline", Read: func(_, v *yaml.Node) { baselineNode = v }},
		yamlnode.Field{Name: "fail-on", Read: func(_, v *yaml.Node) { in.failOn, _ = d.String(v, "fail-on") }},
		yamlnode.Field{Name: "format", Read: func(_, v *yaml.Node) { in.formats, _ = d.Strings(v, "format") }},
	)
	exists := func(n *yaml.Node, what string) (string, bool) {
		p := filepath.Join(dir, n.Value)
		if _, err := os.Stat(p); err != nil {
			d.Errorf(n, "%s %s: %v", what, n.Value, unwrap(err))
			return "", false
		}
		return p, true
	}
	for _, n := range ruleNodes {
		if p, ok := exists(n, "rule file"); ok {
			in.rules = append(in.rules, p)
		}
	}
	for _, n := range waiverNodes {
		if p, ok := exists(n, "waiver file"); ok {
			in.waivers = append(in.waivers, p)
		}
	}
	if baselineNode != nil {
		if s, ok := d.String(baselineNode, "baseline"); ok {
			in.baseline = filepath.Join(dir, s) // it may not exist yet: figcheck baseline writes it
		}
	}
	for _, n := range figureNodes {
		if p, ok := exists(n, "figures"); ok {
			if err := in.addPath(p, true); err != nil {
				d.Errs.Append(err)
			}
		}
	}
	sort.SliceStable(d.Errs, func(i, j int) bool { return d.Errs[i].Pos.Line < d.Errs[j].Pos.Line })
	return d.Errs.Err()
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
