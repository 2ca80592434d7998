package parse

import (
	"bytes"
	"strconv"
)

// Web access logs in the Common Log Format and its Combined extension, as
// Apache httpd and nginx write them:
//
//	common:   host ident authuser [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326
//	combined: ... 200 2326 "http://referer/" "Mozilla/4.08"
//
// Both formats share one scanner (access_scan.go). "common" accepts any
// trailing fields (a request time, a forwarded-for header, even a referer
// and agent), so it reads every access line; "combined" wants the referer
// and agent, and only once it has seen them in an origin does it also take
// the lines that lack them (a mixed file, a 408 logged without headers).
// With combined ranked first, auto-detection names a combined file
// "combined" and a pure CLF file "common".

var accessLabels = Labels{Actor: "clients", Target: "paths", Status: "statuses"}

func init() {
	Register(&Format{
		Name:       "combined",
		Labels:     accessLabels,
		New:        func(Options) (Parser, error) { return newAccessParser("combined", true), nil },
		Detectable: true,
		Priority:   20,
	})
	Register(&Format{
		Name:       "common",
		Labels:     accessLabels,
		New:        func(Options) (Parser, error) { return newAccessParser("common", false), nil },
		Detectable: true,
		Priority:   10,
	})
}

// accessParser parses one origin's access log lines.
type accessParser struct {
	name string
	// wantCombined makes this the "combined" parser: it rejects lines
	// without referer and agent until it has parsed one with them.
	wantCombined bool
	seenCombined bool
	line         accessLine
	clock        clfClock
	ev           Event
}

func newAccessParser(name string, combined bool) *accessParser {
	return &accessParser{name: name, wantCombined: combined}
}

// Format implements Parser.
func (p *accessParser) Format() string { return p.name }

// Parse implements Parser. It allocates nothing: the event points into line.
func (p *accessParser) Parse(line []byte, emit func(*Event)) Result {
	a := &p.line
	// Referer and agent matter only to a combined parser that has not
	// seen them yet: past that, nothing here depends on them.
	check := p.wantCombined && !p.seenCombined
	if !scanAccessTo(line, a, check) {
		return Unparsed
	}
	if check && !a.combined() {
		return Unparsed
	}
	t, ok := p.clock.parse(a.datetime.of(line))
	if !ok {
		return Unparsed
	}
	if check {
		p.seenCombined = true
	}
	ev := &p.ev
	ev.Reset()
	ev.Time = t
	ev.Actor = a.actor.of(line)
	ev.Target = a.path.of(line)
	if a.status.present() && line[a.status.lo] != '-' {
		// "000" and the like are shown as written but are no HTTP code.
		ev.Status = a.status.of(line)
		if a.code >= 100 {
			ev.Code = a.code
		}
		ev.Failure = a.code >= 500 && a.code <= 599
		ev.Unauthorized = a.code == 401 || a.code == 403
	}
	ev.Bytes = a.size
	ev.Raw = line
	emit(ev)
	return Parsed
}

// Fields implements Parser with the field names of the Kinesis Agent's
// LOGTOJSON (host, ident, authuser, datetime, request, response, bytes,
// referer, agent), a leading vhost when there is one, and extra1, extra2...
// for trailing fields. "-" is reported as nil. host is the client field as
// written, the whole forwarded-for list when there is one.
func (p *accessParser) Fields(ev *Event, fn func(name string, value []byte)) {
	var a accessLine
	line := ev.Raw
	if !scanAccess(line, &a) {
		return
	}
	if a.vhost.present() {
		fn("vhost", dashNil(a.vhost.of(line)))
	}
	fn("host", dashNil(a.clients.of(line)))
	fn("ident", dashNil(a.ident.of(line)))
	fn("authuser", dashNil(a.authuser.of(line)))
	fn("datetime", a.datetime.of(line))
	fn("request", unescapeQuoted(a.request.of(line)))
	fn("response", dashNil(a.status.of(line)))
	fn("bytes", dashNil(a.bytes.of(line)))
	if a.combined() || p.wantCombined {
		fn("referer", dashNil(unescapeQuoted(a.referer.of(line))))
		fn("agent", dashNil(unescapeQuoted(a.agent.of(line))))
	}
	extras(line[:a.end], a.tail, fn)
}

// maxExtraFields bounds how many trailing fields are named one by one; the
// rest of the line goes into the last.
const maxExtraFields = 32

// extras lists the fields after bytes (or after agent): bare tokens or
// quoted strings, named extra1, extra2...
func extras(line []byte, i int, fn func(string, []byte)) {
	for n := 1; i < len(line); n++ {
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if i == len(line) {
			return
		}
		var v []byte
		switch {
		case n == maxExtraFields:
			v, i = line[i:], len(line)
		case line[i] == '"':
			q := closeQuote(line, i+1)
			if q < 0 { // unterminated: the rest of the line
				v, i = line[i+1:], len(line)
			} else {
				v, i = unescapeQuoted(line[i+1:q]), q+1
			}
		default:
			e := tokenEnd(line, i)
			v, i = line[i:e], e
		}
		fn("extra"+strconv.Itoa(n), dashNil(v))
	}
}

func dashNil(b []byte) []byte {
	if len(b) == 1 && b[0] == '-' {
		return nil
	}
	return b
}

// unescapeQuoted undoes the escaping Apache applies inside quoted fields
// (\" and \\). Other escapes (\xhh) stay as written: they stand for bytes
// that were not text.
func unescapeQuoted(b []byte) []byte {
	if bytes.IndexByte(b, '\\') < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+1 < len(b) && (b[i+1] == '"' || b[i+1] == '\\') {
			i++
		}
		out = append(out, b[i])
	}
	return out
}
