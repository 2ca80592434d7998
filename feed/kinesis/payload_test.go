package kinesis_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed/envelope/envelopetest"
	"github.com/tailtop/tailtop/feed/kinesis"
)

// TestPayloadsPutAsRecords puts CloudWatch Logs envelopes (data and
// control), KPL aggregates, gzip text and multi-line text as records, and
// checks the lines that come out: origins, event times, counts.
func TestPayloadsPutAsRecords(t *testing.T) {
	e := newEnv(t, needMock(t), true)
	stream := e.createStream(2)
	const ms = 1719922604969
	var keys []string
	var data [][]byte
	want := map[string]struct {
		origin string
		event  time.Time
	}{}
	add := func(key string, p []byte) {
		keys = append(keys, key)
		data = append(data, p)
	}
	for i := range 20 {
		group, logStream := fmt.Sprintf("/aws/lambda/fn%d", i%3), fmt.Sprintf("2024/07/02/[$LATEST]%d", i)
		var msgs []string
		for j := range 5 {
			m := fmt.Sprintf("cwl %d.%d", i, j)
			msgs = append(msgs, m+"\n")
			want[m] = struct {
				origin string
				event  time.Time
			}{group + "/" + logStream, time.UnixMilli(ms + int64(j))}
		}
		add(fmt.Sprint("c", i), envelopetest.DataMessage(group, logStream, ms, msgs...).Data())
	}
	add("control", envelopetest.ControlMessage().Data())
	for i := range 10 {
		var recs []envelopetest.UserRecord
		for j := range 30 {
			m := fmt.Sprintf("kpl %d.%d", i, j)
			recs = append(recs, envelopetest.UserRecord{PartitionKey: fmt.Sprint("p", j), Data: []byte(m)})
			want[m] = struct {
				origin string
				event  time.Time
			}{}
		}
		add(fmt.Sprint("kpl", i), envelopetest.Aggregate(recs...))
	}
	add("gz", envelopetest.Gzip([]byte("gz one\ngz two\n")))
	add("multi", []byte("multi one\r\nmulti two\n"))
	for _, m := range []string{"gz one", "gz two", "multi one", "multi two"} {
		want[m] = struct {
			origin string
			event  time.Time
		}{}
	}
	e.put(stream, keys, data)

	r := e.run(kinesis.Config{Stream: stream, From: "trim"})
	r.waitLines(t, len(want), 30*time.Second)
	e.settle("GetRecords", 4)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for l := range want {
		lines = append(lines, l)
	}
	r.col.exactlyOnce(t, lines)
	for _, l := range r.col.snapshot() {
		w := want[string(l.Data)]
		if w.origin == "" {
			// Not an envelope: the shard is the origin, the record's
			// arrival the event time.
			if l.Origin != "shardId-000000000000" && l.Origin != "shardId-000000000001" {
				t.Errorf("%q: origin %q", l.Data, l.Origin)
			}
			if time.Since(l.EventTime) > time.Minute {
				t.Errorf("%q: event time %v, want the record's arrival", l.Data, l.EventTime)
			}
			continue
		}
		if l.Origin != w.origin || !l.EventTime.Equal(w.event) {
			t.Errorf("%q: origin %q time %v, want %q %v", l.Data, l.Origin, l.EventTime, w.origin, w.event)
		}
	}
	if st := r.src.Status(); st.Errors != 0 || st.Lines != int64(len(want)) {
		t.Errorf("status lines %d errors %d (%s)", st.Lines, st.Errors, st.LastError)
	}
}

// TestBrokenPayloadsAreCounted puts a gzip bomb and a corrupt gzip
// record among good ones: they are dropped, counted and named in the
// status; the good records still come through.
func TestBrokenPayloadsAreCounted(t *testing.T) {
	e := newEnv(t, needMock(t), true)
	stream := e.createStream(1)
	bomb := envelopetest.Gzip(make([]byte, 2<<20))
	good := envelopetest.Gzip([]byte("fine\n"))
	e.put(stream, []string{"a", "b", "c", "d"}, [][]byte{[]byte("before"), bomb, good[:len(good)-4], []byte("after")})
	r := e.run(kinesis.Config{Stream: stream, From: "trim", MaxInflated: 1 << 20})
	r.waitLines(t, 2, 30*time.Second)
	waitFor(t, 10*time.Second, "two payload errors", func() bool { return r.src.Status().Errors >= 2 })
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	r.col.exactlyOnce(t, []string{"before", "after"})
	st := r.src.Status()
	if st.Errors != 2 || st.Origins[0].LastError == "" {
		t.Errorf("errors %d, last %q", st.Errors, st.Origins[0].LastError)
	}
	t.Logf("last error: %s", st.LastError)
}
