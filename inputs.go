package figcheck

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/figcheck/figcheck/ees"
	"github.com/figcheck/figcheck/extract"
	"github.com/figcheck/figcheck/internal/yamlnode"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/tables"
)

// ConfigName is the file that names a folder's rules and figures, found
// from the working directory upward as lint tools find theirs.
const ConfigName = ".figcheck.yaml"

// inputs build a Config, reading each config file and adding each file
// once.
type inputs struct {
	*Config
	configs map[string]bool // config files read, against loops
	files   map[string]bool // files added, read once
	// metaFlag says that Meta is the one metadata file --meta names.
	metaFlag bool
	// configBytes is the most read of a config file: rule-file-size as
	// the command line sets it, since a config's own limits cannot bound
	// the reading of it.
	configBytes int
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// Resolve turns paths, files and folders, into the files of a run: a file
// by its kind, a folder by its .figcheck.yaml or else by the files in it.
// With no paths it reads the .figcheck.yaml of the working directory or
// the nearest parent, if there is one. The overrides apply last.
func Resolve(paths []string, o Overrides) (*Config, error) {
	in := &inputs{Config: &Config{}, configs: map[string]bool{}, files: map[string]bool{}}
	// The command line's limits hold while the paths are read (files are
	// read to tell what they are), and then again over the config's.
	setLimits := func() error {
		for _, l := range o.Limits {
			if err := in.Limits.SetText(l); err != nil {
				return fmt.Errorf("figcheck: %w", err)
			}
		}
		return nil
	}
	if err := setLimits(); err != nil {
		return nil, err
	}
	in.configBytes = in.Limits.withDefaults().Rules.FileBytes
	if len(paths) == 0 {
		cfg, err := findConfig(".")
		if err != nil {
			return nil, err
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
	if len(o.Rules) > 0 {
		in.Rules = nil
		for _, p := range o.Rules {
			files, err := in.listed(p, kindRules)
			if err != nil {
				return nil, fmt.Errorf("figcheck: %w", err)
			}
			in.Rules = append(in.Rules, files...)
		}
	}
	for _, p := range o.Waivers {
		files, err := in.listed(p, kindWaivers)
		if err != nil {
			return nil, fmt.Errorf("figcheck: %w", err)
		}
		in.Waivers = append(in.Waivers, files...)
	}
	if o.Baseline != "" {
		in.Baseline = o.Baseline
	}
	in.AllowOutsideIncludes = o.AllowOutsideIncludes
	if err := setLimits(); err != nil {
		return nil, err
	}
	if o.Meta != "" {
		in.Meta, in.metaFlag = []string{o.Meta}, true
	}
	in.EESOptions.DisclosureWidth = o.DisclosureWidth
	if err := in.findEES(); err != nil {
		return nil, err
	}
	if len(o.Formats) > 0 {
		in.Formats = o.Formats
	}
	if o.FailOn != "" {
		f, err := ParseFailOn(o.FailOn)
		if err != nil {
			return nil, err
		}
		in.FailOn = f
	}
	return in.Config, nil
}

// add adds a file by its kind, or a folder by its config or its files.
func (in *inputs) add(path string) error {
	if path == StdinName {
		in.addKind(path, kindTable)
		return nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("figcheck: %s: %v", path, unwrap(err))
	}
	if !info.IsDir() {
		return in.addFile(path)
	}
	cfg := filepath.Join(path, ConfigName)
	if _, err := os.Stat(cfg); err == nil && !in.configs[absPath(cfg)] {
		return in.readConfig(cfg)
	}
	return in.addFolder(path, "")
}

// addFolder adds the files of dir of kind want, or of any kind when want
// is "". Figures are tables and figure sets. Files that are not
// figcheck's are skipped and noted.
func (in *inputs) addFolder(dir, want string) error {
	files, err := in.folder(dir)
	if err != nil {
		return err
	}
	// A folder's articles are read when it holds no other figures: a
	// draft beside the figure set written from it is not read twice.
	articles := true
	for _, f := range files {
		articles = articles && f.kind != kindTable && f.kind != kindFigures
	}
	for _, f := range files {
		if f.kind == kindArticle && !articles {
			continue
		}
		if want == "" || f.kind == want || want == kindFigures && (f.kind == kindTable || f.kind == kindArticle) {
			in.addKind(f.path, f.kind)
		}
	}
	return nil
}

func isInputFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return tables.IsTable(name) || extract.IsArticle(name)
}

// addFile adds a file named on its own: a table, or a YAML file by what
// its top-level keys say it is.
func (in *inputs) addFile(path string) error {
	if tables.IsTable(path) {
		in.addKind(path, kindTable)
		return nil
	}
	if extract.IsArticle(path) {
		if err := yamlnode.Regular(path); err != nil {
			return yamlnode.CannotRead(path, err)
		}
		in.addKind(path, kindArticle)
		return nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".json":
	default:
		return fmt.Errorf("figcheck: %s: figcheck reads .csv, .ndjson, .jsonl and .parquet tables (.csv and .ndjson also gzipped), .yaml, .yml or .json figure sets, rule files, waivers and rule tests, and articles (.txt, .md, .html, .xml, .rss, .atom)", path)
	}
	src, err := in.Limits.readYAML(path)
	if err != nil {
		return err
	}
	kind, err := kindOf(path, src)
	switch {
	case err != nil:
		return err
	case kind == "":
		return position.Errorf(position.Pos{File: path, Line: 1}, "figcheck cannot tell what this file is: a rule file has rules:, a figure set figures:, a waiver file waivers:, a rule test cases:")
	}
	in.addKind(path, kind)
	return nil
}

// addKind adds a file of a known kind, once.
func (in *inputs) addKind(path, kind string) {
	if in.files[absPath(path)] {
		return
	}
	in.files[absPath(path)] = true
	if kind == kindTable && ees.IsMeta(path) {
		in.Meta = append(in.Meta, path)
		return
	}
	switch kind {
	case kindTable:
		in.Tables = append(in.Tables, path)
	case kindRules:
		in.Rules = append(in.Rules, path)
	case kindFigures:
		in.Sets = append(in.Sets, path)
	case kindWaivers:
		in.Waivers = append(in.Waivers, path)
	case kindBaseline:
		in.Baseline = path
	case kindArticle:
		in.Articles = append(in.Articles, path)
	}
	// Rule tests are run by figcheck test, which finds them itself.
}

// findConfig returns the config file in dir or the nearest parent, or "".
func findConfig(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(abs, ConfigName)
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
//	rules: [rules/]                     # rule files, or folders of them
//	figures: [data/, article.yaml]      # tables, figure sets, folders
//	waivers: [waivers.yaml]             # optional; files or folders
//	baseline: figcheck-baseline.yaml    # optional
//	fail-on: warning                    # optional
//	format: [text, sarif=figcheck.sarif]  # optional
//	limits: {rules: 20000}              # optional: limits raised
//
// Paths are relative to the config file. It is read within rule-file-size
// as the command line sets it.
func (in *inputs) readConfig(path string) error {
	if in.configs[absPath(path)] {
		return nil
	}
	in.configs[absPath(path)] = true
	if in.File == "" {
		in.File = path
	}
	d, root, err := yamlnode.ReadFile(path, in.configBytes, "a config file", "rule-file-size")
	if err != nil {
		return err // at the file, or at its mistakes
	}
	dir := filepath.Dir(path)
	var ruleNodes, figureNodes, waiverNodes []*yaml.Node
	var baselineNode, failOnNode *yaml.Node
	d.Fields(root, "the config file",
		yamlnode.Field{Name: "rules", Read: func(_, v *yaml.Node) { _, ruleNodes = d.Strings(v, "rules") }},
		yamlnode.Field{Name: "figures", Read: func(_, v *yaml.Node) { _, figureNodes = d.Strings(v, "figures") }},
		yamlnode.Field{Name: "waivers", Read: func(_, v *yaml.Node) { _, waiverNodes = d.Strings(v, "waivers") }},
		yamlnode.Field{Name: "baseline", Read: func(_, v *yaml.Node) { baselineNode = v }},
		yamlnode.Field{Name: "fail-on", Read: func(_, v *yaml.Node) { failOnNode = v }},
		yamlnode.Field{Name: "format", Read: func(_, v *yaml.Node) { in.Formats, _ = d.Strings(v, "format") }},
		yamlnode.Field{Name: "limits", Read: func(_, v *yaml.Node) {
			keys, values := d.Pairs(v, "limits")
			for i, k := range keys {
				at := values[i]
				if limitByName(k.Value) == nil {
					at = k // the name is wrong, not the value
				}
				if value, ok := d.String(values[i], "limit "+k.Value); ok {
					if err := in.Limits.Set(k.Value, value); err != nil {
						d.Errorf(at, "%v", err)
					}
				}
			}
		}},
	)
	listed := func(nodes []*yaml.Node, kind string, dst *[]string) {
		for _, n := range nodes {
			p := filepath.Join(dir, n.Value)
			if _, err := os.Stat(p); err != nil {
				d.Errorf(n, "%s %s: %v", strings.TrimSuffix(kindWords[kind], "s"), n.Value, unwrap(err))
				continue
			}
			files, err := in.listed(p, kind)
			if err != nil {
				d.Errorf(n, "%v", err)
				continue
			}
			*dst = append(*dst, files...)
		}
	}
	listed(ruleNodes, kindRules, &in.Rules)
	listed(waiverNodes, kindWaivers, &in.Waivers)
	if baselineNode != nil {
		if s, ok := d.String(baselineNode, "baseline"); ok {
			in.Baseline = filepath.Join(dir, s) // it may not exist yet: figcheck baseline writes it
		}
	}
	if failOnNode != nil {
		if s, ok := d.String(failOnNode, "fail-on"); ok {
			f, err := ParseFailOn(s)
			if err != nil {
				d.Errorf(failOnNode, "%v", err)
			}
			in.FailOn = f
		}
	}
	for _, n := range figureNodes {
		p := filepath.Join(dir, n.Value)
		info, err := os.Stat(p)
		switch {
		case err != nil:
			d.Errorf(n, "figures %s: %v", n.Value, unwrap(err))
			continue
		case info.IsDir():
			// Only the tables and figure sets, not the waivers, baselines
			// or rule files that may sit beside them.
			err = in.addFolder(p, kindFigures)
		default:
			err = in.addFile(p)
		}
		if err != nil {
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
