package analyze

import "time"

// IntervalStats are one stream's exact counts over a closed interval of
// seconds, for metric publishing: consecutive intervals never share a
// second, so a count is published once.
type IntervalStats struct {
	Stream   string
	Format   string
	From, To time.Time // [From, To): whole seconds
	Lines    int64
	Unparsed int64
	Events   int64
	Failures int64
	Denied   int64
	Bytes    int64
	// TopActors are the actors with the most events in the interval.
	TopActors    []KeyCount
	ActiveSpikes int
	FiringAlerts int
	Sampled      bool
}

// Interval returns every stream's counts for the seconds in [from, to) of
// the stream clock (arrival time for live traffic). Seconds older than the
// one-hour ring are gone: the interval must lie within the last hour.
func (e *Engine) Interval(from, to time.Time, topN int) []IntervalStats {
	now := e.cfg.Now()
	e.mu.Lock()
	defer e.mu.Unlock()
	streams := e.streamList()
	out := make([]IntervalStats, 0, len(streams))
	f, t := from.Unix(), to.Unix()-1
	for _, s := range streams {
		if s.live {
			s.advance(now.Unix())
		}
		st := IntervalStats{Stream: s.name, Format: s.format, From: from, To: to}
		if st.Format == "" {
			st.Format = s.detected
		}
		var sum tally
		if t >= f {
			for sec := max(f, t-ringSeconds+1); sec <= t; sec++ {
				if slot := &s.sec.ring[ringSlot(sec)]; slot.sec == sec {
					sum.add(&slot.tally)
				}
			}
			st.TopActors = topOf(s.actor, s.actor.Range(f, t), topN)
		}
		st.Lines, st.Unparsed, st.Events = sum.lines, sum.unparsed, sum.events
		st.Failures, st.Denied, st.Bytes = sum.failures, sum.denied, sum.bytes
		for _, d := range s.spikes.det {
			if d.active {
				st.ActiveSpikes++
			}
		}
		for _, r := range s.rules {
			if r.firing {
				st.FiringAlerts++
			}
		}
		out = append(out, st)
	}
	return out
}

// topOf returns the n largest counts of a Range result.
func topOf(c *Counter, counts map[uint32]int64, n int) []KeyCount {
	out := make([]KeyCount, 0, n+1)
	for id, cnt := range counts {
		key := c.Key(id)
		if len(out) == n && !better(cnt, key, out[n-1]) {
			continue
		}
		kc := KeyCount{Key: key, Count: cnt}
		j := len(out)
		out = append(out, kc)
		for j > 0 && better(kc.Count, kc.Key, out[j-1]) {
			out[j] = out[j-1]
			j--
		}
		out[j] = kc
		if len(out) > n {
			out = out[:n]
		}
	}
	return out
}
