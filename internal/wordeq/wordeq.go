// Package wordeq compares short byte strings a word at a time.
//
// The hot paths compare a few short strings per log line (a line's
// timestamp against the one before it, a client or path against the key
// a hash lookup found). For 8 to 32 bytes, up to four eight-byte loads
// compare them with no call; bytes.Equal's call and setup cost about twice
// the instructions there (callgrind, on the report of a combined log).
package wordeq

import (
	"bytes"
	"encoding/binary"
)

// Equal reports whether a and b hold the same bytes.
func Equal(a, b []byte) bool {
	n := len(a)
	if n < 8 || n > 32 || len(b) != n {
		return bytes.Equal(a, b)
	}
	b = b[:n]
	le := binary.LittleEndian
	// The first and last words overlap the middle ones when n is not a
	// multiple of eight.
	return le.Uint64(a[n-8:]) == le.Uint64(b[n-8:]) && le.Uint64(a) == le.Uint64(b) &&
		(n <= 16 || le.Uint64(a[8:]) == le.Uint64(b[8:])) && (n <= 24 || le.Uint64(a[16:]) == le.Uint64(b[16:]))
}
