package reports

import (
	"context"
	"html"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/figcheck/figcheck"
	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/rules"
)

var (
	paraElem   = regexp.MustCompile(`(?s)<p class="para">(.*?)</p>`)
	figElem    = regexp.MustCompile(`(?s)<span class="fig fig-([a-z]+)[^"]*">(.*?)<span class="sym" aria-hidden="true">([^<]*)</span><span class="sr"> \(([^)]*)\)</span></span>`)
	refElem    = regexp.MustCompile(`<a class="ref ref-[a-z]+" href="#[^"]+" aria-label="note [0-9]+">[0-9]+</a>`)
	anyTag     = regexp.MustCompile(`<[^>]*>`)
	noteHeadEl = regexp.MustCompile(`<p class="note-head"><span aria-hidden="true">[^<]*</span> \[[0-9]+\] (Fails|Undecided|Not checked): `)
)

// articleParagraphs are the paragraphs of an article's text, as the page
// should show them, once the marks and references are taken out.
func articleParagraphs(text string) []string {
	var out []string
	for _, p := range paragraphBreak.Split(text, -1) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// checkArticleView checks the annotated article of a page: its
// paragraphs hold the article's text whole and in order, every figure is
// marked with a symbol and a label besides its colour, and there is a note
// for each failing and undecided claim.
func checkArticleView(t *testing.T, doc string, a checker.Article, fails int) {
	t.Helper()
	shown, figs := shownParagraphs(t, doc)
	// The legend's sample figures are not in a paragraph.
	if figs != len(a.Figures) {
		t.Errorf("%d figures marked in the text, want %d", figs, len(a.Figures))
	}
	want := articleParagraphs(a.Text)
	if strings.Join(shown, "\n") != strings.Join(want, "\n") {
		t.Errorf("the article's paragraphs read\n%q\nwant\n%q", shown, want)
	}
	notes := noteHeadEl.FindAllStringSubmatch(doc, -1)
	failNotes, undecided := 0, 0
	for _, n := range notes {
		if n[1] == "Fails" {
			failNotes++
		} else {
			undecided++
		}
	}
	if failNotes != fails || undecided < len(a.Undecided) {
		t.Errorf("%d failing and %d undecided notes, want %d and at least %d", failNotes, undecided, fails, len(a.Undecided))
	}
}

// shownParagraphs reads the paragraphs of the articles on a page back
// into text, and counts the figures marked in them, checking that each is
// marked with a symbol and a label besides its colour.
func shownParagraphs(t *testing.T, doc string) ([]string, int) {
	t.Helper()
	var shown []string
	figs := 0
	for _, m := range paraElem.FindAllStringSubmatch(doc, -1) {
		body := m[1]
		for _, f := range figElem.FindAllStringSubmatch(body, -1) {
			figs++
			class, symbol, label := f[1], f[3], f[4]
			k := -1
			for i, c := range markClasses {
				if c == class {
					k = i
				}
			}
			if k < 0 || symbol != markSymbols[k] && symbol != markSymbols[k]+"!" || !strings.HasPrefix(label, markLabels[k]) {
				t.Errorf("figure %q marked %s with symbol %q and label %q", f[2], class, symbol, label)
			}
		}
		body = figElem.ReplaceAllString(body, "$2")
		body = refElem.ReplaceAllString(body, "")
		shown = append(shown, html.UnescapeString(anyTag.ReplaceAllString(body, "")))
	}
	return shown, figs
}

// FuzzArticleView: whatever an article's text, and wherever in it a figure
// is, the page shows the text whole, in its paragraphs, escaped, with the
// figure marked.
func FuzzArticleView(f *testing.F) {
	f.Add("Leavers fell from 540 in 2023 to 470.\n\nVacancies rose by 3.2%.", 18, 21)
	f.Add(hostile+" 45 "+hostile, 0, 4)
	f.Add("a\n \n\n\tb é 12 \u202e", 7, 12)
	f.Fuzz(func(t *testing.T, text string, from, to int) {
		text = strings.ToValidUTF8(text, "\uFFFD") // as extract reads it
		if len(text) > 4096 {
			return
		}
		// A figure inside one paragraph, at the edges of characters.
		from, to = min(max(from, 0), len(text)), min(max(to, 0), len(text))
		for from > 0 && from < len(text) && !utf8.RuneStart(text[from]) {
			from--
		}
		for to < len(text) && !utf8.RuneStart(text[to]) {
			to++
		}
		r := &checker.Result{Articles: []checker.Article{{Name: "a.txt", Text: text,
			Sentences: []checker.Sentence{{Start: 0, End: len(text), Text: strings.Join(strings.Fields(text), " ")}}}}}
		if from < to && strings.TrimSpace(text[from:to]) == text[from:to] && !paragraphBreak.MatchString(text[from:to]) {
			r.Articles[0].Figures = []checker.ArticleFigure{{Name: "f", Text: text[from:to], Start: from, End: to}}
			r.Articles[0].Undecided = []checker.Undecided{{Sentence: 0, Figure: 0, Reason: "why"}}
		}
		doc := renderHTML(t, r)
		if controls.MatchString(doc) {
			t.Fatal("control characters on the page")
		}
		shown, figs := shownParagraphs(t, doc)
		a := printable(r, true).Articles[0]
		if want := articleParagraphs(a.Text); strings.Join(shown, "\n") != strings.Join(want, "\n") {
			t.Fatalf("the article's paragraphs read\n%q\nwant\n%q", shown, want)
		}
		if figs != len(a.Figures) {
			t.Fatalf("%d figures marked, want %d", figs, len(a.Figures))
		}
	})
}

// TestArticleView: the canned article shows whole, marked and noted.
func TestArticleView(t *testing.T) {
	r := cannedResult()
	doc := renderHTML(t, r)
	checkArticleView(t, doc, r.Articles[0], 1)
	for _, want := range []string{
		`<h2 id="articles">The article, annotated</h2>`,
		`<code>pct_change(45, 37) == -30 per cent</code>`,
		`<a href="#finding-3">The finding, worked through</a>`,
		`Not checked: the whole that 8% is a share of is hedged.`,
		`<span class="in-fail">By 2024 there were </span>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("page does not hold %s", want)
		}
	}
}

// TestArticleViewHostile: an article whose text, figures and claims hold
// markup and control characters shows them as text.
func TestArticleViewHostile(t *testing.T) {
	r := everywhere()
	doc := renderHTML(t, r)
	for _, p := range notSelfContained(doc) {
		t.Error(p)
	}
	if controls.MatchString(doc) || strings.Contains(doc, "<script>") {
		t.Error("the article's text is live on the page")
	}
	a := printable(r, true).Articles[0]
	checkArticleView(t, doc, a, len(r.Findings)) // every rule has the one id, the claim's
}

// TestArticleViewShared: each real article of ../shared/articles shows
// whole and marked.
func TestArticleViewShared(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(sharedArticles, "*.txt"))
	if len(paths) == 0 {
		t.Skipf("skipping: no articles in %s (the shared folder beside the repository)", sharedArticles)
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			r := checkArticles(t, p)
			doc := renderHTML(t, r)
			fails := 0
			for _, f := range r.Findings {
				if f.Rule.ID != "articles-same-figure" {
					fails++
				}
			}
			checkArticleView(t, doc, r.Articles[0], fails)
		})
	}
}

// sharedArticles holds real articles, beside the repository.
const sharedArticles = "../../shared/articles"

// checkArticles checks articles as figcheck check does, with nothing
// beside them.
func checkArticles(t testing.TB, paths ...string) *checker.Result {
	t.Helper()
	run, err := figcheck.Load(&figcheck.Config{Articles: paths})
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	res, err := run.Check(context.Background(), checker.Options{MaxFindings: 20})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestArticleViewStatedTwice: a finding of a rule that is no claim of the
// article (a figure stated twice with two values) marks the article's
// figure as failing, without underlining its sentence, and its note shows
// no more of a long computation than a note holds.
func TestArticleViewStatedTwice(t *testing.T) {
	r := cannedResult()
	a := &r.Articles[0]
	twice := &rules.Rule{ID: "articles-same-figure", Title: "A figure stated twice has one value", SameFigure: true}
	long := strings.Repeat("12,700 == 12,900; ", 40)
	r.Rules = append(r.Rules, checker.RuleResult{Rule: twice, Counts: checker.Counts{0, 0, 1, 0}})
	r.Findings = append(r.Findings, checker.Finding{Rule: twice, Verdict: checker.Fail, Subject: "staff", Computation: long,
		Figures: []checker.FigureUse{{Name: a.Figures[7].Name, Text: "12,700", Pos: a.Figures[7].Pos}, {Name: "elsewhere", Text: "12,900"}}})
	doc := renderHTML(t, r)
	checkArticleView(t, doc, *a, 2)
	if !strings.Contains(doc, `<span class="fig fig-fail">12,700`) {
		t.Error("the figure stated twice is not marked as failing")
	}
	if strings.Contains(doc, `<span class="in-fail">About `) {
		t.Error("the sentence of a figure stated twice is underlined as a failing claim")
	}
	note := regexp.MustCompile(`(?s)<div class="note note-fail" id="article-1-note-2">.*?</div>`).FindString(doc)
	if strings.Contains(note, long) || !strings.Contains(note, "<p><code>"+cut(long, noteLength)+"</code></p>") {
		t.Errorf("the note does not cut the long computation: %s", note)
	}
}
