package publish

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
)

// sink is where batches go: CloudWatch, or a writer in a dry run.
type sink interface {
	// limits are the most datums and bytes (by datumSize) a batch may
	// hold; 0 means no bound.
	limits() (datums, bytes int)
	// put delivers a batch and returns the bytes it made.
	put(ctx context.Context, batch []Datum) (int, error)
}

// cloudWatch sends batches with PutMetricData.
type cloudWatch struct {
	client    *cloudwatch.Client
	namespace string
	timeout   time.Duration
}

// newCloudWatch makes the client. The SDK's own retries are off: the
// publisher retries a failed batch itself, with its own backoff, so that
// the batch stays at the head of the line, the queue bound holds while
// CloudWatch is away, and the retries show in the status.
func newCloudWatch(c Config) *cloudWatch {
	client := cloudwatch.NewFromConfig(c.AWS, func(o *cloudwatch.Options) {
		o.Retryer = aws.NopRetryer{}
		o.RetryMaxAttempts = 0
	})
	return &cloudWatch{client: client, namespace: c.Namespace, timeout: c.RequestTimeout}
}

func (c *cloudWatch) limits() (int, int) {
	return maxBatchDatums, maxBatchBytes - requestOverhead(c.namespace)
}

func (c *cloudWatch) put(ctx context.Context, batch []Datum) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	_, err := c.client.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{
		Namespace:  aws.String(c.namespace),
		MetricData: sdkDatums(batch),
	})
	if err != nil {
		return 0, err
	}
	n := requestOverhead(c.namespace)
	for i := range batch {
		n += datumSize(&batch[i])
	}
	return n, nil
}
