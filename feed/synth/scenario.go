package synth

import (
	"math"
	"time"
)

// scenario is the live feed's script: how busy the site is at each moment
// and which incident, if any, is under way. It is driven by the time since
// the feed started, so a seed always stages the same show.
type scenario struct {
	r      *rng // the schedule only, so it does not depend on batch sizes
	jitter *rng
	prep   func(*incident, *rng)
	steady bool // no swell, no noise, no incidents: for tests of rate
	cur    incident
	phase  [2]float64
}

// Incident timing: the first comes soon, so a demo shows one within half a
// minute; then one every 45-90 s, each lasting 10-20 s.
const (
	firstIncidentMin, firstIncidentMax = 15 * time.Second, 30 * time.Second
	incidentGapMin, incidentGapMax     = 45 * time.Second, 90 * time.Second
	incidentLenMin, incidentLenMax     = 10 * time.Second, 20 * time.Second
)

func newScenario(seed int64, prep func(*incident, *rng)) *scenario {
	s := &scenario{r: newRNG(seed, 4), jitter: newRNG(seed, 5), prep: prep}
	s.phase = [2]float64{s.r.between(0, 2*math.Pi), s.r.between(0, 2*math.Pi)}
	s.plan(s.durationBetween(firstIncidentMin, firstIncidentMax))
	return s
}

func (s *scenario) durationBetween(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(s.r.float()*float64(hi-lo))
}

// plan sets up the incident starting at start.
func (s *scenario) plan(start time.Duration) {
	in := incident{start: start}
	in.end = start + s.durationBetween(incidentLenMin, incidentLenMax)
	switch x := s.r.intn(100); {
	case x < 50:
		in.kind, in.extra = flood, 4 // five times the usual volume
	case x < 80:
		in.kind, in.extra = outage, 0.6 // clients retrying
	default:
		in.kind, in.extra = scan, 2
	}
	s.prep(&in, s.r)
	s.cur = in
}

// at returns the base traffic multiplier at elapsed time e and the
// incident under way then, or nil. e must not go backwards.
func (s *scenario) at(e time.Duration) (float64, *incident) {
	if s.steady {
		return 1, nil
	}
	for e >= s.cur.end {
		s.plan(s.cur.start + s.durationBetween(incidentGapMin, incidentGapMax))
	}
	sec := e.Seconds()
	// A slow swell over four minutes and a quicker ripple: the sparkline
	// is never flat, yet nothing here looks like a spike.
	mult := 1 + 0.25*math.Sin(2*math.Pi*sec/240+s.phase[0]) + 0.1*math.Sin(2*math.Pi*sec/37+s.phase[1])
	if s.cur.active(e) {
		return mult, &s.cur
	}
	return mult, nil
}

// noise returns a per-batch factor so that counts jitter like real arrivals.
func (s *scenario) noise() float64 {
	if s.steady {
		return 1
	}
	return 0.85 + 0.3*s.jitter.float()
}
