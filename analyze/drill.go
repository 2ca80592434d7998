package analyze

import (
	"bytes"
	"time"

	"github.com/tailtop/tailtop/analyze/parse"
)

// maxDrillField bounds the copy of one dimension value in the event ring.
const maxDrillField = 256

// eventRing keeps the most recent events with their dimensions and raw
// text, in fixed slots whose buffers are reused, so drill-down can answer
// "show me the lines behind this number" from memory without re-reading or
// re-parsing. Its size bounds its memory: slots × (line bound + 3 fields).
type eventRing struct {
	slots []eventSlot
	next  uint64
}

type eventSlot struct {
	seq                         uint64
	arrival                     time.Time
	origin                      string
	line                        []byte
	actor, target, status       []byte
	class                       []byte
	failure, denied, unauth, ok bool
}

func newEventRing(n int) *eventRing {
	if n <= 0 {
		return nil
	}
	return &eventRing{slots: make([]eventSlot, n)}
}

func clip(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

func (r *eventRing) add(seq uint64, arrival time.Time, origin string, raw []byte, ev *parse.Event, class []byte) {
	if r == nil {
		return
	}
	s := &r.slots[r.next%uint64(len(r.slots))]
	r.next++
	s.seq, s.arrival, s.origin, s.ok = seq, arrival, origin, true
	s.line = append(s.line[:0], clip(raw, maxTailLineBytes)...)
	s.actor = append(s.actor[:0], clip(ev.Actor, maxDrillField)...)
	s.target = append(s.target[:0], clip(ev.Target, maxDrillField)...)
	s.status = append(s.status[:0], clip(ev.Status, maxDrillField)...)
	s.class = append(s.class[:0], class...)
	s.failure, s.denied, s.unauth = ev.Failure, ev.Denied, ev.Unauthorized
}

func (s *eventSlot) matches(q *Query, lowerText [][]byte) bool {
	if !q.From.IsZero() && s.arrival.Before(q.From) {
		return false
	}
	if !q.To.IsZero() && s.arrival.After(q.To) {
		return false
	}
	ti := 0
	for _, f := range q.Filters {
		switch f.Dim {
		case DimActor:
			if string(s.actor) != f.Value {
				return false
			}
		case DimTarget:
			if string(s.target) != f.Value {
				return false
			}
		case DimStatus:
			if string(s.status) != f.Value {
				return false
			}
		case DimClass:
			if string(s.class) != f.Value && string(s.status) != f.Value {
				return false
			}
		case DimDenied:
			if !s.denied {
				return false
			}
		case DimFailure:
			if !s.failure {
				return false
			}
		case DimUnauthorized:
			if !s.unauth {
				return false
			}
		case DimText:
			if !containsFold(s.line, lowerText[ti]) {
				return false
			}
			ti++
		}
	}
	return true
}

// query returns the matching events, oldest first, at most limit (the most
// recent ones), with Seq > after.
func (r *eventRing) query(q Query) []TailLine {
	if r == nil {
		return nil
	}
	limit := q.Limit
	if limit <= 0 || limit > len(r.slots) {
		limit = len(r.slots)
	}
	var lowerText [][]byte
	for _, f := range q.Filters {
		if f.Dim == DimText {
			lowerText = append(lowerText, bytes.ToLower([]byte(f.Value)))
		}
	}
	var out []TailLine
	size := uint64(len(r.slots))
	for i := uint64(0); i < size && i < r.next && len(out) < limit; i++ {
		s := &r.slots[(r.next-1-i)%size]
		if !s.ok || s.seq <= q.After {
			break // older than what the caller has: the ring is in seq order
		}
		if !s.matches(&q, lowerText) {
			continue
		}
		out = append(out, TailLine{
			Seq: s.seq, Arrival: s.arrival, Origin: s.origin, Text: string(s.line),
			Parsed: true, Status: string(s.status), Failure: s.failure,
			Actor: string(s.actor), Target: string(s.target), Denied: s.denied,
		})
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// Drill returns the raw lines behind a number: the events still in the
// stream's bounded event ring matching every filter of q, oldest first, at
// most q.Limit (the most recent). With q.After set, only events with a
// greater Seq: a view polls with the last Seq it holds to get new arrivals.
func (e *Engine) Drill(q Query) []TailLine {
	e.mu.Lock()
	defer e.mu.Unlock()
	streams := e.streamList()
	var s *stream
	for _, st := range streams {
		if st.name == q.Stream {
			s = st
		}
	}
	if s == nil {
		if len(streams) == 0 || q.Stream != "" {
			return nil
		}
		s = streams[0]
	}
	return s.events.query(q)
}
