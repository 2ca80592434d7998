package cwlogs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/tailtop/tailtop/feed"
)

// poller reads log groups through FilterLogEvents: the --since history
// before Live Tail, and the whole feed in poll mode. It runs on one
// goroutine.
type poller struct {
	s      *Source
	client *cloudwatchlogs.Client
	emit   feed.Emit
	last   time.Time // of the last call, to keep PollCallGap between calls
	evs    []event
}

// loadHistory reads the --since history of every group before going live.
// The events are remembered by id and by digest: the live sessions
// recognize them by digest, a fallback to polling by id.
func (s *Source) loadHistory(ctx context.Context, emit feed.Emit, client *cloudwatchlogs.Client, groups []*group) error {
	p := &poller{s: s, client: client, emit: emit}
	gen := s.nextGen()
	for _, g := range groups {
		if err := p.group(ctx, g, pass{gen: gen, key: keyID, history: true, alsoDigest: true}); err != nil {
			if errors.Is(err, errStopped) || ctx.Err() != nil {
				return err
			}
			return fmt.Errorf("cwlogs: loading history of %s: %s", g.name, explain(err))
		}
		g.history = false
	}
	s.setNotice("")
	return nil
}

// runPoll polls every group in rounds, PollInterval apart, until ctx is
// done. Each round starts a little before the newest event already seen
// (PollLookback) to catch late ingestion; the overlap is dropped by event
// id. Errors that retrying cannot fix end the source if no round has
// succeeded yet; later they are counted and the next round tries again.
func (s *Source) runPoll(ctx context.Context, emit feed.Emit, client *cloudwatchlogs.Client, groups []*group) error {
	s.mu.Lock()
	s.state, s.mode = "following", ModePoll
	s.mu.Unlock()
	p := &poller{s: s, client: client, emit: emit}
	succeeded := false
	for {
		gen := s.nextGen()
		for _, g := range groups {
			err := p.group(ctx, g, pass{gen: gen, key: keyID, history: g.history})
			switch {
			case errors.Is(err, errStopped):
				return err
			case ctx.Err() != nil:
				return nil
			case err != nil && !succeeded && classify(err) == fatal:
				return fmt.Errorf("cwlogs: FilterLogEvents on %s: %s", g.name, explain(err))
			case err != nil:
				s.fail("FilterLogEvents on " + g.name + ": " + explain(err))
			default:
				succeeded = true
				g.history = false
			}
		}
		s.setState("following")
		if !sleep(ctx, s.cfg.PollInterval) {
			return nil
		}
	}
}

// group reads one group from its start time, following nextToken to the
// end (pages may be empty while a token is still given), retrying
// throttled calls with backoff.
func (p *poller) group(ctx context.Context, g *group, ps pass) error {
	s := p.s
	start := g.from
	if g.newest > 0 {
		start = max(start, g.newest-s.cfg.PollLookback.Milliseconds())
	}
	in := &cloudwatchlogs.FilterLogEventsInput{
		LogGroupIdentifier: aws.String(g.arn),
		StartTime:          aws.Int64(start),
		FilterPattern:      nonEmpty(s.cfg.Filter),
		LogStreamNames:     s.cfg.Streams,
	}
	var prefixes []string
	switch len(s.cfg.StreamPrefixes) {
	case 0:
	case 1:
		in.LogStreamNamePrefix = aws.String(s.cfg.StreamPrefixes[0])
	default:
		// FilterLogEvents takes one prefix: filter the others here.
		prefixes = s.cfg.StreamPrefixes
	}
	bo := backoff{min: max(s.cfg.MinBackoff, s.cfg.PollCallGap), max: s.cfg.MaxBackoff}
	lostPage := false // the last answer was lost: its page is asked for again
	for {
		if !p.pace(ctx) {
			return ctx.Err()
		}
		cctx, cancel := context.WithTimeout(ctx, s.cfg.CallTimeout)
		out, err := p.client.FilterLogEvents(cctx, in, noRetry)
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			d := bo.next()
			switch c := classify(err); {
			case c == throttled:
				// Refused before any work: the same page again.
				s.fail(retryText(err, d, "FilterLogEvents on "+g.name))
				s.setState("waiting")
			case c == transient || c == expiredCreds:
				// The answer is lost (a dropped connection, no answer, a
				// body that could not be read, refused credentials): the
				// same page again, with its token.
				s.fail(retryText(err, d, "FilterLogEvents on "+g.name))
				s.setState("reconnecting")
				s.reconnects.Add(1)
				lostPage = in.NextToken != nil
			case lostPage && badToken(err):
				// The lost answer used the page token up: ask again from a
				// little before the newest event delivered, without it. The
				// overlap is dropped by event id, in a new dedup generation.
				lostPage = false
				in.NextToken = nil
				if g.newest > 0 {
					in.StartTime = aws.Int64(max(g.from, g.newest-s.cfg.PollLookback.Milliseconds()))
				}
				ps.gen = s.nextGen()
				d = 0
			default:
				return err
			}
			if !sleep(ctx, d) {
				return ctx.Err()
			}
			continue
		}
		bo.reset()
		lostPage = false
		p.evs = p.evs[:0]
		for i := range out.Events {
			e := &out.Events[i]
			ts := aws.ToInt64(e.Timestamp)
			g.newest = max(g.newest, ts)
			stream := aws.ToString(e.LogStreamName)
			if prefixes != nil && !hasAnyPrefix(stream, prefixes) {
				continue
			}
			p.evs = append(p.evs, event{
				group:   g,
				groupID: g.name,
				stream:  stream,
				message: aws.ToString(e.Message),
				id:      aws.ToString(e.EventId),
				ts:      ts,
				ingest:  aws.ToInt64(e.IngestionTime),
			})
		}
		if !s.deliver(p.evs, ps, p.emit) {
			return errStopped
		}
		next := aws.ToString(out.NextToken)
		if next == "" || next == aws.ToString(in.NextToken) {
			return nil
		}
		in.NextToken = out.NextToken
	}
}

// pace keeps PollCallGap between two calls; it reports false when ctx is
// done first.
func (p *poller) pace(ctx context.Context) bool {
	if wait := p.s.cfg.PollCallGap - time.Since(p.last); !p.last.IsZero() && wait > 0 {
		if !sleep(ctx, wait) {
			return false
		}
	}
	p.last = time.Now()
	return ctx.Err() == nil
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
