package cwlogstest

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
)

// maxUpdateEvents is the most events the service puts in one sessionUpdate.
const maxUpdateEvents = 500

// Fault is something injected into live sessions.
type Fault int

const (
	// TimeoutException ends the session with SessionTimeoutException, as the
	// service does after three hours.
	TimeoutException Fault = iota + 1
	// StreamingException ends the session with SessionStreamingException.
	StreamingException
	// DropConnection aborts the connection without a final message.
	DropConnection
	// InvalidJSON sends a sessionUpdate whose payload is not JSON.
	InvalidJSON
	// UnknownEvent sends an event of a type the SDK does not know; the
	// session goes on.
	UnknownEvent
	// Silence stops sending anything, connection open, until the client
	// goes away.
	Silence
)

// frame is one thing a live session handler writes.
type frame struct {
	events  []liveEvent
	sampled bool
	fault   Fault
}

// session is one live StartLiveTail response.
type session struct {
	id       int
	groups   []string // names
	streams  []string
	prefixes []string
	pattern  string
	out      chan frame
	done     chan struct{} // closed when the handler returns
}

func (ss *session) matches(groupName, stream, msg string) bool {
	if !slices.Contains(ss.groups, groupName) {
		return false
	}
	if len(ss.streams) > 0 && !slices.Contains(ss.streams, stream) {
		return false
	}
	if len(ss.prefixes) > 0 && !slices.ContainsFunc(ss.prefixes, func(p string) bool { return strings.HasPrefix(stream, p) }) {
		return false
	}
	return matchPattern(ss.pattern, msg)
}

// send queues f unless the session has ended.
func (ss *session) send(f frame) {
	select {
	case ss.out <- f:
	case <-ss.done:
	}
}

type liveEvent struct {
	LogStreamName      string `json:"logStreamName"`
	LogGroupIdentifier string `json:"logGroupIdentifier"`
	Message            string `json:"message"`
	Timestamp          int64  `json:"timestamp"`
	IngestionTime      int64  `json:"ingestionTime"`
}

func toLive(groupName string, st stored, style IdentifierStyle) liveEvent {
	id := Account + ":" + groupName
	switch style {
	case ARNStyle:
		id = ARN(groupName)
	case NameStyle:
		id = groupName
	}
	return liveEvent{
		LogStreamName:      st.stream,
		LogGroupIdentifier: id,
		Message:            st.message,
		Timestamp:          st.timestamp,
		IngestionTime:      st.ingestion,
	}
}

type liveTailRequest struct {
	LogGroupIdentifiers   []string `json:"logGroupIdentifiers"`
	LogStreamNames        []string `json:"logStreamNames"`
	LogStreamNamePrefixes []string `json:"logStreamNamePrefixes"`
	LogEventFilterPattern *string  `json:"logEventFilterPattern"`
}

// Inject sends a fault to every active live session and returns how many
// it reached.
func (s *Server) Inject(f Fault) int {
	s.mu.Lock()
	sessions := make([]*session, 0, len(s.sessions))
	for _, ss := range s.sessions {
		sessions = append(sessions, ss)
	}
	s.mu.Unlock()
	for _, ss := range sessions {
		ss.send(frame{fault: f})
	}
	return len(sessions)
}

// Sessions reports how many live sessions were started and how many are
// open now.
func (s *Server) Sessions() (started, active int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.started, len(s.sessions)
}

// WaitSessions blocks until cond holds for the session counts, or ctx ends.
func (s *Server) WaitSessions(ctx context.Context, cond func(started, active int) bool) error {
	for {
		s.mu.Lock()
		ok := cond(s.started, len(s.sessions))
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (s *Server) startLiveTail(w http.ResponseWriter, r *http.Request, body []byte) {
	var req liveTailRequest
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, "SerializationException", err.Error())
		return
	}
	switch n := len(req.LogGroupIdentifiers); {
	case n == 0 || n > 10:
		badRequest(w, "logGroupIdentifiers must hold 1 to 10 log groups, not %d", n)
		return
	case n > 1 && (len(req.LogStreamNames) > 0 || len(req.LogStreamNamePrefixes) > 0):
		badRequest(w, "logStreamNames and logStreamNamePrefixes need exactly one log group")
		return
	case len(req.LogStreamNames) > 0 && len(req.LogStreamNamePrefixes) > 0:
		badRequest(w, "logStreamNames and logStreamNamePrefixes are mutually exclusive")
		return
	}

	s.mu.Lock()
	ss := &session{
		streams:  req.LogStreamNames,
		prefixes: req.LogStreamNamePrefixes,
		out:      make(chan frame, 64),
		done:     make(chan struct{}),
	}
	if req.LogEventFilterPattern != nil {
		ss.pattern = *req.LogEventFilterPattern
	}
	for _, id := range req.LogGroupIdentifiers {
		// The service takes ARNs only, never with the trailing ":*".
		g := s.groupByIdentifier(id)
		if !strings.HasPrefix(id, "arn:") || strings.HasSuffix(id, "*") || g == nil {
			s.mu.Unlock()
			writeError(w, http.StatusBadRequest, "ResourceNotFoundException", "log group "+id+" does not exist or is not an ARN")
			return
		}
		ss.groups = append(ss.groups, g.name)
	}
	s.started++
	ss.id = s.started
	s.sessions[ss.id] = ss
	replay := s.replayFor(ss)
	sampled, heartbeat := s.sampled, s.heartbeat
	s.notify()
	s.mu.Unlock()

	defer func() {
		close(ss.done)
		s.mu.Lock()
		delete(s.sessions, ss.id)
		s.notify()
		s.mu.Unlock()
	}()

	w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
	w.WriteHeader(http.StatusOK)
	lw := &liveWriter{w: w, enc: eventstream.NewEncoder()}
	lw.event("initial-response", []byte("{}"))
	start, _ := json.Marshal(map[string]any{
		"sessionId":             "session-" + strconv.Itoa(ss.id),
		"requestId":             "request-" + strconv.Itoa(ss.id),
		"logGroupIdentifiers":   req.LogGroupIdentifiers,
		"logStreamNames":        req.LogStreamNames,
		"logStreamNamePrefixes": req.LogStreamNamePrefixes,
		"logEventFilterPattern": ss.pattern,
	})
	lw.event("sessionStart", start)
	if len(replay) > 0 {
		lw.update(replay, sampled)
	}
	if !lw.flush() {
		return
	}

	var tick <-chan time.Time
	if heartbeat > 0 {
		t := time.NewTicker(heartbeat)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case f := <-ss.out:
			// Write what is queued before flushing, as a loaded server does.
			ok := lw.frame(r.Context(), f, s.closing)
			for ok && len(ss.out) > 0 {
				ok = lw.frame(r.Context(), <-ss.out, s.closing)
			}
			if !ok || !lw.flush() {
				return
			}
		case <-tick:
			s.mu.Lock()
			sampled := s.sampled
			s.mu.Unlock()
			lw.update(nil, sampled)
			if !lw.flush() {
				return
			}
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		}
	}
}

// replayFor returns the last s.replay stored events ss matches, oldest
// first. Callers hold mu.
func (s *Server) replayFor(ss *session) []liveEvent {
	if s.replay <= 0 {
		return nil
	}
	var all []liveEvent
	var seqs []int64
	for _, name := range ss.groups {
		for _, e := range s.groups[name].events {
			if ss.matches(name, e.stream, e.message) {
				all = append(all, toLive(name, e, s.style))
				seqs = append(seqs, e.seq)
			}
		}
	}
	// Order by ingestion sequence across groups, keep the last n.
	idx := make([]int, len(all))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return int(seqs[a] - seqs[b]) })
	if len(idx) > s.replay {
		idx = idx[len(idx)-s.replay:]
	}
	out := make([]liveEvent, len(idx))
	for i, j := range idx {
		out[i] = all[j]
	}
	return out
}

// liveWriter encodes event stream messages onto the response.
type liveWriter struct {
	w   http.ResponseWriter
	enc *eventstream.Encoder
	err error
}

func (lw *liveWriter) write(msg eventstream.Message) {
	if lw.err == nil {
		lw.err = lw.enc.Encode(lw.w, msg)
	}
}

func (lw *liveWriter) flush() bool {
	if lw.err != nil {
		return false
	}
	if f, ok := lw.w.(http.Flusher); ok {
		f.Flush()
	}
	return true
}

func (lw *liveWriter) event(eventType string, payload []byte) {
	var m eventstream.Message
	m.Headers.Set(":message-type", eventstream.StringValue("event"))
	m.Headers.Set(":event-type", eventstream.StringValue(eventType))
	m.Headers.Set(":content-type", eventstream.StringValue("application/json"))
	m.Payload = payload
	lw.write(m)
}

func (lw *liveWriter) update(events []liveEvent, sampled bool) {
	if events == nil {
		events = []liveEvent{}
	}
	b, err := json.Marshal(map[string]any{
		"sessionMetadata": map[string]bool{"sampled": sampled},
		"sessionResults":  events,
	})
	if err != nil {
		lw.err = err
		return
	}
	lw.event("sessionUpdate", b)
}

func (lw *liveWriter) exception(code, msg string) {
	var m eventstream.Message
	m.Headers.Set(":message-type", eventstream.StringValue("exception"))
	m.Headers.Set(":exception-type", eventstream.StringValue(code))
	m.Headers.Set(":content-type", eventstream.StringValue("application/json"))
	m.Payload, _ = json.Marshal(map[string]string{"message": msg})
	lw.write(m)
}

// frame writes f and reports whether the session goes on.
func (lw *liveWriter) frame(ctx context.Context, f frame, closing <-chan struct{}) bool {
	switch f.fault {
	case 0:
		lw.update(f.events, f.sampled)
		return lw.err == nil
	case TimeoutException:
		lw.exception("SessionTimeoutException", "Session timed out after 3 hours")
		lw.flush()
		return false
	case StreamingException:
		lw.exception("SessionStreamingException", "An internal error occurred")
		lw.flush()
		return false
	case DropConnection:
		lw.flush()
		// Abort the connection: the client sees the body end mid-stream.
		panic(http.ErrAbortHandler)
	case InvalidJSON:
		lw.event("sessionUpdate", []byte(`{"sessionResults":[{"message":`))
		return lw.err == nil
	case UnknownEvent:
		lw.event("sessionMystery", []byte(`{"mystery":true}`))
		return lw.err == nil
	case Silence:
		lw.flush()
		select {
		case <-ctx.Done():
		case <-closing:
		}
		return false
	}
	return true
}

func (f Fault) String() string {
	switch f {
	case TimeoutException:
		return "SessionTimeoutException"
	case StreamingException:
		return "SessionStreamingException"
	case DropConnection:
		return "DropConnection"
	case InvalidJSON:
		return "InvalidJSON"
	case UnknownEvent:
		return "UnknownEvent"
	case Silence:
		return "Silence"
	}
	return "Fault(" + strconv.Itoa(int(f)) + ")"
}
