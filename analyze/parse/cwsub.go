package parse

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"io"
	"time"
)

// CloudWatch Logs subscription payloads that arrive as lines: a file of
// decoded payloads, a stream that carries them as text, the Lambda event
// that wraps a compressed one:
//
//	{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/aws/x",
//	 "logStream":"s","subscriptionFilters":["f"],
//	 "logEvents":[{"id":"…","timestamp":1719922604969,"message":"…"}]}
//	{"awslogs":{"data":"H4sIAAAA…"}}   (base64 of the gzip of the above)
//
// one line or pretty-printed. Each log event is one event: its message is
// parsed by an auto-detecting parser kept per log group (a CloudTrail event,
// a VPC flow record, a JSON line...), and a message no format understands
// is still an event, its actor the log group and its target the log
// stream, so that nothing in the payload goes uncounted; a message its
// format reads as Meta (a VPC NODATA record) counts nothing. CONTROL_MESSAGE
// payloads are Meta. A message that is not a string (a malformed payload)
// makes its line Unparsed. Lines of a payload spread over many lines are
// counted as CloudTrail documents are (see cloudtrail.go): Meta while the
// payload is read, Parsed on a line that completes log events. The Kinesis
// feed unwraps payloads itself (feed/envelope); this format is for when
// they reach a parser whole.
type cwSub struct {
	opts Options
	doc  jsonDoc
	// nested reads the payload inflated from an awslogs wrapper.
	nested    jsonDoc
	inflating bool
	scan      jsonScan

	control       bool
	group, stream []byte // of the payload being read, unescaped

	// inner parsers, per log group, bounded.
	inner map[string]*Auto
	cur   *Auto

	// The log event being read, for Fields; msgBuf holds an unescaped
	// message (msg may instead point into the line).
	id, ts, msg []byte
	msgBuf      []byte
	at          time.Time

	outer     func(*Event) // the emit of the line being read
	innerEmit func(*Event) // p.onInner, made once
	ev        Event        // the event of a message no format understood

	zr     *gzip.Reader
	b64    []byte
	plain  []byte
	limitR io.LimitedReader
}

// cwsubMaxGroups bounds the log groups with a parser of their own; past
// it, the parsers start afresh.
const cwsubMaxGroups = 64

// cwsubInflatedLimit caps what an awslogs wrapper inflates to (a
// subscription payload is at most 1 MB compressed).
const cwsubInflatedLimit = 16 << 20

func init() {
	Register(&Format{
		Name:       "cwsub",
		Labels:     Labels{Actor: "actors", Target: "targets", Status: "statuses"},
		New:        func(o Options) (Parser, error) { return newCWSub(o), nil },
		Detectable: true,
		Priority:   55,
	})
}

func newCWSub(opts Options) *cwSub {
	p := &cwSub{
		opts:   opts,
		doc:    jsonDoc{streamKey: "logEvents", restart: []string{`{"messageType"`, `{"awslogs"`}, limit: trailDocLimit},
		nested: jsonDoc{streamKey: "logEvents", limit: cwsubInflatedLimit},
		inner:  map[string]*Auto{},
	}
	p.innerEmit = p.onInner
	return p
}

// Format implements Parser.
func (p *cwSub) Format() string { return "cwsub" }

// Parse implements Parser.
func (p *cwSub) Parse(line []byte, emit func(*Event)) Result {
	p.outer = emit
	if p.doc.open() {
		r, restart := p.doc.feed(line, p, emit)
		if !restart {
			return r
		}
	}
	t := trimLeftJSONSpace(line)
	if len(t) == 0 || t[0] != '{' {
		return Unparsed
	}
	p.startPayload()
	p.doc.begin()
	r, _ := p.doc.feed(line, p, emit)
	return cutShort(&p.doc, line, r)
}

// cutShort ends a document whose first line left it open without looking
// like the first line of a document written over many lines: a payload or
// a Records file cut short (at the feed's line limit, or by a writer that
// died). Nothing will complete it; what it held so far was read.
func cutShort(d *jsonDoc, line []byte, r Result) Result {
	if !d.open() || opensDocument(line) {
		return r
	}
	d.abandon()
	if r == Parsed {
		return Parsed
	}
	return Unparsed
}

func (p *cwSub) startPayload() {
	p.control = false
	p.group = p.group[:0]
	p.stream = p.stream[:0]
}

// docFirstKey implements docHandler.
func (p *cwSub) docFirstKey(key []byte) docMode {
	switch string(key) {
	case "messageType", "owner", "logGroup", "logStream", "subscriptionFilters", "logEvents":
		return docStream
	case "awslogs":
		return docWhole
	}
	return docIdle
}

// docTop implements docHandler: the payload's header members.
func (p *cwSub) docTop(key, raw []byte) {
	switch string(key) {
	case "messageType":
		p.control = string(raw) == "CONTROL_MESSAGE"
	case "logGroup":
		p.group = appendJSONUnescaped(p.group[:0], raw[:min(len(raw), maxLogName)])
	case "logStream":
		p.stream = appendJSONUnescaped(p.stream[:0], raw[:min(len(raw), maxLogName)])
	}
}

// maxLogName bounds a log group or stream name kept (CloudWatch allows 512).
const maxLogName = 512

// docElement implements docHandler: one log event.
func (p *cwSub) docElement(elem []byte, emit func(*Event)) Result {
	s := &p.scan
	s.reset(elem)
	if !s.object() {
		return Unparsed
	}
	p.id, p.ts, p.msg = nil, nil, nil
	var msgRaw []byte
	var msgEsc, haveMsg bool
	for first := true; ; first = false {
		key, ok := s.member(first)
		if !ok {
			break
		}
		switch string(key) {
		case "id":
			var j jstr
			ok = s.strField(&j)
			p.id = j.raw
		case "timestamp":
			if c := s.peek(); c == '-' || c >= '0' && c <= '9' {
				p.ts, ok = s.number()
			} else {
				ok = s.skip()
			}
		case "message":
			if s.peek() != '"' {
				return Unparsed // not a string: not a CloudWatch Logs event
			}
			msgRaw, msgEsc, ok = s.str()
			haveMsg = true
		default:
			ok = s.skip()
		}
		if !ok {
			return Unparsed
		}
	}
	if s.failed() || s.rest() || !haveMsg {
		return Unparsed
	}
	if p.control {
		return Meta
	}
	if msgEsc {
		p.msgBuf = appendJSONUnescaped(p.msgBuf[:0], msgRaw)
		p.msg = p.msgBuf
	} else {
		p.msg = msgRaw
	}
	p.msg = bytes.TrimRight(p.msg, "\r\n")
	p.at = time.Time{}
	if p.ts != nil {
		p.at, _ = epochTime(p.ts)
	}
	p.cur = p.innerFor(p.group)
	p.outer = emit
	switch p.cur.Parse(p.msg, p.innerEmit) {
	case Parsed:
		return Parsed
	case Meta:
		return Meta // understood, nothing to count (a VPC NODATA record)
	}
	// No format understood the message: it is still a log event.
	ev := &p.ev
	ev.Reset()
	ev.Time = p.at
	ev.Actor = p.group
	ev.Target = p.stream
	ev.Raw = p.msg
	emit(ev)
	return Parsed
}

// onInner passes on an event of the inner parser, with the log event's
// time when the message had none.
func (p *cwSub) onInner(ev *Event) {
	if ev.Time.IsZero() {
		ev.Time = p.at
	}
	p.outer(ev)
}

// innerFor returns the parser for the messages of a log group.
func (p *cwSub) innerFor(group []byte) *Auto {
	if a, ok := p.inner[string(group)]; ok {
		return a
	}
	if len(p.inner) >= cwsubMaxGroups {
		clear(p.inner)
	}
	a := newAutoExcept(p.opts, "cwsub")
	p.inner[string(group)] = a
	return a
}

// docWhole implements docHandler: the {"awslogs":{"data":"…"}} event a
// subscription hands a Lambda function, inflated and read as a payload.
func (p *cwSub) docWhole(doc []byte, emit func(*Event)) Result {
	if p.inflating {
		return Unparsed // a wrapper inside a wrapper
	}
	data, ok := awslogsData(&p.scan, doc)
	if !ok {
		return Unparsed
	}
	plain, ok := p.inflate(data)
	if !ok {
		return Unparsed
	}
	p.inflating = true
	defer func() { p.inflating = false }()
	saveGroup, saveStream, saveControl := p.group, p.stream, p.control
	p.group, p.stream, p.control = nil, nil, false
	p.nested.begin()
	r, _ := p.nested.feed(plain, p, emit)
	if p.nested.open() {
		p.nested.abandon()
		r = Unparsed
	}
	p.group, p.stream, p.control = saveGroup, saveStream, saveControl
	return r
}

// awslogsData finds awslogs.data in doc.
func awslogsData(s *jsonScan, doc []byte) ([]byte, bool) {
	s.reset(doc)
	if !s.object() {
		return nil, false
	}
	var data []byte
	for first := true; ; first = false {
		key, ok := s.member(first)
		if !ok {
			break
		}
		if string(key) != "awslogs" || s.peek() != '{' {
			if !s.skip() {
				return nil, false
			}
			continue
		}
		s.open()
		for f2 := true; ; f2 = false {
			k2, ok := s.member(f2)
			if !ok {
				break
			}
			var j jstr
			if string(k2) == "data" {
				ok = s.strField(&j)
				if j.esc {
					return nil, false // base64 has nothing to escape
				}
				data = j.raw
			} else {
				ok = s.skip()
			}
			if !ok {
				return nil, false
			}
		}
	}
	if s.failed() || s.rest() || data == nil {
		return nil, false
	}
	return data, true
}

// inflate decodes base64 and gunzips, bounded.
func (p *cwSub) inflate(data []byte) ([]byte, bool) {
	n := base64.StdEncoding.DecodedLen(len(data))
	if cap(p.b64) < n {
		p.b64 = make([]byte, n)
	}
	n, err := base64.StdEncoding.Decode(p.b64[:n], data)
	if err != nil {
		return nil, false
	}
	src := bytes.NewReader(p.b64[:n])
	if p.zr == nil {
		if p.zr, err = gzip.NewReader(src); err != nil {
			p.zr = nil
			return nil, false
		}
	} else if err = p.zr.Reset(src); err != nil {
		return nil, false
	}
	p.limitR = io.LimitedReader{R: p.zr, N: cwsubInflatedLimit + 1}
	buf := bytes.NewBuffer(p.plain[:0])
	if _, err = buf.ReadFrom(&p.limitR); err != nil || buf.Len() > cwsubInflatedLimit {
		return nil, false
	}
	p.plain = buf.Bytes()
	return p.plain, true
}

// Fields implements Parser: the log event's place (logGroup, logStream, id,
// timestamp), then the message's own fields when a format understood it, or
// the message.
func (p *cwSub) Fields(ev *Event, fn func(name string, value []byte)) {
	fn("logGroup", cwsubNil(p.group))
	fn("logStream", cwsubNil(p.stream))
	fn("id", p.id)
	fn("timestamp", p.ts)
	if ev == &p.ev || p.cur == nil {
		fn("message", ev.Raw)
		return
	}
	p.cur.Fields(ev, fn)
}

func cwsubNil(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}
