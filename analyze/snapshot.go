package analyze

import (
	"time"

	"github.com/tailtop/tailtop/analyze/parse"
)

// Snapshot is a consistent, copied view of what the engine knows, for one
// window. The TUI renders it, `report` prints it (its JSON form is the
// documented report contract: extend it, don't rename it), publishers send it.
type Snapshot struct {
	// Window is the aggregation window ("1m", "5m", "15m", "1h", or "all").
	Window string `json:"window"`
	// Now is the engine clock the windows end at.
	Now     time.Time        `json:"now"`
	Streams []StreamSnapshot `json:"streams"`
}

// StreamSnapshot is one stream (one source on the command line).
type StreamSnapshot struct {
	Name   string `json:"name"`
	Format string `json:"format"`
	// Lines counts input lines (or records); Lines == Parsed + Unparsed.
	Lines    int64 `json:"lines"`
	Parsed   int64 `json:"parsed"`
	Unparsed int64 `json:"unparsed"`
	// Events counts what the parsed lines expanded into.
	Events   int64 `json:"events"`
	Bytes    int64 `json:"bytes"`
	Failures int64 `json:"failures"`
	// Denied counts AccessDenied-type authorization failures.
	Denied int64 `json:"denied"`
	// Unauthorized counts HTTP 401/403, apart from Denied.
	Unauthorized int64 `json:"unauthorized"`
	// Truncated counts lines cut at the line-length bound.
	Truncated int64 `json:"truncated"`
	Top       Top   `json:"top"`
	// Statuses counts events per status value, StatusClasses per class
	// ("2xx"... for HTTP, the value itself otherwise).
	Statuses      map[string]int64 `json:"statuses"`
	StatusClasses map[string]int64 `json:"status_classes"`
	PerMinute     []MinuteCount    `json:"per_minute"`
	Spikes        []Spike          `json:"spikes"`
	Alerts        []Alert          `json:"alerts"`
	// Approximate is true when a top-k table overflowed its exact capacity
	// in this window: counts then carry an error bound.
	Approximate bool `json:"approximate"`

	// The fields below feed the screen and are not part of the report.

	// Labels name the dimensions in the format's words.
	Labels parse.Labels `json:"-"`
	// Rate is events per second over the last len(Rate) seconds, oldest first;
	// ByteRate likewise for bytes.
	Rate     []float64 `json:"-"`
	ByteRate []float64 `json:"-"`
	// LinesPerSec is the recent input rate (lines/s over the last seconds).
	LinesPerSec float64 `json:"-"`
	// Tail is the most recent lines (matching the requested filter), oldest
	// first; UnparsedTail the most recent lines no parser understood.
	Tail         []TailLine `json:"-"`
	UnparsedTail []TailLine `json:"-"`
	// Lag is the mean delay between event time and arrival over recent lines.
	Lag time.Duration `json:"-"`
}

// Top holds the top-N keys per dimension.
type Top struct {
	Actor  []KeyCount `json:"actor"`
	Target []KeyCount `json:"target"`
	Status []KeyCount `json:"status"`
}

// KeyCount is one row of a top-N list. When the table overflowed, Count may
// overestimate the true count by at most Error.
type KeyCount struct {
	Key   string `json:"key"`
	Count int64  `json:"count"`
	Error int64  `json:"error,omitempty"`
}

// MinuteCount is the number of events in one minute, with the split by
// status class.
type MinuteCount struct {
	Minute  time.Time        `json:"minute"`
	Count   int64            `json:"count"`
	Classes map[string]int64 `json:"classes,omitempty"`
}

// Spike is a detected rate spike (filled in by the spike detector).
type Spike struct {
	Kind  string    `json:"kind"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end,omitzero"`
	Peak  float64   `json:"peak"`
	Ratio float64   `json:"ratio"`
}

// Alert is an alert rule's state (filled in by the rules engine).
type Alert struct {
	Rule    string    `json:"rule"`
	Firing  bool      `json:"firing"`
	Since   time.Time `json:"since,omitzero"`
	Cleared time.Time `json:"cleared,omitzero"`
}

// TailLine is one raw line kept for the live tail and unparsed views. Text is
// raw and untrusted: sanitize before display.
type TailLine struct {
	Seq     uint64    `json:"-"`
	Arrival time.Time `json:"-"`
	Origin  string    `json:"-"`
	Text    string    `json:"-"`
	Parsed  bool      `json:"-"`
	Status  string    `json:"-"`
	Failure bool      `json:"-"`
}

// SnapshotOptions choose what a snapshot holds.
type SnapshotOptions struct {
	// Window is the aggregation window; 0 means everything since start.
	Window time.Duration
	// TopN is the length of top lists (default 10).
	TopN int
	// TailN is how many tail lines to copy (0: none).
	TailN int
	// TailFilter keeps only tail lines containing this text (case-insensitive).
	TailFilter string
	// RateSeconds is how many seconds of rate history to copy (0: none).
	RateSeconds int
}
