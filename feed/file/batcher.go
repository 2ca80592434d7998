package file

import (
	"bytes"
	"errors"
	"time"

	"github.com/tailtop/tailtop/feed"
)

const (
	// readSize is the largest single read from a file or pipe.
	readSize = 256 << 10
	// batchLines and batchBytes bound a batch: it is emitted when either
	// is reached, or when no more input is immediately available.
	batchLines = 1024
	batchBytes = 256 << 10
	// minStage is the first size of the stage buffer.
	minStage = 16 << 10
)

// errStopped reports that emit returned false: the consumer is gone.
var errStopped = errors.New("file source: consumer gone")

// cursor is the line-splitting state of one input (one open file, or
// stdin): the incomplete line carried over from the previous read, and
// whether the rest of an over-long line is being skipped.
type cursor struct {
	origin string
	carry  []byte // bytes of an incomplete line, at most maxLine+1
	// discard is set while skipping the rest of a line that was cut, or
	// the rest of a line that was already under way when following began;
	// cutting when the skipped bytes are the excess of a cut line, which
	// is counted.
	discard, cutting bool
	// rec is set while an over-long CloudTrail document is split into
	// its records (records.go).
	rec recordScan

	// Counts not yet published to the status book.
	lines, bytes, truncated, skipped int64
}

// span is a line waiting in the stage for the next batch.
type span struct {
	start, end int
	origin     string
	arrival    time.Time
	truncated  bool
}

// batcher reads input into one reusable stage buffer, splits it into lines
// in place, and copies the lines of a batch into one exact-size buffer that
// the batch owns: two allocations per batch (bytes and lines), none per
// line.
type batcher struct {
	source  string
	emit    feed.Emit
	maxLine int
	free    chan *recycled // memory of released batches

	stage   []byte
	spans   []span
	pending int // bytes of the lines in spans
	history bool
}

func newBatcher(source string, emit feed.Emit) *batcher {
	return &batcher{source: source, emit: emit, maxLine: feed.MaxLineBytes}
}

// stageCap leaves room for pending lines, one carried line and one read.
func (b *batcher) stageCap() int { return 2*readSize + b.maxLine + 2 }

// setHistory flushes pending lines when the History flag changes, so that
// a batch never mixes replayed and live lines.
func (b *batcher) setHistory(h bool) bool {
	if h != b.history && len(b.spans) > 0 {
		if !b.flush() {
			return false
		}
	}
	b.history = h
	return true
}

// reserve makes room for n more bytes in the stage. The stage grows as
// input needs it (a quiet followed file never costs the full size), up to
// stageCap; past that the pending lines are flushed first.
func (b *batcher) reserve(n int) bool {
	if b.spans == nil {
		b.spans = make([]span, 0, batchLines)
	}
	if len(b.spans) == 0 {
		b.stage = b.stage[:0]
	}
	if cap(b.stage)-len(b.stage) >= n {
		return true
	}
	limit := b.stageCap()
	if len(b.stage)+n > limit {
		if !b.flush() {
			return false
		}
		b.stage = b.stage[:0]
		if cap(b.stage) >= n {
			return true
		}
	}
	grown := make([]byte, len(b.stage), min(limit, max(2*cap(b.stage), len(b.stage)+n, minStage)))
	copy(grown, b.stage)
	b.stage = grown
	return true
}

// fill makes one read of at most want bytes for cursor c and splits what
// arrived. It returns the bytes read and the read's error, or errStopped
// when the consumer is gone. A read of zero bytes leaves c untouched.
func (b *batcher) fill(c *cursor, history bool, want int, read func([]byte) (int, error)) (int, error) {
	if want <= 0 || want > readSize {
		want = readSize
	}
	if !b.setHistory(history) || !b.reserve(len(c.carry)+want) {
		return 0, errStopped
	}
	base := len(b.stage)
	at := base + len(c.carry)
	n, err := read(b.stage[at : at+want])
	if n <= 0 {
		return 0, err
	}
	copy(b.stage[base:at], c.carry)
	c.carry = c.carry[:0]
	b.stage = b.stage[:at+n]
	c.bytes += int64(n)
	if !b.split(c, base, time.Now()) {
		return n, errStopped
	}
	return n, err
}

// split cuts stage[i:] into lines for c. An incomplete last line is kept
// in c.carry unless it is already too long, in which case it is cut now
// and the rest of it is discarded (and counted) as it arrives. An
// over-long CloudTrail document is split into its records instead.
func (b *batcher) split(c *cursor, i int, arrival time.Time) bool {
	buf := b.stage
	end := len(buf)
	for i < end {
		if c.rec.on {
			var ok bool
			if i, ok = b.splitRecords(c, i, arrival); !ok {
				return false
			}
			continue
		}
		nl := bytes.IndexByte(buf[i:end], '\n')
		if c.discard {
			if nl < 0 {
				if c.cutting {
					c.skipped += int64(end - i)
				}
				return true
			}
			if c.cutting {
				c.skipped += int64(nl)
			}
			i += nl + 1
			c.discard, c.cutting = false, false
			continue
		}
		if nl < 0 {
			rest := end - i
			// A line of exactly maxLine bytes may still end in "\r\n".
			if rest > b.maxLine+1 || (rest == b.maxLine+1 && buf[end-1] != '\r') {
				if k := recordsPrefixLen(buf[i : i+b.maxLine+1]); k > 0 {
					c.rec = recordScan{on: true}
					i += k
					continue
				}
				c.discard, c.cutting = true, true
				c.skipped += int64(rest - b.maxLine) // the rest is counted as it comes
				return b.add(c, i, i+b.maxLine, true, arrival)
			}
			c.carry = append(c.carry[:0], buf[i:end]...)
			return true
		}
		e := i + nl
		if e > i && buf[e-1] == '\r' {
			e--
		}
		var ok bool
		if e-i > b.maxLine {
			if k := recordsPrefixLen(buf[i : i+b.maxLine+1]); k > 0 {
				c.rec = recordScan{on: true}
				i += k
				continue
			}
			c.skipped += int64(nl - b.maxLine)
			ok = b.add(c, i, i+b.maxLine, true, arrival)
		} else {
			ok = b.add(c, i, e, false, arrival)
		}
		if !ok {
			return false
		}
		i += nl + 1
	}
	return true
}

// finish ends input c: a carried incomplete line becomes a line (the end
// of the input is its end), and the skipping state is reset. With cut, or
// when the carried bytes are an unfinished CloudTrail record, that line is
// known to be incomplete and is marked truncated: the rest of it is
// somewhere tailtop cannot read (the copy of a copytruncate).
func (b *batcher) finish(c *cursor, history, cut bool) bool {
	if c.rec.on && c.rec.inRec {
		cut = true
	}
	c.rec = recordScan{}
	if c.discard || len(c.carry) == 0 {
		c.discard, c.cutting = false, false
		c.carry = c.carry[:0]
		return true
	}
	if !b.setHistory(history) || !b.reserve(len(c.carry)) {
		return false
	}
	base := len(b.stage)
	b.stage = append(b.stage, c.carry...)
	c.carry = c.carry[:0]
	e := len(b.stage)
	if b.stage[e-1] == '\r' {
		e--
	}
	return b.add(c, base, e, cut, time.Now())
}

func (b *batcher) add(c *cursor, start, end int, truncated bool, arrival time.Time) bool {
	b.spans = append(b.spans, span{start: start, end: end, origin: c.origin, arrival: arrival, truncated: truncated})
	b.pending += end - start
	c.lines++
	if truncated {
		c.truncated++
	}
	if len(b.spans) >= batchLines || b.pending >= batchBytes {
		return b.flush()
	}
	return true
}

// flush emits the pending lines as one batch. It leaves the stage alone:
// the caller may still be splitting it.
func (b *batcher) flush() bool {
	if len(b.spans) == 0 {
		return true
	}
	r := b.reuse()
	if cap(r.data) < b.pending {
		r.data = make([]byte, b.pending, max(b.pending, batchBytes+b.maxLine))
	}
	if cap(r.lines) < len(b.spans) {
		r.lines = make([]feed.Line, len(b.spans), max(len(b.spans), batchLines))
	}
	data := r.data[:b.pending]
	lines := r.lines[:len(b.spans)]
	r.data, r.lines = data, lines
	off := 0
	for k, s := range b.spans {
		n := copy(data[off:], b.stage[s.start:s.end])
		lines[k] = feed.Line{
			Origin:    s.origin,
			Data:      data[off : off+n : off+n],
			Arrival:   s.arrival,
			Truncated: s.truncated,
		}
		off += n
	}
	b.spans = b.spans[:0]
	b.pending = 0
	free := b.free
	return b.emit(&feed.Batch{Source: b.source, Lines: lines, History: b.history, Release: func() {
		select {
		case free <- r:
		default: // enough buffers in reserve
		}
	}})
}

// recycled is a batch's memory handed back by the consumer (Batch.Release).
type recycled struct {
	data  []byte
	lines []feed.Line
}

// reuse takes a released batch's memory, or a fresh one.
func (b *batcher) reuse() *recycled {
	if b.free == nil {
		b.free = make(chan *recycled, 8)
	}
	select {
	case r := <-b.free:
		return r
	default:
		return &recycled{}
	}
}
