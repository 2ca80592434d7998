package publish

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/feed/awsconf"
	"github.com/tailtop/tailtop/internal/crash"
)

// Source gives each stream's exact counts for the whole seconds in
// [from, to). *analyze.Engine satisfies it.
type Source interface {
	Interval(from, to time.Time, topN int) []analyze.IntervalStats
}

// Publisher publishes a Source's counts every interval. Run does the work;
// Status and Health are safe to call at any time.
type Publisher struct {
	cfg   Config
	src   Source
	sink  sink
	build builder
	name  string

	running atomic.Bool
	wake    chan struct{} // a new interval is queued (capacity 1)

	mu       sync.Mutex
	q        queue
	inflight []Datum       // the batch being sent or retried
	h        Health        // counters and state, except what q and inflight hold
	changed  chan struct{} // closed and replaced when the health changes
}

// New checks the configuration and makes a publisher. Nothing is sent
// before Run.
func New(cfg Config, src Source) (*Publisher, error) {
	if src == nil {
		return nil, errors.New("publish: no source of counts")
	}
	c, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	p := &Publisher{cfg: c, src: src, build: newBuilder(c), wake: make(chan struct{}, 1), name: "cloudwatch",
		changed: make(chan struct{})}
	p.q.maxIntervals, p.q.maxDatums = c.QueueIntervals, c.QueueDatums
	p.h.State = "starting"
	switch {
	case c.EMF && c.DryRun == nil:
		return nil, errors.New("publish: Embedded Metric Format output is for a dry run (set DryRun)")
	case c.DryRun != nil && c.EMF:
		p.sink, p.name = &emfSink{w: c.DryRun, namespace: c.Namespace}, "cloudwatch (dry run)"
	case c.DryRun != nil:
		p.sink, p.name = &jsonSink{w: c.DryRun, namespace: c.Namespace}, "cloudwatch (dry run)"
	default:
		if c.AWS.Region == "" {
			return nil, errors.New("publish: no AWS region: pass --region, set AWS_REGION, or set a region in your AWS profile")
		}
		p.sink = newCloudWatch(c)
	}
	return p, nil
}

// Run publishes until ctx ends. Every interval (aligned to multiples of the
// interval) it takes the interval that just closed, builds its datums and
// queues them; a background sender delivers the queue. When ctx ends it
// queues the final, partial interval (up to the end of the current
// second), gives the sender FlushTimeout to deliver what is queued, and
// returns. Run never waits on CloudWatch while intervals are due.
func (p *Publisher) Run(ctx context.Context) error {
	if !p.running.CompareAndSwap(false, true) {
		return errRunning
	}
	defer p.running.Store(false)

	// The sender outlives ctx by the flush; it stops at the flush deadline.
	sendCtx, stopSending := context.WithCancel(context.WithoutCancel(ctx))
	defer stopSending()
	drain := make(chan struct{})
	senderDone := make(chan struct{})
	go func() {
		defer crash.Recover("publish")
		defer close(senderDone)
		p.sender(sendCtx, drain)
	}()

	iv := p.cfg.Interval
	from := p.cfg.Now().Truncate(iv)
	p.setState("publishing")
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for ctx.Err() == nil {
		ticks := p.cfg.Ticks
		if ticks == nil {
			now := p.cfg.Now()
			timer.Reset(now.Truncate(iv).Add(iv).Sub(now))
			ticks = timer.C
		}
		select {
		case <-ctx.Done():
		case t := <-ticks:
			if p.cfg.Ticks == nil {
				t = p.cfg.Now() // the wall clock says what has closed, as for the engine
			}
			from = p.closeUpTo(from, t.Truncate(iv))
		}
	}

	// Flush: the whole intervals due, then the partial one, which includes
	// the current second so far.
	end := p.cfg.Now().Truncate(time.Second).Add(time.Second)
	from = p.closeUpTo(from, end.Truncate(iv))
	if end.After(from) {
		p.closeInterval(from, end)
	}
	close(drain)
	deadline := time.AfterFunc(p.cfg.FlushTimeout, stopSending)
	<-senderDone
	deadline.Stop()
	p.stopped()
	return nil
}

// closeUpTo closes every whole interval from `from` to `to` and returns the
// new start. Intervals older than the analyzer's hour of history are gone
// (after a suspend): they are skipped.
func (p *Publisher) closeUpTo(from, to time.Time) time.Time {
	iv := p.cfg.Interval
	if keep := time.Duration(int64(time.Hour/iv)) * iv; to.Sub(from) > keep {
		from = to.Add(-keep)
	}
	for from.Before(to) {
		next := from.Add(iv)
		p.closeInterval(from, next)
		from = next
	}
	return from
}

// closeInterval queues the datums of [from, to) and wakes the sender.
func (p *Publisher) closeInterval(from, to time.Time) {
	stats := p.src.Interval(from, to, max(p.cfg.TopN, 1))
	datums := p.build.build(nil, stats)
	p.mu.Lock()
	p.q.push(&pending{from: from, datums: datums})
	p.h.LastInterval = to
	p.notifyLocked()
	p.mu.Unlock()
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// sender delivers batches in order, one request at a time, until drain is
// closed and the queue is empty, or ctx ends.
func (p *Publisher) sender(ctx context.Context, drain <-chan struct{}) {
	maxN, maxBytes := p.sink.limits()
	for {
		p.mu.Lock()
		batch := p.q.take(maxN, maxBytes, datumSize)
		p.inflight = batch
		p.mu.Unlock()
		if batch == nil {
			select {
			case <-p.wake:
				continue
			case <-drain:
			case <-ctx.Done():
			}
			return
		}
		if !p.deliver(ctx, batch, drain) {
			return
		}
	}
}

// deliver sends one batch until it is accepted or refused for good. A
// failed attempt is retried with the same datums after a backoff; at
// shutdown (drain closed) one backoff is cut short, to try at once. It
// returns false when ctx ended first.
func (p *Publisher) deliver(ctx context.Context, batch []Datum, drain <-chan struct{}) bool {
	bo := backoff{min: p.cfg.MinBackoff, max: p.cfg.MaxBackoff}
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			p.mu.Lock()
			p.h.Retries++
			p.notifyLocked()
			p.mu.Unlock()
		}
		n, err := p.sink.put(ctx, batch)
		if err == nil {
			p.delivered(len(batch), n)
			return true
		}
		if ctx.Err() != nil {
			return false
		}
		if classify(err) == reject {
			p.refused(len(batch), err)
			return true
		}
		wait := bo.next()
		p.failed(err, wait)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-drain:
			drain = nil
		case <-ctx.Done():
			t.Stop()
			return false
		}
		t.Stop()
	}
}

func (p *Publisher) setState(s string) {
	p.mu.Lock()
	p.h.State = s
	p.notifyLocked()
	p.mu.Unlock()
}

// notifyLocked wakes whoever waits for a health change; p.mu is held.
func (p *Publisher) notifyLocked() {
	close(p.changed)
	p.changed = make(chan struct{})
}

func (p *Publisher) delivered(datums, bytes int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	defer p.notifyLocked()
	p.inflight = nil
	p.h.Sent += int64(datums)
	p.h.SentBytes += int64(bytes)
	p.h.Requests++
	p.h.LastSuccess = p.cfg.Now()
	p.h.State = "publishing"
}

// failed records an attempt that is made again after wait, saying what
// happened and what comes next ("throttled, retrying in 800ms: ...").
func (p *Publisher) failed(err error, wait time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	defer p.notifyLocked()
	p.h.Errors++
	p.h.LastError = awsconf.RetryNote(err, wait) + ": " + explain(err)
	p.h.State = "retrying"
}

func (p *Publisher) refused(datums int, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	defer p.notifyLocked()
	p.inflight = nil
	p.h.Errors++
	p.h.Rejected += int64(datums)
	p.h.LastError = "refused, dropped: " + explain(err)
}

// stopped counts what the flush could not deliver as dropped.
func (p *Publisher) stopped() {
	p.mu.Lock()
	defer p.mu.Unlock()
	defer p.notifyLocked()
	p.h.LostAtStop += int64(len(p.inflight) + p.q.datums)
	p.inflight = nil
	p.q.clear()
	p.h.State = "stopped"
}
