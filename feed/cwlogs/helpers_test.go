package cwlogs

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"go.uber.org/goleak"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/cwlogs/cwlogstest"
	"github.com/tailtop/tailtop/feed/feedtest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// waitLimit bounds every wait for a condition; a test that needs longer has
// failed.
const waitLimit = 20 * time.Second

func newServer(t testing.TB, groups ...string) *cwlogstest.Server {
	t.Helper()
	srv := cwlogstest.New()
	t.Cleanup(srv.Close)
	srv.AddGroups(groups...)
	return srv
}

func testAWS(endpoint string) aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		BaseEndpoint: aws.String(endpoint),
	}
}

// fastConfig is a config for the test server with short delays.
func fastConfig(srv *cwlogstest.Server, groups ...string) Config {
	return Config{
		Groups:       groups,
		AWS:          testAWS(srv.URL),
		PollInterval: 10 * time.Millisecond,
		PollCallGap:  time.Microsecond,
		MinBackoff:   5 * time.Millisecond,
		MaxBackoff:   50 * time.Millisecond,
	}
}

// got is one line as the consumer saw it.
type got struct {
	origin    string
	data      string
	eventTime time.Time
	history   bool
	truncated bool
}

// collector is a consumer that keeps every line.
type collector struct {
	mu      sync.Mutex
	lines   []got
	changed chan struct{}
}

func newCollector() *collector { return &collector{changed: make(chan struct{})} }

func (c *collector) emit(b *feed.Batch) bool {
	c.mu.Lock()
	for _, l := range b.Lines {
		c.lines = append(c.lines, got{l.Origin, string(l.Data), l.EventTime, b.History, l.Truncated})
	}
	close(c.changed)
	c.changed = make(chan struct{})
	c.mu.Unlock()
	return true
}

func (c *collector) snapshot() []got {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]got(nil), c.lines...)
}

// waitLines waits until at least n lines arrived.
func (c *collector) waitLines(t testing.TB, n int) []got {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		c.mu.Lock()
		have, ch := len(c.lines), c.changed
		c.mu.Unlock()
		if have >= n {
			return c.snapshot()
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("waited for %d lines, have %d", n, have)
		}
	}
}

// running is a source under test.
type running struct {
	src    *Source
	col    *collector
	cancel context.CancelFunc
	done   chan error
	leaks  goleak.Option
	err    error
	ended  bool
}

// start runs a source on cfg; the test's cleanup stops it and checks that
// Run left no goroutine behind.
func start(t *testing.T, cfg Config) *running {
	t.Helper()
	src, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{src: src, col: newCollector(), cancel: cancel, done: make(chan error, 1), leaks: goleak.IgnoreCurrent()}
	go func() { r.done <- src.Run(ctx, r.col.emit) }()
	t.Cleanup(func() { r.stop(t) })
	return r
}

// stop cancels Run, waits for it, and checks for leaked goroutines.
func (r *running) stop(t *testing.T) error {
	t.Helper()
	if r.ended {
		return r.err
	}
	r.cancel()
	r.err = r.wait(t)
	goleak.VerifyNone(t, r.leaks)
	return r.err
}

// wait waits for Run to return by itself.
func (r *running) wait(t testing.TB) error {
	t.Helper()
	if r.ended {
		return r.err
	}
	r.err, r.ended = feedtest.AwaitRun(t, r.done, waitLimit, "waiting"), true
	return r.err
}

// waitStatus waits until cond holds for the source's status.
func (r *running) waitStatus(t testing.TB, what string, cond func(feed.Status) bool) feed.Status {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		st := r.src.Status()
		if cond(st) {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited for %s; status %+v", what, st)
		}
		// The status has no change notification: poll it.
		time.Sleep(2 * time.Millisecond)
	}
}

func waitSessions(t testing.TB, srv *cwlogstest.Server, started, active int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if err := srv.WaitSessions(ctx, func(s, a int) bool { return s == started && a == active }); err != nil {
		st, ac := srv.Sessions()
		t.Fatalf("waited for %d started/%d active sessions, have %d/%d", started, active, st, ac)
	}
}

// events makes n events of one group and stream, numbered from first.
func events(group, stream string, first, n int) []cwlogstest.Event {
	out := make([]cwlogstest.Event, n)
	for i := range out {
		out[i] = cwlogstest.Event{Group: group, Stream: stream, Message: fmt.Sprintf("event %d", first+i)}
	}
	return out
}

// countData counts lines by their text, to find duplicates.
func countData(lines []got) map[string]int {
	m := make(map[string]int, len(lines))
	for _, l := range lines {
		m[l.data]++
	}
	return m
}
