package analyze

import (
	"math/rand"
	"strconv"
	"testing"
)

// keyStream is a skewed stream of lookups over n distinct address-like
// keys, as a busy log's clients.
func keyStream(n, m int) ([]string, [][]byte) {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = "203." + strconv.Itoa(i%251) + "." + strconv.Itoa(i/251%256) + "." + strconv.Itoa(i%97)
	}
	rng := rand.New(rand.NewSource(1))
	z := rand.NewZipf(rng, 1.1, 4, uint64(n-1))
	stream := make([][]byte, m)
	for i := range stream {
		stream[i] = []byte(keys[z.Uint64()])
	}
	return keys, stream
}

// BenchmarkKeyLookup compares the index against a Go map on the same
// lookups (hashes computed ahead, as the parse stage does).
func BenchmarkKeyLookup(b *testing.B) {
	keys, stream := keyStream(30000, 1<<16)
	hs := make([]uint32, len(stream))
	for i, k := range stream {
		hs[i] = keyHash(k)
	}
	b.Run("map", func(b *testing.B) {
		m := map[string]uint32{}
		for i, k := range keys {
			m[k] = uint32(i)
		}
		var sum uint32
		cpu0 := cpuTime()
		for i := range b.N {
			sum += m[string(stream[i&(len(stream)-1)])]
		}
		b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
		_ = sum
	})
	b.Run("keyIndex", func(b *testing.B) {
		var x keyIndex
		ent := make([]entry, len(keys))
		for i, k := range keys {
			ent[i].key = k
			x.add(uint32(i), keyHashString(k))
		}
		var sum uint32
		cpu0 := cpuTime()
		for i := range b.N {
			j := i & (len(stream) - 1)
			id, _ := x.find(ent, stream[j], hs[j])
			sum += id
		}
		b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
		_ = sum
	})
}
