// Package ir is the typed form of a rule expression that every evaluator
// of figcheck consumes: a tree of references to figures, constants,
// operations on intervals and plain numbers, and comparisons that carry the
// polarity that decides how rounding is allowed for. It is lowered once
// from expr's type-checked tree, where every such decision is already an
// explicit call, so that no back end infers types or polarity again.
package ir

import (
	"regexp"

	"github.com/figcheck/figcheck/interval"
)

// Type is the type of a node's value.
type Type uint8

// The types of rule expressions.
const (
	Figure Type = iota // a number with the interval its rounding allows
	Number             // a plain number, as literals and counts are
	Text               // a dimension or a string literal
	Bool               // a condition
)

// RefKind is what a reference points at.
type RefKind uint8

// The kinds of reference.
const (
	Value     RefKind = iota // a figure of a figure set, or a measure of the row
	Dimension                // a dimension of the row: text
	Prev                     // the measure in the row of the previous period
	Aggregate                // sum, min or max of a measure over a group's parts
	Count                    // how many parts a group has
	Present                  // whether a figure or measure is a number: a condition
	List                     // sum, min, max or count of a figure set's list of figures
)

// Agg is the function of an aggregate over a group's parts.
type Agg uint8

// The aggregates over a group's parts.
const (
	Sum Agg = iota + 1
	Min
	Max
	HowMany // how many figures a list holds
)

func (a Agg) String() string { return [...]string{"", "sum", "min", "max", "count"}[a] }

// Ref is a typed reference to a value the rule reads. It is the identity
// of what a rule reads everywhere in figcheck: evaluators bind refs, not
// names.
type Ref struct {
	Kind RefKind
	Name string // the figure, measure, dimension or list; empty for Count
	Agg  Agg    // for Aggregate and List
	Set  string // for a figure named with its figure set, as in draft.fte_2024
}

// String writes the reference as a rule writes it: inpost_fte,
// prev.inpost_fte, sum(parts.inpost_fte), count(parts), present(x),
// draft.fte_2024, sum(regions).
func (r Ref) String() string {
	name := r.Name
	if r.Set != "" {
		name = r.Set + "." + r.Name
	}
	switch r.Kind {
	case Prev:
		return "prev." + name
	case Aggregate:
		return r.Agg.String() + "(parts." + name + ")"
	case Count:
		return "count(parts)"
	case Present:
		return "present(" + name + ")"
	case List:
		return r.Agg.String() + "(" + name + ")"
	}
	return name
}

// Type is the type of the value the reference stands for.
func (r Ref) Type() Type {
	switch r.Kind {
	case Dimension:
		return Text
	case Present:
		return Bool
	}
	return Figure
}

// Node is a node of the tree.
type Node interface {
	// Type is the type of the node's value.
	Type() Type
}

// ArithOp is an arithmetic operator.
type ArithOp uint8

// The arithmetic operators.
const (
	Add ArithOp = iota
	Sub
	Mul
	Div
)

// Func is a function on figures.
type Func uint8

// The functions on figures.
const (
	Abs Func = iota
	Neg
	MinOf
	MaxOf
	PctChange // the change in per cent
	PPChange  // the change in percentage points
	Ratio     // how many times the first the second is
)

// Polarity is whether a comparison of figures counts for or against its
// rule: under an odd number of negations "could it hold" becomes "must it
// hold"; Mixed is neither (the condition of a ?:, an argument), decided
// on the values as written, exactly.
type Polarity uint8

// The polarities of comparisons.
const (
	Positive Polarity = iota
	Negative
	Mixed
)

// TextOp is a test on text.
type TextOp uint8

// The tests on text.
const (
	TextEq TextOp = iota
	TextNe
	In
	Matches
	StartsWith
	EndsWith
	Contains
)

// LogicOp joins two conditions.
type LogicOp uint8

// The logical operators.
const (
	And LogicOp = iota
	Or
)

type (
	// RefNode reads a reference.
	RefNode struct{ Ref Ref }
	// Const is a literal: a Number (float64), Text or Bool; an exact
	// Figure where a literal meets a figure.
	Const struct {
		T    Type
		Num  float64
		Str  string
		Bool bool
	}
	// Arith is arithmetic: on figures (intervals) when T is Figure, on
	// plain numbers when T is Number.
	Arith struct {
		Op   ArithOp
		L, R Node
		T    Type
	}
	// Call is a function on figures.
	Call struct {
		Fn   Func
		Args []Node
	}
	// ToFigure makes a plain number an exact figure.
	ToFigure struct{ X Node }
	// Compare compares two figures, as its polarity and the question
	// asked (as written, or within rounding) decide, with the rule's
	// tolerance.
	Compare struct {
		Op   interval.Op
		Pol  Polarity
		L, R Node
	}
	// PlainCompare compares two plain numbers exactly, as Go does.
	PlainCompare struct {
		Op   interval.Op
		L, R Node
	}
	// TextTest is a test on text: equality, membership in a set of
	// literals, a regular expression, or a prefix, suffix or substring.
	TextTest struct {
		Op      TextOp
		L, R    Node           // R is nil for In and Matches
		Set     []string       // for In
		Pattern *regexp.Regexp // for Matches
	}
	// Logic is and or or; both sides are evaluated.
	Logic struct {
		Op   LogicOp
		L, R Node
	}
	// Not negates a condition.
	Not struct{ X Node }
	// Cond is C ? A : B.
	Cond struct{ C, A, B Node }
	// Let binds Value to a slot for Body: let name = value; body.
	Let struct {
		Name        string
		Slot        int
		Value, Body Node
	}
	// Var reads the slot of a let.
	Var struct {
		Name string
		Slot int
		T    Type
	}
)

// Type implements Node.
func (n *RefNode) Type() Type      { return n.Ref.Type() }
func (n *Const) Type() Type        { return n.T }
func (n *Arith) Type() Type        { return n.T }
func (n *Call) Type() Type         { return Figure }
func (n *ToFigure) Type() Type     { return Figure }
func (n *Compare) Type() Type      { return Bool }
func (n *PlainCompare) Type() Type { return Bool }
func (n *TextTest) Type() Type     { return Bool }
func (n *Logic) Type() Type        { return Bool }
func (n *Not) Type() Type          { return Bool }
func (n *Cond) Type() Type         { return n.A.Type() }
func (n *Let) Type() Type          { return n.Body.Type() }
func (n *Var) Type() Type          { return n.T }

// Refs returns the references n reads, each once, in the order they are
// met.
func Refs(n Node) []Ref {
	var out []Ref
	seen := map[Ref]bool{}
	Walk(n, func(n Node) {
		if r, ok := n.(*RefNode); ok && !seen[r.Ref] {
			seen[r.Ref] = true
			out = append(out, r.Ref)
		}
	})
	return out
}

// Walk calls fn for n and every node below it, parents first.
func Walk(n Node, fn func(Node)) {
	fn(n)
	for _, c := range children(n) {
		Walk(c, fn)
	}
}

func children(n Node) []Node {
	switch n := n.(type) {
	case *Arith:
		return []Node{n.L, n.R}
	case *Call:
		return n.Args
	case *ToFigure:
		return []Node{n.X}
	case *Compare:
		return []Node{n.L, n.R}
	case *PlainCompare:
		return []Node{n.L, n.R}
	case *TextTest:
		if n.R == nil {
			return []Node{n.L}
		}
		return []Node{n.L, n.R}
	case *Logic:
		return []Node{n.L, n.R}
	case *Not:
		return []Node{n.X}
	case *Cond:
		return []Node{n.C, n.A, n.B}
	case *Let:
		return []Node{n.Value, n.Body}
	}
	return nil
}

// Top is a comparison at the top of an assertion, joined to the rest by
// and, perhaps inside the body of lets: the comparisons a failure can be
// blamed on. Lets are the lets around it, outermost first.
type Top struct {
	Index int  // among the comparisons at the top, in the order written
	Cmp   Node // a *Compare or a *PlainCompare
	Lets  []*Let
}

// Sides returns the two sides of the comparison.
func (t Top) Sides() (l, r Node) {
	switch c := t.Cmp.(type) {
	case *Compare:
		return c.L, c.R
	case *PlainCompare:
		return c.L, c.R
	}
	return nil, nil
}

// Tops returns the comparisons at the top of an assertion. Index counts
// every comparison at the top, of text and conditions too, so that it
// matches the order of the comparisons as written.
func Tops(n Node) []Top {
	var out []Top
	index := 0
	var walk func(n Node, lets []*Let)
	walk = func(n Node, lets []*Let) {
		switch n := n.(type) {
		case *Let:
			walk(n.Body, append(lets[:len(lets):len(lets)], n))
		case *Logic:
			if n.Op == And {
				walk(n.L, lets)
				walk(n.R, lets)
			}
		case *Compare, *PlainCompare:
			out = append(out, Top{Index: index, Cmp: n, Lets: lets})
			index++
		case *TextTest:
			if n.Op == TextEq || n.Op == TextNe {
				index++
			}
		}
	}
	walk(n, nil)
	return out
}

// Rename returns a copy of n that reads to(r) wherever n reads r.
func Rename(n Node, to func(Ref) Ref) Node {
	re := func(n Node) Node { return Rename(n, to) }
	switch n := n.(type) {
	case *RefNode:
		return &RefNode{Ref: to(n.Ref)}
	case *Arith:
		return &Arith{Op: n.Op, L: re(n.L), R: re(n.R), T: n.T}
	case *Call:
		args := make([]Node, len(n.Args))
		for i, a := range n.Args {
			args[i] = re(a)
		}
		return &Call{Fn: n.Fn, Args: args}
	case *ToFigure:
		return &ToFigure{X: re(n.X)}
	case *Compare:
		return &Compare{Op: n.Op, Pol: n.Pol, L: re(n.L), R: re(n.R)}
	case *PlainCompare:
		return &PlainCompare{Op: n.Op, L: re(n.L), R: re(n.R)}
	case *TextTest:
		c := *n
		c.L = re(n.L)
		if n.R != nil {
			c.R = re(n.R)
		}
		return &c
	case *Logic:
		return &Logic{Op: n.Op, L: re(n.L), R: re(n.R)}
	case *Not:
		return &Not{X: re(n.X)}
	case *Cond:
		return &Cond{C: re(n.C), A: re(n.A), B: re(n.B)}
	case *Let:
		return &Let{Name: n.Name, Slot: n.Slot, Value: re(n.Value), Body: re(n.Body)}
	}
	return n // Const and Var read no reference and are never changed
}
