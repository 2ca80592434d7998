package synth

import (
	"context"
	"errors"
	"math"
	"sync"
	"time"

	"github.com/tailtop/tailtop/feed"
)

// Config configures a live demo feed.
type Config struct {
	Format string  // a name from Formats; default "combined"
	Rate   float64 // base lines per second; default 200
	Seed   int64
	Name   string // default "demo://" + Format
	Limit  int64  // stop after this many lines; 0 = endless
	// Malformed makes about one line in Malformed malformed, for the
	// unparsed view: 0 means the default of 500, a negative value none.
	Malformed int
}

// DefaultRate is the base rate of the demo feed, in lines per second.
const DefaultRate = 200

const (
	// tick is how often the feed emits the lines that fell due.
	tick = 50 * time.Millisecond
	// maxLag bounds catching up after a stall (a consumer that blocked,
	// a suspended laptop): older lines are skipped, not piled into a batch.
	maxLag = time.Second
	// maxBatchLines bounds one batch whatever the rate.
	maxBatchLines = 100_000
	// lineEstimate is a combined line's typical size, to size batch buffers.
	lineEstimate = 240
)

// Source is a live synthetic feed implementing feed.Source: ordinary
// traffic at Rate lines per second that swells and ebbs, with an incident
// every minute or so and a malformed line now and then. Run it once.
type Source struct {
	cfg Config
	gen *Generator
	sc  *scenario
	// newClock is swapped by tests for a clock that needs no waiting.
	newClock func() clock

	mu sync.Mutex
	st feed.Status
}

var _ feed.Source = (*Source)(nil)

// New returns a demo feed.
func New(cfg Config) (*Source, error) {
	if cfg.Format == "" {
		cfg.Format = "combined"
	}
	if math.IsNaN(cfg.Rate) || math.IsInf(cfg.Rate, 0) || cfg.Rate < 0 {
		return nil, errors.New("synth: rate must be a positive number of lines per second")
	}
	if cfg.Rate == 0 {
		cfg.Rate = DefaultRate
	}
	if cfg.Limit < 0 {
		return nil, errors.New("synth: negative limit")
	}
	if cfg.Name == "" {
		cfg.Name = "demo://" + cfg.Format
	}
	g, err := NewGenerator(cfg.Format, cfg.Seed, time.Now())
	if err != nil {
		return nil, err
	}
	switch {
	case cfg.Malformed == 0:
		g.SetMalformed(500)
	case cfg.Malformed > 0:
		g.SetMalformed(cfg.Malformed)
	}
	return &Source{
		cfg:      cfg,
		gen:      g,
		sc:       newScenario(cfg.Seed, g.m.prepare),
		newClock: newTickerClock,
		st:       feed.Status{Name: cfg.Name, Kind: "demo", State: "waiting"},
	}, nil
}

// Name implements feed.Source.
func (s *Source) Name() string { return s.cfg.Name }

// Status implements feed.Source.
func (s *Source) Status() feed.Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st
}

func (s *Source) setState(state string) {
	s.mu.Lock()
	s.st.State = state
	s.mu.Unlock()
}

// Run implements feed.Source: every tick it emits one batch holding the
// lines that fell due since the last, stamped across that interval. It
// returns nil when ctx is done, the consumer is gone, or Limit is reached.
func (s *Source) Run(ctx context.Context, emit feed.Emit) error {
	clk := s.newClock()
	defer clk.stop()
	s.setState("following")
	defer s.setState("done")

	begin := clk.now()
	last := begin
	var emitted int64
	var dueBase, dueExtra float64
	for {
		if !clk.wait(ctx) {
			return nil
		}
		now := clk.now()
		if !now.After(last) {
			continue
		}
		if now.Sub(last) > maxLag {
			last = now.Add(-maxLag)
		}
		dt := now.Sub(last).Seconds()
		mult, in := s.sc.at(now.Sub(begin))
		dueBase += s.cfg.Rate * mult * dt * s.sc.noise()
		if in != nil {
			dueExtra += s.cfg.Rate * in.extra * dt
		} else {
			dueExtra = 0
		}
		nb, ne := int(dueBase), int(dueExtra)
		dueBase -= float64(nb)
		dueExtra -= float64(ne)
		if nb+ne > maxBatchLines {
			ne = min(ne, maxBatchLines)
			nb = maxBatchLines - ne
		}
		if s.cfg.Limit > 0 && int64(nb+ne) > s.cfg.Limit-emitted {
			n := int(s.cfg.Limit - emitted)
			ne = min(ne, n)
			nb = n - ne
		}
		if nb+ne == 0 {
			last = now
			continue
		}
		b, size := s.batch(last, now, nb, ne, in)
		last = now
		if !emit(b) {
			return nil
		}
		emitted += int64(len(b.Lines))
		s.mu.Lock()
		s.st.Lines += int64(len(b.Lines))
		s.st.Bytes += int64(size)
		s.mu.Unlock()
		if s.cfg.Limit > 0 && emitted >= s.cfg.Limit {
			return nil
		}
	}
}

// batch makes nb lines of ordinary traffic and ne of the incident's own,
// interleaved evenly and stamped across (from, to].
func (s *Source) batch(from, to time.Time, nb, ne int, in *incident) (*feed.Batch, int) {
	n := nb + ne
	buf := make([]byte, 0, n*lineEstimate)
	ends := make([]int, n)
	span := to.Sub(from)
	for k := range n {
		t := from.Add(span * time.Duration(k+1) / time.Duration(n))
		if (k+1)*ne/n > k*ne/n {
			buf = s.gen.appendIncident(buf, t, in)
		} else {
			buf = s.gen.appendNormal(buf, t, in)
		}
		ends[k] = len(buf)
	}
	lines := make([]feed.Line, n)
	start := 0
	for k, end := range ends {
		// Each line's capacity ends with it, so a consumer appending to
		// one line cannot overwrite the next.
		lines[k] = feed.Line{Origin: "demo", Data: buf[start : end-1 : end-1], Arrival: to}
		start = end
	}
	return &feed.Batch{Source: s.cfg.Name, Lines: lines}, len(buf)
}
