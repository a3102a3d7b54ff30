// Package figcheck runs a check as the figcheck command does. Resolve
// finds and reads .figcheck.yaml and turns folders into rule files,
// figures, waivers and baselines; Load reads and compiles them, reporting
// every mistake before any figure is checked; Run.Check checks the
// figures, lets the waivers and then the baseline accept findings, and
// only then caps the findings listed per rule; ExitCode says whether the
// result fails the run. RunRuleTest runs the rule tests kept beside the
// rules.
package figcheck

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/figcheck/figcheck/accept"
	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/ees"
	"github.com/figcheck/figcheck/extract"
	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/tables"
)

// The exit codes of the figcheck command, documented in the README.
const (
	ExitClean    = 0 // no findings at or above the fail-on threshold
	ExitFindings = 1 // findings at or above the threshold (for rule tests: a case failed)
	ExitBadInput = 2 // bad input or usage: the message says what to fix
	ExitInternal = 3 // figcheck itself failed
)

// FailOn is the lowest severity of finding that fails a run. The zero
// value fails on errors.
type FailOn int

// The thresholds, from the default up.
const (
	FailOnError FailOn = iota
	FailOnWarning
	FailOnInfo
	FailOnNever
)

var failOnNames = [...]string{"error", "warning", "info", "never"}

// String returns the threshold as the fail-on setting writes it.
func (f FailOn) String() string { return failOnNames[f] }

// ParseFailOn reads a fail-on setting: error, warning, info or never.
func ParseFailOn(s string) (FailOn, error) {
	for i, name := range failOnNames {
		if s == name {
			return FailOn(i), nil
		}
	}
	return 0, fmt.Errorf("fail-on %q: choose error, warning, info or never", s)
}

// Fails reports whether a finding of severity sev fails the run.
func (f FailOn) Fails(sev rules.Severity) bool {
	switch f {
	case FailOnNever:
		return false
	case FailOnInfo:
		return sev >= rules.Info
	case FailOnWarning:
		return sev >= rules.Warning
	}
	return sev >= rules.Error
}

// ExitCode is the exit code of a run that ended in r: ExitBadInput when
// the input had problems, ExitFindings when a finding that failOn fails
// is listed or past the cap, and ExitClean otherwise.
func ExitCode(r *checker.Result, failOn FailOn) int {
	if len(r.Problems) > 0 {
		return ExitBadInput
	}
	for _, f := range r.Findings {
		if failOn.Fails(f.Rule.Severity) {
			return ExitFindings
		}
	}
	for _, rr := range r.Rules {
		if rr.Hidden > 0 && failOn.Fails(rr.Rule.Severity) {
			return ExitFindings
		}
	}
	return ExitClean
}

// Config is the files of one run, sorted by kind, and the settings that
// the config file may give and the command line overrides.
type Config struct {
	Rules    []string // rule files
	Sets     []string // figure sets
	Tables   []string // CSV, NDJSON and Parquet tables
	Articles []string // text, Markdown, HTML and feeds, whose figures and claims are extracted
	Waivers  []string // waiver files
	Baseline string   // a baseline: to accept findings from, or to write; "" for none
	FailOn   FailOn   // the lowest severity that fails the run
	Formats  []string // reports, as NAME (to stdout) or NAME=PATH
	// AllowOutsideIncludes lets rule files include files outside the
	// folder of the rule file named; by default they are refused.
	AllowOutsideIncludes bool
	// Limits bound what the rule files and tables may hold; the zero
	// value is the defaults.
	Limits Limits
	// Stdin is what a table named - is read from; nil for os.Stdin.
	Stdin io.Reader
	// File is the config file read, or "" when none was.
	File string
	// Skipped are the YAML and JSON files of folders that are not
	// figcheck's: their top level has none of its keys.
	Skipped []string
	// Meta are the EES metadata files named (data.meta.csv).
	Meta []string
	// EES is the EES data file to check with the rules worked out from
	// its metadata, when no rule files are given.
	EES []EESFile
	// EESOptions are the settings of the EES checks.
	EESOptions ees.Options
}

// Overrides are the settings a command line gives on top of a config file.
type Overrides struct {
	Rules    []string // rule files or folders, in place of the config's
	Waivers  []string // waiver files or folders, besides the config's
	Baseline string   // in place of the config's
	FailOn   string   // in place of the config's: error, warning, info or never
	Formats  []string // in place of the config's
	// AllowOutsideIncludes lets rule files include files outside the
	// folder of the rule file named.
	AllowOutsideIncludes bool
	// Limits are limits to set, as NAME=VALUE (Limits.SetText), on top of
	// the config's.
	Limits []string
	Meta   string // the EES metadata of the one table checked, in place of the one beside it
	// DisclosureWidth is the EES disclosure threshold; 0 for the default.
	DisclosureWidth float64
}

// ErrNoRules is the error of loading a config that names no rule files.
var ErrNoRules = errors.New("figcheck: no rules")

// LoadRules reads the rule files cfg names and the files they include.
// Rule files that hold no rule are an error, but where articles are
// checked with the rates and aliases they define.
func LoadRules(cfg *Config) (*rules.Set, error) {
	if len(cfg.Rules) == 0 {
		return nil, ErrNoRules
	}
	lim := cfg.Limits.Rules
	lim.IncludeAnywhere = cfg.AllowOutsideIncludes
	rs, err := lim.Load(cfg.Rules...)
	if err != nil {
		return rs, err // what could be read, for Load to compile
	}
	if len(rs.Rules) == 0 && !(len(cfg.Articles) > 0 && len(rs.Rates)+len(rs.Aliases) > 0) {
		verb := "holds"
		if len(cfg.Rules) > 1 {
			verb = "hold"
		}
		return nil, fmt.Errorf("figcheck: %s %s no rules: write some under the rules: key", strings.Join(cfg.Rules, ", "), verb)
	}
	return rs, nil
}

// Run is what a check reads, read and compiled.
type Run struct {
	Rules    *rules.Set
	Sets     []*figures.Set // the figure sets read, articles' among them
	Checker  *checker.Checker
	Tables   []*tables.Table
	Waivers  accept.Waivers   // of every waiver file, applied as one step
	Baseline *accept.Baseline // nil for none
	// Articles are the articles read, with the figures and claims found
	// in them; their figure sets and rules are among the run's.
	Articles []*extract.Article
	// Engine, when set, checks the rules in place of Checker and Tables:
	// in an SQL engine, as package engines does.
	Engine interface {
		Check(ctx context.Context, opts checker.Options) (*checker.Result, error)
	}

	// ees are the EES files, each checked with the rules worked out from
	// its metadata and with the checks that rules cannot state.
	ees     []*eesRun
	eesOpts ees.Options
}

// Load reads the rule files, figure sets, waivers and baseline that cfg
// names, compiles the rules and opens the tables. Every mistake in them is
// an error here, with its file, line and column, before any figure is
// checked.
//
// The figures and claims of articles are extracted and checked with the
// rest, so that a run of articles alone needs no rule file.
func Load(cfg *Config) (*Run, error) {
	var errs []error
	run := &Run{}
	var rs, eesRules *rules.Set
	var err error
	if len(cfg.Rules) == 0 && len(cfg.EES) > 0 {
		eesRules, err = run.loadEES(cfg)
		rs = &rules.Set{} // for the articles' rules, if any
	} else {
		rs, err = LoadRules(cfg)
	}
	if errors.Is(err, ErrNoRules) && len(cfg.Articles) > 0 {
		rs, err = &rules.Set{}, nil
	}
	if err != nil {
		errs = append(errs, err)
	}
	var sets []*figures.Set
	var arts []*extract.Article
	if len(cfg.Articles) > 0 {
		arts, err = ReadArticles(cfg.Articles, cfg.Limits)
		switch {
		case err != nil:
			errs = append(errs, err)
		case rs != nil:
			readPack(arts, rs)
			claims, found := articleInputs(arts)
			rs.Rules = append(rs.Rules, claims.Rules...)
			sets = append(sets, found...)
		}
	}
	for _, p := range cfg.Sets {
		set, err := cfg.Limits.loadSet(p)
		if err != nil {
			errs = append(errs, err)
		}
		if set != nil {
			sets = append(sets, set)
		}
	}
	// The rules compile against what the figure sets name even when a set
	// has mistakes, so that theirs are reported in the same run.
	run.Rules, run.Articles, run.Sets = rs, arts, sets
	if rs != nil {
		if run.Checker, err = checker.New(rs, sets); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		run.Close()
		return nil, errors.Join(errs...)
	}
	if eesRules != nil { // the rules in effect, for listing and reports
		run.Rules = &rules.Set{Rules: append(rs.Rules, eesRules.Rules...), Datasets: append(rs.Datasets, eesRules.Datasets...), Files: append(rs.Files, eesRules.Files...)}
	}
	if err := run.openTables(cfg); err != nil {
		return nil, err
	}
	for _, p := range cfg.Waivers {
		ws, err := accept.LoadWaivers(p, cfg.Limits.WaiverBytes)
		if err != nil {
			errs = append(errs, err)
		}
		run.Waivers = append(run.Waivers, ws...)
	}
	if cfg.Baseline != "" {
		if run.Baseline, err = accept.LoadBaseline(cfg.Baseline, cfg.Limits.BaselineBytes); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		run.Close()
		return nil, errors.Join(errs...)
	}
	return run, nil
}

// StdinName is the name of a table read from standard input.
const StdinName = "-"

// openTables opens the tables of cfg (- for standard input) as the rules'
// datasets declare them, or none when one cannot be opened. EES files are
// open already.
func (run *Run) openTables(cfg *Config) error {
	o := run.Checker.TableOptions()
	o.Limits = cfg.Limits.Tables
	opened := map[string]bool{}
	for _, f := range cfg.EES {
		opened[f.Data] = true
	}
	for _, p := range cfg.Tables {
		if opened[p] {
			continue
		}
		var t *tables.Table
		var err error
		if p == StdinName {
			in := cfg.Stdin
			if in == nil {
				in = os.Stdin
			}
			t, err = tables.Read(p, in, o)
		} else {
			t, err = tables.Open(p, o)
		}
		if err != nil {
			run.Close()
			return err
		}
		run.Tables = append(run.Tables, t)
	}
	return nil
}

// Close removes the copies of tables read from standard input.
func (run *Run) Close() {
	for _, t := range run.Tables {
		t.Close()
	}
	for _, e := range run.ees {
		e.table.Close()
	}
}

// Check checks the figures, lets the waivers and then the baseline accept
// findings, and only then keeps opts.MaxFindings findings per rule,
// counting the rest: so that a finding past the cap is never taken for an
// accepted one, nor leaves the waiver that covers it unused. The result
// carries the articles checked, with their undecided claims, for the
// reports. It returns an error only when the check could not be carried
// out.
func (r *Run) Check(ctx context.Context, opts checker.Options) (*checker.Result, error) {
	var steps []accept.Step
	if len(r.Waivers) > 0 {
		steps = append(steps, r.Waivers)
	}
	if r.Baseline != nil {
		steps = append(steps, r.Baseline)
	}
	limit := opts.MaxFindings
	if len(steps) > 0 {
		opts.MaxFindings = 0 // every finding, until the steps have taken theirs
	}
	var res *checker.Result
	var err error
	if r.Engine != nil {
		res, err = r.Engine.Check(ctx, opts)
	} else {
		res, err = r.Checker.Check(ctx, r.Tables, opts)
	}
	if err != nil {
		return nil, err
	}
	if err := r.checkEES(ctx, res, opts); err != nil {
		return nil, err
	}
	accept.Apply(res, steps...)
	res.Cap(limit)
	if len(r.Articles) > 0 {
		res.Articles = articleResults(r.Articles)
	}
	return res, nil
}
