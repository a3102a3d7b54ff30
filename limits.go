package figcheck

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/figcheck/figcheck/internal/size"
	"github.com/figcheck/figcheck/internal/yamlnode"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/tables"
)

// Limits are the bounds of one run on what its rule files, tables and
// figure sets may hold. The zero value is the defaults (rules.DefaultLimits,
// tables.DefaultLimits and DefaultFigureSetBytes); each can be raised by
// name, with --limit NAME=VALUE or under limits: in .figcheck.yaml.
type Limits struct {
	Rules  rules.Limits
	Tables tables.Limits
	// FigureSetBytes is the size of a figure set, and of any YAML or JSON
	// file read to tell what it is; 0 for DefaultFigureSetBytes.
	FigureSetBytes int
}

// DefaultFigureSetBytes is the default size of a figure set: far above a
// newsroom's batch of articles (a figure a line), far below what reading
// it whole would cost a machine.
const DefaultFigureSetBytes = 64 << 20

// figureSetBytes is the limit on a figure set's size.
func (l Limits) figureSetBytes() int {
	if l.FigureSetBytes == 0 {
		return DefaultFigureSetBytes
	}
	return l.FigureSetBytes
}

// readYAML reads a YAML or JSON input within the figure-set limit, or
// returns an error at the file that says why it cannot be read.
func (l Limits) readYAML(path string) ([]byte, error) {
	src, err := yamlnode.ReadSource(path, l.figureSetBytes())
	if errors.Is(err, yamlnode.ErrTooLarge) {
		err = fmt.Errorf("it is larger than %s, the most figcheck reads in a figure set or other YAML or JSON input; run with --limit figure-set-size=SIZE to raise it", size.Text(l.figureSetBytes()))
	}
	if err != nil {
		return nil, yamlnode.CannotRead(path, err)
	}
	return src, nil
}

// A limitName is one limit that can be set by name.
type limitName struct {
	name  string
	size  bool // a size in bytes (16MiB), not a count
	field func(*Limits) *int
}

// limitNames are the limits by name, in the order the README lists them.
var limitNames = []limitName{
	{"rule-file-size", true, func(l *Limits) *int { return &l.Rules.FileBytes }},
	{"rule-files", false, func(l *Limits) *int { return &l.Rules.Files }},
	{"rules", false, func(l *Limits) *int { return &l.Rules.Rules }},
	{"include-depth", false, func(l *Limits) *int { return &l.Rules.Depth }},
	{"rule-id-size", true, func(l *Limits) *int { return &l.Rules.IDBytes }},
	{"expression-nodes", false, func(l *Limits) *int { return &l.Rules.ExprNodes }},
	{"text-size", true, func(l *Limits) *int { return &l.Rules.TextBytes }},
	{"record-size", true, func(l *Limits) *int { return &l.Tables.RecordBytes }},
	{"columns", false, func(l *Limits) *int { return &l.Tables.Columns }},
	{"column-name-size", true, func(l *Limits) *int { return &l.Tables.NameBytes }},
	{"figure-set-size", true, func(l *Limits) *int { return &l.FigureSetBytes }},
}

// defaults are the limits of a run that sets none.
var defaults = Limits{Rules: rules.DefaultLimits, Tables: tables.DefaultLimits, FigureSetBytes: DefaultFigureSetBytes}

// LimitNames lists the limits that Set takes, each with its default.
func LimitNames() string {
	var names []string
	for _, n := range limitNames {
		v := *n.field(&defaults)
		def := strconv.Itoa(v)
		if n.size {
			def = strings.ReplaceAll(strings.TrimSuffix(size.Text(v), " bytes"), " ", "")
		}
		names = append(names, n.name+"="+def)
	}
	return strings.Join(names, ", ")
}

// Set sets the limit called name to value: a whole number above zero, or
// for a size, a number of bytes, KiB, MiB or GiB (16MiB).
func (l *Limits) Set(name, value string) error {
	n := limitByName(name)
	if n == nil {
		return fmt.Errorf("no limit is called %q: the limits are %s", name, LimitNames())
	}
	v, err := strconv.Atoi(strings.TrimSpace(value))
	if n.size {
		v, err = size.Parse(value)
	}
	if err != nil || v <= 0 {
		unit := "a whole number above 0"
		if n.size {
			unit = "a size above 0, in bytes, KiB, MiB or GiB, as in 4MiB"
		}
		return fmt.Errorf("limit %s=%s: give %s", name, value, unit)
	}
	*n.field(l) = v
	return nil
}

// limitByName returns the limit called name, or nil.
func limitByName(name string) *limitName {
	for i := range limitNames {
		if limitNames[i].name == name {
			return &limitNames[i]
		}
	}
	return nil
}

// SetText sets a limit written NAME=VALUE, as --limit takes it.
func (l *Limits) SetText(s string) error {
	name, value, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("--limit %s: write NAME=VALUE, as in --limit rules=20000; the limits are %s", s, LimitNames())
	}
	return l.Set(strings.TrimSpace(name), value)
}
