package tui

import (
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/themes"
	"github.com/tailtop/tailtop/tui/safe"
)

// The header and the footer's status line: pure functions of what they show.

// streamTab is what the header knows of a stream.
type streamTab struct {
	name, format string
}

// headerLine renders the top line: the title, the stream tabs (or the one
// stream's name and format), and at the right the SAMPLED marker (while
// any count comes from sampled data) and the snapshot time.
func headerLine(title string, tabs []streamTab, active int, now time.Time, sampled bool, width int, st themes.Styles) string {
	if width <= 0 {
		return ""
	}
	right := ""
	if sampled {
		right = " " + st.Sampled.Render("SAMPLED")
	}
	if !now.IsZero() {
		right += " " + st.Dim.Render(now.Format("15:04:05"))
	}
	left := st.Header.Render(ansi.Truncate(title, max(width/3, 1), "…")) + " "
	avail := width - ansi.StringWidth(left) - ansi.StringWidth(right)
	var mid string
	switch len(tabs) {
	case 0:
		mid = st.Dim.Render("waiting for data")
	case 1:
		mid = st.Key.Render(safe.Text(tabs[0].name))
		if tabs[0].format != "" {
			mid += st.Dim.Render(" · " + safe.Text(tabs[0].format))
		}
	default:
		mid = tabBar(tabs, active, avail, st)
	}
	mid = ansi.Truncate(mid, max(avail, 0), "…")
	return fit(left+mid+fitRight(right, width, left, mid), width)
}

// fitRight returns right when the line has room for it, "" otherwise.
func fitRight(right string, width int, parts ...string) string {
	used := 0
	for _, p := range parts {
		used += ansi.StringWidth(p)
	}
	if used+ansi.StringWidth(right) > width {
		return ""
	}
	return strings.Repeat(" ", width-used-ansi.StringWidth(right)) + right
}

// tabBar renders the stream tabs in at most width cells, starting late
// enough that the active tab is visible.
func tabBar(tabs []streamTab, active, width int, st themes.Styles) string {
	labels := make([]string, len(tabs))
	for i, t := range tabs {
		// Brackets mark the active tab even without any style.
		open, closing := " ", " "
		if i == active {
			open, closing = "[", "]"
		}
		labels[i] = open + ansi.Truncate(safe.Text(t.name), 24, "…") + closing
	}
	first := 0
	for first < active {
		w := 0
		for i := first; i <= active; i++ {
			w += ansi.StringWidth(labels[i]) + 1
		}
		if w <= width {
			break
		}
		first++
	}
	var b strings.Builder
	if first > 0 {
		b.WriteString(st.Dim.Render("‹"))
	}
	for i := first; i < len(labels); i++ {
		style := st.Tab
		if i == active {
			style = st.ActiveTab
		}
		b.WriteString(style.Render(labels[i]))
		if i < len(labels)-1 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// statusLine renders the footer's first line: the sources and their state
// at the left; lines/s, the window and the pause marker at the right, which
// always stays visible.
func statusLine(sources []feed.Status, linesPerSec float64, window time.Duration, paused bool, pausedAt time.Time, width int, st themes.Styles) string {
	if width <= 0 {
		return ""
	}
	sep := st.Dim.Render(" │ ")
	right := st.Footer.Render(FormatRate(linesPerSec)+" lines/s") + sep + st.Footer.Render("window ") + st.Count.Render(FormatWindow(window))
	if paused {
		marker := " PAUSED "
		if !pausedAt.IsZero() {
			marker = " PAUSED " + pausedAt.Format("15:04:05") + " "
		}
		right += " " + st.Paused.Render(marker)
	}
	if ansi.StringWidth(right) > width {
		return fit(right, width)
	}
	avail := width - ansi.StringWidth(right) - ansi.StringWidth(sep)
	left := ansi.Truncate(sourcesText(sources, st), max(avail, 0), "…")
	if avail <= 0 {
		return fit(padLeft(right, width), width)
	}
	return fit(left+strings.Repeat(" ", avail-ansi.StringWidth(left))+sep+right, width)
}

// sourcesText is "● access.log following  ● kinesis://x reconnecting ✗3".
func sourcesText(sources []feed.Status, st themes.Styles) string {
	if len(sources) == 0 {
		return st.Dim.Render("no sources")
	}
	parts := make([]string, 0, len(sources))
	for _, s := range sources {
		style := sourceStyle(s.State, st)
		p := style.Render(st.Glyphs.Dot) + " " + st.Key.Render(safe.Line(s.Name, 40)) + " " + style.Render(safe.Text(s.State))
		if s.Errors > 0 {
			p += st.Error.Render(" ✗" + FormatCount(s.Errors))
		}
		if s.Lag > 0 {
			p += st.Dim.Render(" lag " + FormatLag(s.Lag))
		}
		if s.Sampled {
			p += st.Warn.Render(" sampled")
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "  ")
}

// sourceStyle tones a source state.
func sourceStyle(state string, st themes.Styles) lipgloss.Style {
	switch state {
	case "reading", "following", "live", "polling", "publishing":
		return st.OK
	case "waiting", "reconnecting", "retrying", "starting":
		return st.Warn
	case "error":
		return st.Error
	}
	return st.Dim
}
