package publish

import (
	"fmt"
	"time"

	"github.com/tailtop/tailtop/feed"
)

// Health is the publisher's state and counters.
type Health struct {
	// State is "starting", "publishing", "retrying" (the last attempt
	// failed; the batch will be sent again) or "stopped".
	State string
	// Sent datums were accepted (or printed, in a dry run), in Requests
	// requests totalling SentBytes.
	Sent, SentBytes, Requests int64
	// Errors counts failed attempts; Retries the attempts that resent a
	// batch; Rejected the datums CloudWatch refused for good (dropped).
	Errors, Retries, Rejected int64
	LastError                 string
	LastSuccess               time.Time
	// QueuedIntervals and QueuedDatums wait to be sent; InFlight datums
	// are being sent or retried.
	QueuedIntervals, QueuedDatums, InFlight int
	// DroppedIntervals and DroppedDatums were pushed out of the full
	// queue, oldest first; LostAtStop were still unsent when the final
	// flush ran out of time.
	DroppedIntervals, DroppedDatums, LostAtStop int64
	// LastInterval is the end of the last interval closed; Oldest the start
	// of the oldest interval not yet delivered (zero when none waits).
	LastInterval, Oldest time.Time
}

// Health returns the current state and counters.
func (p *Publisher) Health() Health {
	p.mu.Lock()
	defer p.mu.Unlock()
	h := p.h
	h.QueuedIntervals, h.QueuedDatums, h.InFlight = len(p.q.items), p.q.datums, len(p.inflight)
	h.DroppedIntervals, h.DroppedDatums = p.q.droppedItems, p.q.droppedDatums
	h.Oldest = p.q.oldest()
	if len(p.inflight) > 0 {
		h.Oldest = p.inflight[0].Time
	}
	return h
}

// Status is the publisher's health for the sources pane: Kind "publish",
// Lines the datums sent, Errors the failed attempts, Reconnects the
// resends, Lag how long the oldest undelivered interval has been closed,
// and three rows as origins: what is queued, what was dropped, and the
// last success.
func (p *Publisher) Status() feed.Status {
	h := p.Health()
	st := feed.Status{
		Name: p.name, Kind: "publish", State: h.State,
		Lines: h.Sent, Bytes: h.SentBytes, Errors: h.Errors, LastError: h.LastError,
		Reconnects: h.Retries,
	}
	now := p.cfg.Now()
	if !h.Oldest.IsZero() {
		st.Lag = max(now.Sub(h.Oldest.Add(p.cfg.Interval)), 0)
	}
	success := "never"
	if !h.LastSuccess.IsZero() {
		success = h.LastSuccess.UTC().Format("15:04:05Z")
	}
	st.Origins = []feed.Status{
		{Name: "queued", Kind: "publish", State: plural(h.QueuedIntervals, "interval"), Lines: int64(h.QueuedDatums + h.InFlight)},
		{Name: "dropped", Kind: "publish", State: plural(int(h.DroppedIntervals), "interval"), Lines: h.DroppedDatums + h.Rejected + h.LostAtStop,
			Errors: h.DroppedDatums + h.Rejected + h.LostAtStop},
		{Name: "last success", Kind: "publish", State: success},
	}
	return st
}

// Summary is the health in one line, for a headless run's log:
// "publishing: 1204 sent, 16 queued (2 intervals), 0 dropped, last success 12:01:00Z".
func (p *Publisher) Summary() string {
	h := p.Health()
	s := fmt.Sprintf("%s: %d sent, %d queued (%s), %d dropped", h.State, h.Sent, h.QueuedDatums+h.InFlight,
		plural(h.QueuedIntervals, "interval"), h.DroppedDatums+h.Rejected+h.LostAtStop)
	if !h.LastSuccess.IsZero() {
		s += ", last success " + h.LastSuccess.UTC().Format("15:04:05Z")
	}
	if h.State == "retrying" && h.LastError != "" {
		s += "; " + h.LastError
	}
	return s
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
