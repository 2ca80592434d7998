package analyze

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed/file"
	"github.com/tailtop/tailtop/feed/synth"
)

// benchLines is the size of the generated file of the IngestFile
// benchmarks; TAILTOP_BENCH_LINES overrides it (2000000 for the report
// targets).
func benchLines() int {
	if n, err := strconv.Atoi(os.Getenv("TAILTOP_BENCH_LINES")); err == nil && n > 0 {
		return n
	}
	return 200000
}

// writeGen writes n generated lines of format to a file in dir.
func writeGen(tb testing.TB, dir, format string, n int) string {
	tb.Helper()
	path := filepath.Join(dir, format+".log")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := synth.Write(w, format, n, 1, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 1000); err != nil {
		tb.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// benchIngestFile measures `report` of a generated file through
// IngestFile: read, parse on workers, count in order, as the report does.
func benchIngestFile(b *testing.B, format string, workers int) {
	n := benchLines()
	path := writeGen(b, b.TempDir(), format, n)
	fi, _ := os.Stat(path)
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for range b.N {
		e := NewEngine(Config{TailSize: -1, UnparsedSize: -1, DrillSize: -1})
		e.AddStream("bench", "")
		if err := e.IngestFile(context.Background(), "bench", path, ParallelOptions{Workers: workers}); err != nil {
			b.Fatal(err)
		}
		snap := e.Snapshot(SnapshotOptions{TopN: 10})
		if snap.Streams[0].Lines != int64(n) {
			b.Fatalf("lines %d, want %d", snap.Streams[0].Lines, n)
		}
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	// CPU time is what a shared machine can measure: wall time there
	// depends on everyone else.
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(n*b.N), "cpu-ns/line")
	b.ReportMetric(float64(n*b.N)/cpu.Seconds(), "lines/cpu-s")
}

// cpuTime is the process's user+system time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchFeedPath measures the same report through the file feed and the
// engine's three-stage pipeline (reader, parser, aggregator goroutines):
// the path before ranges, and still the path of followed files.
func benchFeedPath(b *testing.B, format string) {
	n := benchLines()
	path := writeGen(b, b.TempDir(), format, n)
	fi, _ := os.Stat(path)
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for range b.N {
		e := NewEngine(Config{TailSize: -1, UnparsedSize: -1, DrillSize: -1, Async: true})
		e.AddStream("bench", "")
		src, err := file.New(file.Config{Path: path, Name: "bench", FromStart: true})
		if err != nil {
			b.Fatal(err)
		}
		if err := src.Run(context.Background(), e.Ingest); err != nil {
			b.Fatal(err)
		}
		e.Close()
		if snap := e.Snapshot(SnapshotOptions{TopN: 10}); snap.Streams[0].Lines != int64(n) {
			b.Fatalf("lines %d, want %d", snap.Streams[0].Lines, n)
		}
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(n*b.N), "cpu-ns/line")
	b.ReportMetric(float64(n*b.N)/cpu.Seconds(), "lines/cpu-s")
}

func BenchmarkFeedPath(b *testing.B) {
	for _, format := range []string{"combined", "vpcflow", "iis", "cloudtrail"} {
		b.Run(format, func(b *testing.B) { benchFeedPath(b, format) })
	}
}

func BenchmarkIngestFile(b *testing.B) {
	for _, format := range []string{"combined", "vpcflow", "iis", "cloudtrail"} {
		for _, w := range []int{1, runtime.GOMAXPROCS(0)} {
			b.Run(format+"/workers="+strconv.Itoa(w), func(b *testing.B) { benchIngestFile(b, format, w) })
		}
	}
}
