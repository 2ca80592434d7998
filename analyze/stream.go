package analyze

import (
	"sync"
	"time"

	"github.com/tailtop/tailtop/analyze/parse"
	"github.com/tailtop/tailtop/feed"
)

// maxOrigins bounds the per-origin parser states of one stream (files in a
// directory, shards, log streams). Past it the oldest-used is dropped.
const maxOrigins = 4096

// stream aggregates one source.
type stream struct {
	name   string
	format string // forced format, "" to auto-detect
	opts   parse.Options
	cfg    *Config

	origins map[string]*originState
	last    *originState // one-entry cache: lines of an origin come in runs
	useTick uint64

	clock int64 // current second of the windows
	live  bool  // the last batch was live traffic (windowed by arrival)

	actor, target, status *Counter
	sec                   series
	total                 tally
	mins                  minutes
	tail, unparsed        *tailRing
	filtered              filteredTail
	events                *eventRing // drill-down history
	denied                *denials
	spikes                *spikeDetectors
	rules                 []*ruleState
	eventSeq              uint64

	// lines/s by wall-clock arrival
	rateSec           int64
	rateCur, ratePrev int64
	detected          string
	// status of the current line's first event, for the tail
	lastStatus    [32]byte
	lastStatusLen int
	lastFailure   bool
	// current line, for the emit callback (set per line, no closure per line)
	curLine   *feed.Line
	curHist   bool
	curTally  *tally
	lineTally tally // the current line's counts (a field: a local would escape)
	preClock  tally // history lines seen before the first event time
	curSeen   int
	keyH      [2]uint32          // keyHash of the counted event's actor and target
	countFn   func(*parse.Event) // countEvent, bound once

	// parse stage state, owned by whoever holds parseMu
	parseMu sync.Mutex
	rec     recorder
}

type originState struct {
	name   string
	parser parse.Parser
	used   uint64
	err    error
}

func newStream(name, format string, cfg *Config) *stream {
	s := &stream{
		name: name, format: format, opts: cfg.Options, cfg: cfg,
		origins:  make(map[string]*originState),
		actor:    NewCounter(cfg.ActorCap),
		target:   NewCounter(cfg.TargetCap),
		status:   NewCounter(cfg.StatusCap),
		tail:     newTailRing(cfg.TailSize),
		unparsed: newTailRing(cfg.UnparsedSize),
		events:   newEventRing(cfg.DrillSize),
		denied:   newDenials(),
		spikes:   newSpikeDetectors(cfg.SpikeFactor, cfg.SpikeFloors),
		rules:    newRuleStates(cfg.Rules),
		clock:    -1,
	}
	s.rec = newRecorder(name, cfg.OnEvent)
	return s
}

func (s *stream) origin(name string) *originState {
	if s.last != nil && s.last.name == name {
		return s.last
	}
	o, ok := s.origins[name]
	if !ok {
		if len(s.origins) >= maxOrigins {
			s.dropOldestOrigin()
		}
		o = &originState{name: name}
		o.parser, o.err = parse.New(s.format, s.opts)
		if o.err != nil {
			o.parser = nil
		}
		s.origins[name] = o
	}
	s.useTick++
	o.used = s.useTick
	s.last = o
	return o
}

func (s *stream) dropOldestOrigin() {
	var old *originState
	for _, o := range s.origins {
		if old == nil || o.used < old.used {
			old = o
		}
	}
	if old != nil {
		delete(s.origins, old.name)
		if s.last == old {
			s.last = nil
		}
	}
}

// advance moves the stream's clock (and every counter's) to second sec.
// It is called for every line and event and nearly always finds the clock
// there already: that check is inlined, the move is not.
func (s *stream) advance(sec int64) {
	if sec > s.clock {
		s.advanceTo(sec)
	}
}

func (s *stream) advanceTo(sec int64) {
	old := s.clock
	s.clock = sec
	if old < 0 && s.preClock.lines > 0 {
		s.sec.at(sec).add(&s.preClock)
		s.preClock = tally{}
	}
	s.actor.Advance(sec)
	s.target.Advance(sec)
	s.status.Advance(sec)
	s.denied.advance(sec)
	s.spikes.stepTo(sec-1, s)
	if old >= 0 && len(s.rules) > 0 {
		for c := max(old, sec-ringSeconds); c < sec; c++ {
			s.evaluateRules(c)
		}
	}
}

// beginLine starts the aggregation of one line: the clock moves with its
// arrival (live) or the feed's event time (history).
func (s *stream) beginLine(l *feed.Line, history bool) {
	s.live = !history
	if as := l.Arrival.Unix(); as != s.rateSec {
		if as == s.rateSec+1 {
			s.ratePrev = s.rateCur
		} else {
			s.ratePrev = 0
		}
		s.rateSec, s.rateCur = as, 0
	}
	s.rateCur++
	if !history {
		s.advance(l.Arrival.Unix())
	} else if !l.EventTime.IsZero() {
		s.advance(l.EventTime.Unix())
	}
	s.curLine, s.curHist, s.curSeen = l, history, 0
	// The tally of the line's second is taken at the end of the line: an
	// event time can move the clock.
	s.lineTally = tally{}
	s.curTally = &s.lineTally
}

// endLine finishes the aggregation of one line.
func (s *stream) endLine(l *feed.Line, res parse.Result) {
	lt := &s.lineTally
	lt.lines = 1
	if l.Truncated {
		lt.truncated = 1
	}
	var status []byte
	failure := false
	if res == parse.Unparsed {
		lt.unparsed = 1
		s.unparsed.add(l.Arrival, l.Origin, l.Data, nil, false, false)
	} else {
		lt.parsed = 1
	}
	if s.lastStatusLen > 0 {
		status = s.lastStatus[:s.lastStatusLen]
		failure = s.lastFailure
	}
	s.tail.add(l.Arrival, l.Origin, l.Data, status, res != parse.Unparsed, failure)
	s.filtered.offer(l.Arrival, l.Origin, l.Data, status, res != parse.Unparsed, failure)
	s.lastStatusLen = 0
	if s.clock < 0 {
		if s.curHist {
			// History before its first timestamp (a header, a
			// document's opening line): its clock is the first event
			// time still to come, not now.
			s.preClock.add(lt)
			s.total.add(lt)
			return
		}
		s.advance(l.Arrival.Unix())
	}
	s.sec.at(s.clock).add(lt)
	s.total.add(lt)
}

// onEvent aggregates one event of the current line; s.keyH holds the
// keyHash of its actor and target.
func (s *stream) onEvent(ev *parse.Event) {
	l := s.curLine
	t := s.curTally
	if s.curHist && !ev.Time.IsZero() {
		s.advance(ev.Time.Unix())
	}
	if s.clock < 0 {
		s.advance(l.Arrival.Unix())
	}
	t.events++
	t.bytes += ev.Bytes
	if ev.Failure {
		t.failures++
	}
	if ev.Denied {
		t.denied++
	}
	if ev.Unauthorized {
		t.unauth++
	}
	if !s.curHist && !ev.Time.IsZero() {
		if lag := l.Arrival.Sub(ev.Time); lag > 0 && lag < 24*time.Hour {
			t.lagMillis += lag.Milliseconds()
			t.lagSamples++
		}
	}
	if len(ev.Actor) > 0 {
		s.actor.AddHashed(ev.Actor, s.keyH[0], 1)
	}
	if len(ev.Target) > 0 {
		s.target.AddHashed(ev.Target, s.keyH[1], 1)
	}
	for _, mt := range ev.MoreTargets {
		if len(mt) > 0 {
			s.target.Add(mt, 1)
		}
	}
	class := statusClass(ev)
	if len(ev.Status) > 0 {
		s.status.Add(ev.Status, 1)
	}
	// Per-minute rows: event time for history, arrival for live traffic.
	var minute int64
	switch {
	case s.curHist && !ev.Time.IsZero():
		minute = ev.Time.Unix() / 60
	case s.curHist && !l.EventTime.IsZero():
		minute = l.EventTime.Unix() / 60
	case s.curHist && s.clock >= 0:
		minute = s.clock / 60
	default:
		minute = l.Arrival.Unix() / 60
	}
	s.mins.add(minute, class)
	s.eventSeq++
	s.events.add(s.eventSeq, l.Arrival, l.Origin, evRaw(ev, l), ev, class)
	if ev.Denied {
		s.denied.add(ev, minute, s.eventSeq, s)
	}
	if s.curSeen == 0 {
		n := copy(s.lastStatus[:], ev.Status)
		s.lastStatusLen = n
		s.lastFailure = ev.Failure
	}
	s.curSeen++
}

var httpClasses = [...][]byte{[]byte("1xx"), []byte("2xx"), []byte("3xx"), []byte("4xx"), []byte("5xx")}

// statusClass is "2xx"-style for HTTP codes, the status itself otherwise.
func statusClass(ev *parse.Event) []byte {
	if ev.Code >= 100 && ev.Code < 600 {
		return httpClasses[ev.Code/100-1]
	}
	return ev.Status
}

// evRaw is the text of an event: its own Raw, else the line.
func evRaw(ev *parse.Event, l *feed.Line) []byte {
	if len(ev.Raw) > 0 {
		return ev.Raw
	}
	return l.Data
}
