package rules

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/internal/size"
	"github.com/figcheck/figcheck/internal/yamlnode"
	"github.com/figcheck/figcheck/position"
)

// Limits bound what rule files may hold, so that a rule file from anyone
// cannot exhaust the machine or read files it has no business with. A
// zero field takes its value in DefaultLimits.
type Limits struct {
	FileBytes int // the size of one rule file
	Files     int // rule files read, included ones too
	Rules     int // rules in all of them
	Depth     int // includes within includes
	IDBytes   int // the length of a rule id
	// ExprNodes and TextBytes bound one expression: its nodes, and the
	// bytes of one quoted text in it. The checker holds expressions to
	// them when it compiles the rules.
	ExprNodes int
	TextBytes int
	// IncludeAnywhere allows includes outside the folder of the rule file
	// named on the command line; by default they are refused.
	IncludeAnywhere bool
}

// DefaultLimits are the limits of Load: far above any rule pack (the
// workforce pack is 12 KB and 21 rules), far below what takes minutes to
// compile (about a millisecond and 31 KB a rule).
var DefaultLimits = Limits{FileBytes: 1 << 20, Files: 256, Rules: 5000, Depth: 16, IDBytes: 200, ExprNodes: 2000, TextBytes: 4096}

// WithDefaults returns lim with DefaultLimits' value in each zero field.
func (lim Limits) WithDefaults() Limits {
	for _, f := range []struct{ v, def *int }{
		{&lim.FileBytes, &DefaultLimits.FileBytes}, {&lim.Files, &DefaultLimits.Files},
		{&lim.Rules, &DefaultLimits.Rules}, {&lim.Depth, &DefaultLimits.Depth},
		{&lim.IDBytes, &DefaultLimits.IDBytes}, {&lim.ExprNodes, &DefaultLimits.ExprNodes},
		{&lim.TextBytes, &DefaultLimits.TextBytes},
	} {
		if *f.v == 0 {
			*f.v = *f.def
		}
	}
	return lim
}

// Load reads the rule files at paths and the files they include within
// DefaultLimits, and returns every rule, or every mistake found in them as
// position.Errors.
func Load(paths ...string) (*Set, error) { return DefaultLimits.Load(paths...) }

// Load reads the rule files at paths and the files they include within lim.
//
// Files that another of the paths includes are read after the others, so
// that they are reached through the include and share the including
// file's dataset whatever order the paths come in (a folder lists its
// files by name).
func (lim Limits) Load(paths ...string) (*Set, error) {
	lim = lim.WithDefaults()
	l := &loader{set: &Set{Limits: lim}, seen: map[string]bool{}, ids: map[string]position.Pos{}, limits: lim}
	included := map[string]bool{}
	sources := make([][]byte, len(paths))
	for i, p := range paths {
		src, err := l.read(p)
		if err != nil {
			l.errs.Add(position.Pos{File: p}, "cannot read this rule file: %v", err)
			continue
		}
		sources[i] = src
		for _, inc := range includesOf(p, src) {
			included[inc] = true
		}
	}
	for _, later := range []bool{false, true} { // including files first; files read once
		for i, p := range paths {
			if sources[i] != nil && included[absPath(p)] == later {
				l.file(p, sources[i], nil, nil)
			}
		}
	}
	l.errs.Sort()
	return l.set, l.errs.Err()
}

// read reads a rule file: a regular file (not a folder, device or pipe, which
// could be endless or never end) of at most the limit's size.
func (l *loader) read(path string) ([]byte, error) {
	l.files++
	if l.files > l.limits.Files {
		return nil, fmt.Errorf("figcheck reads at most %d rule files in one run; run with --limit rule-files=N to raise it", l.limits.Files)
	}
	src, err := yamlnode.ReadSource(path, l.limits.FileBytes)
	if errors.Is(err, yamlnode.ErrTooLarge) {
		return nil, fmt.Errorf("it is larger than %s, the most figcheck reads in a rule file: split it, or run with --limit rule-file-size=SIZE", size.Text(l.limits.FileBytes))
	}
	return src, err
}

// includesOf returns the absolute paths a rule file includes, or none when
// it cannot be read (its errors are reported when it is loaded).
func includesOf(path string, src []byte) []string {
	_, root := yamlnode.Parse(path, src)
	if root == nil {
		return nil
	}
	var names []string
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "include" {
			continue
		}
		switch inc := root.Content[i+1]; inc.Kind {
		case yaml.ScalarNode:
			names = append(names, inc.Value)
		case yaml.SequenceNode:
			for _, n := range inc.Content {
				names = append(names, n.Value)
			}
		}
	}
	var out []string
	for _, n := range names {
		if !filepath.IsAbs(n) {
			n = filepath.Join(filepath.Dir(path), n)
		}
		out = append(out, absPath(n))
	}
	return out
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// Read reads one rule file from src, without following includes.
func Read(path string, src []byte) (*Set, error) {
	l := &loader{set: &Set{Limits: DefaultLimits}, seen: map[string]bool{}, ids: map[string]position.Pos{}, noIncludes: true, limits: DefaultLimits}
	l.file(path, src, nil, nil)
	l.errs.Sort()
	return l.set, l.errs.Err()
}

type loader struct {
	set        *Set
	errs       position.Errors
	seen       map[string]bool         // files read, by absolute path
	ids        map[string]position.Pos // rule ids, where first defined
	noIncludes bool
	limits     Limits
	files      int // files read
}

// chain is the rule files through which one is included, the file named
// on the command line first.
type chain []string

func (c chain) String() string {
	names := make([]string, len(c))
	for i, p := range c {
		names[i] = filepath.Base(p)
	}
	return strings.Join(names, " → ")
}

// file reads one rule file. Rules in it apply to its own dataset, or to the
// dataset of the file that included it, or to figure sets. via is the chain
// of files that included it, nil for a file named on the command line.
func (l *loader) file(path string, src []byte, inherited *Dataset, via chain) {
	if l.seen[absPath(path)] {
		return
	}
	l.seen[absPath(path)] = true
	l.set.Files = append(l.set.Files, path)
	d, root := yamlnode.Parse(path, src)
	defer func() { l.errs = append(l.errs, d.Errs...) }()
	if root == nil {
		return
	}
	lines := splitLines(string(d.Src))
	var includes []*yaml.Node
	var rulesNode *yaml.Node
	dataset := inherited
	d.Fields(root, "the rule file",
		yamlnode.Field{Name: "include", Read: func(_, v *yaml.Node) { _, includes = d.Strings(v, "include") }},
		yamlnode.Field{Name: "dataset", Read: func(_, v *yaml.Node) { dataset = readDataset(d, v) }},
		yamlnode.Field{Name: "rules", Read: func(_, v *yaml.Node) { rulesNode = v }},
		yamlnode.Field{Name: "rates", Read: func(_, v *yaml.Node) { l.set.Rates = append(l.set.Rates, readRates(d, v)...) }},
		yamlnode.Field{Name: "aliases", Read: func(_, v *yaml.Node) { l.set.Aliases = append(l.set.Aliases, readAliases(d, v)...) }},
	)
	if dataset != nil && dataset != inherited {
		l.set.Datasets = append(l.set.Datasets, dataset)
	}
	if rulesNode != nil {
		if rulesNode.Kind != yaml.SequenceNode {
			d.Errorf(rulesNode, "rules must be a list of rules, not a single value or mapping")
		} else {
			for _, n := range rulesNode.Content {
				if len(l.set.Rules) >= l.limits.Rules {
					d.Errorf(n, "more than %d rules: figcheck compiles at most %d in one run; run with --limit rules=N to raise it", l.limits.Rules, l.limits.Rules)
					break
				}
				if r := l.rule(d, lines, n, dataset); r != nil {
					l.set.Rules = append(l.set.Rules, r)
				}
			}
		}
	}
	if includes != nil && l.noIncludes {
		d.Errorf(includes[0], "include is not followed here")
		return
	}
	here := append(via[:len(via):len(via)], absPath(path))
	for _, inc := range includes {
		l.include(d, inc, here, dataset)
	}
}

// include reads the file that the include item inc of the file at the end
// of here names.
func (l *loader) include(d *yamlnode.Doc, inc *yaml.Node, here chain, dataset *Dataset) {
	p := inc.Value
	if !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(d.File), p)
	}
	abs := absPath(p)
	for i, f := range here {
		if f == abs {
			d.Errorf(inc, "include cycle: %s → %s; a file cannot include itself, even through others", here[i:], filepath.Base(abs))
			return
		}
	}
	if len(here) > l.limits.Depth {
		d.Errorf(inc, "includes nest more than %d deep: %s → …; run with --limit include-depth=N to raise it", l.limits.Depth, here[:min(3, len(here))])
		return
	}
	if !l.limits.IncludeAnywhere && !within(abs, filepath.Dir(here[0])) {
		d.Errorf(inc, "cannot include %s: it is outside the folder of %s; run with --allow-outside-includes to allow it", inc.Value, filepath.Base(here[0]))
		return
	}
	if l.seen[abs] {
		return
	}
	isrc, err := l.read(p)
	if err != nil {
		d.Errorf(inc, "cannot include %s: %v", inc.Value, err)
		return
	}
	if !looksLikeRules(p, isrc) {
		d.Errorf(inc, "cannot include %s: it is not a rule file (no include, dataset, rules, rates or aliases at its top level)", inc.Value)
		return
	}
	l.errs = append(l.errs, d.Errs...)
	d.Errs = nil
	l.file(p, isrc, dataset, here)
}

// within reports whether path is in the folder dir or below it, symbolic
// links followed.
func within(path, dir string) bool {
	if p, err := filepath.EvalSymlinks(path); err == nil {
		path = p
	}
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		dir = d
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// looksLikeRules reports whether src is a rule file, or YAML so broken
// that its own errors say more (they never quote it). A file that is YAML
// but has none of a rule file's keys is refused without a word of its
// content: it may be a password file or a key.
func looksLikeRules(path string, src []byte) bool {
	d, root := yamlnode.Parse(path, src)
	if root == nil {
		return len(d.Errs) > 0 && !strings.Contains(d.Errs[0].Msg, "must be a mapping")
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch root.Content[i].Value {
		case "include", "dataset", "rules", "rates", "aliases":
			return true
		}
	}
	return false
}

var idRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]*$`)

func (l *loader) rule(d *yamlnode.Doc, lines []string, n *yaml.Node, dataset *Dataset) *Rule {
	r := &Rule{Severity: Error, Dataset: dataset, Pos: d.Pos(n)}
	expr := func(dst *Expr, name string) yamlnode.Field {
		return yamlnode.Field{Name: name, Read: func(_, v *yaml.Node) {
			if s, ok := d.String(v, name); ok {
				if strings.TrimSpace(s) == "" {
					d.Errorf(v, "%s is empty", name)
					return
				}
				*dst = newExpr(d.File, lines, v)
			}
		}}
	}
	var groupNode *yaml.Node
	var idNode *yaml.Node
	// assertGiven and sameFigureBad keep checkCombination from reporting a
	// missing assert when the file has one whose mistake is already reported.
	var assertGiven, sameFigureBad bool
	assert := expr(&r.Assert, "assert")
	readAssert := assert.Read
	assert.Read = func(k, v *yaml.Node) { assertGiven = true; readAssert(k, v) }
	before := len(d.Errs)
	d.Fields(n, "a rule",
		yamlnode.Field{Name: "id", Required: true, Read: func(_, v *yaml.Node) {
			var ok bool
			if r.ID, ok = d.String(v, "id"); ok {
				idNode = v
			}
		}},
		yamlnode.Field{Name: "title", Required: true, Read: func(_, v *yaml.Node) { r.Title, _ = d.String(v, "title") }},
		yamlnode.Field{Name: "description", Read: func(_, v *yaml.Node) { r.Description, _ = d.String(v, "description") }},
		yamlnode.Field{Name: "severity", Read: func(_, v *yaml.Node) {
			if s, ok := d.String(v, "severity"); ok {
				sev, err := ParseSeverity(s)
				if err != nil {
					d.Errorf(v, "%v", err)
				}
				r.Severity = sev
			}
		}},
		assert,
		expr(&r.When, "when"),
		yamlnode.Field{Name: "tolerance", Read: func(_, v *yaml.Node) { readTolerance(d, v, r) }},
		yamlnode.Field{Name: "message", Read: func(_, v *yaml.Node) {
			r.Message, _ = d.String(v, "message")
			r.MessagePos = d.Pos(v)
		}},
		yamlnode.Field{Name: "group", Read: func(_, v *yaml.Node) { groupNode = v }},
		yamlnode.Field{Name: "same_figure", Read: func(_, v *yaml.Node) {
			var ok bool
			r.SameFigure, ok = d.Bool(v, "same_figure")
			sameFigureBad = !ok
		}},
		yamlnode.Field{Name: "unique", Read: func(_, v *yaml.Node) {
			r.Unique, r.UniquePos = readColumns(d, v, "unique")
			sameFigureBad = sameFigureBad || len(r.Unique) == 0
		}},
	)
	if idNode != nil {
		r.Pos = d.Pos(idNode)
		switch prev, dup := l.ids[r.ID]; {
		case len(r.ID) > l.limits.IDBytes:
			d.Errorf(idNode, "rule id is %d bytes long: an id names a rule in reports and waivers, in at most %d; run with --limit rule-id-size=N to raise it", len(r.ID), l.limits.IDBytes)
		case !idRE.MatchString(r.ID):
			d.Errorf(idNode, "rule id %q must start with a letter or digit and hold only letters, digits and . _ / -", r.ID)
		case dup:
			d.Errorf(idNode, "rule id %q is already used at %s", r.ID, prev)
		default:
			l.ids[r.ID] = r.Pos
		}
	}
	if groupNode != nil {
		r.Group = readGroup(d, lines, groupNode)
	}
	if n.Kind == yaml.MappingNode {
		checkCombination(d, n, r, !assertGiven && !sameFigureBad)
	}
	if len(d.Errs) > before {
		return nil
	}
	return r
}

// checkCombination reports keys that make no sense together, and a missing
// assert when noAssert says that none was written.
func checkCombination(d *yamlnode.Doc, n *yaml.Node, r *Rule, noAssert bool) {
	name := "rule " + r.ID
	if r.ID == "" {
		name = "the rule"
	}
	unique := len(r.Unique) > 0
	switch {
	case unique && (!r.Assert.IsZero() || r.Group != nil || r.SameFigure):
		d.Errorf(n, "%s: unique takes no assert, group or same_figure: it says which dimensions identify a row", name)
	case unique && r.Dataset == nil:
		d.Errorf(n, "%s has unique but its file declares no dataset: unique is about the rows of a table", name)
	case r.SameFigure && !r.Assert.IsZero():
		d.Errorf(n, "%s has both assert and same_figure: a same_figure rule compares figures by identity and takes no assert", name)
	case r.SameFigure && (r.Group != nil || !r.When.IsZero()):
		d.Errorf(n, "%s: same_figure takes neither group nor when", name)
	case !r.SameFigure && !unique && r.Assert.IsZero() && noAssert:
		d.Errorf(n, "%s has no assert: write the relation the figures must satisfy, e.g. assert: share == 100 * part / whole", name)
	case r.Dataset == nil && r.Group != nil:
		d.Errorf(n, "%s has a group but its file declares no dataset: groups compare rows of a table", name)
	case r.Dataset == nil && !r.When.IsZero():
		d.Errorf(n, "%s has a when but its file declares no dataset: when chooses rows of a table", name)
	}
}

func readTolerance(d *yamlnode.Doc, v *yaml.Node, r *Rule) {
	if v.Kind == yaml.ScalarNode {
		r.Tolerance.Abs = nonNegative(d, v, "tolerance")
		return
	}
	d.Fields(v, "tolerance",
		yamlnode.Field{Name: "absolute", Read: func(_, n *yaml.Node) { r.Tolerance.Abs = nonNegative(d, n, "absolute tolerance") }},
		yamlnode.Field{Name: "relative", Read: func(_, n *yaml.Node) {
			s, ok := d.String(n, "relative tolerance")
			if !ok {
				return
			}
			f, err := readPercent(s)
			if err != nil || !(f >= 0) {
				d.Errorf(n, "relative tolerance must be a percentage such as 1%%, not %q", s)
				return
			}
			r.Tolerance.Rel = f
		}},
	)
}

// decimalRE is a number written in decimal, without an exponent.
var decimalRE = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$`)

// readPercent reads a percentage such as 1.5% as a fraction. A decimal is
// read with its point moved two places, so that 1.1% is the float nearest
// 0.011 and not 1.1/100, which is another.
func readPercent(s string) (float64, error) {
	num, ok := strings.CutSuffix(s, "%")
	if !ok {
		return 0, fmt.Errorf("%q is not a percentage", s)
	}
	num = strings.TrimSpace(num)
	mant, exp, _ := strings.Cut(strings.ToLower(num), "e")
	e, err := strconv.Atoi(exp)
	if decimalRE.MatchString(mant) && (exp == "" || err == nil) {
		return strconv.ParseFloat(mant+"e"+strconv.Itoa(e-2), 64)
	}
	f, err := strconv.ParseFloat(num, 64) // hexadecimal, or an exponent past any float
	return f / 100, err
}

func nonNegative(d *yamlnode.Doc, n *yaml.Node, what string) float64 {
	f, ok := d.Float(n, what)
	if ok && !(f >= 0) {
		d.Errorf(n, "%s must not be negative", what)
	}
	return f
}

func readGroup(d *yamlnode.Doc, lines []string, n *yaml.Node) *Group {
	g := &Group{}
	exprField := func(dst *Expr, name string) yamlnode.Field {
		return yamlnode.Field{Name: name, Required: true, Read: func(_, v *yaml.Node) {
			if s, ok := d.String(v, name); ok {
				if strings.TrimSpace(s) == "" {
					d.Errorf(v, "%s is empty", name)
					return
				}
				*dst = newExpr(d.File, lines, v)
			}
		}}
	}
	d.Fields(n, "group",
		yamlnode.Field{Name: "by", Required: true, Read: func(_, v *yaml.Node) {
			if v.Kind != yaml.MappingNode {
				g.By, g.ByPos = readColumns(d, v, "by")
				g.WholeBy, g.WholeByPos = g.By, g.ByPos
				return
			}
			d.Fields(v, "by",
				yamlnode.Field{Name: "parts", Required: true, Read: func(_, p *yaml.Node) { g.By, g.ByPos = readColumns(d, p, "by parts") }},
				yamlnode.Field{Name: "whole", Required: true, Read: func(_, w *yaml.Node) { g.WholeBy, g.WholeByPos = readColumns(d, w, "by whole") }},
			)
			if len(g.By) != len(g.WholeBy) && len(g.WholeBy) > 0 {
				d.Errorf(v, "by names %d columns for the parts and %d for the whole: they are matched one to one", len(g.By), len(g.WholeBy))
			}
		}},
		exprField(&g.Parts, "parts"),
		exprField(&g.Whole, "whole"),
	)
	return g
}

// readColumns reads a list of column names with their positions.
func readColumns(d *yamlnode.Doc, n *yaml.Node, what string) ([]string, []position.Pos) {
	names, nodes := d.Strings(n, what)
	var pos []position.Pos
	for _, n := range nodes {
		pos = append(pos, d.Pos(n))
	}
	return names, pos
}

func readDataset(d *yamlnode.Doc, n *yaml.Node) *Dataset {
	ds := &Dataset{Pos: d.Pos(n), Codes: figures.DefaultCodes}
	var periodNode, decimalNode *yaml.Node
	var areaNodes, identityNodes []*yaml.Node
	var missing []string
	d.Fields(n, "the dataset",
		yamlnode.Field{Name: "dimensions", Required: true, Read: func(_, v *yaml.Node) { ds.Dimensions = readDimensions(d, v) }},
		yamlnode.Field{Name: "measures", Required: true, Read: func(_, v *yaml.Node) { ds.Measures = readMeasures(d, v) }},
		yamlnode.Field{Name: "period", Read: func(_, v *yaml.Node) {
			var ok bool
			if ds.Period, ok = d.String(v, "period"); ok {
				periodNode = v
			}
		}},
		yamlnode.Field{Name: "area", Read: func(_, v *yaml.Node) { ds.Area, areaNodes = d.Strings(v, "area") }},
		yamlnode.Field{Name: "identity", Read: func(_, v *yaml.Node) { ds.Identity, identityNodes = d.Strings(v, "identity") }},
		yamlnode.Field{Name: "suppressed", Read: func(_, v *yaml.Node) {
			codes, _ := d.Strings(v, "suppressed")
			ds.Codes = figures.NewCodes(codes...)
		}},
		yamlnode.Field{Name: "missing", Read: func(_, v *yaml.Node) { missing, _ = d.Strings(v, "missing") }},
		yamlnode.Field{Name: "delimiter", Read: func(_, v *yaml.Node) {
			s, ok := d.String(v, "delimiter")
			switch {
			case !ok:
			case s == "tab":
				ds.Delimiter = '\t'
			case s == "," || s == ";" || s == "\t": // the delimiters tables reads
				ds.Delimiter = s[0]
			default:
				d.Errorf(v, "delimiter %q is not \",\", \";\" or tab (\"\\t\" or tab)", s)
			}
		}},
		yamlnode.Field{Name: "table", Read: func(_, v *yaml.Node) { ds.Table, _ = d.String(v, "table") }},
		yamlnode.Field{Name: "decimal", Read: func(_, v *yaml.Node) {
			switch s, ok := d.String(v, "decimal"); {
			case !ok:
			case s == "," || s == ".":
				ds.DecimalComma, decimalNode = s == ",", v
			default:
				d.Errorf(v, "decimal %q is not \".\" or \",\"", s)
			}
		}},
	)
	ds.Codes = ds.Codes.WithMissing(missing...)
	if ds.DecimalComma && ds.Delimiter == ',' {
		d.Errorf(decimalNode, "a table with decimal commas cannot be separated by commas: declare delimiter: \";\" or tab")
	}
	seen, headers := map[string]position.Pos{}, map[string]position.Pos{}
	for _, cols := range [][]Column{ds.Dimensions, ds.Measures} {
		for _, c := range cols {
			if prev, dup := seen[c.Name]; dup {
				d.Errs.Add(c.Pos, "column %q is already declared at %s", c.Name, prev)
				continue
			}
			if prev, dup := headers[c.HeaderText()]; dup {
				d.Errs.Add(c.Pos, "column %q is already read at %s", c.HeaderText(), prev)
				continue
			}
			if !figures.IsName(c.Name) {
				d.Errs.Add(c.Pos, "column %q cannot be named in a rule: give it a name of letters, digits and underscores that reads it, as in %s: {column: %q}", c.Name, ruleName(c.Name), c.Name)
			}
			seen[c.Name], headers[c.HeaderText()] = c.Pos, c.Pos
		}
	}
	if periodNode != nil && ds.Dimension(ds.Period) == nil {
		d.Errorf(periodNode, "period %q is not one of the dimensions", ds.Period)
	}
	for i, a := range ds.Area {
		if ds.Dimension(a) == nil {
			d.Errorf(areaNodes[i], "area %q is not one of the dimensions", a)
		}
	}
	for i, a := range ds.Identity {
		if ds.Dimension(a) == nil {
			d.Errorf(identityNodes[i], "identity %q is not one of the dimensions", a)
		}
	}
	return ds
}

// ruleName suggests a name a rule can use for a column headed header.
func ruleName(header string) string {
	name := strings.Map(func(r rune) rune {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, header)
	if name == "" || name[0] >= '0' && name[0] <= '9' {
		name = "_" + name
	}
	return name
}

// readDimensions reads dimensions as a list of names, each of which may be a
// one-key mapping of the name to {column: header} for a column whose header
// a rule cannot name.
func readDimensions(d *yamlnode.Doc, n *yaml.Node) []Column {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var cols []Column
	for _, item := range items {
		if item.Kind != yaml.MappingNode {
			if name, ok := d.String(item, "each dimension"); ok {
				cols = append(cols, Column{Name: name, Pos: d.Pos(item)})
			}
			continue
		}
		keys, values := d.Pairs(item, "a dimension")
		if len(keys) != 1 {
			d.Errorf(item, "a dimension given as a mapping has one key, its name, as in incl_prob: {column: incl.prob}")
			continue
		}
		c := Column{Name: keys[0].Value, Pos: d.Pos(keys[0])}
		d.Fields(values[0], "dimension "+c.Name, yamlnode.Field{Name: "column", Required: true, Read: func(_, v *yaml.Node) { c.Header = readHeader(d, v) }})
		cols = append(cols, c)
	}
	return cols
}

// readHeader reads the header text a column reads.
func readHeader(d *yamlnode.Doc, n *yaml.Node) string {
	s, ok := d.String(n, "column")
	if ok && strings.TrimSpace(s) == "" {
		d.Errorf(n, "column is empty: give the header text of the column")
	}
	return s
}

// readBlame reads the cost of blaming a measure: a number above zero.
func readBlame(d *yamlnode.Doc, n *yaml.Node) float64 {
	b, ok := d.Float(n, "blame")
	if ok && !(b > 0) {
		d.Errorf(n, "blame is %v: give a number above 0 (1 is the default; less makes the measure's figures likelier culprits)", n.Value)
		return 0
	}
	return b
}

// readMeasures reads measures as a list of names (rounded as written) or a
// mapping of names to a precision ("exact", 0.1, 10) or to {precision: …,
// column: …}, where column is the header text of a column whose header a
// rule cannot name.
func readMeasures(d *yamlnode.Doc, n *yaml.Node) []Column {
	var cols []Column
	if n.Kind != yaml.MappingNode {
		names, nodes := d.Strings(n, "measures")
		for i, name := range names {
			cols = append(cols, Column{Name: name, Pos: d.Pos(nodes[i])})
		}
		return cols
	}
	keys, values := d.Pairs(n, "measures")
	for i, k := range keys {
		c := Column{Name: k.Value, Pos: d.Pos(k)}
		v := values[i]
		if v.Kind == yaml.MappingNode {
			d.Fields(v, "measure "+c.Name,
				yamlnode.Field{Name: "precision", Read: func(_, p *yaml.Node) { c.Precision = readPrecision(d, p) }},
				yamlnode.Field{Name: "column", Read: func(_, h *yaml.Node) { c.Header = readHeader(d, h) }},
				yamlnode.Field{Name: "blame", Read: func(_, b *yaml.Node) { c.Blame = readBlame(d, b) }},
			)
		} else if v.Tag != "!!null" {
			c.Precision = readPrecision(d, v)
		}
		cols = append(cols, c)
	}
	return cols
}

func readPrecision(d *yamlnode.Doc, n *yaml.Node) figures.Precision {
	s, ok := d.String(n, "precision")
	if !ok {
		return figures.AsWritten
	}
	p, err := figures.ParsePrecision(s)
	if err != nil {
		d.Errorf(n, "%v", err)
	}
	return p
}
