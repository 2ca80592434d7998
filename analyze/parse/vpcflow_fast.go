package parse

import (
	"encoding/binary"
	"math/bits"
)

// The default format (v2) is what most flow logs are written in, and a
// record of it is read here in one pass, each field checked for its shape
// as it is found, instead of a split into words and then a check of each
// word against its column. The general path costs about 1,750
// instructions a record, this one about 1,080 (callgrind, 300,000
// records; a call per field, instead of the loop, cost 1,310).
//
// The fast path only takes the plain case: single spaces, no dash, no
// comment, an address without a zone. Anything else gives up and goes
// the general way, so a record it takes is one the general check takes
// too, with the same fields: TestVPCFastMatchesGeneral holds it to that
// on the corpus and variants of it, and FuzzVPCFlow on every input.

// The shapes of the default format's fields, in order.
const (
	v2Number = iota // one to twenty digits
	v2Word          // anything but a lone dash: the account id
	v2ENI           // "eni-" and more
	v2Addr          // an address without a zone
	v2Action        // ACCEPT or REJECT
	v2Status        // OK, NODATA or SKIPDATA
)

var v2Shapes = [14]uint8{v2Number, v2Word, v2ENI, v2Addr, v2Addr, v2Number, v2Number,
	v2Number, v2Number, v2Number, v2Number, v2Number, v2Action, v2Status}

// vpcFastV2 reads a default-format record into cells, or returns false.
// The number fields, nine of the fourteen, are read inline: a call each
// cost more than the digits (callgrind).
func vpcFastV2(line []byte, cells *[maxCells]fieldSpan) bool {
	i := 0
	for f, shape := range v2Shapes {
		j := i
		switch shape {
		case v2Number:
			for ; j+8 <= len(line); j += 8 {
				x := binary.LittleEndian.Uint64(line[j : j+8])
				x7 := x & low7
				// Not a digit: above '9' (adding 0x46 sets the top
				// bit), below '0' (adding 0x50 leaves it clear), or
				// not ASCII.
				if nd := ((x7 + lsb*0x46) | ^(x7 + lsb*0x50) | x) & high; nd != 0 {
					j += bits.TrailingZeros64(nd) >> 3
					goto number
				}
			}
			for j < len(line) && line[j]-'0' <= 9 {
				j++
			}
		number:
			if j-i > 20 {
				return false
			}
		case v2Word:
			if j = spaceFrom(line, i); j == i+1 && line[i] == '-' {
				return false
			}
		case v2ENI:
			if len(line)-i <= 4 || string(line[i:i+4]) != "eni-" {
				return false
			}
			j = spaceFrom(line, i+4)
			if j == i+4 {
				return false
			}
		case v2Addr:
			var sep bool
			if j, sep = addrRun(line, i); j-i < 2 || j-i > 64 || !sep {
				return false
			}
		case v2Action:
			if len(line)-i < 6 || string(line[i:i+6]) != "ACCEPT" && string(line[i:i+6]) != "REJECT" {
				return false
			}
			j = i + 6
		case v2Status:
			switch {
			case len(line)-i >= 2 && string(line[i:i+2]) == "OK":
				j = i + 2
			case len(line)-i >= 6 && string(line[i:i+6]) == "NODATA":
				j = i + 6
			case len(line)-i >= 8 && string(line[i:i+8]) == "SKIPDATA":
				j = i + 8
			default:
				return false
			}
		}
		// The word must end at a space, or at the end of the line.
		if j == i || j < len(line) && line[j] != ' ' {
			return false
		}
		cells[f] = fieldSpan{lo: int32(i), hi: int32(j)}
		i = j + 1
	}
	return i == len(line)+1
}

// The runs below read eight bytes at a time and find the first byte that
// ends the run from a mask with the top bit of each such byte set; the
// sums that make the masks are of 7-bit values and never carry out of a
// byte. The last bytes of the line, fewer than eight, go one at a time.

// spaceFrom returns the index of the first space at or after i, or the
// end of the line.
func spaceFrom(line []byte, i int) int {
	j := i
	for ; j+8 <= len(line); j += 8 {
		x := binary.LittleEndian.Uint64(line[j : j+8])
		if sp := zeroBytes(x ^ (lsb * ' ')); sp != 0 {
			return j + bits.TrailingZeros64(sp)>>3
		}
	}
	for j < len(line) && line[j] != ' ' {
		j++
	}
	return j
}

// addrRun returns the end of the hex digits, dots and colons starting at
// i, and whether a dot or a colon is among them.
func addrRun(line []byte, i int) (int, bool) {
	j, sep := i, false
	for ; j+8 <= len(line); j += 8 {
		x := binary.LittleEndian.Uint64(line[j : j+8])
		x7 := x & low7
		// Folding in 0x20 maps 'A'-'F' onto 'a'-'f' and leaves digits,
		// ':' and the letters as they are; it also maps control bytes
		// onto them, which the at-least-space check turns away.
		y := x7 | lsb*0x20
		digitColon := ^(y + lsb*0x45) & (y + lsb*0x50) // '0' to ':'
		hexLetter := ^(y + lsb*0x19) & (y + lsb*0x1f)  // 'a' to 'f'
		atLeastSpace := x7 + lsb*0x60
		dots := zeroBytes(x ^ (lsb * '.'))
		seps := dots | zeroBytes(x^(lsb*':'))
		if na := ^((digitColon|hexLetter)&atLeastSpace&^x | dots) & high; na != 0 {
			k := bits.TrailingZeros64(na)
			return j + k>>3, sep || seps&(1<<(k&^7)-1) != 0
		}
		sep = sep || seps != 0
	}
	for ; j < len(line); j++ {
		k := byteClass[line[j]]
		if k&classAddr == 0 {
			break
		}
		sep = sep || k&classSep != 0
	}
	return j, sep
}
