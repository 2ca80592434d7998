package kinesis

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
)

const (
	// callTimeout bounds one control or GetRecords call: a connection that
	// hangs is dropped and the call made again.
	callTimeout = 30 * time.Second
	// readLimit is the per-shard read rate the pacing keeps under.
	readLimit = 2 << 20 // bytes a second
	// deniedBackoff is the pause after an access or credentials error
	// while reading: the user may be fixing the policy.
	deniedBackoff = 30 * time.Second
)

// poll reads the shard with GetShardIterator and GetRecords.
func (r *reader) poll(ctx context.Context) (*shardEnd, error) {
	iter, end, err := r.iterator(ctx)
	if err != nil || end != nil {
		return end, err
	}
	var (
		bo       = backoff{min: 250 * time.Millisecond, max: 10 * time.Second}
		next     time.Time // earliest time of the next call
		top      = int32(r.src.cfg.RecordsLimit)
		limit    = top
		troubled bool // the last call failed
	)
	for {
		if !sleep(ctx, time.Until(next)) {
			return nil, ctx.Err()
		}
		callStart := time.Now()
		next = callStart.Add(minCallInterval)
		cctx, cancel := context.WithTimeout(ctx, callTimeout)
		out, err := r.src.client.GetRecords(cctx, &kinesis.GetRecordsInput{
			ShardIterator: iter,
			Limit:         aws.Int32(limit),
			StreamARN:     r.src.streamARNParam(),
		})
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			troubled = true
			switch classify(err) {
			case expired, invalid:
				// An iterator lives 5 minutes; this one outlived a long
				// stall, or was refused: take a new one after the
				// checkpoint.
				if classify(err) == invalid {
					wait := bo.next()
					r.retrying(err, stateReconnecting, wait)
					next = time.Now().Add(wait)
				}
				r.reconnected()
				iter, end, err = r.iterator(ctx)
				if err != nil || end != nil {
					return end, err
				}
				continue
			case notFound:
				r.failed(err, stateError)
				return &shardEnd{}, nil
			case denied:
				r.retrying(err, stateError, deniedBackoff)
				next = time.Now().Add(deniedBackoff)
			case throttled:
				wait := bo.next()
				r.retrying(err, "", wait)
				next = time.Now().Add(wait)
			case credsExpired:
				// The refused credentials are dropped from the cache: the
				// same iterator, signed with fresh ones, after a pause.
				wait := bo.next()
				r.retrying(err, stateReconnecting, wait)
				next = time.Now().Add(wait)
			default:
				wait := bo.next()
				r.retrying(err, stateReconnecting, wait)
				r.reconnected()
				next = time.Now().Add(wait)
				// A big answer cut off mid-way may be the cause: ask for less.
				limit = max(limit/2, min(100, top))
			}
			continue
		}
		if troubled {
			r.setState(stateReading)
			troubled = false
		}
		bo.reset()
		limit = min(limit*2, top)
		if err := r.records(out.Records, out.MillisBehindLatest); err != nil {
			return nil, err
		}
		if out.NextShardIterator == nil {
			return &shardEnd{children: out.ChildShards}, nil
		}
		iter = out.NextShardIterator
		// Pace: an empty or caught-up answer waits PollInterval; a full
		// one waits long enough to stay under 2 MB/s a shard.
		var n int
		for i := range out.Records {
			n += len(out.Records[i].Data)
		}
		if len(out.Records) == 0 || aws.ToInt64(out.MillisBehindLatest) == 0 {
			next = callStart.Add(r.src.cfg.PollInterval)
		}
		if pace := time.Duration(n) * time.Second / readLimit; callStart.Add(pace).After(next) {
			next = callStart.Add(pace)
		}
	}
}

// iterator takes a shard iterator at the reader's starting position,
// retrying until it gets one, the shard turns out to be gone (end), or the
// context ends.
func (r *reader) iterator(ctx context.Context) (iter *string, end *shardEnd, err error) {
	bo := backoff{min: 250 * time.Millisecond, max: 10 * time.Second}
	for {
		pos := r.startingPosition()
		cctx, cancel := context.WithTimeout(ctx, callTimeout)
		out, err := r.src.client.GetShardIterator(cctx, &kinesis.GetShardIteratorInput{
			StreamName:             r.src.streamNameParam(),
			StreamARN:              r.src.streamARNParam(),
			ShardId:                aws.String(r.id),
			ShardIteratorType:      pos.Type,
			StartingSequenceNumber: pos.SequenceNumber,
			Timestamp:              pos.Timestamp,
		})
		cancel()
		if err == nil {
			if bo.n > 0 {
				r.setState(stateReading)
			}
			return out.ShardIterator, nil, nil
		}
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		wait := bo.next() // also marks that a call failed
		switch classify(err) {
		case notFound, invalid:
			// The shard is past retention, or the position is refused:
			// nothing more can be read from it.
			r.failed(err, stateError)
			return nil, &shardEnd{}, nil
		case denied:
			wait = deniedBackoff
			r.retrying(err, stateError, wait)
		case throttled:
			r.retrying(err, "", wait)
		case credsExpired:
			r.retrying(err, stateReconnecting, wait)
		default:
			r.retrying(err, stateReconnecting, wait)
			r.reconnected()
		}
		if !sleep(ctx, wait) {
			return nil, nil, ctx.Err()
		}
	}
}
