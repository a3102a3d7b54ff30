package extract

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// readHTML reads a page: the text of its <article> when it has one, or
// else of its body, with the title, date and address its head gives.
func readHTML(path string, src []byte) ([]*Document, error) {
	d := newDocument(path, src)
	meta := addHTML(d, src, 0)
	d.finish()
	d.Title, d.URL = meta.title, meta.url
	if d.Date = parseDate(meta.date); d.Date.IsZero() {
		d.Date = findDate(d.Text)
	}
	return []*Document{d}, nil
}

// pageMeta is what a page's markup says about it.
type pageMeta struct{ title, date, url string }

// skipped are the elements whose text is not the article's.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true, atom.Footer: true,
	atom.Aside: true, atom.Form: true, atom.Button: true, atom.Svg: true, atom.Template: true,
	atom.Select: true, atom.Iframe: true, atom.Head: true,
}

// blocks are the elements that end a paragraph.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Br: true, atom.Tr: true, atom.Td: true,
	atom.Th: true, atom.Section: true, atom.Article: true, atom.Blockquote: true, atom.Ul: true,
	atom.Ol: true, atom.Table: true, atom.Figure: true, atom.Figcaption: true, atom.Dd: true,
	atom.Dt: true, atom.Main: true, atom.Header: true, atom.Title: true, atom.Hr: true,
}

// addHTML adds the text of the markup src, which starts at offset base of
// d's file, and returns what its head says.
func addHTML(d *Document, src []byte, base int) pageMeta {
	var meta pageMeta
	onlyArticle := bytes.Contains(bytes.ToLower(src), []byte("<article"))
	z := html.NewTokenizer(bytes.NewReader(src))
	off, skip, inArticle, inTitle := 0, 0, 0, false
	for {
		tt := z.Next()
		raw := z.Raw()
		at := off
		off += len(raw)
		switch tt {
		case html.ErrorToken:
			return meta
		case html.TextToken:
			switch {
			case inTitle && meta.title == "":
				meta.title = strings.TrimSpace(html.UnescapeString(string(raw)))
			case skip == 0 && (!onlyArticle || inArticle > 0):
				addEscaped(d, string(raw), base+at)
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			start := tt == html.StartTagToken
			switch {
			case a == atom.Title:
				inTitle = start
			case a == atom.Meta:
				switch attrs["property"] + attrs["name"] + attrs["itemprop"] {
				case "article:published_time", "datePublished", "date", "dc.date":
					meta.date = attrs["content"]
				case "og:url":
					meta.url = attrs["content"]
				}
			case a == atom.Link && attrs["rel"] == "canonical":
				meta.url = attrs["href"]
			case a == atom.Time && meta.date == "":
				meta.date = attrs["datetime"]
			}
			if tt == html.SelfClosingTagToken || a == atom.Br || a == atom.Hr || a == atom.Meta || a == atom.Link || a == atom.Img {
				if blocks[a] {
					d.sep("\n\n")
				}
				continue
			}
			step := 1
			if tt == html.EndTagToken {
				step = -1
			}
			if skipped[a] {
				skip = max(0, skip+step)
			}
			if a == atom.Article {
				inArticle = max(0, inArticle+step)
			}
			if blocks[a] {
				d.sep("\n\n")
			}
		}
	}
}

// addEscaped adds HTML text with its character references read, keeping
// each run between them at its place in the file.
func addEscaped(d *Document, raw string, at int) {
	for raw != "" {
		i := strings.IndexByte(raw, '&')
		if i < 0 {
			d.add(raw, at)
			return
		}
		d.add(raw[:i], at)
		raw, at = raw[i:], at+i
		j := strings.IndexByte(raw, ';')
		if j < 0 || j > 32 {
			d.add("&", at)
			raw, at = raw[1:], at+1
			continue
		}
		d.add(html.UnescapeString(raw[:j+1]), at)
		raw, at = raw[j+1:], at+j+1
	}
}
