// Package feed owns the contract between the places lines come from and the
// rest of tailtop: a Source produces Batches of Lines and reports its Status.
// A feed knows nothing of log formats; it moves bytes and says where they came
// from and when they arrived.
package feed

import (
	"context"
	"time"
)

// MaxLineBytes bounds one line. Longer input is cut at this size, the rest of
// the line is discarded up to the next newline, and the line is marked
// Truncated so the reader can count it: a 1 GB line without a newline never
// makes tailtop buffer more than a small multiple of this. The bound is set
// by the longest legitimate lines: a CloudTrail object delivered to S3 is one
// line of JSON holding up to thousands of records.
const MaxLineBytes = 1 << 20

// Line is one unit of input: a line of a file, a line of a Kinesis record, a
// CloudWatch Logs event. Data holds no trailing newline or carriage return.
// Data is owned by the Batch that carries the line; keep a copy to retain it.
type Line struct {
	// Origin names where inside the source the line came from (a file path,
	// a shard id, a log group and stream). Header-driven parsers keep their
	// state per origin.
	Origin string
	Data   []byte
	// Arrival is when tailtop read the line.
	Arrival time.Time
	// EventTime is set when the feed itself knows the time of the event (a
	// CloudWatch Logs timestamp, a Kinesis approximate arrival). Zero otherwise.
	EventTime time.Time
	// Truncated is true when the line was longer than MaxLineBytes.
	Truncated bool
}

// Batch is a group of lines handed from a source to the analyzer in one step,
// so that channel operations and wakeups are paid per batch, not per line.
type Batch struct {
	// Source is the name of the source (the stream) the lines belong to.
	Source string
	Lines  []Line
	// History is true while the source replays data that already existed
	// when it started (a file read from its start, stdin, a backfill): such
	// lines are windowed by their event time rather than by arrival.
	History bool
	// Release, when set, hands the batch's memory back to the source for
	// reuse. A consumer calls it once, when it no longer needs the batch or
	// its lines' Data; a consumer that never calls it only costs the source
	// an allocation. Recycling keeps the garbage collector out of the way
	// when hundreds of MB go through.
	Release func()
}

// Emit hands a batch to the consumer. It blocks while the consumer is busy
// (back-pressure) and returns false when the consumer is gone. The batch and
// its lines' Data belong to the consumer after the call.
type Emit func(*Batch) bool

// Source is one feed: files, stdin, a Kinesis stream, a Live Tail session,
// the synthetic demo.
type Source interface {
	// Name is the stream name shown on screen and in reports.
	Name() string
	// Run reads until ctx is done, the input ends (Follow off), or a fatal
	// error occurs. It calls emit from one goroutine at a time.
	Run(ctx context.Context, emit Emit) error
	// Status is a snapshot of the source's health, safe to call concurrently
	// with Run.
	Status() Status
}

// Status is the health of a source (or of one origin inside it) as shown in
// the sources pane.
type Status struct {
	Name      string
	Kind      string // "file", "stdin", "kinesis", "cwlogs", "demo"
	State     string // "reading", "following", "waiting", "reconnecting", "done", "error"
	Lines     int64
	Bytes     int64
	Truncated int64 // lines cut at MaxLineBytes
	// SkippedBytes counts the bytes of cut lines beyond MaxLineBytes: read
	// and discarded, so that a 1 GB line costs time, never memory.
	SkippedBytes int64
	// Rewinds counts files found truncated in place while followed
	// (copytruncate). The lines written between the last read and the
	// truncation went only to the copy: each rewind is a possible loss.
	Rewinds int64
	Errors  int64
	// LastError is a one-line, credential-free message a user can act on.
	LastError  string
	Reconnects int64
	// Lag is how far behind the source is (MillisBehindLatest, file bytes
	// unread converted to nothing: zero when unknown).
	Lag     time.Duration
	Sampled bool // the upstream sampled the data (Live Tail over 500 events/s)
	// Origins is the per-origin detail (files in a glob, shards), if any.
	Origins []Status
}
