package analyze

import (
	"math/rand"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// A key counted 255 times or more in one second takes the long form of a
// packed pair; its second still leaves each window whole.
func TestCounterPackedPairsCarryLargeCounts(t *testing.T) {
	c := NewCounter(64)
	c.Advance(100)
	c.Add([]byte("big"), 100000)
	c.Add([]byte("small"), 3)
	c.Add([]byte("edge"), pairNBig)
	c.Advance(101)
	c.Add([]byte("big"), 1)
	if got := c.Range(100, 101)[idOf(t, c, "big")]; got != 100001 {
		t.Fatalf("Range of big: %d, want 100001", got)
	}
	if got := c.Range(100, 100)[idOf(t, c, "edge")]; got != pairNBig {
		t.Fatalf("Range of edge: %d, want %d", got, pairNBig)
	}
	c.Advance(100 + 60) // second 100 leaves the minute window
	for key, want := range map[string]int64{"big": 1, "small": 0, "edge": 0} {
		if got := c.WindowCount(key, 0); got != want {
			t.Errorf("1m count of %s: %d, want %d", key, got, want)
		}
		if got := c.WindowCount(key, 3); key == "big" && got != 100001 {
			t.Errorf("1h count of big: %d, want 100001", got)
		}
	}
}

// A window with a million distinct actors stays within a small, fixed
// memory (the tables hold at most their capacity), and every actor with at
// least 0.1% of the traffic is listed with its exact count: those heavy
// hitters are never the least counted key, so the sketch never evicts them.
func TestEngineMillionDistinctActorsBoundedAndHeavyHittersExact(t *testing.T) {
	if testing.Short() || raceEnabled() {
		t.Skip("a million events: too slow under -short or -race (the ranged reader's race tests cover the concurrency)")
	}
	const distinct = 1_000_000
	heavy := map[string]int64{}
	var order []string
	for i := 0; i < 10; i++ {
		key := "10.99.0." + strconv.Itoa(i)
		heavy[key] = int64(1100 + 400*i) // 0.1% to 0.45% of the traffic
		for k := int64(0); k < heavy[key]; k++ {
			order = append(order, key)
		}
	}
	for i := 0; i < distinct; i++ {
		order = append(order, "")
	}
	rng := rand.New(rand.NewSource(1))
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	total := len(order)

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	e := NewEngine(Config{TailSize: -1, UnparsedSize: -1, DrillSize: -1, Now: func() time.Time { return testNow }})
	e.AddStream("s", "words")
	const perSecond = 1000 // the window spans about 1100 s: all inside 1h
	base := int64(1_900_000_000)
	next := 0
	for i := 0; i < total; i += 1024 {
		var lines []string
		for j := i; j < min(i+1024, total); j++ {
			actor := order[j]
			if actor == "" {
				actor = "u" + strconv.Itoa(next)
				next++
			}
			lines = append(lines, actor+" /p"+strconv.Itoa(j%50)+" 200 1 "+strconv.FormatInt(base+int64(j/perSecond), 10))
		}
		e.Ingest(batch("s", true, testNow, lines...))
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("heap held after %d events with %d distinct actors: %.1f MB", total, distinct+10, float64(grown)/(1<<20))
	if grown > 64<<20 {
		t.Errorf("the engine holds %d MB after a million distinct actors, want under 64 MB", grown>>20)
	}
	for _, w := range []time.Duration{time.Hour, 0} {
		snap := e.Snapshot(SnapshotOptions{Window: w, TopN: 10})
		s := snap.Streams[0]
		if s.Events != int64(total) || !s.Approximate {
			t.Fatalf("events %d (want %d), approximate %v (want true)", s.Events, total, s.Approximate)
		}
		if len(s.Top.Actor) != 10 {
			t.Fatalf("window %v: %d top actors", w, len(s.Top.Actor))
		}
		for _, kc := range s.Top.Actor {
			if want, ok := heavy[kc.Key]; !ok || kc.Count != want || kc.Error != 0 {
				t.Errorf("window %v: top actor %+v, want a heavy hitter with its exact count (%d)", w, kc, want)
			}
		}
	}
	runtime.KeepAlive(e)
	runtime.KeepAlive(order) // live in both measures: not counted
}

func idOf(t *testing.T, c *Counter, key string) uint32 {
	t.Helper()
	id, ok := c.index.find(c.ent, []byte(key), keyHashString(key))
	if !ok {
		t.Fatalf("key %q not indexed", key)
	}
	return id
}
