package cwlogs

import (
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed"
)

type batchLog struct{ batches []*feed.Batch }

func (l *batchLog) emit(b *feed.Batch) bool { l.batches = append(l.batches, b); return true }

func (l *batchLog) lines() []feed.Line {
	var out []feed.Line
	for _, b := range l.batches {
		out = append(out, b.Lines...)
	}
	return out
}

func TestBuilderSplitsMessagesIntoLines(t *testing.T) {
	g := &group{name: "/app", arn: "arn:aws:logs:us-east-1:123456789012:log-group:/app"}
	cases := []struct {
		msg  string
		want []string
	}{
		{"one line", []string{"one line"}},
		{"trailing newline\n", []string{"trailing newline"}},
		{"crlf\r\n", []string{"crlf"}},
		{"a\nb\r\nc", []string{"a", "b", "c"}},
		{"a\n\nb\n", []string{"a", "", "b"}},
		{"\n", []string{""}},
		{"", nil},
	}
	for _, tc := range cases {
		b := newBuilder("src", 16)
		var log batchLog
		evs := []event{{group: g, groupID: g.name, stream: "s", message: tc.msg, ts: 1700000000123}}
		tl, ok := b.build(evs, pass{gen: 1}, time.Unix(5, 0), &counters{}, log.emit)
		if !ok {
			t.Fatal("build stopped")
		}
		lines := log.lines()
		if len(lines) != len(tc.want) || tl.lines != int64(len(tc.want)) {
			t.Fatalf("%q: %d lines (tally %d), want %q", tc.msg, len(lines), tl.lines, tc.want)
		}
		for i, l := range lines {
			if string(l.Data) != tc.want[i] || l.Origin != "/app/s" || !l.EventTime.Equal(time.UnixMilli(1700000000123)) || l.Arrival != time.Unix(5, 0) {
				t.Errorf("%q line %d: %+v", tc.msg, i, l)
			}
		}
		if g.lines.Load() == 0 && len(tc.want) > 0 {
			t.Errorf("%q: group lines not counted", tc.msg)
		}
	}
}

func TestBuilderCutsLongLinesAndBoundsBatches(t *testing.T) {
	b := newBuilder("src", 1<<14)
	var log batchLog
	long := strings.Repeat("x", feed.MaxLineBytes+10)
	evs := []event{{groupID: "g", stream: "s", message: long + "\nshort"}}
	for i := range batchLines + 10 {
		evs = append(evs, event{groupID: "g", stream: "s", message: "m", ingest: int64(i)})
	}
	tl, _ := b.build(evs, pass{gen: 1}, time.Now(), &counters{}, log.emit)
	lines := log.lines()
	if len(lines) != batchLines+12 || tl.truncated != 1 {
		t.Fatalf("%d lines, %d truncated", len(lines), tl.truncated)
	}
	if len(lines[0].Data) != feed.MaxLineBytes || !lines[0].Truncated || string(lines[1].Data) != "short" || lines[1].Truncated {
		t.Errorf("long line: %d bytes, truncated %v; next %q", len(lines[0].Data), lines[0].Truncated, lines[1].Data)
	}
	if len(log.batches) < 2 {
		t.Errorf("%d lines in %d batch(es): batches are not bounded", len(lines), len(log.batches))
	}
	for _, bt := range log.batches {
		if len(bt.Lines) > batchLines {
			t.Errorf("batch of %d lines", len(bt.Lines))
		}
		size := 0
		for _, l := range bt.Lines {
			size += len(l.Data)
		}
		if size > batchBytes {
			t.Errorf("batch of %d bytes", size)
		}
	}
	// A line's Data cannot grow into the next line's bytes.
	if c := cap(lines[1].Data); c != len(lines[1].Data) {
		t.Errorf("line capacity %d beyond its length %d", c, len(lines[1].Data))
	}
}

func TestBuilderDeduplicatesAcrossGenerations(t *testing.T) {
	b := newBuilder("src", 1024)
	var log batchLog
	evs := []event{
		{groupID: "g", stream: "s", message: "same", ts: 1, ingest: 2},
		{groupID: "g", stream: "s", message: "same", ts: 1, ingest: 2},
		{groupID: "g", stream: "s", message: "other", ts: 1, ingest: 2},
	}
	t1, _ := b.build(evs, pass{gen: 1}, time.Now(), &counters{}, log.emit)
	t2, _ := b.build(evs, pass{gen: 2}, time.Now(), &counters{}, log.emit)
	if t1.lines != 3 || t1.repeats != 0 || t2.lines != 0 || t2.repeats != 3 {
		t.Errorf("first pass %+v, second %+v", t1, t2)
	}
	// Events with ids: the id decides, not the text.
	ided := []event{
		{groupID: "g", stream: "s", message: "same", id: "1"},
		{groupID: "g", stream: "s", message: "same", id: "2"},
	}
	t3, _ := b.build(ided, pass{gen: 3, key: keyID}, time.Now(), &counters{}, log.emit)
	t4, _ := b.build(append(ided, event{groupID: "g", stream: "s", message: "same", id: "3"}), pass{gen: 4, key: keyID}, time.Now(), &counters{}, log.emit)
	if t3.lines != 2 || t4.lines != 1 || t4.repeats != 2 {
		t.Errorf("by id: %+v then %+v", t3, t4)
	}
}

func TestBuilderOriginCacheIsBounded(t *testing.T) {
	b := newBuilder("src", 16)
	e := event{groupID: "g"}
	for i := range 3 * maxOrigins {
		e.stream = strings.Repeat("s", i%50) + string(rune('a'+i%26)) + string(rune(i))
		if o := b.origin(&e); o != "g/"+e.stream {
			t.Fatalf("origin %q", o)
		}
		if len(b.origins) > maxOrigins {
			t.Fatalf("%d origins cached", len(b.origins))
		}
	}
}

func FuzzBuild(f *testing.F) {
	f.Add("plain", "s", int64(1))
	f.Add("a\r\nb\n\n\r", "stream/x", int64(-5))
	f.Add(strings.Repeat("y", feed.MaxLineBytes+3)+"\n", "", int64(0))
	f.Fuzz(func(t *testing.T, msg, stream string, ts int64) {
		b := newBuilder("src", 64)
		var log batchLog
		var c counters
		evs := []event{{groupID: "g", stream: stream, message: msg, ts: ts}, {groupID: "g", stream: stream, message: msg, ts: ts}}
		tl, ok := b.build(evs, pass{gen: 1}, time.Now(), &c, log.emit)
		if !ok {
			t.Fatal("stopped")
		}
		var n int64
		for _, bt := range log.batches {
			for _, l := range bt.Lines {
				n++
				if len(l.Data) > feed.MaxLineBytes || strings.ContainsRune(string(l.Data), '\n') {
					t.Fatalf("line of %d bytes: %q", len(l.Data), l.Data)
				}
			}
		}
		if n != tl.lines || n != c.lines.Load() {
			t.Fatalf("%d lines emitted, %d in the tally, %d counted", n, tl.lines, c.lines.Load())
		}
	})
}
