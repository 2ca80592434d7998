package themes

import "charm.land/lipgloss/v2"

// Styles is everything a theme decides: the lipgloss styles of each kind of
// text on screen and the glyphs of borders, bars and sparklines. It is a
// plain value (copy it, compare fields, fill it from a file); nothing in it
// points at shared state.
type Styles struct {
	// Title is a pane title; FocusedTitle the title of the focused pane.
	Title        lipgloss.Style
	FocusedTitle lipgloss.Style
	// Border paints pane borders; FocusedBorder the focused pane's.
	Border        lipgloss.Style
	FocusedBorder lipgloss.Style
	// Header is the top line (program title, window, clock).
	Header lipgloss.Style
	// Tab is a stream tab, ActiveTab the selected one.
	Tab       lipgloss.Style
	ActiveTab lipgloss.Style

	// Key is a key of a top list (an IP, a path, a principal).
	Key lipgloss.Style
	// Count is a number; Share a percentage; Dim secondary text.
	Count lipgloss.Style
	Share lipgloss.Style
	Dim   lipgloss.Style
	// Bar is the filled part of a share bar; BarEmpty its rest.
	Bar      lipgloss.Style
	BarEmpty lipgloss.Style
	// Sparkline paints the event rate chart, ByteSparkline the bytes chart.
	Sparkline     lipgloss.Style
	ByteSparkline lipgloss.Style

	// OK, Warn and Error tone statuses, source states and failed lines.
	OK    lipgloss.Style
	Warn  lipgloss.Style
	Error lipgloss.Style

	// TailLine is a raw line of the live tail, TailTime its arrival time.
	TailLine lipgloss.Style
	TailTime lipgloss.Style
	// FilterPrompt precedes the tail filter input.
	FilterPrompt lipgloss.Style

	// Footer is the sources/status line; Paused the pause marker.
	Footer lipgloss.Style
	Paused lipgloss.Style

	// Alert is the banner of a firing alert rule and the title of the pane
	// it concerns; AlertBorder that pane's border.
	Alert       lipgloss.Style
	AlertBorder lipgloss.Style
	// Spike paints the seconds of a rate chart that lie inside a spike.
	Spike lipgloss.Style
	// Match is a drill-down filter's value where it occurs in a raw line.
	Match lipgloss.Style
	// Sampled is the marker shown while counts come from sampled data.
	Sampled lipgloss.Style
	// HelpKey, HelpDesc and HelpSep style the help bar.
	HelpKey  lipgloss.Style
	HelpDesc lipgloss.Style
	HelpSep  lipgloss.Style

	Glyphs Glyphs
}

// Glyphs are the characters a theme draws with, so that a theme for a
// limited font (or plain ASCII) can replace them.
type Glyphs struct {
	// PaneBorder frames a pane; FocusedPaneBorder frames the focused one, so
	// that focus stays visible without colors.
	PaneBorder        lipgloss.Border
	FocusedPaneBorder lipgloss.Border
	// BarFull fills a share bar, BarEmpty pads it.
	BarFull  string
	BarEmpty string
	// Spark lists the sparkline levels from lowest to highest; its first
	// rune draws a zero.
	Spark string
	// Dot marks a source's state in the footer.
	Dot string
	// AlertPaneBorder frames a pane whose alert rule fires, so that the
	// alarm shows without colors too.
	AlertPaneBorder lipgloss.Border
	// Cursor marks the selected row of the focused pane (drawn in its left
	// border, so that selecting moves no text).
	Cursor string
	// SpikeMark underlines the seconds of a rate chart inside a spike.
	SpikeMark string
}

// unicodeGlyphs are the glyphs of the built-in themes.
func unicodeGlyphs() Glyphs {
	return Glyphs{
		PaneBorder:        lipgloss.RoundedBorder(),
		FocusedPaneBorder: lipgloss.ThickBorder(),
		BarFull:           "█",
		BarEmpty:          "░",
		Spark:             " ▁▂▃▄▅▆▇█",
		Dot:               "●",
		AlertPaneBorder:   lipgloss.DoubleBorder(),
		Cursor:            "▸",
		SpikeMark:         "▔",
	}
}

// palette is the handful of colors a color theme is made of.
type palette struct {
	fg, dim, accent, border, focus, bar, spark, bytes, ok, warn, err, tabBg string
	// alertFg is the text on the err and warn backgrounds (banner, match).
	alertFg string
}

// colorStyles builds a color theme from a palette.
func colorStyles(p palette) Styles {
	c := lipgloss.Color
	s := lipgloss.NewStyle
	return Styles{
		Title:         s().Foreground(c(p.accent)).Bold(true),
		FocusedTitle:  s().Foreground(c(p.focus)).Bold(true),
		Border:        s().Foreground(c(p.border)),
		FocusedBorder: s().Foreground(c(p.focus)),
		Header:        s().Foreground(c(p.accent)).Bold(true),
		Tab:           s().Foreground(c(p.dim)),
		ActiveTab:     s().Foreground(c(p.fg)).Background(c(p.tabBg)).Bold(true),
		Key:           s().Foreground(c(p.fg)),
		Count:         s().Foreground(c(p.fg)).Bold(true),
		Share:         s().Foreground(c(p.dim)),
		Dim:           s().Foreground(c(p.dim)),
		Bar:           s().Foreground(c(p.bar)),
		BarEmpty:      s().Foreground(c(p.border)),
		Sparkline:     s().Foreground(c(p.spark)),
		ByteSparkline: s().Foreground(c(p.bytes)),
		OK:            s().Foreground(c(p.ok)),
		Warn:          s().Foreground(c(p.warn)),
		Error:         s().Foreground(c(p.err)).Bold(true),
		TailLine:      s().Foreground(c(p.fg)),
		TailTime:      s().Foreground(c(p.dim)),
		FilterPrompt:  s().Foreground(c(p.accent)).Bold(true),
		Footer:        s().Foreground(c(p.dim)),
		Paused:        s().Foreground(c(p.warn)).Bold(true).Reverse(true),
		HelpKey:       s().Foreground(c(p.accent)),
		HelpDesc:      s().Foreground(c(p.dim)),
		HelpSep:       s().Foreground(c(p.border)),
		Alert:         s().Foreground(c(p.alertFg)).Background(c(p.err)).Bold(true),
		AlertBorder:   s().Foreground(c(p.err)).Bold(true),
		Spike:         s().Foreground(c(p.err)),
		Match:         s().Foreground(c(p.alertFg)).Background(c(p.warn)).Bold(true),
		Sampled:       s().Foreground(c(p.warn)).Bold(true),
		Glyphs:        unicodeGlyphs(),
	}
}

func darkStyles() Styles {
	return colorStyles(palette{
		fg: "#C0CAF5", dim: "#737AA2", accent: "#7AA2F7", border: "#3B4261",
		focus: "#FF9E64", bar: "#7DCFFF", spark: "#BB9AF7", bytes: "#2AC3DE",
		ok: "#9ECE6A", warn: "#E0AF68", err: "#F7768E", tabBg: "#3B4261",
		alertFg: "#1A1B26",
	})
}

func lightStyles() Styles {
	return colorStyles(palette{
		fg: "#343B58", dim: "#6C6E75", accent: "#34548A", border: "#A8AECB",
		focus: "#965027", bar: "#166775", spark: "#5A4A78", bytes: "#0F4B6E",
		ok: "#385F0D", warn: "#8F5E15", err: "#8C4351", tabBg: "#D5D6DB",
		alertFg: "#FFFFFF",
	})
}

// monoStyles carries emphasis without color: bold for what matters, reverse
// for the selected tab and the pause marker, a thick border for focus.
func monoStyles() Styles {
	s := lipgloss.NewStyle
	return Styles{
		Title:        s().Bold(true),
		FocusedTitle: s().Bold(true).Reverse(true),
		Header:       s().Bold(true),
		ActiveTab:    s().Reverse(true),
		Count:        s().Bold(true),
		Error:        s().Bold(true),
		Warn:         s().Underline(true),
		FilterPrompt: s().Bold(true),
		Paused:       s().Bold(true).Reverse(true),
		HelpKey:      s().Bold(true),
		Alert:        s().Bold(true).Reverse(true),
		AlertBorder:  s().Bold(true),
		Spike:        s().Bold(true),
		Match:        s().Reverse(true),
		Sampled:      s().Bold(true),
		Glyphs:       unicodeGlyphs(),
	}
}

// plainStyles has no attributes at all: only the glyphs tell things apart.
func plainStyles() Styles {
	return Styles{Glyphs: unicodeGlyphs()}
}
