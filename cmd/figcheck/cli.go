package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/mattn/go-isatty"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/reports"
	"github.com/figcheck/figcheck/rules"
)

// The exit codes, documented in the README and pinned by tests.
const (
	exitClean    = 0 // no findings at or above the --fail-on threshold
	exitFindings = 1 // findings at or above the threshold
	exitBadInput = 2 // bad input or usage: the message says what to fix
	exitInternal = 3 // figcheck itself failed
)

const usage = `figcheck checks that published figures agree with each other.

Usage:
  figcheck check [flags] [figures or folders...]   check figures against rules
  figcheck version                                 print figcheck's version
  figcheck help                                    print this help

Figures are CSV tables (tidy, or long with measure and value columns) and
YAML or JSON figure sets. A folder stands for its .figcheck.yaml, or for the
figure and rule files in it. With no arguments, figcheck looks for a
.figcheck.yaml in the working directory and its parents.

Flags of check:
  --rules FILE       a rule file (repeatable)
  --format NAME      output format: %s (default text)
  --fail-on LEVEL    lowest severity that fails the run: error, warning, info or never (default error)
  --color WHEN       colour the text output: auto, always or never (default auto; NO_COLOR turns it off)

Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 bad input or
usage, 3 internal error.
`

// run is the whole command line: it returns the exit code and never panics.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "figcheck: internal error: %v\nPlease report this, with the command and files that caused it.\n", r)
			code = exitInternal
		}
	}()
	if len(args) == 0 {
		fmt.Fprintf(stderr, usage, strings.Join(reports.Names(), ", "))
		return exitBadInput
	}
	switch args[0] {
	case "check":
		return check(args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "figcheck", version())
		return exitClean
	case "help", "-h", "--help":
		fmt.Fprintf(stdout, usage, strings.Join(reports.Names(), ", "))
		return exitClean
	default:
		fmt.Fprintf(stderr, "figcheck: unknown command %q: try figcheck check, or figcheck help\n", args[0])
		return exitBadInput
	}
}

// version is the module version figcheck was built at.
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

// checkFlags are the flags of figcheck check.
type checkFlags struct {
	rules  []string
	format string
	failOn string
	color  string
}

func parseCheckFlags(args []string) (*checkFlags, []string, error) {
	f := &checkFlags{}
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Func("rules", "a rule file", func(s string) error { f.rules = append(f.rules, s); return nil })
	fs.StringVar(&f.format, "format", "", "output format")
	fs.StringVar(&f.failOn, "fail-on", "", "lowest severity that fails the run")
	fs.StringVar(&f.color, "color", "auto", "colour: auto, always or never")
	var paths []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		paths = append(paths, args[0]) // flags may follow paths
		args = args[1:]
	}
	switch f.color {
	case "auto", "always", "never":
	default:
		return nil, nil, fmt.Errorf("--color %q: choose auto, always or never", f.color)
	}
	return f, paths, nil
}

// check runs figcheck check.
func check(args []string, stdout, stderr io.Writer) int {
	flags, paths, err := parseCheckFlags(args)
	if err != nil {
		fmt.Fprintf(stderr, "figcheck check: %v\nRun figcheck help for the flags.\n", err)
		return exitBadInput
	}
	in, err := resolveInputs(paths, flags)
	if err != nil {
		return badInput(stderr, err)
	}
	failOn, err := parseFailOn(in.failOn)
	if err != nil {
		return badInput(stderr, err)
	}
	reporter, err := reports.Lookup(in.format, reports.Options{Color: useColor(flags.color, stdout)})
	if err != nil {
		return badInput(stderr, err)
	}
	rs, err := rules.Load(in.rules...)
	if err != nil {
		return badInput(stderr, err)
	}
	var sets []*figures.Set
	var setErrs []error
	for _, p := range in.sets {
		s, err := figures.LoadSet(p)
		if err != nil {
			setErrs = append(setErrs, err)
			continue
		}
		sets = append(sets, s)
	}
	if len(setErrs) > 0 {
		return badInput(stderr, errors.Join(setErrs...))
	}
	c, err := checker.New(rs, sets)
	if err != nil {
		return badInput(stderr, err)
	}
	var tables []*figures.Table
	for _, p := range in.tables {
		t, err := figures.OpenTable(p)
		if err != nil {
			return badInput(stderr, err)
		}
		tables = append(tables, t)
	}
	res, err := c.Check(context.Background(), tables, checker.Options{})
	if err != nil {
		return badInput(stderr, err)
	}
	if err := reporter.Report(stdout, res); err != nil {
		fmt.Fprintf(stderr, "figcheck: writing the report: %v\n", err)
		return exitInternal
	}
	if len(res.Problems) > 0 {
		fmt.Fprintf(stderr, "figcheck: %d %s in the input; fix them and run again\n", len(res.Problems), plural(len(res.Problems), "problem", "problems"))
		return exitBadInput
	}
	for _, f := range res.Findings {
		if failOn >= 0 && int(f.Rule.Severity) >= failOn {
			return exitFindings
		}
	}
	return exitClean
}

// parseFailOn returns the lowest severity that fails the run, or -1 for never.
func parseFailOn(s string) (int, error) {
	if s == "never" {
		return -1, nil
	}
	sev, err := rules.ParseSeverity(s)
	if err != nil {
		return 0, fmt.Errorf("--fail-on %q: choose error, warning, info or never", s)
	}
	return int(sev), nil
}

// useColor decides colour once: always, never, or when stdout is a
// terminal and NO_COLOR is not set.
func useColor(when string, stdout io.Writer) bool {
	switch when {
	case "always":
		return true
	case "never":
		return false
	}
	if _, set := os.LookupEnv("NO_COLOR"); set || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := stdout.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// badInput prints every problem of err, one per line, and returns exit code 2.
func badInput(stderr io.Writer, err error) int {
	msg := strings.TrimSpace(err.Error())
	fmt.Fprintln(stderr, msg)
	n := strings.Count(msg, "\n") + 1
	fmt.Fprintf(stderr, "figcheck: %d %s; nothing was checked\n", n, plural(n, "problem", "problems"))
	return exitBadInput
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
