package cwlogs

import (
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed/awstest/faultproxy"
)

// pollFaults is one of each fault kind on FilterLogEvents, in both forms
// (answered by the proxy alone, and after the server answered: its page
// token is then used up), each after two passes.
func pollFaults() []faultproxy.Fault {
	var out []faultproxy.Fault
	for _, f := range []faultproxy.Fault{
		{Kind: faultproxy.Throttle},
		{Kind: faultproxy.ServerError},
		{Kind: faultproxy.Timeout},
		{Kind: faultproxy.Reset},
		{Kind: faultproxy.Malformed},
		{Kind: faultproxy.ExpiredToken},
		{Kind: faultproxy.Timeout, Forward: true},
		{Kind: faultproxy.Reset, Forward: true, AfterBytes: 500},
		{Kind: faultproxy.Malformed, Forward: true},
	} {
		out = append(out, faultproxy.Fault{}, faultproxy.Fault{}, f)
	}
	return out
}

// TestFaultPollFilterLogEvents: in poll mode the server holds every event,
// so the feed must be exact through every fault on FilterLogEvents, in the
// --since history and in the rounds that follow it: every event once, none
// skipped, each expired key refreshed once, and the status said what
// happened.
func TestFaultPollFilterLogEvents(t *testing.T) {
	f := newFaultSetup(t, "g")
	f.srv.SetPageSize(25)
	// Spread over 15 s: a query asked again from the lookback before the
	// newest event delivered rereads a page or two, not everything.
	history := pastEvents("g", 0, 300, 30*time.Second)
	for i := range history {
		history[i].Timestamp = history[i].Timestamp.Add(time.Duration(i) * 50 * time.Millisecond)
	}
	f.srv.Put(history...)
	faults := pollFaults()
	f.schedule(faultproxy.Cycle("FilterLogEvents", faults...))
	cfg := f.config("g")
	cfg.Mode = ModePoll
	cfg.Since = time.Minute
	cfg.PollLookback = time.Second
	r := f.startFaulty(t, cfg)
	w := faultproxy.Watch(time.Millisecond, r.src.Status)
	defer w.Stop()
	r.col.waitLines(t, 100)
	live := events("g", "s", 300, 300)
	for i := 0; i < len(live); i += 50 {
		f.srv.Put(live[i : i+50]...)
		r.col.waitLines(t, 300+i)
	}
	r.col.waitLines(t, 600)
	deadline := time.Now().Add(waitLimit)
	for f.fp.Calls("FilterLogEvents") < len(faults) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d calls", f.fp.Calls("FilterLogEvents"))
		}
		time.Sleep(5 * time.Millisecond)
	}
	f.fp.SetRule(nil)
	lines := sentinel(t, f.srv, r, "g", 600)
	w.Stop()
	counts := countData(lines)
	for _, e := range append(history, live...) {
		if n := counts[e.Message]; n != 1 {
			t.Errorf("%q arrived %d times", e.Message, n)
		}
	}
	for _, k := range faultproxy.Kinds {
		if f.fp.InjectedOn("FilterLogEvents", k) == 0 {
			t.Errorf("%s never injected", k)
		}
	}
	t.Logf("the status said: %q", w.Texts())
	checkSaid(t, w, faultproxy.Kinds...)
	if issued, revoked := f.keys.Issued(), f.keys.Revoked(); revoked == 0 || issued != revoked+1 {
		t.Errorf("%d keys issued for %d expired: want one refresh per expired key", issued, revoked)
	}
	if st := r.src.Status(); st.Errors < int64(len(faults)/3) || st.State != "following" {
		t.Errorf("status after the faults: %+v", st)
	}
}
