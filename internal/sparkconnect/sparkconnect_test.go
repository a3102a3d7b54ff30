package sparkconnect

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

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
		for _, p := range strings.Split(dsn, ";")[1:] {
			if name, token, _ := strings.Cut(p, "="); name == "token" && len(token) >= 6 && !strings.Contains(dsn[:strings.Index(dsn, ";")], token) && strings.Contains(err.Error(), token) {
				t.Errorf("%q: the error shows the token: %v", dsn, err)
			}
		}
	})
}
