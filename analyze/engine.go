package analyze

import (
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tailtop/tailtop/analyze/parse"
	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/internal/crash"
)

// Config sets up an Engine. Zero values take the defaults.
type Config struct {
	// Options are handed to every parser.
	Options parse.Options
	// ActorCap, TargetCap, StatusCap bound the distinct keys each top-k
	// table holds exactly (defaults 32768, 32768, 4096).
	ActorCap, TargetCap, StatusCap int
	// TailSize is how many recent lines are kept for the live tail (default
	// 2000; negative: none). UnparsedSize likewise for unparsed lines (200).
	TailSize, UnparsedSize int
	// DrillSize is how many recent events are kept with their dimensions
	// for drill-down (default 20000; negative: none).
	DrillSize int
	// SpikeFactor is how many times its baseline a rate must reach to be a
	// spike (default 3); SpikeFloors the absolute per-second floors by kind
	// ("load", "errors", "denials", "bytes").
	SpikeFactor float64
	SpikeFloors map[string]float64
	// Rules are the alert rules evaluated on every stream (nil: the
	// DefaultRules; empty non-nil: none).
	Rules []Rule
	// Now is the wall clock (tests set it).
	Now func() time.Time
	// Async aggregates in the engine's own goroutine (see Ingest); call
	// Flush before a final Snapshot and Close when done.
	Async bool
	// OnEvent, when set, sees every event as it is parsed (the `parse`
	// subcommand), in the ingesting goroutine. The event is only valid
	// during the call.
	OnEvent func(stream string, line *feed.Line, p parse.Parser, ev *parse.Event)
}

// Engine aggregates the batches of every source into per-stream windows. It
// is safe for concurrent use: sources ingest, views take snapshots.
type Engine struct {
	cfg Config
	// mu guards aggregation state; smu the list of streams. Lock order:
	// mu before smu.
	mu      sync.Mutex
	smu     sync.Mutex
	streams []*stream
	byName  map[string]*stream
	version atomic.Uint64

	pool      sync.Pool // *parsedBatch
	parseQ    chan *parsedBatch
	queue     chan *parsedBatch
	inflight  sync.WaitGroup
	closeOnce sync.Once
}

// NewEngine makes an engine.
func NewEngine(cfg Config) *Engine {
	if cfg.ActorCap == 0 {
		cfg.ActorCap = 32768
	}
	if cfg.TargetCap == 0 {
		cfg.TargetCap = 32768
	}
	if cfg.StatusCap == 0 {
		cfg.StatusCap = 4096
	}
	if cfg.TailSize == 0 {
		cfg.TailSize = 2000
	}
	if cfg.DrillSize == 0 {
		cfg.DrillSize = 20000
	}
	if cfg.UnparsedSize == 0 {
		cfg.UnparsedSize = 200
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rules == nil {
		for _, text := range DefaultRules {
			r, err := ParseRule(text)
			if err != nil {
				panic(err) // the defaults are constants: a test catches this
			}
			cfg.Rules = append(cfg.Rules, r)
		}
	}
	e := &Engine{cfg: cfg, byName: make(map[string]*stream)}
	if cfg.Async {
		e.parseQ = make(chan *parsedBatch, 4)
		e.queue = make(chan *parsedBatch, 4)
		go e.parser()
		go e.aggregator()
	}
	return e
}

// AddStream declares a stream (a source) with a forced format ("" or "auto"
// to detect per origin). Streams appear in snapshots in the order added; a
// batch for an undeclared stream declares it.
func (e *Engine) AddStream(name, format string) {
	e.addStream(name, format)
}

// addStream finds or declares a stream. It takes only the stream list's
// lock, never the aggregation lock, so that parsing the next batch never
// waits for the aggregation of the last one.
func (e *Engine) addStream(name, format string) *stream {
	e.smu.Lock()
	defer e.smu.Unlock()
	if s, ok := e.byName[name]; ok {
		return s
	}
	if format == "auto" {
		format = ""
	}
	s := newStream(name, format, &e.cfg)
	e.streams = append(e.streams, s)
	e.byName[name] = s
	return s
}

// Ingest parses and aggregates a batch. Synchronously by default; with
// Config.Async in a three-stage pipeline (the source reads, the engine's
// parse goroutine parses, its aggregate goroutine counts), so that reading,
// parsing and counting overlap on a small machine's cores. It has the
// signature of feed.Emit and always accepts; with Async it blocks while the
// queues are full (back-pressure).
func (e *Engine) Ingest(b *feed.Batch) bool {
	pb, _ := e.pool.Get().(*parsedBatch)
	if pb == nil {
		pb = &parsedBatch{}
	}
	pb.reset(b, e.addStream(b.Source, ""))
	if e.parseQ != nil {
		e.inflight.Add(1)
		e.parseQ <- pb
		return true
	}
	e.aggregate(e.parse(pb))
	return true
}

// parse is the parse stage of one batch.
func (e *Engine) parse(pb *parsedBatch) *parsedBatch {
	s := pb.stream
	s.parseMu.Lock()
	s.parseBatch(pb)
	s.parseMu.Unlock()
	return pb
}

// parser is the engine's parse goroutine in Async mode; one goroutine
// keeps each stream's batches in order.
func (e *Engine) parser() {
	defer crash.Recover("parse")
	for pb := range e.parseQ {
		e.queue <- e.parse(pb)
	}
	close(e.queue)
}

func (e *Engine) aggregate(pb *parsedBatch) {
	e.mu.Lock()
	pb.stream.aggregate(pb)
	e.mu.Unlock()
	e.version.Add(1)
	if pb.b.Release != nil {
		pb.b.Release()
	}
	pb.b = nil
	e.pool.Put(pb)
}

// aggregator is the engine's goroutine in Async mode.
func (e *Engine) aggregator() {
	defer crash.Recover("aggregate")
	for pb := range e.queue {
		e.aggregate(pb)
		e.inflight.Done()
	}
}

// Flush waits until every batch ingested so far has been aggregated.
func (e *Engine) Flush() {
	if e.queue != nil {
		e.inflight.Wait()
	}
}

// Close stops the aggregation goroutine after flushing. Ingest must not be
// called after Close.
func (e *Engine) Close() {
	if e.queue != nil {
		e.Flush()
		e.closeOnce.Do(func() { close(e.parseQ) })
	}
}

// Version increases with every ingested batch.
func (e *Engine) Version() uint64 { return e.version.Load() }

// Snapshot copies what the engine knows for the options' window.
func (e *Engine) Snapshot(opts SnapshotOptions) Snapshot {
	if opts.TopN <= 0 {
		opts.TopN = 10
	}
	now := e.cfg.Now()
	e.mu.Lock()
	defer e.mu.Unlock()
	snap := Snapshot{Window: WindowName(opts.Window), Now: now.UTC()}
	streams := e.streamList()
	for _, s := range streams {
		if s.live {
			// Live windows end now, even when nothing arrives.
			s.advance(now.Unix())
		}
		snap.Streams = append(snap.Streams, s.snapshot(opts))
	}
	if len(streams) > 0 && !streams[0].live && streams[0].clock >= 0 {
		snap.Now = time.Unix(streams[0].clock, 0).UTC()
	}
	return snap
}

func (s *stream) snapshot(opts SnapshotOptions) StreamSnapshot {
	w := windowIndex(opts.Window)
	var t tally
	if w < 0 {
		t = s.total
	} else if s.clock >= 0 {
		t = s.sec.sum(s.clock, int64(Windows[w].Seconds()))
	}
	format := s.format
	if format == "" {
		format = s.detected
	}
	ss := StreamSnapshot{
		Name: s.name, Format: format,
		Lines: t.lines, Parsed: t.parsed, Unparsed: t.unparsed, Events: t.events,
		Bytes: t.bytes, Failures: t.failures, Denied: t.denied, Unauthorized: t.unauth,
		Truncated: t.truncated, AllLines: s.total.lines,
		Top: Top{
			Actor:  s.actor.Top(w, opts.TopN),
			Target: s.target.Top(w, opts.TopN),
			Status: s.status.Top(w, opts.TopN),
		},
		Statuses:      map[string]int64{},
		StatusClasses: map[string]int64{},
		Spikes:        s.spikes.view(spikeFrom(w, s.clock), s),
		Alerts:        s.alertsNow(),
		Approximate:   s.actor.Overflowed() || s.target.Overflowed() || s.status.Overflowed(),
		Labels:        parse.LabelsFor(format),
		LinesPerSec:   float64(s.ratePrev),
	}
	s.status.Each(w, func(key string, n int64) {
		ss.Statuses[key] = n
		ss.StatusClasses[classOf(key)] += n
	})
	from, to := int64(-1<<62), int64(1<<62)
	if w >= 0 && s.clock >= 0 {
		to = s.clock / 60
		from = (s.clock - int64(Windows[w].Seconds()) + 1) / 60
	}
	ss.PerMinute = s.mins.list(from, to)
	ss.DeniedDetail = s.denied.view(w, opts.TopN, from, to)
	if ss.PerMinute == nil {
		ss.PerMinute = []MinuteCount{}
	}
	if opts.RateSeconds > 0 && s.clock >= 0 {
		ss.Rate, ss.ByteRate = s.sec.rates(s.clock, opts.RateSeconds)
		ss.SpikeMarks = s.spikes.marks(s.clock, opts.RateSeconds)
	}
	if t.lagSamples > 0 {
		ss.Lag = time.Duration(t.lagMillis/t.lagSamples) * time.Millisecond
	}
	if opts.TailFilter != s.filtered.text {
		s.filtered.set(opts.TailFilter, s.tail, s.cfg.TailSize)
	}
	if opts.TailFilter != "" {
		ss.Tail = s.filtered.ring.last(opts.TailN, "")
	} else {
		ss.Tail = s.tail.last(opts.TailN, "")
	}
	ss.UnparsedTail = s.unparsed.last(opts.TailN, "")
	return ss
}

// classOf maps an HTTP status text to its class ("404" -> "4xx"); other
// statuses are their own class.
func classOf(status string) string {
	if len(status) == 3 && status[0] >= '1' && status[0] <= '5' &&
		strings.IndexFunc(status, func(r rune) bool { return r < '0' || r > '9' }) < 0 {
		return status[:1] + "xx"
	}
	return status
}

// spikeFrom is the first second of window w ending at clock (-1: all).
func spikeFrom(w int, clock int64) int64 {
	if w < 0 || clock < 0 {
		return -1
	}
	return clock - int64(Windows[w].Seconds()) + 1
}

// alertsNow evaluates the rules at the current (partial) second too, so a
// final report includes what the last lines made fire.
func (s *stream) alertsNow() []Alert {
	if s.clock >= 0 {
		for _, rs := range s.rules {
			if !rs.rule.Baseline {
				s.evaluateRules1(rs, s.clock)
			}
		}
	}
	return s.alerts()
}

// streamList copies the list of streams.
func (e *Engine) streamList() []*stream {
	e.smu.Lock()
	defer e.smu.Unlock()
	return append([]*stream(nil), e.streams...)
}
