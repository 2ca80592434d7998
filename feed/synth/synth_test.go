package synth

import (
	"bufio"
	"bytes"
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze/parse"
)

var start = time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)

func generate(t testing.TB, o WriteOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := o.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFormats(t *testing.T) {
	got := Formats()
	for _, want := range []string{"combined", "common"} {
		if !slices.Contains(got, want) {
			t.Fatalf("Formats() = %v, lacks %s", got, want)
		}
	}
	if !slices.IsSorted(got) {
		t.Fatalf("Formats() = %v, not sorted", got)
	}
	_, err := NewGenerator("klingon", 1, start)
	if err == nil || !strings.Contains(err.Error(), "combined") {
		t.Fatalf("unknown format: err = %v, want one listing the known formats", err)
	}
	if err := Write(&bytes.Buffer{}, "klingon", 1, 1, start, 0); err == nil {
		t.Fatal("Write accepted an unknown format")
	}
}

func TestDeterministic(t *testing.T) {
	for _, f := range Formats() {
		a := generate(t, WriteOptions{Format: f, Lines: 5000, Seed: 7, Start: start, MalformedOneIn: 50})
		b := generate(t, WriteOptions{Format: f, Lines: 5000, Seed: 7, Start: start, MalformedOneIn: 50})
		c := generate(t, WriteOptions{Format: f, Lines: 5000, Seed: 8, Start: start, MalformedOneIn: 50})
		if !bytes.Equal(a, b) {
			t.Errorf("%s: same seed, different output", f)
		}
		if bytes.Equal(a, c) {
			t.Errorf("%s: different seeds, same output", f)
		}
		if n := bytes.Count(a, []byte{'\n'}); n != 5000 {
			t.Errorf("%s: %d lines, want 5000", f, n)
		}
	}
}

func TestAppendDoesNotAllocate(t *testing.T) {
	g, err := NewGenerator("combined", 1, start)
	if err != nil {
		t.Fatal(err)
	}
	g.SetMalformed(10)
	dst := make([]byte, 0, 4096)
	ts := start
	allocs := testing.AllocsPerRun(2000, func() {
		ts = ts.Add(time.Millisecond)
		dst = g.Append(dst[:0], ts)
	})
	if allocs != 0 {
		t.Fatalf("Append allocated %.2f times per line, want 0", allocs)
	}
}

// lineStats is what a test learns from parsing generated lines.
type lineStats struct {
	lines, unparsed int
	statuses        map[int]int
	actors          map[string]int
	targets         map[string]int
	ipv6, hostnames int
	bytesTotal      int64
}

func parseAll(t *testing.T, format string, data []byte, each func(i int, ev *parse.Event)) lineStats {
	t.Helper()
	p, err := parse.New(format, parse.Options{})
	if err != nil {
		t.Fatalf("parser %q: %v", format, err)
	}
	st := lineStats{statuses: map[int]int{}, actors: map[string]int{}, targets: map[string]int{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for i := 0; sc.Scan(); i++ {
		st.lines++
		line := sc.Bytes()
		r := p.Parse(line, func(ev *parse.Event) {
			actor := string(ev.Actor)
			st.statuses[ev.Code]++
			st.actors[actor]++
			st.targets[string(ev.Target)]++
			st.bytesTotal += ev.Bytes
			if addr, err := netip.ParseAddr(actor); err == nil && addr.Is6() {
				st.ipv6++
			} else if err != nil {
				st.hostnames++
			}
			if each != nil {
				each(i, ev)
			}
		})
		if r != parse.Parsed {
			st.unparsed++
		}
	}
	return st
}

func TestEveryLineParses(t *testing.T) {
	const n, rate = 20000, 250
	// The web-traffic shape below is the access formats'; the other
	// formats' generators have their own tests.
	for _, f := range []string{"combined", "common"} {
		t.Run(f, func(t *testing.T) {
			data := generate(t, WriteOptions{Format: f, Lines: n, Seed: 42, Start: start, Rate: rate})
			st := parseAll(t, f, data, func(i int, ev *parse.Event) {
				// Line i is stamped i/rate seconds after start, at
				// one-second resolution.
				want := start.Add(time.Duration(i/rate) * time.Second)
				if !ev.Time.Equal(want) {
					t.Fatalf("line %d: time %v, want %v", i, ev.Time, want)
				}
			})
			if st.lines != n || st.unparsed != 0 {
				t.Fatalf("%d lines, %d unparsed; want %d lines, all parsed", st.lines, st.unparsed, n)
			}
			checkRealistic(t, st)
		})
	}
}

// checkRealistic asserts the shape of the traffic: what makes the panes of
// a demo look like a real site.
func checkRealistic(t *testing.T, st lineStats) {
	t.Helper()
	n := float64(st.lines)
	ok := st.statuses[200] + st.statuses[304]
	if float64(ok) < 0.8*n || float64(ok) > 0.97*n {
		t.Errorf("200+304 are %d of %d lines, want 80-97%%", ok, st.lines)
	}
	for _, code := range []int{301, 404, 401, 403, 500, 503} {
		if st.statuses[code] == 0 {
			t.Errorf("no %d in %d lines", code, st.lines)
		}
	}
	fives := 0
	for code, c := range st.statuses {
		if code >= 500 {
			fives += c
		}
	}
	if float64(fives) > 0.01*n {
		t.Errorf("%d 5xx in %d lines: ordinary traffic should rarely fail", fives, st.lines)
	}
	counts := make([]int, 0, len(st.actors))
	for _, c := range st.actors {
		counts = append(counts, c)
	}
	slices.Sort(counts)
	slices.Reverse(counts)
	top := float64(counts[0]) / n
	if top < 0.04 || top > 0.3 {
		t.Errorf("top client sends %.1f%% of lines, want a heavy hitter of 4-30%%", 100*top)
	}
	if len(counts) < 1000 {
		t.Errorf("%d distinct clients in %d lines, want a long tail", len(counts), st.lines)
	}
	if st.ipv6 == 0 || st.hostnames == 0 {
		t.Errorf("%d IPv6 and %d hostname clients, want some of each", st.ipv6, st.hostnames)
	}
	if len(st.targets) < 300 {
		t.Errorf("%d distinct paths, want many", len(st.targets))
	}
	for _, p := range []string{"/", "/login", "/favicon.ico", "/api/v1/cart"} {
		if st.targets[p] == 0 {
			t.Errorf("no request for %s", p)
		}
	}
	if mean := float64(st.bytesTotal) / n; mean < 5000 || mean > 100000 {
		t.Errorf("mean response of %.0f bytes is not a web site's", mean)
	}
}

func TestMalformedLinesDoNotParse(t *testing.T) {
	for _, f := range Formats() {
		const n, oneIn = 20000, 10
		data := generate(t, WriteOptions{Format: f, Lines: n, Seed: 3, Start: start, MalformedOneIn: oneIn})
		st := parseAll(t, f, data, nil)
		if st.lines != n {
			t.Fatalf("%s: %d lines, want %d", f, st.lines, n)
		}
		// The malformed share is random: 2000 expected, allow 5 sigma.
		if st.unparsed < 1800 || st.unparsed > 2200 {
			t.Errorf("%s: %d of %d lines unparsed, want about 1 in %d", f, st.unparsed, n, oneIn)
		}
	}
}

func TestWriteRateAndZone(t *testing.T) {
	zone := time.FixedZone("", -4*3600)
	data := generate(t, WriteOptions{Format: "common", Lines: 3, Seed: 1, Start: start.In(zone), Rate: 0.5})
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	for i, want := range []string{"[04/Mar/2025:06:00:00 -0400]", "[04/Mar/2025:06:00:02 -0400]", "[04/Mar/2025:06:00:04 -0400]"} {
		if !strings.Contains(lines[i], want) {
			t.Errorf("line %d = %q, want stamp %s", i, lines[i], want)
		}
	}
}

type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	w.n++
	return 0, errors.New("disk full")
}

func TestWriteReportsWriteErrors(t *testing.T) {
	w := &failingWriter{}
	err := Write(w, "combined", 100000, 1, start, 0)
	if err == nil || err.Error() != "disk full" {
		t.Fatalf("err = %v, want disk full", err)
	}
	if w.n != 1 {
		t.Fatalf("Write kept writing after an error: %d calls", w.n)
	}
	if err := Write(w, "combined", 0, 1, start, 0); err != nil || w.n != 1 {
		t.Fatalf("zero lines: err = %v, %d calls; want no write", err, w.n)
	}
}

func TestAliasFollowsWeights(t *testing.T) {
	weights := []float64{50, 30, 15, 4, 1, 0}
	a := newAlias(weights)
	r := newRNG(1, 0)
	counts := make([]int, len(weights))
	const draws = 200000
	for range draws {
		counts[a.pick(r)]++
	}
	for i, w := range weights {
		want := w / 100 * draws
		if d := float64(counts[i]) - want; d > 0.01*draws || d < -0.01*draws {
			t.Errorf("index %d drawn %d times, want about %.0f", i, counts[i], want)
		}
	}
	if counts[5] != 0 {
		t.Errorf("weight 0 drawn %d times", counts[5])
	}
}
