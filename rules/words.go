package rules

import (
	"math"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/figcheck/figcheck/internal/yamlnode"
	"github.com/figcheck/figcheck/position"
)

// Rate is a standard definition of a rate, for articles: Name is Times ×
// Of / Per, each a measure. When an article states the rate and the two
// measures for the same area and period, the rate is checked against them.
type Rate struct {
	Name, Of, Per string
	Times         float64 // 100 unless the file says otherwise
	Pos           position.Pos
}

// Alias is the words articles write for a measure: "leavers", "left the
// profession".
type Alias struct {
	Measure string
	Words   []string
	Pos     position.Pos
}

// measureRE is what a measure's name may be: what rules write as a name.
var measureRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// readRates reads rates: a mapping of each rate's measure to {of, per,
// times}.
func readRates(d *yamlnode.Doc, n *yaml.Node) []Rate {
	keys, values := d.Pairs(n, "rates")
	var out []Rate
	for i, k := range keys {
		r := Rate{Name: k.Value, Times: 100, Pos: d.Pos(k)}
		before := len(d.Errs)
		measureName(d, k, "a rate")
		d.Fields(values[i], "rate "+r.Name,
			yamlnode.Field{Name: "of", Required: true, Read: func(_, v *yaml.Node) { r.Of = measureName(d, v, "of") }},
			yamlnode.Field{Name: "per", Required: true, Read: func(_, v *yaml.Node) { r.Per = measureName(d, v, "per") }},
			yamlnode.Field{Name: "times", Read: func(_, v *yaml.Node) {
				if f, ok := d.Float(v, "times"); ok {
					if !(f > 0) || math.IsInf(f, 0) {
						d.Errorf(v, "times must be a positive number, as 100 for a percentage or 1000 for a rate per thousand")
					}
					r.Times = f
				}
			}},
		)
		switch {
		case len(d.Errs) > before:
			continue
		case r.Of == r.Per || r.Of == r.Name || r.Per == r.Name:
			d.Errorf(values[i], "rate %s: its name, of and per must be three different measures", r.Name)
			continue
		}
		out = append(out, r)
	}
	return out
}

// readAliases reads aliases: a mapping of each measure to the words that
// name it in articles, one phrase or a list.
func readAliases(d *yamlnode.Doc, n *yaml.Node) []Alias {
	keys, values := d.Pairs(n, "aliases")
	var out []Alias
	for i, k := range keys {
		a := Alias{Measure: measureName(d, k, "an alias"), Pos: d.Pos(k)}
		words, nodes := d.Strings(values[i], "the aliases of "+k.Value)
		for j, w := range words {
			if strings.TrimSpace(w) == "" {
				d.Errorf(nodes[j], "an alias of %s is empty: write the words articles use for it", k.Value)
				continue
			}
			a.Words = append(a.Words, w)
		}
		if a.Measure != "" && len(a.Words) > 0 {
			out = append(out, a)
		}
	}
	return out
}

// measureName reads the scalar n as a measure's name.
func measureName(d *yamlnode.Doc, n *yaml.Node, what string) string {
	s, ok := d.String(n, what)
	if !ok {
		return ""
	}
	if !measureRE.MatchString(s) {
		d.Errorf(n, "%s: %q is not a measure's name: a letter or _ and then letters, digits and _, as in turnover_rate", what, s)
		return ""
	}
	return s
}
