package ees

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
)

// RuleFile writes the rules as an ordinary figcheck rule file, to review,
// edit and keep beside the data.
func (in *Inference) RuleFile() []byte {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	lv := in.names[in.Data.levelColumn()]
	w("# The rules of %s, worked out by figcheck infer from %s.\n", comment(base(in.Data.Path)), comment(base(in.Meta.Path)))
	w("# Review them, edit them, and keep them beside the data; the checks that\n")
	w("# rules cannot state (columns, metadata, code/name pairs, symbols, disclosure)\n")
	w("# are run by figcheck check when it finds the metadata file beside the data.\n")
	w("dataset:\n  dimensions:")
	if len(in.dimensions()) == 0 {
		w(" []")
	}
	w("\n")
	for _, h := range in.dimensions() {
		w("    - %s\n", in.column(h))
	}
	if in.Data.Has("time_period") {
		w("  period: time_period\n")
	}
	if area := in.present("la_name", "region_name", "country_name"); len(area) > 0 {
		w("  area: [%s]\n", strings.Join(area, ", "))
	}
	var filters []string // with period and area, what a figure is: they name a finding's row
	for _, c := range in.Meta.Filters() {
		if in.Data.Has(c.Name) {
			filters = append(filters, in.column(c.Name))
		}
	}
	if len(filters) > 0 {
		w("  identity: [%s]\n", strings.Join(filters, ", "))
	}
	var measures []*Column
	for _, c := range in.Meta.Indicators() {
		if in.Data.Has(c.Name) {
			measures = append(measures, c)
		}
	}
	if len(measures) == 0 {
		w("  measures: {}   # the data file has none of the metadata's indicators\n")
	} else {
		w("  measures:   # indicator_dp as the precision; without one, counts are exact, other figures as written\n")
	}
	for _, c := range measures {
		note := c.Label
		if c.Unit != "" {
			note += ", " + c.Unit
		}
		if isCount(c) {
			note += ", a count"
		}
		if in.names[c.Name] == c.Name {
			w("    %s: %s   # %s\n", c.Name, precision(c).String(), comment(note))
		} else {
			w("    %s: {column: %s, precision: %s}   # %s\n", in.names[c.Name], quote(c.Name), precision(c).String(), comment(note))
		}
	}
	w("  # The GSS symbols, and the legacy ones, which ees/indicator-symbols reports.\n")
	codes := append(append([]string{}, symbols...), legacySymbols...)
	for i, c := range codes {
		codes[i] = quote(c)
	}
	w("  suppressed: [%s]\n", strings.Join(codes, ", "))
	w("rules:")
	written := 0
	rule := func(id, title, desc string) {
		if written == 0 {
			w("\n")
		}
		written++
		w("  - id: %s\n    title: %s\n", id, quote(title))
		if desc != "" {
			w("    description: %s\n", quote(desc+" See "+Guidance))
		}
	}
	if in.Data.Has("time_identifier") {
		rule("ees/time-identifier", "time_identifier is one of the EES standard's", "")
		w("    assert: %s\n", quote("time_identifier in "+list(append(append([]string{}, sixDigitTimes...), fourDigitTimes...))))
		if in.Data.Has("time_period") {
			rule("ees/time-period", "time_period is written as its time_identifier needs", "Years that span two calendar years (academic, financial, tax years and their parts) are six digits, 202021; the others four, 2021.")
			w("    assert: %s\n", quote(fmt.Sprintf(`time_identifier in %s ? time_period matches "^[0-9]{6}$" : time_period matches "^[0-9]{4}$"`, list(sixDigitTimes))))
		}
	}
	if in.Data.Has(in.Data.levelColumn()) {
		var names []string
		for _, l := range levels {
			names = append(names, l.name)
		}
		rule("ees/geographic-level", "geographic_level is one of the EES standard's", "")
		w("    assert: %s\n", quote(lv+" in "+list(names)))
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
			rule("ees/level-columns-"+strings.ToLower(strings.ReplaceAll(l, " ", "-")), l+" rows fill in the codes and names their level needs", "")
			w("    when: %s\n    assert: %s\n", quote(fmt.Sprintf("%s == %q", lv, l)), quote(strings.Join(conds, " and ")))
		}
	}
	var dims []string
	for _, h := range in.dimensions() {
		dims = append(dims, in.names[h])
	}
	if len(dims) > 0 {
		rule("ees/duplicate-rows", "One row for each time, place and combination of filters", "")
		w("    unique: [%s]\n", strings.Join(dims, ", "))
	}
	for _, r := range in.relations {
		var by []string
		for _, h := range r.by {
			by = append(by, in.names[h])
		}
		for _, c := range in.counts {
			if !in.Data.Has(c.Name) {
				continue
			}
			n := in.names[c.Name]
			desc := r.description
			tol := 0
			if in.rounded[c] && r.rounded > 0 {
				tol = 5 * r.rounded
				desc += fmt.Sprintf(" The file's regional and national figures of %s are all multiples of 10 and its local authorities' are not: rounded to the nearest 10, so the rule allows 5 for each of the %d such figures of a whole and its parts.", c.Name, r.rounded)
			}
			id := "ees/sum-" + r.id + "-" + ruleID(n)
			in.about[id] = c
			rule(id, fmt.Sprintf("%s: %s", c.Name, r.title), desc)
			w("    group:\n      by: [%s]\n      parts: %s\n      whole: %s\n", strings.Join(by, ", "), quote(r.parts), quote(r.whole))
			w("    assert: %s == sum(parts.%s)\n", n, n)
			if tol > 0 {
				w("    tolerance: %d\n", tol)
			}
		}
	}
	for _, s := range in.shares {
		p, n, d := in.names[s.pct.Name], in.names[s.num.Name], in.names[s.den.Name]
		id := "ees/share-" + ruleID(p)
		in.about[id], in.about[id+"-la"] = s.pct, s.pct
		title := fmt.Sprintf("%s is %s as a percentage of %s", s.pct.Name, s.num.Name, s.den.Name)
		desc := fmt.Sprintf("%s (%s) is a percentage; %s (%s) and %s (%s) are the counts, of its indicator_grouping and named or labelled as it is where one is, with which the formula holds within rounding on the most sampled rows: %d of the %d that have all three figures.",
			s.pct.Name, s.pct.Label, s.num.Name, s.num.Label, s.den.Name, s.den.Label, s.fit, s.rows)
		if !in.rounded[s.num] && !in.rounded[s.den] {
			rule(id, title, desc)
			w("    assert: %s == 100 * %s / %s\n", p, n, d)
			continue
		}
		rule(id+"-la", title+" (local authorities)", desc)
		w("    when: %s\n", quote(lv+` == "Local authority"`))
		w("    assert: %s == 100 * %s / %s\n", p, n, d)
		a, c := 0, 0
		if in.rounded[s.num] {
			a = 5
		}
		if in.rounded[s.den] {
			c = 5
		}
		rule(id, title+" (regions and the country)", desc+fmt.Sprintf(" The regional and national counts are rounded to the nearest 10 (all are multiples of 10 and the local authorities' are not), so the percentage lies between the counts' extremes: %s within %d, %s within %d.", s.num.Name, a, s.den.Name, c))
		w("    when: %s\n", quote(lv+` in ["National", "Regional"]`))
		w("    assert: 100 * (%s - %d) / (%s + %d) <= %s and %s <= 100 * (%s + %d) / (%s - %d)\n", n, a, d, c, p, p, n, a, d, c)
	}
	for _, s := range in.filterShares {
		p, n := in.names[s.pct.Name], in.names[s.num.Name]
		id := "ees/share-" + ruleID(p) + "-of-" + ruleID(in.names[s.filter.Name]) + "-total"
		title := fmt.Sprintf("%s is %s as a percentage of the %s Total row's", s.pct.Name, s.num.Name, s.filter.Name)
		desc := fmt.Sprintf("%s (%s) is 100 on every row whose %s is Total, and on the others %s (%s) over the Total row's, the other columns the same, within rounding on %d of the %d sampled rows that have the figures.",
			s.pct.Name, s.pct.Label, s.filter.Name, s.num.Name, s.num.Label, s.fit, s.rows)
		// The Total row is each group's one part; each other row a whole.
		group := func(r relation) {
			var by []string
			for _, h := range r.by {
				by = append(by, in.names[h])
			}
			w("    group:\n      by: [%s]\n      parts: %s\n      whole: %s\n", strings.Join(by, ", "), quote(r.whole), quote(r.parts))
		}
		split, ok := in.filterSplit[s.filter]
		if !in.rounded[s.num] || !ok {
			in.about[id] = s.pct
			rule(id, title, desc)
			group(in.filterRel[s.filter])
			w("    assert: %s == 100 * %s / sum(parts.%s)\n", p, n, n)
			continue
		}
		in.about[id+"-la"], in.about[id] = s.pct, s.pct
		rule(id+"-la", title+" (local authorities)", desc)
		group(split[0])
		w("    assert: %s == 100 * %s / sum(parts.%s)\n", p, n, n)
		rule(id, title+" (regions and the country)", desc+fmt.Sprintf(" The regional and national figures of %s are rounded to the nearest 10, so the percentage lies between the counts' extremes.", s.num.Name))
		group(split[1])
		w("    assert: 100 * (%s - 5) / (sum(parts.%s) + 5) <= %s and %s <= 100 * (%s + 5) / (sum(parts.%s) - 5)\n", n, n, p, p, n, n)
	}
	if written == 0 {
		w(" []   # the file holds nothing that figcheck can write a rule for\n")
	}
	return []byte(b.String())
}

// Place moves the rules of rs, read from RuleFile, to the metadata file:
// each to the row of the indicator it is about, the others to its first
// line; so that reports point at a file, not at rules that are written
// nowhere.
func (in *Inference) Place(rs *rules.Set) {
	for _, r := range rs.Rules {
		r.Pos = position.Pos{File: in.Meta.Path, Line: 1}
		if c := in.about[r.ID]; c != nil {
			r.Pos = c.Pos
		}
	}
}

// column is a dimension as the dataset declares it.
func (in *Inference) column(h string) string {
	if in.names[h] == h {
		return h
	}
	return fmt.Sprintf("%s: {column: %s}", in.names[h], quote(h))
}

// quote writes s as a YAML single-quoted scalar, in which a quote is
// written twice, or double-quoted with Go's escapes, which YAML reads
// alike, when it holds characters that are not printable.
func quote(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
		return strconv.Quote(s)
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// comment makes s fit on a comment's line.
func comment(s string) string {
	return strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return ' '
		}
		return r
	}, s)
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
