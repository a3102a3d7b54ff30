package ees

import (
	"fmt"
	"math"
	"strings"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/interval"
)

// equation is a whole and its parts, which add up to it: rows of the file.
type equation struct {
	rel   *relation
	whole int
	parts []int
}

// equations are the wholes and parts of every relation of the file: a
// group of rows that agree on the relation's columns, with one whole.
func (in *Inference) equations() []equation {
	var out []equation
	for k := range in.relations {
		r := &in.relations[k]
		wholes, parts := map[string][]int{}, map[string][]int{}
		var keys []string
		by := make([]int, len(r.by))
		for j, h := range r.by {
			by[j] = in.Data.index[h]
		}
		var b []byte
		for i, row := range in.Data.Rows {
			isWhole, isPart := r.isWhole(in.Data, i), r.isPart(in.Data, i)
			if !isWhole && !isPart {
				continue
			}
			b = b[:0]
			for _, j := range by {
				b = append(append(b, row.Fields[j]...), 0)
			}
			key := string(b)
			if _, ok := wholes[key]; !ok {
				if _, ok := parts[key]; !ok {
					keys = append(keys, key)
				}
			}
			if isWhole {
				wholes[key] = append(wholes[key], i)
			} else {
				parts[key] = append(parts[key], i)
			}
		}
		for _, key := range keys {
			if len(wholes[key]) == 1 && len(parts[key]) > 0 {
				out = append(out, equation{rel: r, whole: wholes[key][0], parts: parts[key]})
			}
		}
	}
	return out
}

// maxPasses bounds the passes over the equations that disclosure makes.
const maxPasses = 20

// cell is what is known of one figure: its interval, and, for a
// suppressed one worked out from others, the equation and rows that gave
// it away.
type cell struct {
	known bool
	// num is the cell's interval. For a cell worked out from others it
	// is not narrowed by counts' being at least 0, so that a total rounded
	// to 10, less exact parts, protects the part it leaves out, and
	// whatever is worked out from that part in turn.
	num       interval.Num
	recovered *equation
}

// disclosure finds the cells suppressed as c (confidential) whose value
// the published figures give away: along any relation (the geography
// hierarchy, a filter's levels and its Total), a whole is the sum of its
// parts and a part the whole less the others, and a cell worked out so
// is known for the next relation too. A cell is a finding when it is
// known to an interval narrower than width. Cells that are x, z or u
// stand for figures that are not published and may not be in the sum, so
// an equation with one is not used.
func (in *Inference) disclosure(c *check, opts Options) {
	width := opts.width()
	eqs := in.equations()
	if len(eqs) == 0 {
		return
	}
	for _, ind := range in.counts {
		if !in.Data.Has(ind.Name) {
			continue
		}
		cells := make([]cell, len(in.Data.Rows))
		suppressed := make([]bool, len(in.Data.Rows))
		var secret []int
		for i := range cells {
			v, ok := in.value(i, ind)
			cells[i] = cell{known: ok, num: v.Num}
			if ok && in.rounded[ind] && isAggregate(in.Data, i) {
				cells[i].num.Lo, cells[i].num.Hi = v.Num.V-5, v.Num.V+5
			}
			if strings.EqualFold(v.Text, "c") {
				secret = append(secret, i)
				suppressed[i] = true
			}
		}
		if len(secret) == 0 {
			continue
		}
		isSecret := func(i int) bool { return suppressed[i] }
		// Each pass may learn from the last; a few are enough for the
		// chains a file's hierarchies and filters make.
		for pass, changed := 0, true; changed && pass < maxPasses; pass++ {
			changed = false
			for k := range eqs {
				if in.tighten(&eqs[k], cells, isSecret) {
					changed = true
				}
			}
		}
		for _, i := range secret {
			cl := cells[i]
			if !cl.known {
				c.pass()
				continue
			}
			if cl.num.Hi-cl.num.Lo >= width {
				c.pass()
				continue
			}
			in.discloses(c, ind, i, cl, cells, width)
		}
	}
}

// tighten works out each suppressed cell of equation e whose other
// cells are all known, published or worked out, and keeps what it learns
// when that is narrower than what was known of the cell. It reports
// whether it learnt anything.
func (in *Inference) tighten(e *equation, cells []cell, isSecret func(int) bool) bool {
	rows := append([]int{e.whole}, e.parts...)
	unknown := -1
	for _, i := range rows {
		switch {
		case !cells[i].known && isSecret(i):
			if unknown >= 0 {
				return false // two unknowns: nothing to learn
			}
			unknown = i
		case !cells[i].known:
			return false // x, z, u: not published, perhaps not in the sum
		}
	}
	learnt := false
	for _, target := range rows {
		if !isSecret(target) || unknown >= 0 && target != unknown {
			continue
		}
		sum := interval.Exact(0)
		for _, i := range e.parts {
			if i != target {
				sum = interval.Add(sum, cells[i].num)
			}
		}
		got := sum
		if target != e.whole {
			got = interval.Sub(cells[e.whole].num, sum)
		}
		c := &cells[target]
		if c.known {
			got.Lo, got.Hi = math.Max(got.Lo, c.num.Lo), math.Min(got.Hi, c.num.Hi)
			if got.Hi-got.Lo >= c.num.Hi-c.num.Lo-1e-9 {
				continue
			}
		}
		if got.Hi < math.Max(got.Lo, 0) {
			continue // the equation does not hold here
		}
		*c = cell{known: true, num: got, recovered: e}
		learnt = true
	}
	return learnt
}

// discloses reports suppressed cell i of ind, worked out as cl.
func (in *Inference) discloses(c *check, ind *Column, i int, cl cell, cells []cell, width float64) {
	e := cl.recovered
	var terms, values []string
	var figs []checker.FigureUse
	use := func(j int) {
		v, _ := in.value(j, ind)
		text := strings.TrimSpace(v.Text)
		name := e.rel.term(in.Data, j)
		if cells[j].recovered != nil {
			text += " (worked out)"
		}
		figs = append(figs, checker.FigureUse{
			Name: ind.Name, Text: text, Lo: math.Max(cells[j].num.Lo, 0), Hi: cells[j].num.Hi,
			Pos: in.Data.Pos(j, ind.Name), Column: ind.Name, Area: name,
		})
		n := cells[j].num
		n.Lo = math.Max(n.Lo, 0)
		values = append(values, trimNum(n))
		terms = append(terms, name)
	}
	var expr, comp string
	if i == e.whole {
		for _, j := range e.parts {
			use(j)
		}
		expr = "sum of " + strings.Join(terms, " + ")
		comp = strings.Join(values, " + ")
	} else {
		use(e.whole)
		for _, j := range e.parts {
			if j != i {
				use(j)
			}
		}
		expr = terms[0] + " − " + strings.Join(terms[1:], " − ")
		comp = values[0] + " − " + strings.Join(values[1:], " − ")
	}
	span := fmt.Sprintf("[%s, %s]", trim(math.Max(cl.num.Lo, 0)), trim(cl.num.Hi))
	comp += " = " + span
	c.fail(in.subject(i), in.Data.Pos(i, ind.Name), ind.Name+" = "+expr, comp,
		fmt.Sprintf("%s is suppressed (c) but %s gives it away: it lies in %s, narrower than %g; secondary suppression is missing", ind.Name, e.rel.title, span, width),
		figs...)
}

func trimNum(n interval.Num) string {
	if n.Lo == n.Hi {
		return trim(n.Lo)
	}
	return fmt.Sprintf("[%s, %s]", trim(n.Lo), trim(n.Hi))
}

func trim(f float64) string { return checker.FormatNumber(f) }
