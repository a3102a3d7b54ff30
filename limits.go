package figcheck

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/figcheck/figcheck/internal/size"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/tables"
)

// Limits are the bounds of one run on what its rule files and tables may
// hold. The zero value is the defaults (rules.DefaultLimits and
// tables.DefaultLimits); each can be raised by name, with --limit
// NAME=VALUE or under limits: in .figcheck.yaml.
type Limits struct {
	Rules  rules.Limits
	Tables tables.Limits
}

// A limitName is one limit that can be set by name.
type limitName struct {
	name  string
	size  bool // a size in bytes (16MiB), not a count
	field func(*Limits) *int
	def   int
	doc   string
}

// limitNames are the limits by name, in the order the README lists them.
var limitNames = []limitName{
	{"rule-file-size", true, func(l *Limits) *int { return &l.Rules.FileBytes }, rules.DefaultLimits.FileBytes, "the size of a rule file"},
	{"rule-files", false, func(l *Limits) *int { return &l.Rules.Files }, rules.DefaultLimits.Files, "rule files read, includes counted"},
	{"rules", false, func(l *Limits) *int { return &l.Rules.Rules }, rules.DefaultLimits.Rules, "rules in all files"},
	{"include-depth", false, func(l *Limits) *int { return &l.Rules.Depth }, rules.DefaultLimits.Depth, "includes within includes"},
	{"rule-id-size", true, func(l *Limits) *int { return &l.Rules.IDBytes }, rules.DefaultLimits.IDBytes, "the length of a rule id"},
	{"expression-nodes", false, func(l *Limits) *int { return &l.Rules.ExprNodes }, rules.DefaultLimits.ExprNodes, "nodes in one expression"},
	{"text-size", true, func(l *Limits) *int { return &l.Rules.TextBytes }, rules.DefaultLimits.TextBytes, "one quoted text in an expression"},
	{"record-size", true, func(l *Limits) *int { return &l.Tables.RecordBytes }, tables.DefaultLimits.RecordBytes, "one record of a CSV or NDJSON table, decompressed"},
	{"columns", false, func(l *Limits) *int { return &l.Tables.Columns }, tables.DefaultLimits.Columns, "columns of a table"},
	{"column-name-size", true, func(l *Limits) *int { return &l.Tables.NameBytes }, tables.DefaultLimits.NameBytes, "the name of a column"},
}

// LimitNames lists the limits that Set takes, each with its default.
func LimitNames() string {
	var names []string
	for _, n := range limitNames {
		def := strconv.Itoa(n.def)
		if n.size {
			def = strings.ReplaceAll(strings.TrimSuffix(size.Text(n.def), " bytes"), " ", "")
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
