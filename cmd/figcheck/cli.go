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

	"github.com/figcheck/figcheck"
	"github.com/figcheck/figcheck/accept"
	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/reports"
)

// The exit codes, documented in the README and pinned by tests.
const (
	exitClean    = figcheck.ExitClean
	exitFindings = figcheck.ExitFindings
	exitBadInput = figcheck.ExitBadInput
	exitInternal = figcheck.ExitInternal
)

// A command is one of figcheck's sub-commands.
type command struct {
	name    string
	args    string // what follows the name in its usage line
	summary string
	flags   []string // the names of the flags it takes
	ignores []string // flags it takes and ignores
	more    string   // said under the flags, or ""
	example string
	run     func(f *flags, args []string, stdout, stderr io.Writer) int
}

// commands are figcheck's sub-commands, in the order help lists them.
var commands = []*command{
	{name: "check", args: "[flags] [figures or folders...]", summary: "check figures against rules",
		flags:   []string{"rules", "format", "fail-on", "waivers", "baseline", "max-findings", "color", "allow-outside-includes", "limit", "write-figures", "meta", "disclosure-width", "engine", "dsn", "table"},
		more:    "Articles (.txt, .md, .html, .xml, .rss, .atom) are checked with the claims found in them.\nAn EES data file with its data.meta.csv beside it (or --meta) needs no rules:\nfigcheck works them out from the metadata, as figcheck infer prints them.",
		example: "figcheck check --waivers waivers.yaml --format text --format sarif=figcheck.sarif data/", run: check},
	{name: "extract", args: "[flags] ARTICLE...", summary: "write the figures and claims an article states",
		flags:   []string{"write-figures", "limit"},
		more:    "It prints each article's figure set and rule file, or writes them into a folder that figcheck check reads.",
		example: "figcheck extract --write-figures figures/ draft.md && figcheck check figures/", run: extractCmd},
	{name: "infer", args: "[flags] DATA.csv", summary: "print the rules worked out for an EES data file",
		flags:   []string{"meta", "limit"},
		more:    "The metadata is the data.meta.csv beside data.csv, or the file --meta names.\nThe rules are an ordinary rule file, to review, edit and keep.",
		example: "figcheck infer testdata/ees/example/cin_absence_north_east.csv > rules.yaml", run: infer},
	{name: "baseline", args: "[flags] [figures or folders...]", summary: "record today's findings as accepted",
		flags: []string{"rules", "meta", "waivers", "baseline", "allow-outside-includes", "limit", "engine", "dsn", "table"}, ignores: []string{"disclosure-width", "format", "fail-on", "max-findings", "color", "write-figures"},
		more:    "It records every finding left after waivers. It takes check's other flags too, and\nignores them, so that it runs with check's command line.",
		example: "figcheck baseline data/ && figcheck check --baseline figcheck-baseline.yaml data/", run: baseline},
	{name: "test", args: "[flags] [rule tests or folders...]", summary: "run the rule tests beside the rules",
		flags:   []string{"limit"},
		more:    "Folders are searched for rule tests, at every depth; with no arguments, the working directory is.",
		example: "figcheck test rules/", run: test},
	{name: "explain", args: "[flags] [files or folders...] RULE-ID...", summary: "print a rule's documentation",
		flags:   []string{"rules", "allow-outside-includes", "meta", "limit"},
		more:    "The rules are found as check finds them: in the files or folders given, or the .figcheck.yaml.",
		example: "figcheck explain rules/ turnover-rate-fte", run: explain},
	{name: "rules", args: "[flags] [files or folders...]", summary: "list the rules in effect",
		flags: []string{"rules", "allow-outside-includes", "meta", "limit"}, example: "figcheck rules testdata/workforce", run: listRules},
	{name: "lint", args: "[flags] [files or folders...]", summary: "check rule files alone",
		flags: []string{"rules", "allow-outside-includes", "meta", "limit"}, example: "figcheck lint --rules rules/", run: lint},
	{name: "sql", args: "[flags] [files or folders...]", summary: "print the SQL of the rules over tables",
		flags:   []string{"rules", "limit", "engine", "table"},
		more:    "Row rules, with when, are compiled; the rules left to the native engine are listed\non stderr, each with the reason.",
		example: "figcheck sql --engine postgres --table csww testdata/workforce", run: printSQL},
}

// flagDocs say what each flag takes and does, for the usage texts.
var flagDocs = map[string][2]string{
	"rules":                  {"FILE", "a rule file, or a folder of them (repeatable)"},
	"format":                 {"NAME[=PATH]", "a report: %s; to stdout, or\nto PATH (repeatable; default text)"},
	"fail-on":                {"LEVEL", "lowest severity that fails the run: error, warning, info or never (default error)"},
	"waivers":                {"FILE", "accept the findings a waiver file names; a file or folder (repeatable)"},
	"baseline":               {"FILE", "accept the findings recorded in a baseline (check);\nthe file to write (baseline; default figcheck-baseline.yaml)"},
	"max-findings":           {"N", "list at most N findings per rule, counting the rest (default 1000; 0: all)"},
	"color":                  {"WHEN", "colour the text report: auto, always or never (default auto; NO_COLOR turns it off)"},
	"allow-outside-includes": {"", "let rule files include files outside the folder of the rule file named"},
	"limit":                  {"NAME=VALUE", "raise a limit on what the inputs may hold (repeatable);\nthe limits, with their defaults:\n%s"},
	"write-figures":          {"DIR", "write the figure sets and rule files extracted from articles into DIR"},
	"meta":                   {"FILE", "the EES metadata of the data file, in place of the data.meta.csv beside it"},
	"disclosure-width":       {"N", "a suppressed (c) count that the published figures pin to an interval\nnarrower than N is a finding (default 10)"},
	"engine":                 {"NAME", "check: run the rules in postgres, trino, spark or duckdb (default: natively);\nsql: the SQL dialect, postgres, duckdb, trino or spark (default postgres)"},
	"dsn":                    {"DSN", "the engine's connection string (postgres://user@host:port/db;\nfor trino, http://user@host:8080?catalog=c&schema=s; for spark,\nsc://host:15002); for duckdb, a database file (default: in memory)"},
	"table":                  {"NAME", "the table or view holding the dataset's rows, as schema.name or name\n(default: the dataset's table:, else data)"},
}

var flagOrder = []string{"rules", "format", "fail-on", "waivers", "baseline", "max-findings", "color", "allow-outside-includes", "limit", "write-figures", "meta", "disclosure-width", "engine", "dsn", "table"}

const about = `Figures are tables (CSV, tidy or long with measure and value columns; NDJSON;
Parquet; .csv.gz and .ndjson.gz) and YAML or JSON figure sets. A folder stands
for its .figcheck.yaml, or for the figcheck files in it. With no arguments,
figcheck reads the .figcheck.yaml in the working directory or the nearest parent.
`

// printUsage writes figcheck's help: its commands and every flag.
func printUsage(w io.Writer) {
	fmt.Fprintf(w, "figcheck checks that published figures agree with each other.\n\nUsage:\n")
	lines := [][2]string{}
	for _, c := range commands {
		lines = append(lines, [2]string{c.name + " " + c.args, c.summary})
	}
	lines = append(lines, [2]string{"version", "print figcheck's version"}, [2]string{"help [COMMAND]", "print this help, or a command's"})
	for _, l := range lines {
		fmt.Fprintf(w, "  figcheck %-48s %s\n", l[0], l[1])
	}
	fmt.Fprintf(w, "\n%s\nFlags:\n", about)
	writeFlags(w, flagOrder)
	fmt.Fprintf(w, "\nRun figcheck COMMAND --help for a command's flags and an example.\n")
	fmt.Fprintf(w, "\nExit codes: 0 no findings at or above --fail-on, 1 findings (test: a case\nfailed), 2 bad input or usage, 3 internal error.\n")
}

// printCommandUsage writes a command's help: its usage, flags and an example.
func printCommandUsage(w io.Writer, c *command) {
	fmt.Fprintf(w, "Usage: figcheck %s %s\n\n%s%s.\n", c.name, c.args, strings.ToUpper(c.summary[:1]), c.summary[1:])
	if len(c.flags) > 0 {
		fmt.Fprintf(w, "\nFlags:\n")
		writeFlags(w, c.flags)
	}
	if c.more != "" {
		fmt.Fprintf(w, "\n%s\n", c.more)
	}
	fmt.Fprintf(w, "\nExample:\n  %s\n", c.example)
}

func writeFlags(w io.Writer, names []string) {
	for _, name := range names {
		doc := flagDocs[name]
		help := doc[1]
		switch name {
		case "format":
			help = fmt.Sprintf(help, strings.Join(reports.Names(), ", "))
		case "limit":
			// Four limits a line.
			names := strings.Split(figcheck.LimitNames(), ", ")
			for i := 4; i < len(names); i += 4 {
				names[i] = "\n" + names[i]
			}
			help = fmt.Sprintf(help, strings.ReplaceAll(strings.Join(names, ", "), ", \n", ",\n"))
		}
		help = strings.ReplaceAll(help, "\n", "\n"+strings.Repeat(" ", 24))
		fmt.Fprintf(w, "  %-21s %s\n", "--"+name+" "+doc[0], help)
	}
}

func lookupCommand(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
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
	switch name := args[0]; {
	case lookupCommand(name) != nil:
		c := lookupCommand(name)
		f, rest, err := parseFlags(c, args[1:])
		if errors.Is(err, flag.ErrHelp) {
			printCommandUsage(stdout, c)
			return exitClean
		}
		if err != nil {
			fmt.Fprintf(stderr, "figcheck %s: %v\nRun figcheck %s --help for its flags.\n", name, err, name)
			return exitBadInput
		}
		return c.run(f, rest, stdout, stderr)
	case name == "version" || name == "--version":
		fmt.Fprintln(stdout, "figcheck", version())
		return exitClean
	case name == "help" || name == "-h" || name == "--help":
		if len(args) > 1 {
			c := lookupCommand(args[1])
			if c == nil {
				fmt.Fprintf(stderr, "figcheck help: no command %q: run figcheck help for the commands\n", args[1])
				return exitBadInput
			}
			printCommandUsage(stdout, c)
			return exitClean
		}
		printUsage(stdout)
		return exitClean
	default:
		fmt.Fprintf(stderr, "figcheck: unknown command %q: try figcheck check, or figcheck help\n", name)
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

// flags are the flags of a command; each takes those it lists.
type flags struct {
	figcheck.Overrides
	// limits are the limits --limit sets, for the commands that read no
	// config file (Overrides.Limits has them as written, for Resolve).
	limits       figcheck.Limits
	color        string
	maxFindings  int
	writeFigures string
	engine       string
	dsn          string
	table        string
}

// parseFlags parses the flags of command c, which may come before or after
// its paths. It returns flag.ErrHelp for -h or --help.
func parseFlags(c *command, args []string) (*flags, []string, error) {
	f := &flags{color: "auto", maxFindings: 1000}
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	appendTo := func(list *[]string) func(string) error {
		return func(s string) error { *list = append(*list, s); return nil }
	}
	takes := map[string]bool{}
	for _, name := range append(c.flags, c.ignores...) {
		takes[name] = true
	}
	define := func(name string, def func()) {
		if takes[name] {
			def()
		}
	}
	define("rules", func() { fs.Func("rules", "", appendTo(&f.Rules)) })
	define("format", func() { fs.Func("format", "", appendTo(&f.Formats)) })
	define("waivers", func() { fs.Func("waivers", "", appendTo(&f.Waivers)) })
	define("baseline", func() { fs.StringVar(&f.Baseline, "baseline", "", "") })
	define("fail-on", func() {
		fs.Func("fail-on", "", func(s string) error {
			if s == "" {
				return errors.New("--fail-on needs a level: error, warning, info or never")
			}
			f.FailOn = s
			return nil
		})
	})
	define("meta", func() { fs.StringVar(&f.Meta, "meta", "", "") })
	define("disclosure-width", func() { fs.Float64Var(&f.DisclosureWidth, "disclosure-width", 0, "") })
	define("color", func() { fs.StringVar(&f.color, "color", "auto", "") })
	define("max-findings", func() { fs.IntVar(&f.maxFindings, "max-findings", 1000, "") })
	define("allow-outside-includes", func() { fs.BoolVar(&f.AllowOutsideIncludes, "allow-outside-includes", false, "") })
	define("limit", func() {
		fs.Func("limit", "", func(s string) error {
			if err := f.limits.SetText(s); err != nil { // a wrong name or value is a usage error
				return err
			}
			f.Limits = append(f.Limits, s)
			return nil
		})
	})
	define("write-figures", func() { fs.StringVar(&f.writeFigures, "write-figures", "", "") })
	define("engine", func() { fs.StringVar(&f.engine, "engine", "", "") })
	define("dsn", func() { fs.StringVar(&f.dsn, "dsn", "", "") })
	define("table", func() { fs.StringVar(&f.table, "table", "", "") })
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
	if f.DisclosureWidth < 0 {
		return nil, nil, fmt.Errorf("--disclosure-width %g: give a width of 0 or more", f.DisclosureWidth)
	}
	if f.maxFindings < 0 {
		return nil, nil, fmt.Errorf("--max-findings %d: give a number of findings, or 0 for all", f.maxFindings)
	}
	return f, paths, nil
}

// resolve reads the files and settings that the paths and flags of cmd
// stand for, notes on stderr the files it skipped, and checks that there
// is something to do. needFigures says whether cmd checks figures or only
// reads rules.
func resolve(cmd string, paths []string, f *flags, needFigures bool, stderr io.Writer) (*figcheck.Config, error) {
	cfg, err := figcheck.Resolve(paths, f.Overrides)
	if err != nil {
		return nil, err
	}
	if n := len(cfg.Skipped); n > 0 {
		fmt.Fprintf(stderr, "figcheck: skipped %s, which %s none of figcheck's top-level keys\n",
			strings.Join(cfg.Skipped, ", "), plural(n, "has", "have"))
	}
	noConfig := len(paths) == 0 && cfg.File == ""
	articles := len(cfg.Articles) > 0
	switch {
	case needFigures && articles:
		// Articles bring their own claims, and are figures.
	case noConfig && needFigures:
		return nil, fmt.Errorf("figcheck %s: nothing to %s: give figure files or a folder, or write a %s that names them", cmd, cmd, figcheck.ConfigName)
	case noConfig && len(cfg.Rules) == 0:
		return nil, fmt.Errorf("figcheck %s: no rules: pass --rules FILE, or run it where a %s names them", cmd, figcheck.ConfigName)
	case len(cfg.Rules) == 0 && len(cfg.EES) == 0:
		return nil, fmt.Errorf("figcheck %s: no rules: pass --rules FILE, or name rules in %s, or put an EES file's data.meta.csv beside it", cmd, figcheck.ConfigName)
	case needFigures && len(cfg.Sets) == 0 && len(cfg.Tables) == 0:
		return nil, fmt.Errorf("figcheck %s: no figures to check: give tables or figure sets", cmd)
	}
	return cfg, nil
}

// stdin is where a table given as - is read from.
var stdin io.Reader = os.Stdin

// load resolves and loads what cmd checks, reporting bad input on stderr.
// The caller closes the run.
func load(cmd string, paths []string, f *flags, stderr io.Writer) (*figcheck.Config, *figcheck.Run, int) {
	// A table in an engine is checked in place of table files.
	inEngine := serverEngines[f.engine]
	cfg, err := resolve(cmd, paths, f, !inEngine, stderr)
	if err != nil {
		return nil, nil, badInput(stderr, err)
	}
	if inEngine && len(cfg.Tables) > 0 {
		fmt.Fprintf(stderr, "figcheck: --engine %s checks a table of the server; %s not read\n", f.engine, plural(len(cfg.Tables), "this file is", "these files are"))
		for _, t := range cfg.Tables {
			fmt.Fprintf(stderr, "  %s\n", t)
		}
		cfg.Tables = nil
	}
	cfg.Stdin = stdin
	writeTo := cfg.Baseline
	if cmd == "baseline" { // the baseline is what it writes, not what it accepts
		cfg.Baseline = ""
	}
	r, err := figcheck.Load(cfg)
	if err != nil {
		return nil, nil, badInput(stderr, err)
	}
	if f.writeFigures != "" && len(r.Articles) > 0 {
		if _, err := figcheck.WriteArticles(f.writeFigures, r.Articles); err != nil {
			return nil, nil, badInput(stderr, err)
		}
	}
	cfg.Baseline = writeTo
	return cfg, r, exitClean
}

// checkFigures checks r, showing progress on a terminal.
func checkFigures(r *figcheck.Run, maxFindings int, stderr io.Writer) (*checker.Result, int) {
	opts := checker.Options{MaxFindings: maxFindings, Progress: progress(stderr)}
	res, err := r.Check(context.Background(), opts)
	if opts.Progress != nil {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err != nil {
		fmt.Fprintf(stderr, "figcheck: %v\n", err)
		return nil, exitInternal
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
func check(f *flags, paths []string, stdout, stderr io.Writer) int {
	cfg, r, code := load("check", paths, f, stderr)
	if r == nil {
		return code
	}
	defer r.Close()
	formats := cfg.Formats
	if len(formats) == 0 {
		formats = []string{"text"}
	}
	outputs, err := openOutputs(formats, inputs(cfg, r, true), stdout, useColor(f.color, stdout))
	if err != nil {
		return badInput(stderr, err)
	}
	defer closeOutputs(outputs)
	if f.engine != "" {
		done, err := useEngine(f, r, stderr)
		if err != nil {
			return badInput(stderr, err)
		}
		defer done()
	}
	res, code := checkFigures(r, f.maxFindings, stderr)
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
	}
	return figcheck.ExitCode(res, cfg.FailOn)
}

// output is a report format and where it goes.
type output struct {
	format   string
	reporter reports.Reporter
	w        io.Writer
	file     *reports.File // nil for stdout
}

// inputs are the files a run reads, which nothing it writes may replace;
// the baseline too when it is read rather than written.
func inputs(cfg *figcheck.Config, r *figcheck.Run, baseline bool) []string {
	in := append(slices.Clone(cfg.Tables), cfg.Sets...)
	in = append(append(in, r.Rules.Files...), cfg.Waivers...)
	if baseline && cfg.Baseline != "" {
		in = append(in, cfg.Baseline)
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

// baseline runs figcheck baseline: it checks as check does and writes every
// finding left after waivers to the baseline file.
func baseline(f *flags, paths []string, stdout, stderr io.Writer) int {
	cfg, r, code := load("baseline", paths, f, stderr)
	if r == nil {
		return code
	}
	defer r.Close()
	if f.engine != "" {
		done, err := useEngine(f, r, stderr)
		if err != nil {
			return badInput(stderr, err)
		}
		defer done()
	}
	res, code := checkFigures(r, 0, stderr)
	if res == nil {
		return code
	}
	if len(res.Problems) > 0 {
		fmt.Fprintln(stderr, res.Problems.Error())
		fmt.Fprintln(stderr, "figcheck: the input has problems; no baseline was written")
		return exitBadInput
	}
	path := cfg.Baseline
	if path == "" {
		path = "figcheck-baseline.yaml"
	}
	if err := reports.CheckPaths([]reports.Target{{Arg: "--baseline " + path, Path: path}}, inputs(cfg, r, false)); err != nil {
		return badInput(stderr, err)
	}
	out, err := reports.Create(path)
	if err == nil {
		if err = accept.WriteBaseline(out, res); err == nil {
			err = out.Commit()
		}
		out.Abort()
	}
	if err != nil {
		fmt.Fprintf(stderr, "figcheck: writing the baseline: %v\n", err)
		return exitInternal
	}
	fmt.Fprintf(stdout, "figcheck: wrote %d %s to %s\n", len(res.Findings), plural(len(res.Findings), "finding", "findings"), path)
	return exitClean
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
