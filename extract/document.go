// Package extract reads articles (plain text, Markdown, HTML pages and
// RSS or Atom feeds), splits them into sentences, finds the figures they
// state with the words around them, and the claims that relate those
// figures. Values are read by package figures, so that an extracted
// figure stands for exactly the interval figcheck gives its text.
package extract

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/figcheck/figcheck/position"
)

// Document is one article: a text file, an HTML page, or one item of a
// feed. Its Text is what a reader sees, with markup taken out; offsets in
// Text map back to the file it came from.
type Document struct {
	Path  string    // the file read
	Item  int       // the item of a feed, from 1; 0 for a file of one article
	Title string    // the title, where the file gives one
	URL   string    // the item's link, where the feed gives one
	Date  time.Time // the date it was published, or zero when unknown
	Text  string

	src   []byte  // the file
	lines []int   // offsets in src where lines start
	spans []piece // runs of Text copied from src, in order
	buf   []byte  // Text as it is built

	last   position.Pos // the last position Pos gave, and its offset
	lastAt int
}

// piece is a run of Text that starts at text in Text and at src in the file.
type piece struct{ text, src int }

// newDocument returns a document of path whose text is built by the caller
// with add.
func newDocument(path string, src []byte) *Document {
	d := &Document{Path: path, src: src, lines: []int{0}}
	for i, c := range src {
		if c == '\n' {
			d.lines = append(d.lines, i+1)
		}
	}
	return d
}

// add appends text, which starts at offset at of the file.
func (d *Document) add(text string, at int) {
	if text == "" {
		return
	}
	d.spans = append(d.spans, piece{text: len(d.buf), src: at})
	d.buf = append(d.buf, text...)
}

// sep appends a separator that is not in the file, such as the paragraph
// break between two HTML elements.
func (d *Document) sep(s string) {
	if len(d.buf) > 0 && !bytes.HasSuffix(d.buf, []byte(s)) {
		d.buf = append(d.buf, s...)
	}
}

// finish makes the text built its Text.
func (d *Document) finish() *Document {
	d.Text, d.buf = string(d.buf), nil
	return d
}

// Pos returns the file, line and column of the byte at offset off of Text.
// Columns count characters, from 1.
func (d *Document) Pos(off int) position.Pos {
	i := sort.Search(len(d.spans), func(i int) bool { return d.spans[i].text > off }) - 1
	at := 0
	if i >= 0 {
		at = min(d.spans[i].src+off-d.spans[i].text, len(d.src))
	}
	line := sort.Search(len(d.lines), func(i int) bool { return d.lines[i] > at })
	start, col := d.lines[line-1], 0
	if d.last.Line == line && d.lastAt <= at {
		// Figures come in order: count on from the last one on a long line.
		start, col = d.lastAt, d.last.Col-1
	}
	d.last = position.Pos{File: d.Path, Line: line, Col: col + utf8.RuneCount(d.src[start:at]) + 1}
	d.lastAt = at
	return d.last
}

// Name is how findings and figure sets name the document: the file, and
// the item of a feed with its title.
func (d *Document) Name() string {
	if d.Item == 0 {
		return d.Path
	}
	if d.Title != "" {
		return fmt.Sprintf("%s item %d: %s", d.Path, d.Item, d.Title)
	}
	return fmt.Sprintf("%s item %d", d.Path, d.Item)
}

// IsArticle reports whether path names a file that Read reads.
func IsArticle(path string) bool {
	_, ok := readers[strings.ToLower(filepath.Ext(path))]
	return ok
}

var readers = map[string]func(path string, src []byte) ([]*Document, error){
	".txt": readText, ".md": readText, ".markdown": readText,
	".html": readHTML, ".htm": readHTML,
	".xml": readFeed, ".rss": readFeed, ".atom": readFeed,
}

// Read reads the articles of a file, by its extension: .txt and .md are
// text, .html and .htm a page, .xml, .rss and .atom a feed of one document
// per item.
func Read(path string, src []byte) ([]*Document, error) {
	read, ok := readers[strings.ToLower(filepath.Ext(path))]
	if !ok {
		return nil, fmt.Errorf("%s: figcheck reads articles as .txt, .md, .html, .htm, .xml, .rss or .atom files", path)
	}
	if !utf8.Valid(src) {
		src = []byte(strings.ToValidUTF8(string(src), "\uFFFD"))
	}
	return read(path, src)
}

// readText reads plain text or Markdown. Markdown's markup (heading
// marks, emphasis, list bullets, link targets) is left out of the text, so
// that sentences read as prose; every other byte keeps its place.
func readText(path string, src []byte) ([]*Document, error) {
	d := newDocument(path, src)
	md := strings.HasSuffix(strings.ToLower(path), "md") || strings.HasSuffix(strings.ToLower(path), "markdown")
	for ln, start := range d.lines {
		end := len(src)
		if ln+1 < len(d.lines) {
			end = d.lines[ln+1]
		}
		line := string(src[start:end])
		if md {
			addMarkdownLine(d, line, start)
			continue
		}
		d.add(line, start)
	}
	d.finish()
	d.Date = findDate(d.Text)
	if md {
		d.Title = firstHeading(string(src))
	}
	return []*Document{d}, nil
}

// addMarkdownLine adds one line of Markdown without its markup.
func addMarkdownLine(d *Document, line string, at int) {
	trimmed := strings.TrimLeft(line, " \t")
	lead := len(line) - len(trimmed)
	for _, mark := range []string{"###### ", "##### ", "#### ", "### ", "## ", "# ", "> ", "- ", "* ", "+ "} {
		if strings.HasPrefix(trimmed, mark) {
			lead += len(mark)
			if strings.HasPrefix(mark, "#") {
				// A heading is a sentence of its own.
				defer d.sep("\n\n")
			}
			break
		}
	}
	line = line[lead:]
	at += lead
	for line != "" {
		i := strings.IndexAny(line, "*`[]")
		if i < 0 {
			d.add(line, at)
			return
		}
		d.add(line[:i], at)
		c := line[i]
		line, at = line[i+1:], at+i+1
		if c == ']' && strings.HasPrefix(line, "(") {
			// A link's target is not text.
			if j := strings.IndexByte(line, ')'); j >= 0 {
				line, at = line[j+1:], at+j+1
			}
		}
	}
}

func firstHeading(src string) string {
	for _, line := range strings.Split(src, "\n") {
		if t, ok := strings.CutPrefix(strings.TrimSpace(line), "# "); ok {
			return strings.TrimSpace(strings.NewReplacer("*", "", "_", "").Replace(t))
		}
	}
	return ""
}
