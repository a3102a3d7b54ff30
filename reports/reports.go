// Package reports writes the result of a check in the formats people and
// machines read: coloured text for a terminal, JSON for programs. Each format
// is one Reporter in its own file, listed once in the table below.
package reports

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/figcheck/figcheck/checker"
)

// Reporter writes a result in one format. Reporters only read the result.
type Reporter interface {
	Report(w io.Writer, r *checker.Result) error
}

// Options are settings every reporter may use.
type Options struct {
	// Color turns on terminal colours, for the formats that have them.
	Color bool
}

// formats is the one list of report formats, by name.
var formats = map[string]func(Options) Reporter{
	"text":     func(o Options) Reporter { return newText(o) },
	"json":     func(Options) Reporter { return jsonReporter{} },
	"junit":    func(Options) Reporter { return newJUnit() },
	"sarif":    func(Options) Reporter { return newSARIF() },
	"github":   func(Options) Reporter { return newGitHub() },
	"markdown": func(Options) Reporter { return newMarkdown() },
	"html":     func(Options) Reporter { return newHTML() },
}

// Lookup returns the reporter for the format called name.
func Lookup(name string, o Options) (Reporter, error) {
	f, ok := formats[name]
	if !ok {
		return nil, fmt.Errorf("unknown format %q: choose one of %s", name, strings.Join(Names(), ", "))
	}
	return f(o), nil
}

// Names returns the names of every format, sorted.
func Names() []string {
	var names []string
	for n := range formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
