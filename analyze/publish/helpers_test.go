package publish

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/analyze/publish/cwtest"
	"github.com/tailtop/tailtop/feed"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// t0 is a minute boundary: 2033-05-18T03:33:00Z.
var t0 = time.Unix(1_999_999_980, 0).UTC()

// at is t0 plus d.
func at(d time.Duration) time.Time { return t0.Add(d) }

// fakeClock is the wall clock of a test, shared by the engine and the
// publisher.
type fakeClock struct{ ns atomic.Int64 }

func (c *fakeClock) Now() time.Time   { return time.Unix(0, c.ns.Load()).UTC() }
func (c *fakeClock) Set(t time.Time)  { c.ns.Store(t.UnixNano()) }
func newClock(t time.Time) *fakeClock { c := &fakeClock{}; c.Set(t); return c }

// harness runs a publisher over an engine, a fake clock and manual ticks,
// against a cwtest server (unless the config is a dry run).
type harness struct {
	t      *testing.T
	clock  *fakeClock
	engine *analyze.Engine
	srv    *cwtest.Server
	ticks  chan time.Time
	pub    *Publisher
	cancel context.CancelFunc
	done   chan error
}

// newHarness makes the parts; the clock starts at t0+1s. Backoffs are a
// millisecond unless the config says otherwise.
func newHarness(t *testing.T, cfg Config) *harness {
	t.Helper()
	h := &harness{t: t, clock: newClock(at(time.Second)), ticks: make(chan time.Time)}
	h.engine = analyze.NewEngine(analyze.Config{Now: h.clock.Now})
	if cfg.DryRun == nil {
		h.srv = cwtest.New()
		t.Cleanup(h.srv.Close)
		cfg.AWS = h.srv.Config()
	}
	cfg.Now, cfg.Ticks = h.clock.Now, h.ticks
	if cfg.MinBackoff == 0 {
		cfg.MinBackoff, cfg.MaxBackoff = time.Millisecond, 4*time.Millisecond
	}
	p, err := New(cfg, h.engine)
	if err != nil {
		t.Fatal(err)
	}
	h.pub = p
	return h
}

// start runs the publisher; a cleanup stops it if the test did not. A
// first tick at the current time closes nothing but returns only once Run
// has read the clock to start its first interval.
func (h *harness) start() {
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel, h.done = cancel, make(chan error, 1)
	go func() { h.done <- h.pub.Run(ctx) }()
	h.ticks <- h.clock.Now()
	h.t.Cleanup(func() {
		if h.cancel != nil {
			h.cancel()
			<-h.done
		}
	})
}

// tick moves the clock to t and ticks. The second send returns only once
// Run is back in its loop, so the first tick's interval is queued by then.
func (h *harness) tick(t time.Time) {
	h.clock.Set(t)
	h.ticks <- t
	h.ticks <- t
}

// stop moves the clock to t, ends Run's context and waits for the flush.
func (h *harness) stop(t time.Time) {
	h.t.Helper()
	h.clock.Set(t)
	h.cancel()
	h.cancel = nil
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Fatalf("Run: %v", err)
		}
	case <-time.After(20 * time.Second):
		h.t.Fatal("Run did not return after its context ended")
	}
}

// waitHealth waits until the publisher's health satisfies ok.
func (h *harness) waitHealth(what string, ok func(Health) bool) {
	h.t.Helper()
	ctx := wait(h.t)
	for {
		h.pub.mu.Lock()
		ch := h.pub.changed
		h.pub.mu.Unlock()
		hl := h.pub.Health()
		if ok(hl) {
			return
		}
		select {
		case <-ch:
		case <-ctx.Done():
			h.t.Fatalf("waiting for %s: health %+v", what, hl)
		}
	}
}

// ingest feeds lines to a stream as live traffic arriving at t.
func (h *harness) ingest(stream string, t time.Time, lines ...string) {
	h.clock.Set(t)
	b := &feed.Batch{Source: stream}
	for _, l := range lines {
		b.Lines = append(b.Lines, feed.Line{Origin: "test", Data: []byte(l), Arrival: t})
	}
	h.engine.Ingest(b)
}

// wait is a context for waiting on the server, with a deadline.
func wait(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// linesOf reads a file of testdata/ as lines.
func linesOf(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimRight(sc.Text(), "\r"); line != "" {
			out = append(out, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// datumKey identifies a datum as CloudWatch aggregates it: a second copy
// of a key with the same timestamp would be double counting.
func datumKey(d cwtest.Datum) string {
	var b strings.Builder
	b.WriteString(d.MetricName)
	for _, dim := range d.Dimensions {
		b.WriteString("|" + dim.Name + "=" + dim.Value)
	}
	b.WriteString("@" + d.Timestamp.Format(time.RFC3339))
	return b.String()
}

// noDuplicates fails on a datum recorded twice.
func noDuplicates(t *testing.T, ds []cwtest.Datum) {
	t.Helper()
	seen := map[string]bool{}
	for _, d := range ds {
		k := datumKey(d)
		if seen[k] {
			t.Errorf("datum published twice: %s", k)
		}
		seen[k] = true
	}
}
