// Package duckdb is figcheck's DuckDB engine: importing it registers the
// embedded DuckDB driver (github.com/duckdb/duckdb-go/v2) with
// database/sql under the name "duckdb", to run the SQL of package sqlgen
// in the dialect sqlgen.DuckDB. It needs cgo and a C toolchain, and so is a
// module of its own: figcheck's own module, and go install of its command,
// build without one.
package duckdb

import _ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" driver
