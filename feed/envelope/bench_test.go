package envelope_test

import (
	"fmt"
	"testing"

	"github.com/tailtop/tailtop/feed/envelope"
	"github.com/tailtop/tailtop/feed/envelope/envelopetest"
)

// accessLine is a combined-format line of a typical size.
func accessLine(i int) string {
	return fmt.Sprintf(`10.0.%d.%d - - [02/Jul/2024:12:00:%02d +0000] "GET /api/v1/items/%d?page=2 HTTP/1.1" %d 5120 "-" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"`,
		i%256, i%100, i%60, i, 200+i%5*100)
}

func benchPayloads() map[string][]byte {
	var text []byte
	var msgs []string
	var recs []envelopetest.UserRecord
	for i := range 100 {
		text = append(append(text, accessLine(i)...), '\n')
		msgs = append(msgs, accessLine(i))
		recs = append(recs, envelopetest.UserRecord{PartitionKey: fmt.Sprint(i % 4), Data: []byte(accessLine(i))})
	}
	return map[string][]byte{
		"text":         text,
		"gzip":         envelopetest.Gzip(text),
		"subscription": envelopetest.DataMessage("/aws/ecs/web", "web/abc", 1700000000000, msgs...).Data(),
		"kpl":          envelopetest.Aggregate(recs...),
	}
}

// BenchmarkDecode decodes records of 100 access-log lines in each form.
// MB/s counts record bytes as they arrive from Kinesis (compressed for
// gzip and subscriptions), the unit of the 2 MB/s per-shard read limit.
func BenchmarkDecode(b *testing.B) {
	payloads := benchPayloads()
	for _, name := range []string{"text", "gzip", "subscription", "kpl"} {
		p := payloads[name]
		b.Run(name, func(b *testing.B) {
			d := envelope.NewDecoder(envelope.Limits{})
			var lines int
			sink := func(l envelope.Line) { lines += len(l.Data) & 1 }
			b.SetBytes(int64(len(p)))
			b.ReportAllocs()
			for b.Loop() {
				if err := d.Decode(p, sink); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
			b.ReportMetric(float64(d.Stats.Lines)/b.Elapsed().Seconds(), "lines/s")
		})
	}
}
