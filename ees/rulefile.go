package ees

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/figcheck/figcheck/rules"
)

// RuleFile writes the rules of Rules as an ordinary figcheck rule file,
// to review, edit and keep beside the data.
func (in *Inference) RuleFile() []byte {
	rs := in.Rules()
	c := rules.Comments{
		Head: []string{fmt.Sprintf("The rules of %s, worked out by figcheck infer from %s.", base(in.Data.Path), base(in.Meta.Path)),
			"Review them, edit them, and keep them beside the data; the checks that",
			"rules cannot state (file names, columns, metadata, code/name pairs, symbols,",
			"decimal places, disclosure) are run by figcheck check when it finds the",
			"metadata file beside the data."},
		Above: map[string]string{
			"dataset.measures":   "indicator_dp as the precision; without one, counts are exact, other figures as written",
			"dataset.suppressed": "The GSS symbols, and the legacy ones, which ees/indicator-symbols reports.",
		},
		Beside: map[string]string{},
	}
	for _, m := range in.measures() {
		c.Beside["dataset.measures."+in.names[m.Name]] = in.note(m)
	}
	if len(rs.Datasets[0].Measures) == 0 {
		c.Beside["dataset.measures"] = "the data file has none of the metadata's indicators"
	}
	if len(rs.Rules) == 0 {
		c.Beside["rules"] = "the file holds nothing that figcheck can write a rule for"
	}
	src, err := rules.Write(rs, c)
	if err != nil {
		panic(fmt.Sprintf("ees: the rules of one dataset do not write: %v", err)) // Rules makes one dataset
	}
	return src
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
