package extract

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/figcheck/figcheck/figures"
)

func TestSentences(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"The rate was 3.4 per cent. It rose.", []string{"The rate was 3.4 per cent.", "It rose."}},
		{"Mr. Smith and Dr. Jones met at No. 10 today. Then they left.", []string{"Mr. Smith and Dr. Jones met at No. 10 today.", "Then they left."}},
		{"The U.K. figure is 12. J. Smith said so.", []string{"The U.K. figure is 12.", "J. Smith said so."}},
		{"It was the U.K. figure, as J. Smith said.", []string{"It was the U.K. figure, as J. Smith said."}},
		{`"It is too high." She said it twice.`, []string{`"It is too high."`, "She said it twice."}},
		{"It rose by 4.1%. 2024 was a record.", []string{"It rose by 4.1%.", "2024 was a record."}},
		{"A heading\n\nA paragraph\nthat wraps.", []string{"A heading", "A paragraph that wraps."}},
		{"It fell. and went on", []string{"It fell. and went on"}},
	} {
		var got []string
		for _, s := range Sentences(tc.text) {
			got = append(got, s.Text)
			if tc.text[s.Start:s.End] == "" {
				t.Errorf("%q: empty span", tc.text)
			}
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%q:\n got %q\nwant %q", tc.text, got, tc.want)
		}
	}
}

// figuresOf extracts the figures of text as a document dated date.
func figuresOf(text string, date time.Time) *Article {
	d := newDocument("a.txt", []byte(text))
	d.add(text, 0)
	d.finish()
	d.Date = date
	return Extract(d, "a")
}

func TestFigures(t *testing.T) {
	date := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	type fig struct {
		text          string
		kind          Kind
		change        Direction
		hedge         string
		lo, hi        float64
		measure, area string
		period        string
	}
	for _, tc := range []struct {
		text string
		want []fig
	}{
		{"Councils had 34,300 social workers in 2024, up four per cent on 2023.", []fig{
			{"34,300", Count, "", "", 34250, 34350, "social_workers", "", "2024"},
			{"four per cent", Percent, Rise, "", 3.5, 4.5, "", "", ""},
		}},
		{"In Milton Keynes, the number of agency workers increased from 31 in 2023 to 33 last year.", []fig{
			{"31", Count, "", "", 30.5, 31.5, "", "Milton Keynes", "2023"},
			{"33", Count, "", "", 32.5, 33.5, "", "Milton Keynes", "2024"},
		}},
		{"Nearly 18 cases and more than 1,000 responses, and £1.2m, a 2.5 percentage point fall.", []fig{
			{"Nearly 18", Count, "", "nearly", 17, 18, "cases", "", ""},
			{"more than 1,000", Count, "", "more than", 1000, inf, "responses", "", ""},
			{"£1.2m", Money, "", "", 1150000, 1250000, "", "", ""},
			{"2.5 percentage point", Points, Fall, "", 2.45, 2.55, "", "", ""},
		}},
		{"On 30 September 2024, aged 18, in 2023-24, at 10 Downing Street, Ep. 44 of PSE365, COVID-19 and 12 months earlier: none is a figure.", nil},
		{"The council hired 14 newly qualified staff on 1 April 2024, and 9 staff joined.", []fig{
			{"14", Count, "", "", 13.5, 14.5, "newly_qualified_staff", "", "2024-04"},
			{"9", Count, "", "", 8.5, 9.5, "staff", "", ""},
		}},
		{"Up 4% on 2023 and 3% since 2020.", []fig{
			{"4%", Percent, Rise, "", 3.5, 4.5, "", "", ""},
			{"3%", Percent, "", "", 2.5, 3.5, "", "", ""},
		}},
		{"London had 5,870 social workers in 2024, and Kent's 769 were fewer.", []fig{
			{"5,870", Count, "", "", 5865, 5875, "social_workers", "London", "2024"},
			{"769", Count, "", "", 768.5, 769.5, "", "Kent", ""},
		}},
		{"Some 18.4% of posts were vacant, compared with 20.5% in 2023.", []fig{
			{"Some 18.4%", Percent, "", "some", 18.35, 18.45, "share_of_posts", "", "2024"},
			{"20.5%", Percent, "", "", 20.45, 20.55, "", "", "2023"},
		}},
		{"Men make up 12.5% of children's social workers.", []fig{
			{"12.5%", Percent, "", "", 12.45, 12.55, "share_of_children's_social_workers", "", ""},
		}},
		{"There were 7,000 vacant posts at 31 March, and 20 in September.", []fig{
			{"7,000", Count, "", "", 6500, 7500, "vacant_posts", "", "2024-03"},
			{"20", Count, "", "", 19.5, 20.5, "", "", "2024-09"},
		}},
		{"There were 37 vacancies, compared to 45 the previous year.", []fig{
			{"37", Count, "", "", 36.5, 37.5, "vacancies", "", "2024"},
			{"45", Count, "", "", 44.5, 45.5, "", "", "2023"},
		}},
		// Every hedge figures reads is found whole: "just above", not "above".
		{"Just above 40% of posts were filled.", []fig{
			{"Just above 40%", Percent, "", "just above", 40, 44, "share_of_posts", "", "2024"},
		}},
	} {
		a := figuresOf("In 2024 there was news.\n\n"+tc.text, date)
		figs := a.Figures
		if len(figs) != len(tc.want) {
			var got []string
			for _, f := range figs {
				got = append(got, f.Text)
			}
			t.Errorf("%q: got figures %q, want %d", tc.text, got, len(tc.want))
			continue
		}
		for i, w := range tc.want {
			f := figs[i]
			if f.Text != w.text || f.Kind != w.kind || f.Change != w.change || f.Hedge != w.hedge ||
				!sameInterval(f, w.lo, w.hi) {
				t.Errorf("%q: figure %d is %q %s %s %q [%v, %v], want %+v", tc.text, i, f.Text, f.Kind, f.Change, f.Hedge, f.Value.Num.Lo, f.Value.Num.Hi, w)
			}
			if w.measure != "" && strings.ReplaceAll(f.Measure.Value, "'", "") != strings.ReplaceAll(w.measure, "'", "") {
				t.Errorf("%q: figure %q measures %q, want %q", tc.text, f.Text, f.Measure.Value, w.measure)
			}
			if f.Area.Value != w.area && w.area != "" {
				t.Errorf("%q: figure %q is for %q, want %q", tc.text, f.Text, f.Area.Value, w.area)
			}
			if f.Period.Value != w.period && w.period != "" {
				t.Errorf("%q: figure %q is of %q, want %q", tc.text, f.Text, f.Period.Value, w.period)
			}
			if a.Doc.Text[f.Start:f.End] != f.Text {
				t.Errorf("%q: span of %q is %q", tc.text, f.Text, a.Doc.Text[f.Start:f.End])
			}
		}
	}
}

var inf = math.Inf(1)

// sameInterval reports whether a figure stands for [lo, hi], or, when it
// is hedged, for what package figures reads its text as: extraction
// gives hedges no meaning of its own.
func sameInterval(f Figure, lo, hi float64) bool {
	if f.Hedge != "" {
		v, err := figures.Parse(f.ValueText, figures.AsWritten)
		return err == nil && v.Num == f.Value.Num
	}
	return math.Abs(f.Value.Num.Lo-lo) <= 1e-9 && (math.Abs(f.Value.Num.Hi-hi) <= 1e-9 || math.IsInf(hi, 1) && math.IsInf(f.Value.Num.Hi, 1))
}

func TestClaims(t *testing.T) {
	for _, tc := range []struct {
		text      string
		want      []string // assertions, with the figures' names shortened to their place
		undecided int
	}{
		{"The workforce rose from 31,000 in 2023 to 33,000 in 2024, a rise of 6.5%.", []string{"pct_change(1, 2) == 3"}, 0},
		{"Vacancies fell by 30 per cent, from 45 to 37.", []string{"pct_change(2, 3) == -1"}, 0},
		{"Caseloads rose to 17.8, up from 16.1 the year before, an increase of 1.7 cases.", []string{"1 - 2 == 3"}, 0},
		{"Agency staff fell from 5,340 to 5,330.", []string{"2 < 1"}, 0},
		{"The number doubled from 150 to 320.", []string{"2 == 2 * 1"}, 0},
		{"Of the leavers, 3,120 out of 8,400 (37%) left for agencies.", []string{"3 == 100 * 1 / 2"}, 0},
		{"There were more starters (1,950) than leavers (2,020).", []string{"1 > 2"}, 0},
		{"The workforce grew by 2.3% to 12,100.", nil, 1},
		{"Kent employed 769 social workers in 2024, up by 41 from 728 in 2023.", []string{"1 - 3 == 2"}, 0},
		{"Leeds employed 640.6 social workers in 2024, up 1.9% from 628.5 in 2023.", []string{"pct_change(3, 1) == 2"}, 0},
		{"There were 37 vacancies in 2024, compared with 45 in 2023, a fall of 18%.", []string{"pct_change(2, 1) == -3"}, 0},
		{"There were 37 vacancies in 2024, compared with 45 in 2023.", nil, 0},
		{"Men make up 12.5% of social workers.", nil, 0},
		{"The rate fell from 12% to 10%, a 17% drop.", []string{"1 - 2 == 3 or pct_change(1, 2) == -3"}, 0},
		{"The number more than doubled from 150 to 400.", nil, 1},
		{"They were 640 in London, 560 in the South East and 150 elsewhere, a total of 1,350.", []string{"1 + 2 + 3 == 4"}, 0},
		{"Of 52 councils, 12 replied, a total of 40 staff.", []string{"2 <= 1"}, 0},
		{"Of the 1,200 respondents, 540 (45%) said they were worried.", []string{"3 == 100 * 2 / 1"}, 0},
		{"The figure was 12.3 million, 2% higher than in 2019 and 9% lower than the peak of 13.5 million in 2008.", []string{"pct_change(4, 1) == -3"}, 1},
		{"Turnout was 60%, 5 percentage points higher than the 55% in 2019.", []string{"1 - 3 == 2"}, 0},
		{"Wales had 1,200 staff, 20% more than the 1,000 in Kent.", []string{"pct_change(3, 1) == 2"}, 0},
		{"Wales had 1,200 staff, 20% more than the 45% in Kent.", nil, 1},
		{"The rate was 12%, 2% higher than the 10% in 2019.", []string{"1 - 3 == 2 or pct_change(3, 1) == 2"}, 0},
		{"The figure, 1,200, was 5% higher than expected, but 300 fewer than in 2019.", nil, 1},
		{"The workforce reached 173, up from 164, and vacancies fell by 30 per cent, from 45 to 37.", []string{"1 > 2", "pct_change(4, 5) == -3"}, 0},
		{"Unemployment fell 0.2 percentage points to 4.1%.", nil, 1},
		{"About 60% of the 2,400 staff, or 1,440 people, were happy.", []string{"1 == 100 * 3 / 2"}, 0},
		{"Of 300 respondents in 52 councils across the region and beyond, 45% of the 1,200 agreed.", nil, 1},
		{"This is 8% of the 12,700 social workers.", nil, 1},
		// A change is paired with a figure of another sentence only by a
		// measure and period sure enough to be written in the figure set.
		{"Councils had 33,000 social workers in 2023. They had 34,300 social workers in 2024, up four per cent.", []string{"pct_change(1, 2) == 3"}, 0},
		{"Councils had 34,300 staff on 30 September 2024. Agency staff fell by nine per cent, to 6,520 FTE. Fewer left: 4,730 FTE, down from 5,250 the year before.", []string{"4 < 5"}, 1},
	} {
		a := figuresOf(tc.text, time.Time{})
		var got []string
		for _, c := range a.Claims {
			s := c.Assert
			for i := len(a.Names) - 1; i >= 0; i-- {
				s = strings.ReplaceAll(s, a.Names[i], string(rune('1'+i)))
			}
			got = append(got, s)
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(a.Undecided) != tc.undecided {
			t.Errorf("%q: claims %q and %d undecided %v, want %q and %d", tc.text, got, len(a.Undecided), a.Undecided, tc.want, tc.undecided)
		}
	}
}

func TestReadHTMLAndFeed(t *testing.T) {
	page := `<html><head><title>Workers</title><meta property="article:published_time" content="2025-02-01"></head>
<body><nav>Home 12 items</nav><article><h1>Workers up</h1><p>There were 1,234 workers &amp; 56 vacancies.</p></article></body></html>`
	docs, err := Read("p.html", []byte(page))
	if err != nil || len(docs) != 1 {
		t.Fatalf("Read: %v %v", docs, err)
	}
	a := Extract(docs[0], "")
	if len(a.Figures) != 2 || a.Figures[0].Text != "1,234" || a.Figures[1].Text != "56" {
		t.Fatalf("figures of the page: %+v", a.Figures)
	}
	if p := a.Figures[1].Pos; p.Line != 2 || p.Col != strings.Index(strings.Split(page, "\n")[1], "56")+1 {
		t.Errorf("56 is at %v", p)
	}
	if docs[0].Title != "Workers" || docs[0].Date.Year() != 2025 {
		t.Errorf("title %q, date %v", docs[0].Title, docs[0].Date)
	}
	feed := `<?xml version="1.0"?><rss><channel><title>News</title>
<item><title>One</title><link>https://example.org/1</link><pubDate>Mon, 03 Feb 2025 09:00:00 +0000</pubDate>
<description>There were 17 leavers.</description>
<content:encoded><![CDATA[<p>There were 17 leavers.</p><p>And 40 starters.</p>]]></content:encoded></item>
<item><title>Two</title><description>&lt;p&gt;Only 9 vacancies.&lt;/p&gt;</description></item>
</channel></rss>`
	docs, err = Read("f.rss", []byte(feed))
	if err != nil || len(docs) != 2 {
		t.Fatalf("Read feed: %v %v", docs, err)
	}
	one := Extract(docs[0], "")
	if len(one.Figures) != 2 || docs[0].URL != "https://example.org/1" || docs[0].Date.Day() != 3 {
		t.Errorf("item 1: %d figures (the summary repeats the content), url %q, date %v", len(one.Figures), docs[0].URL, docs[0].Date)
	}
	if p := one.Figures[1].Pos; p.Line != 4 {
		t.Errorf("40 is at %v", p)
	}
	if two := Extract(docs[1], ""); len(two.Figures) != 1 || two.Figures[0].Text != "9" {
		t.Errorf("item 2: %+v", two.Figures)
	}
	atom := `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Three</title><link href="https://example.org/3"/>
<published>2025-02-04T10:00:00Z</published><summary>Short.</summary><content type="html">&lt;p&gt;There were 250 starters.&lt;/p&gt;</content></entry></feed>`
	docs, err = Read("f.atom", []byte(atom))
	if err != nil || len(docs) != 1 || docs[0].URL != "https://example.org/3" || docs[0].Date.Day() != 4 {
		t.Fatalf("Read atom: %+v %v", docs, err)
	}
	if three := Extract(docs[0], ""); len(three.Figures) != 1 || three.Figures[0].Text != "250" {
		t.Errorf("atom entry: %+v", three.Figures)
	}
	if _, err := Read("bad.rss", []byte("<rss><item>")); err == nil {
		t.Error("a broken feed reads")
	}
}

func TestMarkdown(t *testing.T) {
	src := "# Workers *rise*\n\nThere were **1,234** workers, see [the release](https://example.org/2024).\n"
	docs, _ := Read("a.md", []byte(src))
	a := Extract(docs[0], "")
	if len(a.Figures) != 1 || a.Figures[0].Text != "1,234" || a.Figures[0].Pos.Line != 3 || a.Figures[0].Pos.Col != 14 {
		t.Errorf("figures %+v", a.Figures)
	}
	if docs[0].Title != "Workers rise" {
		t.Errorf("title %q", docs[0].Title)
	}
}
