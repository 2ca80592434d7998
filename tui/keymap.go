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
	// Drill opens the raw lines behind the selected row.
	Drill key.Binding
	// Overview shows the streams overview tab (several streams open).
	Overview key.Binding
	// Sources shows the sources' health.
	Sources key.Binding
	// Page switches between the traffic and the incidents panes when the
	// screen is too small for all of them.
	Page key.Binding
	// Copy puts the selected row's key, the tail's lines or the selected
	// drill-down line (pretty JSON when shown in full) on the clipboard:
	// only ever on this explicit key.
	Copy key.Binding
	// Mouse turns mouse capture off and on again: off, the terminal's own
	// text selection works.
	Mouse key.Binding
	// Scroll moves inside the focused pane.
	Scroll ScrollKeyMap
	// DrillDown is what the drill-down answers to; Remap keeps its shared
	// bindings (help, quit, pause, scrolling) equal to the ones above.
	DrillDown DrillKeyMap
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
		Drill:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "lines")),
		Overview:    key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "overview")),
		Sources:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sources")),
		Page:        key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "incidents")),
		Copy:        key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy")),
		Mouse:       key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "mouse on/off")),
		Scroll:      DefaultScrollKeyMap(),
		DrillDown:   DefaultDrillKeyMap(),
	}
}

// ShortHelp is the one-line help bar, most needed first (the bar is cut
// at the right on narrow screens).
func (k KeyMap) ShortHelp() []key.Binding {
	// [ and ] share one entry, shown only when they are enabled.
	streams := key.NewBinding(key.WithKeys(k.PrevStream.Keys()...),
		key.WithHelp(k.PrevStream.Help().Key+" "+k.NextStream.Help().Key, "stream"))
	streams.SetEnabled(k.NextStream.Enabled())
	return []key.Binding{k.Help, k.Quit, k.Drill, k.Page, k.Window, streams, k.NextPane, k.Pause, k.Sources, k.Overview, k.Filter, k.Unparsed}
}

// FullHelp is the help screen shown with `?`, in four columns that fit
// 80 cells.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Window, k.CycleWindow, k.Pause, k.Copy, k.Mouse, k.Help, k.Quit},
		{k.NextPane, k.PrevPane, k.Scroll.Up, k.Scroll.Down, k.Scroll.PageUp, k.Scroll.PageDown},
		{k.Scroll.Top, k.Scroll.Bottom, k.Drill, k.Page, k.Sources, k.Overview},
		{k.Filter, k.ClearFilter, k.Unparsed, k.NextStream, k.PrevStream},
	}
}

// DrillKeyMap is what the drill-down view answers to.
type DrillKeyMap struct {
	Back   key.Binding
	Refine key.Binding
	Pretty key.Binding
	Text   key.Binding
	Follow key.Binding
	Help   key.Binding
	Quit   key.Binding
	Pause  key.Binding
	Scroll ScrollKeyMap
}

// DefaultDrillKeyMap returns the default drill-down bindings.
func DefaultDrillKeyMap() DrillKeyMap {
	sc := DefaultScrollKeyMap()
	return DrillKeyMap{
		Back:   key.NewBinding(key.WithKeys("esc", "backspace"), key.WithHelp("esc", "back")),
		Refine: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "add filter")),
		Pretty: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pretty")),
		Text:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "text filter")),
		Follow: key.NewBinding(key.WithKeys(sc.Bottom.Keys()...), key.WithHelp("G", "follow")),
		Help:   key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:   key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Pause:  key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "pause")),
		Scroll: sc,
	}
}

// ShortHelp is the help bar of the drill-down.
func (k DrillKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Back, k.Refine, k.Pretty, k.Text, k.Follow, k.Scroll.Up, k.Pause, k.Help, k.Quit}
}

// FullHelp is the drill-down help shown with `?`.
func (k DrillKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Back, k.Refine, k.Pretty, k.Text},
		{k.Scroll.Up, k.Scroll.Down, k.Scroll.PageUp, k.Scroll.PageDown},
		{k.Scroll.Top, k.Follow, k.Pause, k.Quit},
	}
}

// ChooserKeyMap moves in the drill-down's "add filter" chooser.
type ChooserKeyMap struct {
	Prev   key.Binding
	Next   key.Binding
	Apply  key.Binding
	Cancel key.Binding
}

// DefaultChooserKeyMap returns the default chooser bindings.
func DefaultChooserKeyMap() ChooserKeyMap {
	return ChooserKeyMap{
		Prev:   key.NewBinding(key.WithKeys("left", "h", "shift+tab"), key.WithHelp("←", "previous")),
		Next:   key.NewBinding(key.WithKeys("right", "l", "tab"), key.WithHelp("→", "next")),
		Apply:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "add")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// ShortHelp is the help bar while choosing.
func (k ChooserKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Prev, k.Next, k.Apply, k.Cancel}
}

// FullHelp is the same as ShortHelp.
func (k ChooserKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

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
