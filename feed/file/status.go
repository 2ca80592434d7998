package file

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tailtop/tailtop/feed"
)

// State values of a file source and of its origins.
const (
	stateReading   = "reading"
	stateFollowing = "following"
	stateWaiting   = "waiting"
	stateDone      = "done"
	stateError     = "error"
)

// maxOrigins bounds the per-origin detail kept for Status: finished origins
// are forgotten first when a directory has rolled through many files.
const maxOrigins = 1024

// maxErrorLen bounds LastError.
const maxErrorLen = 200

// statusBook is the health of a source, written by Run and read by Status
// from any goroutine.
type statusBook struct {
	mu      sync.Mutex
	top     feed.Status
	origins []*feed.Status // in order of first appearance
	byName  map[string]*feed.Status
}

func (s *statusBook) init(name, kind, state string) {
	s.top = feed.Status{Name: name, Kind: kind, State: state}
	s.byName = make(map[string]*feed.Status)
}

// origin returns the status entry of an origin, creating it if needed.
func (s *statusBook) origin(name string) *feed.Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o := s.byName[name]; o != nil {
		return o
	}
	if len(s.origins) >= maxOrigins {
		s.forgetDone()
	}
	o := &feed.Status{Name: name, Kind: s.top.Kind}
	if len(s.origins) < maxOrigins {
		s.origins = append(s.origins, o)
		s.byName[name] = o
	}
	// Past the bound the entry still counts into the totals; it is just
	// not listed.
	return o
}

// forgetDone drops the oldest finished origin. Callers hold mu.
func (s *statusBook) forgetDone() {
	for i, o := range s.origins {
		if o.State == stateDone {
			delete(s.byName, o.Name)
			s.origins = append(s.origins[:i], s.origins[i+1:]...)
			return
		}
	}
}

// publish moves the counts a cursor gathered into its origin and the totals.
func (s *statusBook) publish(o *feed.Status, c *cursor) {
	if c.lines == 0 && c.bytes == 0 && c.skipped == 0 {
		return
	}
	s.mu.Lock()
	o.Lines += c.lines
	o.Bytes += c.bytes
	o.Truncated += c.truncated
	o.SkippedBytes += c.skipped
	s.top.Lines += c.lines
	s.top.Bytes += c.bytes
	s.top.Truncated += c.truncated
	s.top.SkippedBytes += c.skipped
	s.mu.Unlock()
	c.lines, c.bytes, c.truncated, c.skipped = 0, 0, 0, 0
}

// rewound counts a file of origin o found truncated in place.
func (s *statusBook) rewound(o *feed.Status) {
	s.mu.Lock()
	o.Rewinds++
	s.top.Rewinds++
	s.mu.Unlock()
}

// setState sets the state of an origin (o may be nil for the source only).
func (s *statusBook) setState(o *feed.Status, state string) {
	s.mu.Lock()
	if o != nil {
		o.State = state
	} else {
		s.top.State = state
	}
	s.mu.Unlock()
}

// fail records an error against an origin (nil: the source) and the totals.
func (s *statusBook) fail(o *feed.Status, err error) {
	msg := oneLine(err.Error())
	s.mu.Lock()
	if o != nil {
		o.Errors++
		o.LastError = msg
	}
	s.top.Errors++
	s.top.LastError = msg
	s.mu.Unlock()
}

func (s *statusBook) snapshot(withOrigins bool) feed.Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.top
	st.Origins = nil
	if withOrigins && len(s.origins) > 0 {
		st.Origins = make([]feed.Status, len(s.origins))
		for i, o := range s.origins {
			st.Origins[i] = *o
		}
	}
	return st
}

// oneLine makes an error message fit one line of the sources pane.
func oneLine(msg string) string {
	msg = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, msg)
	if len(msg) > maxErrorLen {
		n := maxErrorLen
		for n > 0 && !utf8.RuneStart(msg[n]) {
			n--
		}
		msg = msg[:n] + "…"
	}
	return msg
}
