package publish

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/analyze/publish/cwtest"
	"github.com/tailtop/tailtop/feed/awsconf"
	"github.com/tailtop/tailtop/feed/awstest/faultproxy"
)

// faultHarness is a harness whose publisher reaches the cwtest server
// through a fault proxy, with rotating credentials cached and refreshed as
// awsconf.Load does.
type faultHarness struct {
	*harness
	fp   *faultproxy.Proxy
	keys *faultproxy.Keys
}

// newFaultHarness is newHarness with the proxy in between. Backoffs are
// long enough for a status watcher, which samples, to see each attempt's
// line; a held request is given up after a second.
func newFaultHarness(t *testing.T, cfg Config) *faultHarness {
	t.Helper()
	h := &harness{t: t, clock: newClock(at(time.Second)), ticks: make(chan time.Time)}
	h.engine = analyze.NewEngine(analyze.Config{Now: h.clock.Now})
	h.srv = cwtest.New()
	t.Cleanup(h.srv.Close)
	fp, err := faultproxy.New(h.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fp.Close)
	keys := faultproxy.NewKeys("AKIDCW")
	cfg.AWS = h.srv.Config()
	cfg.AWS.BaseEndpoint = aws.String(fp.URL)
	cfg.AWS.Credentials = aws.NewCredentialsCache(keys)
	awsconf.RefreshExpiredCredentials(&cfg.AWS)
	cfg.Now, cfg.Ticks = h.clock.Now, h.ticks
	cfg.MinBackoff, cfg.MaxBackoff = 150*time.Millisecond, 300*time.Millisecond
	cfg.RequestTimeout = time.Second
	p, err := New(cfg, h.engine)
	if err != nil {
		t.Fatal(err)
	}
	h.pub = p
	return &faultHarness{harness: h, fp: fp, keys: keys}
}

// publishOneMinute queues the datums of one minute of a web log and waits
// until the publisher has them accepted. Run goes on (its final flush
// would send one more batch): the test's cleanup stops it.
func (h *faultHarness) publishOneMinute(w *faultproxy.Watcher) {
	h.t.Helper()
	h.engine.AddStream("web", "combined")
	h.start()
	h.ingest("web", at(5*time.Second), linesOf(h.t, "web.log")...)
	h.tick(at(time.Minute))
	h.waitHealth("the minute accepted", func(hl Health) bool { return hl.Sent > 0 && hl.InFlight == 0 && hl.QueuedDatums == 0 })
	w.Stop()
}

// TestFaultPublishRetriesWithoutDuplicates: every fault CloudWatch never
// saw the request of (throttled, 500, held past the timeout, connection
// reset, a garbled answer, expired credentials) is retried with the same
// batch: CloudWatch receives it once, the expired key is refreshed once,
// and the status said what happened each time.
func TestFaultPublishRetriesWithoutDuplicates(t *testing.T) {
	h := newFaultHarness(t, Config{TopN: 2})
	faults := []faultproxy.Fault{
		{Kind: faultproxy.Throttle}, {Kind: faultproxy.ServerError}, {Kind: faultproxy.Timeout},
		{Kind: faultproxy.Reset}, {Kind: faultproxy.Malformed}, {Kind: faultproxy.ExpiredToken},
	}
	h.fp.SetRule(h.keys.Refusing(faultproxy.First("PutMetricData", faults...)))
	w := faultproxy.Watch(time.Millisecond, h.pub.Status)
	defer w.Stop()
	h.publishOneMinute(w)

	reqs := h.srv.Requests()
	if len(reqs) != 1 || reqs[0].Status != 200 {
		t.Fatalf("CloudWatch saw %d requests, want the one accepted after the %d faults", len(reqs), len(faults))
	}
	noDuplicates(t, h.srv.Datums())
	hl := h.pub.Health()
	if hl.Errors != int64(len(faults)) || hl.Retries != int64(len(faults)) || hl.Sent != int64(len(reqs[0].Datums)) || hl.Requests != 1 {
		t.Errorf("health: %+v", hl)
	}
	if h.fp.Calls("PutMetricData") != len(faults)+1 {
		t.Errorf("%d attempts, want %d", h.fp.Calls("PutMetricData"), len(faults)+1)
	}
	if issued, revoked := h.keys.Issued(), h.keys.Revoked(); issued != 2 || revoked != 1 {
		t.Errorf("%d keys issued for %d expired, want 2 for 1", issued, revoked)
	}
	t.Logf("the status said: %q", w.Texts())
	for _, k := range faultproxy.Kinds {
		if !w.Seen(faultproxy.Says(k)) {
			t.Errorf("the status never said %q during %s: %q", faultproxy.Says(k), k, w.Texts())
		}
	}
	for _, text := range w.Texts() {
		if strings.Contains(text, "\n") || strings.Contains(text, "operation error") || strings.Contains(text, "secret-") {
			t.Errorf("status text is SDK text or leaks a secret: %q", text)
		}
	}
}

// TestFaultPublishAmbiguousAnswers: when CloudWatch took the request and
// its answer was lost (held past the timeout, the connection cut before
// the answer, the answer garbled), the publisher cannot tell it from a
// request never received, and resends the batch: CloudWatch counts it
// again. PutMetricData has no idempotency token; this is the documented
// ambiguous case, and the only one where a datum is counted twice. The
// publisher itself counts the batch sent once.
func TestFaultPublishAmbiguousAnswers(t *testing.T) {
	h := newFaultHarness(t, Config{TopN: 2})
	ambiguous := []faultproxy.Fault{
		{Kind: faultproxy.Timeout, Forward: true},
		{Kind: faultproxy.Reset, Forward: true},
		{Kind: faultproxy.Malformed, Forward: true},
	}
	h.fp.SetRule(faultproxy.First("PutMetricData", ambiguous...))
	w := faultproxy.Watch(time.Millisecond, h.pub.Status)
	defer w.Stop()
	h.publishOneMinute(w)

	reqs := h.srv.Requests()
	if len(reqs) != len(ambiguous)+1 {
		t.Fatalf("CloudWatch saw %d requests, want %d", len(reqs), len(ambiguous)+1)
	}
	for i, r := range reqs {
		// Each attempt is the same batch, and CloudWatch accepted each.
		if r.Status != 200 || !sameDatums(r.Datums, reqs[0].Datums) {
			t.Errorf("request %d: status %d, %d datums, the same batch: %v", i, r.Status, len(r.Datums), sameDatums(r.Datums, reqs[0].Datums))
		}
	}
	copies := map[string]int{}
	for _, d := range h.srv.Datums() {
		copies[datumKey(d)]++
	}
	for _, d := range reqs[0].Datums {
		if n := copies[datumKey(d)]; n != len(ambiguous)+1 {
			t.Errorf("%s recorded %d times, want %d: once, and once per ambiguous resend", datumKey(d), n, len(ambiguous)+1)
		}
	}
	if hl := h.pub.Health(); hl.Sent != int64(len(reqs[0].Datums)) || hl.Errors != int64(len(ambiguous)) {
		t.Errorf("health: %+v", hl)
	}
	for _, k := range []faultproxy.Kind{faultproxy.Timeout, faultproxy.Reset, faultproxy.Malformed} {
		if !w.Seen(faultproxy.Says(k)) {
			t.Errorf("the status never said %q during %s: %q", faultproxy.Says(k), k, w.Texts())
		}
	}
}
