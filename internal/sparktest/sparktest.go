// Package sparktest is a stand-in for a Spark Connect server, for tests
// where no Spark can run: it speaks the gRPC protocol that Spark's Go
// client (github.com/apache/spark-connect-go) speaks, records the SQL it is
// sent and answers each statement as the test says (standin.Table answers
// as a server holding one table would). It runs no SQL.
//
// It builds and reads the protocol's messages from the client's own
// descriptors, through JSON, as the client's generated Go types cannot be
// imported from outside its module.
package sparktest

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"math/big"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	_ "github.com/apache/spark-connect-go/spark/sql" // registers the protocol's descriptors
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/figcheck/figcheck/internal/standin"
)

// Server is a Spark Connect server that answers SQL with answer; an error
// fails the statement, with its message.
type Server struct {
	Remote  string // the connection string the client takes: sc://127.0.0.1:PORT
	answer  func(query string) (standin.Result, error)
	mu      sync.Mutex
	sent    []string
	headers metadata.MD       // those of the last call
	queries map[string]result // the last answer to each query, for its relation
}

// New starts a server on a local port, stopped when the test ends.
func New(t testing.TB, answer func(query string) (standin.Result, error)) *Server {
	return start(t, answer)
}

// NewTLS starts a server that speaks TLS with cert, as Databricks' does.
func NewTLS(t testing.TB, answer func(query string) (standin.Result, error), cert tls.Certificate) *Server {
	return start(t, answer, grpc.Creds(credentials.NewServerTLSFromCert(&cert)))
}

func start(t testing.TB, answer func(query string) (standin.Result, error), opts ...grpc.ServerOption) *Server {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Remote: "sc://" + l.Addr().String(), answer: answer, queries: map[string]result{}}
	gs := grpc.NewServer(append(opts, grpc.UnknownServiceHandler(s.serve))...)
	go gs.Serve(l)
	t.Cleanup(gs.Stop)
	return s
}

// Sent are the SQL statements sent so far, in order, each once.
func (s *Server) Sent() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.sent...)
}

// Header is the values of a header of the last call (its name in lower
// case, as gRPC gives it).
func (s *Server) Header(name string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.headers.Get(name)
}

const service = "/spark.connect.SparkConnectService/"

// serve answers every call: ExecutePlan streams its responses; the rest
// (AnalyzePlan, Config, …) are not served.
func (s *Server) serve(_ any, stream grpc.ServerStream) error {
	method, _ := grpc.MethodFromServerStream(stream)
	md, _ := metadata.FromIncomingContext(stream.Context())
	s.mu.Lock()
	s.headers = md
	s.mu.Unlock()
	if method != service+"ExecutePlan" {
		return status.Errorf(codes.Unimplemented, "the Spark Connect stand-in does not serve %s", method)
	}
	var req struct {
		SessionID   string `json:"sessionId"`
		OperationID string `json:"operationId"`
		Plan        plan   `json:"plan"`
	}
	if err := receive(stream, "ExecutePlanRequest", &req); err != nil {
		return err
	}
	responses, err := s.execute(req.Plan)
	if err != nil {
		return err
	}
	for _, r := range append(responses, map[string]any{"resultComplete": map[string]any{}}) {
		r["sessionId"], r["operationId"] = req.SessionID, req.OperationID
		if err := send(stream, "ExecutePlanResponse", r); err != nil {
			return err
		}
	}
	return nil
}

// plan is what the stand-in reads of a plan: a SQL command, or a relation.
type plan struct {
	Command *struct {
		SQLCommand *struct {
			SQL string `json:"sql"`
		} `json:"sqlCommand"`
	} `json:"command"`
	Root *relation `json:"root"`
}

// relation is what the stand-in reads of a relation: a query, or rows
// given in Arrow (those of a command's result, which has none).
type relation struct {
	SQL *struct {
		Query string `json:"query"`
	} `json:"sql"`
	LocalRelation *struct {
		Data []byte `json:"data"`
	} `json:"localRelation"`
}

// execute is the responses to a plan, before the one that completes it.
// A SQL command is answered as Spark answers it: a query with a relation
// the client then executes, a command (run then) with its result, which is
// no rows.
func (s *Server) execute(p plan) ([]map[string]any, error) {
	if p.Root != nil {
		res, err := s.relation(*p.Root)
		if err != nil {
			return nil, err
		}
		responses := []map[string]any{{"schema": res.schema}}
		for _, b := range res.batches {
			responses = append(responses, map[string]any{"arrowBatch": map[string]any{"rowCount": b.rows, "data": b.data}})
		}
		return responses, nil
	}
	if p.Command == nil || p.Command.SQLCommand == nil {
		return nil, status.Error(codes.Unimplemented, "the Spark Connect stand-in executes only SQL commands and the relations it answers them with")
	}
	q := p.Command.SQLCommand.SQL
	res, err := s.statement(q)
	if err != nil {
		return nil, err
	}
	rel := map[string]any{"sql": map[string]any{"query": q}}
	if res.columns == 0 {
		rel = map[string]any{"localRelation": map[string]any{"data": res.batches[0].data}}
	}
	return []map[string]any{{"sqlCommandResult": map[string]any{"relation": rel}}}, nil
}

// statement records a statement and answers it.
func (s *Server) statement(q string) (result, error) {
	s.mu.Lock()
	s.sent = append(s.sent, q)
	s.mu.Unlock()
	ans, err := s.answer(q)
	if err != nil {
		return result{}, status.Error(codes.Internal, err.Error())
	}
	res, err := encode(ans)
	if err != nil {
		return result{}, status.Errorf(codes.InvalidArgument, "the Spark Connect stand-in cannot answer %q: %v", q, err)
	}
	if len(ans.Columns) > 0 {
		s.mu.Lock()
		s.queries[q] = res
		s.mu.Unlock()
	}
	return res, nil
}

// relation is the result of a relation the stand-in answered a SQL
// command with: a query's answer, or a command's, which has no columns.
func (s *Server) relation(r relation) (result, error) {
	if r.SQL != nil {
		s.mu.Lock()
		res, ok := s.queries[r.SQL.Query]
		s.mu.Unlock()
		if ok {
			return res, nil
		}
	}
	if r.LocalRelation != nil {
		if rd, err := ipc.NewReader(bytes.NewReader(r.LocalRelation.Data)); err == nil {
			defer rd.Release()
			if rd.Schema().NumFields() == 0 {
				return encode(standin.Result{})
			}
		}
	}
	return result{}, status.Error(codes.Unimplemented, "the Spark Connect stand-in executes only the relations it answers SQL commands with")
}

// result is a statement's answer as Spark sends it: the schema (a
// DataType, as JSON) and the rows in Arrow batches of at most batchRows.
type result struct {
	schema  map[string]any
	batches []batch
	columns int
}

// batch is an Arrow IPC stream of one record batch, and its rows.
type batch struct {
	data []byte
	rows int
}

// batchRows is the most rows Spark puts in a batch (its
// spark.sql.execution.arrow.maxRecordsPerBatch).
const batchRows = 10000

// encode writes a statement's answer as Spark sends it. Spark sends a
// batch even with no rows, which is how the client learns the columns.
func encode(ans standin.Result) (result, error) {
	fields := []any{}
	var arrowFields []arrow.Field
	for _, c := range ans.Columns {
		dt, typ, err := sparkType(c[1])
		if err != nil {
			return result{}, fmt.Errorf("column %s: %w", c[0], err)
		}
		fields = append(fields, map[string]any{"name": c[0], "dataType": typ, "nullable": true})
		arrowFields = append(arrowFields, arrow.Field{Name: c[0], Type: dt, Nullable: true})
	}
	for i, row := range ans.Rows {
		if len(row) != len(ans.Columns) {
			return result{}, fmt.Errorf("row %d has %d values for %d columns", i+1, len(row), len(ans.Columns))
		}
	}
	res := result{schema: map[string]any{"struct": map[string]any{"fields": fields}}, columns: len(ans.Columns)}
	schema := arrow.NewSchema(arrowFields, nil)
	for start := 0; start == 0 || start < len(ans.Rows); start += batchRows {
		rows := ans.Rows[start:min(start+batchRows, len(ans.Rows))]
		data, err := encodeBatch(schema, ans.Columns, rows, start)
		if err != nil {
			return result{}, err
		}
		res.batches = append(res.batches, batch{data, len(rows)})
	}
	return res, nil
}

// encodeBatch writes rows, the first of which is the answer's row start+1,
// as one Arrow IPC stream.
func encodeBatch(schema *arrow.Schema, columns [][2]string, rows [][]any, start int) ([]byte, error) {
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for i, row := range rows {
		for j, v := range row {
			if err := appendValue(b.Field(j), v); err != nil {
				return nil, fmt.Errorf("row %d, column %s: %w", start+i+1, columns[j][0], err)
			}
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(schema))
	if err := w.Write(rec); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sparkType is the Arrow type and the Spark DataType (as JSON) of a type
// written as Trino writes it.
func sparkType(typ string) (arrow.DataType, map[string]any, error) {
	name, args, _ := strings.Cut(strings.TrimSuffix(typ, ")"), "(")
	switch name {
	case "varchar":
		return arrow.BinaryTypes.String, map[string]any{"string": map[string]any{}}, nil
	case "integer":
		return arrow.PrimitiveTypes.Int32, map[string]any{"integer": map[string]any{}}, nil
	case "bigint":
		return arrow.PrimitiveTypes.Int64, map[string]any{"long": map[string]any{}}, nil
	case "double":
		return arrow.PrimitiveTypes.Float64, map[string]any{"double": map[string]any{}}, nil
	case "boolean":
		return arrow.FixedWidthTypes.Boolean, map[string]any{"boolean": map[string]any{}}, nil
	case "decimal":
		p, s, ok := strings.Cut(args, ",")
		prec, err1 := strconv.Atoi(strings.TrimSpace(p))
		scale, err2 := strconv.Atoi(strings.TrimSpace(s))
		if !ok || err1 != nil || err2 != nil || prec < 1 || prec > 38 || scale < 0 || scale > prec {
			return nil, nil, fmt.Errorf("bad decimal type %q", typ)
		}
		return &arrow.Decimal128Type{Precision: int32(prec), Scale: int32(scale)},
			map[string]any{"decimal": map[string]any{"precision": prec, "scale": scale}}, nil
	}
	return nil, nil, fmt.Errorf("type %q is not one the stand-in writes", typ)
}

// appendValue appends a value to its column: a string, a whole number, a
// float64, a bool, a decimal's text, or nil for NULL.
func appendValue(b array.Builder, v any) error {
	if v == nil {
		b.AppendNull()
		return nil
	}
	switch b := b.(type) {
	case *array.StringBuilder:
		if s, ok := v.(string); ok {
			b.Append(s)
			return nil
		}
	case *array.Int32Builder:
		if n, ok := whole(v); ok && int64(int32(n)) == n {
			b.Append(int32(n))
			return nil
		}
	case *array.Int64Builder:
		if n, ok := whole(v); ok {
			b.Append(n)
			return nil
		}
	case *array.Float64Builder:
		if f, ok := v.(float64); ok {
			b.Append(f)
			return nil
		}
	case *array.BooleanBuilder:
		if t, ok := v.(bool); ok {
			b.Append(t)
			return nil
		}
	case *array.Decimal128Builder:
		if s, ok := v.(string); ok {
			t := b.Type().(*arrow.Decimal128Type)
			n, err := decimal(s, t.Precision, t.Scale)
			if err != nil {
				return err
			}
			b.Append(n)
			return nil
		}
	}
	return fmt.Errorf("%v (%T) is not a value of type %s", v, v, b.Type())
}

// whole is a Go integer's value.
func whole(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int32:
		return int64(n), true
	case int64:
		return n, true
	}
	return 0, false
}

// decimal is a decimal's text as a number of its scale, exactly: text with
// more decimals than the scale, or more digits than the precision, is an
// error rather than rounded.
func decimal(text string, prec, scale int32) (decimal128.Num, error) {
	whole, frac, _ := strings.Cut(text, ".")
	if len(frac) > int(scale) {
		return decimal128.Num{}, fmt.Errorf("%q has more than %d decimals", text, scale)
	}
	digits := strings.TrimLeft(whole, "+-") + frac
	n, ok := new(big.Int).SetString(whole+frac+strings.Repeat("0", int(scale)-len(frac)), 10)
	if !ok || digits == "" || strings.ContainsAny(digits, "+-") {
		return decimal128.Num{}, fmt.Errorf("%q is not a decimal", text)
	}
	if len(new(big.Int).Abs(n).String()) > int(prec) {
		return decimal128.Num{}, fmt.Errorf("%q has more than %d digits", text, prec)
	}
	return decimal128.FromBigInt(n), nil
}

// receive reads a request of the named message into v, through its JSON.
func receive(stream grpc.ServerStream, name string, v any) error {
	m := dynamicpb.NewMessage(descriptor(name))
	if err := stream.RecvMsg(m); err != nil {
		return err
	}
	js, err := protojson.Marshal(m)
	if err != nil {
		return status.Error(codes.Internal, err.Error())
	}
	if err := json.Unmarshal(js, v); err != nil {
		return status.Error(codes.Internal, err.Error())
	}
	return nil
}

// send sends a response of the named message, given as its JSON.
func send(stream grpc.ServerStream, name string, v map[string]any) error {
	js, err := json.Marshal(v)
	if err != nil {
		return status.Error(codes.Internal, err.Error())
	}
	m := dynamicpb.NewMessage(descriptor(name))
	if err := protojson.Unmarshal(js, m); err != nil {
		return status.Errorf(codes.Internal, "the Spark Connect stand-in wrote a bad %s: %v", name, err)
	}
	return stream.SendMsg(m)
}

// descriptor is a message of the Spark Connect protocol, which the client
// registers.
func descriptor(name string) protoreflect.MessageDescriptor {
	d, err := protoregistry.GlobalFiles.FindDescriptorByName("spark.connect." + protoreflect.FullName(name))
	if err != nil {
		panic(err) // the client's package, imported above, registers all of them
	}
	return d.(protoreflect.MessageDescriptor)
}
