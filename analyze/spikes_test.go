package analyze

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed"
)

// trafficSecond appends the lines of one second of steady combined traffic
// with noise, stamped at t.
func trafficSecond(b *feed.Batch, r *rand.Rand, t time.Time, base int) {
	n := base + r.Intn(base/2+1) - base/4
	ts := t.UTC().Format("02/Jan/2006:15:04:05 -0700")
	for i := 0; i < n; i++ {
		ip := fmt.Sprintf("198.51.100.%d", r.Intn(200))
		path := []string{"/", "/a", "/b", "/c", "/img/x.png"}[r.Intn(5)]
		status := []int{200, 200, 200, 304, 404}[r.Intn(5)]
		b.Lines = append(b.Lines, feed.Line{Origin: "gen", Arrival: t,
			Data: fmt.Appendf(nil, `%s - - [%s] "GET %s HTTP/1.1" %d %d "-" "ua"`, ip, ts, path, status, 400+r.Intn(200))})
	}
}

func burstSecond(b *feed.Batch, t time.Time, n int) {
	ts := t.UTC().Format("02/Jan/2006:15:04:05 -0700")
	for i := 0; i < n; i++ {
		b.Lines = append(b.Lines, feed.Line{Origin: "gen", Arrival: t,
			Data: fmt.Appendf(nil, `203.0.113.9 - - [%s] "POST /login HTTP/1.1" 401 12 "-" "bot"`, ts)})
	}
}

func runTraffic(t *testing.T, minutes int, burstAt, burstLen int) Snapshot {
	t.Helper()
	r := rand.New(rand.NewSource(3))
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	e := NewEngine(Config{TailSize: -1})
	e.AddStream("web", "combined")
	for sec := 0; sec < minutes*60; sec++ {
		b := &feed.Batch{Source: "web", History: true}
		ts := start.Add(time.Duration(sec) * time.Second)
		trafficSecond(b, r, ts, 20)
		if burstLen > 0 && sec >= burstAt && sec < burstAt+burstLen {
			burstSecond(b, ts, 200)
		}
		e.Ingest(b)
	}
	return e.Snapshot(SnapshotOptions{})
}

func TestSpikeInjectedBurstIsFoundWithItsCause(t *testing.T) {
	snap := runTraffic(t, 10, 300, 20)
	sp := snap.Streams[0].Spikes
	if len(sp) != 1 {
		t.Fatalf("want exactly 1 spike, got %d: %+v", len(sp), sp)
	}
	s := sp[0]
	wantStart := time.Date(2026, 3, 1, 12, 5, 0, 0, time.UTC)
	if s.Kind != "load" || s.Active || s.Start.Sub(wantStart).Abs() > 2*time.Second {
		t.Fatalf("spike kind/start wrong: %+v (want load at %v)", s, wantStart)
	}
	if d := s.End.Sub(s.Start); d < 18*time.Second || d > 22*time.Second {
		t.Fatalf("spike lasted %v, want ~20s", d)
	}
	if s.Ratio < 5 || s.Peak < 200 {
		t.Fatalf("peak %v ratio %v too low", s.Peak, s.Ratio)
	}
	a := s.Attribution
	if len(a.Actor) == 0 || a.Actor[0].Key != "203.0.113.9" || a.Actor[0].Share < 0.8 || a.Actor[0].Before != 0 {
		t.Fatalf("top actor attribution wrong: %+v", a.Actor)
	}
	if a.Target[0].Key != "/login" || a.Status[0].Key != "401" {
		t.Fatalf("target/status attribution wrong: %+v %+v", a.Target, a.Status)
	}
	if want := "from 203.0.113.9 on /login, 401"; !strings.Contains(s.Summary, want) {
		t.Fatalf("summary %q lacks %q", s.Summary, want)
	}
}

func TestSpikeSteadyNoisyTrafficYieldsNone(t *testing.T) {
	snap := runTraffic(t, 30, 0, 0)
	if sp := snap.Streams[0].Spikes; len(sp) != 0 {
		t.Fatalf("steady traffic produced spikes: %+v", sp)
	}
}
