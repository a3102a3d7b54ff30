package ees

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/rules"
)

// RuleFile writes the rules of Rules as an ordinary figcheck rule file,
// to review, edit and keep beside the data.
func (in *Inference) RuleFile() []byte {
	rs := in.Rules()
	ds := rs.Datasets[0]
	dataset := mapping()
	var dims []*yaml.Node
	for _, c := range ds.Dimensions {
		dims = append(dims, column(c))
	}
	dataset.add("dimensions", sequence(dims...))
	if ds.Period != "" {
		dataset.add("period", text(ds.Period))
	}
	if len(ds.Area) > 0 {
		dataset.add("area", flow(texts(ds.Area...)))
	}
	if len(ds.Identity) > 0 {
		dataset.add("identity", flow(texts(ds.Identity...)))
	}
	measures := mapping()
	for i, c := range ds.Measures {
		p := plain(c.Precision.String())
		var v *yaml.Node
		if c.Header == "" {
			v = p
		} else {
			v = flow(mapping().add("column", text(c.Header)).add("precision", p))
		}
		v.LineComment = in.note(in.measures()[i])
		measures.add(c.Name, v)
	}
	measures.HeadComment = "indicator_dp as the precision; without one, counts are exact, other figures as written"
	if len(ds.Measures) == 0 {
		measures.LineComment = "the data file has none of the metadata's indicators"
	}
	dataset.add("measures", measures)
	codes := dataset.add("suppressed", flow(texts(suppressionCodes()...)))
	codes.Content[len(codes.Content)-2].HeadComment = "The GSS symbols, and the legacy ones, which ees/indicator-symbols reports."
	var list []*yaml.Node
	for _, r := range rs.Rules {
		list = append(list, rule(r))
	}
	doc := mapping().add("dataset", dataset).add("rules", sequence(list...))
	doc.HeadComment = fmt.Sprintf("The rules of %s, worked out by figcheck infer from %s.\n"+
		"Review them, edit them, and keep them beside the data; the checks that\n"+
		"rules cannot state (file names, columns, metadata, code/name pairs, symbols,\n"+
		"decimal places, disclosure) are run by figcheck check when it finds the\n"+
		"metadata file beside the data.", base(in.Data.Path), base(in.Meta.Path))
	if len(rs.Rules) == 0 {
		doc.Content[len(doc.Content)-1].LineComment = "the file holds nothing that figcheck can write a rule for"
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{doc.Node}}); err != nil {
		panic(fmt.Sprintf("ees: the rule file does not encode: %v", err)) // nodes of strings always do
	}
	return b.Bytes()
}

// note says what an indicator is, for the measure's comment.
func (in *Inference) note(c *Column) string {
	note := c.Label
	if c.Unit != "" {
		note += ", " + c.Unit
	}
	if isCount(c) {
		note += ", a count"
	}
	return note
}

// rule writes a rule as a rule file does.
func rule(r *rules.Rule) *yaml.Node {
	m := mapping().add("id", text(r.ID)).add("title", text(r.Title))
	if r.Description != "" {
		m.add("description", text(r.Description))
	}
	if g := r.Group; g != nil {
		m.add("group", mapping().add("by", flow(texts(g.By...))).add("parts", text(g.Parts.Text)).add("whole", text(g.Whole.Text)).Node)
	}
	if !r.When.IsZero() {
		m.add("when", text(r.When.Text))
	}
	if len(r.Unique) > 0 {
		m.add("unique", flow(texts(r.Unique...)))
	}
	if !r.Assert.IsZero() {
		m.add("assert", text(r.Assert.Text))
	}
	if r.Tolerance.Abs > 0 {
		m.add("tolerance", plain(checker.FormatNumber(r.Tolerance.Abs)))
	}
	if r.Severity != rules.Error {
		m.add("severity", text(r.Severity.String()))
	}
	return m.Node
}

// column writes a dimension: its name, or name: {column: header}.
func column(c rules.Column) *yaml.Node {
	if c.Header == "" {
		return text(c.Name)
	}
	return mapping().add(c.Name, flow(mapping().add("column", text(c.Header)))).Node
}

// node is a YAML mapping being built.
type node struct{ *yaml.Node }

func mapping() node { return node{&yaml.Node{Kind: yaml.MappingNode}} }

// add appends key: v and returns the mapping.
func (n node) add(key string, v any) node {
	var vn *yaml.Node
	switch v := v.(type) {
	case node:
		vn = v.Node
	case *yaml.Node:
		vn = v
	}
	n.Content = append(n.Content, text(key), vn)
	return n
}

// text is a string, quoted where YAML would read it as something else.
func text(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// plain is a scalar written as it is: a number or a word.
func plain(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }

func texts(items ...string) []*yaml.Node {
	out := make([]*yaml.Node, len(items))
	for i, s := range items {
		out[i] = text(s)
	}
	return out
}

func sequence(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Content: items}
}

// flow writes a sequence or mapping on one line.
func flow(v any) *yaml.Node {
	var n *yaml.Node
	switch v := v.(type) {
	case node:
		n = v.Node
	case []*yaml.Node:
		n = sequence(v...)
	}
	n.Style = yaml.FlowStyle
	return n
}

// list writes strings as an expr list of string literals.
func list(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func base(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}
