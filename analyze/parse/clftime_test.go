package parse

import (
	"testing"
	"time"
)

const clfLayout = "02/Jan/2006:15:04:05 -0700"

func TestCLFClock(t *testing.T) {
	valid := []string{
		"10/Oct/2000:13:55:36 -0700",
		"01/Jan/1970:00:00:00 +0000",
		"31/Dec/1969:23:59:59 +0000",
		"29/Feb/2000:12:00:00 +0100",
		"29/Feb/2024:23:59:59 -1200",
		"01/Mar/2100:00:00:00 +1400",
		"22/Jan/2019:03:56:14 +0330",
		"01/Jan/1900:00:00:00 +0000",
		"30/Nov/9999:23:59:59 +0545",
	}
	var c clfClock
	for _, s := range valid {
		want, err := time.Parse(clfLayout, s)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := c.parse([]byte(s))
		if !ok || !got.Equal(want) {
			t.Errorf("%s: %v %v, want %v", s, got, ok, want)
		}
		_, off := got.Zone()
		if _, woff := want.Zone(); off != woff {
			t.Errorf("%s: zone offset %d, want %d", s, off, woff)
		}
		// Again, from the cache.
		if again, ok := c.parse([]byte(s)); !ok || !again.Equal(want) {
			t.Errorf("%s cached: %v %v", s, again, ok)
		}
	}
	invalid := []string{
		"", "10/Oct/2000:13:55:36", "10/Oct/2000:13:55:36 0700", "10/oct/2000:13:55:36 -0700",
		"00/Oct/2000:13:55:36 -0700", "31/Apr/2000:13:55:36 -0700", "29/Feb/1900:13:55:36 -0700",
		"10/Oct/2000:24:00:00 -0700", "10/Oct/2000:13:60:36 -0700", "10/Oct/2000:13:55:60 -0700",
		"10/Oct/2000:13:55:36 -2400", "10/Oct/2000:13:55:36 -0760", "10/Oct/2000 13:55:36 -0700",
		"1/Oct/2000:13:55:36 -0700", "10/Oct/2000:13:55:36.  -0700", "10/Oct/2000:13:55:36 -0700 ",
		"10/Oct/2000:13:55:36 -070", "10/Oct/20x0:13:55:36 -0700", "10-Oct-2000:13:55:36 -0700",
		"31/Dec/1899:23:59:59 +0000", "01/Jan/0001:00:00:00 +0000",
	}
	for _, s := range invalid {
		if got, ok := c.parse([]byte(s)); ok {
			t.Errorf("%q parsed as %v", s, got)
		}
	}
}

func TestCLFClockFraction(t *testing.T) {
	var c clfClock
	for s, ns := range map[string]int{
		"10/Oct/2000:13:55:36.5 -0700":          500000000,
		"10/Oct/2000:13:55:36.123 -0700":        123000000,
		"10/Oct/2000:13:55:36.123456789 -0700":  123456789,
		"10/Oct/2000:13:55:36.1234567891 -0700": 123456789, // beyond nanoseconds: dropped
	} {
		got, ok := c.parse([]byte(s))
		if !ok || got.Nanosecond() != ns || got.Unix() != 971211336 {
			t.Errorf("%s: %v %v", s, got, ok)
		}
	}
}

// The cache must not hand out a previous line's time for a different
// timestamp of the same length.
func TestCLFClockCacheKey(t *testing.T) {
	var c clfClock
	a, _ := c.parse([]byte("10/Oct/2000:13:55:36 -0700"))
	b, _ := c.parse([]byte("10/Oct/2000:13:55:37 -0700"))
	z, _ := c.parse([]byte("10/Oct/2000:13:55:37 +0000"))
	if b.Sub(a) != time.Second || b.Sub(z) != 7*time.Hour {
		t.Errorf("a %v b %v z %v", a, b, z)
	}
	// The day cache: same time of day on the next day, then back.
	d, _ := c.parse([]byte("11/Oct/2000:13:55:37 +0000"))
	z2, _ := c.parse([]byte("10/Oct/2000:13:55:37 +0000"))
	if d.Sub(z) != 24*time.Hour || !z2.Equal(z) {
		t.Errorf("z %v d %v z2 %v", z, d, z2)
	}
	// A bad line of a cached day leaves the cache sound.
	if _, ok := c.parse([]byte("10/Oct/2000:13:55:37 +2400")); ok {
		t.Error("zone +2400 accepted")
	}
	if z3, _ := c.parse([]byte("10/Oct/2000:13:55:38 +0000")); z3.Sub(z) != time.Second {
		t.Errorf("after a bad zone: %v", z3)
	}
}

func TestCLFClockAllocs(t *testing.T) {
	var c clfClock
	stamps := [][]byte{
		[]byte("10/Oct/2000:13:55:36 -0700"),
		[]byte("10/Oct/2000:13:55:37 +0200"),
		[]byte("10/Oct/2000:13:55:38 +0000"),
	}
	for _, s := range stamps { // fill the zone cache
		c.parse(s)
	}
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		c.parse(stamps[i%len(stamps)]) // a cache miss every time
		i++
	})
	if allocs != 0 {
		t.Errorf("%v allocations per timestamp", allocs)
	}
}

// FuzzCLFClock checks the hand-written parser against time.Parse: whatever
// it accepts without a fraction, time.Parse reads as the same instant.
func FuzzCLFClock(f *testing.F) {
	f.Add("10/Oct/2000:13:55:36 -0700")
	f.Add("29/Feb/2000:12:00:00 +0100")
	f.Add("10/Oct/2000:13:55:36.123 -0700")
	f.Fuzz(func(t *testing.T, s string) {
		var c clfClock
		got, ok := c.parse([]byte(s))
		if !ok || len(s) != len(clfLayout) {
			return
		}
		want, err := time.Parse(clfLayout, s)
		if err != nil {
			t.Fatalf("%q: hand parser says %v, time.Parse: %v", s, got, err)
		}
		if !got.Equal(want) {
			t.Fatalf("%q: %v, time.Parse %v", s, got, want)
		}
	})
}
