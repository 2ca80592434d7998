package kinesistest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/smithy-go/eventstream"
)

// relayEvents copies a SubscribeToShard event stream one message at a
// time. An event without records on a shard that the emulator lists as
// closed means the subscriber has read the shard to its end: it is
// replaced by the service's last event (ChildShards, no continuation) and
// the stream ends.
func (p *Proxy) relayEvents(w http.ResponseWriter, upstream io.Reader, request []byte) {
	var req struct{ ConsumerARN, ShardId string }
	json.Unmarshal(request, &req)
	stream := streamOfConsumer(req.ConsumerARN)
	dec := eventstream.NewDecoder()
	enc := eventstream.NewEncoder()
	fl, _ := w.(http.Flusher)
	for {
		msg, err := dec.Decode(upstream, nil)
		if err != nil {
			return
		}
		if last, ok := p.lastEvent(msg, stream, req.ShardId); ok {
			msg.Payload = last
			enc.Encode(w, msg)
			if fl != nil {
				fl.Flush()
			}
			return
		}
		if enc.Encode(w, msg) != nil {
			return
		}
		if fl != nil {
			fl.Flush()
		}
	}
}

// lastEvent returns the payload of the closing event when msg is an empty
// SubscribeToShardEvent of a closed shard.
func (p *Proxy) lastEvent(msg eventstream.Message, stream, shard string) ([]byte, bool) {
	if v := msg.Headers.Get(eventstream.EventTypeHeader); v == nil || v.String() != "SubscribeToShardEvent" {
		return nil, false
	}
	var ev map[string]json.RawMessage
	if json.Unmarshal(msg.Payload, &ev) != nil {
		return nil, false
	}
	var recs []json.RawMessage
	json.Unmarshal(ev["Records"], &recs)
	if len(recs) > 0 || stream == "" {
		return nil, false
	}
	children, closed := p.children(stream, shard)
	if !closed {
		return nil, false
	}
	delete(ev, "ContinuationSequenceNumber")
	ev["ChildShards"], _ = json.Marshal(children)
	out, err := json.Marshal(ev)
	return out, err == nil
}

type childShard struct {
	ShardId      string
	ParentShards []string
	HashKeyRange struct{ StartingHashKey, EndingHashKey string }
}

// children lists the stream on the emulator: whether the shard is closed,
// and its children.
func (p *Proxy) children(stream, shard string) ([]childShard, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cfg := Config(p.target.String())
	cfg.HTTPClient = &http.Client{Transport: p.tr}
	out, err := kinesis.NewFromConfig(cfg).ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String(stream)})
	if err != nil {
		return nil, false
	}
	closed := false
	var kids []childShard
	for _, s := range out.Shards {
		id := aws.ToString(s.ShardId)
		if id == shard {
			closed = s.SequenceNumberRange != nil && s.SequenceNumberRange.EndingSequenceNumber != nil
		}
		parent, adjacent := aws.ToString(s.ParentShardId), aws.ToString(s.AdjacentParentShardId)
		if parent != shard && adjacent != shard {
			continue
		}
		c := childShard{ShardId: id, ParentShards: []string{parent}}
		if adjacent != "" {
			c.ParentShards = append(c.ParentShards, adjacent)
		}
		c.HashKeyRange.StartingHashKey = aws.ToString(s.HashKeyRange.StartingHashKey)
		c.HashKeyRange.EndingHashKey = aws.ToString(s.HashKeyRange.EndingHashKey)
		kids = append(kids, c)
	}
	return kids, closed && len(kids) > 0
}

// streamOfConsumer is the stream name in a consumer ARN
// (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME/consumer/C:TIME).
func streamOfConsumer(arn string) string {
	_, rest, ok := strings.Cut(arn, ":stream/")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, "/consumer/")
	return name
}
