// Package dfa matches regular expressions through a deterministic
// automaton over ASCII bytes, built once when the expression is compiled.
//
// Rules check codes and periods with patterns such as ^E(92|12|06)[0-9]{6}$
// on every row of a table. Go's regexp package simulates the expression's
// program for each value, which costs several times more than following
// one table entry a byte. A Matcher gives the same answers as
// regexp.MatchString: values that are empty or not ASCII, and expressions
// that need more than a few hundred states or look at word boundaries or
// line ends, are left to regexp.
package dfa

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
)

// maxStates and maxInsts bound the automaton and the work of building it:
// an expression that needs more is matched by regexp, so that a
// pathological pattern costs neither memory nor time to compile.
const (
	maxStates = 256
	maxInsts  = 300
)

// Matcher reports whether a string holds a match of a regular expression.
// It is safe for concurrent use.
type Matcher struct {
	re     *regexp.Regexp
	states []state // nil: every value goes to re
}

// state is a set of positions in the expression's program that a prefix of
// the value can reach.
type state struct {
	next    [128]int32 // by byte; -1 where no match can follow
	matched bool       // a match has been seen: the answer is yes
	atEnd   bool       // a match ends here if the value does
}

// New returns a Matcher for re.
func New(re *regexp.Regexp) *Matcher {
	m := &Matcher{re: re}
	parsed, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return m
	}
	prog, err := syntax.Compile(parsed.Simplify())
	if err != nil || len(prog.Inst) > maxInsts || !supported(prog) {
		return m
	}
	m.states = build(prog)
	return m
}

// MatchString reports whether s contains a match of the expression, as
// regexp's MatchString does.
func (m *Matcher) MatchString(s string) bool {
	if m.states == nil || s == "" {
		return m.re.MatchString(s)
	}
	st := &m.states[0]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return m.re.MatchString(s)
		}
		if st.matched {
			return true
		}
		next := st.next[c]
		if next < 0 {
			// No match is under way and none can start later, whatever
			// the bytes that follow.
			return false
		}
		st = &m.states[next]
	}
	return st.matched || st.atEnd
}

// supported reports whether every instruction of prog is one the automaton
// follows: no word boundaries and no line ends in multi-line mode.
func supported(prog *syntax.Prog) bool {
	for _, inst := range prog.Inst {
		if inst.Op == syntax.InstEmptyWidth && syntax.EmptyOp(inst.Arg)&^(syntax.EmptyBeginText|syntax.EmptyEndText) != 0 {
			return false
		}
	}
	return true
}

// build makes the automaton by subset construction, or returns nil when it
// would need more than maxStates states.
func build(prog *syntax.Prog) []state {
	b := &builder{prog: prog, index: map[string]int32{}, seen: make([]uint32, len(prog.Inst))}
	// Matches may start anywhere: every position adds the program's start,
	// with the beginning of the text only at the first.
	b.mid = b.closure([]uint32{uint32(prog.Start)}, 0)
	first := b.closure([]uint32{uint32(prog.Start)}, syntax.EmptyBeginText)
	b.add(first)
	for i := 0; i < len(b.sets); i++ {
		set := b.sets[i]
		for c := range 128 {
			var moved []uint32
			for _, pc := range set {
				inst := &prog.Inst[pc]
				if matchesByte(inst, byte(c)) {
					moved = append(moved, inst.Out)
				}
			}
			next := b.closure(moved, 0)
			next = union(next, b.mid)
			if !b.alive(next) {
				b.states[i].next[c] = -1
				continue
			}
			id, ok := b.add(next)
			if !ok {
				return nil
			}
			b.states[i].next[c] = id
		}
	}
	return b.states
}

type builder struct {
	prog   *syntax.Prog
	mid    []uint32 // the start's closure past the first byte
	sets   [][]uint32
	states []state
	index  map[string]int32
	seen   []uint32 // by instruction: the closure that last visited it
	visit  uint32   // the current closure
}

// add returns the state of set, making it if it is new; false when there
// would be too many.
func (b *builder) add(set []uint32) (int32, bool) {
	key := setKey(set)
	if id, ok := b.index[key]; ok {
		return id, true
	}
	if len(b.states) == maxStates {
		return 0, false
	}
	id := int32(len(b.states))
	b.index[key] = id
	b.sets = append(b.sets, set)
	st := state{}
	for _, pc := range set {
		if b.prog.Inst[pc].Op == syntax.InstMatch {
			st.matched = true
		}
	}
	for _, pc := range b.closure(set, syntax.EmptyEndText) {
		if b.prog.Inst[pc].Op == syntax.InstMatch {
			st.atEnd = true
		}
	}
	b.states = append(b.states, st)
	return id, true
}

// alive reports whether a match can still come from set: it has a match, or
// an instruction that reads a byte or may hold at the end.
func (b *builder) alive(set []uint32) bool {
	for _, pc := range set {
		switch op := b.prog.Inst[pc].Op; {
		case op == syntax.InstMatch || isRune(op):
			return true
		case op == syntax.InstEmptyWidth && syntax.EmptyOp(b.prog.Inst[pc].Arg)&syntax.EmptyBeginText == 0:
			return true
		}
	}
	return false
}

// closure returns the instructions reachable from pcs without reading a
// byte, where the empty-width conditions in flags hold: those that read a
// byte, matches, and empty-width checks that do not hold here.
func (b *builder) closure(pcs []uint32, flags syntax.EmptyOp) []uint32 {
	b.visit++
	var out []uint32
	var visit func(pc uint32)
	visit = func(pc uint32) {
		if b.seen[pc] == b.visit {
			return
		}
		b.seen[pc] = b.visit
		inst := &b.prog.Inst[pc]
		switch inst.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			visit(inst.Out)
			visit(inst.Arg)
		case syntax.InstCapture, syntax.InstNop:
			visit(inst.Out)
		case syntax.InstEmptyWidth:
			if syntax.EmptyOp(inst.Arg)&^flags == 0 {
				visit(inst.Out)
			} else {
				out = append(out, pc)
			}
		case syntax.InstFail:
		default: // a byte reader or a match
			out = append(out, pc)
		}
	}
	for _, pc := range pcs {
		visit(pc)
	}
	slices.Sort(out)
	return out
}

// matchesByte reports whether inst reads the ASCII byte c.
func matchesByte(inst *syntax.Inst, c byte) bool {
	switch inst.Op {
	case syntax.InstRune, syntax.InstRune1:
		return inst.MatchRune(rune(c))
	case syntax.InstRuneAny:
		return true
	case syntax.InstRuneAnyNotNL:
		return c != '\n'
	}
	return false
}

func isRune(op syntax.InstOp) bool {
	switch op {
	case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
		return true
	}
	return false
}

// union merges two sorted sets.
func union(a, b []uint32) []uint32 {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

func setKey(set []uint32) string {
	var sb strings.Builder
	for _, pc := range set {
		sb.WriteString(strconv.FormatUint(uint64(pc), 36))
		sb.WriteByte(',')
	}
	return sb.String()
}
