package file

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/tailtop/tailtop/feed"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// got is one received line, copied out of its batch.
type got struct {
	origin    string
	data      string
	truncated bool
	history   bool
}

// collector is an Emit that keeps copies of everything it receives.
type collector struct {
	mu      sync.Mutex
	lines   []got
	batches []int // lines per batch
	stopAt  int   // if > 0, return false once this many batches arrived
}

func (c *collector) emit(b *feed.Batch) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, l := range b.Lines {
		c.lines = append(c.lines, got{origin: l.Origin, data: string(l.Data), truncated: l.Truncated, history: b.History})
	}
	c.batches = append(c.batches, len(b.Lines))
	return c.stopAt == 0 || len(c.batches) < c.stopAt
}

func (c *collector) snapshot() []got {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.lines)
}

func (c *collector) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.lines)
}

func (c *collector) data() []string {
	var out []string
	for _, g := range c.snapshot() {
		out = append(out, g.data)
	}
	return out
}

// waitFor polls cond until it holds or a generous deadline passes: the
// follower reacts on its own ticks, and the machine may be busy.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// running is a Source whose Run goroutine the test controls.
type running struct {
	s      *Source
	col    *collector
	cancel context.CancelFunc
	done   chan struct{}
	err    error // Run's result, once done is closed
}

// start runs s until the test ends (or stop is called).
func start(t *testing.T, s *Source) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{s: s, col: &collector{}, cancel: cancel, done: make(chan struct{})}
	go func() {
		r.err = s.Run(ctx, r.col.emit)
		close(r.done)
	}()
	t.Cleanup(func() {
		if err := r.stop(); err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	return r
}

// wait waits for Run to return by itself.
func (r *running) wait() error {
	select {
	case <-r.done:
		return r.err
	case <-time.After(15 * time.Second):
		return fmt.Errorf("Run did not return")
	}
}

// stop cancels Run and waits for it to return.
func (r *running) stop() error {
	r.cancel()
	return r.wait()
}

func (r *running) waitLines(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for r.col.count() < n {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %d lines (have %d)", n, r.col.count())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// waitScans waits until the follower has resolved its paths n more times,
// so that files created before the call have been found.
func (r *running) waitScans(t *testing.T, n int64) {
	t.Helper()
	target := r.s.scans.Load() + n
	waitFor(t, "rescans", func() bool { return r.s.scans.Load() >= target })
}

func (r *running) waitState(t *testing.T, state string) {
	t.Helper()
	waitFor(t, "state "+state, func() bool { return r.s.Status().State == state })
}

func mustNew(t *testing.T, cfg Config) *Source {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("New(%+v): %v", cfg, err)
	}
	return s
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// appender opens path for appending, as a logging process does.
func appender(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// numbered returns n lines "prefix-0001".."prefix-n".
func numbered(prefix string, from, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s-%04d", prefix, from+i)
	}
	return out
}

func writeLines(t *testing.T, f *os.File, lines []string) {
	t.Helper()
	if len(lines) == 0 {
		return
	}
	if _, err := f.WriteString(strings.Join(lines, "\n") + "\n"); err != nil {
		t.Fatal(err)
	}
}

// sameSequence fails the test unless got is exactly want, in order.
func sameSequence(t *testing.T, got, want []string) {
	t.Helper()
	if slices.Equal(got, want) {
		return
	}
	seen := map[string]int{}
	for _, g := range got {
		seen[g]++
	}
	var dup, missing []string
	for _, w := range want {
		switch seen[w] {
		case 0:
			missing = append(missing, w)
		case 1:
		default:
			dup = append(dup, w)
		}
	}
	t.Fatalf("lines differ: got %d, want %d; missing %d %v; duplicated %v; got first/last %q",
		len(got), len(want), len(missing), head(missing), head(dup), ends(got))
}

func head(s []string) []string {
	if len(s) > 5 {
		return s[:5]
	}
	return s
}

func ends(s []string) []string {
	if len(s) <= 6 {
		return s
	}
	return append(slices.Clone(s[:3]), s[len(s)-3:]...)
}

func concat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
