package figcheck

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/figcheck/figcheck/accept"
	"github.com/figcheck/figcheck/ees"
	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/internal/size"
	"github.com/figcheck/figcheck/internal/yamlnode"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/tables"
)

// Limits are the bounds of one run on what its inputs may hold: rule
// files, tables, figure sets, articles, EES metadata, waiver files and
// baselines. The zero value is the defaults (rules.DefaultLimits,
// tables.DefaultLimits, DefaultFigureSetBytes, DefaultArticleBytes,
// ees.DefaultMetaBytes, accept.DefaultWaiverBytes and
// accept.DefaultBaselineBytes); each can be
// raised by name, with --limit NAME=VALUE or under limits: in
// .figcheck.yaml.
type Limits struct {
	Rules  rules.Limits
	Tables tables.Limits
	// FigureSetBytes is the size of a figure set, and of any YAML or JSON
	// file read to tell what it is; 0 for DefaultFigureSetBytes.
	FigureSetBytes int
	// ArticleBytes is the size of an article file (a feed is one file);
	// 0 for DefaultArticleBytes.
	ArticleBytes int
	// MetaBytes is the size of an EES metadata file, WaiverBytes of a
	// waiver file and BaselineBytes of a baseline; 0 for their defaults.
	MetaBytes, WaiverBytes, BaselineBytes int
}

// DefaultFigureSetBytes is the default size of a figure set: far above a
// newsroom's batch of articles (a figure a line), far below what reading
// it whole would cost a machine.
const DefaultFigureSetBytes = 64 << 20

// DefaultArticleBytes is the default size of an article: news pages and
// feeds run to a few megabytes at most, HTML and all.
const DefaultArticleBytes = 16 << 20

// withDefaults returns l with the default in each limit not set.
func (l Limits) withDefaults() Limits {
	for _, n := range limitNames {
		if v := n.field(&l); *v == 0 {
			*v = *n.field(&defaults)
		}
	}
	return l
}

// readYAML reads a YAML or JSON input within the figure-set limit, or
// returns an error at the file that says why it cannot be read.
func (l Limits) readYAML(path string) ([]byte, error) {
	src, err := yamlnode.ReadWithin(path, l.withDefaults().FigureSetBytes, "a figure set or other YAML or JSON input", "figure-set-size")
	if err != nil {
		return nil, yamlnode.CannotRead(path, err)
	}
	return src, nil
}

// loadSet reads the figure set at path within the figure-set limit. With
// mistakes it returns the set as figures.ReadSet does, with its errors.
func (l Limits) loadSet(path string) (*figures.Set, error) {
	src, err := l.readYAML(path)
	if err != nil {
		return nil, err
	}
	return figures.ReadSet(path, src)
}

// readArticle reads an article file within the article limit, or returns
// an error at the file that says why it cannot be read.
func (l Limits) readArticle(path string) ([]byte, error) {
	src, err := yamlnode.ReadWithin(path, l.withDefaults().ArticleBytes, "an article", "article-size")
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
	{"article-size", true, func(l *Limits) *int { return &l.ArticleBytes }},
	{"metadata-size", true, func(l *Limits) *int { return &l.MetaBytes }},
	{"waiver-file-size", true, func(l *Limits) *int { return &l.WaiverBytes }},
	{"baseline-size", true, func(l *Limits) *int { return &l.BaselineBytes }},
}

// defaults are the limits of a run that sets none.
var defaults = Limits{Rules: rules.DefaultLimits, Tables: tables.DefaultLimits, FigureSetBytes: DefaultFigureSetBytes,
	ArticleBytes: DefaultArticleBytes, MetaBytes: ees.DefaultMetaBytes, WaiverBytes: accept.DefaultWaiverBytes, BaselineBytes: accept.DefaultBaselineBytes}

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
