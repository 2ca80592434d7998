package cwlogs

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/cwlogs/cwlogstest"
)

// sentinel puts one more event and waits for it: every line put before it
// has arrived, so a count taken then is final.
func sentinel(t *testing.T, srv *cwlogstest.Server, r *running, group string, want int) []got {
	t.Helper()
	srv.Put(cwlogstest.Event{Group: group, Stream: "sentinel", Message: "sentinel"})
	lines := r.col.waitLines(t, want+1)
	if len(lines) != want+1 || lines[len(lines)-1].data != "sentinel" {
		t.Fatalf("got %d lines, want %d then the sentinel; last %q", len(lines), want, lines[len(lines)-1].data)
	}
	return lines[:want]
}

func TestLiveEventsArriveCountedExactly(t *testing.T) {
	for _, style := range []cwlogstest.IdentifierStyle{cwlogstest.AccountName, cwlogstest.ARNStyle, cwlogstest.NameStyle} {
		t.Run(fmt.Sprint(style), func(t *testing.T) {
			srv := newServer(t, "/app/web", "/app/worker")
			srv.SetIdentifierStyle(style)
			r := start(t, fastConfig(srv, "/app/web", "/app/worker"))
			waitSessions(t, srv, 1, 1)

			ts := time.Date(2024, 5, 1, 12, 0, 0, 123e6, time.UTC)
			var evs []cwlogstest.Event
			want := 0
			for i := range 1200 {
				e := cwlogstest.Event{Group: "/app/web", Stream: "i-1", Message: fmt.Sprintf("GET /%d 200", i), Timestamp: ts}
				switch i % 4 {
				case 1:
					e.Group, e.Stream = "/app/worker", "w/2"
				case 2:
					// A stack trace: three lines, the last newline ends it.
					e.Message = fmt.Sprintf("panic %d\n\tat a\r\n\tat b\n", i)
					want += 2
				}
				evs = append(evs, e)
				want++
			}
			srv.Put(evs...)
			lines := sentinel(t, srv, r, "/app/web", want)

			counts := countData(lines)
			if counts["GET /0 200"] != 1 || counts["\tat a"] != 300 || counts["\tat b"] != 300 {
				t.Errorf("line counts: GET /0 %d, at a %d, at b %d", counts["GET /0 200"], counts["\tat a"], counts["\tat b"])
			}
			for _, l := range lines {
				if strings.ContainsAny(l.data, "\r\n") {
					t.Fatalf("line %q keeps a line ending", l.data)
				}
				if l.origin != "/app/web/i-1" && l.origin != "/app/worker/w/2" {
					t.Fatalf("origin %q, want group name/stream", l.origin)
				}
				if !l.eventTime.Equal(ts) || l.history {
					t.Fatalf("line %q: event time %v history %v, want %v live", l.data, l.eventTime, l.history, ts)
				}
			}
			st := r.src.Status()
			if st.Kind != "cwlogs" || st.State != "following" || st.Lines != int64(want+1) || st.Errors != 0 || st.Sampled {
				t.Errorf("status %+v", st)
			}
			if len(st.Origins) != 2 || st.Origins[0].Name != "/app/web" || st.Origins[1].Name != "/app/worker" ||
				st.Origins[0].Lines+st.Origins[1].Lines != st.Lines || st.Origins[1].Lines != 300 {
				t.Errorf("origins %+v", st.Origins)
			}
			if n := r.src.Notice(); !strings.Contains(n, "session-1") || !strings.Contains(n, "/app/worker") {
				t.Errorf("notice %q lacks the session id and groups", n)
			}
		})
	}
}

func TestLiveSampledIsShown(t *testing.T) {
	srv := newServer(t, "g")
	cfg := fastConfig(srv, "g")
	cfg.SampledHold = 100 * time.Millisecond
	r := start(t, cfg)
	waitSessions(t, srv, 1, 1)

	srv.Put(events("g", "s", 0, 10)...)
	r.col.waitLines(t, 10)
	if st := r.src.Status(); st.Sampled || st.Origins[0].Sampled {
		t.Fatalf("sampled before any sampled update: %+v", st)
	}
	srv.SetSampled(true)
	srv.Put(events("g", "s", 10, 10)...)
	r.col.waitLines(t, 20)
	if st := r.src.Status(); !st.Sampled || !st.Origins[0].Sampled {
		t.Fatalf("not sampled after a sampled update: %+v", st)
	}
	// The mark outlives the sampled updates by SampledHold, then clears.
	srv.SetSampled(false)
	r.waitStatus(t, "the sampled mark to clear", func(st feed.Status) bool { return !st.Sampled })
}

func TestLiveSessionEndsRestartWithoutDuplicates(t *testing.T) {
	cases := []struct {
		fault     cwlogstest.Fault
		errors    int64
		why       string
		reconnect bool
	}{
		{cwlogstest.TimeoutException, 0, "timed out", true},
		{cwlogstest.StreamingException, 1, "SessionStreamingException", true},
		{cwlogstest.DropConnection, 1, "connection closed", true},
		{cwlogstest.InvalidJSON, 1, "could not be decoded", true},
		{cwlogstest.Silence, 1, "sent nothing", true},
		{cwlogstest.UnknownEvent, 1, "unknown type", false},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.fault), func(t *testing.T) {
			srv := newServer(t, "g")
			// Every new session first sends again what the last one did.
			srv.SetReplay(1000)
			cfg := fastConfig(srv, "g")
			cfg.StallTimeout = 300 * time.Millisecond
			if tc.fault != cwlogstest.Silence {
				srv.SetHeartbeat(50 * time.Millisecond)
			}
			r := start(t, cfg)
			waitSessions(t, srv, 1, 1)
			srv.Put(events("g", "s", 0, 50)...)
			r.col.waitLines(t, 50)

			if srv.Inject(tc.fault) != 1 {
				t.Fatal("fault reached no session")
			}
			sessions := 1
			if tc.reconnect {
				sessions = 2
			}
			waitSessions(t, srv, sessions, 1)
			srv.Put(events("g", "s", 50, 50)...)
			lines := sentinel(t, srv, r, "g", 100)
			for text, n := range countData(lines) {
				if n != 1 {
					t.Errorf("%q arrived %d times", text, n)
				}
			}
			st := r.waitStatus(t, "the reconnect to be counted", func(st feed.Status) bool { return st.State == "following" })
			wantReconnects := int64(0)
			if tc.reconnect {
				wantReconnects = 1
				if !strings.Contains(st.LastError, "gap of") {
					t.Errorf("last error %q does not show the gap", st.LastError)
				}
				if st.Origins[0].Reconnects != 1 {
					t.Errorf("origin reconnects %d", st.Origins[0].Reconnects)
				}
				if got := r.src.repeats.Load(); got != 50 {
					t.Errorf("%d repeats dropped, want the 50 replayed", got)
				}
			}
			if st.Reconnects != wantReconnects || st.Errors != tc.errors || !strings.Contains(st.LastError, tc.why) {
				t.Errorf("reconnects %d errors %d last error %q; want %d, %d, %q", st.Reconnects, st.Errors, st.LastError, wantReconnects, tc.errors, tc.why)
			}
		})
	}
}

func TestLiveManyGroupsTakeSeveralSessions(t *testing.T) {
	var names []string
	for i := range 25 {
		names = append(names, fmt.Sprintf("/fleet/host-%02d", i))
	}
	srv := newServer(t, names...)
	srv.AddGroups("/other")
	r := start(t, fastConfig(srv, "/fleet/*"))
	waitSessions(t, srv, 3, 3)
	var evs []cwlogstest.Event
	for i, n := range names {
		evs = append(evs, events(n, "s", 10*i, 10)...)
	}
	srv.Put(evs...)
	lines := r.col.waitLines(t, 250)
	if len(lines) != 250 {
		t.Fatalf("%d lines, want 250", len(lines))
	}
	st := r.src.Status()
	if len(st.Origins) != 25 {
		t.Fatalf("%d origins, want 25", len(st.Origins))
	}
	for _, o := range st.Origins {
		if o.Lines != 10 || o.State != "following" {
			t.Errorf("origin %+v", o)
		}
	}
}

func TestLiveCustomEndpointNeedsNoStreamPrefix(t *testing.T) {
	for _, how := range []string{"BaseEndpoint", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "AWS_ENDPOINT_URL"} {
		t.Run(how, func(t *testing.T) {
			srv := newServer(t, "g")
			cfg := fastConfig(srv, "g")
			if how != "BaseEndpoint" {
				// The variables reach the SDK through the shared config
				// loader, as in awsconf.Load.
				t.Setenv(how, srv.URL)
				t.Setenv("AWS_CONFIG_FILE", "/nonexistent")
				t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
				c, err := config.LoadDefaultConfig(context.Background(), config.WithRegion("us-east-1"),
					config.WithCredentialsProvider(cfg.AWS.Credentials))
				if err != nil {
					t.Fatal(err)
				}
				cfg.AWS = c
			}
			r := start(t, cfg)
			waitSessions(t, srv, 1, 1)
			srv.Put(events("g", "s", 0, 3)...)
			r.col.waitLines(t, 3)
			host := strings.TrimPrefix(srv.URL, "http://")
			if hosts := srv.LiveTailHosts(); len(hosts) != 1 || hosts[0] != host {
				t.Errorf("StartLiveTail went to %v, want %s", hosts, host)
			}
		})
	}
}

func TestLiveStreamFiltersAndPattern(t *testing.T) {
	srv := newServer(t, "g")
	cfg := fastConfig(srv, "g")
	cfg.StreamPrefixes = []string{"web-", "api-"}
	cfg.Filter = "ERROR"
	r := start(t, cfg)
	waitSessions(t, srv, 1, 1)
	srv.Put(
		cwlogstest.Event{Group: "g", Stream: "web-1", Message: "ERROR one"},
		cwlogstest.Event{Group: "g", Stream: "web-1", Message: "INFO skipped"},
		cwlogstest.Event{Group: "g", Stream: "db-1", Message: "ERROR skipped"},
		cwlogstest.Event{Group: "g", Stream: "api-7", Message: "ERROR two"},
	)
	srv.Put(cwlogstest.Event{Group: "g", Stream: "api-sentinel", Message: "ERROR sentinel"})
	lines := r.col.waitLines(t, 3)
	if len(lines) != 3 || lines[0].data != "ERROR one" || lines[1].data != "ERROR two" {
		t.Fatalf("lines %+v", lines)
	}
}

func TestLiveQuotaIsExplainedAndRetried(t *testing.T) {
	srv := newServer(t, "g")
	srv.FailNext("StartLiveTail", "LimitExceededException", "LimitExceededException")
	r := start(t, fastConfig(srv, "g"))
	waitSessions(t, srv, 1, 1)
	srv.Put(events("g", "s", 0, 5)...)
	r.col.waitLines(t, 5)
	st := r.src.Status()
	if st.Errors != 2 || !strings.Contains(st.LastError, "quota") || !strings.Contains(st.LastError, "15") {
		t.Errorf("errors %d, last error %q", st.Errors, st.LastError)
	}
}

func TestLiveFallsBackToPolling(t *testing.T) {
	for _, code := range []string{"UnknownOperationException", "InvalidOperationException"} {
		t.Run(code, func(t *testing.T) {
			srv := newServer(t, "g")
			srv.FailAlways("StartLiveTail", code)
			r := start(t, fastConfig(srv, "g"))
			r.waitStatus(t, "polling", func(st feed.Status) bool { return st.State == "following" && r.src.Mode() == ModePoll })
			srv.Put(events("g", "s", 0, 20)...)
			lines := r.col.waitLines(t, 20)
			if len(lines) != 20 {
				t.Fatalf("%d lines", len(lines))
			}
			st := r.src.Status()
			if !strings.Contains(st.LastError, "Live Tail not available") || !strings.Contains(st.LastError, "polling") {
				t.Errorf("last error %q does not say why it polls", st.LastError)
			}
			if n := srv.Requests("StartLiveTail"); n != 1 {
				t.Errorf("%d StartLiveTail calls, want 1", n)
			}
		})
	}
}

func TestLiveFatalErrorsEndRun(t *testing.T) {
	cases := []struct {
		op, code, want string
	}{
		{"DescribeLogGroups", "AccessDeniedException", "access denied"},
		{"StartLiveTail", "AccessDeniedException", "access denied"},
		{"StartLiveTail", "ResourceNotFoundException", "not found"},
	}
	for _, tc := range cases {
		t.Run(tc.op+"/"+tc.code, func(t *testing.T) {
			srv := newServer(t, "g")
			srv.FailAlways(tc.op, tc.code)
			r := start(t, fastConfig(srv, "g"))
			err := r.wait(t)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Run: %v, want an error saying %q", err, tc.want)
			}
			if st := r.src.Status(); st.State != "error" || st.LastError == "" {
				t.Errorf("status %+v", st)
			}
		})
	}
}
