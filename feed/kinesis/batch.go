package kinesis

import (
	"time"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/envelope"
)

// batchLines and batchBytes bound one batch.
const (
	batchLines = 1024
	batchBytes = 256 << 10
)

// span is a line waiting in the stage.
type span struct {
	start, end int
	origin     string
	event      time.Time
	truncated  bool
}

// batcher collects the lines of one shard into a reusable stage and hands
// them over as batches that own one exact-size buffer: two allocations a
// batch, none a line.
type batcher struct {
	src     *Source
	origin  string // the shard id, for lines the payload names no origin for
	stage   []byte
	spans   []span
	arrival time.Time
	event   time.Time // the current record's arrival at Kinesis
	history bool
	lines   int64
	trunc   int64
}

// add is the envelope callback: it stages one line of the current record.
func (b *batcher) add(l envelope.Line) {
	if len(b.spans) >= batchLines || len(b.stage)+len(l.Data) > batchBytes && len(b.spans) > 0 {
		b.flush()
	}
	sp := span{start: len(b.stage), origin: l.Origin, event: l.Time, truncated: l.Truncated}
	if sp.origin == "" {
		sp.origin = b.origin
	}
	if sp.event.IsZero() {
		sp.event = b.event
	}
	b.stage = append(b.stage, l.Data...)
	sp.end = len(b.stage)
	b.spans = append(b.spans, sp)
	b.lines++
	if l.Truncated {
		b.trunc++
	}
}

// flush emits the staged lines. A consumer that is gone is remembered in
// the source (stopped) and the lines are dropped.
func (b *batcher) flush() {
	if len(b.spans) == 0 {
		return
	}
	data := make([]byte, len(b.stage))
	copy(data, b.stage)
	lines := make([]feed.Line, len(b.spans))
	for i, s := range b.spans {
		lines[i] = feed.Line{
			Origin:    s.origin,
			Data:      data[s.start:s.end:s.end],
			Arrival:   b.arrival,
			EventTime: s.event,
			Truncated: s.truncated,
		}
	}
	b.stage = b.stage[:0]
	b.spans = b.spans[:0]
	b.src.emit(&feed.Batch{Source: b.src.name, Lines: lines, History: b.history})
}
