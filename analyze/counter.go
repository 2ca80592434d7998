package analyze

import (
	"sort"
)

// Counter counts keys (actors, targets, statuses) over every rolling window
// at once, plus all time, in bounded memory.
//
// How it stays cheap: each key has one entry holding its count per window.
// An event adds to those counts and to the key's count in the current
// one-second bucket. When the clock moves to a new second, the keys touched
// in the old second are written to that second's slot of a ring as (key id,
// count) pairs; when a second leaves a window, its pairs are subtracted from
// that window's counts. Per event this is one map lookup and a few adds.
//
// Bound and error: the table holds at most cap keys. While fewer distinct
// keys were seen the counts are exact. Past that, a new key takes the entry
// of a least-counted key (in the hour window) and inherits its counts as
// error, as in the Space-Saving algorithm: a reported count c with error e
// means the true count lies in [c-e, c], and e never exceeds the smallest
// count in the table, so any key holding more than N/cap of a window's N
// events is always listed.
//
// The ring is bounded too: it holds at most budget pairs (16 MiB by
// default). A flood of new keys every second (a scan from random
// addresses) would otherwise grow it by 4 bytes a key a second for an
// hour. Past the budget the oldest seconds are dropped before they leave
// the hour window: their counts stay in the windows that still hold them
// and are added to those keys' error, since they will never be taken out,
// so [c-e, c] still holds. The budget keeps at least the last minute.
type Counter struct {
	cap     int
	index   keyIndex
	ent     []entry
	cur     int64 // current bucket second; -1 before the first event
	touched []uint32
	ring    []bucket
	expired [nWindows]int64 // last second subtracted from each window
	// low holds eviction candidates, least counted first.
	low        []uint32
	lowMax     uint32 // the highest hour count in low when it was made
	lowAny     bool   // low was made of keys touched in its second
	scan       []uint32
	overflowed bool
	evictions  int64
	byCode     [600]uint32 // id+1 of three-digit keys "100".."599"
	lastID     uint32      // the key Add counted last, other than a three-digit one
	// held is the number of pairs in the ring, at most budget; seconds up
	// to droppedThrough were dropped to keep it so.
	held, budget   int
	droppedThrough int64
}

type entry struct {
	key   string
	win   [nWindows]uint32
	werr  [nWindows]uint32
	total int64
	terr  int64
	bsec  int64  // second of curN
	curN  uint32 // count in the current second
	hash  uint32 // keyHash(key), to remove it from the index
	since int64  // second this key took the entry (older pairs are error)
}

type bucket struct {
	sec int64
	// pairs are the (key id, count) pairs of the second, packed: a
	// second of a busy log holds hundreds of them, and the ring holds an
	// hour of seconds, so their size is most of a counter's memory.
	pairs packedPairs
}

// packedPairs holds (id, n) pairs in one uint32 each, id<<8 | n, when n is
// below 255 (nearly always: most keys occur a few times a second); a
// larger n is written as id<<8 | 255 followed by n.
type packedPairs []uint32

const (
	pairIDShift = 8
	pairNBig    = 1<<pairIDShift - 1
	// maxCounterCap keeps ids within the packed id bits.
	maxCounterCap = 1 << (32 - pairIDShift)
)

func (p packedPairs) add(id, n uint32) packedPairs {
	if n < pairNBig {
		return append(p, id<<pairIDShift|n)
	}
	return append(p, id<<pairIDShift|pairNBig, n)
}

// each calls fn for every pair.
func (p packedPairs) each(fn func(id, n uint32)) {
	for i := 0; i < len(p); i++ {
		v := p[i]
		n := v & pairNBig
		if n == pairNBig {
			i++
			n = p[i]
		}
		fn(v>>pairIDShift, n)
	}
}

// NewCounter makes a counter holding at most capacity distinct keys.
func NewCounter(capacity int) *Counter {
	capacity = min(max(capacity, 16), maxCounterCap)
	return &Counter{
		cap:  capacity,
		cur:  -1,
		ring: make([]bucket, ringSeconds),
		// At least a minute of seconds of 2 words for each key.
		budget:         max(defaultRingBudget, 2*60*capacity),
		droppedThrough: -1,
	}
}

// defaultRingBudget is the default bound of a counter's ring, in pairs of
// 4 bytes: 16 MiB.
const defaultRingBudget = 4 << 20

// Add counts key n times at the counter's current second. The caller moves
// the clock with Advance first.
func (c *Counter) Add(key []byte, n uint32) {
	// Three-digit keys (HTTP statuses) are looked up by value, without
	// hashing. A compare with the entry's key keeps that right across
	// evictions.
	if len(key) == 3 && key[0] >= '1' && key[0] <= '5' && key[1] >= '0' && key[1] <= '9' && key[2] >= '0' && key[2] <= '9' {
		code := int(key[0]-'0')*100 + int(key[1]-'0')*10 + int(key[2]-'0')
		if cid := c.byCode[code]; cid > 0 && sameCode(c.ent[cid-1].key, key) {
			c.addTo(cid-1, n)
			return
		}
		id := c.idOf(key, keyHash(key))
		c.byCode[code] = id + 1
		c.addTo(id, n)
		return
	}
	// Other keys: the one counted last is compared first (a flow log's
	// action is ACCEPT on most lines); a compare with the entry's key keeps
	// that right across evictions, as above.
	if id := c.lastID; int(id) < len(c.ent) && keyEqual(c.ent[id].key, key) {
		c.addTo(id, n)
		return
	}
	id := c.idOf(key, keyHash(key))
	c.lastID = id
	c.addTo(id, n)
}

// sameCode is k == string(code) for a three-byte code, without a call.
func sameCode(k string, code []byte) bool {
	return len(k) == 3 && k[0] == code[0] && k[1] == code[1] && k[2] == code[2]
}

// AddHashed is Add with the key's keyHash computed by the caller (the
// parse stage, on another core).
func (c *Counter) AddHashed(key []byte, h uint32, n uint32) {
	if len(key) == 3 {
		c.Add(key, n) // statuses: the code cache needs no hash
		return
	}
	c.addTo(c.idOf(key, h), n)
}

// idOf finds or inserts key.
func (c *Counter) idOf(key []byte, h uint32) uint32 {
	if id, ok := c.index.find(c.ent, key, h); ok {
		return id
	}
	return c.insert(key, h)
}

func (c *Counter) addTo(id, n uint32) {
	e := &c.ent[id]
	if e.bsec != c.cur {
		e.bsec, e.curN = c.cur, 0
		c.touched = append(c.touched, id)
	}
	e.curN += n
	// Written out: the loop's overhead was most of an add (callgrind).
	w := &e.win
	w[0] += n
	w[1] += n
	w[2] += n
	w[3] += n
	e.total += int64(n)
}

// The adds above are one per window.
var _ = [1]struct{}{}[nWindows-4]

func (c *Counter) insert(key []byte, h uint32) uint32 {
	if len(c.ent) < c.cap {
		id := uint32(len(c.ent))
		c.ent = append(c.ent, entry{key: string(key), bsec: -1, since: c.cur, hash: h})
		c.index.add(id, h)
		return id
	}
	id := c.victim()
	e := &c.ent[id]
	c.index.remove(id, e.hash)
	e.key, e.hash = string(key), h
	c.index.add(id, h)
	e.werr = e.win
	e.terr = e.total
	e.since = c.cur
	c.overflowed = true
	c.evictions++
	return id
}

// victim returns the entry to replace: the least counted in the hour window
// (then all time), from a candidate list rebuilt by a scan when it runs out
// so that the scan's cost is spread over many evictions. Keys touched in
// this second may be hot right now and are not candidates, unless every
// key was touched in it (a flood of new keys).
func (c *Counter) victim() uint32 {
	last := nWindows - 1
	for len(c.low) > 0 {
		id := c.low[0]
		c.low = c.low[1:]
		// One counted past the list's highest since the list was made
		// is no longer among the least.
		if e := &c.ent[id]; (e.bsec != c.cur || c.lowAny) && e.win[last] <= c.lowMax {
			return id
		}
	}
	ids := c.scan[:0]
	for i := range c.ent {
		if c.ent[i].bsec != c.cur {
			ids = append(ids, uint32(i))
		}
	}
	c.lowAny = len(ids) == 0
	if c.lowAny {
		for i := range c.ent {
			ids = append(ids, uint32(i))
		}
	}
	c.scan = ids
	sort.Slice(ids, func(i, j int) bool {
		a, b := &c.ent[ids[i]], &c.ent[ids[j]]
		if a.win[last] != b.win[last] {
			return a.win[last] < b.win[last]
		}
		return a.total < b.total
	})
	n := min(max(c.cap/16, 1), len(ids))
	c.low = append(c.low[:0], ids[1:n]...)
	c.lowMax = c.ent[ids[n-1]].win[last]
	return ids[0]
}

// Advance moves the counter's clock to second sec, closing the current
// second's bucket and expiring seconds that left each window. Moving
// backwards does nothing: late events count in the current second.
func (c *Counter) Advance(sec int64) {
	if sec <= c.cur {
		return
	}
	if c.cur < 0 {
		c.cur = sec
		for w := range Windows {
			c.expired[w] = sec - int64(Windows[w].Seconds())
		}
		return
	}
	c.flush()
	c.cur = sec
	for w := range Windows {
		upto := sec - int64(Windows[w].Seconds())
		c.expire(w, upto)
	}
}

// flush writes the touched keys' counts of the current second to its slot.
func (c *Counter) flush() {
	b := &c.ring[ringSlot(c.cur)]
	c.held -= len(b.pairs) // an hour old: out of every window
	b.sec = c.cur
	// Exactly sized: a slice grown by appends would waste up to half.
	if need := len(c.touched); cap(b.pairs) < need || cap(b.pairs) > 2*need+64 {
		b.pairs = make(packedPairs, 0, need)
	}
	b.pairs = b.pairs[:0]
	for _, id := range c.touched {
		b.pairs = b.pairs.add(id, c.ent[id].curN)
	}
	c.touched = c.touched[:0]
	// A second holds at most 2 words for each of cap keys, and the budget
	// is at least a minute of those: dropping older seconds always makes
	// room for this one.
	c.makeRoom(len(b.pairs))
	c.held += len(b.pairs)
}

// makeRoom drops the oldest seconds before the current one that are still
// held until need more pairs fit in the budget.
func (c *Counter) makeRoom(need int) {
	for s := max(c.droppedThrough+1, c.cur-ringSeconds+1); c.held+need > c.budget && s < c.cur; s++ {
		if b := &c.ring[ringSlot(s)]; b.sec == s {
			c.drop(b)
		}
		c.droppedThrough = s
	}
}

// drop frees second b before it leaves the windows that hold it: its
// counts stay in them, and become error there, as they will never be
// taken out.
func (c *Counter) drop(b *bucket) {
	b.pairs.each(func(id, n uint32) {
		e := &c.ent[id]
		for w := range e.werr {
			if b.sec > c.expired[w] && b.sec >= e.since {
				// (Before since the count was the entry's previous
				// key's, already inside the error.)
				e.werr[w] = min(e.werr[w]+n, e.win[w])
			}
		}
	})
	c.held -= len(b.pairs)
	b.pairs, b.sec = nil, -1
}

// expire subtracts every second in (expired[w], upto] from window w.
func (c *Counter) expire(w int, upto int64) {
	from := c.expired[w] + 1
	if upto < from {
		return
	}
	c.expired[w] = upto
	if upto-from >= ringSeconds {
		// A jump longer than the ring: visit each slot once.
		for i := range c.ring {
			if s := c.ring[i].sec; s >= from && s <= upto {
				c.subtract(w, &c.ring[i])
			}
		}
		return
	}
	for s := from; s <= upto; s++ {
		if b := &c.ring[ringSlot(s)]; b.sec == s && s != c.cur {
			c.subtract(w, b)
		}
	}
}

func (c *Counter) subtract(w int, b *bucket) {
	p := b.pairs
	for i := 0; i < len(p); i++ {
		v := p[i]
		n := v & pairNBig
		if n == pairNBig {
			i++
			n = p[i]
		}
		e := &c.ent[v>>pairIDShift]
		e.win[w] = subClamp(e.win[w], n)
		if b.sec < e.since {
			e.werr[w] = subClamp(e.werr[w], n)
		}
		if e.werr[w] > e.win[w] {
			e.werr[w] = e.win[w]
		}
	}
}

func subClamp(a, b uint32) uint32 {
	if b > a {
		return 0
	}
	return a - b
}

// count returns the count and error of entry e in window w (-1: all time).
func (e *entry) count(w int) (int64, int64) {
	if w < 0 {
		return e.total, e.terr
	}
	return int64(e.win[w]), int64(e.werr[w])
}

// Top returns the n keys with the highest counts in window w (-1: all time),
// highest first, ties by key.
func (c *Counter) Top(w, n int) []KeyCount {
	if n <= 0 {
		return nil
	}
	out := make([]KeyCount, 0, n+1)
	for i := range c.ent {
		e := &c.ent[i]
		cnt, er := e.count(w)
		if cnt == 0 {
			continue
		}
		if len(out) == n && !better(cnt, e.key, out[n-1]) {
			continue
		}
		kc := KeyCount{Key: e.key, Count: cnt, Error: er}
		// insertion into the short sorted list
		j := len(out)
		out = append(out, kc)
		for j > 0 && better(kc.Count, kc.Key, out[j-1]) {
			out[j] = out[j-1]
			j--
		}
		out[j] = kc
		if len(out) > n {
			out = out[:n]
		}
	}
	return out
}

func better(cnt int64, key string, than KeyCount) bool {
	if cnt != than.Count {
		return cnt > than.Count
	}
	return key < than.Key
}

// Each calls fn for every key with a non-zero count in window w.
func (c *Counter) Each(w int, fn func(key string, count int64)) {
	for i := range c.ent {
		if cnt, _ := c.ent[i].count(w); cnt > 0 {
			fn(c.ent[i].key, cnt)
		}
	}
}

// Overflowed reports whether keys were ever evicted (counts approximate).
func (c *Counter) Overflowed() bool { return c.overflowed }

// Len is the number of keys held.
func (c *Counter) Len() int { return len(c.ent) }

// Range counts each key's events in the seconds [from, to] that the ring
// still holds (the last hour, less what its budget dropped: never the last
// minute), including the current second.
func (c *Counter) Range(from, to int64) map[uint32]int64 {
	out := map[uint32]int64{}
	if to-from >= ringSeconds {
		from = to - ringSeconds + 1
	}
	for s := from; s <= to; s++ {
		if s == c.cur {
			for _, id := range c.touched {
				out[id] += int64(c.ent[id].curN)
			}
			continue
		}
		if b := &c.ring[ringSlot(s)]; b.sec == s {
			b.pairs.each(func(id, n uint32) { out[id] += int64(n) })
		}
	}
	return out
}

// Key returns the key held by entry id.
func (c *Counter) Key(id uint32) string { return c.ent[id].key }

// WindowCount is key's count in window w (-1: all time), 0 when unknown.
func (c *Counter) WindowCount(key string, w int) int64 {
	id, ok := c.index.find(c.ent, []byte(key), keyHashString(key))
	if !ok {
		return 0
	}
	n, _ := c.ent[id].count(w)
	return n
}
