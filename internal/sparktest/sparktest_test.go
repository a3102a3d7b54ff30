package sparktest

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/spark-connect-go/spark/client"
	"github.com/apache/spark-connect-go/spark/client/channel"
	"github.com/apache/spark-connect-go/spark/client/options"
	"github.com/apache/spark-connect-go/spark/sql"
	"github.com/apache/spark-connect-go/spark/sql/types"

	"github.com/figcheck/figcheck/internal/standin"
)

// session is a session of Spark's Go client with the server.
func session(t *testing.T, s *Server) sql.SparkSession {
	t.Helper()
	sess, err := sql.NewSessionBuilder().Remote(s.Remote).Build(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

// script answers each statement from a map; a statement it lacks fails.
func script(answers map[string]standin.Result) func(string) (standin.Result, error) {
	return func(q string) (standin.Result, error) {
		if res, ok := answers[q]; ok {
			return res, nil
		}
		return standin.Result{}, errors.New("no answer to " + q)
	}
}

func TestQueryRowsAndTypes(t *testing.T) {
	q := "SELECT * FROM t"
	s := New(t, script(map[string]standin.Result{q: {
		Columns: [][2]string{{"s", "varchar"}, {"v", "varchar(10)"}, {"i", "integer"}, {"n", "bigint"}, {"d", "double"}, {"m", "decimal(10,1)"}, {"b", "boolean"}},
		Rows: [][]any{
			{"a", "b", 1, int64(1) << 40, 0.5, "50.0", true},
			{nil, nil, nil, nil, nil, nil, nil},
			{"", "z", -7, 3, -1.25, "-123456789.9", false},
		},
	}}))
	ctx := t.Context()
	df, err := session(t, s).Sql(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := df.ToArrow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var types []arrow.DataType
	for _, f := range (*tbl).Schema().Fields() {
		types = append(types, f.Type)
	}
	wantTypes := []arrow.DataType{arrow.BinaryTypes.String, arrow.BinaryTypes.String, arrow.PrimitiveTypes.Int32, arrow.PrimitiveTypes.Int64,
		arrow.PrimitiveTypes.Float64, &arrow.Decimal128Type{Precision: 10, Scale: 1}, arrow.FixedWidthTypes.Boolean}
	if !reflect.DeepEqual(types, wantTypes) {
		t.Errorf("Arrow types %v, want %v", types, wantTypes)
	}
	rows, err := df.Collect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]any{
		{"a", "b", int32(1), int64(1) << 40, 0.5, decimal128.FromI64(500), true},
		{nil, nil, nil, nil, nil, nil, nil},
		{"", "z", int32(-7), int64(3), -1.25, decimal128.FromI64(-1234567899), false},
	}
	var got [][]any
	for _, r := range rows {
		got = append(got, r.Values())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows\n%v, want\n%v", got, want)
	}
	if got := s.Sent(); !reflect.DeepEqual(got, []string{q}) {
		t.Errorf("sent %q, want the query once", got)
	}
}

func TestEmptyResultHasItsColumns(t *testing.T) {
	q := "SELECT * FROM t WHERE false"
	s := New(t, script(map[string]standin.Result{q: {Columns: [][2]string{{"region", "varchar"}, {"value", "decimal(5,2)"}}}}))
	df, err := session(t, s).Sql(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := df.ToArrow(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := arrow.NewSchema([]arrow.Field{
		{Name: "region", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "value", Type: &arrow.Decimal128Type{Precision: 5, Scale: 2}, Nullable: true},
	}, nil)
	if got := (*tbl).Schema(); !got.Equal(want) || (*tbl).NumRows() != 0 {
		t.Errorf("schema %v with %d rows, want %v with none", got, (*tbl).NumRows(), want)
	}
}

func TestCommandRunsOnce(t *testing.T) {
	q := "CREATE TEMPORARY VIEW v AS SELECT 1"
	s := New(t, script(map[string]standin.Result{q: {}}))
	df, err := session(t, s).Sql(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := df.Collect(t.Context()) // the command's result, not the command again
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 0 {
		t.Errorf("the command returned %d rows", len(rows))
	}
	if got := s.Sent(); !reflect.DeepEqual(got, []string{q}) {
		t.Errorf("sent %q, want the command once", got)
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		name   string
		answer standin.Result
		err    error
		want   string
	}{
		{"failed", standin.Result{}, errors.New("line 1:15: Table does not exist"), "line 1:15: Table does not exist"},
		{"unknown type", standin.Result{Columns: [][2]string{{"t", "timestamp"}}}, nil, `column t: type "timestamp" is not one the stand-in writes`},
		{"bad value", standin.Result{Columns: [][2]string{{"i", "integer"}}, Rows: [][]any{{"1"}}}, nil, "row 1, column i: 1 (string) is not a value of type int32"},
		{"rounded decimal", standin.Result{Columns: [][2]string{{"m", "decimal(3,1)"}}, Rows: [][]any{{"1.25"}}}, nil, `"1.25" has more than 1 decimals`},
		{"wide decimal", standin.Result{Columns: [][2]string{{"m", "decimal(3,1)"}}, Rows: [][]any{{"123.4"}}}, nil, `"123.4" has more than 3 digits`},
		{"short row", standin.Result{Columns: [][2]string{{"a", "varchar"}, {"b", "varchar"}}, Rows: [][]any{{"x"}}}, nil, "row 1 has 1 values for 2 columns"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := New(t, func(string) (standin.Result, error) { return c.answer, c.err })
			_, err := session(t, s).Sql(t.Context(), "SELECT 1")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one saying %q", err, c.want)
			}
		})
	}
}

func TestSentInOrder(t *testing.T) {
	s := New(t, func(q string) (standin.Result, error) {
		if strings.HasPrefix(q, "SELECT") {
			return standin.Result{Columns: [][2]string{{"x", "integer"}}, Rows: [][]any{{1}}}, nil
		}
		return standin.Result{}, nil
	})
	sess := session(t, s)
	want := []string{"SET spark.sql.ansi.enabled=true", "SELECT 1 AS x", "DROP VIEW IF EXISTS v", "SELECT 1 AS x"}
	for _, q := range want {
		df, err := sess.Sql(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := df.Collect(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.Sent(); !reflect.DeepEqual(got, want) {
		t.Errorf("sent %q, want %q", got, want)
	}
}

func TestTableAnswers(t *testing.T) {
	table := &standin.Table{Columns: [][2]string{{"region", "varchar"}, {"value", "decimal(10,1)"}}}
	s := New(t, table.Answer)
	sess := session(t, s)
	df, err := sess.Sql(t.Context(), "SELECT * FROM figures LIMIT 0")
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := df.ToArrow(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if f := (*tbl).Schema().Fields(); len(f) != 2 || f[0].Name != "region" || f[1].Type.String() != "decimal(10, 1)" || (*tbl).NumRows() != 0 {
		t.Errorf("columns %v, %d rows; want region and value, a decimal(10,1), and none", f, (*tbl).NumRows())
	}
	if _, err := sess.Sql(t.Context(), "SELECT count(*) FROM figures"); err == nil || !strings.Contains(err.Error(), "no answer to this query") {
		t.Errorf("error %v, want the table's refusal", err)
	}
}

// TestOtherCalls checks that the calls the stand-in does not answer are
// refused clearly.
func TestOtherCalls(t *testing.T) {
	s := New(t, script(nil))
	cb, err := channel.NewBuilder(s.Remote)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := cb.Build(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c := client.NewSparkExecutor(conn, nil, "s1", options.DefaultSparkClientOptions)
	ctx := context.Background()
	if _, err := c.SparkVersion(ctx); err == nil || !strings.Contains(err.Error(), "does not serve /spark.connect.SparkConnectService/AnalyzePlan") {
		t.Errorf("Spark version error %v, want a refusal", err)
	}
	if _, err := c.Config(ctx, nil); err == nil || !strings.Contains(err.Error(), "does not serve /spark.connect.SparkConnectService/Config") {
		t.Errorf("config error %v, want a refusal", err)
	}
	sess := session(t, s)
	df, err := sess.CreateDataFrame(ctx, [][]any{{1}}, types.StructOf(types.NewStructField("x", types.INTEGER)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := df.Collect(ctx); err == nil || !strings.Contains(err.Error(), "executes only the relations it answers SQL commands with") {
		t.Errorf("error %v, want a refusal of a relation the stand-in did not send", err)
	}
	if err := df.CreateTempView(ctx, "v", true, false); err == nil || !strings.Contains(err.Error(), "executes only SQL commands") {
		t.Errorf("error %v, want a refusal of a command other than SQL", err)
	}
	if len(s.Sent()) != 0 {
		t.Errorf("sent %q, want nothing", s.Sent())
	}
}
