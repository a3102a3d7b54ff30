package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/figcheck/figcheck"
	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/internal/yamlnode"
	"github.com/figcheck/figcheck/rules"
)

// explain prints the documentation of the rules named. Arguments that
// are files or folders say where the rules are, as they do for check.
func explain(f *flags, args []string, stdout, stderr io.Writer) int {
	var paths, ids []string
	for _, a := range args {
		if _, err := os.Stat(a); err == nil {
			paths = append(paths, a)
		} else {
			ids = append(ids, a)
		}
	}
	if len(ids) == 0 {
		fmt.Fprintln(stderr, "figcheck explain: name a rule, as in figcheck explain turnover-rate-fte (rules come from --rules, the files or folders given, or .figcheck.yaml)")
		return exitBadInput
	}
	rs, code := loadRules("explain", paths, f, stderr)
	if rs == nil {
		return code
	}
	for i, id := range ids {
		r := rs.Lookup(id)
		if r == nil {
			var known []string
			for _, r := range rs.Rules {
				known = append(known, r.ID)
			}
			fmt.Fprintf(stderr, "figcheck explain: no rule %s%s\n", id, yamlnode.Suggest(id, known))
			return exitBadInput
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		writeRuleDoc(stdout, r)
	}
	return exitClean
}

// loadRules reads the rule files a command names in paths, flags or the
// config file, without figures; or works out the rules of the EES files
// given, as check does.
func loadRules(cmd string, paths []string, f *flags, stderr io.Writer) (*rules.Set, int) {
	cfg, err := resolve(cmd, paths, f, false, stderr)
	if err != nil {
		return nil, badInput(stderr, err)
	}
	rs, err := figcheck.RuleSet(cfg)
	if err != nil {
		return nil, badInput(stderr, err)
	}
	return rs, exitClean
}

// writeRuleDoc writes what a rule checks, in words and in its own terms.
func writeRuleDoc(w io.Writer, r *rules.Rule) {
	fmt.Fprintf(w, "%s: %s\n", r.ID, r.Title)
	fmt.Fprintf(w, "  severity   %s\n", r.Severity)
	fmt.Fprintf(w, "  defined at %s\n", r.Pos)
	if r.Description != "" {
		fmt.Fprintf(w, "\n  %s\n\n", strings.ReplaceAll(strings.TrimSpace(r.Description), "\n", "\n  "))
	}
	stated := true // by the rule's terms, not by one of the EES checks that rules cannot state
	switch {
	case r.SameFigure:
		fmt.Fprintln(w, "  checks     every figure stated twice (same measure, period and area) has one value")
	case r.Assert.IsZero() && len(r.Unique) == 0:
		fmt.Fprintln(w, "  checks     what the description says: one of the EES checks that rules cannot state")
		stated = false
	case len(r.Unique) > 0:
		fmt.Fprintf(w, "  checks     no two rows share %s\n", strings.Join(r.Unique, ", "))
	default:
		fmt.Fprintf(w, "  asserts    %s\n", oneLine(r.Assert.Text))
	}
	if !r.When.IsZero() {
		fmt.Fprintf(w, "  when       %s\n", oneLine(r.When.Text))
	}
	if g := r.Group; g != nil {
		fmt.Fprintf(w, "  parts      %s, by %s\n", oneLine(g.Parts.Text), strings.Join(g.By, ", "))
		fmt.Fprintf(w, "  whole      %s, by %s\n", oneLine(g.Whole.Text), strings.Join(g.WholeBy, ", "))
	}
	if t := r.Tolerance; t.Abs > 0 || t.Rel > 0 {
		fmt.Fprintf(w, "  tolerance  %s on top of rounding\n", toleranceWords(t.Abs, t.Rel))
	}
	switch {
	case !stated:
		fmt.Fprintln(w, "  over       the EES data file and its metadata")
	case r.Dataset != nil:
		fmt.Fprintf(w, "  over       the rows of the dataset declared at %s\n", r.Dataset.Pos)
	default:
		fmt.Fprintln(w, "  over       the named figures of figure sets")
	}
}

func toleranceWords(abs, rel float64) string {
	var parts []string
	if abs > 0 {
		parts = append(parts, checker.FormatNumber(abs))
	}
	if rel > 0 {
		parts = append(parts, checker.FormatNumber(100*rel)+"%")
	}
	return strings.Join(parts, " + ")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// listRules prints the rules in effect, one a line.
func listRules(f *flags, paths []string, stdout, stderr io.Writer) int {
	rs, code := loadRules("rules", paths, f, stderr)
	if rs == nil {
		return code
	}
	width := 0
	for _, r := range rs.Rules {
		width = max(width, len(r.ID))
	}
	for _, r := range rs.Rules {
		fmt.Fprintf(stdout, "%-*s  %-7s  %s\n", width, r.ID, r.Severity, r.Title)
	}
	fmt.Fprintf(stdout, "%d %s from %s\n", len(rs.Rules), plural(len(rs.Rules), "rule", "rules"), strings.Join(rs.Files, ", "))
	return exitClean
}

// lint checks rule files alone: that they load and compile (for rules over
// figure sets, against the figure sets given, if any), and reports
// measures no rule uses and rules that can never fail.
func lint(f *flags, paths []string, stdout, stderr io.Writer) int {
	cfg, err := resolve("lint", paths, f, false, stderr)
	if err != nil {
		return badInput(stderr, err)
	}
	cfg.Waivers, cfg.Baseline = nil, "" // rule files alone
	r, err := figcheck.Load(cfg)
	if err != nil {
		return badInput(stderr, err)
	}
	defer r.Close()
	var notes []string
	for _, n := range r.Lint() {
		notes = append(notes, n.Error())
	}
	sort.Strings(notes)
	for _, n := range notes {
		fmt.Fprintln(stdout, n)
	}
	fmt.Fprintf(stdout, "%d %s in %d rule %s: %d %s\n", len(r.Rules.Rules), plural(len(r.Rules.Rules), "rule", "rules"),
		len(r.Rules.Files), plural(len(r.Rules.Files), "file", "files"), len(notes), plural(len(notes), "note", "notes"))
	if len(notes) > 0 {
		return exitFindings
	}
	return exitClean
}
