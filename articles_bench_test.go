package figcheck

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/figcheck/figcheck/checker"
)

// BenchmarkCheckFeed extracts and checks a feed of ten articles (66 KB).
func BenchmarkCheckFeed(b *testing.B) {
	cfg := &Config{Articles: []string{filepath.Join("bench", "articles", "feed-60k.rss")}}
	for b.Loop() {
		run, err := Load(cfg)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := run.Check(context.Background(), checker.Options{MaxFindings: 1000}); err != nil {
			b.Fatal(err)
		}
	}
}
