package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-isatty"

	"github.com/figcheck/figcheck/accept"
	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/reports"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/tables"
)

// The exit codes, documented in the README and pinned by tests.
const (
	exitClean    = 0 // no findings at or above the --fail-on threshold
	exitFindings = 1 // findings at or above the threshold (for test: a case failed)
	exitBadInput = 2 // bad input or usage: the message says what to fix
	exitInternal = 3 // figcheck itself failed
)

const usage = `figcheck checks that published figures agree with each other.

Usage:
  figcheck check [flags] [figures or folders...]    check figures against rules
  figcheck baseline [flags] [figures or folders...] write the findings as a baseline
  figcheck test [rule tests or folders...]          run the rule tests beside the rules
  figcheck explain [flags] RULE-ID                  print a rule's documentation
  figcheck rules [flags] [files or folders...]      list the rules in effect
  figcheck lint [flags] [files or folders...]       check rule files alone
  figcheck version                                  print figcheck's version
  figcheck help                                     print this help

Figures are tables (CSV, tidy or long with measure and value columns; NDJSON;
Parquet; .csv.gz and .ndjson.gz) and YAML or JSON figure sets. A folder stands
for its .figcheck.yaml, or for the files in it. With no arguments, figcheck
reads the .figcheck.yaml in the working directory or the nearest parent.

Flags:
  --rules FILE          a rule file (repeatable)
  --format NAME[=PATH]  a report: %s; to stdout, or
                        to PATH (repeatable; default text)
  --fail-on LEVEL       lowest severity that fails the run: error, warning, info or never (default error)
  --waivers FILE        accept the findings a waiver file names (repeatable)
  --baseline FILE       accept the findings recorded in a baseline (check);
                        the file to write (baseline; default figcheck-baseline.yaml)
  --max-findings N      list at most N findings per rule, counting the rest (default 1000; 0: all)
  --color WHEN          colour the text report: auto, always or never (default auto; NO_COLOR turns it off)
  --allow-outside-includes  let rule files include files outside the folder of the rule file named

Exit codes: 0 no findings at or above --fail-on, 1 findings (test: a case
failed), 2 bad input or usage, 3 internal error.
`

func printUsage(w io.Writer) {
	fmt.Fprintf(w, usage, strings.Join(reports.Names(), ", "))
}

// run is the whole command line: it returns the exit code and never panics.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "figcheck: internal error: %v\nPlease report this, with the command and files that caused it.\n", r)
			code = exitInternal
		}
	}()
	if len(args) == 0 {
		printUsage(stderr)
		return exitBadInput
	}
	commands := map[string]func([]string, io.Writer, io.Writer) int{
		"check": check, "baseline": baseline, "test": test, "explain": explain, "rules": listRules, "lint": lint,
	}
	switch cmd := args[0]; {
	case commands[cmd] != nil:
		return commands[cmd](args[1:], stdout, stderr)
	case cmd == "version" || cmd == "--version":
		fmt.Fprintln(stdout, "figcheck", version())
		return exitClean
	case cmd == "help" || cmd == "-h" || cmd == "--help":
		printUsage(stdout)
		return exitClean
	default:
		fmt.Fprintf(stderr, "figcheck: unknown command %q: try figcheck check, or figcheck help\n", cmd)
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

// flags are the flags every command takes; each uses what it needs.
type flags struct {
	rules       []string
	formats     []string
	waivers     []string
	baseline    string
	failOn      string
	color       string
	maxFindings int
	// includeAnywhere lets rule files include files outside their folder.
	includeAnywhere bool
}

// ruleLimits are the limits of the rule files read with f.
func (f *flags) ruleLimits() rules.Limits {
	lim := rules.DefaultLimits
	lim.IncludeAnywhere = f.includeAnywhere
	return lim
}

// parseFlags parses the flags of cmd, which may come before or after its
// paths.
func parseFlags(cmd string, args []string) (*flags, []string, error) {
	f := &flags{color: "auto", maxFindings: 1000}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	appendTo := func(list *[]string) func(string) error {
		return func(s string) error { *list = append(*list, s); return nil }
	}
	fs.Func("rules", "", appendTo(&f.rules))
	fs.Func("format", "", appendTo(&f.formats))
	fs.Func("waivers", "", appendTo(&f.waivers))
	fs.StringVar(&f.baseline, "baseline", "", "")
	fs.StringVar(&f.failOn, "fail-on", "", "")
	fs.StringVar(&f.color, "color", "auto", "")
	fs.IntVar(&f.maxFindings, "max-findings", 1000, "")
	fs.BoolVar(&f.includeAnywhere, "allow-outside-includes", false, "")
	var paths []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		paths = append(paths, args[0])
		args = args[1:]
	}
	switch f.color {
	case "auto", "always", "never":
	default:
		return nil, nil, fmt.Errorf("--color %q: choose auto, always or never", f.color)
	}
	if f.maxFindings < 0 {
		return nil, nil, fmt.Errorf("--max-findings %d: give a number of findings, or 0 for all", f.maxFindings)
	}
	return f, paths, nil
}

// session is what a command has read: inputs, rules, figure sets, the
// compiled checker and the tables.
type session struct {
	in      *inputs
	flags   *flags
	rules   *rules.Set
	checker *checker.Checker
	tables  []*tables.Table
}

// open reads everything cmd needs, reporting bad input on stderr.
func open(cmd string, args []string, stderr io.Writer, needFigures bool) (*session, int) {
	f, paths, err := parseFlags(cmd, args)
	if err != nil {
		fmt.Fprintf(stderr, "figcheck %s: %v\nRun figcheck help for the flags.\n", cmd, err)
		return nil, exitBadInput
	}
	in, err := resolveInputs(cmd, paths, f, needFigures)
	if err != nil {
		return nil, badInput(stderr, err)
	}
	s := &session{in: in, flags: f}
	if s.rules, err = f.ruleLimits().Load(in.rules...); err != nil {
		return nil, badInput(stderr, err)
	}
	if len(s.rules.Rules) == 0 {
		return nil, badInput(stderr, fmt.Errorf("figcheck %s: %s %s no rules: write some under the rules: key", cmd, strings.Join(in.rules, ", "), plural(len(in.rules), "holds", "hold")))
	}
	var sets []*figures.Set
	var errs []error
	for _, p := range in.sets {
		set, err := figures.LoadSet(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		sets = append(sets, set)
	}
	if len(errs) > 0 {
		return nil, badInput(stderr, errors.Join(errs...))
	}
	if s.checker, err = checker.New(s.rules, sets); err != nil {
		return nil, badInput(stderr, err)
	}
	for _, p := range in.tables {
		t, err := tables.OpenTable(p)
		if err != nil {
			return nil, badInput(stderr, err)
		}
		s.tables = append(s.tables, t)
	}
	return s, exitClean
}

// run checks the figures and applies waivers and, unless noBaseline, the
// baseline.
func (s *session) run(stderr io.Writer, noBaseline bool) (*checker.Result, int) {
	var steps []accept.Step
	var errs []error
	for _, p := range s.in.waivers {
		ws, err := accept.LoadWaivers(p)
		if err != nil {
			errs = append(errs, err)
		}
		steps = append(steps, ws)
	}
	if s.in.baseline != "" && !noBaseline {
		b, err := accept.LoadBaseline(s.in.baseline)
		if err != nil {
			errs = append(errs, err)
		}
		steps = append(steps, b)
	}
	if len(errs) > 0 {
		return nil, badInput(stderr, errors.Join(errs...))
	}
	// With waivers or a baseline every finding is kept until they have
	// taken theirs, so that a finding past the cap is never mistaken for
	// an accepted one; a baseline itself records them all.
	opts := checker.Options{MaxFindings: s.flags.maxFindings, Progress: progress(stderr)}
	if len(steps) > 0 || noBaseline {
		opts.MaxFindings = 0
	}
	res, err := s.checker.Check(context.Background(), s.tables, opts)
	if opts.Progress != nil {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err != nil {
		fmt.Fprintf(stderr, "figcheck: %v\n", err)
		return nil, exitInternal
	}
	accept.Apply(res, steps...)
	if !noBaseline {
		res.Cap(s.flags.maxFindings)
	}
	return res, exitClean
}

// progress returns a function that shows the rows read on stderr when it
// is a terminal, a few times a second, or nil.
func progress(stderr io.Writer) func(int64) {
	f, ok := stderr.(*os.File)
	if !ok || !isatty.IsTerminal(f.Fd()) {
		return nil
	}
	var last time.Time
	return func(rows int64) {
		if time.Since(last) > 250*time.Millisecond {
			last = time.Now()
			fmt.Fprintf(stderr, "\rfigcheck: %s rows read", thousands(rows))
		}
	}
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// check runs figcheck check.
func check(args []string, stdout, stderr io.Writer) int {
	s, code := open("check", args, stderr, true)
	if s == nil {
		return code
	}
	failOn, err := parseFailOn(s.in.failOn)
	if err != nil {
		return badInput(stderr, err)
	}
	outputs, err := openOutputs(s.in.formats, s.inputs(true), stdout, useColor(s.flags.color, stdout))
	if err != nil {
		return badInput(stderr, err)
	}
	defer closeOutputs(outputs)
	res, code := s.run(stderr, false)
	if res == nil {
		return code
	}
	textOnStdout := false
	for _, o := range outputs {
		if err := o.reporter.Report(o.w, res); err != nil {
			fmt.Fprintf(stderr, "figcheck: writing the %s report: %v\n", o.format, err)
			return exitInternal
		}
		if o.file != nil {
			if err := o.file.Commit(); err != nil {
				fmt.Fprintf(stderr, "figcheck: writing the %s report: %v\n", o.format, err)
				return exitInternal
			}
		}
		textOnStdout = textOnStdout || o.format == "text" && o.file == nil
	}
	if len(res.Problems) > 0 {
		if !textOnStdout { // no report on the terminal lists them: say them here
			fmt.Fprintln(stderr, res.Problems.Error())
		}
		fmt.Fprintf(stderr, "figcheck: %d %s in the input; fix them and run again\n", len(res.Problems), plural(len(res.Problems), "problem", "problems"))
		return exitBadInput
	}
	for _, f := range res.Findings {
		if failOn >= 0 && int(f.Rule.Severity) >= failOn {
			return exitFindings
		}
	}
	for _, rr := range res.Rules { // failures past the cap count too
		if rr.Hidden > 0 && failOn >= 0 && int(rr.Rule.Severity) >= failOn {
			return exitFindings
		}
	}
	return exitClean
}

// output is a report format and where it goes.
type output struct {
	format   string
	reporter reports.Reporter
	w        io.Writer
	file     *reports.File // nil for stdout
}

// inputs are the files the session reads, which nothing it writes may
// replace; the baseline too when it is read rather than written.
func (s *session) inputs(baseline bool) []string {
	in := append(slices.Clone(s.in.tables), s.in.sets...)
	in = append(append(in, s.rules.Files...), s.in.waivers...)
	if baseline && s.in.baseline != "" {
		in = append(in, s.in.baseline)
	}
	return in
}

// openOutputs reads --format values, NAME for stdout (one at most) or
// NAME=PATH for a file, and starts the files before anything is checked,
// so that a path that cannot be written, is one of the inputs or is given
// twice is a usage error. Each file takes its place when it is committed.
func openOutputs(formats, inputs []string, stdout io.Writer, color bool) ([]output, error) {
	var outs []output
	var targets []reports.Target
	toStdout := ""
	for _, f := range formats {
		name, path, toFile := strings.Cut(f, "=")
		if toFile {
			if path == "" {
				return nil, fmt.Errorf("--format %s: give the report's path after =, or write --format %s for stdout", f, name)
			}
			targets = append(targets, reports.Target{Arg: "--format " + f, Path: path})
		}
	}
	if err := reports.CheckPaths(targets, inputs); err != nil {
		return nil, err
	}
	for _, f := range formats {
		name, path, _ := strings.Cut(f, "=")
		if path == "" {
			if toStdout != "" {
				closeOutputs(outs)
				return nil, fmt.Errorf("--format %s and --format %s both write to stdout: give one a file, as in --format %s=report.%s", toStdout, name, name, name)
			}
			toStdout = name
		}
		r, err := reports.Lookup(name, reports.Options{Color: color && path == ""})
		if err != nil {
			closeOutputs(outs)
			return nil, err
		}
		o := output{format: name, reporter: r, w: stdout}
		if path != "" {
			if o.file, err = reports.Create(path); err != nil {
				closeOutputs(outs)
				return nil, fmt.Errorf("--format %s: %v", f, err)
			}
			o.w = o.file
		}
		outs = append(outs, o)
	}
	return outs, nil
}

func closeOutputs(outs []output) {
	for _, o := range outs {
		if o.file != nil {
			o.file.Abort()
		}
	}
}

// baseline runs figcheck baseline: it checks as check does and writes the
// findings left after waivers to the baseline file.
func baseline(args []string, stdout, stderr io.Writer) int {
	s, code := open("baseline", args, stderr, true)
	if s == nil {
		return code
	}
	res, code := s.run(stderr, true)
	if res == nil {
		return code
	}
	if len(res.Problems) > 0 {
		fmt.Fprintln(stderr, res.Problems.Error())
		fmt.Fprintln(stderr, "figcheck: the input has problems; no baseline was written")
		return exitBadInput
	}
	path := s.in.baseline
	if path == "" {
		path = "figcheck-baseline.yaml"
	}
	if err := reports.CheckPaths([]reports.Target{{Arg: "--baseline " + path, Path: path}}, s.inputs(false)); err != nil {
		return badInput(stderr, err)
	}
	f, err := reports.Create(path)
	if err == nil {
		if err = accept.WriteBaseline(f, res); err == nil {
			err = f.Commit()
		}
		f.Abort()
	}
	if err != nil {
		fmt.Fprintf(stderr, "figcheck: writing the baseline: %v\n", err)
		return exitInternal
	}
	fmt.Fprintf(stdout, "figcheck: wrote %d %s to %s\n", len(res.Findings), plural(len(res.Findings), "finding", "findings"), path)
	return exitClean
}

// parseFailOn returns the lowest severity that fails the run, or -1 for never.
func parseFailOn(s string) (int, error) {
	if s == "never" {
		return -1, nil
	}
	sev, err := rules.ParseSeverity(s)
	if err != nil {
		return 0, fmt.Errorf("fail-on %q: choose error, warning, info or never", s)
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
