package parse

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// splitW3C finds the fields of a W3C extended log line and records the
// first len(cells) of them; it returns how many there are. Most lines have
// neither quotes nor tabs and take the fast path (splitSpaceRuns). Fields are
// separated by runs of spaces or tabs (Oracle Web Cache pads with several).
// A field that starts with a quote runs to the quote followed by a blank
// or the end of the line, with "" standing for a quote inside (IIS Advanced
// Logging, Incapsula); an unterminated quote is taken as text.
func splitW3C(line []byte, cells []fieldSpan) int {
	if n := splitSpaceRuns(line, cells, true); n >= 0 {
		return n
	}
	n, i := 0, 0
	for {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i >= len(line) {
			return n
		}
		var c fieldSpan
		if line[i] == '"' {
			if q, esc, ok := closeW3CQuote(line, i+1); ok {
				c = fieldSpan{lo: int32(i + 1), hi: int32(q), esc: esc}
				i = q + 1
			} else {
				e := blankFrom(line, i)
				c = fieldSpan{lo: int32(i), hi: int32(e)}
				i = e
			}
		} else {
			e := blankFrom(line, i)
			c = fieldSpan{lo: int32(i), hi: int32(e)}
			i = e
		}
		if n < len(cells) {
			cells[n] = c
		}
		n++
	}
}

// blankFrom returns the offset of the first space or tab at or after i, or
// the end of the line. Most W3C fields are short: a byte loop beats
// bytes.IndexByte's setup for them.
func blankFrom(line []byte, i int) int {
	for ; i < len(line); i++ {
		if c := line[i]; c == ' ' || c == '\t' {
			return i
		}
	}
	return i
}

// closeW3CQuote finds the quote closing a field opened just before i: not
// doubled, and followed by a blank or the end of the line. A quote followed
// by anything else is text.
func closeW3CQuote(line []byte, i int) (q int, esc bool, ok bool) {
	for i < len(line) {
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
		if q+1 == len(line) || line[q+1] == ' ' || line[q+1] == '\t' {
			return q, esc, true
		}
		i = q + 1
	}
	return 0, false, false
}

// trimLine removes what is not part of a line's fields: a UTF-8 byte order
// mark at its start (the first line of a file written by Windows tools) and
// a carriage return or blanks at its end.
func trimLine(line []byte) []byte {
	if len(line) >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF {
		line = line[3:]
	}
	n := len(line)
	for n > 0 && (line[n-1] == '\r' || line[n-1] == ' ' || line[n-1] == '\t') {
		n--
	}
	return line[:n]
}

// splitSpaceRuns records the space-separated words of line, runs of spaces
// counting as one, and returns how many there are. With plain set it gives
// up, returning -1, on a line holding a quote or a tab: those need the
// careful scan of splitW3C.
//
// The line is read eight bytes at a time and every space of a word comes
// out of one mask, so a field costs a few instructions, however short. The
// plain check is two vectorized scans of the whole line before the split:
// folding it into the word loop cost more (instruction counts, callgrind:
// 2,390 per 264-byte IIS row before, 1,420 after).
func splitSpaceRuns(line []byte, cells []fieldSpan, plain bool) int {
	if plain && (bytes.IndexByte(line, '"') >= 0 || bytes.IndexByte(line, '\t') >= 0) {
		return -1
	}
	n, start, i := 0, 0, 0
	for ; i+8 <= len(line); i += 8 {
		x := binary.LittleEndian.Uint64(line[i:i+8]) ^ (lsb * ' ')
		for z := zeroBytes(x); z != 0; z &= z - 1 {
			p := i + bits.TrailingZeros64(z)>>3
			if p > start {
				if uint(n) < uint(len(cells)) {
					cells[n] = fieldSpan{lo: int32(start), hi: int32(p)}
				}
				n++
			}
			start = p + 1
		}
	}
	for ; i < len(line); i++ {
		if line[i] == ' ' {
			if i > start {
				if n < len(cells) {
					cells[n] = fieldSpan{lo: int32(start), hi: int32(i)}
				}
				n++
			}
			start = i + 1
		}
	}
	if len(line) > start {
		if n < len(cells) {
			cells[n] = fieldSpan{lo: int32(start), hi: int32(len(line))}
		}
		n++
	}
	return n
}
