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
	// DeniedDetail is the AccessDenied breakdown for the window.
	DeniedDetail DeniedView `json:"denied_detail"`
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
	// SpikeMarks marks, for each second of Rate, whether a spike was
	// active then (same length as Rate).
	SpikeMarks []bool `json:"-"`
	// Sampled is true when the source sampled the data (Live Tail): counts
	// are then not exact and must be shown as sampled.
	Sampled bool `json:"sampled"`
	// LinesPerSec is the recent input rate (lines/s over the last seconds).
	LinesPerSec float64 `json:"-"`
	// Tail is the most recent lines (matching the requested filter), oldest
	// first; UnparsedTail the most recent lines no parser understood.
	Tail         []TailLine `json:"-"`
	UnparsedTail []TailLine `json:"-"`
	// Lag is the mean delay between event time and arrival over recent lines.
	Lag time.Duration `json:"-"`
	// AllLines counts the stream's lines since it started, whatever the
	// window: an empty window of a stream that had lines is a quiet feed,
	// not one that has shown nothing yet.
	AllLines int64 `json:"-"`
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

// Spike is a detected rate spike: a run of seconds in which a per-second
// rate (events, failures, denials or bytes) exceeded its learned baseline
// by the configured factor and floor.
type Spike struct {
	// Kind is "load", "errors", "denials" or "bytes".
	Kind  string    `json:"kind"`
	Start time.Time `json:"start"`
	// End is zero while the spike is active.
	End    time.Time `json:"end,omitzero"`
	Active bool      `json:"active"`
	// Peak is the highest per-second rate inside the spike, Baseline the
	// rate learned before it, Ratio = Peak / Baseline.
	Peak     float64 `json:"peak"`
	Baseline float64 `json:"baseline"`
	Ratio    float64 `json:"ratio"`
	// Attribution lists, per dimension, the keys whose share grew most
	// inside the spike compared with the window before it.
	Attribution Attribution `json:"attribution"`
	// Summary is one line for people: "x14 load, 83% from 203.0.113.9 on /login, 401".
	Summary string `json:"summary"`
}

// Attribution explains a spike per dimension.
type Attribution struct {
	Actor  []Share `json:"actor"`
	Target []Share `json:"target"`
	Status []Share `json:"status"`
}

// Share is one key's part of the events inside a spike (Share, 0..1) and in
// the window before it (Before, 0..1); Count is its events inside the spike.
type Share struct {
	Key    string  `json:"key"`
	Count  int64   `json:"count"`
	Share  float64 `json:"share"`
	Before float64 `json:"before"`
}

// Alert is one alert rule's state.
type Alert struct {
	// Rule is the rule as written ("denied >= 1 per 1m").
	Rule   string `json:"rule"`
	Firing bool   `json:"firing"`
	// Value is the rule's measured value at the last evaluation, Threshold
	// what it is compared with.
	Value     float64 `json:"value"`
	Threshold float64 `json:"threshold"`
	// Key is the key that fired for per-key rules (actor:* ...).
	Key string `json:"key,omitempty"`
	// Since is when the current (or last) firing started; Cleared when it
	// ended (zero while firing).
	Since   time.Time `json:"since,omitzero"`
	Cleared time.Time `json:"cleared,omitzero"`
	// Fired counts how many times the rule started firing.
	Fired int64 `json:"fired"`
}

// DeniedView is the AccessDenied pane's data: authorization failures
// (Denied events) per minute and by principal, action and source IP, with
// the latest denied lines.
type DeniedView struct {
	PerMinute   []MinuteCount `json:"per_minute"`
	ByPrincipal []KeyCount    `json:"by_principal"`
	ByAction    []KeyCount    `json:"by_action"`
	BySourceIP  []KeyCount    `json:"by_source_ip"`
	Latest      []TailLine    `json:"-"`
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
	// Actor, Target and Denied are set for lines from the event ring
	// (drill-down, denied list); empty in the plain tail.
	Actor  string `json:"-"`
	Target string `json:"-"`
	Denied bool   `json:"-"`
}

// Dim names an event dimension for drill-down filters.
type Dim string

const (
	DimActor  Dim = "actor"
	DimTarget Dim = "target"
	DimStatus Dim = "status"
	// DimClass matches a status class ("5xx") or the status itself.
	DimClass Dim = "class"
	// DimDenied, DimFailure and DimUnauthorized match flagged events
	// (Value ignored).
	DimDenied       Dim = "denied"
	DimFailure      Dim = "failure"
	DimUnauthorized Dim = "unauthorized"
	// DimText matches the raw line, case-insensitive.
	DimText Dim = "text"
)

// Filter is one drill-down condition; a Query's filters all must hold.
type Filter struct {
	Dim   Dim
	Value string
}

// Query selects the raw lines behind a number: filters that stack (actor =
// X and status class = 5xx), optionally within [From, To] of arrival.
type Query struct {
	Stream  string
	Filters []Filter
	From    time.Time
	To      time.Time
	// After returns only lines with Seq > After (new arrivals since the
	// last call); Limit bounds the lines returned (most recent kept).
	After uint64
	Limit int
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
