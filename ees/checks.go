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

func (c *check) pass() { c.counts[checker.Pass]++ }

func (c *check) fail(subject string, pos position.Pos, expr, computation, msg string, figs ...checker.FigureUse) {
	c.counts[checker.Fail]++
	c.findings = append(c.findings, checker.Finding{
		Rule: c.rule, Verdict: checker.Fail, Subject: subject, Pos: pos,
		Message: msg, Expr: expr, Computation: computation, Figures: figs,
	})
}

// checkKind is one of the checks that rules cannot state: the rule that
// reports name it by, and what runs it.
type checkKind struct {
	id                 string
	severity           rules.Severity
	title, desc, guide string
	run                func(in *Inference, c *check, opts Options)
}

// checkKinds are the checks that rules cannot state, in the order they
// run and are reported.
func checkKinds(opts Options) []checkKind {
	return []checkKind{
		{"ees/file-name", rules.Error, "The data and metadata files are named as EES names them",
			"A file name holds only letters, digits, hyphens and underscores, with no spaces (and is best in lower case, to which EES turns it), and the metadata of data.csv is data.meta.csv.", guideFileNames, (*Inference).fileNames},
		{"ees/mandatory-columns", rules.Error, "The data file has the columns every EES file has",
			"Every EES data file has time_period, time_identifier, geographic_level, country_code and country_name.", Guidance + "#time-and-geography", (*Inference).mandatoryColumns},
		{"ees/metadata-columns", rules.Error, "The metadata lists every filter and indicator of the data file, and only those",
			"Each column of the data file that is not a time or geography column of the standard is a filter or indicator the metadata describes, and each the metadata describes is in the data file.", Guidance + "#ees-metadata", (*Inference).metadataColumns},
		{"ees/level-columns", rules.Error, "The data file has the columns its geographic levels need",
			"A file with rows of a geographic level has that level's code and name columns: Regional rows need region_code and region_name, Local authority rows new_la_code and la_name, and so on.", guideLevels, (*Inference).levelColumns},
		{"ees/code-name", rules.Error, "Each code has one name in a time period, and each name one code",
			"A geography's code and name go together: a code written with two names, or a name with two codes, in the rows of one time period is a mistake in one of them. (Across time periods, local government reorganisation gives names new codes.)", guideGeography, (*Inference).codeNames},
		{"ees/filter-total", rules.Warning, "Each filter has a Total level, or a filter_default that is one of its levels",
			"A filter with a Total level lets users see the figure for all its levels together, and lets figcheck check that the levels add up to it; EES shows the Total first, or the level filter_default names.", Guidance + "#aggregates-and-default-filters", (*Inference).filterTotals},
		{"ees/time-period-years", rules.Error, "A six-digit time_period names two years that follow each other",
			"202021 is 2020/21; 202022 names no year.", guideTime, (*Inference).timePeriods},
		{"ees/indicator-symbols", rules.Error, "Indicator cells are numbers or GSS symbols",
			"EES indicator cells are never blank; a figure that is not published is one of the GSS symbols c (confidential), x (not available), z (not applicable), low or k (rounds to zero) and u (low reliability), not a legacy symbol such as :, .., -, * or ~.", guideSymbols, (*Inference).indicatorSymbols},
		{"ees/indicator-dp", rules.Warning, "indicator_dp suits the decimal places the figures are written with",
			"EES shows each indicator to its indicator_dp decimal places, and to 2 when it is blank; the data file may hold more, which users download. An indicator written with decimals and no indicator_dp is shown to 2 places whatever its figures hold; one whose figures all have fewer decimal places than its indicator_dp is shown with zeros that stand for no digits.", guideMetadata, (*Inference).decimalPlaces},
		{"ees/secondary-suppression", rules.Error, "No suppressed figure can be worked out from the published ones",
			fmt.Sprintf("A figure suppressed as c (confidential) must not be recoverable from the others: a total less its other parts, or the sum of its parts, along the geography hierarchy or a filter. It is a finding when the published figures, with their rounding, pin it to an interval narrower than %g (before its being at least 0 is counted, so that a total rounded to the nearest 10 less unrounded parts protects it); suppress a second figure of the same total (secondary suppression).", opts.width()),
			Guidance + "#general-requirements", (*Inference).disclosure},
	}
}

// width is the disclosure threshold of the options.
func (o Options) width() float64 {
	if o.DisclosureWidth <= 0 {
		return DefaultDisclosureWidth
	}
	return o.DisclosureWidth
}

// CheckRules are the rules of the checks that rules cannot state, as
// reports name them, placed at the metadata's first line.
func (in *Inference) CheckRules(opts Options) []*rules.Rule {
	var out []*rules.Rule
	for _, k := range checkKinds(opts) {
		out = append(out, &rules.Rule{
			ID: k.id, Title: k.title, Severity: k.severity,
			Description: k.desc + " See " + k.guide,
			Pos:         position.Pos{File: in.Meta.Path, Line: 1},
		})
	}
	return out
}

// Check runs the checks that rules cannot state: file names, the columns
// a data file must have and the metadata must list, the columns each
// geographic level needs, code/name pairs, filters with a Total, time
// periods whose years do not follow each other, the symbols in indicator
// cells, decimal places, and suppressed cells that the published figures
// give away.
func (in *Inference) Check(opts Options) *Report {
	r := &Report{}
	rs := in.CheckRules(opts)
	for i, k := range checkKinds(opts) {
		c := &check{rule: rs[i]}
		k.run(in, c, opts)
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

func (in *Inference) mandatoryColumns(c *check, _ Options) {
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
}

func (in *Inference) metadataColumns(c *check, _ Options) {
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

func (in *Inference) levelColumns(c *check, _ Options) {
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
}

func (in *Inference) codeNames(c *check, _ Options) {
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
						fmt.Sprintf("%q (line %d) and %q (line %d)", other, in.Data.Line(j), b, in.Data.Line(i)),
						fmt.Sprintf("%s %s is written with %s %q here and %q on line %d", p[from], a, p[to], b, other, in.Data.Line(j)))
				}
			}
		}
	}
}

func containsPair(pairs [][2]string, p [2]string) bool {
	for _, q := range pairs {
		if q == p {
			return true
		}
	}
	return false
}

func (in *Inference) filterTotals(c *check, _ Options) {
	for _, f := range in.Meta.Filters() {
		if !in.Data.Has(f.Name) {
			continue
		}
		levels := in.Data.distinct(f.Name)
		switch {
		case f.Default != "" && indexOf(levels, f.Default) < 0:
			c.fail(f.Name, f.Pos, f.Name+" has a level "+f.Default, "levels "+strings.Join(levels, ", "), fmt.Sprintf("filter_default of %s is %s, which is none of its levels", f.Name, f.Default))
		case f.Default != "" || hasTotal(levels):
			c.pass()
		default:
			c.fail(f.Name, f.Pos, f.Name+" has a level Total", "levels "+strings.Join(levels, ", "), "filter "+f.Name+" has no Total level: add one, or name the level EES shows first in filter_default")
		}
	}
}

func (in *Inference) timePeriods(c *check, _ Options) {
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
}

func (in *Inference) indicatorSymbols(c *check, _ Options) {
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

// fileNames checks the names of the data and metadata files: letters,
// digits, hyphens and underscores, and data.meta.csv for data.csv.
// Capitals pass, as the screener passes them: EES turns them to lower
// case.
func (in *Inference) fileNames(c *check, _ Options) {
	for _, p := range []string{in.Data.Path, in.Meta.Path} {
		name := base(p)
		stem := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(name, ".gz"), ".csv"), ".meta")
		var bad []string
		for _, r := range stem {
			switch {
			case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			case r == ' ':
				bad = appendNew(bad, "spaces")
			default:
				bad = appendNew(bad, strconv.QuoteRune(r))
			}
		}
		if len(bad) == 0 {
			c.pass()
			continue
		}
		c.fail(name, position.Pos{File: p}, name+" holds letters, digits, - and _", strings.Join(bad, ", "),
			fmt.Sprintf("the file name %s has %s: name EES files with letters, digits, hyphens and underscores", name, strings.Join(bad, ", ")))
	}
	want := strings.TrimSuffix(strings.TrimSuffix(base(in.Data.Path), ".gz"), ".csv") + ".meta.csv"
	if got := base(in.Meta.Path); got != want {
		c.fail(got, position.Pos{File: in.Meta.Path}, "the metadata of "+base(in.Data.Path)+" is "+want, got,
			fmt.Sprintf("the metadata of %s is named %s; EES expects %s", base(in.Data.Path), got, want))
	} else {
		c.pass()
	}
}

func appendNew(list []string, s string) []string {
	if indexOf(list, s) >= 0 {
		return list
	}
	return append(list, s)
}

// decimalPlaces checks each indicator's indicator_dp against the decimal
// places its figures are written with: a blank indicator_dp for figures
// with decimals, which EES shows to 2 places, or one above the places of
// every figure, which EES pads with zeros.
func (in *Inference) decimalPlaces(c *check, _ Options) {
	for _, ind := range in.measures() {
		most, first := -1, -1 // the most decimal places written, and the first row with them
		for i := range in.Data.Rows {
			v, ok := in.value(i, ind)
			if !ok {
				continue
			}
			if n := decimals(v.Text); n > most {
				most, first = n, i
			}
		}
		switch {
		case most < 0 || ind.DP >= 0 && most >= ind.DP || ind.DP < 0 && most == 0:
			c.pass()
		case ind.DP < 0:
			c.fail(ind.Name, in.Data.Pos(first, ind.Name), ind.Name+" has an indicator_dp", fmt.Sprintf("blank; figures with %d decimal places", most),
				fmt.Sprintf("%s is written with up to %d decimal places and its indicator_dp is blank, so EES shows it to 2: state the places to show in %s", ind.Name, most, base(in.Meta.Path)))
		default:
			c.fail(ind.Name, ind.Pos, fmt.Sprintf("%s's figures have %d decimal places", ind.Name, ind.DP), fmt.Sprintf("at most %d", most),
				fmt.Sprintf("indicator_dp of %s is %d but no figure of it has more than %d decimal places (%s, line %d): EES would show zeros that stand for no digits", ind.Name, ind.DP, most, strings.TrimSpace(in.Data.Get(first, ind.Name)), in.Data.Line(first)))
		}
	}
}

// decimals counts the digits after the decimal point of a figure as
// written.
func decimals(text string) int {
	text = strings.TrimSpace(text)
	i := strings.IndexByte(text, '.')
	if i < 0 {
		return 0
	}
	n := 0
	for _, r := range text[i+1:] {
		if r < '0' || r > '9' {
			break
		}
		n++
	}
	return n
}
