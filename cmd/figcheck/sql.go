package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/sqlgen"
)

// printSQL prints the SQL of the rules over each dataset, and lists on
// stderr the rules it leaves to the native engine.
func printSQL(f *flags, paths []string, stdout, stderr io.Writer) int {
	engine := f.engine
	if engine == "" {
		engine = "postgres"
	}
	d, err := sqlgen.DialectNamed(engine)
	if err != nil {
		return badInput(stderr, err)
	}
	rs, code := loadRules("sql", paths, f, stderr)
	if rs == nil {
		return code
	}
	c, err := checker.New(rs, nil)
	if err != nil {
		return badInput(stderr, err)
	}
	for _, ds := range rs.Datasets {
		table := f.table
		if table == "" {
			table = ds.Table
		}
		if table == "" {
			table = "data"
		}
		q, err := sqlgen.Generate(c.Plans(), ds, d, sqlgen.Options{Table: table})
		if err != nil {
			return badInput(stderr, fmt.Errorf("%s: %v", ds.Pos, err))
		}
		for i, stmt := range q.SQL {
			var ids []string
			for _, r := range q.Rules {
				ids = append(ids, r.ID)
			}
			fmt.Fprintf(stdout, "-- figcheck: %s, statement %d of %d; rules by number: %s\n%s;\n\n", ds.Pos, i+1, len(q.SQL), strings.Join(ids, ", "), stmt)
		}
		for _, r := range q.Native {
			fmt.Fprintf(stderr, "figcheck: %s: not compiled to SQL: %v\n", r.Rule.Pos, r)
		}
	}
	return exitClean
}
