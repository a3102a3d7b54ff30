package ees

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
)

// Options are the settings of the checks that rules cannot state.
type Options struct {
	// DisclosureWidth is how narrowly a suppressed cell may be recovered
	// from the published figures before it is a finding: one whose
	// interval is narrower than this. 0 means DefaultDisclosureWidth.
	DisclosureWidth float64
}

// DefaultDisclosureWidth is the disclosure threshold when none is
// declared: a suppressed count known to within less than 10, the width of
// a count rounded to the nearest 10.
const DefaultDisclosureWidth = 10

// Report is the outcome of the checks that rules cannot state, in the
// checker's terms so that it is reported with the rest.
type Report struct {
	Rules    []checker.RuleResult
	Findings []checker.Finding
}

// check is one of the checks, as it is reported.
type check struct {
	rule     *rules.Rule
	counts   checker.Counts
	findings []checker.Finding
}

func (in *Inference) newCheck(id string, sev rules.Severity, title, desc string) *check {
	return &check{rule: &rules.Rule{
		ID: id, Title: title, Severity: sev,
		Description: desc + " See " + Guidance,
		Pos:         position.Pos{File: in.Meta.Path, Line: 1},
	}}
}

func (c *check) pass() { c.counts[checker.Pass]++ }

func (c *check) fail(subject string, pos position.Pos, expr, computation, msg string, figs ...checker.FigureUse) {
	c.counts[checker.Fail]++
	c.findings = append(c.findings, checker.Finding{
		Rule: c.rule, Verdict: checker.Fail, Subject: subject, Pos: pos,
		Message: msg, Expr: expr, Computation: computation, Figures: figs,
	})
}

// Check runs the checks that rules cannot state: the columns a data file
// must have and the metadata must list, the columns each geographic
// level needs, code/name pairs, filters with a Total, the symbols in
// indicator cells, time periods whose years do not follow each other,
// and suppressed cells that the published figures give away.
func (in *Inference) Check(opts Options) *Report {
	if opts.DisclosureWidth <= 0 {
		opts.DisclosureWidth = DefaultDisclosureWidth
	}
	checks := []*check{
		in.mandatoryColumns(), in.metadataColumns(), in.levelColumns(), in.codeNames(),
		in.filterTotals(), in.timePeriods(), in.indicatorSymbols(), in.disclosure(opts.DisclosureWidth),
	}
	r := &Report{}
	for _, c := range checks {
		r.Rules = append(r.Rules, checker.RuleResult{Rule: c.rule, Counts: c.counts})
		r.Findings = append(r.Findings, c.findings...)
	}
	return r
}

func (in *Inference) headerPos(name string) position.Pos {
	p := position.Pos{File: in.Data.Path, Line: 1}
	if j, ok := in.Data.index[name]; ok {
		col := 1
		for _, h := range in.Data.Header[:j] {
			col += len(h) + 1
		}
		p.Col = col
	}
	return p
}

func (in *Inference) mandatoryColumns() *check {
	c := in.newCheck("ees/mandatory-columns", rules.Error, "The data file has the columns every EES file has",
		"Every EES data file has time_period, time_identifier, geographic_level, country_code and country_name.")
	for _, h := range mandatoryColumns {
		if in.Data.Has(h) {
			c.pass()
			continue
		}
		msg := "add the column " + h
		if h == "geographic_level" && in.Data.Has("geographical_level") {
			msg = "rename geographical_level to geographic_level, as the EES standard now writes it"
		}
		c.fail(h, position.Pos{File: in.Data.Path, Line: 1}, "has column "+h, "no column "+h, msg)
	}
	return c
}

func (in *Inference) metadataColumns() *check {
	c := in.newCheck("ees/metadata-columns", rules.Error, "The metadata lists every filter and indicator of the data file, and only those",
		"Each column of the data file that is not a time or geography column of the standard is a filter or indicator the metadata describes, and each the metadata describes is in the data file.")
	for i := range in.Meta.Columns {
		mc := &in.Meta.Columns[i]
		for _, h := range []string{mc.Name, mc.GroupingColumn} {
			if h == "" {
				continue
			}
			if in.Data.Has(h) {
				c.pass()
			} else {
				c.fail(h, mc.Pos, "data file has column "+h, "no column "+h, fmt.Sprintf("the metadata lists %s, which the data file does not have", h))
			}
		}
	}
	std := standardColumns()
	for _, h := range in.Data.Header {
		if indexOf(std, h) >= 0 || h == "geographical_level" {
			continue
		}
		if in.listed(h) {
			c.pass()
			continue
		}
		c.fail(h, in.headerPos(h), "metadata lists "+h, "not listed", fmt.Sprintf("column %s is neither a time or geography column of the standard nor in %s: add a row for it to the metadata", h, base(in.Meta.Path)))
	}
	return c
}

// listed reports whether the metadata lists h as a column or as a
// filter's grouping column.
func (in *Inference) listed(h string) bool {
	for _, mc := range in.Meta.Columns {
		if mc.Name == h || mc.GroupingColumn == h {
			return true
		}
	}
	return false
}

func (in *Inference) levelColumns() *check {
	c := in.newCheck("ees/level-columns", rules.Error, "The data file has the columns its geographic levels need",
		"A file with rows of a geographic level has that level's code and name columns: Regional rows need region_code and region_name, Local authority rows new_la_code and la_name, and so on.")
	for _, l := range in.Data.distinct(in.Data.levelColumn()) {
		lvl := findLevel(l)
		if lvl == nil {
			continue // ees/geographic-level reports it
		}
		for _, p := range lvl.pairs {
			for _, h := range p {
				if in.Data.Has(h) {
					c.pass()
				} else {
					c.fail(l+": "+h, position.Pos{File: in.Data.Path, Line: 1}, "has column "+h, "no column "+h, fmt.Sprintf("the file has %s rows, which need the column %s", l, h))
				}
			}
		}
	}
	return c
}

func (in *Inference) codeNames() *check {
	c := in.newCheck("ees/code-name", rules.Error, "Each code has one name in a time period, and each name one code",
		"A geography's code and name go together: a code written with two names, or a name with two codes, in the rows of one time period is a mistake in one of them. (Across time periods, local government reorganisation gives names new codes.)")
	var pairs [][2]string
	for _, l := range levels {
		for _, p := range l.pairs {
			if in.Data.Has(p[0]) && in.Data.Has(p[1]) && !containsPair(pairs, p) {
				pairs = append(pairs, p)
			}
		}
	}
	for _, p := range pairs {
		for k, from := range []int{0, 1} {
			to := 1 - from
			first := map[[2]string]int{}
			reported := map[[2]string]bool{}
			for i := range in.Data.Rows {
				a, b := in.Data.Get(i, p[from]), in.Data.Get(i, p[to])
				if a == "" || b == "" {
					continue
				}
				key := [2]string{in.Data.Get(i, "time_period"), a}
				j, seen := first[key]
				if !seen {
					first[key] = i
					if k == 0 {
						c.pass()
					}
					continue
				}
				if other := in.Data.Get(j, p[to]); other != b && !reported[[2]string{a, b}] {
					reported[[2]string{a, b}] = true
					c.fail(fmt.Sprintf("%s %s", p[from], a), in.Data.Pos(i, p[to]),
						fmt.Sprintf("%s %s has one %s", p[from], a, p[to]),
						fmt.Sprintf("%q (line %d) and %q (line %d)", other, in.Data.Lines[j], b, in.Data.Lines[i]),
						fmt.Sprintf("%s %s is written with %s %q here and %q on line %d", p[from], a, p[to], b, other, in.Data.Lines[j]))
				}
			}
		}
	}
	return c
}

func containsPair(pairs [][2]string, p [2]string) bool {
	for _, q := range pairs {
		if q == p {
			return true
		}
	}
	return false
}

func (in *Inference) filterTotals() *check {
	c := in.newCheck("ees/filter-total", rules.Warning, "Each filter has a Total level",
		"A filter with a Total level lets users see the figure for all its levels together, and lets figcheck check that the levels add up to it.")
	for _, f := range in.Meta.Filters() {
		if !in.Data.Has(f.Name) {
			continue
		}
		if hasTotal(in.Data.distinct(f.Name)) {
			c.pass()
		} else {
			c.fail(f.Name, f.Pos, f.Name+" has a level Total", "levels "+strings.Join(in.Data.distinct(f.Name), ", "), "filter "+f.Name+" has no Total level")
		}
	}
	return c
}

func (in *Inference) timePeriods() *check {
	c := in.newCheck("ees/time-period-years", rules.Error, "A six-digit time_period names two years that follow each other",
		"202021 is 2020/21; 202022 names no year.")
	seen := map[string]bool{}
	for i := range in.Data.Rows {
		tp := in.Data.Get(i, "time_period")
		if len(tp) != 6 || seen[tp] || indexOf(sixDigitTimes, in.Data.Get(i, "time_identifier")) < 0 {
			continue
		}
		seen[tp] = true
		y1, err1 := strconv.Atoi(tp[:4])
		y2, err2 := strconv.Atoi(tp[4:])
		if err1 != nil || err2 != nil {
			continue // ees/time-period reports it
		}
		if (y1+1)%100 == y2 {
			c.pass()
		} else {
			c.fail("time_period "+tp, in.Data.Pos(i, "time_period"), fmt.Sprintf("%s is %d/%02d", tp, y1, (y1+1)%100), fmt.Sprintf("%d/%02d", y1, y2), fmt.Sprintf("time_period %s: the year after %d is %02d", tp, y1, (y1+1)%100))
		}
	}
	return c
}

func (in *Inference) indicatorSymbols() *check {
	c := in.newCheck("ees/indicator-symbols", rules.Error, "Indicator cells are numbers or GSS symbols",
		"EES indicator cells are never blank; a figure that is not published is one of the GSS symbols c (confidential), x (not available), z (not applicable), low or k (rounds to zero) and u (low reliability), not a legacy symbol such as :, .., -, * or ~.")
	for _, ind := range in.Meta.Indicators() {
		if !in.Data.Has(ind.Name) {
			continue
		}
		for i := range in.Data.Rows {
			v, _ := in.value(i, ind)
			text := strings.TrimSpace(v.Text)
			switch {
			case v.Status == figures.Number || indexOf(symbols, text) >= 0:
				c.pass()
			case text == "":
				c.fail(in.subject(i), in.Data.Pos(i, ind.Name), ind.Name+" is a number or a GSS symbol", "blank", ind.Name+" is blank: write the figure, or the GSS symbol that says why there is none")
			case indexOf(legacySymbols, text) >= 0:
				c.fail(in.subject(i), in.Data.Pos(i, ind.Name), ind.Name+" is a number or a GSS symbol", strconv.Quote(text), fmt.Sprintf("%s is %q, a legacy symbol: write one of c, x, z, low, k, u", ind.Name, text))
			default:
				c.fail(in.subject(i), in.Data.Pos(i, ind.Name), ind.Name+" is a number or a GSS symbol", strconv.Quote(text), fmt.Sprintf("%s is %q, neither a number nor a GSS symbol", ind.Name, text))
			}
		}
	}
	return c
}

// area names row i's place: its local authority, region or country.
func (in *Inference) area(i int) string {
	for _, h := range []string{"la_name", "region_name", "country_name"} {
		if v := in.Data.Get(i, h); v != "" {
			return v
		}
	}
	return ""
}

// subject names row i for people: its area, time period and the filter
// levels that are not Total.
func (in *Inference) subject(i int) string {
	var parts []string
	if v := in.area(i); v != "" {
		parts = append(parts, v)
	}
	if v := in.Data.Get(i, "time_period"); v != "" {
		parts = append(parts, v)
	}
	for _, f := range in.Meta.Filters() {
		if v := in.Data.Get(i, f.Name); v != "" && !isTotal(v) {
			parts = append(parts, f.Name+" "+v)
		}
	}
	return strings.Join(parts, ", ")
}
