package analyze

import (
	"fmt"
	"math/rand"
	"testing"
)

// brute is the obviously-correct model: every (second, key) event kept.
type brute struct{ events []bevent }
type bevent struct {
	sec int64
	key string
}

func (b *brute) count(key string, now int64, w int) int64 {
	var n int64
	for _, e := range b.events {
		if e.key != key {
			continue
		}
		if w < 0 || e.sec > now-int64(Windows[w].Seconds()) {
			n++
		}
	}
	return n
}

func TestCounterMatchesBruteForceInEveryWindow(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	c := NewCounter(1000)
	var b brute
	now := int64(1_700_000_000)
	for step := 0; step < 20000; step++ {
		// time moves by 0..7 seconds, sometimes jumps far
		switch r.Intn(100) {
		case 0:
			now += 4000
		default:
			now += int64(r.Intn(8))
		}
		c.Advance(now)
		key := fmt.Sprintf("k%d", r.Intn(50))
		c.Add([]byte(key), 1)
		b.events = append(b.events, bevent{now, key})
		if step%997 == 0 {
			checkCounter(t, c, &b, now)
		}
	}
	checkCounter(t, c, &b, now)
	if c.Overflowed() {
		t.Fatal("50 keys in a 1000-key table must never overflow")
	}
}

func checkCounter(t *testing.T, c *Counter, b *brute, now int64) {
	t.Helper()
	for w := -1; w < nWindows; w++ {
		for _, kc := range c.Top(w, 100) {
			if want := b.count(kc.Key, now, w); kc.Count != want || kc.Error != 0 {
				t.Fatalf("now=%d window=%d key=%s: got %d (err %d), want %d", now, w, kc.Key, kc.Count, kc.Error, want)
			}
		}
		// and no key with a count is missing
		seen := map[string]bool{}
		for _, kc := range c.Top(w, 100) {
			seen[kc.Key] = true
		}
		for k := 0; k < 50; k++ {
			key := fmt.Sprintf("k%d", k)
			if !seen[key] && b.count(key, now, w) > 0 {
				t.Fatalf("window %d: key %s missing from top", w, key)
			}
		}
	}
}

func TestCounterTopOrderAndLength(t *testing.T) {
	c := NewCounter(100)
	c.Advance(10)
	for i, n := range []int{5, 9, 1, 9, 3} {
		for j := 0; j < n; j++ {
			c.Add([]byte{byte('a' + i)}, 1)
		}
	}
	got := c.Top(-1, 3)
	want := []KeyCount{{Key: "b", Count: 9}, {Key: "d", Count: 9}, {Key: "a", Count: 5}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("top: got %v want %v", got, want)
	}
}

// Under unbounded cardinality the table stays at its capacity, heavy hitters
// stay exact-or-bounded, and the error bound holds: true in [count-err, count].
func TestCounterBoundedWithHeavyHitters(t *testing.T) {
	const capacity = 256
	c := NewCounter(capacity)
	r := rand.New(rand.NewSource(7))
	truth := map[string]int64{}
	sec := int64(100)
	for i := 0; i < 200000; i++ {
		if i%1000 == 0 {
			sec++
			c.Advance(sec)
		}
		var key string
		if r.Intn(10) < 3 { // 30% of traffic from 3 heavy hitters
			key = fmt.Sprintf("heavy%d", r.Intn(3))
		} else {
			key = fmt.Sprintf("tail%d", r.Intn(1_000_000))
		}
		truth[key]++
		c.Add([]byte(key), 1)
	}
	if c.Len() > capacity {
		t.Fatalf("table grew to %d > %d", c.Len(), capacity)
	}
	if !c.Overflowed() {
		t.Fatal("expected overflow")
	}
	top := c.Top(-1, 3)
	for i, kc := range top {
		if kc.Key[:5] != "heavy" {
			t.Fatalf("top[%d] = %v, want a heavy hitter", i, kc)
		}
	}
	for _, kc := range c.Top(-1, capacity) {
		tr := truth[kc.Key]
		if tr > kc.Count || tr < kc.Count-kc.Error {
			t.Fatalf("%s: true %d outside [%d, %d]", kc.Key, tr, kc.Count-kc.Error, kc.Count)
		}
	}
}

func BenchmarkCounterAdd(b *testing.B) {
	c := NewCounter(32768)
	keys := make([][]byte, 5000)
	for i := range keys {
		keys[i] = []byte(fmt.Sprintf("10.0.%d.%d", i/256, i%256))
	}
	c.Advance(1)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if i%50000 == 0 {
			c.Advance(int64(2 + i/50000))
		}
		c.Add(keys[i%len(keys)], 1)
	}
}
