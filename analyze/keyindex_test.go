package analyze

import (
	"math/rand"
	"strconv"
	"testing"
)

// The index agrees with a map through inserts, removals and growth, with
// hashes chosen to collide and to wrap around the table's end.
func TestKeyIndexAgreesWithMap(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	var ent []entry
	var x keyIndex
	model := map[string]uint32{}
	hashOf := func(k string) uint32 {
		if n, _ := strconv.Atoi(k[1:]); n%3 == 0 {
			return uint32(63 - n%4) // a few hashes shared by many keys, near the end of a 64-slot table
		}
		return keyHashString(k)
	}
	for step := 0; step < 20000; step++ {
		k := "k" + strconv.Itoa(rng.Intn(300))
		id, ok := x.find(ent, []byte(k), hashOf(k))
		mid, mok := model[k]
		if ok != mok || (ok && id != mid) {
			t.Fatalf("step %d: find(%s) = %d,%v; map has %d,%v", step, k, id, ok, mid, mok)
		}
		switch {
		case !ok:
			id := uint32(len(ent))
			ent = append(ent, entry{key: k, hash: hashOf(k)})
			x.add(id, hashOf(k))
			model[k] = id
		case rng.Intn(2) == 0:
			x.remove(id, hashOf(k))
			delete(model, k)
			ent[id].key = "" // the slot's entry is reused by nobody here
		}
		if x.n != len(model) {
			t.Fatalf("step %d: index holds %d keys, map %d", step, x.n, len(model))
		}
	}
}

// keyEqual agrees with string comparison at every length around its word
// boundaries, for a difference at every position and for length alone.
func TestKeyEqual(t *testing.T) {
	for n := 0; n <= 40; n++ {
		a := make([]byte, n)
		for i := range a {
			a[i] = byte('0' + i%10)
		}
		if !keyEqual(string(a), a) {
			t.Fatalf("len %d: equal keys reported different", n)
		}
		for i := range a {
			b := append([]byte(nil), a...)
			b[i] ^= 0x40
			if keyEqual(string(a), b) {
				t.Fatalf("len %d: keys differing at %d reported equal", n, i)
			}
		}
		if n > 0 && keyEqual(string(a), a[:n-1]) {
			t.Fatalf("len %d: a prefix reported equal", n)
		}
	}
}
