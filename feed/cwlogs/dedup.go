package cwlogs

// dedup remembers the keys of the last N events seen, each with the
// generation that saw it. A generation is one pass of an upstream that never
// repeats itself within the pass: one Live Tail session, one polling round,
// the history load. A key seen again in the same generation is a distinct
// event that happens to look the same (two identical lines in one batch of
// Live Tail, whose events carry no id); seen again in another generation it
// is a repeat (a new session re-sending events, a polling round overlapping
// the previous one) and is dropped.
//
// Memory is bounded: a ring of N keys and a map of at most N entries; the
// oldest key is forgotten when a new one arrives.
type dedup struct {
	ring []uint64
	next int
	full bool
	seen map[uint64]uint32
}

func newDedup(n int) *dedup {
	n = max(n, 1)
	return &dedup{ring: make([]uint64, n), seen: make(map[uint64]uint32, n)}
}

// repeat reports whether key was seen in a generation other than gen. A key
// not seen yet is remembered under gen.
func (d *dedup) repeat(key uint64, gen uint32) bool {
	if g, ok := d.seen[key]; ok {
		return g != gen
	}
	if d.full {
		delete(d.seen, d.ring[d.next])
	}
	d.ring[d.next] = key
	d.seen[key] = gen
	d.next++
	if d.next == len(d.ring) {
		d.next, d.full = 0, true
	}
	return false
}

// len is how many keys are remembered.
func (d *dedup) len() int { return len(d.seen) }
