package main

import (
	"io"
	"strconv"
	"unicode/utf8"
)

// appendJSONString appends s as a JSON string. Log bytes are untrusted:
// control characters are escaped and invalid UTF-8 becomes U+FFFD, so the
// output is always valid JSON.
func appendJSONString(dst, s []byte) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			case c < 0x20 || c == 0x7f:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, `\u202`...)
			dst = append(dst, hex[r&0xf])
		case r >= 0x80 && r <= 0x9f:
			// C1 controls: U+009B is a CSI to a terminal that honors C1.
			dst = append(dst, '\\', 'u', '0', '0', hex[r>>4], hex[r&0xf])
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}

// appendJSONNullable appends s as a JSON string, or null when s is nil or "-".
func appendJSONNullable(dst, s []byte) []byte {
	if s == nil || (len(s) == 1 && s[0] == '-') {
		return append(dst, "null"...)
	}
	return appendJSONString(dst, s)
}

func appendJSONInt(dst []byte, n int64) []byte { return strconv.AppendInt(dst, n, 10) }

// terminalSafeJSON writes encoding/json output bound for a terminal with
// DEL and the C1 controls (U+0080-U+009F) escaped: encoding/json writes
// them raw, and a terminal may act on them. JSON holds them only inside
// strings, where the escape means the same. Each Write must hold whole
// runes, as json.Encoder's one Write per value does.
type terminalSafeJSON struct{ w io.Writer }

func (t terminalSafeJSON) Write(p []byte) (int, error) {
	const hex = "0123456789abcdef"
	out := make([]byte, 0, len(p))
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRune(p[i:])
		if r == 0x7f || r >= 0x80 && r <= 0x9f && size == 2 {
			out = append(out, '\\', 'u', '0', '0', hex[r>>4], hex[r&0xf])
		} else {
			out = append(out, p[i:i+size]...)
		}
		i += size
	}
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
