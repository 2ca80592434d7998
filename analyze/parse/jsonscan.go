package parse

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonScan reads JSON in place from a byte slice, for the JSON formats
// (CloudTrail, JSON lines, CloudWatch Logs payloads). It builds no values:
// strings come back as spans of the input (escapes left in place), numbers
// as their text, and whatever a caller does not want is skipped, validated
// on the way, so that a line is only accepted when it is JSON. It allocates
// nothing and never panics; nesting is bounded by jsonMaxDepth.
//
// A failure is one of two kinds, because a JSON document may be spread over
// many lines: eof (the input ended inside a value; more input could complete
// it) and bad (a syntax error no further input can mend).
type jsonScan struct {
	b     []byte
	i     int
	depth int
	eof   bool
	bad   bool
	// keyBuf holds a key that had escapes, unescaped, so that callers can
	// compare keys without caring how they were written.
	keyBuf [64]byte
}

// jsonMaxDepth bounds the nesting followed; deeper input is a syntax error.
const jsonMaxDepth = 128

func (s *jsonScan) reset(b []byte) {
	s.b, s.i, s.depth, s.eof, s.bad = b, 0, 0, false, false
}

// failed reports whether scanning stopped on an error of either kind.
func (s *jsonScan) failed() bool { return s.eof || s.bad }

// fail records a syntax error, or the end of the input when the cursor is
// there, and returns false for the caller to pass on.
func (s *jsonScan) fail() bool {
	if s.i >= len(s.b) {
		s.eof = true
	} else {
		s.bad = true
	}
	return false
}

func (s *jsonScan) ws() {
	if s.i < len(s.b) && s.b[s.i] > ' ' {
		return // compact JSON: the usual case, decided by one comparison
	}
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek skips whitespace and returns the next byte, 0 at the end.
func (s *jsonScan) peek() byte {
	s.ws()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// rest reports whether anything but whitespace is left.
func (s *jsonScan) rest() bool {
	s.ws()
	return s.i < len(s.b)
}

// object consumes the '{' that opens an object.
func (s *jsonScan) object() bool {
	if s.peek() != '{' {
		return s.fail()
	}
	return s.open()
}

// open consumes the opening bracket at the cursor.
func (s *jsonScan) open() bool {
	s.i++
	s.depth++
	if s.depth > jsonMaxDepth {
		s.bad = true
		return false
	}
	return true
}

// member moves to the next member of the object being read: first says
// whether it is the first. It returns the member's key (unescaped when it
// had escapes and fits keyBuf) with the cursor on its value, or ok false at
// the closing brace (consumed) or on an error (see failed).
func (s *jsonScan) member(first bool) (key []byte, ok bool) {
	c := s.peek()
	if c == '}' {
		s.i++
		s.depth--
		return nil, false
	}
	if !first {
		if c != ',' {
			return nil, s.fail()
		}
		s.i++
		c = s.peek()
	}
	if c != '"' {
		return nil, s.fail()
	}
	raw, esc, ok := s.str()
	if !ok {
		return nil, false
	}
	if s.peek() != ':' {
		return nil, s.fail()
	}
	s.i++
	if esc {
		raw = s.unescapeKey(raw)
	}
	return raw, true
}

func (s *jsonScan) unescapeKey(raw []byte) []byte {
	if len(raw) > len(s.keyBuf) {
		return raw // too long to be a key anyone compares with
	}
	return appendJSONUnescaped(s.keyBuf[:0], raw)
}

// element moves to the next element of the array being read (the '[' was
// consumed): it returns true with the cursor on the element, or false at
// the closing bracket (consumed) or on an error (see failed).
func (s *jsonScan) element(first bool) bool {
	c := s.peek()
	if c == ']' {
		s.i++
		s.depth--
		return false
	}
	if !first {
		if c != ',' {
			return s.fail()
		}
		s.i++
		if s.peek() == 0 {
			return s.fail()
		}
	}
	return true
}

// str reads the string at the cursor (after whitespace) and returns its
// contents with escapes as written, and whether it has any. Control
// characters and bad escapes are syntax errors.
func (s *jsonScan) str() (raw []byte, esc bool, ok bool) {
	if s.peek() != '"' {
		return nil, false, s.fail()
	}
	b := s.b
	start := s.i + 1
	i := start
	for {
		i = jsonStrStopAt(b, i)
		if i >= len(b) {
			s.i = i
			return nil, false, s.fail()
		}
		switch c := b[i]; {
		case c == '"':
			s.i = i + 1
			return b[start:i], esc, true
		case c == '\\':
			esc = true
			if i+1 >= len(b) {
				s.i = len(b)
				return nil, false, s.fail()
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) {
					if jsonIsHexPrefix(b[i+2:]) {
						s.i = len(b)
						return nil, false, s.fail()
					}
					s.i = i
					s.bad = true
					return nil, false, false
				}
				if !jsonIsHex4(b[i+2 : i+6]) {
					s.i = i
					s.bad = true
					return nil, false, false
				}
				i += 6
			default:
				s.i = i
				s.bad = true
				return nil, false, false
			}
		default: // a control character
			s.i = i
			s.bad = true
			return nil, false, false
		}
	}
}

// jsonStrStopAt returns the index of the first quote, backslash or control
// character in b from i on, or len(b). It reads eight bytes at a time and
// goes straight to the first one flagged; only the last seven bytes of b
// are read one by one.
func jsonStrStopAt(b []byte, i int) int {
	for ; i+8 <= len(b); i += 8 {
		if m := stopBytes(binary.LittleEndian.Uint64(b[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for i < len(b) && !jsonStrStop[b[i]] {
		i++
	}
	return i
}

// stopBytes has a high bit set in each byte of x that may be a quote, a
// backslash or a control character. A borrow can mark a byte above a true
// one, never below it (a borrow only leaves a byte that is a true one), so
// the lowest mark is always a true one.
func stopBytes(x uint64) uint64 {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	q := x ^ (lo * '"')
	bs := x ^ (lo * '\\')
	// q and bs have x's high bits ('"' and '\\' are ASCII), so one &^ x
	// masks all three tests.
	return ((q - lo) | (bs - lo) | (x - lo*0x20)) &^ x & hi
}

var jsonStrStop = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

func jsonIsHex4(b []byte) bool {
	return len(b) >= 4 && jsonIsHex(b[0]) && jsonIsHex(b[1]) && jsonIsHex(b[2]) && jsonIsHex(b[3])
}

// jsonIsHexPrefix reports whether b, shorter than 4 bytes, could begin the hex
// digits of a \u escape.
func jsonIsHexPrefix(b []byte) bool {
	for _, c := range b {
		if !jsonIsHex(c) {
			return false
		}
	}
	return true
}

func jsonIsHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// number reads the number at the cursor and returns its text.
func (s *jsonScan) number() ([]byte, bool) {
	s.ws()
	b, start := s.b, s.i
	i := start
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i >= len(b):
		s.i = i
		return nil, s.fail()
	case b[i] == '0':
		i++
	case b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		s.i = i
		return nil, s.fail()
	}
	if i < len(b) && b[i] == '.' {
		i++
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			s.i = i
			return nil, s.fail()
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			s.i = i
			return nil, s.fail()
		}
	}
	s.i = i
	return b[start:i], true
}

// literal reads true, false or null at the cursor.
func (s *jsonScan) literal() ([]byte, bool) {
	s.ws()
	b, i := s.b, s.i
	var want string
	switch {
	case i >= len(b):
		return nil, s.fail()
	case b[i] == 't':
		want = "true"
	case b[i] == 'f':
		want = "false"
	case b[i] == 'n':
		want = "null"
	default:
		return nil, s.fail()
	}
	for k := 0; k < len(want); k++ {
		if i+k >= len(b) {
			s.i = len(b)
			return nil, s.fail()
		}
		if b[i+k] != want[k] {
			s.i = i + k
			s.bad = true
			return nil, false
		}
	}
	s.i = i + len(want)
	return b[i:s.i], true
}

// null consumes a null at the cursor if there is one.
func (s *jsonScan) null() bool {
	if s.peek() == 'n' {
		if _, ok := s.literal(); ok {
			return true
		}
	}
	return false
}

// skip reads and validates the value at the cursor.
func (s *jsonScan) skip() bool {
	switch c := s.peek(); {
	case c == '{':
		if !s.open() {
			return false
		}
		for first := true; ; first = false {
			if _, ok := s.member(first); !ok {
				return !s.failed()
			}
			if !s.skip() {
				return false
			}
		}
	case c == '[':
		if !s.open() {
			return false
		}
		for first := true; s.element(first); first = false {
			if !s.skip() {
				return false
			}
		}
		return !s.failed()
	case c == '"':
		_, _, ok := s.str()
		return ok
	case c == 't' || c == 'f' || c == 'n':
		_, ok := s.literal()
		return ok
	case c == '-' || c >= '0' && c <= '9':
		_, ok := s.number()
		return ok
	}
	return s.fail()
}

// value reads the value at the cursor and returns its text: a string's
// contents (escapes as written; esc says whether it has any), a number's or
// literal's text, or the whole JSON text of an object or array. kind is the
// value's first byte ('"', '{', '[', 't', 'f', 'n', or '0' for a number).
func (s *jsonScan) value() (text []byte, kind byte, esc bool, ok bool) {
	switch c := s.peek(); {
	case c == '"':
		text, esc, ok = s.str()
		return text, '"', esc, ok
	case c == '{' || c == '[':
		start := s.i
		if !s.skip() {
			return nil, 0, false, false
		}
		return s.b[start:s.i], c, false, true
	case c == 't' || c == 'f' || c == 'n':
		text, ok = s.literal()
		return text, c, false, ok
	case c == '-' || c >= '0' && c <= '9':
		text, ok = s.number()
		return text, '0', false, ok
	}
	return nil, 0, false, s.fail()
}

// appendJSONUnescaped appends the text of a string's raw contents (as
// returned by str, so already validated) with its escapes resolved. A lone
// surrogate becomes U+FFFD.
func appendJSONUnescaped(dst, raw []byte) []byte {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			j := i + 1
			for j < len(raw) && raw[j] != '\\' {
				j++
			}
			dst = append(dst, raw[i:j]...)
			i = j
			continue
		}
		if i+1 >= len(raw) {
			return dst
		}
		switch raw[i+1] {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			if i+6 > len(raw) {
				return dst
			}
			r := rune(jsonHex4(raw[i+2 : i+6]))
			i += 6
			if utf16.IsSurrogate(r) {
				r2 := utf8.RuneError
				if i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' && jsonIsHex4(raw[i+2:i+6]) {
					if d := utf16.DecodeRune(r, rune(jsonHex4(raw[i+2:i+6]))); d != utf8.RuneError {
						r2 = d
						i += 6
					}
				}
				r = r2
			}
			dst = utf8.AppendRune(dst, r)
			continue
		default: // '"', '\\', '/'
			dst = append(dst, raw[i+1])
		}
		i += 2
	}
	return dst
}

func jsonHex4(b []byte) int {
	n := 0
	for _, c := range b[:4] {
		n <<= 4
		switch {
		case c >= '0' && c <= '9':
			n |= int(c - '0')
		case c >= 'a' && c <= 'f':
			n |= int(c-'a') + 10
		case c >= 'A' && c <= 'F':
			n |= int(c-'A') + 10
		}
	}
	return n
}

// jsonInt parses the integer part of a JSON number's text, saturating
// rather than overflowing; ok is false for text that is no number.
func jsonInt(b []byte) (n int64, ok bool) {
	neg := false
	if len(b) > 0 && b[0] == '-' {
		neg, b = true, b[1:]
	}
	if len(b) == 0 || b[0] < '0' || b[0] > '9' {
		return 0, false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			break // a fraction or exponent: the integer part is enough
		}
		if n > (1<<63-1)/10-1 {
			n = 1<<63 - 1
			continue
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}
