package checker

import "github.com/figcheck/figcheck/position"

// Article is an article checked: its text, the figures and claims found in
// it, and the claims found but not checked, for the reports that count the
// undecided claims and show the article itself. Offsets are bytes of Text.
type Article struct {
	Name      string // as findings name it: the file, and a feed's item with its title
	URL       string // its link, where the feed or page gives one
	Text      string // what a reader sees, with markup taken out; paragraphs end at blank lines
	Sentences []Sentence
	Figures   []ArticleFigure // in the order they are written
	Claims    []Claim
	Undecided []Undecided
}

// Sentence is a sentence of an article's text.
type Sentence struct {
	Start, End int
	Text       string // on one line
}

// ArticleFigure is a figure found in an article.
type ArticleFigure struct {
	Name       string // as the claims' rules name it
	Text       string // as written
	Start, End int
	Pos        position.Pos
}

// Claim is a claim found in an article and checked by a rule of its own.
type Claim struct {
	Rule     string // the id of the rule that checks it
	Says     string // what it claims, in words
	Sentence int    // in the article's Sentences
	Figures  []int  // in the article's Figures
}

// Undecided is a claim found in an article but not checked, because it is
// not clear which figures it relates.
type Undecided struct {
	Sentence int // in the article's Sentences
	Figure   int // in the article's Figures: the figure that makes the claim
	Pos      position.Pos
	Reason   string
}

// Undecided counts the claims of the result's articles that were found
// but not checked.
func (r *Result) Undecided() int {
	n := 0
	for _, a := range r.Articles {
		n += len(a.Undecided)
	}
	return n
}
