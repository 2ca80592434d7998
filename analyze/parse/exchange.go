package parse

import (
	"bytes"
	"strconv"
)

// Microsoft Exchange logs: comma-separated rows under W3C-style headers,
//
//	#Software: Microsoft Exchange Server
//	#Version: 15.01.2375.007
//	#Log-type: Message Tracking Log
//	#Date: 2022-09-19T15:02:29.339Z
//	#Fields: date-time,client-ip,client-hostname,...,sender-address,...
//	2022-09-19T15:02:29.450Z,fe80::1,HOST,,,"MDB:..., Mailbox:...",,STOREDRIVER,RECEIVE,...
//
// with fields quoted when they hold commas (and "" for a quote inside).
// Two formats share this parser:
//
//   - "exchange" is message tracking: actor the sender, targets every
//     recipient of the ';' list, status the event id (RECEIVE, SEND,
//     DELIVER, FAIL, DSN, DEFER, ...), bytes total-bytes;
//   - "exchange-protocol" is every other Exchange log (HttpProxy, EWS, SMTP
//     receive/send, agent, cmdlet, audit, ECP): actor the user or client,
//     target the method or action, status the error code or HTTP status
//     (exchange_schema.go says which column is which in each).
//
// The columns follow the origin's latest #Fields line, which Exchange
// rewrites after an update or restart; rows without a header are matched
// against the lists Exchange writes (exchange_layouts.go).

var (
	exchangeLabels         = Labels{Actor: "senders", Target: "recipients", Status: "events"}
	exchangeProtocolLabels = Labels{Actor: "users", Target: "actions", Status: "errors"}
)

func init() {
	Register(&Format{
		Name:       "exchange",
		Labels:     exchangeLabels,
		New:        func(Options) (Parser, error) { return &exchangeParser{tracking: true}, nil },
		Detectable: true,
		Priority:   32,
	})
	Register(&Format{
		Name:       "exchange-protocol",
		Labels:     exchangeProtocolLabels,
		New:        func(Options) (Parser, error) { return &exchangeParser{}, nil },
		Detectable: true,
		Priority:   31,
	})
}

// maxRecipients bounds the targets of one event; a message to more
// recipients is counted for the first ones.
const maxRecipients = 1024

// exchangeParser parses one origin's Exchange log.
type exchangeParser struct {
	// tracking: this is the "exchange" parser, reading message tracking
	// and leaving the other logs to "exchange-protocol", and the reverse.
	tracking bool
	family   w3cFamily
	logType  string      // the latest #Log-type
	schema   *exchSchema // the latest #Fields, whichever log it is
	guess    *exchSchema // the built-in list that fitted the last headerless row
	rows     bool        // a row came after the latest directive

	days  dayCache
	bufs  unquoteBufs
	ev    Event
	cells [maxCells]fieldSpan
}

// Format implements Parser.
func (p *exchangeParser) Format() string {
	if p.tracking {
		return "exchange"
	}
	return "exchange-protocol"
}

// mine reports whether rows under s are this parser's to read.
func (p *exchangeParser) mine(s *exchSchema) bool { return (s.kind == exchTracking) == p.tracking }

// Parse implements Parser. It allocates nothing on rows: the event points
// into the line, or into reused buffers for quoted values with escapes.
func (p *exchangeParser) Parse(line []byte, emit func(*Event)) Result {
	line = trimLine(line)
	if len(line) == 0 {
		if p.schema != nil && p.mine(p.schema) {
			return Meta
		}
		return Unparsed
	}
	if line[0] == '#' {
		return p.directive(line)
	}
	if p.family == familyW3C {
		return Unparsed
	}
	s := p.schema
	if s != nil {
		if !p.mine(s) {
			return Unparsed
		}
		// Only the leading columns the event needs are walked.
		if splitCSV(line, p.cells[:], s.need) < s.need {
			return Unparsed
		}
	} else if g := p.guess; g != nil && splitCSV(line, p.cells[:], g.need) >= g.need && exchangeFits(g, line, p.cells[:g.need]) {
		// Rows like the last: its columns that give a list away are
		// checked, the rest of the row is not walked.
		s = g
	} else {
		n := splitCSV(line, p.cells[:], 0)
		if n > maxCells {
			return Unparsed
		}
		if s = p.matchLayout(line, n); s == nil {
			return Unparsed
		}
	}
	ev := &p.ev
	ev.Reset()
	p.bufs.reset()
	if !p.fill(s, line, ev) {
		return Unparsed
	}
	ev.Raw = line
	ev.Schema = s
	p.rows = true
	emit(ev)
	return Parsed
}

// value returns column f of the row (nil when the list lacks it or the
// row left it empty), unquoted when needed.
func (p *exchangeParser) value(line []byte, f int) []byte {
	if f < 0 {
		return nil
	}
	v := p.bufs.value(line, p.cells[f])
	if len(v) == 0 {
		return nil
	}
	return v
}

// fill makes the event of a row under s. It reports false when the row's
// timestamp is not one.
func (p *exchangeParser) fill(s *exchSchema, line []byte, ev *Event) bool {
	if s.time >= 0 {
		t, ok := isoDateTime(&p.days, p.cells[s.time].of(line))
		if !ok {
			return false
		}
		ev.Time = t
	}
	ev.Actor = stripZone(p.value(line, s.actor))
	if ev.Actor == nil {
		ev.Actor = stripZone(p.value(line, s.actorAlt))
	}
	if s.kind == exchSMTP {
		ev.Actor = endpointHost(ev.Actor)
	}
	if t := p.value(line, s.target); s.targetList {
		p.recipients(t, ev)
	} else {
		ev.Target = t
	}
	ev.SourceIP = stripZone(p.value(line, s.sourceIP))
	ev.Bytes = parseCount(p.value(line, s.bytes))

	status := p.value(line, s.status)
	switch s.kind {
	case exchTracking:
		ev.Status = status
		ev.Failure = string(status) == "FAIL" || string(status) == "DSN"
	case exchHTTPProxy, exchEWS:
		httpStatus := p.value(line, s.code)
		if len(httpStatus) == 3 {
			if code, ok := decDigits(httpStatus); ok && code >= 100 {
				ev.Code = code
				ev.Failure = code >= 500
				ev.Unauthorized = code == 401 || code == 403
			}
		}
		ev.Status = httpStatus
		if errc := p.value(line, s.errc); errc != nil {
			ev.Status = errc
			ev.Failure = true
			ev.Denied = deniedError(errc)
		}
	case exchSMTP:
		p.smtpStatus(s, line, status, ev)
	case exchAgent:
		ev.Status = status
		ev.Failure = bytes.HasPrefix(status, []byte("Reject"))
	case exchCmdlet:
		ev.Status = status
		ev.Failure = status != nil && string(status) != "Success"
		ev.Denied = deniedError(p.value(line, s.errc))
	case exchAudit:
		ev.Status = status
		ev.Failure = bytes.EqualFold(status, []byte("False")) || bytes.EqualFold(status, []byte("Failed"))
	default:
		ev.Status = status
	}
	return true
}

// recipients sets the target and further targets from a ';' list.
func (p *exchangeParser) recipients(list []byte, ev *Event) {
	for len(list) > 0 {
		var r []byte
		if i := bytes.IndexByte(list, ';'); i >= 0 {
			r, list = list[:i], list[i+1:]
		} else {
			r, list = list, nil
		}
		if len(r) == 0 {
			continue
		}
		if ev.Target == nil {
			ev.Target = r
		} else if len(ev.MoreTargets) < maxRecipients-1 {
			ev.MoreTargets = append(ev.MoreTargets, r)
		} else {
			return
		}
	}
}

// deniedError reports an error code of the AccessDenied kind
// (ErrorAccessDenied, AccessDeniedException, UnauthorizedOperation).
func deniedError(e []byte) bool {
	return bytes.Contains(e, []byte("AccessDenied")) || bytes.HasSuffix(e, []byte("UnauthorizedOperation"))
}

// endpointHost drops the port of an endpoint: "203.0.113.5:25" and
// "[2001:db8::1]:25" become their addresses.
func endpointHost(b []byte) []byte {
	if len(b) > 0 && b[0] == '[' {
		if i := bytes.IndexByte(b, ']'); i > 0 {
			return b[1:i]
		}
		return b
	}
	if i := bytes.LastIndexByte(b, ':'); i > 0 && bytes.IndexByte(b[:i], ':') < 0 && allDigits(b[i+1:]) {
		return b[:i]
	}
	return b
}

// Fields implements Parser: every column of the event's #Fields list (or
// built-in list) under its name, unquoted, empty ones as nil; columns a
// row has beyond its list as extra1, extra2...
func (p *exchangeParser) Fields(ev *Event, fn func(name string, value []byte)) {
	// The event's own schema: the one its line was read with. Events
	// of other parsers (an Auto that moved on) are not listed.
	s, ok := ev.Schema.(*exchSchema)
	if ev.Schema == nil {
		s, ok = p.schema, p.schema != nil
	}
	if !ok {
		return
	}
	line := ev.Raw
	cells := make([]fieldSpan, maxCells)
	n := min(splitCSV(line, cells, 0), maxCells)
	val := func(c fieldSpan) []byte {
		if v := cellValue(line, c); len(v) > 0 {
			return v
		}
		return nil
	}
	for i, name := range s.names {
		if i >= n {
			fn(name, nil)
			continue
		}
		fn(name, val(cells[i]))
	}
	for j := len(s.names); j < n; j++ {
		fn("extra"+strconv.Itoa(j-len(s.names)+1), val(cells[j]))
	}
}
