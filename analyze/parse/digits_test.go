package parse

import "testing"

// TestAllDigitsEveryByte puts every byte value at every position of runs
// of digits 1 to 17 long (both sides of the eight-byte step) and compares
// allDigits with the byte-by-byte definition.
func TestAllDigitsEveryByte(t *testing.T) {
	naive := func(b []byte) bool {
		for _, c := range b {
			if c < '0' || c > '9' {
				return false
			}
		}
		return len(b) > 0
	}
	if allDigits(nil) || allDigits([]byte{}) {
		t.Fatal("empty counted as digits")
	}
	for n := 1; n <= 17; n++ {
		b := make([]byte, n)
		for pos := range n {
			for i := range b {
				b[i] = '0' + byte(i%10)
			}
			for c := range 256 {
				b[pos] = byte(c)
				if got, want := allDigits(b), naive(b); got != want {
					t.Fatalf("allDigits(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
}

// twoDigits (clockOfDay's) agrees with decDigits on every pair of bytes.
func TestTwoDigitsMatchesDecDigits(t *testing.T) {
	for a := range 256 {
		for b := range 256 {
			n, ok := twoDigits(byte(a), byte(b))
			wn, wok := decDigits([]byte{byte(a), byte(b)})
			if ok != wok || ok && n != wn {
				t.Fatalf("twoDigits(%#x, %#x) = %d, %v; decDigits says %d, %v", a, b, n, ok, wn, wok)
			}
		}
	}
}
