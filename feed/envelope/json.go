package envelope

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds the nesting the JSON scanner follows: deeper input is
// rejected rather than risking the stack.
const maxDepth = 128

// scanner is a minimal JSON reader over a byte slice, made for the one
// shape it has to read (the CloudWatch Logs envelope): it validates what
// it skips, reports spans instead of building values, and never panics.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// next skips whitespace and returns the next byte without consuming it,
// or 0 at the end.
func (s *scanner) next() byte {
	s.ws()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// eat consumes c (after whitespace) if it is next.
func (s *scanner) eat(c byte) bool {
	if s.next() == c {
		s.i++
		return true
	}
	return false
}

// str reads a string at the cursor and returns its raw contents (escapes
// left in place) and whether it holds any escape. Plain stretches are
// crossed with vectorized searches; each escape is checked as it is met.
func (s *scanner) str() (raw []byte, esc bool, ok bool) {
	if !s.eat('"') {
		return nil, false, false
	}
	start := s.i
	for {
		q := bytes.IndexByte(s.b[s.i:], '"')
		if q < 0 {
			return nil, false, false
		}
		bs := bytes.IndexByte(s.b[s.i:s.i+q], '\\')
		if bs < 0 {
			raw = s.b[start : s.i+q]
			s.i += q + 1
			return raw, esc, true
		}
		esc = true
		s.i += bs + 1
		if s.i >= len(s.b) {
			return nil, false, false
		}
		switch s.b[s.i] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			s.i++
		case 'u':
			if s.i+5 > len(s.b) || !isHex4(s.b[s.i+1:s.i+5]) {
				return nil, false, false
			}
			s.i += 5
		default:
			return nil, false, false
		}
	}
}

// number reads a JSON number and returns its text.
func (s *scanner) number() ([]byte, bool) {
	s.ws()
	start := s.i
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	digits := 0
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-':
		default:
			return s.b[start:s.i], digits > 0
		}
		s.i++
	}
	return s.b[start:s.i], digits > 0
}

// skip reads and discards one value of any kind, checking its syntax.
func (s *scanner) skip(depth int) bool {
	if depth > maxDepth {
		return false
	}
	switch s.next() {
	case '"':
		_, _, ok := s.str()
		return ok
	case '{':
		s.i++
		if s.eat('}') {
			return true
		}
		for {
			if _, _, ok := s.str(); !ok || !s.eat(':') || !s.skip(depth+1) {
				return false
			}
			if s.eat('}') {
				return true
			}
			if !s.eat(',') {
				return false
			}
		}
	case '[':
		s.i++
		if s.eat(']') {
			return true
		}
		for {
			if !s.skip(depth + 1) {
				return false
			}
			if s.eat(']') {
				return true
			}
			if !s.eat(',') {
				return false
			}
		}
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.literal("null")
	case 0:
		return false
	default:
		_, ok := s.number()
		return ok
	}
}

func (s *scanner) literal(word string) bool {
	if bytes.HasPrefix(s.b[s.i:], []byte(word)) {
		s.i += len(word)
		return true
	}
	return false
}

func isHex4(b []byte) bool {
	for _, c := range b[:4] {
		if hexVal(c) < 0 {
			return false
		}
	}
	return true
}

func hexVal(c byte) rune {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0')
	case c >= 'a' && c <= 'f':
		return rune(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return rune(c-'A') + 10
	}
	return -1
}

// unescape appends the decoded form of raw string contents (already
// checked by str) to dst, stopping once dst would exceed limit bytes; it
// reports whether it stopped early.
func unescape(dst, raw []byte, limit int) ([]byte, bool) {
	for len(raw) > 0 {
		if len(dst) >= limit {
			return dst, true
		}
		bs := bytes.IndexByte(raw, '\\')
		if bs < 0 {
			bs = len(raw)
		}
		if bs > 0 {
			take := min(bs, limit-len(dst))
			dst = append(dst, raw[:take]...)
			if take < bs {
				return dst, true
			}
			raw = raw[bs:]
			continue
		}
		// raw[0] == '\\'
		if len(raw) < 2 {
			return dst, false
		}
		c := raw[1]
		raw = raw[2:]
		switch c {
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
			r := hex4(raw)
			raw = raw[min(4, len(raw)):]
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if len(raw) >= 6 && raw[0] == '\\' && raw[1] == 'u' {
					r2 = hex4(raw[2:])
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					raw = raw[6:]
					r = dec
				} else {
					r = utf8.RuneError
				}
			}
			dst = utf8.AppendRune(dst, r)
		default: // '"', '\\', '/'
			dst = append(dst, c)
		}
	}
	return dst, false
}

func hex4(b []byte) rune {
	if len(b) < 4 || !isHex4(b) {
		return utf8.RuneError
	}
	return hexVal(b[0])<<12 | hexVal(b[1])<<8 | hexVal(b[2])<<4 | hexVal(b[3])
}

// compact appends the JSON value text raw to dst without the whitespace
// outside strings, stopping at limit bytes (it reports whether it did).
// It is used for a log event whose message is not a string.
func compact(dst, raw []byte, limit int) ([]byte, bool) {
	inStr, esc := false, false
	for _, c := range raw {
		if !inStr && (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			continue
		}
		if len(dst) >= limit {
			return dst, true
		}
		dst = append(dst, c)
		switch {
		case esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case c == '"':
			inStr = !inStr
		}
	}
	return dst, false
}
