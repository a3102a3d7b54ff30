package figcheck

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/ees"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
	"github.com/figcheck/figcheck/tables"
)

// EESFile is an EES data file and its metadata file.
type EESFile struct {
	Data, Meta string
}

// findEES pairs the tables of a run that has no rule files with their
// EES metadata: the metadata named with --meta (when there is one table),
// or else the data.meta.csv beside each data.csv, named or not. It leaves
// EES empty unless every table has its metadata.
func (in *inputs) findEES() error {
	if len(in.Rules) > 0 && in.metaFlag {
		return fmt.Errorf("figcheck: --meta names EES metadata to work rules out from, and rule files are given (%s): drop --meta, or the rules", strings.Join(in.Rules, ", "))
	}
	if len(in.Rules) > 0 || len(in.Tables) == 0 {
		return nil
	}
	if in.metaFlag && len(in.Tables) > 1 {
		return fmt.Errorf("figcheck: --meta names the metadata of one data file, and %d are given: put each data.meta.csv beside its data.csv instead", len(in.Tables))
	}
	var files []EESFile
	paired := map[string]bool{}
	for _, t := range in.Tables {
		meta := ees.MetaPath(t)
		if in.metaFlag {
			meta = in.Meta[0]
		} else if _, err := os.Stat(meta); err != nil || t == StdinName {
			return nil
		}
		files = append(files, EESFile{Data: t, Meta: meta})
		paired[absPath(meta)] = true
	}
	for _, m := range in.Meta {
		if !paired[absPath(m)] {
			return fmt.Errorf("figcheck: %s is EES metadata, but its data file %s is not among the files given", m, ees.DataPath(m))
		}
	}
	in.EES = files
	return nil
}

// eesRun is an EES data file read whole, with the rules worked out from
// its metadata and compiled for it alone: two files of one shape are each
// checked with their own rules.
type eesRun struct {
	in      *ees.Inference
	rules   *rules.Set
	checker *checker.Checker
	table   *tables.Table
}

// openEES reads an EES data file and its metadata and works out their
// rules, reporting every mistake in the metadata with its position. The
// table holds its rows, so that checking does not read the file again.
func openEES(f EESFile, lim Limits) (*eesRun, error) {
	m, err := ees.LoadMeta(f.Meta, lim.MetaBytes)
	if err != nil {
		return nil, err
	}
	t, err := tables.Open(f.Data, tables.Options{Delimiter: ',', Limits: lim.Tables})
	if err != nil {
		return nil, err
	}
	d, err := ees.ReadData(t)
	if err != nil {
		return nil, err
	}
	in := ees.Infer(m, d)
	return &eesRun{in: in, rules: in.Rules(), table: t}, nil
}

// Infer returns the rule file that figcheck works out for an EES data
// file from its metadata, reading the data within lim: what figcheck
// infer writes.
func Infer(f EESFile, lim Limits) ([]byte, error) {
	e, err := openEES(f, lim)
	if err != nil {
		return nil, err
	}
	return e.in.RuleFile(), nil
}

// loadEES reads each EES file of cfg and compiles the rules worked out
// for it. It returns every file's rules as one set, placed in the
// metadata files.
func (run *Run) loadEES(cfg *Config) (*rules.Set, error) {
	all := &rules.Set{}
	var errs []error
	for _, f := range cfg.EES {
		e, err := openEES(f, cfg.Limits)
		if err == nil {
			e.checker, err = checker.New(e.rules, nil)
			if err != nil {
				err = fmt.Errorf("figcheck: the rules worked out for %s do not compile; run figcheck infer on it to see them: %w", f.Data, err)
			}
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		run.ees = append(run.ees, e)
		all.Rules = append(all.Rules, e.rules.Rules...)
		all.Datasets = append(all.Datasets, e.rules.Datasets...)
		all.Files = append(all.Files, f.Meta)
	}
	run.eesOpts = cfg.EESOptions
	return all, errors.Join(errs...)
}

// RuleSet returns the rules a check of cfg runs: those of its rule files,
// or, for EES files with no rule files, those worked out from their
// metadata (which reads the data files) and the checks that rules cannot
// state.
func RuleSet(cfg *Config) (*rules.Set, error) {
	if len(cfg.Rules) > 0 || len(cfg.EES) == 0 {
		return LoadRules(cfg)
	}
	run := &Run{}
	defer run.Close()
	if _, err := run.loadEES(cfg); err != nil {
		return nil, err
	}
	all := &rules.Set{}
	for _, e := range run.ees {
		all.Rules = append(append(all.Rules, e.rules.Rules...), e.in.CheckRules(cfg.EESOptions)...)
		all.Datasets = append(all.Datasets, e.rules.Datasets...)
		all.Files = append(all.Files, e.in.Meta.Path)
	}
	return all, nil
}

// checkEES checks each EES file with its own rules and runs the checks
// that rules cannot state, adding what they find to res.
func (r *Run) checkEES(ctx context.Context, res *checker.Result, opts checker.Options) error {
	for _, e := range r.ees {
		got, err := e.checker.Check(ctx, []*tables.Table{e.table}, opts)
		if err != nil {
			return err
		}
		rep := e.in.Check(r.eesOpts)
		res.Rules = append(append(res.Rules, got.Rules...), rep.Rules...)
		res.Findings = append(append(res.Findings, got.Findings...), rep.Findings...)
		res.Inputs = append(res.Inputs, got.Inputs...)
		res.Problems = append(res.Problems, got.Problems...)
	}
	return nil
}

// Lint returns the notes of linting every rule of the run: those of its
// rule files and those worked out for EES files.
func (r *Run) Lint() position.Errors {
	notes := r.Checker.Lint()
	for _, e := range r.ees {
		notes = append(notes, e.checker.Lint()...)
	}
	return notes
}
