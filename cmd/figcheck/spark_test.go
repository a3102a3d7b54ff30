package main

import (
	"strings"
	"testing"
)

// No Spark server runs here: what check --engine spark is told, and the
// real client's answer when the server cannot be reached, are each a clear
// error of the input, before anything is checked, and never show the token.
func TestEngineSparkBadInput(t *testing.T) {
	for _, c := range []struct{ name, dsn, table, want string }{
		{"no DSN", "", "stats.csww", "--engine spark needs --dsn, the server's connection string (sc://host:15002, or sc://host:443/;token=…;x-databricks-cluster-id=… for Databricks)"},
		{"no table", "sc://" + closedPort(t), "", "--engine spark needs the table: give --table schema.name"},
		{"not Spark Connect", "https://host:443/sql/1.0/warehouses/w", "stats.csww", "--dsn: https://host:443/sql/1.0/warehouses/w: invalid input: URL schema must be set to `sc`"},
		{"bad parameters", "sc://host:443/cluster;token=secret", "stats.csww", "--dsn: sc://host:443/cluster;token=…: invalid input: the URL path (/cluster;token=…) must be empty or have a proper parameter syntax"},
		{"bad port", "sc://host:port/;token=secret", "stats.csww", `invalid port ":port" after host`},
		{"no server", "sc://" + closedPort(t), "stats.csww", "cannot connect to spark: [Unavailable] "},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, code, stderr := checkJSON(t, "--engine", "spark", "--dsn", c.dsn, "--table", c.table, "--rules", workforceRules)
			if code != exitBadInput || !strings.Contains(stderr, c.want) || strings.Contains(stderr, "panic") || strings.Contains(stderr, "secret") {
				t.Errorf("exit %d, want 2, and stderr\n%s\nwithout %q", code, stderr, c.want)
			}
		})
	}
}
