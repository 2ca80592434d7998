package cwlogs

import "testing"

func TestDedupGenerations(t *testing.T) {
	d := newDedup(8)
	if d.repeat(1, 1) {
		t.Fatal("a new key is a repeat")
	}
	// The same key in the same generation is a distinct event that looks
	// the same (Live Tail events have no id).
	if d.repeat(1, 1) {
		t.Fatal("a key seen again in its own generation is a repeat")
	}
	// In another generation (a new session, a new polling round) it is a
	// repeat.
	if !d.repeat(1, 2) {
		t.Fatal("a key seen again in a later generation is not a repeat")
	}
	// And stays one: the repeat does not move the key to generation 2.
	if !d.repeat(1, 2) {
		t.Fatal("second repeat not recognized")
	}
}

func TestDedupMemoryIsBounded(t *testing.T) {
	const n = 100
	d := newDedup(n)
	for k := range uint64(10 * n) {
		if d.repeat(k, 1) {
			t.Fatalf("key %d: new key reported as a repeat", k)
		}
		if d.len() > n {
			t.Fatalf("after %d keys, %d remembered, bound %d", k+1, d.len(), n)
		}
	}
	// The last n keys are remembered, the older ones forgotten.
	for k := uint64(9 * n); k < 10*n; k++ {
		if !d.repeat(k, 2) {
			t.Fatalf("recent key %d forgotten", k)
		}
	}
	if d.repeat(0, 2) {
		t.Fatal("the oldest key is still remembered")
	}
}
