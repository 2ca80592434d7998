package cwlogs

import (
	"sync/atomic"
	"time"

	"github.com/tailtop/tailtop/feed"
)

// session is one Live Tail session slot: up to ten groups, followed by a
// succession of StartLiveTail calls.
type session struct {
	groups []*group

	reconnects   atomic.Int64
	sampledUntil atomic.Int64 // unix ns

	// Under Source.mu.
	state string
	id    string
}

func (s *Source) setState(st string) {
	s.mu.Lock()
	s.state = st
	s.mu.Unlock()
}

func (s *Source) setError(msg string) {
	s.mu.Lock()
	s.lastError = msg
	s.mu.Unlock()
}

func (s *Source) setNotice(msg string) {
	s.mu.Lock()
	s.notice = msg
	s.mu.Unlock()
}

// fail counts an error and makes it the last one.
func (s *Source) fail(msg string) {
	s.errors.Add(1)
	s.setError(msg)
}

func (s *Source) setSession(ss *session, state, id string) {
	s.mu.Lock()
	ss.state = state
	if id != "" {
		ss.id = id
	}
	s.mu.Unlock()
}

// markSampled records that Live Tail sampled an update of ss.
func (s *Source) markSampled(ss *session, now time.Time) {
	until := now.Add(s.cfg.SampledHold).UnixNano()
	ss.sampledUntil.Store(until)
	s.sampledUntil.Store(until)
}

// Mode is the mode the source runs in now: ModeLive, or ModePoll (asked
// for, or fallen back to).
func (s *Source) Mode() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mode
}

// Notice is a one-line description of what the source is doing beyond its
// status: the live session ids and their groups, the history load, the
// fallback to polling.
func (s *Source) Notice() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.notice
}

// Status is a snapshot of the source's health, with one origin per log
// group. Sampled is true while counts in the longest window may include
// updates Live Tail sampled.
func (s *Source) Status() feed.Status {
	now := time.Now().UnixNano()
	s.mu.Lock()
	defer s.mu.Unlock()
	st := feed.Status{
		Name:       s.cfg.Name,
		Kind:       "cwlogs",
		State:      s.state,
		Lines:      s.lines.Load(),
		Bytes:      s.bytes.Load(),
		Truncated:  s.truncated.Load(),
		Errors:     s.errors.Load(),
		LastError:  s.lastError,
		Reconnects: s.reconnects.Load(),
		Lag:        time.Duration(s.lagNanos.Load()),
		Sampled:    s.sampledUntil.Load() > now,
	}
	if st.State == "following" {
		// The source is as healthy as its least healthy session.
		for _, ss := range s.sessions {
			switch {
			case ss.state == "reconnecting":
				st.State = "reconnecting"
			case ss.state == "waiting" && st.State == "following":
				st.State = "waiting"
			}
		}
	}
	if len(s.groups) > 0 {
		st.Origins = make([]feed.Status, 0, len(s.groups))
	}
	for _, g := range s.groups {
		o := feed.Status{
			Name:  g.name,
			Kind:  "cwlogs",
			State: s.state,
			Lines: g.lines.Load(),
			Bytes: g.bytes.Load(),
		}
		if ss := g.sess; ss != nil {
			if s.state != "done" && s.state != "error" && ss.state != "" {
				o.State = ss.state
			}
			o.Reconnects = ss.reconnects.Load()
			o.Sampled = ss.sampledUntil.Load() > now
		}
		st.Origins = append(st.Origins, o)
	}
	return st
}
