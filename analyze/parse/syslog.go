package parse

import (
	"strconv"
	"time"
)

// Syslog lines, RFC 5424 and RFC 3164 (the BSD format most files hold),
// with or without <PRI>. The message is parsed further when it wraps
// another known format (an access log, JSON, CloudTrail sent through a
// syslog relay): the wrapped format's events come out, with the syslog
// host as actor when the message has none and the syslog time when it has
// no time of its own, and Raw the whole line. Wrapped formats are detected
// per program (tag), since one program writes one format: a program whose
// first 64 messages are not a known format is not asked again.
//
// Other messages are events of their own: actor the host, target the
// program, status the severity name when there is a <PRI> (failures from
// err up: err, crit, alert, emerg). "--- last message repeated N times ---"
// is Meta.
//
// An RFC 3164 stamp has no year: the year is the one that puts the stamp
// closest to now without going more than a day into the future. Stamps are
// read in the local time zone, as syslogd writes them.
type syslogParser struct {
	opts  Options
	line  syslogLine
	ev    Event
	clock syslogClock
	iso   isoClock

	wrapped map[string]*syslogWrap // per program
	cur     *syslogWrap
	outer   func(*Event)
	onInner func(*Event) // p.forward, made once
	lineB   []byte
	host    []byte
	at      time.Time
}

// syslogWrap is the wrapped-format detection of one program.
type syslogWrap struct {
	auto         *Auto
	hits, misses int
}

// syslogMaxPrograms bounds the programs with detection state of their own.
const syslogMaxPrograms = 64

// syslogGiveUp is how many messages of a program must fail to parse, none
// having parsed, before its messages are no longer offered to the other
// formats.
const syslogGiveUp = 64

// nativeSchema marks events the syslog parser made itself, apart from
// events of a wrapped format.
var nativeSchema = new(int)

func init() {
	Register(&Format{
		Name:       "syslog",
		Labels:     Labels{Actor: "hosts", Target: "programs", Status: "severities"},
		New:        func(o Options) (Parser, error) { return newSyslog(o, time.Now, time.Local), nil },
		Detectable: true,
		Priority:   5,
	})
}

func newSyslog(o Options, now func() time.Time, loc *time.Location) *syslogParser {
	p := &syslogParser{opts: o, wrapped: map[string]*syslogWrap{}}
	p.clock.now, p.clock.loc = now, loc
	p.onInner = p.forward
	return p
}

// Format implements Parser.
func (p *syslogParser) Format() string { return "syslog" }

var statusRepeated = []byte("repeated")

// Parse implements Parser.
func (p *syslogParser) Parse(line []byte, emit func(*Event)) Result {
	s := &p.line
	if !scanSyslog(line, s) {
		return Unparsed
	}
	if s.repeated {
		return Meta
	}
	var t time.Time
	stamp := s.stamp.of(line)
	switch {
	case len(stamp) == 1 && stamp[0] == '-':
	case s.isoStamp:
		var ok bool
		if t, ok = p.iso.parse(stamp); !ok {
			return Unparsed
		}
	default:
		var ok bool
		if t, ok = p.clock.parse(stamp); !ok {
			return Unparsed
		}
	}
	host := dashNil(s.host.of(line))
	app := dashNil(s.app.of(line))
	if r, done := p.wrappedFormat(line, app, host, t, emit); done {
		return r
	}
	ev := &p.ev
	ev.Reset()
	ev.Time = t
	ev.Actor = host
	ev.Target = app
	if s.pri >= 0 {
		sev := s.pri & 7
		ev.Status = syslogSeverities[sev]
		ev.Failure = sev <= 3
	}
	ev.Raw = line
	ev.Schema = nativeSchema
	emit(ev)
	return Parsed
}

// wrappedFormat offers the message to the other formats. done is false when
// none took it.
func (p *syslogParser) wrappedFormat(line, app, host []byte, t time.Time, emit func(*Event)) (Result, bool) {
	msg := p.line.msg.of(line)
	if len(msg) == 0 {
		return Unparsed, false
	}
	w := p.wrapped[string(app)]
	if w == nil {
		if len(p.wrapped) >= syslogMaxPrograms {
			clear(p.wrapped)
		}
		w = &syslogWrap{}
		p.wrapped[string(app)] = w
	}
	if w.hits == 0 && w.misses >= syslogGiveUp {
		return Unparsed, false
	}
	if w.auto == nil {
		w.auto = newAutoExcept(p.opts, "syslog", "cwsub")
	}
	p.cur, p.outer, p.lineB, p.host, p.at = w, emit, line, host, t
	r := w.auto.Parse(msg, p.onInner)
	p.outer = nil
	if r == Unparsed {
		w.misses++
		return Unparsed, false
	}
	w.hits++
	return r, true
}

// forward passes on an event of the wrapped format.
func (p *syslogParser) forward(ev *Event) {
	if ev.Time.IsZero() {
		ev.Time = p.at
	}
	if len(ev.Actor) == 0 {
		ev.Actor = p.host
	}
	ev.Raw = p.lineB
	p.outer(ev)
}

// Fields implements Parser: the syslog parts (facility, severity,
// timestamp, hostname, appname, procid, msgid, structured_data, message),
// then the wrapped format's own fields when it has one.
func (p *syslogParser) Fields(ev *Event, fn func(name string, value []byte)) {
	var s syslogLine
	line := ev.Raw
	if !scanSyslog(line, &s) {
		return
	}
	if s.pri >= 0 {
		fn("facility", []byte(strconv.Itoa(s.pri>>3)))
		fn("severity", syslogSeverities[s.pri&7])
	}
	fn("timestamp", dashNil(s.stamp.of(line)))
	fn("hostname", dashNil(s.host.of(line)))
	fn("appname", dashNil(s.app.of(line)))
	fn("procid", dashNil(s.procID.of(line)))
	if s.rfc5424 {
		fn("msgid", dashNil(s.msgID.of(line)))
		fn("structured_data", dashNil(s.sd.of(line)))
	}
	fn("message", s.msg.of(line))
	if ev.Schema == nativeSchema || p.cur == nil || p.cur.auto == nil {
		return
	}
	inner := *ev
	inner.Raw = s.msg.of(line)
	p.cur.auto.Fields(&inner, fn)
}

// syslogClock converts RFC 3164 stamps ("Mar  4 14:02:50", "Mar 24 2019
// 14:02:50"), remembering the last one.
type syslogClock struct {
	now   func() time.Time
	loc   *time.Location
	last  [20]byte
	lastN int
	lastT time.Time
}

func (c *syslogClock) parse(b []byte) (time.Time, bool) {
	if len(b) != 15 && len(b) != 20 {
		return time.Time{}, false
	}
	if c.lastN > 0 && string(b) == string(c.last[:c.lastN]) {
		return c.lastT, true
	}
	mon := syslogMonth(b)
	day, ok := digits2(b[4], b[5])
	if b[4] == ' ' {
		day, ok = int(b[5]-'0'), b[5] >= '1' && b[5] <= '9'
	}
	if mon == 0 || !ok || day < 1 || day > 31 {
		return time.Time{}, false
	}
	clock := b[7:]
	year := 0
	if len(b) == 20 {
		y, ok := digits4(b[7:11])
		if !ok {
			return time.Time{}, false
		}
		year, clock = y, b[12:]
	}
	h, ok1 := digits2(clock[0], clock[1])
	m, ok2 := digits2(clock[3], clock[4])
	sec, ok3 := digits2(clock[6], clock[7])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || sec > 60 {
		return time.Time{}, false
	}
	var t time.Time
	if year > 0 {
		t = time.Date(year, time.Month(mon), day, h, m, sec, 0, c.loc)
	} else {
		now := c.now().In(c.loc)
		t = time.Date(now.Year(), time.Month(mon), day, h, m, sec, 0, c.loc)
		if t.After(now.Add(24 * time.Hour)) {
			t = t.AddDate(-1, 0, 0) // December's lines read in January
		}
	}
	c.lastN = copy(c.last[:], b)
	c.lastT = t
	return t, true
}
