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

// Tests of the cloudtrail, alb and json generators: every line parses with
// the format's own parser, at the time it was generated, and the traffic
// has the shape the panes are for.

var awsJSONFormats = []struct {
	name      string
	precision time.Duration // of the timestamps written
}{
	{"alb", time.Microsecond},
	{"cloudtrail", time.Second},
	{"json", time.Millisecond},
}

// tallied is what the tests learn from parsing generated lines.
type tallied struct {
	lines, unparsed, events              int
	actors, targets, statuses, sources   map[string]int
	failures, denied, unauthorized, ipv6 int
	bytes                                int64
	codes                                map[int]int
	badTime                              int
}

func tallyLines(t *testing.T, format string, data []byte, times func(i int) time.Time, precision time.Duration) tallied {
	t.Helper()
	p, err := parse.New(format, parse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := tallied{actors: map[string]int{}, targets: map[string]int{}, statuses: map[string]int{}, sources: map[string]int{}, codes: map[int]int{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for i := 0; sc.Scan(); i++ {
		st.lines++
		r := p.Parse(sc.Bytes(), func(ev *parse.Event) {
			st.events++
			st.actors[string(ev.Actor)]++
			st.targets[string(ev.Target)]++
			st.statuses[string(ev.Status)]++
			st.sources[string(ev.SourceIP)]++
			st.codes[ev.Code]++
			st.bytes += ev.Bytes
			if ev.Failure {
				st.failures++
			}
			if ev.Denied {
				st.denied++
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
		if r != parse.Parsed {
			st.unparsed++
		}
	}
	return st
}

func TestAWSJSONEveryLineParses(t *testing.T) {
	const n, rate = 20000, 333
	for _, f := range awsJSONFormats {
		t.Run(f.name, func(t *testing.T) {
			if !slices.Contains(Formats(), f.name) {
				t.Fatalf("%s not in Formats() %v", f.name, Formats())
			}
			data := generate(t, WriteOptions{Format: f.name, Lines: n, Seed: 42, Start: start, Rate: rate})
			step := float64(time.Second) / rate
			st := tallyLines(t, f.name, data, func(i int) time.Time { return start.Add(time.Duration(float64(i) * step)) }, f.precision)
			if st.lines != n || st.unparsed != 0 || st.events != n {
				t.Fatalf("%d lines, %d unparsed, %d events; want %d, all parsed, one event each", st.lines, st.unparsed, st.events, n)
			}
			if st.badTime != 0 {
				t.Fatalf("%d events not at the time their line was generated", st.badTime)
			}
		})
	}
}

func TestAWSJSONDeterministicAndMalformed(t *testing.T) {
	for _, f := range awsJSONFormats {
		a := generate(t, WriteOptions{Format: f.name, Lines: 3000, Seed: 7, Start: start, MalformedOneIn: 10})
		b := generate(t, WriteOptions{Format: f.name, Lines: 3000, Seed: 7, Start: start, MalformedOneIn: 10})
		c := generate(t, WriteOptions{Format: f.name, Lines: 3000, Seed: 8, Start: start, MalformedOneIn: 10})
		if !bytes.Equal(a, b) || bytes.Equal(a, c) {
			t.Errorf("%s: output does not follow the seed", f.name)
		}
		st := tallyLines(t, f.name, a, nil, 0)
		// About one in ten: 300 expected, 5 sigma.
		if st.lines != 3000 || st.unparsed < 220 || st.unparsed > 380 {
			t.Errorf("%s: %d of %d lines unparsed, want about 1 in 10", f.name, st.unparsed, st.lines)
		}
	}
}

func TestAWSJSONAppendDoesNotAllocate(t *testing.T) {
	for _, f := range awsJSONFormats {
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

func TestCloudTrailTraffic(t *testing.T) {
	const n = 40000
	st := tallyLines(t, "cloudtrail", generate(t, WriteOptions{Format: "cloudtrail", Lines: n, Seed: 3, Start: start}), nil, 0)
	counts := sortedCounts(st.actors)
	if top := float64(counts[0]) / n; top < 0.15 || top > 0.6 {
		t.Errorf("top principal makes %.0f%% of calls, want a heavy hitter", 100*top)
	}
	if len(st.actors) < 12 || len(st.targets) < 25 {
		t.Errorf("%d principals, %d API calls: want a live account", len(st.actors), len(st.targets))
	}
	if f := float64(st.failures) / n; f < 0.01 || f > 0.05 {
		t.Errorf("%.1f%% failed calls, want a few", 100*f)
	}
	if st.denied == 0 || float64(st.denied)/n > 0.01 {
		t.Errorf("%d denied calls in ordinary traffic, want a few", st.denied)
	}
	if st.targets["signin.amazonaws.com:ConsoleLogin"] == 0 || st.statuses["OK"] < n*9/10 {
		t.Errorf("console sign-ins %d, OK %d", st.targets["signin.amazonaws.com:ConsoleLogin"], st.statuses["OK"])
	}
	if st.actors["ec2.amazonaws.com"] == 0 {
		t.Error("no call made by an AWS service")
	}
}

func TestWebFormatsTraffic(t *testing.T) {
	for _, format := range []string{"alb", "json"} {
		const n = 40000
		st := tallyLines(t, format, generate(t, WriteOptions{Format: format, Lines: n, Seed: 5, Start: start}), nil, 0)
		ok := 0
		for code, c := range st.codes {
			if code >= 200 && code < 400 {
				ok += c
			}
		}
		if float64(ok) < 0.8*n {
			t.Errorf("%s: %d of %d 2xx/3xx", format, ok, n)
		}
		for _, code := range []int{404, 401, 301} {
			if st.codes[code] == 0 {
				t.Errorf("%s: no %d", format, code)
			}
		}
		if len(st.actors) < 1000 || st.ipv6 == 0 || len(st.targets) < 300 {
			t.Errorf("%s: %d clients (%d IPv6), %d paths", format, len(st.actors), st.ipv6, len(st.targets))
		}
		for a := range st.actors {
			if _, err := netip.ParseAddr(a); err != nil && format == "alb" {
				t.Errorf("alb client %q is no address", a)
				break
			}
		}
		if mean := float64(st.bytes) / n; mean < 5000 || mean > 100000 {
			t.Errorf("%s: mean of %.0f bytes", format, mean)
		}
	}
}

// Each incident of each format shows what it is for.
func TestAWSJSONIncidents(t *testing.T) {
	for _, f := range awsJSONFormats {
		for _, kind := range []incidentKind{flood, scan, outage} {
			g, err := NewGenerator(f.name, 9, start)
			if err != nil {
				t.Fatal(err)
			}
			in := incident{kind: kind}
			g.m.prepare(&in, newRNG(9, 99))
			var buf []byte
			for i := range 500 {
				buf = g.m.incident(buf, start.Add(time.Duration(i)*time.Millisecond), &in)
			}
			st := tallyLines(t, f.name, buf, nil, 0)
			if st.unparsed != 0 {
				t.Errorf("%s %v: %d unparsed", f.name, kind, st.unparsed)
			}
			top := sortedCounts(st.actors)[0]
			sources := sortedCounts(st.sources)[0]
			switch {
			case f.name == "cloudtrail" && kind == flood:
				if st.denied < 400 || sources != 500 {
					t.Errorf("cloudtrail flood: %d denied, top source %d of 500", st.denied, sources)
				}
			case f.name == "cloudtrail" && kind == scan:
				if st.unauthorized != 500 || sources != 500 || st.targets["signin.amazonaws.com:ConsoleLogin"] != 500 {
					t.Errorf("cloudtrail scan: %d failed sign-ins, top source %d", st.unauthorized, sources)
				}
			case f.name == "cloudtrail" && kind == outage:
				if st.failures < 150 || st.statuses["ThrottlingException"] == 0 {
					t.Errorf("cloudtrail outage: %d failures %v", st.failures, st.statuses)
				}
			case kind == flood:
				if top != 500 || st.unauthorized < 400 {
					t.Errorf("%s flood: top client %d, %d unauthorized", f.name, top, st.unauthorized)
				}
			case kind == scan:
				if top != 500 || st.codes[404] < 400 {
					t.Errorf("%s scan: top client %d, %d 404", f.name, top, st.codes[404])
				}
			case kind == outage:
				if st.failures < 100 || len(st.targets) != 1 {
					t.Errorf("%s outage: %d failures on %d targets", f.name, st.failures, len(st.targets))
				}
			}
		}
	}
}

func sortedCounts(m map[string]int) []int {
	out := make([]int, 0, len(m))
	for _, c := range m {
		out = append(out, c)
	}
	slices.Sort(out)
	slices.Reverse(out)
	if len(out) == 0 {
		out = append(out, 0)
	}
	return out
}

// An outage on the load balancer is answered by it: no target, -1 timings.
func TestALBOutageLines(t *testing.T) {
	g, _ := NewGenerator("alb", 4, start)
	in := incident{kind: outage}
	g.m.prepare(&in, newRNG(4, 1))
	in.failShare = 1
	line := string(g.m.incident(nil, start, &in))
	if !strings.Contains(line, " - -1 -1 -1 50") {
		t.Fatalf("outage line %q: want the load balancer's own 5xx", line)
	}
}
