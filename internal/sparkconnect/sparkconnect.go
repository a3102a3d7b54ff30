// Package sparkconnect is a database/sql driver, named "spark", for Spark
// Connect (Apache Spark 3.4 and later, and Databricks clusters), over
// Apache Spark's own Go client. It serves what figcheck's engines send:
// statements without arguments, commands run as they are sent, queries
// whose results are read whole (the client holds a result's Arrow
// batches until the last has come) and hold text and whole numbers, and
// each result's column types as Spark names them.
//
// A connection string is Spark Connect's own:
// sc://host:port/;token=…;x-header=value, where a token makes the
// connection TLS and is sent as a bearer token, and other parameters are
// sent as headers (x-databricks-cluster-id for a Databricks cluster).
package sparkconnect

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/spark-connect-go/spark/client/channel"
	"github.com/apache/spark-connect-go/spark/sparkerrors"
	spark "github.com/apache/spark-connect-go/spark/sql"
	"golang.org/x/oauth2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/credentials/oauth"
	"google.golang.org/grpc/status"
)

func init() { sql.Register("spark", Driver{}) }

// Driver is the "spark" driver.
type Driver struct{}

// Open connects to the server dsn names.
func (d Driver) Open(dsn string) (driver.Conn, error) {
	c, err := d.OpenConnector(dsn)
	if err != nil {
		return nil, err
	}
	return c.Connect(context.Background())
}

// OpenConnector reads dsn, a Spark Connect connection string.
func (Driver) OpenConnector(dsn string) (driver.Connector, error) {
	cb, err := channel.NewBuilder(dsn)
	if err != nil {
		return nil, errors.New(hideToken(dsn, dsn+": "+err.Error()))
	}
	for _, p := range params(dsn) {
		// The client takes a parameter only as name=value, and drops the
		// rest: a token with '=' in it would leave the connection without
		// TLS or the token.
		if name, _, _ := strings.Cut(p, "="); p != "" && strings.Count(p, "=") != 1 {
			return nil, fmt.Errorf("%s: the parameter %s is not of the form name=value, with one '='", hideToken(dsn, dsn), name)
		}
	}
	return connector{cb}, nil
}

// params are the parameters of a connection string, name=value, after the
// first ';'.
func params(dsn string) []string {
	return strings.Split(dsn, ";")[1:]
}

// hideToken is text with the value of each token dsn gives hidden, as it
// is and as Go quotes it.
func hideToken(dsn, text string) string {
	for _, p := range params(dsn) {
		if name, token, _ := strings.Cut(p, "="); name == "token" && token != "" {
			quoted := strconv.Quote(token)
			text = strings.ReplaceAll(strings.ReplaceAll(text, token, "…"), quoted[1:len(quoted)-1], "…")
		}
	}
	return text
}

// connector is a connection string, read.
type connector struct{ cb *channel.BaseBuilder }

func (c connector) Driver() driver.Driver { return Driver{} }

// Connect starts a session. The gRPC channel connects on the first call:
// Ping says whether the server answers.
func (c connector) Connect(ctx context.Context) (driver.Conn, error) {
	b := &keptChannel{BaseBuilder: c.cb}
	s, err := spark.NewSessionBuilder().WithChannelBuilder(b).Build(ctx)
	if err != nil {
		return nil, plain(err)
	}
	return &conn{session: s, channel: b.conn}, nil
}

// keptChannel builds the session's channel as the client's builder does,
// but takes results of up to maxMessage bytes, and keeps the channel, to be
// closed with the connection: the session's Stop leaves it open.
type keptChannel struct {
	*channel.BaseBuilder
	conn *grpc.ClientConn
}

// maxMessage is the largest message the channel takes: Spark's own Python
// client's limit. gRPC's default, 4 MiB, is less than a batch of Spark 4
// (10,000 rows and up to 128 MiB × 0.7): 10,000 rows of 420 bytes would be
// refused.
const maxMessage = 128 << 20

func (b *keptChannel) Build(ctx context.Context) (*grpc.ClientConn, error) {
	opts := []grpc.DialOption{grpc.WithAuthority(b.Host()), grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(maxMessage))}
	if b.Token() == "" {
		opts = append(opts, grpc.WithTransportCredentials(insecure.NewCredentials()))
	} else {
		roots, err := x509.SystemCertPool()
		if err != nil {
			return nil, err
		}
		opts = append(opts, grpc.WithTransportCredentials(credentials.NewTLS(&tls.Config{RootCAs: roots})),
			grpc.WithPerRPCCredentials(oauth.TokenSource{TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: b.Token(), TokenType: "bearer"})}))
	}
	conn, err := grpc.NewClient(net.JoinHostPort(b.Host(), strconv.Itoa(b.Port())), opts...)
	b.conn = conn
	return conn, err
}

// conn is a session of Spark Connect.
type conn struct {
	session spark.SparkSession
	channel *grpc.ClientConn
}

var (
	_ driver.QueryerContext = (*conn)(nil)
	_ driver.ExecerContext  = (*conn)(nil)
	_ driver.Pinger         = (*conn)(nil)
)

func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return nil, errors.New("spark: prepared statements are not supported")
}

func (c *conn) Begin() (driver.Tx, error) {
	return nil, errors.New("spark: transactions are not supported")
}

func (c *conn) Close() error { return c.channel.Close() }

// Ping asks the server to plan a query of nothing.
func (c *conn) Ping(ctx context.Context) error {
	_, err := c.session.Sql(ctx, "SELECT 1")
	return plain(err)
}

// ExecContext runs a statement; Spark runs a command as it is sent.
func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if len(args) > 0 {
		return nil, errors.New("spark: statements take no arguments")
	}
	if _, err := c.session.Sql(ctx, query); err != nil {
		return nil, plain(err)
	}
	return driver.ResultNoRows, nil
}

// QueryContext runs a query and reads its whole result.
func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if len(args) > 0 {
		return nil, errors.New("spark: queries take no arguments")
	}
	df, err := c.session.Sql(ctx, query)
	if err != nil {
		return nil, plain(err)
	}
	t, err := toArrow(ctx, df)
	if err != nil {
		return nil, plain(err)
	}
	if t == nil || *t == nil {
		// Spark sends a batch, empty if need be, with every result: it is
		// where the columns are.
		return nil, errors.New("spark: the server sent a result without its columns")
	}
	defer (*t).Release()
	return newRows(*t)
}

// toArrow reads df's result. The client panics on a batch it cannot read
// (it uses the record before it checks the error): that is the server's
// failure, told as an error.
func toArrow(ctx context.Context, df spark.DataFrame) (t *arrow.Table, err error) {
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, fmt.Errorf("spark: the server sent a result that cannot be read (%v)", r)
		}
	}()
	return df.ToArrow(ctx)
}

// plain is an error of the client without the statement it quotes (the
// whole SQL, thousands of characters) and its stack: the server's message
// and code, or the gRPC status's.
func plain(err error) error {
	if err == nil {
		return nil
	}
	var se *sparkerrors.SparkError
	if errors.As(err, &se) {
		return errors.New(se.Error())
	}
	var gs interface{ GRPCStatus() *status.Status }
	if errors.As(err, &gs) {
		s := gs.GRPCStatus()
		return fmt.Errorf("[%s] %s", s.Code(), s.Message())
	}
	return err
}

// rows are a result read whole, its values converted as they are read.
type rows struct {
	schema *arrow.Schema
	recs   []arrow.RecordBatch
	rec    int // the record being read
	row    int // the next row in it
}

// newRows keeps the records of t.
func newRows(t arrow.Table) (*rows, error) {
	r := &rows{schema: t.Schema()}
	tr := array.NewTableReader(t, -1)
	defer tr.Release()
	for tr.Next() {
		rec := tr.RecordBatch()
		rec.Retain()
		r.recs = append(r.recs, rec)
	}
	if err := tr.Err(); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

func (r *rows) Columns() []string {
	names := make([]string, r.schema.NumFields())
	for i, f := range r.schema.Fields() {
		names[i] = f.Name
	}
	return names
}

// ColumnTypeDatabaseTypeName is the column's type as Spark SQL names it,
// in upper case: STRING, INT, BIGINT, DOUBLE, DECIMAL(10,1).
func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	return typeName(r.schema.Field(i).Type)
}

// typeName is Spark SQL's name of the type Spark sends a column of as t.
func typeName(t arrow.DataType) string {
	switch t := t.(type) {
	case *arrow.Decimal128Type:
		return fmt.Sprintf("DECIMAL(%d,%d)", t.Precision, t.Scale)
	case *arrow.TimestampType:
		if t.TimeZone == "" {
			return "TIMESTAMP_NTZ"
		}
		return "TIMESTAMP"
	}
	if name, ok := typeNames[t.ID()]; ok {
		return name
	}
	return strings.ToUpper(t.Name())
}

// typeNames are Spark SQL's names of the types Spark sends as Arrow's.
var typeNames = map[arrow.Type]string{
	arrow.STRING: "STRING", arrow.LARGE_STRING: "STRING", arrow.BOOL: "BOOLEAN",
	arrow.INT8: "TINYINT", arrow.INT16: "SMALLINT", arrow.INT32: "INT", arrow.INT64: "BIGINT",
	arrow.FLOAT32: "FLOAT", arrow.FLOAT64: "DOUBLE", arrow.DATE32: "DATE", arrow.BINARY: "BINARY",
}

func (r *rows) Close() error {
	for _, rec := range r.recs {
		rec.Release()
	}
	r.recs = nil
	return nil
}

// Next converts the next row's values: text and whole numbers, which are
// all that figcheck's queries return, and NULL as nil.
func (r *rows) Next(dest []driver.Value) error {
	for r.rec < len(r.recs) && r.row >= int(r.recs[r.rec].NumRows()) {
		r.rec, r.row = r.rec+1, 0
	}
	if r.rec == len(r.recs) {
		return io.EOF
	}
	rec := r.recs[r.rec]
	for i, col := range rec.Columns() {
		v, err := value(col, r.row)
		if err != nil {
			return fmt.Errorf("spark: column %s: %v", rec.ColumnName(i), err)
		}
		dest[i] = v
	}
	r.row++
	return nil
}

// value is the value of col at row i.
func value(col arrow.Array, i int) (driver.Value, error) {
	if col.IsNull(i) {
		return nil, nil
	}
	switch a := col.(type) {
	case *array.String:
		return a.Value(i), nil
	case *array.LargeString:
		return a.Value(i), nil
	case *array.Int8:
		return int64(a.Value(i)), nil
	case *array.Int16:
		return int64(a.Value(i)), nil
	case *array.Int32:
		return int64(a.Value(i)), nil
	case *array.Int64:
		return a.Value(i), nil
	}
	return nil, fmt.Errorf("values of type %s are not read", typeName(col.DataType()))
}
