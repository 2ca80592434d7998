package kinesis

import (
	"sort"
	"sync"
	"time"

	"github.com/tailtop/tailtop/feed"
)

// keepFinished bounds how many closed shards stay listed in Origins; their
// counts stay in the totals.
const keepFinished = 32

// States of the source and of its shards, as feed.Status names them.
const (
	stateWaiting      = "waiting"
	stateReading      = "reading"
	stateReconnecting = "reconnecting"
	stateDone         = "done"
	stateError        = "error"
)

// shardStatus is the health of one shard; guarded by statusBook.mu.
type shardStatus struct {
	feed.Status
	started time.Time
}

// statusBook is the source's health, written by the shard readers and
// read by Status from any goroutine.
type statusBook struct {
	mu        sync.Mutex
	name      string
	state     string
	lastError string
	lastAt    time.Time // when lastError was set
	errors    int64     // failures outside any shard (listing, consumer)
	shards    map[string]*shardStatus
	finished  []*shardStatus
	closed    feed.Status // the sums of shards no longer in finished
}

func newStatusBook(name string) *statusBook {
	return &statusBook{name: name, state: stateWaiting, shards: map[string]*shardStatus{}}
}

func (b *statusBook) setState(s string) {
	b.mu.Lock()
	b.state = s
	b.mu.Unlock()
}

// sourceError records a failure outside any shard.
func (b *statusBook) sourceError(err error) {
	b.mu.Lock()
	b.errors++
	b.lastError = explain(err)
	b.lastAt = time.Now()
	b.mu.Unlock()
}

// sourceRetry records a failure outside any shard that is retried after
// wait, saying so: "throttled, retrying in 800ms: ...".
func (b *statusBook) sourceRetry(err error, wait time.Duration) {
	b.mu.Lock()
	b.errors++
	b.lastError = retryText(err, wait)
	b.lastAt = time.Now()
	b.mu.Unlock()
}

// shard returns the status of a shard, adding it in state waiting.
func (b *statusBook) shard(id string) *shardStatus {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.shards[id]
	if s == nil {
		s = &shardStatus{Status: feed.Status{Name: id, Kind: "kinesis", State: stateWaiting}, started: time.Now()}
		b.shards[id] = s
	}
	return s
}

// update runs fn on a shard's status under the lock.
func (b *statusBook) update(s *shardStatus, fn func(*feed.Status)) {
	b.mu.Lock()
	fn(&s.Status)
	b.mu.Unlock()
}

// fail records a shard's failure with a message the user can act on.
func (b *statusBook) fail(s *shardStatus, state string, msg string) {
	b.mu.Lock()
	s.Errors++
	s.LastError = msg
	if state != "" {
		s.State = state
	}
	b.lastError = s.Name + ": " + msg
	b.lastAt = time.Now()
	b.mu.Unlock()
}

// finish moves a shard to the finished list, keeping the list bounded.
func (b *statusBook) finish(s *shardStatus, state string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s.State = state
	s.Lag = 0
	if b.shards[s.Name] != s {
		return
	}
	delete(b.shards, s.Name)
	b.finished = append(b.finished, s)
	if len(b.finished) > keepFinished {
		old := b.finished[0]
		b.finished = b.finished[1:]
		add(&b.closed, &old.Status)
	}
}

func add(dst, s *feed.Status) {
	dst.Lines += s.Lines
	dst.Bytes += s.Bytes
	dst.Truncated += s.Truncated
	dst.Errors += s.Errors
	dst.Reconnects += s.Reconnects
}

func (b *statusBook) snapshot() feed.Status {
	b.mu.Lock()
	defer b.mu.Unlock()
	st := feed.Status{Name: b.name, Kind: "kinesis", State: b.state, LastError: b.lastError, Errors: b.errors}
	add(&st, &b.closed)
	reconnecting := false
	for _, list := range [][]*shardStatus{b.finished, mapValues(b.shards)} {
		for _, s := range list {
			add(&st, &s.Status)
			st.Lag = max(st.Lag, s.Lag)
			st.Origins = append(st.Origins, s.Status)
			reconnecting = reconnecting || s.State == stateReconnecting
		}
	}
	sort.Slice(st.Origins, func(i, j int) bool { return st.Origins[i].Name < st.Origins[j].Name })
	if st.State == stateReading && reconnecting {
		st.State = stateReconnecting
	}
	return st
}

func mapValues(m map[string]*shardStatus) []*shardStatus {
	out := make([]*shardStatus, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
