package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCorpus holds figcheck to its score on the corpus: every planted
// error found, no false alarm, and every figure and claim written down
// found.
func TestCorpus(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	s, err := run(filepath.Join("bench", "articles", "corpus"), filepath.Join("bench", "articles", "truth.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	s.write(&out)
	t.Log("\n" + out.String())
	if s.errorsFound != s.errors || s.falseAlarms != 0 {
		t.Errorf("%d of %d planted errors found, %d false alarms", s.errorsFound, s.errors, s.falseAlarms)
	}
	if s.spanHits != s.figures || s.extracted != s.figures || s.claimHits != s.claims || s.claimsFound != s.claims {
		t.Errorf("figures %d of %d (%d extracted), claims %d of %d (%d found)", s.spanHits, s.figures, s.extracted, s.claimHits, s.claims, s.claimsFound)
	}
}

// TestSharedArticles scores the published articles beside the
// repository, where they are, and holds figcheck to no false alarm on
// them.
func TestSharedArticles(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	dir := filepath.Join("..", "shared", "articles")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no ../shared/articles")
	}
	s, err := run(dir, filepath.Join("bench", "articles", "shared-truth.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	s.write(&out)
	t.Log("\n" + out.String())
	if s.falseAlarms != 0 || s.claimHits != s.claims {
		t.Errorf("%d false alarms, %d of %d claims", s.falseAlarms, s.claimHits, s.claims)
	}
}
