package figures

import (
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"

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

// Set is a figure set: the figures of one document, by name. Names are
// the set's own: rules read a set's figures by their names first, and the
// figures of other sets by name where only one set has it, or qualified
// with the set's name (draft.fte_2024).
type Set struct {
	Path    string
	Name    string // the name: its name key, or the file's name without extension
	Figures []Figure
	Lists   []List
	// Precision applies to every figure that declares none and whose
	// document declares none.
	Precision Precision
	// Documents holds the precision declared for a source document, by
	// name: every figure from that document that declares none has it.
	Documents map[string]Precision

	// index finds Figures by name. It is built by the first look-up and
	// again when Figures has grown since.
	index atomic.Pointer[figureIndex]
}

// figureIndex is the position in Figures of the first figure of each name,
// for the first n figures.
type figureIndex struct {
	n      int
	byName map[string]int
}

// List is a named list of a set's figures, for sum, min, max and count in
// rules: given by name, or chosen by measure, period and area.
type List struct {
	Name    string
	Figures []string
	Pos     position.Pos
}

// Figure returns the set's first figure of that name, or nil. It finds
// it in an index built once, so that a run of many rules over large sets
// does not search the set for every name: figures may be appended to the
// set after a look-up, but not renamed, removed or reordered.
func (s *Set) Figure(name string) *Figure {
	x := s.index.Load()
	if x == nil || x.n != len(s.Figures) {
		x = &figureIndex{n: len(s.Figures), byName: make(map[string]int, len(s.Figures))}
		for i := len(s.Figures) - 1; i >= 0; i-- {
			x.byName[s.Figures[i].Name] = i
		}
		s.index.Store(x)
	}
	if i, ok := x.byName[name]; ok && s.Figures[i].Name == name {
		return &s.Figures[i]
	}
	return nil
}

// List returns the set's list of that name, or nil.
func (s *Set) List(name string) *List {
	for i := range s.Lists {
		if s.Lists[i].Name == name {
			return &s.Lists[i]
		}
	}
	return nil
}

// ReadSet reads a figure set from src, reporting every mistake in it.
// With mistakes, the set it returns still has every figure it names (those
// whose value cannot be read, as missing), so that the rules over it can
// be compiled to report their own mistakes in the same run. The
// format:
//
//	name: draft                                      # optional: the file's name
//	document: Draft article on the 2024 workforce   # optional, for every figure
//	url: https://example.org/draft                   # optional
//	lists:                                           # optional
//	  regions: [ne_fte, nw_fte]                      # by name
//	  fte_2024: {measure: inpost_fte, period: "2024"}  # or chosen
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
	set := &Set{Path: path, Name: strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)), Documents: map[string]Precision{}}
	var document, url string
	var figures, lists *yaml.Node
	d.Fields(root, "the figure set",
		yamlnode.Field{Name: "name", Read: func(_, v *yaml.Node) {
			if name, ok := d.String(v, "name"); ok {
				if !IsName(name) {
					d.Errorf(v, "a figure set's name %q must be a word of letters, digits and underscores, not starting with a digit", name)
				}
				set.Name = name
			}
		}},
		yamlnode.Field{Name: "lists", Read: func(_, v *yaml.Node) { lists = v }},
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
	if lists != nil {
		readLists(d, set, lists)
	}
	d.Errs.Sort()
	return set, d.Errs.Err()
}

// readLists reads the set's lists: figures by name, or chosen by measure,
// period and area.
func readLists(d *yamlnode.Doc, set *Set, n *yaml.Node) {
	keys, values := d.Pairs(n, "lists")
	for i, k := range keys {
		l := List{Name: k.Value, Pos: d.Pos(k)}
		if !IsName(l.Name) || set.Figure(l.Name) != nil {
			d.Errorf(k, "list name %q must be a word of letters, digits and underscores that names no figure", l.Name)
			continue
		}
		v := values[i]
		if v.Kind == yaml.SequenceNode {
			names, nodes := d.Strings(v, "list "+l.Name)
			for j, name := range names {
				if set.Figure(name) == nil {
					d.Errorf(nodes[j], "list %s names %s, which is not a figure of this set", l.Name, name)
					continue
				}
				l.Figures = append(l.Figures, name)
			}
		} else {
			var want Figure
			str := func(dst *string, name string) yamlnode.Field {
				return yamlnode.Field{Name: name, Read: func(_, v *yaml.Node) { *dst, _ = d.String(v, name) }}
			}
			d.Fields(v, "list "+l.Name, str(&want.Measure, "measure"), str(&want.Period, "period"), str(&want.Area, "area"))
			for _, f := range set.Figures {
				if want.Measure != "" && f.Measure != want.Measure || want.Period != "" && f.Period != want.Period || want.Area != "" && f.Area != want.Area {
					continue
				}
				l.Figures = append(l.Figures, f.Name)
			}
			if len(l.Figures) == 0 {
				d.Errorf(v, "list %s chooses no figure of this set", l.Name)
			}
		}
		set.Lists = append(set.Lists, l)
	}
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
		v = Value{Text: text, Status: Missing}
	case v.Status == Missing:
		d.Errorf(textNode, "figure %s has no value", f.Name)
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
