package cwlogstest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// maxCursors bounds the pagination state kept for FilterLogEvents.
const maxCursors = 1024

// cursor is what remains of a FilterLogEvents query between pages.
type cursor struct {
	empty  int // empty pages still to answer
	events []filteredJSON
}

type filterRequest struct {
	LogGroupName        *string  `json:"logGroupName"`
	LogGroupIdentifier  *string  `json:"logGroupIdentifier"`
	StartTime           *int64   `json:"startTime"`
	EndTime             *int64   `json:"endTime"`
	FilterPattern       *string  `json:"filterPattern"`
	LogStreamNames      []string `json:"logStreamNames"`
	LogStreamNamePrefix *string  `json:"logStreamNamePrefix"`
	NextToken           *string  `json:"nextToken"`
	Limit               *int     `json:"limit"`
}

type filteredJSON struct {
	LogStreamName string `json:"logStreamName"`
	Timestamp     int64  `json:"timestamp"`
	Message       string `json:"message"`
	IngestionTime int64  `json:"ingestionTime"`
	EventID       string `json:"eventId"`
}

func (s *Server) filterLogEvents(w http.ResponseWriter, body []byte) {
	var req filterRequest
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, "SerializationException", err.Error())
		return
	}
	if (req.LogGroupName == nil) == (req.LogGroupIdentifier == nil) {
		badRequest(w, "specify exactly one of logGroupName and logGroupIdentifier")
		return
	}
	if len(req.LogStreamNames) > 0 && req.LogStreamNamePrefix != nil {
		badRequest(w, "logStreamNames and logStreamNamePrefix are mutually exclusive")
		return
	}
	limit := 10000
	if req.Limit != nil && *req.Limit > 0 && *req.Limit < limit {
		limit = *req.Limit
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	limit = min(limit, s.pageSize)
	var cur *cursor
	if req.NextToken != nil {
		c, ok := s.cursors[*req.NextToken]
		if !ok {
			badRequest(w, "The specified nextToken is invalid.")
			return
		}
		delete(s.cursors, *req.NextToken)
		cur = c
	} else {
		id := ""
		if req.LogGroupName != nil {
			id = *req.LogGroupName
		} else {
			id = *req.LogGroupIdentifier
		}
		g := s.groupByIdentifier(id)
		if g == nil {
			writeError(w, http.StatusBadRequest, "ResourceNotFoundException", "The specified log group does not exist.")
			return
		}
		cur = &cursor{empty: s.emptyPages, events: s.query(g, &req)}
	}

	resp := struct {
		Events             []filteredJSON `json:"events"`
		SearchedLogStreams []any          `json:"searchedLogStreams"`
		NextToken          *string        `json:"nextToken,omitempty"`
	}{Events: []filteredJSON{}, SearchedLogStreams: []any{}}
	if cur.empty > 0 {
		cur.empty--
	} else {
		n := min(limit, len(cur.events))
		resp.Events = cur.events[:n]
		cur.events = cur.events[n:]
	}
	if cur.empty > 0 || len(cur.events) > 0 {
		if len(s.cursors) >= maxCursors {
			clear(s.cursors)
		}
		s.cursorID++
		t := "t" + strconv.Itoa(s.cursorID)
		s.cursors[t] = cur
		resp.NextToken = &t
	}
	writeJSON(w, resp)
}

// query returns the events of g a request selects, oldest first. Callers
// hold mu.
func (s *Server) query(g *group, req *filterRequest) []filteredJSON {
	var out []filteredJSON
	pattern := ""
	if req.FilterPattern != nil {
		pattern = *req.FilterPattern
	}
	for _, e := range g.events {
		if req.StartTime != nil && e.timestamp < *req.StartTime {
			continue
		}
		if req.EndTime != nil && e.timestamp > *req.EndTime {
			continue
		}
		if len(req.LogStreamNames) > 0 && !slices.Contains(req.LogStreamNames, e.stream) {
			continue
		}
		if req.LogStreamNamePrefix != nil && !strings.HasPrefix(e.stream, *req.LogStreamNamePrefix) {
			continue
		}
		if !matchPattern(pattern, e.message) {
			continue
		}
		out = append(out, filteredJSON{
			LogStreamName: e.stream,
			Timestamp:     e.timestamp,
			Message:       e.message,
			IngestionTime: e.ingestion,
			EventID:       e.id,
		})
	}
	slices.SortStableFunc(out, func(a, b filteredJSON) int {
		switch {
		case a.Timestamp < b.Timestamp:
			return -1
		case a.Timestamp > b.Timestamp:
			return 1
		}
		return 0
	})
	return out
}

// matchPattern implements the simplest part of the filter pattern syntax:
// every space-separated term (or "quoted phrase") must appear in the
// message. An empty pattern matches everything.
func matchPattern(pattern, msg string) bool {
	for p := strings.TrimSpace(pattern); p != ""; p = strings.TrimSpace(p) {
		var term string
		if p[0] == '"' {
			end := strings.IndexByte(p[1:], '"')
			if end < 0 {
				term, p = p[1:], ""
			} else {
				term, p = p[1:1+end], p[2+end:]
			}
		} else if sp := strings.IndexByte(p, ' '); sp >= 0 {
			term, p = p[:sp], p[sp:]
		} else {
			term, p = p, ""
		}
		if !strings.Contains(msg, term) {
			return false
		}
	}
	return true
}
