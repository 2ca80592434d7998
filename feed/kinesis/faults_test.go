package kinesis_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/tailtop/tailtop/feed/kinesis"
	"github.com/tailtop/tailtop/feed/kinesis/kinesistest"
)

// TestExpiredIteratorRecovery makes every third GetRecords fail with
// ExpiredIteratorException: each time the reader takes a new iterator
// after its checkpoint, and nothing is lost or read twice.
func TestExpiredIteratorRecovery(t *testing.T) {
	e := newEnv(t, needMock(t), true)
	stream := e.createStream(2)
	want := e.putLines(stream, "a", 1500)
	e.proxy.SetRule(func(op string, n int) kinesistest.Fault {
		if op == "GetRecords" && n%3 == 0 {
			return kinesistest.ExpireIterator
		}
		return kinesistest.Pass
	})
	// Small answers, so that the expiries fall between answers that carry
	// records.
	r := e.run(kinesis.Config{Stream: stream, From: "trim", RecordsLimit: 100})
	r.waitLines(t, 700, 30*time.Second)
	want = append(want, e.putLines(stream, "b", 1500)...)
	r.waitLines(t, len(want), 60*time.Second)
	e.settle("GetRecords", 6)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	r.col.exactlyOnce(t, want)
	if e.proxy.Injected(kinesistest.ExpireIterator) < 5 {
		t.Fatalf("only %d expiries injected", e.proxy.Injected(kinesistest.ExpireIterator))
	}
	st := r.src.Status()
	if st.Reconnects < int64(e.proxy.Injected(kinesistest.ExpireIterator)) {
		t.Errorf("Reconnects = %d for %d expiries", st.Reconnects, e.proxy.Injected(kinesistest.ExpireIterator))
	}
	// The new iterators start after the checkpoint.
	after := 0
	for _, body := range e.proxy.Requests("GetShardIterator") {
		if strings.Contains(body, `"AFTER_SEQUENCE_NUMBER"`) {
			after++
		}
	}
	if after == 0 {
		t.Errorf("no GetShardIterator AFTER_SEQUENCE_NUMBER among %q", e.proxy.Requests("GetShardIterator"))
	}
}

// TestFaultsBetweenClientAndEmulator injects throttling, server errors,
// dropped connections and answers cut short: the feed recovers, the counts
// stay exact, and the status says what happened.
func TestFaultsBetweenClientAndEmulator(t *testing.T) {
	e := newEnv(t, needMock(t), true)
	stream := e.createStream(2)
	want := e.putLines(stream, "a", 1000)
	faults := []kinesistest.Fault{kinesistest.Throttle, kinesistest.ServerError, kinesistest.Drop,
		kinesistest.Truncate, kinesistest.LimitExceeded}
	e.proxy.SetRule(func(op string, n int) kinesistest.Fault {
		switch op {
		case "ListShards", "GetShardIterator":
			if n == 1 {
				return kinesistest.ServerError
			}
		case "GetRecords":
			if n%2 == 0 {
				return faults[(n/2)%len(faults)]
			}
		}
		return kinesistest.Pass
	})
	r := e.run(kinesis.Config{Stream: stream, From: "trim", RecordsLimit: 200})
	r.waitLines(t, 500, 60*time.Second)
	want = append(want, e.putLines(stream, "b", 1000)...)
	r.waitLines(t, len(want), 90*time.Second)

	// The faults stop: the feed settles back to reading.
	e.proxy.SetRule(nil)
	e.settle("GetRecords", 4)
	waitFor(t, 10*time.Second, "state reading", func() bool { return r.src.Status().State == "reading" })
	// Counted once the faults have stopped: a fault injected just before
	// is counted by the feed a moment after the proxy counted it.
	total := func() (n int64) {
		for _, f := range faults {
			n += int64(e.proxy.Injected(f))
		}
		return n
	}
	waitFor(t, 10*time.Second, "every fault counted", func() bool { return r.src.Status().Errors >= total() })
	st := r.src.Status()
	injected := 0
	for _, f := range faults {
		if e.proxy.Injected(f) == 0 {
			t.Errorf("fault %v never injected", f)
		}
		injected += e.proxy.Injected(f)
	}
	// Every failure is counted once (the SDK's retries are off), and the
	// ones below the API are reconnections.
	lost := e.proxy.Injected(kinesistest.Drop) + e.proxy.Injected(kinesistest.Truncate)
	if st.Errors != int64(injected) || st.Reconnects < int64(lost) || st.LastError == "" {
		t.Errorf("status does not tell: errors %d for %d faults, reconnects %d for %d lost connections, last %q",
			st.Errors, injected, st.Reconnects, lost, st.LastError)
	}
	for _, o := range append(st.Origins, st) {
		if strings.Contains(o.LastError, "\n") || strings.Contains(o.LastError, "operation error") {
			t.Errorf("LastError is SDK text: %q", o.LastError)
		}
	}

	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	r.col.exactlyOnce(t, want)
}

// TestErrorsAtStart: what a user must fix ends Run at once with one line.
func TestErrorsAtStart(t *testing.T) {
	e := newEnv(t, needMock(t), true)
	stream := e.createStream(1)
	for _, tc := range []struct {
		name   string
		cfg    kinesis.Config
		rule   kinesistest.Rule
		noCred bool
		want   string
	}{
		{name: "stream not found", cfg: kinesis.Config{Stream: "no-such-stream"}, want: "not found"},
		{name: "access denied", cfg: kinesis.Config{Stream: stream}, want: "access denied",
			rule: func(op string, n int) kinesistest.Fault { return kinesistest.Denied }},
		{name: "no such shard", cfg: kinesis.Config{Stream: stream, Shards: []string{"shardId-000000000009"}}, want: "no shard shardId-000000000009"},
		{name: "no credentials", cfg: kinesis.Config{Stream: stream}, noCred: true, want: "no AWS credentials"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.proxy.SetRule(tc.rule)
			defer e.proxy.SetRule(nil)
			cfg := tc.cfg
			cfg.AWS = e.awsConfig()
			if tc.noCred {
				cfg.AWS.Credentials = aws.NewCredentialsCache(aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
					return aws.Credentials{}, errors.New("failed to retrieve credentials: no provider in the chain")
				}))
			}
			src, err := kinesis.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err = src.Run(ctx, newCollector().emit)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Run = %v, want an error saying %q", err, tc.want)
			}
			if msg := err.Error(); strings.Contains(msg, "\n") || strings.Contains(msg, "operation error") || strings.Contains(msg, "secret") {
				t.Errorf("not one clean line: %q", msg)
			}
			t.Logf("Run: %v", err)
			if st := src.Status(); st.State != "error" || !strings.Contains(st.LastError, tc.want) {
				t.Errorf("status %q %q", st.State, st.LastError)
			}
		})
	}
}
