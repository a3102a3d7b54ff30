package figures

import (
	"os"
	"regexp"

	"gopkg.in/yaml.v3"

	"github.com/figcheck/figcheck/internal/yamlnode"
	"github.com/figcheck/figcheck/position"
)

// Figure is one named figure of a figure set: a number an editor took from
// an article or a release, with what it measures and where it came from.
type Figure struct {
	Name     string
	Value    Value
	Measure  string // what it counts, e.g. inpost_fte; with Period and Area, its identity
	Period   string
	Area     string
	Unit     string
	Quote    string // the words it was taken from
	Document string // the article or release
	URL      string
	Pos      position.Pos // where its value is written in the figure set
}

// Set is a figure set: the figures of one document, by name.
type Set struct {
	Path    string
	Figures []Figure
	// Precision applies to every figure that declares none and whose
	// document declares none.
	Precision Precision
	// Documents holds the precision declared for a source document, by
	// name: every figure from that document that declares none has it.
	Documents map[string]Precision
}

// LoadSet reads the YAML or JSON figure set at path.
func LoadSet(path string) (*Set, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ReadSet(path, src)
}

// ReadSet reads a figure set from src, reporting every mistake in it. The
// format:
//
//	document: Draft article on the 2024 workforce   # optional, for every figure
//	url: https://example.org/draft                   # optional
//	precision: 5                                     # optional, for every figure that declares none
//	documents:                                       # optional: precisions of source documents
//	  Ofsted release: {precision: 5}                 # for the figures whose document it is
//	figures:
//	  fte_2024: "34,300"                             # a value alone
//	  rise_2024:                                     # or a mapping
//	    value: four per cent
//	    measure: inpost_fte_change
//	    period: "2024"
//	    area: England
//	    quote: the workforce grew by four per cent
func ReadSet(path string, src []byte) (*Set, error) {
	d, root := yamlnode.Parse(path, src)
	if root == nil {
		return nil, d.Errs
	}
	set := &Set{Path: path, Documents: map[string]Precision{}}
	var document, url string
	var figures *yaml.Node
	d.Fields(root, "the figure set",
		yamlnode.Field{Name: "document", Read: func(_, v *yaml.Node) { document, _ = d.String(v, "document") }},
		yamlnode.Field{Name: "url", Read: func(_, v *yaml.Node) { url, _ = d.String(v, "url") }},
		yamlnode.Field{Name: "precision", Read: func(_, v *yaml.Node) { set.Precision, _ = readPrecision(d, v) }},
		yamlnode.Field{Name: "documents", Read: func(_, v *yaml.Node) {
			names, docs := d.Pairs(v, "documents")
			for i, name := range names {
				d.Fields(docs[i], "document "+name.Value, yamlnode.Field{Name: "precision", Required: true, Read: func(_, v *yaml.Node) {
					if p, ok := readPrecision(d, v); ok {
						set.Documents[name.Value] = p
					}
				}})
			}
		}},
		yamlnode.Field{Name: "figures", Required: true, Read: func(_, v *yaml.Node) { figures = v }},
	)
	if figures != nil {
		keys, values := d.Pairs(figures, "figures")
		for i, k := range keys {
			f := Figure{Name: k.Value, Document: document, URL: url}
			if !IsName(f.Name) {
				d.Errorf(k, "figure name %q must be a word of letters, digits and underscores, not starting with a digit", f.Name)
				continue
			}
			if readFigure(d, set, &f, values[i]) {
				set.Figures = append(set.Figures, f)
			}
		}
	}
	d.Errs.Sort()
	return set, d.Errs.Err()
}

// readPrecision reads a precision, reporting a mistake at v.
func readPrecision(d *yamlnode.Doc, v *yaml.Node) (Precision, bool) {
	s, ok := d.String(v, "precision")
	if !ok {
		return AsWritten, false
	}
	p, err := ParsePrecision(s)
	if err != nil {
		d.Errorf(v, "%v", err)
		return AsWritten, false
	}
	return p, true
}

// readFigure reads figure f of set from n. Its precision is its own, or
// else its document's, or else the set's.
func readFigure(d *yamlnode.Doc, set *Set, f *Figure, n *yaml.Node) bool {
	var text string
	var textNode *yaml.Node
	var precision Precision
	declared := false
	if n.Kind == yaml.ScalarNode {
		text, textNode = n.Value, n
	} else {
		str := func(dst *string, name string) yamlnode.Field {
			return yamlnode.Field{Name: name, Read: func(_, v *yaml.Node) { *dst, _ = d.String(v, name) }}
		}
		d.Fields(n, "figure "+f.Name,
			yamlnode.Field{Name: "value", Required: true, Read: func(_, v *yaml.Node) {
				if s, ok := d.String(v, "value"); ok {
					text, textNode = s, v
				}
			}},
			yamlnode.Field{Name: "precision", Read: func(_, v *yaml.Node) { precision, declared = readPrecision(d, v) }},
			str(&f.Measure, "measure"), str(&f.Period, "period"), str(&f.Area, "area"),
			str(&f.Unit, "unit"), str(&f.Quote, "quote"), str(&f.Document, "document"), str(&f.URL, "url"),
		)
	}
	if textNode == nil {
		return false
	}
	f.Pos = d.Pos(textNode)
	if !declared {
		var ok bool
		if precision, ok = set.Documents[f.Document]; !ok {
			precision = set.Precision
		}
	}
	v, err := Parse(text, precision)
	switch {
	case err != nil:
		d.Errorf(textNode, "%v", err)
		return false
	case v.Status == Missing:
		d.Errorf(textNode, "figure %s has no value", f.Name)
		return false
	}
	f.Value = v
	if f.Unit == "" {
		f.Unit = v.Unit
	}
	return true
}

var nameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// IsName reports whether s can name a figure or a column in a rule.
func IsName(s string) bool { return nameRE.MatchString(s) }
