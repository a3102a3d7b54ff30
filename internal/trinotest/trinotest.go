// Package trinotest is a stand-in for a Trino coordinator, for tests where
// no Trino server can run: it speaks the client protocol that Trino's Go
// driver speaks (HTTP and JSON), records the statements it is sent and
// answers each as the test says (standin.Table answers as a server holding
// one table would). It runs no SQL.
package trinotest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/figcheck/figcheck/internal/standin"
)

// Server is a coordinator that answers statements with answer; an error
// is a failed query, with its message.
type Server struct {
	URL    string
	answer func(query string) (standin.Result, error)
	mu     sync.Mutex
	sent   []string
	pages  map[string]map[string]any // the result page of each query, by its id
}

// New starts a coordinator, closed when the test ends.
func New(t testing.TB, answer func(query string) (standin.Result, error)) *Server {
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
