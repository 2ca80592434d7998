package kinesis

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/envelope"
)

// errStopped reports that the consumer is gone.
var errStopped = errors.New("kinesis: consumer gone")

// reader reads one shard, by polling or by fan-out, and keeps its
// checkpoint.
type reader struct {
	src     *Source
	id      string
	st      *shardStatus
	start   position // where to begin when there is no checkpoint
	history bool     // lines are History until the shard catches up

	// lastSeq is the sequence number of the last record emitted: the
	// checkpoint. resume is where to continue from (a fan-out
	// continuation number may be past lastSeq).
	lastSeq string
	resume  string
	// latestAt is when a LATEST position was first taken, to replace a
	// lost iterator before any record was read.
	latestAt time.Time

	dec   *envelope.Decoder
	batch batcher
}

func (s *Source) newReader(id string, start position, history bool) *reader {
	r := &reader{
		src:     s,
		id:      id,
		st:      s.book.shard(id),
		start:   start,
		history: history,
		dec:     envelope.NewDecoder(envelope.Limits{MaxInflated: s.cfg.MaxInflated}),
	}
	r.batch = batcher{src: s, origin: id, history: history}
	return r
}

// startingPosition is where reading (re)starts: after the checkpoint if
// there is one, else the configured start.
func (r *reader) startingPosition() types.StartingPosition {
	if seq := r.resumeFrom(); seq != "" {
		return types.StartingPosition{Type: types.ShardIteratorTypeAfterSequenceNumber, SequenceNumber: aws.String(seq)}
	}
	switch r.start.kind {
	case FromTrim:
		return types.StartingPosition{Type: types.ShardIteratorTypeTrimHorizon}
	case "time":
		return types.StartingPosition{Type: types.ShardIteratorTypeAtTimestamp, Timestamp: aws.Time(r.start.at)}
	}
	if !r.latestAt.IsZero() {
		// A LATEST position was taken and lost before any record came:
		// continue from when it was taken, not from a new LATEST, which
		// would skip what arrived in between.
		return types.StartingPosition{Type: types.ShardIteratorTypeAtTimestamp, Timestamp: aws.Time(r.latestAt)}
	}
	r.latestAt = time.Now()
	return types.StartingPosition{Type: types.ShardIteratorTypeLatest}
}

func (r *reader) resumeFrom() string {
	if seqAfter(r.resume, r.lastSeq) {
		return r.resume
	}
	return r.lastSeq
}

// records emits the lines of one answer's records and then moves the
// checkpoint: a record is either wholly emitted and checkpointed, or
// neither. lag is the answer's MillisBehindLatest (nil when absent).
func (r *reader) records(recs []types.Record, lag *int64) error {
	if lag != nil {
		behind := time.Duration(*lag) * time.Millisecond
		if r.history && behind <= r.src.cfg.HistoryLag {
			r.history = false
		}
		r.src.book.update(r.st, func(st *feed.Status) { st.Lag = behind })
	}
	if len(recs) == 0 {
		return nil
	}
	b := &r.batch
	b.arrival = time.Now()
	b.history = r.history
	b.lines, b.trunc = 0, 0
	var nbytes, nerr int64
	var lastErr error
	last := r.lastSeq
	for i := range recs {
		rec := &recs[i]
		seq := aws.ToString(rec.SequenceNumber)
		if last != "" && !seqAfter(seq, last) {
			continue // seen already: a server may resend, the consumer must not
		}
		last = seq
		nbytes += int64(len(rec.Data))
		b.event = aws.ToTime(rec.ApproximateArrivalTimestamp)
		if err := r.dec.Decode(rec.Data, b.add); err != nil {
			lastErr = err
			nerr++
		}
		if r.src.stopped() {
			return errStopped
		}
	}
	b.flush()
	if r.src.stopped() {
		return errStopped
	}
	r.lastSeq = last
	lines, trunc := b.lines, b.trunc
	r.src.book.update(r.st, func(st *feed.Status) {
		st.Lines += lines
		st.Truncated += trunc
		st.Bytes += nbytes
	})
	if lastErr != nil {
		r.src.book.fail(r.st, "", fmt.Sprintf("record payload: %v", lastErr))
		r.src.book.update(r.st, func(st *feed.Status) { st.Errors += nerr - 1 })
	}
	return nil
}

// failed records a failed call that is not made again: its message, the
// state, the counts.
func (r *reader) failed(err error, state string) {
	r.src.book.fail(r.st, state, explain(err))
}

// retrying records a failed call that is made again after wait, saying
// what happened and what comes next ("throttled, retrying in 800ms: ...").
func (r *reader) retrying(err error, state string, wait time.Duration) {
	r.src.book.fail(r.st, state, retryText(err, wait))
}

func (r *reader) setState(state string) {
	r.src.book.update(r.st, func(st *feed.Status) { st.State = state })
}

func (r *reader) reconnected() {
	r.src.book.update(r.st, func(st *feed.Status) { st.Reconnects++ })
}

// seqAfter reports whether sequence number a comes after b. Both are
// decimal strings (up to 128 digits) without leading zeros; "" is before
// everything.
func seqAfter(a, b string) bool {
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a > b
}

// shardEnd is a shard found closed: its children, as the last answer named
// them.
type shardEnd struct {
	children []types.ChildShard
}

// read reads the shard until it ends (returning its children), the
// context ends, or the consumer is gone.
func (r *reader) read(ctx context.Context) (*shardEnd, error) {
	r.setState(stateReading)
	if r.src.consumerARN != "" {
		return r.subscribe(ctx)
	}
	return r.poll(ctx)
}
