package figcheck

import (
	"errors"
	"fmt"
	"os"

	"github.com/figcheck/figcheck/ees"
	"github.com/figcheck/figcheck/rules"
)

// EESFile is an EES data file and its metadata file.
type EESFile struct {
	Data, Meta string
}

// findEES pairs the tables of a run that has no rule files with their
// EES metadata: the metadata named (when there is one table), or else the
// data.meta.csv beside data.csv. It leaves EES empty unless every table has
// its metadata.
func (in *inputs) findEES() error {
	if len(in.Rules) > 0 || len(in.Tables) == 0 {
		return nil
	}
	if len(in.Meta) > 1 || len(in.Meta) == 1 && len(in.Tables) > 1 {
		return fmt.Errorf("figcheck: %d metadata files for %d tables: check one EES data file with its metadata at a time", len(in.Meta), len(in.Tables))
	}
	if len(in.Tables) > 1 {
		return nil
	}
	t := in.Tables[0]
	meta := ees.MetaPath(t)
	if len(in.Meta) == 1 {
		meta = in.Meta[0]
	} else if _, err := os.Stat(meta); err != nil || t == StdinName {
		return nil
	}
	in.EES = []EESFile{{Data: t, Meta: meta}}
	return nil
}

// inferRules reads an EES data file and its metadata and works out their
// rules, reporting every mistake in the metadata with its position.
func inferRules(f EESFile) (*ees.Inference, error) {
	m, err := ees.LoadMeta(f.Meta)
	if err != nil {
		return nil, err
	}
	d, err := ees.LoadData(f.Data)
	if err != nil {
		return nil, err
	}
	return ees.Infer(m, d), nil
}

// Infer returns the rule file that figcheck works out for an EES data
// file from its metadata: what figcheck infer writes.
func Infer(f EESFile) ([]byte, error) {
	in, err := inferRules(f)
	if err != nil {
		return nil, err
	}
	return in.RuleFile(), nil
}

// loadEES works out the rules of the run's EES file and reads them as a
// rule file; its rules are placed in the metadata file.
func (run *Run) loadEES(cfg *Config) (*rules.Set, error) {
	if len(cfg.EES) != 1 {
		return nil, errors.New("figcheck: check one EES data file with its metadata at a time")
	}
	in, err := inferRules(cfg.EES[0])
	if err != nil {
		return nil, err
	}
	run.ees = in
	run.eesOpts = cfg.EESOptions
	rs, err := rules.Read("figcheck infer "+cfg.EES[0].Data, in.RuleFile())
	if err != nil {
		return nil, fmt.Errorf("figcheck: the rules worked out for %s do not load; run figcheck infer on it to see them: %w", cfg.EES[0].Data, err)
	}
	in.Place(rs)
	rs.Files = []string{cfg.EES[0].Meta}
	return rs, nil
}
