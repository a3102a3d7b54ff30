package figcheck

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/figcheck/figcheck/extract"
	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/rules"
)

// ReadArticles reads the article files at paths, each a regular file within
// lim's article-size, and extracts the figures and claims of each document
// in them (a feed holds one per item).
func ReadArticles(paths []string, lim Limits) ([]*extract.Article, error) {
	var arts []*extract.Article
	var errs []error
	seen := map[string]int{}
	for _, p := range paths {
		src, err := lim.readArticle(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		docs, err := extract.Read(p, src)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, d := range docs {
			prefix := extract.Prefix(d)
			if n := seen[prefix]; n > 0 {
				prefix = fmt.Sprintf("%s_%d", prefix, n+1) // two files of one name in different folders
			}
			seen[extract.Prefix(d)]++
			arts = append(arts, extract.Extract(d, prefix))
		}
	}
	return arts, errors.Join(errs...)
}

// readPack reads the articles in the words of rule pack rs: each figure's
// measure is the pack's measure its words name, where they name one, so
// that it is the figure of that measure in the tables beside it; and the
// rates the pack defines are claims.
func readPack(arts []*extract.Article, rs *rules.Set) {
	if len(rs.Rates)+len(rs.Aliases)+len(rs.Datasets) == 0 {
		return
	}
	v := extract.NewVocabulary(rs)
	for _, a := range arts {
		a.NameMeasures(v)
		a.DefineRates(v, rs.Rates)
	}
}

// articleInputs makes the figure sets and rules of the articles in memory,
// each figure and claim at its place in the article: what figcheck check
// reads from the files WriteArticles writes (a test holds the two to one
// result).
func articleInputs(arts []*extract.Article) (*rules.Set, []*figures.Set) {
	rs := &rules.Set{}
	var sets []*figures.Set
	for _, a := range arts {
		sets = append(sets, a.Set(filepath.Join(filepath.Dir(a.Doc.Path), a.Prefix)+".figures.yaml"))
		rs.Rules = append(rs.Rules, a.Rules()...)
	}
	if len(arts) > 0 {
		rs.Rules = append(rs.Rules, extract.SameFigureRule())
	}
	return rs, sets
}

// WriteArticles writes the figure set and the rule file of each article
// into dir, and one rule file for the figures stated twice, so that
// figcheck check dir checks what figcheck check of the articles checks. It
// returns the files written.
func WriteArticles(dir string, arts []*extract.Article) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("figcheck: %w", err)
	}
	var written []string
	write := func(name string, src []byte) error {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, src, 0o644); err != nil {
			return fmt.Errorf("figcheck: %w", err)
		}
		written = append(written, p)
		return nil
	}
	for _, a := range arts {
		if err := write(a.Prefix+".figures.yaml", a.FigureSet()); err != nil {
			return written, err
		}
		if err := write(a.Prefix+".claims.yaml", a.RuleFile()); err != nil {
			return written, err
		}
	}
	return written, write(extract.SameFigureName, extract.SameFigureFile())
}
