package kinesis_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskinesis "github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/feed/kinesis"
)

// BenchmarkEmulatorEightShards reads an 8-shard stream of 8 MB of access
// log records (1 KiB each, 5 lines) from kinesis-mock two ways, from the
// trim horizon, once per iteration each:
//   - bare: 8 goroutines calling GetRecords with the SDK and nothing else,
//     the most the emulator serves;
//   - tailtop: the source feeding an engine as the app runs it (Async),
//     done when the engine has counted every line, all parsed.
//
// Both report MB/s; "tailtop/bare" near 1 says the emulator, not
// tailtop, sets the pace (it serves far less than the 16 MB/s of 8 real
// shards: BenchmarkEightShardsIntoEngine measures tailtop's own ceiling).
func BenchmarkEmulatorEightShards(b *testing.B) {
	e := newEnv(b, needMock(b), false)
	stream := e.createStream(8)
	const records, linesPer = 8000, 5
	var keys []string
	var data [][]byte
	for i := range records {
		var sb strings.Builder
		for j := range linesPer {
			fmt.Fprintf(&sb, "10.1.%d.%d - - [02/Jul/2024:12:00:%02d +0000] \"GET /item/%06d HTTP/1.1\" 200 %d \"-\" \"bench/%d\"\n",
				i%256, j, i%60, i, 100+i%900, j)
		}
		rec := sb.String()
		rec += strings.Repeat("#", max(0, 1024-len(rec))) // a comment line pads to 1 KiB
		keys = append(keys, fmt.Sprint(i))
		data = append(data, []byte(rec))
	}
	e.put(stream, keys, data)
	size := int64(0)
	for _, d := range data {
		size += int64(len(d))
	}
	var bareSec, ttSec float64
	for b.Loop() {
		t0 := time.Now()
		if n := bareRead(b, e.client, stream); n != records {
			b.Fatalf("bare reader got %d records, want %d", n, records)
		}
		bareSec += time.Since(t0).Seconds()

		t1 := time.Now()
		eng := analyze.NewEngine(analyze.Config{Async: true})
		cfg := kinesis.Config{Stream: stream, From: "trim", PollInterval: 200 * time.Millisecond, AWS: e.awsConfig()}
		src, err := kinesis.New(cfg)
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- src.Run(ctx, eng.Ingest) }()
		want := int64(records * (linesPer + 1))
		waitFor(b, 5*time.Minute, "every line counted", func() bool {
			eng.Flush()
			snap := eng.Snapshot(analyze.SnapshotOptions{TopN: 1})
			return len(snap.Streams) == 1 && snap.Streams[0].Lines >= want
		})
		ttSec += time.Since(t1).Seconds()
		cancel()
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			b.Fatal(err)
		}
		eng.Close()
		snap := eng.Snapshot(analyze.SnapshotOptions{TopN: 1})
		if st := snap.Streams[0]; st.Lines != want || st.Parsed != records*linesPer {
			b.Fatalf("counted %d lines, %d parsed; want %d lines, %d parsed (the padding lines are not log lines)", st.Lines, st.Parsed, want, records*linesPer)
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(size)*n/bareSec/1e6, "bare-MB/s")
	b.ReportMetric(float64(size)*n/ttSec/1e6, "tailtop-MB/s")
	b.ReportMetric(bareSec/ttSec, "tailtop/bare")
}

// bareRead reads every shard of stream from the trim horizon with plain
// GetRecords calls until each is caught up, returning the records read.
func bareRead(b *testing.B, c *awskinesis.Client, stream string) int {
	ctx := context.Background()
	out, err := c.ListShards(ctx, &awskinesis.ListShardsInput{StreamName: aws.String(stream)})
	if err != nil {
		b.Fatal(err)
	}
	var total atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, len(out.Shards))
	for _, sh := range out.Shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			it, err := c.GetShardIterator(ctx, &awskinesis.GetShardIteratorInput{
				StreamName: aws.String(stream), ShardId: sh.ShardId, ShardIteratorType: types.ShardIteratorTypeTrimHorizon,
			})
			if err != nil {
				errs <- err
				return
			}
			iter := it.ShardIterator
			for iter != nil {
				r, err := c.GetRecords(ctx, &awskinesis.GetRecordsInput{ShardIterator: iter, Limit: aws.Int32(10000)})
				if err != nil {
					errs <- err
					return
				}
				total.Add(int64(len(r.Records)))
				if len(r.Records) == 0 && aws.ToInt64(r.MillisBehindLatest) == 0 {
					return
				}
				iter = r.NextShardIterator
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	return int(total.Load())
}
