package synth

import (
	"io"
	"testing"
	"time"
)

// BenchmarkWrite measures `tailtop gen`: lines/s written to a discarding
// writer. The target is 5M lines/s.
func BenchmarkWrite(b *testing.B) {
	for _, f := range Formats() {
		b.Run(f, func(b *testing.B) {
			const lines = 200_000
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				if err := Write(io.Discard, f, lines, 1, start, 1000); err != nil {
					b.Fatal(err)
				}
				n += lines
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "lines/s")
		})
	}
}

// BenchmarkAppend measures one line, without the generator's setup.
func BenchmarkAppend(b *testing.B) {
	g, err := NewGenerator("combined", 1, start)
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]byte, 0, 4096)
	t := start
	b.ReportAllocs()
	for b.Loop() {
		t = t.Add(time.Millisecond)
		dst = g.Append(dst[:0], t)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}
