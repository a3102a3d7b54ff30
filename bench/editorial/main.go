// Command editorial writes the editorial workload: ten articles' figure
// sets of 30 figures each and 200 claims over them, in the shapes the
// newsroom's articles have (a count and its total with the share quoted,
// a change between two years with the per-cent change quoted, a figure
// quoted twice). The figures are made up around the 2024 children's
// social work workforce release; each article has one planted error.
//
// usage: go run ./bench/editorial DIR
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./bench/editorial DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var rules strings.Builder
	rules.WriteString("rules:\n")
	for a := range 10 {
		var figs strings.Builder
		fmt.Fprintf(&figs, "document: Article %d on the 2024 workforce\nfigures:\n", a+1)
		for k := range 5 { // five stories of six figures and four claims each
			p := fmt.Sprintf("a%d_s%d", a, k)
			before, after := 140+37*k+11*a, 150+41*k+13*a
			leavers := after / 7
			share := 100 * float64(leavers) / float64(after)
			change := 100 * (float64(after)/float64(before) - 1)
			if k == 0 {
				change += 3 // the planted error: a change that does not follow
			}
			fmt.Fprintf(&figs, "  %s_fte_2023: {value: \"%d\", measure: fte, period: \"2023\", area: Area %d.%d}\n", p, before, a, k)
			fmt.Fprintf(&figs, "  %s_fte_2024: {value: \"%d\", measure: fte, period: \"2024\", area: Area %d.%d}\n", p, after, a, k)
			fmt.Fprintf(&figs, "  %s_rise: \"%.1f per cent\"\n", p, change)
			fmt.Fprintf(&figs, "  %s_leavers: \"%d\"\n", p, leavers)
			fmt.Fprintf(&figs, "  %s_turnover: \"%.1f%%\"\n", p, share)
			fmt.Fprintf(&figs, "  %s_again: {value: \"%d\", measure: fte, period: \"2024\", area: Area %d.%d}\n", p, after, a, k)
			fmt.Fprintf(&rules, "  - {id: %s-rise, title: the workforce rose, assert: 'pct_change(%s_fte_2023, %s_fte_2024) == %s_rise'}\n", p, p, p, p)
			fmt.Fprintf(&rules, "  - {id: %s-turnover, title: turnover, assert: '%s_turnover == 100 * %s_leavers / %s_fte_2024'}\n", p, p, p, p)
			fmt.Fprintf(&rules, "  - {id: %s-grew, title: it grew, assert: '%s_fte_2024 > %s_fte_2023 and %s_rise > 0'}\n", p, p, p, p)
			fmt.Fprintf(&rules, "  - {id: %s-again, title: quoted twice, assert: '%s_again == %s_fte_2024 and %s_leavers < %s_fte_2024'}\n", p, p, p, p, p)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("article%02d.yaml", a+1)), []byte(figs.String()), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "claims.yaml"), []byte(rules.String()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
