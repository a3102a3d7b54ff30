package reports

import (
	"strings"
	"testing"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/position"
)

// articleFigure is a figure of a test article: its text as written, and
// the name and place its figure set gives it.
type articleFigure struct {
	text, name string
	pos        position.Pos
}

// newArticle makes a checked article of its sentences, each a paragraph
// of its own unless it ends in a space, and its figures, each found in
// the text after the one before.
func newArticle(name string, sentences []string, figs []articleFigure) checker.Article {
	a := checker.Article{Name: name}
	var b strings.Builder
	for _, s := range sentences {
		start := b.Len()
		b.WriteString(s)
		t := strings.TrimSpace(s)
		a.Sentences = append(a.Sentences, checker.Sentence{Start: start + strings.Index(s, t), End: start + strings.Index(s, t) + len(t), Text: strings.Join(strings.Fields(t), " ")})
		if !strings.HasSuffix(s, " ") {
			b.WriteString("\n\n")
		}
	}
	a.Text = b.String()
	at := 0
	for _, f := range figs {
		i := strings.Index(a.Text[at:], f.text)
		if i < 0 {
			panic("no figure " + f.text + " in the article")
		}
		at += i
		a.Figures = append(a.Figures, checker.ArticleFigure{Name: f.name, Text: f.text, Start: at, End: at + len(f.text), Pos: f.pos})
		at += len(f.text)
	}
	return a
}

// cannedArticle is the draft the canned result's claim comes from: a
// failing claim (the canned finding's), one that passes within rounding,
// an undecided claim and a figure no claim uses.
func cannedArticle() checker.Article {
	at := func(line, col int) position.Pos { return position.Pos{File: "draft.md", Line: line, Col: col} }
	a := newArticle("draft.md", []string{
		"Vacancies in Milton Keynes",
		"In 2023 the council had 45 vacancies. ",
		"By 2024 there were 37, and vacancies fell by more than 30 per cent.",
		"Of its 410 social workers, 205 came from agencies, a share of 49.9%. ",
		"About 8% of the estimated 12,700 staff in the region left.",
	}, []articleFigure{
		{"45", "before", position.Pos{File: "figures.yaml", Line: 83, Col: 12}},
		{"37", "after", position.Pos{File: "figures.yaml", Line: 77, Col: 12}},
		{"more than 30 per cent", "fall", position.Pos{File: "figures.yaml", Line: 89, Col: 12}},
		{"410", "draft_4_social_workers", at(5, 8)},
		{"205", "draft_5_agency", at(5, 28)},
		{"49.9%", "draft_6_percent", at(5, 63)},
		{"8%", "draft_7_percent", at(5, 76)},
		{"12,700", "draft_8_staff", at(5, 97)},
	})
	a.Claims = []checker.Claim{
		{Rule: "mk-vacancy-fall", Says: "Vacancies fell by 30 per cent", Sentence: 2, Figures: []int{0, 1, 2}},
		{Rule: "mk-agency-share", Says: "205 of 410 is 49.9%", Sentence: 3, Figures: []int{3, 4, 5}},
	}
	a.Undecided = []checker.Undecided{{Sentence: 4, Figure: 6, Pos: at(5, 76), Reason: "the whole that 8% is a share of is hedged"}}
	return a
}

// TestArticleMarks: each figure of the canned article is marked by the
// worst verdict of the claims it is in, the culprit of the failing claim
// is picked out, and the undecided claim is counted.
func TestArticleMarks(t *testing.T) {
	r := cannedResult()
	m := marksOf(r, &r.Articles[0])
	want := []mark{markFail, markFail, markFail, markWithin, markWithin, markWithin, markUndecided, markUnused}
	for i, w := range want {
		if m.Figures[i] != w {
			t.Errorf("figure %s: %s, want %s", r.Articles[0].Figures[i].Text, markLabels[m.Figures[i]], markLabels[w])
		}
	}
	if got := []mark{m.Claims[0], m.Claims[1]}; got[0] != markFail || got[1] != markWithin {
		t.Errorf("claims %v, want fail and within rounding", got)
	}
	if r.Undecided() != 1 {
		t.Errorf("%d undecided, want 1", r.Undecided())
	}
	for _, tc := range []struct {
		counts checker.Counts
		hidden int
		want   mark
	}{
		{checker.Counts{1, 0, 0, 0}, 0, markPass},
		{checker.Counts{1, 1, 0, 0}, 0, markWithin},
		{checker.Counts{1, 1, 1, 0}, 0, markFail},
		{checker.Counts{0, 0, 0, 0}, 2, markFail},
		{checker.Counts{0, 0, 0, 1}, 0, markUndecided},
		{checker.Counts{}, 0, markUndecided},
	} {
		if got := claimMark(tc.counts, tc.hidden); got != tc.want {
			t.Errorf("claimMark(%v, %d) = %s, want %s", tc.counts, tc.hidden, markLabels[got], markLabels[tc.want])
		}
	}
}
