package checker

import (
	"context"
	"fmt"

	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/tables"
)

// rereader reads again, in one pass per table, the rows that rules asked
// for after the tables were read: the parts of failing groups, the rows
// whose keys may repeat.
type rereader struct {
	run  *datasetRun
	want map[rowRef][]func(*record)
	all  bool // read every measure, not only those in use
}

func (rr *rereader) ask(ref rowRef, fn func(*record)) {
	rr.want[ref] = append(rr.want[ref], fn)
}

// read reads the rows asked for, in file order: the chunks are split on
// workers goroutines, and the rows asked for handed over on this one. It
// returns an error only when ctx ends or figcheck itself fails.
func (rr *rereader) read(ctx context.Context, workers int) error {
	run := rr.run
	for ti, p := range run.tables {
		if rr.all {
			p = p.everyMeasure()
		}
		lines := map[int]bool{}
		for ref := range rr.want {
			if int(ref.table) == ti {
				lines[int(ref.line)] = true
			}
		}
		if len(lines) == 0 {
			continue
		}
		type picked struct {
			recs []*record
			err  error
		}
		type splitter struct {
			rows []tables.Row
			rec  *record
		}
		newSplitter := func() *splitter {
			return &splitter{rec: newRecord(len(run.ds.Dimensions), len(run.ds.Measures))}
		}
		pick := func(s *splitter, ch *tables.Chunk) (out picked) {
			defer func() {
				if r := recover(); r != nil {
					out = picked{err: internalError{fmt.Sprintf("reading %s again failed: %v", ch.Path(), r)}}
				}
			}()
			s.rows, out.err = ch.RowsOn(lines, s.rows)
			for i := range s.rows {
				p.read(&s.rows[i], s.rec, func(*position.Error) {})
				out.recs = append(out.recs, s.rec.clone())
			}
			return out
		}
		var err error
		readErr := inOrder(ctx, p.table, 0, workers, newSplitter, pick, func(pc picked) bool {
			for _, rec := range pc.recs {
				for _, fn := range rr.want[rowRef{int32(ti), int32(rec.line)}] {
					fn(rec)
				}
			}
			err = pc.err
			return err == nil
		})
		if err == nil {
			err = readErr
		}
		switch err.(type) {
		case nil:
		case internalError:
			return err
		default:
			if !p.broken { // else the check has reported this row
				run.acc.problem(asProblem(p.table.Path, err))
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}
