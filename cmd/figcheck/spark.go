package main

import (
	"database/sql"
	"fmt"

	"github.com/figcheck/figcheck/engines"
	_ "github.com/figcheck/figcheck/internal/sparkconnect" // the "spark" driver for database/sql, over Spark Connect; pure Go
	"github.com/figcheck/figcheck/sqlgen"
	"github.com/figcheck/figcheck/tables"
)

func init() {
	checkEngines["spark"] = openSpark
	serverEngines["spark"] = true
}

// openSpark readies a session of the Spark Connect server --dsn names (a
// Spark cluster, or Databricks'), to check the table named by --table or
// the dataset's table:. The session opens no connection here: the check's
// first request finds out whether the server answers.
func openSpark(f *flags, table string, _ []*tables.Table) (*sql.DB, engines.Source, error) {
	if err := serverTable(f, table, "sc://host:15002, or sc://host:443/;token=…;x-databricks-cluster-id=… for Databricks"); err != nil {
		return nil, engines.Source{}, err
	}
	db, err := sql.Open("spark", f.dsn)
	if err != nil {
		return nil, engines.Source{}, fmt.Errorf("--dsn: %v", err)
	}
	// In ANSI mode, Spark's default from 4.0, a DECIMAL column's text is
	// plain; otherwise it is Java's BigDecimal's, 0E-8 for a zero of scale 8,
	// which the SQL would not read as a number.
	return db, engines.Source{From: sqlgen.Spark.Ident(table), Name: table, Setup: []string{"SET spark.sql.ansi.enabled=true"}}, nil
}
