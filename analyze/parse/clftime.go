package parse

import (
	"time"

	"github.com/tailtop/tailtop/internal/wordeq"
)

// clfClock turns Common Log Format timestamps ("10/Oct/2000:13:55:36 -0700",
// optionally with a fraction after the seconds) into times without
// time.Parse and without allocating. Consecutive lines of a busy log
// usually share the second, so the last timestamp's bytes and result are
// kept: a repeat costs one comparison. They share the day and zone even
// more often, so a new second of the same day only reads the time of day.
// Zone locations are cached in a few slots so that a stream mixing servers
// in different zones doesn't allocate a FixedZone per line.
type clfClock struct {
	last  [clfTimeMax]byte
	lastN int // 0: nothing cached
	lastT time.Time

	day     [11]byte // "10/Oct/2000" of the cached day
	dayZone [5]byte  // "-0700"
	dayUnix int64    // Unix seconds at the start of that day in that zone
	dayLoc  *time.Location

	zones [4]zoneSlot
	next  int // round-robin victim in zones
}

type zoneSlot struct {
	off int // seconds east of UTC
	loc *time.Location
}

// clfTimeMax bounds the cached key; longer inputs (a long fraction) are
// parsed every time rather than cached.
const clfTimeMax = 40

// parse converts b, the text between the brackets. ok is false when b is
// not a CLF timestamp.
func (c *clfClock) parse(b []byte) (t time.Time, ok bool) {
	if c.lastN != 0 && len(b) == c.lastN && wordeq.Equal(b, c.last[:c.lastN]) {
		return c.lastT, true
	}
	t, ok = c.parseSlow(b)
	if ok && len(b) <= clfTimeMax {
		c.lastN = copy(c.last[:], b)
		c.lastT = t
	}
	return t, ok
}

var monthIndex = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// parseSlow does the work: dd/Mon/yyyy:HH:MM:SS[.fff] +zzzz, fixed widths.
func (c *clfClock) parseSlow(b []byte) (time.Time, bool) {
	// 20 bytes of date and time, a space, and a 5-byte zone at least.
	if len(b) < 26 || b[11] != ':' || b[14] != ':' || b[17] != ':' {
		return time.Time{}, false
	}
	hour, ok1 := digits2(b[12], b[13])
	minute, ok2 := digits2(b[15], b[16])
	sec, ok3 := digits2(b[18], b[19])
	if !ok1 || !ok2 || !ok3 || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	// Optional fraction of a second: nginx $msec-style variants and
	// Apache's %{msec_frac}t can put one there.
	i := 20
	nsec := 0
	if b[i] == '.' {
		i++
		scale := 100000000
		start := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			if scale > 0 {
				nsec += int(b[i]-'0') * scale
				scale /= 10
			}
			i++
		}
		if i == start {
			return time.Time{}, false
		}
	}
	if len(b)-i != 6 || b[i] != ' ' {
		return time.Time{}, false
	}
	zone := b[i+1:]
	if c.dayLoc == nil || string(b[:11]) != string(c.day[:]) || string(zone) != string(c.dayZone[:]) {
		if !c.setDay(b[:11], zone) {
			return time.Time{}, false
		}
	}
	unix := c.dayUnix + int64(hour*3600+minute*60+sec)
	return time.Unix(unix, int64(nsec)).In(c.dayLoc), true
}

// setDay computes and caches the start of the day "dd/Mon/yyyy" in the
// zone "+hhmm".
func (c *clfClock) setDay(d, zone []byte) bool {
	if d[2] != '/' || d[6] != '/' || (zone[0] != '+' && zone[0] != '-') {
		return false
	}
	day, ok1 := digits2(d[0], d[1])
	year, ok2 := digits4(d[7:11])
	zh, ok3 := digits2(zone[1], zone[2])
	zm, ok4 := digits2(zone[3], zone[4])
	if !ok1 || !ok2 || !ok3 || !ok4 || zh > 23 || zm > 59 {
		return false
	}
	month := 0
	for i, m := range monthIndex {
		// Exactly as strftime's %b writes them in the C locale.
		if d[3] == m[0] && d[4] == m[1] && d[5] == m[2] {
			month = i + 1
			break
		}
	}
	// No web server logged before 1900; refusing earlier years also keeps
	// a junk "01/Jan/0001" from becoming the zero time ("no time").
	if month == 0 || day < 1 || day > daysIn(month, year) || year < 1900 {
		return false
	}
	off := zh*3600 + zm*60
	if zone[0] == '-' {
		off = -off
	}
	copy(c.day[:], d)
	copy(c.dayZone[:], zone)
	c.dayUnix = daysFromCivil(year, month, day)*86400 - int64(off)
	c.dayLoc = c.zone(off)
	return true
}

// zone returns a location for a fixed offset, allocating only when the
// offset is not among the few most recently seen.
func (c *clfClock) zone(off int) *time.Location {
	if off == 0 {
		return time.UTC
	}
	for _, z := range c.zones {
		if z.loc != nil && z.off == off {
			return z.loc
		}
	}
	loc := time.FixedZone("", off)
	c.zones[c.next] = zoneSlot{off: off, loc: loc}
	c.next = (c.next + 1) % len(c.zones)
	return loc
}

func digits2(a, b byte) (int, bool) {
	if a < '0' || a > '9' || b < '0' || b > '9' {
		return 0, false
	}
	return int(a-'0')*10 + int(b-'0'), true
}

func digits4(b []byte) (int, bool) {
	hi, ok1 := digits2(b[0], b[1])
	lo, ok2 := digits2(b[2], b[3])
	return hi*100 + lo, ok1 && ok2
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil counts days from 1970-01-01 to a proleptic Gregorian date
// (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := m - 3
	if m <= 2 {
		mp = m + 9
	}
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}
