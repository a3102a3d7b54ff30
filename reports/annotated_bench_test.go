package reports

import (
	"io"
	"testing"
)

// BenchmarkHTMLFeed writes the HTML report of the 60 KB feed of ten
// articles, each shown annotated.
func BenchmarkHTMLFeed(b *testing.B) {
	r := checkArticles(b, "../bench/articles/feed-60k.rss")
	b.ResetTimer()
	for range b.N {
		if err := newHTML().Report(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
