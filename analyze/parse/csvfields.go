package parse

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// Field splitting shared by the header-driven formats: comma-separated
// values as Exchange writes them (this file) and the blank-separated W3C
// fields (w3c_scan.go). Both record where each field is, not what it is:
// a fixed array of cells in the parser, so a line costs no allocation.

// fieldSpan is where one field of a line is: bytes [lo, hi). For a quoted
// field it holds what is inside the quotes, and esc says whether doubled
// quotes ("") in there stand for one quote each and need undoing.
type fieldSpan struct {
	lo, hi int32
	esc    bool
}

func (c fieldSpan) of(line []byte) []byte { return line[c.lo:c.hi:c.hi] }

// maxCells bounds the fields recorded for one line. Exchange's EWS log has
// 92 columns, the widest seen; fields beyond the bound are counted, not
// recorded.
const maxCells = 256

// splitCSV finds the comma-separated fields of line and records the first
// len(cells) of them. It stops after stop fields (stop <= 0: never) and
// returns the number of fields it walked: all of them when it did not
// stop early.
//
// A field that starts with a quote runs to the quote that is followed by a
// comma or the end of the line; "" inside it is an escaped quote. A quote
// that closes but is followed by something else is taken as text and the
// field runs on to the next comma, as does an unquoted field with quotes
// inside. An unterminated quoted field runs to the end of the line.
//
// The line is read eight bytes at a time: a word's commas and quotes come
// out of one mask (zeroBytes), so the many short and empty fields of an
// Exchange row cost a few instructions each.
func splitCSV(line []byte, cells []fieldSpan, stop int) int {
	if stop <= 0 {
		stop = int(^uint(0) >> 1)
	}
	n, start, i := 0, 0, 0
	record := func(c fieldSpan) { // inlined: a closure over locals
		if n < len(cells) {
			cells[n] = c
		}
		n++
	}
	for i < len(line) {
		var commas uint64 // commas of the word at i, as top bits of their bytes
		q := -1           // the first quote in the word, if any
		width := 8
		if i+8 <= len(line) {
			x := binary.LittleEndian.Uint64(line[i:])
			commas = zeroBytes(x ^ (lsb * ','))
			if zq := zeroBytes(x ^ (lsb * '"')); zq != 0 {
				k := bits.TrailingZeros64(zq)
				q = i + k>>3
				commas &= 1<<k - 1 // the commas before the quote
			}
		} else {
			// The last bytes, one at a time, into the same shape.
			width = len(line) - i
			for k := 0; k < width; k++ {
				if c := line[i+k]; c == ',' {
					commas |= 0x80 << (8 * k)
				} else if c == '"' {
					q = i + k
					break
				}
			}
		}
		for ; commas != 0; commas &= commas - 1 {
			p := i + bits.TrailingZeros64(commas)>>3
			record(fieldSpan{lo: int32(start), hi: int32(p)})
			if n >= stop {
				return n
			}
			start = p + 1
		}
		if q < 0 {
			i += width
			continue
		}
		// A quote: a quoted field if it opens the field, else text.
		c, end := csvQuoted(line, start, q)
		record(c)
		if end >= len(line) || n >= stop {
			return n
		}
		start = end + 1
		i = start
	}
	record(fieldSpan{lo: int32(start), hi: int32(len(line))})
	return n
}

// csvQuoted reads the field that started at start and holds a quote at q.
// It returns the field's cell and where the field ends: at its comma, or
// the end of the line.
func csvQuoted(line []byte, start, q int) (fieldSpan, int) {
	if q == start {
		if cq, esc, ok := closeCSVQuote(line, q+1); ok {
			return fieldSpan{lo: int32(q + 1), hi: int32(cq), esc: esc}, cq + 1
		}
	}
	e := commaFrom(line, q)
	return fieldSpan{lo: int32(start), hi: int32(e)}, e
}

// Bit tricks for reading eight bytes at once.
const (
	lsb  = 0x0101010101010101
	low7 = 0x7f7f7f7f7f7f7f7f
	high = 0x8080808080808080
)

// zeroBytes sets the top bit of each byte of x that is zero and clears
// every other bit. Exact: no carry crosses a byte, so a zero byte never
// flags its neighbour (unlike the shorter (x-lsb)&^x&high).
func zeroBytes(x uint64) uint64 {
	return ^(((x & low7) + low7) | x) & high
}

// commaFrom returns the offset of the first comma at or after i, or the end
// of the line. Most Exchange fields are short or empty, so the first bytes
// are looked at one by one before paying for bytes.IndexByte's setup.
func commaFrom(line []byte, i int) int {
	lim := min(i+16, len(line))
	for ; i < lim; i++ {
		if line[i] == ',' {
			return i
		}
	}
	if i == len(line) {
		return i
	}
	if j := bytes.IndexByte(line[i:], ','); j >= 0 {
		return i + j
	}
	return len(line)
}

// closeCSVQuote finds the quote closing a field opened just before i: a
// quote not doubled and followed by a comma or the end of the line. ok is
// false when there is none.
func closeCSVQuote(line []byte, i int) (q int, esc bool, ok bool) {
	for {
		j := bytes.IndexByte(line[i:], '"')
		if j < 0 {
			return 0, false, false
		}
		q = i + j
		if q+1 < len(line) && line[q+1] == '"' {
			esc = true
			i = q + 2
			continue
		}
		if q+1 == len(line) || line[q+1] == ',' {
			return q, esc, true
		}
		return 0, false, false
	}
}

// appendUnquoted appends b with each doubled quote made single.
func appendUnquoted(dst, b []byte) []byte {
	for {
		j := bytes.Index(b, doubledQuote)
		if j < 0 {
			return append(dst, b...)
		}
		dst = append(dst, b[:j+1]...)
		b = b[j+2:]
	}
}

var doubledQuote = []byte(`""`)

// cellValue returns the value of c in line: as written, or unquoted into a
// new slice when it holds escapes. For Fields, off the hot path.
func cellValue(line []byte, c fieldSpan) []byte {
	v := c.of(line)
	if c.esc {
		return appendUnquoted(make([]byte, 0, len(v)), v)
	}
	return v
}

// unquoteBufs holds the unquoted copies of a line's event fields when they
// carry escapes. Its buffers are reused, line after line, so once grown
// they cost nothing; each is bounded by the line it copies.
type unquoteBufs struct {
	bufs [4][]byte
	next int
}

func (s *unquoteBufs) reset() { s.next = 0 }

// value returns c's value, unquoted into a reused buffer when needed.
func (s *unquoteBufs) value(line []byte, c fieldSpan) []byte {
	v := c.of(line)
	if !c.esc || s.next == len(s.bufs) {
		return v
	}
	b := appendUnquoted(s.bufs[s.next][:0], v)
	s.bufs[s.next] = b
	s.next++
	return b
}
