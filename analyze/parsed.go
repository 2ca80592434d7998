package analyze

import (
	"time"
	"unsafe"

	"github.com/tailtop/tailtop/analyze/parse"
	"github.com/tailtop/tailtop/feed"
)

// The engine works in two stages so that both cores of a small admin host
// are used: the parse stage (in the source's goroutine) turns a batch into
// a parsedBatch, copying each event's dimensions into one arena owned by the
// batch, because parser scratch space is reused by the next line; the
// aggregate stage (under the engine lock, in the engine's goroutine when
// asynchronous) counts them. A batch is aggregated in order, whole.

// evRec is one recorded event: the parser's event with every slice moved
// out of the parser's scratch space, so that the aggregate stage counts
// it as it is, without rebuilding it. A slice inside the line is kept as
// it is (most parsers point into the line, whose bytes stay put until the
// batch is released); any other is copied into the batch's arena. A slice
// into the arena stays right when the arena grows: the bytes it points at
// are not written again until the batch is reset.
type evRec struct {
	ev parse.Event // Raw nil: the line itself; Schema never set
	// keyHash of actor and target, computed here in the parse stage so
	// that the counting goroutine only probes its tables.
	actorH, targetH uint32
}

// lineRec is what the parse stage made of one line.
type lineRec struct {
	res parse.Result
	nEv uint32
}

type parsedBatch struct {
	b      *feed.Batch
	stream *stream
	lines  []lineRec
	evs    []evRec
	more   [][]byte // the MoreTargets of the events, one run each
	arena  []byte
	format string // the format detected at the end of the batch, if any
}

// keep returns b as the batch keeps it: nil when empty, itself when it
// lies inside line, else a copy in the arena.
func (pb *parsedBatch) keep(b, line []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	if len(line) > 0 {
		lp, bp := uintptr(unsafe.Pointer(unsafe.SliceData(line))), uintptr(unsafe.Pointer(unsafe.SliceData(b)))
		if bp >= lp && bp+uintptr(len(b)) <= lp+uintptr(len(line)) {
			return b[:len(b):len(b)]
		}
	}
	off := len(pb.arena)
	pb.arena = append(pb.arena, b...)
	return pb.arena[off:len(pb.arena):len(pb.arena)]
}

// reset prepares a batch for reuse, keeping its buffers.
func (pb *parsedBatch) reset(b *feed.Batch, s *stream) {
	pb.b, pb.stream, pb.format = b, s, ""
	pb.lines, pb.evs, pb.more, pb.arena = pb.lines[:0], pb.evs[:0], pb.more[:0], pb.arena[:0]
}

// parseBatch is the parse stage: it runs each line through its origin's
// parser and records the events. Only one goroutine parses a stream at a
// time (the stream's parseMu).
func (s *stream) parseBatch(pb *parsedBatch) {
	r := &s.rec
	r.pb = pb
	for i := range pb.b.Lines {
		l := &pb.b.Lines[i]
		r.parseLine(s.origin(l.Origin).parser, l)
	}
	r.pb, r.line, r.parser = nil, nil, nil
}

// recorder runs lines through a parser into a parsedBatch. The stream has
// one for its parse stage; the parallel history reader has one per worker.
type recorder struct {
	pb      *parsedBatch
	line    *feed.Line
	parser  parse.Parser // the parser of the current line
	stream  string
	onEvent func(stream string, line *feed.Line, p parse.Parser, ev *parse.Event)
	fn      func(*parse.Event) // record, bound once: no closure per line
}

func newRecorder(stream string, onEvent func(string, *feed.Line, parse.Parser, *parse.Event)) recorder {
	return recorder{stream: stream, onEvent: onEvent}
}

// parseLine parses one line with p (nil: no parser, the line is unparsed)
// into r.pb and returns what p made of it.
func (r *recorder) parseLine(p parse.Parser, l *feed.Line) parse.Result {
	if r.fn == nil {
		r.fn = r.record
	}
	pb := r.pb
	r.line, r.parser = l, p
	res := parse.Unparsed
	before := len(pb.evs)
	if p != nil {
		res = p.Parse(l.Data, r.fn)
		if res != parse.Unparsed {
			if f := p.Format(); f != "" {
				pb.format = f
			}
		}
	}
	pb.lines = append(pb.lines, lineRec{res: res, nEv: uint32(len(pb.evs) - before)})
	return res
}

// record is the parsers' emit callback in the parse stage. The event is
// recorded as countEvent would count it: its time at nanosecond
// resolution (0 meaning none), a 32-bit code.
func (r *recorder) record(ev *parse.Event) {
	pb, l := r.pb, r.line
	d := l.Data
	// Grown in place and every field set below (a test holds it to every
	// field of parse.Event): a composite literal would be built and then
	// copied, some 200 bytes an event.
	if len(pb.evs) < cap(pb.evs) {
		pb.evs = pb.evs[:len(pb.evs)+1]
	} else {
		pb.evs = append(pb.evs, evRec{})
	}
	rec := &pb.evs[len(pb.evs)-1]
	rec.actorH, rec.targetH = keyHash(ev.Actor), keyHash(ev.Target)
	e := &rec.ev
	e.Actor, e.Target, e.Status, e.SourceIP = pb.keep(ev.Actor, d), pb.keep(ev.Target, d), pb.keep(ev.Status, d), pb.keep(ev.SourceIP, d)
	e.Bytes, e.Code = ev.Bytes, int(int32(ev.Code))
	e.Failure, e.Denied, e.Unauthorized = ev.Failure, ev.Denied, ev.Unauthorized
	e.Time, e.Raw, e.MoreTargets, e.Schema = time.Time{}, nil, nil, nil
	if !ev.Time.IsZero() {
		if ns := ev.Time.UnixNano(); ns != 0 {
			e.Time = time.Unix(0, ns)
		}
	}
	if len(ev.Raw) > 0 && !sameBytes(ev.Raw, d) {
		e.Raw = pb.keep(ev.Raw, d)
	}
	if len(ev.MoreTargets) > 0 {
		from := len(pb.more)
		for _, t := range ev.MoreTargets {
			pb.more = append(pb.more, pb.keep(t, d))
		}
		e.MoreTargets = pb.more[from:len(pb.more):len(pb.more)]
	}
	if r.onEvent != nil {
		r.onEvent(r.stream, l, r.parser, ev)
	}
}

func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// aggregate is the aggregate stage: it counts a parsed batch. The caller
// holds the engine lock.
func (s *stream) aggregate(pb *parsedBatch) {
	if pb.format != "" {
		s.detected = pb.format
	}
	history := pb.b.History
	e := 0
	for i := range pb.b.Lines {
		l := &pb.b.Lines[i]
		lr := pb.lines[i]
		s.beginLine(l, history)
		for k := uint32(0); k < lr.nEv; k++ {
			r := &pb.evs[e]
			e++
			if r.ev.Raw == nil {
				r.ev.Raw = l.Data
			}
			s.keyH = [2]uint32{r.actorH, r.targetH}
			s.onEvent(&r.ev)
		}
		s.endLine(l, lr.res)
	}
}

// countLine parses and counts one line at once, for a caller that parses
// and counts in the same goroutine (the ranged reader with one worker, or
// past its speculation): no record of the events is kept between the two.
// It counts exactly what parseBatch followed by aggregate counts; the
// caller holds the engine lock.
func (s *stream) countLine(l *feed.Line, p parse.Parser, history bool) {
	s.beginLine(l, history)
	res := parse.Unparsed
	if p != nil {
		if s.countFn == nil {
			s.countFn = s.countEvent
		}
		res = p.Parse(l.Data, s.countFn)
		if res != parse.Unparsed {
			if f := p.Format(); f != "" {
				s.detected = f
			}
		}
	}
	s.endLine(l, res)
}

// countEvent is countLine's emit callback. It gives the event what the
// record and its rebuild in aggregate would: the line as its text when it
// has none, its time at nanosecond resolution (an evRec's unix nanoseconds,
// 0 meaning none), a 32-bit code.
func (s *stream) countEvent(ev *parse.Event) {
	if len(ev.Raw) == 0 {
		ev.Raw = s.curLine.Data
	}
	if !ev.Time.IsZero() {
		if ns := ev.Time.UnixNano(); ns != 0 {
			ev.Time = time.Unix(0, ns)
		} else {
			ev.Time = time.Time{}
		}
	}
	ev.Code = int(int32(ev.Code))
	s.keyH = [2]uint32{keyHash(ev.Actor), keyHash(ev.Target)}
	s.onEvent(ev)
}
