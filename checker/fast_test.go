package checker

import (
	"math/rand"
	"testing"

	"github.com/expr-lang/expr/vm"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/internal/ir"
	"github.com/figcheck/figcheck/interval"
	"github.com/figcheck/figcheck/rules"
)

// fastDataset is the dataset the fast-path tests compile against.
var fastDataset = &rules.Dataset{
	Dimensions: []rules.Column{{Name: "level"}, {Name: "code"}},
	Period:     "level",
	Measures:   []rules.Column{{Name: "a", Precision: figures.Step(0.1)}, {Name: "b"}, {Name: "c", Precision: figures.Exact}},
	Codes:      figures.DefaultCodes,
}

// fastExprs are expressions of every construct the fast path covers.
var fastExprs = []string{
	"a == b", "a != b", "a < b", "a <= b", "a > b", "a >= b",
	"a == 100 * b / c", "a == b + c - 1", "a * 2 == b / 0.5", "a == 100 * b / (b + c)", "a == b / (b + c) * 100", "c == 100 * b / (a + b)",
	"not (a == b)", "!(a < b) and b > 0", "a == b or b == c", "not (a == b or not (b < c))",
	"abs(a - b) <= 1.5", "min(a, b) == a", "max(a, b) >= c", "pct_change(a, b) == c",
	"-a == b", "let x = a * 2; x == b", "let d = level == \"x\" ? 254 : 253; a == b / d",
	"(a > 0 ? b : c) == 1", "(a > b ? a == c : b == c)",
	"b * b == (100 <= c ? 2.5 : 100)", "a == (c > 1 ? b : 100)", "(a > 0 ? 2 : 2.5) == 2", "-(c > 1 ? 2 : a) < b",
	"level in [\"x\", \"y\"] and a > 0", "not (level in [\"x\"])", "code matches \"^E[0-9]+$\"",
	"level == \"x\" or a == b", "level != code", "present(a) and present(b)", "not present(c) or c >= 0",
	"a == 0 and b != 0", "true and a >= b",
	"0.1 + 0.2 == 0.3 or a > 0", "1 < 1.0000000001 and a >= 0", "2 == 2.5 or b == c", "let k = 5; k == 5 and a == b",
	"code startsWith \"E1\"", "level endsWith \"y\" or code contains \"9\"", "not (code matches \"^E[0-9]$\")",
}

// TestFastPathAgreesWithExpr evaluates every expression on random rows
// both ways, lowered closures and expr's programs, as written and within
// rounding, and requires the same answer.
func TestFastPathAgreesWithExpr(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	texts := []string{"0", "1", "2", "2.5", "-1", "100", "0.1", "17.8", "17.9", "254", "x", "low", "3.33", "10.0"}
	for _, text := range fastExprs {
		cr := compileFast(t, text)
		for range 300 {
			values := []string{texts[rng.Intn(len(texts))], texts[rng.Intn(len(texts))], texts[rng.Intn(len(texts))]}
			dims := []string{[]string{"x", "y", "z"}[rng.Intn(3)], []string{"E123", "e1", "E9"}[rng.Intn(3)]}
			agree(t, cr, dims, values)
		}
	}
}

func compileFast(t testing.TB, text string) *compiledRule {
	t.Helper()
	sc := rowScope(fastDataset, true, false)
	e, tol := rules.Expr{Text: text}, interval.Tolerance{Abs: 0.01, Rel: 0.001}
	p, errs := compileExpr(e, sc, assertion, tol)
	if errs != nil {
		t.Fatalf("%s: %v", text, errs)
	}
	if p.fast == nil {
		t.Fatalf("%s has no fast path", text)
	}
	// and expr's programs, which the fast path does without, to compare
	w, errs := compileMode(e, sc, assertion, asWritten, tol)
	if errs == nil {
		p.written, errs = w.prog, p.compileRounding(e, sc, tol)
	}
	if errs != nil {
		t.Fatalf("%s: %v", text, errs)
	}
	return &compiledRule{rule: &rules.Rule{ID: "r", Dataset: fastDataset}, assert: p}
}

// agree checks one row, returning false when the row cannot be evaluated
// (a needed figure is not a number).
func agree(t testing.TB, cr *compiledRule, dims, values []string) bool {
	t.Helper()
	rec := newRecord(2, 3)
	copy(rec.dims, dims)
	for i, v := range values {
		val, err := figures.Parse(v, fastDataset.Measures[i].Precision)
		if err != nil {
			return false
		}
		rec.texts[i] = v
		switch val.Status {
		case figures.Number:
			rec.set(i, cellNumber, val.Num)
		default:
			rec.set(i, cellSuppressed, Num{})
		}
	}
	run := &datasetRun{ds: fastDataset, period: -1}
	ev := evaluation{rule: cr, lookup: run.lookup(rec, nil), env: map[string]any{}, vm: &vm.VM{}}
	if rec.missing(fastDataset, cr.assert.measures) != "" || ev.bind(cr.assert) != "" {
		return false
	}
	for _, m := range []struct {
		name string
		prog *vm.Program
		fast boolFn
	}{{"as written", cr.assert.written, cr.assert.fast.written}, {"within rounding", cr.assert.rounding, cr.assert.fast.rounding}} {
		want, problem := ev.decide(m.prog)
		if problem != nil {
			t.Fatalf("%s: %v", cr.assert.text, problem)
		}
		if got := m.fast.on(&batch{}, rec); got != want {
			t.Errorf("%s %s on %v %v: fast path %v, expr %v", cr.assert.text, m.name, dims, values, got, want)
		}
	}
	return true
}

// FuzzFastPath compares the two evaluations on fuzzed values.
func FuzzFastPath(f *testing.F) {
	f.Add(0, "1.5", "2", "3", "x", "E12")
	f.Add(3, "low", "0", "-0.05", "y", "")
	f.Add(6, "17.8", "17.9", "0", "z", "E1")
	compiled := map[int]*compiledRule{}
	f.Fuzz(func(t *testing.T, i int, a, b, c, level, code string) {
		i = ((i % len(fastExprs)) + len(fastExprs)) % len(fastExprs)
		cr, ok := compiled[i]
		if !ok {
			cr = compileFast(t, fastExprs[i])
			compiled[i] = cr
		}
		agree(t, cr, []string{level, code}, []string{a, b, c})
	})
}

// TestLowerRefuses: what the fast path does not cover goes to expr.
func TestLowerRefuses(t *testing.T) {
	sc := rowScope(fastDataset, true, false)
	for _, text := range []string{"code matches level", "(a > 0 ? 2 : 3) * 5 == b"} {
		p, errs := compileExpr(rules.Expr{Text: text}, sc, assertion, interval.Tolerance{})
		if errs != nil {
			t.Fatalf("%s: %v", text, errs)
		}
		if p.fast != nil {
			t.Errorf("%s was lowered", text)
		}
	}
}

// TestFastPathBatch: an expression evaluated over a batch of rows gives
// each row the answer it gets alone (which TestFastPathAgreesWithExpr holds
// to expr), in both modes, with let slots and scratch reused across calls.
func TestFastPathBatch(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	texts := []string{"0", "1", "2", "2.5", "-1", "100", "0.1", "17.8", "17.9", "x", "low", "3.33", ""}
	recs := make([]*record, batchRows)
	for i := range recs {
		recs[i] = newRecord(2, 3)
		recs[i].dims[0] = []string{"x", "y", "z"}[rng.Intn(3)]
		recs[i].dims[1] = []string{"E123", "e1", "E9"}[rng.Intn(3)]
		for m := range 3 {
			v := texts[rng.Intn(len(texts))]
			n, status, err := fastDataset.Codes.ParseNum(v, fastDataset.Measures[m].Precision)
			switch {
			case err != nil:
				recs[i].set(m, cellUnreadable, Num{})
			case status != figures.Number:
				recs[i].set(m, cellSuppressed, Num{})
			default:
				recs[i].set(m, cellNumber, n)
			}
		}
	}
	var b, one batch
	for _, text := range fastExprs {
		cr := compileFast(t, text)
		for _, n := range []int{batchRows, 1, 37} {
			for _, m := range []struct {
				name string
				f    boolFn
			}{{"as written", cr.assert.fast.written}, {"within rounding", cr.assert.fast.rounding}} {
				b.rows = recs[:n]
				out := make([]bool, n)
				m.f(&b, out)
				for i, rec := range recs[:n] {
					if want := m.f.on(&one, rec); out[i] != want {
						t.Errorf("%s %s, row %d of %d: batch %v, alone %v", text, m.name, i, n, out[i], want)
					}
				}
			}
		}
	}
}

// BenchmarkFastPath decides a rate rule for a row that holds as written:
// by the fast path over a batch of rows and for one row alone, and by
// expr's VM; ns/op is per row.
func BenchmarkFastPath(b *testing.B) {
	cr := compileFast(b, "a == 100 * b / (b + c)")
	rec := newRecord(2, 3)
	for i, v := range []string{"17.9", "1234.5", "5678"} {
		val, _ := figures.Parse(v, fastDataset.Measures[i].Precision)
		rec.set(i, cellNumber, val.Num)
		rec.texts[i] = v
	}
	b.Run("batch", func(b *testing.B) {
		bt := &batch{rows: make([]*record, batchRows)}
		for i := range bt.rows {
			bt.rows[i] = rec
		}
		out := make([]bool, batchRows)
		for i := 0; i < b.N; i += batchRows {
			cr.assert.fast.written(bt, out)
			if !out[0] {
				b.Fatal("the row does not hold")
			}
		}
	})
	b.Run("row", func(b *testing.B) {
		var bt batch
		for range b.N {
			if !cr.assert.fast.written.on(&bt, rec) {
				b.Fatal("the row does not hold")
			}
		}
	})
	b.Run("expr", func(b *testing.B) {
		run := &datasetRun{ds: fastDataset, period: -1}
		ev := evaluation{rule: cr, lookup: run.lookup(rec, nil), env: map[string]any{}, vm: &vm.VM{}}
		for range b.N {
			ev.bind(cr.assert)
			if ok, _ := ev.decide(cr.assert.written); !ok {
				b.Fatal("the row does not hold")
			}
		}
	})
}

// fuzzFigures are the figure sets FuzzCompile compiles against.
var fuzzFigures, _ = newFigureIndex([]*figures.Set{{Name: "s", Figures: []figures.Figure{{Name: "a"}, {Name: "b"}}}})

// FuzzCompile compiles any expression as a rule over a table and over
// figures: it must give a program or positioned errors, never panic, and a
// program must evaluate without panicking.
func FuzzCompile(f *testing.F) {
	for _, e := range fastExprs {
		f.Add(e)
	}
	for _, e := range []string{"prev.a == a", "sum(parts.a) == a", "count(parts) > 1", "a ==", "(((", "a b c",
		"let x = 1; let y = x; y == a", "[1, 2][a]", "a in b", "not", "a == 1 ? 2 : \"x\"", "present(zz)", "1/0 == a"} {
		f.Add(e)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, sc := range []*scope{rowScope(fastDataset, true, false), rowScope(fastDataset, false, true), fuzzFigures.scope()} {
			p, errs := compileExpr(rules.Expr{Text: text}, sc, assertion, interval.Tolerance{})
			if errs != nil {
				for _, e := range errs {
					if e.Msg == "" {
						t.Fatalf("%q: an error without a message", text)
					}
				}
				continue
			}
			cr := &compiledRule{rule: &rules.Rule{ID: "r", Dataset: sc.dataset}, assert: p}
			rec := newRecord(2, 3)
			for i := range rec.nums {
				rec.set(i, cellNumber, interval.Figure(2, 1.95, 2.05))
				rec.texts[i] = "2"
			}
			lookup := func(r ir.Ref) binding {
				switch r.Type() {
				case ir.Text:
					return binding{value: "x"}
				case ir.Bool:
					return binding{value: true}
				}
				return binding{value: interval.Figure(2, 1.95, 2.05), use: FigureUse{Name: r.String(), Text: "2"}}
			}
			ev := evaluation{rule: cr, lookup: lookup, env: map[string]any{}, vm: &vm.VM{}, one: &batch{}, rec: rec}
			ev.run()
			if p.fast != nil {
				p.fast.written.on(&batch{}, rec)
				p.fast.rounding.on(&batch{}, rec)
			}
		}
	})
}
