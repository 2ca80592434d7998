package cwlogs

import (
	"encoding/binary"
	"hash/maphash"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tailtop/tailtop/feed"
)

// Batch bounds: a batch is emitted when either is reached, so one update of
// 500 large events never becomes one huge allocation.
const (
	batchLines = 4096
	batchBytes = 1 << 20
	// maxOrigins bounds the cache of "group/stream" origin strings.
	maxOrigins = 8192
)

// event is one log event from either API, before it becomes lines.
type event struct {
	group   *group // nil when the API named a group that was not asked for
	groupID string // the log group as the API named it
	stream  string
	message string
	id      string // FilterLogEvents event id; Live Tail events have none
	ts      int64  // event timestamp, ms
	ingest  int64  // ingestion time, ms
}

// keyKind is what identifies an event for deduplication.
type keyKind uint8

const (
	// keyDigest digests the group, stream, timestamps and message: Live
	// Tail events carry no id, and history that leads into Live Tail must
	// be recognized by the same key.
	keyDigest keyKind = iota
	// keyID uses the event id FilterLogEvents gives.
	keyID
)

// pass says how the events of one call are deduplicated and marked.
type pass struct {
	gen     uint32
	key     keyKind
	history bool
	// alsoDigest records the digest of events keyed by id as well: the
	// history loaded before Live Tail is recognized by id if the source
	// falls back to polling, and by digest by the live sessions.
	alsoDigest bool
}

// tally is what one build added.
type tally struct {
	lines, bytes, truncated, repeats int64
	newest                           int64 // newest event timestamp, ms
}

type originKey struct{ group, stream string }

// builder turns log events into batches of lines: deduplicated, one line per
// line of a message, cut at feed.MaxLineBytes, copied into one buffer per
// batch (an allocation per batch for the bytes and one for the lines, none
// per line). It is used under the source's emit lock.
type builder struct {
	name    string
	maxLine int
	dedup   *dedup
	hash    maphash.Hash
	origins map[originKey]string
	keep    []int
}

func newBuilder(name string, dedupN int) *builder {
	b := &builder{name: name, maxLine: feed.MaxLineBytes, dedup: newDedup(dedupN), origins: make(map[originKey]string)}
	b.hash.SetSeed(maphash.MakeSeed())
	return b
}

// build deduplicates evs, cuts them into lines and hands the batches to
// emit, adding each batch to c (and to its groups) before handing it over,
// so that a status taken once the consumer has a line counts it. It returns
// the whole tally, and false when emit did.
func (b *builder) build(evs []event, p pass, arrival time.Time, c *counters, emit feed.Emit) (tally, bool) {
	var t tally
	b.keep = b.keep[:0]
	rest := 0
	for i := range evs {
		e := &evs[i]
		if e.message == "" {
			continue
		}
		if b.dedup.repeat(b.key(e, p.key), p.gen) {
			t.repeats++
			continue
		}
		if p.alsoDigest && p.key != keyDigest {
			b.dedup.repeat(b.key(e, keyDigest), p.gen)
		}
		b.keep = append(b.keep, i)
		rest += len(e.message)
	}
	c.repeats.Add(t.repeats)
	if len(b.keep) == 0 {
		return t, true
	}

	var batch *feed.Batch
	var arena []byte
	var pending tally // of the batch being filled
	newBatch := func() {
		batch = &feed.Batch{Source: b.name, History: p.history, Lines: make([]feed.Line, 0, min(len(b.keep), batchLines))}
		arena = make([]byte, 0, min(rest, batchBytes))
		pending = tally{}
	}
	flush := func() bool {
		c.lines.Add(pending.lines)
		c.bytes.Add(pending.bytes)
		c.truncated.Add(pending.truncated)
		t.lines += pending.lines
		t.bytes += pending.bytes
		t.truncated += pending.truncated
		return emit(batch)
	}
	newBatch()
	for _, i := range b.keep {
		e := &evs[i]
		origin := b.origin(e)
		var when time.Time
		if e.ts > 0 {
			when = time.UnixMilli(e.ts)
		}
		t.newest = max(t.newest, e.ts)
		msg := e.message
		for {
			nl := strings.IndexByte(msg, '\n')
			line := msg
			if nl >= 0 {
				line = msg[:nl]
			}
			consumed := len(line) + 1
			line = strings.TrimSuffix(line, "\r")
			truncated := len(line) > b.maxLine
			if truncated {
				line = line[:b.maxLine]
				pending.truncated++
			}
			if len(batch.Lines) == batchLines || cap(arena)-len(arena) < len(line) {
				if !flush() {
					return t, false
				}
				newBatch()
			}
			start := len(arena)
			arena = append(arena, line...)
			batch.Lines = append(batch.Lines, feed.Line{
				Origin:    origin,
				Data:      arena[start:len(arena):len(arena)],
				Arrival:   arrival,
				EventTime: when,
				Truncated: truncated,
			})
			pending.lines++
			pending.bytes += int64(len(line))
			if e.group != nil {
				e.group.lines.Add(1)
				e.group.bytes.Add(int64(len(line)))
			}
			rest -= min(consumed, rest)
			if nl < 0 || nl == len(msg)-1 {
				break
			}
			msg = msg[nl+1:]
		}
	}
	if len(batch.Lines) > 0 && !flush() {
		return t, false
	}
	return t, true
}

// key identifies e for deduplication. The group is keyed by its name so
// that a Live Tail event (which names its group by ARN or account:name) and
// a FilterLogEvents event of the same group agree.
func (b *builder) key(e *event, kind keyKind) uint64 {
	if kind == keyID && e.id == "" {
		kind = keyDigest
	}
	h := &b.hash
	h.Reset()
	h.WriteByte(byte(kind))
	if e.group != nil {
		h.WriteString(e.group.name)
	} else {
		h.WriteString(e.groupID)
	}
	h.WriteByte(0)
	if kind == keyID {
		h.WriteString(e.id)
		return h.Sum64()
	}
	h.WriteString(e.stream)
	h.WriteByte(0)
	var n [16]byte
	binary.LittleEndian.PutUint64(n[:8], uint64(e.ts))
	binary.LittleEndian.PutUint64(n[8:], uint64(e.ingest))
	h.Write(n[:])
	h.WriteString(e.message)
	return h.Sum64()
}

// origin is "group/stream", with the group's name (not its ARN), from a
// bounded cache so that no string is built per event.
func (b *builder) origin(e *event) string {
	g := e.groupID
	if e.group != nil {
		g = e.group.name
	}
	k := originKey{g, e.stream}
	if o, ok := b.origins[k]; ok {
		return o
	}
	if len(b.origins) >= maxOrigins {
		clear(b.origins)
	}
	o := g + "/" + e.stream
	b.origins[k] = o
	return o
}

// counters are the totals a source reports.
type counters struct {
	lines, bytes, truncated, errors, reconnects, repeats atomic.Int64
}
