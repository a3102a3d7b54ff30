package extract

import (
	"fmt"
	"slices"
	"strings"

	"github.com/figcheck/figcheck/interval"
)

// ClaimKind is what a claim says of its figures.
type ClaimKind string

// The kinds of claim.
const (
	ChangeClaim     ClaimKind = "change"     // a change between two values: "up from 27,700 … a three per cent rise"
	DirectionClaim  ClaimKind = "direction"  // one value above or below another: "rose from 31 to 33"
	ShareClaim      ClaimKind = "share"      // a part of a whole: "58% of the 4,100"
	PartClaim       ClaimKind = "part"       // a part no larger than its whole: "3,120 out of 8,400"
	MultiplierClaim ClaimKind = "multiplier" // "doubled from 150 to 320"
	SumClaim        ClaimKind = "sum"        // parts and their total: "640 in London and 560 elsewhere, a total of 1,200"
	RateClaim       ClaimKind = "rate"       // a rate and the measures a rule pack defines it from: "a turnover rate of 15.4% … 1,200 leavers … 7,800 FTE"
)

// Claim is a relation between figures that a sentence states, as a rule's
// assertion over the figures' names.
type Claim struct {
	ID        string
	Kind      ClaimKind
	Sentence  int
	Figures   []int // indices in the article's Figures
	Assert    string
	Tolerance interval.Tolerance
	Says      string // what the claim is, in words
}

// Undecided is a claim that extraction found but could not tell which
// figures it relates, with the reason; it is not checked.
type Undecided struct {
	Sentence int
	Figure   int // the figure that makes the claim
	Reason   string
}

// pair is a value and the later value it changed to.
type pair struct{ from, to int }

// findClaims finds the claims of each sentence.
func (a *Article) findClaims(sentToks [][]token) {
	bySentence := make([][]int, len(a.Sentences))
	for i, f := range a.Figures {
		bySentence[f.Sentence] = append(bySentence[f.Sentence], i)
	}
	for si, toks := range sentToks {
		figs := bySentence[si]
		used := map[int]bool{}
		pairs := a.pairs(toks, figs)
		// Each change goes with the pair nearest it: "173, up from 164,
		// and vacancies fell by 30 per cent, from 45 to 37".
		changes := make([][]int, len(pairs))
		for _, fi := range figs {
			if !a.Figures[fi].IsChange() || len(pairs) == 0 {
				continue
			}
			best, dist := 0, -1
			for k, p := range pairs {
				if d := a.distance(fi, p); dist < 0 || d < dist {
					best, dist = k, d
				}
			}
			changes[best] = append(changes[best], fi)
		}
		floor := 0
		for k, p := range pairs {
			a.pairClaims(si, toks, figs, changes[k], p, floor)
			for _, ci := range changes[k] {
				used[ci] = true
			}
			floor = max(a.Figures[p.from].tokEnd, a.Figures[p.to].tokEnd)
		}
		for _, fi := range figs {
			f := &a.Figures[fi]
			if f.IsChange() && !used[fi] {
				a.changeWithoutPair(si, toks, figs, fi)
			}
		}
		a.shares(si, toks, figs)
		a.sums(si, toks, figs)
		a.comparatives(si, toks, figs)
		a.relativeComparisons(si, toks, figs)
		if si > 0 && len(pairs) == 0 {
			a.againstEarlier(si, toks, figs, bySentence[si-1])
		}
	}
}

func (a *Article) add(c Claim) {
	c.ID = fmt.Sprintf("%s-%s-%d", strings.ReplaceAll(a.Prefix, "_", "-"), c.Kind, len(a.Claims)+1)
	a.Claims = append(a.Claims, c)
}

func (a *Article) undecided(si, fi int, format string, args ...any) {
	a.Undecided = append(a.Undecided, Undecided{Sentence: si, Figure: fi, Reason: fmt.Sprintf(format, args...)})
}

// isLevel reports whether a figure is a value rather than a change, a
// multiplier or a fraction.
func (a *Article) isLevel(fi int) bool {
	f := &a.Figures[fi]
	return !f.IsChange() && f.Kind != Multiplier && f.Kind != Fraction
}

// comparable reports whether two levels can be compared: the same kind.
func (a *Article) comparable(x, y int) bool {
	return a.Figures[x].Kind == a.Figures[y].Kind
}

// pairs finds the values that a sentence says one changed to the other:
// "from A to B", "B, up from A", "rose to B from A".
func (a *Article) pairs(toks []token, figs []int) []pair {
	var out []pair
	for k, fi := range figs {
		f := &a.Figures[fi]
		if !a.isLevel(fi) || !isAny(toks, f.tok-1, "from") {
			continue
		}
		// from A (in 2023) to B
		if k+1 < len(figs) && a.isLevel(figs[k+1]) && a.comparable(fi, figs[k+1]) {
			next := &a.Figures[figs[k+1]]
			for t := f.tokEnd; t < next.tok && t < f.tokEnd+6; t++ {
				if toks[t].lower == "to" && t == next.tok-1 {
					out = append(out, pair{fi, figs[k+1]})
				}
			}
			if len(out) > 0 && out[len(out)-1].from == fi {
				continue
			}
		}
		// B, up from A; rose to B from A; up by 41 from A
		if b := a.levelBefore(figs, k, fi); b >= 0 && f.tok-a.Figures[b].tokEnd <= 12 {
			out = append(out, pair{fi, b})
		}
	}
	// B in 2024, compared with A in 2023
	for k, fi := range figs {
		f := &a.Figures[fi]
		if !a.isLevel(fi) || !(wordsBefore(toks, f.tok, "compared with") || wordsBefore(toks, f.tok, "compared to")) {
			continue
		}
		if b := a.levelBefore(figs, k, fi); b >= 0 && f.period.Year > 0 && a.Figures[b].period.Year > f.period.Year {
			out = append(out, pair{fi, b})
		}
	}
	return out
}

// levelBefore returns the nearest level before figs[k] that can be
// compared with it, passing over changes, or -1.
func (a *Article) levelBefore(figs []int, k, fi int) int {
	for j := k - 1; j >= 0; j-- {
		if a.isLevel(figs[j]) {
			if a.comparable(figs[j], fi) {
				return figs[j]
			}
			return -1
		}
	}
	return -1
}

var (
	multiples = map[string]string{"doubled": "2 *", "tripled": "3 *", "trebled": "3 *", "quadrupled": "4 *", "halved": "0.5 *"}
)

// directionIn says which way the words from token lo to hi (outside the
// figures) say a value went: rise, fall, "" for neither, or both.
func (a *Article) directionIn(toks []token, figs []int, lo, hi int) (Direction, bool) {
	inFigure := a.inFigures(len(toks), figs)
	rise, fall := false, false
	for t := max(lo, 0); t < hi && t < len(toks); t++ {
		if inFigure[t] {
			continue
		}
		rise = rise || riseVerbs[toks[t].lower]
		fall = fall || fallVerbs[toks[t].lower]
	}
	switch {
	case rise && fall:
		return "", true
	case rise:
		return Rise, false
	case fall:
		return Fall, false
	}
	return "", false
}

// hedgedWord reports whether the word at t follows a hedge: "almost
// doubled", "more than halved".
func hedgedWord(toks []token, t int) bool {
	for _, h := range hedgeWords {
		if wordsBefore(toks, t, h) {
			return true
		}
	}
	return isAny(toks, t-1, "nearly", "almost", "roughly", "about", "around", "than", "over", "some", "broadly", "approximately")
}

// distance is how many tokens lie between figure fi and a pair.
func (a *Article) distance(fi int, p pair) int {
	f := &a.Figures[fi]
	lo := min(a.Figures[p.from].tok, a.Figures[p.to].tok)
	hi := max(a.Figures[p.from].tokEnd, a.Figures[p.to].tokEnd)
	switch {
	case f.tokEnd <= lo:
		return lo - f.tokEnd
	case f.tok >= hi:
		return f.tok - hi
	}
	return 0
}

// pairClaims writes the claims a sentence makes about a pair: the changes
// given to it, or else the direction or multiple its words say, read no
// further back than token floor (the end of the pair before).
func (a *Article) pairClaims(si int, toks []token, figs, changes []int, p pair, floor int) {
	from, to := &a.Figures[p.from], &a.Figures[p.to]
	nf, nt := a.Names[p.from], a.Names[p.to]
	lo, hi := min(from.tok, to.tok), max(from.tokEnd, to.tokEnd)
	for _, ci := range changes {
		c := &a.Figures[ci]
		n := a.Names[ci]
		sign := ""
		if c.Change == Fall {
			sign = "-"
		}
		switch {
		case c.Kind == Percent && from.Kind != Percent:
			a.add(Claim{Kind: ChangeClaim, Sentence: si, Figures: []int{p.from, p.to, ci},
				Assert: fmt.Sprintf("pct_change(%s, %s) == %s%s", nf, nt, sign, n),
				Says:   fmt.Sprintf("%s to %s is a %s of %s", from.Text, to.Text, c.Change, c.Text)})
		case c.Kind == from.Kind || c.Kind == Points && from.Kind == Percent || c.Kind == Count:
			if c.Kind == Count && from.Kind != Count && from.Kind != Money {
				a.undecided(si, ci, "%s is a count, and %s and %s are not", c.Text, from.Text, to.Text)
				continue
			}
			assert := fmt.Sprintf("%s - %s == %s", nt, nf, n)
			if c.Change == Fall {
				assert = fmt.Sprintf("%s - %s == %s", nf, nt, n)
			}
			if c.Kind == Percent && from.Kind == Percent {
				// "from 12% to 10%, a 2% fall" is points, "a 17% fall"
				// relative: the text does not say which, so either holds.
				assert = fmt.Sprintf("%s or pct_change(%s, %s) == %s%s", assert, nf, nt, sign, n)
			}
			a.add(Claim{Kind: ChangeClaim, Sentence: si, Figures: []int{p.from, p.to, ci}, Assert: assert,
				Says: fmt.Sprintf("%s to %s is a %s of %s", from.Text, to.Text, c.Change, c.Text)})
		default:
			a.undecided(si, ci, "%s is a %s change of values that are %s", c.Text, c.Kind, from.Kind)
		}
	}
	if len(changes) > 0 {
		return
	}
	for t := max(floor, lo-8); t < hi; t++ {
		if m, ok := multiples[toks[t].lower]; ok {
			if hedgedWord(toks, t) {
				a.undecided(si, p.to, "%q is hedged: how far from %s it may be is not said", toks[t-1].text+" "+toks[t].text, m)
				return
			}
			a.add(Claim{Kind: MultiplierClaim, Sentence: si, Figures: []int{p.from, p.to},
				Assert: fmt.Sprintf("%s == %s %s", nt, m, nf), Tolerance: interval.Tolerance{Rel: 0.1},
				Says: fmt.Sprintf("%s is %s %s", to.Text, toks[t].text, from.Text)})
			return
		}
	}
	dir, both := a.directionIn(toks, figs, max(floor, lo-12), hi)
	switch {
	case both:
		a.undecided(si, p.to, "the sentence says both a rise and a fall")
	case dir == Rise:
		a.add(Claim{Kind: DirectionClaim, Sentence: si, Figures: []int{p.from, p.to},
			Assert: fmt.Sprintf("%s > %s", nt, nf), Says: fmt.Sprintf("%s rose to %s", from.Text, to.Text)})
	case dir == Fall:
		a.add(Claim{Kind: DirectionClaim, Sentence: si, Figures: []int{p.from, p.to},
			Assert: fmt.Sprintf("%s < %s", nt, nf), Says: fmt.Sprintf("%s fell to %s", from.Text, to.Text)})
	}
}

// changeWithoutPair finds the values of a change whose sentence gives only
// one of them ("34,300, up four per cent on 2023"): the other is the same
// measure for the same area in the period before, stated elsewhere in the
// article. When there is none, the change is undecided.
func (a *Article) changeWithoutPair(si int, toks []token, figs []int, ci int) {
	c := &a.Figures[ci]
	level := -1
	for _, fi := range figs {
		f := &a.Figures[fi]
		if !a.isLevel(fi) {
			continue
		}
		if f.tokEnd <= c.tok && c.tok-f.tokEnd <= 12 && !strings.Contains(joinTexts(toks[f.tokEnd:c.tok]), " ; ") ||
			f.tok >= c.tokEnd && f.tok-c.tokEnd <= 2 && isAny(toks, f.tok-1, "to") {
			level = fi
		}
	}
	if level < 0 {
		a.undecided(si, ci, "the values that changed by %s are not in the sentence", c.Text)
		return
	}
	// The other value is found by the level's measure and period only where
	// those are sure enough to be written in its figure set: a claim must
	// not rest on a guess that the figure set leaves as a comment.
	l := &a.Figures[level]
	want := c.base
	if want.Year == 0 && l.Period.checked() {
		want = l.period.back(1)
	}
	if !l.Measure.checked() || want.Year == 0 {
		a.undecided(si, ci, "the value that %s is a change from is not in the text", c.Text)
		return
	}
	for _, fi := range a.byIdentity()[identity{l.Measure.Value, l.Area.Value, want, l.Kind}] {
		if fi != level && a.isLevel(fi) {
			a.pairClaims(si, toks, figs, []int{ci}, pair{fi, level}, 0)
			return
		}
	}
	a.undecided(si, ci, "the %s value that %s is a change from is not in the text", want, c.Text)
}

// shares finds a percentage of a whole ("8% of the 12,700", "3,120 out of
// 8,400 (37%)") and the part it is a share of.
func (a *Article) shares(si int, toks []token, figs []int) {
	a.ofTheWhole(si, toks, figs)
	for k, fi := range figs {
		f := &a.Figures[fi]
		if k+1 >= len(figs) || !a.isLevel(figs[k+1]) {
			continue
		}
		whole := &a.Figures[figs[k+1]]
		gap := toks[f.tokEnd:whole.tok]
		ofThe := len(gap) >= 1 && len(gap) <= 4 && (gap[0].lower == "of" || len(gap) >= 2 && gap[0].lower == "out" && gap[1].lower == "of")
		if !ofThe || whole.Kind != Count {
			continue
		}
		nw, nf := a.Names[figs[k+1]], a.Names[fi]
		switch f.Kind {
		case Percent:
			// The part is the count just before: "540 social workers, 45%
			// of the 1,200"; one further back may count something else.
			part := -1
			if k > 0 && a.isLevel(figs[k-1]) && a.Figures[figs[k-1]].Kind == Count && f.tok-a.Figures[figs[k-1]].tokEnd <= 6 {
				part = figs[k-1]
			}
			// or after it: "60% of the 2,400 staff, or 1,440 people"
			if k+2 < len(figs) && part < 0 && a.isLevel(figs[k+2]) && a.Figures[figs[k+2]].Kind == Count {
				gap := toks[whole.tokEnd:a.Figures[figs[k+2]].tok]
				if len(gap) <= 4 && len(gap) >= 1 && gap[len(gap)-1].lower == "or" {
					part = figs[k+2]
				}
			}
			if part < 0 {
				a.undecided(si, fi, "%s is a share of %s, and the part is not in the sentence", f.Text, whole.Text)
				continue
			}
			a.add(Claim{Kind: ShareClaim, Sentence: si, Figures: []int{part, figs[k+1], fi},
				Assert: fmt.Sprintf("%s == 100 * %s / %s", nf, a.Names[part], nw),
				Says:   fmt.Sprintf("%s is %s of %s", a.Figures[part].Text, f.Text, whole.Text)})
		case Count:
			// 3,120 out of 8,400 (37%), or 37% (3,120 out of 8,400)
			pct := -1
			if k+2 < len(figs) && a.Figures[figs[k+2]].Kind == Percent && a.Figures[figs[k+2]].tok-whole.tokEnd <= 2 {
				pct = figs[k+2]
			}
			if k > 0 && a.Figures[figs[k-1]].Kind == Percent && f.tok-a.Figures[figs[k-1]].tokEnd <= 2 {
				pct = figs[k-1]
			}
			if pct >= 0 {
				a.add(Claim{Kind: ShareClaim, Sentence: si, Figures: []int{fi, figs[k+1], pct},
					Assert: fmt.Sprintf("%s == 100 * %s / %s", a.Names[pct], nf, nw),
					Says:   fmt.Sprintf("%s is %s of %s", f.Text, a.Figures[pct].Text, whole.Text)})
				continue
			}
			a.add(Claim{Kind: PartClaim, Sentence: si, Figures: []int{fi, figs[k+1]},
				Assert: fmt.Sprintf("%s <= %s", nf, nw), Says: fmt.Sprintf("%s is part of %s", f.Text, whole.Text)})
		}
	}
}

// ofTheWhole finds a whole named first and a part of it after: "Of the
// 1,200 respondents, 540 (45%) said …", a share with its percentage, and
// a part no larger than its whole without one.
func (a *Article) ofTheWhole(si int, toks []token, figs []int) {
	if len(figs) < 2 || !isAny(toks, 0, "of") {
		return
	}
	wi, pi := figs[0], figs[1]
	whole, part := &a.Figures[wi], &a.Figures[pi]
	if whole.tok > 2 || whole.Kind != Count || part.Kind != Count || !a.isLevel(wi) || !a.isLevel(pi) ||
		part.tok-whole.tokEnd > 6 || !strings.Contains(joinTexts(toks[whole.tokEnd:part.tok]), ",") {
		return
	}
	if len(figs) > 2 && a.Figures[figs[2]].Kind == Percent && a.isLevel(figs[2]) && a.Figures[figs[2]].tok-part.tokEnd <= 2 {
		pct := figs[2]
		a.add(Claim{Kind: ShareClaim, Sentence: si, Figures: []int{pi, wi, pct},
			Assert: fmt.Sprintf("%s == 100 * %s / %s", a.Names[pct], a.Names[pi], a.Names[wi]),
			Says:   fmt.Sprintf("%s is %s of %s", part.Text, a.Figures[pct].Text, whole.Text)})
		return
	}
	a.add(Claim{Kind: PartClaim, Sentence: si, Figures: []int{pi, wi},
		Assert: fmt.Sprintf("%s <= %s", a.Names[pi], a.Names[wi]), Says: fmt.Sprintf("%s is part of %s", part.Text, whole.Text)})
}

var (
	moreWords = setOf("more", "higher", "greater", "larger", "bigger")
	lessWords = setOf("fewer", "lower", "less", "smaller")
)

// comparatives finds "more … (1,950) than … (2,020)": one figure before
// "than" and one after.
func (a *Article) comparatives(si int, toks []token, figs []int) {
	inFigure := a.inFigures(len(toks), figs)
	for t := range toks {
		if toks[t].lower != "than" || inFigure[t] {
			continue
		}
		word := -1
		for k := t - 1; k >= 0 && k >= t-12; k-- {
			if (moreWords[toks[k].lower] || lessWords[toks[k].lower]) && !inFigure[k] {
				word = k
				break
			}
		}
		if word < 0 {
			continue
		}
		var before, after []int
		for _, fi := range figs {
			f := &a.Figures[fi]
			switch {
			case !a.isLevel(fi):
			case f.tokEnd <= t && f.tok > word:
				before = append(before, fi)
			case f.tok > t && f.tok < t+10:
				after = append(after, fi)
			}
		}
		if len(before) != 1 || len(after) != 1 || !a.comparable(before[0], after[0]) {
			continue
		}
		op := ">"
		if lessWords[toks[word].lower] {
			op = "<"
		}
		x, y := before[0], after[0]
		a.add(Claim{Kind: DirectionClaim, Sentence: si, Figures: []int{x, y},
			Assert: fmt.Sprintf("%s %s %s", a.Names[x], op, a.Names[y]),
			Says:   fmt.Sprintf("%s is %s than %s", a.Figures[x].Text, toks[word].lower, a.Figures[y].Text)})
	}
}

// relativeComparisons finds "12.3 million, 9% lower than the peak of
// 13.5 million" and "70%, 5 points higher than the 65% before": a
// percentage or points figure just before "higher than" (lower, more,
// less, fewer); the level it compares is the one before it (or before the
// comparisons chained to it: "12.3 million, 2% higher than in 2019 and 9%
// lower than …"), and the level it compares with is the figure just
// after "than".
func (a *Article) relativeComparisons(si int, toks []token, figs []int) {
	compares := func(fi int) bool {
		c := &a.Figures[fi]
		return !c.IsChange() && (c.Kind == Percent || c.Kind == Points) && c.tokEnd+1 < len(toks) &&
			toks[c.tokEnd+1].lower == "than" && (moreWords[toks[c.tokEnd].lower] || lessWords[toks[c.tokEnd].lower])
	}
	for k, fi := range figs {
		if !compares(fi) {
			continue
		}
		c := &a.Figures[fi]
		word := toks[c.tokEnd].lower
		after := -1
		if k+1 < len(figs) && a.Figures[figs[k+1]].tok-c.tokEnd <= 8 && a.isLevel(figs[k+1]) && !compares(figs[k+1]) &&
			!clauseBreak(toks, c.tokEnd+2, a.Figures[figs[k+1]].tok) {
			after = figs[k+1]
		}
		before, first := -1, fi
		j := k - 1
		for ; j >= 0 && compares(figs[j]); j-- {
			first = figs[j]
		}
		if j >= 0 && a.isLevel(figs[j]) && a.Figures[first].tok-a.Figures[figs[j]].tokEnd <= 12 &&
			!strings.Contains(joinTexts(toks[a.Figures[figs[j]].tokEnd:a.Figures[first].tok]), ";") {
			before = figs[j]
		}
		switch {
		case after < 0 || before < 0:
			a.undecided(si, fi, "%s %s than what is not clear: the values it compares are not both beside it", c.Text, word)
			continue
		case !a.comparable(before, after) || c.Kind == Points && a.Figures[before].Kind != Percent:
			a.undecided(si, fi, "%s %s compares %s with %s, which are not of one kind", c.Text, word, a.Figures[before].Text, a.Figures[after].Text)
			continue
		}
		nb, na, n := a.Names[before], a.Names[after], a.Names[fi]
		sign := ""
		if lessWords[word] {
			sign = "-"
		}
		points := fmt.Sprintf("%s - %s == %s%s", nb, na, sign, n)
		assert := fmt.Sprintf("pct_change(%s, %s) == %s%s", na, nb, sign, n)
		switch {
		case c.Kind == Points:
			assert = points
		case a.Figures[before].Kind == Percent:
			// "12%, 2% higher than the 10% before" may mean points or a
			// relative change: the text does not say which, so either holds.
			assert = points + " or " + assert
		}
		a.add(Claim{Kind: ChangeClaim, Sentence: si, Figures: []int{after, before, fi}, Assert: assert,
			Says: fmt.Sprintf("%s is %s %s than %s", a.Figures[before].Text, c.Text, word, a.Figures[after].Text)})
	}
}

// inFigures marks the tokens of a sentence that are part of its figures.
func (a *Article) inFigures(n int, figs []int) []bool {
	in := make([]bool, n)
	for _, fi := range figs {
		for t := a.Figures[fi].tok; t < a.Figures[fi].tokEnd && t < n; t++ {
			in[t] = true
		}
	}
	return in
}

// againstEarlier finds "an increase on 12 months earlier, when there were
// 164": a sentence that compares the one value it gives, for an earlier
// period, with the value of the sentence before.
func (a *Article) againstEarlier(si int, toks []token, figs, prev []int) {
	var levels, prevLevels []int
	for _, fi := range figs {
		if a.isLevel(fi) {
			levels = append(levels, fi)
		}
	}
	for _, fi := range prev {
		if a.isLevel(fi) {
			prevLevels = append(prevLevels, fi)
		}
	}
	if len(levels) != 1 || len(prevLevels) != 1 || !a.comparable(levels[0], prevLevels[0]) {
		return
	}
	earlier, later := levels[0], prevLevels[0]
	relative := false
	for _, m := range markers(toks, a.Doc.Date) {
		relative = relative || m.relative > 0
	}
	if !relative {
		return
	}
	var op string
	for t := range toks {
		if t >= a.Figures[earlier].tok {
			break
		}
		if isAny(toks, t+1, "on") && (riseVerbs[toks[t].lower] || fallVerbs[toks[t].lower]) {
			op = ">"
			if fallVerbs[toks[t].lower] {
				op = "<"
			}
		}
	}
	if op == "" {
		return
	}
	a.add(Claim{Kind: DirectionClaim, Sentence: si, Figures: []int{earlier, later},
		Assert: fmt.Sprintf("%s %s %s", a.Names[later], op, a.Names[earlier]),
		Says:   fmt.Sprintf("%s is a change on %s", a.Figures[later].Text, a.Figures[earlier].Text)})
}

// identity is what makes two figures statements of one figure.
type identity struct {
	measure, area string
	period        Period
	kind          Kind
}

// byIdentity indexes the article's figures by measure, area, period and
// kind, once: those whose measure and period are sure enough to be checked.
func (a *Article) byIdentity() map[identity][]int {
	if a.index == nil {
		a.index = map[identity][]int{}
		for i, f := range a.Figures {
			if f.Measure.checked() && f.Period.checked() {
				k := identity{f.Measure.Value, f.Area.Value, f.period, f.Kind}
				a.index[k] = append(a.index[k], i)
			}
		}
	}
	return a.index
}

// sums finds parts listed with their total: "640 in London, 560 in the
// South East and 150 elsewhere, a total of 1,350". The parts are the
// figures of the total's kind just before it, each apart from the next by
// a few words with a comma or "and", the last two by "and".
func (a *Article) sums(si int, toks []token, figs []int) {
	for k, ti := range figs {
		t := &a.Figures[ti]
		if !a.isLevel(ti) || !(wordsBefore(toks, t.tok, "a total of") || wordsBefore(toks, t.tok, "totalling") ||
			wordsBefore(toks, t.tok, "totaling") || wordsBefore(toks, t.tok, "in total of")) {
			continue
		}
		var parts []int
		next, sawAnd := t.tok, false
		for j := k - 1; j >= 0; j-- {
			p := &a.Figures[figs[j]]
			if !a.isLevel(figs[j]) || p.Kind != t.Kind || next-p.tokEnd > 6 {
				break
			}
			gap := joinTexts(toks[p.tokEnd:next])
			sep := strings.Contains(gap, ",") || strings.Contains(" "+gap, " and ")
			if len(parts) > 0 && !sep {
				break
			}
			if len(parts) == 1 {
				sawAnd = strings.Contains(" "+gap, " and ")
			}
			parts = append(parts, figs[j])
			next = p.tok
		}
		if len(parts) < 2 || !sawAnd {
			continue
		}
		var names, texts []string
		for j := len(parts) - 1; j >= 0; j-- {
			names = append(names, a.Names[parts[j]])
			texts = append(texts, a.Figures[parts[j]].Text)
		}
		a.add(Claim{Kind: SumClaim, Sentence: si, Figures: append(slices.Clone(parts), ti),
			Assert: fmt.Sprintf("%s == %s", strings.Join(names, " + "), a.Names[ti]),
			Says:   fmt.Sprintf("%s add up to %s", strings.Join(texts, ", "), t.Text)})
	}
}
