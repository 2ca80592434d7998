package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed"
)

// Resource bounds of the real binary on hostile input: each test feeds
// tailtop report something that would sink a naive reader, then checks the
// counts, that the excess is counted and shown, that the program finished
// (or answered ctrl-c) in time, and its peak RSS.
//
// The RSS bound, from the constants: the engine's tables for one stream
// hold at most 81,920 keys at about 320 bytes (≈ 26 MB, analyze's
// bounds_test.go), its fixed rings about 32 MB, plus the one-second history
// of the last hour (8 bytes per distinct key a second: small here, where
// the distinct keys are few or spread over few seconds); the file feed
// holds a stage of 2×256 KiB + one line (1 MiB) and at most 8 recycled
// batches of 1.25 MiB, and the engine's queues 8 more (≈ 22 MB); the Go
// runtime lets the heap reach twice the live data before collecting
// (GOGC=100). So: 2 × (26 + 32 + 22) MB + 40 MB of runtime and binary ≈ 200
// MB, whatever the size of the input (1 GB and more here).
const rssBound = 200 << 20

// checkRSS fails when the process's peak RSS passed the bound.
func checkRSS(t *testing.T, p *reportProc, what string) {
	t.Helper()
	rss := p.peakRSS()
	t.Logf("%s: peak RSS %.1f MB (bound %d MB)", what, float64(rss)/(1<<20), rssBound>>20)
	if rss > rssBound {
		t.Errorf("%s: peak RSS %d bytes, over the bound of %d", what, rss, rssBound)
	}
}

// longRun reports whether the full-size variants were asked for.
func longRun() bool { return os.Getenv("TAILTOP_LONG") == "1" }

// raceBuild reports a -race test binary (the generators in this process
// run ten times slower; the tailtop binary itself is never built with it).
func raceBuild() bool {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-race" {
				return s.Value == "true"
			}
		}
	}
	return false
}

func requireLinux(t *testing.T) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS and /proc are read the Linux way")
	}
}

// feedStdin writes what gen produces to the process's stdin and closes it.
// A write error (the process stopped reading) ends gen early.
func feedStdin(t *testing.T, p *reportProc, gen func(w io.Writer) error) chan error {
	done := make(chan error, 1)
	go func() {
		bw := bufio.NewWriterSize(p.stdin, 1<<20)
		err := gen(bw)
		if err == nil {
			err = bw.Flush()
		}
		p.stdin.Close()
		done <- err
	}()
	return done
}

// source returns the report's health of the source named name.
func (o reportOutput) source(t *testing.T, name string) sourceHealth {
	t.Helper()
	for _, s := range o.Sources {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no source %q in %+v", name, o.Sources)
	return sourceHealth{}
}

// A 1 GiB line, streamed through a pipe (nothing on disk): it is cut at
// the bound, counted as truncated, the other 1023 MiB counted as skipped,
// the lines around it are whole, and memory stays bounded.
func TestBoundsGigabyteLine(t *testing.T) {
	requireLinux(t)
	const size = 1 << 30
	p := startReport(t, true, nil, "report", "--json", "-")
	written := feedStdin(t, p, func(w io.Writer) error {
		chunk := bytes.Repeat([]byte("x"), 1<<20)
		io.WriteString(w, "before\n")
		for range size / len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, "\nafter\n")
		return err
	})
	p.wait(5 * time.Minute)
	if err := <-written; err != nil {
		t.Fatal(err)
	}
	out := p.result()
	s := out.Streams[0]
	if s.Lines != 3 || s.Truncated != 1 {
		t.Errorf("stream: %d lines, %d truncated; want 3 lines, 1 truncated", s.Lines, s.Truncated)
	}
	src := out.source(t, "-")
	if src.Lines != 3 || src.Truncated != 1 || src.SkippedBytes != size-feed.MaxLineBytes || src.Bytes != int64(size+len("before\n\nafter\n")) {
		t.Errorf("source: %+v; want 3 lines, 1 truncated, %d bytes skipped", src, size-feed.MaxLineBytes)
	}
	checkRSS(t, p, "1 GiB line")
}

// A file of 256 MiB of NUL bytes and no newline (a sparse file: nothing on
// disk): one line, cut and counted, in bounded memory, read by the default
// (parallel) reader and by the file feed, which also counts the skipped
// bytes; the text report shows them.
func TestBoundsNULFile(t *testing.T) {
	requireLinux(t)
	const size = 256 << 20
	path := filepath.Join(t.TempDir(), "zeros.log")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, env := range [][]string{nil, {envReportWorkers + "=off"}} {
		p := startReport(t, false, env, "report", "--json", path)
		p.wait(5 * time.Minute)
		out := p.result()
		if s := out.Streams[0]; s.Lines != 1 || s.Truncated != 1 || s.Unparsed != 1 {
			t.Errorf("%v: stream: %d lines, %d truncated, %d unparsed; want 1 each", env, s.Lines, s.Truncated, s.Unparsed)
		}
		if env != nil {
			if src := out.source(t, path); src.Truncated != 1 || src.SkippedBytes != size-feed.MaxLineBytes {
				t.Errorf("source: %+v; want 1 truncated, %d bytes skipped", src, size-feed.MaxLineBytes)
			}
		}
		checkRSS(t, p, fmt.Sprintf("256 MiB of NULs %v", env))
	}
	p := startReport(t, false, []string{envReportWorkers + "=off"}, "report", path)
	p.wait(5 * time.Minute)
	want := fmt.Sprintf("truncated 1 lines (%d bytes skipped)", size-feed.MaxLineBytes)
	if text := p.stdout.String(); !strings.Contains(text, want) || !strings.Contains(text, "truncated 1") {
		t.Errorf("text report does not show the cut line (%q):\n%s", want, text)
	}
}

// An endless stream of NULs: ctrl-c still ends the report at once, with
// what was read counted (one line, cut, the rest skipped).
func TestBoundsEndlessNULsAnswerInterrupt(t *testing.T) {
	requireLinux(t)
	p := startReport(t, true, nil, "report", "--json", "-")
	fed := make(chan int64, 1)
	stop := make(chan struct{})
	go func() {
		zeros := make([]byte, 1<<20)
		var n int64
		defer func() { fed <- n }()
		for {
			select {
			case <-stop:
				p.stdin.Close()
				return
			default:
			}
			k, err := p.stdin.Write(zeros)
			n += int64(k)
			if err != nil {
				return
			}
			if n == 256<<20 {
				fed <- n // a pipe holds 64 KiB: tailtop has read nearly all of it
			}
		}
	}()
	<-fed
	start := time.Now()
	p.interrupt(10 * time.Second)
	close(stop)
	t.Logf("answered ctrl-c in %v", time.Since(start))
	total := <-fed
	out := p.result()
	if s := out.Streams[0]; s.Lines != 1 || s.Truncated != 1 {
		t.Errorf("stream: %d lines, %d truncated; want the cut line", s.Lines, s.Truncated)
	}
	src := out.source(t, "-")
	if src.SkippedBytes < 255<<20 || src.SkippedBytes > total {
		t.Errorf("source: %d bytes skipped, %d fed", src.SkippedBytes, total)
	}
	checkRSS(t, p, "endless NULs")
}

// A gzip bomb: 10 GiB of zeros in a 10 MiB .gz (10,240 members of 1 MiB of
// zeros each, 1:1000 as a single-member bomb is). Inflating is capped, not
// carried on at stream speed: it stops at 64 MiB + 250 × the compressed
// bytes read, which zeros pass within 90 MiB. The file's error says why
// (in JSON and text), the one endless line is cut and counted, memory
// stays bounded, and the run takes a moment, not the minutes 10 GiB would.
func TestBoundsGzipBomb(t *testing.T) {
	requireLinux(t)
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	path := filepath.Join(t.TempDir(), "bomb.log.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriter(f)
	for range 10 << 10 {
		bw.Write(member.Bytes())
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	fi, _ := os.Stat(path)
	t.Logf("bomb: %d MiB compressed, 10 GiB inflated", fi.Size()>>20)

	p := startReport(t, false, nil, "report", "--json", path)
	p.wait(2 * time.Minute)
	out := p.result()
	if s := out.Streams[0]; s.Lines != 1 || s.Truncated != 1 {
		t.Errorf("stream: %d lines, %d truncated; want the one cut line", s.Lines, s.Truncated)
	}
	src := out.source(t, path)
	if src.Errors != 1 || !strings.Contains(src.LastError, "gzip bomb") {
		t.Errorf("source: %+v; want one error naming the bomb", src)
	}
	if src.Bytes > 90<<20 || src.SkippedBytes != src.Bytes-feed.MaxLineBytes {
		t.Errorf("inflated %d bytes, skipped %d: want the cap (under 90 MiB), all but the cut line skipped", src.Bytes, src.SkippedBytes)
	}
	checkRSS(t, p, "gzip bomb")

	p = startReport(t, false, nil, "report", path)
	p.wait(2 * time.Minute)
	if text := p.stdout.String(); !strings.Contains(text, "errors 1, last: ") || !strings.Contains(text, "gzip bomb") {
		t.Errorf("text report does not show the bomb:\n%s", text)
	}
}

// ctGen writes a CloudTrail S3 object as one line, {"Records":[...]},
// streaming, and counts what it wrote: records per principal, denials.
type ctGen struct {
	records   int
	oversized int // index of one record over the line bound, -1 for none
	actors    map[string]int64
	denied    int64
	bytes     int64
}

func (g *ctGen) principal(i int) string {
	// A skewed population: user k sends about 1/(k+1) of the traffic,
	// so the top is well defined.
	k := 0
	for j := i % 2520; j%(k+2) == 0 && k < 8; k++ {
	}
	return "arn:aws:iam::123456789012:user/u" + strconv.Itoa(k*100+i%7)
}

func (g *ctGen) write(w io.Writer) error {
	g.actors = map[string]int64{}
	bw := bufio.NewWriterSize(w, 1<<20)
	cw := &countingWriter{w: bw}
	t0 := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	io.WriteString(cw, `{"Records":[`)
	var b []byte
	for i := range g.records {
		arn := g.principal(i)
		b = b[:0]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE`...)
		b = strconv.AppendInt(b, int64(i%1000), 10)
		b = append(b, `","arn":"`...)
		b = append(b, arn...)
		b = append(b, `","accountId":"123456789012","userName":"u"},"eventTime":"`...)
		b = t0.Add(time.Duration(i%3600)*time.Second).AppendFormat(b, time.RFC3339)
		b = append(b, `","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.`...)
		b = strconv.AppendInt(b, int64(i%250), 10)
		b = append(b, `","userAgent":"[aws-cli/2.15.0 Python/3.11 {\"os\":\"linux\"}]","requestParameters":{"bucketName":"logs","key":"a/b/`...)
		b = strconv.AppendInt(b, int64(i), 10)
		if i == g.oversized {
			b = append(b, `","padding":"`...)
			b = append(b, bytes.Repeat([]byte("}]{["), feed.MaxLineBytes/4+10)...)
		}
		b = append(b, `"},`...)
		if i%10 == 3 {
			b = append(b, `"errorCode":"AccessDenied","errorMessage":"User is not authorized to perform: s3:GetObject",`...)
		}
		b = append(b, `"responseElements":null,"requestID":"R`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `","eventID":"e-`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `","readOnly":true,"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"123456789012"}`...)
		if _, err := cw.Write(b); err != nil {
			return err
		}
		if i == g.oversized {
			continue // cut: neither parsed nor counted
		}
		g.actors[arn]++
		if i%10 == 3 {
			g.denied++
		}
	}
	io.WriteString(cw, "]}\n")
	g.bytes = cw.n
	return bw.Flush()
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// A CloudTrail S3 object of 1,000,000 records in one line (about 0.8 GB;
// 100,000 unless TAILTOP_LONG=1 under -race, where generating it is slow),
// one record of them over the line bound: every other record is counted as
// an event with its principal and its denial, the big one is counted as
// cut, and memory stays bounded. Streamed through a pipe.
func TestBoundsCloudTrailMillionRecords(t *testing.T) {
	requireLinux(t)
	n := 1_000_000
	if raceBuild() && !longRun() {
		n = 100_000
	}
	g := &ctGen{records: n, oversized: n / 2}
	p := startReport(t, true, nil, "report", "--json", "--top", "5", "-")
	written := feedStdin(t, p, g.write)
	p.wait(10 * time.Minute)
	if err := <-written; err != nil {
		t.Fatal(err)
	}
	t.Logf("%d records, %.0f MB in one line", n, float64(g.bytes)/1e6)
	out := p.result()
	s := out.Streams[0]
	good := int64(n - 1)
	// The cut record is a line (parsed as the start of a document that
	// never ends, or unparsed: the parser's call), never an event.
	if s.Format != "cloudtrail" || s.Events != good || s.Lines != int64(n) || s.Parsed+s.Unparsed != s.Lines || s.Truncated != 1 {
		t.Errorf("stream %s: lines %d parsed %d unparsed %d events %d truncated %d; want %d records, %d events, 1 cut",
			s.Format, s.Lines, s.Parsed, s.Unparsed, s.Events, s.Truncated, n, good)
	}
	if s.Denied != g.denied {
		t.Errorf("denied %d, want %d", s.Denied, g.denied)
	}
	type kc struct {
		key string
		n   int64
	}
	var want []kc
	for k, v := range g.actors {
		want = append(want, kc{k, v})
	}
	sort.Slice(want, func(i, j int) bool {
		if want[i].n != want[j].n {
			return want[i].n > want[j].n
		}
		return want[i].key < want[j].key
	})
	if len(s.Top.Actor) != 5 {
		t.Fatalf("top: %+v", s.Top.Actor)
	}
	for i, row := range s.Top.Actor {
		if row.Key != want[i].key || row.Count != want[i].n || row.Error != 0 {
			t.Errorf("top %d: %s %d ±%d, want %s %d", i, row.Key, row.Count, row.Error, want[i].key, want[i].n)
		}
	}
	if src := out.source(t, "-"); src.Lines != int64(n) || src.Truncated != 1 || src.SkippedBytes <= 0 {
		t.Errorf("source: %+v; want %d lines, the big record cut and its rest skipped", src, n)
	}
	checkRSS(t, p, fmt.Sprintf("%d CloudTrail records", n))
}

// Millions of distinct clients (10 million with TAILTOP_LONG=1, 1 million
// otherwise: thirty times the exact table) through the real binary, with
// ten heavy hitters of 0.2% or more each: the top ten are exact, the
// report says the counts are approximate, and memory stays bounded.
func TestBoundsDistinctActorsReport(t *testing.T) {
	requireLinux(t)
	distinct := 1_000_000
	if longRun() {
		distinct = 10_000_000
	}
	const heavy = 10
	heavyCount := func(h int) int { return distinct/500 + h*distinct/5000 }
	heavyTotal := 0
	for h := range heavy {
		heavyTotal += heavyCount(h)
	}
	total := distinct + heavyTotal
	every := total / heavyTotal
	p := startReport(t, true, nil, "report", "--json", "--top", "10", "-")
	written := feedStdin(t, p, func(w io.Writer) error {
		left := make([]int, heavy)
		for h := range left {
			left[h] = heavyCount(h)
		}
		t0 := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
		var b []byte
		single, next := 0, 0
		for i := range total {
			b = b[:0]
			h := -1
			if i%every == 0 || single >= distinct {
				for k := range heavy {
					if c := (next + k) % heavy; left[c] > 0 {
						h, next = c, (c+1)%heavy
						break
					}
				}
			}
			if h >= 0 {
				left[h]--
				b = append(b, "203.0.113."...)
				b = strconv.AppendInt(b, int64(h+1), 10)
			} else {
				ip := 20<<24 + single
				single++
				for shift := 24; shift >= 0; shift -= 8 {
					b = strconv.AppendInt(b, int64(ip>>shift&255), 10)
					if shift > 0 {
						b = append(b, '.')
					}
				}
			}
			b = append(b, " - - ["...)
			b = t0.Add(time.Duration(i*3*3600/total)*time.Second).AppendFormat(b, "02/Jan/2006:15:04:05 -0700")
			b = append(b, `] "GET /p HTTP/1.1" 200 512 "-" "flood"`+"\n"...)
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		return nil
	})
	p.wait(10 * time.Minute)
	if err := <-written; err != nil {
		t.Fatal(err)
	}
	out := p.result()
	s := out.Streams[0]
	if s.Lines != int64(total) || s.Events != int64(total) || !s.Approximate {
		t.Errorf("lines %d events %d approximate %v; want %d and approximate", s.Lines, s.Events, s.Approximate, total)
	}
	if len(s.Top.Actor) != heavy {
		t.Fatalf("top: %+v", s.Top.Actor)
	}
	for rank, row := range s.Top.Actor {
		h := heavy - 1 - rank
		if row.Key != "203.0.113."+strconv.Itoa(h+1) || row.Count != int64(heavyCount(h)) || row.Error != 0 {
			t.Errorf("rank %d: %s %d ±%d, want 203.0.113.%d %d exact", rank, row.Key, row.Count, row.Error, h+1, heavyCount(h))
		}
	}
	t.Logf("%d lines, %d distinct clients", total, distinct)
	checkRSS(t, p, fmt.Sprintf("%d distinct clients", distinct))
}
