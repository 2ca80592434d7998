package kinesis_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/tailtop/tailtop/feed/awsconf"
	"github.com/tailtop/tailtop/feed/awstest/faultproxy"
	"github.com/tailtop/tailtop/feed/kinesis"
)

// clientTimeout is how long the source's HTTP client waits for an answer's
// headers in the fault tests: a request the proxy holds fails this fast
// (the feed's own per-call bound is 30 s). kinesis-mock on a busy machine
// takes up to a second or two to answer: a shorter bound would add
// timeouts of its own.
const clientTimeout = 3 * time.Second

// faultWait bounds each wait of the fault tests; they take a few seconds
// on a quiet machine, and a busy one slows the emulator down.
const faultWait = 60 * time.Second

// faultRig is a test env with a fault proxy in front of its endpoint and
// credentials that rotate: each refresh issues a new key, and a key the
// schedule expires is refused from then on.
type faultRig struct {
	*env
	fp   *faultproxy.Proxy
	keys *faultproxy.Keys
}

// newFaultRig puts a fault proxy in front of the env's endpoint (the
// kinesistest proxy, which mends kinesis-mock's fan-out answers).
func newFaultRig(t *testing.T, e *env) *faultRig {
	t.Helper()
	fp, err := faultproxy.New(e.endpoint)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fp.Close)
	e.tr.ResponseHeaderTimeout = clientTimeout
	return &faultRig{env: e, fp: fp, keys: faultproxy.NewKeys("AKIDKIN")}
}

// schedule sets the proxy's rule, wrapped so that expired keys are refused.
func (g *faultRig) schedule(r faultproxy.Rule) { g.fp.SetRule(g.keys.Refusing(r)) }

// awsConfig is the source's configuration: through the fault proxy, with
// rotating credentials cached the way awsconf.Load caches them.
func (g *faultRig) awsConfig() aws.Config {
	c := g.env.awsConfig()
	c.BaseEndpoint = aws.String(g.fp.URL)
	c.Credentials = aws.NewCredentialsCache(g.keys)
	awsconf.RefreshExpiredCredentials(&c)
	return c
}

// start runs a source through the proxy; stop cancels it.
func (g *faultRig) start(cfg kinesis.Config) *running {
	g.t.Helper()
	cfg.AWS = g.awsConfig()
	r := startRunning(g.t, cfg)
	if t, ok := g.t.(*testing.T); ok {
		g.dumpOnFailure(t, r)
	}
	return r
}

// checkFaults checks that every kind of kinds was injected on op and that
// the status said so while it was recovered from.
func (g *faultRig) checkFaults(t *testing.T, w *faultproxy.Watcher, op string, kinds []faultproxy.Kind) {
	t.Helper()
	for _, k := range kinds {
		if g.fp.InjectedOn(op, k) == 0 {
			t.Errorf("%s never injected on %s", k, op)
		}
		if !w.Seen(faultproxy.Says(k)) {
			t.Errorf("the status never said %q during %s on %s; it said %s", faultproxy.Says(k), k, op, head(w.Texts()))
		}
	}
	for _, text := range w.Texts() {
		if strings.Contains(text, "\n") || strings.Contains(text, "operation error") || strings.Contains(text, "secret-") {
			t.Errorf("status text is SDK text or leaks a secret: %q", text)
		}
	}
}

// allKinds is one of each fault kind on an operation, in both forms
// (answered by the proxy alone, and after the request reached the
// emulator), each after two passes: with two shards taking turns, a cycle
// of odd period spreads the faults over both, and each shard recovers
// between two of its faults.
func allKinds(afterBytes int) []faultproxy.Fault {
	var out []faultproxy.Fault
	for _, f := range []faultproxy.Fault{
		{Kind: faultproxy.Throttle},
		{Kind: faultproxy.ServerError},
		{Kind: faultproxy.Timeout},
		{Kind: faultproxy.Reset},
		{Kind: faultproxy.Malformed},
		{Kind: faultproxy.ExpiredToken},
		{Kind: faultproxy.Timeout, Forward: true},
		{Kind: faultproxy.Reset, Forward: true, AfterBytes: afterBytes},
		{Kind: faultproxy.Malformed, Forward: true, AfterBytes: afterBytes},
	} {
		out = append(out, faultproxy.Fault{}, faultproxy.Fault{}, f)
	}
	return out
}

// expectKeys checks that each refused key was refreshed once: one key at
// the start, one more per key the schedule expired.
func (g *faultRig) expectKeys(t *testing.T) {
	t.Helper()
	if issued, revoked := g.keys.Issued(), g.keys.Revoked(); revoked == 0 || issued != revoked+1 {
		t.Errorf("%d keys issued for %d expired: want one refresh per expired key", issued, revoked)
	}
}

// dumpOnFailure logs the status and the proxy's last calls when the test
// fails, to tell a stuck reader from a lost record.
func (g *faultRig) dumpOnFailure(t *testing.T, r *running) {
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		st := r.src.Status()
		t.Logf("status: %s %q errors %d reconnects %d lines %d", st.State, st.LastError, st.Errors, st.Reconnects, st.Lines)
		for _, o := range st.Origins {
			t.Logf("  %s: %s %q errors %d lines %d", o.Name, o.State, o.LastError, o.Errors, o.Lines)
		}
		log := g.fp.Log()
		if len(log) > 40 {
			log = log[len(log)-40:]
		}
		for _, e := range log {
			t.Logf("  %s %s #%d %s %s", e.At.Format("15:04:05.000"), e.Op, e.N, e.AccessKey, e.Fault)
		}
	})
}

func describe(fs []faultproxy.Fault) string {
	var s []string
	for _, f := range fs {
		s = append(s, f.String())
	}
	return fmt.Sprint(s)
}
