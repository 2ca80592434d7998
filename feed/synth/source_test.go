package synth

import (
	"context"
	"math"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze/parse"
	"github.com/tailtop/tailtop/feed"
)

// fakeClock advances one tick per wait without waiting, and ends the run
// after a number of ticks.
type fakeClock struct {
	t     time.Time
	ticks int
}

func (c *fakeClock) now() time.Time { return c.t }
func (c *fakeClock) stop()          {}
func (c *fakeClock) wait(ctx context.Context) bool {
	if ctx.Err() != nil || c.ticks == 0 {
		return false
	}
	c.ticks--
	c.t = c.t.Add(tick)
	return true
}

// runFake runs a source for d of simulated time and returns its batches.
func runFake(t *testing.T, s *Source, d time.Duration, steady bool) []*feed.Batch {
	t.Helper()
	s.sc.steady = steady
	s.newClock = func() clock { return &fakeClock{t: start, ticks: int(d / tick)} }
	var batches []*feed.Batch
	err := s.Run(context.Background(), func(b *feed.Batch) bool {
		batches = append(batches, b)
		return true
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return batches
}

func newSource(t *testing.T, cfg Config) *Source {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNewValidates(t *testing.T) {
	for _, cfg := range []Config{
		{Rate: -1}, {Rate: math.NaN()}, {Rate: math.Inf(1)}, {Limit: -1}, {Format: "klingon"},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+v) accepted", cfg)
		}
	}
	s := newSource(t, Config{})
	if s.Name() != "demo://combined" || s.cfg.Rate != DefaultRate {
		t.Errorf("defaults: name %q rate %v", s.Name(), s.cfg.Rate)
	}
	if st := s.Status(); st.Kind != "demo" || st.Name != "demo://combined" || st.State != "waiting" {
		t.Errorf("status before Run = %+v", st)
	}
	if s := newSource(t, Config{Format: "common", Name: "shop"}); s.Name() != "shop" {
		t.Errorf("Name() = %q, want shop", s.Name())
	}
}

func TestSourceSteadyRate(t *testing.T) {
	s := newSource(t, Config{Rate: 200, Malformed: -1, Name: "demo-a"})
	batches := runFake(t, s, 10*time.Second, true)
	p, err := parse.New("combined", parse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	prev := start
	for _, b := range batches {
		if b.Source != "demo-a" || b.History {
			t.Fatalf("batch source %q history %v", b.Source, b.History)
		}
		if n := len(b.Lines); n < 9 || n > 11 {
			t.Fatalf("batch of %d lines, want 10 (200/s every 50ms)", n)
		}
		arrival := b.Lines[0].Arrival
		if got := arrival.Sub(prev); got != tick {
			t.Fatalf("batches %v apart, want %v", got, tick)
		}
		prev = arrival
		for _, l := range b.Lines {
			total++
			if l.Origin != "demo" || !l.Arrival.Equal(arrival) || len(l.Data) == 0 || l.Data[len(l.Data)-1] == '\n' {
				t.Fatalf("bad line %+v", l)
			}
			if len(l.Data) != cap(l.Data) {
				t.Fatalf("line capacity %d runs past its length %d into the next line", cap(l.Data), len(l.Data))
			}
			r := p.Parse(l.Data, func(ev *parse.Event) {
				// Stamped inside the batch's interval, at one-second
				// resolution.
				if ev.Time.After(arrival) || ev.Time.Before(arrival.Add(-tick-time.Second)) {
					t.Fatalf("line stamped %v in a batch arriving %v", ev.Time, arrival)
				}
			})
			if r != parse.Parsed {
				t.Fatalf("unparsed line %q", l.Data)
			}
		}
	}
	if total < 1999 || total > 2000 {
		t.Fatalf("%d lines in 10 s at 200/s, want 2000", total)
	}
	st := s.Status()
	if st.State != "done" || st.Lines != int64(total) {
		t.Fatalf("status after run = %+v", st)
	}
}

func TestSourceLimit(t *testing.T) {
	s := newSource(t, Config{Rate: 1000, Limit: 1234})
	var states []string
	s.sc.steady = false
	s.newClock = func() clock { return &fakeClock{t: start, ticks: -1} } // endless
	total, size := 0, int64(0)
	err := s.Run(context.Background(), func(b *feed.Batch) bool {
		states = append(states, s.Status().State)
		total += len(b.Lines)
		for _, l := range b.Lines {
			size += int64(len(l.Data)) + 1
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if total != 1234 {
		t.Fatalf("emitted %d lines, want the limit 1234", total)
	}
	if st := s.Status(); st.State != "done" || st.Lines != 1234 || st.Bytes != size {
		t.Fatalf("status = %+v, want done, 1234 lines, %d bytes", st, size)
	}
	if len(states) == 0 || states[0] != "following" {
		t.Fatalf("state while running = %v, want following", states)
	}
}

func TestSourceStopsWhenConsumerGoes(t *testing.T) {
	s := newSource(t, Config{})
	s.newClock = func() clock { return &fakeClock{t: start, ticks: -1} }
	calls := 0
	err := s.Run(context.Background(), func(*feed.Batch) bool { calls++; return calls < 3 })
	if err != nil || calls != 3 {
		t.Fatalf("Run = %v after %d emits, want nil after 3", err, calls)
	}
}

func TestSourceStopsOnCancel(t *testing.T) {
	// The real clock: Run must return nil once ctx is done.
	s := newSource(t, Config{Rate: 1000})
	ctx, cancel := context.WithCancel(context.Background())
	var batches atomic.Int64
	done := make(chan error, 1)
	go func() {
		done <- s.Run(ctx, func(b *feed.Batch) bool {
			if batches.Add(1) == 2 {
				cancel()
			}
			return true
		})
	}()
	// Status is safe while Run runs (checked by -race).
	var err error
	for polling := true; polling; {
		select {
		case err = <-done:
			polling = false
		default:
			_ = s.Status()
			runtime.Gosched()
		}
	}
	if err != nil {
		t.Fatalf("Run = %v, want nil on cancel", err)
	}
	if n := batches.Load(); n != 2 {
		t.Fatalf("%d batches emitted, want 2: the second cancelled the run", n)
	}
	if st := s.Status(); st.State != "done" || st.Lines == 0 {
		t.Fatalf("status = %+v", st)
	}

	// Already cancelled: nothing emitted.
	s = newSource(t, Config{})
	if err := s.Run(ctx, func(*feed.Batch) bool { t.Fatal("emitted after cancel"); return true }); err != nil {
		t.Fatal(err)
	}
}

// schedule returns the incidents a source with this seed stages in d.
func schedule(t *testing.T, format string, seed int64, d time.Duration) []incident {
	g, err := NewGenerator(format, seed, start)
	if err != nil {
		t.Fatal(err)
	}
	sc := newScenario(seed, g.m.prepare)
	var out []incident
	for sc.cur.end <= d {
		out = append(out, sc.cur)
		sc.at(sc.cur.end)
	}
	return out
}

// window counts what happened in a stretch of a live run.
type window struct {
	lines, actor, actorDenied, actorNotFound, actorOff, fails int
	seconds                                                   float64
}

func TestSourceStagesIncidents(t *testing.T) {
	const (
		rate = 50
		run  = 30 * time.Minute
		seed = 11
	)
	s := newSource(t, Config{Rate: rate, Seed: seed})
	batches := runFake(t, s, run, false)
	incidents := schedule(t, "combined", seed, run)

	if len(incidents) < 18 {
		t.Fatalf("%d incidents in %v, want one every 45-90 s", len(incidents), run)
	}
	if first := incidents[0].start; first < firstIncidentMin || first > firstIncidentMax {
		t.Errorf("first incident at %v, want within half a minute", first)
	}
	kinds := map[incidentKind]int{}
	for _, in := range incidents {
		kinds[in.kind]++
		if d := in.end - in.start; d < incidentLenMin || d > incidentLenMax {
			t.Errorf("%v lasts %v", in.kind, d)
		}
	}
	if len(kinds) != 3 {
		t.Errorf("incident kinds %v, want flood, outage and scan", kinds)
	}

	// Tally each incident and the ten seconds before it; and ordinary
	// traffic minute by minute.
	p, err := parse.New("combined", parse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	during := make([]window, len(incidents))
	before := make([]window, len(incidents))
	perMinute := make([]window, int(run/time.Minute))
	unparsed, total := 0, 0
	for _, b := range batches {
		at := b.Lines[0].Arrival.Sub(start)
		var w []*window
		var in *incident
		quiet := true
		for i := range incidents {
			switch x := &incidents[i]; {
			case at > x.start+time.Second && at <= x.end:
				w, in = append(w, &during[i]), x
			case at > x.start-10*time.Second && at <= x.start:
				w = append(w, &before[i])
			}
			if at > incidents[i].start && at <= incidents[i].end+time.Second {
				quiet = false
			}
		}
		if quiet {
			w = append(w, &perMinute[int(at/time.Minute)%len(perMinute)])
		}
		for _, x := range w {
			x.seconds += tick.Seconds()
		}
		for _, l := range b.Lines {
			total++
			r := p.Parse(l.Data, func(ev *parse.Event) {
				for _, x := range w {
					x.lines++
					if ev.Code >= 500 {
						x.fails++
					}
					if in != nil && string(ev.Actor) == in.actor.addr {
						x.actor++
						switch {
						case ev.Code == 401 || ev.Code == 403 || ev.Code == 429:
							x.actorDenied++
						case ev.Code == 404:
							x.actorNotFound++
						}
						if in.kind == flood && string(ev.Target) != in.target.path {
							x.actorOff++
						}
					}
				}
			})
			if r != parse.Parsed {
				unparsed++
			}
		}
	}

	for i, in := range incidents {
		d, b := during[i], before[i]
		if d.seconds == 0 || b.seconds == 0 {
			t.Fatalf("incident %d (%v at %v) not covered by the run", i, in.kind, in.start)
		}
		rise := (float64(d.lines) / d.seconds) / (float64(b.lines) / b.seconds)
		actorShare := float64(d.actor) / float64(d.lines)
		failShare := float64(d.fails) / float64(d.lines)
		t.Logf("%-6v at %5.0fs for %2.0fs: traffic x%.1f, actor share %.2f, 5xx share %.2f", in.kind, in.start.Seconds(), (in.end - in.start).Seconds(), rise, actorShare, failShare)
		switch in.kind {
		case flood:
			if rise < 3 || actorShare < 0.6 || float64(d.actorDenied) < 0.85*float64(d.actor) || d.actorOff != 0 {
				t.Errorf("flood %d from %s on %s: traffic x%.1f, actor share %.2f, %d/%d denied, %d elsewhere",
					i, in.actor.addr, in.target.path, rise, actorShare, d.actorDenied, d.actor, d.actorOff)
			}
		case scan:
			if rise < 1.7 || actorShare < 0.5 || float64(d.actorNotFound) < 0.8*float64(d.actor) {
				t.Errorf("scan %d from %s: traffic x%.1f, actor share %.2f, %d/%d not found",
					i, in.actor.addr, rise, actorShare, d.actorNotFound, d.actor)
			}
		case outage:
			if failShare < 0.12 || float64(b.fails)/float64(b.lines) > 0.03 {
				t.Errorf("outage %d on %s: 5xx share %.2f during, %.3f before", i, in.target.path, failShare, float64(b.fails)/float64(b.lines))
			}
		}
	}

	// Ordinary traffic swells and ebbs.
	lo, hi := math.Inf(1), 0.0
	for _, m := range perMinute {
		if m.seconds < 20 {
			continue
		}
		r := float64(m.lines) / m.seconds
		lo, hi = min(lo, r), max(hi, r)
		if m.fails > m.lines/50 {
			t.Errorf("quiet minute with %d 5xx in %d lines", m.fails, m.lines)
		}
	}
	t.Logf("quiet traffic %.0f-%.0f lines/s; %d of %d lines unparsed", lo, hi, unparsed, total)
	if hi/lo < 1.15 || lo < 0.5*rate || hi > 1.6*rate {
		t.Errorf("quiet traffic between %.0f/s and %.0f/s, want variation around %d/s", lo, hi, rate)
	}

	// About one line in 500 is malformed.
	if want := float64(total) / 500; float64(unparsed) < 0.6*want || float64(unparsed) > 1.4*want {
		t.Errorf("%d of %d lines unparsed, want about 1 in 500", unparsed, total)
	}
}

func TestSourceCommonFormat(t *testing.T) {
	s := newSource(t, Config{Format: "common", Rate: 500, Malformed: -1})
	batches := runFake(t, s, 2*time.Minute, false)
	p, err := parse.New("common", parse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, b := range batches {
		for _, l := range b.Lines {
			n++
			if strings.HasSuffix(string(l.Data), `"`) {
				t.Fatalf("common line with referer or agent: %q", l.Data)
			}
			if r := p.Parse(l.Data, func(*parse.Event) {}); r != parse.Parsed {
				t.Fatalf("unparsed: %q", l.Data)
			}
		}
	}
	if n < 500*60 {
		t.Fatalf("only %d lines in two minutes at 500/s", n)
	}
}
