package reports

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/figcheck/figcheck/checker"
)

// The annotated article of the HTML report: each article's text in
// paragraphs, every figure marked by its verdict (with a symbol and a
// label as well as a colour), each failing claim's sentence marked and
// numbered, and beside its paragraph a note that works the claim through;
// the undecided claims are noted the same way with their reasons.

// htmlArticle is one article as the page shows it.
type htmlArticle struct {
	Anchor, Name, URL, Href string
	Tally                   string // how many figures got each mark
	Claims                  string // how many claims were checked and undecided
	Paragraphs              []htmlParagraph
}

// htmlParagraph is a paragraph of an article and the notes beside it.
type htmlParagraph struct {
	Pieces []htmlPiece
	Notes  []htmlNote
}

// htmlPiece is a run of a paragraph's text: plain, a figure, or the
// reference to a note. InFail says it is in the sentence of a failing
// claim.
type htmlPiece struct {
	Text                 string
	Figure               bool
	Class, Symbol, Label string // a figure's mark
	Culprit              bool   // a figure most likely wrong
	InFail               bool
	Ref                  string // a reference's note anchor; Text is its number
	RefClass             string
}

// htmlNote explains a failing or undecided claim beside its paragraph.
type htmlNote struct {
	Anchor, N, Class, Symbol, Label string
	Says                            string // the claim in words, or the rule's title
	Computation                     string
	Sides                           []string // each side with its value and interval
	Gap                             string
	Culprit                         string
	Finding                         string // the anchor of the finding worked through
	Reason                          string // why it was not checked
}

// htmlLegendItem is a mark of the legend and what it means.
type htmlLegendItem struct{ Class, Symbol, Label, Means string }

// htmlLegend lists the marks, most serious first.
var htmlLegend = []htmlLegendItem{
	{markClasses[markFail], markSymbols[markFail], markLabels[markFail], "a claim it is in fails even allowing for rounding, or it is stated elsewhere with another value"},
	{markClasses[markWithin], markSymbols[markWithin], markLabels[markWithin], "a claim it is in holds only once rounding is allowed for"},
	{markClasses[markPass], markSymbols[markPass], markLabels[markPass], "every claim it is in holds"},
	{markClasses[markUndecided], markSymbols[markUndecided], markLabels[markUndecided], "a claim was found but not checked"},
	{markClasses[markUnused], markSymbols[markUnused], markLabels[markUnused], "no claim found relates it to another figure"},
}

// paragraphBreak ends a paragraph of an article's text: a blank line.
var paragraphBreak = regexp.MustCompile(`\n[ \t\r]*\n\s*`)

// htmlArticlesOf lays out the articles of the result. anchors are the
// anchors of the result's findings, in order.
func htmlArticlesOf(r *checker.Result, anchors []string) []htmlArticle {
	var out []htmlArticle
	for ai := range r.Articles {
		a := &r.Articles[ai]
		marks := marksOf(r, a)
		ha := htmlArticle{Anchor: fmt.Sprintf("article-%d", ai+1), Name: a.Name, URL: oneLine(a.URL)}
		ha.Href, _ = webLink(a.URL)
		ha.Tally, ha.Claims = tallyWords(a, marks)

		// The notes, each with the sentence it is about.
		type noted struct {
			note     htmlNote
			sentence int
		}
		var notes []noted
		failing := map[int]bool{} // sentences of failing claims
		byName := map[string]int{}
		for i, f := range a.Figures {
			byName[f.Name] = i
		}
		claimOf := map[string]int{}
		for i, c := range a.Claims {
			claimOf[c.Rule] = i
		}
		hasNote := map[int]bool{} // claims with a note
		for fi := range r.Findings {
			f := &r.Findings[fi]
			si := -1
			says := f.Rule.Title
			if ci, ok := claimOf[f.Rule.ID]; ok {
				si, says = a.Claims[ci].Sentence, a.Claims[ci].Says
				hasNote[ci] = true
				failing[si] = true
			} else { // a figure stated twice: the figure is marked, not its sentence
				for _, u := range f.Figures {
					if i, ok := byName[u.Name]; ok && u.Pos == a.Figures[i].Pos {
						si = sentenceOf(a, a.Figures[i].Start)
						break
					}
				}
			}
			if si < 0 {
				continue
			}
			notes = append(notes, noted{failNote(f, says, anchors[fi]), si})
		}
		for ci, c := range a.Claims {
			switch {
			case hasNote[ci]:
			case marks.Claims[ci] == markFail: // failures not listed, beyond the cap
				failing[c.Sentence] = true
				notes = append(notes, noted{htmlNote{Class: markClasses[markFail], Symbol: markSymbols[markFail], Label: "Fails",
					Says: c.Says, Reason: "Counted, but not listed in this report (see --max-findings)."}, c.Sentence})
			case marks.Claims[ci] == markUndecided:
				why := "It was not evaluated."
				if len(marks.Skips[ci]) > 0 {
					why = "Skipped: " + skipWords(marks.Skips[ci]) + "."
				}
				notes = append(notes, noted{htmlNote{Class: markClasses[markUndecided], Symbol: markSymbols[markUndecided], Label: "Not checked",
					Says: c.Says, Reason: why}, c.Sentence})
			}
		}
		for _, u := range a.Undecided {
			notes = append(notes, noted{htmlNote{Class: markClasses[markUndecided], Symbol: markSymbols[markUndecided], Label: "Undecided",
				Says: a.Figures[u.Figure].Text, Reason: "Not checked: " + u.Reason + "."}, u.Sentence})
		}
		sort.SliceStable(notes, func(i, j int) bool { return notes[i].sentence < notes[j].sentence })
		refs := map[int][]htmlPiece{} // by sentence, the references that end it
		bySentence := map[int][]htmlNote{}
		for k := range notes {
			n := &notes[k].note
			n.N = fmt.Sprint(k + 1)
			n.Anchor = fmt.Sprintf("%s-note-%d", ha.Anchor, k+1)
			refs[notes[k].sentence] = append(refs[notes[k].sentence], htmlPiece{Text: n.N, Ref: n.Anchor, RefClass: n.Class})
			bySentence[notes[k].sentence] = append(bySentence[notes[k].sentence], *n)
		}
		ha.Paragraphs = paragraphsOf(a, marks, failing, refs, bySentence)
		out = append(out, ha)
	}
	return out
}

// noteLength is how many characters of a computation a note shows: the
// finding worked through, which the note links to, shows it all.
const noteLength = 160

// failNote works a failing finding through for its note.
func failNote(f *checker.Finding, says, anchor string) htmlNote {
	// The culprit is marked in the text beside the note: its value and
	// where it should lie say enough.
	culprit := repairSentence(f, func(c checker.Culprit) string {
		return oneLine(c.Figure.Text) + " should lie in " + htmlSpan(c.Lo, c.Hi)
	})
	n := htmlNote{Class: markClasses[markFail], Symbol: markSymbols[markFail], Label: "Fails", Says: says,
		Computation: cut(f.Computation, noteLength), Culprit: culprit, Finding: anchor}
	if n.Culprit != "" {
		n.Culprit = capital(n.Culprit) + "."
	}
	for _, c := range f.Comparisons {
		for _, s := range []checker.Side{c.Left, c.Right} {
			side := s.Computation
			if s.Computed {
				side += " = " + checker.FormatNumber(s.Value)
			}
			n.Sides = append(n.Sides, cut(side, noteLength)+" "+htmlSpan(s.Lo, s.Hi))
		}
	}
	if g := gapsShort(f); g != "" {
		n.Gap = capital(g) + "."
	}
	return n
}

// sentenceOf is the sentence of a that holds offset off, or -1.
func sentenceOf(a *checker.Article, off int) int {
	for i, s := range a.Sentences {
		if off >= s.Start && off < s.End {
			return i
		}
	}
	return -1
}

// tallyWords says how many figures got each mark, and how many claims
// were checked and undecided.
func tallyWords(a *checker.Article, m articleMarks) (string, string) {
	var n [len(markLabels)]int
	for _, fm := range m.Figures {
		n[fm]++
	}
	var parts []string
	for k := markFail; k >= markUnused; k-- {
		if n[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[k], markLabels[k]))
		}
	}
	figs := fmt.Sprintf("%d %s", len(a.Figures), plural(len(a.Figures), "figure", "figures"))
	if len(parts) > 0 {
		figs += ": " + strings.Join(parts, ", ")
	}
	claims := fmt.Sprintf("%d %s checked", len(a.Claims), plural(len(a.Claims), "claim", "claims"))
	if u := len(a.Undecided); u > 0 {
		claims += fmt.Sprintf(", %d undecided", u)
	}
	return figs, claims
}

// paragraphsOf cuts the article's text into paragraphs, and each into
// pieces at the edges of its figures and of the sentences of failing
// claims, with each sentence's references after it.
func paragraphsOf(a *checker.Article, m articleMarks, failing map[int]bool, refs map[int][]htmlPiece, notes map[int][]htmlNote) []htmlParagraph {
	var out []htmlParagraph
	start := 0
	breaks := append(paragraphBreak.FindAllStringIndex(a.Text, -1), []int{len(a.Text), len(a.Text)})
	for _, br := range breaks {
		ps, pe := start, br[0]
		start = br[1]
		body := strings.TrimSpace(a.Text[ps:pe])
		if body == "" {
			continue
		}
		ps += strings.Index(a.Text[ps:pe], body)
		pe = ps + len(body)
		// The cuts: the paragraph's ends, its figures' and its sentences'.
		cuts := []int{ps, pe}
		var sents []int
		for si, s := range a.Sentences {
			if s.End > ps && s.Start < pe {
				cuts = append(cuts, max(s.Start, ps), min(s.End, pe))
				sents = append(sents, si)
			}
		}
		for _, f := range a.Figures {
			if f.End > ps && f.Start < pe {
				cuts = append(cuts, max(f.Start, ps), min(f.End, pe))
			}
		}
		sort.Ints(cuts)
		var p htmlParagraph
		for k := 0; k+1 < len(cuts); k++ {
			from, to := cuts[k], cuts[k+1]
			if from == to {
				continue
			}
			piece := htmlPiece{Text: a.Text[from:to]}
			if si := sentenceOf(a, from); si >= 0 {
				piece.InFail = failing[si]
			}
			for fi, f := range a.Figures {
				if f.Start <= from && to <= f.End {
					fm := m.Figures[fi]
					piece.Figure, piece.Class, piece.Symbol, piece.Label = true, markClasses[fm], markSymbols[fm], markLabels[fm]
					if m.Culprits[fi] {
						piece.Culprit, piece.Label = true, piece.Label+", likely the wrong figure"
					}
					break
				}
			}
			p.Pieces = append(p.Pieces, piece)
			for _, si := range sents {
				if a.Sentences[si].End == to {
					p.Pieces = append(p.Pieces, refs[si]...)
				}
			}
		}
		for _, si := range sents {
			p.Notes = append(p.Notes, notes[si]...)
		}
		out = append(out, p)
	}
	return out
}

// capital starts s with a capital letter.
func capital(s string) string {
	if s == "" {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}
