package publish

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze/publish/cwtest"
)

// row is an expected datum: the interval start (from t0), the stream, the
// actor for TopActorCount, the metric and its value.
type row struct {
	at     time.Duration
	stream string
	actor  string
	name   string
	value  float64
}

func (r row) String() string {
	return fmt.Sprintf("+%v %s %s actor=%q %v", r.at, r.stream, r.name, r.actor, r.value)
}

// streamRows are the seven stream metrics in publishing order.
func streamRows(at time.Duration, stream string, events, failures, denied, bytes, unparsed, spikes, alerts float64) []row {
	return []row{
		{at, stream, "", "Events", events},
		{at, stream, "", "Failures", failures},
		{at, stream, "", "AuthorizationFailureCount", denied},
		{at, stream, "", "Bytes", bytes},
		{at, stream, "", "UnparsedLines", unparsed},
		{at, stream, "", "ActiveSpikes", spikes},
		{at, stream, "", "FiringAlerts", alerts},
	}
}

// rowsOf turns recorded datums back into rows, checking what every datum
// of these tests shares: namespace, unit, resolution, the extra dimension.
func rowsOf(t *testing.T, ds []cwtest.Datum, resolution int64, extra map[string]string) []row {
	t.Helper()
	var out []row
	for _, d := range ds {
		r := row{at: d.Timestamp.Sub(t0), name: d.MetricName, value: d.Value}
		r.stream, _ = d.Dim("Stream")
		r.actor, _ = d.Dim("Actor")
		want := 1 + len(extra)
		if r.name == "TopActorCount" {
			want++
		}
		unit := "Count"
		if r.name == "Bytes" {
			unit = "Bytes"
		}
		if d.Namespace != "LogMetrics" || d.Unit != unit || d.StorageResolution != resolution || !d.HasValue ||
			len(d.Dimensions) != want || d.Dimensions[0].Name != "Stream" {
			t.Errorf("datum %s: namespace %q unit %q resolution %d dimensions %v", r, d.Namespace, d.Unit, d.StorageResolution, d.Dimensions)
		}
		for k, v := range extra {
			if got, _ := d.Dim(k); got != v {
				t.Errorf("datum %s: dimension %s = %q, want %q", r, k, got, v)
			}
		}
		out = append(out, r)
	}
	return out
}

func sameRows(t *testing.T, got, want []row) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d datums, want %d", len(got), len(want))
	}
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i].String()
		}
		if i < len(want) {
			w = want[i].String()
		}
		if g != w {
			t.Errorf("datum %d:\n got  %s\n want %s", i, g, w)
		}
	}
}

// The metrics of a known input: names, dimensions, values and timestamps,
// interval by interval, with the final partial interval flushed once.
func TestPublishesKnownInput(t *testing.T) {
	extra := map[string]string{"env": "test"}
	h := newHarness(t, Config{TopN: 2, Dimensions: extra})
	h.engine.AddStream("web", "combined")
	h.engine.AddStream("trail", "cloudtrail")
	h.start()

	h.ingest("web", at(5*time.Second), linesOf(t, "web.log")...)
	h.ingest("trail", at(10*time.Second), linesOf(t, "trail.jsonl")...)
	h.tick(at(60 * time.Second))
	if err := h.srv.WaitDatums(wait(t), 18); err != nil {
		t.Fatal(err)
	}
	h.ingest("web", at(70*time.Second), `192.0.2.1 - - [18/May/2033:03:34:10 +0000] "GET / HTTP/1.1" 200 50 "-" "curl/8.5"`)
	h.tick(at(120 * time.Second))
	if err := h.srv.WaitDatums(wait(t), 33); err != nil {
		t.Fatal(err)
	}
	// The final interval is partial: [t0+120s, t0+126s) at a stop at 125.5s.
	h.ingest("web", at(125*time.Second), `198.51.100.2 - - [18/May/2033:03:35:05 +0000] "GET /x HTTP/1.1" 404 7 "-" "curl/8.5"`)
	h.stop(at(125*time.Second + 500*time.Millisecond))

	var want []row
	want = append(want, streamRows(0, "web", 6, 2, 0, 1920, 1, 0, 0)...)
	want = append(want,
		row{0, "web", "203.0.113.7", "TopActorCount", 3},
		row{0, "web", "198.51.100.2", "TopActorCount", 2})
	want = append(want, streamRows(0, "trail", 3, 2, 2, 0, 0, 0, 1)...)
	want = append(want,
		row{0, "trail", "arn:aws:iam::111122223333:user/alice", "TopActorCount", 2},
		row{0, "trail", `arn:aws:iam::111122223333:user/b\u00e9a`, "TopActorCount", 1})
	want = append(want, streamRows(time.Minute, "web", 1, 0, 0, 50, 0, 0, 0)...)
	want = append(want, row{time.Minute, "web", "192.0.2.1", "TopActorCount", 1})
	want = append(want, streamRows(time.Minute, "trail", 0, 0, 0, 0, 0, 0, 0)...)
	want = append(want, streamRows(2*time.Minute, "web", 1, 0, 0, 7, 0, 0, 0)...)
	want = append(want, row{2 * time.Minute, "web", "198.51.100.2", "TopActorCount", 1})
	want = append(want, streamRows(2*time.Minute, "trail", 0, 0, 0, 0, 0, 0, 0)...)

	got := h.srv.Datums()
	sameRows(t, rowsOf(t, got, 60, extra), want)
	noDuplicates(t, got)
	hl := h.pub.Health()
	if hl.Sent != int64(len(want)) || hl.Errors != 0 || hl.QueuedDatums != 0 || hl.DroppedDatums != 0 || hl.State != "stopped" {
		t.Errorf("health: %+v", hl)
	}
	if hl.LastSuccess.IsZero() || !hl.LastInterval.Equal(at(126*time.Second)) {
		t.Errorf("last success %v, last interval %v", hl.LastSuccess, hl.LastInterval)
	}
}

// A tick that closes no new interval (the same minute again, or early)
// publishes nothing; a late tick closes every interval it passed, each
// with its own timestamp.
func TestTicksCloseWholeIntervalsOnce(t *testing.T) {
	h := newHarness(t, Config{})
	h.engine.AddStream("web", "combined")
	h.start()
	h.tick(at(30 * time.Second)) // inside the first minute: nothing closes
	h.ingest("web", at(150*time.Second), `192.0.2.1 - - [18/May/2033:03:35:30 +0000] "GET / HTTP/1.1" 200 5 "-" "-"`)
	h.tick(at(185 * time.Second)) // closes three minutes at once
	if err := h.srv.WaitDatums(wait(t), 3*7+1); err != nil {
		t.Fatal(err)
	}
	h.tick(at(190 * time.Second)) // same minute: nothing
	h.stop(at(190 * time.Second))
	var times []string
	for _, d := range h.srv.Datums() {
		if d.MetricName == "Events" {
			times = append(times, fmt.Sprintf("%v=%v", d.Timestamp.Sub(t0), d.Value))
		}
	}
	// The three whole minutes, then the final partial one [3m, 3m11s).
	if got := strings.Join(times, " "); got != "0s=0 1m0s=0 2m0s=1 3m0s=0" {
		t.Errorf("Events by interval: %s", got)
	}
	noDuplicates(t, h.srv.Datums())
}

// Below a minute, datums are high resolution and intervals follow the
// configured period.
func TestShortIntervalsAreHighResolution(t *testing.T) {
	h := newHarness(t, Config{Interval: 10 * time.Second, TopN: -1})
	h.engine.AddStream("web", "combined")
	h.start()
	h.ingest("web", at(12*time.Second), `192.0.2.1 - - [18/May/2033:03:33:12 +0000] "GET / HTTP/1.1" 200 5 "-" "-"`)
	h.tick(at(20 * time.Second))
	if err := h.srv.WaitDatums(wait(t), 14); err != nil {
		t.Fatal(err)
	}
	h.stop(at(20 * time.Second))
	got := rowsOf(t, h.srv.Datums(), 1, nil)
	var want []row
	want = append(want, streamRows(0, "web", 0, 0, 0, 0, 0, 0, 0)...)
	want = append(want, streamRows(10*time.Second, "web", 1, 0, 0, 5, 0, 0, 0)...)
	// The stop at exactly 20s flushes the current second [20s, 21s).
	want = append(want, streamRows(20*time.Second, "web", 0, 0, 0, 0, 0, 0, 0)...)
	sameRows(t, got, want)
}
