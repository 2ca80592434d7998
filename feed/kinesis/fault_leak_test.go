package kinesis_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/tailtop/tailtop/feed/awstest/faultproxy"
	"github.com/tailtop/tailtop/feed/feedtest"
	"github.com/tailtop/tailtop/feed/kinesis"
	"github.com/tailtop/tailtop/feed/kinesis/kinesistest"
)

// TestLeakKinesisRestarts starts a source, lets it read, puts it in the
// middle of a fault (a request held unanswered, a throttling backoff, a
// fan-out subscription open), cancels it, and starts the next one, five
// times: after each run no goroutine is left, without ignoring any. The
// proxies of a run are closed with it and the source's HTTP transport's
// idle connections closed (they are the transport's, not the source's).
func TestLeakKinesisRestarts(t *testing.T) {
	em := needMock(t)
	e := newEnv(t, em, false)
	stream := e.createStream(2)
	want := e.putLines(stream, "a", 200)
	base := goleak.IgnoreCurrent()
	runs := []struct {
		efo   string
		fault faultproxy.Fault // injected on every GetRecords once the lines are in
	}{
		{"", faultproxy.Fault{Kind: faultproxy.Timeout}},
		{"", faultproxy.Fault{Kind: faultproxy.Throttle}},
		{"", faultproxy.Fault{Kind: faultproxy.Reset}},
		{"leak-efo-1", faultproxy.Fault{}},
		{"leak-efo-2", faultproxy.Fault{}},
	}
	for i, run := range runs {
		kp, err := kinesistest.NewProxy(em.Endpoint)
		if err != nil {
			t.Fatal(err)
		}
		kp.InitialResponse = true
		fp, err := faultproxy.New(kp.URL)
		if err != nil {
			t.Fatal(err)
		}
		// A bound on answers well above a busy emulator's pace: the
		// consumer's deregistration at the end of a run must get through.
		tr := &http.Transport{ResponseHeaderTimeout: 20 * time.Second}
		cfg := kinesistest.Config(fp.URL)
		cfg.HTTPClient = &http.Client{Transport: tr}
		src, err := kinesis.New(kinesis.Config{Stream: stream, From: "trim", EFO: run.efo, Deregister: true,
			PollInterval: 200 * time.Millisecond, AWS: cfg})
		if err != nil {
			t.Fatal(err)
		}
		col := newCollector()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- src.Run(ctx, col.emit) }()
		waitFor(t, faultWait, fmt.Sprintf("run %d: %d lines", i, len(want)), func() bool { return col.len() >= len(want) })
		if run.fault.Kind != faultproxy.Pass {
			fp.SetRule(func(c faultproxy.Call) faultproxy.Fault {
				if c.Op == "GetRecords" {
					return run.fault
				}
				return faultproxy.Fault{}
			})
			waitFor(t, faultWait, fmt.Sprintf("run %d: a %s", i, run.fault), func() bool { return fp.Injected(run.fault.Kind) > 0 })
		}
		cancel()
		if err := feedtest.AwaitRun(t, done, faultWait, fmt.Sprintf("run %d, after cancel", i)); err != nil {
			t.Fatalf("run %d: Run: %v", i, err)
		}
		col.exactlyOnce(t, want)
		if st := src.Status(); strings.Contains(st.LastError, "deregistering") {
			t.Errorf("run %d: %s", i, st.LastError)
		}
		fp.Close()
		kp.Close()
		tr.CloseIdleConnections()
		goleak.VerifyNone(t, base)
	}
	// The consumers the fan-out runs registered are gone.
	for _, run := range runs {
		if run.efo == "" {
			continue
		}
		if s := e.consumerStatus(stream, run.efo); s != "" && s != "DELETING" {
			t.Errorf("consumer %s is %q after its run", run.efo, s)
		}
	}
}
