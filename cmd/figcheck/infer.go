package main

import (
	"fmt"
	"io"

	"github.com/figcheck/figcheck"
	"github.com/figcheck/figcheck/ees"
)

// infer prints the rules worked out for an EES data file from its
// metadata.
func infer(f *flags, paths []string, stdout, stderr io.Writer) int {
	if len(paths) != 1 || ees.IsMeta(paths[0]) {
		fmt.Fprintln(stderr, "figcheck infer: give one EES data file, such as data.csv with data.meta.csv beside it")
		return exitBadInput
	}
	file := figcheck.EESFile{Data: paths[0], Meta: ees.MetaPath(paths[0])}
	if f.Meta != "" {
		file.Meta = f.Meta
	}
	src, err := figcheck.Infer(file, f.limits)
	if err != nil {
		return badInput(stderr, err)
	}
	if _, err := stdout.Write(src); err != nil {
		fmt.Fprintf(stderr, "figcheck infer: %v\n", err)
		return exitInternal
	}
	return exitClean
}
