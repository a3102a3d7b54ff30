package ees

import (
	"fmt"
	"strings"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/interval"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
)

// Rules returns the rules worked out for the data file, over a dataset
// that reads it. Each rule is placed at the metadata's row of the
// indicator it is about, the others at the metadata's first line, so that
// reports point at a file the user has.
func (in *Inference) Rules() *rules.Set {
	top := position.Pos{File: in.Meta.Path, Line: 1}
	ds := &rules.Dataset{Pos: top, Codes: figures.NewCodes(suppressionCodes()...)}
	column := func(h string, pos position.Pos) rules.Column {
		c := rules.Column{Name: in.names[h], Pos: pos}
		if c.Name != h {
			c.Header = h
		}
		return c
	}
	for _, h := range in.dimensions() {
		ds.Dimensions = append(ds.Dimensions, column(h, top))
	}
	if in.Data.Has("time_period") {
		ds.Period = in.names["time_period"]
	}
	for _, h := range in.present("la_name", "region_name", "country_name") {
		ds.Area = append(ds.Area, in.names[h])
	}
	for _, c := range in.Meta.Filters() { // with period and area, what a figure is: they name a finding's row
		if in.Data.Has(c.Name) {
			ds.Identity = append(ds.Identity, in.names[c.Name])
		}
	}
	for _, c := range in.measures() {
		m := column(c.Name, c.Pos)
		m.Precision = precision(c)
		ds.Measures = append(ds.Measures, m)
	}
	b := &builder{set: &rules.Set{Datasets: []*rules.Dataset{ds}}, ds: ds, top: top}
	in.structureRules(b)
	in.sumRules(b)
	in.shareRules(b)
	return b.set
}

// measures are the metadata's indicators that the data file has.
func (in *Inference) measures() []*Column {
	var out []*Column
	for _, c := range in.Meta.Indicators() {
		if in.Data.Has(c.Name) {
			out = append(out, c)
		}
	}
	return out
}

// suppressionCodes are the GSS symbols, and the legacy ones, which
// ees/indicator-symbols reports.
func suppressionCodes() []string {
	return append(append([]string{}, symbols...), legacySymbols...)
}

// builder adds rules over one dataset to a set.
type builder struct {
	set *rules.Set
	ds  *rules.Dataset
	top position.Pos
}

// rule adds a rule placed at the metadata's row of the indicator it is
// about, or at its first line when it is about none; its description
// ends with the guidance it follows.
func (b *builder) rule(id, title, desc, guide string, about *Column) *rules.Rule {
	pos := b.top
	if about != nil {
		pos = about.Pos
	}
	if desc != "" {
		desc += " "
	}
	r := &rules.Rule{ID: id, Title: title, Description: desc + "See " + guide, Severity: rules.Error, Pos: pos, Dataset: b.ds}
	b.set.Rules = append(b.set.Rules, r)
	return r
}

// expr is an expression of a rule placed as r is.
func expr(r *rules.Rule, text string) rules.Expr { return rules.Expr{Text: text, Pos: r.Pos} }

// group makes r compare the whole of relation rel with its parts, or,
// with swap, each part with the whole.
func (in *Inference) group(r *rules.Rule, rel relation, swap bool) {
	by := make([]string, len(rel.by))
	pos := make([]position.Pos, len(rel.by))
	for i, h := range rel.by {
		by[i], pos[i] = in.names[h], r.Pos
	}
	parts, whole := rel.parts, rel.whole
	if swap {
		parts, whole = whole, parts
	}
	r.Group = &rules.Group{By: by, WholeBy: by, ByPos: pos, WholeByPos: pos, Parts: expr(r, parts), Whole: expr(r, whole)}
}

// structureRules are the structural checks of the EES standard that rules
// state: time identifiers and periods, geographic levels and the columns
// each needs, and duplicate rows.
func (in *Inference) structureRules(b *builder) {
	lv := in.names[in.Data.levelColumn()]
	if in.Data.Has("time_identifier") {
		r := b.rule("ees/time-identifier", "time_identifier is one of the EES standard's", "", guideTime, nil)
		r.Assert = expr(r, timeIdentifierRule())
		if in.Data.Has("time_period") {
			r := b.rule("ees/time-period", "time_period is written as its time_identifier needs",
				"Academic, financial and tax years, their quarters, halves and terms span two calendar years and are written with six digits, 202021; calendar and reporting years, months and weeks with four, 2021.", guideTime, nil)
			r.Assert = expr(r, timePeriodFormat())
		}
	}
	if in.Data.Has(in.Data.levelColumn()) {
		var names []string
		for _, l := range levels {
			names = append(names, l.name)
		}
		r := b.rule("ees/geographic-level", "geographic_level is one of the EES standard's", "", guideLevels, nil)
		r.Assert = expr(r, lv+" in "+list(names))
		for _, l := range in.Data.distinct(in.Data.levelColumn()) {
			lvl := findLevel(l)
			if lvl == nil {
				continue
			}
			var conds []string
			for _, p := range lvl.pairs {
				for _, c := range in.present(p[0], p[1]) {
					conds = append(conds, in.names[c]+` != ""`)
				}
			}
			if len(conds) == 0 {
				continue
			}
			r := b.rule("ees/level-columns-"+strings.ToLower(strings.ReplaceAll(l, " ", "-")), l+" rows fill in the codes and names their level needs", "", guideLevels, nil)
			r.When = expr(r, fmt.Sprintf("%s == %q", lv, l))
			r.Assert = expr(r, strings.Join(conds, " and "))
		}
		in.codeFormatRules(b)
	}
	var dims []string
	for _, h := range in.dimensions() {
		dims = append(dims, in.names[h])
	}
	if len(dims) > 0 {
		r := b.rule("ees/duplicate-rows", "One row for each time, place and combination of filters", "", Guidance+"#tidy-data-structure", nil)
		r.Unique = dims
		for range dims {
			r.UniquePos = append(r.UniquePos, r.Pos)
		}
	}
}

// sumRules are, for each count, the sums of every relation of the file.
func (in *Inference) sumRules(b *builder) {
	for _, rel := range in.relations {
		for _, c := range in.counts {
			if !in.Data.Has(c.Name) {
				continue
			}
			n := in.names[c.Name]
			desc := rel.description
			tol := 0
			if in.rounded[c] && rel.rounded > 0 {
				tol = 5 * rel.rounded
				desc += fmt.Sprintf(" The file's regional and national figures of %s are all multiples of 10 and its local authorities' are not: rounded to the nearest 10, so the rule allows 5 for each of the %d such figures of a whole and its parts.", c.Name, rel.rounded)
			}
			r := b.rule("ees/sum-"+rel.id+"-"+ruleID(n), fmt.Sprintf("%s: %s", c.Name, rel.title), desc, Guidance, c)
			in.group(r, rel, false)
			r.Assert = expr(r, fmt.Sprintf("%s == sum(parts.%s)", n, n))
			r.Tolerance = interval.Tolerance{Abs: float64(tol)}
		}
	}
}

// shareRules are the percentages of two counts of their row, and those of
// a filter's Total row.
func (in *Inference) shareRules(b *builder) {
	lv := in.names[in.Data.levelColumn()]
	for _, s := range in.shares {
		p, n, d := in.names[s.pct.Name], in.names[s.num.Name], in.names[s.den.Name]
		id := "ees/share-" + ruleID(p)
		title := fmt.Sprintf("%s is %s as a percentage of %s", s.pct.Name, s.num.Name, s.den.Name)
		desc := fmt.Sprintf("%s (%s) is a percentage; %s (%s) and %s (%s) are the counts, of its indicator_grouping and named or labelled as it is where one is, with which the formula holds within rounding on the most sampled rows: %d of the %d that have all three figures.",
			s.pct.Name, s.pct.Label, s.num.Name, s.num.Label, s.den.Name, s.den.Label, s.fit, s.rows)
		formula := fmt.Sprintf("%s == 100 * %s / %s", p, n, d)
		if !in.rounded[s.num] && !in.rounded[s.den] {
			r := b.rule(id, title, desc, Guidance, s.pct)
			r.Assert = expr(r, formula)
			continue
		}
		r := b.rule(id+"-la", title+" (local authorities)", desc, Guidance, s.pct)
		r.When = expr(r, lv+` == "Local authority"`)
		r.Assert = expr(r, formula)
		a, c := tens(in.rounded[s.num]), tens(in.rounded[s.den])
		r = b.rule(id, title+" (regions and the country)", desc+fmt.Sprintf(" The regional and national counts are rounded to the nearest 10 (all are multiples of 10 and the local authorities' are not), so the percentage lies between the counts' extremes: %s within %d, %s within %d.", s.num.Name, a, s.den.Name, c), Guidance, s.pct)
		r.When = expr(r, lv+` in ["National", "Regional"]`)
		r.Assert = expr(r, fmt.Sprintf("100 * (%s - %d) / (%s + %d) <= %s and %s <= 100 * (%s + %d) / (%s - %d)", n, a, d, c, p, p, n, a, d, c))
	}
	for _, s := range in.filterShares {
		p, n := in.names[s.pct.Name], in.names[s.num.Name]
		id := "ees/share-" + ruleID(p) + "-of-" + ruleID(in.names[s.filter.Name]) + "-total"
		title := fmt.Sprintf("%s is %s as a percentage of the %s Total row's", s.pct.Name, s.num.Name, s.filter.Name)
		desc := fmt.Sprintf("%s (%s) is 100 on every row whose %s is Total, and on the others %s (%s) over the Total row's, the other columns the same, within rounding on %d of the %d sampled rows that have the figures.",
			s.pct.Name, s.pct.Label, s.filter.Name, s.num.Name, s.num.Label, s.fit, s.rows)
		formula := fmt.Sprintf("%s == 100 * %s / sum(parts.%s)", p, n, n)
		// The Total row is each group's one part; each other row a whole.
		split, ok := in.filterSplit[s.filter]
		if !in.rounded[s.num] || !ok {
			r := b.rule(id, title, desc, Guidance, s.pct)
			in.group(r, in.filterRel[s.filter], true)
			r.Assert = expr(r, formula)
			continue
		}
		r := b.rule(id+"-la", title+" (local authorities)", desc, Guidance, s.pct)
		in.group(r, split[0], true)
		r.Assert = expr(r, formula)
		r = b.rule(id, title+" (regions and the country)", desc+fmt.Sprintf(" The regional and national figures of %s are rounded to the nearest 10, so the percentage lies between the counts' extremes.", s.num.Name), Guidance, s.pct)
		in.group(r, split[1], true)
		r.Assert = expr(r, fmt.Sprintf("100 * (%s - 5) / (sum(parts.%s) + 5) <= %s and %s <= 100 * (%s + 5) / (sum(parts.%s) - 5)", n, n, p, p, n, n))
	}
}

// tens is how far a count rounded to the nearest 10 may be from its
// value: 5, or 0 for one that is not rounded.
func tens(rounded bool) int {
	if rounded {
		return 5
	}
	return 0
}

// codeFormatRules check the geography codes of the file's code columns
// against the ONS codes of the areas each column holds; x (not available)
// and z (not applicable) stand for areas without a code.
func (in *Inference) codeFormatRules(b *builder) {
	for _, f := range codeFormats {
		if !in.Data.Has(f.column) {
			continue
		}
		n := in.names[f.column]
		r := b.rule("ees/code-format-"+ruleID(n), f.column+" is an ONS code of the areas it holds",
			fmt.Sprintf("%s holds the codes of %s: three characters naming the kind of area and six digits, as the ONS register of geographic codes (%s) gives them; x where the code is not available and z where none applies. Authorities that publish together are written with their codes joined by \" / \".", f.column, f.areas, onsCodes),
			guideGeography, nil)
		r.Assert = expr(r, fmt.Sprintf(`%s in ["", "x", "z"] or %s matches %q`, n, n, f.pattern()))
	}
}
