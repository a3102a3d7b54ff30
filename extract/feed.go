package extract

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/figcheck/figcheck/position"
)

// feedItem is one item of an RSS feed or one entry of an Atom feed, as
// read: each part's text and where it starts in the file.
type feedItem struct {
	title, link, date string
	summary, content  part
	at                int // where the item starts
}

// part is the text of an element and where its text starts in the file.
type part struct {
	text string
	at   int
}

// readFeed reads an RSS 2.0 or Atom feed, one document per item. An item's
// text is its content (content:encoded, or Atom's content), read as HTML,
// and its summary (description, or Atom's summary) unless the content
// begins with it.
func readFeed(path string, src []byte) ([]*Document, error) {
	items, err := feedItems(path, src)
	if err != nil {
		return nil, err
	}
	var docs []*Document
	for i, it := range items {
		d := newDocument(path, src)
		d.Item, d.Title, d.URL, d.Date = i+1, it.title, it.link, parseDate(it.date)
		if it.title != "" {
			d.add(it.title, it.at)
			d.sep("\n\n")
		}
		content := textOf(path, src, it.content)
		if summary := textOf(path, src, it.summary); summary != "" && !strings.HasPrefix(squash(content), strings.TrimRight(squash(summary), ".!?…")) {
			addHTML(d, []byte(it.summary.text), it.summary.at)
			d.sep("\n\n")
		}
		addHTML(d, []byte(it.content.text), it.content.at)
		d.finish()
		if d.Date.IsZero() {
			d.Date = findDate(d.Text)
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// textOf is the text a reader sees of a part that holds HTML.
func textOf(path string, src []byte, p part) string {
	if p.text == "" {
		return ""
	}
	d := newDocument(path, src)
	addHTML(d, []byte(p.text), p.at)
	return d.finish().Text
}

// squash is s with its spaces taken out, to compare texts that differ only
// in their breaks.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

// feedItems reads the items of a feed with encoding/xml, which reads both
// RSS and Atom: a feed library would add a dependency for the few
// elements read here.
func feedItems(path string, src []byte) ([]feedItem, error) {
	dec := xml.NewDecoder(bytes.NewReader(src))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	var items []feedItem
	var cur *feedItem
	var field string
	var textAt int
	var text strings.Builder
	for {
		before := int(dec.InputOffset())
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 1 + bytes.Count(src[:min(int(dec.InputOffset()), len(src))], []byte("\n"))
			return nil, position.Errorf(position.Pos{File: path, Line: line}, "the feed cannot be read: %v", unwrapXML(err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch name := t.Name.Local; {
			case name == "item" || name == "entry":
				items = append(items, feedItem{at: before})
				cur = &items[len(items)-1]
			case cur != nil && field == "":
				switch name {
				case "title", "pubDate", "published", "updated", "date", "description", "summary", "encoded", "content":
					field, textAt = name, -1
					text.Reset()
				case "link":
					for _, a := range t.Attr {
						if a.Name.Local == "href" && cur.link == "" {
							cur.link = a.Value
						}
					}
					if cur.link == "" {
						field, textAt = name, -1
						text.Reset()
					}
				}
			}
		case xml.CharData:
			if field != "" {
				if textAt < 0 {
					textAt = before
					if bytes.HasPrefix(src[before:], []byte("<![CDATA[")) {
						textAt += len("<![CDATA[")
					}
				}
				text.Write(t)
			}
		case xml.EndElement:
			if cur == nil {
				continue
			}
			if t.Name.Local == "item" || t.Name.Local == "entry" {
				cur, field = nil, ""
				continue
			}
			if t.Name.Local != field {
				continue
			}
			s := strings.TrimSpace(text.String())
			lead := len(text.String()) - len(strings.TrimLeft(text.String(), " \t\r\n"))
			switch field {
			case "title":
				cur.title = s
			case "link":
				cur.link = s
			case "pubDate", "published", "date":
				cur.date = s
			case "updated":
				if cur.date == "" {
					cur.date = s
				}
			case "description", "summary":
				cur.summary = part{s, textAt + lead}
			case "encoded", "content":
				cur.content = part{s, textAt + lead}
			}
			field = ""
		}
	}
	if len(items) == 0 {
		return nil, position.Errorf(position.Pos{File: path, Line: 1}, "the feed has no <item> or <entry>: figcheck reads RSS 2.0 and Atom feeds")
	}
	return items, nil
}

func unwrapXML(err error) error {
	var se *xml.SyntaxError
	if e, ok := err.(*xml.SyntaxError); ok {
		se = e
		return fmt.Errorf("%s", se.Msg)
	}
	return err
}

// dateLayouts are the ways feeds and pages write dates.
var dateLayouts = []string{
	time.RFC3339, time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST", "2006-01-02T15:04:05", "2006-01-02", "2 January 2006", "January 2, 2006",
}

// parseDate reads a date as a feed or page writes it, or returns zero.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
