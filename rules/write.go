package rules

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/internal/yamlnode"
)

// Comments are the lines for people in a rule file that Write writes. A
// key of the file's top level or of its dataset is named by its path from
// the top, keys joined by dots: "dataset.measures",
// "dataset.measures.enrolments", "rules".
type Comments struct {
	Head, Foot []string          // above and below the file
	Above      map[string]string // on the line above a key
	Beside     map[string]string // at the end of a key's line
}

// Write writes the rules, dataset, rates and aliases of s as one rule
// file, each field in the one form Write gives it, which Read reads back as
// the same set. It cannot write a set whose rules apply to more than one
// dataset, which takes a file for each.
func Write(s *Set, c Comments) ([]byte, error) {
	ds, err := onlyDataset(s)
	if err != nil {
		return nil, err
	}
	top := yamlnode.NewMapping()
	top.HeadComment = yamlnode.Comments(c.Head)
	w := writer{c: c}
	if ds != nil {
		w.add(top, "dataset", writeDataset(&w, ds))
	}
	if len(s.Rates) > 0 {
		rates := yamlnode.NewMapping()
		for _, r := range s.Rates {
			m := flowMapping()
			m.Add("of", yamlnode.Str(r.Of))
			m.Add("per", yamlnode.Str(r.Per))
			if r.Times != 100 {
				m.Add("times", yamlnode.Plain(number(r.Times)))
			}
			rates.Add(r.Name, m.Node)
		}
		w.add(top, "rates", rates.Node)
	}
	if len(s.Aliases) > 0 {
		aliases := yamlnode.NewMapping()
		for _, a := range s.Aliases {
			aliases.Add(a.Measure, yamlnode.FlowStrs(a.Words))
		}
		w.add(top, "aliases", aliases.Node)
	}
	list := &yaml.Node{Kind: yaml.SequenceNode}
	if len(s.Rules) == 0 {
		list.Style = yaml.FlowStyle
	}
	for _, r := range s.Rules {
		list.Content = append(list.Content, writeRule(r))
	}
	w.add(top, "rules", list)
	return yamlnode.Encode(top.Node, c.Foot), nil
}

// onlyDataset returns the one dataset of s and its rules, nil for rules
// over figure sets, or an error when they have more than one.
func onlyDataset(s *Set) (*Dataset, error) {
	var ds *Dataset
	if len(s.Datasets) > 1 {
		return nil, fmt.Errorf("the rules hold %d datasets: a rule file declares one", len(s.Datasets))
	}
	if len(s.Datasets) == 1 {
		ds = s.Datasets[0]
	}
	for i, r := range s.Rules {
		if i == 0 && ds == nil {
			ds = r.Dataset
		}
		if r.Dataset != ds {
			return nil, fmt.Errorf("rule %s applies to another dataset than the file's: a rule file declares one", r.ID)
		}
	}
	return ds, nil
}

// writer adds keys to mappings with the comments that belong to them.
type writer struct {
	c    Comments
	path []string // of the mapping keys are added to
}

// add puts key: v in m, with its comments.
func (w *writer) add(m yamlnode.Mapping, key string, v *yaml.Node) {
	m.Add(key, v)
	path := strings.Join(append(w.path[:len(w.path):len(w.path)], key), ".")
	if above, ok := w.c.Above[path]; ok {
		m.KeyOf(v).HeadComment = yamlnode.Comment(above)
	}
	if beside, ok := w.c.Beside[path]; ok {
		at := v // a scalar or flow value's line, or a block's key line
		if v.Kind != yaml.ScalarNode && v.Style != yaml.FlowStyle && len(v.Content) > 0 {
			at = m.KeyOf(v)
		}
		at.LineComment = yamlnode.Comment(beside)
	}
}

// in returns a writer of the keys of the mapping at key.
func (w *writer) in(key string) *writer {
	return &writer{c: w.c, path: append(w.path[:len(w.path):len(w.path)], key)}
}

func writeDataset(w *writer, ds *Dataset) *yaml.Node {
	m := yamlnode.NewMapping()
	w = w.in("dataset")
	dims := &yaml.Node{Kind: yaml.SequenceNode}
	for _, c := range ds.Dimensions {
		d := yamlnode.Str(c.Name)
		if c.Header != "" {
			named := flowMapping()
			named.Add("column", yamlnode.Str(c.Header))
			d = yamlnode.NewMapping().Node
			yamlnode.Mapping{Node: d}.Add(c.Name, named.Node)
		}
		dims.Content = append(dims.Content, d)
	}
	w.add(m, "dimensions", dims)
	if ds.Period != "" {
		w.add(m, "period", yamlnode.Str(ds.Period))
	}
	if len(ds.Area) > 0 {
		w.add(m, "area", yamlnode.FlowStrs(ds.Area))
	}
	if len(ds.Identity) > 0 {
		w.add(m, "identity", yamlnode.FlowStrs(ds.Identity))
	}
	measures := yamlnode.NewMapping()
	wm := w.in("measures")
	for _, c := range ds.Measures {
		v := yamlnode.Plain(c.Precision.String())
		if c.Header != "" || c.Blame != 0 {
			fm := flowMapping()
			if c.Header != "" {
				fm.Add("column", yamlnode.Str(c.Header))
			}
			fm.Add("precision", v)
			if c.Blame != 0 {
				fm.Add("blame", yamlnode.Plain(number(c.Blame)))
			}
			v = fm.Node
		}
		wm.add(measures, c.Name, v)
	}
	if len(ds.Measures) == 0 {
		measures.Style = yaml.FlowStyle
	}
	w.add(m, "measures", measures.Node)
	suppressed, missing := codes(ds.Codes)
	if def, _ := codes(figures.DefaultCodes); !slices.Equal(suppressed, def) {
		w.add(m, "suppressed", yamlnode.FlowStrs(suppressed))
	}
	if len(missing) > 0 {
		w.add(m, "missing", yamlnode.FlowStrs(missing))
	}
	switch ds.Delimiter {
	case 0:
	case '\t':
		w.add(m, "delimiter", yamlnode.Str("tab"))
	default:
		w.add(m, "delimiter", yamlnode.Str(string(ds.Delimiter)))
	}
	if ds.DecimalComma {
		w.add(m, "decimal", yamlnode.Str(","))
	}
	if ds.Table != "" {
		w.add(m, "table", yamlnode.Str(ds.Table))
	}
	return m.Node
}

// codes returns the suppression codes and the markers of missing cells of
// c, each sorted.
func codes(c figures.Codes) (suppressed, missing []string) {
	for _, code := range slices.Sorted(maps.Keys(c)) {
		if c[code] == figures.Missing {
			missing = append(missing, code)
		} else {
			suppressed = append(suppressed, code)
		}
	}
	return suppressed, missing
}

func writeRule(r *Rule) *yaml.Node {
	m := yamlnode.NewMapping()
	m.Add("id", yamlnode.Str(r.ID))
	m.Add("title", yamlnode.Str(r.Title))
	if r.Description != "" {
		m.Add("description", yamlnode.Str(r.Description))
	}
	if g := r.Group; g != nil {
		gm := yamlnode.NewMapping()
		by := yamlnode.FlowStrs(g.By)
		if !slices.Equal(g.By, g.WholeBy) {
			both := flowMapping()
			both.Add("parts", by)
			both.Add("whole", yamlnode.FlowStrs(g.WholeBy))
			by = both.Node
		}
		gm.Add("by", by)
		gm.Add("parts", yamlnode.Str(g.Parts.Text))
		gm.Add("whole", yamlnode.Str(g.Whole.Text))
		m.Add("group", gm.Node)
	}
	if !r.When.IsZero() {
		m.Add("when", yamlnode.Str(r.When.Text))
	}
	if len(r.Unique) > 0 {
		m.Add("unique", yamlnode.FlowStrs(r.Unique))
	}
	if !r.Assert.IsZero() {
		m.Add("assert", yamlnode.Str(r.Assert.Text))
	}
	if t := r.Tolerance; t.Abs != 0 || t.Rel != 0 {
		tm := flowMapping()
		if t.Abs != 0 {
			tm.Add("absolute", yamlnode.Plain(number(t.Abs)))
		}
		if t.Rel != 0 {
			tm.Add("relative", yamlnode.Str(percent(t.Rel)))
		}
		m.Add("tolerance", tm.Node)
	}
	if r.SameFigure {
		m.Add("same_figure", yamlnode.Plain("true"))
	}
	if r.Message != "" {
		m.Add("message", yamlnode.Str(r.Message))
	}
	if r.Severity != Error {
		m.Add("severity", yamlnode.Str(r.Severity.String()))
	}
	return m.Node
}

func flowMapping() yamlnode.Mapping {
	m := yamlnode.NewMapping()
	m.Style = yaml.FlowStyle
	return m
}

// number writes f as the shortest decimal that reads back as f, with an
// exponent only where the plain decimal would be long.
func number(f float64) string {
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// percent writes the fraction f as a percentage that readPercent reads
// back as f: the shortest decimal of f with its point moved two places,
// which f×100 rounded to a float and written would not always be.
func percent(f float64) string {
	mant, exp, _ := strings.Cut(strconv.FormatFloat(f, 'e', -1, 64), "e")
	e, _ := strconv.Atoi(exp)
	e += 2
	sign, digits := "", strings.Replace(mant, ".", "", 1)
	if digits[0] == '-' {
		sign, digits = "-", digits[1:]
	}
	point := e + 1 // digits before the decimal point
	switch {
	case point < -5 || point > 21:
		return sign + digits[:1] + strings.TrimSuffix("."+digits[1:], ".") + "e" + strconv.Itoa(e) + "%"
	case point <= 0:
		return sign + "0." + strings.Repeat("0", -point) + digits + "%"
	case point >= len(digits):
		return sign + digits + strings.Repeat("0", point-len(digits)) + "%"
	}
	return sign + digits[:point] + "." + digits[point:] + "%"
}
