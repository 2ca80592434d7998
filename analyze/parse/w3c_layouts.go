package parse

import (
	"bytes"
	"encoding/binary"
	"strings"
)

// Built-in IIS layouts, for lines that reach tailtop without their #Fields
// header: a file picked up mid-way, lines shipped one by one by an agent
// that dropped the '#' lines, or a header that lies about its rows. These
// are the field sets IIS writes by default in its versions and the common
// additions to them (the same ones Filebeat's IIS module knows). A layout
// is only taken for a line whose field count matches and whose date, time,
// method, client address and status look the part, so other formats'
// lines are not mistaken for it.
var iisLayouts = func() []*w3cSchema {
	defs := []struct{ name, fields string }{
		{"iis-7", "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken"},
		{"iis-8.5", "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken"},
		{"iis-bytes", "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken"},
		{"iis-site", "date time s-sitename cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken"},
		{"iis-all", "date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken"},
		{"iis-all-xff", "date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken X-Forwarded-For"},
	}
	out := make([]*w3cSchema, len(defs))
	for i, d := range defs {
		out[i] = newW3CSchema(strings.Fields(d.fields), d.name)
	}
	return out
}()

// matchLayout returns the built-in layout that a line of n fields fits, or
// nil. The layout that fitted the previous line is tried first.
func (p *w3cParser) matchLayout(line []byte, n int) *w3cSchema {
	if g := p.guess; g != nil && len(g.names) == n && layoutFits(g, line, p.cells[:n]) {
		return g
	}
	for _, s := range iisLayouts {
		if len(s.names) == n && s != p.guess && layoutFits(s, line, p.cells[:n]) {
			p.guess = s
			return s
		}
	}
	return nil
}

// layoutFits checks the fields of a line that give a layout away.
func layoutFits(s *w3cSchema, line []byte, cells []fieldSpan) bool {
	var days dayCache
	if _, ok := days.unixDays(cells[s.date].of(line)); !ok {
		return false
	}
	if _, _, rest, ok := clockOfDay(cells[s.time].of(line)); !ok || len(rest) > 0 {
		return false
	}
	if !isMethod(cells[s.method].of(line)) || !isAddrLike(cells[s.clientIP].of(line)) {
		return false
	}
	if st := cells[s.status].of(line); len(st) != 3 || !allDigits(st) {
		return false
	}
	if s.serverPort >= 0 {
		if p := cells[s.serverPort].of(line); !allDigits(p) && !isDash(p) {
			return false
		}
	}
	return true
}

// isMethod: an HTTP (or FTP) verb in capitals, or "-".
func isMethod(b []byte) bool {
	if isDash(b) {
		return true
	}
	if len(b) == 0 || len(b) > 24 {
		return false
	}
	for _, c := range b {
		if (c < 'A' || c > 'Z') && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

// isAddrLike: an IPv4 or IPv6 address as logged (a zone allowed), or "-".
// Loose on purpose: it tells addresses from words, not valid from invalid.
func isAddrLike(b []byte) bool {
	if len(b) < 2 || len(b) > 64 {
		return isDash(b)
	}
	all, any := byteClasses(b)
	if all&classAddr != 0 {
		return any&classSep != 0
	}
	// A zone after the address ("fe80::1%eth0") is free text.
	if i := bytes.IndexByte(b, '%'); i > 0 {
		all, any = byteClasses(b[:i])
		return all&classAddr != 0 && any&classSep != 0
	}
	return false
}

// Byte classes, for checking a field's shape in one pass: byteClasses
// returns the classes every byte of b has, and those some byte has.
const (
	classDigit = 1 << iota
	classAddr  // hex digits, '.' and ':'
	classSep   // '.' and ':'
)

var byteClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = classDigit | classAddr
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = classAddr
		t[c-'a'+'A'] = classAddr
	}
	t['.'] = classAddr | classSep
	t[':'] = classAddr | classSep
	return t
}()

func byteClasses(b []byte) (all, any uint8) {
	all = 0xff
	for _, c := range b {
		k := byteClass[c]
		all &= k
		any |= k
	}
	return all, any
}

// allDigits reports whether b is a non-empty run of ASCII digits. Eight
// bytes are checked at once: every byte must be 0x3_, and adding 6 must
// leave it 0x3_ (a low nibble of at most 9); no carry leaves a byte, as
// every byte is at most 0x3f when the addition happens. A flow log record
// has about 50 digits.
func allDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for len(b) >= 8 {
		x := binary.LittleEndian.Uint64(b[:8])
		if x&(lsb*0xf0) != lsb*0x30 || (x+lsb*6)&(lsb*0xf0) != lsb*0x30 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c-'0' > 9 {
			return false
		}
	}
	return true
}

func isDash(b []byte) bool { return len(b) == 1 && b[0] == '-' }
