package analyze

import (
	"bytes"
	"time"
)

// maxTailLineBytes bounds how much of one line the tail keeps for display.
const maxTailLineBytes = 4096

// tailRing keeps the most recent lines in fixed slots whose byte buffers are
// reused, so that keeping a live tail costs a copy, not an allocation.
type tailRing struct {
	slots []tailSlot
	next  uint64 // sequence number of the next line
}

type tailSlot struct {
	seq     uint64
	arrival time.Time
	origin  string
	data    []byte
	status  []byte
	parsed  bool
	failure bool
}

func newTailRing(n int) *tailRing {
	if n <= 0 {
		return nil
	}
	return &tailRing{slots: make([]tailSlot, n)}
}

func (r *tailRing) add(arrival time.Time, origin string, data, status []byte, parsed, failure bool) {
	if r == nil {
		return
	}
	s := &r.slots[r.next%uint64(len(r.slots))]
	r.next++
	s.seq = r.next
	s.arrival = arrival
	s.origin = origin
	if len(data) > maxTailLineBytes {
		data = data[:maxTailLineBytes]
	}
	s.data = append(s.data[:0], data...)
	s.status = append(s.status[:0], status...)
	s.parsed, s.failure = parsed, failure
}

// last copies up to n of the most recent lines containing filter
// (case-insensitive, empty matches all), oldest first.
func (r *tailRing) last(n int, filter string) []TailLine {
	if r == nil || n <= 0 {
		return nil
	}
	f := bytes.ToLower([]byte(filter))
	var out []TailLine
	size := uint64(len(r.slots))
	for i := uint64(0); i < size && i < r.next && len(out) < n; i++ {
		s := &r.slots[(r.next-1-i)%size]
		if !containsFold(s.data, f) {
			continue
		}
		out = append(out, TailLine{
			Seq: s.seq, Arrival: s.arrival, Origin: s.origin, Text: string(s.data),
			Parsed: s.parsed, Status: string(s.status), Failure: s.failure,
		})
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// containsFold reports whether lowerNeedle (already lower-case ASCII) occurs
// in h, ignoring ASCII case, without allocating.
func containsFold(h, lowerNeedle []byte) bool {
	n := len(lowerNeedle)
	if n == 0 {
		return true
	}
	first := lowerNeedle[0]
	for i := 0; i+n <= len(h); i++ {
		if lowerASCII(h[i]) != first {
			continue
		}
		j := 1
		for j < n && lowerASCII(h[i+j]) == lowerNeedle[j] {
			j++
		}
		if j == n {
			return true
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// filteredTail keeps the recent lines matching the filter the view asked
// for last, collected as lines arrive: a filter over a busy stream would
// otherwise only ever search the few lines still in the main ring.
type filteredTail struct {
	text  string
	lower []byte
	ring  *tailRing
}

// set changes the filter, seeding the ring from the main tail's lines.
func (f *filteredTail) set(text string, main *tailRing, size int) {
	f.text = text
	f.lower = bytes.ToLower([]byte(text))
	if text == "" || main == nil {
		f.ring = nil
		return
	}
	f.ring = newTailRing(size)
	for _, l := range main.last(len(main.slots), text) {
		f.ring.add(l.Arrival, l.Origin, []byte(l.Text), []byte(l.Status), l.Parsed, l.Failure)
	}
}

func (f *filteredTail) offer(arrival time.Time, origin string, data, status []byte, parsed, failure bool) {
	if f.ring != nil && containsFold(data, f.lower) {
		f.ring.add(arrival, origin, data, status, parsed, failure)
	}
}
