package wordeq

import (
	"bytes"
	"testing"
)

// Equal agrees with bytes.Equal at every length around its word
// boundaries, for a difference at every position and for length alone.
func TestEqualMatchesBytesEqual(t *testing.T) {
	for n := 0; n <= 40; n++ {
		a := make([]byte, n)
		for i := range a {
			a[i] = byte('0' + i%10)
		}
		if !Equal(a, append([]byte(nil), a...)) {
			t.Fatalf("len %d: equal bytes reported different", n)
		}
		for i := range a {
			for _, flip := range []byte{0x01, 0x40, 0x80} {
				b := append([]byte(nil), a...)
				b[i] ^= flip
				if got := Equal(a, b); got != bytes.Equal(a, b) {
					t.Fatalf("len %d: bytes differing at %d by %#x reported equal", n, i, flip)
				}
			}
		}
		if n > 0 && Equal(a, a[:n-1]) {
			t.Fatalf("len %d: a prefix reported equal", n)
		}
	}
}
