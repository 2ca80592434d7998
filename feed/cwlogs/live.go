package cwlogs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/awsconf"
	"github.com/tailtop/tailtop/internal/crash"
)

// healthySession is how long a session must have lasted for the next one
// to start without the backoff accumulated by earlier failures.
const healthySession = time.Minute

// runLive follows the groups with one Live Tail session per ten groups
// until ctx is done, the consumer goes away, or a session fails in a way
// retrying cannot fix; then every session stops.
func (s *Source) runLive(ctx context.Context, emit feed.Emit, groups []*group) error {
	var sessions []*session
	s.mu.Lock()
	for i := 0; i < len(groups); i += groupsPerSession {
		ss := &session{groups: groups[i:min(i+groupsPerSession, len(groups))], state: "waiting"}
		for _, g := range ss.groups {
			g.sess = ss
		}
		sessions = append(sessions, ss)
	}
	s.sessions = sessions
	s.state = "following"
	s.mode = ModeLive
	s.mu.Unlock()
	table := newGroupTable(groups)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(sessions))
	var wg sync.WaitGroup
	for i, ss := range sessions {
		wg.Go(func() {
			defer crash.Recover("cwlogs session")
			if err := s.follow(ctx, emit, ss, table); err != nil {
				errs[i] = err
				cancel()
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// sessionEnd is why a session's stream ended.
type sessionEnd struct {
	// trouble is what happened in the words of the sources pane
	// ("connection reset", "malformed answer"); why the detail.
	trouble string
	why     string
	timeout bool // the normal end after three hours
	stopped bool // the consumer is gone
}

// follow keeps one session slot open: it starts a session, reads it until
// it ends, and starts the next with backoff, reporting reconnects and gaps.
func (s *Source) follow(ctx context.Context, emit feed.Emit, ss *session, table groupTable) error {
	in := &cloudwatchlogs.StartLiveTailInput{
		LogEventFilterPattern: nonEmpty(s.cfg.Filter),
		LogStreamNames:        s.cfg.Streams,
		LogStreamNamePrefixes: s.cfg.StreamPrefixes,
	}
	names := make([]string, len(ss.groups))
	for i, g := range ss.groups {
		in.LogGroupIdentifiers = append(in.LogGroupIdentifiers, g.arn)
		names[i] = g.name
	}
	bo := backoff{min: s.cfg.MinBackoff, max: s.cfg.MaxBackoff}
	var ended time.Time
	var why string
	started := false
	for {
		if ctx.Err() != nil {
			return nil
		}
		// A client per session: the SDK keeps its event stream decoder in
		// the client, and the reader of the previous session may still be
		// winding down.
		client := s.newClient()
		sctx, cancel := context.WithCancel(ctx)
		// The call returns once the stream starts; a request left
		// unanswered is given up after CallTimeout (the stream itself is
		// watched by StallTimeout).
		answered := time.AfterFunc(s.cfg.CallTimeout, cancel)
		out, err := client.StartLiveTail(sctx, in, noRetry)
		if !answered.Stop() && ctx.Err() == nil {
			if err == nil {
				out.GetStream().Close()
			}
			err = fmt.Errorf("StartLiveTail did not answer within %s: %w", s.cfg.CallTimeout, context.DeadlineExceeded)
		}
		if err != nil {
			cancel()
			if ctx.Err() != nil {
				return nil
			}
			class := classify(err)
			if !s.everLive.Load() && (class == unavailable || !s.customEndpoint(client) && noHost(err)) {
				return &unavailableError{err}
			}
			if class == fatal && !started {
				return fmt.Errorf("cwlogs: StartLiveTail on %s: %s", strings.Join(names, ", "), explain(err))
			}
			d := bo.next()
			if class == quota {
				// Sessions of the account free up slowly: do not hammer.
				d = max(d, s.cfg.MaxBackoff)
			}
			s.fail(retryText(err, d, "StartLiveTail"))
			s.setSession(ss, "reconnecting", "")
			if !sleep(ctx, d) {
				return nil
			}
			continue
		}
		started = true
		s.everLive.Store(true)
		s.setSession(ss, "following", "")
		if !ended.IsZero() {
			// Live Tail does not replay: what was sent during the gap is
			// lost, and the status says how long it was.
			s.setError(fmt.Sprintf("%s; new session after a gap of %s", why, time.Since(ended).Round(time.Millisecond)))
		}
		began := time.Now()
		stream := out.GetStream()
		end := s.read(sctx, emit, ss, table, stream)
		stream.Close()
		cancel()
		if end.stopped {
			return errStopped
		}
		if ctx.Err() != nil {
			return nil
		}
		ended = time.Now()
		why = end.trouble + ": " + end.why
		s.reconnects.Add(1)
		ss.reconnects.Add(1)
		s.setSession(ss, "reconnecting", "")
		var d time.Duration
		if end.timeout {
			bo.reset()
		} else {
			s.errors.Add(1)
			if ended.Sub(began) > healthySession {
				bo.reset()
			}
			d = bo.next()
		}
		in := ""
		if d > 0 {
			in = " in " + awsconf.Round(d).String()
		}
		s.setError(fmt.Sprintf("%s, reconnecting%s: %s", end.trouble, in, end.why))
		if !sleep(ctx, d) {
			return nil
		}
	}
}

// customEndpoint reports whether the client talks to an endpoint set by
// the user rather than the region's.
func (s *Source) customEndpoint(c *cloudwatchlogs.Client) bool {
	o := c.Options()
	return o.BaseEndpoint != nil || o.EndpointResolver != nil
}

// read delivers the events of one session until its stream ends, ctx is
// done, or nothing arrives for StallTimeout (the service sends an update
// every second, so silence means a dead connection).
func (s *Source) read(ctx context.Context, emit feed.Emit, ss *session, table groupTable, stream *cloudwatchlogs.StartLiveTailEventStream) sessionEnd {
	stall := time.NewTimer(s.cfg.StallTimeout)
	defer stall.Stop()
	gen := s.nextGen()
	var evs []event
	for {
		select {
		case <-ctx.Done():
			return sessionEnd{why: "stopped"}
		case <-stall.C:
			return sessionEnd{trouble: "connection stalled", why: fmt.Sprintf("Live Tail sent nothing for %s", s.cfg.StallTimeout)}
		case ev, ok := <-stream.Events():
			if !ok {
				return streamEnd(stream.Err())
			}
			switch v := ev.(type) {
			case *types.StartLiveTailResponseStreamMemberSessionStart:
				s.setSession(ss, "following", aws.ToString(v.Value.SessionId))
				s.describeSessions()
			case *types.StartLiveTailResponseStreamMemberSessionUpdate:
				if md := v.Value.SessionMetadata; md != nil && md.Sampled {
					s.markSampled(ss, time.Now())
				}
				evs = evs[:0]
				for i := range v.Value.SessionResults {
					r := &v.Value.SessionResults[i]
					id := aws.ToString(r.LogGroupIdentifier)
					g := table.lookup(id)
					if g == nil {
						id = identifierName(id)
					}
					evs = append(evs, event{
						group:   g,
						groupID: id,
						stream:  aws.ToString(r.LogStreamName),
						message: aws.ToString(r.Message),
						ts:      aws.ToInt64(r.Timestamp),
						ingest:  aws.ToInt64(r.IngestionTime),
					})
				}
				if !s.deliver(evs, pass{gen: gen, key: keyDigest}, emit) {
					return sessionEnd{stopped: true}
				}
			case *types.UnknownUnionMember:
				s.fail(fmt.Sprintf("Live Tail sent an event of unknown type %q: skipped", oneLine(v.Tag)))
			default:
				s.fail(fmt.Sprintf("Live Tail sent an unexpected %T: skipped", ev))
			}
			stall.Reset(s.cfg.StallTimeout)
		}
	}
}

// streamEnd explains the end of a session's stream.
func streamEnd(err error) sessionEnd {
	var ste *types.SessionTimeoutException
	switch {
	case err == nil:
		// The service ends a session with a message (SessionTimeout
		// after three hours): a body that stops at a message boundary is
		// a lost connection.
		return sessionEnd{trouble: awsconf.TroubleReset, why: "Live Tail connection closed without an end message"}
	case errors.As(err, &ste):
		return sessionEnd{trouble: "session ended", why: explain(err), timeout: true}
	case awsconf.Trouble(err) == awsconf.TroubleReset:
		// Checked before decoding: the SDK reports a body cut mid-message
		// as a failure to decode it.
		return sessionEnd{trouble: awsconf.TroubleReset, why: "Live Tail connection lost (" + detail(err) + ")"}
	case strings.Contains(err.Error(), "deserialize") || strings.Contains(err.Error(), "decode") ||
		awsconf.Trouble(err) == awsconf.TroubleMalformed:
		return sessionEnd{trouble: awsconf.TroubleMalformed, why: "Live Tail sent a message that could not be decoded (" + detail(err) + ")"}
	}
	trouble := awsconf.Trouble(err)
	if trouble == "" {
		trouble = "session ended"
	}
	return sessionEnd{trouble: trouble, why: detail(err)}
}

// describeSessions writes the notice: which session follows which groups.
func (s *Source) describeSessions() {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	b.WriteString("Live Tail")
	for i, ss := range s.sessions {
		if i > 0 {
			b.WriteByte(';')
		}
		id := ss.id
		if id == "" {
			id = "(starting)"
		}
		fmt.Fprintf(&b, " session %s on", id)
		for j, g := range ss.groups {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(" " + g.name)
		}
	}
	s.notice = b.String()
}
