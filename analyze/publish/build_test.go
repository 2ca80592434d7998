package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze"
)

// Whatever the stream names and actor keys, the datums are valid for
// CloudWatch and the dry-run lines are valid JSON.
func FuzzBuildAndDryRun(f *testing.F) {
	f.Add("web", "203.0.113.7", int64(3))
	f.Add("", "", int64(0))
	f.Add("\"quoted\"\\", "\x1b]0;title\x07", int64(-1))
	f.Add("ünï\xffcode", "😀", int64(1<<62))
	f.Fuzz(func(t *testing.T, stream, actor string, n int64) {
		b := newBuilder(Config{TopN: 2, Interval: time.Minute, Dimensions: map[string]string{"env": "x"}})
		stats := []analyze.IntervalStats{{Stream: stream, From: t0, To: at(time.Minute), Events: n, Bytes: n,
			TopActors: []analyze.KeyCount{{Key: actor, Count: n}, {Key: actor + "2", Count: 1}}}}
		ds := b.build(nil, stats)
		for _, d := range ds {
			for _, dim := range d.Dimensions {
				if !validValue(dim.Value) || dim.Name == "" {
					t.Fatalf("invalid dimension %+v", dim)
				}
			}
			if !finite(d.Value) {
				t.Fatalf("value %v", d.Value)
			}
		}
		for _, s := range []sink{&jsonSink{namespace: "LogMetrics"}, &emfSink{namespace: "LogMetrics"}} {
			var out bytes.Buffer
			switch s := s.(type) {
			case *jsonSink:
				s.w = &out
			case *emfSink:
				s.w = &out
			}
			if _, err := s.put(context.Background(), ds); err != nil {
				t.Fatal(err)
			}
			for _, line := range bytes.Split(bytes.TrimSuffix(out.Bytes(), []byte("\n")), []byte("\n")) {
				if !json.Valid(line) {
					t.Fatalf("%T wrote invalid JSON: %s", s, line)
				}
			}
		}
	})
}

// BenchmarkBuild is the per-interval cost: 100 streams, top 10 actors.
func BenchmarkBuild(b *testing.B) {
	bl := newBuilder(Config{TopN: 10, Interval: time.Minute})
	stats := make([]analyze.IntervalStats, 100)
	for i := range stats {
		stats[i] = analyze.IntervalStats{Stream: fmt.Sprint("/var/log/app", i, ".log"), From: t0, Events: 1000}
		for k := range 10 {
			stats[i].TopActors = append(stats[i].TopActors, analyze.KeyCount{Key: fmt.Sprint("10.0.0.", k), Count: int64(100 - k)})
		}
	}
	var ds []Datum
	for b.Loop() {
		ds = bl.build(ds[:0], stats)
	}
	b.ReportMetric(float64(len(ds)), "datums/op")
}
