package cwlogs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/tailtop/tailtop/feed"
)

// Source is a CloudWatch Logs feed. It implements feed.Source.
type Source struct {
	cfg    Config
	awsCfg aws.Config
	// http is the client the source owns (nil when the configuration
	// brought its own); its idle connections are closed when Run returns.
	http *http.Client

	// emitMu serializes emit (one goroutine at a time, as feed.Source
	// promises) and the builder with its dedup memory, shared by all the
	// sessions so that history and live agree.
	emitMu sync.Mutex
	build  *builder
	gen    atomic.Uint32

	counters
	everLive     atomic.Bool
	sampledUntil atomic.Int64 // unix ns
	lagNanos     atomic.Int64

	mu        sync.Mutex
	state     string
	mode      string
	lastError string
	notice    string
	groups    []*group
	sessions  []*session
}

var _ feed.Source = (*Source)(nil)

// New checks cfg and returns a source. It calls no AWS API: names are
// resolved when Run starts.
func New(cfg Config) (*Source, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	s := &Source{cfg: cfg, awsCfg: cfg.AWS, state: "waiting", mode: cfg.Mode}
	if hc := ownHTTPClient(cfg.AWS.HTTPClient); hc != nil {
		s.http = hc
		s.awsCfg.HTTPClient = hc
	}
	if s.awsCfg.HTTPClient != nil {
		s.awsCfg.HTTPClient = detachBodies{s.awsCfg.HTTPClient}
	}
	s.build = newBuilder(cfg.Name, cfg.DedupMemory)
	return s, nil
}

// Name is the stream name.
func (s *Source) Name() string { return s.cfg.Name }

// Run resolves the log groups, loads the --since history, then follows them
// live (or polls) until ctx is done or a fatal error occurs. A consumer
// that goes away ends Run without error.
func (s *Source) Run(ctx context.Context, emit feed.Emit) (err error) {
	defer func() {
		if s.http != nil {
			s.http.CloseIdleConnections()
		}
		switch {
		case errors.Is(err, errStopped):
			err = nil
			s.setState("done")
		case err != nil:
			s.setError(err.Error())
			s.setState("error")
		default:
			s.setState("done")
		}
	}()

	client := s.newClient()
	groups, err := s.resolve(ctx, client)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	now := time.Now()
	for _, g := range groups {
		g.from = now.UnixMilli()
		if s.cfg.Since > 0 {
			g.from = now.Add(-s.cfg.Since).UnixMilli()
			g.history = true
		}
	}
	s.mu.Lock()
	s.groups = groups
	s.mu.Unlock()

	if s.cfg.Mode == ModeLive {
		if s.cfg.Since > 0 {
			s.setState("reading")
			s.setNotice(fmt.Sprintf("loading %s of history", s.cfg.Since))
			if err := s.loadHistory(ctx, emit, client, groups); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return err
			}
		}
		err := s.runLive(ctx, emit, groups)
		var ue *unavailableError
		if !errors.As(err, &ue) {
			if ctx.Err() != nil && !errors.Is(err, errStopped) {
				return nil
			}
			return err
		}
		s.mu.Lock()
		s.mode = ModePoll
		s.lastError = fmt.Sprintf("%s: polling with FilterLogEvents every %s instead", ue.Error(), s.cfg.PollInterval)
		s.notice = s.lastError
		s.sessions = nil
		for _, g := range groups {
			g.sess = nil
		}
		s.mu.Unlock()
	}
	err = s.runPoll(ctx, emit, client, groups)
	if ctx.Err() != nil && !errors.Is(err, errStopped) {
		return nil
	}
	return err
}

// deliver builds and emits the batches of one call's events under the emit
// lock, and updates the counters.
func (s *Source) deliver(evs []event, p pass, emit feed.Emit) bool {
	now := time.Now()
	s.emitMu.Lock()
	t, ok := s.build.build(evs, p, now, &s.counters, emit)
	s.emitMu.Unlock()
	if t.newest > 0 && !p.history {
		s.lagNanos.Store(max(0, now.Sub(time.UnixMilli(t.newest)).Nanoseconds()))
	}
	return ok
}

// nextGen starts a dedup generation (a session, a polling round, the
// history load).
func (s *Source) nextGen() uint32 { return s.gen.Add(1) }
