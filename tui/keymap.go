package tui

import "charm.land/bubbles/v2/key"

// KeyMap holds the program-wide bindings; it feeds the help bar.
type KeyMap struct {
	Help        key.Binding
	Quit        key.Binding
	Window      key.Binding // 1-4: pick a window
	CycleWindow key.Binding
	Pause       key.Binding
	NextPane    key.Binding
	PrevPane    key.Binding
	Filter      key.Binding
	ClearFilter key.Binding
	Unparsed    key.Binding
	NextStream  key.Binding
	PrevStream  key.Binding
	// Scroll moves inside the focused pane.
	Scroll ScrollKeyMap
}

// DefaultKeyMap returns the default bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:        key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Window:      key.NewBinding(key.WithKeys("1", "2", "3", "4"), key.WithHelp("1-4", "window")),
		CycleWindow: key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "next window")),
		Pause:       key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "pause")),
		NextPane:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "focus")),
		PrevPane:    key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "focus back")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		Unparsed:    key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "unparsed")),
		NextStream:  key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next stream")),
		PrevStream:  key.NewBinding(key.WithKeys("["), key.WithHelp("[", "prev stream")),
		Scroll:      DefaultScrollKeyMap(),
	}
}

// ShortHelp is the one-line help bar, most needed first (the bar is cut
// at the right on narrow screens).
func (k KeyMap) ShortHelp() []key.Binding {
	// [ and ] share one entry, shown only when they are enabled.
	streams := key.NewBinding(key.WithKeys(k.PrevStream.Keys()...), key.WithHelp("[ ]", "stream"))
	streams.SetEnabled(k.NextStream.Enabled())
	return []key.Binding{k.Help, k.Quit, k.Window, k.Pause, streams, k.NextPane, k.Filter, k.Unparsed}
}

// FullHelp is the help shown with `?`, in columns.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Window, k.CycleWindow, k.Pause, k.Quit},
		{k.NextPane, k.PrevPane, k.Scroll.Up, k.Scroll.Down},
		{k.Scroll.PageUp, k.Scroll.PageDown, k.Scroll.Top, k.Scroll.Bottom},
		{k.Filter, k.ClearFilter, k.Unparsed, k.Help},
		{k.NextStream, k.PrevStream},
	}
}

// ScrollKeyMap moves inside a pane.
type ScrollKeyMap struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
}

// DefaultScrollKeyMap returns the default scroll bindings.
func DefaultScrollKeyMap() ScrollKeyMap {
	return ScrollKeyMap{
		Up:       key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
	}
}
