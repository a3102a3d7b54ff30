package main

import (
	"fmt"
	"io"

	"github.com/figcheck/figcheck"
	"github.com/figcheck/figcheck/extract"
)

// extractCmd runs figcheck extract: it prints the figure set and rule file
// of each article, or writes them into the folder --write-figures names.
func extractCmd(f *flags, paths []string, stdout, stderr io.Writer) int {
	if len(paths) == 0 {
		return badInput(stderr, fmt.Errorf("figcheck extract: give the articles to read (.txt, .md, .html, .xml, .rss, .atom)"))
	}
	for _, p := range paths {
		if !extract.IsArticle(p) {
			return badInput(stderr, fmt.Errorf("figcheck extract: %s: figcheck reads articles as .txt, .md, .html, .htm, .xml, .rss or .atom files", p))
		}
	}
	arts, err := figcheck.ReadArticles(paths, f.limits)
	if err != nil {
		return badInput(stderr, err)
	}
	if f.writeFigures != "" {
		written, err := figcheck.WriteArticles(f.writeFigures, arts)
		if err != nil {
			return badInput(stderr, err)
		}
		for _, p := range written {
			fmt.Fprintln(stdout, p)
		}
	} else {
		for i, a := range arts {
			if i > 0 {
				fmt.Fprintln(stdout, "---")
			}
			stdout.Write(a.FigureSet())
			fmt.Fprintln(stdout, "---")
			stdout.Write(a.RuleFile())
		}
	}
	figures, claims := 0, 0
	for _, a := range arts {
		figures += len(a.Figures)
		claims += len(a.Claims)
	}
	fmt.Fprintf(stderr, "figcheck: %s, %s, %s\n", plural(len(arts), "1 article", fmt.Sprintf("%d articles", len(arts))),
		plural(figures, "1 figure", fmt.Sprintf("%d figures", figures)), plural(claims, "1 claim", fmt.Sprintf("%d claims", claims)))
	noteUndecided(arts, stderr)
	return exitClean
}

// noteUndecided says on stderr which claims of the articles are not
// checked, and why.
func noteUndecided(arts []*extract.Article, stderr io.Writer) {
	n := 0
	for _, a := range arts {
		n += len(a.Undecided)
	}
	if n == 0 {
		return
	}
	fmt.Fprintf(stderr, "figcheck: %d %s undecided, not checked:\n", n, plural(n, "claim", "claims"))
	for _, a := range arts {
		for _, u := range a.Undecided {
			fmt.Fprintf(stderr, "  %s: %s\n", a.Figures[u.Figure].Pos, u.Reason)
		}
	}
}
