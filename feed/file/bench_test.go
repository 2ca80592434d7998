package file

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/tailtop/tailtop/feed"
)

// writeBenchFile writes about size bytes of access-log-like lines.
func writeBenchFile(b *testing.B, path string, size int64) (lines int64) {
	b.Helper()
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var n int64
	for n < size {
		k, _ := fmt.Fprintf(w, "10.0.%d.%d - - [10/Oct/2000:13:55:36 -0700] \"GET /item/%d HTTP/1.1\" 200 %d \"-\" \"bench\"\n",
			lines%256, lines%250, lines, lines%5000)
		n += int64(k)
		lines++
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return lines
}

// BenchmarkReadToEnd reads a 100 MB file to its end (report, parse).
func BenchmarkReadToEnd(b *testing.B) {
	const size = 100 << 20
	path := filepath.Join(b.TempDir(), "bench.log")
	want := writeBenchFile(b, path, size)
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	var lines int64
	emit := func(bt *feed.Batch) bool {
		lines += int64(len(bt.Lines))
		return true
	}
	b.ResetTimer()
	for b.Loop() {
		lines = 0
		s, err := New(Config{Path: path})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Run(context.Background(), emit); err != nil {
			b.Fatal(err)
		}
		if lines != want {
			b.Fatalf("read %d lines, want %d", lines, want)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(want), "lines/op")
}
