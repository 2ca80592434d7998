package parse

import (
	"bytes"
	"strconv"
	"time"
)

// W3C extended log files, as IIS, HTTP.sys, IIS Advanced Logging, Oracle
// Web Cache and Incapsula write them:
//
//	#Software: Microsoft Internet Information Services 10.0
//	#Version: 1.0
//	#Date: 2018-01-01 08:09:10
//	#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken
//	2018-01-01 08:09:10 127.0.0.1 GET / q=100 80 - 81.2.69.143 Mozilla/5.0+(Windows+NT+6.1) - 200 0 0 123
//
// The columns are whatever the latest #Fields line of the origin says,
// which changes when an admin edits the logging settings and the server
// restarts; rows seen without a header are matched against the layouts IIS
// writes by default (w3c_layouts.go). Events: actor the client address
// (c-ip, or the client an X-Forwarded-For field names), target the path
// (cs-uri-stem), status sc-status, bytes sc-bytes.

var w3cLabels = Labels{Actor: "clients", Target: "paths", Status: "statuses"}

func init() {
	Register(&Format{
		Name:       "iis",
		Labels:     w3cLabels,
		New:        func(Options) (Parser, error) { return &w3cParser{}, nil },
		Detectable: true,
		Priority:   30,
	})
}

// w3cParser parses one origin's W3C log: its header state and the scratch
// space of the line at hand.
type w3cParser struct {
	schema *w3cSchema // from the latest #Fields line; nil before one
	guess  *w3cSchema // the built-in layout that fitted the last headerless row
	family w3cFamily
	// From the current header block: the day of #Date, for rows with
	// only a time, and #GMT-Offset in seconds east of UTC.
	date    int64
	hasDate bool
	offset  int
	rows    bool // a row came after the latest directive

	days  dayCache
	bufs  unquoteBufs
	ev    Event
	cells [maxCells]fieldSpan
}

// Format implements Parser.
func (p *w3cParser) Format() string { return "iis" }

// Parse implements Parser. It allocates nothing on rows: the event points
// into the line, or into reused buffers for quoted values with escapes.
func (p *w3cParser) Parse(line []byte, emit func(*Event)) Result {
	line = trimLine(line)
	if len(line) == 0 {
		// Blank lines sit between the headers of some writers.
		if p.family == familyW3C {
			return Meta
		}
		return Unparsed
	}
	if line[0] == '#' {
		return p.directive(line)
	}
	if p.family == familyExchange {
		return Unparsed
	}
	n := splitW3C(line, p.cells[:])
	if n > maxCells || n < 2 {
		return Unparsed
	}
	s, extra := p.layoutFor(line, n)
	if s == nil {
		return Unparsed
	}
	ev := &p.ev
	ev.Reset()
	p.bufs.reset()
	cells := p.cells[:n]
	if !p.readTime(s, line, cells, extra, ev) {
		return Unparsed
	}
	if s.status >= 0 {
		st := p.bufs.value(line, s.at(cells, extra, s.status))
		if !isDash(st) && len(st) > 0 {
			if len(st) > 3 || !allDigits(st) {
				return Unparsed
			}
			ev.Status = st
			if len(st) == 3 {
				code, _ := decDigits(st)
				if code >= 100 {
					ev.Code = code
					ev.Failure = code >= 500 && code <= 599
					ev.Unauthorized = code == 401 || code == 403
				}
			}
		}
	}
	p.readActor(s, line, cells, extra, ev)
	if s.target >= 0 {
		t := dashNil(p.bufs.value(line, s.at(cells, extra, s.target)))
		if s.targetURI {
			if q := bytes.IndexByte(t, '?'); q >= 0 {
				t = t[:q]
			}
		}
		ev.Target = t
	}
	if s.bytes >= 0 {
		ev.Bytes = parseCount(s.at(cells, extra, s.bytes).of(line))
	}
	ev.Raw = line
	ev.Schema = s
	p.rows = true
	emit(ev)
	return Parsed
}

// layoutFor picks the schema for a row of n fields, and how many fields
// more than the schema it has (all of them belonging to its spill field).
func (p *w3cParser) layoutFor(line []byte, n int) (*w3cSchema, int) {
	s := p.schema
	if s == nil {
		return p.matchLayout(line, n), 0
	}
	nf := len(s.names)
	if n == nf {
		return s, 0
	}
	if n > nf && s.spill >= 0 {
		return s, n - nf
	}
	// The row does not fit its header (lnav's sample declares 6 fields
	// above rows of 17): a built-in layout may.
	if g := p.matchLayout(line, n); g != nil {
		return g, 0
	}
	if n > nf {
		return s, 0 // the declared fields, and extras the header forgot
	}
	return nil, 0
}

// readTime sets ev.Time from the date and time fields (or the header's
// date), in UTC unless the header says otherwise. It reports false when a
// date or time field holds something else.
func (p *w3cParser) readTime(s *w3cSchema, line []byte, cells []fieldSpan, extra int, ev *Event) bool {
	var days, secs, nanos int64
	switch {
	case s.date >= 0:
		d, ok := p.days.unixDays(p.bufs.value(line, s.at(cells, extra, s.date)))
		if !ok {
			return false
		}
		days = d
	case p.hasDate:
		days = p.date
	case s.time >= 0:
		// A time without a day: check it, but leave the event undated.
		_, _, rest, ok := clockOfDay(s.at(cells, extra, s.time).of(line))
		return ok && len(rest) == 0
	default:
		return true
	}
	if s.time >= 0 {
		var rest []byte
		var ok bool
		secs, nanos, rest, ok = clockOfDay(p.bufs.value(line, s.at(cells, extra, s.time)))
		if !ok || len(rest) > 0 {
			return false
		}
	}
	unix := days*86400 + secs
	switch {
	case s.local:
		// The server's wall clock; the zone is this machine's best guess.
		_, off := time.Unix(unix, 0).In(time.Local).Zone()
		_, off = time.Unix(unix-int64(off), 0).In(time.Local).Zone()
		unix -= int64(off)
	case p.offset != 0:
		unix -= int64(p.offset)
	}
	ev.Time = time.Unix(unix, nanos).UTC()
	return true
}

// readActor sets the actor: the client an X-Forwarded-For field names when
// there is one (c-ip is then the proxy, kept as SourceIP), else c-ip with
// any IPv6 zone ("::1%0") removed, else the client's name or user.
func (p *w3cParser) readActor(s *w3cSchema, line []byte, cells []fieldSpan, extra int, ev *Event) {
	if s.xff >= 0 {
		c := s.at(cells, extra, s.xff)
		if v := c.of(line); len(v) > 0 && !isDash(v) {
			ev.Actor = pickClient(line, span{int(c.lo), int(c.hi)}).of(line)
			if s.clientIP >= 0 {
				ev.SourceIP = stripZone(dashNil(p.bufs.value(line, s.at(cells, extra, s.clientIP))))
			}
			if len(ev.Actor) > 0 {
				return
			}
		}
	}
	for _, f := range [...]int{s.clientIP, s.clientDNS, s.user} {
		if f < 0 {
			continue
		}
		if v := dashNil(p.bufs.value(line, s.at(cells, extra, f))); len(v) > 0 {
			ev.Actor = stripZone(v)
			return
		}
	}
}

// stripZone removes the zone index of an IPv6 address ("fe80::1%3"): it
// names the server's interface, not the client.
func stripZone(b []byte) []byte {
	if i := bytes.IndexByte(b, '%'); i > 0 && bytes.IndexByte(b[:i], ':') >= 0 {
		return b[:i]
	}
	return b
}

// parseCount reads a non-negative decimal count; anything else is 0.
func parseCount(b []byte) int64 {
	if len(b) == 0 || len(b) > 18 {
		return 0
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int64(c-'0')
	}
	return n
}

// Fields implements Parser: the fields of the event's #Fields line (or
// built-in layout) under their W3C names, "-" as nil, quoted values
// unquoted; fields a row has beyond its header as extra1, extra2...
func (p *w3cParser) Fields(ev *Event, fn func(name string, value []byte)) {
	// The event's own schema: the one its line was read with. Events
	// of other parsers (an Auto that moved on) are not listed.
	s, ok := ev.Schema.(*w3cSchema)
	if ev.Schema == nil {
		s, ok = p.schema, p.schema != nil
	}
	if !ok {
		return
	}
	line := ev.Raw
	cells := make([]fieldSpan, maxCells)
	n := min(splitW3C(line, cells), maxCells)
	cells = cells[:n]
	nf := len(s.names)
	extra := 0
	if n > nf && s.spill >= 0 {
		extra = n - nf
	}
	for i, name := range s.names {
		if i >= n {
			fn(name, nil)
			continue
		}
		fn(name, dashNil(cellValue(line, s.at(cells, extra, i))))
	}
	if extra == 0 {
		for j := nf; j < n; j++ {
			fn("extra"+strconv.Itoa(j-nf+1), dashNil(cellValue(line, cells[j])))
		}
	}
}
