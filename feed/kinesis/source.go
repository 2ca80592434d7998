package kinesis

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/internal/crash"
)

// Source reads one Kinesis data stream. It implements feed.Source.
type Source struct {
	cfg    Config
	name   string
	stream stream
	from   position
	client *kinesis.Client
	book   *statusBook

	// Set by Run.
	started     atomic.Bool
	emitMu      sync.Mutex
	emitFn      feed.Emit
	stop        atomic.Bool // the consumer is gone
	cancel      context.CancelFunc
	consumerARN string
}

var _ feed.Source = (*Source)(nil)

// New checks cfg and returns its source; it makes no AWS call.
func New(cfg Config) (*Source, error) {
	cfg = cfg.withDefaults()
	st, err := parseStream(cfg.Stream)
	if err != nil {
		return nil, err
	}
	from, err := parseFrom(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("kinesis: %w", err)
	}
	for _, id := range cfg.Shards {
		if !shardRE.MatchString(id) {
			return nil, fmt.Errorf("kinesis: %q is not a shard id", id)
		}
	}
	if cfg.EFO != "" && !nameRE.MatchString(cfg.EFO) {
		return nil, fmt.Errorf("kinesis: %q is not a consumer name (1-128 of a-z A-Z 0-9 _ . -)", cfg.EFO)
	}
	region := cfg.AWS.Region
	if st.region != "" {
		region = st.region // the stream's own region wins
	}
	if region == "" {
		return nil, errors.New("kinesis: no AWS region: pass --region, set AWS_REGION, or give the stream ARN")
	}
	name := cfg.Name
	if name == "" {
		name = "kinesis://" + strings.TrimPrefix(cfg.Stream, "kinesis://")
	}
	s := &Source{cfg: cfg, name: name, stream: st, from: from, book: newStatusBook(name)}
	s.client = kinesis.NewFromConfig(cfg.AWS, func(o *kinesis.Options) {
		o.Region = region
		// Every failure goes through the readers' own loops, where it is
		// counted and shown; SDK retries would hide them.
		o.Retryer = aws.NopRetryer{}
		o.RetryMaxAttempts = 0
	})
	return s, nil
}

// Name is the stream name shown on screen.
func (s *Source) Name() string { return s.name }

// Status is the source's health, shards in Origins.
func (s *Source) Status() feed.Status { return s.book.snapshot() }

func (s *Source) streamNameParam() *string {
	if s.stream.arn != "" {
		return nil
	}
	return aws.String(s.stream.name)
}

func (s *Source) streamARNParam() *string {
	if s.stream.arn == "" {
		return nil
	}
	return aws.String(s.stream.arn)
}

// emit hands a batch to the consumer, one caller at a time.
func (s *Source) emit(b *feed.Batch) {
	s.emitMu.Lock()
	defer s.emitMu.Unlock()
	if s.stop.Load() {
		return
	}
	if !s.emitFn(b) {
		s.stop.Store(true)
		s.cancel()
	}
}

func (s *Source) stopped() bool { return s.stop.Load() }

// Run reads every shard until ctx is done or the consumer is gone (it
// returns nil then). Errors a user must act on before anything can be read
// (stream not found, access denied, no credentials) end it at the start,
// as one line.
func (s *Source) Run(ctx context.Context, emit feed.Emit) error {
	if !s.started.CompareAndSwap(false, true) {
		return errors.New("kinesis: Run called twice")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.emitFn, s.cancel = emit, cancel

	created := ""
	err := s.run(ctx, &created)
	if created != "" && s.cfg.Deregister {
		if derr := s.deregisterConsumer(created); derr != nil {
			s.book.sourceError(fmt.Errorf("deregistering the fan-out consumer: %w", derr))
		}
	}
	if err != nil {
		s.book.sourceError(err)
		s.book.setState(stateError)
		return fmt.Errorf("%s: %s", s.name, explain(err))
	}
	s.book.setState(stateDone)
	return nil
}

// finished is a reader's end, reported to the coordinator.
type finished struct {
	sh      *shardInfo
	end     *shardEnd // nil: the context ended, or the consumer is gone
	history bool
}

// run is the coordinator: it starts the readers of shards that may start,
// follows their ends to their children, and lists shards again from time
// to time. It returns when ctx is done, having waited for the readers.
func (s *Source) run(ctx context.Context, created *string) error {
	if s.cfg.EFO != "" {
		err := s.untilStarted(ctx, func() error {
			arn, isNew, err := s.registerConsumer(ctx)
			if isNew {
				*created = arn
			}
			s.consumerARN = arn
			return err
		})
		if err != nil {
			return err
		}
	}
	var listed []types.Shard
	err := s.untilStarted(ctx, func() (err error) {
		listed, err = s.listShards(ctx)
		return err
	})
	if err != nil {
		return err
	}
	l := newLineage(s.cfg.Shards)
	for _, sh := range listed {
		info := &shardInfo{id: aws.ToString(sh.ShardId), parents: parentsOf(sh), start: s.from, history: s.from.kind != FromLatest}
		if s.from.kind == FromLatest && sh.SequenceNumberRange != nil && sh.SequenceNumberRange.EndingSequenceNumber != nil {
			info.state = done // closed before the start: nothing new in it
		}
		l.add(info)
	}
	if err := checkSubset(l, s.cfg.Shards); err != nil {
		return err
	}
	s.book.setState(stateReading)

	var wg sync.WaitGroup
	defer wg.Wait()
	ends := make(chan finished)
	launch := func() {
		for _, sh := range l.startable() {
			sh.state = running
			r := s.newReader(sh.id, sh.start, sh.history)
			wg.Add(1)
			go func() {
				defer crash.Recover("kinesis shard")
				defer wg.Done()
				end, _ := r.read(ctx)
				select {
				case ends <- finished{sh: sh, end: end, history: r.history}:
				case <-ctx.Done():
				}
			}()
		}
	}
	relist := func() {
		shards, err := s.listShards(ctx)
		if err != nil {
			if ctx.Err() == nil {
				s.book.sourceError(fmt.Errorf("listing shards: %w", err))
			}
			return
		}
		for _, sh := range shards {
			l.add(&shardInfo{id: aws.ToString(sh.ShardId), parents: parentsOf(sh), start: position{kind: FromTrim}, found: true})
		}
	}
	launch()
	tick := time.NewTicker(s.cfg.RelistInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case f := <-ends:
			if f.end == nil {
				continue
			}
			f.sh.state = done
			f.sh.history = f.history
			s.book.finish(s.book.shard(f.sh.id), shardEndState(s.book, f.sh.id))
			if l.subset != nil {
				// The order of ChildShards.ParentShards is not specified;
				// only a listing says which parent is the first, which
				// decides whether a subset follows the child.
				relist()
			} else {
				for _, c := range f.end.children {
					l.add(&shardInfo{id: aws.ToString(c.ShardId), parents: c.ParentShards, start: position{kind: FromTrim}, found: true})
				}
			}
			launch()
		case <-tick.C:
			relist()
			launch()
		}
	}
}

// shardEndState is "done" for a shard read to its end, "error" for one
// given up on (its state says so already).
func shardEndState(b *statusBook, id string) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if s := b.shards[id]; s != nil && s.State == stateError {
		return stateError
	}
	return stateDone
}

// untilStarted runs a first call until it succeeds, retrying failures
// that may pass (a network down, a server error) while the status says so,
// and returning those the user must act on. It returns nil when ctx ends.
func (s *Source) untilStarted(ctx context.Context, call func() error) error {
	bo := backoff{min: time.Second, max: 30 * time.Second}
	for {
		err := call()
		switch {
		case err == nil, ctx.Err() != nil:
			return nil
		case fatalAtStart(err):
			return err
		}
		wait := bo.next()
		s.book.sourceRetry(err, wait)
		s.book.setState(stateReconnecting)
		if !sleep(ctx, wait) {
			return nil
		}
	}
}

// checkSubset fails when shards= names a shard the stream does not have.
func checkSubset(l *lineage, subset []string) error {
	var missing []string
	for _, id := range subset {
		if _, ok := l.shards[id]; !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	var have []string
	for id := range l.shards {
		have = append(have, id)
	}
	sort.Strings(have)
	if len(have) > 8 {
		have = append(have[:8], "…")
	}
	return fmt.Errorf("shards=: no shard %s in the stream (it has %s)", strings.Join(missing, ", "), strings.Join(have, ", "))
}
