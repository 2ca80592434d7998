package analyze

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze/parse"
	"github.com/tailtop/tailtop/feed"
)

// wordsParser is a test format: "actor target status bytes [unix-time]".
type wordsParser struct{ ev parse.Event }

func (p *wordsParser) Format() string { return "words" }
func (p *wordsParser) Parse(line []byte, emit func(*parse.Event)) parse.Result {
	f := bytes.Fields(line)
	if len(f) < 4 {
		return parse.Unparsed
	}
	n, err := strconv.Atoi(string(f[3]))
	if err != nil {
		return parse.Unparsed
	}
	p.ev.Reset()
	p.ev.Actor, p.ev.Target, p.ev.Status, p.ev.Bytes = f[0], f[1], f[2], int64(n)
	p.ev.Code, _ = strconv.Atoi(string(f[2]))
	p.ev.Failure = p.ev.Code >= 500
	p.ev.Unauthorized = p.ev.Code == 401 || p.ev.Code == 403
	p.ev.Denied = bytes.HasPrefix(f[2], []byte("AccessDenied"))
	if len(f) > 4 {
		ts, _ := strconv.ParseInt(string(f[4]), 10, 64)
		p.ev.Time = time.Unix(ts, 0)
	}
	p.ev.Raw = line
	emit(&p.ev)
	return parse.Parsed
}
func (p *wordsParser) Fields(*parse.Event, func(string, []byte)) {}

func init() {
	parse.Register(&parse.Format{Name: "words", New: func(parse.Options) (parse.Parser, error) { return &wordsParser{}, nil }})
}

func batch(src string, history bool, at time.Time, lines ...string) *feed.Batch {
	b := &feed.Batch{Source: src, History: history}
	for _, l := range lines {
		b.Lines = append(b.Lines, feed.Line{Origin: "o", Data: []byte(l), Arrival: at})
	}
	return b
}

func TestEngineCountsHistoryByEventTime(t *testing.T) {
	now := time.Unix(2_000_000_000, 0)
	e := NewEngine(Config{Now: func() time.Time { return now }})
	e.AddStream("s", "words")
	base := int64(999_999_960) // a minute boundary long ago: history is windowed by its own time
	e.Ingest(batch("s", true, now,
		"1.1.1.1 /a 200 10 "+strconv.FormatInt(base, 10),
		"1.1.1.1 /b 503 20 "+strconv.FormatInt(base+30, 10),
		"garbage",
		"2.2.2.2 /a 401 5 "+strconv.FormatInt(base+400, 10), // 6m40s later
	))
	all := e.Snapshot(SnapshotOptions{})
	s := all.Streams[0]
	if s.Lines != 4 || s.Parsed != 3 || s.Unparsed != 1 || s.Events != 3 || s.Bytes != 35 ||
		s.Failures != 1 || s.Unauthorized != 1 || s.Lines != s.Parsed+s.Unparsed {
		t.Fatalf("totals wrong: %+v", s)
	}
	if s.Top.Actor[0] != (KeyCount{Key: "1.1.1.1", Count: 2}) || s.Statuses["503"] != 1 || s.StatusClasses["2xx"] != 1 {
		t.Fatalf("tops wrong: %+v %v %v", s.Top, s.Statuses, s.StatusClasses)
	}
	if len(s.PerMinute) != 2 || s.PerMinute[0].Count != 2 || s.PerMinute[1].Count != 1 {
		t.Fatalf("per minute wrong: %+v", s.PerMinute)
	}
	// The 5m window ends at the last event time: the first two events left it.
	w5 := e.Snapshot(SnapshotOptions{Window: 5 * time.Minute}).Streams[0]
	if w5.Events != 1 || len(w5.Top.Actor) != 1 || w5.Top.Actor[0].Key != "2.2.2.2" {
		t.Fatalf("5m window wrong: events=%d top=%v", w5.Events, w5.Top.Actor)
	}
	if w5.Lines != w5.Parsed+w5.Unparsed {
		t.Fatalf("lines != parsed+unparsed in window: %+v", w5)
	}
}

func TestEngineLiveWindowsExpireWithWallClock(t *testing.T) {
	now := time.Unix(2_000_000_000, 0)
	e := NewEngine(Config{Now: func() time.Time { return now }})
	e.AddStream("live", "words")
	e.Ingest(batch("live", false, now, "a /x 200 1", "a /x 200 1", "b /y 500 1"))
	if got := e.Snapshot(SnapshotOptions{Window: time.Minute}).Streams[0].Events; got != 3 {
		t.Fatalf("events in 1m = %d, want 3", got)
	}
	now = now.Add(61 * time.Second) // quiet minute: counts must leave the window
	s := e.Snapshot(SnapshotOptions{Window: time.Minute}).Streams[0]
	if s.Events != 0 || len(s.Top.Actor) != 0 {
		t.Fatalf("1m window should be empty after a quiet minute: %+v", s)
	}
	if s5 := e.Snapshot(SnapshotOptions{Window: 5 * time.Minute}).Streams[0]; s5.Events != 3 {
		t.Fatalf("5m window lost events: %d", s5.Events)
	}
}

func TestEngineTailAndUnparsed(t *testing.T) {
	now := time.Unix(2_000_000_000, 0)
	e := NewEngine(Config{Now: func() time.Time { return now }, TailSize: 3})
	e.AddStream("s", "words")
	e.Ingest(batch("s", false, now, "a /1 200 1", "bad line", "b /2 500 1", "c /3 200 1"))
	s := e.Snapshot(SnapshotOptions{TailN: 10, TailFilter: "/2"}).Streams[0]
	if len(s.Tail) != 1 || s.Tail[0].Text != "b /2 500 1" || !s.Tail[0].Failure || s.Tail[0].Status != "500" {
		t.Fatalf("filtered tail: %+v", s.Tail)
	}
	s = e.Snapshot(SnapshotOptions{TailN: 10}).Streams[0]
	if len(s.Tail) != 3 || s.Tail[2].Text != "c /3 200 1" {
		t.Fatalf("tail ring of 3 should hold the last 3 lines: %+v", s.Tail)
	}
	if len(s.UnparsedTail) != 1 || s.UnparsedTail[0].Text != "bad line" {
		t.Fatalf("unparsed tail: %+v", s.UnparsedTail)
	}
}

// A filter keeps collecting matching lines as they arrive, even when far
// more non-matching lines pass through than the tail ring holds.
func TestEngineFilterCollectsMatchesAcrossBusyTraffic(t *testing.T) {
	now := time.Unix(2_000_000_000, 0)
	e := NewEngine(Config{Now: func() time.Time { return now }, TailSize: 50})
	e.AddStream("s", "words")
	e.Ingest(batch("s", false, now, "a /needle-0 200 1"))
	if got := e.Snapshot(SnapshotOptions{TailN: 10, TailFilter: "NEEDLE"}).Streams[0].Tail; len(got) != 1 {
		t.Fatalf("seeded filter: %v", got)
	}
	for i := 1; i <= 5; i++ {
		var lines []string
		for j := 0; j < 500; j++ {
			lines = append(lines, "b /hay 200 1")
		}
		lines = append(lines, "c /Needle-"+strconv.Itoa(i)+" 200 1")
		e.Ingest(batch("s", false, now, lines...))
	}
	tail := e.Snapshot(SnapshotOptions{TailN: 10, TailFilter: "NEEDLE"}).Streams[0].Tail
	if len(tail) != 6 || tail[0].Text != "a /needle-0 200 1" || tail[5].Text != "c /Needle-5 200 1" {
		t.Fatalf("filtered tail lost matches: %d lines %v", len(tail), tail)
	}
}

// Consecutive intervals partition the counts exactly: no event in two
// intervals, none in neither.
func TestEngineIntervalsPartitionCounts(t *testing.T) {
	now := time.Unix(2_000_000_000, 0)
	e := NewEngine(Config{Now: func() time.Time { return now }})
	e.AddStream("s", "words")
	start := now
	for i := 0; i < 30; i++ {
		at := start.Add(time.Duration(i) * time.Second)
		now = at
		e.Ingest(batch("s", false, at, "a /x 200 10", "b /y 503 5"))
	}
	now = start.Add(40 * time.Second)
	var events, bytes, fails int64
	for from := start; from.Before(now); from = from.Add(7 * time.Second) {
		st := e.Interval(from, from.Add(7*time.Second), 1)[0]
		events += st.Events
		bytes += st.Bytes
		fails += st.Failures
		if st.Events > 0 && (len(st.TopActors) != 1 || st.TopActors[0].Count != st.Events/2) {
			t.Fatalf("interval top actor: %+v (events %d)", st.TopActors, st.Events)
		}
	}
	if events != 60 || bytes != 450 || fails != 30 {
		t.Fatalf("intervals sum to events=%d bytes=%d failures=%d, want 60, 450, 30", events, bytes, fails)
	}
}

// The asynchronous pipeline (parse in the caller, count in the engine's
// goroutine) gives exactly the synchronous results.
func TestEngineAsyncEqualsSync(t *testing.T) {
	now := time.Unix(2_000_000_000, 0)
	mk := func(async bool) Snapshot {
		e := NewEngine(Config{Now: func() time.Time { return now }, Async: async})
		e.AddStream("s", "words")
		for i := 0; i < 200; i++ {
			var lines []string
			for j := 0; j < 50; j++ {
				lines = append(lines, "a"+strconv.Itoa(j%7)+" /p"+strconv.Itoa(i%5)+" "+[]string{"200", "503", "AccessDenied"}[j%3]+" 3 "+strconv.Itoa(1_000_000_000+i))
			}
			lines = append(lines, "bad")
			e.Ingest(batch("s", true, now, lines...))
		}
		e.Close()
		return e.Snapshot(SnapshotOptions{TopN: 20, Window: 5 * time.Minute})
	}
	a, b := mk(false), mk(true)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Fatalf("async differs from sync:\n%s\n%s", ja, jb)
	}
	if a.Streams[0].Lines != 200*51 || a.Streams[0].Unparsed != 200 {
		t.Fatalf("counts: %+v", a.Streams[0])
	}
}
