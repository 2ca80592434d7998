package kinesis

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// consumerWait bounds how long a new consumer may take to become active.
const consumerWait = 2 * time.Minute

// registerConsumer registers the fan-out consumer, or finds it when it
// exists already, and waits until it is active. created says whether this
// run registered it (and so may deregister it).
func (s *Source) registerConsumer(ctx context.Context) (arn string, created bool, err error) {
	streamARN := s.stream.arn
	if streamARN == "" {
		out, err := retryCall(ctx, s, func(ctx context.Context) (*kinesis.DescribeStreamSummaryOutput, error) {
			return s.client.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(s.stream.name)})
		})
		if err != nil {
			return "", false, err
		}
		streamARN = aws.ToString(out.StreamDescriptionSummary.StreamARN)
	}
	reg, err := retryCall(ctx, s, func(ctx context.Context) (*kinesis.RegisterStreamConsumerOutput, error) {
		return s.client.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{
			StreamARN:    aws.String(streamARN),
			ConsumerName: aws.String(s.cfg.EFO),
		})
	})
	switch {
	case err == nil:
		arn, created = aws.ToString(reg.Consumer.ConsumerARN), true
	case classify(err) == inUse:
		// It exists: reuse it, and never deregister it.
	default:
		return "", false, err
	}
	deadline := time.Now().Add(consumerWait)
	for {
		out, err := retryCall(ctx, s, func(ctx context.Context) (*kinesis.DescribeStreamConsumerOutput, error) {
			in := &kinesis.DescribeStreamConsumerInput{StreamARN: aws.String(streamARN), ConsumerName: aws.String(s.cfg.EFO)}
			if arn != "" {
				in = &kinesis.DescribeStreamConsumerInput{ConsumerARN: aws.String(arn)}
			}
			return s.client.DescribeStreamConsumer(ctx, in)
		})
		if err != nil {
			return arn, created, err
		}
		c := out.ConsumerDescription
		arn = aws.ToString(c.ConsumerARN)
		switch c.ConsumerStatus {
		case types.ConsumerStatusActive:
			return arn, created, nil
		case types.ConsumerStatusDeleting:
			return arn, created, fmt.Errorf("the fan-out consumer %q is being deleted: try again in a minute or use another name", s.cfg.EFO)
		}
		if time.Now().After(deadline) {
			return arn, created, fmt.Errorf("the fan-out consumer %q is still %s after %v", s.cfg.EFO, c.ConsumerStatus, consumerWait)
		}
		if !sleep(ctx, 500*time.Millisecond) {
			return arn, created, ctx.Err()
		}
	}
}

// deregisterConsumer removes a consumer this run registered. It runs after
// the context of Run is done, so it has its own short one.
func (s *Source) deregisterConsumer(arn string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := s.client.DeregisterStreamConsumer(ctx, &kinesis.DeregisterStreamConsumerInput{ConsumerARN: aws.String(arn)})
	return err
}

// retryCall makes a control-plane call, retrying throttling and transient
// failures a few times (the SDK's own retries are off).
func retryCall[T any](ctx context.Context, s *Source, call func(context.Context) (T, error)) (T, error) {
	bo := backoff{min: 200 * time.Millisecond, max: 5 * time.Second}
	for attempt := 1; ; attempt++ {
		cctx, cancel := context.WithTimeout(ctx, callTimeout)
		out, err := call(cctx)
		cancel()
		if err == nil || ctx.Err() != nil || attempt == 6 {
			if ctx.Err() != nil && err != nil {
				err = errors.Join(ctx.Err(), err)
			}
			return out, err
		}
		if c := classify(err); c != transient && c != throttled && c != credsExpired || isNoCredentials(err) {
			return out, err
		}
		wait := bo.next()
		s.book.sourceRetry(err, wait)
		if !sleep(ctx, wait) {
			return out, ctx.Err()
		}
	}
}
