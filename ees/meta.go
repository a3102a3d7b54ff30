// Package ees reads the metadata files of "explore education statistics"
// (EES), the Department for Education's publishing service, and turns a
// data file and its metadata into figcheck rules: the structural checks of
// the EES standard, sums over the geography hierarchy and each filter's
// levels, percentages against their counts, and a check that suppressed
// cells cannot be recovered from the published figures.
package ees

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/figcheck/figcheck/internal/size"
	"github.com/figcheck/figcheck/position"
)

// Column is one row of a metadata file: a filter or an indicator of the
// data file.
type Column struct {
	Name     string // col_name: the data file's header
	Filter   bool   // col_type Filter; otherwise Indicator
	Label    string
	Grouping string // indicator_grouping
	Unit     string // indicator_unit: "", "%", "£", "£m", "pp"
	// DP is indicator_dp, the decimal places an indicator is published
	// to, or -1 when the metadata does not say.
	DP             int
	Hint           string // filter_hint
	GroupingColumn string // filter_grouping_column
	// Default is filter_default, the level EES shows first in place of
	// Total, or "".
	Default string
	Pos     position.Pos
}

// Meta is a metadata file.
type Meta struct {
	Path    string
	Columns []Column
}

// Column returns the column called name, or nil.
func (m *Meta) Column(name string) *Column {
	for i := range m.Columns {
		if m.Columns[i].Name == name {
			return &m.Columns[i]
		}
	}
	return nil
}

// Filters returns the filter columns, in the metadata's order.
func (m *Meta) Filters() []*Column { return m.kind(true) }

// Indicators returns the indicator columns, in the metadata's order.
func (m *Meta) Indicators() []*Column { return m.kind(false) }

func (m *Meta) kind(filter bool) []*Column {
	var out []*Column
	for i := range m.Columns {
		if m.Columns[i].Filter == filter {
			out = append(out, &m.Columns[i])
		}
	}
	return out
}

// The metadata's columns: the first three are required.
var metaHeaders = []string{"col_name", "col_type", "label", "indicator_grouping", "indicator_unit", "indicator_dp", "filter_hint", "filter_grouping_column", "filter_default"}

// Units are the indicator units EES accepts.
var Units = []string{"", "%", "£", "£m", "pp"}

var colNameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// MetaPath returns the metadata file that EES keeps beside a data file:
// data.meta.csv for data.csv (or data.csv.gz).
func MetaPath(data string) string {
	return strings.TrimSuffix(strings.TrimSuffix(data, ".gz"), ".csv") + ".meta.csv"
}

// DataPath returns the data file whose metadata is at meta: data.csv for
// data.meta.csv.
func DataPath(meta string) string {
	return strings.TrimSuffix(meta, ".meta.csv") + ".csv"
}

// IsMeta reports whether a file's name is that of a metadata file.
func IsMeta(path string) bool { return strings.HasSuffix(strings.ToLower(path), ".meta.csv") }

// unwrapPath returns the reason of a file error without the path, which
// the message gives already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// DefaultMetaBytes is the default limit on the size of a metadata file:
// one row for each of a table's most columns is far less.
const DefaultMetaBytes = 16 << 20

// LoadMeta reads the metadata file at path: a regular file of at most max
// bytes (0 for DefaultMetaBytes).
func LoadMeta(path string, max int) (*Meta, error) {
	if max == 0 {
		max = DefaultMetaBytes
	}
	// A pipe or a device could block or never end: refuse them before
	// opening.
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		what := "a folder"
		if !info.IsDir() {
			what = "not a regular file (" + info.Mode().Type().String() + ")"
		}
		return nil, position.Errorf(position.Pos{File: path}, "this is %s, not an EES metadata file: name data.meta.csv", what)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("figcheck: cannot read the EES metadata %s: %w; an EES data file data.csv needs data.meta.csv beside it, or --meta", path, unwrapPath(err))
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("figcheck: cannot read the EES metadata %s: %w", path, unwrapPath(err))
	case len(src) > max:
		return nil, position.Errorf(position.Pos{File: path}, "the metadata is larger than %s, the most figcheck reads in an EES metadata file: is this one? If it is, run with --limit metadata-size=SIZE to raise it", size.Text(max))
	}
	return ReadMeta(path, src)
}

// ReadMeta reads a metadata file from src, and returns every mistake in it
// as position.Errors: a missing or unknown header, a col_type that is not
// Filter or Indicator, a label missing, a unit or decimal places on a
// filter, a filter's hint on an indicator, a unit EES does not know,
// decimal places that are not a whole number, a name used twice.
func ReadMeta(path string, src []byte) (*Meta, error) {
	m := &Meta{Path: path}
	var errs position.Errors
	if !utf8.Valid(src) {
		return nil, position.Errorf(position.Pos{File: path}, "the metadata is not UTF-8 text: save it as UTF-8")
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(src, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = errors.New("the file is empty: a metadata file starts with the header col_name,col_type,label,…")
		}
		return nil, csvError(path, err)
	}
	at := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		pos := position.Pos{File: path, Line: 1, Col: fieldCol(r, i)}
		switch {
		case indexOf(metaHeaders, h) < 0:
			errs.Add(pos, "unknown column %q: a metadata file has the columns %s", h, strings.Join(metaHeaders, ", "))
		case at[h] > 0:
			errs.Add(pos, "column %s appears twice", h)
		default:
			at[h] = i + 1
		}
	}
	for _, h := range metaHeaders[:3] {
		if at[h] == 0 {
			errs.Add(position.Pos{File: path, Line: 1}, "the header has no %s column, which every metadata file needs", h)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	seen := map[string]position.Pos{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs.Append(csvError(path, err))
			break
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		field := func(name string) (string, position.Pos) {
			i := at[name] - 1
			pos := position.Pos{File: path, Line: line}
			if i < 0 || i >= len(rec) {
				return "", pos
			}
			pos.Col = fieldCol(r, i)
			return strings.TrimSpace(rec[i]), pos
		}
		c := Column{DP: -1, Pos: position.Pos{File: path, Line: line}}
		var pos position.Pos
		c.Name, pos = field("col_name")
		c.Pos = pos
		switch {
		case c.Name == "":
			errs.Add(pos, "col_name is empty: name the data file's column")
		case !colNameRE.MatchString(c.Name):
			errs.Add(pos, "col_name %q: EES column names are letters, digits and underscores, starting with a letter", c.Name)
		case indexOf(standardColumns(), c.Name) >= 0:
			errs.Add(pos, "col_name %s is one of the EES time or geography columns, which the metadata does not list", c.Name)
		case seen[c.Name].Line > 0:
			errs.Add(pos, "col_name %s is listed twice (first on line %d)", c.Name, seen[c.Name].Line)
		}
		seen[c.Name] = pos
		typ, pos := field("col_type")
		switch typ {
		case "Filter":
			c.Filter = true
		case "Indicator":
		default:
			errs.Add(pos, "col_type %q: write Filter or Indicator", typ)
		}
		if c.Label, pos = field("label"); c.Label == "" {
			errs.Add(pos, "the label of %s is empty: EES shows it to users", c.Name)
		}
		c.Grouping, _ = field("indicator_grouping")
		c.Unit, pos = field("indicator_unit")
		if indexOf(Units, c.Unit) < 0 {
			errs.Add(pos, "indicator_unit %q is not one EES knows: leave it empty or write %%, £, £m or pp", c.Unit)
		}
		dp, dpPos := field("indicator_dp")
		if dp != "" {
			n, err := strconv.Atoi(dp)
			if err != nil || n < 0 {
				errs.Add(dpPos, "indicator_dp %q: write the number of decimal places, such as 0 or 1", dp)
			} else {
				c.DP = n
			}
		}
		c.Hint, _ = field("filter_hint")
		var gpos position.Pos
		c.GroupingColumn, gpos = field("filter_grouping_column")
		c.Default, _ = field("filter_default")
		if c.Filter {
			if c.Unit != "" || dp != "" || c.Grouping != "" {
				errs.Add(c.Pos, "filter %s has an indicator_unit, indicator_dp or indicator_grouping, which only indicators have", c.Name)
			}
		} else if c.Hint != "" || c.GroupingColumn != "" || c.Default != "" {
			errs.Add(c.Pos, "indicator %s has a filter_hint, filter_grouping_column or filter_default, which only filters have", c.Name)
		}
		if c.GroupingColumn != "" && !colNameRE.MatchString(c.GroupingColumn) {
			errs.Add(gpos, "filter_grouping_column %q is not a column name", c.GroupingColumn)
		}
		m.Columns = append(m.Columns, c)
	}
	if len(m.Columns) == 0 && len(errs) == 0 {
		errs.Add(position.Pos{File: path, Line: 1}, "the metadata lists no columns: write a row for each filter and indicator of the data file")
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return m, nil
}

// fieldCol is the column of field i of the record just read, or 0.
func fieldCol(r *csv.Reader, i int) int {
	_, col := r.FieldPos(i)
	return col
}

// csvError positions an error of encoding/csv.
func csvError(path string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return position.Errorf(position.Pos{File: path, Line: pe.Line, Col: pe.Column}, "%v", pe.Err)
	}
	return position.Errorf(position.Pos{File: path}, "%v", err)
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
