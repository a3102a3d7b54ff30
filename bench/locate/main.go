// Command locate measures how well figcheck names the figure that is wrong.
// It injects slips of each kind, with ground truth, into the real DfE
// children's social work workforce release (../shared/data/dfe-csww) and
// into figure sets built from it, checks each with the rule pack of
// testdata/workforce (or claims over the figure set), and reports per
// kind: how many injections broke a rule, and at least two; the share
// whose culprit is named first (top-1), overall, where one rule broke (and
// so cannot tell which of its figures is wrong) and where two or more did;
// the share found among the repairs reported; and the share whose slip is
// diagnosed as the kind injected with the intended value.
//
// usage: go run ./bench/locate [-n 60] [-seed 1] [-shared ../shared] [-kind K] [-v]
package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/tables"
)

// cell is a figure's place: a table's line and column, or a figure's name.
type cell struct {
	line int
	col  string
}

// injection is one slip with its ground truth.
type injection struct {
	kind     string
	truth    []cell // the figures changed
	intended string // the value as it was before the slip
}

// score is the tally of one kind.
type score struct {
	n, broke, broke2, top1, top1of1, top1of2, among, diagnosed int
}

func main() {
	n := flag.Int("n", 60, "injections of each kind")
	seed := flag.Uint64("seed", 1, "random seed")
	shared := flag.String("shared", "../shared", "the shared folder")
	only := flag.String("kind", "", "inject only this kind of slip")
	flag.BoolVar(&verbose, "v", false, "print each injection whose culprit is not named first")
	flag.Parse()
	src := filepath.Join(*shared, "data", "dfe-csww", "csww_indicators_2017_to_2024.csv")
	rows, err := readCSV(src)
	if err != nil {
		fail(err)
	}
	rs, err := rules.Load("testdata/workforce/csww-rules.yaml")
	if err != nil {
		fail(err)
	}
	c, err := checker.New(rs, nil)
	if err != nil {
		fail(err)
	}
	dir, err := os.MkdirTemp("", "figcheck-locate")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	baseline := findings(checkTable(c, dir, rows))
	kinds := []string{"factor", "transposed", "retyped", "swapped", "omits part"}
	scores := map[string]*score{}
	// Each kind draws from its own stream, so that its injections are the
	// same whichever other kinds are measured.
	stream := func(k int) *rand.Rand { return rand.New(rand.NewPCG(*seed, uint64(k))) }
	for k, kind := range kinds {
		s := &score{}
		scores[kind] = s
		if *only != "" && kind != *only {
			continue
		}
		r := stream(k)
		for range *n {
			mod, inj, ok := injectTable(r, rows, kind)
			if !ok {
				continue
			}
			s.n++
			tally(s, inj, newFindings(checkTable(c, dir, mod), baseline))
		}
	}
	setKinds := []string{"points", "per cent", "wrong base", "swapped periods"}
	for k, kind := range setKinds {
		s := &score{}
		scores[kind] = s
		if *only != "" && kind != *only {
			continue
		}
		r := stream(len(kinds) + k)
		for i := range *n {
			res, inj, err := checkSet(r, rows, kind, dir, i)
			if err != nil {
				fail(err)
			}
			if inj == nil {
				continue
			}
			s.n++
			tally(s, *inj, res.Findings)
		}
	}
	fmt.Printf("%-16s %5s %6s %6s %7s %9s %9s %7s %10s\n", "slip", "n", "broke", "≥2", "top-1", "top-1 =1", "top-1 ≥2", "among", "diagnosed")
	for _, kind := range append(kinds, setKinds...) {
		s := scores[kind]
		fmt.Printf("%-16s %5d %6d %6d %7s %9s %9s %7s %10s\n", kind, s.n, s.broke, s.broke2,
			pct(s.top1, s.broke), pct(s.top1of1, s.broke-s.broke2), pct(s.top1of2, s.broke2), pct(s.among, s.broke), pct(s.diagnosed, s.broke))
	}
}

func pct(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(a)/float64(b))
}

var verbose bool

// miss prints an injection whose culprit was not named first.
func miss(inj injection, f *checker.Finding, broke int) {
	if !verbose {
		return
	}
	fmt.Printf("miss %s %v (meant %s), %d rules broke, first %s %s:", inj.kind, inj.truth, inj.intended, broke, f.Rule.ID, f.Subject)
	for _, c := range f.Culprits {
		fmt.Printf(" [%d %s:%d %s %s]", c.Set, c.Figure.Name, c.Figure.Pos.Line, c.Figure.Text, c.Limit)
	}
	fmt.Println()
}

// tally scores the culprits of the first finding that rests on an injected
// figure.
func tally(s *score, inj injection, found []checker.Finding) {
	var f *checker.Finding
	for i := range found {
		for _, u := range found[i].Figures {
			if inj.hit(u) {
				f = &found[i]
				break
			}
		}
		if f != nil {
			break
		}
	}
	if f == nil {
		return
	}
	s.broke++
	two := len(found) >= 2
	if two {
		s.broke2++
	}
	first, named := true, false
	defer func() {
		if !named {
			miss(inj, f, len(found))
		}
	}()
	for _, c := range f.Culprits {
		if c.Set < 0 {
			continue
		}
		if c.Set > 0 {
			first = false
		}
		if !inj.hit(c.Figure) {
			continue
		}
		if first {
			named = true
			s.top1++
			if two {
				s.top1of2++
			} else {
				s.top1of1++
			}
		}
		s.among++
		if c.Diagnosis != nil && sameValue(c.Diagnosis.Intended, inj.intended) && c.Diagnosis.Kind == diagnosisKind(inj.kind) {
			s.diagnosed++
		}
		return
	}
}

func diagnosisKind(kind string) string {
	if kind == "swapped periods" {
		return "swapped"
	}
	return kind
}

func sameValue(a, b string) bool {
	x, err1 := strconv.ParseFloat(strings.ReplaceAll(a, ",", ""), 64)
	y, err2 := strconv.ParseFloat(strings.ReplaceAll(b, ",", ""), 64)
	return err1 == nil && err2 == nil && math.Abs(x-y) <= 1e-6*math.Max(1, math.Abs(y))+0.051
}

func (inj injection) hit(u checker.FigureUse) bool {
	for _, t := range inj.truth {
		if t.line == 0 && u.Name == t.col || t.line != 0 && u.Pos.Line == t.line && u.Column == t.col {
			return true
		}
	}
	return false
}

// The table: the release's rows, the header first.

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return csv.NewReader(f).ReadAll()
}

func checkTable(c *checker.Checker, dir string, rows [][]string) *checker.Result {
	path := filepath.Join(dir, "t.csv")
	f, err := os.Create(path)
	if err != nil {
		fail(err)
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		fail(err)
	}
	f.Close()
	t, err := tables.Open(path, c.TableOptions())
	if err != nil {
		fail(err)
	}
	defer t.Close()
	res, err := c.Check(context.Background(), []*tables.Table{t}, checker.Options{})
	if err != nil {
		fail(err)
	}
	return res
}

func findings(r *checker.Result) map[string]bool {
	out := map[string]bool{}
	for _, f := range r.Findings {
		out[f.Rule.ID+"\x00"+f.Subject] = true
	}
	return out
}

func newFindings(r *checker.Result, baseline map[string]bool) []checker.Finding {
	var out []checker.Finding
	for _, f := range r.Findings {
		if !baseline[f.Rule.ID+"\x00"+f.Subject] {
			out = append(out, f)
		}
	}
	return out
}

// measures are the columns a slip may hit.
var measures = []string{"inpost_fte", "inpost_headcount", "starters_fte", "leavers_fte", "leavers_headcount",
	"turnover_rate_fte", "turnover_rate_headcount", "agency_fte", "agency_headcount", "agency_rate_fte",
	"agency_cover_fte", "vacancy_fte", "vacancy_rate_fte", "case_holders_fte", "cases", "caseload_fte",
	"working_days_lost_fte", "absence_rate_fte"}

// summed are the measures the rule pack adds up from authorities to regions.
var summed = []string{"inpost_fte", "leavers_fte", "agency_fte", "cases"}

func colIndex(header []string, name string) int {
	for i, h := range header {
		if h == name {
			return i
		}
	}
	return -1
}

// injectTable returns a copy of rows with one slip of kind in it.
func injectTable(r *rand.Rand, rows [][]string, kind string) ([][]string, injection, bool) {
	h := rows[0]
	level, year, region := colIndex(h, "geographic_level"), colIndex(h, "time_period"), colIndex(h, "region_code")
	mod := make([][]string, len(rows))
	copy(mod, rows)
	edit := func(i, c int, v string) {
		row := append([]string(nil), mod[i]...)
		row[c] = v
		mod[i] = row
	}
	for range 200 {
		i := 1 + r.IntN(len(rows)-1)
		m := measures[r.IntN(len(measures))]
		if kind == "omits part" {
			m = summed[r.IntN(len(summed))]
		}
		c := colIndex(h, m)
		text := rows[i][c]
		v, err := strconv.ParseFloat(text, 64)
		if err != nil || v < 10 {
			continue
		}
		inj := injection{kind: kind, truth: []cell{{i + 1, m}}, intended: text}
		switch kind {
		case "factor":
			if rows[i][level] != "Local authority" {
				continue
			}
			k := []float64{10, 100, 1000, 0.1}[r.IntN(4)]
			edit(i, c, strconv.FormatFloat(v*k, 'f', decimals(text), 64))
		case "transposed":
			if rows[i][level] != "Local authority" {
				continue
			}
			t, ok := transpose(r, text)
			if !ok {
				continue
			}
			edit(i, c, t)
		case "retyped":
			if rows[i][level] != "Local authority" {
				continue
			}
			edit(i, c, retype(r, text))
		case "swapped":
			if rows[i][level] != "Local authority" {
				continue
			}
			var others []int
			for j := 1; j < len(rows); j++ {
				if j != i && rows[j][level] == "Local authority" && rows[j][year] == rows[i][year] && rows[j][region] == rows[i][region] {
					if w, err := strconv.ParseFloat(rows[j][c], 64); err == nil && math.Abs(w-v) > 0.1*v {
						others = append(others, j)
					}
				}
			}
			if len(others) == 0 {
				continue
			}
			j := others[r.IntN(len(others))]
			inj.intended = rows[j][c] // either figure is meant to hold the other's value
			inj.truth = append(inj.truth, cell{j + 1, m})
			edit(i, c, rows[j][c])
			edit(j, c, text)
			inj.intended = text
		case "omits part":
			if rows[i][level] != "Regional" {
				continue
			}
			var parts []int
			for j := 1; j < len(rows); j++ {
				if rows[j][level] == "Local authority" && rows[j][year] == rows[i][year] && rows[j][region] == rows[i][region] {
					if w, err := strconv.ParseFloat(rows[j][c], 64); err == nil && w > 0 {
						parts = append(parts, j)
					}
				}
			}
			if len(parts) < 2 {
				continue
			}
			w, _ := strconv.ParseFloat(rows[parts[r.IntN(len(parts))]][c], 64)
			edit(i, c, strconv.FormatFloat(v-w, 'f', decimals(text), 64))
		}
		return mod, inj, true
	}
	return nil, injection{}, false
}

func decimals(text string) int {
	if i := strings.IndexByte(text, '.'); i >= 0 {
		return len(text) - i - 1
	}
	return 0
}

// transpose swaps two adjacent, different digits of text.
func transpose(r *rand.Rand, text string) (string, bool) {
	var at []int
	for i := 0; i+1 < len(text); i++ {
		if isDigit(text[i]) && isDigit(text[i+1]) && text[i] != text[i+1] && !(i == 0 && text[1] == '0') {
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		return "", false
	}
	i := at[r.IntN(len(at))]
	b := []byte(text)
	b[i], b[i+1] = b[i+1], b[i]
	return string(b), true
}

// retype changes one digit of text to another, never the first to 0.
func retype(r *rand.Rand, text string) string {
	for {
		i := r.IntN(len(text))
		if !isDigit(text[i]) {
			continue
		}
		d := byte('0' + r.IntN(10))
		if d == text[i] || i == 0 && d == '0' {
			continue
		}
		b := []byte(text)
		b[i] = d
		return string(b)
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// The figure sets: an authority's FTE in three years and its turnover rate
// in two, with the changes an article would quote, and claims over them.

const claims = `rules:
  - id: fte-rise
    title: The workforce rose by fte_rise per cent
    assert: pct_change(fte_2023, fte_2024) == fte_rise
  - id: fte-rise-before
    title: The year before, it rose by fte_rise_before per cent
    assert: pct_change(fte_2022, fte_2023) == fte_rise_before
  - id: fte-rise-two-years
    title: Over two years it rose by fte_rise_two per cent
    assert: pct_change(fte_2022, fte_2024) == fte_rise_two
  - id: rate-change
    title: The turnover rate changed by rate_change points
    assert: rate_2024 - rate_2023 == rate_change
  - id: rate-rise
    title: The turnover rate changed by rate_pct per cent
    assert: pct_change(rate_2023, rate_2024) == rate_pct
`

// checkSet writes a figure set for a random authority with one slip of
// kind, checks it, and returns the result and the injection (nil when the
// authority's figures do not serve).
func checkSet(r *rand.Rand, rows [][]string, kind, dir string, i int) (*checker.Result, *injection, error) {
	h := rows[0]
	level, year, la := colIndex(h, "geographic_level"), colIndex(h, "time_period"), colIndex(h, "la_name")
	fte, rate := colIndex(h, "inpost_fte"), colIndex(h, "turnover_rate_fte")
	var names []string
	seen := map[string]bool{}
	for _, row := range rows[1:] {
		if row[level] == "Local authority" && !seen[row[la]] {
			seen[row[la]] = true
			names = append(names, row[la])
		}
	}
	area := names[r.IntN(len(names))]
	val := map[string]float64{}
	for _, row := range rows[1:] {
		if row[la] != area {
			continue
		}
		for _, y := range []string{"2022", "2023", "2024"} {
			if row[year] == y {
				if v, err := strconv.ParseFloat(row[fte], 64); err == nil {
					val["fte_"+y] = v
				}
				if v, err := strconv.ParseFloat(row[rate], 64); err == nil {
					val["rate_"+y] = v
				}
			}
		}
	}
	for _, k := range []string{"fte_2022", "fte_2023", "fte_2024", "rate_2023", "rate_2024"} {
		if val[k] == 0 {
			return nil, nil, nil
		}
	}
	one := func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }
	pc := func(a, b float64) float64 { return 100 * (b - a) / a }
	text := map[string]string{
		"fte_2022": one(val["fte_2022"]), "fte_2023": one(val["fte_2023"]), "fte_2024": one(val["fte_2024"]),
		"rate_2023": one(val["rate_2023"]), "rate_2024": one(val["rate_2024"]),
		"fte_rise":        one(pc(val["fte_2023"], val["fte_2024"])),
		"fte_rise_before": one(pc(val["fte_2022"], val["fte_2023"])),
		"fte_rise_two":    one(pc(val["fte_2022"], val["fte_2024"])),
		"rate_change":     one(val["rate_2024"] - val["rate_2023"]),
		"rate_pct":        one(pc(val["rate_2023"], val["rate_2024"])),
	}
	var inj injection
	switch kind {
	case "points": // the change in points, called a per-cent change
		inj = injection{kind, []cell{{0, "rate_pct"}}, text["rate_pct"]}
		text["rate_pct"] = text["rate_change"]
	case "per cent": // the per-cent change, called a change in points
		inj = injection{kind, []cell{{0, "rate_change"}}, text["rate_change"]}
		text["rate_change"] = text["rate_pct"]
	case "wrong base": // this year's rise worked out from two years before
		inj = injection{kind, []cell{{0, "fte_rise"}}, text["fte_rise"]}
		text["fte_rise"] = text["fte_rise_two"]
	case "swapped periods":
		inj = injection{kind, []cell{{0, "fte_2023"}, {0, "fte_2024"}}, text["fte_2023"]}
		text["fte_2023"], text["fte_2024"] = text["fte_2024"], text["fte_2023"]
	}
	if text[inj.truth[0].col] == inj.intended {
		return nil, nil, nil // the slip changes nothing here
	}
	var b strings.Builder
	fmt.Fprintf(&b, "document: article %d\nfigures:\n", i)
	for _, k := range []string{"fte_2022", "fte_2023", "fte_2024", "rate_2023", "rate_2024", "fte_rise", "fte_rise_before", "fte_rise_two", "rate_change", "rate_pct"} {
		fmt.Fprintf(&b, "  %s:\n    value: %q\n", k, text[k])
		if m, y, ok := strings.Cut(k, "_"); ok && len(y) == 4 && y[0] == '2' {
			measure := map[string]string{"fte": "inpost_fte", "rate": "turnover_rate_fte"}[m]
			fmt.Fprintf(&b, "    measure: %s\n    period: %q\n    area: %q\n", measure, y, area)
		}
	}
	setPath, rulePath := filepath.Join(dir, "figures.yaml"), filepath.Join(dir, "claims.yaml")
	if err := os.WriteFile(setPath, []byte(b.String()), 0o644); err != nil {
		return nil, nil, err
	}
	if err := os.WriteFile(rulePath, []byte(claims), 0o644); err != nil {
		return nil, nil, err
	}
	set, err := figures.ReadSet(setPath, []byte(b.String()))
	if err != nil {
		return nil, nil, err
	}
	rs, err := rules.Load(rulePath)
	if err != nil {
		return nil, nil, err
	}
	c, err := checker.New(rs, []*figures.Set{set})
	if err != nil {
		return nil, nil, err
	}
	res, err := c.Check(context.Background(), nil, checker.Options{})
	return res, &inj, err
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "locate:", err)
	os.Exit(1)
}
