package cwlogstest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Account and Region are the account and region of every log group the
// server holds; they appear in ARNs.
const (
	Account = "123456789012"
	Region  = "us-east-1"
)

// targetPrefix is the JSON 1.1 service prefix of X-Amz-Target.
const targetPrefix = "Logs_20140328."

// IdentifierStyle is how live events name their log group in
// logGroupIdentifier.
type IdentifierStyle int

const (
	// AccountName is "123456789012:/group/name". The API reference says
	// only "name or ARN"; a client has to accept all three styles.
	AccountName IdentifierStyle = iota
	// ARNStyle is the log group ARN without the trailing ":*".
	ARNStyle
	// NameStyle is the bare log group name.
	NameStyle
)

// Server is a CloudWatch Logs endpoint for tests. Its zero value is not
// usable: call New.
type Server struct {
	// URL is the endpoint to give the SDK as BaseEndpoint.
	URL string

	ts      *httptest.Server
	closing chan struct{}
	closed  sync.Once

	mu       sync.Mutex
	groups   map[string]*group
	seq      int64
	sessions map[int]*session
	started  int
	changed  chan struct{} // closed and replaced on any session change
	cursors  map[string]*cursor
	cursorID int
	requests map[string]int
	hosts    []string
	failures map[string][]string // target -> error codes to answer, in order

	// knobs, under mu
	sampled    bool
	replay     int
	emptyPages int
	pageSize   int
	style      IdentifierStyle
	heartbeat  time.Duration
	retain     int
}

// New starts a server. Close it when done.
func New() *Server {
	s := &Server{
		closing:  make(chan struct{}),
		groups:   make(map[string]*group),
		sessions: make(map[int]*session),
		changed:  make(chan struct{}),
		cursors:  make(map[string]*cursor),
		requests: make(map[string]int),
		failures: make(map[string][]string),
		pageSize: 10000,
		retain:   100000,
	}
	s.ts = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.ts.URL
	return s
}

// Close ends every live session and stops the server.
func (s *Server) Close() {
	s.closed.Do(func() {
		close(s.closing)
		s.ts.Close()
	})
}

// Requests is how many requests of an operation ("StartLiveTail",
// "FilterLogEvents", "DescribeLogGroups") the server has answered.
func (s *Server) Requests(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[op]
}

// LiveTailHosts are the Host headers of the StartLiveTail requests received.
func (s *Server) LiveTailHosts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.hosts...)
}

// FailNext makes the next len(codes) requests of operation op answer with
// the given error codes (e.g. "ThrottlingException"), one each.
func (s *Server) FailNext(op string, codes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[op] = append(s.failures[op], codes...)
}

// FailAlways makes every request of op answer with code until cleared with
// an empty code.
func (s *Server) FailAlways(op, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == "" {
		delete(s.failures, op)
		return
	}
	s.failures[op] = []string{"always:" + code}
}

// SetSampled sets sessionMetadata.sampled in the updates sent from now on.
func (s *Server) SetSampled(v bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sampled = v
}

// SetReplay makes every new live session start by sending again the last n
// stored events it matches, as an overlap a client must deduplicate.
func (s *Server) SetReplay(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replay = n
}

// SetEmptyPages makes every FilterLogEvents query answer n empty pages (with
// a nextToken) before its first page of events.
func (s *Server) SetEmptyPages(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.emptyPages = n
}

// SetPageSize bounds the events of one FilterLogEvents page.
func (s *Server) SetPageSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n > 0 {
		s.pageSize = n
	}
}

// SetIdentifierStyle chooses how live events name their log group.
func (s *Server) SetIdentifierStyle(st IdentifierStyle) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.style = st
}

// SetHeartbeat makes live sessions send an empty sessionUpdate every d (the
// service sends one every second); zero turns it off.
func (s *Server) SetHeartbeat(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.heartbeat = d
}

// SetRetain bounds the events kept per log group for FilterLogEvents; zero
// keeps none (live only, for benchmarks).
func (s *Server) SetRetain(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.retain = n
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	target := r.Header.Get("X-Amz-Target")
	op, ok := strings.CutPrefix(target, targetPrefix)
	if r.Method != http.MethodPost || !ok {
		writeError(w, http.StatusBadRequest, "UnknownOperationException", "unknown target "+target)
		return
	}
	if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential=") {
		writeError(w, http.StatusBadRequest, "MissingAuthenticationTokenException", "Missing Authentication Token")
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/x-amz-json-1.1" {
		writeError(w, http.StatusBadRequest, "SerializationException", "unexpected Content-Type "+ct)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		writeError(w, http.StatusBadRequest, "SerializationException", err.Error())
		return
	}
	s.mu.Lock()
	s.requests[op]++
	if op == "StartLiveTail" {
		s.hosts = append(s.hosts, r.Host)
	}
	code := s.takeFailure(op)
	s.mu.Unlock()
	if code != "" {
		writeError(w, statusOf(code), code, "injected "+code)
		return
	}
	switch op {
	case "DescribeLogGroups":
		s.describeLogGroups(w, body)
	case "FilterLogEvents":
		s.filterLogEvents(w, body)
	case "StartLiveTail":
		s.startLiveTail(w, r, body)
	default:
		writeError(w, http.StatusBadRequest, "UnknownOperationException", "operation "+op+" is not supported by this test server")
	}
}

// takeFailure pops the next injected error code for op. Callers hold mu.
func (s *Server) takeFailure(op string) string {
	q := s.failures[op]
	if len(q) == 0 {
		return ""
	}
	if c, ok := strings.CutPrefix(q[0], "always:"); ok {
		return c
	}
	s.failures[op] = q[1:]
	return q[0]
}

func statusOf(code string) int {
	switch code {
	case "ServiceUnavailableException":
		return http.StatusServiceUnavailable
	case "InternalFailure":
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

// writeError answers a JSON 1.1 error the way the service does: the error
// type, namespaced, in __type.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]string{"__type": "com.amazonaws.logs#" + code, "message": msg})
	w.Write(b)
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "InternalFailure", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Write(b)
}

// notify wakes waiters after a session change. Callers hold mu.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func badRequest(w http.ResponseWriter, format string, args ...any) {
	writeError(w, http.StatusBadRequest, "InvalidParameterException", fmt.Sprintf(format, args...))
}

func (st IdentifierStyle) String() string {
	switch st {
	case AccountName:
		return "AccountName"
	case ARNStyle:
		return "ARN"
	case NameStyle:
		return "Name"
	}
	return "IdentifierStyle(" + fmt.Sprint(int(st)) + ")"
}
