// Package safe owns the neutralizing of untrusted text before it reaches a
// terminal. Every log line, field and AWS name that tailtop shows on screen
// or prints as text goes through Text, Bytes or Line first, so that nothing
// read from a log can move the cursor, clear the screen, set the window
// title, plant a hyperlink, write the clipboard, or make two different
// strings look the same.
//
// The rules: an escape sequence is made inert by replacing the ESC that
// starts it (the rest of the sequence stays visible as harmless text); C0
// controls and DEL become their Unicode control pictures (␛ ␇ ␈ ␍ ␀ ␡ ...),
// except tab which becomes a space; C1 controls, invalid UTF-8, bidi
// overrides and isolates, zero-width and other invisible format characters
// become U+FFFD, so that a name padded with invisible characters shows that
// it differs from the name it imitates. Last, a grapheme cluster whose
// width depends on whether the terminal clusters graphemes (an emoji with
// a skin tone, a spacing mark) is rewritten so that it does not, and no log
// line can shift a pane's border (stable.go).
package safe

import (
	"strings"
	"unicode/utf8"
)

// Text returns s with every escape sequence and control character made inert
// and visible: the result is valid UTF-8, one line, and holds no byte below
// 0x20, no DEL, no C1 control and no bidi or invisible format character;
// and it measures the same whether a terminal clusters graphemes or not
// (stable.go).
// Printable ASCII, and any other text that needs no change, is returned as
// is without allocating.
func Text(s string) string {
	p := printablePrefix(s)
	if p == len(s) {
		return s
	}
	i, marks := cleanFrom(s, p)
	if i == len(s) {
		return stable(s)
	}
	if i == 0 {
		// Counting the start as -1 marks makes a leading combining mark get
		// a dotted-circle base: otherwise it would fuse with whatever the
		// screen shows before the field (a border, the previous column).
		marks = -1
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/4 + 8)
	b.WriteString(s[:i])
	writeInert(&b, s[i:], marks)
	return stable(b.String())
}

// Bytes is Text for a byte slice; the result never aliases b.
func Bytes(b []byte) string {
	if printablePrefix(b) == len(b) {
		return string(b)
	}
	return Text(string(b))
}

// cleanPrefix returns the length of the longest prefix of s that Text would
// leave unchanged, and the run of combining marks it ends with. It is the fast
// path: a plain ASCII line is one tight loop.
func cleanPrefix(s string) (n, marks int) {
	return cleanFrom(s, printablePrefix(s))
}

// cleanFrom is cleanPrefix for s whose first i bytes are printable ASCII.
func cleanFrom(s string, i int) (n, marks int) {
	if i == len(s) {
		return i, 0
	}
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return i, marks
			}
			marks = 0
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i, marks
		}
		if _, changed := inert(r); changed {
			return i, marks
		}
		if isMark(r) {
			if i == 0 || marks >= maxMarks {
				return i, marks
			}
			marks++
		} else {
			marks = 0
		}
		i += size
	}
	return i, marks
}

// writeInert writes the neutralized form of s to b. marks is the run of
// combining marks written just before s, or -1 when s starts the text.
func writeInert(b *strings.Builder, s string, marks int) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if r, changed := inert(rune(c)); changed {
				b.WriteRune(r)
			} else {
				b.WriteByte(c)
			}
			marks = 0
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
			marks = 0
			continue
		}
		if repl, changed := inert(r); changed {
			b.WriteRune(repl)
			marks = 0
			continue
		}
		if isMark(r) {
			switch {
			case marks < 0:
				b.WriteRune(dottedCircle)
				marks = 0
			case marks >= maxMarks:
				continue // a tower of combining marks spills over lines
			}
			marks++
		} else {
			marks = 0
		}
		b.WriteString(s[i-size : i])
	}
}
