// Package tui owns the bubbletea program of tailtop: the panes (top actors,
// top targets, statuses, rate, spikes, AccessDenied, alerts, live tail) as
// components with their own key bindings and sizes, the full-body views
// (drill-down to the raw lines, the streams overview, the sources), the
// alert banner and bell, the keymap and help bar, the layout that reflows
// them from 80x24 up, and the loop that asks a Provider for snapshots a few
// times a second. It only reads snapshots and drill-down results and sends
// choices (window, filter, drill-down query) back; everything it shows from
// a log goes through tui/safe.
package tui

import (
	"time"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/themes"
)

// Provider is where the screen gets its data; the analyze engine satisfies
// it. All methods are called from the program's event loop and must be safe
// to call while data is being ingested.
type Provider interface {
	// Snapshot returns a copied, consistent view for the options.
	Snapshot(opts analyze.SnapshotOptions) analyze.Snapshot
	// Version increases whenever new data was ingested; the screen asks
	// for a snapshot only when it changed (or when the options did).
	Version() uint64
	// Sources returns the health of every source.
	Sources() []feed.Status
	// Drill returns the raw lines behind a number: the matching lines still in the engine's
	// bounded event ring (history), oldest first, at most q.Limit; with q.After set only those
	// with Seq > After (new arrivals). Lines are untrusted text.
	Drill(q analyze.Query) []analyze.TailLine
}

// Options configure the program. The zero value is usable.
type Options struct {
	// Theme styles the screen; the zero Theme means themes.Default(). An
	// automatic theme (Theme.Auto, from themes.Resolve of "" or "auto")
	// follows the terminal's background and color profile (theme_auto.go).
	Theme themes.Theme
	// Window is the initial aggregation window; 0 means one minute.
	Window time.Duration
	// TopN is the length of the top lists asked for (default 10; a taller
	// pane asks for as many rows as it shows).
	TopN int
	// RefreshInterval is how often the screen looks for new data (default
	// 250ms): the batching that keeps redraws to a few per second.
	RefreshInterval time.Duration
	// Now is the clock (for tests); nil means time.Now.
	Now func() time.Time
	// Title is shown at the top left (default "tailtop").
	Title string
	// Bell rings the terminal bell, once, when an alert rule starts firing.
	Bell bool
	// DrillLines bounds the raw lines a drill-down keeps and asks for
	// (default 1000): history first, then arrivals, oldest dropped.
	DrillLines int
	// Keys are the key bindings (nil: DefaultKeyMap), remapped from the
	// config file with KeyMap.Remap.
	Keys *KeyMap
	// NoMouse starts with mouse capture off (the mouse key turns it on).
	NoMouse bool
}

// Defaults of Options.
const (
	DefaultWindow          = time.Minute
	DefaultTopN            = 10
	DefaultRefreshInterval = 250 * time.Millisecond
	DefaultTitle           = "tailtop"
	DefaultDrillLines      = 1000
	// tailKeep is how many recent lines a snapshot carries for the tail
	// pane: enough to scroll back a few screens, small enough to copy
	// several times a second.
	tailKeep = 200
	// minRateSeconds is the least rate history asked for.
	minRateSeconds = 60
)

// withDefaults fills in the zero fields of o.
func (o Options) withDefaults() Options {
	if o.Theme.Name == "" {
		o.Theme = themes.Default()
	}
	if o.Window <= 0 {
		o.Window = DefaultWindow
	}
	if o.TopN <= 0 {
		o.TopN = DefaultTopN
	}
	if o.RefreshInterval <= 0 {
		o.RefreshInterval = DefaultRefreshInterval
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Title == "" {
		o.Title = DefaultTitle
	}
	if o.DrillLines <= 0 {
		o.DrillLines = DefaultDrillLines
	}
	return o
}
