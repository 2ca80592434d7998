package tui

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// FormatCount renders a count in at most six cells: exact below 100000,
// then with a k/M/G/T suffix.
func FormatCount(n int64) string {
	if n < 0 {
		return "-" + FormatCount(-max(n, -math.MaxInt64))
	}
	if n < 100000 {
		return strconv.FormatInt(n, 10)
	}
	return scaled(float64(n), 1000, []string{"k", "M", "G", "T", "P", "E"})
}

// FormatRate renders a per-second rate: one decimal below 10, then whole
// numbers, then suffixed.
func FormatRate(f float64) string {
	switch {
	case math.IsNaN(f) || f <= 0:
		return "0"
	case math.IsInf(f, 1):
		return "∞"
	case f < 10:
		return strconv.FormatFloat(f, 'f', 1, 64)
	case f < 10000:
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	return scaled(f, 1000, []string{"k", "M", "G", "T", "P", "E"})
}

// FormatBytes renders a byte amount with binary units (B, KB, MB...).
func FormatBytes(f float64) string {
	if math.IsNaN(f) || f <= 0 {
		return "0B"
	}
	if math.IsInf(f, 1) {
		return "∞B"
	}
	if f < 1024 {
		return strconv.FormatFloat(f, 'f', 0, 64) + "B"
	}
	return scaled(f, 1024, []string{"KB", "MB", "GB", "TB", "PB", "EB"})
}

// scaled divides f by unit until it is below unit and prints it with three
// significant digits and the matching suffix.
func scaled(f, unit float64, suffixes []string) string {
	i := -1
	for f >= unit && i < len(suffixes)-1 {
		f /= unit
		i++
	}
	if i < 0 {
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	prec := 0
	switch {
	case f < 10:
		prec = 2
	case f < 100:
		prec = 1
	}
	return strconv.FormatFloat(f, 'f', prec, 64) + suffixes[i]
}

// FormatShare renders a fraction as a percentage in at most six cells.
func FormatShare(frac float64) string {
	if math.IsNaN(frac) || frac < 0 {
		frac = 0
	}
	if frac > 1 {
		frac = 1
	}
	return strconv.FormatFloat(frac*100, 'f', 1, 64) + "%"
}

// FormatWindow renders a window the way the keys name it: 1m, 5m, 15m, 1h.
func FormatWindow(d time.Duration) string {
	switch {
	case d <= 0:
		return "all"
	case d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	case d%time.Minute == 0:
		return strconv.FormatInt(int64(d/time.Minute), 10) + "m"
	case d%time.Second == 0:
		return strconv.FormatInt(int64(d/time.Second), 10) + "s"
	}
	return d.String()
}

// FormatLag renders a delay compactly (850ms, 12s, 3m05s).
func FormatLag(d time.Duration) string {
	switch {
	case d <= 0:
		return "0s"
	case d < time.Second:
		return strconv.FormatInt(int64(d/time.Millisecond), 10) + "ms"
	case d < time.Minute:
		return strconv.FormatInt(int64(d/time.Second), 10) + "s"
	case d < time.Hour:
		return strconv.FormatInt(int64(d/time.Minute), 10) + "m" + pad2(int64(d%time.Minute/time.Second)) + "s"
	}
	return strconv.FormatInt(int64(d/time.Hour), 10) + "h" + pad2(int64(d%time.Hour/time.Minute)) + "m"
}

func pad2(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// fit makes s exactly width cells wide: cut (without a tail) or padded with
// spaces. s may hold style sequences; they are measured as zero width.
func fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	w := ansi.StringWidth(s)
	switch {
	case w == width:
		return s
	case w > width:
		s = ansi.Truncate(s, width, "")
		w = ansi.StringWidth(s)
	}
	return s + strings.Repeat(" ", width-w)
}

// padLeft right-aligns s in width cells (s is returned as is when wider).
func padLeft(s string, width int) string {
	w := ansi.StringWidth(s)
	if w >= width {
		return s
	}
	return strings.Repeat(" ", width-w) + s
}
