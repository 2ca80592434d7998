package themes

import "charm.land/lipgloss/v2"

// slot is one style of Styles as a theme file names it.
type slot struct {
	key string
	get func(*Styles) *lipgloss.Style
	doc string
}

// slots lists every style of Styles, in the order the example file and the
// documentation show them. A test checks that it covers the struct.
var slots = []slot{
	{"header", func(s *Styles) *lipgloss.Style { return &s.Header }, "the top line: program title, window, clock"},
	{"tab", func(s *Styles) *lipgloss.Style { return &s.Tab }, "a stream tab"},
	{"active_tab", func(s *Styles) *lipgloss.Style { return &s.ActiveTab }, "the selected stream tab"},
	{"title", func(s *Styles) *lipgloss.Style { return &s.Title }, "a pane title"},
	{"focused_title", func(s *Styles) *lipgloss.Style { return &s.FocusedTitle }, "the focused pane's title"},
	{"border", func(s *Styles) *lipgloss.Style { return &s.Border }, "pane borders"},
	{"focused_border", func(s *Styles) *lipgloss.Style { return &s.FocusedBorder }, "the focused pane's border"},
	{"key", func(s *Styles) *lipgloss.Style { return &s.Key }, "a key of a top list (an IP, a path, a principal)"},
	{"count", func(s *Styles) *lipgloss.Style { return &s.Count }, "a number"},
	{"share", func(s *Styles) *lipgloss.Style { return &s.Share }, "a percentage"},
	{"dim", func(s *Styles) *lipgloss.Style { return &s.Dim }, "secondary text"},
	{"bar", func(s *Styles) *lipgloss.Style { return &s.Bar }, "the filled part of a share bar"},
	{"bar_empty", func(s *Styles) *lipgloss.Style { return &s.BarEmpty }, "the rest of a share bar"},
	{"sparkline", func(s *Styles) *lipgloss.Style { return &s.Sparkline }, "the event rate chart"},
	{"byte_sparkline", func(s *Styles) *lipgloss.Style { return &s.ByteSparkline }, "the bytes chart"},
	{"ok", func(s *Styles) *lipgloss.Style { return &s.OK }, "good statuses and source states"},
	{"warn", func(s *Styles) *lipgloss.Style { return &s.Warn }, "warning statuses and source states"},
	{"error", func(s *Styles) *lipgloss.Style { return &s.Error }, "failed statuses, sources and lines"},
	{"tail_line", func(s *Styles) *lipgloss.Style { return &s.TailLine }, "a raw line of the live tail"},
	{"tail_time", func(s *Styles) *lipgloss.Style { return &s.TailTime }, "a tail line's arrival time"},
	{"filter_prompt", func(s *Styles) *lipgloss.Style { return &s.FilterPrompt }, "the prompt before the tail filter"},
	{"footer", func(s *Styles) *lipgloss.Style { return &s.Footer }, "the sources/status line"},
	{"paused", func(s *Styles) *lipgloss.Style { return &s.Paused }, "the pause marker"},
	{"alert", func(s *Styles) *lipgloss.Style { return &s.Alert }, "the banner of a firing alert, and its pane's title"},
	{"alert_border", func(s *Styles) *lipgloss.Style { return &s.AlertBorder }, "the border of a pane whose alert fires"},
	{"spike", func(s *Styles) *lipgloss.Style { return &s.Spike }, "seconds of a rate chart inside a spike"},
	{"match", func(s *Styles) *lipgloss.Style { return &s.Match }, "a drill-down filter's value inside a raw line"},
	{"sampled", func(s *Styles) *lipgloss.Style { return &s.Sampled }, "the marker of counts from sampled data"},
	{"help_key", func(s *Styles) *lipgloss.Style { return &s.HelpKey }, "a key in the help bar"},
	{"help_desc", func(s *Styles) *lipgloss.Style { return &s.HelpDesc }, "what a key does, in the help bar"},
	{"help_sep", func(s *Styles) *lipgloss.Style { return &s.HelpSep }, "separators in the help bar"},
}

// slotByKey finds a slot by its file key.
func slotByKey(key string) (slot, bool) {
	for _, s := range slots {
		if s.key == key {
			return s, true
		}
	}
	return slot{}, false
}

// SlotKeys returns the style keys a theme file may set, in documentation
// order.
func SlotKeys() []string {
	out := make([]string, len(slots))
	for i, s := range slots {
		out[i] = s.key
	}
	return out
}
