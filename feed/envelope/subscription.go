package envelope

import (
	"bytes"
	"strconv"
	"time"
)

// maxNamePart bounds the log group and log stream kept in an origin
// (CloudWatch Logs allows 512 characters for each).
const maxNamePart = 512

var (
	keyMessageType = []byte("messageType")
	keyLogGroup    = []byte("logGroup")
	keyLogStream   = []byte("logStream")
	keyLogEvents   = []byte("logEvents")
	keyTimestamp   = []byte("timestamp")
	keyMessage     = []byte("message")
	controlMessage = []byte("CONTROL_MESSAGE")
	dataMessage    = []byte("DATA_MESSAGE")
)

// looksLikeEnvelope is the cheap test run on every payload before trying
// the envelope parser: a JSON object naming both envelope keys.
func looksLikeEnvelope(p []byte) bool {
	s := scanner{b: p}
	return s.next() == '{' &&
		bytes.Contains(p, []byte(`"logEvents"`)) && bytes.Contains(p, []byte(`"messageType"`))
}

// subscription expands a CloudWatch Logs subscription envelope:
//
//	{"messageType":"DATA_MESSAGE","owner":"123456789012",
//	 "logGroup":"/aws/x","logStream":"s","subscriptionFilters":["f"],
//	 "logEvents":[{"id":"…","timestamp":1719922604969,"message":"…"}]}
//
// into one line per log event. handled is false when p is not an envelope
// after all (a JSON log line that mentions the keys): it is then text.
// An error means p claimed to be an envelope (a top-level messageType of
// DATA_MESSAGE or CONTROL_MESSAGE) but was malformed; nothing was emitted
// and it falls back to text.
func (d *Decoder) subscription(p []byte) (handled bool, err error) {
	s := scanner{b: p}
	var (
		msgType, group, stream []byte
		haveEvents             bool
		sawType                bool
	)
	bad := func(what string) (bool, error) {
		if sawType {
			return false, failf(ErrBadEnvelope, "%s at byte %d", what, s.i)
		}
		return false, nil
	}
	if !s.eat('{') {
		return false, nil
	}
	if !s.eat('}') {
		for {
			key, _, ok := s.str()
			if !ok || !s.eat(':') {
				return bad("bad key")
			}
			switch {
			case bytes.Equal(key, keyMessageType):
				raw, esc, ok := s.str()
				if !ok {
					return bad("messageType is not a string")
				}
				msgType = d.headerString(&d.scratch, raw, esc)
				sawType = bytes.Equal(msgType, dataMessage) || bytes.Equal(msgType, controlMessage)
			case bytes.Equal(key, keyLogGroup):
				raw, esc, ok := s.str()
				if !ok {
					return bad("logGroup is not a string")
				}
				group = d.headerString(&d.scratch2, raw, esc)
			case bytes.Equal(key, keyLogStream):
				raw, esc, ok := s.str()
				if !ok {
					return bad("logStream is not a string")
				}
				stream = d.headerString(&d.scratch3, raw, esc)
			case bytes.Equal(key, keyLogEvents):
				if s.next() != '[' {
					return bad("logEvents is not an array")
				}
				if !d.scanEvents(&s) {
					return bad("bad logEvents")
				}
				haveEvents = true
			default:
				if !s.skip(1) {
					return bad("bad value")
				}
			}
			if s.eat('}') {
				break
			}
			if !s.eat(',') {
				return bad("expected , or }")
			}
		}
	}
	if s.next() != 0 {
		// More after the object: JSON lines that happen to name the
		// keys, not an envelope (CloudWatch Logs puts one per record).
		return false, nil
	}
	if !sawType {
		return false, nil
	}
	if bytes.Equal(msgType, controlMessage) {
		d.Stats.Control++
		return true, nil
	}
	if !haveEvents {
		return bad("no logEvents")
	}
	d.Stats.Subscriptions++
	d.emitEvents(p, d.origin.get(group, stream))
	return true, nil
}

// headerString returns a short envelope string, unescaped into buf when it
// holds escapes, and cut at maxNamePart.
func (d *Decoder) headerString(buf *[]byte, raw []byte, esc bool) []byte {
	if !esc {
		return raw[:min(len(raw), maxNamePart)]
	}
	*buf, _ = unescape((*buf)[:0], raw, maxNamePart)
	return (*buf)[:min(len(*buf), maxNamePart)]
}

// Kinds of log event message.
const (
	msgNone    = iota // no message key: an empty line
	msgPlain          // a string without escapes: its raw bytes
	msgEscaped        // a string with escapes
	msgJSON           // not a string: compacted JSON text
	notObject         // the element is not an object: skipped, counted
)

// logEvent is one element of logEvents as the scan found it: spans into
// the payload, decoded only when emitted.
type logEvent struct {
	start, end int // the message: string contents, or JSON value text
	kind       uint8
	ms         []byte // the timestamp's digits, or nil
}

// scanEvents reads the logEvents array at the cursor in one pass,
// checking its syntax and noting each event's parts in d.events, so that
// nothing is emitted until the whole envelope is known to be sound.
func (d *Decoder) scanEvents(s *scanner) bool {
	d.events = d.events[:0] // a repeated key: the last one counts
	s.eat('[')
	if s.eat(']') {
		return true
	}
	for {
		ev := logEvent{}
		if s.next() != '{' {
			ev.kind = notObject
			if !s.skip(1) {
				return false
			}
		} else if !scanEvent(s, &ev) {
			return false
		}
		d.events = append(d.events, ev)
		if s.eat(']') {
			return true
		}
		if !s.eat(',') {
			return false
		}
	}
}

// scanEvent reads one {"id":…,"timestamp":…,"message":…}.
func scanEvent(s *scanner, ev *logEvent) bool {
	s.eat('{')
	if s.eat('}') {
		return true
	}
	for {
		key, _, ok := s.str()
		if !ok || !s.eat(':') {
			return false
		}
		switch {
		case bytes.Equal(key, keyTimestamp):
			ev.ms = nil
			switch s.next() {
			case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
				num, ok := s.number()
				if !ok {
					return false
				}
				ev.ms = num
			default:
				if !s.skip(1) {
					return false
				}
			}
		case bytes.Equal(key, keyMessage):
			if s.next() == '"' {
				raw, esc, ok := s.str()
				if !ok {
					return false
				}
				ev.start = s.i - 1 - len(raw)
				ev.end = s.i - 1
				ev.kind = msgPlain
				if esc {
					ev.kind = msgEscaped
				}
			} else {
				ev.start = s.i
				if !s.skip(1) {
					return false
				}
				ev.end = s.i
				ev.kind = msgJSON
			}
		default:
			if !s.skip(1) {
				return false
			}
		}
		if s.eat('}') {
			return true
		}
		if !s.eat(',') {
			return false
		}
	}
}

// emitEvents emits the scanned events of payload p, one line each: a
// multi-line message (a stack trace) stays one event, less its trailing
// newline.
func (d *Decoder) emitEvents(p []byte, origin string) {
	// Room for a trailing "\r\n" beyond maxLine, so that a message that
	// fits once its newline is trimmed is not marked truncated.
	limit := d.maxLine + 2
	for _, ev := range d.events {
		var line []byte
		truncated := false
		switch ev.kind {
		case notObject:
			d.Stats.BadEnvelopes++
			d.fail(failf(ErrBadEnvelope, "a log event is not an object"))
			continue
		case msgPlain:
			line = p[ev.start:ev.end]
		case msgEscaped:
			d.msg, truncated = unescape(d.msg[:0], p[ev.start:ev.end], limit)
			line = d.msg
		case msgJSON:
			d.msg, truncated = compact(d.msg[:0], p[ev.start:ev.end], limit)
			line = d.msg
		}
		if !truncated {
			// The trailing newline is the end of the message, not a line.
			for n := len(line); n > 0 && (line[n-1] == '\n' || line[n-1] == '\r'); n-- {
				line = line[:n-1]
			}
		}
		var t time.Time
		if ev.ms != nil {
			t = eventTime(ev.ms)
		}
		d.emit(line, origin, t, truncated)
	}
	if cap(d.events) > 1<<16 {
		d.events = nil
	}
}

// eventTime reads a CloudWatch Logs timestamp: milliseconds since the
// epoch. Some producers send seconds; a value below 1e11 (which in
// milliseconds would be 1973) is taken as seconds. Zero, negative or
// absurd values give the zero time: the caller uses the record's.
func eventTime(num []byte) time.Time {
	v, ok := parseDigits(num)
	if !ok {
		f, ferr := strconv.ParseFloat(string(num), 64)
		if ferr != nil || f != f || f < 0 || f > 1e15 {
			return time.Time{}
		}
		v = int64(f)
	}
	switch {
	case v <= 0 || v > 1e14:
		return time.Time{}
	case v < 1e11:
		return time.Unix(v, 0)
	default:
		return time.UnixMilli(v)
	}
}

// parseDigits reads a plain non-negative integer of at most 18 digits, the
// only form CloudWatch Logs sends, without converting to a string.
func parseDigits(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, true
}

// originCache keeps the last "logGroup/logStream" string, so a run of
// envelopes from one log stream allocates it once.
type originCache struct {
	group, stream []byte
	origin        string
}

func (c *originCache) get(group, stream []byte) string {
	if len(group) == 0 && len(stream) == 0 {
		return ""
	}
	if c.origin != "" && bytes.Equal(group, c.group) && bytes.Equal(stream, c.stream) {
		return c.origin
	}
	c.group = append(c.group[:0], group...)
	c.stream = append(c.stream[:0], stream...)
	c.origin = string(group) + "/" + string(stream)
	return c.origin
}
