package kinesis

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/envelope/envelopetest"
)

// accessLine is a combined-format line of a typical size (~180 bytes).
func accessLine(i int) string {
	return fmt.Sprintf(`10.0.%d.%d - - [02/Jul/2024:12:00:%02d +0000] "GET /api/v1/items/%d?page=2 HTTP/1.1" %d 5120 "-" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"`,
		i%256, i%100, i%60, i, 200+i%5*100)
}

// answer builds one GetRecords answer of n records of the given kind,
// each carrying 20 lines (a typical agent batch).
func answer(kind string, n int) ([]types.Record, int) {
	var recs []types.Record
	size := 0
	for i := range n {
		var lines []string
		text := ""
		for j := range 20 {
			l := accessLine(i*20 + j)
			lines = append(lines, l)
			text += l + "\n"
		}
		var data []byte
		switch kind {
		case "text":
			data = []byte(text)
		case "subscription":
			data = envelopetest.DataMessage("/aws/ecs/web", "web/abc", 1700000000000, lines...).Data()
		case "kpl":
			var urs []envelopetest.UserRecord
			for _, l := range lines {
				urs = append(urs, envelopetest.UserRecord{PartitionKey: "k", Data: []byte(l)})
			}
			data = envelopetest.Aggregate(urs...)
		}
		size += len(data)
		recs = append(recs, types.Record{
			SequenceNumber:              aws.String(fmt.Sprintf("%056d", i+1)),
			Data:                        data,
			ApproximateArrivalTimestamp: aws.Time(time.Now()),
		})
	}
	return recs, size
}

// BenchmarkRecords decodes GetRecords answers in process, the work a shard
// reader does per answer: decoding, batching, handing over. MB/s counts
// record bytes as Kinesis delivers them (compressed for subscriptions),
// the unit of the 2 MB/s per-shard read limit: keeping up with 8 shards
// needs 16 MB/s.
func BenchmarkRecords(b *testing.B) {
	for _, kind := range []string{"text", "subscription", "kpl"} {
		b.Run(kind, func(b *testing.B) {
			recs, size := answer(kind, 100)
			s := &Source{cfg: Config{}.withDefaults(), name: "kinesis://bench", book: newStatusBook("kinesis://bench")}
			lines := 0
			s.emitFn = func(bt *feed.Batch) bool { lines += len(bt.Lines); return true }
			s.cancel = func() {}
			r := s.newReader("shardId-000000000000", position{kind: FromTrim}, false)
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				r.lastSeq = "" // the same answer again, not a resend
				if err := r.records(recs, aws.Int64(0)); err != nil {
					b.Fatal(err)
				}
			}
			sec := b.Elapsed().Seconds()
			b.ReportMetric(float64(b.N*len(recs))/sec, "records/s")
			b.ReportMetric(float64(lines)/sec, "lines/s")
		})
	}
}

// BenchmarkEightShardsIntoEngine is the whole in-process path of a stream
// of 8 shards: 8 shard readers decode GetRecords answers at once into one
// engine set up as the app sets it up (Async: its parse and aggregate
// goroutines), which parses and counts every line. MB/s counts record
// bytes as Kinesis delivers them; keeping up with 8 shards at their
// 2 MB/s read limit needs 16 MB/s, and the "x-16MB/s" metric says how
// many times that the path sustains.
func BenchmarkEightShardsIntoEngine(b *testing.B) {
	const shards = 8
	for _, kind := range []string{"text", "subscription", "kpl"} {
		b.Run(kind, func(b *testing.B) {
			recs, size := answer(kind, 100)
			e := analyze.NewEngine(analyze.Config{Async: true})
			s := &Source{cfg: Config{}.withDefaults(), name: "kinesis://bench", book: newStatusBook("kinesis://bench")}
			s.emitFn = e.Ingest
			s.cancel = func() {}
			var readers []*reader
			for i := range shards {
				readers = append(readers, s.newReader(fmt.Sprintf("shardId-%012d", i), position{kind: FromTrim}, false))
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			b.ResetTimer()
			var next atomic.Int64
			var wg sync.WaitGroup
			errs := make(chan error, shards)
			for _, r := range readers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for next.Add(1) <= int64(b.N) {
						r.lastSeq = "" // the same answer again, not a resend
						if err := r.records(recs, aws.Int64(0)); err != nil {
							errs <- err
							return
						}
					}
				}()
			}
			wg.Wait()
			e.Close() // waits until every batch is counted
			b.StopTimer()
			close(errs)
			for err := range errs {
				b.Fatal(err)
			}
			snap := e.Snapshot(analyze.SnapshotOptions{TopN: 10})
			want := int64(b.N * len(recs) * 20)
			if len(snap.Streams) != 1 || snap.Streams[0].Lines != want || snap.Streams[0].Parsed != want {
				b.Fatalf("snapshot %+v, want %d lines, all parsed", snap.Streams, want)
			}
			sec := b.Elapsed().Seconds()
			b.ReportMetric(float64(want)/sec, "lines/s")
			b.ReportMetric(float64(b.N)*float64(size)/sec/16e6, "x-16MB/s")
		})
	}
}
