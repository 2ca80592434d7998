package kinesis_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskinesis "github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/tailtop/tailtop/feed/kinesis"
	"github.com/tailtop/tailtop/feed/kinesis/kinesistest"
)

func (e *env) streamARN(stream string) string {
	e.t.Helper()
	out, err := e.client.DescribeStreamSummary(context.Background(), &awskinesis.DescribeStreamSummaryInput{StreamName: aws.String(stream)})
	if err != nil {
		e.t.Fatal(err)
	}
	return aws.ToString(out.StreamDescriptionSummary.StreamARN)
}

// consumerStatus is the consumer's status, or "" when it does not exist.
func (e *env) consumerStatus(stream, name string) types.ConsumerStatus {
	e.t.Helper()
	out, err := e.client.DescribeStreamConsumer(context.Background(), &awskinesis.DescribeStreamConsumerInput{
		StreamARN: aws.String(e.streamARN(stream)), ConsumerName: aws.String(name),
	})
	if err != nil {
		if strings.Contains(err.Error(), "ResourceNotFound") {
			return ""
		}
		e.t.Fatal(err)
	}
	return out.ConsumerDescription.ConsumerStatus
}

// TestEnhancedFanOut reads through a consumer it registers, renewing the
// subscriptions every 2 seconds, and deregisters the consumer on exit.
func TestEnhancedFanOut(t *testing.T) {
	e := newEnv(t, needMock(t), true)
	stream := e.createStream(2)
	want := e.putLines(stream, "a", 600)
	r := e.run(kinesis.Config{Stream: stream, From: "trim", EFO: "tailtop-efo", Deregister: true, RenewInterval: 2 * time.Second})
	r.waitLines(t, 300, 30*time.Second)
	want = append(want, e.putLines(stream, "b", 600)...)
	r.waitLines(t, len(want), 30*time.Second)
	// A renewal per shard, resuming from the continuation sequence number:
	// a duplicate would show by then.
	e.settle("SubscribeToShard", 2)
	if e.consumerStatus(stream, "tailtop-efo") != types.ConsumerStatusActive {
		t.Fatal("consumer not active while reading")
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	r.col.exactlyOnce(t, want)
	after := 0
	for _, body := range e.proxy.Requests("SubscribeToShard") {
		if strings.Contains(body, `"AFTER_SEQUENCE_NUMBER"`) {
			after++
		}
	}
	if after < 2 {
		t.Errorf("%d of %d subscriptions resumed AFTER_SEQUENCE_NUMBER", after, len(e.proxy.Requests("SubscribeToShard")))
	}
	if s := e.consumerStatus(stream, "tailtop-efo"); s != "" && s != types.ConsumerStatusDeleting {
		t.Errorf("consumer registered by this run is %q after exit, want deregistered", s)
	}
	if st := r.src.Status(); st.Lines != int64(len(want)) {
		t.Errorf("status lines %d", st.Lines)
	}
}

// TestFanOutReusesConsumer finds the consumer registered already
// (ResourceInUseException) and leaves it alone on exit, even when asked
// to deregister: this run did not create it.
func TestFanOutReusesConsumer(t *testing.T) {
	e := newEnv(t, needMock(t), true)
	stream := e.createStream(1)
	_, err := e.client.RegisterStreamConsumer(context.Background(), &awskinesis.RegisterStreamConsumerInput{
		StreamARN: aws.String(e.streamARN(stream)), ConsumerName: aws.String("shared"),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := e.putLines(stream, "a", 100)
	r := e.run(kinesis.Config{Stream: e.streamARN(stream), From: "trim", EFO: "shared", Deregister: true})
	r.waitLines(t, len(want), 30*time.Second)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	r.col.exactlyOnce(t, want)
	if s := e.consumerStatus(stream, "shared"); s != types.ConsumerStatusActive {
		t.Errorf("reused consumer is %q after exit, want ACTIVE", s)
	}
}

// TestFanOutFaults drops and refuses subscriptions: the reader subscribes
// again after its checkpoint and the counts stay exact.
func TestFanOutFaults(t *testing.T) {
	e := newEnv(t, needMock(t), true)
	stream := e.createStream(2)
	want := e.putLines(stream, "a", 300)
	e.proxy.SetRule(func(op string, n int) kinesistest.Fault {
		if op != "SubscribeToShard" {
			return kinesistest.Pass
		}
		return [...]kinesistest.Fault{kinesistest.Pass, kinesistest.Drop, kinesistest.Pass, kinesistest.ServerError,
			kinesistest.LimitExceeded, kinesistest.Pass}[n%6]
	})
	r := e.run(kinesis.Config{Stream: stream, From: "trim", EFO: "faulty", Deregister: true, RenewInterval: 3 * time.Second})
	defer func() {
		if t.Failed() {
			t.Logf("status %+v; calls %d", r.src.Status(), e.proxy.Calls("SubscribeToShard"))
		}
	}()
	r.waitLines(t, 100, 30*time.Second)
	want = append(want, e.putLines(stream, "b", 300)...)
	r.waitLines(t, len(want), 60*time.Second)
	e.settle("SubscribeToShard", 3)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	r.col.exactlyOnce(t, want)
	st := r.src.Status()
	if st.Reconnects == 0 || st.Errors == 0 {
		t.Errorf("status hides the faults: %+v", st)
	}
}

// TestFanOutNeedsInitialResponse runs against kinesis-mock without the
// proxy's fix: the SDK, like the service, wants the initial-response
// event, and the status says so instead of lines appearing.
func TestFanOutNeedsInitialResponse(t *testing.T) {
	e := newEnv(t, needMock(t), true)
	e.proxy.InitialResponse = false
	stream := e.createStream(1)
	e.putLines(stream, "a", 10)
	r := e.run(kinesis.Config{Stream: stream, From: "trim", EFO: "bare", Deregister: true})
	waitFor(t, 30*time.Second, "a subscription error", func() bool { return r.src.Status().Errors >= 2 })
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	st := r.src.Status()
	if r.col.len() != 0 || !strings.Contains(st.LastError, "initial-response") {
		t.Errorf("%d lines, last error %q", r.col.len(), st.LastError)
	}
}
