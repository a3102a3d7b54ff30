package main

import (
	"net"
	"strings"
	"testing"
)

// closedPort is the address of a local port where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// No Trino server runs here: what check --engine trino is told, and the
// real driver's answer when the coordinator cannot be reached, are each a
// clear error of the input, before anything is checked.
func TestEngineTrinoBadInput(t *testing.T) {
	// request_retry_timeout cuts the driver's retries (two minutes by
	// default) of a coordinator that does not answer.
	gone := "http://figcheck@" + closedPort(t) + "?catalog=hive&schema=stats&request_retry_timeout=1s"
	for _, c := range []struct{ name, dsn, table, want string }{
		{"no DSN", "", "stats.csww", "--engine trino needs --dsn, the server's connection string (http://user@host:8080?catalog=c&schema=s)"},
		{"no table", gone, "", "--engine trino needs the table: give --table schema.name"},
		{"bad DSN", "::", "stats.csww", "--dsn: missing protocol scheme"},
		{"bad port", "https://figcheck:secret@127.0.0.1:port", "stats.csww", `--dsn: invalid port ":port" after host`},
		{"not HTTP", "localhost:8080", "stats.csww", "--dsn: a Trino coordinator's address is http://user@host:8080?catalog=c&schema=s, or https://"},
		{"password without TLS", "http://figcheck:secret@127.0.0.1:8080", "stats.csww", "--dsn: trino: TLS/SSL is required for authentication with username and password"},
		{"bad parameter", "http://figcheck@127.0.0.1:8080?request_retry_timeout=soon", "stats.csww", `--dsn: trino: invalid timeout for request_retry_timeout: "soon"`},
		{"no server", gone, "stats.csww", "cannot connect to trino: "},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, code, stderr := checkJSON(t, "--engine", "trino", "--dsn", c.dsn, "--table", c.table, "--rules", workforceRules)
			if code != exitBadInput || !strings.Contains(stderr, c.want) || strings.Contains(stderr, "panic") || strings.Contains(stderr, "secret") {
				t.Errorf("exit %d, want 2, and stderr\n%s\nwithout %q", code, stderr, c.want)
			}
		})
	}
}
