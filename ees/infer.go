package ees

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/interval"
)

// relation is a whole and the parts that add up to it, along the geography
// hierarchy or over a filter's levels to its total.
type relation struct {
	id, title, description string
	by                     []string // header names the parts share with their whole
	parts, whole           string   // expressions over the dimensions
	isPart, isWhole        func(d *Data, i int) bool
	term                   func(d *Data, i int) string // names a row among the others of its equation
	// rounded is how many of a whole's figures and its parts' are
	// regional or national ones: rounded to the nearest 10 when the file
	// rounds them.
	rounded int
}

// Inference is what figcheck works out from a data file and its
// metadata: the columns, how each indicator is rounded, which indicators
// are counts, and the relations between rows.
type Inference struct {
	Meta   *Meta
	Data   *Data
	counts []*Column
	shares []share
	// filterShares are percentages of a filter's Total row.
	filterShares []filterShare
	filterRel    map[*Column]relation    // each filter with a Total: its levels and their Total
	filterSplit  map[*Column][2]relation // and the same for local authorities, and for regions and the country
	relations    []relation
	names        map[string]string // header → the name rules use
	values       map[*Column][]figures.Value
	// rounded are the counts whose regional and national figures are all
	// multiples of 10 while local authorities' are not: rounded to the
	// nearest 10, as the DfE publishes them.
	rounded map[*Column]bool
}

// share is a percentage indicator and the counts it is worked out from.
type share struct {
	pct, num, den *Column
	fit, rows     int // rows where the formula holds within rounding, of those with all three figures
}

// filterShare is a percentage of the row whose filter is Total, the
// other columns the same: p == 100 * num / num of that row.
type filterShare struct {
	pct, num, filter *Column
	fit, rows        int
}

// Infer works out the rules for data file d and its metadata m.
func Infer(m *Meta, d *Data) *Inference {
	in := &Inference{Meta: m, Data: d, names: map[string]string{}, values: map[*Column][]figures.Value{}, rounded: map[*Column]bool{}, filterRel: map[*Column]relation{}, filterSplit: map[*Column][2]relation{}}
	taken := map[string]bool{}
	for _, h := range d.Header {
		name := ruleName(h)
		for n := 2; taken[name]; n++ { // a-b and a_b
			name = ruleName(h) + "_" + strconv.Itoa(n)
		}
		taken[name] = true
		in.names[h] = name
	}
	for _, c := range m.Indicators() {
		if isCount(c) {
			in.counts = append(in.counts, c)
			in.rounded[c] = in.roundsAggregates(c)
		}
	}
	in.relations = append(in.geographyRelations(), in.filterRelations()...)
	in.shares = in.findShares()
	in.filterShares = in.findFilterShares()
	return in
}

var notAdditive = regexp.MustCompile(`(?i)(^|_)(avg|average|mean|median|rate|ratio|score|percentile|pc|pt|pct|percent|ci|lower|upper|index)(_|$)|(?i)^(average|mean|median|rate) `)

// isCount reports whether an indicator is a count that adds up over areas
// and filter levels: no unit, whole numbers (indicator_dp empty or 0),
// and neither its name nor its label speaks of an average, a rate, a
// median, a score or a percentage.
func isCount(c *Column) bool {
	return !c.Filter && c.Unit == "" && c.DP <= 0 && !notAdditive.MatchString(c.Name) && !notAdditive.MatchString(c.Label)
}

// roundsAggregates reports whether the file's regional and national
// figures of count c are all multiples of 10 and its local authorities'
// are not.
func (in *Inference) roundsAggregates(c *Column) bool {
	aggregates, la := 0, false
	for i := range in.Data.Rows {
		v, ok := in.value(i, c)
		if !ok {
			continue
		}
		tens := math.Mod(v.Num.V, 10) == 0
		switch in.Data.levelOf(i) {
		case "National", "Regional":
			if !tens {
				return false
			}
			aggregates++
		case "Local authority":
			la = la || !tens
		}
	}
	return aggregates > 0 && la
}

// isAggregate reports whether row i is a national or regional one.
func isAggregate(d *Data, i int) bool {
	l := d.levelOf(i)
	return l == "National" || l == "Regional"
}

// precision is the rounding of an indicator's published figures: that of
// its indicator_dp; for counts without one, none (counts of people and
// events are whole numbers); for other indicators without one, as written.
func precision(c *Column) figures.Precision {
	if c.DP < 0 && isCount(c) {
		return figures.Exact
	}
	if c.DP < 0 {
		return figures.AsWritten
	}
	return figures.Step(math.Pow(10, -float64(c.DP)))
}

// ruleName is the name rules use for a column headed h.
func ruleName(h string) string {
	name := strings.Map(func(r rune) rune {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, h)
	if name == "" || name[0] >= '0' && name[0] <= '9' {
		name = "_" + name
	}
	return name
}

// dimensions are the header's columns that are not indicators.
func (in *Inference) dimensions() []string {
	var out []string
	for _, h := range in.Data.Header {
		if c := in.Meta.Column(h); c == nil || c.Filter {
			out = append(out, h)
		}
	}
	return out
}

// filterColumns are the filters and their grouping columns in the file.
func (in *Inference) filterColumns() []string {
	var out []string
	for _, f := range in.Meta.Filters() {
		for _, h := range []string{f.Name, f.GroupingColumn} {
			if h != "" && in.Data.Has(h) && indexOf(out, h) < 0 {
				out = append(out, h)
			}
		}
	}
	return out
}

func (in *Inference) present(cols ...string) []string {
	var out []string
	for _, c := range cols {
		if in.Data.Has(c) {
			out = append(out, c)
		}
	}
	return out
}

// geographyRelations are the sums up the hierarchy the file holds: local
// authorities to their region (London boroughs to Inner or Outer London),
// the English regions (E12 codes) to the country, and Inner and Outer
// London to London.
func (in *Inference) geographyRelations() []relation {
	d := in.Data
	lc := d.levelColumn()
	held := in.heldLevels()
	level := func(l string) func(*Data, int) bool {
		return func(d *Data, i int) bool { return d.levelOf(i) == l }
	}
	base := append(in.present("time_period", "time_identifier"), in.filterColumns()...)
	area := func(d *Data, i int) string { return in.area(i) }
	lv := in.names[lc]
	var out []relation
	if held["Local authority"] && held["Regional"] && d.Has("region_code") {
		out = append(out, relation{
			id: "la-region", title: "local authorities add up to their region",
			description: "Local authority rows add up to the regional row with their region_code (London boroughs carry Inner or Outer London's).",
			by:          append(append([]string{}, base...), "region_code"),
			parts:       fmt.Sprintf(`%s == "Local authority"`, lv), whole: fmt.Sprintf(`%s == "Regional"`, lv),
			isPart: level("Local authority"), isWhole: level("Regional"), rounded: 1, term: area,
		})
	}
	if held["Regional"] && held["National"] && d.Has("region_code") && d.Has("country_code") && englishRegions(d) == 9 {
		out = append(out, relation{
			id: "region-national", title: "the regions add up to the country",
			description: "The nine regions' rows (region_code E12…) add up to the national row; Inner and Outer London (E13…) are parts of London and left out.",
			by:          append(append([]string{}, base...), "country_code"),
			parts:       fmt.Sprintf(`%s == "Regional" and region_code startsWith "E12"`, lv), whole: fmt.Sprintf(`%s == "National"`, lv),
			isPart: func(d *Data, i int) bool {
				return d.levelOf(i) == "Regional" && strings.HasPrefix(d.Get(i, "region_code"), "E12")
			},
			isWhole: level("National"), rounded: 10, term: area,
		})
	}
	if held["Regional"] && d.Has("region_code") && indexOf(d.distinct("region_code"), "E13000001") >= 0 {
		out = append(out, relation{
			id: "inner-outer-london", title: "Inner and Outer London add up to London",
			description: "The regional rows of Inner London (E13000001) and Outer London (E13000002) add up to London's (E12000007).",
			by:          base,
			parts:       fmt.Sprintf(`%s == "Regional" and region_code in ["E13000001", "E13000002"]`, lv),
			whole:       fmt.Sprintf(`%s == "Regional" and region_code == "E12000007"`, lv),
			isPart: func(d *Data, i int) bool {
				c := d.Get(i, "region_code")
				return d.levelOf(i) == "Regional" && (c == "E13000001" || c == "E13000002")
			},
			isWhole: func(d *Data, i int) bool { return d.levelOf(i) == "Regional" && d.Get(i, "region_code") == "E12000007" },
			rounded: 3, term: area,
		})
	}
	return out
}

// filterRelations are, for each filter with a Total level and at least
// two others, its other levels adding up to the Total, every other column
// the same. A filter with one level besides Total publishes a part of the
// Total (primary schools of all phases, say), not a breakdown of it.
func (in *Inference) filterRelations() []relation {
	var out []relation
	for _, f := range in.Meta.Filters() {
		if levels := in.Data.distinct(f.Name); !hasTotal(levels) || len(levels) < 3 {
			continue
		}
		var by []string
		for _, h := range in.dimensions() {
			if h != f.Name && h != f.GroupingColumn {
				by = append(by, h)
			}
		}
		name := f.Name
		desc := fmt.Sprintf("The rows of each level of %s (%s) add up to its Total row, every other column the same.", f.Name, f.Label)
		if f.GroupingColumn != "" {
			desc += fmt.Sprintf(" Its grouping column %s is left out of the match.", f.GroupingColumn)
		}
		r := relation{
			id: ruleID(in.names[f.Name]) + "-total", title: fmt.Sprintf("the levels of %s add up to its Total", f.Name),
			description: desc, by: by,
			parts: fmt.Sprintf(`%s != "Total"`, in.names[name]), whole: fmt.Sprintf(`%s == "Total"`, in.names[name]),
			isPart:  func(d *Data, i int) bool { return !isTotal(d.Get(i, name)) },
			isWhole: func(d *Data, i int) bool { return isTotal(d.Get(i, name)) },
			rounded: len(in.Data.distinct(name)),
			term:    func(d *Data, i int) string { return name + " " + d.Get(i, name) },
		}
		in.filterRel[f] = r
		if !in.heldLevels()["Local authority"] {
			out = append(out, r)
			continue
		}
		// Local authorities' figures are not rounded, regional and
		// national ones may be: a rule for each.
		lv := in.names[in.Data.levelColumn()]
		la, agg := r, r
		la.id, la.title, la.rounded = r.id+"-la", r.title+" (local authorities)", 0
		la.parts += fmt.Sprintf(` and %s == "Local authority"`, lv)
		la.whole += fmt.Sprintf(` and %s == "Local authority"`, lv)
		la.isPart = func(d *Data, i int) bool { return r.isPart(d, i) && !isAggregate(d, i) }
		la.isWhole = func(d *Data, i int) bool { return r.isWhole(d, i) && !isAggregate(d, i) }
		agg.title += " (regions and the country)"
		agg.parts += fmt.Sprintf(` and %s in ["National", "Regional"]`, lv)
		agg.whole += fmt.Sprintf(` and %s in ["National", "Regional"]`, lv)
		agg.isPart = func(d *Data, i int) bool { return r.isPart(d, i) && isAggregate(d, i) }
		agg.isWhole = func(d *Data, i int) bool { return r.isWhole(d, i) && isAggregate(d, i) }
		out = append(out, la, agg)
		in.filterSplit[f] = [2]relation{la, agg}
	}
	return out
}

// heldLevels are the geographic levels of the file's rows.
func (in *Inference) heldLevels() map[string]bool {
	held := map[string]bool{}
	for _, l := range in.Data.distinct(in.Data.levelColumn()) {
		held[l] = true
	}
	return held
}

// englishRegions counts the English regions (E12 codes) of the file.
func englishRegions(d *Data) int {
	n := 0
	for _, c := range d.distinct("region_code") {
		if strings.HasPrefix(c, "E12") {
			n++
		}
	}
	return n
}

func hasTotal(levels []string) bool {
	for _, l := range levels {
		if isTotal(l) {
			return true
		}
	}
	return false
}

// ruleID turns a rule's name for a column into a part of a rule id, one
// for each name: t_pupils is t-pupils.
func ruleID(name string) string { return strings.ReplaceAll(name, "_", "-") }

// value returns row i's figure of indicator c, with its rounding, and
// whether it is a number.
func (in *Inference) value(i int, c *Column) (figures.Value, bool) {
	vs, ok := in.values[c]
	if !ok {
		vs = make([]figures.Value, len(in.Data.Rows))
		p := precision(c)
		for j := range vs {
			text := strings.TrimSpace(in.Data.Get(j, c.Name))
			v, err := figures.Parse(text, p)
			if err != nil {
				v = figures.Value{Text: text, Status: figures.Missing}
			}
			vs[j] = v
		}
		in.values[c] = vs
	}
	return vs[i], vs[i].Status == figures.Number
}

var pctAffix = regexp.MustCompile(`(?i)^(pt|pc|pct|percent|percentage|perc)_|_(pt|pc|pct|percent|percentage|perc)$`)
var countAffix = regexp.MustCompile(`(?i)^(t|n|num|number|count)_|_(count|number|n)$`)
var pctLabel = regexp.MustCompile(`(?i)^(percentage|percent|%|proportion|share|rate) (of )?`)
var countLabel = regexp.MustCompile(`(?i)^(number|count|total) (of )?`)

// sampleRows is how many rows, spread over the file, findShares tries
// each formula on.
const sampleRows = 2000

// findShares pairs each percentage indicator (unit %) with the counts it
// is worked out from, p == 100 * num / den. The numerator is a count of
// the same indicator_grouping named as the percentage is (pt_x and t_x,
// x_percent and x_count, pt_x and t_y_x) or labelled so ("Percentage of
// x" and "Number of x"), or failing those any count; the denominator any
// other count. Of these, the pair with which the formula holds within
// rounding on the most rows is kept, when it holds on 95% of the rows
// that have all three figures.
func (in *Inference) findShares() []share {
	var out []share
	rows := in.sample()
	for _, p := range in.Meta.Indicators() {
		if p.Unit != "%" || !in.Data.Has(p.Name) {
			continue
		}
		var best share
		for _, num := range in.numerators(p) {
			for _, den := range in.counts {
				if den == num || !in.Data.Has(den.Name) || !sameGroup(num, den) {
					continue
				}
				if s := in.fit(rows, p, num, den); s.fit > best.fit {
					best = s
				}
			}
		}
		if best.den != nil && best.fit*100 >= best.rows*95 {
			out = append(out, best)
		}
	}
	return out
}

func sameGroup(a, b *Column) bool {
	return a.Grouping == "" || b.Grouping == "" || a.Grouping == b.Grouping
}

// sample returns at most sampleRows rows spread evenly over the file.
func (in *Inference) sample() []int {
	n := len(in.Data.Rows)
	step := max(1, n/sampleRows)
	var rows []int
	for i := 0; i < n; i += step {
		rows = append(rows, i)
	}
	return rows
}

// numerators are the counts that percentage p may be a share of, by name
// and label; all counts when none is.
func (in *Inference) numerators(p *Column) []*Column {
	stem := strings.ToLower(pctAffix.ReplaceAllString(p.Name, ""))
	label := strings.ToLower(pctLabel.ReplaceAllString(p.Label, ""))
	var out []*Column
	for _, c := range in.counts {
		if !in.Data.Has(c.Name) || !sameGroup(c, p) {
			continue
		}
		name := strings.ToLower(countAffix.ReplaceAllString(c.Name, ""))
		if name == stem || strings.HasSuffix(name, "_"+stem) || strings.ToLower(countLabel.ReplaceAllString(c.Label, "")) == label {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		for _, c := range in.counts {
			if in.Data.Has(c.Name) && sameGroup(c, p) {
				out = append(out, c)
			}
		}
	}
	return out
}

// fit counts the rows on which p == 100 * num / den within rounding.
func (in *Inference) fit(rows []int, p, num, den *Column) share {
	s := share{pct: p, num: num, den: den}
	hundred := interval.Exact(100)
	for _, i := range rows {
		pv, ok1 := in.value(i, p)
		nv, ok2 := in.value(i, num)
		dv, ok3 := in.value(i, den)
		if !ok1 || !ok2 || !ok3 || dv.Num.V == 0 {
			continue
		}
		s.rows++
		if interval.Possible(interval.Eq, pv.Num, interval.Div(interval.Mul(hundred, nv.Num), dv.Num), 0) {
			s.fit++
		}
	}
	return s
}

// findFilterShares pairs each percentage that is not a share of two
// counts of its own row with a filter whose Total rows are all 100% and
// the count, named or labelled as it is where one is, of which it is the
// row's share of the Total row's: kept when that holds within rounding on
// 95% of the sampled rows that have the figures.
func (in *Inference) findFilterShares() []filterShare {
	shared := map[*Column]bool{}
	for _, s := range in.shares {
		shared[s.pct] = true
	}
	var out []filterShare
	rows := in.sample()
	for _, p := range in.Meta.Indicators() {
		if p.Unit != "%" || shared[p] || !in.Data.Has(p.Name) {
			continue
		}
		for _, f := range in.Meta.Filters() {
			r, ok := in.filterRel[f]
			if !ok || !in.totalsAreWhole(p, r) {
				continue
			}
			totals := in.wholeRows(r)
			var best filterShare
			for _, num := range in.numerators(p) {
				s := filterShare{pct: p, num: num, filter: f}
				for _, i := range rows {
					t, ok := totals[in.key(i, r.by)]
					if !ok || !r.isPart(in.Data, i) {
						continue
					}
					pv, ok1 := in.value(i, p)
					nv, ok2 := in.value(i, num)
					tv, ok3 := in.value(t, num)
					if !ok1 || !ok2 || !ok3 || tv.Num.V == 0 {
						continue
					}
					s.rows++
					if interval.Possible(interval.Eq, pv.Num, interval.Div(interval.Mul(interval.Exact(100), nv.Num), tv.Num), 0) {
						s.fit++
					}
				}
				if s.fit > best.fit {
					best = s
				}
			}
			if best.num != nil && best.fit*100 >= best.rows*95 {
				out = append(out, best)
				break
			}
		}
	}
	return out
}

// totalsAreWhole reports whether p is 100 on every Total row of relation
// r that has it, and there is one.
func (in *Inference) totalsAreWhole(p *Column, r relation) bool {
	n := 0
	for i := range in.Data.Rows {
		if !r.isWhole(in.Data, i) {
			continue
		}
		v, ok := in.value(i, p)
		if !ok {
			continue
		}
		if !interval.Possible(interval.Eq, v.Num, interval.Exact(100), 0) {
			return false
		}
		n++
	}
	return n > 0
}

// wholeRows maps the key of each whole row of r to the row.
func (in *Inference) wholeRows(r relation) map[string]int {
	out := map[string]int{}
	for i := range in.Data.Rows {
		if r.isWhole(in.Data, i) {
			out[in.key(i, r.by)] = i
		}
	}
	return out
}

// key joins row i's values of columns by.
func (in *Inference) key(i int, by []string) string {
	var b strings.Builder
	for _, h := range by {
		b.WriteString(in.Data.Get(i, h))
		b.WriteByte(0)
	}
	return b.String()
}
