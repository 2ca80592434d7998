package publish

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze/publish/cwtest"
)

// Throttling and 5xx answers are retried with the same batch until it is
// accepted: nothing lost, nothing twice.
func TestRetriesThrottlingAnd5xxWithoutLossOrDuplicate(t *testing.T) {
	h := newHarness(t, Config{TopN: 2})
	h.engine.AddStream("web", "combined")
	h.srv.Inject(cwtest.Throttle, cwtest.InternalError, cwtest.Unavailable)
	h.start()
	h.ingest("web", at(5*time.Second), linesOf(t, "web.log")...)
	h.tick(at(time.Minute))
	h.waitHealth("9 datums sent", func(hl Health) bool { return hl.Sent == 9 })
	reqs := h.srv.Requests()
	if len(reqs) != 4 {
		t.Fatalf("%d requests, want 3 failed and 1 accepted", len(reqs))
	}
	for i, want := range []int{400, 500, 503, 200} {
		if reqs[i].Status != want {
			t.Errorf("request %d answered %d, want %d", i, reqs[i].Status, want)
		}
		// The resend is the same batch, datum for datum.
		if !sameDatums(reqs[i].Datums, reqs[3].Datums) {
			t.Errorf("request %d carried other datums than the accepted one", i)
		}
	}
	hl := h.pub.Health()
	if hl.Errors != 3 || hl.Retries != 3 || hl.Sent != 9 || hl.Requests != 1 || hl.State != "publishing" {
		t.Errorf("health after recovery: %+v", hl)
	}
	if !strings.Contains(hl.LastError, "ServiceUnavailable") {
		t.Errorf("last error %q should be the 503's", hl.LastError)
	}
	st := h.pub.Status()
	if st.Errors != 3 || st.Reconnects != 3 || st.Lines != 9 || st.State != "publishing" {
		t.Errorf("status: %+v", st)
	}

	h.stop(at(time.Minute))
	noDuplicates(t, h.srv.Datums())
}

func sameDatums(a, b []cwtest.Datum) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		x.Request, y.Request = 0, 0
		if !reflect.DeepEqual(x, y) {
			return false
		}
	}
	return true
}

// A resent batch keeps its place: intervals go out in order, and one
// interval split over requests loses nothing when the second request
// fails.
func TestRetryKeepsOrderAcrossRequests(t *testing.T) {
	h := newHarness(t, Config{TopN: 1000})
	h.engine.AddStream("web", "combined")
	h.start()
	var lines []string
	for _, ip := range ips(1100) {
		lines = append(lines, accessLine(ip, 1))
	}
	h.ingest("web", at(5*time.Second), lines...)
	// The first request (1000 datums) hangs until the second minute is
	// queued, so the batches are the same at every run.
	h.srv.Hold()
	h.srv.Inject(cwtest.None, cwtest.Throttle, cwtest.Throttle)
	h.tick(at(time.Minute))
	if err := h.srv.WaitRequests(wait(t), 1); err != nil {
		t.Fatal(err)
	}
	h.ingest("web", at(65*time.Second), lines[:1]...)
	h.tick(at(2 * time.Minute))
	h.srv.Release()
	const want = 1007 + 8
	if err := h.srv.WaitDatums(wait(t), want); err != nil {
		t.Fatal(err)
	}
	h.stop(at(2 * time.Minute))
	ds := h.srv.Datums()
	noDuplicates(t, ds)
	var order []string
	for _, r := range h.srv.Requests() {
		order = append(order, fmt.Sprintf("%d:%d", r.Status, len(r.Datums)))
	}
	// 1000 accepted; the other 7 of the first minute and the 8 of the
	// second (queued meanwhile, sent together) throttled twice; then the
	// final flush's 7.
	if got := strings.Join(order, " "); got != "200:1000 400:15 400:15 200:15 200:7" {
		t.Errorf("requests (status:datums): %s", got)
	}
	for i := 1; i < len(ds); i++ {
		if ds[i].Timestamp.Before(ds[i-1].Timestamp) {
			t.Fatalf("datum %d of %v after one of %v: out of order", i, ds[i].Timestamp, ds[i-1].Timestamp)
		}
	}
}

// A request CloudWatch refuses as invalid would be refused again: the
// batch is dropped and counted, and the next interval goes out.
func TestRefusedBatchIsDroppedAndCounted(t *testing.T) {
	h := newHarness(t, Config{})
	h.engine.AddStream("web", "combined")
	h.srv.Inject(cwtest.Invalid)
	h.start()
	h.tick(at(time.Minute))
	h.waitHealth("the first minute refused", func(hl Health) bool { return hl.Rejected == 7 })
	h.tick(at(2 * time.Minute))
	if err := h.srv.WaitDatums(wait(t), 7); err != nil {
		t.Fatal(err)
	}
	h.stop(at(2 * time.Minute))
	if n := len(h.srv.Requests()); n != 3 {
		t.Errorf("%d requests: the refused batch must not be resent", n)
	}
	hl := h.pub.Health()
	if hl.Rejected != 7 || hl.Errors != 1 || !strings.Contains(hl.LastError, "refused") || !strings.Contains(hl.LastError, "InvalidParameterValue") {
		t.Errorf("health: %+v", hl)
	}
	if d := h.pub.Status().Origins[1]; d.Name != "dropped" || d.Lines != 7 || d.Errors != 7 {
		t.Errorf("dropped row: %+v", d)
	}
}

// Access denied is retried (the operator can fix the policy while tailtop
// runs) and explained.
func TestAccessDeniedIsRetriedAndExplained(t *testing.T) {
	h := newHarness(t, Config{})
	h.engine.AddStream("web", "combined")
	h.srv.Inject(cwtest.AccessDenied, cwtest.AccessDenied)
	h.start()
	h.tick(at(time.Minute))
	if err := h.srv.WaitDatums(wait(t), 7); err != nil {
		t.Fatal(err)
	}
	h.stop(at(time.Minute))
	hl := h.pub.Health()
	if hl.Errors != 2 || hl.Sent != 7+7 || !strings.Contains(hl.LastError, "cloudwatch:PutMetricData") {
		t.Errorf("health: %+v", hl)
	}
}
