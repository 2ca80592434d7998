package parse

import (
	"bytes"
	"testing"
)

// TestWordScansMatchByteByByte compares indexQuote and clientTokenEnd, which read
// eight bytes at a time, with byte-by-byte scans on every start offset of
// lines that put quotes, spaces and commas on both sides of each word
// boundary.
func TestWordScansMatchByteByByte(t *testing.T) {
	lines := [][]byte{
		[]byte(`10.0.0.1 - - [02/Jul/2024:12:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"`),
		[]byte(`a,b,c,d,e,f,g,h,i j`),
		[]byte(`abcdefg, hijklmn"opqrstu vwx,yz"`),
		[]byte(`        ,,,,,,,,""""""""`),
		[]byte(`nospaceatallinthislinewhatsoever,`),
		[]byte(`x`),
		{},
	}
	for _, l := range lines {
		for i := 0; i <= len(l); i++ {
			want := bytes.IndexByte(l[i:], '"')
			if want >= 0 {
				want += i
			}
			if got := indexQuote(l, i); got != want {
				t.Fatalf("indexQuote(%q, %d) = %d, want %d", l, i, got, want)
			}
			end := i
			for end < len(l) && l[end] != ' ' {
				end++
			}
			wantComma := bytes.IndexByte(l[i:end], ',') >= 0
			if got, comma := clientTokenEnd(l, i); got != end || comma != wantComma {
				t.Fatalf("clientTokenEnd(%q, %d) = %d, %v; want %d, %v", l, i, got, comma, end, wantComma)
			}
		}
	}
}
