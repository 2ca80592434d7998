package analyze

import (
	"bytes"
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/synth"
)

// BenchmarkEngineCombined measures parse + aggregate of generated combined
// lines as `report` does them (history, batches of 1024 lines).
func BenchmarkEngineCombined(b *testing.B) {
	var buf bytes.Buffer
	if err := synth.Write(&buf, "combined", 100000, 1, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 1000); err != nil {
		b.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimRight(buf.Bytes(), "\n"), []byte("\n"))
	var batches []*feed.Batch
	now := time.Now()
	for i := 0; i < len(lines); i += 1024 {
		bt := &feed.Batch{Source: "bench", History: true}
		for _, l := range lines[i:min(i+1024, len(lines))] {
			bt.Lines = append(bt.Lines, feed.Line{Origin: "bench.log", Data: l, Arrival: now})
		}
		batches = append(batches, bt)
	}
	b.SetBytes(int64(buf.Len()) / int64(len(lines)))
	b.ReportAllocs()
	b.ResetTimer()
	e := NewEngine(Config{TailSize: -1, UnparsedSize: -1})
	e.AddStream("bench", "")
	n := 0
	for n < b.N {
		for _, bt := range batches {
			e.Ingest(bt)
			n += len(bt.Lines)
			if n >= b.N {
				break
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}
