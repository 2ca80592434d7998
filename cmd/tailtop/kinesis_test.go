package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskinesis "github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/tailtop/tailtop/feed/kinesis/kinesistest"
)

// `tailtop report --for` on a Kinesis stream in kinesis-mock, as a script
// would run it: every record's lines counted once, parsed and reported.
func TestReportKinesisHeadless(t *testing.T) {
	emu, err := kinesistest.StartMock()
	if err != nil {
		if kinesistest.Required() {
			t.Fatalf("kinesis-mock is required: %v", err)
		}
		t.Skipf("kinesis-mock unavailable: %v", err)
	}
	defer emu.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	client := awskinesis.NewFromConfig(kinesistest.Config(emu.Endpoint))
	if _, err := client.CreateStream(ctx, &awskinesis.CreateStreamInput{StreamName: aws.String("web"), ShardCount: aws.Int32(2)}); err != nil {
		t.Fatal(err)
	}
	for {
		out, err := client.DescribeStreamSummary(ctx, &awskinesis.DescribeStreamSummaryInput{StreamName: aws.String("web")})
		if err == nil && out.StreamDescriptionSummary.StreamStatus == types.StreamStatusActive {
			break
		}
		if ctx.Err() != nil {
			t.Fatal("stream never became active")
		}
		time.Sleep(100 * time.Millisecond) // polling the emulator's state
	}
	ts := time.Now().UTC().Format("02/Jan/2006:15:04:05 -0700")
	var entries []types.PutRecordsRequestEntry
	for i := 0; i < 100; i++ {
		// two lines per record
		data := fmt.Sprintf("10.1.0.%d - - [%s] \"GET /a HTTP/1.1\" 200 1 \"-\" \"k\"\n10.2.0.%d - - [%s] \"GET /b HTTP/1.1\" 503 2 \"-\" \"k\"\n", i%5, ts, i%5, ts)
		entries = append(entries, types.PutRecordsRequestEntry{Data: []byte(data), PartitionKey: aws.String(fmt.Sprint(i))})
	}
	if _, err := client.PutRecords(ctx, &awskinesis.PutRecordsInput{StreamName: aws.String("web"), Records: entries}); err != nil {
		t.Fatal(err)
	}
	fakeAWS(t, emu.Endpoint)
	snap := reportJSON(t, "--for", "25s", "kinesis://web?from=trim")
	s := snap.Streams[0]
	if s.Name != "kinesis://web" || s.Lines != 200 || s.Parsed != 200 || s.Failures != 100 || s.Format != "combined" {
		t.Fatalf("kinesis report: name=%s lines=%d parsed=%d failures=%d format=%s", s.Name, s.Lines, s.Parsed, s.Failures, s.Format)
	}
	_, errs, code := runCmd(t, "report", "--for", "1s", "kinesis://web?from=yesterday")
	if code != 2 || !strings.Contains(errs, "from") {
		t.Fatalf("bad from=: code %d stderr %q", code, errs)
	}
}
