package reports

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/rules"
)

// htmlReport is the report for people reading a draft: one self-contained
// HTML5 page (inline CSS, inline SVG, no scripts and nothing fetched) with
// the verdict at the top, the culprits, each article checked with its
// figures marked and its failing claims explained beside them, an index of
// findings by area, each finding worked through with a chart of its
// comparisons, and every rule's counts.
// Everything taken from the result is escaped by html/template.
type htmlReport struct{}

func newHTML() Reporter { return htmlReport{} }

//go:embed html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Parse(htmlSource))

// Report writes the page. It is deterministic: the same result gives the
// same bytes.
func (htmlReport) Report(w io.Writer, r *checker.Result) error {
	r = printable(r, true)
	return htmlTemplate.Execute(w, buildPage(r))
}

// The page as the template sees it: every number already written out.
type htmlPage struct {
	Verdict         string // "3 findings", "No findings"
	Accepted        string // "2 accepted by waivers", or ""
	Failed          bool
	Severities      string // "1 error · 1 warning"
	Clean           string // in place of the severities when nothing failed
	ProblemsHeading string
	Unlisted        string // failures counted but not listed
	Counts          []htmlCount
	Problems        []htmlProblem
	Inputs          []string
	Areas           []htmlArea
	Culprits        []htmlCulprits
	Articles        []htmlArticle
	Legend          []htmlLegendItem
	LegendCulprit   bool // whether a figure of an article is marked as the likely culprit
	Groups          []htmlGroup
	Rules           []htmlRuleRow
	Total           htmlRuleRow
}

type htmlCount struct {
	Label, N, Class string
}

type htmlProblem struct {
	Pos, Msg string
}

// htmlCulprits is a group of findings that share their culprits: the
// repairs, each figure with the slip that would explain it, and the
// findings they explain.
type htmlCulprits struct {
	Lines    []htmlCulpritLine
	Limit    string
	Explains []htmlFindingLink
}

type htmlCulpritLine struct {
	Lead, Words, Diagnosis string
}

// htmlArea is one entry of the index: a subject and its findings.
type htmlArea struct {
	Subject  string
	Findings []htmlFindingLink
}

type htmlFindingLink struct {
	Anchor, RuleID, Title, Severity string
}

// htmlGroup is a rule with findings and those findings.
type htmlGroup struct {
	Anchor, ID, Title, Description, Severity, Pos string
	Unlisted                                      string // failures counted but not listed
	Findings                                      []htmlFinding
}

type htmlFinding struct {
	Anchor, Subject, Pos, Message, Expr, Computation string
	Culprit                                          string // the likely culprit, in one sentence
	Comparisons                                      []htmlComparison
	Figures                                          []htmlFigure
}

type htmlComparison struct {
	N, Of                        int
	Expr, Op                     string
	Left, Right                  htmlSide
	Gap, GapAsWritten, Tolerance string
	GapKind                      string // "apart", "no gap" or "undefined"
	Chart                        chart
}

type htmlSide struct {
	Label, Expr, Computation, Value, Interval string
	Computed                                  bool
}

type htmlFigure struct {
	Area, Name, Text, Interval, Source, Column string
	// What the figure set says of the figure; Href is its URL when that is
	// a web address, the only kind the page links to.
	Identity, Unit, Quote, Document, URL, Href string
}

// HasProvenance says whether the figure set said anything of the figure.
func (f htmlFigure) HasProvenance() bool {
	return f.Identity != "" || f.Unit != "" || f.Quote != "" || f.Document != "" || f.URL != ""
}

type htmlRuleRow struct {
	Anchor, ID, Title, Severity              string
	Pass, Within, Fail, Skipped, Evaluations string
	Failed                                   bool
	Unlisted                                 string
	Skips                                    []checker.Skip
}

func buildPage(r *checker.Result) htmlPage {
	tot := r.Totals()
	evals := tot[0] + tot[1] + tot[2] + tot[3]
	p := htmlPage{Inputs: r.Inputs, Failed: len(r.Findings) > 0, Accepted: acceptedWords(r)}
	if n := len(r.Findings); n > 0 {
		p.Verdict = fmt.Sprintf("%s %s", thousands(n), plural(n, "finding", "findings"))
	} else {
		p.Verdict = "No findings"
	}
	p.Counts = []htmlCount{
		{"rules", thousands(len(r.Rules)), ""},
		{"evaluations", thousands(evals), ""},
		{"pass", thousands(tot[checker.Pass]), "pass"},
		{"pass within rounding", thousands(tot[checker.PassWithinRounding]), "within"},
		{"fail", thousands(tot[checker.Fail]), "fail"},
		{"skipped", thousands(tot[checker.Skipped]), "skipped"},
	}
	p.Clean = "Every figure agrees with the rules, allowing for rounding."
	if evals == 0 {
		p.Clean = "Nothing was checked: no rule had figures to evaluate."
	}
	if n := r.Undecided(); n > 0 {
		p.Counts = append(p.Counts, htmlCount{plural(n, "undecided claim", "undecided claims"), thousands(n), "undecided"})
		p.Clean += fmt.Sprintf(" %s found in the %s could not be checked: see the notes beside %s.",
			plural(n, "1 claim", thousands(n)+" claims"), plural(len(r.Articles), "article", "articles"), plural(n, "it", "them"))
	}
	if n := len(r.Problems); n > 0 {
		p.ProblemsHeading = fmt.Sprintf("%s %s in the input", thousands(n), plural(n, "problem", "problems"))
	}
	for _, e := range r.Problems {
		p.Problems = append(p.Problems, htmlProblem{Pos: e.Pos.String(), Msg: e.Msg})
	}

	// Findings by rule, rules in the order their first findings come (the
	// checker lists findings in rule order already).
	group := map[*rules.Rule]int{}
	ruleAnchor := map[*rules.Rule]string{}
	var bySeverity [3]int
	for i := range r.Findings {
		f := &r.Findings[i]
		k, ok := group[f.Rule]
		if !ok {
			k = len(p.Groups)
			group[f.Rule] = k
			ruleAnchor[f.Rule] = fmt.Sprintf("rule-%d", k+1)
			p.Groups = append(p.Groups, htmlGroup{
				Anchor: ruleAnchor[f.Rule], ID: f.Rule.ID, Title: f.Rule.Title, Description: f.Rule.Description,
				Severity: f.Rule.Severity.String(), Pos: f.Rule.Pos.String(),
			})
		}
		if s := int(f.Rule.Severity); s >= 0 && s < len(bySeverity) {
			bySeverity[s]++
		}
		p.Groups[k].Findings = append(p.Groups[k].Findings, buildFinding(f, fmt.Sprintf("finding-%d", i+1)))
	}
	p.Culprits = htmlCulpritsOf(r)
	anchors := make([]string, len(r.Findings))
	for i := range anchors {
		anchors[i] = fmt.Sprintf("finding-%d", i+1)
	}
	if p.Articles = htmlArticlesOf(r, anchors); len(p.Articles) > 0 {
		p.Legend = htmlLegend
		for _, a := range p.Articles {
			for _, para := range a.Paragraphs {
				for _, piece := range para.Pieces {
					p.LegendCulprit = p.LegendCulprit || piece.Culprit
				}
			}
		}
	}
	var sev []string
	for _, s := range []rules.Severity{rules.Error, rules.Warning, rules.Info} {
		if n := bySeverity[s]; n > 0 {
			many := s.String() + "s"
			if s == rules.Info {
				many = "info"
			}
			sev = append(sev, fmt.Sprintf("%s %s", thousands(n), plural(n, s.String(), many)))
		}
	}
	p.Severities = strings.Join(sev, " · ")

	// The index by area: subjects sorted, findings in report order.
	areas := map[string]int{}
	for i := range r.Findings {
		f := &r.Findings[i]
		k, ok := areas[f.Subject]
		if !ok {
			k = len(p.Areas)
			areas[f.Subject] = k
			p.Areas = append(p.Areas, htmlArea{Subject: f.Subject})
		}
		p.Areas[k].Findings = append(p.Areas[k].Findings, htmlFindingLink{
			Anchor: fmt.Sprintf("finding-%d", i+1), RuleID: f.Rule.ID, Title: f.Rule.Title, Severity: f.Rule.Severity.String(),
		})
	}
	sort.SliceStable(p.Areas, func(i, j int) bool { return p.Areas[i].Subject < p.Areas[j].Subject })

	// The checker may list only the first findings of a rule; the rest are
	// in its counts.
	listed := map[*rules.Rule]int{}
	for i := range r.Findings {
		listed[r.Findings[i].Rule]++
	}
	unlisted := 0
	for _, rr := range r.Rules {
		c := rr.Counts
		more := c[checker.Fail] - listed[rr.Rule]
		moreText := ""
		if more > 0 {
			unlisted += more
			moreText = fmt.Sprintf("%s not listed", thousands(more))
			if k, ok := group[rr.Rule]; ok {
				p.Groups[k].Unlisted = fmt.Sprintf("%s more %s of this rule %s counted but not listed here.",
					thousands(more), plural(more, "failure", "failures"), plural(more, "is", "are"))
			}
		}
		p.Rules = append(p.Rules, htmlRuleRow{
			Anchor: ruleAnchor[rr.Rule], ID: rr.Rule.ID, Title: rr.Rule.Title, Severity: rr.Rule.Severity.String(),
			Pass: thousands(c[checker.Pass]), Within: thousands(c[checker.PassWithinRounding]),
			Fail: thousands(c[checker.Fail]), Skipped: thousands(c[checker.Skipped]),
			Evaluations: thousands(c[0] + c[1] + c[2] + c[3]),
			Failed:      c[checker.Fail] > 0, Unlisted: moreText, Skips: rr.Skips,
		})
	}
	if unlisted > 0 {
		p.Unlisted = fmt.Sprintf("%s more %s counted but not listed on this page.",
			thousands(unlisted), plural(unlisted, "failure is", "failures are"))
	}
	p.Total = htmlRuleRow{
		Pass: thousands(tot[checker.Pass]), Within: thousands(tot[checker.PassWithinRounding]),
		Fail: thousands(tot[checker.Fail]), Skipped: thousands(tot[checker.Skipped]),
		Evaluations: thousands(evals), Failed: tot[checker.Fail] > 0,
	}
	return p
}

// htmlCulpritsOf lists the culprits of the result's findings, each
// finding linked by its anchor.
func htmlCulpritsOf(r *checker.Result) []htmlCulprits {
	anchor := map[*checker.Finding]string{}
	for i := range r.Findings {
		anchor[&r.Findings[i]] = fmt.Sprintf("finding-%d", i+1)
	}
	var out []htmlCulprits
	for _, g := range groupByCulprit(r) {
		h := htmlCulprits{Limit: g.Limit}
		for n, set := range g.Sets {
			for k, c := range set {
				lead := "Likely"
				switch {
				case k > 0:
					lead = "and"
				case n > 0:
					lead = "or"
				}
				h.Lines = append(h.Lines, htmlCulpritLine{Lead: lead, Words: culpritWords(c), Diagnosis: diagnosisWords(c)})
			}
		}
		for _, f := range g.Findings {
			h.Explains = append(h.Explains, htmlFindingLink{Anchor: anchor[f], RuleID: f.Rule.ID, Title: f.Subject, Severity: f.Rule.Severity.String()})
		}
		out = append(out, h)
	}
	return out
}

func buildFinding(f *checker.Finding, anchor string) htmlFinding {
	hf := htmlFinding{
		Anchor: anchor, Subject: f.Subject, Pos: f.Pos.String(), Message: f.Message,
		Expr: f.Expr, Computation: f.Computation, Culprit: culpritSentence(f),
	}
	for i, c := range f.Comparisons {
		id := fmt.Sprintf("%s-c%d", anchor, i+1)
		kind := "apart"
		switch {
		case math.IsNaN(c.Gap) || anyNaN(c.Left.Lo, c.Left.Hi, c.Right.Lo, c.Right.Hi):
			kind = "undefined"
		case c.Gap <= 0:
			kind = "no gap"
		}
		hf.Comparisons = append(hf.Comparisons, htmlComparison{
			N: i + 1, Of: len(f.Comparisons), Expr: c.Expr, Op: c.Op,
			Left: htmlSideOf("left", c.Left), Right: htmlSideOf("right", c.Right),
			Gap: checker.FormatNumber(c.Gap), GapAsWritten: checker.FormatNumber(c.GapAsWritten),
			Tolerance: checker.FormatNumber(c.Tolerance), GapKind: kind,
			Chart: comparisonChart(id, c),
		})
	}
	for _, u := range f.Figures {
		src := "computed"
		if u.Pos.File != "" {
			src = u.Pos.String()
		}
		p := u.Provenance
		href, _ := webLink(p.URL)
		hf.Figures = append(hf.Figures, htmlFigure{
			Area: u.Area, Name: u.Name, Text: u.Text, Interval: htmlSpan(u.Lo, u.Hi), Source: src, Column: u.Column,
			Identity: oneLine(identityWords(p)), Unit: oneLine(p.Unit), Quote: oneLine(p.Quote),
			Document: oneLine(p.Document), URL: oneLine(p.URL), Href: href,
		})
	}
	return hf
}

func htmlSideOf(label string, s checker.Side) htmlSide {
	return htmlSide{
		Label: label, Expr: s.Expr, Computation: s.Computation, Computed: s.Computed,
		Value: checker.FormatNumber(s.Value), Interval: htmlSpan(s.Lo, s.Hi),
	}
}

func anyNaN(fs ...float64) bool {
	for _, f := range fs {
		if math.IsNaN(f) {
			return true
		}
	}
	return false
}

// htmlSpan writes an interval, open at an unbounded end: [30, ∞).
func htmlSpan(lo, hi float64) string {
	open, close := "[", "]"
	if math.IsInf(lo, -1) {
		open = "("
	}
	if math.IsInf(hi, 1) {
		close = ")"
	}
	return open + checker.FormatNumber(lo) + ", " + checker.FormatNumber(hi) + close
}

// thousands writes a count with commas: 2,689.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// The comparison chart: the two sides' intervals as bars on one number
// line, each side's value as a tick, and the gap between them in red.

// Chart geometry, in SVG pixels.
const (
	chartW      = 480
	chartH      = 98
	plotX0      = 52.0 // left edge of the plot; the row labels sit before it
	plotX1      = 470.0
	barH        = 12.0
	leftBarY    = 24.0
	rightBarY   = 50.0
	axisY       = 76.0
	minBarW     = 4.0 // narrower intervals are drawn as a tall tick this wide
	pointOver   = 7.0 // how far such a tick reaches above and below the bar
	valueOver   = 3.0 // how far a value's tick reaches above and below the bar
	arrowW      = 8.0 // the arrowhead of an unbounded end
	charW       = 7.0 // a generous width of an 11px chart label character (DejaVu Sans digits are 7)
	labelGap    = 5.0
	gapLabelY   = 13.0
	tickLabelY  = 92.0
	maxTicks    = 6
	boundMargin = 0.1 // share of the span left free beyond a bounded end
	openMargin  = 0.2 // and beyond an unbounded one, room for the arrow
)

// scale maps numbers onto the x pixels of a chart.
type scale struct {
	lo, hi float64 // the numbers at the plot's edges
	x0, x1 float64 // the plot's edges in pixels
}

// fitScale returns the scale that shows every finite value given with a
// margin of a tenth of their span on either side, a fifth on a side where a
// value is infinite (infinite values map to the plot's edge). NaNs are
// ignored. A single value is centred, with a span of a tenth of its size (or
// 1 for values smaller than 1) around it.
func fitScale(x0, x1 float64, values ...float64) scale {
	a, b := math.Inf(1), math.Inf(-1)
	negInf, posInf := false, false
	for _, v := range values {
		switch {
		case math.IsNaN(v):
		case math.IsInf(v, -1):
			negInf = true
		case math.IsInf(v, 1):
			posInf = true
		default:
			a, b = min(a, v), max(b, v)
		}
	}
	if a > b { // nothing finite
		a, b = -1, 1
	}
	s := b - a
	if s == 0 {
		s = max(math.Abs(a), 1) / 10
		a, b = a-s/2, b+s/2
	}
	ml, mr := boundMargin, boundMargin
	if negInf {
		ml = openMargin
	}
	if posInf {
		mr = openMargin
	}
	return scale{lo: a - ml*s, hi: b + mr*s, x0: x0, x1: x1}
}

// x is the pixel of v: an infinite v is at the edge, NaN stays NaN, and
// anything else outside the scale is clamped to it.
func (s scale) x(v float64) float64 {
	switch {
	case math.IsNaN(v):
		return v
	case math.IsInf(v, -1):
		return s.x0
	case math.IsInf(v, 1):
		return s.x1
	}
	p := s.x0 + (v-s.lo)/(s.hi-s.lo)*(s.x1-s.x0)
	return min(max(p, s.x0), s.x1)
}

// ticks returns about n round numbers inside the scale (steps of 1, 2 or 5
// times a power of ten), and the decimals needed to write them.
func (s scale) ticks(n int) ([]float64, int) {
	raw := (s.hi - s.lo) / float64(n)
	if !(raw > 0) || math.IsInf(raw, 0) {
		return nil, 0
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	switch e := raw / mag; {
	case e >= math.Sqrt(50):
		step = 10 * mag
	case e >= math.Sqrt(10):
		step = 5 * mag
	case e >= math.Sqrt(2):
		step = 2 * mag
	}
	decimals := max(0, int(-math.Floor(math.Log10(step)+1e-9)))
	unit := math.Pow(10, float64(decimals))
	var out []float64
	first := math.Ceil(s.lo / step)
	// At most 2n+1 ticks by construction; the bound also ends the loop when
	// the numbers are too large for a step to change them.
	for i := 0; i <= 2*n+1; i++ {
		v := (first + float64(i)) * step
		if v > s.hi {
			break
		}
		v = math.Round(v*unit) / unit
		if v == 0 {
			v = 0 // not -0
		}
		if len(out) > 0 && v <= out[len(out)-1] {
			continue
		}
		out = append(out, v)
	}
	return out, decimals
}

// chart is everything the template draws for one comparison.
type chart struct {
	ID, Title, Desc    string
	W, H               int
	X0, X1, AxisY      string
	TickY2, TickLabelY string
	Ticks              []chartTick
	Bars               []chartBar
	Gap                *chartGap
	Note               string // said in the chart when it cannot be drawn
}

type chartTick struct {
	X, LabelX, Label, Anchor string
}

type chartBar struct {
	Class, Row            string // CSS class, "left" or "right"
	RowY                  string // baseline of the row label
	X, Y, W, H            string // the bar
	Arrows                []string
	HasTick               bool
	TickX, TickY1, TickY2 string
	Label                 string // the value
	LabelX, LabelY        string
	LabelAnchor           string
}

type chartGap struct {
	X, Y, W, H, Y2 string
	X1, X2         string // its edges, drawn as lines
	Label          string
	LabelX         string
	LabelY         string
	LabelAnchor    string
}

// px writes a pixel position with at most one decimal.
func px(f float64) string {
	return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64)
}

func comparisonChart(id string, c checker.Comparison) chart {
	l, r := c.Left, c.Right
	ch := chart{ID: id, W: chartW, H: chartH, X0: px(plotX0), X1: px(plotX1), AxisY: px(axisY),
		TickY2: px(axisY + 4), TickLabelY: px(tickLabelY)}
	ch.Title = fmt.Sprintf("Left side %s %s against right side %s %s", checker.FormatNumber(l.Value), htmlSpan(l.Lo, l.Hi),
		checker.FormatNumber(r.Value), htmlSpan(r.Lo, r.Hi))
	ch.Desc = fmt.Sprintf("The two sides of %s on one number line: bars are the intervals their rounding allows, ticks the values as written. %s.",
		c.Expr, gapSentence(c))
	if math.IsNaN(l.Lo) || math.IsNaN(l.Hi) || math.IsNaN(r.Lo) || math.IsNaN(r.Hi) {
		ch.Note = "cannot be drawn: a side is undefined"
		ch.H = 32
		return ch
	}
	sc := fitScale(plotX0, plotX1, l.Lo, l.Hi, l.Value, r.Lo, r.Hi, r.Value)

	ticks, decimals := sc.ticks(maxTicks)
	labels := make([]string, len(ticks))
	widest := 0.0
	for i, t := range ticks {
		labels[i] = strconv.FormatFloat(t, 'f', decimals, 64)
		if strings.Trim(labels[i], "-0.") == "" {
			labels[i] = "0"
		}
		widest = max(widest, float64(len(labels[i]))*charW)
	}
	// Keep every other tick until the labels have room.
	every := 1
	for len(ticks) > 1 && every < len(ticks) && sc.x(ticks[min(every, len(ticks)-1)])-sc.x(ticks[0]) < widest+12 {
		every *= 2
	}
	for i := 0; i < len(ticks); i += every {
		x := sc.x(ticks[i])
		lx, anchor := placeCentred(x, labels[i], plotX0-20, chartW)
		ch.Ticks = append(ch.Ticks, chartTick{X: px(x), LabelX: px(lx), Label: labels[i], Anchor: anchor})
	}

	ch.Bars = []chartBar{drawBar(sc, "left", l, leftBarY), drawBar(sc, "right", r, rightBarY)}

	// The gap between the nearer ends of the two intervals.
	label := "gap " + checker.FormatNumber(c.Gap)
	if c.Tolerance > 0 {
		label += " · rule allows " + checker.FormatNumber(c.Tolerance)
	}
	g := &chartGap{Label: label, LabelY: px(gapLabelY)}
	var ga, gb float64
	switch {
	case l.Hi <= r.Lo:
		ga, gb = l.Hi, r.Lo
	case r.Hi <= l.Lo:
		ga, gb = r.Hi, l.Lo
	default:
		ga, gb = math.NaN(), math.NaN()
		g.Label = "the intervals overlap"
	}
	if ga == gb {
		g.Label = "the intervals touch"
	}
	mid := (plotX0 + plotX1) / 2
	if !math.IsNaN(ga) {
		xa, xb := sc.x(ga), sc.x(gb)
		if xb-xa < 2 { // too narrow to see: widen it about its middle
			m := (xa + xb) / 2
			xa, xb = m-1, m+1
		}
		top, bottom := leftBarY-6, rightBarY+barH+6
		g.X, g.W, g.Y, g.H, g.Y2 = px(xa), px(xb-xa), px(top), px(bottom-top), px(bottom)
		g.X1, g.X2 = px(xa), px(xb)
		mid = (xa + xb) / 2
	}
	x, anchor := placeCentred(mid, g.Label, 0, chartW)
	g.LabelX, g.LabelAnchor = px(x), anchor
	ch.Gap = g
	return ch
}

// drawBar lays out one side's interval, value tick and value label.
func drawBar(sc scale, row string, s checker.Side, y float64) chartBar {
	b := chartBar{Class: "side-" + row, Row: row, RowY: px(y + barH - 2)}
	xa, xb := sc.x(s.Lo), sc.x(s.Hi)
	top, h := y, barH
	if math.IsInf(s.Lo, -1) {
		b.Arrows = append(b.Arrows, fmt.Sprintf("%s,%s %s,%s %s,%s", px(sc.x0), px(y+barH/2), px(sc.x0+arrowW), px(y-3), px(sc.x0+arrowW), px(y+barH+3)))
		xa = sc.x0 + arrowW
	}
	if math.IsInf(s.Hi, 1) {
		b.Arrows = append(b.Arrows, fmt.Sprintf("%s,%s %s,%s %s,%s", px(sc.x1), px(y+barH/2), px(sc.x1-arrowW), px(y-3), px(sc.x1-arrowW), px(y+barH+3)))
		xb = sc.x1 - arrowW
	}
	if xb-xa < minBarW { // a point, or too narrow to see: a tall tick
		m := (xa + xb) / 2
		xa, xb = m-minBarW/2, m+minBarW/2
		top, h = y-pointOver, barH+2*pointOver
	}
	b.X, b.Y, b.W, b.H = px(xa), px(top), px(xb-xa), px(h)
	left, right := xa, xb
	if math.IsInf(s.Lo, -1) {
		left = sc.x0
	}
	if math.IsInf(s.Hi, 1) {
		right = sc.x1
	}
	if !math.IsNaN(s.Value) && !math.IsInf(s.Value, 0) {
		tx := sc.x(s.Value)
		b.HasTick = true
		b.TickX, b.TickY1, b.TickY2 = px(tx), px(y-valueOver), px(y+barH+valueOver)
	}
	b.Label = checker.FormatNumber(s.Value)
	w := float64(len([]rune(b.Label))) * charW
	b.LabelY = px(y + barH - 2)
	switch {
	case right+labelGap+w <= chartW:
		b.LabelX, b.LabelAnchor = px(right+labelGap), "start"
	case left-labelGap-w >= plotX0:
		b.LabelX, b.LabelAnchor = px(left-labelGap), "end"
	default: // no room beside the bar: on it, with a halo
		at := sc.x(s.Value)
		if math.IsNaN(at) {
			at = (left + right) / 2
		}
		x, anchor := placeCentred(at, b.Label, plotX0, chartW)
		b.LabelX, b.LabelAnchor = px(x), anchor
	}
	return b
}

// placeCentred centres a label at x unless that would take it past lo or
// hi, in which case it is anchored to that edge instead.
func placeCentred(x float64, label string, lo, hi float64) (float64, string) {
	half := float64(len([]rune(label))) * charW / 2
	switch {
	case x-half < lo:
		return lo, "start"
	case x+half > hi:
		return hi, "end"
	}
	return x, "middle"
}

// gapSentence says by how much a comparison fails, for people.
func gapSentence(c checker.Comparison) string {
	return fmt.Sprintf("The intervals are %s apart (%s as written); the rule allows %s",
		checker.FormatNumber(c.Gap), checker.FormatNumber(c.GapAsWritten), checker.FormatNumber(c.Tolerance))
}
