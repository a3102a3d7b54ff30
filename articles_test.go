package figcheck

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/figcheck/figcheck/checker"
)

// TestArticlesWrittenCheckAsRead checks that the figure sets and rule
// files written for articles give the findings that checking the articles
// themselves gives.
func TestArticlesWrittenCheckAsRead(t *testing.T) {
	corpus := filepath.Join("bench", "articles", "corpus")
	findings := func(paths ...string) map[string]int {
		t.Helper()
		cfg, err := Resolve(paths, Overrides{})
		if err != nil {
			t.Fatal(err)
		}
		run, err := Load(cfg)
		if err != nil {
			t.Fatal(err)
		}
		res, err := run.Check(context.Background(), checker.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, f := range res.Findings {
			got[f.Rule.ID+" "+f.Computation]++
		}
		return got
	}
	read := findings(corpus)
	if len(read) == 0 {
		t.Fatal("no findings in the corpus, which has planted errors")
	}
	cfg, err := Resolve([]string{corpus}, Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	arts, err := ReadArticles(cfg.Articles, cfg.Limits)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := WriteArticles(dir, arts); err != nil {
		t.Fatal(err)
	}
	written := findings(dir)
	for k, n := range read {
		if written[k] != n {
			t.Errorf("%s: %d findings read from the articles, %d from the files written", k, n, written[k])
		}
	}
	if len(written) != len(read) {
		t.Errorf("%d findings from the files written, %d from the articles", len(written), len(read))
	}
}
