// Package rules reads figcheck's YAML rule files: the invariants that
// published figures must satisfy, and the shape of the tables they apply to.
// A rule set is validated completely, every mistake reported with its file
// position, before any figure is read. Write writes a set as a rule file,
// each field in one form, for the commands that work rules out.
package rules

import (
	"fmt"
	"strings"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/interval"
	"github.com/figcheck/figcheck/position"
)

// Severity says how much a failed rule matters.
type Severity int

// The severities, from least to most severe.
const (
	Info Severity = iota
	Warning
	Error
)

var severityNames = []string{"info", "warning", "error"}

// String returns the severity as a rule file writes it.
func (s Severity) String() string { return severityNames[s] }

// ParseSeverity reads "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	for i, name := range severityNames {
		if s == name {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("severity %q is not one of %s", s, strings.Join(severityNames, ", "))
}

// Rule is one invariant.
type Rule struct {
	ID          string
	Title       string
	Description string
	Severity    Severity
	Pos         position.Pos // the rule's id

	// Assert is the relation that must hold. It is empty for a SameFigure rule.
	Assert Expr
	// When limits the rule to the rows for which it is true (tables only).
	When Expr
	// Tolerance is slack on top of rounding for every comparison in Assert.
	Tolerance interval.Tolerance
	// Message is a template for the finding: {name} is replaced by the
	// figure or column called name as written.
	Message    string
	MessagePos position.Pos
	// Group makes the rule compare a whole with its parts (tables only).
	Group *Group
	// SameFigure makes the rule compare every two figures that share a
	// measure, period and area, across all inputs.
	SameFigure bool
	// Unique makes the rule require that no two rows share the values of
	// these dimensions (tables only).
	Unique    []string
	UniquePos []position.Pos

	// Dataset is the table the rule applies to, or nil for a rule over the
	// named figures of figure sets.
	Dataset *Dataset
}

// Group says which rows are parts and which the whole, and how they are
// matched. In the rule's expressions, plain names refer to the whole row and
// sum(parts.x), min(parts.x), max(parts.x) and count(parts) to the parts.
type Group struct {
	// By are the parts' columns whose values match a part with its whole,
	// and WholeBy the whole's, one to one: the same columns, or (for a
	// hierarchy by code) a part's parent_code matched with a whole's code.
	By, WholeBy       []string
	ByPos, WholeByPos []position.Pos
	Parts             Expr // which rows are parts
	Whole             Expr // which rows are wholes
}

// Dataset describes a table that rules apply to: which columns are
// dimensions (text that places a row) and which are measures (figures).
type Dataset struct {
	Pos        position.Pos
	Dimensions []Column
	Measures   []Column
	// Period is the dimension that orders rows in time: prev.x is the
	// measure x of the row with the same other dimensions and the previous
	// period.
	Period string
	// Area names the row for people: the first of these dimensions that is
	// not empty.
	Area []string
	// Identity are the dimensions besides period and area that identify a
	// figure for same_figure rules: a breakdown such as sex, so that the
	// figures for men and women are not taken for one figure stated twice.
	Identity []string
	// Codes are the suppression codes and the markers of missing cells in
	// measure cells.
	Codes figures.Codes
	// Delimiter separates the fields of the dataset's CSV tables: ',', ';'
	// or '\t', or 0 to sniff it from each table's header line.
	Delimiter byte
	// DecimalComma says that measures in CSV tables are written with a
	// decimal comma and points between thousands: 1.234,5.
	DecimalComma bool
	// Table is the table or view, name or schema.name, that holds the
	// dataset's rows in an SQL engine; "" when none is named.
	Table string
}

// Column is a dimension or measure of a dataset.
type Column struct {
	Name      string // as rules name it
	Header    string // the header text of its column in tables, when it is not Name
	Precision figures.Precision
	// Blame is the cost of blaming a measure's figure for a failure, for
	// finding which figures are wrong: 0 means 1; a figure worked out from
	// others (a rate) can be made cheaper to blame than a count.
	Blame float64
	Pos   position.Pos
}

// HeaderText returns the header text of the column in tables.
func (c *Column) HeaderText() string {
	if c.Header != "" {
		return c.Header
	}
	return c.Name
}

// Measure returns the measure called name, or nil.
func (d *Dataset) Measure(name string) *Column { return findColumn(d.Measures, name) }

// Dimension returns the dimension called name, or nil.
func (d *Dataset) Dimension(name string) *Column { return findColumn(d.Dimensions, name) }

// DimensionIndex returns the index of the dimension called name in
// Dimensions, or -1.
func (d *Dataset) DimensionIndex(name string) int { return columnIndex(d.Dimensions, name) }

// MeasureIndex returns the index of the measure called name in Measures,
// or -1.
func (d *Dataset) MeasureIndex(name string) int { return columnIndex(d.Measures, name) }

func columnIndex(cols []Column, name string) int {
	for i := range cols {
		if cols[i].Name == name {
			return i
		}
	}
	return -1
}

func findColumn(cols []Column, name string) *Column {
	if i := columnIndex(cols, name); i >= 0 {
		return &cols[i]
	}
	return nil
}

// Set is the rules of one run, from one or more files and their includes.
type Set struct {
	Rules    []*Rule
	Datasets []*Dataset
	Files    []string // every rule file read, in order
	// Rates and Aliases say how articles write measures: the rates whose
	// definitions are standard, and the words that name a measure.
	Rates   []Rate
	Aliases []Alias
	// Limits are the limits the rules were read within, which bound
	// their expressions too; zero for a set made in code.
	Limits Limits
}

// Lookup returns the rule with the given id, or nil.
func (s *Set) Lookup(id string) *Rule {
	for _, r := range s.Rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}
