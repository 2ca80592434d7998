package analyze

import (
	"sort"
	"time"
)

// minuteCap bounds the per-minute history: 45 days of minutes. A minute
// older than what the ring holds is dropped and counted.
const minuteCap = 1 << 16

// maxClassesPerMinute bounds the status split of one minute; further
// distinct statuses are counted under "other".
const maxClassesPerMinute = 16

// minutes counts events per minute with a split by status class, in a ring
// indexed by minute number.
type minutes struct {
	ring    []minuteRow
	dropped int64
}

type minuteRow struct {
	minute int64 // unix minute + 1, so the zero row is empty
	count  int64
	last   uint8 // index in classes of the class counted last
	// classes is a short list searched linearly: with at most a few
	// distinct classes a minute that beats hashing the key per event.
	classes []classCount
}

type classCount struct {
	class string
	n     int64
}

func (m *minutes) add(minute int64, class []byte) {
	if m.ring == nil {
		m.ring = make([]minuteRow, minuteCap)
	}
	i := minute % minuteCap
	if i < 0 {
		i += minuteCap
	}
	r := &m.ring[i]
	if r.minute != minute+1 {
		if r.minute > minute+1 {
			m.dropped++
			return
		}
		*r = minuteRow{minute: minute + 1, classes: r.classes[:0]}
	}
	r.count++
	if len(class) == 0 {
		return
	}
	// Most events of a minute share a class: the one last counted is
	// tried first. Classes are short ("2xx", "ACCEPT"), so comparing them
	// here costs less than a call to compare strings.
	if h := int(r.last); h < len(r.classes) && sameShort(r.classes[h].class, class) {
		r.classes[h].n++
		return
	}
	for i := range r.classes {
		if sameShort(r.classes[i].class, class) {
			r.classes[i].n++
			r.last = uint8(i)
			return
		}
	}
	if len(r.classes) < maxClassesPerMinute {
		r.last = uint8(len(r.classes))
		r.classes = append(r.classes, classCount{string(class), 1})
		return
	}
	for i := range r.classes {
		if r.classes[i].class == "other" {
			r.classes[i].n++
			return
		}
	}
	r.classes[len(r.classes)-1] = classCount{"other", r.classes[len(r.classes)-1].n + 1}
}

// list returns the minutes in [from, to] (unix minutes), oldest first.
func (m *minutes) list(from, to int64) []MinuteCount {
	var out []MinuteCount
	for i := range m.ring {
		r := &m.ring[i]
		if r.minute == 0 || r.minute-1 < from || r.minute-1 > to {
			continue
		}
		mc := MinuteCount{Minute: time.Unix((r.minute-1)*60, 0).UTC(), Count: r.count}
		if len(r.classes) > 0 {
			mc.Classes = make(map[string]int64, len(r.classes))
			for _, c := range r.classes {
				mc.Classes[c.class] += c.n
			}
		}
		out = append(out, mc)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Minute.Before(out[j].Minute) })
	return out
}

// sameShort reports whether s and b hold the same bytes, comparing byte by
// byte: for the few bytes of a status class that is cheaper than the call
// behind string comparison.
func sameShort(s string, b []byte) bool {
	if len(s) != len(b) {
		return false
	}
	if len(b) > 16 {
		return s == string(b)
	}
	for i := 0; i < len(b); i++ {
		if s[i] != b[i] {
			return false
		}
	}
	return true
}
