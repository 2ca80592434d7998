package parse

import "time"

// isoClock turns ISO 8601 / RFC 3339 timestamps ("2019-10-11T15:01:12.376735Z",
// "2014-07-15T21:40:14Z", "2013-09-06 22:01:00+02:00", "2018-12-20T02:59:40")
// into times without time.Parse and without allocating, for CloudTrail,
// load balancer logs and JSON lines. Lines of one stream mostly share a
// second, so the seconds part of the last timestamp is remembered: a repeat
// costs one comparison and the fraction. A timestamp without a zone is
// taken as UTC (what AWS writes; a JSON log without a zone has no better
// answer). Times are returned in UTC: the instant is what counts.
type isoClock struct {
	last  [isoSecondsLen]byte
	valid bool
	unix  int64 // seconds of last, before any zone offset
}

// isoSecondsLen is "2006-01-02T15:04:05".
const isoSecondsLen = 19

// parse converts b; ok is false when b is not such a timestamp.
func (c *isoClock) parse(b []byte) (time.Time, bool) {
	if len(b) < isoSecondsLen {
		return time.Time{}, false
	}
	var sec int64
	if c.valid && string(b[:isoSecondsLen]) == string(c.last[:]) {
		sec = c.unix
	} else {
		s, ok := isoSeconds(b)
		if !ok {
			return time.Time{}, false
		}
		copy(c.last[:], b)
		c.unix, c.valid = s, true
		sec = s
	}
	nsec, off, ok := isoTail(b[isoSecondsLen:])
	if !ok {
		return time.Time{}, false
	}
	return time.Unix(sec-int64(off), int64(nsec)).UTC(), true
}

// isoSeconds reads "2006-01-02T15:04:05" (or with a space for the T) as
// seconds since the epoch in UTC.
func isoSeconds(b []byte) (int64, bool) {
	if b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != ' ' && b[10] != 't') || b[13] != ':' || b[16] != ':' {
		return 0, false
	}
	y1, ok1 := digits2(b[0], b[1])
	y2, ok2 := digits2(b[2], b[3])
	mo, ok3 := digits2(b[5], b[6])
	d, ok4 := digits2(b[8], b[9])
	h, ok5 := digits2(b[11], b[12])
	mi, ok6 := digits2(b[14], b[15])
	s, ok7 := digits2(b[17], b[18])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) {
		return 0, false
	}
	// A leap second (60) is accepted as the next second, as time.Date does.
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y1*100+y2) || h > 23 || mi > 59 || s > 60 {
		return 0, false
	}
	days := daysFromCivil(y1*100+y2, mo, d)
	return days*86400 + int64(h*3600+mi*60+s), true
}

// isoTail reads what follows the seconds: an optional fraction (up to nine
// digits count, more are ignored) and an optional zone (Z, +hh:mm, +hhmm,
// +hh). off is the zone's offset east of UTC in seconds.
func isoTail(b []byte) (nsec, off int, ok bool) {
	i := 0
	if i < len(b) && (b[i] == '.' || b[i] == ',') {
		i++
		scale := 100000000
		start := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			nsec += int(b[i]-'0') * scale
			scale /= 10
			i++
		}
		if i == start {
			return 0, 0, false
		}
	}
	if i == len(b) {
		return nsec, 0, true
	}
	switch b[i] {
	case 'Z', 'z':
		return nsec, 0, i+1 == len(b)
	case '+', '-':
		sign := 1
		if b[i] == '-' {
			sign = -1
		}
		z := b[i+1:]
		var hh, mm int
		var ok1, ok2 bool
		switch len(z) {
		case 2:
			hh, ok1 = digits2(z[0], z[1])
			ok2 = true
		case 4:
			hh, ok1 = digits2(z[0], z[1])
			mm, ok2 = digits2(z[2], z[3])
		case 5:
			hh, ok1 = digits2(z[0], z[1])
			mm, ok2 = digits2(z[3], z[4])
			ok2 = ok2 && z[2] == ':'
		}
		if !ok1 || !ok2 || hh > 23 || mm > 59 {
			return 0, 0, false
		}
		return nsec, sign * (hh*3600 + mm*60), true
	}
	return 0, 0, false
}

// epochTime reads a number of seconds, milliseconds, microseconds or
// nanoseconds since the epoch, telling which by its size (seconds up to
// the year 5138, milliseconds beyond, and so on), with an optional
// fraction: 1761019822.3152757, 1490385986240, "1534860261221373".
func epochTime(b []byte) (time.Time, bool) {
	var n int64
	i := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		if i == 19 {
			return time.Time{}, false
		}
		n = n*10 + int64(b[i]-'0')
		i++
	}
	if i == 0 || n == 0 {
		return time.Time{}, false
	}
	frac := 0 // the digits after a point, as billionths of the unit
	if i < len(b) && b[i] == '.' {
		i++
		scale := 100000000
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			frac += int(b[i]-'0') * scale
			scale /= 10
			i++
		}
	}
	if i != len(b) {
		return time.Time{}, false
	}
	switch {
	case n < 1e11:
		return time.Unix(n, int64(frac)).UTC(), true
	case n < 1e14:
		return time.UnixMilli(n).Add(time.Duration(frac / 1e3)).UTC(), true
	case n < 1e17:
		return time.UnixMicro(n).Add(time.Duration(frac / 1e6)).UTC(), true
	}
	return time.Unix(0, n).UTC(), true
}
