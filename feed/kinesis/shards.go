package kinesis

import (
	"context"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// maxListPages guards against a server that pages forever.
const maxListPages = 10000

// listShards lists every shard of the stream, following NextToken (a page
// after the first must name only the token, not the stream).
func (s *Source) listShards(ctx context.Context) ([]types.Shard, error) {
	in := &kinesis.ListShardsInput{StreamName: s.streamNameParam(), StreamARN: s.streamARNParam()}
	var all []types.Shard
	for range maxListPages {
		out, err := retryCall(ctx, s, func(ctx context.Context) (*kinesis.ListShardsOutput, error) {
			return s.client.ListShards(ctx, in)
		})
		if err != nil {
			return nil, err
		}
		all = append(all, out.Shards...)
		if aws.ToString(out.NextToken) == "" {
			return all, nil
		}
		in = &kinesis.ListShardsInput{NextToken: out.NextToken}
	}
	return nil, fmt.Errorf("ListShards: more than %d pages", maxListPages)
}

// Life of a shard in the lineage.
const (
	pending = iota // known, not started: waiting for its parents
	running
	done
)

// shardInfo is what the coordinator knows of one shard.
type shardInfo struct {
	id      string
	parents []string // ParentShardId first, then AdjacentParentShardId
	state   int
	start   position
	// history: the shard's lines are History. For a shard found after the
	// start it follows its parents, decided when it starts.
	history bool
	found   bool // found after the start (a child, or a new shard)
}

// lineage is the coordinator's map of shards: which may start (their
// parents are done), and which are wanted (all, or a subset and its
// descendants). It is used by the coordinator goroutine only.
type lineage struct {
	shards map[string]*shardInfo
	subset map[string]bool // nil: every shard
}

func newLineage(subset []string) *lineage {
	l := &lineage{shards: map[string]*shardInfo{}}
	if len(subset) > 0 {
		l.subset = map[string]bool{}
		for _, id := range subset {
			l.subset[id] = true
		}
	}
	return l
}

// add records a shard unless it is known already.
func (l *lineage) add(sh *shardInfo) {
	if _, ok := l.shards[sh.id]; !ok {
		l.shards[sh.id] = sh
	}
}

// wanted: every shard, or one named in the subset, or one whose first
// parent is wanted (so that after a merge exactly one of several
// instances reading disjoint subsets follows the child).
func (l *lineage) wanted(sh *shardInfo) bool {
	for range len(l.shards) + 1 {
		if l.subset == nil || l.subset[sh.id] {
			return true
		}
		if len(sh.parents) == 0 {
			return false
		}
		p, ok := l.shards[sh.parents[0]]
		if !ok {
			return false
		}
		sh = p
	}
	return false // a cycle: only a broken server could send one
}

// ready: every parent is done, not known (expired, or never listed), or
// read by someone else (not wanted here).
func (l *lineage) ready(sh *shardInfo) bool {
	for _, id := range sh.parents {
		if p, ok := l.shards[id]; ok && p.state != done && l.wanted(p) {
			return false
		}
	}
	return true
}

// startable returns the pending wanted shards whose parents are done, in
// id order, and settles the History flag of those found after the start.
func (l *lineage) startable() []*shardInfo {
	var out []*shardInfo
	for _, sh := range l.shards {
		if sh.state == pending && l.wanted(sh) && l.ready(sh) {
			out = append(out, sh)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	for _, sh := range out {
		if sh.found {
			sh.history = false
			for _, id := range sh.parents {
				if p, ok := l.shards[id]; ok && p.history {
					sh.history = true
				}
			}
		}
	}
	return out
}

// parentsOf returns the parents of a listed shard, first parent first.
func parentsOf(sh types.Shard) []string {
	var ps []string
	if p := aws.ToString(sh.ParentShardId); p != "" {
		ps = append(ps, p)
	}
	if p := aws.ToString(sh.AdjacentParentShardId); p != "" {
		ps = append(ps, p)
	}
	return ps
}
