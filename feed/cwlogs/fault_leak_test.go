package cwlogs

import (
	"context"
	"fmt"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/tailtop/tailtop/feed/awstest/faultproxy"
	"github.com/tailtop/tailtop/feed/cwlogs/cwlogstest"
	"github.com/tailtop/tailtop/feed/feedtest"
)

// TestLeakCWLogsRestarts starts a source, lets it deliver, puts it in the
// middle of something (a StartLiveTail or FilterLogEvents call held
// unanswered, a backoff after throttling, a live session open), cancels
// it and starts the next, six times on one server: after each run no
// goroutine is left, without ignoring any.
func TestLeakCWLogsRestarts(t *testing.T) {
	srv := newServer(t, "g")
	base := goleak.IgnoreCurrent()
	runs := []struct {
		mode  string
		op    string
		fault faultproxy.Fault // injected on op once the first lines are in
	}{
		{ModeLive, "", faultproxy.Fault{}},
		{ModeLive, "StartLiveTail", faultproxy.Fault{Kind: faultproxy.Timeout}},
		{ModeLive, "StartLiveTail", faultproxy.Fault{Kind: faultproxy.Throttle}},
		{ModePoll, "FilterLogEvents", faultproxy.Fault{Kind: faultproxy.Timeout}},
		{ModePoll, "FilterLogEvents", faultproxy.Fault{Kind: faultproxy.Throttle}},
		{ModePoll, "FilterLogEvents", faultproxy.Fault{Kind: faultproxy.Reset, Forward: true}},
	}
	for i, run := range runs {
		fp, err := faultproxy.New(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		f := &faultSetup{srv: srv, fp: fp, keys: faultproxy.NewKeys(fmt.Sprintf("AKIDLEAK%d", i))}
		cfg := f.config("g")
		cfg.Mode = run.mode
		cfg.CallTimeout = time.Minute // a held call is still held when the run is cancelled
		src, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		col := newCollector()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- src.Run(ctx, col.emit) }()

		// Lines flow: put until one arrives (a live session may not be
		// open yet when the first is put).
		msg := fmt.Sprintf("run %d", i)
		deadline := time.Now().Add(waitLimit)
		for countData(col.snapshot())[msg] == 0 {
			if time.Now().After(deadline) {
				t.Fatalf("run %d: no line arrived; status %+v", i, src.Status())
			}
			srv.Put(cwlogstest.Event{Group: "g", Stream: "s", Message: msg})
			time.Sleep(20 * time.Millisecond)
		}
		if run.fault.Kind != faultproxy.Pass {
			fp.SetRule(func(c faultproxy.Call) faultproxy.Fault {
				if c.Op == run.op {
					return run.fault
				}
				return faultproxy.Fault{}
			})
			if run.op == "StartLiveTail" {
				// The next session: end this one.
				srv.Inject(cwlogstest.TimeoutException)
			}
			deadline := time.Now().Add(waitLimit)
			for fp.Injected(run.fault.Kind) == 0 {
				if time.Now().After(deadline) {
					t.Fatalf("run %d: the %s was never injected", i, run.fault)
				}
				time.Sleep(5 * time.Millisecond)
			}
		}
		cancel()
		if err := feedtest.AwaitRun(t, done, waitLimit, fmt.Sprintf("run %d, after cancel", i)); err != nil {
			t.Fatalf("run %d: Run: %v", i, err)
		}
		fp.Close()
		goleak.VerifyNone(t, base)
	}
}
