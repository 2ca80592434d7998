// Package analyze owns the event model's aggregation: rolling windows on
// one-second buckets, bounded top-k tables, per-minute counts, the engine
// that feeds parsers from batches, and the snapshots every view reads. It
// knows nothing of the screen or of where lines come from.
package analyze

import (
	"fmt"
	"time"
)

// Windows are the rolling windows every counter maintains at once, so that
// switching the window on screen is instant.
var Windows = [...]time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour}

const (
	nWindows = len(Windows)
	// ringSeconds is the one-second bucket history: the longest window.
	ringSeconds = 3600
)

// windowIndex maps a window duration to its slot, -1 for "all time".
func windowIndex(d time.Duration) int {
	if d <= 0 {
		return -1
	}
	for i, w := range Windows {
		if d == w {
			return i
		}
	}
	return -1
}

// ParseWindow reads "1m", "5m", "15m", "1h" or "all".
func ParseWindow(s string) (time.Duration, error) {
	if s == "" || s == "all" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err == nil && windowIndex(d) >= 0 {
		return d, nil
	}
	return 0, fmt.Errorf("window %q: use one of 1m, 5m, 15m, 1h or all", s)
}

// WindowName is the short name of a window ("all" for 0).
func WindowName(d time.Duration) string {
	switch d {
	case 0:
		return "all"
	case time.Hour:
		return "1h"
	}
	return fmt.Sprintf("%dm", int(d/time.Minute))
}

// ringSlot is the index of second sec in a one-hour ring (negative seconds,
// from absurd timestamps, included).
func ringSlot(sec int64) int {
	i := sec % ringSeconds
	if i < 0 {
		i += ringSeconds
	}
	return int(i)
}
