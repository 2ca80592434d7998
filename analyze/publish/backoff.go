package publish

import (
	"math/rand/v2"
	"time"
)

// backoff is an exponential delay with jitter between min and max.
type backoff struct {
	min, max time.Duration
	cur      time.Duration
}

// next returns the delay to wait now and doubles the following one. The
// delay is up to a quarter shorter than nominal, so that several tailtops
// throttled together do not retry in step.
func (b *backoff) next() time.Duration {
	if b.cur < b.min {
		b.cur = b.min
	}
	d := b.cur
	b.cur = min(2*b.cur, b.max)
	return d - time.Duration(rand.Int64N(int64(d)/4+1))
}
