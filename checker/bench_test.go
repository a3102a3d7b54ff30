package checker

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/tables"
)

// writeWorkforceTable writes n rows in the shape of the reference workload
// (bench/w16.yaml): per quarter a national row, nine regions and local
// areas, with rates computed from the counts as written.
func writeWorkforceTable(tb testing.TB, n int) string {
	tb.Helper()
	rng := rand.New(rand.NewSource(1))
	var b strings.Builder
	b.WriteString("area_code,area_level,parent_code,period,fte,leavers,turnover_rate,agency_fte,agency_rate,vacancies,vacancy_rate,cases,caseload\n")
	row := func(code, level, parent, period string, fte, leavers, agency, vac float64, cases int) {
		fmt.Fprintf(&b, "%s,%s,%s,%s,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%.1f\n", code, level, parent, period,
			fte, leavers, 100*leavers/fte, agency, 100*agency/(agency+fte), vac, 100*vac/(vac+fte), cases, float64(cases)/fte)
	}
	for q := 0; b.Len() == 0 || n > 0; q++ {
		period := fmt.Sprintf("%d-Q%d", 2015+q/4, q%4+1)
		locals := min(max(n-10, 9), 9*200)
		var regions [9][4]float64
		var cases [9]int
		for i := range locals {
			fte := float64(int(50+rng.Float64()*500)) + 0.5
			lv, ag, vc := float64(int(fte*0.15)), float64(int(fte*0.12)), float64(int(fte*0.09))
			c := int(fte * 17)
			r := i % 9
			regions[r][0] += fte
			regions[r][1] += lv
			regions[r][2] += ag
			regions[r][3] += vc
			cases[r] += c
			row(fmt.Sprintf("E06%06d", i), "local", fmt.Sprintf("E12%06d", r+1), period, fte, lv, ag, vc, c)
		}
		var nat [4]float64
		natCases := 0
		for r := range regions {
			row(fmt.Sprintf("E12%06d", r+1), "region", "E92000001", period, regions[r][0], regions[r][1], regions[r][2], regions[r][3], cases[r])
			for k := range nat {
				nat[k] += regions[r][k]
			}
			natCases += cases[r]
		}
		row("E92000001", "national", "", period, nat[0], nat[1], nat[2], nat[3], natCases)
		n -= locals + 10
	}
	path := filepath.Join(tb.TempDir(), "w16.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// BenchmarkCheckTable checks 100,000 rows with the 16 rules of the
// reference workload: reading, parsing, every rule, groups and the
// uniqueness check, on every core.
func BenchmarkCheckTable(b *testing.B) {
	path := writeWorkforceTable(b, 100_000)
	rs, err := rules.Load(filepath.Join("..", "bench", "w16.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	c, err := New(rs, nil)
	if err != nil {
		b.Fatal(err)
	}
	info, _ := os.Stat(path)
	b.SetBytes(info.Size())
	b.ResetTimer()
	for range b.N {
		t, err := tables.OpenTable(path)
		if err != nil {
			b.Fatal(err)
		}
		res, err := c.Check(context.Background(), []*tables.Table{t}, Options{})
		if err != nil || len(res.Findings) != 0 || len(res.Problems) != 0 {
			b.Fatalf("err %v, %d findings, problems %v", err, len(res.Findings), res.Problems)
		}
	}
}

// BenchmarkCheckFigureSets checks 3,000 rules over four figure sets of
// 3,000 figures each, every rule reading three figures by name: the
// look-ups of figures by name dominate.
func BenchmarkCheckFigureSets(b *testing.B) {
	const n = 3000
	var src strings.Builder
	src.WriteString("rules:\n")
	for i := range n {
		fmt.Fprintf(&src, "  - {id: r%d, title: Parts add up, assert: a%d + b%d == t%d}\n", i, i, i, i)
	}
	rs, err := rules.Read("bench.yaml", []byte(src.String()))
	if err != nil {
		b.Fatal(err)
	}
	var sets []*figures.Set
	for s := range 4 {
		set := &figures.Set{Name: fmt.Sprintf("s%d", s)}
		for i := range n {
			for _, f := range []struct {
				name string
				v    float64
			}{{"a", 1}, {"b", 2}, {"t", 3}} {
				v, _ := figures.Parse(fmt.Sprint(f.v), figures.AsWritten)
				set.Figures = append(set.Figures, figures.Figure{Name: fmt.Sprintf("%s%d", f.name, i), Value: v})
			}
		}
		sets = append(sets, set)
	}
	c, err := New(rs, sets)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.Check(context.Background(), nil, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
