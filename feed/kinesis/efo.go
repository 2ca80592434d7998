package kinesis

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// idleTimeout ends a subscription that has sent nothing for this long:
// the service sends an event every few seconds even when there is no
// data, so silence means a connection that is gone without saying so.
const idleTimeout = time.Minute

// serviceLimit is how long the service keeps a subscription open.
const serviceLimit = 5 * time.Minute

var (
	errIdle        = fmt.Errorf("fan-out subscription silent for a minute: %w", context.DeadlineExceeded)
	errSubscribing = fmt.Errorf("SubscribeToShard did not answer in time: %w", context.DeadlineExceeded)
	// errEndedEarly: the stream ended without an error long before the
	// service's limit: its connection was lost at a message boundary.
	errEndedEarly = fmt.Errorf("fan-out subscription ended early: %w", io.ErrUnexpectedEOF)
)

// subscribe reads the shard through enhanced fan-out, subscribing again
// whenever a subscription ends, until the shard ends.
func (r *reader) subscribe(ctx context.Context) (*shardEnd, error) {
	bo := backoff{min: time.Second, max: 10 * time.Second}
	var last time.Time
	for {
		// One SubscribeToShard a second per shard and consumer is the
		// service limit.
		if !sleep(ctx, time.Until(last.Add(time.Second))) {
			return nil, ctx.Err()
		}
		last = time.Now()
		end, err := r.subscription(ctx)
		switch {
		case end != nil:
			return end, nil
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case errors.Is(err, errStopped):
			return nil, err
		case err == nil:
			// Renewal: the subscription reached its 5 minutes.
			bo.reset()
			continue
		}
		if time.Since(last) > 10*time.Second {
			bo.reset() // it worked for a while: a fresh failure, not a run of them
		}
		wait := bo.next()
		switch classify(err) {
		case notFound, invalid:
			r.failed(err, stateError)
			return &shardEnd{}, nil
		case denied:
			wait = deniedBackoff
			r.retrying(err, stateError, wait)
		case throttled, inUse:
			// inUse: a subscription of this consumer to this shard is
			// still open (ours being released, or another reader's).
			r.retrying(err, "", wait)
		default:
			r.retrying(err, stateReconnecting, wait)
		}
		r.reconnected()
		if !sleep(ctx, wait) {
			return nil, ctx.Err()
		}
	}
}

// subscription runs one SubscribeToShard call until it is due for
// renewal, ends, or fails. It returns the shard's end when the shard is
// closed.
func (r *reader) subscription(ctx context.Context) (*shardEnd, error) {
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// A fresh client per subscription: see the package comment.
	client := kinesis.New(r.src.client.Options())
	pos := r.startingPosition()
	answered := time.AfterFunc(callTimeout, cancel)
	out, err := client.SubscribeToShard(sctx, &kinesis.SubscribeToShardInput{
		ConsumerARN:      aws.String(r.src.consumerARN),
		ShardId:          aws.String(r.id),
		StartingPosition: &pos,
	})
	if !answered.Stop() && ctx.Err() == nil {
		if err == nil {
			out.GetStream().Close()
		}
		return nil, errSubscribing
	}
	if err != nil {
		return nil, err
	}
	stream := out.GetStream()
	defer stream.Close()
	r.setState(stateReading)
	began := time.Now()

	renew := time.NewTimer(r.src.cfg.RenewInterval)
	defer renew.Stop()
	idle := time.NewTimer(idleTimeout)
	defer idle.Stop()
	for {
		select {
		case ev, ok := <-stream.Events():
			if !ok {
				// nil: the service ended the subscription (5 minutes), or
				// the connection was lost between two messages.
				err := stream.Err()
				if err == nil && time.Since(began) < min(r.src.cfg.RenewInterval, serviceLimit)-time.Second {
					err = errEndedEarly
				}
				return nil, err
			}
			idle.Reset(idleTimeout)
			e, ok := ev.(*types.SubscribeToShardEventStreamMemberSubscribeToShardEvent)
			if !ok {
				continue // an event type this SDK does not know
			}
			if err := r.records(e.Value.Records, e.Value.MillisBehindLatest); err != nil {
				return nil, err
			}
			if c := aws.ToString(e.Value.ContinuationSequenceNumber); seqAfter(c, r.resume) {
				r.resume = c
			}
			if len(e.Value.ChildShards) > 0 {
				return &shardEnd{children: e.Value.ChildShards}, nil
			}
		case <-renew.C:
			return nil, nil
		case <-idle.C:
			return nil, errIdle
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}
