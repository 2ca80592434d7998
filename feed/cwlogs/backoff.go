package cwlogs

import (
	"context"
	"math/rand/v2"
	"time"
)

// backoff is an exponential delay with jitter between min and max.
type backoff struct {
	min, max time.Duration
	cur      time.Duration
}

// next returns the delay to wait now and doubles the following one.
func (b *backoff) next() time.Duration {
	if b.cur < b.min {
		b.cur = b.min
	}
	d := b.cur
	b.cur = min(2*b.cur, b.max)
	// Up to a quarter less, so that several sessions do not retry in step.
	return d - time.Duration(rand.Int64N(int64(d)/4+1))
}

func (b *backoff) reset() { b.cur = 0 }

// sleep waits d or until ctx is done; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
