package analyze

import (
	"hash/maphash"
	"unsafe"

	"github.com/tailtop/tailtop/internal/wordeq"
)

// keyIndex maps a Counter's keys to entry ids. It replaces a Go map on the
// hottest path of aggregation (two lookups per event) because its hash can
// be computed ahead, in the parallel parse stage (keyHash), leaving the
// counting goroutine a probe and one key comparison.
//
// It is open addressing with linear probing over a power-of-two table kept
// at most half full. A slot holds the key's 32-bit hash in its high half
// and id+1 in its low half (0: empty); the key itself lives in the entry,
// so a hit compares with ent[id].key. The hash picks the home slot, so a
// table grows without rehashing keys, and removal shifts back the slots
// after the removed one (no tombstones).
type keyIndex struct {
	slots []uint64
	mask  uint64
	n     int
}

var keySeed = maphash.MakeSeed()

// keyHash is the hash keyIndex uses, for the parse stage to compute.
func keyHash(key []byte) uint32 { return uint32(maphash.Bytes(keySeed, key)) }

func keyHashString(key string) uint32 { return uint32(maphash.String(keySeed, key)) }

// find returns the id of key (hash h), if indexed.
func (x *keyIndex) find(ent []entry, key []byte, h uint32) (uint32, bool) {
	if x.n == 0 {
		return 0, false
	}
	for i := uint64(h) & x.mask; ; i = (i + 1) & x.mask {
		s := x.slots[i]
		if s == 0 {
			return 0, false
		}
		if uint32(s>>32) == h {
			if id := uint32(s) - 1; keyEqual(ent[id].key, key) {
				return id, true
			}
		}
	}
}

// add indexes id under hash h. The key must not be indexed yet.
func (x *keyIndex) add(id, h uint32) {
	if 2*(x.n+1) > len(x.slots) {
		x.grow()
	}
	i := uint64(h) & x.mask
	for x.slots[i] != 0 {
		i = (i + 1) & x.mask
	}
	x.slots[i] = uint64(h)<<32 | uint64(id+1)
	x.n++
}

func (x *keyIndex) grow() {
	old := x.slots
	size := max(64, 2*len(old))
	x.slots, x.mask = make([]uint64, size), uint64(size-1)
	for _, s := range old {
		if s == 0 {
			continue
		}
		i := (s >> 32) & x.mask
		for x.slots[i] != 0 {
			i = (i + 1) & x.mask
		}
		x.slots[i] = s
	}
}

// remove drops id (indexed under hash h).
func (x *keyIndex) remove(id, h uint32) {
	i := uint64(h) & x.mask
	for uint32(x.slots[i]) != id+1 {
		i = (i + 1) & x.mask
	}
	// Shift back every following slot of the run that may move: one
	// whose home lies cyclically outside (i, j].
	for j := (i + 1) & x.mask; x.slots[j] != 0; j = (j + 1) & x.mask {
		home := (x.slots[j] >> 32) & x.mask
		if (j > i && (home <= i || home > j)) || (j < i && home <= i && home > j) {
			x.slots[i] = x.slots[j]
			i = j
		}
	}
	x.slots[i] = 0
	x.n--
}

// keyEqual reports whether the stored key s is key: a hit on the hash
// almost always ends in this comparison, once per event and key.
func keyEqual(s string, key []byte) bool {
	return len(s) == len(key) && wordeq.Equal(unsafe.Slice(unsafe.StringData(s), len(s)), key)
}
