package synth

import (
	"context"
	"time"
)

// clock paces the live feed. Tests replace it with one that advances
// without waiting.
type clock interface {
	now() time.Time
	// wait blocks until the next tick; false when ctx is done.
	wait(ctx context.Context) bool
	stop()
}

type tickerClock struct{ t *time.Ticker }

func newTickerClock() clock { return tickerClock{time.NewTicker(tick)} }

func (c tickerClock) now() time.Time { return time.Now() }
func (c tickerClock) stop()          { c.t.Stop() }

func (c tickerClock) wait(ctx context.Context) bool {
	if ctx.Err() != nil {
		return false // a tick that is also ready must not win the select
	}
	select {
	case <-ctx.Done():
		return false
	case <-c.t.C:
		return true
	}
}
