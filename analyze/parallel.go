package analyze

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"

	"github.com/tailtop/tailtop/analyze/parse"
	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/internal/crash"
)

// Reading history on every core.
//
// A regular file read from its start to its end (report) is cut into byte
// ranges aligned to lines (chunks.go). Worker goroutines read and parse
// ranges at the same time; one goroutine (the caller of IngestFile)
// aggregates the parsed ranges strictly in file order through the same
// aggregate stage as every other batch. Counting is therefore exactly what
// the one-goroutine path counts: the same lines reach the same stream code
// in the same order; only parsing runs ahead, on several cores.
//
// Parsing ahead is a speculation on the parser's state. The first range is
// parsed by the origin's real parser (auto-detecting or forced), exactly as
// the file feed would. Every later range is parsed by a fresh parser of the
// format the first range settled on, primed with the file's first lines up
// to and including its first parsed line (a W3C or VPC header, or nothing).
// That parser behaves as the real one would on the range if
//
//   - the real parser settled on that format and on nothing else, saw no
//     header after its first parsed line (so its state is the primed state),
//   - no range before saw a header either (a Meta line: a #Fields change,
//     the lines of a JSON document spread over several lines),
//   - no run of unparsed lines reaches the auto-detector's re-detection
//     threshold (64 misses in a row) across the ranges so far.
//
// The aggregating goroutine checks this before it counts a range. At the
// first range where it does not hold, the speculation stops: that range and
// every later one are parsed in order by the real parser, after it is
// brought to the state it would have there (by re-reading the few lines
// since the last parsed line, whose events are discarded). Counts are exact
// either way; only the speed differs.

// ErrNotSplittable says a file cannot be read in ranges (not a regular
// file, compressed, a line longer than feed.MaxLineBytes, or the engine is
// set up for per-event callbacks): read it through its feed instead.
// Nothing was counted.
var ErrNotSplittable = errors.New("analyze: file cannot be read in parallel ranges")

const (
	// rangeTarget is the size of one range. Small enough that the ranges
	// parsed ahead of the aggregating goroutine cost little memory, large
	// enough that per-range costs (priming, hand-over) vanish.
	rangeTarget = 1 << 20
	// autoMissLimit is the auto-detector's re-detection threshold: so
	// many unparsed lines in a row make it detect again.
	autoMissLimit = 64
)

// ParallelOptions tune IngestFile.
type ParallelOptions struct {
	// Workers is the number of parsing goroutines (0: GOMAXPROCS).
	Workers int
	// RangeBytes overrides the range size (tests use small ranges).
	RangeBytes int64
	// Progress, when set, is told the lines and bytes of each range
	// counted, in the counting goroutine (for the source's status).
	Progress func(lines, bytes int64)
}

// rangeResult is one parsed range, handed from a worker to the aggregator.
type rangeResult struct {
	idx   int
	mem   *rangeMem
	stats rangeStats
	err   error
	// skipped: the worker did not parse (no speculation possible).
	skipped bool
}

// rangeStats is what the aggregator needs to check a range's speculation.
type rangeStats struct {
	lines     int
	meta      bool // a Meta line (in the first range: after its first parsed line)
	lead      int  // unparsed lines before the first other one
	maxRun    int  // the longest run of unparsed lines between others
	trail     int  // unparsed lines after the last other one
	lastOther int  // index of the last line that was not unparsed, -1
	// first range only: every understood line was understood as format,
	// and the parser ended settled.
	format     string
	consistent bool
	settled    bool
}

func (st *rangeStats) note(i int, res parse.Result) {
	st.lines++
	if res == parse.Unparsed {
		st.trail++
		return
	}
	if st.lastOther < 0 {
		st.lead = st.trail
	} else {
		st.maxRun = max(st.maxRun, st.trail)
	}
	st.trail, st.lastOther = 0, i
}

// prime is the start of the file that primes every speculative parser.
type prime struct {
	format string
	lines  [][]byte // copies
	ok     bool     // false: no speculation
}

// IngestFile reads the regular file at path from its start to its end as
// history of stream name, parsing on several goroutines and counting in
// file order (see above). It returns ErrNotSplittable, having counted
// nothing, when the file must go through its feed instead.
func (e *Engine) IngestFile(ctx context.Context, name, path string, po ParallelOptions) error {
	_, err := e.ingestFile(ctx, name, path, po)
	return err
}

// ingestFile is IngestFile, returning the reader for tests to see how it
// went.
func (e *Engine) ingestFile(ctx context.Context, name, path string, po ParallelOptions) (*rangeReader, error) {
	if e.cfg.OnEvent != nil {
		return nil, ErrNotSplittable // events must be seen in order
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, ErrNotSplittable
	}
	var magic [2]byte
	if n, _ := f.ReadAt(magic[:], 0); n == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		return nil, ErrNotSplittable // gzip: the feed inflates it
	}
	if long, err := hasLongLine(f, fi.Size(), feed.MaxLineBytes); err != nil {
		return nil, err
	} else if long {
		return nil, ErrNotSplittable // the feed cuts or splits long lines
	}
	target := po.RangeBytes
	if target <= 0 {
		target = rangeTarget
	}
	ranges, err := splitRanges(f, fi.Size(), target)
	if err != nil {
		return nil, err
	}
	workers := po.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	s := e.addStream(name, "")
	r := &rangeReader{
		e: e, s: s, f: f, path: path, ranges: ranges, progress: po.Progress,
		results:  make([]chan *rangeResult, len(ranges)),
		slots:    make(chan struct{}, workers+1),
		primeSet: make(chan struct{}),
		free:     make(chan *rangeMem, workers+1),
		seqFrom:  -1,
	}
	for i := range r.results {
		r.results[i] = make(chan *rangeResult, 1)
	}
	return r, r.run(ctx, workers)
}

// rangeReader is one IngestFile call.
type rangeReader struct {
	e        *Engine
	s        *stream
	f        *os.File
	path     string
	ranges   []byteRange
	results  []chan *rangeResult
	slots    chan struct{} // ranges parsed but not yet counted, bounded
	next     int           // next range to hand out, under mu
	mu       sync.Mutex
	stop     bool
	prime    prime
	primeSet chan struct{}
	real     parse.Parser // the origin's parser, from the first range
	progress func(lines, bytes int64)
	seqFrom  int // the first range parsed in order here, -1 if none
	// free keeps the memory of counted ranges for the next ones (a
	// sync.Pool would drop it at every collection).
	free chan *rangeMem
}

// rangeMem is the memory one range is read and parsed into.
type rangeMem struct {
	buf chunkBuf
	pb  parsedBatch
}

func (r *rangeReader) run(ctx context.Context, workers int) error {
	if len(r.ranges) == 0 {
		return nil
	}
	real, err := parse.New(r.s.format, r.s.opts)
	if err != nil {
		real = nil // every line unparsed, as the feed path counts it
	}
	r.real = real
	if workers == 1 {
		// One goroutine: parse and count each range at once, in order.
		for i := range r.ranges {
			if ctx.Err() != nil {
				return nil
			}
			if err := r.sequential(i); err != nil {
				return err
			}
		}
		return nil
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer crash.Recover("parse")
			defer wg.Done()
			r.work()
		}()
	}
	err = r.aggregate(ctx)
	r.mu.Lock()
	r.stop = true
	r.mu.Unlock()
	// Let blocked workers finish: drain what they hand over.
	done := make(chan struct{})
	go func() {
		defer crash.Recover("parse")
		wg.Wait()
		close(done)
	}()
	for {
		select {
		case <-done:
			return err
		case <-r.slots:
		}
	}
}

// take hands out the next range index, or -1 when all are out.
func (r *rangeReader) take() int {
	r.slots <- struct{}{}
	r.mu.Lock()
	if r.stop || r.next >= len(r.ranges) {
		r.mu.Unlock()
		// Give the slot back without waiting: after a stop the
		// aggregator drains slots too.
		select {
		case <-r.slots:
		default:
		}
		return -1
	}
	i := r.next
	r.next++
	r.mu.Unlock()
	return i
}

// work parses ranges until none are left.
func (r *rangeReader) work() {
	rec := newRecorder(r.s.name, nil)
	for {
		i := r.take()
		if i < 0 {
			return
		}
		r.results[i] <- r.parseRange(i, &rec)
	}
}

func (r *rangeReader) getMem() *rangeMem {
	select {
	case m := <-r.free:
		return m
	default:
		return &rangeMem{}
	}
}

func (r *rangeReader) putMem(m *rangeMem) {
	if m == nil {
		return
	}
	m.pb.b = nil
	select {
	case r.free <- m:
	default:
	}
}

// parseRange reads and parses range i: the first with the real parser, the
// others speculatively.
func (r *rangeReader) parseRange(i int, rec *recorder) *rangeResult {
	res := &rangeResult{idx: i, stats: rangeStats{lastOther: -1}}
	var p parse.Parser
	if i > 0 {
		<-r.primeSet
		if !r.prime.ok {
			res.skipped = true
			return res
		}
		var err error
		if p, err = parse.New(r.prime.format, r.s.opts); err != nil {
			res.skipped = true
			return res
		}
		for _, l := range r.prime.lines {
			p.Parse(l, discardEvent)
		}
	} else {
		p = r.real
	}
	res.mem = r.getMem()
	buf := &res.mem.buf
	if err := buf.read(r.f, r.ranges[i], r.path); err != nil {
		res.err = fmt.Errorf("%s: %w", r.path, err)
		if i == 0 {
			r.setPrime(prime{})
		}
		return res
	}
	pb := &res.mem.pb
	pb.reset(&feed.Batch{Source: r.s.name, Lines: buf.lines, History: true}, r.s)
	rec.pb = pb
	st := &res.stats
	st.consistent = true
	primed := i > 0
	for k := range buf.lines {
		out := rec.parseLine(p, &buf.lines[k])
		st.note(k, out)
		switch {
		case out == parse.Unparsed:
		case i > 0:
			st.meta = st.meta || out == parse.Meta
		case !primed:
			// The first range's lines up to its first parsed one
			// are the preamble that primes the other ranges.
			if out == parse.Parsed {
				st.format = p.Format()
				r.setPrime(primeOf(buf.lines[:k+1], st.format))
				primed = true
			}
		default:
			st.meta = st.meta || out == parse.Meta
			st.consistent = st.consistent && p.Format() == st.format
		}
	}
	if i == 0 {
		if !primed {
			r.setPrime(prime{})
		}
		st.settled = true
		if a, ok := p.(*parse.Auto); ok {
			st.settled = a.Settled()
		}
	}
	rec.pb, rec.line, rec.parser = nil, nil, nil
	return res
}

func primeOf(lines []feed.Line, format string) prime {
	pr := prime{format: format, ok: format != ""}
	for _, l := range lines {
		pr.lines = append(pr.lines, append([]byte(nil), l.Data...))
	}
	return pr
}

func (r *rangeReader) setPrime(p prime) {
	r.prime = p
	close(r.primeSet)
}

func discardEvent(*parse.Event) {}

// aggregate counts the ranges in order, checking each speculation, and
// continues in order with the real parser from the first range whose check
// fails.
func (r *rangeReader) aggregate(ctx context.Context) error {
	var (
		first  rangeStats
		misses int      // unparsed lines in a row before the next range
		tail   [][]byte // lines from the last understood one on, copies
		seq    bool     // speculation over: parse in order here
	)
	for i := range r.ranges {
		if err := ctx.Err(); err != nil {
			return nil
		}
		if seq {
			if err := r.sequential(i); err != nil {
				return err
			}
			continue
		}
		res := <-r.results[i]
		if res.err != nil {
			r.release(res)
			return res.err
		}
		ok := true
		switch {
		case i == 0:
			first = res.stats
			misses = res.stats.trail
		case res.skipped:
			ok = false
		case i == 1 && (!r.prime.ok || !first.consistent || !first.settled || first.meta):
			ok = false
		case res.stats.meta:
			ok = false
		case res.stats.lastOther < 0:
			ok = misses+res.stats.lines < autoMissLimit
		default:
			ok = misses+res.stats.lead < autoMissLimit && res.stats.maxRun < autoMissLimit
		}
		if !ok {
			r.release(res)
			// The real parser stands at the end of range 0; from
			// range 2 on it re-reads the lines since the last
			// understood one, so that its miss count is right.
			if i >= 2 && r.real != nil {
				for _, l := range tail {
					r.real.Parse(l, discardEvent)
				}
			}
			seq, r.seqFrom = true, i
			r.mu.Lock()
			r.stop = true
			r.mu.Unlock()
			if err := r.sequential(i); err != nil {
				return err
			}
			continue
		}
		if i > 0 {
			if res.stats.lastOther < 0 {
				misses += res.stats.lines
			} else {
				misses = res.stats.trail
			}
		}
		tail = keepTail(tail, res.mem.buf.lines, res.stats.lastOther)
		r.count(i, &res.mem.pb)
		r.release(res)
	}
	return nil
}

// keepTail returns the lines from the last understood one on: the lines
// of this range from index last, or when the range has none, the previous
// tail followed by every line of the range (fewer than the miss limit,
// else speculation already stopped).
func keepTail(tail [][]byte, lines []feed.Line, last int) [][]byte {
	from := last
	if last < 0 {
		from = 0
	} else {
		tail = tail[:0]
	}
	for _, l := range lines[from:] {
		tail = append(tail, append([]byte(nil), l.Data...))
	}
	return tail
}

// count aggregates parsed range i under the engine lock.
func (r *rangeReader) count(i int, pb *parsedBatch) {
	e := r.e
	e.mu.Lock()
	r.s.aggregate(pb)
	e.mu.Unlock()
	e.version.Add(1)
	if r.progress != nil {
		r.progress(int64(len(pb.b.Lines)), r.ranges[i].to-r.ranges[i].from)
	}
}

func (r *rangeReader) release(res *rangeResult) {
	r.putMem(res.mem)
	<-r.slots
}

// sequential reads range i here, then parses and counts it with the real
// parser. A worker may have parsed it speculatively: that result is
// dropped.
func (r *rangeReader) sequential(i int) error {
	m := r.getMem()
	defer r.putMem(m)
	buf := &m.buf
	if err := buf.read(r.f, r.ranges[i], r.path); err != nil {
		return fmt.Errorf("%s: %w", r.path, err)
	}
	e := r.e
	e.mu.Lock()
	for k := range buf.lines {
		r.s.countLine(&buf.lines[k], r.real, true)
	}
	e.mu.Unlock()
	e.version.Add(1)
	if r.progress != nil {
		r.progress(int64(len(buf.lines)), r.ranges[i].to-r.ranges[i].from)
	}
	return nil
}
