package analyze

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/tailtop/tailtop/tui/safe"
)

// Spike detection. Every completed second of a stream feeds four detectors
// (events, failures, denials, bytes). Each learns a baseline online: an
// exponentially weighted mean and mean absolute deviation of the per-second
// rate, frozen while a spike is active so the spike does not teach the
// baseline that it is normal. A spike starts when the rate is at least
// factor × baseline, at least baseline + 6 deviations, and at least an
// absolute floor, for two seconds in a row; it ends after three seconds in
// a row below factor × baseline.

// spikeKinds are the series watched, with their default absolute floors
// (per second) below which nothing is a spike.
var spikeKinds = [...]struct {
	name  string
	floor float64
}{
	{"load", 10},
	{"errors", 5},
	{"denials", 3},
	{"bytes", 100 << 10},
}

const (
	spikeAlpha      = 0.05 // EWMA weight of a new second (~20 s memory)
	spikeWarmup     = 30   // seconds learned before anything is a spike
	spikeStartRun   = 2    // seconds above threshold to start
	spikeEndRun     = 3    // seconds below threshold to end
	spikeMinBase    = 0.5  // baseline floor for ratios when traffic was ~0
	spikeGapReset   = 300  // a silence longer than this relearns the baseline
	spikeBefore     = 300  // seconds before a spike its attribution compares with
	spikeKeep       = 50   // spikes kept per stream
	spikeAttributeN = 3    // keys listed per dimension
)

type detector struct {
	mean, dev   float64
	n           int
	above       int // consecutive seconds above threshold
	below       int
	active      bool
	firstAbove  int64
	cur         *spikeRec
	lastAboveAt int64
}

type spikeRec struct {
	Spike
	startSec, endSec, peakSec int64
	final                     bool
}

type spikeDetectors struct {
	factor float64
	floors [len(spikeKinds)]float64
	det    [len(spikeKinds)]detector
	done   int64 // last second stepped
	list   []*spikeRec
}

func newSpikeDetectors(factor float64, floors map[string]float64) *spikeDetectors {
	if factor <= 1 {
		factor = 3
	}
	d := &spikeDetectors{factor: factor, done: -1}
	for i, k := range spikeKinds {
		d.floors[i] = k.floor
		if f, ok := floors[k.name]; ok && f > 0 {
			d.floors[i] = f
		}
	}
	return d
}

// stepTo feeds every completed second up to and including last.
func (d *spikeDetectors) stepTo(last int64, s *stream) {
	if d.done < 0 {
		d.done = last
		return
	}
	if last-d.done > spikeGapReset {
		// A long silence (or a jump in history): what was learned no
		// longer describes the traffic.
		for i := range d.det {
			d.closeActive(i, d.done, s)
			d.det[i] = detector{}
		}
		d.done = last - 1
	}
	for sec := d.done + 1; sec <= last; sec++ {
		var t tally
		if slot := &s.sec.ring[ringSlot(sec)]; slot.sec == sec {
			t = slot.tally
		}
		vals := [len(spikeKinds)]float64{float64(t.events), float64(t.failures), float64(t.denied), float64(t.bytes)}
		for i := range d.det {
			d.step(i, sec, vals[i], s)
		}
	}
	d.done = last
}

func (d *spikeDetectors) threshold(i int) float64 {
	det := &d.det[i]
	return math.Max(d.floors[i], math.Max(d.factor*math.Max(det.mean, spikeMinBase), det.mean+6*det.dev))
}

func (d *spikeDetectors) step(i int, sec int64, v float64, s *stream) {
	det := &d.det[i]
	learned := det.n >= spikeWarmup
	thr := d.threshold(i)
	if learned && v >= thr {
		det.below = 0
		if det.above == 0 {
			det.firstAbove = sec
		}
		det.above++
		det.lastAboveAt = sec
		if !det.active && det.above >= spikeStartRun {
			det.active = true
			det.cur = &spikeRec{startSec: det.firstAbove}
			det.cur.Kind = spikeKinds[i].name
			det.cur.Baseline = round2(det.mean)
			det.cur.Start = time.Unix(det.firstAbove, 0).UTC()
			det.cur.Active = true
			d.list = append(d.list, det.cur)
			if len(d.list) > spikeKeep {
				d.list = d.list[1:]
			}
		}
		if det.active && v > det.cur.Peak {
			det.cur.Peak, det.cur.peakSec = v, sec
			det.cur.Ratio = round2(v / math.Max(det.mean, spikeMinBase))
		}
		if det.active {
			return
		}
	} else {
		det.above = 0
		if det.active {
			det.below++
			if det.below >= spikeEndRun {
				d.closeActive(i, det.lastAboveAt, s)
			}
			return
		}
	}
	if det.active {
		return
	}
	// learn
	if det.n == 0 {
		det.mean = v
	} else {
		diff := math.Abs(v - det.mean)
		det.mean += spikeAlpha * (v - det.mean)
		det.dev += spikeAlpha * (diff - det.dev)
	}
	det.n++
}

func (d *spikeDetectors) closeActive(i int, lastAbove int64, s *stream) {
	det := &d.det[i]
	if !det.active {
		return
	}
	r := det.cur
	r.endSec = lastAbove
	r.End = time.Unix(lastAbove+1, 0).UTC()
	r.Active = false
	r.final = true
	attribute(r, s)
	det.active, det.cur, det.below, det.above = false, nil, 0, 0
}

// attribute fills the attribution and summary of a spike from the per-second
// key counts inside it and in the window before it.
func attribute(r *spikeRec, s *stream) {
	end := r.endSec
	if !r.final {
		end = s.clock
	}
	r.Attribution = Attribution{
		Actor:  shares(s.actor, r.startSec, end),
		Target: shares(s.target, r.startSec, end),
		Status: shares(s.status, r.startSec, end),
	}
	r.Summary = summary(r)
}

func shares(c *Counter, from, to int64) []Share {
	in := c.Range(from, to)
	before := c.Range(from-spikeBefore, from-1)
	var tin, tbefore int64
	for _, n := range in {
		tin += n
	}
	for _, n := range before {
		tbefore += n
	}
	if tin == 0 {
		return []Share{}
	}
	out := make([]Share, 0, len(in))
	for id, n := range in {
		sh := Share{Key: c.Key(id), Count: n, Share: float64(n) / float64(tin)}
		if tbefore > 0 {
			sh.Before = float64(before[id]) / float64(tbefore)
		}
		out = append(out, sh)
	}
	sort.Slice(out, func(i, j int) bool {
		gi, gj := out[i].Share-out[i].Before, out[j].Share-out[j].Before
		if gi != gj {
			return gi > gj
		}
		return out[i].Key < out[j].Key
	})
	if len(out) > spikeAttributeN {
		out = out[:spikeAttributeN]
	}
	for i := range out {
		out[i].Share, out[i].Before = round2(out[i].Share), round2(out[i].Before)
	}
	return out
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// summary is the one-line story of a spike, e.g.
// "x14 load, 83% from 203.0.113.9 on /login, 401".
func summary(r *spikeRec) string {
	s := fmt.Sprintf("x%.0f %s", r.Ratio, r.Kind)
	a := r.Attribution
	if len(a.Actor) > 0 {
		s += fmt.Sprintf(", %.0f%% from %s", 100*a.Actor[0].Share, safe.Text(a.Actor[0].Key))
	}
	if len(a.Target) > 0 {
		s += " on " + safe.Text(a.Target[0].Key)
	}
	if len(a.Status) > 0 {
		s += ", " + safe.Text(a.Status[0].Key)
	}
	return s
}

// view returns the spikes overlapping [from, to] (all when from < 0), with
// active ones attributed as of now, oldest first.
func (d *spikeDetectors) view(from int64, s *stream) []Spike {
	out := []Spike{}
	for _, r := range d.list {
		if !r.final {
			attribute(r, s)
		} else if r.endSec < from {
			continue
		}
		out = append(out, r.Spike)
	}
	return out
}

// marks says for each of n seconds ending at now whether a spike was on.
func (d *spikeDetectors) marks(now int64, n int) []bool {
	m := make([]bool, n)
	for _, r := range d.list {
		end := r.endSec
		if !r.final {
			end = now
		}
		for i := range m {
			sec := now - int64(n-1-i)
			if sec >= r.startSec && sec <= end {
				m[i] = true
			}
		}
	}
	return m
}
