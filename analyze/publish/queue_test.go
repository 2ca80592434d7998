package publish

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze/publish/cwtest"
)

func datums(n int, from time.Time) *pending {
	p := &pending{from: from}
	for i := range n {
		p.datums = append(p.datums, Datum{Name: fmt.Sprint(i), Time: from})
	}
	return p
}

func oneByte(*Datum) int { return 1 }

func TestQueueBoundsDropOldestIntervals(t *testing.T) {
	tests := []struct {
		name                string
		maxItems, maxDatums int
		sizes               []int
		wantQueued          string // interval starts (minutes) still queued
		wantDroppedItems    int64
		wantDroppedDatums   int64
	}{
		{"within bounds", 3, 100, []int{2, 2, 2}, "0 1 2", 0, 0},
		{"interval bound", 3, 100, []int{2, 2, 2, 2, 2}, "2 3 4", 2, 4},
		{"datum bound", 10, 5, []int{2, 2, 2, 2}, "2 3", 2, 4},
		{"newest kept even alone over the bound", 10, 5, []int{2, 9}, "1", 1, 2},
		{"empty intervals are not queued", 2, 100, []int{0, 3, 0, 3}, "1 3", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := queue{maxIntervals: tc.maxItems, maxDatums: tc.maxDatums}
			for i, n := range tc.sizes {
				q.push(datums(n, at(time.Duration(i)*time.Minute)))
			}
			var got []string
			total := 0
			for _, it := range q.items {
				got = append(got, fmt.Sprint(int(it.from.Sub(t0).Minutes())))
				total += len(it.datums)
			}
			if strings.Join(got, " ") != tc.wantQueued || q.droppedItems != tc.wantDroppedItems ||
				q.droppedDatums != tc.wantDroppedDatums || q.datums != total {
				t.Errorf("queued %v (%d datums, count %d), dropped %d intervals %d datums", got, total, q.datums, q.droppedItems, q.droppedDatums)
			}
		})
	}
}

func TestQueueTakeRespectsLimitsAndOrder(t *testing.T) {
	q := queue{maxIntervals: 10, maxDatums: 100}
	q.push(datums(3, at(0)))
	q.push(datums(4, at(time.Minute)))
	q.push(datums(2, at(2*time.Minute)))
	var got []string
	for b := q.take(4, 100, oneByte); b != nil; b = q.take(4, 100, oneByte) {
		got = append(got, fmt.Sprint(len(b), ":", int(b[0].Time.Sub(t0).Minutes()), "-", int(b[len(b)-1].Time.Sub(t0).Minutes())))
	}
	// Batches fill across intervals, in order.
	if strings.Join(got, " ") != "4:0-1 4:1-2 1:2-2" || q.datums != 0 || len(q.items) != 0 {
		t.Errorf("batches %v, left %d", got, q.datums)
	}
	// The byte bound, and a datum over it alone still goes (to be refused).
	q.push(datums(5, at(0)))
	size := func(d *Datum) int {
		if d.Name == "0" {
			return 50
		}
		return 10
	}
	if b := q.take(100, 30, size); len(b) != 1 || b[0].Name != "0" {
		t.Errorf("oversized datum: %v", b)
	}
	if b := q.take(100, 30, size); len(b) != 3 {
		t.Errorf("30 bytes of 10-byte datums: %d", len(b))
	}
	if b := q.take(0, 0, size); len(b) != 1 {
		t.Errorf("unbounded take: %d", len(b))
	}
}

// While CloudWatch does not answer, Run keeps closing intervals (it never
// waits on the send), the queue keeps its bound by dropping the oldest
// intervals with a visible counter, and once CloudWatch is back the kept
// intervals go out once each.
func TestQueueBoundWhileCloudWatchIsAway(t *testing.T) {
	h := newHarness(t, Config{QueueIntervals: 3})
	h.engine.AddStream("web", "combined")
	h.srv.Hold()
	h.start()
	line := func(m int) {
		h.ingest("web", at(time.Duration(m)*time.Minute+5*time.Second), accessLine(fmt.Sprintf("10.0.0.%d", m), m))
	}
	line(0)
	h.tick(at(time.Minute)) // minute 0 goes in flight and hangs
	if err := h.srv.WaitRequests(wait(t), 1); err != nil {
		t.Fatal(err)
	}
	for m := 1; m <= 9; m++ {
		line(m)
		h.tick(at(time.Duration(m+1) * time.Minute))
	}
	hl := h.pub.Health()
	if hl.InFlight != 8 || hl.QueuedIntervals != 3 || hl.QueuedDatums != 24 || hl.DroppedIntervals != 6 || hl.DroppedDatums != 48 {
		t.Errorf("health while away: %+v", hl)
	}
	st := h.pub.Status()
	if q, d := st.Origins[0], st.Origins[1]; q.State != "3 intervals" || q.Lines != 32 || d.State != "6 intervals" || d.Lines != 48 || d.Errors != 48 {
		t.Errorf("queued and dropped rows: %+v %+v", q, d)
	}
	// The oldest undelivered interval (minute 0) closed 9 minutes ago.
	if st.Lag != 9*time.Minute || st.Origins[2].State != "never" {
		t.Errorf("lag %v, last success %q", st.Lag, st.Origins[2].State)
	}

	h.srv.Release()
	h.waitHealth("the kept intervals delivered", func(hl Health) bool { return hl.Sent == 8*4 })
	h.stop(at(10*time.Minute + time.Second))
	var minutes []string
	for _, d := range h.srv.Datums() {
		if d.MetricName == "Events" {
			minutes = append(minutes, fmt.Sprint(d.Timestamp.Sub(t0).Minutes(), "=", d.Value))
		}
	}
	if got := strings.Join(minutes, " "); got != "0=1 7=1 8=1 9=1 10=0" {
		t.Errorf("Events delivered (minute=value): %s", got)
	}
	noDuplicates(t, h.srv.Datums())
	if hl := h.pub.Health(); hl.DroppedIntervals != 6 || hl.LostAtStop != 0 || hl.Sent != 8*4+7 {
		t.Errorf("health at the end: %+v", hl)
	}
}

// When CloudWatch is down at shutdown, the flush gives up at its deadline
// and counts what it could not deliver.
func TestFlushGivesUpAtItsDeadline(t *testing.T) {
	h := newHarness(t, Config{FlushTimeout: 50 * time.Millisecond})
	h.engine.AddStream("web", "combined")
	h.srv.SetDown(cwtest.Unavailable)
	h.start()
	h.tick(at(time.Minute))
	h.waitHealth("a failed attempt", func(hl Health) bool { return hl.Errors > 0 })
	h.stop(at(time.Minute + time.Second))
	hl := h.pub.Health()
	if hl.Sent != 0 || hl.LostAtStop != 14 || hl.State != "stopped" || hl.QueuedDatums != 0 || hl.InFlight != 0 {
		t.Errorf("health: %+v", hl)
	}
	if d := h.pub.Status().Origins[1]; d.Lines != 14 {
		t.Errorf("dropped row: %+v", d)
	}
}
