package synth

import (
	"bufio"
	"bytes"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze/parse"
)

// Tests of the iis, vpcflow and exchange generators: formats whose logs
// start with header lines. Every line parses with the format's own parser,
// headers as Meta and rows as one event each, at the time the line was
// generated; and the traffic has the shape the panes are for.

var headerFormats = []struct {
	name      string
	precision time.Duration // of the timestamps written
	header    int           // lines in a header block
}{
	{"iis", time.Second, 4},
	{"vpcflow", time.Second, 1},
	{"exchange", time.Millisecond, 5},
}

// headerTally is what a test learns from parsing generated lines.
type headerTally struct {
	lines, meta, unparsed, events, badTime int
	failures, unauthorized, ipv6, more     int
	actors, targets, statuses              map[string]int
	codes                                  map[int]int
	bytes                                  int64
}

func tallyHeaderFormat(t *testing.T, format string, data []byte, times func(i int) time.Time, precision time.Duration) headerTally {
	t.Helper()
	p, err := parse.New(format, parse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := headerTally{actors: map[string]int{}, targets: map[string]int{}, statuses: map[string]int{}, codes: map[int]int{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for i := 0; sc.Scan(); i++ {
		st.lines++
		r := p.Parse(sc.Bytes(), func(ev *parse.Event) {
			st.events++
			st.actors[string(ev.Actor)]++
			st.targets[string(ev.Target)]++
			st.statuses[string(ev.Status)]++
			st.codes[ev.Code]++
			st.bytes += ev.Bytes
			st.more += len(ev.MoreTargets)
			if ev.Failure {
				st.failures++
			}
			if ev.Unauthorized {
				st.unauthorized++
			}
			if a, err := netip.ParseAddr(string(ev.Actor)); err == nil && a.Is6() {
				st.ipv6++
			}
			if times != nil && !ev.Time.Equal(times(i).Truncate(precision)) {
				st.badTime++
			}
		})
		switch r {
		case parse.Meta:
			st.meta++
		case parse.Unparsed:
			st.unparsed++
		}
	}
	return st
}

func TestHeaderFormatsEveryLineParses(t *testing.T) {
	const n, rate = 20000, 250
	for _, f := range headerFormats {
		t.Run(f.name, func(t *testing.T) {
			if !slices.Contains(Formats(), f.name) {
				t.Fatalf("%s not in Formats() %v", f.name, Formats())
			}
			data := generate(t, WriteOptions{Format: f.name, Lines: n, Seed: 42, Start: start, Rate: rate})
			step := float64(time.Second) / rate
			st := tallyHeaderFormat(t, f.name, data, func(i int) time.Time { return start.Add(time.Duration(float64(i) * step)) }, f.precision)
			// 20000 lines at 250/s stay within one UTC day: one header.
			if st.lines != n || st.unparsed != 0 || st.meta != f.header || st.events != n-f.header {
				t.Fatalf("%d lines: %d headers, %d events, %d unparsed; want %d headers, the rest events", st.lines, st.meta, st.events, st.unparsed, f.header)
			}
			if st.badTime != 0 {
				t.Fatalf("%d events not at the time their line was generated", st.badTime)
			}
		})
	}
}

// TestHeaderFormatsNewDayNewHeader: like the servers, the generators start
// a new file, header first, each UTC day.
func TestHeaderFormatsNewDayNewHeader(t *testing.T) {
	for _, f := range headerFormats {
		if f.name == "vpcflow" {
			continue // S3 objects are per delivery, not per day: one header
		}
		data := generate(t, WriteOptions{Format: f.name, Lines: 3000, Seed: 1, Start: start.Truncate(24 * time.Hour).Add(24*time.Hour - time.Minute), Rate: 10})
		st := tallyHeaderFormat(t, f.name, data, nil, 0)
		if st.meta != 2*f.header || st.unparsed != 0 {
			t.Errorf("%s across midnight: %d header lines, %d unparsed; want two blocks of %d", f.name, st.meta, st.unparsed, f.header)
		}
	}
}

func TestHeaderFormatsDeterministicAndMalformed(t *testing.T) {
	for _, f := range headerFormats {
		a := generate(t, WriteOptions{Format: f.name, Lines: 3000, Seed: 7, Start: start, MalformedOneIn: 10})
		b := generate(t, WriteOptions{Format: f.name, Lines: 3000, Seed: 7, Start: start, MalformedOneIn: 10})
		c := generate(t, WriteOptions{Format: f.name, Lines: 3000, Seed: 8, Start: start, MalformedOneIn: 10})
		if !bytes.Equal(a, b) || bytes.Equal(a, c) {
			t.Errorf("%s: output does not follow the seed", f.name)
		}
		st := tallyHeaderFormat(t, f.name, a, nil, 0)
		// About one in ten: 300 expected, 5 sigma.
		if st.lines != 3000 || st.unparsed < 220 || st.unparsed > 380 {
			t.Errorf("%s: %d of %d lines unparsed, want about 1 in 10", f.name, st.unparsed, st.lines)
		}
	}
}

func TestHeaderFormatsAppendDoesNotAllocate(t *testing.T) {
	for _, f := range headerFormats {
		g, err := NewGenerator(f.name, 1, start)
		if err != nil {
			t.Fatal(err)
		}
		dst := make([]byte, 0, 8192)
		ts := start
		if a := testing.AllocsPerRun(2000, func() {
			ts = ts.Add(time.Millisecond)
			dst = g.Append(dst[:0], ts)
		}); a != 0 {
			t.Errorf("%s: %.2f allocations per line", f.name, a)
		}
	}
}

func TestIISTraffic(t *testing.T) {
	const n = 40000
	st := tallyHeaderFormat(t, "iis", generate(t, WriteOptions{Format: "iis", Lines: n, Seed: 5, Start: start}), nil, 0)
	ok := st.codes[200] + st.codes[304]
	if float64(ok) < 0.8*float64(st.events) {
		t.Errorf("%d of %d 200/304", ok, st.events)
	}
	for _, code := range []int{404, 401, 301, 500} {
		if st.codes[code] == 0 {
			t.Errorf("no %d", code)
		}
	}
	if len(st.actors) < 1000 || st.ipv6 == 0 || len(st.targets) < 300 {
		t.Errorf("%d clients (%d IPv6), %d paths", len(st.actors), st.ipv6, len(st.targets))
	}
	for a := range st.actors {
		if _, err := netip.ParseAddr(a); err != nil {
			t.Errorf("client %q is no address", a)
			break
		}
	}
	if mean := float64(st.bytes) / float64(st.events); mean < 5000 || mean > 100000 {
		t.Errorf("mean of %.0f bytes", mean)
	}
}

func TestVPCFlowTraffic(t *testing.T) {
	const n = 40000
	st := tallyHeaderFormat(t, "vpcflow", generate(t, WriteOptions{Format: "vpcflow", Lines: n, Seed: 5, Start: start}), nil, 0)
	if r := float64(st.statuses["REJECT"]) / float64(st.events); r < 0.05 || r > 0.2 {
		t.Errorf("%.1f%% rejected, want the Internet's background noise", 100*r)
	}
	if st.statuses["NODATA"] == 0 || st.statuses["SKIPDATA"] == 0 || st.failures != st.statuses["REJECT"] {
		t.Errorf("statuses %v, failures %d", st.statuses, st.failures)
	}
	if len(st.actors) < 1000 || st.ipv6 == 0 {
		t.Errorf("%d sources (%d IPv6)", len(st.actors), st.ipv6)
	}
	for _, tg := range []string{"10.0.3.20:5432/tcp", "10.0.0.2:53/udp", "10.0.0.37:443/tcp"} {
		if st.targets[tg] == 0 {
			t.Errorf("no flow to %s", tg)
		}
	}
	if st.bytes < int64(st.events)*1000 {
		t.Errorf("%d bytes in %d flows", st.bytes, st.events)
	}
}

func TestExchangeTraffic(t *testing.T) {
	const n = 40000
	st := tallyHeaderFormat(t, "exchange", generate(t, WriteOptions{Format: "exchange", Lines: n, Seed: 5, Start: start}), nil, 0)
	for _, ev := range []string{"RECEIVE", "DELIVER", "SEND", "SUBMIT", "AGENTINFO", "FAIL", "DEFER", "DSN", "EXPAND"} {
		if st.statuses[ev] == 0 {
			t.Errorf("no %s", ev)
		}
	}
	if f := float64(st.failures) / float64(st.events); f == 0 || f > 0.05 {
		t.Errorf("%.1f%% failed, want a few", 100*f)
	}
	if len(st.actors) < 300 || len(st.targets) < 300 || st.more == 0 {
		t.Errorf("%d senders, %d recipients, %d further recipients", len(st.actors), len(st.targets), st.more)
	}
	counts := countsDesc(st.actors)
	if top := float64(counts[0]) / float64(st.events); top < 0.02 || top > 0.3 {
		t.Errorf("top sender sends %.1f%%, want a heavy hitter", 100*top)
	}
}

// Each incident of each format shows what it is for.
func TestHeaderFormatsIncidents(t *testing.T) {
	for _, f := range headerFormats {
		for _, kind := range []incidentKind{flood, scan, outage} {
			g, err := NewGenerator(f.name, 9, start)
			if err != nil {
				t.Fatal(err)
			}
			in := incident{kind: kind}
			g.m.prepare(&in, newRNG(9, 99))
			var buf []byte
			for i := range 2000 {
				buf = g.appendIncident(buf, start.Add(time.Duration(i)*time.Millisecond), &in)
			}
			st := tallyHeaderFormat(t, f.name, buf, nil, 0)
			if st.unparsed != 0 || st.events < 1900 {
				t.Errorf("%s %v: %d events, %d unparsed", f.name, kind, st.events, st.unparsed)
				continue
			}
			switch {
			case kind == outage && f.name == "exchange":
				if st.statuses["DEFER"] < st.events/5 {
					t.Errorf("exchange outage: %d deferred of %d", st.statuses["DEFER"], st.events)
				}
			case kind == outage && f.name == "vpcflow":
				if st.failures < st.events*9/10 {
					t.Errorf("vpcflow outage: %d rejected of %d", st.failures, st.events)
				}
			case kind == outage:
				if st.failures < st.events/5 {
					t.Errorf("%s outage: %d failures of %d", f.name, st.failures, st.events)
				}
			default:
				// Floods and scans are one actor's.
				if top := countsDesc(st.actors)[0]; top < st.events*9/10 {
					t.Errorf("%s %v: top actor has %d of %d events", f.name, kind, top, st.events)
				}
			}
		}
	}
}

// TestHeaderFormatsLiveFeed: the demo feed of each format parses, headers
// included, through auto-detection, which names the format.
func TestHeaderFormatsLiveFeed(t *testing.T) {
	for _, f := range headerFormats {
		g, err := NewGenerator(f.name, 3, start)
		if err != nil {
			t.Fatal(err)
		}
		sc := newScenario(3, g.m.prepare)
		a := parse.NewAuto(parse.Options{})
		unparsed := 0
		var buf []byte
		for i := range 5000 {
			at := time.Duration(i) * 20 * time.Millisecond
			_, in := sc.at(at)
			buf = buf[:0]
			if in != nil && i%3 == 0 {
				buf = g.appendIncident(buf, start.Add(at), in)
			} else {
				buf = g.appendNormal(buf, start.Add(at), in)
			}
			if a.Parse(bytes.TrimSuffix(buf, []byte("\n")), func(*parse.Event) {}) == parse.Unparsed {
				unparsed++
			}
		}
		if a.Format() != f.name || unparsed != 0 {
			t.Errorf("%s: detected %q, %d unparsed", f.name, a.Format(), unparsed)
		}
		if strings.Count(string(buf), "\n") != 1 {
			t.Errorf("%s: one call wrote %q", f.name, buf)
		}
	}
}

// countsDesc returns the counts of m, largest first.
func countsDesc(m map[string]int) []int {
	out := make([]int, 0, len(m))
	for _, c := range m {
		out = append(out, c)
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out
}
