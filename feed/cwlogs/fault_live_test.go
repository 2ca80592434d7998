package cwlogs

import (
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed/awstest/faultproxy"
	"github.com/tailtop/tailtop/feed/cwlogs/cwlogstest"
)

// TestFaultLiveTail runs Live Tail through every fault: six refused or
// unanswered StartLiveTail calls (throttled, 500, held past CallTimeout,
// connection reset, a corrupt first frame, expired credentials), then a
// session whose connection is reset in the middle of its events, then one
// whose stream carries a corrupted frame, then a healthy one.
//
// Live Tail has no replay: what the service sent into a dead connection is
// gone. So without replay the test asks for no event twice, every event
// sent while a session was healthy, the cut sessions' events delivered up
// to the cut (a prefix, none after it), and the gap shown in the status.
// With a server that replays recent events on a new session (as an
// overlap), every event arrives exactly once: the repeats are dropped.
func TestFaultLiveTail(t *testing.T) {
	for _, replay := range []bool{false, true} {
		name := "no-replay"
		if replay {
			name = "replay"
		}
		t.Run(name, func(t *testing.T) {
			f := newFaultSetup(t, "g")
			if replay {
				f.srv.SetReplay(1000)
			}
			f.schedule(faultproxy.First("StartLiveTail",
				faultproxy.Fault{Kind: faultproxy.Throttle},
				faultproxy.Fault{Kind: faultproxy.ServerError},
				faultproxy.Fault{Kind: faultproxy.Timeout},
				faultproxy.Fault{Kind: faultproxy.Reset},
				faultproxy.Fault{Kind: faultproxy.Malformed},
				faultproxy.Fault{Kind: faultproxy.ExpiredToken},
				faultproxy.Fault{Kind: faultproxy.Reset, Forward: true, AfterBytes: 8000},
				faultproxy.Fault{Kind: faultproxy.Malformed, Forward: true, AfterBytes: 8000},
			))
			r := f.startFaulty(t, f.config("g"))
			w := faultproxy.Watch(time.Millisecond, r.src.Status)
			defer w.Stop()

			// The seventh call is the first the server sees: its stream is
			// cut after 8000 bytes, among the first events.
			waitSessions(t, f.srv, 1, 1)
			cut := bigEvents("g", "s", "cut", 0, 100)
			putInUpdates(f.srv, cut)
			// The eighth: a frame among its events fails its checksum.
			waitSessions(t, f.srv, 2, 1)
			corrupt := bigEvents("g", "s", "corrupt", 0, 100)
			putInUpdates(f.srv, corrupt)
			waitSessions(t, f.srv, 3, 1)
			after := bigEvents("g", "s", "after", 0, 100)
			putInUpdates(f.srv, after)
			f.srv.Put(cwlogstest.Event{Group: "g", Stream: "s", Message: "sentinel"})
			deadline := time.Now().Add(waitLimit)
			for countData(r.col.snapshot())["sentinel"] == 0 {
				if time.Now().After(deadline) {
					t.Fatalf("the sentinel never arrived; status %+v", r.src.Status())
				}
				time.Sleep(5 * time.Millisecond)
			}
			w.Stop()

			counts := countData(r.col.snapshot())
			for text, n := range counts {
				if n != 1 {
					t.Errorf("%.20q arrived %d times", text, n)
				}
			}
			if n, _ := received(counts, after); n != len(after) {
				t.Errorf("%d of the %d events sent to a healthy session arrived", n, len(after))
			}
			for _, part := range []struct {
				name string
				evs  []cwlogstest.Event
			}{{"cut", cut}, {"corrupt", corrupt}} {
				n, prefix := received(counts, part.evs)
				switch {
				case replay && n != len(part.evs):
					t.Errorf("%s: %d of %d events arrived though the next session replayed them", part.name, n, len(part.evs))
				case !replay && (n == 0 || n == len(part.evs) || !prefix):
					t.Errorf("%s: %d of %d events arrived (prefix %v): want those before the fault, none after", part.name, n, len(part.evs), prefix)
				}
			}
			if replay && r.src.repeats.Load() == 0 {
				t.Error("no replayed event was dropped as a repeat")
			}
			t.Logf("the status said: %q", w.Texts())
			checkSaid(t, w, faultproxy.Kinds...)
			if !w.Seen("connection reset, reconnecting", "Live Tail connection lost") {
				t.Errorf("the status never said the session's connection was reset: %q", w.Texts())
			}
			if !w.Seen("malformed answer, reconnecting", "could not be decoded") {
				t.Errorf("the status never said the session's stream was corrupt: %q", w.Texts())
			}
			if !w.Seen("gap of") {
				t.Errorf("the gap after a lost session was never shown: %q", w.Texts())
			}
			if issued, revoked := f.keys.Issued(), f.keys.Revoked(); revoked != 1 || issued != 2 {
				t.Errorf("%d keys issued for %d expired, want 2 for 1", issued, revoked)
			}
			st := r.src.Status()
			if st.Reconnects != 2 || st.Errors < 8 {
				t.Errorf("reconnects %d errors %d: want the 2 lost sessions and the 8 faults counted", st.Reconnects, st.Errors)
			}
			if !strings.Contains(st.LastError, "gap of") {
				t.Errorf("last error %q", st.LastError)
			}
		})
	}
}
