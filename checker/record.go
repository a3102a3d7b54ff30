package checker

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/tables"
)

// record is one row of a table as rules see it: its dimensions as text and
// the measures in use read with their rounding. While a chunk is checked its
// strings share the chunk's memory; clone keeps a record beyond that.
type record struct {
	file  string
	line  int
	dims  []string    // by dataset dimension
	nums  []Num       // by dataset measure
	state []cellState // by dataset measure; set changes it
	gaps  int         // how many measures are not numbers
	texts []string    // by dataset measure, as written
	lines []int       // by dataset measure, for long tables; else nil
	cols  []int       // by dataset measure, the byte column of CSV cells; else nil
}

func newRecord(dims, measures int) *record {
	return &record{
		dims:  make([]string, dims),
		nums:  make([]Num, measures),
		state: make([]cellState, measures),
		texts: make([]string, measures),
	}
}

// clone copies the record out of its chunk's memory.
func (r *record) clone() *record {
	c := *r
	c.dims = cloneStrings(r.dims)
	c.texts = cloneStrings(r.texts)
	c.nums = append([]Num(nil), r.nums...)
	c.state = append([]cellState(nil), r.state...)
	c.lines = append([]int(nil), r.lines...)
	c.cols = append([]int(nil), r.cols...)
	return &c
}

func cloneStrings(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = strings.Clone(s)
	}
	return out
}

// plan says where the dimensions and measures of a dataset are in one table.
type plan struct {
	run     *datasetRun
	table   *tables.Table
	index   int   // in run.tables
	dimCol  []int // table column of each dimension, -1 if absent
	measCol []int // table column of each measure read, -1 otherwise
	allCol  []int // table column of each measure, -1 if absent
	broken  bool  // the check stopped at a broken row, and said so
	// decimalComma says that the table's cells are CSV text with decimal
	// commas (NDJSON numbers and Parquet values have decimal points).
	decimalComma bool
}

// everyMeasure returns p reading every measure the table has, not only
// those in use: for comparing the statements of a row read again.
func (p *plan) everyMeasure() *plan {
	all := *p
	all.measCol = p.allCol
	return &all
}

// read fills rec from a row of the table, reading the measures in use.
// A cell that is neither a number nor a suppression code is a problem.
func (p *plan) read(row *tables.Row, rec *record, problem func(*position.Error)) {
	ds := p.run.ds
	rec.file, rec.line = p.table.Path, row.Line
	for i, c := range p.dimCol {
		if c >= 0 {
			rec.dims[i] = row.Fields[c]
		}
	}
	rec.lines = resize(rec.lines, len(p.measCol), row.Lines != nil)
	rec.cols = resize(rec.cols, len(p.measCol), row.Cols != nil)
	for i, c := range p.measCol {
		if c < 0 {
			continue
		}
		if row.Lines != nil {
			rec.lines[i] = row.Lines[c]
		}
		if row.Cols != nil {
			rec.cols[i] = row.Cols[c]
		}
		text := row.Fields[c]
		rec.texts[i] = text
		if p.decimalComma {
			text = pointDecimal(text)
		}
		n, status, err := ds.Codes.ParseNum(text, ds.Measures[i].Precision)
		switch {
		case err != nil:
			if p.decimalComma { // say what the cell holds, not what it was read as
				err = fmt.Errorf("cannot read %s as a number with a decimal comma and points between thousands, as in 1.234,5", figures.Quote(rec.texts[i]))
			}
			rec.set(i, cellUnreadable, Num{})
			problem(position.Errorf(rec.cellPos(i), "column %s: %v; correct the cell, or use a suppression code (%s)",
				ds.Measures[i].HeaderText(), err, codeList(ds.Codes)))
		case status == figures.Suppressed:
			rec.set(i, cellSuppressed, Num{})
		case status == figures.Missing:
			rec.set(i, cellMissing, Num{})
		default:
			rec.set(i, cellNumber, n)
		}
	}
}

// pointDecimal writes a number written with a decimal comma (1.234,5) with
// a decimal point (1,234.5), as figures reads numbers.
func pointDecimal(text string) string {
	if !strings.ContainsAny(text, ".,") {
		return text
	}
	b := []byte(text)
	for i, c := range b {
		switch c {
		case '.':
			b[i] = ','
		case ',':
			b[i] = '.'
		}
	}
	return string(b)
}

// set gives measure i its state and value.
func (r *record) set(i int, s cellState, n Num) {
	if r.state[i] != cellNumber {
		r.gaps--
	}
	if s != cellNumber {
		r.gaps++
	}
	r.state[i], r.nums[i] = s, n
}

// resize returns s with length n if want, else empty, reusing its memory.
func resize(s []int, n int, want bool) []int {
	switch {
	case !want:
		return s[:0]
	case cap(s) >= n:
		return s[:n]
	default:
		return make([]int, n)
	}
}

// cellPos is where measure i of the record is in its file.
func (r *record) cellPos(i int) position.Pos {
	p := position.Pos{File: r.file, Line: r.line}
	if len(r.lines) > i {
		p.Line = r.lines[i]
	}
	if len(r.cols) > i {
		p.Col = r.cols[i]
	}
	return p
}

// usable reports whether all the measures are numbers.
func (r *record) usable(measures []int) bool {
	if r.gaps == 0 {
		return true
	}
	for _, i := range measures {
		if r.state[i] != cellNumber {
			return false
		}
	}
	return true
}

// missing returns why one of the measures cannot be used, or "".
func (r *record) missing(ds *rules.Dataset, measures []int) string {
	for _, i := range measures {
		if r.state[i] != cellNumber {
			return r.reason(ds, i)
		}
	}
	return ""
}

// reason says why measure i cannot be used.
func (r *record) reason(ds *rules.Dataset, i int) string {
	name := ds.Measures[i].Name
	switch {
	case r.state[i] == cellUnreadable:
		return name + " is not a number"
	case r.state[i] == cellMissing && strings.TrimSpace(r.texts[i]) != "":
		return fmt.Sprintf("%s is missing (%s)", name, r.texts[i])
	default:
		return suppressed(name, r.texts[i])
	}
}

// measure binds measure i of the record for an evaluation.
func (r *record) measure(ds *rules.Dataset, i int) binding {
	name := ds.Measures[i].Name
	use := FigureUse{Name: name, Text: r.texts[i], Lo: r.nums[i].Lo, Hi: r.nums[i].Hi, Pos: r.cellPos(i), Column: ds.Measures[i].HeaderText()}
	if r.state[i] != cellNumber {
		return binding{reason: r.reason(ds, i), use: use}
	}
	return binding{value: r.nums[i], use: use}
}

// subject names the record for people: its area and period and the
// dataset's other identity dimensions, as in "North East, 2022" or "North
// East, 2022, Female", or its line.
func (r *record) subject(run *datasetRun) string {
	var parts []string
	for _, a := range run.area {
		if v := r.dims[a]; v != "" {
			parts = append(parts, v)
			break
		}
	}
	if run.period >= 0 {
		parts = append(parts, r.dims[run.period])
	}
	for _, i := range run.identity { // a breakdown: Female, Total
		if v := r.dims[i]; v != "" {
			parts = append(parts, v)
		}
	}
	if len(parts) == 0 {
		return "line " + strconv.Itoa(r.line)
	}
	return strings.Join(parts, ", ")
}

func codeList(codes figures.Codes) string {
	var list []string
	for c := range codes {
		list = append(list, c)
	}
	sort.Strings(list)
	return strings.Join(list, ", ")
}

// suppressed is the reason a figure that is not a number cannot be used.
func suppressed(name, text string) string {
	if strings.TrimSpace(text) == "" {
		return fmt.Sprintf("%s is empty", name)
	}
	return fmt.Sprintf("%s is suppressed (%s)", name, text)
}
