package kinesis_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskinesis "github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"go.uber.org/goleak"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/feedtest"
	"github.com/tailtop/tailtop/feed/kinesis"
	"github.com/tailtop/tailtop/feed/kinesis/kinesistest"
)

// env is one test's setup: an endpoint (the emulator, or a proxy in front
// of it), an SDK client for the test's own calls, and an HTTP transport
// for the source whose idle connections are closed before the leak check.
type env struct {
	t        testing.TB
	endpoint string
	client   *awskinesis.Client
	tr       *http.Transport
	proxy    *kinesistest.Proxy
}

// newEnv prepares a test against the emulator; with a proxy when asked.
// It checks at cleanup that no goroutine outlives the test.
func newEnv(t testing.TB, em *kinesistest.Emulator, withProxy bool) *env {
	t.Helper()
	opts := []goleak.Option{goleak.IgnoreCurrent()}
	e := &env{t: t, endpoint: em.Endpoint, tr: &http.Transport{MaxIdleConnsPerHost: 32}}
	if withProxy {
		p, err := kinesistest.NewProxy(em.Endpoint)
		if err != nil {
			t.Fatal(err)
		}
		p.InitialResponse = true
		p.EndClosedShards = true
		e.proxy, e.endpoint = p, p.URL
	}
	own := &http.Transport{}
	cfg := kinesistest.Config(em.Endpoint)
	cfg.HTTPClient = &http.Client{Transport: own}
	e.client = awskinesis.NewFromConfig(cfg)
	t.Cleanup(func() {
		if e.proxy != nil {
			e.proxy.Close()
		}
		e.tr.CloseIdleConnections()
		own.CloseIdleConnections()
		goleak.VerifyNone(t, opts...)
	})
	return e
}

// awsConfig is the configuration the source under test gets.
func (e *env) awsConfig() aws.Config {
	c := kinesistest.Config(e.endpoint)
	c.HTTPClient = &http.Client{Transport: e.tr}
	return c
}

var streamSeq atomic.Int64

// createStream makes a stream with n shards, named after the test, and
// waits until it is active.
func (e *env) createStream(n int) string {
	e.t.Helper()
	name := regexp.MustCompile(`[^a-zA-Z0-9_.-]+`).ReplaceAllString(e.t.Name(), "-")
	name = fmt.Sprintf("%.100s-%d", name, streamSeq.Add(1))
	ctx := context.Background()
	if _, err := e.client.CreateStream(ctx, &awskinesis.CreateStreamInput{StreamName: aws.String(name), ShardCount: aws.Int32(int32(n))}); err != nil {
		e.t.Fatal(err)
	}
	e.waitActive(name)
	return name
}

func (e *env) waitActive(name string) {
	e.t.Helper()
	waitFor(e.t, 30*time.Second, "stream active", func() bool {
		out, err := e.client.DescribeStreamSummary(context.Background(), &awskinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
		return err == nil && out.StreamDescriptionSummary.StreamStatus == types.StreamStatusActive
	})
}

// put writes records (with their partition keys) in PutRecords calls of
// at most 500, retrying the entries a call reports as failed.
func (e *env) put(stream string, keys []string, data [][]byte) {
	e.t.Helper()
	for len(data) > 0 {
		n := min(len(data), 500)
		var entries []types.PutRecordsRequestEntry
		for i := range n {
			entries = append(entries, types.PutRecordsRequestEntry{PartitionKey: aws.String(keys[i]), Data: data[i]})
		}
		for len(entries) > 0 {
			out, err := e.client.PutRecords(context.Background(), &awskinesis.PutRecordsInput{StreamName: aws.String(stream), Records: entries})
			if err != nil {
				e.t.Fatal(err)
			}
			var again []types.PutRecordsRequestEntry
			for i, r := range out.Records {
				if r.ErrorCode != nil {
					again = append(again, entries[i])
				}
			}
			entries = again
		}
		keys, data = keys[n:], data[n:]
	}
}

// putLines writes count one-line records "prefix i" with keys spread over
// 16 partition keys, and returns the lines.
func (e *env) putLines(stream, prefix string, count int) []string {
	e.t.Helper()
	var keys []string
	var data [][]byte
	var lines []string
	for i := range count {
		l := fmt.Sprintf("%s %d", prefix, i)
		keys = append(keys, fmt.Sprint("k", i%16))
		data = append(data, []byte(l))
		lines = append(lines, l)
	}
	e.put(stream, keys, data)
	return lines
}

// collector is the consumer: it keeps every line it is given.
type collector struct {
	mu      sync.Mutex
	lines   []feed.Line
	hist    []bool // the History flag of each line's batch
	count   map[string]int
	batches int
	history int // batches marked History
}

func newCollector() *collector { return &collector{count: map[string]int{}} }

func (c *collector) emit(b *feed.Batch) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.batches++
	if b.History {
		c.history++
	}
	for _, l := range b.Lines {
		c.lines = append(c.lines, l)
		c.hist = append(c.hist, b.History)
		c.count[string(l.Data)]++
	}
	return true
}

func (c *collector) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.lines)
}

func (c *collector) snapshot() []feed.Line {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]feed.Line(nil), c.lines...)
}

// exactlyOnce checks that the collector got each wanted line once and
// nothing else.
func (c *collector) exactlyOnce(t testing.TB, want []string) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	wanted := map[string]bool{}
	var missing, twice []string
	for _, w := range want {
		wanted[w] = true
		switch n := c.count[w]; {
		case n == 0:
			missing = append(missing, w)
		case n > 1:
			twice = append(twice, fmt.Sprintf("%s (x%d)", w, n))
		}
	}
	var extra []string
	for l := range c.count {
		if !wanted[l] {
			extra = append(extra, l)
		}
	}
	if len(missing)+len(twice)+len(extra) > 0 {
		t.Fatalf("%d lines wanted, %d received: %d missing %s, %d twice %s, %d unexpected %s",
			len(want), len(c.lines), len(missing), head(missing), len(twice), head(twice), len(extra), head(extra))
	}
}

func head(s []string) string {
	if len(s) > 5 {
		s = append(s[:5:5], "…")
	}
	return "[" + strings.Join(s, "; ") + "]"
}

// running is a source being run by a test.
type running struct {
	src  *kinesis.Source
	col  *collector
	stop func() error
}

// run starts a source; stop cancels it and returns Run's error.
func (e *env) run(cfg kinesis.Config) *running {
	e.t.Helper()
	cfg.AWS = e.awsConfig()
	return startRunning(e.t, cfg)
}

// startRunning runs a source whose AWS config is set; stop cancels it and
// returns Run's error (the environment and the fault rig share it).
func startRunning(t testing.TB, cfg kinesis.Config) *running {
	t.Helper()
	if cfg.PollInterval == 0 {
		cfg.PollInterval = 200 * time.Millisecond
	}
	src, err := kinesis.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	col := newCollector()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- src.Run(ctx, col.emit) }()
	var once sync.Once
	var runErr error
	stop := func() error {
		once.Do(func() {
			cancel()
			runErr = feedtest.AwaitRun(t, done, 30*time.Second, "after cancel")
		})
		return runErr
	}
	t.Cleanup(func() { stop() })
	return &running{src: src, col: col, stop: stop}
}

// waitLines waits until the collector holds at least n lines.
func (r *running) waitLines(t testing.TB, n int, limit time.Duration) {
	t.Helper()
	waitFor(t, limit, fmt.Sprintf("%d lines", n), func() bool { return r.col.len() >= n })
}

// waitFor polls cond until it holds or the limit passes.
func waitFor(t testing.TB, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", limit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// settle waits until the proxy has seen n more calls of op: after the
// wanted lines are in, that is the readers looking again and finding
// nothing more, so that a duplicate would have shown by then.
func (e *env) settle(op string, n int) {
	e.t.Helper()
	base := e.proxy.Calls(op)
	waitFor(e.t, time.Minute, fmt.Sprintf("%d more %s calls", n, op), func() bool { return e.proxy.Calls(op) >= base+n })
}
