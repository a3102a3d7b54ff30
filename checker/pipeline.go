package checker

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/expr-lang/expr/vm"

	"github.com/figcheck/figcheck/internal/yamlnode"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/tables"
)

// Options tune a check; the zero value is a sensible default.
type Options struct {
	// Workers is the number of goroutines checking rows; 0 means GOMAXPROCS.
	Workers int
	// MaxFindings caps the findings listed per rule; the rest are counted
	// in RuleResult.Hidden. 0 (or less) means no cap.
	MaxFindings int
	// ChunkSize is the number of bytes of a table checked as one piece;
	// 0 means tables.DefaultChunkSize.
	ChunkSize int
	// Progress, if set, is called from time to time with the rows read so far.
	Progress func(rows int64)
}

// chunkResult is what checking one chunk adds to the result, merged in
// chunk order so that the result does not depend on scheduling.
type chunkResult struct {
	seq      int
	err      error
	rows     int
	bytes    int         // of the chunk's text
	counts   []Counts    // of every verdict but Fail, by rule
	skips    []skipCount // reasons for Skipped
	fails    []outcome   // failures, explained unless their findings are full
	problems []*position.Error
	plans    []planResult
}

type skipCount struct {
	rule   int
	reason string
}

// planResult is a chunk's contribution to the whole-table rules of one dataset.
type planResult struct {
	groups  []*groupPartial // by group rule
	keys    [][]keyRef      // by unique rule
	history []*record
	same    []sameKey
}

// checkTables checks every table against the datasets it fits, on all cores.
func (c *Checker) checkTables(ctx context.Context, tabs []*tables.Table, opts Options, acc *accumulator, same *sameFigures) error {
	var runs []*datasetRun
	for _, ds := range c.datasets {
		runs = append(runs, newDatasetRun(c, ds, acc, same))
	}
	base := 0
	var rows int64
	for _, t := range tabs {
		acc.inputs = append(acc.inputs, t.Path)
		var plans []*plan
		var misfits []string
		for _, run := range runs {
			p, need := run.plan(t)
			if p == nil {
				misfits = append(misfits, fmt.Sprintf("rules in %s need %s", run.ds.Pos.File, need))
				continue
			}
			plans = append(plans, p)
		}
		if len(plans) == 0 {
			pos := position.Pos{File: t.Path, Line: 1}
			if len(misfits) == 0 {
				acc.problem(position.Errorf(pos, "no rule file describes this table: give a rule file with a dataset that names its columns"))
			} else {
				acc.problem(position.Errorf(pos, "the table does not fit the rules: %s", strings.Join(misfits, "; ")))
			}
			continue
		}
		undeclared(t, plans, acc)
		before := rows
		n, err := c.stream(ctx, t, plans, opts, base, acc, &rows)
		if err != nil {
			return err
		}
		if rows == before && !plans[0].broken {
			acc.problem(position.Errorf(position.Pos{File: t.Path, Line: 1}, "the table has a header but no rows: nothing in it was checked"))
		}
		base += n
	}
	for _, run := range runs {
		if err := run.finish(ctx, opts.Workers); err != nil {
			return err
		}
		run.locate(opts.Workers)
	}
	return nil
}

// undeclared reports the measures of a long table that no dataset the
// table fits declares: a misspelt measure would otherwise go unchecked.
func undeclared(t *tables.Table, plans []*plan, acc *accumulator) {
	var names []string
	for name := range t.LongMeasures() {
		names = append(names, name)
	}
	sort.Strings(names)
	var known []string
	for _, p := range plans {
		for _, m := range p.run.ds.Measures {
			known = append(known, m.Name)
		}
	}
	for _, name := range names {
		declared := false
		for _, p := range plans {
			declared = declared || p.run.ds.Measure(name) != nil || p.run.ds.Dimension(name) != nil
		}
		if !declared {
			acc.problem(position.Errorf(t.LongMeasures()[name], "measure %s is not declared in the dataset%s: declare it under measures:, or correct the name", name, yamlnode.Suggest(name, known)))
		}
	}
}

// stream reads table t in chunks, checks them on opts.Workers goroutines
// and merges their results in order. It returns the number of chunks
// merged.
func (c *Checker) stream(ctx context.Context, t *tables.Table, plans []*plan, opts Options, base int, acc *accumulator, rows *int64) (int, error) {
	merged, stopped := 0, false
	var internal error
	newWorker := func() *worker { return &worker{env: map[string]any{}, recs: map[*plan][]*record{}} }
	process := func(w *worker, ch *tables.Chunk) *chunkResult { return w.safeProcess(ch, plans, base, acc) }
	readErr := inOrder(ctx, t, opts.ChunkSize, opts.Workers, newWorker, process, func(r *chunkResult) bool {
		merged++
		if ie, ok := r.err.(internalError); ok {
			internal, stopped = ie, true
			return false
		}
		if merged == 1 && r.rows > 0 && r.bytes > 0 {
			reserve(t, plans, r.bytes/r.rows)
		}
		mergeChunk(r, plans, acc)
		if r.err != nil {
			// What follows a broken row cannot be trusted: stop there.
			p := asProblem(t.Path, r.err)
			p.Msg += "; the rest of the table was not checked"
			acc.problem(p)
			for _, pl := range plans {
				pl.broken = true
			}
			stopped = true
			return false
		}
		*rows += int64(r.rows)
		if opts.Progress != nil {
			opts.Progress(*rows)
		}
		return true
	})
	if internal != nil {
		return 0, internal
	}
	if err := ctx.Err(); err != nil { // the caller cancelled
		return 0, err
	}
	if readErr != nil && !stopped {
		acc.problem(asProblem(t.Path, readErr))
	}
	return merged, nil
}

// inOrder reads table t in chunks of about size bytes (0: the default),
// has them processed on workers goroutines (0: GOMAXPROCS), each with its
// own state from newState, and merges the results in chunk order on the
// calling goroutine, so that nothing depends on scheduling. Once merge
// returns false or ctx ends, nothing more is merged; otherwise inOrder
// returns the error that stopped the reading, if any. No goroutine
// outlives it, even if merge panics.
func inOrder[S, R any](ctx context.Context, t *tables.Table, size, workers int, newState func() S, process func(S, *tables.Chunk) R, merge func(R) bool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if size <= 0 {
		size = tables.DefaultChunkSize
	}
	type result struct {
		seq int
		r   R
	}
	chunks := make(chan *tables.Chunk, workers)
	results := make(chan result, workers)
	var readErr error
	go func() {
		defer close(chunks)
		readErr = t.Chunks(size, func(ch *tables.Chunk) error {
			select {
			case chunks <- ch:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			state := newState()
			for ch := range chunks {
				select {
				case results <- result{ch.Seq, process(state, ch)}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	pending := map[int]R{}
	next, stopped := 0, false
	for res := range results { // read to the end, so that no goroutine is left waiting
		pending[res.seq] = res.r
		for r, ok := pending[next]; ok && !stopped && ctx.Err() == nil; r, ok = pending[next] {
			delete(pending, next)
			next++
			if !merge(r) {
				stopped = true
				cancel()
			}
		}
	}
	if stopped || ctx.Err() != nil {
		return nil
	}
	return readErr
}

// reserve makes room for the keys of unique rules from the first chunk's
// bytes per row and the file's size, so that the buckets are not grown
// (and copied) as rows come in.
func reserve(t *tables.Table, plans []*plan, bytesPerRow int) {
	info, err := os.Stat(t.Path)
	if err != nil || strings.HasSuffix(t.Path, ".gz") || bytesPerRow == 0 {
		return
	}
	rows := int(info.Size()/int64(bytesPerRow)) + 1
	for _, p := range plans {
		for _, u := range p.run.uniques {
			u.reserve(rows + rows/50)
		}
	}
}

// asProblem turns a reading error into a problem with a position.
func asProblem(path string, err error) *position.Error {
	if se, ok := err.(*position.Error); ok {
		return se
	}
	return position.Errorf(position.Pos{File: path}, "%v", err)
}

// internalError is a failure of figcheck itself while checking a chunk.
type internalError struct{ msg string }

func (e internalError) Error() string { return e.msg }

// safeProcess is process, turning a panic into an internal error so that no
// input can crash the process from a worker goroutine.
func (w *worker) safeProcess(ch *tables.Chunk, plans []*plan, base int, acc *accumulator) (res *chunkResult) {
	defer func() {
		if r := recover(); r != nil {
			res = &chunkResult{seq: base + ch.Seq, err: internalError{fmt.Sprintf("checking %s failed: %v", ch.Path(), r)}}
		}
	}()
	return w.process(ch, plans, base, acc)
}

// process checks one chunk against every plan: row rules now, and what the
// whole-table rules need kept.
func (w *worker) process(ch *tables.Chunk, plans []*plan, base int, acc *accumulator) *chunkResult {
	res := &chunkResult{seq: base + ch.Seq, counts: make([]Counts, len(acc.rules)), plans: make([]planResult, len(plans))}
	rows, err := ch.Rows(w.rows)
	if !ch.TableRows() {
		w.rows = rows // the worker's own buffer, split from the chunk
	}
	defer w.release()
	res.err = err // the rows before a broken one are still checked
	res.rows, res.bytes = len(rows), ch.Bytes()
	for pi, p := range plans {
		run := p.run
		pr := &res.plans[pi]
		for range run.groups {
			pr.groups = append(pr.groups, &groupPartial{groups: map[string]*group{}})
		}
		pr.keys = make([][]keyRef, len(run.uniques))
		for start := 0; start < len(rows); start += batchRows {
			w.checkBatch(p, rows[start:min(start+batchRows, len(rows))], res, pr)
		}
	}
	return res
}

// checkBatch checks up to batchRows rows of a chunk against a plan: first
// each row rule as written over the whole batch, by the fast path, then row
// by row what did not pass that way, and the whole-table rules.
func (w *worker) checkBatch(p *plan, rows []tables.Row, res *chunkResult, pr *planResult) {
	run := p.run
	recs := w.records(p)[:len(rows)]
	// Problems found for the whole batch at once wait for their row's turn,
	// so that they come in the order a row-by-row check finds them.
	onRead, inFilters := w.onRead[:len(recs)], w.inFilters[:len(recs)]
	row := 0
	hold := func(e *position.Error) { onRead[row] = append(onRead[row], e) }
	for i := range rows {
		row = i
		p.read(&rows[i], recs[i], hold)
	}
	pass, parts, wholes := flags(&w.passed, len(run.rows)), flags(&w.parts, len(run.groups)), flags(&w.wholes, len(run.groups))
	w.batch.rows = recs
	for k, cr := range run.rows {
		if f := cr.assert.fast; f != nil && cr.when == nil {
			f.written(&w.batch, pass[k][:len(recs)])
		}
	}
	for gi, g := range run.groups {
		w.filter(run, g.cr, g.cr.parts, recs, parts[gi], inFilters)
		w.filter(run, g.cr, g.cr.whole, recs, wholes[gi], inFilters)
	}
	w.batch.rows = nil
	// Most rows pass as written: count them without an outcome. The others
	// are decided row by row below, rules in order. A row whose figures
	// are not all numbers was evaluated on zeros, and is decided again.
	decide := w.decide[:len(recs)]
	clear(decide)
	for k, cr := range run.rows {
		fast, passed := cr.assert.fast != nil && cr.when == nil, 0
		for i, rec := range recs {
			if fast && pass[k][i] && rec.usable(cr.assert.measures) {
				passed++
			} else {
				pass[k][i], decide[i] = false, true
			}
		}
		res.counts[cr.index][Pass] += passed
	}
	for i, rec := range recs {
		res.problems = append(res.problems, onRead[i]...)
		if decide[i] {
			for k, cr := range run.rows {
				if !pass[k][i] {
					res.add(w.evaluate(run, cr, rec, nil, res.seq))
				}
			}
		}
		res.problems = append(res.problems, inFilters[i]...)
		onRead[i], inFilters[i] = onRead[i][:0], inFilters[i][:0]
		for gi, g := range run.groups {
			g.add(run, w, p.index, rec, pr.groups[gi], parts[gi][i], wholes[gi][i], res)
		}
		for ui, u := range run.uniques {
			u.add(w, run, p.index, rec, res, &pr.keys[ui])
		}
		if len(run.prevs) > 0 {
			pr.history = append(pr.history, rec.clone())
		}
		if run.same != nil {
			pr.same = run.same.note(w, run, p.index, rec, pr.same)
		}
	}
}

// flags returns n vectors of batchRows flags from *v, adding what it lacks.
func flags(v *[][]bool, n int) [][]bool {
	for len(*v) < n {
		*v = append(*v, make([]bool, batchRows))
	}
	return (*v)[:n]
}

// filter decides a filter of rule cr (parts, whole) as written for each
// record of the worker's batch, into out, adding each row's problems to
// its entry in held.
func (w *worker) filter(run *datasetRun, cr *compiledRule, p *program, recs []*record, out []bool, held [][]*position.Error) {
	if p.fast == nil {
		for i, rec := range recs {
			ok, prob := w.test(run, cr, p, rec, nil)
			if prob != nil {
				held[i] = append(held[i], prob)
			}
			out[i] = ok
		}
		return
	}
	p.fast.written(&w.batch, out[:len(recs)])
	for i, rec := range recs {
		// A filter that needs a missing figure does not choose the row.
		out[i] = out[i] && rec.usable(p.measures)
	}
}

// records returns the worker's batch of records for plan p.
func (w *worker) records(p *plan) []*record {
	recs := w.recs[p]
	if recs == nil {
		recs = make([]*record, batchRows)
		for i := range recs {
			recs[i] = newRecord(len(p.run.ds.Dimensions), len(p.run.ds.Measures))
		}
		w.recs[p] = recs
	}
	return recs
}

// release drops the worker's references into the chunk it checked, so
// that the chunk's memory can be freed while the worker waits for the next.
func (w *worker) release() {
	clear(w.env)
	w.vm = vm.VM{} // its stack holds the last values it saw
	rows := w.rows[:cap(w.rows)]
	for i := range rows {
		clear(rows[i].Fields[:cap(rows[i].Fields)])
	}
	for _, recs := range w.recs {
		for _, rec := range recs {
			clear(rec.dims)
			clear(rec.texts)
		}
	}
}

// add counts an outcome of the chunk.
func (res *chunkResult) add(o outcome) {
	if o.problem != nil {
		res.problems = append(res.problems, o.problem)
	}
	switch o.verdict {
	case notApplicable:
	case Fail:
		res.fails = append(res.fails, o)
	case Skipped:
		res.counts[o.rule.index][Skipped]++
		res.skips = append(res.skips, skipCount{o.rule.index, o.reason})
	default:
		res.counts[o.rule.index][o.verdict]++
	}
}

// mergeChunk adds a chunk's result to the accumulator and the datasets'
// whole-table state.
func mergeChunk(r *chunkResult, plans []*plan, acc *accumulator) {
	for i, c := range r.counts {
		acc.counts[i].Add(c)
	}
	for _, s := range r.skips {
		acc.skips[s.rule][s.reason]++
	}
	for _, o := range r.fails {
		acc.record(o, r.seq)
	}
	for _, p := range r.problems {
		acc.problem(p)
	}
	for pi, p := range plans {
		pr := r.plans[pi]
		for gi, g := range p.run.groups {
			g.merge(pr.groups[gi])
		}
		for ui, u := range p.run.uniques {
			u.merge(pr.keys[ui])
		}
		p.run.history = append(p.run.history, pr.history...)
		if p.run.same != nil {
			p.run.same.merge(pr.same)
		}
	}
}
