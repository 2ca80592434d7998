package cwlogstest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// group is one log group and the events it holds.
type group struct {
	name    string
	created time.Time
	events  []stored // in ingestion order, at most retain
}

// stored is an ingested event.
type stored struct {
	id        string
	stream    string
	message   string
	timestamp int64 // ms
	ingestion int64 // ms
	seq       int64
}

// Event is a log event to ingest.
type Event struct {
	Group   string
	Stream  string
	Message string
	// Timestamp is the event time; zero means now.
	Timestamp time.Time
}

// ARN is the ARN of log group name without the trailing ":*", the form
// StartLiveTail takes.
func ARN(name string) string {
	return "arn:aws:logs:" + Region + ":" + Account + ":log-group:" + name
}

// AddGroups creates log groups (existing ones are kept).
func (s *Server) AddGroups(names ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range names {
		if _, ok := s.groups[n]; !ok {
			s.groups[n] = &group{name: n, created: time.Now()}
		}
	}
}

// Put ingests events: they are stored for FilterLogEvents and sent to every
// live session they match, in sessionUpdate messages of at most 500 events.
// Events of unknown groups are dropped. Put blocks while a live session's
// queue is full (the client is slow), as back-pressure for benchmarks.
func (s *Server) Put(evs ...Event) {
	now := time.Now().UnixMilli()
	s.mu.Lock()
	batch := make([]stored, 0, len(evs))
	names := make([]string, 0, len(evs))
	for _, e := range evs {
		g, ok := s.groups[e.Group]
		if !ok {
			continue
		}
		s.seq++
		ts := now
		if !e.Timestamp.IsZero() {
			ts = e.Timestamp.UnixMilli()
		}
		st := stored{
			// Real event ids are long decimal strings.
			id:        "3" + strconv.FormatInt(ts, 10) + strconv.FormatInt(1e12+s.seq, 10),
			stream:    e.Stream,
			message:   e.Message,
			timestamp: ts,
			ingestion: now,
			seq:       s.seq,
		}
		if s.retain > 0 {
			if len(g.events) >= s.retain {
				g.events = slices.Delete(g.events, 0, len(g.events)-s.retain+1)
			}
			g.events = append(g.events, st)
		}
		batch = append(batch, st)
		names = append(names, g.name)
	}
	sessions := make([]*session, 0, len(s.sessions))
	for _, ss := range s.sessions {
		sessions = append(sessions, ss)
	}
	sampled, style := s.sampled, s.style
	s.mu.Unlock()

	for _, ss := range sessions {
		var out []liveEvent
		for i, st := range batch {
			if ss.matches(names[i], st.stream, st.message) {
				out = append(out, toLive(names[i], st, style))
			}
		}
		for len(out) > 0 {
			n := min(len(out), maxUpdateEvents)
			ss.send(frame{events: out[:n], sampled: sampled})
			out = out[n:]
		}
	}
}

type describeRequest struct {
	LogGroupNamePrefix  *string  `json:"logGroupNamePrefix"`
	LogGroupNamePattern *string  `json:"logGroupNamePattern"`
	LogGroupIdentifiers []string `json:"logGroupIdentifiers"`
	Limit               *int     `json:"limit"`
	NextToken           *string  `json:"nextToken"`
}

type logGroupJSON struct {
	LogGroupName string `json:"logGroupName"`
	Arn          string `json:"arn"`
	LogGroupArn  string `json:"logGroupArn"`
	CreationTime int64  `json:"creationTime"`
	StoredBytes  int64  `json:"storedBytes"`
}

func (s *Server) describeLogGroups(w http.ResponseWriter, body []byte) {
	var req describeRequest
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, "SerializationException", err.Error())
		return
	}
	if req.LogGroupNamePrefix != nil && (req.LogGroupNamePattern != nil || len(req.LogGroupIdentifiers) > 0) {
		badRequest(w, "logGroupNamePrefix cannot be combined with logGroupNamePattern or logGroupIdentifiers")
		return
	}
	limit := 50
	if req.Limit != nil {
		if *req.Limit < 1 || *req.Limit > 50 {
			badRequest(w, "limit must be between 1 and 50")
			return
		}
		limit = *req.Limit
	}
	start := 0
	if req.NextToken != nil {
		n, err := strconv.Atoi(strings.TrimPrefix(*req.NextToken, "g"))
		if err != nil || n < 0 {
			badRequest(w, "invalid nextToken")
			return
		}
		start = n
	}

	s.mu.Lock()
	var all []logGroupJSON
	for _, g := range s.groups {
		if req.LogGroupNamePrefix != nil && !strings.HasPrefix(g.name, *req.LogGroupNamePrefix) {
			continue
		}
		if req.LogGroupNamePattern != nil && !strings.Contains(g.name, *req.LogGroupNamePattern) {
			continue
		}
		if len(req.LogGroupIdentifiers) > 0 && !slices.Contains(req.LogGroupIdentifiers, g.name) && !slices.Contains(req.LogGroupIdentifiers, ARN(g.name)) {
			continue
		}
		var size int64
		for _, e := range g.events {
			size += int64(len(e.message))
		}
		all = append(all, logGroupJSON{
			LogGroupName: g.name,
			Arn:          ARN(g.name) + ":*",
			LogGroupArn:  ARN(g.name),
			CreationTime: g.created.UnixMilli(),
			StoredBytes:  size,
		})
	}
	s.mu.Unlock()
	slices.SortFunc(all, func(a, b logGroupJSON) int { return strings.Compare(a.LogGroupName, b.LogGroupName) })

	resp := struct {
		LogGroups []logGroupJSON `json:"logGroups"`
		NextToken *string        `json:"nextToken,omitempty"`
	}{LogGroups: []logGroupJSON{}}
	if start < len(all) {
		end := min(start+limit, len(all))
		resp.LogGroups = all[start:end]
		if end < len(all) {
			t := "g" + strconv.Itoa(end)
			resp.NextToken = &t
		}
	}
	writeJSON(w, resp)
}

// groupByIdentifier finds a group by name or ARN (with or without ":*").
// Callers hold mu.
func (s *Server) groupByIdentifier(id string) *group {
	if g, ok := s.groups[id]; ok {
		return g
	}
	prefix := "arn:aws:logs:" + Region + ":" + Account + ":log-group:"
	if name, ok := strings.CutPrefix(id, prefix); ok {
		return s.groups[strings.TrimSuffix(name, ":*")]
	}
	return nil
}
