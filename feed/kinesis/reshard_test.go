package kinesis_test

import (
	"context"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskinesis "github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/tailtop/tailtop/feed/kinesis"
)

// writer puts records "kN C" (C counting per key) one record per key per
// PutRecords call, so that a key's records are in order in the stream,
// until stopped; it returns every line it wrote.
type writer struct {
	stop  chan struct{}
	close func()
	done  chan []string
}

func (e *env) startWriter(stream string, keys int) *writer {
	w := &writer{stop: make(chan struct{}), done: make(chan []string, 1)}
	var once sync.Once
	e.t.Cleanup(func() { once.Do(func() { close(w.stop) }); <-w.done })
	w.close = func() { once.Do(func() { close(w.stop) }) }
	go func() {
		defer close(w.done)
		// A steady producer, not a flood: 50 rounds a second.
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		var lines []string
		for c := 0; ; c++ {
			select {
			case <-w.stop:
				w.done <- lines
				return
			case <-tick.C:
			}
			var entries []types.PutRecordsRequestEntry
			for k := range keys {
				l := fmt.Sprintf("k%d %d", k, c)
				entries = append(entries, types.PutRecordsRequestEntry{PartitionKey: aws.String(fmt.Sprint("k", k)), Data: []byte(l)})
				lines = append(lines, l)
			}
			out, err := e.client.PutRecords(context.Background(), &awskinesis.PutRecordsInput{StreamName: aws.String(stream), Records: entries})
			if err != nil || aws.ToInt32(out.FailedRecordCount) > 0 {
				// Resharding may refuse a write for a moment: write the
				// round again, as a different count, so the order holds.
				lines = lines[:len(lines)-keys]
				c--
				continue
			}
		}
	}()
	return w
}

func (w *writer) finish() []string {
	w.close()
	return <-w.done
}

// inKeyOrder checks that each key's lines came in the order written.
func inKeyOrder(t *testing.T, c *collector) {
	t.Helper()
	next := map[string]int{}
	for _, l := range c.snapshot() {
		key, n, _ := strings.Cut(string(l.Data), " ")
		i, err := strconv.Atoi(n)
		if err != nil {
			t.Fatalf("line %q", l.Data)
		}
		if i != next[key] {
			t.Fatalf("key %s: got %d after %d (from %s): a child read before its parent was done", key, i, next[key]-1, l.Origin)
		}
		next[key]++
	}
}

func (e *env) shards(stream string) []types.Shard {
	e.t.Helper()
	out, err := e.client.ListShards(context.Background(), &awskinesis.ListShardsInput{StreamName: aws.String(stream)})
	if err != nil {
		e.t.Fatal(err)
	}
	return out.Shards
}

func (e *env) openShards(stream string) int {
	n := 0
	for _, s := range e.shards(stream) {
		if s.SequenceNumberRange.EndingSequenceNumber == nil {
			n++
		}
	}
	return n
}

// split splits a shard in the middle of its hash range.
func (e *env) split(stream, shard string) {
	e.t.Helper()
	for _, s := range e.shards(stream) {
		if aws.ToString(s.ShardId) != shard {
			continue
		}
		lo, _ := new(big.Int).SetString(aws.ToString(s.HashKeyRange.StartingHashKey), 10)
		hi, _ := new(big.Int).SetString(aws.ToString(s.HashKeyRange.EndingHashKey), 10)
		mid := new(big.Int).Rsh(new(big.Int).Add(lo, hi), 1)
		_, err := e.client.SplitShard(context.Background(), &awskinesis.SplitShardInput{
			StreamName: aws.String(stream), ShardToSplit: aws.String(shard), NewStartingHashKey: aws.String(mid.String()),
		})
		if err != nil {
			e.t.Fatal(err)
		}
		e.waitActive(stream)
		return
	}
	e.t.Fatalf("no shard %s", shard)
}

func (e *env) merge(stream, shard, adjacent string) {
	e.t.Helper()
	_, err := e.client.MergeShards(context.Background(), &awskinesis.MergeShardsInput{
		StreamName: aws.String(stream), ShardToMerge: aws.String(shard), AdjacentShardToMerge: aws.String(adjacent),
	})
	if err != nil {
		e.t.Fatal(err)
	}
	e.waitActive(stream)
}

// TestReshardingMidRead splits one shard and merges one of its children
// with the other shard while records flow: every record once, and each
// key's records in order, which holds only if children wait for their
// parents. Run by polling and by enhanced fan-out.
func TestReshardingMidRead(t *testing.T) {
	for _, mode := range []string{"poll", "efo"} {
		t.Run(mode, func(t *testing.T) {
			e := newEnv(t, needMock(t), true)
			stream := e.createStream(2)
			cfg := kinesis.Config{Stream: stream, From: "trim", RelistInterval: 500 * time.Millisecond}
			if mode == "efo" {
				cfg.EFO = "reshard"
				cfg.Deregister = true
			}
			w := e.startWriter(stream, 8)
			r := e.run(cfg)
			r.waitLines(t, 100, 30*time.Second)

			e.split(stream, "shardId-000000000000") // children 2 and 3
			n := r.col.len()
			defer func() {
				if t.Failed() {
					t.Logf("status: %+v", r.src.Status())
					t.Logf("subscribe calls %d", e.proxy.Calls("SubscribeToShard"))
				}
			}()
			r.waitLines(t, n+100, 30*time.Second)
			e.merge(stream, "shardId-000000000003", "shardId-000000000001") // child 4
			n = r.col.len()
			r.waitLines(t, n+100, 30*time.Second)
			want := w.finish()
			r.waitLines(t, len(want), 60*time.Second)
			if mode == "poll" {
				e.settle("GetRecords", 6)
			}
			if err := r.stop(); err != nil {
				t.Fatal(err)
			}
			r.col.exactlyOnce(t, want)
			inKeyOrder(t, r.col)

			st := r.src.Status()
			states := map[string]string{}
			for _, o := range st.Origins {
				states[o.Name] = o.State
			}
			for _, id := range []string{"shardId-000000000000", "shardId-000000000001", "shardId-000000000003"} {
				if states[id] != "done" {
					t.Errorf("closed shard %s: state %q", id, states[id])
				}
			}
			for _, id := range []string{"shardId-000000000002", "shardId-000000000004"} {
				if _, ok := states[id]; !ok {
					t.Errorf("open shard %s not read; origins %v", id, states)
				}
			}
			if st.Lines != int64(len(want)) || st.Errors != 0 {
				t.Errorf("status lines %d errors %d (%s)", st.Lines, st.Errors, st.LastError)
			}
		})
	}
}

// TestShardSubset reads shards=0 of a 2-shard stream: that shard and,
// after a split, its children; nothing of the other shard.
func TestShardSubset(t *testing.T) {
	e := newEnv(t, needMock(t), true)
	stream := e.createStream(2)
	from, shards, _, err := kinesis.ParseOptions(map[string][]string{"shards": {"0"}, "from": {"trim"}})
	if err != nil {
		t.Fatal(err)
	}
	w := e.startWriter(stream, 8)
	r := e.run(kinesis.Config{Stream: stream, From: from, Shards: shards, RelistInterval: 300 * time.Millisecond})
	r.waitLines(t, 100, 30*time.Second)
	e.split(stream, "shardId-000000000000")
	n := r.col.len()
	r.waitLines(t, n+100, 30*time.Second)
	all := w.finish()
	// What the subset must read: the records of shard 0 and its children.
	var mine []string
	for _, s := range []string{"shardId-000000000000", "shardId-000000000002", "shardId-000000000003"} {
		mine = append(mine, e.readShard(stream, s)...)
	}
	if len(mine) == 0 || len(mine) == len(all) {
		t.Fatalf("shard 0 and children hold %d of %d records", len(mine), len(all))
	}
	r.waitLines(t, len(mine), 30*time.Second)
	e.settle("GetRecords", 6)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	r.col.exactlyOnce(t, mine)
	inKeyOrder(t, r.col) // keys of shard 1 never appear; the others from 0
	for _, o := range r.src.Status().Origins {
		if o.Name == "shardId-000000000001" {
			t.Errorf("shard 1 was read: %+v", o)
		}
	}
}

// readShard reads a shard from its trim horizon to its current end with
// plain SDK calls: the reference the source is checked against.
func (e *env) readShard(stream, shard string) []string {
	e.t.Helper()
	ctx := context.Background()
	it, err := e.client.GetShardIterator(ctx, &awskinesis.GetShardIteratorInput{
		StreamName: aws.String(stream), ShardId: aws.String(shard), ShardIteratorType: types.ShardIteratorTypeTrimHorizon,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	var lines []string
	iter := it.ShardIterator
	for iter != nil {
		out, err := e.client.GetRecords(ctx, &awskinesis.GetRecordsInput{ShardIterator: iter})
		if err != nil {
			e.t.Fatal(err)
		}
		for _, r := range out.Records {
			lines = append(lines, string(r.Data))
		}
		if len(out.Records) == 0 && aws.ToInt64(out.MillisBehindLatest) == 0 {
			break
		}
		iter = out.NextShardIterator
	}
	return lines
}
