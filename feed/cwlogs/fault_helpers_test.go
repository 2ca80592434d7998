package cwlogs

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"go.uber.org/goleak"

	"github.com/tailtop/tailtop/feed/awsconf"
	"github.com/tailtop/tailtop/feed/awstest/faultproxy"
	"github.com/tailtop/tailtop/feed/cwlogs/cwlogstest"
)

// callTimeout is the source's CallTimeout in the fault tests: a request
// the proxy holds is given up this fast.
const callTimeout = time.Second

// faultSetup is a test server behind a fault proxy, and rotating
// credentials: a key the schedule expires is refused from then on.
type faultSetup struct {
	srv  *cwlogstest.Server
	fp   *faultproxy.Proxy
	keys *faultproxy.Keys
}

func newFaultSetup(t *testing.T, groups ...string) *faultSetup {
	t.Helper()
	srv := newServer(t, groups...)
	fp, err := faultproxy.New(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	// Registered after the server's: closed before it.
	t.Cleanup(fp.Close)
	return &faultSetup{srv: srv, fp: fp, keys: faultproxy.NewKeys("AKIDLOGS")}
}

// schedule sets the proxy's rule, wrapped so that expired keys are refused.
func (f *faultSetup) schedule(r faultproxy.Rule) { f.fp.SetRule(f.keys.Refusing(r)) }

// config is fastConfig through the proxy, with the rotating credentials
// cached and refreshed as awsconf.Load does.
func (f *faultSetup) config(groups ...string) Config {
	cfg := fastConfig(f.srv, groups...)
	cfg.AWS.BaseEndpoint = aws.String(f.fp.URL)
	cfg.AWS.Credentials = aws.NewCredentialsCache(f.keys)
	awsconf.RefreshExpiredCredentials(&cfg.AWS)
	cfg.CallTimeout = callTimeout
	// Backoffs long enough for the status watcher, which samples, to see
	// each fault's line before the next replaces it.
	cfg.MinBackoff, cfg.MaxBackoff = 150*time.Millisecond, 300*time.Millisecond
	return cfg
}

// checkSaid checks that the status said, at some point, what each kind
// of fault calls for, in one clean line.
func checkSaid(t *testing.T, w *faultproxy.Watcher, kinds ...faultproxy.Kind) {
	t.Helper()
	for _, k := range kinds {
		if !w.Seen(faultproxy.Says(k)) {
			t.Errorf("the status never said %q (for %s); it said %q", faultproxy.Says(k), k, w.Texts())
		}
	}
	for _, text := range w.Texts() {
		if strings.Contains(text, "\n") || strings.Contains(text, "operation error") || strings.Contains(text, "secret-") {
			t.Errorf("status text is SDK text or leaks a secret: %q", text)
		}
	}
}

// bigEvents makes n events of about 200 bytes, numbered from first, so
// that a cut after a few kilobytes of a Live Tail stream falls among them.
func bigEvents(group, stream, tag string, first, n int) []cwlogstest.Event {
	out := make([]cwlogstest.Event, n)
	for i := range out {
		out[i] = cwlogstest.Event{Group: group, Stream: stream,
			Message: fmt.Sprintf("%s %04d %s", tag, first+i, strings.Repeat("x", 180))}
	}
	return out
}

// putInUpdates puts events ten at a time: each Put becomes one Live Tail
// update, so a cut stream loses whole updates after the cut.
func putInUpdates(srv *cwlogstest.Server, evs []cwlogstest.Event) {
	for i := 0; i < len(evs); i += 10 {
		srv.Put(evs[i:min(i+10, len(evs))]...)
	}
}

// received counts how many of evs arrived, and whether they arrived in
// order as a prefix of evs (what a cut stream delivers).
func received(counts map[string]int, evs []cwlogstest.Event) (n int, prefix bool) {
	missing := false
	prefix = true
	for _, e := range evs {
		if counts[e.Message] == 0 {
			missing = true
			continue
		}
		n++
		if missing {
			prefix = false
		}
	}
	return n, prefix
}

// startFaulty runs a source through the proxy. At cleanup the source
// stops, then the proxy closes (its connections to the server are its
// own), and then no goroutine may remain.
func (f *faultSetup) startFaulty(t *testing.T, cfg Config) *running {
	t.Helper()
	r := start(t, cfg)
	f.dumpOnFailure(t, r)
	t.Cleanup(func() {
		r.cancel()
		r.wait(t)
		f.fp.Close()
		goleak.VerifyNone(t, r.leaks)
	})
	return r
}

// dumpOnFailure logs the status and the proxy's last calls when the test
// fails, to tell a stuck source from a lost event.
func (f *faultSetup) dumpOnFailure(t *testing.T, r *running) {
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		st := r.src.Status()
		t.Logf("status: %s %q errors %d reconnects %d lines %d", st.State, st.LastError, st.Errors, st.Reconnects, st.Lines)
		log := f.fp.Log()
		if len(log) > 40 {
			log = log[len(log)-40:]
		}
		for _, e := range log {
			t.Logf("  %s %s #%d %s %s", e.At.Format("15:04:05.000"), e.Op, e.N, e.AccessKey, e.Fault)
		}
	})
}
