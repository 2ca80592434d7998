// Package synth owns synthetic logs: realistic lines of a known format,
// deterministic for a seed, for `tailtop gen` (benchmarks, demos) and for
// the live `demo://FORMAT` feed that `tailtop demo` opens.
//
// Traffic is modelled rather than random: a Zipf-like population of clients
// (a few heavy hitters, a long tail, IPv6 and reverse-DNS names among them),
// a site whose URLs have Zipf-like popularity, statuses mostly 200 and 304,
// log-normal response sizes, referers and user agents from small realistic
// sets. The live feed adds what makes panes move: a slow swell of traffic,
// incidents (a credential-stuffing flood of 401s from one address, an
// upstream outage of 5xx, a vulnerability scan of 404s) and a rare
// malformed line for the unparsed view.
package synth

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// maker writes the lines of one format.
type maker interface {
	// normal appends one line of ordinary traffic stamped t. During an
	// incident (in != nil) ordinary traffic may be affected by it.
	normal(dst []byte, t time.Time, in *incident) []byte
	// incident appends one line of the incident's own extra traffic.
	incident(dst []byte, t time.Time, in *incident) []byte
	// prepare picks the format-specific parts of an incident: who, what.
	prepare(in *incident, r *rng)
}

// formats are the known formats and how to make their lines.
var formats = map[string]func(seed int64, loc *time.Location) maker{
	"combined": func(seed int64, loc *time.Location) maker { return newAccess(true, seed, loc) },
	"common":   func(seed int64, loc *time.Location) maker { return newAccess(false, seed, loc) },
}

// Formats lists the formats synth can write, sorted.
func Formats() []string {
	names := make([]string, 0, len(formats))
	for n := range formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Generator writes realistic synthetic lines of one format. The same
// format, seed, start and sequence of calls give the same bytes.
// A Generator is not safe for concurrent use.
type Generator struct {
	format    string
	start     time.Time
	m         maker
	r         *rng // malformed-line decisions, apart from the traffic model
	malformed int
	junk      stamp
}

// NewGenerator returns a generator of lines of format. Timestamps are
// written in start's time zone.
func NewGenerator(format string, seed int64, start time.Time) (*Generator, error) {
	mk, ok := formats[format]
	if !ok {
		return nil, fmt.Errorf("synth: unknown format %q (known: %s)", format, strings.Join(Formats(), ", "))
	}
	loc := start.Location()
	return &Generator{
		format: format,
		start:  start,
		m:      mk(seed, loc),
		r:      newRNG(seed, 3),
		junk:   stamp{layout: "2006/01/02 15:04:05", loc: loc},
	}, nil
}

// Format is the generator's format name.
func (g *Generator) Format() string { return g.format }

// SetMalformed makes about one line in oneIn a malformed line that no
// parser of the format accepts (a cut line, an error log line, binary junk,
// raw escape sequences). 0, the default, turns malformed lines off: every
// line then parses.
func (g *Generator) SetMalformed(oneIn int) { g.malformed = max(oneIn, 0) }

// Append appends one line, with its trailing '\n', stamped at time t. It
// allocates nothing beyond the growth of dst.
func (g *Generator) Append(dst []byte, t time.Time) []byte {
	return g.appendNormal(dst, t, nil)
}

// appendNormal appends a line of ordinary traffic, affected by incident in
// when not nil, or now and then a malformed line.
func (g *Generator) appendNormal(dst []byte, t time.Time, in *incident) []byte {
	if g.malformed > 0 && g.r.intn(g.malformed) == 0 {
		return g.appendMalformed(dst, t, in)
	}
	return g.m.normal(dst, t, in)
}

// appendIncident appends a line of the incident's own traffic, or now and
// then a malformed line.
func (g *Generator) appendIncident(dst []byte, t time.Time, in *incident) []byte {
	if g.malformed > 0 && g.r.intn(g.malformed) == 0 {
		return g.appendMalformed(dst, t, in)
	}
	return g.m.incident(dst, t, in)
}
