package cwlogs

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/cwlogs/cwlogstest"
)

// benchEvents is one sessionUpdate's worth (500) of access-log-like events.
func benchEvents(group string, round int) []cwlogstest.Event {
	evs := make([]cwlogstest.Event, 500)
	for i := range evs {
		n := round*500 + i
		evs[i] = cwlogstest.Event{
			Group:  group,
			Stream: fmt.Sprintf("i-%04d", n%7),
			Message: fmt.Sprintf(`10.0.%d.%d - - [01/May/2024:12:00:00 +0000] "GET /api/v1/items/%d HTTP/1.1" %d 5123 "-" "curl/8.5.0"`,
				n%250, n%200, n, 200+n%3*100),
		}
	}
	return evs
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// pump sends b.N events through the server in updates of 500 and reports
// events/s and the process CPU per event (the test server's share included).
func pump(b *testing.B, srv *cwlogstest.Server, delivered *atomic.Int64, done <-chan struct{}) {
	var rounds [][]cwlogstest.Event
	for round := 0; round*500 < b.N; round++ {
		rounds = append(rounds, benchEvents("g", round)[:min(500, b.N-round*500)])
	}
	cpu0, t0 := cpuTime(), time.Now()
	b.ResetTimer()
	for _, evs := range rounds {
		srv.Put(evs...)
	}
	select {
	case <-done:
	case <-time.After(time.Minute):
		b.Fatalf("delivery stalled at %d (of %d events)", delivered.Load(), b.N)
	}
	b.StopTimer()
	elapsed, cpu := time.Since(t0), cpuTime()-cpu0
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/event")
}

// BenchmarkLiveTail measures the whole feed: the SDK decoding the event
// stream, deduplication, line splitting and batching, against the test
// server on the same machine.
func BenchmarkLiveTail(b *testing.B) {
	srv := newServer(b, "g")
	srv.SetRetain(0)
	cfg := fastConfig(srv, "g")
	src, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	var delivered atomic.Int64
	done := make(chan struct{})
	target := int64(b.N)
	emit := func(bt *feed.Batch) bool {
		if delivered.Add(int64(len(bt.Lines))) == target {
			close(done)
		}
		return true
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- src.Run(ctx, emit) }()
	waitSessions(b, srv, 1, 1)
	pump(b, srv, &delivered, done)
	cancel()
	<-ran
	if st := src.Status(); st.Lines != target || st.Errors != 0 || st.Reconnects != 0 {
		b.Fatalf("status %+v", st)
	}
}

// BenchmarkTestServerAlone is the test server's own cost, read by a client
// that only discards the bytes: subtract it from BenchmarkLiveTail's CPU to
// get the feed's.
func BenchmarkTestServerAlone(b *testing.B) {
	srv := newServer(b, "g")
	srv.SetRetain(0)
	body := `{"logGroupIdentifiers":["` + cwlogstest.ARN("g") + `"]}`
	req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewBufferString(body))
	req.Header.Set("X-Amz-Target", "Logs_20140328.StartLiveTail")
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=bench")
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		b.Fatal(err)
	}
	// Count the sessionUpdate messages by their framing only (no JSON).
	updates := int64((b.N + 499) / 500)
	var delivered atomic.Int64
	done := make(chan struct{})
	go func() {
		dec := eventstream.NewDecoder()
		var buf []byte
		for {
			msg, err := dec.Decode(resp.Body, buf[:0])
			if err != nil {
				return
			}
			if v := msg.Headers.Get(":event-type"); v != nil && v.String() == "sessionUpdate" {
				if delivered.Add(1) == updates {
					close(done)
				}
			}
		}
	}()
	waitSessions(b, srv, 1, 1)
	pump(b, srv, &delivered, done)
	resp.Body.Close()
}
