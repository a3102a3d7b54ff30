package yamlnode

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// Mapping is a YAML mapping being built, to write a file that people read.
type Mapping struct{ *yaml.Node }

// NewMapping returns an empty mapping.
func NewMapping() Mapping { return Mapping{&yaml.Node{Kind: yaml.MappingNode}} }

// Add puts key: v in the mapping and returns v.
func (m Mapping) Add(key string, v *yaml.Node) *yaml.Node {
	m.Content = append(m.Content, Str(key), v)
	return v
}

// KeyOf returns the key of the value v in the mapping, or nil.
func (m Mapping) KeyOf(v *yaml.Node) *yaml.Node {
	for i := 1; i < len(m.Content); i += 2 {
		if m.Content[i] == v {
			return m.Content[i-1]
		}
	}
	return nil
}

// Str is a string scalar, quoted by the encoder where YAML would read it
// as something else. Text of several lines is written as a block, one line
// a line, unless it is one that the encoder's blocks do not keep as it is
// (one that starts with white space, or holds other line breaks than \n),
// which is quoted.
func Str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(s, "\n") && (strings.IndexAny(s, " \t\n") == 0 || strings.ContainsAny(s, "\r\u0085\u2028\u2029")) {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// Plain is a scalar written as it is: a number or a word.
func Plain(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }

// FlowStrs is a list of strings written on one line.
func FlowStrs(items []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range items {
		n.Content = append(n.Content, Str(s))
	}
	return n
}

// Encode writes a YAML document indented by two, with lines of comment
// below it.
func Encode(top *yaml.Node, foot []string) []byte {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{top}}); err != nil {
		panic(fmt.Sprintf("yamlnode: a YAML document of strings does not encode: %v", err)) // cannot happen
	}
	if len(foot) > 0 {
		b.WriteString(Comments(foot) + "\n")
	}
	return b.Bytes()
}

// Comments makes lines a YAML comment of as many lines, or "" for none.
func Comments(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(Comment(l))
	}
	return b.String()
}

// Comment makes s a YAML comment of one line: # and s without control or
// line-breaking characters.
func Comment(s string) string {
	return "# " + strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\uFEFF' || r == '\u2028' || r == '\u2029' || r == '\uFFFE' || r == '\uFFFF' || r == '\u0085' {
			return ' '
		}
		return r
	}, s)
}
