package cwlogs

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/cwlogs/cwlogstest"
)

// pastEvents makes n events of group g stamped ago before now.
func pastEvents(g string, first, n int, ago time.Duration) []cwlogstest.Event {
	evs := events(g, "s", first, n)
	for i := range evs {
		evs[i].Timestamp = time.Now().Add(-ago)
	}
	return evs
}

func TestPollEmptyPagesAndNextToken(t *testing.T) {
	srv := newServer(t, "a", "b")
	srv.SetEmptyPages(2)
	srv.SetPageSize(7)
	srv.Put(pastEvents("a", 0, 30, 10*time.Minute)...)
	srv.Put(pastEvents("b", 30, 5, time.Hour)...) // older than --since
	cfg := fastConfig(srv, "a", "b")
	cfg.Mode = ModePoll
	cfg.Since = 15 * time.Minute
	r := start(t, cfg)

	history := r.col.waitLines(t, 30)
	for _, l := range history {
		if !l.history {
			t.Fatalf("history line %q not marked History", l.data)
		}
	}
	r.waitStatus(t, "the first round to end", func(feed.Status) bool { return srv.Requests("FilterLogEvents") > 12 })
	// Only group a gets new events: its sentinel then comes after them.
	srv.Put(events("a", "s", 100, 40)...)
	lines := sentinel(t, srv, r, "a", 70)
	for text, n := range countData(lines) {
		if n != 1 {
			t.Errorf("%q arrived %d times", text, n)
		}
	}
	for _, l := range lines[30:] {
		if l.history {
			t.Fatalf("live line %q marked History", l.data)
		}
	}
	st := r.src.Status()
	if st.Lines != 71 || st.Errors != 0 || r.src.Mode() != ModePoll {
		t.Errorf("status %+v mode %s", st, r.src.Mode())
	}
	// Every round starts again PollLookback before the newest event: the
	// overlap comes back and is dropped by id.
	if r.src.repeats.Load() == 0 {
		t.Error("no repeat was dropped: the rounds do not overlap")
	}
	if n := srv.Requests("StartLiveTail"); n != 0 {
		t.Errorf("%d StartLiveTail calls in poll mode", n)
	}
}

func TestPollThrottlingBacksOff(t *testing.T) {
	srv := newServer(t, "g")
	srv.FailNext("FilterLogEvents", "ThrottlingException", "ThrottlingException", "ThrottlingException")
	cfg := fastConfig(srv, "g")
	cfg.Mode = ModePoll
	cfg.Since = time.Minute
	srv.Put(pastEvents("g", 0, 10, 30*time.Second)...)
	r := start(t, cfg)
	lines := r.col.waitLines(t, 10)
	if len(lines) != 10 {
		t.Fatalf("%d lines", len(lines))
	}
	st := r.src.Status()
	if st.Errors != 3 || !strings.Contains(st.LastError, "throttled") {
		t.Errorf("errors %d last error %q; want the 3 throttles counted", st.Errors, st.LastError)
	}
	// The throttled calls were retried with the same query, not skipped.
	if n := srv.Requests("FilterLogEvents"); n < 4 {
		t.Errorf("%d FilterLogEvents calls", n)
	}
}

func TestPollMultiplePrefixesFilterHere(t *testing.T) {
	srv := newServer(t, "g")
	cfg := fastConfig(srv, "g")
	cfg.Mode = ModePoll
	cfg.StreamPrefixes = []string{"web-", "api-"}
	r := start(t, cfg)
	r.waitStatus(t, "a first round", func(feed.Status) bool { return srv.Requests("FilterLogEvents") > 0 })
	srv.Put(
		cwlogstest.Event{Group: "g", Stream: "web-1", Message: "one"},
		cwlogstest.Event{Group: "g", Stream: "db-1", Message: "skipped"},
		cwlogstest.Event{Group: "g", Stream: "api-1", Message: "two"},
	)
	srv.Put(cwlogstest.Event{Group: "g", Stream: "web-2", Message: "sentinel"})
	lines := r.col.waitLines(t, 3)
	if got := fmt.Sprint(lines[0].data, lines[1].data, lines[2].data); got != "onetwosentinel" || len(lines) != 3 {
		t.Errorf("lines %+v", lines)
	}
}

func TestHistoryThenLiveHasNoDuplicates(t *testing.T) {
	srv := newServer(t, "g")
	// The first session re-sends the history: it must be recognized.
	srv.SetReplay(1000)
	srv.Put(pastEvents("g", 0, 25, 5*time.Minute)...)
	cfg := fastConfig(srv, "g")
	cfg.Since = 15 * time.Minute
	r := start(t, cfg)
	r.col.waitLines(t, 25)
	waitSessions(t, srv, 1, 1)
	srv.Put(events("g", "s", 25, 25)...)
	lines := sentinel(t, srv, r, "g", 50)
	for i, l := range lines {
		if l.history != (i < 25) {
			t.Fatalf("line %d %q history=%v", i, l.data, l.history)
		}
	}
	if got := r.src.repeats.Load(); got != 25 {
		t.Errorf("%d repeats dropped, want the 25 history events sent again", got)
	}
}

func TestHistoryThenFallbackPollHasNoDuplicates(t *testing.T) {
	srv := newServer(t, "g")
	srv.FailAlways("StartLiveTail", "UnknownOperationException")
	srv.Put(pastEvents("g", 0, 25, 2*time.Second)...)
	cfg := fastConfig(srv, "g")
	cfg.Since = time.Minute
	r := start(t, cfg)
	r.col.waitLines(t, 25)
	r.waitStatus(t, "polling", func(feed.Status) bool { return r.src.Mode() == ModePoll && srv.Requests("FilterLogEvents") > 2 })
	lines := sentinel(t, srv, r, "g", 25)
	for text, n := range countData(lines) {
		if n != 1 {
			t.Errorf("%q arrived %d times", text, n)
		}
	}
}
