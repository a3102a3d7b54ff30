// Package trinotest is a stand-in for a Trino coordinator, for tests where
// no Trino server can run: it speaks the client protocol that Trino's Go
// driver speaks (HTTP and JSON), records the statements it is sent and
// answers each from a script. It runs no SQL: what a statement would
// return is the test's to say.
package trinotest

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Result is what a statement returns: columns, each a name and a Trino
// type (varchar(10), decimal(10,1), bigint), and rows of JSON values.
type Result struct {
	Columns [][2]string
	Rows    [][]any
}

// Server is a coordinator that answers statements with answer; an error
// is a failed query, with its message.
type Server struct {
	URL    string
	answer func(query string) (Result, error)
	mu     sync.Mutex
	sent   []string
	pages  map[string]map[string]any // the result page of each query, by its id
}

// New starts a coordinator, closed when the test ends.
func New(t testing.TB, answer func(query string) (Result, error)) *Server {
	s := &Server{answer: answer, pages: map[string]map[string]any{}}
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	s.URL = hs.URL
	return s
}

// Sent are the statements sent so far, in order.
func (s *Server) Sent() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.sent...)
}

// results is where a query's result page is fetched from, after the id.
const results = "/v1/statement/executing/"

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/v1/info":
		writeJSON(w, map[string]any{"nodeVersion": map[string]string{"version": "470"}, "environment": "test", "coordinator": true, "starting": false, "uptime": "1.00m"})
	case r.Method == http.MethodHead && r.URL.Path == "/v1/statement":
		w.WriteHeader(http.StatusOK) // the driver's check of credentials
	case r.Method == http.MethodPost && r.URL.Path == "/v1/statement":
		s.statement(w, r)
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, results):
		s.mu.Lock()
		page, ok := s.pages[strings.TrimPrefix(r.URL.Path, results)]
		s.mu.Unlock()
		if !ok {
			http.Error(w, "no such query", http.StatusNotFound)
			return
		}
		writeJSON(w, page)
	case r.Method == http.MethodDelete:
		w.WriteHeader(http.StatusNoContent)
	default:
		http.Error(w, "not served by the stand-in: "+r.Method+" "+r.URL.Path, http.StatusNotFound)
	}
}

// statement queues a statement, as Trino does, and keeps its result (all
// its columns and rows in one page, or its error) for the driver to fetch
// from the queued page's next address.
func (s *Server) statement(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	query := string(body)
	s.mu.Lock()
	s.sent = append(s.sent, query)
	id := "q" + strconv.Itoa(len(s.sent))
	s.mu.Unlock()
	page := map[string]any{"id": id, "infoUri": "http://" + r.Host + "/ui/query.html?" + id, "stats": map[string]any{"state": "FINISHED"}}
	if res, err := s.answer(query); err != nil {
		page["stats"] = map[string]any{"state": "FAILED"}
		page["error"] = map[string]any{"message": err.Error(), "errorCode": 1, "errorName": "GENERIC_USER_ERROR", "errorType": "USER_ERROR"}
	} else if len(res.Columns) > 0 {
		var cols []map[string]any
		for _, c := range res.Columns {
			cols = append(cols, map[string]any{"name": c[0], "type": c[1], "typeSignature": signature(c[1])})
		}
		page["columns"], page["data"] = cols, res.Rows
	} else {
		page["updateType"] = strings.ToUpper(strings.Fields(query + " ")[0])
	}
	s.mu.Lock()
	s.pages[id] = page
	s.mu.Unlock()
	writeJSON(w, map[string]any{"id": id, "infoUri": page["infoUri"], "nextUri": "http://" + r.Host + results + id, "stats": map[string]any{"state": "QUEUED"}})
}

// signature is the type signature of a type written as Trino writes it,
// with whole-number arguments: decimal(10,1).
func signature(typ string) map[string]any {
	raw, args, _ := strings.Cut(strings.TrimSuffix(typ, ")"), "(")
	arguments := []map[string]any{}
	if args != "" {
		for _, a := range strings.Split(args, ",") {
			n, _ := strconv.Atoi(strings.TrimSpace(a))
			arguments = append(arguments, map[string]any{"kind": "LONG", "value": n})
		}
	}
	return map[string]any{"rawType": raw, "arguments": arguments}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// Table answers as a server holding one table answers figcheck's check of
// it: the table's columns to a query of none of its rows, the verdicts to
// the rules' statements, the rows fetched to the query of rows by number,
// and no rows to a statement that returns none.
type Table struct {
	Columns  [][2]string // name and Trino type; none: there is no such table
	Verdicts [][]any     // rule, verdict, n, then the keys
	Fetched  [][]any     // the row's number, then the dataset's columns as text
	// Gone, when not empty, fails the rules' statements with this
	// message, as a server that went away would.
	Gone string
}

// Answer is the table's answer to a statement.
func (t *Table) Answer(q string) (Result, error) {
	text := func(prefix string, n int) [][2]string {
		var cols [][2]string
		for i := range n {
			cols = append(cols, [2]string{prefix + strconv.Itoa(i), "varchar"})
		}
		return cols
	}
	switch {
	case strings.HasSuffix(q, " LIMIT 0"):
		if t.Columns == nil {
			return Result{}, errors.New("line 1:15: Table does not exist")
		}
		return Result{Columns: t.Columns, Rows: [][]any{}}, nil
	case strings.Contains(q, " AS rule,"):
		if t.Gone != "" {
			return Result{}, errors.New(t.Gone)
		}
		keys := 0
		if len(t.Verdicts) > 0 {
			keys = len(t.Verdicts[0]) - 3
		}
		return Result{Columns: append([][2]string{{"rule", "integer"}, {"verdict", "varchar"}, {"n", "bigint"}}, text("k", keys)...), Rows: t.Verdicts}, nil
	case strings.Contains(q, "SELECT figcheck_row, "):
		cells := 0
		if len(t.Fetched) > 0 {
			cells = len(t.Fetched[0]) - 1
		}
		return Result{Columns: append([][2]string{{"figcheck_row", "bigint"}}, text("c", cells)...), Rows: t.Fetched}, nil
	case strings.HasPrefix(q, "SELECT ") || strings.HasPrefix(q, "WITH "):
		return Result{}, errors.New("the stand-in has no answer to this query")
	}
	return Result{}, nil
}
