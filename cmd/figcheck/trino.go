package main

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"

	_ "github.com/trinodb/trino-go-client/trino" // the "trino" driver for database/sql; pure Go

	"github.com/figcheck/figcheck/engines"
	"github.com/figcheck/figcheck/sqlgen"
	"github.com/figcheck/figcheck/tables"
)

func init() {
	checkEngines["trino"] = openTrino
	serverEngines["trino"] = true
}

// openTrino readies a connection to the Trino coordinator --dsn names, to
// check the table named by --table or the dataset's table:. The driver
// speaks HTTP and opens no connection here: the check's first request
// finds out whether the coordinator answers.
func openTrino(f *flags, table string, _ []*tables.Table) (*sql.DB, engines.Source, error) {
	const form = "http://user@host:8080?catalog=c&schema=s"
	if err := serverTable(f, table, form); err != nil {
		return nil, engines.Source{}, err
	}
	u, err := url.Parse(f.dsn)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) { // its text quotes the address, password and all
			err = uerr.Err
		}
		return nil, engines.Source{}, fmt.Errorf("--dsn: %v", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, engines.Source{}, fmt.Errorf("--dsn: a Trino coordinator's address is %s, or https://", form)
	}
	db, err := sql.Open("trino", f.dsn)
	if err != nil {
		return nil, engines.Source{}, fmt.Errorf("--dsn: %v", err)
	}
	return db, engines.Source{From: sqlgen.Trino.Ident(table), Name: table}, nil
}
