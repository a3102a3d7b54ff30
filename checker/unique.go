package checker

import (
	"hash/maphash"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/figcheck/figcheck/internal/ir"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
)

// uniqueRule checks that no two rows of a dataset share a key: their values
// of some dimensions. Each row leaves only a 32-bit hash of its key and
// where it is (12 bytes); the rows whose hashes meet are read again and
// their keys compared as text, so a hash collision can never become a
// finding (among 10^7 keys some ten thousand pairs collide, and reading
// them again is cheap).
type uniqueRule struct {
	cr      *compiledRule
	dims    []int
	seed    maphash.Seed
	buckets [256][]keyRef // by the hash's top byte, so that each sorts on its own
}

// keyRef is a row's key hash and its place.
type keyRef struct {
	hash  uint32
	line  int32
	table int16 // in datasetRun.tables
}

func newUniqueRule(cr *compiledRule, ds *rules.Dataset) *uniqueRule {
	u := &uniqueRule{cr: cr, seed: maphash.MakeSeed()}
	for _, name := range cr.rule.Unique {
		u.dims = append(u.dims, ds.DimensionIndex(name))
	}
	return u
}

// key writes rec's key, its dimensions separated by a byte no text holds.
func (u *uniqueRule) key(b []byte, rec *record) []byte {
	for _, i := range u.dims {
		b = append(b, rec.dims[i]...)
		b = append(b, 0)
	}
	return b
}

// add notes rec's key; the row counts as a pass until finish finds it twice.
func (u *uniqueRule) add(w *worker, run *datasetRun, table int, rec *record, res *chunkResult, keys *[]keyRef) {
	if u.cr.when != nil {
		if reason := rec.missing(run.ds, u.cr.when.measures); reason != "" {
			res.add(outcome{rule: u.cr, verdict: Skipped, reason: reason})
			return
		}
		ok, problem := w.test(run, u.cr, u.cr.when, rec, nil)
		if problem != nil {
			res.problems = append(res.problems, problem)
		}
		if !ok {
			return
		}
	}
	w.key = u.key(w.key[:0], rec)
	*keys = append(*keys, keyRef{hash: uint32(maphash.Bytes(u.seed, w.key) >> 32), table: int16(table), line: int32(rec.line)})
	res.counts[u.cr.index][Pass]++
}

// reserve makes room in the buckets for about n more keys.
func (u *uniqueRule) reserve(n int) {
	per := n/len(u.buckets) + n/len(u.buckets)/8 + 16
	for i := range u.buckets {
		if cap(u.buckets[i])-len(u.buckets[i]) < per {
			u.buckets[i] = slices.Grow(u.buckets[i], per)
		}
	}
}

// merge files a chunk's keys into the buckets.
func (u *uniqueRule) merge(keys []keyRef) {
	for _, k := range keys {
		b := &u.buckets[k.hash>>24]
		*b = append(*b, k)
	}
}

// finish sorts the buckets on all cores and asks rr for the rows whose
// hashes meet; report then compares their keys as text.
func (u *uniqueRule) finish(rr *rereader) (report func()) {
	byKey := map[string][]position.Pos{}
	var order []string
	for _, k := range u.collisions() {
		rr.ask(rowRef{int32(k.table), k.line}, func(rec *record) {
			k := string(u.key(nil, rec))
			if byKey[k] == nil {
				order = append(order, k)
			}
			byKey[k] = append(byKey[k], position.Pos{File: rec.file, Line: rec.line})
		})
	}
	return func() {
		for _, k := range order {
			rows := byKey[k]
			if len(rows) < 2 {
				continue // a hash collision, not a duplicate
			}
			i := u.cr.index
			rr.run.acc.counts[i][Pass] -= len(rows)
			rr.run.acc.counts[i][Fail] += len(rows) - 1
			rr.run.acc.record(outcome{rule: u.cr, verdict: Fail, finding: u.explain(k, rows)}, 0)
		}
	}
}

// collisions returns the keys whose hash occurs more than once.
func (u *uniqueRule) collisions() []keyRef {
	var mu sync.Mutex
	var out []keyRef
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var scratch []keyRef
			for b := range next {
				bucket := u.buckets[b]
				scratch = slices.Grow(scratch[:0], len(bucket))
				sortByHash(bucket, scratch[:len(bucket)])
				var found []keyRef
				for i := 1; i < len(bucket); i++ {
					if bucket[i].hash == bucket[i-1].hash {
						if len(found) == 0 || found[len(found)-1] != bucket[i-1] {
							found = append(found, bucket[i-1])
						}
						found = append(found, bucket[i])
					}
				}
				mu.Lock()
				out = append(out, found...)
				mu.Unlock()
			}
		}()
	}
	for b := range u.buckets {
		next <- b
	}
	close(next)
	wg.Wait()
	return out
}

// sortByHash sorts keys by hash, keeping the order of equal hashes: a
// radix sort, one byte of the hash's low 24 bits a pass (the keys of a
// bucket share the top byte), through scratch, which is as long as keys.
// Comparison sorts took most of the time of this step on 10^7 rows.
func sortByHash(keys, scratch []keyRef) {
	src, dst := keys, scratch
	for shift := 0; shift < 24; shift += 8 {
		var start [257]int
		for _, k := range src {
			start[(k.hash>>shift)&0xff+1]++
		}
		for i := 1; i < len(start); i++ {
			start[i] += start[i-1]
		}
		for _, k := range src {
			d := (k.hash >> shift) & 0xff
			dst[start[d]] = k
			start[d]++
		}
		src, dst = dst, src
	}
	copy(keys, src)
}

func (u *uniqueRule) explain(key string, rows []position.Pos) *Finding {
	values := strings.Split(strings.TrimSuffix(key, "\x00"), "\x00")
	var shown []string
	for i, name := range u.cr.rule.Unique {
		shown = append(shown, name+" "+strconv.Quote(values[i]))
	}
	f := &Finding{
		Rule:        u.cr.rule,
		Verdict:     Fail,
		Subject:     strings.Join(values, ", "),
		Pos:         rows[1],
		Expr:        "unique(" + strings.Join(u.cr.rule.Unique, ", ") + ")",
		Computation: strings.Join(shown, ", ") + " on " + strconv.Itoa(len(rows)) + " rows",
	}
	for i, p := range rows {
		if i == MaxParts {
			break
		}
		f.Figures = append(f.Figures, FigureUse{Name: "row", Text: strings.Join(values, ", "), Pos: p})
	}
	f.Message = renderMessage(u.cr.message, f.Subject, func(ir.Ref) binding { return binding{} })
	return f
}
