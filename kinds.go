package figcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/figcheck/figcheck/extract"
	"github.com/figcheck/figcheck/internal/yamlnode"
	"github.com/figcheck/figcheck/tables"
)

// The kinds of file figcheck reads.
const (
	kindTable    = "table"
	kindRules    = "rules"
	kindFigures  = "figures" // figure sets
	kindWaivers  = "waivers"
	kindBaseline = "baseline"
	kindTests    = "tests" // rule tests
	kindArticle  = "article"
)

// figcheckKey finds a top-level key of figcheck's files in a file that is
// not a YAML mapping: at the start of a line, or quoted as in JSON.
var figcheckKey = regexp.MustCompile(`(?m)(?:^|")(rules|dataset|include|rates|aliases|figures|waivers|baseline|test|cases)"?\s*:`)

// keyKinds are the top-level keys that tell figcheck's YAML files apart.
var keyKinds = map[string]string{
	"rules": kindRules, "dataset": kindRules, "include": kindRules, "rates": kindRules, "aliases": kindRules,
	"figures": kindFigures, "waivers": kindWaivers, "baseline": kindBaseline,
	"test": kindTests, "cases": kindTests,
}

// kindOf tells the YAML and JSON files figcheck reads apart by their
// top-level keys: rule files (rules, dataset, include, rates, aliases), figure sets
// (figures), waivers, baselines and rule tests (test, cases). It returns ""
// for a file that is not figcheck's: a mapping with none of those keys, or
// a file that is no mapping (not YAML, a list, empty) in which no line
// starts with one of them. A figcheck file that cannot be read as a
// mapping has a kind and an error.
func kindOf(path string, src []byte) (string, error) {
	d, root := yamlnode.Parse(path, src)
	if root == nil {
		if m := figcheckKey.FindSubmatch(src); m != nil {
			return keyKinds[string(m[1])], d.Errs.Err()
		}
		return "", d.Errs.Err()
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if kind := keyKinds[root.Content[i].Value]; kind != "" {
			return kind, nil
		}
	}
	return "", nil
}

// A kindFile is a file of a folder and its kind.
type kindFile struct{ path, kind string }

// folder returns the files figcheck reads in dir, by name, with their
// kinds, noting in Skipped the YAML and JSON files that are not figcheck's.
// A file that looks like figcheck's but cannot be read is an error.
func (in *inputs) folder(dir string) ([]kindFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("figcheck: %w", err)
	}
	var files []kindFile
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") || !isInputFile(e.Name()) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if tables.IsTable(path) {
			files = append(files, kindFile{path, kindTable})
			continue
		}
		if extract.IsArticle(path) {
			if err := yamlnode.Regular(path); err != nil {
				return nil, yamlnode.CannotRead(path, err)
			}
			files = append(files, kindFile{path, kindArticle})
			continue
		}
		src, err := in.Limits.readYAML(path)
		if err != nil {
			return nil, err
		}
		kind, err := kindOf(path, src)
		switch {
		case kind == "":
			in.Skipped = append(in.Skipped, path)
		case err != nil:
			return nil, err
		default:
			files = append(files, kindFile{path, kind})
		}
	}
	return files, nil
}

// listed returns the files that an entry of a list of rule files or
// waiver files stands for: the file itself, or for a folder every file of
// that kind in it.
func (in *inputs) listed(path, kind string) ([]string, error) {
	info, err := os.Stat(path)
	if err != nil || !info.IsDir() {
		return []string{path}, nil // the loader says what is wrong with a file
	}
	files, err := in.folder(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		if f.kind == kind {
			out = append(out, f.path)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the folder %s holds no %s", path, kindWords[kind])
	}
	return out, nil
}

var kindWords = map[string]string{kindRules: "rule files", kindWaivers: "waiver files"}
