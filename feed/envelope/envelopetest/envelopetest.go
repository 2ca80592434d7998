// Package envelopetest builds the record payloads that package envelope
// decodes (KPL aggregated records, gzip-compressed CloudWatch Logs
// subscription envelopes), written independently of the decoder so that
// tests check one against the other.
package envelopetest

import (
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"encoding/json"

	"google.golang.org/protobuf/encoding/protowire"
)

// Magic starts a KPL aggregated record.
var Magic = []byte{0xF3, 0x89, 0x9A, 0xC2}

// UserRecord is one record put into an aggregate.
type UserRecord struct {
	PartitionKey    string
	ExplicitHashKey string // optional
	Data            []byte
}

// Aggregate encodes records the way the Kinesis Producer Library does:
// magic, an AggregatedRecord protobuf with deduplicated key tables, and
// the MD5 of the protobuf.
func Aggregate(records ...UserRecord) []byte {
	var pkTable, ehkTable []string
	index := func(table *[]string, k string) uint64 {
		for i, v := range *table {
			if v == k {
				return uint64(i)
			}
		}
		*table = append(*table, k)
		return uint64(len(*table) - 1)
	}
	var recs [][]byte
	for _, r := range records {
		var m []byte
		m = protowire.AppendTag(m, 1, protowire.VarintType)
		m = protowire.AppendVarint(m, index(&pkTable, r.PartitionKey))
		if r.ExplicitHashKey != "" {
			m = protowire.AppendTag(m, 2, protowire.VarintType)
			m = protowire.AppendVarint(m, index(&ehkTable, r.ExplicitHashKey))
		}
		m = protowire.AppendTag(m, 3, protowire.BytesType)
		m = protowire.AppendBytes(m, r.Data)
		// A tag, as the KPL may attach: the decoder must skip it.
		m = protowire.AppendTag(m, 4, protowire.BytesType)
		var tag []byte
		tag = protowire.AppendTag(tag, 1, protowire.BytesType)
		tag = protowire.AppendString(tag, "k")
		m = protowire.AppendBytes(m, tag)
		recs = append(recs, m)
	}
	var body []byte
	for _, k := range pkTable {
		body = protowire.AppendTag(body, 1, protowire.BytesType)
		body = protowire.AppendString(body, k)
	}
	for _, k := range ehkTable {
		body = protowire.AppendTag(body, 2, protowire.BytesType)
		body = protowire.AppendString(body, k)
	}
	for _, m := range recs {
		body = protowire.AppendTag(body, 3, protowire.BytesType)
		body = protowire.AppendBytes(body, m)
	}
	sum := md5.Sum(body)
	out := append(append([]byte{}, Magic...), body...)
	return append(out, sum[:]...)
}

// LogEvent is one event of a CloudWatch Logs subscription envelope.
type LogEvent struct {
	ID        string `json:"id"`
	Timestamp int64  `json:"timestamp"` // milliseconds since the epoch
	Message   string `json:"message"`
}

// Envelope is a CloudWatch Logs subscription payload before compression.
type Envelope struct {
	MessageType         string     `json:"messageType"`
	Owner               string     `json:"owner"`
	LogGroup            string     `json:"logGroup"`
	LogStream           string     `json:"logStream"`
	SubscriptionFilters []string   `json:"subscriptionFilters"`
	LogEvents           []LogEvent `json:"logEvents"`
}

// Data returns the envelope as CloudWatch Logs puts it into Kinesis:
// JSON, gzip-compressed.
func (e Envelope) Data() []byte {
	js, err := json.Marshal(e)
	if err != nil {
		panic(err) // cannot happen for this type
	}
	return Gzip(js)
}

// DataMessage builds a DATA_MESSAGE envelope for group and stream whose
// events carry the messages, at timestamps ms, ms+1, ...
func DataMessage(group, stream string, ms int64, messages ...string) Envelope {
	e := Envelope{
		MessageType:         "DATA_MESSAGE",
		Owner:               "123456789012",
		LogGroup:            group,
		LogStream:           stream,
		SubscriptionFilters: []string{"tailtop-test"},
	}
	for i, m := range messages {
		e.LogEvents = append(e.LogEvents, LogEvent{
			ID:        "3" + string(rune('0'+i%10)),
			Timestamp: ms + int64(i),
			Message:   m,
		})
	}
	return e
}

// ControlMessage is the envelope CloudWatch Logs sends to check that the
// destination is reachable.
func ControlMessage() Envelope {
	return Envelope{
		MessageType: "CONTROL_MESSAGE",
		Owner:       "CloudwatchLogs",
		LogGroup:    "",
		LogStream:   "",
		LogEvents: []LogEvent{{
			ID:        "",
			Timestamp: 1719922604969,
			Message:   "CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.",
		}},
	}
}

// Gzip compresses p.
func Gzip(p []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(p)
	w.Close()
	return b.Bytes()
}
