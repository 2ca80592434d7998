package analyze

import (
	"fmt"
	"math/rand"
	"testing"
)

// weighted is the brute-force model with counts: every (second, key, n).
type weighted struct{ events []wevent }
type wevent struct {
	sec int64
	key string
	n   int64
}

// ringPairs is the real size of c's ring, counted from its buckets.
func ringPairs(c *Counter) int {
	n := 0
	for i := range c.ring {
		n += len(c.ring[i].pairs)
	}
	return n
}

// TestCounterRingBudgetHoldsUnderKeyFlood floods a small-budget counter
// with new keys every second (and a few steady keys, one of them counted
// 300 times a second: the two-word form) for longer than an hour. The ring
// never holds more than its budget, and every count of every key in every
// window keeps its promise: the true count lies in [count-error, count].
// Seconds the budget did not drop leave their windows exactly as before.
func TestCounterRingBudgetHoldsUnderKeyFlood(t *testing.T) {
	const capacity = 256
	r := rand.New(rand.NewSource(7))
	c := NewCounter(capacity)
	c.budget = 2 * 60 * capacity // the smallest budget NewCounter allows for this cap
	var b weighted
	now := int64(1_700_000_000)
	next := 0
	maxHeld := 0
	for sec := 0; sec < 4000; sec++ {
		now++
		c.Advance(now)
		// Two steady keys with 5% of the traffic each: heavy hitters,
		// which the sketch never evicts.
		for _, k := range []string{"steady-a", "steady-b"} {
			c.Add([]byte(k), 20)
			b.events = append(b.events, wevent{now, k, 20})
		}
		c.Add([]byte("big"), 300)
		b.events = append(b.events, wevent{now, "big", 300})
		for range 300 + r.Intn(150) {
			key := fmt.Sprintf("flood-%d", next)
			next++
			c.Add([]byte(key), 1)
			b.events = append(b.events, wevent{now, key, 1})
		}
		if got := ringPairs(c); got != c.held || got > c.budget {
			t.Fatalf("second %d: ring holds %d pairs, held says %d, budget %d", sec, got, c.held, c.budget)
		}
		maxHeld = max(maxHeld, c.held)
		if sec%450 == 449 {
			checkBounds(t, c, &b, now)
		}
		// Keep the oracle small: events older than the hour are out of
		// every window (all-time totals are checked through "steady-a").
		if len(b.events) > 2_000_000 {
			cut := 0
			for cut < len(b.events) && b.events[cut].sec <= now-3600 {
				cut++
			}
			b.events = append(b.events[:0], b.events[cut:]...)
		}
	}
	if c.droppedThrough < 0 {
		t.Fatal("the flood never reached the budget: the test tests nothing")
	}
	if maxHeld < c.budget*9/10 {
		t.Fatalf("the ring peaked at %d pairs of %d: the budget was not used", maxHeld, c.budget)
	}
	if n, e := c.ent[idOf(t, c, "steady-a")].count(-1); n != 20*4000 || e != 0 {
		t.Fatalf("all-time count of steady-a: %d (err %d), want %d exact", n, e, 20*4000)
	}
}

// checkBounds checks every key the counter holds in every window against
// the brute-force count: true in [count-error, count]; and the minute
// window, which the budget never touches, is exact for keys without
// inherited error.
func checkBounds(t *testing.T, c *Counter, b *weighted, now int64) {
	t.Helper()
	// The true counts of the keys the counter holds, per window.
	truth := map[string]*[nWindows]int64{}
	for i := range c.ent {
		truth[c.ent[i].key] = new([nWindows]int64)
	}
	for _, ev := range b.events {
		if tw := truth[ev.key]; tw != nil {
			for w := range nWindows {
				if ev.sec > now-int64(Windows[w].Seconds()) {
					tw[w] += ev.n
				}
			}
		}
	}
	for i := range c.ent {
		e := &c.ent[i]
		for w := range nWindows {
			n, er := e.count(w)
			want := truth[e.key][w]
			if want > n || want < n-er {
				t.Fatalf("now=%d window %v key %s: count %d err %d, true %d", now, Windows[w], e.key, n, er, want)
			}
		}
	}
	for _, k := range []string{"steady-a", "steady-b", "big"} {
		e := &c.ent[idOf(t, c, k)]
		if n, er := e.count(0); n != truth[k][0] || er != 0 {
			t.Fatalf("1m count of %s: %d (err %d), want %d exact", k, n, er, truth[k][0])
		}
	}
}
