package safe

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// printablePrefix returns the length of the longest prefix of s made of
// printable ASCII (0x20-0x7e). It checks eight bytes per step because it
// runs over every line shown on screen.
func printablePrefix[T string | []byte](s T) int {
	i := 0
	for ; len(s)-i >= 8; i += 8 {
		w := s[i : i+8]
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		// A byte below 0x20 borrows into its high bit; a byte of 0x7f or
		// more has its high bit set itself or after adding one.
		below := (x - 0x20*ones) &^ x
		above := x | (x + ones)
		if (below|above)&highs != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			break
		}
	}
	return i
}
