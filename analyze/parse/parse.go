// Package parse owns format detection and every log parser. Parsers turn one
// line of bytes into zero or more Events without I/O and, for the built-in
// formats, without allocating per line: an Event's byte slices point into the
// line (or into the parser's own scratch space) and are valid only until the
// next call to Parse.
package parse

import (
	"fmt"
	"sort"
	"time"
)

// Result says what a parser made of one line.
type Result uint8

const (
	// Unparsed: the line is not of this format. The parser emitted nothing.
	Unparsed Result = iota
	// Parsed: the line produced zero or more events.
	Parsed
	// Meta: the line is a header or comment of the format (a W3C #Fields
	// line, a CSV header): understood, counted as parsed, no event.
	Meta
)

func (r Result) String() string {
	switch r {
	case Parsed:
		return "parsed"
	case Meta:
		return "meta"
	}
	return "unparsed"
}

// Event is one normalized log event. The dimensions match DESIGN.md: Actor is
// who (client IP, sender, principal, source address), Target what (path,
// recipient, API call, destination), Status the outcome as text.
//
// Slices point into the parsed line or parser scratch space and must be
// copied to be kept beyond the emit callback.
type Event struct {
	// Time is the event's own time; zero when the line has none.
	Time   time.Time
	Actor  []byte
	Target []byte
	// MoreTargets holds further targets when one event has several (the
	// recipients of one Exchange message). Usually empty.
	MoreTargets [][]byte
	Status      []byte
	// Code is the numeric status when the format has one (HTTP); 0 otherwise.
	Code int
	// Bytes is the response size or flow bytes; 0 when absent.
	Bytes int64
	// Failure marks a failed outcome (5xx, FAIL, REJECT, errorCode present).
	Failure bool
	// Denied marks an authorization failure of the AccessDenied kind
	// (CloudTrail AccessDenied*, *UnauthorizedOperation, and the same terms
	// in other formats' error fields).
	Denied bool
	// Unauthorized marks HTTP 401/403, counted apart from Denied.
	Unauthorized bool
	// SourceIP is the network source when the format has one apart from the
	// actor (CloudTrail sourceIPAddress); empty otherwise.
	SourceIP []byte
	// Raw is the text of this event: the line, or the record inside a
	// multi-event document.
	Raw []byte
	// Schema is parser-private state needed to list the original fields of
	// Raw later (the active W3C #Fields list). Nil for most formats.
	Schema any
}

// Reset clears ev for reuse, keeping the capacity of MoreTargets.
func (ev *Event) Reset() {
	mt := ev.MoreTargets[:0]
	*ev = Event{MoreTargets: mt}
}

// Parser parses lines of one format from one origin. Header-driven parsers
// keep per-origin state, so callers create one Parser per origin.
// A Parser is not safe for concurrent use.
type Parser interface {
	// Format is the name of the format (the registry name), or for the
	// auto-detecting parser the format detected so far ("" before any).
	Format() string
	// Parse reads one line (no trailing newline) and calls emit for each
	// event it yields. A parser returning Unparsed has emitted nothing.
	Parse(line []byte, emit func(*Event)) Result
	// Fields lists the original named fields of an event this parser
	// produced, in their order. A nil value means the field was absent or
	// "-" (printed as JSON null). Not on the hot path: it may allocate.
	Fields(ev *Event, fn func(name string, value []byte))
}

// Options tune parsers that need to be told where things are.
type Options struct {
	// For JSON lines: dotted paths of the fields to aggregate.
	ActorField, TargetField, StatusField, TimeField string
	// For custom formats: a regular expression with named groups, or with
	// positional groups named by FieldNames.
	Regex      string
	FieldNames []string
	// For VPC flow logs without a header line: the field list.
	VPCFields []string
}

// Format describes one registered format.
type Format struct {
	Name string
	// Title names the dimensions in the format's own words, for panes.
	Labels Labels
	// New makes a parser for one origin.
	New func(Options) (Parser, error)
	// Detectable formats take part in auto-detection; formats that need
	// options (custom regex) do not.
	Detectable bool
	// Priority orders detection ties: higher wins.
	Priority int
}

// Labels name the event dimensions the way a format's users speak of them.
type Labels struct {
	Actor, Target, Status string
}

var registry = map[string]*Format{}

// Register adds a format. It is called from init functions of this package.
func Register(f *Format) {
	if _, dup := registry[f.Name]; dup {
		panic("parse: format registered twice: " + f.Name)
	}
	registry[f.Name] = f
}

// Lookup returns the registered format of that name.
func Lookup(name string) (*Format, bool) {
	f, ok := registry[name]
	return f, ok
}

// Formats lists the registered formats by name.
func Formats() []*Format {
	out := make([]*Format, 0, len(registry))
	for _, f := range registry {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// New makes a parser for the named format, or the auto-detecting parser for
// "" or "auto".
func New(name string, opts Options) (Parser, error) {
	if name == "" || name == "auto" {
		return NewAuto(opts), nil
	}
	f, ok := registry[name]
	if !ok {
		return nil, fmt.Errorf("unknown format %q (known: %s)", name, knownNames())
	}
	return f.New(opts)
}

func knownNames() string {
	s := ""
	for i, f := range Formats() {
		if i > 0 {
			s += ", "
		}
		s += f.Name
	}
	return s
}

// LabelsFor returns the dimension labels of a format, with generic fallbacks.
func LabelsFor(format string) Labels {
	if f, ok := registry[format]; ok && f.Labels.Actor != "" {
		return f.Labels
	}
	return Labels{Actor: "actors", Target: "targets", Status: "statuses"}
}
