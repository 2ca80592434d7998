package kinesis_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed/kinesis"
)

// TestTwoShardsExactlyOnce reads a 2-shard stream from its trim horizon
// while more records are written: every record once, from the right shard,
// with its arrival time, catch-up as History, then live.
func TestTwoShardsExactlyOnce(t *testing.T) {
	e := newEnv(t, needMock(t), true)
	stream := e.createStream(2)
	want := e.putLines(stream, "before", 1500)

	r := e.run(kinesis.Config{Stream: stream, From: "trim"})
	r.waitLines(t, 500, 30*time.Second)
	want = append(want, e.putLines(stream, "during", 1500)...)
	r.waitLines(t, len(want), 60*time.Second)
	e.settle("GetRecords", 4)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	r.col.exactlyOnce(t, want)

	shards := map[string]int{}
	for _, l := range r.col.snapshot() {
		shards[l.Origin]++
		if l.EventTime.IsZero() || l.Arrival.Before(l.EventTime.Add(-time.Minute)) || l.Truncated {
			t.Fatalf("line %q: event %v arrival %v truncated %v", l.Data, l.EventTime, l.Arrival, l.Truncated)
		}
	}
	if len(shards) != 2 || shards["shardId-000000000000"] == 0 || shards["shardId-000000000001"] == 0 {
		t.Errorf("lines by shard: %v", shards)
	}
	st := r.src.Status()
	if st.Kind != "kinesis" || st.Name != "kinesis://"+stream || st.Lines != int64(len(want)) || len(st.Origins) != 2 {
		t.Errorf("status %+v", st)
	}
	if st.State != "done" || st.Errors != 0 {
		t.Errorf("state %q errors %d (%s)", st.State, st.Errors, st.LastError)
	}
	var bytes int64
	for _, l := range want {
		bytes += int64(len(l))
	}
	if st.Bytes != bytes {
		t.Errorf("Bytes = %d, want %d", st.Bytes, bytes)
	}
	if !strings.HasPrefix(r.src.Name(), "kinesis://") {
		t.Errorf("Name = %q", r.src.Name())
	}
}

// TestHistoryWhileCatchingUp starts at the trim horizon of a shard whose
// first records are older than HistoryLag: their batches are History
// (windowed by event time) until the shard reports it is caught up.
func TestHistoryWhileCatchingUp(t *testing.T) {
	e := newEnv(t, needMock(t), true)
	stream := e.createStream(1)
	want := e.putLines(stream, "old", 300)
	// The emulator's MillisBehindLatest is the age of the answer's last
	// record against the newest: give the old ones an age.
	oldAt := time.Now()
	waitFor(t, 5*time.Second, "the old records to age", func() bool { return time.Since(oldAt) > 600*time.Millisecond })
	want = append(want, e.putLines(stream, "new", 300)...)

	r := e.run(kinesis.Config{Stream: stream, From: "trim", HistoryLag: 300 * time.Millisecond, RecordsLimit: 100})
	r.waitLines(t, len(want), 30*time.Second)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	r.col.exactlyOnce(t, want)
	lines := r.col.snapshot()
	if !r.col.hist[0] || !strings.HasPrefix(string(lines[0].Data), "old") {
		t.Errorf("first line %q History=%v, want an old line in History", lines[0].Data, r.col.hist[0])
	}
	if last := len(lines) - 1; r.col.hist[last] {
		t.Errorf("last line %q is still History", lines[last].Data)
	}
	for i := 1; i < len(lines); i++ {
		if r.col.hist[i] && !r.col.hist[i-1] {
			t.Fatalf("line %d (%q) is History again after live lines", i, lines[i].Data)
		}
	}
}

// TestLatestSeesOnlyNewRecords starts at LATEST: records written before
// the readers took their iterators are not read, all written after are.
func TestLatestSeesOnlyNewRecords(t *testing.T) {
	e := newEnv(t, needMock(t), true)
	stream := e.createStream(2)
	e.putLines(stream, "old", 200)
	r := e.run(kinesis.Config{Stream: stream})
	// Both shards have their iterators once each has made a GetRecords call.
	waitFor(t, 30*time.Second, "both shards polling", func() bool { return e.proxy.Calls("GetRecords") >= 2 })
	want := e.putLines(stream, "new", 500)
	r.waitLines(t, len(want), 30*time.Second)
	e.settle("GetRecords", 4)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	r.col.exactlyOnce(t, want)
	if r.col.history != 0 {
		t.Errorf("%d batches History when starting at latest", r.col.history)
	}
}

// TestStartAtTimestamp starts AT_TIMESTAMP between two groups of records.
func TestStartAtTimestamp(t *testing.T) {
	e := newEnv(t, needMock(t), true)
	stream := e.createStream(2)
	e.putLines(stream, "before", 200)
	// Arrival times have millisecond resolution: keep clear of them.
	mark := time.Now()
	waitFor(t, 5*time.Second, "a gap after the mark", func() bool { return time.Since(mark) > 300*time.Millisecond })
	mark = mark.Add(150 * time.Millisecond)
	want := e.putLines(stream, "after", 300)

	r := e.run(kinesis.Config{Stream: stream, From: mark.UTC().Format(time.RFC3339Nano)})
	r.waitLines(t, len(want), 30*time.Second)
	want = append(want, e.putLines(stream, "live", 100)...)
	r.waitLines(t, len(want), 30*time.Second)
	e.settle("GetRecords", 4)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	r.col.exactlyOnce(t, want)
}

// BenchmarkEmulatorRead reads 4 MB (4000 records of 1 KiB in 4 shards)
// from kinesis-mock through the whole source, from the trim horizon, once
// per iteration. The emulator dominates: it takes seconds to serve one
// 1 MB GetRecords answer; BenchmarkRecords measures the feed's own work.
func BenchmarkEmulatorRead(b *testing.B) {
	e := newEnv(b, needMock(b), false)
	stream := e.createStream(4)
	var keys []string
	var data [][]byte
	var want []string
	for i := range 4000 {
		l := fmt.Sprintf("%05d %s", i, strings.Repeat("x", 1018))
		keys = append(keys, fmt.Sprint(i))
		data = append(data, []byte(l))
		want = append(want, l)
	}
	e.put(stream, keys, data)
	b.SetBytes(4000 * 1024)
	b.ResetTimer()
	for b.Loop() {
		r := e.run(kinesis.Config{Stream: stream, From: "trim"})
		r.waitLines(b, len(want), 2*time.Minute)
		if err := r.stop(); err != nil {
			b.Fatal(err)
		}
		if st := r.src.Status(); st.Errors != 0 {
			b.Fatalf("errors while reading: %s", st.LastError)
		}
	}
	b.ReportMetric(float64(b.N*4000)/b.Elapsed().Seconds(), "records/s")
}
