package figcheck

import (
	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/extract"
)

// articleResults are the articles as a check's result carries them: their
// text, figures, claims and undecided claims, for the reports.
func articleResults(arts []*extract.Article) []checker.Article {
	out := make([]checker.Article, 0, len(arts))
	for _, a := range arts {
		ca := checker.Article{Name: a.Doc.Name(), URL: a.Doc.URL, Text: a.Doc.Text}
		for _, s := range a.Sentences {
			ca.Sentences = append(ca.Sentences, checker.Sentence{Start: s.Start, End: s.End, Text: s.Text})
		}
		for i, f := range a.Figures {
			ca.Figures = append(ca.Figures, checker.ArticleFigure{Name: a.Names[i], Text: f.Text, Start: f.Start, End: f.End, Pos: f.Pos})
		}
		for _, c := range a.Claims {
			ca.Claims = append(ca.Claims, checker.Claim{Rule: c.ID, Says: c.Says, Sentence: c.Sentence, Figures: c.Figures})
		}
		for _, u := range a.Undecided {
			ca.Undecided = append(ca.Undecided, checker.Undecided{Sentence: u.Sentence, Figure: u.Figure, Pos: a.Figures[u.Figure].Pos, Reason: u.Reason})
		}
		out = append(out, ca)
	}
	return out
}
