package analyze

// tally is what a stream counts per second (and in all-time totals).
type tally struct {
	lines, parsed, unparsed, events  int64
	bytes, failures, denied, unauth  int64
	truncated, lagMillis, lagSamples int64
}

func (t *tally) add(o *tally) {
	t.lines += o.lines
	t.parsed += o.parsed
	t.unparsed += o.unparsed
	t.events += o.events
	t.bytes += o.bytes
	t.failures += o.failures
	t.denied += o.denied
	t.unauth += o.unauth
	t.truncated += o.truncated
	t.lagMillis += o.lagMillis
	t.lagSamples += o.lagSamples
}

// series keeps one tally per second for the last hour, in a ring.
type series struct {
	ring [ringSeconds]secTally
}

type secTally struct {
	sec int64
	tally
}

// at returns the tally of second sec, clearing a slot left from an older
// second.
func (s *series) at(sec int64) *tally {
	slot := &s.ring[ringSlot(sec)]
	if slot.sec != sec {
		*slot = secTally{sec: sec}
	}
	return &slot.tally
}

// sum adds the seconds in (now-span, now].
func (s *series) sum(now, span int64) tally {
	var t tally
	if span > ringSeconds {
		span = ringSeconds
	}
	for sec := now - span + 1; sec <= now; sec++ {
		if slot := &s.ring[ringSlot(sec)]; slot.sec == sec {
			t.add(&slot.tally)
		}
	}
	return t
}

// rates returns n per-second values of events and bytes ending at now,
// oldest first.
func (s *series) rates(now int64, n int) (events, bytes []float64) {
	if n > ringSeconds {
		n = ringSeconds
	}
	events = make([]float64, n)
	bytes = make([]float64, n)
	for i := 0; i < n; i++ {
		sec := now - int64(n-1-i)
		if slot := &s.ring[ringSlot(sec)]; slot.sec == sec {
			events[i] = float64(slot.events)
			bytes[i] = float64(slot.bytes)
		}
	}
	return events, bytes
}
