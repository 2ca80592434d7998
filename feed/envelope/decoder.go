package envelope

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/tailtop/tailtop/feed"
)

// DefaultMaxInflated caps what one gzip payload may inflate to. A Kinesis
// record holds at most a few MiB and CloudWatch Logs batches at most 1 MiB
// of events, so 16 MiB is generous for real data and still stops a bomb.
const DefaultMaxInflated = 16 << 20

// retainInflated is the largest inflate buffer kept between records: a rare
// huge payload does not pin its buffer for the life of the decoder.
const retainInflated = 4 << 20

// Errors reported by Decode, wrapped with detail; test them with errors.Is.
var (
	ErrBadAggregate = errors.New("corrupt KPL aggregated record")
	ErrBadGzip      = errors.New("corrupt gzip payload")
	ErrTooLarge     = errors.New("gzip payload inflates beyond the limit")
	ErrBadEnvelope  = errors.New("malformed CloudWatch Logs envelope")
)

// Limits bound the work done on one payload. Zero fields take defaults.
type Limits struct {
	// MaxInflated caps the output of one gzip payload (DefaultMaxInflated).
	MaxInflated int
	// MaxLine cuts longer lines and marks them Truncated (feed.MaxLineBytes).
	MaxLine int
}

// Line is one decoded line. Data points into the payload or into the
// decoder's buffers: it is valid only until the callback returns.
type Line struct {
	Data []byte
	// Origin is "logGroup/logStream" for CloudWatch Logs events, empty when
	// the payload does not say (the caller uses its own, the shard id).
	Origin string
	// Time is the log event's timestamp for CloudWatch Logs events, zero
	// when the payload does not say (the caller uses the record's arrival).
	Time      time.Time
	Truncated bool
}

// Stats count what a Decoder has seen since it was made.
type Stats struct {
	Records       int64 // payloads given to Decode
	Aggregates    int64 // KPL aggregated records unpacked
	UserRecords   int64 // user records found inside them
	Gzip          int64 // gzip payloads inflated
	Subscriptions int64 // CloudWatch Logs DATA_MESSAGE envelopes expanded
	Control       int64 // CONTROL_MESSAGE envelopes skipped
	Lines         int64 // lines handed to the callback
	Truncated     int64 // lines cut at MaxLine
	Errors        int64 // problems of any kind; the four below in detail
	BadAggregates int64
	BadGzip       int64
	Bombs         int64 // gzip output over MaxInflated: payload dropped
	BadEnvelopes  int64
}

// Decoder turns record payloads into lines. It keeps reusable buffers and
// is not safe for concurrent use: keep one per goroutine (per shard).
type Decoder struct {
	maxInflated int
	maxLine     int
	Stats       Stats

	fn  func(Line)
	err error // first problem in the current payload

	inflate inflater
	spans   []userRecord // user records of the current aggregate
	events  []logEvent   // log events of the current envelope
	msg     []byte       // unescaped message of a log event
	origin  originCache
	// Unescape buffers for the envelope's messageType, logGroup and
	// logStream (rarely used: those strings seldom hold escapes).
	scratch, scratch2, scratch3 []byte
}

// NewDecoder returns a decoder with the given limits.
func NewDecoder(l Limits) *Decoder {
	d := &Decoder{maxInflated: l.MaxInflated, maxLine: l.MaxLine}
	if d.maxInflated <= 0 {
		d.maxInflated = DefaultMaxInflated
	}
	if d.maxLine <= 0 {
		d.maxLine = feed.MaxLineBytes
	}
	return d
}

// Decode splits one record payload into lines and calls fn for each, in
// order. It returns the first problem found (wrapping one of the Err
// values) after emitting everything that could be recovered; the Stats
// count every problem.
func (d *Decoder) Decode(payload []byte, fn func(Line)) error {
	d.fn = fn
	d.err = nil
	d.Stats.Records++
	if bytes.HasPrefix(payload, kplMagic) {
		err := d.aggregate(payload)
		if err == nil {
			d.fn = nil
			return d.err
		}
		// KCL treats a record that fails the aggregate checks as an
		// ordinary record; do the same, but count it.
		d.Stats.BadAggregates++
		d.fail(err)
	}
	d.record(payload)
	d.fn = nil
	return d.err
}

// record decodes one (user) record: gzip, then envelope, then text.
func (d *Decoder) record(p []byte) {
	if isGzip(p) {
		out, err := d.inflate.inflate(p, d.maxInflated)
		if err != nil {
			if errors.Is(err, ErrTooLarge) {
				d.Stats.Bombs++
			} else {
				d.Stats.BadGzip++
			}
			d.fail(err)
			return
		}
		d.Stats.Gzip++
		p = out
	}
	if looksLikeEnvelope(p) {
		handled, err := d.subscription(p)
		if err != nil {
			d.Stats.BadEnvelopes++
			d.fail(err)
		}
		if handled {
			return
		}
	}
	d.text(p)
}

// text emits one line per '\n'; a final newline ends the last line rather
// than starting an empty one, and a '\r' before a newline is dropped.
func (d *Decoder) text(p []byte) {
	for len(p) > 0 {
		var line []byte
		if nl := bytes.IndexByte(p, '\n'); nl >= 0 {
			line, p = p[:nl], p[nl+1:]
		} else {
			line, p = p, nil
		}
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		d.emit(line, "", time.Time{}, false)
	}
}

// emit hands one line to the callback, cutting it at maxLine.
func (d *Decoder) emit(line []byte, origin string, t time.Time, truncated bool) {
	if len(line) > d.maxLine {
		line = line[:d.maxLine]
		truncated = true
	}
	if truncated {
		d.Stats.Truncated++
	}
	d.Stats.Lines++
	d.fn(Line{Data: line, Origin: origin, Time: t, Truncated: truncated})
}

func (d *Decoder) fail(err error) {
	d.Stats.Errors++
	if d.err == nil {
		d.err = err
	}
}

func failf(kind error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", kind, fmt.Sprintf(format, args...))
}
