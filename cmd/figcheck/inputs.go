package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/figcheck/figcheck/internal/yamlnode"
	"github.com/figcheck/figcheck/source"
	"gopkg.in/yaml.v3"
)

// configName is the file that names a folder's rules and figures, found
// from the working directory upward as lint tools find theirs.
const configName = ".figcheck.yaml"

// inputs are the files of one run, sorted by kind.
type inputs struct {
	rules   []string
	sets    []string // figure sets
	tables  []string // CSV tables
	format  string
	failOn  string
	configs map[string]bool // config files read, against loops
	files   map[string]bool // figure and rule files added, read once
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// resolveInputs turns the command line, and the config file that applies,
// into the files to read.
func resolveInputs(paths []string, flags *checkFlags) (*inputs, error) {
	in := &inputs{format: "text", failOn: "error", configs: map[string]bool{}, files: map[string]bool{}}
	if len(paths) == 0 {
		cfg, err := findConfig(".")
		if err != nil {
			return nil, err
		}
		if cfg == "" {
			return nil, errors.New("figcheck check: nothing to check: give figure files or a folder, or write a " + configName + " that names them")
		}
		if err := in.readConfig(cfg); err != nil {
			return nil, err
		}
	}
	for _, p := range paths {
		if err := in.add(p); err != nil {
			return nil, err
		}
	}
	if len(flags.rules) > 0 {
		in.rules = flags.rules
	}
	if flags.format != "" {
		in.format = flags.format
	}
	if flags.failOn != "" {
		in.failOn = flags.failOn
	}
	if len(in.rules) == 0 {
		return nil, errors.New("figcheck check: no rules: pass --rules FILE, or name rules in " + configName)
	}
	if len(in.sets) == 0 && len(in.tables) == 0 {
		return nil, errors.New("figcheck check: no figures to check: give CSV tables or figure sets")
	}
	return in, nil
}

// add adds a file by its kind, or a folder by its config or its files.
func (in *inputs) add(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("figcheck check: %s: %v", path, unwrap(err))
	}
	if !info.IsDir() {
		return in.addFile(path)
	}
	cfg := filepath.Join(path, configName)
	if _, err := os.Stat(cfg); err == nil && !in.configs[absPath(cfg)] {
		return in.readConfig(cfg)
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return fmt.Errorf("figcheck check: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") || !isFigureOrRuleFile(e.Name()) {
			continue
		}
		if err := in.addFile(filepath.Join(path, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func isFigureOrRuleFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".yaml", ".yml", ".json":
		return true
	}
	return false
}

// addFile adds a CSV table, a figure set or a rule file, telling the last
// two apart by their top-level keys.
func (in *inputs) addFile(path string) error {
	if in.files[absPath(path)] {
		return nil
	}
	in.files[absPath(path)] = true
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		in.tables = append(in.tables, path)
		return nil
	case ".yaml", ".yml", ".json":
		kind, err := yamlKind(path)
		if err != nil {
			return err
		}
		if kind == "rules" {
			in.rules = append(in.rules, path)
		} else {
			in.sets = append(in.sets, path)
		}
		return nil
	}
	return fmt.Errorf("figcheck check: %s: figcheck reads .csv tables and .yaml, .yml or .json figure sets and rule files", path)
}

// yamlKind tells a rule file (with rules, dataset or include) from a figure
// set (with figures).
func yamlKind(path string) (string, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("figcheck check: %w", err)
	}
	d, root := yamlnode.Parse(path, src)
	if root == nil {
		return "", d.Errs
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch root.Content[i].Value {
		case "rules", "dataset", "include":
			return "rules", nil
		case "figures":
			return "figures", nil
		}
	}
	return "", source.Errorf(source.Pos{File: path, Line: 1}, "this is neither a rule file (with rules:) nor a figure set (with figures:)")
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
//	fail-on: warning                    # optional
//	format: json                        # optional
//
// Paths are relative to the config file.
func (in *inputs) readConfig(path string) error {
	if in.configs[absPath(path)] {
		return nil
	}
	in.configs[absPath(path)] = true
	src, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("figcheck check: %w", err)
	}
	d, root := yamlnode.Parse(path, src)
	if root == nil {
		return d.Errs
	}
	dir := filepath.Dir(path)
	var ruleNodes, figureNodes []*yaml.Node
	d.Fields(root, "the config file",
		yamlnode.Field{Name: "rules", Read: func(_, v *yaml.Node) { _, ruleNodes = d.Strings(v, "rules") }},
		yamlnode.Field{Name: "figures", Read: func(_, v *yaml.Node) { _, figureNodes = d.Strings(v, "figures") }},
		yamlnode.Field{Name: "fail-on", Read: func(_, v *yaml.Node) { in.failOn, _ = d.String(v, "fail-on") }},
		yamlnode.Field{Name: "format", Read: func(_, v *yaml.Node) { in.format, _ = d.String(v, "format") }},
	)
	for _, n := range ruleNodes {
		p := filepath.Join(dir, n.Value)
		if _, err := os.Stat(p); err != nil {
			d.Errorf(n, "rule file %s: %v", n.Value, unwrap(err))
			continue
		}
		in.rules = append(in.rules, p)
	}
	for _, n := range figureNodes {
		p := filepath.Join(dir, n.Value)
		if _, err := os.Stat(p); err != nil {
			d.Errorf(n, "figures %s: %v", n.Value, unwrap(err))
			continue
		}
		if err := in.add(p); err != nil {
			d.Errs.Append(err)
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
