package sparkconnect

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"database/sql"
	"database/sql/driver"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	spark "github.com/apache/spark-connect-go/spark/sql"

	"github.com/figcheck/figcheck/internal/sparktest"
	"github.com/figcheck/figcheck/internal/standin"
)

// Through database/sql, against a stand-in server speaking Spark Connect
// to Spark's real client: a ping, a command, a query's rows and column
// types, and a failure that reads as the server's message alone, not the
// statement's text.
func TestThroughDatabaseSQL(t *testing.T) {
	s := sparktest.New(t, func(q string) (standin.Result, error) {
		switch q {
		case "SELECT 1":
			return standin.Result{Columns: [][2]string{{"1", "integer"}}, Rows: [][]any{{1}}}, nil
		case "SELECT rule, verdict, n, rate FROM checks":
			return standin.Result{Columns: [][2]string{{"rule", "integer"}, {"verdict", "varchar"}, {"n", "bigint"}, {"rate", "decimal(4,1)"}},
				Rows: [][]any{{0, "P", 42, nil}, {-2, nil, nil, nil}}}, nil
		case "CREATE TEMPORARY VIEW v AS SELECT 1":
			return standin.Result{}, nil
		}
		return standin.Result{}, errors.New("[TABLE_OR_VIEW_NOT_FOUND] The table or view `nowhere` cannot be found.")
	})
	db, err := sql.Open("spark", s.Remote)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := t.Context()
	if err := db.PingContext(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "CREATE TEMPORARY VIEW v AS SELECT 1"); err != nil {
		t.Fatal(err)
	}
	rows, err := db.QueryContext(ctx, "SELECT rule, verdict, n, rate FROM checks")
	if err != nil {
		t.Fatal(err)
	}
	types, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range types {
		names = append(names, c.Name()+" "+c.DatabaseTypeName())
	}
	if got := strings.Join(names, ", "); got != "rule INT, verdict STRING, n BIGINT, rate DECIMAL(4,1)" {
		t.Errorf("columns %s", got)
	}
	var got []string
	for rows.Next() {
		var rule int
		var verdict sql.NullString
		var n sql.NullInt64
		var rate any
		if err := rows.Scan(&rule, &verdict, &n, &rate); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d %q %v %v", rule, verdict.String, n, rate))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if strings.Join(got, "; ") != `0 "P" {42 true} <nil>; -2 "" {0 false} <nil>` {
		t.Errorf("rows %q", got)
	}
	_, err = db.QueryContext(ctx, "SELECT * FROM nowhere")
	if want := "[Internal] [TABLE_OR_VIEW_NOT_FOUND] The table or view `nowhere` cannot be found."; err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	if got := strings.Join(s.Sent(), "; "); got != "SELECT 1; CREATE TEMPORARY VIEW v AS SELECT 1; SELECT rule, verdict, n, rate FROM checks; SELECT * FROM nowhere" {
		t.Errorf("sent %s", got)
	}
}

// With a token, the connection is TLS, checked against the system's
// roots, and every call carries the token as a bearer token and the
// string's other parameters as headers: what Databricks reads.
func TestTokenOverTLS(t *testing.T) {
	cert, pemCert := selfSigned(t)
	roots := filepath.Join(t.TempDir(), "roots.pem")
	if err := os.WriteFile(roots, pemCert, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SSL_CERT_FILE", roots) // Go's system roots on Linux; read once, on first use
	table := &standin.Table{}
	s := sparktest.NewTLS(t, table.Answer, cert)
	db, err := sql.Open("spark", s.Remote+"/;token=s3cret-token;x-databricks-cluster-id=0123-abcd")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.PingContext(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := s.Header("authorization"); len(got) != 1 || got[0] != "Bearer s3cret-token" {
		t.Errorf("authorization %q", got)
	}
	if got := s.Header("x-databricks-cluster-id"); len(got) != 1 || got[0] != "0123-abcd" {
		t.Errorf("x-databricks-cluster-id %q", got)
	}

	// Without the token, the client speaks plain gRPC, which the server
	// refuses: that is an error, not a silent fallback.
	plainDB, err := sql.Open("spark", s.Remote)
	if err != nil {
		t.Fatal(err)
	}
	defer plainDB.Close()
	if err := plainDB.PingContext(t.Context()); err == nil || !strings.HasPrefix(err.Error(), "[Unavailable] ") {
		t.Errorf("plain gRPC to a TLS server: %v", err)
	}
}

// selfSigned is a certificate for 127.0.0.1, and its PEM.
func selfSigned(t *testing.T) (tls.Certificate, []byte) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// A result comes in batches of 10,000 rows, as Spark sends it, and each
// may be larger than gRPC's default 4 MiB: 10,000 rows of 500 bytes are
// taken, and every row is read, in order, across the batches.
func TestLargeResult(t *testing.T) {
	const rows = 25000
	cell := strings.Repeat("x", 492)
	s := sparktest.New(t, func(q string) (standin.Result, error) {
		res := standin.Result{Columns: [][2]string{{"figcheck_row", "bigint"}, {"c0", "varchar"}}}
		for i := range rows {
			res.Rows = append(res.Rows, []any{i + 1, fmt.Sprintf("%08d", i+1) + cell})
		}
		return res, nil
	})
	db, err := sql.Open("spark", s.Remote)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r, err := db.QueryContext(t.Context(), "SELECT figcheck_row, c0 FROM figcheck_rows")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n := 0
	for r.Next() {
		var row int
		var c0 string
		if err := r.Scan(&row, &c0); err != nil {
			t.Fatal(err)
		}
		if n++; row != n || c0 != fmt.Sprintf("%08d", n)+cell {
			t.Fatalf("row %d read as %d, %.8s…", n, row, c0)
		}
	}
	if err := r.Err(); err != nil || n != rows {
		t.Errorf("%d rows, %v; want %d", n, err, rows)
	}
}

// A connection string is read as it is opened; a wrong one says what is
// wrong, without the token it holds.
func TestOpenConnector(t *testing.T) {
	for _, c := range []struct{ dsn, want string }{
		{"sc://localhost", ""},
		{"sc://spark.example:443/;token=secret;x-databricks-cluster-id=0123", ""},
		{"http://localhost:15002", "http://localhost:15002: invalid input: URL schema must be set to `sc`"},
		{"sc://", "sc://: invalid input: URL must contain a hostname"},
		{"sc://host/path;token=secret", "sc://host/path;token=…: invalid input: the URL path (/path;token=…) must be empty"},
		{"sc://host:port", `sc://host:port: parse "sc://host:port": invalid port ":port" after host`},
		{"sc://h:p/;token=se\"cret", `sc://h:p/;token=…: parse "sc://h:p/;token=…": invalid port ":p" after host`},
		{"sc://host/;token=abc=;x=1", "sc://host/;token=…;x=1: the parameter token is not of the form name=value, with one '='"},
		{"sc://host/;cluster", "sc://host/;cluster: the parameter cluster is not of the form name=value, with one '='"},
	} {
		_, err := Driver{}.OpenConnector(c.dsn)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.dsn, err)
		case c.want != "" && (err == nil || !strings.HasPrefix(err.Error(), c.want)):
			t.Errorf("%s: error %v, want %q", c.dsn, err, c.want)
		}
	}
}

func TestHideToken(t *testing.T) {
	for _, c := range []struct{ dsn, want string }{
		{"sc://host", "sc://host"},
		{"sc://host:443/;token=abc;user_id=ana", "sc://host:443/;token=…;user_id=ana"},
		{"sc://host/;user_id=ana;token=abc", "sc://host/;user_id=ana;token=…"},
		{"sc://host/;token=", "sc://host/;token="},
	} {
		if got := hideToken(c.dsn, c.dsn); got != c.want {
			t.Errorf("hideToken(%q) = %q, want %q", c.dsn, got, c.want)
		}
	}
}

// Columns are named as Spark SQL names the type Spark sends them as.
func TestTypeName(t *testing.T) {
	for _, c := range []struct {
		typ  arrow.DataType
		want string
	}{
		{arrow.BinaryTypes.String, "STRING"},
		{arrow.PrimitiveTypes.Int32, "INT"},
		{arrow.PrimitiveTypes.Int64, "BIGINT"},
		{arrow.PrimitiveTypes.Int16, "SMALLINT"},
		{arrow.PrimitiveTypes.Float32, "FLOAT"},
		{arrow.PrimitiveTypes.Float64, "DOUBLE"},
		{&arrow.Decimal128Type{Precision: 10, Scale: 1}, "DECIMAL(10,1)"},
		{arrow.FixedWidthTypes.Boolean, "BOOLEAN"},
		{arrow.FixedWidthTypes.Date32, "DATE"},
		{&arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, "TIMESTAMP"},
		{&arrow.TimestampType{Unit: arrow.Microsecond}, "TIMESTAMP_NTZ"},
		{arrow.ListOf(arrow.PrimitiveTypes.Int32), "LIST"},
	} {
		if got := typeName(c.typ); got != c.want {
			t.Errorf("%s: %s, want %s", c.typ, got, c.want)
		}
	}
}

// A result's rows are read across its records, text and whole numbers as
// Go's, NULL as nil; a value of another type is an error, not a guess.
func TestRows(t *testing.T) {
	mem := memory.NewGoAllocator()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "rule", Type: arrow.PrimitiveTypes.Int32},
		{Name: "verdict", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "n", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	}, nil)
	record := func(rules []int32, verdicts []string, ns []int64, valid []bool) arrow.RecordBatch {
		b := array.NewRecordBuilder(mem, schema)
		defer b.Release()
		b.Field(0).(*array.Int32Builder).AppendValues(rules, nil)
		b.Field(1).(*array.StringBuilder).AppendValues(verdicts, valid)
		b.Field(2).(*array.Int64Builder).AppendValues(ns, valid)
		return b.NewRecordBatch()
	}
	recs := []arrow.RecordBatch{
		record([]int32{0, 0}, []string{"P", ""}, []int64{42, 0}, []bool{true, false}),
		record(nil, nil, nil, nil),
		record([]int32{-3}, []string{"n/a"}, []int64{7}, nil),
	}
	table := array.NewTableFromRecords(schema, recs)
	for _, r := range recs {
		r.Release()
	}
	r, err := newRows(table)
	table.Release()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got := strings.Join(r.Columns(), ","); got != "rule,verdict,n" {
		t.Errorf("columns %s", got)
	}
	if got := r.ColumnTypeDatabaseTypeName(2); got != "BIGINT" {
		t.Errorf("n is of type %s", got)
	}
	var got [][]driver.Value
	for {
		dest := make([]driver.Value, 3)
		err := r.Next(dest)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, dest)
	}
	want := [][]driver.Value{{int64(0), "P", int64(42)}, {int64(0), nil, nil}, {int64(-3), "n/a", int64(7)}}
	if len(got) != len(want) {
		t.Fatalf("rows %v, want %v", got, want)
	}
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("row %d column %d: %#v, want %#v", i, j, got[i][j], want[i][j])
			}
		}
	}

	fb := array.NewFloat64Builder(mem)
	fb.Append(1.5)
	floats := fb.NewArray()
	defer floats.Release()
	if _, err := value(floats, 0); err == nil || err.Error() != "values of type DOUBLE are not read" {
		t.Errorf("a double: %v", err)
	}
}

// Whatever connection string is given, opening it gives a connector or an
// error, never a panic, and the error never shows a token it holds.
func FuzzOpenConnector(f *testing.F) {
	for _, dsn := range []string{"sc://localhost", "sc://host:443/;token=abcdef;x-databricks-cluster-id=1", "sc://h/x;token=abcdef", "sc://:1/;token=abcdef", "sc://h:p/;token=abcdef"} {
		f.Add(dsn)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		_, err := Driver{}.OpenConnector(dsn)
		if err == nil {
			return
		}
		for _, p := range params(dsn) {
			name, token, _ := strings.Cut(p, "=")
			if name != "token" || len(token) < 6 {
				continue
			}
			quoted := strconv.Quote(token)
			for _, shown := range []string{token, quoted[1 : len(quoted)-1]} {
				if !strings.Contains(dsn[:strings.Index(dsn, ";")], shown) && strings.Contains(err.Error(), shown) {
					t.Errorf("%q: the error shows the token: %v", dsn, err)
				}
			}
		}
	})
}

// unreadable is a result whose batch the client cannot read: it panics, as
// it does on an Arrow stream with a schema and no record.
type unreadable struct{ spark.DataFrame }

func (unreadable) ToArrow(context.Context) (*arrow.Table, error) {
	var rec arrow.RecordBatch
	rec.Retain()
	return nil, nil
}

// The client's panic on a result it cannot read is the server's failure,
// an error, not figcheck's crash.
func TestUnreadableResult(t *testing.T) {
	_, err := toArrow(t.Context(), unreadable{})
	if err == nil || !strings.HasPrefix(err.Error(), "spark: the server sent a result that cannot be read (runtime error: invalid memory address") {
		t.Errorf("error %v", err)
	}
}
