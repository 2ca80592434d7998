package analyze

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/synth"
)

// feedLines splits data as the file feed does for lines within the bound:
// at '\n', one trailing '\r' dropped, a last line without '\n' kept.
func feedLines(data []byte) [][]byte {
	var out [][]byte
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		line := data
		if i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		out = append(out, bytes.TrimSuffix(line, []byte("\r")))
	}
	return out
}

var testNow = time.Unix(2_000_000_000, 0)

func testConfig(cfg Config) Config {
	cfg.Now = func() time.Time { return testNow }
	return cfg
}

// sequentialSnapshots counts data the one-goroutine way: batches of lines
// through Ingest, as the file feed hands them over.
func sequentialSnapshots(t *testing.T, path, format string, cfg Config) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(testConfig(cfg))
	e.AddStream("s", format)
	lines := feedLines(data)
	for i := 0; i < len(lines); i += 1024 {
		b := &feed.Batch{Source: "s", History: true}
		for _, l := range lines[i:min(i+1024, len(lines))] {
			b.Lines = append(b.Lines, feed.Line{Origin: path, Data: l, Arrival: testNow})
		}
		e.Ingest(b)
	}
	return snapshotsJSON(t, e)
}

// snapshotsJSON is every window's snapshot of e, as JSON.
func snapshotsJSON(t *testing.T, e *Engine) []byte {
	t.Helper()
	var out []byte
	for _, w := range []time.Duration{0, time.Minute, 15 * time.Minute, time.Hour} {
		j, err := json.Marshal(e.Snapshot(SnapshotOptions{Window: w, TopN: 50}))
		if err != nil {
			t.Fatal(err)
		}
		out = append(append(out, j...), '\n')
	}
	return out
}

// rangedSnapshots counts the file through IngestFile.
func rangedSnapshots(t *testing.T, path, format string, cfg Config, workers int, rangeBytes int64) ([]byte, *rangeReader) {
	t.Helper()
	e := NewEngine(testConfig(cfg))
	e.AddStream("s", format)
	r, err := e.ingestFile(context.Background(), "s", path, ParallelOptions{Workers: workers, RangeBytes: rangeBytes})
	if err != nil {
		t.Fatal(err)
	}
	return snapshotsJSON(t, e), r
}

// checkSame asserts that the ranged path counts path exactly as the
// sequential one for several worker counts and range sizes, and returns
// where the ranged reader stopped speculating (-1: never).
func checkSame(t *testing.T, path, format string, cfg Config) int {
	t.Helper()
	want := sequentialSnapshots(t, path, format, cfg)
	seqFrom := -2
	for _, workers := range []int{1, 2, 3} {
		for _, rb := range []int64{1500, 64 << 10} {
			got, r := rangedSnapshots(t, path, format, cfg, workers, rb)
			if !bytes.Equal(got, want) {
				t.Fatalf("%s (format %q, %d workers, ranges of %d bytes) differs from the sequential path:\n%s",
					filepath.Base(path), format, workers, rb, diffAt(got, want))
			}
			if rb == 1500 {
				seqFrom = r.seqFrom
			}
		}
	}
	return seqFrom
}

func diffAt(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-300)
	return fmt.Sprintf("at %d:\n%s\n--- want ---\n%s", i, a[lo:min(len(a), i+300)], b[lo:min(len(b), i+300)])
}

func genFile(t *testing.T, format string, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := synth.Write(&buf, format, n, 3, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 50); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Every generated format, detected and forced, counts the same read in
// ranges as read in order, and clean files never fall back.
func TestIngestFileEqualsSequentialForGeneratedFormats(t *testing.T) {
	for _, format := range synth.Formats() {
		t.Run(format, func(t *testing.T) {
			path := writeFile(t, format+".log", genFile(t, format, 3000))
			checkSame(t, path, "", Config{})
			checkSame(t, path, format, Config{})
		})
	}
	path := writeFile(t, "combined.log", genFile(t, "combined", 3000))
	if from := checkSame(t, path, "", Config{}); from != -1 {
		t.Errorf("a clean combined log fell back to reading in order at range %d", from)
	}
}

// Unparsed lines, CRLF endings, empty lines, a last line without newline,
// timestamps out of order and a run of garbage long enough to make the
// auto-detector start over: still exact.
func TestIngestFileEqualsSequentialOnMessyInput(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	lines := feedLines(genFile(t, "combined", 4000))
	var b bytes.Buffer
	for i, l := range lines {
		switch {
		case i == 2000:
			for k := 0; k < autoMissLimit+6; k++ {
				b.WriteString("garbage that no parser takes\n")
			}
		case rng.Intn(50) == 0:
			b.WriteString("junk\n\n")
		case rng.Intn(30) == 0 && i > 10:
			// a line from earlier: its time is in the past
			b.Write(lines[i-10])
			b.WriteString("\r\n")
			continue
		}
		b.Write(l)
		if i%7 == 0 {
			b.WriteString("\r")
		}
		b.WriteString("\n")
	}
	b.WriteString(string(lines[5])) // no newline at the end
	path := writeFile(t, "messy.log", b.Bytes())
	if from := checkSame(t, path, "", Config{}); from < 0 {
		t.Errorf("a run of %d unparsed lines did not stop the speculation", autoMissLimit+6)
	}
	checkSame(t, path, "combined", Config{})
}

// A W3C header that changes the fields in the middle of a file (a server
// restart with another configuration) makes the ranges after it be parsed
// in order, with the same counts.
func TestIngestFileHeaderChangeMidFile(t *testing.T) {
	a := genFile(t, "iis", 2000)
	lines := feedLines(a)
	var b bytes.Buffer
	for i, l := range lines {
		if i == 1200 {
			b.WriteString("#Software: Microsoft Internet Information Services 10.0\n#Fields: date time c-ip cs-method cs-uri-stem sc-status\n")
			for k := 0; k < 300; k++ {
				fmt.Fprintf(&b, "2026-01-01 00:10:%02d 192.0.2.%d GET /changed/%d %d\n", k%60, k%7, k%5, []int{200, 404, 503}[k%3])
			}
		}
		b.Write(l)
		b.WriteString("\n")
	}
	path := writeFile(t, "iis.log", b.Bytes())
	if from := checkSame(t, path, "", Config{}); from < 1 {
		t.Errorf("a #Fields change mid-file did not stop the speculation (range %d)", from)
	}
}

// With tiny top-k tables the counters overflow into their sketch: counts
// and error bounds still equal the sequential path's, key for key.
func TestIngestFileOverflowEqualsSequential(t *testing.T) {
	path := writeFile(t, "vpc.log", genFile(t, "vpcflow", 5000))
	checkSame(t, path, "", Config{ActorCap: 16, TargetCap: 16, StatusCap: 16})
}

// Nothing parses: no speculation, every range in order, all unparsed.
func TestIngestFileAllGarbage(t *testing.T) {
	var b bytes.Buffer
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "line %d of nothing\n", i)
	}
	path := writeFile(t, "junk.log", b.Bytes())
	checkSame(t, path, "", Config{})
}

// Files the feed must read: compressed, or with a line past the bound.
func TestIngestFileDeclinesWhatTheFeedMustRead(t *testing.T) {
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(genFile(t, "combined", 100))
	zw.Close()
	long := append(genFile(t, "combined", 100), bytes.Repeat([]byte("x"), feed.MaxLineBytes+1)...)
	long = append(long, '\n')
	long = append(long, genFile(t, "combined", 100)...)
	for name, data := range map[string][]byte{"gz.log": z.Bytes(), "long.log": long} {
		e := NewEngine(testConfig(Config{}))
		err := e.IngestFile(context.Background(), "s", writeFile(t, name, data), ParallelOptions{})
		if !errors.Is(err, ErrNotSplittable) {
			t.Errorf("%s: %v, want ErrNotSplittable", name, err)
		}
		if s := e.Snapshot(SnapshotOptions{}); len(s.Streams) > 0 && s.Streams[0].Lines != 0 {
			t.Errorf("%s: %d lines counted before declining", name, s.Streams[0].Lines)
		}
	}
}

// hasLongLine agrees with measuring every line.
func TestHasLongLineIsExact(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	const limit = 100
	for trial := 0; trial < 300; trial++ {
		var b bytes.Buffer
		longest := 0
		for n := rng.Intn(40); n > 0; n-- {
			l := rng.Intn(limit + 3)
			if rng.Intn(4) > 0 {
				l = rng.Intn(limit / 2)
			}
			longest = max(longest, l)
			b.WriteString(strings.Repeat("a", l))
			if n > 1 || rng.Intn(2) == 0 {
				b.WriteByte('\n')
			}
		}
		got, err := hasLongLine(bytes.NewReader(b.Bytes()), int64(b.Len()), limit)
		if err != nil {
			t.Fatal(err)
		}
		if got != (longest > limit) {
			t.Fatalf("trial %d: hasLongLine %v, longest line %d (limit %d)", trial, got, longest, limit)
		}
	}
}

// Ranges start at line starts and cover the file exactly once.
func TestSplitRangesCoverLines(t *testing.T) {
	data := genFile(t, "combined", 500)
	for _, target := range []int64{1, 100, 4096, 1 << 30} {
		rs, err := splitRanges(bytes.NewReader(data), int64(len(data)), target)
		if err != nil {
			t.Fatal(err)
		}
		var at int64
		var n int
		for _, r := range rs {
			if r.from != at || r.to <= r.from {
				t.Fatalf("target %d: range %+v after %d", target, r, at)
			}
			if r.to < int64(len(data)) && data[r.to-1] != '\n' {
				t.Fatalf("target %d: range %+v does not end after a newline", target, r)
			}
			var c chunkBuf
			if err := c.read(bytes.NewReader(data), r, "o"); err != nil {
				t.Fatal(err)
			}
			n += len(c.lines)
			at = r.to
		}
		if at != int64(len(data)) || n != len(feedLines(data)) {
			t.Fatalf("target %d: ranges end at %d of %d, %d lines of %d", target, at, len(data), n, len(feedLines(data)))
		}
	}
}

// TestChunkReadShortFile: a range read after the file was cut short holds
// only the bytes still there, never lines left in the buffer by the range
// read before it.
func TestChunkReadShortFile(t *testing.T) {
	var c chunkBuf
	long := strings.NewReader("old line one\nold line two\nold line three\n")
	if err := c.read(long, byteRange{0, long.Size()}, "f"); err != nil || len(c.lines) != 3 {
		t.Fatalf("first read: %v, %d lines", err, len(c.lines))
	}
	short := strings.NewReader("new\n") // the file, truncated and rewritten
	if err := c.read(short, byteRange{0, long.Size()}, "f"); err != nil {
		t.Fatal(err)
	}
	if len(c.lines) != 1 || string(c.lines[0].Data) != "new" {
		var got []string
		for _, l := range c.lines {
			got = append(got, string(l.Data))
		}
		t.Fatalf("after the file shrank: lines %q, want [new]", got)
	}
}
