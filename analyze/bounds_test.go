package analyze

import (
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed"
)

// Memory under unbounded cardinality, from the constants.
//
// Per stream the engine keeps six top tables (Counter): actors and targets
// (32,768 keys each), statuses, and the AccessDenied principals, actions
// and source IPs (4,096 each): 81,920 keys at most. A key costs its entry
// (88 bytes, twice that while the slice grows), the key's bytes and its
// map slot: boundPerKey below. Each table also keeps, for each of the last
// ringSeconds seconds, one 8-byte pair per key counted in that second, to
// expire it from the windows: at most min(cap, keys counted that second)
// pairs a second, twice that while a slot's slice grows. So:
//
//	memory ≤ boundFixed + Σ cap×boundPerKey + Σ ringSeconds × min(cap, keys/s) × 16 B
//
// The first two terms are about 58 MB whatever the traffic. The last is
// what a flood costs: 8 bytes per distinct key per second of the last
// hour, up to 0.94 GB per table when more than 32,768 distinct keys arrive
// every second for an hour; 10 million distinct keys in all never hold more
// than 10 million pairs (160 MB) per table.
const (
	boundPerKey = 2*88 + 32 + 64 + 48 // entry (×2 growth), key ≤ 32 B, map slot (×2 growth), slack
	boundPair   = 2 * 8               // a pair, ×2 growth of its slot
	// boundFixed is what one stream keeps whatever its keys: the minute
	// rings (65,536 minutes × 40 B, twice), the per-second series, the
	// live tail (2,000 lines), the drill-down ring (20,000 events), the
	// unparsed ring, spike and rule state.
	boundFixed = 32 << 20
)

// raceEnabled reports a -race build: ten times slower, so the long tests
// run a smaller size unless TAILTOP_LONG=1.
func raceEnabled() bool {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-race" {
				return s.Value == "true"
			}
		}
	}
	return false
}

// heapInUse is the live heap after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestBoundsDistinctActors sends N events from N distinct clients (10
// million; 300,000, nine times the table, under -race unless
// TAILTOP_LONG=1: the race detector makes the engine twenty times
// slower), with ten heavy
// hitters of at least 0.1% of the traffic each interleaved from the start,
// spread over three hours of event time, through the engine. The live heap
// stays under the bound derived above, and the ten heavy hitters are the
// top ten with their exact counts (all time and in the last hour), which
// Space-Saving guarantees for keys in the table before it filled.
func TestBoundsDistinctActors(t *testing.T) {
	distinct := 10_000_000
	if raceEnabled() && os.Getenv("TAILTOP_LONG") != "1" {
		distinct = 300_000
	}
	const (
		heavy    = 10
		span     = 3 * 3600 // seconds of event time
		targets  = 16
		statuses = 3
		batch    = 1024
	)
	// Heavy hitter h sends heavyBase + h*heavyStep events: ≥ 0.1% each.
	heavyBase := distinct / 500
	heavyStep := distinct / 5000
	heavyTotal := 0
	for h := range heavy {
		heavyTotal += heavyBase + h*heavyStep
	}
	total := distinct + heavyTotal
	perSecond := (total + span - 1) / span
	heavyEvery := total / heavyTotal // one heavy event every heavyEvery events

	e := NewEngine(Config{})
	e.AddStream("flood", "combined")
	before := heapInUse()
	start := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

	heavyKey := func(h int) string { return "203.0.113." + strconv.Itoa(h+1) }
	heavyLeft := make([]int, heavy)
	for h := range heavyLeft {
		heavyLeft[h] = heavyBase + h*heavyStep
	}
	heavyAll := make([]int64, heavy)
	heavyLastHour := make([]int64, heavy)
	lastSecond := int64(total-1) / int64(perSecond)

	buf := make([]byte, 0, batch*128)
	lines := make([]feed.Line, 0, batch)
	stamp, stampSec := "", int64(-1)
	next := 0 // next heavy hitter, round robin
	single := 0
	arrival := time.Now()
	for i := range total {
		sec := int64(i / perSecond)
		if sec != stampSec {
			stamp = start.Add(time.Duration(sec) * time.Second).Format("02/Jan/2006:15:04:05 -0700")
			stampSec = sec
		}
		h := -1
		if i%heavyEvery == 0 || single >= distinct {
			// Round robin over the heavy hitters that have events left.
			for k := range heavy {
				if c := (next + k) % heavy; heavyLeft[c] > 0 {
					h, next = c, (c+1)%heavy
					break
				}
			}
		}
		off := len(buf)
		if h >= 0 {
			heavyLeft[h]--
			heavyAll[h]++
			if sec > lastSecond-3600 {
				heavyLastHour[h]++
			}
			buf = append(buf, heavyKey(h)...)
		} else {
			buf = appendIPv4(buf, 20<<24+single) // 20.0.0.0 onwards: public, distinct
			single++
		}
		buf = append(buf, " - - ["...)
		buf = append(buf, stamp...)
		buf = append(buf, `] "GET /p`...)
		buf = strconv.AppendInt(buf, int64(i%targets), 10)
		buf = append(buf, ` HTTP/1.1" `...)
		buf = strconv.AppendInt(buf, int64(200+i%statuses), 10)
		buf = append(buf, ` 512 "-" "bench"`...)
		lines = append(lines, feed.Line{Origin: "flood.log", Data: buf[off:len(buf):len(buf)], Arrival: arrival})
		if len(lines) == batch || i == total-1 {
			e.Ingest(&feed.Batch{Source: "flood", Lines: lines, History: true})
			buf, lines = buf[:0], lines[:0]
		}
	}
	if single != distinct {
		t.Fatalf("generator: %d singles, want %d", single, distinct)
	}
	used := heapInUse() - before

	caps := []int{32768, 32768, 4096, 4096, 4096, 4096}
	keysPerSecond := []int{perSecond, targets, statuses, 0, 0, 0} // no denials
	bound := boundFixed
	for k, c := range caps {
		bound += c*boundPerKey + ringSeconds*min(c, keysPerSecond[k])*boundPair
	}
	t.Logf("%d events, %d distinct clients + %d heavy hitters, %d/s over %d s: live heap %.1f MB, bound %.1f MB",
		total, distinct, heavy, perSecond, span, float64(used)/1e6, float64(bound)/1e6)
	if used > uint64(bound) {
		t.Errorf("live heap %d bytes, over the bound of %d", used, bound)
	}

	for _, w := range []struct {
		window time.Duration
		want   []int64
	}{{0, heavyAll}, {time.Hour, heavyLastHour}} {
		snap := e.Snapshot(SnapshotOptions{Window: w.window, TopN: heavy})
		s := snap.Streams[0]
		if s.Lines != int64(total) && w.window == 0 {
			t.Errorf("lines %d, want %d", s.Lines, total)
		}
		if !s.Approximate {
			t.Errorf("window %v: %d distinct keys and not approximate", w.window, distinct)
		}
		if len(s.Top.Actor) != heavy {
			t.Fatalf("window %v: top has %d rows", w.window, len(s.Top.Actor))
		}
		for rank, row := range s.Top.Actor {
			h := heavy - 1 - rank // the largest sends the most
			if row.Key != heavyKey(h) || row.Count != w.want[h] || row.Error != 0 {
				t.Errorf("window %v rank %d: %s %d ±%d, want %s %d exact", w.window, rank, row.Key, row.Count, row.Error, heavyKey(h), w.want[h])
			}
			if share := float64(w.want[h]) / float64(total); w.window == 0 && share < 0.001 {
				t.Errorf("heavy hitter %d has %.4f%% of the traffic, under 0.1%%", h, 100*share)
			}
		}
	}
}

func appendIPv4(b []byte, ip int) []byte {
	for shift := 24; shift >= 0; shift -= 8 {
		b = strconv.AppendInt(b, int64(ip>>shift&255), 10)
		if shift > 0 {
			b = append(b, '.')
		}
	}
	return b
}
