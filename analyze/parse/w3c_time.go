package parse

import "time"

// Calendar arithmetic for the ISO-style dates of the header-driven formats
// (W3C "2006-01-02" "15:04:05.000", Exchange "2006-01-02T15:04:05.000Z").
// Digits are read in place and turned into Unix seconds with integer
// arithmetic: no time.Parse, no allocation. The last date is cached, since
// a log's lines share their day.

// dayCache turns "YYYY-MM-DD" into days since the Unix epoch, remembering
// the last date it saw.
type dayCache struct {
	key  [10]byte
	ok   bool
	days int64
}

// unixDays returns the days since 1970-01-01 of a "YYYY-MM-DD" date.
func (c *dayCache) unixDays(b []byte) (int64, bool) {
	if len(b) != 10 {
		return 0, false
	}
	if c.ok && string(b) == string(c.key[:]) {
		return c.days, true
	}
	if b[4] != '-' || b[7] != '-' {
		return 0, false
	}
	y, ok1 := decDigits(b[0:4])
	m, ok2 := decDigits(b[5:7])
	d, ok3 := decDigits(b[8:10])
	// Logs are younger than Unix time; a year before 1970 is corruption
	// (and 0001-01-01 would read as the zero time: no time at all).
	if !ok1 || !ok2 || !ok3 || y < 1970 || m < 1 || m > 12 || d < 1 || d > daysIn(m, y) {
		return 0, false
	}
	c.days = daysFromCivil(y, m, d)
	copy(c.key[:], b)
	c.ok = true
	return c.days, true
}

// decDigits reads a short run of ASCII digits.
func decDigits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(b) > 0
}

// twoDigits reads two ASCII digits; a byte below '0' wraps past 9.
// Without decDigits' loop: every W3C and Exchange line reads three pairs.
func twoDigits(a, b byte) (int, bool) {
	x, y := a-'0', b-'0'
	return int(x)*10 + int(y), x <= 9 && y <= 9
}

// clockOfDay reads "HH:MM:SS" with an optional fraction of up to nine
// digits (".363", ".1234567"), returning seconds since midnight and
// nanoseconds. rest is what follows it (a 'Z', a zone, nothing).
func clockOfDay(b []byte) (secs int64, nanos int64, rest []byte, ok bool) {
	if len(b) < 8 || b[2] != ':' || b[5] != ':' {
		return 0, 0, nil, false
	}
	h, ok1 := twoDigits(b[0], b[1])
	mi, ok2 := twoDigits(b[3], b[4])
	s, ok3 := twoDigits(b[6], b[7])
	// 60 is a leap second as some writers log it.
	if !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || s > 60 {
		return 0, 0, nil, false
	}
	secs = int64(h*3600 + mi*60 + s)
	b = b[8:]
	if len(b) > 0 && (b[0] == '.' || b[0] == ',') {
		i, scale := 1, int64(100_000_000)
		for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			nanos += int64(b[i]-'0') * scale
			scale /= 10
		}
		if i == 1 {
			return 0, 0, nil, false
		}
		b = b[i:]
	}
	return secs, nanos, b, true
}

// isoDateTime reads "YYYY-MM-DDTHH:MM:SS[.fff][Z]" (Exchange's date-time;
// a space instead of the T is taken too) as UTC.
func isoDateTime(c *dayCache, b []byte) (time.Time, bool) {
	if len(b) < 19 || (b[10] != 'T' && b[10] != ' ') {
		return time.Time{}, false
	}
	days, ok := c.unixDays(b[:10])
	if !ok {
		return time.Time{}, false
	}
	secs, nanos, rest, ok := clockOfDay(b[11:])
	if !ok || (len(rest) > 0 && !(len(rest) == 1 && rest[0] == 'Z')) {
		return time.Time{}, false
	}
	return time.Unix(days*86400+secs, nanos).UTC(), true
}

// parseOffset reads a "+hhmm" / "-hhmm" offset (W3C #GMT-Offset) as seconds
// east of UTC.
func parseOffset(b []byte) (int, bool) {
	if len(b) != 5 || (b[0] != '+' && b[0] != '-') {
		return 0, false
	}
	h, ok1 := decDigits(b[1:3])
	m, ok2 := decDigits(b[3:5])
	if !ok1 || !ok2 || h > 23 || m > 59 {
		return 0, false
	}
	off := h*3600 + m*60
	if b[0] == '-' {
		off = -off
	}
	return off, true
}
